/*
 * figure.h - figures for a paper, drawn with cairo (SVG, PDF and PNG
 * surfaces) and pango for the text, so that any script's labels (Cyrillic,
 * Uzbek) render, and a PDF drops into LaTeX as it is (docs/export.md).
 *
 * Kinds (BRAID_VOCAB_FIGURE_KIND):
 *  - prevalence: horizontal bars, one per theme (code), the cases it is
 *    found in (the matrix's cases: quantitize.h); with `by`, one bar per
 *    group of a binary, categorical or ordinal survey variable, each the
 *    share of the group's cases with the theme, and a legend (cases
 *    without a value left out, said in the subtitle);
 *  - cooccur: a heatmap of the Jaccard index of every pair (cooccur.h,
 *    `unit`), rows numbered, the columns by the same numbers, the value in
 *    the cell when the cell has room;
 *  - map: the thematic map, exactly as `braid map` draws it (map.h);
 *  - coverage: a heatmap of codes (themes) by documents, each cell the
 *    share of the document's participant words coded with it (prevalence's
 *    words: themes.h); documents without participants' words grey.
 * Codes figures leave out the codes with nothing to show (no case, no
 * unit, no coded word): parent codes that only group others, codes not
 * used yet.
 *
 * Sized for a paper: 3.3 in (a column) wide, text width (6.9 in) when a
 * heatmap has too many rows for a column; DejaVu Sans at 7 pt (titles 8
 * pt); long labels wrapped to two lines, then cut with an ellipsis; the
 * Okabe-Ito palette for groups and a single-hue blue scale for heatmaps
 * (both readable with colour blindness); PNG at 300 dpi.
 */
#ifndef BRAID_FIGURE_H
#define BRAID_FIGURE_H

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "braid/vocab.h"

enum braid_figure_items {
	BRAID_FIGURE_ITEMS_DEFAULT, /* the kind's: themes; codes for coverage */
	BRAID_FIGURE_ITEMS_CODES,
	BRAID_FIGURE_ITEMS_THEMES,
};

struct braid_figure_opts {
	enum braid_figure_kind kind;
	enum braid_figure_format format;
	enum braid_figure_items items;
	enum braid_cooccur_unit unit; /* cooccur */
	const char *by;		      /* prevalence: a survey variable (exact name), or NULL */
	const char *coder;	      /* that coder's accepted codings only; NULL: every coder's */
};

/*
 * Draws the figure into out (bytes: PDF and PNG are binary). Nothing to
 * draw (no theme in play, no code with codings) is BRAID_ENOTFOUND; `by`
 * not a survey variable is BRAID_ENOTFOUND, a numeric one BRAID_EINVAL.
 */
int braid_figure(struct braid_store *st, const struct braid_figure_opts *o, struct strbuf *out,
		 struct braid_err *err);

#endif
