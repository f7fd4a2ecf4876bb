/*
 * stats.c - the statistics of triangulation (stats.h): 2x2 tables, group
 * comparisons, correlations, Benjamini-Hochberg, logistic regression by
 * IRLS, OLS with HC3, dummy coding.
 *
 * GSL supplies the distributions and the linear algebra. Its default
 * error handler aborts the process, so every public function here runs
 * between gsl_quiet() and gsl_loud(): failures come back as status codes,
 * and the model fits turn them into braid errors (gsl_fail). Nothing here
 * inverts a matrix by hand: the fits go through gsl_multifit_wlinear_tsvd
 * (an SVD, which also gives the rank), whose covariance output is the
 * unscaled (X' W X)^-1 that both the logit's standard errors and HC3's
 * bread need.
 *
 * Formulas, conventions and references: docs/statistics.md.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

#include "braid/alloc.h"
#include "braid/json.h"
#include "braid/stats.h"

/* ---- GSL's error handler, in one place ---- */

static gsl_error_handler_t *gsl_quiet(void)
{
	return gsl_set_error_handler_off();
}

static void gsl_loud(gsl_error_handler_t *old)
{
	gsl_set_error_handler(old);
}

static int gsl_fail(struct braid_err *err, const char *what, int status)
{
	return braid_errorf(err, BRAID_EINVAL, "%s failed: %s", what, gsl_strerror(status));
}

/* ---- values ---- */

static struct braid_rel_value undef(const char *why)
{
	struct braid_rel_value v = {false, 0, why};

	return v;
}

/* v, defined when it is a finite number. */
static struct braid_rel_value value(double v)
{
	struct braid_rel_value r = {true, v, NULL};

	if (!isfinite(v))
		return undef("not a finite number");
	return r;
}

static const char *const warning_text[BRAID_STATS_NWARNINGS] = {
    "a cell is zero: 0.5 was added to every cell for the odds ratio (Haldane-Anscombe)",
    "an expected count is below 5: rely on Fisher's exact p",
    "a variable does not vary",
    "too few complete cases",
    "perfect or quasi-complete separation: coefficients diverge, their tests are not valid",
    "the fit did not converge in 25 iterations",
    "the predictors are linearly dependent",
    "a case has leverage 1: its HC3 standard errors are undefined",
    "an expected count is below 5: the chi-squared p is approximate",
};

const char *braid_stats_warning_text(unsigned warning)
{
	for (size_t i = 0; i < BRAID_STATS_NWARNINGS; i++)
		if (warning == 1u << i)
			return warning_text[i];
	return NULL;
}

void braid_stats_warnings_text(unsigned w, struct strbuf *out)
{
	int first = 1;

	for (unsigned bit = 0; bit < BRAID_STATS_NWARNINGS; bit++) {
		if (w & (1u << bit)) {
			strbuf_addf(out, "%s%s", first ? "" : "; ", warning_text[bit]);
			first = 0;
		}
	}
}

void braid_stats_fixed(const struct braid_rel_value *x, int decimals, struct strbuf *out)
{
	if (x->defined)
		braid_real_fixed_text(x->v, decimals, out);
	else
		strbuf_addch(out, '-');
}

void braid_stats_p_text(const struct braid_rel_value *p, struct strbuf *out)
{
	if (p->defined && p->v < 0.001)
		strbuf_addstr(out, "<0.001");
	else
		braid_stats_fixed(p, 3, out);
}

void braid_stats_ci_text(const struct braid_rel_value *v, const struct braid_rel_value *lo,
			 const struct braid_rel_value *hi, int decimals, struct strbuf *out)
{
	if (!lo->defined && !hi->defined) {
		braid_stats_fixed(v && v->defined ? v : lo, decimals, out);
		return;
	}
	if (v) {
		braid_stats_fixed(v, decimals, out);
		strbuf_addch(out, ' ');
	}
	strbuf_addch(out, '[');
	braid_stats_fixed(lo, decimals, out);
	strbuf_addstr(out, ", ");
	braid_stats_fixed(hi, decimals, out);
	strbuf_addch(out, ']');
}

static const double Z975 = 1.959963984540054; /* gsl_cdf_ugaussian_Pinv(0.975) */

static double p_normal(double z)
{
	return 2 * gsl_cdf_ugaussian_Q(fabs(z));
}

static double p_t(double t, double df)
{
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

static bool is01(int v)
{
	return v == 0 || v == 1;
}

/* ---- 2x2 tables ---- */

double braid_stats_fisher_p(const size_t t[2][2])
{
	/*
	 * R's fisher.test: the first column's total m, the second's n, the
	 * first row's k, x the top-left cell; the p-value sums the
	 * hypergeometric probabilities of the tables no more likely than the
	 * observed one, "no more" with R's relative tolerance 1 + 1e-7 so that
	 * tables equally likely in exact arithmetic are not lost to rounding.
	 */
	unsigned m = (unsigned)(t[0][0] + t[1][0]), n = (unsigned)(t[0][1] + t[1][1]);
	unsigned k = (unsigned)(t[0][0] + t[0][1]), x = (unsigned)t[0][0];
	unsigned lo = k > n ? k - n : 0, hi = k < m ? k : m;
	double dx = gsl_ran_hypergeometric_pdf(x, m, n, k) * (1 + 1e-7), p = 0;

	for (unsigned u = lo; u <= hi; u++) {
		double d = gsl_ran_hypergeometric_pdf(u, m, n, k);

		if (d <= dx)
			p += d;
	}
	return p > 1 ? 1 : p;
}

int braid_stats_2x2(const int *x, const int *y, size_t n, struct braid_stats_2x2 *r,
		    struct braid_err *err)
{
	gsl_error_handler_t *old;
	double a, b, c, d, row[2], col[2];

	memset(r, 0, sizeof(*r));
	r->odds_ratio = r->or_low = r->or_high = r->fisher_p = undef("no complete cases");
	if (n && (!x || !y))
		return braid_errorf(err, BRAID_EINVAL, "no values given");
	for (size_t i = 0; i < n; i++) {
		if (!is01(x[i]) || !is01(y[i])) {
			r->missing++;
			continue;
		}
		r->count[x[i]][y[i]]++;
		r->n++;
	}
	if (!r->n) {
		r->warnings |= BRAID_STATS_W_FEW_CASES;
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		row[i] = (double)(r->count[i][0] + r->count[i][1]);
		col[i] = (double)(r->count[0][i] + r->count[1][i]);
	}
	if (!row[0] || !row[1] || !col[0] || !col[1]) {
		/* Every case in one row or one column: nothing to compare. */
		r->warnings |= BRAID_STATS_W_CONSTANT;
		r->odds_ratio = r->or_low = r->or_high = r->fisher_p =
		    undef(!row[0] || !row[1] ? "the theme is present in every case or none"
					     : "the variable does not vary");
		return 0;
	}
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++)
			if (row[i] * col[j] / (double)r->n < 5)
				r->warnings |= BRAID_STATS_W_SMALL_CELL;

	old = gsl_quiet();
	r->fisher_p = value(braid_stats_fisher_p((const size_t(*)[2])r->count));
	gsl_loud(old);

	a = (double)r->count[1][1];
	b = (double)r->count[1][0];
	c = (double)r->count[0][1];
	d = (double)r->count[0][0];
	if (!a || !b || !c || !d) {
		a += 0.5;
		b += 0.5;
		c += 0.5;
		d += 0.5;
		r->corrected = true;
		r->warnings |= BRAID_STATS_W_CORRECTED;
	}
	{
		double lor = log(a * d / (b * c)), se = sqrt(1 / a + 1 / b + 1 / c + 1 / d);

		r->odds_ratio = value(exp(lor));
		r->or_low = value(exp(lor - Z975 * se));
		r->or_high = value(exp(lor + Z975 * se));
	}
	return 0;
}

/* ---- helpers on complete arrays ---- */

struct idx_val {
	double v;
	size_t i;
};

static int cmp_idx_val(const void *pa, const void *pb)
{
	const struct idx_val *a = pa, *b = pb;

	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Average ranks; *ties (if not NULL) gets sum over tie groups of t^3 - t. */
static void ranks_ties(const double *x, size_t n, double *rank, double *ties)
{
	struct idx_val *s = xmalloc((n + 1) * sizeof(*s));
	double tsum = 0;

	for (size_t i = 0; i < n; i++) {
		s[i].v = x[i];
		s[i].i = i;
	}
	qsort(s, n, sizeof(*s), cmp_idx_val);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double avg, t;

		while (j < n && s[j].v == s[i].v)
			j++;
		avg = (double)(i + 1 + j) / 2; /* mean of ranks i+1 .. j */
		for (size_t q = i; q < j; q++)
			rank[s[q].i] = avg;
		t = (double)(j - i);
		tsum += t * t * t - t;
		i = j;
	}
	if (ties)
		*ties = tsum;
	free(s);
}

void braid_stats_ranks(const double *x, size_t n, double *rank)
{
	ranks_ties(x, n, rank, NULL);
}

static double mean_of(const double *x, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

/* Sum of squared deviations from the mean. */
static double ss_of(const double *x, size_t n, double mean)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += (x[i] - mean) * (x[i] - mean);
	return s;
}

/* Pearson's r of complete arrays; undefined when either does not vary. */
static struct braid_rel_value pearson(const double *x, const double *y, size_t n)
{
	double mx, my, sxx, syy, sxy = 0, r;

	if (n < 2)
		return undef("fewer than two cases");
	mx = mean_of(x, n);
	my = mean_of(y, n);
	sxx = ss_of(x, n, mx);
	syy = ss_of(y, n, my);
	if (sxx == 0 || syy == 0)
		return undef("no variation: every value is the same");
	for (size_t i = 0; i < n; i++)
		sxy += (x[i] - mx) * (y[i] - my);
	r = sxy / sqrt(sxx * syy);
	if (r > 1)
		r = 1;
	if (r < -1)
		r = -1;
	return value(r);
}

/* ---- presence against a numeric variable ---- */

int braid_stats_groups(const int *g, const double *y, size_t n, struct braid_stats_groups *r,
		       struct braid_err *err)
{
	gsl_error_handler_t *old;
	double *v[2], *all, *gd, *rank, ties, m[2], var[2];
	size_t k[2] = {0, 0};

	memset(r, 0, sizeof(*r));
	r->mean1 = r->mean0 = r->sd1 = r->sd0 = r->diff = r->t = r->df = r->t_p = r->u = r->u_p =
	    r->r_pb = undef("no complete cases");
	if (n && (!g || !y))
		return braid_errorf(err, BRAID_EINVAL, "no values given");
	v[0] = xmalloc((n + 1) * sizeof(double));
	v[1] = xmalloc((n + 1) * sizeof(double));
	all = xmalloc((n + 1) * sizeof(double));
	gd = xmalloc((n + 1) * sizeof(double));
	rank = xmalloc((n + 1) * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		if (!is01(g[i]) || isnan(y[i])) {
			r->missing++;
			continue;
		}
		v[g[i]][k[g[i]]++] = y[i];
		all[r->n] = y[i];
		gd[r->n++] = g[i];
	}
	r->n1 = k[1];
	r->n0 = k[0];
	old = gsl_quiet();
	for (int j = 0; j < 2; j++) {
		struct braid_rel_value *mean = j ? &r->mean1 : &r->mean0,
				       *sd = j ? &r->sd1 : &r->sd0;

		if (!k[j]) {
			*mean = *sd =
			    undef(j ? "no case has the theme" : "every case has the theme");
			continue;
		}
		m[j] = mean_of(v[j], k[j]);
		*mean = value(m[j]);
		if (k[j] < 2) {
			*sd = undef("fewer than two cases in the group");
			continue;
		}
		var[j] = ss_of(v[j], k[j], m[j]) / (double)(k[j] - 1);
		*sd = value(sqrt(var[j]));
	}
	if (!k[0] || !k[1]) {
		r->warnings |= BRAID_STATS_W_CONSTANT;
		r->diff = r->t = r->df = r->t_p = r->u = r->u_p = r->r_pb =
		    undef(k[1] ? "every case has the theme" : "no case has the theme");
		goto done;
	}
	r->diff = value(m[1] - m[0]);

	/* Welch */
	if (k[0] < 2 || k[1] < 2) {
		r->warnings |= BRAID_STATS_W_FEW_CASES;
		r->t = r->df = r->t_p = undef("fewer than two cases in a group");
	} else {
		double a = var[1] / (double)k[1], b = var[0] / (double)k[0], se2 = a + b;

		if (se2 == 0) {
			r->warnings |= BRAID_STATS_W_CONSTANT;
			r->t = r->df = r->t_p = undef("no variation within the groups");
		} else {
			double t = (m[1] - m[0]) / sqrt(se2);
			double df =
			    se2 * se2 / (a * a / (double)(k[1] - 1) + b * b / (double)(k[0] - 1));

			r->t = value(t);
			r->df = value(df);
			r->t_p = value(p_t(t, df));
		}
	}

	/* Mann-Whitney, normal approximation with tie and continuity corrections */
	{
		double n1 = (double)k[1], n0 = (double)k[0], nn = n1 + n0, rs = 0, u, z, sigma;

		ranks_ties(all, r->n, rank, &ties);
		for (size_t i = 0; i < r->n; i++)
			if (gd[i] == 1)
				rs += rank[i];
		u = rs - n1 * (n1 + 1) / 2;
		r->u = value(u);
		sigma = sqrt(n1 * n0 / 12 * ((nn + 1) - ties / (nn * (nn - 1))));
		if (sigma == 0) {
			r->warnings |= BRAID_STATS_W_CONSTANT;
			r->u_p = undef("no variation: every value is the same");
		} else {
			z = u - n1 * n0 / 2;
			z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sigma;
			r->u_p = value(p_normal(z));
		}
	}
	r->r_pb = pearson(gd, all, r->n);
	if (!r->r_pb.defined)
		r->warnings |= BRAID_STATS_W_CONSTANT;
done:
	gsl_loud(old);
	if (!r->n)
		r->warnings |= BRAID_STATS_W_FEW_CASES;
	free(v[0]);
	free(v[1]);
	free(all);
	free(gd);
	free(rank);
	return 0;
}

/* ---- a contingency table ---- */

void braid_stats_chisq(const size_t *t, size_t rows, size_t cols, struct braid_stats_chisq *r)
{
	size_t *rs = xcalloc(rows + 1, sizeof(*rs)), *cs = xcalloc(cols + 1, sizeof(*cs));
	size_t nr = 0, nc = 0;
	double x2 = 0;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			rs[i] += t[i * cols + j];
			cs[j] += t[i * cols + j];
			r->n += t[i * cols + j];
		}
	for (size_t i = 0; i < rows; i++)
		nr += rs[i] > 0;
	for (size_t j = 0; j < cols; j++)
		nc += cs[j] > 0;
	r->min_expected = 0;
	if (nr < 2 || nc < 2) {
		r->chi2 = r->df = r->p = undef("fewer than two rows or columns with cases");
		r->warnings |= BRAID_STATS_W_CONSTANT;
		goto out;
	}
	r->min_expected = (double)r->n;
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			double e, d;

			if (!rs[i] || !cs[j])
				continue;
			e = (double)rs[i] * (double)cs[j] / (double)r->n;
			d = (double)t[i * cols + j] - e;
			x2 += d * d / e;
			if (e < r->min_expected)
				r->min_expected = e;
		}
	if (r->min_expected < 5)
		r->warnings |= BRAID_STATS_W_APPROX;
	r->chi2 = value(x2);
	r->df = value((double)((nr - 1) * (nc - 1)));
	r->p = value(gsl_cdf_chisq_Q(x2, r->df.v));
out:
	free(rs);
	free(cs);
}

double braid_stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	/* type 1: the smallest value whose empirical distribution reaches p */
	double np = p * (double)n;
	size_t k = (size_t)ceil(np);

	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return sorted[k - 1];
}

/* ---- correlations ---- */

int braid_stats_corr(const double *x, const double *y, size_t n, enum braid_stats_corr_method m,
		     struct braid_stats_corr *r, struct braid_err *err)
{
	gsl_error_handler_t *old;
	double *a, *b;

	memset(r, 0, sizeof(*r));
	r->r = r->ci_low = r->ci_high = r->p = undef("fewer than three complete pairs");
	if (n && (!x || !y))
		return braid_errorf(err, BRAID_EINVAL, "no values given");
	if (m != BRAID_STATS_PEARSON && m != BRAID_STATS_SPEARMAN)
		return braid_errorf(err, BRAID_EINVAL, "unknown correlation method %d", (int)m);
	a = xmalloc((n + 1) * sizeof(double));
	b = xmalloc((n + 1) * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i])) {
			r->missing++;
			continue;
		}
		a[r->n] = x[i];
		b[r->n++] = y[i];
	}
	if (r->n < 3) {
		r->warnings |= BRAID_STATS_W_FEW_CASES;
		goto out;
	}
	if (m == BRAID_STATS_SPEARMAN) {
		double *ra = xmalloc(r->n * sizeof(double)), *rb = xmalloc(r->n * sizeof(double));

		ranks_ties(a, r->n, ra, NULL);
		ranks_ties(b, r->n, rb, NULL);
		free(a);
		free(b);
		a = ra;
		b = rb;
	}
	r->r = pearson(a, b, r->n);
	if (!r->r.defined) {
		r->warnings |= BRAID_STATS_W_CONSTANT;
		r->ci_low = r->ci_high = r->p = r->r;
		goto out;
	}
	old = gsl_quiet();
	{
		double rv = r->r.v, df = (double)r->n - 2;

		if (fabs(rv) >= 1) {
			r->p = value(0);
		} else {
			double t = rv * sqrt(df / (1 - rv * rv));

			r->p = value(p_t(t, df));
		}
		if (r->n <= 3) {
			r->warnings |= BRAID_STATS_W_FEW_CASES;
			r->ci_low = r->ci_high = undef("Fisher's z needs more than three pairs");
		} else if (fabs(rv) >= 1) {
			r->ci_low = r->ci_high = value(rv);
		} else {
			double z = atanh(rv), se = 1 / sqrt((double)r->n - 3);

			r->ci_low = value(tanh(z - Z975 * se));
			r->ci_high = value(tanh(z + Z975 * se));
		}
	}
	gsl_loud(old);
out:
	free(a);
	free(b);
	return 0;
}

void braid_stats_bh(const struct braid_rel_value *p, size_t n, struct braid_rel_value *adj)
{
	/*
	 * R's p.adjust "BH": sorted decreasingly, p_(i) m / i, then the running
	 * minimum from the largest down, capped at 1.
	 */
	struct idx_val *s = xmalloc((n + 1) * sizeof(*s));
	size_t m = 0;
	double run = 1;

	for (size_t i = 0; i < n; i++)
		if (p[i].defined) {
			s[m].v = p[i].v;
			s[m++].i = i;
		}
	qsort(s, m, sizeof(*s), cmp_idx_val);
	for (size_t i = 0; i < n; i++)
		if (!p[i].defined)
			adj[i] = undef(p[i].why ? p[i].why : "no p-value");
	for (size_t j = m; j-- > 0;) {
		double q = s[j].v * (double)m / (double)(j + 1);

		if (q < run)
			run = q;
		adj[s[j].i] = value(run);
	}
	free(s);
}

/* ---- regression models ---- */

/* The complete cases of a design, the predictors that vary, X with its intercept column. */
struct fit {
	size_t n, p; /* complete cases; columns of X (1 + the varying predictors) */
	size_t *col; /* p: X's column j is predictor col[j] - 1 (0: the intercept) */
	gsl_matrix *X;
	gsl_vector *y;
	double *sd; /* k + 1: each predictor's sd among complete cases (0 for the intercept) */
};

static void fit_release(struct fit *f)
{
	if (f->X)
		gsl_matrix_free(f->X);
	if (f->y)
		gsl_vector_free(f->y);
	free(f->col);
	free(f->sd);
}

static void model_init(struct braid_stats_model *m, const struct braid_stats_design *d,
		       const char *why)
{
	memset(m, 0, sizeof(*m));
	m->ncoef = d->k + 1;
	m->coef = xcalloc(m->ncoef, sizeof(*m->coef));
	for (size_t j = 0; j < m->ncoef; j++) {
		struct braid_stats_coef *c = &m->coef[j];

		c->name = xstrdup(j ? (d->names && d->names[j - 1] ? d->names[j - 1] : "?")
				    : "(intercept)");
		c->b = c->se = c->stat = c->p = c->ci_low = c->ci_high = c->odds_ratio = c->or_low =
		    c->or_high = c->beta = undef(why);
	}
	m->loglik = m->auc = m->r2 = m->adj_r2 = undef(why);
}

/* Sets every coefficient's inference undefined with why (b too when all). */
static void coefs_undef(struct braid_stats_model *m, const char *why, bool all)
{
	for (size_t j = 0; j < m->ncoef; j++) {
		struct braid_stats_coef *c = &m->coef[j];

		if (all)
			c->b = undef(why);
		c->se = c->stat = c->p = c->ci_low = c->ci_high = c->or_low = c->or_high =
		    undef(why);
		if (all)
			c->odds_ratio = c->beta = undef(why);
	}
}

/*
 * Collects the complete cases and drops predictors that do not vary
 * among them (marked constant, with a warning). Returns false when there
 * is nothing to fit (the reason in every value).
 */
static bool fit_prepare(const struct braid_stats_design *d, struct braid_stats_model *m,
			struct fit *f)
{
	size_t k = d->k, *keep = xmalloc((d->n + 1) * sizeof(*keep));
	double *tmp = xmalloc((d->n + 1) * sizeof(*tmp));

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < d->n; i++) {
		bool ok = !isnan(d->y[i]);

		for (size_t j = 0; j < k && ok; j++)
			ok = !isnan(d->x[i * k + j]);
		if (ok)
			keep[f->n++] = i;
		else
			m->dropped++;
	}
	m->n = f->n;
	f->col = xmalloc((k + 1) * sizeof(*f->col));
	f->sd = xcalloc(k + 1, sizeof(*f->sd));
	f->col[f->p++] = 0;
	for (size_t j = 0; j < k; j++) {
		double mean;

		for (size_t i = 0; i < f->n; i++)
			tmp[i] = d->x[keep[i] * k + j];
		mean = f->n ? mean_of(tmp, f->n) : 0;
		f->sd[j + 1] = f->n > 1 ? sqrt(ss_of(tmp, f->n, mean) / (double)(f->n - 1)) : 0;
		if (f->n && f->sd[j + 1] == 0) {
			m->coef[j + 1].constant = true;
			m->warnings |= BRAID_STATS_W_CONSTANT;
			m->coef[j + 1].b = m->coef[j + 1].se = m->coef[j + 1].stat =
			    m->coef[j + 1].p = m->coef[j + 1].ci_low = m->coef[j + 1].ci_high =
				m->coef[j + 1].odds_ratio = m->coef[j + 1].or_low =
				    m->coef[j + 1].or_high = m->coef[j + 1].beta =
					undef("the predictor does not vary");
			continue;
		}
		f->col[f->p++] = j + 1;
	}
	free(tmp);
	if (f->n <= f->p) {
		m->warnings |= BRAID_STATS_W_FEW_CASES;
		for (size_t j = 0; j < m->ncoef; j++)
			if (!m->coef[j].constant)
				m->coef[j].b = m->coef[j].se = m->coef[j].stat = m->coef[j].p =
				    m->coef[j].ci_low = m->coef[j].ci_high = m->coef[j].odds_ratio =
					m->coef[j].or_low = m->coef[j].or_high = m->coef[j].beta =
					    undef("no more cases than coefficients");
		m->loglik = m->auc = m->r2 = m->adj_r2 = undef("no more cases than coefficients");
		free(keep);
		return false;
	}
	f->X = gsl_matrix_alloc(f->n, f->p);
	f->y = gsl_vector_alloc(f->n);
	for (size_t i = 0; i < f->n; i++) {
		gsl_vector_set(f->y, i, d->y[keep[i]]);
		for (size_t j = 0; j < f->p; j++)
			gsl_matrix_set(f->X, i, j,
				       f->col[j] ? d->x[keep[i] * k + f->col[j] - 1] : 1.0);
	}
	free(keep);
	return true;
}

/* Rank of X by its singular values (relative tolerance 1e-10); 0 on failure. */
static int fit_rank(const struct fit *f, size_t *rank)
{
	gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(f->n, f->p);
	gsl_vector *c = gsl_vector_alloc(f->p);
	gsl_matrix *cov = gsl_matrix_alloc(f->p, f->p);
	double chisq;
	int rc = gsl_multifit_linear_tsvd(f->X, f->y, 1e-10, c, cov, &chisq, rank, w);

	gsl_vector_free(c);
	gsl_matrix_free(cov);
	gsl_multifit_linear_free(w);
	return rc;
}

static const char *const NOT_FITTED = "not fitted";

int braid_stats_logit(const struct braid_stats_design *d, struct braid_stats_model *m,
		      struct braid_err *err)
{
	gsl_error_handler_t *old;
	struct fit f;
	gsl_multifit_linear_workspace *ws = NULL;
	gsl_vector *w = NULL, *z = NULL, *c = NULL, *eta = NULL, *mu = NULL;
	gsl_matrix *cov = NULL;
	size_t rank;
	int rc = 0;
	double dev_old = INFINITY, chisq;
	const double eta_max =
	    -log(DBL_EPSILON); /* R's binomial()$linkinv keeps mu this far from 0, 1 */

	model_init(m, d, NOT_FITTED);
	if (d->n && (!d->y || (d->k && !d->x)))
		return braid_errorf(err, BRAID_EINVAL, "no values given");
	for (size_t i = 0; i < d->n; i++)
		if (!isnan(d->y[i]) && d->y[i] != 0 && d->y[i] != 1)
			return braid_errorf(
			    err, BRAID_EINVAL,
			    "the outcome of a logistic model must be 0 or 1, not %g "
			    "(case %zu)",
			    d->y[i], i + 1);
	if (!fit_prepare(d, m, &f)) {
		fit_release(&f);
		return 0;
	}
	for (size_t i = 0; i < f.n; i++)
		m->events += gsl_vector_get(f.y, i) == 1;
	if (m->events == 0 || m->events == f.n) {
		m->warnings |= BRAID_STATS_W_CONSTANT;
		coefs_undef(m, "the outcome does not vary", true);
		m->loglik = m->auc = undef("the outcome does not vary");
		fit_release(&f);
		return 0;
	}
	old = gsl_quiet();
	if ((rc = fit_rank(&f, &rank)) != 0) {
		rc = gsl_fail(err, "the logistic model's fit", rc);
		goto out;
	}
	if (rank < f.p) {
		m->warnings |= BRAID_STATS_W_COLLINEAR;
		coefs_undef(m, "the predictors are linearly dependent", true);
		m->loglik = m->auc = undef("the predictors are linearly dependent");
		goto out;
	}
	ws = gsl_multifit_linear_alloc(f.n, f.p);
	w = gsl_vector_alloc(f.n);
	z = gsl_vector_alloc(f.n);
	c = gsl_vector_alloc(f.p);
	eta = gsl_vector_alloc(f.n);
	mu = gsl_vector_alloc(f.n);
	cov = gsl_matrix_alloc(f.p, f.p);
	/* R's glm starts from mu = (y + 0.5) / 2, so its iteration count is comparable */
	for (size_t i = 0; i < f.n; i++) {
		double m0 = (gsl_vector_get(f.y, i) + 0.5) / 2;

		gsl_vector_set(mu, i, m0);
		gsl_vector_set(eta, i, log(m0 / (1 - m0)));
	}
	for (m->iterations = 1; m->iterations <= 25; m->iterations++) {
		double dev = 0;

		for (size_t i = 0; i < f.n; i++) {
			double mi = gsl_vector_get(mu, i), wi = mi * (1 - mi);

			gsl_vector_set(w, i, wi);
			gsl_vector_set(z, i,
				       gsl_vector_get(eta, i) + (gsl_vector_get(f.y, i) - mi) / wi);
		}
		rc = gsl_multifit_wlinear_tsvd(f.X, w, z, 1e-12, c, cov, &chisq, &rank, ws);
		if (rc) {
			rc = gsl_fail(err, "the logistic model's fit", rc);
			goto out;
		}
		gsl_blas_dgemv(CblasNoTrans, 1.0, f.X, c, 0.0, eta);
		for (size_t i = 0; i < f.n; i++) {
			double e = gsl_vector_get(eta, i), yi = gsl_vector_get(f.y, i), mi;

			e = e > eta_max ? eta_max : e < -eta_max ? -eta_max : e;
			mi = 1 / (1 + exp(-e));
			gsl_vector_set(mu, i, mi);
			dev -= 2 * (yi ? log(mi) : log1p(-mi));
		}
		if (fabs(dev - dev_old) / (fabs(dev) + 0.1) < 1e-8) {
			m->converged = true;
			break;
		}
		dev_old = dev;
	}
	if (!m->converged) {
		m->iterations = 25;
		m->warnings |= BRAID_STATS_W_NOT_CONVERGED;
	}

	/* the covariance at the estimates: (X' W X)^-1 with W from the final mu */
	{
		gsl_vector *c2 = gsl_vector_alloc(f.p);
		bool extreme = false;
		double ll = 0, n1 = 0, n0 = 0, rs = 0, *rk, *pm;

		for (size_t i = 0; i < f.n; i++) {
			double mi = gsl_vector_get(mu, i);

			gsl_vector_set(w, i, mi * (1 - mi));
			if (mi < 1e-8 || mi > 1 - 1e-8)
				extreme = true;
		}
		rc = gsl_multifit_wlinear_tsvd(f.X, w, z, 1e-12, c2, cov, &chisq, &rank, ws);
		gsl_vector_free(c2);
		if (rc) {
			rc = gsl_fail(err, "the logistic model's covariance", rc);
			goto out;
		}
		for (size_t j = 0; j < f.p; j++) {
			struct braid_stats_coef *co = &m->coef[f.col[j]];
			double b = gsl_vector_get(c, j), se = sqrt(gsl_matrix_get(cov, j, j));

			co->b = value(b);
			co->se = value(se);
			co->stat = value(b / se);
			co->p = value(p_normal(b / se));
			co->ci_low = value(b - Z975 * se);
			co->ci_high = value(b + Z975 * se);
			co->odds_ratio = value(exp(b));
			co->or_low = value(exp(b - Z975 * se));
			co->or_high = value(exp(b + Z975 * se));
			co->beta = undef("not a linear model");
		}
		if (extreme || !m->converged) {
			m->warnings |= BRAID_STATS_W_SEPARATION;
			coefs_undef(m, "separation: the estimates diverge", false);
			for (size_t j = 0; j < f.p; j++)
				m->coef[f.col[j]].odds_ratio =
				    undef("separation: the estimates diverge");
		}
		pm = xmalloc(f.n * sizeof(double));
		rk = xmalloc(f.n * sizeof(double));
		for (size_t i = 0; i < f.n; i++) {
			double e = gsl_vector_get(eta, i), yi = gsl_vector_get(f.y, i);

			/* log mu = -log(1 + e^-eta), log(1 - mu) = -log(1 + e^eta), without
			 * overflow */
			ll -= yi ? (e > 0 ? log1p(exp(-e)) : -e + log1p(exp(e)))
				 : (e > 0 ? e + log1p(exp(-e)) : log1p(exp(e)));
			pm[i] = gsl_vector_get(mu, i);
		}
		m->loglik = value(ll);
		ranks_ties(pm, f.n, rk, NULL);
		for (size_t i = 0; i < f.n; i++) {
			if (gsl_vector_get(f.y, i) == 1) {
				n1++;
				rs += rk[i];
			} else {
				n0++;
			}
		}
		m->auc = value((rs - n1 * (n1 + 1) / 2) / (n1 * n0));
		free(pm);
		free(rk);
	}
out:
	gsl_loud(old);
	if (ws)
		gsl_multifit_linear_free(ws);
	gsl_vector_free(w);
	gsl_vector_free(z);
	gsl_vector_free(c);
	gsl_vector_free(eta);
	gsl_vector_free(mu);
	if (cov)
		gsl_matrix_free(cov);
	fit_release(&f);
	return rc;
}

int braid_stats_ols(const struct braid_stats_design *d, struct braid_stats_model *m,
		    struct braid_err *err)
{
	gsl_error_handler_t *old;
	struct fit f;
	gsl_multifit_linear_workspace *ws = NULL;
	gsl_vector *w = NULL, *c = NULL, *e = NULL;
	gsl_matrix *bread = NULL, *meat = NULL, *tmp = NULL, *V = NULL;
	size_t rank;
	int rc = 0;
	double chisq, ymean, sst, sdy, df;
	bool lever = false;

	model_init(m, d, NOT_FITTED);
	if (d->n && (!d->y || (d->k && !d->x)))
		return braid_errorf(err, BRAID_EINVAL, "no values given");
	if (!fit_prepare(d, m, &f)) {
		fit_release(&f);
		return 0;
	}
	ymean = 0;
	for (size_t i = 0; i < f.n; i++)
		ymean += gsl_vector_get(f.y, i);
	ymean /= (double)f.n;
	sst = 0;
	for (size_t i = 0; i < f.n; i++)
		sst += (gsl_vector_get(f.y, i) - ymean) * (gsl_vector_get(f.y, i) - ymean);
	if (sst == 0) {
		m->warnings |= BRAID_STATS_W_CONSTANT;
		coefs_undef(m, "the outcome does not vary", true);
		m->r2 = m->adj_r2 = undef("the outcome does not vary");
		fit_release(&f);
		return 0;
	}
	sdy = sqrt(sst / (double)(f.n - 1));
	df = (double)(f.n - f.p);
	old = gsl_quiet();
	ws = gsl_multifit_linear_alloc(f.n, f.p);
	w = gsl_vector_alloc(f.n);
	c = gsl_vector_alloc(f.p);
	e = gsl_vector_alloc(f.n);
	bread = gsl_matrix_alloc(f.p, f.p);
	gsl_vector_set_all(w, 1.0);
	/* weights 1: cov is the unscaled (X'X)^-1, the sandwich's bread */
	rc = gsl_multifit_wlinear_tsvd(f.X, w, f.y, 1e-10, c, bread, &chisq, &rank, ws);
	if (rc) {
		rc = gsl_fail(err, "the linear model's fit", rc);
		goto out;
	}
	if (rank < f.p) {
		m->warnings |= BRAID_STATS_W_COLLINEAR;
		coefs_undef(m, "the predictors are linearly dependent", true);
		m->r2 = m->adj_r2 = undef("the predictors are linearly dependent");
		goto out;
	}
	/* residuals */
	gsl_blas_dgemv(CblasNoTrans, 1.0, f.X, c, 0.0, e);
	gsl_vector_scale(e, -1.0);
	gsl_vector_add(e, f.y);
	m->r2 = value(1 - chisq / sst);
	m->adj_r2 = value(1 - (chisq / df) / (sst / (double)(f.n - 1)));

	/* HC3: bread X' diag(e_i^2 / (1 - h_ii)^2) X bread */
	meat = gsl_matrix_calloc(f.p, f.p);
	tmp = gsl_matrix_alloc(f.p, f.p);
	V = gsl_matrix_alloc(f.p, f.p);
	{
		gsl_vector *bx = gsl_vector_alloc(f.p);

		for (size_t i = 0; i < f.n; i++) {
			gsl_vector_const_view xi = gsl_matrix_const_row(f.X, i);
			double h, ei = gsl_vector_get(e, i), s;

			gsl_blas_dgemv(CblasNoTrans, 1.0, bread, &xi.vector, 0.0, bx);
			gsl_blas_ddot(&xi.vector, bx, &h);
			if (h > 1 - 1e-10) {
				lever = true;
				break;
			}
			s = ei * ei / ((1 - h) * (1 - h));
			gsl_blas_dsyr(CblasLower, s, &xi.vector, meat);
		}
		gsl_vector_free(bx);
	}
	for (size_t a = 0; a < f.p; a++)
		for (size_t b = a + 1; b < f.p; b++)
			gsl_matrix_set(meat, a, b, gsl_matrix_get(meat, b, a));
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, bread, meat, 0.0, tmp);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, tmp, bread, 0.0, V);
	{
		double tq = gsl_cdf_tdist_Pinv(0.975, df);

		for (size_t j = 0; j < f.p; j++) {
			struct braid_stats_coef *co = &m->coef[f.col[j]];
			double b = gsl_vector_get(c, j), se = sqrt(gsl_matrix_get(V, j, j));

			co->b = value(b);
			co->odds_ratio = co->or_low = co->or_high = undef("not a logistic model");
			co->beta = f.col[j] ? value(b * f.sd[f.col[j]] / sdy)
					    : undef("the intercept has no standardized value");
			if (lever) {
				co->se = co->stat = co->p = co->ci_low = co->ci_high =
				    undef("a case has leverage 1");
				continue;
			}
			co->se = value(se);
			if (se == 0) {
				co->stat = co->p = undef("a standard error of 0: the fit is exact");
				co->ci_low = co->ci_high = value(b);
				continue;
			}
			co->stat = value(b / se);
			co->p = value(p_t(b / se, df));
			co->ci_low = value(b - tq * se);
			co->ci_high = value(b + tq * se);
		}
	}
	if (lever)
		m->warnings |= BRAID_STATS_W_LEVERAGE;
out:
	gsl_loud(old);
	if (ws)
		gsl_multifit_linear_free(ws);
	gsl_vector_free(w);
	gsl_vector_free(c);
	gsl_vector_free(e);
	if (bread)
		gsl_matrix_free(bread);
	if (meat)
		gsl_matrix_free(meat);
	if (tmp)
		gsl_matrix_free(tmp);
	if (V)
		gsl_matrix_free(V);
	fit_release(&f);
	return rc;
}

void braid_stats_model_release(struct braid_stats_model *m)
{
	for (size_t j = 0; m->coef && j < m->ncoef; j++)
		free(m->coef[j].name);
	free(m->coef);
	m->coef = NULL;
	m->ncoef = 0;
}

/* ---- dummy coding ---- */

int braid_stats_dummies(const char *const *value_of, size_t n, const char *const *levels,
			size_t nlevels, bool most_frequent, struct braid_stats_dummies *d,
			struct braid_err *err)
{
	size_t *which = xmalloc((n + 1) * sizeof(*which));

	memset(d, 0, sizeof(*d));
	d->n = n;
	d->level = xcalloc((levels ? nlevels : n) + 1, sizeof(*d->level));
	if (levels) {
		for (size_t l = 0; l < nlevels; l++)
			d->level[d->nlevels++] = xstrdup(levels[l]);
	}
	for (size_t i = 0; i < n; i++) {
		size_t l;

		which[i] = SIZE_MAX;
		if (!value_of[i])
			continue;
		for (l = 0; l < d->nlevels && strcmp(d->level[l], value_of[i]); l++)
			;
		if (l == d->nlevels) {
			if (levels) {
				free(which);
				return braid_errorf(err, BRAID_EINVAL,
						    "'%s' is not one of the variable's levels",
						    value_of[i]);
			}
			d->level[d->nlevels++] = xstrdup(value_of[i]);
		}
		which[i] = l;
	}
	d->count = xcalloc(d->nlevels + 1, sizeof(*d->count));
	for (size_t i = 0; i < n; i++)
		if (which[i] != SIZE_MAX)
			d->count[which[i]]++;
	d->ref = 0;
	if (most_frequent)
		for (size_t l = 1; l < d->nlevels; l++)
			if (d->count[l] > d->count[d->ref])
				d->ref = l;
	d->ncol = d->nlevels > 1 ? d->nlevels - 1 : 0;
	d->col_level = xmalloc((d->ncol + 1) * sizeof(*d->col_level));
	for (size_t l = 0, j = 0; l < d->nlevels; l++)
		if (l != d->ref)
			d->col_level[j++] = l;
	d->x = xmalloc((n * d->ncol + 1) * sizeof(*d->x));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d->ncol; j++)
			d->x[i * d->ncol + j] =
			    which[i] == SIZE_MAX ? NAN : (double)(which[i] == d->col_level[j]);
	free(which);
	return 0;
}

void braid_stats_dummies_release(struct braid_stats_dummies *d)
{
	for (size_t l = 0; d->level && l < d->nlevels; l++)
		free(d->level[l]);
	free(d->level);
	free(d->count);
	free(d->col_level);
	free(d->x);
	memset(d, 0, sizeof(*d));
}
