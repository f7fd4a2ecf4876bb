/*
 * test_tokenizer.c - the search tokenizer (tokenizer.h): apostrophe forms
 * folded into one token, hyphens and punctuation separating, case and
 * diacritics folded in Latin, Greek and Cyrillic, marks kept in words of
 * other scripts, byte offsets; its Latin folding checked against SQLite's
 * own unicode61 remove_diacritics 2 letter by letter (an independent
 * implementation), and the index of a real table built with it.
 */
#include "testutil.h"

#include <sqlite3.h>

#include "braid/tokenizer.h"

/* The tokens of s as "tok@start-end tok@start-end" (byte offsets). */
static int add_token(void *ctx, const char *tok, size_t len, size_t start, size_t end)
{
	struct strbuf *out = ctx;

	strbuf_addf(out, "%s%.*s@%zu-%zu", out->len ? " " : "", (int)len, tok, start, end);
	return 0;
}

static const char *tokens(const char *s)
{
	static struct strbuf out = STRBUF_INIT;

	strbuf_reset(&out);
	assert_int_equal(braid_tokenizer_each(s, strlen(s), add_token, &out), 0);
	return out.buf;
}

/* The tokens without offsets, "a b c". */
static int add_word(void *ctx, const char *tok, size_t len, size_t start, size_t end)
{
	struct strbuf *out = ctx;

	strbuf_addf(out, "%s%.*s", out->len ? " " : "", (int)len, tok);
	return 0;
}

static const char *words(const char *s)
{
	static struct strbuf out = STRBUF_INIT;

	strbuf_reset(&out);
	assert_int_equal(braid_tokenizer_each(s, strlen(s), add_word, &out), 0);
	return out.buf;
}

static void test_apostrophes(void **state)
{
	/* the five forms of the Uzbek corpus and the backtick: one token, written with ' */
	assert_string_equal(words("bo'lib bo\xe2\x80\x98lib bo\xe2\x80\x99lib bo\xca\xbblib "
				  "bo\xca\xbclib bo`lib"),
			    "bo'lib bo'lib bo'lib bo'lib bo'lib bo'lib");
	/* offsets are those of the text as written (U+2018 is 3 bytes) */
	assert_string_equal(tokens("bo\xe2\x80\x98lib!"), "bo'lib@0-8");
	assert_string_equal(words("Don't DON\xe2\x80\x99T dont"), "don't don't dont");
	assert_string_equal(words("rock'n'roll"), "rock'n'roll");
	/* an apostrophe not between letters or digits separates */
	assert_string_equal(tokens("'quoted' students' 'til"),
			    "quoted@1-7 students@9-17 til@20-23");
	assert_string_equal(words("a''b a' b ' ` x`"), "a b a b x");
	assert_string_equal(words("80's ma\xca\xbcno"), "80's ma'no");
	/* a mark right after an apostrophe sits on it: the token ends before the apostrophe */
	assert_string_equal(tokens("a'\xcc\x81" "b"), "a@0-1 b@4-5");
}

static void test_separators(void **state)
{
	assert_string_equal(tokens("legal-aid"), "legal@0-5 aid@6-9");
	assert_string_equal(words("mm-hmm e-mailed Mm\xe2\x80\x90hmm uh\xe2\x80\x94oh"),
			    "mm hmm e mailed mm hmm uh oh");
	assert_string_equal(tokens("3.5 1,000 what? snake_case"),
			    "3@0-1 5@2-3 1@4-5 000@6-9 what@10-14 snake@16-21 case@22-26");
	assert_string_equal(words("  \t\n"), "");
	assert_string_equal(words("?!... -- {vocalsound}"), "vocalsound");
	/* not valid UTF-8 (the contract broken): the bad byte separates, nothing is read past it */
	assert_string_equal(tokens("ab\xff" "cd\xe2\x80"), "ab@0-2 cd@3-5");
}

static void test_folding(void **state)
{
	/* Latin, as unicode61 remove_diacritics 2, and Vietnamese with two diacritics */
	assert_string_equal(words("JOSÉ Café Ñandú Şişli Ő Tiếng Việt"),
			    "jose cafe nandu sisli o tieng viet");
	/* case folding: final sigma, long s, dotted capital I, micro sign; ß stays (it is two letters) */
	assert_string_equal(words("ΟΔΟΣ οδος ſ İ µ Straße"), "οδοσ οδοσ s i μ straße");
	/* letters whose base is not ASCII: unicode61 keeps them, the decomposition does not */
	assert_string_equal(words("ǣ ǿ ά ΐ"), "æ ø α ι");
	/* Cyrillic: the letters that decompose to a base and a diacritic */
	assert_string_equal(words("ЎЗ ўз уз йод иод Ёлка ёлка елка ї ќ ѓ ѐ ѝ ӣ ӯ ӧ ӝ ӂ ӑ"),
			    "уз уз уз иод иод елка елка елка і к г е и и у о ж ж а");
	/* letters Unicode does not decompose stay apart from the ones they look like */
	assert_string_equal(words("ғ қ ҳ ø ł đ"), "ғ қ ҳ ø ł đ");
	/* NFD input: the combining acute is dropped, the token covers it */
	assert_string_equal(tokens("Jose\xcc\x81!"), "jose@0-6");
	/* a tone mark with no precomposed letter (Lingala ɛ́) is dropped too */
	assert_string_equal(words("\xc9\x9b\xcc\x81"), "\xc9\x9b");
	/* marks of other scripts stay in the word: one Devanagari token, Arabic with its vowels */
	assert_string_equal(tokens("नमस्ते"), "नमस्ते@0-18");
	assert_string_equal(words("كَتَبَ"), "كَتَبَ");
	/* a mark never starts a token */
	assert_string_equal(tokens("\xcc\x81" "a"), "a@2-3");
}

/* A callback's non-zero return stops the walk and is returned. */
static int stop_second(void *ctx, const char *tok, size_t len, size_t start, size_t end)
{
	return ++*(int *)ctx == 2 ? 7 : 0;
}

static void test_stop(void **state)
{
	int n = 0;

	assert_int_equal(braid_tokenizer_each("a b c", 5, stop_second, &n), 7);
	assert_int_equal(n, 2);
}

/*
 * Every Latin letter of U+00C0-U+024F and U+1E00-U+1EFF against unicode61
 * remove_diacritics 2 (SQLite's implementation, Unicode tables of its own):
 * wherever unicode61 gives an ASCII letter, braid gives the same; where it
 * keeps a non-ASCII letter, braid gives the same or its decomposition's base.
 */
static void test_unicode61_latin(void **state)
{
	static const int32_t ranges[][2] = { { 0xC0, 0x250 }, { 0x1E00, 0x1F00 } };
	sqlite3 *db;
	sqlite3_stmt *ins, *sel;
	int compared = 0, folded = 0;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE VIRTUAL TABLE t USING fts5(x,"
				      " tokenize='unicode61 remove_diacritics 2');"
				      "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES (?, ?)", -1, &ins, NULL);
	for (size_t r = 0; r < 2; r++)
		for (int32_t cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
			char s[8];

			s[0] = 'a';
			s[1] = (char)(0xC0 | (cp >> 6));
			s[2] = (char)(0x80 | (cp & 0x3F));
			s[3] = 'b';
			if (cp >= 0x800) {
				s[1] = (char)(0xE0 | (cp >> 12));
				s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
				s[3] = (char)(0x80 | (cp & 0x3F));
				s[4] = 'b';
			}
			sqlite3_bind_int(ins, 1, cp);
			sqlite3_bind_text(ins, 2, s, cp >= 0x800 ? 5 : 4, SQLITE_TRANSIENT);
			assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
			sqlite3_reset(ins);
		}
	sqlite3_finalize(ins);
	/* a letter unicode61 takes into the word gives one token "a?b" */
	sqlite3_prepare_v2(db, "SELECT doc, term, (SELECT x FROM t WHERE rowid = doc) FROM v"
			       " WHERE doc IN (SELECT doc FROM v GROUP BY doc HAVING count(*) = 1)",
			   -1, &sel, NULL);
	while (sqlite3_step(sel) == SQLITE_ROW) {
		const char *u61 = (const char *)sqlite3_column_text(sel, 1);
		const char *text = (const char *)sqlite3_column_text(sel, 2);
		const char *ours = words(text);
		size_t n = strlen(u61);

		compared++;
		if (n == 3 && !((unsigned char)u61[1] & 0x80)) {
			/* unicode61 gives an ASCII letter */
			folded++;
			if (strcmp(ours, u61))
				fail_msg("U+%04X: unicode61 '%s', braid '%s'",
					 sqlite3_column_int(sel, 0), u61, ours);
		} else if (strcmp(ours, u61) && strlen(ours) > n) {
			fail_msg("U+%04X: unicode61 keeps '%s', braid makes it '%s'",
				 sqlite3_column_int(sel, 0), u61, ours);
		}
	}
	sqlite3_finalize(sel);
	sqlite3_close(db);
	/* most of these blocks are letters, and most letters fold to ASCII */
	assert_true(compared > 400);
	assert_true(folded > 300);
}

/* The tokenizer in a table: the index holds the folded tokens, queries fold the same way. */
static void test_fts5_table(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	static const char *const queries[] = {
		"\"bo`lib\"", "\"boʻlib\"", "\"BO'LIB\"", "ўз", "\"legal aid\"", "\"e mailed\"",
		"\"don't\"", "don*",
	};
	static const int want[] = { 2, 2, 2, 1, 1, 1, 1, 2 };
	char *errmsg = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(braid_tokenizer_register(db), SQLITE_OK);
	if (sqlite3_exec(db,
			 "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='braid');"
			 "INSERT INTO t(rowid, x) VALUES (1, 'Birinchi bo‘lib, keyin boʼlib'),"
			 " (2, 'u uz ўз ham bo''lib'), (3, 'the legal-aid clinic e-mailed'),"
			 " (4, 'I don’t know'), (5, 'dont ask');",
			 NULL, NULL, &errmsg) != SQLITE_OK)
		fail_msg("%s", errmsg);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &s, NULL);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		sqlite3_bind_text(s, 1, queries[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		if (sqlite3_column_int(s, 0) != want[i])
			fail_msg("%s: %d rows, want %d", queries[i], sqlite3_column_int(s, 0), want[i]);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	/* the tokenizer takes no options */
	assert_int_not_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE u USING fts5(x, tokenize='braid x')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apostrophes),	 cmocka_unit_test(test_separators),
		cmocka_unit_test(test_folding),		 cmocka_unit_test(test_stop),
		cmocka_unit_test(test_unicode61_latin), cmocka_unit_test(test_fts5_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
