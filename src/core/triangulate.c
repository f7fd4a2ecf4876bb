/*
 * triangulate.c - the joint display: the matrix's presence column of each
 * theme against one survey variable, through stats.c. The cases and the
 * counting are the matrix's (quantitize.c), so a joint display and the
 * matrix of the same project never disagree.
 *
 * The display is computed whole (its rows are the themes, a few dozen)
 * because the adjusted p-values need every row's p. The table's composed
 * cells are made with the figures and kept in the display, so that the
 * listing's values borrow from it; one walk over the columns (walk())
 * both declares the listing and fills a row, so the two cannot drift.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/json.h"
#include "braid/quantitize.h"
#include "braid/strbuf.h"
#include "braid/themes.h"
#include "braid/triangulate.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ---- composed cells ---- */

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
static void mean_text(const struct braid_joint_cell *c, struct strbuf *out)
{
	strbuf_addf(out, "%zu ", c->nv);
	braid_stats_fixed(&c->mean, 2, out);
	strbuf_addstr(out, " (");
	braid_stats_fixed(&c->sd, 2, out);
	strbuf_addch(out, ')');
}

/* The level of a score, "-" when undefined. */
static const char *level_of(const struct braid_joint *j, const struct braid_rel_value *x)
{
	size_t k = x->defined ? (size_t)x->v : 0;

	return k >= 1 && k <= j->nlevels ? j->levels[k - 1] : "-";
}

/* "5 medium [low, high]": n, the median and the quartiles */
static void median_text(const struct braid_joint *j, const struct braid_joint_cell *c,
			struct strbuf *out)
{
	strbuf_addf(out, "%zu %s [%s, %s]", c->nv, level_of(j, &c->median), level_of(j, &c->q1),
		    level_of(j, &c->q3));
}

static void test_text(const struct braid_joint *j, const struct braid_joint_row *r,
		      struct strbuf *out)
{
	switch (j->kind) {
	case BRAID_JOINT_BINARY:
		strbuf_addstr(out, "OR ");
		braid_stats_ci_text(&r->t2.odds_ratio, &r->t2.or_low, &r->t2.or_high, 2, out);
		strbuf_addstr(out, r->t2.corrected ? " (+0.5), Fisher p " : ", Fisher p ");
		braid_stats_p_text(&r->t2.fisher_p, out);
		break;
	case BRAID_JOINT_NUMERIC:
		strbuf_addstr(out, "t ");
		braid_stats_fixed(&r->g.t, 2, out);
		strbuf_addstr(out, ", df ");
		braid_stats_fixed(&r->g.df, 1, out);
		strbuf_addstr(out, ", p ");
		braid_stats_p_text(&r->g.t_p, out);
		strbuf_addstr(out, "; U ");
		braid_stats_fixed(&r->g.u, 1, out);
		strbuf_addstr(out, ", p ");
		braid_stats_p_text(&r->g.u_p, out);
		break;
	case BRAID_JOINT_ORDINAL:
		strbuf_addstr(out, "U ");
		braid_stats_fixed(&r->g.u, 1, out);
		strbuf_addstr(out, ", p ");
		braid_stats_p_text(&r->g.u_p, out);
		break;
	case BRAID_JOINT_LEVELS:
		strbuf_addstr(out, "chi2 ");
		braid_stats_fixed(&r->chi.chi2, 2, out);
		strbuf_addstr(out, ", df ");
		braid_stats_fixed(&r->chi.df, 0, out);
		strbuf_addstr(out, ", p ");
		braid_stats_p_text(&r->chi.p, out);
		break;
	}
}

/* ---- the figures ---- */

struct data {
	const struct braid_matrix *m;
	const struct braid_matrix_var *v;
	int *x, *yi;
	double *yd;
	size_t *level; /* categorical: each case's group, (size_t)-1 when missing */
};

/* Median and quartiles of the scores of the cases with presence `with`. */
static void quartiles(const struct data *d, int with, struct braid_joint_cell *c)
{
	double *s = xcalloc(d->m->nrows + 1, sizeof(*s));
	size_t n = 0;

	for (size_t r = 0; r < d->m->nrows; r++)
		if (d->x[r] == with && !isnan(d->yd[r]))
			s[n++] = d->yd[r];
	qsort(s, n, sizeof(*s), cmp_double);
	if (n) {
		c->median = (struct braid_rel_value){ true, braid_stats_quantile_sorted(s, n, 0.5), NULL };
		c->q1 = (struct braid_rel_value){ true, braid_stats_quantile_sorted(s, n, 0.25), NULL };
		c->q3 = (struct braid_rel_value){ true, braid_stats_quantile_sorted(s, n, 0.75), NULL };
	} else {
		c->median = c->q1 = c->q3 = (struct braid_rel_value){ false, 0, "no cases" };
	}
	free(s);
}

static int row_figures(struct braid_joint *j, const struct data *d, struct braid_joint_row *row,
		       struct braid_err *err)
{
	const struct braid_matrix *m = d->m;
	unsigned warnings = 0;
	int rc = 0;

	switch (j->kind) {
	case BRAID_JOINT_BINARY:
		rc = braid_stats_2x2(d->x, d->yi, m->nrows, &row->t2, err);
		for (int g = 0; g < 2; g++) {
			/* group 0 is VAR = 1 */
			row->cell[g].with = row->t2.count[1][1 - g];
			row->cell[g].n = row->t2.count[0][1 - g] + row->t2.count[1][1 - g];
		}
		row->p = row->t2.fisher_p;
		warnings = row->t2.warnings;
		break;
	case BRAID_JOINT_NUMERIC:
	case BRAID_JOINT_ORDINAL:
		rc = braid_stats_groups(d->x, d->yd, m->nrows, &row->g, err);
		row->cell[0].nv = row->g.n1;
		row->cell[1].nv = row->g.n0;
		row->cell[0].mean = row->g.mean1;
		row->cell[1].mean = row->g.mean0;
		row->cell[0].sd = row->g.sd1;
		row->cell[1].sd = row->g.sd0;
		if (j->kind == BRAID_JOINT_ORDINAL) {
			quartiles(d, 1, &row->cell[0]);
			quartiles(d, 0, &row->cell[1]);
		}
		row->p = j->kind == BRAID_JOINT_NUMERIC ? row->g.t_p : row->g.u_p;
		warnings = row->g.warnings;
		break;
	case BRAID_JOINT_LEVELS: {
		size_t *t = xcalloc(2 * j->ngroups + 1, sizeof(*t));

		for (size_t r = 0; r < m->nrows; r++)
			if (d->level[r] != (size_t)-1)
				t[d->level[r] * 2 + (d->x[r] ? 0 : 1)]++;
		for (size_t g = 0; g < j->ngroups; g++) {
			row->cell[g].with = t[g * 2];
			row->cell[g].n = t[g * 2] + t[g * 2 + 1];
		}
		braid_stats_chisq(t, j->ngroups, 2, &row->chi);
		free(t);
		row->p = row->chi.p;
		warnings = row->chi.warnings;
		break;
	}
	}
	if (!rc && warnings) {
		struct strbuf w = STRBUF_INIT;

		braid_stats_warnings_text(warnings, &w);
		row->warnings = strbuf_detach(&w, NULL);
	}
	return rc;
}

/* The groups of the display: their labels and keys. */
static void groups(struct braid_joint *j, const struct braid_matrix *m, const struct braid_matrix_var *v)
{
	struct strbuf sb = STRBUF_INIT;

	switch (j->kind) {
	case BRAID_JOINT_BINARY:
		j->ngroups = 2;
		j->group = xcalloc(3, sizeof(*j->group));
		j->group_key = xcalloc(3, sizeof(*j->group_key));
		for (int g = 0; g < 2; g++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s = %d", j->var, 1 - g);
			j->group[g] = xstrdup(sb.buf);
			j->group_key[g] = xstrdup(g ? "0" : "1");
		}
		break;
	case BRAID_JOINT_NUMERIC:
	case BRAID_JOINT_ORDINAL:
		j->ngroups = 2;
		j->group = xcalloc(3, sizeof(*j->group));
		j->group_key = xcalloc(3, sizeof(*j->group_key));
		j->group[0] = xstrdup(j->codes ? "with the code" : "with the theme");
		j->group[1] = xstrdup("without");
		j->group_key[0] = xstrdup("with");
		j->group_key[1] = xstrdup("without");
		break;
	case BRAID_JOINT_LEVELS: {
		const char **lv = xcalloc(m->nrows + 1, sizeof(*lv));
		size_t n = 0;

		for (size_t r = 0; r < m->nrows; r++)
			if (v->text[r])
				lv[n++] = v->text[r];
		qsort(lv, n, sizeof(*lv), cmp_str);
		j->group = xcalloc(n + 1, sizeof(*j->group));
		j->group_key = xcalloc(n + 1, sizeof(*j->group_key));
		for (size_t i = 0; i < n; i++) {
			if (i && !strcmp(lv[i - 1], lv[i]))
				continue;
			j->group[j->ngroups] = xstrdup(lv[i]);
			j->group_key[j->ngroups++] = xstrdup(lv[i]);
		}
		free(lv);
		break;
	}
	}
	strbuf_release(&sb);
}

/* ---- quotes ---- */

struct quotes {
	struct braid_joint *j;
	const struct data *d;
	const size_t *row_of_col; /* display row of each matrix column, (size_t)-1 if none */
	struct braid_err *err;
};

/* The matrix row of case `name`, (size_t)-1 when it has none. */
static size_t case_row(const struct braid_matrix *m, const char *name)
{
	for (size_t r = 0; name && r < m->nrows; r++)
		if (!strcmp(m->rows[r], name))
			return r;
	return (size_t)-1;
}

/* The group of matrix row r for the quotes: the case's group, (size_t)-1 when none. */
static size_t group_of(const struct braid_joint *j, const struct data *d, size_t r)
{
	switch (j->kind) {
	case BRAID_JOINT_BINARY:
		return d->yi[r] == 1 ? 0 : d->yi[r] == 0 ? 1 : (size_t)-1;
	case BRAID_JOINT_LEVELS:
		return d->level[r];
	default:
		return 0; /* the cases with the theme */
	}
}

static int take_quote(const struct braid_quote_row *q, void *ctx)
{
	struct quotes *qs = ctx;
	const struct braid_matrix *m = qs->d->m;
	size_t col = 0, r, g;
	struct braid_joint_cell *c;

	while (col < m->ncols && strcmp(m->slugs[col], q->theme))
		col++;
	if (col == m->ncols || qs->row_of_col[col] == (size_t)-1)
		return 0;
	r = case_row(m, q->case_name);
	if (r == (size_t)-1 || braid_matrix_cell(m, r, col, BRAID_MATRIX_PRESENCE) <= 0)
		return 0;
	g = group_of(qs->j, qs->d, r);
	if (g == (size_t)-1)
		return 0;
	c = &qs->j->rows[qs->row_of_col[col]].cell[g];
	if (c->quote)
		return 0; /* the group's first exemplar, in document order */
	c->quote = xstrndup(q->text, q->text_len);
	c->quote_case = xstrdup(q->case_name);
	c->quote_doc = xstrdup(q->doc);
	return 0;
}

/* ---- the display ---- */

static int pick_cols(const struct braid_matrix *m, const struct braid_joint_opts *o, size_t *cols,
		     size_t *ncols, struct braid_err *err)
{
	*ncols = 0;
	if (!o->themes) {
		for (size_t c = 0; c < m->ncols; c++)
			cols[(*ncols)++] = c;
		return 0;
	}
	for (size_t i = 0; i < o->nthemes; i++) {
		size_t c = 0;

		while (c < m->ncols && strcmp(m->slugs[c], o->themes[i]))
			c++;
		if (c == m->ncols)
			return braid_errorf(err, BRAID_ENOTFOUND,
					    o->codes ? "no active code '%s'" : "no theme '%s' in play",
					    o->themes[i]);
		cols[(*ncols)++] = c;
	}
	return 0;
}

static void compose(struct braid_joint *j, struct braid_joint_row *row)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t g = 0; g < j->ngroups; g++) {
		const struct braid_joint_cell *c = &row->cell[g];

		strbuf_reset(&sb);
		if (j->kind == BRAID_JOINT_NUMERIC)
			mean_text(c, &sb);
		else if (j->kind == BRAID_JOINT_ORDINAL)
			median_text(j, c, &sb);
		else
			group_text(c->with, c->n, &sb);
		row->cell[g].shown = xstrdup(sb.buf);
	}
	strbuf_reset(&sb);
	test_text(j, row, &sb);
	row->test = strbuf_detach(&sb, NULL);
	braid_stats_p_text(&row->p_adj, &sb);
	row->p_adj_shown = strbuf_detach(&sb, NULL);
}

int braid_triangulate_by(struct braid_store *st, const struct braid_joint_opts *o,
			 struct braid_joint *j, struct braid_err *err)
{
	const char *vars[1] = { o->var };
	struct braid_matrix_opts mo = { o->coder, vars, 1, BRAID_ROWS_CASES };
	struct braid_matrix m;
	const struct braid_matrix_var *v;
	struct data d = { &m, NULL, NULL, NULL, NULL, NULL };
	size_t *cols = NULL, ncols = 0, *row_of_col = NULL;
	struct braid_rel_value *p = NULL;
	int rc;

	memset(j, 0, sizeof(*j));
	j->var = xstrdup(o->var);
	j->quotes = o->quotes;
	j->codes = o->codes;
	if (o->codes && o->quotes) {
		memset(&m, 0, sizeof(m));
		rc = braid_errorf(err, BRAID_EINVAL,
				  "exemplar quotes belong to themes: --quotes cannot go with --codes");
		goto out;
	}
	rc = o->codes ? braid_matrix_codes(st, &mo, &m, err) : braid_matrix_themes(st, &mo, &m, err);
	if (rc)
		goto out;
	v = d.v = &m.vars[0];
	j->type = xstrdup(v->type);
	if (!strcmp(v->type, "binary"))
		j->kind = BRAID_JOINT_BINARY;
	else if (!strcmp(v->type, "numeric"))
		j->kind = BRAID_JOINT_NUMERIC;
	else if (!strcmp(v->type, "ordinal"))
		j->kind = BRAID_JOINT_ORDINAL;
	else
		j->kind = BRAID_JOINT_LEVELS;
	if (j->kind == BRAID_JOINT_ORDINAL) {
		j->nlevels = v->nlevels;
		j->levels = xcalloc(v->nlevels + 1, sizeof(*j->levels));
		for (size_t k = 0; k < v->nlevels; k++)
			j->levels[k] = xstrdup(v->levels[k]);
	}
	cols = xcalloc(m.ncols + o->nthemes + 1, sizeof(*cols));
	if ((rc = pick_cols(&m, o, cols, &ncols, err)))
		goto out;
	groups(j, &m, v);
	j->ncases = m.nrows;
	d.x = xcalloc(m.nrows + 1, sizeof(*d.x));
	d.yi = xcalloc(m.nrows + 1, sizeof(*d.yi));
	d.yd = xcalloc(m.nrows + 1, sizeof(*d.yd));
	d.level = xcalloc(m.nrows + 1, sizeof(*d.level));
	for (size_t r = 0; r < m.nrows; r++) {
		d.yi[r] = v->has_num[r] ? (int)v->num[r] : BRAID_STATS_NA;
		d.yd[r] = v->has_num[r] ? v->num[r] : NAN;
		d.level[r] = (size_t)-1;
		for (size_t g = 0; v->text[r] && j->kind == BRAID_JOINT_LEVELS && g < j->ngroups; g++)
			if (!strcmp(j->group[g], v->text[r]))
				d.level[r] = g;
		j->missing += j->kind == BRAID_JOINT_LEVELS ? !v->text[r] : !v->has_num[r];
	}
	j->rows = xcalloc(ncols + 1, sizeof(*j->rows));
	row_of_col = xcalloc(m.ncols + 1, sizeof(*row_of_col));
	for (size_t c = 0; c < m.ncols; c++)
		row_of_col[c] = (size_t)-1;
	for (size_t i = 0; !rc && i < ncols && m.nrows; i++) {
		struct braid_joint_row *row = &j->rows[j->nrows++];

		row->slug = xstrdup(m.slugs[cols[i]]);
		row->name = xstrdup(m.names[cols[i]]);
		row->cell = xcalloc(j->ngroups + 1, sizeof(*row->cell));
		row_of_col[cols[i]] = i;
		for (size_t r = 0; r < m.nrows; r++)
			d.x[r] = braid_matrix_cell(&m, r, cols[i], BRAID_MATRIX_PRESENCE) > 0;
		rc = row_figures(j, &d, row, err);
	}
	if (rc)
		goto out;
	p = xcalloc(j->nrows + 1, sizeof(*p));
	for (size_t i = 0; i < j->nrows; i++)
		p[i] = j->rows[i].p;
	braid_stats_bh(p, j->nrows, p);
	for (size_t i = 0; i < j->nrows; i++) {
		j->rows[i].p_adj = p[i];
		compose(j, &j->rows[i]);
	}
	if (o->quotes && j->nrows) {
		struct quotes qs = { j, &d, row_of_col, err };

		rc = braid_quotes_each(st, 0, take_quote, &qs, err);
	}
out:
	free(p);
	free(cols);
	free(row_of_col);
	free(d.x);
	free(d.yi);
	free(d.yd);
	free(d.level);
	braid_matrix_release(&m);
	return rc;
}

static void free_list(char **l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		free(l[i]);
	free(l);
}

void braid_joint_release(struct braid_joint *j)
{
	for (size_t i = 0; i < j->nrows; i++) {
		struct braid_joint_row *r = &j->rows[i];

		for (size_t g = 0; g < j->ngroups; g++) {
			free(r->cell[g].quote);
			free(r->cell[g].quote_case);
			free(r->cell[g].quote_doc);
			free(r->cell[g].shown);
		}
		free(r->cell);
		free(r->slug);
		free(r->name);
		free(r->test);
		free(r->p_adj_shown);
		free(r->warnings);
	}
	free(j->rows);
	free(j->var);
	free(j->type);
	free_list(j->group, j->ngroups);
	free_list(j->group_key, j->ngroups);
	free_list(j->levels, j->nlevels);
	free_list(j->col_text, j->ncol_text);
	free(j->cols);
	memset(j, 0, sizeof(*j));
}

/* ---- the listing ---- */

/*
 * One walk over the columns: declaring (row NULL: each column added to
 * j->cols, its header and key copied) or filling row r's values in the
 * same order.
 */
struct emit {
	struct braid_joint *j;
	struct braid_row *row;
	size_t n;
	struct strbuf head, key;
};

#define D_ (BRAID_COL_DATA)
#define T_ (BRAID_COL_TABLE)

static char *keep(struct braid_joint *j, const struct strbuf *sb)
{
	j->col_text = xrealloc(j->col_text, (j->ncol_text + 1) * sizeof(*j->col_text));
	return j->col_text[j->ncol_text++] = xstrdup(sb->buf);
}

static void col(struct emit *e, enum braid_value_type type, unsigned flags, size_t width,
		struct braid_value v)
{
	if (!e->row) {
		struct braid_column *c;

		e->j->cols = xrealloc(e->j->cols, (e->n + 1) * sizeof(*e->j->cols));
		c = &e->j->cols[e->n];
		c->header = keep(e->j, &e->head);
		c->key = (flags & T_) ? NULL : keep(e->j, &e->key);
		c->type = type;
		c->flags = flags;
		c->width = width;
	} else {
		e->row->v[e->n] = v;
	}
	e->n++;
	strbuf_reset(&e->head);
	strbuf_reset(&e->key);
}

static struct braid_value rel(const struct braid_rel_value *v)
{
	return v->defined ? braid_val_real(v->v) : braid_val_null();
}

static struct braid_value share(size_t k, size_t n)
{
	return n ? braid_val_real((double)k / (double)n) : braid_val_null();
}

static struct braid_value level_val(const struct braid_joint *j, const struct braid_rel_value *x)
{
	return x->defined ? braid_val_str(level_of(j, x)) : braid_val_null();
}

/* A column whose header and key are written here; v is used when filling. */
#define COL(e, type, flags, width, v, ...)                                                         \
	do {                                                                                       \
		if (!(e)->row) {                                                                   \
			__VA_ARGS__;                                                               \
		}                                                                                  \
		col((e), (type), (flags), (width), (e)->row ? (v) : braid_val_null());             \
	} while (0)

static void group_cols(struct emit *e, const struct braid_joint_row *r, size_t g)
{
	const struct braid_joint *j = e->j;
	const char *k = j->group_key[g];
	const struct braid_joint_cell *c = r ? &r->cell[g] : NULL;

	switch (j->kind) {
	case BRAID_JOINT_BINARY:
	case BRAID_JOINT_LEVELS:
		COL(e, BRAID_VAL_INT, D_, 0, braid_val_int((int64_t)c->with),
		    strbuf_addf(&e->head, "WITH (%s)", j->group[g]);
		    strbuf_addf(&e->key, "with_%s", k));
		COL(e, BRAID_VAL_INT, D_, 0, braid_val_int((int64_t)c->n),
		    strbuf_addstr(&e->head, "OF"); strbuf_addf(&e->key, "n_%s", k));
		COL(e, BRAID_VAL_REAL, D_, 0, share(c->with, c->n),
		    strbuf_addstr(&e->head, "%"); strbuf_addf(&e->key, "share_%s", k));
		break;
	case BRAID_JOINT_NUMERIC:
		COL(e, BRAID_VAL_INT, D_, 0, braid_val_int((int64_t)c->nv),
		    strbuf_addf(&e->head, "N (%s)", j->group[g]); strbuf_addf(&e->key, "n_%s", k));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&c->mean),
		    strbuf_addstr(&e->head, "MEAN"); strbuf_addf(&e->key, "mean_%s", k));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&c->sd),
		    strbuf_addstr(&e->head, "SD"); strbuf_addf(&e->key, "sd_%s", k));
		break;
	case BRAID_JOINT_ORDINAL:
		COL(e, BRAID_VAL_INT, D_, 0, braid_val_int((int64_t)c->nv),
		    strbuf_addf(&e->head, "N (%s)", j->group[g]); strbuf_addf(&e->key, "n_%s", k));
		COL(e, BRAID_VAL_STR, D_, 0, level_val(j, &c->median),
		    strbuf_addstr(&e->head, "MEDIAN"); strbuf_addf(&e->key, "median_%s", k));
		COL(e, BRAID_VAL_STR, D_, 0, level_val(j, &c->q1),
		    strbuf_addstr(&e->head, "Q1"); strbuf_addf(&e->key, "q1_%s", k));
		COL(e, BRAID_VAL_STR, D_, 0, level_val(j, &c->q3),
		    strbuf_addstr(&e->head, "Q3"); strbuf_addf(&e->key, "q3_%s", k));
		break;
	}
}

static void mann_whitney_cols(struct emit *e, const struct braid_joint_row *r)
{
	COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.u), strbuf_addstr(&e->head, "U"); strbuf_addstr(&e->key, "u"));
	COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.u_p),
	    strbuf_addstr(&e->head, "P (MW)"); strbuf_addstr(&e->key, "u_p"));
	if (e->j->kind == BRAID_JOINT_NUMERIC)
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.r_pb),
		    strbuf_addstr(&e->head, "R PB"); strbuf_addstr(&e->key, "r_pb"));
}

static void test_cols(struct emit *e, const struct braid_joint_row *r)
{
	switch (e->j->kind) {
	case BRAID_JOINT_BINARY:
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->t2.odds_ratio),
		    strbuf_addstr(&e->head, "OR"); strbuf_addstr(&e->key, "or"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->t2.or_low),
		    strbuf_addstr(&e->head, "95% LOW"); strbuf_addstr(&e->key, "or_low"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->t2.or_high),
		    strbuf_addstr(&e->head, "95% HIGH"); strbuf_addstr(&e->key, "or_high"));
		COL(e, BRAID_VAL_BOOL, D_, 0, braid_val_bool(r->t2.corrected),
		    strbuf_addstr(&e->head, "CORRECTED"); strbuf_addstr(&e->key, "corrected"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->t2.fisher_p),
		    strbuf_addstr(&e->head, "FISHER P"); strbuf_addstr(&e->key, "fisher_p"));
		break;
	case BRAID_JOINT_NUMERIC:
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.diff),
		    strbuf_addstr(&e->head, "DIFF"); strbuf_addstr(&e->key, "diff"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.t),
		    strbuf_addstr(&e->head, "T"); strbuf_addstr(&e->key, "t"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.df),
		    strbuf_addstr(&e->head, "DF"); strbuf_addstr(&e->key, "df"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->g.t_p),
		    strbuf_addstr(&e->head, "P (WELCH)"); strbuf_addstr(&e->key, "t_p"));
		mann_whitney_cols(e, r);
		break;
	case BRAID_JOINT_ORDINAL:
		mann_whitney_cols(e, r);
		break;
	case BRAID_JOINT_LEVELS:
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->chi.chi2),
		    strbuf_addstr(&e->head, "CHI2"); strbuf_addstr(&e->key, "chi2"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->chi.df),
		    strbuf_addstr(&e->head, "DF"); strbuf_addstr(&e->key, "df"));
		COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->chi.p),
		    strbuf_addstr(&e->head, "P"); strbuf_addstr(&e->key, "chi2_p"));
		break;
	}
}

/* The groups that can hold a quote: every group, or only "with the theme". */
static size_t quote_groups(const struct braid_joint *j)
{
	return j->kind == BRAID_JOINT_NUMERIC || j->kind == BRAID_JOINT_ORDINAL ? 1 : j->ngroups;
}

static void walk(struct emit *e, const struct braid_joint_row *r)
{
	const struct braid_joint *j = e->j;
	static const char *const test_head[] = { "OR [95% CI], FISHER P", "WELCH T; MANN-WHITNEY U",
						 "MANN-WHITNEY U", "CHI-SQUARED" };

	COL(e, BRAID_VAL_STR, 0, 0, braid_val_str(r->slug),
	    strbuf_addstr(&e->head, j->codes ? "CODE" : "THEME");
	    strbuf_addstr(&e->key, j->codes ? "code" : "theme"));
	COL(e, BRAID_VAL_STR, D_, 0, braid_val_str(r->name),
	    strbuf_addstr(&e->head, "NAME"); strbuf_addstr(&e->key, "name"));
	for (size_t g = 0; g < j->ngroups; g++)
		COL(e, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0, braid_val_str(r->cell[g].shown),
		    strbuf_addf(&e->head, "%s: %s", j->group[g],
				j->kind == BRAID_JOINT_NUMERIC	   ? "N MEAN (SD)"
				: j->kind == BRAID_JOINT_ORDINAL ? "N MEDIAN [IQR]"
				: j->codes			 ? "WITH CODE"
								 : "WITH THEME"));
	COL(e, BRAID_VAL_STR, T_, 0, braid_val_str(r->test),
	    strbuf_addstr(&e->head, test_head[j->kind]));
	for (size_t g = 0; g < j->ngroups; g++)
		group_cols(e, r, g);
	test_cols(e, r);
	COL(e, BRAID_VAL_STR, T_ | BRAID_COL_RIGHT, 0, braid_val_str(r->p_adj_shown),
	    strbuf_addstr(&e->head, "BH P"));
	COL(e, BRAID_VAL_REAL, D_, 0, rel(&r->p_adj),
	    strbuf_addstr(&e->head, "BH P"); strbuf_addstr(&e->key, "p_adj"));
	for (size_t g = 0; j->quotes && g < quote_groups(j); g++) {
		const struct braid_joint_cell *c = r ? &r->cell[g] : NULL;

		COL(e, BRAID_VAL_STR, BRAID_COL_ONELINE, 60, braid_val_str(c->quote),
		    strbuf_addf(&e->head, "QUOTE (%s)", j->group[g]);
		    strbuf_addf(&e->key, "quote_%s", j->group_key[g]));
		COL(e, BRAID_VAL_STR, 0, 0, braid_val_str(c->quote_case),
		    strbuf_addstr(&e->head, "CASE"); strbuf_addf(&e->key, "quote_case_%s", j->group_key[g]));
	}
	COL(e, BRAID_VAL_STR, 0, 0, braid_val_str(r->warnings),
	    strbuf_addstr(&e->head, "WARNINGS"); strbuf_addstr(&e->key, "warnings"));
}

const struct braid_listing *braid_joint_listing(struct braid_joint *j)
{
	if (!j->cols) {
		struct emit e = { j, NULL, 0, STRBUF_INIT, STRBUF_INIT };

		walk(&e, NULL);
		strbuf_release(&e.head);
		strbuf_release(&e.key);
		j->listing = (struct braid_listing){ "joint", j->cols, e.n, NULL, 0, 0 };
	}
	return &j->listing;
}

void braid_joint_values(const struct braid_joint *j, size_t r, struct braid_row *row)
{
	struct emit e = { (struct braid_joint *)j, row, 0, STRBUF_INIT, STRBUF_INIT };

	walk(&e, &j->rows[r]);
}

void braid_joint_notes(const struct braid_joint *j, void (*note)(const char *text, void *ctx),
		       void *ctx)
{
	static const char *const which[] = { "Fisher's", "Welch's", "Mann-Whitney", "chi-squared" };
	const char *what = j->codes ? "code" : "theme";
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s (%s) by %s: %zu case%s", j->var, j->type, what, j->ncases,
		    j->ncases == 1 ? "" : "s");
	if (j->missing)
		strbuf_addf(&sb, ", %zu without a value left out", j->missing);
	strbuf_addstr(&sb, ". ");
	switch (j->kind) {
	case BRAID_JOINT_BINARY:
		strbuf_addf(&sb, "OR: the odds of %s = 1 among the cases with the %s over the "
				 "odds among those without, 95%% CI by Woolf's method (0.5 added to "
				 "every cell when one is zero); Fisher's exact p.",
			    j->var, what);
		break;
	case BRAID_JOINT_NUMERIC:
		strbuf_addf(&sb, "%s's n, mean and sd among the cases with and without the %s; "
				 "Welch's t and Mann-Whitney U between them.",
			    j->var, what);
		break;
	case BRAID_JOINT_ORDINAL:
		strbuf_addf(&sb, "%s's n, median and quartiles [Q1, Q3] among the cases with and "
				 "without the %s (levels scored 1 to %zu); Mann-Whitney U on the "
				 "scores.",
			    j->var, what, j->nlevels);
		break;
	case BRAID_JOINT_LEVELS:
		strbuf_addstr(&sb, "Pearson's chi-squared of level by presence (no continuity "
				   "correction).");
		break;
	}
	note(sb.buf, ctx);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "BH P: %s p adjusted across the %zu %s%s (Benjamini-Hochberg).",
		    which[j->kind], j->nrows, what, j->nrows == 1 ? "" : "s");
	note(sb.buf, ctx);
	if (j->quotes)
		note("Quotes: the theme's first exemplar (braid quote add) in document order said "
		     "by a case of the group with the theme; none where no exemplar was chosen "
		     "there.",
		     ctx);
	strbuf_release(&sb);
}
