/*
 * agree-out.c - agreement results written for reading and for papers:
 * one result per row (text, csv, md, tex; project mode writes a row per
 * code) and matrix mode's whole report (reliability.h).
 *
 * Numbers are written with '.' as the decimal point whatever LC_NUMERIC
 * says: a table pasted into a paper or read by a script must not change
 * with the reader's locale.
 */
#include <string.h>

#include <csv.h>

#include "braid/alloc.h"
#include "braid/doc.h"
#include "braid/reliability.h"
#include "braid/strbuf.h"
#include "braid/text.h"

void braid_rel_number(double v, int decimals, struct strbuf *out)
{
	if (decimals < 0)
		braid_json_real_text(v, out);
	else
		braid_real_fixed_text(v, decimals, out);
}

/* ---- one result per row ---- */

#define UNDEF_TEXT "-"

struct row_col {
	const char *key;  /* csv header */
	const char *text; /* text and md header */
	const char *tex;  /* tex header */
};

/* After the first column: alpha and its interval, then the other coefficients, then counts. */
static const struct row_col row_cols[] = {
	{ "alpha", "alpha", "$\\alpha$" },
	{ "alpha_ci", "95% CI", "95\\% CI" },
	{ "percent_agreement", "agree", "agreement" },
	{ "fleiss_kappa", "Fleiss", "Fleiss $\\kappa$" },
	{ "cohen_kappa", "Cohen", "Cohen $\\kappa$" },
	{ "weighted_kappa", "w.kappa", "weighted $\\kappa$" },
	{ "brennan_prediger", "BP", "BP" },
	{ "gwet_ac1", "AC1", "AC1" },
	{ "pairable_units", "units", "units" },
	{ "pairs", "pairs", "pairs" },
};
#define NROW_COLS (sizeof(row_cols) / sizeof(row_cols[0]))
#define COL_WIDTH 7
#define CI_WIDTH 15

/* Coefficient i (braid_rel_coefs order) of column k, or -1 for the others. */
static int row_coef(size_t k)
{
	for (size_t i = 0; braid_rel_coefs[i].key; i++)
		if (!strcmp(braid_rel_coefs[i].key, row_cols[k].key))
			return (int)i;
	return -1;
}

static void pad(FILE *f, const char *s, int width, bool right)
{
	int w = (int)braid_text_width(s, strlen(s));

	if (right)
		fprintf(f, "%*s%s", width > w ? width - w : 0, "", s);
	else
		fprintf(f, "%s%*s", s, width > w ? width - w : 0, "");
}

void braid_agree_csv(FILE *f, const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	/* RFC 4180: quoted only when it has to be (a comma, quote, line break, edge space) */
	if (strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' ')))
		csv_fwrite(f, s, n);
	else
		fputs(s, f);
}

/*
 * Text escaped for a LaTeX table or a Markdown table cell by the document
 * writer (doc.h), as the report escapes it: nothing read as markup, no line
 * breaks.
 */
static void escape(enum braid_doc_format f, const char *s, struct strbuf *out)
{
	struct braid_doc d;

	braid_doc_init(&d, f, out);
	if (s)
		braid_doc_text(&d, s);
}

static void tex_escape(const char *s, struct strbuf *out)
{
	escape(BRAID_DOC_TEX, s, out);
}

static void md_escape(const char *s, struct strbuf *out)
{
	escape(BRAID_DOC_MD, s, out);
}

void braid_agree_tex(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	tex_escape(s, &sb);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

void braid_agree_md(FILE *f, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	md_escape(s, &sb);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

void braid_rel_rows_begin(struct braid_rel_rows *w, FILE *f, enum braid_agree_format fmt,
			  const char *first, int first_width)
{
	struct strbuf sb = STRBUF_INIT;

	w->f = f;
	w->fmt = fmt;
	w->first_width = first_width;
	switch (fmt) {
	case BRAID_AGREE_TEXT:
		pad(f, first, first_width, false);
		for (size_t k = 0; k < NROW_COLS; k++) {
			fputs("  ", f);
			pad(f, row_cols[k].text, k == 1 ? CI_WIDTH : COL_WIDTH, k != 1);
		}
		fputc('\n', f);
		break;
	case BRAID_AGREE_CSV:
		braid_agree_csv(f, first);
		fputs(",alpha,alpha_ci_low,alpha_ci_high", f);
		for (size_t k = 2; k < NROW_COLS; k++)
			fprintf(f, ",%s", row_cols[k].key);
		fputc('\n', f);
		break;
	case BRAID_AGREE_MD:
		md_escape(first, &sb);
		fprintf(f, "| %s |", sb.buf);
		for (size_t k = 0; k < NROW_COLS; k++)
			fprintf(f, " %s |", row_cols[k].text);
		fputs("\n|---|", f);
		for (size_t k = 0; k < NROW_COLS; k++)
			fputs(k == 1 ? ":---:|" : "---:|", f);
		fputc('\n', f);
		break;
	case BRAID_AGREE_TEX:
		tex_escape(first, &sb);
		fprintf(f, "\\begin{tabular}{l%s}\n\\hline\n%s", "rcrrrrrrrr", sb.buf);
		for (size_t k = 0; k < NROW_COLS; k++)
			fprintf(f, " & %s", row_cols[k].tex);
		fputs(" \\\\\n\\hline\n", f);
		break;
	default:
		break;
	}
	strbuf_release(&sb);
}

/* Cell k of a row as text: the value, "-" when undefined (empty in csv). */
static void row_cell(const struct braid_rel_rows *w, const struct braid_rel_result *r, size_t k,
		     struct strbuf *out)
{
	int decimals = w->fmt == BRAID_AGREE_CSV ? -1 : 3;
	int i = row_coef(k);

	if (i >= 0) {
		const struct braid_rel_value *v = braid_rel_coef_value(r, (size_t)i);

		if (v->defined)
			braid_rel_number(v->v, decimals, out);
		else if (w->fmt != BRAID_AGREE_CSV)
			strbuf_addstr(out, UNDEF_TEXT);
	} else if (!strcmp(row_cols[k].key, "alpha_ci")) {
		if (!r->has_ci) {
			if (w->fmt != BRAID_AGREE_CSV)
				strbuf_addstr(out, UNDEF_TEXT);
			return;
		}
		strbuf_addstr(out, w->fmt == BRAID_AGREE_CSV ? "" : "[");
		braid_rel_number(r->ci_low, decimals, out);
		strbuf_addstr(out, w->fmt == BRAID_AGREE_CSV ? "," : ", ");
		braid_rel_number(r->ci_high, decimals, out);
		strbuf_addstr(out, w->fmt == BRAID_AGREE_CSV ? "" : "]");
	} else {
		strbuf_addf(out, "%zu",
			    !strcmp(row_cols[k].key, "pairs") ? r->pairs : r->pairable_units);
	}
}

void braid_rel_rows_add(struct braid_rel_rows *w, const char *label, const struct braid_rel_result *r)
{
	struct strbuf sb = STRBUF_INIT, cell = STRBUF_INIT;

	if (w->fmt == BRAID_AGREE_TEXT) {
		pad(w->f, label, w->first_width, false);
	} else if (w->fmt == BRAID_AGREE_CSV) {
		braid_agree_csv(w->f, label);
	} else if (w->fmt == BRAID_AGREE_MD) {
		md_escape(label, &sb);
		fprintf(w->f, "| %s |", sb.buf);
	} else if (w->fmt == BRAID_AGREE_TEX) {
		tex_escape(label, &sb);
		fputs(sb.buf, w->f);
	}
	for (size_t k = 0; k < NROW_COLS && w->fmt != BRAID_AGREE_JSON; k++) {
		strbuf_reset(&cell);
		row_cell(w, r, k, &cell);
		if (w->fmt == BRAID_AGREE_TEXT) {
			fputs("  ", w->f);
			pad(w->f, cell.buf, k == 1 ? CI_WIDTH : COL_WIDTH, k != 1);
		} else if (w->fmt == BRAID_AGREE_CSV) {
			/* the interval is two columns: low, high */
			fprintf(w->f, ",%s%s", cell.buf, k == 1 && !r->has_ci ? "," : "");
		} else if (w->fmt == BRAID_AGREE_MD) {
			fprintf(w->f, " %s |", cell.buf);
		} else {
			fprintf(w->f, " & %s", cell.buf);
		}
	}
	if (w->fmt == BRAID_AGREE_TEX)
		fputs(" \\\\", w->f);
	if (w->fmt != BRAID_AGREE_JSON)
		fputc('\n', w->f);
	strbuf_release(&sb);
	strbuf_release(&cell);
}

void braid_rel_rows_end(struct braid_rel_rows *w)
{
	if (w->fmt == BRAID_AGREE_TEX)
		fputs("\\hline\n\\end{tabular}\n", w->f);
}

/* ---- matrix mode: one result in full ---- */

static void list_names(char *const *names, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", names[i]);
}

static void list_categories(const struct braid_rel_data *d, struct strbuf *out)
{
	for (size_t i = 0; i < d->ncat; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", d->cat[i].label);
}

/* What stands beside a coefficient: the reason it is undefined, or alpha's interval. */
static void coef_aside(const struct braid_rel_report *rep, size_t i, struct strbuf *out)
{
	const struct braid_rel_result *r = rep->r;
	const struct braid_rel_value *v = braid_rel_coef_value(r, i);

	if (!v->defined) {
		strbuf_addstr(out, v->why);
	} else if (i == 0 && r->has_ci) {
		strbuf_addf(out, "%g%% interval ", rep->o->confidence * 100);
		braid_rel_number(r->ci_low, 3, out);
		strbuf_addstr(out, " to ");
		braid_rel_number(r->ci_high, 3, out);
		strbuf_addf(out, " (bootstrap: %zu resamples, seed %llu)", r->ci_resamples,
			    (unsigned long long)rep->o->seed);
	} else if (!strcmp(braid_rel_coefs[i].key, "percent_agreement")) {
		strbuf_addf(out, "averaged over units; %zu of %zu coder pairs agree", r->agreements,
			    r->pairs);
	} else if (!strcmp(braid_rel_coefs[i].key, "weighted_kappa")) {
		strbuf_addf(out, "%s weights",
			    braid_vocab_name(&braid_vocab_weights, (int)rep->o->weights));
	} else if (!strcmp(braid_rel_coefs[i].key, "alpha")) {
		strbuf_addf(out, "%s", braid_vocab_name(&braid_vocab_level, (int)rep->o->level));
	}
}

static void text_summary(FILE *f, const struct braid_rel_report *rep)
{
	const struct braid_rel_result *r = rep->r;
	struct strbuf sb = STRBUF_INIT;

	list_names(rep->d->coder, rep->d->coders, &sb);
	fprintf(f, "matrix      %s\nlevel       %s\ncoders      %zu (%s)\n", rep->source,
		braid_vocab_name(&braid_vocab_level, (int)rep->o->level), rep->d->coders, sb.buf);
	strbuf_reset(&sb);
	list_categories(rep->d, &sb);
	fprintf(f, "units       %zu with a value, %zu pairable (%zu values)\n", r->units,
		r->pairable_units, r->pairable_values);
	fprintf(f, "categories  %zu (%s)%s\n\n", rep->d->ncat, sb.buf,
		rep->d->declared_categories ? ", as given" : "");
	strbuf_release(&sb);
}

static void text_coefficients(FILE *f, const struct braid_rel_report *rep)
{
	struct strbuf v = STRBUF_INIT, aside = STRBUF_INIT;

	for (size_t i = 0; braid_rel_coefs[i].key; i++) {
		const struct braid_rel_value *c = braid_rel_coef_value(rep->r, i);

		strbuf_reset(&v);
		strbuf_reset(&aside);
		if (c->defined)
			braid_rel_number(c->v, 3, &v);
		else
			strbuf_addstr(&v, UNDEF_TEXT);
		coef_aside(rep, i, &aside);
		pad(f, braid_rel_coefs[i].title, 22, false);
		pad(f, v.buf, 6, true);
		fprintf(f, "%s%s\n", aside.len ? "  " : "", aside.buf);
	}
	if (rep->r->note)
		fprintf(f, "\nnote: %s\n", rep->r->note);
	strbuf_release(&v);
	strbuf_release(&aside);
}

/* Each coder's count of each category: a small aligned grid. */
static void text_marginals(FILE *f, const struct braid_rel_report *rep)
{
	const struct braid_rel_data *d = rep->d;
	int w0 = 5, w = 1;
	char num[32];

	for (size_t c = 0; c < d->coders; c++) {
		int x = (int)braid_text_width(d->coder[c], strlen(d->coder[c]));

		w0 = x > w0 ? x : w0;
	}
	for (size_t k = 0; k < d->ncat; k++) {
		int x = (int)braid_text_width(d->cat[k].label, strlen(d->cat[k].label));

		w = x > w ? x : w;
		for (size_t c = 0; c < d->coders; c++) {
			x = snprintf(num, sizeof(num), "%zu", rep->r->marginal[c * d->ncat + k]);
			w = x > w ? x : w;
		}
	}
	fputs("\nvalues per coder\n", f);
	pad(f, "coder", w0, false);
	for (size_t k = 0; k < d->ncat; k++) {
		fputs("  ", f);
		pad(f, d->cat[k].label, w, true);
	}
	fputc('\n', f);
	for (size_t c = 0; c < d->coders; c++) {
		pad(f, d->coder[c], w0, false);
		for (size_t k = 0; k < d->ncat; k++) {
			snprintf(num, sizeof(num), "%zu", rep->r->marginal[c * d->ncat + k]);
			fputs("  ", f);
			pad(f, num, w, true);
		}
		fputc('\n', f);
	}
}

static void md_report(FILE *f, const struct braid_rel_report *rep)
{
	struct strbuf v = STRBUF_INIT, aside = STRBUF_INIT, esc = STRBUF_INIT;

	md_escape(rep->source, &esc);
	fprintf(f, "Agreement of %zu coders on %zu units (%zu pairable, %zu values), %s level, "
		"from %s.\n\n| coefficient | value | note |\n|---|---:|---|\n",
		rep->d->coders, rep->r->units, rep->r->pairable_units, rep->r->pairable_values,
		braid_vocab_name(&braid_vocab_level, (int)rep->o->level), esc.buf);
	for (size_t i = 0; braid_rel_coefs[i].key; i++) {
		const struct braid_rel_value *c = braid_rel_coef_value(rep->r, i);

		strbuf_reset(&v);
		strbuf_reset(&aside);
		strbuf_reset(&esc);
		if (c->defined)
			braid_rel_number(c->v, 3, &v);
		else
			strbuf_addstr(&v, UNDEF_TEXT);
		coef_aside(rep, i, &aside);
		md_escape(aside.buf, &esc);
		fprintf(f, "| %s | %s | %s |\n", braid_rel_coefs[i].title, v.buf, esc.buf);
	}
	if (rep->r->note)
		fprintf(f, "\nNote: %s.\n", rep->r->note);
	strbuf_release(&v);
	strbuf_release(&aside);
	strbuf_release(&esc);
}

static void tex_report(FILE *f, const struct braid_rel_report *rep)
{
	struct strbuf v = STRBUF_INIT, aside = STRBUF_INIT, esc = STRBUF_INIT;

	fputs("\\begin{tabular}{lrl}\n\\hline\ncoefficient & value & note \\\\\n\\hline\n", f);
	for (size_t i = 0; braid_rel_coefs[i].key; i++) {
		const struct braid_rel_value *c = braid_rel_coef_value(rep->r, i);

		strbuf_reset(&v);
		strbuf_reset(&aside);
		strbuf_reset(&esc);
		if (c->defined)
			braid_rel_number(c->v, 3, &v);
		else
			strbuf_addstr(&v, "--");
		coef_aside(rep, i, &aside);
		tex_escape(braid_rel_coefs[i].title, &esc);
		fprintf(f, "%s & %s & ", esc.buf, v.buf);
		strbuf_reset(&esc);
		tex_escape(aside.buf, &esc);
		fprintf(f, "%s \\\\\n", esc.buf);
	}
	fprintf(f, "\\hline\n\\end{tabular}\n");
	strbuf_release(&v);
	strbuf_release(&aside);
	strbuf_release(&esc);
}

static void json_report(FILE *f, const struct braid_rel_report *rep)
{
	struct braid_json j;

	braid_json_init(&j, f);
	braid_json_begin_object(&j);
	braid_json_kv_str(&j, "matrix", rep->source);
	braid_json_kv_str(&j, "level", braid_vocab_name(&braid_vocab_level, (int)rep->o->level));
	braid_json_kv_str(&j, "weights", braid_vocab_name(&braid_vocab_weights, (int)rep->o->weights));
	braid_json_key(&j, "coders");
	braid_json_begin_array(&j);
	for (size_t c = 0; c < rep->d->coders; c++)
		braid_json_str(&j, rep->d->coder[c]);
	braid_json_end_array(&j);
	braid_json_key(&j, "category_labels");
	braid_json_begin_array(&j);
	for (size_t k = 0; k < rep->d->ncat; k++)
		braid_json_str(&j, rep->d->cat[k].label);
	braid_json_end_array(&j);
	braid_json_kv_int(&j, "bootstrap", (long long)rep->o->bootstrap);
	braid_json_key(&j, "seed");
	braid_json_int(&j, (long long)rep->o->seed);
	braid_json_key(&j, "confidence");
	braid_json_real(&j, rep->o->confidence);
	braid_rel_result_json(&j, rep->r, rep->d);
	braid_json_end_object(&j);
}

void braid_rel_report_write(FILE *f, enum braid_agree_format fmt, const struct braid_rel_report *rep)
{
	struct braid_rel_rows w;

	switch (fmt) {
	case BRAID_AGREE_JSON:
		json_report(f, rep);
		break;
	case BRAID_AGREE_CSV:
		braid_rel_rows_begin(&w, f, fmt, "matrix", 0);
		braid_rel_rows_add(&w, rep->source, rep->r);
		braid_rel_rows_end(&w);
		break;
	case BRAID_AGREE_MD:
		md_report(f, rep);
		break;
	case BRAID_AGREE_TEX:
		tex_report(f, rep);
		break;
	default:
		text_summary(f, rep);
		text_coefficients(f, rep);
		text_marginals(f, rep);
		break;
	}
}
