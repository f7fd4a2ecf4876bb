/* cmd-stats.c - braid stats codes: code frequencies, overall or per document, case or coder. */
#include <string.h>

#include "braid/coding.h"
#include "braid/columns.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "by", 'b', "GROUP", "codes: one row per code and doc, case or coder" },
	{ "rollup", 'r', NULL, "codes: count the codings of the codes below each code in its "
			       "figures" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int stats_row(const struct braid_stats_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_stats_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_codes(struct cli *c, const struct cli_args *a)
{
	static const char *const by_names[] = { NULL, "doc", "case", "coder" };
	const char *by = cli_opt(a, &cmd_stats_entry, "by");
	enum braid_stats_by b = BRAID_BY_NONE;
	unsigned flags = 0;
	struct cli_listing l;
	int fmt;

	if (by) {
		for (int i = 1; i < 4; i++)
			if (!strcmp(by, by_names[i]))
				b = (enum braid_stats_by)i;
		if (b == BRAID_BY_NONE)
			return cli_sub_usage(c, "unknown group '%s' (expected doc, case or coder)",
					     by);
	}
	if ((fmt = cli_format(c, &cmd_stats_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, braid_stats_listing(b), fmt);
	if (cli_opt(a, &cmd_stats_entry, "rollup"))
		flags |= BRAID_STATS_ROLLUP;
	return cli_listing_end(c, &l, braid_code_stats(c->st, b, flags, stats_row, &l, &c->err));
}

static const struct subcmd subs[] = {
	{ "codes", "[--by doc|case|coder] [--rollup] " CLI_FORMAT_USAGE,
	  "segments, words coded, documents and cases per code, in tree order", 0, 0, 0,
	  sub_codes },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_stats(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_stats_entry, c, a);
}

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.synopsis = "codes [ARGS]",
	.summary = "counts: code frequencies overall or per document, case or coder",
	.description =
		"Rejected codings are not counted; pending autocoded ones are. Words coded count\n"
		"overlapping segments of a code once. With --rollup a code's figures include the\n"
		"codings of the codes below it, a span coded with a code and one below it once.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_stats,
	.subcmds = subs,
};
