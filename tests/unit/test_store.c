/* test_store.c - the project file: create, open, migrations, locking, audit. */
#include "testutil.h"

#include <sqlite3.h>
#include <unistd.h>

#include "braid/history.h"
#include "braid/store.h"

static char path[64];

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/braid-test-%d.braid", (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	test_remove_project(path);
	return 0;
}

static void test_create_and_reopen(void **state)
{
	struct braid_store *st;
	struct braid_err err = BRAID_ERR_INIT;
	char *title;

	assert_int_equal(braid_store_create(path, "My study", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_schema_version(st), BRAID_SCHEMA_VERSION);
	braid_store_close(st);
	/* a second create refuses the existing file */
	assert_int_equal(braid_store_create(path, "x", "tester", NULL, &st, &err), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "file exists"));

	assert_int_equal(braid_store_open(path, NULL, &st, &err), 0);
	title = braid_store_meta(st, "title");
	assert_string_equal(title, "My study");
	free(title);
	/* WAL and foreign keys are on */
	{
		sqlite3_stmt *s;

		sqlite3_prepare_v2(braid_store_db(st), "PRAGMA journal_mode", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
		sqlite3_prepare_v2(braid_store_db(st), "PRAGMA foreign_keys", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 1);
		sqlite3_finalize(s);
	}
	braid_store_close(st);
}

static void set_user_version(int v)
{
	sqlite3 *db;
	char sql[64];

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_newer_schema_refused(void **state)
{
	struct braid_store *st;
	struct braid_err err = BRAID_ERR_INIT;

	assert_int_equal(braid_store_create(path, NULL, "tester", NULL, &st, &err), 0);
	braid_store_close(st);
	set_user_version(BRAID_SCHEMA_VERSION + 7);
	assert_int_equal(braid_store_open(path, NULL, &st, &err), BRAID_EVERSION);
	assert_non_null(strstr(err.msg, "newer braid"));
}

static void test_not_a_project(void **state)
{
	struct braid_store *st;
	struct braid_err err = BRAID_ERR_INIT;
	FILE *f = fopen(path, "w");
	sqlite3 *db;

	fputs("just some text, not SQLite at all, long enough to be read as a header......\n", f);
	fclose(f);
	assert_int_not_equal(braid_store_open(path, NULL, &st, &err), 0);
	assert_non_null(strstr(err.msg, "not a braid project"));
	unlink(path);
	/* an SQLite file that braid did not make */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA user_version = 1;", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_not_equal(braid_store_open(path, NULL, &st, &err), 0);
	assert_non_null(strstr(err.msg, "not a braid project"));
	/* a missing file */
	unlink(path);
	assert_int_equal(braid_store_open(path, NULL, &st, &err), BRAID_ENOTFOUND);
}

static void test_busy_second_writer(void **state)
{
	struct braid_store *a, *b;
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_store_opts quick = { .busy_ms = 50 };

	assert_int_equal(braid_store_create(path, NULL, "tester", NULL, &a, &err), 0);
	assert_int_equal(braid_store_open(path, &quick, &b, &err), 0);
	assert_int_equal(braid_store_begin(a, "ana", "test", &err), 0);
	assert_int_equal(braid_store_begin(b, "ben", "test", &err), BRAID_EBUSY);
	assert_non_null(strstr(err.msg, "busy"));
	braid_store_commit(a, &err);
	/* once the first has finished the second gets in */
	assert_int_equal(braid_store_begin(b, "ben", "test", &err), 0);
	braid_store_rollback(b);
	braid_store_close(a);
	braid_store_close(b);
}

static int count_rows(const struct braid_log_row *r, void *ctx)
{
	int *n = ctx;

	(*n)++;
	if (*n == 1)
		assert_string_equal(r->command, "init");
	if (*n == 2) {
		/* the core wrote the sentence and the summary, not the client */
		assert_string_equal(r->command, "ingest");
		assert_string_equal(r->coder, "ana");
		assert_string_equal(r->detail, "new case 'P001'; new coder 'ana'");
		assert_string_equal(r->change, "{\"cases\":{\"added\":1,\"changed\":0,\"removed\":0},"
					       "\"coders\":{\"added\":1,\"changed\":0,\"removed\":0}}");
		assert_string_equal(r->kind, "do");
		assert_true(r->recorded);
	}
	return 0;
}

static void test_rollback_and_audit(void **state)
{
	struct braid_store *st;
	struct braid_err err = BRAID_ERR_INIT;
	int64_t id1, id2;
	int n = 0;

	assert_int_equal(braid_store_create(path, NULL, "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "ana", "ingest", &err), 0);
	assert_int_equal(braid_store_case(st, "P001", 1, &id1, &err), 0);
	braid_store_rollback(st);
	/* rolled back: neither the case nor an audit row is there */
	assert_int_equal(braid_store_case(st, "P001", 0, &id1, &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_log_each(st, NULL, count_rows, &n, &err), 0);
	assert_int_equal(n, 1);

	n = 0;
	assert_int_equal(braid_store_begin(st, "ana", "ingest", &err), 0);
	assert_int_equal(braid_store_case(st, "P001", 1, &id1, &err), 0);
	assert_int_equal(braid_store_case(st, "P001", 1, &id2, &err), 0);
	assert_true(id1 == id2);
	assert_int_equal(braid_store_coder(st, "ana", 1, &id1, &err), 0);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(braid_log_each(st, NULL, count_rows, &n, &err), 0);
	assert_int_equal(n, 2);

	/* a change that changes nothing leaves no row */
	n = 0;
	assert_int_equal(braid_store_begin(st, "ana", "coder add", &err), 0);
	assert_int_equal(braid_store_coder(st, "ana", 1, &id2, &err), 0);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(braid_log_each(st, NULL, count_rows, &n, &err), 0);
	assert_int_equal(n, 2);
	braid_store_close(st);
}

/*
 * A change written in two chunks (a split, as long commands make past 16 MB) can be
 * undone and redone: the second chunk's apply must not trip over the first
 * chunk's record waiting for its audit row.
 */
static void test_undo_two_chunks(void **state)
{
	struct braid_store *st;
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_history_result res;
	int64_t id;

	assert_int_equal(braid_store_create(path, NULL, "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "ana", "ingest", &err), 0);
	assert_int_equal(braid_store_case(st, "P001", 1, &id, &err), 0);
	assert_int_equal(braid_change_split(st, &err), 0);
	assert_int_equal(braid_store_case(st, "P002", 1, &id, &err), 0);
	assert_int_equal(braid_store_commit(st, &err), 0);

	assert_int_equal(braid_store_begin(st, "ana", "undo", &err), 0);
	if (braid_undo(st, 1, &res, &err))
		fail_msg("undo: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(braid_store_case(st, "P001", 0, &id, &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_store_case(st, "P002", 0, &id, &err), BRAID_ENOTFOUND);

	assert_int_equal(braid_store_begin(st, "ana", "redo", &err), 0);
	if (braid_redo(st, 1, &res, &err))
		fail_msg("redo: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(braid_store_case(st, "P001", 0, &id, &err), 0);
	assert_int_equal(braid_store_case(st, "P002", 0, &id, &err), 0);
	braid_store_close(st);
}

/* UUID version 7: the RFC 9562 layout, distinct, and in the order they were made. */
static void test_guid_v7(void **state)
{
	enum { N = 20000 };
	static char g[N][37];

	for (size_t i = 0; i < N; i++) {
		braid_store_guid(g[i]);
		assert_int_equal(strlen(g[i]), 36);
		for (size_t k = 0; k < 36; k++)
			if (k == 8 || k == 13 || k == 18 || k == 23)
				assert_int_equal(g[i][k], '-');
			else
				assert_non_null(strchr("0123456789abcdef", g[i][k]));
		assert_int_equal(g[i][14], '7');               /* version */
		assert_non_null(strchr("89ab", g[i][19]));     /* variant 10 */
		if (i)
			assert_true(strcmp(g[i - 1], g[i]) < 0); /* sorted, hence distinct */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_project, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy_second_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_two_chunks, setup, teardown),
		cmocka_unit_test(test_guid_v7),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
