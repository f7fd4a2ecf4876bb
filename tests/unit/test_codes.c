/* test_codes.c - the code tree of a project: import/merge, create, rename, move, merge, retire, edit. */
#include "testutil.h"

#include <sqlite3.h>
#include <unistd.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/store.h"

static char path[64];
static struct braid_store *st;
static struct braid_err err;

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/braid-codes-%d.braid", (int)getpid());
	unlink(path);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	return 0;
}

static void set_code(struct braid_code *c, const char *id, const char *name, const char *def)
{
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(id);
	c->name = xstrdup(name);
	c->definition = def ? xstrdup(def) : NULL;
}

/* legal { legal-aid, documents }, social { peer-support } */
static void make_book(struct braid_codebook *cb, int drop_documents, const char *aid_def)
{
	struct braid_code *legal, *social;

	braid_codebook_init(cb);
	cb->name = xstrdup("Support");
	cb->version = xstrdup("1");
	cb->ncodes = 2;
	cb->codes = xcalloc(2, sizeof(struct braid_code));
	legal = &cb->codes[0];
	social = &cb->codes[1];
	set_code(legal, "legal", "Legal", "Legal support");
	set_code(social, "social", "Social", NULL);
	legal->nchildren = drop_documents ? 1 : 2;
	legal->children = xcalloc(2, sizeof(struct braid_code));
	set_code(&legal->children[0], "legal-aid", "Legal aid", aid_def);
	legal->children[0].npatterns = 1;
	legal->children[0].patterns = xcalloc(1, sizeof(char *));
	legal->children[0].patterns[0] = xstrdup("legal (aid|advice)");
	if (!drop_documents)
		set_code(&legal->children[1], "documents", "Documents", "Passports and status");
	social->nchildren = 1;
	social->children = xcalloc(1, sizeof(struct braid_code));
	set_code(&social->children[0], "peer-support", "Peer support", NULL);
}

struct tree {
	char line[1024];
};

static int tree_row(const struct braid_code_row *r, void *ctx)
{
	struct tree *t = ctx;
	size_t n = strlen(t->line);

	snprintf(t->line + n, sizeof(t->line) - n, "%s%d:%s(%s)", n ? " " : "", r->depth, r->slug,
		 r->status);
	return 0;
}

static const char *tree(int flags)
{
	static struct tree t;

	t.line[0] = '\0';
	assert_int_equal(braid_codes_each(st, flags, tree_row, &t, &err), 0);
	return t.line;
}

static int64_t find(const char *ref)
{
	int64_t id = 0;

	if (braid_code_find(st, ref, &id, &err))
		fail_msg("find %s: %s", ref, err.msg);
	return id;
}

static void add_coding(int64_t code, int64_t start, int64_t end, int64_t coder)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO codings(doc_id, start_cp, end_cp, code_id, coder_id, origin)"
		 " VALUES (1, %lld, %lld, %lld, %lld, 'manual')",
		 (long long)start, (long long)end, (long long)code, (long long)coder);
	assert_int_equal(sqlite3_exec(braid_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
}

static void fake_doc(void)
{
	assert_int_equal(sqlite3_exec(braid_store_db(st),
				      "INSERT INTO documents(name, kind, hash, format, chars, words)"
				      " VALUES ('d', 'document', 'h', 'text', 14, 3);"
				      "INSERT INTO coders(name) VALUES ('ana')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
}

static void test_import_and_reimport(void **state)
{
	struct braid_codebook cb;
	struct braid_import_report rep;

	make_book(&cb, 0, "Advice from a lawyer");
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), 0);
	assert_int_equal(rep.added, 5);
	assert_string_equal(tree(0), "0:legal(active) 1:legal-aid(active) 1:documents(active) "
				     "0:social(active) 1:peer-support(active)");
	braid_import_report_release(&rep);

	/* the same again: nothing changes */
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), 0);
	assert_int_equal(rep.added, 0);
	assert_int_equal(rep.unchanged, 5);
	assert_int_equal(rep.updated, 0);
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);

	/* a new version: one definition changed, 'documents' gone but coded: kept */
	fake_doc();
	add_coding(find("documents"), 0, 4, 1);
	make_book(&cb, 1, "Advice or representation by a lawyer");
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), 0);
	assert_int_equal(rep.updated, 1);
	assert_int_equal(rep.unchanged, 3);
	assert_int_equal(rep.kept, 1);
	assert_non_null(strstr(rep.kept_names.buf, "Documents (documents, 1 codings)"));
	assert_non_null(strstr(tree(0), "documents(active)"));
	braid_import_report_release(&rep);

	/* ... and with retire_missing it is retired, its codings kept */
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 1, &rep, &err), 0);
	assert_int_equal(rep.retired, 1);
	assert_null(strstr(tree(0), "documents"));
	assert_non_null(strstr(tree(BRAID_CODES_ALL), "documents(retired)"));
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
}

static void test_import_refuses_foreign_id(void **state)
{
	struct braid_codebook cb;
	struct braid_import_report rep;
	struct braid_code_new n = { .name = "Legal aid", .coder = "ana", .kind = BRAID_INDUCTIVE };
	int64_t id;

	/* an inductive code already holds the id "legal-aid" */
	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	make_book(&cb, 0, NULL);
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "'legal-aid' is already taken"));
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
}

static void test_create_find_rename(void **state)
{
	struct braid_code_new n = { .name = "Trust", .coder = "ana", .kind = BRAID_INDUCTIVE };
	struct braid_code_new ru = { .name = "Доверие", .coder = "ana", .kind = BRAID_INDUCTIVE };
	int64_t a, b, c, d;
	sqlite3_stmt *s;

	assert_int_equal(braid_code_create(st, &n, &a, &err), 0);
	/* same name among siblings: refused */
	assert_int_equal(braid_code_create(st, &n, &b, &err), BRAID_EEXIST);
	/* same name under another parent: allowed, the slug is numbered */
	n.parent = "trust";
	assert_int_equal(braid_code_create(st, &n, &b, &err), 0);
	assert_int_equal(braid_code_create(st, &ru, &c, &err), 0);
	assert_true(find("trust") == a);
	assert_true(find("trust-2") == b);
	/* names are found case-insensitively, also in Cyrillic */
	assert_true(find("ДОВЕРИЕ") == c);
	assert_int_equal(braid_code_find(st, "TRUST", &d, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "ambiguous"));
	assert_int_equal(braid_code_find(st, "nothing", &d, &err), BRAID_ENOTFOUND);

	/* the creator and kind are recorded */
	sqlite3_prepare_v2(braid_store_db(st),
			   "SELECT c.kind, cd.name FROM codes c JOIN coders cd ON cd.id = c.created_by"
			   " WHERE c.id = ?",
			   -1, &s, NULL);
	sqlite3_bind_int64(s, 1, a);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "inductive");
	assert_string_equal((const char *)sqlite3_column_text(s, 1), "ana");
	sqlite3_finalize(s);

	/* rename keeps the id, refuses a sibling's name */
	assert_int_equal(braid_code_rename(st, c, "Trust", &err), BRAID_EEXIST);
	assert_int_equal(braid_code_rename(st, c, "Distrust", &err), 0);
	assert_true(find("distrust") == c);
	assert_true(find("доверие") == c); /* the id (slug) stays */
}

static void test_move_merge_retire(void **state)
{
	struct braid_codebook cb;
	struct braid_import_report rep;
	int64_t legal, aid, docs, social, peer;
	size_t moved = 0;
	sqlite3_stmt *s;

	make_book(&cb, 0, NULL);
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), 0);
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	legal = find("legal");
	aid = find("legal-aid");
	docs = find("documents");
	social = find("social");
	peer = find("peer-support");

	/* a code cannot go under itself or its descendants */
	assert_int_equal(braid_code_move(st, legal, aid, &err), BRAID_EINVAL);
	assert_int_equal(braid_code_move(st, legal, legal, &err), BRAID_EINVAL);
	assert_int_equal(braid_code_move(st, peer, legal, &err), 0);
	assert_string_equal(tree(0), "0:legal(active) 1:legal-aid(active) 1:documents(active) "
				     "1:peer-support(active) 0:social(active)");
	assert_int_equal(braid_code_move(st, peer, 0, &err), 0);
	assert_string_equal(tree(0), "0:legal(active) 1:legal-aid(active) 1:documents(active) "
				     "0:social(active) 0:peer-support(active)");

	/* merge: codings move, exact duplicates are dropped, the old code stays as merged */
	fake_doc();
	add_coding(docs, 0, 4, 1);
	add_coding(docs, 5, 9, 1);
	add_coding(aid, 5, 9, 1); /* the same span is already on legal-aid */
	assert_int_equal(braid_code_merge(st, docs, aid, &moved, &err), 0);
	assert_int_equal(moved, 1);
	sqlite3_prepare_v2(braid_store_db(st),
			   "SELECT (SELECT count(*) FROM codings WHERE code_id = ?1),"
			   " (SELECT count(*) FROM codings WHERE code_id = ?2),"
			   " (SELECT status || ' ' || merged_into FROM codes WHERE id = ?1)",
			   -1, &s, NULL);
	sqlite3_bind_int64(s, 1, docs);
	sqlite3_bind_int64(s, 2, aid);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0);
	assert_int_equal(sqlite3_column_int(s, 1), 2);
	{
		char want[32];

		snprintf(want, sizeof(want), "merged %lld", (long long)aid);
		assert_string_equal((const char *)sqlite3_column_text(s, 2), want);
	}
	sqlite3_finalize(s);
	assert_int_equal(braid_code_merge(st, aid, aid, &moved, &err), BRAID_EINVAL);
	assert_int_equal(braid_code_merge(st, legal, aid, &moved, &err), BRAID_EINVAL);

	assert_int_equal(braid_code_retire(st, social, &err), 0);
	assert_null(strstr(tree(0), "0:social"));
	assert_non_null(strstr(tree(BRAID_CODES_ALL), "social(retired)"));
}

static void test_edit(void **state)
{
	struct braid_code_new n = { .name = "Hope", .coder = "ana", .kind = BRAID_INDUCTIVE };
	int64_t id;
	sqlite3_stmt *s;

	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	assert_int_equal(braid_code_edit(st, id, "definition", "Looking forward", &err), 0);
	assert_int_equal(braid_code_edit(st, id, "color", "#12ab3F", &err), 0);
	assert_int_equal(braid_code_edit(st, id, "color", "blue", &err), BRAID_EINVAL);
	assert_int_equal(braid_code_edit(st, id, "scope", "turn", &err), 0);
	assert_int_equal(braid_code_edit(st, id, "scope", "page", &err), BRAID_EINVAL);
	assert_int_equal(braid_code_edit(st, id, "roles", "any", &err), 0);
	assert_int_equal(braid_code_edit(st, id, "patterns", "\\bhope\\w*\nнадежд\\w*", &err), 0);
	assert_int_equal(braid_code_edit(st, id, "patterns", "ok\n(broken", &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "'(broken' at offset 7"));
	assert_int_equal(braid_code_edit(st, id, "size", "1", &err), BRAID_EINVAL);
	sqlite3_prepare_v2(braid_store_db(st),
			   "SELECT definition, color, scope, roles,"
			   " (SELECT group_concat(pattern, '|') FROM code_patterns WHERE code_id = ?1)"
			   " FROM codes WHERE id = ?1",
			   -1, &s, NULL);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "Looking forward");
	assert_string_equal((const char *)sqlite3_column_text(s, 1), "#12ab3F");
	assert_string_equal((const char *)sqlite3_column_text(s, 2), "turn");
	assert_string_equal((const char *)sqlite3_column_text(s, 3), "any");
	sqlite3_finalize(s);
}

static void test_two_codebooks_and_domains(void **state)
{
	struct braid_codebook a, b;
	struct braid_import_report rep;
	struct braid_code_new n = { .name = "Waiting lists", .parent = "legal", .coder = "ana",
				    .kind = BRAID_INDUCTIVE };
	int64_t id;
	sqlite3_stmt *s;

	make_book(&a, 0, NULL);
	a.codes[0].domain = xstrdup("legal");
	braid_codebook_init(&b);
	b.name = xstrdup("Levels");
	b.ncodes = 2;
	b.codes = xcalloc(2, sizeof(struct braid_code));
	set_code(&b.codes[0], "micro", "Microsystem", NULL);
	set_code(&b.codes[1], "macro", "Macrosystem", NULL);
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &a, "a.yaml", 0, &rep, &err), 0);
	assert_int_equal(braid_codes_import(st, &b, "b.yaml", 0, &rep, &err), 0);
	braid_import_report_release(&rep);
	/* a code made while coding comes after the codebook's siblings, with its parent's domain */
	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	/* each codebook stays together, in import order, not interleaved */
	assert_string_equal(tree(0), "0:legal(active) 1:legal-aid(active) 1:documents(active) "
				     "1:waiting-lists(active) 0:social(active) 1:peer-support(active) "
				     "0:micro(active) 0:macro(active)");
	sqlite3_prepare_v2(braid_store_db(st), "SELECT domain FROM codes WHERE id = ?", -1, &s, NULL);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "legal");
	sqlite3_finalize(s);
	braid_codebook_release(&a);
	braid_codebook_release(&b);
}

static void test_export(void **state)
{
	struct braid_codebook cb, out;
	struct braid_import_report rep;
	struct braid_code_new n = { .name = "Hope", .coder = "ana", .kind = BRAID_INDUCTIVE };
	int64_t id;

	make_book(&cb, 0, "Advice");
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), 0);
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);

	assert_int_equal(braid_codes_export(st, "Support", &out, &err), 0);
	assert_string_equal(out.name, "Support");
	assert_int_equal(out.ncodes, 2);
	assert_int_equal(out.codes[0].nchildren, 2);
	assert_string_equal(out.codes[0].children[0].id, "legal-aid");
	assert_string_equal(out.codes[0].children[0].definition, "Advice");
	assert_int_equal(out.codes[0].children[0].npatterns, 1);
	assert_string_equal(out.codes[0].children[0].patterns[0], "legal (aid|advice)");
	braid_codebook_release(&out);

	/* the whole project: the inductive code too */
	assert_int_equal(braid_codes_export(st, NULL, &out, &err), 0);
	assert_int_equal(out.ncodes, 3);
	assert_string_equal(out.codes[2].id, "hope");
	assert_int_equal(out.codes[2].kind, BRAID_INDUCTIVE);
	braid_codebook_release(&out);
	assert_int_equal(braid_codes_export(st, "Nope", &out, &err), BRAID_ENOTFOUND);
	braid_codebook_release(&out);
}

/* The tree a client loads: parents, look-ups by id and reference, counts per coder. */
static void test_code_tree(void **state)
{
	struct braid_codebook cb;
	struct braid_import_report rep;
	struct braid_code_tree t;
	const struct braid_code_node *k;
	struct braid_code_new n = { .name = "PEER Support", .coder = "tester" };
	int64_t id;

	make_book(&cb, 0, NULL);
	braid_import_report_init(&rep);
	assert_int_equal(braid_codes_import(st, &cb, "x.yaml", 0, &rep, &err), 0);
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	fake_doc();
	assert_int_equal(sqlite3_exec(braid_store_db(st), "INSERT INTO coders(name) VALUES ('bo')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	add_coding(find("legal-aid"), 0, 4, 1);
	add_coding(find("legal-aid"), 5, 9, 2);
	add_coding(find("legal-aid"), 10, 14, 2);
	add_coding(find("peer-support"), 0, 4, 2);

	braid_code_tree_init(&t);
	assert_int_equal(braid_code_tree_load(st, BRAID_CODES_COUNTS, &t, &err), 0);
	assert_int_equal(t.n, 5);
	assert_string_equal(t.v[1].slug, "legal-aid");
	assert_int_equal(t.v[1].parent, 0);
	assert_int_equal(t.v[1].shown_depth, 1);
	assert_int_equal(t.v[0].parent, BRAID_NO_NODE);
	assert_int_equal(t.ncoders, 2);
	assert_string_equal(t.coders[0], "ana");
	assert_string_equal(t.coders[1], "bo");
	assert_int_equal(t.v[1].count, 3);
	assert_int_equal(t.v[1].by_coder[0], 1);
	assert_int_equal(t.v[1].by_coder[1], 2);
	assert_int_equal(t.v[0].by_coder[1], 0);
	assert_ptr_equal(braid_code_tree_by_id(&t, find("social")), &t.v[3]);
	assert_null(braid_code_tree_by_id(&t, 999));

	/* by id, by name ignoring case; an unknown reference */
	assert_int_equal(braid_code_tree_find(&t, "documents", &k, &err), 0);
	assert_string_equal(k->name, "Documents");
	assert_int_equal(braid_code_tree_find(&t, "legal AID", &k, &err), 0);
	assert_string_equal(k->slug, "legal-aid");
	assert_int_equal(braid_code_tree_find(&t, "nosuch", &k, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no code 'nosuch'");
	assert_null(k);

	/* two codes of one name: ambiguous, as braid_code_find says it */
	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	assert_int_equal(braid_code_tree_load(st, 0, &t, &err), 0);
	assert_int_equal(braid_code_tree_find(&t, "peer support", &k, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "code name 'peer support' is ambiguous: use one of the ids "
				     "peer-support, peer-support-2");
	assert_int_equal(braid_code_find(st, "peer support", &id, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "code name 'peer support' is ambiguous: use one of the ids "
				     "peer-support, peer-support-2");

	/* a retired parent is not loaded: its child shows at the top */
	assert_int_equal(braid_code_retire(st, find("social"), &err), 0);
	assert_int_equal(braid_code_tree_load(st, 0, &t, &err), 0);
	assert_int_equal(braid_code_tree_find(&t, "peer-support", &k, &err), 0);
	assert_int_equal(k->depth, 1);
	assert_int_equal(k->shown_depth, 0);
	assert_int_equal(k->parent, BRAID_NO_NODE);
	assert_int_equal(braid_code_tree_find(&t, "social", &k, &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_code_tree_load(st, BRAID_CODES_ALL, &t, &err), 0);
	assert_int_equal(braid_code_tree_find(&t, "social", &k, &err), 0);
	assert_string_equal(k->status, "retired");
	braid_code_tree_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_and_reimport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_refuses_foreign_id, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_find_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_merge_retire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_codebooks_and_domains, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_tree, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
