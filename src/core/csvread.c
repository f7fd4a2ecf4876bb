/* csvread.c - CSV files into rows of fields, with lines and columns (see csvread.h). */
#include <errno.h>
#include <string.h>

#include <csv.h>

#include "braid/alloc.h"
#include "braid/csvread.h"
#include "braid/strbuf.h"
#include "braid/text.h"

struct reader {
	struct braid_csv *csv;
	size_t line; /* the line being fed */
	struct braid_csv_cell *field;
	size_t nfield, falloc, rec_line;
};

static void on_field(void *s, size_t len, void *data)
{
	struct reader *rd = data;
	struct braid_csv_cell *f;
	const char *p = s;

	if (!rd->nfield)
		rd->rec_line = rd->line;
	ALLOC_GROW(rd->field, rd->nfield + 1, rd->falloc);
	f = &rd->field[rd->nfield++];
	f->line = rd->line;
	f->col = rd->nfield;
	f->text = NULL;
	if (!p)
		return;
	while (len && (*p == ' ' || *p == '\t'))
		p++, len--;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len) {
		size_t n = 0;

		/* a quoted line break is LF, as braid's texts are, whatever the file used */
		f->text = xmalloc(len + 1);
		for (size_t i = 0; i < len; i++)
			if (!(p[i] == '\r' && i + 1 < len && p[i + 1] == '\n'))
				f->text[n++] = p[i];
		f->text[n] = 0;
	}
}

static void on_row(int c, void *data)
{
	struct reader *rd = data;
	struct braid_csv *csv = rd->csv;
	struct braid_csv_row *r;

	(void)c;
	ALLOC_GROW(csv->row, csv->nrow + 1, csv->alloc);
	r = &csv->row[csv->nrow++];
	r->cell = xmalloc((rd->nfield + 1) * sizeof(*r->cell));
	memcpy(r->cell, rd->field, rd->nfield * sizeof(*r->cell));
	r->n = rd->nfield;
	r->line = rd->rec_line;
	rd->nfield = 0;
}

char braid_csv_detect(const char *buf, size_t len)
{
	size_t comma = 0, semi = 0;
	int quoted = 0;

	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];

		if (ch == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (ch == '\n' || ch == '\r')
			break;
		else if (ch == ',')
			comma++;
		else if (ch == ';')
			semi++;
	}
	return semi > comma ? ';' : ',';
}

static void name_file(struct strbuf *sb, const char *what, const char *name)
{
	if (what)
		strbuf_addf(sb, "%s '%s'", what, name);
	else
		strbuf_addf(sb, "'%s'", name);
}

int braid_csv_parse(struct braid_csv *csv, const char *name, const char *what, const char *buf,
		    size_t len, const struct braid_csv_opts *opts, struct braid_err *err)
{
	struct reader rd = {csv, 0, NULL, 0, 0, 0};
	struct csv_parser p;
	struct strbuf file = STRBUF_INIT;
	size_t pos = 0;
	int rc = 0, bad = 0;
	char delim = opts ? opts->delim : 0;

	name_file(&file, what, name);
	if (!braid_utf8_valid(buf, len)) {
		rc = braid_errorf(err, BRAID_EENCODING, "%s is not valid UTF-8", file.buf);
		strbuf_release(&file);
		return rc;
	}
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		buf += 3, len -= 3;
	/* a NUL is valid UTF-8 but no text file holds one, and it would cut a field short */
	{
		const char *nul = memchr(buf, 0, len);

		if (nul) {
			size_t line = 1;

			for (const char *q = buf; q < nul; q++)
				line += *q == '\n';
			rc = braid_errorf(err, BRAID_EPARSE,
					  "%s: line %zu: a NUL byte (not a text file?)", file.buf,
					  line);
			strbuf_release(&file);
			return rc;
		}
	}
	if (delim != ',' && delim != ';') {
		if (delim) {
			rc = braid_errorf(err, BRAID_EINVAL,
					  "unknown CSV delimiter '%c': expected ',' or ';'", delim);
			strbuf_release(&file);
			return rc;
		}
		delim = braid_csv_detect(buf, len);
	}
	csv->delim = delim;
	csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL |
			 (opts && opts->strict ? CSV_STRICT | CSV_STRICT_FINI : 0));
	csv_set_space_func(&p, NULL);
	csv_set_delim(&p, (unsigned char)delim);
	/* line by line, so that a field and an error know their line */
	while (pos < len && !bad) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;

		rd.line++;
		if (csv_parse(&p, buf + pos, n, on_field, on_row, &rd) != n)
			bad = 1;
		pos += n;
	}
	if (!bad && csv_fini(&p, on_field, on_row, &rd))
		bad = 1;
	if (bad) {
		int e = csv_error(&p);

		rc = braid_errorf(err, BRAID_EPARSE, "%s: line %zu, column %zu: %s", file.buf,
				  rd.line, rd.nfield + 1,
				  e == CSV_EPARSE ? "a quote inside a field that is not quoted, "
						    "or text after a closing quote"
						  : csv_strerror(e));
	}
	for (size_t i = 0; i < rd.nfield; i++)
		free(rd.field[i].text);
	free(rd.field);
	csv_free(&p);
	strbuf_release(&file);
	return rc;
}

int braid_csv_read(struct braid_csv *csv, const char *path, const char *what,
		   const struct braid_csv_opts *opts, struct braid_err *err)
{
	struct strbuf data = STRBUF_INIT;
	int rc;

	if (strbuf_read_file(&data, path) < 0) {
		if (what)
			return braid_errorf(err, BRAID_EIO, "cannot read %s '%s': %s", what, path,
					    strerror(errno));
		return braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", path, strerror(errno));
	}
	rc = braid_csv_parse(csv, path, what, data.buf, data.len, opts, err);
	strbuf_release(&data);
	return rc;
}

void braid_csv_release(struct braid_csv *csv)
{
	for (size_t i = 0; i < csv->nrow; i++) {
		for (size_t j = 0; j < csv->row[i].n; j++)
			free(csv->row[i].cell[j].text);
		free(csv->row[i].cell);
	}
	free(csv->row);
	memset(csv, 0, sizeof(*csv));
}
