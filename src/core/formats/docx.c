/*
 * docx.c - the paragraphs of a Word document (see transcript.h).
 *
 * word/document.xml is streamed from the zip through libxml2's
 * xmlTextReader (office.c: no tree and no copy of the expanded XML, so a
 * large document costs little memory; no DTD, network or entity
 * substitution; errors kept with their position, never printed).
 *
 * What counts as text: w:t inside w:body, w:tab and w:br/w:cr inside runs
 * (as '\t' and '\n'), w:noBreakHyphen as '-'. Skipped: deleted text of
 * tracked changes (w:del, w:moveFrom), mc:Fallback (it repeats mc:Choice),
 * w:sym, field instructions. Footnotes, comments, headers live in other
 * parts and are not read. Paragraphs (in tables and content controls too)
 * are separated by "\n\n"; a paragraph of only white space produces nothing.
 */
#include <string.h>

#include "braid/transcript.h"
#include "office.h"

static const char DOCUMENT[] = "word/document.xml";

static const char *const W_NS[] = {
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
	"http://purl.oclc.org/ooxml/wordprocessingml/main", /* Strict OOXML */
};
static const char MC_NS[] = "http://schemas.openxmlformats.org/markup-compatibility/2006";

struct walk {
	struct strbuf *out;
	size_t out0;
	struct strbuf para;
};

static void flush_para(struct walk *w)
{
	braid_office_flush(w->out, w->out0, &w->para);
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

static int walk_xml(xmlTextReaderPtr reader, struct walk *w)
{
	int ret, in_r = 0, in_t = 0, skip_depth = -1;

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
	if (ret == 0)
		flush_para(w);
	return ret;
}

int braid_docx_walk(zip_t *za, const char *what, struct strbuf *out, struct braid_err *err)
{
	struct braid_office_part part;
	struct walk w = { out, out->len, STRBUF_INIT };
	int rc;

	rc = braid_office_part_open(za, DOCUMENT, what, &part, err);
	if (!rc)
		rc = braid_office_part_close(&part, walk_xml(part.reader, &w), err);
	if (rc)
		strbuf_setlen(out, w.out0);
	strbuf_release(&w.para);
	return rc;
}

int braid_docx_text(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	static const char what[] = "not a Word document";
	zip_t *za;
	int rc;

	if ((rc = braid_office_open(data, len, what, &za, err)))
		return rc;
	rc = braid_docx_walk(za, what, out, err);
	zip_discard(za);
	return rc;
}
