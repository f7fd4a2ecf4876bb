/*
 * cmd-phase.c - braid phase: where the analysis stands in Braun & Clarke's
 * six phases, what is left to do, moving on (through the gate, or past it
 * with a reason), moving back, and the approach (workflow.h).
 */
#include <stdlib.h>
#include <string.h>

#include "braid/coding.h"
#include "braid/json.h"
#include "braid/workflow.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "force", 0, NULL, "next: pass the gate anyway (needs --why)" },
	{ "why", 0, "REASON", "next --force, set: why (kept in the timeline and the log)" },
	{ "json", 0, NULL, "show: print a JSON object (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_phase_entry, name)

static void print_gate(FILE *f, const struct braid_gate *g)
{
	for (size_t i = 0; i < g->nitems; i++) {
		const struct braid_gate_item *it = &g->items[i];

		fprintf(f, "  [%c] %s", it->done ? 'x' : ' ', it->what);
		if (it->need > 1)
			fprintf(f, " (%lld of %lld)", (long long)it->have, (long long)it->need);
		fputc('\n', f);
		if (!it->done && it->missing)
			fprintf(f, "      %s\n", it->missing);
	}
}

struct timeline {
	FILE *f;
	struct braid_json *j;
};

static int timeline_row(const struct braid_phase_row *r, void *ctx)
{
	struct timeline *t = ctx;
	struct strbuf how = STRBUF_INIT;

	if (t->j) {
		braid_json_begin_object(t->j);
		braid_json_kv_int(t->j, "phase", r->phase);
		braid_json_kv_str(t->j, "name", r->name);
		braid_json_kv_str(t->j, "move", r->move);
		braid_json_kv_str(t->j, "why", r->why);
		braid_json_kv_str(t->j, "entered", r->entered);
		braid_json_kv_str(t->j, "left", r->left);
		braid_json_kv_str(t->j, "by", r->by);
		braid_json_end_object(t->j);
		return 0;
	}
	braid_phase_how(r, &how);
	fprintf(t->f, "  %d %-18s %.16s -> %-16.16s %s\n", r->phase, r->name, r->entered,
		r->left ? r->left : "now", how.buf);
	strbuf_release(&how);
	return 0;
}

static void gate_json(struct braid_json *j, const struct braid_gate *g)
{
	braid_json_key(j, "checklist");
	braid_json_begin_array(j);
	for (size_t i = 0; i < g->nitems; i++) {
		braid_json_begin_object(j);
		braid_json_kv_str(j, "what", g->items[i].what);
		braid_json_key(j, "done");
		braid_json_bool(j, g->items[i].done);
		braid_json_kv_int(j, "have", g->items[i].have);
		braid_json_kv_int(j, "need", g->items[i].need);
		braid_json_kv_str(j, "missing", g->items[i].missing);
		braid_json_end_object(j);
	}
	braid_json_end_array(j);
	braid_json_key(j, "figures");
	braid_json_begin_object(j);
	for (size_t i = 0; i < g->nfigures; i++)
		braid_json_kv_str(j, g->figures[i].label, g->figures[i].value);
	braid_json_end_object(j);
}

struct journal {
	FILE *f;
	struct braid_json *j;
	int phase;
	int n;
};

/* The reflexive journal's entries written in the current phase. */
static int journal_row(const struct braid_memo_row *r, void *ctx)
{
	struct journal *jr = ctx;
	struct strbuf one = STRBUF_INIT;

	if (r->phase != jr->phase)
		return 0;
	if (jr->j) {
		braid_json_begin_object(jr->j);
		braid_json_kv_int(jr->j, "id", r->id);
		braid_json_kv_str(jr->j, "coder", r->coder);
		braid_json_kv_str(jr->j, "created", r->created);
		braid_json_kv_str(jr->j, "text", r->text);
		braid_json_end_object(jr->j);
	} else {
		if (!jr->n)
			fputs("reflexive journal, this phase:\n", jr->f);
		cli_shorten(r->text, strlen(r->text), 60, &one);
		fprintf(jr->f, "  #%-4lld %.16s %-10s %s\n", (long long)r->id, r->created, r->coder,
			one.buf);
	}
	jr->n++;
	strbuf_release(&one);
	return 0;
}

static int sub_show(struct cli *c, const struct cli_args *a)
{
	struct braid_gate g;
	enum braid_approach ap;
	int phase, rc;

	if (braid_phase_current(c->st, &phase, &c->err) || braid_approach_get(c->st, &ap, &c->err) ||
	    braid_phase_check(c->st, phase, &g, &c->err))
		return cli_fail(c);
	if (OPT("json")) {
		struct braid_json j;
		struct timeline t = { c->out, &j };

		braid_json_init(&j, c->out);
		braid_json_begin_object(&j);
		braid_json_kv_int(&j, "phase", phase);
		braid_json_kv_str(&j, "name", braid_vocab_name(&braid_vocab_phase, phase - 1));
		braid_json_kv_str(&j, "approach", braid_vocab_name(&braid_vocab_approach, (int)ap));
		braid_json_key(&j, "passed");
		braid_json_bool(&j, g.passed);
		gate_json(&j, &g);
		braid_json_key(&j, "timeline");
		braid_json_begin_array(&j);
		rc = braid_phases_each(c->st, timeline_row, &t, &c->err);
		braid_json_end_array(&j);
		if (!rc) {
			struct journal jr = { c->out, &j, phase, 0 };

			braid_json_key(&j, "journal");
			braid_json_begin_array(&j);
			rc = braid_memos_each(c->st, "project", "reflexive", journal_row, &jr,
					      &c->err);
			braid_json_end_array(&j);
		}
		braid_json_end_object(&j);
	} else {
		struct timeline t = { c->out, NULL };

		fprintf(c->out, "phase %d of 6: %s (approach: %s)\n", phase,
			braid_vocab_phase.help[phase - 1] + 2, /* "1 familiarisation ...": the words */
			braid_vocab_name(&braid_vocab_approach, (int)ap));
		fprintf(c->out, "to leave it (braid phase next):\n");
		print_gate(c->out, &g);
		if (g.nfigures) {
			fputs("figures:\n", c->out);
			for (size_t i = 0; i < g.nfigures; i++)
				fprintf(c->out, "  %-40s %s\n", g.figures[i].label, g.figures[i].value);
		}
		fputs("timeline:\n", c->out);
		rc = braid_phases_each(c->st, timeline_row, &t, &c->err);
		if (!rc) {
			struct journal jr = { c->out, NULL, phase, 0 };

			rc = braid_memos_each(c->st, "project", "reflexive", journal_row, &jr,
					      &c->err);
		}
	}
	braid_gate_release(&g);
	return rc ? cli_fail(c) : EXIT_OK;
}

static int sub_next(struct cli *c, const struct cli_args *a)
{
	struct braid_gate g = { 0 };
	int rc;

	if (OPT("force") && !OPT("why"))
		return cli_sub_usage(c, "--force needs --why REASON: passing a gate anyway is recorded "
					"with its reason");
	if (OPT("why") && !OPT("force"))
		return cli_sub_usage(c, "--why goes with --force (the gate is passed, or forced)");
	rc = braid_phase_next(c->st, OPT("force") != NULL, OPT("why"), &g, &c->err);
	if (rc == BRAID_EGATE) {
		cli_error("%s: what is missing:", c->err.msg);
		print_gate(stderr, &g);
		fputs("(do it, or pass the gate anyway: braid phase next --force --why REASON)\n", stderr);
		rc = EXIT_ERROR;
	} else if (rc) {
		rc = cli_fail(c);
	} else {
		fprintf(c->out, "%s\n", braid_change_text(c->st));
	}
	braid_gate_release(&g);
	return rc;
}

static int sub_set(struct cli *c, const struct cli_args *a)
{
	long p = cli_parse_count(&cmd_phase_entry, "N", a->pos[0]);

	if (p < 0)
		return EXIT_USAGE;
	if (!OPT("why"))
		return cli_sub_usage(c, "give --why REASON: moving between phases by hand is recorded "
					"with its reason");
	if (braid_phase_set(c->st, (int)p, OPT("why"), &c->err))
		return cli_fail(c);
	fprintf(c->out, "%s\n", braid_change_text(c->st));
	return EXIT_OK;
}

static int sub_approach(struct cli *c, const struct cli_args *a)
{
	if (!a->npos) {
		enum braid_approach ap;

		braid_approach_get(c->st, &ap, &c->err);
		fprintf(c->out, "%s\n", braid_vocab_name(&braid_vocab_approach, (int)ap));
		return EXIT_OK;
	}
	if (braid_vocab_parse(&braid_vocab_approach, a->pos[0]) < 0)
		return cli_vocab_usage(c, &braid_vocab_approach, a->pos[0]);
	if (braid_approach_set(c->st, a->pos[0], &c->err))
		return cli_fail(c);
	fprintf(c->out, "%s\n", *braid_change_text(c->st) ? braid_change_text(c->st)
							 : "approach unchanged");
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "show", "[--json]", "the current phase, its checklist and figures, the timeline", 0, 0, 0,
	  sub_show },
	{ "next", "[--force --why REASON]", "move on, if the phase's gate passes", 0, 0, CMD_WRITE,
	  sub_next },
	{ "set", "N --why REASON", "move to phase N (1-6) by hand, back or forward", 1, 1, CMD_WRITE,
	  sub_set },
	{ "approach", "[APPROACH]", "show or set the family of thematic analysis followed: {approach}",
	  0, 1, CMD_WRITE, sub_approach },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_phase(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_phase_entry, c, a);
}

const struct cmd_entry cmd_phase_entry = {
	.name = "phase",
	.synopsis = "[show|next|set|approach] [ARGS]",
	.summary = "Braun & Clarke's six phases: where the analysis stands, moving on and back",
	.description =
		"1 familiarisation, 2 generating initial codes, 3 generating initial themes,\n"
		"4 developing and reviewing themes, 5 refining, defining and naming themes,\n"
		"6 writing up. 'braid phase' shows the current one with what its gate checks;\n"
		"'phase next' moves on when it passes and otherwise lists exactly what is missing\n"
		"(exit 1). docs/workflow.md describes each gate and the three approaches.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_phase,
	.subcmds = subs,
	.default_sub = "show",
};
