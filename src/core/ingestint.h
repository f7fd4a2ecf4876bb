/*
 * ingestint.h - internal to ingest.c and refi-import.c: a text in memory read
 * as 'braid ingest FILE.txt' reads a file (decode, the plain-text parser,
 * turns laid out as "Label: utterance", roles and kind guessed), so that a
 * REFI-QDA source braid itself rendered comes back with its speakers and
 * turns rather than as one passage.
 *
 * The caller stores the document row (it has its own GUID, name and times),
 * then its parts: parse, insert the row with the kind and words given, store.
 * Everything is written in the caller's open change.
 */
#ifndef BRAID_INGESTINT_H
#define BRAID_INGESTINT_H

#include <stddef.h>
#include <stdint.h>

#include "braid/err.h"
#include "braid/store.h"

struct ingest;

/* Prepares the statements for any number of texts; close with ingest_text_close. */
int ingest_text_open(struct braid_store *st, struct ingest **in, struct braid_err *err);

/*
 * Parses text (UTF-8, len bytes) as a transcript of document name (for
 * focus-group participants' cases, "name:label", and for warnings). 1 when
 * the rendering of its turns is byte for byte the text itself, so that every
 * offset into it indexes the same characters: *kind (a static string) and
 * *words are for the document row, and ingest_text_store stores the parts.
 * 0 when it is not (or does not parse): nothing is kept for it.
 */
int ingest_text_parse(struct ingest *in, const char *text, size_t len, const char *name,
		      const char **kind, int64_t *words);

/*
 * Stores the speakers (with their cases), turns, turn texts and search index
 * of the text last parsed (ingest_text_parse returned 1) into document doc_id.
 */
int ingest_text_store(struct ingest *in, int64_t doc_id, struct braid_err *err);

void ingest_text_close(struct ingest *in);

#endif
