/*
 * test_table.c - the output model: the aligned table (wide characters,
 * Cyrillic, right alignment, null, "#N", width limits, rows past the ones
 * kept to size the columns), JSON escaping and types, CSV quoting, TSV
 * escapes, which columns each format shows; the documents (md, html, tex)
 * with every character their markup reads, a title and notes.
 */
#include "testutil.h"

#include "braid/table.h"

/* A renderer writing into memory. */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
	struct braid_out *o;
};

static void mem_open(struct mem *m, const struct braid_listing *l, enum braid_out_format fmt,
		     size_t keep)
{
	struct braid_out_opts opts = { .buffer_rows = keep };

	m->buf = NULL;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	m->o = braid_out_new(l, fmt, m->f, &opts);
}

/* Ends the listing and returns what was written (free it). */
static char *mem_close(struct mem *m, int ok)
{
	struct braid_err err = BRAID_ERR_INIT;

	assert_int_equal(braid_out_end(m->o, ok, &err), 0);
	braid_out_free(m->o);
	fclose(m->f);
	return m->buf;
}

/* A listing of people: name, city (table: "CITY"), age (right), id (#N), note (data only). */
enum { P_ID, P_NAME, P_CITY, P_AGE, P_NOTE, P_N };
static const struct braid_column people_cols[] = {
	[P_ID] = { "ID", "id", BRAID_VAL_INT, BRAID_COL_HASH | BRAID_COL_RIGHT, 0 },
	[P_NAME] = { "NAME", "name", BRAID_VAL_STR, 0, 0 },
	[P_CITY] = { "CITY", "city", BRAID_VAL_STR, 0, 0 },
	[P_AGE] = { "AGE", "age", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
	[P_NOTE] = { "NOTE", "note", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
};
static const struct braid_listing people = { "people", people_cols, P_N, NULL, 0, 0 };

static void person(struct braid_out *o, int64_t id, const char *name, const char *city, int64_t age,
		   const char *note)
{
	struct braid_value v[P_N];

	v[P_ID] = braid_val_int(id);
	v[P_NAME] = braid_val_str(name);
	v[P_CITY] = braid_val_str(city);
	v[P_AGE] = braid_val_int_or_null(age, -1);
	v[P_NOTE] = braid_val_str(note);
	braid_out_row(o, v);
}

static void table_aligns_by_terminal_columns(void **state)
{
	struct mem m;
	char *out;

	mem_open(&m, &people, BRAID_OUT_TABLE, 0);
	/* "Ташкент" is 7 code points (14 bytes), "東京" 2 code points of width 2 each */
	person(m.o, 1, "Ana", "Ташкент", 34, "x");
	person(m.o, 12, "Dilnoza Karimova", "東京", -1, NULL);
	person(m.o, 3, "Ли", NULL, 7, "");
	out = mem_close(&m, 1);
	assert_string_equal(out, " ID  NAME              CITY     AGE\n"
				 " #1  Ana               Ташкент   34\n"
				 "#12  Dilnoza Karimova  東京       -\n"
				 " #3  Ли                -          7\n");
	free(out);
}

static void table_last_left_column_is_not_padded(void **state)
{
	static const struct braid_column cols[] = {
		{ "A", "a", BRAID_VAL_STR, 0, 0 },
		{ "TEXT", "text", BRAID_VAL_STR, 0, 0 },
	};
	static const struct braid_listing l = { "t", cols, 2, NULL, 0, 0 };
	struct braid_value v[2];
	struct mem m;
	char *out;

	mem_open(&m, &l, BRAID_OUT_TABLE, 0);
	v[0] = braid_val_str("long first");
	v[1] = braid_val_str("x");
	braid_out_row(m.o, v);
	v[0] = braid_val_str("b");
	v[1] = braid_val_str("a longer text");
	braid_out_row(m.o, v);
	out = mem_close(&m, 1);
	assert_string_equal(out, "A           TEXT\n"
				 "long first  x\n"
				 "b           a longer text\n");
	free(out);
}

/*
 * With three rows kept, the widths come from the header and those rows; the
 * fourth row's wider cells push the rest of its line, and are not cut.
 */
static void table_streams_after_the_kept_rows(void **state)
{
	struct mem m;
	char *out;

	mem_open(&m, &people, BRAID_OUT_TABLE, 3);
	person(m.o, 1, "Ana", "Oslo", 34, NULL);
	person(m.o, 2, "Bo", "Rome", 5, NULL);
	fflush(m.f);
	assert_int_equal(m.len, 0); /* still measuring */
	person(m.o, 3, "Cy", "Kyiv", 61, NULL);
	fflush(m.f);
	assert_true(m.len > 0); /* the kept rows are out before the listing ends */
	person(m.o, 1000, "Dilnoza Karimova", "Samarqand", 100, NULL);
	person(m.o, 5, "Ed", "Lima", 1, NULL);
	out = mem_close(&m, 1);
	assert_string_equal(out, "ID  NAME  CITY  AGE\n"
				 "#1  Ana   Oslo   34\n"
				 "#2  Bo    Rome    5\n"
				 "#3  Cy    Kyiv   61\n"
				 "#1000  Dilnoza Karimova  Samarqand  100\n"
				 "#5  Ed    Lima    1\n");
	free(out);
}

/* Memory does not grow with the rows: 200,000 rows through a table kept to 500. */
static void table_many_rows(void **state)
{
	FILE *f = fopen("/dev/null", "w");
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_out *o;

	assert_non_null(f);
	o = braid_out_new(&people, BRAID_OUT_TABLE, f, NULL);
	for (int i = 0; i < 200000; i++)
		person(o, i, "Name", "City", i % 90, NULL);
	assert_int_equal(braid_out_end(o, 1, &err), 0);
	braid_out_free(o);
	fclose(f);
}

static void table_failed_listing_prints_nothing(void **state)
{
	struct mem m;
	char *out;

	mem_open(&m, &people, BRAID_OUT_TABLE, 0);
	person(m.o, 1, "Ana", "Oslo", 34, NULL);
	out = mem_close(&m, 0);
	assert_string_equal(out, "");
	free(out);
}

static void table_width_limit_cuts_at_a_word(void **state)
{
	static const struct braid_column cols[] = {
		{ "N", "n", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
		{ "TEXT", "text", BRAID_VAL_STR, 0, 20 },
	};
	static const struct braid_listing l = { "t", cols, 2, NULL, 0, BRAID_LISTING_NO_HEADER };
	struct braid_value v[2];
	struct mem m;
	char *out;

	mem_open(&m, &l, BRAID_OUT_TABLE, 0);
	v[0] = braid_val_int(1);
	v[1] = braid_val_str("Мы жили\nв общежитии при заводе");
	braid_out_row(m.o, v);
	v[0] = braid_val_int(2);
	v[1] = braid_val_str("short");
	braid_out_row(m.o, v);
	out = mem_close(&m, 1);
	/* 20 code points: "Мы жили в общежитии " -> back to the space, then "..." */
	assert_string_equal(out, "1  Мы жили в общежитии...\n"
				 "2  short\n");
	free(out);
	/* a share is a percentage in the table and a whole number in the data */
	{
		static const struct braid_column sc[] = {
			{ "SHARE", "share", BRAID_VAL_REAL, BRAID_COL_SHARE | BRAID_COL_RIGHT, 0 },
		};
		static const struct braid_listing sl = { "s", sc, 1, NULL, 0, 0 };

		mem_open(&m, &sl, BRAID_OUT_TABLE, 0);
		v[0] = braid_val_real(0.12345);
		braid_out_row(m.o, v);
		v[0] = braid_val_real(1);
		braid_out_row(m.o, v);
		out = mem_close(&m, 1);
		assert_string_equal(out, " SHARE\n 12.3%\n100.0%\n");
		free(out);
		mem_open(&m, &sl, BRAID_OUT_CSV, 0);
		v[0] = braid_val_real(0.12345);
		braid_out_row(m.o, v);
		out = mem_close(&m, 1);
		assert_string_equal(out, "share\r\n0.12345\r\n");
		free(out);
	}
	/* a document has room: the whole text, on one line */
	mem_open(&m, &l, BRAID_OUT_MD, 0);
	v[0] = braid_val_int(1);
	v[1] = braid_val_str("Мы жили\nв общежитии при заводе");
	braid_out_row(m.o, v);
	out = mem_close(&m, 1);
	assert_non_null(strstr(out, "| 1 | Мы жили в общежитии при заводе |\n"));
	free(out);
}

static void json_types_and_escapes(void **state)
{
	static const struct braid_column cols[] = {
		{ "S", "s", BRAID_VAL_STR, 0, 0 },
		{ "I", "i", BRAID_VAL_INT, BRAID_COL_HASH, 0 },
		{ "R", "r", BRAID_VAL_REAL, 0, 0 },
		{ "B", "b", BRAID_VAL_BOOL, 0, 0 },
		{ "J", "j", BRAID_VAL_JSON, 0, 0 },
		{ "SHOWN", NULL, BRAID_VAL_STR, BRAID_COL_TABLE, 0 },
	};
	static const struct braid_listing l = { "t", cols, 6, NULL, 0, 0 };
	struct braid_value v[6];
	struct mem m;
	char *out;

	mem_open(&m, &l, BRAID_OUT_JSON, 0);
	v[0] = braid_val_str("a \"q\" \\ b\n\tc\x01 é 東");
	v[1] = braid_val_int(-42);
	v[2] = braid_val_real(0.1);
	v[3] = braid_val_bool(1);
	v[4] = braid_val_json("{\"x\":[1,2]}");
	v[5] = braid_val_str("table only");
	braid_out_row(m.o, v);
	v[0] = braid_val_null();
	v[1] = braid_val_null();
	v[2] = braid_val_real(1.0 / 3);
	v[3] = braid_val_bool(0);
	v[4] = braid_val_json(NULL);
	braid_out_row(m.o, v);
	out = mem_close(&m, 1);
	assert_string_equal(out,
			    "[{\"s\":\"a \\\"q\\\" \\\\ b\\n\\tc\\u0001 é 東\",\"i\":-42,\"r\":0.1,"
			    "\"b\":true,\"j\":{\"x\":[1,2]}},"
			    "{\"s\":null,\"i\":null,\"r\":0.3333333333333333,\"b\":false,\"j\":null}]\n");
	free(out);
	mem_open(&m, &l, BRAID_OUT_JSON, 0);
	out = mem_close(&m, 1);
	assert_string_equal(out, "[]\n");
	free(out);
}

static void csv_quotes_only_what_needs_it(void **state)
{
	struct mem m;
	char *out;

	mem_open(&m, &people, BRAID_OUT_CSV, 0);
	person(m.o, 1, "Smith, Ana", "Oslo", 34, "she said \"no\"");
	person(m.o, 2, "Bo", "", -1, NULL);
	person(m.o, 3, "Cy", "Kyiv\nUkraine", 61, "Київ; tab\there");
	out = mem_close(&m, 1);
	/* null is nothing, the empty string "" */
	assert_string_equal(out, "id,name,city,age,note\r\n"
				 "1,\"Smith, Ana\",Oslo,34,\"she said \"\"no\"\"\"\r\n"
				 "2,Bo,\"\",,\r\n"
				 "3,Cy,\"Kyiv\nUkraine\",61,Київ; tab\there\r\n");
	free(out);
}

static void tsv_escapes_tabs_and_line_breaks(void **state)
{
	struct mem m;
	char *out;

	mem_open(&m, &people, BRAID_OUT_TSV, 0);
	person(m.o, 1, "a\tb", "line\nbreak\r\n", 34, "back\\slash");
	person(m.o, 2, "Bo", "", -1, NULL);
	out = mem_close(&m, 1);
	assert_string_equal(out, "id\tname\tcity\tage\tnote\n"
				 "1\ta\\tb\tline\\nbreak\\r\\n\t34\tback\\\\slash\n"
				 "2\tBo\t\t\t\n");
	free(out);
}

/* The table's own order and composed cells; the data formats keep theirs. */
static void table_order_and_composed_cells(void **state)
{
	enum { C_START, C_END, C_TEXT, C_SPAN, C_N };
	static const struct braid_column cols[] = {
		[C_START] = { "START", "start", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
		[C_END] = { "END", "end", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
		[C_TEXT] = { "TEXT", "text", BRAID_VAL_STR, 0, 0 },
		[C_SPAN] = { "SPAN", NULL, BRAID_VAL_STR, BRAID_COL_TABLE, 0 },
	};
	static const size_t order[] = { C_SPAN, C_TEXT };
	static const struct braid_listing l = { "t", cols, C_N, order, 2, 0 };
	struct braid_value v[C_N];
	size_t idx[C_N];
	struct mem m;
	char *out;

	assert_int_equal(braid_listing_table_cols(&l, idx), 2);
	assert_int_equal(idx[0], C_SPAN);
	v[C_START] = braid_val_int(5);
	v[C_END] = braid_val_int(17);
	v[C_TEXT] = braid_val_str("hello");
	v[C_SPAN] = braid_val_str("5-17");
	mem_open(&m, &l, BRAID_OUT_TABLE, 0);
	braid_out_row(m.o, v);
	out = mem_close(&m, 1);
	assert_string_equal(out, "SPAN  TEXT\n5-17  hello\n");
	free(out);
	mem_open(&m, &l, BRAID_OUT_TSV, 0);
	braid_out_row(m.o, v);
	out = mem_close(&m, 1);
	assert_string_equal(out, "start\tend\ttext\n5\t17\thello\n");
	free(out);
}

static void write_errors_are_reported(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_out *o;

	if (!f)
		skip();
	o = braid_out_new(&people, BRAID_OUT_CSV, f, NULL);
	person(o, 1, "Ana", "Oslo", 34, NULL);
	assert_int_equal(braid_out_end(o, 1, &err), BRAID_EIO);
	assert_string_equal(err.msg, "cannot write the output");
	braid_out_free(o);
	fclose(f);
}

/* ---- the documents: md, html, tex ---- */

/* Awkward cells: markup of every format, a Cyrillic word, a null, a right-aligned integer. */
enum { A_NAME, A_N, A_NOTE, A_KEY, A_N_ };
static const struct braid_column awkward_cols[] = {
	[A_NAME] = { "NAME", "name", BRAID_VAL_STR, 0, 0 },
	[A_N] = { "N", "n", BRAID_VAL_INT, BRAID_COL_RIGHT, 0 },
	[A_NOTE] = { "NOTE", "note", BRAID_VAL_STR, 0, 0 },
	[A_KEY] = { "KEY", "key", BRAID_VAL_STR, BRAID_COL_DATA, 0 }, /* not a table column */
};
static const struct braid_listing awkward = { "awkward", awkward_cols, A_N_, NULL, 0, 0 };

static char *awkward_doc(enum braid_out_format fmt, const char *title)
{
	struct braid_out_opts opts = { .title = title };
	struct braid_value v[A_N_];
	struct mem m;

	m.buf = NULL;
	m.f = open_memstream(&m.buf, &m.len);
	assert_non_null(m.f);
	m.o = braid_out_new(&awkward, fmt, m.f, &opts);
	v[A_KEY] = braid_val_str("hidden");
	v[A_NAME] = braid_val_str("a|b *c* _d_ `e` <f> & \"g\"");
	v[A_N] = braid_val_int(42);
	v[A_NOTE] = braid_val_str("% $ # _ { } ~ ^ \\");
	braid_out_row(m.o, v);
	v[A_NAME] = braid_val_str("Сестра");
	v[A_N] = braid_val_null();
	v[A_NOTE] = braid_val_str("two\nlines");
	braid_out_row(m.o, v);
	v[A_NAME] = braid_val_str("[draft]");
	v[A_N] = braid_val_int(-7);
	v[A_NOTE] = braid_val_str("");
	braid_out_row(m.o, v);
	braid_out_note(m.o, "First note.");
	braid_out_note(m.o, "Second | note & <more>");
	return mem_close(&m, 1);
}

static void md_is_a_pipe_table(void **state)
{
	char *out = awkward_doc(BRAID_OUT_MD, "Awkward: 100% <sure>");

	assert_string_equal(out,
		"**Awkward: 100% \\<sure\\>**\n"
		"\n"
		"| NAME | N | NOTE |\n"
		"|---|---:|---|\n"
		"| a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> & \"g\" | 42 | % $ \\# \\_ { } ~ ^ \\\\ |\n"
		"| Сестра | - | two lines |\n"
		"| \\[draft\\] | -7 |  |\n"
		"\n"
		"First note.\n"
		"\n"
		"Second \\| note & \\<more\\>\n");
	free(out);
	out = awkward_doc(BRAID_OUT_MD, NULL);
	assert_true(!strncmp(out, "| NAME | N | NOTE |\n", 20));
	free(out);
}

static void html_is_one_sortable_file(void **state)
{
	char *out = awkward_doc(BRAID_OUT_HTML, "Awkward: 100% <sure>");
	const char *body = strstr(out, "<title>"), *script = strstr(out, "<script>");

	assert_true(!strncmp(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n", 40));
	assert_non_null(strstr(out, "<meta name=\"generator\" content=\"braid " BRAID_VERSION "\">\n"));
	assert_non_null(strstr(out, "<style>\n"));
	assert_non_null(body);
	assert_non_null(script);
	assert_null(strstr(out, "http"));
	assert_null(strstr(out, " src="));
	assert_true(!strncmp(body,
		"<title>Awkward: 100% &lt;sure&gt;</title>\n"
		"</head>\n"
		"<body>\n"
		"<h1>Awkward: 100% &lt;sure&gt;</h1>\n"
		"<table class=\"sortable\">\n"
		"<thead><tr><th>NAME</th><th class=\"n\">N</th><th>NOTE</th></tr></thead>\n"
		"<tbody>\n"
		"<tr><td>a|b *c* _d_ `e` &lt;f&gt; &amp; &quot;g&quot;</td><td class=\"n\">42</td>"
		"<td>% $ # _ { } ~ ^ \\</td></tr>\n"
		"<tr><td>Сестра</td><td class=\"n\">-</td><td>two lines</td></tr>\n"
		"<tr><td>[draft]</td><td class=\"n\">-7</td><td></td></tr>\n"
		"</tbody>\n"
		"</table>\n"
		"<p>First note.</p>\n"
		"<p>Second | note &amp; &lt;more&gt;</p>\n"
		"<script>\n", (size_t)(script - body) + 9));
	/* one script, sorting the table by the clicked header, and the end of the file */
	assert_non_null(strstr(script, "table.sortable"));
	assert_non_null(strstr(script, "onclick"));
	assert_null(strstr(script + 1, "<script"));
	assert_string_equal(out + strlen(out) - 26, "</script>\n</body>\n</html>\n");
	free(out);
	/* no title: the listing's name */
	out = awkward_doc(BRAID_OUT_HTML, NULL);
	assert_non_null(strstr(out, "<title>awkward</title>\n</head>\n<body>\n<h1>awkward</h1>\n"));
	free(out);
}

static void tex_is_a_booktabs_longtable(void **state)
{
	char *out = awkward_doc(BRAID_OUT_TEX, "Awkward: 100% <sure>");

	assert_string_equal(out,
		"% braid: a longtable; the document needs \\usepackage{longtable,booktabs,array}\n"
		"\\begin{longtable}{lrl}\n"
		"\\caption{Awkward: 100\\% \\textless{}sure\\textgreater{}}\\\\\n"
		"\\toprule\n"
		"\\textbf{NAME} & \\textbf{N} & \\textbf{NOTE} \\\\\n"
		"\\midrule\n"
		"\\endfirsthead\n"
		"\\toprule\n"
		"\\textbf{NAME} & \\textbf{N} & \\textbf{NOTE} \\\\\n"
		"\\midrule\n"
		"\\endhead\n"
		"a\\textbar{}b *c* \\_d\\_ `e` \\textless{}f\\textgreater{} \\& \"g\" & 42 & "
		"\\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\\\\n"
		"Сестра & - & two lines \\\\\n"
		"{}[draft] & -7 &  \\\\\n"
		"\\bottomrule\n"
		"\\end{longtable}\n"
		"\n"
		"First note.\n"
		"\n"
		"Second \\textbar{} note \\& \\textless{}more\\textgreater{}\n");
	free(out);
	/* no title: no caption, one head */
	out = awkward_doc(BRAID_OUT_TEX, NULL);
	assert_non_null(strstr(out, "\\begin{longtable}{lrl}\n\\toprule\n"));
	assert_null(strstr(out, "\\caption"));
	assert_null(strstr(out, "\\endfirsthead"));
	free(out);
}

/* A failed listing still ends its document well-formed, without the notes. */
static void failed_document_is_closed(void **state)
{
	struct braid_out_opts opts = { .title = "T" };
	struct mem m;
	char *out;

	m.buf = NULL;
	m.f = open_memstream(&m.buf, &m.len);
	m.o = braid_out_new(&awkward, BRAID_OUT_HTML, m.f, &opts);
	braid_out_note(m.o, "never shown");
	out = mem_close(&m, 0);
	assert_non_null(strstr(out, "<tbody>\n</tbody>\n</table>\n"));
	assert_null(strstr(out, "never shown"));
	assert_string_equal(out + strlen(out) - 16, "</body>\n</html>\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_aligns_by_terminal_columns),
		cmocka_unit_test(table_last_left_column_is_not_padded),
		cmocka_unit_test(table_streams_after_the_kept_rows),
		cmocka_unit_test(table_many_rows),
		cmocka_unit_test(table_failed_listing_prints_nothing),
		cmocka_unit_test(table_width_limit_cuts_at_a_word),
		cmocka_unit_test(json_types_and_escapes),
		cmocka_unit_test(csv_quotes_only_what_needs_it),
		cmocka_unit_test(tsv_escapes_tabs_and_line_breaks),
		cmocka_unit_test(table_order_and_composed_cells),
		cmocka_unit_test(write_errors_are_reported),
		cmocka_unit_test(md_is_a_pipe_table),
		cmocka_unit_test(html_is_one_sortable_file),
		cmocka_unit_test(tex_is_a_booktabs_longtable),
		cmocka_unit_test(failed_document_is_closed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
