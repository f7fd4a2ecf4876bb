/*
 * reliability.c - agreement coefficients over a units-by-coders matrix
 * (reliability.h), and the matrix read from CSV.
 *
 * Every coefficient here depends on a unit only through the multiset of
 * its values (Cohen's kappa and the marginals aside, which need to know who
 * gave which value). So units are grouped first into "types", one per
 * distinct multiset, with how many units share it; the coefficients are
 * sums over types, and the bootstrap draws how often each type appears in
 * a resample (a multinomial over the types) instead of drawing units. On
 * binary data with four coders there are at most 15 types whatever the
 * number of units, so a resample costs 15 binomial draws, not 20,000.
 *
 * Definitions and references: docs/agreement.md.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "braid/alloc.h"
#include "braid/csvread.h"
#include "braid/reliability.h"
#include "braid/strbuf.h"
#include "braid/text.h"

/* ---- types: units grouped by their multiset of values ---- */

struct rel_type {
	size_t off, m; /* values pool[off .. off + m), sorted */
	size_t runs;   /* distinct values: run_cat/run_len[roff .. roff + runs) */
	size_t roff;
	size_t count;  /* units of this type */
	uint64_t hash;
};

struct rel_types {
	struct rel_type *t;
	size_t nr, alloc;
	int *pool;
	size_t npool, pool_alloc;
	int *run_cat;
	size_t *run_len;
	size_t nrun, run_alloc;
	size_t *slot; /* open addressing: type index + 1, 0 for empty */
	size_t nslot;
};

static uint64_t values_hash(const int *v, size_t m)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < m; i++) {
		h ^= (uint64_t)(unsigned)v[i];
		h *= 1099511628211ULL;
	}
	return h ^ m;
}

static void values_sort(int *v, size_t m)
{
	for (size_t i = 1; i < m; i++) {
		int x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void type_add_runs(struct rel_types *ts, struct rel_type *t)
{
	const int *v = ts->pool + t->off;

	t->roff = ts->nrun;
	t->runs = 0;
	for (size_t i = 0; i < t->m;) {
		size_t j = i;

		while (j < t->m && v[j] == v[i])
			j++;
		ALLOC_GROW(ts->run_cat, ts->nrun + 1, ts->run_alloc);
		ts->run_len = xrealloc(ts->run_len, ts->run_alloc * sizeof(*ts->run_len));
		ts->run_cat[ts->nrun] = v[i];
		ts->run_len[ts->nrun++] = j - i;
		t->runs++;
		i = j;
	}
}

/* Counts one unit with sorted values v[0..m) into its type. */
static void types_add(struct rel_types *ts, const int *v, size_t m)
{
	uint64_t h = values_hash(v, m);
	size_t i = (size_t)h & (ts->nslot - 1);
	struct rel_type *t;

	for (; ts->slot[i]; i = (i + 1) & (ts->nslot - 1)) {
		t = &ts->t[ts->slot[i] - 1];
		if (t->hash == h && t->m == m && !memcmp(ts->pool + t->off, v, m * sizeof(*v))) {
			t->count++;
			return;
		}
	}
	ALLOC_GROW(ts->t, ts->nr + 1, ts->alloc);
	ALLOC_GROW(ts->pool, ts->npool + m, ts->pool_alloc);
	t = &ts->t[ts->nr];
	t->off = ts->npool;
	t->m = m;
	t->count = 1;
	t->hash = h;
	memcpy(ts->pool + ts->npool, v, m * sizeof(*v));
	ts->npool += m;
	type_add_runs(ts, t);
	ts->slot[i] = ++ts->nr;
}

static void types_release(struct rel_types *ts)
{
	free(ts->t);
	free(ts->pool);
	free(ts->run_cat);
	free(ts->run_len);
	free(ts->slot);
	memset(ts, 0, sizeof(*ts));
}

static int types_build(const struct braid_rel_data *d, struct rel_types *ts, struct braid_err *err)
{
	int *v = xmalloc((d->coders ? d->coders : 1) * sizeof(*v));

	memset(ts, 0, sizeof(*ts));
	/* at most one type per unit; a table at most half full */
	for (ts->nslot = 16; ts->nslot < 2 * d->units; ts->nslot *= 2)
		;
	ts->slot = xcalloc(ts->nslot, sizeof(*ts->slot));
	for (size_t u = 0; u < d->units; u++) {
		size_t m = 0;

		for (size_t c = 0; c < d->coders; c++) {
			int x = d->cell[u * d->coders + c];

			if (x == BRAID_REL_MISSING)
				continue;
			if (x < 0 || (size_t)x >= d->ncat) {
				free(v);
				types_release(ts);
				return braid_errorf(err, BRAID_EINVAL,
						    "unit %zu, coder %zu: no category %d (there are %zu)",
						    u + 1, c + 1, x, d->ncat);
			}
			v[m++] = x;
		}
		if (!m)
			continue;
		values_sort(v, m);
		types_add(ts, v, m);
	}
	free(v);
	return 0;
}

/* ---- distances (Krippendorff 2011, section "difference functions") ---- */

struct rel_metric {
	enum braid_rel_level level;
	const struct braid_rel_category *cat;
	const double *n;   /* values per category in pairable units */
	const double *cum; /* cum[g] = n[0] + ... + n[g - 1] (ordinal) */
};

static double metric_delta(const struct rel_metric *mt, size_t c, size_t k)
{
	double a, b, s;

	if (c == k)
		return 0;
	switch (mt->level) {
	case BRAID_REL_ORDINAL:
		if (c > k) {
			size_t x = c;

			c = k;
			k = x;
		}
		s = mt->cum[k + 1] - mt->cum[c] - (mt->n[c] + mt->n[k]) / 2;
		return s * s;
	case BRAID_REL_INTERVAL:
		a = mt->cat[c].value - mt->cat[k].value;
		return a * a;
	case BRAID_REL_RATIO:
		a = mt->cat[c].value - mt->cat[k].value;
		b = mt->cat[c].value + mt->cat[k].value;
		return b == 0 ? 0 : (a / b) * (a / b);
	default:
		return 1;
	}
}

static void metric_cumulate(double *cum, const double *n, size_t ncat)
{
	cum[0] = 0;
	for (size_t g = 0; g < ncat; g++)
		cum[g + 1] = cum[g] + n[g];
}

/* A type's sum of o_ck * delta_ck over its value pairs, o_ck = n_c n_k / (m - 1). */
static double type_disagreement(const struct rel_types *ts, const struct rel_type *t,
				const struct rel_metric *mt)
{
	double s = 0;

	for (size_t i = 0; i < t->runs; i++)
		for (size_t j = 0; j < t->runs; j++)
			if (i != j)
				s += (double)ts->run_len[t->roff + i] * (double)ts->run_len[t->roff + j] *
				     metric_delta(mt, (size_t)ts->run_cat[t->roff + i],
						  (size_t)ts->run_cat[t->roff + j]);
	return s / (double)(t->m - 1);
}

/* Sum of n_c n_k delta_ck over the categories used (used[0..nused)). */
static double expected_disagreement(const struct rel_metric *mt, const size_t *used, size_t nused)
{
	double s = 0;

	for (size_t i = 0; i < nused; i++)
		for (size_t j = 0; j < nused; j++)
			if (i != j)
				s += mt->n[used[i]] * mt->n[used[j]] * metric_delta(mt, used[i], used[j]);
	return s;
}

/* ---- the sums every coefficient is made of ---- */

struct rel_sums {
	size_t units1;   /* units with a value */
	size_t pairable; /* units with two or more */
	size_t values;   /* values in pairable units */
	size_t agreements, pairs;
	double pa_sum;   /* over pairable units: the share of agreeing pairs */
	double *n;       /* ncat: values per category in pairable units */
	double *pi;      /* ncat: over units with a value, n_uk / m_u (Gwet's pi, times units1) */
	size_t *used;    /* categories with n > 0, in order */
	size_t nused;
	size_t observed; /* categories given anywhere, pairable or not */
	size_t m_first;  /* the number of values of the first pairable unit */
	bool same_m;     /* every pairable unit has m_first values */
};

static void sums_add_type(struct rel_sums *s, const struct rel_types *ts, const struct rel_type *t)
{
	double cnt = (double)t->count;
	double agree = 0;

	for (size_t i = 0; i < t->runs; i++) {
		size_t c = (size_t)ts->run_cat[t->roff + i], len = ts->run_len[t->roff + i];

		s->pi[c] += cnt * (double)len / (double)t->m;
		if (t->m < 2)
			continue;
		s->n[c] += cnt * (double)len;
		agree += (double)len * (double)(len - 1);
		s->agreements += t->count * (len * (len - 1) / 2);
	}
	s->units1 += t->count;
	if (t->m < 2)
		return;
	if (!s->pairable)
		s->m_first = t->m;
	else if (t->m != s->m_first)
		s->same_m = false;
	s->pairable += t->count;
	s->values += t->count * t->m;
	s->pairs += t->count * (t->m * (t->m - 1) / 2);
	s->pa_sum += cnt * agree / ((double)t->m * (double)(t->m - 1));
}

static void sums_init(struct rel_sums *s, const struct rel_types *ts, size_t ncat)
{
	memset(s, 0, sizeof(*s));
	s->same_m = true;
	s->n = xcalloc(ncat ? ncat : 1, sizeof(*s->n));
	s->pi = xcalloc(ncat ? ncat : 1, sizeof(*s->pi));
	s->used = xcalloc(ncat ? ncat : 1, sizeof(*s->used));
	for (size_t i = 0; i < ts->nr; i++)
		sums_add_type(s, ts, &ts->t[i]);
	for (size_t c = 0; c < ncat; c++) {
		if (s->n[c] > 0)
			s->used[s->nused++] = c;
		if (s->pi[c] > 0)
			s->observed++;
	}
}

static void sums_release(struct rel_sums *s)
{
	free(s->n);
	free(s->pi);
	free(s->used);
}

/* ---- the coefficients ---- */

static const char why_no_pairs[] = "no unit has two or more values";
static const char why_no_variation[] = "no variation: every value is the same";

static void undefined(struct braid_rel_value *v, const char *why)
{
	v->defined = false;
	v->v = NAN;
	v->why = why;
}

/* Marks the coefficient undefined and leaves the function computing it. */
#define UNDEFINED(v, why)                                                                       \
	do {                                                                                     \
		undefined(v, why);                                                               \
		return;                                                                          \
	} while (0)

static void defined(struct braid_rel_value *v, double x)
{
	v->defined = true;
	v->v = x;
	v->why = NULL;
}

/* alpha = 1 - (n - 1) sum o_ck delta_ck / sum n_c n_k delta_ck (Krippendorff 2011) */
static void compute_alpha(const struct braid_rel_data *d, const struct rel_types *ts,
			  const struct rel_sums *s, enum braid_rel_level level,
			  struct braid_rel_value *out)
{
	double *cum, observed = 0, expected;
	struct rel_metric mt = { level, d->cat, s->n, NULL };

	if (!s->pairable)
		UNDEFINED(out, why_no_pairs);
	if (s->nused < 2)
		UNDEFINED(out, why_no_variation);
	cum = xmalloc((d->ncat + 1) * sizeof(*cum));
	metric_cumulate(cum, s->n, d->ncat);
	mt.cum = cum;
	for (size_t i = 0; i < ts->nr; i++)
		if (ts->t[i].m >= 2)
			observed += (double)ts->t[i].count * type_disagreement(ts, &ts->t[i], &mt);
	expected = expected_disagreement(&mt, s->used, s->nused);
	free(cum);
	defined(out, 1 - ((double)s->values - 1) * observed / expected);
}

static void compute_percent(const struct rel_sums *s, struct braid_rel_value *out)
{
	if (!s->pairable)
		UNDEFINED(out, why_no_pairs);
	defined(out, s->pa_sum / (double)s->pairable);
}

/* Fleiss (1971): P-bar is the percent agreement, P_e = sum p_j^2. */
static void compute_fleiss(const struct rel_sums *s, struct braid_rel_value *out)
{
	double pe = 0;

	if (!s->pairable)
		UNDEFINED(out, why_no_pairs);
	if (!s->same_m)
		UNDEFINED(out, "needs the same number of values in every unit");
	if (s->nused < 2)
		UNDEFINED(out, why_no_variation);
	for (size_t i = 0; i < s->nused; i++) {
		double p = s->n[s->used[i]] / (double)s->values;

		pe += p * p;
	}
	defined(out, (s->pa_sum / (double)s->pairable - pe) / (1 - pe));
}

/* Brennan & Prediger (1981): chance agreement 1/q. */
static void compute_bp(const struct rel_sums *s, size_t q, struct braid_rel_value *out)
{
	double pa;

	if (!s->pairable)
		UNDEFINED(out, why_no_pairs);
	if (q < 2)
		UNDEFINED(out, "only one category: chance agreement is not defined");
	pa = s->pa_sum / (double)s->pairable;
	defined(out, (pa - 1.0 / (double)q) / (1 - 1.0 / (double)q));
}

/*
 * Gwet's AC1 (Handbook, 4th ed.; irrCAC gwet.ac1.raw): p_a over the units
 * with two or more values, pi_k over every unit with a value, so a unit
 * coded once still counts towards pi; p_e = sum pi_k (1 - pi_k) / (q - 1).
 */
static void compute_ac1(const struct braid_rel_data *d, const struct rel_sums *s, size_t q,
			struct braid_rel_value *out)
{
	double pe = 0, pa;

	if (!s->pairable)
		UNDEFINED(out, why_no_pairs);
	if (q < 2)
		UNDEFINED(out, "only one category: chance agreement is not defined");
	for (size_t c = 0; c < d->ncat; c++) {
		double pi = s->pi[c] / (double)s->units1;

		pe += pi * (1 - pi);
	}
	pe /= (double)(q - 1);
	pa = s->pa_sum / (double)s->pairable;
	defined(out, (pa - pe) / (1 - pe));
}

/* A category's score for kappa's weights: its rank (ordinal) or its number. */
static double kappa_score(const struct braid_rel_data *d, enum braid_rel_level level, size_t c)
{
	return level == BRAID_REL_ORDINAL ? (double)c : d->cat[c].value;
}

static double kappa_weight(const struct braid_rel_data *d, const struct braid_rel_opts *o,
			   double range, size_t c, size_t k)
{
	double x;

	if (o->weights == BRAID_REL_WEIGHTS_NONE)
		return c == k;
	x = fabs(kappa_score(d, o->level, c) - kappa_score(d, o->level, k)) / range;
	return o->weights == BRAID_REL_WEIGHTS_LINEAR ? 1 - x : 1 - x * x;
}

/*
 * Cohen (1960, 1968) over the units both coders coded: kappa_w = (p_o -
 * p_e) / (1 - p_e), p_o = sum w_ij p_ij, p_e = sum w_ij p_i. p_.j.
 */
static void compute_kappa(const struct braid_rel_data *d, const struct braid_rel_opts *o,
			  double range, struct braid_rel_value *out)
{
	double *a = xcalloc(d->ncat ? d->ncat : 1, sizeof(*a));
	double *b = xcalloc(d->ncat ? d->ncat : 1, sizeof(*b));
	double po = 0, pe = 0, n = 0;
	size_t used = 0;

	for (size_t u = 0; u < d->units; u++) {
		int x = d->cell[u * 2], y = d->cell[u * 2 + 1];

		if (x == BRAID_REL_MISSING || y == BRAID_REL_MISSING)
			continue;
		a[x]++;
		b[y]++;
		n++;
		po += kappa_weight(d, o, range, (size_t)x, (size_t)y);
	}
	for (size_t c = 0; c < d->ncat; c++)
		used += a[c] > 0 || b[c] > 0;
	for (size_t c = 0; c < d->ncat; c++)
		for (size_t k = 0; k < d->ncat && a[c] > 0; k++)
			if (b[k] > 0)
				pe += kappa_weight(d, o, range, c, k) * a[c] * b[k];
	free(a);
	free(b);
	if (!n)
		UNDEFINED(out, "no unit has values from both coders");
	if (used < 2)
		UNDEFINED(out, why_no_variation);
	po /= n;
	pe /= n * n;
	defined(out, (po - pe) / (1 - pe));
}

static void compute_kappas(const struct braid_rel_data *d, const struct braid_rel_opts *o,
			   struct braid_rel_result *r)
{
	struct braid_rel_opts plain = *o;
	double lo = INFINITY, hi = -INFINITY;

	if (d->coders != 2) {
		undefined(&r->cohen_kappa, "needs exactly two coders");
		undefined(&r->weighted_kappa, "needs exactly two coders");
		return;
	}
	plain.weights = BRAID_REL_WEIGHTS_NONE;
	compute_kappa(d, &plain, 1, &r->cohen_kappa);
	if (o->weights == BRAID_REL_WEIGHTS_NONE)
		UNDEFINED(&r->weighted_kappa, "no weights chosen");
	if (o->level == BRAID_REL_NOMINAL)
		UNDEFINED(&r->weighted_kappa,
				 "weights need ordered categories (ordinal, interval or ratio)");
	for (size_t c = 0; c < d->ncat; c++) {
		double x = kappa_score(d, o->level, c);

		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	if (d->ncat < 2 || !(hi > lo))
		UNDEFINED(&r->weighted_kappa, why_no_variation);
	compute_kappa(d, o, hi - lo, &r->weighted_kappa);
}

static void count_marginals(const struct braid_rel_data *d, struct braid_rel_result *r)
{
	r->marginal = xcalloc(d->coders * d->ncat + 1, sizeof(*r->marginal));
	for (size_t u = 0; u < d->units; u++)
		for (size_t c = 0; c < d->coders; c++) {
			int x = d->cell[u * d->coders + c];

			if (x != BRAID_REL_MISSING)
				r->marginal[c * d->ncat + (size_t)x]++;
		}
}

/* ---- the bootstrap ---- */

struct rel_boot {
	const struct braid_rel_data *d;
	const struct rel_types *ts;
	enum braid_rel_level level;
	size_t *pt;          /* pairable types' indexes into ts */
	size_t npt, units;   /* how many, and the units they hold */
	double *p;           /* npt: their shares (counts) */
	unsigned *k;         /* npt: a resample's counts */
	double *fixed;       /* npt: per-unit disagreement when delta does not depend on n */
	double *n, *cum;     /* ncat, ncat + 1 */
	size_t *used;
};

/* One resample's alpha; false when it has no variation. */
static bool boot_alpha(struct rel_boot *b, double *alpha)
{
	struct rel_metric mt = { b->level, b->d->cat, b->n, b->cum };
	double observed = 0, values = 0;
	size_t nused = 0;

	memset(b->n, 0, b->d->ncat * sizeof(*b->n));
	for (size_t i = 0; i < b->npt; i++) {
		const struct rel_type *t = &b->ts->t[b->pt[i]];

		for (size_t j = 0; j < t->runs && b->k[i]; j++)
			b->n[b->ts->run_cat[t->roff + j]] +=
				(double)b->k[i] * (double)b->ts->run_len[t->roff + j];
		values += (double)b->k[i] * (double)t->m;
	}
	for (size_t c = 0; c < b->d->ncat; c++)
		if (b->n[c] > 0)
			b->used[nused++] = c;
	if (nused < 2)
		return false;
	metric_cumulate(b->cum, b->n, b->d->ncat);
	for (size_t i = 0; i < b->npt; i++) {
		if (!b->k[i])
			continue;
		observed += (double)b->k[i] *
			    (b->fixed ? b->fixed[i] : type_disagreement(b->ts, &b->ts->t[b->pt[i]], &mt));
	}
	*alpha = 1 - (values - 1) * observed / expected_disagreement(&mt, b->used, nused);
	return true;
}

static void boot_init(struct rel_boot *b, const struct braid_rel_data *d, const struct rel_types *ts,
		      enum braid_rel_level level)
{
	struct rel_metric mt = { level, d->cat, NULL, NULL };

	memset(b, 0, sizeof(*b));
	b->d = d;
	b->ts = ts;
	b->level = level;
	b->pt = xmalloc((ts->nr + 1) * sizeof(*b->pt));
	b->p = xmalloc((ts->nr + 1) * sizeof(*b->p));
	b->k = xmalloc((ts->nr + 1) * sizeof(*b->k));
	b->n = xcalloc(d->ncat + 1, sizeof(*b->n));
	b->cum = xcalloc(d->ncat + 2, sizeof(*b->cum));
	b->used = xcalloc(d->ncat + 1, sizeof(*b->used));
	for (size_t i = 0; i < ts->nr; i++)
		if (ts->t[i].m >= 2) {
			b->pt[b->npt] = i;
			b->p[b->npt++] = (double)ts->t[i].count;
			b->units += ts->t[i].count;
		}
	/* only the ordinal distance depends on the resample's own marginals */
	if (level == BRAID_REL_ORDINAL)
		return;
	b->fixed = xmalloc((b->npt + 1) * sizeof(*b->fixed));
	for (size_t i = 0; i < b->npt; i++)
		b->fixed[i] = type_disagreement(ts, &ts->t[b->pt[i]], &mt);
}

static void boot_release(struct rel_boot *b)
{
	free(b->pt);
	free(b->p);
	free(b->k);
	free(b->fixed);
	free(b->n);
	free(b->cum);
	free(b->used);
}

/*
 * Percentile interval of alpha over o->bootstrap resamples of the pairable
 * units (drawn with replacement, as Zapf et al. 2016 do); resamples without
 * variation have no alpha and are left out (r->ci_resamples says how many
 * remain).
 */
static int bootstrap_alpha(const struct braid_rel_data *d, const struct rel_types *ts,
			   const struct braid_rel_opts *o, struct braid_rel_result *r,
			   struct braid_err *err)
{
	/*
	 * GSL's default handler aborts the process; off, its failures come back
	 * as values (here: the generator's allocation) and become braid errors.
	 * The handler is global, so the caller's is put back afterwards.
	 */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *alpha;
	struct rel_boot b;
	size_t got = 0;

	if (!rng) {
		gsl_set_error_handler(old);
		return braid_errorf(err, BRAID_EINVAL, "cannot set up the bootstrap's generator");
	}
	gsl_rng_set(rng, (unsigned long)o->seed);
	boot_init(&b, d, ts, o->level);
	alpha = xmalloc(o->bootstrap * sizeof(*alpha));
	for (size_t i = 0; i < o->bootstrap; i++) {
		gsl_ran_multinomial(rng, b.npt, (unsigned)b.units, b.p, b.k);
		if (boot_alpha(&b, &alpha[got]))
			got++;
	}
	r->ci_resamples = got;
	if (got >= 2) {
		gsl_sort(alpha, 1, got);
		r->has_ci = true;
		r->ci_low = gsl_stats_quantile_from_sorted_data(alpha, 1, got,
								 (1 - o->confidence) / 2);
		r->ci_high = gsl_stats_quantile_from_sorted_data(alpha, 1, got,
								  1 - (1 - o->confidence) / 2);
	}
	free(alpha);
	boot_release(&b);
	gsl_rng_free(rng);
	gsl_set_error_handler(old);
	return 0;
}

/* ---- the whole computation ---- */

static int check_opts(const struct braid_rel_data *d, const struct braid_rel_opts *o,
		      struct braid_err *err)
{
	if ((int)o->level < 0 || o->level >= BRAID_REL_LEVEL_N)
		return braid_errorf(err, BRAID_EINVAL, "unknown level of measurement %d", (int)o->level);
	if ((int)o->weights < 0 || o->weights >= BRAID_REL_WEIGHTS_N)
		return braid_errorf(err, BRAID_EINVAL, "unknown weights %d", (int)o->weights);
	if (o->bootstrap && !(o->confidence > 0 && o->confidence < 1))
		return braid_errorf(err, BRAID_EINVAL,
				    "the interval's confidence must be between 0 and 1, not %g",
				    o->confidence);
	if (o->bootstrap > 10000000)
		return braid_errorf(err, BRAID_EINVAL, "%zu resamples are too many (at most 10000000)",
				    o->bootstrap);
	if (d->units && (!d->cell || !d->coders))
		return braid_errorf(err, BRAID_EINVAL, "a matrix of %zu units without coders",
				    d->units);
	return 0;
}

static void set_note(struct braid_rel_result *r)
{
	if (!r->pairable_units || r->pairable_units >= BRAID_REL_FEW_UNITS)
		return;
	snprintf(r->note_buf, sizeof(r->note_buf),
		 "only %zu pairable unit%s: too few for the coefficients to mean much",
		 r->pairable_units, r->pairable_units == 1 ? "" : "s");
	r->note = r->note_buf;
}

int braid_rel_compute(const struct braid_rel_data *d, const struct braid_rel_opts *o,
		      struct braid_rel_result *r, struct braid_err *err)
{
	struct rel_types ts;
	struct rel_sums s;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = check_opts(d, o, err)) || (rc = types_build(d, &ts, err)))
		return rc;
	sums_init(&s, &ts, d->ncat);
	r->coders = d->coders;
	r->ncat = d->ncat;
	r->units = s.units1;
	r->pairable_units = s.pairable;
	r->pairable_values = s.values;
	r->agreements = s.agreements;
	r->pairs = s.pairs;
	r->categories = d->declared_categories ? d->declared_categories : s.observed;
	count_marginals(d, r);
	compute_alpha(d, &ts, &s, o->level, &r->alpha);
	compute_percent(&s, &r->percent_agreement);
	compute_fleiss(&s, &r->fleiss_kappa);
	compute_bp(&s, r->categories, &r->brennan_prediger);
	compute_ac1(d, &s, r->categories, &r->gwet_ac1);
	compute_kappas(d, o, r);
	set_note(r);
	if (o->bootstrap && r->alpha.defined)
		rc = bootstrap_alpha(d, &ts, o, r, err);
	sums_release(&s);
	types_release(&ts);
	if (rc)
		braid_rel_result_release(r);
	return rc;
}

void braid_rel_result_release(struct braid_rel_result *r)
{
	free(r->marginal);
	r->marginal = NULL;
}

/* ---- the coefficients by name, and JSON ---- */

#define COEF_(key, title) { key, title }
const struct braid_rel_coef braid_rel_coefs[] = {
	COEF_("alpha", "Krippendorff's alpha"),
	COEF_("percent_agreement", "percent agreement"),
	COEF_("fleiss_kappa", "Fleiss' kappa"),
	COEF_("cohen_kappa", "Cohen's kappa"),
	COEF_("weighted_kappa", "weighted kappa"),
	COEF_("brennan_prediger", "Brennan-Prediger"),
	COEF_("gwet_ac1", "Gwet's AC1"),
	{ NULL, NULL },
};

const struct braid_rel_value *braid_rel_coef_value(const struct braid_rel_result *r, size_t i)
{
	const struct braid_rel_value *v[] = {
		&r->alpha,          &r->percent_agreement, &r->fleiss_kappa, &r->cohen_kappa,
		&r->weighted_kappa, &r->brennan_prediger,  &r->gwet_ac1,
	};

	return i < sizeof(v) / sizeof(v[0]) ? v[i] : NULL;
}

static void json_marginals(struct braid_json *j, const struct braid_rel_result *r,
			   const struct braid_rel_data *d)
{
	braid_json_key(j, "marginals");
	braid_json_begin_object(j);
	for (size_t c = 0; c < r->coders && c < d->coders; c++) {
		braid_json_key(j, d->coder[c]);
		braid_json_begin_object(j);
		for (size_t k = 0; k < r->ncat && k < d->ncat; k++)
			braid_json_kv_int(j, d->cat[k].label, (long long)r->marginal[c * r->ncat + k]);
		braid_json_end_object(j);
	}
	braid_json_end_object(j);
}

void braid_rel_result_json(struct braid_json *j, const struct braid_rel_result *r,
			   const struct braid_rel_data *d)
{
	braid_json_kv_int(j, "units", (long long)r->units);
	braid_json_kv_int(j, "pairable_units", (long long)r->pairable_units);
	braid_json_kv_int(j, "pairable_values", (long long)r->pairable_values);
	braid_json_kv_int(j, "categories", (long long)r->categories);
	for (size_t i = 0; braid_rel_coefs[i].key; i++) {
		const struct braid_rel_value *v = braid_rel_coef_value(r, i);

		braid_json_key(j, braid_rel_coefs[i].key);
		if (v->defined)
			braid_json_real(j, v->v);
		else
			braid_json_null(j);
	}
	braid_json_key(j, "alpha_ci");
	if (r->has_ci) {
		braid_json_begin_array(j);
		braid_json_real(j, r->ci_low);
		braid_json_real(j, r->ci_high);
		braid_json_end_array(j);
	} else {
		braid_json_null(j);
	}
	braid_json_kv_int(j, "ci_resamples", (long long)r->ci_resamples);
	braid_json_kv_int(j, "agreements", (long long)r->agreements);
	braid_json_kv_int(j, "pairs", (long long)r->pairs);
	json_marginals(j, r, d);
	braid_json_key(j, "undefined");
	braid_json_begin_object(j);
	for (size_t i = 0; braid_rel_coefs[i].key; i++)
		if (!braid_rel_coef_value(r, i)->defined)
			braid_json_kv_str(j, braid_rel_coefs[i].key, braid_rel_coef_value(r, i)->why);
	braid_json_end_object(j);
	braid_json_kv_str(j, "note", r->note);
}

void braid_rel_data_release(struct braid_rel_data *d)
{
	for (size_t c = 0; c < d->ncat; c++)
		free(d->cat[c].label);
	for (size_t c = 0; c < d->coders && d->coder; c++)
		free(d->coder[c]);
	for (size_t u = 0; u < d->units && d->unit; u++)
		free(d->unit[u]);
	free(d->cat);
	free(d->coder);
	free(d->unit);
	free(d->cell);
	memset(d, 0, sizeof(*d));
}

/* ---- reading a matrix from CSV ---- */

/* The matrix is a rectangle: every row has the header's number of cells. */
static int check_ragged(const char *path, const struct braid_csv *cr, struct braid_err *err)
{
	for (size_t r = 1; r < cr->nrow; r++)
		if (cr->row[r].n != cr->row[0].n)
			return braid_errorf(err, BRAID_EPARSE,
					    "'%s': line %zu: the row has %zu cells, the header %zu", path,
					    cr->row[r].line, cr->row[r].n, cr->row[0].n);
	return 0;
}

/*
 * A number as people write it: digits, a point, an exponent; read in the
 * C locale, so "2.5" is two and a half whatever LC_NUMERIC says. No hex,
 * infinities or NaN.
 */
static bool parse_number(const char *s, locale_t c_locale, double *out)
{
	locale_t old;
	char *end;
	bool digit = false;

	for (const char *q = s; *q; q++) {
		if (*q >= '0' && *q <= '9')
			digit = true;
		else if (!strchr("+-.eE", *q))
			return false;
	}
	if (!digit)
		return false;
	old = uselocale(c_locale);
	errno = 0;
	*out = strtod(s, &end);
	uselocale(old);
	return !*end && errno != ERANGE && isfinite(*out);
}

struct rel_reader {
	const char *path;
	enum braid_rel_level level;
	locale_t c_locale;
	struct braid_rel_data *d;
	struct braid_err *err;
};

static const char *const level_needs[] = {
	"", "", "the interval level needs numbers", "the ratio level needs numbers",
};

/* A value's number for the level: fails on labels at interval and ratio, negatives at ratio. */
static int value_number(const struct rel_reader *rd, const char *text, size_t line, size_t col,
			double *x)
{
	const char *lvl = braid_vocab_name(&braid_vocab_level, (int)rd->level);

	if (!parse_number(text, rd->c_locale, x)) {
		if (rd->level == BRAID_REL_ORDINAL) {
			braid_errorf(rd->err, BRAID_EPARSE,
				     "'%s': line %zu, column %zu: '%s' is not a number, and labels "
				     "at the ordinal level need their order",
				     rd->path, line, col, text);
			return braid_err_hint(rd->err, BRAID_HINT_CATEGORIES);
		}
		return braid_errorf(rd->err, BRAID_EPARSE, "'%s': line %zu, column %zu: '%s' is not a "
				    "number (%s)", rd->path, line, col, text, level_needs[rd->level]);
	}
	if (rd->level == BRAID_REL_RATIO && *x < 0)
		return braid_errorf(rd->err, BRAID_EPARSE,
				    "'%s': line %zu, column %zu: '%s' is below 0 (the %s level needs "
				    "values of 0 or more)", rd->path, line, col, text, lvl);
	return 0;
}

static int read_coders(struct rel_reader *rd, const struct braid_csv_row *h)
{
	struct braid_rel_data *d = rd->d;

	if (h->n < 2)
		return braid_errorf(rd->err, BRAID_EPARSE,
				    "'%s': line %zu: no coders: the header names the unit column only",
				    rd->path, h->line);
	d->coders = h->n - 1;
	d->coder = xcalloc(d->coders, sizeof(*d->coder));
	for (size_t c = 0; c < d->coders; c++) {
		const char *name = h->cell[c + 1].text;

		if (!name)
			return braid_errorf(rd->err, BRAID_EPARSE,
					    "'%s': line %zu, column %zu: a coder without a name",
					    rd->path, h->line, c + 2);
		for (size_t k = 0; k < c; k++)
			if (!strcmp(d->coder[k], name))
				return braid_errorf(rd->err, BRAID_EPARSE,
						    "'%s': line %zu: coder '%s' is named twice "
						    "(columns %zu and %zu)",
						    rd->path, h->line, name, k + 2, c + 2);
		d->coder[c] = xstrdup(name);
	}
	return 0;
}

static size_t category_add(struct braid_rel_data *d, size_t *alloc, const char *label, double value)
{
	ALLOC_GROW(d->cat, d->ncat + 1, *alloc);
	d->cat[d->ncat].label = xstrdup(label);
	d->cat[d->ncat].value = value;
	return d->ncat++;
}

/* The categories as listed: their order is the ordinal order. */
static int declared_categories(struct rel_reader *rd, const char *const *list, size_t n)
{
	struct braid_rel_data *d = rd->d;
	size_t alloc = 0, numbers = 0;
	double *x = xcalloc(n + 1, sizeof(*x));
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		if (!list[i] || !*list[i])
			rc = braid_errorf(rd->err, BRAID_EINVAL, "category %zu is empty", i + 1);
		for (size_t k = 0; k < i && !rc; k++)
			if (!strcmp(list[k], list[i]))
				rc = braid_errorf(rd->err, BRAID_EINVAL, "category '%s' is listed twice",
						  list[i]);
		if (!rc && parse_number(list[i], rd->c_locale, &x[i]))
			numbers++;
	}
	if (!rc && numbers < n && rd->level >= BRAID_REL_INTERVAL)
		rc = braid_errorf(rd->err, BRAID_EINVAL, "the categories are not all numbers (%s)",
				  level_needs[rd->level]);
	for (size_t i = 0; i < n && !rc; i++) {
		if (rd->level == BRAID_REL_RATIO && x[i] < 0)
			rc = braid_errorf(rd->err, BRAID_EINVAL, "category '%s' is below 0 (the ratio "
					  "level needs values of 0 or more)", list[i]);
		else
			category_add(d, &alloc, list[i], numbers == n ? x[i] : (double)i);
	}
	d->declared_categories = rc ? 0 : n;
	free(x);
	return rc;
}

/* A cell's category among the declared ones: the same label, else the same number. */
static int declared_cell(struct rel_reader *rd, const struct braid_csv_cell *cell, size_t col)
{
	const struct braid_rel_data *d = rd->d;
	struct strbuf list = STRBUF_INIT;
	double x;

	for (size_t c = 0; c < d->ncat; c++)
		if (!strcmp(d->cat[c].label, cell->text))
			return (int)c;
	/* "1.0" for a category listed as "1"; never a label's rank for a number */
	if (parse_number(cell->text, rd->c_locale, &x))
		for (size_t c = 0; c < d->ncat; c++) {
			double y;

			if (parse_number(d->cat[c].label, rd->c_locale, &y) && y == x)
				return (int)c;
		}
	for (size_t c = 0; c < d->ncat; c++)
		strbuf_addf(&list, "%s%s", c ? (c + 1 == d->ncat ? " or " : ", ") : "",
			    d->cat[c].label);
	braid_errorf(rd->err, BRAID_EPARSE,
		     "'%s': line %zu, column %zu: '%s' is not one of the categories (%s)", rd->path,
		     cell->line, col, cell->text, list.buf);
	strbuf_release(&list);
	return BRAID_EPARSE;
}

static int cmp_cat_value(const void *a, const void *b)
{
	double x = ((const struct braid_rel_category *)a)->value;
	double y = ((const struct braid_rel_category *)b)->value;

	return (x > y) - (x < y);
}

/* Whether every value is a number; if not, the first that is not (row, column). */
static bool all_numbers(const struct rel_reader *rd, const struct braid_csv *cr, size_t *bad_row,
			size_t *bad_col)
{
	double x;

	for (size_t r = 1; r < cr->nrow; r++)
		for (size_t c = 1; c < cr->row[r].n; c++)
			if (cr->row[r].cell[c].text &&
			    !parse_number(cr->row[r].cell[c].text, rd->c_locale, &x)) {
				*bad_row = r;
				*bad_col = c;
				return false;
			}
	return true;
}

/*
 * Categories from the values themselves: numbers ordered by number ("1"
 * and "1.0" are one category), else labels in order of appearance, which
 * only the nominal level can take.
 */
static int found_categories(struct rel_reader *rd, const struct braid_csv *cr)
{
	struct braid_rel_data *d = rd->d;
	size_t alloc = 0, br = 0, bc = 0;
	bool numeric = all_numbers(rd, cr, &br, &bc);
	double x;
	int rc;

	if (!numeric && rd->level != BRAID_REL_NOMINAL)
		return value_number(rd, cr->row[br].cell[bc].text, cr->row[br].cell[bc].line, bc + 1, &x);
	for (size_t r = 1; r < cr->nrow; r++)
		for (size_t c = 1; c < cr->row[r].n; c++) {
			const struct braid_csv_cell *cell = &cr->row[r].cell[c];
			bool seen = false;

			if (!cell->text)
				continue;
			if (numeric && (rc = value_number(rd, cell->text, cell->line, c + 1, &x)))
				return rc;
			for (size_t k = 0; k < d->ncat && !seen; k++)
				seen = numeric ? d->cat[k].value == x : !strcmp(d->cat[k].label, cell->text);
			if (!seen)
				category_add(d, &alloc, cell->text, numeric ? x : (double)d->ncat);
		}
	if (numeric && d->ncat)
		qsort(d->cat, d->ncat, sizeof(*d->cat), cmp_cat_value);
	return 0;
}

static int cell_category(struct rel_reader *rd, const struct braid_csv_cell *cell, size_t col)
{
	const struct braid_rel_data *d = rd->d;
	double x;

	if (d->declared_categories)
		return declared_cell(rd, cell, col);
	if (rd->level == BRAID_REL_NOMINAL) {
		for (size_t c = 0; c < d->ncat; c++)
			if (!strcmp(d->cat[c].label, cell->text))
				return (int)c;
	}
	if (parse_number(cell->text, rd->c_locale, &x))
		for (size_t c = 0; c < d->ncat; c++)
			if (d->cat[c].value == x)
				return (int)c;
	return braid_errorf(rd->err, BRAID_EPARSE, "'%s': line %zu, column %zu: '%s' has no category",
			    rd->path, cell->line, col, cell->text);
}

static int read_cells(struct rel_reader *rd, const struct braid_csv *cr)
{
	struct braid_rel_data *d = rd->d;

	d->units = cr->nrow - 1;
	d->cell = xmalloc((d->units * d->coders + 1) * sizeof(*d->cell));
	d->unit = xcalloc(d->units + 1, sizeof(*d->unit));
	for (size_t u = 0; u < d->units; u++) {
		const struct braid_csv_row *r = &cr->row[u + 1];

		d->unit[u] = xstrdup(r->cell[0].text ? r->cell[0].text : "");
		for (size_t c = 0; c < d->coders; c++) {
			int k = BRAID_REL_MISSING;

			if (r->cell[c + 1].text && (k = cell_category(rd, &r->cell[c + 1], c + 2)) < 0)
				return k;
			d->cell[u * d->coders + c] = k;
		}
	}
	return 0;
}

static int read_matrix(struct rel_reader *rd, const struct braid_csv *cr, const char *const *categories,
		       size_t ncategories)
{
	int rc;

	if (!cr->nrow)
		return braid_errorf(rd->err, BRAID_EPARSE,
				    "'%s' is empty: expected a header row (the unit column, then "
				    "the coders' names)", rd->path);
	if ((rc = read_coders(rd, &cr->row[0])))
		return rc;
	if (categories && ncategories)
		rc = declared_categories(rd, categories, ncategories);
	else
		rc = found_categories(rd, cr);
	return rc ? rc : read_cells(rd, cr);
}

int braid_rel_read_csv(const char *path, enum braid_rel_level level, const char *const *categories,
		       size_t ncategories, struct braid_rel_data *d, struct braid_err *err)
{
	struct braid_csv cr = BRAID_CSV_INIT;
	struct braid_csv_opts opts = { ',', 0 };
	struct rel_reader rd = { path, level, (locale_t)0, d, err };
	int rc;

	memset(d, 0, sizeof(*d));
	if ((int)level < 0 || level >= BRAID_REL_LEVEL_N)
		return braid_errorf(err, BRAID_EINVAL, "unknown level of measurement %d", (int)level);
	if ((rc = braid_csv_read(&cr, path, NULL, &opts, err)) || (rc = check_ragged(path, &cr, err))) {
		braid_csv_release(&cr);
		return rc;
	}
	rd.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!rd.c_locale)
		rc = braid_errorf(err, BRAID_EINVAL, "cannot make the C locale for reading numbers");
	else
		rc = read_matrix(&rd, &cr, categories, ncategories);
	if (rd.c_locale)
		freelocale(rd.c_locale);
	braid_csv_release(&cr);
	if (rc)
		braid_rel_data_release(d);
	return rc;
}
