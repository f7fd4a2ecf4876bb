/*
 * cmd-codebook.c - braid codebook import|show|export: codebooks in and out of
 * a project, and the project's code tree.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/file.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/columns.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "retire-missing", 0, NULL,
	  "import: retire the codes of this codebook that the new version lacks" },
	{ "counts", 'c', NULL, "show: codings per coder (accepted and pending, not rejected)" },
	{ "all", 'a', NULL, "show: retired and merged codes too, with their status" },
	CLI_FORMAT_OPTS("show: ", "", "; export: yaml (default), md or tex"),
	{ "codebook", 'b', "NAME", "export: only the codes of this imported codebook" },
	{ "output", 'o', "FILE", "export: write to FILE instead of standard output" },
	{ NULL, 0, NULL, NULL },
};

/* Joins the lines of a report's name list with ", ". */
static void join_lines(const struct strbuf *names, struct strbuf *out)
{
	const char *p = names->buf;
	int first = 1;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (n) {
			strbuf_addstr(out, first ? "" : ", ");
			strbuf_add(out, p, n);
			first = 0;
		}
		p += n + (p[n] == '\n');
	}
}

static int sub_import(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_codebook_entry;
	const char *path = a->pos[0];
	struct braid_codebook cb;
	struct braid_import_report rep;
	struct strbuf line = STRBUF_INIT;
	const char *dot = strrchr(path, '.');
	/* a spreadsheet's table (braid export codebook --format csv), else YAML */
	int csv = dot && !strchr(dot, '/') && !strcasecmp(dot, ".csv");
	int rc = EXIT_OK;

	braid_codebook_init(&cb);
	braid_import_report_init(&rep);
	if ((csv ? braid_codebook_read_csv : braid_codebook_load)(path, &cb, &c->err) ||
	    braid_codes_import(c->st, &cb, path, cli_opt(a, e, "retire-missing") != NULL, &rep,
			       &c->err)) {
		rc = cli_fail(c);
		goto out;
	}
	strbuf_addf(&line, "codebook '%s'%s%s from %s: %zu added, %zu updated, %zu unchanged, "
			   "%zu kept, %zu retired",
		    cb.name, cb.version ? " version " : "", cb.version ? cb.version : "", path,
		    rep.added, rep.updated, rep.unchanged, rep.kept, rep.retired);
	fprintf(c->out, "%s\n", line.buf);
	if (rep.kept) {
		strbuf_reset(&line);
		join_lines(&rep.kept_names, &line);
		fprintf(c->out, "kept (missing from this version, still in the project): %s\n",
			line.buf);
	}
	if (rep.retired) {
		strbuf_reset(&line);
		join_lines(&rep.retired_names, &line);
		fprintf(c->out, "retired (missing from this version): %s\n", line.buf);
	}
out:
	strbuf_release(&line);
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	return rc;
}

/* ---- show ---- */

/* A code and, nested, the codes below it, as JSON (docs/cli.md). */
static void show_json_code(const struct braid_code_tree *t, struct braid_json *j, size_t i)
{
	const struct braid_code_node *k = &t->v[i];

	braid_json_begin_object(j);
	braid_json_kv_str(j, "id", k->slug);
	braid_json_kv_str(j, "name", k->name);
	braid_json_kv_str(j, "kind", k->kind);
	braid_json_kv_str(j, "domain", k->domain);
	braid_json_kv_str(j, "definition", k->definition);
	braid_json_kv_int(j, "count", k->count);
	braid_json_kv_str(j, "status", k->status);
	braid_json_kv_str(j, "codebook", k->codebook);
	braid_json_kv_str(j, "created_by", k->created_by);
	braid_json_kv_str(j, "guid", k->guid);
	if (k->merged_into)
		braid_json_kv_str(j, "merged_into", k->merged_into);
	if (t->flags & BRAID_CODES_COUNTS) {
		braid_json_key(j, "counts_by_coder");
		braid_json_begin_object(j);
		for (size_t c = 0; c < t->ncoders; c++)
			if (k->by_coder[c])
				braid_json_kv_int(j, t->coders[c], k->by_coder[c]);
		braid_json_end_object(j);
	}
	braid_json_key(j, "children");
	braid_json_begin_array(j);
	for (size_t c = i + 1; c < t->n; c++)
		if (t->v[c].parent == i)
			show_json_code(t, j, c);
	braid_json_end_array(j);
	braid_json_end_object(j);
}

static int sub_show(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_codebook_entry;
	int flags = (cli_opt(a, e, "counts") ? BRAID_CODES_COUNTS : 0) |
		    (cli_opt(a, e, "all") ? BRAID_CODES_ALL : 0);
	int fmt = cli_format(c, e, a, NULL, BRAID_OUT_TABLE), rc;
	struct braid_code_tree t = { 0 };

	if (fmt < 0)
		return EXIT_USAGE;
	rc = cli_codes_load(c, flags, &t);
	if (!rc && fmt == BRAID_OUT_JSON) {
		/* nested: each code with its children */
		struct braid_json j;

		braid_json_init(&j, c->out);
		braid_json_begin_array(&j);
		for (size_t i = 0; i < t.n; i++)
			if (t.v[i].parent == BRAID_NO_NODE)
				show_json_code(&t, &j, i);
		braid_json_end_array(&j);
	} else if (!rc && !t.n && fmt == BRAID_OUT_TABLE) {
		fputs("no codes yet: import a codebook with 'braid codebook import FILE.yaml'\n",
		      c->out);
	} else if (!rc) {
		struct braid_tree_listing tl;
		struct cli_listing l;

		braid_tree_listing_init(&tl, &t);
		cli_listing_begin(c, &l, &tl.l, (enum braid_out_format)fmt);
		for (size_t i = 0; i < t.n; i++) {
			braid_code_node_values(&t, i, &l.row);
			cli_listing_row(&l);
		}
		rc = cli_listing_end(c, &l, 0);
		braid_tree_listing_release(&tl);
	}
	braid_code_tree_release(&t);
	return rc;
}

/* ---- export ---- */

static void count_code(const struct braid_code *code, const struct braid_code *parent, int depth,
		       void *ctx)
{
	(*(size_t *)ctx)++;
}

static int sub_export(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_codebook_entry;
	const char *format = cli_opt(a, e, "format"), *path = cli_opt(a, e, "output");
	struct braid_codebook cb;
	struct strbuf out = STRBUF_INIT;
	size_t ncodes = 0;
	int rc = EXIT_OK;

	if (!format)
		format = "yaml";
	if (strcmp(format, "yaml") && strcmp(format, "md") && strcmp(format, "tex"))
		return cli_sub_usage(c, "unknown format '%s' (expected yaml, md or tex)", format);
	if (braid_codes_export(c->st, cli_opt(a, e, "codebook"), &cb, &c->err))
		return cli_fail(c);
	if (!strcmp(format, "yaml"))
		braid_codebook_write_yaml(&cb, &out);
	else if (!strcmp(format, "md"))
		braid_codebook_write_md(&cb, &out);
	else
		braid_codebook_write_tex(&cb, &out);
	braid_codebook_walk(&cb, count_code, &ncodes);
	if (!path) {
		fwrite(out.buf, 1, out.len, c->out);
	} else if (braid_file_write(path, out.buf, out.len, &c->err)) {
		rc = cli_fail(c);
	} else {
		fprintf(c->out, "wrote %s: codebook '%s', %zu codes (%s)\n", path, cb.name, ncodes,
			format);
	}
	strbuf_release(&out);
	braid_codebook_release(&cb);
	return rc;
}

static const struct subcmd subs[] = {
	{ "import", "FILE.yaml|FILE.csv [--retire-missing]",
	  "add or update a codebook's codes (matched by id); report added, updated, unchanged, "
	  "kept, retired",
	  1, 1, CMD_WRITE, sub_import },
	{ "show", "[--counts] [--all] " CLI_FORMAT_USAGE,
	  "the project's code tree: name, id, kind, domain (and codings per coder)", 0, 0, 0,
	  sub_show },
	{ "export", "[--format yaml|md|tex] [--codebook NAME] [-o|--output FILE]",
	  "write the active codes as a codebook file, or an appendix in Markdown or LaTeX", 0, 0,
	  0, sub_export },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_codebook(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_codebook_entry, c, a);
}

const struct cmd_entry cmd_codebook_entry = {
	.name = "codebook",
	.synopsis = "import|show|export [ARGS]",
	.summary = "import, show and export codebooks (the YAML format is in docs/codebook.md)",
	.description =
		"Codes are matched by id on import: a second version updates them in place, and\n"
		"codes it no longer has are kept (and reported) unless --retire-missing retires them.\n"
		"Nothing is ever deleted: retired codes keep their codings. A FILE.csv is the\n"
		"table braid export codebook writes (docs/export.md), kept in a spreadsheet.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_codebook,
	.subcmds = subs,
};
