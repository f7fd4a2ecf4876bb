/*
 * autocode.h - coding by rule: every active code with patterns (from the
 * project, or from a codebook file) is matched against the turns, and the
 * unit that contains a match (its sentence, turn or paragraph, as the code's
 * scope says) is coded, origin 'auto', status 'pending', for a human to
 * accept or reject later (coding.h).
 *
 * Patterns are PCRE2 compiled with UTF, UCP and CASELESS, JIT when available.
 * Turns are filtered by the code's roles (participant by default, so
 * interviewer questions are not coded; documents without speakers have the
 * role 'other', which only `roles: any` reaches).
 *
 * Idempotent: a unit already coded with that code by that coder (in any
 * status, including rejected) is not coded again. Runs inside the caller's
 * transaction; with preview set nothing is written.
 */
#ifndef BRAID_AUTOCODE_H
#define BRAID_AUTOCODE_H

#include <stddef.h>
#include <stdint.h>

#include "braid/codebook.h"
#include "braid/corpus.h"
#include "braid/err.h"
#include "braid/progress.h"
#include "braid/store.h"
#include "braid/strbuf.h"

struct braid_autocode_opts {
	const char *code;                     /* only this code (id or name) and its children; NULL = all */
	const struct braid_codebook *codebook;/* rules from this codebook (its codes must be in the project) */
	const char *coder;                    /* who the codings are attributed to (created if new) */
	const char *doc;                      /* only this document; NULL = all */
	int preview;                          /* report what would be coded, write nothing */
	braid_progress_fn progress;
	void *progress_ctx;
};

/* One unit coded (or that would be, in preview); strings borrowed for the call. */
struct braid_autocode_hit {
	const struct braid_turn_row *turn;
	const char *code;            /* code id (slug) */
	size_t match_start, match_end; /* first match in the unit: bytes in turn->text */
	size_t unit_start, unit_end;   /* the coded unit: bytes in turn->text */
	int64_t start, end;            /* the unit as code points into the document text */
	int is_new;                    /* 0 when the unit was already coded (not written again) */
};

struct braid_autocode_stats {
	size_t codes, patterns, docs, turns;
	size_t matches;   /* pattern matches found */
	size_t units;     /* units that had a match (new or not) */
	size_t created;   /* codings written (0 in preview) */
	uint64_t bytes;   /* text scanned */
};

typedef int (*braid_autocode_cb)(const struct braid_autocode_hit *hit, void *ctx);

/* Runs the rules; cb (may be NULL) sees every unit with a match, in document and turn order. */
int braid_autocode(struct braid_store *st, const struct braid_autocode_opts *o, braid_autocode_cb cb,
		   void *ctx, struct braid_autocode_stats *stats, struct braid_err *err);

/*
 * Appends the one regex autocode compiles for a code's patterns (each must
 * compile on its own): "(?:p1)|(?:p2)|..." (a single pattern as it is); in
 * a branch-reset group "(?|...)" when a pattern after the first has a
 * numbered back reference, so that \1 counts the groups of its own
 * pattern. When every top-level alternative of every pattern starts with
 * \b (after lookarounds), that \b moves in front of the whole regex
 * ("\bcourt|\bjudge" becomes "\b(?:(?:court)|(?:judge))"), which matches
 * the same but lets PCRE2 reject a position inside a word with one test
 * instead of one per alternative. For tools that want to run exactly what
 * autocode runs (make bench).
 */
void braid_autocode_regex(const char *const *patterns, size_t n, struct strbuf *out);

#endif
