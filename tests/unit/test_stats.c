/*
 * test_stats.c - the statistics of triangulation (stats.h) against an
 * independent implementation: scipy 1.10.1 and statsmodels 0.13.5 (Debian
 * 12's python3-scipy, python3-statsmodels). tests/ref/stats_ref.py computed
 * every expected value below from the same data; its output is pasted
 * between BEGIN and END with the call beside each value. Published values
 * are checked too where there are some (R's fisher.test examples, Greene's
 * logit of Spector & Mazzeo's data, NIST's certified Longley regression),
 * and the edge cases: zero cells, constant variables, too few cases,
 * separation, everything missing.
 */
#include <math.h>

#include "testutil.h"

#include <gsl/gsl_errno.h>

#include "braid/stats.h"
#include "teststats.h"

#define NA NAN

#define UNDEF(v) undef_at((v), #v, __FILE__, __LINE__)
static void undef_at(struct braid_rel_value v, const char *what, const char *file, int line)
{
	if (v.defined)
		fail_msg("%s:%d: %s = %.17g, want undefined", file, line, what, v.v);
	if (!v.why || !*v.why)
		fail_msg("%s:%d: %s undefined without a reason", file, line, what);
}

/* stats_ref.py's output as it printed it */
/* clang-format off */
/* BEGIN stats_ref.py: scipy 1.10.1, statsmodels 0.13.5+dfsg, numpy 1.24.2, Python 3.11.2 */
static const int zero_x[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, -1, 1 };
static const int zero_y[] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1 };
#define ZERO_FISHER_P 0.011363636363636364 /* scipy.stats.fisher_exact([[7, 0], [3, 6]]) */
#define ZERO_OR 27.857142857142858 /* statsmodels Table2x2([[7, 0], [3, 6]] + 0.5, shift_zeros=False).oddsratio */
#define ZERO_OR_LOW 1.2011262549582018 /* statsmodels Table2x2([[7, 0], [3, 6]] + 0.5, shift_zeros=False).oddsratio_confint(method='normal')[0] */
#define ZERO_OR_HIGH 646.0773003336525 /* statsmodels Table2x2([[7, 0], [3, 6]] + 0.5, shift_zeros=False).oddsratio_confint(method='normal')[1] */
static const int tea_x[] = { 0, 0, 0, 0, 1, 1, 1, 1, -1, 1 };
static const int tea_y[] = { 0, 0, 0, 1, 0, 1, 1, 1, 1, -1 };
#define TEA_FISHER_P 0.48571428571428565 /* scipy.stats.fisher_exact([[3, 1], [1, 3]]) */
#define TEA_OR 9.0 /* statsmodels Table2x2([[3, 1], [1, 3]] + 0, shift_zeros=False).oddsratio */
#define TEA_OR_LOW 0.36663693192554525 /* statsmodels Table2x2([[3, 1], [1, 3]] + 0, shift_zeros=False).oddsratio_confint(method='normal')[0] */
#define TEA_OR_HIGH 220.92700692915733 /* statsmodels Table2x2([[3, 1], [1, 3]] + 0, shift_zeros=False).oddsratio_confint(method='normal')[1] */
static const int twins_x[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1 };
static const int twins_y[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1 };
#define TWINS_FISHER_P 0.0005367241191434357 /* scipy.stats.fisher_exact([[10, 3], [2, 15]]) */
#define TWINS_OR 25.0 /* statsmodels Table2x2([[10, 3], [2, 15]] + 0, shift_zeros=False).oddsratio */
#define TWINS_OR_LOW 3.5215873523304353 /* statsmodels Table2x2([[10, 3], [2, 15]] + 0, shift_zeros=False).oddsratio_confint(method='normal')[0] */
#define TWINS_OR_HIGH 177.47678460578342 /* statsmodels Table2x2([[10, 3], [2, 15]] + 0, shift_zeros=False).oddsratio_confint(method='normal')[1] */
static const int asym_x[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1 };
static const int asym_y[] = { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, -1 };
#define ASYM_FISHER_P 0.6083916083916084 /* scipy.stats.fisher_exact([[6, 2], [4, 4]]) */
#define ASYM_OR 3.0 /* statsmodels Table2x2([[6, 2], [4, 4]] + 0, shift_zeros=False).oddsratio */
#define ASYM_OR_LOW 0.3611756869185698 /* statsmodels Table2x2([[6, 2], [4, 4]] + 0, shift_zeros=False).oddsratio_confint(method='normal')[0] */
#define ASYM_OR_HIGH 24.918620842906087 /* statsmodels Table2x2([[6, 2], [4, 4]] + 0, shift_zeros=False).oddsratio_confint(method='normal')[1] */
#define TOL_FISHER_P 1.0 /* scipy.stats.fisher_exact([[0, 2], [6, 11]]) */
static const int grp_g[] = { 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1 };
static const double grp_y[] = { 19.1, 22.4, 18.3, 25.0, 21.7, 20.2, 22.4, 16.5, 17.8, 23.1, 15.2, 18.9, 14.4, 19.9, 17.0, 22.4, NA, 20.0 };
#define GRP_MEAN1 21.3 /* numpy.mean */
#define GRP_MEAN0 18.355555555555554 /* numpy.mean */
#define GRP_SD1 2.284731931759172 /* numpy.std(ddof=1) */
#define GRP_SD0 3.015423316514246 /* numpy.std(ddof=1) */
#define GRP_T 2.2219704220199934 /* scipy.stats.ttest_ind(y1, y0, equal_var=False) */
#define GRP_T_P 0.04327944546123564 /* scipy.stats.ttest_ind(y1, y0, equal_var=False) */
#define GRP_DF 13.999125850803562 /* statsmodels.stats.weightstats.ttest_ind(y1, y0, usevar='unequal')[2] */
#define GRP_U 49.0 /* scipy.stats.mannwhitneyu(y1, y0, use_continuity=True, method='asymptotic') */
#define GRP_U_P 0.07110804332614461 /* scipy.stats.mannwhitneyu(y1, y0, use_continuity=True, method='asymptotic') */
#define GRP_RPB 0.497004828960595 /* scipy.stats.pointbiserialr */
static const int likert_g[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
static const double likert_y[] = { 3.0, 4.0, 4.0, 5.0, 2.0, 4.0, 5.0, 3.0, 4.0, 2.0, 3.0, 3.0, 1.0, 2.0, 4.0, 2.0, 3.0, 1.0, 3.0, 2.0 };
#define LIK_U 84.0 /* scipy.stats.mannwhitneyu(l1, l0, use_continuity=True, method='asymptotic') */
#define LIK_U_P 0.007784134499326442 /* scipy.stats.mannwhitneyu(l1, l0, use_continuity=True, method='asymptotic') */
static const double cor_x[] = { 1.0, 2.0, 2.0, 3.0, 4.0, NA, 5.0, 6.0, 6.0, 7.0, 8.0, 9.0, 3.0 };
static const double cor_y[] = { 2.1, 1.9, 3.5, 3.5, 4.0, 5.0, NA, 6.2, 5.1, 7.7, 6.0, 9.9, 2.5 };
#define COR_N 11.0 /* pairwise-complete cases */
#define COR_R 0.9289576867912318 /* scipy.stats.pearsonr */
#define COR_P 3.584832503552895e-05 /* scipy.stats.pearsonr */
#define COR_LOW 0.7432840086338375 /* scipy.stats.pearsonr(...).confidence_interval(0.95) (Fisher z) */
#define COR_HIGH 0.981746251816255 /* scipy.stats.pearsonr(...).confidence_interval(0.95) (Fisher z) */
#define COR_RHO 0.9220280493319135 /* scipy.stats.spearmanr */
#define COR_RHO_P 5.394268816909567e-05 /* scipy.stats.spearmanr (t with n - 2 df) */
#define COR_RHO_LOW 0.7208641327432772 /* scipy.stats.pearsonr(rankdata(x), rankdata(y)).confidence_interval(0.95) */
#define COR_RHO_HIGH 0.9799121152603221 /* scipy.stats.pearsonr(rankdata(x), rankdata(y)).confidence_interval(0.95) */
static const double cor_ranks[] = { 1.0, 2.5, 2.5, 4.5, 6.0, 7.5, 7.5, 9.0, 10.0, 11.0, 4.5 };
static const double bh_p[] = { 0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.5, 0.012 };
static const double bh_adj[] = { 0.032, 0.05333333333333334, 0.05333333333333334, 0.032, 0.2285714285714286, 0.05333333333333334, 0.5, 0.032 };
/* bh_adj: statsmodels.stats.multitest.multipletests(bh_p, method='fdr_bh')[1] */
static const double spector_x[] = { 2.66, 20.0, 0.0, 2.89, 22.0, 0.0, 3.28, 24.0, 0.0, 2.92, 12.0, 0.0, 4.0, 21.0, 0.0, 2.86, 17.0, 0.0, 2.76, 17.0, 0.0, 2.87, 21.0, 0.0, 3.03, 25.0, 0.0, 3.92, 29.0, 0.0, 2.63, 20.0, 0.0, 3.32, 23.0, 0.0, 3.57, 23.0, 0.0, 3.26, 25.0, 0.0, 3.53, 26.0, 0.0, 2.74, 19.0, 0.0, 2.75, 25.0, 0.0, 2.83, 19.0, 0.0, 3.12, 23.0, 1.0, 3.16, 25.0, 1.0, 2.06, 22.0, 1.0, 3.62, 28.0, 1.0, 2.89, 14.0, 1.0, 3.51, 26.0, 1.0, 3.54, 24.0, 1.0, 2.83, 27.0, 1.0, 3.39, 17.0, 1.0, 2.67, 24.0, 1.0, 3.65, 21.0, 1.0, 4.0, 23.0, 1.0, 3.1, 21.0, 1.0, 2.39, 19.0, 1.0 };
static const double spector_y[] = { 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0 };
static const double spector_b[] = { -13.021346858115688, 2.8261125948893207, 0.09515766131790934, 2.3786876550933536 };
static const double spector_se[] = { 4.931324213602756, 1.2629410756290778, 0.14155420567369467, 1.0645642544971319 };
static const double spector_z[] = { -2.6405375704556393, 2.2377232393693576, 0.6722347871264464, 2.234423751356346 };
static const double spector_p[] = { 0.008277461435488232, 0.025239108802562582, 0.5014342380819221, 0.0254552043612783 };
static const double spector_or_low[] = { 1.4039451207756794e-10, 1.4201941279029562, 0.8333650615466982, 1.3393441542871465 };
static const double spector_or_high[] = { 0.034869979598635824, 200.6238210977221, 1.4515018895871232, 86.93800280038198 };
/* spector_*: statsmodels Logit(GRADE, const + GPA TUCE PSI).fit() .params .bse .tvalues .pvalues, exp(.conf_int()) */
#define SPECTOR_LLF -12.889634222131413 /* statsmodels Logit(GRADE, const + GPA TUCE PSI).fit().llf */
#define SPECTOR_AUC 0.8831168831168831 /* scipy.stats.mannwhitneyu(fitted[y==1], fitted[y==0]).statistic / (n1 n0) */
static const double longley_x[] = { 83.0, 234289.0, 2356.0, 1590.0, 107608.0, 1947.0, 88.5, 259426.0, 2325.0, 1456.0, 108632.0, 1948.0, 88.2, 258054.0, 3682.0, 1616.0, 109773.0, 1949.0, 89.5, 284599.0, 3351.0, 1650.0, 110929.0, 1950.0, 96.2, 328975.0, 2099.0, 3099.0, 112075.0, 1951.0, 98.1, 346999.0, 1932.0, 3594.0, 113270.0, 1952.0, 99.0, 365385.0, 1870.0, 3547.0, 115094.0, 1953.0, 100.0, 363112.0, 3578.0, 3350.0, 116219.0, 1954.0, 101.2, 397469.0, 2904.0, 3048.0, 117388.0, 1955.0, 104.6, 419180.0, 2822.0, 2857.0, 118734.0, 1956.0, 108.4, 442769.0, 2936.0, 2798.0, 120445.0, 1957.0, 110.8, 444546.0, 4681.0, 2637.0, 121950.0, 1958.0, 112.6, 482704.0, 3813.0, 2552.0, 123366.0, 1959.0, 114.2, 502601.0, 3931.0, 2514.0, 125368.0, 1960.0, 115.7, 518173.0, 4806.0, 2572.0, 127852.0, 1961.0, 116.9, 554894.0, 4007.0, 2827.0, 130081.0, 1962.0 };
static const double longley_y[] = { 60323.0, 61122.0, 60171.0, 61187.0, 63221.0, 63639.0, 64989.0, 63761.0, 66019.0, 67857.0, 68169.0, 66513.0, 68655.0, 69564.0, 69331.0, 70551.0 };
static const double longley_b[] = { -3482258.6345978603, 15.061872271525772, -0.035819179292641, -2.020229803817312, -1.0332268671736102, -0.05110410565373691, 1829.1514646145988 };
static const double longley_se[] = { 1799477.2318242085, 91.11938639599481, 0.055623988433831144, 0.8221335025769635, 0.29878925752113716, 0.3249058208540077, 922.8078422754658 };
static const double longley_t[] = { -1.9351501497286203, 0.16529821882325388, -0.6439520124532344, -2.4573013962877512, -3.4580455661144947, -0.15728898152520293, 1.9821585608811743 };
static const double longley_p[] = { 0.08496785583171369, 0.8723626120913257, 0.5356702152183843, 0.03631908118533309, 0.007182922437361064, 0.8784892590490136, 0.07878533434850685 };
/* longley_*: statsmodels OLS(TOTEMP, const + 6).fit(cov_type='HC3', use_t=True) .params .bse .tvalues .pvalues */
#define LONGLEY_R2 0.995479004577294 /* statsmodels OLS(TOTEMP, const + 6).fit(cov_type='HC3', use_t=True).rsquared */
#define LONGLEY_ADJ_R2 0.9924650076288233 /* statsmodels OLS(TOTEMP, const + 6).fit(cov_type='HC3', use_t=True).rsquared_adj */
static const double longley_beta[] = { 0.04628202267090187, -1.0137463487145175, -0.5375425776393655, -0.20474069234425119, -0.10122111394584943, 2.479664382946826 };
/* longley_beta: statsmodels OLS(z(TOTEMP), z(X)).fit().params, z with ddof=1 */
static const double small_age[] = { 23.0, 35.0, 41.0, 29.0, 52.0, 47.0, 33.0, 38.0, 60.0, 44.0, 27.0, NA, 50.0, 36.0 };
static const char *const small_ra[] = { "low", "high", "medium", "low", "high", "medium", "low", "high", "high", "medium", "low", "medium", "high", "medium" };
static const double small_y[] = { 3.1, 5.0, 4.2, 2.9, 6.8, 5.1, 3.9, 4.4, 7.7, 5.6, 2.4, 4.0, 6.1, 4.3 };
static const double small_b[] = { -0.207051282051276, 0.11721611721611949, 0.0839743589743609, 0.6978937728937764 };
static const double small_se[] = { 0.8413110246426182, 0.0256833855375856, 0.4965336638889418, 0.6985979339789151 };
static const double small_p[] = { 0.8111215308759951, 0.0013586992032119944, 0.8694413871739131, 0.34389853969236506 };
static const double small_ci_low[] = { -2.1102290425395376, 0.05911626265883183, -1.0392628253340368, -0.8824445473326847 };
static const double small_ci_high[] = { 1.6961264784369856, 0.17531597177340716, 1.2072115432827586, 2.2782320931202378 };
/* small_*: statsmodels OLS(y, const + age, medium, high).fit(cov_type='HC3', use_t=True) .params .bse .pvalues .conf_int() */
#define SMALL_R2 0.9264977969062068 /* statsmodels OLS(y, const + age, medium, high).fit(cov_type='HC3', use_t=True).rsquared */
#define SMALL_ADJ_R2 0.901997062541609 /* statsmodels OLS(y, const + age, medium, high).fit(cov_type='HC3', use_t=True).rsquared_adj */
static const double small_beta[] = { 0.8138632602400583, 0.02610847166010921, 0.2287193041354312 };
/* small_beta: statsmodels OLS(z(y), z(X)).fit().params, z with ddof=1 */
static const size_t chi3_t[] = { 8, 4, 3, 9, 5, 6 };
#define CHI3_X2 4.19794158692185 /* scipy.stats.chi2_contingency([[8, 4], [3, 9], [5, 6]], correction=False) */
#define CHI3_DF 2.0 /* scipy.stats.chi2_contingency([[8, 4], [3, 9], [5, 6]], correction=False) */
#define CHI3_P 0.1225825260889194 /* scipy.stats.chi2_contingency([[8, 4], [3, 9], [5, 6]], correction=False) */
#define CHI3_MIN_E 5.0285714285714285 /* scipy.stats.chi2_contingency([[8, 4], [3, 9], [5, 6]], correction=False) expected.min() */
static const size_t chi4_t[] = { 2, 7, 6, 1, 1, 1, 4, 3 };
#define CHI4_X2 6.462403337403337 /* scipy.stats.chi2_contingency([[2, 7], [6, 1], [1, 1], [4, 3]], correction=False) */
#define CHI4_DF 3.0 /* scipy.stats.chi2_contingency([[2, 7], [6, 1], [1, 1], [4, 3]], correction=False) */
#define CHI4_P 0.09115707425111245 /* scipy.stats.chi2_contingency([[2, 7], [6, 1], [1, 1], [4, 3]], correction=False) */
#define CHI4_MIN_E 0.96 /* scipy.stats.chi2_contingency([[2, 7], [6, 1], [1, 1], [4, 3]], correction=False) expected.min() */
static const size_t chiz_t[] = { 5, 2, 0, 0, 1, 6 };
#define CHIZ_X2 4.666666666666666 /* scipy.stats.chi2_contingency([[5, 2], [1, 6]], correction=False) */
#define CHIZ_DF 1.0 /* scipy.stats.chi2_contingency([[5, 2], [1, 6]], correction=False) */
#define CHIZ_P 0.03075356125927456 /* scipy.stats.chi2_contingency([[5, 2], [1, 6]], correction=False) */
#define CHIZ_MIN_E 3.0 /* scipy.stats.chi2_contingency([[5, 2], [1, 6]], correction=False) expected.min() */
static const double q_scores[] = { 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0 };
#define Q25 1.0 /* numpy.quantile(q_scores, 0.25, method='inverted_cdf') */
#define Q50 2.0 /* numpy.quantile(q_scores, 0.5, method='inverted_cdf') */
#define Q75 3.0 /* numpy.quantile(q_scores, 0.75, method='inverted_cdf') */
static const double q8_scores[] = { 1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0 };
#define Q8_25 2.0 /* numpy.quantile(q8_scores, 0.25, method='inverted_cdf') */
#define Q8_50 3.0 /* numpy.quantile(q8_scores, 0.5, method='inverted_cdf') */
#define Q8_75 3.0 /* numpy.quantile(q8_scores, 0.75, method='inverted_cdf') */
/* END stats_ref.py */
/* clang-format on */

/* ---- 2x2 tables ---- */

static void table_check(const int *x, const int *y, size_t n, double p, double or, double lo,
			double hi, bool corrected)
{
	struct braid_stats_2x2 r;
	struct braid_err err = BRAID_ERR_INIT;

	assert_int_equal(braid_stats_2x2(x, y, n, &r, &err), 0);
	assert_int_equal(r.missing, 2); /* every table's data end with two half-missing cases */
	assert_int_equal(r.n, n - 2);
	CLOSE(r.fisher_p, p, 1e-9);
	CLOSE(r.odds_ratio, or, 1e-12);
	CLOSE(r.or_low, lo, 1e-9);
	CLOSE(r.or_high, hi, 1e-9);
	assert_int_equal(r.corrected, corrected);
	assert_int_equal(!!(r.warnings & BRAID_STATS_W_CORRECTED), corrected);
}

static void table_zero_cell(void **state)
{
	table_check(zero_x, zero_y, LEN(zero_x), ZERO_FISHER_P, ZERO_OR, ZERO_OR_LOW, ZERO_OR_HIGH,
		    true);
}

static void table_lady_tasting_tea(void **state)
{
	struct braid_stats_2x2 r;

	table_check(tea_x, tea_y, LEN(tea_x), TEA_FISHER_P, TEA_OR, TEA_OR_LOW, TEA_OR_HIGH, false);
	/* Fisher (1935), R's ?fisher.test TeaTasting data: two-sided p = 34/70 = 0.4857 */
	assert_int_equal(braid_stats_2x2(tea_x, tea_y, LEN(tea_x), &r, NULL), 0);
	assert_true(fabs(r.fisher_p.v - 0.4857) < 5e-5);
	/* Woolf by hand: exp(log 9 -/+ 1.96 sqrt(1/3 + 1 + 1 + 1/3)) = 0.3666, 220.9 */
	assert_true(fabs(r.or_low.v - 0.3666) < 1e-4 && fabs(r.or_high.v - 220.93) < 1e-2);
	assert_true(r.warnings & BRAID_STATS_W_SMALL_CELL); /* every expected count is 2 */
}

static void table_convictions(void **state)
{
	struct braid_stats_2x2 r;

	assert_int_equal(braid_stats_2x2(twins_x, twins_y, LEN(twins_x), &r, NULL), 0);
	assert_true(fabs(r.fisher_p.v - 0.0005367) < 1e-7);
	table_check(twins_x, twins_y, LEN(twins_x), TWINS_FISHER_P, TWINS_OR, TWINS_OR_LOW,
		    TWINS_OR_HIGH, false);
	/* Agresti (1990, p. 61), R's ?fisher.test Convictions data: two-sided p = 0.0005367 */
}

static void table_ties_with_the_observed(void **state)
{
	table_check(asym_x, asym_y, LEN(asym_x), ASYM_FISHER_P, ASYM_OR, ASYM_OR_LOW, ASYM_OR_HIGH,
		    false);
}

static void fisher_tolerance(void **state)
{
	/*
	 * A symmetric table: the tables x = 1 and x = 3 have the same probability
	 * in exact arithmetic, and both count for p whatever rounding does
	 * (R's relErr). Margins 4, 4 of 8, x = 1: d(0) = d(4) = 1/70,
	 * d(1) = d(3) = 16/70, d(2) = 36/70: p = 34/70.
	 */
	size_t t[2][2] = {{1, 3}, {3, 1}};

	assert_true(fabs(braid_stats_fisher_p((const size_t(*)[2])t) - 34.0 / 70) < 1e-15);
	/*
	 * Margins 2 and 17 by 6 and 13: d(0) = C(13,2)/C(19,2) = 78/171 and
	 * d(1) = 6 * 13/171 = 78/171 are equal, but not once computed in
	 * floating point; without R's tolerance p would be 0.544, not 1.
	 */
	size_t u[2][2] = {{0, 2}, {6, 11}};

	assert_true(fabs(braid_stats_fisher_p((const size_t(*)[2])u) - TOL_FISHER_P) < 1e-12);
	assert_true(fabs(TOL_FISHER_P - 1) < 1e-12);
}

static void table_edges(void **state)
{
	struct braid_stats_2x2 r;
	static const int x[] = {1, 1, 0, 0, 1}, yconst[] = {1, 1, 1, 1, 1};
	static const int missing[] = {-1, -1, -1, -1, -1};

	/* the variable does not vary */
	assert_int_equal(braid_stats_2x2(x, yconst, 5, &r, NULL), 0);
	assert_true(r.warnings & BRAID_STATS_W_CONSTANT);
	UNDEF(r.odds_ratio);
	UNDEF(r.or_low);
	UNDEF(r.fisher_p);
	/* every value missing */
	assert_int_equal(braid_stats_2x2(missing, x, 5, &r, NULL), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.missing, 5);
	assert_true(r.warnings & BRAID_STATS_W_FEW_CASES);
	UNDEF(r.odds_ratio);
	UNDEF(r.fisher_p);
	/* no cases at all */
	assert_int_equal(braid_stats_2x2(NULL, NULL, 0, &r, NULL), 0);
	UNDEF(r.odds_ratio);
}

/* ---- presence against a numeric variable ---- */

static void groups_welch_mann_whitney(void **state)
{
	struct braid_stats_groups r;

	assert_int_equal(braid_stats_groups(grp_g, grp_y, LEN(grp_g), &r, NULL), 0);
	assert_int_equal(r.n, 16);
	assert_int_equal(r.missing, 2);
	assert_int_equal(r.n1, 7);
	assert_int_equal(r.n0, 9);
	CLOSE(r.mean1, GRP_MEAN1, 1e-12);
	CLOSE(r.mean0, GRP_MEAN0, 1e-12);
	CLOSE(r.sd1, GRP_SD1, 1e-12);
	CLOSE(r.sd0, GRP_SD0, 1e-12);
	CLOSE(r.diff, GRP_MEAN1 - GRP_MEAN0, 1e-12);
	CLOSE(r.t, GRP_T, 1e-10);
	CLOSE(r.df, GRP_DF, 1e-10);
	CLOSE(r.t_p, GRP_T_P, 1e-8);
	CLOSE(r.u, GRP_U, 1e-12);
	CLOSE(r.u_p, GRP_U_P, 1e-9);
	CLOSE(r.r_pb, GRP_RPB, 1e-10);
	assert_int_equal(r.warnings, 0);
}

static void groups_mann_whitney_ties(void **state)
{
	struct braid_stats_groups r;

	assert_int_equal(braid_stats_groups(likert_g, likert_y, LEN(likert_g), &r, NULL), 0);
	CLOSE(r.u, LIK_U, 1e-12);
	CLOSE(r.u_p, LIK_U_P, 1e-9);
}

static void groups_edges(void **state)
{
	struct braid_stats_groups r;
	static const int all1[] = {1, 1, 1, 1}, one0[] = {1, 1, 1, 0};
	static const double y[] = {1, 2, 3, 4}, same[] = {5, 5, 5, 5};
	static const double none[] = {NA, NA, NA, NA};

	/* every case has the theme: nothing to compare */
	assert_int_equal(braid_stats_groups(all1, y, 4, &r, NULL), 0);
	CLOSE(r.mean1, 2.5, 1e-15);
	UNDEF(r.mean0);
	UNDEF(r.diff);
	UNDEF(r.t);
	UNDEF(r.u_p);
	UNDEF(r.r_pb);
	assert_true(r.warnings & BRAID_STATS_W_CONSTANT);
	/* one case without: a difference, no Welch (its sd needs two) */
	assert_int_equal(braid_stats_groups(one0, y, 4, &r, NULL), 0);
	CLOSE(r.diff, 2 - 4, 1e-15);
	UNDEF(r.sd0);
	UNDEF(r.t);
	UNDEF(r.df);
	assert_true(r.warnings & BRAID_STATS_W_FEW_CASES);
	/* a constant variable: every value tied, U has no variance */
	assert_int_equal(braid_stats_groups(one0, same, 4, &r, NULL), 0);
	assert_true(r.warnings & BRAID_STATS_W_CONSTANT);
	CLOSE(r.u, 1.5, 1e-15); /* ranks 2.5 each: 7.5 - 3 * 4 / 2 */
	UNDEF(r.u_p);
	UNDEF(r.r_pb);
	/* every value missing */
	assert_int_equal(braid_stats_groups(one0, none, 4, &r, NULL), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.missing, 4);
	UNDEF(r.mean1);
	UNDEF(r.t_p);
	UNDEF(r.u);
}

/* ---- correlations ---- */

/* Pearson's chi-squared on levels x presence, against scipy (stats_ref.py). */
static void chisq_tables(void **state)
{
	static const struct {
		const size_t *t;
		size_t rows;
		double x2, df, p, min_e;
		int approx;
	} c[] = {
		{ chi3_t, 3, CHI3_X2, CHI3_DF, CHI3_P, CHI3_MIN_E, 0 },
		{ chi4_t, 4, CHI4_X2, CHI4_DF, CHI4_P, CHI4_MIN_E, 1 },
		/* a level with no cases is left out: df 1, not 2 */
		{ chiz_t, 3, CHIZ_X2, CHIZ_DF, CHIZ_P, CHIZ_MIN_E, 1 },
	};
	struct braid_stats_chisq r;

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		braid_stats_chisq(c[i].t, c[i].rows, 2, &r);
		assert_true(r.chi2.defined && r.df.defined && r.p.defined);
		assert_true(fabs(r.chi2.v - c[i].x2) < 1e-12);
		assert_true(r.df.v == c[i].df);
		assert_true(fabs(r.p.v - c[i].p) < 1e-12);
		assert_true(fabs(r.min_expected - c[i].min_e) < 1e-12);
		assert_int_equal(!!(r.warnings & BRAID_STATS_W_APPROX), c[i].approx);
	}
	/* one level only: nothing to test */
	{
		static const size_t one[] = { 4, 3, 0, 0 };

		braid_stats_chisq(one, 2, 2, &r);
		assert_false(r.p.defined);
		assert_true(r.warnings & BRAID_STATS_W_CONSTANT);
		assert_int_equal(r.n, 7);
	}
}

/* Type 1 quantiles, against numpy's inverted_cdf (stats_ref.py). */
static void quantiles_type1(void **state)
{
	size_t n = sizeof(q_scores) / sizeof(q_scores[0]), n8 = sizeof(q8_scores) / sizeof(q8_scores[0]);

	(void)state;
	assert_true(braid_stats_quantile_sorted(q_scores, n, 0.25) == Q25);
	assert_true(braid_stats_quantile_sorted(q_scores, n, 0.5) == Q50);
	assert_true(braid_stats_quantile_sorted(q_scores, n, 0.75) == Q75);
	assert_true(braid_stats_quantile_sorted(q8_scores, n8, 0.25) == Q8_25);
	assert_true(braid_stats_quantile_sorted(q8_scores, n8, 0.5) == Q8_50);
	assert_true(braid_stats_quantile_sorted(q8_scores, n8, 0.75) == Q8_75);
	assert_true(braid_stats_quantile_sorted(q8_scores, n8, 0) == 1.0);
	assert_true(braid_stats_quantile_sorted(q8_scores, n8, 1) == 5.0);
}

static void corr_pearson_spearman(void **state)
{
	struct braid_stats_corr r;
	double rank[11], a[11];
	size_t k = 0;

	assert_int_equal(braid_stats_corr(cor_x, cor_y, LEN(cor_x), BRAID_STATS_PEARSON, &r, NULL),
			 0);
	assert_int_equal(r.n, (size_t)COR_N);
	assert_int_equal(r.missing, 2);
	CLOSE(r.r, COR_R, 1e-12);
	CLOSE(r.p, COR_P, 1e-8);
	CLOSE(r.ci_low, COR_LOW, 1e-10);
	CLOSE(r.ci_high, COR_HIGH, 1e-10);
	assert_int_equal(braid_stats_corr(cor_x, cor_y, LEN(cor_x), BRAID_STATS_SPEARMAN, &r, NULL),
			 0);
	CLOSE(r.r, COR_RHO, 1e-12);
	CLOSE(r.p, COR_RHO_P, 1e-8);
	CLOSE(r.ci_low, COR_RHO_LOW, 1e-10);
	CLOSE(r.ci_high, COR_RHO_HIGH, 1e-10);
	/* the average ranks, against scipy.stats.rankdata */
	for (size_t i = 0; i < LEN(cor_x); i++)
		if (!isnan(cor_x[i]) && !isnan(cor_y[i]))
			a[k++] = cor_x[i];
	braid_stats_ranks(a, k, rank);
	for (size_t i = 0; i < k; i++)
		assert_true(rank[i] == cor_ranks[i]);
}

static void corr_edges(void **state)
{
	struct braid_stats_corr r;
	static const double x[] = {1, 2, 3, 4, 5}, c[] = {2, 2, 2, 2, 2};
	static const double y3[] = {1, 3, 2, NA, NA}, line[] = {3, 5, 7, 9, 11};

	/* a constant variable */
	assert_int_equal(braid_stats_corr(x, c, 5, BRAID_STATS_PEARSON, &r, NULL), 0);
	UNDEF(r.r);
	UNDEF(r.p);
	assert_true(r.warnings & BRAID_STATS_W_CONSTANT);
	/* three pairs: r and p (1 df), no Fisher z interval */
	assert_int_equal(braid_stats_corr(x, y3, 5, BRAID_STATS_PEARSON, &r, NULL), 0);
	assert_int_equal(r.n, 3);
	CLOSE(r.r, 0.5, 1e-12); /* by hand: sxy = 1, sxx = syy = 2 */
	/* t = 0.5 sqrt(1 / 0.75) = 0.57735 on 1 df: p = 1 - 2 atan(t) / pi = 2/3 */
	CLOSE(r.p, 2.0 / 3, 1e-12);
	UNDEF(r.ci_low);
	UNDEF(r.ci_high);
	assert_true(r.warnings & BRAID_STATS_W_FEW_CASES);
	/* two pairs */
	assert_int_equal(braid_stats_corr(x, y3, 2, BRAID_STATS_SPEARMAN, &r, NULL), 0);
	UNDEF(r.r);
	/* a perfect line: r = 1, p = 0, the interval [1, 1] */
	assert_int_equal(braid_stats_corr(x, line, 5, BRAID_STATS_PEARSON, &r, NULL), 0);
	CLOSE(r.r, 1, 1e-15);
	CLOSE(r.p, 0, 0);
	CLOSE(r.ci_low, 1, 1e-15);
}

static void bh_as_p_adjust(void **state)
{
	struct braid_rel_value p[LEN(bh_p) + 1], adj[LEN(bh_p) + 1];

	for (size_t i = 0; i < LEN(bh_p); i++)
		p[i] = (struct braid_rel_value){true, bh_p[i], NULL};
	braid_stats_bh(p, LEN(bh_p), adj);
	for (size_t i = 0; i < LEN(bh_p); i++)
		CLOSE(adj[i], bh_adj[i], 1e-12);
	/* an undefined p-value is left out of the family: the same adjustment */
	p[LEN(bh_p)] = (struct braid_rel_value){false, 0, "no variation"};
	memmove(p + 3, p + 2, (LEN(bh_p) - 2) * sizeof(*p));
	p[2] = (struct braid_rel_value){false, 0, "no variation"};
	braid_stats_bh(p, LEN(bh_p) + 1, p); /* in place */
	UNDEF(p[2]);
	CLOSE(p[0], bh_adj[0], 1e-12);
	CLOSE(p[3], bh_adj[2], 1e-12);
	CLOSE(p[8], bh_adj[7], 1e-12);
}

/* ---- logistic regression ---- */

static const char *const spector_names[] = {"GPA", "TUCE", "PSI"};

static void logit_spector(void **state)
{
	struct braid_stats_design d = {LEN(spector_y), 3, spector_y, spector_x, spector_names};
	struct braid_stats_model m;
	struct braid_err err = BRAID_ERR_INIT;
	/* Greene, Econometric Analysis (5th ed.): the published logit of these data */
	static const double greene[] = {-13.021, 2.826, 0.095, 2.379};

	assert_int_equal(braid_stats_logit(&d, &m, &err), 0);
	assert_int_equal(m.n, 32);
	assert_int_equal(m.dropped, 0);
	assert_int_equal(m.events, 11);
	assert_int_equal(m.ncoef, 4);
	assert_true(m.converged);
	assert_true(m.iterations >= 3 && m.iterations <= 10);
	assert_string_equal(m.coef[0].name, "(intercept)");
	assert_string_equal(m.coef[2].name, "TUCE");
	for (size_t j = 0; j < 4; j++) {
		CLOSE(m.coef[j].b, spector_b[j], 1e-7);
		CLOSE(m.coef[j].se, spector_se[j], 1e-6);
		CLOSE(m.coef[j].stat, spector_z[j], 1e-6);
		CLOSE(m.coef[j].p, spector_p[j], 1e-5);
		CLOSE(m.coef[j].odds_ratio, exp(spector_b[j]), 1e-6);
		CLOSE(m.coef[j].or_low, spector_or_low[j], 1e-5);
		CLOSE(m.coef[j].or_high, spector_or_high[j], 1e-5);
		assert_true(fabs(m.coef[j].b.v - greene[j]) < 5e-4);
	}
	CLOSE(m.loglik, SPECTOR_LLF, 1e-9);
	CLOSE(m.auc, SPECTOR_AUC, 1e-12);
	assert_int_equal(m.warnings, 0);
	braid_stats_model_release(&m);
}

static void logit_separation(void **state)
{
	/* x > 3.5 predicts y exactly: the MLE does not exist */
	static const double x[] = {1, 2, 3, 3, 4, 5, 6, 7}, y[] = {0, 0, 0, 0, 1, 1, 1, 1};
	/* quasi-complete: every case with z = 1 has y = 1, the others vary */
	static const double qx[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
	static const double qy[] = {0, 1, 0, 1, 0, 0, 1, 1, 1, 1};
	static const char *const names[] = {"x"};
	struct braid_stats_design d = {8, 1, y, x, names};
	struct braid_stats_model m;

	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_SEPARATION);
	for (size_t j = 0; j < 2; j++) {
		UNDEF(m.coef[j].se);
		UNDEF(m.coef[j].p);
		UNDEF(m.coef[j].odds_ratio);
		UNDEF(m.coef[j].or_high);
	}
	CLOSE(m.auc, 1, 1e-15);
	braid_stats_model_release(&m);

	d = (struct braid_stats_design){10, 1, qy, qx, names};
	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_SEPARATION);
	UNDEF(m.coef[1].p);
	UNDEF(m.coef[1].odds_ratio);
	braid_stats_model_release(&m);
}

static void logit_edges(void **state)
{
	static const double x[] = {1, 1, 2, 1, NA, 1, 4, 1, 5, 1, 6, 1, 2, 1, 3, 1, 3, 1};
	static const double y[] = {0, 1, 1, 0, 1, 0, 1, 0, 1}, bad[] = {0, 1, 2};
	static const double ones[] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
	static const double none[] = {NA, NA, NA};
	static const char *const names[] = {"a", "c"};
	struct braid_stats_model m;
	struct braid_err err = BRAID_ERR_INIT;
	/* c (x[i * 2 + 1]) is 1 throughout: a constant predictor is reported, not fitted */
	struct braid_stats_design d = {9, 2, y, x, names};

	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_int_equal(m.n, 8);
	assert_int_equal(m.dropped, 1);
	assert_true(m.coef[2].constant);
	assert_true(m.warnings & BRAID_STATS_W_CONSTANT);
	UNDEF(m.coef[2].b);
	UNDEF(m.coef[2].odds_ratio);
	assert_true(m.coef[1].b.defined && m.coef[1].p.defined);
	braid_stats_model_release(&m);

	/* a constant outcome */
	d = (struct braid_stats_design){9, 1, ones, x, names};
	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_CONSTANT);
	UNDEF(m.coef[1].b);
	UNDEF(m.auc);
	braid_stats_model_release(&m);

	/* fewer cases than coefficients */
	d = (struct braid_stats_design){2, 2, y, x, names};
	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_FEW_CASES);
	UNDEF(m.coef[0].b);
	UNDEF(m.loglik);
	braid_stats_model_release(&m);

	/* every outcome missing */
	d = (struct braid_stats_design){3, 1, none, x, names};
	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.dropped, 3);
	UNDEF(m.coef[1].b);
	braid_stats_model_release(&m);

	/* an outcome that is not 0/1 is an error */
	d = (struct braid_stats_design){3, 1, bad, x, names};
	assert_int_equal(braid_stats_logit(&d, &m, &err), BRAID_EINVAL);
	assert_string_equal(err.msg,
			    "the outcome of a logistic model must be 0 or 1, not 2 (case 3)");
	braid_stats_model_release(&m);
}

static void logit_collinear(void **state)
{
	/* b = 2 a: linearly dependent */
	static const double x[] = {1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 6, 12, 2, 4, 3, 6};
	static const double y[] = {0, 1, 0, 1, 1, 0, 1, 0};
	static const char *const names[] = {"a", "b"};
	struct braid_stats_design d = {8, 2, y, x, names};
	struct braid_stats_model m;

	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_COLLINEAR);
	UNDEF(m.coef[1].b);
	UNDEF(m.coef[2].p);
	braid_stats_model_release(&m);
	assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_COLLINEAR);
	UNDEF(m.coef[1].b);
	UNDEF(m.r2);
	braid_stats_model_release(&m);
}

/* ---- OLS with HC3 ---- */

static const char *const longley_names[] = {"GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"};

static void ols_longley(void **state)
{
	struct braid_stats_design d = {16, 6, longley_y, longley_x, longley_names};
	struct braid_stats_model m;
	/* NIST StRD, Longley: certified coefficients (intercept first) */
	static const double nist[] = {-3482258.63459582, 15.0618722713733,  -0.358191792925910e-1,
				      -2.02022980381683, -1.03322686717359, -0.511041056535807e-1,
				      1829.15146461355};

	assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
	assert_int_equal(m.n, 16);
	for (size_t j = 0; j < 7; j++) {
		CLOSE(m.coef[j].b, longley_b[j], 1e-7);
		CLOSE(m.coef[j].b, nist[j], 1e-7);
		CLOSE(m.coef[j].se, longley_se[j], 1e-6);
		CLOSE(m.coef[j].stat, longley_t[j], 1e-6);
		CLOSE(m.coef[j].p, longley_p[j], 1e-5);
		if (j)
			CLOSE(m.coef[j].beta, longley_beta[j - 1], 1e-6);
		else
			UNDEF(m.coef[j].beta);
		UNDEF(m.coef[j].odds_ratio);
	}
	/* NIST: R-squared 0.995479004577296 */
	CLOSE(m.r2, LONGLEY_R2, 1e-10);
	CLOSE(m.r2, 0.995479004577296, 1e-10);
	CLOSE(m.adj_r2, LONGLEY_ADJ_R2, 1e-10);
	assert_int_equal(m.warnings, 0);
	braid_stats_model_release(&m);
}

static void ols_dummies(void **state)
{
	static const char *const levels[] = {"low", "medium", "high"};
	static const char *const names[] = {"age", "medium", "high"};
	struct braid_stats_dummies dum;
	struct braid_stats_model m;
	struct braid_stats_design d;
	double x[LEN(small_y) * 3];

	assert_int_equal(braid_stats_dummies(small_ra, LEN(small_ra), levels, 3, false, &dum, NULL),
			 0);
	assert_int_equal(dum.ref, 0);
	assert_int_equal(dum.ncol, 2);
	assert_string_equal(dum.level[dum.col_level[0]], "medium");
	assert_string_equal(dum.level[dum.col_level[1]], "high");
	for (size_t i = 0; i < LEN(small_y); i++) {
		x[i * 3] = small_age[i];
		x[i * 3 + 1] = dum.x[i * 2];
		x[i * 3 + 2] = dum.x[i * 2 + 1];
	}
	d = (struct braid_stats_design){LEN(small_y), 3, small_y, x, names};
	assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
	assert_int_equal(m.n, 13);
	assert_int_equal(m.dropped, 1);
	for (size_t j = 0; j < 4; j++) {
		CLOSE(m.coef[j].b, small_b[j], 1e-10);
		CLOSE(m.coef[j].se, small_se[j], 1e-9);
		CLOSE(m.coef[j].p, small_p[j], 1e-8);
		CLOSE(m.coef[j].ci_low, small_ci_low[j], 1e-9);
		CLOSE(m.coef[j].ci_high, small_ci_high[j], 1e-9);
		if (j)
			CLOSE(m.coef[j].beta, small_beta[j - 1], 1e-9);
	}
	CLOSE(m.r2, SMALL_R2, 1e-12);
	CLOSE(m.adj_r2, SMALL_ADJ_R2, 1e-12);
	braid_stats_model_release(&m);
	braid_stats_dummies_release(&dum);
}

static void ols_edges(void **state)
{
	static const double x[] = {1, 2, 3, 4}, y[] = {2, 4, 6, 9}, c[] = {3, 3, 3, 3};
	static const char *const names[] = {"x"};
	struct braid_stats_design d = {2, 1, y, x, names};
	struct braid_stats_model m;

	/* two cases, two coefficients */
	assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_FEW_CASES);
	UNDEF(m.coef[1].b);
	UNDEF(m.r2);
	braid_stats_model_release(&m);
	/* a constant outcome */
	d = (struct braid_stats_design){4, 1, c, x, names};
	assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
	assert_true(m.warnings & BRAID_STATS_W_CONSTANT);
	UNDEF(m.coef[1].b);
	UNDEF(m.r2);
	braid_stats_model_release(&m);
	/* a case with leverage 1: a dummy that is 1 for one case only */
	{
		static const double lx[] = {1, 0, 2, 0, 3, 0, 4, 0, 5, 1};
		static const double ly[] = {1.1, 2.3, 2.9, 4.2, 7};
		static const char *const ln[] = {"x", "only"};

		d = (struct braid_stats_design){5, 2, ly, lx, ln};
		assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
		assert_true(m.warnings & BRAID_STATS_W_LEVERAGE);
		assert_true(m.coef[1].b.defined);
		UNDEF(m.coef[1].se);
		UNDEF(m.coef[2].p);
		braid_stats_model_release(&m);
	}
}

/* ---- dummy coding ---- */

static void dummies_reference(void **state)
{
	static const char *const v[] = {"b", "a", NULL, "a", "c", "a", "b"};
	static const char *const levels[] = {"a", "b"};
	struct braid_stats_dummies d;
	struct braid_err err = BRAID_ERR_INIT;

	/* levels by first appearance, the first the reference */
	assert_int_equal(braid_stats_dummies(v, 7, NULL, 0, false, &d, NULL), 0);
	assert_int_equal(d.nlevels, 3);
	assert_string_equal(d.level[0], "b");
	assert_int_equal(d.ref, 0);
	assert_int_equal(d.ncol, 2);
	assert_string_equal(d.level[d.col_level[0]], "a");
	assert_true(d.x[0] == 0 && d.x[1] == 0);     /* b: the reference */
	assert_true(d.x[2] == 1 && d.x[3] == 0);     /* a */
	assert_true(isnan(d.x[4]) && isnan(d.x[5])); /* missing */
	assert_true(d.x[8] == 0 && d.x[9] == 1);     /* c */
	braid_stats_dummies_release(&d);

	/* the most frequent level: a (3 cases) */
	assert_int_equal(braid_stats_dummies(v, 7, NULL, 0, true, &d, NULL), 0);
	assert_string_equal(d.level[d.ref], "a");
	assert_int_equal(d.count[d.ref], 3);
	assert_string_equal(d.level[d.col_level[0]], "b");
	assert_string_equal(d.level[d.col_level[1]], "c");
	braid_stats_dummies_release(&d);

	/* a value that is not a given level */
	assert_int_equal(braid_stats_dummies(v, 7, levels, 2, false, &d, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "'c' is not one of the variable's levels");
	braid_stats_dummies_release(&d);
}

static void warnings_worded(void **state)
{
	for (size_t i = 0; i < BRAID_STATS_NWARNINGS; i++)
		assert_non_null(braid_stats_warning_text(1u << i));
	assert_null(braid_stats_warning_text(3));
}

static void my_gsl_handler(const char *reason, const char *file, int line, int gsl_errno)
{
}

static void gsl_handler_put_back(void **state)
{
	/* the core switches GSL's abort-on-error handler off and puts the caller's back */
	struct braid_stats_design d = {LEN(spector_y), 3, spector_y, spector_x, spector_names};
	struct braid_stats_model m;
	struct braid_stats_corr c;

	gsl_set_error_handler(my_gsl_handler);
	assert_int_equal(braid_stats_logit(&d, &m, NULL), 0);
	braid_stats_model_release(&m);
	assert_int_equal(braid_stats_ols(&d, &m, NULL), 0);
	braid_stats_model_release(&m);
	assert_int_equal(braid_stats_corr(cor_x, cor_y, LEN(cor_x), BRAID_STATS_PEARSON, &c, NULL),
			 0);
	assert_ptr_equal(gsl_set_error_handler(NULL), my_gsl_handler);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_zero_cell),
	    cmocka_unit_test(table_lady_tasting_tea),
	    cmocka_unit_test(table_convictions),
	    cmocka_unit_test(table_ties_with_the_observed),
	    cmocka_unit_test(fisher_tolerance),
	    cmocka_unit_test(table_edges),
	    cmocka_unit_test(groups_welch_mann_whitney),
	    cmocka_unit_test(groups_mann_whitney_ties),
	    cmocka_unit_test(groups_edges),
	    cmocka_unit_test(chisq_tables),
	    cmocka_unit_test(quantiles_type1),
	    cmocka_unit_test(corr_pearson_spearman),
	    cmocka_unit_test(corr_edges),
	    cmocka_unit_test(bh_as_p_adjust),
	    cmocka_unit_test(logit_spector),
	    cmocka_unit_test(logit_separation),
	    cmocka_unit_test(logit_edges),
	    cmocka_unit_test(logit_collinear),
	    cmocka_unit_test(ols_longley),
	    cmocka_unit_test(ols_dummies),
	    cmocka_unit_test(ols_edges),
	    cmocka_unit_test(dummies_reference),
	    cmocka_unit_test(warnings_worded),
	    cmocka_unit_test(gsl_handler_put_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
