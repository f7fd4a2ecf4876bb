/*
 * cue.h - internal to src/core/formats: what the WebVTT and SRT parsers
 * share. They find cues (timing line + text lines) and hand each text line
 * here; this module cleans the text (tags, entities, overrides, dialogue
 * dashes), finds speakers (voice tags, "Name: " labels), removes text that
 * rolling or overlapping auto-captions repeat, and merges cues into turns.
 * The rules are described for users in docs/transcripts.md.
 *
 * Use: braid_cues_init; for each cue braid_cues_begin, braid_cues_line per
 * text line, braid_cues_end; then braid_cues_emit once; braid_cues_release.
 * Nothing here fails: errors (bad timing lines) are the parsers' business.
 */
#ifndef BRAID_FORMATS_CUE_H
#define BRAID_FORMATS_CUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "braid/err.h"
#include "braid/strbuf.h"
#include "braid/transcript.h"

enum braid_cue_dialect {
	BRAID_CUE_VTT, /* <v Name> voice tags, &entities; */
	BRAID_CUE_SRT, /* {\an8} ASS overrides */
};

/* A piece of a cue with one speaker (most cues are one segment). */
struct braid_cue_seg {
	int64_t start_ms, end_ms;
	size_t line;      /* source line of the cue's timing line */
	size_t cue;       /* ordinal of the cue; segments of one cue share it */
	size_t off, len;  /* text in cues->text, lines separated by '\n', label included */
	size_t label_off; /* the candidate label starts at off + label_off ("[Name] ": 1) */
	size_t label_len; /* bytes of a candidate "Name: " or "[Name] " label; 0: none */
	size_t body;      /* offset of the text after the candidate label */
	size_t voice;     /* 1 + offset of the NUL-terminated voice name in cues->names; 0: none */
	int other;        /* a dialogue line after the first of its cue: someone else speaks */
	int confirmed;    /* set by emit: the candidate label is a speaker */
};

struct braid_cue_voice {
	size_t pos;  /* byte offset in the cleaned line */
	size_t name; /* like braid_cue_seg.voice */
};

struct braid_cues {
	enum braid_cue_dialect dialect;
	struct strbuf text;  /* all segment texts, back to back */
	struct strbuf names; /* voice names, NUL-terminated */
	struct braid_cue_seg *segs;
	size_t nr, alloc;
	size_t ncues;
	/* state of the cue being built */
	int in_cue, seg_open;
	int renormalize; /* markup removal or an entity may have left text that is not NFC */
	int64_t start_ms, end_ms;
	size_t line;
	struct strbuf scratch;
	struct braid_cue_voice *voices;
	size_t nvoices, voices_alloc;
};

/* hint: the length of the source text (the cleaned text is never longer). */
void braid_cues_init(struct braid_cues *c, enum braid_cue_dialect dialect, size_t hint);
void braid_cues_release(struct braid_cues *c);

/* Starts a cue; end_ms below start_ms is raised to start_ms. */
void braid_cues_begin(struct braid_cues *c, int64_t start_ms, int64_t end_ms, size_t line);
/* Adds one raw text line (no '\n') of the current cue. */
void braid_cues_line(struct braid_cues *c, const char *s, size_t len);
void braid_cues_end(struct braid_cues *c);

/* Resolves speakers, removes repeats, merges and appends the turns to out. */
void braid_cues_emit(struct braid_cues *c, const struct braid_parse_opts *o,
		     struct braid_transcript *out);

/*
 * Parses a timing line "START --> END [settings]" (the settings are
 * ignored). Returns 0, or BRAID_EPARSE with "line N: bad timestamp 'x'" or
 * "line N: bad timing line 'x'".
 */
int braid_cue_timing(const char *s, size_t len, size_t lineno, int64_t *start_ms, int64_t *end_ms,
		     struct braid_err *err);

/* 1 if the line contains "-->". */
int braid_cue_has_arrow(const char *s, size_t len);

/* 1 if the line is empty or only spaces and tabs. */
int braid_cue_blank(const char *s, size_t len);

/* Line reader over a buffer with LF line ends. */
struct braid_cue_reader {
	const char *p;
	size_t len, pos, lineno;
};

/* Sets *s, *n to the next line (without '\n') and returns 1; 0 at the end. */
static inline int braid_cue_next(struct braid_cue_reader *r, const char **s, size_t *n)
{
	const char *nl;

	if (r->pos >= r->len)
		return 0;
	*s = r->p + r->pos;
	nl = memchr(*s, '\n', r->len - r->pos);
	*n = nl ? (size_t)(nl - *s) : r->len - r->pos;
	r->pos += *n + (nl ? 1 : 0);
	r->lineno++;
	return 1;
}

/* Like braid_cue_next but does not advance. */
static inline int braid_cue_peek(const struct braid_cue_reader *r, const char **s, size_t *n)
{
	struct braid_cue_reader copy = *r;

	return braid_cue_next(&copy, s, n);
}

#endif
