/*
 * test_summary.c - the Framework Method's summaries (summary.h) on
 * test_themes.c's project: a write and a rewrite (the first author kept,
 * the rewrite dated), the listing and its filters, removal, each change
 * undone to the project as it was, and the refusals (an unknown case or
 * theme, a discarded theme, no text, nothing to remove).
 */
#define FIXTURE "summary"
#include "themesfixture.h"

#include "braid/history.h"
#include "braid/summary.h"
#include "braid/themes.h"

/* Family help (family), Legal help (legal), and Gone, discarded. */
static void make_themes(void)
{
	static const char *const family[] = { "family" }, *const legal[] = { "legal" };
	int64_t id;

	begin("ana", "theme");
	assert_int_equal(braid_theme_new(st, "Family help", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, family, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Legal help", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, legal, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Gone", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_discard(st, id, "not a theme", &err), 0);
	commit();
}

struct seen {
	char rows[8][160];
	size_t n;
};

static int take(const struct braid_summary_row *r, void *ctx)
{
	struct seen *s = ctx;

	assert_true(s->n < 8);
	snprintf(s->rows[s->n++], sizeof(s->rows[0]), "%s|%s|%s|%s|%s", r->case_name, r->theme,
		 r->text, r->created_by ? r->created_by : "-", r->updated ? "updated" : "-");
	return 0;
}

static void list(const char *case_name, const char *theme, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(braid_summaries_each(st, case_name, theme, take, s, &err), 0);
}

static void set(const char *who, const char *case_name, const char *theme, const char *text)
{
	begin(who, "summary set");
	if (braid_summary_set(st, case_name, theme, text, who, &err))
		fail_msg("summary set: %s", err.msg);
	commit();
}

/* Undoes the latest change of `who` and checks the project is `before` again. */
static void undo_to(const char *who, const char *before)
{
	struct braid_history_result res;
	char *now;

	begin(who, "undo");
	if (braid_undo(st, 1, &res, &err))
		fail_msg("undo: %s", err.msg);
	commit();
	now = test_snapshot(st);
	ASSERT_SAME(before, now);
	free(now);
}

static void test_set_rewrite_rm(void **state)
{
	struct seen s;
	char *empty, *first, *both, *rewritten;

	make_themes();
	empty = test_snapshot(st);
	set("ana", "P001", "family-help", "Her sister is her help.");
	first = test_snapshot(st);
	set("ana", "P002", "Legal help", "Тот юрист не отвечал.");
	both = test_snapshot(st);
	list(NULL, NULL, &s);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rows[0], "P001|family-help|Her sister is her help.|ana|-");
	assert_string_equal(s.rows[1], "P002|legal-help|Тот юрист не отвечал.|ana|-");

	/* a rewrite by another coder: one row still, ana its author, dated */
	set("ben", "P001", "family-help", "Her sister, far away, still helps.");
	rewritten = test_snapshot(st);
	list("P001", NULL, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.rows[0],
			    "P001|family-help|Her sister, far away, still helps.|ana|updated");
	list(NULL, "legal-help", &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.rows[0], "P002|legal-help|Тот юрист не отвечал.|ana|-");
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM summaries"), 2);

	begin("ana", "summary rm");
	assert_int_equal(braid_summary_rm(st, "P001", "family-help", &err), 0);
	commit();
	list("P001", NULL, &s);
	assert_int_equal(s.n, 0);

	/* each change undone to the project exactly as it was before it (each person's own) */
	undo_to("ana", rewritten);
	undo_to("ben", both); /* the rewrite: the first text back, undated */
	undo_to("ana", first);
	undo_to("ana", empty);
	free(empty);
	free(first);
	free(both);
	free(rewritten);
}

static void test_refusals(void **state)
{
	char *before;

	make_themes();
	set("ana", "P001", "family-help", "Her sister is her help.");
	before = test_snapshot(st);
	begin("ana", "summary set");
	assert_int_equal(braid_summary_set(st, "P009", "family-help", "x", "ana", &err),
			 BRAID_ENOTFOUND);
	assert_non_null(strstr(err.msg, "P009"));
	assert_int_equal(braid_summary_set(st, "P001", "nope", "x", "ana", &err), BRAID_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nope"));
	assert_int_equal(braid_summary_set(st, "P001", "gone", "x", "ana", &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "theme 'gone' is discarded");
	assert_int_equal(braid_summary_set(st, "P001", "family-help", " \n ", "ana", &err),
			 BRAID_EINVAL);
	assert_string_equal(err.msg, "a summary needs some text");
	assert_int_equal(braid_summary_set(st, "P001", "family-help", "\xff", "ana", &err),
			 BRAID_EINVAL);
	assert_int_equal(braid_summary_rm(st, "P002", "family-help", &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no summary of case 'P002' for theme 'family-help'");
	braid_store_rollback(st);
	{
		char *now = test_snapshot(st);

		ASSERT_SAME(before, now);
		free(now);
	}
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_rewrite_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
