/* cmd-triangulate.c - braid triangulate --by VAR: the joint display of themes and one survey variable. */
#include <string.h>

#include "braid/triangulate.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "by", 'b', "VAR", "the survey variable (binary, numeric or categorical; not ordinal yet)" },
	{ "themes", 't', "T,...", "only these themes (ids), in this order (default: every theme in "
				  "play)" },
	{ "coder", 0, "NAME", "count this coder's accepted codings only" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_triangulate_entry, name)

struct joint {
	struct cli *c;
	struct cli_listing l;
	int fmt, started;
};

static const struct braid_listing *listing_of(enum braid_joint_kind k)
{
	return k == BRAID_JOINT_BINARY	  ? &braid_joint_binary_listing
	       : k == BRAID_JOINT_NUMERIC ? &braid_joint_numeric_listing
					  : &braid_joint_levels_listing;
}

static int joint_row(const struct braid_joint_row *r, void *ctx)
{
	struct joint *j = ctx;

	if (!j->started) {
		cli_listing_begin(j->c, &j->l, listing_of(r->kind), j->fmt);
		j->started = 1;
	}
	braid_joint_values(r, &j->l.row);
	cli_listing_row(&j->l);
	return 0;
}

static int cmd_triangulate(struct cli *c, const struct cli_args *a)
{
	struct braid_joint_opts o = { OPT("by"), OPT("coder"), NULL, 0 };
	struct joint j = { c, { 0 }, 0, 0 };
	enum braid_joint_kind kind = BRAID_JOINT_BINARY;
	char **themes = NULL;
	int rc;

	if (!o.var)
		return cli_usage_error(&cmd_triangulate_entry, "'triangulate' needs --by VAR");
	if ((j.fmt = cli_format(c, &cmd_triangulate_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	if (OPT("themes")) {
		themes = cli_split_list(OPT("themes"), &o.nthemes);
		o.themes = (const char *const *)themes;
	}
	rc = braid_triangulate_by(c->st, &o, &kind, joint_row, &j, &c->err);
	if (!j.started && !rc) {
		/* no themes in play: an empty listing of the variable's kind */
		cli_listing_begin(c, &j.l, listing_of(kind), j.fmt);
		j.started = 1;
	}
	cli_list_free(themes);
	if (!j.started)
		return cli_fail(c);
	return cli_listing_end(c, &j.l, rc);
}

const struct cmd_entry cmd_triangulate_entry = {
	.name = "triangulate",
	.synopsis = "--by VAR",
	.summary = "joint display: each theme against a survey variable, with its statistics",
	.description =
		"For a binary VAR: per theme, the cases with the theme among those with VAR = 1\n"
		"and VAR = 0 (n and share), the odds ratio with its 95% CI (Woolf; 0.5 added to\n"
		"every cell when one is zero) and Fisher's exact p. For a numeric VAR: the mean\n"
		"and sd among cases with and without the theme, Welch's t, Mann-Whitney U and the\n"
		"point-biserial r. For a categorical VAR: per theme and level, the cases there\n"
		"with the theme (no test yet). Cases and presence as `braid matrix` counts them\n"
		"(docs/triangulation.md, docs/statistics.md).",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_triangulate,
};
