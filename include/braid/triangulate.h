/*
 * triangulate.h - the joint display: each theme in play set against one
 * survey variable, case by case (`braid triangulate by`,
 * docs/triangulation.md).
 *
 * The cases are the matrix's (quantitize.h): the cases with words of their
 * own, a theme present in a case when the case has one of its segments as
 * prevalence counts them (accepted codings, sub-themes' codes, `coder`).
 * The variable's value is that of the survey row linked to the case; a
 * case without one is missing and left out of the variable's figures.
 *
 * One row per theme; the columns depend on the variable's type:
 * - binary: two groups (VAR = 1, VAR = 0): the cases in each with the
 *   theme, of all its cases; the 2x2 table's odds ratio (Woolf CI,
 *   Haldane-Anscombe when a cell is zero) and Fisher's p (braid_stats_2x2);
 * - categorical: one group per level (sorted): the cases at the level
 *   with the theme; Pearson's
 *   chi-squared of level by presence (braid_stats_chisq);
 * - numeric: the variable's n, mean and sd among the cases with and
 *   without the theme; Welch's t, Mann-Whitney U, the point-biserial r
 *   (braid_stats_groups);
 * - ordinal: the same two groups with the median and quartiles of the
 *   levels (type 1 quantiles of the scores, so always a level), and
 *   Mann-Whitney U on the scores.
 * Each row's p (Fisher, chi-squared, Welch, Mann-Whitney) is also given
 * adjusted across the rows of the display (Benjamini-Hochberg).
 *
 * With `quotes`, each group in which a case has the theme gets the
 * theme's first exemplar (`braid quote add`; first in document order)
 * said by one of the group's cases with the theme; numeric and
 * ordinal displays quote in the "with the theme" group only.
 *
 * With `codes`, the rows are the active codes instead, each counted as
 * `braid matrix --cols codes` counts it (its own codings); `themes` then
 * names codes. Exemplar quotes belong to themes: `quotes` with `codes` is
 * BRAID_EINVAL.
 *
 * The display owns everything in it; braid_joint_release frees it.
 */
#ifndef BRAID_TRIANGULATE_H
#define BRAID_TRIANGULATE_H

#include <stddef.h>

#include "braid/err.h"
#include "braid/stats.h"
#include "braid/store.h"
#include "braid/table.h"

enum braid_joint_kind {
	BRAID_JOINT_BINARY,
	BRAID_JOINT_NUMERIC,
	BRAID_JOINT_ORDINAL,
	BRAID_JOINT_LEVELS, /* categorical */
};

struct braid_joint_cell {
	/* binary, categorical: the group's cases with the theme, of all its cases */
	size_t with, n;
	/* numeric, ordinal: the variable among the cases with (0) / without (1) the theme */
	size_t nv;
	struct braid_rel_value mean, sd;	/* numeric */
	struct braid_rel_value median, q1, q3;	/* ordinal: scores, levels[score - 1] */
	char *quote, *quote_case, *quote_doc;	/* an exemplar, or NULL */
	char *shown;				/* the cell as the table shows it */
};

struct braid_joint_row {
	char *slug, *name; /* the theme */
	struct braid_joint_cell *cell; /* one per group */
	struct braid_stats_2x2 t2;     /* binary */
	struct braid_stats_groups g;   /* numeric, ordinal */
	struct braid_stats_chisq chi;  /* categorical */
	struct braid_rel_value p, p_adj; /* the row's test; Benjamini-Hochberg across the rows */
	char *test;	/* the test as the table shows it ("OR 2.10 [0.81, 5.44]") */
	char *p_adj_shown; /* p_adj to three decimals */
	char *warnings; /* the statistic's warnings in words, "; "-separated, or NULL */
};

struct braid_joint {
	enum braid_joint_kind kind;
	char *var, *type;
	size_t ngroups;
	char **group;	  /* the groups' labels ("SR = 1", "high", "with the theme") */
	char **group_key; /* in data keys ("1", "high", "with") */
	char **levels;	  /* ordinal: the levels in order */
	size_t nlevels;
	size_t ncases, missing; /* cases; those without a value of the variable */
	int quotes, codes;
	size_t nrows;
	struct braid_joint_row *rows;
	/* the listing (braid_joint_listing) */
	struct braid_listing listing;
	struct braid_column *cols;
	char **col_text;
	size_t ncol_text;
};

struct braid_joint_opts {
	const char *var;	   /* the survey variable (exact name) */
	const char *coder;	   /* that coder's accepted codings only; NULL: every coder's */
	const char *const *themes; /* only these themes (slugs), in this order; NULL: all in play */
	size_t nthemes;
	int quotes;		   /* exemplar quotes in the cells (themes only) */
	int codes;		   /* rows are the active codes (matrix --cols codes), not themes */
};

/*
 * Computes the display into j (zeroed first). An unknown variable or theme
 * is BRAID_ENOTFOUND naming it. On error j holds nothing beyond what
 * braid_joint_release frees.
 */
int braid_triangulate_by(struct braid_store *st, const struct braid_joint_opts *o,
			 struct braid_joint *j, struct braid_err *err);
void braid_joint_release(struct braid_joint *j);

/*
 * The display's listing (owned by j, built on first call): THEME, then per
 * group a composed cell (table) and its figures (data), the test, the p
 * adjusted, the quotes, WARNINGS. Keys in docs/triangulation.md.
 */
const struct braid_listing *braid_joint_listing(struct braid_joint *j);
/* Row r's values, for that listing. */
void braid_joint_values(const struct braid_joint *j, size_t r, struct braid_row *row);

/* One sentence each on what the display holds: the cases, the test, the adjustment. */
void braid_joint_notes(const struct braid_joint *j, void (*note)(const char *text, void *ctx),
		       void *ctx);

#endif
