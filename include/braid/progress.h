/*
 * progress.h - how long-running core calls report progress. The core calls
 * the callback now and then; the client decides whether and how to show it
 * (the CLI draws a line on stderr only when it is a terminal).
 */
#ifndef BRAID_PROGRESS_H
#define BRAID_PROGRESS_H

#include <stdint.h>

struct braid_progress {
	const char *what;     /* "ingest", "autocode", ... */
	const char *item;     /* current file or document (borrowed), may be NULL */
	uint64_t items_done, items_total;
	uint64_t bytes_done, bytes_total;
	int finished;         /* set on the last call */
};

typedef void (*braid_progress_fn)(const struct braid_progress *p, void *ctx);

#endif
