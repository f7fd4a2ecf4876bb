/*
 * plain.c - plain-text and Markdown transcripts (also the paragraphs of a
 * docx): speaker labels, timestamps and paragraphs. The conventions and the
 * false-speaker rule are in docs/transcripts.md; keep the two in step.
 *
 * The default rules work in three passes over the text, none of which
 * allocates per line:
 *   1. classify every line and count the candidate labels in a small hash
 *      table whose keys point into the text;
 *   2. decide which candidates are speaker labels (the false-speaker guard:
 *      a candidate seen once in prose is not a speaker);
 *   3. classify the lines again and build the turns.
 * Classifying twice is cheaper than keeping a record per line: it is a few
 * byte tests for most lines and a bounded scan for the rest.
 *
 * With --speaker-pattern the user's PCRE2 pattern replaces the label rules
 * and there is no guard: whatever the pattern matches is a label.
 */
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>

#include "braid/alloc.h"
#include "braid/transcript.h"

/* How far into a line the ':' ending a label is looked for (label, time, spaces). */
#define LABEL_SCAN 128
/* Longest timestamp token, brackets included ("[-00:00:00:10.500]"). */
#define TIME_MAX 32
/* The guard's limits: see docs/transcripts.md. */
#define LABEL_MAX_WORDS 6
#define SHORT_LABEL_WORDS 3

enum line_kind {
	LINE_BLANK,
	LINE_TIME,    /* a timestamp alone: [00:01:23], (1:23), 00:01:23 */
	LINE_HEADING, /* "# Title" (Markdown heading) */
	LINE_LABEL,   /* a candidate label; pass 2 says whether it is one */
	LINE_TEXT,
	LINE_META, /* Spacelog metadata "_page: 42" and its indented continuation lines */
};

struct line {
	enum line_kind kind;
	const char *s; /* the line without leading/trailing white space */
	size_t n;
	const char *label; /* LINE_LABEL: the label as written */
	size_t label_len;
	const char *rest; /* LINE_LABEL: the utterance on the label line (may be empty) */
	size_t rest_len;
	int64_t time; /* LINE_TIME: the time; LINE_LABEL: a time written with the label */
	int header;   /* LINE_LABEL: a header "Name 0:03" (no colon); HEADER_OTTER: "Name  0:03" */
};

/* Otter's header: the name, two spaces (or a tab), the time. */
#define HEADER_OTTER 2

/* ---- white space ---- */

static int is_hspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * Length of the white-space character at s (0 if none). Beyond ASCII:
 * U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000 (Unicode White_Space) and U+FEFF (a stray BOM is invisible too).
 */
static size_t space_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!n)
		return 0;
	if (u[0] < 0x80)
		return is_hspace(u[0]) || u[0] == '\n';
	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;
	if (n < 3)
		return 0;
	if (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

/* Length of the white-space character that ends s[0..n) (0 if none). */
static size_t space_before(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!n)
		return 0;
	if (u[n - 1] < 0x80)
		return is_hspace(u[n - 1]) || u[n - 1] == '\n';
	if (n >= 2 && space_at(s + n - 2, 2) == 2)
		return 2;
	if (n >= 3 && space_at(s + n - 3, 3) == 3)
		return 3;
	return 0;
}

static void trim(const char **s, size_t *n)
{
	size_t k;

	while ((k = space_at(*s, *n))) {
		*s += k;
		*n -= k;
	}
	while ((k = space_before(*s, *n)))
		*n -= k;
}

static size_t rtrim_ascii(const char *s, size_t n)
{
	while (n && is_hspace((unsigned char)s[n - 1]))
		n--;
	return n;
}

static int ascii_ieq(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n && b[i]; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return i == n && !b[i];
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* ---- timestamps ---- */

/* A timestamp token: "00:01:23", "[00:01:23]", "(1:23)", days allowed. */
static int parse_time_token(const char *s, size_t n, int64_t *ms)
{
	if (n < 3 || n > TIME_MAX)
		return -1;
	if ((s[0] == '[' && s[n - 1] == ']') || (s[0] == '(' && s[n - 1] == ')')) {
		s++;
		n -= 2;
	}
	if (!n || !(is_digit((unsigned char)s[0]) || s[0] == '-'))
		return -1;
	return braid_parse_time(s, n, 1, ms);
}

/* ---- the shape of a label line ---- */

enum form {
	FORM_PLAIN,  /* Name: / Name (00:01:23): / Name  0:03 (header) */
	FORM_PREFIX, /* **Name:** **Name**: #Name: @Name: [id] {Name} */
};

struct cand {
	const char *label;
	size_t len;
	const char *rest;
	size_t rest_len;
	int64_t time;
	enum form form;
	int header;
	char bracket; /* '[' or '{' for the forms [id] and {Name}, else 0 */
};

/* Offset of the first ':' followed by white space or the end, within LABEL_SCAN bytes; -1 if none.
 */
static long find_colon(const char *s, size_t n)
{
	size_t lim = n < LABEL_SCAN ? n : LABEL_SCAN, i = 0;
	const char *c;

	while (i < lim && (c = memchr(s + i, ':', lim - i))) {
		size_t at = (size_t)(c - s);

		if (at + 1 == n || is_hspace((unsigned char)s[at + 1]))
			return (long)at;
		i = at + 1;
	}
	return -1;
}

/* Offset of the first occurrence of c in s[from..lim) (lim capped at n); -1 if none. */
static long find_byte(const char *s, size_t n, size_t from, size_t lim, int c)
{
	const char *p;

	if (lim > n)
		lim = n;
	if (from >= lim)
		return -1;
	p = memchr(s + from, c, lim - from);
	return p ? (long)(p - s) : -1;
}

static int looks_like_url(const char *s, size_t n)
{
	return (n >= 7 && !memcmp(s, "http://", 7)) || (n >= 8 && !memcmp(s, "https://", 8)) ||
	       (n >= 4 && !memcmp(s, "www.", 4)) || (n >= 7 && !memcmp(s, "mailto:", 7)) ||
	       (n >= 1 && s[0] == '<');
}

/*
 * Finds the label shape at the start of line s[0..n) (right-trimmed, not
 * blank, not a timestamp line). Says nothing about whether the label is
 * acceptable: that is label_syntax_ok and the guard.
 */
static int parse_shape(const char *s, size_t n, struct cand *k)
{
	size_t p = 0, lab0, lab1, rest;
	int64_t t = BRAID_NO_TIME;

	k->form = FORM_PLAIN;
	k->header = 0;
	k->bracket = 0;
	/* "[00:01:23] Name: ..." or "(00:01:23) Name: ..." */
	if (s[0] == '[' || s[0] == '(') {
		long q = find_byte(s, n, 1, TIME_MAX, s[0] == '[' ? ']' : ')');

		if (q > 0 && parse_time_token(s, (size_t)q + 1, &t) == 0) {
			p = (size_t)q + 1;
			if (p >= n || !is_hspace((unsigned char)s[p]))
				return 0;
			while (p < n && is_hspace((unsigned char)s[p]))
				p++;
		} else {
			t = BRAID_NO_TIME;
		}
	}
	if (n - p >= 5 && s[p] == '*' && s[p + 1] == '*') {
		long q = find_byte(s, n, p + 2, p + 2 + BRAID_LABEL_MAX + 4, '*');

		if (q < 0 || (size_t)q + 1 >= n || s[q + 1] != '*')
			return 0;
		lab0 = p + 2;
		if ((size_t)q > lab0 && s[q - 1] == ':') { /* **Name:** */
			lab1 = (size_t)q - 1;
			rest = (size_t)q + 2;
		} else if ((size_t)q + 2 < n && s[q + 2] == ':') { /* **Name**: */
			lab1 = (size_t)q;
			rest = (size_t)q + 3;
		} else {
			return 0;
		}
		if (rest < n && !is_hspace((unsigned char)s[rest]))
			return 0;
		k->form = FORM_PREFIX;
	} else if ((s[p] == '#' || s[p] == '@') && p + 1 < n && s[p + 1] != '#' &&
		   !is_hspace((unsigned char)s[p + 1])) {
		long c = find_colon(s + p + 1, n - p - 1);

		if (c < 0)
			return 0;
		lab0 = p + 1;
		lab1 = lab0 + (size_t)c;
		rest = lab1 + 1;
		k->form = FORM_PREFIX;
	} else if (s[p] == '[' || s[p] == '{') {
		long q = find_byte(s, n, p + 1, p + 2 + BRAID_LABEL_MAX, s[p] == '[' ? ']' : '}');
		int colon = 0;

		if (q < 0)
			return 0;
		lab0 = p + 1;
		lab1 = (size_t)q;
		rest = (size_t)q + 1;
		if (rest < n && s[rest] == ':') {
			rest++;
			colon = 1;
		}
		if (rest < n && !is_hspace((unsigned char)s[rest]))
			return 0;
		if (colon) { /* a Markdown link definition "[name]: http://..." */
			size_t r = rest;

			while (r < n && is_hspace((unsigned char)s[r]))
				r++;
			if (looks_like_url(s + r, n - r))
				return 0;
		}
		k->form = FORM_PREFIX;
		k->bracket = s[p];
	} else {
		long c = find_colon(s + p, n - p);

		if (c >= 0) {
			lab0 = p;
			lab1 = p + (size_t)c;
			rest = lab1 + 1;
		} else if (t == BRAID_NO_TIME && (is_digit((unsigned char)s[n - 1]) ||
						  s[n - 1] == ')' || s[n - 1] == ']')) {
			/* Otter/Zoom header: "Name  0:03", nothing after the time */
			size_t ts = n, we;

			while (ts > p && n - ts <= TIME_MAX && !is_hspace((unsigned char)s[ts - 1]))
				ts--;
			if (ts == p || n - ts > TIME_MAX || parse_time_token(s + ts, n - ts, &t))
				return 0;
			we = rtrim_ascii(s, ts);
			if (we <= p)
				return 0;
			lab0 = p;
			lab1 = we;
			rest = n;
			k->header = ts - we >= 2 || s[we] == '\t' ? HEADER_OTTER : 1;
		} else {
			return 0;
		}
	}
	lab1 = lab0 + rtrim_ascii(s + lab0, lab1 - lab0);
	/* "Name (00:01:23):" or "Name [00:01:23]:" */
	if (t == BRAID_NO_TIME && lab1 > lab0 && (s[lab1 - 1] == ')' || s[lab1 - 1] == ']')) {
		size_t o = lab1 - 1;
		char open = s[lab1 - 1] == ')' ? '(' : '[';

		while (o > lab0 && lab1 - o <= TIME_MAX && s[o] != open)
			o--;
		if (s[o] == open && o > lab0 && is_hspace((unsigned char)s[o - 1]) &&
		    parse_time_token(s + o, lab1 - o, &t) == 0)
			lab1 = lab0 + rtrim_ascii(s + lab0, o - lab0);
		else
			t = BRAID_NO_TIME;
	}
	if (lab1 <= lab0 || lab1 - lab0 > BRAID_LABEL_MAX)
		return 0;
	while (rest < n && is_hspace((unsigned char)s[rest]))
		rest++;
	k->label = s + lab0;
	k->len = lab1 - lab0;
	k->rest = s + rest;
	k->rest_len = n - rest;
	k->time = t;
	return 1;
}

/* ---- the guard: what a label may look like ---- */

/* Lowercase words allowed inside a multi-word name ("Chief Crown Prosecutor for Wales"). */
/* clang-format off */
static const char *const particles[] = {
	"of", "the", "for", "and", "de", "del", "della", "der", "den", "du", "da", "das",
	"dos", "di", "la", "le", "van", "von", "y", "e", "bin", "ibn", "al", "el", "zu", "ter",
};
/* clang-format on */

static int is_particle(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(particles) / sizeof(particles[0]); i++)
		if (ascii_ieq(s, n, particles[i]))
			return 1;
	return 0;
}

/*
 * The characters and shape a label may have (declared labels skip this).
 * Words are separated by single spaces, at most LABEL_MAX_WORDS of them;
 * letters, marks, digits and - ' ’ – _ # & / are allowed, and '.' right
 * after a letter in a capitalised word ("Dr. Smith", "J.R."); there must
 * be a letter. A plain label starts with an uppercase or uncased letter or
 * a digit, and its later words do too unless they are particles; prefix
 * forms (** # @ [ {) already mark the label, so they may be lowercase.
 * Sets *words.
 */
static int label_syntax_ok(const char *s, size_t n, enum form form, unsigned *words)
{
	size_t i = 0;
	unsigned w = 0;
	int at_word = 1, letter = 0, capital = 0, prev_letter = 0;

	while (i < n) {
		int32_t cp;
		utf8proc_ssize_t k;
		utf8proc_category_t cat;
		int is_letter, is_num;

		if ((unsigned char)s[i] < 0x80) {
			cp = (unsigned char)s[i];
			k = 1;
		} else {
			k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					     (utf8proc_ssize_t)(n - i), &cp);
			if (k <= 0)
				return 0;
		}
		if (cp == ' ') {
			if (at_word)
				return 0;
			at_word = 1;
			prev_letter = 0;
			i++;
			continue;
		}
		if (cp < 0x80) {
			is_letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
			is_num = is_digit(cp);
			cat = is_letter ? (cp <= 'Z' ? UTF8PROC_CATEGORY_LU : UTF8PROC_CATEGORY_LL)
			      : is_num	? UTF8PROC_CATEGORY_ND
					: UTF8PROC_CATEGORY_PO;
		} else {
			cat = utf8proc_category(cp);
			is_letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
			is_num = cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO;
		}
		if (at_word) {
			size_t wend;
			const char *sp;

			if (++w > LABEL_MAX_WORDS)
				return 0;
			sp = memchr(s + i, ' ', n - i);
			wend = sp ? (size_t)(sp - s) : n;
			if (is_letter) {
				capital = cat != UTF8PROC_CATEGORY_LL;
				if (!capital && form == FORM_PLAIN &&
				    (w == 1 || !is_particle(s + i, wend - i)))
					return 0;
			} else if (is_num) {
				capital = 1;
			} else if (w == 1 || !(cp == '&' || cp == '-' || cp == '#')) {
				return 0;
			}
			at_word = 0;
		}
		if (is_letter || is_num ||
		    (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)) {
			letter |= is_letter;
		} else if (cp == '.') {
			if (!prev_letter || (!capital && form == FORM_PLAIN))
				return 0;
		} else if (!(cp == '-' || cp == '\'' || cp == '_' || cp == '#' || cp == '&' ||
			     cp == '/' || cp == 0x2019 || cp == 0x2013)) {
			return 0;
		}
		prev_letter = is_letter;
		i += (size_t)k;
	}
	*words = w;
	return letter && !at_word;
}

/*
 * A bracketed run written in lowercase letters only ("[laughs]", "[ríe]",
 * "[suspira]", "[орёт]"): a description of a sound or an action, in any
 * language with letter case, not a speaker. A digit ("[id1]", QualCoder's
 * ids) or a capital letter anywhere makes it a possible label again.
 */
static int is_description(const char *s, size_t n)
{
	size_t i = 0;
	int letters = 0;

	while (i < n) {
		int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		utf8proc_category_t cat;

		if (k <= 0)
			return 0;
		cat = utf8proc_category(cp);
		if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
			if (cat != UTF8PROC_CATEGORY_LL)
				return 0;
			letters = 1;
		} else if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) {
			return 0;
		}
		i += (size_t)k;
	}
	return letters;
}

/* Interview roles: labels even when seen once, in any letter case. */
/* clang-format off */
static const char *const roles[] = {
	"I", "INT", "Interviewer", "Q", "A", "R", "Moderator", "Facilitator", "M", "P",
	"Participant", "Respondent", "Interviewee", "Speaker",
};
/* clang-format on */

/*
 * A role, optionally numbered ("P1", "P 2", "R-3", "Participant #4",
 * "Speaker 1", "Speaker A"); Q and A take no number ("Q1:" numbers a question).
 */
static int is_role(const char *s, size_t n)
{
	if (n > 16 || !memchr("iqarmfpsIQARMFPS", s[0], 16))
		return 0;
	for (size_t r = 0; r < sizeof(roles) / sizeof(roles[0]); r++) {
		size_t m = strlen(roles[r]), i;

		if (m > n || !ascii_ieq(s, m, roles[r]))
			continue;
		if (m == n)
			return 1;
		if (m == 1 && (roles[r][0] == 'Q' || roles[r][0] == 'A'))
			continue;
		i = m;
		if (s[i] == ' ' && n - i == 2 && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
			return 1;
		if (s[i] == ' ' || s[i] == '-' || s[i] == '#')
			i++;
		if (i < n && s[i] == '#' && s[i - 1] == ' ')
			i++;
		if (i == n || n - i > 4)
			continue;
		while (i < n && is_digit((unsigned char)s[i]))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/*
 * First words that mark metadata, headings and transcription notes rather
 * than a speaker ("Note:", "Date:", "[laughs]"): never a label unless declared.
 */
/* clang-format off */
static const char *const stop_words[] = {
	/* metadata and document structure */
	"note", "notes", "nb", "n.b", "ps", "p.s", "date", "time", "location", "place", "venue",
	"duration", "length", "subject", "re", "fw", "fwd", "from", "to", "sent", "title", "source",
	"transcriber", "transcribed", "transcript", "transcription", "translation", "translator",
	"translated", "comment", "comments", "warning", "caution", "important", "example",
	"examples", "e.g", "i.e", "page", "tape", "file", "recording", "recorded", "audio", "video",
	"language", "attendees", "present", "absent", "apologies", "participants", "speakers",
	"interview", "topic", "agenda", "summary", "keywords", "tags", "setting", "start", "end",
	"copyright", "licence", "license", "link", "url", "email", "phone", "address", "reference",
	"ref", "step", "background", "context", "method", "aim", "objective", "purpose", "task",
	"goal", "tip", "reminder", "update", "edit", "abstract", "conclusion", "result", "results",
	"total",
	/* words that open a sentence, not a name */
	"yes", "no", "ok", "okay", "well", "so", "and", "but", "then", "also", "because", "however",
	"therefore", "thus", "hence", "or", "if", "when", "where", "why", "how", "what", "who",
	"which",
	/* transcription notes in brackets */
	"inaudible", "unintelligible", "indistinct", "unclear", "crosstalk", "cross-talk",
	"overtalk", "overlapping", "laughs", "laughter", "laughing", "laugh", "chuckles", "sighs",
	"sigh", "coughs", "cough", "coughing", "pause", "pauses", "paused", "silence", "long",
	"short", "brief", "music", "applause", "noise", "noises", "interruption", "interrupted",
	"redacted", "removed", "anonymised", "anonymized", "name", "sic", "break", "beep",
};
/* clang-format on */

static int is_stop_word(const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);
	size_t w = sp ? (size_t)(sp - s) : n;
	int c0 = (unsigned char)s[0] | 0x20; /* ASCII lowercase; a stop word starts with a-z */

	while (w && s[w - 1] == '.')
		w--;
	for (size_t i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++)
		if (stop_words[i][0] == c0 && ascii_ieq(s, w, stop_words[i]))
			return 1;
	return 0;
}

/* ---- the table of candidate labels ---- */

enum {
	LAB_DECLARED = 1,
	LAB_ROLE = 2,
	LAB_STOP = 4,
	LAB_ACCEPTED = 8,
	LAB_COLON = 16, /* seen at least once in a form other than the header */
	LAB_INLINE = 32, /* seen at least once with text after it on its line */
	LAB_OTTER = 64,	 /* seen at least once as an Otter header opening a paragraph */
};

struct lab {
	const char *s; /* NULL: empty slot */
	uint32_t len, hash;
	uint32_t count;	 /* lines where it is a candidate */
	uint32_t starts; /* ... of which open a paragraph */
	unsigned words, flags;
};

struct labtab {
	struct lab *slot;
	size_t cap, nr; /* cap is a power of two */
};

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	/* FNV's low bits cluster for labels such as "P1001", "P1002": mix them */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

static struct lab *lab_find(const struct labtab *t, const char *s, size_t n, uint32_t h)
{
	size_t i;

	if (!t->cap)
		return NULL;
	for (i = h & (t->cap - 1); t->slot[i].s; i = (i + 1) & (t->cap - 1))
		if (t->slot[i].hash == h && t->slot[i].len == n && !memcmp(t->slot[i].s, s, n))
			return &t->slot[i];
	return NULL;
}

static struct lab *lab_add(struct labtab *t, const char *s, size_t n, uint32_t h)
{
	struct lab *e;
	size_t i;

	if ((t->nr + 1) * 2 > t->cap) {
		struct labtab bigger = {xcalloc(t->cap ? t->cap * 2 : 64, sizeof(struct lab)),
					t->cap ? t->cap * 2 : 64, t->nr};

		for (size_t j = 0; j < t->cap; j++) {
			if (!t->slot[j].s)
				continue;
			for (i = t->slot[j].hash & (bigger.cap - 1); bigger.slot[i].s;
			     i = (i + 1) & (bigger.cap - 1))
				;
			bigger.slot[i] = t->slot[j];
		}
		free(t->slot);
		*t = bigger;
	}
	for (i = h & (t->cap - 1); t->slot[i].s; i = (i + 1) & (t->cap - 1))
		;
	e = &t->slot[i];
	memset(e, 0, sizeof(*e));
	e->s = s;
	e->len = (uint32_t)n;
	e->hash = h;
	t->nr++;
	return e;
}

/* ---- parsing context ---- */

struct ctx {
	const struct braid_parse_opts *o;
	struct labtab tab;
	pcre2_code *re;
	pcre2_match_data *md;
	size_t lineno;
	int line_units; /* no speakers and no blank line: every line is a paragraph */
	int in_meta;	/* the last line was metadata: indented lines continue it */
};

/*
 * Spacelog's metadata line: "_page: 42", "_note: HF was not received" in
 * column 1. The key is a lowercase ASCII identifier that does not end in
 * '_', so Markdown emphasis ("_really_: yes") stays text.
 */
static int is_meta_line(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || s[0] != '_' || s[1] < 'a' || s[1] > 'z')
		return 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || is_digit((unsigned char)s[i]) || s[i] == '_'))
		i++;
	if (s[i - 1] == '_')
		return 0;
	while (i < n && is_hspace((unsigned char)s[i]))
		i++;
	return i < n && s[i] == ':' && (i + 1 == n || is_hspace((unsigned char)s[i + 1]));
}

/*
 * Rev's and Descript's continuation line "(00:02:03):" (or "[00:02:03]:"):
 * a bracketed time and a colon, alone on the line.
 */
static int parse_time_colon(const char *t, size_t m, int64_t *ms)
{
	if (m < 4 || m > TIME_MAX + 1 || t[m - 1] != ':')
		return -1;
	if (!((t[0] == '(' && t[m - 2] == ')') || (t[0] == '[' && t[m - 2] == ']')))
		return -1;
	return parse_time_token(t, m - 1, ms);
}

/* Blank, metadata and timestamp lines, the same for every way of finding labels. */
static int classify_common(struct ctx *c, const char *s, size_t n, struct line *ln)
{
	const char *t = s;
	size_t m = n;

	trim(&t, &m);
	ln->s = t;
	ln->n = m;
	ln->time = BRAID_NO_TIME;
	if (!m) {
		ln->kind = LINE_BLANK;
		c->in_meta = 0;
		return 1;
	}
	/* Spacelog: "metalines ... continue across all following lines starting with white space" */
	if (c->in_meta && space_at(s, n)) {
		ln->kind = LINE_META;
		return 1;
	}
	c->in_meta = is_meta_line(s, n);
	if (c->in_meta) {
		ln->kind = LINE_META;
		return 1;
	}
	if ((m <= TIME_MAX && parse_time_token(t, m, &ln->time) == 0) ||
	    parse_time_colon(t, m, &ln->time) == 0) {
		ln->kind = LINE_TIME;
		return 1;
	}
	return 0;
}

static int is_heading(const char *s, size_t n)
{
	size_t h = 0;

	while (h < n && h < 7 && s[h] == '#')
		h++;
	return h >= 1 && h <= 6 && h < n && is_hspace((unsigned char)s[h]);
}

/*
 * Classifies one line for passes 1 and 3 of the default rules. For a label
 * shape (LINE_LABEL), *flags is LAB_ROLE for a role, 0 if the label passes
 * label_syntax_ok (which sets *words), -1 if only a declared label may look
 * like this; the guard decides later whether it is a label.
 */
static void classify_default(struct ctx *c, const char *s, size_t n, struct line *ln,
			     struct cand *k, unsigned *words, int *flags)
{
	n = rtrim_ascii(s, n);
	if (classify_common(c, s, n, ln))
		return;
	if (is_heading(s, n)) {
		ln->kind = LINE_HEADING;
		return;
	}
	ln->kind = LINE_TEXT;
	if (c->o->no_speakers || space_at(s, n) || !parse_shape(s, n, k))
		return;
	*flags = 0;
	*words = 0;
	if (is_role(k->label, k->len))
		*flags |= LAB_ROLE;
	else if (!label_syntax_ok(k->label, k->len, k->form, words) ||
		 (k->bracket == '[' && is_description(k->label, k->len)))
		*flags = -1; /* only a declared label may look like this */
	ln->kind = LINE_LABEL;
	ln->label = k->label;
	ln->label_len = k->len;
	ln->rest = k->rest;
	ln->rest_len = k->rest_len;
	trim(&ln->rest, &ln->rest_len);
	ln->time = k->time;
	ln->header = k->header;
}

/*
 * Pass 1: counts the candidates, and returns the number of paragraphs that
 * do not begin with one (non-blank lines after a blank or timestamp line or
 * at the start, except the first paragraph under a label line with no text).
 */
static size_t count_candidates(struct ctx *c, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t starts = 0;
	int at_start = 1;     /* after a blank line, a timestamp line or the start */
	int after_header = 0; /* the last text line was a label with no text after it */

	c->in_meta = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct line ln;
		struct cand k;
		unsigned words = 0;
		int flags = 0;

		classify_default(c, p, n, &ln, &k, &words, &flags);
		p += n + 1;
		if (ln.kind == LINE_META) /* as if the line were not there */
			continue;
		if (ln.kind == LINE_BLANK || ln.kind == LINE_TIME) {
			at_start = 1;
			after_header &= ln.kind == LINE_BLANK;
			continue;
		}
		if (ln.kind == LINE_LABEL) {
			uint32_t h = hash_bytes(ln.label, ln.label_len);
			struct lab *e = lab_find(&c->tab, ln.label, ln.label_len, h);

			if (e && flags < 0 && !(e->flags & LAB_DECLARED))
				e = NULL;
			if (!e && flags >= 0) {
				e = lab_add(&c->tab, ln.label, ln.label_len, h);
				e->words = words;
				e->flags = (unsigned)flags;
				if (!(flags & LAB_ROLE) && is_stop_word(ln.label, ln.label_len))
					e->flags |= LAB_STOP;
			}
			if (e) {
				e->count++;
				if (!ln.header)
					e->flags |= LAB_COLON;
				if (ln.header == HEADER_OTTER && at_start)
					e->flags |= LAB_OTTER;
				if (ln.rest_len)
					e->flags |= LAB_INLINE;
				e->starts += at_start && !after_header;
				after_header = !ln.rest_len;
				at_start = 0;
				continue;
			}
		}
		/* the first paragraph under "Name:" belongs to that label line */
		if (at_start && !after_header)
			starts++;
		after_header = 0;
		at_start = 0;
	}
	return starts;
}

/*
 * Pass 2: the false-speaker guard (docs/transcripts.md states it). The
 * document is label-dominated when at least half of its units are lines
 * with a plausible label; the units are those lines and the paragraphs not
 * opened by one.
 */
/* Declared, a role word, or a candidate seen at least twice and not on the stop list. */
static int sure_label(const struct lab *e)
{
	return (e->flags & (LAB_DECLARED | LAB_ROLE)) || (!(e->flags & LAB_STOP) && e->count >= 2);
}

/* A one-off short candidate not on the stop list, written with `flag` at least once. */
static int short_one_off(const struct lab *e, unsigned flag)
{
	return !(e->flags & LAB_STOP) && e->words <= SHORT_LABEL_WORDS && (e->flags & flag);
}

/*
 * An Otter header ("Unknown Speaker  9:40": name, two spaces, time, alone
 * on a line that opens a paragraph) is evidence enough, even once: its
 * shape is what Otter writes before every turn, while prose rarely puts
 * two spaces before a time on a line of its own.
 */
static int otter_one_off(const struct lab *e)
{
	return !(e->flags & LAB_STOP) && (e->flags & LAB_OTTER);
}

static void decide_labels(struct ctx *c, size_t starts)
{
	size_t labelled = 0, units = starts;
	int dominated;

	for (size_t i = 0; i < c->tab.cap; i++) {
		struct lab *e = &c->tab.slot[i];

		if (!e->s)
			continue;
		/* a one-off label counts towards domination only with text after it on
		 * its line: a run of headings alone on their lines ("Article 1:") must
		 * not vouch for each other */
		if (sure_label(e) || short_one_off(e, LAB_INLINE) || otter_one_off(e))
			labelled += e->count;
		else
			units += e->starts;
	}
	units += labelled;
	dominated = labelled > 0 && labelled * 2 >= units;
	for (size_t i = 0; i < c->tab.cap; i++) {
		struct lab *e = &c->tab.slot[i];

		if (e->s && (sure_label(e) || otter_one_off(e) ||
			     (dominated && short_one_off(e, LAB_COLON))))
			e->flags |= LAB_ACCEPTED;
	}
}

/* ---- --speaker-pattern ---- */

static int compile_pattern(struct ctx *c, const char *pat, struct braid_err *err)
{
	int errcode;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[256];
	PCRE2_SPTR first, last;

	c->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
			      &errcode, &erroff, NULL);
	if (!c->re) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return braid_errorf(err, BRAID_EINVAL, "bad speaker pattern at offset %zu: %s",
				    (size_t)erroff, (const char *)msg);
	}
	if (pcre2_substring_nametable_scan(c->re, (PCRE2_SPTR) "speaker", &first, &last) < 0)
		return braid_errorf(err, BRAID_EINVAL,
				    "speaker pattern has no (?<speaker>...) group");
	(void)pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	c->md = pcre2_match_data_create_from_pattern(c->re, NULL);
	return 0;
}

/* Copies named group `name` into buf (trimmed); returns its length or -1 if unset/too long. */
static long copy_group(struct ctx *c, const char *name, char *buf, size_t size)
{
	PCRE2_SIZE n = size;
	const char *s = buf;
	size_t m;

	if (pcre2_substring_copy_byname(c->md, (PCRE2_SPTR)name, (PCRE2_UCHAR *)buf, &n) < 0)
		return -1;
	m = n;
	trim(&s, &m);
	memmove(buf, s, m);
	buf[m] = '\0';
	return (long)m;
}

/*
 * Pass 3 with a pattern: a line the pattern matches is a label line whose
 * label is the "speaker" group (1..BRAID_LABEL_MAX bytes, no control
 * characters), else the line is text. Returns 0 or BRAID_EENCODING.
 */
static int classify_pattern(struct ctx *c, const char *s, size_t n, struct line *ln, char *label,
			    struct braid_err *err)
{
	char tbuf[TIME_MAX * 4 + 1], big[4 * BRAID_LABEL_MAX + 1];
	int rc;
	long m;
	PCRE2_SIZE *ov;

	if (classify_common(c, s, rtrim_ascii(s, n), ln))
		return 0;
	ln->kind = LINE_TEXT;
	rc = pcre2_match(c->re, (PCRE2_SPTR)s, n, 0, PCRE2_ANCHORED, c->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		goto not_label;
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		return braid_errorf(err, BRAID_EENCODING, "line %zu: invalid UTF-8", c->lineno);
	if (rc < 0) /* match limits: treat the line as text */
		goto not_label;
	m = copy_group(c, "speaker", big, sizeof(big));
	if (m <= 0 || m > BRAID_LABEL_MAX)
		goto not_label;
	for (long i = 0; i < m; i++)
		if ((unsigned char)big[i] < 0x20 || big[i] == 0x7f)
			goto not_label;
	memcpy(label, big, (size_t)m + 1);
	ov = pcre2_get_ovector_pointer(c->md);
	ln->kind = LINE_LABEL;
	ln->label = label;
	ln->label_len = (size_t)m;
	ln->time = BRAID_NO_TIME;
	if (copy_group(c, "time", tbuf, sizeof(tbuf)) > 0 &&
	    parse_time_token(tbuf, strlen(tbuf), &ln->time))
		ln->time = BRAID_NO_TIME;
	{
		size_t e = ov[1] > n ? n : (size_t)ov[1];

		ln->rest = s + e;
		ln->rest_len = n - e;
		trim(&ln->rest, &ln->rest_len);
	}
	return 0;
not_label:
	if (is_heading(s, n))
		ln->kind = LINE_HEADING;
	return 0;
}

/* ---- building the turns ---- */

/*
 * The open turn is kept here and added to the transcript when it closes,
 * so that its text is copied once into a buffer of the right size and a
 * label with nothing to say leaves no turn.
 */
struct builder {
	struct braid_transcript *out;
	int open;		       /* a turn is open */
	int para;		       /* a blank line since the open turn's last text */
	int has_spk;		       /* the open (or last) turn has a speaker */
	char spk[BRAID_LABEL_MAX + 1]; /* its speaker */
	size_t line;		       /* its first line */
	int64_t start;		       /* its start time */
	struct strbuf text;	       /* its text */
	int64_t ts;		       /* time of the last timestamp line */
};

static void close_turn(struct builder *b)
{
	if (b->open && b->text.len)
		braid_transcript_add(b->out, b->has_spk ? b->spk : NULL, b->text.buf, b->text.len,
				     b->line)
		    ->start_ms = b->start;
	strbuf_reset(&b->text);
	b->open = 0;
	b->para = 0;
}

/* spk NULL: no speaker; spk == b->spk: the last speaker goes on. */
static void open_turn(struct builder *b, const char *spk, size_t n, size_t line, int64_t time)
{
	close_turn(b);
	b->has_spk = spk != NULL;
	if (spk && spk != b->spk) {
		memcpy(b->spk, spk, n);
		b->spk[n] = '\0';
	}
	b->open = 1;
	b->line = line;
	b->start = time != BRAID_NO_TIME ? time : b->ts;
}

static void add_text(struct builder *b, const char *s, size_t n)
{
	if (!n)
		return;
	if (b->text.len)
		strbuf_add(&b->text, "\n\n", b->para ? 2 : 1);
	strbuf_add(&b->text, s, n);
	b->para = 0;
}

static int build_turns(struct ctx *c, const char *text, size_t len, struct braid_transcript *out,
		       struct braid_err *err)
{
	const char *p = text, *end = text + len;
	struct builder b;
	char label[4 * BRAID_LABEL_MAX + 1];
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.out = out;
	b.ts = BRAID_NO_TIME;
	strbuf_init(&b.text, 0);
	c->lineno = 0;
	c->in_meta = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct line ln;
		struct cand k;
		unsigned words = 0;
		int flags = 0;

		c->lineno++;
		if (c->re) {
			rc = classify_pattern(c, p, n, &ln, label, err);
			if (rc)
				break;
		} else {
			classify_default(c, p, n, &ln, &k, &words, &flags);
			if (ln.kind == LINE_LABEL) {
				struct lab *e = lab_find(&c->tab, ln.label, ln.label_len,
							 hash_bytes(ln.label, ln.label_len));

				if (!e || !(e->flags & LAB_ACCEPTED) ||
				    (flags < 0 && !(e->flags & LAB_DECLARED)))
					ln.kind = LINE_TEXT;
			}
		}
		p += n + 1;
		if (c->o->no_speakers && ln.kind != LINE_BLANK && ln.kind != LINE_TIME &&
		    ln.kind != LINE_META)
			ln.kind = LINE_TEXT;
		switch (ln.kind) {
		case LINE_META: /* not an utterance; the turn and paragraph go on */
			break;
		case LINE_BLANK:
			if (c->o->no_speakers)
				close_turn(&b);
			else if (b.open)
				b.para = 1;
			break;
		case LINE_TIME:
			close_turn(&b);
			b.ts = ln.time;
			break;
		case LINE_HEADING:
			open_turn(&b, NULL, 0, c->lineno, BRAID_NO_TIME);
			add_text(&b, ln.s, ln.n);
			break;
		case LINE_LABEL:
			open_turn(&b, ln.label, ln.label_len, c->lineno, ln.time);
			add_text(&b, ln.rest, ln.rest_len);
			break;
		case LINE_TEXT:
			if (c->line_units)
				close_turn(&b);
			/* after a timestamp line the last speaker goes on, with the new time */
			if (!b.open)
				open_turn(&b, b.has_spk ? b.spk : NULL, 0, c->lineno,
					  BRAID_NO_TIME);
			add_text(&b, ln.s, ln.n);
			break;
		}
	}
	if (!rc)
		close_turn(&b);
	strbuf_release(&b.text);
	return rc;
}

/* ---- the entry point ---- */

/*
 * Documents saved one paragraph per line (web pages, exported reports) have
 * no blank lines; their lines, not the whole file, are the paragraphs.
 */
static int has_blank_line(const char *s, size_t n)
{
	int blank = 1; /* at the start of a line, only spaces so far */

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			if (blank && i > 0)
				return 1;
			blank = 1;
		} else if (s[i] != ' ' && s[i] != '\t') {
			blank = 0;
		}
	}
	return 0;
}

static int check_declared(struct ctx *c, struct braid_err *err)
{
	const struct braid_parse_opts *o = c->o;

	for (size_t i = 0; i < o->nspeakers; i++) {
		const char *s = o->speakers[i];
		size_t n;
		uint32_t h;
		struct lab *e;

		if (!s || !*s)
			return braid_errorf(err, BRAID_EINVAL, "empty speaker label");
		n = strlen(s);
		if (n > BRAID_LABEL_MAX)
			return braid_errorf(err, BRAID_EINVAL,
					    "speaker label '%s' is longer than %d bytes", s,
					    BRAID_LABEL_MAX);
		for (size_t j = 0; j < n; j++)
			if ((unsigned char)s[j] < 0x20 || s[j] == 0x7f)
				return braid_errorf(err, BRAID_EINVAL,
						    "speaker label '%s' has a control character",
						    s);
		if (space_at(s, n) || space_before(s, n))
			return braid_errorf(err, BRAID_EINVAL,
					    "speaker label '%s' starts or ends with a space", s);
		h = hash_bytes(s, n);
		e = lab_find(&c->tab, s, n, h);
		if (!e)
			e = lab_add(&c->tab, s, n, h);
		e->flags |= LAB_DECLARED;
		e->words = 1;
	}
	return 0;
}

int braid_parse_plain(const char *text, size_t len, const struct braid_parse_opts *o,
		      struct braid_transcript *out, struct braid_err *err)
{
	static const struct braid_parse_opts defaults;
	struct ctx c;
	size_t nr0 = out->nr;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.o = o ? o : &defaults;
	c.line_units = c.o->no_speakers && !has_blank_line(text, len);
	if (c.o->speaker_pattern && !c.o->no_speakers) {
		rc = compile_pattern(&c, c.o->speaker_pattern, err);
	} else if (!c.o->no_speakers) {
		rc = check_declared(&c, err);
		if (!rc)
			decide_labels(&c, count_candidates(&c, text, len));
	}
	if (!rc)
		rc = build_turns(&c, text, len, out, err);
	if (rc) {
		while (out->nr > nr0) {
			out->nr--;
			free(out->turns[out->nr].speaker);
			strbuf_release(&out->turns[out->nr].text);
		}
	}
	pcre2_match_data_free(c.md);
	pcre2_code_free(c.re);
	free(c.tab.slot);
	return rc;
}
