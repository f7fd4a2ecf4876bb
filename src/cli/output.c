/* output.c - aligned tables, progress line, listings (see cli.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


#include "braid/alloc.h"
#include "braid/file.h"
#include "braid/progress.h"
#include "braid/table.h"
#include "braid/text.h"
#include "braid/vocab.h"
#include "cli.h"

/* ---- tables ---- */

void table_init(struct table *t, size_t ncols, unsigned right_mask, const char *const *header)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->right_mask = right_mask;
	if (header)
		table_add(t, header);
	t->header = header != NULL;
}

void table_add(struct table *t, const char *const *cells)
{
	ALLOC_GROW(t->cell, (t->nr + 1) * t->ncols, t->alloc);
	for (size_t i = 0; i < t->ncols; i++)
		t->cell[t->nr * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "-");
	t->nr++;
}

void table_print(struct table *t, FILE *f, int indent)
{
	struct braid_column *cols = xcalloc(t->ncols + 1, sizeof(*cols));
	struct braid_value *v = xcalloc(t->ncols + 1, sizeof(*v));
	struct braid_listing l = { "table", cols, t->ncols, NULL, 0,
				   t->header ? 0 : BRAID_LISTING_NO_HEADER };
	struct braid_out_opts opts = { .buffer_rows = t->nr + 1, .indent = indent };
	struct braid_out *o;

	for (size_t c = 0; c < t->ncols; c++) {
		cols[c].header = t->header ? t->cell[c] : "";
		cols[c].key = t->header ? t->cell[c] : "";
		cols[c].type = BRAID_VAL_STR;
		cols[c].flags = c < 32 && ((t->right_mask >> c) & 1) ? BRAID_COL_RIGHT : 0;
	}
	o = braid_out_new(&l, BRAID_OUT_TABLE, f, &opts);
	for (size_t r = t->header ? 1 : 0; r < t->nr; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			v[c] = braid_val_str(t->cell[r * t->ncols + c]);
		braid_out_row(o, v);
	}
	braid_out_end(o, 1, NULL);
	braid_out_free(o);
	free(v);
	free(cols);
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nr * t->ncols; i++)
		free(t->cell[i]);
	free(t->cell);
	memset(t, 0, sizeof(*t));
}

void cli_shorten(const char *s, size_t len, size_t max, struct strbuf *out)
{
	braid_text_oneline(s, len, max, out);
}

/* ---- progress ---- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ctx: an int*, non-zero when quiet. Draws at most ~10 times a second. */
void cli_progress(const struct braid_progress *p, void *ctx)
{
	static double start, last;
	double t = now_s(), rate, left;
	int *quiet = ctx;

	if ((quiet && *quiet) || !isatty(2))
		return;
	if (p->items_done <= 1 && start == 0)
		start = t;
	if (!p->finished && t - last < 0.1)
		return;
	last = t;
	rate = t > start ? (double)p->bytes_done / (t - start) : 0;
	left = rate > 0 ? (double)(p->bytes_total - p->bytes_done) / rate : 0;
	fprintf(stderr, "\r%s: %llu/%llu %s, %.1f/%.1f MB, %.1f MB/s, %.0f s left   ", p->what,
		(unsigned long long)p->items_done, (unsigned long long)p->items_total,
		p->what && strcmp(p->what, "ingest") ? "documents" : "files",
		(double)p->bytes_done / 1e6, (double)p->bytes_total / 1e6, rate / 1e6, left);
	if (p->finished)
		fputc('\n', stderr);
}

/* ---- listings ---- */

int cli_format(struct cli *c, const struct cmd_entry *e, const struct cli_args *a,
	       const char *const *extra, int def)
{
	const char *name = cli_opt(a, e, "format");
	int json = cli_opt(a, e, "json") != NULL, fmt = -1, n = 0;
	struct strbuf list = STRBUF_INIT;

	if (!name)
		return json ? BRAID_OUT_JSON : def;
	for (; extra && extra[n]; n++)
		if (!strcmp(name, extra[n]))
			fmt = BRAID_OUT_FORMAT_N + n;
	if (fmt < 0)
		fmt = braid_vocab_parse(&braid_vocab_out_format, name);
	/* a workbook is binary: on a terminal it would only garble the screen */
	if (fmt == BRAID_OUT_XLSX && isatty(fileno(c->out))) {
		strbuf_addstr(&list, "xlsx is a binary file: write it to a file (--output FILE, "
				     "or > FILE)");
	} else if (fmt >= 0 && (!json || fmt == BRAID_OUT_JSON)) {
		return fmt;
	} else if (fmt >= 0) {
		strbuf_addf(&list, "--json is --format json: it cannot go with --format %s", name);
	} else {
		struct strbuf own = STRBUF_INIT, names = STRBUF_INIT;

		for (int i = 0; i < n; i++)
			strbuf_addf(&own, "%s, ", extra[i]);
		/* the own formats first, as they are tried first: a name they take is theirs */
		cli_vocab_list_except(&braid_vocab_out_format, own.buf, own.len, &names);
		strbuf_addf(&list, "unknown format '%s' (expected %s%s)", name, own.buf, names.buf);
		strbuf_release(&own);
		strbuf_release(&names);
	}
	if (c->sub)
		cli_sub_usage(c, "%s", list.buf);
	else
		cli_usage_error(e, "%s", list.buf);
	strbuf_release(&list);
	return -1;
}

void cli_listing_begin(struct cli *c, struct cli_listing *l, const struct braid_listing *desc,
		       enum braid_out_format fmt)
{
	cli_listing_begin_titled(c, l, desc, fmt, NULL);
}

void cli_listing_begin_titled(struct cli *c, struct cli_listing *l,
			      const struct braid_listing *desc, enum braid_out_format fmt,
			      const char *title)
{
	struct braid_out_opts o = { 0, 0, title };

	l->out = braid_out_new(desc, fmt, c->out, &o);
	braid_row_init(&l->row, desc);
}

void cli_listing_note(struct cli_listing *l, const char *text)
{
	braid_out_note(l->out, text);
}

void cli_listing_row(struct cli_listing *l)
{
	braid_out_row(l->out, l->row.v);
}

int cli_listing_end(struct cli *c, struct cli_listing *l, int rc)
{
	struct braid_err werr = BRAID_ERR_INIT;
	int wrc = braid_out_end(l->out, !rc, &werr);

	braid_out_free(l->out);
	braid_row_release(&l->row);
	if (rc)
		return cli_fail(c);
	if (wrc)
		return cli_error("%s", werr.msg);
	return EXIT_OK;
}

int cli_file_format(struct cli *c, const struct braid_vocab *v, const char *value,
		    const char *path, int dflt)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	int k;

	if (value)
		return (k = braid_vocab_parse(v, value)) >= 0 ? k : (cli_vocab_usage(c, v, value), -1);
	if (dot && !strchr(dot, '/') && dot[1]) {
		struct strbuf names = STRBUF_INIT;

		if ((k = braid_vocab_parse(v, dot + 1)) >= 0)
			return k;
		braid_vocab_list(v, &names);
		cli_usage_error(c->entry, "cannot tell the format from '%s': give --format (%s)",
				path, names.buf);
		strbuf_release(&names);
		return -1;
	}
	return dflt;
}

int cli_dest_begin(struct cli *c, const struct cmd_entry *e, const struct cli_args *a,
		   struct cli_dest *d)
{
	int def = BRAID_OUT_TABLE, fmt;

	memset(d, 0, sizeof(*d));
	d->out = c->out;
	d->path = cli_opt(a, e, "output");
	if (d->path && !cli_opt(a, e, "format") && !cli_opt(a, e, "json") &&
	    (def = cli_file_format(c, &braid_vocab_out_format, NULL, d->path, BRAID_OUT_TABLE)) < 0)
		return -1;
	if (d->path && !(c->out = open_memstream(&d->buf, &d->len))) {
		c->out = d->out;
		cli_error("cannot write the output: out of memory");
		return -1;
	}
	if ((fmt = cli_format(c, e, a, NULL, def)) < 0 && d->path) {
		fclose(c->out);
		free(d->buf);
		c->out = d->out;
	}
	return fmt;
}

int cli_dest_end(struct cli *c, struct cli_dest *d, int rc, const char *what)
{
	if (!d->path)
		return rc;
	fclose(c->out);
	c->out = d->out;
	if (rc == EXIT_OK) {
		if (braid_file_write(d->path, d->buf, d->len, &c->err))
			rc = cli_fail(c);
		else if (what)
			fprintf(c->out, "wrote %s: %s\n", d->path, what);
	}
	free(d->buf);
	return rc;
}
