/*
 * report.h - the analysis report of a Braun & Clarke thematic analysis, in
 * Markdown, HTML or LaTeX.
 *
 * Sections, in order (docs/workflow.md shows one): title and approach; a
 * generated methods paragraph (documents and words analysed, cases,
 * coders, the phases with their dates and any gate passed anyway with its
 * reason, codes and themes counted); the phase timeline; the coders; the
 * codebook (deductive and inductive codes, codes created per phase); each
 * defined theme (its sub-themes nested below it) with its definition and
 * scope, codes, a prevalence table across cases and its exemplar quotes
 * attributed to document, case and speaker; the thematic map; the
 * reflexive journal; references. Discarded and merged themes are left out
 * (counted in the methods paragraph); themes not yet defined are named in
 * one line.
 *
 * The map: HTML holds it inline (one self-contained file, nothing fetched);
 * Markdown and LaTeX refer to a file beside the report (opts.map_file, an
 * SVG for Markdown, a PDF for LaTeX's \includegraphics) that the caller
 * writes with braid_map.
 *
 * LaTeX: an article with only the packages of a standard distribution's
 * base and its recommended set (graphicx, array, longtable, booktabs for
 * the tables' rules, and inputenc/fontenc under pdflatex);
 * with xelatex or lualatex, fontspec (DejaVu Serif when installed), so text
 * in any script prints (pdflatex reads Latin-script text only).
 */
#ifndef BRAID_REPORT_H
#define BRAID_REPORT_H

#include "braid/doc.h"
#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

struct braid_report_opts {
	const char *coder;    /* prevalence from this coder's codings (NULL: every coder's) */
	const char *map_file; /* md, tex: the map's file, as the report names it (NULL: no map) */
	const char *date;     /* the date printed under the title (NULL: today, UTC) */
};

int braid_report(struct braid_store *st, const struct braid_report_opts *o,
		 enum braid_doc_format f, struct strbuf *out, struct braid_err *err);

#endif
