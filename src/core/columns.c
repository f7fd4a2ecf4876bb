/*
 * columns.c - the column descriptions of the core's listings and their row
 * functions (see include/braid/columns.h).
 *
 * Each listing is an enum of its columns (so that row functions name them,
 * not count them), the column array in JSON order with designated
 * initialisers, and, where the table shows its columns in another order,
 * that order. The table layouts and JSON keys are those the CLI printed by
 * hand before, byte for byte.
 */
#include <string.h>

#include "braid/alloc.h"
#include "braid/columns.h"
#include "braid/transcript.h"

#define S BRAID_VAL_STR
#define I BRAID_VAL_INT
#define J BRAID_VAL_JSON
#define RIGHT BRAID_COL_RIGHT
#define DATA BRAID_COL_DATA
#define TABLE BRAID_COL_TABLE
#define HASH BRAID_COL_HASH

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))
/* Every column of the enum is described (designated initialisers would leave a gap silently). */
#define CHECK_COLS(cols, n) _Static_assert(NCOLS(cols) == (n), "a column of " #cols " is missing")

void braid_ms_text(int64_t ms, struct strbuf *out)
{
	/* as unsigned, so that the most negative value has a magnitude too */
	uint64_t a = ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms, s = a / 1000;

	strbuf_addf(out, "%s%llu:%02llu:%02llu", ms < 0 ? "-" : "", (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
}

/* The values of a row are overwritten each time; the text buffers are reset before use. */
static struct strbuf *text(struct braid_row *row, int i)
{
	strbuf_reset(&row->text[i]);
	return &row->text[i];
}

static struct braid_value buf_value(const struct strbuf *sb)
{
	return braid_val_strn(sb->buf, sb->len);
}

/* ---- documents, speakers, cases, turns ---- */

enum { DOC_NAME, DOC_KIND, DOC_FORMAT, DOC_TURNS, DOC_SPEAKERS, DOC_WORDS, DOC_CHARS, DOC_CASE,
       DOC_LANGUAGE, DOC_SOURCE, DOC_IMPORTED, DOC_GUID, DOC_N };
static const struct braid_column doc_cols[] = {
	[DOC_NAME] = { "NAME", "name", S, 0, 0 },
	[DOC_KIND] = { "KIND", "kind", S, 0, 0 },
	[DOC_FORMAT] = { "FORMAT", "format", S, 0, 0 },
	[DOC_TURNS] = { "TURNS", "turns", I, RIGHT, 0 },
	[DOC_SPEAKERS] = { "SPEAKERS", "speakers", I, RIGHT, 0 },
	[DOC_WORDS] = { "WORDS", "words", I, RIGHT, 0 },
	[DOC_CHARS] = { "CHARS", "chars", I, RIGHT | DATA, 0 },
	[DOC_CASE] = { "CASE", "case", S, 0, 0 },
	[DOC_LANGUAGE] = { "LANGUAGE", "language", S, DATA, 0 },
	[DOC_SOURCE] = { "SOURCE", "source", S, DATA, 0 },
	[DOC_IMPORTED] = { "IMPORTED", "imported", S, DATA, 0 },
	[DOC_GUID] = { "GUID", "guid", S, DATA, 0 },
};
CHECK_COLS(doc_cols, DOC_N);
const struct braid_listing braid_docs_listing = { "docs", doc_cols, DOC_N, NULL, 0, 0 };

void braid_doc_values(const struct braid_doc_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[DOC_NAME] = braid_val_str(r->name);
	v[DOC_KIND] = braid_val_str(r->kind);
	v[DOC_FORMAT] = braid_val_str(r->format);
	v[DOC_TURNS] = braid_val_int(r->turns);
	v[DOC_SPEAKERS] = braid_val_int(r->speakers);
	v[DOC_WORDS] = braid_val_int(r->words);
	v[DOC_CHARS] = braid_val_int(r->chars);
	v[DOC_CASE] = braid_val_str(r->case_name);
	v[DOC_LANGUAGE] = braid_val_str(r->language);
	v[DOC_SOURCE] = braid_val_str(r->source);
	v[DOC_IMPORTED] = braid_val_str(r->imported);
	v[DOC_GUID] = braid_val_str(r->guid);
}

enum { SPK_DOC, SPK_LABEL, SPK_ROLE, SPK_CASE, SPK_TURNS, SPK_WORDS, SPK_N };
static const struct braid_column speaker_cols[] = {
	[SPK_DOC] = { "DOC", "doc", S, 0, 0 },
	[SPK_LABEL] = { "SPEAKER", "label", S, 0, 0 },
	[SPK_ROLE] = { "ROLE", "role", S, 0, 0 },
	[SPK_CASE] = { "CASE", "case", S, 0, 0 },
	[SPK_TURNS] = { "TURNS", "turns", I, RIGHT, 0 },
	[SPK_WORDS] = { "WORDS", "words", I, RIGHT, 0 },
};
CHECK_COLS(speaker_cols, SPK_N);
const struct braid_listing braid_speakers_listing = { "speakers", speaker_cols, SPK_N, NULL, 0, 0 };

void braid_speaker_values(const struct braid_speaker_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[SPK_DOC] = braid_val_str(r->doc);
	v[SPK_LABEL] = braid_val_str(r->label);
	v[SPK_ROLE] = braid_val_str(r->role);
	v[SPK_CASE] = braid_val_str(r->case_name);
	v[SPK_TURNS] = braid_val_int(r->turns);
	v[SPK_WORDS] = braid_val_int(r->words);
}

enum { CASE_NAME, CASE_DOCS, CASE_SPEAKERS, CASE_TURNS, CASE_WORDS, CASE_GUID, CASE_N };
static const struct braid_column case_cols[] = {
	[CASE_NAME] = { "CASE", "case", S, 0, 0 },
	[CASE_DOCS] = { "DOCS", "docs", I, RIGHT, 0 },
	[CASE_SPEAKERS] = { "SPEAKERS", "speakers", I, RIGHT, 0 },
	[CASE_TURNS] = { "TURNS", "turns", I, RIGHT, 0 },
	[CASE_WORDS] = { "WORDS", "words", I, RIGHT, 0 },
	[CASE_GUID] = { "GUID", "guid", S, DATA, 0 },
};
CHECK_COLS(case_cols, CASE_N);
const struct braid_listing braid_cases_listing = { "cases", case_cols, CASE_N, NULL, 0, 0 };

void braid_case_values(const struct braid_case_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[CASE_NAME] = braid_val_str(r->name);
	v[CASE_DOCS] = braid_val_int(r->docs);
	v[CASE_SPEAKERS] = braid_val_int(r->speakers);
	v[CASE_TURNS] = braid_val_int(r->turns);
	v[CASE_WORDS] = braid_val_int(r->words);
	v[CASE_GUID] = braid_val_str(r->guid);
}

enum { TURN_IDX, TURN_SPEAKER, TURN_ROLE, TURN_CASE, TURN_START, TURN_END, TURN_START_MS,
       TURN_END_MS, TURN_WORDS, TURN_TEXT, TURN_TIME, TURN_SPAN, TURN_N };
static const struct braid_column turn_cols[] = {
	[TURN_IDX] = { "TURN", "turn", I, HASH | RIGHT, 0 },
	[TURN_SPEAKER] = { "SPEAKER", "speaker", S, 0, 0 },
	[TURN_ROLE] = { "ROLE", "role", S, 0, 0 },
	[TURN_CASE] = { "CASE", "case", S, DATA, 0 },
	[TURN_START] = { "START", "start", I, RIGHT | DATA, 0 },
	[TURN_END] = { "END", "end", I, RIGHT | DATA, 0 },
	[TURN_START_MS] = { "START_MS", "start_ms", I, RIGHT | DATA, 0 },
	[TURN_END_MS] = { "END_MS", "end_ms", I, RIGHT | DATA, 0 },
	[TURN_WORDS] = { "WORDS", "words", I, RIGHT, 0 },
	[TURN_TEXT] = { "TEXT", "text", S, 0, 60 },
	[TURN_TIME] = { "TIME", NULL, S, TABLE | RIGHT, 0 },
	[TURN_SPAN] = { "SPAN", NULL, S, TABLE, 0 },
};
static const size_t turn_table[] = { TURN_IDX,	TURN_TIME,  TURN_SPEAKER, TURN_ROLE,
				     TURN_SPAN, TURN_WORDS, TURN_TEXT };
CHECK_COLS(turn_cols, TURN_N);
const struct braid_listing braid_turns_listing = {
	"turns", turn_cols, TURN_N, turn_table, NCOLS(turn_table), 0
};

void braid_turn_values(const struct braid_turn_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *tm = text(row, 0), *span = text(row, 1);

	v[TURN_IDX] = braid_val_int(r->idx);
	v[TURN_SPEAKER] = braid_val_str(r->speaker);
	v[TURN_ROLE] = braid_val_str(r->role);
	v[TURN_CASE] = braid_val_str(r->case_name);
	v[TURN_START] = braid_val_int(r->start);
	v[TURN_END] = braid_val_int(r->end);
	v[TURN_START_MS] = braid_val_int_or_null(r->start_ms, BRAID_NO_TIME);
	v[TURN_END_MS] = braid_val_int_or_null(r->end_ms, BRAID_NO_TIME);
	v[TURN_WORDS] = braid_val_int(r->words);
	v[TURN_TEXT] = braid_val_strn(r->text, r->text_len);
	if (r->start_ms != BRAID_NO_TIME) {
		braid_ms_text(r->start_ms, tm);
		v[TURN_TIME] = buf_value(tm);
	} else {
		v[TURN_TIME] = braid_val_null();
	}
	strbuf_addf(span, "%lld-%lld", (long long)r->start, (long long)r->end);
	v[TURN_SPAN] = buf_value(span);
}

/* ---- search and autocode hits: keyword in context ---- */

/* The columns of a hit, after `first` (0 for a search hit, 1 after autocode's code). */
#define HIT_COLUMNS(first)                                                                         \
	[first + 0] = { "DOC", "doc", S, 0, 0 },                                                   \
	[first + 1] = { "TURN", "turn", I, HASH, 0 },                                              \
	[first + 2] = { "SPEAKER", "speaker", S, 0, 0 },                                           \
	[first + 3] = { "ROLE", "role", S, DATA, 0 },                                              \
	[first + 4] = { "CASE", "case", S, DATA, 0 },                                              \
	[first + 5] = { "START", "start", I, RIGHT | DATA, 0 },                                    \
	[first + 6] = { "END", "end", I, RIGHT | DATA, 0 },                                        \
	[first + 7] = { "LEFT", "left", S, RIGHT, 0 },                                             \
	[first + 8] = { "HIT", "hit", S, DATA, 0 },                                                \
	[first + 9] = { "RIGHT", "right", S, DATA, 0 },                                            \
	[first + 10] = { "HIT", NULL, S, TABLE, 0 } /* "[hit]right" */
enum { HIT_COLS = 11 };

static const struct braid_column hit_cols[] = { HIT_COLUMNS(0) };
CHECK_COLS(hit_cols, HIT_COLS);
const struct braid_listing braid_hits_listing = {
	"hits", hit_cols, HIT_COLS, NULL, 0, BRAID_LISTING_NO_HEADER
};

static const struct braid_column autocode_hit_cols[] = {
	[0] = { "CODE", "code", S, 0, 0 },
	HIT_COLUMNS(1),
};
CHECK_COLS(autocode_hit_cols, 1 + HIT_COLS);
const struct braid_listing braid_autocode_hits_listing = {
	"autocode hits", autocode_hit_cols, 1 + HIT_COLS, NULL, 0, BRAID_LISTING_NO_HEADER
};

static void hit_values(const struct braid_turn_row *t, size_t hit_start, size_t hit_end,
		       int64_t start, int64_t end, size_t width, struct braid_row *row,
		       struct braid_value *v)
{
	struct strbuf *left = text(row, 0), *right = text(row, 1), *rest = text(row, 2);

	braid_kwic(t->text, t->text_len, hit_start, hit_end, width, left, right);
	strbuf_addch(rest, '[');
	braid_kwic_hit(t->text, hit_start, hit_end, width, rest);
	strbuf_addch(rest, ']');
	strbuf_addbuf(rest, right);
	v[0] = braid_val_str(t->doc);
	v[1] = braid_val_int(t->idx);
	v[2] = braid_val_str(t->speaker);
	v[3] = braid_val_str(t->role);
	v[4] = braid_val_str(t->case_name);
	v[5] = braid_val_int(start);
	v[6] = braid_val_int(end);
	v[7] = buf_value(left);
	v[8] = braid_val_strn(t->text + hit_start, hit_end - hit_start);
	v[9] = buf_value(right);
	v[10] = buf_value(rest);
}

void braid_hit_values(const struct braid_hit *h, size_t width, struct braid_row *row)
{
	hit_values(h->turn, h->hit_start, h->hit_end, h->doc_start, h->doc_end, width, row, row->v);
}

void braid_autocode_hit_values(const struct braid_autocode_hit *h, size_t width,
			       struct braid_row *row)
{
	row->v[0] = braid_val_str(h->code);
	hit_values(h->turn, h->match_start, h->match_end, h->start, h->end, width, row, row->v + 1);
}

/* ---- codings, memos, coders ---- */

enum { CD_ID, CD_DOC, CD_START, CD_END, CD_TEXT, CD_CODE, CD_CODE_NAME, CD_CODER, CD_ORIGIN,
       CD_STATUS, CD_SPEAKER, CD_ROLE, CD_CASE, CD_TURN, CD_WORDS, CD_MEMO, CD_CREATED, CD_GUID,
       CD_SPAN, CD_N };
static const struct braid_column coding_cols[] = {
	[CD_ID] = { "ID", "id", I, HASH | RIGHT, 0 },
	[CD_DOC] = { "DOC", "doc", S, 0, 0 },
	[CD_START] = { "START", "start", I, RIGHT | DATA, 0 },
	[CD_END] = { "END", "end", I, RIGHT | DATA, 0 },
	[CD_TEXT] = { "TEXT", "text", S, 0, 50 },
	[CD_CODE] = { "CODE", "code", S, 0, 0 },
	[CD_CODE_NAME] = { "CODE NAME", "code_name", S, DATA, 0 },
	[CD_CODER] = { "CODER", "coder", S, 0, 0 },
	[CD_ORIGIN] = { "ORIGIN", "origin", S, 0, 0 },
	[CD_STATUS] = { "STATUS", "status", S, 0, 0 },
	[CD_SPEAKER] = { "SPEAKER", "speaker", S, DATA, 0 },
	[CD_ROLE] = { "ROLE", "role", S, DATA, 0 },
	[CD_CASE] = { "CASE", "case", S, DATA, 0 },
	[CD_TURN] = { "TURN", "turn", I, HASH, 0 },
	[CD_WORDS] = { "WORDS", "words", I, RIGHT | DATA, 0 },
	[CD_MEMO] = { "MEMO", "memo", S, DATA, 0 },
	[CD_CREATED] = { "CREATED", "created", S, DATA, 0 },
	[CD_GUID] = { "GUID", "guid", S, DATA, 0 },
	[CD_SPAN] = { "SPAN", NULL, S, TABLE, 0 },
};
static const size_t coding_table[] = { CD_ID,	 CD_DOC,    CD_TURN,   CD_SPAN, CD_CODE,
				       CD_CODER, CD_ORIGIN, CD_STATUS, CD_TEXT };
CHECK_COLS(coding_cols, CD_N);
const struct braid_listing braid_codings_listing = {
	"codings", coding_cols, CD_N, coding_table, NCOLS(coding_table), 0
};

void braid_coding_values(const struct braid_coding_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *span = text(row, 0);

	strbuf_addf(span, "%lld-%lld", (long long)r->start, (long long)r->end);
	v[CD_ID] = braid_val_int(r->id);
	v[CD_DOC] = braid_val_str(r->doc);
	v[CD_START] = braid_val_int(r->start);
	v[CD_END] = braid_val_int(r->end);
	v[CD_TEXT] = braid_val_strn(r->text, r->text_len);
	v[CD_CODE] = braid_val_str(r->code);
	v[CD_CODE_NAME] = braid_val_str(r->code_name);
	v[CD_CODER] = braid_val_str(r->coder);
	v[CD_ORIGIN] = braid_val_str(r->origin);
	v[CD_STATUS] = braid_val_str(r->status);
	v[CD_SPEAKER] = braid_val_str(r->speaker);
	v[CD_ROLE] = braid_val_str(r->role);
	v[CD_CASE] = braid_val_str(r->case_name);
	v[CD_TURN] = braid_val_int_or_null(r->turn, 0);
	v[CD_WORDS] = braid_val_int(r->words);
	v[CD_MEMO] = braid_val_str(r->memo);
	v[CD_CREATED] = braid_val_str(r->created);
	v[CD_GUID] = braid_val_str(r->guid);
	v[CD_SPAN] = buf_value(span);
}

enum { MEMO_ID, MEMO_ON, MEMO_TARGET, MEMO_REF, MEMO_KIND, MEMO_CODER, MEMO_TEXT, MEMO_CREATED,
       MEMO_PHASE, MEMO_GUID, MEMO_N };
static const struct braid_column memo_cols[] = {
	[MEMO_ID] = { "ID", "id", I, HASH | RIGHT, 0 },
	[MEMO_ON] = { "ON", "on", S, 0, 0 },
	[MEMO_TARGET] = { "TARGET", "target", S, DATA, 0 },
	[MEMO_REF] = { "REF", "ref", S, DATA, 0 },
	[MEMO_KIND] = { "KIND", "kind", S, 0, 0 },
	[MEMO_CODER] = { "CODER", "coder", S, 0, 0 },
	[MEMO_TEXT] = { "TEXT", "text", S, 0, 60 },
	[MEMO_CREATED] = { "CREATED", "created", S, 0, 0 },
	[MEMO_PHASE] = { "PHASE", "phase", I, DATA | RIGHT, 0 },
	[MEMO_GUID] = { "GUID", "guid", S, DATA, 0 },
};
static const size_t memo_table[] = { MEMO_ID, MEMO_ON, MEMO_KIND, MEMO_CODER, MEMO_CREATED,
				     MEMO_TEXT };
CHECK_COLS(memo_cols, MEMO_N);
const struct braid_listing braid_memos_listing = {
	"memos", memo_cols, MEMO_N, memo_table, NCOLS(memo_table), 0
};

void braid_memo_values(const struct braid_memo_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *on = text(row, 0);

	strbuf_addstr(on, r->target);
	if (r->target_ref)
		strbuf_addf(on, ":%s", r->target_ref);
	v[MEMO_ID] = braid_val_int(r->id);
	v[MEMO_ON] = buf_value(on);
	v[MEMO_TARGET] = braid_val_str(r->target);
	v[MEMO_REF] = braid_val_str(r->target_ref);
	v[MEMO_CODER] = braid_val_str(r->coder);
	v[MEMO_TEXT] = braid_val_str(r->text);
	v[MEMO_CREATED] = braid_val_str(r->created);
	v[MEMO_KIND] = braid_val_str(r->kind);
	v[MEMO_PHASE] = r->phase ? braid_val_int(r->phase) : braid_val_null();
	v[MEMO_GUID] = braid_val_str(r->guid);
}

enum { CODER_NAME, CODER_CODINGS, CODER_CODES, CODER_MEMOS, CODER_CREATED, CODER_GUID, CODER_N };
static const struct braid_column coder_cols[] = {
	[CODER_NAME] = { "CODER", "name", S, 0, 0 },
	[CODER_CODINGS] = { "CODINGS", "codings", I, RIGHT, 0 },
	[CODER_CODES] = { "CODES MADE", "codes", I, RIGHT, 0 },
	[CODER_MEMOS] = { "MEMOS", "memos", I, RIGHT, 0 },
	[CODER_CREATED] = { "ADDED", "created", S, 0, 0 },
	[CODER_GUID] = { "GUID", "guid", S, DATA, 0 },
};
CHECK_COLS(coder_cols, CODER_N);
const struct braid_listing braid_coders_listing = { "coders", coder_cols, CODER_N, NULL, 0, 0 };

void braid_coder_values(const struct braid_coder_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[CODER_NAME] = braid_val_str(r->name);
	v[CODER_CODINGS] = braid_val_int(r->codings);
	v[CODER_CODES] = braid_val_int(r->codes);
	v[CODER_MEMOS] = braid_val_int(r->memos);
	v[CODER_CREATED] = braid_val_str(r->created);
	v[CODER_GUID] = braid_val_str(r->guid);
}

/* ---- code counts ---- */

enum { ST_CODE, ST_NAME, ST_DEPTH, ST_GROUP, ST_SEGMENTS, ST_WORDS, ST_DOCS, ST_CASES, ST_SHOWN,
       ST_N };
#define STATS_COLUMNS(group, group_flags)                                                          \
	{                                                                                          \
		[ST_CODE] = { "ID", "code", S, DATA, 0 },                                          \
		[ST_NAME] = { "NAME", "name", S, DATA, 0 },                                        \
		[ST_DEPTH] = { "DEPTH", "depth", I, RIGHT | DATA, 0 },                             \
		[ST_GROUP] = { group, "group", S, group_flags, 0 },                                \
		[ST_SEGMENTS] = { "SEGMENTS", "segments", I, RIGHT, 0 },                           \
		[ST_WORDS] = { "WORDS", "words", I, RIGHT, 0 },                                    \
		[ST_DOCS] = { "DOCS", "docs", I, RIGHT, 0 },                                       \
		[ST_CASES] = { "CASES", "cases", I, RIGHT, 0 },                                    \
		[ST_SHOWN] = { "CODE", NULL, S, TABLE, 0 },                                        \
	}
static const struct braid_column stats_cols[] = STATS_COLUMNS("GROUP", DATA);
static const struct braid_column stats_doc_cols[] = STATS_COLUMNS("DOC", 0);
static const struct braid_column stats_case_cols[] = STATS_COLUMNS("CASE", 0);
static const struct braid_column stats_coder_cols[] = STATS_COLUMNS("CODER", 0);
static const size_t stats_table[] = { ST_SHOWN, ST_SEGMENTS, ST_WORDS, ST_DOCS, ST_CASES };
static const size_t stats_by_table[] = { ST_SHOWN,    ST_GROUP, ST_SEGMENTS,
					 ST_WORDS,    ST_DOCS,  ST_CASES };
CHECK_COLS(stats_cols, ST_N);
static const struct braid_listing stats_listing = {
	"code counts", stats_cols, ST_N, stats_table, NCOLS(stats_table), 0
};
CHECK_COLS(stats_doc_cols, ST_N);
static const struct braid_listing stats_doc_listing = {
	"code counts", stats_doc_cols, ST_N, stats_by_table, NCOLS(stats_by_table), 0
};
CHECK_COLS(stats_case_cols, ST_N);
static const struct braid_listing stats_case_listing = {
	"code counts", stats_case_cols, ST_N, stats_by_table, NCOLS(stats_by_table), 0
};
CHECK_COLS(stats_coder_cols, ST_N);
static const struct braid_listing stats_coder_listing = {
	"code counts", stats_coder_cols, ST_N, stats_by_table, NCOLS(stats_by_table), 0
};

const struct braid_listing *braid_stats_listing(enum braid_stats_by by)
{
	switch (by) {
	case BRAID_BY_DOC: return &stats_doc_listing;
	case BRAID_BY_CASE: return &stats_case_listing;
	case BRAID_BY_CODER: return &stats_coder_listing;
	default: return &stats_listing;
	}
}

void braid_stats_values(const struct braid_stats_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *shown = text(row, 0);

	/* per group, the code's name only on its first row */
	if (!r->group || strcmp(row->state.buf, r->code)) {
		for (int d = 0; d < r->depth; d++)
			strbuf_addstr(shown, "  ");
		strbuf_addstr(shown, r->code_name);
	}
	strbuf_reset(&row->state);
	strbuf_addstr(&row->state, r->code);
	v[ST_CODE] = braid_val_str(r->code);
	v[ST_NAME] = braid_val_str(r->code_name);
	v[ST_DEPTH] = braid_val_int(r->depth);
	v[ST_GROUP] = braid_val_str(r->group);
	v[ST_SEGMENTS] = braid_val_int(r->segments);
	v[ST_WORDS] = braid_val_int(r->words);
	v[ST_DOCS] = braid_val_int(r->docs);
	v[ST_CASES] = braid_val_int(r->cases);
	v[ST_SHOWN] = buf_value(shown);
}

/* ---- the audit log ---- */

enum { LOG_ID, LOG_TIME, LOG_CODER, LOG_COMMAND, LOG_DETAIL, LOG_KIND, LOG_PHASE, LOG_REVERTS,
       LOG_UNDONE, LOG_CHANGE, LOG_SHOWN, LOG_N };
static const struct braid_column log_cols[] = {
	[LOG_ID] = { "ID", "id", I, RIGHT, 0 },
	[LOG_TIME] = { "TIME", "time", S, 0, 0 },
	[LOG_CODER] = { "CODER", "coder", S, 0, 0 },
	[LOG_COMMAND] = { "COMMAND", "command", S, DATA, 0 },
	[LOG_DETAIL] = { "DETAIL", "detail", S, DATA, 0 },
	[LOG_KIND] = { "KIND", "kind", S, DATA, 0 },
	[LOG_PHASE] = { "PHASE", "phase", I, RIGHT | DATA, 0 },
	[LOG_REVERTS] = { "REVERTS", "reverts", I, RIGHT | DATA, 0 },
	[LOG_UNDONE] = { "UNDONE", "undone", I, RIGHT | DATA, 0 },
	[LOG_CHANGE] = { "CHANGE", "change", J, DATA, 0 },
	[LOG_SHOWN] = { "WHAT", NULL, S, TABLE, 0 },
};
CHECK_COLS(log_cols, LOG_N);
const struct braid_listing braid_log_listing = {
	"log", log_cols, LOG_N, NULL, 0, BRAID_LISTING_NO_HEADER
};

void braid_log_values(const struct braid_log_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *shown = text(row, 0);

	strbuf_addf(shown, "%s: %s", r->command, r->detail ? r->detail : "");
	if (r->undone)
		strbuf_addf(shown, "  [%s by #%lld]",
			    r->reverts && r->kind && !strcmp(r->kind, "undo") ? "redone" : "undone",
			    (long long)r->undone);
	v[LOG_ID] = braid_val_int(r->id);
	v[LOG_TIME] = braid_val_str(r->time);
	v[LOG_CODER] = braid_val_str(r->coder);
	v[LOG_COMMAND] = braid_val_str(r->command);
	v[LOG_DETAIL] = braid_val_str(r->detail);
	v[LOG_KIND] = braid_val_str(r->kind);
	v[LOG_PHASE] = braid_val_int_or_null(r->phase, 0);
	v[LOG_REVERTS] = braid_val_int_or_null(r->reverts, 0);
	v[LOG_UNDONE] = braid_val_int_or_null(r->undone, 0);
	v[LOG_CHANGE] = braid_val_json(r->change);
	v[LOG_SHOWN] = buf_value(shown);
}

/* ---- the code tree ---- */

enum { TREE_SHOWN, TREE_ID, TREE_NAME, TREE_PARENT, TREE_DEPTH, TREE_KIND, TREE_DOMAIN,
       TREE_DEFINITION, TREE_COUNT, TREE_STATUS, TREE_CODEBOOK, TREE_CREATED_BY,
       TREE_MERGED_INTO, TREE_N /* then one column per coder */ };
static const struct braid_column tree_cols[] = {
	[TREE_SHOWN] = { "CODE", NULL, S, TABLE, 0 },
	[TREE_ID] = { "ID", "id", S, 0, 0 },
	[TREE_NAME] = { "NAME", "name", S, DATA, 0 },
	[TREE_PARENT] = { "PARENT", "parent", S, DATA, 0 },
	[TREE_DEPTH] = { "DEPTH", "depth", I, RIGHT | DATA, 0 },
	[TREE_KIND] = { "KIND", "kind", S, 0, 0 },
	[TREE_DOMAIN] = { "DOMAIN", "domain", S, 0, 0 },
	[TREE_DEFINITION] = { "DEFINITION", "definition", S, DATA, 0 },
	[TREE_COUNT] = { "TOTAL", "count", I, RIGHT, 0 },
	[TREE_STATUS] = { "STATUS", "status", S, 0, 0 },
	[TREE_CODEBOOK] = { "CODEBOOK", "codebook", S, DATA, 0 },
	[TREE_CREATED_BY] = { "CREATED BY", "created_by", S, DATA, 0 },
	[TREE_MERGED_INTO] = { "MERGED INTO", "merged_into", S, DATA, 0 },
};
CHECK_COLS(tree_cols, TREE_N);

void braid_tree_listing_init(struct braid_tree_listing *tl, const struct braid_code_tree *t)
{
	int counts = (t->flags & BRAID_CODES_COUNTS) != 0;
	size_t n = TREE_N + (counts ? t->ncoders : 0), k = 0;
	struct strbuf key = STRBUF_INIT;

	memset(tl, 0, sizeof(*tl));
	tl->cols = xcalloc(n, sizeof(*tl->cols));
	tl->table = xcalloc(n, sizeof(*tl->table));
	tl->keys = xcalloc(t->ncoders + 1, sizeof(char *));
	memcpy(tl->cols, tree_cols, sizeof(tree_cols));
	for (size_t i = 0; counts && i < t->ncoders; i++) {
		strbuf_reset(&key);
		strbuf_addf(&key, "count:%s", t->coders[i]);
		tl->keys[tl->nkeys++] = xstrdup(key.buf);
		tl->cols[TREE_N + i] =
			(struct braid_column){ t->coders[i], tl->keys[i], I, RIGHT, 0 };
	}
	strbuf_release(&key);
	tl->table[k++] = TREE_SHOWN;
	tl->table[k++] = TREE_ID;
	tl->table[k++] = TREE_KIND;
	tl->table[k++] = TREE_DOMAIN;
	if (t->flags & BRAID_CODES_ALL)
		tl->table[k++] = TREE_STATUS;
	if (counts) {
		tl->table[k++] = TREE_COUNT;
		for (size_t i = 0; i < t->ncoders; i++)
			tl->table[k++] = TREE_N + i;
	}
	tl->l = (struct braid_listing){ "codes", tl->cols, n, tl->table, k, 0 };
}

void braid_tree_listing_release(struct braid_tree_listing *tl)
{
	for (size_t i = 0; i < tl->nkeys; i++)
		free(tl->keys[i]);
	free(tl->keys);
	free(tl->cols);
	free(tl->table);
	memset(tl, 0, sizeof(*tl));
}

void braid_code_node_values(const struct braid_code_tree *t, size_t i, struct braid_row *row)
{
	const struct braid_code_node *k = &t->v[i];
	struct braid_value *v = row->v;
	struct strbuf *shown = text(row, 0);

	for (int d = 0; d < k->shown_depth; d++)
		strbuf_addstr(shown, "  ");
	strbuf_addstr(shown, k->name);
	v[TREE_SHOWN] = buf_value(shown);
	v[TREE_ID] = braid_val_str(k->slug);
	v[TREE_NAME] = braid_val_str(k->name);
	v[TREE_PARENT] = k->parent_id && k->parent != BRAID_NO_NODE
				 ? braid_val_str(t->v[k->parent].slug)
				 : braid_val_null();
	v[TREE_DEPTH] = braid_val_int(k->depth);
	v[TREE_KIND] = braid_val_str(k->kind);
	v[TREE_DOMAIN] = braid_val_str(k->domain);
	v[TREE_DEFINITION] = braid_val_str(k->definition);
	v[TREE_COUNT] = braid_val_int(k->count);
	v[TREE_STATUS] = braid_val_str(k->status);
	v[TREE_CODEBOOK] = braid_val_str(k->codebook);
	v[TREE_CREATED_BY] = braid_val_str(k->created_by);
	v[TREE_MERGED_INTO] = braid_val_str(k->merged_into);
	for (size_t c = 0; k->by_coder && c < t->ncoders && TREE_N + c < row->n; c++)
		v[TREE_N + c] = braid_val_int(k->by_coder[c]);
}

/* ---- themes, their quotes and extracts ---- */

enum { TH_ID, TH_NAME, TH_PARENT, TH_DEPTH, TH_STATUS, TH_CODES, TH_DEFINITION, TH_SCOPE, TH_WHY,
       TH_MERGED_INTO, TH_SEGMENTS, TH_CASES, TH_CASES_TOTAL, TH_DOCS, TH_DOCS_TOTAL, TH_WORDS,
       TH_WORDS_TOTAL, TH_SHARE, TH_REVIEWED_EXTRACTS, TH_REVIEWED_DATASET, TH_CREATED,
       TH_CREATED_BY, TH_CREATED_PHASE, TH_GUID, TH_SHOWN, TH_NCODES, TH_CASES_SHOWN,
       TH_DOCS_SHOWN, TH_SHARE_SHOWN, TH_N };
static const struct braid_column theme_cols[] = {
	[TH_ID] = { "ID", "id", S, 0, 0 },
	[TH_NAME] = { "NAME", "name", S, DATA, 0 },
	[TH_PARENT] = { "PARENT", "parent", S, DATA, 0 },
	[TH_DEPTH] = { "DEPTH", "depth", I, RIGHT | DATA, 0 },
	[TH_STATUS] = { "STATUS", "status", S, 0, 0 },
	[TH_CODES] = { "CODES", "codes", J, DATA, 0 },
	[TH_DEFINITION] = { "DEFINITION", "definition", S, DATA, 0 },
	[TH_SCOPE] = { "SCOPE", "scope", S, DATA, 0 },
	[TH_WHY] = { "WHY", "why", S, DATA, 0 },
	[TH_MERGED_INTO] = { "MERGED INTO", "merged_into", S, DATA, 0 },
	[TH_SEGMENTS] = { "SEGMENTS", "segments", I, RIGHT, 0 },
	[TH_CASES] = { "CASES", "cases", I, RIGHT | DATA, 0 },
	[TH_CASES_TOTAL] = { "OF CASES", "cases_total", I, RIGHT | DATA, 0 },
	[TH_DOCS] = { "DOCS", "docs", I, RIGHT | DATA, 0 },
	[TH_DOCS_TOTAL] = { "OF DOCS", "docs_total", I, RIGHT | DATA, 0 },
	[TH_WORDS] = { "WORDS", "words", I, RIGHT, 0 },
	[TH_WORDS_TOTAL] = { "OF WORDS", "words_total", I, RIGHT | DATA, 0 },
	[TH_SHARE] = { "SHARE", "share", BRAID_VAL_REAL, RIGHT | DATA, 0 },
	[TH_REVIEWED_EXTRACTS] = { "REVIEWED EXTRACTS", "reviewed_extracts", S, DATA, 0 },
	[TH_REVIEWED_DATASET] = { "REVIEWED DATA SET", "reviewed_dataset", S, DATA, 0 },
	[TH_CREATED] = { "CREATED", "created", S, DATA, 0 },
	[TH_CREATED_BY] = { "CREATED BY", "created_by", S, DATA, 0 },
	[TH_CREATED_PHASE] = { "PHASE", "created_phase", I, RIGHT | DATA, 0 },
	[TH_GUID] = { "GUID", "guid", S, DATA, 0 },
	[TH_SHOWN] = { "THEME", NULL, S, TABLE, 0 },
	[TH_NCODES] = { "CODES", NULL, I, TABLE | RIGHT, 0 },
	[TH_CASES_SHOWN] = { "CASES", NULL, S, TABLE | RIGHT, 0 },
	[TH_DOCS_SHOWN] = { "DOCS", NULL, S, TABLE | RIGHT, 0 },
	[TH_SHARE_SHOWN] = { "SHARE", NULL, S, TABLE | RIGHT, 0 },
};
static const size_t theme_table[] = { TH_SHOWN,	   TH_ID,	  TH_STATUS, TH_NCODES,
				      TH_SEGMENTS, TH_CASES_SHOWN, TH_DOCS_SHOWN, TH_WORDS,
				      TH_SHARE_SHOWN };
CHECK_COLS(theme_cols, TH_N);
const struct braid_listing braid_themes_listing = {
	"themes", theme_cols, TH_N, theme_table, NCOLS(theme_table), 0
};

void braid_theme_values(const struct braid_theme_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;
	struct strbuf *shown = text(row, 0), *codes = text(row, 1), *cases = text(row, 2);
	struct strbuf *docs = text(row, 3);
	const struct braid_prevalence *p = &r->prev;

	for (int d = 0; d < r->depth; d++)
		strbuf_addstr(shown, "  ");
	strbuf_addstr(shown, r->name);
	strbuf_addch(codes, '[');
	for (size_t i = 0; i < r->ncodes; i++) {
		if (i)
			strbuf_addch(codes, ',');
		braid_json_quote(r->codes[i], strlen(r->codes[i]), codes);
	}
	strbuf_addch(codes, ']');
	strbuf_addf(cases, "%lld/%lld", (long long)p->cases, (long long)p->cases_total);
	strbuf_addf(docs, "%lld/%lld", (long long)p->docs, (long long)p->docs_total);
	v[TH_ID] = braid_val_str(r->slug);
	v[TH_NAME] = braid_val_str(r->name);
	v[TH_PARENT] = braid_val_str(r->parent);
	v[TH_DEPTH] = braid_val_int(r->depth);
	v[TH_STATUS] = braid_val_str(r->status);
	v[TH_CODES] = buf_value(codes);
	v[TH_CODES].type = BRAID_VAL_JSON;
	v[TH_DEFINITION] = braid_val_str(r->definition);
	v[TH_SCOPE] = braid_val_str(r->scope);
	v[TH_WHY] = braid_val_str(r->why);
	v[TH_MERGED_INTO] = braid_val_str(r->merged_into);
	v[TH_SEGMENTS] = braid_val_int(p->segments);
	v[TH_CASES] = braid_val_int(p->cases);
	v[TH_CASES_TOTAL] = braid_val_int(p->cases_total);
	v[TH_DOCS] = braid_val_int(p->docs);
	v[TH_DOCS_TOTAL] = braid_val_int(p->docs_total);
	v[TH_WORDS] = braid_val_int(p->words);
	v[TH_WORDS_TOTAL] = braid_val_int(p->words_total);
	v[TH_SHARE] = p->words_total ? braid_val_real((double)p->words / (double)p->words_total)
				     : braid_val_null();
	v[TH_REVIEWED_EXTRACTS] = braid_val_str(r->reviewed_extracts);
	v[TH_REVIEWED_DATASET] = braid_val_str(r->reviewed_dataset);
	v[TH_CREATED] = braid_val_str(r->created);
	v[TH_CREATED_BY] = braid_val_str(r->created_by);
	v[TH_CREATED_PHASE] = braid_val_int_or_null(r->created_phase, 0);
	v[TH_GUID] = braid_val_str(r->guid);
	v[TH_SHOWN] = buf_value(shown);
	v[TH_NCODES] = braid_val_int((int64_t)r->ncodes);
	v[TH_CASES_SHOWN] = buf_value(cases);
	v[TH_DOCS_SHOWN] = buf_value(docs);
	if (p->words_total) {
		struct strbuf *share = &row->state;

		strbuf_reset(share);
		strbuf_addf(share, "%.1f%%", 100.0 * (double)p->words / (double)p->words_total);
		v[TH_SHARE_SHOWN] = buf_value(share);
	} else {
		v[TH_SHARE_SHOWN] = braid_val_null();
	}
}

enum { QT_ID, QT_THEME, QT_CODING, QT_DOC, QT_TURN, QT_SPEAKER, QT_CASE, QT_START, QT_END,
       QT_TEXT, QT_NOTE, QT_CREATED_BY, QT_CREATED, QT_N };
static const struct braid_column quote_cols[] = {
	[QT_ID] = { "ID", "id", I, HASH | RIGHT, 0 },
	[QT_THEME] = { "THEME", "theme", S, 0, 0 },
	[QT_CODING] = { "CODING", "coding", I, HASH | RIGHT, 0 },
	[QT_DOC] = { "DOC", "doc", S, 0, 0 },
	[QT_TURN] = { "TURN", "turn", I, HASH, 0 },
	[QT_SPEAKER] = { "SPEAKER", "speaker", S, 0, 0 },
	[QT_CASE] = { "CASE", "case", S, DATA, 0 },
	[QT_START] = { "START", "start", I, RIGHT | DATA, 0 },
	[QT_END] = { "END", "end", I, RIGHT | DATA, 0 },
	[QT_TEXT] = { "TEXT", "text", S, 0, 50 },
	[QT_NOTE] = { "NOTE", "note", S, 0, 30 },
	[QT_CREATED_BY] = { "BY", "created_by", S, DATA, 0 },
	[QT_CREATED] = { "CREATED", "created", S, DATA, 0 },
};
CHECK_COLS(quote_cols, QT_N);
const struct braid_listing braid_quotes_listing = { "quotes", quote_cols, QT_N, NULL, 0, 0 };

void braid_quote_values(const struct braid_quote_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[QT_ID] = braid_val_int(r->id);
	v[QT_THEME] = braid_val_str(r->theme);
	v[QT_CODING] = braid_val_int(r->coding);
	v[QT_DOC] = braid_val_str(r->doc);
	v[QT_TURN] = braid_val_int_or_null(r->turn, 0);
	v[QT_SPEAKER] = braid_val_str(r->speaker);
	v[QT_CASE] = braid_val_str(r->case_name);
	v[QT_START] = braid_val_int(r->start);
	v[QT_END] = braid_val_int(r->end);
	v[QT_TEXT] = braid_val_strn(r->text, r->text_len);
	v[QT_NOTE] = braid_val_str(r->note);
	v[QT_CREATED_BY] = braid_val_str(r->created_by);
	v[QT_CREATED] = braid_val_str(r->created);
}

enum { EX_CODING, EX_DOC, EX_CASE, EX_SPEAKER, EX_ROLE, EX_TURN, EX_START, EX_END, EX_CODES,
       EX_TEXT, EX_N };
static const struct braid_column extract_cols[] = {
	[EX_CODING] = { "CODING", "coding", I, HASH | RIGHT, 0 },
	[EX_DOC] = { "DOC", "doc", S, 0, 0 },
	[EX_CASE] = { "CASE", "case", S, 0, 0 },
	[EX_SPEAKER] = { "SPEAKER", "speaker", S, 0, 0 },
	[EX_ROLE] = { "ROLE", "role", S, DATA, 0 },
	[EX_TURN] = { "TURN", "turn", I, HASH, 0 },
	[EX_START] = { "START", "start", I, RIGHT | DATA, 0 },
	[EX_END] = { "END", "end", I, RIGHT | DATA, 0 },
	[EX_CODES] = { "CODES", "codes", S, 0, 0 },
	[EX_TEXT] = { "TEXT", "text", S, 0, 50 },
};
CHECK_COLS(extract_cols, EX_N);
const struct braid_listing braid_extracts_listing = { "extracts", extract_cols, EX_N, NULL, 0, 0 };

void braid_extract_values(const struct braid_extract_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[EX_CODING] = braid_val_int(r->coding);
	v[EX_DOC] = braid_val_str(r->doc);
	v[EX_CASE] = braid_val_str(r->case_name);
	v[EX_SPEAKER] = braid_val_str(r->speaker);
	v[EX_ROLE] = braid_val_str(r->role);
	v[EX_TURN] = braid_val_int_or_null(r->turn, 0);
	v[EX_START] = braid_val_int(r->start);
	v[EX_END] = braid_val_int(r->end);
	v[EX_CODES] = braid_val_str(r->codes);
	v[EX_TEXT] = braid_val_strn(r->text, r->text_len);
}
