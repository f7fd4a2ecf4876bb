/*
 * cmd-export-tables.c - braid export matrix, segments and codebook: tables
 * in every output format (table.h), to standard output or, with --output,
 * to a file written whole (file.h). The format is --format's, else the
 * file's extension's, else the aligned table. `braid matrix` is export
 * matrix under its own name (cli_matrix), so the two cannot drift.
 */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/quantitize.h"
#include "braid/segments.h"
#include "cli.h"

#define OPT(name) cli_opt(a, &cmd_export_entry, name)

/* ---- codebook ---- */

struct counted {
	struct cli_listing *l;
	size_t n;
};

static void codebook_row(struct braid_row *row, void *ctx)
{
	struct counted *k = ctx;

	cli_listing_row(k->l);
	k->n++;
}

int cli_export_codebook(struct cli *c, const struct cli_args *a)
{
	struct braid_codebook cb;
	struct cli_listing l;
	struct counted k = { &l, 0 };
	struct strbuf what = STRBUF_INIT;
	struct cli_dest d;
	int fmt = cli_dest_begin(c, &cmd_export_entry, a, &d), rc;

	if (fmt < 0)
		return EXIT_USAGE;
	if (braid_codes_export(c->st, NULL, &cb, &c->err))
		return cli_dest_end(c, &d, cli_fail(c), NULL);
	cli_listing_begin_titled(c, &l, &braid_codebook_listing, fmt, cb.name);
	braid_codebook_rows(&cb, &l.row, codebook_row, &k);
	rc = cli_listing_end(c, &l, 0);
	strbuf_addf(&what, "codebook '%s', %zu codes", cb.name, k.n);
	rc = cli_dest_end(c, &d, rc, what.buf);
	strbuf_release(&what);
	braid_codebook_release(&cb);
	return rc;
}

/* ---- segments ---- */

static int segment_row(const struct braid_value *v, void *ctx)
{
	struct counted *k = ctx;

	braid_out_row(k->l->out, v);
	k->n++;
	return 0;
}

int cli_export_segments(struct cli *c, const struct cli_args *a)
{
	struct braid_segtable_opts o = { OPT("code"), OPT("theme"), OPT("coder"), NULL, 0 };
	struct braid_segtable *t = NULL;
	struct cli_listing l;
	struct counted k = { &l, 0 };
	struct strbuf what = STRBUF_INIT;
	char **vars = NULL;
	struct cli_dest d;
	int fmt, rc;

	if (o.code && o.theme)
		return cli_sub_usage(c, "--code and --theme cannot go together");
	if ((fmt = cli_dest_begin(c, &cmd_export_entry, a, &d)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	if (OPT("with")) {
		vars = cli_split_list(OPT("with"), &o.nvars);
		o.vars = (const char *const *)vars;
	}
	if (braid_segtable_open(c->st, &o, &t, &c->err)) {
		rc = cli_dest_end(c, &d, cli_fail(c), NULL);
	} else {
		cli_listing_begin(c, &l, braid_segtable_listing(t), fmt);
		rc = cli_listing_end(c, &l, braid_segtable_each(t, segment_row, &k, &c->err));
		strbuf_addf(&what, "%zu segments", k.n);
		rc = cli_dest_end(c, &d, rc, what.buf);
	}
	braid_segtable_free(t);
	cli_list_free(vars);
	strbuf_release(&what);
	return rc;
}

/* ---- matrix ---- */

#undef OPT
#define OPT(name) cli_opt(a, e, name)

int cli_matrix(struct cli *c, const struct cmd_entry *e, const struct cli_args *a)
{
	const char *rows = OPT("rows"), *cols = OPT("cols"), *value = OPT("value");
	struct braid_matrix_opts o = { OPT("coder"), NULL, 0, BRAID_ROWS_CASES };
	enum braid_matrix_value v = BRAID_MATRIX_PRESENCE;
	int codes = cols && !strcmp(cols, "codes"), k, fmt, rc;
	struct braid_column *columns = NULL;
	struct braid_listing desc;
	struct strbuf what = STRBUF_INIT;
	struct braid_matrix m;
	struct cli_listing l;
	char **vars = NULL;
	struct cli_dest d;

	if (rows && (k = braid_vocab_parse(&braid_vocab_matrix_rows, rows)) < 0)
		return cli_vocab_usage(c, &braid_vocab_matrix_rows, rows);
	if (rows)
		o.rows = (enum braid_matrix_rows)k;
	if (cols && strcmp(cols, "themes") && !codes)
		return c->sub ? cli_sub_usage(c, "unknown columns '%s' (expected themes or codes)", cols)
			      : cli_usage_error(e, "unknown columns '%s' (expected themes or codes)",
						cols);
	if (value && (k = braid_vocab_parse(&braid_vocab_matrix_value, value)) < 0)
		return cli_vocab_usage(c, &braid_vocab_matrix_value, value);
	if (value)
		v = (enum braid_matrix_value)k;
	if ((fmt = cli_dest_begin(c, e, a, &d)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	if (OPT("with")) {
		vars = cli_split_list(OPT("with"), &o.nvars);
		o.vars = (const char *const *)vars;
	}
	if ((codes ? braid_matrix_codes : braid_matrix_themes)(c->st, &o, &m, &c->err) ||
	    ((v == BRAID_MATRIX_QUOTES || v == BRAID_MATRIX_SUMMARY) &&
	     braid_matrix_texts(c->st, &o, v, &m, &c->err))) {
		rc = cli_dest_end(c, &d, cli_fail(c), NULL);
		goto out;
	}
	columns = xcalloc(1 + m.ncols + m.nvars, sizeof(*columns));
	braid_matrix_listing(&m, v, &desc, columns);
	cli_listing_begin(c, &l, &desc, fmt);
	for (size_t r = 0; r < m.nrows; r++) {
		braid_matrix_values(&m, r, v, &l.row);
		cli_listing_row(&l);
	}
	rc = cli_listing_end(c, &l, 0);
	strbuf_addf(&what, "%zu %s x %zu %s (%s)", m.nrows,
		    braid_vocab_name(&braid_vocab_matrix_rows, (int)o.rows), m.ncols,
		    codes ? "codes" : "themes", braid_vocab_name(&braid_vocab_matrix_value, (int)v));
	rc = cli_dest_end(c, &d, rc, what.buf);
out:
	braid_matrix_release(&m);
	free(columns);
	cli_list_free(vars);
	strbuf_release(&what);
	return rc;
}

int cli_export_matrix(struct cli *c, const struct cli_args *a)
{
	return cli_matrix(c, &cmd_export_entry, a);
}
