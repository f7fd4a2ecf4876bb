/* cmd-coder.c - braid coder add|ls: the people (and "auto") who code. */


#include "braid/coding.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "ls: print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

static int sub_add(struct cli *c, const struct cli_args *a)
{
	const char *name = a->pos[0];
	int64_t id;

	if (!*name)
		return cli_sub_usage(c, "a coder needs a name");
	if (!braid_store_coder(c->st, name, 0, &id, NULL)) {
		fprintf(c->out, "coder '%s' exists already\n", name);
		return EXIT_OK;
	}
	if (braid_store_coder(c->st, name, 1, &id, &c->err))
		return cli_fail(c);
	fprintf(c->out, "added coder '%s'\n", name);
	return EXIT_OK;
}

static int coder_row(const struct braid_coder_row *r, void *ctx)
{
	struct listing *l = ctx;

	if (l->json) {
		braid_json_begin_object(&l->j);
		braid_json_kv_str(&l->j, "name", r->name);
		braid_json_kv_int(&l->j, "codings", r->codings);
		braid_json_kv_int(&l->j, "codes", r->codes);
		braid_json_kv_int(&l->j, "memos", r->memos);
		braid_json_kv_str(&l->j, "created", r->created);
		braid_json_end_object(&l->j);
	} else {
		char n1[24], n2[24], n3[24];
		const char *row[] = { r->name, cli_int(n1, r->codings), cli_int(n2, r->codes),
				      cli_int(n3, r->memos), r->created };

		table_add(&l->t, row);
	}
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "CODER", "CODINGS", "CODES MADE", "MEMOS", "ADDED" };
	struct listing l;
	int rc;

	listing_begin(&l, c->out, cli_opt(a, &cmd_coder_entry, "json") != NULL, 5, 0x0e, head);
	rc = braid_coders_each(c->st, coder_row, &l, &c->err);
	listing_end(&l, !rc);
	return rc ? cli_fail(c) : EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", "NAME", "add a coder (codings name their coder; new names are added anyway)", 1, 1,
	  CMD_WRITE, sub_add },
	{ "ls", "[--json]", "list the coders with their codings, codes made and memos", 0, 0, 0,
	  sub_ls },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_coder(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_coder_entry, c, a);
}

const struct cmd_entry cmd_coder_entry = {
	.name = "coder",
	.synopsis = "add|ls [ARGS]",
	.summary = "add and list the coders",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_coder,
	.subcmds = subs,
};
