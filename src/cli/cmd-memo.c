/* cmd-memo.c - braid memo add|ls: analytic memos on the project, a document, a code or a segment. */
#include <string.h>

#include "braid/coding.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "on", 'o', "TARGET", "project, doc:DOC, code:CODE or segment:N (a coding id)" },
	{ "coder", 0, "NAME", "add: who writes it (default: $BRAID_CODER, else $USER)" },
	{ "json", 0, NULL, "ls: print a JSON array (fields in docs/cli.md)" },
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

struct memo_out {
	struct listing l;
	struct strbuf on, text;
};

static int memo_row(const struct braid_memo_row *r, void *ctx)
{
	struct memo_out *o = ctx;

	strbuf_reset(&o->on);
	strbuf_addstr(&o->on, r->target);
	if (r->target_ref)
		strbuf_addf(&o->on, ":%s", r->target_ref);
	if (o->l.json) {
		braid_json_begin_object(&o->l.j);
		braid_json_kv_int(&o->l.j, "id", r->id);
		braid_json_kv_str(&o->l.j, "on", o->on.buf);
		braid_json_kv_str(&o->l.j, "target", r->target);
		braid_json_kv_str(&o->l.j, "ref", r->target_ref);
		braid_json_kv_str(&o->l.j, "coder", r->coder);
		braid_json_kv_str(&o->l.j, "text", r->text);
		braid_json_kv_str(&o->l.j, "created", r->created);
		braid_json_end_object(&o->l.j);
	} else {
		char id[24];
		const char *row[5];

		strbuf_reset(&o->text);
		cli_shorten(r->text, strlen(r->text), 60, &o->text);
		snprintf(id, sizeof(id), "#%lld", (long long)r->id);
		row[0] = id;
		row[1] = o->on.buf;
		row[2] = r->coder;
		row[3] = r->created;
		row[4] = o->text.buf;
		table_add(&o->l.t, row);
	}
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "ID", "ON", "CODER", "CREATED", "TEXT" };
	struct memo_out o;
	int rc;

	strbuf_init(&o.on, 0);
	strbuf_init(&o.text, 0);
	listing_begin(&o.l, c->out, cli_opt(a, &cmd_memo_entry, "json") != NULL, 5, 0x1, head);
	rc = braid_memos_each(c->st, cli_opt(a, &cmd_memo_entry, "on"), memo_row, &o, &c->err);
	listing_end(&o.l, !rc);
	strbuf_release(&o.on);
	strbuf_release(&o.text);
	return rc ? cli_fail(c) : EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", "--on TARGET [--coder NAME] TEXT...", "write a memo (the words of TEXT are joined)",
	  1, -1, CMD_WRITE | CMD_AS_CODER, sub_add },
	{ "ls", "[--on TARGET] [--json]", "list memos, oldest first", 0, 0, 0, sub_ls },
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
