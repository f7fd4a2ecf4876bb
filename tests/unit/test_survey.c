/*
 * test_survey.c - the CSV reader (lines, columns, BOM, delimiters, quoted
 * line breaks, CRLF, the errors), survey import (types, missing values, bad
 * rows, re-import), types set by hand, the variables' summaries worked out
 * by hand, links automatic and by hand, the check, and undo of an import
 * restoring the project exactly.
 */
#include "teststore.h"

#include <sqlite3.h>

#include "braid/csvread.h"
#include "braid/curate.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/store.h"
#include "braid/survey.h"

static char path[64], f_a[64], f_s[64];
static struct braid_store *st;
static struct braid_err err;

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- csvread ---- */

static void parse(struct braid_csv *csv, const char *text, char delim, int strict, int want_rc)
{
	struct braid_csv_opts o = {delim, strict};
	int rc = braid_csv_parse(csv, "t.csv", NULL, text, strlen(text), &o, &err);

	if (rc != want_rc)
		fail_msg("parse: %d, expected %d: %s", rc, want_rc, err.msg);
}

static void test_csv_lines_and_columns(void **state)
{
	struct braid_csv csv = BRAID_CSV_INIT;

	/* BOM, semicolons detected, a quoted CRLF (read as LF), a blank line, CRLF lines */
	parse(&csv, "\xEF\xBB\xBFid;note;x\r\nP1;\"a\r\nb\";1\r\n\r\nP2; c ;\r\n", 0, 1, 0);
	assert_int_equal(csv.delim, ';');
	assert_int_equal(csv.nrow, 3);
	assert_int_equal(csv.row[1].line, 2);
	assert_string_equal(csv.row[1].cell[1].text, "a\nb");
	assert_int_equal(csv.row[1].cell[1].line, 3); /* the field ends on line 3 */
	assert_int_equal(csv.row[1].cell[2].col, 3);
	assert_int_equal(csv.row[2].line, 5); /* after the blank line */
	assert_string_equal(csv.row[2].cell[1].text, "c");
	assert_null(csv.row[2].cell[2].text); /* empty is NULL */
	braid_csv_release(&csv);

	/* a tie (or none) is a comma; more semicolons than commas, outside quotes, is ';' */
	assert_int_equal(braid_csv_detect("a,b;c", 5), ',');
	assert_int_equal(braid_csv_detect("\"a,b,c\";d;e", 11), ';');
	assert_int_equal(braid_csv_detect("", 0), ',');
}

static void test_csv_errors(void **state)
{
	struct braid_csv csv = BRAID_CSV_INIT;

	parse(&csv, "id,x\nP1,a\"b\n", 0, 1, BRAID_EPARSE);
	assert_string_equal(err.msg, "'t.csv': line 2, column 2: a quote inside a field that is "
				     "not quoted, or text after a closing quote");
	braid_csv_release(&csv);
	parse(&csv, "id,x\nP1,\"open\n", 0, 1, BRAID_EPARSE);
	assert_non_null(strstr(err.msg, "'t.csv': line 2, column 2: "));
	braid_csv_release(&csv);
	/* not strict: the same quote is text (the case map and matrix readers' behaviour) */
	parse(&csv, "id,x\nP1,a\"b\n", ',', 0, 0);
	assert_string_equal(csv.row[1].cell[1].text, "a\"b");
	braid_csv_release(&csv);
	parse(&csv, "id\n\xff\n", 0, 0, BRAID_EENCODING);
	assert_string_equal(err.msg, "'t.csv' is not valid UTF-8");
	braid_csv_release(&csv);
	{
		static const char nul[] = "id\nP1\n\0x\n";

		assert_int_equal(
		    braid_csv_parse(&csv, "t.csv", NULL, nul, sizeof(nul) - 1, NULL, &err),
		    BRAID_EPARSE);
		assert_string_equal(err.msg, "'t.csv': line 3: a NUL byte (not a text file?)");
		braid_csv_release(&csv);
	}
}

/* ---- the project ---- */

static int setup(void **state)
{
	struct braid_ingest_opts o = {.case_name = "P001"};
	const char *paths[1];

	snprintf(path, sizeof(path), "/tmp/braid-survey-%d.braid", (int)getpid());
	snprintf(f_a, sizeof(f_a), "/tmp/sa-%d.txt", (int)getpid());
	snprintf(f_s, sizeof(f_s), "/tmp/ss-%d.csv", (int)getpid());
	test_remove_project(path);
	write_file(f_a, "INT: Who helped you?\nP: The lawyer helped me.\n");
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	test_begin(st, "ana", "ingest", &err);
	paths[0] = f_a;
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	test_commit(st, &err);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(f_a);
	unlink(f_s);
	return 0;
}

static int import(const char *csv, int skip_bad, struct braid_survey_import_result *r)
{
	struct braid_survey_import_opts o = {.id_col = "id", .skip_bad = skip_bad};
	int rc;

	write_file(f_s, csv);
	test_begin(st, "ana", "survey import", &err);
	rc = braid_survey_import(st, f_s, &o, r, &err);
	if (rc)
		braid_store_rollback(st);
	else
		test_commit(st, &err);
	return rc;
}

struct vars {
	char text[2048];
};

/* Each variable as "name type n mean sd min max counts;" */
static int var_row(const struct braid_survey_var_row *r, void *ctx)
{
	struct vars *v = ctx;
	size_t len = strlen(v->text);

	if (r->numeric)
		snprintf(v->text + len, sizeof(v->text) - len, "%s %s %lld %.4f %.4f %g %g;",
			 r->name, r->type, (long long)r->n, r->mean, r->sd, r->min, r->max);
	else
		snprintf(v->text + len, sizeof(v->text) - len, "%s %s %lld %s;", r->name, r->type,
			 (long long)r->n, r->counts ? r->counts : "-");
	return 0;
}

static const char *vars_text(void)
{
	static struct vars v;

	v.text[0] = 0;
	assert_int_equal(braid_survey_vars(st, var_row, &v, &err), 0);
	return v.text;
}

static void test_import_types_and_summaries(void **state)
{
	struct braid_survey_import_result r;
	char *before = test_snapshot(st), *after;
	struct braid_history_result h;

	/* p001 is case P001 (ignoring case); x: 2, 4, NA, 9 -> n 3, mean 5, sd sqrt(13) */
	assert_int_equal(import("id,x,sr,grp,o\np001,2,yes,a,\nP2,4,No,b,.\nP3,NA,YES,a,N/A\n"
				"P4,9,no,c,n/a\n",
				0, &r),
			 0);
	assert_int_equal(r.rows, 4);
	assert_int_equal(r.vars, 4);
	assert_int_equal(r.linked, 1);
	assert_string_equal(vars_text(), "x numeric 3 5.0000 3.6056 2 9;"
					 "sr binary 4 {\"No\":2,\"YES\":2};"
					 "grp categorical 4 {\"a\":2,\"b\":1,\"c\":1};"
					 "o categorical 0 {};");
	assert_int_equal(
	    test_sql_int(st, "SELECT count(*) FROM survey_rows r JOIN cases c"
			     " ON c.id = r.case_id WHERE c.name = 'P001' AND r.linked = 'auto'"),
	    1);
	/* binary values are stored as 0/1 */
	assert_int_equal(test_sql_int(st, "SELECT sum(num) FROM survey_values v JOIN survey_vars s"
					  " ON s.id = v.var_id WHERE s.name = 'sr'"),
			 2);
	braid_survey_import_result_release(&r);

	/* undo restores the project exactly */
	test_begin(st, "ana", "undo", &err);
	assert_int_equal(braid_undo(st, 1, &h, &err), 0);
	test_commit(st, &err);
	after = test_snapshot(st);
	ASSERT_SAME(before, after);
	free(before);
	free(after);
}

static void test_bad_rows(void **state)
{
	struct braid_survey_import_result r;
	const char *csv = "id,x\nA,1\nB\n,2\nA,3\na,4\nC,5\n";

	assert_int_equal(import(csv, 0, &r), BRAID_EPARSE);
	assert_int_equal(r.nbad, 4);
	assert_int_equal(r.bad[0].line, 3);
	assert_string_equal(r.bad[0].why, "1 field, the header has 2");
	assert_int_equal(r.bad[1].line, 4);
	assert_string_equal(r.bad[1].why, "no id (column 1 is empty)");
	assert_int_equal(r.bad[2].line, 5);
	assert_string_equal(r.bad[2].why, "id 'A' again (first on line 2)");
	assert_int_equal(r.bad[3].line, 6);
	assert_string_equal(r.bad[3].why, "id 'a' again (first on line 2)");
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM survey_rows"), 0);
	braid_survey_import_result_release(&r);

	assert_int_equal(import(csv, 1, &r), 0);
	assert_int_equal(r.rows, 2);
	assert_int_equal(r.nbad, 4);
	assert_string_equal(vars_text(), "x numeric 2 3.0000 2.8284 1 5;");
	braid_survey_import_result_release(&r);
}

static void test_types_by_hand(void **state)
{
	struct braid_survey_import_result r;
	const char *lv[] = {"low", "medium", "high"}, *two[] = {"low", "high"};

	assert_int_equal(import("id,ra,n\nP1,high,1\nP2,low,x\nP3,medium,2\n", 0, &r), 0);
	braid_survey_import_result_release(&r);
	test_begin(st, "ana", "survey type", &err);
	assert_int_equal(braid_survey_set_type(st, "ra", BRAID_SURVEY_ORDINAL, two, 2, &err),
			 BRAID_EINVAL);
	assert_string_equal(err.msg, "survey variable 'ra': row 'P3' (line 4) has 'medium', which "
				     "is not one of the levels");
	assert_int_equal(braid_survey_set_type(st, "n", BRAID_SURVEY_NUMERIC, NULL, 0, &err),
			 BRAID_EINVAL);
	assert_string_equal(err.msg,
			    "survey variable 'n' cannot be numeric: row 'P2' (line 3) has 'x'");
	assert_int_equal(braid_survey_set_type(st, "ra", BRAID_SURVEY_ORDINAL, lv, 3, &err), 0);
	test_commit(st, &err);
	assert_string_equal(vars_text(), "ra ordinal 3 {\"low\":1,\"medium\":1,\"high\":1};"
					 "n categorical 3 {\"1\":1,\"2\":1,\"x\":1};");
	/* re-import: the hand-set type stays while the values fit it */
	assert_int_equal(import("id,ra,n\nP1,high,1\nP4,low,3\n", 0, &r), 0);
	assert_int_equal(r.kept_rows, 1);
	assert_int_equal(r.removed_rows, 2);
	assert_string_equal(vars_text(), "ra ordinal 2 {\"low\":1,\"medium\":0,\"high\":1};"
					 "n numeric 2 2.0000 1.4142 1 3;");
	braid_survey_import_result_release(&r);
}

struct check_text {
	char text[1024];
};

static int check_row(const struct braid_case_check_row *r, void *ctx)
{
	struct check_text *c = ctx;
	size_t len = strlen(c->text);

	snprintf(c->text + len, sizeof(c->text) - len, "%s/%s/%s;", r->problem, r->what, r->name);
	return 0;
}

static void test_links(void **state)
{
	struct braid_survey_import_result r;
	struct check_text c = {""};

	assert_int_equal(import("id,x\nP001,1\nP002,2\n", 0, &r), 0);
	assert_int_equal(r.linked, 1);
	braid_survey_import_result_release(&r);
	assert_int_equal(braid_survey_check(st, check_row, &c, &err), 0);
	assert_string_equal(c.text, "not interviewed/survey row/P002;");
	/* by hand: the case moves to P002; P001 is left unlinked */
	test_begin(st, "ana", "cases link", &err);
	assert_int_equal(braid_survey_link(st, "P001", "p002", &err), 0);
	assert_string_equal(braid_change_text(st),
			    "case 'P001' unlinked from its earlier survey row; "
			    "linked case 'P001' to survey row 'P002'");
	assert_int_equal(braid_survey_link(st, "nosuch", "P001", &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_survey_link(st, "P001", "P404", &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no survey row 'P404'");
	test_commit(st, &err);
	c.text[0] = 0;
	assert_int_equal(braid_survey_check(st, check_row, &c, &err), 0);
	assert_string_equal(c.text, "not interviewed/survey row/P001;");
	/* a re-import keeps the link made by hand */
	assert_int_equal(import("id,x\nP001,1\nP002,5\n", 0, &r), 0);
	assert_int_equal(r.linked, 0);
	braid_survey_import_result_release(&r);
	assert_int_equal(test_sql_int(st,
				      "SELECT count(*) FROM survey_rows WHERE survey_id = 'P002'"
				      " AND linked = 'manual'"),
			 1);
	/* a case removed from its document stays while a survey row is linked to it */
	test_begin(st, "ana", "cases unlink", &err);
	assert_int_equal(braid_survey_unlink(st, "P001", &err), 0);
	assert_int_equal(braid_survey_unlink(st, "P001", &err), BRAID_ENOTFOUND);
	test_commit(st, &err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_lines_and_columns),
	    cmocka_unit_test(test_csv_errors),
	    cmocka_unit_test_setup_teardown(test_import_types_and_summaries, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_types_by_hand, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_links, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
