/*
 * table.c - rendering listings as an aligned table, JSON, CSV, TSV, and
 * Markdown, HTML and LaTeX documents, and Excel sheets (xlsx.c; see
 * include/braid/table.h).
 *
 * The table keeps its first rows as text in one strbuf, the cells
 * NUL-separated with an offset each, so that keeping 500 rows costs two
 * allocations that grow, not one per cell; it measures them as they come.
 * The documents need no widths: the document writer (doc.h) writes each
 * row into a strbuf that is written out and emptied row by row.
 */
#include <csv.h>
#include <inttypes.h>
#include <stdlib.h>

#include "braid/alloc.h"
#include "braid/doc.h"
#include "braid/table.h"
#include "braid/text.h"
#include "xlsx.h"

size_t braid_listing_table_cols(const struct braid_listing *l, size_t *idx)
{
	size_t n = 0;

	if (l->table) {
		for (size_t i = 0; i < l->ntable; i++)
			idx[n++] = l->table[i];
		return n;
	}
	for (size_t i = 0; i < l->ncols; i++)
		if (!(l->cols[i].flags & BRAID_COL_DATA))
			idx[n++] = i;
	return n;
}

int braid_column_is_data(const struct braid_column *c)
{
	return !(c->flags & BRAID_COL_TABLE);
}

void braid_cell_text(const struct braid_column *c, const struct braid_value *v, struct strbuf *out)
{
	switch (v->type) {
	case BRAID_VAL_NULL:
		strbuf_addch(out, '-');
		break;
	case BRAID_VAL_STR:
	case BRAID_VAL_JSON:
		if (c->width || (c->flags & BRAID_COL_ONELINE))
			braid_text_oneline(v->s, v->len, c->width ? c->width : (size_t)-1, out);
		else
			strbuf_add(out, v->s, v->len);
		break;
	case BRAID_VAL_INT:
		strbuf_addf(out, "%s%" PRId64, (c->flags & BRAID_COL_HASH) ? "#" : "", v->i);
		break;
	case BRAID_VAL_REAL:
		if (c->flags & BRAID_COL_SHARE) {
			braid_real_fixed_text(100 * v->r, 1, out);
			strbuf_addch(out, '%');
		} else {
			braid_json_real_text(v->r, out);
		}
		break;
	case BRAID_VAL_BOOL:
		strbuf_addstr(out, v->i ? "yes" : "no");
		break;
	}
}

static void json_value(struct braid_json *j, const struct braid_value *v)
{
	switch (v->type) {
	case BRAID_VAL_NULL: braid_json_null(j); break;
	case BRAID_VAL_STR: braid_json_strn(j, v->s, v->len); break;
	case BRAID_VAL_INT: braid_json_int(j, v->i); break;
	case BRAID_VAL_REAL: braid_json_real(j, v->r); break;
	case BRAID_VAL_BOOL: braid_json_bool(j, (int)v->i); break;
	case BRAID_VAL_JSON: braid_json_rawn(j, v->s, v->len); break;
	}
}

void braid_listing_json_fields(const struct braid_listing *l, const struct braid_value *v,
			       struct braid_json *j)
{
	for (size_t i = 0; i < l->ncols; i++) {
		if (!braid_column_is_data(&l->cols[i]))
			continue;
		braid_json_key(j, l->cols[i].key);
		json_value(j, &v[i]);
	}
}

void braid_listing_json_row(const struct braid_listing *l, const struct braid_value *v,
			    struct braid_json *j)
{
	braid_json_begin_object(j);
	braid_listing_json_fields(l, v, j);
	braid_json_end_object(j);
}

/* ---- rows ---- */

void braid_row_init(struct braid_row *r, const struct braid_listing *l)
{
	r->n = l->ncols;
	r->v = xcalloc(r->n ? r->n : 1, sizeof(*r->v));
	for (size_t i = 0; i < sizeof(r->text) / sizeof(r->text[0]); i++)
		strbuf_init(&r->text[i], 0);
	strbuf_init(&r->state, 0);
}

void braid_row_release(struct braid_row *r)
{
	free(r->v);
	r->v = NULL;
	r->n = 0;
	for (size_t i = 0; i < sizeof(r->text) / sizeof(r->text[0]); i++)
		strbuf_release(&r->text[i]);
	strbuf_release(&r->state);
}

/* ---- the renderer ---- */

struct braid_out {
	const struct braid_listing *l;
	enum braid_out_format fmt;
	FILE *f;
	struct braid_out_opts opts;
	struct braid_json j;
	/* table */
	size_t *cols, ncols;  /* the table's columns */
	size_t *width;        /* per table column, in terminal columns */
	struct strbuf kept;   /* the kept rows' cells, each NUL-terminated */
	size_t *off, nkept;   /* off[row * ncols + k]: where cell k of a kept row starts */
	size_t off_alloc;
	int streaming;        /* the kept rows are out: widths are fixed */
	struct strbuf cell, line; /* a streamed row's cells (NUL-separated); the line */
	size_t *at;           /* where each of them starts in cell */
	const char **cells;   /* the cells of the line being written */
	struct strbuf notes;  /* braid_out_note's, each NUL-terminated */
	size_t nnotes;
	/* md, html, tex (and the table's columns, cells and at above) */
	struct braid_doc doc;
	struct strbuf docbuf; /* what the writer wrote and f has not had yet */
	int nl;               /* the last byte f had from it was a line feed */
	char *align;          /* l, r or w per table column (braid_doc_table_begin) */
	struct braid_xlsx *x; /* xlsx */
};

static void csv_field(struct braid_out *o, const struct braid_value *v)
{
	struct strbuf num = STRBUF_INIT;

	switch (v->type) {
	case BRAID_VAL_NULL:
		break;
	case BRAID_VAL_STR:
	case BRAID_VAL_JSON:
		if (!v->len || memchr(v->s, ',', v->len) || memchr(v->s, '"', v->len) ||
		    memchr(v->s, '\n', v->len) || memchr(v->s, '\r', v->len))
			csv_fwrite(o->f, v->s, v->len); /* quoted, quotes doubled */
		else
			fwrite(v->s, 1, v->len, o->f);
		break;
	case BRAID_VAL_INT:
		fprintf(o->f, "%" PRId64, v->i);
		break;
	case BRAID_VAL_REAL:
		braid_json_real_text(v->r, &num);
		fputs(num.buf, o->f);
		break;
	case BRAID_VAL_BOOL:
		fputs(v->i ? "true" : "false", o->f);
		break;
	}
	strbuf_release(&num);
}

static void tsv_field(struct braid_out *o, const struct braid_value *v)
{
	size_t run = 0;

	if (v->type != BRAID_VAL_STR && v->type != BRAID_VAL_JSON) {
		csv_field(o, v); /* numbers, booleans and null are written alike */
		return;
	}
	for (size_t i = 0; i < v->len; i++) {
		const char *esc = v->s[i] == '\\' ? "\\\\" : v->s[i] == '\t' ? "\\t"
			: v->s[i] == '\n' ? "\\n" : v->s[i] == '\r' ? "\\r" : NULL;

		if (!esc)
			continue;
		fwrite(v->s + run, 1, i - run, o->f);
		fputs(esc, o->f);
		run = i + 1;
	}
	fwrite(v->s + run, 1, v->len - run, o->f);
}

/* The header line of CSV and TSV: the keys (which need no quoting). */
static void key_line(struct braid_out *o, int sep, const char *eol)
{
	int first = 1;

	for (size_t i = 0; i < o->l->ncols; i++) {
		if (!braid_column_is_data(&o->l->cols[i]))
			continue;
		if (!first)
			fputc(sep, o->f);
		first = 0;
		fputs(o->l->cols[i].key, o->f);
	}
	fputs(eol, o->f);
}

static void data_line(struct braid_out *o, const struct braid_value *v)
{
	int first = 1, csv = o->fmt == BRAID_OUT_CSV;

	for (size_t i = 0; i < o->l->ncols; i++) {
		if (!braid_column_is_data(&o->l->cols[i]))
			continue;
		if (!first)
			fputc(csv ? ',' : '\t', o->f);
		first = 0;
		if (csv)
			csv_field(o, &v[i]);
		else
			tsv_field(o, &v[i]);
	}
	fputs(csv ? "\r\n" : "\n", o->f);
}

/* Writes one table line, o->cells, padded to the widths. */
static void table_line(struct braid_out *o)
{
	const char *const *cells = o->cells;
	struct strbuf *line = &o->line;

	strbuf_reset(line);
	for (int i = 0; i < o->opts.indent; i++)
		strbuf_addch(line, ' ');
	for (size_t k = 0; k < o->ncols; k++) {
		const struct braid_column *c = &o->l->cols[o->cols[k]];
		size_t w = braid_text_width(cells[k], strlen(cells[k]));
		size_t pad = o->width[k] > w ? o->width[k] - w : 0;
		int right = (c->flags & BRAID_COL_RIGHT) != 0;

		if (k)
			strbuf_addstr(line, "  ");
		if (right)
			for (size_t p = 0; p < pad; p++)
				strbuf_addch(line, ' ');
		strbuf_addstr(line, cells[k]);
		if (!right && k + 1 < o->ncols)
			for (size_t p = 0; p < pad; p++)
				strbuf_addch(line, ' ');
	}
	strbuf_addch(line, '\n');
	fwrite(line->buf, 1, line->len, o->f);
}

/* Prints the header and the kept rows, and from now on rows as they come. */
static void table_flush(struct braid_out *o)
{
	if (!(o->l->flags & BRAID_LISTING_NO_HEADER)) {
		for (size_t k = 0; k < o->ncols; k++)
			o->cells[k] = o->l->cols[o->cols[k]].header;
		table_line(o);
	}
	for (size_t r = 0; r < o->nkept; r++) {
		for (size_t k = 0; k < o->ncols; k++)
			o->cells[k] = o->kept.buf + o->off[r * o->ncols + k];
		table_line(o);
	}
	strbuf_release(&o->kept);
	free(o->off);
	o->off = NULL;
	o->off_alloc = o->nkept = 0;
	o->streaming = 1;
}

/*
 * The table's cells of row v, as the table shows them, into o->cells. The
 * documents (md, html, tex) have room for a whole text: a column the
 * terminal table cuts to a width is written whole there, on one line.
 */
static void row_cells(struct braid_out *o, const struct braid_value *v)
{
	int doc = o->fmt == BRAID_OUT_MD || o->fmt == BRAID_OUT_HTML || o->fmt == BRAID_OUT_TEX;

	strbuf_reset(&o->cell);
	for (size_t k = 0; k < o->ncols; k++) {
		struct braid_column c = o->l->cols[o->cols[k]];

		if (doc && c.width) {
			c.width = 0;
			c.flags |= BRAID_COL_ONELINE;
		}
		o->at[k] = o->cell.len;
		braid_cell_text(&c, &v[o->cols[k]], &o->cell);
		strbuf_addch(&o->cell, '\0');
	}
	for (size_t k = 0; k < o->ncols; k++)
		o->cells[k] = o->cell.buf + o->at[k];
}

static void table_row(struct braid_out *o, const struct braid_value *v)
{
	if (o->streaming) {
		row_cells(o, v);
		table_line(o);
		return;
	}
	ALLOC_GROW(o->off, (o->nkept + 1) * o->ncols, o->off_alloc);
	for (size_t k = 0; k < o->ncols; k++) {
		size_t start = o->kept.len, w;

		o->off[o->nkept * o->ncols + k] = start;
		braid_cell_text(&o->l->cols[o->cols[k]], &v[o->cols[k]], &o->kept);
		w = braid_text_width(o->kept.buf + start, o->kept.len - start);
		if (w > o->width[k])
			o->width[k] = w;
		strbuf_addch(&o->kept, '\0');
	}
	if (++o->nkept >= o->opts.buffer_rows)
		table_flush(o);
}

/* ---- documents ---- */

static int is_doc(enum braid_out_format fmt)
{
	return fmt == BRAID_OUT_MD || fmt == BRAID_OUT_HTML || fmt == BRAID_OUT_TEX;
}

/* Hands what the writer wrote to f. */
static void doc_flush(struct braid_out *o)
{
	if (o->docbuf.len)
		o->nl = o->docbuf.buf[o->docbuf.len - 1] == '\n';
	fwrite(o->docbuf.buf, 1, o->docbuf.len, o->f);
	strbuf_reset(&o->docbuf);
}

/*
 * The head: HTML's document and heading (the title, else the listing's
 * name), LaTeX's comment naming the packages; then the table's header,
 * under the title as a bold line (md) or the caption (tex).
 */
static void doc_head(struct braid_out *o)
{
	static const enum braid_doc_format form[] = {
		[BRAID_OUT_MD] = BRAID_DOC_MD, [BRAID_OUT_HTML] = BRAID_DOC_HTML,
		[BRAID_OUT_TEX] = BRAID_DOC_TEX,
	};
	const char **heads = xcalloc(o->ncols + 1, sizeof(*heads));
	const char *caption = o->opts.title;

	braid_doc_init(&o->doc, form[o->fmt], &o->docbuf);
	o->align = xcalloc(o->ncols + 1, 1);
	for (size_t k = 0; k < o->ncols; k++) {
		const struct braid_column *c = &o->l->cols[o->cols[k]];

		heads[k] = c->header;
		/* a column the table cuts to a width holds prose: LaTeX wraps it */
		o->align[k] = (c->flags & BRAID_COL_RIGHT) ? 'r' : c->width ? 'w' : 'l';
	}
	if (o->fmt == BRAID_OUT_HTML) {
		o->doc.sortable = 1;
		braid_doc_begin(&o->doc, caption ? caption : o->l->name, NULL);
		caption = NULL; /* the heading says it */
	} else if (o->fmt == BRAID_OUT_TEX) {
		strbuf_addstr(&o->docbuf, "% braid: a longtable; the document needs"
					  " \\usepackage{longtable,booktabs,array}\n");
	}
	braid_doc_table_begin(&o->doc, o->ncols, heads, o->align, caption);
	free(heads);
	doc_flush(o);
}

static void doc_row(struct braid_out *o, const struct braid_value *v)
{
	row_cells(o, v);
	braid_doc_table_row(&o->doc, o->cells, o->align);
	doc_flush(o);
}

/* The table's end, the notes as paragraphs (ok), the document's end. */
static void doc_end(struct braid_out *o, int ok)
{
	const char *p = o->notes.buf;
	size_t n;

	braid_doc_table_end(&o->doc);
	for (size_t i = 0; ok && i < o->nnotes; i++, p += strlen(p) + 1)
		braid_doc_para(&o->doc, p);
	if (o->fmt == BRAID_OUT_HTML) /* LaTeX's is a fragment, not a document */
		braid_doc_end(&o->doc);
	/* Markdown and LaTeX leave a blank line after a block: not at the end of the file */
	n = o->docbuf.len;
	if (n && o->docbuf.buf[n - 1] == '\n' && (n >= 2 ? o->docbuf.buf[n - 2] == '\n' : o->nl))
		strbuf_setlen(&o->docbuf, n - 1);
	doc_flush(o);
}

struct braid_out *braid_out_new(const struct braid_listing *l, enum braid_out_format fmt, FILE *f,
				const struct braid_out_opts *opts)
{
	struct braid_out *o = xcalloc(1, sizeof(*o));

	o->l = l;
	o->fmt = fmt;
	o->f = f;
	if (opts)
		o->opts = *opts;
	if (!o->opts.buffer_rows)
		o->opts.buffer_rows = BRAID_OUT_BUFFER_ROWS;
	strbuf_init(&o->kept, 0);
	strbuf_init(&o->cell, 0);
	strbuf_init(&o->line, 0);
	strbuf_init(&o->notes, 0);
	strbuf_init(&o->docbuf, 0);
	switch (fmt) {
	case BRAID_OUT_JSON:
		braid_json_init(&o->j, f);
		braid_json_begin_array(&o->j);
		break;
	case BRAID_OUT_CSV:
		key_line(o, ',', "\r\n");
		break;
	case BRAID_OUT_TSV:
		key_line(o, '\t', "\n");
		break;
	case BRAID_OUT_XLSX:
		o->x = braid_xlsx_new(l);
		break;
	default:
		o->cols = xcalloc(l->ncols + 1, sizeof(*o->cols));
		o->ncols = braid_listing_table_cols(l, o->cols);
		o->width = xcalloc(o->ncols + 1, sizeof(*o->width));
		o->at = xcalloc(o->ncols + 1, sizeof(*o->at));
		o->cells = xcalloc(o->ncols + 1, sizeof(*o->cells));
		if (is_doc(fmt))
			doc_head(o);
		else if (!(l->flags & BRAID_LISTING_NO_HEADER))
			for (size_t k = 0; k < o->ncols; k++)
				o->width[k] = braid_text_width(l->cols[o->cols[k]].header,
							       strlen(l->cols[o->cols[k]].header));
		break;
	}
	return o;
}

void braid_out_row(struct braid_out *o, const struct braid_value *v)
{
	switch (o->fmt) {
	case BRAID_OUT_JSON: braid_listing_json_row(o->l, v, &o->j); break;
	case BRAID_OUT_CSV:
	case BRAID_OUT_TSV: data_line(o, v); break;
	case BRAID_OUT_MD:
	case BRAID_OUT_HTML:
	case BRAID_OUT_TEX: doc_row(o, v); break;
	case BRAID_OUT_XLSX: braid_xlsx_row(o->x, v); break;
	default: table_row(o, v); break;
	}
}

void braid_out_note(struct braid_out *o, const char *text)
{
	strbuf_addstr(&o->notes, text);
	strbuf_addch(&o->notes, '\0');
	o->nnotes++;
}

/* The notes, one line each, after the rows. */
static void table_notes(struct braid_out *o)
{
	const char *p = o->notes.buf;

	for (size_t i = 0; i < o->nnotes; i++, p += strlen(p) + 1)
		fprintf(o->f, "%*s%s\n", o->opts.indent, "", p);
}

int braid_out_end(struct braid_out *o, int ok, struct braid_err *err)
{
	int rc;

	if (o->fmt == BRAID_OUT_XLSX && (rc = braid_xlsx_end(o->x, ok, o->f, err)))
		return rc;
	if (o->fmt == BRAID_OUT_JSON)
		braid_json_end_array(&o->j);
	else if (is_doc(o->fmt))
		doc_end(o, ok);
	else if (o->fmt == BRAID_OUT_TABLE && !o->streaming && ok)
		table_flush(o);
	if (o->fmt == BRAID_OUT_TABLE && ok && o->nnotes) {
		if (o->nkept || o->streaming)
			fputc('\n', o->f);
		table_notes(o);
	}
	if (fflush(o->f) != 0 || ferror(o->f))
		return braid_errorf(err, BRAID_EIO, "cannot write the output");
	return 0;
}

void braid_out_free(struct braid_out *o)
{
	if (!o)
		return;
	free(o->cols);
	free(o->width);
	free(o->at);
	free(o->cells);
	free(o->off);
	strbuf_release(&o->kept);
	strbuf_release(&o->cell);
	strbuf_release(&o->line);
	strbuf_release(&o->notes);
	strbuf_release(&o->docbuf);
	free(o->align);
	braid_xlsx_free(o->x);
	free(o);
}
