/*
 * survey.h - survey data: a CSV of participants' answers imported into the
 * project, its variables typed, and its rows linked to cases.
 *
 * A survey is one table: one row per participant (the survey id, a column
 * named at import), one column per variable. Values are kept as written and,
 * when they read as numbers, as numbers (a binary yes/no as 1/0); a missing
 * value (an empty field, NA, N/A, ".", or a marker the caller adds) has no
 * value at all. The tables (schema 5, docs/architecture.md) are clustered
 * by variable, the way the matrix and triangulate commands read them.
 *
 * Linking: a survey row is linked to at most one case, and a case to at most
 * one row. Survey ids match case names ignoring ASCII case ("p001" is
 * P001): spreadsheets and transcripts are typed by different hands, and two
 * participants whose ids differ only in case would be a mistake in either.
 *
 * Every call that writes runs inside an open change (braid_store_begin) and
 * notes what it did; undo takes it back whole. Strings handed to callbacks
 * are borrowed for the call; results the caller releases say so.
 */
#ifndef BRAID_SURVEY_H
#define BRAID_SURVEY_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/table.h"
#include "braid/vocab.h"

struct braid_survey_import_opts {
	const char *id_col;    /* the column of survey ids (exact, else ignoring case) */
	char delim;	       /* ',' or ';'; 0 detects it from the header line */
	const char *const *na; /* further missing-value markers, exact; may be NULL */
	size_t nna;
	int skip_bad; /* import the good rows and list the bad ones */
};

/* A row left out: its line in the file and why ("2 fields, the header has 14"). */
struct braid_survey_bad {
	size_t line;
	char *why;
};

struct braid_survey_import_result {
	size_t rows, vars;	      /* imported */
	size_t kept_rows;	      /* rows whose id was there before (re-import) */
	size_t removed_rows;	      /* rows of the earlier import not in this file */
	size_t linked;		      /* rows linked to a case automatically by this import */
	struct braid_survey_bad *bad; /* every bad row, in file order (owned) */
	size_t nbad;
	char delim; /* the delimiter read */
};

void braid_survey_import_result_release(struct braid_survey_import_result *r);

/*
 * Imports the survey at path, replacing any earlier one: variables and rows
 * not in the file go, rows with the same id keep their link to a case, a
 * variable typed by hand keeps its type when the new values still fit it
 * (else it is inferred again, with a warning). Types are inferred: binary
 * (exactly two values, 0/1, yes/no, true/false or y/n, any case), numeric
 * (every value a number; with ';' as delimiter a decimal comma is read
 * too), else categorical. Rows with the wrong number of fields, an empty id
 * or an id already seen (ignoring case) are bad: without skip_bad nothing
 * is imported and the error (BRAID_EPARSE) counts them, r->bad listing
 * each. After the import, unlinked rows are linked to cases automatically
 * (braid_survey_link_auto). Needs an open change.
 */
int braid_survey_import(struct braid_store *st, const char *path,
			const struct braid_survey_import_opts *opts,
			struct braid_survey_import_result *r, struct braid_err *err);

/*
 * Sets a variable's type (typed by hand from then on). numeric: every value
 * must be a number (else BRAID_EINVAL naming the survey id, its line and the
 * value). ordinal: levels in their order, required, covering every value.
 * categorical and binary: levels optional (else the values, sorted),
 * covering every value; binary has at most two.
 */
int braid_survey_set_type(struct braid_store *st, const char *var, enum braid_survey_type type,
			  const char *const *levels, size_t nlevels, struct braid_err *err);

/* ---- variables: the listing of `survey vars` ---- */

struct braid_survey_var_row {
	const char *name;
	const char *type;
	int typed;		   /* set by hand */
	int64_t n;		   /* rows with a value */
	int64_t rows;		   /* rows in the survey */
	int numeric;		   /* mean, sd, min, max are set (numeric variables with n > 0) */
	double mean, sd, min, max; /* sd: sample (n - 1); 0 when n = 1 */
	const char *levels;	   /* JSON array of the levels in order, or NULL */
	const char *counts; /* JSON object: level -> rows (binary, ordinal, categorical), or NULL */
	const char *counts_text; /* the same for reading: "low 40, medium 60" */
};

typedef int (*braid_survey_var_fn)(const struct braid_survey_var_row *r, void *ctx);

/* Every variable in file order. */
int braid_survey_vars(struct braid_store *st, braid_survey_var_fn fn, void *ctx,
		      struct braid_err *err);

/* name, type, n, missing (share), mean, sd, min, max, levels (counts), typed */
extern const struct braid_listing braid_survey_vars_listing;
void braid_survey_var_values(const struct braid_survey_var_row *r, struct braid_row *row);

/* ---- one row: `survey show` ---- */

struct braid_survey_value_row {
	const char *var, *type;
	const char *text; /* NULL: missing */
	int has_num;
	double num;
};

/* The values of survey row `id` (ignoring case) in variable order; *case_name (may be NULL) gets
 * its case (owned) or NULL. */
int braid_survey_show(struct braid_store *st, const char *id, char **case_name,
		      int (*fn)(const struct braid_survey_value_row *r, void *ctx), void *ctx,
		      struct braid_err *err);

extern const struct braid_listing braid_survey_values_listing;
void braid_survey_value_values(const struct braid_survey_value_row *r, struct braid_row *row);

/* ---- linking cases ---- */

/*
 * Links unlinked survey rows to cases: a case whose name is the survey id
 * (ignoring case) and that has no row yet; else a participant speaker
 * without a case whose label is the survey id, which gets a new case of
 * that name. *linked (may be NULL): rows linked. Needs an open change.
 */
int braid_survey_link_auto(struct braid_store *st, size_t *linked, struct braid_err *err);

/*
 * Links survey row `id` to `target`: a case's name, or DOC:SPEAKER (a
 * participant of a document; one without a case gets a case named after the
 * survey id). A link either side had before is undone first (and noted).
 * Needs an open change.
 */
int braid_survey_link(struct braid_store *st, const char *target, const char *id,
		      struct braid_err *err);

/* Unlinks a case from its survey row. */
int braid_survey_unlink(struct braid_store *st, const char *case_name, struct braid_err *err);

/* ---- what is not linked: `cases check` ---- */

struct braid_case_check_row {
	const char *problem; /* "no survey row", "not interviewed", "no case" */
	const char *what;    /* "case", "survey row", "speaker", "document" */
	const char *name;    /* the case, survey id, DOC:SPEAKER or document */
	const char *detail;  /* more (documents of a case, the line of a survey row), or NULL */
};

/*
 * Cases without a survey row, survey rows without a case (ids never
 * interviewed), participant speakers and interviews with no case at all:
 * each list in name order. Nothing when no survey is imported but the
 * speakers and documents without a case.
 */
int braid_survey_check(struct braid_store *st,
		       int (*fn)(const struct braid_case_check_row *r, void *ctx), void *ctx,
		       struct braid_err *err);

extern const struct braid_listing braid_case_check_listing;
void braid_case_check_values(const struct braid_case_check_row *r, struct braid_row *row);

#endif
