/*
 * cmd-survey.c - braid survey: import a survey CSV (survey import), set a
 * variable's type (survey type), list the variables (survey vars) and show
 * one row (survey show). docs/triangulation.md.
 */
#include <string.h>

#include "braid/survey.h"
#include "cli.h"

static const struct cli_opt opts[] = {
    {"id", 0, "COLUMN", "import: the column of survey (participant) ids"},
    {"delimiter", 'd', "CHAR", "import: ',' or ';' (default: detected from the header line)"},
    {"na", 0, "VALUE", "import: one more missing-value marker, besides empty, NA, N/A and '.'"},
    {"skip-bad", 0, NULL, "import: import the good rows and list every bad one skipped"},
    {"levels", 0, "A,B,...", "type: the levels, in their order for ordinal"},
    CLI_FORMAT_OPTS("vars, show: ", "", ""),
    {NULL, 0, NULL, NULL},
};

static const char *const repeatable[] = {"na", NULL};

static int sub_import(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_survey_entry;
	struct braid_survey_import_opts o = {0};
	struct braid_survey_import_result r;
	const char *delim = cli_opt(a, e, "delimiter");
	int rc;

	o.id_col = cli_opt(a, e, "id");
	if (!o.id_col)
		return cli_sub_usage(c, "survey import needs --id COLUMN");
	if (delim) {
		if (strcmp(delim, ",") && strcmp(delim, ";"))
			return cli_sub_usage(c, "--delimiter is ',' or ';', not '%s'", delim);
		o.delim = delim[0];
	}
	o.na = cli_opt_all(a, e, "na", &o.nna);
	o.skip_bad = cli_opt(a, e, "skip-bad") != NULL;
	rc = braid_survey_import(c->st, a->pos[0], &o, &r, &c->err);
	/* every bad row, skipped or refused, with its line */
	for (size_t i = 0; i < r.nbad; i++)
		cli_message(o.skip_bad && !rc ? CLI_MSG_WARNING : CLI_MSG_NOTE,
			    "%s: line %zu: %s%s", a->pos[0], r.bad[i].line, r.bad[i].why,
			    o.skip_bad && !rc ? ": skipped" : "");
	if (rc) {
		braid_survey_import_result_release(&r);
		return cli_fail(c);
	}
	fprintf(c->out,
		"survey %s: %zu rows (%zu new, %zu kept, %zu removed), %zu variables, "
		"%zu rows newly linked to cases",
		a->pos[0], r.rows, r.rows - r.kept_rows, r.kept_rows, r.removed_rows, r.vars,
		r.linked);
	if (r.nbad)
		fprintf(c->out, ", %zu bad row%s skipped", r.nbad, r.nbad == 1 ? "" : "s");
	fputc('\n', c->out);
	braid_survey_import_result_release(&r);
	return EXIT_OK;
}

static int sub_type(struct cli *c, const struct cli_args *a)
{
	const char *levels = cli_opt(a, &cmd_survey_entry, "levels");
	int type = braid_vocab_parse(&braid_vocab_survey_type, a->pos[1]);
	char **lv = NULL;
	size_t n = 0;
	int rc;

	if (type < 0)
		return cli_vocab_usage(c, &braid_vocab_survey_type, a->pos[1]);
	if (levels)
		lv = cli_split_list(levels, &n);
	rc = braid_survey_set_type(c->st, a->pos[0], (enum braid_survey_type)type,
				   (const char *const *)lv, n, &c->err);
	cli_list_free(lv);
	if (rc)
		return cli_fail(c);
	fprintf(c->out, "%s\n", braid_change_text(c->st));
	return EXIT_OK;
}

static int var_row(const struct braid_survey_var_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_survey_var_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_vars(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_survey_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_survey_vars_listing, fmt);
	return cli_listing_end(c, &l, braid_survey_vars(c->st, var_row, &l, &c->err));
}

static int value_row(const struct braid_survey_value_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_survey_value_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_show(struct cli *c, const struct cli_args *a)
{
	int fmt = cli_format(c, &cmd_survey_entry, a, NULL, BRAID_OUT_TABLE);
	struct cli_listing l;

	if (fmt < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_survey_values_listing, fmt);
	return cli_listing_end(c, &l,
			       braid_survey_show(c->st, a->pos[0], NULL, value_row, &l, &c->err));
}

static const struct subcmd subs[] = {
    {"import", "FILE --id COLUMN [--delimiter CHAR] [--na VALUE]... [--skip-bad]",
     "import a survey CSV, replacing the one before; links rows to cases", 1, 1, CMD_WRITE,
     sub_import},
    {"type", "VAR {survey-type} [--levels A,B,...]", "set a variable's type (and levels)", 2, 2,
     CMD_WRITE, sub_type},
    {"vars", CLI_FORMAT_USAGE, "the variables: n, missing, mean/sd/min/max or level counts", 0, 0,
     0, sub_vars},
    {"show", "ID " CLI_FORMAT_USAGE, "one survey row's values", 1, 1, 0, sub_show},
    {NULL, NULL, NULL, 0, 0, 0, NULL},
};

static int cmd_survey(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_survey_entry, c, a);
}

const struct cmd_entry cmd_survey_entry = {
    .name = "survey",
    .synopsis = "import|type|vars|show [ARGS]",
    .summary = "survey data: import a CSV, type its variables, list them",
    .description = "A survey is a CSV with one row per participant and a column of ids (--id).\n"
		   "Missing values: empty, NA, N/A, '.' and each --na. Types are inferred\n"
		   "(binary, numeric, categorical) and can be set. Survey ids are linked to\n"
		   "cases of the same name, ignoring case (docs/triangulation.md); see\n"
		   "'braid cases link' and 'braid cases check'. Undo takes an import back.",
    .opts = opts,
    .min_pos = 0,
    .max_pos = -1,
    .flags = CMD_PROJECT,
    .fn = cmd_survey,
    .subcmds = subs,
    .default_sub = "vars",
    .repeatable = repeatable,
};
