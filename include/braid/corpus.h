/*
 * corpus.h - reading what a project holds: documents, speakers, turns and
 * cases. Listings hand each row to a callback; the strings in a row are
 * borrowed and valid only during the call. A callback returning non-zero
 * stops the listing and that value is returned.
 */
#ifndef BRAID_CORPUS_H
#define BRAID_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

/* Label of the one speaker of a document without speakers. */
#define BRAID_PSEUDO_SPEAKER "(text)"

struct braid_doc_row {
	int64_t id;
	const char *guid;
	const char *name, *kind, *format, *source, *language, *imported;
	const char *case_name; /* NULL when the document is not linked to a case */
	int64_t turns, speakers, words, chars;
};

struct braid_speaker_row {
	int64_t id;
	const char *doc, *label, *role;
	const char *case_name; /* NULL when not linked */
	int64_t turns, words;
};

struct braid_turn_row {
	int64_t id, idx;
	const char *doc, *speaker, *role;
	const char *case_name;  /* its case (braid_turn_case), else NULL */
	int64_t start, end;     /* code-point offsets into the document text */
	int64_t start_ms, end_ms; /* BRAID_NO_TIME (INT64_MIN) when unknown */
	int64_t words;
	const char *text;       /* the utterance */
	size_t text_len;        /* in bytes */
};

struct braid_case_row {
	int64_t id;
	const char *guid;
	const char *name;
	int64_t docs, speakers, turns, words;
};

/*
 * The case a turn belongs to. One rule, applied by every listing and count
 * that names or filters by a turn's case (show, speakers, cases, code ls
 * --case, retrieve, stats codes --by case, search, autocode's preview):
 *  - an interviewer's or moderator's turn belongs to no case, even when its
 *    speaker or its document is linked to one: they ask the questions, and
 *    their words are not the participant's data;
 *  - any other turn (a participant's, the unlabelled text of the
 *    pseudo-speaker) belongs to its speaker's case, else to its document's,
 *    else to none.
 * role is the speaker's role (NULL: no turn, a position before the first
 * utterance: the document's case); the flags say which of the two cases
 * exist. TURN_CASE_SQL (db.h) is the same rule in SQL.
 */
enum braid_case_of { BRAID_CASE_NONE, BRAID_CASE_SPEAKER, BRAID_CASE_DOC };

enum braid_case_of braid_turn_case(const char *role, int speaker_has_case, int doc_has_case);

typedef int (*braid_doc_cb)(const struct braid_doc_row *row, void *ctx);
typedef int (*braid_speaker_cb)(const struct braid_speaker_row *row, void *ctx);
typedef int (*braid_turn_cb)(const struct braid_turn_row *row, void *ctx);
typedef int (*braid_case_cb)(const struct braid_case_row *row, void *ctx);

/*
 * Finds a document by its name, else by the file it was read from (the path
 * as given to ingest, or just its file name: "P001-interview.txt").
 * BRAID_ENOTFOUND "no document 'x'"; BRAID_EINVAL when a file name is that
 * of several documents.
 */
int braid_doc_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err);

/* Documents in name order. */
int braid_corpus_docs(struct braid_store *st, braid_doc_cb cb, void *ctx, struct braid_err *err);

/* One document by name; BRAID_ENOTFOUND if there is none. */
int braid_corpus_doc(struct braid_store *st, const char *name, braid_doc_cb cb, void *ctx,
		     struct braid_err *err);

/* Speakers of one document (doc != NULL) or of all, in document then first-turn order. */
int braid_corpus_speakers(struct braid_store *st, const char *doc, braid_speaker_cb cb, void *ctx,
			  struct braid_err *err);

/* Turns of a document in order, optionally only those of one speaker label. */
int braid_corpus_turns(struct braid_store *st, const char *doc, const char *speaker,
		       braid_turn_cb cb, void *ctx, struct braid_err *err);

/* Cases in name order with what links to them. */
int braid_corpus_cases(struct braid_store *st, braid_case_cb cb, void *ctx, struct braid_err *err);

/*
 * Appends the text of a document to out: the rendering of its turns
 * ("Label: utterance", turns separated by a blank line; store.h), into
 * which every stored position points.
 */
int braid_corpus_text(struct braid_store *st, const char *doc, struct strbuf *out,
		      struct braid_err *err);
int braid_corpus_text_of(struct braid_store *st, int64_t doc_id, struct strbuf *out,
			 struct braid_err *err);

#endif
