/*
 * agree-project.c - `braid agree --coders A,B[,...]`: agreement on the
 * project's own codings (agree.h), the part of cmd-agree.c that is not the
 * matrix mode. The options are in cmd-agree.c's table and read here by name.
 */
#include <stdlib.h>
#include <string.h>

#include "braid/agree.h"
#include "braid/alloc.h"
#include "cli.h"

int cmd_agree_project(struct cli *c, const struct cli_args *a, const struct cmd_entry *e)
{
	const char *coders = cli_opt(a, e, "coders"), *unit = cli_opt(a, e, "unit");
	const char *format = cli_opt(a, e, "format"), *boot = cli_opt(a, e, "bootstrap");
	const char *seed = cli_opt(a, e, "seed");
	struct braid_agree_opts o = {0};
	struct braid_agree_result r;
	char **names;
	size_t n;
	int fmt = BRAID_AGREE_TEXT, rc;

	if (!coders)
		return cli_usage_error(e, "give --coders A,B (or --matrix FILE)");
	names = cli_split_list(coders, &n);
	if (n < 2) {
		cli_list_free(names);
		return cli_usage_error(e,
				       "--coders needs at least two coders, separated by commas");
	}
	o.coders = (const char *const *)names;
	o.ncoders = n;
	o.codes = cli_opt_all(a, e, "code", &o.ncodes);
	o.docs = cli_opt_all(a, e, "doc", &o.ndocs);
	o.unit = BRAID_AGREE_TURN;
	o.domain = cli_opt(a, e, "domain");
	o.interviewer = cli_opt(a, e, "interviewers") != NULL;
	o.disagreements = cli_opt(a, e, "disagreements") != NULL;
	o.bootstrap = BRAID_AGREE_BOOTSTRAP;
	o.seed = BRAID_AGREE_SEED;
	rc = EXIT_OK;
	if (unit && (rc = braid_vocab_parse(&braid_vocab_agree_unit, unit)) < 0)
		rc = cli_vocab_usage(c, &braid_vocab_agree_unit, unit);
	else if (unit)
		o.unit = (enum braid_agree_unit)rc, rc = EXIT_OK;
	if (rc == EXIT_OK && format &&
	    (fmt = braid_vocab_parse(&braid_vocab_agree_format, format)) < 0)
		rc = cli_vocab_usage(c, &braid_vocab_agree_format, format);
	if (rc == EXIT_OK && cli_opt(a, e, "json"))
		fmt = BRAID_AGREE_JSON;
	if (rc == EXIT_OK && boot) {
		long v = cli_parse_count(e, "bootstrap", boot);

		if (v < 0)
			rc = EXIT_USAGE;
		o.bootstrap = (size_t)v;
	}
	if (rc == EXIT_OK && seed) {
		long v = cli_parse_count(e, "seed", seed);

		if (v < 0)
			rc = EXIT_USAGE;
		o.seed = (uint64_t)v;
	}
	if (rc == EXIT_OK && o.domain && o.unit != BRAID_AGREE_CHAR)
		rc = cli_usage_error(e, "--domain needs --unit char");
	if (rc != EXIT_OK) {
		cli_list_free(names);
		return rc;
	}
	/* sentences and paragraphs: record the segmentation they are cut by, once */
	if (o.unit == BRAID_AGREE_SENTENCE || o.unit == BRAID_AGREE_PARAGRAPH) {
		char *have = braid_store_meta(c->st, BRAID_AGREE_SEGMENTATION_KEY);

		if (!have && cli_txn_begin(c) == EXIT_OK) {
			int recorded;

			rc = braid_agree_record_segmentation(c->st, &recorded, &c->err) ? EXIT_ERROR
											: EXIT_OK;
			if (rc)
				cli_fail(c);
			if (cli_txn_end(c, rc) != EXIT_OK || rc)
				cli_message(CLI_MSG_WARNING, "could not record the segmentation %s",
					    BRAID_AGREE_SEGMENTATION);
			rc = EXIT_OK;
		}
		free(have);
	}
	if (braid_agree_run(c->st, &o, &r, &c->err)) {
		braid_agree_result_release(&r);
		cli_list_free(names);
		return cli_fail(c);
	}
	if (fmt == BRAID_AGREE_JSON) {
		if (o.disagreements)
			braid_agree_write_diffs(&r, BRAID_AGREE_JSON, c->out);
		else
			braid_agree_write(&r, BRAID_AGREE_JSON, c->out);
	} else if (fmt == BRAID_AGREE_CSV) {
		/* one table per file: with --disagreements, the disagreements */
		if (o.disagreements)
			braid_agree_write_diffs(&r, BRAID_AGREE_CSV, c->out);
		else
			braid_agree_write(&r, BRAID_AGREE_CSV, c->out);
		for (size_t i = 0; i < r.nnotes; i++)
			cli_note("%s", r.notes[i]);
	} else {
		braid_agree_write(&r, (enum braid_agree_format)fmt, c->out);
		if (o.disagreements) {
			fputc('\n', c->out);
			braid_agree_write_diffs(&r, (enum braid_agree_format)fmt, c->out);
		}
	}
	braid_agree_result_release(&r);
	cli_list_free(names);
	return EXIT_OK;
}
