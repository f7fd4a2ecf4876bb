/*
 * fuzz_decisions.c - libFuzzer harness for `braid reconcile --decisions`:
 * the decisions file reader (braid_reconcile_read_decisions) against three
 * disagreements.
 *
 * Any bytes go in. A refusal must name the file and the line ("PATH: line
 * N: ..."); an accepted file must leave every disagreement skipped (-1) or
 * decided with a decision of the vocabulary, and an edit with a span whose
 * start is before its end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "braid/agree.h"
#include "fuzz.h"

static char path[] = "/tmp/braid-fuzz-decisions-XXXXXX";

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_decisions: %s\n%s\n", what, detail ? detail : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct braid_rec_span span = { 10, 20 };
	struct braid_rec_item items[3];
	struct braid_reconcile r = { .items = items, .nitems = 3 };
	struct braid_rec_decision dec[3];
	struct braid_err err = BRAID_ERR_INIT;
	char prefix[64];

	if (fd < 0 && (fd = mkstemp(path)) < 0)
		die("cannot make a scratch file", path);
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		die("cannot write the scratch file", path);
	for (size_t i = 0; i < 3; i++)
		items[i] = (struct braid_rec_item){ .id = i + 1, .doc = "d", .turn = 1, .speaker = "P",
						    .start = 0, .end = 100, .code = "c",
						    .a = &span, .na = 1 };
	if (braid_reconcile_read_decisions(path, &r, dec, &err)) {
		snprintf(prefix, sizeof(prefix), "%s: line ", path);
		if (strncmp(err.msg, prefix, strlen(prefix)))
			die("an error that does not name the file and line", err.msg);
		return 0;
	}
	for (size_t i = 0; i < 3; i++) {
		if (dec[i].decision < -1 || dec[i].decision >= BRAID_DECISION_N)
			die("a decision out of the vocabulary", NULL);
		if (dec[i].decision == BRAID_DECIDE_EDIT && !(dec[i].start < dec[i].end))
			die("an edit without a span", NULL);
	}
	return 0;
}
