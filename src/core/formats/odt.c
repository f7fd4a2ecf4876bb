/*
 * odt.c - the paragraphs of an OpenDocument text (see transcript.h), read
 * the way docx.c reads Word: content.xml streamed from the zip through
 * libxml2's xmlTextReader (office.c has the stream, the limits and the
 * error messages).
 *
 * What counts as text (ODF 1.3 part 3, chapters 5 and 6): the character
 * data inside text:p and text:h, at any depth (spans, links, fields, ruby),
 * with its white space collapsed as 6.1.2 says (tabs and line ends become
 * spaces, runs of spaces one space, none at either end of the paragraph);
 * text:s as spaces (its text:c, at most ODT_SPACES_MAX), text:tab as '\t',
 * text:line-break as '\n'. A paragraph inside a frame (a text box) inside a
 * paragraph stands on its own, as in docx.c. Skipped: text:note (footnotes
 * and endnotes; docx does not read its notes either), office:annotation
 * (comments), text:tracked-changes (where the deleted text of tracked
 * changes lives, so the text reads with all changes accepted), text:number
 * (a list label the producer cached), svg:title and svg:desc (alternative
 * texts of frames). Headers and footers live in styles.xml and are not read.
 */
#include <stdlib.h>
#include <string.h>

#include "braid/transcript.h"
#include "office.h"

/*
 * At most this many spaces per text:s: a count of a thousand would turn a
 * few bytes of XML into a kilobyte of spaces, and no transcript needs more.
 * It keeps the text shorter than the XML it comes from.
 */
#define ODT_SPACES_MAX 16

static const char CONTENT[] = "content.xml";

static const char TEXT_NS[] = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
static const char OFFICE_NS[] = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
static const char SVG_NS[] = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

enum elem { E_OTHER, E_P, E_S, E_TAB, E_BR, E_SKIP };

static enum elem classify(const xmlChar *ns, const xmlChar *local)
{
	static const struct {
		const char *name;
		enum elem e;
	} text_elems[] = {
		{ "p", E_P },	  { "h", E_P },	      { "s", E_S },
		{ "tab", E_TAB }, { "line-break", E_BR }, { "note", E_SKIP },
		{ "tracked-changes", E_SKIP },	      { "number", E_SKIP },
	};
	const char *l = (const char *)local;

	if (!l)
		return E_OTHER;
	if (braid_office_ns_is(ns, TEXT_NS)) {
		for (size_t i = 0; i < sizeof(text_elems) / sizeof(text_elems[0]); i++)
			if (!strcmp(l, text_elems[i].name))
				return text_elems[i].e;
		return E_OTHER;
	}
	if (braid_office_ns_is(ns, OFFICE_NS) && !strcmp(l, "annotation"))
		return E_SKIP;
	if (braid_office_ns_is(ns, SVG_NS) && (!strcmp(l, "title") || !strcmp(l, "desc")))
		return E_SKIP;
	return E_OTHER;
}

struct walk {
	struct strbuf *out;
	size_t out0;
	struct strbuf para;
	int space; /* collapsible white space seen since the last character */
};

static void flush_para(struct walk *w)
{
	braid_office_flush(w->out, w->out0, &w->para);
	w->space = 0;
}

/* Character data: white space collapses, and is dropped at the start of the paragraph. */
static void add_chars(struct walk *w, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			w->space = 1;
			continue;
		}
		if (w->space && w->para.len)
			strbuf_addch(&w->para, ' ');
		w->space = 0;
		strbuf_addch(&w->para, *s);
	}
}

/* Spaces, tabs and breaks written as elements do not collapse. */
static void add_literal(struct walk *w, char ch, int count)
{
	if (w->space && w->para.len && ch != '\n')
		strbuf_addch(&w->para, ' ');
	w->space = 0;
	while (count-- > 0)
		strbuf_addch(&w->para, ch);
}

static int space_count(xmlTextReaderPtr reader)
{
	xmlChar *c = xmlTextReaderGetAttributeNs(reader, (const xmlChar *)"c", (const xmlChar *)TEXT_NS);
	long n = 1;

	if (c) {
		char *end;

		n = strtol((const char *)c, &end, 10);
		if (end == (char *)c || *end || n < 1)
			n = 1;
		xmlFree(c);
	}
	return n > ODT_SPACES_MAX ? ODT_SPACES_MAX : (int)n;
}

static int walk_xml(xmlTextReaderPtr reader, struct walk *w)
{
	int ret, in_p = 0, skip_depth = -1;

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
				if (!empty)
					in_p++;
				break;
			case E_S:
				if (in_p)
					add_literal(w, ' ', space_count(reader));
				break;
			case E_TAB:
				if (in_p)
					add_literal(w, '\t', 1);
				break;
			case E_BR:
				if (in_p)
					add_literal(w, '\n', 1);
				break;
			case E_SKIP:
				if (!empty)
					skip_depth = depth;
				break;
			case E_OTHER:
				break;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (classify(xmlTextReaderConstNamespaceUri(reader), xmlTextReaderConstLocalName(reader)) == E_P) {
				flush_para(w);
				if (in_p)
					in_p--;
			}
		} else if (in_p && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
				    type == XML_READER_TYPE_WHITESPACE ||
				    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			const xmlChar *v = xmlTextReaderConstValue(reader);

			if (v)
				add_chars(w, (const char *)v);
		}
	}
	if (ret == 0)
		flush_para(w);
	return ret;
}

int braid_odt_walk(zip_t *za, const char *what, struct strbuf *out, struct braid_err *err)
{
	struct braid_office_part part;
	struct walk w = { out, out->len, STRBUF_INIT, 0 };
	int rc;

	rc = braid_office_part_open(za, CONTENT, what, &part, err);
	if (!rc)
		rc = braid_office_part_close(&part, walk_xml(part.reader, &w), err);
	if (rc)
		strbuf_setlen(out, w.out0);
	strbuf_release(&w.para);
	return rc;
}
