/*
 * fuzz_query.c - libFuzzer harness for the search query rule
 * (braid_search_fts_query, search.c) and the search tokenizer
 * (braid_tokenizer_each, tokenizer.c).
 *
 * Input: the query (input that is not valid UTF-8 or holds a NUL is
 * skipped). Checked:
 *  - the tokens of the query: not empty, valid UTF-8, inside the input, in
 *    order, not overlapping;
 *  - the translation either fails with BRAID_EINVAL and a message, leaving
 *    the output as it was, or gives a query that FTS5 itself (a table with
 *    the braid tokenizer) runs without an error: every query braid takes,
 *    FTS5 parses, so no raw SQLite message reaches anyone.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/search.h"
#include "braid/tokenizer.h"
#include "fuzz.h"

struct walk {
	size_t len, last;
};

static int check_token(void *ctx, const char *tok, size_t len, size_t start, size_t end)
{
	struct walk *w = ctx;

	if (!len || !fuzz_utf8_valid((const unsigned char *)tok, len) || start >= end ||
	    end > w->len || start < w->last)
		abort();
	w->last = end;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sqlite3 *db;
	static sqlite3_stmt *s;
	struct strbuf q = STRBUF_INIT, out = STRBUF_INIT;
	struct braid_err err = BRAID_ERR_INIT;
	struct walk w = { size, 0 };
	int rc;

	if (memchr(data, '\0', size) || !fuzz_utf8_valid(data, size))
		return 0;
	if (!db) {
		if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
		    braid_tokenizer_register(db) != SQLITE_OK ||
		    sqlite3_exec(db,
				 "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='braid');"
				 "INSERT INTO t VALUES ('don''t legal-aid mm-hmm bo‘lib ўз 3.5 what');",
				 NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &s, NULL) !=
			    SQLITE_OK)
			abort();
	}
	braid_tokenizer_each((const char *)data, size, check_token, &w);
	strbuf_add(&q, data, size);
	strbuf_addstr(&out, "kept");
	rc = braid_search_fts_query(q.buf, &out, &err);
	if (rc) {
		if (rc != BRAID_EINVAL || err.code != BRAID_EINVAL || !err.msg[0] ||
		    strcmp(out.buf, "kept"))
			abort();
	} else {
		if (out.len <= 4 || memcmp(out.buf, "kept", 4))
			abort();
		sqlite3_bind_text(s, 1, out.buf + 4, (int)out.len - 4, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_ROW)
			abort(); /* FTS5 refused what braid took */
		sqlite3_reset(s);
	}
	strbuf_release(&q);
	strbuf_release(&out);
	return 0;
}
