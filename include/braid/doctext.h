/*
 * doctext.h - reading spans of a document's text without the whole document.
 *
 * A document's text is not stored whole (store.h): it is the rendering of
 * its turns in order of their start, each turn "Label: utterance" ("(text)",
 * BRAID_PSEUDO_SPEAKER, has no label), a blank line between two turns. Every
 * stored position is a code-point offset into that rendering, and a turn's
 * start/end are those of its utterance.
 *
 * A reader fetches only the turns a span touches, found through the turns'
 * (doc_id, start_cp) index, and keeps them while they are still needed, with
 * a code-point cursor in each: a run of spans whose starts do not go back (a
 * document's codings in span order) costs the text it touches, never the
 * whole document per span. Going back costs a seek and the text of the turn
 * sought again. Memory holds the turns between the current start and the
 * furthest end asked for, so it is that of the longest span, or the longest
 * turn.
 *
 * A document without turns has an empty text: its spans are "" and no
 * position has a turn, as braid_corpus_text_of renders it.
 *
 * Strings handed out are borrowed: valid until the next call on the reader.
 */
#ifndef BRAID_DOCTEXT_H
#define BRAID_DOCTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"

struct braid_doctext;

/* The turn at a position: its number, speaker and case. */
struct braid_doctext_turn {
	int64_t id;                /* 0: no turn (the position is before the first utterance) */
	int64_t idx;               /* its number in the document, from 1 */
	int64_t start, end;        /* its utterance, in code points */
	const char *speaker, *role;
	const char *case_name;     /* its case (braid_turn_case, corpus.h); NULL if none */
	int64_t case_id;           /* the id of that case, 0 if none */
};

/* A reader on the project; it reads nothing until braid_doctext_open. */
struct braid_doctext *braid_doctext_new(struct braid_store *st);
void braid_doctext_free(struct braid_doctext *dt);

/* Points the reader at a document (forgetting the turns of the previous one). */
int braid_doctext_open(struct braid_doctext *dt, int64_t doc_id, struct braid_err *err);

/* Length of the open document's text in code points. */
int64_t braid_doctext_chars(const struct braid_doctext *dt);

/*
 * The text of [start, end) of the open document, labels and blank lines
 * between turns included: *text and *len (bytes) are borrowed. Inside one
 * utterance the text is not copied. BRAID_EINVAL when the span is empty or
 * outside the text; BRAID_EDB when the turns do not add up to their offsets
 * (a damaged document).
 */
int braid_doctext_span(struct braid_doctext *dt, int64_t start, int64_t end, const char **text,
		       size_t *len, struct braid_err *err);

/*
 * The turn a span starting at pos belongs to: the last turn whose utterance
 * starts at or before pos (so a position in a turn's label or in the blank
 * line before it belongs to the turn before). out->id is 0 when there is
 * none; its case is then the document's. Its strings are borrowed.
 */
int braid_doctext_turn_at(struct braid_doctext *dt, int64_t pos, struct braid_doctext_turn *out,
			  struct braid_err *err);

/* Where a position lies in the rendering of a document's turns. */
enum braid_doctext_place {
	BRAID_PLACE_UTTERANCE, /* in a turn's utterance: what was said */
	BRAID_PLACE_LABEL,     /* in the "Label: " in front of it */
	BRAID_PLACE_GAP,       /* in the blank line between the turn before and it */
};

/*
 * Where position pos (0 <= pos < chars) lies: *place, and in *out the turn
 * whose rendering holds it: the turn of the utterance or of the label, or
 * the turn after the blank line. Only utterances are speech: coding by
 * exact text or by range (coding.h) uses this to leave labels and blank
 * lines out. BRAID_EINVAL for a position outside the text (every position
 * of a document without turns is). Its strings are borrowed.
 */
int braid_doctext_place(struct braid_doctext *dt, int64_t pos, enum braid_doctext_place *place,
			struct braid_doctext_turn *out, struct braid_err *err);

#endif
