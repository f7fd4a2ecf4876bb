/*
 * curate.h - correcting what an ingest made: removing and renaming
 * documents, setting a speaker's role, case or label (and merging two labels
 * of one person, such as "INT" and "Interviewer"), renaming and merging
 * cases.
 *
 * Each call runs inside the caller's open change (braid_store_begin ...
 * braid_store_commit) and says what it did with braid_change_note, so that
 * one command is one change in the log and `braid undo` restores it exactly.
 * Nothing relies on a foreign-key cascade: every row that depends on what is
 * removed or changed is removed or changed explicitly, so that the change
 * record holds it.
 *
 * Cases left without anything. A case is made by ingest for the documents and
 * speakers linked to it (--case, the case map, a focus group's participants);
 * nothing else refers to cases yet. When a call leaves a case with no
 * document and no speaker linked to it (the document removed, a speaker's
 * case changed or dropped, a case merged into another), the case is removed
 * too and the call says so: it would otherwise stay in `braid cases` with
 * nothing in it. Undo brings it back with its id and GUID.
 *
 * Strings in reports belong to the report; release it.
 */
#ifndef BRAID_CURATE_H
#define BRAID_CURATE_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"

/* ---- documents ---- */

struct braid_doc_removal {
	char *name;                       /* the document's name */
	size_t turns, speakers;
	size_t codings;                   /* its codings, every status */
	size_t memos;                     /* memos on the document and on its codings */
	char **cases;                     /* cases removed with it (nothing else was linked) */
	size_t ncases;
};

void braid_doc_removal_release(struct braid_doc_removal *r);

/*
 * Removes a document (by name or file, braid_doc_find) with everything that
 * refers to it: the memos on its codings, its codings, the memos on it, its
 * turns out of the search index, their texts, its turns and speakers, and
 * then the cases nothing refers to any more. r (may be NULL) says how many
 * of each (on error it is left empty). BRAID_ENOTFOUND when there is no
 * such document.
 */
int braid_curate_doc_rm(struct braid_store *st, const char *doc, struct braid_doc_removal *r,
			struct braid_err *err);

/*
 * Gives a document another name (NFC, without surrounding white space; not
 * empty). Names are unique: BRAID_EEXIST when another document has it. The
 * cases ingest named after the document for a focus group's participants
 * ("OLD:Anna") follow it ("NEW:Anna") when only that speaker is linked to
 * them and the new name is free. The same name again changes nothing.
 */
int braid_curate_doc_rename(struct braid_store *st, const char *doc, const char *name,
			    struct braid_err *err);

/* ---- speakers ---- */

/* What to change about a speaker; NULL leaves it as it is. */
struct braid_speaker_edit {
	/*
	 * interviewer, participant or moderator. A speaker who becomes an
	 * interviewer or a moderator loses their case (braid_turn_case: their
	 * turns belong to no case). The unlabelled text (the pseudo-speaker
	 * "(text)", role "other") keeps its role.
	 */
	const char *role;
	/*
	 * A case name (made when new), or "" for none. Refused for an
	 * interviewer or moderator, unless role makes them a participant.
	 */
	const char *case_name;
	/*
	 * A new label: 1 to 63 bytes (BRAID_LABEL_MAX) of UTF-8 without control
	 * characters or surrounding white space, stored NFC; not "(text)", and
	 * the pseudo-speaker's cannot change. When another speaker of the
	 * document has that label, the two are merged: every turn of this
	 * speaker becomes the other's, this speaker is removed, and the other
	 * keeps its role and case (unless role or case_name say otherwise).
	 *
	 * A label is part of the document's text ("Label: utterance"), so every
	 * offset after the first turn it heads moves: the turns' and the
	 * codings' offsets are carried by exact shifts turn by turn, the
	 * document's size and hash follow, and its text revision (rev) is raised
	 * with its codings', as ingest --replace does. A coding's end or start
	 * inside a changed label covers the whole new label; two codings of one
	 * code and coder that come to the same span are folded into the older
	 * (braid_coding_fold).
	 */
	const char *label;
};

struct braid_speaker_result {
	int changed;            /* 0: it was so already, nothing changed */
	int merged;             /* the label was another speaker's: merged into it */
	size_t turns;           /* the speaker's turns */
	size_t codings_moved;   /* codings whose offsets moved with the text */
	size_t codings_folded;  /* codings folded into an older one on the same span */
};

/*
 * Changes speaker `label` of document `doc` (by name or file) as e says.
 * BRAID_ENOTFOUND when there is no such document or speaker (with the
 * nearest labels), BRAID_EINVAL for a bad role, label or case.
 */
int braid_curate_speaker_set(struct braid_store *st, const char *doc, const char *label,
			     const struct braid_speaker_edit *e, struct braid_speaker_result *res,
			     struct braid_err *err);

/* ---- cases ---- */

/*
 * Renames a case (names are unique: BRAID_EEXIST when the new one is
 * taken; merge the two instead). The same name again changes nothing.
 */
int braid_curate_case_rename(struct braid_store *st, const char *name, const char *new_name,
			     struct braid_err *err);

/*
 * Merges case `from` into case `into`: every document and speaker linked to
 * `from` is linked to `into`, and `from` is removed. *docs and *speakers
 * (may be NULL) say how many were re-linked.
 */
int braid_curate_case_merge(struct braid_store *st, const char *from, const char *into,
			    size_t *docs, size_t *speakers, struct braid_err *err);

#endif
