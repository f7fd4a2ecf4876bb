/*
 * test_codebook.c - codebooks as files (src/core/codebook.c): loading and
 * every validation rule (each with its exact line and column), generated
 * ids, inheritance, and the YAML, Markdown and LaTeX writers.
 */
#include "testutil.h"

#include <fcntl.h>
#include <unistd.h>

#include "braid/codebook.h"
#include "braid/err.h"
#include "braid/strbuf.h"

/* ---- helpers -------------------------------------------------------- */

#define FILE_NAME "cb.yaml"

static void parse_ok(const char *yaml, size_t len, struct braid_codebook *cb)
{
	struct braid_err err = BRAID_ERR_INIT;
	int ret = braid_codebook_parse(yaml, len, FILE_NAME, cb, &err);

	if (ret)
		fail_msg("parse failed (%d): %s", ret, err.msg);
}

#define PARSE_OK(lit, cb) parse_ok((lit), sizeof(lit) - 1, (cb))

/* Expects parsing to fail with code and exactly msg, leaving cb empty. */
static void parse_fails(const char *yaml, size_t len, int code, const char *msg)
{
	struct braid_codebook cb;
	struct braid_err err = BRAID_ERR_INIT;
	int ret = braid_codebook_parse(yaml, len, FILE_NAME, &cb, &err);

	assert_int_equal(ret, code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.msg, msg);
	assert_null(cb.name);
	assert_null(cb.codes);
	assert_int_equal(cb.ncodes, 0);
	braid_codebook_release(&cb);
}

#define FAILS(lit, msg) parse_fails((lit), sizeof(lit) - 1, BRAID_EPARSE, (msg))

/* A book with one code whose body is `body` (lines indented by four spaces). */
#define ONE(body) "name: Book\ncodes:\n  - name: A\n" body

static char *slug(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "kept:");
	braid_slugify(name, &sb);
	assert_memory_equal(sb.buf, "kept:", 5); /* appends */
	memmove(sb.buf, sb.buf + 5, sb.len - 5 + 1);
	return sb.buf;
}

#define SLUG_EQ(name, want)                                                                        \
	do {                                                                                       \
		char *got_ = slug(name);                                                           \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

/* parse(write_yaml(cb)) must equal cb, and writing that again gives the same text. */
static void check_roundtrip(const struct braid_codebook *cb)
{
	struct strbuf y1 = STRBUF_INIT, y2 = STRBUF_INIT;
	struct braid_codebook again;

	braid_codebook_write_yaml(cb, &y1);
	parse_ok(y1.buf, y1.len, &again);
	if (!braid_codebook_equal(cb, &again))
		fail_msg("round trip changed the codebook; YAML was:\n%s", y1.buf);
	braid_codebook_write_yaml(&again, &y2);
	assert_string_equal(y1.buf, y2.buf);
	braid_codebook_release(&again);
	strbuf_release(&y1);
	strbuf_release(&y2);
}

/* ---- loading -------------------------------------------------------- */

static void test_minimal(void **state)
{
	struct braid_codebook cb;

	PARSE_OK("name: Empty\ncodes: []\n", &cb);
	assert_string_equal(cb.name, "Empty");
	assert_null(cb.version);
	assert_null(cb.description);
	assert_int_equal(cb.ncodes, 0);
	check_roundtrip(&cb);
	braid_codebook_release(&cb);
	braid_codebook_release(&cb); /* release leaves it empty: twice is fine */
}

static const char full_yaml[] = "name: Integrative support            # required\n"
				"version: 1.2\n"
				"description: Codes for support\n"
				"codes:\n"
				"  - name: Legal aid\n"
				"    id: legal-aid\n"
				"    kind: inductive\n"
				"    domain: legal\n"
				"    definition: Help with law\n"
				"    include: when a lawyer helps\n"
				"    exclude: self-help\n"
				"    examples: [ \"first\", second ]\n"
				"    color: \"#1F77b4\"\n"
				"    patterns: [ \"legal (aid|advice)\", \"юрист\\\\w*\" ]\n"
				"    scope: paragraph\n"
				"    roles: interviewer\n"
				"    children:\n"
				"      - name: Court\n"
				"        examples: just one\n"
				"        color: \"#abc\"\n"
				"  - name: Other\n";

static void test_all_fields(void **state)
{
	struct braid_codebook cb;
	const struct braid_code *c, *k;

	PARSE_OK(full_yaml, &cb);
	assert_string_equal(cb.name, "Integrative support");
	assert_string_equal(cb.version, "1.2"); /* a plain number is read as a string */
	assert_string_equal(cb.description, "Codes for support");
	assert_int_equal(cb.ncodes, 2);
	c = &cb.codes[0];
	assert_string_equal(c->id, "legal-aid");
	assert_string_equal(c->name, "Legal aid");
	assert_int_equal(c->kind, BRAID_INDUCTIVE);
	assert_string_equal(c->domain, "legal");
	assert_string_equal(c->definition, "Help with law");
	assert_string_equal(c->include, "when a lawyer helps");
	assert_string_equal(c->exclude, "self-help");
	assert_int_equal(c->nexamples, 2);
	assert_string_equal(c->examples[0], "first");
	assert_string_equal(c->examples[1], "second");
	assert_string_equal(c->color, "#1F77b4");
	assert_int_equal(c->npatterns, 2);
	assert_string_equal(c->patterns[0], "legal (aid|advice)");
	assert_string_equal(c->patterns[1], "юрист\\w*");
	assert_int_equal(c->scope, BRAID_SCOPE_PARAGRAPH);
	assert_int_equal(c->roles, BRAID_ROLES_INTERVIEWER);
	assert_int_equal(c->line, 5);
	assert_int_equal(c->nchildren, 1);
	k = &c->children[0];
	assert_string_equal(k->id, "court");
	assert_int_equal(k->nexamples, 1); /* one string is a list of one */
	assert_string_equal(k->examples[0], "just one");
	assert_int_equal(k->kind, BRAID_DEDUCTIVE); /* not inherited */
	assert_int_equal(k->line, 18);
	c = &cb.codes[1];
	assert_string_equal(c->id, "other");
	assert_int_equal(c->kind, BRAID_DEDUCTIVE);
	assert_int_equal(c->scope, BRAID_SCOPE_SENTENCE);
	assert_int_equal(c->roles, BRAID_ROLES_PARTICIPANT);
	assert_null(c->domain);
	assert_null(c->definition);
	assert_null(c->color);
	assert_int_equal(c->nexamples, 0);
	assert_int_equal(c->npatterns, 0);
	assert_int_equal(c->nchildren, 0);
	assert_int_equal(c->line, 21);
	braid_codebook_release(&cb);
}

static void test_nulls_are_absent(void **state)
{
	struct braid_codebook cb;
	const struct braid_code *c;

	PARSE_OK("name: x\nversion:\ndescription: ~\ncodes:\n"
		 "  - name: A\n    id:\n    kind: null\n    definition: ''\n    examples:\n"
		 "    patterns: []\n    children:\n    color: NULL\n    scope: ~\n",
		 &cb);
	assert_null(cb.version);
	assert_null(cb.description);
	c = &cb.codes[0];
	assert_string_equal(c->id, "a");
	assert_int_equal(c->kind, BRAID_DEDUCTIVE);
	assert_null(c->definition); /* empty is absent too */
	assert_null(c->color);
	assert_int_equal(c->nexamples + c->npatterns + c->nchildren, 0);
	braid_codebook_release(&cb);

	/* quoted or !!str, "null" is a string */
	PARSE_OK("name: 'null'\ncodes: []\nversion: !!str ~\ndescription: ! null\n", &cb);
	assert_string_equal(cb.name, "null");
	assert_string_equal(cb.version, "~");
	assert_string_equal(cb.description, "null");
	braid_codebook_release(&cb);
}

static void test_nfc_and_trimming(void **state)
{
	struct braid_codebook cb;
	const struct braid_code *c;

	/* "Cafe" + U+0301 becomes "Café" with U+00E9; whitespace around values goes */
	PARSE_OK("name: \"  Cafe\xCC\x81 \\t\"\n"
		 "codes:\n"
		 "  - name: A\n"
		 "    definition: |\n"
		 "      line one\n"
		 "        indented\n"
		 "\n"
		 "    examples: [\" spaced \"]\n"
		 "    patterns: [\" aid \", \"e\xCC\x81\"]\n",
		 &cb);
	assert_string_equal(cb.name, "Caf\xC3\xA9");
	c = &cb.codes[0];
	assert_string_equal(c->definition, "line one\n  indented");
	assert_string_equal(c->examples[0], "spaced");
	assert_string_equal(c->patterns[0], " aid ");	 /* patterns keep their spaces */
	assert_string_equal(c->patterns[1], "\xC3\xA9"); /* but are NFC too */
	braid_codebook_release(&cb);
}

static void test_bom_crlf_and_no_file(void **state)
{
	struct braid_codebook cb;
	struct braid_err err = BRAID_ERR_INIT;
	static const char crlf[] = "name: x\r\ncodes:\r\n  - name: A\r\n    kind: other\r\n";
	int ret;

	/* a UTF-8 BOM is skipped and does not count as a column */
	PARSE_OK("\xEF\xBB\xBFname: x\ncodes: []\n", &cb);
	assert_string_equal(cb.name, "x");
	braid_codebook_release(&cb);
	FAILS("\xEF\xBB\xBF"
	      "name: x\nfoo: 1\n",
	      FILE_NAME ":2:1: unknown key 'foo' at the top level "
			"(expected name, version, description or codes)");
	FAILS("\xEF\xBB\xBF"
	      "foo: 1\n",
	      FILE_NAME ":1:1: unknown key 'foo' at the top level "
			"(expected name, version, description or codes)");
	/* CRLF counts as one line break */
	FAILS(crlf, FILE_NAME ":4:11: bad kind 'other' (expected deductive or inductive)");
	/* without a file name the message starts at the line */
	ret = braid_codebook_parse("codes: []", 9, NULL, &cb, &err);
	assert_int_equal(ret, BRAID_EPARSE);
	assert_string_equal(err.msg, "1:1: missing 'name' (a codebook needs 'name' and 'codes')");
	/* and a NULL err is fine, as is no text at all */
	assert_int_equal(braid_codebook_parse("x", 1, NULL, &cb, NULL), BRAID_EPARSE);
	assert_int_equal(braid_codebook_parse(NULL, 0, NULL, &cb, &err), BRAID_EPARSE);
	assert_string_equal(err.msg,
			    "1:1: empty codebook (expected a mapping with 'name' and 'codes')");
}

static void test_load(void **state)
{
	char path[] = "/tmp/braid-test-codebook-XXXXXX";
	struct braid_codebook cb;
	struct braid_err err = BRAID_ERR_INIT;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, full_yaml, sizeof(full_yaml) - 1),
			 (ssize_t)sizeof(full_yaml) - 1);
	close(fd);
	assert_int_equal(braid_codebook_load(path, &cb, &err), 0);
	assert_int_equal(cb.ncodes, 2);
	braid_codebook_release(&cb);
	unlink(path);

	assert_int_equal(braid_codebook_load(path, &cb, &err), BRAID_EIO);
	assert_non_null(strstr(err.msg, "cannot read '/tmp/braid-test-codebook-"));
	assert_non_null(strstr(err.msg, "': No such file or directory"));
	assert_null(cb.codes);

	/* messages carry the path */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "name: x\n", 8), 8);
	close(fd);
	assert_int_equal(braid_codebook_load(path, &cb, &err), BRAID_EPARSE);
	assert_non_null(strstr(err.msg, ":1:1: missing 'codes'"));
	assert_memory_equal(err.msg, path, strlen(path));
	unlink(path);
}

/* ---- ids, slugs, inheritance ---------------------------------------- */

static void test_slugify(void **state)
{
	SLUG_EQ("Legal aid", "legal-aid");
	SLUG_EQ("  --Hello,   World!! ", "hello-world");
	SLUG_EQ("Top 10 (of 2024)", "top-10-of-2024");
	SLUG_EQ("snake_case/and.dots", "snake-case-and-dots");
	SLUG_EQ("Юридическая помощь", "юридическая-помощь");
	SLUG_EQ("Straße", "strasse");			     /* full case folding */
	SLUG_EQ("CAFE\xCC\x81", "caf\xC3\xA9");		     /* folded and NFC */
	SLUG_EQ("O\xCA\xBBzbek tili", "o\xCA\xBBzbek-tili"); /* U+02BB is a letter (Lm) */
	SLUG_EQ("bo'lim", "bo-lim");			     /* ASCII apostrophe is not */
	SLUG_EQ("O\xE2\x80\x98zbek", "o-zbek");		     /* nor is U+2018 */
	SLUG_EQ("हिंदी भाषा", "हिंदी-भाषा");		     /* vowel signs (marks) stay */
	SLUG_EQ("\xCC\x81x", "x");			     /* a mark on nothing goes */
	SLUG_EQ("٣ حالات", "٣-حالات"); /* Arabic-Indic digit, Arabic letters */
	SLUG_EQ("中文 编码", "中文-编码");
	SLUG_EQ("!!!", "");
	SLUG_EQ("", "");
}

static void test_id_valid(void **state)
{
	assert_true(braid_id_valid("legal-aid"));
	assert_true(braid_id_valid("a"));
	assert_true(braid_id_valid("1-5"));
	assert_true(braid_id_valid("юрист"));
	assert_true(braid_id_valid("o\xCA\xBBzbek"));
	assert_false(braid_id_valid(""));
	assert_false(braid_id_valid("Legal"));
	assert_false(braid_id_valid("legal--aid"));
	assert_false(braid_id_valid("-legal"));
	assert_false(braid_id_valid("legal-"));
	assert_false(braid_id_valid("legal_aid"));
	assert_false(braid_id_valid("legal aid"));
	assert_false(braid_id_valid("stra\xC3\x9F"
				    "e"));	      /* ß folds to ss */
	assert_false(braid_id_valid("cafe\xCC\x81")); /* not NFC */
}

static void test_generated_ids(void **state)
{
	struct braid_codebook cb;

	/*
	 * "Other" under Legal aid and under Health: the first takes "other"
	 * unless an explicit id holds it (explicit ids win, wherever they are),
	 * the rest get "<parent id>-other".
	 */
	PARSE_OK("name: x\n"
		 "codes:\n"
		 "  - name: Legal aid\n"
		 "    children:\n"
		 "      - name: Other\n"
		 "  - name: Health\n"
		 "    id: health\n"
		 "    children:\n"
		 "      - name: Other\n"
		 "  - name: Misc\n"
		 "    id: misc\n"
		 "    children:\n"
		 "      - name: Rest\n"
		 "        id: other\n",
		 &cb);
	assert_string_equal(cb.codes[0].id, "legal-aid");
	assert_string_equal(cb.codes[0].children[0].id, "legal-aid-other");
	assert_string_equal(cb.codes[1].children[0].id, "health-other");
	assert_string_equal(cb.codes[2].children[0].id, "other");
	check_roundtrip(&cb);
	braid_codebook_release(&cb);

	PARSE_OK("name: x\ncodes:\n  - name: Юрист\n  - name: Straße\n", &cb);
	assert_string_equal(cb.codes[0].id, "юрист");
	assert_string_equal(cb.codes[1].id, "strasse");
	braid_codebook_release(&cb);
}

static void test_domain_inherited(void **state)
{
	struct braid_codebook cb;
	const struct braid_code *a;

	PARSE_OK("name: x\n"
		 "codes:\n"
		 "  - name: A\n"
		 "    domain: legal\n"
		 "    children:\n"
		 "      - name: B\n"
		 "        children:\n"
		 "          - name: C\n"
		 "      - name: D\n"
		 "        domain: health\n"
		 "        children:\n"
		 "          - name: E\n"
		 "  - name: F\n",
		 &cb);
	a = &cb.codes[0];
	assert_string_equal(a->children[0].domain, "legal");
	assert_string_equal(a->children[0].children[0].domain, "legal"); /* grandchild too */
	assert_string_equal(a->children[1].domain, "health");
	assert_string_equal(a->children[1].children[0].domain, "health");
	assert_null(cb.codes[1].domain);
	check_roundtrip(&cb);
	braid_codebook_release(&cb);
}

/* ---- validation: every rule, with its line and column ---------------- */

static void test_err_syntax(void **state)
{
	FAILS("name: x\n  bad: 1\n",
	      FILE_NAME ":2:6: mapping values are not allowed in this context");
	FAILS("name: x\ncodes:\n  - name: a\n   id: b\n",
	      FILE_NAME ":4:4: did not find expected '-' indicator "
			"(while parsing a block collection at 3:3)");
	FAILS("name: \"open\ncodes: []\n", FILE_NAME ":3:1: found unexpected end of stream "
						     "(while scanning a quoted scalar at 1:7)");
	FAILS("name: x\ncodes: [\n", FILE_NAME ":3:1: did not find expected node content "
					       "(while parsing a flow node at 3:1)");
	FAILS("name: x\n\tcodes: []\n",
	      FILE_NAME ":2:1: found a tab character that violates indentation "
			"(while scanning a plain scalar at 1:7)");
}

static void test_err_empty(void **state)
{
	FAILS("", FILE_NAME ":1:1: empty codebook (expected a mapping with 'name' and 'codes')");
	FAILS("# only\n# comments\n",
	      FILE_NAME ":3:1: empty codebook (expected a mapping with 'name' and 'codes')");
	FAILS("---\n", FILE_NAME ":2:1: top level is not a mapping (found nothing)");
}

static void test_err_top_not_mapping(void **state)
{
	FAILS("- a\n- b\n", FILE_NAME ":1:1: top level is not a mapping (found a sequence)");
	FAILS("\n\n  just text\n", FILE_NAME ":3:3: top level is not a mapping (found a string)");
	FAILS("name: x\ncodes: []\n---\nname: y\ncodes: []\n",
	      FILE_NAME ":3:1: more than one YAML document");
}

static void test_err_unknown_keys(void **state)
{
	FAILS("name: x\ncodes: []\ntitle: y\n",
	      FILE_NAME ":3:1: unknown key 'title' at the top level "
			"(expected name, version, description or codes)");
	FAILS(ONE("    colour: red\n"), FILE_NAME
	      ":4:5: unknown key 'colour' in a code (expected name, id, kind, domain, "
	      "definition, include, exclude, examples, color, patterns, scope, roles or children)");
	FAILS("name: x\ncodes:\n  - {name: a, Name: b}\n", FILE_NAME
	      ":3:15: unknown key 'Name' in a code (expected name, id, kind, domain, "
	      "definition, include, exclude, examples, color, patterns, scope, roles or children)");
	FAILS("name: x\ncodes: []\n? [a]\n: b\n",
	      FILE_NAME ":3:3: expected a key, found a sequence");
	FAILS("name: x\ncodes: []\nname: y\n",
	      FILE_NAME ":3:1: duplicate key 'name' (first at line 1)");
	FAILS(ONE("    kind: deductive\n    kind: inductive\n"),
	      FILE_NAME ":5:5: duplicate key 'kind' (first at line 4)");
}

static void test_err_wrong_types(void **state)
{
	FAILS("name: {a: 1}\ncodes: []\n",
	      FILE_NAME ":1:7: wrong type for 'name': expected a string, found a mapping");
	FAILS("name: x\nversion: [1]\ncodes: []\n",
	      FILE_NAME ":2:10: wrong type for 'version': expected a string, found a sequence");
	FAILS("name: x\ncodes: {}\n", FILE_NAME
	      ":2:8: wrong type for 'codes': expected a sequence of codes, found a mapping");
	FAILS("name: x\ncodes: nothing\n", FILE_NAME
	      ":2:8: wrong type for 'codes': expected a sequence of codes, found a string");
	FAILS("name: x\ncodes:\n  - a\n",
	      FILE_NAME ":3:5: wrong type for a code: expected a mapping, found a string");
	FAILS(ONE("    definition:\n      - one\n"),
	      FILE_NAME ":5:7: wrong type for 'definition': expected a string, found a sequence");
	FAILS(ONE("    examples: {a: 1}\n"),
	      FILE_NAME ":4:15: wrong type for 'examples': expected a string or a sequence of "
			"strings, found a mapping");
	FAILS(ONE("    examples: [ok, [x]]\n"),
	      FILE_NAME ":4:20: wrong type for an item of 'examples': expected a string, "
			"found a sequence");
	FAILS(ONE("    patterns:\n      - {a: b}\n"),
	      FILE_NAME ":5:9: wrong type for an item of 'patterns': expected a string, "
			"found a mapping");
	FAILS(ONE("    children: none\n"),
	      FILE_NAME ":4:15: wrong type for 'children': expected a sequence of codes, "
			"found a string");
	FAILS(ONE("    children: [[]]\n"),
	      FILE_NAME ":4:16: wrong type for a code: expected a mapping, found a sequence");
	FAILS(ONE("    kind: [inductive]\n"),
	      FILE_NAME ":4:11: wrong type for 'kind': expected a string, found a sequence");
}

static void test_err_missing(void **state)
{
	FAILS("version: 1\ncodes: []\n",
	      FILE_NAME ":1:1: missing 'name' (a codebook needs 'name' and 'codes')");
	FAILS("\nname: x\n",
	      FILE_NAME ":2:1: missing 'codes' (a codebook needs 'name' and 'codes')");
	FAILS("name:\ncodes: []\n", FILE_NAME ":1:6: empty 'name'");
	FAILS("name: '  '\ncodes: []\n", FILE_NAME ":1:7: empty 'name'");
	FAILS("name: x\ncodes:\n",
	      FILE_NAME ":2:7: empty 'codes' (expected a sequence of codes; [] for none)");
	FAILS("name: x\ncodes:\n  - name: a\n  - id: b\n    kind: inductive\n",
	      FILE_NAME ":4:5: code without 'name'");
	FAILS("name: x\ncodes:\n  - {}\n", FILE_NAME ":3:5: code without 'name'");
	FAILS("name: x\ncodes:\n  - name: ''\n", FILE_NAME ":3:11: empty 'name'");
	FAILS("name: \"a\\nb\"\ncodes: []\n", FILE_NAME ":1:7: line break in 'name'");
	FAILS("name: x\ncodes:\n  - name: |\n      two\n      lines\n",
	      FILE_NAME ":3:11: line break in 'name'");
}

static void test_err_duplicate_id(void **state)
{
	/* explicit ids */
	FAILS("name: x\n"
	      "codes:\n"
	      "  - name: A\n"
	      "    id: a\n"
	      "  - name: B\n"
	      "    children:\n"
	      "      - name: C\n"
	      "        id: a\n",
	      FILE_NAME ":8:13: duplicate id 'a' (first at line 4)");
	/* a generated id on top (no parent to prefix) meets an explicit one */
	FAILS("name: x\n"
	      "codes:\n"
	      "  - name: Legal aid\n"
	      "  - name: Other\n"
	      "    id: legal-aid\n",
	      FILE_NAME ":3:11: duplicate id 'legal-aid' (first at line 5; made from the name: "
			"give the code an 'id')");
	/* "<parent>-<slug>" taken as well */
	FAILS("name: x\n"
	      "codes:\n"
	      "  - name: P\n"
	      "    children:\n"
	      "      - name: Q\n"
	      "  - name: P Q\n"
	      "  - name: Z\n"
	      "    children:\n"
	      "      - name: Q\n"
	      "  - name: R\n"
	      "    id: q\n",
	      FILE_NAME ":6:11: duplicate id 'p-q' (first at line 5; made from the name: "
			"give the code an 'id')");
	/* generated ids clash with each other: "x" is taken, and so is "a-x" */
	FAILS("name: x\n"
	      "codes:\n"
	      "  - name: A X\n"
	      "  - name: X\n"
	      "  - name: A\n"
	      "    children:\n"
	      "      - name: X\n",
	      FILE_NAME ":7:15: duplicate id 'a-x' (first at line 3; made from the name: "
			"give the code an 'id')");
	/* a name that makes no id */
	FAILS("name: x\ncodes:\n  - name: '!!!'\n",
	      FILE_NAME ":3:11: cannot make an id from name '!!!': give the code an 'id'");
}

static void test_err_duplicate_name(void **state)
{
	struct braid_codebook cb;

	FAILS("name: x\n"
	      "codes:\n"
	      "  - name: Legal aid\n"
	      "    id: a\n"
	      "  - name: LEGAL AID\n"
	      "    id: b\n",
	      FILE_NAME ":5:11: duplicate name 'LEGAL AID' among siblings (first at line 3)");
	/* NFC + case folding: "Café" (U+00E9) and "CAFE" + U+0301 */
	FAILS("name: x\ncodes:\n  - {name: \"Caf\xC3\xA9\", id: a}\n  - {name: \"CAFE\xCC\x81\", "
	      "id: b}\n",
	      FILE_NAME ":4:12: duplicate name 'CAF\xC3\x89' among siblings (first at line 3)");
	FAILS("name: x\ncodes:\n  - name: A\n    children:\n      - name: Straße\n"
	      "      - name: STRASSE\n        id: s2\n",
	      FILE_NAME ":6:15: duplicate name 'STRASSE' among siblings (first at line 5)");
	/* the same name under different parents is fine */
	PARSE_OK("name: x\ncodes:\n  - name: A\n    children: [{name: Other}]\n"
		 "  - name: B\n    children: [{name: Other}]\n",
		 &cb);
	assert_string_equal(cb.codes[1].children[0].id, "b-other");
	braid_codebook_release(&cb);
}

static void test_err_bad_id(void **state)
{
	FAILS(ONE("    id: Legal Aid\n"),
	      FILE_NAME ":4:9: bad id 'Legal Aid' (expected lowercase letters and digits joined "
			"by single '-', like 'legal-aid')");
	FAILS(ONE("    id: a--b\n"),
	      FILE_NAME ":4:9: bad id 'a--b' (expected lowercase letters and digits joined "
			"by single '-', like 'a-b')");
	FAILS(ONE("    id: snake_case\n"),
	      FILE_NAME ":4:9: bad id 'snake_case' (expected lowercase letters and digits joined "
			"by single '-', like 'snake-case')");
	FAILS(ONE("    id: '-'\n"),
	      FILE_NAME ":4:9: bad id '-' (expected lowercase letters and digits joined "
			"by single '-', like 'legal-aid')");
}

static void test_err_bad_color(void **state)
{
	struct braid_codebook cb;

	FAILS(ONE("    color: red\n"),
	      FILE_NAME ":4:12: bad color 'red' (expected #rgb or #rrggbb)");
	FAILS(ONE("    color: \"#12\"\n"),
	      FILE_NAME ":4:12: bad color '#12' (expected #rgb or #rrggbb)");
	FAILS(ONE("    color: \"#12345g\"\n"),
	      FILE_NAME ":4:12: bad color '#12345g' (expected #rgb or #rrggbb)");
	FAILS(ONE("    color: \"#1234\"\n"),
	      FILE_NAME ":4:12: bad color '#1234' (expected #rgb or #rrggbb)");
	/* the classic: unquoted, a colour is a YAML comment */
	FAILS(ONE("    color: #1f77b4\n"),
	      FILE_NAME ":4:11: color '#1f77b4' is read as a YAML comment: quote it");
	PARSE_OK(ONE("    color: '#ABC'\n"), &cb);
	assert_string_equal(cb.codes[0].color, "#ABC");
	braid_codebook_release(&cb);
	/* a real comment after the key is just no colour */
	PARSE_OK(ONE("    color:   # pick one later\n    kind: inductive\n"), &cb);
	assert_null(cb.codes[0].color);
	assert_int_equal(cb.codes[0].kind, BRAID_INDUCTIVE);
	braid_codebook_release(&cb);
}

static void test_err_bad_enums(void **state)
{
	FAILS(ONE("    kind: Deductive\n"),
	      FILE_NAME ":4:11: bad kind 'Deductive' (expected deductive or inductive)");
	FAILS(ONE("    scope: word\n"),
	      FILE_NAME ":4:12: bad scope 'word' (expected sentence, turn or paragraph)");
	FAILS(ONE("    roles: all\n"),
	      FILE_NAME ":4:12: bad roles 'all' (expected participant, interviewer or any)");
}

static void test_err_bad_pattern(void **state)
{
	FAILS(ONE("    patterns:\n      - ok\n      - \"legal (aid\"\n"),
	      FILE_NAME ":6:9: bad pattern 'legal (aid' at offset 10: missing closing parenthesis");
	FAILS(ONE("    patterns: [ok, 'a{2,1}']\n"), FILE_NAME
	      ":4:20: bad pattern 'a{2,1}' at offset 5: numbers out of order in {} quantifier");
	FAILS(ONE("    patterns: \"\\\\p{Nope}\"\n"), FILE_NAME
	      ":4:15: bad pattern '\\p{Nope}' at offset 8: unknown property after \\P or \\p");
	FAILS(ONE("    patterns: [ok, '']\n"), FILE_NAME ":4:20: empty pattern in 'patterns'");
	FAILS(ONE("    examples: [ok, ~]\n"), FILE_NAME ":4:20: empty example in 'examples'");
	FAILS(ONE("    examples: [ok, '  ']\n"), FILE_NAME ":4:20: empty example in 'examples'");
}

static void test_err_aliases(void **state)
{
	FAILS("name: &n x\ncodes: []\n", FILE_NAME ":1:7: aliases are not allowed (anchor '&n')");
	FAILS("name: x\ncodes: *c\n", FILE_NAME ":2:8: aliases are not allowed (alias '*c')");
	/* the only way to write a cycle */
	FAILS("name: x\ncodes:\n  - &top\n    name: A\n    children: [*top]\n",
	      FILE_NAME ":3:5: aliases are not allowed (anchor '&top')");
}

static void test_err_tags(void **state)
{
	FAILS("name: !!int 5\ncodes: []\n",
	      FILE_NAME ":1:7: unsupported tag 'tag:yaml.org,2002:int'");
	FAILS("name: x\ncodes: !set []\n", FILE_NAME ":2:8: unsupported tag '!set'");
}

#define FAILS_ENC(lit, msg) parse_fails((lit), sizeof(lit) - 1, BRAID_EENCODING, (msg))

static void test_err_encoding(void **state)
{
	FAILS_ENC("name: x\ndescription: ab\xFF"
		  "cd\ncodes: []\n",
		  FILE_NAME ":2:16: invalid leading UTF-8 octet (#FF at byte 23)");
	/* columns count characters, not bytes */
	FAILS_ENC("name: x\ndescription: \xD1\x8E\xD1\x8E\xD1\n",
		  FILE_NAME ":2:16: invalid trailing UTF-8 octet (#A at byte 26)");
	FAILS_ENC("name: x\ndescription: \xD1\x8E\xD1\x8E\xD1",
		  FILE_NAME ":2:16: incomplete UTF-8 octet sequence");
	FAILS_ENC("name: \xED\xA0\x80\n",
		  FILE_NAME ":1:7: invalid Unicode character (#D800 at byte 6)");
	FAILS_ENC("name: \xC0\x80\n", FILE_NAME ":1:7: invalid length of a UTF-8 sequence");
	FAILS_ENC("\xFF\xFEn\0a\0", FILE_NAME ":1:1: codebook is UTF-16: save it as UTF-8");
	/* after a BOM: the column ignores it, the byte offset is the file's */
	FAILS_ENC("\xEF\xBB\xBFname: \xFF\n",
		  FILE_NAME ":1:7: invalid leading UTF-8 octet (#FF at byte 9)");
	FAILS_ENC("name: x\x01\n",
		  FILE_NAME ":1:8: control characters are not allowed (#1 at byte 7)");
	FAILS_ENC("name: x\ncodes: []\n\0",
		  FILE_NAME ":3:1: control characters are not allowed (#0 at byte 18)");
}

static void test_err_control_chars(void **state)
{
	FAILS("name: x\ndescription: \"a\\x01b\"\ncodes: []\n",
	      FILE_NAME ":2:14: control character U+0001 in 'description'");
	FAILS("name: \"x\\0y\"\ncodes: []\n", FILE_NAME ":1:7: control character U+0000 in 'name'");
	FAILS(ONE("    examples: [\"a\\rb\"]\n"),
	      FILE_NAME ":4:16: control character U+000D in an example");
	FAILS(ONE("    patterns: [\"a\\x85\"]\n"),
	      FILE_NAME ":4:16: control character U+0085 in a pattern");
}

static void test_err_too_deep(void **state)
{
	struct strbuf y = STRBUF_INIT;
	struct braid_codebook cb;

	strbuf_addstr(&y, "name: x\ncodes:");
	for (int i = 0; i < BRAID_CODEBOOK_MAX_DEPTH; i++)
		strbuf_addf(&y, " [{name: a%d, children:", i);
	strbuf_addstr(&y, " []");
	for (int i = 0; i < BRAID_CODEBOOK_MAX_DEPTH; i++)
		strbuf_addstr(&y, "}]");
	strbuf_addch(&y, '\n');
	parse_ok(y.buf, y.len, &cb); /* exactly the limit */
	check_roundtrip(&cb);
	braid_codebook_release(&cb);

	strbuf_reset(&y);
	strbuf_addstr(&y, "name: x\ncodes:");
	for (int i = 0; i <= BRAID_CODEBOOK_MAX_DEPTH; i++)
		strbuf_addstr(&y, " [{name: a, children:");
	/* the 33rd '{' is at column 6 + 32 * 21 + 3 */
	parse_fails(y.buf, y.len, BRAID_EPARSE,
		    FILE_NAME ":2:681: codes nested too deeply (more than 32 levels)");
	strbuf_release(&y);
}

/* ---- the writers ---------------------------------------------------- */

/* Cyrillic, Uzbek apostrophes (U+02BB, U+02BC, ASCII), quotes, colons, '#', multi-line. */
static const char rich_yaml[] =
    "name: \"Integrative support: Ўзбекистон # 1\"\n"
    "version: \"1.10\"\n"
    "description: |\n"
    "  Codes for \"integrative\" support: 50% of #cases & more_{x}^~\\.\n"
    "\n"
    "  Second paragraph, with 'quotes' and -- dashes.\n"
    "codes:\n"
    "  - name: Юридическая помощь\n"
    "    domain: 'legal: state'\n"
    "    definition: >\n"
    "      Help with documents,\n"
    "      courts and lawyers.\n"
    "    include: \"Any mention of: юрист, адвокат # not a comment\"\n"
    "    exclude: 'Self-help (it''s not aid)'\n"
    "    examples:\n"
    "      - \"He said: \\\"I went to the lawyer\\\"\"\n"
    "      - Юрист помог мне\n"
    "      - \"- starts with a dash\"\n"
    "      - \"multi\\nline\\n  indented\\n\\nlast\"\n"
    "    color: \"#1f77b4\"\n"
    "    patterns: [ \"legal (aid|advice)\", \"юрист\\\\w*\", \" spaced \", \"tab\\there\", \"#x\" "
    "]\n"
    "    scope: turn\n"
    "    roles: any\n"
    "    children:\n"
    "      - name: Oʻzbek tili – boʼlim\n"
    "        kind: inductive\n"
    "        domain: language\n"
    "        children:\n"
    "          - name: \"yes\"\n"
    "          - name: \"1.5\"\n"
    "            definition: \"null\"\n"
    "          - name: \"o'zbek: 'til'\"\n"
    "            include: \"- item\\n# heading\\n1. list\\n> quote\"\n"
    "  - name: \"@at [brackets] {braces} *star* &amp %percent `tick`\"\n"
    "    id: special\n"
    "    definition: \"trailing spaces on a line   \\nnext line\"\n"
    "    exclude: \"\\\\ & % $ # _ { } ~ ^ < > |\"\n"
    "    examples: \"~\"\n";

static void test_roundtrip_rich(void **state)
{
	struct braid_codebook cb;
	const struct braid_code *uz;

	PARSE_OK(rich_yaml, &cb);
	assert_string_equal(cb.codes[0].id, "юридическая-помощь");
	assert_string_equal(cb.codes[0].definition, "Help with documents, courts and lawyers.");
	uz = &cb.codes[0].children[0];
	assert_string_equal(uz->id, "o\xCA\xBBzbek-tili-bo\xCA\xBClim"); /* ʻ and ʼ are letters */
	assert_string_equal(uz->children[0].id, "yes");
	assert_string_equal(uz->children[1].id, "1-5");
	assert_string_equal(uz->children[1].definition, "null");
	assert_string_equal(uz->children[2].id, "o-zbek-til");
	assert_string_equal(cb.codes[1].examples[0], "~");
	check_roundtrip(&cb);
	braid_codebook_release(&cb);
}

static void test_write_yaml(void **state)
{
	struct braid_codebook cb;
	struct strbuf y = STRBUF_INIT;

	PARSE_OK("name: Support\n"
		 "version: 2\n"
		 "codes:\n"
		 "  - name: Legal aid\n"
		 "    kind: inductive\n"
		 "    domain: legal\n"
		 "    definition: |\n"
		 "      Two\n"
		 "      lines\n"
		 "    examples: 'one: two'\n"
		 "    color: '#abc'\n"
		 "    patterns: ['aid\\b']\n"
		 "    roles: any\n"
		 "    children:\n"
		 "      - name: Court\n"
		 "        domain: legal\n"
		 "      - name: yes\n"
		 "        domain: other\n"
		 "  - name: Empty\n"
		 "    scope: sentence\n",
		 &cb);
	braid_codebook_write_yaml(&cb, &y);
	/* defaults and inherited domains are left out; ids are always written */
	assert_string_equal(y.buf, "name: Support\n"
				   "version: '2'\n"
				   "codes:\n"
				   "- name: Legal aid\n"
				   "  id: legal-aid\n"
				   "  kind: inductive\n"
				   "  domain: legal\n"
				   "  definition: |-\n"
				   "    Two\n"
				   "    lines\n"
				   "  examples:\n"
				   "  - 'one: two'\n"
				   "  color: '#abc'\n"
				   "  patterns:\n"
				   "  - aid\\b\n"
				   "  roles: any\n"
				   "  children:\n"
				   "  - name: Court\n"
				   "    id: court\n"
				   "  - name: 'yes'\n"
				   "    id: 'yes'\n"
				   "    domain: other\n"
				   "- name: Empty\n"
				   "  id: empty\n");
	braid_codebook_release(&cb);
	strbuf_reset(&y);

	PARSE_OK("name: Nothing yet\ncodes: []\n", &cb);
	braid_codebook_write_yaml(&cb, &y);
	assert_string_equal(y.buf, "name: Nothing yet\ncodes: []\n");
	braid_codebook_release(&cb);
	strbuf_release(&y);
}

static void test_write_yaml_in_memory(void **state)
{
	/* a book built in memory, with a byte that is not UTF-8: written as U+FFFD */
	struct braid_code code = {0};
	struct braid_codebook cb = {0};
	struct strbuf y = STRBUF_INIT;

	code.id = "a";
	code.name = "bad \xFF byte";
	cb.name = "x";
	cb.codes = &code;
	cb.ncodes = 1;
	braid_codebook_write_yaml(&cb, &y);
	assert_string_equal(y.buf, "name: x\ncodes:\n- name: bad \xEF\xBF\xBD byte\n  id: a\n");
	strbuf_release(&y);
}

static void test_write_md(void **state)
{
	struct braid_codebook cb;
	struct strbuf md = STRBUF_INIT;

	PARSE_OK("name: Support *study*\n"
		 "version: 1.2\n"
		 "description: |\n"
		 "  First paragraph\n"
		 "  continues.\n"
		 "\n"
		 "  # Not a heading\n"
		 "codes:\n"
		 "  - name: Legal_aid [1]\n"
		 "    id: legal-aid\n"
		 "    domain: legal\n"
		 "    definition: |\n"
		 "      Help with law.\n"
		 "      - not a list\n"
		 "\n"
		 "      2. not a list\n"
		 "    include: <b>x</b> & y &amp; $5 ~z~ ^s^ a|b `c`\n"
		 "    exclude: self-help\n"
		 "    examples: ['Юрист \"помог\" мне', second]\n"
		 "    patterns: [x]\n"
		 "    children:\n"
		 "      - name: Court\n"
		 "        kind: inductive\n"
		 "        children:\n"
		 "          - name: Deep\n"
		 "            children:\n"
		 "              - name: Deeper\n"
		 "                children:\n"
		 "                  - name: Deepest\n"
		 "                    children:\n"
		 "                      - name: Six\n"
		 "  - name: Other\n",
		 &cb);
	braid_codebook_write_md(&cb, &md);
	assert_string_equal(
	    md.buf,
	    "# Support \\*study\\*\n"
	    "\n"
	    "Version 1.2\n"
	    "\n"
	    "First paragraph\n"
	    "continues.\n"
	    "\n"
	    "\\# Not a heading\n"
	    "\n"
	    "## 1 Legal\\_aid \\[1\\] (`legal-aid`)\n"
	    "\n"
	    "- **Kind:** deductive\n"
	    "- **Domain:** legal\n"
	    "- **Definition:** Help with law.\n"
	    "  \\- not a list\n"
	    "\n"
	    "  2\\. not a list\n"
	    "- **Include:** \\<b\\>x\\</b\\> & y \\&amp; \\$5 \\~z\\~ \\^s\\^ a\\|b \\`c\\`\n"
	    "- **Exclude:** self-help\n"
	    "- **Example:** \xE2\x80\x9CЮрист \"помог\" мне\xE2\x80\x9D\n"
	    "\n"
	    "### 1.1 Court (`court`)\n"
	    "\n"
	    "- **Kind:** inductive\n"
	    "- **Domain:** legal\n"
	    "\n"
	    "#### 1.1.1 Deep (`deep`)\n"
	    "\n"
	    "- **Kind:** deductive\n"
	    "- **Domain:** legal\n"
	    "\n"
	    "##### 1.1.1.1 Deeper (`deeper`)\n"
	    "\n"
	    "- **Kind:** deductive\n"
	    "- **Domain:** legal\n"
	    "\n"
	    "###### 1.1.1.1.1 Deepest (`deepest`)\n"
	    "\n"
	    "- **Kind:** deductive\n"
	    "- **Domain:** legal\n"
	    "\n"
	    "###### 1.1.1.1.1.1 Six (`six`)\n"
	    "\n"
	    "- **Kind:** deductive\n"
	    "- **Domain:** legal\n"
	    "\n"
	    "## 2 Other (`other`)\n"
	    "\n"
	    "- **Kind:** deductive\n");
	braid_codebook_release(&cb);
	strbuf_release(&md);
}

static const char tex_header[] =
    "% Codebook appendix written by braid: a fragment to \\input{} from a document\n"
    "% of the article class (or any class with \\section and \\subsection).\n"
    "% The text is UTF-8: with pdfLaTeX the preamble needs\n"
    "% \\usepackage[utf8]{inputenc} (and fonts for the scripts used, e.g.\n"
    "% \\usepackage[T2A,T1]{fontenc} for Cyrillic); XeLaTeX and LuaLaTeX need nothing.\n";

static void test_write_tex(void **state)
{
	struct braid_codebook cb;
	struct strbuf tex = STRBUF_INIT;

	PARSE_OK("name: \"Support & care: 100% #1\"\n"
		 "description: Intro\n"
		 "codes:\n"
		 "  - name: Legal_aid {x}\n"
		 "    id: legal-aid\n"
		 "    definition: \"\\\\ & % $ # _ { } ~ ^ < > | [opt]\"\n"
		 "    examples: [Юрист помог]\n"
		 "    children:\n"
		 "      - name: Court\n"
		 "        definition: |\n"
		 "          Two\n"
		 "\n"
		 "          paragraphs\n"
		 "        children:\n"
		 "          - name: Deep\n",
		 &cb);
	braid_codebook_write_tex(&cb, &tex);
	assert_memory_equal(tex.buf, tex_header, sizeof(tex_header) - 1);
	assert_string_equal(
	    tex.buf + sizeof(tex_header) - 1,
	    "\\section*{Support \\& care: 100\\% \\#1}\n"
	    "\n"
	    "Intro\n"
	    "\n"
	    "\\subsection*{1 Legal\\_aid \\{x\\} (\\texttt{legal-aid})}\n"
	    "\\begin{itemize}\n"
	    "\\item \\textbf{Kind:} deductive\n"
	    "\\item \\textbf{Definition:} \\textbackslash{} \\& \\% \\$ \\# \\_ \\{ \\} "
	    "\\textasciitilde{} \\textasciicircum{} \\textless{} \\textgreater{} "
	    "\\textbar{} {[}opt{]}\n"
	    "\\item \\textbf{Example:} ``Юрист помог''\n"
	    "\\end{itemize}\n"
	    "\n"
	    "\\subsubsection*{1.1 Court (\\texttt{court})}\n"
	    "\\begin{itemize}\n"
	    "\\item \\textbf{Kind:} deductive\n"
	    "\\item \\textbf{Definition:} Two\n"
	    "\n"
	    "  paragraphs\n"
	    "\\end{itemize}\n"
	    "\n"
	    "\\paragraph*{1.1.1 Deep (\\texttt{deep})}\\mbox{}\n"
	    "\\begin{itemize}\n"
	    "\\item \\textbf{Kind:} deductive\n"
	    "\\end{itemize}\n");
	braid_codebook_release(&cb);
	strbuf_release(&tex);
}

/* ---- the rest of the API -------------------------------------------- */

struct walked {
	char buf[256];
};

static void walk_cb(const struct braid_code *code, const struct braid_code *parent, int depth,
		    void *ctx)
{
	struct walked *w = ctx;
	size_t n = strlen(w->buf);

	snprintf(w->buf + n, sizeof(w->buf) - n, "%s<%s@%d ", code->id, parent ? parent->id : "-",
		 depth);
}

static void test_walk_find(void **state)
{
	struct braid_codebook cb;
	struct walked w = {""};

	PARSE_OK("name: x\ncodes:\n  - name: A\n    children:\n      - name: B\n"
		 "        children: [{name: C}]\n      - name: D\n  - name: E\n",
		 &cb);
	braid_codebook_walk(&cb, walk_cb, &w);
	assert_string_equal(w.buf, "a<-@0 b<a@1 c<b@2 d<a@1 e<-@0 ");
	assert_ptr_equal(braid_codebook_find(&cb, "c"), &cb.codes[0].children[0].children[0]);
	assert_ptr_equal(braid_codebook_find(&cb, "e"), &cb.codes[1]);
	assert_null(braid_codebook_find(&cb, "z"));
	braid_codebook_release(&cb);
}

static void test_equal(void **state)
{
	struct braid_codebook a, b;

	PARSE_OK(full_yaml, &a);
	PARSE_OK(full_yaml, &b);
	assert_true(braid_codebook_equal(&a, &b));
	b.codes[0].children[0].line = 99; /* not compared */
	assert_true(braid_codebook_equal(&a, &b));
	b.codes[0].scope = BRAID_SCOPE_TURN;
	assert_false(braid_codebook_equal(&a, &b));
	b.codes[0].scope = a.codes[0].scope;
	free(b.codes[0].examples[1]);
	b.codes[0].examples[1] = strdup("other");
	assert_false(braid_codebook_equal(&a, &b));
	braid_codebook_release(&b);
	PARSE_OK(full_yaml, &b);
	free(b.version);
	b.version = NULL;
	assert_false(braid_codebook_equal(&a, &b));
	braid_codebook_release(&a);
	braid_codebook_release(&b);
}

static void test_enum_names(void **state)
{
	assert_string_equal(braid_kind_name(BRAID_INDUCTIVE), "inductive");
	assert_string_equal(braid_scope_name(BRAID_SCOPE_PARAGRAPH), "paragraph");
	assert_string_equal(braid_roles_name(BRAID_ROLES_ANY), "any");
	assert_int_equal(braid_kind_parse("deductive"), BRAID_DEDUCTIVE);
	assert_int_equal(braid_scope_parse("turn"), BRAID_SCOPE_TURN);
	assert_int_equal(braid_roles_parse("interviewer"), BRAID_ROLES_INTERVIEWER);
	assert_int_equal(braid_kind_parse("Deductive"), -1);
	assert_int_equal(braid_scope_parse(""), -1);
	assert_int_equal(braid_roles_parse("all"), -1);
}

/* Patterns that can backtrack without end: the scan's rule, case by case (codebook.h). */
static void test_nested_repeat(void **state)
{
	static const struct {
		const char *pattern, *found; /* found NULL: nothing reported */
	} cases[] = {
		{ "(a+)+$", "(a+)+" },
		{ "(.*a){20}", "(.*a){20}" },
		{ "(x*)*", "(x*)*" },
		{ "((a|b)+c)*", "((a|b)+c)*" },   /* the inner repetition at any depth */
		{ "((a+))+", "((a+))+" },
		{ "(\\w+\\s?)+\\.", "(\\w+\\s?)+" },
		{ "(?:a{2,})+", "(?:a{2,})+" },   /* {n,} is unbounded */
		{ "(a+){2,11}", "(a+){2,11}" },   /* more than BRAID_PATTERN_REPEAT_MAX */
		{ "(?:a+?)+?", "(?:a+?)+?" },     /* lazy repetitions backtrack too */
		{ "(?=(a+)+)", "(a+)+" },         /* inside a lookahead as well */
		{ "(\u00e9+)+", "(\u00e9+)+" },
		{ "(?:\\w+\\W+){0,10}lawyer", NULL }, /* a bounded window of words */
		{ "(a+){2,5}", NULL },
		{ "(a{1,5})+", NULL },            /* nothing unbounded inside */
		{ "(a|a)*", NULL },               /* a miss: no repetition inside */
		{ "(a++)+", NULL },               /* possessive: gives nothing back */
		{ "(?>a+)+", NULL },              /* atomic */
		{ "(a+)++", NULL },
		{ "(a)+(b+)", NULL },
		{ "[(a+)]+", NULL },              /* a class, not a group */
		{ "\\(a+\\)+", NULL },            /* escaped parentheses */
		{ "\\Q(a+)+\\E", NULL },          /* quoted */
		{ "\\x{41}+", NULL },
		{ "x{2,}", NULL },
		{ "\\blawyers?\\b|\\battorneys?\\b", NULL },
		{ "(?<!not )\\bmy (own )?fault\\b", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf what = STRBUF_INIT;
		int got = braid_pattern_nested_repeat(cases[i].pattern, &what);

		if (got != (cases[i].found != NULL) ||
		    (got && strcmp(what.buf, cases[i].found)))
			fail_msg("'%s': got %d '%s'", cases[i].pattern, got, what.buf);
		strbuf_release(&what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_minimal),
	    cmocka_unit_test(test_all_fields),
	    cmocka_unit_test(test_nulls_are_absent),
	    cmocka_unit_test(test_nfc_and_trimming),
	    cmocka_unit_test(test_bom_crlf_and_no_file),
	    cmocka_unit_test(test_load),
	    cmocka_unit_test(test_slugify),
	    cmocka_unit_test(test_id_valid),
	    cmocka_unit_test(test_generated_ids),
	    cmocka_unit_test(test_domain_inherited),
	    cmocka_unit_test(test_err_syntax),
	    cmocka_unit_test(test_err_empty),
	    cmocka_unit_test(test_err_top_not_mapping),
	    cmocka_unit_test(test_err_unknown_keys),
	    cmocka_unit_test(test_err_wrong_types),
	    cmocka_unit_test(test_err_missing),
	    cmocka_unit_test(test_err_duplicate_id),
	    cmocka_unit_test(test_err_duplicate_name),
	    cmocka_unit_test(test_err_bad_id),
	    cmocka_unit_test(test_err_bad_color),
	    cmocka_unit_test(test_err_bad_enums),
	    cmocka_unit_test(test_err_bad_pattern),
	    cmocka_unit_test(test_err_aliases),
	    cmocka_unit_test(test_err_tags),
	    cmocka_unit_test(test_err_encoding),
	    cmocka_unit_test(test_err_control_chars),
	    cmocka_unit_test(test_err_too_deep),
	    cmocka_unit_test(test_roundtrip_rich),
	    cmocka_unit_test(test_write_yaml),
	    cmocka_unit_test(test_write_yaml_in_memory),
	    cmocka_unit_test(test_write_md),
	    cmocka_unit_test(test_write_tex),
	    cmocka_unit_test(test_walk_find),
	    cmocka_unit_test(test_equal),
	    cmocka_unit_test(test_enum_names),
	    cmocka_unit_test(test_nested_repeat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
