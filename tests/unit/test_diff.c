/*
 * test_diff.c - the text diff and the fate of spans (diff.h). Every offset
 * is a code point, worked out by hand in the comment beside it.
 */
#include "testutil.h"

#include "braid/diff.h"

/* Diffs two texts, with an optional cap on the edit script (0: the default). */
static void diff(struct braid_diff *d, const char *a, const char *b, size_t max_edits)
{
	struct braid_err err = BRAID_ERR_INIT;

	braid_diff_init(d);
	d->max_edits = max_edits;
	if (braid_diff_texts(a, strlen(a), b, strlen(b), d, &err))
		fail_msg("diff: %s", err.msg);
}

static void hunk_is(const struct braid_diff *d, size_t i, size_t a, size_t b, size_t c, size_t e)
{
	assert_true(i < d->nhunks);
	if (d->hunk[i].old_start != a || d->hunk[i].old_end != b || d->hunk[i].new_start != c ||
	    d->hunk[i].new_end != e)
		fail_msg("hunk %zu: [%zu,%zu) -> [%zu,%zu), expected [%zu,%zu) -> [%zu,%zu)", i,
			 d->hunk[i].old_start, d->hunk[i].old_end, d->hunk[i].new_start,
			 d->hunk[i].new_end, a, b, c, e);
}

static void span_is(const struct braid_diff *d, size_t s, size_t e, enum braid_diff_fate want,
		    size_t ws, size_t we)
{
	static const char *const names[] = { "unchanged", "edited", "deleted" };
	size_t ns = 99, ne = 99;
	enum braid_diff_fate f = braid_diff_span(d, s, e, &ns, &ne);

	if (f != want || ns != ws || ne != we)
		fail_msg("span %zu-%zu: %s %zu-%zu, expected %s %zu-%zu", s, e, names[f], ns, ne,
			 names[want], ws, we);
}

static void test_spelling(void **state)
{
	struct braid_diff d;

	/*
	 * "He recieved the letter." -> "He received the letter." (23 each):
	 * "recieved" is 3-11, the tokens "recieved" -> "received" are refined
	 * letter by letter (7 of 8 match): an "e" inserted at 6 (before the
	 * "i"), the old "e" at 7 (after it) deleted.
	 */
	diff(&d, "He recieved the letter.", "He received the letter.", 0);
	assert_int_equal(d.nhunks, 2);
	hunk_is(&d, 0, 6, 6, 6, 7);
	hunk_is(&d, 1, 7, 8, 8, 8);
	assert_int_equal(d.capped, 0);
	span_is(&d, 3, 11, BRAID_DIFF_EDITED, 3, 11);	  /* "received" */
	span_is(&d, 12, 15, BRAID_DIFF_UNCHANGED, 12, 15); /* "the" */
	span_is(&d, 0, 2, BRAID_DIFF_UNCHANGED, 0, 2);	  /* "He" */
	braid_diff_release(&d);
}

static void test_boundaries(void **state)
{
	struct braid_diff d;

	/*
	 * "a good day" -> "a very good day": "very " (5) inserted at 2. It
	 * could be " very" at 1 as well; it is slid to start with the word.
	 */
	diff(&d, "a good day", "a very good day", 0);
	assert_int_equal(d.nhunks, 1);
	hunk_is(&d, 0, 2, 2, 2, 7);
	assert_int_equal(braid_diff_map(&d, 2, BRAID_DIFF_BEFORE), 2);
	assert_int_equal(braid_diff_map(&d, 2, BRAID_DIFF_AFTER), 7);
	assert_int_equal(braid_diff_map(&d, 1, BRAID_DIFF_AFTER), 1);
	assert_int_equal(braid_diff_map(&d, 6, BRAID_DIFF_BEFORE), 11);
	span_is(&d, 2, 10, BRAID_DIFF_UNCHANGED, 7, 15); /* "good day": insertion at its start */
	span_is(&d, 0, 1, BRAID_DIFF_UNCHANGED, 0, 1);	 /* "a" */
	span_is(&d, 0, 2, BRAID_DIFF_UNCHANGED, 0, 2);	 /* "a ": insertion at its end */
	span_is(&d, 0, 6, BRAID_DIFF_EDITED, 0, 11);	 /* "a good": inside -> "a very good" */
	braid_diff_release(&d);

	/* "a good day" -> "a good day indeed": " indeed" (7) at 10, after "day" (7-10) */
	diff(&d, "a good day", "a good day indeed", 0);
	hunk_is(&d, 0, 10, 10, 10, 17);
	span_is(&d, 7, 10, BRAID_DIFF_UNCHANGED, 7, 10);
	braid_diff_release(&d);

	/* the reverse: "very " (2-7) deleted; "very good" 2-11 keeps "good" 2-6 */
	diff(&d, "a very good day", "a good day", 0);
	assert_int_equal(d.nhunks, 1);
	hunk_is(&d, 0, 2, 7, 2, 2);
	span_is(&d, 2, 11, BRAID_DIFF_EDITED, 2, 6);
	span_is(&d, 2, 6, BRAID_DIFF_DELETED, 2, 2);	 /* "very" */
	span_is(&d, 0, 6, BRAID_DIFF_EDITED, 0, 2);	 /* "a very" -> "a " (what survives) */
	braid_diff_release(&d);

	/* a suffix glued onto the last word: "help" (2-6) -> "helped", "ed" at 6 */
	diff(&d, "I help you", "I helped you", 0);
	hunk_is(&d, 0, 6, 6, 6, 8);
	assert_int_equal(d.hunk[0].head_word, 8);
	span_is(&d, 2, 6, BRAID_DIFF_EDITED, 2, 8);
	span_is(&d, 7, 10, BRAID_DIFF_UNCHANGED, 9, 12); /* "you" */
	braid_diff_release(&d);
}

static void test_deleted(void **state)
{
	struct braid_diff d;

	/*
	 * "I was happy today" -> "I was glad today": "happy" (6-11) and "glad"
	 * share only an "a", so the stretch stays one replacement, 6-11 -> 6-10.
	 */
	diff(&d, "I was happy today", "I was glad today", 0);
	assert_int_equal(d.nhunks, 1);
	hunk_is(&d, 0, 6, 11, 6, 10);
	span_is(&d, 6, 11, BRAID_DIFF_DELETED, 6, 6);	  /* never moved onto "glad" */
	span_is(&d, 2, 11, BRAID_DIFF_EDITED, 2, 10);	  /* "was happy" -> "was glad" */
	span_is(&d, 6, 17, BRAID_DIFF_EDITED, 6, 16);	  /* "happy today" -> "glad today" */
	span_is(&d, 12, 17, BRAID_DIFF_UNCHANGED, 11, 16); /* "today" */
	braid_diff_release(&d);

	/*
	 * "big house" -> "large house": 0-3 -> 0-5. A span "ig house" (1-9)
	 * straddles the replaced word: it keeps what survives, " house" 5-11.
	 */
	diff(&d, "big house", "large house", 0);
	hunk_is(&d, 0, 0, 3, 0, 5);
	span_is(&d, 0, 3, BRAID_DIFF_DELETED, 0, 0);
	span_is(&d, 0, 9, BRAID_DIFF_EDITED, 0, 11);
	span_is(&d, 1, 9, BRAID_DIFF_EDITED, 5, 11);
	span_is(&d, 4, 9, BRAID_DIFF_UNCHANGED, 6, 11);
	braid_diff_release(&d);

	/*
	 * A sentence deleted while a name is added next to it:
	 *   "I still owe money to my uncle." 0-30, "\n\n" 30-32,
	 *   "The shelter was kind." 32-53, "\n\n" 53-55, "Interviewer: And" 55-71
	 *   -> "I still owe money to my uncle Ivan.\n\nInterviewer: And" (53)
	 * The shortest script keeps a space of the deleted sentence (35, after
	 * "The") matched against the one before "Ivan": 29-35 (".\n\nThe")
	 * deleted, 36-52 ("shelter was kind") -> 30-34 ("Ivan"). The span on
	 * the sentence keeps a space and a full stop, but none of its letters:
	 * it is deleted, not moved onto "Ivan.".
	 */
	diff(&d, "I still owe money to my uncle.\n\nThe shelter was kind.\n\nInterviewer: And",
	     "I still owe money to my uncle Ivan.\n\nInterviewer: And", 0);
	assert_int_equal(d.nhunks, 2);
	hunk_is(&d, 0, 29, 35, 29, 29);
	hunk_is(&d, 1, 36, 52, 30, 34);
	span_is(&d, 32, 53, BRAID_DIFF_DELETED, 29, 29);
	span_is(&d, 0, 29, BRAID_DIFF_UNCHANGED, 0, 29);
	span_is(&d, 0, 30, BRAID_DIFF_EDITED, 0, 29); /* its full stop went with the sentence */
	braid_diff_release(&d);
	/* "kind" replaced, "." kept: the span "kind." (7-12) has no letter left */
	diff(&d, "It was kind.", "It was nice.", 0);
	hunk_is(&d, 0, 7, 11, 7, 11);
	span_is(&d, 7, 12, BRAID_DIFF_DELETED, 7, 7);
	span_is(&d, 3, 12, BRAID_DIFF_EDITED, 3, 12); /* "was kind." -> "was nice." */
	braid_diff_release(&d);

	/* everything deleted, everything inserted, nothing at all */
	diff(&d, "abc", "", 0);
	hunk_is(&d, 0, 0, 3, 0, 0);
	span_is(&d, 0, 3, BRAID_DIFF_DELETED, 0, 0);
	braid_diff_release(&d);
	diff(&d, "", "abc", 0);
	hunk_is(&d, 0, 0, 0, 0, 3);
	braid_diff_release(&d);
	diff(&d, "", "", 0);
	assert_int_equal(d.nhunks, 0);
	braid_diff_release(&d);
}

static void test_cyrillic(void **state)
{
	struct braid_diff d;

	/*
	 * Two bytes per letter, one code point each:
	 *   "Мария: Я палучила письмо вчера."   (31 code points, 55 bytes)
	 *    Мария 0-5, ": " 5-7, Я 7, " " 8, палучила 9-17, " " 17, письмо 18-24,
	 *    " " 24, вчера 25-30, "." 30
	 *   "Мария: Я получила письмо позавчера." (35): the "а" at 10 becomes "о";
	 *    "поза" (4) is glued in front of "вчера" at 25.
	 */
	diff(&d, "Мария: Я палучила письмо вчера.", "Мария: Я получила письмо позавчера.", 0);
	assert_int_equal(d.old_len, 31);
	assert_int_equal(d.new_len, 35);
	assert_int_equal(d.nhunks, 2);
	hunk_is(&d, 0, 10, 11, 10, 11);
	hunk_is(&d, 1, 25, 25, 25, 29);
	assert_int_equal(d.hunk[1].tail_word, 25); /* all of "поза" continues "вчера" */
	span_is(&d, 9, 17, BRAID_DIFF_EDITED, 9, 17);	  /* "палучила" -> "получила" */
	span_is(&d, 18, 24, BRAID_DIFF_UNCHANGED, 18, 24); /* "письмо" */
	span_is(&d, 25, 30, BRAID_DIFF_EDITED, 25, 34);	  /* "вчера" -> "позавчера" */
	span_is(&d, 30, 31, BRAID_DIFF_UNCHANGED, 34, 35); /* "." */
	span_is(&d, 0, 5, BRAID_DIFF_UNCHANGED, 0, 5);	  /* "Мария" */
	braid_diff_release(&d);

	/*
	 * A word fixed right before a sentence that goes: tokens "вчера" to
	 * "мне" (5-20 of "Я вчера Юрист помог мне", 23) are one replaced
	 * stretch against "позавчера" (2-11 of "Я позавчера"), in which
	 * "вчера" and "позавчера" are alike (5 of 9): "поза" inserted at 2,
	 * " Юрист помог мне" (7-23) deleted.
	 */
	diff(&d, "Я вчера Юрист помог мне", "Я позавчера", 0);
	assert_int_equal(d.nhunks, 2);
	hunk_is(&d, 0, 2, 2, 2, 6);
	hunk_is(&d, 1, 7, 23, 11, 11);
	span_is(&d, 2, 7, BRAID_DIFF_EDITED, 2, 11);
	span_is(&d, 8, 23, BRAID_DIFF_DELETED, 11, 11);
	braid_diff_release(&d);
}

static void test_combining(void **state)
{
	struct braid_diff d;

	/*
	 * Precomposed: "café" is 4 code points in NFC (é = U+00E9), 3-7 of
	 * "Le café est là." (15); "Le cafe est là." replaces 6-7 only.
	 */
	diff(&d, "Le caf\xc3\xa9 est l\xc3\xa0.", "Le cafe est l\xc3\xa0.", 0);
	assert_int_equal(d.old_len, 15);
	assert_int_equal(d.nhunks, 1);
	hunk_is(&d, 0, 6, 7, 6, 7);
	span_is(&d, 3, 7, BRAID_DIFF_EDITED, 3, 7);
	span_is(&d, 12, 14, BRAID_DIFF_UNCHANGED, 12, 14); /* "là" */

	braid_diff_release(&d);
	/*
	 * No precomposed form: q + U+0323 + U+0307 stays three code points in
	 * NFC. "x q̣̇ y" (7: x 0, " " 1, q 2, U+0323 3, U+0307 4, " " 5, y 6)
	 * -> "x q̇ y" (6): the dot below (3-4) deleted.
	 */
	diff(&d, "x q\xcc\xa3\xcc\x87 y", "x q\xcc\x87 y", 0);
	assert_int_equal(d.old_len, 7);
	assert_int_equal(d.new_len, 6);
	assert_int_equal(d.nhunks, 1);
	hunk_is(&d, 0, 3, 4, 3, 3);
	span_is(&d, 2, 5, BRAID_DIFF_EDITED, 2, 4);	/* the letter with its marks */
	span_is(&d, 5, 7, BRAID_DIFF_UNCHANGED, 4, 6); /* " y" */
	braid_diff_release(&d);

	/* and back: the mark inserted at 3, inside "q̇" (2-4) -> 2-5 */
	diff(&d, "x q\xcc\x87 y", "x q\xcc\xa3\xcc\x87 y", 0);
	hunk_is(&d, 0, 3, 3, 3, 4);
	span_is(&d, 2, 4, BRAID_DIFF_EDITED, 2, 5);
	span_is(&d, 0, 1, BRAID_DIFF_UNCHANGED, 0, 1);
	braid_diff_release(&d);
}

static void test_moved_paragraph(void **state)
{
	struct braid_diff d;

	/*
	 * "Yes.\n\nThe lawyer helped me a lot.\n\nThen I left." (47):
	 *   "Yes." 0-4, "\n\n" 4-6, "The lawyer helped me a lot." 6-33 (27),
	 *   "\n\n" 33-35, "Then I left." 35-47.
	 * The short paragraph moves after the long one. The shortest script
	 * deletes "Yes.\n\n" (0-6) and inserts it again at old 35 (new 29-35):
	 * a coding on it is removed, never carried onto the long paragraph.
	 */
	diff(&d, "Yes.\n\nThe lawyer helped me a lot.\n\nThen I left.",
	     "The lawyer helped me a lot.\n\nYes.\n\nThen I left.", 0);
	assert_int_equal(d.nhunks, 2);
	hunk_is(&d, 0, 0, 6, 0, 0);
	hunk_is(&d, 1, 35, 35, 29, 35);
	span_is(&d, 0, 4, BRAID_DIFF_DELETED, 0, 0);
	span_is(&d, 6, 33, BRAID_DIFF_UNCHANGED, 0, 27);
	span_is(&d, 35, 47, BRAID_DIFF_UNCHANGED, 35, 47); /* the insertion is at its start */
	braid_diff_release(&d);
}

static void test_capped(void **state)
{
	struct braid_diff d;
	struct braid_err err = BRAID_ERR_INIT;

	/*
	 * With a cap of 4 token edits. Every word differs (20 edits); the only
	 * common token, " ", occurs 9 times in one text and 10 in the other, so
	 * nothing anchors: the whole text is one replacement, a span in it is
	 * deleted.
	 */
	diff(&d, "a b c d e f g h i j", "k l m n o p q r s t u", 4);
	assert_int_equal(d.capped, 1);
	assert_int_equal(d.nhunks, 1);
	hunk_is(&d, 0, 0, 19, 0, 21);
	span_is(&d, 0, 1, BRAID_DIFF_DELETED, 0, 0);
	braid_diff_release(&d);
	/* 9 spaces on both sides: they anchor (the r-th to the r-th), each letter is replaced */
	diff(&d, "a b c d e f g h i j", "k l m n o p q r s t", 4);
	assert_int_equal(d.capped, 0);
	assert_int_equal(d.nhunks, 10);
	hunk_is(&d, 9, 18, 19, 18, 19);
	span_is(&d, 1, 2, BRAID_DIFF_UNCHANGED, 1, 2);
	braid_diff_release(&d);

	/*
	 * "ANCHOR" is the one token unique on both sides:
	 *   old "alpha beta gamma delta " 0-23, ANCHOR 23-29, " epsilon zeta eta theta" 29-52
	 *   new "one two three four " 0-19, ANCHOR 19-25, " five six seven eight nine" 25-51
	 * Before it, 4 spaces on each side anchor the next level: each word is
	 * replaced on its own (alpha 0-5 -> one 0-3, ..., delta 17-22 -> four
	 * 14-18). After it (3 spaces against 4) nothing anchors: past the common
	 * " ", 30-52 -> 26-51 whole.
	 */
	diff(&d, "alpha beta gamma delta ANCHOR epsilon zeta eta theta",
	     "one two three four ANCHOR five six seven eight nine", 4);
	assert_int_equal(d.capped, 1);
	assert_int_equal(d.nhunks, 5);
	hunk_is(&d, 0, 0, 5, 0, 3);
	hunk_is(&d, 3, 17, 22, 14, 18);
	hunk_is(&d, 4, 30, 52, 26, 51);
	span_is(&d, 23, 29, BRAID_DIFF_UNCHANGED, 19, 25);
	span_is(&d, 38, 42, BRAID_DIFF_DELETED, 26, 26); /* "zeta" */
	braid_diff_release(&d);
	/* without the cap each word after ANCHOR is replaced on its own too */
	diff(&d, "alpha beta gamma delta ANCHOR epsilon zeta eta theta",
	     "one two three four ANCHOR five six seven eight nine", 0);
	assert_int_equal(d.capped, 0);
	assert_int_equal(d.nhunks, 9);
	span_is(&d, 23, 29, BRAID_DIFF_UNCHANGED, 19, 25);
	braid_diff_release(&d);

	braid_diff_init(&d);
	assert_int_equal(braid_diff_texts("ok", 2, "\xff", 1, &d, &err), BRAID_EINVAL);
	braid_diff_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spelling),  cmocka_unit_test(test_boundaries),
		cmocka_unit_test(test_deleted),	  cmocka_unit_test(test_cyrillic),
		cmocka_unit_test(test_combining), cmocka_unit_test(test_moved_paragraph),
		cmocka_unit_test(test_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
