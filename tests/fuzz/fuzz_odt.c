/*
 * fuzz_odt.c - libFuzzer harness for braid_odt_text and for
 * braid_office_text, the call ingest makes (any bytes: a zip, or not; the
 * package's content picks docx or ODT). On success the appended text must
 * be valid UTF-8 without NUL bytes and must not start with the paragraph
 * separator; on failure the error must be BRAID_EPARSE with a message and
 * the output untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/transcript.h"
#include "fuzz.h"

typedef int (*extract_fn)(const char *, size_t, struct strbuf *, struct braid_err *);

static int office_odt(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	return braid_office_text(BRAID_FMT_ODT, data, len, out, err);
}

static void check(extract_fn fn, const uint8_t *data, size_t size)
{
	static const char prefix[] = "prefix|";
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	const char *s;
	size_t n;
	int rc;

	strbuf_addstr(&out, prefix);
	rc = fn((const char *)data, size, &out, &err);
	if (out.len < sizeof(prefix) - 1 || memcmp(out.buf, prefix, sizeof(prefix) - 1))
		abort();
	s = out.buf + sizeof(prefix) - 1;
	n = out.len - (sizeof(prefix) - 1);
	if (rc == 0) {
		if (strlen(s) != n || !fuzz_utf8_valid((const unsigned char *)s, n) ||
		    (n >= 2 && !memcmp(s, "\n\n", 2)))
			abort();
	} else if (rc != BRAID_EPARSE || err.code != BRAID_EPARSE || !err.msg[0] || n != 0) {
		abort();
	}
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(braid_odt_text, data, size);
	check(office_odt, data, size);
	return 0;
}
