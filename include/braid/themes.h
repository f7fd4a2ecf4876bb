/*
 * themes.h - themes and sub-themes of a Braun & Clarke thematic analysis,
 * the codes each theme gathers, exemplar quotes, and how prevalent each
 * theme is across the data.
 *
 * A theme is a pattern of shared meaning built around a central organising
 * concept (Braun & Clarke 2019): it has a name, and once defined a
 * definition and a scope; it gathers codes (a code may sit in several
 * themes); it may have sub-themes (a tree, never a cycle); it moves from
 * candidate to reviewed to defined, or is discarded (kept in the record,
 * with the reason, and left out of reports and maps), or merged into
 * another (its codes, sub-themes, quotes and memos go there). Themes are
 * never deleted: undo is how one is taken back. Every call here is a change
 * of the open change (store.h), with its note in the audit log, and is
 * undoable.
 *
 * A theme is named by its id (a slug of its name, unique: "peer-support")
 * or by its name when unique, ignoring case (braid_theme_find).
 *
 * A discarded or merged theme takes no further change (rename, codes,
 * move, split, define, review, quotes, merging from or into it), except
 * that a discarded one may be given a status again (candidate, reviewed,
 * defined), which brings it back. A theme with sub-themes that are not
 * discarded cannot be discarded itself (move them out or discard them
 * first), so a live theme never sits under a discarded one.
 *
 * Prevalence (braid_theme_prevalence): a theme's segments are the codings
 * of its codes and of its sub-themes' codes (at any depth; a discarded or
 * merged sub-theme's codes no longer count), each segment (a document and
 * a span) counted once even when several of those codes, or several
 * coders, coded it. Counted: codings in status accepted (pending
 * autocoded ones are not evidence yet, rejected ones are not), of every
 * coder, or of one (`coder`). A segment counts for the case of the turn it
 * starts in, as the span reader gives it (doctext.h: the speaker's case,
 * else the document's; corpus.h: an interviewer's or moderator's turns
 * have no case); cases with the theme are counted out of every case with
 * words of its own (the cases `braid cases` lists with words), and only
 * those cases count. Words: the words of the theme's segments (their
 * union per document, so overlaps count once) spoken in participants'
 * turns (the parts of the union inside participants' utterances), out of
 * all the words participants speak. docs/workflow.md says the same, with a
 * worked example.
 *
 * Strings in rows are borrowed for the callback.
 */
#ifndef BRAID_THEMES_H
#define BRAID_THEMES_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "braid/vocab.h"

/* Resolves an id (slug) or a unique name; BRAID_ENOTFOUND (with names near it), BRAID_EINVAL if ambiguous. */
int braid_theme_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err);

/*
 * A new theme (status candidate), under parent (NULL: top level; refused
 * if that would be a cycle, which a new theme cannot be, or if the parent
 * is discarded or merged), made by coder in the current phase. The name
 * must be new among its siblings.
 */
int braid_theme_new(struct braid_store *st, const char *name, const char *parent,
		    const char *coder, int64_t *id, struct braid_err *err);

/* Adds codes (ids or names) to a theme; a code already there is no change. Unknown codes: nothing changes. */
int braid_theme_add_codes(struct braid_store *st, int64_t theme, const char *const *codes, size_t n,
			  struct braid_err *err);
/* Takes codes out of a theme; a code not in it is an error naming it. */
int braid_theme_rm_codes(struct braid_store *st, int64_t theme, const char *const *codes, size_t n,
			 struct braid_err *err);

int braid_theme_rename(struct braid_store *st, int64_t theme, const char *name,
		       struct braid_err *err);
/* Moves a theme under another (0: top level); a move under itself or its own sub-theme is refused. */
int braid_theme_move(struct braid_store *st, int64_t theme, int64_t parent, struct braid_err *err);

/*
 * Merges theme `from` into `into`: from's codes, sub-themes, quotes and
 * memos go to into (duplicates dropped), and from stays, status merged,
 * pointing at into. Refused when into lies below from.
 */
int braid_theme_merge(struct braid_store *st, int64_t from, int64_t into, struct braid_err *err);

/*
 * Splits theme `theme`: a new sibling named `name` takes the codes listed
 * (each must be in the theme), which leave the theme. *id is the new one.
 * The theme's quotes of codings coded with a code that left (and not with
 * a code the theme still has, itself or through a sub-theme) go along.
 */
int braid_theme_split(struct braid_store *st, int64_t theme, const char *name,
		      const char *const *codes, size_t n, const char *coder, int64_t *id,
		      struct braid_err *err);

/* Discards a theme, with the reason (required): it stays in the record, out of reports. */
int braid_theme_discard(struct braid_store *st, int64_t theme, const char *why,
			struct braid_err *err);

/* Sets the definition and/or the scope (NULL: leave as it is; "" clears). */
int braid_theme_define(struct braid_store *st, int64_t theme, const char *definition,
		       const char *scope, struct braid_err *err);

/*
 * Sets the status: candidate, reviewed or defined (discard and merge have
 * their own calls). "defined" needs a definition and a scope; "reviewed"
 * needs both reviews (braid_theme_review).
 */
int braid_theme_set_status(struct braid_store *st, int64_t theme, const char *status,
			   struct braid_err *err);

/*
 * Records phase 4's reviews (Braun & Clarke 2006: level 1, the theme
 * against its coded extracts; level 2, against the whole data set), with
 * the time; 0 leaves a review as it is.
 */
int braid_theme_review(struct braid_store *st, int64_t theme, int extracts, int dataset,
		       struct braid_err *err);

/* ---- listing ---- */

struct braid_prevalence {
	int64_t cases, cases_total; /* cases with the theme, of all cases with words of their own */
	int64_t docs, docs_total;   /* documents with the theme, of all documents */
	int64_t segments;           /* distinct coded segments */
	int64_t words, words_total; /* participants' words in those segments, of all theirs */
};

struct braid_theme_row {
	int64_t id;
	const char *guid, *slug, *name, *status;
	const char *definition, *scope, *why; /* NULL when unset */
	const char *merged_into;              /* slug, or NULL */
	int64_t parent_id;                    /* 0 at the top */
	const char *parent;                   /* the parent's slug, NULL at the top */
	int depth;
	const char *reviewed_extracts, *reviewed_dataset; /* times, NULL when not yet */
	const char *created, *created_by;
	int64_t created_phase;
	const char *const *codes; /* the theme's own codes' slugs, in tree order */
	size_t ncodes;
	struct braid_prevalence prev; /* with BRAID_THEMES_PREVALENCE */
};

enum {
	BRAID_THEMES_ALL = 1,        /* discarded and merged themes too */
	BRAID_THEMES_PREVALENCE = 2, /* fill prev (one pass over the codings of all themes) */
};

struct braid_theme_filter {
	int flags;
	const char *coder; /* prevalence from this coder's accepted codings only */
};

/* Themes in tree order (parents first, siblings by position then id). */
int braid_themes_each(struct braid_store *st, const struct braid_theme_filter *f,
		      int (*cb)(const struct braid_theme_row *row, void *ctx), void *ctx,
		      struct braid_err *err);

/* One theme's prevalence (its sub-themes' codes included). */
int braid_theme_prevalence(struct braid_store *st, int64_t theme, const char *coder,
			   struct braid_prevalence *out, struct braid_err *err);

/*
 * Themes sharing segments with a theme, most first (then by name): every
 * theme that is not discarded or merged, other than the theme itself, its
 * sub-themes and the themes above it (which hold its codes), with at least
 * one segment that overlaps one of the theme's segments or starts in the
 * same turn as one. Segments as prevalence counts them (accepted, `coder`).
 */
struct braid_cooccur_row {
	const char *slug, *name;
	int64_t segments; /* its distinct segments overlapping one of the theme's, or in the same turn */
};
int braid_theme_cooccur(struct braid_store *st, int64_t theme, const char *coder,
			int (*cb)(const struct braid_cooccur_row *row, void *ctx), void *ctx,
			struct braid_err *err);

/*
 * The theme's coded extracts: its segments as prevalence counts them (the
 * accepted codings of its codes and its sub-themes' codes, of every coder
 * or of `coder`), each span once, grouped by case (cases by name, segments
 * without a case last), then by document name and position.
 */
struct braid_extract_row {
	int64_t coding;   /* the span's first coding, by id (a quote takes a coding id) */
	const char *doc;
	const char *case_name, *speaker, *role; /* of the turn it starts in; NULL if none */
	int64_t turn;     /* that turn's number, 0 if none */
	int64_t start, end;
	const char *codes; /* the theme's codes on the span, "a, b" */
	const char *text;
	size_t text_len;
};
int braid_theme_extracts(struct braid_store *st, int64_t theme, const char *coder,
			 int (*cb)(const struct braid_extract_row *row, void *ctx), void *ctx,
			 struct braid_err *err);

/*
 * Every theme's prevalence row by row (the report's tables, the matrix), in
 * one walk over the codings: cb for each theme in play (every theme with
 * BRAID_THEMES_ALL), in tree order, and within it each row, `by`:
 *  - BRAID_ROWS_CASES: each case with words of its own, by name; a segment
 *    counts for the case of the turn it starts in (the rule above);
 *  - BRAID_ROWS_DOCS: each document whose participants speak words, by
 *    name; a segment counts for its document when it starts in a
 *    participant's turn (an interviewer's, moderator's or other speaker's
 *    turn is no participant's data, as it is no case's);
 *  - BRAID_ROWS_SPEAKERS: each participant with words, by document name
 *    then first turn, named "DOC:LABEL"; a segment counts for the
 *    participant whose turn it starts in.
 * Words in every case are participants' words: the row's own (the case's,
 * the document's participants', the speaker's), and the theme's segments'
 * union within them. f->coder: that coder's codings only.
 */
struct braid_case_prevalence_row {
	const char *name;           /* the row: the case's, the document's name, "DOC:LABEL" */
	const char *case_name;      /* the row's case (for a speaker its own, else its document's); NULL if none */
	int64_t segments;           /* the theme's segments counted for the row */
	int64_t words, words_total; /* the row's words in them, of all the row's words */
};
int braid_themes_cases_each(struct braid_store *st, const struct braid_theme_filter *f,
			    enum braid_matrix_rows by,
			    int (*cb)(int64_t theme, const struct braid_case_prevalence_row *row,
				      void *ctx),
			    void *ctx, struct braid_err *err);

/*
 * The same figures per code (the matrix's --cols codes): each of `codes`
 * (ids) counted as a theme holding that one code would be (its own
 * codings, not its sub-codes'; accepted; `coder`; a span once), in one
 * walk: cb(i, row) for codes[i] in order, and within it each row, `by`.
 */
int braid_codes_cases_each(struct braid_store *st, const int64_t *codes, size_t ncodes,
			   const char *coder, enum braid_matrix_rows by,
			   int (*cb)(size_t code, const struct braid_case_prevalence_row *row,
				     void *ctx),
			   void *ctx, struct braid_err *err);

/*
 * The figures per document (the coverage figure): ids are themes, or with
 * codes, codes, each counted as prevalence counts it (a theme with its
 * sub-themes' codes, a code with its own codings; accepted; `coder`); for
 * each document with one of their segments, in name order, cb(i, row) for
 * each ids[i] in order: the participants' words of the document coded with
 * it (the union of its spans, cut to participants' utterances), of all the
 * words its participants speak.
 */
struct braid_doc_prevalence_row {
	const char *doc;
	int64_t words, words_total;
};
int braid_themes_docs_each(struct braid_store *st, int codes, const int64_t *ids, size_t n,
			   const char *coder,
			   int (*cb)(size_t target, const struct braid_doc_prevalence_row *row,
				     void *ctx),
			   void *ctx, struct braid_err *err);

/*
 * Every pair of themes in play that co-occur, in one walk (the map):
 * cb(theme, other, segments) with other's segments meeting theme's, as
 * braid_theme_cooccur counts them (a theme's own ancestors and descendants
 * left out); themes in tree order, each one's partners in tree order.
 */
int braid_themes_cooccur_each(struct braid_store *st, const char *coder,
			      int (*cb)(int64_t theme, int64_t other, int64_t segments, void *ctx),
			      void *ctx, struct braid_err *err);

/* ---- quotes ---- */

/*
 * An exemplar quote: a coding chosen to illustrate a theme, with a note.
 * The coding must be one of the theme's extracts: not rejected, and coded
 * with a code of the theme or of one of its sub-themes; a coding is quoted
 * once per theme.
 */
int braid_quote_add(struct braid_store *st, int64_t theme, int64_t coding, const char *note,
		    const char *coder, int64_t *id, struct braid_err *err);
int braid_quote_rm(struct braid_store *st, int64_t id, struct braid_err *err);

struct braid_quote_row {
	int64_t id, coding;
	const char *theme, *note, *created, *created_by;
	const char *doc, *speaker, *case_name; /* where the quoted text is */
	const char *role;                      /* the speaker's; NULL before the first turn */
	int64_t turn, start, end;
	const char *text;
	size_t text_len;
};

/* Quotes of a theme (0: of every theme), in theme then document order. */
int braid_quotes_each(struct braid_store *st, int64_t theme,
		      int (*cb)(const struct braid_quote_row *row, void *ctx), void *ctx,
		      struct braid_err *err);

#endif
