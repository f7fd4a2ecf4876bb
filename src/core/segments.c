/* segments.c - coded segments as text and as a Markdown appendix (see include/braid/segments.h). */
#include <string.h>

#include "braid/segments.h"

struct writer {
	FILE *f;
	enum braid_segments_form form;
	int children;
	struct strbuf doc; /* the document of the previous segment (Markdown sections) */
	size_t n;
};

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

static void text_segment(struct writer *w, const struct braid_coding_row *r)
{
	fprintf(w->f, "%s%s", w->n > 1 ? "\n" : "", r->doc);
	if (r->turn)
		fprintf(w->f, " #%lld", (long long)r->turn);
	fprintf(w->f, " %s", r->speaker ? r->speaker : "-");
	if (r->case_name)
		fprintf(w->f, " (%s)", r->case_name);
	fprintf(w->f, " [%lld-%lld] %s", (long long)r->start, (long long)r->end, r->coder);
	if (w->children)
		fprintf(w->f, " [%s]", r->code);
	fputc('\n', w->f);
	prefixed(w->f, "    ", r->text, r->text_len);
}

static void md_segment(struct writer *w, const struct braid_coding_row *r)
{
	if (strcmp(w->doc.buf, r->doc)) {
		strbuf_reset(&w->doc);
		strbuf_addstr(&w->doc, r->doc);
		fprintf(w->f, "\n### %s\n", r->doc);
	}
	fputc('\n', w->f);
	prefixed(w->f, "> ", r->text, r->text_len);
	fprintf(w->f, ">\n> — %s", r->speaker ? r->speaker : r->doc);
	if (r->case_name)
		fprintf(w->f, " (%s)", r->case_name);
	if (r->turn)
		fprintf(w->f, ", turn %lld", (long long)r->turn);
	fprintf(w->f, ", code points %lld-%lld, coded by %s", (long long)r->start,
		(long long)r->end, r->coder);
	if (w->children)
		fprintf(w->f, " as *%s*", r->code_name);
	fputc('\n', w->f);
}

static int segment(const struct braid_coding_row *r, void *ctx)
{
	struct writer *w = ctx;

	w->n++;
	if (w->form == BRAID_SEGMENTS_MD)
		md_segment(w, r);
	else
		text_segment(w, r);
	return 0;
}

int braid_segments_write(struct braid_store *st, const struct braid_coding_filter *f,
			 const struct braid_code_node *code, enum braid_segments_form form,
			 FILE *out, size_t *n, struct braid_err *err)
{
	struct writer w = { out, form, f->children, STRBUF_INIT, 0 };
	int rc;

	if (form == BRAID_SEGMENTS_MD) {
		fprintf(out, "## %s\n", code->name);
		if (code->definition)
			fprintf(out, "\n%s\n", code->definition);
	}
	rc = braid_codings_each(st, f, segment, &w, err);
	if (!rc && !w.n && form == BRAID_SEGMENTS_MD)
		fprintf(out, "\nno segments coded '%s'%s\n", code->slug,
			f->children ? " or below it" : "");
	strbuf_release(&w.doc);
	if (n)
		*n = w.n;
	return rc;
}
