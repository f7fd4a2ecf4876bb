/* curate.c - removing and renaming documents, editing speakers, cases (see curate.h). */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/curate.h"
#include "braid/ingest.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "braid/transcript.h"
#include "db.h"

/* ---- helpers ---- */

/* Runs sql with ?1 (and ?2 unless 0) bound, adding the rows it changed to *n (may be NULL). */
static int run_count(struct braid_store *st, const char *sql, int64_t a, int64_t b, size_t *n,
		     const char *what, struct braid_err *err)
{
	int rc = db_run_ids(st, sql, a, b, what, err);

	if (!rc && n)
		*n += (size_t)sqlite3_changes(braid_store_db(st));
	return rc;
}

/* The first column of the one row sql gives with ?1 = a, as an integer; 0 without a row. */
static int int_of(struct braid_store *st, const char *sql, int64_t a, int64_t *out,
		  struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st, sql, &s, err);

	*out = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, a);
	rc = db_one(st, s, "cannot read the project", err);
	if (rc == 1)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/* A document by name or file: its id and name (to free). */
static int find_doc(struct braid_store *st, const char *ref, int64_t *id, char **name,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = braid_doc_find(st, ref, id, err);

	if (rc || (rc = db_prepare(st, "SELECT name FROM documents WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, *id);
	rc = db_one(st, s, "cannot read the document", err);
	if (rc == 1)
		*name = xstrdup(db_col_text(s, 0));
	else if (rc == 0)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", ref);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/*
 * A name as stored: NFC, without surrounding white space; BRAID_EINVAL when
 * empty or holding a control character (a line break in a name would break
 * every listing).
 */
static int clean_name(const char *what, const char *given, struct strbuf *out,
		      struct braid_err *err)
{
	if (!braid_utf8_valid(given, strlen(given)))
		return braid_errorf(err, BRAID_EINVAL, "a %s is text (UTF-8)", what);
	braid_text_nfc(given, strlen(given), out);
	strbuf_trim(out);
	if (!out->len)
		return braid_errorf(err, BRAID_EINVAL, "a %s cannot be empty", what);
	for (size_t i = 0; i < out->len; i++)
		if ((unsigned char)out->buf[i] < 0x20 || out->buf[i] == 0x7f)
			return braid_errorf(err, BRAID_EINVAL, "a %s cannot hold control characters "
					    "(such as a line break): '%s'", what, given);
	return 0;
}

/* Case ids, some of which may be left without anything. */
struct case_ids {
	int64_t v[8];
	size_t n;
};

static void cands_add(struct case_ids *c, int64_t id)
{
	if (!id)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i] == id)
			return;
	if (c->n < sizeof(c->v) / sizeof(c->v[0]))
		c->v[c->n++] = id;
}

static int collect_case(sqlite3_stmt *s, void *ctx)
{
	struct braid_ids *ids = ctx;

	braid_ids_add(ids, sqlite3_column_int64(s, 0));
	return 0;
}

/*
 * Removes each of the cases (ids) that no document and no speaker refers to
 * any more, noting it; the names removed are appended to *names (may be
 * NULL). See curate.h on why.
 */
static int drop_orphans(struct braid_store *st, const int64_t *ids, size_t n, char ***names,
			size_t *nnames, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st,
			    "SELECT name FROM cases WHERE id = ?1"
			    " AND NOT EXISTS (SELECT 1 FROM documents WHERE case_id = ?1)"
			    " AND NOT EXISTS (SELECT 1 FROM speakers WHERE case_id = ?1)"
			    " AND NOT EXISTS (SELECT 1 FROM survey_rows WHERE case_id = ?1)",
			    &s, err);

	for (size_t i = 0; !rc && i < n; i++) {
		char *name;

		sqlite3_bind_int64(s, 1, ids[i]);
		rc = db_one(st, s, "cannot read a case", err);
		if (rc <= 0)
			continue;
		name = xstrdup(db_col_text(s, 0));
		sqlite3_reset(s);
		rc = db_run_ids(st, "DELETE FROM cases WHERE id = ?1", ids[i], 0,
				"cannot remove a case", err);
		if (!rc)
			braid_change_note(st, "removed case '%s': nothing refers to it now", name);
		if (!rc && names) {
			*names = xrealloc(*names, (*nnames + 1) * sizeof(**names));
			(*names)[(*nnames)++] = name;
		} else {
			free(name);
		}
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- documents ---- */

void braid_doc_removal_release(struct braid_doc_removal *r)
{
	free(r->name);
	for (size_t i = 0; i < r->ncases; i++)
		free(r->cases[i]);
	free(r->cases);
	memset(r, 0, sizeof(*r));
}

int braid_curate_doc_rm(struct braid_store *st, const char *doc, struct braid_doc_removal *r,
			struct braid_err *err)
{
	struct braid_doc_removal local;
	struct braid_ids cases = { 0 };
	sqlite3_stmt *s = NULL;
	int64_t id;
	int rc;

	if (!r)
		r = &local;
	memset(r, 0, sizeof(*r));
	if ((rc = find_doc(st, doc, &id, &r->name, err)))
		goto out;
	/* the cases it or its speakers are linked to: some may be left without anything */
	rc = db_prepare(st,
			"SELECT case_id FROM documents WHERE id = ?1 AND case_id IS NOT NULL"
			" UNION SELECT case_id FROM speakers WHERE doc_id = ?1 AND case_id IS NOT NULL",
			&s, err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, id);
		rc = db_each(st, s, collect_case, &cases, "cannot read the document's cases", err);
	}
	/* dependants first, so that the change record holds every row (no cascades) */
	if (!rc)
		rc = run_count(st,
			       "DELETE FROM memos WHERE coding_id IN"
			       " (SELECT id FROM codings WHERE doc_id = ?1)",
			       id, 0, &r->memos, "cannot remove the memos on its codings", err);
	if (!rc)
		rc = run_count(st, "DELETE FROM codings WHERE doc_id = ?1", id, 0, &r->codings,
			       "cannot remove its codings", err);
	if (!rc)
		rc = run_count(st, "DELETE FROM memos WHERE doc_id = ?1", id, 0, &r->memos,
			       "cannot remove the memos on it", err);
	/* the search index forgets a turn by its text: before the texts go */
	if (!rc)
		rc = fts_unindex_doc(st, id, err);
	if (!rc)
		rc = run_count(st,
			       "DELETE FROM turn_texts WHERE id IN (SELECT id FROM turns WHERE doc_id = ?1)",
			       id, 0, NULL, "cannot remove its turns", err);
	if (!rc)
		rc = run_count(st, "DELETE FROM turns WHERE doc_id = ?1", id, 0, &r->turns,
			       "cannot remove its turns", err);
	if (!rc)
		rc = run_count(st, "DELETE FROM speakers WHERE doc_id = ?1", id, 0, &r->speakers,
			       "cannot remove its speakers", err);
	if (!rc)
		rc = run_count(st, "DELETE FROM documents WHERE id = ?1", id, 0, NULL,
			       "cannot remove the document", err);
	if (!rc)
		braid_change_note(st,
				  "removed document '%s' (%zu turn%s, %zu speaker%s) with %zu coding%s "
				  "and %zu memo%s",
				  r->name, r->turns, r->turns == 1 ? "" : "s", r->speakers,
				  r->speakers == 1 ? "" : "s", r->codings, r->codings == 1 ? "" : "s",
				  r->memos, r->memos == 1 ? "" : "s");
	if (!rc)
		rc = drop_orphans(st, cases.v, cases.n, &r->cases, &r->ncases, err);
out:
	sqlite3_finalize(s);
	braid_ids_release(&cases);
	if (r == &local || rc)
		braid_doc_removal_release(r);
	return rc;
}

/* The focus-group cases ingest named "OLD:LABEL" after the document follow its new name. */
static int rename_doc_cases(struct braid_store *st, int64_t doc_id, const char *old,
			    const char *name, struct strbuf *said, struct braid_err *err)
{
	struct strbuf want = STRBUF_INIT, to = STRBUF_INIT;
	sqlite3_stmt *s = NULL, *taken = NULL, *upd = NULL;
	int rc, have;

	rc = db_prepare(st,
			"SELECT c.id, c.name, sp.label FROM speakers sp JOIN cases c ON c.id = sp.case_id"
			" WHERE sp.doc_id = ?1"
			" AND (SELECT count(*) FROM speakers x WHERE x.case_id = c.id) = 1"
			" AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.case_id = c.id)"
			" ORDER BY sp.id",
			&s, err);
	if (!rc)
		rc = db_prepare(st, "SELECT 1 FROM cases WHERE name = ?1", &taken, err);
	if (!rc)
		rc = db_prepare(st, "UPDATE cases SET name = ?2 WHERE id = ?1", &upd, err);
	if (!rc)
		sqlite3_bind_int64(s, 1, doc_id);
	while (!rc && (have = db_one(st, s, "cannot read the document's cases", err)) == 1) {
		int64_t case_id = sqlite3_column_int64(s, 0);
		int free_name;

		strbuf_reset(&want);
		strbuf_addf(&want, "%s:%s", old, db_col_text(s, 2));
		if (strcmp(want.buf, db_col_text(s, 1)))
			continue;
		strbuf_reset(&to);
		strbuf_addf(&to, "%s:%s", name, db_col_text(s, 2));
		db_bind_text(taken, 1, to.buf, -1);
		free_name = db_one(st, taken, "cannot look up a case", err);
		sqlite3_reset(taken);
		if (free_name < 0) {
			rc = free_name;
			break;
		}
		if (free_name)
			continue;
		sqlite3_bind_int64(upd, 1, case_id);
		db_bind_text(upd, 2, to.buf, -1);
		rc = db_done(st, upd, "cannot rename a case", err);
		if (!rc)
			strbuf_addf(said, "%s'%s' -> '%s'", said->len ? ", " : "", want.buf, to.buf);
	}
	if (!rc && have < 0)
		rc = have;
	sqlite3_finalize(s);
	sqlite3_finalize(taken);
	sqlite3_finalize(upd);
	strbuf_release(&want);
	strbuf_release(&to);
	return rc;
}

int braid_curate_doc_rename(struct braid_store *st, const char *doc, const char *name,
			    struct braid_err *err)
{
	struct strbuf clean = STRBUF_INIT, cases = STRBUF_INIT;
	char *old = NULL;
	int64_t id, other;
	int rc;

	if ((rc = clean_name("document name", name, &clean, err)) ||
	    (rc = find_doc(st, doc, &id, &old, err)))
		goto out;
	if (!strcmp(old, clean.buf))
		goto out;
	{
		sqlite3_stmt *s;

		if ((rc = db_prepare(st, "SELECT id FROM documents WHERE name = ?1", &s, err)))
			goto out;
		db_bind_text(s, 1, clean.buf, -1);
		rc = db_one(st, s, "cannot look up a document", err);
		other = rc == 1 ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_finalize(s);
		if (rc < 0)
			goto out;
	}
	if (other) {
		rc = braid_errorf(err, BRAID_EEXIST, "cannot rename '%s': a document named '%s' exists "
				  "already", old, clean.buf);
		goto out;
	}
	{
		sqlite3_stmt *s;

		if ((rc = db_prepare(st, "UPDATE documents SET name = ?2 WHERE id = ?1", &s, err)))
			goto out;
		sqlite3_bind_int64(s, 1, id);
		db_bind_text(s, 2, clean.buf, -1);
		rc = db_done(st, s, "cannot rename the document", err);
		sqlite3_finalize(s);
	}
	if (!rc)
		rc = rename_doc_cases(st, id, old, clean.buf, &cases, err);
	if (!rc && cases.len)
		braid_change_note(st, "renamed document '%s' -> '%s', and its cases %s", old,
				  clean.buf, cases.buf);
	else if (!rc)
		braid_change_note(st, "renamed document '%s' -> '%s'", old, clean.buf);
out:
	free(old);
	strbuf_release(&clean);
	strbuf_release(&cases);
	return rc;
}

/* ---- speakers ---- */

struct speaker {
	int64_t id, case_id;
	char *label, *role, *case_name;
};

static void speaker_release(struct speaker *sp)
{
	free(sp->label);
	free(sp->role);
	free(sp->case_name);
	memset(sp, 0, sizeof(*sp));
}

/* The speaker of the document with exactly this label: 1, or 0 when there is none. */
static int load_speaker(struct braid_store *st, int64_t doc_id, const char *label,
			struct speaker *sp, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(st,
			    "SELECT s.id, s.label, s.role, s.case_id, c.name FROM speakers s"
			    " LEFT JOIN cases c ON c.id = s.case_id WHERE s.doc_id = ?1 AND s.label = ?2",
			    &s, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, doc_id);
	db_bind_text(s, 2, label, -1);
	rc = db_one(st, s, "cannot read a speaker", err);
	if (rc == 1) {
		sp->id = sqlite3_column_int64(s, 0);
		sp->label = xstrdup(db_col_text(s, 1));
		sp->role = xstrdup(db_col_text(s, 2));
		sp->case_id = sqlite3_column_int64(s, 3);
		sp->case_name = db_col_null(s, 4) ? xstrdup(db_col_text(s, 4)) : NULL;
	}
	sqlite3_finalize(s);
	return rc;
}

static int role_has_case(const char *role)
{
	return braid_turn_case(role, 1, 1) != BRAID_CASE_NONE;
}

/* A turn on its way to its new offsets. */
struct tpos {
	int64_t id, spk, start, end;
	int64_t from;          /* where its label starts (its utterance, without one) */
	int64_t oldlen, newlen; /* its label's code points, 0 without one */
	int64_t shift;         /* what the labels before it added */
};

struct relabel {
	struct tpos *t;
	size_t n, alloc;
	int64_t from_spk;  /* the speaker whose label changes */
	int64_t newlen;
};

static int load_turn(sqlite3_stmt *s, void *ctx)
{
	struct relabel *r = ctx;
	const char *label = db_col_text(s, 4);
	struct tpos *t;

	ALLOC_GROW(r->t, r->n + 1, r->alloc);
	t = &r->t[r->n++];
	t->id = sqlite3_column_int64(s, 0);
	t->spk = sqlite3_column_int64(s, 1);
	t->start = sqlite3_column_int64(s, 2);
	t->end = sqlite3_column_int64(s, 3);
	t->oldlen = strcmp(label, BRAID_PSEUDO_SPEAKER)
			    ? (int64_t)braid_cp_count(label, strlen(label)) : 0;
	t->newlen = t->spk == r->from_spk ? r->newlen : t->oldlen;
	/* "Label: " before the utterance */
	t->from = t->oldlen ? t->start - t->oldlen - 2 : t->start;
	return 0;
}

/*
 * The new place of old position p (a span's start, or its end when is_end).
 * Positions in the text between labels shift by what the labels before them
 * added; one inside a changed label goes to the new label's start (a start,
 * or an end right at the label's start) or its end (an end inside it).
 */
static int64_t map_pos(const struct relabel *r, int64_t p, int is_end)
{
	size_t lo = 0, hi = r->n;
	const struct tpos *t;

	/* the last turn whose label starts at or before p */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->t[mid].from <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return p;
	t = &r->t[lo - 1];
	if (p >= t->from + t->oldlen)
		return p + t->shift + (t->newlen - t->oldlen);
	if (t->newlen == t->oldlen)
		return p + t->shift;
	if (!is_end || p == t->from)
		return t->from + t->shift;
	return t->from + t->shift + t->newlen;
}

/*
 * Carries the document's codings to where the relabelled text has their
 * words (braid_coding_moves_*: folded when they come to one span, moved in
 * two chunks through a parked state, as ingest --replace does).
 */
static int carry_codings(struct braid_store *st, int64_t doc_id, const struct relabel *rl,
			 struct braid_speaker_result *res, struct braid_err *err)
{
	struct braid_coding_move *v;
	size_t n;
	int rc = braid_coding_moves_load(st, doc_id, &v, &n, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		v[i].ns = map_pos(rl, v[i].start, 0);
		v[i].ne = map_pos(rl, v[i].end, 1);
	}
	braid_coding_moves_fold(v, n);
	for (size_t i = 0; i < n; i++) {
		res->codings_folded += v[i].into != 0;
		res->codings_moved += !v[i].into && (v[i].ns != v[i].start || v[i].ne != v[i].end);
	}
	if (n)
		rc = braid_coding_moves_apply(st, v, n, err);
	free(v);
	return rc;
}

/*
 * Gives speaker sp the label `label` (into: the speaker of the document who
 * has it, 0 when none: then sp is renamed, else its turns become into's and
 * sp is removed), and carries every offset of the document (curate.h).
 */
static int relabel(struct braid_store *st, int64_t doc_id, const struct speaker *sp,
		   const char *label, int64_t into, struct braid_speaker_result *res,
		   struct braid_err *err)
{
	struct relabel rl = { .from_spk = sp->id,
			      .newlen = (int64_t)braid_cp_count(label, strlen(label)) };
	struct strbuf text = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int64_t shift = 0, rev = 0;
	char hash[65];
	int rc;

	rc = db_prepare(st,
			"SELECT t.id, t.speaker_id, t.start_cp, t.end_cp, s.label FROM turns t"
			" JOIN speakers s ON s.id = t.speaker_id WHERE t.doc_id = ?1 ORDER BY t.start_cp",
			&s, err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, doc_id);
		rc = db_each(st, s, load_turn, &rl, "cannot read the turns", err);
	}
	sqlite3_finalize(s);
	s = NULL;
	for (size_t i = 0; i < rl.n; i++) {
		rl.t[i].shift = shift;
		shift += rl.t[i].newlen - rl.t[i].oldlen;
		res->turns += rl.t[i].spk == sp->id;
	}
	/* the speaker first: a renamed label, or the turns of a merged one re-pointed */
	if (!rc && !into) {
		rc = db_prepare(st, "UPDATE speakers SET label = ?2 WHERE id = ?1", &s, err);
		if (!rc) {
			sqlite3_bind_int64(s, 1, sp->id);
			db_bind_text(s, 2, label, -1);
			rc = db_done(st, s, "cannot relabel the speaker", err);
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	if (!rc)
		rc = db_prepare(st,
				"UPDATE turns SET speaker_id = ?2, start_cp = ?3, end_cp = ?4 WHERE id = ?1",
				&s, err);
	for (size_t i = 0; !rc && i < rl.n; i++) {
		const struct tpos *t = &rl.t[i];
		int64_t d = t->shift + t->newlen - t->oldlen;
		int64_t spk = into && t->spk == sp->id ? into : t->spk;

		if (!d && spk == t->spk)
			continue;
		sqlite3_bind_int64(s, 1, t->id);
		sqlite3_bind_int64(s, 2, spk);
		sqlite3_bind_int64(s, 3, t->start + d);
		sqlite3_bind_int64(s, 4, t->end + d);
		rc = db_done(st, s, "cannot move a turn", err);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (!rc && into)
		rc = db_run_ids(st, "DELETE FROM speakers WHERE id = ?1", sp->id, 0,
				"cannot remove the merged speaker", err);
	/* the text is another: its size, hash and revision, and the codings' revision */
	if (!rc)
		rc = braid_corpus_text_of(st, doc_id, &text, err);
	if (!rc) {
		braid_ingest_hash(text.buf, text.len, hash);
		rc = db_prepare(st,
				"UPDATE documents SET chars = ?2, hash = ?3, rev = rev + 1 WHERE id = ?1",
				&s, err);
	}
	if (!rc) {
		sqlite3_bind_int64(s, 1, doc_id);
		sqlite3_bind_int64(s, 2, (int64_t)braid_cp_count(text.buf, text.len));
		sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
		rc = db_done(st, s, "cannot update the document", err);
	}
	sqlite3_finalize(s);
	if (!rc)
		rc = int_of(st, "SELECT rev FROM documents WHERE id = ?1", doc_id, &rev, err);
	if (!rc)
		rc = db_run_ids(st, "UPDATE codings SET doc_rev = ?2 WHERE doc_id = ?1", doc_id, rev,
				"cannot update the codings", err);
	if (!rc)
		rc = carry_codings(st, doc_id, &rl, res, err);
	free(rl.t);
	strbuf_release(&text);
	return rc;
}

/* Checks a new label as ingest would take it (curate.h); *out gets it in NFC. */
static int clean_label(const char *given, struct strbuf *out, struct braid_err *err)
{
	int rc = clean_name("speaker label", given, out, err);

	if (rc)
		return rc;
	if (out->len > BRAID_LABEL_MAX)
		return braid_errorf(err, BRAID_EINVAL, "a speaker label is at most %d bytes: '%s'",
				    BRAID_LABEL_MAX, given);
	if (!strcmp(out->buf, BRAID_PSEUDO_SPEAKER))
		return braid_errorf(err, BRAID_EINVAL, "'%s' stands for the text without a speaker "
				    "label; give a speaker another label", BRAID_PSEUDO_SPEAKER);
	return 0;
}

int braid_curate_speaker_set(struct braid_store *st, const char *doc, const char *label,
			     const struct braid_speaker_edit *e, struct braid_speaker_result *res,
			     struct braid_err *err)
{
	struct braid_speaker_result local;
	struct speaker sp = { 0 }, other = { 0 };
	struct strbuf newlabel = STRBUF_INIT, said = STRBUF_INIT, names = STRBUF_INIT;
	struct case_ids cands = { { 0 }, 0 };
	const char *role;
	char *docname = NULL;
	int64_t doc_id, keep, case_id = -1, case_now;
	int rc, pseudo, head = 0; /* head: the sentence names the speaker already */

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	if ((rc = find_doc(st, doc, &doc_id, &docname, err)))
		goto out;
	if ((rc = load_speaker(st, doc_id, label, &sp, err)) < 0)
		goto out;
	if (!rc) {
		strbuf_addf(&names, "SELECT label FROM speakers WHERE doc_id = %lld", (long long)doc_id);
		db_not_found(st, err, "speaker", label, names.buf);
		rc = braid_err_prefix(err, "document '%s'", docname);
		goto out;
	}
	rc = 0;
	pseudo = !strcmp(sp.label, BRAID_PSEUDO_SPEAKER);
	/* what is asked, checked whole before anything changes */
	role = e->role ? e->role : sp.role;
	if (e->role && braid_vocab_parse(&braid_vocab_role, e->role) < 0) {
		rc = braid_vocab_error(&braid_vocab_role, e->role, err);
		goto out;
	}
	if (e->role && pseudo && strcmp(e->role, sp.role)) {
		rc = braid_errorf(err, BRAID_EINVAL, "the text without a speaker label ('%s') keeps "
				  "the role '%s'", sp.label, sp.role);
		goto out;
	}
	if (e->role && !pseudo && !strcmp(e->role, "other")) {
		rc = braid_errorf(err, BRAID_EINVAL, "'other' is the role of the text without a "
				  "speaker label; a speaker is an interviewer, participant or "
				  "moderator");
		goto out;
	}
	if (e->label) {
		if (pseudo) {
			rc = braid_errorf(err, BRAID_EINVAL, "the text without a speaker label ('%s') "
					  "has no label to change", sp.label);
			goto out;
		}
		if ((rc = clean_label(e->label, &newlabel, err)))
			goto out;
		if (strcmp(newlabel.buf, sp.label) &&
		    (rc = load_speaker(st, doc_id, newlabel.buf, &other, err)) < 0)
			goto out;
		rc = 0;
	}
	/* the speaker the role and case are about: the one merged into, if any */
	keep = other.id ? other.id : sp.id;
	if (other.id && !e->role)
		role = other.role;
	case_now = other.id ? other.case_id : sp.case_id;
	if (e->case_name && *e->case_name && !role_has_case(role)) {
		rc = braid_errorf(err, BRAID_EINVAL,
				  "'%s' in '%s' is %s %s: their turns belong to no case (make them a "
				  "participant to give them one)",
				  other.id ? other.label : sp.label, docname,
				  !strcmp(role, "interviewer") ? "an" : "a", role);
		goto out;
	}
	if (e->case_name && *e->case_name &&
	    (rc = braid_store_case(st, e->case_name, 1, &case_id, err)))
		goto out;
	if (e->case_name && !*e->case_name)
		case_id = 0;
	if (case_id < 0 && !role_has_case(role))
		case_id = 0; /* an interviewer or moderator: their case no longer applies */

	/* the label: renamed, or merged into the speaker who has it */
	if (e->label && strcmp(newlabel.buf, sp.label)) {
		if ((rc = relabel(st, doc_id, &sp, newlabel.buf, other.id, res, err)))
			goto out;
		res->changed = 1;
		res->merged = other.id != 0;
		cands_add(&cands, sp.case_id);
		if (other.id)
			strbuf_addf(&said, "merged speaker '%s' of '%s' into '%s' (%zu turn%s",
				    sp.label, docname, other.label, res->turns,
				    res->turns == 1 ? "" : "s");
		else
			strbuf_addf(&said, "relabelled speaker '%s' of '%s' as '%s' (%zu turn%s",
				    sp.label, docname, newlabel.buf, res->turns,
				    res->turns == 1 ? "" : "s");
		if (res->codings_moved)
			strbuf_addf(&said, "; %zu coding%s moved with the text", res->codings_moved,
				    res->codings_moved == 1 ? "" : "s");
		if (res->codings_folded)
			strbuf_addf(&said, ", %zu folded into an older one on the same span",
				    res->codings_folded);
		strbuf_addch(&said, ')');
	} else {
		int64_t n;

		if ((rc = int_of(st, "SELECT count(*) FROM turns WHERE speaker_id = ?1", sp.id, &n,
				 err)))
			goto out;
		res->turns = (size_t)n;
	}
	if (e->role && strcmp(role, other.id ? other.role : sp.role)) {
		sqlite3_stmt *s;

		if ((rc = db_prepare(st, "UPDATE speakers SET role = ?2 WHERE id = ?1", &s, err)))
			goto out;
		sqlite3_bind_int64(s, 1, keep);
		db_bind_text(s, 2, role, -1);
		rc = db_done(st, s, "cannot set the role", err);
		sqlite3_finalize(s);
		if (rc)
			goto out;
		res->changed = 1;
		strbuf_addf(&said, "%sspeaker '%s' of '%s': role %s -> %s", said.len ? "; " : "",
			    other.id ? other.label : sp.label, docname,
			    other.id ? other.role : sp.role, role);
		head = 1;
	}
	if (case_id >= 0 && case_id != case_now) {
		const char *before = other.id ? other.case_name : sp.case_name;

		if ((rc = db_run_ids(st, "UPDATE speakers SET case_id = nullif(?2, 0) WHERE id = ?1",
				     keep, case_id, "cannot set the case", err)))
			goto out;
		res->changed = 1;
		cands_add(&cands, case_now);
		if (head)
			strbuf_addstr(&said, ", ");
		else
			strbuf_addf(&said, "%sspeaker '%s' of '%s': ", said.len ? "; " : "",
				    other.id ? other.label : sp.label, docname);
		strbuf_addf(&said, "case %s%s%s -> ", before ? "'" : "", before ? before : "none",
			    before ? "'" : "");
		if (case_id)
			strbuf_addf(&said, "'%s'", e->case_name && *e->case_name ? e->case_name : "");
		else
			strbuf_addstr(&said, e->case_name ? "none" : "none (an interviewer's or "
								      "moderator's turns belong to no case)");
	}
	if (said.len)
		braid_change_note(st, "%s", said.buf);
	rc = drop_orphans(st, cands.v, cands.n, NULL, NULL, err);
out:
	speaker_release(&sp);
	speaker_release(&other);
	free(docname);
	strbuf_release(&newlabel);
	strbuf_release(&said);
	strbuf_release(&names);
	return rc;
}

/* ---- cases ---- */

int braid_curate_case_rename(struct braid_store *st, const char *name, const char *new_name,
			     struct braid_err *err)
{
	struct strbuf clean = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t id, taken;
	int rc;

	if ((rc = clean_name("case name", new_name, &clean, err)) ||
	    (rc = braid_store_case(st, name, 0, &id, err)))
		goto out;
	if (!strcmp(name, clean.buf))
		goto out;
	if ((rc = db_prepare(st, "SELECT id FROM cases WHERE name = ?1", &s, err)))
		goto out;
	db_bind_text(s, 1, clean.buf, -1);
	rc = db_one(st, s, "cannot look up a case", err);
	taken = rc == 1 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc < 0)
		goto out;
	if (taken) {
		rc = braid_errorf(err, BRAID_EEXIST, "cannot rename case '%s': a case named '%s' exists "
				  "already (merge the two instead)", name, clean.buf);
		goto out;
	}
	if ((rc = db_prepare(st, "UPDATE cases SET name = ?2 WHERE id = ?1", &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, clean.buf, -1);
	rc = db_done(st, s, "cannot rename the case", err);
	sqlite3_finalize(s);
	if (!rc)
		braid_change_note(st, "renamed case '%s' -> '%s'", name, clean.buf);
out:
	strbuf_release(&clean);
	return rc;
}

int braid_curate_case_merge(struct braid_store *st, const char *from, const char *into,
			    size_t *docs, size_t *speakers, struct braid_err *err)
{
	size_t nd = 0, ns = 0;
	int64_t a, b;
	int rc;

	if ((rc = braid_store_case(st, from, 0, &a, err)) ||
	    (rc = braid_store_case(st, into, 0, &b, err)))
		return rc;
	if (a == b)
		return braid_errorf(err, BRAID_EINVAL, "cannot merge case '%s' into itself", from);
	rc = run_count(st, "UPDATE documents SET case_id = ?2 WHERE case_id = ?1", a, b, &nd,
		       "cannot re-link the documents", err);
	if (!rc)
		rc = run_count(st, "UPDATE speakers SET case_id = ?2 WHERE case_id = ?1", a, b, &ns,
			       "cannot re-link the speakers", err);
	/* the survey row goes with the case, unless `into` has one of its own */
	if (!rc)
		rc = db_run_ids(st, "UPDATE survey_rows SET case_id = ?2 WHERE case_id = ?1 AND NOT EXISTS"
				" (SELECT 1 FROM survey_rows WHERE case_id = ?2)", a, b,
				"cannot re-link the survey row", err);
	if (!rc)
		rc = db_run_ids(st, "UPDATE survey_rows SET case_id = NULL, linked = NULL"
				" WHERE case_id = ?1", a, 0, "cannot unlink the survey row", err);
	if (!rc)
		rc = db_run_ids(st, "DELETE FROM cases WHERE id = ?1", a, 0, "cannot remove the case",
				err);
	if (!rc)
		braid_change_note(st, "merged case '%s' into '%s' (%zu document%s, %zu speaker%s)",
				  from, into, nd, nd == 1 ? "" : "s", ns, ns == 1 ? "" : "s");
	if (docs)
		*docs = nd;
	if (speakers)
		*speakers = ns;
	return rc;
}
