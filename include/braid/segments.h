/*
 * segments.h - the segments coded with a code, written for reading: as text
 * (`braid retrieve`) and as the Markdown of a paper's appendix (`braid
 * retrieve --format md`). Fed by braid_codings_each, written as they come to
 * a FILE * the client hands over, so memory does not grow with the number
 * of segments. (As a listing, in a table, JSON, CSV or TSV, they are the
 * codings of columns.h.)
 */
#ifndef BRAID_SEGMENTS_H
#define BRAID_SEGMENTS_H

#include <stddef.h>
#include <stdio.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/err.h"
#include "braid/store.h"
#include "braid/table.h"

enum braid_segments_form {
	/*
	 * Per segment a header line, "DOC #TURN SPEAKER (CASE) [START-END] CODER"
	 * (with f->children, the segment's code in brackets after it), then its
	 * text indented by four spaces; a blank line between segments. Nothing at
	 * all when there are none (the client says so as it sees fit).
	 */
	BRAID_SEGMENTS_TEXT,
	/*
	 * "## Code name", its definition, then "### DOC" before the first segment
	 * of each document and each segment as a block quote followed by
	 * "> — SPEAKER (CASE), turn N, code points START-END, coded by CODER"
	 * (with f->children, "as *Code name*" after it). With no segments, a
	 * line saying so after the heading.
	 */
	BRAID_SEGMENTS_MD,
};

/*
 * Writes the segments the filter selects (f->code is the code's id; code is
 * that code, for the Markdown heading) in document and position order to
 * out; *n (may be NULL) gets their number.
 */
int braid_segments_write(struct braid_store *st, const struct braid_coding_filter *f,
			 const struct braid_code_node *code, enum braid_segments_form form,
			 FILE *out, size_t *n, struct braid_err *err);

/*
 * ---- the segments sheet (segexport.c; braid export segments) ----
 *
 * One row per coding (rejected ones left out), as braid_codings_each
 * gives them (their text read as retrieval reads it, never a document's
 * whole text per row): id, doc, case, speaker, role, turn, the turn's
 * start_ms and end_ms (null when the transcript has no times), start and
 * end (code points), code (its id), code_path (names from the top, "Parent
 * > Child"), coder, origin, status, text, memo, then one column per survey
 * variable joined through the segment's case (quantitize.h's values). The
 * table shows #id, doc, #turn, case, the path, coder and the text cut to
 * 50.
 *
 * Filters: code (its codings and its sub-codes'), theme (the codings of
 * its codes and of its live sub-themes' codes, code by code), coder.
 */
struct braid_segtable_opts {
	const char *code, *theme, *coder; /* NULL: any */
	const char *const *vars;          /* survey variables, by name */
	size_t nvars;
};

struct braid_segtable;

/* Resolves the filters and the variables (errors name what is missing). */
int braid_segtable_open(struct braid_store *st, const struct braid_segtable_opts *opts,
			struct braid_segtable **out, struct braid_err *err);
/* The listing (its columns built for the variables asked); owned by t. */
const struct braid_listing *braid_segtable_listing(const struct braid_segtable *t);
/* fn for each row, its values v[listing->ncols] borrowed for the call. */
int braid_segtable_each(struct braid_segtable *t,
			int (*fn)(const struct braid_value *v, void *ctx), void *ctx,
			struct braid_err *err);
void braid_segtable_free(struct braid_segtable *t);

#endif
