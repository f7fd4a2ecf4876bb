/*
 * test_text.c - decoding, NFC, code points and word counts (src/core/text.c).
 *
 * The NFC fast path is checked against utf8proc itself: exhaustively per
 * code point (alone, after a high-class mark, and in decomposed form, which
 * exercises every canonical composition pair), on random strings and on the
 * real UDHR corpora. Expected word counts of the corpora were counted
 * independently with Python's unicodedata (tests/tools/count_words.py).
 */
#include "testutil.h"

#include <utf8proc.h>

#include "braid/err.h"
#include "braid/strbuf.h"
#include "braid/text.h"

/* ---- helpers -------------------------------------------------------- */

/* Decodes data[0..len) or fails the test; returns the result (free it). */
static char *decode_ok(const char *data, size_t len, enum braid_encoding enc)
{
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	int ret = braid_text_decode(data, len, enc, &out, &err);

	if (ret)
		fail_msg("decode failed (%d): %s", ret, err.msg);
	return strbuf_detach(&out, NULL);
}

/* Decodes data[0..len), expects failure with code and message. */
static void decode_fails(const char *data, size_t len, enum braid_encoding enc, int code,
			 const char *msg)
{
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	int ret;

	strbuf_addstr(&out, "kept");
	ret = braid_text_decode(data, len, enc, &out, &err);
	assert_int_equal(ret, code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.msg, msg);
	/* bad UTF-8 comes with the hint to name an encoding (worded by the client) */
	if (strstr(msg, "invalid UTF-8"))
		assert_int_equal(err.hint, BRAID_HINT_ENCODING);
	assert_string_equal(out.buf, "kept"); /* nothing appended on failure */
	strbuf_release(&out);
}

#define DECODE_EQ(lit, enc, want)                                  \
	do {                                                       \
		char *got_ = decode_ok((lit), sizeof(lit) - 1, (enc)); \
		assert_string_equal(got_, (want));                 \
		free(got_);                                        \
	} while (0)

/* NFC by utf8proc alone, on a length (so NUL bytes are fine): the reference. */
static char *ref_nfc(const char *s, size_t len, size_t *outlen)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &r,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);

	if (n < 0)
		fail_msg("utf8proc_map failed: %s", utf8proc_errmsg(n));
	*outlen = (size_t)n;
	return (char *)r;
}

static void hexdump(char *dst, size_t cap, const char *s, size_t len)
{
	size_t i, o = 0;

	dst[0] = '\0';
	for (i = 0; i < len && o + 4 < cap; i++)
		o += (size_t)snprintf(dst + o, cap - o, "%02X ", (unsigned char)s[i]);
}

/* braid_text_nfc(s) must equal utf8proc's NFC of s, byte for byte. */
static void check_nfc_same(const char *s, size_t len)
{
	struct strbuf got = STRBUF_INIT;
	size_t wlen;
	char *want = ref_nfc(s, len, &wlen);

	braid_text_nfc(s, len, &got);
	if (got.len != wlen || memcmp(got.buf, want, wlen)) {
		char in[200];

		hexdump(in, sizeof(in), s, len);
		fail_msg("NFC differs from utf8proc for input %s", in);
	}
	free(want);
	strbuf_release(&got);
}

static size_t encode(char *dst, int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)dst);
}

static size_t words(const char *s)
{
	return braid_text_words(s, strlen(s));
}

/* ---- encodings and decoding ----------------------------------------- */

static void test_encoding_parse(void **state)
{
	(void)state;
	assert_int_equal(braid_encoding_parse("utf-8"), BRAID_ENC_UTF8);
	assert_int_equal(braid_encoding_parse("UTF8"), BRAID_ENC_UTF8);
	assert_int_equal(braid_encoding_parse("cp1252"), BRAID_ENC_CP1252);
	assert_int_equal(braid_encoding_parse("Windows-1252"), BRAID_ENC_CP1252);
	assert_int_equal(braid_encoding_parse("latin1"), BRAID_ENC_LATIN1);
	assert_int_equal(braid_encoding_parse("ISO-8859-1"), BRAID_ENC_LATIN1);
	assert_int_equal(braid_encoding_parse("auto"), BRAID_ENC_AUTO);
	assert_int_equal(braid_encoding_parse("ebcdic"), -1);
	assert_int_equal(braid_encoding_parse(""), -1);
	assert_int_equal(braid_encoding_parse(NULL), -1);
}

static void test_decode_utf8(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	DECODE_EQ("", BRAID_ENC_AUTO, "");
	DECODE_EQ("plain ascii\n", BRAID_ENC_AUTO, "plain ascii\n");
	/* UTF-8 BOM dropped, with either AUTO or UTF8; a BOM later is text */
	DECODE_EQ("\xEF\xBB\xBFhi \xEF\xBB\xBF", BRAID_ENC_AUTO, "hi \xEF\xBB\xBF");
	DECODE_EQ("\xEF\xBB\xBF" "caf\xC3\xA9", BRAID_ENC_UTF8, "caf\u00e9");
	DECODE_EQ("\xEF\xBB\xBF", BRAID_ENC_AUTO, "");
	/* 4-byte sequences pass */
	DECODE_EQ("smile \xF0\x9F\x98\x80!", BRAID_ENC_AUTO, "smile \U0001F600!");
	/* decoding appends */
	strbuf_addstr(&out, "before|");
	assert_int_equal(braid_text_decode("after", 5, BRAID_ENC_AUTO, &out, &err), 0);
	assert_string_equal(out.buf, "before|after");
	strbuf_release(&out);
}

static void test_decode_line_endings(void **state)
{
	(void)state;
	DECODE_EQ("a\r\nb\rc\nd\r", BRAID_ENC_AUTO, "a\nb\nc\nd\n");
	DECODE_EQ("\r\r\n\n\r", BRAID_ENC_AUTO, "\n\n\n\n");
	/* CR inside the 8-byte fast path, and after non-ASCII text */
	DECODE_EQ("0123456789abcdef\r\n0123456789\r\xC3\xA9\r\n", BRAID_ENC_AUTO,
		  "0123456789abcdef\n0123456789\n\u00e9\n");
	DECODE_EQ("x\r\ny\rz", BRAID_ENC_CP1252, "x\ny\nz");
	DECODE_EQ("x\r\ny\rz", BRAID_ENC_LATIN1, "x\ny\nz");
}

static void test_decode_nfc(void **state)
{
	(void)state;
	/* e + U+0301 composes to U+00E9 */
	DECODE_EQ("caf" "e\xCC\x81", BRAID_ENC_AUTO, "caf\u00e9");
	/* Vietnamese: e + dot below (ccc 220) + circumflex (ccc 230) -> U+1EC7 */
	DECODE_EQ("Vie\xCC\xA3\xCC\x82t", BRAID_ENC_AUTO, "Vi\u1ec7t");
	/* same marks in the other order compose too (canonical reordering) */
	DECODE_EQ("Vie\xCC\x82\xCC\xA3t", BRAID_ENC_AUTO, "Vi\u1ec7t");
	/* open o + acute has no precomposed form: stays decomposed */
	DECODE_EQ("mol\xC9\x94\xCC\x81ng", BRAID_ENC_AUTO, "mol\u0254\u0301ng");
	/* CRLF removal does not stop composition of what follows */
	DECODE_EQ("\r\ne\xCC\x81", BRAID_ENC_AUTO, "\n\u00e9");
}

static void test_decode_utf16(void **state)
{
	/*
	 * "A", U+00E9, U+20AC, U+1F600 (surrogates D83D DE00), CRLF, CR, "e" +
	 * U+0301 (composed by NFC), "B". Bytes written out by hand.
	 */
	static const char le[] = "\xFF\xFE" "A\0" "\xE9\0" "\xAC\x20" "\x3D\xD8\x00\xDE"
				 "\r\0\n\0" "\r\0" "e\0\x01\x03" "B\0";
	static const char be[] = "\xFE\xFF" "\0A" "\0\xE9" "\x20\xAC" "\xD8\x3D\xDE\x00"
				 "\0\r\0\n" "\0\r" "\0e\x03\x01" "\0B";
	const char *want = "A\u00e9\u20ac\U0001F600\n\n\u00e9B";

	(void)state;
	DECODE_EQ(le, BRAID_ENC_AUTO, want);
	DECODE_EQ(be, BRAID_ENC_AUTO, want);
	DECODE_EQ("\xFF\xFE", BRAID_ENC_AUTO, "");
	/* a UTF-16 BOM means UTF-16 only when the encoding is left to the BOM */
	decode_fails("\xFF\xFE" "A\0", 4, BRAID_ENC_UTF8, BRAID_EENCODING,
		     "invalid UTF-8 at line 1, byte offset 0");
}

static void test_decode_utf16_errors(void **state)
{
	(void)state;
	/* high surrogate followed by "x": offset of the high surrogate (6) */
	decode_fails("\xFF\xFE" "a\0\n\0" "\x3D\xD8" "x\0", 10, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-16 at line 2, byte offset 6: unpaired surrogate");
	/* high surrogate at the very end */
	decode_fails("\xFE\xFF" "\0a" "\xD8\x3D", 6, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-16 at line 1, byte offset 4: unpaired surrogate");
	/* lone low surrogate, after a CR line end */
	decode_fails("\xFF\xFE" "\r\0" "\x00\xDE", 6, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-16 at line 2, byte offset 4: unpaired surrogate");
	/* odd byte count: the lone last byte */
	decode_fails("\xFF\xFE" "a\0b", 5, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-16 at line 1, byte offset 4: odd number of bytes");
	/* U+0000 */
	decode_fails("\xFF\xFE" "a\0\0\0", 6, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "NUL byte at line 1, byte offset 4: binary file?");
}

static void test_decode_cp1252(void **state)
{
	(void)state;
	/* cp1252 (Microsoft's table): 0x93/0x94 curly double quotes, 0x80 euro,
	 * 0x92 right single quote, 0x96 en dash, 0x9F Y diaeresis; 0xE9 as latin1 */
	DECODE_EQ("\x93quoted\x94 \x80" "5 it\x92s \x96 \x9F \xE9", BRAID_ENC_CP1252,
		  "\u201cquoted\u201d \u20ac5 it\u2019s \u2013 \u0178 \u00e9");
	/* the five undefined bytes map to the C1 controls of the same value */
	DECODE_EQ("\x81\x8D\x8F\x90\x9D", BRAID_ENC_CP1252,
		  "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");
	/* the UTF-8 BOM is not special in cp1252: three characters */
	DECODE_EQ("\xEF\xBB\xBF", BRAID_ENC_CP1252, "\u00ef\u00bb\u00bf");
	decode_fails("ab\r\n\0", 5, BRAID_ENC_CP1252, BRAID_EENCODING,
		     "NUL byte at line 2, byte offset 4: binary file?");
}

static void test_decode_latin1(void **state)
{
	(void)state;
	/* latin1: every byte is the code point of the same value */
	DECODE_EQ("caf\xE9 \xFF\xA0\xBF", BRAID_ENC_LATIN1, "caf\u00e9 \u00ff\u00a0\u00bf");
	DECODE_EQ("\x80\x93\x9F", BRAID_ENC_LATIN1, "\xC2\x80\xC2\x93\xC2\x9F");
}

static void test_decode_invalid_utf8(void **state)
{
	(void)state;
	/*
	 * "line one" is bytes 0-7, CRLF 8-9, "line two" 10-17, lone CR 18,
	 * "third " 19-24, 0xFF at 25. Line ends: CRLF, CR -> line 3.
	 */
	decode_fails("line one\r\nline two\rthird \xFF", 26, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-8 at line 3, byte offset 25");
	/* the offset counts the BOM: it is in the input bytes */
	decode_fails("\xEF\xBB\xBF" "ab\n\xC3(", 7, BRAID_ENC_UTF8, BRAID_EENCODING,
		     "invalid UTF-8 at line 2, byte offset 6");
	/* a truncated sequence is reported at its first byte */
	decode_fails("0123456789\xE2\x82", 12, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-8 at line 1, byte offset 10");
	/* cp1252 bytes read as UTF-8 */
	decode_fails("\x93hi\x94", 4, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-8 at line 1, byte offset 0");
}

static void test_decode_nul(void **state)
{
	(void)state;
	decode_fails("ab\ncd\0", 6, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "NUL byte at line 2, byte offset 5: binary file?");
	/* NUL inside the 8-byte fast path: "0123456789\n" is 0-10, "1234" 11-14 */
	decode_fails("0123456789\n1234\0xyz", 19, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "NUL byte at line 2, byte offset 15: binary file?");
	/* the first bad byte wins */
	decode_fails("a\0\xFF", 3, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "NUL byte at line 1, byte offset 1: binary file?");
	decode_fails("\xFF\0", 2, BRAID_ENC_AUTO, BRAID_EENCODING,
		     "invalid UTF-8 at line 1, byte offset 0");
}

/* ---- UTF-8 primitives ----------------------------------------------- */

static void test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		int valid;
	} cases[] = {
		{ "", 1 },
		{ "ascii only, long enough for the word loop", 1 },
		{ "\xC3\xA9", 1 },		/* U+00E9 */
		{ "\xDF\xBF", 1 },		/* U+07FF */
		{ "\xE0\xA0\x80", 1 },		/* U+0800 */
		{ "\xED\x9F\xBF", 1 },		/* U+D7FF */
		{ "\xEE\x80\x80", 1 },		/* U+E000 */
		{ "\xEF\xBF\xBF", 1 },		/* U+FFFF */
		{ "\xF0\x90\x80\x80", 1 },	/* U+10000 */
		{ "\xF4\x8F\xBF\xBF", 1 },	/* U+10FFFF */
		{ "\xC0\xAF", 0 },		/* overlong '/' */
		{ "\xC1\xBF", 0 },		/* overlong */
		{ "\xE0\x9F\xBF", 0 },		/* overlong U+07FF */
		{ "\xF0\x8F\xBF\xBF", 0 },	/* overlong U+FFFF */
		{ "\xED\xA0\x80", 0 },		/* U+D800 surrogate */
		{ "\xED\xBF\xBF", 0 },		/* U+DFFF surrogate */
		{ "\xF4\x90\x80\x80", 0 },	/* U+110000 */
		{ "\xF5\x80\x80\x80", 0 },
		{ "\xFF", 0 },
		{ "\x80", 0 },			/* stray continuation */
		{ "a\xC3", 0 },			/* truncated */
		{ "\xE2\x82" "a", 0 },		/* truncated, then ASCII */
		{ "\xF0\x9F\x98", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (braid_utf8_valid(cases[i].s, strlen(cases[i].s)) != cases[i].valid)
			fail_msg("case %zu: expected valid=%d", i, cases[i].valid);
	/* NUL is valid UTF-8 (decode refuses it, validation does not) */
	assert_true(braid_utf8_valid("a\0b", 3));
}

static void test_cp_count_and_offsets(void **state)
{
	/* "a", U+00E9 (2 bytes), U+20AC (3), U+1F600 (4), then 9 ASCII letters */
	const char *s = "a\u00e9\u20ac\U0001F600bcdefghij";
	size_t len = strlen(s); /* 1 + 2 + 3 + 4 + 9 = 19 */
	int32_t cp;
	size_t n;

	(void)state;
	assert_int_equal(len, 19);
	assert_int_equal(braid_cp_count(s, len), 13);
	assert_int_equal(braid_cp_count("", 0), 0);
	assert_int_equal(braid_cp_count("0123456789abcdefg", 17), 17);
	assert_int_equal(braid_cp_to_byte(s, len, 0), 0);
	assert_int_equal(braid_cp_to_byte(s, len, 1), 1);
	assert_int_equal(braid_cp_to_byte(s, len, 2), 3);
	assert_int_equal(braid_cp_to_byte(s, len, 3), 6);
	assert_int_equal(braid_cp_to_byte(s, len, 4), 10);
	assert_int_equal(braid_cp_to_byte(s, len, 12), 18);
	assert_int_equal(braid_cp_to_byte(s, len, 13), 19);
	assert_int_equal(braid_cp_to_byte(s, len, 100), 19);
	assert_int_equal(braid_cp_to_byte("0123456789abcdefghij", 20, 17), 17);
	assert_int_equal(braid_cp_to_byte("0123456789\u00e9x", 13, 11), 12);

	n = braid_utf8_next(s, len, &cp);
	assert_int_equal(n, 1);
	assert_int_equal(cp, 'a');
	n = braid_utf8_next(s + 1, len - 1, &cp);
	assert_int_equal(n, 2);
	assert_int_equal(cp, 0xE9);
	n = braid_utf8_next(s + 3, len - 3, &cp);
	assert_int_equal(n, 3);
	assert_int_equal(cp, 0x20AC);
	n = braid_utf8_next(s + 6, len - 6, &cp);
	assert_int_equal(n, 4);
	assert_int_equal(cp, 0x1F600);
	/* contract broken (truncated): one byte, U+FFFD, no over-read */
	n = braid_utf8_next("\xF0\x9F", 2, &cp);
	assert_int_equal(n, 1);
	assert_int_equal(cp, 0xFFFD);
}

/* ---- NFC ------------------------------------------------------------ */

static void test_nfc_basics(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&sb, "[");
	braid_text_nfc("A\xCC\x8A", 3, &sb); /* A + ring above -> U+00C5 */
	assert_string_equal(sb.buf, "[\u00c5");
	strbuf_reset(&sb);
	braid_text_nfc("\xE2\x84\xAB", 3, &sb); /* ANGSTROM SIGN -> U+00C5 (singleton) */
	assert_string_equal(sb.buf, "\u00c5");
	strbuf_reset(&sb);
	/* Hangul: conjoining jamo compose to a syllable, LV + T too */
	braid_text_nfc("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8", 9, &sb);
	assert_string_equal(sb.buf, "\uac01");
	strbuf_reset(&sb);
	braid_text_nfc("\xEA\xB0\x80\xE1\x86\xA8", 6, &sb);
	assert_string_equal(sb.buf, "\uac01");
	strbuf_release(&sb);
	check_nfc_same("", 0);
	check_nfc_same("\0", 1);
	/* utf8proc drops U+11A7 after an LV syllable (tindex 0); we must match it */
	check_nfc_same("\xEA\xB0\x80\xE1\x86\xA7", 6);
	/* Bengali vowel sign U+09BE (ccc 0) composes with a preceding U+09C7 */
	check_nfc_same("\xE0\xA7\x87\xE0\xA6\xBE", 6);
	/* mark before anything */
	check_nfc_same("\xCC\x81" "abc", 5);
}

/*
 * Every code point: alone; after "a" + U+0345 (ccc 240, the highest, so any
 * other mark must be reordered before it); and its full canonical
 * decomposition with text around it, which replays every composition pair
 * utf8proc knows. A code point wrongly taken as safe fails one of these.
 */
static void test_nfc_every_code_point(void **state)
{
	int32_t cp;

	(void)state;
	for (cp = 1; cp < 0x110000; cp++) {
		char buf[64];
		utf8proc_int32_t dec[32];
		utf8proc_ssize_t nd, k;
		size_t n;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = encode(buf, cp);
		check_nfc_same(buf, n);
		memcpy(buf, "a\xCD\x85", 3);
		n = 3 + encode(buf + 3, cp);
		buf[n++] = 'b';
		check_nfc_same(buf, n);
		nd = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_DECOMPOSE, NULL);
		if (nd > 1 && nd < 12) {
			n = 0;
			buf[n++] = 'x';
			for (k = 0; k < nd; k++)
				n += encode(buf + n, dec[k]);
			buf[n++] = 'y';
			check_nfc_same(buf, n);
			check_nfc_same(buf + 1, n - 2);
		}
	}
}

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	/* xorshift32: reproducible, no libc state */
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void test_nfc_random(void **state)
{
	/* code points around which NFC is interesting */
	static const int32_t pool[] = {
		'a', 'e', 'o', 'A', 'E', 'U', ' ', '\n', '<', '=',
		0x00E9, 0x00C5, 0x00F4, 0x01A1, 0x0254, 0x025B, 0x0300, 0x0301, 0x0302, 0x0303,
		0x0308, 0x0309, 0x031B, 0x0323, 0x0327, 0x0338, 0x0344, 0x0345, 0x0340, 0x0374,
		0x037E, 0x0387, 0x03B1, 0x0313, 0x0342, 0x0415, 0x0306, 0x0418, 0x05D0, 0x05B8,
		0x0915, 0x093C, 0x0958, 0x09C7, 0x09BE, 0x09D7, 0x0B47, 0x0B3E, 0x0B56, 0x0BC6,
		0x0BBE, 0x0D46, 0x0D3E, 0x0DD9, 0x0DCF, 0x0DCA, 0x102E, 0x1025, 0x1100, 0x1112,
		0x1161, 0x1175, 0x11A7, 0x11A8, 0x11C2, 0x11C3, 0xAC00, 0xAC01, 0xD7A3, 0x1E0C,
		0x1EA5, 0x1EC7, 0x1F00, 0x1FED, 0x212B, 0x2126, 0x226E, 0x2ADC, 0x3099, 0x304B,
		0x30AB, 0xFB1D, 0x1D15E, 0x1D165, 0x1D16E, 0x110B9, 0x110BA, 0x11131, 0x11127, 0x1F600,
	};
	const size_t npool = sizeof(pool) / sizeof(pool[0]);
	int iter;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		char buf[16 * 4];
		size_t n = 0, k, want = 1 + rnd() % 15;

		for (k = 0; k < want; k++) {
			int32_t cp;

			if (rnd() % 10) {
				cp = pool[rnd() % npool];
			} else {
				do
					cp = (int32_t)(rnd() % 0x110000);
				while (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF));
			}
			n += encode(buf + n, cp);
		}
		check_nfc_same(buf, n);
	}
}

static const char *const udhr[] = {
	REAL_CORPUS("udhr_unicode/lin_tones.txt"), REAL_CORPUS("udhr_unicode/rus.txt"),
	REAL_CORPUS("udhr_unicode/spa.txt"),	   REAL_CORPUS("udhr_unicode/uzn_cyrl.txt"),
	REAL_CORPUS("udhr_unicode/uzn_latn.txt"),  REAL_CORPUS("udhr_unicode/vie.txt"),
};

/* Differential: our NFC vs plain utf8proc_NFC, on each file and its NFD form. */
static void test_nfc_udhr(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(udhr) / sizeof(udhr[0]); i++) {
		struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;
		char *want, *nfd;

		test_read_file(&text, udhr[i]);
		want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text.buf);
		braid_text_nfc(text.buf, text.len, &got);
		if (strcmp(got.buf, want))
			fail_msg("NFC of '%s' differs from utf8proc_NFC", udhr[i]);
		nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)text.buf);
		strbuf_reset(&got);
		braid_text_nfc(nfd, strlen(nfd), &got);
		if (strcmp(got.buf, want))
			fail_msg("NFC of NFD of '%s' differs from utf8proc_NFC", udhr[i]);
		/* and braid_text_decode does the same */
		strbuf_reset(&got);
		assert_int_equal(braid_text_decode(nfd, strlen(nfd), BRAID_ENC_AUTO, &got, NULL), 0);
		assert_string_equal(got.buf, want);
		free(nfd);
		free(want);
		strbuf_release(&got);
		strbuf_release(&text);
	}
}

/* vie.txt is neither NFC nor NFD; lin_tones.txt keeps some marks decomposed. */
static void test_nfc_udhr_facts(void **state)
{
	struct strbuf text = STRBUF_INIT, got = STRBUF_INIT;

	(void)state;
	test_read_file(&text, REAL_CORPUS("udhr_unicode/vie.txt"));
	braid_text_nfc(text.buf, text.len, &got);
	assert_true(got.len < text.len); /* marks composed */
	strbuf_release(&text);
	strbuf_reset(&got);
	test_read_file(&text, REAL_CORPUS("udhr_unicode/lin_tones.txt"));
	braid_text_nfc(text.buf, text.len, &got);
	assert_non_null(strstr(got.buf, "\u0254\u0301")); /* open o + acute stays */
	strbuf_release(&got);
	strbuf_release(&text);
}

/* ---- words ---------------------------------------------------------- */

static void test_words_hand_counted(void **state)
{
	(void)state;
	assert_int_equal(words(""), 0);
	assert_int_equal(words("   \n\t "), 0);
	assert_int_equal(words("one"), 1);
	assert_int_equal(words("one two  three\nfour"), 4);
	/* Uzbek: U+02BB, ', U+2018, U+2019, U+02BC inside words */
	assert_int_equal(words("O\u02bbzbekiston bo'lib so\u2018zining da\u2019vat ba\u02bczi"), 5);
	/* U+2010 HYPHEN inside a word, as in the Uzbek UDHR */
	assert_int_equal(words("qadr\u2010qimmat oyoq\u2011osti"), 2);
	/* Russian: Все / люди / рождаются / свободными / и / равными */
	assert_int_equal(words("\u0412\u0441\u0435 \u043b\u044e\u0434\u0438 "
			       "\u0440\u043e\u0436\u0434\u0430\u044e\u0442\u0441\u044f "
			       "\u0441\u0432\u043e\u0431\u043e\u0434\u043d\u044b\u043c\u0438 "
			       "\u0438 \u0440\u0430\u0432\u043d\u044b\u043c\u0438."),
			 6);
	/* Spanish: Qué / es / esto / Él / dijo / sí / señor */
	assert_int_equal(words("\u00bfQu\u00e9 es esto? \u00c9l dijo: \u00abs\u00ed, se\u00f1or\u00bb."), 7);
	/* decomposed été: marks join their letter */
	assert_int_equal(words("e\u0301te\u0301"), 1);
	assert_int_equal(words("e\xCC\x81te\xCC\x81 e\xCC\x81"), 2);
	assert_int_equal(words("don't"), 1);
	assert_int_equal(words("well-known"), 1);
	assert_int_equal(words("--"), 0);
	assert_int_equal(words("a--b"), 2);
	assert_int_equal(words("'quoted' -dash- x-"), 3);
	assert_int_equal(words("rock 'n' roll"), 3);
	/* '.' and ',' split: "3.5" is two words, "1,000" too */
	assert_int_equal(words("3.5"), 2);
	assert_int_equal(words("1,000 2024"), 3);
	assert_int_equal(words("\u00bd 2\u00b2"), 2); /* No: ½ one word, 2² one word */
	/* marks never start a word: a lone mark, or = + U+0338 (NFD of U+2260) */
	assert_int_equal(words(" \u0301 "), 0);
	assert_int_equal(words("a =\u0338 b"), 2);
	assert_int_equal(words("a \u2260 b"), 2);
	/* ... and a letter after such a mark starts one */
	assert_int_equal(words("\u0301abc"), 1);
	assert_int_equal(words("=\u0338x"), 1);
	/* a mark on an apostrophe or hyphen ends the word there */
	assert_int_equal(words("a-\u0301b"), 2);
	/* no dictionary segmentation: a run of CJK ideographs is one word */
	assert_int_equal(words("\u4e2d\u6587 \u65e5\u672c"), 2);
	/* underscore, slash, symbols split */
	assert_int_equal(words("snake_case a/b x+y"), 6);
}

/* Expected counts: tests/tools/count_words.py, same rule, Python 3.11 unicodedata. */
static void test_words_udhr(void **state)
{
	/* counted independently with Python unicodedata, rule as in text.h */
	static const size_t expected[] = { 1819, 1589, 1914, 1537, 1537, 2479 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(udhr) / sizeof(udhr[0]); i++) {
		struct strbuf text = STRBUF_INIT, nfc = STRBUF_INIT;
		char *nfd;
		size_t n;

		test_read_file(&text, udhr[i]);
		n = braid_text_words(text.buf, text.len);
		if (n != expected[i])
			fail_msg("'%s': %zu words, expected %zu", udhr[i], n, expected[i]);
		braid_text_nfc(text.buf, text.len, &nfc);
		nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)text.buf);
		assert_int_equal(braid_text_words(nfc.buf, nfc.len), n);
		assert_int_equal(braid_text_words(nfd, strlen(nfd)), n);
		free(nfd);
		strbuf_release(&nfc);
		strbuf_release(&text);
	}
}

/* Every composite counts the same composed and decomposed, between letters and alone. */
static void test_words_nfd_equals_nfc_every_composite(void **state)
{
	int32_t cp;

	(void)state;
	for (cp = 0xA0; cp < 0x110000; cp++) {
		char c[16], d[64];
		utf8proc_int32_t dec[32];
		utf8proc_ssize_t nd, k;
		size_t nc = 0, n = 0;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		nd = utf8proc_decompose_char(cp, dec, 32, UTF8PROC_DECOMPOSE, NULL);
		if (nd < 2 || nd > 8)
			continue;
		for (k = 0; k < nd; k++)
			n += encode(d + n, dec[k]);
		nc = encode(c, cp);
		if (braid_text_words(c, nc) != braid_text_words(d, n))
			fail_msg("U+%04X: %zu words composed, %zu decomposed", (unsigned)cp,
				 braid_text_words(c, nc), braid_text_words(d, n));
	}
}

/* ---- folding -------------------------------------------------------- */

static void test_fold(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	braid_text_fold("HeLLo World-1", 13, &sb);
	assert_string_equal(sb.buf, "hello world-1");
	strbuf_reset(&sb);
	braid_text_fold("Stra\u00dfe", strlen("Stra\u00dfe"), &sb); /* ß folds to ss */
	assert_string_equal(sb.buf, "strasse");
	strbuf_reset(&sb);
	braid_text_fold("E\xCC\x81" "COLE", 7, &sb); /* decomposed É: folded and composed */
	assert_string_equal(sb.buf, "\u00e9cole");
	strbuf_reset(&sb);
	braid_text_fold("\u0412\u0421\u0415", strlen("\u0412\u0421\u0415"), &sb); /* ВСЕ */
	assert_string_equal(sb.buf, "\u0432\u0441\u0435");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "x:");
	braid_text_fold("", 0, &sb);
	assert_string_equal(sb.buf, "x:");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_parse),
		cmocka_unit_test(test_decode_utf8),
		cmocka_unit_test(test_decode_line_endings),
		cmocka_unit_test(test_decode_nfc),
		cmocka_unit_test(test_decode_utf16),
		cmocka_unit_test(test_decode_utf16_errors),
		cmocka_unit_test(test_decode_cp1252),
		cmocka_unit_test(test_decode_latin1),
		cmocka_unit_test(test_decode_invalid_utf8),
		cmocka_unit_test(test_decode_nul),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_cp_count_and_offsets),
		cmocka_unit_test(test_nfc_basics),
		cmocka_unit_test(test_nfc_every_code_point),
		cmocka_unit_test(test_nfc_random),
		cmocka_unit_test(test_nfc_udhr),
		cmocka_unit_test(test_nfc_udhr_facts),
		cmocka_unit_test(test_words_hand_counted),
		cmocka_unit_test(test_words_udhr),
		cmocka_unit_test(test_words_nfd_equals_nfc_every_composite),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
