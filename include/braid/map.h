/*
 * map.h - the thematic map: themes, sub-themes and their codes as a graph,
 * laid out and drawn by Graphviz's own library (libgvc, libcgraph).
 *
 * Nodes: a box per theme in play (discarded and merged themes are left
 * out), its area growing with the theme's prevalence (its share of the
 * coded segments of the most prevalent theme: themes.h), labelled with its
 * name and how many cases (else documents) it is found in; a small box per
 * code that a theme holds (a code in two themes is one node with two
 * edges). Edges: theme to sub-theme, theme to code, and with `cooccur` a
 * dashed line between two themes sharing at least that many segments.
 *
 * The drawing runs left to right (themes, then sub-themes, then codes)
 * with labels wrapped short, so that it stays readable printed at a
 * paper's text width: docs/workflow.md gives the sizes.
 */
#ifndef BRAID_MAP_H
#define BRAID_MAP_H

#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

enum braid_map_format {
	BRAID_MAP_DOT, /* the graph in DOT, before layout (stable: what tests compare) */
	BRAID_MAP_SVG, /* laid out, as SVG text */
	BRAID_MAP_PDF, /* laid out, as PDF (Graphviz's cairo renderer) */
	BRAID_MAP_PNG, /* laid out, as PNG at 192 dpi (cairo), for slides and documents */
};

struct braid_map_opts {
	const char *coder; /* prevalence from this coder's accepted codings (NULL: every coder's) */
	int64_t cooccur;   /* > 0: join themes sharing at least this many segments */
	int no_codes;      /* themes and sub-themes only */
};

/* Draws the map into out (bytes: PDF is binary). A project with no theme in play is BRAID_ENOTFOUND. */
int braid_map(struct braid_store *st, const struct braid_map_opts *o, enum braid_map_format f,
	      struct strbuf *out, struct braid_err *err);

#endif
