/*
 * cue.c - what the WebVTT and SRT parsers share (see cue.h): timing lines,
 * cue text cleaning, speakers, removal of repeated caption text, and the
 * merging of cues into turns.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "braid/alloc.h"
#include "braid/text.h"
#include "cue.h"

/* At most this many words at the seam of two cues are compared for repeats. */
#define REPEAT_WORDS 64
/* Cues that start at most this long after the previous one ended "touch". */
#define TOUCH_MS 10
/* Cues without speakers: a new turn after a longer gap, or a shorter one after a sentence. */
#define PARA_GAP_MS 2000
#define SENTENCE_GAP_MS 1000
/* Longest piece of a bad line quoted in an error message. */
#define QUOTE_MAX 60

void braid_cues_init(struct braid_cues *c, enum braid_cue_dialect dialect, size_t hint)
{
	memset(c, 0, sizeof(*c));
	c->dialect = dialect;
	strbuf_init(&c->text, hint);
	strbuf_init(&c->names, 0);
	strbuf_init(&c->scratch, 0);
}

void braid_cues_release(struct braid_cues *c)
{
	strbuf_release(&c->text);
	strbuf_release(&c->names);
	strbuf_release(&c->scratch);
	free(c->segs);
	free(c->voices);
	braid_cues_init(c, c->dialect, 0);
}

/* ---- timing lines ---- */

int braid_cue_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

static const char *find_arrow(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (end - p >= 3 && (p = memchr(p, '-', (size_t)(end - p - 2)))) {
		if (p[1] == '-' && p[2] == '>')
			return p;
		p++;
	}
	return NULL;
}

int braid_cue_has_arrow(const char *s, size_t len)
{
	return find_arrow(s, len) != NULL;
}

/* Bytes of s to quote in a message: at most QUOTE_MAX, never cutting a UTF-8 sequence. */
static int quote_len(const char *s, size_t n)
{
	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

static int is_ws(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int parse_ts(const char *s, size_t n, int64_t *ms)
{
	if (n && s[0] == '-')
		return -1;
	return braid_parse_time(s, n, 0, ms);
}

int braid_cue_timing(const char *s, size_t len, size_t lineno, int64_t *start_ms, int64_t *end_ms,
		     struct braid_err *err)
{
	const char *arrow = find_arrow(s, len), *a = s, *a_end, *b, *b_end, *end;

	while (len && is_ws(s[len - 1]))
		len--;
	end = s + len;
	while (a < end && is_ws(*a))
		a++;
	if (!arrow || arrow >= end)
		return braid_errorf(err, BRAID_EPARSE, "line %zu: bad timing line '%.*s'", lineno,
				    quote_len(a, (size_t)(end - a)), a);
	a_end = arrow;
	while (a_end > a && is_ws(a_end[-1]))
		a_end--;
	b = arrow + 3;
	while (b < end && is_ws(*b))
		b++;
	b_end = b;
	while (b_end < end && !is_ws(*b_end))
		b_end++;
	if (a_end == a || b_end == b)
		return braid_errorf(err, BRAID_EPARSE, "line %zu: bad timing line '%.*s'", lineno,
				    quote_len(a, (size_t)(end - a)), a);
	if (parse_ts(a, (size_t)(a_end - a), start_ms) < 0)
		return braid_errorf(err, BRAID_EPARSE, "line %zu: bad timestamp '%.*s'", lineno,
				    quote_len(a, (size_t)(a_end - a)), a);
	if (parse_ts(b, (size_t)(b_end - b), end_ms) < 0)
		return braid_errorf(err, BRAID_EPARSE, "line %zu: bad timestamp '%.*s'", lineno,
				    quote_len(b, (size_t)(b_end - b)), b);
	return 0;
}

/* ---- cleaning cue text ---- */

static void put_utf8(struct strbuf *o, int32_t cp)
{
	unsigned char b[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, b);

	strbuf_add(o, b, (size_t)n);
}

/*
 * Decodes an entity at s ('&'): returns the bytes it takes (0: not an
 * entity, keep the '&') and the code point, or ' ' for the characters that
 * become a space (no-break space, controls).
 */
static size_t entity(const char *s, size_t n, int32_t *cp)
{
	static const struct {
		const char *name;
		int32_t cp;
	} named[] = {
		{ "amp;", '&' },       { "lt;", '<' },	     { "gt;", '>' },	 { "quot;", '"' },
		{ "apos;", '\'' },     { "nbsp;", ' ' },     { "lrm;", 0x200E }, { "rlm;", 0x200F },
	};
	size_t i = 1;

	if (n >= 3 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		int64_t v = 0;
		size_t d0;

		i = hex ? 3 : 2;
		d0 = i;
		for (; i < n && i - d0 < 10; i++) {
			char ch = s[i];
			int d;

			if (ch >= '0' && ch <= '9')
				d = ch - '0';
			else if (hex && ch >= 'a' && ch <= 'f')
				d = ch - 'a' + 10;
			else if (hex && ch >= 'A' && ch <= 'F')
				d = ch - 'A' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + d;
		}
		if (i == d0 || i >= n || s[i] != ';')
			return 0;
		if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			*cp = 0xFFFD;
		else if (v <= 0x20 || (v >= 0x7F && v < 0xA0))
			*cp = ' ';
		else
			*cp = (int32_t)v;
		return i + 1;
	}
	for (size_t k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
		size_t m = strlen(named[k].name);

		if (n - 1 >= m && !memcmp(s + 1, named[k].name, m)) {
			*cp = named[k].cp;
			return m + 1;
		}
	}
	return 0;
}

static int is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* If s[i] == '<' opens a tag closed on the same line, the index of its '>'; else 0. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
	const char *gt;

	if (i + 1 >= n || !(is_alpha(s[i + 1]) || s[i + 1] == '/' || (s[i + 1] >= '0' && s[i + 1] <= '9')))
		return 0;
	gt = memchr(s + i + 1, '>', n - i - 1);
	return gt ? (size_t)(gt - s) : 0;
}

static int special(const struct braid_cues *c, char ch)
{
	return ch == ' ' || ch == '\t' || ch == '<' || (ch == '&' && c->dialect == BRAID_CUE_VTT) ||
	       (ch == '{' && c->dialect == BRAID_CUE_SRT);
}

static void voice_tag(struct braid_cues *c, const char *t, size_t n, size_t pos);

/*
 * The source is NFC, but removing markup can bring a base letter and a
 * combining mark together ("e<i>\u0301"): note when a non-ASCII character
 * follows removed markup, and normalise the output then.
 */
static void check_seam(struct braid_cues *c, const char *s, size_t n, size_t i)
{
	if (i < n && (unsigned char)s[i] >= 0x80)
		c->renormalize = 1;
}

/*
 * Appends the visible text of s to o: tags and overrides dropped, entities
 * decoded, runs of spaces and tabs made one space, none at either end.
 * With voices set, <v> tags are recorded in c->voices (positions in o).
 */
static void clean(struct braid_cues *c, const char *s, size_t n, struct strbuf *o, int voices)
{
	size_t i = 0, base = o->len;
	int space = 0;

	while (i < n) {
		char ch = s[i];
		size_t run;

		if (ch == ' ' || ch == '\t') {
			space = 1;
			i++;
			continue;
		}
		if (ch == '<') {
			size_t j = tag_end(s, n, i);

			if (j) {
				if (voices)
					voice_tag(c, s + i + 1, j - i - 1, o->len);
				i = j + 1;
				check_seam(c, s, n, i);
				continue;
			}
		} else if (ch == '{' && c->dialect == BRAID_CUE_SRT && i + 1 < n && s[i + 1] == '\\') {
			const char *e = memchr(s + i, '}', n - i);

			if (e) {
				i = (size_t)(e - s) + 1;
				check_seam(c, s, n, i);
				continue;
			}
		} else if (ch == '&' && c->dialect == BRAID_CUE_VTT) {
			int32_t cp;
			size_t used = entity(s + i, n - i, &cp);

			if (used) {
				i += used;
				check_seam(c, s, n, i);
				if (cp >= 0x300)
					c->renormalize = 1;
				if (cp == ' ') {
					space = 1;
					continue;
				}
				if (space && o->len > base)
					strbuf_addch(o, ' ');
				space = 0;
				put_utf8(o, cp);
				continue;
			}
		}
		for (run = i + 1; run < n && !special(c, s[run]); run++)
			;
		if (space && o->len > base)
			strbuf_addch(o, ' ');
		space = 0;
		strbuf_add(o, s + i, run - i);
		i = run;
	}
}

/* t: the tag without '<' and '>'. Records <v Name> and <v.class Name>. */
static void voice_tag(struct braid_cues *c, const char *t, size_t n, size_t pos)
{
	size_t k = 1, base;

	if (n < 1 || t[0] != 'v' || (n > 1 && t[1] != '.' && !is_ws(t[1])))
		return;
	while (k < n && !is_ws(t[k])) /* classes */
		k++;
	base = c->names.len;
	clean(c, t + k, n - k, &c->names, 0);
	if (c->names.len == base)
		return; /* <v> without a name */
	if (c->names.len - base > BRAID_LABEL_MAX) {
		size_t cut = BRAID_LABEL_MAX;

		while (cut > 0 && ((unsigned char)c->names.buf[base + cut] & 0xC0) == 0x80)
			cut--;
		while (cut > 0 && c->names.buf[base + cut - 1] == ' ')
			cut--;
		strbuf_setlen(&c->names, base + cut);
	}
	strbuf_addch(&c->names, '\0');
	ALLOC_GROW(c->voices, c->nvoices + 1, c->voices_alloc);
	c->voices[c->nvoices].pos = pos;
	c->voices[c->nvoices].name = base + 1;
	c->nvoices++;
}

/* ---- segments ---- */

static struct braid_cue_seg *open_seg(struct braid_cues *c, size_t voice)
{
	struct braid_cue_seg *seg;

	ALLOC_GROW(c->segs, c->nr + 1, c->alloc);
	seg = &c->segs[c->nr++];
	memset(seg, 0, sizeof(*seg));
	seg->start_ms = c->start_ms;
	seg->end_ms = c->end_ms;
	seg->line = c->line;
	seg->cue = c->ncues;
	seg->off = seg->body = c->text.len;
	seg->voice = voice;
	c->seg_open = 1;
	return seg;
}

static void close_seg(struct braid_cues *c)
{
	if (c->seg_open && c->segs[c->nr - 1].len == 0)
		c->nr--;
	c->seg_open = 0;
}

static const char *voice_name(const struct braid_cues *c, size_t voice)
{
	return c->names.buf + voice - 1;
}

static void set_voice(struct braid_cues *c, size_t voice)
{
	struct braid_cue_seg *seg = c->seg_open ? &c->segs[c->nr - 1] : NULL;

	if (seg && seg->len == 0) {
		seg->voice = voice;
		return;
	}
	if (seg && seg->voice && !strcmp(voice_name(c, seg->voice), voice_name(c, voice)))
		return;
	close_seg(c);
	open_seg(c, voice);
}

/* Bytes of a dialogue dash ("- ", "-", "– ", "— ") opening p, or 0. */
static size_t dialogue_dash(const char *p, size_t n)
{
	size_t i;

	if (n >= 1 && p[0] == '-')
		i = 1;
	else if (n >= 3 && !memcmp(p, "\xE2\x80", 2) && ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
		i = 3;
	else
		return 0;
	while (i < n && p[i] == ' ')
		i++;
	if (i >= n || (p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == '>')
		return 0;
	return i;
}

/*
 * Length of a candidate speaker label at the start of p ("Name: text"), or
 * 0. Conservative: at most BRAID_LABEL_MAX bytes and 6 words, starting with
 * an upper-case or caseless letter, no sentence punctuation except the dot
 * of a short abbreviation ("Dr. Ruth"), followed by ": " and more text.
 */
static size_t label_candidate(const char *p, size_t n)
{
	size_t lim = n < BRAID_LABEL_MAX + 1 ? n : BRAID_LABEL_MAX + 1;
	const char *colon = memchr(p, ':', lim);
	size_t len, words = 1, tok = 0;
	utf8proc_int32_t cp;
	utf8proc_category_t cat;

	if (!colon)
		return 0;
	len = (size_t)(colon - p);
	if (len == 0 || len + 2 >= n || colon[1] != ' ' || p[len - 1] == ' ')
		return 0;
	if (utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len, &cp) <= 0)
		return 0;
	cat = utf8proc_category(cp);
	if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LT && cat != UTF8PROC_CATEGORY_LO)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == ' ') {
			if (++words > 6)
				return 0;
			tok = 0;
			continue;
		}
		tok++;
		if (strchr(",;!?\"()[]{}<>", ch))
			return 0;
		if (ch == '.' && (tok > 4 || i + 1 >= len || p[i + 1] != ' '))
			return 0;
		/* … “ ” « » */
		if (ch == 0xE2 && i + 2 < len && (unsigned char)p[i + 1] == 0x80 &&
		    ((unsigned char)p[i + 2] == 0xA6 || (unsigned char)p[i + 2] == 0x9C ||
		     (unsigned char)p[i + 2] == 0x9D))
			return 0;
		if (ch == 0xC2 && i + 1 < len && ((unsigned char)p[i + 1] == 0xAB || (unsigned char)p[i + 1] == 0xBB))
			return 0;
	}
	return len;
}

/*
 * Length of a bracketed speaker name at the start of p ("[Name] text", the
 * Netflix style for a speaker who cannot be seen), or 0; *body is set to
 * the bytes up to the text. Bracketed descriptions of sounds and actions
 * must not become speakers in any language ("[laughs]", "[ríe]",
 * "[bostezos]", "[орёт]", "[door creaks]", "[LAUGHS]", "[ВАРИАНТ1:]"), so
 * the shape decides, never a word list: 1 to 6 words; every word starts
 * with an upper-case, title-case or caseless letter or a digit (the first
 * with a letter); only letters, marks, digits, - ' ’ and a '.' after a
 * letter ("Dr. Ruth"); and a name written with cased letters has at least
 * one lower-case letter, since captions write sounds in capitals too.
 */
static size_t bracket_label(const char *p, size_t n, size_t *body)
{
	size_t lim = n < BRAID_LABEL_MAX + 2 ? n : BRAID_LABEL_MAX + 2;
	const char *close;
	size_t len, i = 1, words = 0;
	int at_word = 1, prev_letter = 0, cased = 0, lower = 0;

	if (n < 4 || p[0] != '[' || !(close = memchr(p, ']', lim)))
		return 0;
	len = (size_t)(close - p) - 1;
	if (len == 0 || (size_t)(close - p) + 2 >= n || close[1] != ' ')
		return 0;
	while (i <= len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
						      (utf8proc_ssize_t)(len + 1 - i), &cp);
		utf8proc_category_t cat;
		int letter, digit;

		if (k <= 0)
			return 0;
		if (cp == ' ') {
			if (at_word)
				return 0;
			at_word = 1;
			prev_letter = 0;
			i++;
			continue;
		}
		cat = utf8proc_category(cp);
		letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
		digit = cat == UTF8PROC_CATEGORY_ND;
		if (at_word) {
			if (++words > 6 || !(letter || (digit && words > 1)) || cat == UTF8PROC_CATEGORY_LL ||
			    cat == UTF8PROC_CATEGORY_LM)
				return 0;
			at_word = 0;
		}
		if (letter) {
			cased |= cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
				 cat == UTF8PROC_CATEGORY_LT;
			lower |= cat == UTF8PROC_CATEGORY_LL;
		} else if (cp == '.') {
			if (!prev_letter)
				return 0;
		} else if (!(digit || (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
			     cp == '-' || cp == '\'' || cp == 0x2019)) {
			return 0;
		}
		prev_letter = letter;
		i += (size_t)k;
	}
	if (at_word || (cased && !lower))
		return 0;
	*body = len + 3;
	return len;
}

/* Adds a piece of cleaned text (part of one line) to the open segment. */
static void add_piece(struct braid_cues *c, const char *p, size_t n)
{
	struct braid_cue_seg *seg;
	size_t dash;

	while (n && p[0] == ' ')
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	if (!n)
		return;
	if (!c->seg_open)
		open_seg(c, 0);
	seg = &c->segs[c->nr - 1];
	dash = dialogue_dash(p, n);
	if (dash) {
		p += dash;
		n -= dash;
		if (seg->len) {
			size_t voice = seg->voice;

			close_seg(c);
			seg = open_seg(c, voice);
			/* "-Are you coming?" / "-In a minute.": the second line is someone
			 * else's, unless a voice tag names the speaker of the whole cue */
			seg->other = !voice;
		}
	}
	if (seg->len == 0) {
		size_t body;

		seg->off = seg->body = c->text.len;
		seg->label_off = seg->label_len = 0;
		if (seg->voice) {
			/* the voice tag names the speaker */
		} else if ((seg->label_len = bracket_label(p, n, &body))) {
			seg->label_off = 1;
			seg->body = seg->off + body;
		} else if ((seg->label_len = label_candidate(p, n))) {
			seg->body = seg->off + seg->label_len + 2;
		}
	} else {
		strbuf_addch(&c->text, '\n');
	}
	strbuf_add(&c->text, p, n);
	seg->len = c->text.len - seg->off;
}

void braid_cues_begin(struct braid_cues *c, int64_t start_ms, int64_t end_ms, size_t line)
{
	if (c->in_cue)
		braid_cues_end(c);
	c->in_cue = 1;
	c->seg_open = 0;
	c->start_ms = start_ms;
	c->end_ms = end_ms < start_ms ? start_ms : end_ms;
	c->line = line;
}

void braid_cues_line(struct braid_cues *c, const char *s, size_t len)
{
	size_t from = 0;

	strbuf_reset(&c->scratch);
	c->nvoices = 0;
	clean(c, s, len, &c->scratch, c->dialect == BRAID_CUE_VTT);
	for (size_t v = 0; v <= c->nvoices; v++) {
		size_t to = v < c->nvoices ? c->voices[v].pos : c->scratch.len;

		add_piece(c, c->scratch.buf + from, to - from);
		if (v < c->nvoices)
			set_voice(c, c->voices[v].name);
		from = to;
	}
}

void braid_cues_end(struct braid_cues *c)
{
	if (!c->in_cue)
		return;
	close_seg(c);
	c->in_cue = 0;
	c->ncues++;
}

/* ---- emitting turns ---- */

struct speaker {
	const char *s; /* NULL: none */
	size_t n;
};

static int speaker_eq(struct speaker a, struct speaker b)
{
	if (!a.s || !b.s)
		return !a.s && !b.s;
	return a.n == b.n && !memcmp(a.s, b.s, a.n);
}

struct label_ref {
	const char *p;
	size_t n, seg;
};

static int label_cmp(const void *x, const void *y)
{
	const struct label_ref *a = x, *b = y;
	size_t m = a->n < b->n ? a->n : b->n;
	int r = memcmp(a->p, b->p, m);

	if (r)
		return r;
	return a->n < b->n ? -1 : a->n > b->n;
}

static int declared(const struct braid_parse_opts *o, const char *p, size_t n)
{
	for (size_t i = 0; o && i < o->nspeakers; i++)
		if (o->speakers[i] && strlen(o->speakers[i]) == n && !memcmp(o->speakers[i], p, n))
			return 1;
	return 0;
}

/* A candidate label becomes a speaker when it opens two cues or more, or is declared. */
static void confirm_labels(struct braid_cues *c, const struct braid_parse_opts *o)
{
	struct label_ref *refs = NULL;
	size_t nr = 0, alloc = 0;

	for (size_t i = 0; i < c->nr; i++) {
		if (!c->segs[i].label_len)
			continue;
		ALLOC_GROW(refs, nr + 1, alloc);
		refs[nr].p = c->text.buf + c->segs[i].off + c->segs[i].label_off;
		refs[nr].n = c->segs[i].label_len;
		refs[nr].seg = i;
		nr++;
	}
	if (nr)
		qsort(refs, nr, sizeof(*refs), label_cmp);
	for (size_t i = 0, j; i < nr; i = j) {
		for (j = i + 1; j < nr && !label_cmp(&refs[i], &refs[j]); j++)
			;
		if (j - i >= 2 || declared(o, refs[i].p, refs[i].n))
			for (size_t k = i; k < j; k++)
				c->segs[refs[k].seg].confirmed = 1;
	}
	free(refs);
}

struct word {
	size_t off, len;
	int edge; /* previous cue: starts a line; this cue: ends a line */
};

static int is_sep(char ch)
{
	return ch == ' ' || ch == '\n';
}

/*
 * Rolling and overlapping captions repeat text: returns the new start of
 * this cue's text [b0, b1) after dropping its longest run of leading words
 * that equals the trailing words of the previous cue's text [p0, p1). The
 * repeat must be the whole last line (or lines) of the previous cue: a
 * word or two repeated across a seam is as likely to be speech ("very,
 * very") as a caption artefact. When the cues only touch, the repeat must
 * also end a line of this cue (YouTube rolls whole lines).
 */
static size_t drop_repeat(const char *buf, size_t p0, size_t p1, size_t b0, size_t b1, int overlap)
{
	struct word pw[REPEAT_WORDS], cw[REPEAT_WORDS];
	size_t np = 0, nc = 0, e = p1, s = b0;

	while (np < REPEAT_WORDS) { /* pw[0] is the last word */
		size_t w;

		while (e > p0 && is_sep(buf[e - 1]))
			e--;
		if (e == p0)
			break;
		for (w = e; w > p0 && !is_sep(buf[w - 1]); w--)
			;
		pw[np].off = w;
		pw[np].len = e - w;
		pw[np].edge = w == p0 || buf[w - 1] == '\n';
		np++;
		e = w;
	}
	while (nc < REPEAT_WORDS) {
		size_t w;

		while (s < b1 && is_sep(buf[s]))
			s++;
		if (s == b1)
			break;
		for (w = s; w < b1 && !is_sep(buf[w]); w++)
			;
		cw[nc].off = s;
		cw[nc].len = w - s;
		cw[nc].edge = w == b1 || buf[w] == '\n';
		nc++;
		s = w;
	}
	for (size_t k = np < nc ? np : nc; k >= 1; k--) {
		size_t j;

		if (!pw[k - 1].edge || (!overlap && !cw[k - 1].edge))
			continue;
		for (j = 0; j < k; j++) {
			const struct word *a = &pw[k - 1 - j], *b = &cw[j];

			if (a->len != b->len || memcmp(buf + a->off, buf + b->off, a->len))
				break;
		}
		if (j == k) {
			s = cw[k - 1].off + cw[k - 1].len;
			while (s < b1 && is_sep(buf[s]))
				s++;
			return s;
		}
	}
	return b0;
}

/* Appends text, lines joined with a space. */
static void add_joined(struct strbuf *sb, const char *p, size_t n)
{
	const char *nl;

	while ((nl = memchr(p, '\n', n))) {
		strbuf_add(sb, p, (size_t)(nl - p));
		strbuf_addch(sb, ' ');
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	strbuf_add(sb, p, n);
}

/* 1 if the text ends a sentence: . ! ? (not an ellipsis), perhaps before closing quotes. */
static int ends_sentence(const struct strbuf *sb)
{
	const unsigned char *s = (const unsigned char *)sb->buf;
	size_t n = sb->len;

	for (;;) {
		if (n >= 1 && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' || s[n - 1] == ']'))
			n--;
		else if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 && (s[n - 1] == 0x99 || s[n - 1] == 0x9D))
			n -= 3; /* ’ ” */
		else if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xBB)
			n -= 2; /* » */
		else
			break;
	}
	if (n >= 1 && (s[n - 1] == '!' || s[n - 1] == '?'))
		return 1;
	if (n >= 1 && s[n - 1] == '.')
		return n < 2 || s[n - 2] != '.';
	if (n >= 3 && s[n - 3] == 0xE3 && s[n - 2] == 0x80 && s[n - 1] == 0x82)
		return 1; /* 。 */
	if (n >= 3 && s[n - 3] == 0xEF && s[n - 2] == 0xBC && (s[n - 1] == 0x81 || s[n - 1] == 0x9F))
		return 1; /* ！ ？ */
	return 0;
}

static void renormalize(struct braid_turn_src *t, struct strbuf *tmp)
{
	struct strbuf swap;

	strbuf_reset(tmp);
	braid_text_nfc(t->text.buf, t->text.len, tmp);
	swap = t->text;
	t->text = *tmp;
	*tmp = swap;
	if (t->speaker) {
		strbuf_reset(tmp);
		braid_text_nfc(t->speaker, strlen(t->speaker), tmp);
		if (tmp->len > BRAID_LABEL_MAX) { /* NFC can grow text written with entities */
			size_t cut = BRAID_LABEL_MAX;

			while (cut > 0 && ((unsigned char)tmp->buf[cut] & 0xC0) == 0x80)
				cut--;
			while (cut > 0 && tmp->buf[cut - 1] == ' ')
				cut--;
			strbuf_setlen(tmp, cut);
		}
		free(t->speaker);
		t->speaker = xstrdup(tmp->buf);
	}
}

void braid_cues_emit(struct braid_cues *c, const struct braid_parse_opts *o,
		     struct braid_transcript *out)
{
	size_t first = out->nr;
	int no_speakers = o && o->no_speakers;
	const struct braid_cue_seg *prev = NULL;
	struct speaker prev_spk = { NULL, 0 }, turn_spk = { NULL, 0 };
	size_t prev_b0 = 0, prev_b1 = 0, turn = 0;
	int have_turn = 0;

	if (c->in_cue)
		braid_cues_end(c);
	if (!no_speakers)
		confirm_labels(c, o);
	for (size_t i = 0; i < c->nr; i++) {
		const struct braid_cue_seg *seg = &c->segs[i];
		struct speaker spk = { NULL, 0 };
		size_t b0 = seg->off, b1 = seg->off + seg->len, orig_b0;
		int other;

		if (!no_speakers && seg->voice) {
			spk.s = voice_name(c, seg->voice);
			spk.n = strlen(spk.s);
		} else if (!no_speakers && seg->confirmed) {
			spk.s = c->text.buf + seg->off + seg->label_off;
			spk.n = seg->label_len;
			b0 = seg->body;
		}
		/* a later dialogue line without a name of its own is another,
		 * unnamed speaker: it starts a turn without a speaker */
		other = !no_speakers && seg->other && !spk.s;
		/* like an unlabelled line in a text transcript, a cue without a
		 * speaker continues the turn of the last one named */
		if (!no_speakers && !spk.s && have_turn && !other)
			spk = turn_spk;
		orig_b0 = b0;
		if (prev && prev->cue != seg->cue && speaker_eq(spk, prev_spk) &&
		    seg->start_ms <= prev->end_ms + TOUCH_MS)
			b0 = drop_repeat(c->text.buf, prev_b0, prev_b1, b0, b1, seg->start_ms < prev->end_ms);

		if (have_turn && speaker_eq(spk, turn_spk) && !other) {
			struct braid_turn_src *t = &out->turns[turn];
			int64_t gap = seg->start_ms - t->end_ms;
			int para = !spk.s && prev->cue != seg->cue &&
				   (gap > PARA_GAP_MS || (gap > SENTENCE_GAP_MS && ends_sentence(&t->text)));

			if (!para) {
				if (b0 < b1) {
					strbuf_addch(&t->text, ' ');
					add_joined(&t->text, c->text.buf + b0, b1 - b0);
				}
				if (seg->end_ms > t->end_ms)
					t->end_ms = seg->end_ms;
				goto next;
			}
		}
		if (b0 < b1) {
			struct braid_turn_src *t;

			strbuf_reset(&c->scratch);
			if (spk.s)
				strbuf_add(&c->scratch, spk.s, spk.n);
			t = braid_transcript_add(out, spk.s ? c->scratch.buf : NULL, "", 0, seg->line);
			add_joined(&t->text, c->text.buf + b0, b1 - b0);
			t->start_ms = seg->start_ms;
			t->end_ms = seg->end_ms;
			turn = out->nr - 1;
			turn_spk = spk;
			have_turn = 1;
		}
next:
		prev = seg;
		prev_spk = spk;
		prev_b0 = orig_b0;
		prev_b1 = b1;
	}
	if (c->renormalize)
		for (size_t i = first; i < out->nr; i++)
			renormalize(&out->turns[i], &c->scratch);
}
