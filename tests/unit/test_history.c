/*
 * test_history.c - the change record, undo and redo of every kind of change,
 * conflicts named by the later change, redo cleared by a new change, ids
 * never reused, memos going and coming back with their coding.
 */
#include "teststore.h"

#include <sqlite3.h>

#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/search.h"
#include "braid/store.h"

static char path[64], src[64], doc[64];
static struct braid_store *st;
static struct braid_err err;

static void begin(const char *who, const char *command)
{
	test_begin(st, who, command, &err);
}

static void commit(void)
{
	test_commit(st, &err);
}

static int64_t count(const char *sql)
{
	return test_sql_int(st, sql);
}

static char *snapshot(void)
{
	return test_snapshot(st);
}

/*
 * The document (its stored text, offsets by hand):
 *   "I: Who helped you?\n\n"                    turn 1, utterance 3..17
 *   "P: Юрист помог мне. The group helped."     turn 2, utterance 22..57
 * "Юрист помог мне." is 22..38, "The group helped." 39..56.
 */
static int setup(void **state)
{
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/braid-history-%d.braid", (int)getpid());
	snprintf(src, sizeof(src), "/tmp/braid-history-%d.txt", (int)getpid());
	snprintf(doc, sizeof(doc), "braid-history-%d", (int)getpid());
	test_remove_project(path);
	f = fopen(src, "w");
	fputs("I: Who helped you?\nP: Юрист помог мне. The group helped.\n", f);
	fclose(f);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(src);
	return 0;
}

/* One change: who runs a command. */
static void ingest(const char *who)
{
	const char *paths[1] = { src };
	struct braid_ingest_opts o = { .case_name = "P001" };

	begin(who, "ingest");
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	commit();
}

static void import_book(const char *who)
{
	struct braid_codebook cb;
	struct braid_import_report rep;
	static const char yaml[] = "name: Book\ncodes:\n"
				   "  - name: Legal\n    id: legal\n    patterns: [\"юрист\"]\n"
				   "  - name: Peer\n    id: peer\n";

	braid_import_report_init(&rep);
	assert_int_equal(braid_codebook_parse(yaml, sizeof(yaml) - 1, "book.yaml", &cb, &err), 0);
	begin(who, "codebook import");
	if (braid_codes_import(st, &cb, "book.yaml", 0, &rep, &err))
		fail_msg("import: %s", err.msg);
	commit();
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
}

static int64_t code_add(const char *who, const char *code, int64_t start, int64_t end)
{
	struct braid_coding_new c = { .doc = doc, .start = start, .end = end, .code = code,
				      .coder = who };
	int64_t id = 0;
	int created;

	begin(who, "code add");
	if (braid_coding_add(st, &c, &id, &created, &err))
		fail_msg("code add: %s", err.msg);
	commit();
	return id;
}

static int64_t memo_add(const char *who, const char *on, const char *text)
{
	int64_t id = 0;

	begin(who, "memo add");
	if (braid_memo_add(st, on, NULL, who, text, &id, &err))
		fail_msg("memo add: %s", err.msg);
	commit();
	return id;
}

/* undo/redo as `who`: the return code, with err set on failure. */
static int step(const char *who, int redo, int n, struct braid_history_result *res)
{
	int rc;

	begin(who, redo ? "redo" : "undo");
	rc = (redo ? braid_redo : braid_undo)(st, n, res, &err);
	if (rc)
		braid_store_rollback(st);
	else
		commit();
	return rc;
}

static int count_hit(const struct braid_hit *h, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static int hits(const char *query)
{
	struct braid_search_opts o = { 0 };
	int n = 0;

	assert_int_equal(braid_search(st, query, &o, count_hit, &n, &err), 0);
	return n;
}

/* Undo restores the project exactly; redo brings the change back exactly. */
static void undo_redo_exact(const char *who, const char *before)
{
	struct braid_history_result res;
	char *after, *undone, *redone;

	after = snapshot();
	assert_int_equal(step(who, 0, 1, &res), 0);
	assert_int_equal(res.n, 1);
	undone = snapshot();
	ASSERT_SAME(before, undone);
	assert_int_equal(step(who, 1, 1, &res), 0);
	assert_int_equal(res.n, 1);
	redone = snapshot();
	ASSERT_SAME(after, redone);
	free(after);
	free(undone);
	free(redone);
}

static void test_undo_every_kind(void **state)
{
	char *s0;
	int64_t g1, g2, code;

	/* ingest, with the search index following */
	s0 = snapshot();
	ingest("ana");
	assert_int_equal(hits("юрист"), 1);
	undo_redo_exact("ana", s0);
	assert_int_equal(hits("юрист"), 1);
	{
		struct braid_history_result res;

		assert_int_equal(step("ana", 0, 1, &res), 0);
		assert_int_equal(hits("юрист"), 0);
		assert_int_equal(step("ana", 1, 1, &res), 0);
		assert_int_equal(hits("group"), 1);
	}
	free(s0);

	/* codebook import */
	s0 = snapshot();
	import_book("ana");
	assert_int_equal(count("SELECT count(*) FROM codes"), 2);
	undo_redo_exact("ana", s0);
	free(s0);

	/* codings, and the coder the first one created */
	s0 = snapshot();
	g1 = code_add("ben", "legal", 22, 38);
	undo_redo_exact("ben", s0);
	free(s0);

	/* review */
	s0 = snapshot();
	begin("ana", "code reject");
	assert_int_equal(braid_coding_review(st, g1, "rejected", NULL, &err), 0);
	commit();
	undo_redo_exact("ana", s0);
	free(s0);
	/* review back to accepted, so that later steps start from an accepted coding */
	begin("ana", "code accept");
	assert_int_equal(braid_coding_review(st, g1, "accepted", NULL, &err), 0);
	commit();

	/* code tree: create, rename, move, edit patterns, merge, retire */
	s0 = snapshot();
	begin("ben", "code add");
	{
		struct braid_code_new n = { .name = "Peer group", .coder = "ben",
					    .kind = BRAID_INDUCTIVE };

		assert_int_equal(braid_code_create(st, &n, &code, &err), 0);
	}
	commit();
	undo_redo_exact("ben", s0);
	free(s0);
	s0 = snapshot();
	begin("ben", "code rename");
	assert_int_equal(braid_code_rename(st, code, "Peers", &err), 0);
	commit();
	undo_redo_exact("ben", s0);
	free(s0);
	s0 = snapshot();
	begin("ben", "code move");
	assert_int_equal(braid_code_find(st, "peer", &g2, &err), 0);
	assert_int_equal(braid_code_move(st, code, g2, &err), 0);
	commit();
	undo_redo_exact("ben", s0);
	free(s0);
	s0 = snapshot();
	begin("ben", "code edit");
	assert_int_equal(braid_code_edit(st, code, "patterns", "group\npeers?", &err), 0);
	commit();
	undo_redo_exact("ben", s0);
	free(s0);
	g2 = code_add("ben", "peers", 39, 56);
	s0 = snapshot();
	begin("ben", "code merge");
	{
		int64_t into;

		assert_int_equal(braid_code_find(st, "peer", &into, &err), 0);
		assert_int_equal(braid_code_merge(st, code, into, NULL, &err), 0);
	}
	commit();
	undo_redo_exact("ben", s0);
	free(s0);
	s0 = snapshot();
	begin("ben", "code retire");
	assert_int_equal(braid_code_retire(st, code, &err), 0);
	commit();
	undo_redo_exact("ben", s0);
	free(s0);

	/* memos, and a coding removed with its memo */
	s0 = snapshot();
	memo_add("ben", "project", "a memo");
	undo_redo_exact("ben", s0);
	free(s0);
	memo_add("ben", "segment:1", "on the legal coding");
	s0 = snapshot();
	begin("ana", "code rm");
	{
		size_t memos = 0;

		assert_int_equal(braid_coding_rm(st, g1, &memos, NULL, &err), 0);
		assert_int_equal(memos, 1);
	}
	commit();
	assert_int_equal(count("SELECT count(*) FROM memos WHERE coding_id = 1"), 0);
	/* undo brings the coding and its memo back, on the same coding */
	undo_redo_exact("ana", s0);
	free(s0);
	(void)g2;
}

static void test_log_rows(void **state)
{
	struct braid_history_result res;
	int64_t id;

	ingest("ana");
	import_book("ana");
	id = code_add("ana", "legal", 22, 38);
	assert_int_equal(id, 1);
	assert_int_equal(step("ana", 0, 1, &res), 0);
	assert_int_equal(res.reverted[0], 4); /* init 1, ingest 2, import 3, code add 4 */
	assert_int_equal(res.done[0], 5);
	assert_int_equal(count("SELECT undone FROM audit WHERE id = 4"), 5);
	assert_int_equal(count("SELECT reverts FROM audit WHERE id = 5"), 4);
	assert_int_equal(count("SELECT kind = 'undo' FROM audit WHERE id = 5"), 1);
	assert_int_equal(step("ana", 1, 1, &res), 0);
	assert_int_equal(count("SELECT undone FROM audit WHERE id = 5"), 6);
	assert_int_equal(count("SELECT kind = 'redo' AND reverts = 5 FROM audit WHERE id = 6"), 1);
	/* the redone coding has its own id back */
	assert_int_equal(count("SELECT count(*) FROM codings WHERE id = 1"), 1);
}

static void test_conflicts_name_the_later_change(void **state)
{
	struct braid_history_result res;
	char *before, *after;
	int64_t code, g;

	ingest("ana");
	begin("ana", "code add");
	{
		struct braid_code_new n = { .name = "Trust", .coder = "ana", .kind = BRAID_INDUCTIVE };

		assert_int_equal(braid_code_create(st, &n, &code, &err), 0);
	}
	commit();
	/* ben uses ana's new code: ana may not undo its creation */
	g = code_add("ben", "trust", 22, 38);
	before = snapshot();
	assert_int_equal(step("ana", 0, 1, &res), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "cannot undo #3 (code add by ana): change #4 (code add by ben at "));
	assert_non_null(strstr(err.msg, "made coding #1, which depends on what this would undo"));
	after = snapshot();
	ASSERT_SAME(before, after); /* nothing changed */
	free(after);
	/* once ben's coding is gone (his own undo), ana's undo goes through */
	assert_int_equal(step("ben", 0, 1, &res), 0);
	assert_int_equal(step("ana", 0, 1, &res), 0);
	assert_int_equal(count("SELECT count(*) FROM codes"), 0);
	free(before);

	/* a value changed since: ana codes, ben rejects her coding, ana cannot undo hers */
	assert_int_equal(step("ana", 1, 1, &res), 0); /* the code is back */
	g = code_add("ana", "trust", 39, 56);
	begin("ben", "code reject");
	assert_int_equal(braid_coding_review(st, g, "rejected", NULL, &err), 0);
	commit();
	assert_int_equal(step("ana", 0, 1, &res), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "has since changed coding #"));
	assert_non_null(strstr(err.msg, "(code reject by ben at "));

	/* a memo on a coding: the coding's author cannot undo it under the memo */
	assert_int_equal(step("ben", 0, 1, &res), 0); /* ben's reject undone */
	{
		char on[32];

		snprintf(on, sizeof(on), "segment:%lld", (long long)g);
		memo_add("ben", on, "why this matters");
	}
	assert_int_equal(step("ana", 0, 1, &res), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "made memo #1, which depends on what this would undo"));
}

static void test_redo_cleared_by_new_change(void **state)
{
	struct braid_history_result res;

	ingest("ana");
	import_book("ana");
	code_add("ana", "legal", 22, 38);
	code_add("ana", "peer", 39, 56);
	/* two undos, newest first */
	assert_int_equal(step("ana", 0, 2, &res), 0);
	assert_int_equal(res.n, 2);
	assert_true(res.reverted[0] > res.reverted[1]);
	assert_int_equal(count("SELECT count(*) FROM codings"), 0);
	/* redo brings back the most recently undone first */
	assert_int_equal(step("ana", 1, 1, &res), 0);
	assert_int_equal(count("SELECT count(*) FROM codings WHERE start_cp = 22"), 1);
	/* another person's change does not clear ana's redo list */
	code_add("ben", "peer", 22, 38);
	/* a new change of ana's does */
	code_add("ana", "peer", 3, 17);
	assert_int_equal(step("ana", 1, 1, &res), BRAID_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nothing to redo for 'ana'"));
	/* undo asks for more than there is: it does what there is */
	assert_int_equal(step("ben", 0, 5, &res), 0);
	assert_int_equal(res.n, 1);
	assert_int_equal(step("ben", 0, 1, &res), BRAID_ENOTFOUND);
}

static void test_ids_never_reused(void **state)
{
	struct braid_history_result res;
	int64_t a, b, c;

	ingest("ana");
	import_book("ana");
	a = code_add("ana", "legal", 22, 38);
	begin("ana", "code rm");
	assert_int_equal(braid_coding_rm(st, a, NULL, NULL, &err), 0);
	commit();
	b = code_add("ana", "legal", 22, 38);
	assert_true(b > a);
	/* an undone insert's id is not given again either */
	assert_int_equal(step("ana", 0, 1, &res), 0);
	c = code_add("ana", "legal", 22, 38);
	assert_true(c > b);
	/* and the same for documents, memos and codes */
	assert_true(memo_add("ana", "project", "x") == 1);
	assert_int_equal(step("ana", 0, 1, &res), 0);
	assert_true(memo_add("ana", "project", "y") == 2);
}

static void test_nothing_changed_no_row(void **state)
{
	int64_t before;

	ingest("ana");
	import_book("ana");
	code_add("ana", "legal", 22, 38);
	before = count("SELECT count(*) FROM audit");
	/* the same coding again, a review into the status it has, an unchanged import */
	code_add("ana", "legal", 22, 38);
	begin("ana", "code accept");
	assert_int_equal(braid_coding_review(st, 1, "accepted", NULL, &err), 0);
	commit();
	assert_int_equal(count("SELECT count(*) FROM audit"), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_undo_every_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts_name_the_later_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redo_cleared_by_new_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_never_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_changed_no_row, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
