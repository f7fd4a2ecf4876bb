/* corpus.c - listings of documents, speakers, turns and cases (see corpus.h). */
#include <string.h>

#include "braid/corpus.h"
#include "braid/text.h"
#include "braid/transcript.h"
#include "db.h"

static const char *col_or_null(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

#define DOC_SELECT                                                                              \
	"SELECT d.id, d.name, d.kind, d.format, d.source, d.language, d.imported, c.name,"       \
	" (SELECT count(*) FROM turns t WHERE t.doc_id = d.id),"                                \
	" (SELECT count(*) FROM speakers s WHERE s.doc_id = d.id), d.words, d.chars"           \
	" FROM documents d LEFT JOIN cases c ON c.id = d.case_id"

static int each_doc(struct braid_store *st, const char *name, braid_doc_cb cb, void *ctx,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = 0, n = 0, step;

	if (db_prepare(st, name ? DOC_SELECT " WHERE d.name = ?" : DOC_SELECT " ORDER BY d.name", &s,
		       err))
		return err ? err->code : BRAID_EDB;
	if (name)
		db_bind_text(s, 1, name, -1);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct braid_doc_row r = {
			.id = sqlite3_column_int64(s, 0),
			.name = db_col_text(s, 1),
			.kind = db_col_text(s, 2),
			.format = db_col_text(s, 3),
			.source = col_or_null(s, 4),
			.language = col_or_null(s, 5),
			.imported = db_col_text(s, 6),
			.case_name = col_or_null(s, 7),
			.turns = sqlite3_column_int64(s, 8),
			.speakers = sqlite3_column_int64(s, 9),
			.words = sqlite3_column_int64(s, 10),
			.chars = sqlite3_column_int64(s, 11),
		};

		n++;
		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	if (!rc && name && !n)
		return braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", name);
	return rc;
}

int braid_corpus_docs(struct braid_store *st, braid_doc_cb cb, void *ctx, struct braid_err *err)
{
	return each_doc(st, NULL, cb, ctx, err);
}

int braid_corpus_doc(struct braid_store *st, const char *name, braid_doc_cb cb, void *ctx,
		     struct braid_err *err)
{
	return each_doc(st, name, cb, ctx, err);
}

static int doc_id(struct braid_store *st, const char *name, int64_t *id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int found;

	if (db_prepare(st, "SELECT id FROM documents WHERE name = ?", &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, name, -1);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return found ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", name);
}

int braid_corpus_speakers(struct braid_store *st, const char *doc, braid_speaker_cb cb, void *ctx,
			  struct braid_err *err)
{
	sqlite3_stmt *s;
	int64_t id = 0;
	int rc = 0;

	if (doc && (rc = doc_id(st, doc, &id, err)))
		return rc;
	if (db_prepare(st,
		       "SELECT s.id, d.name, s.label, s.role, c.name,"
		       " count(t.id), coalesce(sum(t.words), 0)"
		       " FROM speakers s JOIN documents d ON d.id = s.doc_id"
		       " LEFT JOIN cases c ON c.id = s.case_id"
		       " LEFT JOIN turns t ON t.doc_id = s.doc_id AND t.speaker_id = s.id"
		       " WHERE ?1 = 0 OR s.doc_id = ?1"
		       " GROUP BY s.id ORDER BY d.name, min(t.idx), s.id",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, id);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct braid_speaker_row r = {
			.id = sqlite3_column_int64(s, 0),
			.doc = db_col_text(s, 1),
			.label = db_col_text(s, 2),
			.role = db_col_text(s, 3),
			.case_name = col_or_null(s, 4),
			.turns = sqlite3_column_int64(s, 5),
			.words = sqlite3_column_int64(s, 6),
		};

		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_corpus_text(struct braid_store *st, const char *doc, struct strbuf *out,
		      struct braid_err *err)
{
	sqlite3_stmt *s;
	int found;

	if (db_prepare(st, "SELECT text FROM documents WHERE name = ?", &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, doc, -1);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		strbuf_add(out, sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	return found ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", doc);
}

int braid_corpus_turns(struct braid_store *st, const char *doc, const char *speaker,
		       braid_turn_cb cb, void *ctx, struct braid_err *err)
{
	struct strbuf text = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	size_t cur_cp = 0, cur_byte = 0;
	int rc;

	/* Load the text once and walk it: turns come in offset order. */
	rc = braid_corpus_text(st, doc, &text, err);
	if (rc)
		goto out;
	rc = db_prepare(st,
			"SELECT t.id, t.idx, s.label, s.role, coalesce(sc.name, dc.name),"
			" t.start_cp, t.end_cp, t.start_ms, t.end_ms, t.words"
			" FROM turns t JOIN documents d ON d.id = t.doc_id"
			" JOIN speakers s ON s.id = t.speaker_id"
			" LEFT JOIN cases sc ON sc.id = s.case_id"
			" LEFT JOIN cases dc ON dc.id = d.case_id"
			" WHERE d.name = ?1 AND (?2 IS NULL OR s.label = ?2)"
			" ORDER BY t.idx",
			&s, err);
	if (rc)
		goto out;
	db_bind_text(s, 1, doc, -1);
	db_bind_text(s, 2, speaker, -1);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		int64_t start = sqlite3_column_int64(s, 5), end = sqlite3_column_int64(s, 6);
		size_t b0, b1;
		struct braid_turn_row r = {
			.id = sqlite3_column_int64(s, 0),
			.idx = sqlite3_column_int64(s, 1),
			.doc = doc,
			.speaker = db_col_text(s, 2),
			.role = db_col_text(s, 3),
			.case_name = col_or_null(s, 4),
			.start = start,
			.end = end,
			.start_ms = sqlite3_column_type(s, 7) == SQLITE_NULL ? BRAID_NO_TIME
									     : sqlite3_column_int64(s, 7),
			.end_ms = sqlite3_column_type(s, 8) == SQLITE_NULL ? BRAID_NO_TIME
									   : sqlite3_column_int64(s, 8),
			.words = sqlite3_column_int64(s, 9),
		};

		if ((size_t)start < cur_cp) {
			cur_cp = 0;
			cur_byte = 0;
		}
		b0 = cur_byte + braid_cp_to_byte(text.buf + cur_byte, text.len - cur_byte,
						 (size_t)start - cur_cp);
		b1 = b0 + braid_cp_to_byte(text.buf + b0, text.len - b0, (size_t)(end - start));
		cur_cp = (size_t)end;
		cur_byte = b1;
		r.text = text.buf + b0;
		r.text_len = b1 - b0;
		rc = cb(&r, ctx);
	}
out:
	sqlite3_finalize(s);
	strbuf_release(&text);
	return rc;
}

int braid_corpus_cases(struct braid_store *st, braid_case_cb cb, void *ctx, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	/* A turn belongs to a case through its speaker, or else through its document. */
	if (db_prepare(st,
		       "WITH tc AS (SELECT t.id, t.words, coalesce(s.case_id, d.case_id) AS case_id"
		       "  FROM turns t JOIN speakers s ON s.id = t.speaker_id"
		       "  JOIN documents d ON d.id = t.doc_id WHERE s.role = 'participant'"
		       "  OR s.case_id IS NOT NULL)"
		       " SELECT c.id, c.name,"
		       " (SELECT count(DISTINCT x.doc_id) FROM (SELECT id AS doc_id FROM documents"
		       "   WHERE case_id = c.id UNION SELECT doc_id FROM speakers WHERE case_id = c.id) x),"
		       " (SELECT count(*) FROM speakers WHERE case_id = c.id),"
		       " (SELECT count(*) FROM tc WHERE tc.case_id = c.id),"
		       " (SELECT coalesce(sum(words), 0) FROM tc WHERE tc.case_id = c.id)"
		       " FROM cases c ORDER BY c.name",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct braid_case_row r = {
			.id = sqlite3_column_int64(s, 0),
			.name = db_col_text(s, 1),
			.docs = sqlite3_column_int64(s, 2),
			.speakers = sqlite3_column_int64(s, 3),
			.turns = sqlite3_column_int64(s, 4),
			.words = sqlite3_column_int64(s, 5),
		};

		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	return rc;
}
