/*
 * segexport.c - the segments sheet (see include/braid/segments.h): the
 * codings as braid_codings_each lists them, with each turn's times, each
 * code's path and the case's survey values added from what is loaded once
 * (the code tree, the variables of every case) or once per document (its
 * turns' times, no text).
 */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/quantitize.h"
#include "braid/segments.h"
#include "braid/themes.h"
#include "braid/transcript.h"
#include "db.h"

enum { SG_ID, SG_DOC, SG_CASE, SG_SPEAKER, SG_ROLE, SG_TURN, SG_START_MS, SG_END_MS, SG_START,
       SG_END, SG_CODE, SG_PATH, SG_CODER, SG_ORIGIN, SG_STATUS, SG_TEXT, SG_MEMO, SG_N };
static const struct braid_column sg_cols[] = {
	[SG_ID] = { "ID", "id", BRAID_VAL_INT, BRAID_COL_HASH | BRAID_COL_RIGHT, 0 },
	[SG_DOC] = { "DOC", "doc", BRAID_VAL_STR, 0, 0 },
	[SG_CASE] = { "CASE", "case", BRAID_VAL_STR, 0, 0 },
	[SG_SPEAKER] = { "SPEAKER", "speaker", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SG_ROLE] = { "ROLE", "role", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SG_TURN] = { "TURN", "turn", BRAID_VAL_INT, BRAID_COL_HASH | BRAID_COL_RIGHT, 0 },
	[SG_START_MS] = { "START_MS", "start_ms", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	[SG_END_MS] = { "END_MS", "end_ms", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	[SG_START] = { "START", "start", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	[SG_END] = { "END", "end", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	[SG_CODE] = { "CODE ID", "code", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SG_PATH] = { "CODE", "code_path", BRAID_VAL_STR, 0, 40 },
	[SG_CODER] = { "CODER", "coder", BRAID_VAL_STR, 0, 0 },
	[SG_ORIGIN] = { "ORIGIN", "origin", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SG_STATUS] = { "STATUS", "status", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SG_TEXT] = { "TEXT", "text", BRAID_VAL_STR, 0, 50 },
	[SG_MEMO] = { "MEMO", "memo", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
};
_Static_assert(sizeof(sg_cols) / sizeof(sg_cols[0]) == SG_N, "a segment column is missing");

struct braid_segtable {
	struct braid_store *st;
	struct braid_segtable_opts o;
	struct braid_listing l;
	struct braid_column *cols;
	struct braid_code_tree tree;
	char **path;          /* per tree node: its names from the top */
	char **codes;         /* the theme's codes (slugs), or NULL */
	size_t ncodes;
	struct braid_matrix cases; /* every case by name, the variables joined */
	struct braid_value *v;
	/* the document whose turns' times are loaded, and those times by turn number */
	char *doc;
	int64_t (*times)[2];
	size_t ntimes;
	sqlite3_stmt *turns;
	int (*fn)(const struct braid_value *v, void *ctx);
	void *ctx;
	struct braid_err *err;
};

static int add_case(sqlite3_stmt *s, void *ctx)
{
	struct braid_matrix *m = ctx;

	m->rows = xrealloc(m->rows, (m->nrows + 1) * sizeof(*m->rows));
	m->rows[m->nrows++] = xstrdup(db_col_text(s, 0));
	return 0;
}

/* Every case's name, in strcmp order (SQLite's binary collation), with the variables joined. */
static int cases_load(struct braid_segtable *t, struct braid_err *err)
{
	struct braid_matrix_opts mo = { NULL, t->o.vars, t->o.nvars, BRAID_ROWS_CASES };
	sqlite3_stmt *s;
	int rc;

	if (!t->o.nvars)
		return 0;
	if ((rc = db_prepare(t->st, "SELECT name FROM cases ORDER BY name", &s, err)))
		return rc;
	rc = db_each(t->st, s, add_case, &t->cases, "cannot read the cases", err);
	sqlite3_finalize(s);
	return rc ? rc : braid_matrix_join(t->st, &mo, &t->cases, err);
}

struct theme_codes {
	struct braid_segtable *t;
	int64_t theme;
	int64_t *in; /* the theme and its sub-themes so far (tree order: parents first) */
	size_t nin;
};

static int theme_codes_row(const struct braid_theme_row *r, void *ctx)
{
	struct theme_codes *tc = ctx;
	int in = r->id == tc->theme;

	for (size_t i = 0; !in && i < tc->nin; i++)
		in = r->parent_id == tc->in[i];
	if (!in)
		return 0;
	tc->in = xrealloc(tc->in, (tc->nin + 1) * sizeof(*tc->in));
	tc->in[tc->nin++] = r->id;
	for (size_t i = 0; i < r->ncodes; i++) {
		size_t k = 0;

		while (k < tc->t->ncodes && strcmp(tc->t->codes[k], r->codes[i]))
			k++;
		if (k < tc->t->ncodes)
			continue;
		tc->t->codes = xrealloc(tc->t->codes, (tc->t->ncodes + 1) * sizeof(*tc->t->codes));
		tc->t->codes[tc->t->ncodes++] = xstrdup(r->codes[i]);
	}
	return 0;
}

int braid_segtable_open(struct braid_store *st, const struct braid_segtable_opts *opts,
			struct braid_segtable **out, struct braid_err *err)
{
	struct braid_segtable *t = xcalloc(1, sizeof(*t));
	struct strbuf p = STRBUF_INIT;
	int rc;

	*out = t;
	t->st = st;
	t->o = *opts;
	braid_code_tree_init(&t->tree);
	t->cols = xcalloc(SG_N + opts->nvars, sizeof(*t->cols));
	memcpy(t->cols, sg_cols, sizeof(sg_cols));
	rc = braid_code_tree_load(st, BRAID_CODES_ALL | BRAID_CODES_NOCOUNT, &t->tree, err);
	if (!rc && opts->theme) {
		struct theme_codes tc = { t, 0, NULL, 0 };
		struct braid_theme_filter f = { 0, NULL };

		rc = braid_theme_find(st, opts->theme, &tc.theme, err);
		if (!rc)
			rc = braid_themes_each(st, &f, theme_codes_row, &tc, err);
		free(tc.in);
	}
	if (!rc)
		rc = cases_load(t, err);
	if (!rc)
		rc = db_prepare(st,
				"SELECT t.idx, t.start_ms, t.end_ms FROM turns t"
				" JOIN documents d ON d.id = t.doc_id WHERE d.name = ?1",
				&t->turns, err);
	if (rc)
		return rc;
	t->path = xcalloc(t->tree.n + 1, sizeof(*t->path));
	for (size_t i = 0; i < t->tree.n; i++) {
		const struct braid_code_node *k = &t->tree.v[i];

		strbuf_reset(&p);
		if (k->parent != BRAID_NO_NODE)
			strbuf_addf(&p, "%s > ", t->path[k->parent]);
		strbuf_addstr(&p, k->name);
		t->path[i] = xstrdup(p.buf);
	}
	strbuf_release(&p);
	for (size_t i = 0; i < t->cases.nvars; i++)
		t->cols[SG_N + i] = (struct braid_column){
			t->cases.vars[i].name, t->cases.vars[i].name,
			t->cases.vars[i].numeric ? BRAID_VAL_REAL : BRAID_VAL_STR,
			BRAID_COL_DATA | (t->cases.vars[i].numeric ? BRAID_COL_RIGHT : 0u), 0
		};
	t->l = (struct braid_listing){ "segments", t->cols, SG_N + t->cases.nvars, NULL, 0, 0 };
	t->v = xcalloc(t->l.ncols, sizeof(*t->v));
	return 0;
}

const struct braid_listing *braid_segtable_listing(const struct braid_segtable *t)
{
	return &t->l;
}

static int time_row(sqlite3_stmt *s, void *ctx)
{
	struct braid_segtable *t = ctx;
	size_t idx = (size_t)sqlite3_column_int64(s, 0);

	if (idx >= t->ntimes) {
		size_t n = idx + 64;

		t->times = xrealloc(t->times, n * sizeof(*t->times));
		for (size_t i = t->ntimes; i < n; i++)
			t->times[i][0] = t->times[i][1] = BRAID_NO_TIME;
		t->ntimes = n;
	}
	t->times[idx][0] = sqlite3_column_type(s, 1) == SQLITE_NULL ? BRAID_NO_TIME
								    : sqlite3_column_int64(s, 1);
	t->times[idx][1] = sqlite3_column_type(s, 2) == SQLITE_NULL ? BRAID_NO_TIME
								    : sqlite3_column_int64(s, 2);
	return 0;
}

/* The document's turns' times, once per document (codings come document by document). */
static int times_load(struct braid_segtable *t, const char *doc)
{
	int rc;

	if (t->doc && !strcmp(t->doc, doc))
		return 0;
	free(t->doc);
	t->doc = xstrdup(doc);
	for (size_t i = 0; i < t->ntimes; i++)
		t->times[i][0] = t->times[i][1] = BRAID_NO_TIME;
	db_bind_text(t->turns, 1, doc, -1);
	rc = db_each(t->st, t->turns, time_row, t, "cannot read the turns", t->err);
	sqlite3_reset(t->turns);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int seg_row(const struct braid_coding_row *r, void *ctx)
{
	struct braid_segtable *t = ctx;
	struct braid_value *v = t->v;
	const struct braid_code_node *k = NULL;
	int64_t start_ms = BRAID_NO_TIME, end_ms = BRAID_NO_TIME;
	int rc;

	if ((rc = times_load(t, r->doc)))
		return rc;
	braid_code_tree_find(&t->tree, r->code, &k, NULL);
	if (r->turn > 0 && (size_t)r->turn < t->ntimes) {
		start_ms = t->times[r->turn][0];
		end_ms = t->times[r->turn][1];
	}
	v[SG_ID] = braid_val_int(r->id);
	v[SG_DOC] = braid_val_str(r->doc);
	v[SG_CASE] = braid_val_str(r->case_name);
	v[SG_SPEAKER] = braid_val_str(r->speaker);
	v[SG_ROLE] = braid_val_str(r->role);
	v[SG_TURN] = braid_val_int_or_null(r->turn, 0);
	v[SG_START_MS] = braid_val_int_or_null(start_ms, BRAID_NO_TIME);
	v[SG_END_MS] = braid_val_int_or_null(end_ms, BRAID_NO_TIME);
	v[SG_START] = braid_val_int(r->start);
	v[SG_END] = braid_val_int(r->end);
	v[SG_CODE] = braid_val_str(r->code);
	v[SG_PATH] = braid_val_str(k ? t->path[k - t->tree.v] : r->code_name);
	v[SG_CODER] = braid_val_str(r->coder);
	v[SG_ORIGIN] = braid_val_str(r->origin);
	v[SG_STATUS] = braid_val_str(r->status);
	v[SG_TEXT] = braid_val_strn(r->text, r->text_len);
	v[SG_MEMO] = braid_val_str(r->memo);
	for (size_t i = 0; i < t->cases.nvars; i++) {
		char **hit = r->case_name ? bsearch(&r->case_name, t->cases.rows, t->cases.nrows,
						    sizeof(*t->cases.rows), cmp_name)
					  : NULL;

		v[SG_N + i] = hit ? braid_matrix_var_value(&t->cases, i, (size_t)(hit - t->cases.rows))
				  : braid_val_null();
	}
	return t->fn(v, t->ctx);
}

int braid_segtable_each(struct braid_segtable *t,
			int (*fn)(const struct braid_value *v, void *ctx), void *ctx,
			struct braid_err *err)
{
	struct braid_coding_filter f = { 0 };
	int rc = 0;

	t->fn = fn;
	t->ctx = ctx;
	t->err = err;
	f.coder = t->o.coder;
	if (!t->o.theme) {
		f.code = t->o.code;
		f.children = t->o.code != NULL;
		return braid_codings_each(t->st, &f, seg_row, t, err);
	}
	/* a theme's codes one by one: each code's own codings, as prevalence counts them */
	for (size_t i = 0; !rc && i < t->ncodes; i++) {
		f.code = t->codes[i];
		rc = braid_codings_each(t->st, &f, seg_row, t, err);
	}
	return rc;
}

void braid_segtable_free(struct braid_segtable *t)
{
	if (!t)
		return;
	for (size_t i = 0; t->path && i < t->tree.n; i++)
		free(t->path[i]);
	free(t->path);
	for (size_t i = 0; i < t->ncodes; i++)
		free(t->codes[i]);
	free(t->codes);
	braid_code_tree_release(&t->tree);
	braid_matrix_release(&t->cases);
	sqlite3_finalize(t->turns);
	free(t->cols);
	free(t->v);
	free(t->doc);
	free(t->times);
	free(t);
}
