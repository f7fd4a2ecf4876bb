/* search.c - FTS5 and PCRE2 search over turns, keyword in context (see search.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/search.h"
#include "braid/text.h"
#include "braid/tokenizer.h"
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

/* ---- the query: braid's words on top of FTS5 (search.h, docs/cli.md) ---- */

/*
 * FTS5's own query syntax reads "don't", "legal-aid", "what?" and "3.5" as
 * syntax errors or as something else (a column filter, a minus): a bareword
 * may hold only letters, digits and '_'. So every plain word is handed to
 * FTS5 as a quoted phrase, which FTS5 passes whole to the tokenizer
 * (tokenizer.h): "legal-aid" becomes the phrase "legal aid", "bo‘lib" the
 * one token "bo'lib", "what?" the token "what". What is FTS5 syntax (AND,
 * OR, NOT, NEAR(...), "phrases", prefix*, parentheses) is kept, checked
 * here so that a mistake gets a message saying what to do, and words next
 * to each other are joined with an explicit AND (SQLite 3.40's FTS5 does
 * not accept "a (b OR c)").
 */
enum qprev { Q_NONE, Q_OPERAND, Q_BINOP, Q_OPEN };

/*
 * FTS5's parser has a stack of 100 entries; a level of parentheses takes up
 * to 7 of them ("a OR b AND c NOT (" fails at 14 levels in SQLite 3.40).
 */
#define QUERY_MAX_DEPTH 10

struct qparse {
	const char *q, *p; /* the query, the scan position */
	struct strbuf *out;
	enum qprev prev;
	int depth, operands;
	struct braid_err *err;
};

static int count_token(void *ctx, const char *tok, size_t len, size_t start, size_t end)
{
	++*(size_t *)ctx;
	return 0;
}

static size_t ntokens(const char *s, size_t len)
{
	size_t n = 0;

	braid_tokenizer_each(s, len, count_token, &n);
	return n;
}

static int qspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The end of a word at p: white space, a quote, a parenthesis (and in NEAR(...) a comma). */
static const char *word_end(const char *p, int near)
{
	while (*p && !qspace(*p) && *p != '"' && *p != '(' && *p != ')' && !(near && *p == ','))
		p++;
	return p;
}

static int op_error(struct qparse *qp, const char *op)
{
	return braid_errorf(qp->err, BRAID_EINVAL,
			    "%s in the query needs a word or phrase on each side ('a %s b'%s): to "
			    "search for the word, write it in lowercase or in quotes",
			    op, op, !strcmp(op, "NOT") ? ": turns with a and without b" : "");
}

static int near_error(struct qparse *qp)
{
	return braid_errorf(qp->err, BRAID_EINVAL,
			    "bad NEAR(...) in the query: it takes words or phrases and an optional "
			    "distance, as in NEAR(legal aid, 5)");
}

/* Before an operand: an AND after the operand before it, a space after an operator. */
static void operand(struct qparse *qp)
{
	if (qp->prev == Q_OPERAND)
		strbuf_addstr(qp->out, " AND ");
	else if (qp->prev == Q_BINOP)
		strbuf_addch(qp->out, ' ');
	qp->prev = Q_OPERAND;
	qp->operands++;
}

/*
 * A quoted phrase at qp->p (as FTS5 reads it: "" inside is a quote), with a
 * '*' right after it; into buf. 0 when it holds no word (left out), 1 when
 * it does, or an error.
 */
static int phrase(struct qparse *qp, struct strbuf *buf)
{
	const char *p = qp->p + 1, *start = p;

	for (;;) {
		if (!*p)
			return braid_errorf(qp->err, BRAID_EINVAL,
					    "unbalanced \" in the query: close it or search the words "
					    "without quotes");
		if (*p == '"' && p[1] == '"')
			p += 2;
		else if (*p == '"')
			break;
		else
			p++;
	}
	strbuf_reset(buf);
	strbuf_add(buf, qp->p, (size_t)(p + 1 - qp->p));
	qp->p = p + 1;
	if (*qp->p == '*') {
		strbuf_addstr(buf, " *");
		while (*qp->p == '*')
			qp->p++;
	}
	return ntokens(start, (size_t)(p - start)) > 0;
}

/* A plain word up to `end`, as a quoted phrase (a trailing '*' kept as a prefix); as phrase(). */
static int word(struct qparse *qp, const char *end, struct strbuf *buf)
{
	const char *w = qp->p, *e = end;
	int prefix = 0;

	qp->p = end;
	while (e > w && e[-1] == '*') {
		e--;
		prefix = 1;
	}
	if (!ntokens(w, (size_t)(e - w)))
		return 0;
	strbuf_reset(buf);
	strbuf_addch(buf, '"');
	strbuf_add(buf, w, (size_t)(e - w)); /* no '"' inside: it ends a word */
	strbuf_addstr(buf, prefix ? "\" *" : "\"");
	return 1;
}

/* NEAR(phrase phrase ... [, N]) at qp->p, which points at its '('. */
static int near_group(struct qparse *qp, struct strbuf *buf)
{
	struct strbuf out = STRBUF_INIT;
	int n = 0, rc = 0;

	strbuf_addstr(&out, "NEAR(");
	qp->p++;
	for (;;) {
		while (qspace(*qp->p))
			qp->p++;
		if (!*qp->p) {
			rc = braid_errorf(qp->err, BRAID_EINVAL,
					  "unbalanced ( in the query: close it with ) or search the "
					  "words without parentheses");
			break;
		}
		if (*qp->p == ')' || *qp->p == ',') {
			if (*qp->p == ',') {
				const char *d;

				for (qp->p++; qspace(*qp->p); qp->p++)
					;
				for (d = qp->p; *qp->p >= '0' && *qp->p <= '9'; qp->p++)
					;
				if (qp->p == d || qp->p - d > 9) {
					rc = near_error(qp);
					break;
				}
				strbuf_addstr(&out, ", ");
				strbuf_add(&out, d, (size_t)(qp->p - d));
				while (qspace(*qp->p))
					qp->p++;
				if (*qp->p != ')') {
					rc = near_error(qp);
					break;
				}
			}
			qp->p++;
			if (!n)
				rc = near_error(qp);
			break;
		}
		if (*qp->p == '(') {
			rc = near_error(qp);
			break;
		}
		if (*qp->p == '"') {
			rc = phrase(qp, buf);
		} else {
			const char *end = word_end(qp->p, 1);

			if ((end - qp->p == 3 && (!strncmp(qp->p, "AND", 3) || !strncmp(qp->p, "NOT", 3))) ||
			    (end - qp->p == 2 && !strncmp(qp->p, "OR", 2))) {
				rc = near_error(qp);
				break;
			}
			rc = word(qp, end, buf);
		}
		if (rc < 0)
			break;
		if (rc) {
			strbuf_addstr(&out, n++ ? " " : "");
			strbuf_addbuf(&out, buf);
		}
		rc = 0;
	}
	if (!rc) {
		strbuf_addch(&out, ')');
		operand(qp);
		strbuf_addbuf(qp->out, &out);
	}
	strbuf_release(&out);
	return rc;
}

int braid_search_fts_query(const char *query, struct strbuf *out, struct braid_err *err)
{
	struct qparse qp = { query, query, out, Q_NONE, 0, 0, err };
	struct strbuf buf = STRBUF_INIT;
	size_t at = out->len;
	int rc = 0;

	while (!rc) {
		const char *end;

		while (qspace(*qp.p))
			qp.p++;
		if (!*qp.p)
			break;
		if (*qp.p == '"') {
			if ((rc = phrase(&qp, &buf)) > 0) {
				operand(&qp);
				strbuf_addbuf(out, &buf);
			}
			rc = rc < 0 ? rc : 0;
			continue;
		}
		if (*qp.p == '(') {
			if (qp.depth >= QUERY_MAX_DEPTH) {
				rc = braid_errorf(err, BRAID_EINVAL,
						  "too many ( inside one another in the query (at most "
						  "%d): search with fewer",
						  QUERY_MAX_DEPTH);
				break;
			}
			operand(&qp);
			qp.operands--; /* counted at what is inside */
			qp.prev = Q_OPEN;
			strbuf_addch(out, '(');
			qp.depth++;
			qp.p++;
			continue;
		}
		if (*qp.p == ')') {
			if (!qp.depth)
				rc = braid_errorf(err, BRAID_EINVAL,
						  "unbalanced ) in the query: open it with ( or leave it out");
			else if (qp.prev == Q_OPEN)
				rc = braid_errorf(err, BRAID_EINVAL,
						  "empty ( ) in the query: put words inside or leave them out");
			else if (qp.prev == Q_BINOP)
				rc = op_error(&qp, strrchr(out->buf, ' ') + 1);
			strbuf_addch(out, ')');
			qp.depth--;
			qp.prev = Q_OPERAND;
			qp.p++;
			continue;
		}
		end = word_end(qp.p, 0);
		if ((end - qp.p == 3 && (!strncmp(qp.p, "AND", 3) || !strncmp(qp.p, "NOT", 3))) ||
		    (end - qp.p == 2 && !strncmp(qp.p, "OR", 2))) {
			char op[4] = { 0 };

			memcpy(op, qp.p, (size_t)(end - qp.p));
			if (qp.prev != Q_OPERAND) {
				rc = op_error(&qp, op);
			} else {
				strbuf_addf(out, " %s", op);
				qp.prev = Q_BINOP;
			}
			qp.p = end;
			continue;
		}
		if (end - qp.p == 4 && !strncmp(qp.p, "NEAR", 4)) {
			const char *p = end;

			while (qspace(*p))
				p++;
			if (*p == '(') {
				qp.p = p;
				rc = near_group(&qp, &buf);
				continue;
			}
		}
		if ((rc = word(&qp, end, &buf)) > 0) {
			operand(&qp);
			strbuf_addbuf(out, &buf);
		}
		rc = rc < 0 ? rc : 0;
	}
	if (!rc && qp.prev == Q_BINOP)
		rc = op_error(&qp, strrchr(out->buf, ' ') + 1);
	if (!rc && qp.depth)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "unbalanced ( in the query: close it with ) or search the words "
				  "without parentheses");
	if (!rc && !qp.operands)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "nothing to search for in '%s': the query has no letters or digits",
				  query);
	if (rc)
		strbuf_setlen(out, at);
	strbuf_release(&buf);
	return rc;
}

/* ---- hit positions ---- */

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
/* ?5: the speaker label folded; ?6: the roles let through, " a b " (see struct filter) */
#define FTS_TURN_FILTER                                                                          \
	" AND (?5 IS NULL OR braid_fold(sp.label) = ?5)"                                         \
	" AND (?6 IS NULL OR instr(?6, ' ' || sp.role || ' ') > 0)"

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
		/* braid_search_fts_query should have caught it: say what FTS5 says */
		rc = braid_errorf(err, BRAID_EINVAL,
				  "cannot search for '%s': %s: search the words without FTS5 syntax",
				  query, sqlite3_errmsg(braid_store_db(st)));
	sqlite3_finalize(s);
	return rc;
}

/*
 * The filters, checked before the first hit: the document (by name or file,
 * braid_doc_find), the speaker (a label of the searched documents, case
 * folded), the role (the vocabulary, with braid_role_matches).
 */
struct filter {
	int64_t doc;         /* 0: every document */
	const char *speaker; /* the label folded (braid_text_fold), or NULL */
	const char *roles;   /* " interviewer moderator ": the roles let through, or NULL */
	struct strbuf speaker_buf, roles_buf;
};

static int resolve_filter(struct braid_store *st, const struct braid_search_opts *o,
			  struct filter *f, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (o->doc && (rc = braid_doc_find(st, o->doc, &f->doc, err)))
		return rc;
	if (o->role) {
		if ((rc = braid_vocab_require(&braid_vocab_role, o->role, err)) < 0)
			return rc;
		strbuf_addch(&f->roles_buf, ' ');
		for (int i = 0; i < braid_vocab_role.n; i++)
			if (braid_role_matches(o->role, braid_vocab_role.names[i]))
				strbuf_addf(&f->roles_buf, "%s ", braid_vocab_role.names[i]);
		f->roles = f->roles_buf.buf;
	}
	if (!o->speaker)
		return 0;
	braid_text_fold(o->speaker, strlen(o->speaker), &f->speaker_buf);
	f->speaker = f->speaker_buf.buf;
	if ((rc = db_prepare(st,
			     "SELECT 1 FROM speakers WHERE (?1 = 0 OR doc_id = ?1)"
			     " AND braid_fold(label) = ?2 LIMIT 1",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, f->doc);
	db_bind_text(s, 2, f->speaker, -1);
	rc = db_one(st, s, "cannot look up a speaker", err);
	sqlite3_finalize(s);
	if (rc == 0) {
		struct strbuf sql = STRBUF_INIT;

		strbuf_addstr(&sql, "SELECT DISTINCT label FROM speakers");
		if (f->doc)
			strbuf_addf(&sql, " WHERE doc_id = %lld", (long long)f->doc);
		rc = db_not_found(st, err, "speaker", o->speaker, sql.buf);
		if (f->doc)
			braid_err_prefix(err, "document '%s'", o->doc);
		strbuf_release(&sql);
	}
	return rc < 0 ? rc : 0;
}

static int search_fts(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		      const struct filter *f, braid_hit_cb cb, void *ctx, struct braid_err *err)
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
				f->doc ? "SELECT d.id, d.name, c.name FROM documents d"
					 " LEFT JOIN cases c ON c.id = d.case_id WHERE d.id = ?1"
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
		sqlite3_bind_int64(docs, 1, f->doc);
		db_bind_text(r.stream, 1, query, -1);
		db_bind_text(r.stream, 5, f->speaker, -1);
		db_bind_text(r.stream, 6, f->roles, -1);
		sqlite3_bind_pointer(r.stream, 7, (void *)&r.take, "braid_search_doc", NULL);
		db_bind_text(r.turns, 1, query, -1);
		db_bind_text(r.turns, 5, f->speaker, -1);
		db_bind_text(r.turns, 6, f->roles, -1);
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

/*
 * PCRE2's limits, set on every match: a pattern that backtracks without end
 * ((a+)+b on a long run of a's) fails with an error naming the document and
 * the turn, never as "no hits". The match limit is PCRE2's default, made
 * explicit; the depth limit bounds the interpreter's backtracking memory
 * (PCRE2 keeps a frame per level on the heap, by default up to 20 MB); JIT
 * code runs on a stack of its own, up to 4 MB as autocode's (the JIT's
 * default 32 KiB is too small for some patterns on long turns).
 */
#define REGEX_MATCH_LIMIT 10000000
#define REGEX_DEPTH_LIMIT 1000000
#define REGEX_JIT_STACK (4 * 1024 * 1024)

struct regex_ctx {
	struct braid_store *st;
	const char *query;
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	const struct braid_search_opts *o;
	const struct filter *f;
	struct strbuf label, folded; /* the last speaker label seen, and its folded form */
	braid_hit_cb cb;
	void *ctx;
	size_t n;
	int stop;
	struct braid_err *err;
};

/* Whether a turn's speaker is the one asked for: labels compared case-folded. */
static int regex_speaker(struct regex_ctx *rx, const char *label)
{
	if (strcmp(label, rx->label.buf)) {
		strbuf_reset(&rx->label);
		strbuf_addstr(&rx->label, label);
		strbuf_reset(&rx->folded);
		braid_text_fold(label, strlen(label), &rx->folded);
	}
	return !strcmp(rx->folded.buf, rx->f->speaker);
}

static int regex_turn(const struct braid_turn_row *turn, void *data)
{
	struct regex_ctx *rx = data;
	struct emitter e = { 0, 0 };
	size_t off = 0;
	int rc = 0;

	if (!braid_role_matches(rx->o->role, turn->role))
		return 0;
	if (rx->f->speaker && !regex_speaker(rx, turn->speaker))
		return 0;
	while (off <= turn->text_len) {
		int m = pcre2_match(rx->re, (PCRE2_SPTR)turn->text, turn->text_len, off,
				    PCRE2_NO_UTF_CHECK, rx->md, rx->mctx);
		PCRE2_SIZE *ov;

		if (m == PCRE2_ERROR_NOMATCH)
			break;
		if (m < 0) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(m, msg, sizeof(msg));
			return braid_errorf(rx->err, BRAID_EINVAL,
					    "regex '%s': matching failed in '%s', turn %lld: %s: "
					    "simplify the pattern (a repeat inside a repeat, as in "
					    "(a+)+, can backtrack without end)",
					    rx->query, turn->doc, (long long)turn->idx,
					    (const char *)msg);
		}
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
	const char *label = NULL;

	if (rx->f->speaker) {
		/* a document without the speaker is not read; one label of it is read alone */
		if (!sqlite3_column_int64(s, 1))
			return 0;
		if (sqlite3_column_int64(s, 1) == 1)
			label = db_col_text(s, 2);
	}
	return braid_corpus_turns(rx->st, db_col_text(s, 0), label, regex_turn, rx, rx->err);
}

/* Compiles the pattern: BRAID_EINVAL with PCRE2's reason and the offset in the pattern. */
static int regex_compile(struct regex_ctx *rx, const char *query, struct braid_err *err)
{
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | (rx->o->case_sensitive ? 0 : PCRE2_CASELESS);
	PCRE2_SIZE erroff;
	int errcode;

	rx->re = pcre2_compile((PCRE2_SPTR)query, PCRE2_ZERO_TERMINATED, flags, &errcode, &erroff,
			       NULL);
	if (!rx->re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return braid_errorf(err, BRAID_EINVAL, "bad regex '%s' at offset %zu: %s", query,
				    (size_t)erroff, (const char *)msg);
	}
	pcre2_jit_compile(rx->re, PCRE2_JIT_COMPLETE);
	rx->md = pcre2_match_data_create_from_pattern(rx->re, NULL);
	rx->mctx = pcre2_match_context_create(NULL);
	rx->jit_stack = pcre2_jit_stack_create(32 * 1024, REGEX_JIT_STACK, NULL);
	if (!rx->md || !rx->mctx || !rx->jit_stack)
		abort(); /* out of memory: the allocation wrappers' policy */
	pcre2_set_match_limit(rx->mctx, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(rx->mctx, REGEX_DEPTH_LIMIT);
	pcre2_jit_stack_assign(rx->mctx, NULL, rx->jit_stack);
	return 0;
}

static int search_regex(struct braid_store *st, const char *query,
			const struct braid_search_opts *o, const struct filter *f,
			struct regex_ctx *rx, struct braid_err *err)
{
	sqlite3_stmt *docs = NULL;
	int rc;

	/* the document, and its speaker labels that are the one asked for (in any case) */
#define REGEX_DOCS(where)                                                                        \
	"SELECT d.name, (SELECT count(*) FROM speakers WHERE doc_id = d.id"                      \
	"  AND braid_fold(label) = ?2), (SELECT label FROM speakers WHERE doc_id = d.id"         \
	"  AND braid_fold(label) = ?2) FROM documents d " where
	rc = db_prepare(st, f->doc ? REGEX_DOCS("WHERE d.id = ?1") : REGEX_DOCS("ORDER BY d.name"),
			&docs, err);
#undef REGEX_DOCS
	if (!rc) {
		sqlite3_bind_int64(docs, 1, f->doc);
		db_bind_text(docs, 2, f->speaker, -1);
		rc = db_each(st, docs, regex_doc, rx, "cannot search the documents", err);
		if (rx->stop && rc == 1)
			rc = 0;
	}
	sqlite3_finalize(docs);
	return rc;
}

int braid_search(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		 braid_hit_cb cb, void *ctx, struct braid_err *err)
{
	static const struct braid_search_opts defaults = { 0 };
	struct filter f = { 0, NULL, NULL, STRBUF_INIT, STRBUF_INIT };
	struct regex_ctx rx = { .st = st, .query = query, .cb = cb, .ctx = ctx, .err = err };
	struct strbuf fts = STRBUF_INIT;
	int rc;

	if (!o)
		o = &defaults;
	rx.o = o;
	rx.f = &f;
	strbuf_init(&rx.label, 0);
	strbuf_init(&rx.folded, 0);
	if (!*query)
		return braid_errorf(err, BRAID_EINVAL, "empty search query");
	if (!braid_utf8_valid(query, strlen(query)))
		return braid_errorf(err, BRAID_EINVAL, "search query is not valid UTF-8");
	/* everything that can be wrong with the query or the filters, before the first hit */
	rc = o->regex ? regex_compile(&rx, query, err) : braid_search_fts_query(query, &fts, err);
	if (!rc)
		rc = resolve_filter(st, o, &f, err);
	if (!rc)
		rc = o->regex ? search_regex(st, query, o, &f, &rx, err)
			      : search_fts(st, fts.buf, o, &f, cb, ctx, err);
	pcre2_match_data_free(rx.md);
	pcre2_match_context_free(rx.mctx);
	pcre2_jit_stack_free(rx.jit_stack);
	pcre2_code_free(rx.re);
	strbuf_release(&rx.label);
	strbuf_release(&rx.folded);
	strbuf_release(&fts);
	strbuf_release(&f.speaker_buf);
	strbuf_release(&f.roles_buf);
	return rc;
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

void braid_kwic_hit(const char *text, size_t hit_start, size_t hit_end, size_t width,
		    struct strbuf *out)
{
	const char *s = text + hit_start;
	size_t len = hit_end - hit_start, n = braid_cp_count(s, len), head, tail;

	if (width < BRAID_KWIC_HIT_MIN)
		width = BRAID_KWIC_HIT_MIN;
	if (n <= width) {
		add_flat(out, s, len);
		return;
	}
	/* "..." counts three of the width; the head gets the odd one */
	tail = (width - 3) / 2;
	head = width - 3 - tail;
	add_flat(out, s, braid_cp_to_byte(s, len, head));
	strbuf_addstr(out, "...");
	tail = braid_cp_to_byte(s, len, n - tail);
	add_flat(out, s + tail, len - tail);
}
