/* test_coding.c - spans, codings, retrieval filters, review, memos and counts. */
#include "testutil.h"
#include "teststore.h"

#include <unistd.h>

#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/corpus.h"
#include "braid/doctext.h"
#include "braid/ingest.h"
#include "braid/store.h"

static char path[64], src[64];
static struct braid_store *st;
static struct braid_err err;

/*
 * Stored text (turns separated by a blank line, labels in front):
 *   "I: How did the group help?\n\n"                       turn 1, utterance at 3..26
 *   "R: The group helped. Dr. Lee listened. I slept well.\n\n"  turn 2, at 31..80
 *   "I: And the café?\n\n"                                  turn 3, at 85..98
 *   "R: The café was calm. The group helped."              turn 4, at 103..139
 */
static int setup(void **state)
{
	struct braid_ingest_opts o = { .case_name = "P001" };
	const char *paths[1];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/braid-coding-%d.braid", (int)getpid());
	snprintf(src, sizeof(src), "/tmp/braid-coding-%d.txt", (int)getpid());
	unlink(path);
	f = fopen(src, "w");
	/* the second "café" is written decomposed (e + U+0301): stored as NFC */
	fputs("I: How did the group help?\nR: The group helped. Dr. Lee listened. I slept well.\n"
	      "I: And the café?\nR: The cafe\xcc\x81 was calm. The group helped.\n",
	      f);
	fclose(f);
	paths[0] = src;
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(src);
	return 0;
}

static const char *doc(void)
{
	static char name[64];
	const char *base = strrchr(src, '/') + 1;

	snprintf(name, sizeof(name), "%.*s", (int)(strrchr(base, '.') - base), base);
	return name;
}

static int64_t new_code(const char *name, const char *parent)
{
	struct braid_code_new n = { .name = name, .parent = parent, .coder = "ana",
				    .kind = BRAID_INDUCTIVE };
	int64_t id;

	assert_int_equal(braid_code_create(st, &n, &id, &err), 0);
	return id;
}

struct spans {
	int64_t s[8], e[8];
	int n;
};

static int collect(int64_t start, int64_t end, void *ctx)
{
	struct spans *sp = ctx;

	sp->s[sp->n] = start;
	sp->e[sp->n++] = end;
	return 0;
}

static void test_spans(void **state)
{
	struct spans sp = { .n = 0 };
	int64_t s, e;

	assert_int_equal(braid_span_turns(st, doc(), 2, 2, &s, &e, &err), 0);
	assert_true(s == 31 && e == 80);
	assert_int_equal(braid_span_turns(st, doc(), 2, 4, &s, &e, &err), 0);
	assert_true(s == 31 && e == 139);
	assert_int_equal(braid_span_turns(st, doc(), 3, 5, &s, &e, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "it has 4 turns"));

	/* sentences over the turns: 1 "How did the group help?", 2 "The group helped.",
	 * 3 "Dr. Lee listened." (no break after Dr.), 4 "I slept well.", 5 "And the café?" */
	assert_int_equal(braid_span_sentence(st, doc(), 3, &s, &e, &err), 0);
	assert_true(s == 49 && e == 66);
	assert_int_equal(braid_span_sentence(st, doc(), 5, &s, &e, &err), 0);
	assert_true(s == 85 && e == 98);
	assert_int_equal(braid_span_sentence(st, doc(), 99, &s, &e, &err), BRAID_EINVAL);

	/* exact text: first, or all; the needle is NFC-normalised like the text */
	assert_int_equal(braid_span_match(st, doc(), "group helped", 0, collect, &sp, NULL, &err), 0);
	assert_int_equal(sp.n, 1);
	assert_true(sp.s[0] == 35 && sp.e[0] == 47);
	sp.n = 0;
	assert_int_equal(braid_span_match(st, doc(), "group helped", 1, collect, &sp, NULL, &err), 0);
	assert_int_equal(sp.n, 2);
	assert_true(sp.s[1] == 126 && sp.e[1] == 138);
	sp.n = 0;
	assert_int_equal(braid_span_match(st, doc(), "cafe\xcc\x81", 1, collect, &sp, NULL, &err), 0);
	assert_int_equal(sp.n, 2);
	assert_true(sp.s[0] == 93 && sp.e[0] == 97 && sp.s[1] == 107);
	assert_int_equal(braid_span_match(st, doc(), "nowhere", 0, collect, &sp, NULL, &err),
			 BRAID_ENOTFOUND);

	assert_int_equal(braid_span_check(st, doc(), 0, 139, &err), 0);
	assert_int_equal(braid_span_check(st, doc(), 0, 140, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "past the end"));
	assert_int_equal(braid_span_check(st, doc(), 5, 5, &err), BRAID_EINVAL);
	assert_int_equal(braid_span_check(st, "nodoc", 0, 1, &err), BRAID_ENOTFOUND);
}

/* Speaker labels and the blank lines between turns are never coded (offsets as above). */
static void test_speech_only(void **state)
{
	struct braid_doctext *dt = braid_doctext_new(st);
	struct braid_match_skips sk;
	struct braid_doctext_turn t;
	enum braid_doctext_place place;
	struct spans sp = { .n = 0 };
	int64_t id;

	/* where positions lie: "I: " 0..3, utterance 3..26, "\n\n" 26..28, "R: " 28..31 */
	assert_int_equal(braid_doc_find(st, doc(), &id, &err), 0);
	assert_int_equal(braid_doctext_open(dt, id, &err), 0);
	assert_int_equal(braid_doctext_place(dt, 0, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_LABEL && t.idx == 1 && !strcmp(t.speaker, "I"));
	assert_int_equal(braid_doctext_place(dt, 3, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_UTTERANCE && t.idx == 1);
	assert_int_equal(braid_doctext_place(dt, 25, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_UTTERANCE && t.idx == 1);
	assert_int_equal(braid_doctext_place(dt, 26, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_GAP && t.idx == 2);
	assert_int_equal(braid_doctext_place(dt, 27, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_GAP && t.idx == 2);
	assert_int_equal(braid_doctext_place(dt, 28, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_LABEL && t.idx == 2 && !strcmp(t.speaker, "R"));
	assert_int_equal(braid_doctext_place(dt, 31, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_UTTERANCE && t.idx == 2);
	/* backwards works too (a seek) */
	assert_int_equal(braid_doctext_place(dt, 1, &place, &t, &err), 0);
	assert_true(place == BRAID_PLACE_LABEL && t.idx == 1);
	assert_int_equal(braid_doctext_place(dt, 139, &place, &t, &err), BRAID_EINVAL);
	braid_doctext_free(dt);

	/* "I" in the labels of turns 1 and 3 is skipped; "I slept" in turn 2 is at 31 + 36 */
	assert_int_equal(braid_span_match(st, doc(), "I", 1, collect, &sp, &sk, &err), 0);
	assert_int_equal(sp.n, 1);
	assert_true(sp.s[0] == 67 && sp.e[0] == 68);
	assert_true(sk.labels == 2 && sk.across == 0);
	/* the first in speech, past the label before it */
	sp.n = 0;
	assert_int_equal(braid_span_match(st, doc(), "I", 0, collect, &sp, &sk, &err), 0);
	assert_true(sp.n == 1 && sp.s[0] == 67 && sk.labels == 1);
	/* only in labels; only partly (from a label into its utterance, or across turns) */
	sp.n = 0;
	assert_int_equal(braid_span_match(st, doc(), "R", 1, collect, &sp, &sk, &err),
			 BRAID_ENOTFOUND);
	assert_int_equal(sp.n, 0);
	assert_true(sk.labels == 2 && sk.across == 0);
	assert_non_null(strstr(err.msg, "only outside what is said (2 times in speaker labels)"));
	assert_int_equal(braid_span_match(st, doc(), "R: The", 1, collect, &sp, &sk, &err),
			 BRAID_ENOTFOUND);
	assert_true(sp.n == 0 && sk.labels == 0 && sk.across == 2);
	assert_int_equal(braid_span_match(st, doc(), "well.\n\nI: And", 1, collect, &sp, &sk,
					  &err),
			 BRAID_ENOTFOUND);
	assert_true(sk.labels == 0 && sk.across == 1);
	assert_non_null(strstr(err.msg, "(1 time partly in a label or across turns)"));

	/* a range: one span per utterance it touches, never a label */
	assert_int_equal(braid_span_speech(st, doc(), 10, 90, collect, &sp, &err), 0);
	assert_int_equal(sp.n, 3);
	assert_true(sp.s[0] == 10 && sp.e[0] == 26 && sp.s[1] == 31 && sp.e[1] == 80 &&
		    sp.s[2] == 85 && sp.e[2] == 90);
	sp.n = 0;
	assert_int_equal(braid_span_speech(st, doc(), 3, 26, collect, &sp, &err), 0);
	assert_true(sp.n == 1 && sp.s[0] == 3 && sp.e[0] == 26);
	/* turns 2-4 of braid_span_turns: each utterance */
	sp.n = 0;
	assert_int_equal(braid_span_speech(st, doc(), 31, 139, collect, &sp, &err), 0);
	assert_true(sp.n == 3 && sp.e[0] == 80 && sp.s[1] == 85 && sp.s[2] == 103 &&
		    sp.e[2] == 139);
	/* a start or an end in a label or a blank line is refused, with the offsets around it */
	sp.n = 0;
	assert_int_equal(braid_span_speech(st, doc(), 0, 10, collect, &sp, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "range 0:10 starts in the speaker label 'I: ' of turn 1, not "
				     "in what is said: turn 1's utterance is 3:26");
	assert_int_equal(braid_span_speech(st, doc(), 26, 40, collect, &sp, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "range 26:40 starts in the blank line before turn 2, not in "
				     "what is said: turn 2's utterance is 31:80");
	assert_int_equal(braid_span_speech(st, doc(), 3, 28, collect, &sp, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "range 3:28 ends in the blank line before turn 2, not in "
				     "what is said: turn 1's utterance ends at 26, turn 2's starts at 31");
	assert_int_equal(braid_span_speech(st, doc(), 3, 31, collect, &sp, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "range 3:31 ends in the speaker label 'R: ' of turn 2, not in "
				     "what is said: turn 1's utterance ends at 26, turn 2's starts at 31");
	assert_int_equal(braid_span_speech(st, doc(), 3, 140, collect, &sp, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "past the end"));
	assert_int_equal(sp.n, 0);
}

struct rows {
	char buf[2048];
	int n;
};

static int row_cb(const struct braid_coding_row *r, void *ctx)
{
	struct rows *rs = ctx;
	size_t len = strlen(rs->buf);

	snprintf(rs->buf + len, sizeof(rs->buf) - len, "%s[%s|%s|%s|%.*s|%s|%s|%lld|%lld]",
		 rs->n ? " " : "", r->code, r->coder, r->status, (int)r->text_len, r->text,
		 r->speaker ? r->speaker : "-", r->case_name ? r->case_name : "-",
		 (long long)r->turn, (long long)r->words);
	rs->n++;
	return 0;
}

static const char *list(const struct braid_coding_filter *f)
{
	static struct rows rs;

	rs.buf[0] = '\0';
	rs.n = 0;
	if (braid_codings_each(st, f, row_cb, &rs, &err))
		fail_msg("list: %s", err.msg);
	return rs.buf;
}

static void test_codings(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .start = 35, .end = 47, .code = "support",
				      .coder = "ana" };
	struct braid_coding_filter f = { 0 };
	int64_t id, id2, id3;
	int created;

	new_code("Support", NULL);
	new_code("Peer support", "support");
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	assert_true(created);
	/* the exact duplicate is not created twice */
	assert_int_equal(braid_coding_add(st, &c, &id2, &created, &err), 0);
	assert_false(created);
	assert_true(id2 == id);
	/* overlapping and nested codings are fine; another coder is another coding */
	c.code = "peer-support";
	c.start = 31;
	assert_int_equal(braid_coding_add(st, &c, &id2, &created, &err), 0);
	c.coder = "ben";
	c.origin = "auto";
	assert_int_equal(braid_coding_add(st, &c, &id3, &created, &err), 0);
	assert_true(created && id3 != id2);
	c.origin = "magic";
	assert_int_equal(braid_coding_add(st, &c, &id3, &created, &err), BRAID_EINVAL);
	c.origin = NULL;
	c.code = "nope";
	assert_int_equal(braid_coding_add(st, &c, &id3, &created, &err), BRAID_ENOTFOUND);

	assert_string_equal(list(&f),
			    "[peer-support|ana|accepted|The group helped|R|P001|2|3] "
			    "[peer-support|ben|pending|The group helped|R|P001|2|3] "
			    "[support|ana|accepted|group helped|R|P001|2|2]");
	f.code = "support";
	assert_string_equal(list(&f), "[support|ana|accepted|group helped|R|P001|2|2]");
	f.children = 1;
	f.coder = "ben";
	assert_string_equal(list(&f), "[peer-support|ben|pending|The group helped|R|P001|2|3]");
	/* a filter naming something that does not exist is an error, not an empty list */
	f = (struct braid_coding_filter){ .case_name = "P002" };
	assert_int_equal(braid_codings_each(st, &f, row_cb, NULL, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no case 'P002' (did you mean 'P001'?)");
	f = (struct braid_coding_filter){ .coder = "nobody" };
	assert_int_equal(braid_codings_each(st, &f, row_cb, NULL, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no coder 'nobody'");
	f = (struct braid_coding_filter){ .doc = "nope" };
	assert_int_equal(braid_codings_each(st, &f, row_cb, NULL, &err), BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no document 'nope'");
	f = (struct braid_coding_filter){ .status = "maybe" };
	assert_int_equal(braid_codings_each(st, &f, row_cb, NULL, &err), BRAID_EINVAL);
	assert_string_equal(err.msg, "unknown status 'maybe' (expected pending, accepted or rejected)");

	/* review: a rejected coding drops out of listings unless asked for */
	assert_int_equal(braid_coding_review(st, id3 - 0, "rejected", NULL, &err), 0);
	f = (struct braid_coding_filter){ .coder = "ben" };
	assert_string_equal(list(&f), "");
	f.include_rejected = 1;
	assert_string_equal(list(&f), "[peer-support|ben|rejected|The group helped|R|P001|2|3]");
	assert_int_equal(braid_coding_review(st, id3, "maybe", NULL, &err), BRAID_EINVAL);
	assert_int_equal(braid_coding_review(st, 999, "accepted", NULL, &err), BRAID_ENOTFOUND);

	assert_int_equal(braid_coding_rm(st, id, NULL, NULL, &err), 0);
	assert_int_equal(braid_coding_rm(st, id, NULL, NULL, &err), BRAID_ENOTFOUND);
	f = (struct braid_coding_filter){ .code = "support" };
	assert_string_equal(list(&f), "");

	/* a retired code takes no new codings */
	{
		int64_t hope = new_code("Hope", NULL);

		assert_int_equal(braid_code_retire(st, hope, &err), 0);
		c = (struct braid_coding_new){ .doc = doc(), .start = 0, .end = 5, .code = "hope",
					       .coder = "ana" };
		assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), BRAID_EINVAL);
		assert_non_null(strstr(err.msg, "retired"));
	}
}

/* Spans across turns and inside labels: the text as rendered, the turn where the span starts. */
static void test_coded_text(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .code = "support", .coder = "ana" };
	struct braid_coding_filter f = { 0 };
	int64_t id;
	int created;

	new_code("Support", NULL);
	c.start = 20; /* " help?", the blank line, "R: The gro" */
	c.end = 38;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.start = 28; /* "R:", the label of turn 2: belongs to turn 1 */
	c.end = 30;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.start = 0; /* "I:", before the first utterance: no turn, the document's case */
	c.end = 2;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.start = 93; /* "café?\n\nR: The café" (both NFC), turns 3 to 4 */
	c.end = 111;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	/* spans that start in the interviewer's turns belong to no case (braid_turn_case) */
	assert_string_equal(list(&f), "[support|ana|accepted|I:|-|P001|0|1] "
				      "[support|ana|accepted| help?\n\nR: The gro|I|-|1|4] "
				      "[support|ana|accepted|R:|I|-|1|1] "
				      "[support|ana|accepted|café?\n\nR: The café|I|-|3|4]");
}

struct stats {
	char buf[1024];
};

struct memos {
	char buf[1024];
};

static int memo_cb(const struct braid_memo_row *r, void *ctx)
{
	struct memos *m = ctx;
	size_t len = strlen(m->buf);

	snprintf(m->buf + len, sizeof(m->buf) - len, "[%s:%s %s %s]", r->target,
		 r->target_ref ? r->target_ref : "", r->coder, r->text);
	return 0;
}

static void test_memos(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .start = 35, .end = 47, .code = "support",
				      .coder = "ana" };
	struct memos m = { "" };
	char seg[32];
	int64_t id, cid;
	int created;

	new_code("Support", NULL);
	assert_int_equal(braid_coding_add(st, &c, &cid, &created, &err), 0);
	snprintf(seg, sizeof(seg), "segment:%lld", (long long)cid);
	assert_int_equal(braid_memo_add(st, "project", NULL, "ana", "Start with turn 2", &id, &err), 0);
	{
		char on[80];

		snprintf(on, sizeof(on), "doc:%s", doc());
		assert_int_equal(braid_memo_add(st, on, NULL, "ben", "Calm interview", &id, &err), 0);
	}
	assert_int_equal(braid_memo_add(st, "code:Support", NULL, "ana", "Broad code", &id, &err), 0);
	assert_int_equal(braid_memo_add(st, seg, NULL, "ana", "Key quote", &id, &err), 0);
	assert_int_equal(braid_memo_add(st, "doc:missing", NULL, "ana", "x", &id, &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_memo_add(st, "segment:999", NULL, "ana", "x", &id, &err), BRAID_ENOTFOUND);
	assert_int_equal(braid_memo_add(st, "page:1", NULL, "ana", "x", &id, &err), BRAID_EINVAL);
	assert_int_equal(braid_memo_add(st, "project", NULL, "ana", "", &id, &err), BRAID_EINVAL);
	assert_int_equal(braid_memos_each(st, "code:support", NULL, memo_cb, &m, &err), 0);
	assert_string_equal(m.buf, "[code:support ana Broad code]");
	m.buf[0] = '\0';
	assert_int_equal(braid_memos_each(st, NULL, NULL, memo_cb, &m, &err), 0);
	assert_non_null(strstr(m.buf, "[project: ana Start with turn 2]"));
	assert_non_null(strstr(m.buf, "Calm interview]"));
	assert_non_null(strstr(m.buf, "Key quote]"));
}

static int stats_cb(const struct braid_stats_row *r, void *ctx)
{
	struct stats *s = ctx;
	size_t len = strlen(s->buf);

	snprintf(s->buf + len, sizeof(s->buf) - len, "[%d %s %s %lld %lld %lld %lld]", r->depth,
		 r->code, r->group ? r->group : "-", (long long)r->segments, (long long)r->words,
		 (long long)r->docs, (long long)r->cases);
	return 0;
}

static int coder_cb(const struct braid_coder_row *r, void *ctx)
{
	struct stats *s = ctx;
	size_t len = strlen(s->buf);

	snprintf(s->buf + len, sizeof(s->buf) - len, "[%s %lld %lld %lld]", r->name,
		 (long long)r->codings, (long long)r->codes, (long long)r->memos);
	return 0;
}

/* Removal without a note, and folding one coding into another (ingest --replace uses both). */
static void test_delete_and_fold(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .start = 35, .end = 47, .code = "support",
				      .coder = "ana", .memo = "first" };
	struct memos m = { "" };
	char seg[32];
	int64_t a, b, memo;
	size_t n = 9;
	int created;

	new_code("Support", NULL);
	assert_int_equal(braid_coding_add(st, &c, &a, &created, &err), 0);
	c.start = 31;
	c.memo = "second";
	c.origin = "auto"; /* pending */
	assert_int_equal(braid_coding_add(st, &c, &b, &created, &err), 0);
	snprintf(seg, sizeof(seg), "segment:%lld", (long long)b);
	assert_int_equal(braid_memo_add(st, seg, NULL, "ben", "on b", &memo, &err), 0);
	/* the kept coding takes b's memo text, its memos and the more settled status */
	assert_int_equal(braid_coding_review(st, a, "rejected", NULL, &err), 0);
	assert_int_equal(braid_coding_fold(st, b, a, &n, &err), 0);
	assert_int_equal(n, 1);
	snprintf(seg, sizeof(seg), "segment:%lld", (long long)a);
	assert_int_equal(braid_memos_each(st, seg, NULL, memo_cb, &m, &err), 0);
	assert_non_null(strstr(m.buf, "on b"));
	{
		struct braid_coding_filter f = { .code = "support", .include_rejected = 1 };

		assert_string_equal(list(&f), "[support|ana|pending|group helped|R|P001|2|2]");
	}
	assert_int_equal(braid_coding_describe(st, b, &(struct strbuf)STRBUF_INIT, &err),
			 BRAID_ENOTFOUND);
	assert_int_equal(braid_coding_fold(st, a, a, NULL, &err), BRAID_EINVAL);
	assert_int_equal(braid_coding_fold(st, 999, a, NULL, &err), BRAID_ENOTFOUND);
	/* delete takes the memos first and says nothing in the change */
	assert_int_equal(braid_coding_delete(st, a, &n, NULL, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(braid_coding_delete(st, a, &n, NULL, &err), BRAID_ENOTFOUND);
	m.buf[0] = '\0';
	assert_int_equal(braid_memos_each(st, NULL, NULL, memo_cb, &m, &err), 0);
	assert_null(strstr(m.buf, "on b"));
	assert_null(strstr(braid_change_text(st), "removed coding"));
}

static void test_coders(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .start = 3, .end = 6, .code = "support",
				      .coder = "ben" };
	struct stats s = { "" };
	int64_t id;
	int created;

	new_code("Support", NULL); /* made by ana */
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	assert_int_equal(braid_memo_add(st, "project", NULL, "ben", "note", &id, &err), 0);
	assert_int_equal(braid_coders_each(st, coder_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[ana 0 1 0][ben 1 0 1]");
}

static void test_stats(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .code = "support", .coder = "ana" };
	struct stats s = { "" };
	int64_t id;
	int created;

	new_code("Support", NULL);
	new_code("Peer support", "support");
	/* two overlapping segments: "The group helped. Dr. Lee" (31..56, 5 words) and
	 * "Dr. Lee listened." (49..66, 3 words): their union 31..66 has 6 words, not 8 */
	c.start = 31;
	c.end = 56;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.start = 49;
	c.end = 66;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	/* the same span by ben, and one elsewhere */
	c.coder = "ben";
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.code = "peer-support";
	c.start = 107;
	c.end = 120;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);

	assert_int_equal(braid_code_stats(st, BRAID_BY_NONE, 0, stats_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[0 support - 3 6 1 1][1 peer-support - 1 3 1 1]");
	s.buf[0] = '\0';
	assert_int_equal(braid_code_stats(st, BRAID_BY_CODER, 0, stats_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[0 support ana 2 6 1 1][0 support ben 1 3 1 1]"
				   "[1 peer-support ben 1 3 1 1]");
	s.buf[0] = '\0';
	assert_int_equal(braid_code_stats(st, BRAID_BY_CASE, 0, stats_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[0 support P001 3 6 1 1][1 peer-support P001 1 3 1 1]");
}

/*
 * --rollup: a code's figures take in its descendants' codings. Care > Support >
 * Peer support. Support: ana 31-56 ("The group helped. Dr. Lee", 5 words),
 * ana and ben 49-66 ("Dr. Lee listened.", 3); Peer support: ana 49-66 too (the
 * same span and coder as one of Support's) and ben 107-120 ("café was calm",
 * 3). Rolled up into Support: the (span, coder) pairs ana 31-56, ana 49-66,
 * ben 49-66, ben 107-120 = 4 segments (not 5); words of the union 31-66 (6)
 * and 107-120 (3) = 9. Care has no coding of its own and the same figures.
 */
static void test_stats_rollup(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .code = "support", .coder = "ana" };
	struct stats s = { "" };
	int64_t id;
	int created;

	new_code("Care", NULL);
	new_code("Support", "care");
	new_code("Peer support", "support");
	c.start = 31;
	c.end = 56;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.start = 49;
	c.end = 66;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.coder = "ben";
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.code = "peer-support";
	c.coder = "ana";
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.coder = "ben";
	c.start = 107;
	c.end = 120;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);

	/* without: each code its own codings; Care has none */
	assert_int_equal(braid_code_stats(st, BRAID_BY_NONE, 0, stats_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[0 care - 0 0 0 0][1 support - 3 6 1 1]"
				   "[2 peer-support - 2 6 1 1]");
	s.buf[0] = '\0';
	assert_int_equal(braid_code_stats(st, BRAID_BY_NONE, BRAID_STATS_ROLLUP, stats_cb, &s, &err),
			 0);
	assert_string_equal(s.buf, "[0 care - 4 9 1 1][1 support - 4 9 1 1]"
				   "[2 peer-support - 2 6 1 1]");
	/* per coder: ana's 31-56 and 49-66 (twice, one segment), ben's 49-66 and 107-120 */
	s.buf[0] = '\0';
	assert_int_equal(braid_code_stats(st, BRAID_BY_CODER, BRAID_STATS_ROLLUP, stats_cb, &s,
					  &err),
			 0);
	assert_string_equal(s.buf, "[0 care ana 2 6 1 1][0 care ben 2 6 1 1]"
				   "[1 support ana 2 6 1 1][1 support ben 2 6 1 1]"
				   "[2 peer-support ana 1 3 1 1][2 peer-support ben 1 3 1 1]");
}

/*
 * Blind coding (store.h): with ana blind, every listing and count reads ana's
 * codings only, the memo on ben's coding is hidden; a change sees the whole
 * project and the restriction is back after it; a coder with no codings yet
 * sees nothing; NULL lifts it.
 */
static void test_blind(void **state)
{
	struct braid_coding_new c = { .doc = doc(), .start = 31, .end = 56, .code = "support",
				      .coder = "ana" };
	struct braid_coding_filter f = { 0 };
	struct stats s = { "" };
	struct memos m = { "" };
	char seg[32];
	int64_t id, ben;
	int created;

	new_code("Support", NULL);
	new_code("Peer support", "support");
	/* ana: Support 31-56 (5 words); ben: Support 49-66 (3), Peer support 107-120 (3) */
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	c.coder = "ben";
	c.start = 49;
	c.end = 66;
	assert_int_equal(braid_coding_add(st, &c, &ben, &created, &err), 0);
	c.code = "peer-support";
	c.start = 107;
	c.end = 120;
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	snprintf(seg, sizeof(seg), "segment:%lld", (long long)ben);
	assert_int_equal(braid_memo_add(st, seg, NULL, "ben", "ben's reading", &id, &err), 0);
	assert_int_equal(braid_memo_add(st, "project", NULL, "ben", "plan", &id, &err), 0);

	/* not inside a change */
	assert_int_equal(braid_store_set_blind(st, "ana", &err), BRAID_EINVAL);
	test_commit(st, &err);
	assert_int_equal(braid_store_blind(st), -1);
	assert_int_equal(braid_store_set_blind(st, "Ana", &err), 0); /* coders match by folding */
	assert_true(braid_store_blind(st) > 0);

	assert_string_equal(list(&f), "[support|ana|accepted|The group helped. Dr. Lee|R|P001|2|5]");
	f.code = "support"; /* the path that forces an index (not on a view) */
	f.children = 1;
	assert_string_equal(list(&f), "[support|ana|accepted|The group helped. Dr. Lee|R|P001|2|5]");
	f.code = "peer-support";
	assert_string_equal(list(&f), "");
	assert_int_equal(braid_code_stats(st, BRAID_BY_CODER, 0, stats_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[0 support ana 1 5 1 1][1 peer-support - 0 0 0 0]");
	s.buf[0] = '\0';
	assert_int_equal(braid_code_stats(st, BRAID_BY_NONE, BRAID_STATS_ROLLUP, stats_cb, &s, &err),
			 0);
	assert_string_equal(s.buf, "[0 support - 1 5 1 1][1 peer-support - 0 0 0 0]");
	s.buf[0] = '\0';
	assert_int_equal(braid_coders_each(st, coder_cb, &s, &err), 0);
	assert_string_equal(s.buf, "[ana 1 2 0][ben 0 0 1]");
	assert_int_equal(braid_memos_each(st, NULL, NULL, memo_cb, &m, &err), 0);
	assert_string_equal(m.buf, "[project: ben plan]");

	/* a change sees every coding; blind again once it is committed */
	test_begin(st, "ana", "test", &err);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 3);
	c.coder = "ana";
	c.code = "peer-support";
	assert_int_equal(braid_coding_add(st, &c, &id, &created, &err), 0);
	assert_true(created); /* ben's span and code, but ana's coding */
	test_commit(st, &err);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 2);
	test_begin(st, "ana", "test", &err);
	braid_store_rollback(st);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 2);

	/* a coder who has not coded yet sees nothing; NULL lifts blind coding */
	assert_int_equal(braid_store_set_blind(st, "carla", &err), 0);
	assert_int_equal(braid_store_blind(st), 0);
	f.code = NULL;
	assert_string_equal(list(&f), "");
	assert_int_equal(braid_store_set_blind(st, NULL, &err), 0);
	assert_int_equal(braid_store_blind(st), -1);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM codings"), 4);
	assert_int_equal(test_sql_int(st, "SELECT count(*) FROM memos"), 2);
	test_begin(st, "tester", "test", &err); /* teardown closes an open change */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_speech_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_codings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coded_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_rollup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_and_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blind, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
