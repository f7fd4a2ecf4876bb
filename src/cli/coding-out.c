/*
 * coding-out.c - helpers shared by the coding commands (codebook, code,
 * retrieve, autocode, stats): the code tree and code look-up with one
 * message, codings as JSON (see cli.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "cli.h"

int cli_codes_load(struct cli *c, int flags, struct braid_code_tree *t)
{
	return braid_code_tree_load(c->st, flags, t, &c->err) ? cli_fail(c) : EXIT_OK;
}

int cli_code_resolve(struct cli *c, const char *ref, struct braid_code_tree *t,
		     const struct braid_code_node **out)
{
	int rc;

	if (!t->n && (rc = cli_codes_load(c, BRAID_CODES_ALL | BRAID_CODES_NOCOUNT, t)))
		return rc;
	return braid_code_tree_find(t, ref, out, &c->err) ? cli_fail(c) : EXIT_OK;
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
