/*
 * teststore.h - helpers for the unit tests that change a project: a change
 * opened and committed (failing the test otherwise), one integer read by
 * SQL, and a snapshot of every table a change may touch, for tests that
 * check an undo restores the project exactly.
 */
#ifndef BRAID_TESTSTORE_H
#define BRAID_TESTSTORE_H

#include "testutil.h"

#include <sqlite3.h>

#include "braid/store.h"

static inline void test_begin(struct braid_store *st, const char *who, const char *command,
			      struct braid_err *err)
{
	if (braid_store_begin(st, who, command, err))
		fail_msg("begin: %s", err->msg);
}

static inline void test_commit(struct braid_store *st, struct braid_err *err)
{
	if (braid_store_commit(st, err))
		fail_msg("commit: %s", err->msg);
}

/* The first column of the first row of sql, -1 when there is none. */
static inline int64_t test_sql_int(struct braid_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * Everything a project holds but its log (the audit rows and change
 * records, which an undo adds to), as one string: equal before a change and
 * after its undo. The caller frees it.
 */
static inline char *test_snapshot(struct braid_store *st)
{
	static const char *const tables[] = {
		"coders", "cases",	 "documents",	  "speakers", "turns",	 "turn_texts",
		"codebooks", "codes", "code_examples", "code_patterns", "codings", "memos",
		"project", "themes",	 "theme_codes", "quotes", "phases", "reads", "outputs",
		"survey_vars", "survey_rows", "survey_values", "summaries",
	};
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char sql[128];
		sqlite3_stmt *s;

		snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY 1, 2", tables[i]);
		assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL),
				 SQLITE_OK);
		strbuf_addf(&out, "[%s]", tables[i]);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++)
				strbuf_addf(&out, "%s%s", c ? "|" : "\n",
					    sqlite3_column_type(s, c) == SQLITE_NULL
						    ? "NULL"
						    : (const char *)sqlite3_column_text(s, c));
		}
		sqlite3_finalize(s);
		strbuf_addch(&out, '\n');
	}
	return strbuf_detach(&out, NULL);
}

#define ASSERT_SAME(a, b)                                                                        \
	do {                                                                                     \
		if (strcmp((a), (b)))                                                            \
			fail_msg("project differs:\n--- before\n%s\n--- after\n%s", (a), (b));   \
	} while (0)

#endif
