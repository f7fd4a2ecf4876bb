/* transcript.c - the parsed-transcript container, format names and detection, timestamps. */
#include <string.h>
#include <strings.h>

#include "braid/alloc.h"
#include "braid/transcript.h"
#include "office.h"

void braid_transcript_init(struct braid_transcript *t)
{
	t->turns = NULL;
	t->nr = t->alloc = 0;
}

void braid_transcript_release(struct braid_transcript *t)
{
	for (size_t i = 0; i < t->nr; i++) {
		free(t->turns[i].speaker);
		strbuf_release(&t->turns[i].text);
	}
	free(t->turns);
	braid_transcript_init(t);
}

struct braid_turn_src *braid_transcript_add(struct braid_transcript *t, const char *speaker,
					    const char *text, size_t len, size_t line)
{
	struct braid_turn_src *turn;

	ALLOC_GROW(t->turns, t->nr + 1, t->alloc);
	turn = &t->turns[t->nr++];
	turn->speaker = speaker ? xstrdup(speaker) : NULL;
	strbuf_init(&turn->text, len);
	strbuf_add(&turn->text, text, len);
	turn->start_ms = turn->end_ms = BRAID_NO_TIME;
	turn->line = line;
	return turn;
}

static const struct {
	const char *name;
	enum braid_format fmt;
} format_names[] = {
	{ "text", BRAID_FMT_TEXT },	 { "txt", BRAID_FMT_TEXT }, { "markdown", BRAID_FMT_MARKDOWN },
	{ "md", BRAID_FMT_MARKDOWN },	 { "vtt", BRAID_FMT_VTT },  { "webvtt", BRAID_FMT_VTT },
	{ "srt", BRAID_FMT_SRT },	 { "docx", BRAID_FMT_DOCX }, { "odt", BRAID_FMT_ODT },
};

const char *braid_format_name(enum braid_format f)
{
	switch (f) {
	case BRAID_FMT_TEXT: return "text";
	case BRAID_FMT_MARKDOWN: return "markdown";
	case BRAID_FMT_VTT: return "vtt";
	case BRAID_FMT_SRT: return "srt";
	case BRAID_FMT_DOCX: return "docx";
	case BRAID_FMT_ODT: return "odt";
	case BRAID_FMT_PDF: return "pdf";
	case BRAID_FMT_DOC: return "doc";
	default: return "unknown";
	}
}

int braid_format_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (!strcasecmp(name, format_names[i].name))
			return (int)format_names[i].fmt;
	return -1;
}

static int has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && !strcasecmp(path + n - m, suffix);
}

/* True if the first non-blank lines look like an SRT cue: a number, then "... --> ...". */
static int looks_like_srt(const char *p, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (p[i] == '\n' || p[i] == '\r' || p[i] == ' '))
		i++;
	if (i >= len || p[i] < '0' || p[i] > '9')
		return 0;
	while (i < len && p[i] >= '0' && p[i] <= '9')
		i++;
	while (i < len && (p[i] == ' ' || p[i] == '\r'))
		i++;
	if (i >= len || p[i] != '\n')
		return 0;
	for (size_t j = i + 1; j < len && j < i + 80 && p[j] != '\n'; j++)
		if (j + 3 <= len && !memcmp(p + j, "-->", 3))
			return 1;
	return 0;
}

enum braid_format braid_format_detect(const char *path, const char *data, size_t len)
{
	size_t off = (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) ? 3 : 0;

	if (len >= 5 && !memcmp(data, "%PDF-", 5))
		return BRAID_FMT_PDF;
	if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return BRAID_FMT_DOC;
	if (len >= 4 && !memcmp(data, "PK\3\4", 4)) {
		/* the package's content, else the name (braid_office_text words the refusal) */
		enum braid_format f = braid_office_kind(data, len);

		if (f != BRAID_FMT_UNKNOWN)
			return f;
		return path && has_suffix(path, ".odt") ? BRAID_FMT_ODT : BRAID_FMT_DOCX;
	}
	if (len - off >= 6 && !memcmp(data + off, "WEBVTT", 6))
		return BRAID_FMT_VTT;
	if (looks_like_srt(data, len))
		return BRAID_FMT_SRT;
	if (path) {
		if (has_suffix(path, ".vtt"))
			return BRAID_FMT_VTT;
		if (has_suffix(path, ".srt") || has_suffix(path, ".msrt"))
			return BRAID_FMT_SRT;
		if (has_suffix(path, ".md") || has_suffix(path, ".markdown"))
			return BRAID_FMT_MARKDOWN;
		if (has_suffix(path, ".docx"))
			return BRAID_FMT_DOCX;
		if (has_suffix(path, ".odt"))
			return BRAID_FMT_ODT;
		if (has_suffix(path, ".pdf"))
			return BRAID_FMT_PDF;
	}
	return BRAID_FMT_TEXT;
}

/*
 * Timestamps: up to four ':'-separated fields (days only when dhms), the
 * last may carry a fraction after '.' or ','. Fields after the first must
 * be below 60 (24 for hours when days are given). A leading '-' is allowed.
 */
int braid_parse_time(const char *s, size_t len, int dhms, int64_t *ms)
{
	int64_t field[4];
	int nf = 0, neg = 0, frac_digits = 0;
	int64_t frac = 0;
	size_t i = 0;

	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	for (;;) {
		int64_t v = 0;
		size_t d0 = i;

		while (i < len && s[i] >= '0' && s[i] <= '9' && i - d0 < 9)
			v = v * 10 + (s[i++] - '0');
		if (i == d0 || nf == 4)
			return -1;
		field[nf++] = v;
		if (i < len && s[i] == ':') {
			i++;
			continue;
		}
		break;
	}
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		size_t d0 = ++i;

		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (frac_digits < 3) {
				frac = frac * 10 + (s[i] - '0');
				frac_digits++;
			}
			i++;
		}
		if (i == d0)
			return -1;
		while (frac_digits < 3) {
			frac *= 10;
			frac_digits++;
		}
	}
	if (i != len || nf < 2 || (nf == 4 && !dhms))
		return -1;
	for (int k = 1; k < nf; k++)
		if (field[k] >= 60)
			return -1;
	if (nf == 4 && field[1] >= 24)
		return -1;
	{
		int64_t secs = 0;

		for (int k = 0; k < nf; k++)
			secs = secs * (nf == 4 && k == 1 ? 24 : 60) + field[k];
		/* The loop above multiplies the running total before adding the
		 * next field, so for d:h:m:s the factor before the hours field is 24. */
		*ms = secs * 1000 + frac;
	}
	if (neg)
		*ms = -*ms;
	return 0;
}
