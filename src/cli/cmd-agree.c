/*
 * cmd-agree.c - braid agree: inter-coder agreement (docs/agreement.md).
 * Matrix mode (--matrix FILE.csv) reads a reliability data matrix and needs
 * no project; the coefficients and every output form are the core's
 * (reliability.h).
 */
#include <stdlib.h>
#include <string.h>

#include "braid/reliability.h"
#include "cli.h"

/* The bootstrap's defaults (docs/agreement.md says them too). */
#define AGREE_RESAMPLES 1000
#define AGREE_SEED 1
#define AGREE_CONFIDENCE 0.95

static const struct cli_opt opts[] = {
	{ "matrix", 'm', "FILE", "a reliability data matrix (CSV: a unit column, then one column "
				 "per coder; an empty cell is missing)" },
	{ "level", 'l', "LEVEL", "{level} (default nominal)" },
	{ "weights", 'w', "WEIGHTS", "weighted kappa's weights, two coders: {weights} (default none)" },
	{ "categories", 'c', "A,B,...", "every category, in order: orders labels, and counts unused "
					"categories for Brennan-Prediger and AC1" },
	{ "bootstrap", 'b', "N", "resamples for alpha's 95% interval (default 1000; 0: none)" },
	{ "seed", 's', "S", "the bootstrap generator's seed (default 1)" },
	{ "format", 'f', "FORMAT", "{agree-format} (default text)" },
	{ "json", 0, NULL, "the same as --format json" },
	/* project mode (agree-project.c) */
	{ "coders", 0, "A,B[,...]", "project mode: the coders to compare, two or more" },
	{ "code", 0, "CODE", "project mode: only this code (not its sub-codes)" },
	{ "doc", 'd', "DOC", "project mode: only this document (default: every "
			     "document each coder coded)" },
	{ "unit", 'u', "UNIT", "project mode: {unit} (default turn)" },
	{ "domain", 0, "CODE", "project mode, --unit char: CODE's sub-codes as one semantic domain" },
	{ "interviewers", 0, NULL, "project mode: count interviewers' and moderators' turns too" },
	{ "disagreements", 0, NULL, "project mode: list every unit where the coders differ" },
	{ NULL, 0, NULL, NULL },
};

static const char *const repeatable[] = { "code", "doc", NULL };

#define OPT(name) cli_opt(a, &cmd_agree_entry, name)

/* A value of vocabulary v for option name, or def; -1 after a usage error. */
static int vocab_opt(const struct cli_args *a, const char *name, const struct braid_vocab *v,
		     int def)
{
	struct braid_err e = BRAID_ERR_INIT;
	const char *value = OPT(name);
	int i;

	if (!value)
		return def;
	if ((i = braid_vocab_parse(v, value)) >= 0)
		return i;
	braid_vocab_error(v, value, &e);
	cli_usage_error(&cmd_agree_entry, "--%s: %s", name, e.msg);
	return -1;
}

static int agree_format(const struct cli_args *a)
{
	int f = vocab_opt(a, "format", &braid_vocab_agree_format, BRAID_AGREE_TEXT);

	if (f < 0 || !OPT("json"))
		return f;
	if (OPT("format") && f != BRAID_AGREE_JSON) {
		cli_usage_error(&cmd_agree_entry, "--json is --format json: it cannot go with --format %s",
				OPT("format"));
		return -1;
	}
	return BRAID_AGREE_JSON;
}

/* The options of the computation; EXIT_OK or EXIT_USAGE (reported). */
static int agree_opts(const struct cli_args *a, struct braid_rel_opts *o)
{
	int level = vocab_opt(a, "level", &braid_vocab_level, BRAID_REL_NOMINAL);
	int weights = vocab_opt(a, "weights", &braid_vocab_weights, BRAID_REL_WEIGHTS_NONE);
	long boot = OPT("bootstrap") ? cli_parse_count(&cmd_agree_entry, "bootstrap", OPT("bootstrap"))
				     : AGREE_RESAMPLES;
	long seed = OPT("seed") ? cli_parse_count(&cmd_agree_entry, "seed", OPT("seed")) : AGREE_SEED;

	if (level < 0 || weights < 0 || boot < 0 || seed < 0)
		return EXIT_USAGE;
	o->level = (enum braid_rel_level)level;
	o->weights = (enum braid_rel_weights)weights;
	o->bootstrap = (size_t)boot;
	o->seed = (uint64_t)seed;
	o->confidence = AGREE_CONFIDENCE;
	return EXIT_OK;
}

static int read_fail(struct cli *c)
{
	if (c->err.hint == BRAID_HINT_CATEGORIES)
		return cli_error("%s (give the categories in their order: --categories a,b,c)",
				 c->err.msg);
	return cli_fail(c);
}

static int agree_matrix(struct cli *c, const struct cli_args *a, int fmt)
{
	struct braid_rel_opts o;
	struct braid_rel_data d;
	struct braid_rel_result r;
	size_t ncat = 0;
	char **cats = OPT("categories") ? cli_split_list(OPT("categories"), &ncat) : NULL;
	int rc = agree_opts(a, &o);

	if (rc == EXIT_OK && cats && !ncat)
		rc = cli_usage_error(&cmd_agree_entry, "--categories lists no category");
	if (rc != EXIT_OK) {
		if (cats)
			cli_list_free(cats);
		return rc;
	}
	if (braid_rel_read_csv(OPT("matrix"), o.level, (const char *const *)cats, ncat, &d, &c->err))
		rc = read_fail(c);
	else if (braid_rel_compute(&d, &o, &r, &c->err))
		rc = cli_fail(c);
	else {
		struct braid_rel_report rep = { OPT("matrix"), &d, &o, &r };

		braid_rel_report_write(c->out, (enum braid_agree_format)fmt, &rep);
		braid_rel_result_release(&r);
	}
	braid_rel_data_release(&d);
	if (cats)
		cli_list_free(cats);
	return rc;
}

static int cmd_agree(struct cli *c, const struct cli_args *a)
{
	int fmt = agree_format(a);

	if (fmt < 0)
		return EXIT_USAGE;
	if (OPT("matrix") && OPT("coders"))
		return cli_usage_error(&cmd_agree_entry, "--matrix reads a file, --coders the project: "
					"give one of them");
	if (!OPT("matrix") && OPT("coders"))
		return cmd_agree_project(c, a, &cmd_agree_entry);
	if (!OPT("matrix"))
		return cli_usage_error(&cmd_agree_entry, "give the matrix to read: --matrix FILE.csv "
					"(or the project's coders to compare: --coders A,B)");
	return agree_matrix(c, a, fmt);
}

const struct cmd_entry cmd_agree_entry = {
	.name = "agree",
	.synopsis = "--matrix FILE.csv [--level LEVEL] [--weights W] [--categories A,B,...] "
		    "[--bootstrap N] [--seed S] [--format FORMAT] | --coders A,B[,...] [--code C]... "
		    "[--doc D]... [--unit UNIT] [--domain CODE] [--interviewers] [--disagreements]",
	.summary = "inter-coder agreement: Krippendorff's alpha, kappas, AC1 (docs/agreement.md)",
	.description =
		"Reads a reliability data matrix (a row per unit, a column per coder) and prints\n"
		"Krippendorff's alpha at the level given, with a bootstrap interval, percent\n"
		"agreement, Fleiss' kappa, Cohen's and weighted kappa (two coders),\n"
		"Brennan-Prediger and Gwet's AC1; a coefficient the data do not allow is shown\n"
		"as - with the reason. Labels at the ordinal level need --categories in order.\n"
		"With --coders instead, compares the project's coders on their codings: per code\n"
		"and pooled, on turns, sentences, paragraphs, documents or characters\n"
		"(docs/agreement.md).",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT | CMD_ALL_CODERS,
	.project_if = "coders",
	.fn = cmd_agree,
	.repeatable = repeatable,
};
