/*
 * cmd-reconcile.c - braid reconcile: two coders' disagreements decided one
 * by one, at the terminal or from a decisions file, into a consensus coder
 * (agree.h; docs/agreement.md, *Reconciliation*).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "braid/agree.h"
#include "braid/alloc.h"
#include "braid/json.h"
#include "braid/text.h"
#include "cli.h"

static const struct cli_opt opts[] = {
    {"coders", 'c', "A,B", "the two coders to reconcile"},
    {"code", 0, "CODE", "only this code (not its sub-codes)"},
    {"doc", 'd', "DOC",
     "only this document (default: every "
     "document both coded)"},
    {"unit", 'u', "UNIT", "turn, sentence, paragraph or document (default turn)"},
    {"interviewers", 0, NULL, "count interviewers' and moderators' turns as units too"},
    {"as", 0, "NAME", "the consensus coder (default consensus)"},
    {"decisions", 0, "FILE",
     "read the decisions from FILE (- for standard input): lines "
     "ID<TAB>DECISION[<TAB>START-END], DECISION one of {decision}"},
    {"list", 'l', NULL, "only list the disagreements with their numbers; change nothing"},
    {"resume", 0, NULL,
     "go on with a consensus coder that has codings already: decide only "
     "what it has not coded"},
    {"json", 0, NULL, "with --list: as JSON"},
    {NULL, 0, NULL, NULL},
};

static const char *const repeatable[] = {"code", "doc", NULL};

static void spans(FILE *f, const struct braid_rec_span *v, size_t n)
{
	if (!n)
		fputs("(not coded)", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%lld-%lld", i ? ", " : "", (long long)v[i].start,
			(long long)v[i].end);
}

static void item_text(FILE *f, const struct braid_reconcile *r, const struct braid_rec_item *it)
{
	fprintf(f, "#%zu %s", it->id, it->doc);
	if (it->turn)
		fprintf(f, " turn %lld (%s)", (long long)it->turn, it->speaker ? it->speaker : "");
	fprintf(f, " %lld-%lld %s%s\n", (long long)it->start, (long long)it->end, it->code,
		it->done ? " [decided before]" : "");
	if (it->text) {
		struct strbuf one = STRBUF_INIT;

		braid_text_oneline(it->text, strlen(it->text), 300, &one);
		fprintf(f, "  \"%s\"\n", one.buf);
		strbuf_release(&one);
	}
	fprintf(f, "  a %s: ", r->a);
	spans(f, it->a, it->na);
	fprintf(f, "\n  b %s: ", r->b);
	spans(f, it->b, it->nb);
	fputc('\n', f);
}

static void list_json(FILE *f, const struct braid_reconcile *r)
{
	struct braid_json j;

	braid_json_init(&j, f);
	braid_json_begin_array(&j);
	for (size_t i = 0; i < r->nitems; i++) {
		const struct braid_rec_item *it = &r->items[i];

		braid_json_begin_object(&j);
		braid_json_kv_int(&j, "id", (long long)it->id);
		braid_json_kv_str(&j, "doc", it->doc);
		braid_json_key(&j, "turn");
		if (it->turn)
			braid_json_int(&j, it->turn);
		else
			braid_json_null(&j);
		braid_json_kv_str(&j, "speaker", it->speaker);
		braid_json_kv_int(&j, "start", it->start);
		braid_json_kv_int(&j, "end", it->end);
		braid_json_kv_str(&j, "code", it->code);
		for (int side = 0; side < 2; side++) {
			const struct braid_rec_span *v = side ? it->b : it->a;
			size_t n = side ? it->nb : it->na;

			braid_json_key(&j, side ? "b" : "a");
			braid_json_begin_array(&j);
			for (size_t k = 0; k < n; k++) {
				braid_json_begin_array(&j);
				braid_json_int(&j, v[k].start);
				braid_json_int(&j, v[k].end);
				braid_json_end_array(&j);
			}
			braid_json_end_array(&j);
		}
		braid_json_kv_str(&j, "text", it->text);
		braid_json_key(&j, "done");
		braid_json_bool(&j, it->done);
		braid_json_end_object(&j);
	}
	braid_json_end_array(&j);
	fputc('\n', f);
}

/* Asks at the terminal; 1 when the person quit. */
static int ask(struct cli *c, const struct braid_reconcile *r, struct braid_rec_decision *dec)
{
	char *line = NULL;
	size_t cap = 0;
	int quit = 0;

	for (size_t i = 0; i < r->nitems && !quit; i++) {
		const struct braid_rec_item *it = &r->items[i];

		dec[i].decision = -1;
		if (it->done)
			continue;
		fputc('\n', c->out);
		item_text(c->out, r, it);
		for (;;) {
			struct braid_err err = BRAID_ERR_INIT;
			ssize_t n;

			fprintf(c->out,
				"[a]'s, [b]'s, both, neither, edit START-END, [s]kip, [q]uit? ");
			fflush(c->out);
			if ((n = getline(&line, &cap, stdin)) < 0) {
				quit = 1;
				break;
			}
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			if (!strcmp(line, "s") || !strcmp(line, "skip"))
				break;
			if (!strcmp(line, "q") || !strcmp(line, "quit")) {
				quit = 1;
				break;
			}
			struct strbuf said = STRBUF_INIT;

			/* "e 10-20" for "edit 10-20" */
			if (!strncmp(line, "e ", 2))
				strbuf_addf(&said, "edit%s", line + 1);
			else
				strbuf_addstr(&said, line);
			if (!braid_reconcile_parse_decision(said.buf, it, &dec[i], &err)) {
				strbuf_release(&said);
				break;
			}
			strbuf_release(&said);
			fprintf(c->out, "%s\n", err.msg);
		}
	}
	free(line);
	return quit;
}

/* The items of a reload must be the ones decided on. */
static int same_items(const struct braid_reconcile *x, const struct braid_reconcile *y)
{
	if (x->nitems != y->nitems)
		return 0;
	for (size_t i = 0; i < x->nitems; i++)
		if (x->items[i].doc_id != y->items[i].doc_id ||
		    x->items[i].start != y->items[i].start || x->items[i].end != y->items[i].end ||
		    x->items[i].code_id != y->items[i].code_id)
			return 0;
	return 1;
}

static int cmd_reconcile(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_reconcile_entry;
	const char *coders = cli_opt(a, e, "coders"), *unit = cli_opt(a, e, "unit");
	const char *file = cli_opt(a, e, "decisions");
	int list = cli_opt(a, e, "list") != NULL;
	struct braid_rec_opts o = {0};
	struct braid_reconcile r = {0}, again = {0};
	struct braid_rec_decision *dec = NULL;
	size_t n, written = 0, decided = 0, skipped = 0;
	char **names;
	int rc = EXIT_OK;

	if (!coders)
		return cli_usage_error(e, "give the two coders: --coders A,B");
	names = cli_split_list(coders, &n);
	if (n != 2) {
		cli_list_free(names);
		return cli_usage_error(e, "--coders takes exactly two coders, A,B");
	}
	o.a = names[0];
	o.b = names[1];
	o.codes = cli_opt_all(a, e, "code", &o.ncodes);
	o.docs = cli_opt_all(a, e, "doc", &o.ndocs);
	o.unit = BRAID_AGREE_TURN;
	o.interviewer = cli_opt(a, e, "interviewers") != NULL;
	o.as = cli_opt(a, e, "as");
	o.resume = cli_opt(a, e, "resume") != NULL;
	if (unit) {
		int u = braid_vocab_parse(&braid_vocab_agree_unit, unit);

		if (u < 0 || u == BRAID_AGREE_CHAR)
			rc = cli_usage_error(e,
					     "unknown unit '%s' (expected turn, sentence, "
					     "paragraph or document)",
					     unit);
		o.unit = (enum braid_agree_unit)u;
	}
	if (rc == EXIT_OK && !list && !file && !isatty(0))
		rc = cli_usage_error(e, "standard input is not a terminal: give the decisions with "
					"--decisions FILE, or see the disagreements with --list");
	if (rc == EXIT_OK && cli_opt(a, e, "json") && !list)
		rc = cli_usage_error(e, "--json goes with --list");
	if (rc != EXIT_OK)
		goto out;
	if (braid_reconcile_load(c->st, &o, &r, &c->err)) {
		rc = cli_fail(c);
		goto out;
	}
	if (list) {
		if (cli_opt(a, e, "json"))
			list_json(c->out, &r);
		else {
			for (size_t i = 0; i < r.nitems; i++)
				item_text(c->out, &r, &r.items[i]);
			fprintf(c->out, "%zu disagreement%s between %s and %s\n", r.nitems,
				r.nitems == 1 ? "" : "s", r.a, r.b);
		}
		goto out;
	}
	dec = xcalloc(r.nitems + 1, sizeof(*dec));
	for (size_t i = 0; i < r.nitems; i++)
		dec[i].decision = -1; /* skipped until decided */
	if (file) {
		if (braid_reconcile_read_decisions(file, &r, dec, &c->err)) {
			rc = cli_fail(c);
			goto out;
		}
	} else {
		ask(c, &r, dec);
	}
	/* write under the lock, on the project as it is now: the same items, or nothing */
	if ((rc = cli_txn_begin(c)) != EXIT_OK)
		goto out;
	if (braid_reconcile_load(c->st, &o, &again, &c->err))
		rc = cli_fail(c);
	else if (!same_items(&r, &again))
		rc = cli_error("the project changed while the decisions were made: run reconcile "
			       "again");
	else if (braid_reconcile_apply(c->st, &again, dec, &written, &c->err))
		rc = cli_fail(c);
	rc = cli_txn_end(c, rc);
	if (rc == EXIT_OK) {
		for (size_t i = 0; i < r.nitems; i++) {
			if (r.items[i].done)
				continue;
			if (dec[i].decision >= 0)
				decided++;
			else
				skipped++;
		}
		fprintf(c->out,
			"reconciled %s and %s as %s: %zu of %zu disagreements decided, %zu left; "
			"%zu coding%s written\n",
			r.a, r.b, r.as, decided, r.nitems, skipped, written,
			written == 1 ? "" : "s");
	}
out:
	free(dec);
	braid_reconcile_release(&r);
	braid_reconcile_release(&again);
	cli_list_free(names);
	return rc;
}

const struct cmd_entry cmd_reconcile_entry = {
    .name = "reconcile",
    .synopsis = NULL,
    .summary = "decide two coders' disagreements into a consensus coder",
    .description =
	"Walks the places where two coders' codings differ (per unit and code: one coded\n"
	"it and the other not, or both with other spans), at the terminal or from\n"
	"--decisions FILE, and writes a consensus coder (origin reconciled) holding the\n"
	"codings both agree on and the decisions. One change: braid undo reverts it.\n"
	"See docs/agreement.md, *Reconciliation*.",
    .opts = opts,
    .flags = CMD_PROJECT | CMD_ALL_CODERS,
    .fn = cmd_reconcile,
    .repeatable = repeatable,
};
