/*
 * fuzz_vtt.c - libFuzzer harness for braid_parse_vtt.
 *
 * The parser's contract covers text in the internal form only (valid
 * UTF-8, LF line ends, no NUL), so other input is skipped. On success every
 * turn must keep the promises of transcript.h; on failure the error must be
 * BRAID_EPARSE with a line number and the transcript must be untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/transcript.h"

/* Valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
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

static int internal_form(const uint8_t *d, size_t n)
{
	return !memchr(d, '\0', n) && !memchr(d, '\r', n) && utf8_valid(d, n);
}

static void check_label(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	if (n == 0 || n > BRAID_LABEL_MAX || s[0] == ' ' || s[n - 1] == ' ' || strchr(s, '\n') ||
	    !utf8_valid((const unsigned char *)s, n))
		abort();
}

static void check(const struct braid_transcript *t, size_t nlines, int no_speakers)
{
	size_t last_line = 1;

	for (size_t i = 0; i < t->nr; i++) {
		const struct braid_turn_src *u = &t->turns[i];
		const char *s = u->text.buf;
		size_t n = u->text.len;

		if (n == 0 || strlen(s) != n || s[0] == ' ' || s[n - 1] == ' ' || memchr(s, '\n', n) ||
		    memchr(s, '\t', n) || strstr(s, "  ") || !utf8_valid((const unsigned char *)s, n))
			abort();
		check_label(u->speaker);
		if (no_speakers && u->speaker)
			abort();
		if (u->start_ms < 0 || u->end_ms < u->start_ms)
			abort();
		if (u->line < last_line || u->line > nlines)
			abort();
		last_line = u->line;
	}
}

static void run(const uint8_t *data, size_t size, const struct braid_parse_opts *o)
{
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;
	size_t nlines = 1;
	int rc;

	for (size_t i = 0; i < size; i++)
		nlines += data[i] == '\n';
	braid_transcript_init(&t);
	rc = braid_parse_vtt((const char *)data, size, o, &t, &err);
	if (rc == 0)
		check(&t, nlines, o && o->no_speakers);
	else if (rc != BRAID_EPARSE || err.code != BRAID_EPARSE || strncmp(err.msg, "line ", 5) || t.nr)
		abort();
	braid_transcript_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct braid_parse_opts o = { 0 };
	static const char *const speakers[] = { "Anna", "B" };

	if (!internal_form(data, size))
		return 0;
	run(data, size, NULL);
	o.speakers = speakers;
	o.nspeakers = 2;
	run(data, size, &o);
	o.no_speakers = 1;
	run(data, size, &o);
	return 0;
}
