/* codes.c - the code tree of a project: import, export, create, manage (see codes.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/text.h"
#include "db.h"

#define col_or_null db_col_null

struct code_walk {
	braid_code_cb cb;
	void *ctx;
};

static int code_row(sqlite3_stmt *s, void *ctx)
{
	struct code_walk *w = ctx;
	struct braid_code_row r = {
		.id = sqlite3_column_int64(s, 0),
		.slug = db_col_text(s, 1),
		.name = db_col_text(s, 2),
		.kind = db_col_text(s, 3),
		.status = db_col_text(s, 4),
		.domain = col_or_null(s, 5),
		.definition = col_or_null(s, 6),
		.include = col_or_null(s, 7),
		.exclude = col_or_null(s, 8),
		.color = col_or_null(s, 9),
		.scope = db_col_text(s, 10),
		.roles = db_col_text(s, 11),
		.codebook = col_or_null(s, 12),
		.merged_into = col_or_null(s, 13),
		.parent_id = sqlite3_column_int64(s, 14),
		.depth = sqlite3_column_int(s, 15),
		.created = db_col_text(s, 16),
		.created_by = col_or_null(s, 17),
		.created_phase = sqlite3_column_int64(s, 18),
		.npatterns = sqlite3_column_int64(s, 19),
		.count = sqlite3_column_int64(s, 20),
		.guid = db_col_text(s, 21),
	};

	return w->cb(&r, w->ctx);
}

int braid_codes_each(struct braid_store *st, int flags, braid_code_cb cb, void *ctx,
		     struct braid_err *err)
{
	struct code_walk w = { cb, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     CODE_TREE_CTE
			     " SELECT c.id, c.slug, c.name, c.kind, c.status, c.domain, c.definition,"
			     " c.include_text, c.exclude_text, c.color, c.scope, c.roles, cb.name, m.slug,"
			     " coalesce(c.parent_id, 0), t.depth, c.created, cd.name,"
			     " coalesce(c.created_phase, 0),"
			     " (SELECT count(*) FROM code_patterns p WHERE p.code_id = c.id),"
			     " CASE WHEN ?2 THEN 0 ELSE (SELECT count(*) FROM codings g"
			     "  WHERE g.code_id = c.id AND g.status != 'rejected') END, c.guid"
			     " FROM tree t JOIN codes c ON c.id = t.id"
			     " LEFT JOIN codebooks cb ON cb.id = c.codebook_id"
			     " LEFT JOIN codes m ON m.id = c.merged_into"
			     " LEFT JOIN coders cd ON cd.id = c.created_by"
			     " WHERE ?1 OR c.status = 'active' ORDER BY t.path",
			     &s, err)))
		return rc;
	sqlite3_bind_int(s, 1, (flags & BRAID_CODES_ALL) != 0);
	sqlite3_bind_int(s, 2, (flags & BRAID_CODES_NOCOUNT) != 0);
	rc = db_each(st, s, code_row, &w, "cannot list the codes", err);
	sqlite3_finalize(s);
	return rc;
}

/* "'slug' (Name)" of code id, for notes. */
static void code_label(struct braid_store *st, int64_t id, struct strbuf *out)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(braid_store_db(st), "SELECT slug, name FROM codes WHERE id = ?", -1,
			       &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		strbuf_addf(out, "'%s' (%s)", db_col_text(s, 0), db_col_text(s, 1));
	sqlite3_finalize(s);
}

/* 1 when found (id set), 0 when not, or a negative error. */
static int id_by_slug(struct braid_store *st, const char *slug, int64_t *id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT id FROM codes WHERE slug = ?", &s, err)))
		return rc;
	db_bind_text(s, 1, slug, -1);
	rc = db_one(st, s, "cannot look up a code", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}

struct name_match {
	struct strbuf want, name, found;
	int64_t *id;
	int n;
};

static int match_name(sqlite3_stmt *s, void *ctx)
{
	struct name_match *m = ctx;

	strbuf_reset(&m->name);
	braid_text_fold(db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &m->name);
	if (m->name.len == m->want.len && !memcmp(m->name.buf, m->want.buf, m->want.len)) {
		if (!m->n++)
			*m->id = sqlite3_column_int64(s, 0);
		strbuf_addf(&m->found, "%s%s", m->n > 1 ? ", " : "", db_col_text(s, 2));
	}
	return 0;
}

int braid_code_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err)
{
	struct name_match m = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, id, 0 };
	sqlite3_stmt *s;
	int rc = id_by_slug(st, ref, id, err);

	if (rc)
		return rc < 0 ? rc : 0;
	/* by name, case-insensitively (Unicode case folding) */
	braid_text_fold(ref, strlen(ref), &m.want);
	rc = db_prepare(st, "SELECT id, name, slug FROM codes ORDER BY status != 'active', id", &s,
			err);
	if (!rc) {
		rc = db_each(st, s, match_name, &m, "cannot look up a code", err);
		sqlite3_finalize(s);
	}
	if (!rc && !m.n)
		rc = db_not_found(st, err, "code", ref,
				  "SELECT slug FROM codes WHERE status = 'active'"
				  " UNION ALL SELECT name FROM codes WHERE status = 'active'");
	else if (!rc && m.n > 1)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "code name '%s' is ambiguous: use one of the ids %s", ref,
				  m.found.buf);
	strbuf_release(&m.want);
	strbuf_release(&m.name);
	strbuf_release(&m.found);
	return rc;
}

int braid_code_slug(struct braid_store *st, int64_t id, struct strbuf *out, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT slug FROM codes WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a code", err);
	if (rc == 1)
		strbuf_addstr(out, db_col_text(s, 0));
	sqlite3_finalize(s);
	return rc < 0 ? rc : rc ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no code with id %lld",
						    (long long)id);
}

/* ---- import ---- */

void braid_import_report_init(struct braid_import_report *r)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->kept_names, 0);
	strbuf_init(&r->retired_names, 0);
}

void braid_import_report_release(struct braid_import_report *r)
{
	strbuf_release(&r->kept_names);
	strbuf_release(&r->retired_names);
}

struct importer {
	struct braid_store *st;
	int64_t book;
	struct braid_import_report *rep;
	struct braid_err *err;
	int rc;
	sqlite3_stmt *get, *ins, *upd, *del_ex, *del_pat, *ins_ex, *ins_pat, *fingerprint;
	struct strbuf before;
};

/* Everything a codebook says about a code, as one string, to tell "updated" from "unchanged". */
#define FINGERPRINT_SQL                                                                          \
	"SELECT c.name || x'1f' || coalesce(c.parent_id, '') || x'1f' || c.kind || x'1f' ||"     \
	" coalesce(c.domain, '') || x'1f' || coalesce(c.definition, '') || x'1f' ||"            \
	" coalesce(c.include_text, '') || x'1f' || coalesce(c.exclude_text, '') || x'1f' ||"    \
	" coalesce(c.color, '') || x'1f' || c.scope || x'1f' || c.roles || x'1f' || c.status"   \
	" || x'1f' || c.position || x'1f' ||"                                                    \
	" coalesce((SELECT group_concat(text, x'1e') FROM (SELECT text FROM code_examples"      \
	"   WHERE code_id = c.id ORDER BY position)), '') || x'1f' ||"                          \
	" coalesce((SELECT group_concat(pattern, x'1e') FROM (SELECT pattern FROM code_patterns"\
	"   WHERE code_id = c.id ORDER BY position)), '')"                                      \
	" FROM codes c WHERE c.id = ?"

static int fingerprint(struct importer *im, int64_t id, struct strbuf *out)
{
	int rc;

	strbuf_reset(out);
	sqlite3_bind_int64(im->fingerprint, 1, id);
	rc = db_one(im->st, im->fingerprint, "cannot read a code", im->err);
	if (rc == 1) {
		strbuf_add(out, sqlite3_column_text(im->fingerprint, 0),
			   (size_t)sqlite3_column_bytes(im->fingerprint, 0));
		sqlite3_reset(im->fingerprint);
	}
	return rc < 0 ? (im->rc = rc) : 0;
}

static int run(struct importer *im, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return im->rc = db_error(im->st, im->err, what);
	return 0;
}

/* Binds the codebook's fields of a code to ins/upd (parameters 1..12). */
static void bind_code(sqlite3_stmt *s, const struct braid_code *c, int64_t parent, int64_t book,
		      size_t position)
{
	db_bind_text(s, 1, c->name, -1);
	if (parent)
		sqlite3_bind_int64(s, 2, parent);
	sqlite3_bind_int64(s, 3, book);
	db_bind_text(s, 4, braid_kind_name(c->kind), -1);
	db_bind_text(s, 5, c->domain, -1);
	db_bind_text(s, 6, c->definition, -1);
	db_bind_text(s, 7, c->include, -1);
	db_bind_text(s, 8, c->exclude, -1);
	db_bind_text(s, 9, c->color, -1);
	db_bind_text(s, 10, braid_scope_name(c->scope), -1);
	db_bind_text(s, 11, braid_roles_name(c->roles), -1);
	sqlite3_bind_int64(s, 12, (int64_t)position);
}

/*
 * Warns about a pattern that can backtrack without end (a repetition inside
 * a repetition), before autocode meets it on some text and has to stop it.
 */
static void warn_pattern(struct braid_store *st, const char *code, const char *pattern, size_t n)
{
	struct strbuf p = STRBUF_INIT, what = STRBUF_INIT;

	strbuf_add(&p, pattern, n);
	if (braid_pattern_nested_repeat(p.buf, &what))
		braid_store_msg(st, BRAID_MSG_WARNING,
				"code '%s': pattern '%s' repeats '%s', a group that itself repeats "
				"without bound: it can backtrack without end on some text, and "
				"autocode then stops it",
				code, p.buf, what.buf);
	strbuf_release(&p);
	strbuf_release(&what);
}

static int import_rules(struct importer *im, int64_t id, const struct braid_code *c)
{
	sqlite3_bind_int64(im->del_ex, 1, id);
	if (run(im, im->del_ex, "cannot update examples"))
		return im->rc;
	sqlite3_bind_int64(im->del_pat, 1, id);
	if (run(im, im->del_pat, "cannot update patterns"))
		return im->rc;
	for (size_t i = 0; i < c->nexamples; i++) {
		sqlite3_bind_int64(im->ins_ex, 1, id);
		sqlite3_bind_int64(im->ins_ex, 2, (int64_t)i);
		db_bind_text(im->ins_ex, 3, c->examples[i], -1);
		if (run(im, im->ins_ex, "cannot store an example"))
			return im->rc;
	}
	for (size_t i = 0; i < c->npatterns; i++) {
		sqlite3_bind_int64(im->ins_pat, 1, id);
		sqlite3_bind_int64(im->ins_pat, 2, (int64_t)i);
		db_bind_text(im->ins_pat, 3, c->patterns[i], -1);
		if (run(im, im->ins_pat, "cannot store a pattern"))
			return im->rc;
		warn_pattern(im->st, c->id, c->patterns[i], strlen(c->patterns[i]));
	}
	return 0;
}

static int import_code(struct importer *im, const struct braid_code *c, int64_t parent,
		       size_t position)
{
	struct strbuf after = STRBUF_INIT;
	int64_t id = 0, owner = 0;
	int exists;

	if (im->rc)
		return im->rc;
	db_bind_text(im->get, 1, c->id, -1);
	exists = db_one(im->st, im->get, "cannot look up a code", im->err);
	if (exists < 0)
		return im->rc = exists;
	if (exists) {
		id = sqlite3_column_int64(im->get, 0);
		owner = sqlite3_column_type(im->get, 1) == SQLITE_NULL ? 0
									: sqlite3_column_int64(im->get, 1);
	}
	sqlite3_reset(im->get);
	if (exists && owner != im->book)
		return im->rc = braid_errorf(im->err, BRAID_EEXIST,
					     "code id '%s' is already taken by %s in this project: "
					     "give the code another id",
					     c->id, owner ? "a code of another codebook" : "a code made "
					     "while coding");
	if (exists) {
		if (fingerprint(im, id, &im->before))
			return im->rc;
		bind_code(im->upd, c, parent, im->book, position);
		sqlite3_bind_int64(im->upd, 13, id);
		if (run(im, im->upd, "cannot update a code"))
			return im->rc;
	} else {
		bind_code(im->ins, c, parent, im->book, position);
		db_bind_text(im->ins, 13, c->id, -1);
		if (braid_store_phase(im->st))
			sqlite3_bind_int(im->ins, 14, braid_store_phase(im->st));
		if (run(im, im->ins, "cannot add a code"))
			return im->rc;
		id = sqlite3_last_insert_rowid(braid_store_db(im->st));
	}
	if (import_rules(im, id, c))
		return im->rc;
	if (exists) {
		if (fingerprint(im, id, &after)) {
			strbuf_release(&after);
			return im->rc;
		}
		if (strcmp(after.buf, im->before.buf))
			im->rep->updated++;
		else
			im->rep->unchanged++;
		strbuf_release(&after);
	} else {
		im->rep->added++;
	}
	for (size_t i = 0; i < c->nchildren && !im->rc; i++)
		import_code(im, &c->children[i], id, i);
	return im->rc;
}

static void collect_ids(const struct braid_code *codes, size_t n, struct strbuf *ids)
{
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(ids, "%s\x1f", codes[i].id);
		collect_ids(codes[i].children, codes[i].nchildren, ids);
	}
}

struct missing {
	struct importer *im;
	struct strbuf ids, key;
	sqlite3_stmt *ret; /* NULL: keep them */
};

static int missing_code(sqlite3_stmt *s, void *ctx)
{
	struct missing *m = ctx;
	struct importer *im = m->im;
	const char *slug = db_col_text(s, 1);
	int64_t ncod = sqlite3_column_int64(s, 3);

	strbuf_reset(&m->key);
	strbuf_addf(&m->key, "\x1f%s\x1f", slug);
	/* ids are joined as "a\x1fb\x1f": look for "\x1fslug\x1f" in "\x1f" + ids */
	if (strstr(m->ids.buf, m->key.buf + 1) == m->ids.buf || strstr(m->ids.buf, m->key.buf))
		return 0;
	if (!m->ret) {
		im->rep->kept++;
		strbuf_addf(&im->rep->kept_names, "%s (%s, %lld codings)\n", db_col_text(s, 2), slug,
			    (long long)ncod);
		return 0;
	}
	sqlite3_bind_int64(m->ret, 1, sqlite3_column_int64(s, 0));
	if (db_done(im->st, m->ret, "cannot retire a code", im->err))
		return im->err ? im->err->code : BRAID_EDB;
	im->rep->retired++;
	strbuf_addf(&im->rep->retired_names, "%s (%s, %lld codings)\n", db_col_text(s, 2), slug,
		    (long long)ncod);
	return 0;
}

/* Codes of this codebook that the new version no longer has. */
static int handle_missing(struct importer *im, const struct braid_codebook *cb, int retire)
{
	struct missing m = { im, STRBUF_INIT, STRBUF_INIT, NULL };
	sqlite3_stmt *s = NULL;
	int rc;

	collect_ids(cb->codes, cb->ncodes, &m.ids);
	rc = db_prepare(im->st,
			"SELECT c.id, c.slug, c.name,"
			" (SELECT count(*) FROM codings g WHERE g.code_id = c.id)"
			" FROM codes c WHERE c.codebook_id = ? AND c.status = 'active' ORDER BY c.id",
			&s, im->err);
	if (!rc && retire)
		rc = db_prepare(im->st, "UPDATE codes SET status = 'retired' WHERE id = ?", &m.ret,
				im->err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, im->book);
		rc = db_each(im->st, s, missing_code, &m, "cannot read the codes", im->err);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(m.ret);
	strbuf_release(&m.ids);
	strbuf_release(&m.key);
	return rc;
}

static int import_book_row(struct importer *im, const struct braid_codebook *cb,
			   const char *source)
{
	sqlite3_stmt *s;
	int rc;

	rc = db_prepare(im->st,
			"INSERT INTO codebooks(name, version, description, source) VALUES (?1, ?2, ?3, ?4)"
			" ON CONFLICT(name) DO UPDATE SET version = ?2, description = ?3, source = ?4,"
			" imported = strftime('%Y-%m-%dT%H:%M:%fZ','now')",
			&s, im->err);
	if (rc)
		return rc;
	db_bind_text(s, 1, cb->name, -1);
	db_bind_text(s, 2, cb->version, -1);
	db_bind_text(s, 3, cb->description, -1);
	db_bind_text(s, 4, source, -1);
	rc = db_done(im->st, s, "cannot store the codebook", im->err);
	sqlite3_finalize(s);
	if (rc || (rc = db_prepare(im->st, "SELECT id FROM codebooks WHERE name = ?", &s, im->err)))
		return rc;
	db_bind_text(s, 1, cb->name, -1);
	rc = db_one(im->st, s, "cannot read the codebook", im->err);
	if (rc == 1)
		im->book = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/* "kept: A (a, 1 codings), B (b, 0 codings)" from a report's lines. */
static void note_names(struct braid_store *st, const char *what, const struct strbuf *lines)
{
	struct strbuf joined = STRBUF_INIT;

	for (const char *p = lines->buf; *p;) {
		size_t n = strcspn(p, "\n");

		if (n)
			strbuf_addf(&joined, "%s%.*s", joined.len ? ", " : "", (int)n, p);
		p += n + (p[n] == '\n');
	}
	braid_change_note(st, "%s: %s", what, joined.buf);
	strbuf_release(&joined);
}

int braid_codes_import(struct braid_store *st, const struct braid_codebook *cb, const char *source,
		       int retire_missing, struct braid_import_report *rep, struct braid_err *err)
{
	static const struct {
		size_t off;
		const char *sql;
	} stmts[] = {
		{ offsetof(struct importer, get), "SELECT id, codebook_id FROM codes WHERE slug = ?" },
		{ offsetof(struct importer, ins),
		  "INSERT INTO codes(name, parent_id, codebook_id, kind, domain, definition,"
		  " include_text, exclude_text, color, scope, roles, position, slug, created_phase)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)" },
		{ offsetof(struct importer, upd),
		  "UPDATE codes SET name = ?1, parent_id = ?2, codebook_id = ?3, kind = ?4, domain = ?5,"
		  " definition = ?6, include_text = ?7, exclude_text = ?8, color = ?9, scope = ?10,"
		  " roles = ?11, position = ?12,"
		  " status = CASE status WHEN 'retired' THEN 'active' ELSE status END WHERE id = ?13" },
		{ offsetof(struct importer, del_ex), "DELETE FROM code_examples WHERE code_id = ?" },
		{ offsetof(struct importer, del_pat), "DELETE FROM code_patterns WHERE code_id = ?" },
		{ offsetof(struct importer, ins_ex),
		  "INSERT INTO code_examples(code_id, position, text) VALUES (?, ?, ?)" },
		{ offsetof(struct importer, ins_pat),
		  "INSERT INTO code_patterns(code_id, position, pattern) VALUES (?, ?, ?)" },
		{ offsetof(struct importer, fingerprint), FINGERPRINT_SQL },
	};
	struct importer im = { .st = st, .rep = rep, .err = err };
	int rc = 0;

	strbuf_init(&im.before, 0);
	for (size_t i = 0; !rc && i < sizeof(stmts) / sizeof(stmts[0]); i++)
		rc = db_prepare(st, stmts[i].sql, (sqlite3_stmt **)((char *)&im + stmts[i].off), err);
	if (!rc)
		rc = import_book_row(&im, cb, source);
	for (size_t i = 0; !rc && i < cb->ncodes; i++)
		rc = import_code(&im, &cb->codes[i], 0, i);
	if (!rc)
		rc = handle_missing(&im, cb, retire_missing);
	if (!rc) {
		braid_change_note(st, "codebook '%s'%s%s from %s: %zu added, %zu updated, %zu unchanged, "
				  "%zu kept, %zu retired",
				  cb->name, cb->version ? " version " : "", cb->version ? cb->version : "",
				  source ? source : "memory", rep->added, rep->updated, rep->unchanged,
				  rep->kept, rep->retired);
		if (rep->kept)
			note_names(st, "kept", &rep->kept_names);
		if (rep->retired)
			note_names(st, "retired", &rep->retired_names);
	}
	for (size_t i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++)
		sqlite3_finalize(*(sqlite3_stmt **)((char *)&im + stmts[i].off));
	strbuf_release(&im.before);
	return rc;
}

/* ---- export ---- */

struct exp_node {
	int64_t id, parent;
	struct braid_code code;
};

static char *dup_or_null(sqlite3_stmt *s, int i)
{
	const char *t = col_or_null(s, i);

	return t ? xstrdup(t) : NULL;
}

struct strings {
	char ***v;
	size_t *n;
};

static int add_string(sqlite3_stmt *s, void *ctx)
{
	struct strings *l = ctx;

	*l->v = xrealloc(*l->v, (*l->n + 1) * sizeof(char *));
	(*l->v)[(*l->n)++] = xstrdup(db_col_text(s, 0));
	return 0;
}

static int load_list(struct braid_store *st, sqlite3_stmt *s, int64_t id, char ***out, size_t *n,
		     struct braid_err *err)
{
	struct strings l = { out, n };

	*out = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, id);
	return db_each(st, s, add_string, &l, "cannot read a code's rules", err);
}

/* Attaches the children of `parent` (in order) from nodes[] to dst, recursively. */
static void build_tree(struct exp_node *nodes, size_t n, int64_t parent, int root,
		       struct braid_code **dst, size_t *ndst)
{
	for (size_t i = 0; i < n; i++) {
		int is_child = root ? nodes[i].parent == -1 : nodes[i].parent == parent;

		if (!is_child)
			continue;
		*dst = xrealloc(*dst, (*ndst + 1) * sizeof(struct braid_code));
		(*dst)[*ndst] = nodes[i].code;
		memset(&nodes[i].code, 0, sizeof(nodes[i].code));
		build_tree(nodes, n, nodes[i].id, 0, &(*dst)[*ndst].children,
			   &(*dst)[*ndst].nchildren);
		(*ndst)++;
	}
}

struct exp_nodes {
	struct exp_node *v;
	size_t n, alloc;
};

static int exp_code(sqlite3_stmt *s, void *ctx)
{
	struct exp_nodes *ns = ctx;
	struct exp_node *e;

	ALLOC_GROW(ns->v, ns->n + 1, ns->alloc);
	e = &ns->v[ns->n++];
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(s, 0);
	e->parent = sqlite3_column_int64(s, 1);
	e->code.id = xstrdup(db_col_text(s, 2));
	e->code.name = xstrdup(db_col_text(s, 3));
	e->code.kind = (enum braid_code_kind)braid_kind_parse(db_col_text(s, 4));
	e->code.domain = dup_or_null(s, 5);
	e->code.definition = dup_or_null(s, 6);
	e->code.include = dup_or_null(s, 7);
	e->code.exclude = dup_or_null(s, 8);
	e->code.color = dup_or_null(s, 9);
	e->code.scope = (enum braid_scope)braid_scope_parse(db_col_text(s, 10));
	e->code.roles = (enum braid_roles)braid_roles_parse(db_col_text(s, 11));
	return 0;
}

int braid_codes_export(struct braid_store *st, const char *name, struct braid_codebook *out,
		       struct braid_err *err)
{
	struct exp_nodes ns = { 0 };
	sqlite3_stmt *s = NULL, *ex = NULL, *pat = NULL;
	int64_t book = 0;
	int rc;

	braid_codebook_init(out);
	if (name) {
		if ((rc = db_prepare(st, "SELECT id, version, description FROM codebooks WHERE name = ?",
				     &s, err)))
			return rc;
		db_bind_text(s, 1, name, -1);
		rc = db_one(st, s, "cannot read the codebook", err);
		if (rc == 1) {
			book = sqlite3_column_int64(s, 0);
			out->version = dup_or_null(s, 1);
			out->description = dup_or_null(s, 2);
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc < 0)
			return rc;
		if (!book)
			return braid_errorf(err, BRAID_ENOTFOUND, "no codebook '%s'", name);
		out->name = xstrdup(name);
	} else {
		char *title = braid_store_meta(st, "title");

		out->name = xstrdup(title && *title ? title : "Project codebook");
		out->description = xstrdup("All active codes of the project, deductive and inductive.");
		free(title);
	}
	rc = db_prepare(st,
			CODE_TREE_CTE
			" SELECT c.id, coalesce(c.parent_id, 0), c.slug, c.name, c.kind, c.domain,"
			" c.definition, c.include_text, c.exclude_text, c.color, c.scope, c.roles"
			" FROM tree t JOIN codes c ON c.id = t.id"
			" WHERE c.status = 'active' AND (?1 = 0 OR c.codebook_id = ?1) ORDER BY t.path",
			&s, err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, book);
		rc = db_each(st, s, exp_code, &ns, "cannot read the codes", err);
	}
	if (!rc)
		rc = db_prepare(st, "SELECT text FROM code_examples WHERE code_id = ? ORDER BY position",
				&ex, err);
	if (!rc)
		rc = db_prepare(st, "SELECT pattern FROM code_patterns WHERE code_id = ?"
				    " ORDER BY position", &pat, err);
	for (size_t i = 0; !rc && i < ns.n; i++) {
		int parent_in = 0;

		for (size_t k = 0; k < ns.n && !parent_in; k++)
			parent_in = ns.v[k].id == ns.v[i].parent;
		if (!parent_in)
			ns.v[i].parent = -1; /* top level of this export */
		rc = load_list(st, ex, ns.v[i].id, &ns.v[i].code.examples, &ns.v[i].code.nexamples,
			       err);
		if (!rc)
			rc = load_list(st, pat, ns.v[i].id, &ns.v[i].code.patterns,
				       &ns.v[i].code.npatterns, err);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(ex);
	sqlite3_finalize(pat);
	build_tree(ns.v, ns.n, -1, 1, &out->codes, &out->ncodes);
	free(ns.v);
	if (rc) {
		braid_codebook_release(out);
		braid_codebook_init(out);
	}
	return rc;
}

/* ---- codes made and managed while coding ---- */

/* Refuses a second code with the same name (case-folded) under the same parent. */
static int check_sibling_name(struct braid_store *st, int64_t parent, const char *name,
			      int64_t self, struct braid_err *err)
{
	return db_sibling_name_free(st, "code",
				    "SELECT id, name, slug FROM codes WHERE coalesce(parent_id, 0) = ?"
				    " AND status = 'active'",
				    parent, name, self, err);
}

/* "the top level" or "under 'p' (P)". */
static void where(struct braid_store *st, int64_t parent, struct strbuf *out)
{
	if (!parent) {
		strbuf_addstr(out, "the top level");
		return;
	}
	strbuf_addstr(out, "under ");
	code_label(st, parent, out);
}

int braid_code_create(struct braid_store *st, const struct braid_code_new *n, int64_t *id,
		      struct braid_err *err)
{
	struct strbuf slug = STRBUF_INIT, base = STRBUF_INIT, name = STRBUF_INIT;
	struct strbuf at = STRBUF_INIT;
	int64_t parent = 0, coder = 0, taken;
	sqlite3_stmt *s = NULL;
	int rc = 0;

	braid_text_nfc(n->name, strlen(n->name), &name);
	strbuf_rtrim(&name);
	if (!name.len || !braid_utf8_valid(n->name, strlen(n->name))) {
		rc = braid_errorf(err, BRAID_EINVAL, "a code needs a name");
		goto out;
	}
	if (n->parent && (rc = braid_code_find(st, n->parent, &parent, err)))
		goto out;
	if ((rc = check_sibling_name(st, parent, name.buf, 0, err)))
		goto out;
	if (n->coder && (rc = braid_store_coder(st, n->coder, 1, &coder, err)))
		goto out;
	braid_slugify(name.buf, &base);
	if (!base.len)
		strbuf_addstr(&base, "code");
	strbuf_addbuf(&slug, &base);
	for (int k = 2; (rc = id_by_slug(st, slug.buf, &taken, err)) == 1; k++) {
		strbuf_reset(&slug);
		strbuf_addf(&slug, "%s-%d", base.buf, k);
	}
	if (rc < 0)
		goto out;
	rc = db_prepare(st,
			/* a code made under a parent takes its domain, as codebook children do */
			"INSERT INTO codes(slug, name, parent_id, kind, definition, created_by,"
			" created_phase, domain, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			" (SELECT domain FROM codes WHERE id = ?3),"
			" (SELECT coalesce(max(position), -1) + 1 FROM codes"
			"  WHERE coalesce(parent_id, 0) = coalesce(?3, 0)))",
			&s, err);
	if (rc)
		goto out;
	db_bind_text(s, 1, slug.buf, -1);
	db_bind_text(s, 2, name.buf, -1);
	if (parent)
		sqlite3_bind_int64(s, 3, parent);
	db_bind_text(s, 4, braid_kind_name(n->kind), -1);
	db_bind_text(s, 5, n->definition && *n->definition ? n->definition : NULL, -1);
	if (coder)
		sqlite3_bind_int64(s, 6, coder);
	if (braid_store_phase(st))
		sqlite3_bind_int(s, 7, braid_store_phase(st));
	rc = db_done(st, s, "cannot add the code", err);
	if (!rc) {
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
		if (parent) {
			strbuf_addstr(&at, " ");
			where(st, parent, &at);
		}
		braid_change_note(st, "new %s code '%s' (%s)%s%s%s", braid_kind_name(n->kind),
				  slug.buf, name.buf, at.buf, n->coder ? " by " : "",
				  n->coder ? n->coder : "");
	}
out:
	sqlite3_finalize(s);
	strbuf_release(&slug);
	strbuf_release(&base);
	strbuf_release(&name);
	strbuf_release(&at);
	return rc;
}

int braid_code_rename(struct braid_store *st, int64_t id, const char *name, struct braid_err *err)
{
	struct strbuf nfc = STRBUF_INIT, before = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t parent;
	int rc;

	braid_text_nfc(name, strlen(name), &nfc);
	strbuf_rtrim(&nfc);
	if (!nfc.len) {
		strbuf_release(&nfc);
		return braid_errorf(err, BRAID_EINVAL, "a code needs a name");
	}
	if ((rc = db_prepare(st, "SELECT slug, name FROM codes WHERE id = ?", &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a code", err);
	if (rc == 1)
		strbuf_addf(&before, "'%s': '%s'", db_col_text(s, 0), db_col_text(s, 1));
	sqlite3_finalize(s);
	if (rc <= 0) {
		rc = rc ? rc : braid_errorf(err, BRAID_ENOTFOUND, "no code with id %lld", (long long)id);
		goto out;
	}
	parent = db_parent(st, "codes", id, err);
	rc = parent < 0 ? (int)parent : check_sibling_name(st, parent, nfc.buf, id, err);
	if (!rc && !(rc = db_prepare(st, "UPDATE codes SET name = ? WHERE id = ?", &s, err))) {
		db_bind_text(s, 1, nfc.buf, -1);
		sqlite3_bind_int64(s, 2, id);
		rc = db_done(st, s, "cannot rename the code", err);
		sqlite3_finalize(s);
	}
	if (!rc)
		braid_change_note(st, "renamed code %s -> '%s'", before.buf, nfc.buf);
out:
	strbuf_release(&nfc);
	strbuf_release(&before);
	return rc;
}

int braid_code_move(struct braid_store *st, int64_t id, int64_t parent, struct braid_err *err)
{
	struct strbuf name = STRBUF_INIT, from = STRBUF_INIT, to = STRBUF_INIT;
	struct strbuf what = STRBUF_INIT;
	sqlite3_stmt *s;
	int64_t old;
	int rc;

	if (parent && (rc = db_within(st, "codes", parent, id, err)))
		return rc < 0 ? rc
			      : braid_errorf(err, BRAID_EINVAL,
					     "cannot move a code under itself or one of its own "
					     "sub-codes");
	if ((old = db_parent(st, "codes", id, err)) < 0)
		return (int)old;
	/* the name must stay unique among the new siblings */
	if ((rc = db_prepare(st, "SELECT name FROM codes WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a code", err);
	if (rc == 1)
		strbuf_addstr(&name, db_col_text(s, 0));
	sqlite3_finalize(s);
	if (rc == 0)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no code with id %lld", (long long)id);
	if (rc == 1)
		rc = check_sibling_name(st, parent, name.buf, id, err);
	if (!rc)
		rc = db_run_ids(st,
				parent ? "UPDATE codes SET parent_id = ?2, position = (SELECT coalesce("
					 "max(position), -1) + 1 FROM codes WHERE parent_id = ?2)"
					 " WHERE id = ?1"
				       : "UPDATE codes SET parent_id = NULL, position = (SELECT coalesce("
					 "max(position), -1) + 1 FROM codes WHERE parent_id IS NULL)"
					 " WHERE id = ?1",
				id, parent, "cannot move the code", err);
	if (!rc) {
		code_label(st, id, &what);
		where(st, old, &from);
		where(st, parent, &to);
		braid_change_note(st, "moved code %s from %s to %s", what.buf, from.buf, to.buf);
	}
	strbuf_release(&name);
	strbuf_release(&from);
	strbuf_release(&to);
	strbuf_release(&what);
	return rc;
}

int braid_code_merge(struct braid_store *st, int64_t from, int64_t into, size_t *moved,
		     struct braid_err *err)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	size_t n = 0, dropped = 0, themes = 0;
	int rc;

	if (from == into)
		return braid_errorf(err, BRAID_EINVAL, "cannot merge a code into itself");
	if ((rc = db_within(st, "codes", into, from, err)))
		return rc < 0 ? rc
			      : braid_errorf(err, BRAID_EINVAL,
					     "cannot merge a code into one of its own sub-codes: move "
					     "that sub-code out first");
	code_label(st, from, &a);
	code_label(st, into, &b);
	/* codings that would duplicate one already on `into` stay behind and are dropped ... */
	rc = db_run_ids(st, "UPDATE OR IGNORE codings SET code_id = ?2 WHERE code_id = ?1", from,
			into, "cannot move the codings", err);
	if (!rc) {
		n = (size_t)sqlite3_changes(braid_store_db(st));
		/* ... after their memos move to the coding they duplicate */
		rc = db_run_ids(st,
				"UPDATE memos SET coding_id = (SELECT k.id FROM codings g"
				"  JOIN codings k ON k.doc_id = g.doc_id AND k.start_cp = g.start_cp"
				"  AND k.end_cp = g.end_cp AND k.coder_id = g.coder_id AND k.code_id = ?2"
				"  WHERE g.id = memos.coding_id)"
				" WHERE coding_id IN (SELECT id FROM codings WHERE code_id = ?1)",
				from, into, "cannot move the memos", err);
	}
	/* ... and their exemplar quotes too, unless that coding is a quote of the theme already */
	if (!rc)
		rc = db_run_ids(st,
				"UPDATE OR IGNORE quotes SET coding_id = (SELECT k.id FROM codings g"
				"  JOIN codings k ON k.doc_id = g.doc_id AND k.start_cp = g.start_cp"
				"  AND k.end_cp = g.end_cp AND k.coder_id = g.coder_id AND k.code_id = ?2"
				"  WHERE g.id = quotes.coding_id)"
				" WHERE coding_id IN (SELECT id FROM codings WHERE code_id = ?1)",
				from, into, "cannot move the quotes", err);
	if (!rc)
		rc = db_run_ids(st,
				"DELETE FROM quotes WHERE coding_id IN (SELECT id FROM codings"
				" WHERE code_id = ?1)",
				from, 0, "cannot drop duplicate quotes", err);
	if (!rc)
		rc = db_run_ids(st, "DELETE FROM codings WHERE code_id = ?1", from, 0,
				"cannot drop duplicate codings", err);
	if (!rc) {
		dropped = (size_t)sqlite3_changes(braid_store_db(st));
		rc = db_run_ids(st, "UPDATE codes SET parent_id = ?2 WHERE parent_id = ?1", from, into,
				"cannot move the sub-codes", err);
	}
	/* the themes that gathered the code gather the one its codings went to */
	if (!rc)
		rc = db_run_ids(st, "UPDATE OR IGNORE theme_codes SET code_id = ?2 WHERE code_id = ?1",
				from, into, "cannot move the code in its themes", err);
	if (!rc) {
		themes = (size_t)sqlite3_changes(braid_store_db(st));
		rc = db_run_ids(st, "DELETE FROM theme_codes WHERE code_id = ?1", from, 0,
				"cannot move the code in its themes", err);
	}
	if (!rc)
		rc = db_run_ids(st, "UPDATE codes SET status = 'merged', merged_into = ?2 WHERE id = ?1",
				from, into, "cannot mark the code merged", err);
	if (!rc) {
		braid_change_note(st, "merged code %s into %s: %zu coding%s moved", a.buf, b.buf, n,
				  n == 1 ? "" : "s");
		if (themes)
			braid_change_note(st, "%zu theme%s now gather%s %s", themes,
					  themes == 1 ? "" : "s", themes == 1 ? "s" : "", b.buf);
		if (dropped)
			braid_change_note(st, "%zu duplicate coding%s dropped", dropped,
					  dropped == 1 ? "" : "s");
	}
	if (moved)
		*moved = n;
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

int braid_code_retire(struct braid_store *st, int64_t id, struct braid_err *err)
{
	struct strbuf what = STRBUF_INIT, status = STRBUF_INIT;
	int64_t n = 0;
	sqlite3_stmt *s;
	int rc;

	code_label(st, id, &what);
	if ((rc = db_prepare(st,
			     "SELECT status, (SELECT count(*) FROM codings WHERE code_id = ?1"
			     " AND status != 'rejected') FROM codes WHERE id = ?1",
			     &s, err)))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a code", err);
	if (rc == 1) {
		strbuf_addstr(&status, db_col_text(s, 0));
		n = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc <= 0) {
		rc = rc ? rc : braid_errorf(err, BRAID_ENOTFOUND, "no code with id %lld", (long long)id);
		goto out;
	}
	rc = db_run_ids(st, "UPDATE codes SET status = 'retired' WHERE id = ?1 AND status != 'retired'",
			id, 0, "cannot retire the code", err);
	if (!rc && sqlite3_changes(braid_store_db(st)))
		braid_change_note(st, "retired code %s (status was %s; its %lld coding%s stay)", what.buf,
				  status.buf, (long long)n, n == 1 ? "" : "s");
out:
	strbuf_release(&what);
	strbuf_release(&status);
	return rc;
}

/* The patterns of code id as "['a', 'b']", for notes. */
static int patterns_text(struct braid_store *st, int64_t id, struct strbuf *out,
			 struct braid_err *err)
{
	char **v = NULL;
	size_t n = 0;
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT pattern FROM code_patterns WHERE code_id = ?"
				 " ORDER BY position", &s, err)))
		return rc;
	rc = load_list(st, s, id, &v, &n, err);
	sqlite3_finalize(s);
	strbuf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(out, "%s'%s'", i ? ", " : "", v[i]);
		free(v[i]);
	}
	strbuf_addch(out, ']');
	free(v);
	return rc;
}

static int set_patterns(struct braid_store *st, int64_t id, const char *value,
			struct braid_err *err)
{
	struct strbuf slug = STRBUF_INIT;
	sqlite3_stmt *s;
	size_t pos = 0;
	int rc;

	rc = db_run_ids(st, "DELETE FROM code_patterns WHERE code_id = ?1", id, 0,
			"cannot replace the patterns", err);
	if (rc || !value)
		return rc;
	if ((rc = db_prepare(st, "INSERT INTO code_patterns(code_id, position, pattern)"
				 " VALUES (?, ?, ?)", &s, err)))
		return rc;
	while (!rc && *value) {
		const char *nl = strchr(value, '\n');
		size_t n = nl ? (size_t)(nl - value) : strlen(value);

		if (n) {
			int errcode;
			PCRE2_SIZE off;
			pcre2_code *re = pcre2_compile((PCRE2_SPTR)value, n,
						       PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS,
						       &errcode, &off, NULL);

			if (!re) {
				PCRE2_UCHAR msg[256];

				pcre2_get_error_message(errcode, msg, sizeof(msg));
				rc = braid_errorf(err, BRAID_EINVAL, "bad pattern '%.*s' at offset %zu: %s",
						  (int)n, value, (size_t)off, (const char *)msg);
				break;
			}
			pcre2_code_free(re);
			sqlite3_bind_int64(s, 1, id);
			sqlite3_bind_int64(s, 2, (int64_t)pos++);
			sqlite3_bind_text(s, 3, value, (int)n, SQLITE_TRANSIENT);
			rc = db_done(st, s, "cannot store a pattern", err);
			if (!rc && (slug.len || !braid_code_slug(st, id, &slug, NULL)))
				warn_pattern(st, slug.buf, value, n);
		}
		value += n + (nl != NULL);
	}
	strbuf_release(&slug);
	sqlite3_finalize(s);
	return rc;
}

/* The column of each field braid_code_edit sets, in the order of the vocabulary. */
static const char *const field_columns[BRAID_CODE_FIELD_N] = {
	[BRAID_FIELD_DEFINITION] = "definition", [BRAID_FIELD_INCLUDE] = "include_text",
	[BRAID_FIELD_EXCLUDE] = "exclude_text",	 [BRAID_FIELD_DOMAIN] = "domain",
	[BRAID_FIELD_COLOR] = "color",		 [BRAID_FIELD_SCOPE] = "scope",
	[BRAID_FIELD_ROLES] = "roles",		 [BRAID_FIELD_KIND] = "kind",
	[BRAID_FIELD_PATTERNS] = NULL,
};

/* The vocabulary a field's value comes from, or NULL for free text. */
static const struct braid_vocab *field_vocab(int f)
{
	switch (f) {
	case BRAID_FIELD_SCOPE: return &braid_vocab_scope;
	case BRAID_FIELD_ROLES: return &braid_vocab_roles;
	case BRAID_FIELD_KIND: return &braid_vocab_code_kind;
	default: return NULL;
	}
}

/* A field's value for notes: 'text', or (none). */
static int field_text(struct braid_store *st, int64_t id, int f, struct strbuf *out,
		      struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	if (f == BRAID_FIELD_PATTERNS)
		return patterns_text(st, id, out, err);
	strbuf_addf(&sql, "SELECT %s FROM codes WHERE id = ?", field_columns[f]);
	rc = db_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a code", err);
	if (rc == 1 && sqlite3_column_type(s, 0) != SQLITE_NULL)
		strbuf_addf(out, "'%s'", db_col_text(s, 0));
	else if (rc >= 0)
		strbuf_addstr(out, "(none)");
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

int braid_code_edit(struct braid_store *st, int64_t id, const char *field, const char *value,
		    struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT;
	struct strbuf what = STRBUF_INIT;
	const struct braid_vocab *v;
	sqlite3_stmt *s;
	int f = braid_vocab_require(&braid_vocab_code_field, field, err), rc;

	if (f < 0)
		return f;
	if (value && !*value)
		value = NULL;
	v = field_vocab(f);
	if (v && (!value || braid_vocab_parse(v, value) < 0)) {
		struct strbuf list = STRBUF_INIT;

		braid_vocab_list(v, &list);
		rc = braid_errorf(err, BRAID_EINVAL, "bad %s '%s' (expected %s)", field,
				  value ? value : "", list.buf);
		strbuf_release(&list);
		return rc;
	}
	if (f == BRAID_FIELD_COLOR && value) {
		size_t n = strlen(value);
		int ok = value[0] == '#' && (n == 4 || n == 7);

		for (size_t k = 1; ok && k < n; k++)
			ok = strchr("0123456789abcdefABCDEF", value[k]) != NULL;
		if (!ok)
			return braid_errorf(err, BRAID_EINVAL,
					    "bad color '%s' (expected #rgb or #rrggbb)", value);
	}
	if ((rc = field_text(st, id, f, &before, err)))
		goto out;
	if (f == BRAID_FIELD_PATTERNS) {
		rc = set_patterns(st, id, value, err);
	} else {
		strbuf_addf(&sql, "UPDATE codes SET %s = ? WHERE id = ?", field_columns[f]);
		if (!(rc = db_prepare(st, sql.buf, &s, err))) {
			db_bind_text(s, 1, value, -1);
			sqlite3_bind_int64(s, 2, id);
			rc = db_done(st, s, "cannot edit the code", err);
			sqlite3_finalize(s);
		}
	}
	if (!rc)
		rc = field_text(st, id, f, &after, err);
	if (!rc && strcmp(before.buf, after.buf)) {
		code_label(st, id, &what);
		braid_change_note(st, "edited code %s %s: %s -> %s", what.buf, field, before.buf,
				  after.buf);
	}
out:
	strbuf_release(&sql);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&what);
	return rc;
}

/* ---- the code tree, loaded for a client ---- */

void braid_code_tree_init(struct braid_code_tree *t)
{
	memset(t, 0, sizeof(*t));
}

void braid_code_tree_release(struct braid_code_tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct braid_code_node *k = &t->v[i];
		char **f[] = { &k->guid,    &k->slug,	     &k->name,	  &k->kind,    &k->status,
			       &k->domain,  &k->definition, &k->include, &k->exclude, &k->color,
			       &k->scope,   &k->roles,	     &k->codebook, &k->merged_into,
			       &k->created, &k->created_by };

		for (size_t j = 0; j < sizeof(f) / sizeof(f[0]); j++)
			free(*f[j]);
		free(k->by_coder);
	}
	free(t->v);
	for (size_t i = 0; i < t->ncoders; i++)
		free(t->coders[i]);
	free(t->coders);
	free(t->by_id);
	free(t->by_slug);
	braid_code_tree_init(t);
}

static char *dup_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int add_node(const struct braid_code_row *r, void *ctx)
{
	struct braid_code_tree *t = ctx;

	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n++] = (struct braid_code_node){
		.id = r->id,
		.parent_id = r->parent_id,
		.count = r->count,
		.npatterns = r->npatterns,
		.created_phase = r->created_phase,
		.depth = r->depth,
		.parent = BRAID_NO_NODE,
		.guid = dup_null(r->guid),
		.slug = dup_null(r->slug),
		.name = dup_null(r->name),
		.kind = dup_null(r->kind),
		.status = dup_null(r->status),
		.domain = dup_null(r->domain),
		.definition = dup_null(r->definition),
		.include = dup_null(r->include),
		.exclude = dup_null(r->exclude),
		.color = dup_null(r->color),
		.scope = dup_null(r->scope),
		.roles = dup_null(r->roles),
		.codebook = dup_null(r->codebook),
		.merged_into = dup_null(r->merged_into),
		.created = dup_null(r->created),
		.created_by = dup_null(r->created_by),
	};
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = (*(struct braid_code_node *const *)a)->id;
	int64_t y = (*(struct braid_code_node *const *)b)->id;

	return (x > y) - (x < y);
}

static int cmp_slug(const void *a, const void *b)
{
	return strcmp((*(struct braid_code_node *const *)a)->slug,
		      (*(struct braid_code_node *const *)b)->slug);
}

static struct braid_code_node *node_by_slug(const struct braid_code_tree *t, const char *slug)
{
	struct braid_code_node key = { .slug = (char *)slug }, *k = &key, **found;

	found = t->n ? bsearch(&k, t->by_slug, t->n, sizeof(*found), cmp_slug) : NULL;
	return found ? *found : NULL;
}

const struct braid_code_node *braid_code_tree_by_id(const struct braid_code_tree *t, int64_t id)
{
	struct braid_code_node key = { .id = id }, *k = &key, **found;

	found = t->n ? bsearch(&k, t->by_id, t->n, sizeof(*found), cmp_id) : NULL;
	return found ? *found : NULL;
}

/* Per code, per coder counts as braid_code_stats gives them. */
struct coder_count {
	char *code, *coder;
	int64_t n;
};

struct coder_counts {
	struct coder_count *v;
	size_t nr, alloc;
};

static int count_row(const struct braid_stats_row *r, void *ctx)
{
	struct coder_counts *cc = ctx;

	if (!r->group || !r->segments)
		return 0;
	ALLOC_GROW(cc->v, cc->nr + 1, cc->alloc);
	cc->v[cc->nr++] = (struct coder_count){ xstrdup(r->code), xstrdup(r->group), r->segments };
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_counts(struct braid_store *st, struct braid_code_tree *t, struct braid_err *err)
{
	struct coder_counts cc = { NULL, 0, 0 };
	int rc = braid_code_stats(st, BRAID_BY_CODER, 0, count_row, &cc, err);

	if (!rc) {
		t->coders = xcalloc(cc.nr + 1, sizeof(char *));
		for (size_t i = 0; i < cc.nr; i++) {
			size_t k;

			for (k = 0; k < t->ncoders && strcmp(t->coders[k], cc.v[i].coder); k++)
				;
			if (k == t->ncoders)
				t->coders[t->ncoders++] = xstrdup(cc.v[i].coder);
		}
		qsort(t->coders, t->ncoders, sizeof(char *), cmp_str);
		for (size_t i = 0; i < t->n; i++)
			t->v[i].by_coder = xcalloc(t->ncoders + 1, sizeof(int64_t));
		for (size_t i = 0; i < cc.nr; i++) {
			struct braid_code_node *node = node_by_slug(t, cc.v[i].code);
			char **who = bsearch(&cc.v[i].coder, t->coders, t->ncoders, sizeof(char *),
					     cmp_str);

			if (node && who)
				node->by_coder[who - t->coders] += cc.v[i].n;
		}
	}
	for (size_t i = 0; i < cc.nr; i++) {
		free(cc.v[i].code);
		free(cc.v[i].coder);
	}
	free(cc.v);
	return rc;
}

int braid_code_tree_load(struct braid_store *st, int flags, struct braid_code_tree *t,
			 struct braid_err *err)
{
	int rc;

	braid_code_tree_release(t);
	t->flags = flags;
	rc = braid_codes_each(st, flags, add_node, t, err);
	t->by_id = xcalloc(t->n + 1, sizeof(*t->by_id));
	t->by_slug = xcalloc(t->n + 1, sizeof(*t->by_slug));
	for (size_t i = 0; i < t->n; i++)
		t->by_id[i] = t->by_slug[i] = &t->v[i];
	qsort(t->by_id, t->n, sizeof(*t->by_id), cmp_id);
	qsort(t->by_slug, t->n, sizeof(*t->by_slug), cmp_slug);
	/* parents come before their children in tree order */
	for (size_t i = 0; i < t->n; i++) {
		struct braid_code_node *k = &t->v[i];
		const struct braid_code_node *p =
			k->parent_id ? braid_code_tree_by_id(t, k->parent_id) : NULL;

		k->parent = p ? (size_t)(p - t->v) : BRAID_NO_NODE;
		k->shown_depth = p ? p->shown_depth + 1 : 0;
	}
	if (!rc && (flags & BRAID_CODES_COUNTS))
		rc = load_counts(st, t, err);
	return rc;
}

/* Ambiguous names list their ids as braid_code_find does: active codes first, by id. */
static int cmp_candidate(const void *a, const void *b)
{
	const struct braid_code_node *x = *(const struct braid_code_node *const *)a;
	const struct braid_code_node *y = *(const struct braid_code_node *const *)b;
	int xa = strcmp(x->status, "active") != 0, ya = strcmp(y->status, "active") != 0;

	if (xa != ya)
		return xa - ya;
	return (x->id > y->id) - (x->id < y->id);
}

int braid_code_tree_find(const struct braid_code_tree *t, const char *ref,
			 const struct braid_code_node **out, struct braid_err *err)
{
	struct strbuf want = STRBUF_INIT, name = STRBUF_INIT, ids = STRBUF_INIT;
	const struct braid_code_node **found;
	size_t i, n = 0;
	int rc = 0;

	if ((*out = node_by_slug(t, ref)))
		return 0;
	found = xcalloc(t->n + 1, sizeof(*found));
	braid_text_fold(ref, strlen(ref), &want);
	for (i = 0; i < t->n; i++) {
		strbuf_reset(&name);
		braid_text_fold(t->v[i].name, strlen(t->v[i].name), &name);
		if (name.len == want.len && !memcmp(name.buf, want.buf, want.len))
			found[n++] = &t->v[i];
	}
	qsort(found, n, sizeof(*found), cmp_candidate);
	if (n == 1) {
		*out = found[0];
	} else if (!n) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no code '%s'", ref);
	} else {
		for (i = 0; i < n; i++)
			strbuf_addf(&ids, "%s%s", i ? ", " : "", found[i]->slug);
		rc = braid_errorf(err, BRAID_EINVAL,
				  "code name '%s' is ambiguous: use one of the ids %s", ref,
				  ids.buf);
	}
	free(found);
	strbuf_release(&want);
	strbuf_release(&name);
	strbuf_release(&ids);
	return rc;
}
