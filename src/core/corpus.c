/* corpus.c - listings of documents, speakers, turns and cases (see corpus.h). */
#include <string.h>

#include "braid/corpus.h"
#include "braid/text.h"
#include "braid/transcript.h"
#include "db.h"

enum braid_case_of braid_turn_case(const char *role, int speaker_has_case, int doc_has_case)
{
	if (role && (!strcmp(role, "interviewer") || !strcmp(role, "moderator")))
		return BRAID_CASE_NONE;
	if (role && speaker_has_case)
		return BRAID_CASE_SPEAKER;
	return doc_has_case ? BRAID_CASE_DOC : BRAID_CASE_NONE;
}

static const char *col_or_null(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

#define DOC_SELECT                                                                              \
	"SELECT d.id, d.name, d.kind, d.format, d.source, d.language, d.imported, c.name,"       \
	" (SELECT count(*) FROM turns t WHERE t.doc_id = d.id),"                                \
	" (SELECT count(*) FROM speakers s WHERE s.doc_id = d.id), d.words, d.chars, d.guid"   \
	" FROM documents d LEFT JOIN cases c ON c.id = d.case_id"

struct doc_walk {
	braid_doc_cb cb;
	void *ctx;
	int n;
};

static int doc_row(sqlite3_stmt *s, void *ctx)
{
	struct doc_walk *w = ctx;
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
		.guid = db_col_text(s, 12),
	};

	w->n++;
	return w->cb(&r, w->ctx);
}

static int each_doc(struct braid_store *st, const char *name, braid_doc_cb cb, void *ctx,
		    struct braid_err *err)
{
	struct doc_walk w = { cb, ctx, 0 };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, name ? DOC_SELECT " WHERE d.name = ?" : DOC_SELECT " ORDER BY d.name",
			     &s, err)))
		return rc;
	if (name)
		db_bind_text(s, 1, name, -1);
	rc = db_each(st, s, doc_row, &w, "cannot list the documents", err);
	sqlite3_finalize(s);
	if (!rc && name && !w.n)
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

/* A document's base file name: the part of its source after the last '/'. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

struct doc_match {
	const char *ref;
	int64_t id;
	int n;
	struct strbuf names;
};

static int match_source(sqlite3_stmt *s, void *ctx)
{
	struct doc_match *m = ctx;
	const char *src = db_col_text(s, 2);

	if (strcmp(src, m->ref) && strcmp(base_name(src), m->ref))
		return 0;
	if (!m->n++)
		m->id = sqlite3_column_int64(s, 0);
	strbuf_addf(&m->names, "%s'%s'", m->names.len ? ", " : "", db_col_text(s, 1));
	return 0;
}

int braid_doc_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err)
{
	struct doc_match m = { .ref = ref };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT id FROM documents WHERE name = ?", &s, err)))
		return rc;
	db_bind_text(s, 1, ref, -1);
	rc = db_one(st, s, "cannot look up a document", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc)
		return rc < 0 ? rc : 0;
	/* else the file it was read from: its path as given, or its file name */
	strbuf_init(&m.names, 0);
	if ((rc = db_prepare(st, "SELECT id, name, source FROM documents WHERE source IS NOT NULL"
				 " ORDER BY name", &s, err)))
		return rc;
	rc = db_each(st, s, match_source, &m, "cannot look up a document", err);
	sqlite3_finalize(s);
	if (!rc && m.n == 1)
		*id = m.id;
	else if (!rc && m.n > 1)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "'%s' is the file of several documents (%s): name one of them", ref,
				  m.names.buf);
	else if (!rc)
		rc = db_not_found(st, err, "document", ref, "SELECT name FROM documents");
	strbuf_release(&m.names);
	return rc;
}

static int doc_id(struct braid_store *st, const char *name, int64_t *id, struct braid_err *err)
{
	return braid_doc_find(st, name, id, err);
}

/*
 * Each speaker's turns are counted in one pass over the turns (of the
 * document, or all), grouped by speaker: joining turns to each speaker would
 * walk a document's turns once per speaker.
 */
#define SPEAKERS_SQL(turns_where, where)                                                         \
	"SELECT s.id, d.name, s.label, s.role, " TURN_CASE_SQL("s.role", "c.name", "NULL") ","  \
	" coalesce(a.n, 0), coalesce(a.words, 0)"                                                \
	" FROM speakers s JOIN documents d ON d.id = s.doc_id"                                   \
	" LEFT JOIN cases c ON c.id = s.case_id"                                                 \
	" LEFT JOIN (SELECT speaker_id, count(*) AS n, sum(words) AS words, min(idx) AS first"   \
	"   FROM turns" turns_where " GROUP BY speaker_id) a ON a.speaker_id = s.id" where        \
	" ORDER BY d.name, a.first, s.id"

struct speaker_walk {
	braid_speaker_cb cb;
	void *ctx;
};

static int speaker_row(sqlite3_stmt *s, void *ctx)
{
	struct speaker_walk *w = ctx;
	struct braid_speaker_row r = {
		.id = sqlite3_column_int64(s, 0),
		.doc = db_col_text(s, 1),
		.label = db_col_text(s, 2),
		.role = db_col_text(s, 3),
		.case_name = col_or_null(s, 4),
		.turns = sqlite3_column_int64(s, 5),
		.words = sqlite3_column_int64(s, 6),
	};

	return w->cb(&r, w->ctx);
}

int braid_corpus_speakers(struct braid_store *st, const char *doc, braid_speaker_cb cb, void *ctx,
			  struct braid_err *err)
{
	struct speaker_walk w = { cb, ctx };
	sqlite3_stmt *s;
	int64_t id = 0;
	int rc = 0;

	if (doc && (rc = doc_id(st, doc, &id, err)))
		return rc;
	if ((rc = db_prepare(st,
			     id ? SPEAKERS_SQL(" WHERE doc_id = ?1", " WHERE s.doc_id = ?1")
				: SPEAKERS_SQL("", ""),
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_each(st, s, speaker_row, &w, "cannot list the speakers", err);
	sqlite3_finalize(s);
	return rc;
}

/* One turn of the rendering: the separator before it, its label, its utterance. */
struct render {
	struct strbuf *out;
	int64_t cp, n;
	const char *doc;
	struct braid_err *err;
};

static int render_turn(sqlite3_stmt *s, void *ctx)
{
	struct render *r = ctx;
	const char *label = db_col_text(s, 0);
	int64_t start = sqlite3_column_int64(s, 1);

	if (r->n++) {
		strbuf_add(r->out, "\n\n", 2);
		r->cp += 2;
	}
	if (strcmp(label, BRAID_PSEUDO_SPEAKER)) {
		strbuf_addf(r->out, "%s: ", label);
		r->cp += (int64_t)braid_cp_count(label, strlen(label)) + 2;
	}
	if (r->cp != start)
		return braid_errorf(r->err, BRAID_EDB,
				    "document '%s' is damaged: turn %lld starts at %lld, its text "
				    "puts it at %lld",
				    r->doc, (long long)sqlite3_column_int64(s, 3), (long long)start,
				    (long long)r->cp);
	strbuf_add(r->out, sqlite3_column_text(s, 2), (size_t)sqlite3_column_bytes(s, 2));
	r->cp += sqlite3_column_int64(s, 4) - start;
	return 0;
}

int braid_corpus_text_of(struct braid_store *st, int64_t id, struct strbuf *out,
			 struct braid_err *err)
{
	struct render r = { out, 0, 0, "", err };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     "SELECT sp.label, t.start_cp, tt.text, t.idx, t.end_cp"
			     " FROM turns t JOIN speakers sp ON sp.id = t.speaker_id"
			     " JOIN turn_texts tt ON tt.id = t.id"
			     " WHERE t.doc_id = ? ORDER BY t.start_cp",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_each(st, s, render_turn, &r, "cannot read a document's text", err);
	sqlite3_finalize(s);
	return rc;
}

int braid_corpus_text(struct braid_store *st, const char *doc, struct strbuf *out,
		      struct braid_err *err)
{
	int64_t id;
	int rc = doc_id(st, doc, &id, err);

	return rc ? rc : braid_corpus_text_of(st, id, out, err);
}

struct turns_walk {
	const char *doc;
	braid_turn_cb cb;
	void *ctx;
};

static int turn_row(sqlite3_stmt *s, void *ctx)
{
	struct turns_walk *w = ctx;
	struct braid_turn_row r = {
		.id = sqlite3_column_int64(s, 0),
		.idx = sqlite3_column_int64(s, 1),
		.doc = w->doc,
		.speaker = db_col_text(s, 2),
		.role = db_col_text(s, 3),
		.case_name = db_col_null(s, 4),
		.start = sqlite3_column_int64(s, 5),
		.end = sqlite3_column_int64(s, 6),
		.start_ms = sqlite3_column_type(s, 7) == SQLITE_NULL ? BRAID_NO_TIME
								     : sqlite3_column_int64(s, 7),
		.end_ms = sqlite3_column_type(s, 8) == SQLITE_NULL ? BRAID_NO_TIME
								   : sqlite3_column_int64(s, 8),
		.words = sqlite3_column_int64(s, 9),
		.text = db_col_text(s, 10),
		.text_len = (size_t)sqlite3_column_bytes(s, 10),
	};

	return w->cb(&r, w->ctx);
}

int braid_corpus_turns(struct braid_store *st, const char *doc, const char *speaker,
		       braid_turn_cb cb, void *ctx, struct braid_err *err)
{
	struct turns_walk w = { doc, cb, ctx };
	sqlite3_stmt *s = NULL;
	int64_t id;
	int rc;

	if ((rc = doc_id(st, doc, &id, err)))
		return rc;
	/* each turn's text on its own: no turn costs the whole document */
	rc = db_prepare(st,
			"SELECT t.id, t.idx, s.label, s.role,"
			" " TURN_CASE_SQL("s.role", "sc.name", "dc.name") ","
			" t.start_cp, t.end_cp, t.start_ms, t.end_ms, t.words, tt.text"
			" FROM turns t JOIN documents d ON d.id = t.doc_id"
			" JOIN speakers s ON s.id = t.speaker_id"
			" JOIN turn_texts tt ON tt.id = t.id"
			" LEFT JOIN cases sc ON sc.id = s.case_id"
			" LEFT JOIN cases dc ON dc.id = d.case_id"
			" WHERE t.doc_id = ?1 AND (?2 IS NULL OR s.label = ?2)"
			" ORDER BY t.start_cp",
			&s, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, speaker, -1);
	rc = db_each(st, s, turn_row, &w, "cannot read the turns", err);
	sqlite3_finalize(s);
	return rc;
}

struct case_walk {
	braid_case_cb cb;
	void *ctx;
};

static int case_row(sqlite3_stmt *s, void *ctx)
{
	struct case_walk *w = ctx;
	struct braid_case_row r = {
		.id = sqlite3_column_int64(s, 0),
		.name = db_col_text(s, 1),
		.docs = sqlite3_column_int64(s, 2),
		.speakers = sqlite3_column_int64(s, 3),
		.turns = sqlite3_column_int64(s, 4),
		.words = sqlite3_column_int64(s, 5),
		.guid = db_col_text(s, 6),
	};

	return w->cb(&r, w->ctx);
}

int braid_corpus_cases(struct braid_store *st, braid_case_cb cb, void *ctx, struct braid_err *err)
{
	struct case_walk w = { cb, ctx };
	sqlite3_stmt *s;
	int rc;

	/*
	 * A turn belongs to a case by braid_turn_case: through its speaker, else
	 * through its document, never an interviewer's or moderator's. Each count
	 * is one pass, grouped by case (a count per case, each over all the
	 * turns, took 7.5 s on 10 MB of transcripts): the turns are first summed
	 * per speaker, then the speakers' sums go to their case. A document
	 * counts for the cases it or its speakers are linked to, a speaker for
	 * its own case (an interviewer for none). "+c.id": without it SQLite 3.40
	 * joins tc without an automatic index, scanning it once per case.
	 */
	if ((rc = db_prepare(st,
			     "WITH per_speaker AS (SELECT speaker_id, count(*) AS n, sum(words) AS words"
			     "  FROM turns GROUP BY speaker_id),"
			     " tc AS (SELECT " TURN_CASE_SQL("s.role", "s.case_id", "d.case_id")
			     "  AS case_id, sum(p.n) AS turns, sum(p.words) AS words"
			     "  FROM per_speaker p JOIN speakers s ON s.id = p.speaker_id"
			     "  JOIN documents d ON d.id = s.doc_id GROUP BY 1),"
			     " spk AS (SELECT doc_id, " TURN_CASE_SQL("role", "case_id", "NULL")
			     "  AS case_id FROM speakers WHERE case_id IS NOT NULL),"
			     " dc AS (SELECT case_id, count(DISTINCT doc_id) AS docs FROM"
			     "  (SELECT case_id, id AS doc_id FROM documents WHERE case_id IS NOT NULL"
			     "   UNION SELECT case_id, doc_id FROM spk WHERE case_id IS NOT NULL)"
			     "  GROUP BY case_id),"
			     " sc AS (SELECT case_id, count(*) AS n FROM spk"
			     "  WHERE case_id IS NOT NULL GROUP BY case_id)"
			     " SELECT c.id, c.name, coalesce(dc.docs, 0), coalesce(sc.n, 0),"
			     " coalesce(tc.turns, 0), coalesce(tc.words, 0), c.guid"
			     " FROM cases c LEFT JOIN dc ON dc.case_id = +c.id"
			     " LEFT JOIN sc ON sc.case_id = +c.id LEFT JOIN tc ON tc.case_id = +c.id"
			     " ORDER BY c.name",
			     &s, err)))
		return rc;
	rc = db_each(st, s, case_row, &w, "cannot list the cases", err);
	sqlite3_finalize(s);
	return rc;
}
