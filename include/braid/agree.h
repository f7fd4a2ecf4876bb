/*
 * agree.h - agreement between coders on a project's codings, the places
 * where they differ, and their reconciliation into a consensus coder.
 *
 * braid_agree_run turns the codings of two or more coders into reliability
 * data (reliability.h) and computes every coefficient per code and pooled
 * over codes; at the character level it hands the codings to the unitizing
 * alphas (unitize.h). The rules (docs/agreement.md):
 *
 *  - Codings that count: every coding of the coders that is not rejected
 *    (accepted and pending), whatever its origin, as in every count braid
 *    makes.
 *  - Documents: those named (opts.docs), else every document that each of
 *    the coders coded at least once: a document one coder never opened would
 *    otherwise count as agreement on "not coded" everywhere in it.
 *  - Units: the participants' turns of those documents (braid_role_matches
 *    "participant": the unlabelled text of documents without speakers too),
 *    interviewers' and moderators' turns only with opts.interviewer; a turn,
 *    each sentence or paragraph of a turn (braid_text_sentences /
 *    braid_text_paragraphs, in code points of the document's text), or each
 *    document (its included turns together). Every unit counts, coded by
 *    someone or not: not coding a unit is a value too (unit-based kappa).
 *  - A coder applied a code to a unit when one of their codings of that code
 *    shares at least one code point with it.
 *  - Per code: one binary matrix, units by coders (1 applied, 0 not), at the
 *    nominal level. Pooled: one matrix with a row per (unit, code) pair, for
 *    every selected code.
 *  - Codes: those named (not their sub-codes), else every code one of the
 *    coders applied in the documents, in tree order.
 *
 * Sentences and paragraphs come from braid's segmentation, whose version is
 * BRAID_AGREE_SEGMENTATION; a project records the version it was first
 * measured with (setting agree.segmentation), and a result says when that
 * differs from this braid's, since the same codings may then give other
 * figures.
 *
 * Strings in results are owned by the result; release it.
 */
#ifndef BRAID_AGREE_H
#define BRAID_AGREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "braid/err.h"
#include "braid/reliability.h"
#include "braid/store.h"
#include "braid/unitize.h"
#include "braid/vocab.h"

/* The sentence and paragraph segmentation of this braid (text.h's rules). */
#define BRAID_AGREE_SEGMENTATION "braid-seg-1"
/* The project setting that records the segmentation first used. */
#define BRAID_AGREE_SEGMENTATION_KEY "agree.segmentation"

/* The bootstrap of alpha's interval unless told otherwise: resamples and seed. */
#define BRAID_AGREE_BOOTSTRAP 1000
#define BRAID_AGREE_SEED 1

/* At most this many coders at once. */
#define BRAID_AGREE_MAX_CODERS 64

struct braid_agree_opts {
	const char *const *coders; /* names, at least two */
	size_t ncoders;
	const char *const *codes; /* ids or names; NULL/0: every code the coders applied */
	size_t ncodes;
	const char *const *docs; /* NULL/0: every document each coder coded */
	size_t ndocs;
	enum braid_agree_unit unit;
	int interviewer;    /* include interviewers' and moderators' turns */
	const char *domain; /* char level: the children of this code as one semantic domain */
	size_t bootstrap;   /* resamples for alpha's interval (0: none) */
	uint64_t seed;
	double confidence; /* 0: 0.95 */
	int disagreements; /* collect the disagreements */
};

/* A code's figures (or the pooled ones: code NULL). */
struct braid_agree_code {
	int64_t id;
	char *slug, *name;
	struct braid_rel_data data;  /* unit levels; data.cell NULL at char level */
	struct braid_rel_result rel; /* unit levels */
	bool computed;		     /* rel is set */
	struct braid_ucode_result u; /* char level */
	size_t *applied; /* per coder: units (characters at char level) it applied the code to */
};

/* A place where the coders differ. */
struct braid_agree_diff {
	char *doc;
	int64_t turn;	    /* 1-based turn number; 0 for a document unit */
	char *speaker;	    /* NULL for a document unit */
	int64_t start, end; /* the unit (char level: the differing span), code points */
	size_t code;	    /* index into codes */
	uint64_t applied;   /* bit c: coder c applied it */
	char *text;	    /* the unit's text (NULL for a document unit) */
};

struct braid_agree_result {
	enum braid_agree_unit unit;
	char **coders;
	size_t ncoders;
	size_t ndocs;  /* documents compared */
	size_t nunits; /* units (char level: characters) */
	struct braid_agree_code pooled;
	struct braid_agree_code *codes;
	size_t ncodes;
	/* char level with a domain */
	bool has_domain;
	char *domain;
	struct braid_udomain_result dom;
	char **domain_codes; /* its categories' slugs */
	size_t ndomain_codes;
	struct braid_agree_diff *diffs;
	size_t ndiffs;
	const char *segmentation; /* the one used (sentence, paragraph), else NULL */
	char *recorded;		  /* the project's recorded segmentation, NULL if none */
	char **notes;		  /* things the reader should know, in order */
	size_t nnotes;
};

/*
 * Computes agreement. Errors: fewer than two coders, an unknown coder
 * (naming the known ones), an unknown code or document, a domain code
 * without children or whose categories overlap within a coder.
 */
int braid_agree_run(struct braid_store *st, const struct braid_agree_opts *o,
		    struct braid_agree_result *r, struct braid_err *err);
void braid_agree_result_release(struct braid_agree_result *r);

/*
 * Records BRAID_AGREE_SEGMENTATION as the project's segmentation when none
 * is recorded yet (inside an open change); *recorded is 1 when it wrote it.
 */
int braid_agree_record_segmentation(struct braid_store *st, int *recorded, struct braid_err *err);

/* Writes the result in one of the agree formats (vocab.h BRAID_VOCAB_AGREE_FORMAT). */
void braid_agree_write(const struct braid_agree_result *r, enum braid_agree_format fmt, FILE *f);
/* Writes its disagreements (text: one block each; json: an array; csv: a row each). */
void braid_agree_write_diffs(const struct braid_agree_result *r, enum braid_agree_format fmt,
			     FILE *f);

/* ---- reconciliation (reconcile.c) ---- */

struct braid_rec_span {
	int64_t start, end;
};

/*
 * One item to decide: a unit and a code on which the two coders' codings
 * differ: one coded it and the other not, or both with other spans. a and
 * b are the spans of the codings of that code each coder has touching the
 * unit.
 */
struct braid_rec_item {
	size_t id; /* 1-based, in document, unit, code order */
	int64_t doc_id;
	const char *doc; /* borrowed from the reconcile */
	int64_t turn;	 /* 1-based; 0 for a document unit */
	const char *speaker;
	int64_t start, end; /* the unit */
	int64_t code_id;
	const char *code;
	struct braid_rec_span *a, *b;
	size_t na, nb;
	char *text; /* the unit's text (NULL for a document unit) */
	bool done;  /* --resume: the consensus coder has a coding there already */
};

struct braid_rec_opts {
	const char *a, *b;	  /* the two coders */
	const char *const *codes; /* as in braid_agree_opts */
	size_t ncodes;
	const char *const *docs;
	size_t ndocs;
	enum braid_agree_unit unit; /* not char */
	int interviewer;
	const char *as; /* the consensus coder; NULL: "consensus" */
	int resume;	/* go on with a consensus coder that has codings */
};

/* Where the two coders agree: spans both have, with a code (copied to the consensus). */
struct braid_rec_copy {
	int64_t doc_id, code_id, start, end;
};

struct braid_reconcile {
	char *a, *b, *as; /* the stored coder names */
	struct braid_rec_item *items;
	size_t nitems;
	struct braid_rec_copy *agreed;
	size_t nagreed;
	size_t nunits;
	char **docs; /* document names, by internal index */
	size_t ndocs;
	char **codes; /* slugs */
	size_t ncodes;
};

/* A decision on an item: BRAID_DECIDE_* or -1 (skipped); span for BRAID_DECIDE_EDIT. */
struct braid_rec_decision {
	int decision;
	int64_t start, end;
};

/*
 * Finds the items. Refuses (BRAID_EEXIST) when the consensus coder already
 * has codings in those documents, unless opts.resume: then the items where
 * it has a coding of the code touching the unit are marked done.
 */
int braid_reconcile_load(struct braid_store *st, const struct braid_rec_opts *o,
			 struct braid_reconcile *r, struct braid_err *err);
void braid_reconcile_release(struct braid_reconcile *r);

/*
 * Writes the consensus inside the open change: the agreed spans, then per
 * item the decided spans (a: A's, b: B's, both: the union, neither: none,
 * edit: the span given, which must lie in the item's document), as codings
 * of origin reconciled, status accepted, by the consensus coder. Skipped
 * and done items write nothing. Each decision is a note of the change.
 * dec has r->nitems entries. *written: codings added (may be NULL).
 */
int braid_reconcile_apply(struct braid_store *st, const struct braid_reconcile *r,
			  const struct braid_rec_decision *dec, size_t *written,
			  struct braid_err *err);

/*
 * Reads a decisions file: lines "ID<TAB>DECISION[<TAB>START-END]" (any run
 * of blanks separates; # comments and blank lines skipped); every ID must be
 * an item, decided once, the span given with edit only. dec (r->nitems
 * entries) starts all skipped. Errors name the file and line.
 */
int braid_reconcile_read_decisions(const char *path, const struct braid_reconcile *r,
				   struct braid_rec_decision *dec, struct braid_err *err);
/* Parses one decision ("a", "edit 10-20", ...) for item it; used by the file and prompts. */
int braid_reconcile_parse_decision(const char *text, const struct braid_rec_item *it,
				   struct braid_rec_decision *d, struct braid_err *err);

#endif
