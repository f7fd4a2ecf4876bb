/* search.c - FTS5 and PCRE2 search over turns, keyword in context (see search.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/search.h"
#include "braid/text.h"
#include "braid/transcript.h"
#include "db.h"

#define MARK_OPEN '\x01'
#define MARK_CLOSE '\x02'

struct hits {
	size_t *start, *end;
	size_t nr, alloc;
};

static int64_t col_ms(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? BRAID_NO_TIME : sqlite3_column_int64(s, i);
}

/* Strips the highlight() markers from marked into plain, collecting the marked byte ranges. */
static void unmark(const char *marked, size_t len, struct strbuf *plain, struct hits *h)
{
	size_t open = 0;

	h->nr = 0;
	for (size_t i = 0; i < len; i++) {
		if (marked[i] == MARK_OPEN) {
			open = plain->len;
		} else if (marked[i] == MARK_CLOSE) {
			ALLOC_GROW(h->start, h->nr + 1, h->alloc);
			h->end = xrealloc(h->end, h->alloc * sizeof(*h->end));
			h->start[h->nr] = open;
			h->end[h->nr++] = plain->len;
		} else {
			strbuf_addch(plain, marked[i]);
		}
	}
}

static int emit(const struct braid_turn_row *turn, size_t hs, size_t he, braid_hit_cb cb,
		void *ctx)
{
	struct braid_hit hit = { turn, hs, he, 0, 0 };

	hit.doc_start = turn->start + (int64_t)braid_cp_count(turn->text, hs);
	hit.doc_end = hit.doc_start + (int64_t)braid_cp_count(turn->text + hs, he - hs);
	return cb(&hit, ctx);
}

static int search_fts(struct braid_store *st, const char *query, const struct braid_search_opts *o,
		      braid_hit_cb cb, void *ctx, struct braid_err *err)
{
	struct strbuf plain = STRBUF_INIT;
	struct hits h = { 0 };
	sqlite3_stmt *s;
	size_t n = 0;
	int rc = 0, step;

	if (db_prepare(st,
		       "SELECT t.id, t.idx, d.name, sp.label, sp.role, coalesce(sc.name, dc.name),"
		       " t.start_cp, t.end_cp, t.start_ms, t.end_ms, t.words,"
		       " highlight(turns_fts, 0, char(1), char(2))"
		       " FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid"
		       " JOIN documents d ON d.id = t.doc_id JOIN speakers sp ON sp.id = t.speaker_id"
		       " LEFT JOIN cases sc ON sc.id = sp.case_id LEFT JOIN cases dc ON dc.id = d.case_id"
		       " WHERE turns_fts MATCH ?1 AND (?2 IS NULL OR d.name = ?2)"
		       " AND (?3 IS NULL OR sp.label = ?3) AND (?4 IS NULL OR sp.role = ?4)"
		       " ORDER BY d.name, t.idx",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, query, -1);
	db_bind_text(s, 2, o->doc, -1);
	db_bind_text(s, 3, o->speaker, -1);
	db_bind_text(s, 4, o->role, -1);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct braid_turn_row turn = {
			.id = sqlite3_column_int64(s, 0),
			.idx = sqlite3_column_int64(s, 1),
			.doc = db_col_text(s, 2),
			.speaker = db_col_text(s, 3),
			.role = db_col_text(s, 4),
			.case_name = (const char *)sqlite3_column_text(s, 5),
			.start = sqlite3_column_int64(s, 6),
			.end = sqlite3_column_int64(s, 7),
			.start_ms = col_ms(s, 8),
			.end_ms = col_ms(s, 9),
			.words = sqlite3_column_int64(s, 10),
		};

		strbuf_reset(&plain);
		unmark((const char *)sqlite3_column_text(s, 11), (size_t)sqlite3_column_bytes(s, 11),
		       &plain, &h);
		turn.text = plain.buf;
		turn.text_len = plain.len;
		for (size_t i = 0; !rc && i < h.nr; i++) {
			rc = emit(&turn, h.start[i], h.end[i], cb, ctx);
			if (o->limit && ++n >= o->limit)
				goto done;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = braid_errorf(err, BRAID_EINVAL, "bad search query '%s': %s", query,
				  sqlite3_errmsg(braid_store_db(st)));
done:
	sqlite3_finalize(s);
	strbuf_release(&plain);
	free(h.start);
	free(h.end);
	return rc;
}

struct regex_ctx {
	pcre2_code *re;
	pcre2_match_data *md;
	const struct braid_search_opts *o;
	braid_hit_cb cb;
	void *ctx;
	size_t n;
	int stop;
};

static int regex_turn(const struct braid_turn_row *turn, void *data)
{
	struct regex_ctx *rx = data;
	size_t off = 0;
	int rc = 0;

	if (rx->o->role && strcmp(turn->role, rx->o->role))
		return 0;
	while (off <= turn->text_len) {
		int m = pcre2_match(rx->re, (PCRE2_SPTR)turn->text, turn->text_len, off,
				    PCRE2_NO_UTF_CHECK, rx->md, NULL);
		PCRE2_SIZE *ov;

		if (m < 0)
			break;
		ov = pcre2_get_ovector_pointer(rx->md);
		if (ov[1] > ov[0]) {
			rc = emit(turn, ov[0], ov[1], rx->cb, rx->ctx);
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

struct doc_list {
	char **name;
	size_t nr, alloc;
};

static int collect_doc(const struct braid_doc_row *row, void *ctx)
{
	struct doc_list *l = ctx;

	ALLOC_GROW(l->name, l->nr + 1, l->alloc);
	l->name[l->nr++] = xstrdup(row->name);
	return 0;
}

static int search_regex(struct braid_store *st, const char *query,
			const struct braid_search_opts *o, braid_hit_cb cb, void *ctx,
			struct braid_err *err)
{
	struct regex_ctx rx = { .o = o, .cb = cb, .ctx = ctx };
	struct doc_list docs = { 0 };
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | (o->case_sensitive ? 0 : PCRE2_CASELESS);
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
	rc = o->doc ? braid_corpus_doc(st, o->doc, collect_doc, &docs, err)
		    : braid_corpus_docs(st, collect_doc, &docs, err);
	for (size_t i = 0; !rc && i < docs.nr && !rx.stop; i++)
		rc = braid_corpus_turns(st, docs.name[i], o->speaker, regex_turn, &rx, err);
	if (rx.stop && rc == 1)
		rc = 0;
	for (size_t i = 0; i < docs.nr; i++)
		free(docs.name[i]);
	free(docs.name);
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
