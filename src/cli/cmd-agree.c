/*
 * cmd-agree.c - braid agree: agreement between coders. The project mode
 * (--coders) is in agree-project.c; the matrix mode (--matrix FILE.csv)
 * comes with the reliability branch.
 */
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "coders", 'c', "A,B[,...]", "the coders to compare (two or more), separated by commas" },
	{ "code", 0, "CODE", "only this code (not its sub-codes); may be given more than once" },
	{ "doc", 'd', "DOC", "only this document; may be given more than once (default: every "
			     "document each coder coded)" },
	{ "unit", 'u', "UNIT", "{unit} (default turn)" },
	{ "domain", 0, "CODE", "with --unit char: the sub-codes of CODE as one semantic domain" },
	{ "interviewers", 0, NULL, "count interviewers' and moderators' turns as units too" },
	{ "bootstrap", 'b', "N", "resamples for alpha's interval (default 1000; 0: none)" },
	{ "seed", 0, "S", "seed of the bootstrap (default 1)" },
	{ "disagreements", 0, NULL, "list every unit where the coders differ" },
	{ "format", 'f', "FORMAT", "{agree-format} (default text)" },
	{ "json", 0, NULL, "the same as --format json" },
	{ NULL, 0, NULL, NULL },
};

static const char *const repeatable[] = { "code", "doc", NULL };

static int cmd_agree(struct cli *c, const struct cli_args *a)
{
	return cmd_agree_project(c, a, &cmd_agree_entry);
}

const struct cmd_entry cmd_agree_entry = {
	.name = "agree",
	.synopsis = NULL,
	.summary = "agreement between coders: kappa, alpha and more, per code and pooled",
	.description = "See docs/agreement-project.md for the units, the counting rules and the "
		       "pooled figures.",
	.opts = opts,
	.flags = CMD_PROJECT,
	.fn = cmd_agree,
	.repeatable = repeatable,
};
