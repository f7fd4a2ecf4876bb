/*
 * triangulate.c - the joint display: the matrix's presence column of each
 * theme against one survey variable, through stats.c. The cases and the
 * counting are the matrix's (quantitize.c), so a joint display and the
 * matrix of the same project never disagree.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/json.h"
#include "braid/quantitize.h"
#include "braid/strbuf.h"
#include "braid/triangulate.h"

static void warnings_text(unsigned w, struct strbuf *out)
{
	strbuf_reset(out);
	for (unsigned bit = 0; bit < BRAID_STATS_NWARNINGS; bit++) {
		const char *t = (w & (1u << bit)) ? braid_stats_warning_text(1u << bit) : NULL;

		if (t)
			strbuf_addf(out, "%s%s", out->len ? "; " : "", t);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One row per level (sorted) of a categorical variable: the cases there, those with the theme. */
static int levels_rows(const struct braid_matrix *m, const struct braid_matrix_var *v,
		       const int *x, struct braid_joint_row *row,
		       int (*cb)(const struct braid_joint_row *row, void *ctx), void *ctx)
{
	const char **lv = xcalloc(m->nrows + 1, sizeof(*lv));
	size_t n = 0;
	int rc = 0;

	for (size_t r = 0; r < m->nrows; r++)
		if (v->text[r])
			lv[n++] = v->text[r];
	qsort(lv, n, sizeof(*lv), cmp_str);
	for (size_t i = 0; !rc && i < n; i++) {
		if (i && !strcmp(lv[i - 1], lv[i]))
			continue;
		row->level = lv[i];
		row->with = row->n = 0;
		for (size_t r = 0; r < m->nrows; r++) {
			if (v->text[r] && !strcmp(v->text[r], lv[i])) {
				row->n++;
				row->with += x[r] != 0;
			}
		}
		rc = cb(row, ctx);
	}
	free(lv);
	return rc;
}

int braid_triangulate_by(struct braid_store *st, const struct braid_joint_opts *o,
			 enum braid_joint_kind *kind,
			 int (*cb)(const struct braid_joint_row *row, void *ctx), void *ctx,
			 struct braid_err *err)
{
	const char *vars[1] = { o->var };
	struct braid_matrix_opts mo = { o->coder, vars, 1 };
	struct braid_matrix m;
	struct braid_matrix_var *v;
	struct strbuf w = STRBUF_INIT;
	size_t *cols = NULL, ncols = 0;
	int *x = NULL, *yi = NULL;
	double *yd = NULL;
	enum braid_joint_kind k;
	int rc = braid_matrix_themes(st, &mo, &m, err);

	if (rc)
		goto out;
	v = &m.vars[0];
	if (!strcmp(v->type, "binary")) {
		k = BRAID_JOINT_BINARY;
	} else if (!strcmp(v->type, "numeric")) {
		k = BRAID_JOINT_NUMERIC;
	} else if (!strcmp(v->type, "categorical")) {
		k = BRAID_JOINT_LEVELS;
	} else {
		rc = braid_errorf(err, BRAID_EINVAL,
				  "'%s' is %s: joint displays of %s variables are not built yet",
				  o->var, v->type, v->type);
		goto out;
	}
	cols = xcalloc(m.ncols + o->nthemes + 1, sizeof(*cols));
	if (o->themes) {
		for (size_t i = 0; i < o->nthemes; i++) {
			size_t c = 0;

			while (c < m.ncols && strcmp(m.slugs[c], o->themes[i]))
				c++;
			if (c == m.ncols) {
				rc = braid_errorf(err, BRAID_ENOTFOUND, "no theme '%s' in play",
						  o->themes[i]);
				goto out;
			}
			cols[ncols++] = c;
		}
	} else {
		for (size_t c = 0; c < m.ncols; c++)
			cols[ncols++] = c;
	}
	if (kind)
		*kind = k;
	x = xcalloc(m.nrows + 1, sizeof(*x));
	yi = xcalloc(m.nrows + 1, sizeof(*yi));
	yd = xcalloc(m.nrows + 1, sizeof(*yd));
	for (size_t r = 0; r < m.nrows; r++) {
		yi[r] = v->has_num[r] ? (int)v->num[r] : BRAID_STATS_NA;
		yd[r] = v->has_num[r] ? v->num[r] : NAN;
	}
	for (size_t i = 0; !rc && i < ncols; i++) {
		size_t c = cols[i];
		struct braid_joint_row row;

		memset(&row, 0, sizeof(row));
		row.slug = m.slugs[c];
		row.name = m.names[c];
		row.kind = k;
		for (size_t r = 0; r < m.nrows; r++)
			x[r] = braid_matrix_cell(&m, r, c, BRAID_MATRIX_PRESENCE) > 0;
		if (!m.nrows)
			continue;
		if (k == BRAID_JOINT_LEVELS) {
			rc = levels_rows(&m, v, x, &row, cb, ctx);
			continue;
		}
		if (k == BRAID_JOINT_BINARY)
			rc = braid_stats_2x2(x, yi, m.nrows, &row.t2, err);
		else
			rc = braid_stats_groups(x, yd, m.nrows, &row.g, err);
		if (rc)
			break;
		warnings_text(k == BRAID_JOINT_BINARY ? row.t2.warnings : row.g.warnings, &w);
		row.warnings = w.len ? w.buf : NULL;
		rc = cb(&row, ctx);
	}
out:
	free(cols);
	free(x);
	free(yi);
	free(yd);
	strbuf_release(&w);
	braid_matrix_release(&m);
	return rc;
}

/*
 * The data formats carry every figure whole; the table shows them composed
 * to a few decimals (C locale, braid_real_fixed_text), in the four cells a
 * row has room to compose.
 */
#define D_ (BRAID_COL_DATA)
#define T_ (BRAID_COL_TABLE)
static const struct braid_column binary_cols[] = {
	{ "THEME", "theme", BRAID_VAL_STR, 0, 0 },
	{ "NAME", "name", BRAID_VAL_STR, D_, 0 },
	{ "VAR = 1: WITH THEME", NULL, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0 },
	{ "VAR = 0: WITH THEME", NULL, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0 },
	{ "OR [95% CI]", NULL, BRAID_VAL_STR, T_, 0 },
	{ "FISHER P", NULL, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0 },
	{ "WITH (=1)", "with_1", BRAID_VAL_INT, D_, 0 },
	{ "OF", "n_1", BRAID_VAL_INT, D_, 0 },
	{ "%", "share_1", BRAID_VAL_REAL, D_, 0 },
	{ "WITH (=0)", "with_0", BRAID_VAL_INT, D_, 0 },
	{ "OF", "n_0", BRAID_VAL_INT, D_, 0 },
	{ "%", "share_0", BRAID_VAL_REAL, D_, 0 },
	{ "OR", "or", BRAID_VAL_REAL, D_, 0 },
	{ "95% LOW", "or_low", BRAID_VAL_REAL, D_, 0 },
	{ "95% HIGH", "or_high", BRAID_VAL_REAL, D_, 0 },
	{ "CORRECTED", "corrected", BRAID_VAL_BOOL, D_, 0 },
	{ "FISHER P", "fisher_p", BRAID_VAL_REAL, D_, 0 },
	{ "WARNINGS", "warnings", BRAID_VAL_STR, 0, 0 },
};
static const struct braid_column numeric_cols[] = {
	{ "THEME", "theme", BRAID_VAL_STR, 0, 0 },
	{ "NAME", "name", BRAID_VAL_STR, D_, 0 },
	{ "WITH: N MEAN (SD)", NULL, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0 },
	{ "WITHOUT: N MEAN (SD)", NULL, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0 },
	{ "WELCH", NULL, BRAID_VAL_STR, T_, 0 },
	{ "MANN-WHITNEY", NULL, BRAID_VAL_STR, T_, 0 },
	{ "N WITH", "n_with", BRAID_VAL_INT, D_, 0 },
	{ "MEAN", "mean_with", BRAID_VAL_REAL, D_, 0 },
	{ "SD", "sd_with", BRAID_VAL_REAL, D_, 0 },
	{ "N WITHOUT", "n_without", BRAID_VAL_INT, D_, 0 },
	{ "MEAN", "mean_without", BRAID_VAL_REAL, D_, 0 },
	{ "SD", "sd_without", BRAID_VAL_REAL, D_, 0 },
	{ "DIFF", "diff", BRAID_VAL_REAL, D_, 0 },
	{ "T", "t", BRAID_VAL_REAL, D_, 0 },
	{ "DF", "df", BRAID_VAL_REAL, D_, 0 },
	{ "P (WELCH)", "t_p", BRAID_VAL_REAL, D_, 0 },
	{ "U", "u", BRAID_VAL_REAL, D_, 0 },
	{ "P (MW)", "u_p", BRAID_VAL_REAL, D_, 0 },
	{ "R PB", "r_pb", BRAID_VAL_REAL, D_, 0 },
	{ "WARNINGS", "warnings", BRAID_VAL_STR, 0, 0 },
};
#undef D_
#undef T_

const struct braid_listing braid_joint_binary_listing = {
	"joint", binary_cols, sizeof(binary_cols) / sizeof(binary_cols[0]), NULL, 0, 0
};
static const struct braid_column levels_cols[] = {
	{ "THEME", "theme", BRAID_VAL_STR, 0, 0 },
	{ "NAME", "name", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	{ "LEVEL", "level", BRAID_VAL_STR, 0, 0 },
	{ "WITH THEME", NULL, BRAID_VAL_STR, BRAID_COL_TABLE | BRAID_COL_RIGHT, 0 },
	{ "WITH", "with", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	{ "N", "n", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	{ "SHARE", "share", BRAID_VAL_REAL, BRAID_COL_DATA, 0 },
};
const struct braid_listing braid_joint_levels_listing = {
	"joint", levels_cols, sizeof(levels_cols) / sizeof(levels_cols[0]), NULL, 0, 0
};
const struct braid_listing braid_joint_numeric_listing = {
	"joint", numeric_cols, sizeof(numeric_cols) / sizeof(numeric_cols[0]), NULL, 0, 0
};

/* Appends x to `decimals` places, or "-" when undefined. */
static void fixed(const struct braid_rel_value *x, int decimals, struct strbuf *out)
{
	if (x->defined)
		braid_real_fixed_text(x->v, decimals, out);
	else
		strbuf_addch(out, '-');
}

static struct braid_value composed(struct braid_row *row, int i)
{
	return braid_val_strn(row->text[i].buf, row->text[i].len);
}

/* "3/4 (75.0%)" */
static void group_text(size_t k, size_t n, struct strbuf *out)
{
	strbuf_addf(out, "%zu/%zu", k, n);
	if (n) {
		strbuf_addstr(out, " (");
		braid_real_fixed_text(100.0 * (double)k / (double)n, 1, out);
		strbuf_addstr(out, "%)");
	}
}

/* "4 4.00 (0.82)" */
static void mean_text(size_t n, const struct braid_rel_value *m, const struct braid_rel_value *sd,
		      struct strbuf *out)
{
	strbuf_addf(out, "%zu ", n);
	fixed(m, 2, out);
	strbuf_addstr(out, " (");
	fixed(sd, 2, out);
	strbuf_addch(out, ')');
}

static void table_cells(const struct braid_joint_row *r, struct braid_row *row)
{
	struct strbuf *c[4];

	for (int i = 0; i < 4; i++) {
		strbuf_reset(&row->text[i]);
		c[i] = &row->text[i];
	}
	if (r->kind == BRAID_JOINT_BINARY) {
		const struct braid_stats_2x2 *t = &r->t2;

		group_text(t->count[1][1], t->count[0][1] + t->count[1][1], c[0]);
		group_text(t->count[1][0], t->count[0][0] + t->count[1][0], c[1]);
		fixed(&t->odds_ratio, 2, c[2]);
		strbuf_addstr(c[2], " [");
		fixed(&t->or_low, 2, c[2]);
		strbuf_addstr(c[2], ", ");
		fixed(&t->or_high, 2, c[2]);
		strbuf_addstr(c[2], t->corrected ? "] (+0.5)" : "]");
		fixed(&t->fisher_p, 3, c[3]);
	} else {
		const struct braid_stats_groups *g = &r->g;

		mean_text(g->n1, &g->mean1, &g->sd1, c[0]);
		mean_text(g->n0, &g->mean0, &g->sd0, c[1]);
		strbuf_addstr(c[2], "t ");
		fixed(&g->t, 2, c[2]);
		strbuf_addstr(c[2], ", df ");
		fixed(&g->df, 1, c[2]);
		strbuf_addstr(c[2], ", p ");
		fixed(&g->t_p, 3, c[2]);
		strbuf_addstr(c[3], "U ");
		fixed(&g->u, 1, c[3]);
		strbuf_addstr(c[3], ", p ");
		fixed(&g->u_p, 3, c[3]);
	}
}

static struct braid_value rel(const struct braid_rel_value *v)
{
	return v->defined ? braid_val_real(v->v) : braid_val_null();
}

static struct braid_value share(size_t k, size_t n)
{
	return n ? braid_val_real((double)k / (double)n) : braid_val_null();
}

void braid_joint_values(const struct braid_joint_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	size_t n = 0;

	v[n++] = braid_val_str(r->slug);
	v[n++] = braid_val_str(r->name);
	if (r->kind == BRAID_JOINT_LEVELS) {
		strbuf_reset(&row->text[0]);
		group_text(r->with, r->n, &row->text[0]);
		v[n++] = braid_val_str(r->level);
		v[n++] = composed(row, 0);
		v[n++] = braid_val_int((int64_t)r->with);
		v[n++] = braid_val_int((int64_t)r->n);
		v[n++] = share(r->with, r->n);
		return;
	}
	table_cells(r, row);
	for (int i = 0; i < 4; i++)
		v[n++] = composed(row, i);
	if (r->kind == BRAID_JOINT_BINARY) {
		const struct braid_stats_2x2 *t = &r->t2;
		size_t n1 = t->count[0][1] + t->count[1][1], n0 = t->count[0][0] + t->count[1][0];

		v[n++] = braid_val_int((int64_t)t->count[1][1]);
		v[n++] = braid_val_int((int64_t)n1);
		v[n++] = share(t->count[1][1], n1);
		v[n++] = braid_val_int((int64_t)t->count[1][0]);
		v[n++] = braid_val_int((int64_t)n0);
		v[n++] = share(t->count[1][0], n0);
		v[n++] = rel(&t->odds_ratio);
		v[n++] = rel(&t->or_low);
		v[n++] = rel(&t->or_high);
		v[n++] = braid_val_bool(t->corrected);
		v[n++] = rel(&t->fisher_p);
	} else {
		const struct braid_stats_groups *g = &r->g;

		v[n++] = braid_val_int((int64_t)g->n1);
		v[n++] = rel(&g->mean1);
		v[n++] = rel(&g->sd1);
		v[n++] = braid_val_int((int64_t)g->n0);
		v[n++] = rel(&g->mean0);
		v[n++] = rel(&g->sd0);
		v[n++] = rel(&g->diff);
		v[n++] = rel(&g->t);
		v[n++] = rel(&g->df);
		v[n++] = rel(&g->t_p);
		v[n++] = rel(&g->u);
		v[n++] = rel(&g->u_p);
		v[n++] = rel(&g->r_pb);
	}
	v[n++] = braid_val_str(r->warnings);
}
