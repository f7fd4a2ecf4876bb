/* cmd-speakers.c - braid speakers [DOC]: list speakers with roles and cases. */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int speaker_row(const struct braid_speaker_row *s, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_speaker_values(s, &l->row);
	cli_listing_row(l);
	return 0;
}

static int cmd_speakers(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_speakers_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_speakers_listing, fmt);
	return cli_listing_end(c, &l, braid_corpus_speakers(c->st, a->npos ? a->pos[0] : NULL,
							    speaker_row, &l, &c->err));
}

const struct cmd_entry cmd_speakers_entry = {
	.name = "speakers",
	.synopsis = "[DOC]",
	.summary = "list the speakers of one or all documents with role, case, turns and words",
	.opts = opts,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_speakers,
};
