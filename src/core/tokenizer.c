/* tokenizer.c - braid's FTS5 tokenizer: words, apostrophes and diacritics folded (tokenizer.h). */
#include <sqlite3.h>
#include <string.h>
#include <utf8proc.h>

#include "braid/alloc.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "braid/tokenizer.h"

/*
 * Written on utf8proc rather than wrapping unicode61: unicode61 splits at
 * every apostrophe before a wrapper could see it, and treats marks outside
 * the Latin diacritics as separators (a Hindi word falls apart at each
 * vowel sign). The rules are the word counter's classes (text.c), so a
 * token is a word as braid counts one, hyphens apart.
 */

enum tclass { T_OTHER, T_WORD, T_MARK, T_APOS };

/* ASCII: letters and digits are words (folded to lowercase), ' and ` apostrophes. */
#define O T_OTHER
#define W T_WORD
#define A T_APOS
static const unsigned char ascii_class[128] = {
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 00-0F */
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 10-1F */
	O, O, O, O, O, O, O, A, O, O, O, O, O, O, O, O, /* 20-2F: ' */
	W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, O, /* 30-3F: 0-9 */
	O, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* 40-4F: A-O */
	W, W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, /* 50-5F: P-Z */
	A, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, /* 60-6F: ` a-o */
	W, W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, /* 70-7F: p-z */
};
#undef O
#undef W
#undef A

/* 1 if every code point of d[1..n) is a combining diacritical mark (U+0300-U+036F). */
static int only_diacritics(const utf8proc_int32_t *d, utf8proc_ssize_t n)
{
	for (utf8proc_ssize_t i = 1; i < n; i++)
		if (d[i] < 0x300 || d[i] > 0x36F)
			return 0;
	return 1;
}

/* The base of c's canonical decomposition, when the rest are diacritics; else -1. */
static int32_t strip(int32_t c, utf8proc_option_t opts)
{
	utf8proc_int32_t d[32];
	int bound = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 32, opts, &bound);

	if (n < 1 || n > 32)
		return -1;
	return n == 1 || only_diacritics(d, n) ? d[0] : -1;
}

/*
 * The class of a non-ASCII code point and what it becomes in a token:
 * case-folded, without its diacritics (-1: nothing, a diacritic mark).
 */
static enum tclass classify(int32_t cp, int32_t *fold)
{
	enum tclass cls;

	switch (cp) {
	case 0x2018: case 0x2019: case 0x02BB: case 0x02BC:
		*fold = '\'';
		return T_APOS;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		cls = T_WORD;
		break;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		cls = T_MARK;
		break;
	default:
		*fold = cp;
		return T_OTHER;
	}
	if (cp >= 0x300 && cp <= 0x36F) {
		*fold = -1;
		return cls;
	}
	/* full case folding may give several letters (ß -> ss): then the simple lowercase */
	*fold = strip(cp, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
	if (*fold < 0)
		*fold = strip(utf8proc_tolower(cp), UTF8PROC_DECOMPOSE);
	if (*fold < 0)
		*fold = utf8proc_tolower(cp);
	return cls;
}

/* What classify says about the non-ASCII code points met, direct-mapped. */
#define FOLD_CACHE 512
struct fold_cache {
	int32_t cp[FOLD_CACHE], fold[FOLD_CACHE];
	unsigned char cls[FOLD_CACHE];
};

static void cache_init(struct fold_cache *c)
{
	memset(c->cp, 0xFF, sizeof(c->cp));
}

static enum tclass classify_cached(struct fold_cache *c, int32_t cp, int32_t *fold)
{
	size_t k = (size_t)cp % FOLD_CACHE;

	if (c->cp[k] != cp) {
		c->cp[k] = cp;
		c->cls[k] = (unsigned char)classify(cp, &c->fold[k]);
	}
	*fold = c->fold[k];
	return (enum tclass)c->cls[k];
}

static void add_cp(struct strbuf *b, int32_t cp)
{
	utf8proc_uint8_t u[4];

	strbuf_add(b, u, (size_t)utf8proc_encode_char(cp, u));
}

/*
 * The walk: outside a token, inside one, or inside one just after an
 * apostrophe (which stays only if a letter or digit follows: the word
 * counter's machine). tok collects the folded token.
 */
static int walk(struct fold_cache *cache, struct strbuf *tok, const char *text, size_t len,
		braid_token_cb cb, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	enum { OUT, IN, APOS } state = OUT;
	size_t i = 0, start = 0, end = 0;
	int rc = 0;

	strbuf_reset(tok);
	while (i < len && !rc) {
		size_t at = i;
		int32_t cp, fold;
		enum tclass cls;

		if (s[i] < 0x80) {
			cp = s[i++];
			cls = (enum tclass)ascii_class[cp];
			if (cls == T_WORD && state == IN) {
				/* the common case: a run of ASCII letters and digits, copied folded */
				strbuf_addch(tok, cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
				while (i < len && s[i] < 0x80 && ascii_class[s[i]] == T_WORD) {
					cp = s[i++];
					strbuf_addch(tok, cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
				}
				end = i;
				continue;
			}
			fold = cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp == '`' ? '\'' : cp;
		} else {
			i += braid_utf8_next(text + i, len - i, &cp);
			cls = classify_cached(cache, cp, &fold);
		}
		switch (state) {
		case OUT:
			if (cls == T_WORD) {
				start = at;
				end = i;
				strbuf_reset(tok);
				add_cp(tok, fold);
				state = IN;
			}
			break;
		case IN:
		case APOS:
			if (cls == T_WORD || (cls == T_MARK && state == IN)) {
				if (state == APOS)
					strbuf_addch(tok, '\'');
				if (fold >= 0)
					add_cp(tok, fold);
				end = i;
				state = IN;
			} else if (cls == T_APOS && state == IN) {
				state = APOS;
			} else {
				/* the token ends before this (and before an apostrophe left hanging) */
				rc = cb(ctx, tok->buf, tok->len, start, end);
				state = OUT;
			}
			break;
		}
	}
	if (!rc && state != OUT)
		rc = cb(ctx, tok->buf, tok->len, start, end);
	return rc;
}

int braid_tokenizer_each(const char *s, size_t len, braid_token_cb cb, void *ctx)
{
	struct fold_cache *cache = xmalloc(sizeof(*cache));
	struct strbuf tok = STRBUF_INIT;
	int rc;

	cache_init(cache);
	rc = walk(cache, &tok, s, len, cb, ctx);
	strbuf_release(&tok);
	free(cache);
	return rc;
}

/* ---- the FTS5 tokenizer ---------------------------------------------- */

/* One per FTS5 table and connection: the cache lives as long as the table is open. */
struct fts_tok {
	struct fold_cache cache;
	struct strbuf tok;
	int busy; /* tok in use (a tokenization inside another's callback gets its own) */
};

static int fts_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct fts_tok *t;

	if (argc > 0)
		return SQLITE_ERROR; /* the tokenizer takes no options */
	t = xcalloc(1, sizeof(*t));
	cache_init(&t->cache);
	strbuf_init(&t->tok, 0);
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *p)
{
	struct fts_tok *t = (struct fts_tok *)p;

	strbuf_release(&t->tok);
	free(t);
}

struct fts_call {
	void *ctx;
	int (*token)(void *ctx, int tflags, const char *tok, int ntok, int start, int end);
};

static int fts_token(void *ctx, const char *tok, size_t len, size_t start, size_t end)
{
	struct fts_call *c = ctx;

	return c->token(c->ctx, 0, tok, (int)len, (int)start, (int)end);
}

static int fts_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int ntext,
			int (*token)(void *, int, const char *, int, int, int))
{
	struct fts_tok *t = (struct fts_tok *)p;
	struct fts_call c = { ctx, token };
	struct strbuf own = STRBUF_INIT;
	int rc;

	if (t->busy) {
		rc = walk(&t->cache, &own, text, ntext > 0 ? (size_t)ntext : 0, fts_token, &c);
		strbuf_release(&own);
		return rc;
	}
	t->busy = 1;
	rc = walk(&t->cache, &t->tok, text, ntext > 0 ? (size_t)ntext : 0, fts_token, &c);
	t->busy = 0;
	/* a turn of a few MB leaves no buffer of its size behind */
	if (t->tok.alloc > 4096)
		strbuf_release(&t->tok);
	return rc;
}

int braid_tokenizer_register(sqlite3 *db)
{
	static fts5_tokenizer tokenizer = { fts_create, fts_delete, fts_tokenize };
	fts5_api *api = NULL;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	rc = sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return rc;
	if (!api)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "braid", NULL, &tokenizer, NULL);
}
