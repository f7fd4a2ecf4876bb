/*
 * test_reconcile.c - two coders reconciled into a consensus coder: the items
 * found, each decision's codings exactly, the agreed codings copied, the
 * decisions file and its errors, the refusal and --resume of a second run,
 * and undo restoring the project.
 */
#include "teststore.h"

#include <sqlite3.h>

#include "braid/agree.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/store.h"

static char path[64], f_int[64], f_dec[64];
static struct braid_store *st;
static struct braid_err err;

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void code(int64_t a, int64_t e, const char *c, const char *coder)
{
	struct braid_coding_new n = {"int", a, e, c, coder, NULL, NULL};
	int64_t id;
	int created;

	if (braid_coding_add(st, &n, &id, &created, &err))
		fail_msg("code %lld-%lld %s %s: %s", (long long)a, (long long)e, c, coder, err.msg);
}

/* Answer k's span (turn 2k). */
static void answer(int k, int64_t *a, int64_t *e)
{
	if (braid_span_turns(st, "int", 2 * k, 2 * k, a, e, &err))
		fail_msg("answer %d: %s", k, err.msg);
}

/*
 * "int": five questions and answers; "Interviewer: Question k?" is 24 code
 * points, then "\n\n", "P001: " (6), "Answer number k." (16) and "\n\n": 50
 * a block, so answer k is [50k - 18, 50k - 2) (k = 1..5: 32-48, 82-98,
 * 132-148, 182-198, 232-248), and "P001: " before answer 4 is 176-182.
 *   X, answer 1: both code it whole        -> agreed, copied
 *   Y, answer 1: amina 32-38, ben 39-48    -> item 1
 *   X, answer 2: amina only                -> item 2
 *   X, answer 3: ben only                  -> item 3
 *   Y, answer 4: amina 182-188, ben whole  -> item 4
 *   X, answer 5: ben only                  -> item 5
 */
static int setup(void **state)
{
	struct strbuf t = STRBUF_INIT;
	int64_t a, e;

	snprintf(path, sizeof(path), "/tmp/braid-reconcile-%d.braid", (int)getpid());
	snprintf(f_int, sizeof(f_int), "/tmp/rec-int-%d.txt", (int)getpid());
	snprintf(f_dec, sizeof(f_dec), "/tmp/rec-dec-%d.tsv", (int)getpid());
	test_remove_project(path);
	for (int i = 1; i <= 5; i++)
		strbuf_addf(&t, "Interviewer: Question %d?\nP001: Answer number %d.\n", i, i);
	write_file(f_int, t.buf);
	strbuf_release(&t);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	test_begin(st, "tester", "setup", &err);
	{
		struct braid_ingest_opts o = {.name = "int", .kind = "interview"};
		const char *paths[1] = {f_int};

		if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
			fail_msg("ingest: %s", err.msg);
	}
	for (int i = 0; i < 2; i++) {
		struct braid_code_new n = {.name = i ? "Y" : "X", .coder = "tester"};
		int64_t id;

		if (braid_code_create(st, &n, &id, &err))
			fail_msg("code: %s", err.msg);
	}
	for (int k = 1; k <= 5; k++) {
		answer(k, &a, &e);
		assert_int_equal(a, 50 * k - 18);
		assert_int_equal(e, 50 * k - 2);
	}
	code(32, 48, "x", "amina");
	code(32, 48, "x", "ben");
	code(32, 38, "y", "amina");
	code(39, 48, "y", "ben");
	code(82, 98, "x", "amina");
	code(132, 148, "x", "ben");
	code(182, 188, "y", "amina");
	code(182, 198, "y", "ben");
	code(232, 248, "x", "ben");
	test_commit(st, &err);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(f_int);
	unlink(f_dec);
	return 0;
}

static const struct braid_rec_opts opts = {.a = "amina", .b = "ben", .unit = BRAID_AGREE_TURN};

/* The consensus coder's codings, "code start-end origin status" joined by "|". */
static const char *consensus(void)
{
	static char buf[1024];
	sqlite3_stmt *s;

	assert_int_equal(
	    sqlite3_prepare_v2(braid_store_db(st),
			       "SELECT k.slug || ' ' || c.start_cp || '-' || c.end_cp ||"
			       " ' ' || c.origin || ' ' || c.status FROM codings c"
			       " JOIN codes k ON k.id = c.code_id JOIN coders p ON"
			       " p.id = c.coder_id WHERE p.name = 'consensus'"
			       " ORDER BY c.start_cp, k.slug",
			       -1, &s, NULL),
	    SQLITE_OK);
	buf[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t n = strlen(buf);

		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "|" : "",
			 (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return buf;
}

static void test_items(void **state)
{
	struct braid_reconcile r;

	assert_int_equal(braid_reconcile_load(st, &opts, &r, &err), 0);
	assert_string_equal(r.a, "amina");
	assert_string_equal(r.as, "consensus");
	assert_int_equal(r.nunits, 5);
	assert_int_equal(r.nagreed, 1);
	assert_int_equal(r.agreed[0].start, 32);
	assert_int_equal(r.agreed[0].end, 48);
	assert_int_equal(r.nitems, 5);
	/* 1: answer 1, Y, different spans */
	assert_int_equal(r.items[0].id, 1);
	assert_int_equal(r.items[0].turn, 2);
	assert_string_equal(r.items[0].speaker, "P001");
	assert_string_equal(r.items[0].code, "y");
	assert_string_equal(r.items[0].text, "Answer number 1.");
	assert_int_equal(r.items[0].na, 1);
	assert_int_equal(r.items[0].a[0].start, 32);
	assert_int_equal(r.items[0].a[0].end, 38);
	assert_int_equal(r.items[0].nb, 1);
	assert_int_equal(r.items[0].b[0].start, 39);
	/* 2: answer 2, X, amina only; 3: answer 3, ben only; 4: answer 4, Y; 5: answer 5 */
	assert_int_equal(r.items[1].turn, 4);
	assert_string_equal(r.items[1].code, "x");
	assert_int_equal(r.items[1].na, 1);
	assert_int_equal(r.items[1].nb, 0);
	assert_int_equal(r.items[2].turn, 6);
	assert_int_equal(r.items[2].na, 0);
	assert_int_equal(r.items[3].turn, 8);
	assert_string_equal(r.items[3].code, "y");
	assert_int_equal(r.items[4].turn, 10);
	braid_reconcile_release(&r);
}

static void decide(const char *text)
{
	struct braid_reconcile r;
	struct braid_rec_decision dec[8];

	write_file(f_dec, text);
	assert_int_equal(braid_reconcile_load(st, &opts, &r, &err), 0);
	if (braid_reconcile_read_decisions(f_dec, &r, dec, &err))
		fail_msg("decisions: %s", err.msg);
	test_begin(st, "ana", "reconcile", &err);
	if (braid_reconcile_apply(st, &r, dec, NULL, &err))
		fail_msg("apply: %s", err.msg);
	test_commit(st, &err);
	braid_reconcile_release(&r);
}

/*
 * Every decision: 1 both (Y 32-38 and 39-48), 2 a (X 82-98), 3 neither,
 * 4 edit 184-193 (Y), 5 b (X 232-248); X 32-48 copied as agreed. Then
 * undo gives the project back exactly.
 */
static void test_decisions_and_undo(void **state)
{
	char *before = test_snapshot(st);
	struct braid_history_result h;
	char *after;

	decide("# a comment\n1\tboth\n2\ta\n\n3\tneither\n4\tedit\t184-193\n5 b\n");
	assert_string_equal(consensus(),
			    "x 32-48 reconciled accepted|y 32-38 reconciled accepted|"
			    "y 39-48 reconciled accepted|x 82-98 reconciled accepted|"
			    "y 184-193 reconciled accepted|x 232-248 reconciled accepted");
	/* one change, every decision in its sentence */
	assert_int_equal(test_sql_int(st,
				      "SELECT count(*) FROM audit WHERE command = 'reconcile'"
				      " AND detail LIKE '%#4 int turn 8 [182-198] ''y''"
				      " (amina: 182-188; ben: 182-198): edit 184-193%'"
				      " AND detail LIKE '%decisions 1 a, 1 b, 1 both, 1 neither,"
				      " 1 edit; 0 skipped%'"),
			 1);
	/* a second run is refused; --resume finds only the one decided "neither" open */
	{
		struct braid_reconcile r;
		struct braid_rec_opts o = opts;

		assert_int_equal(braid_reconcile_load(st, &o, &r, &err), BRAID_EEXIST);
		assert_string_equal(err.msg,
				    "coder 'consensus' already has 6 codings in these documents: "
				    "resume that reconciliation, or reconcile as another coder");
		o.resume = 1;
		assert_int_equal(braid_reconcile_load(st, &o, &r, &err), 0);
		assert_int_equal(r.nitems, 5);
		for (size_t i = 0; i < r.nitems; i++)
			assert_int_equal(r.items[i].done, i != 2);
		braid_reconcile_release(&r);
	}
	test_begin(st, "ana", "undo", &err);
	assert_int_equal(braid_undo(st, 1, &h, &err), 0);
	test_commit(st, &err);
	after = test_snapshot(st);
	ASSERT_SAME(before, after);
	free(before);
	free(after);
}

/* Skipped items write nothing; the agreed coding is copied anyway. */
static void test_skip(void **state)
{
	struct braid_history_result h;

	decide("2\ta\n");
	assert_string_equal(consensus(), "x 32-48 reconciled accepted|x 82-98 reconciled accepted");
	test_begin(st, "ana", "undo", &err);
	assert_int_equal(braid_undo(st, 1, &h, &err), 0);
	test_commit(st, &err);
}

static void bad_file(const char *text, const char *want)
{
	struct braid_reconcile r;
	struct braid_rec_decision dec[8];

	write_file(f_dec, text);
	assert_int_equal(braid_reconcile_load(st, &opts, &r, &err), 0);
	assert_int_not_equal(braid_reconcile_read_decisions(f_dec, &r, dec, &err), 0);
	braid_reconcile_release(&r);
	if (strcmp(err.msg + strlen(f_dec), want))
		fail_msg("got '%s', expected '%s%s'", err.msg, f_dec, want);
}

static void test_bad_files(void **state)
{
	bad_file("1\ta\n2\tmaybe\n", ": line 2: unknown decision 'maybe' (expected a, b, both, "
				     "neither or edit)");
	bad_file("9\ta\n", ": line 1: no disagreement 9 (there are 5)");
	bad_file("1\ta\n\n1\tb\n", ": line 3: disagreement 1 is decided twice");
	bad_file("x\ta\n", ": line 1: expected a disagreement number, a tab and a decision, "
			   "got 'x\ta'");
	bad_file("4\tedit\n", ": line 1: edit needs a span START-END (item 4 is 182-198)");
	bad_file("4\tedit 20-10\n", ": line 1: bad span '20-10': expected START-END, start "
				    "before end");
	bad_file("1\ta 10-20\n", ": line 1: unexpected '10-20' after 'a'");
	assert_string_equal(consensus(), "");
}

/* An edit whose span starts in a speaker label is refused, naming the item; nothing written. */
static void test_edit_in_label(void **state)
{
	struct braid_reconcile r;
	struct braid_rec_decision dec[8];
	char *before = test_snapshot(st);
	char *after;

	write_file(f_dec, "4\tedit\t177-190\n");
	assert_int_equal(braid_reconcile_load(st, &opts, &r, &err), 0);
	assert_int_equal(braid_reconcile_read_decisions(f_dec, &r, dec, &err), 0);
	test_begin(st, "ana", "reconcile", &err);
	assert_int_not_equal(braid_reconcile_apply(st, &r, dec, NULL, &err), 0);
	braid_store_rollback(st);
	braid_reconcile_release(&r);
	assert_non_null(strstr(err.msg, "disagreement 4: "));
	assert_non_null(strstr(err.msg, "label"));
	after = test_snapshot(st);
	ASSERT_SAME(before, after);
	free(before);
	free(after);
}

/* The consensus coder cannot be one of the two; a character unit is refused. */
static void test_refusals(void **state)
{
	struct braid_reconcile r;
	struct braid_rec_opts o = opts;

	o.as = "Ben";
	assert_int_equal(braid_reconcile_load(st, &o, &r, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "the consensus coder 'Ben' is one of the coders reconciled");
	o = opts;
	o.unit = BRAID_AGREE_CHAR;
	assert_int_equal(braid_reconcile_load(st, &o, &r, &err), BRAID_EINVAL);
	o = opts;
	o.b = "nobody";
	assert_int_equal(braid_reconcile_load(st, &o, &r, &err), BRAID_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no coder 'nobody' (coders: 'amina', 'ben'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_items),	  cmocka_unit_test(test_decisions_and_undo),
	    cmocka_unit_test(test_skip),	  cmocka_unit_test(test_bad_files),
	    cmocka_unit_test(test_edit_in_label), cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
