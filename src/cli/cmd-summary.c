/*
 * cmd-summary.c - braid summary: the Framework Method's summaries, one text
 * per case and theme (set, ls, rm), the cells of `braid export matrix
 * --value summary`.
 */
#include "braid/summary.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "case", 0, "CASE", "ls: only this case's summaries" },
	{ "theme", 0, "THEME", "ls: only this theme's summaries" },
	{ "coder", 0, "NAME", "set: who writes it (default $BRAID_CODER, else $USER)" },
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_summary_entry, name)

static int sub_set(struct cli *c, const struct cli_args *a)
{
	if (braid_summary_set(c->st, a->pos[0], a->pos[1], a->pos[2], c->coder, &c->err))
		return cli_fail(c);
	fprintf(c->out, "%s\n", braid_change_text(c->st));
	return EXIT_OK;
}

static int summary_row(const struct braid_summary_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_summary_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_summary_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_summaries_listing, fmt);
	return cli_listing_end(c, &l, braid_summaries_each(c->st, OPT("case"), OPT("theme"),
							   summary_row, &l, &c->err));
}

static int sub_rm(struct cli *c, const struct cli_args *a)
{
	if (braid_summary_rm(c->st, a->pos[0], a->pos[1], &c->err))
		return cli_fail(c);
	fprintf(c->out, "%s\n", braid_change_text(c->st));
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "set", "CASE THEME TEXT [--coder NAME]",
	  "write (or rewrite) the summary of a case for a theme", 3, 3, CMD_WRITE | CMD_AS_CODER,
	  sub_set },
	{ "ls", "[--case CASE] [--theme THEME] " CLI_FORMAT_USAGE, "list the summaries", 0, 0, 0,
	  sub_ls },
	{ "rm", "CASE THEME", "remove the summary of a case for a theme", 2, 2, CMD_WRITE, sub_rm },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_summary(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_summary_entry, c, a);
}

const struct cmd_entry cmd_summary_entry = {
	.name = "summary",
	.synopsis = "set|ls|rm [ARGS]",
	.summary = "framework summaries: the researcher's words per case and theme",
	.description =
		"The Framework Method's summaries: for a case and a theme, what the case says\n"
		"about the theme, in the researcher's words; one text per pair. CASE is a case's\n"
		"name (braid cases), THEME a theme's id or name. They fill the cells of\n"
		"braid export matrix --value summary. Undo takes a change back.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_summary,
	.subcmds = subs,
};
