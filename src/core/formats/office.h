/*
 * office.h - internal to src/core/formats: what the Word (docx.c) and
 * OpenDocument (odt.c) readers share. A package is a zip opened from
 * memory with libzip; one XML part of it is streamed through libxml2's
 * xmlTextReader straight from the zip entry, a few KiB at a time, so that
 * neither the expanded XML nor a tree of it is ever held in memory.
 *
 * The reader never loads a DTD or anything from the network and never
 * substitutes entities (XML_PARSE_NONET without NOENT or DTDLOAD): an
 * entity reference is skipped, not expanded. A part larger than
 * BRAID_OFFICE_XML_MAX uncompressed is refused, whatever the zip's
 * directory says (zip bombs). libxml2's messages go to a handler that keeps
 * the first error with its line and column, never to stderr.
 *
 * Use: braid_office_open; braid_office_part_open; xmlTextReaderRead on
 * part.reader until it returns 0 or -1; braid_office_part_close with that
 * result; zip_discard.
 */
#ifndef BRAID_FORMATS_OFFICE_H
#define BRAID_FORMATS_OFFICE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "braid/err.h"
#include "braid/strbuf.h"
#include "braid/transcript.h"

/* Refuse an XML part bigger than this uncompressed (zip bombs). */
#define BRAID_OFFICE_XML_MAX ((uint64_t)256 << 20)

struct braid_office_part {
	xmlTextReaderPtr reader; /* read it with xmlTextReaderRead */
	/* private */
	zip_file_t *zf;
	const char *name;
	uint64_t read;
	int io_error; /* 1: the zip entry could not be read; 2: it is too large */
	char io_msg[256];
	int xml_error, line, col;
	char xml_msg[512];
};

/*
 * Opens the zip package in data[0..len), which must outlive *za. For a
 * file that is no zip, or a broken one, fails with "<what>: <libzip's
 * reason>" (what: "not a Word document").
 */
int braid_office_open(const char *data, size_t len, const char *what, zip_t **za,
		      struct braid_err *err);

/* 1 if the package has an entry of that name. */
int braid_office_has(zip_t *za, const char *name);

/*
 * Reads a small entry (such as ODF's "mimetype") into buf, NUL-terminated,
 * cut at size - 1 bytes. Returns its length, or -1 if there is no such
 * entry or it cannot be read.
 */
long braid_office_read_small(zip_t *za, const char *name, char *buf, size_t size);

/*
 * Starts streaming the XML part name (a string that outlives the part).
 * Fails with "<what>: no <name>" when the package has no such entry, and
 * with "<name> is too large: ..." when its size is over the limit.
 */
int braid_office_part_open(zip_t *za, const char *name, const char *what,
			   struct braid_office_part *p, struct braid_err *err);

/*
 * The same reader over an XML file already in memory (data[0..len), which
 * must outlive the part; name for messages): the same parser options and
 * error handling, for XML that comes in no package (a REFI-QDA .qdc) or was
 * read out of one whole.
 */
int braid_office_xml_memory(const char *data, size_t len, const char *name,
			    struct braid_office_part *p, struct braid_err *err);

/*
 * Ends the stream. ret is the last result of xmlTextReaderRead: a negative
 * one becomes the error ("cannot read <name>: ...", "<name> is too large:
 * ...", "bad XML in <name>: line L, column C: ..."). Returns 0 or
 * BRAID_EPARSE.
 */
int braid_office_part_close(struct braid_office_part *p, int ret, struct braid_err *err);

/*
 * Ends a paragraph: appends para to out when it holds more than white
 * space, after a blank line ("\n\n") unless it is the first since out0;
 * then empties para.
 */
void braid_office_flush(struct strbuf *out, size_t out0, struct strbuf *para);

/* 1 if the node's namespace is uri. */
int braid_office_ns_is(const xmlChar *ns, const char *uri);

/*
 * The text of an open package, appended to out (left as it was on error):
 * docx.c reads word/document.xml, odt.c content.xml. what words a missing
 * part ("not a Word document").
 */
int braid_docx_walk(zip_t *za, const char *what, struct strbuf *out, struct braid_err *err);
int braid_odt_walk(zip_t *za, const char *what, struct strbuf *out, struct braid_err *err);

/* ODF's mimetype of a text document. */
#define BRAID_ODT_MIMETYPE "application/vnd.oasis.opendocument.text"

/*
 * What the zip package in data holds, by its content: BRAID_FMT_DOCX (it
 * has word/document.xml), BRAID_FMT_ODT (its mimetype entry says an
 * OpenDocument text, or it has none and has content.xml), else
 * BRAID_FMT_UNKNOWN (no zip, or another kind: a spreadsheet, an epub, ...).
 */
enum braid_format braid_office_kind(const char *data, size_t len);

#endif
