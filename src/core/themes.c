/*
 * themes.c - themes and sub-themes, the codes they gather, exemplar quotes,
 * and how prevalent each theme is (see include/braid/themes.h).
 *
 * Every call that changes a theme checks everything first (the theme, the
 * codes, the target, cycles, names), then writes, so a refusal changes
 * nothing even before the caller rolls the change back; each one describes
 * itself with braid_change_note in the words of codes.c.
 */
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/coding.h"
#include "braid/doctext.h"
#include "braid/text.h"
#include "braid/themes.h"
#include "db.h"
#include "themesint.h"

#define NONE ((size_t)-1)

/* A theme that is neither discarded nor merged, in SQL, for table alias `t`. */
#define LIVE(t) "(" t ".status != 'discarded' AND " t ".status != 'merged')"

/*
 * The theme tree in display order: CTE "ttree(id, depth, path)"; ORDER BY
 * path lists parents before children, siblings by position, then id. With
 * ?1 false only live themes (and so nothing under a discarded one).
 */
#define THEME_TREE_CTE                                                                           \
	"WITH RECURSIVE ttree(id, depth, path) AS ("                                             \
	" SELECT id, 0, format('%08d.%010d', position, id) FROM themes t"                        \
	"  WHERE parent_id IS NULL AND (?1 OR " LIVE("t") ")"                                    \
	" UNION ALL SELECT t.id, p.depth + 1, p.path || '/' || format('%08d.%010d', t.position, t.id)" \
	"  FROM themes t JOIN ttree p ON t.parent_id = p.id WHERE ?1 OR " LIVE("t") ")"

/* A theme and its descendants that are not discarded or merged: CTE "sub(id)" from ?1. */
#define SUB_CTE                                                                                  \
	"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT t.id FROM themes t"                   \
	" JOIN sub ON t.parent_id = sub.id WHERE " LIVE("t") ")"

/* ---- one theme ---- */

struct theme_info {
	int64_t id, parent, merged_into;
	int status; /* enum braid_theme_status */
	int has_definition, has_scope, reviewed_extracts, reviewed_dataset;
	struct strbuf slug, name, label; /* label: "'slug' (Name)", for notes and messages */
	struct strbuf why;
};

static void info_release(struct theme_info *t)
{
	strbuf_release(&t->slug);
	strbuf_release(&t->name);
	strbuf_release(&t->label);
	strbuf_release(&t->why);
}

/* Loads theme id; BRAID_ENOTFOUND when there is none. */
static int info_load(struct braid_store *st, int64_t id, struct theme_info *t,
		     struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(t, 0, sizeof(*t));
	strbuf_init(&t->slug, 0);
	strbuf_init(&t->name, 0);
	strbuf_init(&t->label, 0);
	strbuf_init(&t->why, 0);
	t->id = id;
	if ((rc = db_prepare(st,
			     "SELECT slug, name, status, coalesce(parent_id, 0), coalesce(merged_into, 0),"
			     " coalesce(definition, '') != '', coalesce(scope, '') != '',"
			     " reviewed_extracts IS NOT NULL, reviewed_dataset IS NOT NULL, why"
			     " FROM themes WHERE id = ?",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a theme", err);
	if (rc == 1) {
		strbuf_addstr(&t->slug, db_col_text(s, 0));
		strbuf_addstr(&t->name, db_col_text(s, 1));
		t->status = braid_vocab_parse(&braid_vocab_theme_status, db_col_text(s, 2));
		t->parent = sqlite3_column_int64(s, 3);
		t->merged_into = sqlite3_column_int64(s, 4);
		t->has_definition = sqlite3_column_int(s, 5);
		t->has_scope = sqlite3_column_int(s, 6);
		t->reviewed_extracts = sqlite3_column_int(s, 7);
		t->reviewed_dataset = sqlite3_column_int(s, 8);
		strbuf_addstr(&t->why, db_col_text(s, 9));
		strbuf_addf(&t->label, "'%s' (%s)", t->slug.buf, t->name.buf);
		sqlite3_reset(s);
		rc = 0;
	} else if (rc == 0) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no theme with id %lld", (long long)id);
	}
	sqlite3_finalize(s);
	return rc;
}

/* "'slug' (Name)" of theme id, for notes. */
static void theme_label(struct braid_store *st, int64_t id, struct strbuf *out)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(braid_store_db(st), "SELECT slug, name FROM themes WHERE id = ?", -1,
			       &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		strbuf_addf(out, "'%s' (%s)", db_col_text(s, 0), db_col_text(s, 1));
	sqlite3_finalize(s);
}

static int is_live(const struct theme_info *t)
{
	return t->status != BRAID_THEME_DISCARDED && t->status != BRAID_THEME_MERGED;
}

/* Refuses a change to a discarded or merged theme. */
static int changeable(struct braid_store *st, const struct theme_info *t, struct braid_err *err)
{
	struct strbuf into = STRBUF_INIT;
	int rc;

	if (t->status == BRAID_THEME_DISCARDED)
		return braid_errorf(err, BRAID_EINVAL,
				    "theme '%s' is discarded (give it a status again to bring it back)",
				    t->slug.buf);
	if (t->status != BRAID_THEME_MERGED)
		return 0;
	theme_label(st, t->merged_into, &into);
	rc = braid_errorf(err, BRAID_EINVAL, "theme '%s' was merged into %s", t->slug.buf, into.buf);
	strbuf_release(&into);
	return rc;
}

/* "the top level" or "under 'p' (P)". */
static void where(struct braid_store *st, int64_t parent, struct strbuf *out)
{
	if (!parent) {
		strbuf_addstr(out, "the top level");
		return;
	}
	strbuf_addstr(out, "under ");
	theme_label(st, parent, out);
}

/* A name as stored: NFC, no trailing white space; BRAID_EINVAL when empty or not UTF-8. */
static int clean_name(const char *name, struct strbuf *out, struct braid_err *err)
{
	if (!name || !braid_utf8_valid(name, strlen(name)))
		return braid_errorf(err, BRAID_EINVAL, "a theme needs a name (UTF-8)");
	braid_text_nfc(name, strlen(name), out);
	strbuf_rtrim(out);
	if (!out->len)
		return braid_errorf(err, BRAID_EINVAL, "a theme needs a name");
	return 0;
}

/* Refuses a second live theme with the same name (case-folded) under the same parent. */
static int check_sibling_name(struct braid_store *st, int64_t parent, const char *name,
			      int64_t self, struct braid_err *err)
{
	return db_sibling_name_free(st, "theme",
				    "SELECT id, name, slug FROM themes t WHERE coalesce(parent_id, 0) = ? AND "
				    LIVE("t"),
				    parent, name, self, err);
}

/* 1 when a theme has this slug, 0 when none, or a negative error. */
static int slug_taken(struct braid_store *st, const char *slug, int64_t *id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT id FROM themes WHERE slug = ?", &s, err)))
		return rc;
	db_bind_text(s, 1, slug, -1);
	rc = db_one(st, s, "cannot look up a theme", err);
	if (rc == 1) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The project's phase now: the setting, 1 when there is none. */
static int phase_now(struct braid_store *st)
{
	char *phase = braid_store_meta(st, "phase");
	int p = phase ? atoi(phase) : 0;

	free(phase);
	return p >= 1 && p <= 6 ? p : 1;
}

/* ---- finding a theme ---- */

struct name_match {
	struct strbuf want, name, live_ids, all_ids;
	int64_t live_id, any_id;
	int nlive, nall;
};

static int match_name(sqlite3_stmt *s, void *ctx)
{
	struct name_match *m = ctx;
	int live = sqlite3_column_int(s, 3);

	strbuf_reset(&m->name);
	braid_text_fold(db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &m->name);
	if (m->name.len != m->want.len || memcmp(m->name.buf, m->want.buf, m->want.len))
		return 0;
	if (!m->nall++)
		m->any_id = sqlite3_column_int64(s, 0);
	strbuf_addf(&m->all_ids, "%s%s", m->all_ids.len ? ", " : "", db_col_text(s, 2));
	if (live) {
		if (!m->nlive++)
			m->live_id = sqlite3_column_int64(s, 0);
		strbuf_addf(&m->live_ids, "%s%s", m->live_ids.len ? ", " : "", db_col_text(s, 2));
	}
	return 0;
}

int braid_theme_find(struct braid_store *st, const char *ref, int64_t *id, struct braid_err *err)
{
	struct name_match m = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, 0, 0, 0, 0 };
	sqlite3_stmt *s;
	int rc = slug_taken(st, ref, id, err);

	if (rc)
		return rc < 0 ? rc : 0;
	/*
	 * by name, case-insensitively: a live theme is the one meant when a
	 * discarded or merged one has the same name
	 */
	braid_text_fold(ref, strlen(ref), &m.want);
	rc = db_prepare(st, "SELECT id, name, slug, " LIVE("t") " FROM themes t ORDER BY id", &s,
			err);
	if (!rc) {
		rc = db_each(st, s, match_name, &m, "cannot look up a theme", err);
		sqlite3_finalize(s);
	}
	if (!rc && m.nlive == 1)
		*id = m.live_id;
	else if (!rc && !m.nlive && m.nall == 1)
		*id = m.any_id;
	else if (!rc && !m.nall)
		rc = db_not_found(st, err, "theme", ref,
				  "SELECT slug FROM themes UNION ALL SELECT name FROM themes");
	else if (!rc)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "theme name '%s' is ambiguous: use one of the ids %s", ref,
				  m.nlive ? m.live_ids.buf : m.all_ids.buf);
	strbuf_release(&m.want);
	strbuf_release(&m.name);
	strbuf_release(&m.live_ids);
	strbuf_release(&m.all_ids);
	return rc;
}

/* ---- codes given by id or name ---- */

struct code_list {
	int64_t *id;
	char **slug;
	size_t n;
};

static void code_list_release(struct code_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->slug[i]);
	free(l->slug);
	free(l->id);
	memset(l, 0, sizeof(*l));
}

/*
 * Resolves every code (braid_code_find), each once; a merged code is
 * refused (its codings went to another). Nothing is written.
 */
static int resolve_codes(struct braid_store *st, const char *const *codes, size_t n,
			 struct code_list *out, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!n)
		return braid_errorf(err, BRAID_EINVAL, "no codes given");
	out->id = xcalloc(n, sizeof(*out->id));
	out->slug = xcalloc(n, sizeof(*out->slug));
	if ((rc = db_prepare(st,
			     "SELECT c.slug, c.status, m.slug FROM codes c"
			     " LEFT JOIN codes m ON m.id = c.merged_into WHERE c.id = ?",
			     &s, err)))
		return rc;
	for (size_t i = 0; !rc && i < n; i++) {
		int64_t id;
		size_t k;

		if ((rc = braid_code_find(st, codes[i], &id, err)))
			break;
		for (k = 0; k < out->n && out->id[k] != id; k++)
			;
		if (k < out->n)
			continue;
		sqlite3_bind_int64(s, 1, id);
		rc = db_one(st, s, "cannot read a code", err);
		if (rc == 1) {
			rc = 0;
			if (!strcmp(db_col_text(s, 1), "merged"))
				rc = braid_errorf(err, BRAID_EINVAL, "code '%s' was merged into '%s'",
						  db_col_text(s, 0), db_col_text(s, 2));
			else
				out->slug[out->n] = xstrdup(db_col_text(s, 0));
			sqlite3_reset(s);
		} else if (rc == 0) {
			rc = braid_errorf(err, BRAID_ENOTFOUND, "no code with id %lld", (long long)id);
		}
		if (!rc)
			out->id[out->n++] = id;
	}
	sqlite3_finalize(s);
	return rc;
}

/* Appends "'a', 'b' and 'c'". */
static void quoted_list(char *const *v, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s'%s'", !i ? "" : i + 1 == n ? " and " : ", ", v[i]);
}

/* 1 if code is one of theme's own codes, 0 if not, or a negative error. */
static int has_code(struct braid_store *st, int64_t theme, int64_t code, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT 1 FROM theme_codes WHERE theme_id = ?1 AND code_id = ?2", &s,
			     err)))
		return rc;
	sqlite3_bind_int64(s, 1, theme);
	sqlite3_bind_int64(s, 2, code);
	rc = db_one(st, s, "cannot read a theme's codes", err);
	if (rc == 1)
		sqlite3_reset(s);
	sqlite3_finalize(s);
	return rc;
}

/* 1 if code is a code of theme or of one of its live sub-themes, 0 if not, or an error. */
static int gathers_code(struct braid_store *st, int64_t theme, int64_t code,
			struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     SUB_CTE " SELECT 1 FROM theme_codes WHERE code_id = ?2"
				     " AND theme_id IN (SELECT id FROM sub) LIMIT 1",
			     &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, theme);
	sqlite3_bind_int64(s, 2, code);
	rc = db_one(st, s, "cannot read a theme's codes", err);
	if (rc == 1)
		sqlite3_reset(s);
	sqlite3_finalize(s);
	return rc;
}

/* Runs sql (no rows) with ?1..?3 bound to integers. */
static int run3(struct braid_store *st, const char *sql, int64_t a, int64_t b, int64_t c,
		const char *what, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	sqlite3_bind_int64(s, 3, c);
	rc = db_done(st, s, what, err);
	sqlite3_finalize(s);
	return rc;
}

static int changes(struct braid_store *st)
{
	return sqlite3_changes(braid_store_db(st));
}

/* ---- making and managing themes ---- */

/* A new theme under parent (0: top level), checked; no note. */
static int create(struct braid_store *st, const char *name, int64_t parent, const char *coder,
		  int64_t *id, struct strbuf *slug, struct strbuf *clean, struct braid_err *err)
{
	struct strbuf base = STRBUF_INIT;
	int64_t coder_id = 0, taken;
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = clean_name(name, clean, err)))
		goto out;
	if (parent) {
		struct theme_info p;

		rc = info_load(st, parent, &p, err);
		if (!rc && !is_live(&p))
			rc = braid_errorf(err, BRAID_EINVAL, "theme '%s' is %s: no new theme goes under it",
					  p.slug.buf,
					  braid_vocab_name(&braid_vocab_theme_status, p.status));
		info_release(&p);
		if (rc)
			goto out;
	}
	if ((rc = check_sibling_name(st, parent, clean->buf, 0, err)))
		goto out;
	if (coder && (rc = braid_store_coder(st, coder, 1, &coder_id, err)))
		goto out;
	braid_slugify(clean->buf, &base);
	if (!base.len)
		strbuf_addstr(&base, "theme");
	strbuf_addbuf(slug, &base);
	for (int k = 2; (rc = slug_taken(st, slug->buf, &taken, err)) == 1; k++) {
		strbuf_reset(slug);
		strbuf_addf(slug, "%s-%d", base.buf, k);
	}
	if (rc < 0)
		goto out;
	rc = db_prepare(st,
			"INSERT INTO themes(slug, name, parent_id, created_by, created_phase, position)"
			" VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), -1) + 1 FROM themes"
			"  WHERE coalesce(parent_id, 0) = coalesce(?3, 0)))",
			&s, err);
	if (rc)
		goto out;
	db_bind_text(s, 1, slug->buf, -1);
	db_bind_text(s, 2, clean->buf, -1);
	if (parent)
		sqlite3_bind_int64(s, 3, parent);
	if (coder_id)
		sqlite3_bind_int64(s, 4, coder_id);
	sqlite3_bind_int(s, 5, phase_now(st));
	rc = db_done(st, s, "cannot add the theme", err);
	if (!rc)
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
out:
	sqlite3_finalize(s);
	strbuf_release(&base);
	return rc;
}

int braid_theme_new(struct braid_store *st, const char *name, const char *parent,
		    const char *coder, int64_t *id, struct braid_err *err)
{
	struct strbuf slug = STRBUF_INIT, clean = STRBUF_INIT, at = STRBUF_INIT;
	int64_t p = 0;
	int rc = 0;

	if (parent)
		rc = braid_theme_find(st, parent, &p, err);
	if (!rc)
		rc = create(st, name, p, coder, id, &slug, &clean, err);
	if (!rc) {
		if (p) {
			strbuf_addch(&at, ' ');
			where(st, p, &at);
		}
		braid_change_note(st, "new theme '%s' (%s)%s%s%s", slug.buf, clean.buf, at.buf,
				  coder ? " by " : "", coder ? coder : "");
	}
	strbuf_release(&slug);
	strbuf_release(&clean);
	strbuf_release(&at);
	return rc;
}

int braid_theme_add_codes(struct braid_store *st, int64_t theme, const char *const *codes, size_t n,
			  struct braid_err *err)
{
	struct code_list cl = { 0 };
	struct theme_info t;
	char **added = NULL;
	size_t nadded = 0;
	struct strbuf list = STRBUF_INIT;
	int rc = info_load(st, theme, &t, err);

	if (!rc)
		rc = changeable(st, &t, err);
	if (!rc)
		rc = resolve_codes(st, codes, n, &cl, err);
	added = xcalloc(cl.n + 1, sizeof(*added));
	for (size_t i = 0; !rc && i < cl.n; i++) {
		rc = run3(st, "INSERT OR IGNORE INTO theme_codes(theme_id, code_id) VALUES (?1, ?2)",
			  theme, cl.id[i], 0, "cannot add a code to the theme", err);
		if (!rc && changes(st))
			added[nadded++] = cl.slug[i];
	}
	if (!rc && nadded) {
		quoted_list(added, nadded, &list);
		braid_change_note(st, "added code%s %s to theme %s", nadded == 1 ? "" : "s", list.buf,
				  t.label.buf);
	}
	free(added);
	code_list_release(&cl);
	strbuf_release(&list);
	info_release(&t);
	return rc;
}

int braid_theme_rm_codes(struct braid_store *st, int64_t theme, const char *const *codes, size_t n,
			 struct braid_err *err)
{
	struct code_list cl = { 0 };
	struct theme_info t;
	struct strbuf list = STRBUF_INIT;
	int rc = info_load(st, theme, &t, err);

	if (!rc)
		rc = changeable(st, &t, err);
	if (!rc)
		rc = resolve_codes(st, codes, n, &cl, err);
	/* every code must be in the theme before any leaves it */
	for (size_t i = 0; !rc && i < cl.n; i++) {
		rc = has_code(st, theme, cl.id[i], err);
		if (rc == 0)
			rc = braid_errorf(err, BRAID_ENOTFOUND, "code '%s' is not in theme '%s'",
					  cl.slug[i], t.slug.buf);
		else if (rc == 1)
			rc = 0;
	}
	for (size_t i = 0; !rc && i < cl.n; i++)
		rc = run3(st, "DELETE FROM theme_codes WHERE theme_id = ?1 AND code_id = ?2", theme,
			  cl.id[i], 0, "cannot take a code out of the theme", err);
	if (!rc) {
		quoted_list(cl.slug, cl.n, &list);
		braid_change_note(st, "took code%s %s out of theme %s", cl.n == 1 ? "" : "s",
				  list.buf, t.label.buf);
	}
	code_list_release(&cl);
	strbuf_release(&list);
	info_release(&t);
	return rc;
}

int braid_theme_rename(struct braid_store *st, int64_t theme, const char *name,
		       struct braid_err *err)
{
	struct strbuf clean = STRBUF_INIT;
	struct theme_info t;
	sqlite3_stmt *s;
	int rc = info_load(st, theme, &t, err);

	if (!rc)
		rc = changeable(st, &t, err);
	if (!rc)
		rc = clean_name(name, &clean, err);
	if (!rc)
		rc = check_sibling_name(st, t.parent, clean.buf, theme, err);
	if (!rc && strcmp(clean.buf, t.name.buf) &&
	    !(rc = db_prepare(st, "UPDATE themes SET name = ? WHERE id = ?", &s, err))) {
		db_bind_text(s, 1, clean.buf, -1);
		sqlite3_bind_int64(s, 2, theme);
		rc = db_done(st, s, "cannot rename the theme", err);
		sqlite3_finalize(s);
		if (!rc)
			braid_change_note(st, "renamed theme '%s': '%s' -> '%s'", t.slug.buf,
					  t.name.buf, clean.buf);
	}
	strbuf_release(&clean);
	info_release(&t);
	return rc;
}

int braid_theme_move(struct braid_store *st, int64_t theme, int64_t parent, struct braid_err *err)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct theme_info t, p;
	int rc = info_load(st, theme, &t, err), have_p = 0;

	if (!rc)
		rc = changeable(st, &t, err);
	if (!rc && parent) {
		have_p = 1; /* info_load sets p up even when it fails */
		rc = info_load(st, parent, &p, err);
		if (!rc && !is_live(&p))
			rc = braid_errorf(err, BRAID_EINVAL, "theme '%s' is %s: no theme goes under it",
					  p.slug.buf,
					  braid_vocab_name(&braid_vocab_theme_status, p.status));
		if (!rc && (rc = db_within(st, "themes", parent, theme, err)) == 1)
			rc = braid_errorf(err, BRAID_EINVAL,
					  "cannot move a theme under itself or one of its own "
					  "sub-themes");
	}
	if (!rc && parent == t.parent)
		goto out; /* already there */
	if (!rc)
		rc = check_sibling_name(st, parent, t.name.buf, theme, err);
	if (!rc)
		rc = run3(st,
			  "UPDATE themes SET parent_id = nullif(?2, 0), position = (SELECT"
			  " coalesce(max(position), -1) + 1 FROM themes WHERE coalesce(parent_id, 0) = ?2)"
			  " WHERE id = ?1",
			  theme, parent, 0, "cannot move the theme", err);
	if (!rc) {
		where(st, t.parent, &from);
		where(st, parent, &to);
		braid_change_note(st, "moved theme %s from %s to %s", t.label.buf, from.buf, to.buf);
	}
out:
	if (have_p)
		info_release(&p);
	info_release(&t);
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}

struct clash {
	struct braid_store *st;
	int64_t into;
	const char *into_slug, *from_slug;
	struct braid_err *err;
};

static int clash_row(sqlite3_stmt *s, void *ctx)
{
	struct clash *c = ctx;
	int rc = check_sibling_name(c->st, c->into, db_col_text(s, 1), 0, c->err);

	if (rc == BRAID_EEXIST)
		rc = braid_errorf(c->err, BRAID_EEXIST,
				  "theme '%s' has a sub-theme named '%s' already, as '%s' has ('%s'): "
				  "rename one of them first",
				  c->into_slug, db_col_text(s, 1), c->from_slug, db_col_text(s, 0));
	return rc;
}

int braid_theme_merge(struct braid_store *st, int64_t from, int64_t into, struct braid_err *err)
{
	struct theme_info a, b;
	struct strbuf what = STRBUF_INIT;
	int64_t ncodes = 0, ndup = 0, nsub = 0, nquotes = 0, nqdup = 0, nmemos = 0, offset = 0;
	sqlite3_stmt *s;
	int rc, have_b = 0;

	if (from == into)
		return braid_errorf(err, BRAID_EINVAL, "cannot merge a theme into itself");
	if ((rc = info_load(st, from, &a, err))) {
		info_release(&a);
		return rc;
	}
	have_b = 1; /* set up even when it fails */
	rc = info_load(st, into, &b, err);
	if (!rc)
		rc = changeable(st, &a, err);
	if (!rc)
		rc = changeable(st, &b, err);
	if (!rc && (rc = db_within(st, "themes", into, from, err)) == 1)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "cannot merge a theme into one of its own sub-themes: move that "
				  "sub-theme out first");
	/* from's sub-themes become into's: their names must stay apart from into's */
	if (!rc && !(rc = db_prepare(st, "SELECT slug, name FROM themes t WHERE parent_id = ? AND "
				     LIVE("t"), &s, err))) {
		struct clash c = { st, into, b.slug.buf, a.slug.buf, err };

		sqlite3_bind_int64(s, 1, from);
		rc = db_each(st, s, clash_row, &c, "cannot read the themes", err);
		sqlite3_finalize(s);
	}
	if (!rc && !(rc = db_prepare(st, "SELECT coalesce(max(position), -1) + 1 FROM themes"
					 " WHERE parent_id = ?", &s, err))) {
		sqlite3_bind_int64(s, 1, into);
		if ((rc = db_one(st, s, "cannot read the themes", err)) == 1) {
			offset = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			rc = 0;
		}
		sqlite3_finalize(s);
	}
	/* codes and quotes already on `into` stay behind and are dropped */
	if (!rc)
		rc = run3(st, "UPDATE OR IGNORE theme_codes SET theme_id = ?2 WHERE theme_id = ?1", from,
			  into, 0, "cannot move the theme's codes", err);
	if (!rc) {
		ncodes = changes(st);
		rc = run3(st, "DELETE FROM theme_codes WHERE theme_id = ?1", from, 0, 0,
			  "cannot drop duplicate codes", err);
	}
	if (!rc) {
		ndup = changes(st);
		rc = run3(st, "UPDATE themes SET parent_id = ?2, position = position + ?3"
			      " WHERE parent_id = ?1",
			  from, into, offset, "cannot move the sub-themes", err);
	}
	if (!rc) {
		nsub = changes(st);
		rc = run3(st, "UPDATE OR IGNORE quotes SET theme_id = ?2 WHERE theme_id = ?1", from, into,
			  0, "cannot move the quotes", err);
	}
	if (!rc) {
		nquotes = changes(st);
		rc = run3(st, "DELETE FROM quotes WHERE theme_id = ?1", from, 0, 0,
			  "cannot drop duplicate quotes", err);
	}
	if (!rc) {
		nqdup = changes(st);
		rc = run3(st, "UPDATE memos SET theme_id = ?2 WHERE theme_id = ?1", from, into, 0,
			  "cannot move the memos", err);
	}
	if (!rc) {
		nmemos = changes(st);
		rc = run3(st, "UPDATE themes SET status = 'merged', merged_into = ?2 WHERE id = ?1", from,
			  into, 0, "cannot mark the theme merged", err);
	}
	if (!rc) {
		strbuf_addf(&what, "merged theme %s into %s: %lld code%s, %lld sub-theme%s, "
				   "%lld quote%s and %lld memo%s moved",
			    a.label.buf, b.label.buf, (long long)ncodes, ncodes == 1 ? "" : "s",
			    (long long)nsub, nsub == 1 ? "" : "s", (long long)nquotes,
			    nquotes == 1 ? "" : "s", (long long)nmemos, nmemos == 1 ? "" : "s");
		if (ndup || nqdup)
			strbuf_addf(&what, " (already there: %lld code%s, %lld quote%s)", (long long)ndup,
				    ndup == 1 ? "" : "s", (long long)nqdup, nqdup == 1 ? "" : "s");
		braid_change_note(st, "%s", what.buf);
	}
	strbuf_release(&what);
	info_release(&a);
	if (have_b)
		info_release(&b);
	return rc;
}

int braid_theme_split(struct braid_store *st, int64_t theme, const char *name,
		      const char *const *codes, size_t n, const char *coder, int64_t *id,
		      struct braid_err *err)
{
	struct strbuf slug = STRBUF_INIT, clean = STRBUF_INIT, list = STRBUF_INIT;
	struct code_list cl = { 0 };
	struct theme_info t;
	int64_t nquotes = 0;
	int rc = info_load(st, theme, &t, err);

	if (!rc)
		rc = changeable(st, &t, err);
	if (!rc && !n)
		rc = braid_errorf(err, BRAID_EINVAL, "a split needs the codes the new theme takes");
	if (!rc)
		rc = resolve_codes(st, codes, n, &cl, err);
	for (size_t i = 0; !rc && i < cl.n; i++) {
		rc = has_code(st, theme, cl.id[i], err);
		if (rc == 0)
			rc = braid_errorf(err, BRAID_ENOTFOUND, "code '%s' is not in theme '%s'",
					  cl.slug[i], t.slug.buf);
		else if (rc == 1)
			rc = 0;
	}
	if (!rc)
		rc = create(st, name, t.parent, coder, id, &slug, &clean, err);
	for (size_t i = 0; !rc && i < cl.n; i++)
		rc = run3(st, "UPDATE theme_codes SET theme_id = ?2 WHERE theme_id = ?1 AND code_id = ?3",
			  theme, *id, cl.id[i], "cannot move a code to the new theme", err);
	/* quotes of codings whose code the theme no longer gathers go along */
	for (size_t i = 0; !rc && i < cl.n; i++) {
		rc = gathers_code(st, theme, cl.id[i], err);
		if (rc == 0) {
			rc = run3(st,
				  "UPDATE quotes SET theme_id = ?2 WHERE theme_id = ?1"
				  " AND coding_id IN (SELECT id FROM codings WHERE code_id = ?3)",
				  theme, *id, cl.id[i], "cannot move the quotes", err);
			nquotes += changes(st);
		} else if (rc == 1) {
			rc = 0;
		}
	}
	if (!rc) {
		quoted_list(cl.slug, cl.n, &list);
		braid_change_note(st, "split theme %s: new theme '%s' (%s) takes code%s %s%s%s", t.label.buf,
				  slug.buf, clean.buf, cl.n == 1 ? "" : "s", list.buf,
				  coder ? ", by " : "", coder ? coder : "");
		if (nquotes)
			braid_change_note(st, "%lld quote%s moved with them", (long long)nquotes,
					  nquotes == 1 ? "" : "s");
	}
	code_list_release(&cl);
	strbuf_release(&slug);
	strbuf_release(&clean);
	strbuf_release(&list);
	info_release(&t);
	return rc;
}

static int add_slug(sqlite3_stmt *s, void *ctx)
{
	struct strbuf *out = ctx;

	strbuf_addf(out, "%s'%s'", out->len ? ", " : "", db_col_text(s, 0));
	return 0;
}

int braid_theme_discard(struct braid_store *st, int64_t theme, const char *why,
			struct braid_err *err)
{
	struct strbuf reason = STRBUF_INIT, subs = STRBUF_INIT;
	struct theme_info t;
	sqlite3_stmt *s;
	int rc;

	if (why && braid_utf8_valid(why, strlen(why)))
		braid_text_oneline(why, strlen(why), (size_t)-1, &reason);
	if (!reason.len) {
		strbuf_release(&reason);
		return braid_errorf(err, BRAID_EINVAL, "discarding a theme needs a reason");
	}
	if ((rc = info_load(st, theme, &t, err)))
		goto out_reason;
	if (t.status == BRAID_THEME_DISCARDED)
		rc = braid_errorf(err, BRAID_EINVAL, "theme '%s' is discarded already", t.slug.buf);
	if (!rc)
		rc = changeable(st, &t, err);
	if (!rc && !(rc = db_prepare(st, "SELECT slug FROM themes t WHERE parent_id = ? AND "
				     LIVE("t") " ORDER BY position, id", &s, err))) {
		sqlite3_bind_int64(s, 1, theme);
		rc = db_each(st, s, add_slug, &subs, "cannot read the themes", err);
		sqlite3_finalize(s);
	}
	if (!rc && subs.len)
		rc = braid_errorf(err, BRAID_EINVAL,
				  "theme '%s' has sub-themes (%s): move them out or discard them first",
				  t.slug.buf, subs.buf);
	if (!rc && !(rc = db_prepare(st, "UPDATE themes SET status = 'discarded', why = ? WHERE id = ?",
				     &s, err))) {
		db_bind_text(s, 1, reason.buf, -1);
		sqlite3_bind_int64(s, 2, theme);
		rc = db_done(st, s, "cannot discard the theme", err);
		sqlite3_finalize(s);
	}
	if (!rc)
		braid_change_note(st, "discarded theme %s (was %s): %s", t.label.buf,
				  braid_vocab_name(&braid_vocab_theme_status, t.status), reason.buf);
	info_release(&t);
out_reason:
	strbuf_release(&reason);
	strbuf_release(&subs);
	return rc;
}

/* A text field for notes: 'text' (on one line, cut), or (none). */
static void field_text(sqlite3_stmt *s, int col, struct strbuf *out)
{
	if (sqlite3_column_type(s, col) == SQLITE_NULL) {
		strbuf_addstr(out, "(none)");
		return;
	}
	strbuf_addch(out, '\'');
	braid_text_oneline(db_col_text(s, col), (size_t)sqlite3_column_bytes(s, col), 60, out);
	strbuf_addch(out, '\'');
}

/* The definition and scope of a theme as notes show them. */
static int fields(struct braid_store *st, int64_t theme, struct strbuf *def, struct strbuf *scope,
		  struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT definition, scope FROM themes WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, theme);
	rc = db_one(st, s, "cannot read a theme", err);
	if (rc == 1) {
		field_text(s, 0, def);
		field_text(s, 1, scope);
		sqlite3_reset(s);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_theme_define(struct braid_store *st, int64_t theme, const char *definition,
		       const char *scope, struct braid_err *err)
{
	struct strbuf def0 = STRBUF_INIT, scope0 = STRBUF_INIT, def1 = STRBUF_INIT;
	struct strbuf scope1 = STRBUF_INIT, what = STRBUF_INIT;
	struct theme_info t;
	sqlite3_stmt *s;
	int rc;

	if (!definition && !scope)
		return braid_errorf(err, BRAID_EINVAL, "give a definition or a scope");
	if ((definition && !braid_utf8_valid(definition, strlen(definition))) ||
	    (scope && !braid_utf8_valid(scope, strlen(scope))))
		return braid_errorf(err, BRAID_EINVAL, "a definition and a scope are UTF-8 text");
	if ((rc = info_load(st, theme, &t, err)))
		return rc;
	rc = changeable(st, &t, err);
	if (!rc && t.status == BRAID_THEME_DEFINED &&
	    ((definition && !*definition) || (scope && !*scope)))
		rc = braid_errorf(err, BRAID_EINVAL,
				  "theme '%s' is defined: it keeps a definition and a scope (set its "
				  "status back first)",
				  t.slug.buf);
	if (!rc)
		rc = fields(st, theme, &def0, &scope0, err);
	if (!rc && !(rc = db_prepare(st,
				     "UPDATE themes SET"
				     " definition = CASE WHEN ?2 THEN nullif(?3, '') ELSE definition END,"
				     " scope = CASE WHEN ?4 THEN nullif(?5, '') ELSE scope END WHERE id = ?1",
				     &s, err))) {
		sqlite3_bind_int64(s, 1, theme);
		sqlite3_bind_int(s, 2, definition != NULL);
		db_bind_text(s, 3, definition, -1);
		sqlite3_bind_int(s, 4, scope != NULL);
		db_bind_text(s, 5, scope, -1);
		rc = db_done(st, s, "cannot define the theme", err);
		sqlite3_finalize(s);
	}
	if (!rc)
		rc = fields(st, theme, &def1, &scope1, err);
	if (!rc && strcmp(def0.buf, def1.buf))
		strbuf_addf(&what, "definition %s -> %s", def0.buf, def1.buf);
	if (!rc && strcmp(scope0.buf, scope1.buf))
		strbuf_addf(&what, "%sscope %s -> %s", what.len ? "; " : "", scope0.buf, scope1.buf);
	if (!rc && what.len)
		braid_change_note(st, "defined theme %s: %s", t.label.buf, what.buf);
	strbuf_release(&def0);
	strbuf_release(&scope0);
	strbuf_release(&def1);
	strbuf_release(&scope1);
	strbuf_release(&what);
	info_release(&t);
	return rc;
}

int braid_theme_set_status(struct braid_store *st, int64_t theme, const char *status,
			   struct braid_err *err)
{
	int want = braid_vocab_require(&braid_vocab_theme_status, status, err), rc;
	struct theme_info t;

	if (want < 0)
		return want;
	if (want == BRAID_THEME_DISCARDED || want == BRAID_THEME_MERGED)
		return braid_errorf(err, BRAID_EINVAL,
				    "a theme is %s by %s it, not by setting its status", status,
				    want == BRAID_THEME_DISCARDED ? "discarding" : "merging");
	if ((rc = info_load(st, theme, &t, err)))
		return rc;
	/* a discarded theme comes back by getting a status again; a merged one does not */
	if (t.status == BRAID_THEME_MERGED)
		rc = changeable(st, &t, err);
	if (!rc && want == BRAID_THEME_DEFINED && (!t.has_definition || !t.has_scope))
		rc = braid_errorf(err, BRAID_EINVAL,
				  "theme '%s' needs a definition and a scope to be defined (it has %s)",
				  t.slug.buf,
				  t.has_definition ? "no scope"
				  : t.has_scope	   ? "no definition"
						   : "neither");
	if (!rc && want == BRAID_THEME_REVIEWED && (!t.reviewed_extracts || !t.reviewed_dataset))
		rc = braid_errorf(err, BRAID_EINVAL,
				  "theme '%s' has not been reviewed %s%s%s", t.slug.buf,
				  t.reviewed_extracts ? "" : "against its coded extracts",
				  !t.reviewed_extracts && !t.reviewed_dataset ? " nor " : "",
				  t.reviewed_dataset ? "" : "against the whole data set");
	if (!rc && want != t.status) {
		sqlite3_stmt *s;

		/* a theme brought back loses the reason it was discarded for (the log keeps it) */
		if (!(rc = db_prepare(st, "UPDATE themes SET status = ?, why = NULL WHERE id = ?", &s,
				      err))) {
			db_bind_text(s, 1, braid_vocab_name(&braid_vocab_theme_status, want), -1);
			sqlite3_bind_int64(s, 2, theme);
			rc = db_done(st, s, "cannot set the theme's status", err);
			sqlite3_finalize(s);
		}
		if (!rc && t.status == BRAID_THEME_DISCARDED)
			braid_change_note(st, "brought back discarded theme %s as %s (it was discarded: "
					      "%s)",
					  t.label.buf, status, t.why.buf);
		else if (!rc)
			braid_change_note(st, "theme %s status %s -> %s", t.label.buf,
					  braid_vocab_name(&braid_vocab_theme_status, t.status),
					  status);
	}
	info_release(&t);
	return rc;
}

int braid_theme_review(struct braid_store *st, int64_t theme, int extracts, int dataset,
		       struct braid_err *err)
{
	struct theme_info t;
	int rc;

	if (!extracts && !dataset)
		return 0;
	if ((rc = info_load(st, theme, &t, err)))
		return rc;
	rc = changeable(st, &t, err);
	if (!rc)
		rc = run3(st,
			  "UPDATE themes SET"
			  " reviewed_extracts = CASE WHEN ?2 THEN " NOW_SQL " ELSE reviewed_extracts END,"
			  " reviewed_dataset = CASE WHEN ?3 THEN " NOW_SQL " ELSE reviewed_dataset END"
			  " WHERE id = ?1",
			  theme, extracts != 0, dataset != 0, "cannot record the review", err);
	if (!rc)
		braid_change_note(st, "reviewed theme %s %s%s%s", t.label.buf,
				  extracts ? "against its coded extracts" : "",
				  extracts && dataset ? " and " : "",
				  dataset ? "against the whole data set" : "");
	info_release(&t);
	return rc;
}

/* ---- quotes ---- */

int braid_quote_add(struct braid_store *st, int64_t theme, int64_t coding, const char *note,
		    const char *coder, int64_t *id, struct braid_err *err)
{
	struct strbuf what = STRBUF_INIT, shown = STRBUF_INIT;
	struct theme_info t;
	int64_t code = 0, coder_id = 0, quote = 0;
	sqlite3_stmt *s;
	int rc;

	if (note && !braid_utf8_valid(note, strlen(note)))
		return braid_errorf(err, BRAID_EINVAL, "a quote's note is UTF-8 text");
	if ((rc = info_load(st, theme, &t, err)))
		return rc;
	rc = changeable(st, &t, err);
	if (!rc && !(rc = db_prepare(st,
				     "SELECT g.code_id, g.status, c.slug,"
				     " (SELECT id FROM quotes WHERE theme_id = ?2 AND coding_id = g.id)"
				     " FROM codings g JOIN codes c ON c.id = g.code_id WHERE g.id = ?1",
				     &s, err))) {
		sqlite3_bind_int64(s, 1, coding);
		sqlite3_bind_int64(s, 2, theme);
		rc = db_one(st, s, "cannot read a coding", err);
		if (rc == 1) {
			code = sqlite3_column_int64(s, 0);
			quote = sqlite3_column_int64(s, 3);
			rc = 0;
			if (!strcmp(db_col_text(s, 1), "rejected"))
				rc = braid_errorf(err, BRAID_EINVAL, "coding #%lld is rejected",
						  (long long)coding);
			else if ((rc = gathers_code(st, theme, code, err)) == 0)
				rc = braid_errorf(err, BRAID_EINVAL,
						  "coding #%lld is coded '%s', which is not a code of "
						  "theme '%s' or of its sub-themes",
						  (long long)coding, db_col_text(s, 2), t.slug.buf);
			else if (rc == 1)
				rc = quote ? braid_errorf(err, BRAID_EEXIST,
							  "coding #%lld is quote #%lld of theme '%s' "
							  "already",
							  (long long)coding, (long long)quote, t.slug.buf)
					   : 0;
			sqlite3_reset(s);
		} else if (rc == 0) {
			rc = braid_errorf(err, BRAID_ENOTFOUND, "no coding %lld", (long long)coding);
		}
		sqlite3_finalize(s);
	}
	if (!rc && coder)
		rc = braid_store_coder(st, coder, 1, &coder_id, err);
	if (!rc)
		rc = braid_coding_describe(st, coding, &what, err);
	if (!rc && !(rc = db_prepare(st, "INSERT INTO quotes(theme_id, coding_id, note, created_by)"
					 " VALUES (?, ?, ?, ?)", &s, err))) {
		sqlite3_bind_int64(s, 1, theme);
		sqlite3_bind_int64(s, 2, coding);
		db_bind_text(s, 3, note && *note ? note : NULL, -1);
		if (coder_id)
			sqlite3_bind_int64(s, 4, coder_id);
		rc = db_done(st, s, "cannot add the quote", err);
		sqlite3_finalize(s);
	}
	if (!rc) {
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
		if (note && *note)
			braid_text_oneline(note, strlen(note), 60, &shown);
		braid_change_note(st, "quote #%lld of theme %s: coding %s%s%s%s%s", (long long)*id,
				  t.label.buf, what.buf, coder ? ", chosen by " : "",
				  coder ? coder : "", shown.len ? "; note: " : "", shown.buf);
	}
	strbuf_release(&what);
	strbuf_release(&shown);
	info_release(&t);
	return rc;
}

int braid_quote_rm(struct braid_store *st, int64_t id, struct braid_err *err)
{
	struct strbuf label = STRBUF_INIT;
	int64_t theme = 0, coding = 0;
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT theme_id, coding_id FROM quotes WHERE id = ?", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read a quote", err);
	if (rc == 1) {
		theme = sqlite3_column_int64(s, 0);
		coding = sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
		rc = 0;
	} else if (rc == 0) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no quote %lld", (long long)id);
	}
	sqlite3_finalize(s);
	if (!rc)
		rc = run3(st, "DELETE FROM quotes WHERE id = ?1", id, 0, 0, "cannot remove the quote",
			  err);
	if (!rc) {
		theme_label(st, theme, &label);
		braid_change_note(st, "removed quote #%lld of theme %s (coding #%lld)", (long long)id,
				  label.buf, (long long)coding);
	}
	strbuf_release(&label);
	return rc;
}

struct quote_walk {
	struct braid_store *st;
	struct braid_doctext *dt;
	int64_t doc;
	int (*cb)(const struct braid_quote_row *row, void *ctx);
	void *ctx;
	struct braid_err *err;
};

static int quote_row(sqlite3_stmt *s, void *data)
{
	struct quote_walk *w = data;
	int64_t doc = sqlite3_column_int64(s, 6), start = sqlite3_column_int64(s, 8);
	int64_t end = sqlite3_column_int64(s, 9);
	struct braid_doctext_turn t;
	const char *text;
	size_t len;
	int rc;

	if (doc != w->doc) {
		if ((rc = braid_doctext_open(w->dt, doc, w->err)))
			return rc;
		w->doc = doc;
	}
	if ((rc = braid_doctext_turn_at(w->dt, start, &t, w->err)) ||
	    (rc = braid_doctext_span(w->dt, start, end, &text, &len, w->err)))
		return rc;
	{
		struct braid_quote_row r = {
			.id = sqlite3_column_int64(s, 0),
			.coding = sqlite3_column_int64(s, 1),
			.theme = db_col_text(s, 2),
			.note = db_col_null(s, 3),
			.created = db_col_text(s, 4),
			.created_by = db_col_null(s, 5),
			.doc = db_col_text(s, 7),
			.speaker = t.id ? t.speaker : NULL,
			.case_name = t.case_name,
			.role = t.id ? t.role : NULL,
			.turn = t.id ? t.idx : 0,
			.start = start,
			.end = end,
			.text = text,
			.text_len = len,
		};

		return w->cb(&r, w->ctx);
	}
}

int braid_quotes_each(struct braid_store *st, int64_t theme,
		      int (*cb)(const struct braid_quote_row *row, void *ctx), void *ctx,
		      struct braid_err *err)
{
	struct quote_walk w = { st, NULL, 0, cb, ctx, err };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st,
			     THEME_TREE_CTE
			     " SELECT q.id, q.coding_id, h.slug, q.note, q.created, cd.name, d.id, d.name,"
			     " g.start_cp, g.end_cp"
			     " FROM quotes q JOIN ttree tt ON tt.id = q.theme_id"
			     " JOIN themes h ON h.id = q.theme_id JOIN codings g ON g.id = q.coding_id"
			     " JOIN documents d ON d.id = g.doc_id LEFT JOIN coders cd ON cd.id = q.created_by"
			     " WHERE ?2 = 0 OR q.theme_id = ?2"
			     " ORDER BY tt.path, d.name, g.start_cp, g.end_cp, q.id",
			     &s, err)))
		return rc;
	sqlite3_bind_int(s, 1, 1);
	sqlite3_bind_int64(s, 2, theme);
	w.dt = braid_doctext_new(st);
	rc = db_each(st, s, quote_row, &w, "cannot list the quotes", err);
	braid_doctext_free(w.dt);
	sqlite3_finalize(s);
	return rc;
}

/*
 * ---- prevalence, co-occurrence and extracts: one walk over the codings ----
 *
 * Each asks which themes it wants figures for (the targets) and which codes
 * count for each: a theme's own codes and those of its live sub-themes at
 * any depth. The walk goes document by document, through each document's
 * accepted codings in span order (the unique index), keeps those of a
 * target's codes with the turn and case each starts in (a doctext reader,
 * walking forward), and hands the document's segments to the consumer:
 * memory is one document's segments and the tallies, and one pass serves
 * every theme of `theme ls` at once.
 */

struct tnode {
	int64_t id;
	size_t up; /* the parent's index, or NONE */
	int live;
};

struct tree {
	struct tnode *v;
	size_t n;
};

static int cmp_node(const void *a, const void *b)
{
	int64_t x = ((const struct tnode *)a)->id, y = ((const struct tnode *)b)->id;

	return (x > y) - (x < y);
}

static size_t node_of(const struct tree *t, int64_t id)
{
	struct tnode key = { id, 0, 0 }, *found;

	found = t->n ? bsearch(&key, t->v, t->n, sizeof(key), cmp_node) : NULL;
	return found ? (size_t)(found - t->v) : NONE;
}

struct tree_load {
	struct tree *t;
	int64_t *parent;
	size_t alloc;
};

static int tree_row(sqlite3_stmt *s, void *ctx)
{
	struct tree_load *l = ctx;

	ALLOC_GROW(l->t->v, l->t->n + 1, l->alloc);
	l->parent = xrealloc(l->parent, l->alloc * sizeof(*l->parent));
	l->parent[l->t->n] = sqlite3_column_int64(s, 1);
	l->t->v[l->t->n++] = (struct tnode){ sqlite3_column_int64(s, 0), NONE,
					     sqlite3_column_int(s, 2) };
	return 0;
}

/* Every theme, by id, with its parent's index. */
static int tree_load(struct braid_store *st, struct tree *t, struct braid_err *err)
{
	struct tree_load l = { t, NULL, 0 };
	sqlite3_stmt *s;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((rc = db_prepare(st, "SELECT id, coalesce(parent_id, 0), " LIVE("t")
				 " FROM themes t ORDER BY id", &s, err)))
		return rc;
	rc = db_each(st, s, tree_row, &l, "cannot read the themes", err);
	sqlite3_finalize(s);
	for (size_t i = 0; i < t->n; i++)
		t->v[i].up = l.parent[i] ? node_of(t, l.parent[i]) : NONE;
	free(l.parent);
	return rc;
}

/* A code that counts for a target, sorted by code. */
struct target_code {
	int64_t code;
	size_t target;
};

static int cmp_target_code(const void *a, const void *b)
{
	const struct target_code *x = a, *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return (x->target > y->target) - (x->target < y->target);
}

struct targets {
	const struct tree *tree;
	const size_t *target_of; /* per node: its target index, or NONE */
	struct target_code *v;
	size_t n, alloc;
};

static int target_row(sqlite3_stmt *s, void *ctx)
{
	struct targets *tg = ctx;
	int64_t code = sqlite3_column_int64(s, 1);
	size_t j = node_of(tg->tree, sqlite3_column_int64(s, 0));

	/* the theme itself, then up through its ancestors while the theme below is live */
	for (size_t guard = 0; j != NONE && guard <= tg->tree->n; guard++) {
		if (tg->target_of[j] != NONE) {
			ALLOC_GROW(tg->v, tg->n + 1, tg->alloc);
			tg->v[tg->n++] = (struct target_code){ code, tg->target_of[j] };
		}
		if (!tg->tree->v[j].live)
			break;
		j = tg->tree->v[j].up;
	}
	return 0;
}

/* The codes that count for each target (targets[node] = its index, NONE for none). */
static int targets_load(struct braid_store *st, struct targets *tg, struct braid_err *err)
{
	sqlite3_stmt *s;
	size_t k = 0;
	int rc;

	if ((rc = db_prepare(st, "SELECT theme_id, code_id FROM theme_codes", &s, err)))
		return rc;
	rc = db_each(st, s, target_row, tg, "cannot read the themes' codes", err);
	sqlite3_finalize(s);
	if (tg->n)
		qsort(tg->v, tg->n, sizeof(*tg->v), cmp_target_code);
	for (size_t i = 0; i < tg->n; i++)
		if (!k || cmp_target_code(&tg->v[k - 1], &tg->v[i]))
			tg->v[k++] = tg->v[i];
	tg->n = k;
	return rc;
}

struct walk {
	struct braid_store *st;
	struct braid_err *err;
	const struct targets *tg;
	int64_t coder;
	sqlite3_stmt *codings;
	struct braid_doctext *dt;
	int64_t doc;
	const char *doc_name;
	struct wseg *seg;
	size_t nseg, seg_alloc;
	int (*doc_fn)(struct walk *w, void *ctx); /* called for each document with segments */
	void *ctx;
};

static int walk_coding(sqlite3_stmt *s, void *data)
{
	struct walk *w = data;
	int64_t code = sqlite3_column_int64(s, 1), start = sqlite3_column_int64(s, 2);
	const struct target_code *v = w->tg->v;
	size_t lo = 0, hi = w->tg->n;
	struct braid_doctext_turn t;
	int rc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == w->tg->n || v[lo].code != code)
		return 0;
	if ((rc = braid_doctext_turn_at(w->dt, start, &t, w->err)))
		return rc;
	for (; lo < w->tg->n && v[lo].code == code; lo++) {
		ALLOC_GROW(w->seg, w->nseg + 1, w->seg_alloc);
		w->seg[w->nseg++] = (struct wseg){ v[lo].target, start, sqlite3_column_int64(s, 3),
						   sqlite3_column_int64(s, 0), code, t.id,
						   t.case_id };
	}
	return 0;
}

static int walk_doc(sqlite3_stmt *s, void *data)
{
	struct walk *w = data;
	int rc;

	w->doc = sqlite3_column_int64(s, 0);
	w->doc_name = db_col_text(s, 1);
	w->nseg = 0;
	if ((rc = braid_doctext_open(w->dt, w->doc, w->err)))
		return rc;
	sqlite3_bind_int64(w->codings, 1, w->doc);
	rc = db_each(w->st, w->codings, walk_coding, w, "cannot read the codings", w->err);
	if (!rc && w->nseg)
		rc = w->doc_fn(w, w->ctx);
	return rc;
}

/* The coder filter's id (0: every coder); an unknown coder is an error. */
static int coder_id(struct braid_store *st, const char *coder, int64_t *id, struct braid_err *err)
{
	*id = 0;
	return coder ? braid_store_coder(st, coder, 0, id, err) : 0;
}

static int walk_run(struct braid_store *st, const struct targets *tg, int64_t coder,
		    int (*doc_fn)(struct walk *w, void *ctx), void *ctx, struct braid_err *err)
{
	struct walk w = { .st = st, .err = err, .tg = tg, .coder = coder, .doc_fn = doc_fn,
			  .ctx = ctx };
	sqlite3_stmt *docs = NULL;
	int rc;

	if (!tg->n)
		return 0; /* no theme has codes: no segments anywhere */
	/* "+": not through codings_coder, which would visit the coder's codings per document */
	rc = db_prepare(st,
			"SELECT id, code_id, start_cp, end_cp FROM codings"
			" WHERE doc_id = ?1 AND status = 'accepted' AND (?2 = 0 OR +coder_id = ?2)"
			" ORDER BY start_cp",
			&w.codings, err);
	if (!rc)
		rc = db_prepare(st, "SELECT id, name FROM documents ORDER BY name", &docs, err);
	if (!rc) {
		sqlite3_bind_int64(w.codings, 2, coder);
		w.dt = braid_doctext_new(st);
		rc = db_each(st, docs, walk_doc, &w, "cannot read the documents", err);
	}
	braid_doctext_free(w.dt);
	sqlite3_finalize(docs);
	sqlite3_finalize(w.codings);
	free(w.seg);
	return rc;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct wseg *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->coding > y->coding) - (x->coding < y->coding);
}

/* ---- prevalence ---- */

/* A participant's utterance: its turn and its row when counting by rows (0: none). */
struct span {
	int64_t start, end, row, turn;
	int64_t words; /* its words (the turn's count) */
};

struct piece {
	size_t target;
	int64_t start, end, row;
};

/* One row's share of a theme (braid_themes_cases_each), beside the row ids. */
struct case_acc {
	int64_t segments, words, words_total;
};

struct case_pair {
	size_t target;
	int64_t case_id;
};

struct prevalence {
	struct braid_prevalence *p; /* per target */
	size_t ntargets;
	sqlite3_stmt *pturns;       /* a document's participants' turns */
	struct span *pt;
	size_t npt, pt_alloc;
	struct piece *pieces;
	size_t npieces, pieces_alloc;
	struct case_pair *cases;
	size_t ncases, cases_alloc;
	int64_t *case_ids;          /* the cases with words of their own, sorted */
	size_t ncase_ids, case_ids_alloc;
	struct braid_prevalence totals;
	int by;                     /* the rows counted (enum braid_matrix_rows), or NO_ROWS */
	int64_t *row_ids;           /* with by: the rows' ids (cases, documents, speakers), sorted */
	size_t nrows, rows_alloc, words_alloc;
	struct case_acc *acc;       /* with by: per target and row, acc[target * nrows + i] */
	int64_t *row_words;         /* with by: row_ids[i]'s participants' words */
	/* NULL, or handed each document's words per target once its pieces are read */
	int (*doc_cb)(const char *doc, size_t target, int64_t words, int64_t words_total,
		      void *ctx);
	void *doc_ctx;
	int64_t *doc_words;         /* with doc_cb: per target, the document's */
};

#define NO_ROWS (-1)

/*
 * A participant turn's row, by the grouping: its case (braid_turn_case: a
 * participant's turn goes to the speaker's case, else the document's),
 * its document, its speaker.
 */
static const char *const row_sql[BRAID_MATRIX_ROWS_N] = {
	[BRAID_ROWS_CASES] = "coalesce(s.case_id, d.case_id, 0)",
	[BRAID_ROWS_DOCS] = "t.doc_id",
	[BRAID_ROWS_SPEAKERS] = "t.speaker_id",
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The index of a row in row_ids, or NONE. */
static size_t row_index(const struct prevalence *pv, int64_t row)
{
	int64_t *k = row ? bsearch(&row, pv->row_ids, pv->nrows, sizeof(int64_t), cmp_i64) : NULL;

	return k ? (size_t)(k - pv->row_ids) : NONE;
}

/* A target's accumulator for a row, or NULL when not counting by rows or that is no row. */
static struct case_acc *case_acc_of(struct prevalence *pv, size_t target, int64_t row)
{
	size_t i;

	if (!pv->acc || (i = row_index(pv, row)) == NONE)
		return NULL;
	return &pv->acc[target * pv->nrows + i];
}

static int pturn_row(sqlite3_stmt *s, void *ctx)
{
	struct prevalence *pv = ctx;

	ALLOC_GROW(pv->pt, pv->npt + 1, pv->pt_alloc);
	pv->pt[pv->npt++] = (struct span){ sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
					   sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
					   sqlite3_column_int64(s, 4) };
	return 0;
}

/*
 * The row a segment counts for: by case the case of the turn it starts in
 * (the walk's, braid_turn_case); by document or speaker, that of the
 * participant turn it starts in, 0 when the turn is no participant's. The
 * participants' turns are in pt by start; the segment's turn is the last
 * one starting at or before it, so the last participant turn starting at or
 * before it is that turn or another.
 */
static int64_t seg_row(const struct prevalence *pv, const struct wseg *g)
{
	size_t lo = 0, hi = pv->npt;

	if (pv->by == BRAID_ROWS_CASES)
		return g->case_id;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pv->pt[mid].start <= g->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && pv->pt[lo - 1].turn == g->turn ? pv->pt[lo - 1].row : 0;
}

/* The parts of [start, end) inside participants' utterances, as pieces of target. */
static void clip(struct prevalence *pv, size_t target, int64_t start, int64_t end)
{
	size_t lo = 0, hi = pv->npt;

	/* the first turn ending after start */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pv->pt[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < pv->npt && pv->pt[lo].start < end; lo++) {
		int64_t a = start > pv->pt[lo].start ? start : pv->pt[lo].start;
		int64_t b = end < pv->pt[lo].end ? end : pv->pt[lo].end;

		if (a < b) {
			ALLOC_GROW(pv->pieces, pv->npieces + 1, pv->pieces_alloc);
			pv->pieces[pv->npieces++] = (struct piece){ target, a, b, pv->pt[lo].row };
		}
	}
}

static int piece_cmp(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* The document's figures per target, to the document hook; each target's words start again. */
static int prevalence_doc_out(const struct walk *w, struct prevalence *pv)
{
	int64_t total = 0;
	int rc = 0;

	for (size_t i = 0; i < pv->npt; i++)
		total += pv->pt[i].words;
	for (size_t k = 0; !rc && k < pv->ntargets; k++)
		rc = pv->doc_cb(w->doc_name, k, pv->doc_words[k], total, pv->doc_ctx);
	memset(pv->doc_words, 0, pv->ntargets * sizeof(*pv->doc_words));
	return rc;
}

static int prevalence_doc(struct walk *w, void *ctx)
{
	struct prevalence *pv = ctx;
	int64_t last_start = -1, last_end = -1, words = 0;
	int rc;

	qsort(w->seg, w->nseg, sizeof(*w->seg), seg_cmp);
	pv->npt = 0;
	pv->npieces = 0;
	sqlite3_bind_int64(pv->pturns, 1, w->doc);
	if ((rc = db_each(w->st, pv->pturns, pturn_row, pv, "cannot read the turns", w->err)))
		return rc;
	for (size_t i = 0; i < w->nseg;) {
		size_t k = w->seg[i].target, j;
		struct braid_prevalence *p = &pv->p[k];
		int64_t us = w->seg[i].start, ue = w->seg[i].end;

		p->docs++;
		for (j = i; j < w->nseg && w->seg[j].target == k; j++) {
			const struct wseg *g = &w->seg[j];

			if (j == i || g->start != w->seg[j - 1].start || g->end != w->seg[j - 1].end) {
				struct case_acc *a = pv->acc ? case_acc_of(pv, k, seg_row(pv, g))
							     : NULL;

				p->segments++;
				if (a)
					a->segments++;
			}
			if (g->case_id && (j == i || g->case_id != w->seg[j - 1].case_id)) {
				ALLOC_GROW(pv->cases, pv->ncases + 1, pv->cases_alloc);
				pv->cases[pv->ncases++] = (struct case_pair){ k, g->case_id };
			}
			/* the union of the target's spans, in order of their starts */
			if (g->start <= ue) {
				if (g->end > ue)
					ue = g->end;
			} else {
				clip(pv, k, us, ue);
				us = g->start;
				ue = g->end;
			}
		}
		clip(pv, k, us, ue);
		i = j;
	}
	/* the pieces in text order, so the reader walks forward; equal pieces read once */
	qsort(pv->pieces, pv->npieces, sizeof(*pv->pieces), piece_cmp);
	for (size_t i = 0; i < pv->npieces; i++) {
		const struct piece *q = &pv->pieces[i];

		if (q->start != last_start || q->end != last_end) {
			const char *text;
			size_t len;

			if ((rc = braid_doctext_span(w->dt, q->start, q->end, &text, &len, w->err)))
				return rc;
			words = (int64_t)braid_text_words(text, len);
			last_start = q->start;
			last_end = q->end;
		}
		pv->p[q->target].words += words;
		if (case_acc_of(pv, q->target, q->row))
			case_acc_of(pv, q->target, q->row)->words += words;
		if (pv->doc_words)
			pv->doc_words[q->target] += words;
	}
	return pv->doc_cb ? prevalence_doc_out(w, pv) : 0;
}

static int case_pair_cmp(const void *a, const void *b)
{
	const struct case_pair *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return (x->case_id > y->case_id) - (x->case_id < y->case_id);
}

/*
 * The totals: every document; the words participants speak; the cases with
 * words of their own, as `braid cases` counts them (a speaker's turns go to
 * the speaker's case, else the document's, when the speaker is a
 * participant or has a case). Turns are summed per speaker first, in one
 * pass, as braid_corpus_cases does.
 */
struct totals_acc {
	struct prevalence *pv;
	int64_t last_case, case_words;
};

static int totals_row(sqlite3_stmt *s, void *ctx)
{
	struct totals_acc *a = ctx;
	struct prevalence *pv = a->pv;
	int64_t words = sqlite3_column_int64(s, 2), kase = sqlite3_column_int64(s, 0);

	if (sqlite3_column_int(s, 1))
		pv->totals.words_total += words;
	if (!sqlite3_column_int(s, 3) || !kase)
		return 0;
	if (kase != a->last_case) {
		a->last_case = kase;
		a->case_words = 0;
	}
	/* the case counts once, when its words first pass 0 */
	if (a->case_words <= 0 && a->case_words + words > 0) {
		ALLOC_GROW(pv->case_ids, pv->ncase_ids + 1, pv->case_ids_alloc);
		pv->case_ids[pv->ncase_ids++] = kase;
	}
	a->case_words += words;
	return 0;
}

static int totals_load(struct braid_store *st, struct prevalence *pv, struct braid_err *err)
{
	struct totals_acc a = { pv, 0, 0 };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT count(*) FROM documents", &s, err)))
		return rc;
	if ((rc = db_one(st, s, "cannot count the documents", err)) == 1) {
		pv->totals.docs_total = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		rc = 0;
	}
	sqlite3_finalize(s);
	if (rc || (rc = db_prepare(st,
				   "WITH per_speaker AS (SELECT speaker_id, sum(words) AS words"
				   "  FROM turns GROUP BY speaker_id)"
				   " SELECT coalesce(s.case_id, d.case_id, 0) AS k, s.role = 'participant',"
				   " p.words, s.role = 'participant' OR s.case_id IS NOT NULL"
				   " FROM per_speaker p JOIN speakers s ON s.id = p.speaker_id"
				   " JOIN documents d ON d.id = s.doc_id ORDER BY k",
				   &s, err)))
		return rc;
	rc = db_each(st, s, totals_row, &a, "cannot count the words", err);
	sqlite3_finalize(s);
	pv->totals.cases_total = (int64_t)pv->ncase_ids;
	return rc;
}

static void prevalence_release(struct prevalence *pv)
{
	sqlite3_finalize(pv->pturns);
	free(pv->p);
	free(pv->pt);
	free(pv->pieces);
	free(pv->cases);
	free(pv->case_ids);
	free(pv->row_ids);
	free(pv->acc);
	free(pv->row_words);
	free(pv->doc_words);
}

/*
 * A row's participants' words. The cases counted are those with words of
 * their own, as totals_load found them; a document or a speaker is a row
 * when its participants speak words.
 */
static int row_words_row(sqlite3_stmt *s, void *ctx)
{
	struct prevalence *pv = ctx;
	int64_t row = sqlite3_column_int64(s, 0), words = sqlite3_column_int64(s, 1);
	size_t i;

	if (pv->by != BRAID_ROWS_CASES && row && words > 0) {
		ALLOC_GROW(pv->row_ids, pv->nrows + 1, pv->rows_alloc);
		ALLOC_GROW(pv->row_words, pv->nrows + 1, pv->words_alloc);
		pv->row_ids[pv->nrows] = row;
		pv->row_words[pv->nrows++] = words;
	} else if (pv->by == BRAID_ROWS_CASES && (i = row_index(pv, row)) != NONE) {
		pv->row_words[i] = words;
	}
	return 0;
}

/* The rows and their participants' words, for the figures per row. */
static int rows_load(struct braid_store *st, struct prevalence *pv, struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	if (pv->by == BRAID_ROWS_CASES) {
		pv->nrows = pv->rows_alloc = pv->ncase_ids;
		pv->row_ids = xcalloc(pv->nrows + 1, sizeof(*pv->row_ids));
		if (pv->nrows)
			memcpy(pv->row_ids, pv->case_ids, pv->nrows * sizeof(*pv->row_ids));
		pv->row_words = xcalloc(pv->nrows + 1, sizeof(*pv->row_words));
	}
	strbuf_addf(&sql,
		    "SELECT %s AS k, sum(t.words) FROM turns t"
		    " JOIN speakers s ON s.id = t.speaker_id JOIN documents d ON d.id = t.doc_id"
		    " WHERE s.role = 'participant' GROUP BY k ORDER BY k",
		    row_sql[pv->by]);
	rc = db_prepare(st, sql.buf, &s, err);
	strbuf_release(&sql);
	if (rc)
		return rc;
	rc = db_each(st, s, row_words_row, pv, "cannot count the words", err);
	sqlite3_finalize(s);
	pv->acc = xcalloc(pv->ntargets * pv->nrows + 1, sizeof(*pv->acc));
	return rc;
}

/*
 * Figures for every target (targets_of: per node its target, NONE for none);
 * by (enum braid_matrix_rows, else NO_ROWS): each target's figures per row
 * too, in pv->acc.
 */
static int prevalence_walk(struct braid_store *st, struct targets *tg, size_t ntargets,
			   const char *coder, int by, struct prevalence *pv, struct braid_err *err);

static int prevalence_run(struct braid_store *st, const struct tree *tree, const size_t *target_of,
			  size_t ntargets, const char *coder, int by, struct prevalence *pv,
			  struct braid_err *err)
{
	struct targets tg = { tree, target_of, NULL, 0, 0 };

	return prevalence_walk(st, &tg, ntargets, coder, by, pv, err);
}

/*
 * The walk for targets tg (loaded here from the themes' codes when it holds
 * none yet and has a tree; else as given: codes as their own targets).
 */
static int prevalence_walk(struct braid_store *st, struct targets *tgp, size_t ntargets,
			   const char *coder, int by, struct prevalence *pv, struct braid_err *err)
{
	struct targets tg = *tgp;
	struct strbuf sql = STRBUF_INIT;
	int (*doc_cb)(const char *, size_t, int64_t, int64_t, void *) = pv->doc_cb;
	void *doc_ctx = pv->doc_ctx;
	int64_t cid;
	int rc;

	/* the caller zeroed pv, and set the document hook if it wants one */
	memset(pv, 0, sizeof(*pv));
	pv->p = xcalloc(ntargets + 1, sizeof(*pv->p));
	pv->ntargets = ntargets;
	pv->by = by;
	if ((pv->doc_cb = doc_cb)) {
		pv->doc_ctx = doc_ctx;
		pv->doc_words = xcalloc(ntargets + 1, sizeof(*pv->doc_words));
	}
	rc = coder_id(st, coder, &cid, err);
	if (!rc)
		rc = totals_load(st, pv, err);
	if (!rc && by != NO_ROWS)
		rc = rows_load(st, pv, err);
	strbuf_addf(&sql,
		    "SELECT t.start_cp, t.end_cp, %s, t.id, t.words FROM turns t"
		    " JOIN speakers s ON s.id = t.speaker_id JOIN documents d ON d.id = t.doc_id"
		    " WHERE t.doc_id = ?1 AND s.role = 'participant' ORDER BY t.start_cp",
		    row_sql[by == NO_ROWS ? BRAID_ROWS_CASES : by]);
	if (!rc)
		rc = db_prepare(st, sql.buf, &pv->pturns, err);
	strbuf_release(&sql);
	if (!rc && tg.tree)
		rc = targets_load(st, &tg, err);
	if (!rc)
		rc = walk_run(st, &tg, cid, prevalence_doc, pv, err);
	if (!rc && pv->ncases) {
		size_t k = 0;

		qsort(pv->cases, pv->ncases, sizeof(*pv->cases), case_pair_cmp);
		for (size_t i = 0; i < pv->ncases; i++) {
			const struct case_pair *c = &pv->cases[i];

			if (k && !case_pair_cmp(&pv->cases[k - 1], c))
				continue;
			pv->cases[k++] = *c;
			/* only cases with words of their own count (those of the total) */
			if (bsearch(&c->case_id, pv->case_ids, pv->ncase_ids, sizeof(int64_t), cmp_i64))
				pv->p[c->target].cases++;
		}
	}
	for (size_t i = 0; i < ntargets; i++) {
		pv->p[i].cases_total = pv->totals.cases_total;
		pv->p[i].docs_total = pv->totals.docs_total;
		pv->p[i].words_total = pv->totals.words_total;
	}
	if (tg.tree)
		free(tg.v); /* loaded here; a caller's targets stay the caller's */
	return rc;
}

int braid_theme_prevalence(struct braid_store *st, int64_t theme, const char *coder,
			   struct braid_prevalence *out, struct braid_err *err)
{
	struct tree tree;
	struct prevalence pv;
	size_t *target_of = NULL, k;
	int rc = tree_load(st, &tree, err);

	memset(&pv, 0, sizeof(pv));
	memset(out, 0, sizeof(*out));
	if (!rc && (k = node_of(&tree, theme)) == NONE)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no theme with id %lld", (long long)theme);
	if (!rc) {
		target_of = xcalloc(tree.n + 1, sizeof(*target_of));
		for (size_t i = 0; i < tree.n; i++)
			target_of[i] = i == k ? 0 : NONE;
		rc = prevalence_run(st, &tree, target_of, 1, coder, NO_ROWS, &pv, err);
	}
	if (!rc)
		*out = pv.p[0];
	prevalence_release(&pv);
	free(target_of);
	free(tree.v);
	return rc;
}

/*
 * Each grouping's rows in order, with their names and cases. A speaker's
 * case is braid_turn_case's for a participant: the speaker's, else the
 * document's.
 */
static const char *const rows_names_sql[BRAID_MATRIX_ROWS_N] = {
	[BRAID_ROWS_CASES] = "SELECT id, name, name FROM cases ORDER BY name",
	[BRAID_ROWS_DOCS] = "SELECT d.id, d.name, c.name FROM documents d"
			    " LEFT JOIN cases c ON c.id = d.case_id ORDER BY d.name",
	[BRAID_ROWS_SPEAKERS] =
		"SELECT s.id, d.name || ':' || s.label, coalesce(sc.name, dc.name)"
		" FROM speakers s JOIN documents d ON d.id = s.doc_id"
		" LEFT JOIN cases sc ON sc.id = s.case_id LEFT JOIN cases dc ON dc.id = d.case_id"
		" ORDER BY d.name, (SELECT min(t.idx) FROM turns t WHERE t.speaker_id = s.id), s.id",
};

struct case_names {
	struct prevalence *pv;
	size_t target;
	int64_t theme;
	int (*cb)(int64_t theme, const struct braid_case_prevalence_row *row, void *ctx);
	void *ctx;
};

static int case_name_row(sqlite3_stmt *s, void *ctx)
{
	struct case_names *c = ctx;
	size_t i = row_index(c->pv, sqlite3_column_int64(s, 0));
	const struct case_acc *a;
	struct braid_case_prevalence_row r = { db_col_text(s, 1), db_col_null(s, 2), 0, 0, 0 };

	if (i == NONE)
		return 0; /* no words of its own: not among the rows counted */
	a = &c->pv->acc[c->target * c->pv->nrows + i];
	r.segments = a->segments;
	r.words = a->words;
	r.words_total = c->pv->row_words[i];
	return c->cb(c->theme, &r, c->ctx);
}

/* braid_codes_cases_each's callback behind case_name_row's (theme carries the code's index). */
struct code_cb {
	int (*cb)(size_t code, const struct braid_case_prevalence_row *row, void *ctx);
	void *ctx;
};

static int code_case_row(int64_t index, const struct braid_case_prevalence_row *row, void *ctx)
{
	struct code_cb *cc = ctx;

	return cc->cb((size_t)index, row, cc->ctx);
}

static int bad_rows(enum braid_matrix_rows by, struct braid_err *err)
{
	return braid_errorf(err, BRAID_EINVAL, "unknown rows %d", (int)by);
}

int braid_themes_cases_each(struct braid_store *st, const struct braid_theme_filter *f,
			    enum braid_matrix_rows by,
			    int (*cb)(int64_t theme, const struct braid_case_prevalence_row *row,
				      void *ctx),
			    void *ctx, struct braid_err *err)
{
	static const struct braid_theme_filter none = { 0 };
	struct tree tree;
	struct prevalence pv;
	struct case_names cn = { &pv, 0, 0, cb, ctx };
	sqlite3_stmt *order = NULL, *rows = NULL;
	size_t *target_of = NULL, ntargets = 0;
	int all, rc, step = SQLITE_DONE;

	if ((unsigned)by >= BRAID_MATRIX_ROWS_N)
		return bad_rows(by, err);
	if (!f)
		f = &none;
	all = (f->flags & BRAID_THEMES_ALL) != 0;
	memset(&pv, 0, sizeof(pv));
	if (!(rc = tree_load(st, &tree, err))) {
		/* every theme listed is a target: one walk for them all */
		target_of = xcalloc(tree.n + 1, sizeof(*target_of));
		for (size_t i = 0; i < tree.n; i++)
			target_of[i] = all || tree.v[i].live ? ntargets++ : NONE;
		rc = prevalence_run(st, &tree, target_of, ntargets, f->coder, (int)by, &pv, err);
	}
	if (!rc)
		rc = db_prepare(st, THEME_TREE_CTE " SELECT id FROM ttree ORDER BY path", &order, err);
	if (!rc)
		rc = db_prepare(st, rows_names_sql[by], &rows, err);
	if (!rc)
		sqlite3_bind_int(order, 1, all);
	while (!rc && (step = sqlite3_step(order)) == SQLITE_ROW) {
		size_t k = node_of(&tree, sqlite3_column_int64(order, 0));

		if (k == NONE || target_of[k] == NONE)
			continue;
		cn.target = target_of[k];
		cn.theme = sqlite3_column_int64(order, 0);
		rc = db_each(st, rows, case_name_row, &cn, "cannot read the rows", err);
		sqlite3_reset(rows);
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(st, err, "cannot list the themes");
	sqlite3_finalize(order);
	sqlite3_finalize(rows);
	prevalence_release(&pv);
	free(target_of);
	free(tree.v);
	return rc;
}

int braid_codes_cases_each(struct braid_store *st, const int64_t *codes, size_t ncodes,
			   const char *coder, enum braid_matrix_rows by,
			   int (*cb)(size_t code, const struct braid_case_prevalence_row *row,
				     void *ctx),
			   void *ctx, struct braid_err *err)
{
	struct targets tg = { NULL, NULL, NULL, 0, 0 };
	struct prevalence pv;
	struct case_names cn = { &pv, 0, 0, NULL, NULL };
	struct code_cb cc = { cb, ctx };
	sqlite3_stmt *rows = NULL;
	int rc = 0;

	if ((unsigned)by >= BRAID_MATRIX_ROWS_N)
		return bad_rows(by, err);
	memset(&pv, 0, sizeof(pv));
	/* each code its own target: its own codings, a span once however many coders */
	tg.v = xcalloc(ncodes + 1, sizeof(*tg.v));
	for (size_t i = 0; i < ncodes; i++)
		tg.v[i] = (struct target_code){ codes[i], i };
	tg.n = ncodes;
	if (ncodes)
		qsort(tg.v, tg.n, sizeof(*tg.v), cmp_target_code);
	rc = prevalence_walk(st, &tg, ncodes, coder, (int)by, &pv, err);
	if (!rc)
		rc = db_prepare(st, rows_names_sql[by], &rows, err);
	cn.cb = code_case_row;
	cn.ctx = &cc;
	for (size_t i = 0; !rc && i < ncodes; i++) {
		cn.target = i;
		cn.theme = (int64_t)i;
		rc = db_each(st, rows, case_name_row, &cn, "cannot read the rows", err);
		sqlite3_reset(rows);
	}
	sqlite3_finalize(rows);
	prevalence_release(&pv);
	free(tg.v);
	return rc;
}

/*
 * Targets for the walks below: ids[i] is target i, a theme (with its
 * sub-themes' codes, as prevalence counts it) or, with codes, a code (its
 * own codings). tree and target_of are loaded for themes; tg->v for codes.
 */
static int targets_of_ids(struct braid_store *st, int codes, const int64_t *ids, size_t n,
			  struct tree *tree, size_t **target_of, struct targets *tg,
			  struct braid_err *err)
{
	int rc = 0;

	memset(tree, 0, sizeof(*tree));
	memset(tg, 0, sizeof(*tg));
	*target_of = NULL;
	if (codes) {
		tg->v = xcalloc(n + 1, sizeof(*tg->v));
		for (size_t i = 0; i < n; i++)
			tg->v[i] = (struct target_code){ ids[i], i };
		tg->n = n;
		if (n)
			qsort(tg->v, tg->n, sizeof(*tg->v), cmp_target_code);
		return 0;
	}
	if ((rc = tree_load(st, tree, err)))
		return rc;
	*target_of = xcalloc(tree->n + 1, sizeof(**target_of));
	for (size_t i = 0; i < tree->n; i++)
		(*target_of)[i] = NONE;
	for (size_t i = 0; i < n; i++) {
		size_t k = node_of(tree, ids[i]);

		if (k == NONE)
			return braid_errorf(err, BRAID_ENOTFOUND, "no theme with id %lld",
					    (long long)ids[i]);
		(*target_of)[k] = i;
	}
	tg->tree = tree;
	tg->target_of = *target_of;
	return targets_load(st, tg, err);
}

struct docs_hook {
	int (*cb)(size_t target, const struct braid_doc_prevalence_row *row, void *ctx);
	void *ctx;
};

static int docs_hook_row(const char *doc, size_t target, int64_t words, int64_t words_total,
			 void *ctx)
{
	struct docs_hook *h = ctx;
	struct braid_doc_prevalence_row r = { doc, words, words_total };

	return h->cb(target, &r, h->ctx);
}

int braid_themes_docs_each(struct braid_store *st, int codes, const int64_t *ids, size_t n,
			   const char *coder,
			   int (*cb)(size_t target, const struct braid_doc_prevalence_row *row,
				     void *ctx),
			   void *ctx, struct braid_err *err)
{
	struct tree tree;
	struct targets tg;
	struct prevalence pv;
	struct docs_hook h = { cb, ctx };
	size_t *target_of = NULL;
	int rc = targets_of_ids(st, codes, ids, n, &tree, &target_of, &tg, err);

	memset(&pv, 0, sizeof(pv));
	pv.doc_cb = docs_hook_row;
	pv.doc_ctx = &h;
	/* the targets are loaded already: the walk takes them as they are */
	tg.tree = NULL;
	if (!rc)
		rc = prevalence_walk(st, &tg, n, coder, NO_ROWS, &pv, err);
	prevalence_release(&pv);
	free(tg.v);
	free(target_of);
	free(tree.v);
	return rc;
}

struct segments_hook {
	int (*fn)(int64_t doc, const struct wseg *seg, size_t nseg, void *ctx);
	void *ctx;
};

static int segments_doc(struct walk *w, void *ctx)
{
	struct segments_hook *h = ctx;
	size_t k = 0;

	/* by target and span, each target's span once (another code or coder on it is the same) */
	qsort(w->seg, w->nseg, sizeof(*w->seg), seg_cmp);
	for (size_t i = 0; i < w->nseg; i++)
		if (!k || w->seg[k - 1].target != w->seg[i].target ||
		    w->seg[k - 1].start != w->seg[i].start || w->seg[k - 1].end != w->seg[i].end)
			w->seg[k++] = w->seg[i];
	return h->fn(w->doc, w->seg, k, h->ctx);
}

int braid_themes_segments(struct braid_store *st, int codes, const int64_t *ids, size_t n,
			  const char *coder,
			  int (*fn)(int64_t doc, const struct wseg *seg, size_t nseg, void *ctx),
			  void *ctx, struct braid_err *err)
{
	struct tree tree;
	struct targets tg;
	struct segments_hook h = { fn, ctx };
	size_t *target_of = NULL;
	int64_t cid = 0;
	int rc = targets_of_ids(st, codes, ids, n, &tree, &target_of, &tg, err);

	if (!rc)
		rc = coder_id(st, coder, &cid, err);
	if (!rc)
		rc = walk_run(st, &tg, cid, segments_doc, &h, err);
	free(tg.v);
	free(target_of);
	free(tree.v);
	return rc;
}

/* ---- listing ---- */

struct theme_codes {
	int64_t *theme; /* per entry, sorted by theme then the code's tree order */
	char **slug;
	size_t n, alloc;
};

static int theme_code_row(sqlite3_stmt *s, void *ctx)
{
	struct theme_codes *tc = ctx;

	if (tc->n + 1 > tc->alloc) {
		tc->alloc = tc->alloc ? tc->alloc * 2 : 64;
		tc->theme = xrealloc(tc->theme, tc->alloc * sizeof(*tc->theme));
		tc->slug = xrealloc(tc->slug, tc->alloc * sizeof(*tc->slug));
	}
	tc->theme[tc->n] = sqlite3_column_int64(s, 0);
	tc->slug[tc->n++] = xstrdup(db_col_text(s, 1));
	return 0;
}

struct theme_walk {
	const struct theme_codes *tc;
	const struct tree *tree;
	const size_t *target_of;
	const struct braid_prevalence *prev; /* NULL without prevalence */
	int (*cb)(const struct braid_theme_row *row, void *ctx);
	void *ctx;
};

static int theme_row(sqlite3_stmt *s, void *ctx)
{
	struct theme_walk *w = ctx;
	int64_t id = sqlite3_column_int64(s, 0);
	size_t lo = 0, hi = w->tc->n, first, k;
	struct braid_theme_row r = {
		.id = id,
		.guid = db_col_text(s, 1),
		.slug = db_col_text(s, 2),
		.name = db_col_text(s, 3),
		.status = db_col_text(s, 4),
		.definition = db_col_null(s, 5),
		.scope = db_col_null(s, 6),
		.why = db_col_null(s, 7),
		.merged_into = db_col_null(s, 8),
		.parent_id = sqlite3_column_int64(s, 9),
		.depth = sqlite3_column_int(s, 10),
		.reviewed_extracts = db_col_null(s, 11),
		.reviewed_dataset = db_col_null(s, 12),
		.created = db_col_text(s, 13),
		.created_by = db_col_null(s, 14),
		.created_phase = sqlite3_column_int64(s, 15),
		.parent = db_col_null(s, 16),
	};

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->tc->theme[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (first = lo; lo < w->tc->n && w->tc->theme[lo] == id; lo++)
		;
	r.ncodes = lo - first;
	r.codes = r.ncodes ? (const char *const *)w->tc->slug + first : NULL;
	if (w->prev && (k = node_of(w->tree, id)) != NONE && w->target_of[k] != NONE)
		r.prev = w->prev[w->target_of[k]];
	return w->cb(&r, w->ctx);
}

int braid_themes_each(struct braid_store *st, const struct braid_theme_filter *f,
		      int (*cb)(const struct braid_theme_row *row, void *ctx), void *ctx,
		      struct braid_err *err)
{
	static const struct braid_theme_filter none = { 0 };
	struct theme_codes tc = { 0 };
	struct tree tree = { 0 };
	struct prevalence pv;
	size_t *target_of = NULL, ntargets = 0;
	struct theme_walk w = { &tc, &tree, NULL, NULL, cb, ctx };
	sqlite3_stmt *s = NULL;
	int all, rc = 0;

	if (!f)
		f = &none;
	all = (f->flags & BRAID_THEMES_ALL) != 0;
	memset(&pv, 0, sizeof(pv));
	if (f->flags & BRAID_THEMES_PREVALENCE) {
		/* every theme listed is a target: one walk for them all */
		rc = tree_load(st, &tree, err);
		target_of = xcalloc(tree.n + 1, sizeof(*target_of));
		for (size_t i = 0; i < tree.n; i++)
			target_of[i] = all || tree.v[i].live ? ntargets++ : NONE;
		if (!rc)
			rc = prevalence_run(st, &tree, target_of, ntargets, f->coder, 0, &pv, err);
		w.target_of = target_of;
		w.prev = pv.p;
	} else if (f->coder) {
		int64_t cid;

		rc = coder_id(st, f->coder, &cid, err);
	}
	if (!rc)
		rc = db_prepare(st,
				CODE_TREE_CTE " SELECT tc.theme_id, c.slug FROM theme_codes tc"
					      " JOIN tree t ON t.id = tc.code_id JOIN codes c ON c.id = tc.code_id"
					      " ORDER BY tc.theme_id, t.path",
				&s, err);
	if (!rc)
		rc = db_each(st, s, theme_code_row, &tc, "cannot read the themes' codes", err);
	sqlite3_finalize(s);
	s = NULL;
	if (!rc)
		rc = db_prepare(st,
				THEME_TREE_CTE
				" SELECT t.id, t.guid, t.slug, t.name, t.status, t.definition, t.scope, t.why,"
				" m.slug, coalesce(t.parent_id, 0), tt.depth, t.reviewed_extracts,"
				" t.reviewed_dataset, t.created, cd.name, coalesce(t.created_phase, 0), pa.slug"
				" FROM ttree tt JOIN themes t ON t.id = tt.id"
				" LEFT JOIN themes m ON m.id = t.merged_into"
				" LEFT JOIN themes pa ON pa.id = t.parent_id"
				" LEFT JOIN coders cd ON cd.id = t.created_by ORDER BY tt.path",
				&s, err);
	if (!rc) {
		sqlite3_bind_int(s, 1, all);
		rc = db_each(st, s, theme_row, &w, "cannot list the themes", err);
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < tc.n; i++)
		free(tc.slug[i]);
	free(tc.slug);
	free(tc.theme);
	prevalence_release(&pv);
	free(target_of);
	free(tree.v);
	return rc;
}

/* ---- co-occurrence ---- */

/*
 * Targets 0 .. nsources - 1 are the themes whose co-occurrences are counted
 * (one for braid_theme_cooccur, every theme for braid_themes_cooccur_each);
 * count[a * ntargets + b]: target b's segments meeting source a's. related
 * (NULL: none) marks the pairs not counted, a theme and its own ancestors
 * or descendants.
 */
struct cooccur {
	size_t ntargets, nsources;
	int64_t *count;
	const unsigned char *related; /* related[a * ntargets + b] */
	struct span *u;   /* the union of a source's spans in the document */
	size_t nu, u_alloc;
	int64_t *turns;   /* the turns a source's segments start in, sorted */
	size_t nturns, turns_alloc;
};

/* 1 if [start, end) overlaps the union (sorted, disjoint). */
static int meets_union(const struct cooccur *c, int64_t start, int64_t end)
{
	size_t lo = 0, hi = c->nu;

	/* the number of intervals starting before end */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->u[mid].start < end)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && c->u[lo - 1].end > start;
}

/* Counts the segments of every target meeting those of source a, from a's range [i, end) of w->seg. */
static void cooccur_source(struct cooccur *c, const struct walk *w, size_t a, size_t i, size_t end)
{
	c->nu = 0;
	c->nturns = 0;
	for (; i < end; i++) {
		const struct wseg *g = &w->seg[i];

		if (c->nu && g->start <= c->u[c->nu - 1].end) {
			if (g->end > c->u[c->nu - 1].end)
				c->u[c->nu - 1].end = g->end;
		} else {
			ALLOC_GROW(c->u, c->nu + 1, c->u_alloc);
			c->u[c->nu++] = (struct span){ g->start, g->end, 0, 0, 0 };
		}
		if (g->turn) {
			ALLOC_GROW(c->turns, c->nturns + 1, c->turns_alloc);
			c->turns[c->nturns++] = g->turn;
		}
	}
	if (!c->nu)
		return;
	if (c->nturns)
		qsort(c->turns, c->nturns, sizeof(*c->turns), cmp_i64);
	for (size_t j = 0; j < w->nseg; j++) {
		const struct wseg *g = &w->seg[j];

		if (g->target == a || (c->related && c->related[a * c->ntargets + g->target]))
			continue;
		if (j && g->target == w->seg[j - 1].target && g->start == w->seg[j - 1].start &&
		    g->end == w->seg[j - 1].end)
			continue; /* the same segment, by another code or coder */
		if (meets_union(c, g->start, g->end) ||
		    (g->turn && bsearch(&g->turn, c->turns, c->nturns, sizeof(int64_t), cmp_i64)))
			c->count[a * c->ntargets + g->target]++;
	}
}

static int cooccur_doc(struct walk *w, void *ctx)
{
	struct cooccur *c = ctx;

	/* segments by target: each source's segments are one run */
	qsort(w->seg, w->nseg, sizeof(*w->seg), seg_cmp);
	for (size_t i = 0; i < w->nseg;) {
		size_t a = w->seg[i].target, end = i;

		while (end < w->nseg && w->seg[end].target == a)
			end++;
		if (a < c->nsources)
			cooccur_source(c, w, a, i, end);
		i = end;
	}
	return 0;
}

struct cooccur_out {
	size_t target;
	int64_t id, segments;
	char *slug, *name;
};

static int cooccur_out_cmp(const void *a, const void *b)
{
	const struct cooccur_out *x = a, *y = b;
	int n;

	if (x->segments != y->segments)
		return x->segments > y->segments ? -1 : 1;
	n = strcmp(x->name, y->name);
	return n ? n : strcmp(x->slug, y->slug);
}

int braid_theme_cooccur(struct braid_store *st, int64_t theme, const char *coder,
			int (*cb)(const struct braid_cooccur_row *row, void *ctx), void *ctx,
			struct braid_err *err)
{
	struct tree tree;
	struct targets tg = { 0 };
	struct cooccur c = { 0 };
	struct cooccur_out *out = NULL;
	size_t *target_of = NULL, *theme_of = NULL, k = NONE, nout = 0;
	sqlite3_stmt *s = NULL;
	int64_t cid = 0;
	int rc = tree_load(st, &tree, err);

	if (!rc && (k = node_of(&tree, theme)) == NONE)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no theme with id %lld", (long long)theme);
	if (!rc)
		rc = coder_id(st, coder, &cid, err);
	if (rc)
		goto out;
	/* targets: 0 the theme; then every live theme not above it, not below it */
	target_of = xcalloc(tree.n + 1, sizeof(*target_of));
	theme_of = xcalloc(tree.n + 1, sizeof(*theme_of));
	c.ntargets = 1;
	c.nsources = 1;
	for (size_t i = 0; i < tree.n; i++) {
		int related = 0;

		for (size_t j = i, guard = 0; j != NONE && guard <= tree.n; j = tree.v[j].up, guard++)
			related |= j == k; /* i is k or lies below it */
		for (size_t j = k, guard = 0; j != NONE && guard <= tree.n; j = tree.v[j].up, guard++)
			related |= j == i; /* i is above k */
		target_of[i] = i == k ? 0 : !related && tree.v[i].live ? c.ntargets : NONE;
		if (target_of[i] != NONE && i != k)
			theme_of[c.ntargets++] = i;
	}
	c.count = xcalloc(c.ntargets, sizeof(*c.count));
	tg = (struct targets){ &tree, target_of, NULL, 0, 0 };
	rc = targets_load(st, &tg, err);
	if (!rc)
		rc = walk_run(st, &tg, cid, cooccur_doc, &c, err);
	if (!rc)
		rc = db_prepare(st, "SELECT slug, name FROM themes WHERE id = ?", &s, err);
	out = xcalloc(c.ntargets, sizeof(*out));
	for (size_t t = 1; !rc && t < c.ntargets; t++) {
		if (!c.count[t])
			continue;
		sqlite3_bind_int64(s, 1, tree.v[theme_of[t]].id);
		if ((rc = db_one(st, s, "cannot read a theme", err)) == 1) {
			out[nout++] = (struct cooccur_out){ t, tree.v[theme_of[t]].id, c.count[t],
							    xstrdup(db_col_text(s, 0)),
							    xstrdup(db_col_text(s, 1)) };
			sqlite3_reset(s);
			rc = 0;
		}
	}
	if (!rc && nout)
		qsort(out, nout, sizeof(*out), cooccur_out_cmp);
	for (size_t i = 0; !rc && i < nout; i++) {
		struct braid_cooccur_row r = { out[i].slug, out[i].name, out[i].segments };

		rc = cb(&r, ctx);
	}
	for (size_t i = 0; i < nout; i++) {
		free(out[i].slug);
		free(out[i].name);
	}
out:
	sqlite3_finalize(s);
	free(out);
	free(c.count);
	free(c.u);
	free(c.turns);
	free(tg.v);
	free(target_of);
	free(theme_of);
	free(tree.v);
	return rc;
}

/* 1 if node i is node k or lies below it. */
static int is_below(const struct tree *tree, size_t i, size_t k)
{
	for (size_t j = i, guard = 0; j != NONE && guard <= tree->n; j = tree->v[j].up, guard++)
		if (j == k)
			return 1;
	return 0;
}

int braid_themes_cooccur_each(struct braid_store *st, const char *coder,
			      int (*cb)(int64_t theme, int64_t other, int64_t segments, void *ctx),
			      void *ctx, struct braid_err *err)
{
	struct tree tree;
	struct targets tg = { 0 };
	struct cooccur c = { 0 };
	unsigned char *related = NULL;
	size_t *target_of = NULL, *node_of_target = NULL;
	sqlite3_stmt *order = NULL;
	int64_t cid = 0;
	int rc = tree_load(st, &tree, err), step = SQLITE_DONE;

	if (!rc)
		rc = coder_id(st, coder, &cid, err);
	if (rc)
		goto out;
	/* every theme in play is a target and a source */
	target_of = xcalloc(tree.n + 1, sizeof(*target_of));
	node_of_target = xcalloc(tree.n + 1, sizeof(*node_of_target));
	for (size_t i = 0; i < tree.n; i++) {
		target_of[i] = tree.v[i].live ? c.ntargets : NONE;
		if (tree.v[i].live)
			node_of_target[c.ntargets++] = i;
	}
	c.nsources = c.ntargets;
	c.count = xcalloc(c.ntargets * c.ntargets + 1, sizeof(*c.count));
	related = xcalloc(c.ntargets * c.ntargets + 1, 1);
	for (size_t a = 0; a < c.ntargets; a++)
		for (size_t b = 0; b < c.ntargets; b++)
			related[a * c.ntargets + b] =
				is_below(&tree, node_of_target[a], node_of_target[b]) ||
				is_below(&tree, node_of_target[b], node_of_target[a]);
	c.related = related;
	tg = (struct targets){ &tree, target_of, NULL, 0, 0 };
	rc = targets_load(st, &tg, err);
	if (!rc)
		rc = walk_run(st, &tg, cid, cooccur_doc, &c, err);
	/* in tree order, each theme's partners in tree order too */
	if (!rc)
		rc = db_prepare(st, THEME_TREE_CTE " SELECT id FROM ttree ORDER BY path", &order, err);
	if (!rc)
		sqlite3_bind_int(order, 1, 0);
	{
		size_t *ranked = xcalloc(c.ntargets + 1, sizeof(*ranked)), nranked = 0;

		while (!rc && (step = sqlite3_step(order)) == SQLITE_ROW) {
			size_t k = node_of(&tree, sqlite3_column_int64(order, 0));

			if (k != NONE && target_of[k] != NONE)
				ranked[nranked++] = target_of[k];
		}
		if (!rc && step != SQLITE_DONE)
			rc = db_error(st, err, "cannot list the themes");
		for (size_t x = 0; !rc && x < nranked; x++)
			for (size_t y = 0; !rc && y < nranked; y++) {
				int64_t n = c.count[ranked[x] * c.ntargets + ranked[y]];

				if (n)
					rc = cb(tree.v[node_of_target[ranked[x]]].id,
						tree.v[node_of_target[ranked[y]]].id, n, ctx);
			}
		free(ranked);
	}
out:
	sqlite3_finalize(order);
	free(c.count);
	free(c.u);
	free(c.turns);
	free(related);
	free(tg.v);
	free(target_of);
	free(node_of_target);
	free(tree.v);
	return rc;
}

/* ---- extracts ---- */

struct extract {
	int64_t doc, start, end, coding;
	char *doc_name, *case_name, *codes;
};

struct extracts {
	struct extract *v;
	size_t n, alloc;
	/* the cases' names by id, and the codes' slugs by id */
	int64_t *case_id, *code_id;
	char **case_name, **code_slug;
	size_t ncases, ncodes;
	struct strbuf codes;
};

static const char *name_of(int64_t *ids, char **names, size_t n, int64_t id)
{
	int64_t *found = n ? bsearch(&id, ids, n, sizeof(*ids), cmp_i64) : NULL;

	return found ? names[found - ids] : NULL;
}

static int extracts_doc(struct walk *w, void *ctx)
{
	struct extracts *x = ctx;

	/* one target: by span, then coding id */
	qsort(w->seg, w->nseg, sizeof(*w->seg), seg_cmp);
	for (size_t i = 0; i < w->nseg;) {
		size_t j;
		const char *kase = name_of(x->case_id, x->case_name, x->ncases, w->seg[i].case_id);

		strbuf_reset(&x->codes);
		for (j = i; j < w->nseg && w->seg[j].start == w->seg[i].start &&
			    w->seg[j].end == w->seg[i].end;
		     j++) {
			const char *slug = name_of(x->code_id, x->code_slug, x->ncodes, w->seg[j].code);
			size_t k;

			for (k = i; k < j && w->seg[k].code != w->seg[j].code; k++)
				;
			if (k == j && slug)
				strbuf_addf(&x->codes, "%s%s", x->codes.len ? ", " : "", slug);
		}
		ALLOC_GROW(x->v, x->n + 1, x->alloc);
		x->v[x->n++] = (struct extract){ w->doc, w->seg[i].start, w->seg[i].end,
						 w->seg[i].coding, xstrdup(w->doc_name),
						 kase ? xstrdup(kase) : NULL, xstrdup(x->codes.buf) };
		i = j;
	}
	return 0;
}

static int extract_cmp(const void *a, const void *b)
{
	const struct extract *x = a, *y = b;
	int n;

	if (!x->case_name != !y->case_name)
		return x->case_name ? -1 : 1;
	if (x->case_name && (n = strcmp(x->case_name, y->case_name)))
		return n;
	if ((n = strcmp(x->doc_name, y->doc_name)))
		return n;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

struct id_names {
	int64_t **id;
	char ***name;
	size_t *n, alloc;
};

static int id_name_row(sqlite3_stmt *s, void *ctx)
{
	struct id_names *l = ctx;

	if (*l->n + 1 > l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		*l->id = xrealloc(*l->id, l->alloc * sizeof(**l->id));
		*l->name = xrealloc(*l->name, l->alloc * sizeof(**l->name));
	}
	(*l->id)[*l->n] = sqlite3_column_int64(s, 0);
	(*l->name)[(*l->n)++] = xstrdup(db_col_text(s, 1));
	return 0;
}

static int id_names_load(struct braid_store *st, const char *sql, int64_t **id, char ***name,
			 size_t *n, struct braid_err *err)
{
	struct id_names l = { id, name, n, 0 };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	rc = db_each(st, s, id_name_row, &l, "cannot read the names", err);
	sqlite3_finalize(s);
	return rc;
}

int braid_theme_extracts(struct braid_store *st, int64_t theme, const char *coder,
			 int (*cb)(const struct braid_extract_row *row, void *ctx), void *ctx,
			 struct braid_err *err)
{
	struct extracts x = { 0 };
	struct tree tree;
	struct targets tg = { 0 };
	struct braid_doctext *dt = NULL;
	size_t *target_of = NULL, k = NONE;
	int64_t cid = 0, doc = 0;
	int rc = tree_load(st, &tree, err);

	strbuf_init(&x.codes, 0);
	if (!rc && (k = node_of(&tree, theme)) == NONE)
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no theme with id %lld", (long long)theme);
	if (!rc)
		rc = coder_id(st, coder, &cid, err);
	if (!rc)
		rc = id_names_load(st, "SELECT id, name FROM cases ORDER BY id", &x.case_id,
				   &x.case_name, &x.ncases, err);
	if (!rc)
		rc = id_names_load(st, "SELECT id, slug FROM codes ORDER BY id", &x.code_id,
				   &x.code_slug, &x.ncodes, err);
	if (!rc) {
		target_of = xcalloc(tree.n + 1, sizeof(*target_of));
		for (size_t i = 0; i < tree.n; i++)
			target_of[i] = i == k ? 0 : NONE;
		tg = (struct targets){ &tree, target_of, NULL, 0, 0 };
		rc = targets_load(st, &tg, err);
	}
	if (!rc)
		rc = walk_run(st, &tg, cid, extracts_doc, &x, err);
	if (!rc && x.n)
		qsort(x.v, x.n, sizeof(*x.v), extract_cmp);
	if (!rc)
		dt = braid_doctext_new(st);
	/* the text now, document by document (a case's documents come together) */
	for (size_t i = 0; !rc && i < x.n; i++) {
		const struct extract *e = &x.v[i];
		struct braid_doctext_turn t;
		const char *text;
		size_t len;

		if (e->doc != doc && !(rc = braid_doctext_open(dt, e->doc, err)))
			doc = e->doc;
		if (!rc && !(rc = braid_doctext_turn_at(dt, e->start, &t, err)) &&
		    !(rc = braid_doctext_span(dt, e->start, e->end, &text, &len, err))) {
			struct braid_extract_row r = {
				.coding = e->coding,
				.doc = e->doc_name,
				.case_name = e->case_name,
				.speaker = t.id ? t.speaker : NULL,
				.role = t.id ? t.role : NULL,
				.turn = t.id ? t.idx : 0,
				.start = e->start,
				.end = e->end,
				.codes = e->codes,
				.text = text,
				.text_len = len,
			};

			rc = cb(&r, ctx);
		}
	}
	braid_doctext_free(dt);
	for (size_t i = 0; i < x.n; i++) {
		free(x.v[i].doc_name);
		free(x.v[i].case_name);
		free(x.v[i].codes);
	}
	for (size_t i = 0; i < x.ncases; i++)
		free(x.case_name[i]);
	for (size_t i = 0; i < x.ncodes; i++)
		free(x.code_slug[i]);
	free(x.v);
	free(x.case_id);
	free(x.case_name);
	free(x.code_id);
	free(x.code_slug);
	strbuf_release(&x.codes);
	free(tg.v);
	free(target_of);
	free(tree.v);
	return rc;
}
