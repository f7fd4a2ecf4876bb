/*
 * agreeint.h - what agree.c and reconcile.c share: the coders, codes,
 * documents, turns and units of a comparison, and which codings touch which
 * units, loaded once (one query each, turn texts only when asked for).
 */
#ifndef BRAID_AGREEINT_H
#define BRAID_AGREEINT_H

#include <stddef.h>
#include <stdint.h>

#include "braid/agree.h"
#include "braid/err.h"
#include "braid/store.h"

/*
 * Grows arr, which holds n elements, for one more; its capacity follows from
 * n (16, then powers of two), so no capacity field is kept beside it.
 */
#define ALLOC_GROW_N(arr, n)                                                                       \
	do {                                                                                       \
		size_t ag_n_ = (n);                                                                \
		if (ag_n_ == 0 || (ag_n_ >= 16 && !(ag_n_ & (ag_n_ - 1))))                         \
			(arr) = xrealloc((arr), (ag_n_ ? 2 * ag_n_ : 16) * sizeof(*(arr)));        \
	} while (0)

struct ag_doc {
	int64_t id;
	char *name;
	size_t t0, t1; /* its included turns */
	size_t a0, a1; /* its atoms */
	int64_t clen;  /* its included utterances laid end to end (char level), code points */
};

struct ag_turn {
	int64_t id, idx;
	size_t doc;
	int64_t start, end;
	char *speaker;
	char *text;   /* the utterance when loaded, else NULL */
	size_t len;   /* its bytes */
	int64_t coff; /* where it starts in its document's compacted continuum */
};

/* A unit: a turn, a sentence or paragraph of one, or a document (turn SIZE_MAX). */
struct ag_unit {
	size_t doc, turn;
	int64_t start, end;
};

/* What a coding is matched against: one span of one unit (a document unit has one per turn). */
struct ag_atom {
	int64_t start, end;
	size_t unit;
};

struct ag_coding {
	int64_t id, code_id, start, end;
	size_t doc, coder;
};

/* A coding of a coder touching a unit: code is an index into the set's codes once chosen. */
struct ag_hit {
	uint32_t code, unit, coder, coding;
};

struct ag_set {
	enum braid_agree_unit unit;
	int64_t *coder_id;
	char **coder;
	size_t ncoders;
	/* every code of the project in tree order, and the chosen ones (indexes into all) */
	int64_t *all_id;
	char **all_slug, **all_name;
	int64_t *all_parent;
	size_t nall;
	size_t *code; /* chosen codes: index into all_* */
	size_t ncodes;
	struct ag_doc *docs;
	size_t ndocs;
	struct ag_turn *turns;
	size_t nturns;
	struct ag_unit *units;
	size_t nunits;
	struct ag_atom *atoms;
	size_t natoms;
	struct ag_coding *codings;
	size_t ncodings;
	struct ag_hit *hits; /* sorted by code, unit, coder, coding start */
	size_t nhits;
	char **notes;
	size_t nnotes;
};

struct ag_load_opts {
	const char *const *coders;
	size_t ncoders;
	const char *const *codes;
	size_t ncodes;
	const char *const *docs;
	size_t ndocs;
	enum braid_agree_unit unit;
	int interviewer;
	int texts; /* load the utterances */
};

int ag_load(struct braid_store *st, const struct ag_load_opts *o, struct ag_set *s,
	    struct braid_err *err);
void ag_release(struct ag_set *s);
void ag_note(struct ag_set *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The unit's text (a copy), NULL for a document unit or when texts were not loaded. */
char *ag_unit_text(const struct ag_set *s, const struct ag_unit *u);
/* The index of the chosen code with this id, or SIZE_MAX. */
size_t ag_code_index(const struct ag_set *s, int64_t code_id);

#endif
