/*
 * reliability.h - agreement coefficients over a reliability data matrix:
 * units (rows) by coders (columns), each cell a value or missing.
 *
 * This is the numbers only: no project, no files. `braid agree --matrix`
 * fills the matrix from a CSV file (braid_rel_read_csv); `braid agree` on a
 * project fills one binary matrix per code (coded / not coded per unit) and
 * one pooled over codes. The definitions, with their references, are in
 * docs/agreement.md; every coefficient is checked in
 * tests/unit/test_reliability.c against a published worked example.
 *
 * Values are category indexes 0..ncat-1 into cat[], or BRAID_REL_MISSING.
 * At the nominal level only identity matters; at the ordinal level the
 * categories' order is their index order; at the interval and ratio levels
 * cat[i].value is the number.
 */
#ifndef BRAID_RELIABILITY_H
#define BRAID_RELIABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "braid/err.h"
#include "braid/json.h"
#include "braid/strbuf.h"
#include "braid/vocab.h"

#define BRAID_REL_MISSING (-1)

struct braid_rel_category {
	char *label;  /* as given ("3", "agree") */
	double value; /* its number (interval, ratio; ordinal when numeric) */
};

struct braid_rel_data {
	size_t units, coders, ncat;
	int *cell;                    /* units * coders, row by row: cell[u * coders + c] */
	struct braid_rel_category *cat;
	char **coder;                 /* coders names */
	char **unit;                  /* units labels (may be NULL: then "1", "2", ...) */
	size_t declared_categories;   /* --categories: the full set's size, 0 if not given */
};

/* A coefficient: defined, or not with the reason (borrowed, static text). */
struct braid_rel_value {
	bool defined;
	double v;
	const char *why; /* when !defined: "no variation: every value is the same", ... */
};

struct braid_rel_opts {
	enum braid_rel_level level;
	enum braid_rel_weights weights; /* for weighted kappa (two coders) */
	size_t bootstrap;               /* resamples for alpha's interval; 0: none */
	uint64_t seed;                  /* of the bootstrap's generator */
	double confidence;              /* of the interval, e.g. 0.95 */
};

struct braid_rel_result {
	size_t units;           /* units with at least one value */
	size_t pairable_units;  /* units with two or more values */
	size_t pairable_values; /* values in pairable units (Krippendorff's n..) */
	size_t agreements;      /* agreeing coder pairs within units */
	size_t pairs;           /* coder pairs within units */
	size_t *marginal;       /* coders * ncat: how often each coder gave each category */
	size_t coders, ncat;
	struct braid_rel_value alpha, percent_agreement, cohen_kappa, weighted_kappa, fleiss_kappa,
		brennan_prediger, gwet_ac1;
	bool has_ci;
	double ci_low, ci_high; /* alpha's bootstrap interval when has_ci */
	size_t ci_resamples;    /* resamples with a defined alpha: the interval's base */
	size_t categories;      /* q of Brennan-Prediger and AC1: declared, else those used */
	const char *note;       /* e.g. "only 4 pairable units: too few to be meaningful", or NULL */
	char note_buf[128];     /* where note points when it carries a number */
};

/* Fewer pairable units than this gives the result a note (docs/agreement.md). */
#define BRAID_REL_FEW_UNITS 10

/* The coefficients in the order every output lists them: JSON key and title. */
struct braid_rel_coef {
	const char *key;   /* "alpha", "percent_agreement", ... (docs/agreement.md) */
	const char *title; /* "Krippendorff's alpha", ... */
};
extern const struct braid_rel_coef braid_rel_coefs[]; /* ends with { NULL } */
/* The value of coefficient i of braid_rel_coefs in r (borrowed), or NULL. */
const struct braid_rel_value *braid_rel_coef_value(const struct braid_rel_result *r, size_t i);

/*
 * Computes every coefficient the data and level allow, and with
 * o->bootstrap alpha's percentile interval. Fails (BRAID_EINVAL) only on
 * options out of range or a cell that is no category; data that make a
 * coefficient meaningless make it undefined, with the reason. Release r
 * with braid_rel_result_release (also after a failure).
 */
int braid_rel_compute(const struct braid_rel_data *d, const struct braid_rel_opts *o,
		      struct braid_rel_result *r, struct braid_err *err);
void braid_rel_result_release(struct braid_rel_result *r);

/*
 * Writes the result's members into the JSON object open in j, under the
 * names of docs/agreement.md: units, pairable_units, pairable_values,
 * categories, the coefficients (alpha, percent_agreement, fleiss_kappa,
 * cohen_kappa, weighted_kappa, brennan_prediger, gwet_ac1; null when not
 * defined), alpha_ci ([low, high] or null), ci_resamples, agreements,
 * pairs, marginals ({coder: {category: count}}), undefined ({coefficient:
 * why}) and note (or null).
 */
void braid_rel_result_json(struct braid_json *j, const struct braid_rel_result *r,
			   const struct braid_rel_data *d);

/*
 * Reads a reliability matrix from CSV: a header row (a label for the unit
 * column, then the coders' names), one row per unit (its label, then one
 * value per coder; an empty cell is missing). Values that are all numbers
 * are categories ordered by number; labels are ordered as `categories`
 * lists them (NULL: by first appearance, which only the nominal level
 * accepts). Errors name the file, line and column.
 */
int braid_rel_read_csv(const char *path, enum braid_rel_level level, const char *const *categories,
		       size_t ncategories, struct braid_rel_data *d, struct braid_err *err);
void braid_rel_data_release(struct braid_rel_data *d);

/*
 * ---- writing results (agree-out.c) ----
 *
 * Writers for the formats of `braid agree` (BRAID_VOCAB_AGREE_FORMAT) to a
 * FILE * the client gives. Numbers have '.' for the decimal point whatever
 * the locale; text, md and tex round coefficients to 3 decimals and show
 * an undefined one as "-" (tex "--"); csv writes every digit and leaves
 * undefined cells empty.
 */

/* Appends v with `decimals` decimals, or (decimals < 0) the shortest form that reads back as v. */
void braid_rel_number(double v, int decimals, struct strbuf *out);

/* Text in a CSV field (quoted when it must be), a LaTeX cell, a Markdown table cell (NULL: nothing). */
void braid_agree_csv(FILE *f, const char *s);
void braid_agree_tex(FILE *f, const char *s);
void braid_agree_md(FILE *f, const char *s);

/*
 * One result per row: project mode writes a row per code, matrix mode's
 * csv one row. The columns after the first: alpha, alpha's interval (csv:
 * alpha_ci_low, alpha_ci_high), percent_agreement, fleiss_kappa,
 * cohen_kappa, weighted_kappa, brennan_prediger, gwet_ac1, pairable_units,
 * pairs (csv headers; docs/agreement.md). begin writes the header (first:
 * the first column's name; first_width: its width in the text format),
 * end closes what begin opened (tex's tabular). JSON rows write nothing:
 * a JSON client writes braid_rel_result_json per row instead.
 */
struct braid_rel_rows {
	FILE *f;
	enum braid_agree_format fmt;
	int first_width;
};
void braid_rel_rows_begin(struct braid_rel_rows *w, FILE *f, enum braid_agree_format fmt,
			  const char *first, int first_width);
void braid_rel_rows_add(struct braid_rel_rows *w, const char *label,
			const struct braid_rel_result *r);
void braid_rel_rows_end(struct braid_rel_rows *w);

/* One matrix's result in full, as `braid agree --matrix` prints it. */
struct braid_rel_report {
	const char *source; /* the matrix's file name */
	const struct braid_rel_data *d;
	const struct braid_rel_opts *o;
	const struct braid_rel_result *r;
};
/*
 * text: a summary, each coefficient with its value and beside it the
 * reason it is undefined or alpha's interval, then each coder's values per
 * category; json: one object (docs/agreement.md); csv: the row above under
 * its header; md and tex: a table of the coefficients.
 */
void braid_rel_report_write(FILE *f, enum braid_agree_format fmt,
			    const struct braid_rel_report *rep);

#endif
