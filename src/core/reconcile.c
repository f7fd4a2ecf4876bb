/*
 * reconcile.c - two coders' codings made into one consensus coder
 * (agree.h; docs/agreement.md, *Reconciliation*).
 *
 * The comparison is agree's (agreeint.h): the same documents, units and
 * overlap rule. Per unit and code, each coder's codings of the code that
 * touch the unit are a set of spans; equal sets are agreement and are
 * copied, different ones (one coder only, or both with other spans) are the
 * items to decide.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/agree.h"
#include "braid/alloc.h"
#include "braid/coding.h"
#include "agreeint.h"
#include "db.h"

static int cmp_span(const void *a, const void *b)
{
	const struct braid_rec_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Sorts and removes duplicates (two codings of one coder on one span cannot be, but be safe). */
static size_t spans_unique(struct braid_rec_span *v, size_t n)
{
	size_t k = 0;

	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_span);
	for (size_t i = 0; i < n; i++)
		if (!k || cmp_span(&v[k - 1], &v[i]))
			v[k++] = v[i];
	return k;
}

static int spans_equal(const struct braid_rec_span *a, size_t na, const struct braid_rec_span *b,
		       size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (cmp_span(&a[i], &b[i]))
			return 0;
	return 1;
}

/* The consensus coder's codings in the compared documents, for --resume and the refusal. */
struct have {
	int64_t doc_id, code_id, start, end;
};

static int have_row(sqlite3_stmt *q, void *ctx)
{
	void **c = ctx;
	struct have **v = c[0];
	size_t *n = c[1];

	ALLOC_GROW_N(*v, *n);
	(*v)[(*n)++] = (struct have){sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
				     sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3)};
	return 0;
}

static int have_load(struct braid_store *st, int64_t coder, struct have **v, size_t *n,
		     struct braid_err *err)
{
	void *ctx[2] = {v, n};
	sqlite3_stmt *q;
	int rc = db_prepare(st,
			    "SELECT doc_id, code_id, start_cp, end_cp FROM codings"
			    " WHERE coder_id = ?1 AND status <> 'rejected'",
			    &q, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, coder);
	rc = db_each(st, q, have_row, ctx, "cannot read the consensus coder's codings", err);
	sqlite3_finalize(q);
	return rc;
}

static int cmp_have(const void *a, const void *b)
{
	const struct have *x = a, *y = b;

	if (x->doc_id != y->doc_id)
		return x->doc_id < y->doc_id ? -1 : 1;
	if (x->code_id != y->code_id)
		return x->code_id < y->code_id ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

/* Whether a coding in have (sorted by cmp_have) of the code touches [start, end) of the document.
 */
static bool have_touches(const struct have *v, size_t n, int64_t doc, int64_t code, int64_t start,
			 int64_t end)
{
	struct have key = {doc, code, INT64_MIN, 0};
	size_t lo = 0, hi = n;

	while (lo < hi) { /* the document's first coding of the code */
		size_t mid = (lo + hi) / 2;

		if (cmp_have(&v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && v[lo].doc_id == doc && v[lo].code_id == code && v[lo].start < end; lo++)
		if (v[lo].end > start)
			return true;
	return false;
}

static int cmp_item(const void *a, const void *b)
{
	const struct braid_rec_item *x = a, *y = b;

	/* unit order is document (by name) then text order; then the codes' tree order */
	if (x->id != y->id) /* id holds the unit index until numbered */
		return x->id < y->id ? -1 : 1;
	return (x->code_id > y->code_id) - (x->code_id < y->code_id);
}

int braid_reconcile_load(struct braid_store *st, const struct braid_rec_opts *o,
			 struct braid_reconcile *r, struct braid_err *err)
{
	const char *coders[2] = {o->a, o->b};
	struct ag_load_opts lo = {coders,   2,	     o->codes,	     o->ncodes, o->docs,
				  o->ndocs, o->unit, o->interviewer, 1};
	const char *as = o->as ? o->as : "consensus";
	struct ag_set s;
	struct have *have = NULL;
	size_t nhave = 0;
	int64_t as_id = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!o->a || !o->b)
		return braid_errorf(err, BRAID_EINVAL, "reconciliation needs two coders");
	if (o->unit == BRAID_AGREE_CHAR)
		return braid_errorf(err, BRAID_EINVAL,
				    "reconciliation works on turns, sentences, paragraphs or "
				    "documents, not on characters");
	if ((rc = ag_load(st, &lo, &s, err)))
		goto out;
	rc = braid_store_coder(st, as, 0, &as_id, err);
	if (rc == BRAID_ENOTFOUND) {
		rc = 0;
		as_id = 0;
	} else if (rc)
		goto out;
	if (as_id == s.coder_id[0] || as_id == s.coder_id[1]) {
		rc = braid_errorf(err, BRAID_EINVAL,
				  "the consensus coder '%s' is one of the coders reconciled", as);
		goto out;
	}
	if (as_id > 0 && (rc = have_load(st, as_id, &have, &nhave, err)))
		goto out;
	if (nhave > 1)
		qsort(have, nhave, sizeof(*have), cmp_have);
	if (nhave && !o->resume) {
		size_t in = 0;

		for (size_t i = 0; i < nhave; i++)
			for (size_t d = 0; d < s.ndocs; d++)
				in += have[i].doc_id == s.docs[d].id;
		if (in) {
			rc = braid_errorf(
			    err, BRAID_EEXIST,
			    "coder '%s' already has %zu coding%s in these documents: "
			    "resume that reconciliation, or reconcile as another coder",
			    as, in, in == 1 ? "" : "s");
			goto out;
		}
	}
	r->a = xstrdup(s.coder[0]);
	r->b = xstrdup(s.coder[1]);
	r->as = as_id > 0 ? braid_store_coder_name(st, as) : xstrdup(as);
	r->nunits = s.nunits;
	r->ndocs = s.ndocs;
	r->docs = xcalloc(s.ndocs ? s.ndocs : 1, sizeof(*r->docs));
	for (size_t d = 0; d < s.ndocs; d++)
		r->docs[d] = xstrdup(s.docs[d].name);
	r->ncodes = s.ncodes;
	r->codes = xcalloc(s.ncodes ? s.ncodes : 1, sizeof(*r->codes));
	for (size_t k = 0; k < s.ncodes; k++)
		r->codes[k] = xstrdup(s.all_slug[s.code[k]]);

	for (size_t h = 0; h < s.nhits;) {
		size_t k = s.hits[h].code, u = s.hits[h].unit, e = h;
		struct braid_rec_span *a = NULL, *b = NULL;
		size_t na = 0, nb = 0;

		while (e < s.nhits && s.hits[e].code == k && s.hits[e].unit == u) {
			const struct ag_coding *c = &s.codings[s.hits[e].coding];
			struct braid_rec_span sp = {c->start, c->end};

			if (s.hits[e].coder == 0) {
				ALLOC_GROW_N(a, na);
				a[na++] = sp;
			} else {
				ALLOC_GROW_N(b, nb);
				b[nb++] = sp;
			}
			e++;
		}
		h = e;
		na = spans_unique(a, na);
		nb = spans_unique(b, nb);
		const struct ag_unit *un = &s.units[u];
		int64_t doc_id = s.docs[un->doc].id, code_id = s.all_id[s.code[k]];

		if (spans_equal(a, na, b, nb)) {
			for (size_t i = 0; i < na; i++) {
				ALLOC_GROW_N(r->agreed, r->nagreed);
				r->agreed[r->nagreed++] =
				    (struct braid_rec_copy){doc_id, code_id, a[i].start, a[i].end};
			}
			free(a);
			free(b);
			continue;
		}
		ALLOC_GROW_N(r->items, r->nitems);
		struct braid_rec_item *it = &r->items[r->nitems++];

		memset(it, 0, sizeof(*it));
		it->id = u; /* numbered below, once sorted */
		it->doc_id = doc_id;
		it->doc = r->docs[un->doc];
		it->turn = un->turn == SIZE_MAX ? 0 : s.turns[un->turn].idx;
		it->speaker = un->turn == SIZE_MAX ? NULL : s.turns[un->turn].speaker;
		it->start = un->start;
		it->end = un->end;
		it->code_id = (int64_t)k; /* the code's index until sorted */
		it->code = r->codes[k];
		it->a = a;
		it->na = na;
		it->b = b;
		it->nb = nb;
		it->text = ag_unit_text(&s, un);
		it->done = have_touches(have, nhave, doc_id, code_id, un->start, un->end);
	}
	if (r->nitems > 1)
		qsort(r->items, r->nitems, sizeof(*r->items), cmp_item);
	for (size_t i = 0; i < r->nitems; i++) {
		struct braid_rec_item *it = &r->items[i];

		it->id = i + 1;
		it->speaker = it->speaker ? xstrdup(it->speaker) : NULL;
		it->code_id = s.all_id[s.code[it->code_id]];
	}
out:
	free(have);
	ag_release(&s);
	if (rc)
		braid_reconcile_release(r);
	return rc;
}

void braid_reconcile_release(struct braid_reconcile *r)
{
	for (size_t i = 0; i < r->nitems; i++) {
		free(r->items[i].a);
		free(r->items[i].b);
		free(r->items[i].text);
		free((char *)r->items[i].speaker);
	}
	free(r->items);
	free(r->agreed);
	for (size_t i = 0; i < r->ndocs; i++)
		free(r->docs[i]);
	free(r->docs);
	for (size_t i = 0; i < r->ncodes; i++)
		free(r->codes[i]);
	free(r->codes);
	free(r->a);
	free(r->b);
	free(r->as);
	memset(r, 0, sizeof(*r));
}

/* ---- decisions ---- */

static int parse_span(const char *s, int64_t *start, int64_t *end)
{
	char *e;
	long long a, b;

	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	a = strtoll(s, &e, 10);
	if (errno || (*e != '-' && *e != ':') || !isdigit((unsigned char)e[1]))
		return -1;
	b = strtoll(e + 1, &e, 10);
	if (errno || *e || b <= a)
		return -1;
	*start = a;
	*end = b;
	return 0;
}

int braid_reconcile_parse_decision(const char *text, const struct braid_rec_item *it,
				   struct braid_rec_decision *d, struct braid_err *err)
{
	char word[16];
	const char *p = text, *arg;
	size_t n = 0;
	int v;

	while (*p == ' ' || *p == '\t')
		p++;
	while (p[n] && p[n] != ' ' && p[n] != '\t' && n + 1 < sizeof(word)) {
		word[n] = p[n];
		n++;
	}
	word[n] = '\0';
	arg = p + n;
	while (*arg == ' ' || *arg == '\t')
		arg++;
	if ((v = braid_vocab_require(&braid_vocab_decision, word, err)) < 0)
		return v;
	d->decision = v;
	d->start = d->end = 0;
	if (v == BRAID_DECIDE_EDIT) {
		char span[64];
		size_t m = 0;

		while (arg[m] && arg[m] != ' ' && arg[m] != '\t' && arg[m] != '\n' &&
		       m + 1 < sizeof(span)) {
			span[m] = arg[m];
			m++;
		}
		span[m] = '\0';
		if (!m)
			return braid_errorf(err, BRAID_EINVAL,
					    "edit needs a span START-END (item %zu is %lld-%lld)",
					    it->id, (long long)it->start, (long long)it->end);
		if (parse_span(span, &d->start, &d->end))
			return braid_errorf(err, BRAID_EINVAL,
					    "bad span '%s': expected START-END, start before end",
					    span);
		arg += m;
		while (*arg == ' ' || *arg == '\t')
			arg++;
	}
	if (*arg && *arg != '\n' && *arg != '#')
		return braid_errorf(err, BRAID_EINVAL, "unexpected '%s' after '%s'", arg, word);
	return 0;
}

int braid_reconcile_read_decisions(const char *path, const struct braid_reconcile *r,
				   struct braid_rec_decision *dec, struct braid_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = 0;
	char *seen;

	if (!f)
		return braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", path, strerror(errno));
	seen = xcalloc(r->nitems + 1, 1);
	for (size_t i = 0; i < r->nitems; i++)
		dec[i] = (struct braid_rec_decision){-1, 0, 0};
	while (!rc && (len = getline(&line, &cap, f)) >= 0) {
		char *p = line, *e;
		unsigned long long id;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		errno = 0;
		id = isdigit((unsigned char)*p) ? strtoull(p, &e, 10) : 0;
		if (!id || errno || (*e != ' ' && *e != '\t')) {
			rc = braid_errorf(
			    err, BRAID_EPARSE,
			    "%s: line %ld: expected a disagreement number, a tab and a "
			    "decision, got '%s'",
			    path, lineno, p);
			break;
		}
		if (id > r->nitems) {
			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %ld: no disagreement %llu (there are %zu)",
					  path, lineno, id, r->nitems);
			break;
		}
		if (seen[id]) {
			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %ld: disagreement %llu is decided twice", path,
					  lineno, id);
			break;
		}
		seen[id] = 1;
		if ((rc = braid_reconcile_parse_decision(e, &r->items[id - 1], &dec[id - 1], err)))
			rc = braid_err_prefix(err, "%s: line %ld", path, lineno);
	}
	if (!rc && ferror(f))
		rc = braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", path, strerror(errno));
	free(line);
	free(seen);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* ---- writing the consensus ---- */

struct writer {
	struct braid_store *st;
	sqlite3_stmt *ins;
	int64_t coder, doc;
	size_t written;
	struct braid_err *err;
};

static int put(struct writer *w, int64_t doc, int64_t code, int64_t start, int64_t end)
{
	int rc;

	sqlite3_bind_int64(w->ins, 1, doc);
	sqlite3_bind_int64(w->ins, 2, start);
	sqlite3_bind_int64(w->ins, 3, end);
	sqlite3_bind_int64(w->ins, 4, code);
	sqlite3_bind_int64(w->ins, 5, w->coder);
	sqlite3_bind_int(w->ins, 6, braid_store_phase(w->st));
	rc = db_done(w->st, w->ins, "cannot add a reconciled coding", w->err);
	if (!rc)
		w->written += (size_t)sqlite3_changes(braid_store_db(w->st));
	return rc;
}

struct edit_ctx {
	struct writer *w;
	int64_t code;
};

static int put_piece(int64_t start, int64_t end, void *ctx)
{
	struct edit_ctx *e = ctx;

	return put(e->w, e->w->doc, e->code, start, end);
}

static void spans_text(const struct braid_rec_span *v, size_t n, struct strbuf *out)
{
	if (!n)
		strbuf_addstr(out, "none");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s%lld-%lld", i ? ", " : "", (long long)v[i].start,
			    (long long)v[i].end);
}

int braid_reconcile_apply(struct braid_store *st, const struct braid_reconcile *r,
			  const struct braid_rec_decision *dec, size_t *written,
			  struct braid_err *err)
{
	struct writer w = {st, NULL, 0, 0, 0, err};
	size_t count[BRAID_DECISION_N] = {0}, skipped = 0, done = 0;
	int rc;

	if ((rc = braid_store_coder(st, r->as, 1, &w.coder, err)))
		return rc;
	if ((rc = db_prepare(
		 st,
		 "INSERT INTO codings(doc_id, start_cp, end_cp, code_id, coder_id, origin,"
		 " status, doc_rev, phase) SELECT ?1, ?2, ?3, ?4, ?5, 'reconciled',"
		 " 'accepted', (SELECT rev FROM documents WHERE id = ?1), nullif(?6, 0)"
		 " WHERE NOT EXISTS (SELECT 1 FROM codings WHERE doc_id = ?1"
		 " AND start_cp = ?2 AND end_cp = ?3 AND code_id = ?4 AND coder_id = ?5)",
		 &w.ins, err)))
		return rc;
	for (size_t i = 0; i < r->nitems; i++) {
		if (r->items[i].done)
			done++;
		else if (dec[i].decision < 0)
			skipped++;
		else
			count[dec[i].decision]++;
	}
	for (size_t i = 0; i < r->nagreed && !rc; i++)
		rc = put(&w, r->agreed[i].doc_id, r->agreed[i].code_id, r->agreed[i].start,
			 r->agreed[i].end);
	size_t agreed = w.written, first = SIZE_MAX;
	int noted = 0;

	for (size_t i = 0; i < r->nitems && first == SIZE_MAX; i++)
		if (!r->items[i].done && dec[i].decision >= 0)
			first = i;
	for (size_t i = 0; i < r->nitems && !rc; i++) {
		const struct braid_rec_item *it = &r->items[i];
		const struct braid_rec_decision *d = &dec[i];
		struct strbuf what = STRBUF_INIT;

		if (it->done || d->decision < 0)
			continue;
		if (i == first) {
			braid_change_note(
			    st,
			    "reconciled %s and %s as %s: %zu agreed coding%s copied;"
			    " decisions %zu a, %zu b, %zu both, %zu neither, %zu edit;"
			    " %zu skipped%s",
			    r->a, r->b, r->as, agreed, agreed == 1 ? "" : "s",
			    count[BRAID_DECIDE_A], count[BRAID_DECIDE_B], count[BRAID_DECIDE_BOTH],
			    count[BRAID_DECIDE_NEITHER], count[BRAID_DECIDE_EDIT], skipped,
			    done ? ", decided before" : "");
			noted = 1;
		}
		switch (d->decision) {
		case BRAID_DECIDE_A:
		case BRAID_DECIDE_B:
		case BRAID_DECIDE_BOTH:
			for (int side = 0; side < 2 && !rc; side++) {
				const struct braid_rec_span *v = side ? it->b : it->a;
				size_t n = side ? it->nb : it->na;

				if ((side == 0 && d->decision == BRAID_DECIDE_B) ||
				    (side == 1 && d->decision == BRAID_DECIDE_A))
					continue;
				for (size_t j = 0; j < n && !rc; j++)
					rc = put(&w, it->doc_id, it->code_id, v[j].start, v[j].end);
			}
			break;
		case BRAID_DECIDE_EDIT: {
			struct edit_ctx e = {&w, it->code_id};

			w.doc = it->doc_id;
			rc = braid_span_speech(st, it->doc, d->start, d->end, put_piece, &e, err);
			if (rc)
				rc = braid_err_prefix(err, "disagreement %zu", it->id);
			strbuf_addf(&what, " %lld-%lld", (long long)d->start, (long long)d->end);
			break;
		}
		default: break;
		}
		if (!rc) {
			struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;

			spans_text(it->a, it->na, &sa);
			spans_text(it->b, it->nb, &sb);
			struct strbuf turn = STRBUF_INIT;

			if (it->turn)
				strbuf_addf(&turn, " turn %lld", (long long)it->turn);
			braid_change_note(st, "#%zu %s%s [%lld-%lld] '%s' (%s: %s; %s: %s): %s%s",
					  it->id, it->doc, turn.buf, (long long)it->start,
					  (long long)it->end, it->code, r->a, sa.buf, r->b, sb.buf,
					  braid_vocab_name(&braid_vocab_decision, d->decision),
					  what.buf);
			strbuf_release(&sa);
			strbuf_release(&sb);
			strbuf_release(&turn);
		}
		strbuf_release(&what);
	}
	sqlite3_finalize(w.ins);
	if (!rc && !noted)
		braid_change_note(st,
				  "reconciled %s and %s as %s: %zu agreed coding%s copied;"
				  " %zu skipped%s",
				  r->a, r->b, r->as, agreed, agreed == 1 ? "" : "s", skipped,
				  done ? ", decided before" : "");
	if (written)
		*written = w.written;
	return rc;
}
