/*
 * diff.c - token diff with Myers' algorithm, anchors, sliding and
 * code-point refinement (see diff.h for the steps and the cost).
 *
 * Why tokens first: a code-point diff of two sentences aligns stray letters
 * ("the cat" -> "a dog" matches nothing useful but may match "a" inside
 * "cat"), so spans would be carried onto fragments of other words. Words,
 * white-space runs and single punctuation marks keep the alignment on word
 * boundaries and make N and D about five times smaller. The code-point pass
 * afterwards only runs inside stretches that were replaced, and only between
 * two words that are mostly the same letters: that is the spelling
 * correction case ("recieved" -> "received"). Deciding word by word, not for
 * the stretch as a whole, keeps a corrected word even when the sentence
 * after it was deleted in the same stretch.
 *
 * Myers' linear-space form (the middle snake) keeps memory at O(N + M)
 * whatever D is; the cap on D bounds the time. Anchors (tokens as frequent
 * on both sides) make the fall-back local: a long transcript with many
 * scattered corrections splits into short independent stretches, so the
 * cap only replaces a stretch that really was rewritten. Without them, a
 * transcript with more corrections than the cap would lose every coding
 * between its first and its last correction.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "braid/alloc.h"
#include "braid/diff.h"
#include "braid/text.h"

/* ---- Myers over sequences of integers ---- */

struct myers {
	const uint32_t *a, *b;
	unsigned char *ca, *cb; /* 1: the element is deleted (a) or inserted (b) */
	long cap;		/* half the cap on D: the deepest middle-snake search */
	long *v;		/* forward and backward furthest points, reused */
	size_t valloc;
};

static void mark(unsigned char *c, size_t from, size_t to)
{
	if (to > from)
		memset(c + from, 1, to - from);
}

/*
 * Finds a point (x, y) on a shortest edit path through a[a0..a1) x
 * b[b0..b1) (both non-empty, their ends already unequal) such that the
 * paths on each side of it are strictly shorter: the middle snake of Myers
 * (1986), section 4b. Returns 1 without a point when the path is longer
 * than 2 * cap.
 *
 * Diagonal k holds the points with x - y = k. vf[k] is the furthest x a
 * forward path of the current cost reaches on diagonal k, -1 when no path
 * reaches it inside the rectangle; vb[k] the smallest x a backward path
 * from (N, M) reaches on diagonal delta + k, N + 1 when none. Moves that
 * would leave the rectangle are never taken, so every stored point is real.
 */
static int myers_split(struct myers *m, size_t a0, size_t a1, size_t b0, size_t b1, size_t *sx,
		       size_t *sy)
{
	const uint32_t *A = m->a + a0, *B = m->b + b0;
	long N = (long)(a1 - a0), M = (long)(b1 - b0), delta = N - M;
	long dmax = (N + M + 1) / 2, off, *vf, *vb;
	int odd = (int)(delta & 1);

	if (dmax > m->cap)
		dmax = m->cap;
	off = dmax + 1;
	if (m->valloc < (size_t)(4 * dmax + 6)) {
		m->valloc = (size_t)(4 * dmax + 6);
		m->v = xrealloc(m->v, m->valloc * sizeof(*m->v));
	}
	vf = m->v;
	vb = m->v + 2 * dmax + 3;
	for (long i = 0; i < 2 * dmax + 3; i++) {
		vf[i] = -1;
		vb[i] = N + 1;
	}
	for (long d = 0; d <= dmax; d++) {
		for (long k = -d; k <= d; k += 2) {
			long x, y;

			if (d == 0) {
				x = 0;
			} else {
				long xd = -1, xr = -1;

				/* down from diagonal k + 1 (a step in b), right from k - 1 (in a) */
				if (k + 1 <= d - 1 && vf[k + 1 + off] >= 0 &&
				    vf[k + 1 + off] - (k + 1) < M)
					xd = vf[k + 1 + off];
				if (k - 1 >= -(d - 1) && vf[k - 1 + off] >= 0 && vf[k - 1 + off] < N)
					xr = vf[k - 1 + off] + 1;
				x = xd > xr ? xd : xr;
				if (x < 0) {
					vf[k + off] = -1;
					continue;
				}
			}
			y = x - k;
			while (x < N && y < M && A[x] == B[y])
				x++, y++;
			vf[k + off] = x;
			if (odd && k - delta >= -(d - 1) && k - delta <= d - 1) {
				long xb = vb[k - delta + off];

				if (xb <= N && x >= xb) {
					*sx = a0 + (size_t)x;
					*sy = b0 + (size_t)y;
					return 0;
				}
			}
		}
		for (long k = -d; k <= d; k += 2) {
			long x, y;

			if (d == 0) {
				x = N;
			} else {
				long xu = N + 1, xl = N + 1, kb = delta + k;

				/* up from diagonal kb - 1 (a step back in b), left from kb + 1 (in a) */
				if (k - 1 >= -(d - 1) && vb[k - 1 + off] <= N &&
				    vb[k - 1 + off] - (kb - 1) > 0)
					xu = vb[k - 1 + off];
				if (k + 1 <= d - 1 && vb[k + 1 + off] <= N && vb[k + 1 + off] > 0)
					xl = vb[k + 1 + off] - 1;
				x = xu < xl ? xu : xl;
				if (x > N) {
					vb[k + off] = N + 1;
					continue;
				}
			}
			y = x - (delta + k);
			while (x > 0 && y > 0 && A[x - 1] == B[y - 1])
				x--, y--;
			vb[k + off] = x;
			if (!odd && k + delta >= -d && k + delta <= d) {
				long xf = vf[k + delta + off];

				if (xf >= 0 && xf >= x) {
					*sx = a0 + (size_t)x;
					*sy = b0 + (size_t)y;
					return 0;
				}
			}
		}
	}
	return 1;
}

/*
 * Marks a shortest edit script of a[a0..a1) -> b[b0..b1) in ca and cb.
 * Returns 1, marking nothing, when it is longer than the cap; stretches
 * inside found too costly (which cannot happen, their scripts being
 * shorter, but costs nothing to handle) are marked changed whole.
 */
static int myers_compare(struct myers *m, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t x, y;

	while (a0 < a1 && b0 < b1 && m->a[a0] == m->b[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && m->a[a1 - 1] == m->b[b1 - 1])
		a1--, b1--;
	if (a0 == a1 || b0 == b1) {
		mark(m->ca, a0, a1);
		mark(m->cb, b0, b1);
		return 0;
	}
	if (myers_split(m, a0, a1, b0, b1, &x, &y))
		return 1;
	if (myers_compare(m, a0, x, b0, y)) {
		mark(m->ca, a0, x);
		mark(m->cb, b0, y);
	}
	if (myers_compare(m, x, a1, y, b1)) {
		mark(m->ca, x, a1);
		mark(m->cb, y, b1);
	}
	return 0;
}

/* ---- tokens ---- */

enum tok_class { TOK_WORD, TOK_SPACE, TOK_OTHER };

struct text {
	uint32_t *cp;	  /* the code points */
	size_t ncp;
	size_t *tstart;	  /* token i is cp[tstart[i] .. tstart[i + 1]) */
	unsigned char *tclass;
	uint32_t *tid;	  /* equal tokens have equal ids, on both sides */
	unsigned char *chg;
	size_t ntok;
};

static enum tok_class cp_class(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x85)
		return TOK_SPACE;
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return TOK_WORD;
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
		return TOK_SPACE;
	default:
		return TOK_OTHER;
	}
}

static int is_mark(uint32_t c)
{
	utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);

	return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

static int is_wordish(uint32_t c)
{
	return cp_class(c) == TOK_WORD || is_mark(c);
}

static void text_load(struct text *t, const char *s, size_t len)
{
	size_t alloc = 0, nalloc = 0;

	memset(t, 0, sizeof(*t));
	t->cp = xmalloc((len ? len : 1) * sizeof(*t->cp));
	for (size_t i = 0; i < len;) {
		int32_t c;

		i += braid_utf8_next(s + i, len - i, &c);
		t->cp[t->ncp++] = (uint32_t)c;
	}
	for (size_t i = 0; i < t->ncp;) {
		enum tok_class k = cp_class(t->cp[i]);
		size_t j = i + 1;

		if (k != TOK_OTHER)
			while (j < t->ncp && (cp_class(t->cp[j]) == k || is_mark(t->cp[j])))
				j++;
		while (j < t->ncp && is_mark(t->cp[j]))
			j++;
		ALLOC_GROW(t->tstart, t->ntok + 2, alloc);
		ALLOC_GROW(t->tclass, t->ntok + 1, nalloc);
		t->tstart[t->ntok] = i;
		t->tclass[t->ntok++] = (unsigned char)k;
		i = j;
	}
	if (!t->tstart)
		t->tstart = xmalloc(sizeof(*t->tstart));
	t->tstart[t->ntok] = t->ncp;
	t->tid = xcalloc(t->ntok + 1, sizeof(*t->tid));
	t->chg = xcalloc(t->ntok + 1, 1);
}

static void text_release(struct text *t)
{
	free(t->cp);
	free(t->tstart);
	free(t->tclass);
	free(t->tid);
	free(t->chg);
}

/* Interning: one id per distinct token, so that Myers compares integers. */
struct intern {
	struct slot {
		const struct text *t;
		size_t tok;
		uint32_t hash, id;
	} *slot;
	size_t mask;
	uint32_t nids;
};

static uint32_t tok_hash(const struct text *t, size_t i)
{
	uint32_t h = 2166136261u;

	for (size_t k = t->tstart[i]; k < t->tstart[i + 1]; k++) {
		h = (h ^ t->cp[k]) * 16777619u;
		h ^= h >> 15;
	}
	return h;
}

static int tok_equal(const struct text *t, size_t i, const struct text *u, size_t j)
{
	size_t n = t->tstart[i + 1] - t->tstart[i];

	return n == u->tstart[j + 1] - u->tstart[j] &&
	       !memcmp(t->cp + t->tstart[i], u->cp + u->tstart[j], n * sizeof(*t->cp));
}

static void intern_text(struct intern *in, struct text *t)
{
	for (size_t i = 0; i < t->ntok; i++) {
		uint32_t h = tok_hash(t, i);
		size_t k = h & in->mask;

		while (in->slot[k].t &&
		       (in->slot[k].hash != h || !tok_equal(in->slot[k].t, in->slot[k].tok, t, i)))
			k = (k + 1) & in->mask;
		if (!in->slot[k].t)
			in->slot[k] = (struct slot){ t, i, h, in->nids++ };
		t->tid[i] = in->slot[k].id;
	}
}

/* ---- anchors (step 4) ---- */

/* Per-token-id arrays, allocated once; each search leaves them zeroed again. */
struct anchors {
	uint32_t *ca, *cb; /* occurrences in the stretch */
	uint32_t *seen;	   /* occurrences paired so far */
	size_t *first;	   /* where the id's positions in b start in bpos */
	size_t *bpos;
	size_t *pa, *pb, *tail, *prev;
	size_t alloc;
};

/*
 * Anchors in a[a0..a1) x b[b0..b1): the tokens occurring the same number of
 * times k on both sides, for the smallest such k (k = 1: tokens unique on
 * both sides, as in patience diff; a larger k, as in histogram diff, finds
 * anchors in text where every word repeats), the r-th occurrence in a
 * paired with the r-th in b; then the longest chain of pairs in the same
 * order on both sides (patience sorting): pairs (an->pa[i], an->pb[i]),
 * increasing in both. Returns how many.
 */
static size_t find_anchors(struct anchors *an, const struct text *A, size_t a0, size_t a1,
			   const struct text *B, size_t b0, size_t b1)
{
	size_t n = 0, ntail = 0, nb = 0;
	uint32_t k = UINT32_MAX;

	for (size_t i = a0; i < a1; i++)
		an->ca[A->tid[i]]++;
	for (size_t j = b0; j < b1; j++)
		an->cb[B->tid[j]]++;
	for (size_t i = a0; i < a1; i++)
		if (an->ca[A->tid[i]] == an->cb[A->tid[i]] && an->ca[A->tid[i]] < k)
			k = an->ca[A->tid[i]];
	ALLOC_GROW(an->pa, a1 - a0 + 1, an->alloc);
	an->pb = xrealloc(an->pb, an->alloc * sizeof(*an->pb));
	an->tail = xrealloc(an->tail, an->alloc * sizeof(*an->tail));
	an->prev = xrealloc(an->prev, an->alloc * sizeof(*an->prev));
	/* the ids paired occur k times on each side: their b positions fit in a1 - a0 */
	an->bpos = xrealloc(an->bpos, an->alloc * sizeof(*an->bpos));
	if (k != UINT32_MAX) {
		/* the positions in b of each id that occurs k times, in order */
		for (size_t j = b0; j < b1; j++) {
			uint32_t id = B->tid[j];

			if (an->ca[id] != k || an->cb[id] != k)
				continue;
			if (!an->seen[id]++) {
				an->first[id] = nb;
				nb += k;
			}
			an->bpos[an->first[id] + an->seen[id] - 1] = j;
		}
		for (size_t j = b0; j < b1; j++)
			an->seen[B->tid[j]] = 0;
		for (size_t i = a0; i < a1; i++) {
			uint32_t id = A->tid[i];

			if (an->ca[id] == k && an->cb[id] == k) {
				an->pa[n] = i;
				an->pb[n++] = an->bpos[an->first[id] + an->seen[id]++];
			}
		}
	}
	for (size_t i = a0; i < a1; i++)
		an->ca[A->tid[i]] = an->cb[A->tid[i]] = an->seen[A->tid[i]] = 0;
	for (size_t j = b0; j < b1; j++)
		an->ca[B->tid[j]] = an->cb[B->tid[j]] = an->seen[B->tid[j]] = 0;
	/* longest increasing subsequence of pb: tail[l] ends the best chain of length l + 1 */
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = ntail;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (an->pb[an->tail[mid]] < an->pb[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		an->prev[i] = lo ? an->tail[lo - 1] : (size_t)-1;
		an->tail[lo] = i;
		if (lo == ntail)
			ntail++;
	}
	/* the chain, in order, into the front of pa and pb (chain[k] >= k) */
	if (ntail) {
		size_t *chain = an->tail; /* reused: tail[0..ntail) is no longer needed */

		for (size_t c = ntail, i = an->tail[ntail - 1]; c-- > 0; i = an->prev[i])
			chain[c] = i;
		for (size_t c = 0; c < ntail; c++) {
			an->pa[c] = an->pa[chain[c]];
			an->pb[c] = an->pb[chain[c]];
		}
	}
	return ntail;
}

/*
 * Steps 3 and 4 on a stretch: Myers; if too costly, anchors unique inside
 * the stretch and the same again between them, ANCHOR_DEPTH levels deep.
 * Counting uniqueness inside each stretch (not in the whole text) is what
 * finds anchors in repetitive text: a word said in every answer is unique
 * within one answer once the turns around it are anchored.
 */
#define ANCHOR_DEPTH 8

static void align(struct myers *m, struct anchors *an, const struct text *A, const struct text *B,
		  size_t a0, size_t a1, size_t b0, size_t b1, int depth, int *capped)
{
	size_t na, pa, pb, *ai, *bi;

	/* a stretch found too costly is replaced whole, but never its equal ends */
	while (a0 < a1 && b0 < b1 && m->a[a0] == m->b[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && m->a[a1 - 1] == m->b[b1 - 1])
		a1--, b1--;
	if (!myers_compare(m, a0, a1, b0, b1))
		return;
	pa = a0;
	pb = b0;
	na = depth < ANCHOR_DEPTH ? find_anchors(an, A, a0, a1, B, b0, b1) : 0;
	if (!na) {
		mark(A->chg, a0, a1);
		mark(B->chg, b0, b1);
		*capped = 1;
		return;
	}
	/* the deeper calls reuse an's arrays: keep this level's anchors apart */
	ai = xmalloc(na * sizeof(*ai));
	bi = xmalloc(na * sizeof(*bi));
	memcpy(ai, an->pa, na * sizeof(*ai));
	memcpy(bi, an->pb, na * sizeof(*bi));
	for (size_t k = 0; k <= na; k++) {
		size_t ea = k < na ? ai[k] : a1, eb = k < na ? bi[k] : b1;

		align(m, an, A, B, pa, ea, pb, eb, depth + 1, capped);
		pa = ea + 1;
		pb = eb + 1;
	}
	free(ai);
	free(bi);
}

/* ---- hunks of tokens ---- */

struct thunk {
	size_t a0, a1, b0, b1; /* tokens */
};

static struct thunk *token_hunks(const struct text *A, const struct text *B, size_t *n)
{
	struct thunk *h = NULL;
	size_t i = 0, j = 0, alloc = 0;

	*n = 0;
	while (i < A->ntok || j < B->ntok) {
		size_t i0 = i, j0 = j;

		if (i < A->ntok && j < B->ntok && !A->chg[i] && !B->chg[j]) {
			i++, j++;
			continue;
		}
		while (i < A->ntok && A->chg[i])
			i++;
		while (j < B->ntok && B->chg[j])
			j++;
		/* unpaired leftovers at one end (cannot happen with a real script): changed */
		if (i == i0 && j == j0) {
			if (i < A->ntok)
				i++;
			else
				j++;
		}
		ALLOC_GROW(h, *n + 1, alloc);
		h[(*n)++] = (struct thunk){ i0, i, j0, j };
	}
	return h;
}

/* How well a run of tokens sits as an insertion or deletion: starts with a word, ends with space. */
static int slide_score(const struct text *t, size_t from, size_t to)
{
	return (t->tclass[from] != TOK_SPACE) * 2 + (t->tclass[to - 1] == TOK_SPACE);
}

/*
 * Slides each pure insertion or deletion between its neighbours to the
 * place that scores best (the leftmost among equals). Shifting a run one
 * token keeps the script valid when the token entering the run equals the
 * one leaving it; hunks never slide into touching each other.
 */
static void slide(struct thunk *h, size_t n, const struct text *A, const struct text *B)
{
	for (size_t i = 0; i < n; i++) {
		int del = h[i].b0 == h[i].b1;
		const struct text *t = del ? A : B;
		size_t *s = del ? &h[i].a0 : &h[i].b0, *e = del ? &h[i].a1 : &h[i].b1;
		size_t lo = i ? (del ? h[i - 1].a1 : h[i - 1].b1) + 1 : 0;
		size_t hi = i + 1 < n ? (del ? h[i + 1].a0 : h[i + 1].b0) - 1 : t->ntok;
		size_t best, shift = 0, nshift;
		int best_score;

		if (h[i].a0 != h[i].a1 && h[i].b0 != h[i].b1)
			continue;
		while (*s > lo && t->tid[*s - 1] == t->tid[*e - 1])
			(*s)--, (*e)--, shift++;
		best = 0;
		best_score = slide_score(t, *s, *e);
		for (nshift = 1; *e + nshift - 1 < hi && t->tid[*s + nshift - 1] == t->tid[*e + nshift - 1];
		     nshift++) {
			int sc = slide_score(t, *s + nshift, *e + nshift);

			if (sc > best_score) {
				best_score = sc;
				best = nshift;
			}
		}
		*s += best;
		*e += best;
		/* the other side's point moves with it */
		if (del) {
			h[i].b0 = h[i].b1 = h[i].b0 - shift + best;
		} else {
			h[i].a0 = h[i].a1 = h[i].a0 - shift + best;
		}
	}
}

/* ---- output ---- */

static void add_hunk(struct braid_diff *d, size_t a, size_t b, size_t c, size_t e)
{
	struct braid_diff_hunk *last = d->nhunks ? &d->hunk[d->nhunks - 1] : NULL;

	if (last && last->old_end == a && last->new_end == c) {
		last->old_end = b;
		last->new_end = e;
		return;
	}
	ALLOC_GROW(d->hunk, d->nhunks + 1, d->alloc);
	d->hunk[d->nhunks++] = (struct braid_diff_hunk){ a, b, c, e, c, e };
}

/* ---- step 6: words inside a replaced stretch ---- */

/* Scratch for step 6, grown as needed and reused across stretches. */
struct refine {
	struct myers m;			 /* code points; m.ca, m.cb grown with cab */
	size_t cab;			 /* room in m.ca and m.cb */
	uint32_t *lcs;			 /* (nt + 1) x (mt + 1) pair counts */
	unsigned char *ok;		 /* (nt + 1) x (mt + 1): the two words are alike */
	size_t lcs_alloc;
	size_t budget;			 /* code-point comparisons left for this stretch */
};

/* Marks the code-point diff of a[0..n) and b[0..m) in r->m.ca, r->m.cb; returns the matches. */
static size_t cp_diff(struct refine *r, const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	size_t equal = 0;

	if (r->cab < (n > m ? n : m) + 1) {
		r->cab = (n > m ? n : m) + 1;
		r->m.ca = xrealloc(r->m.ca, r->cab);
		r->m.cb = xrealloc(r->m.cb, r->cab);
	}
	memset(r->m.ca, 0, n);
	memset(r->m.cb, 0, m);
	r->m.a = a;
	r->m.b = b;
	r->m.cap = (long)(n + m); /* never reached: words this short are always done */
	if (myers_compare(&r->m, 0, n, 0, m)) {
		mark(r->m.ca, 0, n);
		mark(r->m.cb, 0, m);
	}
	for (size_t k = 0; k < n; k++)
		equal += !r->m.ca[k];
	return equal;
}

/*
 * Two words are alike when at least half the code points of the longer are
 * matched, in order, in the other: "recieved"/"received" (7 of 8),
 * "вчера"/"позавчера" (5 of 9), "cat"/"cut"; not "big"/"large" (1 of 5).
 * Words longer than REFINE_WORD are never alike, and a stretch may spend at
 * most REFINE_BUDGET comparisons (n times m for words of n and m code
 * points) per code point it has: past that no more words are alike. Both
 * bound the cost on text made to be slow; real corrections never reach them.
 */
#define REFINE_WORD 64
#define REFINE_BUDGET 1024

static int alike(struct refine *r, const struct text *A, size_t i, const struct text *B, size_t j)
{
	size_t n = A->tstart[i + 1] - A->tstart[i], m = B->tstart[j + 1] - B->tstart[j];
	size_t longer = n > m ? n : m, shorter = n > m ? m : n;

	if (A->tclass[i] != TOK_WORD || B->tclass[j] != TOK_WORD || longer > REFINE_WORD ||
	    2 * shorter < longer || r->budget < n * m)
		return 0;
	r->budget -= n * m;
	return 2 * cp_diff(r, A->cp + A->tstart[i], n, B->cp + B->tstart[j], m) >= longer;
}

/*
 * Step 6 on one replaced stretch, tokens a[a0..a1) -> b[b0..b1): pairs the
 * most alike words in order (a longest common subsequence in which "equal"
 * means alike), diffs each pair code point by code point, and leaves the
 * tokens between pairs replaced. A stretch of more than REFINE_PAIRS token
 * pairs stays replaced whole.
 */
#define REFINE_PAIRS 65536

static void refine(struct braid_diff *d, const struct text *A, const struct text *B,
		   const struct thunk *h, struct refine *r)
{
	size_t nt = h->a1 - h->a0, mt = h->b1 - h->b0, w = mt + 1;
	size_t i, j, pa, pb;
	uint32_t *L;

	if (!nt || !mt || nt * mt > REFINE_PAIRS) {
		add_hunk(d, A->tstart[h->a0], A->tstart[h->a1], B->tstart[h->b0], B->tstart[h->b1]);
		return;
	}
	if (r->lcs_alloc < (nt + 1) * w) {
		r->lcs_alloc = (nt + 1) * w;
		r->lcs = xrealloc(r->lcs, r->lcs_alloc * sizeof(*r->lcs));
		r->ok = xrealloc(r->ok, r->lcs_alloc);
	}
	L = r->lcs;
	r->budget = REFINE_BUDGET * (A->tstart[h->a1] - A->tstart[h->a0] + B->tstart[h->b1] -
				     B->tstart[h->b0]);
	/* L[i * w + j]: most alike pairs in a[a0 + i ..) x b[b0 + j ..) */
	for (i = nt + 1; i-- > 0;)
		for (j = mt + 1; j-- > 0;) {
			uint32_t best = 0;

			r->ok[i * w + j] = 0;
			if (i < nt && j < mt) {
				best = L[(i + 1) * w + j] > L[i * w + j + 1] ? L[(i + 1) * w + j]
									     : L[i * w + j + 1];
				if (L[(i + 1) * w + j + 1] + 1 > best &&
				    (r->ok[i * w + j] = (unsigned char)alike(r, A, h->a0 + i, B,
									     h->b0 + j)))
					best = L[(i + 1) * w + j + 1] + 1;
			}
			L[i * w + j] = best;
		}
	/* walk the pairs in order; what lies between two pairs stays replaced */
	i = j = 0;
	pa = A->tstart[h->a0];
	pb = B->tstart[h->b0];
	while (i < nt && j < mt) {
		if (r->ok[i * w + j] && L[i * w + j] == L[(i + 1) * w + j + 1] + 1) {
			size_t oa = A->tstart[h->a0 + i], ob = B->tstart[h->b0 + j];
			size_t n = A->tstart[h->a0 + i + 1] - oa, m = B->tstart[h->b0 + j + 1] - ob;
			size_t x = 0, y = 0;

			if (oa > pa || ob > pb)
				add_hunk(d, pa, oa, pb, ob);
			cp_diff(r, A->cp + oa, n, B->cp + ob, m);
			while (x < n || y < m) {
				size_t x0 = x, y0 = y;

				if (x < n && y < m && !r->m.ca[x] && !r->m.cb[y]) {
					x++, y++;
					continue;
				}
				while (x < n && r->m.ca[x])
					x++;
				while (y < m && r->m.cb[y])
					y++;
				if (x == x0 && y == y0) {
					if (x < n)
						x++;
					else
						y++;
				}
				add_hunk(d, oa + x0, oa + x, ob + y0, ob + y);
			}
			pa = oa + n;
			pb = ob + m;
			i++, j++;
		} else if (L[(i + 1) * w + j] >= L[i * w + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	if (A->tstart[h->a1] > pa || B->tstart[h->b1] > pb)
		add_hunk(d, pa, A->tstart[h->a1], pb, B->tstart[h->b1]);
}

void braid_diff_init(struct braid_diff *d)
{
	memset(d, 0, sizeof(*d));
}

void braid_diff_release(struct braid_diff *d)
{
	free(d->hunk);
	free(d->old_words);
	braid_diff_init(d);
}

int braid_diff_texts(const char *old_text, size_t old_len, const char *new_text, size_t new_len,
		     struct braid_diff *d, struct braid_err *err)
{
	struct text A, B;
	struct intern in = { 0 };
	struct myers m = { 0 };
	struct anchors an = { 0 };
	struct refine rf = { 0 };
	struct thunk *h;
	size_t nh, a0 = 0, b0 = 0, a1, b1, cap = d->max_edits ? d->max_edits : BRAID_DIFF_MAX_EDITS;

	if (!braid_utf8_valid(old_text, old_len) || !braid_utf8_valid(new_text, new_len))
		return braid_errorf(err, BRAID_EINVAL, "cannot compare texts that are not UTF-8");
	d->nhunks = 0;
	d->capped = 0;
	text_load(&A, old_text, old_len);
	text_load(&B, new_text, new_len);
	d->old_len = A.ncp;
	d->new_len = B.ncp;
	free(d->old_words);
	d->old_words = xmalloc((A.ncp + 1) * sizeof(*d->old_words));
	d->old_words[0] = 0;
	for (size_t i = 0; i < A.ncp; i++)
		d->old_words[i + 1] = d->old_words[i] + (is_wordish(A.cp[i]) && !is_mark(A.cp[i]));

	/* step 1: tokens as integers */
	for (in.mask = 15; in.mask < 2 * (A.ntok + B.ntok); in.mask = in.mask * 2 + 1)
		;
	in.slot = xcalloc(in.mask + 1, sizeof(*in.slot));
	intern_text(&in, &A);
	intern_text(&in, &B);
	free(in.slot);

	/* step 2: the common ends */
	a1 = A.ntok;
	b1 = B.ntok;
	while (a0 < a1 && b0 < b1 && A.tid[a0] == B.tid[b0])
		a0++, b0++;
	while (a0 < a1 && b0 < b1 && A.tid[a1 - 1] == B.tid[b1 - 1])
		a1--, b1--;

	/* steps 3 and 4 */
	m.a = A.tid;
	m.b = B.tid;
	m.ca = A.chg;
	m.cb = B.chg;
	m.cap = (long)(cap + 1) / 2;
	an.ca = xcalloc(in.nids + 1, sizeof(*an.ca));
	an.cb = xcalloc(in.nids + 1, sizeof(*an.cb));
	an.seen = xcalloc(in.nids + 1, sizeof(*an.seen));
	an.first = xmalloc((in.nids + 1) * sizeof(*an.first));
	align(&m, &an, &A, &B, a0, a1, b0, b1, 0, &d->capped);
	free(an.ca);
	free(an.cb);
	free(an.seen);
	free(an.first);
	free(an.bpos);
	free(an.pa);
	free(an.pb);
	free(an.tail);
	free(an.prev);

	/* step 5, then 6 per hunk, into code points */
	h = token_hunks(&A, &B, &nh);
	slide(h, nh, &A, &B);
	for (size_t i = 0; i < nh; i++)
		refine(d, &A, &B, &h[i], &rf);
	free(h);
	free(rf.m.ca);
	free(rf.m.cb);
	free(rf.m.v);
	free(rf.lcs);
	free(rf.ok);
	/* where the new text glues onto the word before or after it (braid_diff_span) */
	for (size_t i = 0; i < d->nhunks; i++) {
		struct braid_diff_hunk *k = &d->hunk[i];

		if (k->new_start > 0 && is_wordish(B.cp[k->new_start - 1]))
			while (k->head_word < k->new_end && is_wordish(B.cp[k->head_word]))
				k->head_word++;
		if (k->new_end < B.ncp && is_wordish(B.cp[k->new_end]))
			while (k->tail_word > k->new_start && is_wordish(B.cp[k->tail_word - 1]))
				k->tail_word--;
	}
	free(m.v);
	text_release(&A);
	text_release(&B);
	return 0;
}

/* ---- mapping ---- */

/* The first hunk whose old end is at or after pos (nhunks if none). */
static size_t first_ending_at_or_after(const struct braid_diff *d, size_t pos)
{
	size_t lo = 0, hi = d->nhunks;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (d->hunk[mid].old_end < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t braid_diff_map(const struct braid_diff *d, size_t pos, enum braid_diff_side side)
{
	size_t i = first_ending_at_or_after(d, pos);

	if (i < d->nhunks && d->hunk[i].old_start <= pos)
		return side == BRAID_DIFF_BEFORE ? d->hunk[i].new_start : d->hunk[i].new_end;
	if (!i)
		return pos;
	return pos - d->hunk[i - 1].old_end + d->hunk[i - 1].new_end;
}

enum braid_diff_fate braid_diff_span(const struct braid_diff *d, size_t start, size_t end,
				     size_t *new_start, size_t *new_end)
{
	const struct braid_diff_hunk *glue_start = NULL, *glue_end = NULL;
	size_t ns, ne, gone = 0, gone_words = 0, words, first, last = 0, i;
	enum braid_diff_fate fate = BRAID_DIFF_EDITED;
	int touched = 0;

	if (start >= end) {
		ns = ne = braid_diff_map(d, start, BRAID_DIFF_BEFORE);
		fate = BRAID_DIFF_DELETED;
		goto out;
	}
	/* hunks touching the span: old text overlapping it, or an insertion strictly inside */
	first = i = first_ending_at_or_after(d, start + 1);
	for (; i < d->nhunks && d->hunk[i].old_start < end; i++) {
		const struct braid_diff_hunk *h = &d->hunk[i];
		size_t lo = h->old_start > start ? h->old_start : start;
		size_t hi = h->old_end < end ? h->old_end : end;

		touched = 1;
		last = i;
		gone += hi - lo;
		gone_words += d->old_words[hi] - d->old_words[lo];
	}
	/* a span with letters or digits lives by them, not by a surviving space or full stop */
	words = d->old_words[end] - d->old_words[start];
	if (gone == end - start || (words && gone_words == words)) {
		ns = ne = braid_diff_map(d, start, BRAID_DIFF_BEFORE);
		fate = BRAID_DIFF_DELETED;
		goto out;
	}
	/* new text right before the start, or right after the end, glued onto its word */
	if (first > 0 && d->hunk[first - 1].old_end == start &&
	    d->hunk[first - 1].tail_word < d->hunk[first - 1].new_end)
		glue_start = &d->hunk[first - 1];
	if (i < d->nhunks && d->hunk[i].old_start == end && d->hunk[i].head_word > d->hunk[i].new_start)
		glue_end = &d->hunk[i];
	if (!touched && !glue_start && !glue_end) {
		ns = braid_diff_map(d, start, BRAID_DIFF_AFTER);
		ne = ns + (end - start);
		fate = BRAID_DIFF_UNCHANGED;
		goto out;
	}
	/* a replaced stretch at the very start or end, wholly inside, brings its new text */
	if (glue_start)
		ns = glue_start->tail_word;
	else if (touched && d->hunk[first].old_start == start && d->hunk[first].old_end <= end)
		ns = d->hunk[first].new_start;
	else
		ns = braid_diff_map(d, start, BRAID_DIFF_AFTER);
	if (glue_end)
		ne = glue_end->head_word;
	else if (touched && d->hunk[last].old_end == end && d->hunk[last].old_start >= start)
		ne = d->hunk[last].new_end;
	else
		ne = braid_diff_map(d, end, BRAID_DIFF_BEFORE);
out:
	if (new_start)
		*new_start = ns;
	if (new_end)
		*new_end = ne;
	return fate;
}
