/* cmd-memo.c - braid memo add|ls: analytic memos on the project, a document, a code or a segment. */
#include <string.h>

#include "braid/coding.h"
#include "braid/columns.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "on", 'o', "TARGET", "project, doc:DOC, code:CODE or segment:N (a coding id)" },
	{ "coder", 0, "NAME", "add: who writes it (default: $BRAID_CODER, else $USER)" },
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int sub_add(struct cli *c, const struct cli_args *a)
{
	const char *on = cli_opt(a, &cmd_memo_entry, "on");
	const char *coder = cli_opt(a, &cmd_memo_entry, "coder");
	struct strbuf text = STRBUF_INIT, shown = STRBUF_INIT;
	int64_t id;
	int rc = EXIT_OK;

	if (!on)
		return cli_sub_usage(c, "what is the memo on? give --on project, doc:DOC, code:CODE "
					"or segment:N");
	if (!coder)
		coder = c->coder;
	if (!coder)
		return cli_sub_usage(c, "who writes it? give --coder NAME (or set $BRAID_CODER)");
	for (int i = 0; i < a->npos; i++)
		strbuf_addf(&text, "%s%s", i ? " " : "", a->pos[i]);
	if (braid_memo_add(c->st, on, coder, text.buf, &id, &c->err)) {
		rc = cli_fail(c);
	} else {
		cli_shorten(text.buf, text.len, 80, &shown);
		fprintf(c->out, "memo #%lld on %s by %s\n", (long long)id, on, coder);
	}
	strbuf_release(&text);
	strbuf_release(&shown);
	return rc;
}

static int memo_row(const struct braid_memo_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_memo_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_memo_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_memos_listing, fmt);
	return cli_listing_end(c, &l, braid_memos_each(c->st, cli_opt(a, &cmd_memo_entry, "on"),
						       memo_row, &l, &c->err));
}

static const struct subcmd subs[] = {
	{ "add", "--on TARGET [--coder NAME] TEXT...", "write a memo (the words of TEXT are joined)",
	  1, -1, CMD_WRITE | CMD_AS_CODER, sub_add },
	{ "ls", "[--on TARGET] " CLI_FORMAT_USAGE, "list memos, oldest first", 0, 0, 0, sub_ls },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_memo(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_memo_entry, c, a);
}

const struct cmd_entry cmd_memo_entry = {
	.name = "memo",
	.synopsis = "add|ls [ARGS]",
	.summary = "write and list memos on the project, a document, a code or a coded segment",
	.description = "TARGET is project, doc:DOC, code:CODE (id or name) or segment:N, where N\n"
		       "is a coding id (braid code ls); the target must exist.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_memo,
	.subcmds = subs,
};
