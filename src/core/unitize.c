/*
 * unitize.c - Krippendorff's unitizing alphas at the character level, and
 * NVivo's character-level percent agreement and kappa (see unitize.h and
 * docs/unitizing.md for the definitions and their sources).
 *
 * Nothing here walks characters. Every figure is a sum over the pieces
 * between consecutive segment boundaries (a sweep over sorted boundaries)
 * or over the pairs of units that intersect (two partitions walked side by
 * side), so the cost is that of sorting the segments: one category of a
 * 200-document, 4-coder, 100,000-segment corpus takes a scan of the
 * segments and a sort of its own.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/unitize.h"

#define NONE ((size_t)-1)

static const char *name_of(const char *const *names, size_t i, char *buf, size_t n)
{
	if (names && names[i])
		return names[i];
	snprintf(buf, n, "#%zu", i + 1);
	return buf;
}

static struct braid_rel_value value(double v)
{
	struct braid_rel_value r = { true, v, NULL };
	return r;
}

static struct braid_rel_value undefined(const char *why)
{
	struct braid_rel_value r = { false, 0, why };
	return r;
}

static int check(const struct braid_udata *d, struct braid_err *err)
{
	char b1[32], b2[32];

	if (d->ncont && !d->len)
		return braid_errorf(err, BRAID_EINVAL, "unitizing data without continuum lengths");
	for (size_t c = 0; c < d->ncont; c++)
		if (d->len[c] < 0)
			return braid_errorf(err, BRAID_EINVAL, "continuum '%s' has a negative length",
					    name_of(d->cont_name, c, b1, sizeof(b1)));
	for (size_t i = 0; i < d->nseg; i++) {
		const struct braid_useg *s = &d->seg[i];

		if (s->cont >= d->ncont || s->coder >= d->coders || s->cat >= d->ncat)
			return braid_errorf(err, BRAID_EINVAL,
					    "segment %zu names a continuum, coder or category out of range",
					    i + 1);
		if (s->start < 0 || s->end <= s->start || s->end > d->len[s->cont])
			return braid_errorf(err, BRAID_EINVAL,
					    "segment %" PRId64 "-%" PRId64 " of coder '%s' is not inside "
					    "continuum '%s' (length %" PRId64 ")",
					    s->start, s->end, name_of(d->coder_name, s->coder, b1, sizeof(b1)),
					    name_of(d->cont_name, s->cont, b2, sizeof(b2)), d->len[s->cont]);
	}
	return 0;
}

static int64_t total_length(const struct braid_udata *d)
{
	int64_t L = 0;

	for (size_t c = 0; c < d->ncont; c++)
		L += d->len[c];
	return L;
}

/* By coder, continuum, start, end: each coder's partition of each continuum in order. */
static int by_coder(const void *a, const void *b)
{
	const struct braid_useg *x = a, *y = b;

	if (x->coder != y->coder)
		return x->coder < y->coder ? -1 : 1;
	if (x->cont != y->cont)
		return x->cont < y->cont ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->cat < y->cat ? -1 : x->cat > y->cat;
}

/*
 * Unites, in a sorted array, the segments of one coder on one continuum
 * that share a character and have the same category. Segments that only
 * touch stay apart: they are two units the coder made (Krippendorff's 1995
 * example B has such units, and its published alpha counts them).
 * Returns the new count.
 */
static size_t unite(struct braid_useg *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (k && s[k - 1].coder == s[i].coder && s[k - 1].cont == s[i].cont &&
		    s[k - 1].cat == s[i].cat && s[i].start < s[k - 1].end) {
			if (s[i].end > s[k - 1].end)
				s[k - 1].end = s[i].end;
			continue;
		}
		s[k++] = s[i];
	}
	return k;
}

/* One category's segments, united, sorted by coder, continuum and start. */
static struct braid_useg *category_segments(const struct braid_udata *d, size_t cat, size_t *n)
{
	struct braid_useg *s = NULL;
	size_t nr = 0, alloc = 0;

	for (size_t i = 0; i < d->nseg; i++)
		if (d->seg[i].cat == cat) {
			ALLOC_GROW(s, nr + 1, alloc);
			s[nr++] = d->seg[i];
		}
	if (nr)
		qsort(s, nr, sizeof(*s), by_coder);
	*n = unite(s, nr);
	return s;
}

struct event {
	size_t cont;
	int64_t pos;
	int delta; /* -1 (a segment ends) sorts before +1 (one starts) */
	size_t coder, unit;
};

static int by_position(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->cont != y->cont)
		return x->cont < y->cont ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->delta != y->delta)
		return x->delta < y->delta ? -1 : 1;
	return x->coder < y->coder ? -1 : x->coder > y->coder;
}

static struct event *events_of(const struct braid_useg *s, size_t n)
{
	struct event *e = xmalloc((2 * n + 1) * sizeof(*e));

	for (size_t i = 0; i < n; i++) {
		e[2 * i] = (struct event){ s[i].cont, s[i].start, +1, s[i].coder, i };
		e[2 * i + 1] = (struct event){ s[i].cont, s[i].end, -1, s[i].coder, i };
	}
	if (n)
		qsort(e, 2 * n, sizeof(*e), by_position);
	return e;
}

/*
 * The binary |u-alpha (Krippendorff et al. 2016, section 5.2; Krippendorff
 * 2019, 12.6.4) of valued units against gaps, from: m coders, L characters,
 * l1 the valued characters summed over coders, s1 the sum of the valued
 * units' squared lengths, and pairs the ordered pairs of coders (i, j) that
 * disagree (one valued, one gap) summed over the characters.
 *
 *   l.. = mL, l0 = l.. - l1 (gaps are unstructured: each gap character is
 *   its own unit, so gaps add l0, not their squared lengths, to the sum)
 *   o01 = pairs / (m - 1), e01 = l.. l0 l1 / (l..^2 - s1 - l0)
 *   |u-alpha = 1 - (o01 + o10) / (e01 + e10) = 1 - o01 / e01
 */
static struct braid_rel_value binary_alpha(size_t m, int64_t L, int64_t l1, long double s1,
					   int64_t pairs)
{
	long double ldd = (long double)m * L, l0 = ldd - l1, den, de;

	if (m < 2)
		return undefined("fewer than two coders");
	if (l1 == 0)
		return undefined("no coded text");
	if (l0 == 0)
		return undefined("no variation: every coder coded every character");
	den = ldd * ldd - s1 - l0;
	if (den <= 0)
		return undefined("no variation: one value throughout");
	de = ldd * l0 * (long double)l1 / den;
	return value((double)(1 - ((long double)pairs / (m - 1)) / de));
}

/*
 * Krippendorff's (1995) alpha_U in the discrete form of Krippendorff (2004,
 * Quality & Quantity 38: 787-800), for one category. See docs/unitizing.md
 * for the formulas; u is every coder's partition of every continuum into
 * units (valued or gap), uoff[coder * ncont + cont] where each starts.
 */
struct unit {
	int64_t start, end;
	bool valued;
};

static long double delta2(const struct unit *g, const struct unit *h)
{
	long double lg = (long double)(g->end - g->start), lh = (long double)(h->end - h->start);

	/* g and h intersect: the walk below visits only such pairs */
	if (g->valued && h->valued) {
		long double db = (long double)(g->start - h->start), de = (long double)(g->end - h->end);
		return db * db + de * de;
	}
	if (g->valued && !h->valued)
		return g->start >= h->start && g->end <= h->end ? lg * lg : 0;
	if (!g->valued && h->valued)
		return h->start >= g->start && h->end <= g->end ? lh * lh : 0;
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static struct braid_rel_value alpha_1995(const struct braid_udata *d, const struct braid_useg *s,
					 size_t n)
{
	size_t m = d->coders, nc = d->ncont, nu = 0, ngap = 0, nval = 0;
	size_t *uoff = xcalloc(m * nc + 1, sizeof(*uoff));
	struct unit *u = xmalloc((2 * n + m * nc + 1) * sizeof(*u));
	int64_t L = total_length(d), *gap;
	long double sum_do = 0, num = 0, sq = 0, *suffix, de, dd;
	struct braid_rel_value r;
	size_t k = 0;

	if (m < 2) {
		free(uoff);
		free(u);
		return undefined("fewer than two coders");
	}
	/* every coder's partition of every continuum, segments in order */
	for (size_t coder = 0; coder < m; coder++)
		for (size_t c = 0; c < nc; c++) {
			int64_t pos = 0;

			uoff[coder * nc + c] = nu;
			for (; k < n && s[k].coder == coder && s[k].cont == c; k++) {
				if (s[k].start > pos)
					u[nu++] = (struct unit){ pos, s[k].start, false };
				u[nu++] = (struct unit){ s[k].start, s[k].end, true };
				pos = s[k].end;
			}
			if (pos < d->len[c])
				u[nu++] = (struct unit){ pos, d->len[c], false };
		}
	uoff[m * nc] = nu;

	/* observed: the intersecting pairs of two coders' partitions */
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m; j++)
			for (size_t c = 0; c < nc; c++) {
				size_t a = uoff[i * nc + c], ae = uoff[i * nc + c + 1];
				size_t b = uoff[j * nc + c], be = uoff[j * nc + c + 1];

				while (a < ae && b < be) {
					int64_t ea = u[a].end, eb = u[b].end;

					sum_do += delta2(&u[a], &u[b]);
					if (ea <= eb)
						a++;
					if (eb <= ea)
						b++;
				}
			}

	/* expected: every valued unit against every gap that could hold it */
	gap = xmalloc((nu + 1) * sizeof(*gap));
	for (size_t i = 0; i < nu; i++) {
		if (u[i].valued) {
			int64_t l = u[i].end - u[i].start;
			nval++;
			sq += (long double)l * (l - 1);
		} else {
			gap[ngap++] = u[i].end - u[i].start;
		}
	}
	if (nval == 0) {
		r = undefined("no coded text");
		goto out;
	}
	qsort(gap, ngap, sizeof(*gap), cmp_i64);
	suffix = xmalloc((ngap + 1) * sizeof(*suffix)); /* sum of (gap + 1) from i on */
	suffix[ngap] = 0;
	for (size_t i = ngap; i-- > 0;)
		suffix[i] = suffix[i + 1] + gap[i] + 1;
	for (size_t i = 0; i < nu; i++) {
		long double l;
		size_t lo = 0, hi = ngap;

		if (!u[i].valued)
			continue;
		l = (long double)(u[i].end - u[i].start);
		while (lo < hi) { /* first gap at least as long as the unit */
			size_t mid = lo + (hi - lo) / 2;
			if (gap[mid] < u[i].end - u[i].start)
				lo = mid + 1;
			else
				hi = mid;
		}
		num += (long double)(nval - 1) * (2 * l * l * l - 3 * l * l + l) / 3 +
		       l * l * (suffix[lo] - l * (long double)(ngap - lo));
	}
	free(suffix);
	dd = (long double)m * L * ((long double)m * L - 1) - sq;
	de = dd > 0 ? 2 * num / L / dd : 0;
	if (de <= 0)
		r = undefined("no variation: too few units to pair");
	else
		r = value((double)(1 - 2 * sum_do / ((long double)m * (m - 1) * L * L) / de));
out:
	free(gap);
	free(uoff);
	free(u);
	return r;
}

/* The sweep of one category's segments: disagreeing pairs and NVivo's table. */
struct binary_sweep {
	int64_t l1, pairs, both, one_only;
	long double s1;
};

static void sweep_binary(const struct braid_useg *s, size_t n, size_t m, struct binary_sweep *b)
{
	struct event *e = events_of(s, n);
	int64_t n1 = 0;

	memset(b, 0, sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		int64_t l = s[i].end - s[i].start;
		b->l1 += l;
		b->s1 += (long double)l * l;
	}
	for (size_t i = 0; i < 2 * n; i++) {
		if (i && e[i].cont == e[i - 1].cont) {
			int64_t len = e[i].pos - e[i - 1].pos;

			b->pairs += len * n1 * ((int64_t)m - n1);
			if (n1 == 2)
				b->both += len;
			else if (n1 == 1)
				b->one_only += len;
		}
		n1 += e[i].delta;
	}
	free(e);
}

int braid_unitize_code(const struct braid_udata *d, size_t cat, struct braid_ucode_result *r,
		       struct braid_err *err)
{
	struct binary_sweep b;
	struct braid_useg *s;
	size_t n, m = d->coders;
	int64_t L;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = check(d, err)) < 0)
		return rc;
	if (cat >= d->ncat)
		return braid_errorf(err, BRAID_EINVAL, "no category %zu", cat + 1);
	L = total_length(d);
	s = category_segments(d, cat, &n);
	sweep_binary(s, n, m, &b);
	r->alpha_u = binary_alpha(m, L, b.l1, b.s1, b.pairs);
	r->alpha_u_1995 = alpha_1995(d, s, n);

	if (m != 2) {
		const char *why = m < 2 ? "fewer than two coders" : "more than two coders";
		r->percent_agreement = r->cohen_kappa = undefined(why);
	} else if (L == 0) {
		r->percent_agreement = r->cohen_kappa = undefined("no text");
	} else {
		/* NVivo's 2x2 table of characters: coder A's and B's coded counts */
		int64_t a = 0, bb;
		long double pa, pb, po, pe;

		for (size_t i = 0; i < n; i++)
			if (s[i].coder == 0)
				a += s[i].end - s[i].start;
		bb = b.l1 - a;
		r->both = b.both;
		r->one_only = b.one_only;
		r->total = L;
		r->neither = L - b.both - b.one_only;
		po = (long double)(r->both + r->neither) / L;
		pa = (long double)a / L;
		pb = (long double)bb / L;
		pe = pa * pb + (1 - pa) * (1 - pb);
		r->percent_agreement = value((double)po);
		if (pe >= 1)
			r->cohen_kappa = undefined("no variation: both coders coded all or nothing");
		else
			r->cohen_kappa = value((double)((po - pe) / (1 - pe)));
	}
	free(s);
	return 0;
}

/* By continuum, coder, start: where one coder's codes of a domain could overlap. */
static int by_place(const void *a, const void *b)
{
	const struct braid_useg *x = a, *y = b;

	if (x->cont != y->cont)
		return x->cont < y->cont ? -1 : 1;
	if (x->coder != y->coder)
		return x->coder < y->coder ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->cat < y->cat ? -1 : x->cat > y->cat;
}

/*
 * A domain's units: segments sorted by place, one category's overlapping
 * segments of a coder united; segments of two categories that share a
 * character are an error naming both.
 */
static int domain_units(const struct braid_udata *d, struct braid_useg **out, size_t *nout,
			struct braid_err *err)
{
	struct braid_useg *s = xmalloc((d->nseg + 1) * sizeof(*s));
	size_t k = 0;

	memcpy(s, d->seg, d->nseg * sizeof(*s));
	if (d->nseg)
		qsort(s, d->nseg, sizeof(*s), by_place);
	for (size_t i = 0; i < d->nseg; i++) {
		struct braid_useg *p = k ? &s[k - 1] : NULL;

		if (p && p->cont == s[i].cont && p->coder == s[i].coder && s[i].start < p->end) {
			char b1[32], b2[32], b3[32], b4[32];

			if (p->cat == s[i].cat) {
				if (s[i].end > p->end)
					p->end = s[i].end;
				continue;
			}
			braid_errorf(err, BRAID_EINVAL,
				     "codes of a domain overlap: coder '%s' in '%s' has '%s' at "
				     "%" PRId64 "-%" PRId64 " and '%s' at %" PRId64 "-%" PRId64,
				     name_of(d->coder_name, s[i].coder, b1, sizeof(b1)),
				     name_of(d->cont_name, s[i].cont, b2, sizeof(b2)),
				     name_of(d->cat_name, p->cat, b3, sizeof(b3)), p->start, p->end,
				     name_of(d->cat_name, s[i].cat, b4, sizeof(b4)), s[i].start,
				     s[i].end);
			free(s);
			return BRAID_EINVAL;
		}
		s[k++] = s[i];
	}
	*out = s;
	*nout = k;
	return 0;
}

int braid_unitize_domain(const struct braid_udata *d, struct braid_udomain_result *r,
			 struct braid_err *err)
{
	size_t m = d->coders, nk = d->ncat, n;
	struct braid_useg *s;
	struct event *e;
	size_t *cur;
	int64_t *cover, *lc, *lp, L, pairs = 0, o_gap = 0, o_val = 0, coded = 0;
	long double *sc, *scu, s_all = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = check(d, err)) < 0)
		return rc;
	if ((rc = domain_units(d, &s, &n, err)) < 0)
		return rc;
	L = total_length(d);
	r->ncat = nk;
	r->binary_u_alpha = xcalloc(nk + 1, sizeof(*r->binary_u_alpha));

	cur = xmalloc((m + 1) * sizeof(*cur));
	cover = xcalloc(n * m + 1, sizeof(*cover)); /* unit g of coder i x coder j: both valued */
	lc = xcalloc(nk + 1, sizeof(*lc));          /* characters of each category, all coders */
	lp = xcalloc(nk + 1, sizeof(*lp));          /* (m - 1) l'_c: c against any coder's category */
	sc = xcalloc(nk + 1, sizeof(*sc));          /* squared unit lengths per category */
	scu = xcalloc(nk + 1, sizeof(*scu));        /* squared intersected lengths per category */
	for (size_t i = 0; i < n; i++) {
		int64_t l = s[i].end - s[i].start;
		lc[s[i].cat] += l;
		coded += l;
		sc[s[i].cat] += (long double)l * l;
	}
	for (size_t i = 0; i < m; i++)
		cur[i] = NONE;

	/*
	 * The sweep: between two consecutive boundaries every coder holds one
	 * unit (or a gap); o_val counts the ordered pairs of coders agreeing on
	 * a category, o_gap those agreeing on a gap, pairs those where one has a
	 * gap and the other a category, each times the piece's length.
	 */
	e = events_of(s, n);
	for (size_t i = 0; i < 2 * n; i++) {
		if (i && e[i].cont == e[i - 1].cont && e[i].pos > e[i - 1].pos) {
			int64_t len = e[i].pos - e[i - 1].pos, valued = 0;

			for (size_t a = 0; a < m; a++)
				valued += cur[a] != NONE;
			pairs += len * valued * ((int64_t)m - valued);
			for (size_t a = 0; a < m; a++) {
				size_t ca;

				if (cur[a] == NONE)
					continue;
				ca = s[cur[a]].cat;
				lp[ca] += len * (valued - 1);
				for (size_t b = 0; b < m; b++) {
					if (b == a || cur[b] == NONE)
						continue;
					cover[cur[a] * m + b] += len;
					if (s[cur[b]].cat == ca)
						o_val += len;
				}
			}
		}
		cur[e[i].coder] = e[i].delta > 0 ? e[i].unit : NONE;
	}
	/*
	 * Pairs agreeing on a gap are all the others (the sweep does not see
	 * the gaps before the first and after the last boundary of a
	 * continuum, nor continua nobody coded): m(m - 1)L ordered pairs of
	 * coders' characters, minus gap-category in both orders, minus two
	 * categories (sum of lp).
	 */
	o_gap = (int64_t)m * ((int64_t)m - 1) * L - 2 * pairs;
	for (size_t c = 0; c < nk; c++)
		o_gap -= lp[c];
	for (size_t g = 0; g < n; g++)
		for (size_t b = 0; b < m; b++)
			scu[s[g].cat] += (long double)cover[g * m + b] * cover[g * m + b];

	if (m < 2) {
		r->u_alpha = r->cu_alpha = r->binary = undefined("fewer than two coders");
	} else if (coded == 0) {
		r->u_alpha = r->cu_alpha = r->binary = undefined("no coded text");
	} else {
		long double ldd = (long double)m * L, l0 = ldd - coded, den, ediag = 0, de, dobs;
		long double lq = 0, sq = 0, cdiag = 0, cden, cde, cdo;
		size_t nvalues;

		/* u-alpha: values are the categories and the gap */
		for (size_t c = 0; c < nk; c++) {
			s_all += sc[c];
			ediag += (long double)lc[c] * lc[c] - sc[c];
		}
		ediag += l0 * l0 - l0;
		den = ldd * ldd - s_all - l0;
		dobs = ldd - (long double)(o_val + o_gap) / (m - 1);
		de = den > 0 ? ldd - ldd * ediag / den : 0;
		/*
		 * With one value throughout D_e is 0, but rounding can leave a
		 * speck: count the values instead of trusting its sign.
		 */
		nvalues = l0 > 0;
		for (size_t c = 0; c < nk; c++)
			nvalues += lc[c] > 0;
		r->u_alpha = nvalues > 1 && de > 0 ? value((double)(1 - dobs / de))
						   : undefined("no variation: one value throughout");
		r->binary = binary_alpha(m, L, coded, s_all, pairs);

		/* cu-alpha: only where two coders' categories intersect */
		for (size_t c = 0; c < nk; c++) {
			long double l = (long double)lp[c] / (m - 1);
			lq += l;
			sq += scu[c];
			cdiag += l * l - scu[c] / (m - 1);
		}
		cden = lq * lq - sq / (m - 1);
		cdo = lq - (long double)o_val / (m - 1);
		cde = cden > 0 ? lq - lq * cdiag / cden : 0;
		nvalues = 0;
		for (size_t c = 0; c < nk; c++)
			nvalues += lp[c] > 0;
		if (lq == 0)
			r->cu_alpha = undefined("no two coders' segments intersect");
		else if (nvalues < 2 || cde <= 0)
			r->cu_alpha = undefined("no variation: one category where segments intersect");
		else
			r->cu_alpha = value((double)(1 - cdo / cde));
	}
	for (size_t c = 0; c < nk; c++) {
		struct binary_sweep b;
		struct braid_useg *cs;
		size_t cn;

		cs = category_segments(d, c, &cn);
		sweep_binary(cs, cn, m, &b);
		r->binary_u_alpha[c] = binary_alpha(m, L, b.l1, b.s1, b.pairs);
		free(cs);
	}
	free(e);
	free(cur);
	free(cover);
	free(lc);
	free(lp);
	free(sc);
	free(scu);
	free(s);
	return 0;
}

void braid_udomain_result_release(struct braid_udomain_result *r)
{
	free(r->binary_u_alpha);
	r->binary_u_alpha = NULL;
	r->ncat = 0;
}
