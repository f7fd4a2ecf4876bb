/* summary.c - the Framework Method's case x theme summaries (see include/braid/summary.h). */
#include <string.h>

#include "braid/summary.h"
#include "braid/text.h"
#include "braid/themes.h"
#include "db.h"

/*
 * The case's and the theme's ids, and the theme's slug (for the notes); a
 * discarded or merged theme is refused when live is set.
 */
static int resolve(struct braid_store *st, const char *case_name, const char *theme, int live,
		   int64_t *case_id, int64_t *theme_id, struct strbuf *slug, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = braid_store_case(st, case_name, 0, case_id, err)) ||
	    (rc = braid_theme_find(st, theme, theme_id, err)) ||
	    (rc = db_prepare(st, "SELECT status, slug FROM themes WHERE id = ?1", &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, *theme_id);
	if ((rc = db_one(st, s, "cannot read the theme", err)) == 1) {
		const char *status = db_col_text(s, 0);

		strbuf_addstr(slug, db_col_text(s, 1));
		rc = !live || (strcmp(status, "discarded") && strcmp(status, "merged"))
			     ? 0
			     : braid_errorf(err, BRAID_EINVAL, "theme '%s' is %s", slug->buf, status);
	}
	sqlite3_finalize(s);
	return rc;
}

int braid_summary_set(struct braid_store *st, const char *case_name, const char *theme,
		      const char *text, const char *coder, struct braid_err *err)
{
	struct strbuf shown = STRBUF_INIT, slug = STRBUF_INIT;
	int64_t case_id, theme_id, coder_id = 0, had = 0;
	sqlite3_stmt *s = NULL;
	int rc;

	if (!braid_utf8_valid(text, strlen(text)))
		return braid_errorf(err, BRAID_EINVAL, "a summary is UTF-8 text");
	braid_text_oneline(text, strlen(text), 60, &shown);
	if (!shown.len) {
		strbuf_release(&shown);
		return braid_errorf(err, BRAID_EINVAL, "a summary needs some text");
	}
	rc = resolve(st, case_name, theme, 1, &case_id, &theme_id, &slug, err);
	if (!rc && coder)
		rc = braid_store_coder(st, coder, 1, &coder_id, err);
	if (!rc)
		rc = db_prepare(st, "SELECT count(*) FROM summaries WHERE case_id = ?1 AND theme_id = ?2",
				&s, err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, case_id);
		sqlite3_bind_int64(s, 2, theme_id);
		if ((rc = db_one(st, s, "cannot read the summaries", err)) == 1) {
			had = sqlite3_column_int64(s, 0);
			rc = 0;
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	/* the first writer stays its author; a rewrite is dated */
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO summaries(case_id, theme_id, text, created_by)"
				" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (case_id, theme_id) DO UPDATE"
				" SET text = excluded.text, updated = " NOW_SQL,
				&s, err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, case_id);
		sqlite3_bind_int64(s, 2, theme_id);
		db_bind_text(s, 3, text, -1);
		if (coder_id)
			sqlite3_bind_int64(s, 4, coder_id);
		rc = db_done(st, s, "cannot write the summary", err);
	}
	sqlite3_finalize(s);
	if (!rc)
		braid_change_note(st, "%s the summary of case %s for theme %s: '%s'",
				  had ? "rewrote" : "wrote", case_name, slug.buf, shown.buf);
	strbuf_release(&shown);
	strbuf_release(&slug);
	return rc;
}

int braid_summary_rm(struct braid_store *st, const char *case_name, const char *theme,
		     struct braid_err *err)
{
	struct strbuf slug = STRBUF_INIT;
	int64_t case_id, theme_id;
	int rc = resolve(st, case_name, theme, 0, &case_id, &theme_id, &slug, err);

	if (!rc)
		rc = db_run_ids(st, "DELETE FROM summaries WHERE case_id = ?1 AND theme_id = ?2",
				case_id, theme_id, "cannot remove the summary", err);
	if (!rc && !sqlite3_changes(braid_store_db(st)))
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no summary of case '%s' for theme '%s'",
				  case_name, slug.buf);
	if (!rc)
		braid_change_note(st, "removed the summary of case %s for theme %s", case_name,
				  slug.buf);
	strbuf_release(&slug);
	return rc;
}

struct summary_walk {
	int (*cb)(const struct braid_summary_row *row, void *ctx);
	void *ctx;
};

static int summary_row(sqlite3_stmt *s, void *data)
{
	struct summary_walk *w = data;
	struct braid_summary_row r = {
		.id = sqlite3_column_int64(s, 0),
		.guid = db_col_text(s, 1),
		.case_name = db_col_text(s, 2),
		.theme = db_col_text(s, 3),
		.theme_name = db_col_text(s, 4),
		.text = db_col_text(s, 5),
		.created = db_col_text(s, 6),
		.created_by = db_col_null(s, 7),
		.updated = db_col_null(s, 8),
	};

	return w->cb(&r, w->ctx);
}

int braid_summaries_each(struct braid_store *st, const char *case_name, const char *theme,
			 int (*cb)(const struct braid_summary_row *row, void *ctx), void *ctx,
			 struct braid_err *err)
{
	struct summary_walk w = { cb, ctx };
	int64_t case_id = 0, theme_id = 0;
	sqlite3_stmt *s;
	int rc = 0;

	if (case_name)
		rc = braid_store_case(st, case_name, 0, &case_id, err);
	if (!rc && theme)
		rc = braid_theme_find(st, theme, &theme_id, err);
	if (rc || (rc = db_prepare(st,
				   "SELECT m.id, m.guid, c.name, h.slug, h.name, m.text, m.created,"
				   " cd.name, m.updated FROM summaries m JOIN cases c ON c.id = m.case_id"
				   " JOIN themes h ON h.id = m.theme_id"
				   " LEFT JOIN coders cd ON cd.id = m.created_by"
				   " WHERE (?1 = 0 OR m.case_id = ?1) AND (?2 = 0 OR m.theme_id = ?2)"
				   " ORDER BY c.name, h.position, h.id",
				   &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, case_id);
	sqlite3_bind_int64(s, 2, theme_id);
	rc = db_each(st, s, summary_row, &w, "cannot list the summaries", err);
	sqlite3_finalize(s);
	return rc;
}

enum { SUM_CASE, SUM_THEME, SUM_TEXT, SUM_BY, SUM_CREATED, SUM_UPDATED, SUM_ID, SUM_GUID, SUM_N };
static const struct braid_column summary_cols[] = {
	[SUM_CASE] = { "CASE", "case", BRAID_VAL_STR, 0, 0 },
	[SUM_THEME] = { "THEME", "theme", BRAID_VAL_STR, 0, 0 },
	[SUM_TEXT] = { "SUMMARY", "text", BRAID_VAL_STR, 0, 60 },
	[SUM_BY] = { "BY", "created_by", BRAID_VAL_STR, 0, 0 },
	[SUM_CREATED] = { "CREATED", "created", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SUM_UPDATED] = { "UPDATED", "updated", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[SUM_ID] = { "ID", "id", BRAID_VAL_INT, BRAID_COL_DATA, 0 },
	[SUM_GUID] = { "GUID", "guid", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
};
_Static_assert(sizeof(summary_cols) / sizeof(summary_cols[0]) == SUM_N, "a summary column is missing");
const struct braid_listing braid_summaries_listing = { "summaries", summary_cols, SUM_N, NULL, 0,
						       0 };

void braid_summary_values(const struct braid_summary_row *r, struct braid_row *row)
{
	struct braid_value *v = row->v;

	v[SUM_CASE] = braid_val_str(r->case_name);
	v[SUM_THEME] = braid_val_str(r->theme);
	v[SUM_TEXT] = braid_val_str(r->text);
	v[SUM_BY] = braid_val_str(r->created_by);
	v[SUM_CREATED] = braid_val_str(r->created);
	v[SUM_UPDATED] = braid_val_str(r->updated);
	v[SUM_ID] = braid_val_int(r->id);
	v[SUM_GUID] = braid_val_str(r->guid);
}
