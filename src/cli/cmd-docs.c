/* cmd-docs.c - braid docs: list the documents. */
#include "braid/corpus.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

static int doc_row(const struct braid_doc_row *d, void *data)
{
	struct listing *l = data;
	char turns[24], spk[24], words[24];

	if (l->json) {
		braid_json_begin_object(&l->j);
		braid_json_kv_str(&l->j, "name", d->name);
		braid_json_kv_str(&l->j, "kind", d->kind);
		braid_json_kv_str(&l->j, "format", d->format);
		braid_json_kv_int(&l->j, "turns", d->turns);
		braid_json_kv_int(&l->j, "speakers", d->speakers);
		braid_json_kv_int(&l->j, "words", d->words);
		braid_json_kv_int(&l->j, "chars", d->chars);
		braid_json_kv_str(&l->j, "case", d->case_name);
		braid_json_kv_str(&l->j, "language", d->language);
		braid_json_kv_str(&l->j, "source", d->source);
		braid_json_kv_str(&l->j, "imported", d->imported);
		braid_json_end_object(&l->j);
	} else {
		const char *row[] = { d->name, d->kind, d->format, cli_int(turns, d->turns),
				      cli_int(spk, d->speakers), cli_int(words, d->words),
				      d->case_name };

		table_add(&l->t, row);
	}
	return 0;
}

static int cmd_docs(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "NAME", "KIND", "FORMAT", "TURNS", "SPEAKERS", "WORDS", "CASE" };
	struct listing l;
	int rc;

	listing_begin(&l, c->out, a->value[0] != NULL, 7, 0x38, head);
	rc = braid_corpus_docs(c->st, doc_row, &l, &c->err);
	listing_end(&l, !rc);
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
