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
 * docs/agreement.md; tests/unit/test_unitize.c checks them against the
 * published worked examples.
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
 */
struct braid_ucode_result {
	struct braid_rel_value alpha_u;           /* Krippendorff's alpha_U for the category */
	struct braid_rel_value percent_agreement; /* NVivo: (both + neither) / total, two coders */
	struct braid_rel_value cohen_kappa;       /* NVivo: kappa on those character counts */
	int64_t both, one_only, neither, total;   /* character counts (two coders; else 0) */
};

int braid_unitize_code(const struct braid_udata *d, size_t cat, struct braid_ucode_result *r,
		       struct braid_err *err);

/*
 * A semantic domain: every category in d together, which must not overlap
 * within one coder (an error names the coder, the continuum, both categories
 * and the positions). u_alpha, cu_alpha, and binary_u_alpha[cat] (the
 * |u-alpha of each category), as in Krippendorff et al. (2016).
 */
struct braid_udomain_result {
	struct braid_rel_value u_alpha, cu_alpha;
	struct braid_rel_value *binary_u_alpha; /* ncat */
	size_t ncat;
};

int braid_unitize_domain(const struct braid_udata *d, struct braid_udomain_result *r,
			 struct braid_err *err);
void braid_udomain_result_release(struct braid_udomain_result *r);

#endif
