/*
 * workflow.c - phases, approach, gates, documents read, outputs written
 * (see workflow.h).
 *
 * The current phase is the project setting "phase" (what the change record
 * stamps on every audit row, code, coding, theme and memo); the phases
 * table is its timeline. Both change together, in one change, so undo of a
 * phase move puts back both.
 *
 * A gate is a list of conditions, each one SQL query that counts what is
 * done and one that names what is missing (documents, codes, themes by
 * name, in name order, all of them: the person wants the list to work
 * through). Themes "in play" are those neither discarded nor merged.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/corpus.h"
#include "braid/workflow.h"
#include "db.h"

#define LIVE_THEME "t.status != 'discarded' AND t.status != 'merged'"

/* ---- phase and approach ---- */

int braid_phase_current(struct braid_store *st, int *phase, struct braid_err *err)
{
	char *v = braid_store_meta(st, "phase");
	int p = v ? atoi(v) : 1;

	free(v);
	*phase = p >= 1 && p <= BRAID_PHASE_N ? p : 1;
	return 0;
}

int braid_approach_get(struct braid_store *st, enum braid_approach *a, struct braid_err *err)
{
	char *v = braid_store_meta(st, "approach");
	int k = v ? braid_vocab_parse(&braid_vocab_approach, v) : -1;

	free(v);
	*a = k >= 0 ? (enum braid_approach)k : BRAID_APPROACH_REFLEXIVE;
	return 0;
}

static int set_meta(struct braid_store *st, const char *key, const char *value,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "INSERT INTO project(key, value) VALUES (?1, ?2)"
				 " ON CONFLICT(key) DO UPDATE SET value = ?2 WHERE value != ?2",
			     &s, err)))
		return rc;
	db_bind_text(s, 1, key, -1);
	db_bind_text(s, 2, value, -1);
	rc = db_done(st, s, "cannot write the project's settings", err);
	sqlite3_finalize(s);
	return rc;
}

int braid_approach_set(struct braid_store *st, const char *approach, struct braid_err *err)
{
	enum braid_approach old;
	int k = braid_vocab_require(&braid_vocab_approach, approach, err), rc;

	if (k < 0)
		return k;
	braid_approach_get(st, &old, err);
	rc = set_meta(st, "approach", approach, err);
	if (!rc && sqlite3_changes(braid_store_db(st)))
		braid_change_note(st, "approach: %s (was %s)", approach,
				  braid_vocab_name(&braid_vocab_approach, (int)old));
	return rc;
}

/* ---- gates ---- */

void braid_gate_release(struct braid_gate *g)
{
	for (size_t i = 0; i < g->nitems; i++) {
		free(g->items[i].what);
		free(g->items[i].missing);
	}
	for (size_t i = 0; i < g->nfigures; i++) {
		free(g->figures[i].label);
		free(g->figures[i].value);
	}
	free(g->items);
	free(g->figures);
	memset(g, 0, sizeof(*g));
}

/* One integer from a query (0 when it gives no row). */
static int query_int(struct braid_store *st, const char *sql, int64_t *out, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*out = 0;
	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	rc = db_one(st, s, "cannot check the phase", err);
	if (rc == 1)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

struct names {
	struct strbuf list;
	size_t n;
};

static int add_name(sqlite3_stmt *s, void *ctx)
{
	struct names *nm = ctx;

	strbuf_addf(&nm->list, "%s%s", nm->n++ ? ", " : "", db_col_text(s, 0));
	return 0;
}

/*
 * One condition of a gate: `done` and `all` count what is done of all there
 * is; when not all is done, `missing` names the rest (first column) after
 * "N <one|many> <verb>: ". With no `missing`, the verb alone says what is
 * missing. When `all` counts nothing, the condition holds unless `empty`
 * says what is missing then ("no documents yet").
 */
struct cond {
	const char *what, *done, *all, *missing;
	const char *one, *many, *verb;
	const char *empty;
};

static int condition(struct braid_store *st, struct braid_gate *g, const struct cond *c,
		     struct braid_err *err)
{
	struct braid_gate_item *it;
	struct strbuf m = STRBUF_INIT;
	struct names nm = { STRBUF_INIT, 0 };
	int64_t have, need;
	int rc;

	if ((rc = query_int(st, c->done, &have, err)) || (rc = query_int(st, c->all, &need, err)))
		return rc;
	g->items = xrealloc(g->items, (g->nitems + 1) * sizeof(*g->items));
	it = &g->items[g->nitems++];
	memset(it, 0, sizeof(*it));
	it->what = xstrdup(c->what);
	it->have = have;
	it->need = need;
	it->done = have >= need && (need > 0 || !c->empty);
	if (it->done)
		return 0;
	if (!need) {
		strbuf_addstr(&m, c->empty);
	} else if (c->missing) {
		sqlite3_stmt *s;

		if ((rc = db_prepare(st, c->missing, &s, err)))
			return rc;
		rc = db_each(st, s, add_name, &nm, "cannot check the phase", err);
		sqlite3_finalize(s);
		if (!rc)
			strbuf_addf(&m, "%zu %s %s: %s", nm.n, nm.n == 1 ? c->one : c->many,
				    c->verb, nm.list.buf);
		strbuf_release(&nm.list);
		if (rc)
			return rc;
	} else {
		strbuf_addstr(&m, c->verb);
	}
	it->missing = strbuf_detach(&m, NULL);
	return 0;
}

static void figure(struct braid_gate *g, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void figure(struct braid_gate *g, const char *label, const char *fmt, ...)
{
	struct strbuf v = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&v, fmt, ap);
	va_end(ap);
	g->figures = xrealloc(g->figures, (g->nfigures + 1) * sizeof(*g->figures));
	g->figures[g->nfigures].label = xstrdup(label);
	g->figures[g->nfigures++].value = strbuf_detach(&v, NULL);
}

struct figures_ctx {
	struct braid_gate *g;
	const char *prefix; /* the label: prefix + the group's name */
};

static int add_figure(sqlite3_stmt *s, void *ctx)
{
	struct figures_ctx *f = ctx;
	struct strbuf label = STRBUF_INIT;

	strbuf_addf(&label, "%s%s", f->prefix, db_col_text(s, 0));
	figure(f->g, label.buf, "%lld", (long long)sqlite3_column_int64(s, 1));
	strbuf_release(&label);
	return 0;
}

/* One figure per row of sql (group, count), labelled prefix + group. */
static int figures(struct braid_store *st, struct braid_gate *g, const char *prefix,
		   const char *sql, struct braid_err *err)
{
	struct figures_ctx f = { g, prefix };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	rc = db_each(st, s, add_figure, &f, "cannot check the phase", err);
	sqlite3_finalize(s);
	return rc;
}

#define NO_DOCUMENTS "no documents yet"
#define NO_THEMES "no theme yet"
#define LIVE_THEMES " FROM themes t WHERE " LIVE_THEME

static const struct cond read_all = {
	"every document read by someone",
	"SELECT count(*) FROM documents d WHERE EXISTS (SELECT 1 FROM reads r WHERE r.doc_id = d.id)",
	"SELECT count(*) FROM documents",
	"SELECT name FROM documents d WHERE NOT EXISTS (SELECT 1 FROM reads r"
	" WHERE r.doc_id = d.id) ORDER BY name",
	"document", "documents", "not read yet", NO_DOCUMENTS,
};

static const struct cond familiarisation_memo = {
	"a familiarisation memo",
	"SELECT count(*) FROM memos WHERE kind = 'familiarisation'", "SELECT 1", NULL,
	NULL, NULL, "no familiarisation memo yet", NULL,
};

static const struct cond coded_all = {
	"every document has codings",
	"SELECT count(*) FROM documents d WHERE EXISTS (SELECT 1 FROM codings g"
	" WHERE g.doc_id = d.id AND g.status != 'rejected')",
	"SELECT count(*) FROM documents",
	"SELECT name FROM documents d WHERE NOT EXISTS (SELECT 1 FROM codings g"
	" WHERE g.doc_id = d.id AND g.status != 'rejected') ORDER BY name",
	"document has", "documents have", "no codings", NO_DOCUMENTS,
};

static const struct cond reviewed_all = {
	"every autocoded coding reviewed",
	"SELECT count(*) FROM codings WHERE origin = 'auto' AND status != 'pending'",
	"SELECT count(*) FROM codings WHERE origin = 'auto'",
	"SELECT d.name || ' (' || count(*) || ')' FROM codings g JOIN documents d ON d.id = g.doc_id"
	" WHERE g.status = 'pending' GROUP BY d.id ORDER BY d.name",
	"document has", "documents have", "autocoded codings still pending review", NULL,
};

/* coding reliability: independent coding by hand (autocoding is nobody's judgement, a
 * reconciled consensus is not independent) */
static const struct cond two_coders = {
	"every document coded by two coders or more",
	"SELECT count(*) FROM documents d WHERE (SELECT count(DISTINCT g.coder_id) FROM codings g"
	" WHERE g.doc_id = d.id AND g.origin = 'manual') >= 2",
	"SELECT count(*) FROM documents",
	"SELECT name FROM documents d WHERE (SELECT count(DISTINCT g.coder_id) FROM codings g"
	" WHERE g.doc_id = d.id AND g.origin = 'manual') < 2 ORDER BY name",
	"document has", "documents have", "fewer than two coders", NO_DOCUMENTS,
};

/* Active codes with codings that no theme in play holds. */
#define CODED_CODES                                                                              \
	" FROM codes c WHERE c.status = 'active' AND EXISTS (SELECT 1 FROM codings g"             \
	"  WHERE g.code_id = c.id AND g.status != 'rejected')"
#define CODES_OUTSIDE                                                                            \
	CODED_CODES " AND NOT EXISTS (SELECT 1 FROM theme_codes tc JOIN themes t"                 \
	"  ON t.id = tc.theme_id WHERE tc.code_id = c.id AND " LIVE_THEME ")"

static const struct cond a_theme = {
	"at least one theme",
	"SELECT count(*)" LIVE_THEMES, "SELECT 1", NULL,
	NULL, NULL, NO_THEMES, NULL,
};

static const struct cond codes_in_themes = {
	"every code with codings in a theme",
	"SELECT (SELECT count(*)" CODED_CODES ") - (SELECT count(*)" CODES_OUTSIDE ")",
	"SELECT count(*)" CODED_CODES,
	"SELECT c.slug" CODES_OUTSIDE " ORDER BY c.slug",
	"code is", "codes are", "in no theme", NULL,
};

static const struct cond themes_extracts = {
	"every theme reviewed against its coded extracts",
	"SELECT count(*)" LIVE_THEMES " AND reviewed_extracts IS NOT NULL",
	"SELECT count(*)" LIVE_THEMES,
	"SELECT slug" LIVE_THEMES " AND reviewed_extracts IS NULL ORDER BY slug",
	"theme is", "themes are", "not reviewed against their extracts", NO_THEMES,
};

static const struct cond themes_dataset = {
	"every theme reviewed against the whole data set",
	"SELECT count(*)" LIVE_THEMES " AND reviewed_dataset IS NOT NULL",
	"SELECT count(*)" LIVE_THEMES,
	"SELECT slug" LIVE_THEMES " AND reviewed_dataset IS NULL ORDER BY slug",
	"theme is", "themes are", "not reviewed against the whole data set", NO_THEMES,
};

static const struct cond themes_defined = {
	"every theme named, defined and scoped",
	"SELECT count(*)" LIVE_THEMES " AND coalesce(definition, '') != ''"
	" AND coalesce(scope, '') != ''",
	"SELECT count(*)" LIVE_THEMES,
	"SELECT slug" LIVE_THEMES " AND (coalesce(definition, '') = '' OR coalesce(scope, '') = '')"
	" ORDER BY slug",
	"theme has", "themes have", "no definition or no scope", NO_THEMES,
};

static const struct cond report_written = {
	"a report written",
	"SELECT count(*) FROM outputs WHERE kind = 'report' AND phase = 6", "SELECT 1", NULL,
	NULL, NULL, "no report written in this phase yet", NULL,
};

/* Share a of b, as "a of b (p%)". */
static void share(struct braid_gate *g, const char *label, int64_t a, int64_t b)
{
	figure(g, label, "%lld of %lld (%.0f%%)", (long long)a, (long long)b,
	       b ? 100.0 * (double)a / (double)b : 0.0);
}

static int gate_1(struct braid_store *st, struct braid_gate *g, struct braid_err *err)
{
	int64_t n = 0;
	int rc;

	if ((rc = condition(st, g, &read_all, err)) ||
	    (rc = condition(st, g, &familiarisation_memo, err)))
		return rc;
	if ((rc = figures(st, g, "documents read by ",
			  "SELECT c.name, count(*) FROM reads r JOIN coders c ON c.id = r.coder_id"
			  " GROUP BY c.id ORDER BY c.name", err)))
		return rc;
	rc = query_int(st, "SELECT count(*) FROM memos WHERE kind = 'familiarisation'", &n, err);
	if (!rc)
		figure(g, "familiarisation memos", "%lld", (long long)n);
	return rc;
}

static int gate_2(struct braid_store *st, struct braid_gate *g, enum braid_approach a,
		  struct braid_err *err)
{
	int64_t docs = 0, coded = 0, pending = 0, autos = 0;
	int rc;

	if ((rc = condition(st, g, &coded_all, err)) || (rc = condition(st, g, &reviewed_all, err)))
		return rc;
	if (a == BRAID_APPROACH_RELIABILITY && (rc = condition(st, g, &two_coders, err)))
		return rc;
	if ((rc = query_int(st, "SELECT count(*) FROM documents", &docs, err)) ||
	    (rc = query_int(st, "SELECT count(DISTINCT doc_id) FROM codings"
				" WHERE status != 'rejected'", &coded, err)) ||
	    (rc = query_int(st, "SELECT count(*) FROM codings WHERE status = 'pending'", &pending,
			    err)) ||
	    (rc = query_int(st, "SELECT count(*) FROM codings WHERE origin = 'auto'", &autos, err)))
		return rc;
	share(g, "documents with codings", coded, docs);
	share(g, "autocoded codings pending review", pending, autos);
	return figures(st, g, "codings by ",
		       "SELECT c.name, count(*) FROM codings g JOIN coders c ON c.id = g.coder_id"
		       " WHERE g.status != 'rejected' GROUP BY c.id ORDER BY c.name", err);
}

static int gate_3(struct braid_store *st, struct braid_gate *g, struct braid_err *err)
{
	int64_t coded = 0, outside = 0;
	int rc;

	if ((rc = condition(st, g, &a_theme, err)) ||
	    (rc = condition(st, g, &codes_in_themes, err)))
		return rc;
	if ((rc = query_int(st, "SELECT count(*)" CODED_CODES, &coded, err)) ||
	    (rc = query_int(st, "SELECT count(*)" CODES_OUTSIDE, &outside, err)))
		return rc;
	share(g, "active codes in no theme", outside, coded);
	return figures(st, g, "themes ",
		       "SELECT status, count(*) FROM themes GROUP BY status ORDER BY status", err);
}

static int gate_4(struct braid_store *st, struct braid_gate *g, struct braid_err *err)
{
	int rc;

	if ((rc = condition(st, g, &themes_extracts, err)) ||
	    (rc = condition(st, g, &themes_dataset, err)))
		return rc;
	return figures(st, g, "themes ",
		       "SELECT status, count(*) FROM themes GROUP BY status ORDER BY status", err);
}

static int gate_5(struct braid_store *st, struct braid_gate *g, struct braid_err *err)
{
	int64_t named = 0, all = 0;
	int rc;

	if ((rc = condition(st, g, &themes_defined, err)))
		return rc;
	if ((rc = query_int(st, "SELECT count(*)" LIVE_THEMES, &all, err)) ||
	    (rc = query_int(st, "SELECT count(*)" LIVE_THEMES " AND t.status = 'defined'", &named,
			    err)))
		return rc;
	share(g, "themes with status defined", named, all);
	return 0;
}

static int gate_6(struct braid_store *st, struct braid_gate *g, struct braid_err *err)
{
	int rc = condition(st, g, &report_written, err);

	if (!rc)
		rc = figures(st, g, "outputs written: ",
			     "SELECT kind || ' ' || coalesce(format, ''), count(*) FROM outputs"
			     " GROUP BY kind, format ORDER BY kind, format", err);
	return rc;
}

int braid_phase_check(struct braid_store *st, int phase, struct braid_gate *g,
		      struct braid_err *err)
{
	enum braid_approach a;
	int rc;

	memset(g, 0, sizeof(*g));
	if (!phase && (rc = braid_phase_current(st, &phase, err)))
		return rc;
	if (phase < 1 || phase > BRAID_PHASE_N)
		return braid_errorf(err, BRAID_EINVAL, "phases are 1 to 6, not %d", phase);
	braid_approach_get(st, &a, err);
	g->phase = phase;
	switch (phase) {
	case 1: rc = gate_1(st, g, err); break;
	case 2: rc = gate_2(st, g, a, err); break;
	case 3: rc = gate_3(st, g, err); break;
	case 4: rc = gate_4(st, g, err); break;
	case 5: rc = gate_5(st, g, err); break;
	default: rc = gate_6(st, g, err); break;
	}
	g->passed = 1;
	for (size_t i = 0; i < g->nitems; i++)
		g->passed &= g->items[i].done;
	if (rc)
		braid_gate_release(g);
	return rc;
}

/* ---- moving ---- */

static int move_to(struct braid_store *st, int from, int to, enum braid_phase_move how,
		   const char *why, struct braid_err *err)
{
	char value[8];
	sqlite3_stmt *s;
	int rc;

	rc = db_run_ids(st,
			"UPDATE phases SET left = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
			" WHERE id = (SELECT max(id) FROM phases) AND left IS NULL",
			0, 0, "cannot move to another phase", err);
	if (!rc)
		rc = db_prepare(st, "INSERT INTO phases(phase, move, why, entered_by) VALUES (?, ?, ?, ?)",
				&s, err);
	if (rc)
		return rc;
	sqlite3_bind_int(s, 1, to);
	db_bind_text(s, 2, braid_vocab_name(&braid_vocab_phase_move, (int)how), -1);
	db_bind_text(s, 3, why, -1);
	db_bind_text(s, 4, braid_store_person(st), -1);
	rc = db_done(st, s, "cannot move to another phase", err);
	sqlite3_finalize(s);
	snprintf(value, sizeof(value), "%d", to);
	if (!rc)
		rc = set_meta(st, "phase", value, err);
	if (!rc)
		braid_change_note(st, "phase %d (%s) -> %d (%s)%s%s%s", from,
				  braid_vocab_name(&braid_vocab_phase, from - 1), to,
				  braid_vocab_name(&braid_vocab_phase, to - 1),
				  how == BRAID_MOVE_FORCED ? ", gate passed anyway: "
				  : how == BRAID_MOVE_SET ? ", by hand: " : "",
				  why ? why : "", "");
	return rc;
}

int braid_phase_next(struct braid_store *st, int force, const char *why, struct braid_gate *g,
		     struct braid_err *err)
{
	int phase, rc;

	if ((rc = braid_phase_current(st, &phase, err)))
		return rc;
	if (phase >= BRAID_PHASE_N)
		return braid_errorf(err, BRAID_EINVAL,
				    "phase 6 (writing up) is the last: there is no next phase");
	if (force && (!why || !*why))
		return braid_errorf(err, BRAID_EINVAL, "passing a gate anyway needs a reason");
	if ((rc = braid_phase_check(st, phase, g, err)))
		return rc;
	if (!g->passed && !force)
		return braid_errorf(err, BRAID_EGATE, "phase %d (%s) is not done yet", phase,
				    braid_vocab_name(&braid_vocab_phase, phase - 1));
	return move_to(st, phase, phase + 1,
		       g->passed ? BRAID_MOVE_NEXT : BRAID_MOVE_FORCED, g->passed ? NULL : why, err);
}

int braid_phase_set(struct braid_store *st, int phase, const char *why, struct braid_err *err)
{
	int cur, rc;

	if (phase < 1 || phase > BRAID_PHASE_N)
		return braid_errorf(err, BRAID_EINVAL, "phases are 1 to 6, not %d", phase);
	if (!why || !*why)
		return braid_errorf(err, BRAID_EINVAL, "moving to a phase by hand needs a reason");
	if ((rc = braid_phase_current(st, &cur, err)))
		return rc;
	if (cur == phase)
		return braid_errorf(err, BRAID_EINVAL, "the project is in phase %d already", phase);
	return move_to(st, cur, phase, BRAID_MOVE_SET, why, err);
}

struct phase_walk {
	int (*cb)(const struct braid_phase_row *row, void *ctx);
	void *ctx;
};

static int phase_row(sqlite3_stmt *s, void *ctx)
{
	struct phase_walk *w = ctx;
	int p = sqlite3_column_int(s, 1);
	struct braid_phase_row r = {
		.id = sqlite3_column_int64(s, 0),
		.phase = p,
		.name = braid_vocab_name(&braid_vocab_phase, p - 1),
		.move = db_col_text(s, 2),
		.why = db_col_null(s, 3),
		.entered = db_col_text(s, 4),
		.left = db_col_null(s, 5),
		.by = db_col_null(s, 6),
		.from = sqlite3_column_int(s, 7),
	};

	return w->cb(&r, w->ctx);
}

int braid_phases_each(struct braid_store *st,
		      int (*cb)(const struct braid_phase_row *row, void *ctx), void *ctx,
		      struct braid_err *err)
{
	struct phase_walk w = { cb, ctx };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT id, phase, move, why, entered, left, entered_by,"
				 " coalesce(lag(phase) OVER (ORDER BY id), 0) FROM phases ORDER BY id",
			     &s, err)))
		return rc;
	rc = db_each(st, s, phase_row, &w, "cannot read the phases", err);
	sqlite3_finalize(s);
	return rc;
}

void braid_phase_how(const struct braid_phase_row *r, struct strbuf *out)
{
	switch (braid_vocab_parse(&braid_vocab_phase_move, r->move)) {
	case BRAID_MOVE_START:
		strbuf_addstr(out, "project started");
		break;
	case BRAID_MOVE_NEXT:
		strbuf_addf(out, "phase %d's checklist complete", r->from);
		break;
	case BRAID_MOVE_FORCED:
		strbuf_addf(out, "phase %d left before its checklist was complete: %s", r->from,
			    r->why ? r->why : "");
		break;
	default:
		strbuf_addf(out, "moved by hand from phase %d: %s", r->from, r->why ? r->why : "");
		break;
	}
}

/* ---- reading, outputs ---- */

int braid_read(struct braid_store *st, const char *doc, const char *coder, struct braid_err *err)
{
	int64_t doc_id, coder_id;
	int rc;

	if (!coder || !*coder)
		return braid_errorf(err, BRAID_EINVAL, "who read it? a coder is needed");
	if ((rc = braid_doc_find(st, doc, &doc_id, err)) ||
	    (rc = braid_store_coder(st, coder, 1, &coder_id, err)))
		return rc;
	rc = db_run_ids(st, "INSERT OR IGNORE INTO reads(doc_id, coder_id) VALUES (?1, ?2)", doc_id,
			coder_id, "cannot mark the document read", err);
	if (!rc && sqlite3_changes(braid_store_db(st)))
		braid_change_note(st, "%s read %s", coder, doc);
	return rc;
}

int braid_output_record(struct braid_store *st, const char *kind, const char *format,
			const char *path, struct braid_err *err)
{
	sqlite3_stmt *s;
	int phase, rc;

	braid_phase_current(st, &phase, err);
	if ((rc = db_prepare(st, "INSERT INTO outputs(kind, format, path, created_by, phase)"
				 " VALUES (?, ?, ?, ?, ?)", &s, err)))
		return rc;
	db_bind_text(s, 1, kind, -1);
	db_bind_text(s, 2, format, -1);
	db_bind_text(s, 3, path, -1);
	db_bind_text(s, 4, braid_store_person(st), -1);
	sqlite3_bind_int(s, 5, phase);
	rc = db_done(st, s, "cannot record the output", err);
	sqlite3_finalize(s);
	if (!rc)
		braid_change_note(st, "wrote the %s (%s)%s%s", kind, format ? format : "?",
				  path ? " to " : "", path ? path : "");
	return rc;
}
