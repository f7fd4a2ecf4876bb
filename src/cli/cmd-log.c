/* cmd-log.c - braid log: the audit trail. */
#include "cli.h"


static const struct cli_opt opts[] = {
	{ "limit", 'n', "N", "only the newest N entries" },
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct log_out {
	FILE *f;
	struct json j;
	int json;
};

static int log_row(const struct braid_audit_row *r, void *data)
{
	struct log_out *o = data;

	if (o->json) {
		json_begin_object(&o->j);
		json_kv_int(&o->j, "id", r->id);
		json_kv_str(&o->j, "time", r->time);
		json_kv_str(&o->j, "coder", r->coder);
		json_kv_str(&o->j, "command", r->command);
		json_kv_str(&o->j, "detail", r->detail);
		json_end_object(&o->j);
	} else {
		fprintf(o->f, "%lld  %s  %s  %s: %s\n", (long long)r->id, r->time,
			r->coder ? r->coder : "-", r->command, r->detail);
	}
	return 0;
}

static int cmd_log(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_log_entry;
	struct log_out o = { .f = c->out, .json = cli_opt(a, e, "json") != NULL };
	long limit = cli_parse_count(e, "limit", cli_opt(a, e, "limit"));
	int rc;

	if (limit < 0)
		return EXIT_USAGE;
	if (o.json) {
		json_init(&o.j, c->out);
		json_begin_array(&o.j);
	}
	rc = braid_store_audit_each(c->st, (int)limit, log_row, &o, &c->err);
	if (o.json)
		json_end_array(&o.j);
	return rc ? cli_fail(c) : EXIT_OK;
}

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.summary = "show the audit trail: who changed what, when, with which command",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_log,
};
