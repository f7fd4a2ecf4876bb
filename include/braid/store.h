/*
 * store.h - a braid project: one SQLite file.
 *
 * The store owns the connection, the schema and its migrations, and the
 * change record. Other core modules reach the tables through the sqlite3
 * handle (braid_store_db); the CLI and TUI use the module APIs.
 *
 * Schema (docs/architecture.md has the full picture): project (key/value),
 * coders, cases, documents, speakers, turns (code-point offsets into the
 * document's text) and turn_texts (each turn's utterance), turns_fts (FTS5
 * over turn_texts, kept by triggers), codebooks, codes (a tree),
 * code_examples, code_patterns, codings (document + span + code + coder),
 * memos (on the project, a document, a code or a coding), audit (one row per
 * change) and changes (each change's SQLite changesets). PRAGMA user_version
 * holds the schema version; older projects are migrated forward on open,
 * newer ones refused.
 *
 * Positions: every offset stored in a project is a Unicode code-point offset
 * into the document's text (start included, end excluded), the convention
 * REFI-QDA uses for plain-text sources. The text itself is not stored whole:
 * it is the canonical rendering of the turns ("Label: utterance", turns
 * separated by a blank line; see doctext.h), and each turn's utterance is a
 * row of turn_texts, so reading a span never costs the whole document.
 *
 * Changes: every mutating call runs between braid_store_begin and
 * braid_store_commit. Begin attaches an SQLite session to the project's
 * tables; commit writes the session's changeset (the exact rows that changed,
 * with their old values) beside one audit row: time, person, command, the
 * phase of the analysis, a structured summary (rows added, changed and
 * removed per table) and a sentence made of the notes the core modules left
 * (braid_change_note). history.h undoes and redoes changes from those
 * changesets. A command that changes nothing leaves no audit row. Derived
 * data (the search index) is kept by triggers and never recorded.
 *
 * Strings returned as const char * are borrowed; char * belong to the caller.
 */
#ifndef BRAID_STORE_H
#define BRAID_STORE_H

#include <stdarg.h>
#include <stdint.h>

#include "braid/err.h"

struct sqlite3;
struct braid_store;

/* The schema version this braid writes; projects up to it can be opened. */
#define BRAID_SCHEMA_VERSION 6

struct braid_store_opts {
	int busy_ms;  /* how long to wait for another writer; 0 means 5000 */
	int readonly; /* open without write access (no migrations then) */
	/*
	 * Record no changesets (nothing can be undone). For make bench only,
	 * which measures what recording costs; no client sets it.
	 */
	int no_history;
};

/* Creates a new project file (and its audit row); refuses an existing path. */
int braid_store_create(const char *path, const char *title, const char *person,
		       const struct braid_store_opts *o, struct braid_store **out,
		       struct braid_err *err);

/* Opens a project, migrating an older schema forward (in one transaction). */
int braid_store_open(const char *path, const struct braid_store_opts *o, struct braid_store **out,
		     struct braid_err *err);

void braid_store_close(struct braid_store *st);

struct sqlite3 *braid_store_db(struct braid_store *st);
const char *braid_store_path(const struct braid_store *st);
int braid_store_schema_version(struct braid_store *st);

/* Reads a project setting (title, created, phase, ...) into a new string, or NULL. */
char *braid_store_meta(struct braid_store *st, const char *key);

/*
 * One change per mutating command: begin takes the write lock at once
 * (BEGIN IMMEDIATE), waiting up to busy_ms for another writer, then fails
 * with BRAID_EBUSY; it starts recording. person is who makes the change (the
 * audit row's coder; NULL: unknown) and command what it is called
 * ("code add"). commit writes the audit row and the changeset, then makes it
 * all durable; rollback undoes everything since begin and is safe to call
 * when no transaction is open.
 */
int braid_store_begin(struct braid_store *st, const char *person, const char *command,
		      struct braid_err *err);
int braid_store_commit(struct braid_store *st, struct braid_err *err);
void braid_store_rollback(struct braid_store *st);
/* The analysis phase the open change is made in (1-6; 0 outside a change). */
int braid_store_phase(const struct braid_store *st);

/* A new GUID, time-ordered (UUID version 7): for rows written in bulk (store.c says why). */
void braid_store_guid(char out[37]);

/* 1 between begin and commit/rollback. */
int braid_store_in_change(const struct braid_store *st);
/* The person and command of the open change (NULL outside one). */
const char *braid_store_person(const struct braid_store *st);

/*
 * Adds a part to the open change's sentence in the audit log ("coded #12
 * P001 [10-40] 'legal-aid' by amina"); parts are joined with "; ". A long
 * run of notes (an ingest of thousands of files) keeps the first few
 * thousand characters and says how many more there were. Without an open
 * change it does nothing.
 */
void braid_change_note(struct braid_store *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void braid_change_vnote(struct braid_store *st, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * Ends a chunk of the open change here, whatever its size: undo applies the
 * chunks one at a time, newest first, so a change made in two steps (moving
 * rows out of each other's way, then to their place) is undone in two steps
 * that never meet a UNIQUE key midway.
 */
int braid_change_split(struct braid_store *st, struct braid_err *err);

/* The sentence of the open change so far ("" outside one); borrowed. */
const char *braid_change_text(const struct braid_store *st);

/*
 * Bounds the memory of a long command (ingest calls it after each file,
 * autocode after each batch, saying how many bytes of values it wrote since):
 * when the open change holds more than about 16 MB, what it recorded so far
 * is written into the project as a chunk of the change and recording starts
 * afresh. Cheap otherwise.
 */
int braid_change_checkpoint(struct braid_store *st, size_t bytes, struct braid_err *err);

/*
 * Returns the id of the coder with this name, creating it when create is
 * set. Coders are matched ignoring case ("Ana" is "ana"), by Unicode case
 * folding; a new coder keeps the name as given.
 */
int braid_store_coder(struct braid_store *st, const char *name, int create, int64_t *id,
		      struct braid_err *err);

/*
 * ---- blind coding ----
 *
 * braid_store_set_blind(st, coder) makes everything read through st see
 * only that coder's codings: every listing, retrieval and count of the core
 * (codings, code counts and stats, documents' and cases' figures, themes'
 * prevalence, the map, the report, the workflow's figures), the memos on
 * codings (memos on other coders' codings are hidden; memos on the project,
 * documents, codes and themes stay), the exemplar quotes chosen from
 * codings, and the change log (only the coder's own changes). It is one
 * restriction on the connection, not a filter each query remembers: temporary
 * views named codings, memos, quotes and audit shadow the project's tables
 * (SQLite resolves an unqualified name in the temp schema first), so a query
 * written later is blind too without knowing it. INDEXED BY cannot name a
 * view's index: a query that forces an index asks braid_store_blind first.
 *
 * A change sees the whole project: braid_store_begin lifts the restriction
 * and commit or rollback puts it back, so no write is ever filtered (a
 * removal or a check run through a blind view would miss other coders'
 * rows). Clients read what they show outside the change (the report and the
 * map are built before the record of the output is written).
 *
 * A name no coder has yet (a coder who has not coded) is accepted: nothing
 * is seen until they code. coder NULL lifts blind coding.
 */
int braid_store_set_blind(struct braid_store *st, const char *coder, struct braid_err *err);
/* The blind coder's id (0 for one with no codings yet), or -1 when not blind. */
int64_t braid_store_blind(const struct braid_store *st);

/* The name a coder is stored under ("ana" for "Ana"), or name itself when new; to free. */
char *braid_store_coder_name(struct braid_store *st, const char *name);

/* Returns the id of the case with this name, creating it when create is set. */
int braid_store_case(struct braid_store *st, const char *name, int create, int64_t *id,
		     struct braid_err *err);

/* ---- messages: warnings and notes the core has for the person ---- */

enum braid_msg_level { BRAID_MSG_NOTE, BRAID_MSG_WARNING };

typedef void (*braid_msg_fn)(enum braid_msg_level level, const char *msg, void *ctx);

/*
 * Where the core's warnings and notes go: the CLI prints them on standard
 * error, the TUI shows them in its message pane. Without a sink they are
 * dropped.
 */
void braid_store_set_sink(struct braid_store *st, braid_msg_fn fn, void *ctx);
void braid_store_msg(struct braid_store *st, enum braid_msg_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
