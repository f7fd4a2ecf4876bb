/*
 * refi-export.c - the project as a REFI-QDA .qdpx (project.qde written with
 * libxml2's text writer, each document's text beside it as
 * sources/<guid>.txt, zipped by libzip in memory and written whole by
 * file.c), and the code tree as a .qdc.
 *
 * The same project gives the same bytes: rows in id (or tree) order, the
 * selection GUID of a braid coding derived from its GUID (UUID version 5),
 * no modification time in the XML, a fixed time on the zip entries.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlwriter.h>
#include <zip.h>

#include "braid/alloc.h"
#include "braid/corpus.h"
#include "braid/file.h"
#include "braid/refi.h"
#include "braid/strbuf.h"
#include "db.h"

#define NS_PROJECT "urn:QDA-XML:project:1.0"
#define NS_CODEBOOK "urn:QDA-XML:codebook:1.0"
/* 2000-01-01T00:00:00Z: every zip entry's time, so that two exports are the same bytes */
#define ENTRY_TIME ((time_t)946684800)

struct memo {
	char *guid, *target, *kind, *text, *coder, *created;
	int64_t doc, code, coding;
};

struct exporter {
	struct braid_store *st;
	xmlTextWriterPtr w;
	struct memo *memos;
	size_t nmemos, alloc;
	struct braid_refi_export_report *r;
	int codebook;	/* writing a .qdc: no NoteRef */
	int open, depth; /* the code tree: elements open, depth of the last code */
	/* the sources: the files beside project.qde, and the open document's selections */
	zip_t *za;
	int64_t doc;
	char sel_guid[37];
	int64_t sel_start, sel_end;
	char **seen; /* selection GUIDs written for this document */
	size_t nseen, seen_alloc;
};

static void el(struct exporter *x, const char *name)
{
	xmlTextWriterStartElement(x->w, BAD_CAST name);
}

static void end_el(struct exporter *x)
{
	xmlTextWriterEndElement(x->w);
}

static void at(struct exporter *x, const char *name, const char *value)
{
	if (value)
		xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value);
}

static void text_el(struct exporter *x, const char *name, const char *text)
{
	xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST text);
}

/* xsd:dateTime as braid and most tools write it (2024-05-01T10:00:00[.123]Z): else left out. */
static const char *datetime(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";

	if (!s || strlen(s) < sizeof(shape) - 1)
		return NULL;
	for (size_t i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return NULL;
	return s;
}

static const char *rgb(const char *c)
{
	size_t n = c ? strlen(c) : 0;

	if ((n != 4 && n != 7) || c[0] != '#')
		return NULL;
	for (size_t i = 1; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", c[i]))
			return NULL;
	return c;
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	return db_col_null(s, i) ? xstrdup(db_col_text(s, i)) : NULL;
}

static int add_memo(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	struct memo *m;

	ALLOC_GROW(x->memos, x->nmemos + 1, x->alloc);
	m = &x->memos[x->nmemos++];
	m->guid = dup_col(s, 0);
	m->target = dup_col(s, 1);
	m->kind = dup_col(s, 2);
	m->doc = sqlite3_column_int64(s, 3);
	m->code = sqlite3_column_int64(s, 4);
	m->coding = sqlite3_column_int64(s, 5);
	m->coder = dup_col(s, 6);
	m->text = dup_col(s, 7);
	m->created = dup_col(s, 8);
	return 0;
}

static int load_memos(struct exporter *x, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(x->st,
			    "SELECT m.guid, m.target, m.kind, m.doc_id, m.code_id, m.coding_id,"
			    " c.guid, m.text, m.created FROM memos m JOIN coders c ON c.id ="
			    " m.coder_id ORDER BY m.id", &s, err);

	if (rc)
		return rc;
	rc = db_each(x->st, s, add_memo, x, "cannot read the memos", err);
	sqlite3_finalize(s);
	return rc;
}

/* NoteRef to each memo on this target (target "code" and the code's id, ...). */
static void noterefs(struct exporter *x, const char *target, int64_t id)
{
	for (size_t i = 0; i < x->nmemos; i++) {
		const struct memo *m = &x->memos[i];
		int64_t on = !strcmp(m->target, "doc") ? m->doc : !strcmp(m->target, "code") ? m->code
						       : m->coding;

		if (!strcmp(m->target, target) && (on == id || !strcmp(target, "project"))) {
			el(x, "NoteRef");
			at(x, "targetGUID", m->guid);
			end_el(x);
		}
	}
}


/* Runs sql (with ?1 bound to id when id > 0) and hands each row to fn. */
static int each(struct exporter *x, const char *sql, int64_t id,
		int (*fn)(sqlite3_stmt *s, void *ctx), const char *what, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(x->st, sql, &s, err);

	if (rc)
		return rc;
	if (id > 0)
		sqlite3_bind_int64(s, 1, id);
	rc = db_each(x->st, s, fn, x, what, err);
	sqlite3_finalize(s);
	return rc;
}

static int user_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;

	if (!x->r->users++)
		el(x, "Users");
	el(x, "User");
	at(x, "guid", db_col_text(s, 0));
	at(x, "name", db_col_text(s, 1));
	end_el(x);
	return 0;
}

static void code_description(struct exporter *x, sqlite3_stmt *s)
{
	struct strbuf d = STRBUF_INIT;

	strbuf_addstr(&d, db_col_text(s, 4));
	if (*db_col_text(s, 5))
		strbuf_addf(&d, "\n\nInclude: %s", db_col_text(s, 5));
	if (*db_col_text(s, 6))
		strbuf_addf(&d, "\n\nExclude: %s", db_col_text(s, 6));
	if (*db_col_text(s, 8)) {
		/* the examples, joined by the unit separator in SQL */
		const char *e = db_col_text(s, 8);

		while (*e) {
			const char *sep = strchr(e, '\x1f');
			size_t n = sep ? (size_t)(sep - e) : strlen(e);

			strbuf_addf(&d, "\n\nExample: %.*s", (int)n, e);
			e += n + (sep != NULL);
		}
	}
	if (d.len)
		text_el(x, "Description", d.buf);
	strbuf_release(&d);
}

/* Codes in tree order with their depth: close the codes the new one is not inside. */
static int code_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	int depth = sqlite3_column_int(s, 9);

	if (!x->r->codes++) {
		if (!x->codebook)
			el(x, "CodeBook");
		el(x, "Codes");
	}
	for (; x->open > depth; x->open--)
		end_el(x);
	el(x, "Code");
	at(x, "guid", db_col_text(s, 1));
	at(x, "name", db_col_text(s, 2));
	at(x, "isCodable", "true");
	at(x, "color", rgb(db_col_null(s, 3)));
	code_description(x, s);
	if (!x->codebook)
		noterefs(x, "code", sqlite3_column_int64(s, 0));
	x->open = depth + 1;
	return 0;
}

static int write_codes(struct exporter *x, struct braid_err *err)
{
	int rc;

	x->open = 0;
	rc = each(x,
		  CODE_TREE_CTE
		  " SELECT c.id, c.guid, c.name, c.color, coalesce(c.definition, ''),"
		  " coalesce(c.include_text, ''), coalesce(c.exclude_text, ''), NULL,"
		  " coalesce((SELECT group_concat(text, char(31)) FROM (SELECT text FROM"
		  "  code_examples e WHERE e.code_id = c.id ORDER BY position)), ''), t.depth"
		  " FROM tree t JOIN codes c ON c.id = t.id ORDER BY t.path",
		  0, code_row, "cannot read the codes", err);
	for (; x->open > 0; x->open--)
		end_el(x);
	if (x->r->codes) {
		end_el(x); /* Codes */
		if (!x->codebook)
			end_el(x); /* CodeBook */
	}
	return rc;
}

/*
 * A numeric variable is Integer when every value is a whole number, else
 * Float; binary is Boolean; ordinal and categorical are Text. The
 * Description keeps what REFI cannot say (braid's type and levels) for the
 * import to read back.
 */
static int var_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	const char *type = db_col_text(s, 2);

	if (!x->r->variables++)
		el(x, "Variables");
	el(x, "Variable");
	at(x, "guid", db_col_text(s, 0));
	at(x, "name", db_col_text(s, 1));
	at(x, "typeOfVariable", !strcmp(type, "binary")	   ? "Boolean"
				: !strcmp(type, "numeric") ? (sqlite3_column_int(s, 4) ? "Float"
										  : "Integer")
							   : "Text");
	if (strcmp(type, "numeric")) {
		struct strbuf d = STRBUF_INIT;

		strbuf_addf(&d, "braid: {\"type\":\"%s\",\"levels\":%s}", type,
			    db_col_null(s, 3) ? db_col_text(s, 3) : "[]");
		text_el(x, "Description", d.buf);
		strbuf_release(&d);
	}
	end_el(x);
	return 0;
}

/* A decimal as xsd:decimal has it (no exponent), from the value as written or its number. */
static void decimal(sqlite3_stmt *s, int integer, struct strbuf *out)
{
	const char *t = db_col_text(s, 3);
	size_t i = *t == '-' || *t == '+', digits = 0, dots = 0;

	for (; t[i]; i++) {
		if (t[i] >= '0' && t[i] <= '9')
			digits++;
		else if (t[i] == '.' && !integer)
			dots++;
		else
			break;
	}
	if (!t[i] && digits && dots <= 1)
		strbuf_addstr(out, t);
	else if (integer)
		strbuf_addf(out, "%lld", (long long)sqlite3_column_double(s, 4));
	else
		strbuf_addf(out, "%.6f", sqlite3_column_double(s, 4));
}

/* One VariableValue of a case's survey row: guid, type, integral, text, num. */
static int value_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	const char *type = db_col_text(s, 1);
	struct strbuf v = STRBUF_INIT;
	const char *kind = "TextValue";

	el(x, "VariableValue");
	el(x, "VariableRef");
	at(x, "targetGUID", db_col_text(s, 0));
	end_el(x);
	if (!strcmp(type, "binary")) {
		kind = "BooleanValue";
		strbuf_addstr(&v, sqlite3_column_double(s, 4) != 0 ? "true" : "false");
	} else if (!strcmp(type, "numeric")) {
		int integer = !sqlite3_column_int(s, 2);

		kind = integer ? "IntegerValue" : "FloatValue";
		decimal(s, integer, &v);
	} else {
		strbuf_addstr(&v, db_col_text(s, 3));
	}
	text_el(x, kind, v.buf);
	end_el(x);
	strbuf_release(&v);
	x->r->values++;
	return 0;
}

static int sourceref_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;

	el(x, "SourceRef");
	at(x, "targetGUID", db_col_text(s, 0));
	end_el(x);
	return 0;
}

/* The numeric variables with a value that is not whole: 1 in column `frac`. */
#define FRACTIONAL_SQL                                                                           \
	"EXISTS (SELECT 1 FROM survey_values f WHERE f.var_id = v.id AND f.num IS NOT NULL AND"  \
	" f.num != CAST(f.num AS INTEGER))"

/* Cases: each braid case, then the survey rows linked to none (as cases of their own). */
static int case_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	struct braid_err err = BRAID_ERR_INIT;
	char guid[37];
	int64_t case_id = sqlite3_column_int64(s, 0), row_id = sqlite3_column_int64(s, 3);
	int rc = 0;

	if (!x->r->cases++)
		el(x, "Cases");
	el(x, "Case");
	if (db_col_null(s, 1)) {
		at(x, "guid", db_col_text(s, 1));
	} else {
		struct strbuf n = STRBUF_INIT;

		strbuf_addf(&n, "survey row:%s", db_col_text(s, 2));
		braid_refi_uuid5(n.buf, guid);
		strbuf_release(&n);
		at(x, "guid", guid);
	}
	at(x, "name", db_col_text(s, 2));
	if (row_id)
		rc = each(x,
			  "SELECT v.guid, v.type, " FRACTIONAL_SQL ", sv.text, sv.num FROM"
			  " survey_values sv JOIN survey_vars v ON v.id = sv.var_id WHERE sv.row_id"
			  " = ?1 ORDER BY v.position, v.id",
			  row_id, value_row, "cannot read the survey values", &err);
	if (!rc && case_id)
		rc = each(x, "SELECT guid FROM documents WHERE case_id = ?1 ORDER BY id", case_id,
			  sourceref_row, "cannot read the cases' documents", &err);
	end_el(x);
	return rc;
}

static int write_cases(struct exporter *x, struct braid_err *err)
{
	int rc = each(x,
		      "SELECT * FROM (SELECT c.id AS id, c.guid AS guid, c.name, r.id AS row FROM"
		      " cases c LEFT JOIN survey_rows r ON r.case_id = c.id"
		      " UNION ALL SELECT 0, NULL, r.survey_id, r.id FROM survey_rows r WHERE"
		      " r.case_id IS NULL) ORDER BY guid IS NULL, id, row",
		      0, case_row, "cannot read the cases", err);

	if (!rc && x->r->cases)
		end_el(x);
	return rc;
}

static void end_selection(struct exporter *x)
{
	if (x->sel_guid[0])
		end_el(x);
	x->sel_guid[0] = '\0';
}

static int seen(struct exporter *x, const char *guid)
{
	for (size_t i = 0; i < x->nseen; i++)
		if (!strcmp(x->seen[i], guid))
			return 1;
	return 0;
}

/*
 * A document's accepted codings in span order, grouped into selections:
 * codings imported from one selection share its GUID and span; braid's own
 * codings are a selection each, named from the coding's GUID.
 * Columns: guid, start, end, selection_guid, coder guid, created, code guid, memo, id.
 */
static int coding_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	int64_t start = sqlite3_column_int64(s, 1), end = sqlite3_column_int64(s, 2);
	char guid[37];

	if (db_col_null(s, 3) && strlen(db_col_text(s, 3)) == 36) {
		snprintf(guid, sizeof(guid), "%s", db_col_text(s, 3));
	} else {
		struct strbuf n = STRBUF_INIT;

		strbuf_addf(&n, "selection:%s", db_col_text(s, 0));
		braid_refi_uuid5(n.buf, guid);
		strbuf_release(&n);
	}
	if (strcmp(guid, x->sel_guid) || start != x->sel_start || end != x->sel_end) {
		end_selection(x);
		if (seen(x, guid)) { /* the selection's codings no longer share a span */
			struct strbuf n = STRBUF_INIT;

			strbuf_addf(&n, "selection:%s", db_col_text(s, 0));
			braid_refi_uuid5(n.buf, guid);
			strbuf_release(&n);
		}
		ALLOC_GROW(x->seen, x->nseen + 1, x->seen_alloc);
		x->seen[x->nseen++] = xstrdup(guid);
		el(x, "PlainTextSelection");
		at(x, "guid", guid);
		{
			char n1[24], n2[24];

			snprintf(n1, sizeof(n1), "%lld", (long long)start);
			snprintf(n2, sizeof(n2), "%lld", (long long)end);
			at(x, "startPosition", n1);
			at(x, "endPosition", n2);
		}
		at(x, "creatingUser", db_col_text(s, 4));
		at(x, "creationDateTime", datetime(db_col_null(s, 5)));
		if (db_col_null(s, 7) && *db_col_text(s, 7))
			text_el(x, "Description", db_col_text(s, 7));
		snprintf(x->sel_guid, sizeof(x->sel_guid), "%s", guid);
		x->sel_start = start;
		x->sel_end = end;
		x->r->selections++;
	}
	el(x, "Coding");
	at(x, "guid", db_col_text(s, 0));
	at(x, "creatingUser", db_col_text(s, 4));
	at(x, "creationDateTime", datetime(db_col_null(s, 5)));
	el(x, "CodeRef");
	at(x, "targetGUID", db_col_text(s, 6));
	end_el(x);
	noterefs(x, "segment", sqlite3_column_int64(s, 8));
	end_el(x);
	x->r->codings++;
	return 0;
}

static int add_file(struct exporter *x, const char *name, struct strbuf *data,
		    struct braid_err *err)
{
	size_t len = data->len;
	char *buf = strbuf_detach(data, NULL);
	zip_source_t *src = zip_source_buffer(x->za, buf, len, 1);
	zip_int64_t idx;

	if (!src) {
		free(buf);
		return braid_errorf(err, BRAID_EIO, "cannot add %s to the package: %s", name,
				    zip_strerror(x->za));
	}
	if ((idx = zip_file_add(x->za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return braid_errorf(err, BRAID_EIO, "cannot add %s to the package: %s", name,
				    zip_strerror(x->za));
	}
	zip_file_set_mtime(x->za, (zip_uint64_t)idx, ENTRY_TIME, 0);
	return 0;
}

static int source_row(sqlite3_stmt *s, void *ctx)
{
	struct exporter *x = ctx;
	struct braid_err err = BRAID_ERR_INIT;
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int64_t id = sqlite3_column_int64(s, 0);
	int rc;

	if (!x->r->sources++)
		el(x, "Sources");
	el(x, "TextSource");
	at(x, "guid", db_col_text(s, 1));
	at(x, "name", db_col_text(s, 2));
	strbuf_addf(&path, "internal://%s.txt", db_col_text(s, 1));
	at(x, "plainTextPath", path.buf);
	at(x, "creationDateTime", datetime(db_col_null(s, 3)));
	x->doc = id;
	x->sel_guid[0] = '\0';
	rc = each(x,
		  "SELECT g.guid, g.start_cp, g.end_cp, g.selection_guid, u.guid, g.created,"
		  " c.guid, g.memo, g.id FROM codings g JOIN coders u ON u.id = g.coder_id JOIN"
		  " codes c ON c.id = g.code_id WHERE g.doc_id = ?1 AND g.status = 'accepted'"
		  " ORDER BY g.start_cp, g.end_cp, coalesce(g.selection_guid, g.guid), g.id",
		  id, coding_row, "cannot read the codings", &err);
	end_selection(x);
	for (size_t i = 0; i < x->nseen; i++)
		free(x->seen[i]);
	x->nseen = 0;
	noterefs(x, "doc", id);
	end_el(x);
	if (!rc && !(rc = braid_corpus_text_of(x->st, id, &text, &err))) {
		strbuf_reset(&path);
		strbuf_addf(&path, "sources/%s.txt", db_col_text(s, 1));
		rc = add_file(x, path.buf, &text, &err);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

static int write_notes(struct exporter *x)
{
	for (size_t i = 0; i < x->nmemos; i++) {
		const struct memo *m = &x->memos[i];
		struct strbuf name = STRBUF_INIT;

		if (!i)
			el(x, "Notes");
		el(x, "Note");
		at(x, "guid", m->guid);
		strbuf_addf(&name, "%s memo", m->kind);
		at(x, "name", name.buf);
		at(x, "creatingUser", m->coder);
		at(x, "creationDateTime", datetime(m->created));
		text_el(x, "PlainTextContent", m->text ? m->text : "");
		end_el(x);
		strbuf_release(&name);
		x->r->notes++;
		x->r->theme_memos += !strcmp(m->target, "theme");
	}
	if (x->nmemos)
		end_el(x);
	return 0;
}

static int count_left_out(struct exporter *x, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = db_prepare(x->st, "SELECT count(*) FROM codings WHERE status != 'accepted'", &s,
			    err);

	if (rc)
		return rc;
	if ((rc = db_one(x->st, s, "cannot count the codings", err)) == 1) {
		x->r->left_out = (size_t)sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static void release(struct exporter *x)
{
	for (size_t i = 0; i < x->nmemos; i++) {
		struct memo *m = &x->memos[i];

		free(m->guid);
		free(m->target);
		free(m->kind);
		free(m->text);
		free(m->coder);
		free(m->created);
	}
	free(x->memos);
	for (size_t i = 0; i < x->nseen; i++)
		free(x->seen[i]);
	free(x->seen);
}

/* The project's name: its title, else the file's base name without .braid. */
static void project_name(struct braid_store *st, struct strbuf *out)
{
	char *title = braid_store_meta(st, "title");
	const char *p = braid_store_path(st), *b = strrchr(p, '/');

	if (title && *title) {
		strbuf_addstr(out, title);
	} else {
		b = b ? b + 1 : p;
		strbuf_addstr(out, b);
		if (out->len > 6 && !strcmp(out->buf + out->len - 6, ".braid"))
			strbuf_setlen(out, out->len - 6);
	}
	free(title);
}

/* The creating user: the coder who created the project, when there is one of that name. */
static int creator_guid(struct braid_store *st, struct strbuf *out, struct braid_err *err)
{
	char *who = braid_store_meta(st, "created_by");
	sqlite3_stmt *s;
	int rc;

	if (!who)
		return 0;
	if ((rc = db_prepare(st, "SELECT guid FROM coders WHERE name = ? COLLATE NOCASE", &s,
			     err))) {
		free(who);
		return rc;
	}
	db_bind_text(s, 1, who, -1);
	if ((rc = db_one(st, s, "cannot read the coders", err)) == 1) {
		strbuf_addstr(out, db_col_text(s, 0));
		sqlite3_reset(s);
		rc = 0;
	}
	sqlite3_finalize(s);
	free(who);
	return rc;
}

static int write_project(struct exporter *x, struct braid_err *err)
{
	struct strbuf name = STRBUF_INIT, creator = STRBUF_INIT;
	char *created = braid_store_meta(x->st, "created");
	int rc;

	project_name(x->st, &name);
	rc = creator_guid(x->st, &creator, err);
	xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(x->w, NULL, BAD_CAST "Project", BAD_CAST NS_PROJECT);
	at(x, "name", name.buf);
	at(x, "origin", "braid " BRAID_VERSION);
	at(x, "creatingUserGUID", creator.len ? creator.buf : NULL);
	at(x, "creationDateTime", datetime(created));
	if (!rc)
		rc = load_memos(x, err);
	if (!rc)
		rc = each(x, "SELECT guid, name FROM coders ORDER BY id", 0, user_row,
			  "cannot read the coders", err);
	if (!rc && x->r->users)
		end_el(x);
	if (!rc)
		rc = write_codes(x, err);
	if (!rc)
		rc = each(x,
			  "SELECT v.guid, v.name, v.type, v.levels, " FRACTIONAL_SQL
			  " FROM survey_vars v ORDER BY v.position, v.id",
			  0, var_row, "cannot read the survey variables", err);
	if (!rc && x->r->variables)
		end_el(x);
	if (!rc)
		rc = write_cases(x, err);
	if (!rc)
		rc = each(x, "SELECT id, guid, name, imported FROM documents ORDER BY id", 0,
			  source_row, "cannot read the documents", err);
	if (!rc && x->r->sources)
		end_el(x);
	if (!rc)
		rc = write_notes(x);
	if (!rc)
		noterefs(x, "project", 0);
	if (!rc)
		rc = count_left_out(x, err);
	xmlTextWriterEndDocument(x->w);
	strbuf_release(&name);
	strbuf_release(&creator);
	free(created);
	return rc;
}

/* The zip, built in memory (the entries are the exporter's), as bytes into out. */
static int zip_bytes(zip_source_t *src, struct strbuf *out, struct braid_err *err)
{
	zip_stat_t zs;
	char buf[65536];
	zip_int64_t got;

	zip_stat_init(&zs);
	if (zip_source_stat(src, &zs) < 0 || zip_source_open(src) < 0)
		return braid_errorf(err, BRAID_EIO, "cannot build the package: %s",
				    zip_error_strerror(zip_source_error(src)));
	while ((got = zip_source_read(src, buf, sizeof(buf))) > 0)
		strbuf_add(out, buf, (size_t)got);
	zip_source_close(src);
	return got < 0 ? braid_errorf(err, BRAID_EIO, "cannot build the package") : 0;
}

int braid_refi_export(struct braid_store *st, const char *path, struct braid_refi_export_report *r,
		      struct braid_err *err)
{
	struct exporter x = { .st = st, .r = r };
	struct strbuf qde = STRBUF_INIT, bytes = STRBUF_INIT;
	xmlBufferPtr buf = xmlBufferCreate();
	zip_source_t *src;
	zip_error_t ze;
	int rc;

	memset(r, 0, sizeof(*r));
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	x.za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	x.w = xmlNewTextWriterMemory(buf, 0);
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
	rc = write_project(&x, err);
	xmlFreeTextWriter(x.w);
	if (!rc) {
		strbuf_add(&qde, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
		rc = add_file(&x, "project.qde", &qde, err);
	}
	if (!rc && zip_close(x.za) < 0)
		rc = braid_errorf(err, BRAID_EIO, "cannot build the package: %s",
				  zip_strerror(x.za));
	else if (rc)
		zip_discard(x.za);
	if (!rc && !(rc = zip_bytes(src, &bytes, err)))
		rc = braid_file_write(path, bytes.buf, bytes.len, err);
	zip_source_free(src);
	zip_error_fini(&ze);
	xmlBufferFree(buf);
	strbuf_release(&qde);
	strbuf_release(&bytes);
	release(&x);
	return rc;
}

int braid_refi_export_codebook(struct braid_store *st, const char *path,
			       struct braid_refi_export_report *r, struct braid_err *err)
{
	struct exporter x = { .st = st, .r = r, .codebook = 1 };
	xmlBufferPtr buf = xmlBufferCreate();
	int rc;

	memset(r, 0, sizeof(*r));
	x.w = xmlNewTextWriterMemory(buf, 0);
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
	xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "CodeBook", BAD_CAST NS_CODEBOOK);
	at(&x, "origin", "braid " BRAID_VERSION);
	rc = write_codes(&x, err);
	xmlTextWriterEndDocument(x.w);
	xmlFreeTextWriter(x.w);
	if (!rc && !r->codes)
		rc = braid_errorf(err, BRAID_EINVAL, "no codes to write: a codebook holds at least "
				  "one");
	if (!rc)
		rc = braid_file_write(path, xmlBufferContent(buf), (size_t)xmlBufferLength(buf), err);
	xmlBufferFree(buf);
	release(&x);
	return rc;
}
