/*
 * diff.h - what changed between two texts, in code points, and where a
 * span of the old text lands in the new one.
 *
 * A pure module (no store, no I/O): ingest --replace uses it to carry
 * codings and memos through a corrected transcript; the TUI can use it to
 * show a correction before it is made.
 *
 * The algorithm (src/core/diff.c says why each step is there):
 *  1. both texts are cut into tokens: a word (a run of letters and digits,
 *     Unicode L* and N*), a run of white space, or any other single code
 *     point (punctuation, symbols); a combining mark (M*) never starts a
 *     token, it stays with the code point before it;
 *  2. the common prefix and suffix of tokens are set aside;
 *  3. Myers' O(ND) algorithm (linear-space, middle-snake form) finds a
 *     shortest edit script of tokens for the rest;
 *  4. when that script would be longer than max_edits tokens (inserted plus
 *     deleted), the texts are split at anchors and Myers runs again between
 *     each two of them: anchors are the tokens occurring the same, smallest
 *     number of times k on both sides (k = 1: unique tokens, as in
 *     "patience diff"; a larger k, as in "histogram diff", when every token
 *     repeats), the r-th occurrence paired with the r-th, and of those the
 *     longest chain in the same order on both sides. A stretch between
 *     anchors that is still too costly is split the same way, with counts
 *     taken inside it, up to 8 levels deep; one that has no anchors then
 *     is replaced whole (d->capped tells);
 *  5. an insertion or deletion that could sit at several places (inserting
 *     "very " or " very" into "a good day") is slid to the place where it
 *     starts with a word and ends with white space, when it can;
 *  6. inside each replaced stretch, words that are alike (at least half the
 *     code points of the longer matched, in order, in the other:
 *     "recieved"/"received" 7 of 8, "вчера"/"позавчера" 5 of 9; not
 *     "big"/"large") are paired, the most pairs in order, and each pair is
 *     diffed code point by code point; the rest of the stretch stays
 *     replaced. So "вчера. Юрист помог мне." -> "позавчера." keeps
 *     "вчера" (with "поза" glued on) and deletes the sentence after it.
 *
 * Cost: O(N + M) memory for texts of N and M tokens. The Myers searches
 * take at most O((N + M) * E) token comparisons per level of step 4
 * (E = max_edits; the stretches of one level do not overlap), so at most
 * 9 (N + M) E in all; the anchors cost O(N + M + P log P) per level for P
 * paired tokens; step 6 compares at most 65,536 pairs of words per
 * replaced stretch (a stretch of more tokens than that, old times new,
 * stays replaced whole) and spends at most 1,024 code-point comparisons per
 * code point of the stretch on them (words of up to 64 code points). Measured
 * at -O2: a 550,000-character transcript (one text repeated 15 times, so
 * that few words are unique) with 3,000 scattered corrections takes 50 ms;
 * the same text with its words shuffled (nothing left in place) 0.8 s.
 *
 * The result is a list of hunks: old [a, b) was replaced by new [c, d)
 * (b == a: a pure insertion at a; d == c: a pure deletion). Between hunks
 * the texts are equal. Hunks are in order and never touch: at least one
 * equal code point separates two hunks.
 */
#ifndef BRAID_DIFF_H
#define BRAID_DIFF_H

#include <stddef.h>

#include "braid/err.h"

/* Default cap on a shortest edit script, in tokens inserted plus deleted (step 4). */
#define BRAID_DIFF_MAX_EDITS 2048

struct braid_diff_hunk {
	size_t old_start, old_end; /* [a, b) in the old text, code points */
	size_t new_start, new_end; /* [c, d) in the new text */
	/*
	 * Where the new text glues onto a word: head_word is the end of the
	 * letters and digits (L*, N*, M*) that open [c, d) when the code point
	 * before c is one too (they continue that word), else c; tail_word the
	 * start of those that close [c, d) when the code point at d is one too,
	 * else d. Only a code-point refinement can glue ("вчера" ->
	 * "позавчера": "поза" is glued to the word after it).
	 */
	size_t head_word, tail_word;
};

struct braid_diff {
	struct braid_diff_hunk *hunk;
	size_t nhunks, alloc;
	size_t old_len, new_len; /* code points */
	/*
	 * Set before braid_diff_texts to lower the cap on the edit script
	 * (0: BRAID_DIFF_MAX_EDITS); tests use it to exercise step 4.
	 */
	size_t max_edits;
	/* Set by braid_diff_texts: some stretch was too costly and was replaced whole. */
	int capped;
	/* old_words[p]: letters and digits among the old text's first p code points */
	size_t *old_words;
};

void braid_diff_init(struct braid_diff *d);
void braid_diff_release(struct braid_diff *d);

/*
 * Diffs two texts (valid UTF-8; NUL bytes are code points like any other)
 * into d (init first; earlier hunks are dropped). BRAID_EINVAL when a text is
 * not valid UTF-8; nothing else fails.
 */
int braid_diff_texts(const char *old_text, size_t old_len, const char *new_text, size_t new_len,
		     struct braid_diff *d, struct braid_err *err);

/* Which side of new text that sits at an old boundary a position is mapped to. */
enum braid_diff_side {
	BRAID_DIFF_BEFORE, /* before it: text inserted there is not included */
	BRAID_DIFF_AFTER,  /* after it */
};

/*
 * The new position of old position pos (0 <= pos <= old_len; a boundary
 * between code points). In an equal stretch it is pos shifted by what was
 * inserted and deleted before it. A boundary at either end of a hunk or
 * inside its old text, a <= pos <= b, maps to the start of the hunk's new
 * text, c, with BRAID_DIFF_BEFORE and to its end, d, with BRAID_DIFF_AFTER.
 * Both mappings are monotonic (pos <= q gives map(pos) <= map(q)), and
 * map(pos, BEFORE) <= map(pos, AFTER).
 */
size_t braid_diff_map(const struct braid_diff *d, size_t pos, enum braid_diff_side side);

enum braid_diff_fate {
	BRAID_DIFF_UNCHANGED, /* the same code points, at most shifted */
	BRAID_DIFF_EDITED,    /* some of its code points survive, in an edited text */
	BRAID_DIFF_DELETED,   /* none of its code points survives */
};

/*
 * What happened to the old span [start, end) (start < end <= old_len), and
 * where it is now (*new_start, *new_end; either may be NULL). A code point
 * of the span survives when no hunk's old text holds it.
 *
 *  - unchanged: no hunk's old text overlaps the span, nothing was
 *    inserted strictly inside it (a pure insertion at a with
 *    start < a < end), and nothing glued onto its first or last word.
 *    Other text inserted right at its start or end does not count ("day"
 *    in "a good day" -> "a good day indeed"): the span is the same code
 *    points, [start, end) shifted, and reads the same.
 *  - deleted: none of its letters and digits (L*, N*) survives, or, for a
 *    span without any, none of its code points; even if other text now
 *    stands where it was (a span on "big" in "big house" -> "large house"
 *    is deleted: it is never moved onto words that were not coded), and
 *    even if a space or full stop of it is still there.
 *  - edited: otherwise. The new span runs from the first to the last of:
 *    the surviving code points, and the new text of every hunk whose old
 *    text lies inside the span (so "was happy" -> "was glad" stays whole,
 *    and text inserted strictly inside is included), except pure
 *    insertions at its start or end. New text of a hunk that straddles the
 *    span's start or end (its old text partly in, partly out) is left out:
 *    the span shrinks to what survives. Where new text right before its
 *    start (after its end) glues onto its first (last) word, the span
 *    takes in the glued letters: "вчера" -> "позавчера", "help" ->
 *    "helped" (see head_word, tail_word). The new span is never empty.
 *
 * For a deleted span *new_start and *new_end are both where it was
 * (map(start, BEFORE)).
 */
enum braid_diff_fate braid_diff_span(const struct braid_diff *d, size_t start, size_t end,
				     size_t *new_start, size_t *new_end);

#endif
