/* cmd-show.c - braid show DOC: print a document, or its turns. */
#include <string.h>

#include "braid/corpus.h"
#include "braid/transcript.h"
#include "cli.h"


static const struct cli_opt opts[] = {
	{ "turns", 't', NULL, "print the turns: number, time, speaker (role), offsets, text" },
	{ "speaker", 's', "LABEL", "only the turns of this speaker (implies --turns)" },
	{ "json", 0, NULL, "print the document and its turns as JSON" },
	{ NULL, 0, NULL, NULL },
};

struct show_out {
	FILE *f;
	struct braid_json j;
	int json;
};

static int turn_row(const struct braid_turn_row *t, void *data)
{
	struct show_out *o = data;
	char tm[32] = "";

	if (o->json) {
		braid_json_begin_object(&o->j);
		braid_json_kv_int(&o->j, "turn", t->idx);
		braid_json_kv_str(&o->j, "speaker", t->speaker);
		braid_json_kv_str(&o->j, "role", t->role);
		braid_json_kv_str(&o->j, "case", t->case_name);
		braid_json_kv_int(&o->j, "start", t->start);
		braid_json_kv_int(&o->j, "end", t->end);
		braid_json_key(&o->j, "start_ms");
		if (t->start_ms == BRAID_NO_TIME)
			braid_json_null(&o->j);
		else
			braid_json_int(&o->j, t->start_ms);
		braid_json_key(&o->j, "end_ms");
		if (t->end_ms == BRAID_NO_TIME)
			braid_json_null(&o->j);
		else
			braid_json_int(&o->j, t->end_ms);
		braid_json_kv_int(&o->j, "words", t->words);
		braid_json_key(&o->j, "text");
		braid_json_strn(&o->j, t->text, t->text_len);
		braid_json_end_object(&o->j);
		return 0;
	}
	if (t->start_ms != BRAID_NO_TIME) {
		tm[0] = '[';
		cli_format_ms(t->start_ms, tm + 1, sizeof(tm) - 3);
		strcat(tm, "] ");
	}
	fprintf(o->f, "#%lld %s%s (%s) %lld-%lld\n", (long long)t->idx, tm, t->speaker, t->role,
		(long long)t->start, (long long)t->end);
	fwrite(t->text, 1, t->text_len, o->f);
	fputs("\n\n", o->f);
	return 0;
}

static int doc_json(const struct braid_doc_row *d, void *data)
{
	struct show_out *o = data;

	braid_json_kv_str(&o->j, "name", d->name);
	braid_json_kv_str(&o->j, "kind", d->kind);
	braid_json_kv_str(&o->j, "format", d->format);
	braid_json_kv_str(&o->j, "case", d->case_name);
	braid_json_kv_str(&o->j, "language", d->language);
	braid_json_kv_int(&o->j, "words", d->words);
	return 0;
}

static int cmd_show(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_show_entry;
	const char *doc = a->pos[0], *speaker = cli_opt(a, e, "speaker");
	struct show_out o = { .f = c->out, .json = cli_opt(a, e, "json") != NULL };
	int rc;

	if (o.json) {
		braid_json_init(&o.j, c->out);
		braid_json_begin_object(&o.j);
		rc = braid_corpus_doc(c->st, doc, doc_json, &o, &c->err);
		if (!rc) {
			braid_json_key(&o.j, "turns");
			braid_json_begin_array(&o.j);
			rc = braid_corpus_turns(c->st, doc, speaker, turn_row, &o, &c->err);
			braid_json_end_array(&o.j);
		}
		braid_json_end_object(&o.j);
	} else if (cli_opt(a, e, "turns") || speaker) {
		rc = braid_corpus_turns(c->st, doc, speaker, turn_row, &o, &c->err);
	} else {
		struct strbuf text = STRBUF_INIT;

		rc = braid_corpus_text(c->st, doc, &text, &c->err);
		if (!rc) {
			fwrite(text.buf, 1, text.len, c->out);
			fputc('\n', c->out);
		}
		strbuf_release(&text);
	}
	return rc ? cli_fail(c) : EXIT_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.synopsis = "DOC",
	.summary = "print a document's normalised text, or its turns",
	.description = "Offsets are code points into the normalised text (docs/architecture.md).",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_show,
};
