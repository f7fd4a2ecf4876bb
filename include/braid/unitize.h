/*
 * unitize.h - agreement on where coders put their segments, not only on
 * what they called them: Krippendorff's unitizing alphas at the character
 * level (`braid agree --unit char`, `--domain CODE`).
 *
 * The data are continua (a project's documents, lengths in code points) and
 * each coder's segments on them, each with a category (a code). Gaps are
 * the characters a coder left without a segment of the categories in
 * question. Numbers only: no project. The exact definitions implemented,
 * with their references (Krippendorff 1995, 2004; Krippendorff, Mathet,
 * Bouvry & Widlöcher 2016; Krippendorff 2019, section 12.6), are in
 * docs/unitizing.md; tests/unit/test_unitize.c checks them against the
 * published worked examples and against an independent per-character
 * reference (tests/ref/unitize_ref.py).
 *
 * Several continua are one body of data: L is the sum of their lengths,
 * segments and gaps never run from one continuum into the next. A segment
 * is a unit of its coder; segments of one coder and category that share a
 * character are united into one unit, segments that only touch
 * (end == start) stay two units. Nothing is allocated for the caller
 * except binary_u_alpha (braid_udomain_result_release). Coefficients that
 * the data cannot define come back with defined = false and a reason,
 * never NaN.
 */
#ifndef BRAID_UNITIZE_H
#define BRAID_UNITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/reliability.h"

struct braid_useg {
	size_t cont;         /* continuum (document) index */
	size_t coder;        /* coder index */
	int64_t start, end;  /* code points, start < end <= len[cont] */
	size_t cat;          /* category (code) index */
};

struct braid_udata {
	size_t ncont, coders, ncat;
	const int64_t *len;          /* ncont continuum lengths */
	const struct braid_useg *seg;
	size_t nseg;
	/* names for messages (may be NULL) */
	const char *const *cont_name, *const *coder_name, *const *cat_name;
};

/*
 * One category against everything else: the characters each coder gave it
 * versus all others (other categories' text counts as gaps). A coder's
 * overlapping segments of the category are united first.
 *
 * alpha_u is the coefficient as Krippendorff defines it now: the binary
 * |u-alpha of Krippendorff et al. (2016) and Krippendorff (2019, 12.6.4)
 * with this category as the only value (the same number as
 * braid_udomain_result.binary_u_alpha[cat] when codes do not overlap).
 * alpha_u_1995 is the earlier alpha_U of Krippendorff (1995, 2004), whose
 * worked examples those papers publish; it is not the same number (the
 * 2016 paper replaces it because it misbehaves with more than two coders)
 * and is kept for comparison with studies that report it.
 */
struct braid_ucode_result {
	struct braid_rel_value alpha_u;           /* |u-alpha of the category (2016, 2019) */
	struct braid_rel_value alpha_u_1995;      /* alpha_U of Krippendorff 1995/2004 */
	struct braid_rel_value percent_agreement; /* NVivo: (both + neither) / total, two coders */
	struct braid_rel_value cohen_kappa;       /* NVivo: kappa on those character counts */
	int64_t both, one_only, neither, total;   /* character counts (two coders; else 0) */
};

int braid_unitize_code(const struct braid_udata *d, size_t cat, struct braid_ucode_result *r,
		       struct braid_err *err);

/*
 * A semantic domain: every category in d together, which must not overlap
 * within one coder (an error names the coder, the continuum, both categories
 * and the positions; overlapping segments of one category are united).
 * u_alpha, cu_alpha, and binary_u_alpha[cat] (the |u-alpha of each
 * category against everything else), as in Krippendorff et al. (2016);
 * binary is the |u-alpha of the domain as a whole (any category against
 * the gaps).
 */
struct braid_udomain_result {
	struct braid_rel_value u_alpha, cu_alpha;
	struct braid_rel_value binary;          /* |u-alpha: the domain's segments vs gaps */
	struct braid_rel_value *binary_u_alpha; /* ncat */
	size_t ncat;
};

int braid_unitize_domain(const struct braid_udata *d, struct braid_udomain_result *r,
			 struct braid_err *err);
void braid_udomain_result_release(struct braid_udomain_result *r);

#endif
