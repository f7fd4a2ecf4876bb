/*
 * test_search.c - hit positions from the FTS5 index (braid_hits) and from
 * regular expressions: a long turn with thousands of hits against an
 * independent scan, phrases, overlapping phrase instances, diacritics
 * folded, limits; every hit's document offsets checked against the
 * document's text.
 */
#include "testutil.h"

#include <sqlite3.h>

#include "braid/alloc.h"
#include "braid/corpus.h"
#include "braid/ingest.h"
#include "braid/search.h"
#include "braid/store.h"
#include "braid/text.h"

static char path[64], src[64], doc[64];
static struct braid_store *st;
static struct braid_err err;
static struct strbuf text;     /* the document's text */
static struct strbuf long_turn; /* the utterance of turn 2 */

#define NWORDS 30000

/* Word i of the long turn: "uh" every third word, accented and Cyrillic words between. */
static const char *word(int i)
{
	static const char *const other[] = { "so", "José", "budget", "бюджет", "café", "the" };

	return i % 3 == 0 ? "uh" : other[(i / 3 + i) % 6];
}

static int setup(void **state)
{
	struct braid_ingest_opts o = { 0 };
	const char *paths[1] = { src };
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/braid-search-%d.braid", (int)getpid());
	snprintf(src, sizeof(src), "/tmp/braid-search-%d.txt", (int)getpid());
	snprintf(doc, sizeof(doc), "braid-search-%d", (int)getpid());
	test_remove_project(path);
	strbuf_init(&long_turn, 0);
	for (int i = 0; i < NWORDS; i++) {
		strbuf_addstr(&long_turn, i ? " " : "");
		strbuf_addstr(&long_turn, word(i));
	}
	f = fopen(src, "w");
	assert_non_null(f);
	/* "cafe" + U+0301 is stored as "café"; "uh uh uh" has overlapping "uh uh" instances */
	fprintf(f, "I: Tell me about the group, JOSÉ. Cafe\xcc\x81 or uh uh uh?\n"
		   "R: %s\n"
		   "I: The group again: the group, the  group.\n",
		long_turn.buf);
	fclose(f);
	assert_int_equal(braid_store_create(path, "t", "tester", NULL, &st, &err), 0);
	assert_int_equal(braid_store_begin(st, "tester", "test", &err), 0);
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	strbuf_init(&text, 0);
	assert_int_equal(braid_corpus_text(st, doc, &text, &err), 0);
	return 0;
}

static int teardown(void **state)
{
	braid_store_close(st);
	test_remove_project(path);
	unlink(src);
	strbuf_release(&text);
	strbuf_release(&long_turn);
	return 0;
}

struct hit {
	int64_t idx;
	size_t hs, he;
	int64_t ds, de;
	char s[64];
};

struct hits {
	struct hit *v;
	size_t n, alloc;
};

/* Byte offset of code point cp of the document, walking on from the last one asked. */
static size_t doc_byte(int64_t cp)
{
	static int64_t at_cp;
	static size_t at_byte;

	if (cp < at_cp)
		at_cp = 0, at_byte = 0;
	at_byte += braid_cp_to_byte(text.buf + at_byte, text.len - at_byte, (size_t)(cp - at_cp));
	at_cp = cp;
	return at_byte;
}

/* Records each hit, and checks that its document offsets cut the same text out of the document. */
static int collect(const struct braid_hit *h, void *ctx)
{
	struct hits *hs = ctx;
	size_t b0 = doc_byte(h->doc_start);
	size_t b1 = b0 + braid_cp_to_byte(text.buf + b0, text.len - b0,
					  (size_t)(h->doc_end - h->doc_start));
	struct hit *x;

	if (b1 - b0 != h->hit_end - h->hit_start ||
	    memcmp(text.buf + b0, h->turn->text + h->hit_start, b1 - b0))
		fail_msg("hit %lld-%lld of turn %lld is not the document's text there",
			 (long long)h->doc_start, (long long)h->doc_end, (long long)h->turn->idx);
	ALLOC_GROW(hs->v, hs->n + 1, hs->alloc);
	x = &hs->v[hs->n++];
	x->idx = h->turn->idx;
	x->hs = h->hit_start;
	x->he = h->hit_end;
	x->ds = h->doc_start;
	x->de = h->doc_end;
	snprintf(x->s, sizeof(x->s), "%.*s", (int)(h->hit_end - h->hit_start),
		 h->turn->text + h->hit_start);
	return 0;
}

static void run(const char *query, int regex, size_t limit, struct hits *hs)
{
	struct braid_search_opts o = { .regex = regex, .limit = limit };

	hs->n = 0;
	if (braid_search(st, query, &o, collect, hs, &err))
		fail_msg("search '%s': %s", query, err.msg);
}

/* Every "uh" of the long turn, found by FTS and by regex, where a plain scan finds them. */
static void test_long_turn(void **state)
{
	struct hits fts = { 0 }, re = { 0 };
	size_t want = 0, b = 0;

	run("uh", 0, 0, &fts);
	run("\\buh\\b", 1, 0, &re);
	/* turn 1 has three, then the long turn's */
	assert_true(fts.n == 3 + (NWORDS + 2) / 3);
	assert_true(re.n == fts.n);
	for (size_t i = 0; i < fts.n; i++) {
		assert_true(fts.v[i].hs == re.v[i].hs && fts.v[i].ds == re.v[i].ds &&
			    fts.v[i].idx == re.v[i].idx);
		assert_string_equal(fts.v[i].s, "uh");
	}
	/* the long turn's hits at the byte offsets of its words */
	for (int i = 0; i < NWORDS; i++) {
		if (i % 3 == 0) {
			const struct hit *h = &fts.v[3 + want++];

			if (h->idx != 2 || h->hs != b)
				fail_msg("word %d: hit at byte %zu of turn %lld, want byte %zu of turn 2",
					 i, h->hs, (long long)h->idx, b);
		}
		b += strlen(word(i)) + 1;
	}
	/* a limit stops at the first hits, in order */
	run("uh", 0, 5, &re);
	assert_int_equal(re.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_true(re.v[i].hs == fts.v[i].hs && re.v[i].idx == fts.v[i].idx);
	run("uh", 0, 4, &re);
	assert_int_equal(re.n, 4);
	assert_true(re.v[3].idx == 2 && re.v[3].hs == 0);
	free(fts.v);
	free(re.v);
}

static void test_phrases(void **state)
{
	struct hits hs = { 0 };

	/* a phrase is one hit over its words and what is between them */
	run("\"the group\"", 0, 0, &hs);
	assert_int_equal(hs.n, 4);
	assert_string_equal(hs.v[0].s, "the group");
	assert_true(hs.v[0].idx == 1);
	assert_string_equal(hs.v[1].s, "The group");
	assert_string_equal(hs.v[3].s, "the  group");
	/* overlapping instances ("uh uh" at words 1-2 and 2-3) are one hit, as highlight() has it */
	run("\"uh uh\"", 0, 0, &hs);
	assert_true(hs.n >= 1 && hs.v[0].idx == 1);
	assert_string_equal(hs.v[0].s, "uh uh uh");
	/* two phrases of one query in order of position */
	run("group OR tell", 0, 0, &hs);
	assert_true(hs.n >= 2);
	assert_string_equal(hs.v[0].s, "Tell");
	assert_string_equal(hs.v[1].s, "group");
	free(hs.v);
}

/* Diacritics are folded in matching; the hit is the text as written. */
static void test_diacritics(void **state)
{
	struct hits hs = { 0 };

	run("jose", 0, 2, &hs);
	assert_int_equal(hs.n, 2);
	assert_string_equal(hs.v[0].s, "JOSÉ");
	assert_true(hs.v[0].idx == 1);
	assert_string_equal(hs.v[1].s, "José");
	run("cafe", 0, 1, &hs);
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.v[0].s, "Café");
	/* "Tell me about the group, JOSÉ. " is 31 code points after "I: " */
	assert_true(hs.v[0].ds == 3 + 31 && hs.v[0].de == 3 + 35);
	run("БЮДЖЕТ", 0, 3, &hs);
	assert_int_equal(hs.n, 3);
	assert_string_equal(hs.v[2].s, "бюджет");
	free(hs.v);
}

/* The translation of a query into FTS5 syntax, or its error message. */
static const char *fts(const char *query)
{
	static struct strbuf out = STRBUF_INIT;
	struct braid_err e = BRAID_ERR_INIT;

	strbuf_reset(&out);
	if (braid_search_fts_query(query, &out, &e)) {
		assert_int_equal(e.code, BRAID_EINVAL);
		assert_int_equal(out.len, 0);
		strbuf_addf(&out, "error: %s", e.msg);
	}
	return out.buf;
}

/* Every rule of search.h's query language, and each message of a query FTS5 would refuse. */
static void test_query_rule(void **state)
{
	/* plain words become phrases; the tokenizer splits them */
	assert_string_equal(fts("don't"), "\"don't\"");
	assert_string_equal(fts("legal-aid"), "\"legal-aid\"");
	assert_string_equal(fts("what? 3.5"), "\"what?\" AND \"3.5\"");
	assert_string_equal(fts("bo‘lib mm-hmm e-mailed"),
			    "\"bo‘lib\" AND \"mm-hmm\" AND \"e-mailed\"");
	/* FTS5 syntax kept, words side by side joined with AND (3.40 refuses "a (b OR c)") */
	assert_string_equal(fts("a OR b NOT c"), "\"a\" OR \"b\" NOT \"c\"");
	assert_string_equal(fts("legal (aid OR lawyer)"), "\"legal\" AND (\"aid\" OR \"lawyer\")");
	assert_string_equal(fts("(a)(b)"), "(\"a\") AND (\"b\")");
	assert_string_equal(fts("\"legal aid\" clinic"), "\"legal aid\" AND \"clinic\"");
	assert_string_equal(fts("\"say \"\"hi\"\"\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(fts("bo'l* \"legal ai\"*"), "\"bo'l\" * AND \"legal ai\" *");
	assert_string_equal(fts("NEAR(legal clinic, 5)"), "NEAR(\"legal\" \"clinic\", 5)");
	assert_string_equal(fts("x NEAR (\"legal aid\" mailed*)"),
			    "\"x\" AND NEAR(\"legal aid\" \"mailed\" *)");
	/* lowercase operators and NEAR without ( are words */
	assert_string_equal(fts("or not near"), "\"or\" AND \"not\" AND \"near\"");
	/* a word without letters or digits is left out; a column filter is punctuation */
	assert_string_equal(fts("why ? -- *"), "\"why\"");
	assert_string_equal(fts("text:legal"), "\"text:legal\"");
	/* queries FTS5 would refuse: braid's message, with what to do */
	assert_string_equal(fts("\"legal aid"),
			    "error: unbalanced \" in the query: close it or search the words "
			    "without quotes");
	assert_string_equal(fts("don\"t"),
			    "error: unbalanced \" in the query: close it or search the words "
			    "without quotes");
	assert_string_equal(fts("(legal OR aid"),
			    "error: unbalanced ( in the query: close it with ) or search the words "
			    "without parentheses");
	assert_string_equal(fts("smile :)"),
			    "error: unbalanced ) in the query: open it with ( or leave it out");
	assert_string_equal(fts("a () b"),
			    "error: empty ( ) in the query: put words inside or leave them out");
	assert_string_equal(fts("NOT lawyer"),
			    "error: NOT in the query needs a word or phrase on each side ('a NOT b': "
			    "turns with a and without b): to search for the word, write it in "
			    "lowercase or in quotes");
	assert_string_equal(fts("legal AND NOT lawyer"),
			    "error: NOT in the query needs a word or phrase on each side ('a NOT b': "
			    "turns with a and without b): to search for the word, write it in "
			    "lowercase or in quotes");
	assert_string_equal(fts("legal OR"),
			    "error: OR in the query needs a word or phrase on each side ('a OR b'): "
			    "to search for the word, write it in lowercase or in quotes");
	assert_string_equal(fts("(legal AND)"),
			    "error: AND in the query needs a word or phrase on each side ('a AND b'): "
			    "to search for the word, write it in lowercase or in quotes");
	assert_string_equal(fts("NEAR(a OR b)"),
			    "error: bad NEAR(...) in the query: it takes words or phrases and an "
			    "optional distance, as in NEAR(legal aid, 5)");
	assert_string_equal(fts("NEAR(a b, x)"),
			    "error: bad NEAR(...) in the query: it takes words or phrases and an "
			    "optional distance, as in NEAR(legal aid, 5)");
	assert_string_equal(fts("NEAR()"),
			    "error: bad NEAR(...) in the query: it takes words or phrases and an "
			    "optional distance, as in NEAR(legal aid, 5)");
	assert_string_equal(fts("NEAR(a b"),
			    "error: unbalanced ( in the query: close it with ) or search the words "
			    "without parentheses");
	/* FTS5's parser stack: ten levels of parentheses, however full, and no more */
	assert_true(strncmp(fts("a OR b AND c NOT (a OR b AND c NOT (a OR b AND c NOT (a OR b AND c "
				"NOT (a OR b AND c NOT (a OR b AND c NOT (a OR b AND c NOT (a OR b "
				"AND c NOT (a OR b AND c NOT (a OR b AND c NOT (x))))))))))"),
			    "error", 5));
	assert_string_equal(fts("((((((((((( x )))))))))))"),
			    "error: too many ( inside one another in the query (at most 10): search "
			    "with fewer");
	assert_string_equal(fts("? ..."),
			    "error: nothing to search for in '? ...': the query has no letters or "
			    "digits");
}

/* The hits of a query in one document, "hit|hit|...", each with its turn: "2:legal-aid". */
static int hit_text(const struct braid_hit *h, void *ctx)
{
	struct strbuf *out = ctx;

	strbuf_addf(out, "%s%lld:%.*s", out->len ? "|" : "", (long long)h->turn->idx,
		    (int)(h->hit_end - h->hit_start), h->turn->text + h->hit_start);
	return 0;
}

static const char *hits_with(const char *query, const struct braid_search_opts *o)
{
	static struct strbuf out = STRBUF_INIT;

	strbuf_reset(&out);
	if (braid_search(st, query, o, hit_text, &out, &err))
		fail_msg("search '%s': %s", query, err.msg);
	return out.buf;
}

static const char *hits_in(const char *query, const char *in)
{
	struct braid_search_opts o = { .doc = in };

	return hits_with(query, &o);
}

/*
 * The words of the issue, searched as people type them, in a document
 * whose every hit is known: each text form that should match is there,
 * and next to it one that should not.
 */
static void test_typed_words(void **state)
{
	struct braid_ingest_opts o = { 0 };
	char file[64], name[64];
	const char *paths[1] = { file };
	FILE *f;

	snprintf(file, sizeof(file), "/tmp/braid-search-%d-typed.txt", (int)getpid());
	snprintf(name, sizeof(name), "braid-search-%d-typed", (int)getpid());
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("A: I don't know. Dont worry, do not.\n"
	      "B: The legal-aid clinic, legal aid, legal  aid; legal, aid. Legalaid.\n"
	      "A: Mm-hmm. Mm hmm. mm - hmm. Hmm. Mm.\n"
	      "B: I e-mailed them; the email came back. E-Mailed twice.\n"
	      "A: What? What is it... what?!\n"
	      "B: It cost 3.5 million, not 35 or 3,5.\n"
	      "A: Birinchi bo'lib, bo\u2018lib, bo\u2019lib, bo\u02bblib, bo\u02bclib, bo`lib va bolib.\n"
	      "B: Ўз уз ЎЗ узок; йод иод ёлка елка.\n",
	      f);
	fclose(f);
	if (braid_ingest(st, paths, 1, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	unlink(file);
	assert_string_equal(hits_in("don't", name), "1:don't");
	assert_string_equal(hits_in("legal-aid", name),
			    "2:legal-aid|2:legal aid|2:legal  aid|2:legal, aid");
	assert_string_equal(hits_in("mm-hmm", name), "3:Mm-hmm|3:Mm hmm|3:mm - hmm");
	assert_string_equal(hits_in("e-mailed", name), "4:e-mailed|4:E-Mailed");
	assert_string_equal(hits_in("what?", name), "5:What|5:What|5:what");
	assert_string_equal(hits_in("3.5", name), "6:3.5|6:3,5");
	assert_string_equal(hits_in("bo'lib", name),
			    "7:bo'lib|7:bo\u2018lib|7:bo\u2019lib|7:bo\u02bblib|7:bo\u02bclib|7:bo`lib");
	/* each apostrophe form as the query finds the same six */
	assert_string_equal(hits_in("bo\u02bblib", name), hits_in("bo`lib", name));
	assert_string_equal(hits_in("ўз", name), "8:Ўз|8:уз|8:ЎЗ");
	assert_string_equal(hits_in("йод", name), "8:йод|8:иод");
	assert_string_equal(hits_in("елка", name), "8:ёлка|8:елка");
	/* FTS5 syntax still works */
	assert_string_equal(hits_in("don*", name), "1:don't|1:Dont");
	assert_string_equal(hits_in("bo'l*", name), hits_in("bo'lib", name));
	assert_string_equal(hits_in("mailed OR million", name), "4:mailed|4:Mailed|6:million");
	assert_string_equal(hits_in("\"legal aid\" NOT clinic", name), "");
	assert_string_equal(hits_in("legalaid OR (hmm NOT mm)", name), "2:Legalaid");
	assert_string_equal(hits_in("NEAR(know worry, 2)", name), "1:know|1:worry");
	assert_string_equal(hits_in("what? it", name), "5:What|5:What|5:it|5:what");
}

/* Counts the hits handed out before a search ends. */
static int count_hit(const struct braid_hit *h, void *ctx)
{
	++*(size_t *)ctx;
	return 0;
}

/* A search that must fail before any hit: the code, and the message. */
static const char *refused(const char *query, const struct braid_search_opts *o, int code)
{
	size_t n = 0;
	int rc;

	braid_err_clear(&err);
	rc = braid_search(st, query, o, count_hit, &n, &err);
	if (rc != code)
		fail_msg("search '%s': %d (%s), want %d", query, rc, err.msg, code);
	assert_int_equal(n, 0);
	return err.msg;
}

/*
 * Filters name what exists, on both paths (FTS5 and regex): a document by
 * name or file, a speaker label in any case, a role of the vocabulary, with
 * interviewer answering for moderators. Unknown names fail before the
 * first hit, with the names near them.
 */
static void test_filters(void **state)
{
	struct braid_ingest_opts io = { .kind = "focus-group" };
	static const char *const mods[] = { "Mod" };
	char file[64], name[64], msg[256];
	const char *paths[1] = { file };
	FILE *f;

	snprintf(file, sizeof(file), "/tmp/braid-search-%d-fg.txt", (int)getpid());
	snprintf(name, sizeof(name), "braid-search-%d-fg", (int)getpid());
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("Mod: Welcome. What helped with the mango?\n"
	      "Amina: The mango clinic.\n"
	      "Olim: Mango, mango.\n"
	      "Amina: Nothing else.\n",
	      f);
	fclose(f);
	io.interviewers = mods;
	io.ninterviewers = 1;
	if (braid_ingest(st, paths, 1, &io, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	for (int regex = 0; regex < 2; regex++) {
		struct braid_search_opts o = { .regex = regex, .doc = name };
		const char *q = "mango";

		/* speaker labels in any case */
		o.speaker = "AMINA";
		assert_string_equal(hits_with(q, &o), "2:mango");
		o.speaker = "olim";
		assert_string_equal(hits_with(q, &o), "3:Mango|3:mango");
		/* interviewer answers for the moderator; moderator only for itself */
		o.speaker = NULL;
		o.role = "interviewer";
		assert_string_equal(hits_with(q, &o), "1:mango");
		o.role = "moderator";
		assert_string_equal(hits_with(q, &o), "1:mango");
		o.role = "participant";
		assert_string_equal(hits_with(q, &o), "2:mango|3:Mango|3:mango");
		/* the document by the file it was read from */
		o.role = NULL;
		o.doc = strrchr(file, '/') + 1;
		assert_string_equal(hits_with(q, &o), "1:mango|2:mango|3:Mango|3:mango");
		/* unknown names: the ones near them */
		o.doc = "braid-search-fgx";
		snprintf(msg, sizeof(msg), "no document 'braid-search-fgx'");
		assert_string_equal(refused(q, &o, BRAID_ENOTFOUND), msg);
		o.doc = name;
		name[strlen(name) - 1] = 'x'; /* "-fx" is one edit from "-fg" */
		snprintf(msg, sizeof(msg), "no document '%s' (did you mean '%.*sg'?)", name,
			 (int)strlen(name) - 1, name);
		assert_string_equal(refused(q, &o, BRAID_ENOTFOUND), msg);
		name[strlen(name) - 1] = 'g';
		o.speaker = "Amna";
		snprintf(msg, sizeof(msg), "document '%s': no speaker 'Amna' (did you mean 'Amina'?)",
			 name);
		assert_string_equal(refused(q, &o, BRAID_ENOTFOUND), msg);
		/* a label of another document is not one of this document's */
		o.speaker = "R";
		snprintf(msg, sizeof(msg), "document '%s': no speaker 'R'", name);
		assert_string_equal(refused(q, &o, BRAID_ENOTFOUND), msg);
		/* ... but it is one of the project's */
		o.doc = NULL;
		assert_int_equal(braid_search(st, q, &o, count_hit, &(size_t){ 0 }, &err), 0);
		o.speaker = "Olimm";
		assert_string_equal(refused(q, &o, BRAID_ENOTFOUND),
				    "no speaker 'Olimm' (did you mean 'Olim'?)");
		o.speaker = NULL;
		o.role = "researcher";
		assert_string_equal(refused(q, &o, BRAID_EINVAL),
				    "unknown role 'researcher' (expected interviewer, participant, "
				    "moderator or other)");
	}
	unlink(file);
}

/*
 * A regex that backtracks without end ((a+)+$ on 40 a's and a full stop)
 * is an error naming the document and turn, after the hits before it; never
 * "no hits". With and without JIT: PCRE2 applies the match limit to both.
 */
static void test_regex_limits(void **state)
{
	struct braid_ingest_opts io = { 0 };
	struct braid_search_opts o = { .regex = 1 };
	char file[64], name[64], want[256];
	const char *paths[1] = { file };
	size_t n = 0;
	FILE *f;

	snprintf(file, sizeof(file), "/tmp/braid-search-%d-zzre.txt", (int)getpid());
	snprintf(name, sizeof(name), "braid-search-%d-zzre", (int)getpid());
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("A: aaaa\nB: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.\n", f);
	fclose(f);
	if (braid_ingest(st, paths, 1, &io, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	unlink(file);
	o.doc = name;
	assert_int_equal(braid_search(st, "(a+)+$", &o, count_hit, &n, &err), BRAID_EINVAL);
	/* turn 1 matched (its end is the turn's end); turn 2 is where the limit was hit */
	assert_int_equal(n, 1);
	snprintf(want, sizeof(want),
		 "regex '(a+)+$': matching failed in '%s', turn 2: match limit exceeded: simplify "
		 "the pattern (a repeat inside a repeat, as in (a+)+, can backtrack without end)",
		 name);
	assert_string_equal(err.msg, want);
	/* the same pattern without JIT: (*NO_JIT) */
	n = 0;
	assert_int_equal(braid_search(st, "(*NO_JIT)(a+)+$", &o, count_hit, &n, &err),
			 BRAID_EINVAL);
	assert_int_equal(n, 1);
	assert_non_null(strstr(err.msg, "turn 2: match limit exceeded"));
}

static const char *kwic_hit(const char *hit, size_t width)
{
	static struct strbuf out = STRBUF_INIT;

	strbuf_reset(&out);
	braid_kwic_hit(hit, 0, strlen(hit), width, &out);
	return out.buf;
}

/* The hit as the table shows it: on one line, cut in the middle past --width (20 at least). */
static void test_kwic_hit(void **state)
{
	static const char *const abc = "abcdefghijklmnopqrstuvwxyz";

	assert_string_equal(kwic_hit("legal aid", 40), "legal aid");
	assert_string_equal(kwic_hit("a\nb\tc", 40), "a b c");
	/* 26 letters in 20: 9 + "..." + 8 */
	assert_string_equal(kwic_hit(abc, 20), "abcdefghi...stuvwxyz");
	assert_string_equal(kwic_hit(abc, 5), "abcdefghi...stuvwxyz");
	assert_string_equal(kwic_hit(abc, 26), abc);
	assert_string_equal(kwic_hit(abc, 25), "abcdefghijk...pqrstuvwxyz");
	/* code points, not bytes: 24 Cyrillic letters in 20 */
	assert_int_equal(braid_cp_count(kwic_hit("абвгдежзийклмнопрстуфхцч", 20),
					strlen(kwic_hit("абвгдежзийклмнопрстуфхцч", 20))),
			 20);
	assert_string_equal(kwic_hit("абвгдежзийклмнопрстуфхцч", 20), "абвгдежзи...рстуфхцч");
}

static int words_cb(const struct braid_hit *h, void *ctx)
{
	struct strbuf *out = ctx;
	const char *dash = strrchr(h->turn->doc, '-');

	strbuf_addf(out, "%s%s#%lld:%.*s", out->len ? " " : "", dash + 1, (long long)h->turn->idx,
		    (int)(h->turn->text_len - h->hit_end - 1), h->turn->text + h->hit_end + 1);
	return 0;
}

static const char *words(const char *query, size_t limit)
{
	static struct strbuf out = STRBUF_INIT;
	struct braid_search_opts o = { .limit = limit };

	strbuf_reset(&out);
	if (braid_search(st, query, &o, words_cb, &out, &err))
		fail_msg("search '%s': %s", query, err.msg);
	return out.buf;
}

/*
 * Hits come in document name and text order whatever the order of the ids:
 * documents ingested in the reverse of their name order, then a document
 * whose turns' ids fall in text order no more.
 */
static void test_document_order(void **state)
{
	struct braid_ingest_opts o = { 0 };
	char zz[64], aa[64], sql[256];
	const char *paths[2] = { zz, aa };
	int64_t id;

	snprintf(zz, sizeof(zz), "/tmp/braid-search-%d-zz.txt", (int)getpid());
	snprintf(aa, sizeof(aa), "/tmp/braid-search-%d-aa.txt", (int)getpid());
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(paths[i], "w");

		assert_non_null(f);
		fputs(i ? "A: kiwi three\nB: kiwi four\nA: pear\n" : "A: kiwi one\nB: kiwi two\n", f);
		fclose(f);
	}
	if (braid_ingest(st, paths, 2, &o, NULL, NULL, &err))
		fail_msg("ingest: %s", err.msg);
	unlink(zz);
	unlink(aa);
	assert_string_equal(words("kiwi", 0), "aa#1:three aa#2:four zz#1:one zz#2:two");
	assert_string_equal(words("kiwi", 3), "aa#1:three aa#2:four zz#1:one");
	/* the first two turns of aa change places: their ids now fall against text order */
	snprintf(doc, sizeof(doc), "braid-search-%d-aa", (int)getpid());
	assert_int_equal(braid_doc_find(st, doc, &id, &err), 0);
	snprintf(sql, sizeof(sql),
		 "UPDATE turns SET start_cp = 1000 - end_cp, end_cp = 1000 - start_cp, idx = 3 - idx"
		 " WHERE doc_id = %lld AND idx <= 2",
		 (long long)id);
	assert_int_equal(sqlite3_exec(braid_store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_string_equal(words("kiwi", 0), "aa#1:four aa#2:three zz#1:one zz#2:two");
	assert_string_equal(words("kiwi", 2), "aa#1:four aa#2:three");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_turn),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_diacritics),
		cmocka_unit_test(test_query_rule),
		cmocka_unit_test(test_typed_words),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_regex_limits),
		cmocka_unit_test(test_kwic_hit),
		/* last: it adds documents and changes turns */
		cmocka_unit_test(test_document_order),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
