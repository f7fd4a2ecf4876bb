/*
 * cmd-merge.c - braid merge OTHER.braid: bring the codings, coders, codes
 * and memos of a copy of the project coded on another machine into this
 * one (merge.h; the rules in docs/team.md).
 */
#include "braid/merge.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "dry-run", 'n', NULL, "say what the merge would bring and change nothing" },
	{ "json", 0, NULL, "the counts and the conflicts as one JSON object (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

static void print_json(struct cli *c, const char *other, int dry,
		       const struct braid_merge_report *r)
{
	struct braid_json j;

	braid_json_init(&j, c->out);
	braid_json_begin_object(&j);
	braid_json_kv_str(&j, "other", other);
	braid_json_key(&j, "dry_run");
	braid_json_bool(&j, dry);
	braid_json_kv_int(&j, "changed", (long long)braid_merge_changed(r));
	for (int k = 0; k < BRAID_MERGE_KIND_N; k++) {
		const struct braid_merge_count *n = &r->n[k];

		braid_json_key(&j, braid_merge_kind_name(k, 1));
		braid_json_begin_object(&j);
		braid_json_kv_int(&j, "added", (long long)n->added);
		braid_json_kv_int(&j, "present", (long long)n->present);
		braid_json_kv_int(&j, "updated", (long long)n->updated);
		braid_json_kv_int(&j, "conflicts", (long long)n->conflicts);
		braid_json_kv_int(&j, "skipped", (long long)n->skipped);
		braid_json_end_object(&j);
	}
	braid_json_key(&j, "issues");
	braid_json_begin_array(&j);
	for (size_t i = 0; i < r->nissues; i++) {
		const struct braid_merge_issue *is = &r->issues[i];

		braid_json_begin_object(&j);
		braid_json_kv_str(&j, "kind", braid_merge_kind_name(is->kind, 0));
		braid_json_kv_str(&j, "ref", is->ref);
		braid_json_key(&j, "skipped");
		braid_json_bool(&j, is->skipped);
		braid_json_kv_str(&j, "problem", is->problem);
		braid_json_kv_str(&j, "rule", is->rule);
		braid_json_end_object(&j);
	}
	braid_json_end_array(&j);
	braid_json_end_object(&j);
}

/* The issues of one sort (skipped or not) under a heading; nothing when there are none. */
static void print_issues(struct cli *c, const struct braid_merge_report *r, int skipped,
			 const char *heading)
{
	int any = 0;

	for (size_t i = 0; i < r->nissues; i++) {
		const struct braid_merge_issue *is = &r->issues[i];

		if (is->skipped != skipped)
			continue;
		if (!any++)
			fprintf(c->out, "%s\n", heading);
		fprintf(c->out, "  %s '%s': %s: %s\n", braid_merge_kind_name(is->kind, 0), is->ref,
			is->problem, is->rule);
	}
}

static void print_text(struct cli *c, const char *other, int dry,
		       const struct braid_merge_report *r)
{
	static const char *const header[] = { "", "added", "here already", "updated", "conflicts",
					      "skipped" };
	struct table t;

	fprintf(c->out, "%s '%s'%s:\n", dry ? "merging" : "merged", other,
		dry ? " would bring (dry run: nothing changed)" : "");
	table_init(&t, 6, 0x3e, header);
	for (int k = 0; k < BRAID_MERGE_KIND_N; k++) {
		const struct braid_merge_count *n = &r->n[k];
		size_t v[5] = { n->added, n->present, n->updated, n->conflicts, n->skipped };
		char buf[5][24];
		const char *cells[6] = { braid_merge_kind_name(k, 1) };

		for (int i = 0; i < 5; i++) {
			snprintf(buf[i], sizeof(buf[i]), "%zu", v[i]);
			cells[i + 1] = buf[i];
		}
		table_add(&t, cells);
	}
	table_print(&t, c->out, 2);
	table_release(&t);
	print_issues(c, r, 0, "conflicts, each resolved by its rule:");
	print_issues(c, r, 1, "not merged:");
	if (!braid_merge_changed(r))
		fprintf(c->out, "nothing new: everything '%s' holds that can be merged is here "
				"already\n", other);
}

static int cmd_merge(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_merge_entry;
	int dry = cli_opt(a, e, "dry-run") != NULL, json = cli_opt(a, e, "json") != NULL, rc;
	struct braid_merge_report r;

	if ((rc = cli_txn_begin(c)))
		return rc;
	if (braid_merge(c->st, a->pos[0], &r, &c->err)) {
		rc = cli_fail(c);
		braid_store_rollback(c->st);
		return rc;
	}
	if (json)
		print_json(c, a->pos[0], dry, &r);
	else
		print_text(c, a->pos[0], dry, &r);
	braid_merge_report_release(&r);
	if (dry) {
		braid_store_rollback(c->st);
		return EXIT_OK;
	}
	return cli_txn_end(c, EXIT_OK);
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.synopsis = "OTHER.braid",
	.summary = "bring in the codings, coders, codes and memos of a copy coded elsewhere",
	.description =
		"OTHER.braid is a copy of this project coded on another machine. Its codings,\n"
		"coders, codes (inductive ones and any made or imported in the copy) and memos\n"
		"that this project lacks are added; what is here already is left alone, so\n"
		"merging the same copy twice adds nothing. Documents are matched by GUID, then\n"
		"by their text; codings on a document this project lacks, or whose text differs\n"
		"here, are not merged and are listed. Each conflict is listed with the rule that\n"
		"resolved it (docs/team.md). One change: 'braid undo' takes the merge back.",
	.opts = opts,
	.min_pos = 1,
	.max_pos = 1,
	/* it reads and writes every coder's work: blind coding does not apply */
	.flags = CMD_PROJECT | CMD_ALL_CODERS,
	.fn = cmd_merge,
};
