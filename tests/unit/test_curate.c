/*
 * test_curate.c - removing and renaming documents, setting speakers (role,
 * case, label, merging two labels), renaming and merging cases: what each
 * does, offsets worked out by hand, and undo and redo of each restoring the
 * project exactly (the search index too).
 */
#include "teststore.h"

#include <sqlite3.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/curate.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/search.h"
#include "braid/store.h"

static char path[64], f_a[64], f_b[64];
static struct braid_store *st;
static struct braid_err err;

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void begin(const char *command)
{
	if (braid_store_begin(st, "ana", command, &err))
		fail_msg("begin: %s", err.msg);
}

static void commit(void)
{
	if (braid_store_commit(st, &err))
		fail_msg("commit: %s", err.msg);
}

/*
 * a (interview, case P001), stored text in code points:
 *   "INT: " 0-5, "Who helped you?" 5-20, "\n\n",
 *   "P: " 22-25, "The lawyer helped me." 25-46, "\n\n",
 *   "Interviewer: " 48-61, "And then?" 61-70, "\n\n",
 *   "P: " 72-75, "The group helped." 75-92
 * b (focus group): Moderator, Anna, Ben, Cara; the participants' cases b:Anna, ...
 */
#define A_TEXT                                                                                   \
	"INT: Who helped you?\nP: The lawyer helped me.\nInterviewer: And then?\n"               \
	"P: The group helped.\n"

static int64_t sql_int(const char *sql)
{
	return test_sql_int(st, sql);
}

static char *snapshot(void)
{
	return test_snapshot(st);
}

static int setup(void **state)
{
	struct braid_ingest_opts o = { .case_name = "P001" };
	const char *paths[1];

	snprintf(path, sizeof(path), "/tmp/braid-curate-%d.braid", (int)getpid());
	snprintf(f_a, sizeof(f_a), "/tmp/a-%d.txt", (int)getpid());
	snprintf(f_b, sizeof(f_b), "/tmp/b-%d.txt", (int)getpid());
	test_remove_project(path);
	write_file(f_a, A_TEXT);
	write_file(f_b, "Moderator: Hi all.\nAnna: Hello there.\nBen: Hey.\nCara: Good day.\n");
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	begin("ingest");
	paths[0] = f_a;
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	o = (struct braid_ingest_opts){ .kind = "focus-group" };
	paths[0] = f_b;
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	commit();
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(f_a);
	unlink(f_b);
	return 0;
}

/* The documents' names: the files' names without extension. */
static const char *doc_a(void)
{
	static char name[64];

	snprintf(name, sizeof(name), "a-%d", (int)getpid());
	return name;
}

static const char *doc_b(void)
{
	static char name[64];

	snprintf(name, sizeof(name), "b-%d", (int)getpid());
	return name;
}

static const char *sql_text(const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	buf[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t n = strlen(buf);

		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "|" : "",
			 sqlite3_column_type(s, 0) == SQLITE_NULL ? "NULL"
								  : (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return buf;
}

static void history(int redo)
{
	struct braid_history_result res;

	begin(redo ? "redo" : "undo");
	if ((redo ? braid_redo : braid_undo)(st, 1, &res, &err))
		fail_msg("%s: %s", redo ? "redo" : "undo", err.msg);
	commit();
}

/* The change just committed is undone to `before` exactly, and redone to what it made. */
static void undo_redo_exact(const char *before)
{
	char *after = snapshot(), *s;

	history(0);
	s = snapshot();
	ASSERT_SAME(before, s);
	free(s);
	history(1);
	s = snapshot();
	ASSERT_SAME(after, s);
	free(s);
	free(after);
}

static int count_hit(const struct braid_hit *h, void *ctx)
{
	(*(int *)ctx)++;
	return 0;
}

static int hits(const char *query)
{
	struct braid_search_opts o = { 0 };
	int n = 0;

	assert_int_equal(braid_search(st, query, &o, count_hit, &n, &err), 0);
	return n;
}

static int64_t code_span(const char *doc, const char *code, int64_t start, int64_t end)
{
	struct braid_coding_new c = { .doc = doc, .start = start, .end = end, .code = code,
				      .coder = "ana" };
	int64_t id, code_id;
	int created;

	begin("code add");
	if (braid_code_find(st, code, &code_id, &err)) {
		struct braid_code_new n = { .name = code, .coder = "ana", .kind = BRAID_INDUCTIVE };

		assert_int_equal(braid_code_create(st, &n, &code_id, &err), 0);
	}
	if (braid_coding_add(st, &c, &id, &created, &err))
		fail_msg("code %lld-%lld: %s", (long long)start, (long long)end, err.msg);
	commit();
	return id;
}

static void memo(const char *on, const char *text)
{
	int64_t id;

	begin("memo add");
	assert_int_equal(braid_memo_add(st, on, NULL, "ana", text, &id, &err), 0);
	commit();
}

static const char *text_of(const char *doc)
{
	static struct strbuf t = STRBUF_INIT;

	strbuf_reset(&t);
	if (braid_corpus_text(st, doc, &t, &err))
		fail_msg("text: %s", err.msg);
	return t.buf;
}

/* "start-end:text" of a coding, or "gone". */
static const char *coding(int64_t id)
{
	static char buf[256];
	struct strbuf t = STRBUF_INIT;
	sqlite3_stmt *s;

	sqlite3_prepare_v2(braid_store_db(st),
			   "SELECT g.start_cp, g.end_cp, d.name FROM codings g"
			   " JOIN documents d ON d.id = g.doc_id WHERE g.id = ?",
			   -1, &s, NULL);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		int64_t a = sqlite3_column_int64(s, 0), b = sqlite3_column_int64(s, 1);
		const char *txt;

		assert_int_equal(braid_corpus_text(st, (const char *)sqlite3_column_text(s, 2), &t,
						   &err),
				 0);
		txt = t.buf;
		snprintf(buf, sizeof(buf), "%lld-%lld:%.*s", (long long)a, (long long)b,
			 (int)(braid_cp_to_byte(txt, t.len, (size_t)b) -
			       braid_cp_to_byte(txt, t.len, (size_t)a)),
			 txt + braid_cp_to_byte(txt, t.len, (size_t)a));
	} else {
		snprintf(buf, sizeof(buf), "gone");
	}
	sqlite3_finalize(s);
	strbuf_release(&t);
	return buf;
}

/* ---- documents ---- */

static void test_doc_rm(void **state)
{
	struct braid_doc_removal r;
	char *s0;
	int64_t g;

	g = code_span(doc_a(), "help", 25, 46);
	code_span(doc_a(), "help", 75, 92);
	{
		char on[32];

		snprintf(on, sizeof(on), "segment:%lld", (long long)g);
		memo(on, "the lawyer");
	}
	{
		char on[160];

		snprintf(on, sizeof(on), "doc:%s", doc_a());
		memo(on, "a short interview");
	}
	assert_int_equal(hits("lawyer"), 1);
	s0 = snapshot();
	begin("docs rm");
	assert_int_equal(braid_curate_doc_rm(st, doc_a(), &r, &err), 0);
	assert_string_equal(r.name, doc_a());
	assert_int_equal(r.turns, 4);
	assert_int_equal(r.speakers, 3);
	assert_int_equal(r.codings, 2);
	assert_int_equal(r.memos, 2);
	/* P001 was linked to nothing else: it goes too */
	assert_int_equal(r.ncases, 1);
	assert_string_equal(r.cases[0], "P001");
	assert_non_null(strstr(braid_change_text(st), "(4 turns, 3 speakers) with 2 codings and 2 memos"));
	assert_non_null(strstr(braid_change_text(st), "removed case 'P001'"));
	braid_doc_removal_release(&r);
	commit();
	assert_int_equal(hits("lawyer"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM documents"), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM memos"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM cases WHERE name = 'P001'"), 0);
	/* the focus group's cases are not touched */
	assert_int_equal(sql_int("SELECT count(*) FROM cases"), 3);
	undo_redo_exact(s0);
	history(0);
	assert_int_equal(hits("lawyer"), 1);
	free(s0);

	begin("docs rm");
	assert_int_equal(braid_curate_doc_rm(st, "nope", NULL, &err), BRAID_ENOTFOUND);
	braid_store_rollback(st);
}

static void test_doc_rename(void **state)
{
	char *s0 = snapshot(), want[256];

	begin("docs rename");
	assert_int_equal(braid_curate_doc_rename(st, doc_a(), doc_b(), &err), BRAID_EEXIST);
	assert_int_equal(braid_curate_doc_rename(st, doc_a(), "  ", &err), BRAID_EINVAL);
	assert_int_equal(braid_curate_doc_rename(st, doc_a(), "a\nb", &err), BRAID_EINVAL);
	/* the same name: nothing changes */
	assert_int_equal(braid_curate_doc_rename(st, doc_a(), doc_a(), &err), 0);
	assert_string_equal(braid_change_text(st), "");
	assert_int_equal(braid_curate_doc_rename(st, doc_a(), " Alpha ", &err), 0);
	commit();
	assert_int_equal(sql_int("SELECT count(*) FROM documents WHERE name = 'Alpha'"), 1);
	undo_redo_exact(s0);
	free(s0);

	/* a focus group's cases named after it follow it */
	s0 = snapshot();
	begin("docs rename");
	assert_int_equal(braid_curate_doc_rename(st, doc_b(), "FG1", &err), 0);
	snprintf(want, sizeof(want), "renamed document '%s' -> 'FG1', and its cases '%s:Anna'",
		 doc_b(), doc_b());
	assert_non_null(strstr(braid_change_text(st), want));
	commit();
	assert_string_equal(sql_text("SELECT name FROM cases ORDER BY name"),
			    "FG1:Anna|FG1:Ben|FG1:Cara|P001");
	undo_redo_exact(s0);
	free(s0);
}

/* ---- speakers ---- */

#define A_MERGED                                                                                 \
	"Interviewer: Who helped you?\n\nP: The lawyer helped me.\n\nInterviewer: And then?\n\n"  \
	"P: The group helped."

static void test_speaker_merge(void **state)
{
	struct braid_speaker_edit e = { .label = "Interviewer" };
	struct braid_speaker_result res;
	int64_t c1, c2, c3, c4, cf, c5, rev;
	char *s0;

	c1 = code_span(doc_a(), "help", 25, 46);   /* The lawyer helped me. */
	c2 = code_span(doc_a(), "help", 75, 92);   /* The group helped. */
	c3 = code_span(doc_a(), "help", 5, 46);    /* across turns 1 and 2 */
	c4 = code_span(doc_a(), "label", 0, 3);    /* the label "INT" itself */
	cf = code_span(doc_a(), "label", 1, 3);    /* inside it: the same span once carried */
	c5 = code_span(doc_a(), "then", 61, 70);   /* And then? */
	rev = sql_int("SELECT rev FROM documents WHERE name LIKE 'a-%'");
	s0 = snapshot();
	begin("speakers set");
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "INT", &e, &res, &err), 0);
	assert_true(res.changed && res.merged);
	assert_int_equal(res.turns, 1);
	assert_int_equal(res.codings_moved, 5);
	assert_int_equal(res.codings_folded, 1);
	assert_non_null(strstr(braid_change_text(st), "merged speaker 'INT' of '"));
	assert_non_null(strstr(braid_change_text(st), "into 'Interviewer' (1 turn; 5 codings moved"
						      " with the text, 1 folded"));
	commit();
	assert_string_equal(text_of(doc_a()), A_MERGED);
	/* "INT" -> "Interviewer": 8 code points more before everything after the first label */
	assert_string_equal(coding(c1), "33-54:The lawyer helped me.");
	assert_string_equal(coding(c2), "83-100:The group helped.");
	assert_string_equal(coding(c3), "13-54:Who helped you?\n\nP: The lawyer helped me.");
	assert_string_equal(coding(c4), "0-11:Interviewer");
	assert_string_equal(coding(cf), "gone");
	assert_string_equal(coding(c5), "69-78:And then?");
	assert_string_equal(sql_text("SELECT s.label || ':' || s.role || ':' || count(t.id)"
				     " FROM speakers s JOIN documents d ON d.id = s.doc_id"
				     " LEFT JOIN turns t ON t.speaker_id = s.id"
				     " WHERE d.name LIKE 'a-%' GROUP BY s.id ORDER BY s.id"),
			    "P:participant:2|Interviewer:interviewer:2");
	/* the text's revision is raised with its codings'; size and hash follow the text */
	assert_int_equal(sql_int("SELECT rev FROM documents WHERE name LIKE 'a-%'"), rev + 1);
	assert_int_equal(sql_int("SELECT count(*) FROM codings WHERE doc_rev != "
				 "(SELECT rev FROM documents WHERE id = codings.doc_id)"),
			 0);
	assert_int_equal(sql_int("SELECT chars FROM documents WHERE name LIKE 'a-%'"), 100);
	{
		char hash[65];

		braid_ingest_hash(A_MERGED, strlen(A_MERGED), hash);
		assert_string_equal(sql_text("SELECT hash FROM documents WHERE name LIKE 'a-%'"),
				    hash);
	}
	undo_redo_exact(s0);
	free(s0);

	/* shorter: "Interviewer" -> "I", 10 code points fewer before each of its turns */
	s0 = snapshot();
	e.label = "I";
	begin("speakers set");
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "Interviewer", &e, &res, &err), 0);
	assert_false(res.merged);
	assert_int_equal(res.turns, 2);
	commit();
	assert_string_equal(text_of(doc_a()), "I: Who helped you?\n\nP: The lawyer helped me.\n\n"
					      "I: And then?\n\nP: The group helped.");
	assert_string_equal(coding(c1), "23-44:The lawyer helped me.");
	assert_string_equal(coding(c2), "63-80:The group helped.");
	assert_string_equal(coding(c4), "0-1:I");
	assert_string_equal(coding(c5), "49-58:And then?");
	undo_redo_exact(s0);
	free(s0);

	/* the same label: nothing changes */
	begin("speakers set");
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "I", &e, &res, &err), 0);
	assert_false(res.changed);
	assert_string_equal(braid_change_text(st), "");
	braid_store_rollback(st);
}

static void test_speaker_role_case(void **state)
{
	struct braid_speaker_edit e = { 0 };
	struct braid_speaker_result res;
	char *s0;

	begin("speakers set");
	/* no such speaker: the nearest are named */
	e.role = "participant";
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "Int", &e, &res, &err),
			 BRAID_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no speaker 'Int' (did you mean 'INT'"));
	/* an interviewer's turns belong to no case */
	e = (struct braid_speaker_edit){ .case_name = "P009" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "INT", &e, &res, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "is an interviewer: their turns belong to no case"));
	e = (struct braid_speaker_edit){ .role = "asker" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "INT", &e, &res, &err), BRAID_EINVAL);
	e = (struct braid_speaker_edit){ .role = "other" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "INT", &e, &res, &err), BRAID_EINVAL);
	e = (struct braid_speaker_edit){ .label = "(text)" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "INT", &e, &res, &err), BRAID_EINVAL);
	e = (struct braid_speaker_edit){ .label = "a label of more than sixty-three bytes, which is "
						  "too long for one" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "INT", &e, &res, &err), BRAID_EINVAL);
	braid_store_rollback(st);

	/* made a participant with a case of their own, in one change */
	s0 = snapshot();
	begin("speakers set");
	e = (struct braid_speaker_edit){ .role = "participant", .case_name = "P002" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "Interviewer", &e, &res, &err), 0);
	assert_true(res.changed);
	assert_non_null(strstr(braid_change_text(st), "role interviewer -> participant"));
	assert_non_null(strstr(braid_change_text(st), "case none -> 'P002'"));
	commit();
	assert_string_equal(sql_text("SELECT s.role || ':' || c.name FROM speakers s"
				     " JOIN cases c ON c.id = s.case_id WHERE s.label = 'Interviewer'"),
			    "participant:P002");
	undo_redo_exact(s0);
	free(s0);

	/* an interviewer again: the case goes, and with it P002, linked to nothing else */
	s0 = snapshot();
	begin("speakers set");
	e = (struct braid_speaker_edit){ .role = "interviewer" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "Interviewer", &e, &res, &err), 0);
	assert_non_null(strstr(braid_change_text(st), "case 'P002' -> none (an interviewer's"));
	assert_non_null(strstr(braid_change_text(st), "removed case 'P002'"));
	commit();
	assert_int_equal(sql_int("SELECT count(*) FROM cases WHERE name = 'P002'"), 0);
	undo_redo_exact(s0);
	free(s0);

	/* a participant's case dropped: P001 stays, the document is linked to it */
	s0 = snapshot();
	begin("speakers set");
	e = (struct braid_speaker_edit){ .case_name = "" };
	assert_int_equal(braid_curate_speaker_set(st, doc_a(), "P", &e, &res, &err), 0);
	commit();
	assert_int_equal(sql_int("SELECT count(*) FROM cases WHERE name = 'P001'"), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM speakers WHERE label = 'P' AND case_id IS NULL"),
			 1);
	undo_redo_exact(s0);
	free(s0);
}

static void test_pseudo_speaker(void **state)
{
	struct braid_speaker_edit e = { .label = "Narrator" };
	struct braid_speaker_result res;
	char doc[80];
	const char *paths[1];
	struct braid_ingest_opts o = { 0 };

	write_file(f_a, "A title line.\nINT: Who?\nP: Me.\n");
	begin("ingest");
	paths[0] = f_a;
	o.name = "titled";
	assert_int_equal(braid_ingest(st, paths, 1, &o, NULL, NULL, &err), 0);
	commit();
	snprintf(doc, sizeof(doc), "titled");
	begin("speakers set");
	assert_int_equal(braid_curate_speaker_set(st, doc, "(text)", &e, &res, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "has no label to change"));
	e = (struct braid_speaker_edit){ .role = "participant" };
	assert_int_equal(braid_curate_speaker_set(st, doc, "(text)", &e, &res, &err), BRAID_EINVAL);
	/* its case may be set */
	e = (struct braid_speaker_edit){ .case_name = "T1" };
	assert_int_equal(braid_curate_speaker_set(st, doc, "(text)", &e, &res, &err), 0);
	/* a label before which there is an unlabelled turn: the shift starts at it */
	e = (struct braid_speaker_edit){ .label = "Interviewer" };
	assert_int_equal(braid_curate_speaker_set(st, doc, "INT", &e, &res, &err), 0);
	commit();
	assert_string_equal(text_of(doc), "A title line.\n\nInterviewer: Who?\n\nP: Me.");
}

/* ---- cases ---- */

static void test_cases(void **state)
{
	char *s0 = snapshot(), from[160], into[160];
	size_t nd, ns;

	begin("cases rename");
	snprintf(from, sizeof(from), "%s:Anna", doc_b());
	assert_int_equal(braid_curate_case_rename(st, "P001", from, &err), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "merge the two instead"));
	assert_int_equal(braid_curate_case_rename(st, "P404", "X", &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_curate_case_rename(st, "P001", "P01", &err), 0);
	assert_string_equal(braid_change_text(st), "renamed case 'P001' -> 'P01'");
	commit();
	assert_string_equal(sql_text("SELECT c.name FROM documents d JOIN cases c ON c.id = d.case_id"),
			    "P01");
	undo_redo_exact(s0);
	free(s0);

	/* Anna and Ben turn out to be one participant */
	s0 = snapshot();
	snprintf(into, sizeof(into), "%s:Ben", doc_b());
	begin("cases merge");
	assert_int_equal(braid_curate_case_merge(st, from, from, &nd, &ns, &err), BRAID_EINVAL);
	assert_int_equal(braid_curate_case_merge(st, from, into, &nd, &ns, &err), 0);
	assert_int_equal(nd, 0);
	assert_int_equal(ns, 1);
	commit();
	assert_int_equal(sql_int("SELECT count(*) FROM speakers s JOIN cases c ON c.id = s.case_id"
				 " WHERE c.name LIKE '%:Ben'"),
			 2);
	assert_int_equal(sql_int("SELECT count(*) FROM cases WHERE name LIKE '%:Anna'"), 0);
	undo_redo_exact(s0);
	free(s0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_doc_rm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doc_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speaker_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speaker_role_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pseudo_speaker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cases, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
