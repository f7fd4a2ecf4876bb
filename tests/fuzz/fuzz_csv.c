/*
 * fuzz_csv.c - libFuzzer harness for the core's CSV reader (csvread.h), the
 * one under the case map, the reliability matrix and survey import.
 *
 * Any bytes go in, with the delimiter detected, given as ';', and in strict
 * mode. A refusal must name the file first ("'x.csv': ..."); an accepted
 * file gives rows whose lines never go down, whose fields sit on lines at
 * or after their row's and are numbered 1..n, and whose texts are never
 * empty strings (an empty field is NULL) nor start or end with a space.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/csvread.h"
#include "fuzz.h"

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_csv: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static void check(const char *data, size_t size, const struct braid_csv_opts *opts)
{
	struct braid_csv csv = BRAID_CSV_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	size_t last = 0;

	if (braid_csv_parse(&csv, "x.csv", NULL, data, size, opts, &err)) {
		if (strncmp(err.msg, "'x.csv'", 7))
			die("a refusal that does not name the file", err.msg);
		braid_csv_release(&csv);
		return;
	}
	if (csv.delim != ',' && csv.delim != ';')
		die("no delimiter", NULL);
	for (size_t r = 0; r < csv.nrow; r++) {
		const struct braid_csv_row *row = &csv.row[r];

		if (row->line < last || row->line < 1)
			die("rows out of line order", NULL);
		last = row->line;
		for (size_t c = 0; c < row->n; c++) {
			const struct braid_csv_cell *f = &row->cell[c];
			size_t n;

			if (f->col != c + 1 || f->line < row->line)
				die("a field's line or column is wrong", f->text);
			if (!f->text)
				continue;
			n = strlen(f->text);
			if (!n || f->text[0] == ' ' || f->text[n - 1] == ' ')
				die("a field not trimmed or empty", f->text);
		}
	}
	braid_csv_release(&csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct braid_csv_opts semi = {';', 0}, strict = {0, 1};

	check((const char *)data, size, NULL);
	check((const char *)data, size, &semi);
	check((const char *)data, size, &strict);
	return 0;
}
