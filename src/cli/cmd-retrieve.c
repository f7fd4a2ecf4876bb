/*
 * cmd-retrieve.c - braid retrieve CODE: every segment coded with a code, with
 * its document, speaker and case, as text, Markdown (for an appendix), or as
 * a listing of codings (a table, JSON, CSV or TSV).
 */
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/columns.h"
#include "braid/segments.h"
#include "cli.h"

/* retrieve's own formats, in front of the listing formats */
static const char *const own_formats[] = { "text", "md", NULL };
enum { FMT_TEXT = BRAID_OUT_FORMAT_N, FMT_MD };

static const struct cli_opt opts[] = {
	{ "children", 'c', NULL, "include the segments of the codes below CODE" },
	{ "coder", 0, "NAME", "only this coder's segments" },
	{ "case", 0, "ID", "only segments of this case" },
	{ "role", 0, "ROLE", "only segments of speakers of this role ({role}; interviewer includes "
			     "moderators, participant the unlabelled text)" },
	{ "doc", 'd', "DOC", "only this document" },
	CLI_FORMAT_OPTS("", "text, md, ", ""),
	{ NULL, 0, NULL, NULL },
};

static int coding_row(const struct braid_coding_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_coding_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int cmd_retrieve(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_retrieve_entry;
	int fmt = cli_format(c, e, a, own_formats, FMT_TEXT);
	struct braid_coding_filter f = { .code = a->pos[0],
					 .children = cli_opt(a, e, "children") != NULL,
					 .coder = cli_opt(a, e, "coder"),
					 .case_name = cli_opt(a, e, "case"),
					 .role = cli_opt(a, e, "role"),
					 .doc = cli_opt(a, e, "doc") };
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k;
	size_t n = 0;
	int rc;

	if (fmt < 0)
		return EXIT_USAGE;
	if (f.role && braid_vocab_parse(&braid_vocab_role, f.role) < 0)
		return cli_vocab_usage(c, &braid_vocab_role, f.role);
	rc = cli_code_resolve(c, a->pos[0], &cs, &k);
	if (rc)
		goto out;
	f.code = k->slug;
	if (fmt < BRAID_OUT_FORMAT_N) {
		struct cli_listing l;

		cli_listing_begin(c, &l, &braid_codings_listing, (enum braid_out_format)fmt);
		rc = cli_listing_end(c, &l, braid_codings_each(c->st, &f, coding_row, &l, &c->err));
		goto out;
	}
	if (braid_segments_write(c->st, &f, k,
				 fmt == FMT_MD ? BRAID_SEGMENTS_MD : BRAID_SEGMENTS_TEXT, c->out, &n,
				 &c->err))
		rc = cli_fail(c);
	else if (!n && fmt == FMT_TEXT)
		cli_note("no segments coded '%s'%s", k->slug, f.children ? " or below it" : "");
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
		"quotes, ready for a paper's appendix. table, json, csv, tsv, html, tex: the\n"
		"codings as 'braid code ls' lists them. Rejected autocoded segments are left out; pending\n"
		"ones are included.",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	.flags = CMD_PROJECT,
	.fn = cmd_retrieve,
};
