/* cmd-init.c - braid init NAME.braid: create a project. */
#include <string.h>

#include "braid/store.h"
#include "cli.h"


static const struct cli_opt opts[] = {
	{ "title", 't', "TITLE", "the study's title, kept in the project" },
	{ NULL, 0, NULL, NULL },
};

static int cmd_init(struct cli *c, const struct cli_args *a)
{
	const char *path = a->pos[0], *title = a->value[0];
	size_t n = strlen(path);

	if (n < 7 || strcmp(path + n - 6, ".braid"))
		return cli_usage_error(&cmd_init_entry, "project file name must end in .braid: '%s'",
				       path);
	if (braid_store_create(path, title, c->coder, NULL, &c->st, &c->err))
		return cli_fail(c);
	fprintf(c->out, "created project '%s'\n", path);
	return EXIT_OK;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.synopsis = "NAME.braid",
	.summary = "create a new project file",
	.description = "A project is one SQLite file holding documents, speakers, turns, cases,\n"
		       "codes, codings and the audit log. It is never written outside itself.",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	.fn = cmd_init,
};
