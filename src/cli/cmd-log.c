/* cmd-log.c - braid log: the audit trail, with what was undone and redone. */
#include "braid/columns.h"
#include "braid/history.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "limit", 'n', "N", "only the newest N entries" },
	{ "coder", 0, "NAME", "only the changes this person made" },
	{ "phase", 0, "N", "only the changes made in phase N of the analysis (1-6)" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int log_row(const struct braid_log_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_log_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int cmd_log(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_log_entry;
	long limit = cli_parse_count(e, "limit", cli_opt(a, e, "limit"));
	struct braid_log_filter f = { .coder = cli_opt(a, e, "coder") };
	struct cli_listing l;
	int fmt;

	if (limit < 0 || (fmt = cli_format(c, e, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	if (cli_opt(a, e, "phase")) {
		long p = cli_parse_count(e, "phase", cli_opt(a, e, "phase"));

		if (p < 1 || p > 6)
			return p < 0 ? EXIT_USAGE
				     : cli_usage_error(e, "--phase is 1 to 6, not '%s'",
						       cli_opt(a, e, "phase"));
		f.phase = p;
	}
	f.limit = (int)limit;
	cli_listing_begin(c, &l, &braid_log_listing, fmt);
	return cli_listing_end(c, &l, braid_log_each(c->st, &f, log_row, &l, &c->err));
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.summary = "show the audit trail: who changed what, when, with which command",
	.description =
		"One line per change: id, time, person, command and what it did. A change that\n"
		"was undone says by which row ([undone by #N]); an undo that was redone says so.\n"
		"JSON, CSV and TSV add the kind (do, undo, redo), the row an undo or redo\n"
		"reverts, the phase of the analysis and a summary of the rows added, changed\n"
		"and removed per table.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_log,
};
