/*
 * cooccur.h - co-occurrence of codes or themes: for every pair, how many
 * units hold both, how many hold each, and their Jaccard index
 * (`braid export cooccur`, docs/export.md).
 *
 * The segments are prevalence's (themes.h, docs/workflow.md): accepted
 * codings, of every coder or of one; a theme's segments are the codings of
 * its codes and of its live sub-themes' codes; a code's are its own
 * codings (not its sub-codes'); a span (document, start, end) is one
 * segment however many of the item's codes or coders coded it. Codings in
 * any speaker's turn count, as prevalence's segments do. The items are the
 * active codes in tree order, or the themes in play (not discarded or
 * merged) in tree order.
 *
 * The units, for a pair (a, b):
 *  - doc: the documents; a document has a when one of a's segments is in it.
 *  - turn: the turns; a turn has a when one of a's segments starts in it
 *    (the turn the span reader places its start in: a label or the blank
 *    line before a turn belongs to that turn).
 *  - segment: the passages of the pair: in each document, a's and b's
 *    segments joined where they overlap (share at least one character;
 *    touching is not overlapping), chains included: each joined group is
 *    one passage, holding a, b or both. A span coded with both is one
 *    passage with both. So `both` counts the places where a and b overlap
 *    (one per overlapping pair of segments, unless a third segment chains
 *    two pairs together), and n_a the passages with a: a's segments, less
 *    those joined to another of a's segments by overlapping it or by one of
 *    b's overlapping both. n_a and n_b may then differ from pair to pair.
 * both = the pair's units with both; n_a, n_b = its units with a, with b;
 * Jaccard = |A and B| / |A or B| = both / (n_a + n_b - both), 0 when no
 * unit holds either.
 *
 * Themes above or below each other are counted like any pair: a theme
 * holds its sub-themes' codes, so its pairs with them say how much of it
 * they make up.
 *
 * The result owns everything in it; braid_cooccur_release frees it.
 */
#ifndef BRAID_COOCCUR_H
#define BRAID_COOCCUR_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/table.h"
#include "braid/vocab.h"

struct braid_cooccur_opts {
	enum braid_cooccur_unit unit;
	int themes;	   /* themes instead of codes */
	const char *coder; /* that coder's accepted codings only; NULL: every coder's */
};

struct braid_cooccur {
	enum braid_cooccur_unit unit;
	int themes;
	size_t n;	      /* the items, tree order */
	char **slugs, **names;
	int64_t *both;	      /* n x n, row-major: units with both; the diagonal, units with each */
	int64_t *with;	      /* n x n: with[a * n + b], the units of pair (a, b) with a */
};

/* Counts every pair into m (zeroed first). An unknown coder is an error. */
int braid_cooccur(struct braid_store *st, const struct braid_cooccur_opts *o,
		  struct braid_cooccur *m, struct braid_err *err);
void braid_cooccur_release(struct braid_cooccur *m);

/* Jaccard of items a and b (a != b): both / (n_a + n_b - both), 0 when both are absent. */
double braid_cooccur_jaccard(const struct braid_cooccur *m, size_t a, size_t b);

/*
 * The long form: one row per pair a before b in tree order (n (n - 1) / 2
 * rows, pairs with nothing in common too): a, b (ids), a_name, b_name,
 * both, n_a, n_b, jaccard; the table shows the names and the figures, the
 * Jaccard index to three decimals.
 */
extern const struct braid_listing braid_cooccur_listing;
/* Values of the pair (a, b) into row (made for braid_cooccur_listing). */
void braid_cooccur_values(const struct braid_cooccur *m, size_t a, size_t b,
			  struct braid_row *row);

#endif
