/* cmd-search.c - braid search QUERY: keyword-in-context lines. */
#include <string.h>

#include "braid/search.h"
#include "cli.h"


static const struct cli_opt opts[] = {
	{ "regex", 'r', NULL, "QUERY is a PCRE2 pattern (UTF, Unicode classes, caseless)" },
	{ "case-sensitive", 'C', NULL, "with --regex: match case" },
	{ "doc", 'd', "DOC", "only this document" },
	{ "speaker", 's', "LABEL", "only turns of this speaker" },
	{ "role", 0, "ROLE", "only turns of this role (participant, interviewer, moderator, other)" },
	{ "width", 'w', "N", "code points of context on each side (default 40)" },
	{ "limit", 'n', "N", "stop after N hits" },
	{ "json", 0, NULL, "print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct search_out {
	struct listing l;
	size_t width, hits;
	struct strbuf left, right, hit;
};

static int hit_row(const struct braid_hit *h, void *data)
{
	struct search_out *o = data;
	const struct braid_turn_row *t = h->turn;
	char turn[24];

	strbuf_reset(&o->left);
	strbuf_reset(&o->right);
	strbuf_reset(&o->hit);
	braid_kwic(t->text, t->text_len, h->hit_start, h->hit_end, o->width, &o->left, &o->right);
	strbuf_add(&o->hit, t->text + h->hit_start, h->hit_end - h->hit_start);
	o->hits++;
	if (o->l.json) {
		braid_json_begin_object(&o->l.j);
		braid_json_kv_str(&o->l.j, "doc", t->doc);
		braid_json_kv_int(&o->l.j, "turn", t->idx);
		braid_json_kv_str(&o->l.j, "speaker", t->speaker);
		braid_json_kv_str(&o->l.j, "role", t->role);
		braid_json_kv_str(&o->l.j, "case", t->case_name);
		braid_json_kv_int(&o->l.j, "start", h->doc_start);
		braid_json_kv_int(&o->l.j, "end", h->doc_end);
		braid_json_kv_str(&o->l.j, "left", o->left.buf);
		braid_json_kv_str(&o->l.j, "hit", o->hit.buf);
		braid_json_kv_str(&o->l.j, "right", o->right.buf);
		braid_json_end_object(&o->l.j);
		return 0;
	}
	{
		struct strbuf rest = STRBUF_INIT;
		const char *row[5];

		snprintf(turn, sizeof(turn), "#%lld", (long long)t->idx);
		strbuf_addf(&rest, "[%s]%s", o->hit.buf, o->right.buf);
		row[0] = t->doc;
		row[1] = turn;
		row[2] = t->speaker;
		row[3] = o->left.buf;
		row[4] = rest.buf;
		table_add(&o->l.t, row);
		strbuf_release(&rest);
	}
	return 0;
}

static int cmd_search(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_search_entry;
	struct braid_search_opts so = { 0 };
	struct search_out o = { .width = 40 };
	long v;
	int rc;

	so.regex = cli_opt(a, e, "regex") != NULL;
	so.case_sensitive = cli_opt(a, e, "case-sensitive") != NULL;
	so.doc = cli_opt(a, e, "doc");
	so.speaker = cli_opt(a, e, "speaker");
	so.role = cli_opt(a, e, "role");
	if ((v = cli_parse_count(e, "limit", cli_opt(a, e, "limit"))) < 0)
		return EXIT_USAGE;
	so.limit = (size_t)v;
	if (cli_opt(a, e, "width")) {
		if ((v = cli_parse_count(e, "width", cli_opt(a, e, "width"))) < 0)
			return EXIT_USAGE;
		o.width = (size_t)v;
	}
	strbuf_init(&o.left, 0);
	strbuf_init(&o.right, 0);
	strbuf_init(&o.hit, 0);
	listing_begin(&o.l, c->out, cli_opt(a, e, "json") != NULL, 5, 0x08, NULL);
	rc = braid_search(c->st, a->pos[0], &so, hit_row, &o, &c->err);
	listing_end(&o.l, !rc);
	strbuf_release(&o.left);
	strbuf_release(&o.right);
	strbuf_release(&o.hit);
	if (rc)
		return cli_fail(c);
	return EXIT_OK;
}

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.synopsis = "QUERY",
	.summary = "find words or patterns in the turns, shown in context",
	.description =
		"QUERY is an FTS5 query: words (all must occur in a turn), \"a phrase\", prefix*,\n"
		"OR, NOT, NEAR(a b, 5). Matching ignores case and diacritics (Jose finds José).\n"
		"With --regex, QUERY is a PCRE2 pattern matched against the turn texts.\n"
		"Each hit is one line: document, turn, speaker, left context, [hit] right context.",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_search,
};
