/*
 * test_autocode.c - coding by rule (src/core/autocode.c).
 *
 * Each test gets a fresh project with four small documents; codes and
 * patterns go in with plain SQL. What was coded is checked through
 * the span cut out of braid_corpus_text by code points, so the code-point
 * offsets are checked too. Stored texts (turns, roles):
 *
 *   interview  Interviewer: Did they take your passport? Tell me.        interviewer
 *              P001: They took my passport at the border. I never saw    participant
 *                    it again. Later a lawyer helped.\n\nWe went to
 *                    court in spring. The judge was kind to me.
 *              Interviewer: And the lawyer?                              interviewer
 *              P001: The lawyer gave legal advice. My passport came back. participant
 *   notes      Field notes. The passport office was closed.              other (no speakers)
 *              Second paragraph about a lawyer.                          other
 *   fg         Moderator: Who has a passport now?                        moderator
 *              Anna: I have my passport. / Bella: No. /                  participants
 *              Carla: Паспорта у меня нет. Я получила справку.
 *   uz         I: Qanday?                                                interviewer
 *              R: Men oʻzim bordim. Keyin oʼzim. Yana o'zim. Yana o‘zim.  participant
 *                 Yana o’zim. Café yopiq.   (written with a decomposed é)
 */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "braid/autocode.h"
#include "braid/codebook.h"
#include "braid/ingest.h"
#include "braid/store.h"

#include <sqlite3.h>

static char path[96], dir[64];
static struct braid_store *st;
static struct braid_err err;

static const struct {
	const char *name, *text;
} files[] = {
	{ "interview.txt",
	  "Interviewer: Did they take your passport? Tell me.\n"
	  "P001: They took my passport at the border. I never saw it again. Later a lawyer "
	  "helped.\n\nWe went to court in spring. The judge was kind to me.\n"
	  "Interviewer: And the lawyer?\n"
	  "P001: The lawyer gave legal advice. My passport came back.\n" },
	{ "notes.txt", "Field notes. The passport office was closed.\n\n"
		       "Second paragraph about a lawyer.\n" },
	{ "fg.txt", "Moderator: Who has a passport now?\nAnna: I have my passport.\nBella: No.\n"
		    "Carla: Паспорта у меня нет. Я получила справку.\n" },
	{ "uz.txt", "I: Qanday?\nR: Men o\u02BBzim bordim. Keyin o\u02BCzim. Yana o'zim. "
		    "Yana o\u2018zim. Yana o\u2019zim. Cafe\xcc\x81 yopiq.\n" },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static int setup(void **state)
{
	struct braid_ingest_opts o = { 0 };
	const char *paths[NFILES];
	char file[NFILES][160];

	snprintf(dir, sizeof(dir), "/tmp/braid-autocode-%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/t.braid", dir);
	mkdir(dir, 0700);
	for (size_t i = 0; i < NFILES; i++) {
		FILE *f;

		snprintf(file[i], sizeof(file[i]), "%s/%s", dir, files[i].name);
		f = fopen(file[i], "w");
		assert_non_null(f);
		fputs(files[i].text, f);
		fclose(f);
		paths[i] = file[i];
	}
	unlink(path);
	braid_err_clear(&err);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	if (braid_ingest(st, paths, NFILES, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
	return 0;
}

static int teardown(void **state)
{
	char p[160];

	braid_store_close(st);
	for (size_t i = 0; i < NFILES; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, files[i].name);
		unlink(p);
	}
	test_remove_project(path);
	rmdir(dir);
	return 0;
}

static void sql(const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(braid_store_db(st), q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
}

static int64_t sql_int(const char *q)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), q, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * Adds a code (parent given by slug, or NULL) with its patterns, separated by
 * '\n' in `patterns` (NULL for none).
 */
static void add_code(const char *slug, const char *name, const char *parent, const char *scope,
		     const char *roles, const char *patterns)
{
	sqlite3 *db = braid_store_db(st);
	sqlite3_stmt *s;
	int64_t id;

	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO codes(slug, name, parent_id, kind, scope, roles)"
					    " VALUES (?1, ?2, (SELECT id FROM codes WHERE slug = ?3),"
					    " 'deductive', ?4, ?5)",
					    -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, roles, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	id = sqlite3_last_insert_rowid(db);
	for (int pos = 0; patterns && *patterns; pos++) {
		const char *nl = strchr(patterns, '\n');
		int len = nl ? (int)(nl - patterns) : (int)strlen(patterns);

		assert_int_equal(sqlite3_prepare_v2(db,
						    "INSERT INTO code_patterns(code_id, position, pattern)"
						    " VALUES (?, ?, ?)",
						    -1, &s, NULL),
				 SQLITE_OK);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, pos);
		sqlite3_bind_text(s, 3, patterns, len, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
		patterns = nl ? nl + 1 : patterns + len;
	}
}

/*
 * The coded texts of a code, "doc:text|doc:text", in document and offset
 * order: each span cut out of the document's text (braid_corpus_text) here,
 * by code points, independently of how listings cut them.
 */
static char *coded(const char *slug)
{
	struct strbuf out = STRBUF_INIT, text = STRBUF_INIT;
	struct braid_err e = BRAID_ERR_INIT;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st),
					    "SELECT d.name, g.start_cp, g.end_cp"
					    " FROM codings g JOIN documents d ON d.id = g.doc_id"
					    " JOIN codes c ON c.id = g.code_id WHERE c.slug = ?"
					    " ORDER BY d.name, g.start_cp",
					    -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t start = (size_t)sqlite3_column_int64(s, 1), end = (size_t)sqlite3_column_int64(s, 2);
		size_t b0, b1;

		strbuf_reset(&text);
		assert_int_equal(braid_corpus_text(st, (const char *)sqlite3_column_text(s, 0), &text, &e), 0);
		b0 = braid_cp_to_byte(text.buf, text.len, start);
		b1 = b0 + braid_cp_to_byte(text.buf + b0, text.len - b0, end - start);
		strbuf_addf(&out, "%s%s:%.*s", out.len ? "|" : "", sqlite3_column_text(s, 0),
			    (int)(b1 - b0), text.buf + b0);
	}
	sqlite3_finalize(s);
	strbuf_release(&text);
	return strbuf_detach(&out, NULL);
}

#define ASSERT_CODED(slug, want)                       \
	do {                                           \
		char *got_ = coded(slug);              \
		assert_string_equal(got_, (want));     \
		free(got_);                            \
	} while (0)

/* What the callback saw: one line per hit, "code doc turn-idx unit-text [match] new". */
struct seen {
	struct strbuf log;
	size_t hits, fresh;
	int stop_after; /* return 1 after this many hits (0: never) */
};

static int on_hit(const struct braid_autocode_hit *h, void *ctx)
{
	struct seen *s = ctx;
	const char *t = h->turn->text;

	assert_true(h->unit_start < h->unit_end);
	assert_true(h->unit_start <= h->match_start && h->match_start < h->unit_end);
	assert_true(h->match_start < h->match_end);
	assert_true(h->start < h->end);
	strbuf_addf(&s->log, "%s %s %lld %.*s [%.*s] %d\n", h->code, h->turn->doc,
		    (long long)h->turn->idx, (int)(h->unit_end - h->unit_start), t + h->unit_start,
		    (int)(h->match_end - h->match_start), t + h->match_start, h->is_new);
	s->hits++;
	s->fresh += (size_t)h->is_new;
	return s->stop_after && s->hits >= (size_t)s->stop_after;
}

/* Runs autocode in a transaction with coder "auto" (or the given options). */
static int run(struct braid_autocode_opts *o, struct seen *seen, struct braid_autocode_stats *stats)
{
	int rc;

	if (!o->coder && !o->preview)
		o->coder = "auto";
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	rc = braid_autocode(st, o, seen ? on_hit : NULL, seen, stats, &err);
	if (rc < 0)
		braid_store_rollback(st);
	else
		assert_int_equal(braid_store_commit(st, &err), 0);
	return rc;
}

static void run_ok(struct braid_autocode_opts *o, struct seen *seen,
		   struct braid_autocode_stats *stats)
{
	int rc = run(o, seen, stats);

	if (rc)
		fail_msg("autocode failed (%d): %s", rc, err.msg);
}

/*
 * The codes' report at the end of a run: "code units created (roles)", then
 * " outside doc:turn role" and " failed-doc:turn: message" when set.
 */
static void on_report(const struct braid_autocode_code *c, void *ctx)
{
	strbuf_addf(ctx, "%s %zu %zu (%s)", c->code, c->units, c->created, c->roles);
	if (c->outside_doc)
		strbuf_addf(ctx, " outside %s:%lld %s", c->outside_doc, (long long)c->outside_turn,
			    c->outside_role);
	if (c->failed)
		strbuf_addf(ctx, " %s:%lld: %s", c->failed_doc, (long long)c->failed_turn, c->failed);
	strbuf_addch(ctx, '\n');
}

/* ---- scopes ---------------------------------------------------------- */

static void test_sentence_scope(void **state)
{
	struct braid_autocode_opts o = { .doc = "interview" };
	struct braid_autocode_stats stats;
	struct seen seen = { STRBUF_INIT, 0, 0, 0 };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport\\w*");
	run_ok(&o, &seen, &stats);
	/* the interviewer's question is not coded; each sentence with a match is */
	ASSERT_CODED("passport", "interview:They took my passport at the border.|"
				 "interview:My passport came back.");
	assert_string_equal(seen.log.buf,
			    "passport interview 2 They took my passport at the border. [passport] 1\n"
			    "passport interview 4 My passport came back. [passport] 1\n");
	assert_int_equal(stats.codes, 1);
	assert_int_equal(stats.patterns, 1);
	assert_int_equal(stats.docs, 1);
	assert_int_equal(stats.turns, 2); /* the two participant turns */
	assert_int_equal(stats.matches, 2);
	assert_int_equal(stats.units, 2);
	assert_int_equal(stats.created, 2);
	assert_int_equal(stats.bytes, 136 + 52);
	assert_int_equal(sql_int("SELECT count(*) FROM codings WHERE origin = 'auto' AND status ="
				 " 'pending' AND coder_id = (SELECT id FROM coders WHERE name = 'auto')"),
			 2);
	/* autocode writes without the schema's CHECKs; they hold again afterwards */
	assert_int_equal(sql_int("PRAGMA ignore_check_constraints"), 0);
	assert_int_not_equal(sqlite3_exec(braid_store_db(st),
					  "INSERT INTO codings(doc_id, start_cp, end_cp, code_id,"
					  " coder_id, origin) VALUES (1, 0, 1, 1, 1, 'bogus')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	strbuf_release(&seen.log);
}

static void test_turn_scope(void **state)
{
	struct braid_autocode_opts o = { .doc = "interview" };
	struct braid_autocode_stats stats;

	/* two matches in the last turn, one unit */
	add_code("legal", "Legal aid", NULL, "turn", "participant", "lawyer\nlegal advice");
	run_ok(&o, NULL, &stats);
	ASSERT_CODED("legal", "interview:They took my passport at the border. I never saw it "
			      "again. Later a lawyer helped.\n\nWe went to court in spring. The "
			      "judge was kind to me.|"
			      "interview:The lawyer gave legal advice. My passport came back.");
	assert_int_equal(stats.patterns, 2);
	assert_int_equal(stats.matches, 3);
	assert_int_equal(stats.units, 2);
	assert_int_equal(stats.created, 2);
}

static void test_paragraph_scope(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct braid_autocode_stats stats;

	add_code("court", "Court", NULL, "paragraph", "participant", "court|judge");
	add_code("border", "Border", NULL, "paragraph", "participant", "border");
	run_ok(&o, NULL, &stats);
	ASSERT_CODED("court", "interview:We went to court in spring. The judge was kind to me.");
	ASSERT_CODED("border", "interview:They took my passport at the border. I never saw it "
			       "again. Later a lawyer helped.");
	assert_int_equal(stats.matches, 3);
	assert_int_equal(stats.units, 2);
}

/* ---- roles ------------------------------------------------------------ */

static void test_roles(void **state)
{
	struct braid_autocode_opts o = { 0 };

	add_code("p-participant", "P participant", NULL, "sentence", "participant", "passport");
	add_code("p-interviewer", "P interviewer", NULL, "sentence", "interviewer", "passport");
	add_code("p-any", "P any", NULL, "sentence", "any", "passport");
	run_ok(&o, NULL, NULL);
	/* participant reaches the text without speakers too (role other: braid_role_matches) */
	ASSERT_CODED("p-participant", "fg:I have my passport.|"
				      "interview:They took my passport at the border.|"
				      "interview:My passport came back.|"
				      "notes:The passport office was closed.");
	/* interviewer reaches the interviewer and the focus group's moderator */
	ASSERT_CODED("p-interviewer", "fg:Who has a passport now?|"
				      "interview:Did they take your passport?");
	/* any reaches every turn */
	ASSERT_CODED("p-any", "fg:Who has a passport now?|fg:I have my passport.|"
			      "interview:Did they take your passport?|"
			      "interview:They took my passport at the border.|"
			      "interview:My passport came back.|"
			      "notes:The passport office was closed.");
}

/* ---- idempotency, rejected codings ---------------------------------- */

/*
 * Codes that coded nothing because of their roles are reported with the
 * first turn that their roles exclude and their patterns match: "office"
 * is only in the notes (no speakers, role other, which an interviewer's
 * rule does not read), "Who has" only in the moderator's question. A code that matched in its own roles, or nowhere,
 * is not reported; nor is one whose patterns match outside its roles once
 * it has coded something.
 */
static void test_outside_roles(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct strbuf rep = STRBUF_INIT;

	add_code("office", "Office", NULL, "sentence", "interviewer", "office");
	add_code("who-has", "Who has", NULL, "sentence", "participant", "who has");
	add_code("lawyer", "Lawyer", NULL, "sentence", "participant", "lawyer");
	add_code("nowhere", "Nowhere", NULL, "sentence", "participant", "zebra");
	add_code("office-any", "Office any", NULL, "sentence", "any", "office");
	o.report = on_report;
	o.report_ctx = &rep;
	run_ok(&o, NULL, NULL);
	assert_string_equal(rep.buf, "office 0 0 (interviewer) outside notes:1 other\n"
				     "who-has 0 0 (participant) outside fg:1 moderator\n"
				     "lawyer 3 3 (participant)\n"
				     "nowhere 0 0 (participant)\n"
				     "office-any 1 1 (any)\n");
	strbuf_release(&rep);
}

static void test_idempotent(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct braid_autocode_stats stats;
	struct seen seen = { STRBUF_INIT, 0, 0, 0 };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	add_code("legal", "Legal", NULL, "turn", "participant", "lawyer");
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.created, 7);
	run_ok(&o, &seen, &stats);
	assert_int_equal(stats.created, 0);
	assert_int_equal(stats.units, 7);
	assert_int_equal(seen.hits, 7);
	assert_int_equal(seen.fresh, 0);
	/* reported in document, turn and code order */
	assert_string_equal(seen.log.buf,
			    "passport fg 2 I have my passport. [passport] 0\n"
			    "passport interview 2 They took my passport at the border. [passport] 0\n"
			    "legal interview 2 They took my passport at the border. I never saw it "
			    "again. Later a lawyer helped.\n\nWe went to court in spring. The judge "
			    "was kind to me. [lawyer] 0\n"
			    "passport interview 4 My passport came back. [passport] 0\n"
			    "legal interview 4 The lawyer gave legal advice. My passport came back. "
			    "[lawyer] 0\n"
			    "passport notes 1 The passport office was closed. [passport] 0\n"
			    "legal notes 2 Second paragraph about a lawyer. [lawyer] 0\n");
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 7);
	/* another coder gets codings of its own */
	o.coder = "robot-2";
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.created, 7);
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 14);
	strbuf_release(&seen.log);
}

static void test_rejected_not_recreated(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct braid_autocode_stats stats;

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.created, 4);
	sql("UPDATE codings SET status = 'rejected' WHERE start_cp = (SELECT min(start_cp)"
	    " FROM codings)");
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.created, 0);
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 4);
	assert_int_equal(sql_int("SELECT count(*) FROM codings WHERE status = 'rejected'"), 1);
}

/* ---- which codes --------------------------------------------------- */

static void test_code_subtree(void **state)
{
	struct braid_autocode_opts o = { .code = "documents" };
	struct braid_autocode_stats stats;

	add_code("documents", "Documents", NULL, "sentence", "participant", NULL);
	add_code("passport", "Passport", "documents", "sentence", "participant", "passport");
	add_code("id-card", "ID card", "passport", "sentence", "participant", "border");
	add_code("legal", "Legal aid", NULL, "turn", "participant", "lawyer");
	add_code("court", "Court", "legal", "paragraph", "participant", "court");
	add_code("old", "Old", "documents", "sentence", "participant", "passport");
	sql("UPDATE codes SET status = 'retired' WHERE slug = 'old'");

	/* by id: the code and its descendants, not the retired one */
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.codes, 2);
	assert_int_equal(sql_int("SELECT count(DISTINCT code_id) FROM codings"), 2);
	ASSERT_CODED("id-card", "interview:They took my passport at the border.");
	ASSERT_CODED("legal", "");
	ASSERT_CODED("old", "");
	/* by name, ignoring case */
	o.code = "LEGAL AID";
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.codes, 2);
	ASSERT_CODED("court", "interview:We went to court in spring. The judge was kind to me.");
	assert_int_equal(sql_int("SELECT count(DISTINCT code_id) FROM codings"), 4);
	/* a leaf */
	sql("DELETE FROM codings");
	o.code = "court";
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.codes, 1);
	assert_int_equal(stats.created, 1);
}

static void test_unknown_code(void **state)
{
	struct braid_autocode_opts o = { .code = "nope" };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	assert_int_equal(run(&o, NULL, NULL), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no code 'nope'");
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 0);
}

static void test_unknown_doc_and_coder(void **state)
{
	struct braid_autocode_opts o = { .doc = "nope" };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	assert_int_equal(run(&o, NULL, NULL), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no document 'nope'");
	/* a coder is required unless previewing */
	o.doc = NULL;
	o.coder = "";
	assert_int_equal(braid_autocode(st, &o, NULL, NULL, NULL, &err), BRAID_EINVAL);
}

static void test_no_rules(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct braid_autocode_stats stats;

	add_code("passport", "Passport", NULL, "sentence", "participant", NULL);
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.codes, 0);
	assert_int_equal(stats.created, 0);
}

/* ---- preview ----------------------------------------------------------- */

static void test_preview(void **state)
{
	struct braid_autocode_opts o = { .preview = 1 };
	struct braid_autocode_stats stats;
	struct seen seen = { STRBUF_INIT, 0, 0, 0 };
	int64_t coders = sql_int("SELECT count(*) FROM coders");

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	/* no coder: nothing is written, every unit is new */
	run_ok(&o, &seen, &stats);
	assert_int_equal(seen.hits, 4);
	assert_int_equal(seen.fresh, 4);
	assert_int_equal(stats.units, 4);
	assert_int_equal(stats.created, 0);
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 0);
	/* a coder the project does not know is not created */
	o.coder = "newbie";
	run_ok(&o, NULL, &stats);
	assert_int_equal(sql_int("SELECT count(*) FROM coders"), coders);

	/* after a real run, the same units are no longer new for that coder */
	o.preview = 0;
	o.coder = "auto";
	o.doc = "fg";
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.created, 1);
	o.preview = 1;
	o.doc = NULL;
	seen.hits = seen.fresh = 0;
	strbuf_reset(&seen.log);
	run_ok(&o, &seen, &stats);
	assert_int_equal(seen.hits, 4);
	assert_int_equal(seen.fresh, 3);
	assert_non_null(strstr(seen.log.buf, "passport fg 2 I have my passport. [passport] 0\n"));
	/* ... but still new for another coder */
	o.coder = "someone-else";
	seen.hits = seen.fresh = 0;
	run_ok(&o, &seen, &stats);
	assert_int_equal(seen.fresh, 4);
	/* and without a coder, coded by anyone counts */
	o.coder = NULL;
	seen.hits = seen.fresh = 0;
	run_ok(&o, &seen, &stats);
	assert_int_equal(seen.fresh, 3);
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 1);
	strbuf_release(&seen.log);
}

/* ---- Unicode ----------------------------------------------------------- */

static void test_unicode(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct braid_autocode_stats stats;
	struct seen seen = { STRBUF_INIT, 0, 0, 0 };

	/* caseless Cyrillic with \w under UCP */
	add_code("passport-ru", "Паспорт", NULL, "sentence", "participant", "паспорт\\w*");
	/* every apostrophe form of Uzbek oʻ */
	add_code("self", "Self", NULL, "sentence", "participant",
		 "\\bo[\u02BB\u02BC'\u2018\u2019]zim\\b");
	/* the document was written decomposed; a precomposed pattern matches the NFC text */
	add_code("cafe", "Café", NULL, "sentence", "participant", "CAFÉ");
	run_ok(&o, &seen, &stats);
	ASSERT_CODED("passport-ru", "fg:Паспорта у меня нет.");
	ASSERT_CODED("self", "uz:Men o\u02BBzim bordim.|uz:Keyin o\u02BCzim.|uz:Yana o'zim.|"
			     "uz:Yana o\u2018zim.|uz:Yana o\u2019zim.");
	ASSERT_CODED("cafe", "uz:Café yopiq.");
	assert_non_null(strstr(seen.log.buf, "passport-ru fg 4 Паспорта у меня нет. [Паспорта] 1\n"));
	assert_int_equal(stats.created, 7);
	/* code points, not bytes: the Cyrillic turn starts at code point 82 */
	assert_int_equal(sql_int("SELECT start_cp FROM codings g JOIN codes c ON c.id = g.code_id"
				 " WHERE c.slug = 'passport-ru'"),
			 82);
	strbuf_release(&seen.log);
}

/* ---- bad patterns -------------------------------------------------- */

static void test_bad_pattern(void **state)
{
	struct braid_autocode_opts o = { 0 };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	add_code("broken", "Broken", NULL, "sentence", "participant", "fine\nbad (unclosed");
	assert_int_equal(run(&o, NULL, NULL), BRAID_EINVAL);
	assert_string_equal(err.msg, "code 'broken': bad pattern 'bad (unclosed' at offset 13: "
				     "missing closing parenthesis");
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 0);
	/* a pattern cannot break out of its group in the combination */
	sql("DELETE FROM code_patterns WHERE code_id = (SELECT id FROM codes WHERE slug = 'broken')");
	add_code("escape", "Escape", NULL, "sentence", "participant", "a)|(b");
	assert_int_equal(run(&o, NULL, NULL), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "code 'escape': bad pattern 'a)|(b' at offset 1: "));
}

/*
 * A pattern that backtracks without end fails within PCRE2's match limit,
 * naming the code, the pattern (of two), the document, the turn and its
 * speaker; with skip_failing the code is dropped and the others go on.
 * "(\w+\s?)*!" tries every way of cutting a run of words into pieces,
 * with no "!" to end it: thousands for Carla's first sentence, at each of
 * its letters (Anna's "I have my passport." is short enough to get by).
 */
static void test_failing_pattern(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct strbuf rep = STRBUF_INIT;

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	add_code("slow", "Slow", NULL, "sentence", "participant", "court\n(\\w+\\s?)*!");
	assert_int_equal(run(&o, NULL, NULL), BRAID_EINVAL);
	assert_string_equal(err.msg, "code 'slow': pattern '(\\w+\\s?)*!' failed in 'fg', turn 4 "
				     "(Carla): match limit exceeded (it backtracks too much on "
				     "this text: a repetition inside a repetition?)");
	assert_int_equal(err.hint, BRAID_HINT_SKIP_FAILING);
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 0);

	/* the other code runs to the end; the failing one is reported, with where it failed */
	o.skip_failing = 1;
	o.report = on_report;
	o.report_ctx = &rep;
	braid_err_clear(&err);
	run_ok(&o, NULL, NULL);
	ASSERT_CODED("passport", "fg:I have my passport.|interview:They took my passport at the "
				 "border.|interview:My passport came back.|notes:The passport office "
				 "was closed.");
	ASSERT_CODED("slow", "");
	assert_string_equal(rep.buf, "passport 4 4 (participant)\n"
				     "slow 0 0 (participant) fg:4: code 'slow': pattern '(\\w+\\s?)*!' failed "
				     "in 'fg', turn 4 (Carla): match limit exceeded (it backtracks "
				     "too much on this text: a repetition inside a repetition?)\n");
	assert_int_equal(err.code, 0);
	strbuf_release(&rep);
}

/* A numbered back reference counts the groups of its own pattern. */
static void test_back_reference(void **state)
{
	struct braid_autocode_opts o = { .doc = "interview" };

	/* "took" has a doubled o; without a branch reset \1 would be the first pattern's group */
	add_code("double", "Double", NULL, "sentence", "participant", "zzz(q)\n(o)\\1k");
	run_ok(&o, NULL, NULL);
	ASSERT_CODED("double", "interview:They took my passport at the border.");
}

/* ---- the \b hoist ---------------------------------------------------- */

static void check_regex(const char *const *patterns, size_t n, const char *want)
{
	struct strbuf out = STRBUF_INIT;

	braid_autocode_regex(patterns, n, &out);
	assert_string_equal(out.buf, want);
	strbuf_release(&out);
}

#define REGEX(want, ...)                                                                    \
	do {                                                                                \
		static const char *const p_[] = { __VA_ARGS__ };                            \
		check_regex(p_, sizeof(p_) / sizeof(p_[0]), (want));                        \
	} while (0)

/* The leading \b of every alternative moves in front of the regex, or nothing changes. */
static void test_regex_text(void **state)
{
	REGEX("single", "single");
	REGEX("(?:one)|(?:two)", "one", "two");
	REGEX("\\b(?:(?:court)|(?:judges?\\b))", "\\bcourt", "\\bjudges?\\b");
	REGEX("\\b(?:(?:single\\b))", "\\bsingle\\b");
	/* after lookarounds and option settings, inside leading groups */
	REGEX("\\b(?:(?:(?<!my )passport))", "(?<!my )\\bpassport");
	REGEX("\\b(?:(?:(?=\\w)(?i)pass))", "(?=\\w)(?i)\\bpass");
	REGEX("\\b(?:(?:(foo|bar)baz|qux))", "(\\bfoo|\\bbar)baz|\\bqux");
	REGEX("\\b(?:(?:(?<n>foo|(?:bar))x))", "(?<n>\\bfoo|(?:\\bbar))x");
	/* a branch reset for a later pattern's back reference, hoisted too */
	REGEX("\\b(?|(?:zzz(q))|(?:t(o)\\1k))", "\\bzzz(q)", "\\bt(o)\\1k");
	REGEX("(?|(?:zzz(q))|(?:(o)\\1k))", "zzz(q)", "(o)\\1k");
	/* not every alternative starts with \b: left as written */
	REGEX("(?:\\bzzz)|(?:assport)", "\\bzzz", "assport");
	REGEX("\\bfoo|bar", "\\bfoo|bar");
	REGEX("(\\bfoo)?bar", "(\\bfoo)?bar");   /* an optional group */
	REGEX("[\\b]x|\\bnever", "[\\b]x|\\bnever"); /* [\b] is a backspace */
	REGEX("\\\\bx", "\\\\bx");                   /* an escaped backslash, then b */
	/* syntax the analysis does not follow: left as written */
	REGEX("(?x) \\b l a w", "(?x) \\b l a w");
	REGEX("\\Q(\\E|\\bkind", "\\Q(\\E|\\bkind");
	REGEX("(*UCP)\\bkind", "(*UCP)\\bkind");
	REGEX("\\bfoo(?x) # | (\n|\\bbar", "\\bfoo(?x) # | (\n|\\bbar");
}

/* What the rewritten regexes match is what the patterns as written match. */
static void test_regex_semantics(void **state)
{
	struct braid_autocode_opts o = { .doc = "interview" };

	add_code("mid", "Mid", NULL, "sentence", "participant", "\\bzzz\nassport");
	add_code("look", "Look", NULL, "sentence", "any", "(?<!my )\\bpassport");
	add_code("opt", "Opt", NULL, "sentence", "participant", "(\\bfoo)?assport");
	add_code("cls", "Cls", NULL, "sentence", "participant", "[\\b]x|\\bnever");
	add_code("nested", "Nested", NULL, "sentence", "participant", "(?:\\bwent|\\bsaw)\\b");
	add_code("ext", "Ext", NULL, "sentence", "participant", "(?x) \\b l a w y e r");
	add_code("quote", "Quote", NULL, "sentence", "participant", "\\Q(\\E|\\bkind");
	add_code("reset", "Reset", NULL, "sentence", "participant", "\\bzzz(q)\n\\bt(o)\\1k");
	add_code("inword", "In word", NULL, "sentence", "participant", "\\bawyer");
	run_ok(&o, NULL, NULL);
	ASSERT_CODED("mid", "interview:They took my passport at the border.|"
			    "interview:My passport came back.");
	ASSERT_CODED("look", "interview:Did they take your passport?");
	ASSERT_CODED("opt", "interview:They took my passport at the border.|"
			    "interview:My passport came back.");
	ASSERT_CODED("cls", "interview:I never saw it again.");
	ASSERT_CODED("nested", "interview:I never saw it again.|"
			       "interview:We went to court in spring.");
	ASSERT_CODED("ext", "interview:Later a lawyer helped.|"
			    "interview:The lawyer gave legal advice.");
	ASSERT_CODED("quote", "interview:The judge was kind to me.");
	ASSERT_CODED("reset", "interview:They took my passport at the border.");
	ASSERT_CODED("inword", "");
}

/* ---- rules from a codebook ---------------------------------------- */

static void test_codebook_rules(void **state)
{
	char *pats[] = { "border" }, *ghost_pats[] = { "x" };
	struct braid_code codes[2] = {
		{ .id = "passport", .name = "Passport", .patterns = pats, .npatterns = 1,
		  .scope = BRAID_SCOPE_TURN, .roles = BRAID_ROLES_PARTICIPANT },
		{ .id = "ghost", .name = "Ghost", .patterns = ghost_pats, .npatterns = 1 },
	};
	struct braid_codebook cb = { .name = "Book", .codes = codes, .ncodes = 1 };
	struct braid_autocode_opts o = { .codebook = &cb };
	struct braid_autocode_stats stats;

	/* the project's own rule for the code says "passport", sentence scope */
	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	run_ok(&o, NULL, &stats);
	assert_int_equal(stats.codes, 1);
	ASSERT_CODED("passport", "interview:They took my passport at the border. I never saw it "
				 "again. Later a lawyer helped.\n\nWe went to court in spring. The "
				 "judge was kind to me.");
	/* a codebook code the project does not have */
	cb.ncodes = 2;
	assert_int_equal(run(&o, NULL, NULL), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "code 'ghost' of codebook 'Book' is not in the project: "
				     "import the codebook first");
}

/* ---- progress, the callback stopping ------------------------------ */

struct prog {
	size_t calls, finished;
	uint64_t items, bytes, bytes_total, items_total;
};

static void on_progress(const struct braid_progress *p, void *ctx)
{
	struct prog *pr = ctx;

	assert_string_equal(p->what, "autocode");
	assert_true(p->bytes_done <= p->bytes_total);
	pr->calls++;
	pr->finished += (size_t)p->finished;
	pr->items = p->items_done;
	pr->items_total = p->items_total;
	pr->bytes = p->bytes_done;
	pr->bytes_total = p->bytes_total;
}

static void test_progress(void **state)
{
	struct prog pr = { 0 };
	struct braid_autocode_opts o = { .progress = on_progress, .progress_ctx = &pr };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	run_ok(&o, NULL, NULL);
	assert_int_equal(pr.calls, 4);
	assert_int_equal(pr.finished, 1);
	assert_int_equal(pr.items, 4);
	assert_int_equal(pr.items_total, 4);
	assert_int_equal(pr.bytes, pr.bytes_total);
	assert_int_equal(pr.bytes_total,
			 sql_int("SELECT sum(chars) FROM documents"));
}

static void test_callback_stops(void **state)
{
	struct braid_autocode_opts o = { 0 };
	struct seen seen = { STRBUF_INIT, 0, 0, 1 };

	add_code("passport", "Passport", NULL, "sentence", "participant", "passport");
	assert_int_equal(run(&o, &seen, NULL), 1);
	assert_int_equal(seen.hits, 1);
	/* what was written before the stop stays */
	assert_int_equal(sql_int("SELECT count(*) FROM codings"), 1);
	strbuf_release(&seen.log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sentence_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_turn_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paragraph_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rejected_not_recreated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_code_subtree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_doc_and_coder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preview, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unicode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pattern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_pattern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_reference, setup, teardown),
		cmocka_unit_test(test_regex_text),
		cmocka_unit_test_setup_teardown(test_regex_semantics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_codebook_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callback_stops, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
