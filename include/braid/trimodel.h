/*
 * trimodel.h - the statistics of a mixed-methods paper on the cases x
 * themes matrix: a correlation table of survey variables and themes
 * (`braid triangulate corr`) and regression models of a survey variable
 * (`braid triangulate model`), docs/triangulation.md.
 *
 * Items name the data: a survey variable (its exact name), `theme:SLUG`
 * (the theme's presence, 0/1, in each case) or the word `themes` (every
 * theme in play, as theme:SLUG each, tree order). The cases are the
 * matrix's (quantitize.h: the cases with words of their own, presence as
 * prevalence counts it), the variables joined from the survey rows linked
 * to them, from one braid_matrix_themes call. A binary variable is 0/1, an
 * ordinal one its level scores (1 for the first level), a numeric one its
 * numbers; a categorical one is dummies in a model and refused in corr.
 *
 * The numbers are stats.c's; here the data are chosen, joined and coded,
 * and the results are worded: every warning and note is a sentence
 * (owned by the result) for the client to show. Nothing is printed.
 */
#ifndef BRAID_TRIMODEL_H
#define BRAID_TRIMODEL_H

#include <stddef.h>

#include "braid/err.h"
#include "braid/stats.h"
#include "braid/store.h"
#include "braid/table.h"

/* ---- correlations ---- */

enum braid_corr_choice {
	BRAID_CORR_AUTO,     /* Spearman when either item is ordinal, else Pearson */
	BRAID_CORR_PEARSON,
	BRAID_CORR_SPEARMAN,
};

/* "pearson", "spearman" or "auto" into *c; -1 for anything else. */
int braid_corr_choice_parse(const char *s, enum braid_corr_choice *c);

struct braid_corr_opts {
	const char *coder; /* that coder's accepted codings only; NULL: every coder's */
	const char *const *items;
	size_t nitems;
	enum braid_corr_choice method;
};

struct braid_corr_pair {
	const char *a, *b; /* the items (into the result's items) */
	enum braid_stats_corr_method method;
	struct braid_stats_corr c;    /* pairwise-complete cases */
	struct braid_rel_value p_adj; /* Benjamini-Hochberg over every pair of the table */
	char *warnings;		      /* in words, "; "-separated, or NULL */
};

struct braid_corr {
	size_t cases;  /* the matrix's cases */
	size_t nitems; /* after `themes` is expanded and repeats are dropped */
	char **items;
	size_t npairs; /* every i < j, row by row */
	struct braid_corr_pair *pairs;
	char **notes; /* in words: the join, the adjustment, the methods, ordinal scores */
	size_t nnotes;
};

/*
 * Fills r (zeroed first; release it also after a failure). An unknown
 * variable or theme is BRAID_ENOTFOUND naming it; a categorical variable,
 * or fewer than two items, BRAID_EINVAL.
 */
int braid_trimodel_corr(struct braid_store *st, const struct braid_corr_opts *o,
			struct braid_corr *r, struct braid_err *err);
void braid_corr_release(struct braid_corr *r);

/*
 * a, b, method, n, r, ci_low, ci_high, p, p_adj, warnings; the table
 * composes "r [low, high]" and p to three decimals.
 */
extern const struct braid_listing braid_corr_listing;
void braid_corr_values(const struct braid_corr_pair *p, struct braid_row *row);

/* ---- models ---- */

enum braid_model_kind {
	BRAID_MODEL_AUTO,  /* logit for a binary outcome, else OLS */
	BRAID_MODEL_LOGIT, /* logistic regression (IRLS) */
	BRAID_MODEL_OLS,   /* least squares with HC3 standard errors */
};

struct braid_model_opts {
	const char *coder;
	const char *outcome; /* a survey variable, or theme:SLUG */
	const char *const *predictors;
	size_t npredictors;
	enum braid_model_kind kind;
};

/* A categorical predictor's reference level (the first of its levels in strcmp order). */
struct braid_model_ref {
	char *var, *level;
};

/* An ordinal variable used as its scores: levels[i] scores i + 1. */
struct braid_model_scores {
	char *var;
	char **levels;
	size_t nlevels;
};

struct braid_model {
	enum braid_model_kind kind; /* LOGIT or OLS: the model fitted */
	char *outcome;
	size_t cases;		    /* the matrix's cases: fit.n used + fit.dropped */
	struct braid_stats_model fit; /* coefficient names: VAR, theme:SLUG, "VAR: level" */
	struct braid_model_ref *refs;
	size_t nrefs;
	struct braid_model_scores *scores;
	size_t nscores;
	char **notes; /* in words: the fit in one sentence first, the references, the scores */
	size_t nnotes;
	char **warnings; /* in words, each a sentence */
	size_t nwarnings;
};

/*
 * Fills m (zeroed first; release it also after a failure). Complete cases
 * only. An unknown item is BRAID_ENOTFOUND; a categorical outcome, a
 * logistic model of an outcome that is not binary, a predictor that is the
 * outcome or given twice, no predictors: BRAID_EINVAL.
 */
int braid_trimodel_model(struct braid_store *st, const struct braid_model_opts *o,
			 struct braid_model *m, struct braid_err *err);
void braid_model_release(struct braid_model *m);

/*
 * logit: term, b, se, z, p, ci_low, ci_high, or, or_low, or_high, note.
 * ols: term, b, se, t, p, ci_low, ci_high, beta, note. note: why the
 * coefficient has no estimate (a constant predictor), else null.
 */
extern const struct braid_listing braid_model_logit_listing, braid_model_ols_listing;
const struct braid_listing *braid_model_listing(const struct braid_model *m);
/* Coefficient j of m (0: the intercept). */
void braid_model_values(const struct braid_model *m, size_t j, struct braid_row *row);

#endif
