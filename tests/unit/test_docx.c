/*
 * test_docx.c - text from Word documents. The fixtures in tests/fixtures/ (NAME.docx) are written by
 * tests/fixtures/make_docx.py; the expected texts below follow from the XML written there
 * (unzip -p tests/fixtures/NAME.docx word/document.xml shows it).
 */
#include "testutil.h"

#include "braid/transcript.h"

#define FIXTURE(name) "tests/fixtures/" name

static void docx_ok(const char *path, const char *want)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	int rc;

	test_read_file(&raw, path);
	rc = braid_docx_text(raw.buf, raw.len, &out, &err);
	if (rc)
		fail_msg("'%s' failed (%d): %s", path, rc, err.msg);
	assert_string_equal(out.buf, want);
	strbuf_release(&raw);
	strbuf_release(&out);
}

/* Fails with BRAID_EPARSE and a message starting with prefix; out keeps what it had. */
static void docx_fails(const char *data, size_t len, const char *prefix, char *msg, size_t msgsz)
{
	struct strbuf out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	strbuf_addstr(&out, "kept");
	assert_int_equal(braid_docx_text(data, len, &out, &err), BRAID_EPARSE);
	assert_int_equal(err.code, BRAID_EPARSE);
	if (strncmp(err.msg, prefix, strlen(prefix)))
		fail_msg("message '%s' does not start with '%s'", err.msg, prefix);
	assert_string_equal(out.buf, "kept");
	if (msg)
		snprintf(msg, msgsz, "%s", err.msg);
	strbuf_release(&out);
}

static void docx_file_fails(const char *path, const char *prefix, char *msg, size_t msgsz)
{
	struct strbuf raw = STRBUF_INIT;

	test_read_file(&raw, path);
	docx_fails(raw.buf, raw.len, prefix, msg, msgsz);
	strbuf_release(&raw);
}

static void test_transcript(void **state)
{
	(void)state;
	/* an empty <w:p/> between turns produces nothing; labels split over runs join up;
	 * the w:tab inside w:pPr/w:tabs is a tab stop, not text */
	docx_ok(FIXTURE("transcript.docx"), "Interview 3\n\n"
					    "Interviewer: How did the move go?\n\n"
					    "Participant: Fine, mostly. We found a flat in Malm\xC3\xB6.\n\n"
					    "Interviewer: And the children?\n\n"
					    "Participant: They love the new school & their teacher.");
}

static void test_table(void **state)
{
	(void)state;
	/* one paragraph per cell paragraph, row by row; an empty cell adds nothing */
	docx_ok(FIXTURE("table.docx"), "Before the table\n\nCode\n\nCount\n\nhousing\n\nsecond paragraph\n\n12\n\n7\n\n"
				       "After the table");
}

static void test_tracked_changes(void **state)
{
	(void)state;
	/* w:del (and w:moveFrom) text is gone, w:ins and w:moveTo kept; a paragraph of nothing but
	 * deleted text produces nothing */
	docx_ok(FIXTURE("tracked.docx"), "We moved in April.\n\nKept. Moved text.");
}

static void test_features(void **state)
{
	(void)state;
	/* w:tab, w:br, w:cr; w:noBreakHyphen as '-'; w:sym skipped; content control, hyperlink and
	 * field result kept, field instruction (" PAGE ") skipped; a text box splits its paragraph
	 * and its mc:Fallback copy is skipped; paragraphs of spaces or a tab produce nothing */
	docx_ok(FIXTURE("features.docx"), "a\tb\nc\nd\n\n"
					  "e-mail ok\n\n"
					  "In a content control\n\n"
					  "a link 3\n\n"
					  "Outside \n\nBoxed\n\nafter\n\n"
					  "Last");
}

static void test_no_external_entities(void **state)
{
	struct strbuf host = STRBUF_INIT, raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	/* &ext; is declared SYSTEM "file:///etc/hostname": it must stay unexpanded */
	test_read_file(&raw, FIXTURE("xxe.docx"));
	assert_int_equal(braid_docx_text(raw.buf, raw.len, &out, &err), 0);
	assert_string_equal(out.buf, "before  after");
	if (strbuf_read_file(&host, "/etc/hostname") == 0) {
		strbuf_rtrim(&host);
		if (host.len)
			assert_null(strstr(out.buf, host.buf));
	}
	/* "billion laughs" (tests/fixtures/make_odt.py writes lol.docx): refused, never expanded */
	docx_file_fails(FIXTURE("lol.docx"), "bad XML in word/document.xml: line ", NULL, 0);
	strbuf_release(&host);
	strbuf_release(&raw);
	strbuf_release(&out);
}

static void test_appends(void **state)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	test_read_file(&raw, FIXTURE("tracked.docx"));
	strbuf_addstr(&out, "before|");
	assert_int_equal(braid_docx_text(raw.buf, raw.len, &out, &err), 0);
	assert_string_equal(out.buf, "before|We moved in April.\n\nKept. Moved text.");
	strbuf_release(&raw);
	strbuf_release(&out);
}

static void test_not_a_document(void **state)
{
	char msg[1024];

	(void)state;
	docx_file_fails(FIXTURE("nodoc.docx"), "not a Word document: no word/document.xml", msg, sizeof(msg));
	assert_string_equal(msg, "not a Word document: no word/document.xml");
	/* the first 300 bytes of transcript.docx */
	docx_file_fails(FIXTURE("corrupt.docx"), "not a Word document: ", NULL, 0);
	docx_fails("", 0, "not a Word document: ", NULL, 0);
	docx_fails("plain text, no zip at all", 25, "not a Word document: ", NULL, 0);
}

static void test_bad_xml(void **state)
{
	char msg[1024];

	(void)state;
	/* <w:t>open</w:r>: libxml2 reports the mismatched end tag with its line and column */
	docx_file_fails(FIXTURE("badxml.docx"), "bad XML in word/document.xml: line 2, column ", msg, sizeof(msg));
	assert_non_null(strstr(msg, "mismatch"));
}

static void test_zip_bomb(void **state)
{
	char msg[1024];

	(void)state;
	/* unzip -l tests/fixtures/bomb.docx -> word/document.xml 269484032 bytes (257 MiB) */
	docx_file_fails(FIXTURE("bomb.docx"), "word/document.xml is too large: ", msg, sizeof(msg));
	assert_string_equal(msg, "word/document.xml is too large: 269484032 bytes uncompressed, at most 268435456");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transcript),	    cmocka_unit_test(test_table),
		cmocka_unit_test(test_tracked_changes),	    cmocka_unit_test(test_features),
		cmocka_unit_test(test_no_external_entities), cmocka_unit_test(test_appends),
		cmocka_unit_test(test_not_a_document),	    cmocka_unit_test(test_bad_xml),
		cmocka_unit_test(test_zip_bomb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
