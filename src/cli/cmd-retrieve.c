/*
 * cmd-retrieve.c - braid retrieve CODE: every segment coded with a code, with
 * its document, speaker and case, as text, Markdown (for an appendix) or JSON.
 */
#include <string.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "children", 'c', NULL, "include the segments of the codes below CODE" },
	{ "coder", 0, "NAME", "only this coder's segments" },
	{ "case", 0, "ID", "only segments of this case" },
	{ "doc", 'd', "DOC", "only this document" },
	{ "format", 'f', "FORMAT", "text (default), md or json" },
	{ NULL, 0, NULL, NULL },
};

enum fmt { FMT_TEXT, FMT_MD, FMT_JSON };

struct retrieve_out {
	FILE *f;
	enum fmt fmt;
	int children;
	struct braid_json j;
	struct strbuf doc; /* the document of the previous segment (md sections) */
	size_t n;
};

/* Writes text with each line prefixed; blank lines get the prefix without its trailing spaces. */
static void prefixed(FILE *f, const char *prefix, const char *s, size_t len)
{
	size_t plen = strlen(prefix);

	while (plen && prefix[plen - 1] == ' ')
		plen--;
	for (size_t i = 0; i <= len;) {
		size_t n = 0;

		while (i + n < len && s[i + n] != '\n')
			n++;
		if (n)
			fprintf(f, "%s%.*s\n", prefix, (int)n, s + i);
		else
			fprintf(f, "%.*s\n", (int)plen, prefix);
		i += n + 1;
	}
}

static int segment(const struct braid_coding_row *r, void *ctx)
{
	struct retrieve_out *o = ctx;

	o->n++;
	if (o->fmt == FMT_JSON) {
		cli_coding_json(&o->j, r);
		return 0;
	}
	if (o->fmt == FMT_TEXT) {
		fprintf(o->f, "%s%s", o->n > 1 ? "\n" : "", r->doc);
		if (r->turn)
			fprintf(o->f, " #%lld", (long long)r->turn);
		fprintf(o->f, " %s", r->speaker ? r->speaker : "-");
		if (r->case_name)
			fprintf(o->f, " (%s)", r->case_name);
		fprintf(o->f, " [%lld-%lld] %s", (long long)r->start, (long long)r->end, r->coder);
		if (o->children)
			fprintf(o->f, " [%s]", r->code);
		fputc('\n', o->f);
		prefixed(o->f, "    ", r->text, r->text_len);
		return 0;
	}
	if (strcmp(o->doc.buf, r->doc)) {
		strbuf_reset(&o->doc);
		strbuf_addstr(&o->doc, r->doc);
		fprintf(o->f, "\n### %s\n", r->doc);
	}
	fputc('\n', o->f);
	prefixed(o->f, "> ", r->text, r->text_len);
	fprintf(o->f, ">\n> — %s", r->speaker ? r->speaker : r->doc);
	if (r->case_name)
		fprintf(o->f, " (%s)", r->case_name);
	if (r->turn)
		fprintf(o->f, ", turn %lld", (long long)r->turn);
	fprintf(o->f, ", code points %lld-%lld, coded by %s", (long long)r->start,
		(long long)r->end, r->coder);
	if (o->children)
		fprintf(o->f, " as *%s*", r->code_name);
	fputc('\n', o->f);
	return 0;
}

static int cmd_retrieve(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_retrieve_entry;
	const char *format = cli_opt(a, e, "format");
	struct retrieve_out o = { .f = c->out, .children = cli_opt(a, e, "children") != NULL };
	struct braid_coding_filter f = { .code = a->pos[0], .children = o.children,
					 .coder = cli_opt(a, e, "coder"),
					 .case_name = cli_opt(a, e, "case"),
					 .doc = cli_opt(a, e, "doc") };
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k;
	int rc;

	if (!format || !strcmp(format, "text"))
		o.fmt = FMT_TEXT;
	else if (!strcmp(format, "md"))
		o.fmt = FMT_MD;
	else if (!strcmp(format, "json"))
		o.fmt = FMT_JSON;
	else
		return cli_usage_error(e, "unknown format '%s' (expected text, md or json)", format);
	rc = cli_code_resolve(c, a->pos[0], &cs, &k);
	if (rc)
		goto out;
	f.code = k->slug;
	strbuf_init(&o.doc, 0);
	if (o.fmt == FMT_JSON) {
		braid_json_init(&o.j, c->out);
		braid_json_begin_array(&o.j);
	} else if (o.fmt == FMT_MD) {
		fprintf(c->out, "## %s\n", k->name);
		if (k->definition)
			fprintf(c->out, "\n%s\n", k->definition);
	}
	rc = braid_codings_each(c->st, &f, segment, &o, &c->err) ? cli_fail(c) : EXIT_OK;
	if (o.fmt == FMT_JSON)
		braid_json_end_array(&o.j);
	else if (!rc && !o.n)
		fprintf(o.fmt == FMT_MD ? c->out : stderr, "%sno segments coded '%s'%s\n",
			o.fmt == FMT_MD ? "\n" : "", k->slug, o.children ? " or below it" : "");
	strbuf_release(&o.doc);
out:
	braid_code_tree_release(&cs);
	return rc;
}

const struct cmd_entry cmd_retrieve_entry = {
	.name = "retrieve",
	.synopsis = "CODE",
	.summary = "print every segment coded with a code, with document, speaker and case",
	.description =
		"text: a header line per segment, \"DOC #TURN SPEAKER (CASE) [START-END] CODER\",\n"
		"then the text indented. md: a section per document with the segments as block\n"
		"quotes, ready for a paper's appendix. json: the objects of 'braid code ls --json'.\n"
		"Rejected autocoded segments are left out; pending ones are included.",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_retrieve,
};
