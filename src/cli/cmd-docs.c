/* cmd-docs.c - braid docs: list the documents. */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int doc_row(const struct braid_doc_row *d, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_doc_values(d, &l->row);
	cli_listing_row(l);
	return 0;
}

static int cmd_docs(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_docs_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_docs_listing, fmt);
	return cli_listing_end(c, &l, braid_corpus_docs(c->st, doc_row, &l, &c->err));
}

const struct cmd_entry cmd_docs_entry = {
	.name = "docs",
	.summary = "list the documents with their kind, format, turns, speakers, words and case",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_docs,
};
