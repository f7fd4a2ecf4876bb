/*
 * themesfixture.h - the project of test_themes.c and test_quantitize.c:
 * four documents (two interviews, a document without speakers, a third
 * interview) with three cases, a codebook of four codes and eleven
 * codings by two coders, offsets worked out by hand below. Included by
 * one test file each: it defines the fixture's statics, setup and
 * teardown. FIXTURE names the test ("themes") for its temporary files.
 */
#ifndef BRAID_THEMESFIXTURE_H
#define BRAID_THEMESFIXTURE_H

#include "teststore.h"

#include <sqlite3.h>

#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/ingest.h"
#include "braid/store.h"
#include "braid/survey.h"
#include "braid/themes.h"

static char path[64], files[4][64];
static struct braid_store *st;
static struct braid_err err;
static int64_t g[12]; /* the codings, by the numbers of the comments below */

/*
 * The project (offsets by hand: "Label: " before each utterance, a blank
 * line between turns; tests/cli/coding.sh does the same):
 *
 * A, case P001, interviewer I:
 *   "I: How did you cope?"                      turn 1, I, utterance 3..20
 *   "P: My sister helped. The lawyer was slow." turn 2, P, 25..63
 *        "My sister helped." 25..42, "sister helped. The lawyer" 28..53,
 *        "The lawyer was slow." 43..63
 *   "I: Anything else?"                         turn 3, I, 68..82
 *   "P: The group met weekly."                  turn 4, P, 87..108
 * B, case P002:
 *   "I: Tell me about help."                    turn 1, I, 3..22
 *   "R: Nobody helped me. My sister was far away."  turn 2, R, 27..68
 *        "Nobody helped me." 27..44, "Nobody helped" 27..40,
 *        "My sister was far away." 45..68
 * C, a document without speakers and without a case:
 *   "The shelter report says the lawyer helped." (role other), 0..42
 *        "the lawyer helped." 24..42
 * D, case P003:
 *   "I: How are you?" turn 1, 3..15; "P: I am fine." turn 2, 20..30
 *
 * Participants' words (braid_text_words): A 7 ("My sister helped. The lawyer
 * was slow.") + 4 ("The group met weekly."), B 3 + 5 = 8, D 3 ("I am
 * fine."); C is no participant's. In all 11 + 8 + 3 = 22. Cases with words
 * of their own: P001, P002, P003 = 3. Documents: 4.
 *
 * Codings (manual ones are accepted, auto ones pending):
 *   g1  A 25..42  family  ana          "My sister helped."
 *   g2  A 25..42  family  ben          the same span, another coder
 *   g3  A 43..63  legal   ana          "The lawyer was slow."
 *   g4  A 87..108 peer    ana          "The group met weekly."
 *   g5  A 28..53  family  ana          "sister helped. The lawyer" (overlaps g1 and g3)
 *   g6  A 3..20   legal   ana          "How did you cope?" (the interviewer's turn)
 *   g7  B 45..68  family  ana          "My sister was far away."
 *   g8  B 27..44  legal   ana          "Nobody helped me." (same turn as g7, apart)
 *   g9  B 27..44  legal   ben, auto    pending: not counted
 *   g10 B 27..40  family  ben          rejected: not counted
 *   g11 C 24..42  legal   ana          "the lawyer helped."
 */
static const char *const texts[4] = {
	"I: How did you cope?\nP: My sister helped. The lawyer was slow.\n"
	"I: Anything else?\nP: The group met weekly.\n",
	"I: Tell me about help.\nR: Nobody helped me. My sister was far away.\n",
	"The shelter report says the lawyer helped.\n",
	"I: How are you?\nP: I am fine.\n",
};
static const char *const names[4] = { "A", "B", "C", "D" };
static const char *const doc_cases[4] = { "P001", "P002", NULL, "P003" };

static int64_t coding(const char *doc, int64_t start, int64_t end, const char *code,
		      const char *coder, const char *origin)
{
	struct braid_coding_new c = { .doc = doc, .start = start, .end = end, .code = code,
				      .coder = coder, .origin = origin };
	int64_t id = 0;
	int created;

	if (braid_coding_add(st, &c, &id, &created, &err))
		fail_msg("code add: %s", err.msg);
	return id;
}

static void begin(const char *who, const char *command)
{
	test_begin(st, who, command, &err);
}

static void commit(void)
{
	test_commit(st, &err);
}

static int setup(void **state)
{
	static const char yaml[] = "name: Book\ncodes:\n"
				   "  - {name: Family, id: family}\n"
				   "  - {name: Legal, id: legal}\n"
				   "  - {name: Peer, id: peer}\n"
				   "  - {name: Shelter, id: shelter}\n";
	static const char *const interviewer[] = { "I" };
	struct braid_codebook cb;
	struct braid_import_report rep;

	snprintf(path, sizeof(path), "/tmp/braid-" FIXTURE "-%d.braid", (int)getpid());
	test_remove_project(path);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	begin("tester", "ingest");
	for (int i = 0; i < 4; i++) {
		struct braid_ingest_opts o = { .case_name = doc_cases[i], .name = names[i],
					       .kind = i == 2 ? "document" : "interview",
					       .interviewers = interviewer, .ninterviewers = 1 };
		const char *p = files[i];
		FILE *f;

		snprintf(files[i], sizeof(files[i]), "/tmp/braid-" FIXTURE "-%d-%s.txt", (int)getpid(),
			 names[i]);
		f = fopen(files[i], "w");
		fputs(texts[i], f);
		fclose(f);
		if (braid_ingest(st, &p, 1, &o, NULL, NULL, &err))
			fail_msg("ingest: %s", err.msg);
	}
	commit();
	braid_import_report_init(&rep);
	assert_int_equal(braid_codebook_parse(yaml, sizeof(yaml) - 1, "book.yaml", &cb, &err), 0);
	begin("tester", "codebook import");
	assert_int_equal(braid_codes_import(st, &cb, "book.yaml", 0, &rep, &err), 0);
	commit();
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	begin("tester", "code add");
	g[1] = coding("A", 25, 42, "family", "ana", "manual");
	g[2] = coding("A", 25, 42, "family", "ben", "manual");
	g[3] = coding("A", 43, 63, "legal", "ana", "manual");
	g[4] = coding("A", 87, 108, "peer", "ana", "manual");
	g[5] = coding("A", 28, 53, "family", "ana", "manual");
	g[6] = coding("A", 3, 20, "legal", "ana", "manual");
	g[7] = coding("B", 45, 68, "family", "ana", "manual");
	g[8] = coding("B", 27, 44, "legal", "ana", "manual");
	g[9] = coding("B", 27, 44, "legal", "ben", "auto");
	g[10] = coding("B", 27, 40, "family", "ben", "manual");
	g[11] = coding("C", 24, 42, "legal", "ana", "manual");
	assert_int_equal(braid_coding_review(st, g[10], "rejected", NULL, &err), 0);
	commit();
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	for (int i = 0; i < 4; i++)
		unlink(files[i]);
	return 0;
}

/*
 * The theme tree the tests count on: Support (shelter) with the sub-themes
 * Family help (family) and Legal help (legal); Peer (peer); with_gone, a
 * theme Gone (peer) discarded, which nothing counts. One change by ana.
 */
static inline void fixture_theme_tree(int with_gone)
{
	static const char *const shelter[] = { "shelter" }, *const family[] = { "family" },
				 *const legal[] = { "legal" }, *const peer[] = { "peer" };
	int64_t id;

	begin("ana", "theme");
	assert_int_equal(braid_theme_new(st, "Support", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, shelter, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Family help", "support", "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, family, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Legal help", "support", "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, legal, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Peer", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, peer, 1, &err), 0);
	if (with_gone) {
		assert_int_equal(braid_theme_new(st, "Gone", NULL, "ana", &id, &err), 0);
		assert_int_equal(braid_theme_add_codes(st, id, peer, 1, &err), 0);
		assert_int_equal(braid_theme_discard(st, id, "not a theme", &err), 0);
	}
	commit();
}

/* Imports a survey given as CSV text (ids in column "id") in one change by ana. */
static inline void fixture_survey(const char *csv_text)
{
	struct braid_survey_import_opts so = { .id_col = "id" };
	struct braid_survey_import_result r;
	char csv[64];
	FILE *f;

	snprintf(csv, sizeof(csv), "/tmp/braid-" FIXTURE "-%d.csv", (int)getpid());
	f = fopen(csv, "w");
	assert_non_null(f);
	fputs(csv_text, f);
	fclose(f);
	memset(&r, 0, sizeof(r));
	begin("ana", "survey import");
	assert_int_equal(braid_survey_import(st, csv, &so, &r, &err), 0);
	commit();
	braid_survey_import_result_release(&r);
	unlink(csv);
}

#endif
