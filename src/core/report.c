/*
 * report.c - the analysis report (see report.h).
 *
 * One walk over the project writes the report through the document writer
 * (doc.h: headings, paragraphs, fields, lists, tables, quotes); the walk
 * never writes markup itself, the map aside, so the three formats hold the
 * same content. Text from the project is escaped by the writer.
 *
 * What each section counts is said where it is counted; docs/workflow.md
 * describes the report for researchers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "braid/agree.h"
#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/doc.h"
#include "braid/json.h"
#include "braid/map.h"
#include "braid/report.h"
#include "braid/themes.h"
#include "braid/vocab.h"
#include "braid/workflow.h"
#include "db.h"

/* ---- the project, counted ---- */

struct rep {
	struct braid_store *st;
	const struct braid_report_opts *opts;
	struct braid_doc o;
	struct braid_err *err;
	struct braid_code_tree tree;
	enum braid_approach approach;
};

static int64_t count(struct rep *r, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = 0;

	if (db_prepare(r->st, sql, &s, r->err))
		return -1;
	if (db_one(r->st, s, "cannot count", r->err) == 1)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* "2026-11-26T13:25:28.939Z" as "2026-11-26 13:25" (UTC, as stored). */
static void when(const char *t, struct strbuf *out)
{
	if (!t) {
		strbuf_addstr(out, "");
		return;
	}
	strbuf_add(out, t, strlen(t) < 10 ? strlen(t) : 10);
	if (strlen(t) >= 16) {
		strbuf_addch(out, ' ');
		strbuf_add(out, t + 11, 5);
	}
}

static void day(const char *t, struct strbuf *out)
{
	strbuf_add(out, t, strlen(t) < 10 ? strlen(t) : 10);
}

/* "1,234" */
static void num(struct strbuf *out, int64_t n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lld", (long long)(n < 0 ? -n : n));

	if (n < 0)
		strbuf_addch(out, '-');
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			strbuf_addch(out, ',');
		strbuf_addch(out, buf[i]);
	}
}

static const char *plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* n in words up to ten ("Two" at the start of a sentence), else in figures. */
static void number_word(struct strbuf *out, int64_t n, int capital)
{
	static const char *const words[] = { "no", "one", "two", "three", "four", "five",
					     "six", "seven", "eight", "nine", "ten" };

	if (n < 0 || n > 10) {
		num(out, n);
		return;
	}
	strbuf_addstr(out, words[n]);
	if (capital)
		out->buf[out->len - strlen(words[n])] -= 'a' - 'A';
}

static void pct(struct strbuf *out, int64_t a, int64_t b)
{
	strbuf_addf(out, "%.0f%%", b ? 100.0 * (double)a / (double)b : 0.0);
}

/* ---- sections ---- */

struct timeline {
	struct strbuf forced; /* "phase 1 (familiarisation): reason; ..." */
	size_t nforced, nback, nrows;
	int last_phase;
	char *first, *last; /* dates */
	struct braid_doc *o; /* the table, when writing it */
};

static int timeline_row(const struct braid_phase_row *p, void *ctx)
{
	struct timeline *t = ctx;

	if (!t->first)
		t->first = xstrdup(p->entered);
	free(t->last);
	t->last = xstrdup(p->left ? p->left : p->entered);
	if (!strcmp(p->move, "forced")) {
		strbuf_addf(&t->forced, "%sphase %d (%s) was left before its checklist was complete:"
			    " %s", t->nforced++ ? "; " : "", t->last_phase,
			    braid_vocab_help(&braid_vocab_phase, t->last_phase - 1) + 2,
			    p->why ? p->why : "");
	}
	if (t->nrows && p->phase < t->last_phase)
		t->nback++;
	t->last_phase = p->phase;
	t->nrows++;
	if (t->o) {
		struct strbuf ph = STRBUF_INIT, in = STRBUF_INIT, out = STRBUF_INIT,
			      how = STRBUF_INIT;
		const char *cells[4];
		static const char align[] = "wllw";

		strbuf_addf(&ph, "%d %s", p->phase,
			    braid_vocab_help(&braid_vocab_phase, p->phase - 1) + 2);
		when(p->entered, &in);
		if (p->left)
			when(p->left, &out);
		else
			strbuf_addstr(&out, "(current)");
		braid_phase_how(p, &how);
		cells[0] = ph.buf;
		cells[1] = in.buf;
		cells[2] = out.buf;
		cells[3] = how.buf;
		braid_doc_table_row(t->o, cells, align);
		strbuf_release(&ph);
		strbuf_release(&in);
		strbuf_release(&out);
		strbuf_release(&how);
	}
	return 0;
}

static void timeline_release(struct timeline *t)
{
	strbuf_release(&t->forced);
	free(t->first);
	free(t->last);
}

/* The words participants speak: what prevalence measures words against. */
#define PARTICIPANT_WORDS                                                                        \
	"SELECT coalesce(sum(t.words), 0) FROM turns t JOIN speakers s ON s.id = t.speaker_id"    \
	" WHERE s.role = 'participant'"

static int add_coder_name(sqlite3_stmt *s, void *ctx)
{
	struct strbuf *names = ctx;

	strbuf_addf(names, "%s%s", names->len ? ", " : "", db_col_text(s, 0));
	return 0;
}

/* The coders who coded by hand, by name. */
static int hand_coders(struct rep *r, struct strbuf *names)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(r->st,
			     "SELECT c.name FROM coders c WHERE EXISTS (SELECT 1 FROM codings g"
			     " WHERE g.coder_id = c.id AND g.origin = 'manual') ORDER BY c.name",
			     &s, r->err)))
		return rc;
	rc = db_each(r->st, s, add_coder_name, names, "cannot read the coders", r->err);
	sqlite3_finalize(s);
	return rc;
}

static int add_name(sqlite3_stmt *s, void *ctx)
{
	struct braid_agree_opts *o = ctx;
	char **v = (char **)o->coders;

	if (o->ncoders < BRAID_AGREE_MAX_CODERS) {
		v[o->ncoders++] = xstrdup(db_col_text(s, 0));
		o->coders = (const char *const *)v;
	}
	return 0;
}

/*
 * The coding-reliability approach reports its agreement: the coders who
 * coded by hand (origin manual), on the participants' turns of the
 * documents every one of them coded, pooled over the codes (braid agree's
 * defaults, 1,000 resamples, seed 1), and whether a consensus coding was
 * reconciled. Nothing when fewer than two coded by hand.
 */
static int agreement_sentence(struct rep *r, struct strbuf *p)
{
	struct braid_agree_opts o = { .unit = BRAID_AGREE_TURN, .bootstrap = BRAID_AGREE_BOOTSTRAP,
				      .seed = BRAID_AGREE_SEED };
	struct braid_agree_result a;
	const struct braid_rel_result *x = &a.pooled.rel;
	char *names[BRAID_AGREE_MAX_CODERS];
	sqlite3_stmt *s;
	int rc;

	o.coders = (const char *const *)names;
	if ((rc = db_prepare(r->st,
			     "SELECT c.name FROM coders c WHERE EXISTS (SELECT 1 FROM codings g"
			     " WHERE g.coder_id = c.id AND g.origin = 'manual'"
			     " AND g.status <> 'rejected') ORDER BY c.name",
			     &s, r->err)))
		return rc;
	rc = db_each(r->st, s, add_name, &o, "cannot read the coders", r->err);
	sqlite3_finalize(s);
	/* coders with no document in common have no agreement to report: not an error here */
	if (!rc && o.ncoders >= 2 && braid_agree_run(r->st, &o, &a, r->err))
		braid_err_clear(r->err);
	else if (!rc && o.ncoders >= 2) {
		if (a.pooled.computed && x->alpha.defined) {
			strbuf_addstr(p, "Agreement between the coders who coded by hand, on the ");
			num(p, (int64_t)a.nunits);
			strbuf_addstr(p, " participants' turns of the ");
			num(p, (int64_t)a.ndocs);
			strbuf_addf(p, " %s all of them coded, pooled over ", plural((int64_t)a.ndocs,
				    "document", "documents"));
			num(p, (int64_t)a.ncodes);
			strbuf_addf(p, " %s, was Krippendorff's alpha = ", plural((int64_t)a.ncodes,
				    "code", "codes"));
			braid_real_fixed_text(x->alpha.v, 2, p);
			if (x->has_ci) {
				strbuf_addstr(p, " (95% bootstrap interval ");
				braid_real_fixed_text(x->ci_low, 2, p);
				strbuf_addstr(p, " to ");
				braid_real_fixed_text(x->ci_high, 2, p);
				strbuf_addch(p, ')');
			}
			if (x->percent_agreement.defined) {
				strbuf_addstr(p, ", with ");
				braid_real_fixed_text(100 * x->percent_agreement.v, 1, p);
				strbuf_addstr(p, "% of coding decisions in agreement");
			}
			strbuf_addstr(p, "; braid agree gives the figures per code. ");
		}
		braid_agree_result_release(&a);
	}
	for (size_t i = 0; i < o.ncoders; i++)
		free(names[i]);
	if (!rc && count(r, "SELECT count(*) FROM codings WHERE origin = 'reconciled'") > 0)
		strbuf_addstr(p, "Disagreements were discussed and resolved into a consensus"
				 " coding. ");
	return rc;
}

static int methods(struct rep *r)
{
	static const char *const cites[] = {
		[BRAID_APPROACH_REFLEXIVE] =
			"reflexive thematic analysis (Braun & Clarke, 2006, 2019, 2021): themes were"
			" developed as patterns of shared meaning around a central organising concept,"
			" through the researchers' engagement with the data; coding was not compared"
			" between coders as a measure of quality",
		[BRAID_APPROACH_CODEBOOK] =
			"a codebook approach to thematic analysis (Braun & Clarke, 2021): a structured"
			" codebook guided the coding, with codes added as the analysis developed",
		[BRAID_APPROACH_RELIABILITY] =
			"a coding-reliability approach to thematic analysis (Braun & Clarke, 2021):"
			" documents were coded independently by more than one coder against a fixed"
			" codebook",
	};
	struct timeline t = { STRBUF_INIT, 0, 0, 0, 0, NULL, NULL, NULL };
	struct strbuf p = STRBUF_INIT, names = STRBUF_INIT;
	int64_t docs = count(r, "SELECT count(*) FROM documents"),
		words = count(r, "SELECT coalesce(sum(words), 0) FROM documents"),
		pwords = count(r, PARTICIPANT_WORDS),
		cases = count(r, "SELECT count(*) FROM cases"),
		coders = count(r, "SELECT count(*) FROM coders c WHERE EXISTS (SELECT 1 FROM codings g"
				  " WHERE g.coder_id = c.id AND g.origin = 'manual')"),
		ded = count(r, "SELECT count(*) FROM codes WHERE status = 'active'"
			       " AND kind = 'deductive'"),
		ind = count(r, "SELECT count(*) FROM codes WHERE status = 'active'"
			       " AND kind = 'inductive'"),
		codings = count(r, "SELECT count(*) FROM codings WHERE status = 'accepted'"),
		autos = count(r, "SELECT count(*) FROM codings WHERE origin = 'auto'"),
		auto_ok = count(r, "SELECT count(*) FROM codings WHERE origin = 'auto'"
				   " AND status = 'accepted'"),
		reviewed = count(r, "SELECT count(*) FROM codings WHERE origin = 'auto'"
				    " AND status != 'pending'"),
		themes = count(r, "SELECT count(*) FROM themes WHERE parent_id IS NULL"
				  " AND status NOT IN ('discarded', 'merged')"),
		subs = count(r, "SELECT count(*) FROM themes WHERE parent_id IS NOT NULL"
				" AND status NOT IN ('discarded', 'merged')"),
		defined = count(r, "SELECT count(*) FROM themes WHERE status = 'defined'"),
		discarded = count(r, "SELECT count(*) FROM themes WHERE status = 'discarded'"),
		multi = count(r, "SELECT count(*) FROM documents d WHERE (SELECT count(DISTINCT"
				 " g.coder_id) FROM codings g WHERE g.doc_id = d.id"
				 " AND g.origin = 'manual') >= 2");
	int rc;

	if (r->err->code)
		return r->err->code;
	if ((rc = braid_phases_each(r->st, timeline_row, &t, r->err)))
		goto out;
	if ((rc = hand_coders(r, &names)))
		goto out;

	strbuf_addstr(&p, "We analysed ");
	num(&p, docs);
	strbuf_addf(&p, " %s (", plural(docs, "document", "documents"));
	num(&p, words);
	strbuf_addstr(&p, " words, ");
	num(&p, pwords);
	strbuf_addstr(&p, " of them spoken by participants) from ");
	num(&p, cases);
	strbuf_addf(&p, " %s, following %s. ", plural(cases, "case", "cases"), cites[r->approach]);
	if (coders) {
		number_word(&p, coders, 1);
		strbuf_addf(&p, " %s (%s) coded by hand", plural(coders, "coder", "coders"),
			    names.buf);
		if (r->approach == BRAID_APPROACH_RELIABILITY) {
			strbuf_addstr(&p, "; ");
			num(&p, multi);
			strbuf_addf(&p, " of the %lld documents were coded by two coders or more",
				    (long long)docs);
		}
		strbuf_addstr(&p, ". ");
		if (r->approach == BRAID_APPROACH_RELIABILITY && (rc = agreement_sentence(r, &p)))
			goto out;
	}
	if (t.first) {
		strbuf_addstr(&p, "The analysis followed the six phases of Braun and Clarke (2006) ");
		if (!strncmp(t.first, t.last, 10)) {
			strbuf_addstr(&p, "on ");
			day(t.first, &p);
		} else {
			strbuf_addstr(&p, "from ");
			day(t.first, &p);
			strbuf_addstr(&p, " to ");
			day(t.last, &p);
		}
		strbuf_addstr(&p, ", reaching phase ");
		strbuf_addf(&p, "%d (%s)", t.last_phase,
			    braid_vocab_help(&braid_vocab_phase, t.last_phase - 1) + 2);
		if (t.nback)
			strbuf_addf(&p, ", returning to an earlier phase %zu %s", t.nback,
				    t.nback == 1 ? "time" : "times");
		strbuf_addstr(&p, ". ");
		if (t.nforced) {
			strbuf_addf(&p, "%s", t.forced.buf);
			p.buf[p.len - t.forced.len] = 'P';
			strbuf_addstr(&p, ". ");
		}
	}
	strbuf_addstr(&p, "Coding produced ");
	num(&p, codings);
	strbuf_addf(&p, " accepted %s with ", plural(codings, "coding", "codings"));
	num(&p, ded + ind);
	strbuf_addf(&p, " codes (%lld deductive, from the codebook; %lld inductive, developed from"
		       " the data)", (long long)ded, (long long)ind);
	if (autos) {
		strbuf_addstr(&p, "; ");
		num(&p, autos);
		strbuf_addstr(&p, " segments were suggested by codebook rules, of which coders"
				  " reviewed ");
		num(&p, reviewed);
		strbuf_addstr(&p, " and accepted ");
		num(&p, auto_ok);
	}
	strbuf_addstr(&p, ". ");
	strbuf_addf(&p, "The codes were organised into %lld %s", (long long)themes,
		    plural(themes, "theme", "themes"));
	if (subs)
		strbuf_addf(&p, " with %lld %s", (long long)subs,
			    plural(subs, "sub-theme", "sub-themes"));
	strbuf_addf(&p, "; %lld of these %s defined", (long long)defined,
		    defined == 1 ? "was" : "were");
	if (discarded)
		strbuf_addf(&p, "; %lld candidate %s discarded during review", (long long)discarded,
			    discarded == 1 ? "theme was" : "themes were");
	strbuf_addstr(&p, ".");
	braid_doc_heading(&r->o, 1, "Method");
	braid_doc_para(&r->o, p.buf);
out:
	strbuf_release(&p);
	strbuf_release(&names);
	timeline_release(&t);
	return rc;
}

static int timeline(struct rep *r)
{
	static const char *const heads[] = { "Phase", "Entered", "Left", "How" };
	struct timeline t = { STRBUF_INIT, 0, 0, 0, 0, NULL, NULL, &r->o };
	int rc;

	braid_doc_heading(&r->o, 1, "Phases");
	braid_doc_table_begin(&r->o, 4, heads, "wllw", NULL);
	rc = braid_phases_each(r->st, timeline_row, &t, r->err);
	braid_doc_table_end(&r->o);
	timeline_release(&t);
	return rc;
}

/* Rows of a query, every column text, as a table. */
static int query_table(struct rep *r, const char *sql, size_t n, const char *const *heads,
		       const char *align)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = db_prepare(r->st, sql, &s, r->err)))
		return rc;
	braid_doc_table_begin(&r->o, n, heads, align, NULL);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct strbuf figures[8];
		const char *cells[8];

		for (size_t i = 0; i < n && i < 8; i++) {
			strbuf_init(&figures[i], 0);
			if (sqlite3_column_type(s, (int)i) == SQLITE_INTEGER) {
				num(&figures[i], sqlite3_column_int64(s, (int)i)); /* "1,809" */
				cells[i] = figures[i].buf;
			} else {
				cells[i] = db_col_text(s, (int)i);
			}
		}
		braid_doc_table_row(&r->o, cells, align);
		for (size_t i = 0; i < n && i < 8; i++)
			strbuf_release(&figures[i]);
	}
	if (step != SQLITE_DONE)
		rc = db_error(r->st, r->err, "cannot read the project");
	sqlite3_finalize(s);
	braid_doc_table_end(&r->o);
	return rc;
}

static int coders(struct rep *r)
{
	static const char *const heads[] = { "Coder", "Documents read", "Codings", "Memos" };

	braid_doc_heading(&r->o, 1, "Coders");
	/* codings: accepted, by hand or reviewed autocoding, as the analysis counts them */
	return query_table(r,
			   "SELECT c.name, (SELECT count(*) FROM reads x WHERE x.coder_id = c.id),"
			   " (SELECT count(*) FROM codings g WHERE g.coder_id = c.id"
			   "  AND g.status = 'accepted'),"
			   " (SELECT count(*) FROM memos m WHERE m.coder_id = c.id)"
			   " FROM coders c ORDER BY c.name",
			   4, heads, "lrrr");
}

static int codebook(struct rep *r)
{
	static const char *const heads[] = { "Phase", "Deductive", "Inductive" };
	int64_t ded = count(r, "SELECT count(*) FROM codes WHERE status = 'active'"
			       " AND kind = 'deductive'"),
		ind = count(r, "SELECT count(*) FROM codes WHERE status = 'active'"
			       " AND kind = 'inductive'"),
		retired = count(r, "SELECT count(*) FROM codes WHERE status = 'retired'"),
		merged = count(r, "SELECT count(*) FROM codes WHERE status = 'merged'");
	struct strbuf p = STRBUF_INIT;
	int rc;

	if (r->err->code)
		return r->err->code;
	braid_doc_heading(&r->o, 1, "Codebook");
	strbuf_addf(&p, "%lld active codes: %lld deductive (from the codebook), %lld inductive"
		       " (created while coding).", (long long)(ded + ind), (long long)ded,
		    (long long)ind);
	if (retired || merged)
		strbuf_addf(&p, " %lld retired and %lld merged into others along the way.",
			    (long long)retired, (long long)merged);
	strbuf_addstr(&p, " Codes created in each phase (every code, whatever became of it):");
	braid_doc_para(&r->o, p.buf);
	strbuf_release(&p);
	rc = query_table(r,
			 "WITH p(n) AS (VALUES (1), (2), (3), (4), (5), (6))"
			 " SELECT CASE WHEN p.n IS NULL THEN 'before the phases were kept'"
			 "  ELSE p.n || ' ' || CASE p.n WHEN 1 THEN 'familiarisation'"
			 "  WHEN 2 THEN 'generating initial codes' WHEN 3 THEN 'generating initial themes'"
			 "  WHEN 4 THEN 'developing and reviewing themes'"
			 "  WHEN 5 THEN 'refining, defining and naming themes' ELSE 'writing up' END END,"
			 " sum(c.kind = 'deductive'), sum(c.kind = 'inductive')"
			 " FROM codes c LEFT JOIN p ON p.n = c.created_phase"
			 " GROUP BY p.n ORDER BY p.n IS NOT NULL, p.n",
			 3, heads, "lrr");
	return rc;
}

/* ---- themes ---- */

struct theme_item {
	int64_t id;
	int depth;
	char *slug, *name, *status, *definition, *scope;
	char **codes;
	size_t ncodes;
	struct braid_prevalence prev;
};

struct theme_list {
	struct theme_item *v;
	size_t n, alloc;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int take(const struct braid_theme_row *t, void *ctx)
{
	struct theme_list *l = ctx;
	struct theme_item *it;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	it = &l->v[l->n++];
	it->id = t->id;
	it->depth = t->depth;
	it->slug = xstrdup(t->slug);
	it->name = xstrdup(t->name);
	it->status = xstrdup(t->status);
	it->definition = dup_or_null(t->definition);
	it->scope = dup_or_null(t->scope);
	it->prev = t->prev;
	it->ncodes = t->ncodes;
	it->codes = xcalloc(t->ncodes ? t->ncodes : 1, sizeof(*it->codes));
	for (size_t i = 0; i < t->ncodes; i++)
		it->codes[i] = xstrdup(t->codes[i]);
	return 0;
}

static void theme_list_release(struct theme_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct theme_item *it = &l->v[i];

		free(it->slug);
		free(it->name);
		free(it->status);
		free(it->definition);
		free(it->scope);
		for (size_t k = 0; k < it->ncodes; k++)
			free(it->codes[k]);
		free(it->codes);
	}
	free(l->v);
}

/* Every theme's figures case by case, from one walk (braid_themes_cases_each), theme by theme. */
struct case_figures {
	int64_t theme;
	char *case_name;
	int64_t segments, words, words_total;
};

struct case_table {
	struct case_figures *v;
	size_t n, alloc;
};

static int take_case(int64_t theme, const struct braid_case_prevalence_row *c, void *ctx)
{
	struct case_table *ct = ctx;

	ALLOC_GROW(ct->v, ct->n + 1, ct->alloc);
	ct->v[ct->n++] = (struct case_figures){ theme, xstrdup(c->name), c->segments, c->words,
						c->words_total };
	return 0;
}

static void case_table_release(struct case_table *ct)
{
	for (size_t i = 0; i < ct->n; i++)
		free(ct->v[i].case_name);
	free(ct->v);
}

/* The theme's table of cases. */
static void case_rows(struct braid_doc *o, const struct case_table *ct, int64_t theme)
{
	static const char align[] = "lrr";

	for (size_t i = 0; i < ct->n; i++) {
		const struct case_figures *c = &ct->v[i];
		struct strbuf seg = STRBUF_INIT, w = STRBUF_INIT;
		const char *cells[3];

		if (c->theme != theme)
			continue;
		num(&seg, c->segments);
		num(&w, c->words);
		strbuf_addstr(&w, " of ");
		num(&w, c->words_total);
		strbuf_addstr(&w, " (");
		pct(&w, c->words, c->words_total);
		strbuf_addch(&w, ')');
		cells[0] = c->case_name;
		cells[1] = seg.buf;
		cells[2] = w.buf;
		braid_doc_table_row(o, cells, align);
		strbuf_release(&seg);
		strbuf_release(&w);
	}
}

static int quote_row(const struct braid_quote_row *q, void *ctx)
{
	struct braid_doc *o = ctx;
	struct strbuf by = STRBUF_INIT;

	strbuf_addstr(&by, q->speaker ? q->speaker : "");
	if (q->case_name && (!q->speaker || strcmp(q->case_name, q->speaker)))
		strbuf_addf(&by, "%s(%s)", by.len ? " " : "", q->case_name);
	strbuf_addf(&by, "%s%s, turn %lld", by.len ? ", " : "", q->doc, (long long)q->turn);
	braid_doc_quote(o, q->text, q->text_len, by.buf, q->note);
	strbuf_release(&by);
	return 0;
}

static int theme_section(struct rep *r, const struct theme_item *t, const struct case_table *ct)
{
	static const char *const heads[] = { "Case", "Segments", "Participant's words coded" };
	struct strbuf s = STRBUF_INIT;

	strbuf_addf(&s, "%s%s", t->depth ? "Sub-theme: " : "", t->name);
	braid_doc_heading(&r->o, t->depth ? 3 : 2, s.buf);
	strbuf_reset(&s);
	braid_doc_field(&r->o, "Definition", t->definition ? t->definition : "");
	braid_doc_field(&r->o, "Scope", t->scope ? t->scope : "");
	for (size_t i = 0; i < t->ncodes; i++) {
		const struct braid_code_node *c = NULL;
		struct braid_err e = BRAID_ERR_INIT;

		braid_code_tree_find(&r->tree, t->codes[i], &c, &e);
		strbuf_addf(&s, "%s%s", i ? "; " : "", c ? c->name : t->codes[i]);
	}
	braid_doc_field(&r->o, "Codes", t->ncodes ? s.buf : "none of its own");
	strbuf_reset(&s);
	if (t->prev.cases_total) {
		strbuf_addf(&s, "Found in %lld of %lld cases (", (long long)t->prev.cases,
			    (long long)t->prev.cases_total);
		pct(&s, t->prev.cases, t->prev.cases_total);
		strbuf_addstr(&s, "), ");
	} else {
		strbuf_addstr(&s, "Found ");
	}
	strbuf_addf(&s, "in %lld of %lld documents, in ", (long long)t->prev.docs,
		    (long long)t->prev.docs_total);
	num(&s, t->prev.segments);
	strbuf_addf(&s, " coded %s holding ", plural(t->prev.segments, "segment", "segments"));
	num(&s, t->prev.words);
	strbuf_addstr(&s, " of participants' ");
	num(&s, t->prev.words_total);
	strbuf_addstr(&s, " words (");
	pct(&s, t->prev.words, t->prev.words_total);
	strbuf_addstr(&s, ").");
	braid_doc_field(&r->o, "Prevalence", s.buf);
	strbuf_release(&s);
	if (t->prev.cases_total) {
		braid_doc_table_begin(&r->o, 3, heads, "lrr", NULL);
		case_rows(&r->o, ct, t->id);
		braid_doc_table_end(&r->o);
	}
	return braid_quotes_each(r->st, t->id, quote_row, &r->o, r->err);
}

static int themes(struct rep *r)
{
	struct braid_theme_filter f = { .flags = BRAID_THEMES_PREVALENCE, .coder = r->opts->coder };
	struct theme_list l = { 0 };
	struct case_table ct = { 0 };
	struct strbuf rest = STRBUF_INIT;
	size_t nrest = 0, ndefined = 0;
	int rc;

	if ((rc = braid_themes_each(r->st, &f, take, &l, r->err)) ||
	    (rc = braid_themes_cases_each(r->st, &f, BRAID_ROWS_CASES, take_case, &ct, r->err)))
		goto out;
	braid_doc_heading(&r->o, 1, "Themes");
	for (size_t i = 0; i < l.n; i++) {
		if (!strcmp(l.v[i].status, "defined"))
			ndefined++;
		else
			strbuf_addf(&rest, "%s%s (%s)", nrest++ ? ", " : "", l.v[i].name,
				    l.v[i].status);
	}
	if (!ndefined)
		braid_doc_para(&r->o, "No theme is defined yet (braid theme define, then theme status defined).");
	if (nrest) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "Not yet defined, and so left out below: %s.", rest.buf);
		braid_doc_para(&r->o, p.buf);
		strbuf_release(&p);
	}
	for (size_t i = 0; !rc && i < l.n; i++)
		if (!strcmp(l.v[i].status, "defined"))
			rc = theme_section(r, &l.v[i], &ct);
out:
	case_table_release(&ct);
	strbuf_release(&rest);
	theme_list_release(&l);
	return rc;
}

/* ---- the map ---- */

static int map(struct rep *r)
{
	struct braid_map_opts mo = { .coder = r->opts->coder };
	struct strbuf svg = STRBUF_INIT;
	const char *cap = "Thematic map: themes, sub-themes and their codes; a theme's area grows"
			  " with its share of coded segments.";
	int rc = 0;

	if (r->o.f != BRAID_DOC_HTML && !r->opts->map_file)
		return 0;
	if (!count(r, "SELECT count(*) FROM themes WHERE status NOT IN ('discarded', 'merged')"))
		return r->err->code;
	braid_doc_heading(&r->o, 1, "Thematic map");
	switch (r->o.f) {
	case BRAID_DOC_MD:
		strbuf_addstr(r->o.sb, "![");
		braid_doc_text(&r->o, cap);
		/* a file name with spaces or parentheses is a link only between < and > */
		strbuf_addf(r->o.sb, strpbrk(r->opts->map_file, " ()") ? "](<%s>)\n\n" : "](%s)\n\n",
			    r->opts->map_file);
		break;
	case BRAID_DOC_HTML: {
		const char *p;

		if ((rc = braid_map(r->st, &mo, BRAID_MAP_SVG, &svg, r->err)))
			break;
		/* inline: from the <svg> element on (no XML declaration or doctype in HTML) */
		p = strstr(svg.buf, "<svg");
		strbuf_addstr(r->o.sb, "<figure>\n");
		strbuf_addstr(r->o.sb, p ? p : svg.buf);
		strbuf_addstr(r->o.sb, "<figcaption>");
		braid_doc_text(&r->o, cap);
		strbuf_addstr(r->o.sb, "</figcaption>\n</figure>\n");
		break;
	}
	case BRAID_DOC_TEX:
		/*
		 * In place, not a float: a figure floated past the journal
		 * and left its heading with nothing under it. A heading is
		 * never parted from what follows, so both go to the next page
		 * when the map does not fit.
		 */
		strbuf_addstr(r->o.sb, "\\begin{center}\n"
				       "\\includegraphics[width=\\linewidth,height=0.8\\textheight,"
				       "keepaspectratio]{");
		strbuf_addstr(r->o.sb, r->opts->map_file);
		strbuf_addstr(r->o.sb, "}\n\\par\\medskip{\\small ");
		braid_doc_text(&r->o, cap);
		strbuf_addstr(r->o.sb, "}\n\\end{center}\n\n");
		break;
	}
	strbuf_release(&svg);
	return rc;
}

/* ---- the reflexive journal ---- */

static int journal(struct rep *r)
{
	sqlite3_stmt *s;
	int rc, step, n = 0;

	if ((rc = db_prepare(r->st,
			     "SELECT m.created, c.name, m.phase, m.text, m.target,"
			     " coalesce(d.name, k.slug, t.slug, '#' || m.coding_id)"
			     " FROM memos m JOIN coders c ON c.id = m.coder_id"
			     " LEFT JOIN documents d ON d.id = m.doc_id"
			     " LEFT JOIN codes k ON k.id = m.code_id"
			     " LEFT JOIN themes t ON t.id = m.theme_id"
			     " WHERE m.kind = 'reflexive' ORDER BY m.created, m.id",
			     &s, r->err)))
		return rc;
	braid_doc_heading(&r->o, 1, "Reflexive journal");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct strbuf label = STRBUF_INIT;
		const char *target = db_col_text(s, 4);

		when(db_col_text(s, 0), &label);
		strbuf_addf(&label, ", %s", db_col_text(s, 1));
		if (sqlite3_column_type(s, 2) != SQLITE_NULL)
			strbuf_addf(&label, ", phase %d", sqlite3_column_int(s, 2));
		if (strcmp(target, "project"))
			strbuf_addf(&label, ", on %s %s", target, db_col_text(s, 5));
		braid_doc_field(&r->o, label.buf, db_col_text(s, 3));
		strbuf_release(&label);
		n++;
	}
	if (step != SQLITE_DONE)
		rc = db_error(r->st, r->err, "cannot read the memos");
	sqlite3_finalize(s);
	if (!rc && !n)
		braid_doc_para(&r->o, "No reflexive memo yet (braid memo add --on project --kind reflexive).");
	return rc;
}

static void references(struct rep *r)
{
	braid_doc_heading(&r->o, 1, "References");
	braid_doc_list_begin(&r->o);
	braid_doc_item(&r->o, "Braun, V., & Clarke, V. (2006). Using thematic analysis in psychology."
		    " Qualitative Research in Psychology, 3(2), 77-101.");
	braid_doc_item(&r->o, "Braun, V., & Clarke, V. (2019). Reflecting on reflexive thematic analysis."
		    " Qualitative Research in Sport, Exercise and Health, 11(4), 589-597.");
	braid_doc_item(&r->o, "Braun, V., & Clarke, V. (2021). One size fits all? What counts as quality"
		    " practice in (reflexive) thematic analysis? Qualitative Research in"
		    " Psychology, 18(3), 328-352.");
	braid_doc_list_end(&r->o);
}

/* ---- the document ---- */

/* The title, and under it the approach and the date: "Reflexive thematic analysis. Report ..." */
static void doc_begin(struct rep *r, const char *title, const char *date)
{
	struct strbuf sub = STRBUF_INIT;
	const char *a = braid_vocab_help(&braid_vocab_approach, r->approach);

	strbuf_addf(&sub, "%.*s. Report written by braid on %s.", (int)strcspn(a, ":"), a, date);
	sub.buf[0] = (char)(sub.buf[0] - 'a' + 'A');
	braid_doc_begin(&r->o, title, sub.buf);
	strbuf_release(&sub);
}

int braid_report(struct braid_store *st, const struct braid_report_opts *opts,
		 enum braid_doc_format f, struct strbuf *out, struct braid_err *err)
{
	struct rep r = { .st = st, .opts = opts, .err = err };
	char *title = braid_store_meta(st, "title");
	char today[16];
	int rc;

	braid_doc_init(&r.o, f, out);
	if (!opts->date) {
		time_t now = time(NULL);
		struct tm tm;

		strftime(today, sizeof(today), "%Y-%m-%d", gmtime_r(&now, &tm));
	}
	braid_code_tree_init(&r.tree);
	if ((rc = braid_approach_get(st, &r.approach, err)) ||
	    (rc = braid_code_tree_load(st, BRAID_CODES_ALL, &r.tree, err)))
		goto out;
	doc_begin(&r, title && *title ? title : "Thematic analysis", opts->date ? opts->date : today);
	if (!(rc = methods(&r)) && !(rc = timeline(&r)) && !(rc = coders(&r)) &&
	    !(rc = codebook(&r)) && !(rc = themes(&r)) && !(rc = map(&r)) && !(rc = journal(&r)))
		references(&r);
	braid_doc_end(&r.o);
out:
	braid_code_tree_release(&r.tree);
	free(title);
	return rc;
}
