/* cmd-cases.c - braid cases: list the cases (participants). */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int case_row(const struct braid_case_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_case_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int cmd_cases(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_cases_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_cases_listing, fmt);
	return cli_listing_end(c, &l, braid_corpus_cases(c->st, case_row, &l, &c->err));
}

const struct cmd_entry cmd_cases_entry = {
	.name = "cases",
	.summary = "list the cases (participants) with their documents, speakers, turns and words",
	.description = "Turns count for a case when their speaker is linked to it, or when the\n"
		       "document is and the speaker is a participant.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_cases,
};
