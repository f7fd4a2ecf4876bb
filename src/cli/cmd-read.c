/* cmd-read.c - braid read DOC...: mark documents as read (phase 1, familiarisation). */
#include "braid/workflow.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "coder", 0, "NAME", "who read them (default: $BRAID_CODER, else $USER)" },
	{ NULL, 0, NULL, NULL },
};

static int cmd_read(struct cli *c, const struct cli_args *a)
{
	if (!c->coder)
		return cli_usage_error(&cmd_read_entry, "who read it? give --coder NAME (or set "
							"$BRAID_CODER)");
	for (int i = 0; i < a->npos; i++)
		if (braid_read(c->st, a->pos[i], c->coder, &c->err))
			return cli_fail(c);
	fprintf(c->out, "%s\n", *braid_change_text(c->st) ? braid_change_text(c->st)
							 : "read already: nothing changed");
	return EXIT_OK;
}

const struct cmd_entry cmd_read_entry = {
	.name = "read",
	.synopsis = "DOC...",
	.summary = "mark documents as read (familiarisation, phase 1)",
	.opts = opts,
	.min_pos = 1,
	.max_pos = -1,
	.flags = CMD_PROJECT | CMD_WRITE | CMD_AS_CODER,
	.fn = cmd_read,
};
