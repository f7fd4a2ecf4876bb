/*
 * quantitize.h - the qualitative analysis turned into numbers: a matrix of
 * cases by themes, each cell the theme's presence in the case (0/1), its
 * count of segments, or its coverage (the share of the case's own words
 * coded with it), with survey variables joined as further columns
 * (`braid matrix`, docs/triangulation.md).
 *
 * The figures are prevalence's, case by case (themes.h,
 * braid_themes_cases_each, docs/workflow.md): the themes in play, each
 * with its sub-themes' codes; accepted codings of every coder or of one;
 * a segment (document and span) counted once however many codes or coders
 * coded it, for the case of the turn it starts in; coverage the union of
 * the theme's segments (overlaps once) within the case's participant
 * turns, over all the words the case speaks as a participant. Rows are the
 * cases with words of their own, by name. One walk over the codings
 * serves every cell; no document text is read.
 *
 * opts.rows counts the same walk by document or by speaker instead
 * (themes.h): a row per document whose participants speak words, or per
 * participant with words ("DOC:LABEL"); a segment counts for the document
 * or speaker of the participant's turn it starts in; words are the
 * document's participants' or the speaker's own. Interviewers' words count
 * for no row, as they count for no case.
 *
 * A survey variable joined (opts.vars) takes its value from the survey row
 * linked to the row's case (docs/triangulation.md, *Linking cases*): the
 * case itself, a document's case, a speaker's case (its own, else its
 * document's); a row without a case, a case with no linked row, or a row
 * with no value, has none (missing).
 *
 * The matrix owns everything in it; braid_matrix_release frees it.
 */
#ifndef BRAID_QUANTITIZE_H
#define BRAID_QUANTITIZE_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/table.h"
#include "braid/vocab.h"

#define BRAID_MATRIX_QUOTE_MAX 280

struct braid_matrix_opts {
	const char *coder;	 /* that coder's accepted codings only; NULL: every coder's */
	const char *const *vars; /* survey variables to join, by name (exact); may be NULL */
	size_t nvars;
	enum braid_matrix_rows rows; /* what a row is: a case (0, the default), document, speaker */
};

struct braid_matrix_var {
	char *name;
	char *type;   /* binary, numeric, ordinal, categorical (survey.h) */
	char **text;  /* per row: the value as written, NULL when missing */
	/*
	 * per row: the number, when has_num; binary as 0/1; ordinal the level's
	 * place in the order (1 for the first level), its score
	 */
	double *num;
	int *has_num; /* per row: the value reads as a number (binary as 0/1) */
	int numeric;  /* every value it has reads as a number: the listing gives numbers */
	char **levels; /* ordinal: the levels in order (nlevels); else NULL */
	size_t nlevels;
};

struct braid_matrix {
	size_t nrows;	      /* cases, documents or speakers (by) */
	char **rows;	      /* their names: case names by name, document names by name, "DOC:LABEL" */
	int64_t *words_total; /* per row: the row's own (participant) words */
	size_t ncols;	      /* themes in play, tree order */
	char **slugs, **names;
	int64_t *segments; /* nrows x ncols, row-major */
	int64_t *words;	   /* nrows x ncols: the case's words coded with the theme */
	int64_t *ids;      /* per column: the theme's (the code's) id */
	int codes;         /* the columns are codes */
	/*
	 * nrows x ncols after braid_matrix_texts, else NULL: the cell's
	 * text, NULL when it has none. quotes: the theme's quotes from the row
	 * (each cut to BRAID_MATRIX_QUOTE_MAX characters at a word, on one line,
	 * a blank line between them), else the theme's first extract in the row,
	 * cut the same; summary: the case's summary for the theme (summary.h).
	 * A quote or extract belongs to a row as its segment counts (above).
	 */
	char **text;
	size_t nvars;
	struct braid_matrix_var *vars; /* in the order asked */
	enum braid_matrix_rows by;
	char **cases; /* per row: its case, NULL if none; NULL for a matrix built by hand */
};

/*
 * Fills m (zeroed first). A variable not in the survey is BRAID_ENOTFOUND
 * naming it; an unknown coder is the themes' error. On error m holds
 * nothing to free beyond what braid_matrix_release frees.
 */
int braid_matrix_themes(struct braid_store *st, const struct braid_matrix_opts *opts,
			struct braid_matrix *m, struct braid_err *err);
/*
 * The same with the active codes as columns (tree order; slugs and names),
 * each counted as a theme holding that one code (its own codings, not its
 * sub-codes'), from one walk (themes.h, braid_codes_cases_each).
 */
int braid_matrix_codes(struct braid_store *st, const struct braid_matrix_opts *opts,
		       struct braid_matrix *m, struct braid_err *err);
void braid_matrix_release(struct braid_matrix *m);
/*
 * Fills m->text for value quotes or summary (the Framework Method's
 * matrix), from a matrix of themes braid_matrix_themes filled with the
 * same opts; BRAID_EINVAL for a matrix of codes (quotes and summaries are
 * the themes'), and for summaries by document or speaker (a summary is a
 * case's).
 */
int braid_matrix_texts(struct braid_store *st, const struct braid_matrix_opts *opts,
		       enum braid_matrix_value value, struct braid_matrix *m, struct braid_err *err);

/*
 * Joins opts->vars to the rows m holds already (m->cases, else m->rows as
 * case names; any order, a case on several rows): what the two calls above
 * do last. For a table whose rows are
 * other things of the cases (segments): a matrix of every case's name and
 * no columns, joined, then looked up by name.
 */
int braid_matrix_join(struct braid_store *st, const struct braid_matrix_opts *opts,
		      struct braid_matrix *m, struct braid_err *err);
/* Variable var's value in row r as the listing gives it: a real, text, or null when missing. */
struct braid_value braid_matrix_var_value(const struct braid_matrix *m, size_t var, size_t r);

/*
 * One cell as `value` gives it: 0/1, the count, or the share (0 when the
 * case has no words); quotes and summary are texts (m->text), 0 here.
 */
double braid_matrix_cell(const struct braid_matrix *m, size_t row, size_t col,
			 enum braid_matrix_value value);

/*
 * The listing of the matrix (table.h): "case" ("doc", "speaker"), one column per theme (its
 * slug; integers for presence and count, reals for coverage, text for
 * quotes and summary, null where the cell has none), then one per
 * variable (its name; reals when every value is a number, else text).
 * Columns are built for this matrix: l and cols belong to the caller,
 * cols with room for 1 + m->ncols + m->nvars.
 */
void braid_matrix_listing(const struct braid_matrix *m, enum braid_matrix_value value,
			  struct braid_listing *l, struct braid_column *cols);
/* Row r's values into row (made for that listing). */
void braid_matrix_values(const struct braid_matrix *m, size_t r, enum braid_matrix_value value,
			 struct braid_row *row);

#endif
