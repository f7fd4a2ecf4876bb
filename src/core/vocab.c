/* vocab.c - the vocabularies' names, help and the text made from them (see vocab.h). */
#include <string.h>

#include "braid/vocab.h"

#define NAME_(id, name, help) name,
#define HELP_(id, name, help) help,
#define VOCAB(var, list, ident, what)                                                            \
	static const char *const var##_names[] = { list(NAME_) };                               \
	static const char *const var##_help[] = { list(HELP_) };                                \
	const struct braid_vocab braid_vocab_##var = {                                           \
		ident, what, var##_names, var##_help,                                            \
		(int)(sizeof(var##_names) / sizeof(var##_names[0])),                             \
	};

VOCAB(origin, BRAID_VOCAB_ORIGIN, "origin", "origin")
VOCAB(status, BRAID_VOCAB_STATUS, "status", "status")
VOCAB(doc_kind, BRAID_VOCAB_DOC_KIND, "kind", "kind")
VOCAB(role, BRAID_VOCAB_ROLE, "role", "role")
VOCAB(memo_target, BRAID_VOCAB_MEMO_TARGET, "target", "memo target")
VOCAB(code_kind, BRAID_VOCAB_CODE_KIND, "code-kind", "code kind")
VOCAB(scope, BRAID_VOCAB_SCOPE, "scope", "scope")
VOCAB(roles, BRAID_VOCAB_ROLES, "roles", "roles")
VOCAB(code_status, BRAID_VOCAB_CODE_STATUS, "code-status", "code status")
VOCAB(code_field, BRAID_VOCAB_CODE_FIELD, "field", "field")
VOCAB(book_key, BRAID_VOCAB_BOOK_KEY, "book-key", "codebook key")
VOCAB(code_key, BRAID_VOCAB_CODE_KEY, "code-key", "code key")
VOCAB(change_kind, BRAID_VOCAB_CHANGE_KIND, "change", "change kind")
VOCAB(out_format, BRAID_VOCAB_OUT_FORMAT, "format", "format")
VOCAB(approach, BRAID_VOCAB_APPROACH, "approach", "approach")
VOCAB(phase, BRAID_VOCAB_PHASE, "phase", "phase")
VOCAB(phase_move, BRAID_VOCAB_PHASE_MOVE, "phase-move", "phase move")
VOCAB(memo_kind, BRAID_VOCAB_MEMO_KIND, "memo-kind", "memo kind")
VOCAB(theme_status, BRAID_VOCAB_THEME_STATUS, "theme-status", "theme status")
VOCAB(map_format, BRAID_VOCAB_MAP_FORMAT, "map-format", "map format")
VOCAB(report_format, BRAID_VOCAB_REPORT_FORMAT, "report-format", "report format")
VOCAB(level, BRAID_VOCAB_LEVEL, "level", "level of measurement")
VOCAB(weights, BRAID_VOCAB_WEIGHTS, "weights", "weights")
VOCAB(agree_unit, BRAID_VOCAB_AGREE_UNIT, "unit", "unit")
VOCAB(agree_format, BRAID_VOCAB_AGREE_FORMAT, "agree-format", "agreement format")
VOCAB(decision, BRAID_VOCAB_DECISION, "decision", "decision")
VOCAB(survey_type, BRAID_VOCAB_SURVEY_TYPE, "survey-type", "variable type")
VOCAB(survey_link, BRAID_VOCAB_SURVEY_LINK, "survey-link", "link")
VOCAB(matrix_value, BRAID_VOCAB_MATRIX_VALUE, "matrix-value", "matrix value")
VOCAB(cooccur_unit, BRAID_VOCAB_COOCCUR_UNIT, "cooccur-unit", "co-occurrence unit")
VOCAB(figure_kind, BRAID_VOCAB_FIGURE_KIND, "figure", "figure")
VOCAB(figure_format, BRAID_VOCAB_FIGURE_FORMAT, "figure-format", "figure format")
VOCAB(matrix_rows, BRAID_VOCAB_MATRIX_ROWS, "matrix-rows", "rows")

const struct braid_vocab *const braid_vocabs[] = {
	&braid_vocab_origin,	  &braid_vocab_status,	    &braid_vocab_doc_kind,
	&braid_vocab_role,	  &braid_vocab_memo_target, &braid_vocab_code_kind,
	&braid_vocab_scope,	  &braid_vocab_roles,	    &braid_vocab_code_status,
	&braid_vocab_code_field, &braid_vocab_book_key,    &braid_vocab_code_key,
	&braid_vocab_change_kind, &braid_vocab_out_format, &braid_vocab_approach, &braid_vocab_phase,
	&braid_vocab_phase_move, &braid_vocab_memo_kind, &braid_vocab_theme_status,
	&braid_vocab_map_format, &braid_vocab_report_format, &braid_vocab_level,
	&braid_vocab_weights, &braid_vocab_agree_unit, &braid_vocab_agree_format, &braid_vocab_decision,
	&braid_vocab_survey_type, &braid_vocab_survey_link, &braid_vocab_matrix_value,
	&braid_vocab_cooccur_unit, &braid_vocab_figure_kind, &braid_vocab_figure_format,
	&braid_vocab_matrix_rows, NULL,
};

int braid_vocab_parse(const struct braid_vocab *v, const char *name)
{
	for (int i = 0; name && i < v->n; i++)
		if (!strcmp(v->names[i], name))
			return i;
	return -1;
}

const char *braid_vocab_name(const struct braid_vocab *v, int i)
{
	return i >= 0 && i < v->n ? v->names[i] : "?";
}

const char *braid_vocab_help(const struct braid_vocab *v, int i)
{
	return i >= 0 && i < v->n ? v->help[i] : "?";
}

void braid_vocab_list(const struct braid_vocab *v, struct strbuf *out)
{
	for (int i = 0; i < v->n; i++)
		strbuf_addf(out, "%s%s", i == 0 ? "" : i + 1 == v->n ? " or " : ", ", v->names[i]);
}

int braid_vocab_error(const struct braid_vocab *v, const char *given, struct braid_err *err)
{
	struct strbuf list = STRBUF_INIT;
	int rc;

	braid_vocab_list(v, &list);
	rc = braid_errorf(err, BRAID_EINVAL, "unknown %s '%s' (expected %s)", v->what,
			  given ? given : "", list.buf);
	strbuf_release(&list);
	return rc;
}

int braid_vocab_require(const struct braid_vocab *v, const char *name, struct braid_err *err)
{
	int i = braid_vocab_parse(v, name);

	return i >= 0 ? i : braid_vocab_error(v, name, err);
}

void braid_vocab_check(const struct braid_vocab *v, const char *col, struct strbuf *out)
{
	strbuf_addch(out, '(');
	for (int i = 0; i < v->n; i++)
		strbuf_addf(out, "%s%s = '%s'", i ? " OR " : "", col, v->names[i]);
	strbuf_addch(out, ')');
}

int braid_role_matches(const char *filter, const char *role)
{
	if (!filter)
		return 1;
	if (!role)
		return 0;
	if (!strcmp(filter, role))
		return 1;
	if (!strcmp(filter, "interviewer"))
		return !strcmp(role, "moderator");
	if (!strcmp(filter, "participant"))
		return !strcmp(role, "other");
	return 0;
}

const struct braid_vocab *braid_vocab_find(const char *id, size_t len)
{
	for (const struct braid_vocab *const *v = braid_vocabs; *v; v++)
		if (strlen((*v)->id) == len && !strncmp((*v)->id, id, len))
			return *v;
	return NULL;
}
