/*
 * search.h - finding text in a project: full-text queries on the FTS5 index
 * of turns (unicode61 tokens, diacritics removed, so "Jose" finds "José"),
 * or PCRE2 regular expressions over the turn texts. Each hit is handed to a
 * callback with its turn and position; braid_kwic cuts keyword-in-context
 * left and right contexts from it.
 */
#ifndef BRAID_SEARCH_H
#define BRAID_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "braid/corpus.h"
#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

struct braid_search_opts {
	int regex;           /* query is a PCRE2 pattern (UTF, UCP, caseless unless case_sensitive) */
	int case_sensitive;  /* for regex only; FTS5 matching is always caseless */
	const char *doc;     /* only this document */
	const char *speaker; /* only turns of this speaker label */
	const char *role;    /* only turns whose speaker answers to this role (braid_role_matches) */
	size_t limit;        /* stop after this many hits; 0 = all */
};

/* One hit. turn.text is the whole utterance; the hit is bytes [hit_start, hit_end) in it. */
struct braid_hit {
	const struct braid_turn_row *turn;
	size_t hit_start, hit_end;
	int64_t doc_start, doc_end; /* the hit as code-point offsets into the document text */
};

typedef int (*braid_hit_cb)(const struct braid_hit *hit, void *ctx);

/*
 * Runs the query; hits come in document name, turn and position order.
 * A malformed FTS5 query or regex gives BRAID_EINVAL with the reason
 * (and the offset inside the pattern for a regex).
 */
int braid_search(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		 braid_hit_cb cb, void *ctx, struct braid_err *err);

/*
 * Keyword in context: appends to left the up to `width` code points before
 * the hit and to right the up to `width` after it, inside text, with line
 * breaks and tabs shown as spaces.
 */
void braid_kwic(const char *text, size_t len, size_t hit_start, size_t hit_end, size_t width,
		struct strbuf *left, struct strbuf *right);

#endif
