/*
 * stats.h - the statistics of triangulation: theme presence against survey
 * variables, correlations, and regression models.
 *
 * This is the numbers only: no project, no files, no printing. Clients
 * (`braid triangulate`, `braid matrix`) fill arrays from the project and
 * the survey and word the results; numbers are written with
 * braid_real_fixed_text / braid_json_real_text (json.h), never printf.
 *
 * Missing values: a double that is NaN, a 0/1 int that is neither 0 nor 1
 * (BRAID_STATS_NA). Every function is complete-case: a case missing any
 * value it needs is left out and counted in `missing` / `dropped`.
 *
 * Results are values that are defined or not with the reason (struct
 * braid_rel_value of reliability.h: `why` is borrowed static text), never
 * NaN or infinity. Warnings are flags (enum braid_stats_warning) with a
 * fixed wording each (braid_stats_warning_text), for the client to show.
 * The formulas, conventions and references are in docs/statistics.md;
 * every figure is checked in tests/unit/test_stats.c against scipy or
 * statsmodels (tests/ref/stats_ref.py) or a published example.
 *
 * Functions fail (BRAID_EINVAL) only on bad arguments (an outcome that is
 * not 0/1 for a logistic model, a NULL array with n > 0); data that make
 * a statistic meaningless make it undefined. Results holding heap memory
 * are released with their *_release function, also after a failure.
 */
#ifndef BRAID_STATS_H
#define BRAID_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "braid/err.h"
#include "braid/reliability.h" /* struct braid_rel_value */

#define BRAID_STATS_NA (-1) /* a missing 0/1 value */

/* Warnings: bits of a result's `warnings`. */
enum braid_stats_warning {
	BRAID_STATS_W_CORRECTED = 1 << 0,     /* a zero cell: 0.5 added to every cell for the OR */
	BRAID_STATS_W_SMALL_CELL = 1 << 1,    /* an expected count below 5: read Fisher's p */
	BRAID_STATS_W_CONSTANT = 1 << 2,      /* a variable (or predictor) does not vary */
	BRAID_STATS_W_FEW_CASES = 1 << 3,     /* too few complete cases for the statistic */
	BRAID_STATS_W_SEPARATION = 1 << 4,    /* perfect or quasi-complete separation */
	BRAID_STATS_W_NOT_CONVERGED = 1 << 5, /* IRLS stopped at its iteration limit */
	BRAID_STATS_W_COLLINEAR = 1 << 6,     /* predictors linearly dependent (rank deficient) */
	BRAID_STATS_W_LEVERAGE = 1 << 7,      /* a case with leverage 1: HC3 undefined */
	BRAID_STATS_W_APPROX = 1 << 8,	      /* chi-squared: an expected count below 5 */
};
#define BRAID_STATS_NWARNINGS 9

/* The wording of one warning bit (static text), or NULL for an unknown bit. */
const char *braid_stats_warning_text(unsigned warning);

/*
 * ---- results in words, for the clients' tables ----
 * Numbers in the C locale (braid_real_fixed_text), "-" for an undefined one.
 */
#include "braid/strbuf.h"

/* Appends every warning of w in its words, "; "-separated (nothing for none). */
void braid_stats_warnings_text(unsigned w, struct strbuf *out);
/* Appends x to `decimals` places, or "-". */
void braid_stats_fixed(const struct braid_rel_value *x, int decimals, struct strbuf *out);
/* Appends a p-value to three places, "<0.001" below that. */
void braid_stats_p_text(const struct braid_rel_value *p, struct strbuf *out);
/*
 * Appends "0.34 [0.12, 0.53]" (v NULL: the bracket alone); with neither
 * bound defined, v alone (or "-").
 */
void braid_stats_ci_text(const struct braid_rel_value *v, const struct braid_rel_value *lo,
			 const struct braid_rel_value *hi, int decimals, struct strbuf *out);

/* ---- theme presence against a binary variable ---- */

struct braid_stats_2x2 {
	size_t n, missing;
	/* count[x][y]: cases with presence x (0/1) and variable y (0/1) */
	size_t count[2][2];
	/*
	 * Odds ratio (count[1][1] count[0][0]) / (count[1][0] count[0][1]):
	 * the odds of y = 1 with the theme over those without it. With a zero
	 * cell every cell gets 0.5 first (Haldane-Anscombe; `corrected` and
	 * BRAID_STATS_W_CORRECTED say so). 95% CI by Woolf's logit method.
	 */
	bool corrected;
	struct braid_rel_value odds_ratio, or_low, or_high;
	struct braid_rel_value fisher_p; /* two-sided, as R's fisher.test */
	unsigned warnings;
};

/* x: theme presence, y: the binary variable, both n long. */
int braid_stats_2x2(const int *x, const int *y, size_t n, struct braid_stats_2x2 *r,
		    struct braid_err *err);

/* Fisher's exact test, two-sided, on a 2x2 table t[row][col] (R's definition). */
double braid_stats_fisher_p(const size_t t[2][2]);

/* ---- theme presence against a numeric variable ---- */

struct braid_stats_groups {
	size_t n, missing;
	size_t n1, n0; /* cases with (1) and without (0) the theme */
	struct braid_rel_value mean1, mean0, sd1, sd0; /* sd with n - 1 */
	struct braid_rel_value diff;		       /* mean1 - mean0 */
	/* Welch's t on diff, Welch-Satterthwaite df, two-sided p (t distribution) */
	struct braid_rel_value t, df, t_p;
	/*
	 * Mann-Whitney U of the group with the theme (rank sum of group 1 minus
	 * n1 (n1 + 1) / 2, average ranks for ties) and its two-sided p by the
	 * normal approximation with tie and continuity corrections, as R's
	 * wilcox.test(exact = FALSE, correct = TRUE).
	 */
	struct braid_rel_value u, u_p;
	struct braid_rel_value r_pb; /* point-biserial r: Pearson's r of presence and y */
	unsigned warnings;
};

/* g: theme presence (0/1), y: the numeric variable, both n long. */
int braid_stats_groups(const int *g, const double *y, size_t n, struct braid_stats_groups *r,
		       struct braid_err *err);

/* ---- a contingency table ---- */

/*
 * Pearson's chi-squared test of independence on an r x c table of counts
 * (t[i * c + j]), without a continuity correction (R's chisq.test(correct
 * = FALSE), scipy's chi2_contingency(correction = False)). Rows and
 * columns with no cases are left out, so df = (r' - 1)(c' - 1) of the
 * rest; with df 0 the test is undefined. An expected count below 5 sets
 * BRAID_STATS_W_APPROX.
 */
struct braid_stats_chisq {
	size_t n;
	struct braid_rel_value chi2, df, p;
	double min_expected;
	unsigned warnings;
};

void braid_stats_chisq(const size_t *t, size_t rows, size_t cols, struct braid_stats_chisq *r);

/*
 * The p-quantile (0 <= p <= 1) of n values sorted ascending by the
 * inverse of the empirical distribution (R's quantile type 1, numpy's
 * "inverted_cdf"): always one of the values, as the median and quartiles
 * of an ordinal variable's scores must be. n > 0.
 */
double braid_stats_quantile_sorted(const double *sorted, size_t n, double p);

/* ---- correlations ---- */

enum braid_stats_corr_method {
	BRAID_STATS_PEARSON,
	BRAID_STATS_SPEARMAN, /* Pearson's r of the average ranks */
};

struct braid_stats_corr {
	size_t n, missing;	  /* pairwise-complete cases; cases missing either value */
	struct braid_rel_value r; /* r or rho */
	struct braid_rel_value ci_low, ci_high; /* 95%, Fisher's z, se 1/sqrt(n - 3); n > 3 */
	struct braid_rel_value p; /* two-sided, t = r sqrt((n - 2) / (1 - r^2)), n - 2 df */
	unsigned warnings;
};

int braid_stats_corr(const double *x, const double *y, size_t n, enum braid_stats_corr_method m,
		     struct braid_stats_corr *r, struct braid_err *err);

/*
 * Benjamini-Hochberg adjusted p-values for a family of n (R's p.adjust(p,
 * "BH")): undefined p-values are left out of the family and stay undefined
 * in adj, which may be p itself.
 */
void braid_stats_bh(const struct braid_rel_value *p, size_t n, struct braid_rel_value *adj);

/* Average ranks (1-based, ties share their mean rank) of the n values of x into rank. */
void braid_stats_ranks(const double *x, size_t n, double *rank);

/* ---- regression models ---- */

/*
 * A model's data: n cases, k predictors (the intercept is added), x row by
 * row (x[i * k + j]), names of the predictors (borrowed, copied into the
 * result). A case missing the outcome or any predictor is dropped.
 */
struct braid_stats_design {
	size_t n, k;
	const double *y;
	const double *x;
	const char *const *names;
};

struct braid_stats_coef {
	char *name;		      /* "(intercept)" first, then the predictors' names */
	struct braid_rel_value b, se; /* estimate; its standard error (logit: model; OLS: HC3) */
	struct braid_rel_value stat,
	    p; /* Wald z (logit) or t with n - k - 1 df (OLS); two-sided p */
	struct braid_rel_value ci_low, ci_high; /* 95% CI of b (logit: normal; OLS: t) */
	struct braid_rel_value odds_ratio, or_low, or_high; /* logit: exp of b and its CI */
	struct braid_rel_value beta; /* OLS: standardized b (b sd(x) / sd(y)); not the intercept */
	bool constant;		     /* the predictor does not vary among the complete cases */
};

struct braid_stats_model {
	size_t n, dropped; /* complete cases used; cases dropped for a missing value */
	size_t ncoef;	   /* k + 1 */
	struct braid_stats_coef *coef;
	size_t events;			    /* logit: cases with y = 1 */
	size_t iterations;		    /* logit: IRLS iterations */
	bool converged;			    /* logit */
	struct braid_rel_value loglik, auc; /* logit */
	struct braid_rel_value r2, adj_r2;  /* OLS */
	unsigned warnings;
};

/*
 * Logistic regression of a 0/1 outcome by iteratively reweighted least
 * squares (at most 25 iterations; converged when the deviance changes by
 * less than 1e-8 relatively, as R's glm). Separation (fitted probabilities
 * within 1e-10 of 0 or 1, or no convergence) makes every coefficient's
 * inference undefined and sets BRAID_STATS_W_SEPARATION.
 */
int braid_stats_logit(const struct braid_stats_design *d, struct braid_stats_model *m,
		      struct braid_err *err);

/* Ordinary least squares with HC3 standard errors (MacKinnon & White 1985). */
int braid_stats_ols(const struct braid_stats_design *d, struct braid_stats_model *m,
		    struct braid_err *err);

void braid_stats_model_release(struct braid_stats_model *m);

/* ---- dummy coding ---- */

/*
 * A categorical variable as k - 1 dummy columns (0/1) against a reference
 * level. Levels are `levels` in that order when given (an ordinal
 * variable's), else the values in order of first appearance. The reference
 * is the first level, as R's treatment contrasts, unless most_frequent:
 * then the most frequent level (the first of those tied). A missing value
 * (NULL) is NaN in every column; a value that is not one of `levels`
 * fails.
 */
struct braid_stats_dummies {
	size_t n; /* cases */
	size_t nlevels;
	char **level;	   /* nlevels */
	size_t *count;	   /* cases per level */
	size_t ref;	   /* index of the reference level */
	size_t ncol;	   /* nlevels - 1 (0 when there are fewer than two levels) */
	size_t *col_level; /* ncol: the level each column stands for */
	double *x;	   /* n * ncol, row by row, 0/1 or NaN */
};

int braid_stats_dummies(const char *const *value, size_t n, const char *const *levels,
			size_t nlevels, bool most_frequent, struct braid_stats_dummies *d,
			struct braid_err *err);
void braid_stats_dummies_release(struct braid_stats_dummies *d);

#endif
