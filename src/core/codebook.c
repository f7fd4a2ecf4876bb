/*
 * codebook.c - codebooks as files (see include/braid/codebook.h and
 * docs/codebook.md).
 *
 * Reading uses libyaml's event API rather than its document API: events
 * carry the marks we need for every message, aliases arrive as events we
 * can refuse (the document API would resolve them silently), and the tree
 * is built in one pass with a one-event cursor. Writing goes through
 * libyaml's emitter, so quoting and escaping are libyaml's, not ours.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <yaml.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/text.h"
#include "braid/vocab.h"

#define PATTERN_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS)

/* ---- names of enum values (vocab.h) ------------------------------- */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *braid_kind_name(enum braid_code_kind k)
{
	return braid_vocab_name(&braid_vocab_code_kind, (int)k);
}

const char *braid_scope_name(enum braid_scope s)
{
	return braid_vocab_name(&braid_vocab_scope, (int)s);
}

const char *braid_roles_name(enum braid_roles r)
{
	return braid_vocab_name(&braid_vocab_roles, (int)r);
}

int braid_kind_parse(const char *s)
{
	return braid_vocab_parse(&braid_vocab_code_kind, s);
}

int braid_scope_parse(const char *s)
{
	return braid_vocab_parse(&braid_vocab_scope, s);
}

int braid_roles_parse(const char *s)
{
	return braid_vocab_parse(&braid_vocab_roles, s);
}

/* ---- life cycle ----------------------------------------------------- */

void braid_codebook_init(struct braid_codebook *cb)
{
	memset(cb, 0, sizeof(*cb));
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void code_release(struct braid_code *c)
{
	free(c->id);
	free(c->name);
	free(c->domain);
	free(c->definition);
	free(c->include);
	free(c->exclude);
	free(c->color);
	free_strings(c->examples, c->nexamples);
	free_strings(c->patterns, c->npatterns);
	for (size_t i = 0; i < c->nchildren; i++)
		code_release(&c->children[i]);
	free(c->children);
	memset(c, 0, sizeof(*c));
}

void braid_codebook_release(struct braid_codebook *cb)
{
	free(cb->name);
	free(cb->version);
	free(cb->description);
	for (size_t i = 0; i < cb->ncodes; i++)
		code_release(&cb->codes[i]);
	free(cb->codes);
	braid_codebook_init(cb);
}

/* ---- walking, finding, comparing ------------------------------------ */

typedef void walk_fn(const struct braid_code *code, const struct braid_code *parent, int depth,
		     void *ctx);

static void walk(const struct braid_code *codes, size_t n, const struct braid_code *parent,
		 int depth, walk_fn *fn, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		fn(&codes[i], parent, depth, ctx);
		walk(codes[i].children, codes[i].nchildren, &codes[i], depth + 1, fn, ctx);
	}
}

void braid_codebook_walk(const struct braid_codebook *cb, walk_fn *fn, void *ctx)
{
	walk(cb->codes, cb->ncodes, NULL, 0, fn, ctx);
}

static const struct braid_code *find(const struct braid_code *codes, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		const struct braid_code *c = &codes[i];

		if (c->id && !strcmp(c->id, id))
			return c;
		c = find(c->children, c->nchildren, id);
		if (c)
			return c;
	}
	return NULL;
}

const struct braid_code *braid_codebook_find(const struct braid_codebook *cb, const char *id)
{
	return find(cb->codes, cb->ncodes, id);
}

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int strings_eq(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a[i], b[i]))
			return 0;
	return 1;
}

static int codes_eq(const struct braid_code *a, size_t na, const struct braid_code *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++) {
		const struct braid_code *x = &a[i], *y = &b[i];

		if (!str_eq(x->id, y->id) || !str_eq(x->name, y->name) || x->kind != y->kind ||
		    !str_eq(x->domain, y->domain) || !str_eq(x->definition, y->definition) ||
		    !str_eq(x->include, y->include) || !str_eq(x->exclude, y->exclude) ||
		    !str_eq(x->color, y->color) || x->scope != y->scope || x->roles != y->roles ||
		    !strings_eq(x->examples, x->nexamples, y->examples, y->nexamples) ||
		    !strings_eq(x->patterns, x->npatterns, y->patterns, y->npatterns) ||
		    !codes_eq(x->children, x->nchildren, y->children, y->nchildren))
			return 0;
	}
	return 1;
}

int braid_codebook_equal(const struct braid_codebook *a, const struct braid_codebook *b)
{
	return str_eq(a->name, b->name) && str_eq(a->version, b->version) &&
	       str_eq(a->description, b->description) &&
	       codes_eq(a->codes, a->ncodes, b->codes, b->ncodes);
}

/* ---- slugs ---------------------------------------------------------- */

static int is_letter_or_digit(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO: return 1;
	default: return 0;
	}
}

static int is_mark(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/*
 * One round of slugging: fold, keep letters and digits (and the marks that
 * sit on them, so "हिंदी" keeps its vowel signs), one '-' for every run of
 * anything else, none at either end.
 */
static void slugify_once(const char *s, size_t len, struct strbuf *out)
{
	struct strbuf f = STRBUF_INIT;
	size_t i = 0;
	int dash = 0, any = 0, prev_kept = 0;

	braid_text_fold(s, len, &f);
	while (i < f.len) {
		int32_t cp;
		size_t n = braid_utf8_next(f.buf + i, f.len - i, &cp);

		if (is_letter_or_digit(cp) || (prev_kept && is_mark(cp))) {
			if (dash && any)
				strbuf_addch(out, '-');
			strbuf_add(out, f.buf + i, n);
			dash = 0;
			any = prev_kept = 1;
		} else {
			dash = 1;
			prev_kept = 0;
		}
		i += n;
	}
	strbuf_release(&f);
}

void braid_slugify(const char *name, struct strbuf *out)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	/*
	 * A valid id is one slugging leaves alone, so the result must be a
	 * fixed point. One round nearly always is one; folding after dropping
	 * characters can in theory change a little more, hence the loop.
	 */
	slugify_once(name, strlen(name), &a);
	for (int round = 0; round < 8; round++) {
		strbuf_reset(&b);
		slugify_once(a.buf, a.len, &b);
		if (b.len == a.len && !memcmp(a.buf, b.buf, a.len))
			break;
		strbuf_reset(&a);
		strbuf_addbuf(&a, &b);
	}
	strbuf_addbuf(out, &a);
	strbuf_release(&a);
	strbuf_release(&b);
}

int braid_id_valid(const char *id)
{
	struct strbuf s = STRBUF_INIT;
	int ok;

	braid_slugify(id, &s);
	ok = s.len > 0 && !strcmp(s.buf, id);
	strbuf_release(&s);
	return ok;
}

/* ---- a small string set (ids in the book, folded names per sibling list) */

struct sset_entry {
	char *key; /* owned */
	size_t line;
};

struct sset {
	struct sset_entry *v;
	size_t n, cap; /* cap is 0 or a power of two */
};

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

static struct sset_entry *sset_slot(const struct sset *set, const char *key)
{
	size_t i = hash_str(key) & (set->cap - 1);

	while (set->v[i].key && strcmp(set->v[i].key, key))
		i = (i + 1) & (set->cap - 1);
	return &set->v[i];
}

static const struct sset_entry *sset_get(const struct sset *set, const char *key)
{
	struct sset_entry *e;

	if (!set->cap)
		return NULL;
	e = sset_slot(set, key);
	return e->key ? e : NULL;
}

static void sset_put(struct sset *set, const char *key, size_t line)
{
	struct sset_entry *e;

	if (2 * (set->n + 1) > set->cap) {
		struct sset old = *set;

		set->cap = set->cap ? set->cap * 2 : 16;
		set->v = xcalloc(set->cap, sizeof(*set->v));
		set->n = 0;
		for (size_t i = 0; i < old.cap; i++) {
			if (old.v[i].key) {
				*sset_slot(set, old.v[i].key) = old.v[i];
				set->n++;
			}
		}
		free(old.v);
	}
	e = sset_slot(set, key);
	if (!e->key) {
		e->key = xstrdup(key);
		set->n++;
	}
	e->line = line;
}

static void sset_release(struct sset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->v[i].key);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* ---- the reader ----------------------------------------------------- */

#define TAG_STR "tag:yaml.org,2002:str"
#define TAG_SEQ "tag:yaml.org,2002:seq"
#define TAG_MAP "tag:yaml.org,2002:map"

/* Where each code was, in document (pre-)order; used after the tree is built. */
struct code_pos {
	yaml_mark_t at, name_at, id_at;
};

struct reader {
	yaml_parser_t parser;
	yaml_event_t ev; /* the cursor: the current event */
	int have_ev;
	const char *file; /* NULL: messages start at the line */
	const char *src;  /* the text libyaml reads (after a UTF-8 BOM) */
	size_t len;
	size_t bom; /* bytes skipped before src: 3 or 0 */
	struct braid_err *err;
	struct strbuf shown[2]; /* quoted excerpts for messages */
	struct strbuf tmp;
	struct code_pos *pos;
	size_t npos, apos;
	struct sset ids; /* every id in the book -> line of its first holder */
};

static size_t line_of(yaml_mark_t m)
{
	return m.line + 1;
}

static int fail_at(struct reader *r, size_t line, size_t col, int code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail_at(struct reader *r, size_t line, size_t col, int code, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (r->file)
		strbuf_addf(&sb, "%s:", r->file);
	strbuf_addf(&sb, "%zu:%zu: ", line, col);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	braid_errorf(r->err, code, "%s", sb.buf);
	strbuf_release(&sb);
	return code;
}

#define fail(r, mark, ...)                                                                         \
	fail_at((r), (mark).line + 1, (mark).column + 1, BRAID_EPARSE, __VA_ARGS__)

/*
 * An excerpt of s fit for a message: at most 60 bytes (cut on a character
 * boundary, "..." added), control characters shown as '?'. Two slots, so
 * that one message can show two strings.
 */
static const char *show_n(struct reader *r, int slot, const char *s, size_t len)
{
	struct strbuf *sb = &r->shown[slot];
	size_t i = 0;

	strbuf_reset(sb);
	while (i < len) {
		int32_t cp;
		size_t n = braid_utf8_next(s + i, len - i, &cp);

		if (sb->len + n > 60) {
			strbuf_addstr(sb, "...");
			break;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			strbuf_addch(sb, '?');
		else
			strbuf_add(sb, s + i, n);
		i += n;
	}
	return sb->buf;
}

static const char *show(struct reader *r, int slot, const char *s)
{
	return show_n(r, slot, s, strlen(s));
}

/* Line (1-based) and column (1-based, in characters) of byte offset off, counted as libyaml does.
 */
static void offset_to_linecol(const char *s, size_t off, size_t *line, size_t *col)
{
	size_t i = 0;

	*line = 1;
	*col = 1;
	while (i < off) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r' && i + 1 < off && s[i + 1] == '\n') {
			i += 2;
		} else if (c == '\n' || c == '\r') {
			i++;
		} else if (c == 0xC2 && i + 1 < off && (unsigned char)s[i + 1] == 0x85) {
			i += 2; /* NEL */
		} else if (c == 0xE2 && i + 2 < off && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			i += 3; /* LS, PS */
		} else {
			i++;
			if ((c & 0xC0) != 0x80)
				(*col)++;
			continue;
		}
		(*line)++;
		*col = 1;
	}
	/* A CRLF split by the offset: libyaml has not counted the break yet either. */
}

/* Byte offset of a mark, from its index in characters. */
static size_t mark_to_offset(const struct reader *r, yaml_mark_t m)
{
	size_t i = 0, chars = 0;

	while (i < r->len && chars < m.index) {
		i++;
		while (i < r->len && ((unsigned char)r->src[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return i;
}

static int syntax_error(struct reader *r)
{
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "cannot parse YAML";

	if (p->error == YAML_MEMORY_ERROR)
		abort(); /* the allocation wrappers' policy: out of memory aborts */
	if (p->error == YAML_READER_ERROR) {
		size_t line, col, off = p->problem_offset < r->len ? p->problem_offset : r->len;

		/* a bad trailing octet: point at the character it should have ended */
		if (!strcmp(problem, "invalid trailing UTF-8 octet")) {
			while (off && ((unsigned char)r->src[off - 1] & 0xC0) == 0x80)
				off--;
			if (off && (unsigned char)r->src[off - 1] >= 0xC0)
				off--;
		}
		offset_to_linecol(r->src, off, &line, &col);
		if (p->problem_value != -1)
			return fail_at(r, line, col, BRAID_EENCODING, "%s (#%X at byte %zu)",
				       problem, (unsigned)p->problem_value,
				       p->problem_offset + r->bom);
		return fail_at(r, line, col, BRAID_EENCODING, "%s", problem);
	}
	if (p->context)
		return fail(r, p->problem_mark, "%s (%s at %zu:%zu)", problem, p->context,
			    p->context_mark.line + 1, p->context_mark.column + 1);
	return fail(r, p->problem_mark, "%s", problem);
}

/* Moves the cursor to the next event, refusing aliases, anchors and unknown tags. */
static int next(struct reader *r)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	const char *ok_tag = NULL;

	if (r->have_ev) {
		yaml_event_delete(&r->ev);
		r->have_ev = 0;
	}
	if (!yaml_parser_parse(&r->parser, &r->ev))
		return syntax_error(r);
	r->have_ev = 1;
	switch (r->ev.type) {
	case YAML_ALIAS_EVENT:
		return fail(r, r->ev.start_mark, "aliases are not allowed (alias '*%s')",
			    show(r, 0, (const char *)r->ev.data.alias.anchor));
	case YAML_SCALAR_EVENT:
		anchor = r->ev.data.scalar.anchor;
		tag = r->ev.data.scalar.tag;
		ok_tag = TAG_STR;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = r->ev.data.sequence_start.anchor;
		tag = r->ev.data.sequence_start.tag;
		ok_tag = TAG_SEQ;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = r->ev.data.mapping_start.anchor;
		tag = r->ev.data.mapping_start.tag;
		ok_tag = TAG_MAP;
		break;
	default: break;
	}
	if (anchor)
		return fail(r, r->ev.start_mark, "aliases are not allowed (anchor '&%s')",
			    show(r, 0, (const char *)anchor));
	if (tag && strcmp((const char *)tag, "!") && strcmp((const char *)tag, ok_tag))
		return fail(r, r->ev.start_mark, "unsupported tag '%s'",
			    show(r, 0, (const char *)tag));
	return 0;
}

static int is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	return ev->type == YAML_SCALAR_EVENT && !ev->data.scalar.tag &&
	       ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
		!strcmp(v, "NULL"));
}

static const char *describe(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_MAPPING_START_EVENT: return "a mapping";
	case YAML_SEQUENCE_START_EVENT: return "a sequence";
	case YAML_SCALAR_EVENT: return is_null(ev) ? "nothing" : "a string";
	default: return "nothing";
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * Turns the current scalar into text in r->tmp: control characters other
 * than tab and line feed refused, surrounding whitespace trimmed (unless
 * keep_space), NFC. what names the value in messages.
 */
static int scalar_text(struct reader *r, const char *what, int keep_space)
{
	const char *v = (const char *)r->ev.data.scalar.value;
	size_t len = r->ev.data.scalar.length, i = 0;

	while (i < len) {
		int32_t cp;
		size_t n = braid_utf8_next(v + i, len - i, &cp);

		if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return fail(r, r->ev.start_mark, "control character U+%04X in %s",
				    (unsigned)cp, what);
		i += n;
	}
	if (!keep_space) {
		while (len && is_space(v[len - 1]))
			len--;
		while (len && is_space(*v))
			v++, len--;
	}
	strbuf_reset(&r->tmp);
	braid_text_nfc(v, len, &r->tmp);
	return 0;
}

/*
 * Reads the current event as an optional string: *out is NULL when the
 * value is null or empty. key names the value in messages.
 */
static int get_string(struct reader *r, const char *key, char **out)
{
	char what[64];
	int ret;

	if (r->ev.type != YAML_SCALAR_EVENT)
		return fail(r, r->ev.start_mark, "wrong type for '%s': expected a string, found %s",
			    key, describe(&r->ev));
	free(*out);
	*out = NULL;
	if (is_null(&r->ev))
		return 0;
	snprintf(what, sizeof(what), "'%s'", key);
	if ((ret = scalar_text(r, what, 0)))
		return ret;
	if (r->tmp.len)
		*out = xstrndup(r->tmp.buf, r->tmp.len);
	return 0;
}

static int check_pattern(struct reader *r, const char *pat, yaml_mark_t at)
{
	int errcode;
	PCRE2_SIZE off;
	pcre2_code *re =
	    pcre2_compile((PCRE2_SPTR)pat, strlen(pat), PATTERN_OPTIONS, &errcode, &off, NULL);
	PCRE2_UCHAR msg[256];

	if (re) {
		pcre2_code_free(re);
		return 0;
	}
	if (errcode == PCRE2_ERROR_HEAP_FAILED)
		abort(); /* out of memory, not a bad pattern: the allocation policy */
	pcre2_get_error_message(errcode, msg, sizeof(msg));
	return fail(r, at, "bad pattern '%s' at offset %zu: %s", show(r, 0, pat), (size_t)off,
		    (const char *)msg);
}

/* One item of examples or patterns: the current scalar, appended to *v. */
static int add_item(struct reader *r, const char *key, int pattern, char ***v, size_t *n)
{
	const char *what = pattern ? "a pattern" : "an example";
	yaml_mark_t at = r->ev.start_mark;
	int ret;

	if (r->ev.type != YAML_SCALAR_EVENT)
		return fail(r, at, "wrong type for an item of '%s': expected a string, found %s",
			    key, describe(&r->ev));
	if (is_null(&r->ev))
		return fail(r, at, "empty %s in '%s'", pattern ? "pattern" : "example", key);
	if ((ret = scalar_text(r, what, pattern)))
		return ret;
	if (!r->tmp.len)
		return fail(r, at, "empty %s in '%s'", pattern ? "pattern" : "example", key);
	if (pattern && (ret = check_pattern(r, r->tmp.buf, at)))
		return ret;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrndup(r->tmp.buf, r->tmp.len);
	return 0;
}

/* examples / patterns: a sequence of strings, or one string; null is none. */
static int get_strings(struct reader *r, const char *key, int pattern, char ***v, size_t *n)
{
	int ret;

	if (r->ev.type == YAML_SCALAR_EVENT)
		return is_null(&r->ev) ? 0 : add_item(r, key, pattern, v, n);
	if (r->ev.type != YAML_SEQUENCE_START_EVENT)
		return fail(
		    r, r->ev.start_mark,
		    "wrong type for '%s': expected a string or a sequence of strings, found %s",
		    key, describe(&r->ev));
	for (;;) {
		if ((ret = next(r)))
			return ret;
		if (r->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if ((ret = add_item(r, key, pattern, v, n)))
			return ret;
	}
}

static int get_enum(struct reader *r, const char *key, const struct braid_vocab *v, int *out)
{
	char *s = NULL;
	int ret = get_string(r, key, &s), i;

	if (ret)
		return ret;
	if (!s)
		return 0; /* null: the default */
	i = braid_vocab_parse(v, s);
	if (i < 0) {
		struct strbuf expected = STRBUF_INIT;

		braid_vocab_list(v, &expected);
		ret = fail(r, r->ev.start_mark, "bad %s '%s' (expected %s)", key, show(r, 0, s),
			   expected.buf);
		strbuf_release(&expected);
		free(s);
		return ret;
	}
	*out = i;
	free(s);
	return 0;
}

static int hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int color_valid(const char *s)
{
	size_t n = strlen(s);

	if (s[0] != '#' || (n != 4 && n != 7))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!hex_digit(s[i]))
			return 0;
	return 1;
}

static int get_color(struct reader *r, char **out)
{
	yaml_mark_t at = r->ev.start_mark;
	int ret = get_string(r, "color", out);

	if (ret)
		return ret;
	if (!*out && is_null(&r->ev)) {
		/* color: #1f77b4 unquoted is a comment, not a colour: say so (not for "# note"). */
		size_t i = mark_to_offset(r, at), e;

		while (i < r->len && (r->src[i] == ' ' || r->src[i] == '\t'))
			i++;
		if (i + 1 < r->len && r->src[i] == '#' && hex_digit(r->src[i + 1])) {
			for (e = i; e < r->len && r->src[e] != '\n' && r->src[e] != '\r'; e++)
				;
			return fail(r, at, "color '%s' is read as a YAML comment: quote it",
				    show_n(r, 0, r->src + i, e - i));
		}
	}
	if (*out && !color_valid(*out))
		return fail(r, at, "bad color '%s' (expected #rgb or #rrggbb)", show(r, 0, *out));
	return 0;
}

/*
 * The cursor is on a mapping key: matches it against keys[], refusing
 * unknown and repeated keys. seen[i] holds the line where key i was seen.
 */
static int get_key(struct reader *r, const struct braid_vocab *keys, size_t *seen,
		   const char *where, size_t *idx)
{
	struct strbuf expected = STRBUF_INIT;
	const char *k;
	int ret;

	if (r->ev.type != YAML_SCALAR_EVENT)
		return fail(r, r->ev.start_mark, "expected a key, found %s", describe(&r->ev));
	k = (const char *)r->ev.data.scalar.value;
	for (int i = 0; i < keys->n; i++) {
		if (strlen(keys->names[i]) == r->ev.data.scalar.length && !strcmp(keys->names[i], k)) {
			if (seen[i])
				return fail(r, r->ev.start_mark,
					    "duplicate key '%s' (first at line %zu)", keys->names[i],
					    seen[i]);
			seen[i] = line_of(r->ev.start_mark);
			*idx = (size_t)i;
			return 0;
		}
	}
	braid_vocab_list(keys, &expected);
	ret = fail(r, r->ev.start_mark, "unknown key '%s' %s (expected %s)",
		   show_n(r, 0, k, r->ev.data.scalar.length), where, expected.buf);
	strbuf_release(&expected);
	return ret;
}

static int parse_codes(struct reader *r, struct braid_code **codes, size_t *n, int depth);

/* The cursor is on the code's MAPPING-START; leaves it on its MAPPING-END. */
static int parse_code(struct reader *r, struct braid_code *c, int depth, size_t *posi)
{
	size_t seen[BRAID_CODE_KEY_N] = {0}, k, pi;
	yaml_mark_t at = r->ev.start_mark;
	int ret, v;

	if (depth >= BRAID_CODEBOOK_MAX_DEPTH)
		return fail(r, at, "codes nested too deeply (more than %d levels)",
			    BRAID_CODEBOOK_MAX_DEPTH);
	ALLOC_GROW(r->pos, r->npos + 1, r->apos);
	pi = *posi = r->npos++;
	memset(&r->pos[pi], 0, sizeof(r->pos[pi]));
	r->pos[pi].at = at;
	c->line = line_of(at);
	for (;;) {
		if ((ret = next(r)))
			return ret;
		if (r->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if ((ret = get_key(r, &braid_vocab_code_key, seen, "in a code", &k)) ||
		    (ret = next(r)))
			return ret;
		switch (k) {
		case BRAID_CK_NAME:
			r->pos[pi].name_at = r->ev.start_mark;
			if ((ret = get_string(r, "name", &c->name)))
				return ret;
			if (!c->name)
				return fail(r, r->ev.start_mark, "empty 'name'");
			if (strchr(c->name, '\n'))
				return fail(r, r->ev.start_mark, "line break in 'name'");
			break;
		case BRAID_CK_ID: {
			const struct sset_entry *first;

			r->pos[pi].id_at = r->ev.start_mark;
			if ((ret = get_string(r, "id", &c->id)))
				return ret;
			if (!c->id)
				break; /* null or empty: generated later */
			if (!braid_id_valid(c->id)) {
				strbuf_reset(&r->tmp);
				braid_slugify(c->id, &r->tmp);
				return fail(r, r->ev.start_mark,
					    "bad id '%s' (expected lowercase letters and digits "
					    "joined by single '-', like '%s')",
					    show(r, 0, c->id),
					    r->tmp.len ? show(r, 1, r->tmp.buf) : "legal-aid");
			}
			first = sset_get(&r->ids, c->id);
			if (first)
				return fail(r, r->ev.start_mark,
					    "duplicate id '%s' (first at line %zu)",
					    show(r, 0, c->id), first->line);
			sset_put(&r->ids, c->id, line_of(r->ev.start_mark));
			break;
		}
		case BRAID_CK_KIND:
			v = (int)c->kind;
			if ((ret =
				 get_enum(r, "kind", &braid_vocab_code_kind, &v)))
				return ret;
			c->kind = (enum braid_code_kind)v;
			break;
		case BRAID_CK_SCOPE:
			v = (int)c->scope;
			if ((ret = get_enum(r, "scope", &braid_vocab_scope, &v)))
				return ret;
			c->scope = (enum braid_scope)v;
			break;
		case BRAID_CK_ROLES:
			v = (int)c->roles;
			if ((ret = get_enum(r, "roles", &braid_vocab_roles, &v)))
				return ret;
			c->roles = (enum braid_roles)v;
			break;
		case BRAID_CK_DOMAIN: ret = get_string(r, "domain", &c->domain); break;
		case BRAID_CK_DEFINITION: ret = get_string(r, "definition", &c->definition); break;
		case BRAID_CK_INCLUDE: ret = get_string(r, "include", &c->include); break;
		case BRAID_CK_EXCLUDE: ret = get_string(r, "exclude", &c->exclude); break;
		case BRAID_CK_COLOR: ret = get_color(r, &c->color); break;
		case BRAID_CK_EXAMPLES:
			ret = get_strings(r, "examples", 0, &c->examples, &c->nexamples);
			break;
		case BRAID_CK_PATTERNS:
			ret = get_strings(r, "patterns", 1, &c->patterns, &c->npatterns);
			break;
		case BRAID_CK_CHILDREN:
			if (is_null(&r->ev))
				break;
			ret = parse_codes(r, &c->children, &c->nchildren, depth + 1);
			break;
		}
		if (ret)
			return ret;
	}
	if (!c->name)
		return fail(r, at, "code without 'name'");
	return 0;
}

/* The cursor is on the SEQUENCE-START of codes or children; leaves it on its end. */
static int parse_codes(struct reader *r, struct braid_code **codes, size_t *n, int depth)
{
	struct sset names = {0};
	size_t alloc = 0;
	int ret = 0;

	if (r->ev.type != YAML_SEQUENCE_START_EVENT)
		return fail(r, r->ev.start_mark,
			    "wrong type for '%s': expected a sequence of codes, found %s",
			    depth ? "children" : "codes", describe(&r->ev));
	for (;;) {
		struct braid_code *c;
		const struct sset_entry *first;
		size_t pi = 0;

		if ((ret = next(r)))
			break;
		if (r->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (r->ev.type != YAML_MAPPING_START_EVENT) {
			ret = fail(r, r->ev.start_mark,
				   "wrong type for a code: expected a mapping, found %s",
				   describe(&r->ev));
			break;
		}
		ALLOC_GROW(*codes, *n + 1, alloc);
		c = &(*codes)[(*n)++];
		memset(c, 0, sizeof(*c));
		if ((ret = parse_code(r, c, depth, &pi)))
			break;
		/* siblings' names must differ after case folding (and NFC) */
		strbuf_reset(&r->tmp);
		braid_text_fold(c->name, strlen(c->name), &r->tmp);
		first = sset_get(&names, r->tmp.buf);
		if (first) {
			ret = fail(r, r->pos[pi].name_at,
				   "duplicate name '%s' among siblings (first at line %zu)",
				   show(r, 0, c->name), first->line);
			break;
		}
		sset_put(&names, r->tmp.buf, line_of(r->pos[pi].name_at));
	}
	sset_release(&names);
	return ret;
}

/*
 * After the tree is read: ids for codes without one (explicit ids were
 * all claimed while reading, so they win over generated ones), and
 * domains passed down to children that have none. Pre-order, like pos[].
 */
static int complete(struct reader *r, struct braid_code *codes, size_t n,
		    const struct braid_code *parent, size_t *k)
{
	int ret;

	for (size_t i = 0; i < n; i++) {
		struct braid_code *c = &codes[i];
		const struct code_pos *p = &r->pos[(*k)++];

		if (!c->id) {
			const struct sset_entry *first;

			strbuf_reset(&r->tmp);
			braid_slugify(c->name, &r->tmp);
			if (!r->tmp.len)
				return fail(
				    r, p->name_at,
				    "cannot make an id from name '%s': give the code an 'id'",
				    show(r, 0, c->name));
			if (sset_get(&r->ids, r->tmp.buf) && parent) {
				struct strbuf alt = STRBUF_INIT;

				strbuf_addf(&alt, "%s-%s", parent->id, r->tmp.buf);
				strbuf_reset(&r->tmp);
				strbuf_addbuf(&r->tmp, &alt);
				strbuf_release(&alt);
			}
			first = sset_get(&r->ids, r->tmp.buf);
			if (first)
				return fail(r, p->name_at,
					    "duplicate id '%s' (first at line %zu; made from the "
					    "name: give the code an 'id')",
					    show(r, 0, r->tmp.buf), first->line);
			c->id = xstrndup(r->tmp.buf, r->tmp.len);
			sset_put(&r->ids, c->id, line_of(p->name_at));
		}
		if (!c->domain && parent && parent->domain)
			c->domain = xstrdup(parent->domain);
		if ((ret = complete(r, c->children, c->nchildren, c, k)))
			return ret;
	}
	return 0;
}

static int parse_top(struct reader *r, struct braid_codebook *cb)
{
	size_t seen[BRAID_BOOK_KEY_N] = {0}, k, pi = 0;
	yaml_mark_t at;
	int ret;

	if ((ret = next(r)) ||
	    (ret = next(r))) /* STREAM-START, then DOCUMENT-START or STREAM-END */
		return ret;
	if (r->ev.type == YAML_STREAM_END_EVENT)
		return fail(r, r->ev.start_mark, "empty codebook (expected a mapping with %s)",
			    "'name' and 'codes'");
	if ((ret = next(r)))
		return ret;
	at = r->ev.start_mark;
	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return fail(r, at, "top level is not a mapping (found %s)", describe(&r->ev));
	for (;;) {
		if ((ret = next(r)))
			return ret;
		if (r->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if ((ret = get_key(r, &braid_vocab_book_key, seen, "at the top level", &k)) ||
		    (ret = next(r)))
			return ret;
		switch (k) {
		case BRAID_BOOK_NAME:
			if ((ret = get_string(r, "name", &cb->name)))
				return ret;
			if (!cb->name)
				return fail(r, r->ev.start_mark, "empty 'name'");
			if (strchr(cb->name, '\n'))
				return fail(r, r->ev.start_mark, "line break in 'name'");
			break;
		case BRAID_BOOK_VERSION: ret = get_string(r, "version", &cb->version); break;
		case BRAID_BOOK_DESCRIPTION: ret = get_string(r, "description", &cb->description); break;
		case BRAID_BOOK_CODES:
			if (is_null(&r->ev))
				return fail(
				    r, r->ev.start_mark,
				    "empty 'codes' (expected a sequence of codes; [] for none)");
			ret = parse_codes(r, &cb->codes, &cb->ncodes, 0);
			break;
		}
		if (ret)
			return ret;
	}
	if (!cb->name)
		return fail(r, at, "missing 'name' (a codebook needs %s)", "'name' and 'codes'");
	if (!seen[BRAID_BOOK_CODES])
		return fail(r, at, "missing 'codes' (a codebook needs %s)", "'name' and 'codes'");
	if ((ret = next(r))) /* DOCUMENT-END */
		return ret;
	if ((ret = next(r)))
		return ret;
	if (r->ev.type != YAML_STREAM_END_EVENT)
		return fail(r, r->ev.start_mark, "more than one YAML document");
	return complete(r, cb->codes, cb->ncodes, NULL, &pi);
}

int braid_codebook_parse(const char *yaml, size_t len, const char *file, struct braid_codebook *cb,
			 struct braid_err *err)
{
	struct reader r;
	int ret;

	braid_codebook_init(cb);
	if (!yaml)
		yaml = "", len = 0; /* libyaml asserts on a NULL input */
	memset(&r, 0, sizeof(r));
	r.file = file;
	r.err = err;
	strbuf_init(&r.shown[0], 0);
	strbuf_init(&r.shown[1], 0);
	strbuf_init(&r.tmp, 0);
	/* libyaml would count a BOM as a column of line 1; editors do not. */
	if (len >= 3 && !memcmp(yaml, "\xEF\xBB\xBF", 3))
		yaml += 3, len -= 3, r.bom = 3;
	r.src = yaml;
	r.len = len;
	if (len >= 2 && (!memcmp(yaml, "\xFF\xFE", 2) || !memcmp(yaml, "\xFE\xFF", 2)))
		return fail_at(&r, 1, 1, BRAID_EENCODING, "codebook is UTF-16: save it as UTF-8");
	if (!yaml_parser_initialize(&r.parser))
		abort();
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)yaml, len);
	ret = parse_top(&r, cb);
	if (r.have_ev)
		yaml_event_delete(&r.ev);
	yaml_parser_delete(&r.parser);
	strbuf_release(&r.shown[0]);
	strbuf_release(&r.shown[1]);
	strbuf_release(&r.tmp);
	sset_release(&r.ids);
	free(r.pos);
	if (ret)
		braid_codebook_release(cb);
	return ret;
}

int braid_codebook_load(const char *path, struct braid_codebook *cb, struct braid_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	braid_codebook_init(cb);
	if (strbuf_read_file(&sb, path) < 0) {
		ret = braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", path, strerror(errno));
		strbuf_release(&sb);
		return ret;
	}
	ret = braid_codebook_parse(sb.buf, sb.len, path, cb, err);
	strbuf_release(&sb);
	return ret;
}

/* ---- YAML writer ---------------------------------------------------- */

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	strbuf_add(data, buffer, size);
	return 1;
}

/*
 * The emitter only fails on out-of-memory or on events it considers
 * malformed; we build well-formed events from valid UTF-8, so either way
 * the allocation policy applies.
 */
static void emit(yaml_emitter_t *e, yaml_event_t *ev, int made)
{
	if (!made || !yaml_emitter_emit(e, ev))
		abort();
}

/* YAML 1.1 readers (PyYAML, R's yaml) would not read these plain scalars as strings. */
static int looks_typed(const char *s)
{
	static const char *const words[] = {
	    "~",  "null", "Null", "NULL", "y",	  "Y",	  "yes",  "Yes",   "YES",   "n",
	    "N",  "no",	  "No",	  "NO",	  "true", "True", "TRUE", "false", "False", "FALSE",
	    "on", "On",	  "ON",	  "off",  "Off",  "OFF",  "<<",	  "=",
	};
	const char *p = s;

	for (size_t i = 0; i < NELEM(words); i++)
		if (!strcmp(s, words[i]))
			return 1;
	if (*p == '-' || *p == '+')
		p++;
	if (*p == '.')
		p++;
	return (*p >= '0' && *p <= '9') || !strcmp(p, "inf") || !strcmp(p, "Inf") ||
	       !strcmp(p, "INF") || !strcmp(p, "nan") || !strcmp(p, "NaN") || !strcmp(p, "NAN");
}

static yaml_scalar_style_t pick_style(const char *s, size_t len)
{
	if (!len || memchr(s, '\t', len) || is_space(s[0]) || is_space(s[len - 1]))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (memchr(s, '\n', len))
		return YAML_LITERAL_SCALAR_STYLE; /* the emitter falls back when it cannot */
	if (looks_typed(s))
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	return YAML_ANY_SCALAR_STYLE;
}

static void emit_scalar(yaml_emitter_t *e, const char *s, yaml_scalar_style_t style)
{
	struct strbuf fixed = STRBUF_INIT;
	yaml_event_t ev;
	size_t len = strlen(s);

	if (!braid_utf8_valid(s, len)) {
		/* Only a codebook built in memory can get here; libyaml refuses bad UTF-8. */
		for (size_t i = 0; i < len;) {
			int32_t cp;
			size_t n = braid_utf8_next(s + i, len - i, &cp);

			if (cp == 0xFFFD && n == 1)
				strbuf_addstr(&fixed, "\xEF\xBF\xBD");
			else
				strbuf_add(&fixed, s + i, n);
			i += n;
		}
		s = fixed.buf;
		len = fixed.len;
	}
	if (len > INT_MAX)
		len = INT_MAX; /* libyaml takes an int; no codebook field comes near */
	emit(e, &ev,
	     yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1,
					  style == YAML_ANY_SCALAR_STYLE ? pick_style(s, len)
									 : style));
	strbuf_release(&fixed);
}

static void emit_pair(yaml_emitter_t *e, const char *key, const char *value)
{
	if (!value)
		return;
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	emit_scalar(e, value, YAML_ANY_SCALAR_STYLE);
}

static void emit_seq_start(yaml_emitter_t *e, yaml_sequence_style_t style)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, style));
}

static void emit_seq_end(yaml_emitter_t *e)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void emit_map_start(yaml_emitter_t *e)
{
	yaml_event_t ev;

	emit(e, &ev,
	     yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static void emit_map_end(yaml_emitter_t *e)
{
	yaml_event_t ev;

	emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void emit_list(yaml_emitter_t *e, const char *key, char *const *v, size_t n)
{
	if (!n)
		return;
	emit_scalar(e, key, YAML_PLAIN_SCALAR_STYLE);
	emit_seq_start(e, YAML_BLOCK_SEQUENCE_STYLE);
	for (size_t i = 0; i < n; i++)
		emit_scalar(e, v[i] ? v[i] : "", YAML_ANY_SCALAR_STYLE);
	emit_seq_end(e);
}

static void emit_codes(yaml_emitter_t *e, const struct braid_code *codes, size_t n,
		       const struct braid_code *parent)
{
	emit_seq_start(e, n ? YAML_BLOCK_SEQUENCE_STYLE : YAML_FLOW_SEQUENCE_STYLE);
	for (size_t i = 0; i < n; i++) {
		const struct braid_code *c = &codes[i];

		emit_map_start(e);
		emit_pair(e, "name", c->name);
		emit_pair(e, "id", c->id);
		if (c->kind != BRAID_DEDUCTIVE)
			emit_pair(e, "kind", braid_kind_name(c->kind));
		/* an inherited domain is left for the reader to inherit again */
		if (!(parent && str_eq(c->domain, parent->domain)))
			emit_pair(e, "domain", c->domain);
		emit_pair(e, "definition", c->definition);
		emit_pair(e, "include", c->include);
		emit_pair(e, "exclude", c->exclude);
		emit_list(e, "examples", c->examples, c->nexamples);
		emit_pair(e, "color", c->color);
		emit_list(e, "patterns", c->patterns, c->npatterns);
		if (c->scope != BRAID_SCOPE_SENTENCE)
			emit_pair(e, "scope", braid_scope_name(c->scope));
		if (c->roles != BRAID_ROLES_PARTICIPANT)
			emit_pair(e, "roles", braid_roles_name(c->roles));
		if (c->nchildren) {
			emit_scalar(e, "children", YAML_PLAIN_SCALAR_STYLE);
			emit_codes(e, c->children, c->nchildren, c);
		}
		emit_map_end(e);
	}
	emit_seq_end(e);
}

void braid_codebook_write_yaml(const struct braid_codebook *cb, struct strbuf *out)
{
	yaml_emitter_t e;
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&e))
		abort();
	yaml_emitter_set_output(&e, write_handler, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_indent(&e, 2);
	yaml_emitter_set_width(&e, 100);
	yaml_emitter_set_break(&e, YAML_LN_BREAK);
	emit(&e, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(&e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	emit_map_start(&e);
	emit_pair(&e, "name", cb->name);
	emit_pair(&e, "version", cb->version);
	emit_pair(&e, "description", cb->description);
	emit_scalar(&e, "codes", YAML_PLAIN_SCALAR_STYLE);
	emit_codes(&e, cb->codes, cb->ncodes, NULL);
	emit_map_end(&e);
	emit(&e, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(&e, &ev, yaml_stream_end_event_initialize(&ev));
	yaml_emitter_delete(&e);
}

/* ---- shared by the Markdown and LaTeX writers ----------------------- */

typedef void escape_fn(struct strbuf *out, const char *s, size_t len, int line_start);

/* Appends s on one line: every run of whitespace becomes one space. */
static void add_oneline(struct strbuf *out, const char *s, escape_fn *esc)
{
	struct strbuf t = STRBUF_INIT;

	for (; *s; s++) {
		if (is_space(*s)) {
			if (t.len && t.buf[t.len - 1] != ' ')
				strbuf_addch(&t, ' ');
		} else {
			strbuf_addch(&t, *s);
		}
	}
	strbuf_rtrim(&t);
	esc(out, t.buf, t.len, 0);
	strbuf_release(&t);
}

/*
 * Appends multi-line text: each line without its leading whitespace, runs
 * of blank lines as one blank line, lines after the first prefixed with
 * indent (blank lines are left empty).
 */
static void add_text(struct strbuf *out, const char *s, const char *indent, escape_fn *esc)
{
	int first = 1, blank = 0;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		size_t a = 0;

		while (a < n && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == a) {
			blank = !first;
		} else {
			if (!first) {
				strbuf_addch(out, '\n');
				if (blank)
					strbuf_addch(out, '\n');
				strbuf_addstr(out, indent);
			}
			esc(out, s + a, n - a, !first);
			first = blank = 0;
		}
		if (!e)
			break;
		s = e + 1;
	}
}

/* "1.2.3": the position of a code in the tree, for headings. */
struct numbering {
	size_t *n;
	int depth;
};

static void number(struct strbuf *out, const struct numbering *num)
{
	for (int i = 0; i <= num->depth; i++)
		strbuf_addf(out, i ? ".%zu" : "%zu", num->n[i]);
}

/* ---- Markdown writer ------------------------------------------------ */

/*
 * Backslash-escapes what CommonMark (and pandoc's extensions: $ math, ~
 * strike-out and subscript, ^ superscript, | tables) could read as markup. At the start of a line
 * also the block markers: list bullets, "1." / "1)" and ':' (pandoc definition lists).
 */
static void md_escape(struct strbuf *out, const char *s, size_t len, int line_start)
{
	size_t i = 0;

	if (line_start && len) {
		size_t d = 0;

		if (strchr("-+=:", s[0])) {
			strbuf_addch(out, '\\');
		} else {
			while (d < len && s[d] >= '0' && s[d] <= '9')
				d++;
			if (d && d < len && (s[d] == '.' || s[d] == ')')) {
				strbuf_add(out, s, d);
				strbuf_addch(out, '\\');
				i = d;
			}
		}
	}
	for (; i < len; i++) {
		char c = s[i];

		if (strchr("\\`*_[]<>#|~$^", c) ||
		    (c == '&' && i + 1 < len &&
		     ((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
		      (s[i + 1] >= 'A' && s[i + 1] <= 'Z') ||
		      (s[i + 1] >= '0' && s[i + 1] <= '9') || s[i + 1] == '#')))
			strbuf_addch(out, '\\');
		strbuf_addch(out, c);
	}
}

static void md_item(struct strbuf *out, const char *label, const char *text, int quote)
{
	if (!text)
		return;
	strbuf_addf(out, "- **%s** ", label);
	if (quote)
		strbuf_addstr(out, "\xE2\x80\x9C"); /* “ */
	add_text(out, text, "  ", md_escape);
	if (quote)
		strbuf_addstr(out, "\xE2\x80\x9D"); /* ” */
	strbuf_addch(out, '\n');
}

static void md_codes(struct strbuf *out, const struct braid_code *codes, size_t n,
		     struct numbering *num)
{
	for (size_t i = 0; i < n; i++) {
		const struct braid_code *c = &codes[i];
		int level = num->depth + 2 < 6 ? num->depth + 2 : 6;

		num->n[num->depth] = i + 1;
		strbuf_addf(out, "\n%.*s ", level, "######");
		number(out, num);
		strbuf_addch(out, ' ');
		add_oneline(out, c->name ? c->name : "", md_escape);
		if (c->id)
			strbuf_addf(out, " (`%s`)", c->id);
		strbuf_addstr(out, "\n\n");
		md_item(out, "Kind:", braid_kind_name(c->kind), 0);
		md_item(out, "Domain:", c->domain, 0);
		md_item(out, "Definition:", c->definition, 0);
		md_item(out, "Include:", c->include, 0);
		md_item(out, "Exclude:", c->exclude, 0);
		md_item(out, "Example:", c->nexamples ? c->examples[0] : NULL, 1);
		num->depth++;
		md_codes(out, c->children, c->nchildren, num);
		num->depth--;
	}
}

static void max_depth(const struct braid_code *code, const struct braid_code *parent, int depth,
		      void *ctx)
{
	int *m = ctx;

	if (depth > *m)
		*m = depth;
}

static void numbering_init(struct numbering *num, const struct braid_codebook *cb)
{
	int deepest = 0;

	braid_codebook_walk(cb, max_depth, &deepest);
	num->n = xcalloc((size_t)deepest + 1, sizeof(*num->n));
	num->depth = 0;
}

void braid_codebook_write_md(const struct braid_codebook *cb, struct strbuf *out)
{
	struct numbering num;

	strbuf_addstr(out, "# ");
	add_oneline(out, cb->name ? cb->name : "Codebook", md_escape);
	strbuf_addstr(out, "\n");
	if (cb->version) {
		strbuf_addstr(out, "\nVersion ");
		add_oneline(out, cb->version, md_escape);
		strbuf_addstr(out, "\n");
	}
	if (cb->description) {
		strbuf_addstr(out, "\n");
		add_text(out, cb->description, "", md_escape);
		strbuf_addstr(out, "\n");
	}
	numbering_init(&num, cb);
	md_codes(out, cb->codes, cb->ncodes, &num);
	free(num.n);
}

/* ---- LaTeX writer --------------------------------------------------- */

static void tex_escape(struct strbuf *out, const char *s, size_t len, int line_start)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\': strbuf_addstr(out, "\\textbackslash{}"); break;
		case '~': strbuf_addstr(out, "\\textasciitilde{}"); break;
		case '^': strbuf_addstr(out, "\\textasciicircum{}"); break;
		/* OT1 fonts print other glyphs for these three */
		case '<': strbuf_addstr(out, "\\textless{}"); break;
		case '>': strbuf_addstr(out, "\\textgreater{}"); break;
		case '|': strbuf_addstr(out, "\\textbar{}"); break;
		case '&':
		case '%':
		case '$':
		case '#':
		case '_':
		case '{':
		case '}':
			strbuf_addch(out, '\\');
			strbuf_addch(out, s[i]);
			break;
		case '[':
		case ']':
			/* braced, so that no \item or \\ nearby takes them for an option */
			strbuf_addch(out, '{');
			strbuf_addch(out, s[i]);
			strbuf_addch(out, '}');
			break;
		case '\t': strbuf_addch(out, ' '); break;
		default: strbuf_addch(out, s[i]);
		}
	}
}

static void tex_item(struct strbuf *out, const char *label, const char *text, int quote)
{
	if (!text)
		return;
	strbuf_addf(out, "\\item \\textbf{%s} ", label);
	if (quote)
		strbuf_addstr(out, "``");
	add_text(out, text, "  ", tex_escape);
	if (quote)
		strbuf_addstr(out, "''");
	strbuf_addch(out, '\n');
}

static void tex_codes(struct strbuf *out, const struct braid_code *codes, size_t n,
		      struct numbering *num)
{
	static const char *const heads[] = {"subsection*", "subsubsection*", "paragraph*"};

	for (size_t i = 0; i < n; i++) {
		const struct braid_code *c = &codes[i];
		int h = num->depth < 2 ? num->depth : 2;

		num->n[num->depth] = i + 1;
		strbuf_addf(out, "\n\\%s{", heads[h]);
		number(out, num);
		strbuf_addch(out, ' ');
		add_oneline(out, c->name ? c->name : "", tex_escape);
		if (c->id) {
			strbuf_addstr(out, " (\\texttt{");
			tex_escape(out, c->id, strlen(c->id), 0);
			strbuf_addstr(out, "})");
		}
		/* \paragraph runs into the text; \mbox{} lets the list start below it */
		strbuf_addf(out, "}%s\n", h == 2 ? "\\mbox{}" : "");
		strbuf_addstr(out, "\\begin{itemize}\n");
		tex_item(out, "Kind:", braid_kind_name(c->kind), 0);
		tex_item(out, "Domain:", c->domain, 0);
		tex_item(out, "Definition:", c->definition, 0);
		tex_item(out, "Include:", c->include, 0);
		tex_item(out, "Exclude:", c->exclude, 0);
		tex_item(out, "Example:", c->nexamples ? c->examples[0] : NULL, 1);
		strbuf_addstr(out, "\\end{itemize}\n");
		num->depth++;
		tex_codes(out, c->children, c->nchildren, num);
		num->depth--;
	}
}

void braid_codebook_write_tex(const struct braid_codebook *cb, struct strbuf *out)
{
	struct numbering num;

	strbuf_addstr(
	    out,
	    "% Codebook appendix written by braid: a fragment to \\input{} from a document\n"
	    "% of the article class (or any class with \\section and \\subsection).\n"
	    "% The text is UTF-8: with pdfLaTeX the preamble needs\n"
	    "% \\usepackage[utf8]{inputenc} (and fonts for the scripts used, e.g.\n"
	    "% \\usepackage[T2A,T1]{fontenc} for Cyrillic); XeLaTeX and LuaLaTeX need nothing.\n");
	strbuf_addstr(out, "\\section*{");
	add_oneline(out, cb->name ? cb->name : "Codebook", tex_escape);
	strbuf_addstr(out, "}\n");
	if (cb->version) {
		strbuf_addstr(out, "\nVersion ");
		add_oneline(out, cb->version, tex_escape);
		strbuf_addstr(out, "\n");
	}
	if (cb->description) {
		strbuf_addstr(out, "\n");
		add_text(out, cb->description, "", tex_escape);
		strbuf_addstr(out, "\n");
	}
	numbering_init(&num, cb);
	tex_codes(out, cb->codes, cb->ncodes, &num);
	free(num.n);
}

/* ---- patterns that can backtrack without end ------------------------------ */

/*
 * A repetition after an item at p[i]: "*", "+", "?", "{n}", "{n,}" or
 * "{n,m}", then "+" (possessive) or "?" (lazy). Sets *end past it, *unbounded
 * and *max (the upper count, 0 when unbounded); 0 when there is none ("{"
 * without a count is a literal in PCRE2).
 */
struct repeat {
	size_t end;
	int unbounded, possessive;
	unsigned long max;
};

static int repeat_at(const char *p, size_t i, struct repeat *r)
{
	memset(r, 0, sizeof(*r));
	if (p[i] == '*' || p[i] == '+') {
		r->unbounded = 1;
		r->end = i + 1;
	} else if (p[i] == '?') {
		r->max = 1;
		r->end = i + 1;
	} else if (p[i] == '{' && p[i + 1] >= '0' && p[i + 1] <= '9') {
		char *q;
		unsigned long lo = strtoul(p + i + 1, &q, 10);

		if (*q == '}') {
			r->max = lo;
		} else if (*q == ',' && q[1] == '}') {
			r->unbounded = 1;
			q++;
		} else if (*q == ',' && q[1] >= '0' && q[1] <= '9') {
			r->max = strtoul(q + 1, &q, 10);
			if (*q != '}')
				return 0;
		} else {
			return 0;
		}
		r->end = (size_t)(q - p) + 1;
	} else {
		return 0;
	}
	if (p[r->end] == '+') {
		r->possessive = 1;
		r->end++;
	} else if (p[r->end] == '?') {
		r->end++;
	}
	return 1;
}

/* Index past a character class opening at p[i] == '[' (or the end of the pattern). */
static size_t class_skip(const char *p, size_t i)
{
	i++;
	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++; /* a ']' first is literal */
	while (p[i] && p[i] != ']') {
		if (p[i] == '\\' && p[i + 1])
			i += 2;
		else if (p[i] == '[' && p[i + 1] == ':' && strstr(p + i + 2, ":]"))
			i = (size_t)(strstr(p + i + 2, ":]") - p) + 2;
		else
			i++;
	}
	return p[i] ? i + 1 : i;
}

/* Index past an escape at p[i] == '\\': "\Q...\E" quotes, "\x{...}" and the like take braces. */
static size_t escape_skip(const char *p, size_t i)
{
	if (!p[i + 1])
		return i + 1;
	if (p[i + 1] == 'Q') {
		const char *e = strstr(p + i + 2, "\\E");

		return e ? (size_t)(e - p) + 2 : strlen(p);
	}
	if (strchr("xopPNgk", p[i + 1]) && p[i + 2] == '{') {
		const char *e = strchr(p + i + 3, '}');

		return e ? (size_t)(e - p) + 1 : strlen(p);
	}
	return i + 2;
}

int braid_pattern_nested_repeat(const char *p, struct strbuf *what)
{
	/* per open group: its start, whether it is atomic, whether it holds an unbounded repeat */
	struct frame {
		size_t start;
		int atomic, unbounded;
	} stack[64];
	size_t depth = 0, i = 0;
	struct repeat r;

	stack[0] = (struct frame){ 0, 0, 0 };
	while (p[i]) {
		size_t item = i;

		if (p[i] == '(' && p[i + 1] == '*') {
			/* a verb or a start-of-pattern option: "(*UTF)" */
			const char *e = strchr(p + i, ')');

			i = e ? (size_t)(e - p) + 1 : strlen(p);
			continue;
		}
		if (p[i] == '(' && p[i + 1] == '?' && p[i + 2] == '#') {
			const char *e = strchr(p + i, ')');

			i = e ? (size_t)(e - p) + 1 : strlen(p);
			continue;
		}
		if (p[i] == '(') {
			if (depth + 1 == sizeof(stack) / sizeof(stack[0]))
				return 0; /* deeper than anyone writes: say nothing */
			stack[++depth] = (struct frame){ i, p[i + 1] == '?' && p[i + 2] == '>', 0 };
			i++;
			continue;
		}
		if (p[i] == ')' && depth) {
			struct frame g = stack[depth--];

			i++;
			if (repeat_at(p, i, &r)) {
				if (g.unbounded && !g.atomic && !r.possessive &&
				    (r.unbounded || r.max > BRAID_PATTERN_REPEAT_MAX)) {
					strbuf_add(what, p + g.start, r.end - g.start);
					return 1;
				}
				i = r.end;
			} else {
				r.unbounded = r.possessive = 0;
			}
			/* what its parent holds: the group's own repetitions, and the group's */
			if ((g.unbounded && !g.atomic) || (r.unbounded && !r.possessive))
				stack[depth].unbounded = 1;
			continue;
		}
		if (p[i] == '\\')
			i = escape_skip(p, i);
		else if (p[i] == '[')
			i = class_skip(p, i);
		else if (p[i] == '|' || p[i] == '^' || p[i] == '$')
			i++;
		else
			do /* one character, all its UTF-8 bytes */
				i++;
			while (((unsigned char)p[i] & 0xC0) == 0x80);
		if (i > item && repeat_at(p, i, &r)) {
			if (r.unbounded && !r.possessive)
				stack[depth].unbounded = 1;
			i = r.end;
		}
	}
	return 0;
}
