/* cmd-log.c - braid log: the audit trail, with what was undone and redone. */
#include <string.h>

#include "braid/history.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "limit", 'n', "N", "only the newest N entries" },
	{ "coder", 0, "NAME", "only the changes this person made" },
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct log_out {
	FILE *f;
	struct braid_json j;
	int json;
};

static int log_row(const struct braid_log_row *r, void *data)
{
	struct log_out *o = data;

	if (o->json) {
		braid_json_begin_object(&o->j);
		braid_json_kv_int(&o->j, "id", r->id);
		braid_json_kv_str(&o->j, "time", r->time);
		braid_json_kv_str(&o->j, "coder", r->coder);
		braid_json_kv_str(&o->j, "command", r->command);
		braid_json_kv_str(&o->j, "detail", r->detail);
		braid_json_kv_str(&o->j, "kind", r->kind);
		braid_json_key(&o->j, "phase");
		if (r->phase)
			braid_json_int(&o->j, r->phase);
		else
			braid_json_null(&o->j);
		braid_json_key(&o->j, "reverts");
		if (r->reverts)
			braid_json_int(&o->j, r->reverts);
		else
			braid_json_null(&o->j);
		braid_json_key(&o->j, "undone");
		if (r->undone)
			braid_json_int(&o->j, r->undone);
		else
			braid_json_null(&o->j);
		braid_json_key(&o->j, "change");
		braid_json_raw(&o->j, r->change);
		braid_json_end_object(&o->j);
		return 0;
	}
	fprintf(o->f, "%lld  %s  %s  %s: %s", (long long)r->id, r->time, r->coder ? r->coder : "-",
		r->command, r->detail);
	if (r->undone)
		fprintf(o->f, "  [%s by #%lld]", r->reverts && !strcmp(r->kind, "undo") ? "redone" : "undone",
			(long long)r->undone);
	fputc('\n', o->f);
	return 0;
}

static int cmd_log(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_log_entry;
	struct log_out o = { .f = c->out, .json = cli_opt(a, e, "json") != NULL };
	long limit = cli_parse_count(e, "limit", cli_opt(a, e, "limit"));
	struct braid_log_filter f = { .coder = cli_opt(a, e, "coder") };
	int rc;

	if (limit < 0)
		return EXIT_USAGE;
	f.limit = (int)limit;
	if (o.json) {
		braid_json_init(&o.j, c->out);
		braid_json_begin_array(&o.j);
	}
	rc = braid_log_each(c->st, &f, log_row, &o, &c->err);
	if (o.json)
		braid_json_end_array(&o.j);
	return rc ? cli_fail(c) : EXIT_OK;
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.summary = "show the audit trail: who changed what, when, with which command",
	.description =
		"One line per change: id, time, person, command and what it did. A change that\n"
		"was undone says by which row ([undone by #N]); an undo that was redone says so.\n"
		"--json adds the kind (do, undo, redo), the row an undo or redo reverts, the phase\n"
		"of the analysis and a summary of the rows added, changed and removed per table.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_log,
};
