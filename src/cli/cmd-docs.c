/* cmd-docs.c - braid docs: list the documents. */
#include "braid/corpus.h"
#include "cli.h"

extern const struct cmd_entry cmd_docs_entry;

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct docs_out {
	struct json j;
	struct table t;
	int json;
};

static int doc_row(const struct braid_doc_row *d, void *data)
{
	struct docs_out *o = data;
	char turns[24], spk[24], words[24];
	const char *row[7];

	if (o->json) {
		json_begin_object(&o->j);
		json_kv_str(&o->j, "name", d->name);
		json_kv_str(&o->j, "kind", d->kind);
		json_kv_str(&o->j, "format", d->format);
		json_kv_int(&o->j, "turns", d->turns);
		json_kv_int(&o->j, "speakers", d->speakers);
		json_kv_int(&o->j, "words", d->words);
		json_kv_int(&o->j, "chars", d->chars);
		json_kv_str(&o->j, "case", d->case_name);
		json_kv_str(&o->j, "language", d->language);
		json_kv_str(&o->j, "source", d->source);
		json_kv_str(&o->j, "imported", d->imported);
		json_end_object(&o->j);
		return 0;
	}
	snprintf(turns, sizeof(turns), "%lld", (long long)d->turns);
	snprintf(spk, sizeof(spk), "%lld", (long long)d->speakers);
	snprintf(words, sizeof(words), "%lld", (long long)d->words);
	row[0] = d->name;
	row[1] = d->kind;
	row[2] = d->format;
	row[3] = turns;
	row[4] = spk;
	row[5] = words;
	row[6] = d->case_name;
	table_add(&o->t, row);
	return 0;
}

static int cmd_docs(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "NAME", "KIND", "FORMAT", "TURNS", "SPEAKERS", "WORDS", "CASE" };
	struct docs_out o = { .json = a->value[0] != NULL };
	int rc;

	if (o.json) {
		json_init(&o.j, c->out);
		json_begin_array(&o.j);
	} else {
		table_init(&o.t, 7, 0x38, head);
	}
	rc = braid_corpus_docs(c->st, doc_row, &o, &c->err);
	if (o.json) {
		json_end_array(&o.j);
	} else {
		if (!rc)
			table_print(&o.t, c->out, 0);
		table_release(&o.t);
	}
	return rc ? cli_fail(c) : EXIT_OK;
}

const struct cmd_entry cmd_docs_entry = {
	.name = "docs",
	.summary = "list the documents with their kind, format, turns, speakers, words and case",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_docs,
};
