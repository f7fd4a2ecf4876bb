/*
 * columns.h - the columns of every listing the core has (table.h), and the
 * row functions that turn each listing's row struct into those columns'
 * values. The CLI prints them as a table, JSON, CSV or TSV; the TUI shows
 * the same columns in its lists. The row structs and the functions that list
 * them stay in their modules (corpus.h, search.h, coding.h, history.h,
 * codes.h); only their description lives here, so that a new field of a
 * listing is added once and reaches every format.
 *
 * A row function fills row->v (struct braid_row, initialised for that
 * listing) and composes the text some cells need in row->text; the values
 * are valid until the next call with the same row, or until the row struct
 * they point into goes away (during the listing's callback).
 *
 * JSON keys are the stable field names of docs/cli.md.
 */
#ifndef BRAID_COLUMNS_H
#define BRAID_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "braid/autocode.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/history.h"
#include "braid/search.h"
#include "braid/table.h"
#include "braid/themes.h"

/* Documents (braid_corpus_docs): name, kind, format, turns, speakers, words, chars, case,
 * language, source, imported; the table shows the first six and the case. */
extern const struct braid_listing braid_docs_listing;
void braid_doc_values(const struct braid_doc_row *r, struct braid_row *row);

/* Speakers (braid_corpus_speakers): doc, label, role, case, turns, words. */
extern const struct braid_listing braid_speakers_listing;
void braid_speaker_values(const struct braid_speaker_row *r, struct braid_row *row);

/* Cases (braid_corpus_cases): case, docs, speakers, turns, words. */
extern const struct braid_listing braid_cases_listing;
void braid_case_values(const struct braid_case_row *r, struct braid_row *row);

/*
 * Turns (braid_corpus_turns): turn, speaker, role, case, start, end,
 * start_ms, end_ms (null without times), words, text. The table: #, time
 * (h:mm:ss), speaker, role, span, words and the text on one line, cut to 60.
 */
extern const struct braid_listing braid_turns_listing;
void braid_turn_values(const struct braid_turn_row *r, struct braid_row *row);

/*
 * Search hits (braid_search): doc, turn, speaker, role, case, start, end,
 * left, hit, right, the contexts `width` code points each (braid_kwic). The
 * table is keyword-in-context lines without a header: doc, #turn, speaker,
 * the left context right-aligned, "[hit]right context".
 */
extern const struct braid_listing braid_hits_listing;
void braid_hit_values(const struct braid_hit *h, size_t width, struct braid_row *row);

/* Autocode hits (braid_autocode --preview): the code, then the columns of a search hit,
 * start and end being the unit that would be coded. */
extern const struct braid_listing braid_autocode_hits_listing;
void braid_autocode_hit_values(const struct braid_autocode_hit *h, size_t width,
			       struct braid_row *row);

/*
 * Codings (braid_codings_each): id, doc, start, end, text, code, code_name,
 * coder, origin, status, speaker, role, case, turn (null if none), words,
 * memo, created. The table: #id, doc, #turn, span, code, coder, origin,
 * status and the text on one line, cut to 50.
 */
extern const struct braid_listing braid_codings_listing;
void braid_coding_values(const struct braid_coding_row *r, struct braid_row *row);

/* Memos (braid_memos_each): id, on (as --on takes it: "doc:P001"), target, ref, coder,
 * text, created. The table: #id, on, coder, created, the text cut to 60. */
extern const struct braid_listing braid_memos_listing;
void braid_memo_values(const struct braid_memo_row *r, struct braid_row *row);

/* Coders (braid_coders_each): name, codings, codes, memos, created. */
extern const struct braid_listing braid_coders_listing;
void braid_coder_values(const struct braid_coder_row *r, struct braid_row *row);

/*
 * Code counts (braid_code_stats): code, name, depth, group, segments, words,
 * docs, cases. The table names the code indented by its depth and, with a
 * group, only on the code's first row, then the group under DOC, CASE or
 * CODER; the listing depends on the grouping.
 */
const struct braid_listing *braid_stats_listing(enum braid_stats_by by);
void braid_stats_values(const struct braid_stats_row *r, struct braid_row *row);

/*
 * The audit log (braid_log_each): id, time, coder, command, detail, kind,
 * phase, reverts, undone (null when 0), change (a JSON object, or null). The
 * table is one line per change without a header: id, time, person and
 * "command: detail", with "[undone by #N]" (or "[redone by #N]" for an undo).
 */
extern const struct braid_listing braid_log_listing;
void braid_log_values(const struct braid_log_row *r, struct braid_row *row);

/*
 * The code tree (braid_code_tree_load): id, name, parent (its id, null at
 * the top), depth, kind, domain, definition, count, status, codebook,
 * created_by, merged_into, and with BRAID_CODES_COUNTS one column per coder,
 * keyed "count:NAME". The table: the name indented under its parent, id,
 * kind, domain, the status when the tree has every code (BRAID_CODES_ALL),
 * TOTAL and the coders' columns when it has the counts. Built for one tree,
 * which must outlive it: embedded, init/release.
 */
struct braid_tree_listing {
	struct braid_listing l;
	struct braid_column *cols;
	size_t *table;
	char **keys; /* "count:NAME" */
	size_t nkeys;
};
void braid_tree_listing_init(struct braid_tree_listing *tl, const struct braid_code_tree *t);
void braid_tree_listing_release(struct braid_tree_listing *tl);
void braid_code_node_values(const struct braid_code_tree *t, size_t i, struct braid_row *row);

/*
 * Themes (braid_themes_each): id, name, parent (its id, null at the top),
 * depth, status, codes (a JSON array of the theme's own codes' ids),
 * definition, scope, why, merged_into, then the prevalence: segments, cases,
 * cases_total, docs, docs_total, words, words_total, share (words /
 * words_total, null when there are no participants' words); then
 * reviewed_extracts, reviewed_dataset, created, created_by, created_phase,
 * guid. The table: the name indented under its parent, id, status, the
 * number of codes, segments, cases and documents as "n/total", words and
 * the share of participants' words as a percentage.
 */
extern const struct braid_listing braid_themes_listing;
void braid_theme_values(const struct braid_theme_row *r, struct braid_row *row);

/*
 * Quotes (braid_quotes_each): id, theme, coding, doc, turn, speaker, case,
 * start, end, text, note, created_by, created. The table: #id, theme,
 * #coding, doc, #turn, speaker, the text cut to 50 and the note to 30.
 */
extern const struct braid_listing braid_quotes_listing;
void braid_quote_values(const struct braid_quote_row *r, struct braid_row *row);

/* A theme's extracts (braid_theme_extracts): coding, doc, case, speaker, role, turn, start,
 * end, codes ("a, b"), text. */
extern const struct braid_listing braid_extracts_listing;
void braid_extract_values(const struct braid_extract_row *r, struct braid_row *row);

/* Appends milliseconds as h:mm:ss ("-" in front when negative). */
void braid_ms_text(int64_t ms, struct strbuf *out);

#endif
