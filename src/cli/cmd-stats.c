/* cmd-stats.c - braid stats codes: code frequencies, overall or per document, case or coder. */
#include <string.h>

#include "braid/coding.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "by", 'b', "GROUP", "codes: one row per code and doc, case or coder" },
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct stats_out {
	struct listing l;
	int by;
	struct strbuf name, last; /* indented name; the code of the previous row */
};

static int stats_row(const struct braid_stats_row *r, void *ctx)
{
	struct stats_out *o = ctx;
	char seg[24], words[24], docs[24], cases[24];
	const char *row[6];
	size_t k = 0;

	if (o->l.json) {
		braid_json_begin_object(&o->l.j);
		braid_json_kv_str(&o->l.j, "code", r->code);
		braid_json_kv_str(&o->l.j, "name", r->code_name);
		braid_json_kv_int(&o->l.j, "depth", r->depth);
		braid_json_kv_str(&o->l.j, "group", r->group);
		braid_json_kv_int(&o->l.j, "segments", r->segments);
		braid_json_kv_int(&o->l.j, "words", r->words);
		braid_json_kv_int(&o->l.j, "docs", r->docs);
		braid_json_kv_int(&o->l.j, "cases", r->cases);
		braid_json_end_object(&o->l.j);
		return 0;
	}
	strbuf_reset(&o->name);
	/* per group, the code's name only on its first row */
	if (!o->by || strcmp(o->last.buf, r->code)) {
		for (int d = 0; d < r->depth; d++)
			strbuf_addstr(&o->name, "  ");
		strbuf_addstr(&o->name, r->code_name);
	}
	strbuf_reset(&o->last);
	strbuf_addstr(&o->last, r->code);
	row[k++] = o->name.buf;
	if (o->by)
		row[k++] = r->group;
	row[k++] = cli_int(seg, r->segments);
	row[k++] = cli_int(words, r->words);
	row[k++] = cli_int(docs, r->docs);
	row[k++] = cli_int(cases, r->cases);
	table_add(&o->l.t, row);
	return 0;
}

static int sub_codes(struct cli *c, const struct cli_args *a)
{
	static const char *const by_names[] = { NULL, "doc", "case", "coder" };
	const char *by = cli_opt(a, &cmd_stats_entry, "by");
	enum braid_stats_by b = BRAID_BY_NONE;
	struct stats_out o = { .by = 0 };
	const char *head[6];
	size_t k = 0;
	int rc;

	if (by) {
		for (int i = 1; i < 4; i++)
			if (!strcmp(by, by_names[i]))
				b = (enum braid_stats_by)i;
		if (b == BRAID_BY_NONE)
			return cli_sub_usage(c, "unknown group '%s' (expected doc, case or coder)",
					     by);
	}
	o.by = b != BRAID_BY_NONE;
	head[k++] = "CODE";
	if (o.by)
		head[k++] = b == BRAID_BY_DOC ? "DOC" : b == BRAID_BY_CASE ? "CASE" : "CODER";
	head[k++] = "SEGMENTS";
	head[k++] = "WORDS";
	head[k++] = "DOCS";
	head[k++] = "CASES";
	strbuf_init(&o.name, 0);
	strbuf_init(&o.last, 0);
	listing_begin(&o.l, c->out, cli_opt(a, &cmd_stats_entry, "json") != NULL, k,
		      o.by ? 0x3c : 0x1e, head);
	rc = braid_code_stats(c->st, b, stats_row, &o, &c->err);
	listing_end(&o.l, !rc);
	strbuf_release(&o.name);
	strbuf_release(&o.last);
	return rc ? cli_fail(c) : EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "codes", "[--by doc|case|coder] [--json]",
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
		"overlapping segments of a code once.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_stats,
	.subcmds = subs,
};
