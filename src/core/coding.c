/* coding.c - codings, spans, memos, retrieval and counts (see coding.h). */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
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
		return braid_errorf(err, BRAID_EINVAL, "the text to find is empty or not UTF-8");
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
			     " origin, status, memo) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
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

int braid_coding_delete(struct braid_store *st, int64_t id, size_t *memos, struct braid_err *err)
{
	size_t n = 0;
	/* the memos on it go first: nothing may refer to a removed coding */
	int rc = db_run_ids(st, "DELETE FROM memos WHERE coding_id = ?1", id, 0,
			    "cannot remove the coding's memos", err);

	if (!rc) {
		n = (size_t)sqlite3_changes(braid_store_db(st));
		rc = db_run_ids(st, "DELETE FROM codings WHERE id = ?1", id, 0,
				"cannot remove the coding", err);
	}
	if (!rc && !sqlite3_changes(braid_store_db(st)))
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no coding %lld", (long long)id);
	if (memos)
		*memos = n;
	return rc;
}

int braid_coding_rm(struct braid_store *st, int64_t id, size_t *memos, struct braid_err *err)
{
	struct strbuf what = STRBUF_INIT;
	size_t n = 0;
	int rc = braid_coding_describe(st, id, &what, err);

	if (!rc)
		rc = braid_coding_delete(st, id, &n, err);
	if (!rc && n)
		braid_change_note(st, "removed coding %s with its %zu memo%s", what.buf, n,
				  n == 1 ? "" : "s");
	else if (!rc)
		braid_change_note(st, "removed coding %s", what.buf);
	if (memos)
		*memos = n;
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
		rc = braid_coding_delete(st, from, NULL, err);
	if (memos)
		*memos = n;
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

/* A coding filter with its names resolved to ids (0: any); parameters ?1 to ?8. */
struct filter_ids {
	int64_t doc, code, coder, kase;
	int children, include_rejected;
	const char *origin, *status;
};

#define FILTER_SQL                                                                               \
	" (?1 = 0 OR g.doc_id = ?1)"                                                             \
	" AND (?2 = 0 OR g.code_id = ?2 OR (?3 AND g.code_id IN " CODE_SUBTREE "))"             \
	" AND (?4 = 0 OR g.coder_id = ?4)"                                                       \
	" AND (?5 = 0 OR coalesce(sp.case_id, d.case_id) = ?5)"                                 \
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
	struct filter_ids fi;
	int64_t cur_doc = -1;
	sqlite3_stmt *s;
	int rc = 0, step;

	if (!f)
		f = &none;
	if ((rc = resolve_filter(st, f, &fi, err)))
		return rc;
	if ((rc = db_prepare(st,
			     "SELECT g.id, d.name, c.slug, c.name, cd.name, g.origin, g.status, g.memo,"
			     " g.created, g.start_cp, g.end_cp, sp.label, sp.role,"
			     " coalesce(sc.name, dc.name), coalesce(t.idx, 0), d.id, g.guid"
			     " FROM codings g JOIN documents d ON d.id = g.doc_id"
			     " JOIN codes c ON c.id = g.code_id JOIN coders cd ON cd.id = g.coder_id"
			     CODING_TURN_JOIN " WHERE" FILTER_SQL
			     " ORDER BY d.name, g.start_cp, g.end_cp, c.slug, cd.name",
			     &s, err)))
		return rc;
	bind_filter(s, &fi);
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
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
			.guid = db_col_text(s, 16),
		};
		size_t b0, b1;

		/* the document text is read once per document, not once per coding */
		if (sqlite3_column_int64(s, 15) != cur_doc) {
			cur_doc = sqlite3_column_int64(s, 15);
			strbuf_reset(&text);
			if ((rc = braid_corpus_text_of(st, cur_doc, &text, err)))
				break;
			cur = (struct cp_cursor){ text.buf, text.len, 0, 0 };
		}
		b0 = cursor_byte(&cur, (size_t)start);
		b1 = b0 + braid_cp_to_byte(text.buf + b0, text.len - b0, (size_t)(end - start));
		r.text = text.buf + b0;
		r.text_len = b1 - b0;
		r.words = (int64_t)braid_text_words(r.text, r.text_len);
		rc = cb(&r, ctx);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(st, err, "cannot list the codings");
	sqlite3_finalize(s);
	strbuf_release(&text);
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

/* Parses "project", "doc:NAME", "code:REF", "segment:N" into a target and the id it names. */
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
				    "bad memo target '%s' (expected project, doc:NAME, code:CODE or "
				    "segment:N)",
				    on);
	*kind = (enum braid_memo_target)k;
	switch (*kind) {
	case BRAID_MEMO_DOC:
		return braid_doc_find(st, arg, id, err);
	case BRAID_MEMO_CODE:
		return braid_code_find(st, arg, id, err);
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

int braid_memo_add(struct braid_store *st, const char *on, const char *coder, const char *text,
		   int64_t *id, struct braid_err *err)
{
	enum braid_memo_target kind;
	int64_t target, coder_id;
	sqlite3_stmt *s;
	struct strbuf shown = STRBUF_INIT;
	int rc;

	if (!text || !*text || !braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "a memo needs some (UTF-8) text");
	if ((rc = memo_target(st, on, &kind, &target, err)) ||
	    (rc = braid_store_coder(st, coder, 1, &coder_id, err)))
		return rc;
	if ((rc = db_prepare(st,
			     "INSERT INTO memos(target, doc_id, code_id, coding_id, coder_id, text)"
			     " VALUES (?, ?, ?, ?, ?, ?)",
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
	rc = db_done(st, s, "cannot add the memo", err);
	sqlite3_finalize(s);
	if (!rc) {
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
		braid_text_oneline(text, strlen(text), 80, &shown);
		braid_change_note(st, "memo #%lld on %s by %s: %s", (long long)*id, on, coder,
				  shown.buf);
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
			     "SELECT m.target, coalesce(d.name, c.slug, CAST(m.coding_id AS TEXT)),"
			     " cd.name, m.text FROM memos m JOIN coders cd ON cd.id = m.coder_id"
			     " LEFT JOIN documents d ON d.id = m.doc_id"
			     " LEFT JOIN codes c ON c.id = m.code_id WHERE m.id = ?",
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
	};

	return w->cb(&r, w->ctx);
}

int braid_memos_each(struct braid_store *st, const char *on,
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
	if ((rc = db_prepare(st,
			     "SELECT m.id, m.target, coalesce(d.name, c.slug, CAST(m.coding_id AS TEXT)),"
			     " cd.name, m.text, m.created, m.guid"
			     " FROM memos m JOIN coders cd ON cd.id = m.coder_id"
			     " LEFT JOIN documents d ON d.id = m.doc_id"
			     " LEFT JOIN codes c ON c.id = m.code_id"
			     " WHERE ?1 IS NULL OR (m.target = ?1"
			     "  AND coalesce(m.doc_id, m.code_id, m.coding_id, 0) = ?2)"
			     " ORDER BY m.id",
			     &s, err)))
		return rc;
	db_bind_text(s, 1, on ? braid_vocab_name(&braid_vocab_memo_target, (int)kind) : NULL, -1);
	sqlite3_bind_int64(s, 2, target);
	rc = db_each(st, s, memo_row, &w, "cannot list the memos", err);
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
	sqlite3_stmt *s = NULL;
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
				if ((rc = braid_corpus_text_of(st, d, &text, err)))
					break;
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
