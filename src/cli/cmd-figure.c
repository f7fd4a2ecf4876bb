/*
 * cmd-figure.c - braid export cooccur (co-occurrence counts, cooccur.h)
 * and braid export figure (figures drawn with cairo, figure.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/cooccur.h"
#include "braid/figure.h"
#include "braid/file.h"
#include "cli.h"

#define OPT(name) cli_opt(a, &cmd_export_entry, name)

/* --codes and --themes: themes (1), codes (0), dflt for neither, -1 after the usage error of both. */
static int themes_opt(struct cli *c, const struct cli_args *a, int dflt)
{
	if (OPT("codes") && OPT("themes"))
		return cli_sub_usage(c, "--codes and --themes cannot go together"), -1;
	return OPT("themes") ? 1 : OPT("codes") ? 0 : dflt;
}

/* --unit: *unit set when given; -1 after a usage error. */
static int unit_opt(struct cli *c, const struct cli_args *a, enum braid_cooccur_unit *unit)
{
	int u;

	if (!OPT("unit"))
		return 0;
	if ((u = braid_vocab_parse(&braid_vocab_cooccur_unit, OPT("unit"))) < 0)
		return cli_vocab_usage(c, &braid_vocab_cooccur_unit, OPT("unit")), -1;
	*unit = (enum braid_cooccur_unit)u;
	return 0;
}

int cli_export_cooccur(struct cli *c, const struct cli_args *a)
{
	struct braid_cooccur_opts o = { BRAID_COOCCUR_SEGMENT, 0, OPT("coder") };
	struct braid_cooccur m;
	struct cli_listing l;
	struct cli_dest d;
	int fmt, rc;

	if (unit_opt(c, a, &o.unit) || (o.themes = themes_opt(c, a, 0)) < 0)
		return EXIT_USAGE;
	if ((fmt = cli_dest_begin(c, &cmd_export_entry, a, &d)) < 0)
		return EXIT_USAGE;
	if (braid_cooccur(c->st, &o, &m, &c->err)) {
		braid_cooccur_release(&m);
		return cli_dest_end(c, &d, cli_fail(c), NULL);
	}
	cli_listing_begin(c, &l, &braid_cooccur_listing, (enum braid_out_format)fmt);
	for (size_t i = 0; i < m.n; i++)
		for (size_t j = i + 1; j < m.n; j++) {
			braid_cooccur_values(&m, i, j, &l.row);
			cli_listing_row(&l);
		}
	rc = cli_dest_end(c, &d, cli_listing_end(c, &l, 0), NULL);
	if (rc == EXIT_OK && d.path)
		fprintf(c->out, "wrote %s (%zu pairs of %zu %s)\n", d.path,
			m.n * (m.n ? m.n - 1 : 0) / 2, m.n, o.themes ? "themes" : "codes");
	braid_cooccur_release(&m);
	return rc;
}

int cli_export_figure(struct cli *c, const struct cli_args *a)
{
	struct braid_figure_opts o = { 0 };
	const char *path = OPT("output");
	struct strbuf out = STRBUF_INIT;
	int kind, fmt, themes, rc = EXIT_OK;

	if ((kind = braid_vocab_parse(&braid_vocab_figure_kind, a->pos[0])) < 0)
		return cli_vocab_usage(c, &braid_vocab_figure_kind, a->pos[0]);
	/* a figure is a file: PDF and PNG are bytes a terminal should not get */
	if (!path)
		return cli_sub_usage(c, "a figure needs --output FILE (.svg, .pdf or .png)");
	fmt = cli_file_format(c, &braid_vocab_figure_format, OPT("format"), path,
			      BRAID_FIGURE_FORMAT_N);
	if (fmt < 0)
		return EXIT_USAGE;
	if (fmt == BRAID_FIGURE_FORMAT_N)
		return cli_sub_usage(c, "cannot tell the format from '%s': give --format (svg, pdf or png)",
				     path);
	/* 2: neither option, the kind's own default */
	if ((themes = themes_opt(c, a, 2)) < 0)
		return EXIT_USAGE;
	if (OPT("by") && kind != BRAID_FIGURE_PREVALENCE)
		return cli_sub_usage(c, "--by splits the prevalence bars only");
	if (themes != 2 && kind == BRAID_FIGURE_MAP)
		return cli_sub_usage(c, "the map draws themes and their codes: no --codes or --themes");
	o.kind = (enum braid_figure_kind)kind;
	o.format = (enum braid_figure_format)fmt;
	o.items = themes == 2 ? BRAID_FIGURE_ITEMS_DEFAULT
		  : themes    ? BRAID_FIGURE_ITEMS_THEMES
			      : BRAID_FIGURE_ITEMS_CODES;
	o.unit = BRAID_COOCCUR_SEGMENT;
	if (unit_opt(c, a, &o.unit))
		return EXIT_USAGE;
	if (OPT("unit") && kind != BRAID_FIGURE_COOCCUR)
		return cli_sub_usage(c, "--unit is the co-occurrence heatmap's only");
	o.by = OPT("by");
	o.coder = OPT("coder");
	if (braid_figure(c->st, &o, &out, &c->err) || braid_file_write(path, out.buf, out.len, &c->err))
		rc = cli_fail(c);
	else
		fprintf(c->out, "wrote %s (%s %s)\n", path, a->pos[0],
			braid_vocab_name(&braid_vocab_figure_format, fmt));
	strbuf_release(&out);
	return rc;
}
