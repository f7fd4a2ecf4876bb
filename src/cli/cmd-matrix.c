/* cmd-matrix.c - braid matrix: cases x themes quantitized, survey variables joined. */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/quantitize.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "rows", 0, "ROWS", "what the rows are: cases (the only rows so far)" },
	{ "cols", 0, "COLS", "what the columns are: themes (the themes in play, the default) or "
			     "codes (the active codes)" },
	{ "value", 0, "VALUE", "what a cell holds: {matrix-value} (default presence)" },
	{ "with", 0, "VAR,...", "survey variables joined as further columns (the case's linked "
				"row; missing when none)" },
	{ "coder", 0, "NAME", "count this coder's accepted codings only" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_matrix_entry, name)

static int cmd_matrix(struct cli *c, const struct cli_args *a)
{
	const char *rows = OPT("rows"), *cols = OPT("cols"), *value = OPT("value");
	struct braid_matrix_opts o = { OPT("coder"), NULL, 0 };
	struct braid_matrix m;
	struct braid_listing desc;
	struct braid_column *columns;
	struct cli_listing l;
	char **vars = NULL;
	int v = BRAID_MATRIX_PRESENCE, fmt, rc;

	if (rows && strcmp(rows, "cases"))
		return cli_usage_error(&cmd_matrix_entry, "unknown rows '%s' (expected cases)", rows);
	if (cols && strcmp(cols, "themes") && strcmp(cols, "codes"))
		return cli_usage_error(&cmd_matrix_entry,
				       "unknown columns '%s' (expected themes or codes)", cols);
	if (value && (v = braid_vocab_parse(&braid_vocab_matrix_value, value)) < 0)
		return cli_vocab_usage(c, &braid_vocab_matrix_value, value);
	if ((fmt = cli_format(c, &cmd_matrix_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	if (OPT("with")) {
		vars = cli_split_list(OPT("with"), &o.nvars);
		o.vars = (const char *const *)vars;
	}
	if ((cols && !strcmp(cols, "codes") ? braid_matrix_codes : braid_matrix_themes)(c->st, &o, &m,
										   &c->err)) {
		cli_list_free(vars);
		braid_matrix_release(&m);
		return cli_fail(c);
	}
	columns = xcalloc(1 + m.ncols + m.nvars, sizeof(*columns));
	braid_matrix_listing(&m, (enum braid_matrix_value)v, &desc, columns);
	cli_listing_begin(c, &l, &desc, fmt);
	for (size_t r = 0; r < m.nrows; r++) {
		braid_matrix_values(&m, r, (enum braid_matrix_value)v, &l.row);
		cli_listing_row(&l);
	}
	rc = cli_listing_end(c, &l, 0);
	braid_matrix_release(&m);
	free(columns);
	cli_list_free(vars);
	return rc;
}

const struct cmd_entry cmd_matrix_entry = {
	.name = "matrix",
	.synopsis = "",
	.summary = "quantitize: cases x themes or codes (presence, count or coverage), survey "
		   "variables joined",
	.description =
		"One row per case with words of its own, one column per theme in play, counted\n"
		"as theme prevalence counts (accepted codings, a theme's sub-themes' codes\n"
		"included, a segment once): presence 0/1, count of segments, or coverage (the\n"
		"share of the case's own words coded with the theme, overlaps once). --with\n"
		"adds survey variables from the row linked to each case (docs/triangulation.md).\n"
		"--cols codes: one column per active code, its own codings by the same rule.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_matrix,
};
