/*
 * cmd-codebook.c - braid codebook import|show|export: codebooks in and out of
 * a project, and the project's code tree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "retire-missing", 0, NULL,
	  "import: retire the codes of this codebook that the new version lacks" },
	{ "counts", 'c', NULL, "show: codings per coder (accepted and pending, not rejected)" },
	{ "all", 'a', NULL, "show: retired and merged codes too, with their status" },
	{ "json", 0, NULL, "show: print the tree as JSON (fields in docs/cli.md)" },
	{ "format", 'f', "FORMAT", "export: yaml (default), md or tex" },
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
	int rc = EXIT_OK;

	braid_codebook_init(&cb);
	braid_import_report_init(&rep);
	if (braid_codebook_load(path, &cb, &c->err) ||
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

/* Per code, per coder counts (from braid_code_stats by coder). */
struct coder_count {
	char *code, *coder;
	int64_t n;
};

struct show {
	struct braid_code_tree cs;
	struct coder_count *cc;
	size_t ncc, alloc;
	char **coders; /* distinct, sorted */
	size_t ncoders;
	int counts, all;
};

static int stats_row(const struct braid_stats_row *r, void *ctx)
{
	struct show *s = ctx;

	if (!r->group || !r->segments)
		return 0;
	ALLOC_GROW(s->cc, s->ncc + 1, s->alloc);
	s->cc[s->ncc].code = xstrdup(r->code);
	s->cc[s->ncc].coder = xstrdup(r->group);
	s->cc[s->ncc++].n = r->segments;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_coders(struct show *s)
{
	s->coders = xcalloc(s->ncc + 1, sizeof(char *));
	for (size_t i = 0; i < s->ncc; i++) {
		size_t k;

		for (k = 0; k < s->ncoders && strcmp(s->coders[k], s->cc[i].coder); k++)
			;
		if (k == s->ncoders)
			s->coders[s->ncoders++] = s->cc[i].coder;
	}
	qsort(s->coders, s->ncoders, sizeof(char *), cmp_str);
}

static int64_t count_of(const struct show *s, const char *code, const char *coder)
{
	for (size_t i = 0; i < s->ncc; i++)
		if (!strcmp(s->cc[i].code, code) && !strcmp(s->cc[i].coder, coder))
			return s->cc[i].n;
	return 0;
}

/* 1 if the parent of code i is among the listed codes (else it shows at the top). */
static int parent_listed(const struct show *s, size_t i)
{
	return s->cs.v[i].parent_id && braid_code_tree_by_id(&s->cs, s->cs.v[i].parent_id);
}

static void show_json_code(struct show *s, struct braid_json *j, size_t i)
{
	const struct braid_code_node *k = &s->cs.v[i];

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
	if (k->merged_into)
		braid_json_kv_str(j, "merged_into", k->merged_into);
	if (s->counts) {
		braid_json_key(j, "counts_by_coder");
		braid_json_begin_object(j);
		for (size_t c = 0; c < s->ncoders; c++) {
			int64_t n = count_of(s, k->slug, s->coders[c]);

			if (n)
				braid_json_kv_int(j, s->coders[c], n);
		}
		braid_json_end_object(j);
	}
	braid_json_key(j, "children");
	braid_json_begin_array(j);
	for (size_t c = i + 1; c < s->cs.n; c++)
		if (s->cs.v[c].parent_id == k->id)
			show_json_code(s, j, c);
	braid_json_end_array(j);
	braid_json_end_object(j);
}

static void show_table(struct show *s, FILE *f)
{
	size_t ncols = 4 + (s->all ? 1 : 0) + (s->counts ? 1 + s->ncoders : 0), col;
	const char **row = xcalloc(ncols, sizeof(char *));
	char (*num)[24] = xcalloc(ncols, sizeof(*num));
	unsigned right = 0;
	struct strbuf name = STRBUF_INIT;
	struct table t;

	col = 0;
	row[col++] = "CODE";
	row[col++] = "ID";
	row[col++] = "KIND";
	row[col++] = "DOMAIN";
	if (s->all)
		row[col++] = "STATUS";
	if (s->counts) {
		right = ~0u << col;
		row[col++] = "TOTAL";
		for (size_t c = 0; c < s->ncoders; c++)
			row[col++] = s->coders[c];
	}
	table_init(&t, ncols, right, row);
	for (size_t i = 0; i < s->cs.n; i++) {
		const struct braid_code_node *k = &s->cs.v[i];

		strbuf_reset(&name);
		for (int d = 0; d < (parent_listed(s, i) ? k->depth : 0); d++)
			strbuf_addstr(&name, "  ");
		strbuf_addstr(&name, k->name);
		col = 0;
		row[col++] = name.buf;
		row[col++] = k->slug;
		row[col++] = k->kind;
		row[col++] = k->domain;
		if (s->all)
			row[col++] = k->status;
		if (s->counts) {
			row[col] = cli_int(num[col], k->count);
			col++;
			for (size_t c = 0; c < s->ncoders; c++, col++)
				row[col] = cli_int(num[col], count_of(s, k->slug, s->coders[c]));
		}
		table_add(&t, row);
	}
	table_print(&t, f, 0);
	table_release(&t);
	strbuf_release(&name);
	free(row);
	free(num);
}

static int sub_show(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_codebook_entry;
	struct show s = { .counts = cli_opt(a, e, "counts") != NULL,
			  .all = cli_opt(a, e, "all") != NULL };
	int rc = cli_codes_load(c, s.all ? BRAID_CODES_ALL : 0, &s.cs);

	if (!rc && s.counts) {
		if (braid_code_stats(c->st, BRAID_BY_CODER, stats_row, &s, &c->err))
			rc = cli_fail(c);
		else
			collect_coders(&s);
	}
	if (!rc && cli_opt(a, e, "json")) {
		struct braid_json j;

		braid_json_init(&j, c->out);
		braid_json_begin_array(&j);
		for (size_t i = 0; i < s.cs.n; i++)
			if (!parent_listed(&s, i))
				show_json_code(&s, &j, i);
		braid_json_end_array(&j);
	} else if (!rc && !s.cs.n) {
		fputs("no codes yet: import a codebook with 'braid codebook import FILE.yaml'\n",
		      c->out);
	} else if (!rc) {
		show_table(&s, c->out);
	}
	for (size_t i = 0; i < s.ncc; i++) {
		free(s.cc[i].code);
		free(s.cc[i].coder);
	}
	free(s.cc);
	free(s.coders);
	braid_code_tree_release(&s.cs);
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
	} else {
		FILE *f = fopen(path, "w");
		int bad = !f;

		if (f) {
			bad = fwrite(out.buf, 1, out.len, f) != out.len;
			bad |= fclose(f) != 0;
		}
		if (bad) {
			rc = cli_error("cannot write '%s': %s", path, strerror(errno));
		} else {
			fprintf(c->out, "wrote %s: codebook '%s', %zu codes (%s)\n", path, cb.name,
				ncodes, format);
		}
	}
	strbuf_release(&out);
	braid_codebook_release(&cb);
	return rc;
}

static const struct subcmd subs[] = {
	{ "import", "FILE.yaml [--retire-missing]",
	  "add or update a codebook's codes (matched by id); report added, updated, unchanged, "
	  "kept, retired",
	  1, 1, CMD_WRITE, sub_import },
	{ "show", "[--counts] [--all] [--json]",
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
		"Nothing is ever deleted: retired codes keep their codings.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_codebook,
	.subcmds = subs,
};
