/*
 * cmd-memo.c - braid memo add|ls|edit|rm: memos (analytic, familiarisation,
 * reflexive) on the project, a document, a code, a segment or a theme.
 */
#include <string.h>

#include "braid/coding.h"
#include "braid/columns.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "on", 'o', "TARGET", "project, doc:DOC, code:CODE, segment:N (a coding id) or "
			       "theme:THEME" },
	{ "coder", 0, "NAME", "add: who writes it (default: $BRAID_CODER, else $USER)" },
	{ "kind", 'k', "KIND", "add: the memo's kind, {memo-kind} (default analytic); ls: only those" },
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ NULL, 0, NULL, NULL },
};

static int sub_add(struct cli *c, const struct cli_args *a)
{
	const char *on = cli_opt(a, &cmd_memo_entry, "on");
	const char *coder = cli_opt(a, &cmd_memo_entry, "coder");
	const char *kind = cli_opt(a, &cmd_memo_entry, "kind");
	struct strbuf text = STRBUF_INIT, shown = STRBUF_INIT;
	int64_t id;
	int rc = EXIT_OK;

	if (!on)
		return cli_sub_usage(c, "what is the memo on? give --on project, doc:DOC, code:CODE, "
					"segment:N or theme:THEME");
	if (!coder)
		coder = c->coder;
	if (!coder)
		return cli_sub_usage(c, "who writes it? give --coder NAME (or set $BRAID_CODER)");
	if (kind && braid_vocab_parse(&braid_vocab_memo_kind, kind) < 0)
		return cli_vocab_usage(c, &braid_vocab_memo_kind, kind);
	for (int i = 0; i < a->npos; i++)
		strbuf_addf(&text, "%s%s", i ? " " : "", a->pos[i]);
	if (braid_memo_add(c->st, on, kind, coder, text.buf, &id, &c->err)) {
		rc = cli_fail(c);
	} else {
		cli_shorten(text.buf, text.len, 80, &shown);
		fprintf(c->out, "%s memo #%lld on %s by %s\n", kind ? kind : "analytic", (long long)id,
			on, coder);
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
						       cli_opt(a, &cmd_memo_entry, "kind"),
						       memo_row, &l, &c->err));
}

/* Prints what the core recorded: the same words as the audit log. */
static int said(struct cli *c)
{
	const char *text = braid_change_text(c->st);

	fprintf(c->out, "%s\n", *text ? text : "nothing changed");
	return EXIT_OK;
}

static int sub_edit(struct cli *c, const struct cli_args *a)
{
	struct strbuf text = STRBUF_INIT;
	long long id = cli_parse_id(a->pos[0]);
	int rc;

	if (id < 0)
		return cli_sub_usage(c, "'%s' is not a memo id (a number from 1)", a->pos[0]);
	for (int i = 1; i < a->npos; i++)
		strbuf_addf(&text, "%s%s", i > 1 ? " " : "", a->pos[i]);
	rc = braid_memo_edit(c->st, id, text.buf, &c->err) ? cli_fail(c) : said(c);
	strbuf_release(&text);
	return rc;
}

static int sub_rm(struct cli *c, const struct cli_args *a)
{
	for (int i = 0; i < a->npos; i++) {
		long long id = cli_parse_id(a->pos[i]);

		if (id < 0)
			return cli_sub_usage(c, "'%s' is not a memo id (a number from 1)", a->pos[i]);
		if (braid_memo_rm(c->st, id, &c->err))
			return cli_fail(c);
	}
	return said(c);
}

static const struct subcmd subs[] = {
	{ "add", "--on TARGET [--kind KIND] [--coder NAME] TEXT...",
	  "write a memo (the words of TEXT are joined)",
	  1, -1, CMD_WRITE | CMD_AS_CODER, sub_add },
	{ "ls", "[--on TARGET] [--kind KIND] " CLI_FORMAT_USAGE, "list memos, oldest first", 0, 0, 0, sub_ls },
	{ "edit", "ID TEXT...", "replace a memo's text", 2, -1, CMD_WRITE, sub_edit },
	{ "rm", "ID...", "remove memos", 1, -1, CMD_WRITE, sub_rm },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_memo(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_memo_entry, c, a);
}

const struct cmd_entry cmd_memo_entry = {
	.name = "memo",
	.synopsis = "add|ls|edit|rm [ARGS]",
	.summary = "write, list, edit and remove memos on the project, a document, a code, a coded "
		   "segment or a theme",
	.description = "TARGET is project, doc:DOC, code:CODE (id or name), segment:N, where N\n"
		       "is a coding id (braid code ls), or theme:THEME (id or name); the target\n"
		       "must exist.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_memo,
	.subcmds = subs,
};
