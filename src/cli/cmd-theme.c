/*
 * cmd-theme.c - braid theme: the themes and sub-themes of a thematic
 * analysis. Making and managing them (new, add-code, rm-code, rename, move,
 * merge, split, discard, define, status, review), each a change the core
 * records in the audit log, and reading them: show (text, Markdown for a
 * paper, JSON) and ls (a listing, with prevalence figures).
 */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/columns.h"
#include "braid/text.h"
#include "braid/themes.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "parent", 0, "THEME", "new, move: under this theme" },
	{ "top", 0, NULL, "move: to the top level" },
	{ "coder", 0, "NAME", "new, split: who makes it (default $BRAID_CODER, else $USER); show, "
			      "ls: prevalence, co-occurrence and extracts from this coder's "
			      "codings only" },
	{ "into", 0, "NAME", "split: the new theme's name" },
	{ "codes", 0, "CODE[,CODE]", "split: the codes the new theme takes (more may follow as "
				     "arguments)" },
	{ "why", 0, "TEXT", "discard: the reason (required)" },
	{ "definition", 0, "TEXT", "define: the theme's central organising concept ('' clears)" },
	{ "scope", 0, "TEXT", "define: what the theme covers, and what it does not ('' clears)" },
	{ "extracts", 0, NULL, "review: checked against its coded extracts (phase 4, level 1)" },
	{ "dataset", 0, NULL, "review: checked against the whole data set (phase 4, level 2)" },
	{ "all", 'a', NULL, "ls: discarded and merged themes too" },
	{ "format", 'f', "FORMAT", "show: text (the default), md or json; ls: {format} (the first is "
				   "the default)" },
	{ "json", 0, NULL, "show, ls: the same as --format json (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_theme_entry, name)

static int resolve(struct cli *c, const char *ref, int64_t *id)
{
	return braid_theme_find(c->st, ref, id, &c->err) ? cli_fail(c) : EXIT_OK;
}

/* Prints what the core recorded of the change: the same words as the audit log. */
static int said(struct cli *c)
{
	const char *text = braid_change_text(c->st);

	fprintf(c->out, "%s\n", *text ? text : "nothing changed");
	return EXIT_OK;
}

/* ---- making and managing ---- */

static int sub_new(struct cli *c, const struct cli_args *a)
{
	int64_t id;

	if (braid_theme_new(c->st, a->pos[0], OPT("parent"), c->coder, &id, &c->err))
		return cli_fail(c);
	return said(c);
}

static int sub_add_code(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int rc = resolve(c, a->pos[0], &id);

	if (!rc && braid_theme_add_codes(c->st, id, (const char *const *)a->pos + 1,
					 (size_t)a->npos - 1, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_rm_code(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int rc = resolve(c, a->pos[0], &id);

	if (!rc && braid_theme_rm_codes(c->st, id, (const char *const *)a->pos + 1,
					(size_t)a->npos - 1, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_rename(struct cli *c, const struct cli_args *a)
{
	int64_t id;
	int rc = resolve(c, a->pos[0], &id);

	if (!rc && braid_theme_rename(c->st, id, a->pos[1], &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_move(struct cli *c, const struct cli_args *a)
{
	const char *parent = OPT("parent");
	int64_t id, p = 0;
	int rc;

	if (!parent == !OPT("top"))
		return cli_sub_usage(c, "where to? give --parent THEME or --top");
	rc = resolve(c, a->pos[0], &id);
	if (!rc && parent)
		rc = resolve(c, parent, &p);
	if (!rc && braid_theme_move(c->st, id, p, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_merge(struct cli *c, const struct cli_args *a)
{
	int64_t from, into;
	int rc = resolve(c, a->pos[0], &from);

	if (!rc)
		rc = resolve(c, a->pos[1], &into);
	if (!rc && braid_theme_merge(c->st, from, into, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_split(struct cli *c, const struct cli_args *a)
{
	const char *name = OPT("into"), *list = OPT("codes");
	const char **codes;
	char **given;
	size_t n = 0, ngiven = 0;
	int64_t id, new_id;
	int rc;

	if (!name)
		return cli_sub_usage(c, "what is the new theme called? give --into NAME");
	if (!list && a->npos < 2)
		return cli_sub_usage(c, "which codes go to the new theme? give --codes CODE...");
	given = cli_split_list(list ? list : "", &ngiven);
	codes = xcalloc(ngiven + (size_t)a->npos + 1, sizeof(*codes));
	for (size_t i = 0; i < ngiven; i++)
		codes[n++] = given[i];
	for (int i = 1; i < a->npos; i++)
		codes[n++] = a->pos[i];
	rc = resolve(c, a->pos[0], &id);
	if (!rc && braid_theme_split(c->st, id, name, codes, n, c->coder, &new_id, &c->err))
		rc = cli_fail(c);
	free(codes);
	cli_list_free(given);
	return rc ? rc : said(c);
}

static int sub_discard(struct cli *c, const struct cli_args *a)
{
	const char *why = OPT("why");
	int64_t id;
	int rc;

	if (!why || !*why)
		return cli_sub_usage(c, "why is it discarded? give --why TEXT (it stays in the record)");
	rc = resolve(c, a->pos[0], &id);
	if (!rc && braid_theme_discard(c->st, id, why, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_define(struct cli *c, const struct cli_args *a)
{
	const char *def = OPT("definition"), *scope = OPT("scope");
	int64_t id;
	int rc;

	if (!def && !scope)
		return cli_sub_usage(c, "give --definition TEXT, --scope TEXT or both");
	rc = resolve(c, a->pos[0], &id);
	if (!rc && braid_theme_define(c->st, id, def, scope, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_status(struct cli *c, const struct cli_args *a)
{
	const char *status = a->pos[1];
	int k = braid_vocab_parse(&braid_vocab_theme_status, status);
	int64_t id;
	int rc;

	if (k < 0)
		return cli_vocab_usage(c, &braid_vocab_theme_status, status);
	if (k == BRAID_THEME_DISCARDED)
		return cli_sub_usage(c, "to discard a theme: braid theme discard THEME --why TEXT");
	if (k == BRAID_THEME_MERGED)
		return cli_sub_usage(c, "to merge a theme: braid theme merge THEME INTO");
	rc = resolve(c, a->pos[0], &id);
	if (!rc && braid_theme_set_status(c->st, id, status, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

static int sub_review(struct cli *c, const struct cli_args *a)
{
	int extracts = OPT("extracts") != NULL, dataset = OPT("dataset") != NULL;
	int64_t id;
	int rc;

	if (!extracts && !dataset)
		return cli_sub_usage(c, "which review? give --extracts, --dataset or both");
	rc = resolve(c, a->pos[0], &id);
	if (!rc && braid_theme_review(c->st, id, extracts, dataset, &c->err))
		rc = cli_fail(c);
	return rc ? rc : said(c);
}

/* ---- ls ---- */

static int ls_row(const struct braid_theme_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_theme_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	struct braid_theme_filter f = { BRAID_THEMES_PREVALENCE, OPT("coder") };
	struct cli_listing l;
	int fmt = cli_format(c, &cmd_theme_entry, a, NULL, BRAID_OUT_TABLE);

	if (fmt < 0)
		return EXIT_USAGE;
	if (OPT("all"))
		f.flags |= BRAID_THEMES_ALL;
	cli_listing_begin(c, &l, &braid_themes_listing, fmt);
	return cli_listing_end(c, &l, braid_themes_each(c->st, &f, ls_row, &l, &c->err));
}

/* ---- show ---- */

enum { SHOW_TEXT, SHOW_MD, SHOW_JSON };

/* The theme shown and its sub-themes, copied out of the listing. */
struct show {
	struct cli *c;
	int form;
	int64_t id;
	const char *coder;
	struct braid_theme_row r;
	char **own;    /* the strings r points to */
	size_t nown, own_alloc;
	char **codes;
	char **sub;    /* sub-themes: "'slug' (Name, status)" */
	size_t nsub, sub_alloc;
	struct braid_json j;
	struct braid_row row; /* for the JSON rows of a section */
	int row_live;
	struct braid_code_tree tree;
	struct strbuf case_name; /* the case of the last extract (text and md headings) */
	size_t n;
};

static const char *keep(struct show *s, const char *v)
{
	if (!v)
		return NULL;
	ALLOC_GROW(s->own, s->nown + 1, s->own_alloc);
	return s->own[s->nown++] = xstrdup(v);
}

static int find_row(const struct braid_theme_row *r, void *ctx)
{
	struct show *s = ctx;
	struct strbuf line = STRBUF_INIT;

	if (r->id == s->id) {
		s->r = *r;
		s->r.guid = keep(s, r->guid);
		s->r.slug = keep(s, r->slug);
		s->r.name = keep(s, r->name);
		s->r.status = keep(s, r->status);
		s->r.definition = keep(s, r->definition);
		s->r.scope = keep(s, r->scope);
		s->r.why = keep(s, r->why);
		s->r.merged_into = keep(s, r->merged_into);
		s->r.parent = keep(s, r->parent);
		s->r.reviewed_extracts = keep(s, r->reviewed_extracts);
		s->r.reviewed_dataset = keep(s, r->reviewed_dataset);
		s->r.created = keep(s, r->created);
		s->r.created_by = keep(s, r->created_by);
		s->codes = xcalloc(r->ncodes + 1, sizeof(*s->codes));
		for (size_t i = 0; i < r->ncodes; i++)
			s->codes[i] = xstrdup(r->codes[i]);
		s->r.codes = (const char *const *)s->codes;
	} else if (r->parent_id == s->id) {
		if (s->form == SHOW_JSON)
			strbuf_addf(&line, "%s\x1f%s\x1f%s", r->slug, r->name, r->status);
		else if (s->form == SHOW_MD)
			strbuf_addstr(&line, r->name);
		else
			strbuf_addf(&line, "'%s' (%s, %s)", r->slug, r->name, r->status);
		ALLOC_GROW(s->sub, s->nsub + 1, s->sub_alloc);
		s->sub[s->nsub++] = strbuf_detach(&line, NULL);
	}
	strbuf_release(&line);
	return 0;
}

static void show_release(struct show *s)
{
	for (size_t i = 0; i < s->nown; i++)
		free(s->own[i]);
	free(s->own);
	cli_list_free(s->codes);
	for (size_t i = 0; i < s->nsub; i++)
		free(s->sub[i]);
	free(s->sub);
	braid_code_tree_release(&s->tree);
	strbuf_release(&s->case_name);
}

/* Writes text with each line prefixed; blank lines get the prefix without its trailing spaces. */
static void prefixed(FILE *f, const char *prefix, const char *s, size_t len)
{
	size_t plen = strlen(prefix);

	while (plen && prefix[plen - 1] == ' ')
		plen--;
	for (size_t i = 0; i <= len;) {
		size_t n = 0;

		while (i + n < len && s[i + n] != '\n')
			n++;
		if (n)
			fprintf(f, "%s%.*s\n", prefix, (int)n, s + i);
		else
			fprintf(f, "%.*s\n", (int)plen, prefix);
		i += n + 1;
	}
}

/* "2 of 3 cases, 2 of 2 documents, 5 segments, 40 of 300 participants' words (13.3%)" */
static void prevalence_text(const struct braid_prevalence *p, struct strbuf *out)
{
	strbuf_addf(out, "%lld of %lld case%s, %lld of %lld document%s, %lld segment%s, %lld of %lld "
			 "participants' words",
		    (long long)p->cases, (long long)p->cases_total, p->cases_total == 1 ? "" : "s",
		    (long long)p->docs, (long long)p->docs_total, p->docs_total == 1 ? "" : "s",
		    (long long)p->segments, p->segments == 1 ? "" : "s", (long long)p->words,
		    (long long)p->words_total);
	if (p->words_total)
		strbuf_addf(out, " (%.1f%%)", 100.0 * (double)p->words / (double)p->words_total);
}

/* "Legal aid (legal-aid)" for md, "legal-aid (Legal aid)" for text. */
static void code_text(struct show *s, const char *slug, struct strbuf *out)
{
	const struct braid_code_node *k = NULL;
	struct braid_err ignore = BRAID_ERR_INIT;

	braid_code_tree_find(&s->tree, slug, &k, &ignore);
	if (s->form == SHOW_MD)
		strbuf_addf(out, "%s (`%s`)", k ? k->name : slug, slug);
	else if (k)
		strbuf_addf(out, "%s (%s)", slug, k->name);
	else
		strbuf_addstr(out, slug);
}

static int cooccur_row(const struct braid_cooccur_row *r, void *ctx)
{
	struct show *s = ctx;
	FILE *f = s->c->out;

	if (s->form == SHOW_JSON) {
		braid_json_begin_object(&s->j);
		braid_json_kv_str(&s->j, "id", r->slug);
		braid_json_kv_str(&s->j, "name", r->name);
		braid_json_kv_int(&s->j, "segments", r->segments);
		braid_json_end_object(&s->j);
		return 0;
	}
	if (s->n++ >= 5) /* the text and Markdown name the five it co-occurs with most */
		return 0;
	if (s->form == SHOW_MD)
		fprintf(f, "%s%s (%lld segment%s)", s->n > 1 ? ", " : "", r->name,
			(long long)r->segments, r->segments == 1 ? "" : "s");
	else
		fprintf(f, "%s'%s' (%s) %lld segment%s", s->n > 1 ? "; " : "", r->slug, r->name,
			(long long)r->segments, r->segments == 1 ? "" : "s");
	return 0;
}

static int quote_row(const struct braid_quote_row *r, void *ctx)
{
	struct show *s = ctx;
	FILE *f = s->c->out;

	s->n++;
	if (s->form == SHOW_JSON) {
		braid_quote_values(r, &s->row);
		braid_listing_json_row(&braid_quotes_listing, s->row.v, &s->j);
	} else if (s->form == SHOW_MD) {
		fputc('\n', f);
		prefixed(f, "> ", r->text, r->text_len);
		fprintf(f, ">\n> — %s", r->speaker ? r->speaker : r->doc);
		if (r->case_name)
			fprintf(f, " (%s)", r->case_name);
		fprintf(f, ", %s", r->doc);
		if (r->turn)
			fprintf(f, ", turn %lld", (long long)r->turn);
		fputc('\n', f);
		if (r->note)
			fprintf(f, "\n*%s*\n", r->note);
	} else {
		fprintf(f, "  #%lld coding #%lld, %s", (long long)r->id, (long long)r->coding, r->doc);
		if (r->turn)
			fprintf(f, " #%lld", (long long)r->turn);
		fprintf(f, " %s", r->speaker ? r->speaker : "-");
		if (r->case_name)
			fprintf(f, " (%s)", r->case_name);
		fprintf(f, " [%lld-%lld]%s%s\n", (long long)r->start, (long long)r->end,
			r->created_by ? " chosen by " : "", r->created_by ? r->created_by : "");
		prefixed(f, "      ", r->text, r->text_len);
		if (r->note)
			fprintf(f, "    note: %s\n", r->note);
	}
	return 0;
}

static int memo_row(const struct braid_memo_row *r, void *ctx)
{
	struct show *s = ctx;
	FILE *f = s->c->out;

	s->n++;
	if (s->form == SHOW_JSON) {
		braid_memo_values(r, &s->row);
		braid_listing_json_row(&braid_memos_listing, s->row.v, &s->j);
		return 0;
	}
	fprintf(f, "  #%lld %s %s\n", (long long)r->id, r->coder, r->created);
	prefixed(f, "      ", r->text, strlen(r->text));
	return 0;
}

static int extract_row(const struct braid_extract_row *r, void *ctx)
{
	struct show *s = ctx;
	FILE *f = s->c->out;
	const char *kase = r->case_name ? r->case_name : "(no case)";

	s->n++;
	if (s->form == SHOW_JSON) {
		braid_extract_values(r, &s->row);
		braid_listing_json_row(&braid_extracts_listing, s->row.v, &s->j);
		return 0;
	}
	if (s->n == 1 || strcmp(s->case_name.buf, kase)) {
		strbuf_reset(&s->case_name);
		strbuf_addstr(&s->case_name, kase);
		if (s->form == SHOW_MD)
			fprintf(f, "\n#### %s\n", r->case_name ? r->case_name : "Without a case");
		else
			fprintf(f, "\ncase %s\n", kase);
	}
	if (s->form == SHOW_MD) {
		fputc('\n', f);
		prefixed(f, "> ", r->text, r->text_len);
		fprintf(f, ">\n> — %s, %s", r->speaker ? r->speaker : r->doc, r->doc);
		if (r->turn)
			fprintf(f, ", turn %lld", (long long)r->turn);
		fprintf(f, "; coded %s\n", r->codes);
		return 0;
	}
	fprintf(f, "  %s", r->doc);
	if (r->turn)
		fprintf(f, " #%lld", (long long)r->turn);
	fprintf(f, " %s [%lld-%lld] coding #%lld %s\n", r->speaker ? r->speaker : "-",
		(long long)r->start, (long long)r->end, (long long)r->coding, r->codes);
	prefixed(f, "      ", r->text, r->text_len);
	return 0;
}

static void show_text_head(struct show *s)
{
	const struct braid_theme_row *r = &s->r;
	struct strbuf line = STRBUF_INIT;
	FILE *f = s->c->out;

	fprintf(f, "theme '%s' (%s): %s", r->slug, r->name, r->status);
	if (r->parent)
		fprintf(f, ", under '%s'", r->parent);
	if (r->merged_into)
		fprintf(f, ", merged into '%s'", r->merged_into);
	fprintf(f, "\nmade %s%s%s in phase %lld\n", r->created, r->created_by ? " by " : "",
		r->created_by ? r->created_by : "", (long long)r->created_phase);
	if (r->why)
		fprintf(f, "discarded: %s\n", r->why);
	fprintf(f, "definition: %s\nscope: %s\n", r->definition ? r->definition : "-",
		r->scope ? r->scope : "-");
	for (size_t i = 0; i < r->ncodes; i++) {
		strbuf_addstr(&line, i ? ", " : "");
		code_text(s, r->codes[i], &line);
	}
	fprintf(f, "codes: %s\n", line.len ? line.buf : "-");
	strbuf_reset(&line);
	for (size_t i = 0; i < s->nsub; i++)
		strbuf_addf(&line, "%s%s", i ? ", " : "", s->sub[i]);
	if (line.len)
		fprintf(f, "sub-themes: %s\n", line.buf);
	strbuf_reset(&line);
	prevalence_text(&r->prev, &line);
	fprintf(f, "prevalence: %s\n", line.buf);
	fprintf(f, "reviewed against its coded extracts: %s; against the whole data set: %s\n",
		r->reviewed_extracts ? r->reviewed_extracts : "not yet",
		r->reviewed_dataset ? r->reviewed_dataset : "not yet");
	strbuf_release(&line);
}

static void show_md_head(struct show *s)
{
	const struct braid_theme_row *r = &s->r;
	struct strbuf line = STRBUF_INIT;
	FILE *f = s->c->out;

	fprintf(f, "## %s\n\n*Theme `%s`, %s.*\n", r->name, r->slug, r->status);
	if (r->definition)
		fprintf(f, "\n**Definition.** %s\n", r->definition);
	if (r->scope)
		fprintf(f, "\n**Scope.** %s\n", r->scope);
	for (size_t i = 0; i < r->ncodes; i++) {
		strbuf_addstr(&line, i ? ", " : "");
		code_text(s, r->codes[i], &line);
	}
	if (line.len)
		fprintf(f, "\n**Codes:** %s.\n", line.buf);
	strbuf_reset(&line);
	for (size_t i = 0; i < s->nsub; i++)
		strbuf_addf(&line, "%s%s", i ? ", " : "", s->sub[i]);
	if (line.len)
		fprintf(f, "\n**Sub-themes:** %s.\n", line.buf);
	strbuf_reset(&line);
	prevalence_text(&r->prev, &line);
	fprintf(f, "\n**Prevalence:** %s.\n", line.buf);
	strbuf_release(&line);
}

static int show_json_head(struct show *s)
{
	braid_json_init(&s->j, s->c->out);
	braid_json_begin_object(&s->j);
	braid_row_init(&s->row, &braid_themes_listing);
	braid_theme_values(&s->r, &s->row);
	braid_listing_json_fields(&braid_themes_listing, s->row.v, &s->j);
	braid_row_release(&s->row);
	braid_json_key(&s->j, "subthemes");
	braid_json_begin_array(&s->j);
	for (size_t i = 0; i < s->nsub; i++) {
		char *p = s->sub[i], *q = strchr(p, '\x1f'), *r = strrchr(p, '\x1f');

		braid_json_begin_object(&s->j);
		braid_json_key(&s->j, "id");
		braid_json_strn(&s->j, p, (size_t)(q - p));
		braid_json_key(&s->j, "name");
		braid_json_strn(&s->j, q + 1, (size_t)(r - q - 1));
		braid_json_kv_str(&s->j, "status", r + 1);
		braid_json_end_object(&s->j);
	}
	braid_json_end_array(&s->j);
	return 0;
}

/* Opens a JSON array for a section's rows (with the row values of its listing). */
static void json_section(struct show *s, const char *key, const struct braid_listing *l)
{
	braid_json_key(&s->j, key);
	braid_json_begin_array(&s->j);
	if (l) {
		braid_row_init(&s->row, l);
		s->row_live = 1;
	}
}

static void json_section_end(struct show *s)
{
	braid_json_end_array(&s->j);
	if (s->row_live)
		braid_row_release(&s->row);
	s->row_live = 0;
}

static int sub_show(struct cli *c, const struct cli_args *a)
{
	static const char *const forms[] = { "text", "md", NULL };
	struct braid_theme_filter all = { BRAID_THEMES_ALL, NULL };
	struct show s = { .c = c, .coder = OPT("coder") };
	struct strbuf on = STRBUF_INIT;
	FILE *f = c->out;
	int fmt = cli_format(c, &cmd_theme_entry, a, forms, BRAID_OUT_FORMAT_N);
	int rc;

	if (fmt < 0)
		return EXIT_USAGE;
	if (fmt != BRAID_OUT_JSON && fmt < BRAID_OUT_FORMAT_N)
		return cli_sub_usage(c, "theme show writes text, md or json, not %s",
				     braid_vocab_name(&braid_vocab_out_format, fmt));
	s.form = fmt == BRAID_OUT_JSON ? SHOW_JSON : fmt == BRAID_OUT_FORMAT_N ? SHOW_TEXT : SHOW_MD;
	strbuf_init(&s.case_name, 0);
	if ((rc = resolve(c, a->pos[0], &s.id)))
		return rc;
	if (braid_themes_each(c->st, &all, find_row, &s, &c->err) ||
	    braid_theme_prevalence(c->st, s.id, s.coder, &s.r.prev, &c->err) ||
	    (s.form != SHOW_JSON &&
	     braid_code_tree_load(c->st, BRAID_CODES_ALL | BRAID_CODES_NOCOUNT, &s.tree, &c->err))) {
		rc = cli_fail(c);
		goto out;
	}
	/* the head, and who the theme co-occurs with */
	if (s.form == SHOW_JSON) {
		show_json_head(&s);
		json_section(&s, "cooccur", NULL);
	} else if (s.form == SHOW_MD) {
		show_md_head(&s);
		fputs("\n**Co-occurs with:** ", f);
	} else {
		show_text_head(&s);
		fputs("co-occurs with: ", f);
	}
	s.n = 0;
	if (braid_theme_cooccur(c->st, s.id, s.coder, cooccur_row, &s, &c->err))
		goto fail;
	if (s.form == SHOW_JSON)
		json_section_end(&s);
	else
		fprintf(f, "%s\n", !s.n ? (s.form == SHOW_MD ? "no other theme." : "-")
				  : s.form == SHOW_MD ? "." : "");
	/* the quotes */
	s.n = 0;
	if (s.form == SHOW_JSON)
		json_section(&s, "quotes", &braid_quotes_listing);
	else if (s.form == SHOW_MD)
		fputs("\n### Exemplar quotes\n", f);
	else
		fputs("\nquotes:\n", f);
	if (braid_quotes_each(c->st, s.id, quote_row, &s, &c->err))
		goto fail;
	if (s.form == SHOW_JSON)
		json_section_end(&s);
	else if (!s.n)
		fputs(s.form == SHOW_MD ? "\nNone chosen yet.\n" : "  -\n", f);
	/* the memos (not in the Markdown, which is for a paper) */
	s.n = 0;
	strbuf_addf(&on, "theme:%s", s.r.slug);
	if (s.form != SHOW_MD) {
		if (s.form == SHOW_JSON)
			json_section(&s, "memos", &braid_memos_listing);
		else
			fputs("\nmemos:\n", f);
		if (braid_memos_each(c->st, on.buf, NULL, memo_row, &s, &c->err))
			goto fail;
		if (s.form == SHOW_JSON)
			json_section_end(&s);
		else if (!s.n)
			fputs("  -\n", f);
	}
	/* the extracts, grouped by case */
	s.n = 0;
	if (s.form == SHOW_JSON)
		json_section(&s, "extracts", &braid_extracts_listing);
	else if (s.form == SHOW_MD)
		fputs("\n### Extracts\n", f);
	else
		fprintf(f, "\nextracts (%lld segment%s):\n", (long long)s.r.prev.segments,
			s.r.prev.segments == 1 ? "" : "s");
	if (braid_theme_extracts(c->st, s.id, s.coder, extract_row, &s, &c->err))
		goto fail;
	if (s.form == SHOW_JSON) {
		json_section_end(&s);
		braid_json_end_object(&s.j);
	} else if (!s.n) {
		fputs(s.form == SHOW_MD ? "\nNo coded extracts yet.\n" : "  -\n", f);
	}
	goto out;
fail:
	rc = cli_fail(c);
	if (s.row_live)
		braid_row_release(&s.row);
out:
	strbuf_release(&on);
	show_release(&s);
	return rc;
}

static const struct subcmd subs[] = {
	{ "new", "NAME [--parent THEME] [--coder NAME]",
	  "a new candidate theme, at the top or under another", 1, 1, CMD_WRITE | CMD_AS_CODER,
	  sub_new },
	{ "add-code", "THEME CODE...", "gather codes in a theme", 2, -1, CMD_WRITE, sub_add_code },
	{ "rm-code", "THEME CODE...", "take codes out of a theme", 2, -1, CMD_WRITE, sub_rm_code },
	{ "rename", "THEME NEW-NAME", "rename a theme (its id stays)", 2, 2, CMD_WRITE, sub_rename },
	{ "move", "THEME (--parent THEME | --top)", "move a theme under another, or to the top",
	  1, 1, CMD_WRITE, sub_move },
	{ "merge", "FROM INTO",
	  "move FROM's codes, sub-themes, quotes and memos to INTO; FROM stays, merged", 2, 2,
	  CMD_WRITE, sub_merge },
	{ "split", "THEME --into NAME --codes CODE[,CODE] [CODE...] [--coder NAME]",
	  "a new sibling theme takes some of the theme's codes", 1, -1, CMD_WRITE | CMD_AS_CODER,
	  sub_split },
	{ "discard", "THEME --why TEXT",
	  "discard a theme: it stays in the record, left out of reports", 1, 1, CMD_WRITE,
	  sub_discard },
	{ "define", "THEME [--definition TEXT] [--scope TEXT]",
	  "set a theme's definition (its central organising concept) and scope", 1, 1, CMD_WRITE,
	  sub_define },
	{ "status", "THEME candidate|reviewed|defined",
	  "set a theme's status (defined needs a definition and a scope, reviewed both reviews)",
	  2, 2, CMD_WRITE, sub_status },
	{ "review", "THEME [--extracts] [--dataset]",
	  "record phase 4's reviews: against the coded extracts, against the whole data set", 1, 1,
	  CMD_WRITE, sub_review },
	{ "show", "THEME [--coder NAME] [--format FORMAT|--json]",
	  "a theme: definition, codes, prevalence, co-occurring themes, quotes, memos, extracts",
	  1, 1, 0, sub_show },
	{ "ls", "[--all] [--coder NAME] " CLI_FORMAT_USAGE,
	  "list the themes in tree order with their prevalence", 0, 0, 0, sub_ls },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_theme(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_theme_entry, c, a);
}

const struct cmd_entry cmd_theme_entry = {
	.name = "theme",
	.synopsis = "new|add-code|rm-code|rename|move|merge|split|discard|define|status|review|"
		    "show|ls [ARGS]",
	.summary = "themes and sub-themes: make, gather codes, review, define, show, list",
	.description =
		"THEME is a theme's id (its slug) or its name (when unique, ignoring case); CODE\n"
		"a code's id or name. Prevalence counts the accepted codings of the theme's codes\n"
		"and its sub-themes' codes, of every coder (or --coder's): the cases with the\n"
		"theme, the documents, the distinct segments, and the participants' words in\n"
		"them (docs/workflow.md). Discarded themes stay in the record, out of reports;\n"
		"undo takes a change back.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_theme,
	.subcmds = subs,
};
