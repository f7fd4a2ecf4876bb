/*
 * cmd-quote.c - braid quote: exemplar quotes, codings chosen to illustrate a
 * theme (add, ls, rm). `theme show` and the report print them with the theme.
 */
#include <string.h>

#include "braid/columns.h"
#include "braid/themes.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "note", 'n', "TEXT", "add: why this extract (shown with the quote)" },
	{ "coder", 0, "NAME", "add: who chooses it (default $BRAID_CODER, else $USER)" },
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int sub_add(struct cli *c, const struct cli_args *a)
{
	long long coding = cli_parse_id(a->pos[1]);
	const char *text;
	int64_t theme, id;

	if (coding < 0)
		return cli_sub_usage(c, "'%s' is not a coding id (a number from 1; braid code ls, "
					"braid theme show)",
				     a->pos[1]);
	if (braid_theme_find(c->st, a->pos[0], &theme, &c->err) ||
	    braid_quote_add(c->st, theme, coding, cli_opt(a, &cmd_quote_entry, "note"), c->coder,
			    &id, &c->err))
		return cli_fail(c);
	text = braid_change_text(c->st);
	fprintf(c->out, "%s\n", text);
	return EXIT_OK;
}

static int quote_row(const struct braid_quote_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_quote_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_quote_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;
	int64_t theme = 0;

	if (fmt < 0)
		return EXIT_USAGE;
	if (a->npos && braid_theme_find(c->st, a->pos[0], &theme, &c->err))
		return cli_fail(c);
	cli_listing_begin(c, &l, &braid_quotes_listing, fmt);
	return cli_listing_end(c, &l, braid_quotes_each(c->st, theme, quote_row, &l, &c->err));
}

static int sub_rm(struct cli *c, const struct cli_args *a)
{
	for (int i = 0; i < a->npos; i++) {
		long long id = cli_parse_id(a->pos[i]);

		if (id < 0)
			return cli_sub_usage(c, "'%s' is not a quote id (a number from 1)", a->pos[i]);
		if (braid_quote_rm(c->st, id, &c->err))
			return cli_fail(c);
	}
	fprintf(c->out, "%s\n", braid_change_text(c->st));
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", "THEME CODING-ID [--note TEXT] [--coder NAME]",
	  "choose a coding as an exemplar quote of a theme", 2, 2, CMD_WRITE | CMD_AS_CODER,
	  sub_add },
	{ "ls", "[THEME] " CLI_FORMAT_USAGE, "list the quotes of a theme, or of every theme", 0, 1,
	  0, sub_ls },
	{ "rm", "ID...", "remove quotes (the codings stay)", 1, -1, CMD_WRITE, sub_rm },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_quote(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_quote_entry, c, a);
}

const struct cmd_entry cmd_quote_entry = {
	.name = "quote",
	.synopsis = "add|ls|rm [ARGS]",
	.summary = "exemplar quotes: codings chosen to illustrate a theme",
	.description = "THEME is a theme's id or name; CODING-ID a coding's id (braid code ls, braid\n"
		       "theme show). The coding must be one of the theme's extracts: not rejected,\n"
		       "coded with a code of the theme or of its sub-themes.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_quote,
	.subcmds = subs,
};
