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
	enum braid_format format;
	size_t turns, words, chars, bytes;
	const struct braid_ingest_speaker *speakers;
	size_t nspeakers;
};

typedef void (*braid_ingest_cb)(const struct braid_ingest_summary *s, void *ctx);

/*
 * Ingests the files in order; calls cb (may be NULL) after each one. Stops at
 * the first error with a message naming the file (and line/offset where the
 * problem is in its content).
 */
int braid_ingest(struct braid_store *st, const char *const *paths, size_t npaths,
		 const struct braid_ingest_opts *o, braid_ingest_cb cb, void *cb_ctx,
		 struct braid_err *err);

/* Role of a speaker label by the built-in rules: "interviewer", "moderator" or "participant". */
const char *braid_ingest_role(const char *label);

/* ---- which files to ingest ---- */

/* A list of paths; the strings belong to the list. */
struct braid_paths {
	char **v;
	size_t n, alloc;
};

void braid_paths_release(struct braid_paths *p);

/* 1 if a file name has a transcript extension: .txt .md .markdown .vtt .srt .docx (any case). */
int braid_ingest_is_transcript(const char *name);

/*
 * Appends the files a path stands for to p. A directory stands for the
 * transcripts (braid_ingest_is_transcript) in it and below it, hidden
 * entries (".x") skipped, in name order (byte order of the full path; the
 * files of a subdirectory where its name sorts), at most 32 levels deep.
 * Anything else is appended as it is: a missing file is braid_ingest's to
 * report, with the others. BRAID_EIO when a directory cannot be read or is
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
