/*
 * xlsx.c - a listing as one Excel sheet (see xlsx.h).
 *
 * The sheet carries the data columns, as JSON and CSV do (every figure
 * whole, no cell composed for reading), under a header row of the keys, so
 * a script reads the same names from the CSV and from the sheet. Integers
 * and reals are numbers, a BRAID_COL_SHARE column a number formatted as a
 * percentage, booleans Excel's booleans, text shared strings, null an
 * empty cell. The header is bold on a fill, frozen, with a filter; each
 * column is as wide as its widest cell, up to a cap, measured as rows come.
 *
 * Not constant_memory mode: it writes text inline rather than as shared
 * strings and cannot size columns after the rows; the workbook is in
 * memory until it is closed (about what the sheet's XML takes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "braid/alloc.h"
#include "braid/text.h"
#include "xlsx.h"

/* Excel's limits: a cell holds at most 32,767 characters. */
#define XLSX_CELL_MAX 32767
/* the widest a column is made, in character widths, whatever its cells */
#define XLSX_WIDTH_MAX 60

struct braid_xlsx {
	const struct braid_listing *l;
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *share;
	size_t *width;        /* per data column */
	lxw_row_t row;        /* the next row */
	struct strbuf text;   /* a string cell, NUL-terminated */
	struct strbuf failed; /* the first error, reported at the end */
};

/* A sheet's name: at most 31 characters, none of []:*?/\ (Excel refuses them). */
static void sheet_name(const char *name, struct strbuf *out)
{
	size_t n = 0;

	for (const char *p = name; *p && n < LXW_SHEETNAME_MAX; p++) {
		if ((*p & 0xc0) == 0x80) { /* a continuation byte: the character is counted */
			strbuf_addch(out, *p);
			continue;
		}
		if (strchr("[]:*?/\\", *p))
			strbuf_addch(out, '_');
		else
			strbuf_addch(out, *p);
		n++;
	}
	/* the cut may have left a character's lead byte without its continuation */
	while (out->len && (out->buf[out->len - 1] & 0xc0) == 0xc0)
		strbuf_setlen(out, out->len - 1);
	if (!out->len || out->buf[0] == '\'')
		strbuf_addstr(out, "sheet"); /* nor may it be empty or start with an apostrophe */
}

static void fail(struct braid_xlsx *x, const char *what, lxw_error e)
{
	if (!x->failed.len)
		strbuf_addf(&x->failed, "%s: %s", what, lxw_strerror(e));
}

static void measure(struct braid_xlsx *x, size_t k, const char *s, size_t len)
{
	size_t w = braid_text_width(s, len);

	if (w > x->width[k])
		x->width[k] = w;
}

struct braid_xlsx *braid_xlsx_new(const struct braid_listing *l)
{
	struct braid_xlsx *x = xcalloc(1, sizeof(*x));
	const char *dir = getenv("TMPDIR");
	struct strbuf name = STRBUF_INIT;
	size_t k = 0;
	int fd;

	x->l = l;
	strbuf_init(&x->text, 0);
	strbuf_init(&x->failed, 0);
	x->width = xcalloc(l->ncols + 1, sizeof(*x->width));
	snprintf(x->path, sizeof(x->path), "%.40s/braid-XXXXXX",
		 dir && *dir && strlen(dir) <= 40 ? dir : "/tmp");
	if ((fd = mkstemp(x->path)) < 0) {
		strbuf_addf(&x->failed, "cannot make a temporary file in '%s': %s",
			    dir && *dir ? dir : "/tmp", strerror(errno));
		x->path[0] = '\0';
		return x;
	}
	close(fd);
	if (!(x->wb = workbook_new(x->path))) {
		strbuf_addstr(&x->failed, "cannot start the workbook");
		return x;
	}
	sheet_name(l->name, &name);
	x->ws = workbook_add_worksheet(x->wb, name.buf);
	strbuf_release(&name);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_pattern(x->head, LXW_PATTERN_SOLID);
	format_set_bg_color(x->head, 0xDDE4EE);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	x->share = workbook_add_format(x->wb);
	format_set_num_format(x->share, "0.0%");
	for (size_t i = 0; i < l->ncols; i++) {
		if (!braid_column_is_data(&l->cols[i]))
			continue;
		worksheet_write_string(x->ws, 0, (lxw_col_t)k, l->cols[i].key, x->head);
		measure(x, k++, l->cols[i].key, strlen(l->cols[i].key));
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
	return x;
}

/* len bytes of text, cut to Excel's limit (at a character), into x->text. */
static const char *cell_text(struct braid_xlsx *x, const char *s, size_t len)
{
	size_t n = 0, i = 0;

	for (; i < len; i++)
		if ((s[i] & 0xc0) != 0x80 && n++ == XLSX_CELL_MAX)
			break;
	strbuf_reset(&x->text);
	strbuf_add(&x->text, s, i);
	return x->text.buf;
}

void braid_xlsx_row(struct braid_xlsx *x, const struct braid_value *v)
{
	struct strbuf num = STRBUF_INIT;
	lxw_error e = LXW_NO_ERROR;
	size_t k = 0;

	if (!x->ws || x->failed.len)
		return;
	if (x->row >= LXW_ROW_MAX) {
		strbuf_addf(&x->failed, "more rows than a sheet holds (%u)", LXW_ROW_MAX - 1);
		return;
	}
	for (size_t i = 0; i < x->l->ncols && !e; i++) {
		const struct braid_column *c = &x->l->cols[i];
		lxw_col_t col = (lxw_col_t)k;

		if (!braid_column_is_data(c))
			continue;
		strbuf_reset(&num);
		switch (v[i].type) {
		case BRAID_VAL_NULL:
			break;
		case BRAID_VAL_STR:
		case BRAID_VAL_JSON:
			e = worksheet_write_string(x->ws, x->row, col, cell_text(x, v[i].s, v[i].len),
						   NULL);
			measure(x, k, x->text.buf, x->text.len);
			break;
		case BRAID_VAL_INT:
			e = worksheet_write_number(x->ws, x->row, col, (double)v[i].i, NULL);
			strbuf_addf(&num, "%lld", (long long)v[i].i);
			break;
		case BRAID_VAL_REAL:
			if (c->flags & BRAID_COL_SHARE) {
				e = worksheet_write_number(x->ws, x->row, col, v[i].r, x->share);
				strbuf_addstr(&num, "100.0%");
			} else {
				e = worksheet_write_number(x->ws, x->row, col, v[i].r, NULL);
				braid_json_real_text(v[i].r, &num);
			}
			break;
		case BRAID_VAL_BOOL:
			e = worksheet_write_boolean(x->ws, x->row, col, (int)v[i].i, NULL);
			strbuf_addstr(&num, "FALSE");
			break;
		}
		if (num.len)
			measure(x, k, num.buf, num.len);
		k++;
	}
	if (e)
		fail(x, "cannot write a cell", e);
	x->row++;
	strbuf_release(&num);
}

/* Copies the closed workbook to f. */
static int copy_out(struct braid_xlsx *x, FILE *f, struct braid_err *err)
{
	FILE *in = fopen(x->path, "rb");
	char buf[65536];
	size_t n;
	int rc = 0;

	if (!in)
		return braid_errorf(err, BRAID_EIO, "cannot read the workbook back: %s",
				    strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, f) != n) {
			rc = braid_errorf(err, BRAID_EIO, "cannot write the output");
			break;
		}
	if (!rc && ferror(in))
		rc = braid_errorf(err, BRAID_EIO, "cannot read the workbook back");
	fclose(in);
	return rc;
}

int braid_xlsx_end(struct braid_xlsx *x, int ok, FILE *f, struct braid_err *err)
{
	lxw_error e;
	size_t ncols = 0;

	if (!x->wb)
		return ok ? braid_errorf(err, BRAID_EIO, "%s", x->failed.buf) : 0;
	for (size_t i = 0; i < x->l->ncols; i++)
		ncols += braid_column_is_data(&x->l->cols[i]);
	for (size_t k = 0; k < ncols; k++) {
		size_t w = x->width[k] + 2; /* room for the filter's button */

		worksheet_set_column(x->ws, (lxw_col_t)k, (lxw_col_t)k,
				     (double)(w > XLSX_WIDTH_MAX ? XLSX_WIDTH_MAX : w), NULL);
	}
	if (ncols)
		worksheet_autofilter(x->ws, 0, 0, x->row - 1, (lxw_col_t)(ncols - 1));
	e = workbook_close(x->wb);
	x->wb = NULL;
	if (!ok)
		return 0;
	if (x->failed.len)
		return braid_errorf(err, BRAID_EIO, "cannot write the sheet: %s", x->failed.buf);
	if (e)
		return braid_errorf(err, BRAID_EIO, "cannot write the workbook: %s", lxw_strerror(e));
	return copy_out(x, f, err);
}

void braid_xlsx_free(struct braid_xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		workbook_close(x->wb);
	if (x->path[0])
		unlink(x->path);
	free(x->width);
	strbuf_release(&x->text);
	strbuf_release(&x->failed);
	free(x);
}
