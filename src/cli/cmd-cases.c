/*
 * cmd-cases.c - braid cases: list the cases (participants) (cases, cases
 * ls), rename one (cases rename), merge two (cases merge).
 */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "braid/curate.h"
#include "braid/survey.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	CLI_FORMAT_OPTS("ls, check: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int case_row(const struct braid_case_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_case_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_cases_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_cases_listing, fmt);
	return cli_listing_end(c, &l, braid_corpus_cases(c->st, case_row, &l, &c->err));
}

/* Prints what the core recorded of the change: the same words as the audit log. */
static int said(struct cli *c)
{
	const char *text = braid_change_text(c->st);

	fprintf(c->out, "%s\n", *text ? text : "nothing changed");
	return EXIT_OK;
}

static int sub_rename(struct cli *c, const struct cli_args *a)
{
	if (braid_curate_case_rename(c->st, a->pos[0], a->pos[1], &c->err))
		return cli_fail(c);
	return said(c);
}

static int sub_merge(struct cli *c, const struct cli_args *a)
{
	if (braid_curate_case_merge(c->st, a->pos[0], a->pos[1], NULL, NULL, &c->err))
		return cli_fail(c);
	return said(c);
}

static int sub_link(struct cli *c, const struct cli_args *a)
{
	if (braid_survey_link(c->st, a->pos[0], a->pos[1], &c->err))
		return cli_fail(c);
	return said(c);
}

static int sub_unlink(struct cli *c, const struct cli_args *a)
{
	if (braid_survey_unlink(c->st, a->pos[0], &c->err))
		return cli_fail(c);
	return said(c);
}

static int check_row(const struct braid_case_check_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_case_check_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_check(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_cases_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_case_check_listing, fmt);
	return cli_listing_end(c, &l, braid_survey_check(c->st, check_row, &l, &c->err));
}

static const struct subcmd subs[] = {
	{ "ls", CLI_FORMAT_USAGE,
	  "list the cases with their documents, speakers, turns and words", 0, 0, 0, sub_ls },
	{ "rename", "CASE NEW-NAME", "give a case another (unique) name", 2, 2, CMD_WRITE,
	  sub_rename },
	{ "merge", "FROM INTO", "link FROM's documents and speakers to INTO, and remove FROM", 2, 2,
	  CMD_WRITE, sub_merge },
	{ "link", "CASE|DOC:SPEAKER SURVEY-ID",
	  "link a case (or a focus-group participant) to a survey row by hand", 2, 2, CMD_WRITE,
	  sub_link },
	{ "unlink", "CASE", "take a case's link to its survey row away", 1, 1, CMD_WRITE,
	  sub_unlink },
	{ "check", CLI_FORMAT_USAGE,
	  "cases without survey rows, survey ids never interviewed, speakers without case", 0, 0,
	  0, sub_check },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_cases(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_cases_entry, c, a);
}

const struct cmd_entry cmd_cases_entry = {
	.name = "cases",
	.synopsis = "[ls|rename|merge|link|unlink|check] [ARGS]",
	.summary = "list the cases (participants); rename, merge, link them to survey rows",
	.description = "A turn belongs to its speaker's case, else to its document's; an\n"
		       "interviewer's or moderator's turns belong to no case.",
	.opts = opts,
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_cases,
	.subcmds = subs,
	.default_sub = "ls",
};
