/*
 * transcript_check.h - helpers for the parser tests (test_vtt.c, test_srt.c):
 * the including file defines TEST_PARSE as the parser under test.
 */
#ifndef BRAID_TRANSCRIPT_CHECK_H
#define BRAID_TRANSCRIPT_CHECK_H

#include "testutil.h"

#include "braid/text.h"
#include "braid/transcript.h"

/* Parses src (internal form) or fails the test with the parser's message. */
static void parse_ok(const char *src, const struct braid_parse_opts *o, struct braid_transcript *t)
{
	struct braid_err err = BRAID_ERR_INIT;
	int rc;

	braid_transcript_init(t);
	rc = TEST_PARSE(src, strlen(src), o, t, &err);
	if (rc)
		fail_msg("parse failed (%d): %s", rc, err.msg);
}

/* The parser must refuse src with exactly msg and leave no turn behind. */
static void parse_fails(const char *src, const char *msg)
{
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_transcript t;

	braid_transcript_init(&t);
	assert_int_equal(TEST_PARSE(src, strlen(src), NULL, &t, &err), BRAID_EPARSE);
	assert_int_equal(err.code, BRAID_EPARSE);
	assert_string_equal(err.msg, msg);
	assert_int_equal(t.nr, 0);
	braid_transcript_release(&t);
}

static void check_turn(const struct braid_transcript *t, size_t i, const char *speaker, const char *text,
		       int64_t start, int64_t end, size_t line)
{
	const struct braid_turn_src *u;

	assert_true(i < t->nr);
	u = &t->turns[i];
	if (speaker)
		assert_non_null(u->speaker), assert_string_equal(u->speaker, speaker);
	else
		assert_null(u->speaker);
	assert_string_equal(u->text.buf, text);
	assert_int_equal(u->start_ms, start);
	assert_int_equal(u->end_ms, end);
	assert_int_equal(u->line, line);
}

/* Reads a real file into the internal form. */
static void read_real(struct strbuf *sb, const char *path)
{
	struct strbuf raw = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;

	test_read_file(&raw, path);
	if (braid_text_decode(raw.buf, raw.len, BRAID_ENC_UTF8, sb, &err))
		fail_msg("cannot decode '%s': %s", path, err.msg);
	strbuf_release(&raw);
}

#endif
