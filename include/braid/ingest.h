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

#endif
