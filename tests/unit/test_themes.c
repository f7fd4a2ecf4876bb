/*
 * test_themes.c - themes (themes.h): every operation with its audit note and
 * an exact undo and redo, refusals that change nothing (unknown names,
 * cycles, frozen themes), prevalence worked out by hand, co-occurrence,
 * extracts, quotes and memos on themes.
 */
#define FIXTURE "themes"
#include "themesfixture.h"

#include <sqlite3.h>

#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/history.h"
#include "braid/ingest.h"
#include "braid/store.h"
#include "braid/themes.h"

static int64_t count(const char *sql)
{
	return test_sql_int(st, sql);
}

static char *snapshot(void)
{
	return test_snapshot(st);
}

/* The text of the first column of the first row (static buffer). */
static const char *text_of(const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *s;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

static const char *text_of_id(const char *sql, int64_t id)
{
	static char buf[256];
	sqlite3_stmt *s;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(braid_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return buf;
}

static const char *last_detail(void)
{
	return text_of("SELECT detail FROM audit ORDER BY id DESC LIMIT 1");
}

static int step(const char *who, int redo)
{
	struct braid_history_result res;
	int rc;

	begin(who, redo ? "redo" : "undo");
	rc = (redo ? braid_redo : braid_undo)(st, 1, &res, &err);
	if (rc)
		braid_store_rollback(st);
	else
		commit();
	return rc;
}

/* Undo restores the project exactly as `before`; redo brings the change back exactly. */
static void undo_redo_exact(const char *who, const char *before)
{
	char *after = snapshot(), *undone, *redone;

	if (step(who, 0))
		fail_msg("undo: %s", err.msg);
	undone = snapshot();
	ASSERT_SAME(before, undone);
	if (step(who, 1))
		fail_msg("redo: %s", err.msg);
	redone = snapshot();
	ASSERT_SAME(after, redone);
	free(after);
	free(undone);
	free(redone);
}

static int64_t find(const char *ref)
{
	int64_t id = 0;

	if (braid_theme_find(st, ref, &id, &err))
		fail_msg("find '%s': %s", ref, err.msg);
	return id;
}

/* Ends a change: commits it when rc is 0, else rolls it back; returns rc. */
static int change_end(int rc)
{
	if (rc)
		braid_store_rollback(st);
	else
		commit();
	return rc;
}

/* One change as `ana`: the call's result (the comma runs begin first). */
#define CHANGE(command, call) (begin("ana", (command)), change_end(call))

/*
 * A refused call changes nothing, already before the change is rolled back:
 * the project inside the open change is as it was.
 */
static void refused(int code, const char *msg, int rc, const char *before)
{
	char *now = snapshot();

	if (rc != code)
		fail_msg("expected %d, got %d (%s)", code, rc, err.msg);
	if (msg && !strstr(err.msg, msg))
		fail_msg("message '%s' lacks '%s'", err.msg, msg);
	ASSERT_SAME(before, now);
	free(now);
	braid_store_rollback(st);
}

#define REFUSED(code, msg, call)                                                                 \
	do {                                                                                     \
		char *before_ = snapshot();                                                      \
		begin("ana", "refused");                                                         \
		refused((code), (msg), (call), before_);                                         \
		free(before_);                                                                   \
	} while (0)

static const char *const family[] = { "family" }, *const legal[] = { "legal" };

/* support { family-help (family), legal-help (legal) } (shelter), peer (peer) */
/* ---- making, finding ---- */

static void test_new_and_find(void **state)
{
	char *s0 = snapshot();
	int64_t a, b, c, id;

	assert_int_equal(CHANGE("theme new", braid_theme_new(st, "Peer support", NULL, "ana", &a,
							     &err)),
			 0);
	assert_string_equal(last_detail(), "new theme 'peer-support' (Peer support) by ana");
	assert_int_equal(count("SELECT created_phase FROM themes WHERE slug = 'peer-support'"), 1);
	assert_string_equal(text_of("SELECT status FROM themes WHERE slug = 'peer-support'"),
			    "candidate");
	undo_redo_exact("ana", s0);
	free(s0);

	/* the project's phase is recorded; a name taken by a sibling is refused, ignoring case */
	begin("ana", "phase");
	assert_int_equal(sqlite3_exec(braid_store_db(st),
				      "INSERT OR REPLACE INTO project(key, value) VALUES ('phase', '3')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	commit();
	REFUSED(BRAID_EEXIST, "a theme named 'Peer support' is already there (peer-support)",
		braid_theme_new(st, "PEER SUPPORT", NULL, "ana", &id, &err));
	/* under another parent the name is free, and the slug gets a number */
	assert_int_equal(CHANGE("theme new", braid_theme_new(st, "Informal", NULL, "ana", &b, &err)),
			 0);
	assert_int_equal(CHANGE("theme new", braid_theme_new(st, "peer support", "informal", NULL,
							     &c, &err)),
			 0);
	assert_string_equal(last_detail(),
			    "new theme 'peer-support-2' (peer support) under 'informal' (Informal)");
	assert_int_equal(count("SELECT created_phase FROM themes WHERE slug = 'peer-support-2'"), 3);
	assert_int_equal(count("SELECT count(*) FROM themes WHERE slug = 'peer-support-2'"
			       " AND created_by IS NULL"),
			 1);
	/* found by slug, or by a unique name; two live ones of a name are ambiguous */
	assert_int_equal(find("peer-support-2"), c);
	assert_int_equal(find("informal"), b);
	assert_int_equal(braid_theme_find(st, "Peer Support", &id, &err), BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "use one of the ids peer-support, peer-support-2"));
	assert_int_equal(braid_theme_find(st, "peer suport", &id, &err), BRAID_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no theme 'peer suport' (did you mean "));
	assert_non_null(strstr(err.msg, "'peer-support'"));
	/* a discarded one gives way to the live one of the same name */
	assert_int_equal(CHANGE("theme discard",
				braid_theme_discard(st, a, "folded into informal", &err)),
			 0);
	assert_int_equal(find("Peer Support"), c);
	/* an unknown parent */
	REFUSED(BRAID_ENOTFOUND, "no theme 'nope'",
		braid_theme_new(st, "X", "nope", "ana", &id, &err));
	REFUSED(BRAID_EINVAL, "a theme needs a name", braid_theme_new(st, "  ", NULL, NULL, &id,
								      &err));
	/* nothing new goes under a discarded theme */
	REFUSED(BRAID_EINVAL, "theme 'peer-support' is discarded: no new theme goes under it",
		braid_theme_new(st, "X", "peer-support", "ana", &id, &err));
}

/* ---- every operation: its note, an exact undo and redo ---- */

static void test_operations_audit_undo(void **state)
{
	static const char *const two[] = { "Legal", "shelter" };
	int64_t support, fam, leg, peer, split_id, q;
	char *s0;

	fixture_theme_tree(0);
	support = find("support");
	fam = find("family-help");
	leg = find("legal-help");
	peer = find("peer");

	s0 = snapshot();
	assert_int_equal(CHANGE("theme add-code", braid_theme_add_codes(st, peer, two, 2, &err)), 0);
	assert_string_equal(last_detail(), "added codes 'legal' and 'shelter' to theme 'peer' (Peer)");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("theme rm-code", braid_theme_rm_codes(st, peer, two, 2, &err)), 0);
	assert_string_equal(last_detail(), "took codes 'legal' and 'shelter' out of theme 'peer' (Peer)");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("theme rename", braid_theme_rename(st, peer, "Peer groups", &err)),
			 0);
	assert_string_equal(last_detail(), "renamed theme 'peer': 'Peer' -> 'Peer groups'");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("theme move", braid_theme_move(st, peer, support, &err)), 0);
	assert_string_equal(last_detail(), "moved theme 'peer' (Peer groups) from the top level to "
					   "under 'support' (Support)");
	assert_int_equal(count("SELECT position FROM themes WHERE slug = 'peer'"), 2);
	undo_redo_exact("ana", s0);
	free(s0);
	s0 = snapshot();
	assert_int_equal(CHANGE("theme move", braid_theme_move(st, peer, 0, &err)), 0);
	assert_string_equal(last_detail(), "moved theme 'peer' (Peer groups) from under 'support' "
					   "(Support) to the top level");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("theme define",
				braid_theme_define(st, fam, "Kin who help", "Relatives only", &err)),
			 0);
	assert_string_equal(last_detail(), "defined theme 'family-help' (Family help): definition "
					   "(none) -> 'Kin who help'; scope (none) -> 'Relatives only'");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("theme review", braid_theme_review(st, fam, 1, 1, &err)), 0);
	assert_string_equal(last_detail(), "reviewed theme 'family-help' (Family help) against its "
					   "coded extracts and against the whole data set");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("theme status", braid_theme_set_status(st, fam, "reviewed", &err)),
			 0);
	assert_string_equal(last_detail(),
			    "theme 'family-help' (Family help) status candidate -> reviewed");
	undo_redo_exact("ana", s0);
	free(s0);
	s0 = snapshot();
	assert_int_equal(CHANGE("theme status", braid_theme_set_status(st, fam, "defined", &err)), 0);
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("quote add",
				braid_quote_add(st, fam, g[1], "the sister", "ana", &q, &err)),
			 0);
	assert_string_equal(last_detail(),
			    "quote #1 of theme 'family-help' (Family help): coding #1: A [25-42] "
			    "'family' by ana, manual accepted, chosen by ana; note: the sister");
	undo_redo_exact("ana", s0);
	free(s0);

	s0 = snapshot();
	assert_int_equal(CHANGE("quote rm", braid_quote_rm(st, q, &err)), 0);
	assert_string_equal(last_detail(), "removed quote #1 of theme 'family-help' (Family help) "
					   "(coding #1)");
	undo_redo_exact("ana", s0);
	free(s0);
	assert_int_equal(CHANGE("quote add", braid_quote_add(st, fam, g[7], NULL, "ana", &q, &err)),
			 0);

	/* split: a new sibling takes legal-help's code; its quote goes along */
	assert_int_equal(CHANGE("quote add", braid_quote_add(st, leg, g[3], NULL, "ana", &q, &err)),
			 0);
	s0 = snapshot();
	assert_int_equal(CHANGE("theme split", braid_theme_split(st, leg, "Lawyers", legal, 1, "ana",
								 &split_id, &err)),
			 0);
	assert_string_equal(last_detail(), "split theme 'legal-help' (Legal help): new theme "
					   "'lawyers' (Lawyers) takes code 'legal', by ana; 1 quote "
					   "moved with them");
	assert_int_equal(count("SELECT count(*) FROM themes WHERE slug = 'lawyers' AND parent_id = "
			       "(SELECT id FROM themes WHERE slug = 'support')"),
			 1);
	assert_int_equal(count("SELECT theme_id FROM quotes WHERE coding_id = 3"), split_id);
	undo_redo_exact("ana", s0);
	free(s0);

	/* merge: lawyers into family-help, its code and quote with it; a memo too */
	{
		int64_t memo;

		assert_int_equal(CHANGE("memo add", braid_memo_add(st, "theme:lawyers", NULL, "ana",
								    "who pays them", &memo, &err)),
				 0);
		assert_string_equal(last_detail(), "analytic memo #1 on theme:lawyers by ana: who pays them");
	}
	s0 = snapshot();
	assert_int_equal(CHANGE("theme merge", braid_theme_merge(st, split_id, fam, &err)), 0);
	assert_string_equal(last_detail(),
			    "merged theme 'lawyers' (Lawyers) into 'family-help' (Family help): 1 "
			    "code, 0 sub-themes, 1 quote and 1 memo moved");
	assert_string_equal(text_of("SELECT status || ' ' || merged_into FROM themes"
				    " WHERE slug = 'lawyers'"),
			    "merged 2");
	assert_int_equal(count("SELECT count(*) FROM memos WHERE theme_id = 2"), 1);
	undo_redo_exact("ana", s0);
	free(s0);

	/* merge with duplicates, and a sub-theme moving */
	{
		int64_t x, y, sub;
		static const char *const both[] = { "family", "peer" };

		assert_int_equal(CHANGE("theme new", braid_theme_new(st, "X", NULL, "ana", &x, &err)), 0);
		assert_int_equal(CHANGE("theme new", braid_theme_new(st, "Y", NULL, "ana", &y, &err)), 0);
		assert_int_equal(CHANGE("theme new", braid_theme_new(st, "Sub", "x", "ana", &sub, &err)),
				 0);
		assert_int_equal(CHANGE("a", braid_theme_add_codes(st, x, both, 2, &err)), 0);
		assert_int_equal(CHANGE("a", braid_theme_add_codes(st, y, family, 1, &err)), 0);
		assert_int_equal(CHANGE("q", braid_quote_add(st, x, g[1], NULL, "ana", &q, &err)), 0);
		assert_int_equal(CHANGE("q", braid_quote_add(st, y, g[1], NULL, "ana", &q, &err)), 0);
		s0 = snapshot();
		assert_int_equal(CHANGE("theme merge", braid_theme_merge(st, x, y, &err)), 0);
		assert_string_equal(last_detail(),
				    "merged theme 'x' (X) into 'y' (Y): 1 code, 1 sub-theme, 0 quotes "
				    "and 0 memos moved (already there: 1 code, 1 quote)");
		assert_int_equal(count("SELECT count(*) FROM theme_codes WHERE theme_id = (SELECT id"
				       " FROM themes WHERE slug = 'y')"),
				 2);
		assert_int_equal(count("SELECT parent_id FROM themes WHERE slug = 'sub'"), y);
		undo_redo_exact("ana", s0);
		free(s0);
	}

	/* discard, and bringing a discarded theme back */
	s0 = snapshot();
	assert_int_equal(CHANGE("theme discard",
				braid_theme_discard(st, peer, "too thin:\n  two extracts", &err)),
			 0);
	assert_string_equal(last_detail(),
			    "discarded theme 'peer' (Peer groups) (was candidate): too thin: two extracts");
	undo_redo_exact("ana", s0);
	free(s0);
	s0 = snapshot();
	assert_int_equal(CHANGE("theme status", braid_theme_set_status(st, peer, "candidate", &err)),
			 0);
	assert_string_equal(last_detail(), "brought back discarded theme 'peer' (Peer groups) as "
					   "candidate (it was discarded: too thin: two extracts)");
	assert_int_equal(count("SELECT why IS NULL FROM themes WHERE slug = 'peer'"), 1);
	undo_redo_exact("ana", s0);
	free(s0);
	(void)support;
}

/* ---- refusals change nothing ---- */

static void test_refusals(void **state)
{
	static const char *const unknown[] = { "family", "nope" };
	int64_t support, fam, peer, id, q;

	fixture_theme_tree(0);
	support = find("support");
	fam = find("family-help");
	peer = find("peer");
	/* unknown codes: none is added, even the known one before it */
	REFUSED(BRAID_ENOTFOUND, "no code 'nope'", braid_theme_add_codes(st, peer, unknown, 2, &err));
	REFUSED(BRAID_ENOTFOUND, "code 'legal' is not in theme 'family-help'",
		braid_theme_rm_codes(st, fam, (const char *const[]){ "family", "legal" }, 2, &err));
	REFUSED(BRAID_ENOTFOUND, "code 'peer' is not in theme 'family-help'",
		braid_theme_split(st, fam, "New", (const char *const[]){ "peer" }, 1, "ana", &id,
				  &err));
	REFUSED(BRAID_EINVAL, "a split needs the codes",
		braid_theme_split(st, fam, "New", NULL, 0, "ana", &id, &err));
	REFUSED(BRAID_ENOTFOUND, "no theme with id 999", braid_theme_rename(st, 999, "x", &err));
	REFUSED(BRAID_EEXIST, "a theme named 'Legal help' is already there (legal-help)",
		braid_theme_rename(st, fam, "legal HELP", &err));
	REFUSED(BRAID_EEXIST, "a theme named 'Legal help' is already there",
		braid_theme_split(st, fam, "Legal Help", family, 1, "ana", &id, &err));
	/* cycles */
	REFUSED(BRAID_EINVAL, "cannot move a theme under itself or one of its own sub-themes",
		braid_theme_move(st, support, fam, &err));
	REFUSED(BRAID_EINVAL, "cannot move a theme under itself",
		braid_theme_move(st, support, support, &err));
	REFUSED(BRAID_EINVAL, "cannot merge a theme into one of its own sub-themes",
		braid_theme_merge(st, support, fam, &err));
	REFUSED(BRAID_EINVAL, "cannot merge a theme into itself",
		braid_theme_merge(st, fam, fam, &err));
	/* quotes: an unknown coding, a rejected one, one of another theme's codes, twice */
	REFUSED(BRAID_ENOTFOUND, "no coding 999", braid_quote_add(st, fam, 999, NULL, "ana", &q, &err));
	REFUSED(BRAID_EINVAL, "coding #10 is rejected",
		braid_quote_add(st, fam, g[10], NULL, "ana", &q, &err));
	REFUSED(BRAID_EINVAL, "coding #4 is coded 'peer', which is not a code of theme 'family-help'",
		braid_quote_add(st, fam, g[4], NULL, "ana", &q, &err));
	assert_int_equal(CHANGE("quote add", braid_quote_add(st, fam, g[1], NULL, "ana", &q, &err)), 0);
	REFUSED(BRAID_EEXIST, "coding #1 is quote #1 of theme 'family-help' already",
		braid_quote_add(st, fam, g[1], NULL, "ana", &q, &err));
	/* a sub-theme's coding is the parent's extract too */
	assert_int_equal(CHANGE("quote add", braid_quote_add(st, support, g[1], NULL, "ana", &q, &err)),
			 0);
	REFUSED(BRAID_ENOTFOUND, "no quote 99", braid_quote_rm(st, 99, &err));
	/* statuses and what they need */
	REFUSED(BRAID_EINVAL, "theme 'family-help' needs a definition and a scope to be defined "
			      "(it has neither)",
		braid_theme_set_status(st, fam, "defined", &err));
	REFUSED(BRAID_EINVAL, "theme 'family-help' has not been reviewed against its coded extracts "
			      "nor against the whole data set",
		braid_theme_set_status(st, fam, "reviewed", &err));
	REFUSED(BRAID_EINVAL, "unknown theme status 'done'",
		braid_theme_set_status(st, fam, "done", &err));
	REFUSED(BRAID_EINVAL, "a theme is discarded by discarding it",
		braid_theme_set_status(st, fam, "discarded", &err));
	REFUSED(BRAID_EINVAL, "give a definition or a scope",
		braid_theme_define(st, fam, NULL, NULL, &err));
	assert_int_equal(CHANGE("theme define", braid_theme_define(st, fam, "d", "s", &err)), 0);
	assert_int_equal(CHANGE("theme status", braid_theme_set_status(st, fam, "defined", &err)), 0);
	REFUSED(BRAID_EINVAL, "theme 'family-help' is defined: it keeps a definition and a scope",
		braid_theme_define(st, fam, "", NULL, &err));
	/* discard needs a reason, and no live sub-themes */
	REFUSED(BRAID_EINVAL, "discarding a theme needs a reason",
		braid_theme_discard(st, peer, " \n", &err));
	REFUSED(BRAID_EINVAL, "theme 'support' has sub-themes ('family-help', 'legal-help'): move "
			      "them out or discard them first",
		braid_theme_discard(st, support, "why", &err));
	/* a discarded theme is frozen, and nothing goes under it or into it */
	assert_int_equal(CHANGE("theme discard", braid_theme_discard(st, peer, "thin", &err)), 0);
	REFUSED(BRAID_EINVAL, "theme 'peer' is discarded", braid_theme_rename(st, peer, "P", &err));
	REFUSED(BRAID_EINVAL, "theme 'peer' is discarded",
		braid_theme_add_codes(st, peer, family, 1, &err));
	REFUSED(BRAID_EINVAL, "theme 'peer' is discarded already",
		braid_theme_discard(st, peer, "again", &err));
	REFUSED(BRAID_EINVAL, "theme 'peer' is discarded: no theme goes under it",
		braid_theme_move(st, fam, peer, &err));
	REFUSED(BRAID_EINVAL, "theme 'peer' is discarded", braid_theme_merge(st, fam, peer, &err));
	REFUSED(BRAID_EINVAL, "theme 'peer' is discarded",
		braid_quote_add(st, peer, g[4], NULL, "ana", &q, &err));
	/* a merged theme takes nothing, not even a status */
	assert_int_equal(CHANGE("theme merge", braid_theme_merge(st, fam, support, &err)), 0);
	REFUSED(BRAID_EINVAL, "theme 'family-help' was merged into 'support' (Support)",
		braid_theme_set_status(st, fam, "candidate", &err));
	REFUSED(BRAID_EINVAL, "theme 'family-help' was merged into 'support' (Support)",
		braid_theme_review(st, fam, 1, 0, &err));
	/* memos: an unknown theme */
	REFUSED(BRAID_ENOTFOUND, "no theme 'nope'",
		braid_memo_add(st, "theme:nope", NULL, "ana", "x", &id, &err));
}

/* ---- prevalence by hand ---- */

static void check_prev(const char *theme, const char *coder, int64_t segments, int64_t docs,
		       int64_t cases, int64_t words)
{
	struct braid_prevalence p;

	if (braid_theme_prevalence(st, find(theme), coder, &p, &err))
		fail_msg("prevalence of %s: %s", theme, err.msg);
	if (p.segments != segments || p.docs != docs || p.cases != cases || p.words != words)
		fail_msg("%s (%s): segments %lld docs %lld cases %lld words %lld; expected %lld %lld "
			 "%lld %lld",
			 theme, coder ? coder : "all", (long long)p.segments, (long long)p.docs,
			 (long long)p.cases, (long long)p.words, (long long)segments, (long long)docs,
			 (long long)cases, (long long)words);
	assert_int_equal(p.docs_total, 4);
	assert_int_equal(p.cases_total, 3);
	assert_int_equal(p.words_total, 22);
}

struct listed {
	char line[2048];
};

static int listed_row(const struct braid_theme_row *r, void *ctx)
{
	struct listed *l = ctx;
	size_t n = strlen(l->line);

	snprintf(l->line + n, sizeof(l->line) - n, "%s%d:%s[%zu] %lld/%lld/%lld/%lld", n ? "; " : "",
		 r->depth, r->slug, r->ncodes, (long long)r->prev.segments, (long long)r->prev.docs,
		 (long long)r->prev.cases, (long long)r->prev.words);
	return 0;
}

static void test_prevalence(void **state)
{
	struct braid_theme_filter f = { BRAID_THEMES_PREVALENCE, NULL };
	struct listed l = { "" };
	int64_t id;

	fixture_theme_tree(0);
	/*
	 * family-help (family), every coder:
	 *   segments: A 25..42 (g1 and g2: one span, two coders), A 28..53 (g5),
	 *   B 45..68 (g7) = 3; g10 is rejected
	 *   documents A, B = 2 of 4; cases P001, P002 = 2 of 3
	 *   words: A's union 25..53 "My sister helped. The lawyer" = 5, B "My sister
	 *   was far away." = 5; 10 of 22
	 */
	check_prev("family-help", NULL, 3, 2, 2, 10);
	/* ben's only: g2 "My sister helped." = 1 segment, A, P001, 3 words (g10 rejected) */
	check_prev("family-help", "ben", 1, 1, 1, 3);
	/*
	 * legal-help (legal), every coder:
	 *   segments: A 43..63 (g3), A 3..20 (g6, the interviewer's turn), B 27..44
	 *   (g8; g9 pending), C 24..42 (g11) = 4
	 *   documents A, B, C = 3; cases: A's turns give P001 (the interviewer has no
	 *   case of his own: the document's), B P002, C none = 2
	 *   words: "The lawyer was slow." 4, the interviewer's turn 0, "Nobody helped
	 *   me." 3, C is no participant's 0 = 7
	 */
	check_prev("legal-help", NULL, 4, 3, 2, 7);
	check_prev("legal-help", "ben", 0, 0, 0, 0); /* g9 is pending */
	/*
	 * support (shelter, and its sub-themes' family and legal):
	 *   segments: A 25..42, 28..53, 43..63, 3..20; B 45..68, 27..44; C 24..42 = 7
	 *   documents 3, cases 2
	 *   words: A's union 25..63 "My sister helped. The lawyer was slow." 7 and
	 *   3..20 none; B 27..44 and 45..68, all of R's 8 words; C 0 = 15
	 */
	check_prev("support", NULL, 7, 3, 2, 15);
	/* peer: A 87..108 "The group met weekly.": 1 segment, 1 document, P001, 4 words */
	check_prev("peer", NULL, 1, 1, 1, 4);

	/* theme ls: every theme in one walk, the same figures, in tree order */
	assert_int_equal(braid_themes_each(st, &f, listed_row, &l, &err), 0);
	assert_string_equal(l.line, "0:support[1] 7/3/2/15; 1:family-help[1] 3/2/2/10; "
				    "1:legal-help[1] 4/3/2/7; 0:peer[1] 1/1/1/4");
	/* a discarded sub-theme's codes no longer count for its parent; --all lists it */
	assert_int_equal(CHANGE("d", braid_theme_discard(st, find("legal-help"), "x", &err)), 0);
	check_prev("support", NULL, 3, 2, 2, 10);
	l.line[0] = '\0';
	f.flags |= BRAID_THEMES_ALL;
	assert_int_equal(braid_themes_each(st, &f, listed_row, &l, &err), 0);
	assert_string_equal(l.line, "0:support[1] 3/2/2/10; 1:family-help[1] 3/2/2/10; "
				    "1:legal-help[1] 4/3/2/7; 0:peer[1] 1/1/1/4");
	/* an unknown coder is an error, not zero */
	{
		struct braid_prevalence p;

		assert_int_equal(braid_theme_prevalence(st, find("peer"), "zoe", &p, &err),
				 BRAID_ENOTFOUND);
	}
	assert_string_equal(err.msg, "no coder 'zoe'");
	(void)id;
}

/* ---- co-occurrence ---- */

struct co {
	char line[512];
};

static int co_row(const struct braid_cooccur_row *r, void *ctx)
{
	struct co *c = ctx;
	size_t n = strlen(c->line);

	snprintf(c->line + n, sizeof(c->line) - n, "%s%s %lld", n ? ", " : "", r->slug,
		 (long long)r->segments);
	return 0;
}

static const char *cooccur(const char *theme, const char *coder)
{
	static struct co c;

	c.line[0] = '\0';
	if (braid_theme_cooccur(st, find(theme), coder, co_row, &c, &err))
		fail_msg("cooccur: %s", err.msg);
	return c.line;
}

struct pairs {
	struct strbuf out;
	int64_t last;
};

static int pair_row(int64_t theme, int64_t other, int64_t segments, void *ctx)
{
	struct pairs *p = ctx;

	if (theme != p->last)
		strbuf_addf(&p->out, "%s%s: ", p->last ? "\n" : "",
			    text_of_id("SELECT slug FROM themes WHERE id = ?", theme));
	else
		strbuf_addstr(&p->out, ", ");
	strbuf_addf(&p->out, "%s %lld", text_of_id("SELECT slug FROM themes WHERE id = ?", other),
		    (long long)segments);
	p->last = theme;
	return 0;
}

/* braid_themes_cooccur_each as "theme: other n, other n" lines. */
static const char *all_pairs(const char *coder)
{
	static char buf[1024];
	struct pairs p = { STRBUF_INIT, 0 };

	assert_int_equal(braid_themes_cooccur_each(st, coder, pair_row, &p, &err), 0);
	if (p.last)
		strbuf_addch(&p.out, '\n');
	snprintf(buf, sizeof(buf), "%s", p.out.buf);
	strbuf_release(&p.out);
	return buf;
}

static void test_cooccur(void **state)
{
	fixture_theme_tree(0);
	/*
	 * family-help's segments: A 25..42 and 28..53 (turn 2), B 45..68 (turn 2).
	 * legal-help's: A 43..63 overlaps 28..53; A 3..20 is turn 1, apart; B
	 * 27..44 is in B's turn 2 with 45..68; C 24..42 has no family segment: 2.
	 * peer's A 87..108 is turn 4: none. support holds family-help: left out.
	 */
	assert_string_equal(cooccur("family-help", NULL), "legal-help 2");
	/*
	 * legal-help's segments meet family-help's A 25..42 (same turn as 43..63),
	 * A 28..53 (overlaps) and B 45..68 (same turn as 27..44): 3 distinct
	 * segments (g1 and g2 are one)
	 */
	assert_string_equal(cooccur("legal-help", NULL), "family-help 3");
	assert_string_equal(cooccur("peer", NULL), "");
	assert_string_equal(cooccur("support", NULL), "");
	/* ben: g2 only for family-help, and no legal coding of his is accepted */
	assert_string_equal(cooccur("family-help", "ben"), "");
	/*
	 * a theme holding legal and peer: its segments meeting family-help's are
	 * A 43..63 (overlap) and B 27..44 (same turn); A 3..20 and 87..108 not
	 */
	{
		static const char *const lp[] = { "legal", "peer" };
		int64_t id;

		assert_int_equal(CHANGE("n", braid_theme_new(st, "Both", NULL, "ana", &id, &err)), 0);
		assert_int_equal(CHANGE("a", braid_theme_add_codes(st, id, lp, 2, &err)), 0);
		assert_string_equal(cooccur("family-help", NULL), "both 2, legal-help 2");
		/* peer's one segment, A 87..108, is Both's too (by the same code) */
		assert_string_equal(cooccur("peer", NULL), "both 1");
		/*
		 * every pair in one walk (the map), by the same rules; a theme's own
		 * sub-themes and ancestors left out. support (shelter, and through
		 * its sub-themes family and legal) meets Both's A 3..20, A 43..63, B
		 * 27..44 and C 24..42, not A 87..108 (turn 4): 4. legal-help meets
		 * those same four of Both's: 4; peer none of legal-help's. Both meets
		 * support's A 25..42 (g1 and g2 one span, same turn as 43..63),
		 * 28..53, 43..63, 3..20, B 45..68 (same turn as 27..44), B 27..44
		 * and C 24..42: 7; family-help's 3 of them, legal-help's 4, peer's 1.
		 */
		assert_string_equal(all_pairs(NULL),
				    "support: both 4\n"
				    "family-help: legal-help 2, both 2\n"
				    "legal-help: family-help 3, both 4\n"
				    "peer: both 1\n"
				    "both: support 7, family-help 3, legal-help 4, peer 1\n");
	}
}

/* ---- extracts and quotes ---- */

struct lines {
	struct strbuf out;
};

static int extract_row(const struct braid_extract_row *r, void *ctx)
{
	struct lines *l = ctx;

	strbuf_addf(&l->out, "%s|%s|%s|%s|%lld|%lld-%lld|#%lld|%s|%.*s\n",
		    r->case_name ? r->case_name : "-", r->doc, r->speaker ? r->speaker : "-",
		    r->role ? r->role : "-", (long long)r->turn, (long long)r->start,
		    (long long)r->end, (long long)r->coding, r->codes, (int)r->text_len, r->text);
	return 0;
}

static int quote_row(const struct braid_quote_row *r, void *ctx)
{
	struct lines *l = ctx;

	strbuf_addf(&l->out, "#%lld %s #%lld %s %s %s %lld %lld-%lld %s [%.*s]\n", (long long)r->id,
		    r->theme, (long long)r->coding, r->doc, r->speaker ? r->speaker : "-",
		    r->case_name ? r->case_name : "-", (long long)r->turn, (long long)r->start,
		    (long long)r->end, r->note ? r->note : "-", (int)r->text_len, r->text);
	return 0;
}

static void test_extracts_and_quotes(void **state)
{
	struct lines l = { STRBUF_INIT };
	int64_t q;

	fixture_theme_tree(0);
	/* by case (P001, P002, then none), document, position; one row per span */
	assert_int_equal(braid_theme_extracts(st, find("support"), NULL, extract_row, &l, &err), 0);
	assert_string_equal(l.out.buf,
			    "P001|A|P|participant|2|25-42|#1|family|My sister helped.\n"
			    "P001|A|P|participant|2|28-53|#5|family|sister helped. The lawyer\n"
			    "P001|A|P|participant|2|43-63|#3|legal|The lawyer was slow.\n"
			    "P002|B|R|participant|2|27-44|#8|legal|Nobody helped me.\n"
			    "P002|B|R|participant|2|45-68|#7|family|My sister was far away.\n"
			    "-|A|I|interviewer|1|3-20|#6|legal|How did you cope?\n"
			    "-|C|(text)|other|1|24-42|#11|legal|the lawyer helped.\n");
	strbuf_reset(&l.out);
	assert_int_equal(braid_theme_extracts(st, find("family-help"), "ben", extract_row, &l, &err),
			 0);
	assert_string_equal(l.out.buf, "P001|A|P|participant|2|25-42|#2|family|My sister helped.\n");
	strbuf_reset(&l.out);

	/* quotes: in theme (tree) order, then document and position */
	assert_int_equal(CHANGE("q", braid_quote_add(st, find("peer"), g[4], "weekly", "ana", &q,
						     &err)),
			 0);
	assert_int_equal(CHANGE("q", braid_quote_add(st, find("legal-help"), g[11], NULL, NULL, &q,
						     &err)),
			 0);
	assert_int_equal(CHANGE("q", braid_quote_add(st, find("legal-help"), g[3], NULL, "ben", &q,
						     &err)),
			 0);
	assert_int_equal(braid_quotes_each(st, 0, quote_row, &l, &err), 0);
	assert_string_equal(l.out.buf,
			    "#3 legal-help #3 A P P001 2 43-63 - [The lawyer was slow.]\n"
			    "#2 legal-help #11 C (text) - 1 24-42 - [the lawyer helped.]\n"
			    "#1 peer #4 A P P001 4 87-108 weekly [The group met weekly.]\n");
	strbuf_reset(&l.out);
	assert_int_equal(braid_quotes_each(st, find("peer"), quote_row, &l, &err), 0);
	assert_string_equal(l.out.buf, "#1 peer #4 A P P001 4 87-108 weekly [The group met weekly.]\n");
	strbuf_release(&l.out);
	assert_int_equal(count("SELECT created_by IS NULL FROM quotes WHERE id = 2"), 1);
}

/* ---- memos on themes, and a code merge carrying quotes and themes ---- */

static int memo_row(const struct braid_memo_row *r, void *ctx)
{
	struct lines *l = ctx;

	strbuf_addf(&l->out, "%s:%s %s\n", r->target, r->target_ref ? r->target_ref : "-", r->text);
	return 0;
}

static void test_memos_and_code_merge(void **state)
{
	struct lines l = { STRBUF_INIT };
	int64_t memo, q, dup;
	char *s0;

	fixture_theme_tree(0);
	assert_int_equal(CHANGE("memo add", braid_memo_add(st, "theme:Peer", NULL, "ana", "about groups",
							    &memo, &err)),
			 0);
	assert_int_equal(CHANGE("memo add", braid_memo_add(st, "project", NULL, "ana", "general", &memo,
							    &err)),
			 0);
	assert_int_equal(braid_memos_each(st, "theme:peer", NULL, memo_row, &l, &err), 0);
	assert_string_equal(l.out.buf, "theme:peer about groups\n");
	strbuf_reset(&l.out);
	strbuf_release(&l.out);

	/*
	 * merging code peer into family: the theme 'peer' now gathers family; a
	 * quote on a peer coding that duplicates a family one moves to that one
	 */
	begin("ana", "code add");
	dup = coding("A", 25, 42, "peer", "ana", "manual"); /* the span of g1, by ana */
	commit();
	assert_int_equal(CHANGE("quote add", braid_quote_add(st, find("peer"), dup, NULL, "ana", &q,
							     &err)),
			 0);
	s0 = snapshot();
	begin("ana", "code merge");
	{
		int64_t from, into;

		assert_int_equal(braid_code_find(st, "peer", &from, &err), 0);
		assert_int_equal(braid_code_find(st, "family", &into, &err), 0);
		assert_int_equal(braid_code_merge(st, from, into, NULL, &err), 0);
	}
	commit();
	assert_int_equal(count("SELECT coding_id FROM quotes WHERE id = 1"), g[1]);
	assert_string_equal(text_of("SELECT group_concat(c.slug) FROM theme_codes tc JOIN codes c"
				    " ON c.id = tc.code_id WHERE tc.theme_id = (SELECT id FROM themes"
				    " WHERE slug = 'peer')"),
			    "family");
	assert_non_null(strstr(last_detail(), "1 theme now gathers 'family' (Family)"));
	undo_redo_exact("ana", s0);
	free(s0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_and_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_operations_audit_undo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prevalence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cooccur, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extracts_and_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memos_and_code_merge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
