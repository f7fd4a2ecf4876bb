/*
 * tokenizer.h - the words search matches: braid's FTS5 tokenizer, "braid".
 *
 * The search index (turns_fts) and every query go through the same
 * tokenizer, so what it folds together is what search treats as equal.
 * A token is a word as the word counter (text.h, braid_text_words) sees
 * one, with two differences: a hyphen ends a token ("legal-aid" is the two
 * tokens "legal" "aid", which search.h's query rule makes a phrase), and a
 * backtick between letters is an apostrophe too. Precisely:
 *
 *  - a token is a maximal run of letters and digits (Unicode L*, N*), with
 *    marks (M*) continuing it (a mark never starts one);
 *  - an apostrophe (U+0027 ', U+2018 ‘, U+2019 ’, U+02BB ʻ, U+02BC ʼ,
 *    U+0060 `) between two letters or digits stays inside the token and is
 *    written as U+0027: "bo'lib", "bo‘lib", "boʻlib", "boʼlib" and "bo`lib"
 *    are the one token "bo'lib", "don't" is "don't" (not "dont": in Uzbek
 *    Latin the apostrophe is part of a letter, o' and g', or the sign ʼ, and
 *    "so'z" (word) and "soz" (tuned) are different words). Anywhere else an
 *    apostrophe separates ("'quoted'" is "quoted");
 *  - everything else separates: spaces, punctuation, hyphens and dashes,
 *    '.' and ',' ("3.5" is "3" "5"), '_' and symbols;
 *  - each character is case-folded (Unicode simple folding: "É" -> "é",
 *    "ς" -> "σ", "ſ" -> "s"), then, when its canonical decomposition is a
 *    base character followed only by combining diacritical marks (U+0300 to
 *    U+036F), replaced by that base: Latin é ñ ş ő ế -> e n s o e, as
 *    unicode61's remove_diacritics 2 does, and also letters whose base is
 *    not ASCII (ǣ -> æ), Greek (ά ϊ -> α ι) and Cyrillic (й -> и, ё -> е,
 *    ў -> у, ї -> і, ќ -> к, ѓ -> г, ӣ -> и, ӯ -> у, ӧ -> о, ӝ -> ж...).
 *    Marks of U+0300 to U+036F themselves are dropped from the token (text
 *    in NFC keeps one only where no precomposed letter exists, as on tone
 *    marks over ɛ). Letters Unicode does not decompose stay apart from the
 *    letters they look like: Uzbek Cyrillic ғ қ ҳ from г к х, Latin ø ł đ
 *    from o l d (as in unicode61). Marks of other blocks (Devanagari vowel
 *    signs, Arabic and Hebrew points) stay in the token.
 *
 * Offsets are byte offsets into the text given; the token text is the
 * folded form (valid UTF-8).
 */
#ifndef BRAID_TOKENIZER_H
#define BRAID_TOKENIZER_H

#include <stddef.h>

struct sqlite3;

/*
 * A token: tok[0..len) (folded, not NUL-terminated, borrowed for the call)
 * found at bytes [start, end) of the text. A non-zero return stops the walk
 * and is returned by braid_tokenizer_each.
 */
typedef int (*braid_token_cb)(void *ctx, const char *tok, size_t len, size_t start, size_t end);

/* Calls cb for each token of s (len bytes of valid UTF-8) in order; 0 or cb's return. */
int braid_tokenizer_each(const char *s, size_t len, braid_token_cb cb, void *ctx);

/* Registers the FTS5 tokenizer "braid" on a connection; an SQLite result code. */
int braid_tokenizer_register(struct sqlite3 *db);

#endif
