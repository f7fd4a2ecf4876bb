/*
 * trimodel.c - correlations and regression models of survey variables and
 * themes (trimodel.h): the items resolved against one matrix (quantitize.c,
 * so these figures and `braid matrix` never disagree about a case), coded
 * as numbers, handed to stats.c, and the results worded.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/json.h"
#include "braid/quantitize.h"
#include "braid/strbuf.h"
#include "braid/trimodel.h"

#define THEME_PREFIX "theme:"
#define THEME_PREFIX_LEN (sizeof(THEME_PREFIX) - 1)
/* fewer cases than this in a cell of a 0/1 predictor make its estimate unstable */
#define SMALL_CELL 5
/* the rule of thumb for logistic models (Peduzzi et al. 1996) */
#define MIN_EPV 10

/* ---- items ---- */

struct item {
	char *name;			  /* VAR or theme:SLUG */
	const struct braid_matrix_var *v; /* a survey variable, else NULL */
	size_t col;			  /* a theme: its column of the matrix */
};

struct data {
	struct braid_matrix m;
	struct item *it;
	size_t n;
};

static void data_release(struct data *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->it[i].name);
	free(d->it);
	braid_matrix_release(&d->m);
}

static int is_theme_item(const char *s)
{
	return !strcmp(s, "themes") || !strncmp(s, THEME_PREFIX, THEME_PREFIX_LEN);
}

/* Adds an item unless one of that name is there: 0, or 1 for a repeat. */
static int add_item(struct data *d, char *name, const struct braid_matrix_var *v, size_t col)
{
	for (size_t i = 0; i < d->n; i++) {
		if (!strcmp(d->it[i].name, name)) {
			free(name);
			return 1;
		}
	}
	d->it[d->n].name = name;
	d->it[d->n].v = v;
	d->it[d->n++].col = col;
	return 0;
}

static char *theme_name(const char *slug)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_addf(&s, THEME_PREFIX "%s", slug);
	return strbuf_detach(&s, NULL);
}

/*
 * The matrix with the variables the items name, and the items resolved
 * (`themes` expanded). A repeated item is dropped, or with !repeats_ok an
 * error naming it.
 */
static int load(struct braid_store *st, const char *coder, const char *const *given, size_t ngiven,
		int repeats_ok, struct data *d, struct braid_err *err)
{
	const char **vars = xcalloc(ngiven + 1, sizeof(*vars));
	struct braid_matrix_opts mo = { coder, vars, 0, BRAID_ROWS_CASES };
	int rc;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < ngiven; i++) {
		size_t j = 0;

		if (is_theme_item(given[i]))
			continue;
		while (j < mo.nvars && strcmp(vars[j], given[i]))
			j++;
		if (j == mo.nvars)
			vars[mo.nvars++] = given[i];
	}
	rc = braid_matrix_themes(st, &mo, &d->m, err);
	free(vars);
	if (rc)
		return rc;
	d->it = xcalloc(ngiven + d->m.ncols + 1, sizeof(*d->it));
	for (size_t i = 0; i < ngiven; i++) {
		const char *g = given[i];
		int again = 0;

		if (!strcmp(g, "themes")) {
			for (size_t c = 0; c < d->m.ncols; c++)
				again |= add_item(d, theme_name(d->m.slugs[c]), NULL, c);
		} else if (!strncmp(g, THEME_PREFIX, THEME_PREFIX_LEN)) {
			size_t c = 0;

			while (c < d->m.ncols && strcmp(d->m.slugs[c], g + THEME_PREFIX_LEN))
				c++;
			if (c == d->m.ncols)
				return braid_errorf(err, BRAID_ENOTFOUND, "no theme '%s' in play",
						    g + THEME_PREFIX_LEN);
			again = add_item(d, xstrdup(g), NULL, c);
		} else {
			size_t j = 0;

			while (strcmp(d->m.vars[j].name, g))
				j++; /* the matrix has every variable named, or failed */
			again = add_item(d, xstrdup(g), &d->m.vars[j], 0);
		}
		if (again && !repeats_ok)
			return braid_errorf(err, BRAID_EINVAL, "'%s' is given twice", g);
	}
	return 0;
}

/* binary, numeric, ordinal or categorical; a theme's presence is binary */
static const char *item_type(const struct item *it)
{
	return it->v ? it->v->type : "binary";
}

static int is_type(const struct item *it, const char *type)
{
	return !strcmp(item_type(it), type);
}

/* The item's number in case r: presence, the variable's number or score; NaN when missing. */
static double item_value(const struct data *d, const struct item *it, size_t r)
{
	if (!it->v)
		return braid_matrix_cell(&d->m, r, it->col, BRAID_MATRIX_PRESENCE) > 0 ? 1 : 0;
	return it->v->has_num[r] ? it->v->num[r] : NAN;
}

static int item_has(const struct data *d, const struct item *it, size_t r)
{
	if (it->v && is_type(it, "categorical"))
		return it->v->text[r] != NULL;
	return !isnan(item_value(d, it, r));
}

/* "RA as its level scores: low = 1, medium = 2, high = 3" */
static char *scores_text(const struct braid_matrix_var *v, const char *what)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_addf(&s, "%s%s as its level scores:", v->name, what);
	for (size_t l = 0; l < v->nlevels; l++)
		strbuf_addf(&s, "%s %s = %zu", l ? "," : "", v->levels[l], l + 1);
	return strbuf_detach(&s, NULL);
}

static void push(char ***list, size_t *n, char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = s;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* The warnings bits in their fixed words, "; "-separated, or NULL. */
static char *warnings_text(unsigned w)
{
	struct strbuf s = STRBUF_INIT;

	braid_stats_warnings_text(w, &s);
	return s.len ? strbuf_detach(&s, NULL) : (strbuf_release(&s), NULL);
}

/* ---- correlations ---- */

int braid_corr_choice_parse(const char *s, enum braid_corr_choice *c)
{
	static const char *const names[] = { "auto", "pearson", "spearman" };

	for (int i = 0; i < 3; i++) {
		if (!strcmp(s, names[i])) {
			*c = (enum braid_corr_choice)i;
			return 0;
		}
	}
	return -1;
}

static void corr_notes(struct braid_corr *r, const struct data *d, enum braid_corr_choice ch)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_addf(&s, "Pairwise-complete cases of the %zu cases with words of their own; "
			"p adjusted by Benjamini-Hochberg over the %zu pair%s (p_adj).",
		    r->cases, r->npairs, r->npairs == 1 ? "" : "s");
	push(&r->notes, &r->nnotes, strbuf_detach(&s, NULL));
	push(&r->notes, &r->nnotes,
	     xstrdup(ch == BRAID_CORR_SPEARMAN
			 ? "Spearman's rho of every pair."
		     : ch == BRAID_CORR_PEARSON
			 ? "Pearson's r of every pair (point-biserial with one binary item or "
			   "theme, phi with two)."
			 : "Spearman's rho where either item is ordinal, else Pearson's r "
			   "(point-biserial with one binary item or theme, phi with two)."));
	for (size_t i = 0; i < d->n; i++)
		if (d->it[i].v && is_type(&d->it[i], "ordinal"))
			push(&r->notes, &r->nnotes, scores_text(d->it[i].v, ""));
}

int braid_trimodel_corr(struct braid_store *st, const struct braid_corr_opts *o,
			struct braid_corr *r, struct braid_err *err)
{
	struct data d;
	struct braid_rel_value *p = NULL, *adj = NULL;
	double *x = NULL, *y = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = load(st, o->coder, o->items, o->nitems, 1, &d, err);
	if (rc)
		goto out;
	for (size_t i = 0; i < d.n; i++) {
		if (is_type(&d.it[i], "categorical")) {
			rc = braid_errorf(err, BRAID_EINVAL,
					  "'%s' is categorical: its levels have no order to "
					  "correlate; see it against the themes with 'triangulate "
					  "--by %s', or use it in 'triangulate model' (as dummies)",
					  d.it[i].name, d.it[i].name);
			goto out;
		}
	}
	if (d.n < 2) {
		rc = braid_errorf(err, BRAID_EINVAL,
				  "a correlation needs two items or more, and there %s %zu",
				  d.n == 1 ? "is" : "are", d.n);
		goto out;
	}
	r->cases = d.m.nrows;
	r->nitems = d.n;
	r->items = xcalloc(d.n, sizeof(*r->items));
	for (size_t i = 0; i < d.n; i++)
		r->items[i] = xstrdup(d.it[i].name);
	r->npairs = d.n * (d.n - 1) / 2;
	r->pairs = xcalloc(r->npairs, sizeof(*r->pairs));
	x = xcalloc(d.m.nrows + 1, sizeof(*x));
	y = xcalloc(d.m.nrows + 1, sizeof(*y));
	p = xcalloc(r->npairs, sizeof(*p));
	adj = xcalloc(r->npairs, sizeof(*adj));
	for (size_t i = 0, k = 0; i < d.n; i++) {
		for (size_t j = i + 1; j < d.n; j++, k++) {
			struct braid_corr_pair *pr = &r->pairs[k];
			int ordinal = is_type(&d.it[i], "ordinal") || is_type(&d.it[j], "ordinal");

			pr->a = r->items[i];
			pr->b = r->items[j];
			pr->method = o->method == BRAID_CORR_SPEARMAN ||
					     (o->method == BRAID_CORR_AUTO && ordinal)
					 ? BRAID_STATS_SPEARMAN
					 : BRAID_STATS_PEARSON;
			for (size_t row = 0; row < d.m.nrows; row++) {
				x[row] = item_value(&d, &d.it[i], row);
				y[row] = item_value(&d, &d.it[j], row);
			}
			rc = braid_stats_corr(x, y, d.m.nrows, pr->method, &pr->c, err);
			if (rc)
				goto out;
			pr->warnings = warnings_text(pr->c.warnings);
			p[k] = pr->c.p;
		}
	}
	braid_stats_bh(p, r->npairs, adj);
	for (size_t k = 0; k < r->npairs; k++)
		r->pairs[k].p_adj = adj[k];
	corr_notes(r, &d, o->method);
out:
	free(x);
	free(y);
	free(p);
	free(adj);
	data_release(&d);
	return rc;
}

void braid_corr_release(struct braid_corr *r)
{
	for (size_t k = 0; k < r->npairs; k++)
		free(r->pairs[k].warnings);
	free(r->pairs);
	free_list(r->items, r->nitems);
	free_list(r->notes, r->nnotes);
	memset(r, 0, sizeof(*r));
}

/* ---- models ---- */

static void warn(struct braid_model *m, char *s)
{
	push(&m->warnings, &m->nwarnings, s);
}

static void note(struct braid_model *m, char *s)
{
	push(&m->notes, &m->nnotes, s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The design's columns: one per predictor, or a categorical one's dummies. */
struct design {
	size_t n, k;
	double *y, *x;
	char **names;
	size_t alloc;
};

static void design_col(struct design *ds, char *name)
{
	if (ds->k == ds->alloc) {
		size_t was = ds->alloc;

		ds->alloc = was ? 2 * was : 8;
		ds->names = xrealloc(ds->names, ds->alloc * sizeof(*ds->names));
		ds->x = xrealloc(ds->x, (ds->n * ds->alloc + 1) * sizeof(*ds->x));
		/* rows are `was` wide so far: spread them to the new width, last first */
		for (size_t r = ds->n; r-- > 0;)
			for (size_t j = ds->k; j-- > 0;)
				ds->x[r * ds->alloc + j] = ds->x[r * was + j];
	}
	ds->names[ds->k++] = name;
}

static void design_release(struct design *ds)
{
	free_list(ds->names, ds->k);
	free(ds->x);
	free(ds->y);
}

/*
 * A categorical predictor as dummies against the first of its levels (in
 * strcmp order) among the complete cases, named "VAR: level".
 */
static int add_dummies(struct braid_model *m, const struct data *d, const struct item *it,
		       const int *complete, struct design *ds, struct braid_err *err)
{
	const struct braid_matrix_var *v = it->v;
	const char **value = xcalloc(d->m.nrows + 1, sizeof(*value));
	const char **lv = xcalloc(d->m.nrows + 1, sizeof(*lv));
	struct braid_stats_dummies dm;
	size_t nlv = 0;
	int rc;

	for (size_t r = 0; r < d->m.nrows; r++)
		if (complete[r])
			lv[nlv++] = value[r] = v->text[r];
	qsort(lv, nlv, sizeof(*lv), cmp_str);
	{
		size_t j = 0; /* the distinct ones */

		for (size_t i = 0; i < nlv; i++)
			if (!j || strcmp(lv[j - 1], lv[i]))
				lv[j++] = lv[i];
		nlv = j;
	}
	rc = braid_stats_dummies(value, d->m.nrows, lv, nlv, false, &dm, err);
	if (rc)
		goto out;
	if (nlv == 1) {
		struct strbuf s = STRBUF_INIT;

		strbuf_addf(&s, "'%s' has one level among the complete cases (%s): it is left out",
			    v->name, lv[0]);
		warn(m, strbuf_detach(&s, NULL));
	}
	if (nlv > 1) {
		struct strbuf s = STRBUF_INIT;

		m->refs = xrealloc(m->refs, (m->nrefs + 1) * sizeof(*m->refs));
		m->refs[m->nrefs].var = xstrdup(v->name);
		m->refs[m->nrefs++].level = xstrdup(dm.level[dm.ref]);
		strbuf_addf(&s, "%s: reference level %s", v->name, dm.level[dm.ref]);
		note(m, strbuf_detach(&s, NULL));
	}
	for (size_t c = 0; c < dm.ncol; c++) {
		struct strbuf s = STRBUF_INIT;
		size_t j = ds->k;

		strbuf_addf(&s, "%s: %s", v->name, dm.level[dm.col_level[c]]);
		design_col(ds, strbuf_detach(&s, NULL));
		for (size_t r = 0; r < ds->n; r++)
			ds->x[r * ds->alloc + j] = dm.x[r * dm.ncol + c];
	}
	braid_stats_dummies_release(&dm);
out:
	free(value);
	free(lv);
	return rc;
}

/* Repacks x from rows ds->alloc wide to ds->k wide, as stats.c reads it. */
static void design_pack(struct design *ds)
{
	for (size_t r = 0; r < ds->n; r++)
		for (size_t j = 0; j < ds->k; j++)
			ds->x[r * ds->k + j] = ds->x[r * ds->alloc + j];
}

static void fixed_to(struct strbuf *s, const struct braid_rel_value *v, int decimals)
{
	if (v->defined)
		braid_real_fixed_text(v->v, decimals, s);
	else
		strbuf_addstr(s, "undefined");
}

/* The model and its fit in one sentence. */
static char *fit_text(const struct braid_model *m)
{
	const struct braid_stats_model *f = &m->fit;
	struct strbuf s = STRBUF_INIT;

	if (m->kind == BRAID_MODEL_LOGIT)
		strbuf_addf(&s, "Logistic regression of %s", m->outcome);
	else
		strbuf_addf(&s, "OLS with HC3 standard errors of %s", m->outcome);
	strbuf_addf(&s, ": n = %zu complete case%s", f->n, f->n == 1 ? "" : "s");
	if (f->dropped)
		strbuf_addf(&s, " (%zu dropped: a value missing or no survey row)", f->dropped);
	else
		strbuf_addstr(&s, " (none dropped)");
	if (m->kind == BRAID_MODEL_LOGIT) {
		strbuf_addf(&s, ", %zu event%s; AUC ", f->events, f->events == 1 ? "" : "s");
		fixed_to(&s, &f->auc, 2);
		strbuf_addstr(&s, "; log-likelihood ");
		fixed_to(&s, &f->loglik, 2);
		if (f->converged)
			strbuf_addf(&s, "; converged in %zu iteration%s.", f->iterations,
				    f->iterations == 1 ? "" : "s");
		else if (f->iterations)
			strbuf_addf(&s, "; did not converge in %zu iterations.", f->iterations);
		else
			strbuf_addstr(&s, "; not fitted.");
	} else {
		strbuf_addstr(&s, "; R² ");
		fixed_to(&s, &f->r2, 2);
		strbuf_addstr(&s, ", adjusted R² ");
		fixed_to(&s, &f->adj_r2, 2);
		strbuf_addch(&s, '.');
	}
	return strbuf_detach(&s, NULL);
}

/* The warnings of the fit, each a sentence naming what it is about. */
static void fit_warnings(struct braid_model *m, const struct design *ds, const int *complete)
{
	const struct braid_stats_model *f = &m->fit;
	unsigned rest = f->warnings;
	size_t q = 0; /* the predictor columns that vary */
	int y_constant = 0;
	struct strbuf s = STRBUF_INIT;

	for (size_t j = 1; j < f->ncoef; j++)
		q += !f->coef[j].constant;
	if (f->n) {
		size_t first = 0;

		while (!complete[first])
			first++;
		y_constant = 1;
		for (size_t r = first; r < ds->n; r++)
			if (complete[r] && ds->y[r] != ds->y[first])
				y_constant = 0;
	}
	if (!f->n) {
		warn(m, xstrdup("no complete cases: every case misses the outcome or a predictor"));
		rest &= ~(unsigned)BRAID_STATS_W_FEW_CASES;
	} else if (rest & BRAID_STATS_W_FEW_CASES) {
		strbuf_addf(&s, "only %zu complete case%s for %zu coefficients: too few to fit the "
				"model",
			    f->n, f->n == 1 ? "" : "s", q + 1);
		warn(m, strbuf_detach(&s, NULL));
		rest &= ~(unsigned)BRAID_STATS_W_FEW_CASES;
	}
	if (rest & BRAID_STATS_W_CONSTANT) {
		if (y_constant) {
			strbuf_addf(&s, "the outcome %s does not vary among the complete cases: "
					"nothing to model",
				    m->outcome);
			warn(m, strbuf_detach(&s, NULL));
		}
		for (size_t j = 1; j < f->ncoef; j++) {
			if (!f->coef[j].constant)
				continue;
			strbuf_addf(&s, "'%s' does not vary among the complete cases: it is left "
					"out",
				    f->coef[j].name);
			warn(m, strbuf_detach(&s, NULL));
		}
		rest &= ~(unsigned)BRAID_STATS_W_CONSTANT;
	}
	/* small cells of the 0/1 predictors (themes, binary variables, dummies) */
	for (size_t j = 0; f->n && !y_constant && j < ds->k; j++) {
		size_t c[2][2] = { { 0, 0 }, { 0, 0 } }, bx = 0, by = 0, min;
		int binary = 1;

		if (f->coef[j + 1].constant)
			continue;
		for (size_t r = 0; r < ds->n && binary; r++) {
			double v = ds->x[r * ds->k + j];

			if (!complete[r])
				continue;
			if (v != 0 && v != 1)
				binary = 0;
			else
				c[(int)v][m->kind == BRAID_MODEL_LOGIT ? (int)ds->y[r] : 0]++;
		}
		if (!binary)
			continue;
		if (m->kind == BRAID_MODEL_LOGIT) {
			min = c[0][0];
			for (size_t a = 0; a < 2; a++)
				for (size_t b = 0; b < 2; b++)
					if (c[a][b] < min) {
						min = c[a][b];
						bx = a;
						by = b;
					}
			if (min >= SMALL_CELL)
				continue;
			strbuf_addf(&s, "small cell: %zu complete case%s with '%s' = %zu and %s = "
					"%zu (fewer than %d): its estimate is unstable",
				    min, min == 1 ? "" : "s", ds->names[j], bx, m->outcome, by,
				    SMALL_CELL);
		} else {
			bx = c[1][0] < c[0][0]; /* the rarer value */
			min = c[bx][0];
			if (min >= SMALL_CELL)
				continue;
			strbuf_addf(&s, "small cell: '%s' is %zu in only %zu complete case%s "
					"(fewer than %d): its estimate is unstable",
				    ds->names[j], bx, min, min == 1 ? "" : "s", SMALL_CELL);
		}
		warn(m, strbuf_detach(&s, NULL));
	}
	if (m->kind == BRAID_MODEL_LOGIT && f->n && !y_constant && q) {
		size_t rare = f->events < f->n - f->events ? f->events : f->n - f->events;

		if (rare < MIN_EPV * q) {
			strbuf_addf(&s, "fewer than %d events per predictor: %zu case%s of the rarer "
					"outcome value for %zu predictor column%s (",
				    MIN_EPV, rare, rare == 1 ? "" : "s", q, q == 1 ? "" : "s");
			braid_real_fixed_text((double)rare / (double)q, 1, &s);
			strbuf_addstr(&s, " each): the estimates may be biased and unstable");
			warn(m, strbuf_detach(&s, NULL));
		}
	}
	for (unsigned bit = 0; bit < BRAID_STATS_NWARNINGS; bit++)
		if (rest & (1u << bit))
			warn(m, xstrdup(braid_stats_warning_text(1u << bit)));
	strbuf_release(&s);
}

static void add_scores(struct braid_model *m, const struct braid_matrix_var *v, const char *what)
{
	struct braid_model_scores *sc;

	m->scores = xrealloc(m->scores, (m->nscores + 1) * sizeof(*m->scores));
	sc = &m->scores[m->nscores++];
	sc->var = xstrdup(v->name);
	sc->nlevels = v->nlevels;
	sc->levels = xcalloc(v->nlevels + 1, sizeof(*sc->levels));
	for (size_t l = 0; l < v->nlevels; l++)
		sc->levels[l] = xstrdup(v->levels[l]);
	note(m, scores_text(v, what));
}

int braid_trimodel_model(struct braid_store *st, const struct braid_model_opts *o,
			 struct braid_model *m, struct braid_err *err)
{
	struct data d;
	struct design ds;
	const char **given;
	const struct item *out;
	int *complete = NULL, rc;
	struct braid_stats_design sd;

	memset(m, 0, sizeof(*m));
	memset(&ds, 0, sizeof(ds));
	memset(&d, 0, sizeof(d));
	if (!o->outcome || !o->npredictors)
		return braid_errorf(err, BRAID_EINVAL,
				    "a model needs an outcome and at least one predictor");
	if (!strcmp(o->outcome, "themes"))
		return braid_errorf(err, BRAID_EINVAL,
				    "the outcome is one survey variable or theme:SLUG, not 'themes'");
	for (size_t i = 0; i < o->npredictors; i++)
		if (!strcmp(o->predictors[i], o->outcome))
			return braid_errorf(err, BRAID_EINVAL,
					    "'%s' is the outcome: it cannot be a predictor too",
					    o->outcome);
	given = xcalloc(o->npredictors + 1, sizeof(*given));
	given[0] = o->outcome;
	memcpy(given + 1, o->predictors, o->npredictors * sizeof(*given));
	rc = load(st, o->coder, given, o->npredictors + 1, 0, &d, err);
	free(given);
	if (rc)
		goto out;
	out = &d.it[0];
	if (is_type(out, "categorical")) {
		rc = braid_errorf(err, BRAID_EINVAL,
				  "'%s' is categorical: the outcome of a model is binary (logistic) "
				  "or numeric or ordinal (least squares)",
				  out->name);
		goto out;
	}
	m->kind = o->kind;
	if (m->kind == BRAID_MODEL_AUTO)
		m->kind = is_type(out, "binary") ? BRAID_MODEL_LOGIT : BRAID_MODEL_OLS;
	if (m->kind == BRAID_MODEL_LOGIT && !is_type(out, "binary")) {
		rc = braid_errorf(err, BRAID_EINVAL,
				  "'%s' is %s: a logistic model needs a binary (0/1) outcome",
				  out->name, item_type(out));
		goto out;
	}
	m->outcome = xstrdup(out->name);
	m->cases = d.m.nrows;

	/* complete cases: the outcome and every predictor have a value */
	complete = xcalloc(d.m.nrows + 1, sizeof(*complete));
	ds.n = d.m.nrows;
	ds.y = xcalloc(ds.n + 1, sizeof(*ds.y));
	for (size_t r = 0; r < ds.n; r++) {
		complete[r] = 1;
		for (size_t i = 0; i < d.n && complete[r]; i++)
			complete[r] = item_has(&d, &d.it[i], r);
		ds.y[r] = complete[r] ? item_value(&d, out, r) : NAN;
	}
	if (out->v && is_type(out, "ordinal"))
		add_scores(m, out->v, " (the outcome)");
	for (size_t i = 1; i < d.n; i++) {
		const struct item *it = &d.it[i];
		size_t j;

		if (it->v && is_type(it, "categorical")) {
			rc = add_dummies(m, &d, it, complete, &ds, err);
			if (rc)
				goto out;
			continue;
		}
		if (it->v && is_type(it, "ordinal"))
			add_scores(m, it->v, "");
		j = ds.k;
		design_col(&ds, xstrdup(it->name));
		for (size_t r = 0; r < ds.n; r++)
			ds.x[r * ds.alloc + j] = complete[r] ? item_value(&d, it, r) : NAN;
	}
	design_pack(&ds);
	sd.n = ds.n;
	sd.k = ds.k;
	sd.y = ds.y;
	sd.x = ds.x;
	sd.names = (const char *const *)ds.names;
	rc = m->kind == BRAID_MODEL_LOGIT ? braid_stats_logit(&sd, &m->fit, err)
					  : braid_stats_ols(&sd, &m->fit, err);
	if (rc)
		goto out;
	/* the sentence of the fit first, then the references and scores noted on the way */
	{
		char *fit = fit_text(m);

		note(m, fit);
		memmove(m->notes + 1, m->notes, (m->nnotes - 1) * sizeof(*m->notes));
		m->notes[0] = fit;
	}
	fit_warnings(m, &ds, complete);
out:
	free(complete);
	design_release(&ds);
	data_release(&d);
	return rc;
}

void braid_model_release(struct braid_model *m)
{
	braid_stats_model_release(&m->fit);
	for (size_t i = 0; i < m->nrefs; i++) {
		free(m->refs[i].var);
		free(m->refs[i].level);
	}
	free(m->refs);
	for (size_t i = 0; i < m->nscores; i++) {
		free(m->scores[i].var);
		free_list(m->scores[i].levels, m->scores[i].nlevels);
	}
	free(m->scores);
	free_list(m->notes, m->nnotes);
	free_list(m->warnings, m->nwarnings);
	free(m->outcome);
	memset(m, 0, sizeof(*m));
}

/* ---- listings ---- */

/*
 * The data formats carry every figure whole; the table composes them to a
 * few decimals (C locale, braid_real_fixed_text) in more cells than a
 * row's four text buffers, so they are composed one after another into
 * row->state and pointed at once it has stopped growing.
 */
#define MAXCELLS 8
struct cells {
	struct strbuf *buf;
	size_t off[MAXCELLS], len[MAXCELLS], n;
};

static void cells_init(struct cells *c, struct braid_row *row)
{
	c->buf = &row->state;
	c->n = 0;
	strbuf_reset(c->buf);
}

static struct strbuf *cell(struct cells *c)
{
	c->off[c->n] = c->buf->len;
	return c->buf;
}

static void cell_done(struct cells *c)
{
	c->len[c->n] = c->buf->len - c->off[c->n];
	c->n++;
}

static struct braid_value cell_value(const struct cells *c, size_t i)
{
	return braid_val_strn(c->buf->buf + c->off[i], c->len[i]);
}

static struct braid_value rel(const struct braid_rel_value *v)
{
	return v->defined ? braid_val_real(v->v) : braid_val_null();
}

#define D_ (BRAID_COL_DATA)
#define T_ (BRAID_COL_TABLE)
#define R_ (BRAID_COL_RIGHT)
static const struct braid_column corr_cols[] = {
	{ "A", "a", BRAID_VAL_STR, 0, 0 },
	{ "B", "b", BRAID_VAL_STR, 0, 0 },
	{ "METHOD", "method", BRAID_VAL_STR, 0, 0 },
	{ "N", "n", BRAID_VAL_INT, R_, 0 },
	{ "R [95% CI]", NULL, BRAID_VAL_STR, T_, 0 },
	{ "P", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "P (BH)", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "R", "r", BRAID_VAL_REAL, D_, 0 },
	{ "95% LOW", "ci_low", BRAID_VAL_REAL, D_, 0 },
	{ "95% HIGH", "ci_high", BRAID_VAL_REAL, D_, 0 },
	{ "P", "p", BRAID_VAL_REAL, D_, 0 },
	{ "P (BH)", "p_adj", BRAID_VAL_REAL, D_, 0 },
	{ "WARNINGS", "warnings", BRAID_VAL_STR, 0, 0 },
};
const struct braid_listing braid_corr_listing = {
	"correlations", corr_cols, sizeof(corr_cols) / sizeof(corr_cols[0]), NULL, 0, 0
};

void braid_corr_values(const struct braid_corr_pair *p, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct cells c;
	size_t n = 0;

	cells_init(&c, row);
	braid_stats_ci_text(&p->c.r, &p->c.ci_low, &p->c.ci_high, 2, cell(&c));
	cell_done(&c);
	braid_stats_p_text(&p->c.p, cell(&c));
	cell_done(&c);
	braid_stats_p_text(&p->p_adj, cell(&c));
	cell_done(&c);
	v[n++] = braid_val_str(p->a);
	v[n++] = braid_val_str(p->b);
	v[n++] = braid_val_str(p->method == BRAID_STATS_SPEARMAN ? "spearman" : "pearson");
	v[n++] = braid_val_int((int64_t)p->c.n);
	for (size_t i = 0; i < c.n; i++)
		v[n++] = cell_value(&c, i);
	v[n++] = rel(&p->c.r);
	v[n++] = rel(&p->c.ci_low);
	v[n++] = rel(&p->c.ci_high);
	v[n++] = rel(&p->c.p);
	v[n++] = rel(&p->p_adj);
	v[n++] = braid_val_str(p->warnings);
}

static const struct braid_column logit_cols[] = {
	{ "TERM", "term", BRAID_VAL_STR, 0, 0 },
	{ "B", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "SE", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "Z", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "P", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "95% CI", NULL, BRAID_VAL_STR, T_, 0 },
	{ "OR [95% CI]", NULL, BRAID_VAL_STR, T_, 0 },
	{ "B", "b", BRAID_VAL_REAL, D_, 0 },
	{ "SE", "se", BRAID_VAL_REAL, D_, 0 },
	{ "Z", "z", BRAID_VAL_REAL, D_, 0 },
	{ "P", "p", BRAID_VAL_REAL, D_, 0 },
	{ "95% LOW", "ci_low", BRAID_VAL_REAL, D_, 0 },
	{ "95% HIGH", "ci_high", BRAID_VAL_REAL, D_, 0 },
	{ "OR", "or", BRAID_VAL_REAL, D_, 0 },
	{ "OR LOW", "or_low", BRAID_VAL_REAL, D_, 0 },
	{ "OR HIGH", "or_high", BRAID_VAL_REAL, D_, 0 },
	{ "NOTE", "note", BRAID_VAL_STR, 0, 0 },
};
static const struct braid_column ols_cols[] = {
	{ "TERM", "term", BRAID_VAL_STR, 0, 0 },
	{ "B", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "SE (HC3)", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "T", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "P", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "95% CI", NULL, BRAID_VAL_STR, T_, 0 },
	{ "BETA", NULL, BRAID_VAL_STR, T_ | R_, 0 },
	{ "B", "b", BRAID_VAL_REAL, D_, 0 },
	{ "SE", "se", BRAID_VAL_REAL, D_, 0 },
	{ "T", "t", BRAID_VAL_REAL, D_, 0 },
	{ "P", "p", BRAID_VAL_REAL, D_, 0 },
	{ "95% LOW", "ci_low", BRAID_VAL_REAL, D_, 0 },
	{ "95% HIGH", "ci_high", BRAID_VAL_REAL, D_, 0 },
	{ "BETA", "beta", BRAID_VAL_REAL, D_, 0 },
	{ "NOTE", "note", BRAID_VAL_STR, 0, 0 },
};
#undef D_
#undef T_
#undef R_

const struct braid_listing braid_model_logit_listing = {
	"coefficients", logit_cols, sizeof(logit_cols) / sizeof(logit_cols[0]), NULL, 0, 0
};
const struct braid_listing braid_model_ols_listing = {
	"coefficients", ols_cols, sizeof(ols_cols) / sizeof(ols_cols[0]), NULL, 0, 0
};

const struct braid_listing *braid_model_listing(const struct braid_model *m)
{
	return m->kind == BRAID_MODEL_LOGIT ? &braid_model_logit_listing : &braid_model_ols_listing;
}

void braid_model_values(const struct braid_model *m, size_t j, struct braid_row *row)
{
	const struct braid_stats_coef *k = &m->fit.coef[j];
	int logit = m->kind == BRAID_MODEL_LOGIT;
	struct braid_value *v = row->v;
	struct cells c;
	size_t n = 0;

	cells_init(&c, row);
	braid_stats_fixed(&k->b, 3, cell(&c));
	cell_done(&c);
	braid_stats_fixed(&k->se, 3, cell(&c));
	cell_done(&c);
	braid_stats_fixed(&k->stat, 2, cell(&c));
	cell_done(&c);
	braid_stats_p_text(&k->p, cell(&c));
	cell_done(&c);
	braid_stats_ci_text(NULL, &k->ci_low, &k->ci_high, 3, cell(&c));
	cell_done(&c);
	if (logit)
		braid_stats_ci_text(&k->odds_ratio, &k->or_low, &k->or_high, 2, cell(&c));
	else
		braid_stats_fixed(&k->beta, 2, cell(&c));
	cell_done(&c);
	v[n++] = braid_val_str(k->name);
	for (size_t i = 0; i < c.n; i++)
		v[n++] = cell_value(&c, i);
	v[n++] = rel(&k->b);
	v[n++] = rel(&k->se);
	v[n++] = rel(&k->stat);
	v[n++] = rel(&k->p);
	v[n++] = rel(&k->ci_low);
	v[n++] = rel(&k->ci_high);
	if (logit) {
		v[n++] = rel(&k->odds_ratio);
		v[n++] = rel(&k->or_low);
		v[n++] = rel(&k->or_high);
	} else {
		v[n++] = rel(&k->beta);
	}
	/* why a coefficient has no estimate (a constant predictor) or no test (separation) */
	v[n++] = braid_val_str(!k->b.defined ? k->b.why : !k->p.defined ? k->p.why : NULL);
}
