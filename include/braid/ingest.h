/*
 * ingest.h - reading transcript files into a project: detect the format,
 * decode the bytes into the internal text form (text.h), parse speakers and
 * turns (transcript.h), assign roles and cases, and store documents,
 * speakers, turns and the search index.
 *
 * braid_ingest runs inside the caller's transaction (the CLI opens one per
 * command): on any error nothing it wrote must be kept, so the caller rolls
 * back. Files are read and stored one at a time, so memory stays flat as
 * the corpus grows.
 */
#ifndef BRAID_INGEST_H
#define BRAID_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "braid/err.h"
#include "braid/progress.h"
#include "braid/store.h"
#include "braid/text.h"
#include "braid/transcript.h"

struct braid_ingest_opts {
	enum braid_format format;      /* BRAID_FMT_UNKNOWN: detect per file */
	enum braid_encoding encoding;  /* how to read bytes that are not UTF-8/UTF-16 */
	const char *kind;              /* interview|focus-group|document|notes; NULL: guess */
	const char *case_name;         /* links each document (and its participant) to this case */
	const char *case_map;          /* CSV "speaker,case": speaker labels -> cases */
	const char *language;          /* stored as given (e.g. "en", "ru", "uz") */
	const char *name;              /* document name; only with one file */
	const char *const *interviewers; /* labels that are the interviewer/moderator (override) */
	size_t ninterviewers;
	struct braid_parse_opts parse; /* speaker pattern, declared speakers */
	int force;                     /* accept content that is already in the project */
	/*
	 * Skip (and report, summary.skipped_as) a file whose content is in the
	 * project already, instead of failing the batch: a growing folder
	 * ingested again adds only what is new. Not with force.
	 */
	int skip_existing;
	braid_progress_fn progress;
	void *progress_ctx;
};

/* What happened to one file, handed to the summary callback (strings borrowed). */
struct braid_ingest_speaker {
	const char *label, *role, *case_name;
	size_t turns, words;
};

struct braid_ingest_summary {
	const char *path, *name, *kind;
	/*
	 * skip_existing: the file was not stored, its content being that of
	 * document skipped_as (then only path and name, that document's name,
	 * are set); else NULL.
	 */
	const char *skipped_as;
	enum braid_format format;
	size_t turns, words, chars, bytes;
	const struct braid_ingest_speaker *speakers;
	size_t nspeakers;
};

typedef void (*braid_ingest_cb)(const struct braid_ingest_summary *s, void *ctx);

/*
 * Ingests the files in order; calls cb (may be NULL) after each one (also
 * for a file skipped with skip_existing). Stops at the first error with a
 * message naming the file (and line/offset where the problem is in its
 * content). The caller's transaction then holds what the files before it
 * added: roll it back, and nothing of the batch is kept.
 *
 * Checks, besides each file's own: with interviewers given, a file with
 * speakers none of which is one of them is an error (its speakers would all
 * become participants). The case map must start with the header
 * "speaker,case"; a label mapped to two cases is an error, and so is a row
 * that matches no speaker of the batch when one differs from it only in
 * letter case; a row that matches no speaker, or names an interviewer or a
 * moderator (whose turns belong to no case), is a warning
 * (braid_store_msg), as are two speakers of one file whose labels differ
 * only in letter case.
 */
int braid_ingest(struct braid_store *st, const char *const *paths, size_t npaths,
		 const struct braid_ingest_opts *o, braid_ingest_cb cb, void *cb_ctx,
		 struct braid_err *err);

/*
 * The content hash stored with a document (documents.hash), by which the
 * same content is found again: the SHA-256 of its text, in lowercase hex.
 */
void braid_ingest_hash(const char *text, size_t len, char out[65]);

/* Role of a speaker label by the built-in rules: "interviewer", "moderator" or "participant". */
const char *braid_ingest_role(const char *label);

/* ---- replacing a document's text: a corrected transcript after coding ---- */

/* One coding the replacement changed, removed or merged (strings belong to the report). */
struct braid_replaced_coding {
	int64_t id;
	char *code, *coder;		/* the code's id (slug) and the coder's name */
	int64_t old_start, old_end;	/* the span before */
	int64_t start, end;		/* and after (removed: where it was, empty) */
	char *old_text, *text;		/* the coded text before and after (removed: text NULL) */
	int64_t into;			/* merged: the coding it was folded into; else 0 */
	size_t memos;			/* removed: memos removed with it; merged: memos moved */
	size_t quotes;			/* removed: exemplar quotes removed with it */
};

struct braid_replace_report {
	int64_t doc_id;
	char *name;	   /* the document's name */
	int same;	   /* the file has the text the document has: nothing was changed */
	int capped;	   /* the diff replaced a long rewritten stretch whole (diff.h) */
	int64_t old_chars, new_chars;
	size_t unchanged;  /* codings carried onto the same text (perhaps shifted) */
	struct braid_replaced_coding *changed, *removed, *merged; /* by id */
	size_t nchanged, nremoved, nmerged;
	size_t memos_removed, quotes_removed;
};

void braid_replace_report_release(struct braid_replace_report *r);

/*
 * Reads a corrected transcript into an existing document (named, or by the
 * file it was read from: braid_doc_find): the file is read and parsed as
 * braid_ingest would (format detection, roles, kind, cases, speaker
 * options), its text diffed against the document's (diff.h), and in the
 * open change: the document's turn texts, turns and speakers are deleted
 * and the new ones stored; the document row gets the new hash, size,
 * source, format, kind, language and case and keeps its id, name, guid and
 * import time; every coding is carried through the diff (braid_diff_span):
 *  - unchanged and edited codings move to their new spans;
 *  - codings whose text was deleted are removed with their memos and quotes;
 *  - codings that came to be the same span, code and coder are merged
 *    into the oldest (braid_coding_fold), which keeps its id.
 * Options not given keep what the document has: kind, case and language
 * (o->kind NULL keeps the kind rather than guessing again, so that a
 * document read as notes is not parsed for speakers now). o->name is
 * refused: the document keeps its name. Content equal to another document
 * is refused unless o->force, as in braid_ingest.
 *
 * A file whose text equals the document's changes nothing (rep->same). The
 * audit note says what happened: counts of unchanged, changed, removed and
 * merged codings with their ids. cb (may be NULL) gets the summary of the
 * new text, as braid_ingest gives it. rep (init to zero; release it) lists
 * the changed, removed and merged codings. BRAID_ENOTFOUND when there is no
 * such document.
 *
 * Codings that move are first parked on spans of their own (negative
 * offsets, unique to the id), then put on their new spans, so that no
 * update meets another coding's old span of the same code and coder on
 * the way ("lawyer" at 3 moving to 14 while the one at 14 moves to 25).
 * The change is recorded in two chunks, the parking and the new spans, so
 * that undo and redo (which apply a chunk at a time, newest first) pass
 * through the parked state too, rather than relying on SQLite retrying
 * rows that break the unique key.
 */
int braid_ingest_replace(struct braid_store *st, const char *doc, const char *path,
			 const struct braid_ingest_opts *o, braid_ingest_cb cb, void *cb_ctx,
			 struct braid_replace_report *rep, struct braid_err *err);

/* ---- which files to ingest ---- */

/*
 * A list of paths; the strings belong to the list. exclude (set by the
 * caller before adding paths; borrowed) holds glob patterns (fnmatch, no
 * flags: "*" matches "/" too) for what to leave out: a file or directory is
 * left out when a pattern matches its name or its path as given or found
 * ("README.md", "LICENSE*", "drafts", "interviews/old-*"); excluded counts
 * them.
 */
struct braid_paths {
	char **v;
	size_t n, alloc;
	const char *const *exclude;
	size_t nexclude;
	size_t excluded;
};

/* Frees the paths (exclude is the caller's) and empties the list. */
void braid_paths_release(struct braid_paths *p);

/* 1 if a file name has a transcript extension: .txt .md .markdown .vtt .srt .docx (any case). */
int braid_ingest_is_transcript(const char *name);

/*
 * Appends the files a path stands for to p. A directory stands for the
 * transcripts (braid_ingest_is_transcript) in it and below it, hidden
 * entries (".x") skipped, in name order (byte order of the full path; the
 * files of a subdirectory where its name sorts), at most 32 levels deep.
 * Anything else is appended as it is: a missing file is braid_ingest's to
 * report, with the others. What p->exclude matches is left out, the path
 * given included, and a directory with everything in it. BRAID_EIO when a directory cannot be read or is
 * too deep; p keeps what was appended before.
 */
int braid_ingest_paths(struct braid_paths *p, const char *path, struct braid_err *err);

/*
 * Appends the files named in a list, one path a line (LF or CR LF; empty
 * lines skipped), each expanded as braid_ingest_paths does. name is the
 * list's name for messages ("-" for standard input, say). BRAID_EIO on a
 * read error.
 */
int braid_ingest_paths_list(struct braid_paths *p, FILE *list, const char *name,
			    struct braid_err *err);

#endif
