/*
 * test_cbtable.c - the codebook as a table (codebook.h, cbtable.c): a
 * codebook written as CSV reads back into the same codebook, so a second
 * CSV is the first byte for byte; each error of a bad CSV names the file,
 * the line and the column.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "braid/codebook.h"
#include "braid/table.h"

static char path[64];
static struct braid_err err;

struct sink {
	struct braid_out *o;
};

static void put(struct braid_row *row, void *ctx)
{
	braid_out_row(((struct sink *)ctx)->o, row->v);
}

/* The codebook's CSV, as `braid export codebook --format csv` writes it; the caller frees it. */
static char *to_csv(const struct braid_codebook *cb)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct braid_row row;
	struct sink s = { braid_out_new(&braid_codebook_listing, BRAID_OUT_CSV, f, NULL) };

	braid_row_init(&row, &braid_codebook_listing);
	braid_codebook_rows(cb, &row, put, &s);
	assert_int_equal(braid_out_end(s.o, 1, &err), 0);
	braid_out_free(s.o);
	braid_row_release(&row);
	fclose(f);
	return buf;
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void test_round_trip(void **state)
{
	static const char yaml[] =
		"name: Support\ncodes:\n"
		"  - name: Legal aid\n    id: legal-aid\n    kind: deductive\n"
		"    definition: \"Help from a lawyer, \\\"pro bono\\\" or paid\"\n"
		"    examples: [the lawyer helped, «юрист»]\n    patterns: ['\\blawyer']\n"
		"    children:\n      - {name: Passport, id: passport, color: '#aa0000'}\n"
		"  - {name: Family, id: family, kind: inductive, include: 'kin, in-laws'}\n";
	struct braid_codebook cb, back;
	char *first, *second;

	assert_int_equal(braid_codebook_parse(yaml, sizeof(yaml) - 1, "book.yaml", &cb, &err), 0);
	first = to_csv(&cb);
	assert_non_null(strstr(first, "legal-aid,,Legal aid,Legal aid,deductive,"));
	assert_non_null(strstr(first, "\"the lawyer helped\n«юрист»\""));
	assert_non_null(strstr(first, "passport,legal-aid,Passport,Legal aid > Passport,"));
	write_file(first);
	assert_int_equal(braid_codebook_read_csv(path, &back, &err), 0);
	/* named after the file; the tree, the texts and the lists as they were */
	assert_int_equal(back.ncodes, 2);
	assert_string_equal(back.codes[0].id, "legal-aid");
	assert_string_equal(back.codes[0].definition, "Help from a lawyer, \"pro bono\" or paid");
	assert_int_equal(back.codes[0].nexamples, 2);
	assert_string_equal(back.codes[0].examples[1], "«юрист»");
	assert_string_equal(back.codes[0].patterns[0], "\\blawyer");
	assert_int_equal(back.codes[0].nchildren, 1);
	assert_string_equal(back.codes[0].children[0].color, "#aa0000");
	assert_string_equal(back.codes[1].include, "kin, in-laws");
	second = to_csv(&back);
	assert_string_equal(first, second);
	free(first);
	free(second);
	braid_codebook_release(&cb);
	braid_codebook_release(&back);
}

/* Each bad CSV and its whole message. */
static void test_errors(void **state)
{
	static const struct {
		const char *csv, *msg; /* msg after "codebook 'PATH': " */
	} bad[] = {
		{ "name,kind\nA,deductive\nB,weird\n",
		  "line 3, column 2: bad kind 'weird' (expected deductive or inductive)" },
		{ "id,name,parent\na,A,\nb,B,zz\n", "line 3, column 3: no code with id 'zz' in the file" },
		{ "id,name\na,A\na,B\n", "line 3, column 1: id 'a' is given twice (line 2 too)" },
		{ "id,name\na,A,extra\n",
		  "line 2, column 3: more fields than the header has columns (2)" },
	};
	struct braid_codebook cb;
	char want[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(bad[i].csv);
		assert_int_equal(braid_codebook_read_csv(path, &cb, &err), BRAID_EPARSE);
		snprintf(want, sizeof(want), "codebook '%s': %s", path, bad[i].msg);
		assert_string_equal(err.msg, want);
		braid_codebook_release(&cb);
	}
	/* an unknown column: where it is, and what is expected */
	write_file("name,colour\nA,red\n");
	assert_int_equal(braid_codebook_read_csv(path, &cb, &err), BRAID_EPARSE);
	snprintf(want, sizeof(want),
		 "codebook '%s': line 1, column 2: unknown column 'colour' (expected id, parent, name,",
		 path);
	assert_memory_equal(err.msg, want, strlen(want));
	braid_codebook_release(&cb);
}

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/braid-cbtable-%d.csv", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
