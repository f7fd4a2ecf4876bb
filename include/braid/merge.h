/*
 * merge.h - bringing a team member's copy of the project into this one.
 *
 * Teams code the same transcripts on several machines, each in a copy of
 * the project file, and bring the work together with braid_merge: the
 * codings, coders, codes (inductive ones, and any other code made or
 * imported in the copy) and memos of OTHER that this project lacks are
 * added; what it has already is recognised and left alone, so merging the
 * same file twice adds nothing. Documents are not brought: the merge
 * brings coding work, not transcripts (docs/team.md has every rule).
 *
 * Matching: documents by GUID, then by the hash of their text; coders by
 * name (ignoring case, as braid_store_coder); codes by GUID, then by id
 * (slug), then by name when one code here has it; codings by GUID, then by
 * what makes a coding unique (document, span, code, coder); memos by GUID,
 * then by target, coder and text. Rows added keep OTHER's GUID, so a
 * later merge of the same copy (or of a copy of this project) finds them.
 *
 * Conflicts are resolved by fixed rules and each is reported with its rule:
 *
 * - a code with the same GUID that differs (definition, name, parent, ...):
 *   this project's version is kept; OTHER's definition, when both have one
 *   and they differ, is kept as a memo on the code. An empty field here is
 *   filled from OTHER (counted as updated).
 * - a code with the same id or name but another GUID and another
 *   definition (both set): two codes that happen to share a name; OTHER's
 *   is added apart, its name followed by "(from OTHER)" and its id numbered.
 * - a coding or memo with the same GUID that differs (span, code, status,
 *   text): this project's is kept.
 * - a document of OTHER not here, or whose text differs here (another
 *   hash): its codings, and the memos on them, are skipped (their spans
 *   cannot be placed); memos on the document itself are merged when the
 *   document is here.
 * - a coding or memo of OTHER that a change here removed (code rm, docs
 *   rm, ...; found by its GUID in the change record; removals by an undo
 *   do not count): not brought back.
 *
 * Codes a merged coding refers to exist here afterwards, with their
 * parents: every code of OTHER is matched or added, parents first. A coding
 * on a code this project has merged into another goes to that other code.
 * Themes and quotes are not merged; a memo on a theme is merged when the
 * theme (by GUID) is here, and skipped otherwise.
 *
 * braid_merge runs inside the caller's open change (braid_store_begin ...
 * braid_store_commit), so one merge is one change in the log and `braid
 * undo` takes it all back. OTHER is opened read-only.
 *
 * Strings in the report belong to it; release it with
 * braid_merge_report_release.
 */
#ifndef BRAID_MERGE_H
#define BRAID_MERGE_H

#include <stddef.h>

#include "braid/err.h"
#include "braid/store.h"

/* The kinds of rows a merge brings: X(ENUM, "plural", "singular"). */
#define BRAID_MERGE_KINDS(X)                                                                     \
	X(BRAID_MERGE_DOCUMENTS, "documents", "document")                                        \
	X(BRAID_MERGE_CODERS, "coders", "coder")                                                 \
	X(BRAID_MERGE_CODES, "codes", "code")                                                    \
	X(BRAID_MERGE_CODINGS, "codings", "coding")                                              \
	X(BRAID_MERGE_MEMOS, "memos", "memo")

#define BRAID_MERGE_ENUM_(id, plural, singular) id,
enum braid_merge_kind { BRAID_MERGE_KINDS(BRAID_MERGE_ENUM_) BRAID_MERGE_KIND_N };

/* "codings" for BRAID_MERGE_CODINGS (plural 1), or "coding". */
const char *braid_merge_kind_name(enum braid_merge_kind k, int plural);

/*
 * Each row of OTHER of a kind lands in exactly one count: added, present
 * (here already and the same), updated (here already; an empty field filled
 * from OTHER), conflict (differs; resolved by a rule, which may have added
 * it apart) or skipped (not merged). Documents are never added.
 */
struct braid_merge_count {
	size_t added, present, updated, conflicts, skipped;
};

/* A conflict and the rule that resolved it, or a skip and what it cost. */
struct braid_merge_issue {
	enum braid_merge_kind kind;
	int skipped;   /* 1: not merged; 0: a conflict, resolved */
	char *ref;     /* what it is about: a document's name, a code's id, "#12" (a coding here) */
	char *problem; /* what differs, or why it was not merged */
	char *rule;    /* what was done */
};

struct braid_merge_report {
	struct braid_merge_count n[BRAID_MERGE_KIND_N];
	struct braid_merge_issue *issues; /* in the order met: documents, codes, codings, memos */
	size_t nissues;
	size_t written; /* rows written here (added or updated, memos of kept definitions) */
};

void braid_merge_report_release(struct braid_merge_report *r);

/* Rows written: 0 when the merge brought nothing new (r->written). */
size_t braid_merge_changed(const struct braid_merge_report *r);

/*
 * Merges the project file `other` into st, inside st's open change. r (may
 * be NULL) says what happened. Errors, with nothing changed by the merge:
 * BRAID_ENOTFOUND when other does not exist, BRAID_EINVAL when it is not a
 * braid project or is the open project itself, BRAID_EVERSION when its
 * schema is not this braid's (the message says which it has and which was
 * expected), BRAID_EBUSY or BRAID_EDB from SQLite.
 */
int braid_merge(struct braid_store *st, const char *other, struct braid_merge_report *r,
		struct braid_err *err);

#endif
