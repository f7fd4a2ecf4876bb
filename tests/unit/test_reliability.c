/*
 * test_reliability.c - the agreement coefficients against published worked
 * examples (the source beside each expected value), their edge cases, the
 * bootstrap, and the CSV reader's errors.
 */
#include <math.h>
#include <time.h>

#include "testutil.h"

#include "braid/alloc.h"
#include "braid/reliability.h"

#define NA NAN

/* ---- building matrices ---- */

/* Frees what the helpers below allocate (the same layout braid_rel_read_csv fills). */
static void data_free(struct braid_rel_data *d)
{
	braid_rel_data_release(d);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * A matrix of numbers, units by coders, NA missing; its categories are the
 * distinct numbers in increasing order.
 */
static void numeric_matrix(struct braid_rel_data *d, size_t units, size_t coders, const double *v)
{
	double *seen = xmalloc((units * coders + 1) * sizeof(*seen));
	size_t n = 0;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < units * coders; i++)
		if (!isnan(v[i]))
			seen[n++] = v[i];
	qsort(seen, n, sizeof(*seen), cmp_double);
	d->units = units;
	d->coders = coders;
	d->cat = xcalloc(n + 1, sizeof(*d->cat));
	for (size_t i = 0; i < n; i++)
		if (!d->ncat || seen[i] != d->cat[d->ncat - 1].value) {
			char buf[32];

			snprintf(buf, sizeof(buf), "%g", seen[i]);
			d->cat[d->ncat].label = xstrdup(buf);
			d->cat[d->ncat++].value = seen[i];
		}
	d->cell = xmalloc((units * coders + 1) * sizeof(*d->cell));
	for (size_t i = 0; i < units * coders; i++) {
		d->cell[i] = BRAID_REL_MISSING;
		for (size_t c = 0; c < d->ncat && !isnan(v[i]); c++)
			if (d->cat[c].value == v[i])
				d->cell[i] = (int)c;
	}
	d->coder = xcalloc(coders + 1, sizeof(*d->coder));
	for (size_t c = 0; c < coders; c++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "c%zu", c + 1);
		d->coder[c] = xstrdup(buf);
	}
	free(seen);
}

/* Two coders from a contingency table t[i][j] (coder 1 in rows), categories 0..q-1. */
static void table_matrix(struct braid_rel_data *d, size_t q, const int *t)
{
	size_t units = 0, u = 0;
	double *v;

	for (size_t i = 0; i < q * q; i++)
		units += (size_t)t[i];
	v = xmalloc(units * 2 * sizeof(*v));
	for (size_t i = 0; i < q; i++)
		for (size_t j = 0; j < q; j++)
			for (int k = 0; k < t[i * q + j]; k++, u++) {
				v[u * 2] = (double)i;
				v[u * 2 + 1] = (double)j;
			}
	numeric_matrix(d, units, 2, v);
	free(v);
}

/* m raters from counts per unit and category (each row sums to m): categories 0..q-1. */
static void counts_matrix(struct braid_rel_data *d, size_t units, size_t q, size_t m, const int *n)
{
	double *v = xmalloc(units * m * sizeof(*v));

	for (size_t u = 0; u < units; u++) {
		size_t r = 0;

		for (size_t c = 0; c < q; c++)
			for (int k = 0; k < n[u * q + c]; k++)
				v[u * m + r++] = (double)c;
		assert_int_equal(r, m);
	}
	numeric_matrix(d, units, m, v);
	free(v);
}

static void compute(const struct braid_rel_data *d, enum braid_rel_level level,
		    enum braid_rel_weights w, struct braid_rel_result *r)
{
	struct braid_rel_opts o = { level, w, 0, 1, 0.95 };
	struct braid_err err = BRAID_ERR_INIT;

	if (braid_rel_compute(d, &o, r, &err))
		fail_msg("%s", err.msg);
}

#define assert_near(value, expected, tol)                                                        \
	do {                                                                                     \
		double v_ = (value), e_ = (expected);                                            \
		if (!(fabs(v_ - e_) <= (tol)))                                                   \
			fail_msg("%s = %.10f, expected %.10f (within %g)", #value, v_, e_, tol); \
	} while (0)
#define assert_coef(c, expected, tol)                                                            \
	do {                                                                                     \
		if (!(c).defined)                                                                \
			fail_msg("%s undefined: %s", #c, (c).why);                               \
		assert_near((c).v, expected, tol);                                               \
	} while (0)
#define assert_undefined(c, reason)                                                              \
	do {                                                                                     \
		assert_false((c).defined);                                                       \
		assert_string_equal((c).why, reason);                                            \
	} while (0)

/* ---- published examples ---- */

/*
 * Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
 * Annenberg School for Communication, University of Pennsylvania, section
 * C ("nominal data, any number of observers, missing data"): observers A-D
 * by 12 units, "." missing. The same data are Gwet's (2014) Handbook,
 * p. 120, shipped as cac.raw4raters in R's irrCAC (unit 12's lone value is
 * with another rater there, which changes nothing: it is not pairable and
 * Gwet's pi counts it the same).
 */
static const double k2011[12 * 4] = {
	1,  1,  NA, 1,  /* */
	2,  2,  3,  2,  /* */
	3,  3,  3,  3,  /* */
	3,  3,  3,  3,  /* */
	2,  2,  2,  2,  /* */
	1,  2,  3,  4,  /* */
	4,  4,  4,  4,  /* */
	1,  1,  2,  1,  /* */
	2,  2,  2,  2,  /* */
	NA, 5,  5,  5,  /* */
	NA, NA, 1,  1,  /* */
	NA, 3,  NA, NA,
};

static void krippendorff_2011_alphas(void **state)
{
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 12, 4, k2011);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.743, 0.0005);   /* Krippendorff 2011, section C */
	assert_coef(r.alpha, 0.74342, 0.000005); /* irrCAC README: krippen.alpha.raw(cac.raw4raters) */
	assert_int_equal(r.pairable_values, 40); /* Krippendorff 2011: n.. = 40 */
	assert_int_equal(r.pairable_units, 11);
	assert_int_equal(r.units, 12);
	braid_rel_result_release(&r);
	compute(&d, BRAID_REL_ORDINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.815, 0.0005); /* Krippendorff 2011, section E */
	braid_rel_result_release(&r);
	compute(&d, BRAID_REL_INTERVAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.849, 0.0005); /* Krippendorff 2011, section E */
	braid_rel_result_release(&r);
	compute(&d, BRAID_REL_RATIO, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.797, 0.0005); /* Krippendorff 2011, section E */
	braid_rel_result_release(&r);
	data_free(&d);
}

/* Gwet's coefficients on the same data: irrCAC README, cac.raw4raters. */
static void gwet_raw4raters(void **state)
{
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 12, 4, k2011);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.percent_agreement, 0.8181818, 0.0000001); /* pa.coeff.raw: 0.8181818 */
	assert_coef(r.gwet_ac1, 0.77544, 0.000005);             /* gwet.ac1.raw: 0.77544 */
	assert_coef(r.brennan_prediger, 0.77273, 0.000005);     /* bp.coeff.raw: 0.77273 */
	assert_int_equal(r.categories, 5);                      /* its $categories: 1 2 3 4 5 */
	/* units hold 2, 3 or 4 values: Fleiss' kappa as Fleiss defined it does not apply */
	assert_undefined(r.fleiss_kappa, "needs the same number of values in every unit");
	assert_undefined(r.cohen_kappa, "needs exactly two coders");
	/* counted by hand: 7 units agree fully (6+6+6+6+3+6+3 = ... pairs) */
	assert_int_equal(r.pairs, 3 + 6 + 6 + 6 + 6 + 6 + 6 + 6 + 6 + 3 + 1);
	assert_int_equal(r.agreements, 3 + 3 + 6 + 6 + 6 + 0 + 6 + 3 + 6 + 3 + 1);
	/* coder A gave 1 three times, 2 three times, 3 twice, 4 once, 5 never */
	assert_int_equal(r.marginal[0 * 5 + 0], 3);
	assert_int_equal(r.marginal[0 * 5 + 1], 3);
	assert_int_equal(r.marginal[0 * 5 + 2], 2);
	assert_int_equal(r.marginal[0 * 5 + 3], 1);
	assert_int_equal(r.marginal[0 * 5 + 4], 0);
	braid_rel_result_release(&r);
	/* with the categories declared (1..6: one never used), q = 6 */
	d.declared_categories = 6;
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.brennan_prediger, (0.8181818182 - 1.0 / 6) / (1 - 1.0 / 6), 0.0000001);
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * The example of Wikipedia's "Krippendorff's alpha" (3 coders, 15 units);
 * the values are those of the independent implementation in Python's
 * krippendorff package (pln-fing-udelar/fast-krippendorff,
 * tests/test_krippendorff.py): nominal 0.691358, interval 0.810845.
 */
static void wikipedia_alpha(void **state)
{
	static const double coders_by_unit[3][15] = {
		{ NA, NA, NA, NA, NA, 3, 4, 1, 2, 1, 1, 3, 3, NA, 3 },
		{ 1, NA, 2, 1, 3, 3, 4, 3, NA, NA, NA, NA, NA, NA, NA },
		{ NA, NA, 2, 1, 3, 4, 4, NA, 2, 1, 1, 3, 3, NA, 4 },
	};
	double v[15 * 3];
	struct braid_rel_data d;
	struct braid_rel_result r;

	for (size_t u = 0; u < 15; u++)
		for (size_t c = 0; c < 3; c++)
			v[u * 3 + c] = coders_by_unit[c][u];
	numeric_matrix(&d, 15, 3, v);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.691358, 0.0000005);
	braid_rel_result_release(&r);
	compute(&d, BRAID_REL_INTERVAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.810845, 0.0000005);
	braid_rel_result_release(&r);
	data_free(&d);
}

/* Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories: 0.210. */
static void fleiss_wikipedia(void **state)
{
	static const int n[10 * 5] = {
		0, 0, 0, 0, 14, /* */
		0, 2, 6, 4, 2,  /* */
		0, 0, 3, 5, 6,  /* */
		0, 3, 9, 2, 0,  /* */
		2, 2, 8, 1, 1,  /* */
		7, 7, 0, 0, 0,  /* */
		3, 2, 6, 3, 0,  /* */
		2, 5, 3, 2, 2,  /* */
		6, 5, 2, 1, 0,  /* */
		0, 2, 2, 3, 7,
	};
	struct braid_rel_data d;
	struct braid_rel_result r;

	counts_matrix(&d, 10, 5, 14, n);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.fleiss_kappa, 0.210, 0.0005);
	assert_coef(r.percent_agreement, 0.378, 0.0005); /* Wikipedia: P-bar = 0.378 */
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * Fleiss (1971), 30 patients by 6 psychiatrists, 5 diagnoses, as R's irr
 * package ships it (`diagnoses`): kappam.fleiss(diagnoses) = 0.4302445
 * (quoted in statsmodels' stats/tests/test_inter_rater.py).
 */
static void fleiss_1971_diagnoses(void **state)
{
	static const double v[30 * 6] = {
		4, 4, 4, 4, 4, 4, 2, 2, 2, 5, 5, 5, 2, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 5,
		2, 2, 2, 4, 4, 4, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 5, 5, 1, 1, 3, 3, 3, 4,
		1, 1, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 1, 4, 4, 4, 4, 4, 1, 2, 4, 4, 4, 4,
		2, 2, 2, 3, 3, 3, 1, 4, 4, 4, 4, 4, 2, 2, 4, 4, 4, 5, 3, 3, 3, 3, 3, 5,
		1, 1, 1, 4, 5, 5, 1, 1, 1, 1, 1, 2, 2, 2, 4, 4, 4, 4, 1, 3, 3, 5, 5, 5,
		5, 5, 5, 5, 5, 5, 2, 4, 4, 4, 4, 4, 2, 2, 4, 5, 5, 5, 1, 1, 4, 4, 4, 4,
		1, 4, 4, 4, 4, 5, 2, 2, 2, 2, 2, 4, 1, 1, 1, 1, 5, 5, 2, 2, 4, 4, 4, 4,
		1, 3, 3, 3, 3, 3, 5, 5, 5, 5, 5, 5,
	};
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 30, 6, v);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.fleiss_kappa, 0.4302445, 0.00000005);
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * irrCAC's distrib.6raters (Fleiss 1971, the first 15 patients, 6 raters),
 * results in its README: fleiss.kappa.dist 0.4139265, gwet.ac1.dist
 * 0.4448007, bp.coeff.dist 0.4388889, krippen.alpha.dist 0.4204384, pa
 * 0.5511111.
 */
static void irrcac_distrib_6raters(void **state)
{
	static const int n[15 * 5] = {
		0, 0, 0, 6, 0, /* */
		0, 3, 0, 0, 3, /* */
		0, 1, 4, 0, 1, /* */
		0, 0, 0, 0, 6, /* */
		0, 3, 0, 3, 0, /* */
		2, 0, 4, 0, 0, /* */
		0, 0, 4, 0, 2, /* */
		2, 0, 3, 1, 0, /* */
		2, 0, 0, 4, 0, /* */
		0, 0, 0, 0, 6, /* */
		1, 0, 0, 5, 0, /* */
		1, 1, 0, 4, 0, /* */
		0, 3, 3, 0, 0, /* */
		1, 0, 0, 5, 0, /* */
		0, 2, 0, 3, 1,
	};
	struct braid_rel_data d;
	struct braid_rel_result r;

	counts_matrix(&d, 15, 5, 6, n);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.fleiss_kappa, 0.4139265, 0.00000005);
	assert_coef(r.gwet_ac1, 0.4448007, 0.00000005);
	assert_coef(r.brennan_prediger, 0.4388889, 0.00000005);
	assert_coef(r.alpha, 0.4204384, 0.00000005);
	assert_coef(r.percent_agreement, 0.5511111, 0.00000005);
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * Wikipedia, "Cohen's kappa", first example: 50 grant proposals read by A
 * and B, yes/yes 20, A yes B no 5, A no B yes 10, no/no 15: kappa = 0.4.
 */
static void cohen_wikipedia(void **state)
{
	static const int t[2 * 2] = { 20, 5, 10, 15 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	table_matrix(&d, 2, t);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.cohen_kappa, 0.4, 1e-12);
	assert_coef(r.percent_agreement, 0.7, 1e-12); /* Wikipedia: p_o = 0.7 */
	assert_undefined(r.weighted_kappa, "no weights chosen");
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * irrCAC's cont3x3abstractors (Gwet 2014, 100 pregnant women by 2
 * abstractors), README: kappa2.table 0.7964094, gwet.ac1.table 0.8493305,
 * bp2.table 0.835, krippen2.table 0.7972585, pa2.table 0.89.
 */
static void irrcac_cont3x3abstractors(void **state)
{
	static const int t[3 * 3] = { 13, 0, 0, 0, 20, 7, 0, 4, 56 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	table_matrix(&d, 3, t);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.cohen_kappa, 0.7964094, 0.00000005);
	assert_coef(r.gwet_ac1, 0.8493305, 0.00000005);
	assert_coef(r.brennan_prediger, 0.835, 1e-12);
	assert_coef(r.alpha, 0.7972585, 0.00000005);
	assert_coef(r.percent_agreement, 0.89, 1e-12);
	assert_coef(r.fleiss_kappa, 0.7962397, 0.00000005); /* = Scott's pi: scott2.table 0.7962397 */
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * R's irr package, its `anxiety` data (20 subjects, 3 raters), raters 2
 * and 3 (values quoted in statsmodels' stats/tests/test_inter_rater.py):
 * kappa2(anxiety[,2:3]) -0.006289308, "equal" (linear) 0.1459075,
 * "squared" (quadratic) 0.2520325. irr weighs by the categories' ranks (5
 * is never used, so 6 is the fifth), which is braid's ordinal level.
 */
static void irr_anxiety_weighted(void **state)
{
	static const int r2[20] = { 3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4 };
	static const int r3[20] = { 2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2 };
	double v[20 * 2];
	struct braid_rel_data d;
	struct braid_rel_result r;

	for (size_t u = 0; u < 20; u++) {
		v[u * 2] = r2[u];
		v[u * 2 + 1] = r3[u];
	}
	numeric_matrix(&d, 20, 2, v);
	compute(&d, BRAID_REL_ORDINAL, BRAID_REL_WEIGHTS_LINEAR, &r);
	assert_coef(r.cohen_kappa, -0.006289308, 0.0000000005);
	assert_coef(r.weighted_kappa, 0.1459075, 0.00000005);
	braid_rel_result_release(&r);
	compute(&d, BRAID_REL_ORDINAL, BRAID_REL_WEIGHTS_QUADRATIC, &r);
	assert_coef(r.weighted_kappa, 0.2520325, 0.00000005);
	braid_rel_result_release(&r);
	/* at the nominal level there is no order to weigh by */
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_LINEAR, &r);
	assert_undefined(r.weighted_kappa,
			 "weights need ordered categories (ordinal, interval or ratio)");
	braid_rel_result_release(&r);
	data_free(&d);
}

/*
 * SAS PROC FREQ output for the 3 x 3 table [[0,4,1],[0,8,0],[0,1,5]] as
 * statsmodels' test_inter_rater.py quotes it: simple kappa 0.4842, weighted
 * kappa (Cicchetti-Allison, scores 0, 1, 2) 0.4701.
 */
static void sas_table10(void **state)
{
	static const int t[3 * 3] = { 0, 4, 1, 0, 8, 0, 0, 1, 5 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	table_matrix(&d, 3, t);
	compute(&d, BRAID_REL_INTERVAL, BRAID_REL_WEIGHTS_LINEAR, &r);
	assert_coef(r.cohen_kappa, 0.4842, 0.00005);
	assert_coef(r.weighted_kappa, 0.4701, 0.00005);
	braid_rel_result_release(&r);
	data_free(&d);
}

/* ---- edge cases ---- */

static void perfect_agreement(void **state)
{
	static const double v[4 * 2] = { 1, 1, 2, 2, 3, 3, 1, 1 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 4, 2, v);
	compute(&d, BRAID_REL_INTERVAL, BRAID_REL_WEIGHTS_QUADRATIC, &r);
	assert_coef(r.alpha, 1, 1e-12);
	assert_coef(r.percent_agreement, 1, 0);
	assert_coef(r.cohen_kappa, 1, 1e-12);
	assert_coef(r.weighted_kappa, 1, 1e-12);
	assert_coef(r.fleiss_kappa, 1, 1e-12);
	assert_coef(r.brennan_prediger, 1, 1e-12);
	assert_coef(r.gwet_ac1, 1, 1e-12);
	assert_string_equal(r.note, "only 4 pairable units: too few for the coefficients to mean much");
	braid_rel_result_release(&r);
	data_free(&d);
}

static void no_variation(void **state)
{
	static const double v[3 * 3] = { 2, 2, 2, 2, 2, NA, 2, 2, 2 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 3, 3, v);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_undefined(r.alpha, "no variation: every value is the same");
	assert_coef(r.percent_agreement, 1, 0);
	assert_undefined(r.fleiss_kappa, "needs the same number of values in every unit");
	assert_undefined(r.brennan_prediger, "only one category: chance agreement is not defined");
	assert_undefined(r.gwet_ac1, "only one category: chance agreement is not defined");
	braid_rel_result_release(&r);
	/* declared categories make BP and AC1 defined: full agreement on one of three */
	d.declared_categories = 3;
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.brennan_prediger, 1, 1e-12);
	assert_coef(r.gwet_ac1, 1, 1e-12);
	assert_undefined(r.alpha, "no variation: every value is the same");
	braid_rel_result_release(&r);
	data_free(&d);
}

static void no_variation_two_coders(void **state)
{
	static const double v[3 * 2] = { 1, 1, 1, 1, 1, 1 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 3, 2, v);
	compute(&d, BRAID_REL_ORDINAL, BRAID_REL_WEIGHTS_LINEAR, &r);
	assert_undefined(r.cohen_kappa, "no variation: every value is the same");
	assert_undefined(r.weighted_kappa, "no variation: every value is the same");
	assert_undefined(r.fleiss_kappa, "no variation: every value is the same");
	braid_rel_result_release(&r);
	data_free(&d);
}

static void all_missing(void **state)
{
	static const double v[2 * 2] = { NA, NA, NA, NA };
	struct braid_rel_data d;
	struct braid_rel_result r;
	struct braid_rel_opts o = { BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, 100, 1, 0.95 };
	struct braid_err err = BRAID_ERR_INIT;

	numeric_matrix(&d, 2, 2, v);
	assert_int_equal(braid_rel_compute(&d, &o, &r, &err), 0);
	assert_int_equal(r.units, 0);
	for (size_t i = 0; braid_rel_coefs[i].key; i++)
		assert_false(braid_rel_coef_value(&r, i)->defined);
	assert_undefined(r.alpha, "no unit has two or more values");
	assert_undefined(r.cohen_kappa, "no unit has values from both coders");
	assert_false(r.has_ci);
	assert_null(r.note);
	braid_rel_result_release(&r);
	data_free(&d);
}

static void single_coder(void **state)
{
	static const double v[3] = { 1, 2, 3 };
	struct braid_rel_data d;
	struct braid_rel_result r;

	numeric_matrix(&d, 3, 1, v);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_int_equal(r.units, 3);
	assert_int_equal(r.pairable_units, 0);
	assert_undefined(r.alpha, "no unit has two or more values");
	assert_undefined(r.percent_agreement, "no unit has two or more values");
	assert_undefined(r.cohen_kappa, "needs exactly two coders");
	braid_rel_result_release(&r);
	data_free(&d);
}

/* Units coded once are not pairable: alpha, kappa and p_a ignore them; Gwet's pi counts them. */
static void units_coded_once(void **state)
{
	static const double with[5 * 2] = { 1, 1, 2, 2, 1, 2, 1, NA, NA, 1 };
	static const double without[3 * 2] = { 1, 1, 2, 2, 1, 2 };
	struct braid_rel_data a, b;
	struct braid_rel_result ra, rb;

	numeric_matrix(&a, 5, 2, with);
	numeric_matrix(&b, 3, 2, without);
	compute(&a, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &ra);
	compute(&b, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &rb);
	assert_int_equal(ra.units, 5);
	assert_int_equal(ra.pairable_units, 3);
	assert_near(ra.alpha.v, rb.alpha.v, 1e-15);
	assert_near(ra.cohen_kappa.v, rb.cohen_kappa.v, 1e-15);
	assert_near(ra.percent_agreement.v, rb.percent_agreement.v, 1e-15);
	/* pi_1 = (1 + 0 + .5 + 1 + 1) / 5 = .7, pi_2 = .3: p_e = 2 * .7 * .3 = .42 */
	assert_coef(ra.gwet_ac1, (2.0 / 3 - 0.42) / (1 - 0.42), 1e-12);
	braid_rel_result_release(&ra);
	braid_rel_result_release(&rb);
	data_free(&a);
	data_free(&b);
}

static void bad_cell_is_an_error(void **state)
{
	static const double v[2 * 2] = { 1, 2, 2, 1 };
	struct braid_rel_data d;
	struct braid_rel_result r;
	struct braid_rel_opts o = { BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, 0, 1, 0.95 };
	struct braid_err err = BRAID_ERR_INIT;

	numeric_matrix(&d, 2, 2, v);
	d.cell[3] = 7;
	assert_int_equal(braid_rel_compute(&d, &o, &r, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "unit 2, coder 2: no category 7 (there are 2)");
	braid_rel_result_release(&r);
	o.bootstrap = 10;
	o.confidence = 1.5;
	d.cell[3] = 0;
	assert_int_equal(braid_rel_compute(&d, &o, &r, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "the interval's confidence must be between 0 and 1, not 1.5");
	braid_rel_result_release(&r);
	data_free(&d);
}

/* ---- the bootstrap ---- */

static void bootstrap_is_seeded_and_brackets_alpha(void **state)
{
	struct braid_rel_data d;
	struct braid_rel_result a, b, c;
	struct braid_rel_opts o = { BRAID_REL_ORDINAL, BRAID_REL_WEIGHTS_NONE, 2000, 7, 0.95 };
	struct braid_err err = BRAID_ERR_INIT;

	numeric_matrix(&d, 12, 4, k2011);
	assert_int_equal(braid_rel_compute(&d, &o, &a, &err), 0);
	assert_int_equal(braid_rel_compute(&d, &o, &b, &err), 0);
	o.seed = 8;
	assert_int_equal(braid_rel_compute(&d, &o, &c, &err), 0);
	assert_true(a.has_ci);
	assert_true(a.ci_low == b.ci_low && a.ci_high == b.ci_high); /* same seed, same interval */
	assert_true(a.ci_low != c.ci_low || a.ci_high != c.ci_high);
	assert_true(a.ci_low < a.alpha.v && a.alpha.v <= a.ci_high);
	assert_true(a.ci_low > -1 && a.ci_high <= 1);
	assert_true(a.ci_resamples > 1900 && a.ci_resamples <= 2000);
	braid_rel_result_release(&a);
	braid_rel_result_release(&b);
	braid_rel_result_release(&c);
	data_free(&d);
}

/*
 * The bootstrap by types against a plain bootstrap drawing units: with
 * many resamples both intervals estimate the same percentiles.
 */
static void bootstrap_matches_resampling_units(void **state)
{
	enum { U = 400, C = 3, B = 4000 };
	double *v = xmalloc(U * C * sizeof(*v)), *alphas = xmalloc(B * sizeof(*alphas));
	struct braid_rel_data d, s;
	struct braid_rel_result r, rs;
	struct braid_rel_opts o = { BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, B, 3, 0.90 };
	struct braid_err err = BRAID_ERR_INIT;
	unsigned x = 12345;

	for (size_t i = 0; i < U * C; i++) {
		x = x * 1103515245 + 12345;
		v[i] = (i % C && (x >> 16) % 4 == 0) ? (double)((x >> 8) % 3) : (double)((i / C) % 3);
	}
	numeric_matrix(&d, U, C, v);
	assert_int_equal(braid_rel_compute(&d, &o, &r, &err), 0);
	numeric_matrix(&s, U, C, v);
	o.bootstrap = 0;
	for (size_t b = 0; b < B; b++) {
		for (size_t u = 0; u < U; u++) {
			x = x * 1103515245 + 12345;
			memcpy(&s.cell[u * C], &d.cell[((x >> 8) % U) * C], C * sizeof(int));
		}
		assert_int_equal(braid_rel_compute(&s, &o, &rs, &err), 0);
		alphas[b] = rs.alpha.v;
		braid_rel_result_release(&rs);
	}
	qsort(alphas, B, sizeof(*alphas), cmp_double);
	assert_near(r.ci_low, alphas[(size_t)(0.05 * (B - 1))], 0.01);
	assert_near(r.ci_high, alphas[(size_t)(0.95 * (B - 1))], 0.01);
	braid_rel_result_release(&r);
	data_free(&d);
	data_free(&s);
	free(v);
	free(alphas);
}

/*
 * What project mode asks (one binary matrix per code, 20,000 units by 4
 * coders, 1,000 resamples): prints the time of 50 codes, never fails on it.
 */
static void bootstrap_project_sized(void **state)
{
	enum { U = 20000, C = 4, CODES = 50 };
	double *v = xmalloc(U * C * sizeof(*v));
	struct braid_rel_data d;
	struct braid_rel_opts o = { BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, 1000, 1, 0.95 };
	struct braid_err err = BRAID_ERR_INIT;
	struct timespec t0, t1;
	unsigned x = 99;

	for (size_t i = 0; i < U * C; i++) {
		x = x * 1103515245 + 12345;
		v[i] = ((x >> 16) % 10 == 0) ? NA : (double)((x >> 20) % 5 == 0);
	}
	numeric_matrix(&d, U, C, v);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int k = 0; k < CODES; k++) {
		struct braid_rel_result r;

		o.seed = (uint64_t)k + 1;
		assert_int_equal(braid_rel_compute(&d, &o, &r, &err), 0);
		assert_true(r.has_ci);
		braid_rel_result_release(&r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("bench: %d codes x %d units x %d coders, 1000 resamples each: %.3f s\n", CODES,
		      U, C, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	data_free(&d);
	free(v);
}

/* ---- the CSV reader ---- */

#define AGREE_DATA "tests/data/agree/"

static void csv_reads_krippendorff_2011(void **state)
{
	struct braid_rel_data d;
	struct braid_rel_result r;
	struct braid_err err = BRAID_ERR_INIT;

	assert_int_equal(braid_rel_read_csv(AGREE_DATA "krippendorff2011.csv", BRAID_REL_INTERVAL,
					    NULL, 0, &d, &err), 0);
	assert_int_equal(d.units, 12);
	assert_int_equal(d.coders, 4);
	assert_string_equal(d.coder[3], "D");
	assert_string_equal(d.unit[11], "12");
	assert_int_equal(d.ncat, 5);
	assert_int_equal(d.cell[0 * 4 + 2], BRAID_REL_MISSING);
	assert_int_equal(d.cell[5 * 4 + 3], 3); /* unit 6, coder D: 4, the fourth category */
	compute(&d, BRAID_REL_INTERVAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.849, 0.0005); /* Krippendorff 2011 */
	braid_rel_result_release(&r);
	braid_rel_data_release(&d);
}

/* Krippendorff's ordinal example with labels for 1..5 (as fast-krippendorff's tests do it). */
static void csv_ordinal_labels_in_their_order(void **state)
{
	static const char *const order[] = { "very low", "low", "mid", "high", "very high" };
	struct braid_rel_data d;
	struct braid_rel_result r;
	struct braid_err err = BRAID_ERR_INIT;

	assert_int_equal(braid_rel_read_csv(AGREE_DATA "ordinal-labels.csv", BRAID_REL_ORDINAL,
					    order, 5, &d, &err), 0);
	assert_int_equal(d.declared_categories, 5);
	compute(&d, BRAID_REL_ORDINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.815, 0.0005); /* Krippendorff 2011 */
	braid_rel_result_release(&r);
	braid_rel_data_release(&d);
	/* labels without an order: nominal takes them (the same alpha as the numbers) ... */
	assert_int_equal(braid_rel_read_csv(AGREE_DATA "ordinal-labels.csv", BRAID_REL_NOMINAL, NULL,
					    0, &d, &err), 0);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &r);
	assert_coef(r.alpha, 0.74342, 0.000005);
	assert_string_equal(d.cat[0].label, "very low"); /* order of appearance */
	braid_rel_result_release(&r);
	braid_rel_data_release(&d);
	/* ... the ordinal level does not */
	assert_int_equal(braid_rel_read_csv(AGREE_DATA "ordinal-labels.csv", BRAID_REL_ORDINAL, NULL,
					    0, &d, &err), BRAID_EPARSE);
	assert_string_equal(err.msg, "'" AGREE_DATA "ordinal-labels.csv': line 2, column 2: 'very low' "
				     "is not a number, and labels at the ordinal level need their order");
	assert_int_equal(err.hint, BRAID_HINT_CATEGORIES);
	/* a value not among the categories given */
	assert_int_equal(braid_rel_read_csv(AGREE_DATA "ordinal-labels.csv", BRAID_REL_ORDINAL, order,
					    4, &d, &err), BRAID_EPARSE);
	assert_string_equal(err.msg, "'" AGREE_DATA "ordinal-labels.csv': line 11, column 3: 'very "
				     "high' is not one of the categories (very low, low, mid or high)");
}

static void expect_csv_error(const char *path, enum braid_rel_level level, int code, const char *msg)
{
	struct braid_rel_data d;
	struct braid_err err = BRAID_ERR_INIT;

	assert_int_equal(braid_rel_read_csv(path, level, NULL, 0, &d, &err), code);
	assert_string_equal(err.msg, msg);
	assert_null(d.cell);
}

static void csv_errors_name_line_and_column(void **state)
{
	expect_csv_error(AGREE_DATA "ragged.csv", BRAID_REL_NOMINAL, BRAID_EPARSE,
			 "'" AGREE_DATA "ragged.csv': line 4: the row has 2 cells, the header 3");
	/* a quoted cell over two lines: the next row is on line 5 */
	expect_csv_error(AGREE_DATA "quoted-newline.csv", BRAID_REL_NOMINAL, BRAID_EPARSE,
			 "'" AGREE_DATA "quoted-newline.csv': line 5: the row has 2 cells, the header 3");
	expect_csv_error(AGREE_DATA "not-a-number.csv", BRAID_REL_INTERVAL, BRAID_EPARSE,
			 "'" AGREE_DATA "not-a-number.csv': line 3, column 3: 'n/a' is not a number "
			 "(the interval level needs numbers)");
	expect_csv_error(AGREE_DATA "duplicate-coder.csv", BRAID_REL_NOMINAL, BRAID_EPARSE,
			 "'" AGREE_DATA "duplicate-coder.csv': line 1: coder 'ann' is named twice "
			 "(columns 2 and 4)");
	expect_csv_error(AGREE_DATA "empty.csv", BRAID_REL_NOMINAL, BRAID_EPARSE,
			 "'" AGREE_DATA "empty.csv' is empty: expected a header row (the unit column, "
			 "then the coders' names)");
	expect_csv_error(AGREE_DATA "no-coders.csv", BRAID_REL_NOMINAL, BRAID_EPARSE,
			 "'" AGREE_DATA "no-coders.csv': line 1: no coders: the header names the unit "
			 "column only");
	expect_csv_error(AGREE_DATA "no-such-file.csv", BRAID_REL_NOMINAL, BRAID_EIO,
			 "cannot read '" AGREE_DATA "no-such-file.csv': No such file or directory");
}

/* Writes text to a temporary file; its path in path (PATH_MAX). */
static void temp_csv(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/braid-rel-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void csv_numbers(void **state)
{
	static const char *const bad[] = { "1", "x", NULL };
	static const char *const twice[] = { "1", "2", "1" };
	char path[64], msg[256];
	struct braid_rel_data d;
	struct braid_err err = BRAID_ERR_INIT;

	/* "1" and "1.0" are one number; " 2 " is trimmed; numbers ordered by value */
	temp_csv(path, "\xEF\xBB\xBFunit,a,b\r\nu1,10,1.0\r\nu2, 2 ,1\r\nu3,,\r\n");
	assert_int_equal(braid_rel_read_csv(path, BRAID_REL_RATIO, NULL, 0, &d, &err), 0);
	assert_int_equal(d.ncat, 3);
	assert_string_equal(d.cat[0].label, "1.0");
	assert_true(d.cat[1].value == 2 && d.cat[2].value == 10);
	assert_int_equal(d.cell[1], d.cell[3]);
	assert_int_equal(d.cell[4], BRAID_REL_MISSING);
	assert_string_equal(d.coder[0], "a"); /* the byte-order mark is not part of the header */
	braid_rel_data_release(&d);
	unlink(path);
	temp_csv(path, "unit,a,b\nu1,1,-2\n");
	snprintf(msg, sizeof(msg), "'%s': line 2, column 3: '-2' is below 0 (the ratio level needs "
		 "values of 0 or more)", path);
	expect_csv_error(path, BRAID_REL_RATIO, BRAID_EPARSE, msg);
	/* hexadecimal, infinities and NaN are not numbers a person writes */
	unlink(path);
	temp_csv(path, "unit,a,b\nu1,0x10,inf\n");
	snprintf(msg, sizeof(msg), "'%s': line 2, column 2: '0x10' is not a number (the interval "
		 "level needs numbers)", path);
	expect_csv_error(path, BRAID_REL_INTERVAL, BRAID_EPARSE, msg);
	/* categories given must be numbers at the interval level, and each once */
	assert_int_equal(braid_rel_read_csv(path, BRAID_REL_INTERVAL, bad, 2, &d, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "the categories are not all numbers (the interval level needs "
				     "numbers)");
	assert_int_equal(braid_rel_read_csv(path, BRAID_REL_NOMINAL, twice, 3, &d, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "category '1' is listed twice");
	unlink(path);
}

/* ---- the writers project mode shares: a row per result ---- */

static char *rows_text(enum braid_agree_format fmt, const struct braid_rel_result *a,
		       const struct braid_rel_result *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct braid_rel_rows w;

	braid_rel_rows_begin(&w, f, fmt, "code", 8);
	braid_rel_rows_add(&w, "trust", a);
	braid_rel_rows_add(&w, "a|b, c", b);
	braid_rel_rows_end(&w);
	fclose(f);
	return buf;
}

static void rows_in_each_format(void **state)
{
	static const int t[2 * 2] = { 20, 5, 10, 15 };
	struct braid_rel_data d, one;
	struct braid_rel_result a, b;
	static const double v[2] = { 1, 1 };
	char *s;

	table_matrix(&d, 2, t);
	compute(&d, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &a);
	numeric_matrix(&one, 1, 2, v);
	compute(&one, BRAID_REL_NOMINAL, BRAID_REL_WEIGHTS_NONE, &b);
	/*
	 * Wikipedia's 50 proposals again; by hand: alpha = 1 - 99 * 30 / (2 * 55 * 45) = 0.4,
	 * Scott's pi (Fleiss) = (0.7 - 0.505) / 0.495, BP = (0.7 - 0.5) / 0.5, AC1 = (0.7 -
	 * 0.495) / 0.505; every digit in csv, 3 decimals elsewhere
	 */
	s = rows_text(BRAID_AGREE_CSV, &a, &b);
	assert_string_equal(s, "code,alpha,alpha_ci_low,alpha_ci_high,percent_agreement,fleiss_kappa,"
			       "cohen_kappa,weighted_kappa,brennan_prediger,gwet_ac1,pairable_units,"
			       "pairs\n"
			       "trust,0.4,,,0.7,0.3939393939393937,0.3999999999999999,,0.3999999999999999,"
			       "0.40594059405940586,50,50\n"
			       "\"a|b, c\",,,,1,,,,,,1,1\n");
	free(s);
	s = rows_text(BRAID_AGREE_MD, &a, &b);
	assert_non_null(strstr(s, "| trust | 0.400 | - | 0.700 | 0.394 | 0.400 | - | 0.400 | 0.406 | 50 | 50 |\n"));
	assert_non_null(strstr(s, "| a\\|b, c | - | - | 1.000 | - | - | - | - | - | 1 | 1 |\n"));
	free(s);
	s = rows_text(BRAID_AGREE_TEXT, &a, &b);
	assert_non_null(strstr(s, "code        alpha  95% CI             agree   Fleiss"));
	assert_non_null(strstr(s, "trust       0.400  -                  0.700    0.394"));
	free(s);
	s = rows_text(BRAID_AGREE_TEX, &a, &b);
	assert_non_null(strstr(s, "trust & 0.400 & - & 0.700 & 0.394"));
	assert_non_null(strstr(s, "\\hline\n\\end{tabular}\n"));
	free(s);
	braid_rel_result_release(&a);
	braid_rel_result_release(&b);
	data_free(&d);
	data_free(&one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(krippendorff_2011_alphas),
		cmocka_unit_test(gwet_raw4raters),
		cmocka_unit_test(wikipedia_alpha),
		cmocka_unit_test(fleiss_wikipedia),
		cmocka_unit_test(fleiss_1971_diagnoses),
		cmocka_unit_test(irrcac_distrib_6raters),
		cmocka_unit_test(cohen_wikipedia),
		cmocka_unit_test(irrcac_cont3x3abstractors),
		cmocka_unit_test(irr_anxiety_weighted),
		cmocka_unit_test(sas_table10),
		cmocka_unit_test(perfect_agreement),
		cmocka_unit_test(no_variation),
		cmocka_unit_test(no_variation_two_coders),
		cmocka_unit_test(all_missing),
		cmocka_unit_test(single_coder),
		cmocka_unit_test(units_coded_once),
		cmocka_unit_test(bad_cell_is_an_error),
		cmocka_unit_test(bootstrap_is_seeded_and_brackets_alpha),
		cmocka_unit_test(bootstrap_matches_resampling_units),
		cmocka_unit_test(bootstrap_project_sized),
		cmocka_unit_test(csv_reads_krippendorff_2011),
		cmocka_unit_test(csv_ordinal_labels_in_their_order),
		cmocka_unit_test(csv_errors_name_line_and_column),
		cmocka_unit_test(csv_numbers),
		cmocka_unit_test(rows_in_each_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
