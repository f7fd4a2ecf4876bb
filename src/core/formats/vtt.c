/*
 * vtt.c - WebVTT transcripts (see transcript.h and docs/transcripts.md).
 *
 * The block structure follows the WebVTT parsing rules loosely: a
 * "WEBVTT" line, header lines up to the first blank line, then blocks
 * separated by blank lines. A block whose first or second line holds
 * "-->" is a cue (the first line then being its identifier), unless it
 * starts with "NOTE"; any other block (NOTE, STYLE, REGION, junk) is
 * skipped. Cue text ends at a blank
 * line or at a line holding "-->", which starts the next cue (YouTube
 * files leave out the blank line). Cue text itself is handled in cue.c.
 */
#include <string.h>

#include "braid/transcript.h"
#include "cue.h"

static int is_header(const char *s, size_t n)
{
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	return n >= 6 && !memcmp(s, "WEBVTT", 6) && (n == 6 || s[6] == ' ' || s[6] == '\t');
}

/* A comment block starts with "NOTE" alone or followed by a space or tab. */
static int is_note(const char *s, size_t n)
{
	return n >= 4 && !memcmp(s, "NOTE", 4) && (n == 4 || s[4] == ' ' || s[4] == '\t');
}

/* Skips the rest of a non-cue block, up to a blank line (consumed). */
static void skip_block(struct braid_cue_reader *r)
{
	const char *s;
	size_t n;

	while (braid_cue_next(r, &s, &n))
		if (braid_cue_blank(s, n))
			return;
}

/*
 * Reads the lines of a block up to a blank line (consumed) or a timing line,
 * which is left in *s, *n for the caller: returns 1 then. With cues set, the
 * lines read are cue text.
 */
static int read_block(struct braid_cue_reader *r, const char **s, size_t *n,
		      struct braid_cues *cues)
{
	while (braid_cue_next(r, s, n)) {
		if (braid_cue_blank(*s, *n))
			return 0;
		if (braid_cue_has_arrow(*s, *n))
			return 1;
		if (cues)
			braid_cues_line(cues, *s, *n);
	}
	return 0;
}

int braid_parse_vtt(const char *text, size_t len, const struct braid_parse_opts *o,
		    struct braid_transcript *out, struct braid_err *err)
{
	struct braid_cue_reader r = { text, len, 0, 0 };
	struct braid_cues cues;
	const char *s, *s2;
	size_t n, n2;
	int have = 0; /* s, n hold a line not yet dealt with */

	if (!braid_cue_next(&r, &s, &n) || !is_header(s, n))
		return braid_errorf(err, BRAID_EPARSE, "line 1: expected 'WEBVTT' header");
	/* Header lines run to the first blank line; a line with "-->" starts a cue. */
	have = read_block(&r, &s, &n, NULL);

	braid_cues_init(&cues, BRAID_CUE_VTT, len);
	for (;;) {
		int64_t start, end;
		size_t timing_line;
		int rc;

		if (!have && !braid_cue_next(&r, &s, &n))
			break;
		have = 0;
		if (braid_cue_blank(s, n))
			continue;
		if (is_note(s, n)) {
			skip_block(&r);
			continue;
		}
		if (!braid_cue_has_arrow(s, n)) {
			/* An identifier before a timing line, or a block that is no cue. */
			if (!braid_cue_peek(&r, &s2, &n2) || braid_cue_blank(s2, n2) ||
			    !braid_cue_has_arrow(s2, n2)) {
				skip_block(&r);
				continue;
			}
			braid_cue_next(&r, &s, &n);
		}
		timing_line = r.lineno;
		rc = braid_cue_timing(s, n, timing_line, &start, &end, err);
		if (rc < 0) {
			braid_cues_release(&cues);
			return rc;
		}
		braid_cues_begin(&cues, start, end, timing_line);
		have = read_block(&r, &s, &n, &cues);
		braid_cues_end(&cues);
	}
	braid_cues_emit(&cues, o, out);
	braid_cues_release(&cues);
	return 0;
}
