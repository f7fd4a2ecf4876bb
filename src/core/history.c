/*
 * history.c - the change log, undo and redo (see history.h).
 *
 * Undoing a change: its changeset chunks, newest first, each inverted
 * (sqlite3changeset_invert) and applied (sqlite3changeset_apply_v2) inside
 * the open change, whose session records what the apply does: that record
 * is the undo's own changeset, which redo inverts in turn. The search index
 * follows (fts.c). Any conflict the apply meets aborts it (the handler
 * returns SQLITE_CHANGESET_ABORT) after noting the row; a reference that
 * the apply would break shows as SQLITE_CHANGESET_FOREIGN_KEY, with no row,
 * so the handler asks PRAGMA foreign_key_check which row it is while the
 * apply is still open. The culprit is the newest later change whose
 * changeset touched that row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/history.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "db.h"

/* ---- the log ---- */

struct log_walk {
	int (*cb)(const struct braid_log_row *row, void *ctx);
	void *ctx;
};

static int log_row(sqlite3_stmt *s, void *ctx)
{
	struct log_walk *w = ctx;
	struct braid_log_row r = {
		.id = sqlite3_column_int64(s, 0),
		.time = db_col_text(s, 1),
		.coder = db_col_null(s, 2),
		.command = db_col_text(s, 3),
		.detail = db_col_text(s, 4),
		.kind = db_col_text(s, 5),
		.phase = sqlite3_column_int64(s, 6),
		.reverts = sqlite3_column_int64(s, 7),
		.undone = sqlite3_column_int64(s, 8),
		.change = db_col_null(s, 9),
		.recorded = sqlite3_column_int(s, 10),
	};

	return w->cb(&r, w->ctx);
}

int braid_log_each(struct braid_store *st, const struct braid_log_filter *f,
		   int (*cb)(const struct braid_log_row *row, void *ctx), void *ctx,
		   struct braid_err *err)
{
	static const struct braid_log_filter all = { 0 };
	struct log_walk w = { cb, ctx };
	char *coder = NULL;
	sqlite3_stmt *s;
	int rc;

	if (!f)
		f = &all;
	coder = braid_store_coder_name(st, f->coder);
	if ((rc = db_prepare(st,
			     "SELECT id, time, coder, command, detail, kind, coalesce(phase, 0),"
			     " coalesce(reverts, 0), coalesce(undone, 0), change,"
			     " EXISTS (SELECT 1 FROM changes c WHERE c.audit_id = a.id)"
			     " FROM (SELECT * FROM audit WHERE (?1 IS NULL OR braid_fold(coder) = braid_fold(?1))"
			     "  AND (?2 = 0 OR phase = ?2) ORDER BY id DESC LIMIT ?3) a ORDER BY id",
			     &s, err))) {
		free(coder);
		return rc;
	}
	db_bind_text(s, 1, coder, -1);
	sqlite3_bind_int64(s, 2, f->phase);
	sqlite3_bind_int(s, 3, f->limit > 0 ? f->limit : -1);
	rc = db_each(st, s, log_row, &w, "cannot read the audit log", err);
	sqlite3_finalize(s);
	free(coder);
	return rc;
}

/* ---- finding the change a conflict comes from ---- */

/* A row of the project: its table and integer key (rowid). */
struct row_ref {
	char table[64];
	int64_t key;
	int have; /* 0: the conflict named no row */
	int type; /* SQLITE_CHANGESET_DATA, _NOTFOUND, _CONFLICT, _CONSTRAINT, _FOREIGN_KEY */
};

/* 1 if the changeset has an operation on the row. */
static int touches(const void *buf, int n, const struct row_ref *row, int any_row)
{
	sqlite3_changeset_iter *it;
	int hit = 0;

	if (sqlite3changeset_start(&it, n, (void *)buf) != SQLITE_OK)
		return 0;
	while (!hit && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *table;
		int ncol, op, indirect;
		unsigned char *pk;
		sqlite3_value *v = NULL;

		sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
		if (strcmp(table, row->table))
			continue;
		if (any_row) {
			hit = 1;
			break;
		}
		if (sqlite3changeset_pk(it, &pk, &ncol) != SQLITE_OK || !ncol || !pk[0])
			continue;
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, 0, &v);
		else
			sqlite3changeset_old(it, 0, &v);
		hit = v && sqlite3_value_type(v) == SQLITE_INTEGER && sqlite3_value_int64(v) == row->key;
	}
	sqlite3changeset_finalize(it);
	return hit;
}

struct culprit {
	const struct row_ref *row;
	int any_row;
	int64_t found;
};

static int check_chunk(sqlite3_stmt *s, void *ctx)
{
	struct culprit *c = ctx;

	if (touches(sqlite3_column_blob(s, 1), sqlite3_column_bytes(s, 1), c->row, c->any_row)) {
		c->found = sqlite3_column_int64(s, 0);
		return 1;
	}
	return 0;
}

/* The newest change after `after` whose record touches the row (or its table): its id or 0. */
static int find_culprit(struct braid_store *st, int64_t after, const struct row_ref *row,
			int any_row, int64_t *id, struct braid_err *err)
{
	struct culprit c = { row, any_row, 0 };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     "SELECT audit_id, changeset FROM changes WHERE audit_id > ?"
			     " ORDER BY audit_id DESC, seq DESC",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, after);
	rc = db_each(st, s, check_chunk, &c, "cannot read the change record", err);
	sqlite3_finalize(s);
	*id = c.found;
	return rc < 0 ? rc : 0;
}

/* "#15 by ben at 2026-11-26T12:00:03Z (memo add: memo #3 on segment:57 ...)" */
static int describe_change(struct braid_store *st, int64_t id, struct strbuf *out,
			   struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT coder, time, command, detail FROM audit WHERE id = ?", &s,
			     err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read the audit log", err);
	if (rc == 1) {
		strbuf_addf(out, "#%lld (%s by %s at %s: ", (long long)id, db_col_text(s, 2),
			    db_col_null(s, 0) ? db_col_text(s, 0) : "an unknown person",
			    db_col_text(s, 1));
		braid_text_oneline(db_col_text(s, 3), (size_t)sqlite3_column_bytes(s, 3), 60, out);
		strbuf_addch(out, ')');
	}
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/* ---- applying a change backwards ---- */

struct apply {
	struct braid_store *st;
	struct row_ref row;
	int conflict;
};

/* Notes the first row that conflicts, then aborts the apply. */
static int on_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
	struct apply *ap = ctx;
	struct row_ref *row = &ap->row;

	if (ap->conflict)
		return SQLITE_CHANGESET_ABORT;
	ap->conflict = 1;
	row->type = type;
	if (type == SQLITE_CHANGESET_FOREIGN_KEY) {
		/* the apply is still open: ask which row now refers to nothing */
		sqlite3_stmt *s;

		if (sqlite3_prepare_v2(braid_store_db(ap->st), "PRAGMA foreign_key_check", -1, &s,
				       NULL) == SQLITE_OK) {
			if (sqlite3_step(s) == SQLITE_ROW) {
				snprintf(row->table, sizeof(row->table), "%s", db_col_text(s, 0));
				row->key = sqlite3_column_int64(s, 1);
				row->have = 1;
			}
			sqlite3_finalize(s);
		}
	} else {
		const char *table;
		int ncol, op, indirect;
		sqlite3_value *v = NULL;

		sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
		snprintf(row->table, sizeof(row->table), "%s", table);
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, 0, &v);
		else
			sqlite3changeset_old(it, 0, &v);
		if (v && sqlite3_value_type(v) == SQLITE_INTEGER) {
			row->key = sqlite3_value_int64(v);
			row->have = 1;
		}
	}
	return SQLITE_CHANGESET_ABORT;
}

/* What the audit log says of change id: "#12 (code add by amina)". */
static void change_name(struct braid_store *st, int64_t id, struct strbuf *out)
{
	sqlite3_stmt *s;

	strbuf_addf(out, "#%lld", (long long)id);
	if (sqlite3_prepare_v2(braid_store_db(st), "SELECT command, coder FROM audit WHERE id = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		strbuf_addf(out, " (%s by %s)", db_col_text(s, 0),
			    db_col_null(s, 1) ? db_col_text(s, 1) : "an unknown person");
	sqlite3_finalize(s);
}

/* The refusal: which change, which row, and the later change it conflicts with. */
static int conflict_error(struct braid_store *st, const char *verb, int64_t target,
			  const struct row_ref *row, struct braid_err *err)
{
	struct strbuf what = STRBUF_INIT, by = STRBUF_INIT, msg = STRBUF_INIT;
	int64_t culprit = 0;
	int rc = 0;

	change_name(st, target, &what);
	if (row->have)
		rc = find_culprit(st, target, row, 0, &culprit, err);
	/* a broken UNIQUE key is another row with the same key: the newest change on the table */
	if (!rc && !culprit && row->table[0])
		rc = find_culprit(st, target, row, 1, &culprit, err);
	if (rc)
		goto out;
	strbuf_addf(&msg, "cannot %s %s: ", verb, what.buf);
	if (culprit && (rc = describe_change(st, culprit, &by, err)))
		goto out;
	if (!culprit)
		strbuf_addf(&msg, "%s #%lld was changed outside braid's record", db_table_singular(row->table),
			    (long long)row->key);
	else if (row->type == SQLITE_CHANGESET_FOREIGN_KEY)
		strbuf_addf(&msg, "change %s made %s #%lld, which depends on what this would undo; "
				  "undo that first",
			    by.buf, db_table_singular(row->table), (long long)row->key);
	else if (row->type == SQLITE_CHANGESET_NOTFOUND)
		strbuf_addf(&msg, "change %s has since removed %s #%lld; undo that first", by.buf,
			    db_table_singular(row->table), (long long)row->key);
	else if (row->type == SQLITE_CHANGESET_DATA)
		strbuf_addf(&msg, "change %s has since changed %s #%lld; undo that first", by.buf,
			    db_table_singular(row->table), (long long)row->key);
	else
		strbuf_addf(&msg, "change %s has since made a %s that is in the way; undo that first",
			    by.buf, db_table_singular(row->table));
	if (!rc)
		rc = braid_errorf(err, BRAID_EEXIST, "%s", msg.buf);
out:
	strbuf_release(&what);
	strbuf_release(&by);
	strbuf_release(&msg);
	return rc;
}

struct chunks {
	void **buf;
	int *len;
	size_t n, alloc;
};

static int load_chunk(sqlite3_stmt *s, void *ctx)
{
	struct chunks *c = ctx;
	int n = sqlite3_column_bytes(s, 0);

	ALLOC_GROW(c->buf, c->n + 1, c->alloc);
	c->len = xrealloc(c->len, c->alloc * sizeof(*c->len));
	c->buf[c->n] = xmalloc(n > 0 ? (size_t)n : 1);
	memcpy(c->buf[c->n], sqlite3_column_blob(s, 0), (size_t)n);
	c->len[c->n++] = n;
	return 0;
}

static void chunks_release(struct chunks *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->buf[i]);
	free(c->buf);
	free(c->len);
}

/* Applies change target's record inverted, newest chunk first. */
static int revert(struct braid_store *st, const char *verb, int64_t target, struct braid_err *err)
{
	struct chunks ch = { 0 };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT changeset FROM changes WHERE audit_id = ? ORDER BY seq DESC",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, target);
	rc = db_each(st, s, load_chunk, &ch, "cannot read the change record", err);
	sqlite3_finalize(s);
	for (size_t i = 0; !rc && i < ch.n; i++) {
		struct apply ap = { .st = st };
		void *inv = NULL;
		int ninv = 0, arc;

		arc = sqlite3changeset_invert(ch.len[i], ch.buf[i], &ninv, &inv);
		if (arc != SQLITE_OK) {
			rc = braid_errorf(err, BRAID_EDB, "cannot %s #%lld: its change record is "
							  "damaged (%s)",
					  verb, (long long)target, sqlite3_errstr(arc));
			break;
		}
		/*
		 * No savepoint of its own: the change is all or nothing already (the
		 * caller rolls it back on error), and a savepoint as large as an
		 * ingest made the apply quadratic in SQLite's in-memory statement
		 * journal (an ingest of 25 MB took 13 s to undo; make bench).
		 */
		arc = sqlite3changeset_apply_v2(braid_store_db(st), ninv, inv, NULL, on_conflict, &ap,
						NULL, NULL, SQLITE_CHANGESETAPPLY_NOSAVEPOINT);
		if (ap.conflict)
			rc = conflict_error(st, verb, target, &ap.row, err);
		else if (arc != SQLITE_OK)
			rc = db_error(st, err, "cannot apply the change record");
		/* the search index is derived: it follows the turns the apply changed */
		if (!rc)
			rc = fts_follow(st, inv, ninv, err);
		sqlite3_free(inv);
		/* each chunk's worth of the undo goes on record before the next */
		if (!rc)
			rc = braid_change_checkpoint(st, (size_t)ch.len[i], err);
	}
	chunks_release(&ch);
	return rc;
}

/* ---- undo and redo ---- */

/* The person's latest change in effect (undo) or latest undo still undoable (redo): id or 0. */
static int next_target(struct braid_store *st, int redo, int64_t *id, struct braid_err *err)
{
	const char *person = braid_store_person(st);
	sqlite3_stmt *s;
	int rc;

	*id = 0;
	rc = db_prepare(st,
			redo ? "SELECT id FROM audit a WHERE braid_fold(coder) IS braid_fold(?1) AND kind = 'undo'"
			       " AND undone IS NULL AND id > coalesce((SELECT max(id) FROM audit"
			       "  WHERE braid_fold(coder) IS braid_fold(?1) AND kind = 'do' AND change IS NOT NULL), 0)"
			       " ORDER BY id DESC LIMIT 1"
			     : "SELECT id FROM audit a WHERE braid_fold(coder) IS braid_fold(?1) AND kind IN ('do', 'redo')"
			       " AND undone IS NULL"
			       " AND EXISTS (SELECT 1 FROM changes c WHERE c.audit_id = a.id)"
			       " ORDER BY id DESC LIMIT 1",
			&s, err);
	if (rc)
		return rc;
	db_bind_text(s, 1, person, -1);
	rc = db_one(st, s, "cannot read the audit log", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

static int step_back(struct braid_store *st, int redo, int n, struct braid_history_result *res,
		     struct braid_err *err)
{
	const char *verb = redo ? "redo" : "undo";
	struct braid_history_result local;
	int rc = 0;

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	if (!braid_store_in_change(st))
		return braid_errorf(err, BRAID_EINVAL, "%s needs an open change", verb);
	if (!store_records(st))
		return braid_errorf(err, BRAID_EINVAL, "this project is open without history");
	if (n < 1 || n > 64)
		return braid_errorf(err, BRAID_EINVAL, "%s takes 1 to 64 changes at a time, not %d",
				    verb, n);
	/* what is pending in this change goes on record first, apart */
	if ((rc = store_change_flush(st, BRAID_CHANGE_DO, 0, NULL, err)))
		return rc;
	while (!rc && res->n < n) {
		struct strbuf what = STRBUF_INIT;
		int64_t target, row;

		if ((rc = next_target(st, redo, &target, err)) || !target)
			break;
		change_name(st, target, &what);
		rc = revert(st, verb, target, err);
		if (!rc) {
			braid_change_note(st, "%s %s", redo ? "redid" : "undid", what.buf);
			rc = store_change_flush(st, redo ? BRAID_CHANGE_REDO : BRAID_CHANGE_UNDO, target,
						&row, err);
		}
		/* an apply that changed nothing would leave the change in effect: never loop */
		if (!rc && !row)
			rc = braid_errorf(err, BRAID_EDB, "cannot %s %s: it changed nothing", verb,
					  what.buf);
		if (!rc) {
			res->done[res->n] = row;
			res->reverted[res->n++] = target;
		}
		strbuf_release(&what);
	}
	if (!rc && !res->n) {
		const char *person = braid_store_person(st);

		rc = braid_errorf(err, BRAID_ENOTFOUND,
				  redo ? "nothing to redo for %s%s%s (redo follows undo, before any new change)"
				       : "nothing to undo for %s%s%s",
				  person ? "'" : "", person ? person : "an unknown person",
				  person ? "'" : "");
	}
	return rc;
}

int braid_undo(struct braid_store *st, int n, struct braid_history_result *res,
	       struct braid_err *err)
{
	return step_back(st, 0, n, res, err);
}

int braid_redo(struct braid_store *st, int n, struct braid_history_result *res,
	       struct braid_err *err)
{
	return step_back(st, 1, n, res, err);
}
