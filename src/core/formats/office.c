/*
 * office.c - zip packages and their XML parts, streamed (see office.h), and
 * braid_office_text, the one call that turns the bytes of a docx or ODT
 * into text and refuses the binary formats braid cannot read.
 *
 * Why stream from the zip entry (xmlReaderForIO) rather than inflate the
 * part into a buffer and parse that (xmlReaderForMemory, as docx.c did): the
 * buffer was the whole expanded XML, up to 256 MiB, held next to the text
 * taken out of it. Peak resident memory of braid_docx_text alone
 * (/usr/bin/time -f %M, documents from bench/make_big_office.py):
 *
 *   document.xml                               buffered   streamed
 *   220 MiB, Word-like runs, 66 MB of text       302 MB      77 MB
 *   250 MiB, dense, 256 MB of text               514 MB     258 MB
 *
 * What is left is the text itself. `braid ingest` of the dense document
 * still peaks at 1.37 GB, before and after: the same text as a .txt file
 * peaks at 1.6 GB, so that is ingest's own copies of the text, not the XML.
 */
#include <stdio.h>
#include <string.h>

#include "braid/transcript.h"
#include "office.h"

/* libzip messages start with a capital letter; ours do not. */
static int zip_fail(struct braid_err *err, const char *what, const char *msg)
{
	char first = msg[0] >= 'A' && msg[0] <= 'Z' ? (char)(msg[0] - 'A' + 'a') : msg[0];

	return braid_errorf(err, BRAID_EPARSE, "%s: %c%s", what, first, msg[0] ? msg + 1 : "");
}

int braid_office_open(const char *data, size_t len, const char *what, zip_t **za,
		      struct braid_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	int rc = 0;

	zip_error_init(&ze);
	src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	if (!src) {
		rc = zip_fail(err, what, zip_error_strerror(&ze));
	} else if (!(*za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		rc = zip_fail(err, what, zip_error_strerror(&ze));
		zip_source_free(src);
	}
	zip_error_fini(&ze);
	return rc;
}

int braid_office_has(zip_t *za, const char *name)
{
	return zip_name_locate(za, name, 0) >= 0;
}

long braid_office_read_small(zip_t *za, const char *name, char *buf, size_t size)
{
	zip_file_t *zf = zip_fopen(za, name, 0);
	zip_int64_t got;

	if (!zf)
		return -1;
	got = zip_fread(zf, buf, size - 1);
	zip_fclose(zf);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return (long)got;
}

static int part_read(void *ctx, char *buf, int len)
{
	struct braid_office_part *p = ctx;
	zip_int64_t got;

	if (p->io_error || len <= 0)
		return p->io_error ? -1 : 0;
	got = zip_fread(p->zf, buf, (zip_uint64_t)len);
	if (got < 0) {
		p->io_error = 1;
		snprintf(p->io_msg, sizeof(p->io_msg), "%s", zip_file_strerror(p->zf));
		return -1;
	}
	p->read += (uint64_t)got;
	if (p->read > BRAID_OFFICE_XML_MAX) { /* the size in the zip directory lied */
		p->io_error = 2;
		return -1;
	}
	return (int)got;
}

#if LIBXML_VERSION >= 21200
static void xml_error(void *arg, const xmlError *e)
#else
static void xml_error(void *arg, xmlErrorPtr e)
#endif
{
	struct braid_office_part *p = arg;
	size_t n;

	if (p->xml_error || !e || e->level < XML_ERR_ERROR)
		return;
	p->xml_error = 1;
	p->line = e->line;
	p->col = e->int2;
	snprintf(p->xml_msg, sizeof(p->xml_msg), "%s", e->message ? e->message : "malformed XML");
	n = strlen(p->xml_msg);
	while (n && (p->xml_msg[n - 1] == '\n' || p->xml_msg[n - 1] == ' '))
		p->xml_msg[--n] = '\0';
}

int braid_office_part_open(zip_t *za, const char *name, const char *what,
			   struct braid_office_part *p, struct braid_err *err)
{
	zip_stat_t st;

	memset(p, 0, sizeof(*p));
	p->name = name;
	zip_stat_init(&st);
	if (zip_stat(za, name, 0, &st) < 0)
		return braid_errorf(err, BRAID_EPARSE, "%s: no %s", what, name);
	if ((st.valid & ZIP_STAT_SIZE) && st.size > BRAID_OFFICE_XML_MAX)
		return braid_errorf(err, BRAID_EPARSE,
				    "%s is too large: %llu bytes uncompressed, at most %llu", name,
				    (unsigned long long)st.size,
				    (unsigned long long)BRAID_OFFICE_XML_MAX);
	p->zf = zip_fopen(za, name, 0);
	if (!p->zf) {
		struct strbuf what_read = STRBUF_INIT;
		int rc;

		strbuf_addf(&what_read, "cannot read %s", name);
		rc = zip_fail(err, what_read.buf, zip_strerror(za));
		strbuf_release(&what_read);
		return rc;
	}
	p->reader = xmlReaderForIO(part_read, NULL, p, name, NULL,
				   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!p->reader) {
		zip_fclose(p->zf);
		p->zf = NULL;
		return braid_errorf(err, BRAID_EPARSE, "bad XML in %s: cannot start the parser", name);
	}
	xmlTextReaderSetStructuredErrorHandler(p->reader, xml_error, p);
	return 0;
}

int braid_office_xml_memory(const char *data, size_t len, const char *name,
			    struct braid_office_part *p, struct braid_err *err)
{
	memset(p, 0, sizeof(*p));
	p->name = name;
	if (len > BRAID_OFFICE_XML_MAX)
		return braid_errorf(err, BRAID_EPARSE, "%s is too large: %zu bytes, at most %llu",
				    name, len, (unsigned long long)BRAID_OFFICE_XML_MAX);
	p->reader = xmlReaderForMemory(len ? data : "", (int)len, name, NULL,
				       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!p->reader)
		return braid_errorf(err, BRAID_EPARSE, "bad XML in %s: cannot start the parser", name);
	xmlTextReaderSetStructuredErrorHandler(p->reader, xml_error, p);
	return 0;
}

int braid_office_part_close(struct braid_office_part *p, int ret, struct braid_err *err)
{
	int rc = 0;

	if (p->reader)
		xmlFreeTextReader(p->reader);
	if (p->zf)
		zip_fclose(p->zf);
	p->reader = NULL;
	p->zf = NULL;
	if (ret >= 0)
		return 0;
	/* a failed read of the zip makes libxml2 report an I/O error: ours says more */
	if (p->io_error == 2)
		rc = braid_errorf(err, BRAID_EPARSE, "%s is too large: more than %llu bytes uncompressed",
				  p->name, (unsigned long long)BRAID_OFFICE_XML_MAX);
	else if (p->io_error == 1)
		rc = braid_errorf(err, BRAID_EPARSE, "cannot read %s: %s", p->name, p->io_msg);
	else if (p->xml_error)
		rc = braid_errorf(err, BRAID_EPARSE, "bad XML in %s: line %d, column %d: %s", p->name,
				  p->line, p->col, p->xml_msg);
	else
		rc = braid_errorf(err, BRAID_EPARSE, "bad XML in %s", p->name);
	return rc;
}

void braid_office_flush(struct strbuf *out, size_t out0, struct strbuf *para)
{
	size_t i;

	for (i = 0; i < para->len; i++) {
		char ch = para->buf[i];

		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
			break;
	}
	if (i < para->len) {
		if (out->len > out0)
			strbuf_add(out, "\n\n", 2);
		strbuf_addbuf(out, para);
	}
	strbuf_reset(para);
}

int braid_office_ns_is(const xmlChar *ns, const char *uri)
{
	return ns && !strcmp((const char *)ns, uri);
}

/* ---- which package, and the one call ingest makes ---- */

/* The trimmed content of ODF's "mimetype" entry; -1 if there is none. */
static long read_mimetype(zip_t *za, char *mime, size_t size)
{
	long n = braid_office_read_small(za, "mimetype", mime, size);

	while (n > 0 && (mime[n - 1] == '\n' || mime[n - 1] == '\r' || mime[n - 1] == ' '))
		mime[--n] = '\0';
	return n;
}

static int is_odt_mimetype(const char *mime)
{
	return !strcmp(mime, BRAID_ODT_MIMETYPE) || !strcmp(mime, BRAID_ODT_MIMETYPE "-template");
}

/*
 * BRAID_FMT_DOCX when the package has word/document.xml, BRAID_FMT_ODT when
 * its mimetype is a text document's (or it has none and has content.xml),
 * else BRAID_FMT_UNKNOWN. mime gets the mimetype ("" if none).
 */
static enum braid_format sniff(zip_t *za, char *mime, size_t size)
{
	long n = read_mimetype(za, mime, size);

	if (n < 0)
		mime[0] = '\0';
	if (braid_office_has(za, "word/document.xml"))
		return BRAID_FMT_DOCX;
	if (n >= 0 ? is_odt_mimetype(mime) : braid_office_has(za, "content.xml"))
		return BRAID_FMT_ODT;
	return BRAID_FMT_UNKNOWN;
}

enum braid_format braid_office_kind(const char *data, size_t len)
{
	struct braid_err err = BRAID_ERR_INIT;
	enum braid_format f;
	char mime[128];
	zip_t *za;

	if (braid_office_open(data, len, "", &za, &err))
		return BRAID_FMT_UNKNOWN;
	f = sniff(za, mime, sizeof(mime));
	zip_discard(za);
	return f;
}

int braid_format_binary(enum braid_format f)
{
	return f == BRAID_FMT_DOCX || f == BRAID_FMT_ODT || f == BRAID_FMT_PDF || f == BRAID_FMT_DOC;
}

/*
 * The package decides, not the format asked for: a docx named .odt, or an
 * ODT ingested with --format docx, is read for what it is. What is neither
 * is refused with one message that names what was found.
 */
int braid_office_text(enum braid_format f, const char *data, size_t len, struct strbuf *out,
		      struct braid_err *err)
{
	static const char what[] = "not a Word or OpenDocument text file";
	char mime[128];
	zip_t *za;
	int rc;

	if (f == BRAID_FMT_PDF)
		return braid_errorf(err, BRAID_EPARSE,
				    "PDF is not supported: export the transcript as text or docx");
	if (f == BRAID_FMT_DOC)
		return braid_errorf(err, BRAID_EPARSE,
				    "Word 97-2003 (.doc) and other old Office files are not supported: "
				    "save the transcript as docx, odt or text");
	if ((rc = braid_office_open(data, len, what, &za, err)))
		return rc;
	switch (sniff(za, mime, sizeof(mime))) {
	case BRAID_FMT_DOCX: rc = braid_docx_walk(za, what, out, err); break;
	case BRAID_FMT_ODT: rc = braid_odt_walk(za, what, out, err); break;
	default:
		if (mime[0])
			rc = braid_errorf(err, BRAID_EPARSE, "%s: mimetype '%s'", what, mime);
		else
			rc = braid_errorf(err, BRAID_EPARSE, "%s: no word/document.xml or content.xml",
					  what);
		break;
	}
	zip_discard(za);
	return rc;
}

/* ODT without the office layer's dispatch: its own message for anything else. */
int braid_odt_text(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	static const char what[] = "not an OpenDocument text file";
	char mime[128];
	zip_t *za;
	long n;
	int rc;

	if ((rc = braid_office_open(data, len, what, &za, err)))
		return rc;
	n = read_mimetype(za, mime, sizeof(mime));
	/* no mimetype at all is tolerated (content.xml decides), another one is not */
	if (n >= 0 && !is_odt_mimetype(mime))
		rc = braid_errorf(err, BRAID_EPARSE, "%s: mimetype '%s'", what, mime);
	else
		rc = braid_odt_walk(za, what, out, err);
	zip_discard(za);
	return rc;
}
