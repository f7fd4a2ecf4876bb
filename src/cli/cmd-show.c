/* cmd-show.c - braid show DOC: print a document, or its turns. */
#include "braid/columns.h"
#include "braid/corpus.h"
#include "braid/transcript.h"
#include "cli.h"

/* show's own format, in front of the listing formats: the text, or the turns as records */
static const char *const own_formats[] = { "text", NULL };
enum { FMT_TEXT = BRAID_OUT_FORMAT_N };

static const struct cli_opt opts[] = {
	{ "turns", 't', NULL, "print the turns: number, time, speaker (role), offsets, text" },
	{ "speaker", 's', "LABEL", "only the turns of this speaker (implies --turns)" },
	CLI_FORMAT_OPTS("", "text, ", "; json writes the document and its turns, the others "
				  "list the turns"),
	{ NULL, 0, NULL, NULL },
};

struct show_out {
	FILE *f;
	int fmt;
	struct braid_json j;  /* json: the document object */
	struct cli_listing l; /* the listing formats; json: only its row */
	struct strbuf tm;
};

static int turn_row(const struct braid_turn_row *t, void *ctx)
{
	struct show_out *o = ctx;

	if (o->fmt == BRAID_OUT_JSON) {
		braid_turn_values(t, &o->l.row);
		braid_listing_json_row(&braid_turns_listing, o->l.row.v, &o->j);
	} else if (o->fmt != FMT_TEXT) {
		braid_turn_values(t, &o->l.row);
		cli_listing_row(&o->l);
	} else {
		strbuf_reset(&o->tm);
		if (t->start_ms != BRAID_NO_TIME) {
			strbuf_addch(&o->tm, '[');
			braid_ms_text(t->start_ms, &o->tm);
			strbuf_addstr(&o->tm, "] ");
		}
		fprintf(o->f, "#%lld %s%s (%s) %lld-%lld\n", (long long)t->idx, o->tm.buf,
			t->speaker, t->role, (long long)t->start, (long long)t->end);
		fwrite(t->text, 1, t->text_len, o->f);
		fputs("\n\n", o->f);
	}
	return 0;
}

static int doc_json(const struct braid_doc_row *d, void *ctx)
{
	struct show_out *o = ctx;

	braid_json_kv_str(&o->j, "name", d->name);
	braid_json_kv_str(&o->j, "kind", d->kind);
	braid_json_kv_str(&o->j, "format", d->format);
	braid_json_kv_str(&o->j, "case", d->case_name);
	braid_json_kv_str(&o->j, "language", d->language);
	braid_json_kv_int(&o->j, "words", d->words);
	return 0;
}

/* The document and its turns as one JSON object (docs/cli.md). */
static int show_json(struct cli *c, struct show_out *o, const char *doc, const char *speaker)
{
	int rc;

	braid_row_init(&o->l.row, &braid_turns_listing);
	braid_json_init(&o->j, c->out);
	braid_json_begin_object(&o->j);
	rc = braid_corpus_doc(c->st, doc, doc_json, o, &c->err);
	if (!rc) {
		braid_json_key(&o->j, "turns");
		braid_json_begin_array(&o->j);
		rc = braid_corpus_turns(c->st, doc, speaker, turn_row, o, &c->err);
		braid_json_end_array(&o->j);
	}
	braid_json_end_object(&o->j);
	braid_row_release(&o->l.row);
	return rc ? cli_fail(c) : EXIT_OK;
}

static int cmd_show(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_show_entry;
	const char *doc = a->pos[0], *speaker = cli_opt(a, e, "speaker");
	struct show_out o = { .f = c->out, .fmt = cli_format(c, e, a, own_formats, FMT_TEXT) };
	struct strbuf text = STRBUF_INIT;
	int rc;

	if (o.fmt < 0)
		return EXIT_USAGE;
	if (o.fmt == BRAID_OUT_JSON)
		return show_json(c, &o, doc, speaker);
	if (o.fmt != FMT_TEXT) {
		cli_listing_begin(c, &o.l, &braid_turns_listing, (enum braid_out_format)o.fmt);
		return cli_listing_end(c, &o.l, braid_corpus_turns(c->st, doc, speaker, turn_row,
								   &o, &c->err));
	}
	if (cli_opt(a, e, "turns") || speaker) {
		strbuf_init(&o.tm, 0);
		rc = braid_corpus_turns(c->st, doc, speaker, turn_row, &o, &c->err);
		strbuf_release(&o.tm);
		return rc ? cli_fail(c) : EXIT_OK;
	}
	rc = braid_corpus_text(c->st, doc, &text, &c->err);
	if (!rc) {
		fwrite(text.buf, 1, text.len, c->out);
		fputc('\n', c->out);
	}
	strbuf_release(&text);
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
