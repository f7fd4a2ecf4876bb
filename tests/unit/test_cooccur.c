/*
 * test_cooccur.c - co-occurrence (cooccur.h) worked out by hand on
 * test_themes.c's project (themesfixture.h has the offsets):
 *
 * Segments as prevalence counts them (accepted; a span once):
 *   family  A 25..42 (g1, g2: one span), A 28..53 (g5), B 45..68 (g7)
 *   legal   A 3..20 (g6, the interviewer's turn), A 43..63 (g3),
 *           B 27..44 (g8; g9 is pending), C 24..42 (g11)
 *   peer    A 87..108 (g4); shelter none (g10, family, is rejected)
 *
 * segment, family x legal: in A, legal 3..20 alone; family 25..42 and
 * 28..53 overlap, and legal 43..63 overlaps 28..53: one passage with both.
 * In B legal 27..44 and family 45..68 only touch: two passages. C: legal
 * alone. both 1, n_family 2 (A's two family spans are one passage), n_legal
 * 4, Jaccard 1 / (2 + 4 - 1) = 0.2.
 * turn: family starts in A's turn 2 (25, 28) and B's turn 2 (45); legal in
 * A's turns 1 (3) and 2 (43), B's turn 2 (27), C's only turn (24): both 2
 * (A2, B2), n 2 and 4, Jaccard 2 / 4.
 * doc: family A, B; legal A, B, C; peer A: family x legal 2 of 2 and 3
 * (2/3), family x peer 1 (1/2), legal x peer 1 (1/3).
 */
#define FIXTURE "cooccur"
#include "themesfixture.h"

#include <math.h>

#include "braid/cooccur.h"
#include "braid/themes.h"

enum { FAMILY, LEGAL, PEER, SHELTER };

static void count(enum braid_cooccur_unit unit, int themes, const char *coder,
		  struct braid_cooccur *m)
{
	struct braid_cooccur_opts o = { unit, themes, coder };

	if (braid_cooccur(st, &o, m, &err))
		fail_msg("cooccur: %s", err.msg);
}

static void pair(const struct braid_cooccur *m, size_t a, size_t b, int64_t both, int64_t na,
		 int64_t nb, double jaccard)
{
	assert_int_equal(m->both[a * m->n + b], both);
	assert_int_equal(m->both[b * m->n + a], both);
	assert_int_equal(m->with[a * m->n + b], na);
	assert_int_equal(m->with[b * m->n + a], nb);
	assert_true(fabs(braid_cooccur_jaccard(m, a, b) - jaccard) < 1e-12);
	assert_true(fabs(braid_cooccur_jaccard(m, b, a) - jaccard) < 1e-12);
}

static void test_codes_segment(void **state)
{
	struct braid_cooccur m;

	count(BRAID_COOCCUR_SEGMENT, 0, NULL, &m);
	assert_int_equal(m.n, 4);
	assert_string_equal(m.slugs[FAMILY], "family");
	assert_string_equal(m.slugs[SHELTER], "shelter");
	/* the diagonal: each code's segments */
	assert_int_equal(m.both[FAMILY * 4 + FAMILY], 3);
	assert_int_equal(m.both[LEGAL * 4 + LEGAL], 4);
	assert_int_equal(m.both[PEER * 4 + PEER], 1);
	assert_int_equal(m.both[SHELTER * 4 + SHELTER], 0);
	pair(&m, FAMILY, LEGAL, 1, 2, 4, 0.2);
	/* A: family's passage and peer's apart; B: family alone */
	pair(&m, FAMILY, PEER, 0, 2, 1, 0);
	/* legal: 3..20 and 43..63 in A (apart), B, C */
	pair(&m, LEGAL, PEER, 0, 4, 1, 0);
	pair(&m, FAMILY, SHELTER, 0, 2, 0, 0);
	braid_cooccur_release(&m);
}

static void test_codes_turn_doc(void **state)
{
	struct braid_cooccur m;

	count(BRAID_COOCCUR_TURN, 0, NULL, &m);
	pair(&m, FAMILY, LEGAL, 2, 2, 4, 0.5);
	pair(&m, FAMILY, PEER, 0, 2, 1, 0);
	pair(&m, LEGAL, PEER, 0, 4, 1, 0);
	braid_cooccur_release(&m);

	count(BRAID_COOCCUR_DOC, 0, NULL, &m);
	pair(&m, FAMILY, LEGAL, 2, 2, 3, 2.0 / 3);
	pair(&m, FAMILY, PEER, 1, 2, 1, 0.5);
	pair(&m, LEGAL, PEER, 1, 3, 1, 1.0 / 3);
	pair(&m, PEER, SHELTER, 0, 1, 0, 0);
	braid_cooccur_release(&m);
}

/* ben's accepted codings: g2 (family, A 25..42) alone; g9 is pending, g10 rejected. */
static void test_coder(void **state)
{
	struct braid_cooccur m;

	count(BRAID_COOCCUR_DOC, 0, "ben", &m);
	assert_int_equal(m.both[FAMILY * 4 + FAMILY], 1);
	pair(&m, FAMILY, LEGAL, 0, 1, 0, 0);
	braid_cooccur_release(&m);
	assert_int_equal(braid_cooccur(st, &(struct braid_cooccur_opts){ BRAID_COOCCUR_DOC, 0,
									  "nobody" },
				       &m, &err),
			 BRAID_ENOTFOUND);
	braid_cooccur_release(&m);
}

/*
 * Themes: Support (shelter) with sub-themes Family help (family) and Legal
 * help (legal); Peer (peer). Support's segments are family's and legal's.
 * Support x Family help, segment: A: 3..20 alone, then 25..42 (both),
 * 28..53, 43..63 chained: one passage with both; B: 27..44 Support alone,
 * 45..68 both; C: Support alone. both 2, n_support 5, n_family 2: 0.4.
 * Support x Peer: A's two Support passages and Peer's; B two; C one: 0 of
 * 5 and 1.
 */
static void test_themes(void **state)
{
	struct braid_cooccur m;

	fixture_theme_tree(0);

	count(BRAID_COOCCUR_SEGMENT, 1, NULL, &m);
	assert_int_equal(m.n, 4);
	assert_string_equal(m.names[0], "Support");
	assert_string_equal(m.names[1], "Family help");
	assert_string_equal(m.names[2], "Legal help");
	assert_string_equal(m.names[3], "Peer");
	assert_int_equal(m.both[0], 7);
	pair(&m, 0, 1, 2, 5, 2, 0.4);
	pair(&m, 1, 2, 1, 2, 4, 0.2); /* as the codes family and legal */
	pair(&m, 0, 3, 0, 5, 1, 0);
	braid_cooccur_release(&m);
}

/* The long form's row: names, figures, the Jaccard index whole and to three decimals. */
static void test_listing(void **state)
{
	struct braid_cooccur m;
	struct braid_row row;

	count(BRAID_COOCCUR_DOC, 0, NULL, &m);
	braid_row_init(&row, &braid_cooccur_listing);
	braid_cooccur_values(&m, FAMILY, LEGAL, &row);
	assert_string_equal(row.v[0].s, "family");
	assert_string_equal(row.v[1].s, "legal");
	assert_string_equal(row.v[2].s, "Family");
	assert_int_equal(row.v[4].i, 2);
	assert_int_equal(row.v[5].i, 2);
	assert_int_equal(row.v[6].i, 3);
	assert_true(fabs(row.v[7].r - 2.0 / 3) < 1e-12);
	assert_memory_equal(row.v[8].s, "0.667", 5);
	braid_row_release(&row);
	braid_cooccur_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_codes_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_codes_turn_doc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_themes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
