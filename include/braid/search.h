/*
 * search.h - finding text in a project: full-text queries on the FTS5 index
 * of turns, or PCRE2 regular expressions over the turn texts. Each hit is
 * handed to a callback with its turn and position; braid_kwic cuts
 * keyword-in-context left and right contexts from it.
 *
 * What matches what is the tokenizer's business (tokenizer.h): case,
 * diacritics (Latin, Greek, Cyrillic: "Jose" finds "José", "уз" finds "ўз")
 * and the apostrophe forms (' ‘ ’ ʻ ʼ `) are folded; hyphens separate.
 */
#ifndef BRAID_SEARCH_H
#define BRAID_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "braid/corpus.h"
#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

/*
 * Filters name things that must exist: an unknown document is
 * BRAID_ENOTFOUND with the names near it (braid_doc_find: a name or the
 * file a document was read from), so is a speaker label that no searched
 * document has (labels compare case-folded: "p001" is "P001"), and a role
 * outside the vocabulary is BRAID_EINVAL; all before the first hit.
 */
struct braid_search_opts {
	int regex;           /* query is a PCRE2 pattern (UTF, UCP, caseless unless case_sensitive) */
	int case_sensitive;  /* for regex only; FTS5 matching is always caseless */
	const char *doc;     /* only this document */
	const char *speaker; /* only turns of this speaker label (any case) */
	const char *role;    /* only turns whose speaker answers this role (braid_role_matches) */
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
 * Everything that can be wrong with the query or the filters is found
 * before the first hit is handed out: a query braid_search_fts_query
 * refuses, or a regex PCRE2 cannot compile, gives BRAID_EINVAL with the
 * reason (and the offset inside the pattern for a regex). A regex that hits
 * a PCRE2 resource limit on a turn (match limit 10,000,000, depth limit
 * 1,000,000, JIT stack 4 MB) ends the search with BRAID_EINVAL naming the
 * document and turn, after the hits before it.
 */
int braid_search(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		 braid_hit_cb cb, void *ctx, struct braid_err *err);

/*
 * Translates a search query into FTS5 syntax, appended to out (docs/cli.md,
 * "Search queries", has the rule with examples):
 *  - a plain word, anything up to white space, a quote or a parenthesis, is
 *    searched as the word it is: it becomes a quoted phrase, which the
 *    tokenizer splits ("legal-aid" -> "legal aid", "3.5" -> "3 5", "what?"
 *    -> "what", "don't" and "bo‘lib" one token each); a '*' at its end
 *    makes its last token a prefix ("bo'l*"); a word with no letter or digit
 *    ("?", "--") is left out;
 *  - "a quoted phrase" (with "" for a quote inside) is passed as it is, and
 *    so is a '*' right after it;
 *  - AND, OR, NOT (in capitals, standing alone), ( ) and NEAR(words, N)
 *    keep their FTS5 meaning; words side by side must all occur (AND);
 *  - a query FTS5 would refuse is BRAID_EINVAL with what to do: an
 *    unbalanced quote or parenthesis, an operator without a word on each
 *    side ("a NOT b"), an empty ( ), a malformed NEAR(...), parentheses
 *    more than 10 deep (FTS5's parser stack), or no word at all. Nothing
 *    is appended then.
 */
int braid_search_fts_query(const char *query, struct strbuf *out, struct braid_err *err);

/*
 * Keyword in context: appends to left the up to `width` code points before
 * the hit and to right the up to `width` after it, inside text, with line
 * breaks and tabs shown as spaces.
 */
void braid_kwic(const char *text, size_t len, size_t hit_start, size_t hit_end, size_t width,
		struct strbuf *left, struct strbuf *right);

/*
 * The hit text[hit_start, hit_end) as the keyword-in-context line shows it,
 * appended to out: on one line (line breaks and tabs as spaces) and, when
 * it is longer than `width` code points (at least BRAID_KWIC_HIT_MIN), cut
 * to its first and last code points around "...", `width` in all. (A regex
 * hit can be a whole turn; the data formats keep it whole.)
 */
#define BRAID_KWIC_HIT_MIN 20
void braid_kwic_hit(const char *text, size_t hit_start, size_t hit_end, size_t width,
		    struct strbuf *out);

#endif
