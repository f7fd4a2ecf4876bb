/*
 * csvread.h - CSV files read whole into rows of fields (libcsv).
 *
 * The one CSV reader of the core: the case map of ingest, the reliability
 * matrix of `agree --matrix` and survey data all read through it. A file is
 * read into memory, checked to be UTF-8, its byte-order mark dropped (the
 * one a spreadsheet writes in front of "CSV UTF-8"), and fed to libcsv line
 * by line, so that every field knows the line it ends on and every error
 * names the file, the line and the column (the field's number, from 1).
 * Quoted fields may hold delimiters, doubled quotes and line breaks (CRLF or
 * LF; a CRLF inside a field is read as LF); lines end in LF or CRLF. Blank lines are skipped, as
 * libcsv does.
 *
 * The delimiter is a comma or a semicolon (what a spreadsheet in a locale
 * with a decimal comma writes): given, or detected from the first line
 * (outside quotes, the one that occurs more often; a comma on a tie).
 *
 * Fields are trimmed of spaces and tabs at both ends; an empty field is
 * NULL, so "missing" needs no second test. Rows are kept as they come, each
 * with its own number of fields: a caller that wants a rectangle checks
 * `n` against the header's and words the error for its own file.
 *
 * Memory: the struct braid_csv owns its rows and their texts; release it
 * with braid_csv_release. Borrowed pointers into it live until then.
 */
#ifndef BRAID_CSVREAD_H
#define BRAID_CSVREAD_H

#include <stddef.h>

#include "braid/err.h"

struct braid_csv_cell {
	char *text;  /* trimmed; NULL when the field is empty */
	size_t line; /* the line the field ends on, from 1 */
	size_t col;  /* the field's number in its row, from 1 */
};

struct braid_csv_row {
	struct braid_csv_cell *cell;
	size_t n;    /* fields in this row */
	size_t line; /* the line the row starts on */
};

struct braid_csv {
	struct braid_csv_row *row;
	size_t nrow, alloc;
	char delim; /* the delimiter used: ',' or ';' */
};

struct braid_csv_opts {
	char delim; /* ',' or ';'; 0 detects it from the first line */
	int strict; /* refuse a quote inside an unquoted field or after a closing one */
};

#define BRAID_CSV_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

/*
 * Reads the CSV file at path into csv (which must be initialised and is
 * appended to). Errors: BRAID_EIO (cannot read), BRAID_EENCODING (not
 * UTF-8), BRAID_EPARSE ("'x.csv': line 3, column 2: ..."). `what` names the
 * file in messages ("case map" gives "case map 'x.csv': ..."); NULL for
 * none. opts may be NULL (detect the delimiter, not strict).
 */
int braid_csv_read(struct braid_csv *csv, const char *path, const char *what,
		   const struct braid_csv_opts *opts, struct braid_err *err);

/* The same over a buffer (the fuzz harness, tests); name stands for the file in messages. */
int braid_csv_parse(struct braid_csv *csv, const char *name, const char *what, const char *buf,
		    size_t len, const struct braid_csv_opts *opts, struct braid_err *err);

/* The delimiter the first line of buf suggests: ';' when it has more semicolons than commas. */
char braid_csv_detect(const char *buf, size_t len);

void braid_csv_release(struct braid_csv *csv);

#endif
