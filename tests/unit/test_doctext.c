/*
 * test_doctext.c - the span reader against the whole rendering: every span
 * of small documents (labels, blank lines, Cyrillic, combining marks, a
 * four-byte emoji, a document without speakers), in forward and in random
 * order, and the turn at every position.
 */
#include "testutil.h"

#include <sqlite3.h>

#include "braid/corpus.h"
#include "braid/doctext.h"
#include "braid/ingest.h"
#include "braid/store.h"
#include "braid/text.h"

static char path[64], src[2][64];
static struct braid_store *st;
static struct braid_err err;

/*
 * An interview whose first paragraph has no label (a "(text)" turn with no
 * label in the rendering), Cyrillic labels and text, "e" + U+0301 (composed
 * to "é" by NFC) and "o" + U+0302 + U+0323 (NFC: U+1ED9, one code point),
 * "a" + U+0332 (no composition: two code points), an emoji (four bytes) and
 * a turn of two paragraphs.
 */
static const char interview[] =
	"Интервью 3, весна.\n"
	"Анна: Привет! Как дела?\n"
	"Борис: Хорошо. Cafe\xcc\x81, o\xcc\x82\xcc\xa3 and a\xcc\xb2 \xf0\x9f\x91\x8d.\n"
	"\n"
	"Второй абзац.\n"
	"Анна: Ну и?\n"
	"Борис: Всё.\n";

static const char notes[] = "First paragraph.\n\nВторой абзац, e\xcc\x81.\n\nThird.\n";

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	struct braid_ingest_opts o = { .case_name = "P001" };
	const char *paths[1];

	snprintf(path, sizeof(path), "/tmp/braid-doctext-%d.braid", (int)getpid());
	snprintf(src[0], sizeof(src[0]), "/tmp/braid-doctext-%d-int.txt", (int)getpid());
	snprintf(src[1], sizeof(src[1]), "/tmp/braid-doctext-%d-notes.txt", (int)getpid());
	test_remove_project(path);
	write_file(src[0], interview);
	write_file(src[1], notes);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	paths[0] = src[0];
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	o = (struct braid_ingest_opts){ .kind = "document" };
	paths[0] = src[1];
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(src[0]);
	unlink(src[1]);
	return 0;
}

/* The whole rendering, and the byte offset of every code point in it. */
struct oracle {
	struct strbuf text;
	size_t *byte; /* chars + 1 entries */
	int64_t chars;
	int64_t tstart[16], tidx[16];
	char tspeaker[16][32];
	int nturns;
};

static int oracle_turn(const struct braid_turn_row *r, void *ctx)
{
	struct oracle *o = ctx;

	assert_true(o->nturns < 16);
	o->tstart[o->nturns] = r->start;
	o->tidx[o->nturns] = r->idx;
	snprintf(o->tspeaker[o->nturns], sizeof(o->tspeaker[0]), "%s", r->speaker);
	o->nturns++;
	return 0;
}

static int64_t doc_id(const char *name)
{
	int64_t id;

	assert_int_equal(braid_doc_find(st, name, &id, &err), 0);
	return id;
}

static void oracle_load(struct oracle *o, const char *name)
{
	size_t b = 0;

	memset(o, 0, sizeof(*o));
	strbuf_init(&o->text, 0);
	assert_int_equal(braid_corpus_text(st, name, &o->text, &err), 0);
	o->chars = (int64_t)braid_cp_count(o->text.buf, o->text.len);
	o->byte = calloc((size_t)o->chars + 1, sizeof(*o->byte));
	for (int64_t i = 0; i < o->chars; i++) {
		int32_t cp;

		o->byte[i] = b;
		b += braid_utf8_next(o->text.buf + b, o->text.len - b, &cp);
	}
	o->byte[o->chars] = b;
	assert_int_equal(braid_corpus_turns(st, name, NULL, oracle_turn, o, &err), 0);
}

static void oracle_release(struct oracle *o)
{
	strbuf_release(&o->text);
	free(o->byte);
}

static void check_span(struct braid_doctext *dt, const struct oracle *o, int64_t s, int64_t e)
{
	const char *text;
	size_t len;

	if (braid_doctext_span(dt, s, e, &text, &len, &err))
		fail_msg("span %lld-%lld: %s", (long long)s, (long long)e, err.msg);
	if (len != o->byte[e] - o->byte[s] || memcmp(text, o->text.buf + o->byte[s], len))
		fail_msg("span %lld-%lld: got '%.*s', want '%.*s'", (long long)s, (long long)e,
			 (int)len, text, (int)(o->byte[e] - o->byte[s]), o->text.buf + o->byte[s]);
}

static void check_turn(struct braid_doctext *dt, const struct oracle *o, int64_t pos)
{
	struct braid_doctext_turn t;
	int k = -1;

	for (int i = 0; i < o->nturns; i++)
		if (o->tstart[i] <= pos)
			k = i;
	assert_int_equal(braid_doctext_turn_at(dt, pos, &t, &err), 0);
	if (k < 0) {
		assert_true(t.id == 0);
		return;
	}
	if (t.idx != o->tidx[k] || strcmp(t.speaker, o->tspeaker[k]))
		fail_msg("turn at %lld: got #%lld %s, want #%lld %s", (long long)pos,
			 (long long)t.idx, t.speaker, (long long)o->tidx[k], o->tspeaker[k]);
}

static void every_span(const char *name)
{
	struct braid_doctext *dt = braid_doctext_new(st);
	struct oracle o;

	oracle_load(&o, name);
	assert_int_equal(braid_doctext_open(dt, doc_id(name), &err), 0);
	assert_true(braid_doctext_chars(dt) == o.chars);
	/* starts forward, ends forward then back: how codings are listed */
	for (int64_t s = 0; s < o.chars; s++) {
		check_turn(dt, &o, s);
		for (int64_t e = s + 1; e <= o.chars; e++)
			check_span(dt, &o, s, e);
		check_span(dt, &o, s, s + 1);
	}
	/* any order: seeks back and forth */
	srand(7);
	for (int i = 0; i < 5000; i++) {
		int64_t s = rand() % o.chars, e = s + 1 + rand() % (o.chars - s);

		check_span(dt, &o, s, e);
		check_turn(dt, &o, rand() % o.chars);
	}
	braid_doctext_free(dt);
	oracle_release(&o);
}

static void test_interview(void **state)
{
	struct braid_doctext *dt = braid_doctext_new(st);
	struct braid_doctext_turn t;
	const char *text;
	size_t len;

	every_span(strrchr(src[0], '/') + 1);

	/* by hand: "Интервью 3, весна.\n\nАнна: Привет! ..." (no label on the first turn) */
	assert_int_equal(braid_doctext_open(dt, doc_id(strrchr(src[0], '/') + 1), &err), 0);
	assert_int_equal(braid_doctext_span(dt, 0, 8, &text, &len, &err), 0);
	assert_true(len == 16 && !memcmp(text, "Интервью", 16));
	/* across the blank line and the label: "весна." at 12..18, "\n\n", "Анна: ", "П" at 26 */
	assert_int_equal(braid_doctext_span(dt, 12, 27, &text, &len, &err), 0);
	assert_true(len == strlen("весна.\n\nАнна: П") &&
		    !memcmp(text, "весна.\n\nАнна: П", len));
	/* a span inside a label belongs to the turn before; the case is the document's */
	assert_int_equal(braid_doctext_turn_at(dt, 21, &t, &err), 0);
	assert_true(t.idx == 1 && !strcmp(t.speaker, "(text)") && !strcmp(t.case_name, "P001"));
	assert_int_equal(braid_doctext_turn_at(dt, 26, &t, &err), 0);
	assert_true(t.idx == 2 && !strcmp(t.speaker, "Анна") && !strcmp(t.role, "participant"));
	/* spans outside the text */
	assert_int_equal(braid_doctext_span(dt, 5, 5, &text, &len, &err), BRAID_EINVAL);
	assert_int_equal(braid_doctext_span(dt, -1, 5, &text, &len, &err), BRAID_EINVAL);
	assert_int_equal(braid_doctext_span(dt, 0, braid_doctext_chars(dt) + 1, &text, &len, &err),
			 BRAID_EINVAL);
	braid_doctext_free(dt);
}

static void test_notes(void **state)
{
	every_span(strrchr(src[1], '/') + 1);
}

/* Hand-edited offsets: the reader says the document is damaged instead of cutting wrong text. */
static void test_damaged(void **state)
{
	struct braid_doctext *dt = braid_doctext_new(st);
	const char *name = strrchr(src[1], '/') + 1;
	const char *text;
	size_t len;
	char sql[200];
	int64_t id = doc_id(name);

	snprintf(sql, sizeof(sql),
		 "UPDATE turns SET start_cp = start_cp + 1, end_cp = end_cp + 1 WHERE doc_id = %lld"
		 " AND idx = 2",
		 (long long)id);
	assert_int_equal(sqlite3_exec(braid_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(braid_doctext_open(dt, id, &err), 0);
	assert_int_equal(braid_doctext_span(dt, 0, 5, &text, &len, &err), 0);
	assert_int_equal(braid_doctext_span(dt, 0, 30, &text, &len, &err), BRAID_EDB);
	assert_non_null(strstr(err.msg, "is damaged: turn 2 starts at 19"));
	braid_doctext_free(dt);
}

/* A document without turns (as some tests make them) has an empty text, as when rendered whole. */
static void test_no_turns(void **state)
{
	struct braid_doctext *dt = braid_doctext_new(st);
	struct braid_doctext_turn t;
	const char *text;
	size_t len;

	assert_int_equal(sqlite3_exec(braid_store_db(st),
				      "INSERT INTO documents(name, kind, hash, format, chars, words)"
				      " VALUES ('bare', 'document', 'h', 'text', 10, 2)",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(braid_doctext_open(dt, doc_id("bare"), &err), 0);
	assert_int_equal(braid_doctext_span(dt, 2, 6, &text, &len, &err), 0);
	assert_true(len == 0);
	assert_int_equal(braid_doctext_turn_at(dt, 3, &t, &err), 0);
	assert_true(t.id == 0 && !t.case_name);
	braid_doctext_free(dt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interview),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_no_turns),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
