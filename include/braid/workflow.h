/*
 * workflow.h - the six phases of Braun & Clarke's thematic analysis, the
 * approach a project follows, what braid checks at each gate, documents
 * read, and the record of outputs written.
 *
 * Phases (Braun & Clarke 2006; 2019; 2021): 1 familiarisation with the
 * data, 2 generating initial codes, 3 generating initial themes, 4
 * developing and reviewing themes, 5 refining, defining and naming themes,
 * 6 writing up. The process is recursive: a project may go back and forth.
 * A project starts in phase 1; each move is a row of the phase timeline
 * (entered, left, how: next, forced with a reason, set by hand with a
 * reason), and every change records the phase it was made in (store.h:
 * the audit log; codes, codings, themes and memos too).
 *
 * The approach (reflexive, codebook, coding-reliability; Braun & Clarke
 * 2021) shapes the gates (agreement figures belong to coding reliability
 * only) and the wording of the report's methods paragraph.
 *
 * Gates (braid_phase_check): what must be done to leave a phase. Each item
 * has its figures and, when it is not done, the exact items missing
 * ("2 documents have no codings: P003-interview, FG2-focus-group").
 * docs/workflow.md lists them; in short:
 *   1  every document read by someone (braid_read); a familiarisation memo
 *   2  every document has codings; no autocoded coding left pending;
 *      coding-reliability: every document coded by two coders or more
 *   3  at least one theme; every active code with codings in a theme
 *   4  every theme (not discarded) reviewed against its extracts and
 *      against the whole data set
 *   5  every theme (not discarded) has a definition and a scope
 *   6  a report written (braid_output_record, by `braid report`)
 * Progress figures are in the check too (documents read per coder,
 * codings per coder, the share of autocoded codings pending, ...).
 */
#ifndef BRAID_WORKFLOW_H
#define BRAID_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "braid/vocab.h"

/* The current phase, 1 to 6 (a project that never moved is in phase 1). */
int braid_phase_current(struct braid_store *st, int *phase, struct braid_err *err);

/* The approach ("reflexive" when never set: the default of Braun & Clarke's own method). */
int braid_approach_get(struct braid_store *st, enum braid_approach *a, struct braid_err *err);
int braid_approach_set(struct braid_store *st, const char *approach, struct braid_err *err);

/* One item of a gate's checklist. */
struct braid_gate_item {
	char *what;     /* "every document has codings" */
	int done;
	int64_t have, need;   /* e.g. 8 of 10 documents */
	char *missing;  /* when not done: "2 documents have no codings: P003-interview, ..." */
};

/* A figure shown with a phase (progress, not a condition): "codings by amina: 212". */
struct braid_gate_figure {
	char *label, *value;
};

struct braid_gate {
	int phase;
	struct braid_gate_item *items;
	size_t nitems;
	struct braid_gate_figure *figures;
	size_t nfigures;
	int passed; /* every item done */
};

void braid_gate_release(struct braid_gate *g);

/* The checklist and figures of phase `phase` (0: the current one). Writes nothing. */
int braid_phase_check(struct braid_store *st, int phase, struct braid_gate *g,
		      struct braid_err *err);

/*
 * Moves to the next phase if the current one's gate passes; else BRAID_EGATE
 * with g filled (the caller lists what is missing) and nothing changed.
 * force passes the gate anyway and needs a reason (why), recorded in the
 * timeline and the log. From phase 6 there is no next phase (BRAID_EINVAL).
 */
int braid_phase_next(struct braid_store *st, int force, const char *why, struct braid_gate *g,
		     struct braid_err *err);

/* Moves to phase 1-6 by hand, back or forward, with a reason (required). */
int braid_phase_set(struct braid_store *st, int phase, const char *why, struct braid_err *err);

/* The phase timeline, oldest first. */
struct braid_phase_row {
	int64_t id;
	int phase;
	const char *name;  /* "familiarisation" ... */
	const char *move;  /* start, next, forced, set */
	const char *why;   /* NULL for start and next */
	const char *entered, *left; /* left NULL for the current phase */
	const char *by;
	int from;          /* the phase before (0 for the first row) */
};
/*
 * How the row's phase was entered, in words, for listings and the report:
 * "project started", "phase 1's checklist complete", "phase 2 left before
 * its checklist was complete: REASON", "moved by hand from phase 5: REASON".
 */
void braid_phase_how(const struct braid_phase_row *row, struct strbuf *out);
int braid_phases_each(struct braid_store *st,
		      int (*cb)(const struct braid_phase_row *row, void *ctx), void *ctx,
		      struct braid_err *err);

/* Marks a document as read by a coder (familiarisation); reading it again is no change. */
int braid_read(struct braid_store *st, const char *doc, const char *coder, struct braid_err *err);

/* Records an output written (a report: kind "report", its format and path), for phase 6. */
int braid_output_record(struct braid_store *st, const char *kind, const char *format,
			const char *path, struct braid_err *err);

#endif
