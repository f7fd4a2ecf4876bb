/*
 * test_merge.c - braid_merge: a copy of a project coded apart and brought
 * back: what is added and what is recognised (counts worked out by hand),
 * a second merge adding nothing, undo restoring the project exactly, each
 * conflict resolved by its rule, a corrected document's codings skipped,
 * and the files that are refused with nothing changed.
 */
#include "teststore.h"

#include <sqlite3.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/merge.h"
#include "braid/store.h"
#include "braid/themes.h"

static char path[64], copy[64], f_a[64], f_a2[64];
static char doc[64];    /* the document's name: f_a without directory and extension */
static char label[64];  /* the copy's file name without ".braid" */
static struct braid_store *st, *other;
static struct braid_err err;

/*
 * The document, in code points: "INT: " 0-5, "Who helped you?" 5-20,
 * "\n\n", "P: " 22-25, "The lawyer helped me." 25-46, "\n\n", "INT: " 48-53,
 * "And then?" 53-62, "\n\n", "P: " 64-67, "The group helped." 67-84.
 */
#define A_TEXT "INT: Who helped you?\nP: The lawyer helped me.\nINT: And then?\nP: The group helped.\n"

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void copy_file(const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f;

	test_read_file(&sb, from);
	f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(sb.buf, 1, sb.len, f), sb.len);
	fclose(f);
	strbuf_release(&sb);
}

static void code(struct braid_store *s, const char *who, int64_t start, int64_t end,
		 const char *code_ref)
{
	struct braid_coding_new c = { .doc = doc, .start = start, .end = end, .code = code_ref,
				      .coder = who };
	int64_t id;
	int created;

	test_begin(s, who, "code add", &err);
	if (braid_code_find(s, code_ref, &id, &err) == BRAID_ENOTFOUND) {
		struct braid_code_new n = { .name = code_ref, .coder = who, .kind = BRAID_INDUCTIVE };

		if (braid_code_create(s, &n, &id, &err))
			fail_msg("code create: %s", err.msg);
	}
	if (braid_coding_add(s, &c, &id, &created, &err))
		fail_msg("code add: %s", err.msg);
	test_commit(s, &err);
}

static void define(struct braid_store *s, const char *code_ref, const char *def)
{
	int64_t id;

	test_begin(s, "ana", "code edit", &err);
	if (braid_code_find(s, code_ref, &id, &err) ||
	    braid_code_edit(s, id, "definition", def, &err))
		fail_msg("code edit: %s", err.msg);
	test_commit(s, &err);
}

static void memo(struct braid_store *s, const char *who, const char *on, const char *text)
{
	int64_t id;

	test_begin(s, who, "memo add", &err);
	if (braid_memo_add(s, on, NULL, who, text, &id, &err))
		fail_msg("memo add: %s", err.msg);
	test_commit(s, &err);
}

/* Merges the copy into the project as ana; returns braid_merge's result. */
static int merge(struct braid_merge_report *r)
{
	int rc;

	test_begin(st, "ana", "merge", &err);
	rc = braid_merge(st, copy, r, &err);
	if (rc)
		braid_store_rollback(st);
	else
		test_commit(st, &err);
	return rc;
}

static const struct braid_merge_issue *find_issue(const struct braid_merge_report *r,
						  enum braid_merge_kind kind, const char *ref)
{
	for (size_t i = 0; i < r->nissues; i++)
		if (r->issues[i].kind == kind && !strcmp(r->issues[i].ref, ref))
			return &r->issues[i];
	fail_msg("no issue about %s '%s'", braid_merge_kind_name(kind, 0), ref);
	return NULL;
}

static void assert_count(const struct braid_merge_count *n, size_t added, size_t present,
			 size_t updated, size_t conflicts, size_t skipped)
{
	assert_int_equal(n->added, added);
	assert_int_equal(n->present, present);
	assert_int_equal(n->updated, updated);
	assert_int_equal(n->conflicts, conflicts);
	assert_int_equal(n->skipped, skipped);
}

/*
 * The project: the document, coded 'help' on "The lawyer helped me." by
 * ana; then a copy of it (the file, closed, so that nothing is left in the
 * WAL), both open again.
 */
static int setup(void **state)
{
	struct braid_ingest_opts o = { 0 };
	const char *paths[1] = { f_a };

	snprintf(path, sizeof(path), "/tmp/braid-merge-%d.braid", (int)getpid());
	snprintf(copy, sizeof(copy), "/tmp/braid-merge-copy-%d.braid", (int)getpid());
	snprintf(label, sizeof(label), "braid-merge-copy-%d", (int)getpid());
	snprintf(f_a, sizeof(f_a), "/tmp/merge-a-%d.txt", (int)getpid());
	snprintf(f_a2, sizeof(f_a2), "/tmp/merge-a2-%d.txt", (int)getpid());
	snprintf(doc, sizeof(doc), "merge-a-%d", (int)getpid());
	test_remove_project(path);
	test_remove_project(copy);
	write_file(f_a, A_TEXT);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	test_begin(st, "ana", "ingest", &err);
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	test_commit(st, &err);
	code(st, "ana", 25, 46, "help");
	braid_store_close(st);
	copy_file(path, copy);
	assert_int_equal(braid_store_open(path, NULL, &st, &err), 0);
	assert_int_equal(braid_store_open(copy, NULL, &other, &err), 0);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	braid_store_close(other);
	test_remove_project(path);
	test_remove_project(copy);
	unlink(f_a);
	unlink(f_a2);
	return 0;
}

/* Both coded on: ana here, ben in the copy (a new code, a memo); merged, merged again, undone. */
static void test_merge_twice_and_undo(void **state)
{
	struct braid_merge_report r;
	char *before, *after;
	int64_t audit;

	code(st, "ana", 67, 84, "group");
	code(other, "ben", 5, 20, "question"); /* an inductive code made in the copy */
	code(other, "ben", 25, 46, "help");    /* the same span and code as ana: another coder */
	code(other, "ana", 25, 46, "help");    /* ana's, coded again in the copy: the same */
	memo(other, "ben", "segment:2", "asks who, not what");
	memo(other, "ben", "code:question", "questions that steer");
	before = test_snapshot(st);
	audit = test_sql_int(st, "SELECT count(*) FROM audit");

	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_DOCUMENTS], 0, 1, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_CODERS], 1, 1, 0, 0, 0); /* ben; ana */
	assert_count(&r.n[BRAID_MERGE_CODES], 1, 1, 0, 0, 0);  /* question; help */
	/* ben's two codings; ana's by GUID (the copy's first coding is hers) */
	assert_count(&r.n[BRAID_MERGE_CODINGS], 2, 1, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 2, 0, 0, 0, 0);
	assert_int_equal(r.nissues, 0);
	assert_true(braid_merge_changed(&r) > 0);
	braid_merge_report_release(&r);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 4);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings g JOIN coders c"
					  " ON c.id = g.coder_id WHERE c.name = 'ben'"), 2);
	/* ben's memo is on his coding of 'question', here */
	assert_int_equal(test_sql_int(st, "SELECT g.start_cp FROM memos m JOIN codings g"
					  " ON g.id = m.coding_id WHERE m.text = 'asks who, not what'"),
			 5);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes WHERE slug = 'question'"
					  " AND kind = 'inductive' AND created_by ="
					  " (SELECT id FROM coders WHERE name = 'ben')"),
			 1);
	/* the rows keep the copy's GUIDs */
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes WHERE slug = 'question'"
					  " AND guid IN (SELECT guid FROM codes)"), 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM audit"), audit + 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM audit WHERE command = 'merge'"
					  " AND detail LIKE 'merged ''%copy%'': 1 coder, 1 code, 2"
					  " codings, 2 memos added'"),
			 1);

	/* again: nothing new, no audit row */
	after = test_snapshot(st);
	assert_int_equal(merge(&r), 0);
	assert_int_equal(braid_merge_changed(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 0, 3, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 0, 2, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_CODES], 0, 2, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_CODERS], 0, 2, 0, 0, 0);
	braid_merge_report_release(&r);
	{
		char *again = test_snapshot(st);

		ASSERT_SAME(after, again);
		free(again);
	}
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM audit"), audit + 1);

	/* undo takes the whole merge back */
	test_begin(st, "ana", "undo", &err);
	if (braid_undo(st, 1, NULL, &err))
		fail_msg("undo: %s", err.msg);
	test_commit(st, &err);
	free(after);
	after = test_snapshot(st);
	ASSERT_SAME(before, after);
	free(before);
	free(after);

	/* what an undo took out is not "removed here": merged again, it comes again */
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 2, 1, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 2, 0, 0, 0, 0);
	braid_merge_report_release(&r);
}

/*
 * A coding removed here after the copy was made (the copy still has it, and
 * a memo written on it there since): not brought back, and said so.
 */
static void test_removed_here(void **state)
{
	struct braid_merge_report r;
	const struct braid_merge_issue *is;
	char ref[96];
	size_t memos, quotes;

	test_begin(st, "ana", "code rm", &err);
	if (braid_coding_rm(st, 1, &memos, &quotes, &err))
		fail_msg("code rm: %s", err.msg);
	test_commit(st, &err);
	memo(other, "ben", "segment:1", "why help, not support?");
	code(other, "ben", 67, 84, "help");
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 1, 0, 0, 0, 1);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 0, 0, 0, 0, 1);
	snprintf(ref, sizeof(ref), "#1 in '%s.braid'", label);
	is = find_issue(&r, BRAID_MERGE_CODINGS, ref);
	assert_true(is->skipped);
	assert_string_equal(is->problem, "removed here after the copy was made");
	assert_string_equal(is->rule, "1 coding not brought back");
	is = find_issue(&r, BRAID_MERGE_MEMOS, ref);
	assert_string_equal(is->problem, "on codings that were not merged (listed above)");
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 1);
	assert_int_equal(test_sql_int(st, "SELECT start_cp FROM codings"), 67);
	braid_merge_report_release(&r);
}

/* The same new code name, defined apart; the same code (GUID) defined differently on each side. */
static void test_code_conflicts(void **state)
{
	struct braid_merge_report r;
	const struct braid_merge_issue *is;
	char want[320];

	define(st, "help", "support from people");
	define(other, "help", "any help at all");
	code(st, "ana", 67, 84, "trust");
	define(st, "trust", "confidence in institutions");
	code(other, "ben", 25, 35, "trust");
	define(other, "trust", "belief in a person");

	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODES], 0, 0, 0, 2, 0);
	/* same GUID: this project's definition kept, the copy's in a memo on the code */
	is = find_issue(&r, BRAID_MERGE_CODES, "help");
	assert_false(is->skipped);
	assert_non_null(strstr(is->problem, "definition"));
	assert_non_null(strstr(is->rule, "kept as it is here"));
	assert_non_null(strstr(is->rule, "kept as a memo on the code"));
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes WHERE slug = 'help'"
					  " AND definition = 'support from people'"), 1);
	snprintf(want, sizeof(want), "SELECT count(*) FROM memos m JOIN codes c ON c.id = m.code_id"
				     " WHERE c.slug = 'help' AND m.text = 'definition in ''%s.braid'',"
				     " not kept when it was merged: any help at all'", label);
	assert_int_equal(test_sql_int(st, want), 1);
	/* same name, another GUID, another definition: two codes */
	is = find_issue(&r, BRAID_MERGE_CODES, "trust");
	snprintf(want, sizeof(want), "added apart as 'trust-2', named 'trust (from %s)'", label);
	assert_string_equal(is->rule, want);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes WHERE slug = 'trust-2'"
					  " AND definition = 'belief in a person'"), 1);
	/* ben's coding went to the code apart, ana's stays on hers */
	assert_int_equal(test_sql_int(st, "SELECT g.start_cp FROM codings g JOIN codes c"
					  " ON c.id = g.code_id WHERE c.slug = 'trust-2'"), 25);
	assert_int_equal(test_sql_int(st, "SELECT g.start_cp FROM codings g JOIN codes c"
					  " ON c.id = g.code_id WHERE c.slug = 'trust'"), 67);
	braid_merge_report_release(&r);

	/* again: the conflicts are still there, but nothing is written twice */
	assert_int_equal(merge(&r), 0);
	assert_int_equal(braid_merge_changed(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODES], 0, 1, 0, 1, 0); /* help still differs; trust-2 is the copy's */
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM memos"), 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes"), 3);
	braid_merge_report_release(&r);
}

/* A definition missing here is filled from the copy: updated, not a conflict. */
static void test_code_filled(void **state)
{
	struct braid_merge_report r;

	define(other, "help", "any help at all");
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODES], 0, 0, 1, 0, 0);
	assert_int_equal(r.nissues, 0);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes WHERE definition ="
					  " 'any help at all'"), 1);
	braid_merge_report_release(&r);
}

/* A coding reviewed differently on each side: this project's kept. */
static void test_coding_conflict(void **state)
{
	struct braid_merge_report r;
	const struct braid_merge_issue *is;
	int changed;

	test_begin(other, "ben", "code reject", &err);
	if (braid_coding_review(other, 1, "rejected", &changed, &err))
		fail_msg("review: %s", err.msg);
	test_commit(other, &err);
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 0, 0, 0, 1, 0);
	is = find_issue(&r, BRAID_MERGE_CODINGS, "#1");
	assert_non_null(strstr(is->problem, "[25-46] 'help' by ana, accepted here"));
	assert_non_null(strstr(is->problem, "[25-46] 'help' by ana, rejected in"));
	assert_string_equal(is->rule, "kept as it is here");
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings WHERE status = 'accepted'"),
			 1);
	braid_merge_report_release(&r);

	/* the same coding (GUID) on another span in the copy (written there by hand) */
	assert_int_equal(sqlite3_exec(braid_store_db(other),
				      "UPDATE codings SET end_cp = 35, status = 'accepted' WHERE id = 1",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 0, 0, 0, 1, 0);
	is = find_issue(&r, BRAID_MERGE_CODINGS, "#1");
	assert_non_null(strstr(is->problem, "[25-35] 'help' by ana, accepted in"));
	assert_int_equal(test_sql_int(st, "SELECT end_cp FROM codings"), 46);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 1);
	braid_merge_report_release(&r);
}

/* The document corrected in the copy: its codings there cannot be placed here. */
static void test_document_replaced(void **state)
{
	struct braid_ingest_opts o = { 0 };
	struct braid_replace_report rep = { 0 };
	struct braid_merge_report r;
	const struct braid_merge_issue *is;

	write_file(f_a2, "INT: Who helped you?\nP: The lawyer helped us.\nINT: And then?\n"
			 "P: The group helped.\n");
	test_begin(other, "ben", "ingest", &err);
	if (braid_ingest_replace(other, doc, f_a2, &o, NULL, NULL, &rep, &err))
		fail_msg("replace: %s", err.msg);
	test_commit(other, &err);
	braid_replace_report_release(&rep);
	code(other, "ben", 67, 84, "group");
	memo(other, "ben", "segment:2", "the group as a whole");

	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_DOCUMENTS], 0, 0, 0, 0, 1);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 0, 0, 0, 0, 2);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 0, 0, 0, 0, 1);
	is = find_issue(&r, BRAID_MERGE_DOCUMENTS, doc);
	assert_true(is->skipped);
	assert_non_null(strstr(is->problem, "its text differs here (revision 1 here, 2 in"));
	assert_string_equal(is->rule, "2 codings and 1 memo on them not merged: their spans "
				      "cannot be placed safely");
	/* the code came (codes are the copy's work too), not the codings */
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codes WHERE slug = 'group'"), 1);
	braid_merge_report_release(&r);
}

/*
 * Two projects made apart from the same file (documents of other GUIDs, the
 * same text): matched by their text. A document only the other has: skipped,
 * named, with what stays behind.
 */
static void test_separate_projects(void **state)
{
	struct braid_ingest_opts o = { 0 };
	const char *paths[2] = { f_a, f_a2 };
	struct braid_merge_report r;
	const struct braid_merge_issue *is;
	char name2[64];

	braid_store_close(other);
	test_remove_project(copy);
	write_file(f_a2, "INT: Anything else?\nP: No.\n");
	snprintf(name2, sizeof(name2), "merge-a2-%d", (int)getpid());
	assert_int_equal(braid_store_create(copy, "t", "tester", NULL, &other, &err), 0);
	test_begin(other, "ben", "ingest", &err);
	if (braid_ingest(other, paths, 2, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	test_commit(other, &err);
	code(other, "ben", 25, 46, "help");
	{
		char on[80];

		snprintf(on, sizeof(on), "doc:%s", name2);
		memo(other, "ben", on, "nothing more to say");
	}
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_DOCUMENTS], 0, 1, 0, 0, 1);
	assert_count(&r.n[BRAID_MERGE_CODINGS], 1, 0, 0, 0, 0);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 0, 0, 0, 0, 1);
	/* help: another GUID, the same id, neither defined: one code */
	assert_count(&r.n[BRAID_MERGE_CODES], 0, 1, 0, 0, 0);
	is = find_issue(&r, BRAID_MERGE_DOCUMENTS, name2);
	assert_true(is->skipped);
	assert_string_equal(is->problem, "not in this project (no document has its GUID or its text)");
	assert_string_equal(is->rule, "not merged, nor 0 codings and 1 memo on it");
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings g JOIN coders c"
					  " ON c.id = g.coder_id WHERE c.name = 'ben' AND g.start_cp = 25"
					  " AND g.code_id = (SELECT id FROM codes WHERE slug = 'help')"),
			 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM documents"), 1);
	braid_merge_report_release(&r);
}

/* A code merged here into another: what the copy codes with it goes to that other code. */
static void test_code_merged_here(void **state)
{
	struct braid_merge_report r;
	int64_t from, into;
	size_t moved;

	code(st, "ana", 67, 84, "aid");
	test_begin(st, "ana", "code merge", &err);
	if (braid_code_find(st, "help", &from, &err) || braid_code_find(st, "aid", &into, &err) ||
	    braid_code_merge(st, from, into, &moved, &err))
		fail_msg("code merge: %s", err.msg);
	test_commit(st, &err);
	code(other, "ben", 5, 20, "help");
	assert_int_equal(merge(&r), 0);
	/* ana's first coding, moved to 'aid' here, is the copy's on 'help': the same */
	assert_count(&r.n[BRAID_MERGE_CODINGS], 1, 1, 0, 0, 0);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings WHERE start_cp = 5"
					  " AND code_id = (SELECT id FROM codes WHERE slug = 'aid')"),
			 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings WHERE code_id ="
					  " (SELECT id FROM codes WHERE slug = 'help')"),
			 0);
	braid_merge_report_release(&r);
}

/* Memos on themes: merged when the theme is here (by GUID), else named as not merged. */
static void test_theme_memos(void **state)
{
	struct braid_merge_report r;
	const struct braid_merge_issue *is;
	int64_t id;
	char ref[96];

	test_begin(st, "ana", "theme new", &err);
	if (braid_theme_new(st, "Support", NULL, "ana", &id, &err))
		fail_msg("theme: %s", err.msg);
	test_commit(st, &err);
	/* a fresh copy, the theme in it (closed: the WAL is written back into the file) */
	braid_store_close(other);
	braid_store_close(st);
	copy_file(path, copy);
	assert_int_equal(braid_store_open(path, NULL, &st, &err), 0);
	assert_int_equal(braid_store_open(copy, NULL, &other, &err), 0);
	test_begin(other, "ben", "theme new", &err);
	if (braid_theme_new(other, "Distance", NULL, "ben", &id, &err))
		fail_msg("theme: %s", err.msg);
	test_commit(other, &err);
	memo(other, "ben", "theme:support", "support is practical first");
	memo(other, "ben", "theme:distance", "distance from the state");
	memo(other, "ben", "project", "a first pass through all interviews");
	assert_int_equal(merge(&r), 0);
	assert_count(&r.n[BRAID_MERGE_MEMOS], 2, 0, 0, 0, 1);
	snprintf(ref, sizeof(ref), "#2 in '%s.braid'", label);
	is = find_issue(&r, BRAID_MERGE_MEMOS, ref);
	assert_string_equal(is->problem, "on theme 'distance', which is not in this project");
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM memos m JOIN themes t"
					  " ON t.id = m.theme_id WHERE t.slug = 'support'"),
			 1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM themes"), 1);
	braid_merge_report_release(&r);
}

/* Files that are not a copy to merge: refused, nothing changed, the file named. */
static void test_bad_files(void **state)
{
	char bad[160], *before = test_snapshot(st), *after;
	struct braid_merge_report r;
	sqlite3 *db;

	test_begin(st, "ana", "merge", &err);
	assert_int_equal(braid_merge(st, "/tmp/braid-no-such.braid", &r, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg,
			    "cannot merge '/tmp/braid-no-such.braid': No such file or directory");
	assert_int_equal(braid_merge(st, path, &r, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "it is the open project itself"));
	assert_int_equal(braid_merge(st, f_a, &r, &err), BRAID_EINVAL);
	snprintf(bad, sizeof(bad), "cannot merge: '%s' is not a braid project", f_a);
	assert_string_equal(err.msg, bad);
	/* an SQLite file that is not a project */
	snprintf(bad, sizeof(bad), "/tmp/braid-merge-sql-%d.braid", (int)getpid());
	assert_int_equal(sqlite3_open(bad, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(braid_merge(st, bad, &r, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "is not a braid project"));
	unlink(bad);
	/* a project of a newer schema */
	assert_int_equal(sqlite3_exec(braid_store_db(other), "PRAGMA user_version = 99", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(braid_merge(st, copy, &r, &err), BRAID_EVERSION);
	assert_non_null(strstr(err.msg, "(schema 99; this braid reads schema 6 and older)"));
	assert_non_null(strstr(err.msg, copy));
	assert_string_equal(braid_change_text(st), "");
	braid_store_rollback(st);
	after = test_snapshot(st);
	ASSERT_SAME(before, after);
	free(before);
	free(after);
	/* and outside a change */
	assert_int_equal(braid_merge(st, copy, &r, &err), BRAID_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge_twice_and_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_here, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coding_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_document_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_separate_projects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_merged_here, setup, teardown),
		cmocka_unit_test_setup_teardown(test_theme_memos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
