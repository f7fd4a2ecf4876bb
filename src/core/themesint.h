/*
 * themesint.h - the segments themes.c counts, for the other counts that
 * must follow the same rule (cooccur.c): which codings are evidence
 * (accepted, of every coder or one), a theme's codes (its own and its live
 * sub-themes'), the turn and case a segment starts in.
 */
#ifndef BRAID_THEMESINT_H
#define BRAID_THEMESINT_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"

/* One segment of a target in the document being walked. */
struct wseg {
	size_t target;
	int64_t start, end, coding, code, turn, case_id; /* turn, case_id: 0 when none */
};

/*
 * Walks the documents in name order; for each with segments of the
 * targets, fn(doc, seg, nseg): its segments sorted by target, start and
 * end, each target's span once. ids[i] is target i: a theme (its codes and
 * its live sub-themes') or, with codes, a code (its own codings). An
 * unknown coder is an error, as for prevalence.
 */
int braid_themes_segments(struct braid_store *st, int codes, const int64_t *ids, size_t n,
			  const char *coder,
			  int (*fn)(int64_t doc, const struct wseg *seg, size_t nseg, void *ctx),
			  void *ctx, struct braid_err *err);

#endif
