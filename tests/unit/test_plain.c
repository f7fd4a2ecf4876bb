/*
 * test_plain.c - the plain-text / Markdown transcript parser (formats/plain.c).
 *
 * Expected values for the real files were worked out from the files with
 * grep/awk/python, not from the parser; the command is beside each number
 * (run from ../shared/corpora-real). The conventions and the false-speaker
 * rule under test are in docs/transcripts.md.
 */
#include "testutil.h"

#include "braid/err.h"
#include "braid/transcript.h"

/* ---- helpers ---- */

static void parse_opts(const char *text, const struct braid_parse_opts *o,
		       struct braid_transcript *t)
{
	struct braid_err err = BRAID_ERR_INIT;
	int rc;

	braid_transcript_init(t);
	rc = braid_parse_plain(text, strlen(text), o, t, &err);
	if (rc)
		fail_msg("braid_parse_plain: %d %s", rc, err.msg);
}

static void parse(const char *text, struct braid_transcript *t)
{
	parse_opts(text, NULL, t);
}

/* Checks turn i: speaker (NULL for none) and text. */
static void turn_is(const struct braid_transcript *t, size_t i, const char *speaker,
		    const char *text)
{
	if (i >= t->nr)
		fail_msg("turn %zu missing: only %zu turns", i, t->nr);
	if (!speaker)
		assert_null(t->turns[i].speaker);
	else if (!t->turns[i].speaker)
		fail_msg("turn %zu: speaker NULL, expected '%s'", i, speaker);
	else
		assert_string_equal(t->turns[i].speaker, speaker);
	assert_string_equal(t->turns[i].text.buf, text);
	assert_int_equal(t->turns[i].text.len, strlen(text));
}

/* Reads a real file into the internal form (LF only: mr4_ATG.txt has CRLF). */
static void read_real(struct strbuf *sb, const char *path)
{
	size_t j = 0;

	test_read_file(sb, path);
	for (size_t i = 0; i < sb->len; i++)
		if (sb->buf[i] != '\r')
			sb->buf[j++] = sb->buf[i];
	strbuf_setlen(sb, j);
}

static void parse_real(const char *path, struct braid_transcript *t)
{
	struct strbuf sb = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	int rc;

	read_real(&sb, path);
	braid_transcript_init(t);
	rc = braid_parse_plain(sb.buf, sb.len, NULL, t, &err);
	if (rc)
		fail_msg("%s: %d %s", path, rc, err.msg);
	strbuf_release(&sb);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct speakers, sorted and joined with ','; NULL speakers as "(none)". */
static void speaker_set(const struct braid_transcript *t, struct strbuf *out)
{
	const char **v = calloc(t->nr + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < t->nr; i++)
		v[n++] = t->turns[i].speaker ? t->turns[i].speaker : "(none)";
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i && !strcmp(v[i], v[i - 1]))
			continue;
		if (out->len)
			strbuf_addch(out, ',');
		strbuf_addstr(out, v[i]);
	}
	free(v);
}

static void speakers_are(const struct braid_transcript *t, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;

	speaker_set(t, &sb);
	assert_string_equal(sb.buf, expected);
	strbuf_release(&sb);
}

static size_t count_speaker(const struct braid_transcript *t, const char *speaker)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nr; i++)
		if (t->turns[i].speaker && !strcmp(t->turns[i].speaker, speaker))
			n++;
	return n;
}

/* Index of the first turn of speaker whose text starts with prefix; fails if none. */
static size_t find_turn(const struct braid_transcript *t, const char *speaker, const char *prefix)
{
	for (size_t i = 0; i < t->nr; i++)
		if (t->turns[i].speaker && !strcmp(t->turns[i].speaker, speaker) &&
		    !strncmp(t->turns[i].text.buf, prefix, strlen(prefix)))
			return i;
	fail_msg("no turn of '%s' starting '%s'", speaker, prefix);
	return 0;
}

static size_t text_bytes(const struct braid_transcript *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nr; i++)
		n += t->turns[i].text.len;
	return n;
}

/* ---- conventions ---- */

static void test_colon_labels(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("Lynne Neagle AM: Good afternoon, everyone.\n"
	      "Professor A:  Am I on ?   \n"
	      "PhD B: Yes.\n"
	      "Janet Finch-Saunders AM: Thank you.\n"
	      "Lynne Neagle AM: Right.\n",
	      &t);
	assert_int_equal(t.nr, 5);
	turn_is(&t, 0, "Lynne Neagle AM", "Good afternoon, everyone.");
	turn_is(&t, 1, "Professor A", "Am I on ?");
	turn_is(&t, 2, "PhD B", "Yes.");
	turn_is(&t, 3, "Janet Finch-Saunders AM", "Thank you.");
	turn_is(&t, 4, "Lynne Neagle AM", "Right.");
	for (size_t i = 0; i < t.nr; i++) {
		assert_int_equal(t.turns[i].line, i + 1);
		assert_true(t.turns[i].start_ms == BRAID_NO_TIME);
		assert_true(t.turns[i].end_ms == BRAID_NO_TIME);
	}
	braid_transcript_release(&t);

	/* a space before the colon (French typography, Spacelog's "\s+:") */
	parse("Anna : bonjour\nBen : salut\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "Anna", "bonjour");
	turn_is(&t, 1, "Ben", "salut");
	braid_transcript_release(&t);

	/* abbreviations with periods, non-ASCII capitals */
	parse("Dr. Smith: Hello.\nÉlodie Zoë: Bonjour.\nDr. Smith: Again.\n", &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 0, "Dr. Smith", "Hello.");
	turn_is(&t, 1, "Élodie Zoë", "Bonjour.");
	braid_transcript_release(&t);
}

static void test_hash_and_at_labels(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("#Anna: hello\n@ben: hi there\n#Anna: again\n", &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 0, "Anna", "hello");
	turn_is(&t, 1, "ben", "hi there"); /* prefix forms may be lowercase */
	turn_is(&t, 2, "Anna", "again");
	braid_transcript_release(&t);
}

static void test_bracket_labels(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("[id1] hello, I like the course.\n\n[id2] I am struggling.\n\n{Anna Smith} Yes.\n"
	      "[id1]: with a colon\n",
	      &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 0, "id1", "hello, I like the course.");
	turn_is(&t, 1, "id2", "I am struggling.");
	turn_is(&t, 2, "Anna Smith", "Yes.");
	turn_is(&t, 3, "id1", "with a colon");
	braid_transcript_release(&t);
}

static void test_markdown_bold_labels(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("**Interviewer:** How are you?\n**Anna**: Fine, *really* fine.\n"
	      "**Interviewer:** And __then__?\n",
	      &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 0, "Interviewer", "How are you?");
	turn_is(&t, 1, "Anna", "Fine, *really* fine."); /* emphasis inside text stays */
	turn_is(&t, 2, "Interviewer", "And __then__?");
	braid_transcript_release(&t);
}

static void test_label_with_time(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("Anna (00:01:23): hello\n[00:02:00] Ben: hi\n(03:05) Anna: bye\nBen [1:00:00.5]: "
	      "late\n",
	      &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 0, "Anna", "hello");
	assert_int_equal(t.turns[0].start_ms, 83000);
	turn_is(&t, 1, "Ben", "hi");
	assert_int_equal(t.turns[1].start_ms, 120000);
	turn_is(&t, 2, "Anna", "bye");
	assert_int_equal(t.turns[2].start_ms, 185000);
	turn_is(&t, 3, "Ben", "late");
	assert_int_equal(t.turns[3].start_ms, 3600500);
	braid_transcript_release(&t);

	/* a time and a label-less line: the line is text, time included */
	parse("Anna: hi\n[00:02:00] and then nothing\n", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "Anna", "hi\n[00:02:00] and then nothing");
	braid_transcript_release(&t);
}

static void test_timestamp_lines(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* Spacelog: [DD:HH:MM:SS], negative, several speakers per timestamp */
	parse("[-00:00:00:10]\nCAPCOM: 10, 9, 8\n\n[00:00:00:02]\nCDR: The clock is running.\n"
	      "CMP: Okay.\n\n[01:02:03:04]\nCDR: Later.\n",
	      &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 0, "CAPCOM", "10, 9, 8");
	assert_int_equal(t.turns[0].start_ms, -10000);
	turn_is(&t, 1, "CDR", "The clock is running.");
	assert_int_equal(t.turns[1].start_ms, 2000);
	turn_is(&t, 2, "CMP", "Okay.");
	assert_int_equal(t.turns[2].start_ms, 2000);
	turn_is(&t, 3, "CDR", "Later.");
	assert_int_equal(t.turns[3].start_ms, ((24 + 2) * 3600 + 3 * 60 + 4) * 1000LL);
	braid_transcript_release(&t);

	/* [hh:mm:ss], (mm:ss), hh:mm:ss alone, with spaces around */
	parse("A: before\n00:01:02\nA: hi\n  (01:05)  \nB: again\nA: same time\n[1:02:03]\nB: x\n",
	      &t);
	assert_int_equal(t.nr, 5);
	assert_true(t.turns[0].start_ms == BRAID_NO_TIME);
	assert_int_equal(t.turns[1].start_ms, 62000);
	assert_int_equal(t.turns[2].start_ms, 65000);
	assert_int_equal(t.turns[3].start_ms, 65000);
	assert_int_equal(t.turns[4].start_ms, 3723000);
	turn_is(&t, 4, "B", "x");
	assert_int_equal(t.turns[4].line, 8);
	braid_transcript_release(&t);

	/* not a timestamp: minutes >= 60, words around it */
	parse("A: one\n00:61\nat 10:30\n", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "A", "one\n00:61\nat 10:30");
	braid_transcript_release(&t);
}

static void test_timestamp_line_keeps_speaker(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* a time marker in the middle of an answer: same speaker, new turn, new time */
	parse("Interviewer: Tell me.\nAnna: It began\n[00:05:00]\nand it went on.\nInterviewer: "
	      "Ok.\n",
	      &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 1, "Anna", "It began");
	turn_is(&t, 2, "Anna", "and it went on.");
	assert_int_equal(t.turns[2].start_ms, 300000);
	assert_int_equal(t.turns[2].line, 4);
	assert_int_equal(t.turns[3].start_ms, 300000);
	braid_transcript_release(&t);

	/* before any label the text has no speaker */
	parse("[00:00:01]\nLift-off soon.\nSTONY: Lift-off.\n\n[00:00:03]\nBELL 7: Loud and clear.\n",
	      &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 0, NULL, "Lift-off soon.");
	assert_int_equal(t.turns[0].start_ms, 1000);
	turn_is(&t, 1, "STONY", "Lift-off.");
	braid_transcript_release(&t);
}

static void test_continuation_time(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* Rev and Descript: "(00:02:03):" alone on a line goes on with the same speaker, at
	 * that time; the line itself is neither text nor words */
	parse("Speaker 1 (00:00):\nWelcome to the show.\n\nSpeaker 2 (00:04):\nThanks for having me.\n\n"
	      "(00:02:03):\nAnd another thing.\n\n[01:02:03]:\nLater still.\n\nSpeaker 1 (01:05:00):\nBye.\n",
	      &t);
	assert_int_equal(t.nr, 5);
	turn_is(&t, 1, "Speaker 2", "Thanks for having me.");
	assert_int_equal(t.turns[1].start_ms, 4000);
	turn_is(&t, 2, "Speaker 2", "And another thing.");
	assert_int_equal(t.turns[2].start_ms, 123000);
	assert_int_equal(t.turns[2].line, 8);
	turn_is(&t, 3, "Speaker 2", "Later still.");
	assert_int_equal(t.turns[3].start_ms, 3723000);
	turn_is(&t, 4, "Speaker 1", "Bye.");
	assert_int_equal(t.turns[4].start_ms, 3900000);
	braid_transcript_release(&t);

	/* not a continuation line: words after it, no brackets, mismatched brackets */
	parse("A: x\n(00:02:03): and more\n00:02:03:\n(00:02:03]:\n", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "A", "x\n(00:02:03): and more\n00:02:03:\n(00:02:03]:");
	braid_transcript_release(&t);
}

static void test_otter_header(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("Speaker 1  0:03\nHello there.\nHow are you?\n\nAnna Smith 00:01:23\nFine.\n\n"
	      "Still me.\nSpeaker 1  1:02:03\nBye.\nAnna Smith (1:02:09)\nOk.\n",
	      &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 0, "Speaker 1", "Hello there.\nHow are you?");
	assert_int_equal(t.turns[0].start_ms, 3000);
	assert_int_equal(t.turns[0].line, 1);
	turn_is(&t, 1, "Anna Smith", "Fine.\n\nStill me.");
	assert_int_equal(t.turns[1].start_ms, 83000);
	turn_is(&t, 2, "Speaker 1", "Bye.");
	assert_int_equal(t.turns[2].start_ms, 3723000);
	turn_is(&t, 3, "Anna Smith", "Ok.");
	assert_int_equal(t.turns[3].start_ms, 3729000);
	braid_transcript_release(&t);

	/* a header with one space seen once is not enough, even in a label-dominated
	 * document: "Tuesday 10:30" inside an answer stays text */
	parse("I: When?\nR: On the\nTuesday 10:30\nI: Ok.\n", &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 1, "R", "On the\nTuesday 10:30");
	braid_transcript_release(&t);

	/* Otter's shape (name, two spaces, time, alone on a line that opens a paragraph) is
	 * evidence enough once: "Unknown Speaker" speaks once here (trailing spaces as Otter
	 * writes them) */
	parse("Swarup Donepudi  9:29  \nLet's see that in action.\n\nUnknown Speaker  9:40  \n"
	      "Yes, I think\n\nSwarup Donepudi  9:41  \nwe talked about the whys.\n",
	      &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 1, "Unknown Speaker", "Yes, I think");
	assert_int_equal(t.turns[1].start_ms, 580000);
	assert_int_equal(t.turns[1].line, 4);
	braid_transcript_release(&t);

	/* ... also with a tab, in a document of prose */
	parse("We met twice.\n\nMaria Lopez\t1:02:03\nIt was fine.\n\nMore prose here.\n\nAnd here.\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, NULL, "We met twice.");
	turn_is(&t, 1, "Maria Lopez", "It was fine.\n\nMore prose here.\n\nAnd here.");
	braid_transcript_release(&t);

	/* but not inside a paragraph, not on the stop list, not a lowercase shape */
	parse("I: When?\nR: On the\nTuesday  10:30\n\nNote  10:31\nok\n\nat noon  12:00\nyes\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 1, "R", "On the\nTuesday  10:30\n\nNote  10:31\nok\n\nat noon  12:00\nyes");
	braid_transcript_release(&t);
}

static void test_paragraphs(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("\n\nA: first line   \n   second line\t\n\n\n\n  \nnew paragraph\n\nB: x\n\n\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "A", "first line\nsecond line\n\nnew paragraph");
	assert_int_equal(t.turns[0].line, 3);
	turn_is(&t, 1, "B", "x");
	assert_int_equal(t.turns[1].line, 11);
	braid_transcript_release(&t);

	/* Unicode white space (no-break space, ideographic space) is trimmed too */
	parse("A: \xC2\xA0hello\xE3\x80\x80\n\xC2\xA0\n\xE2\x80\x83more\n", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "A", "hello\n\nmore");
	braid_transcript_release(&t);

	/* no final newline */
	parse("A: x\ny", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "A", "x\ny");
	braid_transcript_release(&t);
}

static void test_label_without_text(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* takes the following lines (docx: each paragraph is a block) */
	parse("Anna:\n\nWhat do you think?\n\nBen:\nI think so.\n\nSecond paragraph.\n\n"
	      "Anna:\nWhy?\n\nBen:\nBecause.\n", &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 0, "Anna", "What do you think?");
	assert_int_equal(t.turns[0].line, 1);
	turn_is(&t, 1, "Ben", "I think so.\n\nSecond paragraph.");
	turn_is(&t, 3, "Ben", "Because.");
	braid_transcript_release(&t);

	/* headings alone on their lines, each once (the Vietnamese UDHR: "Điều 1:",
	 * "Điều 2:", ...), do not make each other speakers */
	parse("Điều 1:\nMọi người sinh ra đều được tự do.\nĐiều 2:\nMọi người đều được hưởng.\n"
	      "Điều 3:\nMọi người có quyền sống.\n", &t);
	for (size_t i = 0; i < t.nr; i++)
		assert_null(t.turns[i].speaker);
	braid_transcript_release(&t);

	/* nothing follows: no turn */
	parse("A: hi\nB:\nA: bye\nB:   \n\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "A", "hi");
	turn_is(&t, 1, "A", "bye");
	braid_transcript_release(&t);

	/* a label followed by a timestamp line has nothing to say either */
	parse("A: hi\nB:\n[00:00:05]\nA: bye\n", &t);
	assert_int_equal(t.nr, 2);
	braid_transcript_release(&t);
}

static void test_text_before_first_label(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("Interview with a teacher, spring term.\nRecorded at school.\n\nI: Hello.\nR: Hi.\n",
	      &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 0, NULL, "Interview with a teacher, spring term.\nRecorded at school.");
	turn_is(&t, 1, "I", "Hello.");
	turn_is(&t, 2, "R", "Hi.");
	braid_transcript_release(&t);

	parse("", &t);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
	parse("\n\n  \n\t\n", &t);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
}

static void test_markdown_headings(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse("# Interview 3\n\nIntro text, *emphasised*.\n\nI: Hello\nR: Hi\n\n## Part 2\nI: bye\n"
	      "#Anna: a hash label\n#hashtag without colon\n#Anna: again\n",
	      &t);
	assert_int_equal(t.nr, 7);
	turn_is(&t, 0, NULL, "# Interview 3\n\nIntro text, *emphasised*.");
	turn_is(&t, 1, "I", "Hello");
	turn_is(&t, 2, "R", "Hi");
	turn_is(&t, 3, NULL, "## Part 2"); /* a heading ends the turn before it */
	assert_int_equal(t.turns[3].line, 8);
	turn_is(&t, 4, "I", "bye");
	turn_is(&t, 5, "Anna", "a hash label\n#hashtag without colon");
	turn_is(&t, 6, "Anna", "again");
	braid_transcript_release(&t);

	/* "# Title:" is a heading, not a label */
	parse("# Notes: day one\nA: x\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, NULL, "# Notes: day one");
	braid_transcript_release(&t);
}

static void test_metadata_lines(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* Spacelog's "_key: value" lines are metadata: not text, not a turn, and they do not
	 * split the turn they stand in */
	parse("P: Ahh, Roger.\n_note: HF was not received\nHow me?\n\nCC: Roger.\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "P", "Ahh, Roger.\nHow me?");
	braid_transcript_release(&t);

	/* after a timestamp line, or at the top of the file: no turn at all; a metadata line
	 * and the indented lines after it (Spacelog's JSON values) go together */
	parse("[00:00:00:01]\n_page: 42\nSTONY: Lift-off.\n\n[00:00:00:03]\n_labels: {\n"
	      "    \"funny\"  : 12\n    }\n_audio : []\nBELL 7: Loud and clear.\n\n[00:15:22]\n"
	      "_note: Splashdown\n",
	      &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "STONY", "Lift-off.");
	assert_int_equal(t.turns[0].start_ms, 1000);
	assert_int_equal(t.turns[0].line, 3);
	turn_is(&t, 1, "BELL 7", "Loud and clear.");
	assert_int_equal(t.turns[1].start_ms, 3000);
	braid_transcript_release(&t);

	/* not metadata: a capital, Markdown emphasis, indented, no colon, no space after it */
	parse("A: x\n_Page: 1\n_really_: yes\n  _page: 2\n_page 3\n_url:http://x\n_: y\n", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "A", "x\n_Page: 1\n_really_: yes\n_page: 2\n_page 3\n_url:http://x\n_: y");
	braid_transcript_release(&t);

	/* without speakers too, and with a speaker pattern */
	{
		struct braid_parse_opts o = { .no_speakers = 1 };

		parse_opts("First paragraph.\n_page: 2\nstill first.\n\n_page: 3\n\nSecond.\n", &o, &t);
		assert_int_equal(t.nr, 2);
		turn_is(&t, 0, NULL, "First paragraph.\nstill first.");
		turn_is(&t, 1, NULL, "Second.");
		braid_transcript_release(&t);
		o.no_speakers = 0;
		o.speaker_pattern = "(?<speaker>\\w+)> ";
		parse_opts("Anna> hi\n_page: 2\nBen> ho\n", &o, &t);
		assert_int_equal(t.nr, 2);
		turn_is(&t, 0, "Anna", "hi");
		braid_transcript_release(&t);
	}

	/* indented lines continue (Spacelog continuation lines); labels start in column 0 */
	parse("CDR: Yaw complete.\n     Roll program.\n  CMP: not a label here\nCMP: Clear.\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "CDR", "Yaw complete.\nRoll program.\nCMP: not a label here");
	braid_transcript_release(&t);
}

/* ---- the false-speaker guard ---- */

static void test_false_speakers(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* stop-listed first words never become labels, even when repeated */
	parse("Interviewer: What happened?\nNote: the recording stopped\nAnna: It broke.\n"
	      "Note: the recording resumed\nDate: 3 May\nN.B.: see memo\nTime: 10:30\n",
	      &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "Interviewer", "What happened?\nNote: the recording stopped");
	turn_is(&t, 1, "Anna",
		"It broke.\nNote: the recording resumed\nDate: 3 May\nN.B.: see memo\n"
		"Time: 10:30");
	braid_transcript_release(&t);

	/* sentences with a colon: lowercase words, punctuation, too many words */
	parse("I: So?\nAnna: Well.\nShe said: no way\nAnd then I said: no\nAnd then I said: no\n"
	      "Yes, and: this\nThe reason, as always: money\nWhy?: because\n"
	      "One Two Three Four Five Six Seven: x\nOne Two Three Four Five Six Seven: x\n",
	      &t);
	assert_int_equal(t.nr, 2);
	turn_is(
	    &t, 1, "Anna",
	    "Well.\nShe said: no way\nAnd then I said: no\nAnd then I said: no\nYes, and: this\n"
	    "The reason, as always: money\nWhy?: because\nOne Two Three Four Five Six Seven: x\n"
	    "One Two Three Four Five Six Seven: x");
	braid_transcript_release(&t);

	/* prose with one capitalised "X Y:" in many paragraphs: not label-dominated */
	parse("The study began in May.\n\nParticipants were recruited online.\n\n"
	      "Key Finding: people liked it.\n\nThe end of the report.\n",
	      &t);
	assert_int_equal(t.nr, 1);
	assert_null(t.turns[0].speaker);
	braid_transcript_release(&t);

	/* URLs, times, numbers and list items are not labels */
	parse("A: x\nhttp://example.com: x\n10:30: start\n1: first\n- Item: value\n* Item: value\n",
	      &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "A",
		"x\nhttp://example.com: x\n10:30: start\n1: first\n- Item: value\n"
		"* Item: value");
	braid_transcript_release(&t);

	/* transcription notes in brackets, Markdown link definitions */
	parse("I: ok\n[laughs] yes\n[Inaudible] no\n[laughs] again\n[foo]: http://x.org\n"
	      "[bar]: <http://x>\n[^1]: a footnote\n",
	      &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "I",
		"ok\n[laughs] yes\n[Inaudible] no\n[laughs] again\n[foo]: http://x.org\n"
		"[bar]: <http://x>\n[^1]: a footnote");
	braid_transcript_release(&t);

	/* bracketed descriptions in lowercase, in any language, are never labels, even when
	 * repeated; a digit or a capital makes a bracket a possible label again */
	parse("[id1] hello\n[ríe] sí\n[suspira] no\n[ríe] claro\n[орёт] Итак\n[орёт] да\n"
	      "[coughs, sniffs] ok\n[door creaks] ok\n[door creaks] ok\n[id1] bye\n",
	      &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "id1",
		"hello\n[ríe] sí\n[suspira] no\n[ríe] claro\n[орёт] Итак\n[орёт] да\n"
		"[coughs, sniffs] ok\n[door creaks] ok\n[door creaks] ok");
	braid_transcript_release(&t);
	{
		static const char *const ries[] = { "ríe" };
		struct braid_parse_opts o = { .speakers = ries, .nspeakers = 1 };

		/* unless declared */
		parse_opts("[ríe] sí\n[id1] no\n", &o, &t);
		assert_int_equal(t.nr, 2);
		turn_is(&t, 0, "ríe", "sí");
		braid_transcript_release(&t);
	}

	/* a lowercase plain label is not one (unless it is a role) */
	parse("anna: hi\nanna: ho\n", &t);
	assert_int_equal(t.nr, 1);
	assert_null(t.turns[0].speaker);
	braid_transcript_release(&t);
}

static void test_guard_accepts(void **state)
{
	struct braid_transcript t;

	(void)state;
	/* (b) roles, any case, numbered */
	parse("Some prose first.\n\nMore prose.\n\nStill prose.\n\ninterviewer: hello\nINT: yes\n"
	      "P1: x\nParticipant #3: y\nSpeaker A: z\nR 2: w\n",
	      &t);
	assert_int_equal(t.nr, 7);
	turn_is(&t, 1, "interviewer", "hello");
	turn_is(&t, 2, "INT", "yes");
	turn_is(&t, 3, "P1", "x");
	turn_is(&t, 4, "Participant #3", "y");
	turn_is(&t, 5, "Speaker A", "z");
	turn_is(&t, 6, "R 2", "w");
	braid_transcript_release(&t);

	/* (c) a candidate seen twice, in a document that is mostly prose */
	parse("The study began in May.\n\nParticipants were recruited.\n\nThe end.\n\n"
	      "More text.\n\nChief Crown Prosecutor for Wales: one\n\nChief Crown Prosecutor for "
	      "Wales: two\n",
	      &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 1, "Chief Crown Prosecutor for Wales", "one");
	braid_transcript_release(&t);

	/* (d) label-dominated: short labels seen once count (Spacelog's LCC, UNK) */
	parse("Anna: hi\nBen: hello\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "Anna", "hi");
	turn_is(&t, 1, "Ben", "hello");
	braid_transcript_release(&t);

	/* (d) but not for four or more words seen once */
	parse("Anna: hi\n\nAnna: ho\n\nThe Big Bad Wolf: boo\n", &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 1, "Anna", "ho\n\nThe Big Bad Wolf: boo");
	braid_transcript_release(&t);

	/* (d) exactly half of the blocks begin with a label: dominated */
	parse("Anna: hi\n\nsome text\n", &t);
	assert_int_equal(t.nr, 1);
	turn_is(&t, 0, "Anna", "hi\n\nsome text");
	braid_transcript_release(&t);
	/* less than half: not */
	parse("Anna: hi\n\nsome text\n\nmore text\n", &t);
	assert_int_equal(t.nr, 1);
	assert_null(t.turns[0].speaker);
	braid_transcript_release(&t);
}

static void test_label_length(void **state)
{
	struct braid_transcript t;
	/* 5 x "Abcdefghij " (55 bytes) + "Abcdefgh" (8) = 63 bytes, 6 words */
	const char *l63 = "Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefgh";
	char buf[512];

	(void)state;
	assert_int_equal(strlen(l63), BRAID_LABEL_MAX);
	snprintf(buf, sizeof(buf), "%s: one\n%s: two\n", l63, l63);
	parse(buf, &t);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, l63, "one");
	assert_true(strlen(t.turns[0].speaker) <= BRAID_LABEL_MAX);
	braid_transcript_release(&t);

	snprintf(buf, sizeof(buf), "%sW: one\n%sW: two\n", l63, l63); /* 64 bytes */
	parse(buf, &t);
	assert_int_equal(t.nr, 1);
	assert_null(t.turns[0].speaker);
	braid_transcript_release(&t);
}

static void test_declared_speakers(void **state)
{
	static const char *const spk[] = {"Dr Who?", "Note", "anna"};
	struct braid_parse_opts o = {0};
	struct braid_transcript t;

	(void)state;
	o.speakers = spk;
	o.nspeakers = 3;
	/* declared labels are labels even once, even if the guard would refuse them */
	parse_opts(
	    "Some prose.\n\nMore prose.\n\nYet more.\n\nDr Who?: hello\nNote: a speaker "
	    "called Note\n**anna:** lowercase\nanna: too\ndr who?: not declared in this case\n",
	    &o, &t);
	assert_int_equal(t.nr, 5);
	turn_is(&t, 1, "Dr Who?", "hello");
	turn_is(&t, 2, "Note", "a speaker called Note");
	turn_is(&t, 3, "anna", "lowercase");
	turn_is(&t, 4, "anna", "too\ndr who?: not declared in this case");
	braid_transcript_release(&t);
}

static void test_declared_speakers_invalid(void **state)
{
	static const char *const too_long[] = {
	    "Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abc"};
	static const char *const empty[] = {""};
	static const char *const spaced[] = {"Anna "};
	struct braid_parse_opts o = {0};
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	braid_transcript_init(&t);
	o.nspeakers = 1;
	o.speakers = too_long;
	assert_int_equal(braid_parse_plain("A: x\n", 5, &o, &t, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "longer than 63 bytes"));
	o.speakers = empty;
	assert_int_equal(braid_parse_plain("A: x\n", 5, &o, &t, &err), BRAID_EINVAL);
	o.speakers = spaced;
	assert_int_equal(braid_parse_plain("A: x\n", 5, &o, &t, &err), BRAID_EINVAL);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
}

static void test_no_speakers(void **state)
{
	struct braid_parse_opts o = {0};
	struct braid_transcript t;

	(void)state;
	o.no_speakers = 1;
	parse_opts("Anna: hi\nstill here\n\n\nthere\nBen: x\n[00:01]\nmore\n\n# Title\n", &o, &t);
	assert_int_equal(t.nr, 4);
	turn_is(&t, 0, NULL, "Anna: hi\nstill here");
	turn_is(&t, 1, NULL, "there\nBen: x");
	assert_int_equal(t.turns[1].line, 5);
	turn_is(&t, 2, NULL, "more");
	assert_int_equal(t.turns[2].start_ms, 1000);
	turn_is(&t, 3, NULL, "# Title");
	assert_int_equal(t.turns[3].start_ms, 1000);
	braid_transcript_release(&t);
}

static void test_speaker_pattern(void **state)
{
	struct braid_parse_opts o = {0};
	struct braid_transcript t;

	(void)state;
	o.speaker_pattern = "(?:\\[(?<time>[0-9:]+)\\] )?(?<speaker>\\w+)> ";
	/* the default rules are off: "Anna: no" is text; timestamp lines still work */
	parse_opts("Anna> hi\n[00:01:02] Ben> ho\nAnna: no\n\n(00:02:00)\nZoë> é\nbefore Anna> x\n",
		   &o, &t);
	assert_int_equal(t.nr, 3);
	turn_is(&t, 0, "Anna", "hi");
	assert_true(t.turns[0].start_ms == BRAID_NO_TIME);
	turn_is(&t, 1, "Ben", "ho\nAnna: no");
	assert_int_equal(t.turns[1].start_ms, 62000);
	turn_is(&t, 2, "Zoë", "é\nbefore Anna> x"); /* \w is Unicode (PCRE2_UCP); anchored */
	assert_int_equal(t.turns[2].start_ms, 120000);
	braid_transcript_release(&t);

	/* a speaker group that matches nothing or too much leaves the line as text */
	o.speaker_pattern = "(?<speaker>[^:]*):";
	parse_opts("A: x\n: empty\n"
		   "Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abc: long\n",
		   &o, &t);
	assert_int_equal(t.nr, 1);
	turn_is(
	    &t, 0, "A",
	    "x\n: empty\nAbcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abcdefghij Abc: "
	    "long");
	braid_transcript_release(&t);
}

static void test_speaker_pattern_errors(void **state)
{
	struct braid_parse_opts o = {0};
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	braid_transcript_init(&t);
	o.speaker_pattern = "(?<speaker>abc";
	assert_int_equal(braid_parse_plain("x\n", 2, &o, &t, &err), BRAID_EINVAL);
	assert_string_equal(err.msg,
			    "bad speaker pattern at offset 14: missing closing parenthesis");
	o.speaker_pattern = "(?<who>\\w+):";
	assert_int_equal(braid_parse_plain("x\n", 2, &o, &t, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "speaker pattern has no (?<speaker>...) group");
	o.speaker_pattern = "(?<speaker>\\w+):";
	/* invalid UTF-8 breaks the input contract; PCRE2 catches it: no turns, an error */
	assert_int_equal(braid_parse_plain("A: x\nB\xff: y\n", 11, &o, &t, &err), BRAID_EENCODING);
	assert_non_null(strstr(err.msg, "line 2"));
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
}

static void test_appends(void **state)
{
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	parse("A: one\n", &t);
	assert_int_equal(braid_parse_plain("B: two\n", 7, NULL, &t, &err), 0);
	assert_int_equal(t.nr, 2);
	turn_is(&t, 0, "A", "one");
	turn_is(&t, 1, "B", "two");
	braid_transcript_release(&t);
}

/* ---- real files ---- */

static void test_real_qualcoder(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_real(REAL_CORPUS("qualcoder_examples/transcript.txt"), &t);
	assert_int_equal(t.nr, 7); /* grep -c '^\[id' transcript.txt */
	speakers_are(&t, "id1,id2,id3");
	assert_int_equal(count_speaker(&t, "id1"), 3); /* grep -c '^\[id1\]' */
	assert_int_equal(count_speaker(&t, "id2"), 2); /* grep -c '^\[id2\]' */
	assert_int_equal(count_speaker(&t, "id3"), 2); /* grep -c '^\[id3\]' */
	turn_is(&t, 6, "id2", "Hmm, I will ask the tutor for more help as I am really struggling.");
	assert_int_equal(t.turns[6].line, 13); /* grep -n Hmm transcript.txt */
	braid_transcript_release(&t);
}

static void test_real_qmsum(void **state)
{
	struct braid_transcript t;

	(void)state;
	parse_real(REAL_CORPUS("qmsum_meetings/Bro011.speaker_turns.txt"), &t);
	assert_int_equal(t.nr, 346); /* grep -c . Bro011.speaker_turns.txt */
	/* cut -d: -f1 Bro011.speaker_turns.txt | grep . | sort -u */
	speakers_are(&t, "Grad E,Grad F,PhD B,PhD C,PhD D,Professor A");
	assert_int_equal(count_speaker(&t, "Professor A"), 146); /* grep -c '^Professor A:' */
	/* python3: sum(len(x['content'].strip().encode()) for x in
	 * json.load(open('Bro011.json'))['meeting_transcripts']) */
	assert_int_equal(text_bytes(&t), 37040);
	turn_is(&t, 0, "Professor A", "Am I on ? I guess so . Radio two . Hmm . Radio two .");
	braid_transcript_release(&t);

	parse_real(REAL_CORPUS("qmsum_meetings/IS1003a.speaker_turns.txt"), &t);
	assert_int_equal(t.nr, 301); /* grep -c . IS1003a.speaker_turns.txt */
	speakers_are(&t, "Industrial Designer,Marketing,Project Manager,User Interface");
	assert_int_equal(count_speaker(&t, "Marketing"), 65); /* grep -c '^Marketing:' */
	assert_int_equal(text_bytes(&t), 9896);		      /* python3, as for Bro011 */
	turn_is(&t, 300, "Marketing", "Good ."); /* tail -1 IS1003a.speaker_turns.txt */
	braid_transcript_release(&t);

	parse_real(REAL_CORPUS("qmsum_meetings/education_13.speaker_turns.txt"), &t);
	assert_int_equal(t.nr, 133); /* grep -c . education_13.speaker_turns.txt */
	/* 7 named speakers: cut -d: -f1 education_13.speaker_turns.txt | grep . | sort -u */
	speakers_are(&t, "Barry Hughes,Dawn Bowden AM,Janet Finch-Saunders AM,Lynne Neagle AM,"
			 "Sian Gwenllian AM,Suzy Davies AM,Vikki Howells AM");
	assert_int_equal(count_speaker(&t, "Barry Hughes"), 58); /* grep -c '^Barry Hughes:' */
	assert_int_equal(count_speaker(&t, "Janet Finch-Saunders AM"), 2); /* grep -c '^Janet' */
	assert_int_equal(text_bytes(&t), 57725); /* python3, as for Bro011 */
	turn_is(&t, 1, "Barry Hughes", "Perfectly happy.");
	assert_int_equal(t.turns[1].line, 3);
	braid_transcript_release(&t);
}

static void test_real_spacelog(void **state)
{
	struct braid_transcript t;
	size_t i;

	(void)state;
	/* In the files below, LF := tr -d '\r' < FILE. Turns = label lines
	 * (grep -cE '^[A-Z][A-Z0-9 -]*: ' LF): the metadata lines (grep '^_' LF: _note
	 * and _page, none followed by an indented line) are not text and start no turn. */
	parse_real(REAL_CORPUS("spacelog_transcripts/mr3_ATG.txt"), &t);
	assert_int_equal(t.nr, 115);
	/* grep -oE '^[A-Z][A-Z0-9 -]*: ' LF | sort -u */
	speakers_are(&t, "CARDFILE,CC,ICC,LCC,P,UNK");
	assert_int_equal(count_speaker(&t, "P"), 78); /* grep -c '^P: ' */
	turn_is(&t, 0, "LCC", "Lift-off"); /* LCC occurs once: the document is label-dominated */
	assert_int_equal(t.turns[0].start_ms, 0);
	i = find_turn(&t, "UNK", "...");
	assert_int_equal(t.turns[i].start_ms,
			 (10 * 60 + 56) * 1000); /* grep -B1 '^UNK' : [00:00:10:56] */
	i = find_turn(&t, "ICC", "Freedom Seven this is Indian Cap Com");
	assert_int_equal(t.turns[i].start_ms, (11 * 60 + 4) * 1000); /* [00:00:11:04] */
	assert_int_equal(t.turns[i].line, 292);			     /* grep -n '^ICC' */
	/* sed -n 194,196p LF: "_note: HF was not received" under P's line */
	i = find_turn(&t, "P", "Ahh, Roger, reading you loud and clear HF");
	turn_is(&t, i, "P", "Ahh, Roger, reading you loud and clear HF, Deke. How me?");
	/* tail -6 LF: [00:00:15:17] CC: Roger, then [00:00:15:22] _note: Splashdown, ... */
	turn_is(&t, t.nr - 1, "CC", "Roger");
	assert_int_equal(t.turns[t.nr - 1].start_ms, (15 * 60 + 17) * 1000);
	braid_transcript_release(&t);

	parse_real(REAL_CORPUS("spacelog_transcripts/mr3_PAO.txt"), &t);
	assert_int_equal(t.nr, 66 + 0);
	speakers_are(&t, "CV-39,PAO");
	assert_int_equal(count_speaker(&t, "CV-39"), 17); /* grep -c '^CV-39: ' */
	turn_is(&t, 0, "PAO", "Ignition."); /* head -3 LF: [-00:00:00:04], trailing space */
	assert_int_equal(t.turns[0].start_ms, -4000);
	/* sed -n 190,191p LF: an indented continuation line */
	i = find_turn(&t, "CV-39", "They're lifting the capsule");
	assert_int_equal(t.turns[i].line, 190);
	assert_int_equal(t.turns[i].start_ms, (15 * 60 + 52) * 1000);
	assert_non_null(
	    strstr(t.turns[i].text.buf, "the tracking planes that were\nout here as well"));
	braid_transcript_release(&t);

	parse_real(REAL_CORPUS("spacelog_transcripts/mr4_ATG.txt"), &t);
	assert_int_equal(t.nr, 205); /* the six "_page: N" lines (grep -c '^_page' LF) start none */
	speakers_are(&t, "ATS,BELL 7,CARDFILE 23,CARDFILE 9,CC,CHASE 1,HUNTCLUB 1,HUNTCLUB 3,"
			 "STONY,UKN");
	turn_is(&t, 0, "STONY", "Lift-off."); /* head -3 LF: [00:00:00:01], _page: 42, STONY */
	assert_int_equal(t.turns[0].start_ms, 1000);
	assert_int_equal(t.turns[0].line, 3);
	for (i = 0; i < t.nr; i++)
		assert_null(strstr(t.turns[i].text.buf, "_page"));
	i = find_turn(&t, "CHASE 1", "Roger, there went the tower");
	assert_int_equal(t.turns[i].start_ms, (2 * 60 + 24) * 1000); /* grep -B1 '^CHASE 1' */
	i = find_turn(&t, "HUNTCLUB 3", "Hunt Club 1, I believe");
	assert_int_equal(t.turns[i].start_ms, (24 * 60 + 32) * 1000); /* grep -B1 '^HUNTCLUB 3' */
	assert_int_equal(count_speaker(&t, "BELL 7"), 105); /* grep -c '^BELL 7: ' LF */
	braid_transcript_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_colon_labels),
	    cmocka_unit_test(test_hash_and_at_labels),
	    cmocka_unit_test(test_bracket_labels),
	    cmocka_unit_test(test_markdown_bold_labels),
	    cmocka_unit_test(test_label_with_time),
	    cmocka_unit_test(test_timestamp_lines),
	    cmocka_unit_test(test_timestamp_line_keeps_speaker),
	    cmocka_unit_test(test_continuation_time),
	    cmocka_unit_test(test_otter_header),
	    cmocka_unit_test(test_paragraphs),
	    cmocka_unit_test(test_label_without_text),
	    cmocka_unit_test(test_text_before_first_label),
	    cmocka_unit_test(test_markdown_headings),
	    cmocka_unit_test(test_metadata_lines),
	    cmocka_unit_test(test_false_speakers),
	    cmocka_unit_test(test_guard_accepts),
	    cmocka_unit_test(test_label_length),
	    cmocka_unit_test(test_declared_speakers),
	    cmocka_unit_test(test_declared_speakers_invalid),
	    cmocka_unit_test(test_no_speakers),
	    cmocka_unit_test(test_speaker_pattern),
	    cmocka_unit_test(test_speaker_pattern_errors),
	    cmocka_unit_test(test_appends),
	    cmocka_unit_test(test_real_qualcoder),
	    cmocka_unit_test(test_real_qmsum),
	    cmocka_unit_test(test_real_spacelog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
