/*
 * cmd-undo.c - braid undo [N] and braid redo [N]: revert a person's latest
 * changes, and re-apply what they undid (history.h).
 */
#include <stdlib.h>

#include "braid/history.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "coder", 0, "NAME", "whose changes (default: $BRAID_CODER, else $USER)" },
	{ NULL, 0, NULL, NULL },
};

static int step(struct cli *c, const struct cli_args *a, const struct cmd_entry *e, int redo)
{
	struct braid_history_result res;
	long n = a->npos ? cli_parse_count(e, "N", a->pos[0]) : 1;

	if (n < 0)
		return EXIT_USAGE;
	if (n < 1 || n > 64)
		return cli_usage_error(e, "N is a number of changes from 1 to 64, not '%s'",
				       a->pos[0]);
	if ((redo ? braid_redo : braid_undo)(c->st, (int)n, &res, &c->err))
		return cli_fail(c);
	for (int i = 0; i < res.n; i++)
		fprintf(c->out, "%s #%lld (now #%lld in the log)\n", redo ? "redid" : "undid",
			(long long)res.reverted[i], (long long)res.done[i]);
	if (res.n < n)
		fprintf(c->out, "only %d change%s to %s\n", res.n, res.n == 1 ? "" : "s",
			redo ? "redo" : "undo");
	return EXIT_OK;
}

static int cmd_undo(struct cli *c, const struct cli_args *a)
{
	return step(c, a, &cmd_undo_entry, 0);
}

static int cmd_redo(struct cli *c, const struct cli_args *a)
{
	return step(c, a, &cmd_redo_entry, 1);
}

const struct cmd_entry cmd_undo_entry = {
	.name = "undo",
	.synopsis = "[N]",
	.summary = "undo your latest change (or N of them): codings, reviews, codes, memos, ingests",
	.description =
		"Reverts the latest N changes of the person (--coder, else $BRAID_CODER, else\n"
		"$USER), newest first, each as its own row in the log. A change that something made\n"
		"later depends on (a code another coder has used, a coding with a memo on it) is\n"
		"not undone: the message names the later change, and nothing changes.",
	.opts = opts,
	.max_pos = 1,
	.flags = CMD_PROJECT | CMD_WRITE | CMD_AS_CODER,
	.fn = cmd_undo,
};

const struct cmd_entry cmd_redo_entry = {
	.name = "redo",
	.synopsis = "[N]",
	.summary = "re-apply what you undid, most recently undone first",
	.description =
		"Redo follows undo: a new change of yours since the undo clears what can be redone.",
	.opts = opts,
	.max_pos = 1,
	.flags = CMD_PROJECT | CMD_WRITE | CMD_AS_CODER,
	.fn = cmd_redo,
};
