/*
 * table.h - the output model of every listing. One description of a
 * listing's columns serves the aligned text table, JSON, CSV, TSV and the
 * documents (Markdown, HTML, LaTeX) written here, and the TUI's lists, which read the same description and
 * the same row values and draw them themselves.
 *
 * A listing (struct braid_listing) is an array of columns, each with its
 * table header, its JSON key (which is also its CSV/TSV header), its value
 * type, flags and the widest the table may show it. A row is an array of
 * values (struct braid_value), one per column, that the listing's row
 * function (columns.h) fills from the core's row struct. Describing and
 * rendering are separate: a renderer (struct braid_out) takes a listing and
 * rows and writes them to a FILE * the client hands over, in one of the
 * formats of BRAID_VOCAB_OUT_FORMAT (vocab.h). The core never picks stdout
 * or stderr itself.
 *
 * Which columns go where: the table and the documents show the columns
 * named in listing->table, in that order, or when that is NULL every column
 * without BRAID_COL_DATA, in description order; JSON, CSV and TSV show every column
 * without BRAID_COL_TABLE, in description order. So a table may show a cell
 * composed for reading ("45-146", "[hit] right context") that the data
 * formats give as separate fields, and the data formats may carry fields the
 * table leaves out.
 *
 * Formats (docs/cli.md says the same for the person):
 *  - table: a header line (unless BRAID_LISTING_NO_HEADER), cells separated
 *    by two spaces, padded to the widest cell of their column in terminal
 *    columns (braid_text_width: wide characters count 2); right-aligned
 *    columns are padded on the left; the last column, if left-aligned, is
 *    not padded. Null is "-", BRAID_COL_HASH integers "#N", booleans
 *    "yes"/"no". The first rows (BRAID_OUT_BUFFER_ROWS, 500, unless the
 *    options say otherwise) are kept to size the columns; after them rows
 *    are written as they come with those widths, so memory does not grow
 *    with the listing. A later cell wider than its column pushes the rest of
 *    its line to the right; no cell is ever cut, except in a column with a
 *    width limit, where every cell is cut at a word boundary (with "...").
 *  - json: one array of objects, compact, a newline after the closing
 *    bracket; strings escaped (json.h), integers as integers, reals in their
 *    shortest exact form, booleans as true/false, null as null, BRAID_VAL_JSON
 *    values as they are.
 *  - csv: RFC 4180: a header line of the keys, then one line per row,
 *    fields separated by commas, lines ended by CRLF. A field holding a
 *    comma, a double quote, CR or LF is quoted, its quotes doubled (libcsv);
 *    an empty string is written as "" and null as nothing, so the two stay
 *    apart. Booleans are true/false.
 *  - tsv: a header line of the keys, then one line per row, fields
 *    separated by tabs, lines ended by LF; inside a field a backslash is
 *    written \\, a tab \t, a line feed \n and a carriage return \r, so every
 *    row is one line. Null and the empty string are both an empty field.
 *  - md, html, tex: documents for people (doc.h writes them), with the
 *    table's columns and cells (braid_cell_text: null "-", "#N", cut
 *    texts), right-aligned columns right-aligned, every character their
 *    markup reads escaped, and the notes as paragraphs after the table.
 *    Rows are written as they come.
 *    md: a pipe table (a header row, an alignment row), the title before
 *    it as a bold line.
 *    html: one self-contained HTML5 file (doc.h's style sheet; nothing
 *    fetched), the title (else the listing's name) as its <h1>, the table
 *    sortable by a click on a header (an inline script: numbers as
 *    numbers), the notes as <p> after it.
 *    tex: a fragment to \input, its first line a comment naming the
 *    packages it needs (longtable, booktabs, array): a longtable, the
 *    title as its \caption, the bold header between \toprule and
 *    \midrule repeated on every page (\endhead), \bottomrule; a column
 *    with a width limit is a wrapped paragraph column.
 *
 * Values are borrowed: they point into the row struct handed to the row
 * function, or into the struct braid_row that holds it, and are copied only
 * when the table keeps a row.
 */
#ifndef BRAID_TABLE_H
#define BRAID_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "braid/err.h"
#include "braid/json.h"
#include "braid/strbuf.h"
#include "braid/vocab.h"

/* ---- values ---- */

enum braid_value_type {
	BRAID_VAL_NULL,
	BRAID_VAL_STR,  /* text (UTF-8) */
	BRAID_VAL_INT,
	BRAID_VAL_REAL,
	BRAID_VAL_BOOL,
	BRAID_VAL_JSON, /* text that is JSON already (an object, say): JSON writes it as it is */
};

struct braid_value {
	enum braid_value_type type;
	const char *s; /* STR, JSON: len bytes at s (borrowed) */
	size_t len;
	int64_t i;     /* INT; BOOL: 0 or 1 */
	double r;      /* REAL */
};

/* Text; NULL is null. */
static inline struct braid_value braid_val_str(const char *s)
{
	struct braid_value v = { s ? BRAID_VAL_STR : BRAID_VAL_NULL, s, s ? strlen(s) : 0, 0, 0 };
	return v;
}

/* len bytes of text at s (not NUL-terminated, need not be). */
static inline struct braid_value braid_val_strn(const char *s, size_t len)
{
	struct braid_value v = { BRAID_VAL_STR, s, len, 0, 0 };
	return v;
}

static inline struct braid_value braid_val_int(int64_t i)
{
	struct braid_value v = { BRAID_VAL_INT, NULL, 0, i, 0 };
	return v;
}

/* An integer, or null when it is `none` (0 for "no turn", BRAID_NO_TIME, ...). */
static inline struct braid_value braid_val_int_or_null(int64_t i, int64_t none)
{
	struct braid_value v = { i == none ? BRAID_VAL_NULL : BRAID_VAL_INT, NULL, 0, i, 0 };
	return v;
}

static inline struct braid_value braid_val_real(double r)
{
	struct braid_value v = { BRAID_VAL_REAL, NULL, 0, 0, r };
	return v;
}

static inline struct braid_value braid_val_bool(int b)
{
	struct braid_value v = { BRAID_VAL_BOOL, NULL, 0, b != 0, 0 };
	return v;
}

/* JSON text (NULL is null). */
static inline struct braid_value braid_val_json(const char *s)
{
	struct braid_value v = { s ? BRAID_VAL_JSON : BRAID_VAL_NULL, s, s ? strlen(s) : 0, 0, 0 };
	return v;
}

static inline struct braid_value braid_val_null(void)
{
	struct braid_value v = { BRAID_VAL_NULL, NULL, 0, 0, 0 };
	return v;
}

/* ---- the description ---- */

enum {
	BRAID_COL_RIGHT = 1 << 0,   /* table: right-aligned (counts) */
	BRAID_COL_TABLE = 1 << 1,   /* table only: a cell composed for reading */
	BRAID_COL_DATA = 1 << 2,    /* JSON, CSV, TSV only: the table leaves it out */
	BRAID_COL_HASH = 1 << 3,    /* table: an integer as "#N" (ids, turn numbers) */
	BRAID_COL_ONELINE = 1 << 4, /* table: line breaks and runs of white space as one space */
	BRAID_COL_SHARE = 1 << 5,   /* table: a real in [0, 1] as a percentage, "12.3%" */
};

struct braid_column {
	const char *header; /* in the table ("TURNS") */
	const char *key;    /* in JSON and the CSV/TSV header line ("turns");
			       NULL with BRAID_COL_TABLE */
	enum braid_value_type type; /* of its values, null aside (the TUI sorts and aligns by it) */
	unsigned flags;     /* BRAID_COL_* */
	size_t width;       /* table: at most this many code points, on one line, cut at a word
			       boundary with "..." after it (braid_text_oneline); 0: no limit */
};

enum {
	BRAID_LISTING_NO_HEADER = 1 << 0, /* the table has no header line (keyword in context) */
};

struct braid_listing {
	const char *name; /* "docs", "codings", ...: what the rows are */
	const struct braid_column *cols;
	size_t ncols;
	const size_t *table; /* indexes of the table's columns, in order; NULL: see above */
	size_t ntable;
	unsigned flags;      /* BRAID_LISTING_* */
};

/*
 * Stores the indexes of the table's columns, in order, in idx (room for
 * l->ncols) and returns how many there are.
 */
size_t braid_listing_table_cols(const struct braid_listing *l, size_t *idx);

/* 1 if column c is one of JSON's, CSV's and TSV's (it is not BRAID_COL_TABLE). */
int braid_column_is_data(const struct braid_column *c);

/* Appends v as the table shows it in column c: "-" for null, "#12", shortened text. */
void braid_cell_text(const struct braid_column *c, const struct braid_value *v, struct strbuf *out);

/*
 * Writes one row as a JSON object into j: for a listing nested in a larger
 * JSON value (the turns of `show --json`, the hits of `autocode --json`).
 */
void braid_listing_json_row(const struct braid_listing *l, const struct braid_value *v,
			    struct braid_json *j);
/* The same fields without the braces, into an object the caller opened (and adds to). */
void braid_listing_json_fields(const struct braid_listing *l, const struct braid_value *v,
			       struct braid_json *j);

/* ---- a row's values ---- */

/*
 * The values of one row, as a listing's row function fills them, with room
 * for the text it composes ("45-146", keyword-in-context contexts) and for
 * what it keeps from one row to the next. Reused row after row: embedded,
 * braid_row_init/braid_row_release.
 */
struct braid_row {
	struct braid_value *v; /* one per column of the listing */
	size_t n;
	struct strbuf text[4];
	struct strbuf state;
};

void braid_row_init(struct braid_row *r, const struct braid_listing *l);
void braid_row_release(struct braid_row *r);

/* ---- rendering ---- */

#define BRAID_OUT_BUFFER_ROWS 500

struct braid_out_opts {
	size_t buffer_rows; /* table: rows kept to size the columns; 0: BRAID_OUT_BUFFER_ROWS */
	int indent;         /* table: spaces before every line */
	const char *title;  /* what the listing is: md's bold line, tex's caption, html's
			       heading (NULL: none; html: the listing's name) */
};

struct braid_out;

/*
 * A renderer of listing l in format fmt onto f (opts may be NULL). CSV and
 * TSV write their header line here, JSON its opening bracket. The listing
 * must outlive the renderer.
 */
struct braid_out *braid_out_new(const struct braid_listing *l, enum braid_out_format fmt, FILE *f,
				const struct braid_out_opts *opts);

/* Writes (or, for the first rows of a table, keeps) one row: v[l->ncols]. */
void braid_out_row(struct braid_out *o, const struct braid_value *v);

/*
 * A note on the listing as a whole (the test used, a reference level, the
 * cases left out), in words: the table writes the notes after its rows,
 * one line each, the documents as paragraphs after the table; JSON, CSV
 * and TSV, which carry the figures themselves, leave them out. Copied; any
 * time before braid_out_end.
 */
void braid_out_note(struct braid_out *o, const char *text);

/*
 * Ends the listing. ok non-zero: the table prints the rows it kept (its
 * header first), JSON closes its array, the documents close their table
 * and write the notes. ok 0 (the listing failed): the table drops the rows
 * it has not printed yet; JSON still closes its array, and the documents
 * their table and document, without the notes. Returns
 * BRAID_EIO "cannot write the output" when writing to f failed.
 */
int braid_out_end(struct braid_out *o, int ok, struct braid_err *err);
void braid_out_free(struct braid_out *o);

#endif
