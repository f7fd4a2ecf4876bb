/* testutil.h - shared helpers for the cmocka unit tests. */
#ifndef BRAID_TESTUTIL_H
#define BRAID_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "braid/strbuf.h"

/* Path of a file in ../shared/corpora-real (tests run from the repository root). */
#define REAL_CORPUS(rel) "../shared/corpora-real/" rel

/* Reads a whole file or fails the test. */
static inline void test_read_file(struct strbuf *sb, const char *path)
{
	if (strbuf_read_file(sb, path) < 0)
		fail_msg("cannot read '%s'", path);
}

/* Removes a project file and its WAL side files. */
static inline void test_remove_project(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

#endif
