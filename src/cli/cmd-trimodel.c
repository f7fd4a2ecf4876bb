/*
 * cmd-trimodel.c - braid triangulate corr and braid triangulate model:
 * the correlation table and the regression models of a mixed-methods
 * paper (docs/triangulation.md). The figures are the core's (trimodel.h);
 * here the options are read and the results written.
 *
 * What is said beside the figures (the join, reference levels, scores,
 * warnings) goes where the format has room for it: the table writes it
 * after its rows (braid_out_note), the JSON of a model holds it, and CSV
 * and TSV, which have room for neither, leave the notes out but send the
 * warnings to standard error, so that no warning is silent.
 */
#include <string.h>

#include "braid/trimodel.h"
#include "cli.h"

#define OPT(name) cli_opt(a, &cmd_triangulate_entry, name)

static int data_only(int fmt)
{
	return fmt == BRAID_OUT_CSV || fmt == BRAID_OUT_TSV;
}

int cli_triangulate_corr(struct cli *c, const struct cli_args *a)
{
	struct braid_corr_opts o = { OPT("coder"), (const char *const *)a->pos, (size_t)a->npos,
				     BRAID_CORR_AUTO };
	const char *method = OPT("method");
	struct braid_corr r;
	struct cli_listing l;
	int fmt, rc;

	if (method && braid_corr_choice_parse(method, &o.method))
		return cli_sub_usage(c, "unknown method '%s' (expected pearson, spearman or auto)",
				     method);
	if (a->npos == 1 && strcmp(a->pos[0], "themes"))
		return cli_sub_usage(c, "'triangulate corr' needs two items or more (or themes)");
	if ((fmt = cli_format(c, &cmd_triangulate_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	rc = braid_trimodel_corr(c->st, &o, &r, &c->err);
	if (rc) {
		braid_corr_release(&r);
		return cli_fail(c);
	}
	cli_listing_begin_titled(c, &l, &braid_corr_listing, fmt, "Correlations");
	for (size_t k = 0; k < r.npairs; k++) {
		braid_corr_values(&r.pairs[k], &l.row);
		cli_listing_row(&l);
	}
	for (size_t i = 0; i < r.nnotes; i++)
		cli_listing_note(&l, r.notes[i]);
	braid_corr_release(&r);
	return cli_listing_end(c, &l, 0);
}

static void json_rel(struct braid_json *j, const char *key, const struct braid_rel_value *v)
{
	braid_json_key(j, key);
	if (v->defined)
		braid_json_real(j, v->v);
	else
		braid_json_null(j);
}

static void json_strings(struct braid_json *j, const char *key, char *const *s, size_t n)
{
	braid_json_key(j, key);
	braid_json_begin_array(j);
	for (size_t i = 0; i < n; i++)
		braid_json_str(j, s[i]);
	braid_json_end_array(j);
}

/* The model as one JSON object (docs/cli.md): its fit, what was said, its coefficients. */
static int model_json(struct cli *c, const struct braid_model *m)
{
	const struct braid_stats_model *f = &m->fit;
	const struct braid_listing *desc = braid_model_listing(m);
	int logit = m->kind == BRAID_MODEL_LOGIT;
	struct braid_json j;
	struct braid_row row;

	braid_json_init(&j, c->out);
	braid_json_begin_object(&j);
	braid_json_kv_str(&j, "model", logit ? "logit" : "ols");
	braid_json_kv_str(&j, "outcome", m->outcome);
	braid_json_kv_int(&j, "cases", (long long)m->cases);
	braid_json_kv_int(&j, "n", (long long)f->n);
	braid_json_kv_int(&j, "dropped", (long long)f->dropped);
	braid_json_key(&j, "events");
	if (logit)
		braid_json_int(&j, (long long)f->events);
	else
		braid_json_null(&j);
	json_rel(&j, "auc", &f->auc);
	json_rel(&j, "loglik", &f->loglik);
	json_rel(&j, "r2", &f->r2);
	json_rel(&j, "adj_r2", &f->adj_r2);
	braid_json_key(&j, "converged");
	if (logit)
		braid_json_bool(&j, f->converged);
	else
		braid_json_null(&j);
	braid_json_key(&j, "iterations");
	if (logit)
		braid_json_int(&j, (long long)f->iterations);
	else
		braid_json_null(&j);
	braid_json_key(&j, "references");
	braid_json_begin_array(&j);
	for (size_t i = 0; i < m->nrefs; i++) {
		braid_json_begin_object(&j);
		braid_json_kv_str(&j, "variable", m->refs[i].var);
		braid_json_kv_str(&j, "level", m->refs[i].level);
		braid_json_end_object(&j);
	}
	braid_json_end_array(&j);
	braid_json_key(&j, "scores");
	braid_json_begin_array(&j);
	for (size_t i = 0; i < m->nscores; i++) {
		braid_json_begin_object(&j);
		braid_json_kv_str(&j, "variable", m->scores[i].var);
		json_strings(&j, "levels", m->scores[i].levels, m->scores[i].nlevels);
		braid_json_end_object(&j);
	}
	braid_json_end_array(&j);
	json_strings(&j, "notes", m->notes, m->nnotes);
	json_strings(&j, "warnings", m->warnings, m->nwarnings);
	braid_json_key(&j, "coefficients");
	braid_json_begin_array(&j);
	braid_row_init(&row, desc);
	for (size_t k = 0; k < f->ncoef; k++) {
		braid_model_values(m, k, &row);
		braid_listing_json_row(desc, row.v, &j);
	}
	braid_row_release(&row);
	braid_json_end_array(&j);
	braid_json_end_object(&j);
	if (fflush(c->out) || ferror(c->out))
		return cli_error("cannot write the output");
	return EXIT_OK;
}

int cli_triangulate_model(struct cli *c, const struct cli_args *a)
{
	struct braid_model_opts o = { OPT("coder"), OPT("outcome"), NULL, 0, BRAID_MODEL_AUTO };
	struct braid_model m;
	struct cli_listing l;
	struct strbuf title = STRBUF_INIT, w = STRBUF_INIT;
	char **preds;
	int fmt, rc;

	if (!o.outcome)
		return cli_sub_usage(c, "'triangulate model' needs --outcome VAR");
	if (!OPT("predictors"))
		return cli_sub_usage(c, "'triangulate model' needs --predictors A,B,...");
	if (OPT("logit") && OPT("ols"))
		return cli_sub_usage(c, "--logit and --ols: one model at a time");
	o.kind = OPT("logit") ? BRAID_MODEL_LOGIT : OPT("ols") ? BRAID_MODEL_OLS : BRAID_MODEL_AUTO;
	if ((fmt = cli_format(c, &cmd_triangulate_entry, a, NULL, BRAID_OUT_TABLE)) < 0)
		return EXIT_USAGE;
	if (!o.coder)
		o.coder = c->blind;
	preds = cli_split_list(OPT("predictors"), &o.npredictors);
	if (!o.npredictors) {
		cli_list_free(preds);
		return cli_sub_usage(c, "'triangulate model' needs --predictors A,B,...");
	}
	o.predictors = (const char *const *)preds;
	rc = braid_trimodel_model(c->st, &o, &m, &c->err);
	cli_list_free(preds);
	if (rc) {
		braid_model_release(&m);
		return cli_fail(c);
	}
	if (fmt == BRAID_OUT_JSON) {
		rc = model_json(c, &m);
		braid_model_release(&m);
		return rc;
	}
	strbuf_addf(&title, "%s of %s",
		    m.kind == BRAID_MODEL_LOGIT ? "Logistic regression" : "Least squares", m.outcome);
	cli_listing_begin_titled(c, &l, braid_model_listing(&m), fmt, title.buf);
	for (size_t k = 0; k < m.fit.ncoef; k++) {
		braid_model_values(&m, k, &l.row);
		cli_listing_row(&l);
	}
	for (size_t i = 0; i < m.nnotes; i++)
		cli_listing_note(&l, m.notes[i]);
	for (size_t i = 0; i < m.nwarnings; i++) {
		if (data_only(fmt)) {
			cli_message(CLI_MSG_WARNING, "%s", m.warnings[i]);
			continue;
		}
		strbuf_reset(&w);
		strbuf_addf(&w, "Warning: %s.", m.warnings[i]);
		cli_listing_note(&l, w.buf);
	}
	braid_model_release(&m);
	strbuf_release(&title);
	strbuf_release(&w);
	return cli_listing_end(c, &l, 0);
}
