/*
 * test_srt.c - the SRT parser: real files from ../shared/corpora-real/morevna_subtitles and one
 * inline case per rule.
 *
 * Turn counts of the real files were worked out with this awk script (TURNS below), which
 * applies the documented rule for cues without speakers on its own: a new turn when a cue
 * starts more than 2000 ms after the turn's end, or more than 1000 ms after it when the
 * previous cue's last line ends a sentence (. ! ? not "..", before closing quotes):
 *
 *   awk 'function ms(t) { sub(/^\[[a-z]+\] /, "", t); gsub(",", ".", t); split(t, a, ":");
 *                         return (a[1] * 3600 + a[2] * 60 + a[3]) * 1000 }
 *        /-->/ { s = ms($1); e = ms($3);
 *                if (!n || s - end > 2000 || (s - end > 1000 && last ~ /[.!?]["»”’)]*$/ &&
 *                                             last !~ /\.\.["»”’)]*$/)) { n++; end = e }
 *                else if (e > end) end = e; next }
 *        NF && !/^[0-9]+$/ && !/^\[\*\]/ { last = $0 }
 *        END { print n }' FILE
 *
 * Word counts (WORDS below): grep -v -- '-->' FILE | grep -v '^[0-9]*$' | wc -w
 */
#define TEST_PARSE braid_parse_srt
#include "transcript_check.h"

/* Words (runs of non-spaces) over all turns; no turn has a speaker. */
static size_t words_no_speakers(const struct braid_transcript *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nr; i++) {
		const char *s = t->turns[i].text.buf;

		assert_null(t->turns[i].speaker);
		for (size_t k = 0; s[k]; k++)
			n += s[k] != ' ' && (k == 0 || s[k - 1] == ' ');
	}
	return n;
}

static int any_turn_contains(const struct braid_transcript *t, const char *needle)
{
	for (size_t i = 0; i < t->nr; i++)
		if (strstr(t->turns[i].text.buf, needle))
			return 1;
	return 0;
}

/* ---- real files ---- */

static void check_real(const char *path, size_t turns, size_t words, struct braid_transcript *t)
{
	struct strbuf sb = STRBUF_INIT;

	read_real(&sb, path);
	parse_ok(sb.buf, NULL, t);
	assert_int_equal(t->nr, turns);
	assert_int_equal(words_no_speakers(t), words);
	strbuf_release(&sb);
}

static void test_morevna_eng(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* 59 cues (grep -c -- '-->' FILE), TURNS 33, WORDS 369 */
	check_real(REAL_CORPUS("morevna_subtitles/morevna-ep3-eng.srt"), 33, 369, &t);
	/* sed -n 1,15p FILE: cues 1-3 (00:00:00,360 .. 00:00:09,240) are 0.48 s and 0.44 s apart */
	check_turn(&t, 0, NULL, "Morevna Project... ...in association with \"Adamant\" Art School of Gorno-Altaisk... presents",
		   360, 9240, 2);
	/* grep -n 'Episode 3' FILE -> 39: a title, "Episode 3" is no speaker (it opens one cue only) */
	check_turn(&t, 4, NULL, "Episode 3: Underground", 72960, 78960, 38);
	assert_true(any_turn_contains(&t, "Caption on the door: \"Cellar\""));
	braid_transcript_release(&t);
}

static void test_morevna_other_languages(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* 59 cues, TURNS 33, WORDS 311 */
	check_real(REAL_CORPUS("morevna_subtitles/morevna-ep3-rus.srt"), 33, 311, &t);
	braid_transcript_release(&t);
	/* 58 cues, TURNS 32, WORDS 304 */
	check_real(REAL_CORPUS("morevna_subtitles/morevna-ep3-spa.srt"), 32, 304, &t);
	braid_transcript_release(&t);
	/* 98 cues, TURNS 29, WORDS 382; bracketed descriptions (grep -n '\[' FILE: 15 [зевает],
	 * 175 [орёт] ..., 311 [ВАРИАНТ1:] ...) stay in the text and name no speaker
	 * (check_real asserts that no turn has one) */
	check_real(REAL_CORPUS("morevna_subtitles/pepper-and-carrot-ep6-rus.srt"), 29, 382, &t);
	assert_true(any_turn_contains(&t, "[зевает]"));
	assert_true(any_turn_contains(&t, "[орёт] Итак, Мисс Кориандр"));
	assert_true(any_turn_contains(&t, "[ВАРИАНТ1:] Беги"));
	braid_transcript_release(&t);
	/* 98 cues, TURNS 29, WORDS 446; 15 [bostezos] (yawns), 175 [gritando] (shouting) */
	check_real(REAL_CORPUS("morevna_subtitles/pepper-and-carrot-ep6-spa.srt"), 29, 446, &t);
	assert_true(any_turn_contains(&t, "[bostezos]"));
	assert_true(any_turn_contains(&t, "[gritando] ¡Bueno! Comenzamos"));
	braid_transcript_release(&t);
}

static void test_overlapping_auto_captions(void **state)
{
	struct braid_transcript t;

	(void)state;
	/*
	 * The Russian auto-caption track, a one-language .msrt: 845 cues (grep -c -- '-->' FILE)
	 * that nearly all overlap in time. Text words: grep '^\[rus\] ' FILE | sed 's/^\[rus\] //' |
	 * wc -w -> 4763. Where a cue overlapping the previous one starts with that whole previous
	 * cue, the repeat is dropped; that happens twice, 3 words in all:
	 *   python3 -c "import re;t=open('FILE',encoding='utf-8').read();
	 *     c=[(a,b,x.split()) for a,b,x in re.findall(r'(\S+) --> (\S+)\n\[rus\] (.*)',t)];
	 *     print(len(c),sum(len(p) for (_,e,p),(s,_,q) in zip(c,c[1:]) if s<e and q[:len(p)]==p))"
	 *   -> 845 3
	 * 00:12:32,270 "что" / 00:12:32,720 "что это программа может ..."   (1 word)
	 * 00:25:18,270 "управление кадрами" / 00:25:19,940 "управление кадрами мы думаем сделать" (2)
	 * so 4763 - 3 = 4760 words are left. TURNS 11; the first timing line is line 9.
	 */
	check_real(REAL_CORPUS("morevna_subtitles/talks-suzdal-2018.msrt"), 11, 4760, &t);
	assert_int_equal(t.turns[0].line, 9);
	assert_int_equal(t.turns[0].start_ms, 3629);
	/* sed -n 10p FILE */
	assert_true(!strncmp(t.turns[0].text.buf, "раскатываю прекрасно знаете про среди здравствуйте",
			     strlen("раскатываю прекрасно знаете про среди здравствуйте")));
	assert_true(any_turn_contains(&t, "то что это программа может значить"));
	assert_false(any_turn_contains(&t, "что что это программа"));
	assert_true(any_turn_contains(&t, "более удобное управление кадрами мы думаем сделать"));
	assert_false(any_turn_contains(&t, "управление кадрами управление"));
	assert_false(any_turn_contains(&t, "[rus]"));
	braid_transcript_release(&t);
}

static void test_msrt_many_languages(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	read_real(&sb, REAL_CORPUS("morevna_subtitles/morevna-ep03.msrt"));
	braid_transcript_init(&t);
	assert_int_equal(braid_parse_srt(sb.buf, sb.len, NULL, &t, &err), BRAID_EPARSE);
	/* grep -n '^\[' FILE | grep -v '\[\*\]' | head -2 -> 19:[deu] ..., 20:[eng] ... */
	assert_string_equal(err.msg,
			    "line 20: .msrt file with more than one language ('deu' and 'eng'): extract one language first");
	assert_int_equal(t.nr, 0);
	strbuf_release(&sb);
}

/* ---- inline cases ---- */

static void test_basic(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n", NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "Hello world Bye", 1000, 4000, 2);
	braid_transcript_release(&t);
	parse_ok("", NULL, &t);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
	parse_ok("\n\n  \n", NULL, &t);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
}

static void test_tolerance(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("\n\n"
		 "1  \n"
		 "00:00:01.000 --> 00:00:02.000  \n" /* line 4: '.' for ',', trailing spaces */
		 "A\n"
		 "\n\n\n"
		 "00:00:02,000 --> 00:00:03,000\n" /* no number */
		 "B\n"
		 "3\n" /* no blank line before the next cue */
		 "00:00:03,000 --> 00:00:04,000\n"
		 "C\n"
		 "\n"
		 "D after a blank line\n" /* continues cue 3 */
		 "\n"
		 "4\n"
		 "00:00:04,000 --> 00:00:05,000 X1:100 X2:200 Y1:10 Y2:20\n" /* coordinates ignored */
		 "The answer is\n"
		 "42\n"
		 "\n"
		 "5\n"
		 "00:00:05,000 --> 00:00:06,000\n"
		 "Go --> there\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "A B C D after a blank line The answer is 42 Go --> there", 1000, 6000, 4);
	braid_transcript_release(&t);
}

static void test_tags(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("1\n00:00:01,000 --> 00:00:02,000\n"
		 "<i>italic</i> <b>bold</b> <u>u</u> <font color=\"#ff0000\" face=\"Arial\">red</font>\n"
		 "{\\an8}top {\\i1}x{\\i0} {not an override} Tom &amp; Jerry x < y\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	/* SRT has no entities: "&amp;" stays as written */
	check_turn(&t, 0, NULL, "italic bold u red top x {not an override} Tom &amp; Jerry x < y", 1000, 2000, 2);
	braid_transcript_release(&t);
}

static void test_dialogue_and_labels(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* two dialogue lines are two speakers: without names, two turns without a speaker */
	parse_ok("1\n00:00:01,000 --> 00:00:02,000\n- Are you coming?\n- No.\n", NULL, &t);
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, NULL, "Are you coming?", 1000, 2000, 2);
	check_turn(&t, 1, NULL, "No.", 1000, 2000, 2);
	braid_transcript_release(&t);

	parse_ok("1\n00:00:01,000 --> 00:00:02,000\nJOHN: Hi.\n\n"		/* line 2 */
		 "2\n00:00:02,000 --> 00:00:03,000\n- MARY: Hello.\n- JOHN: Bye.\n\n" /* line 6 */
		 "3\n00:00:03,000 --> 00:00:04,000\nMARY: Wait!\n\n"		/* line 11 */
		 "4\n00:00:04,500 --> 00:00:05,000\nhe left\n",			/* line 15 */
		 NULL, &t);
	/* the unlabelled last cue continues MARY's turn */
	assert_int_equal(t.nr, 4);
	check_turn(&t, 0, "JOHN", "Hi.", 1000, 2000, 2);
	check_turn(&t, 1, "MARY", "Hello.", 2000, 3000, 6);
	check_turn(&t, 2, "JOHN", "Bye.", 2000, 3000, 6);
	check_turn(&t, 3, "MARY", "Wait! he left", 3000, 5000, 11);
	braid_transcript_release(&t);
}

static void test_bracket_names(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* Netflix style: "[Name] text" for a speaker, "-" for a second speaker (no space after
	 * it), sounds in lowercase brackets; a name is a speaker when it opens two cues */
	parse_ok("1\n00:00:01,000 --> 00:00:02,000\n[Mary] Where are you?\n\n"	    /* line 2 */
		 "2\n00:00:02,000 --> 00:00:03,000\n-[John] Here.\n-[Mary] Come in.\n\n"  /* line 6 */
		 "3\n00:00:03,000 --> 00:00:04,000\n[door creaks]\n\n"		    /* line 11 */
		 "4\n00:00:04,000 --> 00:00:05,000\n[John] Hi.\n-Hello.\n\n"		    /* line 15 */
		 "5\n00:00:05,000 --> 00:00:06,000\n[laughs] Funny.\n",		    /* line 20 */
		 NULL, &t);
	assert_int_equal(t.nr, 5);
	check_turn(&t, 0, "Mary", "Where are you?", 1000, 2000, 2);
	check_turn(&t, 1, "John", "Here.", 2000, 3000, 6);
	/* a sound description continues the turn it falls in, kept as written */
	check_turn(&t, 2, "Mary", "Come in. [door creaks]", 2000, 4000, 6);
	check_turn(&t, 3, "John", "Hi.", 4000, 5000, 15);
	/* the second dialogue line is someone else, unnamed; the next unlabelled cue goes on */
	check_turn(&t, 4, NULL, "Hello. [laughs] Funny.", 4000, 6000, 15);
	braid_transcript_release(&t);

	/* descriptions in any language, in capitals, with punctuation: never speakers, even
	 * when they open many cues; a name that opens one cue is not confirmed */
	parse_ok("1\n00:00:01,000 --> 00:00:02,000\n[ríe] Sí.\n\n"
		 "2\n00:00:02,000 --> 00:00:03,000\n[ríe] Claro.\n\n"
		 "3\n00:00:03,000 --> 00:00:04,000\n[LAUGHS] Yes.\n\n"
		 "4\n00:00:04,000 --> 00:00:05,000\n[LAUGHS] No.\n\n"
		 "5\n00:00:05,000 --> 00:00:06,000\n[coughs, sniffs] Go.\n\n"
		 "6\n00:00:06,000 --> 00:00:07,000\n[coughs, sniffs] Run.\n\n"
		 "7\n00:00:07,000 --> 00:00:08,000\n[man] Stop!\n\n"
		 "8\n00:00:08,000 --> 00:00:09,000\n[man] Wait!\n\n"
		 "9\n00:00:09,000 --> 00:00:10,000\n[Dr. Ruth] Once.\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL,
		   "[ríe] Sí. [ríe] Claro. [LAUGHS] Yes. [LAUGHS] No. [coughs, sniffs] Go. "
		   "[coughs, sniffs] Run. [man] Stop! [man] Wait! [Dr. Ruth] Once.",
		   1000, 10000, 2);
	braid_transcript_release(&t);

	/* names in other scripts; a declared name needs only one cue; "Name:" and "[Name]"
	 * count together */
	{
		static const char *const decl[] = { "Dr. Ruth" };
		struct braid_parse_opts o = { .speakers = decl, .nspeakers = 1 };

		parse_ok("1\n00:00:01,000 --> 00:00:02,000\n[Мария] Привет.\n\n"
			 "2\n00:00:02,000 --> 00:00:03,000\nМария: Пока.\n\n"
			 "3\n00:00:03,000 --> 00:00:04,000\n[李明] 你好。\n\n"
			 "4\n00:00:04,000 --> 00:00:05,000\n[李明] 再见。\n\n"
			 "5\n00:00:05,000 --> 00:00:06,000\n[Dr. Ruth] Once.\n",
			 &o, &t);
		assert_int_equal(t.nr, 3);
		check_turn(&t, 0, "Мария", "Привет. Пока.", 1000, 3000, 2);
		check_turn(&t, 1, "李明", "你好。 再见。", 3000, 5000, 10);
		check_turn(&t, 2, "Dr. Ruth", "Once.", 5000, 6000, 18);
		braid_transcript_release(&t);
	}

	/* without speakers (--kind document) the brackets and dashes are text */
	{
		struct braid_parse_opts o = { .no_speakers = 1 };

		parse_ok("1\n00:00:01,000 --> 00:00:02,000\n[Mary] Hi.\n-No.\n\n"
			 "2\n00:00:02,000 --> 00:00:03,000\n[Mary] Bye.\n",
			 &o, &t);
		assert_int_equal(t.nr, 1);
		check_turn(&t, 0, NULL, "[Mary] Hi. No. [Mary] Bye.", 1000, 3000, 2);
		braid_transcript_release(&t);
	}
}

static void test_overlap_repeats(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("1\n00:00:01,000 --> 00:00:04,000\nwe went home\n\n2\n00:00:03,000 --> 00:00:06,000\nwe went home and slept\n",
		 NULL, &t);
	check_turn(&t, 0, NULL, "we went home and slept", 1000, 6000, 2);
	braid_transcript_release(&t);
	/* only part of the earlier cue repeated: speech ("very, very"), kept */
	parse_ok("1\n00:00:01,000 --> 00:00:04,000\nit was very\n\n2\n00:00:03,000 --> 00:00:06,000\nvery good\n", NULL, &t);
	check_turn(&t, 0, NULL, "it was very very good", 1000, 6000, 2);
	braid_transcript_release(&t);
}

static void test_msrt(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("[*] Reference: somewhere\n[*]\n\n1\n00:00:01,000 --> 00:00:02,000\n[eng] Hello\n[eng] there\n", NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "Hello there", 1000, 2000, 5);
	braid_transcript_release(&t);
	parse_fails("[*] h\n\n1\n00:00:01,000 --> 00:00:02,000\n[eng] Hello\n[rus] \xD0\x9F\xD1\x80\xD0\xB8\n",
		    "line 6: .msrt file with more than one language ('eng' and 'rus'): extract one language first");
	/* without the "[*]" header it is a plain SRT and the prefix stays */
	parse_ok("1\n00:00:01,000 --> 00:00:02,000\n[eng] Hello\n", NULL, &t);
	check_turn(&t, 0, NULL, "[eng] Hello", 1000, 2000, 2);
	braid_transcript_release(&t);
}

static void test_errors(void **state)
{
	(void)state;
	parse_fails("1\n00:00:01,000 -> 00:00:02,000\nx\n", "line 2: bad timing line '00:00:01,000 -> 00:00:02,000'");
	parse_fails("1\n00:00:01,000 --> 00:00:0x,000\n", "line 2: bad timestamp '00:00:0x,000'");
	parse_fails("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:61:00,000 --> 01:00:00,000\n",
		    "line 6: bad timestamp '00:61:00,000'");
	parse_fails("1\n00:00:01,000 --> 00:00:02,000\nok\n\n00:00:xx --> 00:00:03,000\nno\n",
		    "line 5: bad timestamp '00:00:xx'");
	parse_fails("1\n-00:00:01,000 --> 00:00:02,000\n", "line 2: bad timestamp '-00:00:01,000'");
	parse_fails("1\n00:00:01,000 -->\nx\n", "line 2: bad timing line '00:00:01,000 -->'");
	parse_fails("Hello\n\n1\n00:00:01,000 --> 00:00:02,000\nx\n", "line 1: expected a subtitle number or timing line");
	parse_fails("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", "line 1: expected a subtitle number or timing line");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_morevna_eng),
		cmocka_unit_test(test_morevna_other_languages),
		cmocka_unit_test(test_overlapping_auto_captions),
		cmocka_unit_test(test_msrt_many_languages),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_tolerance),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_dialogue_and_labels),
		cmocka_unit_test(test_bracket_names),
		cmocka_unit_test(test_overlap_repeats),
		cmocka_unit_test(test_msrt),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
