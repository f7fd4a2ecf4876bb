/* cmd-coder.c - braid coder add|ls: the people (and "auto") who code. */
#include "braid/coding.h"
#include "braid/columns.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int sub_add(struct cli *c, const struct cli_args *a)
{
	const char *name = a->pos[0];
	int64_t id;

	if (!*name)
		return cli_sub_usage(c, "a coder needs a name");
	if (!braid_store_coder(c->st, name, 0, &id, NULL)) {
		fprintf(c->out, "coder '%s' exists already\n", name);
		return EXIT_OK;
	}
	if (braid_store_coder(c->st, name, 1, &id, &c->err))
		return cli_fail(c);
	fprintf(c->out, "added coder '%s'\n", name);
	return EXIT_OK;
}

static int coder_row(const struct braid_coder_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_coder_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_coder_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_coders_listing, fmt);
	return cli_listing_end(c, &l, braid_coders_each(c->st, coder_row, &l, &c->err));
}

static const struct subcmd subs[] = {
	{ "add", "NAME", "add a coder (codings name their coder; new names are added anyway)", 1, 1,
	  CMD_WRITE, sub_add },
	{ "ls", CLI_FORMAT_USAGE, "list the coders with their codings, codes made and memos", 0, 0,
	  0, sub_ls },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_coder(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_coder_entry, c, a);
}

const struct cmd_entry cmd_coder_entry = {
	.name = "coder",
	.synopsis = "add|ls [ARGS]",
	.summary = "add and list the coders",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_coder,
	.subcmds = subs,
};
