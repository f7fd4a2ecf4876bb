/*
 * test_workflow.c - the six phases (workflow.h): every gate failing with the
 * exact items it names and then passing, forced and hand-made moves with
 * their reasons, the timeline, the phase every change records, undo of a
 * move, documents read, memo kinds, the approach and its extra condition.
 */
#include "teststore.h"

#include <sqlite3.h>

#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/store.h"
#include "braid/themes.h"
#include "braid/workflow.h"

static char path[64], files[3][64];
static struct braid_store *st;
static struct braid_err err;

/*
 * Three interviews (offsets by hand, "Label: " before each utterance):
 *   A, case P001: "I: How was it?" turn 1 (3..14); "P: The lawyer helped." turn 2 (19..37)
 *   B, case P002: the same, "helped!"
 *   C, case P003: the same, "helped?"
 */
static const char *const names[3] = { "A", "B", "C" };
static const char *const doc_cases[3] = { "P001", "P002", "P003" };

static void begin(const char *who, const char *command)
{
	test_begin(st, who, command, &err);
}

static void commit(void)
{
	test_commit(st, &err);
}

static int64_t count(const char *sql)
{
	return test_sql_int(st, sql);
}

static int setup(void **state)
{
	static const char yaml[] = "name: Book\ncodes:\n"
				   "  - {name: Legal, id: legal, patterns: [lawyer]}\n"
				   "  - {name: Peer, id: peer}\n";
	static const char *const interviewer[] = { "I" };
	struct braid_codebook cb;
	struct braid_import_report rep;

	snprintf(path, sizeof(path), "/tmp/braid-workflow-%d.braid", (int)getpid());
	test_remove_project(path);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	begin("tester", "ingest");
	for (int i = 0; i < 3; i++) {
		struct braid_ingest_opts o = { .case_name = doc_cases[i], .name = names[i],
					       .kind = "interview", .interviewers = interviewer,
					       .ninterviewers = 1 };
		const char *p = files[i];
		FILE *f;

		snprintf(files[i], sizeof(files[i]), "/tmp/braid-workflow-%d-%s.txt", (int)getpid(),
			 names[i]);
		f = fopen(files[i], "w");
		fprintf(f, "I: How was it?\nP: The lawyer helped%c\n", ".!?"[i]);
		fclose(f);
		if (braid_ingest(st, &p, 1, &o, NULL, NULL, &err))
			fail_msg("ingest: %s", err.msg);
	}
	commit();
	braid_import_report_init(&rep);
	assert_int_equal(braid_codebook_parse(yaml, sizeof(yaml) - 1, "book.yaml", &cb, &err), 0);
	begin("tester", "codebook import");
	assert_int_equal(braid_codes_import(st, &cb, "book.yaml", 0, &rep, &err), 0);
	commit();
	braid_import_report_release(&rep);
	braid_codebook_release(&cb);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	for (int i = 0; i < 3; i++)
		unlink(files[i]);
	return 0;
}

static int phase(void)
{
	int p = 0;

	assert_int_equal(braid_phase_current(st, &p, &err), 0);
	return p;
}

/* The checklist of the current phase as "x what | missing" lines. */
static char *checklist(void)
{
	struct braid_gate g;
	struct strbuf out = STRBUF_INIT;

	assert_int_equal(braid_phase_check(st, 0, &g, &err), 0);
	for (size_t i = 0; i < g.nitems; i++)
		strbuf_addf(&out, "%c %s%s%s\n", g.items[i].done ? 'x' : ' ', g.items[i].what,
			    g.items[i].missing ? " | " : "",
			    g.items[i].missing ? g.items[i].missing : "");
	braid_gate_release(&g);
	return strbuf_detach(&out, NULL);
}

#define ASSERT_CHECKLIST(want)                                                                   \
	do {                                                                                     \
		char *got_ = checklist();                                                        \
		assert_string_equal(got_, want);                                                 \
		free(got_);                                                                      \
	} while (0)

/* phase next as `who`: the return code; committed when it moved, rolled back when not. */
static int next(const char *who, int force, const char *why)
{
	struct braid_gate g = { 0 };
	int rc;

	begin(who, "phase next");
	rc = braid_phase_next(st, force, why, &g, &err);
	if (rc)
		braid_store_rollback(st);
	else
		commit();
	braid_gate_release(&g);
	return rc;
}

static void read_doc(const char *doc, const char *who)
{
	begin(who, "read");
	assert_int_equal(braid_read(st, doc, who, &err), 0);
	commit();
}

static int64_t memo(const char *on, const char *kind, const char *who, const char *text)
{
	int64_t id = 0;

	begin(who, "memo add");
	assert_int_equal(braid_memo_add(st, on, kind, who, text, &id, &err), 0);
	commit();
	return id;
}

static int64_t code(const char *doc, int64_t start, int64_t end, const char *c, const char *who,
		    const char *origin)
{
	struct braid_coding_new n = { .doc = doc, .start = start, .end = end, .code = c,
				      .coder = who, .origin = origin };
	int64_t id = 0;
	int created;

	begin(who, "code add");
	assert_int_equal(braid_coding_add(st, &n, &id, &created, &err), 0);
	commit();
	return id;
}

static int64_t theme(const char *name, const char *const *codes, size_t n)
{
	int64_t id = 0;

	begin("ana", "theme new");
	assert_int_equal(braid_theme_new(st, name, NULL, "ana", &id, &err), 0);
	if (n)
		assert_int_equal(braid_theme_add_codes(st, id, codes, n, &err), 0);
	commit();
	return id;
}

static const char *last_detail(void)
{
	static char buf[512];
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st),
					    "SELECT detail FROM audit ORDER BY id DESC LIMIT 1", -1,
					    &s, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

struct rows {
	struct strbuf out;
};

static int timeline_row(const struct braid_phase_row *r, void *ctx)
{
	struct rows *t = ctx;

	strbuf_addf(&t->out, "%d %s %s %s|", r->phase, r->move, r->left ? "left" : "now",
		    r->why ? r->why : "-");
	braid_phase_how(r, &t->out);
	strbuf_addch(&t->out, '\n');
	return 0;
}

static char *timeline(void)
{
	struct rows t = { STRBUF_INIT };

	assert_int_equal(braid_phases_each(st, timeline_row, &t, &err), 0);
	return strbuf_detach(&t.out, NULL);
}

/* Every gate, failing with what it names, then passing, through the whole analysis. */
static void test_gates_in_order(void **state)
{
	static const char *const legal[] = { "legal" }, *const peer[] = { "peer" };
	int64_t t1, t2, g1;
	char *tl;

	assert_int_equal(phase(), 1);
	/* 1: nothing read, no familiarisation memo */
	ASSERT_CHECKLIST("  every document read by someone | 3 documents not read yet: A, B, C\n"
			 "  a familiarisation memo | no familiarisation memo yet\n");
	assert_int_equal(next("ana", 0, NULL), BRAID_EGATE);
	assert_string_equal(err.msg, "phase 1 (familiarisation) is not done yet");
	assert_int_equal(phase(), 1);
	read_doc("A", "ana");
	read_doc("C", "ben");
	read_doc("A", "ben");
	/* an analytic memo is not a familiarisation memo */
	memo("doc:A", NULL, "ana", "a thought");
	ASSERT_CHECKLIST("  every document read by someone | 1 document not read yet: B\n"
			 "  a familiarisation memo | no familiarisation memo yet\n");
	read_doc("B", "ana");
	memo("doc:A", "familiarisation", "ana", "first impressions");
	ASSERT_CHECKLIST("x every document read by someone\n"
			 "x a familiarisation memo\n");
	assert_int_equal(next("ana", 0, NULL), 0);
	assert_string_equal(last_detail(), "phase 1 (familiarisation) -> 2 (coding)");
	assert_int_equal(phase(), 2);

	/* 2: documents without codings; autocoded codings pending, by document */
	g1 = code("A", 19, 37, "legal", "ana", "manual");
	code("B", 19, 37, "legal", "auto", "auto");
	ASSERT_CHECKLIST("  every document has codings | 1 document has no codings: C\n"
			 "  every autocoded coding reviewed | 1 document has autocoded codings "
			 "still pending review: B (1)\n");
	code("C", 19, 37, "peer", "ben", "manual");
	begin("ana", "code accept");
	assert_int_equal(braid_coding_review(st, count("SELECT id FROM codings WHERE origin = 'auto'"),
					     "accepted", NULL, &err),
			 0);
	commit();
	ASSERT_CHECKLIST("x every document has codings\n"
			 "x every autocoded coding reviewed\n");
	assert_int_equal(next("ana", 0, NULL), 0);
	/* codings and codes record the phase they were made in */
	assert_int_equal(count("SELECT phase FROM codings ORDER BY id LIMIT 1"), 2);
	assert_int_equal(count("SELECT count(*) FROM codes WHERE created_phase IS NULL"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE command = 'code add'"
			       " AND phase = 2"),
			 3);

	/* 3: no theme; then codes with codings in no theme */
	assert_int_equal(phase(), 3);
	ASSERT_CHECKLIST("  at least one theme | no theme yet\n"
			 "  every code with codings in a theme | 2 codes are in no theme: legal, peer\n");
	t1 = theme("Legal help", legal, 1);
	ASSERT_CHECKLIST("x at least one theme\n"
			 "  every code with codings in a theme | 1 code is in no theme: peer\n");
	t2 = theme("Peers", peer, 1);
	ASSERT_CHECKLIST("x at least one theme\n"
			 "x every code with codings in a theme\n");
	assert_int_equal(next("ana", 0, NULL), 0);
	assert_int_equal(count("SELECT created_phase FROM themes ORDER BY id LIMIT 1"), 3);

	/* 4: the two reviews of every theme in play */
	ASSERT_CHECKLIST("  every theme reviewed against its coded extracts | 2 themes are not "
			 "reviewed against their extracts: legal-help, peers\n"
			 "  every theme reviewed against the whole data set | 2 themes are not "
			 "reviewed against the whole data set: legal-help, peers\n");
	begin("ana", "theme review");
	assert_int_equal(braid_theme_review(st, t1, 1, 1, &err), 0);
	assert_int_equal(braid_theme_review(st, t2, 1, 0, &err), 0);
	commit();
	ASSERT_CHECKLIST("x every theme reviewed against its coded extracts\n"
			 "  every theme reviewed against the whole data set | 1 theme is not "
			 "reviewed against the whole data set: peers\n");
	/* a discarded theme is out of play: the gate passes without it */
	begin("ana", "theme discard");
	assert_int_equal(braid_theme_discard(st, t2, "folded into legal help", &err), 0);
	commit();
	ASSERT_CHECKLIST("x every theme reviewed against its coded extracts\n"
			 "x every theme reviewed against the whole data set\n");
	assert_int_equal(next("ana", 0, NULL), 0);

	/* 5: a definition and a scope */
	ASSERT_CHECKLIST("  every theme named, defined and scoped | 1 theme has no definition or "
			 "no scope: legal-help\n");
	begin("ana", "theme define");
	assert_int_equal(braid_theme_define(st, t1, "Help from lawyers.", NULL, &err), 0);
	commit();
	ASSERT_CHECKLIST("  every theme named, defined and scoped | 1 theme has no definition or "
			 "no scope: legal-help\n");
	begin("ana", "theme define");
	assert_int_equal(braid_theme_define(st, t1, NULL, "Formal help only.", &err), 0);
	commit();
	ASSERT_CHECKLIST("x every theme named, defined and scoped\n");
	assert_int_equal(next("ana", 0, NULL), 0);

	/* 6: a report written in this phase; and no phase after it */
	ASSERT_CHECKLIST("  a report written | no report written in this phase yet\n");
	begin("ana", "report");
	assert_int_equal(braid_output_record(st, "report", "md", "r.md", &err), 0);
	commit();
	assert_string_equal(last_detail(), "wrote the report (md) to r.md");
	ASSERT_CHECKLIST("x a report written\n");
	assert_int_equal(next("ana", 0, NULL), BRAID_EINVAL);
	assert_string_equal(err.msg, "phase 6 (writing up) is the last: there is no next phase");

	tl = timeline();
	assert_string_equal(tl, "1 start left -|project started\n"
				"2 next left -|phase 1's checklist complete\n"
				"3 next left -|phase 2's checklist complete\n"
				"4 next left -|phase 3's checklist complete\n"
				"5 next left -|phase 4's checklist complete\n"
				"6 next now -|phase 5's checklist complete\n");
	free(tl);
	(void)g1;
}

/* Forced and hand-made moves keep their reasons; undo puts back the phase and the timeline. */
static void test_forced_set_undo(void **state)
{
	struct braid_history_result res;
	char *tl;

	/* forcing needs a reason */
	begin("ana", "phase next");
	assert_int_equal(braid_phase_next(st, 1, NULL, &(struct braid_gate){ 0 }, &err),
			 BRAID_EINVAL);
	braid_store_rollback(st);
	assert_int_equal(next("ana", 1, "read on paper"), 0);
	assert_string_equal(last_detail(), "phase 1 (familiarisation) -> 2 (coding), gate passed "
					   "anyway: read on paper");
	/* by hand: a reason, a phase 1-6, not the one it is in */
	begin("ana", "phase set");
	assert_int_equal(braid_phase_set(st, 4, NULL, &err), BRAID_EINVAL);
	assert_int_equal(braid_phase_set(st, 7, "x", &err), BRAID_EINVAL);
	assert_int_equal(braid_phase_set(st, 2, "x", &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "the project is in phase 2 already");
	assert_int_equal(braid_phase_set(st, 1, "a new transcript arrived", &err), 0);
	commit();
	assert_int_equal(phase(), 1);
	/* the memo records the phase it was written in */
	memo("project", "reflexive", "ana", "back to reading");
	assert_int_equal(count("SELECT phase FROM memos"), 1);
	tl = timeline();
	assert_string_equal(tl, "1 start left -|project started\n"
				"2 forced left read on paper|phase 1 left before its checklist was "
				"complete: read on paper\n"
				"1 set now a new transcript arrived|moved by hand from phase 2: a new "
				"transcript arrived\n");
	free(tl);
	/* undo the memo, then the move by hand: phase 2 again, its row open */
	begin("ana", "undo");
	assert_int_equal(braid_undo(st, 2, &res, &err), 0);
	commit();
	assert_int_equal(phase(), 2);
	tl = timeline();
	assert_string_equal(tl, "1 start left -|project started\n"
				"2 forced now read on paper|phase 1 left before its checklist was "
				"complete: read on paper\n");
	free(tl);
	/* the log filters by the phase a change was made in */
	assert_int_equal(count("SELECT count(*) FROM audit WHERE phase = 2 AND command = 'phase set'"),
			 1);
}

/* Reading again is no change; a memo kind outside the vocabulary is refused. */
static void test_read_and_memo_kinds(void **state)
{
	int64_t id;
	int64_t audits;

	read_doc("A", "ana");
	audits = count("SELECT count(*) FROM audit");
	read_doc("A", "ana");
	assert_int_equal(count("SELECT count(*) FROM audit"), audits);
	assert_int_equal(count("SELECT count(*) FROM reads"), 1);
	begin("ana", "read");
	assert_int_equal(braid_read(st, "Z", "ana", &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_memo_add(st, "project", "diary", "ana", "x", &id, &err),
			 BRAID_EINVAL);
	assert_string_equal(err.msg, "unknown memo kind 'diary' (expected analytic, familiarisation "
				     "or reflexive)");
	braid_store_rollback(st);
	id = memo("project", "reflexive", "ana", "a journal entry");
	assert_int_equal(count("SELECT count(*) FROM memos WHERE kind = 'reflexive'"), 1);
	assert_string_equal(last_detail(), "reflexive memo #1 on project by ana: a journal entry");
	(void)id;
}

/* coding reliability: every document coded by hand by two coders (autocoding counts for none). */
static void test_reliability_gate(void **state)
{
	enum braid_approach a;

	begin("ana", "phase approach");
	assert_int_equal(braid_approach_set(st, "coding-ish", &err), BRAID_EINVAL);
	assert_int_equal(braid_approach_set(st, "coding-reliability", &err), 0);
	commit();
	assert_string_equal(last_detail(), "approach: coding-reliability (was reflexive)");
	assert_int_equal(braid_approach_get(st, &a, &err), 0);
	assert_int_equal(a, BRAID_APPROACH_RELIABILITY);
	assert_int_equal(next("ana", 1, "skip"), 0);
	code("A", 19, 37, "legal", "ana", "manual");
	code("A", 19, 37, "legal", "ben", "manual");
	code("B", 19, 37, "legal", "ana", "manual");
	code("B", 19, 37, "legal", "auto", "auto");
	code("C", 19, 37, "legal", "ana", "manual");
	code("C", 3, 14, "peer", "ben", "manual");
	ASSERT_CHECKLIST("x every document has codings\n"
			 "  every autocoded coding reviewed | 1 document has autocoded codings "
			 "still pending review: B (1)\n"
			 "  every document coded by two coders or more | 1 document has fewer than "
			 "two coders: B\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gates_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forced_set_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_and_memo_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reliability_gate, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
