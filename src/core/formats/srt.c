/*
 * srt.c - SubRip transcripts (see transcript.h and docs/transcripts.md).
 *
 * A cue is an optional number line, a timing line "00:00:01,000 -->
 * 00:00:02,500" ('.' accepted for ','), then text lines up to a blank
 * line. Tolerated: missing numbers, extra blank lines, trailing spaces,
 * missing blank lines between cues, and text after a blank line inside a
 * cue (it continues the cue). Single-language .msrt files (the Morevna
 * project's multi-language SRT: "[*]" header lines, "[rus] " before each
 * text line) are read with the language prefix dropped; files with more
 * than one language are refused. Cue text itself is handled in cue.c.
 */
#include <string.h>

#include "braid/transcript.h"
#include "cue.h"

static int digits_only(const char *s, size_t n)
{
	size_t i = 0, d;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i == n;
}

/* Length of an .msrt language prefix "[abc]" at s, or 0. */
static size_t msrt_lang(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 4 || s[0] != '[')
		return 0;
	while (i < n && i <= 8 && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
		i++;
	return i >= 3 && i < n && s[i] == ']' ? i + 1 : 0;
}

struct srt_state {
	struct braid_cue_reader r;
	struct braid_cues cues;
	int msrt;
	char lang[12]; /* first .msrt language seen, with brackets */
	size_t lang_len;
};

static int text_line(struct srt_state *st, const char *s, size_t n, struct braid_err *err)
{
	if (st->msrt) {
		size_t l = msrt_lang(s, n);

		if (l) {
			if (!st->lang_len) {
				memcpy(st->lang, s, l);
				st->lang_len = l;
			} else if (l != st->lang_len || memcmp(st->lang, s, l)) {
				return braid_errorf(err, BRAID_EPARSE,
						    "line %zu: .msrt file with more than one language "
						    "('%.*s' and '%.*s'): extract one language first",
						    st->r.lineno, (int)st->lang_len - 2, st->lang + 1, (int)l - 2, s + 1);
			}
			s += l;
			n -= l;
		}
	}
	braid_cues_line(&st->cues, s, n);
	return 0;
}

static int parse(struct srt_state *st, struct braid_err *err)
{
	const char *s, *s2;
	size_t n, n2;
	int in_text = 0; /* reading cue text, no blank line since */
	int have_cue = 0;

	while (braid_cue_next(&st->r, &s, &n)) {
		size_t lineno = st->r.lineno;
		int64_t start, end;
		int rc;

		if (braid_cue_blank(s, n)) {
			in_text = 0;
			continue;
		}
		if (lineno == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
			s += 3;
			n -= 3;
		}
		if (st->msrt && !in_text && n >= 3 && !memcmp(s, "[*]", 3))
			continue;
		if (digits_only(s, n) && braid_cue_peek(&st->r, &s2, &n2)) {
			if (braid_cue_has_arrow(s2, n2)) {
				braid_cue_next(&st->r, &s, &n);
				rc = braid_cue_timing(s, n, lineno + 1, &start, &end, err);
				if (rc < 0)
					return rc;
				braid_cues_begin(&st->cues, start, end, lineno + 1);
				in_text = have_cue = 1;
				continue;
			}
			if (!in_text && !braid_cue_blank(s2, n2))
				return braid_cue_timing(s2, n2, lineno + 1, &start, &end, err);
		} else if (braid_cue_has_arrow(s, n)) {
			if (!in_text) {
				rc = braid_cue_timing(s, n, lineno, &start, &end, err);
				if (rc < 0)
					return rc;
			}
			if (!in_text || braid_cue_timing(s, n, lineno, &start, &end, NULL) == 0) {
				braid_cues_begin(&st->cues, start, end, lineno);
				in_text = have_cue = 1;
				continue;
			}
		}
		if (!have_cue)
			return braid_errorf(err, BRAID_EPARSE, "line %zu: expected a subtitle number or timing line",
					    lineno);
		rc = text_line(st, s, n, err);
		if (rc < 0)
			return rc;
		in_text = 1;
	}
	return 0;
}

int braid_parse_srt(const char *text, size_t len, const struct braid_parse_opts *o,
		    struct braid_transcript *out, struct braid_err *err)
{
	struct srt_state st;
	size_t i = 0;
	int rc;

	memset(&st, 0, sizeof(st));
	st.r.p = text;
	st.r.len = len;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (text[i] == '\n' || text[i] == ' ' || text[i] == '\t'))
		i++;
	st.msrt = len - i >= 3 && !memcmp(text + i, "[*]", 3);
	braid_cues_init(&st.cues, BRAID_CUE_SRT, len);
	rc = parse(&st, err);
	if (rc == 0)
		braid_cues_emit(&st.cues, o, out);
	braid_cues_release(&st.cues);
	return rc;
}
