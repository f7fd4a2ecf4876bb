/*
 * cmd-docs.c - braid docs: list the documents (docs, docs ls), remove them
 * with what refers to them (docs rm), rename one (docs rename).
 */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "braid/curate.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int doc_row(const struct braid_doc_row *d, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_doc_values(d, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_docs_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_docs_listing, fmt);
	return cli_listing_end(c, &l, braid_corpus_docs(c->st, doc_row, &l, &c->err));
}

static int sub_rm(struct cli *c, const struct cli_args *a)
{
	for (int i = 0; i < a->npos; i++) {
		struct braid_doc_removal r;

		if (braid_curate_doc_rm(c->st, a->pos[i], &r, &c->err))
			return cli_fail(c);
		fprintf(c->out, "removed document '%s' (%zu turn%s, %zu speaker%s) with %zu coding%s "
				"and %zu memo%s",
			r.name, r.turns, r.turns == 1 ? "" : "s", r.speakers,
			r.speakers == 1 ? "" : "s", r.codings, r.codings == 1 ? "" : "s", r.memos,
			r.memos == 1 ? "" : "s");
		for (size_t k = 0; k < r.ncases; k++)
			fprintf(c->out, "%s'%s'", k ? ", " : "; and case ", r.cases[k]);
		if (r.ncases)
			fprintf(c->out, ", which nothing else refers to");
		fputc('\n', c->out);
		braid_doc_removal_release(&r);
	}
	return EXIT_OK;
}

static int sub_rename(struct cli *c, const struct cli_args *a)
{
	const char *text;

	if (braid_curate_doc_rename(c->st, a->pos[0], a->pos[1], &c->err))
		return cli_fail(c);
	text = braid_change_text(c->st);
	fprintf(c->out, "%s\n", *text ? text : "nothing changed");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "ls", CLI_FORMAT_USAGE,
	  "list the documents with their kind, format, turns, speakers, words and case", 0, 0, 0,
	  sub_ls },
	{ "rm", "DOC...",
	  "remove documents with their codings, memos, turns and speakers (and cases left empty)",
	  1, -1, CMD_WRITE, sub_rm },
	{ "rename", "DOC NEW-NAME", "give a document another (unique) name", 2, 2, CMD_WRITE,
	  sub_rename },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_docs(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_docs_entry, c, a);
}

const struct cmd_entry cmd_docs_entry = {
	.name = "docs",
	.synopsis = "[ls|rm|rename] [ARGS]",
	.summary = "list the documents; remove or rename them",
	.description =
		"A document is named by its name or the file it was read from. 'docs rm' removes\n"
		"each document with everything that refers to it: its codings with their memos,\n"
		"the memos on it, its turns (and their search index) and speakers, and the cases\n"
		"nothing else is linked to any more; it says how many of each. One change:\n"
		"'braid undo' brings it all back.",
	.opts = opts,
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_docs,
	.subcmds = subs,
	.default_sub = "ls",
};
