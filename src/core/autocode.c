/*
 * autocode.c - coding by rule (see autocode.h).
 *
 * Nearly all the time goes to PCRE2 (over 80% of the instructions in make
 * bench), so the design is about giving it less to do and keeping the rest
 * out of its way:
 *  - each code's patterns are one regex, and when they are word lists
 *    ("\bcourt|\bjudge") their leading \b moves in front of the whole (see
 *    "the \b hoist"): a tenth of the matching work on the shipped codebooks;
 *  - each regex is JIT compiled twice, with UCP and, for turns that are all
 *    ASCII, without (the same matches there, for less), and run with
 *    pcre2_jit_match (no UTF check: the store holds valid UTF-8);
 *  - each code runs over a batch of turns (about 512 KiB), not turn after
 *    turn, so that its JIT code stays in the caches (see "the run");
 *  - a turn is cut into sentences or paragraphs only when a code with that
 *    scope matched in it, once per turn; code-point offsets are counted only
 *    for the units coded, and not at all in an ASCII turn;
 *  - writes go through one prepared INSERT OR IGNORE (one SELECT in
 *    preview) inside a savepoint; the schema's CHECKs on codings are OR
 *    chains, since IN lists cost SQLite two temporary B-trees per row.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/autocode.h"
#include "braid/codes.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "braid/vocab.h"
#include "db.h"

#define RE_FLAGS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS)

/*
 * Which turns a code's rules read: a mask over the speaker roles (vocab.h),
 * worked out once per code from braid_role_matches, the rule search,
 * listings and retrieval apply too, so that what a role filter admits is
 * decided in that one place (a code's roles "any" admits every role).
 */
static unsigned roles_mask(enum braid_roles r)
{
	const char *filter =
		r == BRAID_ROLES_ANY ? NULL : braid_vocab_name(&braid_vocab_roles, (int)r);
	unsigned mask = 0;

	for (int i = 0; i < BRAID_ROLE_N; i++)
		if (braid_role_matches(filter, braid_vocab_name(&braid_vocab_role, i)))
			mask |= 1u << i;
	return mask;
}

/* A turn's role as its bit in those masks; a role the vocabulary lacks answers to no filter. */
static unsigned role_bit(const char *role)
{
	int i = braid_vocab_parse(&braid_vocab_role, role);

	return i < 0 ? 0 : 1u << i;
}

/* One code's rule: where its patterns apply, and the compiled regex. */
struct rule {
	int64_t code_id;
	char *slug;
	enum braid_scope scope;
	enum braid_roles roles_filter;
	unsigned roles;       /* the roles it reads, as a mask: see rule_reads */
	char **patterns;
	size_t npatterns, alloc;
	pcre2_code *re;       /* UTF + UCP + caseless */
	pcre2_code *re_ascii; /* the same without UCP, for ASCII turns (NULL if it failed) */
	int jit, jit_ascii;   /* JIT compiled: pcre2_jit_match may be used */
	size_t created;       /* codings written for it in this run */
	size_t units;         /* units found for it (new or not) */
	size_t found;         /* units found by the scan so far */
	/* where it matched first in a turn its roles exclude (while it had found no unit) */
	char *outside_doc, *outside_role;
	int64_t outside_turn;
	char *failed;         /* skip_failing: why it was dropped; NULL while it runs */
	char *failed_doc;
	int64_t failed_turn;
};

struct rules {
	struct rule *r;
	size_t nr, alloc;
};

static struct rule *rule_add(struct rules *rs, int64_t code_id, const char *slug,
			     enum braid_scope scope, enum braid_roles roles)
{
	struct rule *r;

	ALLOC_GROW(rs->r, rs->nr + 1, rs->alloc);
	r = &rs->r[rs->nr++];
	memset(r, 0, sizeof(*r));
	r->code_id = code_id;
	r->slug = xstrdup(slug);
	r->scope = scope;
	r->roles_filter = roles;
	r->roles = roles_mask(roles);
	return r;
}

static void rule_pattern(struct rule *r, const char *p)
{
	ALLOC_GROW(r->patterns, r->npatterns + 1, r->alloc);
	r->patterns[r->npatterns++] = xstrdup(p);
}

static void rules_release(struct rules *rs)
{
	for (size_t i = 0; i < rs->nr; i++) {
		struct rule *r = &rs->r[i];

		for (size_t k = 0; k < r->npatterns; k++)
			free(r->patterns[k]);
		free(r->patterns);
		free(r->slug);
		free(r->failed);
		free(r->failed_doc);
		free(r->outside_doc);
		free(r->outside_role);
		pcre2_code_free(r->re);
		pcre2_code_free(r->re_ascii);
	}
	free(rs->r);
}

static int pcre2_failed(struct braid_err *err, const struct rule *r, const char *pattern,
			int errcode, size_t off)
{
	PCRE2_UCHAR msg[256];

	pcre2_get_error_message(errcode, msg, sizeof(msg));
	return braid_errorf(err, BRAID_EINVAL, "code '%s': bad pattern '%s' at offset %zu: %s",
			    r->slug, pattern, off, (const char *)msg);
}

/* ---- the \b hoist ---------------------------------------------------- */

/*
 * Codebook patterns are mostly word lists: "\bcourts?\b|\bjudges?\b|...".
 * PCRE2 cannot see that such a regex only matches at a word boundary: its
 * start bitmap holds most letters, so at every letter it tries every
 * alternative, each first testing \b (with UCP, a Unicode property lookup
 * of two characters). When every top-level alternative of every pattern
 * begins with \b (after zero-width lookarounds), that \b always sits at the
 * start of the match, so one "\b" in front of the whole regex asserts the
 * same thing: "\b(?:(?:courts?\b)|(?:judges?\b))" matches exactly what
 * "(?:\bcourts?\b)|(?:\bjudges?\b)" does. PCRE2 then rejects a position
 * inside a word with one test, and at a word start each alternative fails
 * on its first letter: about 10x faster on the shipped codebooks (make
 * bench). The analysis is deliberately narrow: on any syntax it does not
 * fully understand it says no, and the regex is left as written.
 */

/* Byte offsets of the leading \b of each alternative, dropped under the hoisted one. */
struct offsets {
	size_t *at;
	size_t nr, alloc;
};

/* Index just past the character class opening at p[i] == '[', or 0. */
static size_t class_end(const char *p, size_t i, size_t n)
{
	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++; /* a ']' first is literal */
	while (i < n && p[i] != ']') {
		if (p[i] == '\\') {
			i += 2;
		} else if (p[i] == '[' && i + 1 < n && p[i + 1] == ':') {
			const char *e = strstr(p + i + 2, ":]");

			if (!e || (size_t)(e - p) >= n)
				return 0;
			i = (size_t)(e - p) + 2;
		} else {
			i++;
		}
	}
	return i < n ? i + 1 : 0;
}

/* Index just past the item (escape, class, group or character) at p[i], or 0. */
static size_t item_end(const char *p, size_t i, size_t n)
{
	int depth = 0;

	if (p[i] == '\\')
		/* \Q...\E quotes parentheses, \c takes the next character: not handled */
		return i + 1 < n && p[i + 1] != 'Q' && p[i + 1] != 'c' ? i + 2 : 0;
	if (p[i] == '[')
		return class_end(p, i, n);
	if (p[i] != '(')
		return i + 1;
	while (i < n) {
		size_t k;

		switch (p[i]) {
		case '\\':
		case '[':
			k = item_end(p, i, n);
			if (!k)
				return 0;
			i = k;
			continue;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth == 0)
				return i + 1;
			break;
		}
		i++;
	}
	return 0;
}

static int is_quantifier(const char *p, size_t i, size_t n)
{
	return i < n && (p[i] == '?' || p[i] == '*' || p[i] == '+' || p[i] == '{');
}

static int alts_start_at_boundary(const char *p, size_t a, size_t b, struct offsets *o);

/* 1 if the alternative p[a..b) starts with \b, whose offset is added to o. */
static int alt_starts_at_boundary(const char *p, size_t a, size_t b, struct offsets *o)
{
	while (a < b) {
		size_t e, in;

		if (p[a] == '\\' && a + 1 < b && p[a + 1] == 'b') {
			if (is_quantifier(p, a + 2, b))
				return 0;
			ALLOC_GROW(o->at, o->nr + 1, o->alloc);
			o->at[o->nr++] = a;
			return 1;
		}
		if (p[a] != '(')
			return 0;
		e = item_end(p, a, b);
		if (!e || is_quantifier(p, e, b))
			return 0;
		if (p[a + 1] != '?') {
			in = a + 1; /* a capturing group */
		} else if (strchr("=!", p[a + 2]) ||
			   (p[a + 2] == '<' && strchr("=!", p[a + 3]))) {
			a = e; /* a lookaround: zero-width, look past it */
			continue;
		} else if (strchr(":>|", p[a + 2])) {
			in = a + 3;
		} else if ((p[a + 2] == '<' || p[a + 2] == '\'') ||
			   (p[a + 2] == 'P' && p[a + 3] == '<')) {
			const char *close = memchr(p + a + 3, p[a + 2] == '\'' ? '\'' : '>', e - a - 3);

			if (!close)
				return 0;
			in = (size_t)(close - p) + 1; /* a named group */
		} else {
			/* options: "(?i)" is zero-width, "(?i:...)" a group; x changes the syntax */
			size_t k = a + 2;

			while (k < e && strchr("imnsJU-^", p[k]))
				k++;
			if (p[k] == ')') {
				a = e;
				continue;
			}
			if (p[k] != ':')
				return 0;
			in = k + 1;
		}
		return alts_start_at_boundary(p, in, e - 1, o);
	}
	return 0;
}

/* 1 if every top-level alternative of p[a..b) starts with \b (offsets added to o). */
static int alts_start_at_boundary(const char *p, size_t a, size_t b, struct offsets *o)
{
	size_t i = a, alt = a;

	while (i <= b) {
		if (i == b || p[i] == '|') {
			if (!alt_starts_at_boundary(p, alt, i, o))
				return 0;
			alt = i + 1;
			i++;
			continue;
		}
		i = item_end(p, i, b);
		if (!i)
			return 0;
	}
	return 1;
}

/* 1 if every match of pattern starts with \b; o gets the offsets of those \b. */
static int starts_at_boundary(const char *pattern, struct offsets *o)
{
	/* (?x) makes white space and # comments (which may hide | or parentheses) syntax */
	for (const char *q = strstr(pattern, "(?"); q; q = strstr(q + 1, "(?")) {
		size_t k = 2;

		while (strchr("imnsxJU-^", q[k]) && q[k])
			if (q[k++] == 'x')
				return 0;
	}
	if (strstr(pattern, "(*"))
		return 0; /* verbs and start-of-pattern options */
	return alts_start_at_boundary(pattern, 0, strlen(pattern), o);
}

/* Appends the regex of a code: see braid_autocode_regex. */
static void build_regex(const char *const *patterns, size_t n, int branch_reset,
			struct strbuf *out)
{
	struct offsets *drop = xcalloc(n ? n : 1, sizeof(*drop));
	int hoist = n > 0;

	for (size_t k = 0; k < n && hoist; k++)
		hoist = starts_at_boundary(patterns[k], &drop[k]);
	if (n == 1 && !hoist) {
		strbuf_addstr(out, patterns[0]);
	} else {
		strbuf_addstr(out, hoist ? "\\b" : "");
		strbuf_addstr(out, branch_reset ? "(?|" : hoist ? "(?:" : "");
		for (size_t k = 0; k < n; k++) {
			const char *p = patterns[k];
			size_t from = 0;

			strbuf_addstr(out, k ? "|(?:" : "(?:");
			/* the offsets come in pattern order: alternatives are walked left to right */
			for (size_t d = 0; hoist && d < drop[k].nr; d++) {
				strbuf_add(out, p + from, drop[k].at[d] - from);
				from = drop[k].at[d] + 2;
			}
			strbuf_addstr(out, p + from);
			strbuf_addch(out, ')');
		}
		strbuf_addstr(out, branch_reset || hoist ? ")" : "");
	}
	for (size_t k = 0; k < n; k++)
		free(drop[k].at);
	free(drop);
}

/* 1 if pattern has a numbered back reference (\1): it counts its own groups. */
static int has_backref(const char *pattern)
{
	int errcode;
	PCRE2_SIZE off;
	uint32_t backref = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, RE_FLAGS,
				       &errcode, &off, NULL);

	if (re)
		pcre2_pattern_info(re, PCRE2_INFO_BACKREFMAX, &backref);
	pcre2_code_free(re);
	return backref > 0;
}

/*
 * Group numbers run on across the patterns, so when a later pattern uses a
 * numbered back reference the alternatives go into a branch-reset group
 * "(?|(?:p1)|(?:p2))", where each starts counting from 1 again.
 */
void braid_autocode_regex(const char *const *patterns, size_t n, struct strbuf *out)
{
	int branch_reset = 0;

	for (size_t k = 1; k < n && !branch_reset; k++)
		branch_reset = has_backref(patterns[k]);
	build_regex(patterns, n, branch_reset, out);
}

/*
 * Compiles a code's patterns into one regex, twice: with UCP for text in
 * general, and without it for turns that are all ASCII, where the two match
 * alike (for ASCII characters \w \d \s \b and the POSIX classes are the
 * same with or without UCP, and caseless UTF matching of letters beyond ASCII
 * has nothing to match) and the second is about twice as fast. Each pattern
 * is first compiled alone, so that an error names the pattern and the offset
 * inside it, and so that a pattern such as "a)|(b" cannot escape its group.
 */
static int rule_compile(struct rule *r, struct braid_err *err)
{
	struct strbuf src = STRBUF_INIT;
	PCRE2_SIZE off;
	int errcode;

	for (size_t k = 0; k < r->npatterns; k++) {
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)r->patterns[k], PCRE2_ZERO_TERMINATED,
					       RE_FLAGS, &errcode, &off, NULL);

		if (!re)
			return pcre2_failed(err, r, r->patterns[k], errcode, (size_t)off);
		pcre2_code_free(re);
	}
	braid_autocode_regex((const char *const *)r->patterns, r->npatterns, &src);
	r->re = pcre2_compile((PCRE2_SPTR)src.buf, src.len, RE_FLAGS | PCRE2_DUPNAMES, &errcode,
			      &off, NULL);
	if (!r->re) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		strbuf_release(&src);
		return braid_errorf(err, BRAID_EINVAL,
				    "code '%s': its patterns do not combine into one: %s", r->slug,
				    (const char *)msg);
	}
	r->jit = pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE) == 0;
	r->re_ascii = pcre2_compile((PCRE2_SPTR)src.buf, src.len,
				    (RE_FLAGS | PCRE2_DUPNAMES) & ~(uint32_t)PCRE2_UCP, &errcode, &off,
				    NULL);
	if (r->re_ascii)
		r->jit_ascii = pcre2_jit_compile(r->re_ascii, PCRE2_JIT_COMPLETE) == 0;
	strbuf_release(&src);
	return 0;
}

/* ---- loading the rules ------------------------------------------------ */

/* The ids of code `root` and all its descendants, sorted. */
struct idset {
	int64_t *id;
	size_t nr, alloc;
};

static int idset_has(const struct idset *s, int64_t id)
{
	size_t lo = 0, hi = s->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->id[mid] == id)
			return 1;
		if (s->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int subtree_row(sqlite3_stmt *s, void *ctx)
{
	struct idset *set = ctx;

	ALLOC_GROW(set->id, set->nr + 1, set->alloc);
	set->id[set->nr++] = sqlite3_column_int64(s, 0);
	return 0;
}

static int load_subtree(struct braid_store *st, int64_t root, struct idset *set,
			struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st,
		       "WITH RECURSIVE sub(id) AS (SELECT ?1"
		       " UNION SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)"
		       " SELECT id FROM sub ORDER BY id",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int64(s, 1, root);
	rc = db_each(st, s, subtree_row, set, "cannot read the code tree", err);
	sqlite3_finalize(s);
	return rc;
}

struct rules_walk {
	const struct idset *only;
	struct rules *rs;
	struct rule *cur;
};

static int rule_row(sqlite3_stmt *s, void *ctx)
{
	struct rules_walk *w = ctx;
	int64_t id = sqlite3_column_int64(s, 0);

	if (w->only && !idset_has(w->only, id))
		return 0;
	if (!w->cur || w->cur->code_id != id) {
		int scope = braid_scope_parse(db_col_text(s, 2));
		int roles = braid_roles_parse(db_col_text(s, 3));

		w->cur = rule_add(w->rs, id, db_col_text(s, 1),
				  scope < 0 ? BRAID_SCOPE_SENTENCE : (enum braid_scope)scope,
				  roles < 0 ? BRAID_ROLES_PARTICIPANT : (enum braid_roles)roles);
	}
	rule_pattern(w->cur, db_col_text(s, 4));
	return 0;
}

/* Rules from the project: active codes with patterns, in id order. */
static int load_project_rules(struct braid_store *st, const struct idset *only, struct rules *rs,
			      struct braid_err *err)
{
	struct rules_walk w = { only, rs, NULL };
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st,
		       "SELECT c.id, c.slug, c.scope, c.roles, p.pattern"
		       " FROM codes c JOIN code_patterns p ON p.code_id = c.id"
		       " WHERE c.status = 'active' ORDER BY c.id, p.position",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	rc = db_each(st, s, rule_row, &w, "cannot read the code rules", err);
	sqlite3_finalize(s);
	return rc;
}

struct book_walk {
	struct braid_store *st;
	const struct braid_codebook *cb;
	const struct idset *only;
	struct rules *rs;
	sqlite3_stmt *find;
	struct braid_err *err;
	int rc;
};

static void book_code(const struct braid_code *c, struct book_walk *w)
{
	int64_t id;
	int active;

	if (w->rc)
		return;
	if (c->npatterns && c->id) {
		db_bind_text(w->find, 1, c->id, -1);
		w->rc = db_one(w->st, w->find, "cannot look up a code", w->err);
		if (w->rc < 0)
			return;
		if (w->rc == 0) {
			w->rc = braid_errorf(w->err, BRAID_ENOTFOUND,
					     "code '%s' of codebook '%s' is not in the project: "
					     "import the codebook first",
					     c->id, w->cb->name);
			return;
		}
		w->rc = 0;
		id = sqlite3_column_int64(w->find, 0);
		active = !strcmp(db_col_text(w->find, 1), "active");
		sqlite3_reset(w->find);
		if (active && (!w->only || idset_has(w->only, id))) {
			struct rule *r = rule_add(w->rs, id, c->id, c->scope, c->roles);

			for (size_t k = 0; k < c->npatterns; k++)
				rule_pattern(r, c->patterns[k]);
		}
	}
	for (size_t k = 0; k < c->nchildren; k++)
		book_code(&c->children[k], w);
}

/* Rules from a codebook file, for the project codes with the same ids. */
static int load_codebook_rules(struct braid_store *st, const struct braid_codebook *cb,
			       const struct idset *only, struct rules *rs, struct braid_err *err)
{
	struct book_walk w = { st, cb, only, rs, NULL, err, 0 };

	if (db_prepare(st, "SELECT id, status FROM codes WHERE slug = ?", &w.find, err))
		return err ? err->code : BRAID_EDB;
	for (size_t k = 0; k < cb->ncodes && !w.rc; k++)
		book_code(&cb->codes[k], &w);
	sqlite3_finalize(w.find);
	return w.rc;
}

/* ---- the documents --------------------------------------------------- */

struct doc {
	int64_t id;
	char *name;
	uint64_t bytes;
};

struct docs {
	struct doc *d;
	size_t nr, alloc;
	uint64_t bytes;
};

static int doc_row(sqlite3_stmt *s, void *ctx)
{
	struct docs *ds = ctx;
	struct doc *d;

	ALLOC_GROW(ds->d, ds->nr + 1, ds->alloc);
	d = &ds->d[ds->nr++];
	d->id = sqlite3_column_int64(s, 0);
	d->name = xstrdup(db_col_text(s, 1));
	d->bytes = (uint64_t)sqlite3_column_int64(s, 2);
	ds->bytes += d->bytes;
	return 0;
}

static int load_docs(struct braid_store *st, const char *name, struct docs *ds,
		     struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st,
		       name ? "SELECT id, name, chars FROM documents"
			      " WHERE name = ?"
			    : "SELECT id, name, chars FROM documents"
			      " ORDER BY name",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	if (name)
		db_bind_text(s, 1, name, -1);
	rc = db_each(st, s, doc_row, ds, "cannot list the documents", err);
	sqlite3_finalize(s);
	if (!rc && name && !ds->nr)
		return braid_errorf(err, BRAID_ENOTFOUND, "no document '%s'", name);
	return rc;
}

static void docs_release(struct docs *ds)
{
	for (size_t i = 0; i < ds->nr; i++)
		free(ds->d[i].name);
	free(ds->d);
}

/* ---- the run: batches of turns ---------------------------------------- */

/*
 * PCRE2's JIT code for a codebook's regexes is large, and switching from
 * one code's regex to the next costs more than matching a turn's worth of
 * text: run turn by turn, each turn going through every code, the same
 * matching took 40% longer per file and more per turn (make bench). So
 * the turns of consecutive documents are gathered (their text copied) into
 * a batch of about BATCH_BYTES, each code runs over the whole batch, and
 * the units found are sorted back into document, turn and code order to be
 * written and reported. Memory stays flat: one batch, or the largest
 * document.
 */
#define BATCH_BYTES (512 * 1024)

/* A turn of the batch; row's strings point into the batch's arena once it is complete. */
struct bturn {
	struct braid_turn_row row;
	size_t doc;                           /* index in the run's document list */
	size_t text, speaker, role_s, case_s; /* offsets in the arena; case_s SIZE_MAX: none */
	unsigned role;
	int ascii, scanned;
	size_t sent, nsent, para, npara;      /* its units, cut lazily: offsets in the span arena */
	int have_sent, have_para;
};

/* A unit found: in which turn, by which code, and its first match. */
struct bhit {
	size_t turn, rule;
	struct braid_span unit;
	size_t ms, me;
};

struct batch {
	struct strbuf arena;
	struct bturn *t;
	size_t nt, t_alloc;
	struct bhit *h;
	size_t nh, h_alloc;
	struct braid_span *spans, *scratch;
	size_t nspans, spans_alloc, scratch_alloc;
	size_t doc0, ndocs; /* the documents [doc0, doc0 + ndocs) */
};

struct run {
	struct braid_store *st;
	const struct braid_autocode_opts *o;
	struct rules rules;
	braid_autocode_cb cb;
	void *cb_ctx;
	struct braid_autocode_stats *stats;
	struct braid_err *err;
	const struct docs *docs;
	uint64_t bytes_done;

	int64_t coder_id;     /* -1 in a preview for a coder the project does not know */
	sqlite3_stmt *write;  /* INSERT INTO codings unless there (not in preview) */
	sqlite3_stmt *exists; /* preview: is the unit coded already? */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;

	struct batch b;
	size_t cur_doc;        /* the document being read into the batch */
	size_t cp_turn;        /* for turn_cp(): the turn, and a known (byte, code point) in it */
	size_t cp_byte, cp_at;
};

static size_t arena_add(struct strbuf *a, const char *s, size_t len)
{
	size_t at = a->len;

	strbuf_add(a, s, len);
	strbuf_addch(a, '\0');
	return at;
}

/* braid_corpus_turns callback: copies the turn into the batch. */
static int collect_turn(const struct braid_turn_row *r, void *data)
{
	struct run *run = data;
	struct batch *b = &run->b;
	struct bturn *t;

	ALLOC_GROW(b->t, b->nt + 1, b->t_alloc);
	t = &b->t[b->nt++];
	memset(t, 0, sizeof(*t));
	t->row = *r;
	t->doc = run->cur_doc;
	t->text = arena_add(&b->arena, r->text, r->text_len);
	t->speaker = arena_add(&b->arena, r->speaker, strlen(r->speaker));
	t->role_s = arena_add(&b->arena, r->role, strlen(r->role));
	t->case_s = r->case_name ? arena_add(&b->arena, r->case_name, strlen(r->case_name))
				 : SIZE_MAX;
	t->role = role_bit(r->role);
	/* as many code points as bytes: all ASCII */
	t->ascii = (size_t)(r->end - r->start) == r->text_len;
	return 0;
}

/* Points the batch's turn rows at their copies, now that the arena is complete. */
static void batch_fixup(struct run *run)
{
	struct batch *b = &run->b;

	for (size_t i = 0; i < b->nt; i++) {
		struct bturn *t = &b->t[i];

		t->row.doc = run->docs->d[t->doc].name;
		t->row.text = b->arena.buf + t->text;
		t->row.speaker = b->arena.buf + t->speaker;
		t->row.role = b->arena.buf + t->role_s;
		t->row.case_name = t->case_s == SIZE_MAX ? NULL : b->arena.buf + t->case_s;
	}
}

static void batch_reset(struct batch *b)
{
	strbuf_reset(&b->arena);
	b->nt = b->nh = b->nspans = 0;
	b->ndocs = 0;
}

static void batch_release(struct batch *b)
{
	strbuf_release(&b->arena);
	free(b->t);
	free(b->h);
	free(b->spans);
	free(b->scratch);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Cuts a turn into sentences or paragraphs, adding them to the span arena. */
static void cut_units(struct batch *b, struct bturn *t, int paragraphs, size_t *at, size_t *n)
{
	const char *text = t->row.text;

	*n = paragraphs ? braid_text_paragraphs(text, t->row.text_len, &b->scratch, &b->scratch_alloc)
			: braid_text_sentences(text, t->row.text_len, &b->scratch, &b->scratch_alloc);
	ALLOC_GROW(b->spans, b->nspans + *n, b->spans_alloc);
	memcpy(b->spans + b->nspans, b->scratch, *n * sizeof(*b->scratch));
	*at = b->nspans;
	b->nspans += *n;
}

/*
 * The unit of a match starting at byte m of turn t, into *u: the first unit
 * that ends after m (so a match starting in the white space between two
 * sentences belongs to the next one), or the last; its index in the turn is
 * returned (*cur: where the previous match of the same code left off, as
 * matches come in order), or SIZE_MAX when the turn has no units.
 */
static size_t unit_of(struct batch *b, struct bturn *t, enum braid_scope scope, size_t m,
		      size_t *cur, struct braid_span *u)
{
	const struct braid_span *us;
	size_t n;

	switch (scope) {
	case BRAID_SCOPE_TURN: {
		size_t a = 0, e = t->row.text_len;

		/* the utterance has no surrounding white space, but do not count on it */
		while (a < e && is_blank(t->row.text[a]))
			a++;
		while (e > a && is_blank(t->row.text[e - 1]))
			e--;
		u->start = a;
		u->end = e;
		return e > a ? 0 : SIZE_MAX;
	}
	case BRAID_SCOPE_PARAGRAPH:
		if (!t->have_para) {
			cut_units(b, t, 1, &t->para, &t->npara);
			t->have_para = 1;
		}
		us = b->spans + t->para;
		n = t->npara;
		break;
	default:
		if (!t->have_sent) {
			cut_units(b, t, 0, &t->sent, &t->nsent);
			t->have_sent = 1;
		}
		us = b->spans + t->sent;
		n = t->nsent;
		break;
	}
	if (!n)
		return SIZE_MAX;
	while (*cur + 1 < n && us[*cur].end <= m)
		(*cur)++;
	*u = us[*cur];
	return *cur;
}

/* The match limit of a call searching len bytes (see autocode.h). */
static uint32_t match_limit(size_t len)
{
	uint64_t n = (uint64_t)BRAID_AUTOCODE_MATCH_LIMIT + len;

	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

/* Runs re over text from off with the limits of a call there. */
static int match_at(struct run *run, const pcre2_code *re, int jit, PCRE2_SPTR text, size_t len,
		    size_t off)
{
	uint32_t limit = match_limit(len - off);

	/* the interpreter's depth (so its heap) is bounded as its steps; the JIT has no depth */
	pcre2_set_match_limit(run->mctx, limit);
	pcre2_set_depth_limit(run->mctx, limit);
	return jit ? pcre2_jit_match(re, text, len, off, 0, run->md, run->mctx)
		   : pcre2_match(re, text, len, off, PCRE2_NO_UTF_CHECK, run->md, run->mctx);
}

/*
 * Which of a code's patterns fails on its own at byte off of turn t (the
 * code's regex combines them): the first that does, or NULL. Without
 * PCRE2's start optimizations: alone, "(\w+\s?)*!" gives up at once on text
 * without a "!" (a character every match needs), which the combination
 * with another pattern cannot know, and backtracks there without end.
 */
static const char *failing_pattern(struct run *run, const struct rule *r, const struct bturn *t,
				   size_t off)
{
	if (r->npatterns == 1)
		return r->patterns[0];
	for (size_t k = 0; k < r->npatterns; k++) {
		int errcode, m;
		PCRE2_SIZE eoff;
		uint32_t flags = (t->ascii ? RE_FLAGS & ~(uint32_t)PCRE2_UCP : RE_FLAGS) |
				 PCRE2_NO_START_OPTIMIZE;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)r->patterns[k], PCRE2_ZERO_TERMINATED,
					       flags, &errcode, &eoff, NULL);
		int jit = re && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;

		m = re ? match_at(run, re, jit, (PCRE2_SPTR)t->row.text, t->row.text_len, off) : 0;
		pcre2_code_free(re);
		if (m < 0 && m != PCRE2_ERROR_NOMATCH)
			return r->patterns[k];
	}
	return NULL;
}

/*
 * The error of a match that failed (m) at byte off of turn t: the code, the
 * pattern that fails, the document, the turn and its speaker, and PCRE2's
 * reason; a limit says what it means.
 */
static int match_failed(struct run *run, const struct rule *r, const struct bturn *t, size_t off,
			int m)
{
	PCRE2_UCHAR msg[256];
	const char *p = failing_pattern(run, r, t, off);
	int limit = m == PCRE2_ERROR_MATCHLIMIT || m == PCRE2_ERROR_DEPTHLIMIT ||
		    m == PCRE2_ERROR_HEAPLIMIT || m == PCRE2_ERROR_JIT_STACKLIMIT;
	struct strbuf pats = STRBUF_INIT;
	int rc;

	pcre2_get_error_message(m, msg, sizeof(msg));
	if (p) {
		strbuf_addf(&pats, "pattern '%s'", p);
	} else {
		strbuf_addstr(&pats, "patterns");
		for (size_t k = 0; k < r->npatterns; k++)
			strbuf_addf(&pats, "%s'%s'", k ? ", " : " ", r->patterns[k]);
	}
	rc = braid_errorf(run->err, BRAID_EINVAL,
			  "code '%s': %s failed in '%s', turn %lld (%s): %s%s", r->slug, pats.buf,
			  t->row.doc, (long long)t->row.idx, t->row.speaker, (const char *)msg,
			  limit ? " (it backtracks too much on this text: a repetition inside a "
				  "repetition?)"
				: "");
	strbuf_release(&pats);
	braid_err_hint(run->err, BRAID_HINT_SKIP_FAILING);
	return rc;
}

/* Runs code ri over turn ti of the batch: every match, each unit once. */
static int scan_turn(struct run *run, size_t ri, size_t ti)
{
	struct batch *b = &run->b;
	struct rule *r = &run->rules.r[ri];
	struct bturn *t = &b->t[ti];
	PCRE2_SPTR text = (PCRE2_SPTR)t->row.text;
	size_t len = t->row.text_len, off = 0, cur = 0, last = SIZE_MAX;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(run->md);
	int ascii = t->ascii && r->re_ascii;
	const pcre2_code *re = ascii ? r->re_ascii : r->re;
	int jit = ascii ? r->jit_ascii : r->jit;

	if (!t->scanned) {
		t->scanned = 1;
		run->stats->turns++;
		run->stats->bytes += len;
	}
	while (off <= len) {
		int m = match_at(run, re, jit, text, len, off);
		struct braid_span u;
		struct bhit *h;
		size_t ms, me, k;

		if (m == PCRE2_ERROR_NOMATCH)
			break;
		if (m < 0)
			return match_failed(run, r, t, off, m);
		ms = ov[0];
		me = ov[1];
		if (me <= ms) {
			/* an empty match codes nothing: step one code point on */
			int32_t cp;

			if (me >= len)
				break;
			off = me + braid_utf8_next(t->row.text + me, len - me, &cp);
			continue;
		}
		run->stats->matches++;
		off = me;
		k = unit_of(b, t, r->scope, ms, &cur, &u);
		if (k == SIZE_MAX || k == last)
			continue;
		last = k;
		r->found++;
		ALLOC_GROW(b->h, b->nh + 1, b->h_alloc);
		h = &b->h[b->nh++];
		h->turn = ti;
		h->rule = ri;
		h->unit = u;
		h->ms = ms;
		h->me = me;
	}
	return 0;
}

/*
 * Whether code ri has a match in turn ti, which its roles exclude: for the
 * report of codes that match only where their roles do not look. A
 * failure counts as no match (the turn is not being coded).
 */
static int probe_turn(struct run *run, size_t ri, size_t ti)
{
	const struct rule *r = &run->rules.r[ri];
	const struct bturn *t = &run->b.t[ti];
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(run->md);
	int ascii = t->ascii && r->re_ascii;
	size_t len = t->row.text_len, off = 0;

	while (off <= len) {
		int32_t cp;

		if (match_at(run, ascii ? r->re_ascii : r->re, ascii ? r->jit_ascii : r->jit,
			     (PCRE2_SPTR)t->row.text, len, off) < 0)
			return 0;
		if (ov[1] > ov[0])
			return 1;
		if (ov[1] >= len)
			return 0;
		off = ov[1] + braid_utf8_next(t->row.text + ov[1], len - ov[1], &cp);
	}
	return 0;
}

/* Document, turn and code order; within a code's turn the units are in text order. */
static int hit_cmp(const void *a, const void *b)
{
	const struct bhit *x = a, *y = b;

	if (x->turn != y->turn)
		return x->turn < y->turn ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return x->unit.start < y->unit.start ? -1 : x->unit.start > y->unit.start;
}

/* Code points from the start of turn ti to its byte b, counting on from the last position asked. */
static size_t turn_cp(struct run *run, size_t ti, size_t b)
{
	const struct bturn *t = &run->b.t[ti];

	if (t->ascii)
		return b;
	if (ti != run->cp_turn || b < run->cp_byte) {
		run->cp_turn = ti;
		run->cp_byte = run->cp_at = 0;
	}
	run->cp_at += braid_cp_count(t->row.text + run->cp_byte, b - run->cp_byte);
	run->cp_byte = b;
	return run->cp_at;
}

/* Codes one unit (or, in preview, looks whether it is coded) and reports it. */
static int code_unit(struct run *run, const struct bhit *h)
{
	const struct bturn *t = &run->b.t[h->turn];
	const struct rule *r = &run->rules.r[h->rule];
	struct braid_autocode_hit hit = {
		.turn = &t->row,
		.code = r->slug,
		.match_start = h->ms,
		.match_end = h->me,
		.unit_start = h->unit.start,
		.unit_end = h->unit.end,
	};
	sqlite3_stmt *s = run->write ? run->write : run->exists;
	int step;

	hit.start = t->row.start + (int64_t)turn_cp(run, h->turn, h->unit.start);
	hit.end = t->row.start + (int64_t)turn_cp(run, h->turn, h->unit.end);
	sqlite3_bind_int64(s, 1, run->docs->d[t->doc].id);
	sqlite3_bind_int64(s, 2, hit.start);
	sqlite3_bind_int64(s, 3, hit.end);
	sqlite3_bind_int64(s, 4, r->code_id);
	if (run->write) {
		char guid[37];

		braid_store_guid(guid);
		sqlite3_bind_text(s, 8, guid, 36, SQLITE_TRANSIENT);
	}
	step = sqlite3_step(s);
	if (run->write) {
		if (step != SQLITE_DONE) {
			sqlite3_reset(s);
			return db_error(run->st, run->err, "cannot write a coding");
		}
		hit.is_new = sqlite3_changes(braid_store_db(run->st)) > 0;
		run->stats->created += (size_t)hit.is_new;
		run->rules.r[h->rule].created += (size_t)hit.is_new;
	} else {
		if (step != SQLITE_ROW && step != SQLITE_DONE) {
			sqlite3_reset(s);
			return db_error(run->st, run->err, "cannot read the codings");
		}
		hit.is_new = step == SQLITE_DONE;
	}
	sqlite3_reset(s);
	run->stats->units++;
	run->rules.r[h->rule].units++;
	return run->cb ? run->cb(&hit, run->cb_ctx) : 0;
}

static void progress(const struct run *run, size_t done)
{
	const struct docs *ds = run->docs;
	struct braid_progress p = {
		.what = "autocode",
		.item = done ? ds->d[done - 1].name : NULL,
		.items_done = done,
		.items_total = ds->nr,
		.bytes_done = run->bytes_done,
		.bytes_total = ds->bytes,
		.finished = done == ds->nr,
	};

	if (run->o->progress)
		run->o->progress(&p, run->o->progress_ctx);
}

/* Whether code r reads turn t: the one place autocode applies a code's roles (roles_mask). */
static int rule_reads(const struct rule *r, const struct bturn *t)
{
	return (r->roles & t->role) != 0;
}

/*
 * Runs every code over the batch, then writes and reports the units in
 * document, turn and code order, document by document (with progress).
 * Returns an error, or the callback's non-zero value that stopped it.
 */
static int batch_run(struct run *run)
{
	struct batch *b = &run->b;
	size_t h = 0;
	int rc;

	batch_fixup(run);
	for (size_t ri = 0; ri < run->rules.nr; ri++) {
		struct rule *r = &run->rules.r[ri];

		for (size_t ti = 0; ti < b->nt && !r->failed; ti++) {
			if (!rule_reads(r, &b->t[ti])) {
				/* until it finds a unit, look where its roles do not (report) */
				if (!r->found && !r->outside_doc && probe_turn(run, ri, ti)) {
					r->outside_doc = xstrdup(b->t[ti].row.doc);
					r->outside_role = xstrdup(b->t[ti].row.role);
					r->outside_turn = b->t[ti].row.idx;
				}
				continue;
			}
			rc = scan_turn(run, ri, ti);
			if (rc && !run->o->skip_failing)
				return rc;
			if (rc) {
				/* dropped from here on; the units it found before this turn stay */
				r->failed = xstrdup(run->err ? run->err->msg : "matching failed");
				r->failed_doc = xstrdup(b->t[ti].row.doc);
				r->failed_turn = b->t[ti].row.idx;
				braid_err_clear(run->err);
			}
		}
	}
	qsort(b->h, b->nh, sizeof(*b->h), hit_cmp);
	run->cp_turn = SIZE_MAX;
	for (size_t d = b->doc0; d < b->doc0 + b->ndocs; d++) {
		for (; h < b->nh && b->t[b->h[h].turn].doc == d; h++) {
			rc = code_unit(run, &b->h[h]);
			if (rc)
				return rc;
		}
		run->stats->docs++;
		run->bytes_done += run->docs->d[d].bytes;
		progress(run, d + 1);
	}
	batch_reset(b);
	return 0;
}

/* Sets up the statements, the coder and the matcher. */
static int run_prepare(struct run *run)
{
	const struct braid_autocode_opts *o = run->o;
	sqlite3_stmt *now = NULL;
	int rc;

	if (o->preview) {
		run->coder_id = 0;
		if (o->coder) {
			rc = braid_store_coder(run->st, o->coder, 0, &run->coder_id, NULL);
			if (rc)
				run->coder_id = -1; /* unknown coder: nothing is coded by it yet */
		}
		rc = db_prepare(run->st,
				"SELECT 1 FROM codings WHERE doc_id = ?1 AND start_cp = ?2"
				" AND end_cp = ?3 AND code_id = ?4 AND (?5 = 0 OR coder_id = ?5)",
				&run->exists, run->err);
		if (rc)
			return rc;
		sqlite3_bind_int64(run->exists, 5, run->coder_id);
	} else {
		rc = braid_store_coder(run->st, o->coder, 1, &run->coder_id, run->err);
		/*
		 * Every coding of a run gets the time the run started: the column's
		 * default would format a timestamp for every row (1% of a run).
		 */
		if (!rc)
			rc = db_prepare(run->st,
					/* not INSERT OR IGNORE: that would use up an id
					 * (AUTOINCREMENT) for every unit already coded */
					"INSERT INTO codings(doc_id, start_cp, end_cp,"
					" code_id, coder_id, origin, status, created, doc_rev, phase,"
					" guid) SELECT ?1, ?2, ?3, ?4, ?5, 'auto', 'pending', ?6,"
					" (SELECT rev FROM documents WHERE id = ?1), nullif(?7, 0), ?8"
					" WHERE NOT EXISTS (SELECT 1 FROM codings WHERE doc_id = ?1"
					" AND start_cp = ?2 AND end_cp = ?3 AND code_id = ?4"
					" AND coder_id = ?5)",
					&run->write, run->err);
		if (!rc)
			rc = db_prepare(run->st, "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", &now,
					run->err);
		if (rc)
			return rc;
		rc = db_one(run->st, now, "cannot read the clock", run->err);
		if (rc == 1)
			sqlite3_bind_text(run->write, 6, db_col_text(now, 0), -1, SQLITE_TRANSIENT);
		sqlite3_finalize(now);
		if (rc < 0)
			return rc;
		sqlite3_bind_int64(run->write, 5, run->coder_id);
		sqlite3_bind_int(run->write, 7, braid_store_phase(run->st));
	}
	run->md = pcre2_match_data_create(1, NULL);
	run->mctx = pcre2_match_context_create(NULL);
	/* the JIT's default 32 KiB stack is not enough for some patterns on long turns */
	run->jit_stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
	if (!run->md || !run->mctx || !run->jit_stack)
		abort(); /* out of memory: the allocation wrappers' policy */
	pcre2_jit_stack_assign(run->mctx, NULL, run->jit_stack);
	return 0;
}

static void run_release(struct run *run)
{
	sqlite3_finalize(run->write);
	sqlite3_finalize(run->exists);
	pcre2_match_data_free(run->md);
	pcre2_match_context_free(run->mctx);
	pcre2_jit_stack_free(run->jit_stack);
	rules_release(&run->rules);
	batch_release(&run->b);
}

static int load_rules(struct run *run)
{
	const struct braid_autocode_opts *o = run->o;
	struct idset only = { 0 };
	int rc = 0;

	if (o->code) {
		int64_t root;

		rc = braid_code_find(run->st, o->code, &root, run->err);
		if (!rc)
			rc = load_subtree(run->st, root, &only, run->err);
	}
	if (!rc)
		rc = o->codebook ? load_codebook_rules(run->st, o->codebook, o->code ? &only : NULL,
						       &run->rules, run->err)
				 : load_project_rules(run->st, o->code ? &only : NULL, &run->rules,
						      run->err);
	for (size_t i = 0; !rc && i < run->rules.nr; i++) {
		rc = rule_compile(&run->rules.r[i], run->err);
		run->stats->patterns += run->rules.r[i].npatterns;
	}
	run->stats->codes = run->rules.nr;
	free(only.id);
	return rc;
}

int braid_autocode(struct braid_store *st, const struct braid_autocode_opts *o, braid_autocode_cb cb,
		   void *ctx, struct braid_autocode_stats *stats, struct braid_err *err)
{
	static const struct braid_autocode_opts defaults = { 0 };
	struct braid_autocode_stats local;
	struct docs ds = { 0 };
	struct run run = { 0 };
	int rc, savepoint = 0;

	if (!o)
		o = &defaults;
	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	if (!o->preview && (!o->coder || !*o->coder))
		return braid_errorf(err, BRAID_EINVAL, "autocoding needs a coder to attribute the "
						       "codings to");
	run.st = st;
	run.o = o;
	run.cb = cb;
	run.cb_ctx = ctx;
	run.stats = stats;
	run.err = err;
	run.docs = &ds;

	rc = load_docs(st, o->doc, &ds, err);
	if (!rc)
		rc = load_rules(&run);
	if (rc || !run.rules.nr) {
		if (!rc) {
			run.bytes_done = ds.bytes;
			progress(&run, ds.nr);
		}
		goto out;
	}
	if (!o->preview) {
		/* all or nothing, inside the caller's transaction or on its own */
		rc = db_exec(st, "SAVEPOINT braid_autocode", err);
		if (rc)
			goto out;
		savepoint = 1;
	}
	rc = run_prepare(&run);
	for (size_t i = 0; !rc && i < ds.nr; i++) {
		if (!run.b.ndocs)
			run.b.doc0 = i;
		run.cur_doc = i;
		rc = braid_corpus_turns(st, ds.d[i].name, NULL, collect_turn, &run, err);
		run.b.ndocs++;
		/* a positive value is the callback asking to stop: what was written stays */
		if (!rc && (run.b.arena.len >= BATCH_BYTES || i + 1 == ds.nr))
			rc = batch_run(&run);
		/* the change record holds one batch's codings in memory at a time */
		if (!rc && !o->preview && !run.b.nt)
			rc = braid_change_checkpoint(st, 0, err);
	}
	if (rc >= 0 && !o->preview && stats->created) {
		struct strbuf per = STRBUF_INIT;

		for (size_t r = 0; r < run.rules.nr; r++)
			if (run.rules.r[r].created)
				strbuf_addf(&per, "%s%s %zu", per.len ? ", " : "", run.rules.r[r].slug,
					    run.rules.r[r].created);
		braid_change_note(st, "autocoded by '%s': %zu new coding%s (%s) in %zu document%s, "
				      "%zu units matched",
				  o->coder, stats->created, stats->created == 1 ? "" : "s", per.buf,
				  stats->docs, stats->docs == 1 ? "" : "s", stats->units);
		if (o->code)
			braid_change_note(st, "only code %s and below", o->code);
		if (o->doc)
			braid_change_note(st, "only document %s", o->doc);
		if (o->codebook)
			braid_change_note(st, "rules from codebook '%s'", o->codebook->name);
		strbuf_release(&per);
	}
	for (size_t r = 0; rc >= 0 && !o->preview && r < run.rules.nr; r++)
		if (run.rules.r[r].failed)
			braid_change_note(st, "skipped %s", run.rules.r[r].failed);
	for (size_t r = 0; rc >= 0 && o->report && r < run.rules.nr; r++) {
		const struct rule *ru = &run.rules.r[r];
		struct braid_autocode_code c = {
			.code = ru->slug,
			.units = ru->units,
			.created = ru->created,
			.failed = ru->failed,
			.failed_doc = ru->failed_doc,
			.failed_turn = ru->failed_turn,
			.roles = braid_vocab_name(&braid_vocab_roles, (int)ru->roles_filter),
			.outside_doc = ru->units ? NULL : ru->outside_doc,
			.outside_role = ru->units ? NULL : ru->outside_role,
			.outside_turn = ru->units ? 0 : ru->outside_turn,
		};

		o->report(&c, o->report_ctx);
	}
	if (savepoint) {
		if (rc < 0)
			db_exec(st, "ROLLBACK TO braid_autocode", NULL);
		if (db_exec(st, "RELEASE braid_autocode", rc < 0 ? NULL : err) && rc >= 0)
			rc = err ? err->code : BRAID_EDB;
	}
	if (rc < 0)
		stats->created = 0;
out:
	run_release(&run);
	docs_release(&ds);
	return rc;
}
