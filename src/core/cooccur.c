/*
 * cooccur.c - co-occurrence of codes or themes (see include/braid/cooccur.h).
 *
 * The segments come from themes.c's walk (themesint.h), so that which
 * codings count, a theme's codes and the turn a segment starts in follow
 * prevalence's one rule. Each document's segments arrive sorted by item
 * and start; every pair present in the document is counted from them, so
 * memory is one document's segments and the n x n tallies.
 */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/cooccur.h"
#include "braid/json.h"
#include "braid/themes.h"
#include "themesint.h"

struct items {
	struct braid_cooccur *m;
	int64_t *ids;
	size_t alloc;
};

static void item_add(struct items *it, int64_t id, const char *slug, const char *name)
{
	struct braid_cooccur *m = it->m;

	if (m->n == it->alloc) {
		it->alloc = it->alloc ? 2 * it->alloc : 16;
		it->ids = xrealloc(it->ids, it->alloc * sizeof(*it->ids));
		m->slugs = xrealloc(m->slugs, it->alloc * sizeof(*m->slugs));
		m->names = xrealloc(m->names, it->alloc * sizeof(*m->names));
	}
	it->ids[m->n] = id;
	m->slugs[m->n] = xstrdup(slug);
	m->names[m->n++] = xstrdup(name);
}

static int code_item(const struct braid_code_row *r, void *ctx)
{
	item_add(ctx, r->id, r->slug, r->name);
	return 0;
}

static int theme_item(const struct braid_theme_row *r, void *ctx)
{
	item_add(ctx, r->id, r->slug, r->name);
	return 0;
}

/* One item's segments in the document: seg[first, last). */
struct present {
	size_t item, first, last;
	size_t t0, t1; /* turn unit: its distinct turns, turns[t0, t1), ascending */
};

struct count {
	struct braid_cooccur *m;
	struct present *p;
	size_t np;
	int64_t *turns;
	size_t nturns, turns_alloc;
	int64_t *solo; /* segment unit: per item, its passages alone in this document */
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void count_pair(struct braid_cooccur *m, size_t a, size_t b, int64_t n)
{
	m->both[a * m->n + b] += n;
	if (a != b)
		m->both[b * m->n + a] += n;
}

/* Distinct turns of each present item (0, no turn, left out). */
static void turns_of(struct count *c, const struct wseg *seg)
{
	c->nturns = 0;
	for (size_t k = 0; k < c->np; k++) {
		struct present *p = &c->p[k];

		p->t0 = c->nturns;
		for (size_t i = p->first; i < p->last; i++) {
			if (!seg[i].turn)
				continue;
			ALLOC_GROW(c->turns, c->nturns + 1, c->turns_alloc);
			c->turns[c->nturns++] = seg[i].turn;
		}
		qsort(c->turns + p->t0, c->nturns - p->t0, sizeof(*c->turns), cmp_i64);
		p->t1 = p->t0;
		for (size_t i = p->t0; i < c->nturns; i++)
			if (i == p->t0 || c->turns[i] != c->turns[p->t1 - 1])
				c->turns[p->t1++] = c->turns[i];
		c->nturns = p->t1;
	}
}

static int64_t turns_shared(const struct count *c, const struct present *x,
			    const struct present *y)
{
	size_t i = x->t0, j = y->t0;
	int64_t n = 0;

	while (i < x->t1 && j < y->t1) {
		if (c->turns[i] < c->turns[j])
			i++;
		else if (c->turns[i] > c->turns[j])
			j++;
		else
			n++, i++, j++;
	}
	return n;
}

/*
 * The passages of x's and y's segments (y NULL: x's alone): runs of
 * segments in start order, each overlapping the run so far. Adds the
 * passages with x, with y and with both.
 */
static void passages(const struct wseg *seg, const struct present *x, const struct present *y,
		     int64_t *nx, int64_t *ny, int64_t *nboth)
{
	size_t i = x->first, j = y ? y->first : 0, jend = y ? y->last : 0;
	int64_t end = 0;
	int open = 0, hx = 0, hy = 0;

	while (i < x->last || j < jend) {
		int from_x = j >= jend || (i < x->last && seg[i].start <= seg[j].start);
		const struct wseg *g = from_x ? &seg[i++] : &seg[j++];

		if (open && g->start < end) {
			if (g->end > end)
				end = g->end;
		} else {
			if (open) {
				*nx += hx;
				*ny += hy;
				*nboth += hx && hy;
			}
			open = 1;
			hx = hy = 0;
			end = g->end;
		}
		hx |= from_x;
		hy |= !from_x;
	}
	if (open) {
		*nx += hx;
		*ny += hy;
		*nboth += hx && hy;
	}
}

static void count_segments(struct count *c, const struct wseg *seg)
{
	struct braid_cooccur *m = c->m;
	int64_t unused = 0;

	for (size_t k = 0; k < c->np; k++) {
		const struct present *p = &c->p[k];

		count_pair(m, p->item, p->item, (int64_t)(p->last - p->first));
		c->solo[p->item] = 0;
		passages(seg, p, NULL, &c->solo[p->item], &unused, &unused);
		/* against the items absent here, its passages are its own */
		for (size_t b = 0; b < m->n; b++)
			if (b != p->item)
				m->with[p->item * m->n + b] += c->solo[p->item];
	}
	for (size_t k = 0; k < c->np; k++)
		for (size_t l = k + 1; l < c->np; l++) {
			size_t a = c->p[k].item, b = c->p[l].item;
			int64_t na = 0, nb = 0, both = 0;

			passages(seg, &c->p[k], &c->p[l], &na, &nb, &both);
			/* replaces the passages alone added above: b is present */
			m->with[a * m->n + b] += na - c->solo[a];
			m->with[b * m->n + a] += nb - c->solo[b];
			count_pair(m, a, b, both);
		}
}

static int count_doc(int64_t doc, const struct wseg *seg, size_t nseg, void *ctx)
{
	struct count *c = ctx;
	struct braid_cooccur *m = c->m;

	(void)doc;
	c->np = 0;
	for (size_t i = 0; i < nseg;) {
		size_t j = i;

		while (j < nseg && seg[j].target == seg[i].target)
			j++;
		c->p[c->np++] = (struct present){ seg[i].target, i, j, 0, 0 };
		i = j;
	}
	switch (m->unit) {
	case BRAID_COOCCUR_DOC:
		for (size_t k = 0; k < c->np; k++)
			for (size_t l = k; l < c->np; l++)
				count_pair(m, c->p[k].item, c->p[l].item, 1);
		break;
	case BRAID_COOCCUR_TURN:
		turns_of(c, seg);
		for (size_t k = 0; k < c->np; k++)
			for (size_t l = k; l < c->np; l++)
				count_pair(m, c->p[k].item, c->p[l].item,
					   l == k ? (int64_t)(c->p[k].t1 - c->p[k].t0)
						  : turns_shared(c, &c->p[k], &c->p[l]));
		break;
	default:
		count_segments(c, seg);
		break;
	}
	return 0;
}

int braid_cooccur(struct braid_store *st, const struct braid_cooccur_opts *o,
		  struct braid_cooccur *m, struct braid_err *err)
{
	struct braid_theme_filter f = { 0, o->coder };
	struct items it = { m, NULL, 0 };
	struct count c = { m, NULL, 0, NULL, 0, 0, NULL };
	size_t n;
	int rc;

	memset(m, 0, sizeof(*m));
	m->unit = o->unit;
	m->themes = o->themes;
	if (o->themes)
		rc = braid_themes_each(st, &f, theme_item, &it, err);
	else
		rc = braid_codes_each(st, BRAID_CODES_NOCOUNT, code_item, &it, err);
	n = m->n;
	m->both = xcalloc(n * n + 1, sizeof(*m->both));
	m->with = xcalloc(n * n + 1, sizeof(*m->with));
	c.p = xcalloc(n + 1, sizeof(*c.p));
	c.solo = xcalloc(n + 1, sizeof(*c.solo));
	if (!rc)
		rc = braid_themes_segments(st, !o->themes, it.ids, n, o->coder, count_doc, &c, err);
	/* turns and documents: a pair's units with a are a's units, whatever b */
	for (size_t a = 0; !rc && a < n; a++)
		for (size_t b = 0; b < n; b++)
			if (a == b || m->unit != BRAID_COOCCUR_SEGMENT)
				m->with[a * n + b] = m->both[a * n + a];
	free(it.ids);
	free(c.p);
	free(c.turns);
	free(c.solo);
	return rc;
}

void braid_cooccur_release(struct braid_cooccur *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->slugs[i]);
		free(m->names[i]);
	}
	free(m->slugs);
	free(m->names);
	free(m->both);
	free(m->with);
	memset(m, 0, sizeof(*m));
}

double braid_cooccur_jaccard(const struct braid_cooccur *m, size_t a, size_t b)
{
	int64_t both = m->both[a * m->n + b];
	int64_t either = m->with[a * m->n + b] + m->with[b * m->n + a] - both;

	return either > 0 ? (double)both / (double)either : 0;
}

/* ---- the listing ---- */

enum { COL_A, COL_B, COL_A_NAME, COL_B_NAME, COL_BOTH, COL_NA, COL_NB, COL_JACCARD, COL_J3, NCOLS };

static const struct braid_column cols[NCOLS] = {
	[COL_A] = { "A", "a", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[COL_B] = { "B", "b", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[COL_A_NAME] = { "A", "a_name", BRAID_VAL_STR, 0, 32 },
	[COL_B_NAME] = { "B", "b_name", BRAID_VAL_STR, 0, 32 },
	[COL_BOTH] = { "BOTH", "both", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
	[COL_NA] = { "N_A", "n_a", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
	[COL_NB] = { "N_B", "n_b", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
	[COL_JACCARD] = { "JACCARD", "jaccard", BRAID_VAL_REAL, BRAID_COL_DATA, 0 },
	[COL_J3] = { "JACCARD", NULL, BRAID_VAL_STR, BRAID_COL_TABLE | BRAID_COL_RIGHT, 0 },
};

static const size_t table_cols[] = { COL_A_NAME, COL_B_NAME, COL_BOTH, COL_NA, COL_NB, COL_J3 };

const struct braid_listing braid_cooccur_listing = {
	"cooccur", cols, NCOLS, table_cols, sizeof(table_cols) / sizeof(*table_cols), 0,
};

void braid_cooccur_values(const struct braid_cooccur *m, size_t a, size_t b,
			  struct braid_row *row)
{
	double j = braid_cooccur_jaccard(m, a, b);
	struct braid_value *v = row->v;

	strbuf_reset(&row->text[0]);
	braid_real_fixed_text(j, 3, &row->text[0]);
	v[COL_A] = braid_val_str(m->slugs[a]);
	v[COL_B] = braid_val_str(m->slugs[b]);
	v[COL_A_NAME] = braid_val_str(m->names[a]);
	v[COL_B_NAME] = braid_val_str(m->names[b]);
	v[COL_BOTH] = braid_val_int(m->both[a * m->n + b]);
	v[COL_NA] = braid_val_int(m->with[a * m->n + b]);
	v[COL_NB] = braid_val_int(m->with[b * m->n + a]);
	v[COL_JACCARD] = braid_val_real(j);
	v[COL_J3] = braid_val_strn(row->text[0].buf, row->text[0].len);
}
