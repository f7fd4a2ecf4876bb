/*
 * db.h - internal helpers for core modules that talk SQL: statements that
 * map SQLite failures into struct braid_err at the module edge, and every
 * loop over a statement's rows checks how it ended.
 */
#ifndef BRAID_DB_H
#define BRAID_DB_H

#include <sqlite3.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/vocab.h"

/* Prepares sql on the project's connection; BRAID_EDB with SQLite's message on failure. */
int db_prepare(struct braid_store *st, const char *sql, sqlite3_stmt **stmt, struct braid_err *err);

/* Runs SQL without results (may hold several statements). */
int db_exec(struct braid_store *st, const char *sql, struct braid_err *err);

/*
 * Sets err from the connection's last error: "<what>: <sqlite message>";
 * BRAID_EBUSY (with the project's busy message) when SQLite was busy.
 */
int db_error(struct braid_store *st, struct braid_err *err, const char *what);

/* Binds text (NULL binds SQL NULL); len < 0 means strlen. */
void db_bind_text(sqlite3_stmt *s, int i, const char *text, int len);

/*
 * Steps s to its end, calling fn for each row; a non-zero return from fn
 * stops there and is returned. A step that ends in anything but
 * SQLITE_DONE (busy, I/O, interrupt) is an error, never a short listing:
 * BRAID_EBUSY or BRAID_EDB, with `what` in the message. s is reset, not
 * finalized.
 */
int db_each(struct braid_store *st, sqlite3_stmt *s, int (*fn)(sqlite3_stmt *s, void *ctx),
	    void *ctx, const char *what, struct braid_err *err);

/*
 * Steps s once: 1 when it gave a row (read it, then sqlite3_reset), 0 when
 * it had none (reset already), a negative error code otherwise.
 */
int db_one(struct braid_store *st, sqlite3_stmt *s, const char *what, struct braid_err *err);

/* Steps a statement that returns no rows and resets it; 0 or an error. */
int db_done(struct braid_store *st, sqlite3_stmt *s, const char *what, struct braid_err *err);

/*
 * The trees of the project (codes, themes: a table with id and parent_id):
 * db_parent is a row's parent (0 at the top) or a negative error; db_within
 * is 1 when `node` is `ancestor` or lies below it, 0 when not, or a negative
 * error. table is one of braid's own table names, never a person's input.
 */
int64_t db_parent(struct braid_store *st, const char *table, int64_t id, struct braid_err *err);
int db_within(struct braid_store *st, const char *table, int64_t node, int64_t ancestor,
	      struct braid_err *err);

/*
 * Refuses (BRAID_EEXIST "a NOUN named 'x' is already there (slug)") a name
 * that one of the siblings `siblings_sql` selects (columns id, name, slug;
 * ?1 the parent) already has, compared case-folded; the row `self` does not
 * count (a rename keeping its name).
 */
int db_sibling_name_free(struct braid_store *st, const char *noun, const char *siblings_sql,
			 int64_t parent, const char *name, int64_t self, struct braid_err *err);

/* Prepares sql, binds ?1 (and ?2 unless 0) as integers, runs it to the end, finalizes. */
int db_run_ids(struct braid_store *st, const char *sql, int64_t a, int64_t b, const char *what,
	       struct braid_err *err);

/*
 * BRAID_ENOTFOUND "no WHAT 'want'", with the nearest names that exist
 * (" (did you mean 'a' or 'b'?)"), taken from the first column of the rows
 * `names_sql` selects. Returns the code.
 */
int db_not_found(struct braid_store *st, struct braid_err *err, const char *what,
		 const char *want, const char *names_sql);

/* What one row of a table is called in messages: "coding" for codings, "setting" for project. */
const char *db_table_singular(const char *table);

/* Column text as "" instead of NULL. */
const char *db_col_text(sqlite3_stmt *s, int i);
/* Column text, or NULL when the value is NULL. */
const char *db_col_null(sqlite3_stmt *s, int i);

/*
 * A random (version 4) UUID as an SQL expression, the default of every guid
 * column: REFI-QDA needs one on documents, codes, codings, memos, coders and
 * cases, and merging coders' copies matches rows by it.
 */
#define GUID_SQL                                                                                 \
	"(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"              \
	" substr(lower(hex(randomblob(2))), 2) || '-' ||"                                        \
	" substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) ||" \
	" '-' || lower(hex(randomblob(6))))"

#define NOW_SQL "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"

/*
 * The code tree in display order: CTE "tree(id, depth, path)"; ORDER BY path
 * lists parents before children, siblings by codebook (in import order, codes
 * made while coding last), then position, then id.
 */
#define CODE_TREE_CTE                                                                            \
	"WITH RECURSIVE tree(id, depth, path) AS ("                                              \
	" SELECT id, 0, format('%010d.%08d.%010d', coalesce(codebook_id, 2147483647), position, id)" \
	"  FROM codes WHERE parent_id IS NULL"                                                   \
	" UNION ALL SELECT c.id, t.depth + 1, t.path || '/' || format('%010d.%08d.%010d',"       \
	"  coalesce(c.codebook_id, 2147483647), c.position, c.id)"                               \
	"  FROM codes c JOIN tree t ON c.parent_id = t.id)"

/*
 * Roles and cases in SQL: the rules of braid_role_matches (vocab.h) and
 * braid_turn_case (corpus.h), for queries that filter or group in SQL.
 * Each argument is an SQL expression (a column, a parameter) as a string
 * literal. tests/unit/test_roles.c checks that the two agree for every role.
 */
#define ROLE_MATCHES_SQL(filter, role)                                                           \
	"(" filter " IS NULL OR " filter " = " role " OR (" filter " = 'interviewer' AND " role  \
	" = 'moderator') OR (" filter " = 'participant' AND " role " = 'other'))"
#define TURN_CASE_SQL(role, speaker_case, doc_case)                                             \
	"(CASE WHEN " role " IN ('interviewer', 'moderator') THEN NULL ELSE coalesce("          \
	speaker_case ", " doc_case ") END)"

/* ---- the search index (fts.c) ---- */

/*
 * Adds turn id's text to the search index (add 1), or removes it (add 0:
 * give the text that was indexed). Every writer of turn_texts calls it.
 */
int fts_index(struct braid_store *st, int64_t id, const char *text, int len, int add,
	      struct braid_err *err);
/* Takes every turn of a document out of the index (before its turn_texts rows go). */
int fts_unindex_doc(struct braid_store *st, int64_t doc_id, struct braid_err *err);
/* Makes the index follow the turn_texts rows a changeset (just applied) changed. */
int fts_follow(struct braid_store *st, const void *changeset, int n, struct braid_err *err);

/* ---- the change record, for history.c ---- */

/*
 * Closes the change recorded so far as one audit row of the given kind
 * (BRAID_CHANGE_UNDO/REDO name the row they revert in `reverts`, which is
 * then marked undone by it) and starts a new one in the same transaction.
 * *id is the audit row written, 0 when nothing had changed.
 */
int store_change_flush(struct braid_store *st, enum braid_change_kind kind, int64_t reverts,
		       int64_t *id, struct braid_err *err);
/* 1 when the store records changesets (not a no_history store). */
int store_records(const struct braid_store *st);

#endif
