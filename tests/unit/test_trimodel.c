/*
 * test_trimodel.c - triangulate corr and model (trimodel.h) on a project of
 * 40 interviewed cases, two themes and a survey (binary, numeric, ordinal
 * and categorical variables, values missing, a case without a survey row
 * and a row without a case), against an independent implementation:
 * tests/ref/trimodel_ref.py computed every expected value below with
 * scipy 1.10.1 and statsmodels 0.13.5 (Debian 12's python3-scipy,
 * python3-statsmodels) from the same data, joined and dummy-coded again
 * with pandas: correlations by scipy.stats.pearsonr / spearmanr (Fisher-z
 * CIs), Benjamini-Hochberg by statsmodels' multipletests(method='fdr_bh'),
 * the models by statsmodels' Logit(y, add_constant(X)).fit() and
 * OLS(y, add_constant(X)).fit(cov_type='HC3'). Its output is pasted between
 * BEGIN and END with the call beside each value. Also: the join (dropped
 * counts, pairwise n), reference levels and their naming, ordinal scores,
 * warnings in words, the refusals, and the table's composed cells.
 */
#include "teststore.h"

#include <math.h>

#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/ingest.h"
#include "braid/survey.h"
#include "braid/themes.h"
#include "braid/trimodel.h"
#include "teststats.h"


/* clang-format off */
/* BEGIN trimodel_ref.py: scipy 1.10.1, statsmodels 0.13.5+dfsg, pandas 1.5.3, numpy 1.24.2, Python 3.11.2 */
static const char survey_csv[] =
	"id,SR,PWB,age,RA,origin\n"
	"P01,1,3.3,50,high,Kyrgyzstan\n"
	"P02,1,4.5,39,low,Uzbekistan\n"
	"P03,1,4.8,44,high,Kyrgyzstan\n"
	"P04,,3.8,51,medium,Tajikistan\n"
	"P05,1,3.7,37,medium,Uzbekistan\n"
	"P06,0,4.8,30,low,\n"
	"P07,1,4.0,22,low,Uzbekistan\n"
	"P08,1,5.1,38,high,Tajikistan\n"
	"P09,0,,24,high,Uzbekistan\n"
	"P10,0,1.8,45,medium,Tajikistan\n"
	"P11,1,4.5,36,high,Tajikistan\n"
	"P12,1,3.7,42,high,Kyrgyzstan\n"
	"P13,0,4.4,,medium,Uzbekistan\n"
	"P14,0,3.4,46,high,Kyrgyzstan\n"
	"P15,1,3.7,31,high,Uzbekistan\n"
	"P16,1,4.8,35,medium,Kyrgyzstan\n"
	"P17,0,4.5,48,medium,Tajikistan\n"
	"P18,,3.0,24,high,Tajikistan\n"
	"P19,0,2.6,37,low,Kyrgyzstan\n"
	"P20,0,4.8,44,low,Tajikistan\n"
	"P21,1,2.5,25,medium,Tajikistan\n"
	"P22,0,,29,high,Tajikistan\n"
	"P23,1,4.6,24,medium,Uzbekistan\n"
	"P24,1,3.2,46,medium,Kyrgyzstan\n"
	"P25,1,4.8,33,high,Kyrgyzstan\n"
	"P26,1,4.0,32,,Tajikistan\n"
	"P27,0,3.9,22,medium,Tajikistan\n"
	"P28,1,5.9,25,low,Tajikistan\n"
	"P29,,2.6,43,medium,Tajikistan\n"
	"P30,1,6.0,33,low,Uzbekistan\n"
	"P31,1,2.8,31,medium,Kyrgyzstan\n"
	"P32,1,3.1,42,low,Kyrgyzstan\n"
	"P33,0,5.0,27,high,Kyrgyzstan\n"
	"P34,0,3.7,50,,Kyrgyzstan\n"
	"P35,1,4.1,32,medium,Uzbekistan\n"
	"P36,1,5.0,30,low,Uzbekistan\n"
	"P37,0,4.6,33,medium,Kyrgyzstan\n"
	"P38,0,4.4,35,high,Kyrgyzstan\n"
	"P39,1,3.7,41,medium,Tajikistan\n"
	"P41,1,2.0,50,high,Uzbekistan\n"
	;
static const int has_peer[40] = { 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0 };
static const int has_family[40] = { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
/* corr PWB RA SR age theme:peer, pairwise-complete; Pearson: scipy.stats.pearsonr, its
   confidence_interval(0.95) (Fisher's z); Spearman: scipy.stats.spearmanr and
   tanh(atanh(rho) -+ 1.959964 / sqrt(n - 3)); BH: statsmodels multipletests(method='fdr_bh') */
/* pair 0: PWB x RA, spearmanr */
#define C0_N 35
#define C0_R -0.10394975393635135 /* spearmanr */
#define C0_LO -0.4225584935381394 /* Fisher z */
#define C0_HI 0.2375248648369967 /* Fisher z */
#define C0_P 0.5523420092361525 /* spearmanr */
/* pair 1: PWB x SR, pearsonr */
#define C1_N 34
#define C1_R 0.09423075655930932 /* pearsonr */
#define C1_LO -0.25196392516102323 /* Fisher z */
#define C1_HI 0.4190433814530543 /* Fisher z */
#define C1_P 0.596053001275824 /* pearsonr */
/* pair 2: PWB x age, pearsonr */
#define C2_N 36
#define C2_R -0.2504219926376107 /* pearsonr */
#define C2_LO -0.5349463198346002 /* Fisher z */
#define C2_HI 0.0851164987840402 /* Fisher z */
#define C2_P 0.1407259156170934 /* pearsonr */
/* pair 3: PWB x theme:peer, pearsonr */
#define C3_N 37
#define C3_R 0.2153278768897628 /* pearsonr */
#define C3_LO -0.11684331081843624 /* Fisher z */
#define C3_HI 0.5041707161619509 /* Fisher z */
#define C3_P 0.20057700155317784 /* pearsonr */
/* pair 4: RA x SR, spearmanr */
#define C4_N 34
#define C4_R -0.0656745549683439 /* spearmanr */
#define C4_LO -0.3950662725230062 /* Fisher z */
#define C4_HI 0.2786803209769249 /* Fisher z */
#define C4_P 0.71211267313979 /* spearmanr */
/* pair 5: RA x age, spearmanr */
#define C5_N 36
#define C5_R 0.05578905421415174 /* spearmanr */
#define C5_LO -0.2778391129706499 /* Fisher z */
#define C5_HI 0.3774074057779966 /* Fisher z */
#define C5_P 0.7465643893782485 /* spearmanr */
/* pair 6: RA x theme:peer, spearmanr */
#define C6_N 37
#define C6_R -0.3304678090908954 /* spearmanr */
#define C6_LO -0.5911840829320617 /* Fisher z */
#define C6_HI -0.007222148919085816 /* Fisher z */
#define C6_P 0.04575089788011215 /* spearmanr */
/* pair 7: SR x age, pearsonr */
#define C7_N 35
#define C7_R -0.07454864580333775 /* pearsonr */
#define C7_LO -0.3979098838373962 /* Fisher z */
#define C7_HI 0.26528848135493194 /* Fisher z */
#define C7_P 0.6703908745265339 /* pearsonr */
/* pair 8: SR x theme:peer, pearsonr */
#define C8_N 36
#define C8_R 0.29802399641739186 /* pearsonr */
#define C8_LO -0.03382344712588603 /* Fisher z */
#define C8_HI 0.5706832610913259 /* Fisher z */
#define C8_P 0.07749637738241921 /* pearsonr */
/* pair 9: age x theme:peer, pearsonr */
#define C9_N 38
#define C9_R 0.05875479321404965 /* pearsonr */
#define C9_LO -0.2659233820052482 /* Fisher z */
#define C9_HI 0.3714610221546533 /* Fisher z */
#define C9_P 0.7260438906381763 /* pearsonr */
#define C0_PADJ 0.7465643893782485 /* multipletests(method='fdr_bh') */
#define C1_PADJ 0.7465643893782485 /* multipletests(method='fdr_bh') */
#define C2_PADJ 0.4690863853903114 /* multipletests(method='fdr_bh') */
#define C3_PADJ 0.5014425038829445 /* multipletests(method='fdr_bh') */
#define C4_PADJ 0.7465643893782485 /* multipletests(method='fdr_bh') */
#define C5_PADJ 0.7465643893782485 /* multipletests(method='fdr_bh') */
#define C6_PADJ 0.38748188691209606 /* multipletests(method='fdr_bh') */
#define C7_PADJ 0.7465643893782485 /* multipletests(method='fdr_bh') */
#define C8_PADJ 0.38748188691209606 /* multipletests(method='fdr_bh') */
#define C9_PADJ 0.7465643893782485 /* multipletests(method='fdr_bh') */
/* logit SR ~ PWB + RA (scores) + origin (dummies, reference Kyrgyzstan) + theme:peer:
   statsmodels Logit(y, add_constant(X)).fit(), complete cases */
#define LOGIT_N 31
#define LOGIT_DROPPED 9
#define LOGIT_EVENTS 21
static const char *const logit_terms[] = { "const", "PWB", "RA", "origin: Tajikistan", "origin: Uzbekistan", "theme:peer" };
static const double logit_b[] = { -1.0176855300557137, -0.020783383633871562, 0.5086204228411038, -0.7318996750719141, 1.5060231360038407, 1.9553664356250617 }; /* Logit b */
static const double logit_se[] = { 2.272793644129585, 0.4674780094696102, 0.680078559425822, 1.0477888741738919, 1.4702319772113424, 1.1203194396340175 }; /* Logit se */
static const double logit_z[] = { -0.447768556852621, -0.044458526845897864, 0.7478848080000092, -0.6985182732055307, 1.0243438854189426, 1.7453650864648345 }; /* Logit z */
static const double logit_p[] = { 0.6543202381832802, 0.9645389100505095, 0.45452964178706023, 0.48485313420331566, 0.30567287642621055, 0.08092133898992758 }; /* Logit p */
static const double logit_lo[] = { -5.472279216841244, -0.9370234457587819, -0.8243090602913903, -2.785528131854513, -1.375578588249504, -0.2404193172377076 }; /* Logit lo */
static const double logit_hi[] = { 3.436908156729817, 0.8954566784910388, 1.8415499059735978, 1.3217287817106844, 4.387624860257185, 4.151152188487831 }; /* Logit hi */
static const double logit_or[] = { 0.3614304928819978, 0.9794311023986421, 1.6629953812406246, 0.48099438859267807, 4.5087643503290895, 7.06650796959608 }; /* Logit or */
static const double logit_or_lo[] = { 0.004201644776750939, 0.39179229247373254, 0.43853789105322644, 0.061696496540015404, 0.25269334809828664, 0.7862980835902693 }; /* Logit or_lo */
static const double logit_or_hi[] = { 31.090681893850963, 2.4484536903189174, 6.306304869998083, 3.7498985328541377, 80.44911399445077, 63.507130344712564 }; /* Logit or_hi */
#define LOGIT_LOGLIK -15.987855831849776 /* Logit .llf */
#define LOGIT_AUC 0.7523809523809524 /* scipy.stats.mannwhitneyu(p1, p0).statistic / (n1 n0) */
/* OLS PWB ~ age + RA (scores) + origin (dummies) + theme:peer + SR:
   statsmodels OLS(y, add_constant(X)).fit(cov_type='HC3'); beta = b sd(x) / sd(y), ddof 1 */
#define OLS_N 30
#define OLS_DROPPED 10
static const char *const ols_terms[] = { "const", "age", "RA", "origin: Tajikistan", "origin: Uzbekistan", "theme:peer", "SR" };
static const double ols_b[] = { 4.726683445780209, -0.02936129842913869, 0.08177988954492711, 0.06624406419613005, 0.246666017181011, 0.26790620022985323, 0.053028817659181215 }; /* OLS HC3 b */
static const double ols_se[] = { 1.6102410252779267, 0.03642891311516994, 0.3148830381253677, 0.739894128825921, 0.8520326716630261, 0.603199356291854, 0.5587046238421869 }; /* OLS HC3 se */
static const double ols_t[] = { 2.9353887843991466, -0.8059888675874847, 0.25971513115408656, 0.08953181491147588, 0.28950300309442356, 0.44414205259898953, 0.09491386932598551 }; /* OLS HC3 t */
static const double ols_p[] = { 0.007433391214848315, 0.4285043811559799, 0.7973942046761207, 0.9294343572042568, 0.7747901662757188, 0.6610906482688788, 0.9252053180526436 }; /* OLS HC3 p */
static const double ols_lo[] = { 1.395646094230067, -0.104720246784129, -0.5696053036649837, -1.4643435563039775, -1.5158978533803755, -0.9799067387631569, -1.1027397544282662 }; /* OLS HC3 lo */
static const double ols_hi[] = { 8.05772079733035, 0.04599764992585162, 0.7331650827548379, 1.5968316846962374, 2.0092298877423977, 1.5157191392228633, 1.2087973897466284 }; /* OLS HC3 hi */
static const double ols_beta[] = { 0.0, -0.2389678263582747, 0.06542156821875253, 0.03146805549114487, 0.1130726814400955, 0.13854753705470288, 0.025190389463247993 }; /* OLS HC3 beta */
#define OLS_R2 0.11074178946392477 /* OLS .rsquared */
#define OLS_ADJ_R2 -0.1212386132846166 /* OLS .rsquared_adj */
/* END trimodel_ref.py */

/* clang-format on */

static char path[64];
static struct braid_store *st;
static struct braid_err err;

static void coding(const char *doc, const char *code)
{
	/* "I: How are you?" 0..15, a blank line, "P: " 17..20, "I am fine." 20..30 */
	struct braid_coding_new c = { .doc = doc, .start = 20, .end = 30, .code = code,
				      .coder = "ana", .origin = "manual" };
	int64_t id = 0;
	int created;

	if (braid_coding_add(st, &c, &id, &created, &err))
		fail_msg("code add: %s", err.msg);
}

/* 40 cases, each one interview; the themes Peer (code peer) and Family (code family). */
static int setup(void **state)
{
	static const char yaml[] = "name: Book\ncodes:\n"
				   "  - {name: Peer, id: peer}\n"
				   "  - {name: Family, id: family}\n";
	static const char *const interviewer[] = { "I" }, *const peer[] = { "peer" },
				 *const family[] = { "family" }, *const ra[] = { "low", "medium",
										  "high" };
	struct braid_codebook cb;
	struct braid_import_report rep;
	struct braid_survey_import_opts so = { .id_col = "id" };
	struct braid_survey_import_result r;
	char file[64], csv[64];
	int64_t id;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/braid-trimodel-%d.braid", (int)getpid());
	test_remove_project(path);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	test_begin(st, "tester", "ingest", &err);
	for (int i = 0; i < 40; i++) {
		char name[16], case_name[16];
		struct braid_ingest_opts o = { .case_name = case_name, .name = name,
					       .kind = "interview", .interviewers = interviewer,
					       .ninterviewers = 1 };
		const char *p = file;

		snprintf(name, sizeof(name), "d%02d", i + 1);
		snprintf(case_name, sizeof(case_name), "P%02d", i + 1);
		snprintf(file, sizeof(file), "/tmp/braid-trimodel-%d.txt", (int)getpid());
		f = fopen(file, "w");
		fprintf(f, "I: How are you?\nP: I am fine.\nI: Who are you?\nP: Case %d.\n", i + 1);
		fclose(f);
		if (braid_ingest(st, &p, 1, &o, NULL, NULL, &err))
			fail_msg("ingest: %s", err.msg);
		unlink(file);
	}
	test_commit(st, &err);
	braid_import_report_init(&rep);
	assert_int_equal(braid_codebook_parse(yaml, sizeof(yaml) - 1, "book.yaml", &cb, &err), 0);
	test_begin(st, "tester", "codebook import", &err);
	assert_int_equal(braid_codes_import(st, &cb, "book.yaml", 0, &rep, &err), 0);
	test_commit(st, &err);
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	test_begin(st, "ana", "code add", &err);
	for (int i = 0; i < 40; i++) {
		char name[16];

		snprintf(name, sizeof(name), "d%02d", i + 1);
		if (has_peer[i])
			coding(name, "peer");
		if (has_family[i])
			coding(name, "family");
	}
	test_commit(st, &err);
	test_begin(st, "ana", "theme", &err);
	assert_int_equal(braid_theme_new(st, "Peer", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, peer, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Family", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, family, 1, &err), 0);
	test_commit(st, &err);

	snprintf(csv, sizeof(csv), "/tmp/braid-trimodel-%d.csv", (int)getpid());
	f = fopen(csv, "w");
	fputs(survey_csv, f);
	fclose(f);
	memset(&r, 0, sizeof(r));
	test_begin(st, "ana", "survey import", &err);
	assert_int_equal(braid_survey_import(st, csv, &so, &r, &err), 0);
	assert_int_equal(braid_survey_set_type(st, "RA", BRAID_SURVEY_ORDINAL, ra, 3, &err), 0);
	test_commit(st, &err);
	braid_survey_import_result_release(&r);
	unlink(csv);
	(void)state;
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	(void)state;
	return 0;
}

/* ---- corr ---- */

static void test_corr(void **state)
{
	static const char *const items[] = { "PWB", "RA", "SR", "age", "theme:peer" };
	static const size_t n[] = { C0_N, C1_N, C2_N, C3_N, C4_N, C5_N, C6_N, C7_N, C8_N, C9_N };
	static const double r[] = { C0_R, C1_R, C2_R, C3_R, C4_R, C5_R, C6_R, C7_R, C8_R, C9_R };
	static const double lo[] = { C0_LO, C1_LO, C2_LO, C3_LO, C4_LO,
				     C5_LO, C6_LO, C7_LO, C8_LO, C9_LO };
	static const double hi[] = { C0_HI, C1_HI, C2_HI, C3_HI, C4_HI,
				     C5_HI, C6_HI, C7_HI, C8_HI, C9_HI };
	static const double p[] = { C0_P, C1_P, C2_P, C3_P, C4_P, C5_P, C6_P, C7_P, C8_P, C9_P };
	static const double adj[] = { C0_PADJ, C1_PADJ, C2_PADJ, C3_PADJ, C4_PADJ,
				      C5_PADJ, C6_PADJ, C7_PADJ, C8_PADJ, C9_PADJ };
	struct braid_corr_opts o = { NULL, items, LEN(items), BRAID_CORR_AUTO };
	struct braid_corr c;
	struct braid_row row;

	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), 0);
	assert_int_equal(c.cases, 40);
	assert_int_equal(c.nitems, 5);
	assert_int_equal(c.npairs, 10);
	for (size_t k = 0; k < 10; k++) {
		const struct braid_corr_pair *pr = &c.pairs[k];
		int ra = !strcmp(pr->a, "RA") || !strcmp(pr->b, "RA");

		/* auto: Spearman exactly where the ordinal RA is in the pair */
		assert_int_equal(pr->method, ra ? BRAID_STATS_SPEARMAN : BRAID_STATS_PEARSON);
		assert_int_equal(pr->c.n, n[k]);
		assert_int_equal(pr->c.n + pr->c.missing, 40);
		CLOSE(pr->c.r, r[k], 1e-9);
		CLOSE(pr->c.ci_low, lo[k], 1e-9);
		CLOSE(pr->c.ci_high, hi[k], 1e-9);
		CLOSE(pr->c.p, p[k], 1e-8);
		CLOSE(pr->p_adj, adj[k], 1e-8);
		assert_null(pr->warnings);
	}
	assert_string_equal(c.pairs[0].a, "PWB");
	assert_string_equal(c.pairs[0].b, "RA");
	assert_string_equal(c.pairs[9].a, "age");
	assert_string_equal(c.pairs[9].b, "theme:peer");
	assert_int_equal(c.nnotes, 3);
	assert_string_equal(c.notes[0], "Pairwise-complete cases of the 40 cases with words of "
					"their own; p adjusted by Benjamini-Hochberg over the 10 "
					"pairs (p_adj).");
	assert_string_equal(c.notes[2], "RA as its level scores: low = 1, medium = 2, high = 3");

	/* the table's cells: SR x theme:peer, r 0.298 [-0.034, 0.571], p 0.0775 */
	braid_row_init(&row, &braid_corr_listing);
	braid_corr_values(&c.pairs[8], &row);
	assert_int_equal(row.v[4].type, BRAID_VAL_STR);
	assert_true(row.v[4].len == strlen("0.30 [-0.03, 0.57]") &&
		    !memcmp(row.v[4].s, "0.30 [-0.03, 0.57]", row.v[4].len));
	assert_true(row.v[5].len == 5 && !memcmp(row.v[5].s, "0.077", 5));
	assert_true(row.v[6].len == 5 && !memcmp(row.v[6].s, "0.387", 5));
	assert_string_equal(row.v[2].s, "pearson");
	assert_int_equal(row.v[7].type, BRAID_VAL_REAL);
	braid_row_release(&row);
	braid_corr_release(&c);

	/* forced Pearson: RA as its scores */
	o.method = BRAID_CORR_PEARSON;
	o.nitems = 2;
	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), 0);
	assert_int_equal(c.pairs[0].method, BRAID_STATS_PEARSON);
	braid_corr_release(&c);
	(void)state;
}

static void test_corr_items(void **state)
{
	/* themes: every theme in play, tree order; a repeat is dropped */
	static const char *const items[] = { "themes", "PWB", "theme:peer", "PWB" };
	struct braid_corr_opts o = { NULL, items, LEN(items), BRAID_CORR_AUTO };
	struct braid_corr c;

	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), 0);
	assert_int_equal(c.nitems, 3);
	assert_string_equal(c.items[0], "theme:peer");
	assert_string_equal(c.items[1], "theme:family");
	assert_string_equal(c.items[2], "PWB");
	assert_int_equal(c.npairs, 3);
	/* both themes known in every case: all 40 */
	assert_int_equal(c.pairs[0].c.n, 40);
	/* PWB x theme:peer is pair 3 of the reference */
	CLOSE(c.pairs[1].c.r, C3_R, 1e-9);
	braid_corr_release(&c);
	(void)state;
}

static void test_corr_refused(void **state)
{
	static const char *const cat[] = { "PWB", "origin" }, *const nope[] = { "PWB", "nope" },
				 *const tnope[] = { "theme:nope", "PWB" }, *const one[] = { "PWB" };
	struct braid_corr_opts o = { NULL, cat, 2, BRAID_CORR_AUTO };
	struct braid_corr c;

	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "'origin' is categorical: its levels have no order to "
				     "correlate; see it against the themes with 'triangulate --by "
				     "origin', or use it in 'triangulate model' (as dummies)");
	braid_corr_release(&c);
	o.items = nope;
	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no survey variable 'nope'");
	braid_corr_release(&c);
	o.items = tnope;
	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no theme 'nope' in play");
	braid_corr_release(&c);
	o.items = one;
	o.nitems = 1;
	assert_int_equal(braid_trimodel_corr(st, &o, &c, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "a correlation needs two items or more, and there is 1");
	braid_corr_release(&c);
	(void)state;
}

/* ---- models ---- */

static int has_warning(const struct braid_model *m, const char *text)
{
	for (size_t i = 0; i < m->nwarnings; i++)
		if (!strcmp(m->warnings[i], text))
			return 1;
	return 0;
}

static void test_logit(void **state)
{
	static const char *const preds[] = { "PWB", "RA", "origin", "theme:peer" };
	struct braid_model_opts o = { NULL, "SR", preds, LEN(preds), BRAID_MODEL_AUTO };
	struct braid_model m;
	struct braid_row row;

	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), 0);
	assert_int_equal(m.kind, BRAID_MODEL_LOGIT); /* SR is binary */
	assert_int_equal(m.cases, 40);
	assert_int_equal(m.fit.n, LOGIT_N);
	assert_int_equal(m.fit.dropped, LOGIT_DROPPED);
	assert_int_equal(m.fit.events, LOGIT_EVENTS);
	assert_true(m.fit.converged);
	assert_int_equal(m.fit.ncoef, LEN(logit_terms));
	assert_string_equal(m.fit.coef[0].name, "(intercept)");
	for (size_t j = 1; j < m.fit.ncoef; j++)
		assert_string_equal(m.fit.coef[j].name, logit_terms[j]);
	for (size_t j = 0; j < m.fit.ncoef; j++) {
		const struct braid_stats_coef *k = &m.fit.coef[j];

		CLOSE(k->b, logit_b[j], 1e-6);
		CLOSE(k->se, logit_se[j], 1e-6);
		CLOSE(k->stat, logit_z[j], 1e-6);
		CLOSE(k->p, logit_p[j], 1e-6);
		CLOSE(k->ci_low, logit_lo[j], 1e-6);
		CLOSE(k->ci_high, logit_hi[j], 1e-6);
		CLOSE(k->odds_ratio, logit_or[j], 1e-6);
		CLOSE(k->or_low, logit_or_lo[j], 1e-6);
		CLOSE(k->or_high, logit_or_hi[j], 1e-6);
	}
	CLOSE(m.fit.loglik, LOGIT_LOGLIK, 1e-9);
	CLOSE(m.fit.auc, LOGIT_AUC, 1e-12);
	/* the reference: Kyrgyzstan, first in strcmp order, though Tajikistan comes first */
	assert_int_equal(m.nrefs, 1);
	assert_string_equal(m.refs[0].var, "origin");
	assert_string_equal(m.refs[0].level, "Kyrgyzstan");
	assert_int_equal(m.nscores, 1);
	assert_string_equal(m.scores[0].var, "RA");
	assert_int_equal(m.scores[0].nlevels, 3);
	assert_string_equal(m.scores[0].levels[2], "high");
	assert_int_equal(m.nnotes, 3);
	assert_string_equal(m.notes[0], "Logistic regression of SR: n = 31 complete cases (9 "
					"dropped: a value missing or no survey row), 21 events; AUC 0.75; "
					"log-likelihood -15.99; converged in 5 iterations.");
	assert_string_equal(m.notes[1], "RA as its level scores: low = 1, medium = 2, high = 3");
	assert_string_equal(m.notes[2], "origin: reference level Kyrgyzstan");
	/* 10 cases with SR = 0 for 5 predictor columns */
	assert_true(has_warning(&m, "fewer than 10 events per predictor: 10 cases of the rarer "
				    "outcome value for 5 predictor columns (2.0 each): the "
				    "estimates may be biased and unstable"));

	braid_row_init(&row, braid_model_listing(&m));
	braid_model_values(&m, 5, &row);
	assert_string_equal(row.v[0].s, "theme:peer");
	assert_true(row.v[1].len == 5 && !memcmp(row.v[1].s, "1.955", 5));
	assert_true(row.v[6].len == strlen("7.07 [0.79, 63.51]") &&
		    !memcmp(row.v[6].s, "7.07 [0.79, 63.51]", row.v[6].len));
	assert_int_equal(row.v[16].type, BRAID_VAL_NULL); /* no note */
	braid_row_release(&row);
	braid_model_release(&m);
	(void)state;
}

static void test_ols(void **state)
{
	static const char *const preds[] = { "age", "RA", "origin", "theme:peer", "SR" };
	struct braid_model_opts o = { NULL, "PWB", preds, LEN(preds), BRAID_MODEL_AUTO };
	struct braid_model m;

	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), 0);
	assert_int_equal(m.kind, BRAID_MODEL_OLS); /* PWB is numeric */
	assert_int_equal(m.fit.n, OLS_N);
	assert_int_equal(m.fit.dropped, OLS_DROPPED);
	assert_int_equal(m.fit.ncoef, LEN(ols_terms));
	for (size_t j = 1; j < m.fit.ncoef; j++)
		assert_string_equal(m.fit.coef[j].name, ols_terms[j]);
	for (size_t j = 0; j < m.fit.ncoef; j++) {
		const struct braid_stats_coef *k = &m.fit.coef[j];

		CLOSE(k->b, ols_b[j], 1e-9);
		CLOSE(k->se, ols_se[j], 1e-9);
		CLOSE(k->stat, ols_t[j], 1e-9);
		CLOSE(k->p, ols_p[j], 1e-9);
		CLOSE(k->ci_low, ols_lo[j], 1e-9);
		CLOSE(k->ci_high, ols_hi[j], 1e-9);
		if (j)
			CLOSE(k->beta, ols_beta[j], 1e-9);
	}
	CLOSE(m.fit.r2, OLS_R2, 1e-9);
	CLOSE(m.fit.adj_r2, OLS_ADJ_R2, 1e-9);
	assert_string_equal(m.notes[0], "OLS with HC3 standard errors of PWB: n = 30 complete "
					"cases (10 dropped: a value missing or no survey row); R² 0.11, adjusted "
					"R² -0.12.");
	braid_model_release(&m);

	/* an ordinal outcome by least squares, as its scores; a constant predictor */
	{
		static const char *const p2[] = { "PWB", "theme:family" };
		struct braid_model_opts o2 = { NULL, "RA", p2, 2, BRAID_MODEL_AUTO };

		assert_int_equal(braid_trimodel_model(st, &o2, &m, &err), 0);
		assert_int_equal(m.kind, BRAID_MODEL_OLS);
		assert_string_equal(m.notes[1], "RA (the outcome) as its level scores: low = 1, "
						"medium = 2, high = 3");
		/* P02, P15, P16, P23, P25 have the theme, RA and PWB: 5, no small cell */
		assert_int_equal(m.nwarnings, 0);
		braid_model_release(&m);
	}
	(void)state;
}

static void test_model_warnings(void **state)
{
	/* theme:family in a few cases only: small cells */
	static const char *const preds[] = { "PWB", "theme:family" };
	struct braid_model_opts o = { NULL, "SR", preds, 2, BRAID_MODEL_AUTO };
	struct braid_model m;

	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), 0);
	/* every case with the theme has SR = 1: a zero cell and quasi-complete separation */
	assert_int_equal(m.nwarnings, 3);
	assert_string_equal(m.warnings[0], "small cell: 0 complete cases with 'theme:family' = 1 "
					   "and SR = 0 (fewer than 5): its estimate is unstable");
	assert_string_equal(m.warnings[1], "fewer than 10 events per predictor: 12 cases of the "
					   "rarer outcome value for 2 predictor columns (6.0 each): "
					   "the estimates may be biased and unstable");
	assert_string_equal(m.warnings[2], braid_stats_warning_text(BRAID_STATS_W_SEPARATION));
	assert_false(m.fit.coef[2].p.defined);
	braid_model_release(&m);
	(void)state;
}

static void test_model_refused(void **state)
{
	static const char *const pwb[] = { "PWB" }, *const sr[] = { "SR" },
				 *const twice[] = { "PWB", "PWB" }, *const nope[] = { "nope" };
	struct braid_model_opts o = { NULL, "origin", pwb, 1, BRAID_MODEL_AUTO };
	struct braid_model m;

	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "'origin' is categorical: the outcome of a model is binary "
				     "(logistic) or numeric or ordinal (least squares)");
	braid_model_release(&m);
	o.outcome = "PWB";
	o.predictors = sr;
	o.kind = BRAID_MODEL_LOGIT;
	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "'PWB' is numeric: a logistic model needs a binary (0/1) "
				     "outcome");
	braid_model_release(&m);
	o.kind = BRAID_MODEL_AUTO;
	o.predictors = pwb;
	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "'PWB' is the outcome: it cannot be a predictor too");
	braid_model_release(&m);
	o.outcome = "SR";
	o.predictors = twice;
	o.npredictors = 2;
	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "'PWB' is given twice");
	braid_model_release(&m);
	o.predictors = nope;
	o.npredictors = 1;
	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no survey variable 'nope'");
	braid_model_release(&m);
	/* an OLS of a binary outcome is allowed (a linear probability model) */
	o.predictors = pwb;
	o.kind = BRAID_MODEL_OLS;
	assert_int_equal(braid_trimodel_model(st, &o, &m, &err), 0);
	assert_int_equal(m.kind, BRAID_MODEL_OLS);
	braid_model_release(&m);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corr),
		cmocka_unit_test(test_corr_items),
		cmocka_unit_test(test_corr_refused),
		cmocka_unit_test(test_logit),
		cmocka_unit_test(test_ols),
		cmocka_unit_test(test_model_warnings),
		cmocka_unit_test(test_model_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
