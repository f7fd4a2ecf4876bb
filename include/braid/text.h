/*
 * text.h - Unicode text handling on top of utf8proc: decoding source bytes
 * into the one internal form, NFC normalisation, code-point arithmetic and
 * Unicode-aware word counting.
 *
 * The internal form of all text in braid is: valid UTF-8, NFC, LF line
 * endings, no BOM, no NUL bytes. Positions stored in a project are code-point
 * offsets into such text (see docs/architecture.md).
 *
 * Functions that fill a struct strbuf append to it. Nothing here allocates
 * anything the caller must free except through the strbuf.
 */
#ifndef BRAID_TEXT_H
#define BRAID_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/strbuf.h"

enum braid_encoding {
	BRAID_ENC_AUTO = 0, /* BOM decides UTF-8/UTF-16LE/UTF-16BE; otherwise UTF-8 */
	BRAID_ENC_UTF8,
	BRAID_ENC_CP1252,
	BRAID_ENC_LATIN1,
};

/*
 * Parses "utf-8", "utf8", "cp1252", "windows-1252", "latin1", "iso-8859-1"
 * (and "auto"), ignoring case; -1 if unknown.
 */
int braid_encoding_parse(const char *name);

/*
 * Turns the raw bytes of a file into the internal form: drops a UTF-8 BOM,
 * converts UTF-16 LE/BE (with BOM) or, when enc says so, cp1252/latin1;
 * refuses invalid UTF-8 and NUL bytes with BRAID_EENCODING and a message
 * giving the line (1-based) and byte offset (0-based, in the input) of the
 * first bad byte; turns CRLF and CR into LF; normalises to NFC.
 * Appends to out. The message does not name the file: the caller adds it.
 *
 * Details: a UTF-16 BOM is honoured only with BRAID_ENC_AUTO (with
 * BRAID_ENC_UTF8 it is invalid UTF-8 at offset 0); a UTF-8 BOM is dropped
 * with AUTO and UTF8 but is three characters in cp1252/latin1. For an
 * ill-formed UTF-8 sequence the offset is that of its first byte. In cp1252
 * the five undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D become the C1
 * controls of the same value, as in latin1. On error nothing is appended.
 */
int braid_text_decode(const char *data, size_t len, enum braid_encoding enc,
		      struct strbuf *out, struct braid_err *err);

/*
 * Appends the NFC form of s (valid UTF-8) to out. Runs that are already
 * stable under NFC (ASCII, and text the NFC quick check passes) are copied
 * as they are; only the runs that may change go through utf8proc. The
 * result is byte-identical to utf8proc_NFC (with a length, so NUL is fine).
 */
void braid_text_nfc(const char *s, size_t len, struct strbuf *out);

/* 1 if s is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int braid_utf8_valid(const char *s, size_t len);

/* Number of code points in valid UTF-8 s. */
size_t braid_cp_count(const char *s, size_t len);

/* Byte offset of code point number cp in s (len if cp is past the end). */
size_t braid_cp_to_byte(const char *s, size_t len, size_t cp);

/*
 * Decodes one code point at s (valid UTF-8, len > 0); returns the number of
 * bytes it takes and stores the code point in *cp. (Should s not be valid
 * UTF-8 there after all, it returns 1 and U+FFFD, reading nothing past len.)
 */
size_t braid_utf8_next(const char *s, size_t len, int32_t *cp);

/*
 * Counts words: maximal runs of letters, marks and digits (Unicode general
 * categories L*, M*, N*), where an apostrophe (U+0027, U+2018, U+2019,
 * U+02BB, U+02BC) or a hyphen (U+002D, U+2010, U+2011) between two such
 * characters stays inside the word. Input must be valid UTF-8; decomposed
 * input counts the same as its NFC form because marks join their base.
 *
 * Precisely (tests/tools/count_words.py is an independent Python version):
 *  - the apostrophes and hyphens above are never word characters by
 *    themselves, although U+02BB and U+02BC are letters (Lm): "'quoted'"
 *    is one word, "--" none, "don't", "well-known" and "bo'lib" one each;
 *  - a mark (M*) continues a word but never starts one, so a lone mark is
 *    no word and "=" + U+0338 counts like U+2260 (none); a mark right after
 *    an apostrophe or hyphen sits on it, and the word ends there;
 *  - everything else separates words, '.' and ',' included: "3.5" and
 *    "1,000" are two words each; "snake_case" is two;
 *  - there is no dictionary segmentation: a run of CJK ideographs or of
 *    Thai letters is one word.
 */
size_t braid_text_words(const char *s, size_t len);

/* Case-folds and NFC-normalises s (for case-insensitive comparison of labels). */
void braid_text_fold(const char *s, size_t len, struct strbuf *out);

/* A byte range [start, end) inside a text. */
struct braid_span {
	size_t start, end;
};

/*
 * Splits text (internal form) into sentences. The spans are stored in
 * (*spans)[0..n), the array being reused and grown with ALLOC_GROW through
 * *alloc (start with NULL and 0, reuse it across calls, free it at the end:
 * no allocation per call once it is large enough); returns n. Spans are
 * byte ranges without surrounding white space, never empty, in text order;
 * text that is empty or all white space has none.
 *
 * The rules (tests/unit/test_sentences.c has an example of each):
 *  - a blank line (a line empty or holding only spaces and tabs) always ends
 *    a sentence; a single line break is just white space;
 *  - otherwise a sentence ends only after a terminal: . ! ? … ‼ ‽ ⁇ ⁈ ⁉
 *    ։ ؟ ۔ । ॥ ። (a run of them counts as one: ?! ...), with the closing
 *    quotes and brackets right after it (" ' ) ] } and Unicode Pe/Pf/Pi);
 *  - the terminal must be followed by white space (so 3.5, 1,000.50,
 *    example.com, a.b@c.org, "e.g.," and "What?No" do not end one), except
 *    the CJK 。！？｡, which need none; the end of the text ends one too;
 *  - a sentence never starts with a lowercase letter (Unicode Ll) or with
 *    , ; :, looking past opening quotes, brackets, dashes, ¿ and ¡: so
 *    "Stop!" she said. is one sentence, "Stop!" She said. two, and
 *    "I was... well" one (scripts without case, such as Arabic, Devanagari
 *    or CJK, always break after a terminal and a space);
 *  - after a single full stop the word before it decides, when it is:
 *    an abbreviation from a small table (English Mr Mrs Ms Dr Prof St vs cf
 *    p. pp.; Spanish Sr Sra Dra Lic Ud Av pág núm p.ej.; Russian т.е. т.к.
 *    напр. рис. им. ул. д. с. ст. п. т.; Uzbek sh. tum. vil. koʻch. b. y.),
 *    which never ends a sentence;
 *    No. Nos. Fig. Vol. (with that capital) and the English month names,
 *    which hold only before a number ("No. 5", but "No. I did not");
 *    г. гг. в. вв. (Russian year, century), which end one only after a
 *    number ("в 1990 г. Потом" ends, "г. Москва" does not);
 *    a single capital letter, an initial (J. Smith), except the pronoun I;
 *    single letters between dots (e.g. i.e. U.S. J.R.R. т.е.), which do not
 *    end one, except a.m. p.m. т.д. т.п. h.k., which may; or a number of up
 *    to three digits opening a line, a list item ("1. Introduction").
 *    Abbreviations that often end a sentence (etc., и др.) are not listed:
 *    "etc. and so on" goes on because of the lowercase rule, "etc. Then" ends.
 */
size_t braid_text_sentences(const char *s, size_t len, struct braid_span **spans, size_t *alloc);

/*
 * Splits text into paragraphs, blocks separated by blank lines (one or
 * more lines empty or holding only spaces and tabs), as spans without
 * surrounding white space, stored like braid_text_sentences does; returns n.
 * Every sentence lies inside one paragraph.
 */
size_t braid_text_paragraphs(const char *s, size_t len, struct braid_span **spans, size_t *alloc);

/*
 * Appends s (len bytes of UTF-8) on one line: runs of whitespace become one
 * space, ends trimmed, and when it is longer than max code points, cut at a
 * word boundary with "..." after it (max (size_t)-1: never cut).
 */
void braid_text_oneline(const char *s, size_t len, size_t max, struct strbuf *out);

/*
 * Number of terminal columns s (len bytes of UTF-8) takes: utf8proc's
 * character widths, so East Asian wide characters count 2, combining marks
 * and control characters 0, everything else 1.
 */
size_t braid_text_width(const char *s, size_t len);

/*
 * Edit distance between two UTF-8 strings, in code points, after case
 * folding: insertions, deletions, substitutions and transpositions of
 * neighbours count 1 ("ingets" is 1 from "ingest", "Ana" 0 from "ana").
 */
size_t braid_edit_distance(const char *a, const char *b);

/*
 * "Did you mean" for a name that does not exist: add every name that
 * does, then braid_nearby_text appends the nearest few as "'a', 'b' or 'c'"
 * (nothing when none is near: at most 2 edits and fewer than half the
 * name's letters, or a name the given one begins).
 */
struct braid_nearby {
	char *want;
	struct braid_nearby_item {
		char *name;
		size_t dist;
	} *v;
	size_t n, alloc;
};
void braid_nearby_init(struct braid_nearby *nb, const char *want);
void braid_nearby_add(struct braid_nearby *nb, const char *name);
void braid_nearby_text(struct braid_nearby *nb, size_t max, struct strbuf *out);
void braid_nearby_release(struct braid_nearby *nb);

#endif
