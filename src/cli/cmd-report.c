/*
 * cmd-report.c - braid report: the analysis report in Markdown, HTML or
 * LaTeX (report.h), recorded as an output of the project (phase 6's gate).
 */
#include <string.h>

#include "braid/file.h"
#include "braid/map.h"
#include "braid/report.h"
#include "braid/workflow.h"
#include "cli.h"

_Static_assert((int)BRAID_VREPORT_MD == (int)BRAID_DOC_MD &&
		       (int)BRAID_VREPORT_HTML == (int)BRAID_DOC_HTML &&
		       (int)BRAID_VREPORT_TEX == (int)BRAID_DOC_TEX,
	       "the report-format vocabulary follows enum braid_doc_format");

static const struct cli_opt opts[] = {
	{ "format", 'f', "FORMAT", "{report-format} (default: from FILE's extension, else md)" },
	{ "output", 'o', "FILE", "write to FILE (md and tex: the map goes beside it, as FILE's name"
				  " + -map.svg or -map.pdf)" },
	{ "coder", 0, "NAME", "prevalence from NAME's accepted codings only (default: every coder's)" },
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_report_entry, name)

/* "out/report.tex" -> "out/report-map.pdf" (path) and "report-map.pdf" (as the report names it). */
static void map_path(const char *report, const char *ext, struct strbuf *path, const char **name)
{
	const char *slash = strrchr(report, '/'), *dot = strrchr(report, '.');

	if (!dot || (slash && dot < slash))
		dot = report + strlen(report);
	strbuf_add(path, report, (size_t)(dot - report));
	strbuf_addf(path, "-map.%s", ext);
	slash = strrchr(path->buf, '/');
	*name = slash ? slash + 1 : path->buf;
}

static int cmd_report(struct cli *c, const struct cli_args *a)
{
	const char *path = OPT("output");
	int f = cli_file_format(c, &braid_vocab_report_format, OPT("format"), path,
				BRAID_VREPORT_MD);
	struct braid_report_opts o = { .coder = OPT("coder") };
	struct braid_map_opts mo = { .coder = OPT("coder") };
	struct strbuf out = STRBUF_INIT, map = STRBUF_INIT, mpath = STRBUF_INIT;
	int rc = EXIT_OK, with_map = 0;

	if (f < 0)
		return EXIT_USAGE;
	if (path && f != BRAID_VREPORT_HTML) {
		int err;

		map_path(path, f == BRAID_VREPORT_TEX ? "pdf" : "svg", &mpath, &o.map_file);
		/* the map beside the report, if there are themes to draw */
		err = braid_map(c->st, &mo, f == BRAID_VREPORT_TEX ? BRAID_MAP_PDF : BRAID_MAP_SVG,
				&map, &c->err);
		if (err == BRAID_ENOTFOUND) {
			o.map_file = NULL; /* no themes yet: a report without a map */
			braid_err_clear(&c->err);
		} else if (err) {
			rc = cli_fail(c);
			goto out;
		} else {
			with_map = 1;
		}
	}
	/* built before the change that records it, as the map (cmd-map.c) */
	if (braid_report(c->st, &o, (enum braid_doc_format)f, &out, &c->err)) {
		rc = cli_fail(c);
		goto out;
	}
	if ((rc = cli_txn_begin(c)))
		goto out;
	if (braid_output_record(c->st, "report", braid_vocab_name(&braid_vocab_report_format, f),
				path, &c->err)) {
		rc = cli_fail(c);
	} else if (!path) {
		fwrite(out.buf, 1, out.len, c->out);
	} else if (braid_file_write(path, out.buf, out.len, &c->err) ||
		   (with_map && braid_file_write(mpath.buf, map.buf, map.len, &c->err))) {
		rc = cli_fail(c);
	} else {
		fprintf(c->out, "wrote %s (%s)", path, braid_vocab_name(&braid_vocab_report_format, f));
		if (with_map)
			fprintf(c->out, " and its map %s", mpath.buf);
		fputc('\n', c->out);
	}
	rc = cli_txn_end(c, rc);
out:
	strbuf_release(&out);
	strbuf_release(&map);
	strbuf_release(&mpath);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.synopsis = "[--format FORMAT] [-o FILE]",
	.summary = "the analysis report: methods, phases, codebook, themes with quotes, map, journal",
	.description =
		"Title and approach, a methods paragraph written from the record, the phase\n"
		"timeline (gates passed anyway, with their reasons), the coders, the codebook,\n"
		"each defined theme with its definition, scope, codes, prevalence across cases\n"
		"and exemplar quotes, the thematic map and the reflexive journal. HTML is one\n"
		"self-contained file; LaTeX compiles with pdflatex (Latin-script text) or\n"
		"xelatex/lualatex (any script). A report written in phase 6 passes its gate.",
	.opts = opts,
	.flags = CMD_PROJECT, /* the record of the report: its own change, after building it */
	.fn = cmd_report,
};
