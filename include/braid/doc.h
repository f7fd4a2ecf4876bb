/*
 * doc.h - the one writer of documents for people: Markdown, HTML and
 * LaTeX. The report (report.h), the listings' md, html and tex formats
 * (table.h) and agreement tables for papers (reliability.h) all write
 * through it, so each format is escaped in one place.
 *
 * A writer (struct braid_doc) appends to a strbuf: headings, paragraphs,
 * labelled paragraphs, tables, lists and quotations, each written once per
 * format, so that a caller never writes markup itself and its formats hold
 * the same content. Text handed to the writer is escaped for the format:
 *  - md: \ ` * _ [ ] < > | # get a backslash before them (CommonMark
 *    reads any escaped punctuation as itself), so that nothing in a table
 *    cell is read as its border, emphasis, a link or HTML;
 *  - html: & < > " as entities;
 *  - tex: & % $ # _ { } get a backslash, \ ~ ^ are \textbackslash{},
 *    \textasciitilde{}, \textasciicircum{}, and | < > (which the OT1 fonts
 *    of a plain pdflatex document lack) \textbar{}, \textless{},
 *    \textgreater{}.
 * A line break is a space, except in a quotation, which keeps its lines.
 *
 * Tables: LaTeX's are longtables (a table of every case may run over a
 * page) with booktabs rules, their header repeated on each page; they need
 * \usepackage{longtable,booktabs,array}. HTML's may be sortable: a click on
 * a header sorts the rows by that column (braid_doc_end writes the small
 * script that does it; nothing is fetched).
 *
 * braid_doc_begin and braid_doc_end make a standalone document around what
 * is written between them: in HTML one self-contained file with its style
 * sheet, in LaTeX an article with its preamble; in Markdown a title.
 */
#ifndef BRAID_DOC_H
#define BRAID_DOC_H

#include <stddef.h>

#include "braid/strbuf.h"

/* The order of BRAID_VOCAB_REPORT_FORMAT (vocab.h). */
enum braid_doc_format { BRAID_DOC_MD, BRAID_DOC_HTML, BRAID_DOC_TEX };

struct braid_doc {
	enum braid_doc_format f;
	struct strbuf *sb; /* where it writes */
	int sortable;      /* html: tables are sortable by their columns (set by the caller) */
	size_t ncols;      /* of the open table */
	int small;         /* tex: the open table is set small (it has wrapped columns) */
	int sorted;        /* html: a sortable table was written: braid_doc_end adds the script */
};

void braid_doc_init(struct braid_doc *d, enum braid_doc_format f, struct strbuf *sb);

/* Appends len bytes of text at s, escaped; line breaks are spaces unless keep_lines. */
void braid_doc_esc(struct braid_doc *d, const char *s, size_t len, int keep_lines);
/* A string, escaped, line breaks as spaces. */
void braid_doc_text(struct braid_doc *d, const char *s);

/* Level 1 is a section (## in Markdown, <h2>, \section*): the title is above it. */
void braid_doc_heading(struct braid_doc *d, int level, const char *s);
void braid_doc_para(struct braid_doc *d, const char *s);
/* A paragraph led by a bold label: "Definition. ..." */
void braid_doc_field(struct braid_doc *d, const char *label, const char *s);

/*
 * A table of n columns under heads. align: a letter per column, l (left),
 * r (right) or w (left, text that may run long: wrapped in LaTeX, where a
 * table is otherwise as wide as its longest cell). caption (NULL: none):
 * a bold line above the table in Markdown, its <caption> in HTML, its
 * \caption in LaTeX.
 */
void braid_doc_table_begin(struct braid_doc *d, size_t n, const char *const *heads,
			   const char *align, const char *caption);
/* One row: the table's n cells. */
void braid_doc_table_row(struct braid_doc *d, const char *const *cells, const char *align);
void braid_doc_table_end(struct braid_doc *d);

void braid_doc_list_begin(struct braid_doc *d);
void braid_doc_item(struct braid_doc *d, const char *s);
void braid_doc_list_end(struct braid_doc *d);

/* A quotation (its line breaks kept), who said it, where (by), and a note (NULL: none). */
void braid_doc_quote(struct braid_doc *d, const char *s, size_t len, const char *by,
		     const char *note);

/* The document's head: title, and a subtitle under it (NULL: none). */
void braid_doc_begin(struct braid_doc *d, const char *title, const char *subtitle);
/* Its end: HTML's sorting script when a table needs it, and the closing tags; LaTeX's \end{document}. */
void braid_doc_end(struct braid_doc *d);

#endif
