/*
 * test_busy.c - a listing that SQLite cannot finish ends with an error, not
 * with a short result.
 *
 * SQLITE_BUSY is forced mid-listing with a VFS shim: every file the project
 * opens goes through it, and once armed its xRead answers SQLITE_BUSY (so
 * sqlite3_step returns SQLITE_BUSY, a genuine busy result, not an
 * interrupt). Each listing first runs unarmed with the page cache emptied
 * (sqlite3_db_release_memory), counting the reads it needs; then it runs
 * again with the shim failing part-way through them: it must return
 * BRAID_EBUSY, and the listings with a callback must have delivered rows
 * before, so the failure came in the middle.
 */
#include "testutil.h"

#include <sqlite3.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/ingest.h"
#include "braid/search.h"
#include "braid/store.h"

/* ---- the shim: forwards to the default VFS, reads fail once armed ---- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static long reads;      /* xRead calls so far */
static long fail_after; /* < 0: never fail; else reads beyond this many answer SQLITE_BUSY */

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real; /* right after this struct */
};

#define REAL(f) (((struct shim_file *)(f))->real)

static int shim_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (fail_after >= 0 && reads >= fail_after)
		return SQLITE_BUSY;
	reads++;
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int shim_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int shim_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int shim_lock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int shim_unlock(sqlite3_file *f, int lock)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int shim_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int shim_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int shim_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int shim_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int shim_shm_map(sqlite3_file *f, int pg, int size, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, size, extend, pp);
}

static int shim_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void shim_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int shim_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

/* Memory-mapped pages would bypass xRead: none are handed out. */
static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	*pp = NULL;
	return SQLITE_OK;
}

static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return SQLITE_OK;
}

static const sqlite3_io_methods shim_io = {
	3,	       shim_close,	shim_read,	  shim_write,	  shim_truncate,
	shim_sync,     shim_size,	shim_lock,	  shim_unlock,	  shim_reserved,
	shim_control,  shim_sector,	shim_device,	  shim_shm_map,	  shim_shm_lock,
	shim_shm_barrier, shim_shm_unmap, shim_fetch,	  shim_unfetch,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct shim_file *p = (struct shim_file *)f;
	int rc;

	p->real = (sqlite3_file *)(p + 1);
	p->base.pMethods = NULL;
	rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out);
	if (p->real->pMethods)
		p->base.pMethods = &shim_io;
	return rc;
}

static int shim_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	return real_vfs->xDelete(real_vfs, name, sync);
}

static int shim_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int shim_fullpath(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int shim_random(sqlite3_vfs *vfs, int n, char *out)
{
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int shim_sleep(sqlite3_vfs *vfs, int us)
{
	return real_vfs->xSleep(real_vfs, us);
}

static int shim_time(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static int shim_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static void shim_install(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	assert_non_null(real_vfs);
	shim_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = "braid-busy-shim",
		.xOpen = shim_open,
		.xDelete = shim_delete,
		.xAccess = shim_access,
		.xFullPathname = shim_fullpath,
		.xRandomness = shim_random,
		.xSleep = shim_sleep,
		.xCurrentTimeInt64 = shim_time,
		.xGetLastError = shim_last_error,
	};
	fail_after = -1;
	/* the default from now on: braid_store_open uses the default VFS */
	assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

/* ---- the project: three documents of 120 long turns, a coding on each turn ---- */

static char path[64], src[3][64];
static struct braid_store *st;
static struct braid_err err;

static int setup(void **state)
{
	struct braid_ingest_opts o = { 0 };
	const char *paths[3];
	int64_t id;
	int created;

	shim_install();
	snprintf(path, sizeof(path), "/tmp/braid-busy-%d.braid", (int)getpid());
	test_remove_project(path);
	for (int d = 0; d < 3; d++) {
		FILE *f;

		snprintf(src[d], sizeof(src[d]), "/tmp/braid-busy-%d-doc%d.txt", (int)getpid(), d);
		f = fopen(src[d], "w");
		assert_non_null(f);
		for (int t = 0; t < 120; t++) {
			fprintf(f, "%s: turn %d of document %d.", t % 2 ? "R" : "I", t, d);
			for (int w = 0; w < 150; w++)
				fputs(" the group helped", f);
			fputs("\n", f);
		}
		fclose(f);
		paths[d] = src[d];
	}
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	if (braid_ingest(st, paths, 3, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	{
		struct braid_code_new n = { .name = "Support", .coder = "ana", .kind = BRAID_INDUCTIVE };

		assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	}
	for (int d = 0; d < 3; d++) {
		char doc[64];
		const char *base = strrchr(src[d], '/') + 1;

		snprintf(doc, sizeof(doc), "%.*s", (int)(strrchr(base, '.') - base), base);
		for (int t = 1; t <= 120; t++) {
			struct braid_coding_new c = { .doc = doc, .code = "support", .coder = "ana" };

			assert_int_equal(braid_span_turns(st, doc, t, t, &c.start, &c.end, &err), 0);
			c.end = c.start + 40;
			assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
		}
	}
	assert_int_equal(braid_store_commit(st, &err), 0);
	/* a small page cache, so that every stage of a listing reads pages again */
	assert_int_equal(sqlite3_exec(braid_store_db(st), "PRAGMA cache_size = 8", NULL, NULL, NULL),
			 SQLITE_OK);
	return 0;
}

static int teardown(void **state)
{
	fail_after = -1;
	braid_store_close(st);
	test_remove_project(path);
	for (int d = 0; d < 3; d++)
		unlink(src[d]);
	sqlite3_vfs_unregister(&shim_vfs);
	return 0;
}

/* ---- the listings, each as one call that counts its rows ---- */

static int count_coding(const struct braid_coding_row *r, void *ctx)
{
	(*(long *)ctx)++;
	return 0;
}

static int count_turn(const struct braid_turn_row *r, void *ctx)
{
	(*(long *)ctx)++;
	return 0;
}

static int count_hit(const struct braid_hit *h, void *ctx)
{
	(*(long *)ctx)++;
	return 0;
}

static int count_stats(const struct braid_stats_row *r, void *ctx)
{
	(*(long *)ctx)++;
	return 0;
}

static int list_codings(long *rows)
{
	return braid_codings_each(st, NULL, count_coding, rows, &err);
}

static int list_turns(long *rows)
{
	char doc[64];
	const char *base = strrchr(src[1], '/') + 1;

	snprintf(doc, sizeof(doc), "%.*s", (int)(strrchr(base, '.') - base), base);
	return braid_corpus_turns(st, doc, NULL, count_turn, rows, &err);
}

static int search_fts(long *rows)
{
	struct braid_search_opts o = { 0 };

	return braid_search(st, "group", &o, count_hit, rows, &err);
}

static int search_regex(long *rows)
{
	struct braid_search_opts o = { .regex = 1 };

	return braid_search(st, "gr[o]up", &o, count_hit, rows, &err);
}

static int code_stats(long *rows)
{
	return braid_code_stats(st, BRAID_BY_CASE, 0, count_stats, rows, &err);
}

/*
 * Runs a listing whole (counting its reads from an empty page cache), then
 * again failing after 1/8, 2/8, ... 7/8 of those reads: each time it must
 * end with BRAID_EBUSY; half-way, listings with a callback have delivered
 * some of their rows.
 */
static void fails_midway(int (*listing)(long *rows), int callback_during)
{
	long all = 0, needed;
	int rc;

	fail_after = -1;
	sqlite3_db_release_memory(braid_store_db(st));
	reads = 0;
	assert_int_equal(listing(&all), 0);
	needed = reads;
	assert_true(all > 0 && needed > 16);

	for (int eighth = 1; eighth < 8; eighth++) {
		long some = 0;

		sqlite3_db_release_memory(braid_store_db(st));
		reads = 0;
		fail_after = needed * eighth / 8;
		rc = listing(&some);
		fail_after = -1;
		if (rc != BRAID_EBUSY)
			fail_msg("expected BRAID_EBUSY after %ld of %ld reads, got %d (%ld of %ld rows)"
				 ": %s",
				 needed * eighth / 8, needed, rc, some, all, rc ? err.msg : "");
		assert_non_null(strstr(err.msg, "is busy"));
		assert_true(some < all);
		if (callback_during && eighth == 4)
			assert_true(some > 0);
		if (!callback_during)
			assert_true(some == 0);
	}
	/* and the project is fine afterwards */
	{
		long again = 0;

		assert_int_equal(listing(&again), 0);
		assert_true(again == all);
	}
}

static void test_codings(void **state)
{
	fails_midway(list_codings, 1);
}

static void test_turns(void **state)
{
	fails_midway(list_turns, 1);
}

static void test_search(void **state)
{
	fails_midway(search_fts, 1);
	fails_midway(search_regex, 1);
}

/* The counts reach the callback only at the end: no row may come out at all. */
static void test_stats(void **state)
{
	fails_midway(code_stats, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codings),
		cmocka_unit_test(test_turns),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_stats),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
