/*
 * coding-out.c - helpers shared by the coding commands (codebook, code,
 * retrieve, autocode, stats): a copy of the code tree that outlives the core's
 * listing, code look-up with one message, and codings as JSON (see cli.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "cli.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int add_code(const struct braid_code_row *r, void *ctx)
{
	struct cli_codes *cs = ctx;
	struct cli_code *k;

	ALLOC_GROW(cs->v, cs->n + 1, cs->alloc);
	k = &cs->v[cs->n++];
	*k = (struct cli_code){
		.id = r->id,
		.parent_id = r->parent_id,
		.count = r->count,
		.npatterns = r->npatterns,
		.depth = r->depth,
		.slug = dup_or_null(r->slug),
		.name = dup_or_null(r->name),
		.kind = dup_or_null(r->kind),
		.status = dup_or_null(r->status),
		.domain = dup_or_null(r->domain),
		.definition = dup_or_null(r->definition),
		.include = dup_or_null(r->include),
		.exclude = dup_or_null(r->exclude),
		.color = dup_or_null(r->color),
		.scope = dup_or_null(r->scope),
		.roles = dup_or_null(r->roles),
		.codebook = dup_or_null(r->codebook),
		.merged_into = dup_or_null(r->merged_into),
		.created = dup_or_null(r->created),
		.created_by = dup_or_null(r->created_by),
	};
	return 0;
}

int cli_codes_load(struct cli *c, int flags, struct cli_codes *cs)
{
	return braid_codes_each(c->st, flags, add_code, cs, &c->err) ? cli_fail(c) : EXIT_OK;
}

void cli_codes_release(struct cli_codes *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		struct cli_code *k = &cs->v[i];
		char **f[] = { &k->slug,  &k->name,     &k->kind,     &k->status,	&k->domain,
			       &k->definition, &k->include, &k->exclude, &k->color,
			       &k->scope, &k->roles,    &k->codebook, &k->merged_into, &k->created,
			       &k->created_by };

		for (size_t j = 0; j < sizeof(f) / sizeof(f[0]); j++)
			free(*f[j]);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

const struct cli_code *cli_codes_by_id(const struct cli_codes *cs, int64_t id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].id == id)
			return &cs->v[i];
	return NULL;
}

int cli_code_resolve(struct cli *c, const char *ref, struct cli_codes *cs,
		     const struct cli_code **out)
{
	int64_t id;
	int rc;

	if (braid_code_find(c->st, ref, &id, &c->err))
		return cli_fail(c);
	if (!cs->n && (rc = cli_codes_load(c, BRAID_CODES_ALL, cs)))
		return rc;
	*out = cli_codes_by_id(cs, id);
	if (!*out)
		return cli_error("no code '%s'", ref);
	return EXIT_OK;
}

void cli_code_label(const struct cli_code *k, struct strbuf *out)
{
	strbuf_addf(out, "'%s' (%s)", k->slug, k->name);
}

void cli_coding_json(struct braid_json *j, const struct braid_coding_row *r)
{
	braid_json_begin_object(j);
	braid_json_kv_int(j, "id", r->id);
	braid_json_kv_str(j, "doc", r->doc);
	braid_json_kv_int(j, "start", r->start);
	braid_json_kv_int(j, "end", r->end);
	braid_json_key(j, "text");
	braid_json_strn(j, r->text, r->text_len);
	braid_json_kv_str(j, "code", r->code);
	braid_json_kv_str(j, "code_name", r->code_name);
	braid_json_kv_str(j, "coder", r->coder);
	braid_json_kv_str(j, "origin", r->origin);
	braid_json_kv_str(j, "status", r->status);
	braid_json_kv_str(j, "speaker", r->speaker);
	braid_json_kv_str(j, "role", r->role);
	braid_json_kv_str(j, "case", r->case_name);
	braid_json_key(j, "turn");
	if (r->turn)
		braid_json_int(j, r->turn);
	else
		braid_json_null(j);
	braid_json_kv_int(j, "words", r->words);
	braid_json_kv_str(j, "memo", r->memo);
	braid_json_kv_str(j, "created", r->created);
	braid_json_end_object(j);
}

long long cli_parse_id(const char *s)
{
	char *end;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	return *end || errno || v <= 0 ? -1 : v;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

void cli_id_ranges(long long *ids, size_t n, struct strbuf *out)
{
	qsort(ids, n, sizeof(*ids), cmp_ll);
	for (size_t i = 0; i < n;) {
		size_t k = i;

		while (k + 1 < n && ids[k + 1] <= ids[k] + 1)
			k++;
		strbuf_addf(out, "%s#%lld", i ? ", " : "", ids[i]);
		if (ids[k] != ids[i])
			strbuf_addf(out, "-%lld", ids[k]);
		i = k + 1;
	}
}
