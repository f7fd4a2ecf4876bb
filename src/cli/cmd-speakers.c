/* cmd-speakers.c - braid speakers [DOC]: list speakers with roles and cases. */
#include "braid/corpus.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

static int spk_row(const struct braid_speaker_row *s, void *data)
{
	struct listing *l = data;
	char turns[24], words[24];

	if (l->json) {
		braid_json_begin_object(&l->j);
		braid_json_kv_str(&l->j, "doc", s->doc);
		braid_json_kv_str(&l->j, "label", s->label);
		braid_json_kv_str(&l->j, "role", s->role);
		braid_json_kv_str(&l->j, "case", s->case_name);
		braid_json_kv_int(&l->j, "turns", s->turns);
		braid_json_kv_int(&l->j, "words", s->words);
		braid_json_end_object(&l->j);
	} else {
		const char *row[] = { s->doc, s->label, s->role, s->case_name,
				      cli_int(turns, s->turns), cli_int(words, s->words) };

		table_add(&l->t, row);
	}
	return 0;
}

static int cmd_speakers(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "DOC", "SPEAKER", "ROLE", "CASE", "TURNS", "WORDS" };
	struct listing l;
	int rc;

	listing_begin(&l, c->out, a->value[0] != NULL, 6, 0x30, head);
	rc = braid_corpus_speakers(c->st, a->npos ? a->pos[0] : NULL, spk_row, &l, &c->err);
	listing_end(&l, !rc);
	return rc ? cli_fail(c) : EXIT_OK;
}

const struct cmd_entry cmd_speakers_entry = {
	.name = "speakers",
	.synopsis = "[DOC]",
	.summary = "list the speakers of one or all documents with role, case, turns and words",
	.opts = opts,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_speakers,
};
