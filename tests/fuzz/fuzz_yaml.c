/*
 * fuzz_yaml.c - libFuzzer harness for the codebook reader and writers
 * (braid_codebook_parse, braid_codebook_write_yaml/md/tex).
 *
 * Any bytes go in. A failure must be BRAID_EPARSE or BRAID_EENCODING with
 * a "FILE:LINE:COLUMN: " message and an empty codebook. A success must keep
 * the promises of codebook.h (every code named, ids valid and unique in the
 * book, siblings' names distinct, no deeper than the limit), and the YAML
 * writer must round-trip: parse(write(cb)) equals cb, and writing that
 * again gives the same text. The Markdown and LaTeX writers run too, for
 * the sanitizers' sake.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/codebook.h"
#include "braid/text.h"

#define FILE_NAME "fuzz.yaml"

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_yaml: %s\n%s\n", what, detail ? detail : "");
	abort();
}

/* "fuzz.yaml:L:C: " with L, C >= 1 */
static int has_position(const char *msg)
{
	const char *p = msg + strlen(FILE_NAME ":");
	int fields = 0;

	if (strncmp(msg, FILE_NAME ":", strlen(FILE_NAME ":")))
		return 0;
	while (fields < 2) {
		if (*p < '1' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p++ != ':')
			return 0;
		fields++;
	}
	return *p == ' ' && p[1];
}

struct ids {
	const char **v;
	size_t n;
};

static void check_code(const struct braid_code *c, const struct braid_code *parent, int depth,
		       void *ctx)
{
	struct ids *ids = ctx;

	if (!c->name || !*c->name || strchr(c->name, '\n') || !c->id || !braid_id_valid(c->id))
		die("code without a name or with a bad id", c->id);
	if (depth >= BRAID_CODEBOOK_MAX_DEPTH || c->line == 0)
		die("code too deep or without a line", c->id);
	if (c->color && strlen(c->color) != 4 && strlen(c->color) != 7)
		die("bad color", c->color);
	if (!c->domain && parent && parent->domain)
		die("domain not inherited", c->id);
	for (size_t i = 0; i < ids->n; i++)
		if (!strcmp(ids->v[i], c->id))
			die("duplicate id", c->id);
	ids->v = realloc(ids->v, (ids->n + 1) * sizeof(*ids->v));
	if (!ids->v)
		abort();
	ids->v[ids->n++] = c->id;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct braid_codebook cb, again;
	struct braid_err err = BRAID_ERR_INIT;
	struct strbuf y1 = STRBUF_INIT, y2 = STRBUF_INIT, out = STRBUF_INIT;
	struct ids ids = {NULL, 0};
	int rc = braid_codebook_parse((const char *)data, size, FILE_NAME, &cb, &err);

	if (rc) {
		if ((rc != BRAID_EPARSE && rc != BRAID_EENCODING) || err.code != rc)
			die("unexpected error code", err.msg);
		if (!has_position(err.msg))
			die("error without FILE:LINE:COLUMN", err.msg);
		if (cb.name || cb.codes || cb.ncodes || cb.version || cb.description)
			die("codebook not empty after an error", err.msg);
		return 0;
	}
	if (!cb.name || !*cb.name)
		die("codebook without a name", NULL);
	braid_codebook_walk(&cb, check_code, &ids);
	free(ids.v);

	braid_codebook_write_yaml(&cb, &y1);
	if (braid_codebook_parse(y1.buf, y1.len, FILE_NAME, &again, &err))
		die(err.msg, y1.buf);
	if (!braid_codebook_equal(&cb, &again))
		die("round trip changed the codebook", y1.buf);
	braid_codebook_write_yaml(&again, &y2);
	if (strcmp(y1.buf, y2.buf))
		die("writing twice gave different YAML", y2.buf);

	braid_codebook_write_md(&cb, &out);
	if (!braid_utf8_valid(out.buf, out.len) || strlen(out.buf) != out.len)
		die("bad Markdown", out.buf);
	strbuf_reset(&out);
	braid_codebook_write_tex(&cb, &out);
	if (!braid_utf8_valid(out.buf, out.len) || strlen(out.buf) != out.len)
		die("bad LaTeX", out.buf);

	braid_codebook_release(&cb);
	braid_codebook_release(&again);
	strbuf_release(&y1);
	strbuf_release(&y2);
	strbuf_release(&out);
	return 0;
}
