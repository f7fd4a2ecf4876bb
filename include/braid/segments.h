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

#endif
