/* search.c - FTS5 and PCRE2 search over turns, keyword in context (see search.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/search.h"
#include "braid/text.h"
#include "braid/transcript.h"
#include "db.h"

/*
 * FTS5 search goes document by document in name order. In each document the
 * index is asked only for the document's turns (its range of turn ids: FTS5
 * seeks rowid ranges in its doclists), in text order, and a turn's text is
 * read only when its hits are handed out: a limit stops the work, not just
 * the output. (See fts_doc for the two ways of getting text order.)
 *
 * The positions come from braid_hits(turns_fts, max), an FTS5 auxiliary
 * function: the phrase instances of the row (xInst), as token ranges,
 * overlapping ones merged as highlight() merges them, mapped to byte
 * offsets by tokenizing the text (xTokenize) only up to the last one
 * wanted. highlight() builds a copy of the whole text with markers, growing
 * its buffer hit by hit, quadratic in a long turn: the first hit in an 8 MB
 * turn took 5.4 s (make bench), now 0.02 s.
 */

/* A hit as braid_hits returns it: byte offsets in the turn text. */
struct hit_range {
	int64_t start, end;
};

struct inst {
	int start, end; /* token indexes, inclusive */
};

struct hits_walk {
	const struct inst *in;
	size_t nin, next; /* the instance range being looked for */
	int pos;          /* index of the next token */
	int64_t open;     /* byte where the current range started */
	struct hit_range *out;
	size_t nout, alloc, want; /* want: stop once this many ranges are known (0: all) */
};

static int inst_cmp(const void *a, const void *b)
{
	const struct inst *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

static int hits_token(void *ctx, int tflags, const char *token, int ntoken, int start, int end)
{
	struct hits_walk *w = ctx;
	int pos;

	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	pos = w->pos++;
	if (w->next >= w->nin)
		return SQLITE_DONE;
	if (pos == w->in[w->next].start)
		w->open = start;
	if (pos == w->in[w->next].end) {
		/* ranges that touch (no byte between them) are one hit, as highlight() makes them */
		if (w->nout && w->out[w->nout - 1].end >= w->open) {
			w->out[w->nout - 1].end = end;
		} else {
			ALLOC_GROW(w->out, w->nout + 1, w->alloc);
			w->out[w->nout++] = (struct hit_range){ w->open, end };
		}
		w->next++;
		/* one range more than wanted proves the ones before it complete */
		if (w->want && w->nout > w->want)
			return SQLITE_DONE;
	}
	return w->next < w->nin ? SQLITE_OK : SQLITE_DONE;
}

/* braid_hits(turns_fts, max): the hits of the row as a blob of (start, end) byte offsets. */
static void hits_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		    sqlite3_value **val)
{
	struct hits_walk w = { 0 };
	struct inst *in = NULL;
	const char *text;
	int ninst = 0, ntext = 0, rc;
	size_t n = 0;

	w.want = nval > 0 && sqlite3_value_int64(val[0]) > 0 ? (size_t)sqlite3_value_int64(val[0]) : 0;
	rc = api->xInstCount(fts, &ninst);
	if (rc == SQLITE_OK && ninst > 0)
		in = xmalloc((size_t)ninst * sizeof(*in));
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;

		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && col == 0)
			in[n++] = (struct inst){ off, off + api->xPhraseSize(fts, phrase) - 1 };
	}
	qsort(in, n, sizeof(*in), inst_cmp);
	/* overlapping instances are one range */
	w.nin = 0;
	for (size_t i = 0; i < n; i++) {
		if (w.nin && in[i].start <= in[w.nin - 1].end) {
			if (in[i].end > in[w.nin - 1].end)
				in[w.nin - 1].end = in[i].end;
		} else {
			in[w.nin++] = in[i];
		}
	}
	w.in = in;
	if (rc == SQLITE_OK && w.nin)
		rc = api->xColumnText(fts, 0, &text, &ntext);
	if (rc == SQLITE_OK && w.nin) {
		rc = api->xTokenize(fts, text, ntext, &w, hits_token);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (w.want && w.nout > w.want)
		w.nout = w.want;
	free(in);
	if (rc != SQLITE_OK) {
		free(w.out);
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_blob(ctx, w.out ? (const void *)w.out : "", (int)(w.nout * sizeof(*w.out)),
			    SQLITE_TRANSIENT);
	free(w.out);
}

/*
 * braid_take(name, doc): 1 for a row of a document not yet searched (doc,
 * its name, sorts at or after name, the document being searched; see
 * fts_stream). name is passed with sqlite3_bind_pointer, so that it can
 * change while the statement runs.
 */
static void take_fn(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const char *const *cur = sqlite3_value_pointer(val[0], "braid_search_doc");
	const char *doc = (const char *)sqlite3_value_text(val[1]);

	sqlite3_result_int(ctx, cur && *cur && doc && strcmp(doc, *cur) >= 0);
}

/* Registers braid_hits (through the fts5_api) and braid_take on the project's connection. */
static int register_functions(struct braid_store *st, struct braid_err *err)
{
	sqlite3 *db = braid_store_db(st);
	fts5_api *api = NULL;
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "cannot reach the search index");
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (!api || api->xCreateFunction(api, "braid_hits", NULL, hits_fn, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db, "braid_take", 2, SQLITE_UTF8, NULL, take_fn, NULL, NULL,
				       NULL) != SQLITE_OK)
		return braid_errorf(err, BRAID_EDB, "cannot set up the search index's hit positions");
	return 0;
}

static int64_t col_ms(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? BRAID_NO_TIME : sqlite3_column_int64(s, i);
}

/*
 * Hands out the hits of a turn in order; cp and byte are a known code point
 * of the turn and its byte offset, so that a turn with many hits is walked
 * once, not from its start for each hit.
 */
struct emitter {
	size_t byte;
	int64_t cp;
};

static int emit(struct emitter *e, const struct braid_turn_row *turn, size_t hs, size_t he,
		braid_hit_cb cb, void *ctx)
{
	struct braid_hit hit = { turn, hs, he, 0, 0 };

	if (hs < e->byte) {
		e->byte = 0;
		e->cp = 0;
	}
	e->cp += (int64_t)braid_cp_count(turn->text + e->byte, hs - e->byte);
	e->byte = hs;
	hit.doc_start = turn->start + e->cp;
	hit.doc_end = hit.doc_start + (int64_t)braid_cp_count(turn->text + hs, he - hs);
	return cb(&hit, ctx);
}

struct fts_run {
	struct braid_store *st;
	const struct braid_search_opts *o;
	sqlite3_stmt *order;  /* a document's turn ids in text order */
	sqlite3_stmt *stream; /* matching turns from an id on, hits and text for two documents */
	sqlite3_stmt *turns;  /* a document's matching turns in text order, without text */
	sqlite3_stmt *hits;   /* one turn's hits and text */
	const char *doc, *doc_case;
	int64_t lo, hi; /* the document's turn ids */
	int ordered;    /* its ids rise with its turns' starts */
	const char *take; /* braid_take: the name of the document searched */
	int64_t pos;     /* the stream is past every row up to this id; -1: not running */
	int row;         /* the stream stands on a row not yet handed out */
	int done;        /* the stream has no rows after pos */
	braid_hit_cb cb;
	void *ctx;
	size_t n;
	int stop; /* the limit was reached */
	struct braid_err *err;
};

/* The turn columns of r->stream and r->turns (then, in r->stream: doc_id, hits, text). */
#define FTS_TURN_COLS                                                                            \
	"t.id, t.idx, sp.label, sp.role, sc.name, t.start_cp, t.end_cp, t.start_ms, t.end_ms,"   \
	" t.words"
#define FTS_TURN_JOIN                                                                            \
	" JOIN speakers sp ON sp.id = t.speaker_id LEFT JOIN cases sc ON sc.id = sp.case_id"
#define FTS_TURN_FILTER " AND (?5 IS NULL OR sp.label = ?5) AND " ROLE_MATCHES_SQL("?6", "sp.role")

/* The case of a turn of this role, whose speaker's case and document's are given (corpus.h). */
static const char *turn_case(const char *role, const char *speaker_case, const char *doc_case)
{
	switch (braid_turn_case(role, speaker_case != NULL, doc_case != NULL)) {
	case BRAID_CASE_SPEAKER: return speaker_case;
	case BRAID_CASE_DOC: return doc_case;
	default: return NULL;
	}
}

/* Hands out the hits of the turn in row s, whose hits and text are columns col, col + 1 of h. */
static int fts_emit(struct fts_run *r, sqlite3_stmt *s, sqlite3_stmt *h, int col)
{
	struct braid_turn_row turn = {
		.id = sqlite3_column_int64(s, 0),
		.idx = sqlite3_column_int64(s, 1),
		.doc = r->doc,
		.speaker = db_col_text(s, 2),
		.role = db_col_text(s, 3),
		.case_name = turn_case(db_col_text(s, 3), db_col_null(s, 4), r->doc_case),
		.start = sqlite3_column_int64(s, 5),
		.end = sqlite3_column_int64(s, 6),
		.start_ms = col_ms(s, 7),
		.end_ms = col_ms(s, 8),
		.words = sqlite3_column_int64(s, 9),
	};
	const struct hit_range *hit = sqlite3_column_blob(h, col);
	size_t nh = (size_t)sqlite3_column_bytes(h, col) / sizeof(*hit);
	struct emitter e = { 0, 0 };
	int rc = 0;

	turn.text = db_col_text(h, col + 1);
	turn.text_len = (size_t)sqlite3_column_bytes(h, col + 1);
	for (size_t i = 0; !rc && i < nh; i++) {
		rc = emit(&e, &turn, (size_t)hit[i].start, (size_t)hit[i].end, r->cb, r->ctx);
		if (!rc && r->o->limit && ++r->n >= r->o->limit)
			rc = r->stop = 1;
	}
	return rc;
}

/* A turn whose row is s (columns FTS_TURN_COLS): its hits and text from a query of its own. */
static int fts_turn(sqlite3_stmt *s, void *data)
{
	struct fts_run *r = data;
	int rc;

	sqlite3_bind_int64(r->hits, 2, sqlite3_column_int64(s, 0));
	sqlite3_bind_int64(r->hits, 3, r->o->limit ? (int64_t)(r->o->limit - r->n) : 0);
	rc = db_one(r->st, r->hits, "cannot read a turn's hits", r->err);
	if (rc <= 0)
		return rc;
	rc = fts_emit(r, s, r->hits, 0);
	sqlite3_reset(r->hits);
	return rc;
}

/* Notes the range of the document's turn ids, and whether they rise in text order. */
static int order_row(sqlite3_stmt *s, void *data)
{
	struct fts_run *r = data;
	int64_t id = sqlite3_column_int64(s, 0);

	if (r->hi && id < r->hi)
		r->ordered = 0;
	if (!r->lo || id < r->lo)
		r->lo = id;
	if (id > r->hi)
		r->hi = id;
	return 0;
}

/*
 * The turns of document doc from the stream: one query over the index,
 * walking matching turns by id from the first turn of a document on, and
 * going on into the next documents while their ids come later (documents
 * ingested together, in name order: the whole project, usually). So the
 * query, which for a prefix or a phrase costs a pass over its postings, is
 * set up once for a run of documents, not once per document or turn. Its
 * hits and text columns are computed only for rows braid_take lets
 * through, those of documents not searched yet (the stream stops on the
 * first row of a later document, and keeps it for that one).
 */
static int fts_stream(struct fts_run *r, int64_t doc)
{
	sqlite3_stmt *s = r->stream;
	int rc;

	if (r->pos < 0 || r->pos >= r->lo) {
		/* not running, or already past this document's first turn: start again from it */
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 2, r->lo);
		sqlite3_bind_int64(s, 4, r->o->limit ? (int64_t)(r->o->limit - r->n) : 0);
		r->pos = r->lo - 1;
		r->row = r->done = 0;
	} else if (r->done) {
		return 0; /* no matching turn after the last one seen, which came before this one */
	}
	for (;;) {
		int64_t id;

		if (!r->row) {
			int step = sqlite3_step(s);

			if (step == SQLITE_DONE) {
				r->done = 1;
				return 0;
			}
			if (step != SQLITE_ROW) {
				rc = db_error(r->st, r->err, "cannot search the turns");
				sqlite3_reset(s);
				r->pos = -1;
				return rc;
			}
			r->row = 1;
		}
		id = sqlite3_column_int64(s, 0);
		if (id > r->hi)
			return 0; /* a later document's: left for it */
		if (sqlite3_column_int64(s, 10) == doc) {
			/* a row braid_take did not let through (ids out of name order): ask again */
			rc = sqlite3_column_type(s, 11) == SQLITE_NULL ? fts_turn(s, r)
								       : fts_emit(r, s, s, 11);
			if (rc)
				return rc;
		}
		r->pos = id;
		r->row = 0;
	}
}

/*
 * One document: its turn ids first (from the (doc_id, start_cp) index, no
 * text). When they rise in text order (ingest writes them so) the stream
 * gives its matching turns in text order; otherwise its matching turns are
 * listed and sorted first, then each is asked for its hits and text.
 */
static int fts_doc(struct fts_run *r, int64_t doc)
{
	int rc;

	r->lo = r->hi = 0;
	r->ordered = 1;
	sqlite3_bind_int64(r->order, 1, doc);
	if ((rc = db_each(r->st, r->order, order_row, r, "cannot read the turns", r->err)))
		return rc;
	if (!r->lo)
		return 0; /* no turns */
	if (r->ordered)
		return fts_stream(r, doc);
	sqlite3_bind_int64(r->turns, 2, r->lo);
	sqlite3_bind_int64(r->turns, 3, r->hi);
	sqlite3_bind_int64(r->turns, 4, doc);
	return db_each(r->st, r->turns, fts_turn, r, "cannot search the turns", r->err);
}

/* The documents in name order, or the one asked for. */
static int fts_docs(struct fts_run *r, sqlite3_stmt *docs)
{
	struct strbuf name = STRBUF_INIT, kase = STRBUF_INIT;
	int have, rc = 0;

	while (!rc && (have = db_one(r->st, docs, "cannot list the documents", r->err)) == 1) {
		int64_t id = sqlite3_column_int64(docs, 0);

		strbuf_reset(&name);
		strbuf_addstr(&name, db_col_text(docs, 1));
		strbuf_reset(&kase);
		strbuf_addstr(&kase, db_col_text(docs, 2));
		r->doc = r->take = name.buf;
		r->doc_case = sqlite3_column_type(docs, 2) != SQLITE_NULL ? kase.buf : NULL;
		rc = fts_doc(r, id);
	}
	if (!rc && have < 0)
		rc = have;
	sqlite3_reset(docs);
	strbuf_release(&name);
	strbuf_release(&kase);
	return rc;
}

/*
 * Checks the query with the index: a bad query is BRAID_EINVAL; *any is 0
 * when nothing matches (then no document need be looked at).
 */
static int fts_check(struct braid_store *st, const char *query, int *any, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st, "SELECT 1 FROM turns_fts WHERE turns_fts MATCH ?1 LIMIT 1", &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, query, -1);
	rc = sqlite3_step(s);
	*any = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = 0;
	else if ((sqlite3_extended_errcode(braid_store_db(st)) & 0xff) == SQLITE_BUSY ||
		 (sqlite3_extended_errcode(braid_store_db(st)) & 0xff) == SQLITE_LOCKED)
		rc = db_error(st, err, "cannot search");
	else
		rc = braid_errorf(err, BRAID_EINVAL, "bad search query '%s': %s", query,
				  sqlite3_errmsg(braid_store_db(st)));
	sqlite3_finalize(s);
	return rc;
}

static int search_fts(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		      braid_hit_cb cb, void *ctx, struct braid_err *err)
{
	static const char hits_sql[] = "SELECT braid_hits(turns_fts, ?3), text FROM turns_fts"
				       " WHERE turns_fts MATCH ?1 AND rowid = ?2";
	struct fts_run r = { .st = st, .o = o, .cb = cb, .ctx = ctx, .err = err };
	sqlite3_stmt *docs = NULL;
	int any, rc = fts_check(st, query, &any, err);

	if (rc || !any)
		return rc;
	/* braid_hits and braid_take are registered on the connection the first time */
	if (sqlite3_prepare_v2(braid_store_db(st), hits_sql, -1, &r.hits, NULL) != SQLITE_OK &&
	    !(rc = register_functions(st, err)))
		rc = db_prepare(st, hits_sql, &r.hits, err);
	if (!rc)
		rc = db_prepare(st,
				o->doc ? "SELECT d.id, d.name, c.name FROM documents d"
					 " LEFT JOIN cases c ON c.id = d.case_id WHERE d.name = ?1"
				       : "SELECT d.id, d.name, c.name FROM documents d"
					 " LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.name",
				&docs, err);
	if (!rc)
		rc = db_prepare(st, "SELECT id FROM turns WHERE doc_id = ?1 ORDER BY start_cp", &r.order,
				err);
	/* hits and text are columns: read only for the rows that pass the filters and the gate */
	if (!rc)
		rc = db_prepare(st,
				"SELECT " FTS_TURN_COLS ", t.doc_id,"
				" CASE WHEN braid_take(?7, d.name) THEN braid_hits(turns_fts, ?4) END,"
				" CASE WHEN braid_take(?7, d.name) THEN turns_fts.text END"
				" FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid"
				" JOIN documents d ON d.id = t.doc_id" FTS_TURN_JOIN
				" WHERE turns_fts MATCH ?1 AND turns_fts.rowid >= ?2" FTS_TURN_FILTER
				" ORDER BY turns_fts.rowid",
				&r.stream, err);
	if (!rc)
		rc = db_prepare(st,
				"SELECT " FTS_TURN_COLS " FROM turns t" FTS_TURN_JOIN
				" WHERE t.doc_id = ?4 AND t.id IN (SELECT rowid FROM turns_fts"
				"  WHERE turns_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3)" FTS_TURN_FILTER
				" ORDER BY t.start_cp",
				&r.turns, err);
	if (!rc) {
		r.pos = -1;
		db_bind_text(docs, 1, o->doc, -1);
		db_bind_text(r.stream, 1, query, -1);
		db_bind_text(r.stream, 5, o->speaker, -1);
		db_bind_text(r.stream, 6, o->role, -1);
		sqlite3_bind_pointer(r.stream, 7, (void *)&r.take, "braid_search_doc", NULL);
		db_bind_text(r.turns, 1, query, -1);
		db_bind_text(r.turns, 5, o->speaker, -1);
		db_bind_text(r.turns, 6, o->role, -1);
		db_bind_text(r.hits, 1, query, -1);
		rc = fts_docs(&r, docs);
		if (r.stop && rc == 1)
			rc = 0;
	}
	sqlite3_finalize(docs);
	sqlite3_finalize(r.order);
	sqlite3_finalize(r.stream);
	sqlite3_finalize(r.turns);
	sqlite3_finalize(r.hits);
	return rc;
}

struct regex_ctx {
	struct braid_store *st;
	pcre2_code *re;
	pcre2_match_data *md;
	const struct braid_search_opts *o;
	braid_hit_cb cb;
	void *ctx;
	size_t n, ndocs;
	int stop;
	struct braid_err *err;
};

static int regex_turn(const struct braid_turn_row *turn, void *data)
{
	struct regex_ctx *rx = data;
	struct emitter e = { 0, 0 };
	size_t off = 0;
	int rc = 0;

	if (!braid_role_matches(rx->o->role, turn->role))
		return 0;
	while (off <= turn->text_len) {
		int m = pcre2_match(rx->re, (PCRE2_SPTR)turn->text, turn->text_len, off,
				    PCRE2_NO_UTF_CHECK, rx->md, NULL);
		PCRE2_SIZE *ov;

		if (m < 0)
			break;
		ov = pcre2_get_ovector_pointer(rx->md);
		if (ov[1] > ov[0]) {
			rc = emit(&e, turn, ov[0], ov[1], rx->cb, rx->ctx);
			if (rc)
				return rc;
			if (rx->o->limit && ++rx->n >= rx->o->limit)
				return rx->stop = 1;
			off = ov[1];
		} else {
			/* empty match: step one code point on */
			int32_t cp;

			if (ov[1] >= turn->text_len)
				break;
			off = ov[1] + braid_utf8_next(turn->text + ov[1], turn->text_len - ov[1], &cp);
		}
	}
	return 0;
}

/* The turns of one document, each turn's text on its own (braid_corpus_turns). */
static int regex_doc(sqlite3_stmt *s, void *data)
{
	struct regex_ctx *rx = data;

	rx->ndocs++;
	return braid_corpus_turns(rx->st, db_col_text(s, 0), rx->o->speaker, regex_turn, rx,
				  rx->err);
}

static int search_regex(struct braid_store *st, const char *query,
			const struct braid_search_opts *o, braid_hit_cb cb, void *ctx,
			struct braid_err *err)
{
	struct regex_ctx rx = { .st = st, .o = o, .cb = cb, .ctx = ctx, .err = err };
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | (o->case_sensitive ? 0 : PCRE2_CASELESS);
	sqlite3_stmt *docs = NULL;
	PCRE2_SIZE erroff;
	int errcode, rc;

	rx.re = pcre2_compile((PCRE2_SPTR)query, PCRE2_ZERO_TERMINATED, flags, &errcode, &erroff,
			      NULL);
	if (!rx.re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return braid_errorf(err, BRAID_EINVAL, "bad regex '%s' at offset %zu: %s", query,
				    (size_t)erroff, (const char *)msg);
	}
	pcre2_jit_compile(rx.re, PCRE2_JIT_COMPLETE);
	rx.md = pcre2_match_data_create_from_pattern(rx.re, NULL);
	rc = db_prepare(st,
			o->doc ? "SELECT name FROM documents WHERE name = ?1"
			       : "SELECT name FROM documents ORDER BY name",
			&docs, err);
	if (!rc) {
		db_bind_text(docs, 1, o->doc, -1);
		rc = db_each(st, docs, regex_doc, &rx, "cannot search the documents", err);
		if (rx.stop && rc == 1)
			rc = 0;
		if (!rc && o->doc && !rx.ndocs)
			rc = braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", o->doc);
	}
	sqlite3_finalize(docs);
	pcre2_match_data_free(rx.md);
	pcre2_code_free(rx.re);
	return rc;
}

int braid_search(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		 braid_hit_cb cb, void *ctx, struct braid_err *err)
{
	static const struct braid_search_opts defaults = { 0 };

	if (!o)
		o = &defaults;
	if (!*query)
		return braid_errorf(err, BRAID_EINVAL, "empty search query");
	if (!braid_utf8_valid(query, strlen(query)))
		return braid_errorf(err, BRAID_EINVAL, "search query is not valid UTF-8");
	return o->regex ? search_regex(st, query, o, cb, ctx, err)
			: search_fts(st, query, o, cb, ctx, err);
}

static void add_flat(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		strbuf_addch(out, s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i]);
}

void braid_kwic(const char *text, size_t len, size_t hit_start, size_t hit_end, size_t width,
		struct strbuf *left, struct strbuf *right)
{
	size_t b = hit_start, n = 0, e = hit_end;

	/* walk back `width` code points, never splitting one */
	while (b > 0 && n < width) {
		b--;
		while (b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80)
			b--;
		n++;
	}
	add_flat(left, text + b, hit_start - b);
	e += braid_cp_to_byte(text + hit_end, len - hit_end, width);
	add_flat(right, text + hit_end, e - hit_end);
}
