/*
 * quantitize.c - cases (documents, speakers) x themes from prevalence's own
 * walk (braid_themes_cases_each), survey variables joined by the row's
 * case's linked survey row. No second way of counting: every figure here is
 * one prevalence already gives the report's tables.
 */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/quantitize.h"
#include "braid/summary.h"
#include "braid/text.h"
#include "braid/themes.h"
#include "db.h"

struct theme_cols {
	struct braid_matrix *m;
	int64_t *ids;
	size_t alloc;
};

static int theme_col(const struct braid_theme_row *r, void *ctx)
{
	struct theme_cols *tc = ctx;
	struct braid_matrix *m = tc->m;

	if (m->ncols + 1 > tc->alloc) {
		tc->alloc = tc->alloc ? tc->alloc * 2 : 16;
		tc->ids = xrealloc(tc->ids, tc->alloc * sizeof(*tc->ids));
		m->slugs = xrealloc(m->slugs, tc->alloc * sizeof(*m->slugs));
		m->names = xrealloc(m->names, tc->alloc * sizeof(*m->names));
	}
	tc->ids[m->ncols] = r->id;
	m->slugs[m->ncols] = xstrdup(r->slug);
	m->names[m->ncols++] = xstrdup(r->name);
	return 0;
}

static int code_col(const struct braid_code_row *r, void *ctx)
{
	struct theme_cols *tc = ctx;
	struct braid_theme_row t = { 0 };

	t.id = r->id;
	t.slug = r->slug;
	t.name = r->name;
	return theme_col(&t, tc);
}

/* The cells, column by column; each theme lists the same cases in the same order. */
struct cells {
	struct theme_cols *tc;
	size_t col, next; /* the current column, its next row */
	int started;
	size_t alloc;
};

/* Row c->next of column col; the first column's cases are the rows. */
static int cell_store(struct cells *c, size_t col, const struct braid_case_prevalence_row *r)
{
	struct braid_matrix *m = c->tc->m;

	if (col != c->col || !c->started) {
		c->col = col;
		c->next = 0;
		c->started = 1;
	}
	if (c->col == 0) {
		if (m->nrows + 1 > c->alloc) {
			c->alloc = c->alloc ? c->alloc * 2 : 64;
			m->rows = xrealloc(m->rows, c->alloc * sizeof(*m->rows));
			m->cases = xrealloc(m->cases, c->alloc * sizeof(*m->cases));
			m->words_total = xrealloc(m->words_total, c->alloc * sizeof(*m->words_total));
			m->segments = xrealloc(m->segments, c->alloc * m->ncols * sizeof(*m->segments));
			m->words = xrealloc(m->words, c->alloc * m->ncols * sizeof(*m->words));
		}
		m->rows[m->nrows] = xstrdup(r->name);
		m->cases[m->nrows] = r->case_name ? xstrdup(r->case_name) : NULL;
		m->words_total[m->nrows++] = r->words_total;
	} else if (c->next >= m->nrows || strcmp(m->rows[c->next], r->name)) {
		return 0; /* cannot happen: every column lists every row, in the same order */
	}
	m->segments[c->next * m->ncols + c->col] = r->segments;
	m->words[c->next * m->ncols + c->col] = r->words;
	c->next++;
	return 0;
}

static int theme_cell(int64_t theme, const struct braid_case_prevalence_row *r, void *ctx)
{
	struct cells *c = ctx;
	struct braid_matrix *m = c->tc->m;
	size_t k = c->started && c->tc->ids[c->col] == theme ? c->col : 0;

	while (k < m->ncols && c->tc->ids[k] != theme)
		k++;
	return k == m->ncols ? 0 : cell_store(c, k, r);
}

static int code_cell(size_t code, const struct braid_case_prevalence_row *r, void *ctx)
{
	return cell_store(ctx, code, r);
}

struct named {
	const char *name;
	size_t row;
};

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

/* The first of the entries named `name` in sorted (by strcmp); n if none. */
static size_t first_of(const struct named *sorted, size_t n, const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(sorted[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(sorted[lo].name, name) ? lo : n;
}

/* The row named `name` among the rows sorted by strcmp; (size_t)-1 if none. */
static size_t row_of(const struct named *sorted, size_t n, const char *name)
{
	size_t i = first_of(sorted, n, name);

	return i < n ? sorted[i].row : (size_t)-1;
}

struct var_load {
	const struct named *sorted; /* the rows by their case */
	size_t n;
	struct braid_matrix_var *v;
};

/* A case's value goes to every row of the case (documents and speakers share one). */
static int var_value(sqlite3_stmt *s, void *ctx)
{
	struct var_load *vl = ctx;
	struct braid_matrix_var *v = vl->v;
	const char *kase = db_col_text(s, 0);

	for (size_t i = first_of(vl->sorted, vl->n, kase);
	     i < vl->n && !strcmp(vl->sorted[i].name, kase); i++) {
		size_t r = vl->sorted[i].row;

		v->text[r] = xstrdup(db_col_text(s, 1));
		if (v->nlevels) {
			/* ordinal: the level's place in the order, 1 for the first */
			size_t k = 0;

			while (k < v->nlevels && strcmp(v->levels[k], v->text[r]))
				k++;
			v->has_num[r] = k < v->nlevels;
			v->num[r] = (double)(k + 1);
		} else if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
			v->num[r] = sqlite3_column_double(s, 2);
			v->has_num[r] = 1;
		} else {
			v->numeric = 0;
		}
	}
	return 0;
}

static int add_level(sqlite3_stmt *s, void *ctx)
{
	struct braid_matrix_var *v = ctx;

	v->levels = xrealloc(v->levels, (v->nlevels + 1) * sizeof(*v->levels));
	v->levels[v->nlevels++] = xstrdup(db_col_text(s, 0));
	return 0;
}

/* An ordinal variable's levels, in order, from survey_vars.levels (a JSON array). */
static int ordinal_levels(struct braid_store *st, int64_t var_id, struct braid_matrix_var *v,
			  struct braid_err *err)
{
	sqlite3_stmt *s = NULL;
	int rc = db_prepare(st,
			    "SELECT l.value FROM survey_vars v, json_each(v.levels) l"
			    " WHERE v.id = ?1 ORDER BY l.key",
			    &s, err);

	if (!rc) {
		sqlite3_bind_int64(s, 1, var_id);
		rc = db_each(st, s, add_level, v, "cannot read a variable's levels", err);
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_matrix_join(struct braid_store *st, const struct braid_matrix_opts *o,
		      struct braid_matrix *m, struct braid_err *err)
{
	sqlite3_stmt *var = NULL, *vals = NULL;
	struct named *sorted = xcalloc(m->nrows + 1, sizeof(*sorted));
	size_t n = 0;
	int rc;

	/* by the row's case; a row without one gets no values */
	for (size_t i = 0; i < m->nrows; i++)
		if (!m->cases || m->cases[i])
			sorted[n++] = (struct named){ m->cases ? m->cases[i] : m->rows[i], i };
	qsort(sorted, n, sizeof(*sorted), cmp_named);
	m->vars = xcalloc(o->nvars + 1, sizeof(*m->vars));
	rc = db_prepare(st, "SELECT id, type FROM survey_vars WHERE name = ?1", &var, err);
	if (!rc)
		rc = db_prepare(st,
				"SELECT c.name, v.text, v.num FROM survey_values v"
				" JOIN survey_rows r ON r.id = v.row_id"
				" JOIN cases c ON c.id = r.case_id WHERE v.var_id = ?1",
				&vals, err);
	for (size_t i = 0; !rc && i < o->nvars; i++) {
		struct braid_matrix_var *v = &m->vars[m->nvars++];
		struct var_load vl = { sorted, n, v };
		int step;

		v->name = xstrdup(o->vars[i]);
		v->numeric = 1;
		v->text = xcalloc(m->nrows + 1, sizeof(*v->text));
		v->num = xcalloc(m->nrows + 1, sizeof(*v->num));
		v->has_num = xcalloc(m->nrows + 1, sizeof(*v->has_num));
		db_bind_text(var, 1, o->vars[i], -1);
		step = sqlite3_step(var);
		if (step == SQLITE_ROW) {
			v->type = xstrdup(db_col_text(var, 1));
			if (!strcmp(v->type, "ordinal")) {
				/* listed as its levels; the scores are for the statistics */
				v->numeric = 0;
				rc = ordinal_levels(st, sqlite3_column_int64(var, 0), v, err);
			}
			sqlite3_bind_int64(vals, 1, sqlite3_column_int64(var, 0));
		} else if (step == SQLITE_DONE) {
			rc = braid_errorf(err, BRAID_ENOTFOUND, "no survey variable '%s'", o->vars[i]);
		} else {
			rc = db_error(st, err, "cannot read the survey variables");
		}
		sqlite3_reset(var);
		if (!rc && step == SQLITE_ROW)
			rc = db_each(st, vals, var_value, &vl, "cannot read the survey values", err);
		sqlite3_reset(vals);
	}
	sqlite3_finalize(var);
	sqlite3_finalize(vals);
	free(sorted);
	return rc;
}

/* ---- text cells: quotes and summaries ---- */

struct texts {
	struct braid_matrix *m;
	struct named *sorted; /* the rows by name */
	size_t col;           /* extracts: the theme's column */
	struct strbuf key;
};

/*
 * The row a quote or an extract belongs to, by the rule its segment counts
 * by (themes.h): its case; its document or its speaker ("DOC:LABEL") when
 * it starts in a participant's turn.
 */
static size_t text_row(struct texts *t, const char *doc, const char *speaker,
		       const char *role, const char *case_name)
{
	const char *key = case_name;

	if (t->m->by != BRAID_ROWS_CASES) {
		if (!role || strcmp(role, "participant"))
			return (size_t)-1;
		strbuf_reset(&t->key);
		strbuf_addstr(&t->key, doc);
		if (t->m->by == BRAID_ROWS_SPEAKERS)
			strbuf_addf(&t->key, ":%s", speaker);
		key = t->key.buf;
	}
	return key ? row_of(t->sorted, t->m->nrows, key) : (size_t)-1;
}

static size_t col_of(const struct braid_matrix *m, const char *slug)
{
	for (size_t k = 0; k < m->ncols; k++)
		if (!strcmp(m->slugs[k], slug))
			return k;
	return (size_t)-1;
}

/* Adds a quoted text to a cell: on one line, cut, a blank line after the one before. */
static void cell_add(struct braid_matrix *m, size_t r, size_t k, const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	char **cell = &m->text[r * m->ncols + k];

	if (*cell) {
		strbuf_addstr(&sb, *cell);
		strbuf_addstr(&sb, "\n\n");
		free(*cell);
	}
	braid_text_oneline(text, len, BRAID_MATRIX_QUOTE_MAX, &sb);
	*cell = strbuf_detach(&sb, NULL);
}

static int quote_cell(const struct braid_quote_row *q, void *ctx)
{
	struct texts *t = ctx;
	size_t r = text_row(t, q->doc, q->speaker, q->role, q->case_name);
	size_t k = col_of(t->m, q->theme);

	if (r != (size_t)-1 && k != (size_t)-1)
		cell_add(t->m, r, k, q->text, q->text_len);
	return 0;
}

/*
 * The first extract of the theme in each row that has no quote of it
 * (extracts come by case, then document and place).
 */
static int extract_cell(const struct braid_extract_row *x, void *ctx)
{
	struct texts *t = ctx;
	size_t r = text_row(t, x->doc, x->speaker, x->role, x->case_name);

	if (r != (size_t)-1 && !t->m->text[r * t->m->ncols + t->col])
		cell_add(t->m, r, t->col, x->text, x->text_len);
	return 0;
}

static int summary_cell(const struct braid_summary_row *s, void *ctx)
{
	struct texts *t = ctx;
	size_t r = row_of(t->sorted, t->m->nrows, s->case_name);
	size_t k = col_of(t->m, s->theme);

	if (r != (size_t)-1 && k != (size_t)-1)
		t->m->text[r * t->m->ncols + k] = xstrdup(s->text);
	return 0;
}

/*
 * The Framework Method's matrix: per cell the quotes, else an extract, or
 * the summary. Extracts are read theme by theme (one walk each), only for
 * the themes with a case that has the theme and no quote of it.
 */
int braid_matrix_texts(struct braid_store *st, const struct braid_matrix_opts *o,
		       enum braid_matrix_value value, struct braid_matrix *m, struct braid_err *err)
{
	struct texts t = { m, NULL, 0, STRBUF_INIT };
	int rc;

	if (m->codes)
		return braid_errorf(err, BRAID_EINVAL, "%s cells are the themes': not with codes",
				    value == BRAID_MATRIX_QUOTES ? "quote" : "summary");
	if (value == BRAID_MATRIX_SUMMARY && m->by != BRAID_ROWS_CASES)
		return braid_errorf(err, BRAID_EINVAL,
				    "summaries are written per case: not with rows by %s",
				    braid_vocab_name(&braid_vocab_matrix_rows, (int)m->by));
	if (!o)
		o = &(const struct braid_matrix_opts){ 0 };
	t.sorted = xcalloc(m->nrows + 1, sizeof(*t.sorted));
	m->text = xcalloc(m->nrows * m->ncols + 1, sizeof(*m->text));
	for (size_t i = 0; i < m->nrows; i++)
		t.sorted[i] = (struct named){ m->rows[i], i };
	qsort(t.sorted, m->nrows, sizeof(*t.sorted), cmp_named);
	if (value == BRAID_MATRIX_SUMMARY) {
		rc = braid_summaries_each(st, NULL, NULL, summary_cell, &t, err);
	} else {
		rc = braid_quotes_each(st, 0, quote_cell, &t, err);
		for (t.col = 0; !rc && t.col < m->ncols; t.col++) {
			int wanted = 0;

			for (size_t r = 0; r < m->nrows && !wanted; r++)
				wanted = m->segments[r * m->ncols + t.col] && !m->text[r * m->ncols + t.col];
			if (wanted)
				rc = braid_theme_extracts(st, m->ids[t.col], o->coder, extract_cell, &t,
							  err);
		}
	}
	free(t.sorted);
	strbuf_release(&t.key);
	return rc;
}

static int matrix_load(struct braid_store *st, int codes, const struct braid_matrix_opts *opts,
		       struct braid_matrix *m, struct braid_err *err)
{
	static const struct braid_matrix_opts none = { 0 };
	struct theme_cols tc = { m, NULL, 0 };
	struct braid_theme_filter f = { 0, NULL };
	struct cells c = { &tc, 0, 0, 0, 0 };
	int rc;

	if (!opts)
		opts = &none;
	memset(m, 0, sizeof(*m));
	f.coder = opts->coder;
	if (codes)
		rc = braid_codes_each(st, BRAID_CODES_NOCOUNT, code_col, &tc, err);
	else
		rc = braid_themes_each(st, &f, theme_col, &tc, err);
	m->by = opts->rows;
	if (!rc && m->ncols && codes)
		rc = braid_codes_cases_each(st, tc.ids, m->ncols, opts->coder, opts->rows, code_cell,
					    &c, err);
	else if (!rc && m->ncols)
		rc = braid_themes_cases_each(st, &f, opts->rows, theme_cell, &c, err);
	if (!rc)
		rc = braid_matrix_join(st, opts, m, err);
	m->ids = tc.ids;
	m->codes = codes;
	return rc;
}

int braid_matrix_themes(struct braid_store *st, const struct braid_matrix_opts *opts,
			struct braid_matrix *m, struct braid_err *err)
{
	return matrix_load(st, 0, opts, m, err);
}

int braid_matrix_codes(struct braid_store *st, const struct braid_matrix_opts *opts,
		       struct braid_matrix *m, struct braid_err *err)
{
	return matrix_load(st, 1, opts, m, err);
}

void braid_matrix_release(struct braid_matrix *m)
{
	for (size_t i = 0; i < m->nrows; i++) {
		free(m->rows[i]);
		if (m->cases)
			free(m->cases[i]);
	}
	for (size_t i = 0; i < m->ncols; i++) {
		free(m->slugs[i]);
		free(m->names[i]);
	}
	for (size_t i = 0; i < m->nvars; i++) {
		struct braid_matrix_var *v = &m->vars[i];

		for (size_t r = 0; r < m->nrows; r++)
			free(v->text[r]);
		free(v->name);
		free(v->type);
		free(v->text);
		free(v->num);
		free(v->has_num);
		for (size_t k = 0; k < v->nlevels; k++)
			free(v->levels[k]);
		free(v->levels);
	}
	free(m->rows);
	free(m->cases);
	free(m->words_total);
	free(m->slugs);
	free(m->names);
	free(m->segments);
	free(m->words);
	free(m->ids);
	for (size_t i = 0; m->text && i < m->nrows * m->ncols; i++)
		free(m->text[i]);
	free(m->text);
	free(m->vars);
	memset(m, 0, sizeof(*m));
}

double braid_matrix_cell(const struct braid_matrix *m, size_t row, size_t col,
			 enum braid_matrix_value value)
{
	size_t k = row * m->ncols + col;

	switch (value) {
	case BRAID_MATRIX_PRESENCE:
		return m->segments[k] > 0;
	case BRAID_MATRIX_COUNT:
		return (double)m->segments[k];
	case BRAID_MATRIX_COVERAGE:
		return m->words_total[row] ? (double)m->words[k] / (double)m->words_total[row] : 0;
	default:
		return 0; /* a text cell */
	}
}

static int is_text(enum braid_matrix_value value)
{
	return value == BRAID_MATRIX_QUOTES || value == BRAID_MATRIX_SUMMARY;
}

void braid_matrix_listing(const struct braid_matrix *m, enum braid_matrix_value value,
			  struct braid_listing *l, struct braid_column *cols)
{
	static const char *const head[BRAID_MATRIX_ROWS_N][2] = {
		[BRAID_ROWS_CASES] = { "CASE", "case" },
		[BRAID_ROWS_DOCS] = { "DOC", "doc" },
		[BRAID_ROWS_SPEAKERS] = { "SPEAKER", "speaker" },
	};
	size_t n = 0;

	cols[n++] = (struct braid_column){ head[m->by][0], head[m->by][1], BRAID_VAL_STR, 0, 0 };
	for (size_t i = 0; i < m->ncols; i++)
		cols[n++] = is_text(value) ? (struct braid_column){ m->slugs[i], m->slugs[i],
								    BRAID_VAL_STR, 0, 40 }
			: (struct braid_column){
				  m->slugs[i], m->slugs[i],
				  value == BRAID_MATRIX_COVERAGE ? BRAID_VAL_REAL : BRAID_VAL_INT,
				  BRAID_COL_RIGHT | (value == BRAID_MATRIX_COVERAGE ? BRAID_COL_SHARE : 0u),
				  0
			  };
	for (size_t i = 0; i < m->nvars; i++) {
		int num = m->vars[i].numeric;

		cols[n++] = (struct braid_column){ m->vars[i].name, m->vars[i].name,
						   num ? BRAID_VAL_REAL : BRAID_VAL_STR,
						   num ? BRAID_COL_RIGHT : 0u, 0 };
	}
	*l = (struct braid_listing){ "matrix", cols, n, NULL, 0, 0 };
}

struct braid_value braid_matrix_var_value(const struct braid_matrix *m, size_t var, size_t r)
{
	const struct braid_matrix_var *v = &m->vars[var];

	if (!v->text[r])
		return braid_val_null();
	return v->numeric ? braid_val_real(v->num[r]) : braid_val_str(v->text[r]);
}

void braid_matrix_values(const struct braid_matrix *m, size_t r, enum braid_matrix_value value,
			 struct braid_row *row)
{
	size_t n = 0;

	row->v[n++] = braid_val_str(m->rows[r]);
	for (size_t i = 0; i < m->ncols; i++) {
		double x = braid_matrix_cell(m, r, i, value);

		if (is_text(value))
			row->v[n++] = braid_val_str(m->text ? m->text[r * m->ncols + i] : NULL);
		else
			row->v[n++] = value == BRAID_MATRIX_COVERAGE ? braid_val_real(x)
								     : braid_val_int((int64_t)x);
	}
	for (size_t i = 0; i < m->nvars; i++)
		row->v[n++] = braid_matrix_var_value(m, i, r);
}
