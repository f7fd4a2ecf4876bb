/* codes.c - the code tree of a project: import, export, create, manage (see codes.h). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/text.h"
#include "db.h"

static const char *col_or_null(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

int braid_codes_each(struct braid_store *st, int flags, braid_code_cb cb, void *ctx,
		     struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (db_prepare(st,
		       CODE_TREE_CTE
		       " SELECT c.id, c.slug, c.name, c.kind, c.status, c.domain, c.definition,"
		       " c.include_text, c.exclude_text, c.color, c.scope, c.roles, cb.name, m.slug,"
		       " coalesce(c.parent_id, 0), t.depth, c.created, cd.name,"
		       " coalesce(c.created_phase, 0),"
		       " (SELECT count(*) FROM code_patterns p WHERE p.code_id = c.id),"
		       " (SELECT count(*) FROM codings g WHERE g.code_id = c.id"
		       "   AND g.status != 'rejected')"
		       " FROM tree t JOIN codes c ON c.id = t.id"
		       " LEFT JOIN codebooks cb ON cb.id = c.codebook_id"
		       " LEFT JOIN codes m ON m.id = c.merged_into"
		       " LEFT JOIN coders cd ON cd.id = c.created_by"
		       " WHERE ?1 OR c.status = 'active' ORDER BY t.path",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int(s, 1, (flags & BRAID_CODES_ALL) != 0);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
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
		};

		rc = cb(&r, ctx);
	}
	sqlite3_finalize(s);
	return rc;
}

static int id_by_slug(struct braid_store *st, const char *slug, int64_t *id)
{
	sqlite3_stmt *s;
	int found;

	if (sqlite3_prepare_v2(braid_store_db(st), "SELECT id FROM codes WHERE slug = ?", -1, &s,
			       NULL) != SQLITE_OK)
		return 0;
	db_bind_text(s, 1, slug, -1);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return found;
}

int braid_code_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err)
{
	struct strbuf want = STRBUF_INIT, name = STRBUF_INIT, found = STRBUF_INIT;
	sqlite3_stmt *s;
	int n = 0, rc = 0;

	if (id_by_slug(st, ref, id))
		return 0;
	/* by name, case-insensitively (Unicode case folding) */
	braid_text_fold(ref, strlen(ref), &want);
	if (db_prepare(st, "SELECT id, name, slug FROM codes ORDER BY status != 'active', id", &s,
		       err)) {
		strbuf_release(&want);
		return err ? err->code : BRAID_EDB;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		strbuf_reset(&name);
		braid_text_fold(db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &name);
		if (name.len == want.len && !memcmp(name.buf, want.buf, want.len)) {
			if (!n++)
				*id = sqlite3_column_int64(s, 0);
			strbuf_addf(&found, "%s%s", n > 1 ? ", " : "", db_col_text(s, 2));
		}
	}
	sqlite3_finalize(s);
	if (!n)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no code '%s'", ref);
	else if (n > 1)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "code name '%s' is ambiguous: use one of the ids %s", ref, found.buf);
	strbuf_release(&want);
	strbuf_release(&name);
	strbuf_release(&found);
	return rc;
}

int braid_code_slug(struct braid_store *st, int64_t id, struct strbuf *out, struct braid_err *err)
{
	sqlite3_stmt *s;
	int found;

	if (db_prepare(st, "SELECT slug FROM codes WHERE id = ?", &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, id);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		strbuf_addstr(out, db_col_text(s, 0));
	sqlite3_finalize(s);
	return found ? 0 : braid_errorf(err, BRAID_ENOTFOUND, "no code with id %lld", (long long)id);
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

static void fingerprint(struct importer *im, int64_t id, struct strbuf *out)
{
	strbuf_reset(out);
	sqlite3_bind_int64(im->fingerprint, 1, id);
	if (sqlite3_step(im->fingerprint) == SQLITE_ROW)
		strbuf_add(out, sqlite3_column_text(im->fingerprint, 0),
			   (size_t)sqlite3_column_bytes(im->fingerprint, 0));
	sqlite3_reset(im->fingerprint);
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
	exists = sqlite3_step(im->get) == SQLITE_ROW;
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
		fingerprint(im, id, &im->before);
		bind_code(im->upd, c, parent, im->book, position);
		sqlite3_bind_int64(im->upd, 13, id);
		if (run(im, im->upd, "cannot update a code"))
			return im->rc;
	} else {
		bind_code(im->ins, c, parent, im->book, position);
		db_bind_text(im->ins, 13, c->id, -1);
		if (run(im, im->ins, "cannot add a code"))
			return im->rc;
		id = sqlite3_last_insert_rowid(braid_store_db(im->st));
	}
	if (import_rules(im, id, c))
		return im->rc;
	if (exists) {
		fingerprint(im, id, &after);
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

/* Codes of this codebook that the new version no longer has. */
static int handle_missing(struct importer *im, const struct braid_codebook *cb, int retire)
{
	struct strbuf ids = STRBUF_INIT, key = STRBUF_INIT;
	sqlite3_stmt *s, *ret = NULL;
	int rc;

	collect_ids(cb->codes, cb->ncodes, &ids);
	rc = db_prepare(im->st,
			"SELECT c.id, c.slug, c.name,"
			" (SELECT count(*) FROM codings g WHERE g.code_id = c.id)"
			" FROM codes c WHERE c.codebook_id = ? AND c.status = 'active' ORDER BY c.id",
			&s, im->err);
	if (!rc && retire)
		rc = db_prepare(im->st, "UPDATE codes SET status = 'retired' WHERE id = ?", &ret,
				im->err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, im->book);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		const char *slug = db_col_text(s, 1);
		int64_t ncod = sqlite3_column_int64(s, 3);

		strbuf_reset(&key);
		strbuf_addf(&key, "\x1f%s\x1f", slug);
		/* ids are joined as "a\x1fb\x1f": look for "\x1fslug\x1f" in "\x1f" + ids */
		if (strstr(ids.buf, key.buf + 1) == ids.buf || strstr(ids.buf, key.buf))
			continue;
		if (retire) {
			sqlite3_bind_int64(ret, 1, sqlite3_column_int64(s, 0));
			if (sqlite3_step(ret) != SQLITE_DONE)
				rc = db_error(im->st, im->err, "cannot retire a code");
			sqlite3_reset(ret);
			im->rep->retired++;
			strbuf_addf(&im->rep->retired_names, "%s (%s, %lld codings)\n",
				    db_col_text(s, 2), slug, (long long)ncod);
		} else {
			im->rep->kept++;
			strbuf_addf(&im->rep->kept_names, "%s (%s, %lld codings)\n",
				    db_col_text(s, 2), slug, (long long)ncod);
		}
	}
out:
	sqlite3_finalize(s);
	sqlite3_finalize(ret);
	strbuf_release(&ids);
	strbuf_release(&key);
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
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(im->st, im->err, "cannot store the codebook");
	sqlite3_finalize(s);
	if (!rc) {
		rc = db_prepare(im->st, "SELECT id FROM codebooks WHERE name = ?", &s, im->err);
		if (rc)
			return rc;
		db_bind_text(s, 1, cb->name, -1);
		if (sqlite3_step(s) == SQLITE_ROW)
			im->book = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return rc;
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
		  " include_text, exclude_text, color, scope, roles, position, slug)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)" },
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

static void load_list(struct braid_store *st, const char *sql, int64_t id, char ***out, size_t *n)
{
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		*out = xrealloc(*out, (*n + 1) * sizeof(char *));
		(*out)[(*n)++] = xstrdup(db_col_text(s, 0));
	}
	sqlite3_finalize(s);
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

int braid_codes_export(struct braid_store *st, const char *name, struct braid_codebook *out,
		       struct braid_err *err)
{
	struct exp_node *nodes = NULL;
	size_t n = 0, alloc = 0;
	sqlite3_stmt *s;
	int64_t book = 0;

	braid_codebook_init(out);
	if (name) {
		if (db_prepare(st, "SELECT id, version, description FROM codebooks WHERE name = ?", &s,
			       err))
			return err ? err->code : BRAID_EDB;
		db_bind_text(s, 1, name, -1);
		if (sqlite3_step(s) == SQLITE_ROW) {
			book = sqlite3_column_int64(s, 0);
			out->version = dup_or_null(s, 1);
			out->description = dup_or_null(s, 2);
		}
		sqlite3_finalize(s);
		if (!book)
			return braid_errorf(err, BRAID_ENOTFOUND, "no codebook '%s'", name);
		out->name = xstrdup(name);
	} else {
		char *title = braid_store_meta(st, "title");

		out->name = xstrdup(title && *title ? title : "Project codebook");
		out->description = xstrdup("All active codes of the project, deductive and inductive.");
		free(title);
	}
	if (db_prepare(st,
		       CODE_TREE_CTE
		       " SELECT c.id, coalesce(c.parent_id, 0), c.slug, c.name, c.kind, c.domain,"
		       " c.definition, c.include_text, c.exclude_text, c.color, c.scope, c.roles"
		       " FROM tree t JOIN codes c ON c.id = t.id"
		       " WHERE c.status = 'active' AND (?1 = 0 OR c.codebook_id = ?1) ORDER BY t.path",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, book);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct exp_node *e;

		ALLOC_GROW(nodes, n + 1, alloc);
		e = &nodes[n++];
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
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < n; i++) {
		int parent_in = 0;

		for (size_t k = 0; k < n && !parent_in; k++)
			parent_in = nodes[k].id == nodes[i].parent;
		if (!parent_in)
			nodes[i].parent = -1; /* top level of this export */
		load_list(st, "SELECT text FROM code_examples WHERE code_id = ? ORDER BY position",
			  nodes[i].id, &nodes[i].code.examples, &nodes[i].code.nexamples);
		load_list(st, "SELECT pattern FROM code_patterns WHERE code_id = ? ORDER BY position",
			  nodes[i].id, &nodes[i].code.patterns, &nodes[i].code.npatterns);
	}
	build_tree(nodes, n, -1, 1, &out->codes, &out->ncodes);
	free(nodes);
	return 0;
}

/* ---- codes made and managed while coding ---- */

static int exec_bound(struct braid_store *st, const char *sql, int64_t a, int64_t b,
		      struct braid_err *err, const char *what)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st, sql, &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, a);
	if (b)
		sqlite3_bind_int64(s, 2, b);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, err, what);
	sqlite3_finalize(s);
	return rc;
}

/* Refuses a second code with the same name (case-folded) under the same parent. */
static int check_sibling_name(struct braid_store *st, int64_t parent, const char *name,
			      int64_t self, struct braid_err *err)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc = 0;

	braid_text_fold(name, strlen(name), &want);
	if (db_prepare(st,
		       "SELECT id, name, slug FROM codes WHERE coalesce(parent_id, 0) = ?"
		       " AND status = 'active'",
		       &s, err)) {
		strbuf_release(&want);
		return err ? err->code : BRAID_EDB;
	}
	sqlite3_bind_int64(s, 1, parent);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		strbuf_reset(&got);
		braid_text_fold(db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &got);
		if (sqlite3_column_int64(s, 0) != self && got.len == want.len &&
		    !memcmp(got.buf, want.buf, want.len))
			rc = braid_errorf(err, BRAID_EEXIST, "a code named '%s' is already there (%s)",
					  db_col_text(s, 1), db_col_text(s, 2));
	}
	sqlite3_finalize(s);
	strbuf_release(&want);
	strbuf_release(&got);
	return rc;
}

static int64_t parent_of(struct braid_store *st, int64_t id)
{
	sqlite3_stmt *s;
	int64_t p = 0;

	if (sqlite3_prepare_v2(braid_store_db(st), "SELECT coalesce(parent_id, 0) FROM codes WHERE id = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		p = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return p;
}

/* 1 if `node` is `ancestor` or lies below it. */
static int is_within(struct braid_store *st, int64_t node, int64_t ancestor)
{
	for (int guard = 0; node && guard < 10000; guard++) {
		if (node == ancestor)
			return 1;
		node = parent_of(st, node);
	}
	return 0;
}

int braid_code_create(struct braid_store *st, const struct braid_code_new *n, int64_t *id,
		      struct braid_err *err)
{
	struct strbuf slug = STRBUF_INIT, base = STRBUF_INIT, name = STRBUF_INIT;
	int64_t parent = 0, coder = 0, taken;
	char *phase = NULL;
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
	for (int k = 2; id_by_slug(st, slug.buf, &taken); k++) {
		strbuf_reset(&slug);
		strbuf_addf(&slug, "%s-%d", base.buf, k);
	}
	phase = braid_store_meta(st, "phase");
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
	if (phase && atoi(phase) > 0)
		sqlite3_bind_int(s, 7, atoi(phase));
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "cannot add the code");
	else
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
out:
	sqlite3_finalize(s);
	free(phase);
	strbuf_release(&slug);
	strbuf_release(&base);
	strbuf_release(&name);
	return rc;
}

int braid_code_rename(struct braid_store *st, int64_t id, const char *name, struct braid_err *err)
{
	struct strbuf nfc = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	braid_text_nfc(name, strlen(name), &nfc);
	strbuf_rtrim(&nfc);
	if (!nfc.len) {
		strbuf_release(&nfc);
		return braid_errorf(err, BRAID_EINVAL, "a code needs a name");
	}
	rc = check_sibling_name(st, parent_of(st, id), nfc.buf, id, err);
	if (!rc && !(rc = db_prepare(st, "UPDATE codes SET name = ? WHERE id = ?", &s, err))) {
		db_bind_text(s, 1, nfc.buf, -1);
		sqlite3_bind_int64(s, 2, id);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, err, "cannot rename the code");
		sqlite3_finalize(s);
	}
	strbuf_release(&nfc);
	return rc;
}

int braid_code_move(struct braid_store *st, int64_t id, int64_t parent, struct braid_err *err)
{
	struct strbuf name = STRBUF_INIT;
	int rc;

	if (parent && is_within(st, parent, id))
		return braid_errorf(err, BRAID_EINVAL,
				    "cannot move a code under itself or one of its own sub-codes");
	rc = braid_code_slug(st, id, &name, err);
	if (!rc) {
		sqlite3_stmt *s;

		/* the name must stay unique among the new siblings */
		if (db_prepare(st, "SELECT name FROM codes WHERE id = ?", &s, err)) {
			strbuf_release(&name);
			return err ? err->code : BRAID_EDB;
		}
		sqlite3_bind_int64(s, 1, id);
		strbuf_reset(&name);
		if (sqlite3_step(s) == SQLITE_ROW)
			strbuf_addstr(&name, db_col_text(s, 0));
		sqlite3_finalize(s);
		rc = check_sibling_name(st, parent, name.buf, id, err);
	}
	if (!rc)
		rc = exec_bound(st,
				parent ? "UPDATE codes SET parent_id = ?2, position = (SELECT coalesce("
					 "max(position), -1) + 1 FROM codes WHERE parent_id = ?2)"
					 " WHERE id = ?1"
				       : "UPDATE codes SET parent_id = NULL, position = (SELECT coalesce("
					 "max(position), -1) + 1 FROM codes WHERE parent_id IS NULL)"
					 " WHERE id = ?1",
				id, parent, err, "cannot move the code");
	strbuf_release(&name);
	return rc;
}

int braid_code_merge(struct braid_store *st, int64_t from, int64_t into, size_t *moved,
		     struct braid_err *err)
{
	int rc;

	if (from == into)
		return braid_errorf(err, BRAID_EINVAL, "cannot merge a code into itself");
	if (is_within(st, into, from))
		return braid_errorf(err, BRAID_EINVAL,
				    "cannot merge a code into one of its own sub-codes: move that "
				    "sub-code out first");
	/* codings that would duplicate one already on `into` stay behind and are dropped */
	rc = exec_bound(st, "UPDATE OR IGNORE codings SET code_id = ?2 WHERE code_id = ?1", from, into,
			err, "cannot move the codings");
	if (!rc && moved)
		*moved = (size_t)sqlite3_changes(braid_store_db(st));
	if (!rc)
		rc = exec_bound(st, "DELETE FROM codings WHERE code_id = ?1", from, 0, err,
				"cannot drop duplicate codings");
	if (!rc)
		rc = exec_bound(st, "UPDATE codes SET parent_id = ?2 WHERE parent_id = ?1", from, into,
				err, "cannot move the sub-codes");
	if (!rc)
		rc = exec_bound(st, "UPDATE codes SET status = 'merged', merged_into = ?2 WHERE id = ?1",
				from, into, err, "cannot mark the code merged");
	return rc;
}

int braid_code_retire(struct braid_store *st, int64_t id, struct braid_err *err)
{
	return exec_bound(st, "UPDATE codes SET status = 'retired' WHERE id = ?1", id, 0, err,
			  "cannot retire the code");
}

static int set_patterns(struct braid_store *st, int64_t id, const char *value,
			struct braid_err *err)
{
	sqlite3_stmt *s;
	size_t pos = 0;
	int rc;

	rc = exec_bound(st, "DELETE FROM code_patterns WHERE code_id = ?1", id, 0, err,
			"cannot replace the patterns");
	if (rc || !value)
		return rc;
	if (db_prepare(st, "INSERT INTO code_patterns(code_id, position, pattern) VALUES (?, ?, ?)",
		       &s, err))
		return err ? err->code : BRAID_EDB;
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
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = db_error(st, err, "cannot store a pattern");
			sqlite3_reset(s);
		}
		value += n + (nl != NULL);
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_code_edit(struct braid_store *st, int64_t id, const char *field, const char *value,
		    struct braid_err *err)
{
	static const struct {
		const char *field, *column;
		int (*parse)(const char *);
	} fields[] = {
		{ "definition", "definition", NULL }, { "include", "include_text", NULL },
		{ "exclude", "exclude_text", NULL },  { "domain", "domain", NULL },
		{ "color", "color", NULL },	      { "scope", "scope", braid_scope_parse },
		{ "roles", "roles", braid_roles_parse }, { "kind", "kind", braid_kind_parse },
	};
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	if (value && !*value)
		value = NULL;
	if (!strcmp(field, "patterns"))
		return set_patterns(st, id, value, err);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (strcmp(field, fields[i].field))
			continue;
		if (fields[i].parse && (!value || fields[i].parse(value) < 0))
			return braid_errorf(err, BRAID_EINVAL, "bad %s '%s'", field,
					    value ? value : "");
		if (!strcmp(field, "color") && value) {
			size_t n = strlen(value);
			int ok = value[0] == '#' && (n == 4 || n == 7);

			for (size_t k = 1; ok && k < n; k++)
				ok = strchr("0123456789abcdefABCDEF", value[k]) != NULL;
			if (!ok)
				return braid_errorf(err, BRAID_EINVAL,
						    "bad color '%s' (expected #rgb or #rrggbb)", value);
		}
		strbuf_addf(&sql, "UPDATE codes SET %s = ? WHERE id = ?", fields[i].column);
		rc = db_prepare(st, sql.buf, &s, err);
		strbuf_release(&sql);
		if (rc)
			return rc;
		db_bind_text(s, 1, value, -1);
		sqlite3_bind_int64(s, 2, id);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_error(st, err, "cannot edit the code");
		sqlite3_finalize(s);
		return rc;
	}
	return braid_errorf(err, BRAID_EINVAL,
			    "unknown field '%s' (expected definition, include, exclude, domain, "
			    "color, scope, roles, kind or patterns)",
			    field);
}
