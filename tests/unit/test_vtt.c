/* test_vtt.c - the WebVTT parser: real files from ../shared/corpora-real and one inline case per rule. */
#define TEST_PARSE braid_parse_vtt
#include "transcript_check.h"

static const struct braid_parse_opts no_opts;

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* ---- real files ---- */

static void test_w3c_example(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct braid_transcript t;
	size_t words = 0;

	(void)state;
	read_real(&sb, REAL_CORPUS("webvtt_samples/w3c_spec_example_bingham_tyson.vtt"));
	parse_ok(sb.buf, NULL, &t);
	/* 13 cues (grep -c -- '-->' FILE) in 5 runs of one voice:
	 * grep -o '^<v [^>]*>' FILE | uniq -c  ->  9 Roger, 1 Neil, 1 Roger, 1 Neil, 1 Roger */
	assert_int_equal(t.nr, 5);
	/* timing lines: grep -n -- '-->' FILE -> 3 6 ... 27 30 33 36 39; first cue 00:11.000,
	 * ninth cue (grep -- '-->' FILE | sed -n 9p) ends 00:31.500 */
	assert_string_equal(t.turns[0].speaker, "Roger Bingham");
	assert_int_equal(t.turns[0].start_ms, 11000);
	assert_int_equal(t.turns[0].end_ms, 31500);
	assert_int_equal(t.turns[0].line, 3);
	assert_true(starts_with(t.turns[0].text.buf, "We are in New York City We're actually at the Lucern Hotel,"));
	/* grep -A1 -- '-->' FILE | grep '^<v Roger' | head -9 | sed 's/<[^>]*>//g' | wc -w  ->  61 */
	for (const char *p = t.turns[0].text.buf; *p; p++)
		words += (p == t.turns[0].text.buf || p[-1] == ' ') && *p != ' ';
	assert_int_equal(words, 61);
	/* the upstream mojibake (c3 a2 c2 80 c2 94, see SOURCE.md) is kept as it is */
	assert_non_null(strstr(t.turns[0].text.buf, "When we e-mailed\xC3\xA2\xC2\x80\xC2\x94"));
	check_turn(&t, 1, "Neil deGrasse Tyson", "Didn't we talk about enough in that conversation?", 30500, 32500, 30);
	check_turn(&t, 2, "Roger Bingham", "No! No no no no; 'cos 'cos obviously 'cos", 32000, 35500, 33);
	check_turn(&t, 3, "Neil deGrasse Tyson", "Laughs", 32500, 33500, 36); /* <i>Laughs</i> */
	check_turn(&t, 4, "Roger Bingham", "You know I'm so excited my glasses are falling off here.", 35500, 38000, 39);
	braid_transcript_release(&t);
	strbuf_release(&sb);
}

static void test_teams_unpadded(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct braid_transcript t;

	(void)state;
	read_real(&sb, REAL_CORPUS("webvtt_samples/webvtt-py_teams_timeframe.vtt"));
	parse_ok(sb.buf, NULL, &t);
	/* cat FILE: two cues, 0:0:0.0 --> 0:0:0.570 and 0:0:0.210 --> 0:0:1.130, timing lines 3 and 6 */
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, "Yuri Bakulin", "There you go.", 0, 570, 3);
	check_turn(&t, 1, "Adrian Petrescu", "Why hello there, Yuri.", 210, 1130, 6);
	braid_transcript_release(&t);
	strbuf_release(&sb);
}

static void test_youtube_rolling(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct braid_transcript t;

	(void)state;
	read_real(&sb, REAL_CORPUS("webvtt_samples/webvtt-py_youtube_dl.vtt"));
	parse_ok(sb.buf, NULL, &t);
	/*
	 * sed -n '/-->/,$p' FILE | sed 's/<[^>]*>//g': four cues, all touching (each starts where the
	 * previous ends), no speakers:  "yeah" | "yeah" "what" | "this will happen is I'm telling" |
	 * "this will happen is I'm telling". The second repeats the first's line, the fourth the
	 * third's: read once, "yeah what this will happen is I'm telling" (7 words). The first timing
	 * line is line 12 (grep -n -- '-->' FILE | head -1), 00:04:46.070 = 286070 ms; the last cue
	 * ends 00:05:05.400 = 305400 ms. The third cue follows the second without a blank line.
	 */
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "yeah what this will happen is I'm telling", 286070, 305400, 12);
	braid_transcript_release(&t);
	strbuf_release(&sb);
}

/* ---- header and errors ---- */

static void test_header(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_fails("", "line 1: expected 'WEBVTT' header");
	parse_fails("WEBVTTX\n", "line 1: expected 'WEBVTT' header");
	parse_fails("webvtt\n", "line 1: expected 'WEBVTT' header");
	parse_fails("\nWEBVTT\n", "line 1: expected 'WEBVTT' header");
	parse_fails("1\n00:00:01,000 --> 00:00:02,000\nan SRT file\n", "line 1: expected 'WEBVTT' header");
	parse_ok("WEBVTT", NULL, &t);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
	parse_ok("WEBVTT - A title\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nHi\n", NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "Hi", 1000, 2000, 5);
	braid_transcript_release(&t);
	parse_ok("WEBVTT\tTabbed title\n\n00:01.000 --> 00:02.000\nHi\n", NULL, &t);
	assert_int_equal(t.nr, 1);
	braid_transcript_release(&t);
}

static void test_bad_timestamps(void **state)
{
	(void)state;
	/* line numbers counted by hand: the bad line is the last one in each text */
	parse_fails("WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n00:02.000 --> 00:03.000\nfine\n\n"
		    "00:03.000 --> 00:04.000\nfine\n\nNOTE a comment\n\n00:61:00 --> 01:02:00.000\n",
		    "line 14: bad timestamp '00:61:00'");
	parse_fails("WEBVTT\n\n00:01.000 --> 00:02.0x0\nx\n", "line 3: bad timestamp '00:02.0x0'");
	parse_fails("WEBVTT\n\n-00:01.000 --> 00:02.000\nx\n", "line 3: bad timestamp '-00:01.000'");
	parse_fails("WEBVTT\n\nid\n00:01.000 -->\nx\n", "line 4: bad timing line '00:01.000 -->'");
	parse_fails("WEBVTT\n\n --> 00:02.000\nx\n", "line 3: bad timing line '--> 00:02.000'");
	parse_fails("WEBVTT\n\n00:01 --> 1:00:00:02.000\n", "line 3: bad timestamp '1:00:00:02.000'");
	/* a cue with a bad timing line that follows cue text without a blank line */
	parse_fails("WEBVTT\n\n00:01.000 --> 00:02.000\ntext\n00:0a.000 --> 00:03.000\n",
		    "line 5: bad timestamp '00:0a.000'");
}

static void test_timestamps(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n0:0:0.210 --> 0:0:1.130\na\n\n<v X>b\n\n"
		 "01:02:03.450 --> 01:02:04.000 align:start position:10% size:50% line:0\n<v Y>c\n\n"
		 "00:05.000 --> 00:04.000\n<v Z>d\n",
		 NULL, &t);
	assert_int_equal(t.nr, 3);
	check_turn(&t, 0, NULL, "a", 210, 1130, 3);
	/* "<v X>b" after a blank line has no timing line: a block that is skipped */
	check_turn(&t, 1, "Y", "c", 3723450, 3724000, 8); /* (1*3600+2*60+3)*1000+450 */
	check_turn(&t, 2, "Z", "d", 5000, 5000, 11);	 /* an end before the start is raised to it */
	braid_transcript_release(&t);
}

static void test_blocks(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n"
		 "\n"
		 "STYLE\n"
		 "::cue { color: yellow }\n"
		 "\n"
		 "REGION\n"
		 "id:fred width:40%\n"
		 "\n"
		 "NOTE This is a comment\n"
		 "that goes on --> over two lines\n"
		 "\n"
		 "intro\n"
		 "00:00:01.000 --> 00:00:02.000 region:fred align:left\n" /* line 13 */
		 "<v Ann>Hello\n"
		 "\n"
		 "\n"
		 "NOTE\n"
		 "\n"
		 "a stray block without timing\n"
		 "\n"
		 "2\n"
		 "00:00:02.000 --> 00:00:03.000\n" /* line 22 */
		 "<v Bob>Hi\n",
		 NULL, &t);
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, "Ann", "Hello", 1000, 2000, 13);
	check_turn(&t, 1, "Bob", "Hi", 2000, 3000, 22);
	braid_transcript_release(&t);
}

/* ---- cue text ---- */

static void test_voice_tags(void **state)
{
	struct braid_transcript t;
	char src[512];

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud.first Mary   Jane >Hello</v>\n\n"
		 "00:02.000 --> 00:03.000\n<v Tom &amp; Jerry>Chase\n\n"
		 "00:03.000 --> 00:04.000\n<v>No name\n\n"
		 "00:04.000 --> 00:05.000\n<vx Not a voice>text\n",
		 NULL, &t);
	/* cues without a voice continue the last named speaker */
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, "Mary Jane", "Hello", 1000, 2000, 3);
	check_turn(&t, 1, "Tom & Jerry", "Chase No name text", 2000, 5000, 6);
	braid_transcript_release(&t);

	/* a voice name longer than BRAID_LABEL_MAX (63) bytes is cut to 63 */
	snprintf(src, sizeof(src), "WEBVTT\n\n00:01.000 --> 00:02.000\n<v %s>x\n",
		 "Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij");
	parse_ok(src, NULL, &t);
	assert_int_equal(t.nr, 1);
	assert_string_equal(t.turns[0].speaker, "Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefgh");
	assert_int_equal(strlen(t.turns[0].speaker), 63);
	braid_transcript_release(&t);
}

static void test_two_voices_in_one_cue(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi there</v> <v B>Hello</v>\n\n"
		 "00:02.000 --> 00:03.000\n<v B>again\n<v A>and me\n",
		 NULL, &t);
	assert_int_equal(t.nr, 3);
	check_turn(&t, 0, "A", "Hi there", 1000, 2000, 3);
	check_turn(&t, 1, "B", "Hello again", 1000, 3000, 3);
	check_turn(&t, 2, "A", "and me", 2000, 3000, 6);
	braid_transcript_release(&t);
}

static void test_inline_tags(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n"
		 "<c.yellow.bg_blue>yellow</c> <i>it</i> <b>bold</b> <u>u</u> "
		 "<ruby>\xE6\xBC\xA2<rt>kan</rt></ruby> <lang en-GB>colour</lang>\n"
		 "say<00:00:01.500><c> it</c><00:00:01.800><c> twice</c> x < y\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "yellow it bold u \xE6\xBC\xA2kan colour say it twice x < y", 1000, 2000, 3);
	braid_transcript_release(&t);
	/* a cue of nothing but tags and spaces produces no text */
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n<i> </i>\n   \t\n", NULL, &t);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
}

static void test_entities(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n"
		 "Tom &amp; Jerry &lt;3 &gt; a&nbsp;b &#39;q&#39; it&#x2019;s &lrm;x &rlm;y &quot;z&quot;\n"
		 "&bogus; & alone &amp &#; &#0; &#xD800; tab&#9;end sp&#32;&#32;x   &nbsp;\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	assert_string_equal(t.turns[0].text.buf,
			    "Tom & Jerry <3 > a b 'q' it\xE2\x80\x99s \xE2\x80\x8Ex \xE2\x80\x8Fy \"z\" "
			    "&bogus; & alone &amp &#; \xEF\xBF\xBD \xEF\xBF\xBD tab end sp x");
	braid_transcript_release(&t);
}

static void test_nfc(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* removing markup or decoding an entity can join a letter and a combining acute (U+0301);
	 * the result is NFC again: e + U+0301 -> U+00E9 */
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Jos&#x65;&#x301;>caf\x65<i>\xCC\x81</i> and e&#769;t\xC3\xA9\n", NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, "Jos\xC3\xA9", "caf\xC3\xA9 and \xC3\xA9t\xC3\xA9", 1000, 2000, 3);
	braid_transcript_release(&t);
}

static void test_whitespace(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000   \n   lots   of\tspace  \n  here  \n", NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "lots of space here", 1000, 2000, 3);
	braid_transcript_release(&t);
	/* a line of spaces and tabs is a blank line: it ends the cue, and the block after it has no timing */
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\none\n \t \ntwo\n", NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "one", 1000, 2000, 3);
	braid_transcript_release(&t);
}

/* ---- speakers from "Name: " labels ---- */

static void test_labels(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n"
		 "00:01.000 --> 00:02.000\nAnna: Hello there.\n\n"   /* 3 */
		 "00:02.000 --> 00:03.000\nAnna: Still me.\n\n"	     /* 6 */
		 "00:03.000 --> 00:04.000\nBen Smith: Hi Anna.\n\n"  /* 9 */
		 "00:04.000 --> 00:05.000\nBen Smith: Bye.\n\n"	     /* 12 */
		 "00:05.000 --> 00:06.000\nNote to self: buy milk\n", /* 15: only once: not a label */
		 NULL, &t);
	/* the unlabelled cue continues Ben Smith's turn */
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, "Anna", "Hello there. Still me.", 1000, 3000, 3);
	check_turn(&t, 1, "Ben Smith", "Hi Anna. Bye. Note to self: buy milk", 3000, 6000, 9);
	braid_transcript_release(&t);
}

static void test_label_rules(void **state)
{
	struct braid_transcript t;
	const char *const declared[] = { "Moderator" };
	struct braid_parse_opts o = { 0 };

	(void)state;
	/* each candidate occurs twice (500 ms apart, so not a caption repeat); only "Dr. Ruth" and
	 * "Мария" qualify */
	parse_ok("WEBVTT\n\n"
		 "00:01.000 --> 00:01.500\nbut then: he left\n\n"			/* lower case */
		 "00:02.000 --> 00:02.500\nbut then: he left\n\n"
		 "00:03.000 --> 00:03.500\nThe man in the long grey coat: hi\n\n" /* 7 words */
		 "00:04.000 --> 00:04.500\nThe man in the long grey coat: hi\n\n"
		 "00:05.000 --> 00:05.500\nWell, Anna: hi\n\n" /* comma */
		 "00:06.000 --> 00:06.500\nWell, Anna: hi\n\n"
		 "00:07.000 --> 00:07.500\nAt 10:30 we met\n\n" /* no space after the colon */
		 "00:08.000 --> 00:08.500\nAt 10:30 we met\n\n"
		 "00:19.000 --> 00:20.000\nDr. Ruth: one\n\n" /* line 27 */
		 "00:20.000 --> 00:21.000\nDr. Ruth: two\n\n"
		 "00:21.000 --> 00:22.000\n\xD0\x9C\xD0\xB0\xD1\x80\xD0\xB8\xD1\x8F: \xD0\xB4\xD0\xB0\n\n" /* line 33 */
		 "00:22.000 --> 00:23.000\n\xD0\x9C\xD0\xB0\xD1\x80\xD0\xB8\xD1\x8F: \xD0\xBD\xD0\xB5\xD1\x82\n",
		 NULL, &t);
	assert_int_equal(t.nr, 3);
	check_turn(&t, 0, NULL,
		   "but then: he left but then: he left The man in the long grey coat: hi The man in the long "
		   "grey coat: hi Well, Anna: hi Well, Anna: hi At 10:30 we met At 10:30 we met",
		   1000, 8500, 3);
	check_turn(&t, 1, "Dr. Ruth", "one two", 19000, 21000, 27);
	check_turn(&t, 2, "\xD0\x9C\xD0\xB0\xD1\x80\xD0\xB8\xD1\x8F", "\xD0\xB4\xD0\xB0 \xD0\xBD\xD0\xB5\xD1\x82",
		   21000, 23000, 33);
	braid_transcript_release(&t);

	/* a declared speaker is a label even once; a voice tag wins over a label */
	o.speakers = declared;
	o.nspeakers = 1;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\nModerator: welcome\n\n"
		 "00:02.000 --> 00:03.000\n<v Anna>Bob: hi\n\n00:03.500 --> 00:04.000\n<v Anna>Bob: hi\n",
		 &o, &t);
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, "Moderator", "welcome", 1000, 2000, 3);
	check_turn(&t, 1, "Anna", "Bob: hi Bob: hi", 2000, 4000, 6);
	braid_transcript_release(&t);
}

static void test_no_speakers(void **state)
{
	struct braid_transcript t;
	struct braid_parse_opts o = { 0 };

	(void)state;
	o.no_speakers = 1;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi\n\n00:02.000 --> 00:03.000\n<v B>Hello\n\n"
		 "00:03.000 --> 00:04.000\nAnna: one\n\n00:04.000 --> 00:05.000\nAnna: two\n",
		 &o, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "Hi Hello Anna: one Anna: two", 1000, 5000, 3);
	braid_transcript_release(&t);
}

static void test_dialogue_dashes(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n- Where are you?\n-Here.\n\n"
		 "00:02.000 --> 00:03.000\n-5 degrees \xE2\x80\x94 cold\n\n"
		 "00:03.000 --> 00:04.000\n\xE2\x80\x93 En dash line\n",
		 NULL, &t);
	/* "-Here." is a second speaker, unnamed: a turn of its own; the cues after it have no
	 * speaker and go on with it ("-5" is no dialogue dash, an en dash opening a cue is) */
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, NULL, "Where are you?", 1000, 2000, 3);
	check_turn(&t, 1, NULL, "Here. -5 degrees \xE2\x80\x94 cold En dash line", 1000, 4000, 3);
	braid_transcript_release(&t);

	/* after a named speaker: the first dialogue line follows the rule for unlabelled text
	 * (Anna goes on), the second is someone else; a voice tag names the whole cue */
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\nAnna: Hello.\n\n"
		 "00:02.000 --> 00:03.000\nAnna: Coming?\n\n"
		 "00:03.000 --> 00:04.000\n- Yes.\n- No.\n\n"
		 "00:04.000 --> 00:05.000\n<v Ben>- One.\n- Two.\n",
		 NULL, &t);
	assert_int_equal(t.nr, 3);
	check_turn(&t, 0, "Anna", "Hello. Coming? Yes.", 1000, 4000, 3);
	check_turn(&t, 1, NULL, "No.", 3000, 4000, 9);
	check_turn(&t, 2, "Ben", "One. Two.", 4000, 5000, 13);
	braid_transcript_release(&t);

	/* dialogue lines with labels are turns of their own */
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n- Anna: Where are you?\n- Ben: Here.\n\n"
		 "00:02.000 --> 00:03.000\n- Anna: Good.\n- Ben: Yes.\n",
		 NULL, &t);
	assert_int_equal(t.nr, 4);
	check_turn(&t, 0, "Anna", "Where are you?", 1000, 2000, 3);
	check_turn(&t, 1, "Ben", "Here.", 1000, 2000, 3);
	check_turn(&t, 2, "Anna", "Good.", 2000, 3000, 7);
	check_turn(&t, 3, "Ben", "Yes.", 2000, 3000, 7);
	braid_transcript_release(&t);
}

/* ---- merging cues into turns ---- */

static void test_merge_speakers(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n"
		 "00:01.000 --> 00:02.000\nbefore anyone\n\n"	  /* 3: no speaker yet */
		 "00:02.000 --> 00:03.000\n<v A>one\n\n"	  /* 6 */
		 "00:40.000 --> 00:41.000\n<v A>two\n\n"	  /* 9: same speaker, any gap */
		 "00:41.000 --> 00:42.000\n<v B>three\n\n"	  /* 12 */
		 "00:42.000 --> 00:43.000\nfour\n\n"		  /* 15: no speaker continues B */
		 "00:43.000 --> 00:44.000\n<v B>five\n\n"	  /* 18 */
		 "00:44.000 --> 00:45.000\n<v A>six\n",	  /* 21 */
		 NULL, &t);
	assert_int_equal(t.nr, 4);
	check_turn(&t, 0, NULL, "before anyone", 1000, 2000, 3);
	check_turn(&t, 1, "A", "one two", 2000, 41000, 6);
	check_turn(&t, 2, "B", "three four five", 41000, 44000, 12);
	check_turn(&t, 3, "A", "six", 44000, 45000, 21);
	braid_transcript_release(&t);
}

static void test_merge_without_speakers(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* gaps: c2 0 ms; c3 1500 after "." -> new; c4 1500 after no stop -> same; c5 exactly
	 * 2000 -> same; c6 2001 -> new; c7 1500 after "..." -> same; c8 1500 after '."' -> new;
	 * c9 1001 after "?" -> new; c10 1000 after "!" -> same */
	parse_ok("WEBVTT\n\n"
		 "00:00:00.000 --> 00:00:01.000\nfirst part\n\n"	       /* 3 */
		 "00:00:01.000 --> 00:00:02.000\nsecond part.\n\n"	       /* 6 */
		 "00:00:03.500 --> 00:00:04.000\nafter a pause\n\n"	       /* 9 */
		 "00:00:05.500 --> 00:00:06.000\nno stop before\n\n"	       /* 12 */
		 "00:00:08.000 --> 00:00:09.000\ntwo seconds\n\n"	       /* 15 */
		 "00:00:11.001 --> 00:00:12.000\nlong gap\n\n"		       /* 18 */
		 "00:00:13.500 --> 00:00:14.000\ntrailing...\n\n"	       /* 21 */
		 "00:00:15.500 --> 00:00:16.000\nhe said \"stop.\"\n\n"	       /* 24 */
		 "00:00:17.500 --> 00:00:18.000\nnew one?\n\n"		       /* 27 */
		 "00:00:19.001 --> 00:00:20.000\nyes!\n\n"		       /* 30 */
		 "00:00:21.000 --> 00:00:22.000\nend\n",		       /* 33 */
		 NULL, &t);
	assert_int_equal(t.nr, 5);
	check_turn(&t, 0, NULL, "first part second part.", 0, 2000, 3);
	check_turn(&t, 1, NULL, "after a pause no stop before two seconds", 3500, 9000, 9);
	check_turn(&t, 2, NULL, "long gap trailing... he said \"stop.\"", 11001, 16000, 18);
	check_turn(&t, 3, NULL, "new one?", 17500, 18000, 27);
	check_turn(&t, 4, NULL, "yes! end", 19001, 22000, 30);
	braid_transcript_release(&t);
}

static void test_cue_ended_by_timing_line(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_ok("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi\nthere\n00:02.000 --> 00:03.000\n<v B>Yo\n", NULL, &t);
	assert_int_equal(t.nr, 2);
	check_turn(&t, 0, "A", "Hi there", 1000, 2000, 3);
	check_turn(&t, 1, "B", "Yo", 2000, 3000, 6);
	braid_transcript_release(&t);
}

/* ---- repeated caption text ---- */

static void test_rolling_repeats(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* touching cues repeating whole lines (YouTube) */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:01.000\none two\n\n00:01.000 --> 00:02.000\none two\nthree four\n\n"
		 "00:02.000 --> 00:02.010\nthree four\n\n00:02.010 --> 00:03.000\nthree four\nfive\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, NULL, "one two three four five", 0, 3000, 3);
	braid_transcript_release(&t);

	/* touching, but the repeated word is not a whole line of the earlier cue: kept */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:01.000\nI said no\n\n00:01.000 --> 00:02.000\nno way\n", NULL, &t);
	check_turn(&t, 0, NULL, "I said no no way", 0, 2000, 3);
	braid_transcript_release(&t);

	/* touching, a whole line repeated but not as a whole line of the later cue: kept */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:01.000\nno\n\n00:01.000 --> 00:02.000\nno way\n", NULL, &t);
	check_turn(&t, 0, NULL, "no no way", 0, 2000, 3);
	braid_transcript_release(&t);

	/* overlapping: the earlier cue's last line repeated at the start of the later one */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:02.000\nwe went home\n\n00:01.500 --> 00:03.000\nwe went home and slept\n",
		 NULL, &t);
	check_turn(&t, 0, NULL, "we went home and slept", 0, 3000, 3);
	braid_transcript_release(&t);

	/* a gap of 500 ms: a real repetition, kept */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:01.000\nYes.\n\n00:01.500 --> 00:02.000\nYes.\n", NULL, &t);
	check_turn(&t, 0, NULL, "Yes. Yes.", 0, 2000, 3);
	braid_transcript_release(&t);

	/* different speakers never repeat each other */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>Yes.\n\n00:01.000 --> 00:02.000\n<v B>Yes.\n", NULL, &t);
	assert_int_equal(t.nr, 2);
	check_turn(&t, 1, "B", "Yes.", 1000, 2000, 6);
	braid_transcript_release(&t);

	/* one speaker rolling: the turn keeps growing */
	parse_ok("WEBVTT\n\n00:00.000 --> 00:01.000\n<v A>hello\n\n00:01.000 --> 00:02.000\n<v A>hello\nworld\n",
		 NULL, &t);
	assert_int_equal(t.nr, 1);
	check_turn(&t, 0, "A", "hello world", 0, 2000, 3);
	braid_transcript_release(&t);
}

static void test_appends(void **state)
{
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;
	const char *src = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x\n";

	(void)state;
	parse_ok(src, &no_opts, &t);
	assert_int_equal(braid_parse_vtt(src, strlen(src), NULL, &t, &err), 0);
	assert_int_equal(t.nr, 2);
	/* a failing parse leaves what is there */
	assert_int_equal(braid_parse_vtt("WEBVTT\n\nx --> y\n", 16, NULL, &t, &err), BRAID_EPARSE);
	assert_int_equal(t.nr, 2);
	braid_transcript_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_w3c_example),
		cmocka_unit_test(test_teams_unpadded),
		cmocka_unit_test(test_youtube_rolling),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_bad_timestamps),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_voice_tags),
		cmocka_unit_test(test_two_voices_in_one_cue),
		cmocka_unit_test(test_inline_tags),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_label_rules),
		cmocka_unit_test(test_no_speakers),
		cmocka_unit_test(test_dialogue_dashes),
		cmocka_unit_test(test_merge_speakers),
		cmocka_unit_test(test_merge_without_speakers),
		cmocka_unit_test(test_cue_ended_by_timing_line),
		cmocka_unit_test(test_rolling_repeats),
		cmocka_unit_test(test_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
