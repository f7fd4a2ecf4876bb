/*
 * autocode.h - coding by rule: every active code with patterns (from the
 * project, or from a codebook file) is matched against the turns, and the
 * unit that contains a match (its sentence, turn or paragraph, as the code's
 * scope says) is coded, origin 'auto', status 'pending', for a human to
 * accept or reject later (coding.h).
 *
 * Patterns are PCRE2 compiled with UTF, UCP and CASELESS, JIT when available;
 * a code's patterns are alternatives of one regex (braid_autocode_regex).
 * Each match call may do at most BRAID_AUTOCODE_MATCH_LIMIT steps of
 * PCRE2's backtracking plus one per byte of the turn left to search (its
 * match and depth limits), so a pattern that backtracks without end, such
 * as (a+)+$ or (.*a){20}, fails within a few milliseconds on a turn of a
 * few KB instead of running for seconds; text of linear cost is never
 * stopped by it. The JIT stack grows to BRAID_AUTOCODE_JIT_STACK bytes.
 * Turns are filtered by the code's roles, as braid_role_matches (vocab.h)
 * decides for each speaker role: participant (the default) reaches turns of
 * role participant, interviewer those of interviewer and moderator, any all
 * of them, including 'other', the role of documents without speakers. So
 * interviewer questions are not coded unless a code asks. A code that
 * matched no unit is looked for in the turns its roles exclude too (until
 * it finds one), so the report can say that the filter, not the patterns,
 * kept it from coding anything.
 *
 * Units: sentences and paragraphs are those of braid_text_sentences and
 * braid_text_paragraphs on the turn's text, a turn unit is the whole
 * utterance; none includes surrounding white space and none is empty. A
 * match belongs to the unit that contains its start (one that starts in the
 * white space between two units, to the next one); a unit with several
 * matches is coded once. Empty matches are ignored.
 *
 * Idempotent: a unit already coded with that code by that coder (in any
 * status, including rejected) is not coded again. Runs inside the caller's
 * transaction, all or nothing (a savepoint: after an error nothing of the
 * run is left); without an open transaction it commits on its own. All the
 * codings of a run get the time it started. With preview set nothing is
 * written, not even a new coder.
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

/* PCRE2 backtracking steps a match call may take, on top of one per byte of text (above). */
#define BRAID_AUTOCODE_MATCH_LIMIT 20000
/* The most a match may use of the JIT's stack (it starts at 32 KiB). */
#define BRAID_AUTOCODE_JIT_STACK (4 * 1024 * 1024)

/* What became of one code in a run (braid_autocode_opts.report). */
struct braid_autocode_code {
	const char *code;   /* its id (slug) */
	size_t units;       /* units with a match, new or not (up to its failure, if it failed) */
	size_t created;     /* codings written */
	/*
	 * With skip_failing, why the code was dropped, as the error would have
	 * said it (NULL when it ran to the end); failed_doc and failed_turn say
	 * where.
	 */
	const char *failed;
	const char *failed_doc;
	int64_t failed_turn;
	const char *roles; /* whose turns it reads: participant, interviewer or any */
	/*
	 * When it matched no unit but its patterns match text in a turn its
	 * roles exclude (a participant code on a document without speakers,
	 * whose text has role other): the first such turn, its document and
	 * role. NULL otherwise.
	 */
	const char *outside_doc, *outside_role;
	int64_t outside_turn;
};

struct braid_autocode_opts {
	/*
	 * Only this code (id, or name ignoring case: see braid_code_find) and
	 * the codes below it in the project's tree; NULL = all. Unknown:
	 * BRAID_ENOTFOUND "no code 'x'".
	 */
	const char *code;
	/*
	 * Take the patterns, scope and roles from this codebook's codes instead
	 * of the project's, matched to project codes by id; which codes are
	 * active is still the project's say. A codebook code with patterns that
	 * the project lacks is BRAID_ENOTFOUND ("... import the codebook first").
	 */
	const struct braid_codebook *codebook;
	/*
	 * Who the codings are attributed to (created if new); required unless
	 * preview. In a preview a unit counts as new when this coder has not
	 * coded it with that code, or, with coder NULL, when nobody has.
	 */
	const char *coder;
	const char *doc;                      /* only this document; NULL = all, in name order */
	int preview;                          /* report what would be coded, write nothing */
	/*
	 * A code whose regex fails on some text (PCRE2's match limit, below,
	 * or any other matching error) stops the run with an error naming the
	 * code, the pattern, the document and the turn, and nothing is kept.
	 * With skip_failing the code is dropped from the rest of the run
	 * instead (the units it found before stay) and the others go on; the
	 * report says why.
	 */
	int skip_failing;
	/* called once per code with rules at the end of a run that went well (may be NULL) */
	void (*report)(const struct braid_autocode_code *code, void *ctx);
	void *report_ctx;
	/* called once per document: items are documents, bytes their text */
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
	size_t codes, patterns; /* codes with rules run, and their patterns */
	size_t docs, turns;     /* documents done; turns that at least one code ran over */
	size_t matches;   /* non-empty pattern matches found */
	size_t units;     /* units that had a match (new or not) */
	size_t created;   /* codings written (0 in preview, and after an error) */
	uint64_t bytes;   /* text scanned: the bytes of those turns */
};

typedef int (*braid_autocode_cb)(const struct braid_autocode_hit *hit, void *ctx);

/*
 * Runs the rules. cb (may be NULL) sees every unit with a match, in
 * document, turn and code order (codes in the project's id order, or the
 * codebook's), each code's units in text order. A callback returning
 * non-zero stops the run and that value is returned: a positive one keeps
 * what was written up to and including that unit, a negative one is an
 * error and undoes the run.
 */
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
