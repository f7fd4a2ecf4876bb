/*
 * history.h - the change log of a project, and undo and redo.
 *
 * Every change a command made is one audit row with its SQLite changeset
 * (store.h). Undo applies a change's changeset inverted; redo applies the
 * undo's changeset inverted. Each person has their own history: undo takes
 * that person's latest change still in effect (a change, or a redo), redo
 * their latest undo, as long as they have made no new change since (a new
 * change clears the redo list, as in an editor). Undo and redo are changes
 * themselves, one audit row per change they revert (kind "undo" or "redo",
 * naming the row they revert); the reverted row is marked undone by it.
 *
 * Conflicts. A change can be undone only if nothing made since depends on
 * it: undoing the creation of a code that another coder has since applied,
 * or a coding that another coder has since written a memo on, or putting
 * back a value someone has since changed, is refused. The refusal comes
 * from SQLite's changeset conflict handler (a row no longer as the change
 * left it, a row missing, a reference that would break), never from rules
 * per command; braid then finds the later change that touched that row and
 * names it: who, when, which command. Nothing is changed then.
 *
 * A coding's offsets belong to one version of its document's text: it
 * refers to the document and its text revision (documents.rev, raised by
 * every ingest --replace). So undoing a correction under a coding someone
 * made on the corrected text breaks that reference, and is refused like any
 * other conflict, naming the change that made the coding.
 *
 * These run inside the caller's open change (braid_store_begin ...
 * braid_store_commit), whose person and command ("undo", "redo") they use.
 */
#ifndef BRAID_HISTORY_H
#define BRAID_HISTORY_H

#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"

/* One audit row (strings borrowed for the call). */
struct braid_log_row {
	int64_t id;
	const char *time, *coder, *command, *detail;
	const char *kind;   /* "do", "undo" or "redo" */
	int64_t phase;      /* the analysis phase it was made in; 0 when none was set */
	int64_t reverts;    /* for undo and redo rows: the row they revert; else 0 */
	int64_t undone;     /* the undo (or, for an undo row, the redo) that reverted it; else 0 */
	const char *change; /* JSON: rows added, changed, removed per table; NULL if not recorded */
	int recorded;       /* it has a changeset (it can be undone) */
};

struct braid_log_filter {
	const char *coder; /* only this person's rows (NULL: everyone) */
	int64_t phase;     /* only rows made in this phase (0: any) */
	int limit;         /* the newest `limit` rows (0: all) */
};

/* Audit rows, oldest first. */
int braid_log_each(struct braid_store *st, const struct braid_log_filter *f,
		   int (*cb)(const struct braid_log_row *row, void *ctx), void *ctx,
		   struct braid_err *err);

/* What undo or redo did: the rows they wrote and the rows they reverted, in order. */
struct braid_history_result {
	int64_t done[64], reverted[64];
	int n;
};

/*
 * Undoes the latest n changes of the open change's person (n >= 1; at most
 * 64 at once). BRAID_ENOTFOUND when the person has nothing to undo; fewer
 * than n undone (res->n) when there were fewer. A conflict is BRAID_EEXIST
 * naming the change and the later one it conflicts with.
 */
int braid_undo(struct braid_store *st, int n, struct braid_history_result *res,
	       struct braid_err *err);

/* Redoes the person's latest n undos, most recently undone first (same rules). */
int braid_redo(struct braid_store *st, int n, struct braid_history_result *res,
	       struct braid_err *err);

#endif
