/*
 * agree.c - agreement between coders on a project's codings (agree.h has
 * the rules, docs/agreement.md the reasons).
 *
 * What it costs: one query for the documents, one for their turns (with the
 * utterances only for sentence and paragraph units, or for the text of the
 * disagreements), one for the coders' codings; every document's units are
 * cut once and sorted, and each coding finds the units it touches by a
 * binary search among its document's units. The (code, unit, coder) hits
 * are sorted once; each code's matrix is then filled from its run of hits,
 * so nothing is read per unit or per coding from the project.
 *
 * Neither the turns nor the codings are ordered in SQL, and the codings are
 * read by a scan of the table rather than through codings_coder ("+coder_id"):
 * on 200 documents, 24,000 turns, 4 coders and 100,000 codings, the index
 * walk looked up every coding's row at random and sorted them, and `agree
 * --coders a,b,c,d` took 0.55 s; the scan and the sort in memory take 0.25 s
 * (sentences 0.30 s, characters 0.30 s, with alpha's 1,000 resamples).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "braid/agree.h"
#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/corpus.h"
#include "braid/json.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "agreeint.h"
#include "db.h"

/* ---- loading: coders, codes, documents, turns, units, codings ---- */

void ag_note(struct ag_set *s, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW_N(s->notes, s->nnotes);
	s->notes[s->nnotes++] = strbuf_detach(&sb, NULL);
}

static int coders_load(struct braid_store *st, const struct ag_load_opts *o, struct ag_set *s,
		       struct braid_err *err)
{
	if (o->ncoders < 2)
		return braid_errorf(err, BRAID_EINVAL,
				    "agreement needs at least two coders, got %zu", o->ncoders);
	if (o->ncoders > BRAID_AGREE_MAX_CODERS)
		return braid_errorf(err, BRAID_EINVAL, "too many coders: %zu (at most %d)",
				    o->ncoders, BRAID_AGREE_MAX_CODERS);
	s->coder_id = xcalloc(o->ncoders, sizeof(*s->coder_id));
	s->coder = xcalloc(o->ncoders, sizeof(*s->coder));
	s->ncoders = o->ncoders;
	for (size_t i = 0; i < o->ncoders; i++) {
		int rc = braid_store_coder(st, o->coders[i], 0, &s->coder_id[i], err);

		if (rc == BRAID_ENOTFOUND || (!rc && s->coder_id[i] <= 0)) {
			struct strbuf known = STRBUF_INIT;
			sqlite3_stmt *q;

			if (!db_prepare(st, "SELECT name FROM coders ORDER BY name", &q, NULL)) {
				while (sqlite3_step(q) == SQLITE_ROW)
					strbuf_addf(&known, "%s'%s'", known.len ? ", " : "",
						    db_col_text(q, 0));
				sqlite3_finalize(q);
			}
			rc = braid_errorf(err, BRAID_ENOTFOUND, "no coder '%s' (coders: %s)",
					  o->coders[i], known.len ? known.buf : "none");
			strbuf_release(&known);
			return rc;
		}
		if (rc)
			return rc;
		s->coder[i] = braid_store_coder_name(st, o->coders[i]);
		for (size_t j = 0; j < i; j++)
			if (s->coder_id[j] == s->coder_id[i])
				return braid_errorf(err, BRAID_EINVAL, "coder '%s' is named twice",
						    s->coder[i]);
	}
	return 0;
}

static int code_row(sqlite3_stmt *q, void *ctx)
{
	struct ag_set *s = ctx;

	ALLOC_GROW_N(s->all_id, s->nall);
	ALLOC_GROW_N(s->all_slug, s->nall);
	ALLOC_GROW_N(s->all_name, s->nall);
	ALLOC_GROW_N(s->all_parent, s->nall);
	s->all_id[s->nall] = sqlite3_column_int64(q, 0);
	s->all_slug[s->nall] = xstrdup(db_col_text(q, 1));
	s->all_name[s->nall] = xstrdup(db_col_text(q, 2));
	s->all_parent[s->nall] = sqlite3_column_int64(q, 3);
	s->nall++;
	return 0;
}

static size_t all_index(const struct ag_set *s, int64_t id)
{
	for (size_t i = 0; i < s->nall; i++)
		if (s->all_id[i] == id)
			return i;
	return SIZE_MAX;
}

size_t ag_code_index(const struct ag_set *s, int64_t code_id)
{
	for (size_t k = 0; k < s->ncodes; k++)
		if (s->all_id[s->code[k]] == code_id)
			return k;
	return SIZE_MAX;
}

/* The IN list of the coders' ids: integers from the project, never input. */
static void coder_in(const struct ag_set *s, struct strbuf *sql)
{
	strbuf_addch(sql, '(');
	for (size_t i = 0; i < s->ncoders; i++)
		strbuf_addf(sql, "%s%" PRId64, i ? ", " : "", s->coder_id[i]);
	strbuf_addch(sql, ')');
}

struct doc_scan {
	struct ag_set *s;
	int64_t *want; /* sorted ids of the named documents, or NULL */
	size_t nwant;
	struct strbuf partial; /* documents some coders coded and others not */
	size_t npartial;
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int doc_row(sqlite3_stmt *q, void *ctx)
{
	struct doc_scan *d = ctx;
	struct ag_set *s = d->s;
	int64_t id = sqlite3_column_int64(q, 0);
	int64_t coders = sqlite3_column_int64(q, 2);

	if (d->want) {
		if (!bsearch(&id, d->want, d->nwant, sizeof(*d->want), cmp_i64))
			return 0;
	} else if ((size_t)coders < s->ncoders) {
		if (coders > 0) {
			if (d->npartial < 10)
				strbuf_addf(&d->partial, "%s'%s'", d->npartial ? ", " : "",
					    db_col_text(q, 1));
			d->npartial++;
		}
		return 0;
	}
	ALLOC_GROW_N(s->docs, s->ndocs);
	memset(&s->docs[s->ndocs], 0, sizeof(s->docs[0]));
	s->docs[s->ndocs].id = id;
	s->docs[s->ndocs].name = xstrdup(db_col_text(q, 1));
	s->ndocs++;
	return 0;
}

static int docs_load(struct braid_store *st, const struct ag_load_opts *o, struct ag_set *s,
		     struct braid_err *err)
{
	struct doc_scan d = {s, NULL, 0, STRBUF_INIT, 0};
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *q;
	int rc = 0;

	if (o->ndocs) {
		d.want = xcalloc(o->ndocs, sizeof(*d.want));
		for (size_t i = 0; i < o->ndocs && !rc; i++)
			rc = braid_doc_find(st, o->docs[i], &d.want[i], err);
		d.nwant = o->ndocs;
		qsort(d.want, d.nwant, sizeof(*d.want), cmp_i64);
	}
	strbuf_addstr(&sql, "SELECT d.id, d.name, (SELECT count(DISTINCT coder_id) FROM codings"
			    " WHERE doc_id = d.id AND status <> 'rejected' AND coder_id IN ");
	coder_in(s, &sql);
	strbuf_addstr(&sql, ") FROM documents d ORDER BY d.name");
	if (!rc && !(rc = db_prepare(st, sql.buf, &q, err))) {
		rc = db_each(st, q, doc_row, &d, "cannot read the documents", err);
		sqlite3_finalize(q);
	}
	if (!rc && d.npartial)
		ag_note(s, "left out %zu document%s not coded by every coder: %s%s", d.npartial,
			d.npartial == 1 ? "" : "s", d.partial.buf, d.npartial > 10 ? ", ..." : "");
	free(d.want);
	strbuf_release(&d.partial);
	strbuf_release(&sql);
	return rc;
}

static size_t doc_index(const struct ag_set *s, int64_t id, const size_t *by_id)
{
	size_t lo = 0, hi = s->ndocs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int64_t v = s->docs[by_id[mid]].id;

		if (v == id)
			return by_id[mid];
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static const struct ag_set *sort_set;
static int cmp_doc_by_id(const void *a, const void *b)
{
	int64_t x = sort_set->docs[*(const size_t *)a].id,
		y = sort_set->docs[*(const size_t *)b].id;

	return (x > y) - (x < y);
}

/* The documents' indexes sorted by id, for doc_index. */
static size_t *docs_by_id(const struct ag_set *s)
{
	size_t *v = xcalloc(s->ndocs ? s->ndocs : 1, sizeof(*v));

	for (size_t i = 0; i < s->ndocs; i++)
		v[i] = i;
	sort_set = s;
	qsort(v, s->ndocs, sizeof(*v), cmp_doc_by_id);
	return v;
}

struct turn_scan {
	struct ag_set *s;
	const size_t *by_id;
	int interviewer, texts;
};

static int turn_row(sqlite3_stmt *q, void *ctx)
{
	struct turn_scan *t = ctx;
	struct ag_set *s = t->s;
	size_t doc = doc_index(s, sqlite3_column_int64(q, 1), t->by_id);
	struct ag_turn *tu;

	if (doc == SIZE_MAX)
		return 0;
	if (!t->interviewer && !braid_role_matches("participant", db_col_text(q, 6)))
		return 0;
	ALLOC_GROW_N(s->turns, s->nturns);
	tu = &s->turns[s->nturns++];
	memset(tu, 0, sizeof(*tu));
	tu->id = sqlite3_column_int64(q, 0);
	tu->doc = doc;
	tu->idx = sqlite3_column_int64(q, 2);
	tu->start = sqlite3_column_int64(q, 3);
	tu->end = sqlite3_column_int64(q, 4);
	tu->speaker = xstrdup(db_col_text(q, 5));
	if (t->texts) {
		tu->len = (size_t)sqlite3_column_bytes(q, 7);
		tu->text = xstrndup(db_col_text(q, 7), tu->len);
	}
	return 0;
}

static int cmp_turn(const void *a, const void *b)
{
	const struct ag_turn *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static int turns_load(struct braid_store *st, const struct ag_load_opts *o, struct ag_set *s,
		      const size_t *by_id, struct braid_err *err)
{
	struct turn_scan t = {s, by_id, o->interviewer, o->texts};
	sqlite3_stmt *q;
	int rc =
	    db_prepare(st,
		       o->texts ? "SELECT t.id, t.doc_id, t.idx, t.start_cp, t.end_cp, sp.label,"
				  " sp.role, x.text FROM turns t JOIN speakers sp ON sp.id ="
				  " t.speaker_id JOIN turn_texts x ON x.id = t.id"
				: "SELECT t.id, t.doc_id, t.idx, t.start_cp, t.end_cp, sp.label,"
				  " sp.role FROM turns t JOIN speakers sp ON sp.id = t.speaker_id",
		       &q, err);

	if (rc)
		return rc;
	rc = db_each(st, q, turn_row, &t, "cannot read the turns", err);
	sqlite3_finalize(q);
	if (rc)
		return rc;
	/* turns come in no particular order (a table scan, no sort in SQL): put them in the
	 * documents' and the text's */
	if (s->nturns > 1)
		qsort(s->turns, s->nturns, sizeof(*s->turns), cmp_turn);
	for (size_t i = 0, d = 0; d < s->ndocs; d++) {
		int64_t at = 0;

		s->docs[d].t0 = i;
		while (i < s->nturns && s->turns[i].doc == d) {
			s->turns[i].coff = at;
			at += s->turns[i].end - s->turns[i].start;
			i++;
		}
		s->docs[d].t1 = i;
		s->docs[d].clen = at;
	}
	return 0;
}

static void add_unit(struct ag_set *s, size_t doc, size_t turn, int64_t start, int64_t end)
{
	ALLOC_GROW_N(s->units, s->nunits);
	s->units[s->nunits++] = (struct ag_unit){doc, turn, start, end};
	ALLOC_GROW_N(s->atoms, s->natoms);
	s->atoms[s->natoms++] = (struct ag_atom){start, end, s->nunits - 1};
}

/* Cuts every document's included turns into units and atoms, in text order. */
static void units_build(struct ag_set *s)
{
	struct braid_span *sp = NULL;
	size_t alloc = 0;

	for (size_t d = 0; d < s->ndocs; d++) {
		struct ag_doc *doc = &s->docs[d];

		doc->a0 = s->natoms;
		if (s->unit == BRAID_AGREE_DOCUMENT && doc->t1 > doc->t0) {
			ALLOC_GROW_N(s->units, s->nunits);
			s->units[s->nunits++] = (struct ag_unit){
			    d, SIZE_MAX, s->turns[doc->t0].start, s->turns[doc->t1 - 1].end};
		}
		for (size_t t = doc->t0; t < doc->t1; t++) {
			struct ag_turn *tu = &s->turns[t];
			size_t n, byte = 0;
			int64_t cp = tu->start;

			if (tu->end <= tu->start)
				continue;
			if (s->unit == BRAID_AGREE_DOCUMENT) {
				ALLOC_GROW_N(s->atoms, s->natoms);
				s->atoms[s->natoms++] =
				    (struct ag_atom){tu->start, tu->end, s->nunits - 1};
				continue;
			}
			if (s->unit == BRAID_AGREE_TURN || s->unit == BRAID_AGREE_CHAR) {
				add_unit(s, d, t, tu->start, tu->end);
				continue;
			}
			n = s->unit == BRAID_AGREE_PARAGRAPH
				? braid_text_paragraphs(tu->text, tu->len, &sp, &alloc)
				: braid_text_sentences(tu->text, tu->len, &sp, &alloc);
			for (size_t i = 0; i < n; i++) {
				int64_t a, e;

				/* spans come in order: count code points on from the last one */
				cp += (int64_t)braid_cp_count(tu->text + byte, sp[i].start - byte);
				a = cp;
				cp += (int64_t)braid_cp_count(tu->text + sp[i].start,
							      sp[i].end - sp[i].start);
				e = cp;
				byte = sp[i].end;
				add_unit(s, d, t, a, e);
			}
		}
		doc->a1 = s->natoms;
	}
	free(sp);
}

static int coding_row(sqlite3_stmt *q, void *ctx)
{
	void **c = ctx;
	struct ag_set *s = c[0];
	const size_t *by_id = c[1];
	size_t doc = doc_index(s, sqlite3_column_int64(q, 1), by_id);
	int64_t coder = sqlite3_column_int64(q, 5);
	size_t ci = 0;

	if (doc == SIZE_MAX)
		return 0;
	while (s->coder_id[ci] != coder)
		ci++;
	ALLOC_GROW_N(s->codings, s->ncodings);
	s->codings[s->ncodings++] = (struct ag_coding){
	    .id = sqlite3_column_int64(q, 0),
	    .doc = doc,
	    .start = sqlite3_column_int64(q, 2),
	    .end = sqlite3_column_int64(q, 3),
	    .code_id = sqlite3_column_int64(q, 4),
	    .coder = ci,
	};
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct ag_hit *x = a, *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if (x->coder != y->coder)
		return x->coder < y->coder ? -1 : 1;
	return (x->coding > y->coding) - (x->coding < y->coding);
}

/* The chosen codes: the named ones, else every code with a hit, in tree order. */
static int codes_choose(struct braid_store *st, const struct ag_load_opts *o, struct ag_set *s,
			struct braid_err *err)
{
	char *chosen = xcalloc(s->nall ? s->nall : 1, 1);
	size_t *map = xcalloc(s->nall ? s->nall : 1, sizeof(*map));
	int rc = 0;

	for (size_t i = 0; i < o->ncodes && !rc; i++) {
		int64_t id;
		size_t at;

		if ((rc = braid_code_find(st, o->codes[i], &id, err)))
			break;
		at = all_index(s, id);
		if (at != SIZE_MAX)
			chosen[at] = 1;
	}
	if (!o->ncodes)
		for (size_t h = 0; h < s->nhits; h++)
			chosen[s->hits[h].code] = 1; /* code holds the index into all_* here */
	if (!rc) {
		s->code = xcalloc(s->nall ? s->nall : 1, sizeof(*s->code));
		for (size_t i = 0; i < s->nall; i++) {
			map[i] = SIZE_MAX;
			if (chosen[i]) {
				map[i] = s->ncodes;
				s->code[s->ncodes++] = i;
			}
		}
		/* hits of codes not chosen go; the others take the chosen index */
		size_t n = 0;
		for (size_t h = 0; h < s->nhits; h++)
			if (map[s->hits[h].code] != SIZE_MAX) {
				s->hits[n] = s->hits[h];
				s->hits[n++].code = (uint32_t)map[s->hits[h].code];
			}
		s->nhits = n;
		if (s->nhits > 1)
			qsort(s->hits, s->nhits, sizeof(*s->hits), cmp_hit);
	}
	free(chosen);
	free(map);
	return rc;
}

/* Finds, for each coding, the units it shares a code point with. */
static void hits_build(struct ag_set *s)
{
	for (size_t i = 0; i < s->ncodings; i++) {
		const struct ag_coding *c = &s->codings[i];
		const struct ag_doc *d = &s->docs[c->doc];
		size_t lo = d->a0, hi = d->a1, code = all_index(s, c->code_id);

		if (code == SIZE_MAX)
			continue;
		while (lo < hi) { /* the first atom ending after the coding's start */
			size_t mid = (lo + hi) / 2;

			if (s->atoms[mid].end <= c->start)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t a = lo; a < d->a1 && s->atoms[a].start < c->end; a++) {
			if (s->nhits && s->hits[s->nhits - 1].coding == i &&
			    s->hits[s->nhits - 1].unit == s->atoms[a].unit)
				continue; /* a document unit's next turn */
			ALLOC_GROW_N(s->hits, s->nhits);
			s->hits[s->nhits++] =
			    (struct ag_hit){(uint32_t)code, (uint32_t)s->atoms[a].unit,
					    (uint32_t)c->coder, (uint32_t)i};
		}
	}
}

int ag_load(struct braid_store *st, const struct ag_load_opts *o, struct ag_set *s,
	    struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *q;
	size_t *by_id = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	s->unit = o->unit;
	if ((rc = coders_load(st, o, s, err)))
		return rc;
	rc =
	    db_prepare(st,
		       CODE_TREE_CTE " SELECT c.id, c.slug, c.name, coalesce(c.parent_id, 0)"
				     " FROM tree JOIN codes c ON c.id = tree.id ORDER BY tree.path",
		       &q, err);
	if (!rc) {
		rc = db_each(st, q, code_row, s, "cannot read the codes", err);
		sqlite3_finalize(q);
	}
	if (!rc)
		for (size_t i = 0; i < o->ncodes && !rc; i++) {
			int64_t id;

			rc = braid_code_find(st, o->codes[i], &id, err);
		}
	if (!rc)
		rc = docs_load(st, o, s, err);
	if (!rc) {
		by_id = docs_by_id(s);
		rc = turns_load(st, o, s, by_id, err);
	}
	if (!rc) {
		void *ctx[2] = {s, by_id};

		units_build(s);
		strbuf_addstr(&sql, "SELECT id, doc_id, start_cp, end_cp, code_id, coder_id"
				    " FROM codings WHERE status <> 'rejected' AND +coder_id IN ");
		coder_in(s, &sql);
		if (!(rc = db_prepare(st, sql.buf, &q, err))) {
			rc = db_each(st, q, coding_row, ctx, "cannot read the codings", err);
			sqlite3_finalize(q);
		}
	}
	if (!rc) {
		for (size_t c = 0; c < s->ncoders; c++) {
			size_t n = 0;

			for (size_t i = 0; i < s->ncodings; i++)
				n += s->codings[i].coder == c;
			if (!n)
				ag_note(s, "coder '%s' has no codings in the documents compared",
					s->coder[c]);
		}
		hits_build(s);
		rc = codes_choose(st, o, s, err);
	}
	free(by_id);
	strbuf_release(&sql);
	return rc;
}

void ag_release(struct ag_set *s)
{
	for (size_t i = 0; s->coder && i < s->ncoders; i++)
		free(s->coder[i]);
	free(s->coder);
	free(s->coder_id);
	for (size_t i = 0; i < s->nall; i++) {
		free(s->all_slug[i]);
		free(s->all_name[i]);
	}
	free(s->all_slug);
	free(s->all_name);
	free(s->all_id);
	free(s->all_parent);
	free(s->code);
	for (size_t i = 0; i < s->ndocs; i++)
		free(s->docs[i].name);
	free(s->docs);
	for (size_t i = 0; i < s->nturns; i++) {
		free(s->turns[i].speaker);
		free(s->turns[i].text);
	}
	free(s->turns);
	free(s->units);
	free(s->atoms);
	free(s->codings);
	free(s->hits);
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	memset(s, 0, sizeof(*s));
}

char *ag_unit_text(const struct ag_set *s, const struct ag_unit *u)
{
	const struct ag_turn *t;
	size_t a, e;

	if (u->turn == SIZE_MAX || !s->turns[u->turn].text)
		return NULL;
	t = &s->turns[u->turn];
	a = braid_cp_to_byte(t->text, t->len, (size_t)(u->start - t->start));
	e = a + braid_cp_to_byte(t->text + a, t->len - a, (size_t)(u->end - u->start));
	return xstrndup(t->text + a, e - a);
}

/* ---- the figures ---- */

static char cat0[] = "0", cat1[] = "1";

static void data_init(struct braid_rel_data *d, size_t units, struct ag_set *s,
		      struct braid_rel_category *cat)
{
	memset(d, 0, sizeof(*d));
	d->units = units;
	d->coders = s->ncoders;
	d->ncat = 2;
	d->cat = cat;
	d->coder = s->coder;
	d->cell = xcalloc(units * s->ncoders + 1, sizeof(*d->cell));
}

static void code_release(struct braid_agree_code *c)
{
	free(c->slug);
	free(c->name);
	free(c->data.cell);
	if (c->computed)
		braid_rel_result_release(&c->rel);
	free(c->applied);
}

int braid_agree_record_segmentation(struct braid_store *st, int *recorded, struct braid_err *err)
{
	sqlite3_stmt *q;
	int rc = db_prepare(st,
			    "INSERT INTO project(key, value) SELECT ?1, ?2 WHERE NOT EXISTS"
			    " (SELECT 1 FROM project WHERE key = ?1)",
			    &q, err);

	*recorded = 0;
	if (rc)
		return rc;
	db_bind_text(q, 1, BRAID_AGREE_SEGMENTATION_KEY, -1);
	db_bind_text(q, 2, BRAID_AGREE_SEGMENTATION, -1);
	rc = db_done(st, q, "cannot record the segmentation", err);
	sqlite3_finalize(q);
	if (!rc && sqlite3_changes(braid_store_db(st)) > 0) {
		*recorded = 1;
		braid_change_note(st, "recorded the sentence and paragraph segmentation %s",
				  BRAID_AGREE_SEGMENTATION);
	}
	return rc;
}

static int cmp_diff(const void *a, const void *b)
{
	const struct braid_agree_diff *x = a, *y = b;
	int c = strcmp(x->doc, y->doc);

	if (c)
		return c;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

static void add_diff(struct braid_agree_result *r, const struct ag_set *s, size_t doc, size_t turn,
		     int64_t start, int64_t end, size_t code, uint64_t mask, char *text)
{
	struct braid_agree_diff *d;

	ALLOC_GROW_N(r->diffs, r->ndiffs);
	d = &r->diffs[r->ndiffs++];
	d->doc = xstrdup(s->docs[doc].name);
	d->turn = turn == SIZE_MAX ? 0 : s->turns[turn].idx;
	d->speaker = turn == SIZE_MAX ? NULL : xstrdup(s->turns[turn].speaker);
	d->start = start;
	d->end = end;
	d->code = code;
	d->applied = mask;
	d->text = text;
}

static int unit_level(struct ag_set *s, const struct braid_agree_opts *o,
		      struct braid_agree_result *r, struct braid_err *err)
{
	static struct braid_rel_category cat[2] = {{cat0, 0}, {cat1, 1}};
	struct braid_rel_opts ro = {.level = BRAID_REL_NOMINAL,
				    .weights = BRAID_REL_WEIGHTS_NONE,
				    .bootstrap = o->bootstrap,
				    .seed = o->seed,
				    .confidence = o->confidence > 0 ? o->confidence : 0.95};
	uint64_t full = s->ncoders == 64 ? UINT64_MAX : (((uint64_t)1 << s->ncoders) - 1);
	size_t U = s->nunits, K = s->ncodes, n = s->ncoders, h = 0;
	int rc = 0;

	if (K && U > SIZE_MAX / K / (n ? n : 1))
		return braid_errorf(err, BRAID_EINVAL, "too many units and codes to compare");
	data_init(&r->pooled.data, U * K, s, cat);
	r->pooled.applied = xcalloc(n, sizeof(size_t));
	for (size_t k = 0; k < K && !rc; k++) {
		struct braid_agree_code *c = &r->codes[k];

		data_init(&c->data, U, s, cat);
		c->applied = xcalloc(n, sizeof(size_t));
		while (h < s->nhits && s->hits[h].code == k) {
			size_t u = s->hits[h].unit;
			uint64_t mask = 0;

			while (h < s->nhits && s->hits[h].code == k && s->hits[h].unit == u) {
				mask |= (uint64_t)1 << s->hits[h].coder;
				h++;
			}
			for (size_t j = 0; j < n; j++)
				if (mask >> j & 1) {
					c->data.cell[u * n + j] = 1;
					r->pooled.data.cell[(u * K + k) * n + j] = 1;
					c->applied[j]++;
					r->pooled.applied[j]++;
				}
			if (o->disagreements && mask != full)
				add_diff(r, s, s->units[u].doc, s->units[u].turn, s->units[u].start,
					 s->units[u].end, k, mask, ag_unit_text(s, &s->units[u]));
		}
		if (!U)
			continue;
		rc = braid_rel_compute(&c->data, &ro, &c->rel, err);
		c->computed = true; /* released even after a failure */
		if (rc)
			return braid_err_prefix(err, "code '%s'", c->slug);
	}
	if (!rc && U && K) {
		rc = braid_rel_compute(&r->pooled.data, &ro, &r->pooled.rel, err);
		r->pooled.computed = true;
	}
	if (r->diffs)
		qsort(r->diffs, r->ndiffs, sizeof(*r->diffs), cmp_diff);
	return rc;
}

/* ---- the character level ---- */

struct cseg {
	size_t doc, coder, cat;
	int64_t start, end; /* in the compacted continuum */
};

static int cmp_cseg(const void *a, const void *b)
{
	const struct cseg *x = a, *y = b;

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->coder != y->coder)
		return x->coder < y->coder ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

/*
 * A coding's pieces in its document's included utterances, laid end to end
 * (labels, blank lines and left-out turns are no text anyone could code),
 * the pieces of one coding joined when they meet.
 */
static void cut_pieces(const struct ag_set *s, const struct ag_coding *c, size_t cat,
		       struct cseg **v, size_t *n, size_t *alloc)
{
	const struct ag_doc *d = &s->docs[c->doc];
	size_t lo = d->t0, hi = d->t1;
	size_t first = *n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->turns[mid].end <= c->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t t = lo; t < d->t1 && s->turns[t].start < c->end; t++) {
		const struct ag_turn *tu = &s->turns[t];
		int64_t a = c->start > tu->start ? c->start : tu->start;
		int64_t e = c->end < tu->end ? c->end : tu->end;

		if (e <= a)
			continue;
		a = tu->coff + (a - tu->start);
		e = tu->coff + (e - tu->start);
		if (*n > first && (*v)[*n - 1].end == a) {
			(*v)[*n - 1].end = e;
			continue;
		}
		ALLOC_GROW(*v, *n + 1, *alloc);
		(*v)[(*n)++] = (struct cseg){c->doc, c->coder, cat, a, e};
	}
}

/* Maps a compacted position back to the document: the turn and its offset. */
static size_t turn_at(const struct ag_set *s, size_t doc, int64_t c)
{
	const struct ag_doc *d = &s->docs[doc];
	size_t lo = d->t0, hi = d->t1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s->turns[mid].coff + (s->turns[mid].end - s->turns[mid].start) <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void add_char_diff(struct braid_agree_result *r, const struct ag_set *s, size_t doc,
			  int64_t a, int64_t e, size_t k, uint64_t mask)
{
	/* one entry per utterance it touches */
	while (a < e) {
		size_t t = turn_at(s, doc, a);
		const struct ag_turn *tu = &s->turns[t];
		int64_t tend = tu->coff + (tu->end - tu->start), pe = e < tend ? e : tend;
		struct ag_unit u = {doc, t, tu->start + (a - tu->coff),
				    tu->start + (pe - tu->coff)};

		add_diff(r, s, doc, t, u.start, u.end, k, mask, ag_unit_text(s, &u));
		a = pe;
	}
}

struct ev {
	int64_t at;
	size_t coder;
	int d;
};

/* By position; at one place the ends before the starts, so that touching segments do not overlap.
 */
static int cmp_ev(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->d > y->d) - (x->d < y->d);
}

/*
 * One sweep over a code's segments in one document: how many characters each
 * coder gave it (united), and the stretches where the coders differ.
 */
static void char_sweep(struct braid_agree_result *r, const struct ag_set *s, const struct cseg *v,
		       size_t n, size_t k, int diffs)
{
	uint64_t full = s->ncoders == 64 ? UINT64_MAX : (((uint64_t)1 << s->ncoders) - 1);
	struct ev *e = xcalloc(2 * n + 1, sizeof(*e));
	int *depth = xcalloc(s->ncoders, sizeof(*depth));
	size_t ne = 0;
	int64_t prev = 0;
	uint64_t mask = 0;

	for (size_t i = 0; i < n; i++) {
		e[ne++] = (struct ev){v[i].start, v[i].coder, 1};
		e[ne++] = (struct ev){v[i].end, v[i].coder, -1};
	}
	qsort(e, ne, sizeof(*e), cmp_ev);
	for (size_t i = 0; i < ne; i++) {
		if (e[i].at > prev && mask) {
			for (size_t c = 0; c < s->ncoders; c++)
				if (mask >> c & 1)
					r->codes[k].applied[c] += (size_t)(e[i].at - prev);
			if (diffs && mask != full)
				add_char_diff(r, s, v[0].doc, prev, e[i].at, k, mask);
		}
		depth[e[i].coder] += e[i].d;
		if (depth[e[i].coder])
			mask |= (uint64_t)1 << e[i].coder;
		else
			mask &= ~((uint64_t)1 << e[i].coder);
		prev = e[i].at;
	}
	free(e);
	free(depth);
}

static int char_level(struct braid_store *st, struct ag_set *s, const struct braid_agree_opts *o,
		      struct braid_agree_result *r, struct braid_err *err)
{
	struct cseg *v = NULL;
	size_t n = 0, alloc = 0;
	int64_t *len = xcalloc(s->ndocs ? s->ndocs : 1, sizeof(*len));
	const char **docn = xcalloc(s->ndocs ? s->ndocs : 1, sizeof(*docn));
	const char **catn = xcalloc(s->ncodes ? s->ncodes : 1, sizeof(*catn));
	struct braid_useg *seg;
	int rc = 0;

	for (size_t d = 0; d < s->ndocs; d++) {
		len[d] = s->docs[d].clen;
		docn[d] = s->docs[d].name;
		r->nunits += (size_t)len[d];
	}
	for (size_t k = 0; k < s->ncodes; k++)
		catn[k] = s->all_slug[s->code[k]];
	for (size_t i = 0; i < s->ncodings; i++) {
		size_t k = ag_code_index(s, s->codings[i].code_id);

		if (k != SIZE_MAX)
			cut_pieces(s, &s->codings[i], k, &v, &n, &alloc);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_cseg);
	seg = xcalloc(n ? n : 1, sizeof(*seg));
	for (size_t i = 0; i < n; i++)
		seg[i] = (struct braid_useg){v[i].doc, v[i].coder, v[i].start, v[i].end, v[i].cat};
	struct braid_udata ud = {s->ndocs, s->ncoders, s->ncodes, len,
				 seg,	   n,	       docn,	  (const char *const *)s->coder,
				 catn};
	for (size_t k = 0, i = 0; k < s->ncodes && !rc; k++) {
		r->codes[k].applied = xcalloc(s->ncoders, sizeof(size_t));
		while (i < n && v[i].cat == k) {
			size_t j = i;

			while (j < n && v[j].cat == k && v[j].doc == v[i].doc)
				j++;
			char_sweep(r, s, v + i, j - i, k, o->disagreements);
			i = j;
		}
		if (r->nunits && (rc = braid_unitize_code(&ud, k, &r->codes[k].u, err)))
			rc = braid_err_prefix(err, "code '%s'", catn[k]);
	}
	if (!rc && o->domain) {
		int64_t dom;
		size_t dk, ncat = 0;
		size_t *cat_of = xcalloc(s->nall ? s->nall : 1, sizeof(*cat_of));
		const char **dn = xcalloc(s->nall ? s->nall : 1, sizeof(*dn));
		struct braid_useg *ds = xcalloc(n ? n : 1, sizeof(*ds));
		size_t nds = 0;

		if (!(rc = braid_code_find(st, o->domain, &dom, err))) {
			dk = all_index(s, dom);
			for (size_t i = 0; i < s->nall; i++) {
				cat_of[i] = SIZE_MAX;
				if (s->all_parent[i] == dom) {
					cat_of[i] = ncat;
					dn[ncat++] = s->all_slug[i];
				}
			}
			if (!ncat)
				rc = braid_errorf(err, BRAID_EINVAL,
						  "code '%s' has no sub-codes to form a domain",
						  s->all_slug[dk]);
		}
		if (!rc) {
			/* the domain's categories need not be among the chosen codes: cut them
			 * again */
			struct cseg *w = NULL;
			size_t nw = 0, walloc = 0;

			for (size_t i = 0; i < s->ncodings; i++) {
				size_t a = all_index(s, s->codings[i].code_id);

				if (a != SIZE_MAX && cat_of[a] != SIZE_MAX)
					cut_pieces(s, &s->codings[i], cat_of[a], &w, &nw, &walloc);
			}
			ds = xrealloc(ds, (nw ? nw : 1) * sizeof(*ds));
			for (size_t i = 0; i < nw; i++)
				ds[nds++] = (struct braid_useg){w[i].doc, w[i].coder, w[i].start,
								w[i].end, w[i].cat};
			free(w);
			struct braid_udata dd = {
			    s->ndocs, s->ncoders, ncat, len,
			    ds,	      nds,	  docn, (const char *const *)s->coder,
			    dn};
			rc = braid_unitize_domain(&dd, &r->dom, err);
			if (rc)
				braid_err_prefix(err, "domain '%s'", s->all_slug[dk]);
			else {
				r->has_domain = true;
				r->domain = xstrdup(s->all_slug[dk]);
				r->domain_codes = xcalloc(ncat, sizeof(char *));
				r->ndomain_codes = ncat;
				for (size_t i = 0; i < ncat; i++)
					r->domain_codes[i] = xstrdup(dn[i]);
			}
		}
		free(cat_of);
		free(dn);
		free(ds);
	}
	if (r->diffs)
		qsort(r->diffs, r->ndiffs, sizeof(*r->diffs), cmp_diff);
	free(v);
	free(seg);
	free(len);
	free(docn);
	free(catn);
	return rc;
}

int braid_agree_run(struct braid_store *st, const struct braid_agree_opts *o,
		    struct braid_agree_result *r, struct braid_err *err)
{
	struct ag_load_opts lo = {o->coders,
				  o->ncoders,
				  o->codes,
				  o->ncodes,
				  o->docs,
				  o->ndocs,
				  o->unit,
				  o->interviewer,
				  o->unit == BRAID_AGREE_SENTENCE ||
				      o->unit == BRAID_AGREE_PARAGRAPH || o->disagreements};
	struct ag_set s;
	int rc;

	memset(r, 0, sizeof(*r));
	r->unit = o->unit;
	if (o->domain && o->unit != BRAID_AGREE_CHAR)
		return braid_errorf(err, BRAID_EINVAL,
				    "a domain is measured at the char unit only");
	if ((rc = ag_load(st, &lo, &s, err)) == 0) {
		r->ncoders = s.ncoders;
		r->coders = s.coder;
		s.coder = NULL;
		r->ndocs = s.ndocs;
		r->ncodes = s.ncodes;
		r->codes = xcalloc(s.ncodes ? s.ncodes : 1, sizeof(*r->codes));
		for (size_t k = 0; k < s.ncodes; k++) {
			r->codes[k].id = s.all_id[s.code[k]];
			r->codes[k].slug = xstrdup(s.all_slug[s.code[k]]);
			r->codes[k].name = xstrdup(s.all_name[s.code[k]]);
		}
		s.coder = r->coders; /* borrowed back for the matrices' coder names */
		if (o->unit == BRAID_AGREE_SENTENCE || o->unit == BRAID_AGREE_PARAGRAPH) {
			r->segmentation = BRAID_AGREE_SEGMENTATION;
			r->recorded = braid_store_meta(st, BRAID_AGREE_SEGMENTATION_KEY);
			if (r->recorded && strcmp(r->recorded, BRAID_AGREE_SEGMENTATION))
				ag_note(
				    &s,
				    "sentences and paragraphs are cut by %s, but this project's "
				    "agreement was first measured with %s: figures on %s units "
				    "may differ from those reported before",
				    BRAID_AGREE_SEGMENTATION, r->recorded,
				    braid_vocab_name(&braid_vocab_agree_unit, (int)o->unit));
		}
		if (!s.ndocs)
			ag_note(&s, "no document was coded by every coder: nothing to compare");
		if (o->unit == BRAID_AGREE_CHAR) {
			rc = char_level(st, &s, o, r, err);
		} else {
			r->nunits = s.nunits;
			rc = unit_level(&s, o, r, err);
		}
		for (size_t k = 0; k < r->ncodes && !rc; k++)
			if (o->unit != BRAID_AGREE_CHAR && r->codes[k].computed &&
			    r->codes[k].rel.note)
				ag_note(&s, "%s: %s", r->codes[k].slug, r->codes[k].rel.note);
		s.coder = NULL;
		r->notes = s.notes;
		r->nnotes = s.nnotes;
		s.notes = NULL;
		s.nnotes = 0;
	} else {
		r->notes = s.notes;
		r->nnotes = s.nnotes;
		s.notes = NULL;
		s.nnotes = 0;
	}
	ag_release(&s);
	return rc;
}

void braid_agree_result_release(struct braid_agree_result *r)
{
	for (size_t i = 0; i < r->ncoders; i++)
		free(r->coders[i]);
	free(r->coders);
	code_release(&r->pooled);
	for (size_t k = 0; k < r->ncodes; k++)
		code_release(&r->codes[k]);
	free(r->codes);
	if (r->has_domain)
		braid_udomain_result_release(&r->dom);
	for (size_t i = 0; i < r->ndomain_codes; i++)
		free(r->domain_codes[i]);
	free(r->domain_codes);
	free(r->domain);
	for (size_t i = 0; i < r->ndiffs; i++) {
		free(r->diffs[i].text);
		free(r->diffs[i].doc);
		free(r->diffs[i].speaker);
	}
	free(r->diffs);
	free(r->recorded);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	memset(r, 0, sizeof(*r));
}

/* ---- writing the result ---- */

/* A coefficient as text: three decimals, or "-" when not defined. */
static void num(const struct braid_rel_value *v, struct strbuf *out)
{
	if (v->defined)
		braid_rel_number(v->v, 3, out);
	else
		strbuf_addch(out, '-');
}

/* The cells of a row: name, then the figures (unit levels) */
static char **row_cells(const struct braid_agree_result *r, const struct braid_agree_code *c,
			const char *name, size_t *n)
{
	size_t nc = (r->unit == BRAID_AGREE_CHAR ? 8 : 3) + r->ncoders;
	char **cell = xcalloc(nc, sizeof(*cell));
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

#define CELL() (cell[i++] = strbuf_detach(&sb, NULL))
	strbuf_addstr(&sb, name);
	CELL();
	if (r->unit == BRAID_AGREE_CHAR) {
		strbuf_addf(&sb, "%lld", (long long)c->u.total);
		CELL();
		strbuf_addf(&sb, "%lld", (long long)c->u.both);
		CELL();
		strbuf_addf(&sb, "%lld", (long long)c->u.one_only);
		CELL();
		strbuf_addf(&sb, "%lld", (long long)c->u.neither);
		CELL();
		num(&c->u.percent_agreement, &sb);
		CELL();
		num(&c->u.cohen_kappa, &sb);
		CELL();
		num(&c->u.alpha_u, &sb);
		CELL();
	} else {
		const struct braid_rel_result *x = c->computed ? &c->rel : NULL;

		strbuf_addf(&sb, "%zu", c->data.units);
		CELL();
		if (x && x->pairs)
			strbuf_addf(&sb, "%zu/%zu", x->agreements, x->pairs);
		else
			strbuf_addch(&sb, '-');
		CELL();
	}
	for (size_t j = 0; j < r->ncoders; j++) {
		strbuf_addf(&sb, "%zu", c->applied ? c->applied[j] : 0);
		CELL();
	}
#undef CELL
	*n = i;
	return cell;
}

static char **header_cells(const struct braid_agree_result *r, size_t *n)
{
	static const char *const unit_h[] = {"code", "units", "agreeing pairs"};
	static const char *const char_h[] = {"code",	"chars",  "both",  "one only",
					     "neither", "%agree", "kappa", "|u-alpha"};
	int ch = r->unit == BRAID_AGREE_CHAR;
	size_t base = ch ? 8 : 3;
	char **cell = xcalloc(base + r->ncoders, sizeof(*cell));

	for (size_t i = 0; i < base; i++)
		cell[i] = xstrdup(ch ? char_h[i] : unit_h[i]);
	for (size_t j = 0; j < r->ncoders; j++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "n %s", r->coders[j]);
		cell[base + j] = strbuf_detach(&sb, NULL);
	}
	*n = base + r->ncoders;
	return cell;
}

static void cells_free(char **cell, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cell[i]);
	free(cell);
}

/* Every row of the table: the header, each code, then the pooled row (unit levels). */
static char ***table_rows(const struct braid_agree_result *r, size_t *nrows, size_t *ncols)
{
	size_t n = r->ncodes + 2, k = 0;
	char ***rows = xcalloc(n, sizeof(*rows));

	rows[k++] = header_cells(r, ncols);
	for (size_t i = 0; i < r->ncodes; i++, k++)
		rows[k] = row_cells(r, &r->codes[i], r->codes[i].slug, ncols);
	if (r->unit != BRAID_AGREE_CHAR)
		rows[k++] = row_cells(r, &r->pooled, "(pooled)", ncols);
	*nrows = k;
	return rows;
}

static void write_intro(const struct braid_agree_result *r, struct strbuf *sb)
{
	strbuf_addstr(sb, "agreement of ");
	for (size_t i = 0; i < r->ncoders; i++)
		strbuf_addf(sb, "%s%s", i ? (i + 1 == r->ncoders ? " and " : ", ") : "",
			    r->coders[i]);
	if (r->unit == BRAID_AGREE_CHAR)
		strbuf_addf(sb, " on %zu characters", r->nunits);
	else
		strbuf_addf(sb, " on %zu %s%s", r->nunits,
			    braid_vocab_name(&braid_vocab_agree_unit, (int)r->unit),
			    r->nunits == 1 ? "" : "s");
	strbuf_addf(sb, " in %zu document%s, %zu code%s", r->ndocs, r->ndocs == 1 ? "" : "s",
		    r->ncodes, r->ncodes == 1 ? "" : "s");
	if (r->segmentation)
		strbuf_addf(sb, " (segmentation %s)", r->segmentation);
}

static void write_json_value(struct braid_json *j, const char *key, const struct braid_rel_value *v)
{
	braid_json_key(j, key);
	if (v->defined)
		braid_json_real(j, v->v);
	else
		braid_json_null(j);
}

static void write_json_null_rel(struct braid_json *j, size_t units)
{
	static const char *const keys[] = {
	    "alpha",	    "percent_agreement", "cohen_kappa", "weighted_kappa",
	    "fleiss_kappa", "brennan_prediger",	 "gwet_ac1",	"alpha_ci"};

	braid_json_kv_int(j, "units", (long long)units);
	braid_json_kv_int(j, "pairable_values", 0);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		braid_json_key(j, keys[i]);
		braid_json_null(j);
	}
}

static void write_json_applied(struct braid_json *j, const struct braid_agree_result *r,
			       const struct braid_agree_code *c)
{
	braid_json_key(j, "applied");
	braid_json_begin_object(j);
	for (size_t i = 0; i < r->ncoders; i++)
		braid_json_kv_int(j, r->coders[i], c->applied ? (long long)c->applied[i] : 0);
	braid_json_end_object(j);
}

static void write_json_code(struct braid_json *j, const struct braid_agree_result *r,
			    const struct braid_agree_code *c)
{
	if (r->unit == BRAID_AGREE_CHAR) {
		braid_json_kv_int(j, "units", c->u.total);
		write_json_value(j, "alpha_u", &c->u.alpha_u);
		write_json_value(j, "alpha_u_1995", &c->u.alpha_u_1995);
		write_json_value(j, "percent_agreement", &c->u.percent_agreement);
		write_json_value(j, "cohen_kappa", &c->u.cohen_kappa);
		braid_json_kv_int(j, "both", c->u.both);
		braid_json_kv_int(j, "one_only", c->u.one_only);
		braid_json_kv_int(j, "neither", c->u.neither);
	} else if (c->computed)
		braid_rel_result_json(j, &c->rel, &c->data);
	else
		write_json_null_rel(j, c->data.units);
	write_json_applied(j, r, c);
}

static void write_json_diffs(struct braid_json *j, const struct braid_agree_result *r)
{
	braid_json_begin_array(j);
	for (size_t i = 0; i < r->ndiffs; i++) {
		const struct braid_agree_diff *d = &r->diffs[i];

		braid_json_begin_object(j);
		braid_json_kv_str(j, "doc", d->doc);
		braid_json_key(j, "turn");
		if (d->turn)
			braid_json_int(j, d->turn);
		else
			braid_json_null(j);
		braid_json_kv_str(j, "speaker", d->speaker);
		braid_json_kv_int(j, "start", d->start);
		braid_json_kv_int(j, "end", d->end);
		braid_json_kv_str(j, "code", r->codes[d->code].slug);
		for (int yes = 1; yes >= 0; yes--) {
			braid_json_key(j, yes ? "applied_by" : "not_applied_by");
			braid_json_begin_array(j);
			for (size_t c = 0; c < r->ncoders; c++)
				if ((int)(d->applied >> c & 1) == yes)
					braid_json_str(j, r->coders[c]);
			braid_json_end_array(j);
		}
		braid_json_kv_str(j, "text", d->text);
		braid_json_end_object(j);
	}
	braid_json_end_array(j);
}

static void write_json(const struct braid_agree_result *r, FILE *f, int diffs)
{
	struct braid_json j;

	braid_json_init(&j, f);
	braid_json_begin_object(&j);
	braid_json_kv_str(&j, "unit", braid_vocab_name(&braid_vocab_agree_unit, (int)r->unit));
	braid_json_kv_str(&j, "segmentation", r->segmentation);
	braid_json_kv_int(&j, "documents", (long long)r->ndocs);
	braid_json_kv_int(&j, "compared_units", (long long)r->nunits);
	braid_json_key(&j, "coders");
	braid_json_begin_array(&j);
	for (size_t i = 0; i < r->ncoders; i++)
		braid_json_str(&j, r->coders[i]);
	braid_json_end_array(&j);
	braid_json_kv_str(&j, "level", "nominal");
	if (r->unit == BRAID_AGREE_CHAR)
		write_json_null_rel(&j, r->nunits);
	else if (r->pooled.computed)
		braid_rel_result_json(&j, &r->pooled.rel, &r->pooled.data);
	else
		write_json_null_rel(&j, r->pooled.data.units);
	if (r->unit != BRAID_AGREE_CHAR)
		write_json_applied(&j, r, &r->pooled); /* (unit, code) rows each coder coded */
	braid_json_key(&j, "codes");
	braid_json_begin_array(&j);
	for (size_t k = 0; k < r->ncodes; k++) {
		braid_json_begin_object(&j);
		braid_json_kv_str(&j, "code", r->codes[k].slug);
		braid_json_kv_str(&j, "name", r->codes[k].name);
		write_json_code(&j, r, &r->codes[k]);
		braid_json_end_object(&j);
	}
	braid_json_end_array(&j);
	if (r->has_domain) {
		braid_json_key(&j, "domain");
		braid_json_begin_object(&j);
		braid_json_kv_str(&j, "code", r->domain);
		write_json_value(&j, "u_alpha", &r->dom.u_alpha);
		write_json_value(&j, "cu_alpha", &r->dom.cu_alpha);
		write_json_value(&j, "binary", &r->dom.binary);
		braid_json_key(&j, "binary_u_alpha");
		braid_json_begin_object(&j);
		for (size_t i = 0; i < r->dom.ncat; i++)
			write_json_value(&j, r->domain_codes[i], &r->dom.binary_u_alpha[i]);
		braid_json_end_object(&j);
		braid_json_end_object(&j);
	}
	braid_json_key(&j, "notes");
	braid_json_begin_array(&j);
	for (size_t i = 0; i < r->nnotes; i++)
		braid_json_str(&j, r->notes[i]);
	braid_json_end_array(&j);
	if (diffs) {
		braid_json_key(&j, "disagreements");
		write_json_diffs(&j, r);
	}
	braid_json_end_object(&j);
	fputc('\n', f);
}

static void write_text_table(char ***rows, size_t nrows, size_t ncols, FILE *f)
{
	size_t *w = xcalloc(ncols, sizeof(*w));

	for (size_t i = 0; i < nrows; i++)
		for (size_t c = 0; c < ncols; c++) {
			size_t n = braid_text_width(rows[i][c], strlen(rows[i][c]));

			if (n > w[c])
				w[c] = n;
		}
	for (size_t i = 0; i < nrows; i++) {
		for (size_t c = 0; c < ncols; c++) {
			size_t n = braid_text_width(rows[i][c], strlen(rows[i][c]));

			if (c)
				fputs("  ", f);
			if (c == 0) { /* the code name to the left, figures to the right */
				fputs(rows[i][c], f);
				if (c + 1 < ncols)
					for (size_t p = n; p < w[c]; p++)
						fputc(' ', f);
			} else {
				for (size_t p = n; p < w[c]; p++)
					fputc(' ', f);
				fputs(rows[i][c], f);
			}
		}
		fputc('\n', f);
	}
	free(w);
}

/* One row of cells in CSV ("a,b"), a Markdown table ("| a | b |") or LaTeX ("a & b \\\\"). */
static void write_cells(FILE *f, enum braid_agree_format fmt, const char *const *cell, size_t n)
{
	if (fmt == BRAID_AGREE_MD)
		fputc('|', f);
	for (size_t c = 0; c < n; c++) {
		if (fmt == BRAID_AGREE_CSV) {
			if (c)
				fputc(',', f);
			braid_agree_csv(f, cell[c]);
		} else if (fmt == BRAID_AGREE_MD) {
			fputc(' ', f);
			braid_agree_md(f, cell[c]);
			fputs(" |", f);
		} else {
			if (c)
				fputs(" & ", f);
			braid_agree_tex(f, cell[c]);
		}
	}
	fputs(fmt == BRAID_AGREE_TEX ? " \\\\\n" : "\n", f);
}

void braid_agree_write(const struct braid_agree_result *r, enum braid_agree_format fmt, FILE *f)
{
	struct strbuf intro = STRBUF_INIT;
	size_t nrows, ncols;
	char ***rows;

	if (fmt == BRAID_AGREE_JSON) {
		write_json(r, f, 0);
		return;
	}
	rows = table_rows(r, &nrows, &ncols);
	write_intro(r, &intro);
	if (r->unit != BRAID_AGREE_CHAR) {
		/* the coefficients as matrix mode writes its rows, then the counts */
		struct braid_rel_rows w;
		struct braid_rel_result none;
		int width = 8; /* "(pooled)" */

		memset(&none, 0, sizeof(none));
		for (size_t k = 0; k < r->ncodes; k++) {
			int n = (int)braid_text_width(r->codes[k].slug, strlen(r->codes[k].slug));

			width = n > width ? n : width;
		}
		if (fmt == BRAID_AGREE_TEXT)
			fprintf(f, "%s\n\n", intro.buf);
		else if (fmt == BRAID_AGREE_MD)
			fprintf(f, "%s.\n\n", intro.buf);
		else if (fmt == BRAID_AGREE_TEX) {
			fputs("% ", f);
			braid_agree_tex(f, intro.buf);
			fputc('\n', f);
		}
		braid_rel_rows_begin(&w, f, fmt, "code", width);
		for (size_t k = 0; k < r->ncodes; k++)
			braid_rel_rows_add(&w, r->codes[k].slug,
					   r->codes[k].computed ? &r->codes[k].rel : &none);
		braid_rel_rows_add(&w, "(pooled)", r->pooled.computed ? &r->pooled.rel : &none);
		braid_rel_rows_end(&w);
		if (fmt != BRAID_AGREE_CSV)
			fputc('\n', f);
		intro.buf[0] = '\0';
	}
	switch (fmt) {
	case BRAID_AGREE_CSV:
		if (r->unit != BRAID_AGREE_CHAR) /* one table: the coefficients' rows */
			break;
		/* the JSON keys as the header, every digit, undefined cells empty */
		fputs("code,units,both,one_only,neither,percent_agreement,cohen_kappa,alpha_u,"
		      "alpha_u_1995", f);
		for (size_t j = 0; j < r->ncoders; j++) {
			fputs(",", f);
			strbuf_reset(&intro);
			strbuf_addf(&intro, "applied_%s", r->coders[j]);
			braid_agree_csv(f, intro.buf);
		}
		fputc('\n', f);
		for (size_t k = 0; k < r->ncodes; k++) {
			const struct braid_agree_code *c = &r->codes[k];
			const struct braid_rel_value *v[4] = {&c->u.percent_agreement,
							      &c->u.cohen_kappa, &c->u.alpha_u,
							      &c->u.alpha_u_1995};

			braid_agree_csv(f, c->slug);
			fprintf(f, ",%lld,%lld,%lld,%lld", (long long)c->u.total,
				(long long)c->u.both, (long long)c->u.one_only,
				(long long)c->u.neither);
			for (size_t i = 0; i < 4; i++) {
				strbuf_reset(&intro);
				if (v[i]->defined)
					braid_rel_number(v[i]->v, -1, &intro);
				fprintf(f, ",%s", intro.buf);
			}
			for (size_t j = 0; j < r->ncoders; j++)
				fprintf(f, ",%zu", c->applied ? c->applied[j] : 0);
			fputc('\n', f);
		}
		break;
	case BRAID_AGREE_MD:
		if (*intro.buf)
			fprintf(f, "%s.\n\n", intro.buf);
		for (size_t i = 0; i < nrows; i++) {
			write_cells(f, fmt, (const char *const *)rows[i], ncols);
			if (i == 0) {
				fputs("|", f);
				for (size_t c = 0; c < ncols; c++)
					fputs(c ? " ---: |" : " --- |", f);
				fputc('\n', f);
			}
		}
		if (r->nnotes)
			fputc('\n', f);
		for (size_t i = 0; i < r->nnotes; i++) {
			fputs("- ", f);
			braid_agree_md(f, r->notes[i]);
			fputc('\n', f);
		}
		break;
	case BRAID_AGREE_TEX:
		fputs("\\begin{table}\n\\centering\n\\caption{", f);
		braid_agree_tex(f, *intro.buf ? intro.buf
				       : "Units, agreeing coder pairs and units coded "
					 "per coder");
		fputs("}\n\\begin{tabular}{l", f);
		for (size_t c = 1; c < ncols; c++)
			fputc('r', f);
		fputs("}\n\\hline\n", f);
		for (size_t i = 0; i < nrows; i++) {
			write_cells(f, fmt, (const char *const *)rows[i], ncols);
			if (i == 0 || (r->unit != BRAID_AGREE_CHAR && i + 2 == nrows))
				fputs("\\hline\n", f);
		}
		fputs("\\hline\n\\end{tabular}\n\\end{table}\n", f);
		for (size_t i = 0; i < r->nnotes; i++) {
			fputs("% ", f);
			braid_agree_tex(f, r->notes[i]);
			fputc('\n', f);
		}
		break;
	default:
		if (*intro.buf)
			fprintf(f, "%s\n\n", intro.buf);
		write_text_table(rows, nrows, ncols, f);
		if (r->has_domain) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "\ndomain %s: u-alpha ", r->domain);
			num(&r->dom.u_alpha, &sb);
			strbuf_addstr(&sb, ", cu-alpha ");
			num(&r->dom.cu_alpha, &sb);
			for (size_t i = 0; i < r->dom.ncat; i++) {
				strbuf_addf(&sb, "%s%s ",
					    i ? ", " : "; |u-alpha: ", r->domain_codes[i]);
				num(&r->dom.binary_u_alpha[i], &sb);
			}
			fprintf(f, "%s\n", sb.buf);
			strbuf_release(&sb);
		}
		if (r->nnotes)
			fputc('\n', f);
		for (size_t i = 0; i < r->nnotes; i++)
			fprintf(f, "note: %s\n", r->notes[i]);
		break;
	}
	for (size_t i = 0; i < nrows; i++)
		cells_free(rows[i], ncols);
	free(rows);
	strbuf_release(&intro);
}

static void who(const struct braid_agree_result *r, uint64_t mask, int yes, struct strbuf *sb)
{
	size_t n = 0;

	for (size_t c = 0; c < r->ncoders; c++)
		if ((int)(mask >> c & 1) == yes)
			strbuf_addf(sb, "%s%s", n++ ? ";" : "", r->coders[c]);
}

void braid_agree_write_diffs(const struct braid_agree_result *r, enum braid_agree_format fmt,
			     FILE *f)
{
	if (fmt == BRAID_AGREE_JSON) {
		write_json(r, f, 1);
		return;
	}
	if (fmt == BRAID_AGREE_CSV)
		fputs("doc,turn,speaker,start,end,code,applied_by,not_applied_by,text\n", f);
	else if (fmt == BRAID_AGREE_MD)
		fputs("| doc | turn | speaker | span | code | applied by | not by | text |\n"
		      "| --- | ---: | --- | --- | --- | --- | --- | --- |\n",
		      f);
	else if (fmt == BRAID_AGREE_TEX)
		fputs("\\begin{longtable}{llllllp{6cm}}\n\\hline\ndoc & turn & span & code & "
		      "applied by & not by & text \\\\\n\\hline\n",
		      f);
	for (size_t i = 0; i < r->ndiffs; i++) {
		const struct braid_agree_diff *d = &r->diffs[i];
		struct strbuf yes = STRBUF_INIT, no = STRBUF_INIT, turn = STRBUF_INIT,
			      span = STRBUF_INIT;

		who(r, d->applied, 1, &yes);
		who(r, d->applied, 0, &no);
		if (d->turn)
			strbuf_addf(&turn, "%lld", (long long)d->turn);
		const char *code = r->codes[d->code].slug;

		strbuf_addf(&span, "%lld-%lld", (long long)d->start, (long long)d->end);
		switch (fmt) {
		case BRAID_AGREE_CSV: {
			char start[24], end[24];
			const char *cell[] = {d->doc, turn.buf, d->speaker, start, end, code, yes.buf,
					      no.buf, d->text};

			snprintf(start, sizeof(start), "%lld", (long long)d->start);
			snprintf(end, sizeof(end), "%lld", (long long)d->end);
			write_cells(f, fmt, cell, sizeof(cell) / sizeof(*cell));
			break;
		}
		case BRAID_AGREE_MD: {
			const char *cell[] = {d->doc, turn.buf, d->speaker, span.buf, code, yes.buf,
					      no.buf, d->text};

			write_cells(f, fmt, cell, sizeof(cell) / sizeof(*cell));
			break;
		}
		case BRAID_AGREE_TEX: {
			const char *cell[] = {d->doc, turn.buf, span.buf, code, yes.buf, no.buf, d->text};

			write_cells(f, fmt, cell, sizeof(cell) / sizeof(*cell));
			break;
		}
		default: {
			struct strbuf one = STRBUF_INIT;

			fprintf(f, "%s", d->doc);
			if (d->turn)
				fprintf(f, " turn %lld (%s)", (long long)d->turn, d->speaker);
			fprintf(f, " %s %s: applied by %s; not by %s\n", span.buf,
				r->codes[d->code].slug, yes.buf, no.buf);
			if (d->text) {
				braid_text_oneline(d->text, strlen(d->text), 200, &one);
				fprintf(f, "  \"%s\"\n", one.buf);
			}
			strbuf_release(&one);
			break;
		}
		}
		strbuf_release(&yes);
		strbuf_release(&no);
		strbuf_release(&turn);
		strbuf_release(&span);
	}
	if (fmt == BRAID_AGREE_TEX)
		fputs("\\hline\n\\end{longtable}\n", f);
	if (fmt == BRAID_AGREE_TEXT)
		fprintf(f, "%zu disagreement%s\n", r->ndiffs, r->ndiffs == 1 ? "" : "s");
}
