/*
 * fuzz_plain.c - libFuzzer harness for braid_parse_plain (formats/plain.c).
 *
 * The first byte picks the options (bit 0: no_speakers, bit 1: declared
 * speakers, bit 2: a --speaker-pattern; the seeds in corpus/plain use the
 * digits '0'..'7', so "0..." means the default rules); the rest is the
 * text. Input that is not valid UTF-8 is skipped: the parser's contract is
 * the internal form.
 * Checked on every result: each turn has non-empty text without leading or
 * trailing white space, a speaker label (if any) of 1..BRAID_LABEL_MAX bytes
 * without surrounding space, no speaker under no_speakers, lines in order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/transcript.h"
#include "fuzz.h"

/* 1 if u[0..k) is exactly one white-space character the parser trims
 * (ASCII, the Unicode White_Space set, U+FEFF). */
static int is_space(const unsigned char *u, size_t k)
{
	if (k == 1)
		return u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r');
	if (k == 2)
		return u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0);
	return k == 3 && ((u[0] == 0xE2 && u[1] == 0x80 &&
			   (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF)) ||
			  (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80) ||
			  (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) ||
			  (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) ||
			  (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF));
}

static int padded(const unsigned char *u, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (is_space(u, k) || is_space(u + n - k, k))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const declared[] = {"Note", "Dr Who?", "anna", "P"};
	struct braid_parse_opts o;
	struct braid_transcript t;
	struct braid_err err = BRAID_ERR_INIT;
	const char *text;
	size_t len, line = 0;
	int rc;

	if (size < 1 || !fuzz_utf8_valid(data + 1, size - 1))
		return 0;
	memset(&o, 0, sizeof(o));
	o.no_speakers = data[0] & 1;
	if (data[0] & 2) {
		o.speakers = declared;
		o.nspeakers = sizeof(declared) / sizeof(declared[0]);
	}
	if (data[0] & 4)
		o.speaker_pattern = "(?:\\[(?<time>[^\\]]*)\\] )?(?<speaker>[^>:]*)[>:]\\s*";
	text = (const char *)data + 1;
	len = size - 1;

	braid_transcript_init(&t);
	rc = braid_parse_plain(text, len, &o, &t, &err);
	if (rc) {
		/* valid UTF-8 and good options: the parser has no reason to fail */
		abort();
	}
	for (size_t i = 0; i < t.nr; i++) {
		const struct braid_turn_src *u = &t.turns[i];
		const unsigned char *s = (const unsigned char *)u->text.buf;
		size_t n = u->text.len;

		if (!n || padded(s, n))
			abort();
		if (u->speaker) {
			size_t m = strlen(u->speaker);

			if (o.no_speakers || m == 0 || m > BRAID_LABEL_MAX ||
			    padded((const unsigned char *)u->speaker, m))
				abort();
		}
		if (u->line < 1 || u->line < line || u->end_ms != BRAID_NO_TIME)
			abort();
		line = u->line;
	}
	braid_transcript_release(&t);
	return 0;
}
