/* coding.c - codings, spans, memos, retrieval and counts (see coding.h). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "db.h"

static const char *col_or_null(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

/* id and length in code points of a document */
static int doc_info(struct braid_store *st, const char *doc, int64_t *id, int64_t *chars,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int found;

	if (db_prepare(st, "SELECT id, chars FROM documents WHERE name = ?", &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, doc, -1);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		*id = sqlite3_column_int64(s, 0);
		if (chars)
			*chars = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return found ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", doc);
}

/* ---- spans ---- */

int braid_span_check(struct braid_store *st, const char *doc, int64_t start, int64_t end,
		     struct braid_err *err)
{
	int64_t id, chars = 0;
	int rc = doc_info(st, doc, &id, &chars, err);

	if (rc)
		return rc;
	if (start < 0 || end <= start)
		return braid_errorf(err, BRAID_EINVAL,
				    "bad range %lld:%lld: expected START:END with START < END",
				    (long long)start, (long long)end);
	if (end > chars)
		return braid_errorf(err, BRAID_EINVAL,
				    "range %lld:%lld goes past the end of '%s' (%lld characters)",
				    (long long)start, (long long)end, doc, (long long)chars);
	return 0;
}

int braid_span_turns(struct braid_store *st, const char *doc, int64_t n, int64_t m, int64_t *start,
		     int64_t *end, struct braid_err *err)
{
	sqlite3_stmt *s;
	int64_t id, nturns = 0;
	int rc = doc_info(st, doc, &id, NULL, err);

	if (rc)
		return rc;
	if (db_prepare(st,
		       "SELECT (SELECT start_cp FROM turns WHERE doc_id = ?1 AND idx = ?2),"
		       " (SELECT end_cp FROM turns WHERE doc_id = ?1 AND idx = ?3),"
		       " (SELECT count(*) FROM turns WHERE doc_id = ?1)",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, n);
	sqlite3_bind_int64(s, 3, m);
	if (sqlite3_step(s) == SQLITE_ROW) {
		nturns = sqlite3_column_int64(s, 2);
		if (n >= 1 && m >= n && m <= nturns) {
			*start = sqlite3_column_int64(s, 0);
			*end = sqlite3_column_int64(s, 1);
		}
	}
	sqlite3_finalize(s);
	if (n < 1 || m < n)
		return braid_errorf(err, BRAID_EINVAL, "bad turn range %lld-%lld", (long long)n,
				    (long long)m);
	if (m > nturns)
		return braid_errorf(err, BRAID_EINVAL, "no turn %lld in '%s' (it has %lld turns)",
				    (long long)m, doc, (long long)nturns);
	return 0;
}

struct sentence_walk {
	int64_t want, seen;
	int64_t *start, *end;
	struct braid_span *spans;
	size_t alloc;
};

static int sentence_turn(const struct braid_turn_row *t, void *ctx)
{
	struct sentence_walk *w = ctx;
	size_t n = braid_text_sentences(t->text, t->text_len, &w->spans, &w->alloc);

	if (w->seen + (int64_t)n >= w->want) {
		const struct braid_span *sp = &w->spans[w->want - w->seen - 1];

		*w->start = t->start + (int64_t)braid_cp_count(t->text, sp->start);
		*w->end = *w->start + (int64_t)braid_cp_count(t->text + sp->start, sp->end - sp->start);
		return 1;
	}
	w->seen += (int64_t)n;
	return 0;
}

int braid_span_sentence(struct braid_store *st, const char *doc, int64_t n, int64_t *start,
			int64_t *end, struct braid_err *err)
{
	struct sentence_walk w = { .want = n, .start = start, .end = end };
	int rc;

	if (n < 1)
		return braid_errorf(err, BRAID_EINVAL, "sentences are numbered from 1");
	rc = braid_corpus_turns(st, doc, NULL, sentence_turn, &w, err);
	free(w.spans);
	if (rc == 1)
		return 0;
	if (rc)
		return rc;
	return braid_errorf(err, BRAID_EINVAL, "no sentence %lld in '%s' (it has %lld)",
			    (long long)n, doc, (long long)w.seen);
}

int braid_span_match(struct braid_store *st, const char *doc, const char *text, int all,
		     int (*cb)(int64_t start, int64_t end, void *ctx), void *ctx,
		     struct braid_err *err)
{
	struct strbuf body = STRBUF_INIT, needle = STRBUF_INIT;
	size_t from = 0, cp = 0, cp_byte = 0, found = 0;
	int rc;

	if (!*text || !braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "--match needs some (UTF-8) text");
	braid_text_nfc(text, strlen(text), &needle);
	rc = braid_corpus_text(st, doc, &body, err);
	while (!rc) {
		const char *hit = body.len >= from + needle.len
					  ? memmem(body.buf + from, body.len - from, needle.buf, needle.len)
					  : NULL;
		size_t b;
		int64_t s;

		if (!hit)
			break;
		b = (size_t)(hit - body.buf);
		cp += braid_cp_count(body.buf + cp_byte, b - cp_byte);
		cp_byte = b;
		s = (int64_t)cp;
		found++;
		rc = cb(s, s + (int64_t)braid_cp_count(needle.buf, needle.len), ctx);
		if (!all)
			break;
		from = b + needle.len;
	}
	if (!rc && !found)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "'%s' does not occur in '%s'", text, doc);
	strbuf_release(&body);
	strbuf_release(&needle);
	return rc;
}

/* ---- codings ---- */

static int code_for_coding(struct braid_store *st, const char *ref, int64_t *id,
			   struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = braid_code_find(st, ref, id, err);

	if (rc)
		return rc;
	if (db_prepare(st,
		       "SELECT c.status, m.slug FROM codes c LEFT JOIN codes m ON m.id = c.merged_into"
		       " WHERE c.id = ?",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, *id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *status = db_col_text(s, 0);

		if (!strcmp(status, "retired"))
			rc = braid_errorf(err, BRAID_EINVAL, "code '%s' is retired", ref);
		else if (!strcmp(status, "merged"))
			rc = braid_errorf(err, BRAID_EINVAL, "code '%s' was merged into '%s'", ref,
					  db_col_text(s, 1));
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_coding_add(struct braid_store *st, const struct braid_coding_new *c, int64_t *id,
		     int *created, struct braid_err *err)
{
	const char *origin = c->origin ? c->origin : "manual";
	int64_t doc, code, coder;
	sqlite3_stmt *s;
	int rc;

	if (strcmp(origin, "manual") && strcmp(origin, "auto") && strcmp(origin, "reconciled"))
		return braid_errorf(err, BRAID_EINVAL,
				    "unknown origin '%s' (expected manual, auto or reconciled)", origin);
	if ((rc = braid_span_check(st, c->doc, c->start, c->end, err)) ||
	    (rc = doc_info(st, c->doc, &doc, NULL, err)) ||
	    (rc = code_for_coding(st, c->code, &code, err)) ||
	    (rc = braid_store_coder(st, c->coder, 1, &coder, err)))
		return rc;
	if (db_prepare(st,
		       "INSERT OR IGNORE INTO codings(doc_id, start_cp, end_cp, code_id, coder_id,"
		       " origin, status, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, c->start);
	sqlite3_bind_int64(s, 3, c->end);
	sqlite3_bind_int64(s, 4, code);
	sqlite3_bind_int64(s, 5, coder);
	db_bind_text(s, 6, origin, -1);
	db_bind_text(s, 7, strcmp(origin, "auto") ? "accepted" : "pending", -1);
	db_bind_text(s, 8, c->memo && *c->memo ? c->memo : NULL, -1);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, err, "cannot add the coding");
	sqlite3_finalize(s);
	if (rc)
		return rc;
	*created = sqlite3_changes(braid_store_db(st)) > 0;
	if (*created) {
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
		return 0;
	}
	if (db_prepare(st,
		       "SELECT id FROM codings WHERE doc_id = ? AND start_cp = ? AND end_cp = ?"
		       " AND code_id = ? AND coder_id = ?",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, c->start);
	sqlite3_bind_int64(s, 3, c->end);
	sqlite3_bind_int64(s, 4, code);
	sqlite3_bind_int64(s, 5, coder);
	if (sqlite3_step(s) == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return 0;
}

static int one_row_changed(struct braid_store *st, const char *sql, int64_t id, const char *text,
			   struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st, sql, &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, id);
	if (text)
		db_bind_text(s, 2, text, -1);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, err, "cannot change the coding");
	sqlite3_finalize(s);
	if (!rc && sqlite3_changes(braid_store_db(st)) == 0)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no coding %lld", (long long)id);
	return rc;
}

int braid_coding_rm(struct braid_store *st, int64_t id, struct braid_err *err)
{
	return one_row_changed(st, "DELETE FROM codings WHERE id = ?1", id, NULL, err);
}

int braid_coding_review(struct braid_store *st, int64_t id, const char *status,
			struct braid_err *err)
{
	if (strcmp(status, "accepted") && strcmp(status, "rejected"))
		return braid_errorf(err, BRAID_EINVAL, "a review is 'accepted' or 'rejected', not '%s'",
				    status);
	return one_row_changed(st, "UPDATE codings SET status = ?2 WHERE id = ?1", id, status, err);
}

/*
 * The turn a span starts in (the last turn starting at or before it), with its
 * speaker and case. Used by listings and counts.
 */
#define CODING_TURN_JOIN                                                                         \
	" LEFT JOIN turns t ON t.id = (SELECT tt.id FROM turns tt WHERE tt.doc_id = g.doc_id"    \
	"   AND tt.start_cp <= g.start_cp ORDER BY tt.idx DESC LIMIT 1)"                          \
	" LEFT JOIN speakers sp ON sp.id = t.speaker_id"                                         \
	" LEFT JOIN cases sc ON sc.id = sp.case_id"                                              \
	" LEFT JOIN cases dc ON dc.id = d.case_id"

#define CODE_SUBTREE                                                                             \
	"(WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL SELECT c2.id FROM codes c2"             \
	" JOIN sub ON c2.parent_id = sub.id) SELECT id FROM sub)"

/* Walks a document text by increasing code-point offsets without rescanning it. */
struct cp_cursor {
	const char *text;
	size_t len, cp, byte;
};

static size_t cursor_byte(struct cp_cursor *c, size_t cp)
{
	if (cp < c->cp) {
		c->cp = 0;
		c->byte = 0;
	}
	c->byte += braid_cp_to_byte(c->text + c->byte, c->len - c->byte, cp - c->cp);
	c->cp = cp;
	return c->byte;
}

int braid_codings_each(struct braid_store *st, const struct braid_coding_filter *f,
		       braid_coding_cb cb, void *ctx, struct braid_err *err)
{
	static const struct braid_coding_filter none = { 0 };
	struct strbuf text = STRBUF_INIT;
	struct cp_cursor cur = { 0 };
	int64_t code = 0, cur_doc = -1;
	sqlite3_stmt *s;
	int rc = 0;

	if (!f)
		f = &none;
	if (f->code && (rc = braid_code_find(st, f->code, &code, err)))
		return rc;
	if (db_prepare(st,
		       "SELECT g.id, d.name, c.slug, c.name, cd.name, g.origin, g.status, g.memo,"
		       " g.created, g.start_cp, g.end_cp, sp.label, sp.role,"
		       " coalesce(sc.name, dc.name), coalesce(t.idx, 0), d.id, d.text"
		       " FROM codings g JOIN documents d ON d.id = g.doc_id"
		       " JOIN codes c ON c.id = g.code_id JOIN coders cd ON cd.id = g.coder_id"
		       CODING_TURN_JOIN
		       " WHERE (?1 IS NULL OR d.name = ?1)"
		       " AND (?2 = 0 OR (?3 AND g.code_id IN " CODE_SUBTREE ") OR g.code_id = ?2)"
		       " AND (?4 IS NULL OR cd.name = ?4)"
		       " AND (?5 IS NULL OR coalesce(sc.name, dc.name) = ?5)"
		       " AND (?6 IS NULL OR g.origin = ?6)"
		       " AND (?7 IS NULL OR g.status = ?7)"
		       " AND (?7 IS NOT NULL OR ?8 OR g.status != 'rejected')"
		       " ORDER BY d.name, g.start_cp, g.end_cp, c.slug, cd.name",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, f->doc, -1);
	sqlite3_bind_int64(s, 2, code);
	sqlite3_bind_int(s, 3, f->children != 0);
	db_bind_text(s, 4, f->coder, -1);
	db_bind_text(s, 5, f->case_name, -1);
	db_bind_text(s, 6, f->origin, -1);
	db_bind_text(s, 7, f->status, -1);
	sqlite3_bind_int(s, 8, f->include_rejected != 0);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		int64_t start = sqlite3_column_int64(s, 9), end = sqlite3_column_int64(s, 10);
		struct braid_coding_row r = {
			.id = sqlite3_column_int64(s, 0),
			.doc = db_col_text(s, 1),
			.code = db_col_text(s, 2),
			.code_name = db_col_text(s, 3),
			.coder = db_col_text(s, 4),
			.origin = db_col_text(s, 5),
			.status = db_col_text(s, 6),
			.memo = col_or_null(s, 7),
			.created = db_col_text(s, 8),
			.start = start,
			.end = end,
			.speaker = col_or_null(s, 11),
			.role = col_or_null(s, 12),
			.case_name = col_or_null(s, 13),
			.turn = sqlite3_column_int64(s, 14),
		};
		size_t b0, b1;

		/* the document text is read once per document, not once per coding */
		if (sqlite3_column_int64(s, 15) != cur_doc) {
			cur_doc = sqlite3_column_int64(s, 15);
			strbuf_reset(&text);
			strbuf_add(&text, sqlite3_column_text(s, 16), (size_t)sqlite3_column_bytes(s, 16));
			cur = (struct cp_cursor){ text.buf, text.len, 0, 0 };
		}
		b0 = cursor_byte(&cur, (size_t)start);
		b1 = b0 + braid_cp_to_byte(text.buf + b0, text.len - b0, (size_t)(end - start));
		r.text = text.buf + b0;
		r.text_len = b1 - b0;
		r.words = (int64_t)braid_text_words(r.text, r.text_len);
		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	strbuf_release(&text);
	return rc;
}

/* ---- memos ---- */

/* Parses "project", "doc:NAME", "code:REF", "segment:N" into a target kind and id. */
static int memo_target(struct braid_store *st, const char *on, const char **kind, int64_t *id,
		       struct braid_err *err)
{
	const char *colon = strchr(on, ':');
	const char *arg = colon ? colon + 1 : NULL;
	size_t n = colon ? (size_t)(colon - on) : strlen(on);

	*id = 0;
	if (n == 7 && !strncmp(on, "project", 7) && !colon) {
		*kind = "project";
		return 0;
	}
	if (!arg || !*arg)
		return braid_errorf(err, BRAID_EINVAL,
				    "bad memo target '%s' (expected project, doc:NAME, code:CODE or "
				    "segment:N)", on);
	if (n == 3 && !strncmp(on, "doc", 3)) {
		*kind = "doc";
		return doc_info(st, arg, id, NULL, err);
	}
	if (n == 4 && !strncmp(on, "code", 4)) {
		*kind = "code";
		return braid_code_find(st, arg, id, err);
	}
	if (n == 7 && !strncmp(on, "segment", 7)) {
		sqlite3_stmt *s;
		char *end;
		int found;

		*kind = "segment";
		*id = strtoll(arg, &end, 10);
		if (*end || *id <= 0)
			return braid_errorf(err, BRAID_EINVAL, "bad segment '%s': expected a coding id",
					    arg);
		if (db_prepare(st, "SELECT 1 FROM codings WHERE id = ?", &s, err))
			return err ? err->code : BRAID_EDB;
		sqlite3_bind_int64(s, 1, *id);
		found = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
		return found ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no coding %s", arg);
	}
	return braid_errorf(err, BRAID_EINVAL,
			    "bad memo target '%s' (expected project, doc:NAME, code:CODE or segment:N)",
			    on);
}

int braid_memo_add(struct braid_store *st, const char *on, const char *coder, const char *text,
		   int64_t *id, struct braid_err *err)
{
	const char *kind;
	int64_t target, coder_id;
	sqlite3_stmt *s;
	int rc;

	if (!text || !*text || !braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "a memo needs some (UTF-8) text");
	if ((rc = memo_target(st, on, &kind, &target, err)) ||
	    (rc = braid_store_coder(st, coder, 1, &coder_id, err)))
		return rc;
	if (db_prepare(st, "INSERT INTO memos(target, target_id, coder_id, text) VALUES (?, ?, ?, ?)",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, kind, -1);
	if (target)
		sqlite3_bind_int64(s, 2, target);
	sqlite3_bind_int64(s, 3, coder_id);
	db_bind_text(s, 4, text, -1);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, err, "cannot add the memo");
	sqlite3_finalize(s);
	if (!rc)
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
	return rc;
}

int braid_memos_each(struct braid_store *st, const char *on,
		     int (*cb)(const struct braid_memo_row *row, void *ctx), void *ctx,
		     struct braid_err *err)
{
	const char *kind = NULL;
	int64_t target = 0;
	sqlite3_stmt *s;
	int rc = 0;

	if (on && (rc = memo_target(st, on, &kind, &target, err)))
		return rc;
	if (db_prepare(st,
		       "SELECT m.id, m.target, CASE m.target WHEN 'doc' THEN d.name"
		       " WHEN 'code' THEN c.slug WHEN 'segment' THEN CAST(m.target_id AS TEXT) END,"
		       " cd.name, m.text, m.created FROM memos m JOIN coders cd ON cd.id = m.coder_id"
		       " LEFT JOIN documents d ON m.target = 'doc' AND d.id = m.target_id"
		       " LEFT JOIN codes c ON m.target = 'code' AND c.id = m.target_id"
		       " WHERE ?1 IS NULL OR (m.target = ?1 AND coalesce(m.target_id, 0) = ?2)"
		       " ORDER BY m.id",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, kind, -1);
	sqlite3_bind_int64(s, 2, target);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct braid_memo_row r = {
			.id = sqlite3_column_int64(s, 0),
			.target = db_col_text(s, 1),
			.target_ref = col_or_null(s, 2),
			.coder = db_col_text(s, 3),
			.text = db_col_text(s, 4),
			.created = db_col_text(s, 5),
		};

		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- coders ---- */

int braid_coders_each(struct braid_store *st,
		      int (*cb)(const struct braid_coder_row *row, void *ctx), void *ctx,
		      struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (db_prepare(st,
		       "SELECT name, created,"
		       " (SELECT count(*) FROM codings g WHERE g.coder_id = k.id"
		       "   AND g.status != 'rejected'),"
		       " (SELECT count(*) FROM codes c WHERE c.created_by = k.id),"
		       " (SELECT count(*) FROM memos m WHERE m.coder_id = k.id)"
		       " FROM coders k ORDER BY name",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct braid_coder_row r = {
			.name = db_col_text(s, 0),
			.created = db_col_text(s, 1),
			.codings = sqlite3_column_int64(s, 2),
			.codes = sqlite3_column_int64(s, 3),
			.memos = sqlite3_column_int64(s, 4),
		};

		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- counts ---- */

static const char *group_sql(enum braid_stats_by by)
{
	switch (by) {
	case BRAID_BY_DOC: return "d.name";
	case BRAID_BY_CASE: return "coalesce(sc.name, dc.name, '')";
	case BRAID_BY_CODER: return "cd.name";
	default: return "''";
	}
}

/* Adds the words of the union of one code's segments in one group and document. */
struct words_acc {
	struct braid_store *st;
	sqlite3_stmt *add;
	struct cp_cursor cur;
	int64_t code, start, end; /* the interval being merged; end 0: none */
	const char *grp;
	struct strbuf grp_buf;
};

static int flush_words(struct words_acc *w, struct braid_err *err)
{
	size_t b0, b1;
	int rc;

	if (!w->end)
		return 0;
	b0 = cursor_byte(&w->cur, (size_t)w->start);
	b1 = b0 + braid_cp_to_byte(w->cur.text + b0, w->cur.len - b0, (size_t)(w->end - w->start));
	sqlite3_bind_int64(w->add, 1, (int64_t)braid_text_words(w->cur.text + b0, b1 - b0));
	sqlite3_bind_int64(w->add, 2, w->code);
	db_bind_text(w->add, 3, w->grp_buf.buf, -1);
	rc = sqlite3_step(w->add) == SQLITE_DONE ? 0 : db_error(w->st, err, "cannot count words");
	sqlite3_reset(w->add);
	w->end = 0;
	return rc;
}

static int count_words_coded(struct braid_store *st, enum braid_stats_by by, struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT, text = STRBUF_INIT;
	struct words_acc w = { .st = st };
	sqlite3_stmt *s = NULL, *doc = NULL;
	int64_t cur_doc = -1;
	int rc;

	strbuf_init(&w.grp_buf, 0);
	strbuf_addf(&sql,
		    "SELECT g.doc_id, g.code_id, %s, g.start_cp, g.end_cp"
		    " FROM codings g JOIN documents d ON d.id = g.doc_id"
		    " JOIN coders cd ON cd.id = g.coder_id" CODING_TURN_JOIN
		    " WHERE g.status != 'rejected' ORDER BY g.doc_id, g.code_id, 3, g.start_cp",
		    group_sql(by));
	rc = db_prepare(st, sql.buf, &s, err);
	if (!rc)
		rc = db_prepare(st, "SELECT text FROM documents WHERE id = ?", &doc, err);
	if (!rc)
		rc = db_prepare(st,
				"UPDATE temp.stats_acc SET words = words + ?1 WHERE code_id = ?2"
				" AND grp = ?3",
				&w.add, err);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(s, 0), code = sqlite3_column_int64(s, 1);
		const char *grp = db_col_text(s, 2);
		int64_t start = sqlite3_column_int64(s, 3), end = sqlite3_column_int64(s, 4);

		if (d != cur_doc || code != w.code || strcmp(grp, w.grp_buf.buf) || start > w.end) {
			rc = flush_words(&w, err);
			if (rc)
				break;
			if (d != cur_doc) {
				cur_doc = d;
				strbuf_reset(&text);
				sqlite3_bind_int64(doc, 1, d);
				if (sqlite3_step(doc) == SQLITE_ROW)
					strbuf_add(&text, sqlite3_column_text(doc, 0),
						   (size_t)sqlite3_column_bytes(doc, 0));
				sqlite3_reset(doc);
				w.cur = (struct cp_cursor){ text.buf, text.len, 0, 0 };
			}
			w.code = code;
			strbuf_reset(&w.grp_buf);
			strbuf_addstr(&w.grp_buf, grp);
			w.start = start;
			w.end = end;
		} else if (end > w.end) {
			w.end = end; /* overlapping segments count once */
		}
	}
	if (!rc)
		rc = flush_words(&w, err);
	sqlite3_finalize(s);
	sqlite3_finalize(doc);
	sqlite3_finalize(w.add);
	strbuf_release(&sql);
	strbuf_release(&text);
	strbuf_release(&w.grp_buf);
	return rc;
}

int braid_code_stats(struct braid_store *st, enum braid_stats_by by,
		     int (*cb)(const struct braid_stats_row *row, void *ctx), void *ctx,
		     struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	rc = db_exec(st,
		     "CREATE TEMP TABLE IF NOT EXISTS stats_acc(code_id INTEGER, grp TEXT,"
		     " segments INTEGER, words INTEGER, docs INTEGER, cases INTEGER,"
		     " PRIMARY KEY (code_id, grp)); DELETE FROM temp.stats_acc;",
		     err);
	if (rc)
		return rc;
	strbuf_addf(&sql,
		    "INSERT INTO temp.stats_acc SELECT g.code_id, %s, count(*), 0,"
		    " count(DISTINCT g.doc_id), count(DISTINCT coalesce(sc.name, dc.name))"
		    " FROM codings g JOIN documents d ON d.id = g.doc_id"
		    " JOIN coders cd ON cd.id = g.coder_id" CODING_TURN_JOIN
		    " WHERE g.status != 'rejected' GROUP BY 1, 2",
		    group_sql(by));
	rc = db_exec(st, sql.buf, err);
	if (!rc)
		rc = count_words_coded(st, by, err);
	if (!rc)
		rc = db_prepare(st,
				CODE_TREE_CTE
				" SELECT c.slug, c.name, t.depth, a.grp, coalesce(a.segments, 0),"
				" coalesce(a.words, 0), coalesce(a.docs, 0), coalesce(a.cases, 0)"
				" FROM tree t JOIN codes c ON c.id = t.id"
				" LEFT JOIN temp.stats_acc a ON a.code_id = c.id"
				" WHERE c.status = 'active' OR a.code_id IS NOT NULL"
				" ORDER BY t.path, a.grp",
				&s, err);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct braid_stats_row r = {
			.code = db_col_text(s, 0),
			.code_name = db_col_text(s, 1),
			.depth = sqlite3_column_int(s, 2),
			.group = by == BRAID_BY_NONE ? NULL : col_or_null(s, 3),
			.segments = sqlite3_column_int64(s, 4),
			.words = sqlite3_column_int64(s, 5),
			.docs = sqlite3_column_int64(s, 6),
			.cases = sqlite3_column_int64(s, 7),
		};

		if (r.group && !*r.group)
			r.group = "(no case)";
		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	strbuf_release(&sql);
	return rc;
}
