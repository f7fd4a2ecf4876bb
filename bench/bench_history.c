/*
 * bench_history.c - what recording changes costs: the same core calls on
 * two fresh projects, one recording every change (as braid always does) and
 * one opened without history (braid_store_opts.no_history, which no client
 * sets). Prints, for each kind of command, the time with and without, the
 * extra time per command, and the bytes the change record adds to the
 * project file.
 *
 *   ingest   all files of LIST in one change (one command), as `braid ingest`
 *   autocode the shipped codebooks' rules over that corpus, one change
 *   code add N changes of one coding each (begin, add, commit): a person coding
 *   undo     the last of those N, one change at a time (recording only)
 *
 * usage: bench_history DIR LIST CODEBOOK... (DIR: scratch directory; LIST:
 * the transcript files, one per line)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "braid/autocode.h"
#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/store.h"

#define NCODINGS 2000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct braid_err *err)
{
	fprintf(stderr, "bench_history: %s: %s\n", what, err->msg);
	exit(1);
}

static double file_mb(const char *path)
{
	struct stat sb;
	char wal[4096];
	double n = 0;

	if (stat(path, &sb) == 0)
		n += (double)sb.st_size;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (stat(wal, &sb) == 0)
		n += (double)sb.st_size;
	return n / 1e6;
}

struct timing {
	double ingest, autocode, code_add, undo, mb;
	size_t codings;
};

struct first_doc {
	char name[256];
	int64_t chars;
};

static int take_first(const struct braid_doc_row *r, void *ctx)
{
	struct first_doc *d = ctx;

	if (!d->name[0] && r->chars > 200) {
		snprintf(d->name, sizeof(d->name), "%s", r->name);
		d->chars = r->chars;
	}
	return 0;
}

static void run(const char *path, int history, char **files, size_t nfiles, char **books,
		size_t nbooks, struct timing *t)
{
	struct braid_store_opts o = { .no_history = !history };
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_ingest_opts io = { 0 };
	struct braid_autocode_opts ao = { .coder = "auto" };
	struct braid_autocode_stats as;
	struct first_doc d = { { 0 }, 0 };
	struct braid_store *st;
	double t0;
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	if (braid_store_create(path, "bench", "bench", &o, &st, &err))
		die("create", &err);

	t0 = now();
	if (braid_store_begin(st, "bench", "ingest", &err) ||
	    braid_ingest(st, (const char *const *)files, nfiles, &io, NULL, NULL, &err) ||
	    braid_store_commit(st, &err))
		die("ingest", &err);
	t->ingest = now() - t0;

	if (braid_store_begin(st, "bench", "codebook import", &err))
		die("begin", &err);
	for (size_t i = 0; i < nbooks; i++) {
		struct braid_codebook cb;
		struct braid_import_report rep;

		braid_import_report_init(&rep);
		if (braid_codebook_load(books[i], &cb, &err) ||
		    braid_codes_import(st, &cb, books[i], 0, &rep, &err))
			die("codebook import", &err);
		braid_import_report_release(&rep);
		braid_codebook_release(&cb);
	}
	if (braid_store_commit(st, &err))
		die("commit", &err);

	t0 = now();
	if (braid_store_begin(st, "bench", "autocode", &err) ||
	    braid_autocode(st, &ao, NULL, NULL, &as, &err) || braid_store_commit(st, &err))
		die("autocode", &err);
	t->autocode = now() - t0;
	t->codings = as.created;

	/* a person coding: one change per coding, spans walking through a document */
	if (braid_corpus_docs(st, take_first, &d, &err) || !d.name[0])
		die("a document to code", &err);
	t0 = now();
	for (int i = 0; i < NCODINGS; i++) {
		struct braid_coding_new c = { .doc = d.name, .start = i % (d.chars - 100),
					      .end = i % (d.chars - 100) + 1 + i / (int)(d.chars - 100),
					      .code = "soc-peer-support", .coder = "amina" };
		int64_t id;
		int created;

		if (c.end <= c.start)
			c.end = c.start + 1;
		if (braid_store_begin(st, "amina", "code add", &err) ||
		    braid_coding_add(st, &c, &id, &created, &err) || braid_store_commit(st, &err))
			die("code add", &err);
	}
	t->code_add = now() - t0;

	t->undo = 0;
	if (history) {
		struct braid_history_result res;

		t0 = now();
		for (int i = 0; i < NCODINGS / 10; i++)
			if (braid_store_begin(st, "amina", "undo", &err) ||
			    braid_undo(st, 1, &res, &err) || braid_store_commit(st, &err))
				die("undo", &err);
		t->undo = now() - t0;
	}
	braid_store_close(st);
	t->mb = file_mb(path);
}

int main(int argc, char **argv)
{
	struct timing on, off;
	char path_on[4096], path_off[4096], *line = NULL, **files = NULL;
	size_t cap = 0, nfiles = 0, alloc = 0;
	ssize_t n;
	FILE *list;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_history DIR LIST CODEBOOK...\n");
		return 2;
	}
	list = fopen(argv[2], "r");
	if (!list) {
		perror(argv[2]);
		return 1;
	}
	while ((n = getline(&line, &cap, list)) > 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n)
			continue;
		if (nfiles == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			files = realloc(files, alloc * sizeof(*files));
		}
		files[nfiles++] = strdup(line);
	}
	fclose(list);
	free(line);
	snprintf(path_on, sizeof(path_on), "%s/history-on.braid", argv[1]);
	snprintf(path_off, sizeof(path_off), "%s/history-off.braid", argv[1]);

	run(path_off, 0, files, nfiles, argv + 3, (size_t)argc - 3, &off);
	run(path_on, 1, files, nfiles, argv + 3, (size_t)argc - 3, &on);

	printf("%-34s %10s %10s %8s\n", "command (what the change holds)", "recorded", "without",
	       "extra");
	printf("%-34s %9.2fs %9.2fs %7.0f%%\n", "ingest (every row of the corpus)", on.ingest,
	       off.ingest, 100 * (on.ingest / off.ingest - 1));
	printf("%-34s %9.2fs %9.2fs %7.0f%%   %zu codings\n", "autocode (its new codings)",
	       on.autocode, off.autocode, 100 * (on.autocode / off.autocode - 1), on.codings);
	printf("%-34s %8.3fms %8.3fms %7.3fms per command (%d commands)\n",
	       "code add (one coding)", 1e3 * on.code_add / NCODINGS, 1e3 * off.code_add / NCODINGS,
	       1e3 * (on.code_add - off.code_add) / NCODINGS, NCODINGS);
	printf("%-34s %8.3fms per undo (%d undos)\n", "undo (one coding)",
	       1e3 * on.undo / (NCODINGS / 10), NCODINGS / 10);
	printf("%-34s %9.1f MB %8.1f MB %7.0f%%\n", "project file", on.mb, off.mb,
	       100 * (on.mb / off.mb - 1));
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return 0;
}
