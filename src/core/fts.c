/*
 * fts.c - the search index follows the turn texts (see db.h).
 *
 * turns_fts is an FTS5 index with external content (turn_texts): it keeps
 * no copy of the text, so removing a turn from it needs the text that was
 * indexed, which is why every removal here is given the old text. Undo and
 * redo take it from the changeset they applied: a DELETE holds the row's
 * old values, an INSERT its new ones, an UPDATE both for the columns it
 * changed.
 */
#include <string.h>

#include "db.h"

int fts_index(struct braid_store *st, int64_t id, const char *text, int len, int add,
	      struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     add ? "INSERT INTO turns_fts(rowid, text) VALUES (?1, ?2)"
				 : "INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', ?1, ?2)",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, text, len, SQLITE_STATIC);
	rc = db_done(st, s, "cannot update the search index", err);
	sqlite3_finalize(s);
	return rc;
}

int fts_unindex_doc(struct braid_store *st, int64_t doc_id, struct braid_err *err)
{
	/* one statement: each selected row is an FTS5 'delete' command with the indexed text */
	return db_run_ids(st,
			  "INSERT INTO turns_fts(turns_fts, rowid, text)"
			  " SELECT 'delete', t.id, tt.text FROM turns t"
			  " JOIN turn_texts tt ON tt.id = t.id WHERE t.doc_id = ?1",
			  doc_id, 0, "cannot update the search index", err);
}

static int text_of(sqlite3_value *v, const char **text, int *len)
{
	if (!v || sqlite3_value_type(v) != SQLITE_TEXT)
		return 0;
	*text = (const char *)sqlite3_value_text(v);
	*len = sqlite3_value_bytes(v);
	return 1;
}

int fts_follow(struct braid_store *st, const void *changeset, int n, struct braid_err *err)
{
	sqlite3_changeset_iter *it;
	int rc = 0, step;

	if (sqlite3changeset_start(&it, n, (void *)changeset) != SQLITE_OK)
		return braid_errorf(err, BRAID_EDB, "cannot read a change record");
	while (!rc && (step = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *table, *text;
		int ncol, op, indirect, len;
		sqlite3_value *id = NULL, *old = NULL, *new = NULL;

		sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
		if (strcmp(table, "turn_texts") || ncol < 2)
			continue;
		if (op != SQLITE_INSERT) {
			sqlite3changeset_old(it, 0, &id);
			sqlite3changeset_old(it, 1, &old);
		}
		if (op != SQLITE_DELETE) {
			sqlite3changeset_new(it, 1, &new);
			if (op == SQLITE_INSERT)
				sqlite3changeset_new(it, 0, &id);
		}
		if (!id)
			continue;
		/* an UPDATE that left the text alone has no new value for it */
		if (op == SQLITE_UPDATE && !new)
			continue;
		if (op != SQLITE_INSERT && text_of(old, &text, &len))
			rc = fts_index(st, sqlite3_value_int64(id), text, len, 0, err);
		if (!rc && op != SQLITE_DELETE && text_of(new, &text, &len))
			rc = fts_index(st, sqlite3_value_int64(id), text, len, 1, err);
	}
	sqlite3changeset_finalize(it);
	return rc;
}
