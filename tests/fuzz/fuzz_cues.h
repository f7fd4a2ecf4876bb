/*
 * fuzz_cues.h - the body of the subtitle harnesses (fuzz_vtt.c, fuzz_srt.c),
 * which define FUZZ_PARSE as their parser before including it.
 *
 * The parser's contract covers text in the internal form only (valid
 * UTF-8, LF line ends, no NUL), so other input is skipped. On success every
 * turn must keep the promises of transcript.h; on failure the error must be
 * BRAID_EPARSE with a line number and the transcript must be untouched.
 */
#include "braid/transcript.h"
#include "fuzz.h"

static void check_label(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	if (n == 0 || n > BRAID_LABEL_MAX || s[0] == ' ' || s[n - 1] == ' ' || strchr(s, '\n') ||
	    !fuzz_utf8_valid((const unsigned char *)s, n))
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
		    memchr(s, '\t', n) || strstr(s, "  ") || !fuzz_utf8_valid((const unsigned char *)s, n))
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
	rc = FUZZ_PARSE((const char *)data, size, o, &t, &err);
	if (rc == 0)
		check(&t, nlines, o && o->no_speakers);
	else if (rc != BRAID_EPARSE || err.code != BRAID_EPARSE || strncmp(err.msg, "line ", 5) || t.nr)
		abort();
	braid_transcript_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct braid_parse_opts o = { 0 };
	static const char *const speakers[] = { "Anna", "B" };

	if (!fuzz_internal_form(data, size))
		return 0;
	run(data, size, NULL);
	o.speakers = speakers;
	o.nspeakers = 2;
	run(data, size, &o);
	o.no_speakers = 1;
	run(data, size, &o);
	return 0;
}
