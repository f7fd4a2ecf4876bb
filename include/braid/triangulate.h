/*
 * triangulate.h - the joint display: each theme in play set against one
 * survey variable, case by case (`braid triangulate --by VAR`,
 * docs/triangulation.md).
 *
 * The cases are the matrix's (quantitize.h): the cases with words of their
 * own, a theme present in a case when the case has one of its segments as
 * prevalence counts them (accepted codings, sub-themes' codes, `coder`).
 * The variable's value is that of the survey row linked to the case; a
 * case without one is missing and left out of that variable's figures.
 *
 * - binary VAR: per theme, the cases with the theme in each group (VAR = 1,
 *   VAR = 0) with their share, and the 2x2 table's odds ratio (Woolf CI,
 *   Haldane-Anscombe when a cell is zero) and Fisher's p
 *   (braid_stats_2x2, docs/statistics.md);
 * - numeric VAR: per theme, the variable's mean and sd among cases with
 *   and without the theme, Welch's t, Mann-Whitney U and the point-biserial
 *   r (braid_stats_groups).
 * - categorical VAR: one row per theme and level (levels sorted by their
 *   text): the cases at that level, how many have the theme, the share. No
 *   test yet (a chi-squared or Fisher-Freeman-Halton test is to come).
 * Ordinal variables are not built yet (BRAID_EINVAL says so).
 *
 * Strings in rows are borrowed for the callback.
 */
#ifndef BRAID_TRIANGULATE_H
#define BRAID_TRIANGULATE_H

#include <stddef.h>

#include "braid/err.h"
#include "braid/stats.h"
#include "braid/store.h"
#include "braid/table.h"

enum braid_joint_kind { BRAID_JOINT_BINARY, BRAID_JOINT_NUMERIC, BRAID_JOINT_LEVELS };

struct braid_joint_row {
	const char *slug, *name; /* the theme */
	enum braid_joint_kind kind;
	struct braid_stats_2x2 t2;      /* binary: count[presence][value] */
	struct braid_stats_groups g;    /* numeric: group 1 with the theme */
	const char *warnings;           /* the statistic's warnings in words, "; "-separated, or NULL */
	/* categorical: one row per theme and level (levels sorted), no test */
	const char *level;
	size_t with, n; /* cases at the level with the theme, of all cases at the level */
};

struct braid_joint_opts {
	const char *var;	   /* the survey variable (exact name) */
	const char *coder;	   /* that coder's accepted codings only; NULL: every coder's */
	const char *const *themes; /* only these themes (slugs), in this order; NULL: all in play */
	size_t nthemes;
};

/* cb once per theme; *kind (may be NULL) gets the variable's kind before the first row. */
int braid_triangulate_by(struct braid_store *st, const struct braid_joint_opts *o,
			 enum braid_joint_kind *kind,
			 int (*cb)(const struct braid_joint_row *row, void *ctx), void *ctx,
			 struct braid_err *err);

/*
 * binary: theme, name, with_1, n_1, share_1, with_0, n_0, share_0, or, or_low, or_high,
 * corrected, fisher_p, warnings. numeric: theme, name, n_with, mean_with, sd_with,
 * n_without, mean_without, sd_without, diff, t, df, t_p, u, u_p, r_pb, warnings.
 */
/* categorical: theme, name, level, with, n, share */
extern const struct braid_listing braid_joint_binary_listing, braid_joint_numeric_listing,
	braid_joint_levels_listing;
void braid_joint_values(const struct braid_joint_row *r, struct braid_row *row);

#endif
