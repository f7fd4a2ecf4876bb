/*
 * fuzz.h - shared by the libFuzzer harnesses: an independent UTF-8 check
 * (an oracle that does not use the code under test) and the test for
 * braid's internal text form.
 */
#ifndef BRAID_FUZZ_H
#define BRAID_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
static inline int fuzz_utf8_valid(const unsigned char *s, size_t n)
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

/* The parsers' contract: valid UTF-8, LF line ends, no NUL. */
static inline int fuzz_internal_form(const uint8_t *d, size_t n)
{
	return !memchr(d, '\0', n) && !memchr(d, '\r', n) && fuzz_utf8_valid(d, n);
}

#endif
