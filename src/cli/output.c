/* output.c - JSON writer, aligned tables, progress line (see cli.h). */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "braid/alloc.h"
#include "braid/progress.h"
#include "braid/text.h"
#include "cli.h"

/* ---- JSON ---- */

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
}

static void json_sep(struct json *j)
{
	if (j->depth >= 0 && !j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
}

static void json_open(struct json *j, int ch)
{
	json_sep(j);
	fputc(ch, j->f);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

static void json_close(struct json *j, int ch)
{
	if (j->depth > 0)
		j->depth--;
	fputc(ch, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void json_begin_array(struct json *j) { json_open(j, '['); }
void json_end_array(struct json *j) { json_close(j, ']'); }
void json_begin_object(struct json *j) { json_open(j, '{'); }
void json_end_object(struct json *j) { json_close(j, '}'); }

static void json_escaped(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		switch (ch) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (ch < 0x20)
				fprintf(f, "\\u%04x", ch);
			else
				fputc(ch, f);
		}
	}
	fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
	json_sep(j);
	json_escaped(j->f, key, strlen(key));
	fputc(':', j->f);
	j->first[j->depth] = 1; /* the value that follows needs no comma */
}

void json_strn(struct json *j, const char *s, size_t len)
{
	json_sep(j);
	json_escaped(j->f, s, len);
}

void json_str(struct json *j, const char *s)
{
	if (!s)
		json_null(j);
	else
		json_strn(j, s, strlen(s));
}

void json_int(struct json *j, long long v)
{
	json_sep(j);
	fprintf(j->f, "%lld", v);
}

void json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->f);
}

void json_bool(struct json *j, int v)
{
	json_sep(j);
	fputs(v ? "true" : "false", j->f);
}

void json_raw(struct json *j, const char *text)
{
	json_sep(j);
	fputs(text ? text : "null", j->f);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

/* ---- tables ---- */

size_t cli_width(const char *s)
{
	size_t w = 0, len = strlen(s), i = 0;

	while (i < len) {
		int32_t cp;
		int cw;

		i += braid_utf8_next(s + i, len - i, &cp);
		cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

void table_init(struct table *t, size_t ncols, unsigned right_mask, const char *const *header)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->right_mask = right_mask;
	if (header)
		table_add(t, header);
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
	size_t *w = xcalloc(t->ncols, sizeof(size_t));

	for (size_t r = 0; r < t->nr; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			size_t cw = cli_width(t->cell[r * t->ncols + c]);

			if (cw > w[c])
				w[c] = cw;
		}
	for (size_t r = 0; r < t->nr; r++) {
		fprintf(f, "%*s", indent, "");
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cell[r * t->ncols + c];
			size_t pad = w[c] - cli_width(cell);
			int right = c < 32 && ((t->right_mask >> c) & 1);

			if (c)
				fputs("  ", f);
			if (right)
				fprintf(f, "%*s", (int)pad, "");
			fputs(cell, f);
			if (!right && c + 1 < t->ncols)
				fprintf(f, "%*s", (int)pad, "");
		}
		fputc('\n', f);
	}
	free(w);
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
		json_init(&l->j, f);
		json_begin_array(&l->j);
	} else {
		table_init(&l->t, ncols, right_mask, header);
	}
}

void listing_end(struct listing *l, int ok)
{
	if (l->json) {
		json_end_array(&l->j);
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
