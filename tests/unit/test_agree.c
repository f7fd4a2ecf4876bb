/*
 * test_agree.c - agreement on a project's codings (agree.h): which units,
 * which documents, the overlap rule, the per-code and pooled matrices and
 * their coefficients worked out by hand, the character level's continuum,
 * the disagreements, the segmentation record and the errors.
 */
#include "teststore.h"

#include <math.h>
#include <sqlite3.h>

#include "braid/agree.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/ingest.h"
#include "braid/store.h"

static char path[64], f_int[64], f_two[64], f_plain[64], f_other[64];
static struct braid_store *st;
static struct braid_err err;

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void ingest(const char *file, const char *name, const char *kind)
{
	struct braid_ingest_opts o = {.name = name, .kind = kind};
	const char *paths[1] = {file};

	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest %s: %s", file, err.msg);
}

/* The span of turn n of doc. */
static void turn_span(const char *doc, int64_t n, int64_t *a, int64_t *e)
{
	if (braid_span_turns(st, doc, n, n, a, e, &err))
		fail_msg("turn %lld of %s: %s", (long long)n, doc, err.msg);
}

static void code(const char *doc, int64_t a, int64_t e, const char *c, const char *coder)
{
	struct braid_coding_new n = {doc, a, e, c, coder, NULL, NULL};
	int64_t id;
	int created;

	if (braid_coding_add(st, &n, &id, &created, &err))
		fail_msg("code %s %lld-%lld %s %s: %s", doc, (long long)a, (long long)e, c, coder,
			 err.msg);
}

/* Codes participant turn k (1-based: the document's turn 2k) of doc "int". */
static void code_p(int k, const char *c, const char *coder)
{
	int64_t a, e;

	turn_span("int", 2 * k, &a, &e);
	code("int", a, e, c, coder);
}

/*
 * "int": 20 turns, an interviewer's question before each of 10 answers of
 * P001 (turns 2, 4, ..., 20). X: amina answers 1-4, ben 1, 2, 3 and 5;
 * Y: amina answer 6, ben none; Z: amina's one coding on a question only.
 * "two": one answer of two sentences; "plain": a text without speakers;
 * "other": coded by amina only.
 */
static int setup(void **state)
{
	struct strbuf t = STRBUF_INIT;

	snprintf(path, sizeof(path), "/tmp/braid-agree-%d.braid", (int)getpid());
	snprintf(f_int, sizeof(f_int), "/tmp/agree-int-%d.txt", (int)getpid());
	snprintf(f_two, sizeof(f_two), "/tmp/agree-two-%d.txt", (int)getpid());
	snprintf(f_plain, sizeof(f_plain), "/tmp/agree-plain-%d.txt", (int)getpid());
	snprintf(f_other, sizeof(f_other), "/tmp/agree-other-%d.txt", (int)getpid());
	test_remove_project(path);
	for (int i = 1; i <= 10; i++)
		strbuf_addf(&t, "Interviewer: Question %d?\nP001: Answer number %d.\n", i, i);
	write_file(f_int, t.buf);
	strbuf_release(&t);
	write_file(f_two, "Interviewer: Hi?\nP001: First one. Second one.\n");
	write_file(f_plain, "abcdefghij\n");
	write_file(f_other, "Interviewer: Else?\nP001: Something else.\n");
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	test_begin(st, "tester", "setup", &err);
	ingest(f_int, "int", "interview");
	ingest(f_two, "two", "interview");
	ingest(f_plain, "plain", "document");
	ingest(f_other, "other", "interview");
	static const char *const codes[] = {"X", "Y", "Z", "D"};
	for (size_t i = 0; i < 4; i++) {
		struct braid_code_new n = {.name = codes[i], .coder = "tester"};
		int64_t id;

		if (braid_code_create(st, &n, &id, &err))
			fail_msg("code %s: %s", codes[i], err.msg);
	}
	for (size_t i = 0; i < 2; i++) { /* D's children d1, d2 */
		struct braid_code_new n = {
		    .name = i ? "d2" : "d1", .parent = "d", .coder = "tester"};
		int64_t id;

		if (braid_code_create(st, &n, &id, &err))
			fail_msg("code: %s", err.msg);
	}
	for (int k = 1; k <= 4; k++)
		code_p(k, "x", "amina");
	code_p(1, "x", "ben");
	code_p(2, "x", "ben");
	code_p(3, "x", "ben");
	code_p(5, "x", "ben");
	code_p(6, "y", "amina");
	{
		int64_t a, e;

		turn_span("int", 1, &a, &e); /* a question: not a unit by default */
		code("int", a, e, "z", "amina");
		turn_span("other", 2, &a, &e);
		code("other", a, e, "x", "amina");
	}
	test_commit(st, &err);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(f_int);
	unlink(f_two);
	unlink(f_plain);
	unlink(f_other);
	return 0;
}

static const char *const two_coders[] = {"amina", "ben"};

#define NEAR(x, y) assert_true(fabs((x) - (y)) < 1e-6)
#define VAL(val, want)                                                                             \
	do {                                                                                       \
		assert_true((val).defined);                                                        \
		NEAR((val).v, (want));                                                             \
	} while (0)

static size_t code_at(const struct braid_agree_result *r, const char *slug)
{
	for (size_t k = 0; k < r->ncodes; k++)
		if (!strcmp(r->codes[k].slug, slug))
			return k;
	fail_msg("no code '%s' in the result", slug);
	return 0;
}

/*
 * Turn units of "int" (the only document both coded), participants only:
 * 10 units; codes X and Y (Z's only coding is on a question: no unit).
 *
 * X by hand: both 1-3, amina only 4, ben only 5, neither 6-10.
 *   po = 8/10 = 0.8; Cohen pe = 0.4*0.4 + 0.6*0.6 = 0.52, kappa = 0.28/0.48 = 0.583333;
 *   Fleiss: the pooled marginal is 8/20 = 0.4 too, so 0.583333;
 *   alpha: n = 20 values, n1 = 8, n0 = 12; Do = (o01 + o10)/n = 4/20 = 0.2,
 *   De = 2*8*12/(20*19) = 0.505263, alpha = 1 - 0.2/0.505263 = 0.604167;
 *   Brennan-Prediger (q = 2) = (0.8 - 0.5)/0.5 = 0.6;
 *   AC1: pi = 0.4, pe = 2*0.4*0.6 = 0.48, AC1 = 0.32/0.52 = 0.615385.
 * Y: amina 6 only: po = 0.9, pe = 0.1*0 + 0.9*1 = 0.9, kappa = 0.
 * Pooled: 20 rows (unit, code), 3 disagreements: po = 17/20 = 0.85;
 *   amina 5 ones, ben 4: pe = 0.25*0.2 + 0.75*0.8 = 0.65, kappa = 0.2/0.35 = 0.571429;
 *   alpha: n = 40, n1 = 9, n0 = 31: Do = 6/40 = 0.15, De = 2*9*31/(40*39) = 0.357692,
 *   alpha = 1 - 0.15/0.357692 = 0.580645.
 */
static void test_turns_by_hand(void **state)
{
	struct braid_agree_opts o = {
	    .coders = two_coders, .ncoders = 2, .unit = BRAID_AGREE_TURN, .disagreements = 1};
	struct braid_agree_result r;
	size_t x, y;

	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.ndocs, 1);
	assert_int_equal(r.nunits, 10);
	assert_int_equal(r.ncodes, 2);
	x = code_at(&r, "x");
	y = code_at(&r, "y");
	assert_true(x < y); /* tree order */
	assert_int_equal(r.codes[x].rel.units, 10);
	assert_int_equal(r.codes[x].rel.agreements, 8);
	assert_int_equal(r.codes[x].applied[0], 4);
	assert_int_equal(r.codes[x].applied[1], 4);
	VAL(r.codes[x].rel.percent_agreement, 0.8);
	VAL(r.codes[x].rel.cohen_kappa, 0.28 / 0.48);
	VAL(r.codes[x].rel.fleiss_kappa, 0.28 / 0.48);
	VAL(r.codes[x].rel.alpha, 1 - 0.2 / (2.0 * 8 * 12 / (20 * 19)));
	VAL(r.codes[x].rel.brennan_prediger, 0.6);
	VAL(r.codes[x].rel.gwet_ac1, 0.32 / 0.52);
	VAL(r.codes[y].rel.percent_agreement, 0.9);
	VAL(r.codes[y].rel.cohen_kappa, 0);
	/* pooled: a row per (unit, code) */
	assert_int_equal(r.pooled.data.units, 20);
	assert_int_equal(r.pooled.data.coders, 2);
	assert_int_equal(r.pooled.rel.agreements, 17);
	assert_int_equal(r.pooled.applied[0], 5);
	assert_int_equal(r.pooled.applied[1], 4);
	VAL(r.pooled.rel.percent_agreement, 0.85);
	VAL(r.pooled.rel.cohen_kappa, 0.2 / 0.35);
	VAL(r.pooled.rel.alpha, 1 - 0.15 / (2.0 * 9 * 31 / (40 * 39)));
	/* the disagreements: X on answers 4 and 5 (turns 8, 10), Y on answer 6 (turn 12) */
	assert_int_equal(r.ndiffs, 3);
	assert_string_equal(r.diffs[0].doc, "int");
	assert_int_equal(r.diffs[0].turn, 8);
	assert_string_equal(r.diffs[0].speaker, "P001");
	assert_int_equal(r.diffs[0].code, x);
	assert_int_equal(r.diffs[0].applied, 1); /* amina only */
	assert_string_equal(r.diffs[0].text, "Answer number 4.");
	assert_int_equal(r.diffs[1].turn, 10);
	assert_int_equal(r.diffs[1].applied, 2); /* ben only */
	assert_int_equal(r.diffs[2].turn, 12);
	assert_int_equal(r.diffs[2].code, y);
	/* "other" (amina only) is left out, and said to be */
	assert_true(r.nnotes >= 1);
	assert_non_null(
	    strstr(r.notes[0], "left out 1 document not coded by every coder: 'other'"));
	braid_agree_result_release(&r);
}

/* With interviewers' turns: 20 units, and Z (amina's coding on question 1) comes in. */
static void test_interviewers(void **state)
{
	struct braid_agree_opts o = {
	    .coders = two_coders, .ncoders = 2, .unit = BRAID_AGREE_TURN, .interviewer = 1};
	struct braid_agree_result r;
	size_t z;

	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.nunits, 20);
	assert_int_equal(r.ncodes, 3);
	z = code_at(&r, "z");
	assert_int_equal(r.codes[z].applied[0], 1);
	VAL(r.codes[z].rel.percent_agreement, 19.0 / 20);
	/* X: the 10 questions are agreement on "not coded" now: po = 18/20 */
	VAL(r.codes[code_at(&r, "x")].rel.percent_agreement, 0.9);
	braid_agree_result_release(&r);
}

/* Named codes (not sub-codes) and named documents: "other" counts when named. */
static void test_named(void **state)
{
	const char *codes[] = {"X"}, *docs[] = {"int", "other"};
	struct braid_agree_opts o = {.coders = two_coders,
				     .ncoders = 2,
				     .codes = codes,
				     .ncodes = 1,
				     .docs = docs,
				     .ndocs = 2,
				     .unit = BRAID_AGREE_TURN};
	struct braid_agree_result r;

	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.ndocs, 2);
	assert_int_equal(r.nunits, 11);
	assert_int_equal(r.ncodes, 1);
	/* answer 4, answer 5 and other's one answer (amina only): 8 of 11 */
	assert_int_equal(r.codes[0].rel.agreements, 8);
	assert_int_equal(r.codes[0].applied[0], 5);
	braid_agree_result_release(&r);
}

/*
 * Sentences of "two": "First one." and "Second one." (turn 2 starts at 23:
 * "Interviewer: Hi?" is 0-16, then "\n\n", "P001: " 18-24, so the utterance
 * is 24-46; sentences 24-34 and 35-46). amina codes 24-36: the first
 * sentence and two code points of the second, so both by the one-code-point
 * rule; ben codes 35-46.
 */
static void test_sentences_overlap(void **state)
{
	const char *docs[] = {"two"};
	struct braid_agree_opts o = {.coders = two_coders,
				     .ncoders = 2,
				     .docs = docs,
				     .ndocs = 1,
				     .unit = BRAID_AGREE_SENTENCE,
				     .disagreements = 1};
	struct braid_agree_result r;
	int64_t a, e;

	turn_span("two", 2, &a, &e);
	assert_int_equal(a, 24);
	assert_int_equal(e, 46);
	test_begin(st, "tester", "code", &err);
	code("two", 24, 36, "x", "amina");
	code("two", 35, 46, "x", "ben");
	test_commit(st, &err);
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.nunits, 2);
	assert_string_equal(r.segmentation, BRAID_AGREE_SEGMENTATION);
	assert_int_equal(r.codes[0].applied[0], 2);
	assert_int_equal(r.codes[0].applied[1], 1);
	assert_int_equal(r.ndiffs, 1);
	assert_int_equal(r.diffs[0].start, 24);
	assert_int_equal(r.diffs[0].end, 34);
	assert_string_equal(r.diffs[0].text, "First one.");
	braid_agree_result_release(&r);
	/* paragraphs: one unit, both applied */
	o.unit = BRAID_AGREE_PARAGRAPH;
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.nunits, 1);
	assert_int_equal(r.ndiffs, 0);
	braid_agree_result_release(&r);
	/* the document as the unit */
	o.unit = BRAID_AGREE_DOCUMENT;
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.nunits, 1);
	VAL(r.codes[0].rel.percent_agreement, 1);
	braid_agree_result_release(&r);
}

/*
 * Characters: "plain" is "abcdefghij" (no speakers: one turn, 0-10); amina
 * 0-6, ben 3-10: both 3 (d-f), one only 3 + 4 = 7, neither 0, of 10.
 * "two": the continuum is the utterance alone (22 code points: the
 * interviewer's turn and the labels are left out); amina 24-36, ben 35-46:
 * both 1 (35), one only 11 + 10 = 21... amina 12, ben 11: one only 11 + 10.
 */
static void test_char_level(void **state)
{
	const char *docs[] = {"plain"}, *docs2[] = {"two"};
	struct braid_agree_opts o = {.coders = two_coders,
				     .ncoders = 2,
				     .docs = docs,
				     .ndocs = 1,
				     .unit = BRAID_AGREE_CHAR,
				     .disagreements = 1};
	struct braid_agree_result r;

	test_begin(st, "tester", "code", &err);
	code("plain", 0, 6, "y", "amina");
	code("plain", 3, 10, "y", "ben");
	test_commit(st, &err);
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.nunits, 10);
	assert_int_equal(r.ncodes, 1);
	assert_int_equal(r.codes[0].u.both, 3);
	assert_int_equal(r.codes[0].u.one_only, 7);
	assert_int_equal(r.codes[0].u.neither, 0);
	assert_int_equal(r.codes[0].u.total, 10);
	VAL(r.codes[0].u.percent_agreement, 0.3);
	assert_int_equal(r.codes[0].applied[0], 6);
	assert_int_equal(r.codes[0].applied[1], 7);
	/* the differing stretches: 0-3 amina only, 6-10 ben only */
	assert_int_equal(r.ndiffs, 2);
	assert_int_equal(r.diffs[0].start, 0);
	assert_int_equal(r.diffs[0].end, 3);
	assert_int_equal(r.diffs[0].applied, 1);
	assert_string_equal(r.diffs[0].text, "abc");
	assert_int_equal(r.diffs[1].start, 6);
	assert_int_equal(r.diffs[1].end, 10);
	assert_int_equal(r.diffs[1].applied, 2);
	braid_agree_result_release(&r);

	o.docs = docs2;
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_int_equal(r.nunits, 22);
	assert_int_equal(r.codes[0].u.total, 22);
	assert_int_equal(r.codes[0].u.both, 1);
	assert_int_equal(r.codes[0].u.one_only, 11 + 10);
	assert_int_equal(r.codes[0].u.neither, 0);
	braid_agree_result_release(&r);
}

/* A domain: d's children; one coder's d1 and d2 overlapping is an error naming them. */
static void test_domain(void **state)
{
	const char *docs[] = {"plain"};
	struct braid_agree_opts o = {.coders = two_coders,
				     .ncoders = 2,
				     .docs = docs,
				     .ndocs = 1,
				     .unit = BRAID_AGREE_CHAR,
				     .domain = "d"};
	struct braid_agree_result r;

	test_begin(st, "tester", "code", &err);
	code("plain", 0, 5, "d1", "amina");
	code("plain", 5, 10, "d2", "amina");
	code("plain", 0, 5, "d1", "ben");
	code("plain", 5, 10, "d2", "ben");
	test_commit(st, &err);
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_true(r.has_domain);
	assert_string_equal(r.domain, "d");
	assert_int_equal(r.ndomain_codes, 2);
	assert_string_equal(r.domain_codes[0], "d1");
	/* the same segments: perfect agreement */
	VAL(r.dom.u_alpha, 1);
	braid_agree_result_release(&r);

	test_begin(st, "tester", "code", &err);
	code("plain", 4, 6, "d1", "ben");
	test_commit(st, &err);
	assert_int_equal(braid_agree_run(st, &o, &r, &err), BRAID_EINVAL);
	braid_agree_result_release(&r);
	assert_non_null(strstr(err.msg, "domain 'd'"));
	assert_non_null(strstr(err.msg, "d1"));
	assert_non_null(strstr(err.msg, "d2"));
	/* a domain needs sub-codes */
	o.domain = "x";
	assert_int_equal(braid_agree_run(st, &o, &r, &err), BRAID_EINVAL);
	braid_agree_result_release(&r);
	assert_string_equal(err.msg, "code 'x' has no sub-codes to form a domain");
}

static void test_errors(void **state)
{
	const char *one[] = {"amina"}, *bad[] = {"amina", "nobody"}, *twice[] = {"amina", "Amina"};
	const char *codes[] = {"nope"};
	struct braid_agree_opts o = {.coders = one, .ncoders = 1, .unit = BRAID_AGREE_TURN};
	struct braid_agree_result r;

	assert_int_equal(braid_agree_run(st, &o, &r, &err), BRAID_EINVAL);
	braid_agree_result_release(&r);
	assert_non_null(strstr(err.msg, "at least two coders"));
	o.coders = bad;
	o.ncoders = 2;
	assert_int_equal(braid_agree_run(st, &o, &r, &err), BRAID_ENOTFOUND);
	braid_agree_result_release(&r);
	assert_string_equal(err.msg, "no coder 'nobody' (coders: 'amina', 'ben', 'tester')");
	o.coders = twice;
	assert_int_equal(braid_agree_run(st, &o, &r, &err), BRAID_EINVAL);
	braid_agree_result_release(&r);
	assert_string_equal(err.msg, "coder 'amina' is named twice");
	o.coders = two_coders;
	o.codes = codes;
	o.ncodes = 1;
	assert_int_equal(braid_agree_run(st, &o, &r, &err), BRAID_ENOTFOUND);
	braid_agree_result_release(&r);
	assert_non_null(strstr(err.msg, "no code 'nope'"));
}

static const char *seg_note(const struct braid_agree_result *r)
{
	for (size_t i = 0; i < r->nnotes; i++)
		if (strstr(r->notes[i], "segmentation") || strstr(r->notes[i], "cut by"))
			return r->notes[i];
	return NULL;
}

/* The segmentation is recorded once; another recorded version is said to differ. */
static void test_segmentation_record(void **state)
{
	const char *docs[] = {"two"};
	struct braid_agree_opts o = {.coders = two_coders,
				     .ncoders = 2,
				     .docs = docs,
				     .ndocs = 1,
				     .unit = BRAID_AGREE_SENTENCE};
	struct braid_agree_result r;
	int recorded;

	test_begin(st, "tester", "agree", &err);
	assert_int_equal(braid_agree_record_segmentation(st, &recorded, &err), 0);
	assert_int_equal(recorded, 1);
	assert_int_equal(braid_agree_record_segmentation(st, &recorded, &err), 0);
	assert_int_equal(recorded, 0);
	test_commit(st, &err);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM project WHERE key = "
					  "'agree.segmentation' AND value = 'braid-seg-1'"),
			 1);
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_string_equal(r.recorded, "braid-seg-1");
	assert_null(seg_note(&r));
	braid_agree_result_release(&r);
	assert_int_equal(sqlite3_exec(braid_store_db(st),
				      "UPDATE project SET value = 'braid-seg-0' WHERE key = "
				      "'agree.segmentation'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(braid_agree_run(st, &o, &r, &err), 0);
	assert_non_null(seg_note(&r));
	assert_non_null(strstr(seg_note(&r), "sentences and paragraphs are cut by braid-seg-1, "
					     "but this project's agreement was first measured "
					     "with braid-seg-0"));
	braid_agree_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_turns_by_hand), cmocka_unit_test(test_interviewers),
	    cmocka_unit_test(test_named),	  cmocka_unit_test(test_sentences_overlap),
	    cmocka_unit_test(test_char_level),	  cmocka_unit_test(test_domain),
	    cmocka_unit_test(test_errors),	  cmocka_unit_test(test_segmentation_record),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
