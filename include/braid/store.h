/*
 * store.h - a braid project: one SQLite file.
 *
 * The store owns the connection, the schema and its migrations, transactions
 * and the audit log. Other core modules reach the tables through the
 * sqlite3 handle (braid_store_db); the CLI and TUI use the module APIs.
 *
 * Schema (docs/architecture.md has the full picture): project (key/value),
 * coders, cases, documents (normalised text), speakers, turns (code-point
 * offsets into the document text), turns_fts (FTS5, external content), audit;
 * since schema 2: codebooks, codes (a tree), code_examples, code_patterns,
 * codings (document + span + code + coder) and memos.
 * PRAGMA user_version holds the schema version; older projects are migrated
 * forward on open, newer ones refused.
 *
 * Positions: every offset stored in a project is a Unicode code-point offset
 * into documents.text (start included, end excluded), the convention
 * REFI-QDA uses for plain-text sources. SQLite's substr() counts the same
 * way, so substr(text, start + 1, end - start) is the span.
 */
#ifndef BRAID_STORE_H
#define BRAID_STORE_H

#include <stdint.h>

#include "braid/err.h"

struct sqlite3;
struct braid_store;

/* The schema version this braid writes; projects up to it can be opened. */
#define BRAID_SCHEMA_VERSION 2

struct braid_store_opts {
	int busy_ms;  /* how long to wait for another writer; 0 means 5000 */
	int readonly; /* open without write access (no migrations then) */
};

/* Creates a new project file; refuses an existing path. */
int braid_store_create(const char *path, const char *title, const struct braid_store_opts *o,
		       struct braid_store **out, struct braid_err *err);

/* Opens a project, migrating an older schema forward (in one transaction). */
int braid_store_open(const char *path, const struct braid_store_opts *o, struct braid_store **out,
		     struct braid_err *err);

void braid_store_close(struct braid_store *st);

struct sqlite3 *braid_store_db(struct braid_store *st);
const char *braid_store_path(const struct braid_store *st);
int braid_store_schema_version(struct braid_store *st);

/* Reads a project setting (title, created, ...) into a new string, or NULL. */
char *braid_store_meta(struct braid_store *st, const char *key);

/*
 * One transaction per mutating command: begin takes the write lock at once
 * (BEGIN IMMEDIATE), waiting up to busy_ms for another writer, then fails
 * with BRAID_EBUSY. commit makes it durable; rollback undoes everything
 * since begin and is safe to call when no transaction is open.
 */
int braid_store_begin(struct braid_store *st, struct braid_err *err);
int braid_store_commit(struct braid_store *st, struct braid_err *err);
void braid_store_rollback(struct braid_store *st);

/* Appends an audit row: who, which command, what changed (free text). */
int braid_store_audit(struct braid_store *st, const char *coder, const char *command,
		      const char *detail, struct braid_err *err);

/* Returns the id of the coder with this name, creating it when create is set. */
int braid_store_coder(struct braid_store *st, const char *name, int create, int64_t *id,
		      struct braid_err *err);

/* Returns the id of the case with this name, creating it when create is set. */
int braid_store_case(struct braid_store *st, const char *name, int create, int64_t *id,
		     struct braid_err *err);

/* An audit row as braid_store_audit_each hands it over (strings borrowed). */
struct braid_audit_row {
	int64_t id;
	const char *time, *coder, *command, *detail;
};

/* Calls cb for the newest `limit` rows (all when limit <= 0), oldest first. */
int braid_store_audit_each(struct braid_store *st, int limit,
			   int (*cb)(const struct braid_audit_row *row, void *ctx), void *ctx,
			   struct braid_err *err);

#endif
