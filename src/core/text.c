/*
 * text.c - decoding source bytes into the internal form, NFC, code points
 * and word counts (see include/braid/text.h).
 *
 * Everything Unicode comes from utf8proc. The work here is to avoid calling
 * it where it cannot change anything, because braid ingests hundreds of
 * megabytes and utf8proc_NFC decodes every code point into a malloc'd
 * UTF-32 buffer:
 *
 *  - validation and line endings: one byte loop with an 8-bytes-at-a-time
 *    ASCII fast path;
 *  - NFC: the text is cut at "quick-check safe" starters (see nfc_safe_uncached());
 *    runs of safe code points are copied, and only a piece that holds an
 *    unsafe one, together with the safe starter before it, is normalised by
 *    utf8proc. The result is byte-identical to utf8proc_NFC on the whole
 *    text (tests/unit/test_text.c checks this exhaustively per code point
 *    and differentially on real corpora; the decode fuzzer checks it too).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "braid/alloc.h"
#include "braid/err.h"
#include "braid/strbuf.h"
#include "braid/text.h"

#define NFC_OPTS ((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE))
#define FOLD_OPTS ((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD))

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* Non-zero if some byte of w is zero (exact as a yes/no answer). */
static inline uint64_t has_zero_byte(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/* ---- UTF-8 primitives ---------------------------------------------- */

/*
 * Decodes one well-formed UTF-8 sequence at p (n > 0 bytes available).
 * Returns its length, or 0 if the bytes there are not well-formed UTF-8
 * (overlong, surrogate, > U+10FFFF, truncated, stray continuation byte).
 */
static inline __attribute__((always_inline)) size_t utf8_decode(const unsigned char *p, size_t n,
								 int32_t *cp)
{
	unsigned c = p[0];

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*cp = (int32_t)(((c & 0x1F) << 6) | (p[1] & 0x3F));
		return 2;
	}
	if (c < 0xF0) {
		unsigned lo = 0x80, hi = 0xBF;

		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
		if (n < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		*cp = (int32_t)(((c & 0x0F) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F));
		return 3;
	}
	if (c < 0xF5) {
		unsigned lo = 0x80, hi = 0xBF;

		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* > U+10FFFF */
		if (n < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		*cp = (int32_t)(((c & 0x07) << 18) | ((p[1] & 0x3Fu) << 12) |
				((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F));
		return 4;
	}
	return 0;
}

/* Appends the UTF-8 form of cp (a Unicode scalar value); room is made here. */
static inline void put_cp(struct strbuf *sb, int32_t cp)
{
	strbuf_grow(sb, 4);
	sb->len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)sb->buf + sb->len);
	sb->buf[sb->len] = '\0';
}

size_t braid_utf8_next(const char *s, size_t len, int32_t *cp)
{
	size_t n;

	if (!len) {
		*cp = 0;
		return 0;
	}
	n = utf8_decode((const unsigned char *)s, len, cp);
	if (!n) {
		/* Not valid UTF-8 after all: step over one byte, do not overread. */
		*cp = 0xFFFD;
		return 1;
	}
	return n;
}

/*
 * Scans s for the first byte that makes it unacceptable. With nul_ok, NUL
 * bytes are fine. Returns SCAN_OK, SCAN_INVALID (invalid UTF-8) or SCAN_NUL,
 * with *bad set to the offset of the ill-formed sequence's first byte or of
 * the NUL. *has_cr (if not NULL) is set when a CR was seen.
 */
enum { SCAN_OK, SCAN_INVALID, SCAN_NUL };

static int utf8_scan(const unsigned char *s, size_t len, int nul_ok, size_t *bad, int *has_cr)
{
	const uint64_t crs = 0x0D * ONES;
	size_t i = 0;
	int cr = 0;

	while (i < len) {
		/* ASCII fast path: 8 bytes with no high bit, no NUL and no CR. */
		while (i + 8 <= len) {
			uint64_t w = load64(s + i);

			if (w & HIGHS)
				break;
			if (has_zero_byte(w) | has_zero_byte(w ^ crs)) {
				size_t k;

				for (k = 0; k < 8; k++) {
					if (s[i + k] == '\r') {
						cr = 1;
					} else if (!s[i + k] && !nul_ok) {
						*bad = i + k;
						return SCAN_NUL;
					}
				}
			}
			i += 8;
		}
		if (i >= len)
			break;
		if (s[i] < 0x80) {
			if (s[i] == '\r') {
				cr = 1;
			} else if (!s[i] && !nul_ok) {
				*bad = i;
				return SCAN_NUL;
			}
			i++;
		} else if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
			i += 2; /* the common 2-byte case (Latin, Greek, Cyrillic, ...) */
		} else {
			int32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);

			if (!n) {
				*bad = i;
				return SCAN_INVALID;
			}
			i += n;
		}
	}
	if (has_cr)
		*has_cr = cr;
	return SCAN_OK;
}

int braid_utf8_valid(const char *s, size_t len)
{
	size_t bad;

	return utf8_scan((const unsigned char *)s, len, 1, &bad, NULL) == SCAN_OK;
}

size_t braid_cp_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0;

	/* Every byte that is not a continuation byte (10xxxxxx) starts a code point. */
	for (; i + 8 <= len; i += 8) {
		uint64_t w = load64(p + i);

		if (!(w & HIGHS)) {
			n += 8;
		} else {
			/* bit 7 of each byte: set for a continuation byte (10xxxxxx) */
			uint64_t cont = (w & ~(w << 1) & HIGHS) >> 7;

			/* the multiplication sums the eight 0/1 bytes into the top byte */
			n += 8 - (size_t)((cont * ONES) >> 56);
		}
	}
	for (; i < len; i++)
		n += (p[i] & 0xC0) != 0x80;
	return n;
}

size_t braid_cp_to_byte(const char *s, size_t len, size_t cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	/* Skip whole ASCII words while they cannot overshoot. */
	while (cp >= 8 && i + 8 <= len && !(load64(p + i) & HIGHS)) {
		i += 8;
		cp -= 8;
	}
	for (; i < len; i++) {
		if ((p[i] & 0xC0) == 0x80)
			continue;
		if (!cp)
			return i;
		cp--;
	}
	return len;
}

/* ---- encodings ------------------------------------------------------ */

int braid_encoding_parse(const char *name)
{
	static const struct {
		const char *name;
		enum braid_encoding enc;
	} names[] = {
		{ "auto", BRAID_ENC_AUTO },
		{ "utf-8", BRAID_ENC_UTF8 },
		{ "utf8", BRAID_ENC_UTF8 },
		{ "cp1252", BRAID_ENC_CP1252 },
		{ "windows-1252", BRAID_ENC_CP1252 },
		{ "latin1", BRAID_ENC_LATIN1 },
		{ "iso-8859-1", BRAID_ENC_LATIN1 },
	};
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name))
			return (int)names[i].enc;
	return -1;
}

/*
 * cp1252 bytes 0x80-0x9F. The five bytes cp1252 leaves undefined (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls, as latin1 does and as the
 * WHATWG encoding standard's windows-1252 does.
 */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80-87 */
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F, /* 88-8F */
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90-97 */
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178, /* 98-9F */
};

/*
 * Line (1-based) of byte offset off in single-byte-unit text: LF, CRLF and
 * a lone CR each end a line, as they will after decoding.
 */
static size_t line_of(const unsigned char *d, size_t off)
{
	size_t line = 1, i;

	for (i = 0; i < off; i++) {
		if (d[i] == '\n')
			line++;
		else if (d[i] == '\r' && (i + 1 >= off || d[i + 1] != '\n'))
			line++;
	}
	return line;
}

static int err_invalid_utf8(const unsigned char *d, size_t off, struct braid_err *err)
{
	return braid_errorf(err, BRAID_EENCODING,
			    "invalid UTF-8 at line %zu, byte offset %zu "
			    "(use --encoding cp1252 or latin1 to convert)",
			    line_of(d, off), off);
}

static int err_nul(size_t line, size_t off, struct braid_err *err)
{
	return braid_errorf(err, BRAID_EENCODING, "NUL byte at line %zu, byte offset %zu: binary file?",
			    line, off);
}

/* Appends s to out with CRLF and lone CR turned into LF. */
static void add_lf(struct strbuf *out, const char *s, size_t len)
{
	const char *end = s + len;

	strbuf_grow(out, len);
	while (s < end) {
		const char *cr = memchr(s, '\r', (size_t)(end - s));

		if (!cr) {
			strbuf_add(out, s, (size_t)(end - s));
			break;
		}
		strbuf_add(out, s, (size_t)(cr - s));
		strbuf_addch(out, '\n');
		s = cr + 1;
		if (s < end && *s == '\n')
			s++;
	}
}

/* cp1252 or latin1 bytes to UTF-8 with LF line ends, appended to tmp. */
static int decode_8bit(const unsigned char *d, size_t len, int cp1252, struct strbuf *tmp,
		       struct braid_err *err)
{
	size_t i, high = 0;

	for (i = 0; i < len; i++)
		high += d[i] >> 7;
	/* Each high byte becomes at most 3 bytes of UTF-8. */
	strbuf_grow(tmp, len + 2 * high);
	for (i = 0; i < len; i++) {
		unsigned c = d[i];
		char *o = tmp->buf + tmp->len;

		if (c >= 0x80) {
			int32_t cp = (cp1252 && c < 0xA0) ? cp1252_c1[c - 0x80] : (int32_t)c;

			tmp->len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)o);
		} else if (c == '\r') {
			*o = '\n';
			tmp->len++;
			if (i + 1 < len && d[i + 1] == '\n')
				i++;
		} else if (!c) {
			return err_nul(line_of(d, i), i, err);
		} else {
			*o = (char)c;
			tmp->len++;
		}
	}
	tmp->buf[tmp->len] = '\0';
	return 0;
}

static unsigned u16_at(const unsigned char *d, size_t i, int be)
{
	return be ? (unsigned)d[i] << 8 | d[i + 1] : (unsigned)d[i + 1] << 8 | d[i];
}

/* Line (1-based) of byte offset off in UTF-16 text whose units start at `start`. */
static size_t line_of_utf16(const unsigned char *d, size_t start, size_t off, int be)
{
	size_t line = 1, i;

	for (i = start; i + 1 < off; i += 2) {
		unsigned u = u16_at(d, i, be);

		if (u == '\n')
			line++;
		else if (u == '\r' && (i + 3 >= off || u16_at(d, i + 2, be) != '\n'))
			line++;
	}
	return line;
}

/* UTF-16 (after the BOM at d[0..1]) to UTF-8 with LF line ends, appended to tmp. */
static int decode_utf16(const unsigned char *d, size_t len, int be, struct strbuf *tmp,
			struct braid_err *err)
{
	size_t i;

	strbuf_grow(tmp, len);
	for (i = 2; i < len; i += 2) {
		unsigned u;
		int32_t cp;

		if (i + 1 >= len)
			return braid_errorf(err, BRAID_EENCODING,
					    "invalid UTF-16 at line %zu, byte offset %zu: "
					    "odd number of bytes",
					    line_of_utf16(d, 2, i, be), i);
		u = u16_at(d, i, be);
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned lo = i + 3 < len ? u16_at(d, i + 2, be) : 0;

			if (lo < 0xDC00 || lo > 0xDFFF)
				goto unpaired;
			cp = 0x10000 + (int32_t)(((u - 0xD800) << 10) | (lo - 0xDC00));
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			goto unpaired;
		} else if (u == 0) {
			return err_nul(line_of_utf16(d, 2, i, be), i, err);
		} else if (u == '\r') {
			cp = '\n';
			if (i + 3 < len && u16_at(d, i + 2, be) == '\n')
				i += 2;
		} else {
			cp = (int32_t)u;
		}
		put_cp(tmp, cp);
		continue;
unpaired:
		return braid_errorf(err, BRAID_EENCODING,
				    "invalid UTF-16 at line %zu, byte offset %zu: unpaired surrogate",
				    line_of_utf16(d, 2, i, be), i);
	}
	return 0;
}

int braid_text_decode(const char *data, size_t len, enum braid_encoding enc, struct strbuf *out,
		      struct braid_err *err)
{
	const unsigned char *d = (const unsigned char *)data;
	struct strbuf tmp = STRBUF_INIT;
	size_t bad = 0, skip = 0;
	int has_cr = 0, ret;

	if (enc == BRAID_ENC_AUTO && len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) ||
						  (d[0] == 0xFE && d[1] == 0xFF))) {
		ret = decode_utf16(d, len, d[0] == 0xFE, &tmp, err);
		goto normalise;
	}
	if (enc == BRAID_ENC_CP1252 || enc == BRAID_ENC_LATIN1) {
		ret = decode_8bit(d, len, enc == BRAID_ENC_CP1252, &tmp, err);
		goto normalise;
	}
	if (enc != BRAID_ENC_AUTO && enc != BRAID_ENC_UTF8)
		return braid_errorf(err, BRAID_EINVAL, "unknown encoding %d", (int)enc);

	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		skip = 3;
	switch (utf8_scan(d + skip, len - skip, 0, &bad, &has_cr)) {
	case SCAN_INVALID:
		return err_invalid_utf8(d, skip + bad, err);
	case SCAN_NUL:
		return err_nul(line_of(d, skip + bad), skip + bad, err);
	}
	if (!has_cr) {
		braid_text_nfc(data + skip, len - skip, out);
		return 0;
	}
	add_lf(&tmp, data + skip, len - skip);
	ret = 0;
normalise:
	if (!ret)
		braid_text_nfc(tmp.buf, tmp.len, out);
	strbuf_release(&tmp);
	return ret;
}

/* ---- NFC ------------------------------------------------------------ */

/* Hangul composition constants (Unicode 3.12); utf8proc keeps its own private. */
#define HANGUL_VBASE 0x1161
#define HANGUL_VCOUNT 21
#define HANGUL_TBASE 0x11A7
#define HANGUL_TCOUNT 28

/*
 * 1 if cp is a starter that never joins what precedes it under utf8proc's
 * composition: canonical combining class 0 (so canonical reordering never
 * moves anything across it), not the second half of a canonical composition
 * in utf8proc's data, and not a Hangul medial vowel or final consonant jamo,
 * which utf8proc composes algorithmically (from U+11A7 on: utf8proc also
 * "composes" an LV syllable with U+11A7, tindex 0).
 */
static int nfc_blocks(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);

	if (p->combining_class)
		return 0;
#if UTF8PROC_VERSION_MAJOR == 2 && UTF8PROC_VERSION_MINOR <= 8
	/* Up to 2.8, comb_index >= 0x8000 (and not UINT16_MAX) marks a second element. */
	if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
		return 0;
#else
	if (p->comb_issecond)
		return 0;
#endif
	if (cp >= HANGUL_VBASE && cp < HANGUL_VBASE + HANGUL_VCOUNT)
		return 0;
	if (cp >= HANGUL_TBASE && cp < HANGUL_TBASE + HANGUL_TCOUNT)
		return 0;
	return 1;
}

/*
 * The NFC quick check of one code point: 1 if cp is "safe", i.e. utf8proc's
 * NFC can neither change it nor combine it with what comes before it. That
 * holds for a code point that blocks (nfc_blocks) and either
 *  - has no canonical decomposition (utf8proc applies a decomposition under
 *    UTF8PROC_COMPOSE only when decomp_type is 0, i.e. canonical), or
 *  - decomposes into a blocking starter plus marks that compose back into
 *    exactly cp (precomposed letters such as U+1EC7; not singletons or
 *    composition exclusions). Composition then leaves utf8proc in the same
 *    state as after an undecomposed starter. (The check on the first
 *    element is defence: in Unicode 15 the recomposition check alone
 *    already rejects the only cases, U+0F73, U+0F75 and U+0F81.)
 * Hangul syllables are safe: they decompose and recompose to themselves.
 *
 * After a safe code point utf8proc's composition pass starts afresh, so NFC
 * of a text is the NFC of its pieces cut just before each safe code point.
 * tests/unit/test_text.c checks this against utf8proc for every code point.
 */
static int nfc_safe_uncached(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n;

	if (!nfc_blocks(cp))
		return 0;
	if (p->decomp_seqindex == UINT16_MAX || p->decomp_type)
		return 1;
	n = utf8proc_decompose_char(cp, d, 8, NFC_OPTS, NULL);
	if (n < 2 || n > 8 || !nfc_blocks(d[0]))
		return 0;
	n = utf8proc_normalize_utf32(d, n, NFC_OPTS);
	return n == 1 && d[0] == cp;
}

/*
 * A direct-mapped cache of nfc_safe_uncached(), one per braid_text_nfc call
 * (no shared state): a text uses few distinct non-ASCII code points, mostly
 * from one or two blocks, so cp % NFC_CACHE rarely collides.
 */
#define NFC_CACHE 1024

struct nfc_state {
	int cache_ready;
	int32_t cache_cp[NFC_CACHE];
	unsigned char cache_safe[NFC_CACHE];
	utf8proc_int32_t *v; /* UTF-32 buffer for pieces that go through utf8proc */
	size_t alloc;
	utf8proc_int32_t small[256];
};

static inline int nfc_safe(struct nfc_state *st, int32_t cp)
{
	size_t k = (size_t)cp % NFC_CACHE;

	if (!st->cache_ready) {
		memset(st->cache_cp, 0xFF, sizeof(st->cache_cp)); /* -1: empty */
		st->cache_ready = 1;
	}
	if (st->cache_cp[k] != cp) {
		st->cache_cp[k] = cp;
		st->cache_safe[k] = (unsigned char)nfc_safe_uncached(cp);
	}
	return st->cache_safe[k];
}

/*
 * Appends NFC of the piece s[0..len) to out: what utf8proc_map does for
 * utf8proc_NFC (decompose, reorder, compose, encode), without its malloc.
 */
static void nfc_piece(const unsigned char *s, size_t len, struct strbuf *out, struct nfc_state *st)
{
	utf8proc_ssize_t n, k;

	n = utf8proc_decompose(s, (utf8proc_ssize_t)len, st->v, (utf8proc_ssize_t)st->alloc,
			       NFC_OPTS);
	if (n > (utf8proc_ssize_t)st->alloc) {
		if (st->v != st->small)
			free(st->v);
		st->alloc = (size_t)n * 2;
		st->v = xmalloc(st->alloc * sizeof(*st->v));
		n = utf8proc_decompose(s, (utf8proc_ssize_t)len, st->v, (utf8proc_ssize_t)st->alloc,
				       NFC_OPTS);
	}
	if (n < 0) {
		/* Only when the caller broke the contract (invalid UTF-8): keep the bytes. */
		strbuf_add(out, s, len);
		return;
	}
	n = utf8proc_normalize_utf32(st->v, n, NFC_OPTS);
	strbuf_grow(out, (size_t)n * 4);
	for (k = 0; k < n; k++)
		out->len += (size_t)utf8proc_encode_char(st->v[k],
							 (utf8proc_uint8_t *)out->buf + out->len);
	out->buf[out->len] = '\0';
}

void braid_text_nfc(const char *str, size_t len, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	struct nfc_state st;
	size_t i = 0, copied = 0;

	st.cache_ready = 0;
	st.v = st.small;
	st.alloc = sizeof(st.small) / sizeof(st.small[0]);
	strbuf_grow(out, len);
	while (i < len) {
		size_t n, start, end;
		int32_t cp;

		while (i + 8 <= len && !(load64(s + i) & HIGHS))
			i += 8;
		if (i >= len)
			break;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n && nfc_safe(&st, cp)) {
			i += n;
			continue;
		}
		/*
		 * s[i] may change under NFC. The piece to normalise starts at
		 * the code point before it (a safe starter it may compose
		 * with; the text before it is settled) and runs to the next
		 * safe code point.
		 */
		start = i;
		if (start > copied) {
			start--;
			while (start > copied && (s[start] & 0xC0) == 0x80)
				start--;
		}
		end = i + (n ? n : 1);
		while (end < len && s[end] >= 0x80) {
			n = utf8_decode(s + end, len - end, &cp);
			if (n && nfc_safe(&st, cp))
				break;
			end += n ? n : 1;
		}
		strbuf_add(out, s + copied, start - copied);
		nfc_piece(s + start, end - start, out, &st);
		copied = i = end;
	}
	strbuf_add(out, s + copied, len - copied);
	if (st.v != st.small)
		free(st.v);
}

/* ---- case folding --------------------------------------------------- */

void braid_text_fold(const char *s, size_t len, struct strbuf *out)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n;
	size_t i;

	for (i = 0; i < len && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i == len) {
		/* ASCII: case folding is lowercasing, and NFC changes nothing. */
		strbuf_grow(out, len);
		for (i = 0; i < len; i++) {
			char c = s[i];

			out->buf[out->len++] = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : c;
		}
		out->buf[out->len] = '\0';
		return;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &r, FOLD_OPTS);
	if (n == UTF8PROC_ERROR_NOMEM)
		abort(); /* the allocation wrappers' policy: out of memory aborts */
	if (n < 0)
		strbuf_add(out, s, len); /* invalid UTF-8: the caller broke the contract */
	else
		strbuf_add(out, r, (size_t)n);
	free(r);
}

/* ---- words ---------------------------------------------------------- */

/*
 * Word counting is a three-state machine over the class of each code point:
 * outside a word, inside one, or inside one just after an apostrophe or
 * hyphen (which stays in the word only if a letter or digit follows).
 */
enum wclass { W_OTHER, W_WORD, W_MARK, W_JOIN };
enum wstate { S_OUT, S_IN, S_JOINER };

/*
 * A mark continues the letter or digit it follows and never starts a word,
 * so that "=\u0338" (NFD) counts like U+2260 (NFC). After an apostrophe or
 * hyphen a mark sits on that character, which ends the word.
 */
static const unsigned char wnext[3][4] = {
	/*              OTHER  WORD  MARK   JOIN */
	[S_OUT]    = { S_OUT, S_IN, S_OUT, S_OUT },
	[S_IN]     = { S_OUT, S_IN, S_IN,  S_JOINER },
	[S_JOINER] = { S_OUT, S_IN, S_OUT, S_OUT },
};

/* ASCII classes: letters and digits W, apostrophe and hyphen J, the rest O. */
#define O W_OTHER
#define W W_WORD
#define J W_JOIN
static const unsigned char ascii_wclass[128] = {
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 00-0F */
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 10-1F */
	O, O, O, O, O, O, O, J, O, O, O, O, O, J, O, O, /* 20-2F: ' - */
	W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, O, /* 30-3F: 0-9 */
	O, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* 40-4F: A-O */
	W, W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, /* 50-5F: P-Z */
	O, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* 60-6F: a-o */
	W, W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, /* 70-7F: p-z */
};
#undef O
#undef W
#undef J

static enum wclass word_class(int32_t cp)
{
	if (cp < 0x80)
		return (enum wclass)ascii_wclass[cp];
	/* U+02BB and U+02BC are letters (Lm) but count as apostrophes here. */
	switch (cp) {
	case 0x2018: case 0x2019: case 0x02BB: case 0x02BC: /* apostrophes */
	case 0x2010: case 0x2011:			    /* hyphens */
		return W_JOIN;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return W_WORD;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		return W_MARK;
	default:
		return W_OTHER;
	}
}

/* Long texts cache the class of non-ASCII code points (direct-mapped). */
#define WCLASS_CACHE 1024
#define WCLASS_CACHE_MIN_LEN 4096

size_t braid_text_words(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	int32_t cache_cp[WCLASS_CACHE];
	unsigned char cache_cls[WCLASS_CACHE];
	int cache_ready = len < WCLASS_CACHE_MIN_LEN; /* short: no cache at all */
	size_t i = 0, words = 0;
	unsigned state = S_OUT;

	while (i < len) {
		unsigned c = s[i], cls;

		if (c < 0x80) {
			cls = ascii_wclass[c];
			i++;
		} else {
			int32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);

			if (!n) {
				cls = W_OTHER; /* contract broken: not UTF-8 */
				i++;
			} else if (len < WCLASS_CACHE_MIN_LEN) {
				cls = word_class(cp);
				i += n;
			} else {
				size_t k = (size_t)cp % WCLASS_CACHE;

				if (!cache_ready) {
					memset(cache_cp, 0xFF, sizeof(cache_cp));
					cache_ready = 1;
				}
				if (cache_cp[k] != cp) {
					cache_cp[k] = cp;
					cache_cls[k] = (unsigned char)word_class(cp);
				}
				cls = cache_cls[k];
				i += n;
			}
		}
		words += state == S_OUT && cls == W_WORD;
		state = wnext[state][cls];
	}
	return words;
}
