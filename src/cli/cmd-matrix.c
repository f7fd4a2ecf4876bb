/*
 * cmd-matrix.c - braid matrix: `braid export matrix` under its own name,
 * the options of the one under the same names, run by the same function
 * (cli_matrix, cmd-export-tables.c).
 */
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "rows", 0, "ROWS", "what a row is: {matrix-rows} (default cases)" },
	{ "cols", 0, "COLS", "what the columns are: themes (the themes in play, the default) or "
			     "codes (the active codes)" },
	{ "value", 0, "VALUE", "what a cell holds: {matrix-value} (default presence)" },
	{ "with", 0, "VAR,...", "survey variables joined as further columns (the row's case's "
				"linked row; missing when none)" },
	{ "coder", 0, "NAME", "count this coder's accepted codings only" },
	{ "output", 'o', "FILE", "write to FILE (needed for xlsx)" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int cmd_matrix(struct cli *c, const struct cli_args *a)
{
	return cli_matrix(c, &cmd_matrix_entry, a);
}

const struct cmd_entry cmd_matrix_entry = {
	.name = "matrix",
	.synopsis = "",
	.summary = "quantitize: cases (documents, speakers) x themes or codes, survey variables "
		   "joined (braid export matrix)",
	.description =
		"The same as `braid export matrix` (docs/export.md, *Tables*). One row per case\n"
		"with words of its own (--rows docs: per document, speakers: per participant,\n"
		"\"DOC:LABEL\"), one column per theme in play, counted as theme prevalence counts\n"
		"(accepted codings, a theme's sub-themes' codes included, a segment once):\n"
		"presence 0/1, count of segments, coverage (the share of the row's participant\n"
		"words coded with the theme, overlaps once), quotes, or summary (by case only).\n"
		"--with adds survey variables from the survey row linked to the row's case\n"
		"(docs/triangulation.md). --cols codes: one column per active code, its own\n"
		"codings by the same rule.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_matrix,
};
