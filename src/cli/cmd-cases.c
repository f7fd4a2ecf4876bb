/* cmd-cases.c - braid cases: list the cases (participants). */
#include "braid/corpus.h"
#include "cli.h"

extern const struct cmd_entry cmd_cases_entry;

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct case_out {
	struct json j;
	struct table t;
	int json;
};

static int case_row(const struct braid_case_row *r, void *data)
{
	struct case_out *o = data;
	char docs[24], spk[24], turns[24], words[24];
	const char *row[5];

	if (o->json) {
		json_begin_object(&o->j);
		json_kv_str(&o->j, "case", r->name);
		json_kv_int(&o->j, "docs", r->docs);
		json_kv_int(&o->j, "speakers", r->speakers);
		json_kv_int(&o->j, "turns", r->turns);
		json_kv_int(&o->j, "words", r->words);
		json_end_object(&o->j);
		return 0;
	}
	snprintf(docs, sizeof(docs), "%lld", (long long)r->docs);
	snprintf(spk, sizeof(spk), "%lld", (long long)r->speakers);
	snprintf(turns, sizeof(turns), "%lld", (long long)r->turns);
	snprintf(words, sizeof(words), "%lld", (long long)r->words);
	row[0] = r->name;
	row[1] = docs;
	row[2] = spk;
	row[3] = turns;
	row[4] = words;
	table_add(&o->t, row);
	return 0;
}

static int cmd_cases(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "CASE", "DOCS", "SPEAKERS", "TURNS", "WORDS" };
	struct case_out o = { .json = a->value[0] != NULL };
	int rc;

	if (o.json) {
		json_init(&o.j, c->out);
		json_begin_array(&o.j);
	} else {
		table_init(&o.t, 5, 0x1e, head);
	}
	rc = braid_corpus_cases(c->st, case_row, &o, &c->err);
	if (o.json) {
		json_end_array(&o.j);
	} else {
		if (!rc)
			table_print(&o.t, c->out, 0);
		table_release(&o.t);
	}
	return rc ? cli_fail(c) : EXIT_OK;
}

const struct cmd_entry cmd_cases_entry = {
	.name = "cases",
	.summary = "list the cases (participants) with their documents, speakers, turns and words",
	.description = "Turns count for a case when their speaker is linked to it, or when the\n"
		       "document is and the speaker is a participant.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_cases,
};
