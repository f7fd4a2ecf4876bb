/*
 * test_odt.c - text from OpenDocument text files, format detection of office files, and the
 * one call ingest makes for them (braid_office_text). The fixtures in tests/fixtures/
 * (NAME.odt) are written by tests/fixtures/make_odt.py; the expected texts below follow from
 * the XML written there (unzip -p tests/fixtures/NAME.odt content.xml shows it) and from
 * ODF 1.3 part 3, 6.1.2 (white space).
 */
#include "testutil.h"

#include "braid/text.h"
#include "braid/transcript.h"

#define FIXTURE(name) "tests/fixtures/" name

typedef int (*extract_fn)(const char *, size_t, struct strbuf *, struct braid_err *);

static int office_odt(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	return braid_office_text(BRAID_FMT_ODT, data, len, out, err);
}

static void odt_ok(const char *path, const char *want)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	int rc;

	test_read_file(&raw, path);
	rc = braid_odt_text(raw.buf, raw.len, &out, &err);
	if (rc)
		fail_msg("'%s' failed (%d): %s", path, rc, err.msg);
	assert_string_equal(out.buf, want);
	/* ingest's call gives the same */
	strbuf_reset(&out);
	assert_int_equal(braid_office_text(BRAID_FMT_ODT, raw.buf, raw.len, &out, &err), 0);
	assert_string_equal(out.buf, want);
	strbuf_release(&raw);
	strbuf_release(&out);
}

/* Fails with BRAID_EPARSE and exactly msg (or a message starting with it when prefix); out keeps what it had. */
static void fails_with(extract_fn fn, const char *path, const char *msg, int prefix)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	test_read_file(&raw, path);
	strbuf_addstr(&out, "kept");
	assert_int_equal(fn(raw.buf, raw.len, &out, &err), BRAID_EPARSE);
	assert_int_equal(err.code, BRAID_EPARSE);
	if (prefix ? strncmp(err.msg, msg, strlen(msg)) : strcmp(err.msg, msg))
		fail_msg("'%s': message '%s', expected %s'%s'", path, err.msg, prefix ? "a start " : "", msg);
	assert_string_equal(out.buf, "kept");
	strbuf_release(&raw);
	strbuf_release(&out);
}

static void test_transcript(void **state)
{
	(void)state;
	/* a heading (text:h) is a paragraph; labels in spans join the text; the empty text:p
	 * between turns produces nothing; "&amp;" is "&" */
	odt_ok(FIXTURE("transcript.odt"), "Interview 3\n\n"
					  "Interviewer: How did the move go?\n\n"
					  "Participant: Fine, mostly. We found a flat in Malm\xC3\xB6.\n\n"
					  "Interviewer: And the children?\n\n"
					  "Participant: They love the new school & their teacher.");
}

static void test_table(void **state)
{
	(void)state;
	/* one paragraph per cell paragraph, row by row (header rows first); empty, spanned
	 * and covered cells add nothing */
	odt_ok(FIXTURE("table.odt"), "Before the table\n\nCode\n\nCount\n\nhousing\n\nsecond paragraph\n\n12\n\n7\n\n"
				     "After the table");
}

static void test_tracked_changes(void **state)
{
	(void)state;
	/* the deletion ("March") lives in text:tracked-changes and is skipped; the insertion is
	 * in the body and kept: the text as it reads with all changes accepted */
	odt_ok(FIXTURE("tracked.odt"), "We moved in April.");
}

static void test_features(void **state)
{
	(void)state;
	/*
	 * Paragraph by paragraph (see make_odt.py):
	 * - text:tab, text:line-break, text:s c=3 (three spaces), text:s (one);
	 * - line ends, tabs and runs of spaces collapse to one space, none at either end;
	 * - a link and a page-number field are kept; the footnote (citation and body) and the
	 *   comment (office:annotation) are skipped;
	 * - list items are paragraphs; the cached label text:number ("1.") is skipped;
	 * - a frame's text box inside a paragraph splits it (before, the box, after); the
	 *   frame's svg:title and svg:desc are skipped;
	 * - a soft page break is nothing; paragraphs of spaces, of a text:s, of a tab produce
	 *   nothing;
	 * - ruby keeps base and reading; CDATA is text (its white space collapses too);
	 * - text:s c=100000 gives 16 spaces (ODT_SPACES_MAX).
	 */
	odt_ok(FIXTURE("features.odt"), "a\tb\nc   d e\n\n"
					"collapsed white space here\n\n"
					"a link 3 end\n\n"
					"first item\n\nsecond item\n\n"
					"Outside\n\nBoxed\n\nafter\n\n"
					"Next page\n\n"
					"\xE6\xBC\xA2kan & raw <cdata>\n\n"
					"many                spaces\n\n"
					"Last");
}

static void test_no_mimetype(void **state)
{
	(void)state;
	/* ODF wants a mimetype entry; a package without one is read by its content.xml */
	odt_ok(FIXTURE("nomime.odt"), "No mimetype here.");
}

static void test_entities(void **state)
{
	struct strbuf host = STRBUF_INIT, raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	/* &ext; is declared SYSTEM "file:///etc/hostname": it must stay unexpanded (the two
	 * spaces around it collapse) */
	test_read_file(&raw, FIXTURE("xxe.odt"));
	assert_int_equal(braid_odt_text(raw.buf, raw.len, &out, &err), 0);
	assert_string_equal(out.buf, "before after");
	if (strbuf_read_file(&host, "/etc/hostname") == 0) {
		strbuf_rtrim(&host);
		if (host.len)
			assert_null(strstr(out.buf, host.buf));
	}
	/* "billion laughs", ten levels of ten: refused by libxml2, never expanded */
	fails_with(braid_odt_text, FIXTURE("lol.odt"), "bad XML in content.xml: line ", 1);
	strbuf_release(&host);
	strbuf_release(&raw);
	strbuf_release(&out);
}

static void test_appends(void **state)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	test_read_file(&raw, FIXTURE("tracked.odt"));
	strbuf_addstr(&out, "before|");
	assert_int_equal(braid_odt_text(raw.buf, raw.len, &out, &err), 0);
	assert_string_equal(out.buf, "before|We moved in April.");
	strbuf_release(&raw);
	strbuf_release(&out);
}

static void test_errors(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	/* <text:span>open</text:p>: libxml2's message with the line and column of the end tag */
	fails_with(braid_odt_text, FIXTURE("badxml.odt"),
		   "bad XML in content.xml: line 2, column 208: Opening and ending tag mismatch: span line 2 and p", 0);
	/* unzip -l tests/fixtures/bomb.odt -> content.xml 269484032 bytes (257 MiB) */
	fails_with(braid_odt_text, FIXTURE("bomb.odt"),
		   "content.xml is too large: 269484032 bytes uncompressed, at most 268435456", 0);
	fails_with(braid_odt_text, FIXTURE("nocontent.odt"), "not an OpenDocument text file: no content.xml", 0);
	fails_with(braid_odt_text, FIXTURE("spreadsheet.ods"),
		   "not an OpenDocument text file: mimetype 'application/vnd.oasis.opendocument.spreadsheet'", 0);
	fails_with(braid_odt_text, FIXTURE("corrupt.docx"), "not an OpenDocument text file: ", 1);
	assert_int_equal(braid_odt_text("", 0, &out, &err), BRAID_EPARSE);
	assert_int_equal(out.len, 0);
	strbuf_release(&out);
}

static enum braid_format detect_file(const char *path, const char *name)
{
	struct strbuf raw = STRBUF_INIT;
	enum braid_format f;

	test_read_file(&raw, path);
	f = braid_format_detect(name, raw.buf, raw.len);
	strbuf_release(&raw);
	return f;
}

static void test_detect(void **state)
{
	static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";

	(void)state;
	/* the package's content decides, whatever the name */
	assert_int_equal(detect_file(FIXTURE("transcript.odt"), "interview.odt"), BRAID_FMT_ODT);
	assert_int_equal(detect_file(FIXTURE("transcript.odt"), "interview.docx"), BRAID_FMT_ODT);
	assert_int_equal(detect_file(FIXTURE("transcript.odt"), NULL), BRAID_FMT_ODT);
	assert_int_equal(detect_file(FIXTURE("nomime.odt"), "x.txt"), BRAID_FMT_ODT);
	assert_int_equal(detect_file(FIXTURE("transcript.docx"), "interview.odt"), BRAID_FMT_DOCX);
	/* another zip: its name, to be refused by braid_office_text */
	assert_int_equal(detect_file(FIXTURE("spreadsheet.ods"), "sheet.ods"), BRAID_FMT_DOCX);
	assert_int_equal(detect_file(FIXTURE("nodoc.docx"), "x.odt"), BRAID_FMT_ODT);
	/* PDF and old Office files by their magic, a PDF also by its name */
	assert_int_equal(braid_format_detect("x.txt", pdf, sizeof(pdf) - 1), BRAID_FMT_PDF);
	assert_int_equal(braid_format_detect("x.pdf", "garbage", 7), BRAID_FMT_PDF);
	assert_int_equal(braid_format_detect("x.doc", ole, sizeof(ole) - 1), BRAID_FMT_DOC);
	assert_int_equal(braid_format_detect("notes.txt", "%PDF is a format", 16), BRAID_FMT_TEXT);
	/* names */
	assert_string_equal(braid_format_name(BRAID_FMT_ODT), "odt");
	assert_string_equal(braid_format_name(BRAID_FMT_PDF), "pdf");
	assert_int_equal(braid_format_parse("odt"), BRAID_FMT_ODT);
	assert_int_equal(braid_format_parse("ODT"), BRAID_FMT_ODT);
	assert_int_equal(braid_format_parse("pdf"), -1);
	assert_true(braid_format_binary(BRAID_FMT_ODT) && braid_format_binary(BRAID_FMT_PDF) &&
		    braid_format_binary(BRAID_FMT_DOCX) && braid_format_binary(BRAID_FMT_DOC));
	assert_false(braid_format_binary(BRAID_FMT_TEXT) || braid_format_binary(BRAID_FMT_SRT));
}

static int office_docx(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	return braid_office_text(BRAID_FMT_DOCX, data, len, out, err);
}

static int office_pdf(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	return braid_office_text(BRAID_FMT_PDF, data, len, out, err);
}

static int office_doc(const char *data, size_t len, struct strbuf *out, struct braid_err *err)
{
	return braid_office_text(BRAID_FMT_DOC, data, len, out, err);
}

static void test_office_text(void **state)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT, want = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	/* an ODT asked for as docx, a docx asked for as ODT: read for what they are */
	test_read_file(&raw, FIXTURE("transcript.odt"));
	assert_int_equal(office_docx(raw.buf, raw.len, &out, &err), 0);
	assert_true(!strncmp(out.buf, "Interview 3\n\nInterviewer: How did the move go?", 46));
	strbuf_reset(&raw);
	strbuf_reset(&out);
	test_read_file(&raw, FIXTURE("transcript.docx"));
	assert_int_equal(braid_docx_text(raw.buf, raw.len, &want, &err), 0);
	assert_int_equal(office_odt(raw.buf, raw.len, &out, &err), 0);
	assert_string_equal(out.buf, want.buf);

	/* never "not a Word document" for an OpenDocument file or another zip */
	fails_with(office_docx, FIXTURE("spreadsheet.ods"),
		   "not a Word or OpenDocument text file: mimetype 'application/vnd.oasis.opendocument.spreadsheet'", 0);
	fails_with(office_odt, FIXTURE("nodoc.docx"), "not a Word or OpenDocument text file: no word/document.xml or content.xml", 0);
	fails_with(office_docx, FIXTURE("nocontent.odt"), "not a Word or OpenDocument text file: no content.xml", 0);
	fails_with(office_docx, FIXTURE("corrupt.docx"), "not a Word or OpenDocument text file: ", 1);
	fails_with(office_odt, FIXTURE("bomb.odt"), "content.xml is too large: 269484032 bytes uncompressed, at most 268435456", 0);
	fails_with(office_docx, FIXTURE("badxml.docx"), "bad XML in word/document.xml: line 2, column ", 1);
	/* PDF and old Office files: a clear refusal, not an encoding hint */
	fails_with(office_pdf, FIXTURE("transcript.odt"), "PDF is not supported: export the transcript as text or docx", 0);
	fails_with(office_doc, FIXTURE("transcript.odt"),
		   "Word 97-2003 (.doc) and other old Office files are not supported: save the transcript as docx, odt or text", 0);
	strbuf_release(&raw);
	strbuf_release(&out);
	strbuf_release(&want);
}

static void test_parsed(void **state)
{
	struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT, nfc = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_transcript t;

	(void)state;
	/* the text of an ODT parses as a plain-text transcript, as a docx's does */
	test_read_file(&raw, FIXTURE("transcript.odt"));
	assert_int_equal(braid_odt_text(raw.buf, raw.len, &text, &err), 0);
	assert_int_equal(braid_text_decode(text.buf, text.len, BRAID_ENC_UTF8, &nfc, &err), 0);
	braid_transcript_init(&t);
	assert_int_equal(braid_parse_plain(nfc.buf, nfc.len, NULL, &t, &err), 0);
	assert_int_equal(t.nr, 5);
	assert_null(t.turns[0].speaker);
	assert_string_equal(t.turns[0].text.buf, "Interview 3");
	assert_string_equal(t.turns[2].speaker, "Participant");
	assert_string_equal(t.turns[2].text.buf, "Fine, mostly. We found a flat in Malm\xC3\xB6.");
	braid_transcript_release(&t);
	strbuf_release(&raw);
	strbuf_release(&text);
	strbuf_release(&nfc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcript),  cmocka_unit_test(test_table),
		cmocka_unit_test(test_tracked_changes), cmocka_unit_test(test_features),
		cmocka_unit_test(test_no_mimetype), cmocka_unit_test(test_entities),
		cmocka_unit_test(test_appends),	    cmocka_unit_test(test_errors),
		cmocka_unit_test(test_detect),	    cmocka_unit_test(test_office_text),
		cmocka_unit_test(test_parsed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
