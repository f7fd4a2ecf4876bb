/*
 * codes.h - the codes of a project: a tree of deductive and inductive codes,
 * imported from codebooks (codebook.h) or created while coding, and managed
 * (renamed, moved, merged, retired, edited) with every change in the audit
 * trail (the CLI writes the audit row; these functions return what changed).
 *
 * A code is referred to by its id (slug), or by its name when that is unique
 * among the project's codes (case-insensitive); braid_code_find resolves both.
 * Codes are never deleted: a retired code keeps its codings, a merged code
 * keeps its row with merged_into pointing at the code that took its codings,
 * so the history stays readable.
 */
#ifndef BRAID_CODES_H
#define BRAID_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "braid/codebook.h"
#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

struct braid_code_row {
	int64_t id;
	const char *guid;
	const char *slug, *name, *kind, *status;
	const char *domain, *definition, *include, *exclude, *color; /* NULL when unset */
	const char *scope, *roles;
	const char *codebook;    /* NULL for codes created in the project */
	const char *merged_into; /* slug, or NULL */
	int64_t parent_id;       /* 0 at top level */
	int depth;               /* 0 at top level */
	const char *created, *created_by; /* created_by NULL for imported codes */
	int64_t created_phase;   /* 0 when unknown */
	int64_t npatterns;
	int64_t count;           /* codings not rejected, all coders */
};

typedef int (*braid_code_cb)(const struct braid_code_row *row, void *ctx);

enum {
	BRAID_CODES_ALL = 1,    /* include retired and merged codes */
	BRAID_CODES_COUNTS = 2, /* braid_code_tree_load: also the codings per coder */
	/*
	 * no counts at all (count 0): resolving a name then costs the code tree,
	 * not a look at every coding to tell rejected ones apart
	 */
	BRAID_CODES_NOCOUNT = 4,
};

/* Codes in tree order (parents first, siblings by position), with coding counts. */
int braid_codes_each(struct braid_store *st, int flags, braid_code_cb cb, void *ctx,
		     struct braid_err *err);

/* Resolves an id (slug) or a unique name; BRAID_ENOTFOUND, or BRAID_EINVAL when ambiguous. */
int braid_code_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err);

/* What a codebook import did; names are listed in the strbufs, one per line. */
struct braid_import_report {
	size_t added, updated, unchanged, kept, retired;
	struct strbuf kept_names;    /* codes missing from the new version that were kept */
	struct strbuf retired_names; /* ... that were retired (--retire-missing) */
};
void braid_import_report_init(struct braid_import_report *r);
void braid_import_report_release(struct braid_import_report *r);

/*
 * Merges a codebook into the project: codes are matched by id; new ones are
 * added (under their parent), existing ones get the codebook's name,
 * definition, criteria, examples, colour and rules, and move to the
 * codebook's parent. A code of the same codebook (by name) that is missing
 * from this version is kept and reported, or retired when retire_missing is
 * set (a code without codings is retired the same way: nothing is deleted).
 * An id that belongs to a code of another codebook, or to an inductive code,
 * is refused (BRAID_EEXIST), so two codebooks cannot overwrite each other.
 */
int braid_codes_import(struct braid_store *st, const struct braid_codebook *cb, const char *source,
		       int retire_missing, struct braid_import_report *rep, struct braid_err *err);

/*
 * Builds a codebook from the project's active codes: those of the named
 * codebook, or all codes (the project's whole codebook, inductive ones
 * included) when name is NULL.
 */
int braid_codes_export(struct braid_store *st, const char *name, struct braid_codebook *out,
		       struct braid_err *err);

/* A code made while coding (inductive by default). */
struct braid_code_new {
	const char *name;
	const char *parent;  /* id or name, NULL for top level */
	const char *coder;   /* who made it (created if new) */
	enum braid_code_kind kind;
	const char *definition; /* may be NULL */
};

/* Creates a code; its id is the slug of the name, numbered if taken ("trust-2"). */
int braid_code_create(struct braid_store *st, const struct braid_code_new *n, int64_t *id,
		      struct braid_err *err);

int braid_code_rename(struct braid_store *st, int64_t id, const char *name, struct braid_err *err);
/* Moves a code under parent (0: top level); refuses a move under itself or its descendants. */
int braid_code_move(struct braid_store *st, int64_t id, int64_t parent, struct braid_err *err);
/* Moves every coding of `from` to `into` (dropping exact duplicates) and marks `from` merged. */
int braid_code_merge(struct braid_store *st, int64_t from, int64_t into, size_t *moved,
		     struct braid_err *err);
int braid_code_retire(struct braid_store *st, int64_t id, struct braid_err *err);
/*
 * Sets one field: definition, include, exclude, domain, color, scope, roles,
 * kind, or patterns (value: patterns separated by newlines; each must compile).
 * value NULL or "" clears a text field.
 */
int braid_code_edit(struct braid_store *st, int64_t id, const char *field, const char *value,
		    struct braid_err *err);

/* The slug of code id (into out). */
int braid_code_slug(struct braid_store *st, int64_t id, struct strbuf *out, struct braid_err *err);

/* ---- the code tree, loaded for a client ---- */

/*
 * A code of a loaded tree: a copy of its struct braid_code_row that lives as
 * long as the tree (the strings belong to the tree; NULL where the row has
 * NULL).
 */
struct braid_code_node {
	int64_t id, parent_id, count, npatterns, created_phase;
	int depth;        /* in the project's tree (0: top level) */
	int shown_depth;  /* in this tree: 0 when its parent is not loaded, else its parent's + 1 */
	size_t parent;    /* index of the parent in the tree; BRAID_NO_NODE at the top level,
			     or when the parent is not loaded (retired, without BRAID_CODES_ALL) */
	char *guid, *slug, *name, *kind, *status, *domain, *definition, *include, *exclude, *color;
	char *scope, *roles, *codebook, *merged_into, *created, *created_by;
	int64_t *by_coder; /* BRAID_CODES_COUNTS: codings (not rejected) per tree->coders[i] */
};

#define BRAID_NO_NODE ((size_t)-1)

/*
 * The project's codes in tree order (parents first, siblings by position),
 * held in memory: what the TUI's code pane, the CLI's code look-ups and the
 * `codebook show` listing read. Embedded: braid_code_tree_init/release.
 */
struct braid_code_tree {
	struct braid_code_node *v;
	size_t n, alloc;
	int flags;      /* as loaded */
	char **coders;  /* BRAID_CODES_COUNTS: every coder with codings, by name (even when those
			   codings are all on codes not loaded) */
	size_t ncoders;
	struct braid_code_node **by_id, **by_slug; /* v sorted for the look-ups */
};

void braid_code_tree_init(struct braid_code_tree *t);
void braid_code_tree_release(struct braid_code_tree *t);

/*
 * Loads the codes (flags: BRAID_CODES_ALL for retired and merged codes too,
 * BRAID_CODES_COUNTS for the codings per coder), replacing what t held.
 */
int braid_code_tree_load(struct braid_store *st, int flags, struct braid_code_tree *t,
			 struct braid_err *err);

/* The code with this database id, or NULL when it is not in the tree. */
const struct braid_code_node *braid_code_tree_by_id(const struct braid_code_tree *t, int64_t id);

/*
 * Resolves a reference as braid_code_find does, among the loaded codes: an id
 * (slug), else a name, ignoring case (Unicode case folding), when only one
 * code has it. BRAID_ENOTFOUND "no code 'x'", or BRAID_EINVAL when several
 * codes have that name (the message lists their ids, active codes first).
 */
int braid_code_tree_find(const struct braid_code_tree *t, const char *ref,
			 const struct braid_code_node **out, struct braid_err *err);

#endif
