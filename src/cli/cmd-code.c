/*
 * cmd-code.c - braid code: coding by hand (add, rm, ls), reviewing autocoded
 * segments (accept, reject) and managing codes (rename, move, merge, retire,
 * edit). The core records every change (old and new values) in the audit log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/columns.h"
#include "braid/corpus.h"
#include "braid/text.h"
#include "braid/vocab.h"
#include "cli.h"

static const struct cli_opt opts[] = {
	{ "code", 'c', "CODE", "add: the code (id or name); accept --all, ls: only this code" },
	{ "coder", 0, "NAME", "add: who codes (default $BRAID_CODER, else $USER); ls: only this "
			      "coder's codings" },
	{ "turn", 't', "N[-M]", "add: turn N, or turns N to M (numbered from 1), one coding per "
				"utterance" },
	{ "range", 'r', "START:END", "add: code points START (included) to END (excluded), in "
				     "speech (not in a speaker label)" },
	{ "match", 'm', "TEXT", "add: the first occurrence of TEXT in what is said (exact, after "
				"NFC)" },
	{ "all", 'a', NULL, "add: every occurrence of --match; accept: every pending coding" },
	{ "children", 0, NULL, "ls, accept --all: --code CODE and every code below it" },
	{ "sentence", 's', "N", "add: sentence N of the document (numbered from 1)" },
	{ "new", 'n', NULL, "add: create CODE as an inductive code first" },
	{ "in-vivo", 0, NULL, "add: create an inductive code named after the coded words" },
	{ "parent", 0, "CODE", "add --new/--in-vivo, move: put the code under this one" },
	{ "memo", 0, "TEXT", "add: a memo on the coding" },
	{ "doc", 'd', "DOC", "accept --all, ls: only this document" },
	{ "case", 0, "ID", "ls: only segments of this case" },
	{ "role", 0, "ROLE", "ls: only segments of speakers of this role ({role}; interviewer "
			     "includes moderators, participant the unlabelled text)" },
	{ "origin", 0, "ORIGIN", "ls: only {origin} codings" },
	{ "status", 0, "STATUS", "ls: only {status} codings" },
	CLI_FORMAT_OPTS("ls: ", "", ""),
	{ "top", 0, NULL, "move: to the top level" },
	{ "field", 'F', "FIELD", "edit: {field}" },
	{ "value", 'V', "VALUE", "edit: the new value ('' clears a text field; patterns one a line)" },
	{ NULL, 0, NULL, NULL },
};

#define OPT(name) cli_opt(a, &cmd_code_entry, name)

/* ---- add ---- */

struct span {
	int64_t start, end;
};

struct spans {
	struct span *v;
	size_t n, alloc;
};

static int collect_span(int64_t start, int64_t end, void *ctx)
{
	struct spans *s = ctx;

	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = (struct span){ start, end };
	return 0;
}

/* Parses a decimal int64 at *p, advancing it; -1 when there is none. */
static int64_t parse_num(const char **p)
{
	char *end;
	long long v;

	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	v = strtoll(*p, &end, 10);
	if (errno)
		return -1;
	*p = end;
	return v;
}

/* "N" or "N-M", N >= 1, M >= N. */
static int parse_turns(const char *s, int64_t *n, int64_t *m)
{
	const char *p = s;

	*n = parse_num(&p);
	*m = *n;
	if (*p == '-') {
		p++;
		*m = parse_num(&p);
	}
	return *p || *n < 1 || *m < *n ? -1 : 0;
}

/* "START:END", START < END. */
static int parse_range(const char *s, int64_t *start, int64_t *end)
{
	const char *p = s;

	*start = parse_num(&p);
	if (*start < 0 || *p++ != ':')
		return -1;
	*end = parse_num(&p);
	return *p || *end <= *start ? -1 : 0;
}

/* Bytes of the code points [start, end) of text. */
static void cut(const struct strbuf *text, int64_t start, int64_t end, const char **s, size_t *len)
{
	size_t b0 = braid_cp_to_byte(text->buf, text->len, (size_t)start);
	size_t b1 = b0 + braid_cp_to_byte(text->buf + b0, text->len - b0, (size_t)(end - start));

	*s = text->buf + b0;
	*len = b1 - b0;
}

/* Finds the code to apply, creating it for --new and --in-vivo; slug into out. */
static int code_for_add(struct cli *c, const struct cli_args *a, const char *name, int create,
			int in_vivo, struct strbuf *slug)
{
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k;
	int64_t id;
	int rc;

	if (!create) {
		rc = cli_code_resolve(c, name, &cs, &k);
		if (!rc)
			strbuf_addstr(slug, k->slug);
		braid_code_tree_release(&cs);
		return rc;
	}
	if (!braid_code_find(c->st, name, &id, &c->err) || c->err.code == BRAID_EINVAL) {
		if (!in_vivo)
			return cli_error("code '%s' exists already: leave out --new to apply it", name);
		/* the same words coded in vivo again: apply the code they named */
		if (c->err.code == BRAID_EINVAL || braid_code_slug(c->st, id, slug, &c->err))
			return cli_fail(c);
		fprintf(c->out, "in-vivo code '%s' exists already: applying it\n", slug->buf);
		return EXIT_OK;
	}
	{
		struct braid_code_new n = { .name = name, .parent = OPT("parent"),
					    .coder = c->coder, .kind = BRAID_INDUCTIVE };
		const struct braid_code_node *p = NULL;

		if (n.parent && (rc = cli_code_resolve(c, n.parent, &cs, &p))) {
			braid_code_tree_release(&cs);
			return rc;
		}
		if (p)
			n.parent = p->slug;
		if (braid_code_create(c->st, &n, &id, &c->err) ||
		    braid_code_slug(c->st, id, slug, &c->err)) {
			braid_code_tree_release(&cs);
			return cli_fail(c);
		}
		fprintf(c->out, "new inductive code '%s' (%s)%s%s, by %s\n", slug->buf, name,
			p ? " under " : "", p ? p->slug : "", n.coder);
		braid_code_tree_release(&cs);
	}
	return EXIT_OK;
}

static int sub_add(struct cli *c, const struct cli_args *a)
{
	const char *doc = a->pos[0], *code = OPT("code"), *coder = c->coder;
	const char *turn = OPT("turn"), *range = OPT("range"), *match = OPT("match");
	const char *sentence = OPT("sentence");
	int in_vivo = OPT("in-vivo") != NULL, create = in_vivo || OPT("new");
	struct spans sp = { 0 };
	struct braid_match_skips skips = { 0 };
	struct strbuf text = STRBUF_INIT, slug = STRBUF_INIT, name = STRBUF_INIT;
	struct strbuf shown = STRBUF_INIT;
	int64_t n, m;
	int rc = EXIT_OK, nspan = !!turn + !!range + !!match + !!sentence;
	size_t added = 0;

	if (nspan != 1)
		return cli_sub_usage(c, "give exactly one of --turn, --range, --match, --sentence");
	if (!coder || !*coder)
		return cli_sub_usage(c, "who codes? give --coder NAME (or set $BRAID_CODER)");
	if (in_vivo && code)
		return cli_sub_usage(c, "--in-vivo names the code after the coded words: leave out "
					"--code");
	if (!in_vivo && !code)
		return cli_sub_usage(c, "which code? give --code CODE (or --in-vivo)");
	if (OPT("all") && !match)
		return cli_sub_usage(c, "--all goes with --match");
	if (OPT("parent") && !create)
		return cli_sub_usage(c, "--parent goes with --new or --in-vivo here (to move a code: "
					"braid code move)");
	/* the span(s) */
	if (turn) {
		if (parse_turns(turn, &n, &m))
			return cli_sub_usage(c, "bad --turn '%s': expected N or N-M (from 1, M >= N)",
					     turn);
		/* one coding per utterance: the labels between the turns are not coded */
		if (braid_span_turns(c->st, doc, n, m, &n, &m, &c->err) ||
		    braid_span_speech(c->st, doc, n, m, collect_span, &sp, &c->err)) {
			free(sp.v);
			return cli_fail(c);
		}
	} else if (range) {
		if (parse_range(range, &n, &m))
			return cli_sub_usage(c, "bad --range '%s': expected START:END, code points, "
						"START < END",
					     range);
		if (braid_span_speech(c->st, doc, n, m, collect_span, &sp, &c->err)) {
			free(sp.v);
			return cli_fail(c);
		}
	} else if (sentence) {
		const char *p = sentence;

		n = parse_num(&p);
		if (*p || n < 1)
			return cli_sub_usage(c, "bad --sentence '%s': expected a number from 1",
					     sentence);
		if (braid_span_sentence(c->st, doc, n, &n, &m, &c->err))
			return cli_fail(c);
		collect_span(n, m, &sp);
	} else if (braid_span_match(c->st, doc, match, OPT("all") != NULL, collect_span, &sp,
				    &skips, &c->err)) {
		free(sp.v);
		return cli_fail(c);
	}
	if (braid_corpus_text(c->st, doc, &text, &c->err)) {
		rc = cli_fail(c);
		goto out;
	}
	if (in_vivo) {
		const char *s;
		size_t len;

		cut(&text, sp.v[0].start, sp.v[0].end, &s, &len);
		braid_in_vivo_name(s, len, &name);
		if (!name.len) {
			rc = cli_error("cannot name an in-vivo code after '%.*s'", (int)len, s);
			goto out;
		}
		code = name.buf;
	}
	rc = code_for_add(c, a, code, create, in_vivo, &slug);
	for (size_t i = 0; !rc && i < sp.n; i++) {
		struct braid_coding_new cn = { .doc = doc, .start = sp.v[i].start,
					       .end = sp.v[i].end, .code = slug.buf,
					       .coder = coder, .origin = "manual",
					       .memo = OPT("memo") };
		int64_t id;
		int created;
		const char *s;
		size_t len;

		if (braid_coding_add(c->st, &cn, &id, &created, &c->err)) {
			rc = cli_fail(c);
			break;
		}
		cut(&text, cn.start, cn.end, &s, &len);
		strbuf_reset(&shown);
		cli_shorten(s, len, 60, &shown);
		if (created) {
			added++;
			fprintf(c->out, "coded #%lld %s [%lld-%lld] %s (%s): \"%s\"\n", (long long)id,
				doc, (long long)cn.start, (long long)cn.end, slug.buf, coder,
				shown.buf);
		} else {
			fprintf(c->out, "#%lld already exists: %s [%lld-%lld] %s (%s)\n",
				(long long)id, doc, (long long)cn.start, (long long)cn.end, slug.buf,
				coder);
		}
	}
	if (!rc && sp.n > 1)
		fprintf(c->out, "%zu new coding%s, %zu already there\n", added,
			added == 1 ? "" : "s", sp.n - added);
	if (!rc && (skips.labels || skips.across)) {
		fprintf(c->out, "skipped %zu occurrence%s in speaker labels", skips.labels,
			skips.labels == 1 ? "" : "s");
		if (skips.across)
			fprintf(c->out, " and %zu partly in a label or across turns", skips.across);
		fprintf(c->out, ": only what is said is coded\n");
	}
out:
	free(sp.v);
	strbuf_release(&text);
	strbuf_release(&slug);
	strbuf_release(&name);
	strbuf_release(&shown);
	return rc;
}

/* ---- rm, accept, reject ---- */

struct id_set {
	long long *ids;
	size_t n, alloc;
};

static int parse_ids(struct cli *c, const struct cli_args *a, struct id_set *set)
{
	for (int i = 0; i < a->npos; i++) {
		long long id = cli_parse_id(a->pos[i]);

		if (id < 0)
			return cli_sub_usage(c, "'%s' is not a coding id (a number from 1)",
					     a->pos[i]);
		ALLOC_GROW(set->ids, set->n + 1, set->alloc);
		set->ids[set->n++] = id;
	}
	return EXIT_OK;
}

static int sub_rm(struct cli *c, const struct cli_args *a)
{
	struct strbuf what = STRBUF_INIT;
	struct id_set set = { 0 };
	int rc = parse_ids(c, a, &set);

	for (size_t i = 0; !rc && i < set.n; i++) {
		size_t memos = 0, quotes = 0;

		strbuf_reset(&what);
		if (braid_coding_describe(c->st, set.ids[i], &what, &c->err) ||
		    braid_coding_rm(c->st, set.ids[i], &memos, &quotes, &c->err)) {
			rc = cli_fail(c);
			break;
		}
		fprintf(c->out, "removed %s", what.buf);
		if (memos)
			fprintf(c->out, ", with its %zu memo%s", memos, memos == 1 ? "" : "s");
		if (quotes)
			fprintf(c->out, "%s %zu exemplar quote%s", memos ? " and" : ", with its",
				quotes, quotes == 1 ? "" : "s");
		fputc('\n', c->out);
	}
	strbuf_release(&what);
	free(set.ids);
	return rc;
}

static int review(struct cli *c, const struct cli_args *a, const char *status)
{
	struct braid_ids changed = { 0 };
	struct id_set set = { 0 };
	struct strbuf ranges = STRBUF_INIT;
	int all = OPT("all") != NULL, rc;

	if (all && a->npos)
		return cli_sub_usage(c, "give coding ids or --all, not both");
	if (!all && !a->npos)
		return cli_sub_usage(c, "which codings? give their ids%s",
				     !strcmp(status, "accepted") ? " or --all" : "");
	if (!all && (OPT("code") || OPT("doc")))
		return cli_sub_usage(c, "--code and --doc choose codings for --all");
	rc = parse_ids(c, a, &set);
	if (!rc && all) {
		/* one statement for the whole filtered set */
		struct braid_coding_filter f = { .doc = OPT("doc"), .code = OPT("code"),
						 .status = "pending",
						 .children = OPT("children") != NULL };

		if (braid_codings_review(c->st, &f, status, &changed, &c->err))
			rc = cli_fail(c);
	}
	for (size_t i = 0; !rc && i < set.n; i++) {
		int done = 0;

		if (braid_coding_review(c->st, set.ids[i], status, &done, &c->err))
			rc = cli_fail(c);
		else if (done)
			braid_ids_add(&changed, set.ids[i]);
		else
			fprintf(c->out, "#%lld is %s already\n", set.ids[i], status);
	}
	if (!rc && changed.n) {
		/* the audit row keeps every id; the screen gets about two lines */
		braid_ids_ranges(&changed, 150, &ranges);
		fprintf(c->out, "%s %zu coding%s: %s\n", status, changed.n, changed.n == 1 ? "" : "s",
			ranges.buf);
	} else if (!rc && all) {
		fprintf(c->out, "no pending codings%s%s%s%s\n", OPT("code") ? " of code " : "",
			OPT("code") ? OPT("code") : "", OPT("doc") ? " in " : "",
			OPT("doc") ? OPT("doc") : "");
	}
	strbuf_release(&ranges);
	braid_ids_release(&changed);
	free(set.ids);
	return rc;
}

static int sub_accept(struct cli *c, const struct cli_args *a)
{
	return review(c, a, "accepted");
}

static int sub_reject(struct cli *c, const struct cli_args *a)
{
	return review(c, a, "rejected");
}

/* ---- ls ---- */

static int ls_row(const struct braid_coding_row *r, void *ctx)
{
	struct cli_listing *l = ctx;

	braid_coding_values(r, &l->row);
	cli_listing_row(l);
	return 0;
}

static int sub_ls(struct cli *c, const struct cli_args *a)
{
	struct braid_coding_filter f = { .doc = OPT("doc"), .code = OPT("code"),
					 .coder = OPT("coder"), .case_name = OPT("case"),
					 .origin = OPT("origin"), .status = OPT("status"),
					 .role = OPT("role"), .children = OPT("children") != NULL };
	struct cli_listing l;
	int rc, fmt;

	if (f.origin && braid_vocab_parse(&braid_vocab_origin, f.origin) < 0)
		return cli_vocab_usage(c, &braid_vocab_origin, f.origin);
	if (f.status && braid_vocab_parse(&braid_vocab_status, f.status) < 0)
		return cli_vocab_usage(c, &braid_vocab_status, f.status);
	if (f.role && braid_vocab_parse(&braid_vocab_role, f.role) < 0)
		return cli_vocab_usage(c, &braid_vocab_role, f.role);
	if (f.code) {
		struct braid_code_tree cs = { 0 };
		const struct braid_code_node *k;

		rc = cli_code_resolve(c, f.code, &cs, &k);
		braid_code_tree_release(&cs);
		if (rc)
			return rc;
	}
	if ((fmt = cli_format(c, &cmd_code_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	cli_listing_begin(c, &l, &braid_codings_listing, fmt);
	return cli_listing_end(c, &l, braid_codings_each(c->st, &f, ls_row, &l, &c->err));
}

/* ---- managing codes ---- */

/* Prints what the core recorded of the change: the same words as the audit log. */
static int said(struct cli *c)
{
	const char *text = braid_change_text(c->st);

	fprintf(c->out, "%s\n", *text ? text : "nothing changed");
	return EXIT_OK;
}

static int sub_rename(struct cli *c, const struct cli_args *a)
{
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k;
	int rc = cli_code_resolve(c, a->pos[0], &cs, &k);

	if (!rc)
		rc = braid_code_rename(c->st, k->id, a->pos[1], &c->err) ? cli_fail(c) : said(c);
	braid_code_tree_release(&cs);
	return rc;
}

static int sub_move(struct cli *c, const struct cli_args *a)
{
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k, *p = NULL;
	const char *parent = OPT("parent");
	int rc;

	if (!parent == !OPT("top"))
		return cli_sub_usage(c, "where to? give --parent CODE or --top");
	rc = cli_code_resolve(c, a->pos[0], &cs, &k);
	if (!rc && parent)
		rc = cli_code_resolve(c, parent, &cs, &p);
	if (!rc)
		rc = braid_code_move(c->st, k->id, p ? p->id : 0, &c->err) ? cli_fail(c) : said(c);
	braid_code_tree_release(&cs);
	return rc;
}

static int sub_merge(struct cli *c, const struct cli_args *a)
{
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *from, *into;
	int rc = cli_code_resolve(c, a->pos[0], &cs, &from);

	if (!rc)
		rc = cli_code_resolve(c, a->pos[1], &cs, &into);
	if (!rc)
		rc = braid_code_merge(c->st, from->id, into->id, NULL, &c->err) ? cli_fail(c)
										 : said(c);
	braid_code_tree_release(&cs);
	return rc;
}

static int sub_retire(struct cli *c, const struct cli_args *a)
{
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k;
	int rc = cli_code_resolve(c, a->pos[0], &cs, &k);

	if (!rc)
		rc = braid_code_retire(c->st, k->id, &c->err) ? cli_fail(c) : said(c);
	braid_code_tree_release(&cs);
	return rc;
}

static int sub_edit(struct cli *c, const struct cli_args *a)
{
	const char *field = OPT("field"), *value = OPT("value");
	struct braid_code_tree cs = { 0 };
	const struct braid_code_node *k;
	int rc;

	if (!field || braid_vocab_parse(&braid_vocab_code_field, field) < 0) {
		struct strbuf list = STRBUF_INIT;

		braid_vocab_list(&braid_vocab_code_field, &list);
		rc = cli_sub_usage(c, "%s%s%s: expected --field %s", field ? "unknown field '" : "which field?",
				   field ? field : "", field ? "'" : "", list.buf);
		strbuf_release(&list);
		return rc;
	}
	if (!value)
		return cli_sub_usage(c, "give --value VALUE (--value '' clears a text field)");
	rc = cli_code_resolve(c, a->pos[0], &cs, &k);
	if (!rc)
		rc = braid_code_edit(c->st, k->id, field, value, &c->err) ? cli_fail(c) : said(c);
	braid_code_tree_release(&cs);
	return rc;
}

static const struct subcmd subs[] = {
	{ "add",
	  "DOC --code CODE [--coder NAME] (--turn N[-M] | --range START:END | --match TEXT [--all] | "
	  "--sentence N) [--new [--parent CODE] | --in-vivo [--parent CODE]] [--memo TEXT]",
	  "code a span of a document (--in-vivo instead of --code names a new code after the words)",
	  1, 1, CMD_WRITE | CMD_AS_CODER, sub_add },
	{ "rm", "ID...", "remove codings", 1, -1, CMD_WRITE, sub_rm },
	{ "accept", "ID... | --all [--code CODE [--children]] [--doc DOC]",
	  "accept autocoded (pending) codings", 0, -1, CMD_WRITE, sub_accept },
	{ "reject", "ID...", "reject codings (they stay, out of counts and listings)", 1, -1,
	  CMD_WRITE, sub_reject },
	{ "ls",
	  "[--doc DOC] [--code CODE [--children]] [--coder NAME] [--case ID] [--role ROLE] "
	  "[--origin ORIGIN] "
	  "[--status STATUS] "
	  CLI_FORMAT_USAGE,
	  "list codings with their text (rejected ones only with --status rejected)", 0, 0, 0,
	  sub_ls },
	{ "rename", "CODE NEW-NAME", "rename a code (its id stays)", 2, 2, CMD_WRITE, sub_rename },
	{ "move", "CODE (--parent CODE | --top)", "move a code under another, or to the top level",
	  1, 1, CMD_WRITE, sub_move },
	{ "merge", "FROM INTO", "move FROM's codings to INTO and mark FROM merged", 2, 2,
	  CMD_WRITE, sub_merge },
	{ "retire", "CODE", "retire a code: it keeps its codings but takes no new ones", 1, 1,
	  CMD_WRITE, sub_retire },
	{ "edit", "CODE --field FIELD --value VALUE",
	  "set a code's {field}",
	  1, 1, CMD_WRITE, sub_edit },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_code(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_code_entry, c, a);
}

const struct cmd_entry cmd_code_entry = {
	.name = "code",
	.synopsis = "add|rm|accept|reject|ls|rename|move|merge|retire|edit [ARGS]",
	.summary = "code text by hand, review autocoded segments, manage codes",
	.description =
		"CODE is a code's id or its name (when unique). Spans are code points into the\n"
		"document's text, START included, END excluded (braid show DOC --turns shows them).\n"
		"Coding the same span with the same code by the same coder again changes nothing.",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_code,
	.subcmds = subs,
};
