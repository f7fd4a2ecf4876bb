/* cmd-cases.c - braid cases: list the cases (participants). */
#include "braid/corpus.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

static int case_row(const struct braid_case_row *r, void *data)
{
	struct listing *l = data;
	char docs[24], spk[24], turns[24], words[24];

	if (l->json) {
		braid_json_begin_object(&l->j);
		braid_json_kv_str(&l->j, "case", r->name);
		braid_json_kv_int(&l->j, "docs", r->docs);
		braid_json_kv_int(&l->j, "speakers", r->speakers);
		braid_json_kv_int(&l->j, "turns", r->turns);
		braid_json_kv_int(&l->j, "words", r->words);
		braid_json_end_object(&l->j);
	} else {
		const char *row[] = { r->name, cli_int(docs, r->docs), cli_int(spk, r->speakers),
				      cli_int(turns, r->turns), cli_int(words, r->words) };

		table_add(&l->t, row);
	}
	return 0;
}

static int cmd_cases(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "CASE", "DOCS", "SPEAKERS", "TURNS", "WORDS" };
	struct listing l;
	int rc;

	listing_begin(&l, c->out, a->value[0] != NULL, 5, 0x1e, head);
	rc = braid_corpus_cases(c->st, case_row, &l, &c->err);
	listing_end(&l, !rc);
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
