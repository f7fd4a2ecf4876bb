/*
 * figure.c - figures drawn with cairo and pango (see include/braid/figure.h).
 *
 * Each figure is drawn once, at its width in points, onto a recording
 * surface: its height is known only once the labels are laid out. The
 * recording is then replayed onto the SVG, PDF or PNG surface of that
 * size (scaled to 300 dpi for PNG), so that the three formats are one
 * drawing. Text metrics are unhinted, so a label measures the same in
 * every format, and the face is DejaVu Sans, as the map's (map.c): the
 * face measured is the face drawn, with Cyrillic and Uzbek letters.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/cooccur.h"
#include "braid/figure.h"
#include "braid/json.h"
#include "braid/map.h"
#include "braid/quantitize.h"
#include "braid/themes.h"
#include "db.h"

#define PT_PER_IN 72.0
#define COLUMN (3.3 * PT_PER_IN) /* a column of a two-column paper */
#define TEXT (6.9 * PT_PER_IN)   /* the text width */
#define MARGIN 4.0
#define FONT 7.0 /* the smallest a journal takes */
#define TITLE_FONT 8.0
#define PNG_DPI 300.0
#define FACE "DejaVu Sans"

/* Okabe & Ito (2008): told apart with every common colour blindness. */
static const double okabe_ito[][3] = {
	{ 0x00 / 255.0, 0x72 / 255.0, 0xB2 / 255.0 }, /* blue */
	{ 0xE6 / 255.0, 0x9F / 255.0, 0x00 / 255.0 }, /* orange */
	{ 0x00 / 255.0, 0x9E / 255.0, 0x73 / 255.0 }, /* bluish green */
	{ 0xCC / 255.0, 0x79 / 255.0, 0xA7 / 255.0 }, /* reddish purple */
	{ 0x56 / 255.0, 0xB4 / 255.0, 0xE9 / 255.0 }, /* sky blue */
	{ 0xD5 / 255.0, 0x5E / 255.0, 0x00 / 255.0 }, /* vermillion */
	{ 0xF0 / 255.0, 0xE4 / 255.0, 0x42 / 255.0 }, /* yellow */
	{ 0x00 / 255.0, 0x00 / 255.0, 0x00 / 255.0 }, /* black */
};
#define NPALETTE (sizeof(okabe_ito) / sizeof(*okabe_ito))

/* ColorBrewer's Blues (9 classes): one hue, light to dark, so order reads without colour. */
static const double blues[][3] = {
	{ 0.969, 0.984, 1.000 }, { 0.871, 0.922, 0.969 }, { 0.776, 0.859, 0.937 },
	{ 0.620, 0.792, 0.882 }, { 0.420, 0.682, 0.839 }, { 0.259, 0.573, 0.776 },
	{ 0.129, 0.443, 0.710 }, { 0.031, 0.318, 0.612 }, { 0.031, 0.188, 0.420 },
};
#define NBLUES (sizeof(blues) / sizeof(*blues))

struct fig {
	cairo_t *cr;
	PangoContext *pc;
	double w; /* the figure's width, points */
};

/* ---- text ---- */

/*
 * A layout of text at size (bold or not), wrapped at width (0: one line,
 * as wide as it is) to at most `lines` lines, the last cut with "...".
 */
static PangoLayout *text_layout(struct fig *f, const char *text, double size, int bold,
				double width, int lines)
{
	PangoLayout *l = pango_layout_new(f->pc);
	PangoFontDescription *d = pango_font_description_from_string(FACE);

	/* absolute: in user units, which are points, whatever resolution pango assumes */
	pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, d);
	pango_font_description_free(d);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -lines);
	}
	pango_layout_set_text(l, text, -1);
	return l;
}

static void layout_size(PangoLayout *l, double *w, double *h)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	*w = (double)r.width / PANGO_SCALE;
	*h = (double)r.height / PANGO_SCALE;
}

enum { LEFT, RIGHT, CENTRE };

/* Draws text with its top at y, x its left, right or centre; returns its height. */
static double text_at(struct fig *f, const char *text, double x, double y, int align,
		      double size, int bold, double width, int lines)
{
	PangoLayout *l = text_layout(f, text, size, bold, width, lines);
	double w, h;

	if (align != LEFT && width > 0)
		pango_layout_set_alignment(l, align == RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
	layout_size(l, &w, &h);
	if (width > 0)
		w = width;
	cairo_move_to(f->cr, align == RIGHT ? x - w : align == CENTRE ? x - w / 2 : x, y);
	pango_cairo_show_layout(f->cr, l);
	g_object_unref(l);
	return h;
}

/* The width text takes on one line. */
static double text_width(struct fig *f, const char *text, double size, int bold)
{
	PangoLayout *l = text_layout(f, text, size, bold, 0, 1);
	double w, h;

	layout_size(l, &w, &h);
	g_object_unref(l);
	return w;
}

/* The height text takes wrapped at width to at most lines lines. */
static double text_height(struct fig *f, const char *text, double width, int lines)
{
	PangoLayout *l = text_layout(f, text, FONT, 0, width, lines);
	double w, h;

	layout_size(l, &w, &h);
	g_object_unref(l);
	return h;
}

/* The title, bold, wrapped over the width, and a subtitle under it; returns the y below. */
static double title(struct fig *f, const char *title, const char *subtitle)
{
	double y = MARGIN;

	cairo_set_source_rgb(f->cr, 0, 0, 0);
	y += text_at(f, title, MARGIN, y, LEFT, TITLE_FONT, 1, f->w - 2 * MARGIN, 3);
	if (subtitle) {
		cairo_set_source_rgb(f->cr, 0.25, 0.25, 0.25);
		y += 1 + text_at(f, subtitle, MARGIN, y + 1, LEFT, FONT, 0, f->w - 2 * MARGIN, 3);
	}
	return y + 6;
}

/* The widest of the labels, capped at cap. */
static double labels_width(struct fig *f, char *const *labels, size_t n, double cap)
{
	double w = 0;

	for (size_t i = 0; i < n; i++) {
		double x = text_width(f, labels[i], FONT, 0);

		w = x > w ? x : w;
	}
	return w < cap ? w : cap;
}

static void rgb(cairo_t *cr, const double *c)
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* The heatmap colour of v in [0, 1], and whether text on it should be white. */
static int heat(cairo_t *cr, double v)
{
	double x = (v < 0 ? 0 : v > 1 ? 1 : v) * (NBLUES - 1);
	size_t i = (size_t)x;
	double t = x - (double)i, c[3];

	if (i >= NBLUES - 1) {
		i = NBLUES - 2;
		t = 1;
	}
	for (int k = 0; k < 3; k++)
		c[k] = blues[i][k] + t * (blues[i + 1][k] - blues[i][k]);
	rgb(cr, c);
	return x > (NBLUES - 1) * 0.55;
}

/* The smallest step of 1, 2 or 5 times a power of ten giving at most max ticks up to top. */
static double tick_step(double top, int max)
{
	double p = pow(10, floor(log10(top))) / 10;

	for (;; p *= 10) {
		if (top / p <= max)
			return p;
		if (top / (2 * p) <= max)
			return 2 * p;
		if (top / (5 * p) <= max)
			return 5 * p;
	}
}

/* A number of the axis: whole, or as a percentage. */
static void axis_label(double v, int percent, struct strbuf *out)
{
	strbuf_reset(out);
	braid_real_fixed_text(percent ? 100 * v : v, 0, out);
	if (percent)
		strbuf_addch(out, '%');
}

/* ---- prevalence ---- */

struct group {
	char *label;
	size_t n;      /* its cases */
	size_t *with;  /* per item: its cases with the item */
};

struct bars {
	size_t nitems, ngroups; /* ngroups 0: one series, counts */
	char **items;
	size_t *cases; /* no groups: per item, its cases */
	size_t total;  /* no groups: every case */
	struct group *g;
	size_t missing; /* groups: cases without a value */
};

static void bars_release(struct bars *b)
{
	for (size_t i = 0; i < b->ngroups; i++) {
		free(b->g[i].label);
		free(b->g[i].with);
	}
	free(b->g);
	free(b->items);
	free(b->cases);
}

static size_t group_add(struct bars *b, const char *label)
{
	b->g = xrealloc(b->g, (b->ngroups + 1) * sizeof(*b->g));
	b->g[b->ngroups] = (struct group){ xstrdup(label), 0, xcalloc(b->nitems + 1, sizeof(size_t)) };
	return b->ngroups++;
}

static size_t group_find(const struct bars *b, const char *label)
{
	for (size_t i = 0; i < b->ngroups; i++)
		if (!strcmp(b->g[i].label, label))
			return i;
	return (size_t)-1;
}

static int cmp_group(const void *x, const void *y)
{
	return strcmp(((const struct group *)x)->label, ((const struct group *)y)->label);
}

/*
 * The groups of the matrix's variable: binary "VAR = 1" then "VAR = 0" (as
 * the joint display), ordinal levels in order, categorical values sorted.
 */
static int groups_load(const struct braid_matrix *m, const size_t *keep, struct bars *b,
		       struct braid_err *err)
{
	const struct braid_matrix_var *v = &m->vars[0];
	int binary = !strcmp(v->type, "binary");
	struct strbuf label = STRBUF_INIT;

	if (!strcmp(v->type, "numeric")) {
		return braid_errorf(err, BRAID_EINVAL,
				    "'%s' is numeric: bars are split by the groups of a binary, "
				    "categorical or ordinal variable",
				    v->name);
	}
	if (binary) {
		strbuf_addf(&label, "%s = 1", v->name);
		group_add(b, label.buf);
		strbuf_reset(&label);
		strbuf_addf(&label, "%s = 0", v->name);
		group_add(b, label.buf);
	}
	for (size_t k = 0; k < v->nlevels; k++)
		group_add(b, v->levels[k]);
	for (size_t r = 0; r < m->nrows; r++) {
		size_t g;

		if (!v->text[r] || (binary && !v->has_num[r])) {
			b->missing++;
			continue;
		}
		if (binary) {
			g = v->num[r] != 0 ? 0 : 1;
		} else if ((g = group_find(b, v->text[r])) == (size_t)-1) {
			g = group_add(b, v->text[r]);
		}
		b->g[g].n++;
		for (size_t i = 0; i < b->nitems; i++)
			b->g[g].with[i] += m->segments[r * m->ncols + keep[i]] > 0;
	}
	if (!binary && !v->nlevels && b->ngroups)
		qsort(b->g, b->ngroups, sizeof(*b->g), cmp_group);
	strbuf_release(&label);
	return 0;
}

static double draw_bars(struct fig *f, const struct bars *b, const char *head, const char *sub)
{
	cairo_t *cr = f->cr;
	double y = title(f, head, sub), lw, x0, x1, top, bar, row_gap = 3, y0;
	int percent = b->ngroups > 0;
	double max = 0, step;
	struct strbuf s = STRBUF_INIT;

	lw = labels_width(f, b->items, b->nitems, 0.38 * f->w);
	x0 = MARGIN + lw + 4;
	/* counts at the bars' ends need room after them; shares have their axis */
	x1 = f->w - MARGIN - (percent ? 10 : 16);
	if (percent) {
		max = 1;
	} else {
		max = (double)b->total;
	}
	if (max <= 0)
		max = 1;
	step = tick_step(max, 5);
	bar = percent ? (b->ngroups > 4 ? 3.5 : 5.0) : 7.0;
	y0 = y;
	for (size_t i = 0; i < b->nitems; i++) {
		size_t nb = percent ? b->ngroups : 1;
		double hl = text_height(f, b->items[i], lw, 2), hb = (double)nb * bar, h;

		h = hl > hb ? hl : hb;
		cairo_set_source_rgb(cr, 0, 0, 0);
		text_at(f, b->items[i], x0 - 4, y + (h - hl) / 2, RIGHT, FONT, 0, lw, 2);
		for (size_t k = 0; k < nb; k++) {
			double v = percent ? (b->g[k].n ? (double)b->g[k].with[i] / (double)b->g[k].n : 0)
					   : (double)b->cases[i];
			double by = y + (h - hb) / 2 + (double)k * bar;

			rgb(cr, okabe_ito[k % NPALETTE]);
			cairo_rectangle(cr, x0, by, (x1 - x0) * v / max, bar - (nb > 1 ? 0.6 : 0));
			cairo_fill(cr);
			if (!percent) {
				strbuf_reset(&s);
				strbuf_addf(&s, "%zu", b->cases[i]);
				cairo_set_source_rgb(cr, 0, 0, 0);
				text_at(f, s.buf, x0 + (x1 - x0) * v / max + 2, by - 0.9, LEFT, FONT, 0, 0,
					1);
			}
		}
		y += h + row_gap;
	}
	top = y0 - 2;
	/* the axis: a line, ticks and their numbers, light guides across the bars */
	cairo_set_line_width(cr, 0.5);
	for (double t = 0; t <= max + 1e-9; t += step) {
		double x = x0 + (x1 - x0) * t / max;

		cairo_set_source_rgba(cr, 0, 0, 0, 0.15);
		cairo_move_to(cr, x, top);
		cairo_line_to(cr, x, y);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_move_to(cr, x, y);
		cairo_line_to(cr, x, y + 2);
		cairo_stroke(cr);
		axis_label(t, percent, &s);
		text_at(f, s.buf, x, y + 2.5, CENTRE, FONT, 0, 30, 1);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_move_to(cr, x0, top);
	cairo_line_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
	y += 2.5 + FONT * 1.3;
	strbuf_reset(&s);
	if (percent)
		strbuf_addstr(&s, "share of the group's cases");
	else
		strbuf_addf(&s, "cases (of %zu)", b->total);
	y += 1 + text_at(f, s.buf, (x0 + x1) / 2, y, CENTRE, FONT, 0, x1 - x0 + 20, 1);
	/* the legend: a swatch and the group, in rows as wide as the figure */
	if (percent) {
		double x = MARGIN, lh = FONT * 1.35;

		y += 4;
		for (size_t k = 0; k < b->ngroups; k++) {
			double w;

			strbuf_reset(&s);
			strbuf_addf(&s, "%s (n = %zu)", b->g[k].label, b->g[k].n);
			w = text_width(f, s.buf, FONT, 0);
			if (w > f->w - 2 * MARGIN - 10)
				w = f->w - 2 * MARGIN - 10;
			if (x > MARGIN && x + 10 + w > f->w - MARGIN) {
				x = MARGIN;
				y += lh;
			}
			rgb(cr, okabe_ito[k % NPALETTE]);
			cairo_rectangle(cr, x, y + 1.5, 7, 7);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			text_at(f, s.buf, x + 9, y, LEFT, FONT, 0, w, 1);
			x += 10 + w + 8;
		}
		y += lh;
	}
	strbuf_release(&s);
	return y + MARGIN;
}

static int prevalence(struct braid_store *st, const struct braid_figure_opts *o, int codes,
		      struct fig *f, double *h, struct braid_err *err)
{
	const char *vars[1] = { o->by };
	struct braid_matrix_opts mo = { o->coder, o->by ? vars : NULL, o->by ? 1 : 0,
					  BRAID_ROWS_CASES };
	struct braid_matrix m;
	struct bars b = { 0 };
	struct strbuf head = STRBUF_INIT, sub = STRBUF_INIT;
	size_t *keep;
	int rc = codes ? braid_matrix_codes(st, &mo, &m, err) : braid_matrix_themes(st, &mo, &m, err);

	keep = xcalloc(m.ncols + 1, sizeof(*keep));
	b.items = xcalloc(m.ncols + 1, sizeof(*b.items));
	b.cases = xcalloc(m.ncols + 1, sizeof(*b.cases));
	b.total = m.nrows;
	for (size_t c = 0; !rc && c < m.ncols; c++) {
		size_t n = 0;

		for (size_t r = 0; r < m.nrows; r++)
			n += m.segments[r * m.ncols + c] > 0;
		if (codes && !n)
			continue; /* a code no case has: nothing to draw */
		keep[b.nitems] = c;
		b.cases[b.nitems] = n;
		b.items[b.nitems++] = m.names[c];
	}
	if (!rc && !b.nitems)
		rc = braid_errorf(err, BRAID_ENOTFOUND, codes ? "no code is found in any case"
							       : "no themes in play");
	if (!rc && o->by)
		rc = groups_load(&m, keep, &b, err);
	if (!rc) {
		strbuf_addf(&head, "Cases with each %s", codes ? "code" : "theme");
		if (o->by) {
			strbuf_addf(&head, ", by %s", o->by);
			strbuf_addf(&sub, "%zu cases", m.nrows);
			if (b.missing)
				strbuf_addf(&sub, ", %zu without a value of %s left out", b.missing, o->by);
		}
		*h = draw_bars(f, &b, head.buf, o->by ? sub.buf : NULL);
	}
	strbuf_release(&head);
	strbuf_release(&sub);
	bars_release(&b);
	free(keep);
	braid_matrix_release(&m);
	return rc;
}

/* ---- heatmaps ---- */

struct grid {
	size_t nrows, ncols;
	char **rows, **cols; /* labels; cols NULL: the rows' numbers */
	double *v;	     /* nrows x ncols in [0, 1] of the scale; < 0: no value (grey) */
	double top;	     /* the scale's top, in the data's units */
	int percent, numbered, values;
	const char *scale, *grey; /* the scale's name; what grey means (NULL: none) */
};

static void grid_release(struct grid *g)
{
	free(g->rows);
	free(g->cols);
	free(g->v);
}

/* The first multiple of 0.1 at or above max (at least 0.1): a scale's top. */
static double scale_top(double max)
{
	double t = ceil(max * 10 - 1e-9) / 10;

	return t < 0.1 ? 0.1 : t;
}

static double draw_grid(struct fig *f, const struct grid *g, const char *head, const char *sub)
{
	cairo_t *cr = f->cr;
	struct strbuf s = STRBUF_INIT;
	double y, lw, cell, x0, colh = 0, num = g->numbered ? text_width(f, "00", FONT, 0) + 3 : 0;
	double avail;

	/* a column's width when every row fits; else the text width */
	lw = labels_width(f, g->rows, g->nrows, 0.4 * COLUMN);
	avail = COLUMN - 2 * MARGIN - lw - num - 4;
	if (avail / (double)g->ncols < 8.5) {
		f->w = TEXT;
		lw = labels_width(f, g->rows, g->nrows, 0.3 * TEXT);
		avail = TEXT - 2 * MARGIN - lw - num - 4;
	}
	cell = avail / (double)g->ncols;
	if (cell > 18)
		cell = 18;
	x0 = MARGIN + num + lw + 4;
	y = title(f, head, sub);
	/* column labels: the numbers, or the names turned a quarter, reading upwards */
	if (g->cols) {
		colh = labels_width(f, g->cols, g->ncols, 80);
		for (size_t j = 0; j < g->ncols; j++) {
			cairo_save(cr);
			cairo_translate(cr, x0 + cell * ((double)j + 0.5) - FONT * 0.62, y + colh);
			cairo_rotate(cr, -M_PI / 2);
			cairo_set_source_rgb(cr, 0, 0, 0);
			text_at(f, g->cols[j], 0, 0, LEFT, FONT, 0, colh, 1);
			cairo_restore(cr);
		}
	} else {
		colh = FONT * 1.3;
		cairo_set_source_rgb(cr, 0, 0, 0);
		for (size_t j = 0; j < g->ncols; j++) {
			strbuf_reset(&s);
			strbuf_addf(&s, "%zu", j + 1);
			text_at(f, s.buf, x0 + cell * ((double)j + 0.5), y, CENTRE, FONT, 0, cell + 4, 1);
		}
	}
	y += colh + 2;
	for (size_t i = 0; i < g->nrows; i++) {
		int lines = cell >= 2.4 * FONT ? 2 : 1;
		double rh = cell, yt = y + (rh - FONT * 1.2) / 2;
		double hl = text_height(f, g->rows[i], lw, lines);

		cairo_set_source_rgb(cr, 0, 0, 0);
		text_at(f, g->rows[i], x0 - 4, y + (rh - hl) / 2, RIGHT, FONT, 0, lw, lines);
		if (g->numbered) {
			strbuf_reset(&s);
			strbuf_addf(&s, "%zu", i + 1);
			text_at(f, s.buf, MARGIN + num - 3, yt, RIGHT, FONT, 0, num, 1);
		}
		for (size_t j = 0; j < g->ncols; j++) {
			double v = g->v[i * g->ncols + j], cx = x0 + cell * (double)j;
			int white = 0;

			/* none at all white, so that a trace is told from nothing */
			if (v < 0)
				cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
			else if (v == 0)
				cairo_set_source_rgb(cr, 1, 1, 1);
			else
				white = heat(cr, v);
			cairo_rectangle(cr, cx, y, cell, rh);
			cairo_fill_preserve(cr);
			cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
			cairo_set_line_width(cr, 0.4);
			cairo_stroke(cr);
			/* the value when it fits at the smallest size a paper takes */
			if (g->values && v >= 0 && cell >= 15) {
				strbuf_reset(&s);
				braid_real_fixed_text(v * g->top, 2, &s);
				cairo_set_source_rgb(cr, white, white, white);
				text_at(f, s.buf[0] == '0' ? s.buf + 1 : s.buf, cx + cell / 2, yt, CENTRE,
					FONT, 0, cell + 2, 1);
			}
		}
		y += rh;
	}
	/* the scale: a bar from 0 to its top, and the grey's meaning beside it */
	y += 6;
	{
		double bw = 70, bx = MARGIN + 6, n = 50;

		cairo_set_source_rgb(cr, 0, 0, 0);
		text_at(f, g->scale, bx, y, LEFT, FONT, 0, f->w - bx - MARGIN, 1);
		y += FONT * 1.3 + 1;
		for (int k = 0; k < (int)n; k++) {
			heat(cr, k / (n - 1));
			cairo_rectangle(cr, bx + bw * k / n, y, bw / n + 0.2, 6);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_set_line_width(cr, 0.4);
		cairo_rectangle(cr, bx, y, bw, 6);
		cairo_stroke(cr);
		axis_label(0, g->percent, &s);
		text_at(f, g->percent ? s.buf : "0", bx, y + 7, CENTRE, FONT, 0, 20, 1);
		strbuf_reset(&s);
		if (g->percent)
			axis_label(g->top, 1, &s);
		else
			braid_real_fixed_text(g->top, 1, &s);
		text_at(f, s.buf, bx + bw, y + 7, CENTRE, FONT, 0, 24, 1);
		if (g->grey) {
			cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
			cairo_rectangle(cr, bx + bw + 18, y, 6, 6);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			text_at(f, g->grey, bx + bw + 26, y - 1.5, LEFT, FONT, 0,
				f->w - MARGIN - (bx + bw + 26), 2);
		}
		y += 7 + FONT * 1.3;
	}
	strbuf_release(&s);
	return y + MARGIN;
}

static int cooccur_fig(struct braid_store *st, const struct braid_figure_opts *o, int codes,
		       struct fig *f, double *h, struct braid_err *err)
{
	struct braid_cooccur_opts co = { o->unit, !codes, o->coder };
	struct braid_cooccur m;
	struct grid g = { 0 };
	struct strbuf head = STRBUF_INIT;
	size_t *keep;
	double max = 0;
	int rc = braid_cooccur(st, &co, &m, err);

	keep = xcalloc(m.n + 1, sizeof(*keep));
	g.rows = xcalloc(m.n + 1, sizeof(*g.rows));
	for (size_t i = 0; i < m.n; i++)
		if (!codes || m.both[i * m.n + i]) {
			keep[g.nrows] = i;
			g.rows[g.nrows++] = m.names[i];
		}
	g.ncols = g.nrows;
	g.v = xcalloc(g.nrows * g.ncols + 1, sizeof(*g.v));
	for (size_t i = 0; i < g.nrows; i++)
		for (size_t j = 0; j < g.ncols; j++) {
			double v = i == j ? -1 : braid_cooccur_jaccard(&m, keep[i], keep[j]);

			g.v[i * g.ncols + j] = v;
			max = v > max ? v : max;
		}
	g.top = scale_top(max);
	for (size_t k = 0; k < g.nrows * g.ncols; k++)
		if (g.v[k] >= 0)
			g.v[k] /= g.top;
	g.numbered = 1;
	g.values = 1;
	g.scale = "Jaccard index (units with both / units with either)";
	if (!rc && g.nrows < 2)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "fewer than two %s with codings to pair",
				  codes ? "codes" : "themes");
	if (!rc) {
		strbuf_addf(&head, "Co-occurrence of %s (%s)", codes ? "codes" : "themes",
			    o->unit == BRAID_COOCCUR_SEGMENT ? "overlapping segments"
			    : o->unit == BRAID_COOCCUR_TURN  ? "same turn"
							     : "same document");
		*h = draw_grid(f, &g, head.buf, NULL);
	}
	strbuf_release(&head);
	grid_release(&g);
	free(keep);
	braid_cooccur_release(&m);
	return rc;
}

struct coverage {
	char **docs;
	size_t ndocs, alloc;
	size_t nitems;
	double *share; /* per document and item; -1: no participants' words */
	size_t cur;    /* the document the walk is at */
};

static int doc_name(sqlite3_stmt *s, void *ctx)
{
	struct coverage *c = ctx;

	ALLOC_GROW(c->docs, c->ndocs + 1, c->alloc);
	c->docs[c->ndocs++] = xstrdup(db_col_text(s, 0));
	return 0;
}

static int coverage_row(size_t item, const struct braid_doc_prevalence_row *r, void *ctx)
{
	struct coverage *c = ctx;

	/* the walk goes in name order, as the list: its document is the current one or after */
	while (c->cur < c->ndocs && strcmp(c->docs[c->cur], r->doc))
		c->cur++;
	if (c->cur < c->ndocs)
		c->share[c->cur * c->nitems + item] =
			r->words_total ? (double)r->words / (double)r->words_total : -1;
	return 0;
}

struct id_list {
	int64_t *ids;
	char **names;
	size_t n, alloc;
};

static int code_id(const struct braid_code_row *r, void *ctx)
{
	struct id_list *l = ctx;

	ALLOC_GROW(l->ids, l->n + 1, l->alloc);
	l->names = xrealloc(l->names, l->alloc * sizeof(*l->names));
	l->ids[l->n] = r->id;
	l->names[l->n++] = xstrdup(r->name);
	return 0;
}

static int theme_id(const struct braid_theme_row *r, void *ctx)
{
	struct braid_code_row c = { 0 };

	c.id = r->id;
	c.name = r->name;
	return code_id(&c, ctx);
}

/* Every document's participants' words: those of documents without segments too. */
static int doc_words(sqlite3_stmt *s, void *ctx)
{
	struct coverage *c = ctx;

	for (size_t d = 0; d < c->ndocs; d++)
		if (!strcmp(c->docs[d], db_col_text(s, 0)) && !sqlite3_column_int64(s, 1))
			for (size_t i = 0; i < c->nitems; i++)
				c->share[d * c->nitems + i] = -1;
	return 0;
}

static int coverage_fig(struct braid_store *st, const struct braid_figure_opts *o, int codes,
			struct fig *f, double *h, struct braid_err *err)
{
	struct braid_theme_filter tf = { 0, o->coder };
	struct id_list l = { 0 };
	struct coverage c = { 0 };
	struct grid g = { 0 };
	struct strbuf head = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	size_t *keep = NULL;
	double max = 0;
	int rc = codes ? braid_codes_each(st, BRAID_CODES_NOCOUNT, code_id, &l, err)
		       : braid_themes_each(st, &tf, theme_id, &l, err);

	if (!rc)
		rc = db_prepare(st, "SELECT name FROM documents ORDER BY name", &s, err);
	if (!rc)
		rc = db_each(st, s, doc_name, &c, "cannot read the documents", err);
	sqlite3_finalize(s);
	s = NULL;
	c.nitems = l.n;
	c.share = xcalloc(c.ndocs * l.n + 1, sizeof(*c.share));
	if (!rc)
		rc = db_prepare(st,
				"SELECT d.name, (SELECT count(*) FROM turns t JOIN speakers p"
				" ON p.id = t.speaker_id WHERE t.doc_id = d.id AND p.role = 'participant'"
				" AND t.words > 0) FROM documents d",
				&s, err);
	if (!rc)
		rc = db_each(st, s, doc_words, &c, "cannot count the documents' words", err);
	sqlite3_finalize(s);
	if (!rc)
		rc = braid_themes_docs_each(st, codes, l.ids, l.n, o->coder, coverage_row, &c, err);
	/* rows: the items with coded words somewhere */
	keep = xcalloc(l.n + 1, sizeof(*keep));
	g.rows = xcalloc(l.n + 1, sizeof(*g.rows));
	for (size_t i = 0; i < l.n; i++) {
		int any = 0;

		for (size_t d = 0; d < c.ndocs; d++)
			any |= c.share[d * l.n + i] > 0;
		if (any || !codes) {
			keep[g.nrows] = i;
			g.rows[g.nrows++] = l.names[i];
		}
	}
	g.ncols = c.ndocs;
	g.cols = c.docs;
	g.v = xcalloc(g.nrows * g.ncols + 1, sizeof(*g.v));
	for (size_t i = 0; i < g.nrows; i++)
		for (size_t d = 0; d < c.ndocs; d++) {
			double v = c.share[d * l.n + keep[i]];

			g.v[i * g.ncols + d] = v;
			max = v > max ? v : max;
		}
	g.top = scale_top(max);
	for (size_t k = 0; k < g.nrows * g.ncols; k++)
		if (g.v[k] >= 0)
			g.v[k] /= g.top;
	g.percent = 1;
	g.scale = "share of the document's participant words coded";
	g.grey = "no participants' words";
	if (!rc && !g.nrows)
		rc = braid_errorf(err, BRAID_ENOTFOUND,
				  codes ? "no code has coded words" : "no themes in play");
	if (!rc) {
		strbuf_addf(&head, "Coverage of each %s, by document", codes ? "code" : "theme");
		*h = draw_grid(f, &g, head.buf, NULL);
	}
	g.cols = NULL;
	strbuf_release(&head);
	grid_release(&g);
	free(keep);
	for (size_t i = 0; i < l.n; i++)
		free(l.names[i]);
	free(l.names);
	free(l.ids);
	for (size_t d = 0; d < c.ndocs; d++)
		free(c.docs[d]);
	free(c.docs);
	free(c.share);
	return rc;
}

/* ---- output ---- */

static cairo_status_t write_out(void *ctx, const unsigned char *data, unsigned int len)
{
	strbuf_add(ctx, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The pango context of a drawing: unhinted, glyphs placed at fractions of a point. */
static void fig_begin(struct fig *f, cairo_t *cr, cairo_font_options_t *fo)
{
	f->cr = cr;
	f->pc = pango_cairo_create_context(cr);
	pango_cairo_context_set_font_options(f->pc, fo);
	/* a point is the unit: glyphs rounded to whole points would space 7-pt text unevenly */
	pango_context_set_round_glyph_positions(f->pc, FALSE);
}

static int draw_kind(struct braid_store *st, const struct braid_figure_opts *o, int codes,
		     struct fig *f, double *h, struct braid_err *err)
{
	switch (o->kind) {
	case BRAID_FIGURE_PREVALENCE:
		return prevalence(st, o, codes, f, h, err);
	case BRAID_FIGURE_COOCCUR:
		return cooccur_fig(st, o, codes, f, h, err);
	default:
		return coverage_fig(st, o, codes, f, h, err);
	}
}

static int map_fig(struct braid_store *st, const struct braid_figure_opts *o, struct strbuf *out,
		   struct braid_err *err)
{
	static const enum braid_map_format as[] = {
		[BRAID_FIGURE_SVG] = BRAID_MAP_SVG,
		[BRAID_FIGURE_PDF] = BRAID_MAP_PDF,
		[BRAID_FIGURE_PNG] = BRAID_MAP_PNG,
	};
	struct braid_map_opts mo = { o->coder, 0, 0 };

	return braid_map(st, &mo, as[o->format], out, err);
}

/*
 * Draws twice: once onto a recording surface, which measures the figure's
 * height, then onto a surface of that size in the format. Painting the
 * recording itself onto the PDF surface would be one pass, but cairo 1.16's
 * PDF backend then keeps the recording alive (a leak of the whole drawing).
 */
int braid_figure(struct braid_store *st, const struct braid_figure_opts *o, struct strbuf *out,
		 struct braid_err *err)
{
	int codes = o->items == BRAID_FIGURE_ITEMS_CODES ||
		    (o->items == BRAID_FIGURE_ITEMS_DEFAULT && o->kind == BRAID_FIGURE_COVERAGE);
	double scale = o->format == BRAID_FIGURE_PNG ? PNG_DPI / PT_PER_IN : 1;
	cairo_surface_t *rec, *s;
	cairo_font_options_t *fo;
	struct fig f = { NULL, NULL, COLUMN };
	cairo_status_t status;
	double h = 0, w;
	int rc;

	if (o->kind == BRAID_FIGURE_MAP)
		return map_fig(st, o, out, err);
	/* unhinted: a label measures the same at every scale and in every format */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
	fig_begin(&f, cairo_create(rec), fo);
	rc = draw_kind(st, o, codes, &f, &h, err);
	g_object_unref(f.pc);
	cairo_destroy(f.cr);
	cairo_surface_destroy(rec);
	if (rc) {
		cairo_font_options_destroy(fo);
		return rc;
	}
	w = f.w;
	if (o->format == BRAID_FIGURE_SVG) {
		s = cairo_svg_surface_create_for_stream(write_out, out, w, h);
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	} else if (o->format == BRAID_FIGURE_PDF) {
		s = cairo_pdf_surface_create_for_stream(write_out, out, w, h);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "braid");
	} else {
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(w * scale),
					       (int)ceil(h * scale));
	}
	f.w = COLUMN;
	{
		cairo_t *cr = cairo_create(s);

		cairo_set_font_options(cr, fo);
		cairo_scale(cr, scale, scale);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		/* the context after the scale: pango lays text out for the surface's matrix */
		fig_begin(&f, cr, fo);
	}
	rc = draw_kind(st, o, codes, &f, &h, err);
	g_object_unref(f.pc);
	cairo_destroy(f.cr);
	if (!rc && o->format == BRAID_FIGURE_PNG)
		cairo_surface_write_to_png_stream(s, write_out, out);
	cairo_surface_finish(s);
	status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	cairo_font_options_destroy(fo);
	if (!rc && status != CAIRO_STATUS_SUCCESS)
		rc = braid_errorf(err, BRAID_EIO, "cannot draw the figure: %s",
				  cairo_status_to_string(status));
	return rc;
}
