/*
 * test_quantitize.c - the cases x themes matrix (quantitize.h): presence,
 * count and coverage worked out by hand on test_themes.c's project (the
 * same rule as prevalence, case by case), one coder's codings, survey
 * variables joined through the case links, an unknown variable; and the
 * joint display (triangulate.h) on the same project, worked by hand.
 */
#define FIXTURE "quant"
#include "themesfixture.h"

#include <math.h>
#include <sqlite3.h>

#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/ingest.h"
#include "braid/quantitize.h"
#include "braid/store.h"
#include "braid/survey.h"
#include "braid/themes.h"
#include "braid/triangulate.h"
#include "braid/vocab.h"

static void check_row(const struct braid_matrix *m, size_t r, const char *name,
		      const int64_t seg[4], const int64_t words[4], int64_t total)
{
	assert_string_equal(m->rows[r], name);
	assert_int_equal(m->words_total[r], total);
	for (size_t c = 0; c < 4; c++) {
		assert_int_equal(m->segments[r * m->ncols + c], seg[c]);
		assert_int_equal(m->words[r * m->ncols + c], words[c]);
		assert_true(braid_matrix_cell(m, r, c, BRAID_MATRIX_PRESENCE) == (seg[c] > 0));
		assert_true(braid_matrix_cell(m, r, c, BRAID_MATRIX_COUNT) == (double)seg[c]);
		assert_true(fabs(braid_matrix_cell(m, r, c, BRAID_MATRIX_COVERAGE) -
				 (double)words[c] / (double)total) < 1e-15);
	}
}

static void test_matrix(void **state)
{
	struct braid_matrix m;

	fixture_theme_tree(1);
	assert_int_equal(braid_matrix_themes(st, NULL, &m, &err), 0);
	/* columns: the themes in play in tree order ("gone" is discarded) */
	assert_int_equal(m.ncols, 4);
	assert_string_equal(m.slugs[0], "support");
	assert_string_equal(m.slugs[1], "family-help");
	assert_string_equal(m.slugs[2], "legal-help");
	assert_string_equal(m.slugs[3], "peer");
	assert_string_equal(m.names[1], "Family help");
	/* rows: the cases with words of their own, by name (C has no case) */
	assert_int_equal(m.nrows, 3);
	/*
	 * P001 (A, 11 words of its own):
	 *   family-help: 25..42 (g1 = g2, one segment), 28..53 (g5) = 2; union
	 *     25..53 "My sister helped. The lawyer" = 5 words
	 *   legal-help: 43..63 (g3) = 1, 4 words; g6 is in the interviewer's turn,
	 *     which has no case
	 *   support: the two above (shelter has no codings): 3 segments, union
	 *     25..63 = 7 words
	 *   peer: 87..108 (g4) = 1, 4 words
	 */
	check_row(&m, 0, "P001", (const int64_t[]){ 3, 2, 1, 1 }, (const int64_t[]){ 7, 5, 4, 4 },
		  11);
	/*
	 * P002 (B, 8 words): family-help 45..68 (g7) 5 words; legal-help 27..44
	 * (g8; g9 pending, g10 rejected) 3 words; support both: 2, 8 of 8
	 */
	check_row(&m, 1, "P002", (const int64_t[]){ 2, 1, 1, 0 }, (const int64_t[]){ 8, 5, 3, 0 },
		  8);
	/* P003 (D, 3 words): nothing coded */
	check_row(&m, 2, "P003", (const int64_t[]){ 0, 0, 0, 0 }, (const int64_t[]){ 0, 0, 0, 0 },
		  3);
	assert_true(braid_matrix_cell(&m, 1, 0, BRAID_MATRIX_COVERAGE) == 1.0);
	braid_matrix_release(&m);
}

static void test_matrix_codes(void **state)
{
	struct braid_matrix m;

	/* columns: the codes in tree order; each code's own codings, the same rule */
	assert_int_equal(braid_matrix_codes(st, NULL, &m, &err), 0);
	assert_int_equal(m.ncols, 4);
	assert_string_equal(m.slugs[0], "family");
	assert_string_equal(m.slugs[1], "legal");
	assert_string_equal(m.slugs[2], "peer");
	assert_string_equal(m.slugs[3], "shelter");
	/*
	 * P001: family 25..42 (g1 = g2), 28..53 (g5): 2, union 5 words; legal
	 * 43..63 (g3) 1, 4 words (g6 the interviewer's); peer g4 1, 4; shelter none
	 * P002: family g7 1, 5; legal g8 1, 3 (g9 pending, g10 rejected)
	 */
	check_row(&m, 0, "P001", (const int64_t[]){ 2, 1, 1, 0 }, (const int64_t[]){ 5, 4, 4, 0 },
		  11);
	check_row(&m, 1, "P002", (const int64_t[]){ 1, 1, 0, 0 }, (const int64_t[]){ 5, 3, 0, 0 },
		  8);
	check_row(&m, 2, "P003", (const int64_t[]){ 0, 0, 0, 0 }, (const int64_t[]){ 0, 0, 0, 0 },
		  3);
	braid_matrix_release(&m);
}

static void test_matrix_coder(void **state)
{
	struct braid_matrix_opts o = { "ben", NULL, 0, BRAID_ROWS_CASES };
	struct braid_matrix m;

	fixture_theme_tree(1);
	/* ben: g2 (A 25..42, 3 words) only; g9 is pending, g10 rejected */
	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	check_row(&m, 0, "P001", (const int64_t[]){ 1, 1, 0, 0 }, (const int64_t[]){ 3, 3, 0, 0 },
		  11);
	check_row(&m, 1, "P002", (const int64_t[]){ 0, 0, 0, 0 }, (const int64_t[]){ 0, 0, 0, 0 },
		  8);
	braid_matrix_release(&m);
	o.coder = "zoe";
	assert_int_not_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	assert_non_null(strstr(err.msg, "zoe"));
	braid_matrix_release(&m);
}

static void test_matrix_survey(void **state)
{
	static const char *const vars[] = { "group", "SR", "age" };
	struct braid_matrix_opts o = { NULL, vars, 3, BRAID_ROWS_CASES };
	struct braid_listing l;
	struct braid_column cols[8];
	struct braid_row row;
	struct braid_matrix m;

	fixture_theme_tree(1);
	/* p001 links to P001 ignoring case; P002 has no row; P100 has no case */
	fixture_survey("id,SR,age,group\np001,1,30,a\nP003,0,,b\nP100,1,40,a\n");

	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	assert_int_equal(m.nvars, 3);
	assert_string_equal(m.vars[0].name, "group");
	assert_string_equal(m.vars[0].type, "categorical");
	assert_string_equal(m.vars[1].type, "binary");
	assert_false(m.vars[0].numeric);
	assert_true(m.vars[1].numeric && m.vars[2].numeric);
	assert_string_equal(m.vars[0].text[0], "a");
	assert_null(m.vars[0].text[1]); /* P002: no survey row */
	assert_string_equal(m.vars[0].text[2], "b");
	assert_true(m.vars[1].has_num[0] && m.vars[1].num[0] == 1);
	assert_true(m.vars[1].has_num[2] && m.vars[1].num[2] == 0);
	assert_true(m.vars[2].has_num[0] && m.vars[2].num[0] == 30);
	assert_null(m.vars[2].text[2]); /* P003's age is missing */

	/* the listing: case, 4 themes, 3 variables */
	braid_matrix_listing(&m, BRAID_MATRIX_COVERAGE, &l, cols);
	assert_int_equal(l.ncols, 8);
	assert_string_equal(l.cols[1].key, "support");
	assert_int_equal(l.cols[1].type, BRAID_VAL_REAL);
	assert_int_equal(l.cols[5].type, BRAID_VAL_STR);
	assert_int_equal(l.cols[6].type, BRAID_VAL_REAL);
	braid_row_init(&row, &l);
	braid_matrix_values(&m, 2, BRAID_MATRIX_COVERAGE, &row);
	assert_string_equal(row.v[0].s, "P003");
	assert_int_equal(row.v[5].type, BRAID_VAL_STR);
	assert_int_equal(row.v[6].type, BRAID_VAL_REAL);
	assert_int_equal(row.v[7].type, BRAID_VAL_NULL);
	braid_row_release(&row);
	braid_matrix_listing(&m, BRAID_MATRIX_COUNT, &l, cols);
	assert_int_equal(l.cols[1].type, BRAID_VAL_INT);
	braid_matrix_release(&m);

	{
		static const char *const bad[] = { "SR", "nope" };
		struct braid_matrix_opts ob = { NULL, bad, 2, BRAID_ROWS_CASES };

		assert_int_equal(braid_matrix_themes(st, &ob, &m, &err), BRAID_ENOTFOUND);
		assert_string_equal(err.msg, "no survey variable 'nope'");
		braid_matrix_release(&m);
	}
}

/*
 * A focus group E beside the fixture, its participants mapped to cases:
 *   "I: Who helped?"      turn 1, I (moderator), 3..14
 *   "M: My sister did."   turn 2, M (case P001), 19..33, 3 words
 *   "N: The lawyer did."  turn 3, N (case P002), 38..53, 3 words
 * coded family 19..33 and legal 38..53 (ana); E itself has no case.
 */
static void add_focus_group(void)
{
	static const char *const moderator[] = { "I" };
	char text[64], map[64];
	const char *p = text;
	struct braid_ingest_opts o = { .name = "E", .kind = "focus-group", .case_map = map,
				       .interviewers = moderator, .ninterviewers = 1 };
	FILE *f;

	snprintf(text, sizeof(text), "/tmp/braid-quant-%d-E.txt", (int)getpid());
	snprintf(map, sizeof(map), "/tmp/braid-quant-%d-map.csv", (int)getpid());
	f = fopen(text, "w");
	fputs("I: Who helped?\nM: My sister did.\nN: The lawyer did.\n", f);
	fclose(f);
	f = fopen(map, "w");
	fputs("speaker,case\nM,P001\nN,P002\n", f);
	fclose(f);
	begin("tester", "ingest");
	if (braid_ingest(st, &p, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	commit();
	unlink(text);
	unlink(map);
	begin("tester", "code add");
	coding("E", 19, 33, "family", "ana", "manual");
	coding("E", 38, 53, "legal", "ana", "manual");
	commit();
}

/*
 * The same walk by document and by speaker (columns support, family-help,
 * legal-help, peer). Interviewers' turns count for no row: g6 (A 3..20)
 * nowhere, and C (the pseudo-speaker's, no participant's words) is no row.
 */
static void test_matrix_rows(void **state)
{
	static const char *const vars[] = { "age" };
	struct braid_matrix_opts o = { NULL, vars, 1, BRAID_ROWS_DOCS };
	struct braid_matrix m;

	fixture_theme_tree(1);
	add_focus_group();
	fixture_survey("id,age\nP001,30\nP002,40\n");

	/* by document: A, B, D, E by name, each its participants' words */
	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	assert_int_equal(m.by, BRAID_ROWS_DOCS);
	assert_int_equal(m.nrows, 4);
	/* A as P001 was before E: support g1/g2, g5, g3 (union 25..63, 7 words) */
	check_row(&m, 0, "A", (const int64_t[]){ 3, 2, 1, 1 }, (const int64_t[]){ 7, 5, 4, 4 }, 11);
	check_row(&m, 1, "B", (const int64_t[]){ 2, 1, 1, 0 }, (const int64_t[]){ 8, 5, 3, 0 }, 8);
	check_row(&m, 2, "D", (const int64_t[]){ 0, 0, 0, 0 }, (const int64_t[]){ 0, 0, 0, 0 }, 3);
	/* E: M's 19..33 and N's 38..53, 3 words each, of the 6 M and N speak */
	check_row(&m, 3, "E", (const int64_t[]){ 2, 1, 1, 0 }, (const int64_t[]){ 6, 3, 3, 0 }, 6);
	/* the survey through the document's case; E has none */
	assert_string_equal(m.cases[0], "P001");
	assert_null(m.cases[3]);
	assert_true(m.vars[0].has_num[0] && m.vars[0].num[0] == 30);
	assert_true(m.vars[0].has_num[1] && m.vars[0].num[1] == 40);
	assert_null(m.vars[0].text[2]); /* P003: no survey row */
	assert_null(m.vars[0].text[3]);
	braid_matrix_release(&m);

	/* by speaker: document by document, in turn order; A:P is A, E splits in two */
	o.rows = BRAID_ROWS_SPEAKERS;
	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	assert_int_equal(m.nrows, 5);
	check_row(&m, 0, "A:P", (const int64_t[]){ 3, 2, 1, 1 }, (const int64_t[]){ 7, 5, 4, 4 }, 11);
	check_row(&m, 1, "B:R", (const int64_t[]){ 2, 1, 1, 0 }, (const int64_t[]){ 8, 5, 3, 0 }, 8);
	check_row(&m, 2, "D:P", (const int64_t[]){ 0, 0, 0, 0 }, (const int64_t[]){ 0, 0, 0, 0 }, 3);
	check_row(&m, 3, "E:M", (const int64_t[]){ 1, 1, 0, 0 }, (const int64_t[]){ 3, 3, 0, 0 }, 3);
	check_row(&m, 4, "E:N", (const int64_t[]){ 1, 0, 1, 0 }, (const int64_t[]){ 3, 0, 3, 0 }, 3);
	/* a speaker's case is its own: P001 is two rows, both joined */
	assert_string_equal(m.cases[3], "P001");
	assert_true(m.vars[0].has_num[0] && m.vars[0].num[0] == 30);
	assert_true(m.vars[0].has_num[3] && m.vars[0].num[3] == 30);
	assert_true(m.vars[0].has_num[4] && m.vars[0].num[4] == 40);
	braid_matrix_release(&m);

	/* by case, the same segments summed: P001 = A + E:M, P002 = B + E:N */
	o.rows = BRAID_ROWS_CASES;
	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	check_row(&m, 0, "P001", (const int64_t[]){ 4, 3, 1, 1 }, (const int64_t[]){ 10, 8, 4, 4 },
		  14);
	check_row(&m, 1, "P002", (const int64_t[]){ 3, 1, 2, 0 }, (const int64_t[]){ 11, 5, 6, 0 },
		  11);
	braid_matrix_release(&m);

	/* codes as columns (family, legal, peer, shelter) by speaker: E:N has legal alone */
	o.rows = BRAID_ROWS_SPEAKERS;
	assert_int_equal(braid_matrix_codes(st, &o, &m, &err), 0);
	check_row(&m, 4, "E:N", (const int64_t[]){ 0, 1, 0, 0 }, (const int64_t[]){ 0, 3, 0, 0 }, 3);
	braid_matrix_release(&m);
}

/*
 * Text cells by document and speaker: a quote belongs to the row its
 * segment counts for, so g6's (the interviewer's) goes nowhere and A's
 * legal-help cell is its first extract in a participant's turn, g3.
 * Summaries are the cases' and refused.
 */
static void test_matrix_rows_texts(void **state)
{
	struct braid_matrix_opts o = { NULL, NULL, 0, BRAID_ROWS_DOCS };
	struct braid_matrix m;
	int64_t q;

	fixture_theme_tree(1);
	add_focus_group();
	begin("ana", "quote add");
	assert_int_equal(braid_quote_add(st, 3, g[6], NULL, "ana", &q, &err), 0);
	assert_int_equal(braid_quote_add(st, 2, g[7], NULL, "ana", &q, &err), 0);
	commit();
	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	assert_int_equal(braid_matrix_texts(st, &o, BRAID_MATRIX_QUOTES, &m, &err), 0);
	assert_string_equal(m.text[0 * 4 + 2], "The lawyer was slow.");  /* A legal-help */
	assert_string_equal(m.text[0 * 4 + 1], "My sister helped.");     /* A family-help */
	assert_string_equal(m.text[1 * 4 + 1], "My sister was far away."); /* B: the quote */
	assert_null(m.text[2 * 4 + 1]);                                  /* D: nothing */
	assert_string_equal(m.text[3 * 4 + 2], "The lawyer did.");       /* E */
	assert_int_equal(braid_matrix_texts(st, &o, BRAID_MATRIX_SUMMARY, &m, &err),
			 BRAID_EINVAL);
	assert_string_equal(err.msg, "summaries are written per case: not with rows by docs");
	braid_matrix_release(&m);

	o.rows = BRAID_ROWS_SPEAKERS;
	assert_int_equal(braid_matrix_themes(st, &o, &m, &err), 0);
	assert_int_equal(braid_matrix_texts(st, &o, BRAID_MATRIX_QUOTES, &m, &err), 0);
	assert_string_equal(m.text[3 * 4 + 1], "My sister did."); /* E:M family-help */
	assert_null(m.text[3 * 4 + 2]);                            /* E:M has no legal-help */
	assert_string_equal(m.text[4 * 4 + 2], "The lawyer did."); /* E:N */
	braid_matrix_release(&m);
}

/* The survey of the joint display tests: P001 SR 1 high a, P002 SR 0 low b, P003 SR 0 medium a. */
static void joint_survey(void)
{
	static const char *const levels[] = { "low", "medium", "high" };

	fixture_survey("id,SR,RA,group\nP001,1,high,a\nP002,0,low,b\nP003,0,medium,a\n");
	begin("ana", "survey type");
	assert_int_equal(braid_survey_set_type(st, "RA", BRAID_SURVEY_ORDINAL, levels, 3, &err), 0);
	commit();
}

/*
 * Presence (test_matrix): P001 has support, family help, legal help and
 * peer; P002 all but peer; P003 nothing.
 */
static void test_joint_binary(void **state)
{
	static const char *const only[] = { "peer", "support" };
	struct braid_joint_opts o = { "SR", NULL, only, 2, 1, 0 };
	struct braid_joint j;
	int64_t q;

	fixture_theme_tree(1);
	joint_survey();
	begin("ana", "quote add");
	assert_int_equal(braid_quote_add(st, 4, g[4], NULL, "ana", &q, &err), 0);
	commit();
	assert_int_equal(braid_triangulate_by(st, &o, &j, &err), 0);
	assert_int_equal(j.kind, BRAID_JOINT_BINARY);
	assert_int_equal(j.ncases, 3);
	assert_int_equal(j.missing, 0);
	assert_int_equal(j.ngroups, 2);
	assert_string_equal(j.group[0], "SR = 1");
	assert_int_equal(j.nrows, 2);
	/*
	 * peer: SR = 1 P001 has it (1 of 1), SR = 0 none of P002, P003 (0 of
	 * 2). Table [[1, 0], [0, 2]]: P(a = 1) = 1/3, P(a = 0) = 2/3: Fisher p
	 * = 1/3; a zero cell, so corrected.
	 */
	assert_string_equal(j.rows[0].slug, "peer");
	assert_int_equal(j.rows[0].cell[0].with, 1);
	assert_int_equal(j.rows[0].cell[0].n, 1);
	assert_int_equal(j.rows[0].cell[1].with, 0);
	assert_int_equal(j.rows[0].cell[1].n, 2);
	assert_true(j.rows[0].t2.corrected);
	assert_true(fabs(j.rows[0].p.v - 1.0 / 3) < 1e-12);
	/* support: P001 and P002: SR = 1 1 of 1, SR = 0 1 of 2: [[1, 1], [0, 1]], p = 1 */
	assert_int_equal(j.rows[1].cell[1].with, 1);
	assert_true(fabs(j.rows[1].p.v - 1) < 1e-12);
	/* BH of (1/3, 1): 1/3 x 2 = 2/3, 1 */
	assert_true(fabs(j.rows[0].p_adj.v - 2.0 / 3) < 1e-12);
	assert_true(fabs(j.rows[1].p_adj.v - 1) < 1e-12);
	assert_string_equal(j.rows[0].cell[0].shown, "1/1 (100.0%)");
	/* the exemplar of peer, g4 of P001, in SR = 1's cell; none for support */
	assert_string_equal(j.rows[0].cell[0].quote, "The group met weekly.");
	assert_string_equal(j.rows[0].cell[0].quote_case, "P001");
	assert_null(j.rows[0].cell[1].quote);
	assert_null(j.rows[1].cell[0].quote);
	{
		/* the listing: declared and filled by the same walk, keys as documented */
		const struct braid_listing *l = braid_joint_listing(&j);
		struct braid_row row;
		size_t k = 0;

		while (k < l->ncols && !(l->cols[k].key && !strcmp(l->cols[k].key, "quote_1")))
			k++;
		assert_true(k < l->ncols);
		braid_row_init(&row, l);
		braid_joint_values(&j, 0, &row);
		assert_int_equal(row.v[k].type, BRAID_VAL_STR);
		assert_memory_equal(row.v[k].s, "The group met weekly.", row.v[k].len);
		assert_string_equal(l->cols[l->ncols - 1].key, "warnings");
		braid_row_release(&row);
	}
	braid_joint_release(&j);
}

static void test_joint_ordinal_levels(void **state)
{
	static const char *const peer[] = { "peer" }, *const support[] = { "support" };
	struct braid_joint_opts o = { "RA", NULL, peer, 1, 0, 0 };
	struct braid_joint j;

	fixture_theme_tree(1);
	joint_survey();
	/* RA by peer: with P001 high (3); without P002 low (1), P003 medium (2) */
	assert_int_equal(braid_triangulate_by(st, &o, &j, &err), 0);
	assert_int_equal(j.kind, BRAID_JOINT_ORDINAL);
	assert_int_equal(j.nlevels, 3);
	assert_int_equal(j.rows[0].cell[0].nv, 1);
	assert_true(j.rows[0].cell[0].median.v == 3);
	/* without: sorted 1 2; type 1: median x[ceil(1)] = 1, Q1 x[ceil(0.5)] = 1, Q3 x[2] = 2 */
	assert_int_equal(j.rows[0].cell[1].nv, 2);
	assert_true(j.rows[0].cell[1].median.v == 1);
	assert_true(j.rows[0].cell[1].q1.v == 1);
	assert_true(j.rows[0].cell[1].q3.v == 2);
	assert_string_equal(j.rows[0].cell[1].shown, "2 low [low, medium]");
	/* U of the theme's group: ranks 1 2 3, P001 has 3: U = 3 - 1 = 2 */
	assert_true(j.rows[0].g.u.v == 2);
	braid_joint_release(&j);

	/*
	 * group (categorical) by support: a: P001 (with), P003 (without); b:
	 * P002 (with). Table [[1, 1], [1, 0]], expected [[4/3, 2/3], [2/3,
	 * 1/3]]: chi2 = 1/12 + 1/6 + 1/6 + 1/3 = 0.75, df 1, p =
	 * erfc(sqrt(0.75 / 2)) (the chi-squared tail with one df).
	 */
	o.var = "group";
	o.themes = support;
	assert_int_equal(braid_triangulate_by(st, &o, &j, &err), 0);
	assert_int_equal(j.kind, BRAID_JOINT_LEVELS);
	assert_int_equal(j.ngroups, 2);
	assert_string_equal(j.group[0], "a");
	assert_int_equal(j.rows[0].cell[0].with, 1);
	assert_int_equal(j.rows[0].cell[0].n, 2);
	assert_int_equal(j.rows[0].cell[1].with, 1);
	assert_int_equal(j.rows[0].cell[1].n, 1);
	assert_true(fabs(j.rows[0].chi.chi2.v - 0.75) < 1e-12);
	assert_true(fabs(j.rows[0].p.v - erfc(sqrt(0.75 / 2))) < 1e-12);
	assert_non_null(j.rows[0].warnings); /* expected counts below 5 */
	braid_joint_release(&j);

	/* an unknown theme, an unknown variable */
	{
		static const char *const nope[] = { "nope" };

		o.themes = nope;
		assert_int_equal(braid_triangulate_by(st, &o, &j, &err), BRAID_ENOTFOUND);
		assert_string_equal(err.msg, "no theme 'nope' in play");
		braid_joint_release(&j);
		o.themes = NULL;
		o.var = "nope";
		assert_int_equal(braid_triangulate_by(st, &o, &j, &err), BRAID_ENOTFOUND);
		braid_joint_release(&j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_coder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_survey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_rows_texts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_joint_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_joint_ordinal_levels, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
