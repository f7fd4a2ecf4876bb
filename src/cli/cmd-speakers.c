/* cmd-speakers.c - braid speakers [DOC]: list speakers with roles and cases. */
#include "braid/corpus.h"
#include "cli.h"

extern const struct cmd_entry cmd_speakers_entry;

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct spk_out {
	struct json j;
	struct table t;
	int json;
};

static int spk_row(const struct braid_speaker_row *s, void *data)
{
	struct spk_out *o = data;
	char turns[24], words[24];
	const char *row[6];

	if (o->json) {
		json_begin_object(&o->j);
		json_kv_str(&o->j, "doc", s->doc);
		json_kv_str(&o->j, "label", s->label);
		json_kv_str(&o->j, "role", s->role);
		json_kv_str(&o->j, "case", s->case_name);
		json_kv_int(&o->j, "turns", s->turns);
		json_kv_int(&o->j, "words", s->words);
		json_end_object(&o->j);
		return 0;
	}
	snprintf(turns, sizeof(turns), "%lld", (long long)s->turns);
	snprintf(words, sizeof(words), "%lld", (long long)s->words);
	row[0] = s->doc;
	row[1] = s->label;
	row[2] = s->role;
	row[3] = s->case_name;
	row[4] = turns;
	row[5] = words;
	table_add(&o->t, row);
	return 0;
}

static int cmd_speakers(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "DOC", "SPEAKER", "ROLE", "CASE", "TURNS", "WORDS" };
	struct spk_out o = { .json = a->value[0] != NULL };
	int rc;

	if (o.json) {
		json_init(&o.j, c->out);
		json_begin_array(&o.j);
	} else {
		table_init(&o.t, 6, 0x30, head);
	}
	rc = braid_corpus_speakers(c->st, a->npos ? a->pos[0] : NULL, spk_row, &o, &c->err);
	if (o.json) {
		json_end_array(&o.j);
	} else {
		if (!rc)
			table_print(&o.t, c->out, 0);
		table_release(&o.t);
	}
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
