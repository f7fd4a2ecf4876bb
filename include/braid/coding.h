/*
 * coding.h - codings (a code applied by a coder to a span of a document),
 * memos, retrieval of coded segments, and counts.
 *
 * Spans are code-point offsets into documents.text, start included, end
 * excluded (store.h). Every coding records its coder, time, origin (manual,
 * auto, reconciled), status (accepted; pending for autocoded ones until a
 * coder accepts or rejects them) and an optional memo. Overlapping and nested
 * codings are allowed; an exact duplicate (same document, span, code and
 * coder) is not created twice.
 */
#ifndef BRAID_CODING_H
#define BRAID_CODING_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "braid/text.h"

/*
 * ---- spans: the ways a coder points at text ----
 *
 * Only what is said is coded: the speaker labels and the blank lines
 * between turns are part of the document's text (store.h), but never of a
 * span these functions hand out. A span is inside one utterance, so that a
 * coding's text, words and quote hold no label and its speaker and case are
 * those of the one turn it is in; text that runs over several turns is
 * handed out as one span per utterance. braid_coding_add itself takes any
 * span of the text (an import may bring one that crosses turns).
 */

/* Turns n..m (1-based, inclusive) of a document: from the start of n's utterance to the end of m's. */
int braid_span_turns(struct braid_store *st, const char *doc, int64_t n, int64_t m, int64_t *start,
		     int64_t *end, struct braid_err *err);

/* Sentence n (1-based) of a document, counted over its turns in order. */
int braid_span_sentence(struct braid_store *st, const char *doc, int64_t n, int64_t *start,
			int64_t *end, struct braid_err *err);

/* Checks that [start, end) lies inside the document's text and is not empty. */
int braid_span_check(struct braid_store *st, const char *doc, int64_t start, int64_t end,
		     struct braid_err *err);

/*
 * The speech in [start, end) of a document: calls cb with the part of it in
 * each utterance it touches, in order (one call for a span inside one
 * turn; turns n..m of braid_span_turns give one call per turn). A start or
 * an end (its last code point) in a speaker label or in the blank line
 * between turns is refused (BRAID_EINVAL), naming the label and the
 * offsets of the utterances around it, rather than trimmed: offsets that
 * land in a label were most likely counted on another text (one without
 * labels, say), and trimming would code the wrong words without a word.
 * A non-zero value from cb stops the walk and is returned.
 */
int braid_span_speech(struct braid_store *st, const char *doc, int64_t start, int64_t end,
		      int (*cb)(int64_t start, int64_t end, void *ctx), void *ctx,
		      struct braid_err *err);

/* Occurrences braid_span_match left out because they are not in what is said. */
struct braid_match_skips {
	size_t labels; /* inside a speaker label (or the blank line in front of it) */
	size_t across; /* partly in a label: running into or out of one, or across turns */
};

/*
 * Occurrences of an exact text (after NFC) in the utterances of a document:
 * calls cb with each span, the first only unless all is set. Occurrences
 * not inside one utterance are skipped and counted in *skipped (may be
 * NULL). Occurrences do not overlap; a skipped one does not hide one in
 * speech that overlaps it. BRAID_ENOTFOUND when there is none in speech
 * (the message says how many were skipped).
 */
int braid_span_match(struct braid_store *st, const char *doc, const char *text, int all,
		     int (*cb)(int64_t start, int64_t end, void *ctx), void *ctx,
		     struct braid_match_skips *skipped, struct braid_err *err);

/* ---- codings ---- */

struct braid_coding_new {
	const char *doc;
	int64_t start, end;
	const char *code;  /* id or name */
	const char *coder; /* created if new */
	const char *origin;/* "manual" (default when NULL), "auto" or "reconciled" */
	const char *memo;  /* may be NULL */
};

/* Adds a coding; *created is 0 when the same one was already there (its id is returned). */
int braid_coding_add(struct braid_store *st, const struct braid_coding_new *c, int64_t *id,
		     int *created, struct braid_err *err);

/* Appends "#12: P001-interview [10-40] 'legal-aid' by amina, manual accepted". */
int braid_coding_describe(struct braid_store *st, int64_t id, struct strbuf *out,
			  struct braid_err *err);

/*
 * Removes a coding by id, with the memos on it and the exemplar quotes that
 * chose it (*memos, *quotes: how many, either may be NULL), and notes it in
 * the change. Undo brings them all back.
 */
int braid_coding_rm(struct braid_store *st, int64_t id, size_t *memos, size_t *quotes,
		    struct braid_err *err);

/*
 * The same without a note, for callers that word the change themselves
 * (ingest --replace removing the codings whose text was deleted): the memos
 * on the coding and its quotes first, then the coding, so that the change
 * record holds every row. BRAID_ENOTFOUND when there is no such coding.
 */
int braid_coding_delete(struct braid_store *st, int64_t id, size_t *memos, size_t *quotes,
			struct braid_err *err);

/*
 * Folds coding `from` into coding `into` when they have come to be the same
 * span, code and coder (two spans a correction made one), without a note:
 * the memos on `from` move to `into` (*memos: how many, may be NULL), its
 * memo text is appended to `into`'s unless already there, `into` takes the
 * more settled status of the two (accepted, else pending, else rejected),
 * and `from` is removed. `into` keeps its id, origin and time.
 */
int braid_coding_fold(struct braid_store *st, int64_t from, int64_t into, size_t *memos,
		      struct braid_err *err);

/*
 * Codings of one document carried to new spans when its text changed
 * (ingest --replace, a speaker's new label): the caller says where each one
 * goes, or that its words are gone.
 */
struct braid_coding_move {
	int64_t id, code_id, coder_id;
	int64_t start, end; /* where it is */
	int64_t ns, ne;     /* where it goes (unused when deleted) */
	int deleted;        /* its words are gone: it is removed */
	int64_t into;       /* set by braid_coding_moves_fold: the coding it is folded into */
	size_t memos, quotes; /* set by braid_coding_moves_apply: removed with it, or (folded) memos moved */
};

/* The codings of a document, by id, each to go where it is (ns, ne = start, end). */
int braid_coding_moves_load(struct braid_store *st, int64_t doc_id, struct braid_coding_move **v,
			    size_t *n, struct braid_err *err);

/*
 * Marks the codings that come to one span with the same code and coder:
 * each such group becomes its oldest coding (the smallest id), the others
 * get `into` (the unique key allows one). Writes nothing.
 */
void braid_coding_moves_fold(struct braid_coding_move *v, size_t n);

/*
 * Writes the moves, in two chunks of the open change: first the deleted
 * codings are removed (with their memos and quotes), the folded ones
 * folded (braid_coding_fold) and every moving one parked on a span no other
 * coding can hold (negative, unique to its id); then each moving one goes
 * to its new span. So no move meets another coding's old span, and undo
 * passes through the parked state too. No note: the caller words it.
 */
int braid_coding_moves_apply(struct braid_store *st, struct braid_coding_move *v, size_t n,
			     struct braid_err *err);


/*
 * Sets a coding's status to "accepted" or "rejected". A coding already in
 * that status is left alone (*changed 0, may be NULL): no change is logged.
 */
int braid_coding_review(struct braid_store *st, int64_t id, const char *status, int *changed,
			struct braid_err *err);

struct braid_coding_filter {
	const char *doc, *code, *coder, *case_name, *origin, *status; /* NULL: any */
	/*
	 * Only codings that start in a turn whose speaker answers to this role
	 * (braid_role_matches: "interviewer" takes moderators too, "participant"
	 * the unlabelled text); their case is braid_turn_case's (corpus.h).
	 */
	const char *role;
	int children;        /* with code: include the codes below it */
	int include_rejected;/* rejected codings are left out unless this is set, or status names them */
};

struct braid_coding_row {
	int64_t id;
	const char *guid;
	const char *doc, *code, *code_name, *coder, *origin, *status, *memo, *created;
	int64_t start, end;
	const char *text;      /* the coded text */
	size_t text_len;
	const char *speaker, *role, *case_name; /* of the turn where the span starts; may be NULL */
	int64_t turn;          /* that turn's number, 0 if none */
	int64_t words;
};

typedef int (*braid_coding_cb)(const struct braid_coding_row *row, void *ctx);

/* A growable list of ids. */
struct braid_ids {
	int64_t *v;
	size_t n, alloc;
};
void braid_ids_add(struct braid_ids *ids, int64_t id);
void braid_ids_release(struct braid_ids *ids);
/*
 * Sorts the ids and appends them as compact ranges, "#3-5, #9"; with max
 * > 0, stops after about max bytes with ", ...".
 */
void braid_ids_ranges(struct braid_ids *ids, size_t max, struct strbuf *out);

/*
 * Reviews every coding the filter selects, in one statement: status is
 * "accepted" or "rejected"; codings already in it are left alone. changed
 * (may be NULL) receives the ids of the codings it changed. Names in the
 * filter that do not exist are errors, and then nothing changes.
 */
int braid_codings_review(struct braid_store *st, const struct braid_coding_filter *f,
			 const char *status, struct braid_ids *changed, struct braid_err *err);

/*
 * Codings matching the filter, in document, start, code order. A name in
 * the filter that does not exist (document, code, coder, case, origin,
 * status) is an error, not an empty listing.
 */
int braid_codings_each(struct braid_store *st, const struct braid_coding_filter *f,
		       braid_coding_cb cb, void *ctx, struct braid_err *err);

/*
 * An in-vivo code's name from the coded words (len bytes of UTF-8): on one
 * line, without the quotes and punctuation around them, cut to about 60
 * characters at a word boundary. Appends nothing when no words are left.
 */
void braid_in_vivo_name(const char *s, size_t len, struct strbuf *out);

/* ---- memos ---- */

struct braid_memo_row {
	int64_t id;
	const char *guid;
	const char *target, *target_ref; /* "project", "doc" + name, "code" + slug, "segment" + id,
					    "theme" + slug */
	const char *coder, *text, *created;
	const char *kind; /* analytic, familiarisation or reflexive */
	int phase;        /* the phase it was written in, 0 when unknown (older projects) */
};

/*
 * Adds a memo. on: "project", "doc:NAME", "code:ID-OR-NAME", "segment:N"
 * (a coding id) or "theme:ID-OR-NAME". The target must exist. kind: a
 * memo kind (vocab.h: analytic, familiarisation, reflexive), NULL for
 * analytic. The memo records the phase it is written in.
 */
int braid_memo_add(struct braid_store *st, const char *on, const char *kind, const char *coder,
		   const char *text, int64_t *id, struct braid_err *err);

/* Replaces a memo's text (undoable like every change). A memo left as it was is no change. */
int braid_memo_edit(struct braid_store *st, int64_t id, const char *text, struct braid_err *err);
/* Removes a memo. */
int braid_memo_rm(struct braid_store *st, int64_t id, struct braid_err *err);

/* Memos, oldest first; on (same syntax) restricts them to one target, kind to one kind. */
int braid_memos_each(struct braid_store *st, const char *on, const char *kind,
		     int (*cb)(const struct braid_memo_row *row, void *ctx), void *ctx,
		     struct braid_err *err);

/* ---- coders ---- */

struct braid_coder_row {
	const char *name, *created, *guid;
	int64_t codings; /* not rejected */
	int64_t codes;   /* codes this coder made */
	int64_t memos;
};

/* Coders in name order with what each has done. */
int braid_coders_each(struct braid_store *st,
		      int (*cb)(const struct braid_coder_row *row, void *ctx), void *ctx,
		      struct braid_err *err);

/* ---- counts ---- */

enum braid_stats_by { BRAID_BY_NONE, BRAID_BY_DOC, BRAID_BY_CASE, BRAID_BY_CODER };

struct braid_stats_row {
	const char *code, *code_name;
	int depth;
	const char *group;   /* document, case or coder; NULL with BRAID_BY_NONE */
	int64_t segments, words, docs, cases;
};

/* braid_code_stats flags */
enum {
	/*
	 * Each code's figures take in the codings of the codes below it: its
	 * segments are the distinct (span, coder) pairs coded with it or any
	 * descendant (a span coded with a parent and a child by one coder is
	 * one segment), its words those of the union of those spans (counted
	 * once), its documents and cases those any of them come from. A code
	 * without codings of its own then has a row when its descendants have.
	 */
	BRAID_STATS_ROLLUP = 1,
};

/*
 * Per code (tree order), optionally per group: segments (codings; with
 * rollup, see above), words coded (the union of the code's spans, overlaps
 * counted once), documents and cases. Rejected codings are not counted.
 */
int braid_code_stats(struct braid_store *st, enum braid_stats_by by, unsigned flags,
		     int (*cb)(const struct braid_stats_row *row, void *ctx), void *ctx,
		     struct braid_err *err);

#endif
