/*
 * merge.c - a copy of the project coded elsewhere, brought into this one
 * (see merge.h; the rules for a researcher are in docs/team.md).
 *
 * OTHER is opened as a second, read-only connection: ATTACH cannot run
 * inside the open change's transaction. Its small tables (documents,
 * coders, codes) are read whole into arrays sorted by OTHER's id; its
 * codings and memos are streamed in id order, each looked up here through
 * a unique index (guid, or the coding's unique key) with statements
 * prepared once, so a merge costs a few index probes per row and memory
 * for the codes, not for the codings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/coding.h"
#include "braid/merge.h"
#include "braid/strbuf.h"
#include "db.h"

#define PLURAL_(id, plural, singular) plural,
#define SINGULAR_(id, plural, singular) singular,
static const char *const kind_plural[] = { BRAID_MERGE_KINDS(PLURAL_) };
static const char *const kind_singular[] = { BRAID_MERGE_KINDS(SINGULAR_) };

const char *braid_merge_kind_name(enum braid_merge_kind k, int plural)
{
	if ((int)k < 0 || k >= BRAID_MERGE_KIND_N)
		return "?";
	return plural ? kind_plural[k] : kind_singular[k];
}

void braid_merge_report_release(struct braid_merge_report *r)
{
	for (size_t i = 0; i < r->nissues; i++) {
		free(r->issues[i].ref);
		free(r->issues[i].problem);
		free(r->issues[i].rule);
	}
	free(r->issues);
	memset(r, 0, sizeof(*r));
}

size_t braid_merge_changed(const struct braid_merge_report *r)
{
	return r->written;
}

/* ---- OTHER's rows, by OTHER's id ---- */

enum doc_state { DOC_HERE, DOC_MISSING, DOC_DIFFERS };

struct odoc {
	int64_t id, here, here_rev, rev;
	char *name;
	enum doc_state state;
	int64_t ncodings, nseg_memos, ndoc_memos;
};

struct ocoder {
	int64_t id, here;
};

/* A code of OTHER, its columns as read (NULL where NULL). */
enum {
	C_GUID, C_SLUG, C_NAME, C_KIND, C_DOMAIN, C_DEFINITION, C_INCLUDE, C_EXCLUDE, C_COLOR,
	C_SCOPE, C_ROLES, C_STATUS, C_CREATED, C_NTEXT
};
#define CODE_COLS                                                                                \
	"guid, slug, name, kind, domain, definition, include_text, exclude_text, color, scope,"  \
	" roles, status, created"

struct ocode {
	int64_t id, parent, codebook, merged_into, position, created_by, created_phase;
	char *f[C_NTEXT];
	int64_t here;   /* the code here it is, or was added as */
	int64_t target; /* where its codings go: here, or the code here merged it into */
	int added;
};

struct pair {
	int64_t other, here;
};

struct merge {
	struct braid_store *st, *o;
	const char *path;
	const char *base; /* OTHER's file name without directory */
	char *label;      /* ... and without ".braid" */
	struct braid_merge_report *r;
	struct odoc *docs;
	size_t ndocs;
	struct ocoder *coders;
	size_t ncoders;
	struct ocode *codes;
	size_t ncodes;
	struct pair *books; /* codebooks met so far */
	size_t nbooks;
	int64_t *memo_codings; /* OTHER's codings that have memos, sorted ... */
	int64_t *memo_here;    /* ... and the coding here each is (0: not merged) */
	size_t nmemo_codings;
	/*
	 * GUIDs of the codings [0] and memos [1] a change here removed (not an
	 * undo), sorted: a row of OTHER with one was here and was taken out
	 */
	char **removed[2];
	size_t nremoved[2];
	struct braid_ids not_back[2]; /* OTHER's ids of such rows, not brought back */
	struct braid_ids orphans;     /* OTHER's memos on codings of a document here not merged */
	const char *person_name; /* who merges: writes the memos of definitions kept */
	int64_t person;          /* their coder id, once needed (made then when new) */
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The element of a sorted array of structs whose first member is an int64_t id. */
static void *by_id(void *base, size_t n, size_t size, int64_t id)
{
	return id && n ? bsearch(&id, base, n, size, cmp_id) : NULL;
}

static struct odoc *doc_of(struct merge *m, int64_t id)
{
	return by_id(m->docs, m->ndocs, sizeof(*m->docs), id);
}

static struct ocode *code_of(struct merge *m, int64_t id)
{
	return by_id(m->codes, m->ncodes, sizeof(*m->codes), id);
}

static int64_t coder_here(struct merge *m, int64_t id)
{
	struct ocoder *c = by_id(m->coders, m->ncoders, sizeof(*m->coders), id);

	return c ? c->here : 0;
}

static void issue(struct merge *m, enum braid_merge_kind kind, int skipped, const char *ref,
		  struct strbuf *problem, struct strbuf *rule)
{
	struct braid_merge_report *r = m->r;
	struct braid_merge_issue *i;

	r->issues = xrealloc(r->issues, (r->nissues + 1) * sizeof(*r->issues));
	i = &r->issues[r->nissues++];
	i->kind = kind;
	i->skipped = skipped;
	i->ref = xstrdup(ref);
	i->problem = strbuf_detach(problem, NULL);
	i->rule = strbuf_detach(rule, NULL);
	if (skipped)
		r->n[kind].skipped++;
	else
		r->n[kind].conflicts++;
}

/* "3 codings" */
static void count_of(struct strbuf *out, int64_t n, const char *what)
{
	strbuf_addf(out, "%lld %s%s", (long long)n, what, n == 1 ? "" : "s");
}

/* ---- what was removed here ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Collects the GUIDs of the codings and memos removed here by a change or a
 * redo (code rm, docs rm, a correction that deleted a coding's text), from
 * the change record: a copy made before still holds them, and a merge must
 * not bring back what someone took out. Removals by an undo do not count:
 * an undo makes it as if the row had never come (undoing a merge, then
 * merging again, brings the rows again). Only changes whose summary says
 * they removed codings or memos are read.
 */
static int load_removed(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(m->st,
			    "SELECT c.changeset FROM changes c JOIN audit a ON a.id = c.audit_id"
			    " WHERE a.kind != 'undo' AND a.change IS NOT NULL"
			    " AND (json_extract(a.change, '$.codings.removed') > 0"
			    "  OR json_extract(a.change, '$.memos.removed') > 0)",
			    &s, err);

	while (!rc && (rc = db_one(m->st, s, "cannot read the change record", err)) == 1) {
		sqlite3_changeset_iter *it;
		int n = sqlite3_column_bytes(s, 0);

		rc = 0;
		if (sqlite3changeset_start(&it, n, (void *)sqlite3_column_blob(s, 0)) != SQLITE_OK) {
			rc = braid_errorf(err, BRAID_EDB, "cannot read the change record");
			break;
		}
		while (sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *table;
			int ncol, op, indirect, k;
			sqlite3_value *v = NULL;

			sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
			k = !strcmp(table, "codings") ? 0 : !strcmp(table, "memos") ? 1 : -1;
			if (op != SQLITE_DELETE || k < 0 || ncol < 2 ||
			    sqlite3changeset_old(it, 1, &v) != SQLITE_OK || !v ||
			    sqlite3_value_type(v) != SQLITE_TEXT)
				continue;
			m->removed[k] = xrealloc(m->removed[k],
						 (m->nremoved[k] + 1) * sizeof(*m->removed[k]));
			m->removed[k][m->nremoved[k]++] = xstrdup((const char *)sqlite3_value_text(v));
		}
		if (sqlite3changeset_finalize(it) != SQLITE_OK)
			rc = braid_errorf(err, BRAID_EDB, "cannot read the change record");
	}
	sqlite3_finalize(s);
	for (int k = 0; k < 2; k++)
		if (m->nremoved[k])
			qsort(m->removed[k], m->nremoved[k], sizeof(char *), cmp_str);
	return rc < 0 ? rc : 0;
}

static int was_removed(struct merge *m, int k, const char *guid)
{
	return m->nremoved[k] &&
	       bsearch(&guid, m->removed[k], m->nremoved[k], sizeof(char *), cmp_str) != NULL;
}

/* One issue for all the rows of a kind (OTHER's ids) not merged for one reason. */
static void issue_ids(struct merge *m, enum braid_merge_kind kind, struct braid_ids *ids,
		      const char *problem, const char *rule)
{
	struct strbuf ref = STRBUF_INIT, p = STRBUF_INIT, r = STRBUF_INIT;
	size_t skipped;

	if (!ids->n)
		return;
	braid_ids_ranges(ids, 200, &ref);
	strbuf_addf(&ref, " in '%s'", m->base);
	strbuf_addstr(&p, problem);
	count_of(&r, (int64_t)ids->n, braid_merge_kind_name(kind, 0));
	strbuf_addf(&r, " %s", rule);
	skipped = m->r->n[kind].skipped;
	issue(m, kind, 1, ref.buf, &p, &r);
	m->r->n[kind].skipped = skipped; /* counted row by row already */
	strbuf_release(&ref);
}

/* ---- opening OTHER ---- */

static int open_other(struct braid_store *st, const char *path, struct braid_store **o,
		      struct braid_err *err)
{
	struct braid_store_opts so = { .readonly = 1 };
	struct stat a, b;
	int rc;

	if (stat(path, &b) != 0)
		return braid_errorf(err, errno == ENOENT ? BRAID_ENOTFOUND : BRAID_EIO,
				    "cannot merge '%s': %s", path, strerror(errno));
	if (!S_ISREG(b.st_mode))
		return braid_errorf(err, BRAID_EINVAL, "cannot merge '%s': not a project file",
				    path);
	if (stat(braid_store_path(st), &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return braid_errorf(err, BRAID_EINVAL,
				    "cannot merge '%s': it is the open project itself", path);
	rc = braid_store_open(path, &so, o, err);
	if (rc == BRAID_EVERSION || rc == BRAID_EINVAL)
		braid_err_prefix(err, "cannot merge");
	else if (rc)
		braid_err_prefix(err, "cannot merge '%s'", path);
	return rc;
}

/* ---- documents ---- */

static int load_docs(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s = NULL, *guid = NULL, *hash = NULL;
	int rc;

	rc = db_prepare(m->o,
			"SELECT d.id, d.guid, d.hash, d.rev, d.name,"
			" (SELECT count(*) FROM codings WHERE doc_id = d.id),"
			" (SELECT count(*) FROM memos x JOIN codings g ON g.id = x.coding_id"
			"  WHERE g.doc_id = d.id),"
			" (SELECT count(*) FROM memos WHERE doc_id = d.id)"
			" FROM documents d ORDER BY d.id",
			&s, err);
	if (!rc)
		rc = db_prepare(m->st, "SELECT id, hash, rev FROM documents WHERE guid = ?", &guid,
				err);
	/* the same text ingested on both machines: the one of the same name first */
	if (!rc)
		rc = db_prepare(m->st,
				"SELECT id, hash, rev FROM documents WHERE hash = ?1"
				" ORDER BY name = ?2 DESC, id LIMIT 1",
				&hash, err);
	while (!rc && (rc = db_one(m->o, s, "cannot read the documents of the other project",
				   err)) == 1) {
		struct odoc *d;
		const char *h = db_col_text(s, 2);
		int found;

		m->docs = xrealloc(m->docs, (m->ndocs + 1) * sizeof(*m->docs));
		d = &m->docs[m->ndocs++];
		memset(d, 0, sizeof(*d));
		d->id = sqlite3_column_int64(s, 0);
		d->rev = sqlite3_column_int64(s, 3);
		d->name = xstrdup(db_col_text(s, 4));
		d->ncodings = sqlite3_column_int64(s, 5);
		d->nseg_memos = sqlite3_column_int64(s, 6);
		d->ndoc_memos = sqlite3_column_int64(s, 7);
		db_bind_text(guid, 1, db_col_text(s, 1), -1);
		found = db_one(m->st, guid, "cannot look up a document", err);
		if (found == 0) {
			db_bind_text(hash, 1, h, -1);
			db_bind_text(hash, 2, d->name, -1);
			found = db_one(m->st, hash, "cannot look up a document", err);
			if (found == 1) {
				d->here = sqlite3_column_int64(hash, 0);
				d->here_rev = sqlite3_column_int64(hash, 2);
				sqlite3_reset(hash);
			}
		} else if (found == 1) {
			d->here = sqlite3_column_int64(guid, 0);
			d->here_rev = sqlite3_column_int64(guid, 2);
			if (strcmp(db_col_text(guid, 1), h))
				d->state = DOC_DIFFERS;
			sqlite3_reset(guid);
		}
		if (found < 0) {
			rc = found;
			break;
		}
		rc = 0;
		if (!found)
			d->state = DOC_MISSING;
	}
	sqlite3_finalize(s);
	sqlite3_finalize(guid);
	sqlite3_finalize(hash);
	return rc;
}

/* Counts the documents and reports the ones whose codings stay out. */
static void report_docs(struct merge *m)
{
	for (size_t i = 0; i < m->ndocs; i++) {
		struct odoc *d = &m->docs[i];
		struct strbuf problem = STRBUF_INIT, rule = STRBUF_INIT;

		if (d->state == DOC_HERE) {
			m->r->n[BRAID_MERGE_DOCUMENTS].present++;
			continue;
		}
		if (d->state == DOC_MISSING) {
			strbuf_addstr(&problem, "not in this project (no document has its GUID or its "
						"text)");
			strbuf_addstr(&rule, "not merged, nor ");
			count_of(&rule, d->ncodings, "coding");
			strbuf_addstr(&rule, " and ");
			count_of(&rule, d->nseg_memos + d->ndoc_memos, "memo");
			strbuf_addstr(&rule, " on it");
		} else {
			strbuf_addf(&problem, "its text differs here (revision %lld here, %lld in '%s')",
				    (long long)d->here_rev, (long long)d->rev, m->path);
			count_of(&rule, d->ncodings, "coding");
			strbuf_addstr(&rule, " and ");
			count_of(&rule, d->nseg_memos, "memo");
			strbuf_addstr(&rule, " on them not merged: their spans cannot be placed safely");
			if (d->ndoc_memos)
				strbuf_addstr(&rule, "; memos on the document merged");
		}
		issue(m, BRAID_MERGE_DOCUMENTS, 1, d->name, &problem, &rule);
	}
}

/* ---- coders ---- */

static int merge_coders(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s = NULL, *ins = NULL;
	int rc;

	rc = db_prepare(m->o, "SELECT id, guid, name, created FROM coders ORDER BY id", &s, err);
	/* OTHER's GUID, unless a coder here of another name has it */
	if (!rc)
		rc = db_prepare(m->st,
				"INSERT INTO coders(guid, name, created) VALUES (CASE WHEN EXISTS"
				" (SELECT 1 FROM coders WHERE guid = ?1) THEN " GUID_SQL " ELSE ?1 END,"
				" ?2, ?3)",
				&ins, err);
	while (!rc && (rc = db_one(m->o, s, "cannot read the coders of the other project",
				   err)) == 1) {
		struct braid_err e = BRAID_ERR_INIT;
		const char *name = db_col_text(s, 2);
		struct ocoder *c;

		m->coders = xrealloc(m->coders, (m->ncoders + 1) * sizeof(*m->coders));
		c = &m->coders[m->ncoders++];
		c->id = sqlite3_column_int64(s, 0);
		rc = braid_store_coder(m->st, name, 0, &c->here, &e);
		if (!rc) {
			m->r->n[BRAID_MERGE_CODERS].present++;
			continue;
		}
		if (rc != BRAID_ENOTFOUND) {
			*err = e;
			break;
		}
		db_bind_text(ins, 1, db_col_text(s, 1), -1);
		db_bind_text(ins, 2, name, -1);
		db_bind_text(ins, 3, db_col_text(s, 3), -1);
		rc = db_done(m->st, ins, "cannot add a coder", err);
		if (!rc) {
			c->here = sqlite3_last_insert_rowid(braid_store_db(m->st));
			m->r->n[BRAID_MERGE_CODERS].added++;
			m->r->written++;
		}
	}
	sqlite3_finalize(s);
	sqlite3_finalize(ins);
	return rc < 0 ? rc : 0;
}

/* ---- codes ---- */

static int load_codes(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(m->o,
			    "SELECT id, coalesce(parent_id, 0), coalesce(codebook_id, 0),"
			    " coalesce(merged_into, 0), position, coalesce(created_by, 0),"
			    " coalesce(created_phase, 0), " CODE_COLS " FROM codes ORDER BY id",
			    &s, err);

	while (!rc && (rc = db_one(m->o, s, "cannot read the codes of the other project", err)) ==
			      1) {
		struct ocode *c;

		rc = 0;
		m->codes = xrealloc(m->codes, (m->ncodes + 1) * sizeof(*m->codes));
		c = &m->codes[m->ncodes++];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int64(s, 0);
		c->parent = sqlite3_column_int64(s, 1);
		c->codebook = sqlite3_column_int64(s, 2);
		c->merged_into = sqlite3_column_int64(s, 3);
		c->position = sqlite3_column_int64(s, 4);
		c->created_by = sqlite3_column_int64(s, 5);
		c->created_phase = sqlite3_column_int64(s, 6);
		for (int k = 0; k < C_NTEXT; k++) {
			const char *v = db_col_null(s, 7 + k);

			c->f[k] = v ? xstrdup(v) : NULL;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

/* A code here, as read with CODE_COLS after id and parent. */
struct hcode {
	int64_t id, parent;
	char *f[C_NTEXT];
};

static void hcode_release(struct hcode *h)
{
	for (int k = 0; k < C_NTEXT; k++)
		free(h->f[k]);
	memset(h, 0, sizeof(*h));
}

/* Reads the one code here sql finds (?1 = key); 1 found, 0 none (or several), or an error. */
static int find_code(struct merge *m, sqlite3_stmt *s, const char *key, struct hcode *h,
		     struct braid_err *err)
{
	int rc;

	db_bind_text(s, 1, key, -1);
	rc = db_one(m->st, s, "cannot look up a code", err);
	if (rc != 1)
		return rc;
	h->id = sqlite3_column_int64(s, 0);
	h->parent = sqlite3_column_int64(s, 1);
	for (int k = 0; k < C_NTEXT; k++) {
		const char *v = db_col_null(s, 2 + k);

		h->f[k] = v ? xstrdup(v) : NULL;
	}
	/* a name two codes here have matches neither */
	rc = db_one(m->st, s, "cannot look up a code", err);
	if (rc != 0)
		hcode_release(h);
	if (rc == 1)
		sqlite3_reset(s);
	return rc < 0 ? rc : !rc;
}

static int empty(const char *s)
{
	return !s || !*s;
}

static int same(const char *a, const char *b)
{
	return empty(a) ? empty(b) : !empty(b) && !strcmp(a, b);
}

/* The codebook here that OTHER's codebook id is (by name), copied over when missing. */
static int book_here(struct merge *m, int64_t book, int64_t *here, struct braid_err *err)
{
	sqlite3_stmt *s = NULL, *get = NULL, *ins = NULL;
	int rc;

	*here = 0;
	if (!book)
		return 0;
	for (size_t i = 0; i < m->nbooks; i++)
		if (m->books[i].other == book) {
			*here = m->books[i].here;
			return 0;
		}
	rc = db_prepare(m->o, "SELECT name, version, description, source, imported FROM codebooks"
			      " WHERE id = ?", &s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, book);
	rc = db_one(m->o, s, "cannot read a codebook of the other project", err);
	if (rc <= 0)
		goto out; /* none: the code comes as one made in the project */
	if ((rc = db_prepare(m->st, "SELECT id FROM codebooks WHERE name = ?", &get, err)))
		goto out;
	db_bind_text(get, 1, db_col_text(s, 0), -1);
	rc = db_one(m->st, get, "cannot look up a codebook", err);
	if (rc == 1) {
		*here = sqlite3_column_int64(get, 0);
		sqlite3_reset(get);
		rc = 0;
		goto out;
	}
	if (rc < 0 || (rc = db_prepare(m->st,
				       "INSERT INTO codebooks(name, version, description, source,"
				       " imported) VALUES (?, ?, ?, ?, ?)",
				       &ins, err)))
		goto out;
	for (int k = 0; k < 5; k++)
		db_bind_text(ins, k + 1, db_col_null(s, k), -1);
	rc = db_done(m->st, ins, "cannot add a codebook", err);
	if (!rc)
		*here = sqlite3_last_insert_rowid(braid_store_db(m->st));
out:
	sqlite3_finalize(s);
	sqlite3_finalize(get);
	sqlite3_finalize(ins);
	if (rc < 0)
		return rc;
	m->books = xrealloc(m->books, (m->nbooks + 1) * sizeof(*m->books));
	m->books[m->nbooks++] = (struct pair){ book, *here };
	return 0;
}

/* 1 when a live sibling under parent (0: top) has this name, case-folded. */
static int name_taken(struct merge *m, int64_t parent, const char *name, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(m->st,
			    "SELECT 1 FROM codes WHERE coalesce(parent_id, 0) = ? AND status = 'active'"
			    " AND braid_fold(name) = braid_fold(?)",
			    &s, err);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, parent);
	db_bind_text(s, 2, name, -1);
	rc = db_one(m->st, s, "cannot look up a code", err);
	sqlite3_finalize(s);
	return rc;
}

static int slug_taken(struct merge *m, const char *slug, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(m->st, "SELECT 1 FROM codes WHERE slug = ?", &s, err);

	if (rc)
		return rc;
	db_bind_text(s, 1, slug, -1);
	rc = db_one(m->st, s, "cannot look up a code", err);
	sqlite3_finalize(s);
	return rc;
}

/* Copies OTHER's examples or patterns of a code (table code_examples or code_patterns). */
static int copy_rows(struct merge *m, const char *table, const char *col, int64_t from,
		     int64_t to, struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL, *ins = NULL;
	int rc;

	strbuf_addf(&sql, "SELECT position, %s FROM %s WHERE code_id = ? ORDER BY position", col,
		    table);
	rc = db_prepare(m->o, sql.buf, &s, err);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "INSERT INTO %s(code_id, position, %s) VALUES (?, ?, ?)", table, col);
	if (!rc)
		rc = db_prepare(m->st, sql.buf, &ins, err);
	if (!rc)
		sqlite3_bind_int64(s, 1, from);
	while (!rc && (rc = db_one(m->o, s, "cannot read a code of the other project", err)) == 1) {
		sqlite3_bind_int64(ins, 1, to);
		sqlite3_bind_int64(ins, 2, sqlite3_column_int64(s, 0));
		db_bind_text(ins, 3, db_col_text(s, 1), -1);
		rc = db_done(m->st, ins, "cannot add to a code", err);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(ins);
	strbuf_release(&sql);
	return rc;
}

/*
 * Adds OTHER's code c under parent (here): its own slug when free (else
 * numbered, "trust-2"), its name unless a live sibling here has it
 * (apart: always renamed), then "NAME (from LABEL)". *slug gets the slug.
 */
static int add_code(struct merge *m, struct ocode *c, int64_t parent, int apart,
		    struct strbuf *slug, struct strbuf *named, struct braid_err *err)
{
	struct strbuf name = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int64_t book;
	int rc, active = c->f[C_STATUS] && !strcmp(c->f[C_STATUS], "active");

	strbuf_reset(slug);
	strbuf_addstr(slug, c->f[C_SLUG]);
	for (int k = 2; (rc = slug_taken(m, slug->buf, err)) == 1; k++) {
		strbuf_reset(slug);
		strbuf_addf(slug, "%s-%d", c->f[C_SLUG], k);
	}
	if (rc < 0)
		goto out;
	strbuf_addstr(&name, c->f[C_NAME]);
	rc = active ? name_taken(m, parent, name.buf, err) : 0;
	for (int k = 1; rc == 1 || (apart && k == 1); k++) {
		strbuf_reset(&name);
		strbuf_addf(&name, "%s (from %s", c->f[C_NAME], m->label);
		if (k > 1)
			strbuf_addf(&name, " %d", k);
		strbuf_addch(&name, ')');
		rc = active ? name_taken(m, parent, name.buf, err) : 0;
	}
	if (rc < 0 || (rc = book_here(m, c->codebook, &book, err)))
		goto out;
	rc = db_prepare(m->st,
			"INSERT INTO codes(guid, slug, name, kind, domain, definition, include_text,"
			" exclude_text, color, scope, roles, status, created, parent_id, codebook_id,"
			" position, created_by, created_phase) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
			" ?9, ?10, ?11, ?12, ?13, nullif(?14, 0), nullif(?15, 0), ?16, nullif(?17, 0),"
			" nullif(?18, 0))",
			&s, err);
	if (rc)
		goto out;
	for (int k = 0; k < C_NTEXT; k++)
		db_bind_text(s, k + 1, c->f[k], -1);
	db_bind_text(s, 2, slug->buf, -1);
	db_bind_text(s, 3, name.buf, -1);
	sqlite3_bind_int64(s, 14, parent);
	sqlite3_bind_int64(s, 15, book);
	sqlite3_bind_int64(s, 16, c->position);
	sqlite3_bind_int64(s, 17, coder_here(m, c->created_by));
	sqlite3_bind_int64(s, 18, c->created_phase);
	rc = db_done(m->st, s, "cannot add a code", err);
	if (rc)
		goto out;
	c->here = sqlite3_last_insert_rowid(braid_store_db(m->st));
	c->added = 1;
	strbuf_reset(named);
	strbuf_addbuf(named, &name);
	m->r->written++;
	rc = copy_rows(m, "code_examples", "text", c->id, c->here, err);
	if (!rc)
		rc = copy_rows(m, "code_patterns", "pattern", c->id, c->here, err);
out:
	sqlite3_finalize(s);
	strbuf_release(&name);
	return rc;
}

/*
 * Keeps OTHER's definition of code `here` as a memo on it, by the person
 * merging, unless that very memo is there already (a second merge).
 * 1 when written, 0 when there already or nobody can write it.
 */
static int keep_definition(struct merge *m, int64_t here, const char *def, struct braid_err *err)
{
	struct strbuf text = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	if (!m->person_name)
		return 0;
	strbuf_addf(&text, "definition in '%s', not kept when it was merged: %s", m->base, def);
	rc = db_prepare(m->st,
			"SELECT 1 FROM memos WHERE target = 'code' AND code_id = ? AND text = ?", &s,
			err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, here);
		db_bind_text(s, 2, text.buf, -1);
		rc = db_one(m->st, s, "cannot look up a memo", err);
		sqlite3_finalize(s);
		s = NULL;
	}
	if (rc == 0 && !m->person)
		rc = braid_store_coder(m->st, m->person_name, 1, &m->person, err);
	if (rc == 0)
		rc = db_prepare(m->st,
				"INSERT INTO memos(target, kind, code_id, coder_id, text, phase)"
				" VALUES ('code', 'analytic', ?, ?, ?, nullif(?, 0))",
				&s, err);
	if (rc == 0) {
		sqlite3_bind_int64(s, 1, here);
		sqlite3_bind_int64(s, 2, m->person);
		db_bind_text(s, 3, text.buf, -1);
		sqlite3_bind_int(s, 4, braid_store_phase(m->st));
		rc = db_done(m->st, s, "cannot add a memo", err);
		if (!rc) {
			m->r->written++;
			rc = 1;
		}
	} else if (rc == 1) {
		rc = 0;
	}
	sqlite3_finalize(s);
	strbuf_release(&text);
	return rc;
}

/* Fields compared between a code here and OTHER's, with their names in reports. */
static const struct {
	int k;
	const char *name, *col; /* col: a text field filled here when empty (NULL: compared only) */
} code_fields[] = {
	{ C_NAME, "name", NULL },
	{ C_DEFINITION, "definition", "definition" },
	{ C_INCLUDE, "include", "include_text" },
	{ C_EXCLUDE, "exclude", "exclude_text" },
	{ C_DOMAIN, "domain", "domain" },
	{ C_COLOR, "color", "color" },
	{ C_SCOPE, "scope", NULL },
	{ C_ROLES, "roles", NULL },
	{ C_KIND, "kind", NULL },
	{ C_STATUS, "status", NULL },
};

/* 1 when `here` is the name a code named `other` was added apart under ("trust (from b)"). */
static int renamed_apart(const char *here, const char *other)
{
	size_t n = strlen(other);

	return !strncmp(here, other, n) && !strncmp(here + n, " (from ", 7);
}

/* OTHER's code c is code h here: fills empty fields, reports the differences. */
static int match_code(struct merge *m, struct ocode *c, struct hcode *h, int64_t parent,
		      struct braid_err *err)
{
	struct strbuf differs = STRBUF_INIT, filled = STRBUF_INIT, problem = STRBUF_INIT;
	struct strbuf rule = STRBUF_INIT;
	int rc = 0, memo = 0, defdiff = 0;

	c->here = h->id;
	for (size_t i = 0; !rc && i < sizeof(code_fields) / sizeof(code_fields[0]); i++) {
		const char *a = h->f[code_fields[i].k], *b = c->f[code_fields[i].k];
		struct strbuf sql = STRBUF_INIT;

		if (same(a, b) || (code_fields[i].k == C_NAME && renamed_apart(a, b)))
			continue;
		if (code_fields[i].col && empty(a)) {
			strbuf_addf(&sql, "UPDATE codes SET %s = ?2 WHERE id = ?1", code_fields[i].col);
			sqlite3_stmt *s;

			rc = db_prepare(m->st, sql.buf, &s, err);
			if (!rc) {
				sqlite3_bind_int64(s, 1, h->id);
				db_bind_text(s, 2, b, -1);
				rc = db_done(m->st, s, "cannot update a code", err);
				sqlite3_finalize(s);
			}
			strbuf_addf(&filled, "%s%s", filled.len ? ", " : "", code_fields[i].name);
		} else if (!empty(b)) {
			strbuf_addf(&differs, "%s%s", differs.len ? ", " : "", code_fields[i].name);
			if (code_fields[i].k == C_DEFINITION)
				defdiff = 1;
			else if (code_fields[i].k != C_COLOR)
				strbuf_addf(&differs, " '%s'", b);
		}
		strbuf_release(&sql);
	}
	if (!rc && h->parent != parent) {
		struct ocode *p = code_of(m, c->parent);

		strbuf_addf(&differs, "%sparent (%s%s%s)", differs.len ? ", " : "",
			    p ? "under '" : "at the top level", p ? p->f[C_SLUG] : "", p ? "'" : "");
	}
	if (!rc && defdiff && (rc = keep_definition(m, h->id, c->f[C_DEFINITION], err)) >= 0) {
		memo = rc;
		rc = 0;
	}
	if (rc)
		goto out;
	if (differs.len) {
		strbuf_addf(&problem, "differs in '%s': %s", m->path, differs.buf);
		strbuf_addstr(&rule, "kept as it is here");
		if (defdiff && !m->person_name)
			strbuf_addf(&rule, "; the definition in '%s' not kept (nobody to write the "
					   "memo as)", m->path);
		else if (defdiff)
			strbuf_addf(&rule, "; the definition in '%s' %s a memo on the code", m->path,
				    memo ? "kept as" : "is kept in");
		if (filled.len)
			strbuf_addf(&rule, "; filled in from '%s': %s", m->path, filled.buf);
		issue(m, BRAID_MERGE_CODES, 0, h->f[C_SLUG], &problem, &rule);
	} else if (filled.len) {
		m->r->n[BRAID_MERGE_CODES].updated++;
	} else {
		m->r->n[BRAID_MERGE_CODES].present++;
	}
	if (filled.len)
		m->r->written++;
out:
	strbuf_release(&differs);
	strbuf_release(&filled);
	strbuf_release(&problem);
	strbuf_release(&rule);
	return rc;
}

#define HCODE_SQL "SELECT id, coalesce(parent_id, 0), " CODE_COLS " FROM codes "

static int merge_codes(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *tree = NULL, *guid = NULL, *slug = NULL, *name = NULL, *s = NULL;
	struct strbuf sb = STRBUF_INIT, named = STRBUF_INIT;
	int rc;

	rc = load_codes(m, err);
	if (!rc)
		rc = db_prepare(m->o, CODE_TREE_CTE " SELECT id FROM tree ORDER BY path", &tree, err);
	if (!rc)
		rc = db_prepare(m->st, HCODE_SQL "WHERE guid = ?", &guid, err);
	if (!rc)
		rc = db_prepare(m->st, HCODE_SQL "WHERE slug = ?", &slug, err);
	if (!rc)
		rc = db_prepare(m->st,
				HCODE_SQL "WHERE braid_fold(name) = braid_fold(?) AND status = 'active'"
					  " LIMIT 2",
				&name, err);
	while (!rc && (rc = db_one(m->o, tree, "cannot read the codes of the other project",
				   err)) == 1) {
		struct ocode *c = code_of(m, sqlite3_column_int64(tree, 0)), *p;
		struct hcode h = { 0 };
		int64_t parent;
		int found, by_guid = 0;

		rc = 0;
		if (!c)
			continue;
		p = code_of(m, c->parent);
		parent = p ? p->here : 0;
		found = by_guid = find_code(m, guid, c->f[C_GUID], &h, err);
		if (found == 0)
			found = find_code(m, slug, c->f[C_SLUG], &h, err);
		if (found == 0)
			found = find_code(m, name, c->f[C_NAME], &h, err);
		if (found < 0) {
			rc = found;
			break;
		}
		if (found && (by_guid || same(h.f[C_DEFINITION], c->f[C_DEFINITION]) ||
			      empty(h.f[C_DEFINITION]) || empty(c->f[C_DEFINITION]))) {
			rc = match_code(m, c, &h, parent, err);
		} else if (found) {
			/* two codes that share a name, defined apart: both kept */
			struct strbuf problem = STRBUF_INIT, rule = STRBUF_INIT;

			rc = add_code(m, c, parent, 1, &sb, &named, err);
			strbuf_addf(&problem, "a code named '%s' is defined differently here and in "
					      "'%s'", c->f[C_NAME], m->path);
			strbuf_addf(&rule, "added apart as '%s', named '%s'", sb.buf, named.buf);
			if (!rc)
				issue(m, BRAID_MERGE_CODES, 0, h.f[C_SLUG], &problem, &rule);
			strbuf_release(&problem);
			strbuf_release(&rule);
		} else {
			rc = add_code(m, c, parent, 0, &sb, &named, err);
			if (!rc)
				m->r->n[BRAID_MERGE_CODES].added++;
		}
		hcode_release(&h);
	}
	/* merged codes added point at what they were merged into, added by now */
	if (!rc)
		rc = db_prepare(m->st, "UPDATE codes SET merged_into = ?2 WHERE id = ?1", &s, err);
	for (size_t i = 0; !rc && i < m->ncodes; i++) {
		struct ocode *c = &m->codes[i], *into = code_of(m, c->merged_into);

		if (c->added && into && into->here) {
			sqlite3_bind_int64(s, 1, c->here);
			sqlite3_bind_int64(s, 2, into->here);
			rc = db_done(m->st, s, "cannot update a code", err);
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	/* where codings go: a code merged here hands them on to the code it went into */
	if (!rc)
		rc = db_prepare(m->st, "SELECT merged_into FROM codes WHERE id = ?"
				       " AND status = 'merged' AND merged_into IS NOT NULL", &s, err);
	for (size_t i = 0; !rc && i < m->ncodes; i++) {
		struct ocode *c = &m->codes[i];

		c->target = c->here;
		for (int hop = 0; !rc && c->target && hop < 64; hop++) {
			sqlite3_bind_int64(s, 1, c->target);
			rc = db_one(m->st, s, "cannot look up a code", err);
			if (rc != 1)
				break;
			c->target = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			rc = 0;
		}
		rc = rc < 0 ? rc : 0;
	}
	sqlite3_finalize(s);
	sqlite3_finalize(tree);
	sqlite3_finalize(guid);
	sqlite3_finalize(slug);
	sqlite3_finalize(name);
	strbuf_release(&sb);
	strbuf_release(&named);
	return rc;
}

/* ---- codings ---- */

/* "'DOC' [10-40] 'code' by ana, accepted" for coding id of store st. */
static void coding_text(struct braid_store *st, int64_t id, struct strbuf *out)
{
	sqlite3_stmt *s;

	if (db_prepare(st,
		       "SELECT d.name, g.start_cp, g.end_cp, c.slug, cd.name, g.status"
		       " FROM codings g JOIN documents d ON d.id = g.doc_id"
		       " JOIN codes c ON c.id = g.code_id JOIN coders cd ON cd.id = g.coder_id"
		       " WHERE g.id = ?",
		       &s, NULL))
		return;
	sqlite3_bind_int64(s, 1, id);
	if (db_one(st, s, "", NULL) == 1) {
		strbuf_addf(out, "'%s' [%lld-%lld] '%s' by %s, %s", db_col_text(s, 0),
			    (long long)sqlite3_column_int64(s, 1),
			    (long long)sqlite3_column_int64(s, 2), db_col_text(s, 3),
			    db_col_text(s, 4), db_col_text(s, 5));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
}

static int load_memo_codings(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(m->o,
			    "SELECT DISTINCT coding_id FROM memos WHERE coding_id IS NOT NULL"
			    " ORDER BY coding_id",
			    &s, err);

	while (!rc && (rc = db_one(m->o, s, "cannot read the memos of the other project", err)) ==
			      1) {
		m->memo_codings = xrealloc(m->memo_codings,
					   (m->nmemo_codings + 1) * sizeof(*m->memo_codings));
		m->memo_codings[m->nmemo_codings++] = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	m->memo_here = xcalloc(m->nmemo_codings + 1, sizeof(*m->memo_here));
	return rc;
}

static void coding_is(struct merge *m, int64_t other, int64_t here)
{
	int64_t *at = by_id(m->memo_codings, m->nmemo_codings, sizeof(int64_t), other);

	if (at)
		m->memo_here[at - m->memo_codings] = here;
}

enum { G_ID, G_GUID, G_DOC, G_START, G_END, G_CODE, G_CODER, G_ORIGIN, G_STATUS, G_MEMO,
       G_CREATED, G_PHASE };

static int merge_codings(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s = NULL, *guid = NULL, *key = NULL, *ins = NULL;
	struct braid_merge_count *n = &m->r->n[BRAID_MERGE_CODINGS];
	int rc;

	rc = load_memo_codings(m, err);
	if (!rc)
		rc = db_prepare(m->o,
				"SELECT id, guid, doc_id, start_cp, end_cp, code_id, coder_id, origin,"
				" status, memo, created, phase FROM codings ORDER BY id",
				&s, err);
	if (!rc)
		rc = db_prepare(m->st,
				"SELECT id, doc_id, start_cp, end_cp, code_id, coder_id, status"
				" FROM codings WHERE guid = ?",
				&guid, err);
	if (!rc)
		rc = db_prepare(m->st,
				"SELECT id, status FROM codings WHERE doc_id = ? AND start_cp = ?"
				" AND end_cp = ? AND code_id = ? AND coder_id = ?",
				&key, err);
	if (!rc)
		rc = db_prepare(m->st,
				"INSERT INTO codings(guid, doc_id, doc_rev, start_cp, end_cp, code_id,"
				" coder_id, origin, status, memo, created, phase)"
				" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				&ins, err);
	while (!rc && (rc = db_one(m->o, s, "cannot read the codings of the other project",
				   err)) == 1) {
		struct odoc *d = doc_of(m, sqlite3_column_int64(s, G_DOC));
		struct ocode *c = code_of(m, sqlite3_column_int64(s, G_CODE));
		int64_t id = sqlite3_column_int64(s, G_ID), start = sqlite3_column_int64(s, G_START);
		int64_t end = sqlite3_column_int64(s, G_END);
		int64_t coder = coder_here(m, sqlite3_column_int64(s, G_CODER)), code, here = 0;
		const char *status = db_col_text(s, G_STATUS);
		struct strbuf problem = STRBUF_INIT, rule = STRBUF_INIT;
		int found;

		rc = 0;
		if (!d || d->state != DOC_HERE || !c || !c->target || !coder) {
			n->skipped++; /* reported with its document */
			continue;
		}
		code = c->target;
		db_bind_text(guid, 1, db_col_text(s, G_GUID), -1);
		found = db_one(m->st, guid, "cannot look up a coding", err);
		if (found == 1) {
			here = sqlite3_column_int64(guid, 0);
			if (sqlite3_column_int64(guid, 1) != d->here ||
			    sqlite3_column_int64(guid, 2) != start ||
			    sqlite3_column_int64(guid, 3) != end ||
			    sqlite3_column_int64(guid, 4) != code ||
			    sqlite3_column_int64(guid, 5) != coder ||
			    strcmp(db_col_text(guid, 6), status))
				found = 2;
			sqlite3_reset(guid);
		} else if (found == 0) {
			sqlite3_bind_int64(key, 1, d->here);
			sqlite3_bind_int64(key, 2, start);
			sqlite3_bind_int64(key, 3, end);
			sqlite3_bind_int64(key, 4, code);
			sqlite3_bind_int64(key, 5, coder);
			found = db_one(m->st, key, "cannot look up a coding", err);
			if (found == 1) {
				here = sqlite3_column_int64(key, 0);
				if (strcmp(db_col_text(key, 1), status))
					found = 2;
				sqlite3_reset(key);
			}
		}
		if (found == 0 && was_removed(m, 0, db_col_text(s, G_GUID))) {
			n->skipped++;
			braid_ids_add(&m->not_back[0], id);
		} else if (found < 0) {
			rc = found;
		} else if (found == 1) {
			n->present++;
		} else if (found == 2) {
			struct strbuf ref = STRBUF_INIT;

			strbuf_addstr(&problem, "is ");
			coding_text(m->st, here, &problem);
			strbuf_addstr(&problem, " here, ");
			coding_text(m->o, id, &problem);
			strbuf_addf(&problem, " in '%s'", m->path);
			strbuf_addstr(&rule, "kept as it is here");
			strbuf_addf(&ref, "#%lld", (long long)here);
			issue(m, BRAID_MERGE_CODINGS, 0, ref.buf, &problem, &rule);
			strbuf_release(&ref);
		} else {
			sqlite3_bind_value(ins, 1, sqlite3_column_value(s, G_GUID));
			sqlite3_bind_int64(ins, 2, d->here);
			sqlite3_bind_int64(ins, 3, d->here_rev);
			sqlite3_bind_int64(ins, 4, start);
			sqlite3_bind_int64(ins, 5, end);
			sqlite3_bind_int64(ins, 6, code);
			sqlite3_bind_int64(ins, 7, coder);
			for (int k = G_ORIGIN; k <= G_PHASE; k++)
				sqlite3_bind_value(ins, 8 + k - G_ORIGIN, sqlite3_column_value(s, k));
			rc = db_done(m->st, ins, "cannot add a coding", err);
			if (!rc) {
				here = sqlite3_last_insert_rowid(braid_store_db(m->st));
				n->added++;
				m->r->written++;
				rc = braid_change_checkpoint(
					m->st, 160 + (size_t)sqlite3_column_bytes(s, G_MEMO), err);
			}
		}
		strbuf_release(&problem);
		strbuf_release(&rule);
		if (!rc && here)
			coding_is(m, id, here);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(guid);
	sqlite3_finalize(key);
	sqlite3_finalize(ins);
	if (!rc)
		issue_ids(m, BRAID_MERGE_CODINGS, &m->not_back[0],
			  "removed here after the copy was made", "not brought back");
	return rc;
}

/* ---- memos ---- */

enum { M_ID, M_GUID, M_TARGET, M_KIND, M_DOC, M_CODE, M_CODING, M_THEME, M_CODER, M_TEXT,
       M_CREATED, M_PHASE, M_THEME_GUID, M_THEME_SLUG, M_CODING_DOC };

/* The memo's target here: 1 with *ids set, 0 when it cannot be placed (reported), or an error. */
static int memo_target(struct merge *m, sqlite3_stmt *s, sqlite3_stmt *theme, int64_t ids[4],
		       struct braid_err *err)
{
	const char *target = db_col_text(s, M_TARGET);
	int rc;

	memset(ids, 0, 4 * sizeof(*ids));
	if (!strcmp(target, "doc")) {
		struct odoc *d = doc_of(m, sqlite3_column_int64(s, M_DOC));

		ids[0] = d && d->state != DOC_MISSING ? d->here : 0;
		return ids[0] != 0; /* else reported with its document */
	}
	if (!strcmp(target, "code")) {
		struct ocode *c = code_of(m, sqlite3_column_int64(s, M_CODE));

		ids[1] = c ? c->here : 0;
		return ids[1] != 0;
	}
	if (!strcmp(target, "segment")) {
		int64_t *at = by_id(m->memo_codings, m->nmemo_codings, sizeof(int64_t),
				    sqlite3_column_int64(s, M_CODING));

		ids[2] = at ? m->memo_here[at - m->memo_codings] : 0;
		if (!ids[2]) {
			struct odoc *d = doc_of(m, sqlite3_column_int64(s, M_CODING_DOC));

			/* on a document not here: reported with it; else its coding was left out */
			if (d && d->state == DOC_HERE)
				braid_ids_add(&m->orphans, sqlite3_column_int64(s, M_ID));
		}
		return ids[2] != 0;
	}
	if (!strcmp(target, "theme")) {
		struct strbuf problem = STRBUF_INIT, rule = STRBUF_INIT, ref = STRBUF_INIT;

		db_bind_text(theme, 1, db_col_text(s, M_THEME_GUID), -1);
		rc = db_one(m->st, theme, "cannot look up a theme", err);
		if (rc == 1) {
			ids[3] = sqlite3_column_int64(theme, 0);
			sqlite3_reset(theme);
			return 1;
		}
		if (rc < 0)
			return rc;
		strbuf_addf(&problem, "on theme '%s', which is not in this project",
			    db_col_text(s, M_THEME_SLUG));
		strbuf_addstr(&rule, "not merged (themes are not merged)");
		strbuf_addf(&ref, "#%lld in '%s'", (long long)sqlite3_column_int64(s, M_ID), m->base);
		issue(m, BRAID_MERGE_MEMOS, 1, ref.buf, &problem, &rule);
		strbuf_release(&ref);
		return 0;
	}
	return 1; /* the project */
}

static int merge_memos(struct merge *m, struct braid_err *err)
{
	sqlite3_stmt *s = NULL, *guid = NULL, *same_memo = NULL, *ins = NULL, *theme = NULL;
	struct braid_merge_count *n = &m->r->n[BRAID_MERGE_MEMOS];
	int rc;

	rc = db_prepare(m->o,
			"SELECT x.id, x.guid, x.target, x.kind, x.doc_id, x.code_id, x.coding_id,"
			" x.theme_id, x.coder_id, x.text, x.created, x.phase, t.guid, t.slug, g.doc_id"
			" FROM memos x LEFT JOIN themes t ON t.id = x.theme_id"
			" LEFT JOIN codings g ON g.id = x.coding_id ORDER BY x.id",
			&s, err);
	if (!rc)
		rc = db_prepare(m->st, "SELECT id, text FROM memos WHERE guid = ?", &guid, err);
	if (!rc)
		rc = db_prepare(m->st,
				"SELECT 1 FROM memos WHERE target = ?1 AND doc_id IS ?2"
				" AND code_id IS ?3 AND coding_id IS ?4 AND theme_id IS ?5"
				" AND coder_id = ?6 AND text = ?7",
				&same_memo, err);
	if (!rc)
		rc = db_prepare(m->st, "SELECT id FROM themes WHERE guid = ?", &theme, err);
	if (!rc)
		rc = db_prepare(m->st,
				"INSERT INTO memos(guid, target, kind, doc_id, code_id, coding_id,"
				" theme_id, coder_id, text, created, phase)"
				" VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0), nullif(?6, 0),"
				" nullif(?7, 0), ?8, ?9, ?10, ?11)",
				&ins, err);
	while (!rc && (rc = db_one(m->o, s, "cannot read the memos of the other project", err)) ==
			      1) {
		int64_t ids[4], coder = coder_here(m, sqlite3_column_int64(s, M_CODER));
		int found;

		rc = 0;
		db_bind_text(guid, 1, db_col_text(s, M_GUID), -1);
		found = db_one(m->st, guid, "cannot look up a memo", err);
		if (found == 1) {
			struct strbuf problem = STRBUF_INIT, rule = STRBUF_INIT, ref = STRBUF_INIT;

			if (strcmp(db_col_text(guid, 1), db_col_text(s, M_TEXT))) {
				strbuf_addf(&ref, "#%lld", (long long)sqlite3_column_int64(guid, 0));
				strbuf_addf(&problem, "its text differs in '%s'", m->path);
				strbuf_addstr(&rule, "kept as it is here");
				issue(m, BRAID_MERGE_MEMOS, 0, ref.buf, &problem, &rule);
			} else {
				n->present++;
			}
			sqlite3_reset(guid);
			strbuf_release(&problem);
			strbuf_release(&rule);
			strbuf_release(&ref);
			continue;
		}
		if (found == 0 && was_removed(m, 1, db_col_text(s, M_GUID))) {
			n->skipped++;
			braid_ids_add(&m->not_back[1], sqlite3_column_int64(s, M_ID));
			continue;
		}
		if (found < 0 || (found = memo_target(m, s, theme, ids, err)) < 0) {
			rc = found;
			break;
		}
		if (!found || !coder) {
			if (strcmp(db_col_text(s, M_TARGET), "theme"))
				n->skipped++; /* reported with its document */
			continue;
		}
		sqlite3_bind_text(same_memo, 1, db_col_text(s, M_TARGET), -1, SQLITE_TRANSIENT);
		for (int k = 0; k < 4; k++) {
			if (ids[k])
				sqlite3_bind_int64(same_memo, 2 + k, ids[k]);
			else
				sqlite3_bind_null(same_memo, 2 + k);
		}
		sqlite3_bind_int64(same_memo, 6, coder);
		sqlite3_bind_value(same_memo, 7, sqlite3_column_value(s, M_TEXT));
		found = db_one(m->st, same_memo, "cannot look up a memo", err);
		if (found == 1) {
			sqlite3_reset(same_memo);
			n->present++;
			continue;
		}
		if (found < 0) {
			rc = found;
			break;
		}
		sqlite3_bind_value(ins, 1, sqlite3_column_value(s, M_GUID));
		sqlite3_bind_value(ins, 2, sqlite3_column_value(s, M_TARGET));
		sqlite3_bind_value(ins, 3, sqlite3_column_value(s, M_KIND));
		for (int k = 0; k < 4; k++)
			sqlite3_bind_int64(ins, 4 + k, ids[k]);
		sqlite3_bind_int64(ins, 8, coder);
		sqlite3_bind_value(ins, 9, sqlite3_column_value(s, M_TEXT));
		sqlite3_bind_value(ins, 10, sqlite3_column_value(s, M_CREATED));
		sqlite3_bind_value(ins, 11, sqlite3_column_value(s, M_PHASE));
		rc = db_done(m->st, ins, "cannot add a memo", err);
		if (!rc) {
			n->added++;
			m->r->written++;
		}
	}
	sqlite3_finalize(s);
	sqlite3_finalize(guid);
	sqlite3_finalize(same_memo);
	sqlite3_finalize(theme);
	sqlite3_finalize(ins);
	if (!rc) {
		issue_ids(m, BRAID_MERGE_MEMOS, &m->not_back[1],
			  "removed here after the copy was made", "not brought back");
		issue_ids(m, BRAID_MERGE_MEMOS, &m->orphans,
			  "on codings that were not merged (listed above)", "not merged");
	}
	return rc;
}

/* ---- the whole ---- */

/* The change's sentence: the counts, then each conflict and skip. */
static void note_merge(struct merge *m)
{
	struct braid_merge_report *r = m->r;
	struct strbuf sb = STRBUF_INIT;
	static const char *const what[] = { "added", "updated", "in conflict", "skipped" };
	int any = 0;

	strbuf_addf(&sb, "merged '%s'", m->path);
	for (int w = 0; w < 4; w++) {
		size_t len = sb.len;
		const char *sep = any ? "; " : ": ";

		for (int k = 0; k < BRAID_MERGE_KIND_N; k++) {
			const struct braid_merge_count *c = &r->n[k];
			size_t v = w == 0 ? c->added : w == 1 ? c->updated : w == 2 ? c->conflicts
										: c->skipped;

			if (v)
				strbuf_addf(&sb, "%s%zu %s", sb.len > len ? ", " : sep, v,
					    braid_merge_kind_name(k, v != 1));
		}
		if (sb.len > len) {
			strbuf_addf(&sb, " %s", what[w]);
			any = 1;
		}
	}
	braid_change_note(m->st, "%s", sb.buf);
	for (size_t i = 0; i < r->nissues; i++)
		braid_change_note(m->st, "%s '%s': %s: %s",
				  braid_merge_kind_name(r->issues[i].kind, 0), r->issues[i].ref,
				  r->issues[i].problem, r->issues[i].rule);
	strbuf_release(&sb);
}

int braid_merge(struct braid_store *st, const char *other, struct braid_merge_report *r,
		struct braid_err *err)
{
	struct braid_merge_report local;
	struct merge m = { .st = st, .path = other };
	const char *base = strrchr(other, '/');
	size_t len;
	int rc;

	if (!r)
		r = &local;
	memset(r, 0, sizeof(*r));
	m.r = r;
	if (!braid_store_in_change(st))
		return braid_errorf(err, BRAID_EINVAL, "a merge runs inside a change");
	if ((rc = open_other(st, other, &m.o, err)))
		return rc;
	base = base ? base + 1 : other;
	m.base = base;
	len = strlen(base);
	if (len > 6 && !strcmp(base + len - 6, ".braid"))
		len -= 6;
	m.label = xstrndup(base, len);
	m.person_name = braid_store_person(st);
	/* OTHER is read in one read transaction: one state of it, even if it is being written */
	rc = db_exec(m.o, "BEGIN", err);
	if (!rc)
		rc = load_removed(&m, err);
	if (!rc)
		rc = load_docs(&m, err);
	if (!rc) {
		report_docs(&m);
		rc = merge_coders(&m, err);
	}
	if (!rc)
		rc = merge_codes(&m, err);
	if (!rc)
		rc = merge_codings(&m, err);
	if (!rc)
		rc = merge_memos(&m, err);
	if (!rc)
		note_merge(&m);
	for (size_t i = 0; i < m.ndocs; i++)
		free(m.docs[i].name);
	free(m.docs);
	for (size_t i = 0; i < m.ncodes; i++)
		for (int k = 0; k < C_NTEXT; k++)
			free(m.codes[i].f[k]);
	free(m.codes);
	free(m.coders);
	free(m.books);
	free(m.memo_codings);
	free(m.memo_here);
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < m.nremoved[k]; i++)
			free(m.removed[k][i]);
		free(m.removed[k]);
		braid_ids_release(&m.not_back[k]);
	}
	braid_ids_release(&m.orphans);
	free(m.label);
	braid_store_close(m.o);
	if (rc || r == &local)
		braid_merge_report_release(r);
	return rc;
}
