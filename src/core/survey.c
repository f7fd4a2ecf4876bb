/*
 * survey.c - survey data: import, types, variables, linking to cases (see
 * survey.h).
 *
 * An import reads the whole file first (csvread.c), checks every row and
 * infers every type before it writes anything, so a bad file leaves the
 * project as it was. Re-import is an upsert by survey id and variable name:
 * rows and variables that stay keep their ids and a row its link to a case;
 * every value is written afresh (the values are the survey). What stays is
 * found by marking: before the import every row's line and every
 * variable's position is set to NULL/-1, the upserts set them again, and
 * what is still marked is removed. Statements are prepared once and the
 * values are inserted in (variable, row) order, the table's own order.
 */
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "braid/alloc.h"
#include "braid/csvread.h"
#include "braid/json.h"
#include "braid/strbuf.h"
#include "braid/survey.h"
#include "db.h"

/* ---- small helpers ---- */

static void json_quote(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			strbuf_addf(sb, "\\%c", ch);
		else if (ch < 0x20)
			strbuf_addf(sb, "\\u%04x", ch);
		else
			strbuf_addch(sb, ch);
	}
	strbuf_addch(sb, '"');
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A number as people write it, in the C locale whatever LC_NUMERIC says; with
 * decimal_comma, "4,5" is four and a half (a spreadsheet writing ';' between
 * fields writes ',' in numbers). No hex, infinities or NaN. c is the C locale,
 * made once per import (newlocale per value cost more than the parse).
 */
static int parse_number(const char *s, int decimal_comma, locale_t c, double *out)
{
	char buf[64];
	size_t n = strlen(s), i;
	locale_t old;
	char *end;

	if (!n || n >= sizeof(buf))
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == ',' && decimal_comma)
			ch = '.';
		if (!(isdigit((unsigned char)ch) || ch == '.' || ch == '-' || ch == '+' ||
		      ch == 'e' || ch == 'E'))
			return 0;
		buf[i] = ch;
	}
	buf[n] = 0;
	old = uselocale(c);
	*out = strtod(buf, &end);
	uselocale(old);
	return *end == 0 && end != buf && isfinite(*out);
}

/* The words of a binary variable, in pairs (false first) */
static const char *const binary_words[][2] = {
    {"0", "1"},
    {"no", "yes"},
    {"false", "true"},
    {"n", "y"},
};

/* 0 or 1 for a binary word, -1 for another value. */
static int binary_value(const char *s)
{
	for (size_t i = 0; i < sizeof(binary_words) / sizeof(binary_words[0]); i++)
		for (int b = 0; b < 2; b++)
			if (!strcasecmp(s, binary_words[i][b]))
				return b;
	return -1;
}

/* The pair of binary words s belongs to, or -1. */
static int pair_of(const char *s)
{
	for (size_t i = 0; i < sizeof(binary_words) / sizeof(binary_words[0]); i++)
		if (!strcasecmp(s, binary_words[i][0]) || !strcasecmp(s, binary_words[i][1]))
			return (int)i;
	return -1;
}

static int is_missing(const char *s, const struct braid_survey_import_opts *o)
{
	if (!s || !strcasecmp(s, "NA") || !strcasecmp(s, "N/A") || !strcmp(s, "."))
		return 1;
	for (size_t i = 0; i < o->nna; i++)
		if (!strcmp(s, o->na[i]))
			return 1;
	return 0;
}

/* ---- import ---- */

void braid_survey_import_result_release(struct braid_survey_import_result *r)
{
	for (size_t i = 0; i < r->nbad; i++)
		free(r->bad[i].why);
	free(r->bad);
	memset(r, 0, sizeof(*r));
}

static void add_bad(struct braid_survey_import_result *r, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_bad(struct braid_survey_import_result *r, size_t line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->bad = xrealloc(r->bad, (r->nbad + 1) * sizeof(*r->bad));
	r->bad[r->nbad].line = line;
	r->bad[r->nbad].why = strbuf_detach(&sb, NULL);
	r->nbad++;
}

/* A row's id folded for comparison (ASCII case), with its row index. */
struct id_ref {
	char *folded;
	size_t row;
};

static int cmp_id_ref(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	int c = strcmp(x->folded, y->folded);

	return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* One column: its inferred (or kept) type and levels. */
struct column {
	const char *name;
	size_t idx;
	enum braid_survey_type type;
	struct strbuf levels; /* JSON array, empty for numeric */
	int typed;
};

/* The variable `name` typed by hand earlier: its type and levels; 0 when there is none. */
static int typed_before(struct braid_store *st, const char *name, enum braid_survey_type *type,
			char **levels, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st, "SELECT type, levels FROM survey_vars WHERE name = ?1 AND typed",
			    &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, name, -1);
	rc = db_one(st, s, "cannot read a survey variable", err);
	if (rc == 1) {
		*type = (enum braid_survey_type)braid_vocab_parse(&braid_vocab_survey_type,
								  db_col_text(s, 0));
		*levels = db_col_null(s, 1) ? xstrdup(db_col_text(s, 1)) : NULL;
	}
	sqlite3_finalize(s);
	return rc;
}

/* 1 when the JSON array `levels` holds s (the levels are few: a scan). */
static int in_levels(char *const *lv, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(lv[i], s))
			return 1;
	return 0;
}

struct strs {
	char **v;
	size_t n;
};

static int add_str(sqlite3_stmt *s, void *ctx)
{
	struct strs *l = ctx;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(db_col_text(s, 0));
	return 0;
}

/* The levels (a JSON array) as owned strings in order, into *out; their number. */
static int split_levels(struct braid_store *st, const char *json, char ***out, size_t *n,
			struct braid_err *err)
{
	struct strs l = {NULL, 0};
	sqlite3_stmt *s;
	int rc = 0;

	if (json &&
	    !(rc = db_prepare(st, "SELECT value FROM json_each(?1) ORDER BY key", &s, err))) {
		db_bind_text(s, 1, json, -1);
		rc = db_each(st, s, add_str, &l, "cannot read a variable's levels", err);
		sqlite3_finalize(s);
	}
	*out = l.v;
	*n = l.n;
	return rc;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * Infers column col's type from the good rows' values (distinct values
 * sorted), or keeps the type set by hand when every value still fits it.
 */
static int infer_column(struct braid_store *st, struct column *col, const struct braid_csv *csv,
			const char *good, const struct braid_survey_import_opts *o,
			int decimal_comma, locale_t c_locale, struct braid_err *err)
{
	const char **vals = xmalloc((csv->nrow + 1) * sizeof(*vals));
	size_t n = 0, nd = 0;
	int numeric = 1, binary = 1, rc;
	enum braid_survey_type kept = BRAID_SURVEY_CATEGORICAL;
	char *kept_levels = NULL;

	for (size_t r = 1; r < csv->nrow; r++) {
		const char *t = good[r] ? csv->row[r].cell[col->idx].text : NULL;
		double x;

		if (is_missing(t, o))
			continue;
		vals[n++] = t;
		if (numeric && !parse_number(t, decimal_comma, c_locale, &x))
			numeric = 0;
		if (binary && binary_value(t) < 0)
			binary = 0;
	}
	qsort(vals, n, sizeof(*vals), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(vals[i], vals[i - 1]))
			vals[nd++] = vals[i];
	/*
	 * binary: every value a word of one pair (0/1, no/yes, ...; any case),
	 * both words present
	 */
	if (binary && nd >= 2) {
		int pair = -1, seen[2] = {0, 0};

		for (size_t i = 0; i < nd && binary; i++) {
			int p = pair_of(vals[i]);

			if (pair < 0)
				pair = p;
			binary = p == pair;
			seen[binary_value(vals[i])] = 1;
		}
		binary = binary && seen[0] && seen[1];
	} else {
		binary = 0;
	}
	col->type = binary	    ? BRAID_SURVEY_BINARY
		    : numeric && nd ? BRAID_SURVEY_NUMERIC
				    : BRAID_SURVEY_CATEGORICAL;
	strbuf_reset(&col->levels);
	if (binary) {
		/* the levels as first written in sorted order: the false word, then the true one */
		const char *w[2] = {NULL, NULL};

		for (size_t i = 0; i < nd; i++)
			if (!w[binary_value(vals[i])])
				w[binary_value(vals[i])] = vals[i];
		strbuf_addch(&col->levels, '[');
		json_quote(&col->levels, w[0]);
		strbuf_addch(&col->levels, ',');
		json_quote(&col->levels, w[1]);
		strbuf_addch(&col->levels, ']');
	} else if (!numeric || !nd) {
		strbuf_addch(&col->levels, '[');
		for (size_t i = 0; i < nd; i++) {
			if (i)
				strbuf_addch(&col->levels, ',');
			json_quote(&col->levels, vals[i]);
		}
		strbuf_addch(&col->levels, ']');
	}
	rc = typed_before(st, col->name, &kept, &kept_levels, err);
	if (rc == 1) {
		int fits;

		if (kept == BRAID_SURVEY_NUMERIC) {
			fits = numeric;
		} else {
			char **lv;
			size_t nl;

			if ((rc = split_levels(st, kept_levels, &lv, &nl, err))) {
				free(kept_levels);
				free(vals);
				return rc;
			}
			fits = 1;
			for (size_t i = 0; i < nd && fits; i++)
				fits = in_levels(lv, nl, vals[i]);
			free_strs(lv, nl);
		}
		if (fits) {
			col->type = kept;
			col->typed = 1;
			strbuf_reset(&col->levels);
			if (kept_levels)
				strbuf_addstr(&col->levels, kept_levels);
		} else {
			braid_store_msg(
			    st, BRAID_MSG_WARNING,
			    "survey variable '%s' was set to %s, which its new values do "
			    "not fit: now %s",
			    col->name, braid_vocab_name(&braid_vocab_survey_type, (int)kept),
			    braid_vocab_name(&braid_vocab_survey_type, (int)col->type));
		}
		rc = 0;
	}
	free(kept_levels);
	free(vals);
	return rc;
}

/* Checks the rows: field counts, empty and repeated ids. good[r] = 1 for each good row. */
static void check_rows(const struct braid_csv *csv, size_t idcol, char *good,
		       struct braid_survey_import_result *r)
{
	size_t nh = csv->row[0].n, nids = 0;
	struct id_ref *ids = xmalloc(csv->nrow * sizeof(*ids));

	for (size_t i = 1; i < csv->nrow; i++) {
		const struct braid_csv_row *row = &csv->row[i];

		good[i] = 0;
		if (row->n != nh) {
			add_bad(r, row->line, "%zu field%s, the header has %zu", row->n,
				row->n == 1 ? "" : "s", nh);
			continue;
		}
		if (!row->cell[idcol].text) {
			add_bad(r, row->line, "no id (column %zu is empty)", idcol + 1);
			continue;
		}
		good[i] = 1;
		ids[nids].folded = xstrdup(row->cell[idcol].text);
		for (char *p = ids[nids].folded; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		ids[nids++].row = i;
	}
	qsort(ids, nids, sizeof(*ids), cmp_id_ref);
	for (size_t i = 1; i < nids; i++) {
		size_t first = i;

		if (strcmp(ids[i].folded, ids[i - 1].folded))
			continue;
		while (first > 0 && !strcmp(ids[first - 1].folded, ids[i].folded))
			first--;
		good[ids[i].row] = 0;
		add_bad(r, csv->row[ids[i].row].line, "id '%s' again (first on line %zu)",
			csv->row[ids[i].row].cell[idcol].text, csv->row[ids[first].row].line);
	}
	for (size_t i = 0; i < nids; i++)
		free(ids[i].folded);
	free(ids);
}

static int cmp_bad(const void *a, const void *b)
{
	const struct braid_survey_bad *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

/* Writes the survey: marks, upserts, values, removal of what is still marked. */
static int write_survey(struct braid_store *st, const char *path, const struct braid_csv *csv,
			const char *good, struct column *cols, size_t ncols, size_t idcol,
			int decimal_comma, locale_t c_locale,
			const struct braid_survey_import_opts *o,
			struct braid_survey_import_result *r, struct braid_err *err)
{
	sqlite3_stmt *var = NULL, *row = NULL, *val = NULL, *cnt = NULL;
	int64_t *var_id = xmalloc((ncols + 1) * sizeof(*var_id));
	int64_t *row_id = xmalloc(csv->nrow * sizeof(*row_id));
	int64_t before = 0;
	int rc;

	rc = db_exec(st,
		     "DELETE FROM survey_values;"
		     "UPDATE survey_rows SET line = NULL;"
		     "UPDATE survey_vars SET position = -1",
		     err);
	if (!rc)
		rc = db_prepare(st, "SELECT count(*) FROM survey_rows", &cnt, err);
	if (!rc && (rc = db_one(st, cnt, "cannot count the survey rows", err)) == 1) {
		before = sqlite3_column_int64(cnt, 0);
		sqlite3_reset(cnt);
		rc = 0;
	}
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO survey_vars(name, position, type, levels, typed, source)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET"
		    " position = excluded.position, type = excluded.type,"
		    " levels = excluded.levels, typed = excluded.typed,"
		    " source = excluded.source, imported = " NOW_SQL " RETURNING id",
		    &var, err);
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO survey_rows(survey_id, line) VALUES (?1, ?2)"
		    " ON CONFLICT(survey_id) DO UPDATE SET survey_id = excluded.survey_id,"
		    " line = excluded.line RETURNING id",
		    &row, err);
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO survey_values(var_id, row_id, text, num) VALUES (?1, ?2, ?3, ?4)",
		    &val, err);
	for (size_t c = 0; !rc && c < ncols; c++) {
		sqlite3_bind_text(var, 1, cols[c].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(var, 2, (int64_t)c);
		sqlite3_bind_text(var, 3,
				  braid_vocab_name(&braid_vocab_survey_type, (int)cols[c].type), -1,
				  SQLITE_STATIC);
		if (cols[c].levels.len)
			sqlite3_bind_text(var, 4, cols[c].levels.buf, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(var, 4);
		sqlite3_bind_int(var, 5, cols[c].typed);
		sqlite3_bind_text(var, 6, path, -1, SQLITE_STATIC);
		rc = db_one(st, var, "cannot store a survey variable", err);
		if (rc == 1) {
			var_id[c] = sqlite3_column_int64(var, 0);
			rc = db_done(st, var, "cannot store a survey variable", err);
		}
		sqlite3_reset(var);
	}
	for (size_t i = 1; !rc && i < csv->nrow; i++) {
		if (!good[i])
			continue;
		sqlite3_bind_text(row, 1, csv->row[i].cell[idcol].text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(row, 2, (int64_t)csv->row[i].line);
		rc = db_one(st, row, "cannot store a survey row", err);
		if (rc == 1) {
			row_id[i] = sqlite3_column_int64(row, 0);
			rc = db_done(st, row, "cannot store a survey row", err);
		}
		sqlite3_reset(row);
		r->rows++;
	}
	/* the values in the table's order: variable by variable */
	for (size_t c = 0; !rc && c < ncols; c++) {
		for (size_t i = 1; !rc && i < csv->nrow; i++) {
			const char *t = good[i] ? csv->row[i].cell[cols[c].idx].text : NULL;
			double x;
			int b;

			if (is_missing(t, o))
				continue;
			sqlite3_bind_int64(val, 1, var_id[c]);
			sqlite3_bind_int64(val, 2, row_id[i]);
			sqlite3_bind_text(val, 3, t, -1, SQLITE_STATIC);
			if (cols[c].type == BRAID_SURVEY_BINARY && (b = binary_value(t)) >= 0)
				sqlite3_bind_double(val, 4, b);
			else if (parse_number(t, decimal_comma, c_locale, &x))
				sqlite3_bind_double(val, 4, x);
			else
				sqlite3_bind_null(val, 4);
			rc = db_done(st, val, "cannot store a survey value", err);
		}
		if (!rc)
			rc = braid_change_checkpoint(st, csv->nrow * 24, err);
	}
	if (!rc)
		rc = db_exec(st, "DELETE FROM survey_rows WHERE line IS NULL", err);
	if (!rc) {
		r->removed_rows = (size_t)sqlite3_changes(braid_store_db(st));
		r->kept_rows = (size_t)before - r->removed_rows;
		rc = db_exec(st, "DELETE FROM survey_vars WHERE position = -1", err);
	}
	r->vars = ncols;
	sqlite3_finalize(var);
	sqlite3_finalize(row);
	sqlite3_finalize(val);
	sqlite3_finalize(cnt);
	free(var_id);
	free(row_id);
	return rc;
}

int braid_survey_import(struct braid_store *st, const char *path,
			const struct braid_survey_import_opts *o,
			struct braid_survey_import_result *r, struct braid_err *err)
{
	struct braid_csv csv = BRAID_CSV_INIT;
	struct braid_csv_opts copts = {o->delim, 1};
	struct column *cols = NULL;
	size_t ncols = 0, idcol = SIZE_MAX, nh;
	char *good = NULL;
	int rc, decimal_comma;
	locale_t c_locale;

	memset(r, 0, sizeof(*r));
	if (!o->id_col || !*o->id_col)
		return braid_errorf(err, BRAID_EINVAL,
				    "survey import needs the column of survey ids");
	c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!c_locale)
		return braid_errorf(err, BRAID_EINVAL,
				    "cannot make the C locale for reading numbers");
	if ((rc = braid_csv_read(&csv, path, "survey", &copts, err)))
		goto out;
	r->delim = csv.delim;
	decimal_comma = csv.delim == ';';
	if (!csv.nrow) {
		rc = braid_errorf(err, BRAID_EPARSE, "survey '%s' is empty: expected a header line",
				  path);
		goto out;
	}
	nh = csv.row[0].n;
	/* the header: names, none empty, none twice */
	for (size_t c = 0; c < nh; c++) {
		const struct braid_csv_cell *h = &csv.row[0].cell[c];

		if (!h->text) {
			rc = braid_errorf(
			    err, BRAID_EPARSE,
			    "survey '%s': line %zu, column %zu: a column without a name", path,
			    h->line, h->col);
			goto out;
		}
		for (size_t d = 0; d < c; d++)
			if (!strcmp(csv.row[0].cell[d].text, h->text)) {
				rc = braid_errorf(err, BRAID_EPARSE,
						  "survey '%s': line %zu, column %zu: column '%s' "
						  "again (first in column %zu)",
						  path, h->line, h->col, h->text, d + 1);
				goto out;
			}
	}
	for (size_t c = 0; c < nh && idcol == SIZE_MAX; c++)
		if (!strcmp(csv.row[0].cell[c].text, o->id_col))
			idcol = c;
	for (size_t c = 0; c < nh && idcol == SIZE_MAX; c++)
		if (!strcasecmp(csv.row[0].cell[c].text, o->id_col))
			idcol = c;
	if (idcol == SIZE_MAX) {
		struct strbuf names = STRBUF_INIT;

		for (size_t c = 0; c < nh; c++)
			strbuf_addf(&names, "%s'%s'", c ? ", " : "", csv.row[0].cell[c].text);
		rc = braid_errorf(err, BRAID_EINVAL, "survey '%s' has no column '%s' (it has %s)",
				  path, o->id_col, names.buf ? names.buf : "none");
		strbuf_release(&names);
		goto out;
	}
	good = xmalloc(csv.nrow + 1);
	check_rows(&csv, idcol, good, r);
	if (r->nbad) {
		qsort(r->bad, r->nbad, sizeof(*r->bad), cmp_bad);
		if (!o->skip_bad) {
			rc = braid_errorf(
			    err, BRAID_EPARSE,
			    "survey '%s': %zu bad row%s (first: line %zu: %s); nothing "
			    "imported",
			    path, r->nbad, r->nbad == 1 ? "" : "s", r->bad[0].line, r->bad[0].why);
			goto out;
		}
	}
	cols = xmalloc(nh * sizeof(*cols));
	for (size_t c = 0; c < nh; c++) {
		if (c == idcol)
			continue;
		cols[ncols].name = csv.row[0].cell[c].text;
		cols[ncols].idx = c;
		cols[ncols].typed = 0;
		strbuf_init(&cols[ncols].levels, 0);
		ncols++;
		if ((rc = infer_column(st, &cols[ncols - 1], &csv, good, o, decimal_comma, c_locale,
				       err)))
			goto out;
	}
	rc = write_survey(st, path, &csv, good, cols, ncols, idcol, decimal_comma, c_locale, o, r,
			  err);
	if (!rc)
		rc = braid_survey_link_auto(st, &r->linked, err);
	if (!rc) {
		braid_change_note(st, "imported survey '%s': %zu rows, %zu variables", path,
				  r->rows, r->vars);
		if (r->nbad)
			braid_change_note(st, "skipped %zu bad row%s", r->nbad,
					  r->nbad == 1 ? "" : "s");
		if (r->linked)
			braid_change_note(st, "linked %zu survey row%s to cases", r->linked,
					  r->linked == 1 ? "" : "s");
	}
out:
	for (size_t c = 0; c < ncols; c++)
		strbuf_release(&cols[c].levels);
	free(cols);
	free(good);
	braid_csv_release(&csv);
	freelocale(c_locale);
	return rc;
}

/* ---- types ---- */

/* Survey variable `name`'s id, or BRAID_ENOTFOUND naming the variables there are. */
static int find_var(struct braid_store *st, const char *name, int64_t *id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM survey_vars WHERE name = ?1", &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, name, -1);
	rc = db_one(st, s, "cannot read a survey variable", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (!rc)
		return db_not_found(st, err, "survey variable", name,
				    "SELECT name FROM survey_vars ORDER BY position");
	return rc < 0 ? rc : 0;
}

int braid_survey_set_type(struct braid_store *st, const char *var, enum braid_survey_type type,
			  const char *const *levels, size_t nlevels, struct braid_err *err)
{
	struct strbuf json = STRBUF_INIT, shown = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int64_t id = 0;
	size_t nd = 0;
	int rc;

	if ((int)type < 0 || type >= BRAID_SURVEY_TYPE_N)
		return braid_errorf(err, BRAID_EINVAL, "unknown variable type %d", (int)type);
	if ((rc = find_var(st, var, &id, err)))
		return rc;
	if (type == BRAID_SURVEY_ORDINAL && !nlevels)
		return braid_errorf(err, BRAID_EINVAL,
				    "an ordinal variable needs its levels in order ('%s')", var);
	if (type == BRAID_SURVEY_NUMERIC && nlevels)
		return braid_errorf(err, BRAID_EINVAL, "a numeric variable has no levels ('%s')",
				    var);
	for (size_t i = 0; i < nlevels; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(levels[i], levels[j]))
				return braid_errorf(err, BRAID_EINVAL, "level '%s' given twice",
						    levels[i]);
	/* every value must fit: the first that does not is named with its row */
	rc =
	    db_prepare(st,
		       "SELECT v.text, v.num, r.survey_id, r.line FROM survey_values v"
		       " JOIN survey_rows r ON r.id = v.row_id WHERE v.var_id = ?1 ORDER BY r.line",
		       &s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	{
		char **seen = NULL;
		size_t nseen = 0;

		while (!rc && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *t = db_col_text(s, 0);
			int bad = 0;

			rc = 0;
			if (type == BRAID_SURVEY_NUMERIC)
				bad = sqlite3_column_type(s, 1) == SQLITE_NULL;
			else if (nlevels) {
				bad = 1;
				for (size_t i = 0; i < nlevels && bad; i++)
					bad = type == BRAID_SURVEY_BINARY
						  ? strcasecmp(levels[i], t) != 0
						  : strcmp(levels[i], t) != 0;
			}
			if (bad) {
				rc = braid_errorf(
				    err, BRAID_EINVAL,
				    type == BRAID_SURVEY_NUMERIC
					? "survey variable '%s' cannot be numeric: row "
					  "'%s' (line %lld) has '%s'"
					: "survey variable '%s': row '%s' (line %lld) has "
					  "'%s', which is not one of the levels",
				    var, db_col_text(s, 2), (long long)sqlite3_column_int64(s, 3),
				    t);
				break;
			}
			if (type != BRAID_SURVEY_NUMERIC && !in_levels(seen, nseen, t)) {
				seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
				seen[nseen++] = xstrdup(t);
			}
		}
		if (rc == SQLITE_DONE)
			rc = 0;
		else if (rc > 0)
			rc = db_error(st, err, "cannot read the survey values");
		nd = nseen;
		if (!rc && type == BRAID_SURVEY_BINARY && (nd > 2 || nlevels > 2))
			rc = braid_errorf(
			    err, BRAID_EINVAL,
			    "survey variable '%s' has %zu values: a binary one has two", var,
			    nd > nlevels ? nd : nlevels);
		if (!rc && type != BRAID_SURVEY_NUMERIC) {
			strbuf_addch(&json, '[');
			if (nlevels) {
				for (size_t i = 0; i < nlevels; i++) {
					if (i)
						strbuf_addch(&json, ',');
					json_quote(&json, levels[i]);
					strbuf_addf(
					    &shown, "%s%s",
					    i ? (type == BRAID_SURVEY_ORDINAL ? " < " : ", ") : "",
					    levels[i]);
				}
			} else {
				qsort(seen, nseen, sizeof(*seen), cmp_str);
				for (size_t i = 0; i < nseen; i++) {
					if (i)
						strbuf_addch(&json, ',');
					json_quote(&json, seen[i]);
					strbuf_addf(&shown, "%s%s", i ? ", " : "", seen[i]);
				}
			}
			strbuf_addch(&json, ']');
		}
		free_strs(seen, nseen);
	}
	sqlite3_finalize(s);
	if (rc)
		goto out;
	rc = db_prepare(
	    st, "UPDATE survey_vars SET type = ?2, levels = ?3, typed = 1 WHERE id = ?1", &s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, braid_vocab_name(&braid_vocab_survey_type, (int)type), -1,
			  SQLITE_STATIC);
	if (json.len)
		sqlite3_bind_text(s, 3, json.buf, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	rc = db_done(st, s, "cannot set the variable's type", err);
	sqlite3_finalize(s);
	if (!rc)
		braid_change_note(st, "survey variable '%s' is %s%s%s%s", var,
				  braid_vocab_name(&braid_vocab_survey_type, (int)type),
				  shown.len ? " (" : "", shown.len ? shown.buf : "",
				  shown.len ? ")" : "");
out:
	strbuf_release(&json);
	strbuf_release(&shown);
	return rc;
}

/* ---- variables ---- */

int braid_survey_vars(struct braid_store *st, braid_survey_var_fn fn, void *ctx,
		      struct braid_err *err)
{
	sqlite3_stmt *vars = NULL, *nums = NULL, *lvs = NULL, *lvb = NULL, *cnt = NULL;
	struct strbuf counts = STRBUF_INIT, text = STRBUF_INIT;
	int64_t rows = 0;
	int rc;

	rc = db_prepare(st, "SELECT count(*) FROM survey_rows", &cnt, err);
	if (!rc && (rc = db_one(st, cnt, "cannot count the survey rows", err)) == 1) {
		rows = sqlite3_column_int64(cnt, 0);
		rc = 0;
	}
	if (!rc)
		rc = db_prepare(st,
				"SELECT id, name, type, typed, levels FROM survey_vars"
				" ORDER BY position",
				&vars, err);
	/* one variable's values in the table's order: a range of the key */
	if (!rc)
		rc = db_prepare(st, "SELECT num FROM survey_values WHERE var_id = ?1", &nums, err);
	/* level counts in the levels' order; values outside the levels after them */
	if (!rc)
		rc = db_prepare(
		    st,
		    "WITH l(level, pos) AS (SELECT value, key FROM json_each(?2))"
		    " SELECT l.level, (SELECT count(*) FROM survey_values v"
		    "   WHERE v.var_id = ?1 AND v.text = l.level) FROM l"
		    " UNION ALL SELECT text, count(*) FROM survey_values v"
		    "   WHERE v.var_id = ?1 AND NOT EXISTS (SELECT 1 FROM l WHERE l.level = v.text)"
		    "   GROUP BY text",
		    &lvs, err);
	/* a binary variable's words in any spelling (Yes, yes) count by their 0/1 */
	if (!rc)
		rc = db_prepare(
		    st,
		    "SELECT l.value, (SELECT count(*) FROM survey_values v"
		    "  WHERE v.var_id = ?1 AND v.num = l.key) FROM json_each(?2) l ORDER BY l.key",
		    &lvb, err);
	while (!rc && (rc = sqlite3_step(vars)) == SQLITE_ROW) {
		struct braid_survey_var_row r = {0};
		int64_t id = sqlite3_column_int64(vars, 0);
		double mean = 0, m2 = 0;
		int64_t n = 0, nnum = 0;

		rc = 0;
		r.name = db_col_text(vars, 1);
		r.type = db_col_text(vars, 2);
		r.typed = sqlite3_column_int(vars, 3);
		r.levels = db_col_null(vars, 4);
		r.rows = rows;
		/* Welford: one pass, no cancellation */
		sqlite3_bind_int64(nums, 1, id);
		while ((rc = sqlite3_step(nums)) == SQLITE_ROW) {
			double x, d;

			n++;
			if (sqlite3_column_type(nums, 0) == SQLITE_NULL)
				continue;
			x = sqlite3_column_double(nums, 0);
			nnum++;
			d = x - mean;
			mean += d / (double)nnum;
			m2 += d * (x - mean);
			if (nnum == 1 || x < r.min)
				r.min = x;
			if (nnum == 1 || x > r.max)
				r.max = x;
		}
		sqlite3_reset(nums);
		if (rc != SQLITE_DONE) {
			rc = db_error(st, err, "cannot read the survey values");
			break;
		}
		rc = 0;
		r.n = n;
		if (!strcmp(r.type, "numeric") && nnum) {
			r.numeric = 1;
			r.mean = mean;
			r.sd = nnum > 1 ? sqrt(m2 / (double)(nnum - 1)) : 0;
		}
		strbuf_reset(&counts);
		strbuf_reset(&text);
		if (strcmp(r.type, "numeric")) {
			sqlite3_stmt *lv = strcmp(r.type, "binary") ? lvs : lvb;

			sqlite3_bind_int64(lv, 1, id);
			if (r.levels)
				sqlite3_bind_text(lv, 2, r.levels, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_text(lv, 2, "[]", -1, SQLITE_STATIC);
			strbuf_addch(&counts, '{');
			while ((rc = sqlite3_step(lv)) == SQLITE_ROW) {
				if (counts.len > 1)
					strbuf_addch(&counts, ',');
				json_quote(&counts, db_col_text(lv, 0));
				strbuf_addf(&counts, ":%lld",
					    (long long)sqlite3_column_int64(lv, 1));
				strbuf_addf(&text, "%s%s %lld", text.len ? ", " : "",
					    db_col_text(lv, 0),
					    (long long)sqlite3_column_int64(lv, 1));
			}
			sqlite3_reset(lv);
			if (rc != SQLITE_DONE) {
				rc = db_error(st, err, "cannot count the levels");
				break;
			}
			rc = 0;
			strbuf_addch(&counts, '}');
			r.counts = counts.buf;
			r.counts_text = text.buf ? text.buf : "";
		}
		rc = fn(&r, ctx);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = db_error(st, err, "cannot read the survey variables");
	sqlite3_finalize(vars);
	sqlite3_finalize(nums);
	sqlite3_finalize(lvs);
	sqlite3_finalize(lvb);
	sqlite3_finalize(cnt);
	strbuf_release(&counts);
	strbuf_release(&text);
	return rc;
}

#define S BRAID_VAL_STR
#define I BRAID_VAL_INT
#define R BRAID_VAL_REAL
#define B BRAID_VAL_BOOL
#define J BRAID_VAL_JSON
#define RIGHT BRAID_COL_RIGHT
#define DATA BRAID_COL_DATA
#define TABLE BRAID_COL_TABLE

/*
 * The table shows figures rounded for reading (missing as a percentage, two
 * decimals, in the C locale); JSON, CSV and TSV carry the numbers whole.
 */
enum {
	SV_NAME,
	SV_TYPE,
	SV_N,
	SV_MISSING_SHOWN,
	SV_MEAN_SHOWN,
	SV_SD_SHOWN,
	SV_RANGE_SHOWN,
	SV_LEVELS_SHOWN,
	SV_MISSING,
	SV_MEAN,
	SV_SD,
	SV_MIN,
	SV_MAX,
	SV_LEVELS,
	SV_COUNTS,
	SV_TYPED,
	SV_N_
};
static const struct braid_column survey_var_cols[] = {
    [SV_NAME] = {"VARIABLE", "name", S, 0, 0},
    [SV_TYPE] = {"TYPE", "type", S, 0, 0},
    [SV_N] = {"N", "n", I, RIGHT, 0},
    [SV_MISSING_SHOWN] = {"MISSING", NULL, S, RIGHT | TABLE, 0},
    [SV_MEAN_SHOWN] = {"MEAN", NULL, S, RIGHT | TABLE, 0},
    [SV_SD_SHOWN] = {"SD", NULL, S, RIGHT | TABLE, 0},
    [SV_RANGE_SHOWN] = {"RANGE", NULL, S, RIGHT | TABLE, 0},
    [SV_LEVELS_SHOWN] = {"LEVELS", NULL, S, TABLE, 60},
    [SV_MISSING] = {"MISSING", "missing", R, DATA, 0},
    [SV_MEAN] = {"MEAN", "mean", R, DATA, 0},
    [SV_SD] = {"SD", "sd", R, DATA, 0},
    [SV_MIN] = {"MIN", "min", R, DATA, 0},
    [SV_MAX] = {"MAX", "max", R, DATA, 0},
    [SV_LEVELS] = {"LEVELS", "levels", J, DATA, 0},
    [SV_COUNTS] = {"COUNTS", "counts", J, DATA, 0},
    [SV_TYPED] = {"TYPED", "typed", B, DATA, 0},
};
const struct braid_listing braid_survey_vars_listing = {
    "survey variables", survey_var_cols, SV_N_, NULL, 0, 0};

static struct strbuf *cell_text(struct braid_row *row, int i)
{
	strbuf_reset(&row->text[i]);
	return &row->text[i];
}

void braid_survey_var_values(const struct braid_survey_var_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *miss = cell_text(row, 0), *mean = cell_text(row, 1), *sd = cell_text(row, 2),
		      *range = cell_text(row, 3);
	double missing = r->rows ? (double)(r->rows - r->n) / (double)r->rows : 0;

	v[SV_NAME] = braid_val_str(r->name);
	v[SV_TYPE] = braid_val_str(r->type);
	v[SV_N] = braid_val_int(r->n);
	braid_real_fixed_text(100 * missing, 1, miss);
	strbuf_addch(miss, '%');
	v[SV_MISSING_SHOWN] = r->rows ? braid_val_strn(miss->buf, miss->len) : braid_val_null();
	if (r->numeric) {
		braid_real_fixed_text(r->mean, 2, mean);
		braid_real_fixed_text(r->sd, 2, sd);
		braid_real_fixed_text(r->min, 2, range);
		strbuf_addch(range, '-');
		braid_real_fixed_text(r->max, 2, range);
		v[SV_MEAN_SHOWN] = braid_val_strn(mean->buf, mean->len);
		v[SV_SD_SHOWN] = braid_val_strn(sd->buf, sd->len);
		v[SV_RANGE_SHOWN] = braid_val_strn(range->buf, range->len);
	} else {
		v[SV_MEAN_SHOWN] = v[SV_SD_SHOWN] = v[SV_RANGE_SHOWN] = braid_val_null();
	}
	v[SV_MISSING] = r->rows ? braid_val_real(missing) : braid_val_null();
	v[SV_MEAN] = r->numeric ? braid_val_real(r->mean) : braid_val_null();
	v[SV_SD] = r->numeric ? braid_val_real(r->sd) : braid_val_null();
	v[SV_MIN] = r->numeric ? braid_val_real(r->min) : braid_val_null();
	v[SV_MAX] = r->numeric ? braid_val_real(r->max) : braid_val_null();
	v[SV_LEVELS_SHOWN] = braid_val_str(r->counts_text);
	v[SV_LEVELS] = braid_val_json(r->levels);
	v[SV_COUNTS] = braid_val_json(r->counts);
	v[SV_TYPED] = braid_val_bool(r->typed);
}

/* ---- one row ---- */

int braid_survey_show(struct braid_store *st, const char *id, char **case_name,
		      int (*fn)(const struct braid_survey_value_row *r, void *ctx), void *ctx,
		      struct braid_err *err)
{
	sqlite3_stmt *s;
	int64_t rid = 0;
	int rc = db_prepare(st,
			    "SELECT r.id, c.name FROM survey_rows r"
			    " LEFT JOIN cases c ON c.id = r.case_id WHERE r.survey_id = ?1",
			    &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, id, -1);
	rc = db_one(st, s, "cannot read a survey row", err);
	if (rc == 1) {
		rid = sqlite3_column_int64(s, 0);
		if (case_name)
			*case_name = db_col_null(s, 1) ? xstrdup(db_col_text(s, 1)) : NULL;
	}
	sqlite3_finalize(s);
	if (!rc)
		return braid_errorf(err, BRAID_ENOTFOUND, "no survey row '%s'", id);
	if (rc < 0)
		return rc;
	rc = db_prepare(st,
			"SELECT v.name, v.type, x.text, x.num FROM survey_vars v"
			" LEFT JOIN survey_values x ON x.var_id = v.id AND x.row_id = ?1"
			" ORDER BY v.position",
			&s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, rid);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct braid_survey_value_row r = {
		    db_col_text(s, 0), db_col_text(s, 1), db_col_null(s, 2),
		    sqlite3_column_type(s, 3) != SQLITE_NULL, sqlite3_column_double(s, 3)};

		if ((rc = fn(&r, ctx)))
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = db_error(st, err, "cannot read the survey values");
	sqlite3_finalize(s);
	return rc;
}

enum { SVV_VAR, SVV_TYPE, SVV_VALUE, SVV_NUM, SVV_N_ };
static const struct braid_column survey_value_cols[] = {
    [SVV_VAR] = {"VARIABLE", "name", S, 0, 0},
    [SVV_TYPE] = {"TYPE", "type", S, 0, 0},
    [SVV_VALUE] = {"VALUE", "value", S, 0, 60},
    [SVV_NUM] = {"NUMBER", "number", R, DATA, 0},
};
const struct braid_listing braid_survey_values_listing = {
    "survey values", survey_value_cols, SVV_N_, NULL, 0, 0};

void braid_survey_value_values(const struct braid_survey_value_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[SVV_VAR] = braid_val_str(r->var);
	v[SVV_TYPE] = braid_val_str(r->type);
	v[SVV_VALUE] = braid_val_str(r->text);
	v[SVV_NUM] = r->has_num ? braid_val_real(r->num) : braid_val_null();
}

/* ---- linking ---- */

int braid_survey_link_auto(struct braid_store *st, size_t *linked, struct braid_err *err)
{
	sqlite3 *db = braid_store_db(st);
	int rc;

	if (linked)
		*linked = 0;
	/* a participant speaker without a case, labelled with a survey id: a case of that name */
	rc = db_exec(
	    st,
	    "INSERT INTO cases(name) SELECT r.survey_id FROM survey_rows r"
	    " WHERE r.case_id IS NULL"
	    " AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.name = r.survey_id COLLATE NOCASE)"
	    " AND EXISTS (SELECT 1 FROM speakers p WHERE p.case_id IS NULL"
	    "  AND p.role = 'participant' AND p.label = r.survey_id COLLATE NOCASE);"
	    "UPDATE speakers SET case_id = coalesce((SELECT c.id FROM cases c"
	    "  WHERE c.name = speakers.label), (SELECT min(c.id) FROM cases c"
	    "  WHERE c.name = speakers.label COLLATE NOCASE))"
	    " WHERE case_id IS NULL AND role = 'participant' AND EXISTS (SELECT 1"
	    "  FROM survey_rows r WHERE r.case_id IS NULL"
	    "  AND r.survey_id = speakers.label COLLATE NOCASE)",
	    err);
	if (!rc && sqlite3_changes(db))
		braid_change_note(
		    st, "%d speaker%s labelled with a survey id got the case of that name",
		    sqlite3_changes(db), sqlite3_changes(db) == 1 ? "" : "s");
	/* a case named as the survey id (exactly first, else ignoring case) with no row yet */
	if (!rc)
		rc = db_exec(
		    st,
		    "UPDATE survey_rows SET linked = 'auto', case_id = coalesce("
		    "  (SELECT c.id FROM cases c WHERE c.name = survey_rows.survey_id COLLATE "
		    "BINARY"
		    "   AND NOT EXISTS (SELECT 1 FROM survey_rows o WHERE o.case_id = c.id)),"
		    "  (SELECT min(c.id) FROM cases c WHERE c.name = survey_rows.survey_id COLLATE "
		    "NOCASE"
		    "   AND NOT EXISTS (SELECT 1 FROM survey_rows o WHERE o.case_id = c.id)))"
		    " WHERE case_id IS NULL AND EXISTS (SELECT 1 FROM cases c"
		    "  WHERE c.name = survey_rows.survey_id COLLATE NOCASE AND NOT EXISTS"
		    "  (SELECT 1 FROM survey_rows o WHERE o.case_id = c.id))",
		    err);
	if (!rc && linked)
		*linked = (size_t)sqlite3_changes(db);
	return rc;
}

/* The survey row with id (ignoring case): its row id, stored id and case (0 for none). */
static int find_row(struct braid_store *st, const char *id, int64_t *rid, struct strbuf *stored,
		    int64_t *case_id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, survey_id, coalesce(case_id, 0) FROM survey_rows"
			    " WHERE survey_id = ?1",
			    &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, id, -1);
	rc = db_one(st, s, "cannot read a survey row", err);
	if (rc == 1) {
		*rid = sqlite3_column_int64(s, 0);
		strbuf_addstr(stored, db_col_text(s, 1));
		*case_id = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (!rc)
		return braid_errorf(err, BRAID_ENOTFOUND, "no survey row '%s'", id);
	return rc < 0 ? rc : 0;
}

/* DOC:SPEAKER's speaker: id, role and case (0 for none); BRAID_ENOTFOUND when there is none. */
static int find_speaker(struct braid_store *st, const char *doc, const char *label, int64_t *id,
			struct strbuf *role, int64_t *case_id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT p.id, p.role, coalesce(p.case_id, 0) FROM speakers p"
		       " JOIN documents d ON d.id = p.doc_id WHERE d.name = ?1 AND p.label = ?2",
		       &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, doc, -1);
	db_bind_text(s, 2, label, -1);
	rc = db_one(st, s, "cannot read a speaker", err);
	if (rc == 1) {
		*id = sqlite3_column_int64(s, 0);
		strbuf_addstr(role, db_col_text(s, 1));
		*case_id = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (!rc)
		return braid_errorf(err, BRAID_ENOTFOUND, "no speaker '%s' in document '%s'", label,
				    doc);
	return rc < 0 ? rc : 0;
}

static int case_name_of(struct braid_store *st, int64_t id, struct strbuf *out,
			struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st, "SELECT name FROM cases WHERE id = ?1", &s, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a case", err);
	if (rc == 1)
		strbuf_addstr(out, db_col_text(s, 0));
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

int braid_survey_link(struct braid_store *st, const char *target, const char *id,
		      struct braid_err *err)
{
	struct strbuf stored = STRBUF_INIT, role = STRBUF_INIT, name = STRBUF_INIT;
	int64_t rid = 0, row_case = 0, case_id = 0;
	const char *colon;
	int rc;

	if ((rc = find_row(st, id, &rid, &stored, &row_case, err)))
		goto out;
	rc = braid_store_case(st, target, 0, &case_id, err);
	colon = strchr(target, ':');
	if (rc == BRAID_ENOTFOUND && colon) {
		/* DOC:SPEAKER (the last colon: a document name may hold one) */
		struct strbuf doc = STRBUF_INIT;
		int64_t spk = 0, spk_case = 0;

		colon = strrchr(target, ':');
		strbuf_add(&doc, target, (size_t)(colon - target));
		braid_err_clear(err);
		rc = find_speaker(st, doc.buf ? doc.buf : "", colon + 1, &spk, &role, &spk_case,
				  err);
		if (!rc && strcmp(role.buf, "participant"))
			rc = braid_errorf(err, BRAID_EINVAL,
					  "speaker '%s' is %s: only a participant has a survey row",
					  target, role.buf);
		if (!rc && spk_case) {
			case_id = spk_case;
		} else if (!rc) {
			rc = braid_store_case(st, stored.buf, 1, &case_id, err);
			if (!rc)
				rc =
				    db_run_ids(st, "UPDATE speakers SET case_id = ?2 WHERE id = ?1",
					       spk, case_id, "cannot give the speaker a case", err);
			if (!rc)
				braid_change_note(st, "speaker '%s' is case '%s'", target,
						  stored.buf);
		}
		strbuf_release(&doc);
	}
	if (rc)
		goto out;
	if ((rc = case_name_of(st, case_id, &name, err)))
		goto out;
	if (row_case == case_id) {
		braid_change_note(st, "case '%s' was linked to survey row '%s' already", name.buf,
				  stored.buf);
		goto out;
	}
	/* the case's earlier row, and the row's earlier case, let go first */
	rc = db_run_ids(st,
			"UPDATE survey_rows SET case_id = NULL, linked = NULL WHERE case_id = ?1",
			case_id, 0, "cannot unlink the case", err);
	if (!rc && sqlite3_changes(braid_store_db(st)))
		braid_change_note(st, "case '%s' unlinked from its earlier survey row", name.buf);
	if (!rc && row_case) {
		struct strbuf old = STRBUF_INIT;

		rc = case_name_of(st, row_case, &old, err);
		if (!rc)
			braid_change_note(st, "survey row '%s' unlinked from case '%s'", stored.buf,
					  old.buf ? old.buf : "");
		strbuf_release(&old);
	}
	if (!rc)
		rc = db_run_ids(
		    st, "UPDATE survey_rows SET case_id = ?2, linked = 'manual' WHERE id = ?1", rid,
		    case_id, "cannot link the survey row", err);
	if (!rc)
		braid_change_note(st, "linked case '%s' to survey row '%s'", name.buf, stored.buf);
out:
	strbuf_release(&stored);
	strbuf_release(&role);
	strbuf_release(&name);
	return rc;
}

int braid_survey_unlink(struct braid_store *st, const char *case_name, struct braid_err *err)
{
	int64_t id = 0;
	int rc = braid_store_case(st, case_name, 0, &id, err);

	if (!rc)
		rc = db_run_ids(st,
				"UPDATE survey_rows SET case_id = NULL, linked = NULL"
				" WHERE case_id = ?1",
				id, 0, "cannot unlink the case", err);
	if (!rc && !sqlite3_changes(braid_store_db(st)))
		return braid_errorf(err, BRAID_ENOTFOUND, "case '%s' has no survey row", case_name);
	if (!rc)
		braid_change_note(st, "case '%s' unlinked from its survey row", case_name);
	return rc;
}

/* ---- check ---- */

struct check_ctx {
	int (*fn)(const struct braid_case_check_row *r, void *ctx);
	void *ctx;
	const char *problem, *what;
};

static int check_row(sqlite3_stmt *s, void *ctx)
{
	struct check_ctx *c = ctx;
	struct braid_case_check_row r = {c->problem, c->what, db_col_text(s, 0), db_col_null(s, 1)};

	return c->fn(&r, c->ctx);
}

int braid_survey_check(struct braid_store *st,
		       int (*fn)(const struct braid_case_check_row *r, void *ctx), void *ctx,
		       struct braid_err *err)
{
	static const struct {
		const char *problem, *what, *sql;
		int only_with_survey;
	} q[] = {
	    {"no survey row", "case",
	     "SELECT c.name, (SELECT group_concat(name, ', ') FROM (SELECT DISTINCT d.name"
	     "  FROM documents d LEFT JOIN speakers p ON p.doc_id = d.id"
	     "  WHERE d.case_id = c.id OR p.case_id = c.id ORDER BY d.name))"
	     " FROM cases c WHERE NOT EXISTS (SELECT 1 FROM survey_rows r WHERE r.case_id = c.id)"
	     " ORDER BY c.name",
	     1},
	    {"not interviewed", "survey row",
	     "SELECT survey_id, 'line ' || line FROM survey_rows WHERE case_id IS NULL"
	     " ORDER BY survey_id",
	     1},
	    {"no case", "speaker",
	     "SELECT d.name || ':' || p.label, d.kind FROM speakers p JOIN documents d"
	     " ON d.id = p.doc_id WHERE p.role = 'participant' AND p.case_id IS NULL"
	     " AND d.case_id IS NULL ORDER BY d.name, p.label",
	     0},
	    {"no case", "document",
	     "SELECT d.name, d.kind FROM documents d WHERE d.case_id IS NULL"
	     " AND d.kind IN ('interview', 'focus-group') AND NOT EXISTS (SELECT 1 FROM speakers p"
	     "  WHERE p.doc_id = d.id AND p.case_id IS NOT NULL)"
	     " AND NOT EXISTS (SELECT 1 FROM speakers p WHERE p.doc_id = d.id"
	     "  AND p.role = 'participant')"
	     " ORDER BY d.name",
	     0},
	};
	struct check_ctx c = {fn, ctx, NULL, NULL};
	sqlite3_stmt *s;
	int surveyed = 0, rc;

	if ((rc = db_prepare(st, "SELECT EXISTS (SELECT 1 FROM survey_rows)", &s, err)))
		return rc;
	rc = db_one(st, s, "cannot read the survey", err);
	if (rc == 1)
		surveyed = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	rc = 0;
	for (size_t i = 0; !rc && i < sizeof(q) / sizeof(q[0]); i++) {
		if (q[i].only_with_survey && !surveyed)
			continue;
		c.problem = q[i].problem;
		c.what = q[i].what;
		if ((rc = db_prepare(st, q[i].sql, &s, err)))
			break;
		rc = db_each(st, s, check_row, &c, "cannot check the cases", err);
		sqlite3_finalize(s);
	}
	return rc;
}

enum { CC_PROBLEM, CC_WHAT, CC_NAME, CC_DETAIL, CC_N };
static const struct braid_column case_check_cols[] = {
    [CC_PROBLEM] = {"PROBLEM", "problem", S, 0, 0},
    [CC_WHAT] = {"WHAT", "what", S, 0, 0},
    [CC_NAME] = {"NAME", "name", S, 0, 0},
    [CC_DETAIL] = {"DETAIL", "detail", S, 0, 60},
};
const struct braid_listing braid_case_check_listing = {
    "case check", case_check_cols, CC_N, NULL, 0, 0};

void braid_case_check_values(const struct braid_case_check_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[CC_PROBLEM] = braid_val_str(r->problem);
	v[CC_WHAT] = braid_val_str(r->what);
	v[CC_NAME] = braid_val_str(r->name);
	v[CC_DETAIL] = braid_val_str(r->detail);
}
