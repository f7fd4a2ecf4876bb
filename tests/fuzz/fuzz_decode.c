/*
 * fuzz_decode.c - libFuzzer harness for braid_text_decode (src/core/text.c).
 *
 * Decodes the input with every encoding. On success the output must be in
 * the internal form: valid UTF-8, NFC (by utf8proc itself), no CR, no NUL,
 * and appended after what was in the strbuf; then words and code-point
 * arithmetic run on it. On failure it must be BRAID_EENCODING with nothing
 * appended. Also checks braid_text_nfc against plain utf8proc on the raw
 * input whenever that is valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "braid/err.h"
#include "braid/strbuf.h"
#include "braid/text.h"

#define CHECK(cond)                    \
	do {                           \
		if (!(cond))           \
			abort();       \
	} while (0)

/* NFC by utf8proc alone; NULL if utf8proc refuses the input. */
static char *ref_nfc(const char *s, size_t len, size_t *outlen)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &r,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);

	if (n < 0)
		return NULL;
	*outlen = (size_t)n;
	return (char *)r;
}

/* braid_text_nfc(s) must be byte-identical to utf8proc's NFC of s. */
static void check_nfc(const char *s, size_t len)
{
	struct strbuf got = STRBUF_INIT;
	size_t wlen = 0;
	char *want = ref_nfc(s, len, &wlen);

	CHECK(want);
	braid_text_nfc(s, len, &got);
	CHECK(got.len == wlen && !memcmp(got.buf, want, wlen));
	free(want);
	strbuf_release(&got);
}

static void check_internal_form(const char *t, size_t n)
{
	size_t cps, words, i, walked = 0;
	size_t nfc_len = 0;
	char *nfc;

	CHECK(braid_utf8_valid(t, n));
	CHECK(!memchr(t, '\r', n));
	CHECK(!memchr(t, '\0', n));
	nfc = ref_nfc(t, n, &nfc_len);
	CHECK(nfc && nfc_len == n && !memcmp(nfc, t, n));
	free(nfc);

	cps = braid_cp_count(t, n);
	words = braid_text_words(t, n);
	CHECK(cps <= n);
	CHECK(words <= cps);
	CHECK(braid_cp_to_byte(t, n, cps) == n);
	CHECK(braid_cp_to_byte(t, n, cps + 1) == n);
	for (i = 0; i < n; walked++) {
		int32_t cp;
		size_t step = braid_utf8_next(t + i, n - i, &cp);

		CHECK(step >= 1 && step <= 4 && step <= n - i);
		CHECK(cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
		if (n < 1024) /* quadratic: small outputs only */
			CHECK(braid_cp_to_byte(t, n, walked) == i);
		i += step;
	}
	CHECK(walked == cps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum braid_encoding encs[] = {
		BRAID_ENC_AUTO, BRAID_ENC_UTF8, BRAID_ENC_CP1252, BRAID_ENC_LATIN1,
	};
	const char *in = (const char *)data;
	size_t e;

	for (e = 0; e < sizeof(encs) / sizeof(encs[0]); e++) {
		struct strbuf out = STRBUF_INIT;
		struct braid_err err = BRAID_ERR_INIT;
		int ret;

		strbuf_addstr(&out, "pre");
		ret = braid_text_decode(in, size, encs[e], &out, &err);
		CHECK(out.len >= 3 && !memcmp(out.buf, "pre", 3));
		if (ret) {
			CHECK(ret == BRAID_EENCODING && err.code == ret && err.msg[0]);
			CHECK(out.len == 3);
			/* single-byte encodings can only fail on a NUL byte */
			if (encs[e] == BRAID_ENC_CP1252 || encs[e] == BRAID_ENC_LATIN1)
				CHECK(memchr(in, '\0', size));
		} else {
			check_internal_form(out.buf + 3, out.len - 3);
			/* plain UTF-8 (no BOM, CR or NUL) decodes to exactly its NFC */
			if (encs[e] == BRAID_ENC_UTF8 && !memchr(in, '\r', size) &&
			    !(size >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3))) {
				size_t wlen = 0;
				char *want = ref_nfc(in, size, &wlen);

				CHECK(want && wlen == out.len - 3 && !memcmp(want, out.buf + 3, wlen));
				free(want);
			}
		}
		strbuf_release(&out);
	}
	if (braid_utf8_valid(in, size))
		check_nfc(in, size);
	return 0;
}
