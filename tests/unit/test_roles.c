/*
 * test_roles.c - the role-filter rule (braid_role_matches) and the case of a
 * turn (braid_turn_case): the SQL forms agree with the C ones for every role,
 * and every listing and count that names a case or filters by role agrees
 * (turns, cases, codings, counts, search) on a project with an interview, a
 * focus group and a document without speakers.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <unistd.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/ingest.h"
#include "braid/search.h"
#include "braid/store.h"
#include "../../src/core/db.h"

static const char *const roles[] = { NULL, "interviewer", "participant", "moderator", "other" };
#define NROLES (sizeof(roles) / sizeof(roles[0]))

/* ROLE_MATCHES_SQL and TURN_CASE_SQL say what the C functions say, for every role. */
static void test_sql_agrees(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *m, *c;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT coalesce(" ROLE_MATCHES_SQL("?1", "?2") ", 0)",
					    -1, &m, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT " TURN_CASE_SQL("?1", "?2", "?3"), -1, &c,
					    NULL),
			 SQLITE_OK);
	for (size_t f = 0; f < NROLES; f++) {
		for (size_t r = 0; r < NROLES; r++) {
			sqlite3_bind_text(m, 1, roles[f], -1, SQLITE_STATIC);
			sqlite3_bind_text(m, 2, roles[r], -1, SQLITE_STATIC);
			assert_int_equal(sqlite3_step(m), SQLITE_ROW);
			if (sqlite3_column_int(m, 0) != braid_role_matches(roles[f], roles[r]))
				fail_msg("filter %s, role %s: SQL %d, C %d", roles[f], roles[r],
					 sqlite3_column_int(m, 0), braid_role_matches(roles[f], roles[r]));
			sqlite3_reset(m);
		}
	}
	/* the rule itself */
	assert_true(braid_role_matches("interviewer", "moderator"));
	assert_false(braid_role_matches("moderator", "interviewer"));
	assert_true(braid_role_matches("participant", "other"));
	assert_false(braid_role_matches("other", "participant"));
	assert_false(braid_role_matches("participant", "interviewer"));
	assert_false(braid_role_matches("participant", NULL));
	assert_true(braid_role_matches(NULL, NULL));

	for (size_t r = 1; r < NROLES; r++) {
		for (int sc = 0; sc < 2; sc++) {
			for (int dc = 0; dc < 2; dc++) {
				enum braid_case_of want = braid_turn_case(roles[r], sc, dc);
				const char *got;

				sqlite3_bind_text(c, 1, roles[r], -1, SQLITE_STATIC);
				sqlite3_bind_text(c, 2, sc ? "S" : NULL, -1, SQLITE_STATIC);
				sqlite3_bind_text(c, 3, dc ? "D" : NULL, -1, SQLITE_STATIC);
				assert_int_equal(sqlite3_step(c), SQLITE_ROW);
				got = (const char *)sqlite3_column_text(c, 0);
				assert_string_equal(got ? got : "-", want == BRAID_CASE_SPEAKER ? "S"
								     : want == BRAID_CASE_DOC ? "D"
												: "-");
				sqlite3_reset(c);
			}
		}
	}
	assert_int_equal(braid_turn_case("interviewer", 1, 1), BRAID_CASE_NONE);
	assert_int_equal(braid_turn_case("moderator", 1, 1), BRAID_CASE_NONE);
	assert_int_equal(braid_turn_case("participant", 0, 1), BRAID_CASE_DOC);
	assert_int_equal(braid_turn_case("other", 0, 1), BRAID_CASE_DOC);
	assert_int_equal(braid_turn_case(NULL, 0, 1), BRAID_CASE_DOC);
	sqlite3_finalize(m);
	sqlite3_finalize(c);
	sqlite3_close(db);
}

/* ---- every listing agrees ---- */

static char path[64], f_int[64], f_fg[64], f_doc[64];
static struct braid_store *st;
static struct braid_err err;

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void ingest(const char *file, const struct braid_ingest_opts *o)
{
	const char *paths[1] = { file };

	if (braid_ingest(st, paths, 1, o, NULL, NULL, &err))
		fail_msg("ingest %s: %s", file, err.msg);
}

/*
 * int (case P001): "I: Who helped you?" (utterance 3-18), "P: The lawyer
 * helped me." (23-44). fg: "Moderator: Who helped?" (11-22), "Anna: My
 * sister helped." (30-47), "Ben: Nobody helped." (54-68). doc (case R1, no
 * speakers): "The report says help came late." (0-31).
 */
static int setup(void **state)
{
	struct braid_ingest_opts o = { .case_name = "P001" };

	snprintf(path, sizeof(path), "/tmp/braid-roles-%d.braid", (int)getpid());
	snprintf(f_int, sizeof(f_int), "/tmp/braid-roles-%d-int.txt", (int)getpid());
	snprintf(f_fg, sizeof(f_fg), "/tmp/braid-roles-%d-fg.txt", (int)getpid());
	snprintf(f_doc, sizeof(f_doc), "/tmp/braid-roles-%d-doc.txt", (int)getpid());
	test_remove_project(path);
	write_file(f_int, "I: Who helped you?\nP: The lawyer helped me.\n");
	write_file(f_fg, "Moderator: Who helped?\nAnna: My sister helped.\nBen: Nobody helped.\n");
	write_file(f_doc, "The report says help came late.\n");
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	ingest(f_int, &o);
	o = (struct braid_ingest_opts){ .kind = "focus-group" };
	ingest(f_fg, &o);
	o = (struct braid_ingest_opts){ .case_name = "R1" };
	ingest(f_doc, &o);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(f_int);
	unlink(f_fg);
	unlink(f_doc);
	return 0;
}

static char names[3][64];

/* The documents' names (the files' names without extension): int, fg, doc. */
static const char *doc_name(int i)
{
	const char *f = i == 0 ? f_int : i == 1 ? f_fg : f_doc;
	const char *base = strrchr(f, '/') + 1;

	snprintf(names[i], sizeof(names[i]), "%.*s", (int)(strrchr(base, '.') - base), base);
	return names[i];
}

static void code(int doc, int64_t start, int64_t end)
{
	struct braid_coding_new c = { .doc = doc_name(doc), .start = start, .end = end,
				      .code = "help", .coder = "ana" };
	int64_t id;
	int created;

	if (braid_coding_add(st, &c, &id, &created, &err))
		fail_msg("code: %s", err.msg);
}

struct acc {
	char buf[1024];
};

static int turn_row(const struct braid_turn_row *t, void *ctx)
{
	struct acc *a = ctx;
	size_t n = strlen(a->buf);

	snprintf(a->buf + n, sizeof(a->buf) - n, "[%s %s %s]", t->speaker, t->role,
		 t->case_name ? t->case_name : "-");
	return 0;
}

static int case_row(const struct braid_case_row *r, void *ctx)
{
	struct acc *a = ctx;
	size_t n = strlen(a->buf);

	snprintf(a->buf + n, sizeof(a->buf) - n, "[%s docs %lld spk %lld turns %lld words %lld]",
		 r->name, (long long)r->docs, (long long)r->speakers, (long long)r->turns,
		 (long long)r->words);
	return 0;
}

static int coding_row(const struct braid_coding_row *r, void *ctx)
{
	struct acc *a = ctx;
	size_t n = strlen(a->buf);

	snprintf(a->buf + n, sizeof(a->buf) - n, "[%.*s %s %s]", (int)r->text_len, r->text,
		 r->role ? r->role : "-", r->case_name ? r->case_name : "-");
	return 0;
}

static int stats_row(const struct braid_stats_row *r, void *ctx)
{
	struct acc *a = ctx;
	size_t n = strlen(a->buf);

	snprintf(a->buf + n, sizeof(a->buf) - n, "[%s %lld seg %lld words]", r->group,
		 (long long)r->segments, (long long)r->words);
	return 0;
}

static int hit_row(const struct braid_hit *h, void *ctx)
{
	struct acc *a = ctx;
	size_t n = strlen(a->buf);

	snprintf(a->buf + n, sizeof(a->buf) - n, "[%s %s]", h->turn->speaker,
		 h->turn->case_name ? h->turn->case_name : "-");
	return 0;
}

static const char *codings(const char *case_name, const char *role)
{
	static struct acc a;
	struct braid_coding_filter f = { .case_name = case_name, .role = role };

	a.buf[0] = '\0';
	if (braid_codings_each(st, &f, coding_row, &a, &err))
		fail_msg("codings: %s", err.msg);
	return a.buf;
}

static const char *search(const char *query, const char *role, int regex)
{
	static struct acc a;
	struct braid_search_opts o = { .role = role, .regex = regex };

	a.buf[0] = '\0';
	if (braid_search(st, query, &o, hit_row, &a, &err))
		fail_msg("search: %s", err.msg);
	return a.buf;
}

static void test_listings_agree(void **state)
{
	struct braid_code_new n = { .name = "help", .coder = "ana", .kind = BRAID_INDUCTIVE };
	struct acc a = { "" };
	int64_t code_id;

	assert_int_equal(braid_code_create(st, &n, &code_id, &err), 0);
	code(0, 3, 18);  /* the interviewer's question: no case */
	code(0, 23, 44); /* the participant's answer: P001 */
	code(1, 11, 22); /* the moderator's question: no case */
	code(1, 30, 47); /* Anna's answer: her own case */
	code(2, 0, 31);  /* the report: its document's case */

	/* show: the interviewer's turn has no case though the document has */
	assert_int_equal(braid_corpus_turns(st, doc_name(0), NULL, turn_row, &a, &err), 0);
	assert_string_equal(a.buf, "[I interviewer -][P participant P001]");
	a.buf[0] = '\0';
	assert_int_equal(braid_corpus_turns(st, doc_name(2), NULL, turn_row, &a, &err), 0);
	assert_string_equal(a.buf, "[(text) other R1]");

	/* cases: only the participants' turns (and the report's text) count */
	a.buf[0] = '\0';
	assert_int_equal(braid_corpus_cases(st, case_row, &a, &err), 0);
	{
		char want[512];

		snprintf(want, sizeof(want),
			 "[P001 docs 1 spk 1 turns 1 words 4][R1 docs 1 spk 0 turns 1 words 6]"
			 "[%s:Anna docs 1 spk 1 turns 1 words 3][%s:Ben docs 1 spk 1 turns 1 words 2]",
			 doc_name(1), doc_name(1));
		/* cases in name order: P001, R1, then "braid-roles-..." (lower case sorts after) */
		assert_string_equal(a.buf, want);
	}

	/* code ls --case, retrieve --case: the same rule */
	assert_string_equal(codings("P001", NULL), "[The lawyer helped me. participant P001]");
	assert_string_equal(codings("R1", NULL), "[The report says help came late. other R1]");

	/* --role interviewer takes the moderator too; participant the report's text */
	assert_string_equal(codings(NULL, "interviewer"),
			    "[Who helped? moderator -][Who helped you? interviewer -]");
	assert_string_equal(codings(NULL, "moderator"), "[Who helped? moderator -]");
	{
		char want[512];

		/* documents in name order: ...-doc, ...-fg, ...-int */
		snprintf(want, sizeof(want),
			 "[The report says help came late. other R1]"
			 "[My sister helped. participant %s:Anna][The lawyer helped me. participant P001]",
			 doc_name(1));
		assert_string_equal(codings(NULL, "participant"), want);
	}

	/* stats codes --by case: the questions count for no case */
	a.buf[0] = '\0';
	assert_int_equal(braid_code_stats(st, BRAID_BY_CASE, 0, stats_row, &a, &err), 0);
	assert_null(strstr(a.buf, "[P001 2 seg"));
	assert_non_null(strstr(a.buf, "[P001 1 seg 4 words]"));
	assert_non_null(strstr(a.buf, "[R1 1 seg 6 words]"));
	assert_non_null(strstr(a.buf, "[(no case) 2 seg 5 words]")); /* the two questions */

	/* search: the same rule for roles and cases, in the index and with a regex */
	assert_string_equal(search("helped", "interviewer", 0), "[Moderator -][I -]");
	assert_string_equal(search("help\\w*", "interviewer", 1), "[Moderator -][I -]");
	assert_string_equal(search("report", "participant", 0), "[(text) R1]");
	assert_string_equal(search("report", "participant", 1), "[(text) R1]");
	assert_string_equal(search("report", "other", 0), "[(text) R1]");
	assert_string_equal(search("lawyer", NULL, 0), "[P P001]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql_agrees),
		cmocka_unit_test_setup_teardown(test_listings_agree, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
