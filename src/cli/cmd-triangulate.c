/*
 * cmd-triangulate.c - braid triangulate: the joint display of themes and
 * one survey variable (by, the default), correlations (corr) and models
 * (model, both in cmd-trimodel.c). The options are the command's, shared
 * by the subcommands (cli.h, struct subcmd).
 */
#include <string.h>

#include "braid/triangulate.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "by", 'b', "VAR", "by: the survey variable (binary, numeric, ordinal or categorical)" },
	{ "themes", 't', "T,...", "by: only these themes (ids), in this order (default: every theme "
				  "in play)" },
	{ "quotes", 'q', NULL, "by: each cell with the best exemplar quote of its cases" },
	{ "codes", 0, NULL, "by: a row per active code instead of per theme (--themes then names "
			    "codes)" },
	{ "method", 'm', "METHOD", "corr: pearson, spearman or auto (the default: spearman when "
				   "either is ordinal)" },
	{ "outcome", 'y', "VAR", "model: the outcome variable" },
	{ "predictors", 'x', "A,B,theme:T", "model: the predictors: survey variables and themes" },
	{ "logit", 0, NULL, "model: logistic regression (the default for a binary outcome)" },
	{ "ols", 0, NULL, "model: least squares with HC3 errors (the default otherwise)" },
	{ "coder", 0, "NAME", "count this coder's accepted codings only" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_triangulate_entry, name)

static void note(const char *text, void *ctx)
{
	cli_listing_note(ctx, text);
}

static int sub_by(struct cli *c, const struct cli_args *a)
{
	struct braid_joint_opts o = { OPT("by"), OPT("coder"), NULL, 0, OPT("quotes") != NULL,
				      OPT("codes") != NULL };
	struct braid_joint j;
	struct cli_listing l;
	struct strbuf title = STRBUF_INIT;
	char **themes = NULL;
	int fmt, rc;

	if (!o.var)
		return cli_sub_usage(c, "'triangulate by' needs --by VAR");
	if ((fmt = cli_format(c, &cmd_triangulate_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	if (OPT("themes")) {
		themes = cli_split_list(OPT("themes"), &o.nthemes);
		o.themes = (const char *const *)themes;
	}
	rc = braid_triangulate_by(c->st, &o, &j, &c->err);
	cli_list_free(themes);
	if (rc) {
		braid_joint_release(&j);
		return cli_fail(c);
	}
	strbuf_addf(&title, "Joint display: %s by %s", j.codes ? "codes" : "themes", j.var);
	cli_listing_begin_titled(c, &l, braid_joint_listing(&j), fmt, title.buf);
	for (size_t r = 0; r < j.nrows; r++) {
		braid_joint_values(&j, r, &l.row);
		cli_listing_row(&l);
	}
	braid_joint_notes(&j, note, &l);
	rc = cli_listing_end(c, &l, 0);
	braid_joint_release(&j);
	strbuf_release(&title);
	return rc;
}

static const struct subcmd subs[] = {
    {"by", "--by VAR [--themes T,...] [--quotes|--codes] [--coder NAME] " CLI_FORMAT_USAGE,
     "the joint display: each theme against one survey variable", 0, 0, 0, sub_by},
    {"corr", "ITEM... [--method METHOD] [--coder NAME] " CLI_FORMAT_USAGE,
     "correlations of survey variables and themes (theme:T, or themes for all)", 1, -1, 0,
     cli_triangulate_corr},
    {"model", "--outcome VAR --predictors A,B,theme:T,... [--logit|--ols] [--coder NAME] "
     CLI_FORMAT_USAGE, "a logistic or least-squares model of a survey variable", 0, 0, 0,
     cli_triangulate_model},
    {NULL, NULL, NULL, 0, 0, 0, NULL},
};

static int cmd_triangulate(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_triangulate_entry, c, a);
}

const struct cmd_entry cmd_triangulate_entry = {
	.name = "triangulate",
	.synopsis = "[by|corr|model] [ARGS]",
	.summary = "joint displays, correlations and models of themes and survey variables",
	.description =
		"by (the default): for a binary VAR, per theme, the cases with the theme among\n"
		"those with VAR = 1 and VAR = 0 (n and share), the odds ratio with its 95% CI\n"
		"(Woolf; 0.5 added to every cell when one is zero) and Fisher's exact p. For a\n"
		"numeric VAR: the mean and sd among cases with and without the theme, Welch's t,\n"
		"Mann-Whitney U and the point-biserial r; for an ordinal VAR the median and IQR\n"
		"of its levels and Mann-Whitney U. For a categorical VAR: per theme and level,\n"
		"the cases there with the theme, and a chi-squared test per theme. p-values are\n"
		"also given adjusted across the themes (Benjamini-Hochberg).\n"
		"corr: every pair of the items (survey variables; theme:T for a theme's\n"
		"presence; themes for every theme in play): n, r or rho, 95% CI, p, BH p.\n"
		"model: the outcome by the predictors, complete cases, categorical predictors\n"
		"as dummies against a stated reference level. Cases and presence as\n"
		"`braid matrix` counts them (docs/triangulation.md, docs/statistics.md).",
	.opts = opts,
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_triangulate,
	.subcmds = subs,
	.default_sub = "by",
};
