/*
 * test_xlsx.c - a listing as an Excel sheet (table.h, xlsx.c), opened back
 * with libzip: the header of the data keys as shared strings, frozen;
 * integers and reals as numbers (no t="s"), a share as a number styled
 * 0.0%, text (Cyrillic too) as shared strings, a null as no cell at all,
 * and the table-only column left out.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "braid/table.h"

static char path[64];

/* An entry of the workbook, NUL-terminated; the caller frees it. */
static char *entry(zip_t *z, const char *name)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;

	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	buf = calloc(1, st.size + 1);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	return buf;
}

static void has(const char *xml, const char *what)
{
	if (!strstr(xml, what))
		fail_msg("no '%s' in:\n%s", what, xml);
}

static void test_sheet(void **state)
{
	static const struct braid_column cols[] = {
		{ "NAME", "name", BRAID_VAL_STR, 0, 0 },
		{ "N", "n", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
		{ "MEAN", "mean", BRAID_VAL_REAL, BRAID_COL_RIGHT, 0 },
		{ "COVERAGE", "coverage", BRAID_VAL_REAL, BRAID_COL_RIGHT | BRAID_COL_SHARE, 0 },
		{ "NOTE", "note", BRAID_VAL_STR, 0, 0 },
		{ "SHOWN", NULL, BRAID_VAL_STR, BRAID_COL_TABLE, 0 },
	};
	static const struct braid_listing l = { "matrix", cols, 6, NULL, 0, 0 };
	const struct braid_value rows[2][6] = {
		{ braid_val_str("Сестра звонит"), braid_val_int(3), braid_val_real(2.5),
		  braid_val_real(0.125), braid_val_null(), braid_val_str("table only") },
		{ braid_val_str("P002"), braid_val_int(-7), braid_val_real(0.001),
		  braid_val_real(1), braid_val_str("x & y"), braid_val_str("table only") },
	};
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_out *o;
	char *sheet, *strings, *styles, *book;
	zip_t *z;
	int zerr;
	FILE *f;

	f = fopen(path, "wb");
	o = braid_out_new(&l, BRAID_OUT_XLSX, f, NULL);
	braid_out_row(o, rows[0]);
	braid_out_row(o, rows[1]);
	assert_int_equal(braid_out_end(o, 1, &err), 0);
	braid_out_free(o);
	fclose(f);

	z = zip_open(path, ZIP_RDONLY, &zerr);
	assert_non_null(z);
	book = entry(z, "xl/workbook.xml");
	sheet = entry(z, "xl/worksheets/sheet1.xml");
	strings = entry(z, "xl/sharedStrings.xml");
	styles = entry(z, "xl/styles.xml");
	zip_close(z);

	has(book, "<sheet name=\"matrix\"");
	/* the header row frozen */
	has(sheet, "ySplit=\"1\"");
	has(sheet, "state=\"frozen\"");
	/* shared strings: the five keys, then the texts in order; not the table's column */
	has(strings, "<si><t>name</t></si><si><t>n</t></si><si><t>mean</t></si>"
		     "<si><t>coverage</t></si><si><t>note</t></si><si><t>Сестра звонит</t></si>");
	has(strings, "<t>Сестра звонит</t>");
	has(strings, "<t>x &amp; y</t>");
	assert_null(strstr(strings, "table only"));
	assert_null(strstr(strings, "shown"));
	/* numbers as numbers: no t="s" on them */
	has(sheet, "<c r=\"B2\"><v>3</v></c>");
	has(sheet, "<c r=\"C2\"><v>2.5</v></c>");
	has(sheet, "<c r=\"B3\"><v>-7</v></c>");
	has(sheet, "<c r=\"C3\"><v>0.001</v></c>");
	/* the share: a number in a style whose format is 0.0% */
	has(sheet, "<c r=\"D2\" s=\"2\"><v>0.125</v></c>");
	has(sheet, "<c r=\"D3\" s=\"2\"><v>1</v></c>");
	has(styles, "formatCode=\"0.0%\"");
	/* a null: no cell; text: a shared string */
	assert_null(strstr(sheet, "r=\"E2\""));
	has(sheet, "<c r=\"E3\" t=\"s\">");
	assert_null(strstr(sheet, "r=\"F1\""));
	free(book);
	free(sheet);
	free(strings);
	free(styles);
}

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/braid-xlsx-%d.xlsx", (int)getpid());
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
		cmocka_unit_test(test_sheet),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
