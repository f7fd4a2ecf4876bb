/*
 * vocab.h - the closed vocabularies of a project, each defined once.
 *
 * Every word list braid stores or accepts (a coding's origin and status, a
 * document's kind, a speaker's role, a memo's target, a code's kind, scope,
 * roles, status and editable fields, a change's kind) is one X-macro list
 * here, as tig's request.h does it. From that one list come the enum, the
 * names, the help text, the schema's CHECK constraint (braid_vocab_check),
 * the "expected a, b or c" of every error (braid_vocab_error) and the value
 * lists in the command-line help ("{origin}" in an option's help), so they
 * cannot drift apart.
 *
 * Each entry is X(ENUM, "name", "help"). The first entry is 0.
 */
#ifndef BRAID_VOCAB_H
#define BRAID_VOCAB_H

#include <stddef.h>

#include "braid/err.h"
#include "braid/strbuf.h"

#define BRAID_VOCAB_ORIGIN(X)                                                                    \
	X(BRAID_ORIGIN_MANUAL, "manual", "coded by a person")                                    \
	X(BRAID_ORIGIN_AUTO, "auto", "coded by a rule (autocode), pending review")               \
	X(BRAID_ORIGIN_RECONCILED, "reconciled", "the consensus of a reconciliation")

#define BRAID_VOCAB_STATUS(X)                                                                    \
	X(BRAID_STATUS_PENDING, "pending", "autocoded, not reviewed yet")                        \
	X(BRAID_STATUS_ACCEPTED, "accepted", "in the analysis")                                  \
	X(BRAID_STATUS_REJECTED, "rejected", "kept for the record, left out of counts")

#define BRAID_VOCAB_DOC_KIND(X)                                                                  \
	X(BRAID_DOC_INTERVIEW, "interview", "one participant and an interviewer")                \
	X(BRAID_DOC_FOCUS_GROUP, "focus-group", "several participants and a moderator")          \
	X(BRAID_DOC_DOCUMENT, "document", "a text without speakers (report, policy, article)")   \
	X(BRAID_DOC_NOTES, "notes", "field notes or observations")

#define BRAID_VOCAB_ROLE(X)                                                                      \
	X(BRAID_ROLE_INTERVIEWER, "interviewer", "asks the questions")                          \
	X(BRAID_ROLE_PARTICIPANT, "participant", "the person studied")                           \
	X(BRAID_ROLE_MODERATOR, "moderator", "leads a focus group")                              \
	X(BRAID_ROLE_OTHER, "other", "the text of a document without speakers")

#define BRAID_VOCAB_MEMO_TARGET(X)                                                               \
	X(BRAID_MEMO_PROJECT, "project", "the whole project")                                    \
	X(BRAID_MEMO_DOC, "doc", "a document")                                                   \
	X(BRAID_MEMO_CODE, "code", "a code")                                                     \
	X(BRAID_MEMO_SEGMENT, "segment", "a coding (coded segment)")                             \
	X(BRAID_MEMO_THEME, "theme", "a theme")

#define BRAID_VOCAB_CODE_KIND(X)                                                                 \
	X(BRAID_DEDUCTIVE, "deductive", "from a codebook, decided before coding")               \
	X(BRAID_INDUCTIVE, "inductive", "made while coding")

#define BRAID_VOCAB_SCOPE(X)                                                                     \
	X(BRAID_SCOPE_SENTENCE, "sentence", "a rule codes the sentence around a match")          \
	X(BRAID_SCOPE_TURN, "turn", "a rule codes the whole turn")                               \
	X(BRAID_SCOPE_PARAGRAPH, "paragraph", "a rule codes the paragraph")

#define BRAID_VOCAB_ROLES(X)                                                                     \
	X(BRAID_ROLES_PARTICIPANT, "participant", "rules read participants' turns")              \
	X(BRAID_ROLES_INTERVIEWER, "interviewer", "rules read interviewers' and moderators' turns") \
	X(BRAID_ROLES_ANY, "any", "rules read every turn")

#define BRAID_VOCAB_CODE_STATUS(X)                                                               \
	X(BRAID_CODE_ACTIVE, "active", "takes new codings")                                      \
	X(BRAID_CODE_RETIRED, "retired", "keeps its codings, takes no new ones")                 \
	X(BRAID_CODE_MERGED, "merged", "its codings moved to another code")

/* The fields `braid code edit` sets (code.h: braid_code_edit). */
#define BRAID_VOCAB_CODE_FIELD(X)                                                                \
	X(BRAID_FIELD_DEFINITION, "definition", "what the code means")                           \
	X(BRAID_FIELD_INCLUDE, "include", "when to apply it")                                    \
	X(BRAID_FIELD_EXCLUDE, "exclude", "when not to")                                         \
	X(BRAID_FIELD_DOMAIN, "domain", "a free label grouping codes")                           \
	X(BRAID_FIELD_COLOR, "color", "#rgb or #rrggbb")                                         \
	X(BRAID_FIELD_SCOPE, "scope", "sentence, turn or paragraph")                             \
	X(BRAID_FIELD_ROLES, "roles", "participant, interviewer or any")                         \
	X(BRAID_FIELD_KIND, "kind", "deductive or inductive")                                    \
	X(BRAID_FIELD_PATTERNS, "patterns", "PCRE2 rules, one a line")

/* The keys of a codebook file's top level and of each code (codebook.h). */
#define BRAID_VOCAB_BOOK_KEY(X)                                                                  \
	X(BRAID_BOOK_NAME, "name", "the codebook's name (required)")                             \
	X(BRAID_BOOK_VERSION, "version", "a version string")                                     \
	X(BRAID_BOOK_DESCRIPTION, "description", "what the codebook is for")                     \
	X(BRAID_BOOK_CODES, "codes", "the codes (required)")

#define BRAID_VOCAB_CODE_KEY(X)                                                                  \
	X(BRAID_CK_NAME, "name", "the code's name (required)")                                   \
	X(BRAID_CK_ID, "id", "a stable slug")                                                    \
	X(BRAID_CK_KIND, "kind", "deductive or inductive")                                       \
	X(BRAID_CK_DOMAIN, "domain", "a free label, inherited by children")                      \
	X(BRAID_CK_DEFINITION, "definition", "what the code means")                              \
	X(BRAID_CK_INCLUDE, "include", "when to apply it")                                       \
	X(BRAID_CK_EXCLUDE, "exclude", "when not to")                                            \
	X(BRAID_CK_EXAMPLES, "examples", "example quotes")                                       \
	X(BRAID_CK_COLOR, "color", "#rgb or #rrggbb")                                            \
	X(BRAID_CK_PATTERNS, "patterns", "PCRE2 rules")                                          \
	X(BRAID_CK_SCOPE, "scope", "what a rule codes")                                          \
	X(BRAID_CK_ROLES, "roles", "whose turns rules read")                                     \
	X(BRAID_CK_CHILDREN, "children", "sub-codes")

/* What an audit-log row records: a change, the undo of one, or its redo. */
#define BRAID_VOCAB_CHANGE_KIND(X)                                                               \
	X(BRAID_CHANGE_DO, "do", "a command changed the project")                                \
	X(BRAID_CHANGE_UNDO, "undo", "reverted an earlier change")                               \
	X(BRAID_CHANGE_REDO, "redo", "re-applied an undone change")

/* The forms a listing is written in (table.h); the first is the default. */
#define BRAID_VOCAB_OUT_FORMAT(X)                                                                \
	X(BRAID_OUT_TABLE, "table", "aligned columns under a header line")                       \
	X(BRAID_OUT_JSON, "json", "an array of objects, keys as in docs/cli.md")                 \
	X(BRAID_OUT_CSV, "csv", "comma-separated values (RFC 4180) under a line of the keys")    \
	X(BRAID_OUT_TSV, "tsv", "tab-separated values under a line of the keys; \\t \\n \\r \\\\ escaped") \
	X(BRAID_OUT_MD, "md", "the table's columns as a Markdown pipe table, the notes after it")  \
	X(BRAID_OUT_HTML, "html", "one self-contained HTML file, the table sortable by its columns") \
	X(BRAID_OUT_TEX, "tex", "a LaTeX longtable (booktabs) to \\input into a paper")        \
	X(BRAID_OUT_XLSX, "xlsx", "an Excel workbook of one sheet: the keys' columns, numbers as numbers")

/* What a quantitized matrix's cell holds (quantitize.h). */
#define BRAID_VOCAB_MATRIX_VALUE(X)                                                              \
	X(BRAID_MATRIX_PRESENCE, "presence", "1 if the case has a segment of the column, else 0") \
	X(BRAID_MATRIX_COUNT, "count", "the case's segments of the column")                      \
	X(BRAID_MATRIX_COVERAGE, "coverage", "the share of the case's own words coded with it") \
	X(BRAID_MATRIX_QUOTES, "quotes", "the theme's exemplar quotes from the case, else its first " \
	  "extract there")                                                                         \
	X(BRAID_MATRIX_SUMMARY, "summary", "the researcher's summary of the case for the theme")

/* What a quantitized matrix's rows are (quantitize.h; themes.h counts by them). */
#define BRAID_VOCAB_MATRIX_ROWS(X)                                                               \
	X(BRAID_ROWS_CASES, "cases", "one row per case with words of its own")                   \
	X(BRAID_ROWS_DOCS, "docs", "one row per document with participants' words")              \
	X(BRAID_ROWS_SPEAKERS, "speakers", "one row per participant with words, \"DOC:LABEL\"")

/* The families of thematic analysis (Braun & Clarke 2021), which shape the gates and the report. */
#define BRAID_VOCAB_APPROACH(X)                                                                  \
	X(BRAID_APPROACH_REFLEXIVE, "reflexive", "reflexive thematic analysis: themes as "       \
	  "patterns of shared meaning the researcher develops; no agreement figures")            \
	X(BRAID_APPROACH_CODEBOOK, "codebook", "codebook thematic analysis (template, framework): " \
	  "a structured codebook, themes often developed early")                                 \
	X(BRAID_APPROACH_RELIABILITY, "coding-reliability", "coding reliability thematic "       \
	  "analysis: several coders, a fixed codebook, agreement figures")

/* Braun & Clarke's six phases, in order: phase N is entry N-1. */
#define BRAID_VOCAB_PHASE(X)                                                                     \
	X(BRAID_PHASE_FAMILIARISATION, "familiarisation", "1 familiarisation with the data")    \
	X(BRAID_PHASE_CODING, "coding", "2 generating initial codes")                            \
	X(BRAID_PHASE_GENERATING, "generating-themes", "3 generating initial themes")           \
	X(BRAID_PHASE_REVIEWING, "reviewing-themes", "4 developing and reviewing themes")        \
	X(BRAID_PHASE_DEFINING, "defining-themes", "5 refining, defining and naming themes")     \
	X(BRAID_PHASE_WRITING, "writing-up", "6 writing up")

/* How the project came to a phase. */
#define BRAID_VOCAB_PHASE_MOVE(X)                                                                \
	X(BRAID_MOVE_START, "start", "the project's first phase")                                \
	X(BRAID_MOVE_NEXT, "next", "the gate of the phase before was passed")                    \
	X(BRAID_MOVE_FORCED, "forced", "the gate was passed anyway, with a reason")              \
	X(BRAID_MOVE_SET, "set", "moved back or forward by hand, with a reason")

#define BRAID_VOCAB_MEMO_KIND(X)                                                                 \
	X(BRAID_MEMO_ANALYTIC, "analytic", "a thought about codes, themes, the data")            \
	X(BRAID_MEMO_FAMILIARISATION, "familiarisation", "first impressions while reading")      \
	X(BRAID_MEMO_REFLEXIVE, "reflexive", "the researcher's reflexive journal")

#define BRAID_VOCAB_THEME_STATUS(X)                                                              \
	X(BRAID_THEME_CANDIDATE, "candidate", "a first grouping of codes")                       \
	X(BRAID_THEME_REVIEWED, "reviewed", "checked against its extracts and the whole data set") \
	X(BRAID_THEME_DEFINED, "defined", "named, defined and scoped")                           \
	X(BRAID_THEME_DISCARDED, "discarded", "kept in the record, left out of reports")        \
	X(BRAID_THEME_MERGED, "merged", "its codes and quotes went to another theme")

/* The forms of the thematic map (map.h), in the order of enum braid_map_format. */
#define BRAID_VOCAB_MAP_FORMAT(X)                                                                \
	X(BRAID_VMAP_DOT, "dot", "Graphviz's DOT text, before layout")                          \
	X(BRAID_VMAP_SVG, "svg", "laid out, as SVG")                                             \
	X(BRAID_VMAP_PDF, "pdf", "laid out, as PDF")                                             \
	X(BRAID_VMAP_PNG, "png", "laid out, as a PNG picture at 192 dpi")

/* The forms of the report (report.h), in the order of enum braid_doc_format (doc.h). */
#define BRAID_VOCAB_REPORT_FORMAT(X)                                                             \
	X(BRAID_VREPORT_MD, "md", "Markdown, the map in an SVG file beside it")                  \
	X(BRAID_VREPORT_HTML, "html", "one self-contained HTML file, the map inline")           \
	X(BRAID_VREPORT_TEX, "tex", "LaTeX, the map in a PDF file beside it")

/* Levels of measurement of reliability data (reliability.h), in the order of enum braid_rel_level. */
#define BRAID_VOCAB_LEVEL(X)                                                                     \
	X(BRAID_REL_NOMINAL, "nominal", "categories without order")                              \
	X(BRAID_REL_ORDINAL, "ordinal", "ordered categories (Krippendorff's rank metric)")       \
	X(BRAID_REL_INTERVAL, "interval", "numbers whose differences matter")                    \
	X(BRAID_REL_RATIO, "ratio", "numbers with a true zero")

/* The weights of Cohen's weighted kappa. */
#define BRAID_VOCAB_WEIGHTS(X)                                                                   \
	X(BRAID_REL_WEIGHTS_NONE, "none", "unweighted: every disagreement counts the same")      \
	X(BRAID_REL_WEIGHTS_LINEAR, "linear", "by the distance between categories")              \
	X(BRAID_REL_WEIGHTS_QUADRATIC, "quadratic", "by the squared distance")

/* The units `braid agree` compares coders on. */
#define BRAID_VOCAB_AGREE_UNIT(X)                                                                \
	X(BRAID_AGREE_TURN, "turn", "each speaker turn")                                         \
	X(BRAID_AGREE_SENTENCE, "sentence", "each sentence of a turn")                           \
	X(BRAID_AGREE_PARAGRAPH, "paragraph", "each paragraph of a turn")                        \
	X(BRAID_AGREE_DOCUMENT, "document", "each document as a whole")                          \
	X(BRAID_AGREE_CHAR, "char", "each character (unitizing: where, not only what)")

/* The forms of `braid agree`'s output. */
#define BRAID_VOCAB_AGREE_FORMAT(X)                                                              \
	X(BRAID_AGREE_TEXT, "text", "aligned tables for reading")                                \
	X(BRAID_AGREE_JSON, "json", "one object, keys as in docs/agreement.md")                  \
	X(BRAID_AGREE_CSV, "csv", "one row per code (RFC 4180)")                                 \
	X(BRAID_AGREE_MD, "md", "Markdown tables for a paper")                                   \
	X(BRAID_AGREE_TEX, "tex", "a LaTeX table for a paper")

/* A decision on a disagreement in `braid reconcile`. */
#define BRAID_VOCAB_DECISION(X)                                                                  \
	X(BRAID_DECIDE_A, "a", "keep the first coder's coding")                                  \
	X(BRAID_DECIDE_B, "b", "keep the second coder's coding")                                 \
	X(BRAID_DECIDE_BOTH, "both", "keep both")                                                \
	X(BRAID_DECIDE_NEITHER, "neither", "keep neither")                                       \
	X(BRAID_DECIDE_EDIT, "edit", "keep the code on a span given by hand")

/* The type of a survey variable (survey.h): what its values are and how they are summarised. */
#define BRAID_VOCAB_SURVEY_TYPE(X)                                                               \
	X(BRAID_SURVEY_BINARY, "binary", "two values (0/1, yes/no): counts and shares")          \
	X(BRAID_SURVEY_NUMERIC, "numeric", "numbers: n, mean, sd, min, max")                     \
	X(BRAID_SURVEY_ORDINAL, "ordinal", "ordered levels (--levels low,medium,high)")          \
	X(BRAID_SURVEY_CATEGORICAL, "categorical", "unordered levels: counts")

/* How a survey row came to be linked to a case. */
#define BRAID_VOCAB_SURVEY_LINK(X)                                                               \
	X(BRAID_LINK_AUTO, "auto", "the case's name is the survey id (ignoring case)")           \
	X(BRAID_LINK_MANUAL, "manual", "linked by hand (cases link)")

/* What `braid export cooccur` counts co-occurrence in (cooccur.h). */
#define BRAID_VOCAB_COOCCUR_UNIT(X)                                                              \
	X(BRAID_COOCCUR_SEGMENT, "segment", "overlapping coded segments")                        \
	X(BRAID_COOCCUR_TURN, "turn", "segments starting in the same turn")                      \
	X(BRAID_COOCCUR_DOC, "doc", "segments in the same document")

/* The figures of `braid export figure` (figure.h). */
#define BRAID_VOCAB_FIGURE_KIND(X)                                                               \
	X(BRAID_FIGURE_PREVALENCE, "prevalence", "bars: the cases each theme (code) is found in") \
	X(BRAID_FIGURE_COOCCUR, "cooccur", "a heatmap of co-occurrence (Jaccard)")               \
	X(BRAID_FIGURE_MAP, "map", "the thematic map (as `braid map` draws it)")                 \
	X(BRAID_FIGURE_COVERAGE, "coverage", "a heatmap: each document's words coded with each code")

/* The files a figure is written as. */
#define BRAID_VOCAB_FIGURE_FORMAT(X)                                                             \
	X(BRAID_FIGURE_SVG, "svg", "vector, for the web")                                        \
	X(BRAID_FIGURE_PDF, "pdf", "vector, for LaTeX and print")                 \
	X(BRAID_FIGURE_PNG, "png", "a picture at 300 dpi")

#define BRAID_VOCAB_ENUM_(id, name, help) id,

enum braid_origin { BRAID_VOCAB_ORIGIN(BRAID_VOCAB_ENUM_) BRAID_ORIGIN_N };
enum braid_status { BRAID_VOCAB_STATUS(BRAID_VOCAB_ENUM_) BRAID_STATUS_N };
enum braid_doc_kind { BRAID_VOCAB_DOC_KIND(BRAID_VOCAB_ENUM_) BRAID_DOC_KIND_N };
enum braid_role { BRAID_VOCAB_ROLE(BRAID_VOCAB_ENUM_) BRAID_ROLE_N };
enum braid_memo_target { BRAID_VOCAB_MEMO_TARGET(BRAID_VOCAB_ENUM_) BRAID_MEMO_TARGET_N };
enum braid_code_kind { BRAID_VOCAB_CODE_KIND(BRAID_VOCAB_ENUM_) BRAID_CODE_KIND_N };
enum braid_scope { BRAID_VOCAB_SCOPE(BRAID_VOCAB_ENUM_) BRAID_SCOPE_N };
enum braid_roles { BRAID_VOCAB_ROLES(BRAID_VOCAB_ENUM_) BRAID_ROLES_N };
enum braid_code_status { BRAID_VOCAB_CODE_STATUS(BRAID_VOCAB_ENUM_) BRAID_CODE_STATUS_N };
enum braid_code_field { BRAID_VOCAB_CODE_FIELD(BRAID_VOCAB_ENUM_) BRAID_CODE_FIELD_N };
enum braid_book_key { BRAID_VOCAB_BOOK_KEY(BRAID_VOCAB_ENUM_) BRAID_BOOK_KEY_N };
enum braid_code_key { BRAID_VOCAB_CODE_KEY(BRAID_VOCAB_ENUM_) BRAID_CODE_KEY_N };
enum braid_change_kind { BRAID_VOCAB_CHANGE_KIND(BRAID_VOCAB_ENUM_) BRAID_CHANGE_KIND_N };
enum braid_out_format { BRAID_VOCAB_OUT_FORMAT(BRAID_VOCAB_ENUM_) BRAID_OUT_FORMAT_N };
enum braid_approach { BRAID_VOCAB_APPROACH(BRAID_VOCAB_ENUM_) BRAID_APPROACH_N };
enum braid_phase { BRAID_VOCAB_PHASE(BRAID_VOCAB_ENUM_) BRAID_PHASE_N };
enum braid_phase_move { BRAID_VOCAB_PHASE_MOVE(BRAID_VOCAB_ENUM_) BRAID_PHASE_MOVE_N };
enum braid_memo_kind { BRAID_VOCAB_MEMO_KIND(BRAID_VOCAB_ENUM_) BRAID_MEMO_KIND_N };
enum braid_theme_status { BRAID_VOCAB_THEME_STATUS(BRAID_VOCAB_ENUM_) BRAID_THEME_STATUS_N };
enum braid_vmap_format { BRAID_VOCAB_MAP_FORMAT(BRAID_VOCAB_ENUM_) BRAID_VMAP_N };
enum braid_vreport_format { BRAID_VOCAB_REPORT_FORMAT(BRAID_VOCAB_ENUM_) BRAID_VREPORT_N };
enum braid_rel_level { BRAID_VOCAB_LEVEL(BRAID_VOCAB_ENUM_) BRAID_REL_LEVEL_N };
enum braid_rel_weights { BRAID_VOCAB_WEIGHTS(BRAID_VOCAB_ENUM_) BRAID_REL_WEIGHTS_N };
enum braid_agree_unit { BRAID_VOCAB_AGREE_UNIT(BRAID_VOCAB_ENUM_) BRAID_AGREE_UNIT_N };
enum braid_agree_format { BRAID_VOCAB_AGREE_FORMAT(BRAID_VOCAB_ENUM_) BRAID_AGREE_FORMAT_N };
enum braid_decision { BRAID_VOCAB_DECISION(BRAID_VOCAB_ENUM_) BRAID_DECISION_N };
enum braid_survey_type { BRAID_VOCAB_SURVEY_TYPE(BRAID_VOCAB_ENUM_) BRAID_SURVEY_TYPE_N };
enum braid_survey_link { BRAID_VOCAB_SURVEY_LINK(BRAID_VOCAB_ENUM_) BRAID_SURVEY_LINK_N };
enum braid_matrix_value { BRAID_VOCAB_MATRIX_VALUE(BRAID_VOCAB_ENUM_) BRAID_MATRIX_VALUE_N };
enum braid_cooccur_unit { BRAID_VOCAB_COOCCUR_UNIT(BRAID_VOCAB_ENUM_) BRAID_COOCCUR_UNIT_N };
enum braid_figure_kind { BRAID_VOCAB_FIGURE_KIND(BRAID_VOCAB_ENUM_) BRAID_FIGURE_KIND_N };
enum braid_figure_format { BRAID_VOCAB_FIGURE_FORMAT(BRAID_VOCAB_ENUM_) BRAID_FIGURE_FORMAT_N };
enum braid_matrix_rows { BRAID_VOCAB_MATRIX_ROWS(BRAID_VOCAB_ENUM_) BRAID_MATRIX_ROWS_N };

/* A vocabulary: what it is called in messages, its names and help, in enum order. */
struct braid_vocab {
	const char *id;   /* its name in help placeholders: "origin" for {origin} */
	const char *what; /* in messages: "unknown origin 'x'" */
	const char *const *names;
	const char *const *help;
	int n;
};

extern const struct braid_vocab braid_vocab_origin, braid_vocab_status, braid_vocab_doc_kind,
	braid_vocab_role, braid_vocab_memo_target, braid_vocab_code_kind, braid_vocab_scope,
	braid_vocab_roles, braid_vocab_code_status, braid_vocab_code_field, braid_vocab_book_key,
	braid_vocab_code_key, braid_vocab_change_kind, braid_vocab_out_format, braid_vocab_approach,
	braid_vocab_phase, braid_vocab_phase_move, braid_vocab_memo_kind, braid_vocab_theme_status,
	braid_vocab_map_format, braid_vocab_report_format, braid_vocab_level,
	braid_vocab_weights, braid_vocab_agree_unit, braid_vocab_agree_format, braid_vocab_decision,
	braid_vocab_survey_type, braid_vocab_survey_link, braid_vocab_matrix_value,
	braid_vocab_cooccur_unit, braid_vocab_figure_kind, braid_vocab_figure_format,
	braid_vocab_matrix_rows;

/* Every vocabulary, NULL-terminated (for help placeholders and docs). */
extern const struct braid_vocab *const braid_vocabs[];

/* The index of name in v, or -1. Exact match (names are lowercase ASCII). */
int braid_vocab_parse(const struct braid_vocab *v, const char *name);
/* The name of entry i (borrowed), or "?" when i is out of range. */
const char *braid_vocab_name(const struct braid_vocab *v, int i);
/* Its help text (borrowed), or "?". */
const char *braid_vocab_help(const struct braid_vocab *v, int i);
/* Appends "a, b or c". */
void braid_vocab_list(const struct braid_vocab *v, struct strbuf *out);
/* BRAID_EINVAL "unknown WHAT 'given' (expected a, b or c)"; returns the code. */
int braid_vocab_error(const struct braid_vocab *v, const char *given, struct braid_err *err);
/* Parses name or fails with braid_vocab_error: the index, or a negative error code. */
int braid_vocab_require(const struct braid_vocab *v, const char *name, struct braid_err *err);
/*
 * Appends a CHECK constraint body for column col: "(col = 'a' OR col = 'b')".
 * OR chains, not IN lists: SQLite 3.40 builds two temporary B-trees per
 * inserted row for CHECK (x IN (...)), a fifth of an autocode run.
 */
void braid_vocab_check(const struct braid_vocab *v, const char *col, struct strbuf *out);
/*
 * Whether a speaker of role `role` answers a filter on role `filter` (NULL:
 * any role). The one rule search, listings, retrieval and autocode apply:
 *  - "interviewer" answers for moderators too (the person asking the
 *    questions, in an interview or a focus group);
 *  - "participant" answers for "other" too: the text without a speaker label
 *    (the pseudo-speaker "(text)"), which is the whole text of a document
 *    without speakers (a report, field notes, subtitles without voices), so
 *    that a rule or filter on participants, the default, reads such documents
 *    rather than silently nothing; in a transcript it is the text before the
 *    first label (a title, a preamble);
 *  - every other role answers only for itself ("moderator", "other").
 * A NULL role (no turn) answers only for no filter. ROLE_MATCHES_SQL (db.h)
 * is the same rule in SQL.
 */
int braid_role_matches(const char *filter, const char *role);

/* The vocabulary whose id is given (e.g. "origin"), or NULL. */
const struct braid_vocab *braid_vocab_find(const char *id, size_t len);

#endif
