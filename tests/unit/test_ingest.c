/*
 * test_ingest.c - which files ingest reads (paths, lists), and replacing a
 * document's text with a corrected transcript (ingest --replace): codings
 * carried, removed and merged, with offsets worked out by hand; undo and
 * redo of it.
 */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/store.h"

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

	/* exclude patterns: a name, a glob, a directory by name or path, the path given too */
	{
		static const char *const ex[] = { "a.txt", "*.md", "d" };
		static const char *const ex2[] = { "*/b", "m.*" };

		p.exclude = ex;
		p.nexclude = 3;
		assert_int_equal(braid_ingest_paths(&p, dir, &err), 0);
		paths_are(&p, (const char *const[]){ "b/c.VTT", "m.markdown", "n.srt" }, 3);
		assert_int_equal(p.excluded, 3);
		braid_paths_release(&p);
		p.exclude = ex2;
		p.nexclude = 2;
		assert_int_equal(braid_ingest_paths(&p, dir, &err), 0);
		paths_are(&p, (const char *const[]){ "a.txt", "n.srt" }, 2);
		braid_paths_release(&p);
		snprintf(list, sizeof(list), "%s/b/", dir);
		assert_int_equal(braid_ingest_paths(&p, list, &err), 0);
		assert_int_equal(p.n, 0);
		assert_int_equal(p.excluded, 1);
		braid_paths_release(&p);
		p.exclude = NULL;
		p.nexclude = 0;
	}

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

/* ---- ingest --replace ---- */

static char proj[64], f_old[64], f_new[64], f_other[64];
static struct braid_store *st;
static struct braid_err err;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/*
 * The transcript before and after correction (files in UTF-8, text stored
 * NFC). Before, in code points (Python's len() agrees):
 *   "Мария: " 0-7, "Я получила письмо вчера. Юрист помог мне." 7-48:
 *     письмо 18-24, вчера 25-30, "Юрист помог мне." 32-48
 *   "\n\n", "Иван: " 50-56, "Кафе́ было закрыто в café. Мы ждали." 56-92:
 *     "Кафе́" is 5 (Cyrillic е + U+0301, which has no precomposed form),
 *     "Кафе́ было закрыто" 56-74, "café" 77-81 (written e + U+0301 in the
 *     file, one code point é in NFC), "Мы ждали" 83-91, "ждали" 86-91
 *   "\n\n", "Мария: " 94-101, "Знак q̣̇ остался." 101-118:
 *     q + U+0323 + U+0307 (no precomposed form either) 106-109,
 *     остался 110-117
 * After (109): "наконец " inserted at 9, "вчера" -> "позавчера",
 * "Юрист помог мне." deleted, "закрыто" -> "открыто", "café" written
 * precomposed, ". Мы" -> ",", the dot below deleted:
 *   письмо 26-32, позавчера 33-42 | "Кафе́ было открыто" 51-69, café 72-76,
 *   ждали 78-83 | q̇ 98-100, остался 101-108
 */
#define OLD_TEXT                                                                                 \
	"Мария: Я получила письмо вчера. Юрист помог мне.\n"                                      \
	"Иван: Кафе\xcc\x81 было закрыто в cafe\xcc\x81. Мы ждали.\n"                              \
	"Мария: Знак q\xcc\xa3\xcc\x87 остался.\n"
#define NEW_TEXT                                                                                 \
	"Мария: Я наконец получила письмо позавчера.\n"                                           \
	"Иван: Кафе\xcc\x81 было открыто в caf\xc3\xa9, ждали.\n"                                  \
	"Мария: Знак q\xcc\x87 остался.\n"

/* A new project holding the old file, and the new file beside it. */
static void new_project(const char *old_text, const char *new_text)
{
	const char *paths[1] = { f_old };
	struct braid_ingest_opts o = { .language = "ru" };

	snprintf(proj, sizeof(proj), "/tmp/braid-replace-%d.braid", (int)getpid());
	snprintf(f_old, sizeof(f_old), "/tmp/braid-replace-%d-old.txt", (int)getpid());
	snprintf(f_new, sizeof(f_new), "/tmp/braid-replace-%d-new.txt", (int)getpid());
	snprintf(f_other, sizeof(f_other), "/tmp/braid-replace-%d-other.txt", (int)getpid());
	test_remove_project(proj);
	write_file(f_old, old_text);
	write_file(f_new, new_text);
	assert_int_equal(braid_store_create(proj, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
}

static int replace_setup(void **state)
{
	new_project(OLD_TEXT, NEW_TEXT);
	return 0;
}

static int replace_teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(proj);
	unlink(f_old);
	unlink(f_new);
	unlink(f_other);
	return 0;
}

/* The document's name: the old file's name without its extension. */
static const char *doc_name(void)
{
	static char name[64];
	const char *base = strrchr(f_old, '/') + 1;

	snprintf(name, sizeof(name), "%.*s", (int)(strrchr(base, '.') - base), base);
	return name;
}

/* Codes a span in its own change (so that undo takes the replace alone). */
static int64_t code_span(const char *code, const char *coder, int64_t s, int64_t e)
{
	struct braid_coding_new c = { .doc = doc_name(), .start = s, .end = e, .code = code,
				       .coder = coder };
	int64_t id, code_id;
	int created;

	assert_int_equal(braid_store_begin(st, "tester", "code add", &err), 0);
	if (braid_code_find(st, code, &code_id, &err)) {
		struct braid_code_new n = { .name = code, .coder = coder, .kind = BRAID_INDUCTIVE };

		assert_int_equal(braid_code_create(st, &n, &code_id, &err), 0);
	}
	if (braid_coding_add(st, &c, &id, &created, &err))
		fail_msg("code %s %lld-%lld: %s", code, (long long)s, (long long)e, err.msg);
	assert_true(created);
	assert_int_equal(braid_store_commit(st, &err), 0);
	return id;
}

static void memo_on(int64_t coding, const char *text)
{
	char on[32];
	int64_t id;

	snprintf(on, sizeof(on), "segment:%lld", (long long)coding);
	assert_int_equal(braid_store_begin(st, "tester", "memo add", &err), 0);
	assert_int_equal(braid_memo_add(st, on, NULL, "ana", text, &id, &err), 0);
	assert_int_equal(braid_store_commit(st, &err), 0);
}

/* One integer from SQL (with ?1 bound to a), or fails. */
static int64_t sql_int(const char *sql, int64_t a)
{
	sqlite3_stmt *s;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, a);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* "start-end" of a coding, or "gone". */
static const char *span_of(int64_t id)
{
	static char buf[64];
	sqlite3_stmt *s;

	sqlite3_prepare_v2(braid_store_db(st), "SELECT start_cp, end_cp FROM codings WHERE id = ?",
			   -1, &s, NULL);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(buf, sizeof(buf), "%lld-%lld", (long long)sqlite3_column_int64(s, 0),
			 (long long)sqlite3_column_int64(s, 1));
	else
		snprintf(buf, sizeof(buf), "gone");
	sqlite3_finalize(s);
	return buf;
}

static int64_t fts_hits(const char *word)
{
	sqlite3_stmt *s;
	int64_t n;

	sqlite3_prepare_v2(braid_store_db(st), "SELECT count(*) FROM turns_fts WHERE turns_fts MATCH ?",
			   -1, &s, NULL);
	sqlite3_bind_text(s, 1, word, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static void text_is(const char *want_file_text)
{
	struct strbuf t = STRBUF_INIT;
	int64_t id;

	assert_int_equal(braid_doc_find(st, doc_name(), &id, &err), 0);
	assert_int_equal(braid_corpus_text_of(st, id, &t, &err), 0);
	assert_string_equal(t.buf, want_file_text);
	strbuf_release(&t);
}

static const char *last_audit(void)
{
	static char buf[1024];
	sqlite3_stmt *s;

	sqlite3_prepare_v2(braid_store_db(st), "SELECT detail FROM audit ORDER BY id DESC LIMIT 1",
			   -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

static void history_as(const char *person, int redo)
{
	struct braid_history_result res;

	assert_int_equal(braid_store_begin(st, person, redo ? "redo" : "undo", &err), 0);
	if ((redo ? braid_redo : braid_undo)(st, 1, &res, &err))
		fail_msg("%s: %s", redo ? "redo" : "undo", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
}

static void history(int redo)
{
	history_as("tester", redo);
}

/* The stored rendering of OLD_TEXT and NEW_TEXT (NFC, turns joined by a blank line). */
#define OLD_STORED                                                                               \
	"Мария: Я получила письмо вчера. Юрист помог мне.\n\n"                                    \
	"Иван: Кафе\xcc\x81 было закрыто в caf\xc3\xa9. Мы ждали.\n\n"                              \
	"Мария: Знак q\xcc\xa3\xcc\x87 остался."
#define NEW_STORED                                                                               \
	"Мария: Я наконец получила письмо позавчера.\n\n"                                         \
	"Иван: Кафе\xcc\x81 было открыто в caf\xc3\xa9, ждали.\n\n"                                 \
	"Мария: Знак q\xcc\x87 остался."

static void test_replace(void **state)
{
	struct braid_ingest_opts o = { 0 };
	struct braid_replace_report rep;
	int64_t doc_id, c[10], turns_before;

	assert_int_equal(braid_doc_find(st, doc_name(), &doc_id, &err), 0);
	text_is(OLD_STORED);
	c[1] = code_span("letter", "ana", 18, 24); /* письмо: unchanged, shifted by 8 */
	c[2] = code_span("time", "ana", 25, 30);   /* вчера -> позавчера */
	c[3] = code_span("help", "ben", 32, 48);   /* the deleted sentence */
	c[4] = code_span("place", "ana", 56, 74);  /* закрыто -> открыто */
	c[5] = code_span("time", "ana", 77, 81);   /* café, precomposed now: unchanged */
	c[6] = code_span("sign", "ana", 106, 109); /* q̣̇ -> q̇ */
	c[7] = code_span("sign", "ben", 110, 117); /* остался: unchanged */
	c[8] = code_span("wait", "ana", 83, 91);   /* "Мы ждали" -> "ждали" ... */
	c[9] = code_span("wait", "ana", 86, 91);   /* ... where this one is: merged into c8 */
	memo_on(c[3], "why the lawyer");
	memo_on(c[9], "waiting at the door");
	turns_before = sql_int("SELECT max(id) FROM turns", 0);
	assert_int_equal(fts_hits("Юрист"), 1);

	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	if (braid_ingest_replace(st, doc_name(), f_new, &o, NULL, NULL, &rep, &err))
		fail_msg("replace: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);

	/* the report */
	assert_false(rep.same);
	assert_int_equal(rep.doc_id, doc_id);
	assert_string_equal(rep.name, doc_name());
	assert_int_equal(rep.old_chars, 118);
	assert_int_equal(rep.new_chars, 109);
	assert_int_equal(rep.unchanged, 3);
	assert_int_equal(rep.nchanged, 4);
	assert_int_equal(rep.changed[0].id, c[2]);
	assert_int_equal(rep.changed[0].start, 33);
	assert_int_equal(rep.changed[0].end, 42);
	assert_string_equal(rep.changed[0].old_text, "вчера");
	assert_string_equal(rep.changed[0].text, "позавчера");
	assert_string_equal(rep.changed[0].code, "time");
	assert_string_equal(rep.changed[0].coder, "ana");
	assert_string_equal(rep.changed[1].text, "Кафе\xcc\x81 было открыто");
	assert_string_equal(rep.changed[2].old_text, "q\xcc\xa3\xcc\x87");
	assert_string_equal(rep.changed[2].text, "q\xcc\x87");
	assert_string_equal(rep.changed[3].text, "ждали");
	assert_int_equal(rep.nremoved, 1);
	assert_int_equal(rep.removed[0].id, c[3]);
	assert_string_equal(rep.removed[0].old_text, "Юрист помог мне.");
	assert_string_equal(rep.removed[0].code, "help");
	assert_string_equal(rep.removed[0].coder, "ben");
	assert_null(rep.removed[0].text);
	assert_int_equal(rep.removed[0].memos, 1);
	assert_int_equal(rep.memos_removed, 1);
	assert_int_equal(rep.nmerged, 1);
	assert_int_equal(rep.merged[0].id, c[9]);
	assert_int_equal(rep.merged[0].into, c[8]);
	assert_int_equal(rep.merged[0].memos, 1);
	braid_replace_report_release(&rep);

	/* the project: text, spans, memos, document row, turns, search index, audit */
	text_is(NEW_STORED);
	assert_string_equal(span_of(c[1]), "26-32");
	assert_string_equal(span_of(c[2]), "33-42");
	assert_string_equal(span_of(c[3]), "gone");
	assert_string_equal(span_of(c[4]), "51-69");
	assert_string_equal(span_of(c[5]), "72-76");
	assert_string_equal(span_of(c[6]), "98-100");
	assert_string_equal(span_of(c[7]), "101-108");
	assert_string_equal(span_of(c[8]), "78-83");
	assert_string_equal(span_of(c[9]), "gone");
	assert_int_equal(sql_int("SELECT count(*) FROM memos WHERE coding_id = ?1", c[8]), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM memos", 0), 1);
	assert_int_equal(sql_int("SELECT chars FROM documents WHERE id = ?1", doc_id), 109);
	assert_int_equal(sql_int("SELECT count(*) FROM documents WHERE id = ?1 AND language = 'ru'"
				 " AND kind = 'interview' AND source LIKE '%-new.txt'",
				 doc_id),
			 1);
	assert_int_equal(sql_int("SELECT count(*) FROM turns WHERE doc_id = ?1", doc_id), 3);
	assert_true(sql_int("SELECT min(id) FROM turns", 0) > turns_before); /* new rows */
	assert_int_equal(sql_int("SELECT count(*) FROM speakers WHERE doc_id = ?1", doc_id), 2);
	assert_int_equal(fts_hits("Юрист"), 0);
	assert_int_equal(fts_hits("позавчера"), 1);
	assert_non_null(strstr(last_audit(), "codings 3 unchanged, 4 changed (#2, #4, #6, #8), "
					     "1 removed (#3; with 1 memo), 1 merged (#9 into #8)"));

	/* undo brings everything back exactly; redo applies it again */
	history(0);
	text_is(OLD_STORED);
	assert_string_equal(span_of(c[2]), "25-30");
	assert_string_equal(span_of(c[3]), "32-48");
	assert_string_equal(span_of(c[8]), "83-91");
	assert_string_equal(span_of(c[9]), "86-91");
	assert_int_equal(sql_int("SELECT count(*) FROM memos WHERE coding_id = ?1", c[3]), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM memos WHERE coding_id = ?1", c[9]), 1);
	assert_int_equal(sql_int("SELECT chars FROM documents WHERE id = ?1", doc_id), 118);
	assert_int_equal(fts_hits("Юрист"), 1);
	assert_int_equal(fts_hits("позавчера"), 0);
	history(1);
	text_is(NEW_STORED);
	assert_string_equal(span_of(c[2]), "33-42");
	assert_string_equal(span_of(c[9]), "gone");
	assert_int_equal(fts_hits("позавчера"), 1);
}

static void test_replace_same_and_refused(void **state)
{
	struct braid_ingest_opts o = { 0 }, named = { .name = "x" };
	struct braid_replace_report rep;
	int64_t audit = sql_int("SELECT max(id) FROM audit", 0);
	const char *paths[1] = { f_other };

	/* the same text (the old file again): nothing changes, no audit row */
	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	assert_int_equal(braid_ingest_replace(st, doc_name(), f_old, &o, NULL, NULL, &rep, &err), 0);
	assert_true(rep.same);
	assert_int_equal(rep.unchanged + rep.nchanged + rep.nremoved, 0);
	braid_replace_report_release(&rep);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(sql_int("SELECT max(id) FROM audit", 0), audit);

	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	assert_int_equal(braid_ingest_replace(st, "nosuch", f_new, &o, NULL, NULL, &rep, &err),
			 BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no document 'nosuch'");
	assert_int_equal(braid_ingest_replace(st, doc_name(), f_new, &named, NULL, NULL, &rep, &err),
			 BRAID_EINVAL);
	/* content that another document has */
	write_file(f_other, "Someone: entirely other words.\n");
	assert_int_equal(braid_ingest(st, paths, 1, &o, NULL, NULL, &err), 0);
	assert_int_equal(braid_ingest_replace(st, doc_name(), f_other, &o, NULL, NULL, &rep, &err),
			 BRAID_EEXIST);
	assert_int_equal(err.hint, BRAID_HINT_FORCE);
	braid_replace_report_release(&rep);
	braid_store_rollback(st);
}

/*
 * Two codings of one code and coder on "lawyer" (3-9 and 14-20 of "P:
 * lawyer and lawyer again."); "a good one " (11) inserted before them moves
 * the first onto the second's old span (14-20) and the second to 25-31. The
 * replace, its undo and its redo must never meet the unique key.
 */
static void test_replace_chain(void **state)
{
	struct braid_ingest_opts o = { 0 };
	struct braid_replace_report rep;
	int64_t a, b;

	braid_store_close(st);
	new_project("P: lawyer and lawyer again.\n", "P: a good one lawyer and lawyer again.\n");
	a = code_span("legal", "ana", 3, 9);
	b = code_span("legal", "ana", 14, 20);
	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	if (braid_ingest_replace(st, doc_name(), f_new, &o, NULL, NULL, &rep, &err))
		fail_msg("replace: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(rep.unchanged, 2);
	braid_replace_report_release(&rep);
	assert_string_equal(span_of(a), "14-20");
	assert_string_equal(span_of(b), "25-31");
	history(0);
	assert_string_equal(span_of(a), "3-9");
	assert_string_equal(span_of(b), "14-20");
	history(1);
	assert_string_equal(span_of(a), "14-20");
	assert_string_equal(span_of(b), "25-31");
}

/*
 * Another coder codes the corrected text: undoing the replacement would
 * leave that coding on offsets of a text that is gone. Its reference to the
 * text's revision (documents.rev) makes that a conflict like any other:
 * refused, naming the change, until that coding is undone; the same for redo.
 */
static void test_replace_undo_refused(void **state)
{
	struct braid_ingest_opts o = { 0 };
	struct braid_replace_report rep;
	struct braid_coding_new c = { .doc = doc_name(), .start = 9, .end = 16, .code = "late",
				       .coder = "ben" }; /* "наконец", only in the new text */
	struct braid_code_new n = { .name = "late", .coder = "ben", .kind = BRAID_INDUCTIVE };
	struct braid_history_result res;
	int64_t id;
	int created;

	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	assert_int_equal(braid_ingest_replace(st, doc_name(), f_new, &o, NULL, NULL, &rep, &err), 0);
	braid_replace_report_release(&rep);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(braid_store_begin(st, "ben", "code add", &err), 0);
	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	assert_int_equal(braid_store_commit(st, &err), 0);

	assert_int_equal(braid_store_begin(st, "tester", "undo", &err), 0);
	assert_int_equal(braid_undo(st, 1, &res, &err), BRAID_EEXIST);
	assert_non_null(strstr(err.msg, "(code add by ben at "));
	assert_non_null(strstr(err.msg, "made coding #"));
	assert_non_null(strstr(err.msg, "which depends on what this would undo"));
	braid_store_rollback(st);
	text_is(NEW_STORED);

	history_as("ben", 0);
	history_as("tester", 0);
	text_is(OLD_STORED);
	/* ben codes the old text again: redoing the replacement is refused the same way */
	c.start = 0;
	c.end = 5; /* "Мария" */
	assert_int_equal(braid_store_begin(st, "ben", "code add", &err), 0);
	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "redo", &err), 0);
	assert_int_equal(braid_redo(st, 1, &res, &err), BRAID_EEXIST);
	braid_store_rollback(st);
	text_is(OLD_STORED);
}

/*
 * Many distinct speakers: each turn goes to its own speaker (looked up by a
 * hash now, not a scan of the speakers per turn), the pseudo-speaker apart,
 * and each participant of the focus group gets a case of its own.
 */
static void test_many_speakers(void **state)
{
	enum { N = 3000 };
	const char *paths[1] = { f_other };
	struct braid_ingest_opts o = { 0 };
	FILE *f;

	f = fopen(f_other, "w");
	assert_non_null(f);
	fputs("A line before any label.\n", f);
	for (int i = 0; i < N; i++)
		fprintf(f, "Speaker %d: a%d\n", i, i);
	for (int i = N; i-- > 0;)
		fprintf(f, "Speaker %d: a%d\n", i, i);
	fclose(f);
	assert_int_equal(braid_store_begin(st, "tester", "ingest", &err), 0);
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	assert_int_equal(braid_store_commit(st, &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM speakers"
				 " WHERE doc_id = (SELECT max(id) FROM documents)", 0),
			 N + 1);
	/* every turn's utterance "aK" is Speaker K's; the pseudo-speaker has the line before */
	assert_int_equal(sql_int("SELECT count(*) FROM turns t JOIN speakers s ON s.id = t.speaker_id"
				 " JOIN turn_texts x ON x.id = t.id"
				 " WHERE t.doc_id = (SELECT max(id) FROM documents) AND s.label != '(text)'"
				 " AND 'Speaker ' || substr(x.text, 2) = s.label", 0),
			 2 * N);
	assert_int_equal(sql_int("SELECT count(*) FROM turns t JOIN speakers s ON s.id = t.speaker_id"
				 " WHERE t.doc_id = (SELECT max(id) FROM documents) AND s.label = '(text)'",
				 0),
			 1);
	assert_int_equal(sql_int("SELECT count(*) FROM cases WHERE name LIKE '%-other:Speaker %'", 0),
			 N);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths, paths_setup, paths_teardown),
		cmocka_unit_test_setup_teardown(test_replace, replace_setup, replace_teardown),
		cmocka_unit_test_setup_teardown(test_replace_same_and_refused, replace_setup,
						replace_teardown),
		cmocka_unit_test_setup_teardown(test_replace_chain, replace_setup, replace_teardown),
		cmocka_unit_test_setup_teardown(test_replace_undo_refused, replace_setup,
						replace_teardown),
		cmocka_unit_test_setup_teardown(test_many_speakers, replace_setup, replace_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
