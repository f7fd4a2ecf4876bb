/* cmd-search.c - braid search QUERY: keyword-in-context lines. */
#include "braid/columns.h"
#include "braid/search.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "regex", 'r', NULL, "QUERY is a PCRE2 pattern (UTF, Unicode classes, caseless)" },
	{ "case-sensitive", 'C', NULL, "with --regex: match case" },
	{ "doc", 'd', "DOC", "only this document" },
	{ "speaker", 's', "LABEL", "only turns of this speaker" },
	{ "role", 0, "ROLE", "only turns of this role ({role})" },
	{ "width", 'w', "N", "code points of context on each side (default 40)" },
	{ "limit", 'n', "N", "stop after N hits" },
	CLI_FORMAT_OPTS("", "", ""),
	{ NULL, 0, NULL, NULL },
};

/*
 * Nothing is written until the search has said what it found: the listing
 * begins at the first hit (every mistake in the query or a filter is found
 * before it), and the data formats hold their rows in a temporary file
 * until the search ends, so that an error half-way (a regex hitting a
 * PCRE2 limit, a busy project) leaves standard output empty instead of
 * holding a well-formed but partial JSON array or CSV. The table streams:
 * it is read, not parsed.
 */
struct search_out {
	struct cli *c;
	struct cli_listing l;
	int fmt, begun;
	size_t width;
	FILE *hold, *out; /* the temporary file, and the real output while it is used */
};

static void begin(struct search_out *o)
{
	if (o->begun)
		return;
	o->begun = 1;
	if (o->fmt != BRAID_OUT_TABLE && (o->hold = tmpfile())) {
		o->out = o->c->out;
		o->c->out = o->hold;
	}
	cli_listing_begin(o->c, &o->l, &braid_hits_listing, o->fmt);
}

static int hit_row(const struct braid_hit *h, void *ctx)
{
	struct search_out *o = ctx;

	begin(o);
	braid_hit_values(h, o->width, &o->l.row);
	cli_listing_row(&o->l);
	return 0;
}

/* Copies the held rows to the real output; 0 or -1. */
static int copy_held(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;

	if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return -1;
	return ferror(from) || fflush(to) != 0 ? -1 : 0;
}

static int finish(struct search_out *o, int rc)
{
	int ex;

	if (!rc)
		begin(o); /* no hits: an empty listing */
	else if (!o->begun)
		return cli_fail(o->c);
	ex = cli_listing_end(o->c, &o->l, rc);
	if (o->hold) {
		o->c->out = o->out;
		if (ex == EXIT_OK && copy_held(o->hold, o->out))
			ex = cli_error("cannot write the output");
		fclose(o->hold);
	}
	return ex;
}

static int cmd_search(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_search_entry;
	struct braid_search_opts so = { 0 };
	struct search_out o = { .c = c, .width = 40 };
	long v;

	o.fmt = cli_format(c, e, a, NULL, BRAID_OUT_TABLE);
	if (o.fmt < 0)
		return EXIT_USAGE;
	so.regex = cli_opt(a, e, "regex") != NULL;
	so.case_sensitive = cli_opt(a, e, "case-sensitive") != NULL;
	so.doc = cli_opt(a, e, "doc");
	so.speaker = cli_opt(a, e, "speaker");
	so.role = cli_opt(a, e, "role");
	if (so.role && braid_vocab_parse(&braid_vocab_role, so.role) < 0)
		return cli_vocab_usage(c, &braid_vocab_role, so.role);
	if ((v = cli_parse_count(e, "limit", cli_opt(a, e, "limit"))) < 0)
		return EXIT_USAGE;
	so.limit = (size_t)v;
	if (cli_opt(a, e, "width")) {
		if ((v = cli_parse_count(e, "width", cli_opt(a, e, "width"))) < 0)
			return EXIT_USAGE;
		o.width = (size_t)v;
	}
	return finish(&o, braid_search(c->st, a->pos[0], &so, hit_row, &o, &c->err));
}

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.synopsis = "QUERY",
	.summary = "find words or patterns in the turns, shown in context",
	.description =
		"QUERY is words as you would write them (all must occur in a turn): don't,\n"
		"legal-aid, mm-hmm, 3.5 and what? are searched as written, a hyphenated word as a\n"
		"phrase. FTS5 syntax still works: \"a phrase\", prefix*, OR, NOT, ( ), NEAR(a b, 5).\n"
		"Matching ignores case, diacritics (Jose finds José, уз finds ўз) and the form of\n"
		"an apostrophe (bo'lib finds bo‘lib and boʻlib). --speaker ignores case.\n"
		"With --regex, QUERY is a PCRE2 pattern matched against the turn texts.\n"
		"Each hit is one line: document, turn, speaker, left context, [hit] right context;\n"
		"a hit longer than --width is cut in the middle there (JSON keeps it whole).",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_search,
};
