/*
 * test_sentences.c - sentence and paragraph segmentation (braid_text_sentences,
 * braid_text_paragraphs in src/core/text.c).
 *
 * Every expectation below was worked out by hand from the rules in
 * include/braid/text.h; each test names the rule it checks.
 */
#include "testutil.h"

#include "braid/alloc.h"
#include "braid/text.h"

/* Splits text and compares the sentences with the NULL-terminated list want. */
static void check_split(const char *text, int paragraphs, const char *const *want)
{
	struct braid_span *sp = NULL;
	size_t alloc = 0, n, i, nwant = 0;

	while (want[nwant])
		nwant++;
	n = paragraphs ? braid_text_paragraphs(text, strlen(text), &sp, &alloc)
		       : braid_text_sentences(text, strlen(text), &sp, &alloc);
	for (i = 0; i < n && i < nwant; i++) {
		size_t len = sp[i].end - sp[i].start;

		if (strlen(want[i]) != len || memcmp(text + sp[i].start, want[i], len))
			fail_msg("span %zu of \"%s\": got \"%.*s\", want \"%s\"", i, text, (int)len,
				 text + sp[i].start, want[i]);
	}
	if (n != nwant) {
		for (i = 0; i < n; i++)
			print_message("  [%zu] \"%.*s\"\n", i, (int)(sp[i].end - sp[i].start),
				      text + sp[i].start);
		fail_msg("\"%s\": %zu spans, want %zu", text, n, nwant);
	}
	free(sp);
}

#define SENTENCES(text, ...)                                           \
	do {                                                           \
		static const char *const want_[] = { __VA_ARGS__, NULL }; \
		check_split((text), 0, want_);                         \
	} while (0)

#define PARAGRAPHS(text, ...)                                          \
	do {                                                           \
		static const char *const want_[] = { __VA_ARGS__, NULL }; \
		check_split((text), 1, want_);                         \
	} while (0)

#define NO_SENTENCES(text)                                            \
	do {                                                          \
		static const char *const want_[] = { NULL };         \
		check_split((text), 0, want_);                        \
		check_split((text), 1, want_);                        \
	} while (0)

/* ---- English -------------------------------------------------------- */

static void test_english_basic(void **state)
{
	SENTENCES("I came back. It was autumn! Was it? Yes.", "I came back.", "It was autumn!",
		  "Was it?", "Yes.");
	/* a run of terminals is one */
	SENTENCES("Really?! Yes!!! OK.", "Really?!", "Yes!!!", "OK.");
	/* a closing bracket stays with its sentence */
	SENTENCES("(He left.) Then she came.", "(He left.)", "Then she came.");
}

static void test_english_abbreviations(void **state)
{
	/* titles never end a sentence */
	SENTENCES("Dr. Smith met Mr. Brown and Mrs. Green. They talked.",
		  "Dr. Smith met Mr. Brown and Mrs. Green.", "They talked.");
	/* e.g. and i.e. (single letters between dots) do not end one, even before a capital */
	SENTENCES("We need papers, e.g. Passports and visas. Also money, i.e. Cash.",
		  "We need papers, e.g. Passports and visas.", "Also money, i.e. Cash.");
	/* etc. is not in the table: a lowercase word goes on, a capital starts anew */
	SENTENCES("Food, clothes, etc. and so on. Housing, transport, etc. Then it ended.",
		  "Food, clothes, etc. and so on.", "Housing, transport, etc.", "Then it ended.");
	/* "No." is "number" only with its capital and before a number */
	SENTENCES("No. 5 is here. I said no. Then I left. No. I did not.", "No. 5 is here.",
		  "I said no.", "Then I left.", "No.", "I did not.");
	/* months hold only before a number: Jan is a name too */
	SENTENCES("Since Jan. 2020 I met Jan. He helped.", "Since Jan. 2020 I met Jan.",
		  "He helped.");
	/* a.m. and p.m. may end a sentence */
	SENTENCES("We met at 5 p.m. and talked. We left at 9 p.m. Nobody saw us.",
		  "We met at 5 p.m. and talked.", "We left at 9 p.m.", "Nobody saw us.");
}

static void test_english_numbers_urls(void **state)
{
	/* no white space after the stop: decimals, thousands, addresses */
	SENTENCES("It cost 3.5 thousand, or 1,000.50 dollars. That is a lot.",
		  "It cost 3.5 thousand, or 1,000.50 dollars.", "That is a lot.");
	SENTENCES("See www.example.org/a.html?x=1 or mail info@example.org. Thanks!",
		  "See www.example.org/a.html?x=1 or mail info@example.org.", "Thanks!");
	/* a number ends a sentence, unless it opens a line as a list item */
	SENTENCES("How many children? 3. They are at school.", "How many children?", "3.",
		  "They are at school.");
	SENTENCES("1. A word from the director\n2. The year in figures",
		  "1. A word from the director\n2. The year in figures");
}

static void test_english_initials(void **state)
{
	/* an initial does not end a sentence; the pronoun I does */
	SENTENCES("J. R. Smith and A.B. Jones came. So did I. We left.",
		  "J. R. Smith and A.B. Jones came.", "So did I.", "We left.");
}

static void test_quotes(void **state)
{
	/* a terminal, a closing quote and a lowercase word: the sentence goes on */
	SENTENCES("\"Stop!\" she said. \"Why?\" He did not answer.", "\"Stop!\" she said.",
		  "\"Why?\"", "He did not answer.");
	SENTENCES("\"Stop!\" She said it twice.", "\"Stop!\"", "She said it twice.");
	SENTENCES("He said \"Stop.\" Then he left.", "He said \"Stop.\"", "Then he left.");
	/* typographic quotes, also German („...“) */
	SENTENCES("She said “No.” We left. Er rief „Halt.“ Dann ging er.", "She said “No.”",
		  "We left.", "Er rief „Halt.“", "Dann ging er.");
	/* an opening quote before a lowercase word: still the same sentence */
	SENTENCES("They said. “maybe later.”", "They said. “maybe later.”");
}

static void test_ellipsis(void **state)
{
	/* "..." before a lowercase word goes on, before a capital it ends */
	SENTENCES("Now... now I live with my mother. It was... I don't know.",
		  "Now... now I live with my mother.", "It was...", "I don't know.");
	SENTENCES("Well… maybe. OK…", "Well… maybe.", "OK…");
}

/* ---- Russian, Uzbek, Spanish --------------------------------------- */

static void test_russian(void **state)
{
	SENTENCES("Нужны документы, т.е. Паспорт и виза. Это было в 2019 г. Потом я уехала "
		  "в г. Москва. Там было трудно, и т.д. Потом стало легче.",
		  "Нужны документы, т.е. Паспорт и виза.", "Это было в 2019 г.",
		  "Потом я уехала в г. Москва.", "Там было трудно, и т.д.", "Потом стало легче.");
	/* initials, and lowercase after a stop */
	SENTENCES("А. С. Пушкин написал это. он знал. См. рис. 3 на с. 5. Всё.",
		  "А. С. Пушкин написал это. он знал.", "См. рис. 3 на с. 5.", "Всё.");
	SENTENCES("Паспорт забрали! Почему? Не знаю…", "Паспорт забрали!", "Почему?",
		  "Не знаю…");
}

static void test_uzbek(void **state)
{
	/* oʻ with U+02BB, taʼlim with U+02BC, and ASCII/typographic apostrophes */
	SENTENCES("Men oʻzim Toshkent sh. Chilonzor tumanida yashayman. 2020 y. Rossiyaga "
		  "ketdim. Taʼlim olmadim, qoʻrqdim! Nega? Bilmayman.",
		  "Men oʻzim Toshkent sh. Chilonzor tumanida yashayman.",
		  "2020 y. Rossiyaga ketdim.", "Taʼlim olmadim, qoʻrqdim!", "Nega?", "Bilmayman.");
	/* koʻch. (koʻchasi) with each apostrophe form */
	SENTENCES("Navoiy koʻch. 5-uy. Navoiy ko’ch. 6-uy. Navoiy ko'ch. 7-uy. Tamom.",
		  "Navoiy koʻch. 5-uy.", "Navoiy ko’ch. 6-uy.", "Navoiy ko'ch. 7-uy.", "Tamom.");
}

static void test_spanish(void **state)
{
	SENTENCES("¿Cómo estás? ¡Muy bien! La Sra. García vive en la Av. Libertad. ¿Y tú? "
		  "—preguntó ella.",
		  "¿Cómo estás?", "¡Muy bien!", "La Sra. García vive en la Av. Libertad.",
		  "¿Y tú? —preguntó ella.");
	SENTENCES("Lo dijo el Dr. Pérez, p.ej. Hoy. ¡Basta!", "Lo dijo el Dr. Pérez, p.ej. Hoy.",
		  "¡Basta!");
}

/* ---- other scripts --------------------------------------------------- */

static void test_other_scripts(void **state)
{
	/* CJK full stops need no space after them */
	SENTENCES("我很好。你呢？好的", "我很好。", "你呢？", "好的");
	/* scripts without case break after a terminal and a space */
	SENTENCES("هل أنت بخير؟ نعم.", "هل أنت بخير؟", "نعم.");
	SENTENCES("मैं ठीक हूँ। धन्यवाद।", "मैं ठीक हूँ।", "धन्यवाद।");
}

/* Every terminal of the list ends a sentence; the full-width ones without a space. */
static void test_every_terminal(void **state)
{
	static const char *const term[] = { ".", "!", "?", "…", "‼", "‽", "⁇", "⁈", "⁉",
					    "։", "؟", "۔", "।", "॥", "።" };
	static const char *const full[] = { "。", "！", "？", "｡" };
	char text[64], a[16];

	for (size_t i = 0; i < sizeof(term) / sizeof(term[0]); i++) {
		const char *want[] = { a, "B", NULL };

		snprintf(text, sizeof(text), "Da%s B", term[i]);
		snprintf(a, sizeof(a), "Da%s", term[i]);
		check_split(text, 0, want);
		/* and not without the space */
		snprintf(text, sizeof(text), "Da%sB", term[i]);
		want[0] = text;
		want[1] = NULL;
		check_split(text, 0, want);
	}
	for (size_t i = 0; i < sizeof(full) / sizeof(full[0]); i++) {
		const char *want[] = { a, "B", NULL };

		snprintf(text, sizeof(text), "A%sB", full[i]);
		snprintf(a, sizeof(a), "A%s", full[i]);
		check_split(text, 0, want);
	}
}

/* ---- lines, blank lines, no terminal ---------------------------------- */

static void test_no_terminal(void **state)
{
	SENTENCES("just some words without an end", "just some words without an end");
	SENTENCES("  padded text \n", "padded text");
	SENTENCES("Ends with a title Dr.", "Ends with a title Dr.");
	NO_SENTENCES("");
	NO_SENTENCES(" \n\t\n  \u3000");
}

static void test_newlines(void **state)
{
	/* a single line break is white space; a blank line always ends a sentence */
	SENTENCES("This is one sentence\nthat wraps. And another\nOne here.\n\nNew paragraph "
		  "without stop\n\n  \t\nLast one.",
		  "This is one sentence\nthat wraps.", "And another\nOne here.",
		  "New paragraph without stop", "Last one.");
	SENTENCES("First.\nSecond.", "First.", "Second.");
	SENTENCES("Dr.\n\nSmith", "Dr.", "Smith");
	SENTENCES("first line\nsecond line", "first line\nsecond line");
}

static void test_paragraphs(void **state)
{
	PARAGRAPHS("Para one line\nstill one. Two sentences.\n\n \t\nPara two.\n\n\n",
		   "Para one line\nstill one. Two sentences.", "Para two.");
	PARAGRAPHS("  one  ", "one");
	PARAGRAPHS("a\n\nb\n\nc", "a", "b", "c");
}

/* The array is reused: a second call stores from index 0 and needs no new memory. */
static void test_reuse(void **state)
{
	struct braid_span *sp = NULL;
	size_t alloc = 0, n;
	const char *a = "One. Two. Three. Four.", *b = "Five. Six.";

	n = braid_text_sentences(a, strlen(a), &sp, &alloc);
	assert_int_equal(n, 4);
	n = braid_text_sentences(b, strlen(b), &sp, &alloc);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].start, 0);
	assert_int_equal(sp[1].start, 6);
	assert_int_equal(sp[1].end, 10);
	free(sp);
}

static int space_cp(int32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* 1 if text[a..b) is all white space. */
static int all_space(const char *text, size_t a, size_t b)
{
	while (a < b) {
		int32_t cp;

		a += braid_utf8_next(text + a, b - a, &cp);
		if (!space_cp(cp))
			return 0;
	}
	return 1;
}

/*
 * On the bundled corpora: sentences are non-empty, trimmed, in order, do not
 * overlap, lie inside one paragraph and leave out nothing but white space.
 */
static void check_invariants(const char *path)
{
	struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT;
	struct braid_span *sp = NULL, *pp = NULL;
	size_t sa = 0, pa = 0, ns, np, k = 0, prev = 0;
	struct braid_err err = BRAID_ERR_INIT;

	test_read_file(&raw, path);
	assert_int_equal(braid_text_decode(raw.buf, raw.len, BRAID_ENC_AUTO, &text, &err), 0);
	ns = braid_text_sentences(text.buf, text.len, &sp, &sa);
	np = braid_text_paragraphs(text.buf, text.len, &pp, &pa);
	assert_true(ns >= np);
	for (size_t i = 0; i < ns; i++) {
		assert_true(sp[i].start < sp[i].end);
		assert_false(strchr(" \t\n", text.buf[sp[i].start]));
		assert_false(strchr(" \t\n", text.buf[sp[i].end - 1]));
		assert_true((text.buf[sp[i].start] & 0xC0) != 0x80);
		assert_true(sp[i].end == text.len || (text.buf[sp[i].end] & 0xC0) != 0x80);
		if (i)
			assert_true(sp[i - 1].end < sp[i].start);
		while (k < np && pp[k].end < sp[i].end)
			k++;
		assert_true(k < np && pp[k].start <= sp[i].start && sp[i].end <= pp[k].end);
		assert_true(all_space(text.buf, prev, sp[i].start));
		prev = sp[i].end;
	}
	assert_true(all_space(text.buf, prev, text.len));
	free(sp);
	free(pp);
	strbuf_release(&raw);
	strbuf_release(&text);
}

static void test_corpora_invariants(void **state)
{
	static const char *const files[] = {
		"corpora/interviews/P001-interview.txt",
		"corpora/interviews/P002-interview.txt",
		"corpora/interviews/P003-interview.md",
		"corpora/interviews/P004-interview.txt",
		"corpora/interviews/P007-interview.txt",
		"corpora/interviews/P010-interview.txt",
		"corpora/key-informants/K01-interview.txt",
		"corpora/focus-groups/FG1-focus-group.txt",
		"corpora/documents/ngo-annual-report-excerpt.txt",
		"corpora/documents/national-action-plan-summary.md",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		check_invariants(files[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_basic),
		cmocka_unit_test(test_english_abbreviations),
		cmocka_unit_test(test_english_numbers_urls),
		cmocka_unit_test(test_english_initials),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_ellipsis),
		cmocka_unit_test(test_russian),
		cmocka_unit_test(test_uzbek),
		cmocka_unit_test(test_spanish),
		cmocka_unit_test(test_other_scripts),
		cmocka_unit_test(test_every_terminal),
		cmocka_unit_test(test_no_terminal),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_corpora_invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
