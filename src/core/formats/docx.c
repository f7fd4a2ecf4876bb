/*
 * docx.c - the paragraphs of a Word document (see transcript.h).
 *
 * The zip is opened from memory with libzip and word/document.xml is
 * streamed through libxml2's xmlTextReader (no tree, so a large document
 * costs little memory). The reader never loads a DTD or anything from the
 * network and never substitutes entities: XML_PARSE_NONET without
 * XML_PARSE_NOENT/DTDLOAD. Errors go to a per-reader handler, never to
 * stderr.
 *
 * What counts as text: w:t inside w:body, w:tab and w:br/w:cr inside runs
 * (as '\t' and '\n'), w:noBreakHyphen as '-'. Skipped: deleted text of
 * tracked changes (w:del, w:moveFrom), mc:Fallback (it repeats mc:Choice),
 * w:sym, field instructions. Footnotes, comments, headers live in other
 * parts and are not read. Paragraphs (in tables and content controls too)
 * are separated by "\n\n"; a paragraph of only white space produces nothing.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "braid/transcript.h"

/* Refuse a document.xml bigger than this uncompressed (zip bombs). */
#define DOCX_XML_MAX ((zip_uint64_t)256 << 20)

/* At most this much is allocated before reading; the buffer grows as data comes. */
#define DOCX_XML_PREALLOC ((zip_uint64_t)16 << 20)

static const char DOCUMENT[] = "word/document.xml";

static const char *const W_NS[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://purl.oclc.org/ooxml/wordprocessingml/main", /* Strict OOXML */
};
static const char MC_NS[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/* libzip messages start with a capital letter; ours do not. */
static int zip_fail(struct braid_err *err, const char *what, const char *msg)
{
	char first = msg[0] >= 'A' && msg[0] <= 'Z' ? (char)(msg[0] - 'A' + 'a') : msg[0];

	return braid_errorf(err, BRAID_EPARSE, "%s: %c%s", what, first, msg[0] ? msg + 1 : "");
}

static int read_document(const char *data, size_t len, struct strbuf *xml, struct braid_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	zip_file_t *zf;
	int rc = 0;

	zip_error_init(&ze);
	src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		rc = zip_fail(err, "not a Word document", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!za) {
		rc = zip_fail(err, "not a Word document", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_stat_init(&st);
	if (zip_stat(za, DOCUMENT, 0, &st) < 0) {
		rc = braid_errorf(err, BRAID_EPARSE, "not a Word document: no %s", DOCUMENT);
		goto out;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > DOCX_XML_MAX) {
		rc = braid_errorf(err, BRAID_EPARSE, "%s is too large: %llu bytes uncompressed, at most %llu",
				  DOCUMENT, (unsigned long long)st.size, (unsigned long long)DOCX_XML_MAX);
		goto out;
	}
	zf = zip_fopen(za, DOCUMENT, 0);
	if (!zf) {
		rc = zip_fail(err, "cannot read word/document.xml", zip_strerror(za));
		goto out;
	}
	/* the directory's size is a hint only: a lying one must not make us allocate much */
	strbuf_grow(xml, (st.valid & ZIP_STAT_SIZE) && st.size < DOCX_XML_PREALLOC ? (size_t)st.size + 1
										     : DOCX_XML_PREALLOC);
	for (;;) {
		zip_int64_t got;

		strbuf_grow(xml, 65536);
		got = zip_fread(zf, xml->buf + xml->len, xml->alloc - xml->len - 1);
		if (got < 0) {
			rc = zip_fail(err, "cannot read word/document.xml", zip_file_strerror(zf));
			break;
		}
		if (got == 0)
			break;
		xml->len += (size_t)got;
		xml->buf[xml->len] = '\0';
		if (xml->len > DOCX_XML_MAX) { /* the size in the zip directory lied */
			rc = braid_errorf(err, BRAID_EPARSE, "%s is too large: more than %llu bytes uncompressed",
					  DOCUMENT, (unsigned long long)DOCX_XML_MAX);
			break;
		}
	}
	zip_fclose(zf);
out:
	zip_discard(za);
	return rc;
}

struct walk {
	struct strbuf *out;
	size_t out0;
	struct strbuf para;
	int first_error_set;
	int line, col;
	char msg[512];
};

#if LIBXML_VERSION >= 21200
static void xml_error(void *arg, const xmlError *e)
#else
static void xml_error(void *arg, xmlErrorPtr e)
#endif
{
	struct walk *w = arg;
	size_t n;

	if (w->first_error_set || !e || e->level < XML_ERR_ERROR)
		return;
	w->first_error_set = 1;
	w->line = e->line;
	w->col = e->int2;
	snprintf(w->msg, sizeof(w->msg), "%s", e->message ? e->message : "malformed XML");
	n = strlen(w->msg);
	while (n && (w->msg[n - 1] == '\n' || w->msg[n - 1] == ' '))
		w->msg[--n] = '\0';
}

static void flush_para(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->para.len; i++) {
		char ch = w->para.buf[i];

		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
			break;
	}
	if (i < w->para.len) {
		if (w->out->len > w->out0)
			strbuf_add(w->out, "\n\n", 2);
		strbuf_addbuf(w->out, &w->para);
	}
	strbuf_reset(&w->para);
}

static int is_w(const xmlChar *ns)
{
	return ns && (!strcmp((const char *)ns, W_NS[0]) || !strcmp((const char *)ns, W_NS[1]));
}

enum elem { E_OTHER, E_P, E_R, E_T, E_TAB, E_BR, E_HYPHEN, E_SKIP };

static enum elem classify(const xmlChar *ns, const xmlChar *local)
{
	static const struct {
		const char *name;
		enum elem e;
	} w_elems[] = {
		{ "p", E_P },	      { "r", E_R },	     { "t", E_T },	       { "tab", E_TAB },
		{ "br", E_BR },	      { "cr", E_BR },	     { "noBreakHyphen", E_HYPHEN },
		{ "del", E_SKIP },    { "moveFrom", E_SKIP }, { "sym", E_SKIP },
	};
	const char *l = (const char *)local;

	if (!l)
		return E_OTHER;
	if (is_w(ns)) {
		for (size_t i = 0; i < sizeof(w_elems) / sizeof(w_elems[0]); i++)
			if (!strcmp(l, w_elems[i].name))
				return w_elems[i].e;
		return E_OTHER;
	}
	if (ns && !strcmp((const char *)ns, MC_NS) && !strcmp(l, "Fallback"))
		return E_SKIP;
	return E_OTHER;
}

static int walk_xml(const struct strbuf *xml, struct walk *w, struct braid_err *err)
{
	xmlTextReaderPtr reader;
	int ret, in_r = 0, in_t = 0, skip_depth = -1;

	reader = xmlReaderForMemory(xml->buf, (int)xml->len, DOCUMENT, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!reader)
		return braid_errorf(err, BRAID_EPARSE, "bad XML in %s: cannot start the parser", DOCUMENT);
	xmlTextReaderSetStructuredErrorHandler(reader, xml_error, w);
	while ((ret = xmlTextReaderRead(reader)) == 1) {
		int type = xmlTextReaderNodeType(reader), depth = xmlTextReaderDepth(reader);

		if (skip_depth >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == skip_depth)
				skip_depth = -1;
			continue;
		}
		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(reader);

			switch (classify(xmlTextReaderConstNamespaceUri(reader), xmlTextReaderConstLocalName(reader))) {
			case E_P:
				/* a paragraph in a text box inside a paragraph: flush what came before */
				flush_para(w);
				break;
			case E_R:
				if (!empty)
					in_r++;
				break;
			case E_T:
				if (!empty)
					in_t = 1;
				break;
			case E_TAB:
				if (in_r)
					strbuf_addch(&w->para, '\t');
				break;
			case E_BR:
				if (in_r)
					strbuf_addch(&w->para, '\n');
				break;
			case E_HYPHEN:
				if (in_r)
					strbuf_addch(&w->para, '-');
				break;
			case E_SKIP:
				if (!empty)
					skip_depth = depth;
				break;
			case E_OTHER:
				break;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			switch (classify(xmlTextReaderConstNamespaceUri(reader), xmlTextReaderConstLocalName(reader))) {
			case E_P:
				flush_para(w);
				break;
			case E_R:
				if (in_r)
					in_r--;
				break;
			case E_T:
				in_t = 0;
				break;
			default:
				break;
			}
		} else if (in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
				    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const xmlChar *v = xmlTextReaderConstValue(reader);

			if (v)
				strbuf_addstr(&w->para, (const char *)v);
		}
	}
	xmlFreeTextReader(reader);
	if (ret < 0) {
		if (w->first_error_set)
			return braid_errorf(err, BRAID_EPARSE, "bad XML in %s: line %d, column %d: %s", DOCUMENT,
					    w->line, w->col, w->msg);
		return braid_errorf(err, BRAID_EPARSE, "bad XML in %s", DOCUMENT);
	}
	flush_para(w);
	return 0;
}

int braid_docx_text(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	struct strbuf xml = STRBUF_INIT;
	struct walk w;
	int rc;

	rc = read_document(data, len, &xml, err);
	if (rc == 0) {
		memset(&w, 0, sizeof(w));
		w.out = out;
		w.out0 = out->len;
		strbuf_init(&w.para, 0);
		rc = walk_xml(&xml, &w, err);
		if (rc < 0)
			strbuf_setlen(out, w.out0);
		strbuf_release(&w.para);
	}
	strbuf_release(&xml);
	return rc;
}
