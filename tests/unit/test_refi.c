/*
 * test_refi.c - REFI-QDA exchange: the parser's model and its messages
 * (file, line, element), the name-based selection GUIDs against Python's
 * uuid.uuid5 (an independent implementation), and the real qc sample from
 * ../shared imported and exported again, the export validated against the
 * REFI-QDA schema with libxml2 (skipped with a message when ../shared is
 * absent).
 */
#include "testutil.h"

#include <libxml/xmlschemas.h>
#include <unistd.h>
#include <zip.h>

#include "braid/refi.h"
#include "teststore.h"

#define REFI_SHARED(rel) "../shared/refi-qda/" rel

#define U1 "11111111-1111-4111-8111-111111111111"
#define C1 "22222222-2222-4222-8222-222222222222"
#define S1 "44444444-4444-4444-8444-444444444444"

static const char project[] =
	"<?xml version=\"1.0\"?>\n"
	"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\" creatingUserGUID=\"{" U1 "}\">\n"
	"<Users><User guid=\"" U1 "\" name=\"ana\"/></Users>\n"
	"<CodeBook><Codes><Code guid=\"" C1 "\" name=\"Trust\" isCodable=\"true\">\n"
	"<Description>Reliance.</Description>\n"
	"<Code guid=\"33333333-3333-4333-8333-333333333333\" name=\"Kin\" isCodable=\"false\"/>\n"
	"</Code></Codes></CodeBook>\n"
	"<Sources><TextSource guid=\"" S1 "\" name=\"doc\">\n"
	"<PlainTextContent>abc &amp; def</PlainTextContent>\n"
	"<PlainTextSelection guid=\"55555555-5555-4555-8555-555555555555\" startPosition=\"4\""
	" endPosition=\"5\">\n"
	"<Coding guid=\"66666666-6666-4666-8666-666666666666\" creatingUser=\"" U1 "\">"
	"<CodeRef targetGUID=\"" C1 "\"/></Coding>\n"
	"</PlainTextSelection></TextSource>\n"
	"<AudioSource guid=\"77777777-7777-4777-8777-777777777777\"/>\n"
	"</Sources>\n"
	"<Links><Link guid=\"88888888-8888-4888-8888-888888888888\"/></Links>\n"
	"</Project>\n";

static void test_parse(void **state)
{
	struct braid_refi_project p;
	struct braid_err err = BRAID_ERR_INIT;

	(void)state;
	if (braid_refi_parse(project, sizeof(project) - 1, "project.qde", &p, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(p.name, "p");
	assert_string_equal(p.creator, U1); /* braces dropped */
	assert_int_equal(p.n_users, 1);
	assert_int_equal(p.n_codes, 2);
	assert_int_equal(p.codes[1].parent, 1);
	assert_int_equal(p.codes[1].codable, 0);
	assert_string_equal(p.codes[0].description, "Reliance.");
	assert_int_equal(p.n_sources, 1);
	assert_string_equal(p.sources[0].content, "abc & def");
	assert_int_equal(p.n_selections, 1);
	assert_int_equal(p.selections[0].start, 4);
	assert_int_equal(p.selections[0].end, 5);
	assert_int_equal(p.selections[0].line, 10);
	assert_int_equal(p.n_codings, 1);
	assert_string_equal(p.codings[0].code, C1);
	/* the unmodelled, by kind: an AudioSource, a Link, a code not codable */
	assert_int_equal(p.n_unmodelled, 3);
	assert_string_equal(p.unmodelled[0].kind, "Code isCodable=\"false\" (imported as a code)");
	assert_string_equal(p.unmodelled[1].kind, "AudioSource");
	assert_string_equal(p.unmodelled[2].kind, "Link");
	braid_refi_project_release(&p);
}

/* project with `from` replaced by `to` fails with exactly msg */
static void parse_fails(const char *from, const char *to, const char *msg)
{
	struct braid_refi_project p;
	struct braid_err err = BRAID_ERR_INIT;
	struct strbuf x = STRBUF_INIT;
	const char *at = strstr(project, from);

	assert_non_null(at);
	strbuf_add(&x, project, (size_t)(at - project));
	strbuf_addstr(&x, to);
	strbuf_addstr(&x, at + strlen(from));
	assert_int_equal(braid_refi_parse(x.buf, x.len, "project.qde", &p, &err), BRAID_EPARSE);
	assert_string_equal(err.msg, msg);
	braid_refi_project_release(&p);
	strbuf_release(&x);
}

static void test_bad(void **state)
{
	(void)state;
	parse_fails("<CodeRef targetGUID=\"" C1, "<CodeRef targetGUID=\"" S1,
		    "project.qde: line 11: CodeRef refers to '" S1 "', which is not a Code in the "
		    "file");
	parse_fails("startPosition=\"4\"", "startPosition=\"9\"",
		    "project.qde: line 10: PlainTextSelection '55555555-5555-4555-8555-555555555555' "
		    "ends (5) before it starts (9)");
	parse_fails("startPosition=\"4\"", "startPosition=\"-1\"",
		    "project.qde: line 10: PlainTextSelection startPosition '-1' is not a position "
		    "(a whole number, 0 or more)");
	parse_fails("<User guid=\"" U1 "\"", "<User guid=\"" C1 "\"",
		    "project.qde: line 4: the GUID '" C1 "' is given twice (first at line 3)");
	parse_fails("name=\"Trust\" ", "",
		    "project.qde: line 4: Code has no name (it is required)");
	parse_fails("guid=\"" S1 "\"", "guid=\"nope\"",
		    "project.qde: line 8: TextSource guid 'nope' is not a GUID");
	parse_fails("<Project ", "<!DOCTYPE Project [<!ENTITY e \"x\">]><Project ",
		    "project.qde: a DOCTYPE (before the root element) is not allowed in a REFI-QDA "
		    "file: entities are not read");
	parse_fails("<Project ", "<Projekt ",
		    "project.qde: line 2: the root element is Projekt, expected Project or CodeBook");
	parse_fails("</Links>", "</Linkz>",
		    "bad XML in project.qde: line 15, column 67: Opening and ending tag mismatch: "
		    "Links line 15 and Linkz");
}

static void test_uuid5(void **state)
{
	char out[37];

	(void)state;
	/* python3: uuid.uuid5(uuid.UUID('6b1d3e52-9c0f-4a7e-b241-5d8a0c93e627'), 'selection:abc') */
	braid_refi_uuid5("selection:abc", out);
	assert_string_equal(out, "82389b3d-fcf0-529c-a965-f63ce2db82ff");
}

/* project.qde of a .qdpx, validated against the REFI-QDA project schema */
static void validate(const char *qdpx)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(REFI_SHARED("Project-mrt2019.xsd"));
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	struct strbuf xml = STRBUF_INIT;
	char buf[8192];
	zip_int64_t got;
	zip_t *za = zip_open(qdpx, ZIP_RDONLY, NULL);
	zip_file_t *zf;
	xmlDocPtr doc;

	assert_non_null(schema);
	assert_non_null(za);
	zf = zip_fopen(za, "project.qde", 0);
	assert_non_null(zf);
	while ((got = zip_fread(zf, buf, sizeof(buf))) > 0)
		strbuf_add(&xml, buf, (size_t)got);
	zip_fclose(zf);
	zip_discard(za);
	doc = xmlReadMemory(xml.buf, (int)xml.len, "project.qde", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	strbuf_release(&xml);
}

static void test_sample(void **state)
{
	struct braid_store *st;
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_refi_report r;
	struct braid_refi_export_report x;
	char path[64], out[64];

	(void)state;
	if (access(REFI_SHARED("samples/qc_demo.qdpx"), R_OK)) {
		print_message("skipped: no ../shared/refi-qda (REFI-QDA schemas and samples)\n");
		skip();
	}
	snprintf(path, sizeof(path), "/tmp/braid-refi-%d.braid", (int)getpid());
	snprintf(out, sizeof(out), "/tmp/braid-refi-%d.qdpx", (int)getpid());
	test_remove_project(path);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	test_begin(st, "tester", "import refi", &err);
	if (braid_refi_import(st, REFI_SHARED("samples/qc_demo.qdpx"), 0, "tester", &r, &err))
		fail_msg("%s", err.msg);
	test_commit(st, &err);
	assert_int_equal(r.codes, 262);
	assert_int_equal(r.sources, 2);
	assert_int_equal(r.codings, 205);
	assert_int_equal(r.selections, 158);
	assert_int_equal(r.nunmodelled, 0);
	braid_refi_report_release(&r);
	/* codings that shared a selection still share it */
	assert_int_equal(test_sql_int(st, "SELECT count(DISTINCT selection_guid) FROM codings"), 158);
	if (braid_refi_export(st, out, &x, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(x.codings, 205);
	assert_int_equal(x.selections, 158);
	validate(out);
	braid_store_close(st);
	test_remove_project(path);
	unlink(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_uuid5),
		cmocka_unit_test(test_sample),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
