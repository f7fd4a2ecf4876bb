/* test_ingest.c - which files ingest reads (paths, lists). */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "braid/ingest.h"

static char dir[64];

static void touch(const char *rel)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("x\n", f);
	fclose(f);
}

static void mkdir_rel(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	assert_int_equal(mkdir(p, 0700), 0);
}

static int paths_setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/braid-paths-%d", (int)getpid());
	assert_int_equal(mkdir(dir, 0700), 0);
	return 0;
}

static int paths_teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) != 0;
}

/* Checks that p holds exactly the given paths (relative to dir), in order. */
static void paths_are(const struct braid_paths *p, const char *const *want, size_t n)
{
	assert_int_equal(p->n, n);
	for (size_t i = 0; i < n; i++) {
		char full[256];

		snprintf(full, sizeof(full), "%s/%s", dir, want[i]);
		assert_string_equal(p->v[i], full);
	}
}

static void test_paths(void **state)
{
	static const char *const want[] = {
		"a.txt", "b/c.VTT", "b/d/e.docx", "b/z.md", "m.markdown", "n.srt",
	};
	struct braid_paths p = { 0 };
	struct braid_err err = BRAID_ERR_INIT;
	char list[256], missing[256];
	FILE *f;

	/* transcripts in name order, subdirectories where they sort; others and hidden skipped */
	touch("n.srt");
	touch("a.txt");
	touch("notes.pdf");
	touch(".hidden.txt");
	mkdir_rel("b");
	touch("b/z.md");
	touch("b/c.VTT");
	mkdir_rel("b/d");
	touch("b/d/e.docx");
	mkdir_rel(".git");
	touch(".git/x.txt");
	touch("m.markdown");
	assert_int_equal(braid_ingest_paths(&p, dir, &err), 0);
	paths_are(&p, want, 6);
	braid_paths_release(&p);
	assert_int_equal(p.n, 0);

	/* a file, even missing or not a transcript, stands for itself */
	snprintf(missing, sizeof(missing), "%s/nothere.txt", dir);
	assert_int_equal(braid_ingest_paths(&p, missing, &err), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0], missing);
	braid_paths_release(&p);

	/* a list: one path a line, CR LF too, empty lines skipped, directories expanded */
	snprintf(list, sizeof(list), "%s/list", dir);
	f = fopen(list, "w");
	fprintf(f, "%s/a.txt\r\n\n%s/b/d\n", dir, dir);
	fclose(f);
	f = fopen(list, "r");
	assert_int_equal(braid_ingest_paths_list(&p, f, list, &err), 0);
	fclose(f);
	assert_int_equal(p.n, 2);
	paths_are(&p, (const char *const[]){ "a.txt", "b/d/e.docx" }, 2);
	braid_paths_release(&p);

	/* an unreadable directory is an error, not a short list (root reads anything) */
	if (geteuid() != 0) {
		char locked[256];

		snprintf(locked, sizeof(locked), "%s/b/d", dir);
		chmod(locked, 0);
		assert_int_equal(braid_ingest_paths(&p, dir, &err), BRAID_EIO);
		assert_non_null(strstr(err.msg, "cannot read directory"));
		chmod(locked, 0700);
		braid_paths_release(&p);
	}
	assert_true(braid_ingest_is_transcript("x.Txt"));
	assert_false(braid_ingest_is_transcript(".txt"));
	assert_false(braid_ingest_is_transcript("x.txt.bak"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths, paths_setup, paths_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
