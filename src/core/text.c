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
	braid_errorf(err, BRAID_EENCODING, "invalid UTF-8 at line %zu, byte offset %zu",
		     line_of(d, off), off);
	return braid_err_hint(err, BRAID_HINT_ENCODING);
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

/* ---- sentences and paragraphs --------------------------------------- */

/*
 * Segmentation is a byte scan for sentence terminals (an ASCII fast path:
 * a table says which bytes can start one) inside blocks separated by blank
 * lines. Only at a terminal followed by white space is anything decoded or
 * looked up, so the cost per sentence is a few code points and, after a
 * single full stop, one look at the word before it.
 */

/* Unicode White_Space: TAB to CR, space, NEL, NBSP and the other Zs, LS, PS. */
static int is_space_cp(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Decodes the code point at s[i] (i < end), reading nothing past end. */
static inline size_t cp_at(const unsigned char *s, size_t i, size_t end, int32_t *cp)
{
	size_t n;

	if (s[i] < 0x80) {
		*cp = s[i];
		return 1;
	}
	n = utf8_decode(s + i, end - i, cp);
	if (!n) {
		*cp = 0xFFFD; /* contract broken: not UTF-8 */
		return 1;
	}
	return n;
}

/* Start of the code point that ends at s[i] (lo < i), decoded into *cp. */
static inline size_t cp_before(const unsigned char *s, size_t lo, size_t i, int32_t *cp)
{
	size_t j = i - 1;

	while (j > lo && (s[j] & 0xC0) == 0x80 && i - j < 4)
		j--;
	cp_at(s, j, i, cp);
	return j;
}

enum { T_NONE, T_TERM, T_FULL };

/*
 * Sentence terminals. T_FULL ones (the CJK full stops and full-width marks)
 * end a sentence even when no space follows, as CJK text has none.
 */
static int sterm(int32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?':
	case 0x0589:		   /* ։ Armenian full stop */
	case 0x061F:		   /* ؟ Arabic question mark */
	case 0x06D4:		   /* ۔ Arabic full stop (Urdu) */
	case 0x0964: case 0x0965: /* । ॥ Devanagari danda, double danda */
	case 0x1362:		   /* ። Ethiopic full stop */
	case 0x2026:		   /* … */
	case 0x203C: case 0x203D: /* ‼ ‽ */
	case 0x2047: case 0x2048: case 0x2049: /* ⁇ ⁈ ⁉ */
		return T_TERM;
	case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61: /* 。 ！ ？ ｡ */
		return T_FULL;
	}
	return T_NONE;
}

/* Bytes that can start a terminal: . ! ? and the lead bytes of the others above. */
static const unsigned char sterm_byte[256] = {
	['!'] = 1, ['.'] = 1, ['?'] = 1,
	[0xD6] = 1, /* U+0589 */
	[0xD8] = 1, /* U+061F */
	[0xDB] = 1, /* U+06D4 */
	[0xE0] = 1, /* U+0964, U+0965 */
	[0xE1] = 1, /* U+1362 */
	[0xE2] = 1, /* U+2026 ... U+2049 */
	[0xE3] = 1, /* U+3002 */
	[0xEF] = 1, /* U+FF01, U+FF1F, U+FF61 */
};

/* Closing quotes and brackets, which stay with the sentence they close. */
static int is_closer(int32_t cp)
{
	if (cp < 0x80)
		return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}';
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PI:
		return 1; /* Pi too: German „...“ closes with U+201C */
	default:
		return 0;
	}
}

/* What may stand before the first letter of a sentence: quotes, brackets, dashes, ¿ ¡. */
static int is_opener(int32_t cp)
{
	if (cp < 0x80)
		return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == '{' || cp == '-';
	if (cp == 0xBF || cp == 0xA1) /* ¿ ¡ */
		return 1;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PD:
		return 1;
	default:
		return 0;
	}
}

/* A sentence does not start with a lowercase letter or with , ; : */
static int continues_sentence(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || cp == ',' || cp == ';' || cp == ':';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static int is_upper(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BB || cp == 0x02BC ||
	       cp == 0x0060;
}

/*
 * Words after which a full stop does not end a sentence, written lowercase
 * with ASCII apostrophes (matched ignoring case and apostrophe forms), or,
 * when cased is set, with the capitals they must have. Kinds:
 *  - AB_NEVER: titles and the like, which stand before what they belong to;
 *  - AB_BEFORE_NUM: only before a number, as they are words too ("No. 5",
 *    but "No. I did not"; "Jan. 2020", but "I met Jan. He ...");
 *  - AB_AFTER_NUM: end a sentence only after a number ("в 1990 г. Потом",
 *    but "г. Москва");
 *  - AB_MAY_END: single letters between dots that may end a sentence
 *    (others, such as e.g., U.S. or J.R.R., do not).
 * An abbreviation that often ends a sentence (etc., и др.) is left out on
 * purpose: a lowercase word after it keeps the sentence going anyway
 * ("etc. and so on"), and a capital after it starts a new one.
 */
enum { AB_NEVER, AB_BEFORE_NUM, AB_AFTER_NUM, AB_MAY_END };

#define AB(w) { w, AB_NEVER, 0 }
#define NUM(w) { w, AB_BEFORE_NUM, 0 }
#define CASED_NUM(w) { w, AB_BEFORE_NUM, 1 }
#define AFTER_NUM(w) { w, AB_AFTER_NUM, 0 }
#define MAY_END(w) { w, AB_MAY_END, 0 }
static const struct abbrev {
	const char *word;
	unsigned char kind, cased;
} abbrevs[] = {
	/* English */
	AB("mr"), AB("mrs"), AB("ms"), AB("dr"), AB("prof"), AB("sr"), AB("jr"), AB("st"),
	AB("mt"), AB("vs"), AB("cf"), AB("viz"), AB("approx"), AB("ca"), AB("dept"),
	AB("capt"), AB("lt"), AB("col"), AB("sgt"), AB("gov"), AB("rev"), AB("hon"),
	AB("p"), AB("pp"),
	CASED_NUM("No"), CASED_NUM("Nos"), CASED_NUM("Fig"), CASED_NUM("Vol"),
	NUM("jan"), NUM("feb"), NUM("mar"), NUM("apr"), NUM("jun"), NUM("jul"), NUM("aug"),
	NUM("sep"), NUM("sept"), NUM("oct"), NUM("nov"), NUM("dec"),
	MAY_END("a.m"), MAY_END("p.m"),
	/* Spanish */
	AB("sra"), AB("srta"), AB("sres"), AB("dra"), AB("lic"), AB("ing"), AB("arq"),
	AB("ud"), AB("uds"), AB("vd"), AB("vds"), AB("dña"), AB("av"), AB("avda"), AB("pág"),
	AB("págs"), AB("núm"), AB("aprox"), AB("p.ej"), AB("ej"),
	/* Russian */
	AB("т.е"), AB("т.к"), AB("т.н"), MAY_END("т.д"), MAY_END("т.п"),
	AB("напр"), AB("рис"), AB("им"), AB("ул"), AB("д"), AB("кв"), AB("стр"), AB("с"),
	AB("ст"), AB("п"), AB("ч"), AB("гл"), AB("т"), AB("тов"), AB("проф"), AB("акад"),
	AB("доц"), AB("св"), AB("обл"), AB("р-н"), AB("пос"), AB("тел"),
	AFTER_NUM("г"), AFTER_NUM("гг"), AFTER_NUM("в"), AFTER_NUM("вв"),
	/* Uzbek (Latin) */
	AB("sh"), AB("tum"), AB("vil"), AB("ko'ch"), AB("mah"), AB("dots"), AB("akad"),
	AB("b"), MAY_END("h.k"),
	AB("y"), AB("yy"), /* "2020 y." (yil): Uzbek puts the verb last, so it rarely ends one */
};
#undef AB
#undef NUM
#undef CASED_NUM
#undef AFTER_NUM
#undef MAY_END

#define ABBREV_MAX 24 /* bytes; longer words are never abbreviations */

/* 1 if the word s[a..b) is a number: ASCII digits or, with roman, a Roman numeral (XX в.). */
static int is_number_word(const unsigned char *s, size_t a, size_t b, int roman)
{
	int digits = 1;

	if (a >= b)
		return 0;
	for (size_t i = a; i < b; i++) {
		digits &= s[i] >= '0' && s[i] <= '9';
		roman &= s[i] && strchr("IVXLCDM", s[i]) != NULL;
	}
	return digits || roman;
}

/*
 * Called at a single full stop s[dot] followed by white space and then next,
 * which can start a sentence: 1 if the word before the stop says the
 * sentence goes on (an abbreviation, an initial, the number of a list item).
 */
static int stop_continues(const unsigned char *s, size_t lo, size_t dot, int32_t next)
{
	/* lowercasing can lengthen a code point by one byte (U+023A -> U+2C65) */
	char fold[2 * ABBREV_MAX + 1], cased[ABBREV_MAX + 1];
	size_t a = dot, t, nf = 0, nc = 0, ncp = 0;
	int32_t cp, first = 0;
	int dotted = 1, part = 0; /* "e.g", "J.R.R": single letters between dots */

	/* The word: back to white space, then without leading quotes or brackets. */
	while (a > lo) {
		size_t p = cp_before(s, lo, a, &cp);

		if (is_space_cp(cp))
			break;
		a = p;
	}
	while (a < dot) {
		size_t n = cp_at(s, a, dot, &cp);

		if (!is_opener(cp))
			break;
		a += n;
	}
	if (a >= dot || dot - a > ABBREV_MAX)
		return 0;
	for (t = a; t < dot;) {
		utf8proc_uint8_t buf[4];
		size_t n = cp_at(s, t, dot, &cp);
		int32_t lc = is_apostrophe(cp) ? '\'' : utf8proc_tolower(cp);
		utf8proc_ssize_t k;

		if (!ncp)
			first = cp;
		ncp++;
		if (cp == '.') {
			dotted &= part == 1;
			part = 0;
		} else {
			dotted &= is_letter(cp);
			part++;
		}
		k = utf8proc_encode_char(lc, buf);
		memcpy(fold + nf, buf, (size_t)k);
		nf += (size_t)k;
		if (is_apostrophe(cp)) {
			cased[nc++] = '\'';
		} else {
			memcpy(cased + nc, s + t, n);
			nc += n;
		}
		t += n;
	}
	fold[nf] = '\0';
	cased[nc] = '\0';
	dotted &= part == 1;

	for (size_t i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++) {
		const struct abbrev *ab = &abbrevs[i];
		size_t b;

		if (strcmp(ab->cased ? cased : fold, ab->word))
			continue;
		if (ab->kind == AB_NEVER)
			return 1;
		if (ab->kind == AB_BEFORE_NUM)
			return next >= '0' && next <= '9';
		if (ab->kind == AB_MAY_END)
			return 0;
		/* AB_AFTER_NUM: "в 1990 г. Потом" ends, "г. Москва" does not */
		b = a;
		while (b > lo) {
			size_t p = cp_before(s, lo, b, &cp);

			if (!is_space_cp(cp))
				break;
			b = p;
		}
		t = b;
		while (t > lo) {
			size_t p = cp_before(s, lo, t, &cp);

			if (is_space_cp(cp))
				break;
			t = p;
		}
		return !is_number_word(s, t, b, 1);
	}
	/* An initial: one capital letter (but not "I", the English pronoun). */
	if (ncp == 1 && is_upper(first) && first != 'I')
		return 1;
	/* Single letters between dots: e.g., i.e., U.S., J.R.R., т.е. */
	if (ncp >= 3 && dotted)
		return 1;
	/* A numbered list item at the start of a line: "1. A word from the director" */
	if (dot - a <= 3 && is_number_word(s, a, dot, 0)) {
		size_t p = a;

		while (p > lo && (s[p - 1] == ' ' || s[p - 1] == '\t'))
			p--;
		if (p == lo || s[p - 1] == '\n')
			return 1;
	}
	return 0;
}

/* Adds s[a..b) without its surrounding white space, unless nothing is left. */
static void add_span(const unsigned char *s, size_t a, size_t b, struct braid_span **spans,
		       size_t *alloc, size_t *nr)
{
	int32_t cp;

	while (a < b) {
		size_t n = cp_at(s, a, b, &cp);

		if (!is_space_cp(cp))
			break;
		a += n;
	}
	while (b > a) {
		size_t p = cp_before(s, a, b, &cp);

		if (!is_space_cp(cp))
			break;
		b = p;
	}
	if (a >= b)
		return;
	ALLOC_GROW(*spans, *nr + 1, *alloc);
	(*spans)[*nr].start = a;
	(*spans)[*nr].end = b;
	(*nr)++;
}

/*
 * Finds the next block of s[*i..len): text up to a blank line (a line that
 * is empty or holds only spaces and tabs) or the end. Sets [*a, *b) to it
 * and *i past the blank lines; 0 when nothing is left.
 */
static int next_block(const unsigned char *s, size_t len, size_t *i, size_t *a, size_t *b)
{
	size_t p = *i;

	if (p >= len)
		return 0;
	*a = p;
	for (;;) {
		const unsigned char *nl = memchr(s + p, '\n', len - p);
		size_t q;

		if (!nl) {
			*b = *i = len;
			return 1;
		}
		q = (size_t)(nl - s) + 1;
		while (q < len && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r'))
			q++;
		if (q < len && s[q] == '\n') {
			*b = (size_t)(nl - s);
			/* skip the whole run of blank lines */
			while (q < len && (s[q] == '\n' || s[q] == ' ' || s[q] == '\t' || s[q] == '\r'))
				q++;
			*i = q;
			return 1;
		}
		if (q >= len) {
			*b = *i = len;
			return 1;
		}
		p = q;
	}
}

/* Adds the sentences of one block s[a..b) to (*spans)[*nr...]. */
static void block_sentences(const unsigned char *s, size_t a, size_t b, struct braid_span **spans,
			    size_t *alloc, size_t *nr)
{
	size_t start = a, i = a;

	while (i < b) {
		size_t j, k, n;
		int32_t cp;
		int kind, single_dot;

		if (!sterm_byte[s[i]]) {
			i++;
			continue;
		}
		n = cp_at(s, i, b, &cp);
		kind = sterm(cp);
		if (kind == T_NONE) {
			i += n;
			continue;
		}
		/* A run of terminals (?!, ..., ?..), then closing quotes and brackets. */
		single_dot = cp == '.';
		j = i + n;
		while (j < b) {
			int k2;

			n = cp_at(s, j, b, &cp);
			k2 = sterm(cp);
			if (k2 == T_NONE)
				break;
			single_dot = 0;
			if (k2 == T_FULL)
				kind = T_FULL;
			j += n;
		}
		while (j < b) {
			n = cp_at(s, j, b, &cp);
			if (!is_closer(cp))
				break;
			j += n;
		}
		if (j >= b)
			break; /* the block ends here anyway */
		if (kind != T_FULL) {
			cp_at(s, j, b, &cp);
			if (!is_space_cp(cp)) {
				i = j; /* 3.5 or example.com or "e.g.," or "What?No" */
				continue;
			}
			/* the first letter of what follows, past white space and openers */
			k = j;
			while (k < b) {
				n = cp_at(s, k, b, &cp);
				if (!is_space_cp(cp) && !is_opener(cp))
					break;
				k += n;
			}
			if (k < b && continues_sentence(cp)) {
				i = j;
				continue;
			}
			if (single_dot && stop_continues(s, a, i, k < b ? cp : 0)) {
				i = j;
				continue;
			}
		}
		add_span(s, start, j, spans, alloc, nr);
		start = i = j;
	}
	add_span(s, start, b, spans, alloc, nr);
}

size_t braid_text_sentences(const char *str, size_t len, struct braid_span **spans, size_t *alloc)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, a, b, nr = 0;

	while (next_block(s, len, &i, &a, &b))
		block_sentences(s, a, b, spans, alloc, &nr);
	return nr;
}

size_t braid_text_paragraphs(const char *str, size_t len, struct braid_span **spans, size_t *alloc)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, a, b, nr = 0;

	while (next_block(s, len, &i, &a, &b))
		add_span(s, a, b, spans, alloc, &nr);
	return nr;
}

void braid_text_oneline(const char *s, size_t len, size_t max, struct strbuf *out)
{
	struct strbuf one = STRBUF_INIT;
	size_t cut, i;
	int space = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			space = one.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&one, ' ');
		space = 0;
		strbuf_addch(&one, s[i]);
	}
	if (braid_cp_count(one.buf, one.len) <= max) {
		strbuf_addbuf(out, &one);
		strbuf_release(&one);
		return;
	}
	cut = braid_cp_to_byte(one.buf, one.len, max);
	/* back to the last space, unless that throws away more than half */
	for (i = cut; i > cut / 2 && one.buf[i] != ' '; i--)
		;
	if (i > cut / 2)
		cut = i;
	while (cut && one.buf[cut - 1] == ' ')
		cut--;
	strbuf_add(out, one.buf, cut);
	strbuf_addstr(out, "...");
	strbuf_release(&one);
}

size_t braid_text_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;

	while (i < len) {
		int32_t cp;
		int cw;

		i += braid_utf8_next(s + i, len - i, &cp);
		cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

/* ---- names near a name ---- */

/* The code points of s, case-folded, into a new array (*n of them). */
static int32_t *folded_cps(const char *s, size_t *n)
{
	struct strbuf f = STRBUF_INIT;
	int32_t *v;
	size_t i = 0, k = 0;

	braid_text_fold(s, strlen(s), &f);
	v = xcalloc(f.len + 1, sizeof(*v));
	while (i < f.len)
		i += braid_utf8_next(f.buf + i, f.len - i, &v[k++]);
	*n = k;
	strbuf_release(&f);
	return v;
}

size_t braid_edit_distance(const char *a, const char *b)
{
	size_t n, m, *d, r;
	int32_t *x = folded_cps(a, &n), *y = folded_cps(b, &m);

	d = xcalloc((n + 1) * (m + 1), sizeof(*d));
#define D(i, j) d[(i) * (m + 1) + (j)]
	for (size_t i = 0; i <= n; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= m; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t best = D(i - 1, j - 1) + (x[i - 1] != y[j - 1]);

			if (D(i - 1, j) + 1 < best)
				best = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	r = D(n, m);
#undef D
	free(d);
	free(x);
	free(y);
	return r;
}

void braid_nearby_init(struct braid_nearby *nb, const char *want)
{
	memset(nb, 0, sizeof(*nb));
	nb->want = xstrdup(want ? want : "");
}

void braid_nearby_add(struct braid_nearby *nb, const char *name)
{
	size_t len = braid_cp_count(nb->want, strlen(nb->want));
	size_t d = braid_edit_distance(nb->want, name);
	struct strbuf fw = STRBUF_INIT, fn = STRBUF_INIT;
	int prefix;

	braid_text_fold(nb->want, strlen(nb->want), &fw);
	braid_text_fold(name, strlen(name), &fn);
	prefix = fw.len >= 2 && fn.len > fw.len && !memcmp(fn.buf, fw.buf, fw.len);
	strbuf_release(&fw);
	strbuf_release(&fn);
	if (!prefix && (d > 2 || 2 * d >= len))
		return;
	ALLOC_GROW(nb->v, nb->n + 1, nb->alloc);
	nb->v[nb->n].name = xstrdup(name);
	nb->v[nb->n++].dist = prefix && d > 2 ? 3 : d;
}

static int cmp_near(const void *a, const void *b)
{
	const struct braid_nearby_item *x = a, *y = b;

	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return strcmp(x->name, y->name);
}

void braid_nearby_text(struct braid_nearby *nb, size_t max, struct strbuf *out)
{
	size_t n;

	if (nb->n) /* qsort(NULL, 0, ...) is undefined (UBSan stops there) */
		qsort(nb->v, nb->n, sizeof(*nb->v), cmp_near);
	n = nb->n < max ? nb->n : max;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", nb->v[i].name);
}

void braid_nearby_release(struct braid_nearby *nb)
{
	for (size_t i = 0; i < nb->n; i++)
		free(nb->v[i].name);
	free(nb->v);
	free(nb->want);
	memset(nb, 0, sizeof(*nb));
}
