/* cmd-map.c - braid map: the thematic map, drawn by Graphviz (map.h). */
#include <string.h>

#include "braid/file.h"
#include "braid/map.h"
#include "braid/workflow.h"
#include "cli.h"

_Static_assert((int)BRAID_VMAP_DOT == (int)BRAID_MAP_DOT && (int)BRAID_VMAP_SVG == (int)BRAID_MAP_SVG &&
		       (int)BRAID_VMAP_PDF == (int)BRAID_MAP_PDF && (int)BRAID_VMAP_PNG == (int)BRAID_MAP_PNG,
	       "the map-format vocabulary follows enum braid_map_format");

static const struct cli_opt opts[] = {
	{ "format", 'f', "FORMAT", "{map-format} (default: from FILE's extension, else dot)" },
	{ "output", 'o', "FILE", "write to FILE instead of standard output" },
	{ "cooccur", 0, "MIN", "join themes sharing at least MIN coded segments (dashed lines)" },
	{ "coder", 0, "NAME", "prevalence from NAME's accepted codings only (default: every coder's)" },
	{ "no-codes", 0, NULL, "themes and sub-themes only" },
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_map_entry, name)

static int cmd_map(struct cli *c, const struct cli_args *a)
{
	const char *path = OPT("output");
	struct braid_map_opts o = { .coder = OPT("coder"), .no_codes = OPT("no-codes") != NULL };
	int f = cli_file_format(c, &braid_vocab_map_format, OPT("format"), path, BRAID_VMAP_DOT);
	struct strbuf out = STRBUF_INIT;
	int rc = EXIT_OK;

	if (f < 0)
		return EXIT_USAGE;
	if (OPT("cooccur") && (o.cooccur = cli_parse_count(&cmd_map_entry, "cooccur",
							    OPT("cooccur"))) < 0)
		return EXIT_USAGE;
	if (OPT("cooccur") && !o.cooccur)
		return cli_usage_error(&cmd_map_entry, "--cooccur needs 1 or more segments");
	/*
	 * Drawn before the change that records it is opened: a change sees the
	 * whole project, and under blind coding the map is the coder's (store.h).
	 */
	if (braid_map(c->st, &o, (enum braid_map_format)f, &out, &c->err)) {
		rc = cli_fail(c);
		goto out;
	}
	if ((rc = cli_txn_begin(c)))
		goto out;
	if (braid_output_record(c->st, "map", braid_vocab_name(&braid_vocab_map_format, f), path,
				&c->err))
		rc = cli_fail(c);
	else if (!path)
		fwrite(out.buf, 1, out.len, c->out);
	else if (braid_file_write(path, out.buf, out.len, &c->err))
		rc = cli_fail(c);
	else
		fprintf(c->out, "wrote %s (%s)\n", path, braid_vocab_name(&braid_vocab_map_format, f));
	rc = cli_txn_end(c, rc);
out:
	strbuf_release(&out);
	return rc;
}

const struct cmd_entry cmd_map_entry = {
	.name = "map",
	.synopsis = "[--format FORMAT] [-o FILE] [--cooccur MIN]",
	.summary = "the thematic map: themes, sub-themes and codes as a graph (Graphviz)",
	.description =
		"A box per theme (discarded and merged ones left out), larger the more coded\n"
		"segments it holds, with how many cases it is found in; its sub-themes and codes\n"
		"to its right. Drawn left to right with short labels, so that it stays readable\n"
		"at a paper's text width (docs/workflow.md).",
	.opts = opts,
	.flags = CMD_PROJECT, /* writes the record of the map: its own change, after drawing */
	.fn = cmd_map,
};
