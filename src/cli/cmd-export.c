/*
 * cmd-export.c - braid export: the exits to papers and to other tools.
 * One command, its subcommands written in their own files: the tables
 * (matrix, segments, codebook: cmd-export-tables.c), co-occurrence and
 * the figures (cooccur, figure: cmd-figure.c) and the REFI-QDA exchange
 * files (refi, qdc: cmd-refi.c). The options are the command's, shared by
 * the subcommands (cli.h, struct subcmd); each subcommand's usage names
 * the ones it takes.
 */
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "rows", 0, "ROWS", "matrix: {matrix-rows} (default cases)" },
	{ "cols", 0, "COLS", "matrix: themes (the default) or codes" },
	{ "value", 0, "VALUE", "matrix: {matrix-value} (default presence)" },
	{ "with", 0, "VAR,...", "matrix, segments: survey variables joined as further columns" },
	{ "unit", 0, "UNIT", "cooccur, figure cooccur: segment (overlapping codings; the default), "
			     "turn or doc" },
	{ "codes", 0, NULL, "cooccur, figure: codes (the default for cooccur)" },
	{ "themes", 0, NULL, "cooccur, figure: themes" },
	{ "code", 0, "CODE", "segments: only this code's codings (and its sub-codes')" },
	{ "theme", 0, "THEME", "segments: only the codings of this theme's codes" },
	{ "by", 0, "VAR", "figure prevalence: bars split by the groups of a survey variable" },
	{ "coder", 0, "NAME", "this coder's codings only" },
	{ "output", 'o', "FILE", "write to FILE (needed for xlsx, figures and exchange files)" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static const struct subcmd subs[] = {
    {"matrix",
     "[--rows ROWS] [--cols COLS] [--value VALUE] [--with VAR,...] [--coder NAME] "
     "[--output FILE] " CLI_FORMAT_USAGE,
     "the case (document, speaker) by theme (code) matrix", 0, 0, 0, cli_export_matrix},
    {"cooccur", "[--unit UNIT] [--codes|--themes] [--coder NAME] [--output FILE] " CLI_FORMAT_USAGE,
     "co-occurrence of codes or themes: counts and Jaccard", 0, 0, 0, cli_export_cooccur},
    {"segments",
     "[--code CODE] [--theme THEME] [--coder NAME] [--with VAR,...] [--output FILE] " CLI_FORMAT_USAGE,
     "one row per coded segment, with its place, code path, coder, text and memo", 0, 0, 0,
     cli_export_segments},
    {"codebook", "[--output FILE] " CLI_FORMAT_USAGE, "the codebook as a table (csv reads back in)", 0,
     0, 0, cli_export_codebook},
    {"figure",
     "KIND [--by VAR] [--unit UNIT] [--codes|--themes] [--coder NAME] --output FILE "
     "[--format FORMAT]",
     "a figure: prevalence, cooccur, map or coverage, as svg, pdf or png", 1, 1, 0,
     cli_export_figure},
    {"refi", "--output FILE.qdpx", "the REFI-QDA project exchange file", 0, 0, 0, cli_export_refi},
    {"qdc", "--output FILE.qdc", "the REFI-QDA codebook exchange file", 0, 0, 0, cli_export_qdc},
    {NULL, NULL, NULL, 0, 0, 0, NULL},
};

static int cmd_export(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_export_entry, c, a);
}

const struct cmd_entry cmd_export_entry = {
    .name = "export",
    .synopsis = "matrix|cooccur|segments|codebook|figure|refi|qdc [ARGS]",
    .summary = "export tables, figures and REFI-QDA exchange files",
    .description = "The exits to papers and to other QDA tools (docs/export.md): tables in\n"
		   "csv, tsv, md, tex, html, xlsx and json; figures drawn with cairo and pango;\n"
		   "REFI-QDA project (.qdpx) and codebook (.qdc) files that NVivo, ATLAS.ti,\n"
		   "MAXQDA and QualCoder read.",
    .opts = opts,
    .min_pos = 0,
    .max_pos = -1,
    .flags = CMD_PROJECT,
    .fn = cmd_export,
    .subcmds = subs,
};
