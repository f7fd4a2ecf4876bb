/* coding.c - codings, spans, memos, retrieval and counts (see coding.h). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/doctext.h"
#include "braid/themes.h"
#include "db.h"

#define col_or_null db_col_null

/* id and length in code points of a document (named, or by its file) */
static int doc_info(struct braid_store *st, const char *doc, int64_t *id, int64_t *chars,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = braid_doc_find(st, doc, id, err);

	if (rc || !chars)
		return rc;
	if ((rc = db_prepare(st, "SELECT chars FROM documents WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, *id);
	rc = db_one(st, s, "cannot read a document", err);
	if (rc == 1)
		*chars = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
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
	if ((rc = db_prepare(st,
			     "SELECT (SELECT start_cp FROM turns WHERE doc_id = ?1 AND idx = ?2),"
			     " (SELECT end_cp FROM turns WHERE doc_id = ?1 AND idx = ?3),"
			     " (SELECT count(*) FROM turns WHERE doc_id = ?1)",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, n);
	sqlite3_bind_int64(s, 3, m);
	rc = db_one(st, s, "cannot read the turns", err);
	if (rc == 1) {
		nturns = sqlite3_column_int64(s, 2);
		if (n >= 1 && m >= n && m <= nturns) {
			*start = sqlite3_column_int64(s, 0);
			*end = sqlite3_column_int64(s, 1);
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
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

/*
 * 1 if [s, e) lies in one utterance; 0 if not, with *in_label set when it
 * lies in the blank line and label in front of one (else it reaches across
 * turns).
 */
static int in_speech(struct braid_doctext *dt, int64_t s, int64_t e, int *in_label,
		     struct braid_err *err)
{
	enum braid_doctext_place place;
	struct braid_doctext_turn t;
	int rc = braid_doctext_place(dt, s, &place, &t, err);

	if (rc)
		return rc;
	*in_label = place != BRAID_PLACE_UTTERANCE && e <= t.start;
	return place == BRAID_PLACE_UTTERANCE && e <= t.end;
}

/*
 * The whole text is searched, as one string, so that an occurrence reaching
 * across turns is seen (and skipped, and counted) rather than silently
 * missed; each occurrence is then placed with a doctext reader, which walks
 * forward with them.
 */
int braid_span_match(struct braid_store *st, const char *doc, const char *text, int all,
		     int (*cb)(int64_t start, int64_t end, void *ctx), void *ctx,
		     struct braid_match_skips *skipped, struct braid_err *err)
{
	struct strbuf body = STRBUF_INIT, needle = STRBUF_INIT;
	struct braid_match_skips local = { 0 }, *sk = skipped ? skipped : &local;
	size_t from = 0, cp = 0, cp_byte = 0, found = 0, skip_end = 0;
	struct braid_doctext *dt = NULL;
	int64_t doc_id, needle_cp;
	int rc;

	memset(sk, 0, sizeof(*sk));
	if (!*text || !braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "the text to find is empty or not UTF-8");
	braid_text_nfc(text, strlen(text), &needle);
	needle_cp = (int64_t)braid_cp_count(needle.buf, needle.len);
	rc = braid_doc_find(st, doc, &doc_id, err);
	if (!rc)
		rc = braid_corpus_text(st, doc, &body, err);
	if (!rc) {
		dt = braid_doctext_new(st);
		rc = braid_doctext_open(dt, doc_id, err);
	}
	while (!rc) {
		const char *hit = body.len >= from + needle.len
					  ? memmem(body.buf + from, body.len - from, needle.buf, needle.len)
					  : NULL;
		size_t b;
		int64_t s;
		int label = 0;

		if (!hit)
			break;
		b = (size_t)(hit - body.buf);
		cp += braid_cp_count(body.buf + cp_byte, b - cp_byte);
		cp_byte = b;
		s = (int64_t)cp;
		rc = in_speech(dt, s, s + needle_cp, &label, err);
		if (rc < 0)
			break;
		if (rc == 0) {
			/* not speech: look on from the next character (speech may overlap it) */
			if (b >= skip_end) {
				if (label)
					sk->labels++;
				else
					sk->across++;
				skip_end = b + needle.len;
			}
			from = b + 1;
			continue;
		}
		found++;
		rc = cb(s, s + needle_cp, ctx);
		if (!all)
			break;
		from = b + needle.len;
	}
	if (!rc && !found && (sk->labels || sk->across)) {
		struct strbuf why = STRBUF_INIT;

		if (sk->labels)
			strbuf_addf(&why, "%zu time%s in speaker labels", sk->labels,
				    sk->labels == 1 ? "" : "s");
		if (sk->across)
			strbuf_addf(&why, "%s%zu time%s partly in a label or across turns",
				    sk->labels ? ", " : "",
				    sk->across, sk->across == 1 ? "" : "s");
		rc = braid_errorf(err, BRAID_ENOTFOUND,
				  "'%s' occurs in '%s' only outside what is said (%s)", text, doc,
				  why.buf);
		strbuf_release(&why);
	} else if (!rc && !found)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "'%s' does not occur in '%s'", text, doc);
	braid_doctext_free(dt);
	strbuf_release(&body);
	strbuf_release(&needle);
	return rc;
}

struct parts {
	int64_t start, end;
	int (*cb)(int64_t start, int64_t end, void *ctx);
	void *ctx;
};

static int part_row(sqlite3_stmt *s, void *data)
{
	const struct parts *p = data;
	int64_t a = sqlite3_column_int64(s, 0), b = sqlite3_column_int64(s, 1);

	if (a < p->start)
		a = p->start;
	if (b > p->end)
		b = p->end;
	return a < b ? p->cb(a, b, p->ctx) : 0;
}

/*
 * Calls cb with the part of [start, end) in each utterance it touches, in
 * order, from the turn whose utterance starts at from_turn.
 */
static int speech_parts(struct braid_store *st, int64_t doc_id, int64_t from_turn, int64_t start,
			int64_t end, int (*cb)(int64_t start, int64_t end, void *ctx), void *ctx,
			struct braid_err *err)
{
	struct parts p = { start, end, cb, ctx };
	sqlite3_stmt *s;
	int rc = db_prepare(st,
			    "SELECT start_cp, end_cp FROM turns WHERE doc_id = ?1"
			    " AND start_cp >= ?2 AND start_cp < ?3 ORDER BY start_cp",
			    &s, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_int64(s, 2, from_turn);
	sqlite3_bind_int64(s, 3, end);
	rc = db_each(st, s, part_row, &p, "cannot read the turns", err);
	sqlite3_finalize(s);
	return rc;
}

/* "in the speaker label 'Barry Hughes: ' of turn 4" or "in the blank line before turn 4". */
static void describe_place(enum braid_doctext_place place, const struct braid_doctext_turn *t,
			   struct strbuf *out)
{
	if (place == BRAID_PLACE_GAP)
		strbuf_addf(out, "in the blank line before turn %lld", (long long)t->idx);
	else
		strbuf_addf(out, "in the speaker label '%s: ' of turn %lld", t->speaker,
			    (long long)t->idx);
}

int braid_span_speech(struct braid_store *st, const char *doc, int64_t start, int64_t end,
		      int (*cb)(int64_t start, int64_t end, void *ctx), void *ctx,
		      struct braid_err *err)
{
	struct braid_doctext *dt = NULL;
	struct braid_doctext_turn t0, t1;
	enum braid_doctext_place p0, p1;
	struct strbuf where = STRBUF_INIT;
	int64_t doc_id;
	int rc = braid_span_check(st, doc, start, end, err);

	if (!rc)
		rc = braid_doc_find(st, doc, &doc_id, err);
	if (!rc) {
		dt = braid_doctext_new(st);
		rc = braid_doctext_open(dt, doc_id, err);
	}
	/* t0's and t1's strings are used before the next call on the reader */
	if (!rc)
		rc = braid_doctext_place(dt, start, &p0, &t0, err);
	if (!rc && p0 != BRAID_PLACE_UTTERANCE) {
		describe_place(p0, &t0, &where);
		rc = braid_errorf(err, BRAID_EINVAL,
				  "range %lld:%lld starts %s, not in what is said: turn %lld's "
				  "utterance is %lld:%lld",
				  (long long)start, (long long)end, where.buf, (long long)t0.idx,
				  (long long)t0.start, (long long)t0.end);
	}
	if (!rc)
		rc = braid_doctext_place(dt, end - 1, &p1, &t1, err);
	if (!rc && p1 != BRAID_PLACE_UTTERANCE) {
		struct braid_doctext_turn before;

		/* start is in speech, so some turn's utterance ends before end - 1 */
		describe_place(p1, &t1, &where);
		rc = braid_doctext_turn_at(dt, end - 1, &before, err);
		if (!rc)
			rc = braid_errorf(err, BRAID_EINVAL,
					  "range %lld:%lld ends %s, not in what is said: turn "
					  "%lld's utterance ends at %lld, turn %lld's starts "
					  "at %lld",
					  (long long)start, (long long)end, where.buf,
					  (long long)before.idx, (long long)before.end,
					  (long long)t1.idx, (long long)t1.start);
	}
	if (!rc)
		rc = speech_parts(st, doc_id, t0.start, start, end, cb, ctx, err);
	braid_doctext_free(dt);
	strbuf_release(&where);
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
	if ((rc = db_prepare(st,
			     "SELECT c.status, m.slug FROM codes c"
			     " LEFT JOIN codes m ON m.id = c.merged_into WHERE c.id = ?",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, *id);
	rc = db_one(st, s, "cannot read a code", err);
	if (rc == 1) {
		int status = braid_vocab_parse(&braid_vocab_code_status, db_col_text(s, 0));

		rc = 0;
		if (status == BRAID_CODE_RETIRED)
			rc = braid_errorf(err, BRAID_EINVAL, "code '%s' is retired", ref);
		else if (status == BRAID_CODE_MERGED)
			rc = braid_errorf(err, BRAID_EINVAL, "code '%s' was merged into '%s'", ref,
					  db_col_text(s, 1));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_coding_describe(struct braid_store *st, int64_t id, struct strbuf *out,
			   struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     "SELECT d.name, g.start_cp, g.end_cp, c.slug, cd.name, g.origin, g.status"
			     " FROM codings g JOIN documents d ON d.id = g.doc_id"
			     " JOIN codes c ON c.id = g.code_id JOIN coders cd ON cd.id = g.coder_id"
			     " WHERE g.id = ?",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a coding", err);
	if (rc == 1) {
		strbuf_addf(out, "#%lld: %s [%lld-%lld] '%s' by %s, %s %s", (long long)id,
			    db_col_text(s, 0), (long long)sqlite3_column_int64(s, 1),
			    (long long)sqlite3_column_int64(s, 2), db_col_text(s, 3),
			    db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6));
		sqlite3_reset(s);
		rc = 0;
	} else if (rc == 0) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no coding %lld", (long long)id);
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
	int rc, o;

	if ((o = braid_vocab_require(&braid_vocab_origin, origin, err)) < 0)
		return o;
	if ((rc = braid_span_check(st, c->doc, c->start, c->end, err)) ||
	    (rc = doc_info(st, c->doc, &doc, NULL, err)) ||
	    (rc = code_for_coding(st, c->code, &code, err)) ||
	    (rc = braid_store_coder(st, c->coder, 1, &coder, err)))
		return rc;
	if ((rc = db_prepare(st,
			     /* not INSERT OR IGNORE, which would use up an id */
			     "INSERT INTO codings(doc_id, start_cp, end_cp, code_id, coder_id,"
			     " origin, status, memo, doc_rev, phase) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			     " ?8, (SELECT rev FROM documents WHERE id = ?1), nullif(?9, 0)"
			     " WHERE NOT EXISTS (SELECT 1 FROM codings WHERE doc_id = ?1"
			     " AND start_cp = ?2 AND end_cp = ?3 AND code_id = ?4 AND coder_id = ?5)",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, c->start);
	sqlite3_bind_int64(s, 3, c->end);
	sqlite3_bind_int64(s, 4, code);
	sqlite3_bind_int64(s, 5, coder);
	db_bind_text(s, 6, origin, -1);
	db_bind_text(s, 7, o == BRAID_ORIGIN_AUTO ? "pending" : "accepted", -1);
	db_bind_text(s, 8, c->memo && *c->memo ? c->memo : NULL, -1);
	sqlite3_bind_int(s, 9, braid_store_phase(st));
	rc = db_done(st, s, "cannot add the coding", err);
	sqlite3_finalize(s);
	if (rc)
		return rc;
	*created = sqlite3_changes(braid_store_db(st)) > 0;
	if (*created) {
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
		braid_change_note(st, "coded #%lld %s [%lld-%lld] '%s' by %s%s%s", (long long)*id,
				  c->doc, (long long)c->start, (long long)c->end, c->code, c->coder,
				  c->memo && *c->memo ? ", memo: " : "",
				  c->memo && *c->memo ? c->memo : "");
		return 0;
	}
	if ((rc = db_prepare(st,
			     "SELECT id FROM codings WHERE doc_id = ? AND start_cp = ? AND end_cp = ?"
			     " AND code_id = ? AND coder_id = ?",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, doc);
	sqlite3_bind_int64(s, 2, c->start);
	sqlite3_bind_int64(s, 3, c->end);
	sqlite3_bind_int64(s, 4, code);
	sqlite3_bind_int64(s, 5, coder);
	rc = db_one(st, s, "cannot read a coding", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

int braid_coding_delete(struct braid_store *st, int64_t id, size_t *memos, size_t *quotes,
			struct braid_err *err)
{
	size_t n = 0, q = 0;
	/* what refers to it goes first: nothing may refer to a removed coding */
	int rc = db_run_ids(st, "DELETE FROM memos WHERE coding_id = ?1", id, 0,
			    "cannot remove the coding's memos", err);

	if (!rc) {
		n = (size_t)sqlite3_changes(braid_store_db(st));
		rc = db_run_ids(st, "DELETE FROM quotes WHERE coding_id = ?1", id, 0,
				"cannot remove the coding's quotes", err);
	}
	if (!rc) {
		q = (size_t)sqlite3_changes(braid_store_db(st));
		rc = db_run_ids(st, "DELETE FROM codings WHERE id = ?1", id, 0,
				"cannot remove the coding", err);
	}
	if (!rc && !sqlite3_changes(braid_store_db(st)))
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no coding %lld", (long long)id);
	if (memos)
		*memos = n;
	if (quotes)
		*quotes = q;
	return rc;
}

int braid_coding_rm(struct braid_store *st, int64_t id, size_t *memos, size_t *quotes,
		    struct braid_err *err)
{
	struct strbuf what = STRBUF_INIT;
	size_t n = 0, q = 0;
	int rc = braid_coding_describe(st, id, &what, err);

	if (!rc)
		rc = braid_coding_delete(st, id, &n, &q, err);
	if (!rc) {
		struct strbuf with = STRBUF_INIT;

		if (n)
			strbuf_addf(&with, " with its %zu memo%s", n, n == 1 ? "" : "s");
		if (q)
			strbuf_addf(&with, "%s %zu exemplar quote%s", n ? " and" : " with its", q,
				    q == 1 ? "" : "s");
		braid_change_note(st, "removed coding %s%s", what.buf, with.buf);
		strbuf_release(&with);
	}
	if (memos)
		*memos = n;
	if (quotes)
		*quotes = q;
	strbuf_release(&what);
	return rc;
}

int braid_coding_fold(struct braid_store *st, int64_t from, int64_t into, size_t *memos,
		      struct braid_err *err)
{
	size_t n = 0;
	int rc;

	if (from == into)
		return braid_errorf(err, BRAID_EINVAL, "cannot fold coding %lld into itself",
				    (long long)from);
	rc = db_run_ids(st, "UPDATE memos SET coding_id = ?2 WHERE coding_id = ?1", from, into,
			"cannot move the coding's memos", err);
	if (!rc)
		n = (size_t)sqlite3_changes(braid_store_db(st));
	/* its quotes go to the kept coding, unless that one is a quote of the theme already */
	if (!rc)
		rc = db_run_ids(st, "UPDATE OR IGNORE quotes SET coding_id = ?2 WHERE coding_id = ?1",
				from, into, "cannot move the coding's quotes", err);
	/*
	 * The kept coding takes the other's memo text after its own, and the
	 * more settled status: accepted over pending over rejected (a coder's
	 * acceptance of either span is not lost to a rejection of the other).
	 */
	if (!rc)
		rc = db_run_ids(st,
				"UPDATE codings SET"
				" memo = CASE WHEN f.memo IS NULL OR f.memo = '' THEN codings.memo"
				"  WHEN codings.memo IS NULL OR codings.memo = '' THEN f.memo"
				"  WHEN instr(codings.memo, f.memo) THEN codings.memo"
				"  ELSE codings.memo || char(10) || char(10) || f.memo END,"
				" status = CASE WHEN 'accepted' IN (codings.status, f.status) THEN 'accepted'"
				"  WHEN 'pending' IN (codings.status, f.status) THEN 'pending'"
				"  ELSE codings.status END"
				" FROM (SELECT memo, status FROM codings WHERE id = ?1) AS f WHERE id = ?2",
				from, into, "cannot merge the codings", err);
	if (!rc && !sqlite3_changes(braid_store_db(st)))
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no coding %lld", (long long)into);
	if (!rc)
		rc = braid_coding_delete(st, from, NULL, NULL, err);
	if (memos)
		*memos = n;
	return rc;
}

struct move_list {
	struct braid_coding_move *v;
	size_t n, alloc;
};

static int load_move(sqlite3_stmt *s, void *ctx)
{
	struct move_list *c = ctx;
	struct braid_coding_move *g;

	ALLOC_GROW(c->v, c->n + 1, c->alloc);
	g = &c->v[c->n++];
	memset(g, 0, sizeof(*g));
	g->id = sqlite3_column_int64(s, 0);
	g->ns = g->start = sqlite3_column_int64(s, 1);
	g->ne = g->end = sqlite3_column_int64(s, 2);
	g->code_id = sqlite3_column_int64(s, 3);
	g->coder_id = sqlite3_column_int64(s, 4);
	return 0;
}

int braid_coding_moves_load(struct braid_store *st, int64_t doc_id, struct braid_coding_move **v,
			    size_t *n, struct braid_err *err)
{
	struct move_list c = { 0 };
	sqlite3_stmt *s;
	int rc;

	*v = NULL;
	*n = 0;
	if ((rc = db_prepare(st,
			     "SELECT id, start_cp, end_cp, code_id, coder_id FROM codings"
			     " WHERE doc_id = ?1 ORDER BY id",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, doc_id);
	rc = db_each(st, s, load_move, &c, "cannot read the codings", err);
	sqlite3_finalize(s);
	if (rc) {
		free(c.v);
		return rc;
	}
	*v = c.v;
	*n = c.n;
	return 0;
}

static int cmp_move(const void *a, const void *b)
{
	const struct braid_coding_move *x = *(const struct braid_coding_move *const *)a;
	const struct braid_coding_move *y = *(const struct braid_coding_move *const *)b;
	int64_t kx[5] = { x->ns, x->ne, x->code_id, x->coder_id, x->id };
	int64_t ky[5] = { y->ns, y->ne, y->code_id, y->coder_id, y->id };

	for (int i = 0; i < 5; i++)
		if (kx[i] != ky[i])
			return kx[i] < ky[i] ? -1 : 1;
	return 0;
}

void braid_coding_moves_fold(struct braid_coding_move *v, size_t n)
{
	struct braid_coding_move **kept = xmalloc((n + 1) * sizeof(*kept));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!v[i].deleted)
			kept[k++] = &v[i];
	qsort(kept, k, sizeof(*kept), cmp_move);
	for (size_t i = 1; i < k; i++) {
		struct braid_coding_move *p = kept[i - 1], *q = kept[i];

		if (p->ns == q->ns && p->ne == q->ne && p->code_id == q->code_id &&
		    p->coder_id == q->coder_id)
			q->into = p->into ? p->into : p->id;
	}
	free(kept);
}

/* A coding that stays, but not where it was. */
static int moving(const struct braid_coding_move *g)
{
	return !g->deleted && !g->into && (g->ns != g->start || g->ne != g->end);
}

int braid_coding_moves_apply(struct braid_store *st, struct braid_coding_move *v, size_t n,
			     struct braid_err *err)
{
	sqlite3_stmt *upd = NULL;
	int rc = 0, any = 0;

	for (size_t i = 0; !rc && i < n; i++)
		if (v[i].deleted)
			rc = braid_coding_delete(st, v[i].id, &v[i].memos, &v[i].quotes, err);
	for (size_t i = 0; !rc && i < n; i++)
		if (!v[i].deleted && v[i].into)
			rc = braid_coding_fold(st, v[i].id, v[i].into, &v[i].memos, err);
	if (!rc)
		rc = db_prepare(st, "UPDATE codings SET start_cp = ?2, end_cp = ?3 WHERE id = ?1", &upd,
				err);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!moving(&v[i]))
			continue;
		any = 1;
		sqlite3_bind_int64(upd, 1, v[i].id);
		sqlite3_bind_int64(upd, 2, -2 * v[i].id - 2);
		sqlite3_bind_int64(upd, 3, -2 * v[i].id - 1);
		rc = db_done(st, upd, "cannot move a coding", err);
	}
	if (!rc && any)
		rc = braid_change_split(st, err);
	for (size_t i = 0; !rc && any && i < n; i++) {
		if (!moving(&v[i]))
			continue;
		sqlite3_bind_int64(upd, 1, v[i].id);
		sqlite3_bind_int64(upd, 2, v[i].ns);
		sqlite3_bind_int64(upd, 3, v[i].ne);
		rc = db_done(st, upd, "cannot move a coding", err);
	}
	sqlite3_finalize(upd);
	return rc;
}

int braid_coding_review(struct braid_store *st, int64_t id, const char *status, int *changed,
			struct braid_err *err)
{
	int k = braid_vocab_parse(&braid_vocab_status, status), rc;
	struct strbuf what = STRBUF_INIT;
	sqlite3_stmt *s;

	if (changed)
		*changed = 0;
	if (k != BRAID_STATUS_ACCEPTED && k != BRAID_STATUS_REJECTED)
		return braid_errorf(err, BRAID_EINVAL, "a review is 'accepted' or 'rejected', not '%s'",
				    status);
	if ((rc = braid_coding_describe(st, id, &what, err)))
		return rc;
	/* a coding already in that status is left alone: no change, nothing logged */
	if ((rc = db_prepare(st, "UPDATE codings SET status = ?2 WHERE id = ?1 AND status != ?2", &s,
			     err)) == 0) {
		sqlite3_bind_int64(s, 1, id);
		db_bind_text(s, 2, status, -1);
		rc = db_done(st, s, "cannot review the coding", err);
		sqlite3_finalize(s);
	}
	if (!rc && sqlite3_changes(braid_store_db(st)) > 0) {
		if (changed)
			*changed = 1;
		braid_change_note(st, "%s coding %s", status, what.buf);
	}
	strbuf_release(&what);
	return rc;
}

/*
 * The turn a span starts in (the last turn starting at or before it, found
 * through the (doc_id, start_cp) index), with its speaker and case.
 */
#define CODING_TURN_JOIN                                                                         \
	" LEFT JOIN turns t ON t.id = (SELECT tt.id FROM turns tt WHERE tt.doc_id = g.doc_id"    \
	"   AND tt.start_cp <= g.start_cp ORDER BY tt.start_cp DESC LIMIT 1)"                     \
	" LEFT JOIN speakers sp ON sp.id = t.speaker_id"                                         \
	" LEFT JOIN cases sc ON sc.id = sp.case_id"                                              \
	" LEFT JOIN cases dc ON dc.id = d.case_id"

#define CODE_SUBTREE                                                                             \
	"(WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL SELECT c2.id FROM codes c2"             \
	" JOIN sub ON c2.parent_id = sub.id) SELECT id FROM sub)"

/* A coding filter with its names resolved to ids (0: any); parameters ?1 to ?8 and ?10. */
struct filter_ids {
	int64_t doc, code, coder, kase;
	int children, include_rejected;
	const char *origin, *status, *role;
};

#define FILTER_SQL                                                                               \
	" (?1 = 0 OR g.doc_id = ?1)"                                                             \
	" AND (?2 = 0 OR g.code_id = ?2 OR (?3 AND g.code_id IN " CODE_SUBTREE "))"             \
	" AND (?4 = 0 OR g.coder_id = ?4)"                                                       \
	" AND (?5 = 0 OR " TURN_CASE_SQL("sp.role", "sp.case_id", "d.case_id") " = ?5)"         \
	" AND " ROLE_MATCHES_SQL("?10", "sp.role")                                               \
	" AND (?6 IS NULL OR g.origin = ?6)"                                                     \
	" AND (?7 IS NULL OR g.status = ?7)"                                                     \
	" AND (?7 IS NOT NULL OR ?8 OR g.status != 'rejected')"

/* Resolves every name the filter gives; a name that does not exist is an error. */
static int resolve_filter(struct braid_store *st, const struct braid_coding_filter *f,
			  struct filter_ids *ids, struct braid_err *err)
{
	int rc = 0;

	memset(ids, 0, sizeof(*ids));
	ids->children = f->children;
	ids->include_rejected = f->include_rejected;
	ids->origin = f->origin;
	ids->status = f->status;
	if (f->doc && (rc = braid_doc_find(st, f->doc, &ids->doc, err)))
		return rc;
	if (f->code && (rc = braid_code_find(st, f->code, &ids->code, err)))
		return rc;
	if (f->coder && (rc = braid_store_coder(st, f->coder, 0, &ids->coder, err)))
		return rc;
	if (f->case_name && (rc = braid_store_case(st, f->case_name, 0, &ids->kase, err)))
		return rc;
	if (f->origin && (rc = braid_vocab_require(&braid_vocab_origin, f->origin, err)) < 0)
		return rc;
	if (f->status && (rc = braid_vocab_require(&braid_vocab_status, f->status, err)) < 0)
		return rc;
	if (f->role && (rc = braid_vocab_require(&braid_vocab_role, f->role, err)) < 0)
		return rc;
	ids->role = f->role;
	return 0;
}

static void bind_filter(sqlite3_stmt *s, const struct filter_ids *ids)
{
	sqlite3_bind_int64(s, 1, ids->doc);
	sqlite3_bind_int64(s, 2, ids->code);
	sqlite3_bind_int(s, 3, ids->children != 0);
	sqlite3_bind_int64(s, 4, ids->coder);
	sqlite3_bind_int64(s, 5, ids->kase);
	db_bind_text(s, 6, ids->origin, -1);
	db_bind_text(s, 7, ids->status, -1);
	sqlite3_bind_int(s, 8, ids->include_rejected != 0);
	db_bind_text(s, 10, ids->role, -1);
}

void braid_ids_add(struct braid_ids *ids, int64_t id)
{
	ALLOC_GROW(ids->v, ids->n + 1, ids->alloc);
	ids->v[ids->n++] = id;
}

void braid_ids_release(struct braid_ids *ids)
{
	free(ids->v);
	memset(ids, 0, sizeof(*ids));
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void braid_ids_ranges(struct braid_ids *ids, size_t max, struct strbuf *out)
{
	size_t start = out->len;

	if (ids->n)
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_id);
	for (size_t i = 0; i < ids->n;) {
		size_t k = i, mark = out->len;

		while (k + 1 < ids->n && ids->v[k + 1] <= ids->v[k] + 1)
			k++;
		strbuf_addf(out, "%s#%lld", i ? ", " : "", (long long)ids->v[i]);
		if (ids->v[k] != ids->v[i])
			strbuf_addf(out, "-%lld", (long long)ids->v[k]);
		if (max && out->len - start > max) {
			strbuf_setlen(out, mark);
			strbuf_addstr(out, ", ...");
			break;
		}
		i = k + 1;
	}
}

static int collect_one_id(sqlite3_stmt *s, void *ctx)
{
	braid_ids_add(ctx, sqlite3_column_int64(s, 0));
	return 0;
}

int braid_codings_review(struct braid_store *st, const struct braid_coding_filter *f,
			 const char *status, struct braid_ids *changed, struct braid_err *err)
{
	static const char *const select_ids =
		"SELECT g.id FROM codings g JOIN documents d ON d.id = g.doc_id" CODING_TURN_JOIN
		" WHERE" FILTER_SQL " AND g.status != ?9";
	struct braid_ids local = { 0 }, *ids = changed ? changed : &local;
	struct strbuf sql = STRBUF_INIT, ranges = STRBUF_INIT;
	struct filter_ids fi;
	sqlite3_stmt *s = NULL;
	int k = braid_vocab_parse(&braid_vocab_status, status), rc;

	if (k != BRAID_STATUS_ACCEPTED && k != BRAID_STATUS_REJECTED)
		return braid_errorf(err, BRAID_EINVAL, "a review is 'accepted' or 'rejected', not '%s'",
				    status);
	if ((rc = resolve_filter(st, f, &fi, err)))
		return rc;
	/* the ids first, for the record; then one UPDATE with the same filter */
	rc = db_prepare(st, select_ids, &s, err);
	if (!rc) {
		bind_filter(s, &fi);
		db_bind_text(s, 9, status, -1);
		rc = db_each(st, s, collect_one_id, ids, "cannot select the codings", err);
		sqlite3_finalize(s);
		s = NULL;
	}
	if (!rc && ids->n) {
		strbuf_addf(&sql, "UPDATE codings SET status = ?9 WHERE id IN (%s)", select_ids);
		rc = db_prepare(st, sql.buf, &s, err);
	}
	if (!rc && s) {
		bind_filter(s, &fi);
		db_bind_text(s, 9, status, -1);
		rc = db_done(st, s, "cannot review the codings", err);
	}
	if (!rc && ids->n) {
		braid_ids_ranges(ids, 0, &ranges);
		braid_change_note(st, "%s %zu coding%s: %s", status, ids->n, ids->n == 1 ? "" : "s",
				  ranges.buf);
	}
	sqlite3_finalize(s);
	strbuf_release(&sql);
	strbuf_release(&ranges);
	braid_ids_release(&local);
	return rc;
}

static int ids_has(const struct braid_ids *ids, int64_t id)
{
	size_t lo = 0, hi = ids->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids->v[mid] == id)
			return 1;
		if (ids->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Runs sql with ?1 bound to id and collects the first column, sorted. */
static int collect_ids(struct braid_store *st, const char *sql, int64_t id, struct braid_ids *out,
		       struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st, sql, &s, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_each(st, s, collect_one_id, out, "cannot select the codings", err);
	sqlite3_finalize(s);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_id);
	return rc;
}

/*
 * The listing goes document by document, in name order, and through each
 * document's codings in span order with an index: (doc_id, start_cp, ...)
 * (the unique constraint), or (code_id, doc_id, start_cp) with a code. So
 * nothing sorts all the codings at once, and memory does not grow with the
 * listing: SQLite sorts only the codings of one document on the same span
 * (by code and coder), and the text comes from a doctext reader, which
 * reads the turns a span touches. A coder or case filter first finds the
 * documents where they can match (through codings_coder, speakers_case and
 * documents_case), so that a small coder's codings do not cost a walk
 * through every document's.
 */
struct listing {
	struct braid_store *st;
	const struct filter_ids *fi;
	struct braid_ids docs_coder, docs_case; /* with those filters: the documents to visit */
	sqlite3_stmt *codings;
	struct braid_doctext *dt;
	const char *doc;
	braid_coding_cb cb;
	void *ctx;
	struct braid_err *err;
};

static int list_coding(sqlite3_stmt *s, void *data)
{
	struct listing *l = data;
	int64_t start = sqlite3_column_int64(s, 8), end = sqlite3_column_int64(s, 9);
	struct braid_doctext_turn t;
	const char *text;
	size_t len;
	int rc;

	if ((rc = braid_doctext_turn_at(l->dt, start, &t, l->err)))
		return rc;
	if (l->fi->kase && t.case_id != l->fi->kase)
		return 0;
	if (!braid_role_matches(l->fi->role, t.id ? t.role : NULL))
		return 0;
	if ((rc = braid_doctext_span(l->dt, start, end, &text, &len, l->err)))
		return rc;
	{
		struct braid_coding_row r = {
			.id = sqlite3_column_int64(s, 0),
			.doc = l->doc,
			.code = db_col_text(s, 1),
			.code_name = db_col_text(s, 2),
			.coder = db_col_text(s, 3),
			.origin = db_col_text(s, 4),
			.status = db_col_text(s, 5),
			.memo = col_or_null(s, 6),
			.created = db_col_text(s, 7),
			.start = start,
			.end = end,
			.guid = db_col_text(s, 10),
			.text = text,
			.text_len = len,
			.speaker = t.id ? t.speaker : NULL,
			.role = t.id ? t.role : NULL,
			.case_name = t.case_name,
			.turn = t.id ? t.idx : 0,
			.words = (int64_t)braid_text_words(text, len),
		};

		return l->cb(&r, l->ctx);
	}
}

static int list_doc(sqlite3_stmt *s, void *data)
{
	struct listing *l = data;
	int64_t id = sqlite3_column_int64(s, 0);
	int rc;

	if ((l->fi->coder && !ids_has(&l->docs_coder, id)) ||
	    (l->fi->kase && !ids_has(&l->docs_case, id)))
		return 0;
	if ((rc = braid_doctext_open(l->dt, id, l->err)))
		return rc;
	l->doc = db_col_text(s, 1);
	sqlite3_bind_int64(l->codings, 1, id);
	return db_each(l->st, l->codings, list_coding, l, "cannot list the codings", l->err);
}

/* The query for one document's codings, with the filter's conditions (parameters ?2 to ?5). */
static int listing_sql(struct braid_store *st, const struct filter_ids *fi, struct strbuf *sql,
		       struct braid_err *err)
{
	strbuf_addstr(sql, "SELECT g.id, c.slug, c.name, cd.name, g.origin, g.status, g.memo,"
			   " g.created, g.start_cp, g.end_cp, g.guid FROM codings g");
	/*
	 * With a code, its codings in the document through (code_id, doc_id,
	 * start_cp): without statistics SQLite prefers the unique index, for
	 * its order, and reads all the document's codings. Not when blind:
	 * codings is then a view, which has no index to name (store.h).
	 */
	if (fi->code && braid_store_blind(st) < 0)
		strbuf_addstr(sql, " INDEXED BY codings_code");
	strbuf_addstr(sql, " JOIN codes c ON c.id = g.code_id JOIN coders cd ON cd.id = g.coder_id"
			   " WHERE g.doc_id = ?1");
	if (fi->code && fi->children) {
		struct braid_ids sub = { 0 };
		int rc = collect_ids(st,
				     "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM codes c"
				     " JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub",
				     fi->code, &sub, err);

		if (rc) {
			braid_ids_release(&sub);
			return rc;
		}
		/* the ids as literals: each is one seek in codings_code */
		strbuf_addstr(sql, " AND g.code_id IN (");
		for (size_t i = 0; i < sub.n; i++)
			strbuf_addf(sql, "%s%lld", i ? "," : "", (long long)sub.v[i]);
		strbuf_addch(sql, ')');
		braid_ids_release(&sub);
	} else if (fi->code) {
		strbuf_addstr(sql, " AND g.code_id = ?2");
	}
	/* "+": not through codings_coder, which would visit all the coder's codings per document */
	if (fi->coder)
		strbuf_addstr(sql, " AND +g.coder_id = ?3");
	if (fi->origin)
		strbuf_addstr(sql, " AND g.origin = ?4");
	if (fi->status)
		strbuf_addstr(sql, " AND g.status = ?5");
	else if (!fi->include_rejected)
		strbuf_addstr(sql, " AND g.status != 'rejected'");
	strbuf_addstr(sql, " ORDER BY g.start_cp, g.end_cp, c.slug, cd.name");
	return 0;
}

int braid_codings_each(struct braid_store *st, const struct braid_coding_filter *f,
		       braid_coding_cb cb, void *ctx, struct braid_err *err)
{
	static const struct braid_coding_filter none = { 0 };
	struct strbuf sql = STRBUF_INIT;
	struct filter_ids fi;
	struct listing l = { .st = st, .fi = &fi, .cb = cb, .ctx = ctx, .err = err };
	sqlite3_stmt *docs = NULL;
	int rc;

	if (!f)
		f = &none;
	if ((rc = resolve_filter(st, f, &fi, err)))
		return rc;
	if (fi.coder)
		rc = collect_ids(st, "SELECT DISTINCT doc_id FROM codings WHERE coder_id = ?1", fi.coder,
				 &l.docs_coder, err);
	if (!rc && fi.kase)
		rc = collect_ids(st,
				 "SELECT id FROM documents WHERE case_id = ?1"
				 " UNION SELECT doc_id FROM speakers WHERE case_id = ?1",
				 fi.kase, &l.docs_case, err);
	if (!rc)
		rc = listing_sql(st, &fi, &sql, err);
	if (!rc)
		rc = db_prepare(st, sql.buf, &l.codings, err);
	if (!rc)
		rc = db_prepare(st,
				fi.doc ? "SELECT id, name FROM documents WHERE id = ?1"
				       : "SELECT id, name FROM documents ORDER BY name",
				&docs, err);
	if (!rc) {
		sqlite3_bind_int64(docs, 1, fi.doc);
		sqlite3_bind_int64(l.codings, 2, fi.code);
		sqlite3_bind_int64(l.codings, 3, fi.coder);
		db_bind_text(l.codings, 4, fi.origin, -1);
		db_bind_text(l.codings, 5, fi.status, -1);
		l.dt = braid_doctext_new(st);
		rc = db_each(st, docs, list_doc, &l, "cannot list the documents", err);
	}
	braid_doctext_free(l.dt);
	sqlite3_finalize(docs);
	sqlite3_finalize(l.codings);
	braid_ids_release(&l.docs_coder);
	braid_ids_release(&l.docs_case);
	strbuf_release(&sql);
	return rc;
}

/* ---- in-vivo codes ---- */

static const char *const lead_punct[] = { "\"", "'", "(", "[", "\u201c", "\u2018", "\u00ab",
					  "\u2014", "-", "\u2026", ".", ",", NULL };
static const char *const trail_punct[] = { "\"", "'", ")", "]", ".", ",", ";", ":", "!", "?",
					   "\u201d", "\u2019", "\u00bb", "\u2014", "-", "\u2026",
					   NULL };

/* See coding.h. */
void braid_in_vivo_name(const char *s, size_t len, struct strbuf *out)
{
	struct strbuf one = STRBUF_INIT;
	size_t b = 0, e, max = 60;
	int again = 1;

	braid_text_oneline(s, len, (size_t)-1, &one);
	e = one.len;
	while (again) {
		again = 0;
		for (const char *const *p = lead_punct; *p; p++) {
			size_t n = strlen(*p);

			if (e - b >= n && !memcmp(one.buf + b, *p, n))
				b += n, again = 1;
		}
		for (const char *const *p = trail_punct; *p; p++) {
			size_t n = strlen(*p);

			if (e - b >= n && !memcmp(one.buf + e - n, *p, n))
				e -= n, again = 1;
		}
		while (b < e && one.buf[b] == ' ')
			b++, again = 1;
		while (e > b && one.buf[e - 1] == ' ')
			e--, again = 1;
	}
	if (braid_cp_count(one.buf + b, e - b) > max) {
		size_t c = b + braid_cp_to_byte(one.buf + b, e - b, max), k;

		/* a space at c itself is a word boundary too */
		for (k = c; k > b + (c - b) / 3 && one.buf[k] != ' '; k--)
			;
		e = k > b + (c - b) / 3 ? k : c;
		while (e > b && strchr(" ,;:-", one.buf[e - 1]))
			e--;
	}
	strbuf_add(out, one.buf + b, e - b);
	strbuf_release(&one);
}

/* ---- memos ---- */

/* Parses "project", "doc:NAME", "code:REF", "segment:N", "theme:REF" into a target and the id it names. */
static int memo_target(struct braid_store *st, const char *on, enum braid_memo_target *kind,
		       int64_t *id, struct braid_err *err)
{
	const char *colon = strchr(on, ':');
	struct strbuf word = STRBUF_INIT;
	const char *arg = colon ? colon + 1 : NULL;
	int k, rc = 0;

	*id = 0;
	strbuf_add(&word, on, colon ? (size_t)(colon - on) : strlen(on));
	k = braid_vocab_parse(&braid_vocab_memo_target, word.buf);
	strbuf_release(&word);
	if (k < 0 || (k == BRAID_MEMO_PROJECT) != !colon || (colon && !*arg))
		return braid_errorf(err, BRAID_EINVAL,
				    "bad memo target '%s' (expected project, doc:NAME, code:CODE, "
				    "segment:N or theme:THEME)",
				    on);
	*kind = (enum braid_memo_target)k;
	switch (*kind) {
	case BRAID_MEMO_DOC:
		return braid_doc_find(st, arg, id, err);
	case BRAID_MEMO_CODE:
		return braid_code_find(st, arg, id, err);
	case BRAID_MEMO_THEME:
		return braid_theme_find(st, arg, id, err);
	case BRAID_MEMO_SEGMENT: {
		sqlite3_stmt *s;
		char *end;

		*id = strtoll(arg, &end, 10);
		if (*end || *id <= 0)
			return braid_errorf(err, BRAID_EINVAL, "bad segment '%s': expected a coding id",
					    arg);
		if ((rc = db_prepare(st, "SELECT 1 FROM codings WHERE id = ?", &s, err)))
			return rc;
		sqlite3_bind_int64(s, 1, *id);
		rc = db_one(st, s, "cannot read a coding", err);
		sqlite3_finalize(s);
		return rc < 0 ? rc : rc ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no coding %s", arg);
	}
	default:
		return 0;
	}
}

int braid_memo_add(struct braid_store *st, const char *on, const char *memo_kind,
		   const char *coder, const char *text, int64_t *id, struct braid_err *err)
{
	enum braid_memo_target kind;
	int64_t target, coder_id;
	sqlite3_stmt *s;
	struct strbuf shown = STRBUF_INIT;
	int rc;

	if (!text || !*text || !braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "a memo needs some (UTF-8) text");
	if (!memo_kind)
		memo_kind = braid_vocab_name(&braid_vocab_memo_kind, BRAID_MEMO_ANALYTIC);
	if ((rc = braid_vocab_require(&braid_vocab_memo_kind, memo_kind, err)) < 0)
		return rc;
	if ((rc = memo_target(st, on, &kind, &target, err)) ||
	    (rc = braid_store_coder(st, coder, 1, &coder_id, err)))
		return rc;
	if ((rc = db_prepare(st,
			     "INSERT INTO memos(target, doc_id, code_id, coding_id, coder_id, text,"
			     " theme_id, kind, phase) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			     &s, err)))
		return rc;
	db_bind_text(s, 1, braid_vocab_name(&braid_vocab_memo_target, (int)kind), -1);
	if (kind == BRAID_MEMO_DOC)
		sqlite3_bind_int64(s, 2, target);
	if (kind == BRAID_MEMO_CODE)
		sqlite3_bind_int64(s, 3, target);
	if (kind == BRAID_MEMO_SEGMENT)
		sqlite3_bind_int64(s, 4, target);
	sqlite3_bind_int64(s, 5, coder_id);
	db_bind_text(s, 6, text, -1);
	if (kind == BRAID_MEMO_THEME)
		sqlite3_bind_int64(s, 7, target);
	db_bind_text(s, 8, memo_kind, -1);
	if (braid_store_phase(st))
		sqlite3_bind_int(s, 9, braid_store_phase(st));
	rc = db_done(st, s, "cannot add the memo", err);
	sqlite3_finalize(s);
	if (!rc) {
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
		braid_text_oneline(text, strlen(text), 80, &shown);
		braid_change_note(st, "%s memo #%lld on %s by %s: %s", memo_kind, (long long)*id, on,
				  coder, shown.buf);
	}
	strbuf_release(&shown);
	return rc;
}

/* "#3 on segment:12 by ben" for notes; BRAID_ENOTFOUND when there is no memo id. */
static int describe_memo(struct braid_store *st, int64_t id, struct strbuf *out,
			 struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     "SELECT m.target, coalesce(d.name, c.slug, CAST(m.coding_id AS TEXT), h.slug),"
			     " cd.name, m.text FROM memos m JOIN coders cd ON cd.id = m.coder_id"
			     " LEFT JOIN documents d ON d.id = m.doc_id"
			     " LEFT JOIN codes c ON c.id = m.code_id"
			     " LEFT JOIN themes h ON h.id = m.theme_id WHERE m.id = ?",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a memo", err);
	if (rc == 1) {
		strbuf_addf(out, "#%lld on %s%s%s by %s: ", (long long)id, db_col_text(s, 0),
			    db_col_null(s, 1) ? ":" : "", db_col_text(s, 1), db_col_text(s, 2));
		braid_text_oneline(db_col_text(s, 3), (size_t)sqlite3_column_bytes(s, 3), 60, out);
		rc = 0;
	} else if (rc == 0) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no memo %lld", (long long)id);
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_memo_edit(struct braid_store *st, int64_t id, const char *text, struct braid_err *err)
{
	struct strbuf before = STRBUF_INIT, shown = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	if (!text || !*text || !braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "a memo needs some (UTF-8) text");
	if ((rc = describe_memo(st, id, &before, err)))
		goto out;
	if ((rc = db_prepare(st, "UPDATE memos SET text = ?2 WHERE id = ?1 AND text != ?2", &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, text, -1);
	rc = db_done(st, s, "cannot edit the memo", err);
	sqlite3_finalize(s);
	if (!rc && sqlite3_changes(braid_store_db(st))) {
		braid_text_oneline(text, strlen(text), 60, &shown);
		braid_change_note(st, "edited memo %s -> %s", before.buf, shown.buf);
	}
out:
	strbuf_release(&before);
	strbuf_release(&shown);
	return rc;
}

int braid_memo_rm(struct braid_store *st, int64_t id, struct braid_err *err)
{
	struct strbuf what = STRBUF_INIT;
	int rc = describe_memo(st, id, &what, err);

	if (!rc)
		rc = db_run_ids(st, "DELETE FROM memos WHERE id = ?1", id, 0, "cannot remove the memo",
				err);
	if (!rc)
		braid_change_note(st, "removed memo %s", what.buf);
	strbuf_release(&what);
	return rc;
}

struct memo_walk {
	int (*cb)(const struct braid_memo_row *row, void *ctx);
	void *ctx;
};

static int memo_row(sqlite3_stmt *s, void *ctx)
{
	struct memo_walk *w = ctx;
	struct braid_memo_row r = {
		.id = sqlite3_column_int64(s, 0),
		.target = db_col_text(s, 1),
		.target_ref = db_col_null(s, 2),
		.coder = db_col_text(s, 3),
		.text = db_col_text(s, 4),
		.created = db_col_text(s, 5),
		.guid = db_col_text(s, 6),
		.kind = db_col_text(s, 7),
		.phase = sqlite3_column_int(s, 8),
	};

	return w->cb(&r, w->ctx);
}

int braid_memos_each(struct braid_store *st, const char *on, const char *memo_kind,
		     int (*cb)(const struct braid_memo_row *row, void *ctx), void *ctx,
		     struct braid_err *err)
{
	struct memo_walk w = { cb, ctx };
	enum braid_memo_target kind = BRAID_MEMO_PROJECT;
	int64_t target = 0;
	sqlite3_stmt *s;
	int rc = 0;

	if (on && (rc = memo_target(st, on, &kind, &target, err)))
		return rc;
	if (memo_kind && (rc = braid_vocab_require(&braid_vocab_memo_kind, memo_kind, err)) < 0)
		return rc;
	if ((rc = db_prepare(st,
			     "SELECT m.id, m.target,"
			     " coalesce(d.name, c.slug, CAST(m.coding_id AS TEXT), h.slug),"
			     " cd.name, m.text, m.created, m.guid, m.kind, coalesce(m.phase, 0)"
			     " FROM memos m JOIN coders cd ON cd.id = m.coder_id"
			     " LEFT JOIN documents d ON d.id = m.doc_id"
			     " LEFT JOIN codes c ON c.id = m.code_id"
			     " LEFT JOIN themes h ON h.id = m.theme_id"
			     " WHERE (?1 IS NULL OR (m.target = ?1"
			     "  AND coalesce(m.doc_id, m.code_id, m.coding_id, m.theme_id, 0) = ?2))"
			     " AND (?3 IS NULL OR m.kind = ?3) ORDER BY m.id",
			     &s, err)))
		return rc;
	db_bind_text(s, 1, on ? braid_vocab_name(&braid_vocab_memo_target, (int)kind) : NULL, -1);
	sqlite3_bind_int64(s, 2, target);
	db_bind_text(s, 3, memo_kind, -1);
	rc = db_each(st, s, memo_row, &w, "cannot list the memos", err);
	sqlite3_finalize(s);
	return rc;
}

/* ---- coders ---- */

struct coder_walk {
	int (*cb)(const struct braid_coder_row *row, void *ctx);
	void *ctx;
};

static int coder_row(sqlite3_stmt *s, void *ctx)
{
	struct coder_walk *w = ctx;
	struct braid_coder_row r = {
		.name = db_col_text(s, 0),
		.created = db_col_text(s, 1),
		.codings = sqlite3_column_int64(s, 2),
		.codes = sqlite3_column_int64(s, 3),
		.memos = sqlite3_column_int64(s, 4),
		.guid = db_col_text(s, 5),
	};

	return w->cb(&r, w->ctx);
}

int braid_coders_each(struct braid_store *st,
		      int (*cb)(const struct braid_coder_row *row, void *ctx), void *ctx,
		      struct braid_err *err)
{
	struct coder_walk w = { cb, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     "SELECT name, created,"
			     " (SELECT count(*) FROM codings g WHERE g.coder_id = k.id"
			     "   AND g.status != 'rejected'),"
			     " (SELECT count(*) FROM codes c WHERE c.created_by = k.id),"
			     " (SELECT count(*) FROM memos m WHERE m.coder_id = k.id), guid"
			     " FROM coders k ORDER BY name",
			     &s, err)))
		return rc;
	rc = db_each(st, s, coder_row, &w, "cannot list the coders", err);
	sqlite3_finalize(s);
	return rc;
}

/* ---- counts ---- */

/*
 * Counts go document by document: a document's codings (not rejected) in
 * span order through the unique index, the turn each starts in from a
 * doctext reader (for its case), then the union of each code's spans per
 * group, whose words are counted from the text the reader gives in one
 * forward pass. Memory holds one document's codings and the tallies; no
 * document's text is read whole, and none more than twice.
 */

/* The counts of one code in one group (document, case or coder; 0 without grouping). */
struct tally {
	int64_t code, grp;
	char *name; /* the group's name; NULL without grouping */
	int64_t segments, words, docs, cases;
	int64_t last_doc;
};

/* A hash table from a pair of integers to an index: (code, group) -> tally, (tally, case). */
struct pair_slot {
	int64_t a, b;
	size_t v;
	int used;
};

struct pairmap {
	struct pair_slot *slot;
	size_t n, cap; /* cap: a power of two */
};

static size_t pair_hash(int64_t a, int64_t b, size_t cap)
{
	uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15u ^ ((uint64_t)b + 0x632BE59BD9B4E019u) *
							       0xC2B2AE3D27D4EB4Fu;

	return (size_t)(h ^ (h >> 31)) & (cap - 1);
}

/* The index stored for (a, b); stores v when there is none yet (*added then 1). */
static size_t pair_get(struct pairmap *m, int64_t a, int64_t b, size_t v, int *added)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct pairmap bigger = { xcalloc(m->cap ? m->cap * 2 : 64, sizeof(struct pair_slot)),
					  0, m->cap ? m->cap * 2 : 64 };

		for (size_t k = 0; k < m->cap; k++) {
			int dummy;

			if (m->slot[k].used)
				pair_get(&bigger, m->slot[k].a, m->slot[k].b, m->slot[k].v, &dummy);
		}
		free(m->slot);
		*m = bigger;
	}
	for (i = pair_hash(a, b, m->cap); m->slot[i].used; i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i].a == a && m->slot[i].b == b) {
			*added = 0;
			return m->slot[i].v;
		}
	}
	m->slot[i] = (struct pair_slot){ a, b, v, 1 };
	m->n++;
	*added = 1;
	return v;
}

/*
 * One coding of the document being counted (once per tally it counts for),
 * then one interval of a tally's union.
 */
struct seg {
	size_t tally;
	int64_t start, end;
	int64_t coder;
};

/* Each code's parent, for rolling codings up the tree: ids sorted, parents beside them. */
struct parents {
	int64_t *id, *parent;
	size_t n, alloc_id, alloc_parent;
};

struct counting {
	struct braid_store *st;
	enum braid_stats_by by;
	int rollup;
	struct parents tree;
	sqlite3_stmt *codings;
	struct braid_doctext *dt;
	int64_t doc;
	const char *doc_name;
	struct tally *t;
	size_t nt, t_alloc;
	struct pairmap tallies, cases;
	struct seg *seg;
	size_t nseg, seg_alloc;
	struct braid_err *err;
};

/* The parent of code id (0 at the top, or when the code is not known). */
static int64_t parent_of(const struct parents *t, int64_t id)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->id[mid] == id)
			return t->parent[mid];
		if (t->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int parent_row(sqlite3_stmt *s, void *ctx)
{
	struct parents *t = ctx;

	ALLOC_GROW(t->id, t->n + 1, t->alloc_id);
	ALLOC_GROW(t->parent, t->n + 1, t->alloc_parent);
	t->id[t->n] = sqlite3_column_int64(s, 0);
	t->parent[t->n++] = sqlite3_column_int64(s, 1);
	return 0;
}

/* Counts a coding of the document for code `code` in group grp (documents, cases, the span). */
static void count_for(struct counting *c, int64_t code, int64_t grp, const char *name,
		      const struct braid_doctext_turn *turn, int64_t start, int64_t end,
		      int64_t coder)
{
	size_t k;
	int added;

	k = pair_get(&c->tallies, code, grp, c->nt, &added);
	if (added) {
		ALLOC_GROW(c->t, c->nt + 1, c->t_alloc);
		c->t[c->nt++] = (struct tally){ .code = code, .grp = grp,
						.name = name ? xstrdup(name) : NULL };
	}
	if (c->t[k].last_doc != c->doc) {
		c->t[k].last_doc = c->doc;
		c->t[k].docs++;
	}
	if (turn->case_id) {
		pair_get(&c->cases, (int64_t)k, turn->case_id, 0, &added);
		c->t[k].cases += added;
	}
	/* segments are counted from these, once per span and coder (count_words) */
	ALLOC_GROW(c->seg, c->nseg + 1, c->seg_alloc);
	c->seg[c->nseg++] = (struct seg){ k, start, end, coder };
}

static int count_coding(sqlite3_stmt *s, void *data)
{
	struct counting *c = data;
	int64_t start = sqlite3_column_int64(s, 2), code = sqlite3_column_int64(s, 0);
	struct braid_doctext_turn turn;
	const char *name = NULL;
	int64_t grp = 0;
	int rc;

	if ((rc = braid_doctext_turn_at(c->dt, start, &turn, c->err)))
		return rc;
	switch (c->by) {
	case BRAID_BY_DOC:
		grp = c->doc;
		name = c->doc_name;
		break;
	case BRAID_BY_CASE:
		grp = turn.case_id;
		name = turn.case_name ? turn.case_name : "";
		break;
	case BRAID_BY_CODER:
		grp = sqlite3_column_int64(s, 1);
		name = db_col_text(s, 4);
		break;
	default:
		break;
	}
	/* with rollup, for the code and each of its ancestors (a tree is never deeper than this) */
	for (int up = 0; code && up < 256; up++) {
		count_for(c, code, grp, name, &turn, start, sqlite3_column_int64(s, 3),
			  sqlite3_column_int64(s, 1));
		code = c->rollup ? parent_of(&c->tree, code) : 0;
	}
	return 0;
}

static int seg_by_tally(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	if (x->tally != y->tally)
		return x->tally < y->tally ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->coder > y->coder) - (x->coder < y->coder);
}

static int seg_by_start(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/*
 * Segments and words coded in one document: a tally's segments are its
 * distinct (span, coder) pairs (a span coded with a code and with a code
 * below it, rolled up, is one segment of the parent), its words those of
 * the union of its spans, overlaps counted once.
 */
static int count_words(struct counting *c)
{
	size_t n = 0;
	int rc;

	if (!c->nseg) /* a document without codings: nothing to sort (qsort wants an array) */
		return 0;
	qsort(c->seg, c->nseg, sizeof(*c->seg), seg_by_tally);
	for (size_t i = 0; i < c->nseg; i++) {
		const struct seg *g = &c->seg[i], *prev = i ? &c->seg[i - 1] : NULL;

		if (!prev || prev->tally != g->tally || prev->start != g->start ||
		    prev->end != g->end || prev->coder != g->coder)
			c->t[g->tally].segments++;
	}
	for (size_t i = 0; i < c->nseg; i++) {
		if (n && c->seg[n - 1].tally == c->seg[i].tally && c->seg[i].start <= c->seg[n - 1].end) {
			if (c->seg[i].end > c->seg[n - 1].end)
				c->seg[n - 1].end = c->seg[i].end;
		} else {
			c->seg[n++] = c->seg[i];
		}
	}
	/* in text order, so the reader walks forward */
	qsort(c->seg, n, sizeof(*c->seg), seg_by_start);
	for (size_t i = 0; i < n; i++) {
		const char *text;
		size_t len;

		rc = braid_doctext_span(c->dt, c->seg[i].start, c->seg[i].end, &text, &len, c->err);
		if (rc)
			return rc;
		c->t[c->seg[i].tally].words += (int64_t)braid_text_words(text, len);
	}
	return 0;
}

static int count_doc(sqlite3_stmt *s, void *data)
{
	struct counting *c = data;
	int rc;

	c->doc = sqlite3_column_int64(s, 0);
	c->doc_name = db_col_text(s, 1);
	c->nseg = 0;
	if ((rc = braid_doctext_open(c->dt, c->doc, c->err)))
		return rc;
	sqlite3_bind_int64(c->codings, 1, c->doc);
	rc = db_each(c->st, c->codings, count_coding, c, "cannot count the codings", c->err);
	return rc ? rc : count_words(c);
}

/* Code order, then the group's name (byte order, as SQLite's BINARY collation). */
static int tally_cmp(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

struct stats_out {
	enum braid_stats_by by;
	const struct tally *t;
	size_t nt;
	int (*cb)(const struct braid_stats_row *row, void *ctx);
	void *ctx;
};

/* One code of the tree: a row per group it has counts in, or one empty row if it is active. */
static int stats_code(sqlite3_stmt *s, void *data)
{
	struct stats_out *o = data;
	int64_t code = sqlite3_column_int64(s, 0);
	size_t lo = 0, hi = o->nt;
	struct braid_stats_row r = {
		.code = db_col_text(s, 1),
		.code_name = db_col_text(s, 2),
		.depth = sqlite3_column_int(s, 3),
	};
	int rc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->t[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == o->nt || o->t[lo].code != code)
		return strcmp(db_col_text(s, 4), "active") ? 0 : o->cb(&r, o->ctx);
	for (; lo < o->nt && o->t[lo].code == code; lo++) {
		const struct tally *t = &o->t[lo];

		r.group = o->by == BRAID_BY_NONE ? NULL : *t->name ? t->name : "(no case)";
		r.segments = t->segments;
		r.words = t->words;
		r.docs = t->docs;
		r.cases = t->cases;
		if ((rc = o->cb(&r, o->ctx)))
			return rc;
	}
	return 0;
}

int braid_code_stats(struct braid_store *st, enum braid_stats_by by, unsigned flags,
		     int (*cb)(const struct braid_stats_row *row, void *ctx), void *ctx,
		     struct braid_err *err)
{
	struct counting c = { .st = st, .by = by, .rollup = (flags & BRAID_STATS_ROLLUP) != 0,
			      .err = err };
	struct stats_out o = { .by = by, .cb = cb, .ctx = ctx };
	sqlite3_stmt *docs = NULL, *tree = NULL;
	int rc = 0;

	if (c.rollup) {
		rc = db_prepare(st, "SELECT id, coalesce(parent_id, 0) FROM codes ORDER BY id",
				&tree, err);
		if (!rc)
			rc = db_each(st, tree, parent_row, &c.tree, "cannot read the code tree",
				     err);
		sqlite3_finalize(tree);
		tree = NULL;
	}
	if (!rc)
		rc = db_prepare(st,
			"SELECT g.code_id, g.coder_id, g.start_cp, g.end_cp, cd.name"
			" FROM codings g JOIN coders cd ON cd.id = g.coder_id"
			" WHERE g.doc_id = ?1 AND g.status != 'rejected' ORDER BY g.start_cp",
			&c.codings, err);
	if (!rc)
		rc = db_prepare(st, "SELECT id, name FROM documents ORDER BY id", &docs, err);
	if (!rc) {
		c.dt = braid_doctext_new(st);
		rc = db_each(st, docs, count_doc, &c, "cannot count the codings", err);
	}
	if (!rc) {
		if (c.nt)
			qsort(c.t, c.nt, sizeof(*c.t), tally_cmp);
		o.t = c.t;
		o.nt = c.nt;
		rc = db_prepare(st,
				CODE_TREE_CTE " SELECT c.id, c.slug, c.name, t.depth, c.status"
					      " FROM tree t JOIN codes c ON c.id = t.id ORDER BY t.path",
				&tree, err);
	}
	if (!rc)
		rc = db_each(st, tree, stats_code, &o, "cannot list the codes", err);
	sqlite3_finalize(tree);
	sqlite3_finalize(docs);
	sqlite3_finalize(c.codings);
	braid_doctext_free(c.dt);
	for (size_t i = 0; i < c.nt; i++)
		free(c.t[i].name);
	free(c.t);
	free(c.seg);
	free(c.tallies.slot);
	free(c.cases.slot);
	free(c.tree.id);
	free(c.tree.parent);
	return rc;
}
