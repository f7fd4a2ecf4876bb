/*
 * doctext.c - spans of a document's text, read turn by turn (see doctext.h).
 *
 * The reader keeps a window: the consecutive turns from the one the last
 * span started in to the one it ended in. Each turn is read in two steps:
 * its place and speaker first (an index seek on (doc_id, start_cp)), its
 * utterance only when a span needs text from it, so that asking for the turn
 * at a position never reads text. Each held utterance has a code-point
 * cursor, so spans whose starts move forward walk each utterance once.
 *
 * Where each turn's rendering starts is worked out from its label and the
 * end of the turn before, and checked against its stored start: a document
 * whose turns do not add up is reported as damaged, as braid_corpus_text_of
 * does, instead of handing out the wrong text.
 */
#include <string.h>

#include "braid/alloc.h"
#include "braid/corpus.h"
#include "braid/doctext.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "db.h"

/* A turn held by the reader: its rendering is prefix (blank line, label) then the utterance. */
struct dturn {
	int64_t id, idx, start, end;
	int64_t from;           /* where its rendering starts: the end of the turn before, or 0 */
	char *speaker, *role;
	char *case_name;        /* the speaker's case; NULL if none */
	int64_t case_id;        /* its id, 0 if none */
	struct strbuf prefix;   /* "\n\n" unless it is the first turn, then "Label: " */
	char *text;             /* the utterance, read when first needed */
	size_t len;
	size_t cur_byte;        /* cursor: code point cur_cp of the utterance is at byte cur_byte */
	int64_t cur_cp;
};

struct braid_doctext {
	struct braid_store *st;
	sqlite3_stmt *doc, *at, *after, *text;
	int64_t doc_id, chars;
	struct strbuf doc_name, doc_case;
	int has_doc_case;
	int64_t doc_case_id;
	struct dturn *w; /* the window: consecutive turns, in order */
	size_t nw, walloc;
	struct dturn prev; /* the turn before the window, for a position in a label */
	struct strbuf out; /* a span across turns, rendered */
};

/*
 * The columns of a turn: where it is, its speaker, and where the turn before
 * it ends (NULL for the first), found through the same index.
 */
#define TURN_SELECT                                                                              \
	"SELECT t.id, t.idx, t.start_cp, t.end_cp, sp.label, sp.role, sc.name, sp.case_id,"     \
	" (SELECT p.end_cp FROM turns p WHERE p.doc_id = t.doc_id AND p.start_cp < t.start_cp"   \
	"  ORDER BY p.start_cp DESC LIMIT 1)"                                                    \
	" FROM turns t JOIN speakers sp ON sp.id = t.speaker_id"                                 \
	" LEFT JOIN cases sc ON sc.id = sp.case_id WHERE t.doc_id = ?1"

struct braid_doctext *braid_doctext_new(struct braid_store *st)
{
	struct braid_doctext *dt = xcalloc(1, sizeof(*dt));

	dt->st = st;
	strbuf_init(&dt->doc_name, 0);
	strbuf_init(&dt->doc_case, 0);
	strbuf_init(&dt->out, 0);
	strbuf_init(&dt->prev.prefix, 0);
	return dt;
}

static void turn_release(struct dturn *t)
{
	free(t->speaker);
	free(t->role);
	free(t->case_name);
	free(t->text);
	strbuf_release(&t->prefix);
	memset(t, 0, sizeof(*t));
	strbuf_init(&t->prefix, 0);
}

static void window_clear(struct braid_doctext *dt)
{
	for (size_t i = 0; i < dt->nw; i++)
		turn_release(&dt->w[i]);
	dt->nw = 0;
}

void braid_doctext_free(struct braid_doctext *dt)
{
	if (!dt)
		return;
	window_clear(dt);
	free(dt->w);
	turn_release(&dt->prev);
	sqlite3_finalize(dt->doc);
	sqlite3_finalize(dt->at);
	sqlite3_finalize(dt->after);
	sqlite3_finalize(dt->text);
	strbuf_release(&dt->doc_name);
	strbuf_release(&dt->doc_case);
	strbuf_release(&dt->out);
	free(dt);
}

static int prepare(struct braid_doctext *dt, struct braid_err *err)
{
	int rc;

	if (dt->doc)
		return 0;
	rc = db_prepare(dt->st,
			"SELECT d.name, c.name, d.chars, d.case_id FROM documents d"
			" LEFT JOIN cases c ON c.id = d.case_id WHERE d.id = ?",
			&dt->doc, err);
	if (!rc)
		rc = db_prepare(dt->st,
				TURN_SELECT " AND t.start_cp <= ?2 ORDER BY t.start_cp DESC LIMIT 1",
				&dt->at, err);
	if (!rc)
		rc = db_prepare(dt->st, TURN_SELECT " AND t.start_cp > ?2 ORDER BY t.start_cp LIMIT 1",
				&dt->after, err);
	if (!rc)
		rc = db_prepare(dt->st, "SELECT text FROM turn_texts WHERE id = ?", &dt->text, err);
	if (rc) {
		sqlite3_finalize(dt->doc);
		sqlite3_finalize(dt->at);
		sqlite3_finalize(dt->after);
		dt->doc = dt->at = dt->after = dt->text = NULL;
	}
	return rc;
}

int braid_doctext_open(struct braid_doctext *dt, int64_t doc_id, struct braid_err *err)
{
	int rc = prepare(dt, err);

	if (rc)
		return rc;
	window_clear(dt);
	turn_release(&dt->prev);
	dt->doc_id = 0;
	sqlite3_bind_int64(dt->doc, 1, doc_id);
	rc = db_one(dt->st, dt->doc, "cannot read a document", err);
	if (rc == 0)
		return braid_errorf(err, BRAID_ENOTFOUND, "no document %lld", (long long)doc_id);
	if (rc < 0)
		return rc;
	dt->doc_id = doc_id;
	strbuf_reset(&dt->doc_name);
	strbuf_addstr(&dt->doc_name, db_col_text(dt->doc, 0));
	dt->has_doc_case = sqlite3_column_type(dt->doc, 1) != SQLITE_NULL;
	strbuf_reset(&dt->doc_case);
	strbuf_addstr(&dt->doc_case, db_col_text(dt->doc, 1));
	dt->chars = sqlite3_column_int64(dt->doc, 2);
	dt->doc_case_id = sqlite3_column_int64(dt->doc, 3);
	sqlite3_reset(dt->doc);
	return 0;
}

int64_t braid_doctext_chars(const struct braid_doctext *dt)
{
	return dt->chars;
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : xstrdup(db_col_text(s, i));
}

static int damaged(struct braid_doctext *dt, int64_t idx, int64_t start, int64_t at,
		   struct braid_err *err)
{
	return braid_errorf(err, BRAID_EDB,
			    "document '%s' is damaged: turn %lld starts at %lld, its text puts it "
			    "at %lld",
			    dt->doc_name.buf, (long long)idx, (long long)start, (long long)at);
}

/*
 * Reads the turn s gives for pos into *t (its place and speaker, not its
 * text): 1 if there was one, 0 if not, or an error.
 */
static int load(struct braid_doctext *dt, sqlite3_stmt *s, int64_t pos, struct dturn *t,
		struct braid_err *err)
{
	const char *label;
	int64_t prefix_cp;
	int rc;

	sqlite3_bind_int64(s, 1, dt->doc_id);
	sqlite3_bind_int64(s, 2, pos);
	rc = db_one(dt->st, s, "cannot read a turn", err);
	if (rc <= 0)
		return rc;
	turn_release(t);
	t->id = sqlite3_column_int64(s, 0);
	t->idx = sqlite3_column_int64(s, 1);
	t->start = sqlite3_column_int64(s, 2);
	t->end = sqlite3_column_int64(s, 3);
	label = db_col_text(s, 4);
	t->speaker = xstrdup(label);
	t->role = xstrdup(db_col_text(s, 5));
	t->case_name = dup_col(s, 6);
	t->case_id = t->case_name ? sqlite3_column_int64(s, 7) : 0;
	t->from = sqlite3_column_int64(s, 8); /* NULL: 0, the first turn */
	if (sqlite3_column_type(s, 8) != SQLITE_NULL)
		strbuf_add(&t->prefix, "\n\n", 2);
	if (strcmp(label, BRAID_PSEUDO_SPEAKER))
		strbuf_addf(&t->prefix, "%s: ", label);
	sqlite3_reset(s);
	prefix_cp = (int64_t)braid_cp_count(t->prefix.buf, t->prefix.len);
	if (t->from + prefix_cp != t->start || t->end < t->start)
		return damaged(dt, t->idx, t->start, t->from + prefix_cp, err);
	return 1;
}

/* Reads the utterance of a held turn, once. */
static int need_text(struct braid_doctext *dt, struct dturn *t, struct braid_err *err)
{
	int rc;

	if (t->text)
		return 0;
	sqlite3_bind_int64(dt->text, 1, t->id);
	rc = db_one(dt->st, dt->text, "cannot read a turn's text", err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return braid_errorf(err, BRAID_EDB, "document '%s' is damaged: turn %lld has no text",
				    dt->doc_name.buf, (long long)t->idx);
	t->len = (size_t)sqlite3_column_bytes(dt->text, 0);
	t->text = xmalloc(t->len + 1);
	memcpy(t->text, db_col_text(dt->text, 0), t->len);
	t->text[t->len] = '\0';
	sqlite3_reset(dt->text);
	t->cur_byte = 0;
	t->cur_cp = 0;
	return 0;
}

/* Byte offset of code point cp (from the start of the utterance), walking on from the cursor. */
static size_t turn_byte(struct dturn *t, int64_t cp)
{
	if (cp < t->cur_cp) {
		t->cur_cp = 0;
		t->cur_byte = 0;
	}
	t->cur_byte += braid_cp_to_byte(t->text + t->cur_byte, t->len - t->cur_byte,
					(size_t)(cp - t->cur_cp));
	t->cur_cp = cp;
	return t->cur_byte;
}

static struct dturn *window_push(struct braid_doctext *dt)
{
	struct dturn *t;

	ALLOC_GROW(dt->w, dt->nw + 1, dt->walloc);
	t = &dt->w[dt->nw++];
	memset(t, 0, sizeof(*t));
	strbuf_init(&t->prefix, 0);
	return t;
}

/* Reads the turn after the window's last into the window: 1, 0 at the end, or an error. */
static int window_extend(struct braid_doctext *dt, struct braid_err *err)
{
	int64_t after = dt->nw ? dt->w[dt->nw - 1].start : -1;
	struct dturn *t = window_push(dt);
	int rc = load(dt, dt->after, after, t, err);

	if (rc <= 0) {
		turn_release(t);
		dt->nw--;
	}
	return rc;
}

/* Returned by locate for a document without turns, whose text is empty. */
#define NO_TURNS 1

/*
 * Makes the window start with the turn whose rendering holds position p
 * (0 <= p < chars): turns that end at or before p are let go, since starts do
 * not go back; going back, or far ahead, seeks afresh. NO_TURNS for a
 * document without turns.
 */
static int locate(struct braid_doctext *dt, int64_t p, struct braid_err *err)
{
	size_t drop = 0;
	int rc, found;

	while (drop < dt->nw && dt->w[drop].end <= p)
		drop++;
	if (drop < dt->nw && p >= dt->w[drop].from) {
		for (size_t i = 0; i < drop; i++)
			turn_release(&dt->w[i]);
		memmove(dt->w, dt->w + drop, (dt->nw - drop) * sizeof(*dt->w));
		dt->nw -= drop;
		return 0;
	}
	/* the next turn is often the one wanted: a step instead of a seek (no text is read) */
	if (drop == dt->nw && dt->nw) {
		rc = window_extend(dt, err);
		if (rc < 0)
			return rc;
		if (rc == 1 && p >= dt->w[dt->nw - 1].from && p < dt->w[dt->nw - 1].end)
			return locate(dt, p, err);
	}
	window_clear(dt);
	/* the last turn starting at or before p; if p lies after its utterance, the next one */
	rc = load(dt, dt->at, p, window_push(dt), err);
	if (rc == 1 && p < dt->w[0].end)
		return 0;
	window_clear(dt);
	if (rc < 0)
		return rc;
	found = rc;
	rc = load(dt, dt->after, p, window_push(dt), err);
	if (rc == 1 && p >= dt->w[0].from)
		return 0;
	window_clear(dt);
	if (rc < 0)
		return rc;
	/* no turn at all: an empty text (as braid_corpus_text_of renders it) */
	if (!found && !rc)
		return NO_TURNS;
	return braid_errorf(err, BRAID_EDB,
			    "document '%s' is damaged: its turns do not reach position %lld of its "
			    "%lld characters",
			    dt->doc_name.buf, (long long)p, (long long)dt->chars);
}

int braid_doctext_span(struct braid_doctext *dt, int64_t start, int64_t end, const char **text,
		       size_t *len, struct braid_err *err)
{
	struct dturn *t;
	int64_t pos = start;
	size_t k = 0, b0, b1;
	int rc;

	if (start < 0 || end <= start || end > dt->chars)
		return braid_errorf(err, BRAID_EINVAL,
				    "span %lld-%lld is not inside '%s' (%lld characters)",
				    (long long)start, (long long)end, dt->doc_name.buf,
				    (long long)dt->chars);
	if ((rc = locate(dt, start, err)) == NO_TURNS) {
		*text = "";
		*len = 0;
		return 0;
	}
	if (rc)
		return rc;
	t = &dt->w[0];
	if (start >= t->start && end <= t->end) {
		/* inside one utterance: no copy */
		if ((rc = need_text(dt, t, err)))
			return rc;
		b0 = turn_byte(t, start - t->start);
		b1 = b0 + braid_cp_to_byte(t->text + b0, t->len - b0, (size_t)(end - start));
		*text = t->text + b0;
		*len = b1 - b0;
		return 0;
	}
	strbuf_reset(&dt->out);
	while (pos < end) {
		int64_t n;

		if (k == dt->nw) {
			rc = window_extend(dt, err);
			if (rc < 0)
				return rc;
			if (rc == 0)
				return braid_errorf(err, BRAID_EDB,
						    "document '%s' is damaged: its turns end before "
						    "its %lld characters",
						    dt->doc_name.buf, (long long)dt->chars);
		}
		t = &dt->w[k++];
		if (pos < t->start) {
			/* the blank line and the label before the utterance */
			n = (end < t->start ? end : t->start) - pos;
			b0 = braid_cp_to_byte(t->prefix.buf, t->prefix.len, (size_t)(pos - t->from));
			b1 = b0 + braid_cp_to_byte(t->prefix.buf + b0, t->prefix.len - b0, (size_t)n);
			strbuf_add(&dt->out, t->prefix.buf + b0, b1 - b0);
			pos += n;
		}
		if (pos < end && pos < t->end) {
			if ((rc = need_text(dt, t, err)))
				return rc;
			n = (end < t->end ? end : t->end) - pos;
			b0 = turn_byte(t, pos - t->start);
			b1 = b0 + braid_cp_to_byte(t->text + b0, t->len - b0, (size_t)n);
			strbuf_add(&dt->out, t->text + b0, b1 - b0);
			pos += n;
		}
	}
	*text = dt->out.buf;
	*len = dt->out.len;
	return 0;
}

static void turn_out(const struct braid_doctext *dt, const struct dturn *t,
		     struct braid_doctext_turn *out)
{
	out->id = t->id;
	out->idx = t->idx;
	out->start = t->start;
	out->end = t->end;
	out->speaker = t->speaker;
	out->role = t->role;
	switch (braid_turn_case(t->role, t->case_name != NULL, dt->has_doc_case)) {
	case BRAID_CASE_SPEAKER:
		out->case_name = t->case_name;
		out->case_id = t->case_id;
		break;
	case BRAID_CASE_DOC:
		out->case_name = dt->doc_case.buf;
		out->case_id = dt->doc_case_id;
		break;
	default:
		out->case_name = NULL;
		out->case_id = 0;
		break;
	}
}

int braid_doctext_turn_at(struct braid_doctext *dt, int64_t pos, struct braid_doctext_turn *out,
			  struct braid_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->case_name = dt->has_doc_case ? dt->doc_case.buf : NULL;
	out->case_id = dt->doc_case_id;
	if (pos < 0 || pos >= dt->chars)
		return braid_errorf(err, BRAID_EINVAL, "position %lld is not inside '%s'",
				    (long long)pos, dt->doc_name.buf);
	if ((rc = locate(dt, pos, err)) == NO_TURNS)
		return 0;
	if (rc)
		return rc;
	if (pos >= dt->w[0].start) {
		turn_out(dt, &dt->w[0], out);
		return 0;
	}
	/*
	 * In the label or the blank line before a turn: the turn before, if any
	 * (kept, since the positions of a run of labels all want the same one).
	 */
	if (dt->prev.id && dt->prev.end == dt->w[0].from)
		rc = 1;
	else if ((rc = load(dt, dt->at, pos, &dt->prev, err)) < 0)
		return rc;
	if (rc == 1)
		turn_out(dt, &dt->prev, out);
	return 0;
}

int braid_doctext_place(struct braid_doctext *dt, int64_t pos, enum braid_doctext_place *place,
			struct braid_doctext_turn *out, struct braid_err *err)
{
	const struct dturn *t;
	int rc;

	memset(out, 0, sizeof(*out));
	if (pos < 0 || pos >= dt->chars)
		return braid_errorf(err, BRAID_EINVAL, "position %lld is not inside '%s'",
				    (long long)pos, dt->doc_name.buf);
	if ((rc = locate(dt, pos, err)) == NO_TURNS)
		return braid_errorf(err, BRAID_EINVAL, "position %lld is not inside '%s'",
				    (long long)pos, dt->doc_name.buf);
	if (rc)
		return rc;
	/* locate leaves the turn whose rendering (blank line, label, utterance) holds pos first */
	t = &dt->w[0];
	turn_out(dt, t, out);
	if (pos >= t->start)
		*place = BRAID_PLACE_UTTERANCE;
	else if (pos - t->from < 2 && t->prefix.len >= 2 && t->prefix.buf[0] == '\n')
		*place = BRAID_PLACE_GAP; /* a label never starts with a line break */
	else
		*place = BRAID_PLACE_LABEL;
	return 0;
}
