/*
 * fuzz_docx.c - libFuzzer harness for braid_docx_text (any bytes: a zip,
 * or not). On success the appended text must be valid UTF-8 without NUL
 * bytes and must not start with the paragraph separator; on failure the
 * error must be BRAID_EPARSE with a message and the output untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/transcript.h"

static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char prefix[] = "prefix|";
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	const char *s;
	size_t n;
	int rc;

	strbuf_addstr(&out, prefix);
	rc = braid_docx_text((const char *)data, size, &out, &err);
	if (out.len < sizeof(prefix) - 1 || memcmp(out.buf, prefix, sizeof(prefix) - 1))
		abort();
	s = out.buf + sizeof(prefix) - 1;
	n = out.len - (sizeof(prefix) - 1);
	if (rc == 0) {
		if (strlen(s) != n || !utf8_valid((const unsigned char *)s, n) || (n >= 2 && !memcmp(s, "\n\n", 2)))
			abort();
	} else if (rc != BRAID_EPARSE || err.code != BRAID_EPARSE || !err.msg[0] || n != 0) {
		abort();
	}
	strbuf_release(&out);
	return 0;
}
