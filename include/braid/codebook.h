/*
 * codebook.h - codebooks as files: the in-memory tree of codes, read from
 * and written to YAML (libyaml), and written as Markdown or LaTeX for a
 * paper's appendix. This module knows nothing of projects; codes.h imports
 * a codebook into a project and exports it back.
 *
 * File format (docs/codebook.md):
 *
 *   name: Integrative support            # required
 *   version: "1.2"                       # optional string
 *   description: ...                     # optional
 *   codes:                               # required, a sequence of codes
 *     - name: Legal aid                  # required, unique among siblings
 *       id: legal-aid                    # optional slug: lowercase letters, digits, '-';
 *                                        #   unique in the book; when absent, the slug of
 *                                        #   the name (parent's id + '-' + it on a clash)
 *       kind: deductive                  # deductive (default) | inductive
 *       domain: legal                    # free label; inherited by children without one
 *       definition: ...
 *       include: ...                     # when to apply
 *       exclude: ...                     # when not to
 *       examples: [ "...", "..." ]       # a sequence of strings (or one string)
 *       color: "#1f77b4"                 # #rgb or #rrggbb
 *       patterns: [ "legal (aid|advice)", "юрист\\w*" ]  # PCRE2, UTF + UCP + caseless
 *       scope: sentence                  # sentence (default) | turn | paragraph
 *       roles: participant               # participant (default) | interviewer | any
 *       children: [ ...codes... ]
 *
 * Everything is validated on load; the first problem stops it with
 * "FILE:LINE:COLUMN: what was expected" (1-based, from libyaml's marks):
 * unknown keys, wrong types, missing names, duplicate ids anywhere or
 * duplicate names among siblings, bad ids, bad colours, bad kinds, scopes or
 * roles, and patterns PCRE2 refuses (with PCRE2's message and the offset
 * inside the pattern). Cycles cannot be written in a tree of `children`; a
 * YAML alias (*x) is refused, so no code can be its own ancestor.
 * docs/codebook.md lists every rule with its message.
 *
 * Values on load: every scalar is a string (`version: 1.2` is "1.2");
 * a plain null (empty, ~, null) is "absent", as is an empty string; text
 * is NFC, trimmed of surrounding spaces, tabs and line breaks (patterns
 * keep theirs), and may not hold control characters other than tab and
 * line feed (names not even a line feed). Ids missing in the file are
 * generated; domains are inherited; nesting stops at
 * BRAID_CODEBOOK_MAX_DEPTH levels; the file is UTF-8 (a BOM is skipped).
 *
 * Ownership: everything hanging off a struct braid_codebook belongs to it.
 * Strings returned as const char * are borrowed.
 */
#ifndef BRAID_CODEBOOK_H
#define BRAID_CODEBOOK_H

#include <stddef.h>

#include "braid/err.h"
#include "braid/strbuf.h"
#include "braid/table.h"
#include "braid/vocab.h"


struct braid_code {
	char *id;   /* slug, never NULL after load (generated when absent) */
	char *name;
	enum braid_code_kind kind;
	char *domain, *definition, *include, *exclude, *color; /* NULL when absent */
	char **examples;
	size_t nexamples;
	char **patterns;
	size_t npatterns;
	enum braid_scope scope;
	enum braid_roles roles;
	struct braid_code *children;
	size_t nchildren;
	size_t line; /* where the code starts in the file (1-based), 0 when built in memory */
};

struct braid_codebook {
	char *name, *version, *description; /* version/description may be NULL */
	struct braid_code *codes;
	size_t ncodes;
};

void braid_codebook_init(struct braid_codebook *cb);
void braid_codebook_release(struct braid_codebook *cb);

/*
 * Loads and validates YAML text; `file` is used in messages only (NULL:
 * messages start with "LINE:COLUMN: "). cb need not be initialised: it is
 * filled from scratch (old contents are not freed). On failure cb is left
 * empty, so braid_codebook_release is always safe. Errors: BRAID_EPARSE, or
 * BRAID_EENCODING when the bytes are not UTF-8 (or hold control characters
 * libyaml refuses).
 */
int braid_codebook_parse(const char *yaml, size_t len, const char *file, struct braid_codebook *cb,
			 struct braid_err *err);
/* Reads the file (BRAID_EIO if it cannot), then braid_codebook_parse. */
int braid_codebook_load(const char *path, struct braid_codebook *cb, struct braid_err *err);

/*
 * Appends the codebook as YAML (loads back to an equal codebook), through
 * libyaml's emitter: keys in the order of the format above, every id
 * written, defaults (deductive, sentence, participant) and inherited domains
 * left out, multi-line text as literal blocks. Strings that are not valid
 * UTF-8 (possible only in a book built in memory) are written with U+FFFD.
 */
void braid_codebook_write_yaml(const struct braid_codebook *cb, struct strbuf *out);
/*
 * Appends the codebook appendix: title, version, description, then per
 * code a heading "N.N Name (`id`)" one level deeper per generation (## to
 * ######) and a list of kind, domain, definition, include, exclude and the
 * first example, quoted. Markdown markup in the text is escaped.
 */
void braid_codebook_write_md(const struct braid_codebook *cb, struct strbuf *out);
/*
 * The same appendix as a LaTeX fragment for \input: \section*, then
 * \subsection*, \subsubsection*, \paragraph* by depth, with itemize
 * lists; LaTeX specials escaped, text left in UTF-8 (a comment at the top
 * names the packages it needs).
 */
void braid_codebook_write_tex(const struct braid_codebook *cb, struct strbuf *out);

/*
 * Appends a slug made from a name: case-folded and NFC (braid_text_fold),
 * letters and digits of any script kept (with the marks on them), every
 * other run of characters one '-', none at either end. "Legal aid" gives
 * "legal-aid", "Юрист" "юрист"; "!!!" gives nothing. A code without an
 * id gets the slug of its name, or "<parent id>-<slug>" when the slug is
 * already taken in the book (ids written in the file are taken first).
 */
void braid_slugify(const char *name, struct strbuf *out);

const char *braid_scope_name(enum braid_scope s);
const char *braid_roles_name(enum braid_roles r);
const char *braid_kind_name(enum braid_code_kind k);
int braid_scope_parse(const char *s);  /* -1 if unknown */
int braid_roles_parse(const char *s);
int braid_kind_parse(const char *s);

/* How deep `children` may nest: top-level codes are level 1. Deeper books are refused. */
#define BRAID_CODEBOOK_MAX_DEPTH 32

/*
 * 1 if id is a valid code id: non-empty and left unchanged by braid_slugify
 * (case-folded, NFC, letters/digits of any script joined by single '-').
 */
int braid_id_valid(const char *id);

/* The code with this id anywhere in the book (borrowed), or NULL. */
const struct braid_code *braid_codebook_find(const struct braid_codebook *cb, const char *id);

/*
 * 1 if a and b hold the same codebook: every field of the book and of
 * every code, in the same order; `line` is not compared.
 */
int braid_codebook_equal(const struct braid_codebook *a, const struct braid_codebook *b);

/*
 * The most a group holding an unbounded repetition may be repeated before
 * braid_pattern_nested_repeat reports it: "(?:\w+\W+){0,10}" (up to ten
 * words) is fine, "(.*a){20}" is not.
 */
#define BRAID_PATTERN_REPEAT_MAX 10

/*
 * Looks in a PCRE2 pattern for the shape that can backtrack without end: a
 * group holding an unbounded repetition (*, +, {n,}), itself repeated
 * without bound or more than BRAID_PATTERN_REPEAT_MAX times: "(a+)+$",
 * "(.*a){20}", "(x*)*", "((a|b)+c)*". Possessive repetitions ("a++") and
 * atomic groups ("(?>a+)") give nothing back and are left out; lazy ones
 * ("a+?") are not. A scan of the text, not a proof: it misses "(a|a)*"
 * (no inner repetition) and reports some patterns that run fast, since
 * whether a pattern backtracks depends on what can follow what. Returns 1
 * and appends the repeated group with its repetition ("(.*a){20}") to what,
 * or 0. Used by codebook import to warn (autocode stops such a pattern on
 * text where it runs away: autocode.h).
 */
int braid_pattern_nested_repeat(const char *pattern, struct strbuf *what);

/* Calls fn for every code, parents before children, with its depth and parent (NULL at top). */
void braid_codebook_walk(const struct braid_codebook *cb,
			 void (*fn)(const struct braid_code *code, const struct braid_code *parent,
				    int depth, void *ctx),
			 void *ctx);

/*
 * ---- the codebook as a table (cbtable.c) ----
 *
 * One row per code, parents before children: id, parent (its id, null at
 * the top), name, path (the names from the top, "Parent > Child"), kind,
 * domain, description (the definition), include, exclude, example (the
 * examples, one per line), color, patterns (one per line), scope, roles.
 * The terminal table shows the path, id, kind and the description. The CSV
 * of it reads back (braid_codebook_read_csv) into the same codebook, so a
 * codebook kept in a spreadsheet goes out and comes in.
 */
extern const struct braid_listing braid_codebook_listing;
/* Fills row (made for braid_codebook_listing) for each code in turn and calls fn. */
void braid_codebook_rows(const struct braid_codebook *cb, struct braid_row *row,
			 void (*fn)(struct braid_row *row, void *ctx), void *ctx);

/*
 * Reads a codebook from a CSV file of that table: a header line of the
 * keys (any order; `name` required, every other one optional; an unknown
 * one is an error), one code per line. A code without an id gets one as
 * the YAML's do; its parent is the `parent` id, else (no such column) the
 * code whose path is its path less the last name. The book is named after
 * the file (its name without the directory and extension). Errors name the
 * file, the line and the column ("codebook 'c.csv': line 4, column 5: bad
 * kind 'x' (expected deductive or inductive)"); the book is then checked as
 * a YAML one is (patterns, names among siblings, depth).
 */
int braid_codebook_read_csv(const char *path, struct braid_codebook *cb, struct braid_err *err);

#endif
