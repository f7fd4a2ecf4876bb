/*
 * cmd-autocode.c - braid autocode: apply the codes' patterns to the turns.
 *
 * The codings are written as pending, attributed to --coder (default "auto"),
 * for a person to accept or reject (braid code accept/reject). --preview runs
 * the same rules inside a transaction that is rolled back and leaves no audit
 * row: it shows keyword-in-context lines of what would be coded.
 */
#include <string.h>

#include "braid/alloc.h"
#include "braid/autocode.h"
#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/columns.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "code", 'c', "CODE", "only this code and the codes below it" },
	{ "codebook", 'b', "FILE", "the rules of this codebook file (its codes must be imported)" },
	{ "doc", 'd', "DOC", "only this document" },
	{ "coder", 0, "NAME", "who the codings are attributed to (default: auto)" },
	{ "preview", 'n', NULL, "show what would be coded, in context; write nothing" },
	{ "skip-failing", 0, NULL, "drop a code whose pattern fails (backtracks too much), list it, "
				   "go on" },
	{ "width", 'w', "N", "with --preview: code points of context on each side (default 40)" },
	{ "quiet", 'q', NULL, "print nothing but errors" },
	{ "json", 0, NULL, "print a JSON object (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

struct per_code {
	char *code;
	size_t fresh, units;
	int shown;
	char *failed; /* --skip-failing: why it was dropped */
	char *roles;  /* set when it matched only in turns its roles exclude: ... */
	char *outside_doc, *outside_role; /* ... the first such turn */
	long long outside_turn;
};

struct autocode_out {
	struct cli *c;
	int preview, quiet, json;
	size_t width;
	struct per_code *pc;
	size_t npc, alloc;
	size_t outside; /* codes that matched only in turns their roles exclude */
	struct braid_json j;  /* --json: the summary object, with the hits in it */
	struct cli_listing l; /* --preview: the hits (as a table, or only their row for JSON) */
};

static struct per_code *per_code(struct autocode_out *o, const char *code)
{
	for (size_t i = 0; i < o->npc; i++)
		if (!strcmp(o->pc[i].code, code))
			return &o->pc[i];
	ALLOC_GROW(o->pc, o->npc + 1, o->alloc);
	o->pc[o->npc] = (struct per_code){ .code = xstrdup(code) };
	return &o->pc[o->npc++];
}

/* The core's word on each code at the end of the run. */
static void code_report(const struct braid_autocode_code *k, void *ctx)
{
	struct autocode_out *o = ctx;
	struct per_code *p;

	if (k->outside_doc) {
		p = per_code(o, k->code);
		p->roles = xstrdup(k->roles);
		p->outside_doc = xstrdup(k->outside_doc);
		p->outside_role = xstrdup(k->outside_role);
		p->outside_turn = (long long)k->outside_turn;
		o->outside++;
	}
	if (!k->failed)
		return;
	p = per_code(o, k->code);
	p->failed = xstrdup(k->failed);
	/* said whatever the format: the person must know the code did not run to the end */
	cli_message(CLI_MSG_WARNING, "skipped %s; %zu unit%s matched before", k->failed, k->units,
		    k->units == 1 ? "" : "s");
}

static int hit(const struct braid_autocode_hit *h, void *ctx)
{
	struct autocode_out *o = ctx;
	struct per_code *p = per_code(o, h->code);

	p->units++;
	p->fresh += h->is_new != 0;
	if (!o->preview || !h->is_new || o->quiet)
		return 0;
	braid_autocode_hit_values(h, o->width, &o->l.row);
	if (o->json)
		braid_listing_json_row(&braid_autocode_hits_listing, o->l.row.v, &o->j);
	else
		cli_listing_row(&o->l);
	return 0;
}

static void count_row(struct table *t, const char *name, int depth, const char *slug,
		      struct per_code *p)
{
	struct strbuf indented = STRBUF_INIT;
	char n1[24], n2[24];
	const char *row[4] = { NULL, slug, "", "" };

	for (int d = 0; d < depth; d++)
		strbuf_addstr(&indented, "  ");
	strbuf_addstr(&indented, name);
	row[0] = indented.buf;
	if (p) {
		p->shown = 1;
		snprintf(n1, sizeof(n1), "%zu", p->fresh);
		snprintf(n2, sizeof(n2), "%zu", p->units);
		row[2] = n1;
		row[3] = n2;
	}
	table_add(t, row);
	strbuf_release(&indented);
}

/*
 * The per-code counts in tree order: the codes the run touched, under their
 * ancestors (shown without counts) so that the indentation reads as a tree.
 */
static void print_counts(struct autocode_out *o, const struct braid_code_tree *cs)
{
	static const char *const head[] = { "CODE", "ID", "NEW", "MATCHED" };
	struct per_code **of = xcalloc(cs->n + 1, sizeof(*of));
	char *show = xcalloc(cs->n + 1, 1);
	struct table t;

	for (size_t i = 0; i < cs->n; i++)
		for (size_t k = 0; k < o->npc && !of[i]; k++)
			if (!strcmp(cs->v[i].slug, o->pc[k].code)) {
				of[i] = &o->pc[k];
				for (const struct braid_code_node *a = &cs->v[i]; a;
				     a = a->parent_id ? braid_code_tree_by_id(cs, a->parent_id) : NULL)
					show[a - cs->v] = 1;
			}
	table_init(&t, 4, 0xc, head);
	for (size_t i = 0; i < cs->n; i++)
		if (show[i])
			count_row(&t, cs->v[i].name, cs->v[i].depth, cs->v[i].slug, of[i]);
	for (size_t k = 0; k < o->npc; k++)
		if (!o->pc[k].shown) /* not in the tree: cannot happen, but do not lose it */
			count_row(&t, o->pc[k].code, 0, o->pc[k].code, &o->pc[k]);
	table_print(&t, o->c->out, 0);
	table_release(&t);
	free(show);
	free(of);
}

/*
 * The codes that coded nothing because of their roles: their patterns match
 * text, but only in turns of roles they do not read (a participant code on a
 * document without speakers, say).
 */
static void print_outside(const struct autocode_out *o)
{
	size_t n = 0;

	fprintf(o->c->out, "%zu code%s matched text only in turns %s roles exclude:", o->outside,
		o->outside == 1 ? "" : "s", o->outside == 1 ? "its" : "their");
	for (size_t i = 0; i < o->npc; i++) {
		const struct per_code *p = &o->pc[i];

		if (!p->outside_doc)
			continue;
		fprintf(o->c->out, "%s %s (reads %s; matched %s turn %lld of '%s')", n++ ? "," : "",
			p->code, p->roles, p->outside_role, p->outside_turn, p->outside_doc);
	}
	fprintf(o->c->out, "; to code there, set their roles: braid code edit CODE --field roles "
			   "--value any\n");
}

static int cmd_autocode(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_autocode_entry;
	const char *book = cli_opt(a, e, "codebook");
	struct braid_autocode_opts ao = { .code = cli_opt(a, e, "code"),
					  .coder = cli_opt(a, e, "coder"),
					  .doc = cli_opt(a, e, "doc"),
					  .preview = cli_opt(a, e, "preview") != NULL,
					  .skip_failing = cli_opt(a, e, "skip-failing") != NULL };
	struct autocode_out o = { .c = c, .preview = ao.preview, .width = 40,
				  .quiet = cli_opt(a, e, "quiet") != NULL,
				  .json = cli_opt(a, e, "json") != NULL };
	struct braid_autocode_stats stats = { 0 };
	struct braid_codebook cb;
	struct braid_code_tree cs = { 0 };
	size_t already = 0, fresh = 0;
	int rc;

	if (!ao.coder)
		ao.coder = "auto";
	if (!*ao.coder)
		return cli_usage_error(e, "--coder needs a name");
	if (cli_opt(a, e, "width")) {
		long w = cli_parse_count(e, "width", cli_opt(a, e, "width"));

		if (w < 0)
			return EXIT_USAGE;
		if (!ao.preview)
			return cli_usage_error(e, "--width goes with --preview");
		o.width = (size_t)w;
	}
	braid_codebook_init(&cb);
	if (book) {
		if (braid_codebook_load(book, &cb, &c->err)) {
			braid_codebook_release(&cb);
			return cli_fail(c);
		}
		ao.codebook = &cb;
	}
	ao.progress = cli_progress;
	ao.progress_ctx = &o.quiet;
	ao.report = code_report;
	ao.report_ctx = &o;
	if (o.json) {
		braid_json_init(&o.j, c->out);
		braid_json_begin_object(&o.j);
		braid_json_key(&o.j, "hits");
		braid_json_begin_array(&o.j);
	}
	if (o.preview && !o.quiet) {
		if (o.json)
			braid_row_init(&o.l.row, &braid_autocode_hits_listing);
		else
			cli_listing_begin(c, &o.l, &braid_autocode_hits_listing, BRAID_OUT_TABLE);
	}
	rc = cli_txn_begin(c);
	if (!rc && braid_autocode(c->st, &ao, hit, &o, &stats, &c->err))
		rc = cli_fail(c);
	if (!rc)
		rc = cli_codes_load(c, BRAID_CODES_ALL, &cs);
	for (size_t i = 0; i < o.npc; i++) {
		already += o.pc[i].units - o.pc[i].fresh;
		fresh += o.pc[i].fresh;
	}
	if (o.preview)
		braid_store_rollback(c->st); /* nothing written, no audit row */
	else
		rc = cli_txn_end(c, rc);
	if (o.json) {
		braid_json_end_array(&o.j);
		braid_json_key(&o.j, "codes");
		braid_json_begin_array(&o.j);
		for (size_t i = 0; !rc && i < o.npc; i++) {
			braid_json_begin_object(&o.j);
			braid_json_kv_str(&o.j, "code", o.pc[i].code);
			braid_json_kv_int(&o.j, "new", (long long)o.pc[i].fresh);
			braid_json_kv_int(&o.j, "matched", (long long)o.pc[i].units);
			braid_json_kv_str(&o.j, "failed", o.pc[i].failed);
			braid_json_key(&o.j, "outside_roles");
			if (o.pc[i].outside_doc) {
				braid_json_begin_object(&o.j);
				braid_json_kv_str(&o.j, "roles", o.pc[i].roles);
				braid_json_kv_str(&o.j, "doc", o.pc[i].outside_doc);
				braid_json_kv_int(&o.j, "turn", o.pc[i].outside_turn);
				braid_json_kv_str(&o.j, "role", o.pc[i].outside_role);
				braid_json_end_object(&o.j);
			} else {
				braid_json_null(&o.j);
			}
			braid_json_end_object(&o.j);
		}
		braid_json_end_array(&o.j);
		braid_json_key(&o.j, "preview");
		braid_json_bool(&o.j, o.preview);
		braid_json_kv_str(&o.j, "coder", ao.coder);
		braid_json_kv_int(&o.j, "created", (long long)stats.created);
		braid_json_kv_int(&o.j, "new", (long long)fresh);
		braid_json_kv_int(&o.j, "units", (long long)stats.units);
		braid_json_kv_int(&o.j, "already", (long long)already);
		braid_json_kv_int(&o.j, "matches", (long long)stats.matches);
		braid_json_kv_int(&o.j, "codes_with_rules", (long long)stats.codes);
		braid_json_kv_int(&o.j, "patterns", (long long)stats.patterns);
		braid_json_kv_int(&o.j, "docs", (long long)stats.docs);
		braid_json_kv_int(&o.j, "turns", (long long)stats.turns);
		braid_json_end_object(&o.j);
	}
	if (o.preview && !o.quiet) {
		/* the hits kept to size the table, printed when the run went well */
		if (!o.json) {
			braid_out_end(o.l.out, !rc, NULL);
			braid_out_free(o.l.out);
		}
		braid_row_release(&o.l.row);
	}
	if (!o.json && !rc && !o.quiet) {
		if (o.preview) {
			fprintf(c->out, "preview: would code %zu new segment%s (%zu units matched, "
					"%zu already coded); nothing written\n",
				fresh, fresh == 1 ? "" : "s",
				stats.units, already);
		} else {
			if (o.npc)
				print_counts(&o, &cs);
			fprintf(c->out, "total: %zu new coding%s by '%s' (%zu units matched, %zu "
					"already coded) in %zu documents, %zu turns; review with "
					"'braid code ls --status pending'\n",
				stats.created, stats.created == 1 ? "" : "s", ao.coder, stats.units,
				already, stats.docs, stats.turns);
		}
		if (o.outside)
			print_outside(&o);
	}
	for (size_t i = 0; i < o.npc; i++) {
		free(o.pc[i].code);
		free(o.pc[i].failed);
		free(o.pc[i].roles);
		free(o.pc[i].outside_doc);
		free(o.pc[i].outside_role);
	}
	free(o.pc);
	braid_code_tree_release(&cs);
	braid_codebook_release(&cb);
	return rc;
}

const struct cmd_entry cmd_autocode_entry = {
	.name = "autocode",
	.summary = "code by rule: apply the codes' patterns to the turns (as pending codings)",
	.description =
		"Each code's patterns (PCRE2, caseless) are matched against the turns of the roles\n"
		"it names (participants by default); the sentence, turn or paragraph around a match\n"
		"(the code's scope) is coded. A unit already coded with that code by that coder is\n"
		"not coded again, so a second run adds nothing. --preview writes nothing and leaves\n"
		"no audit row. The new codings are pending: braid code accept/reject them.\n"
		"A pattern that backtracks too much on some text stops the run, naming the code,\n"
		"pattern, document and turn; --skip-failing drops that code and goes on.",
	.opts = opts,
	.max_pos = 0,
	.flags = CMD_PROJECT,
	.fn = cmd_autocode,
};
