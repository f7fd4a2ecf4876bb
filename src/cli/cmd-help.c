/* cmd-help.c - braid help [COMMAND] and braid version. */
#include <string.h>

#include "cli.h"

static const struct cli_opt no_opts[] = { { NULL, 0, NULL, NULL } };

static int cmd_help(struct cli *c, const struct cli_args *a)
{
	if (!a->npos) {
		cli_help(c->out, NULL);
		return EXIT_OK;
	}
	for (const struct cmd_entry *const *t = cmd_table; *t; t++)
		if (!strcmp((*t)->name, a->pos[0])) {
			cli_help(c->out, *t);
			return EXIT_OK;
		}
	{
		const struct cmd_entry *match = NULL;
		int n = 0;

		for (const struct cmd_entry *const *t = cmd_table; *t; t++)
			if (!strncmp((*t)->name, a->pos[0], strlen(a->pos[0])))
				match = *t, n++;
		if (n == 1) {
			cli_help(c->out, match);
			return EXIT_OK;
		}
	}
	return cli_usage_error(NULL, "no command '%s' (see 'braid help')", a->pos[0]);
}

static int cmd_version(struct cli *c, const struct cli_args *a)
{
	fprintf(c->out, "braid %s (project schema %d)\n", BRAID_VERSION, BRAID_SCHEMA_VERSION);
	return EXIT_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.synopsis = "[COMMAND]",
	.summary = "show the commands, or one command's options",
	.opts = no_opts,
	.max_pos = 1,
	.fn = cmd_help,
};

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.summary = "print braid's version (also: braid --version)",
	.opts = no_opts,
	.max_pos = 0,
	.fn = cmd_version,
};
