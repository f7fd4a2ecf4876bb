/* output.c - aligned tables, progress line, listings (see cli.h). */
#include <string.h>
#include <time.h>
#include <unistd.h>


#include "braid/alloc.h"
#include "braid/progress.h"
#include "braid/table.h"
#include "braid/text.h"
#include "cli.h"

/* ---- tables ---- */

size_t cli_width(const char *s)
{
	return braid_text_width(s, strlen(s));
}

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

void cli_format_ms(long long ms, char *buf, size_t size)
{
	const char *sign = ms < 0 ? "-" : "";
	long long a = ms < 0 ? -ms : ms, s = a / 1000;

	snprintf(buf, size, "%s%lld:%02lld:%02lld", sign, s / 3600, s / 60 % 60, s % 60);
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

void listing_begin(struct listing *l, FILE *f, int json, size_t ncols, unsigned right_mask,
		   const char *const *header)
{
	l->json = json;
	l->f = f;
	if (json) {
		braid_json_init(&l->j, f);
		braid_json_begin_array(&l->j);
	} else {
		table_init(&l->t, ncols, right_mask, header);
	}
}

void listing_end(struct listing *l, int ok)
{
	if (l->json) {
		braid_json_end_array(&l->j);
		return;
	}
	if (ok)
		table_print(&l->t, l->f, 0);
	table_release(&l->t);
}

const char *cli_int(char *buf, long long v)
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}
