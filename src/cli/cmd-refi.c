/*
 * cmd-refi.c - REFI-QDA exchange: braid export refi and qdc (subcommands of
 * cmd-export.c) and braid import refi and qdc (refi.h; docs/export.md).
 */
#include <string.h>

#include "braid/refi.h"
#include "cli.h"

static const char *output(struct cli *c, const struct cli_args *a)
{
	const char *path = cli_opt(a, &cmd_export_entry, "output");

	if (!path)
		cli_sub_usage(c, "'%s' writes a file: name it with --output FILE", c->command);
	return path;
}

int cli_export_refi(struct cli *c, const struct cli_args *a)
{
	struct braid_refi_export_report r;
	const char *path = output(c, a);

	if (!path)
		return EXIT_USAGE;
	if (braid_refi_export(c->st, path, &r, &c->err))
		return cli_fail(c);
	fprintf(c->out, "wrote '%s': %zu codes, %zu documents, %zu codings (%zu selections), "
			"%zu memos, %zu coders, %zu cases, %zu variables (%zu values)\n",
		path, r.codes, r.sources, r.codings, r.selections, r.notes, r.users, r.cases,
		r.variables, r.values);
	if (r.left_out)
		cli_note("%zu pending or rejected codings not written (REFI-QDA has no review "
			 "state)", r.left_out);
	if (r.theme_memos)
		cli_note("%zu memos on themes written as notes on nothing (REFI-QDA has no themes)",
			 r.theme_memos);
	return EXIT_OK;
}

int cli_export_qdc(struct cli *c, const struct cli_args *a)
{
	struct braid_refi_export_report r;
	const char *path = output(c, a);

	if (!path)
		return EXIT_USAGE;
	if (braid_refi_export_codebook(c->st, path, &r, &c->err))
		return cli_fail(c);
	fprintf(c->out, "wrote '%s': %zu codes\n", path, r.codes);
	return EXIT_OK;
}

static void print_report(struct cli *c, const char *path, const struct braid_refi_report *r)
{
	fprintf(c->out, "imported '%s': %zu codes, %zu documents, %zu codings (%zu selections), "
			"%zu memos, %zu coders, %zu cases, %zu variables (%zu values)\n",
		path, r->codes, r->sources, r->codings, r->selections, r->notes, r->users,
		r->cases, r->variables, r->values);
	if (r->sources)
		fprintf(c->out, "documents as transcripts (speakers and turns): %zu; verbatim (one "
				"passage): %zu\n", r->transcripts, r->verbatim);
	if (r->present)
		fprintf(c->out, "here already (the same GUID), left as they are: %zu\n", r->present);
	if (r->nunmodelled) {
		fprintf(c->out, "not modelled by braid, not imported:\n");
		for (size_t i = 0; i < r->nunmodelled; i++)
			fprintf(c->out, "  %6zu  %s\n", r->unmodelled[i].n, r->unmodelled[i].kind);
	}
	for (size_t i = 0; i < r->nremarks; i++)
		cli_note("%s", r->remarks[i]);
}

static int import(struct cli *c, const struct cli_args *a, int codebook)
{
	struct braid_refi_report r;
	int rc = EXIT_OK;

	if (braid_refi_import(c->st, a->pos[0], codebook, c->coder, &r, &c->err))
		rc = cli_fail(c);
	else
		print_report(c, a->pos[0], &r);
	braid_refi_report_release(&r);
	return rc;
}

static int import_refi(struct cli *c, const struct cli_args *a)
{
	return import(c, a, 0);
}

static int import_qdc(struct cli *c, const struct cli_args *a)
{
	return import(c, a, 1);
}

static const struct cli_opt opts[] = {
	{ NULL, 0, NULL, NULL },
};

static const struct subcmd subs[] = {
	{ "refi", "FILE.qdpx", "a REFI-QDA project: users, codes, sources, codings, notes, cases, "
			       "variables", 1, 1, CMD_WRITE, import_refi },
	{ "qdc", "FILE.qdc", "a REFI-QDA codebook: the code tree with descriptions", 1, 1, CMD_WRITE,
	  import_qdc },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_import(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_import_entry, c, a);
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.synopsis = "refi|qdc FILE",
	.summary = "import a REFI-QDA project (.qdpx) or codebook (.qdc)",
	.description =
		"Brings in what NVivo, ATLAS.ti, MAXQDA, QualCoder or braid itself exported:\n"
		"coders, the code tree, text sources, codings with their positions, notes as\n"
		"memos, cases and their variables as survey data (docs/export.md). GUIDs are\n"
		"kept; what the project has already (the same GUID) is left as it is. Every\n"
		"element braid does not model is counted in the report. With -p FILE naming\n"
		"no file yet, the project is created first. One change: 'braid undo' takes\n"
		"the import back; an error imports nothing.",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 2,
	/* a whole project comes in: every coder's codings, blind coding aside */
	.flags = CMD_PROJECT | CMD_ALL_CODERS | CMD_NEW_PROJECT,
	.fn = cmd_import,
	.subcmds = subs,
};
