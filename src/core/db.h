/*
 * db.h - internal helpers for core modules that talk SQL: statements that
 * map SQLite failures into struct braid_err at the module edge.
 */
#ifndef BRAID_DB_H
#define BRAID_DB_H

#include <sqlite3.h>

#include "braid/err.h"
#include "braid/store.h"

/* Prepares sql on the project's connection; BRAID_EDB with SQLite's message on failure. */
int db_prepare(struct braid_store *st, const char *sql, sqlite3_stmt **stmt, struct braid_err *err);

/* Runs SQL without results (may hold several statements). */
int db_exec(struct braid_store *st, const char *sql, struct braid_err *err);

/* Sets err from the connection's last error: "<what>: <sqlite message>". */
int db_error(struct braid_store *st, struct braid_err *err, const char *what);

/* Binds text (NULL binds SQL NULL); len < 0 means strlen. */
void db_bind_text(sqlite3_stmt *s, int i, const char *text, int len);

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

/* Column text as "" instead of NULL. */
const char *db_col_text(sqlite3_stmt *s, int i);

#endif
