/*
 * cmd-speakers.c - braid speakers: list speakers with roles and cases
 * (speakers [DOC], speakers ls [DOC]), and correct one (speakers set): its
 * role, its case, its label, or merge two labels of one person.
 */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "braid/curate.h"
#include "braid/vocab.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ "role", 'r', "ROLE", "set: interviewer, participant or moderator" },
	{ "case", 'c', "CASE", "set: link the speaker to this case ('' for none)" },
	{ "label", 'l', "NEW", "set: a new label; another speaker's label merges the two" },
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_speakers_entry, name)

static int speaker_row(const struct braid_speaker_row *s, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_speaker_values(s, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_speakers_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_speakers_listing, fmt);
	return cli_listing_end(c, &l, braid_corpus_speakers(c->st, a->npos ? a->pos[0] : NULL,
							    speaker_row, &l, &c->err));
}

static int sub_set(struct cli *c, const struct cli_args *a)
{
	struct braid_speaker_edit e = { .role = OPT("role"), .case_name = OPT("case"),
					.label = OPT("label") };
	struct braid_speaker_result res;
	const char *text;

	if (!e.role && !e.case_name && !e.label)
		return cli_sub_usage(c, "what to set? give --role, --case or --label");
	if (e.role && braid_vocab_parse(&braid_vocab_role, e.role) < 0)
		return cli_vocab_usage(c, &braid_vocab_role, e.role);
	if (braid_curate_speaker_set(c->st, a->pos[0], a->pos[1], &e, &res, &c->err))
		return cli_fail(c);
	text = braid_change_text(c->st);
	fprintf(c->out, "%s\n", *text ? text : "nothing changed");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "ls", "[DOC] " CLI_FORMAT_USAGE,
	  "list the speakers of one or all documents with role, case, turns and words", 0, 1, 0,
	  sub_ls },
	{ "set", "DOC LABEL [--role ROLE] [--case CASE] [--label NEW]",
	  "correct a speaker: role, case, label; a label another speaker has merges the two", 2, 2,
	  CMD_WRITE, sub_set },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_speakers(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_speakers_entry, c, a);
}

const struct cmd_entry cmd_speakers_entry = {
	.name = "speakers",
	.synopsis = "[ls] [DOC] | set DOC LABEL [options]",
	.summary = "list the speakers of one or all documents; correct a speaker",
	.description =
		"'speakers set' changes a speaker's role, case or label. A label is part of the\n"
		"document's text ('Label: utterance'), so a new label moves every offset after\n"
		"it: turns and codings move with their words, and the document's text revision\n"
		"is raised as 'ingest --replace' raises it. Giving a speaker the label of another\n"
		"speaker of the document merges the two ('INT' into 'Interviewer'): the turns\n"
		"become the other's, who keeps their role and case. An interviewer's or\n"
		"moderator's turns belong to no case. One change: 'braid undo' restores it.",
	.opts = opts,
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_speakers,
	.subcmds = subs,
	.default_sub = "ls",
};
