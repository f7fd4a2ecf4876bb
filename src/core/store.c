/*
 * store.c - the project file: schema, migrations, transactions and the
 * change record (see store.h).
 *
 * The change record. begin opens the transaction and attaches an SQLite
 * session to every table of the project but the audit log, the changesets
 * and the search index's shadow tables (derived data, kept by triggers). The
 * session keeps, for each row a command touched, its values before the
 * first change (only the key for a new row). checkpoint turns what the
 * session holds into a changeset, stores it as the next chunk of the
 * change (table `changes`), counts its rows per table for the summary, and
 * starts a fresh session; commit does a last checkpoint and writes the
 * audit row. Chunks keep memory flat in long commands: an ingest of a
 * thousand files holds one file's rows at a time, not the corpus.
 *
 * What it costs (make bench prints it): the session's pre-update hook on
 * every row written, reading the new rows back to build the changeset, and
 * writing the changeset, which holds every value a command added (an
 * ingest's changeset holds the text it added, so that redo can bring it
 * back: an ingested corpus takes about twice its size on disk).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "braid/alloc.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "braid/tokenizer.h"
#include "db.h"

/* Counts of one table's rows in a change. */
struct tally {
	char *table;
	int64_t ins, upd, del;
};

/* The change being recorded. */
struct change {
	int open;
	sqlite3_session *sess;
	int64_t audit_id; /* the id its audit row will get */
	int64_t seq;      /* chunks written so far */
	size_t pending;   /* bytes of values written since the last chunk (callers' estimate) */
	char *person, *command;
	int64_t phase;
	struct strbuf notes;
	size_t nnotes, omitted;
	struct tally *t;
	size_t nt, t_alloc;
};

struct braid_store {
	sqlite3 *db;
	char *path;
	int busy_ms;
	int in_tx;
	int no_history;
	struct change ch;
	braid_msg_fn sink;
	void *sink_ctx;
	/*
	 * named_row's statements, [0] coders and [1] cases, prepared once: an
	 * ingest of a focus group asks for a case per participant, and preparing
	 * them each time was most of an ingest of 80,000 speakers.
	 */
	sqlite3_stmt *named_get[2], *named_ins[2];
	/* blind coding (store.h): the coder's id and stored name; blind_on: the views exist */
	int64_t blind_id;
	char *blind_name;
	int blind, blind_on;
};

/* The sentence of an audit row stops growing here (notes after it are counted). */
#define NOTES_MAX 4000

/* A change's chunk is written out at the next checkpoint past this many bytes (estimated). */
#define SESSION_MAX (16 << 20)

/* ---- SQL helpers (db.h) ---- */

static int is_busy(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

static int busy_error(struct braid_store *st, struct braid_err *err)
{
	return braid_errorf(err, BRAID_EBUSY,
			    "project '%s' is busy: another braid process is using it "
			    "(waited %d ms); try again when it has finished",
			    st->path, st->busy_ms);
}

int db_error(struct braid_store *st, struct braid_err *err, const char *what)
{
	if (is_busy(sqlite3_extended_errcode(st->db)))
		return busy_error(st, err);
	return braid_errorf(err, BRAID_EDB, "%s: %s", what, sqlite3_errmsg(st->db));
}

int db_prepare(struct braid_store *st, const char *sql, sqlite3_stmt **stmt, struct braid_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return db_error(st, err, "cannot prepare query");
	}
	return 0;
}

int db_exec(struct braid_store *st, const char *sql, struct braid_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		rc = is_busy(rc) ? busy_error(st, err)
				 : braid_errorf(err, BRAID_EDB, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

void db_bind_text(sqlite3_stmt *s, int i, const char *text, int len)
{
	if (text)
		sqlite3_bind_text(s, i, text, len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

const char *db_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

const char *db_col_null(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(s, i);
}

int db_each(struct braid_store *st, sqlite3_stmt *s, int (*fn)(sqlite3_stmt *s, void *ctx),
	    void *ctx, const char *what, struct braid_err *err)
{
	int rc = 0, step;

	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = fn(s, ctx)) != 0)
			break;
	if (!rc && step != SQLITE_DONE)
		rc = db_error(st, err, what);
	sqlite3_reset(s);
	return rc;
}

int db_one(struct braid_store *st, sqlite3_stmt *s, const char *what, struct braid_err *err)
{
	int step = sqlite3_step(s);

	if (step == SQLITE_ROW)
		return 1;
	if (step == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	step = db_error(st, err, what);
	sqlite3_reset(s);
	return step;
}

int db_done(struct braid_store *st, sqlite3_stmt *s, const char *what, struct braid_err *err)
{
	int step = sqlite3_step(s), rc = 0;

	if (step != SQLITE_DONE)
		rc = db_error(st, err, what);
	sqlite3_reset(s);
	return rc;
}

int64_t db_parent(struct braid_store *st, const char *table, int64_t id, struct braid_err *err)
{
	char sql[96];
	sqlite3_stmt *s;
	int64_t p = 0;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT coalesce(parent_id, 0) FROM %s WHERE id = ?", table);
	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = db_one(st, s, "cannot read the tree", err);
	if (rc == 1)
		p = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : p;
}

int db_within(struct braid_store *st, const char *table, int64_t node, int64_t ancestor,
	      struct braid_err *err)
{
	/* the guard: a tree is never deeper than its rows, whatever a damaged file says */
	for (int guard = 0; node > 0 && guard < 10000; guard++) {
		if (node == ancestor)
			return 1;
		node = db_parent(st, table, node, err);
	}
	return node < 0 ? (int)node : 0;
}

struct sibling {
	struct strbuf want, got;
	const char *noun;
	int64_t self;
	struct braid_err *err;
};

static int sibling_row(sqlite3_stmt *s, void *ctx)
{
	struct sibling *sb = ctx;

	strbuf_reset(&sb->got);
	braid_text_fold(db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &sb->got);
	if (sqlite3_column_int64(s, 0) != sb->self && sb->got.len == sb->want.len &&
	    !memcmp(sb->got.buf, sb->want.buf, sb->want.len))
		return braid_errorf(sb->err, BRAID_EEXIST, "a %s named '%s' is already there (%s)",
				    sb->noun, db_col_text(s, 1), db_col_text(s, 2));
	return 0;
}

int db_sibling_name_free(struct braid_store *st, const char *noun, const char *siblings_sql,
			 int64_t parent, const char *name, int64_t self, struct braid_err *err)
{
	struct sibling sb = { STRBUF_INIT, STRBUF_INIT, noun, self, err };
	sqlite3_stmt *s;
	int rc;

	braid_text_fold(name, strlen(name), &sb.want);
	if (!(rc = db_prepare(st, siblings_sql, &s, err))) {
		sqlite3_bind_int64(s, 1, parent);
		rc = db_each(st, s, sibling_row, &sb, "cannot read the names", err);
		sqlite3_finalize(s);
	}
	strbuf_release(&sb.want);
	strbuf_release(&sb.got);
	return rc;
}

int db_run_ids(struct braid_store *st, const char *sql, int64_t a, int64_t b, const char *what,
	       struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	sqlite3_bind_int64(s, 1, a);
	if (b)
		sqlite3_bind_int64(s, 2, b);
	rc = db_done(st, s, what, err);
	sqlite3_finalize(s);
	return rc;
}

static int add_nearby(sqlite3_stmt *s, void *ctx)
{
	braid_nearby_add(ctx, db_col_text(s, 0));
	return 0;
}

int db_not_found(struct braid_store *st, struct braid_err *err, const char *what,
		 const char *want, const char *names_sql)
{
	struct braid_nearby nb;
	struct strbuf near = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	braid_nearby_init(&nb, want);
	if (!db_prepare(st, names_sql, &s, NULL)) {
		db_each(st, s, add_nearby, &nb, "cannot list names", NULL);
		sqlite3_finalize(s);
	}
	braid_nearby_text(&nb, 3, &near);
	rc = near.len ? braid_errorf(err, BRAID_ENOTFOUND, "no %s '%s' (did you mean %s?)", what,
				     want, near.buf)
		      : braid_errorf(err, BRAID_ENOTFOUND, "no %s '%s'", what, want);
	strbuf_release(&near);
	braid_nearby_release(&nb);
	return rc;
}

const char *db_table_singular(const char *table)
{
	static const struct {
		const char *table, *one;
	} names[] = {
		{ "documents", "document" },	{ "speakers", "speaker" },     { "turns", "turn" },
		{ "turn_texts", "turn text" },	{ "codings", "coding" },	{ "codes", "code" },
		{ "code_examples", "example" }, { "code_patterns", "pattern" }, { "codebooks", "codebook" },
		{ "memos", "memo" },		{ "coders", "coder" },		{ "cases", "case" },
		{ "project", "project setting" }, { "themes", "theme" },
		{ "theme_codes", "theme's code" },	{ "quotes", "quote" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].table, table))
			return names[i].one;
	return table;
}

/* ---- messages ---- */

void braid_store_set_sink(struct braid_store *st, braid_msg_fn fn, void *ctx)
{
	st->sink = fn;
	st->sink_ctx = ctx;
}

void braid_store_msg(struct braid_store *st, enum braid_msg_level level, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	if (!st->sink)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	st->sink(level, msg.buf, st->sink_ctx);
	strbuf_release(&msg);
}

/* ---- migrations ---- */

static int get_version(struct braid_store *st, int *version, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "PRAGMA user_version", &s, err)))
		return rc;
	rc = db_one(st, s, "cannot read the schema version", err);
	*version = rc == 1 ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

static int migrate_3(struct braid_store *st, struct braid_err *err);
static int migrate_4(struct braid_store *st, struct braid_err *err);
static int migrate_5(struct braid_store *st, struct braid_err *err);
static int migrate_6(struct braid_store *st, struct braid_err *err);

/*
 * migrations[i] takes a project from schema version i to i + 1: SQL, then
 * a C step, either may be absent. A step that rebuilds tables (create the
 * new table, copy, drop the old one, rename: SQLite's way to change a
 * column or a constraint) sets `rebuild`: the migration then runs with
 * foreign keys off and checks them (foreign_key_check) before it commits.
 * Append new steps; never edit a released one.
 */
static const struct migration {
	const char *sql;
	int (*fn)(struct braid_store *st, struct braid_err *err);
	int rebuild;
} migrations[] = {
	/*
	 * 0 -> 1 (braid 0.1): documents, speakers, turns, cases, coders, search
	 * index, audit.
	 */
	{ "CREATE TABLE project(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	  "CREATE TABLE coders(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	  "  created TEXT NOT NULL DEFAULT " NOW_SQL ");"
	  "CREATE TABLE cases(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	  "  created TEXT NOT NULL DEFAULT " NOW_SQL ");"
	  "CREATE TABLE documents(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	  "  kind TEXT NOT NULL CHECK (kind IN ('interview','focus-group','document','notes')),"
	  "  source TEXT, hash TEXT NOT NULL, format TEXT NOT NULL, language TEXT,"
	  "  text TEXT NOT NULL, chars INTEGER NOT NULL, words INTEGER NOT NULL,"
	  "  case_id INTEGER REFERENCES cases(id),"
	  "  imported TEXT NOT NULL DEFAULT " NOW_SQL ");"
	  "CREATE INDEX documents_hash ON documents(hash);"
	  "CREATE INDEX documents_case ON documents(case_id);"
	  "CREATE TABLE speakers(id INTEGER PRIMARY KEY,"
	  "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	  "  label TEXT NOT NULL,"
	  "  role TEXT NOT NULL CHECK (role IN ('interviewer','participant','moderator','other')),"
	  "  case_id INTEGER REFERENCES cases(id), UNIQUE (doc_id, label));"
	  "CREATE INDEX speakers_case ON speakers(case_id);"
	  "CREATE TABLE turns(id INTEGER PRIMARY KEY,"
	  "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	  "  idx INTEGER NOT NULL,"
	  "  speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,"
	  "  start_cp INTEGER NOT NULL, end_cp INTEGER NOT NULL,"
	  "  start_ms INTEGER, end_ms INTEGER, words INTEGER NOT NULL,"
	  "  UNIQUE (doc_id, idx), CHECK (start_cp <= end_cp));"
	  "CREATE VIEW turn_text(id, text) AS"
	  "  SELECT t.id, substr(d.text, t.start_cp + 1, t.end_cp - t.start_cp)"
	  "  FROM turns t JOIN documents d ON d.id = t.doc_id;"
	  "CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turn_text', content_rowid='id',"
	  "  tokenize='unicode61 remove_diacritics 2', columnsize=0);"
	  "CREATE TABLE audit(id INTEGER PRIMARY KEY, time TEXT NOT NULL DEFAULT " NOW_SQL ","
	  "  coder TEXT, command TEXT NOT NULL, detail TEXT NOT NULL);",
	  NULL, 0 },

	/* 1 -> 2 (braid 0.2): codebooks, codes (a tree), their rules, codings, memos. */
	{ "CREATE TABLE codebooks(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	  "  version TEXT, description TEXT, source TEXT,"
	  "  imported TEXT NOT NULL DEFAULT " NOW_SQL ");"
	  "CREATE TABLE codes(id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
	  "  parent_id INTEGER REFERENCES codes(id),"
	  "  codebook_id INTEGER REFERENCES codebooks(id),"
	  "  kind TEXT NOT NULL CHECK (kind IN ('deductive','inductive')),"
	  "  domain TEXT, definition TEXT, include_text TEXT, exclude_text TEXT, color TEXT,"
	  "  scope TEXT NOT NULL DEFAULT 'sentence' CHECK (scope IN ('sentence','turn','paragraph')),"
	  "  roles TEXT NOT NULL DEFAULT 'participant'"
	  "    CHECK (roles IN ('participant','interviewer','any')),"
	  "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired','merged')),"
	  "  merged_into INTEGER REFERENCES codes(id),"
	  "  position INTEGER NOT NULL DEFAULT 0,"
	  "  created TEXT NOT NULL DEFAULT " NOW_SQL ","
	  "  created_by INTEGER REFERENCES coders(id), created_phase INTEGER);"
	  "CREATE INDEX codes_parent ON codes(parent_id);"
	  "CREATE TABLE code_examples(code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,"
	  "  position INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (code_id, position));"
	  "CREATE TABLE code_patterns(code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,"
	  "  position INTEGER NOT NULL, pattern TEXT NOT NULL, PRIMARY KEY (code_id, position));"
	  "CREATE TABLE codings(id INTEGER PRIMARY KEY,"
	  "  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
	  "  start_cp INTEGER NOT NULL, end_cp INTEGER NOT NULL,"
	  "  code_id INTEGER NOT NULL REFERENCES codes(id),"
	  "  coder_id INTEGER NOT NULL REFERENCES coders(id),"
	  "  origin TEXT NOT NULL"
	  "    CHECK (origin = 'manual' OR origin = 'auto' OR origin = 'reconciled'),"
	  "  status TEXT NOT NULL DEFAULT 'accepted'"
	  "    CHECK (status = 'pending' OR status = 'accepted' OR status = 'rejected'),"
	  "  memo TEXT, created TEXT NOT NULL DEFAULT " NOW_SQL ","
	  "  UNIQUE (doc_id, start_cp, end_cp, code_id, coder_id), CHECK (start_cp < end_cp));"
	  "CREATE INDEX codings_code ON codings(code_id);"
	  "CREATE INDEX codings_coder ON codings(coder_id);"
	  "CREATE TABLE memos(id INTEGER PRIMARY KEY,"
	  "  target TEXT NOT NULL CHECK (target IN ('project','doc','code','segment')),"
	  "  target_id INTEGER, coder_id INTEGER NOT NULL REFERENCES coders(id),"
	  "  text TEXT NOT NULL, created TEXT NOT NULL DEFAULT " NOW_SQL ");"
	  "CREATE INDEX memos_target ON memos(target, target_id);",
	  NULL, 0 },

	/*
	 * 2 -> 3 (braid 0.3): change history, stable identities, turn texts.
	 * Every table is rebuilt: GUIDs, ids never reused (AUTOINCREMENT), no
	 * ON DELETE CASCADE (a removal deletes what depends on it explicitly, so
	 * the change record holds every row it removed and undo brings each
	 * back), memos with real references, CHECKs from the vocabularies, each
	 * turn's text in turn_texts instead of one text per document, and an
	 * audit log with the kind of change, what it reverts and what undid it.
	 */
	{ NULL, migrate_3, 1 },

	/*
	 * 3 -> 4 (braid 0.4): the Braun & Clarke workflow: phases (a timeline),
	 * documents read, themes with their codes, exemplar quotes, outputs
	 * written (a report ends phase 6); memos get a kind and may be on a
	 * theme (a rebuild: the memo target CHECK widens); codings and memos
	 * record the phase they were made in.
	 */
	{ NULL, migrate_4, 1 },

	/*
	 * 4 -> 5 (braid 0.5): survey data (variables, rows, values) and the
	 * link of a survey row to a case. New tables only, no rebuild.
	 */
	{ NULL, migrate_5, 0 },

	/*
	 * 5 -> 6 (braid 0.6): exchange and export. Survey variables get a GUID
	 * (a rebuild: a column with a generated default), so that a REFI-QDA
	 * round trip keeps them; a coding may remember the GUID of the REFI-QDA
	 * selection it came from (codings that shared one share it); framework
	 * summaries, one text per case and theme.
	 */
	{ NULL, migrate_6, 1 },
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

_Static_assert(NMIGRATIONS == BRAID_SCHEMA_VERSION, "one migration per schema version");

/* Appends "CHECK (...)" for a column from its vocabulary. */
static void check(struct strbuf *sql, const struct braid_vocab *v, const char *col)
{
	strbuf_addstr(sql, " CHECK ");
	braid_vocab_check(v, col, sql);
}

/* The tables of schema 3 (under the names new_*), and the copy of the old rows into them. */
static void schema_3(struct strbuf *q)
{
	strbuf_addstr(q,
		      "DROP VIEW turn_text; DROP TABLE turns_fts;"
		      "CREATE TABLE new_coders(id INTEGER PRIMARY KEY AUTOINCREMENT,"
		      "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ", name TEXT NOT NULL UNIQUE,"
		      "  created TEXT NOT NULL DEFAULT " NOW_SQL ");"
		      "INSERT INTO new_coders(id, name, created) SELECT id, name, created FROM coders;"
		      "CREATE TABLE new_cases(id INTEGER PRIMARY KEY AUTOINCREMENT,"
		      "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ", name TEXT NOT NULL UNIQUE,"
		      "  created TEXT NOT NULL DEFAULT " NOW_SQL ");"
		      "INSERT INTO new_cases(id, name, created) SELECT id, name, created FROM cases;"
		      "CREATE TABLE new_documents(id INTEGER PRIMARY KEY AUTOINCREMENT,"
		      "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ", name TEXT NOT NULL UNIQUE,"
		      "  kind TEXT NOT NULL");
	check(q, &braid_vocab_doc_kind, "kind");
	/*
	 * rev: the revision of the document's text, raised by every replacement
	 * of it (ingest --replace); codings refer to (id, rev), since their
	 * offsets belong to one text: undo of a correction under a coding made on
	 * the corrected text then breaks a reference, a conflict like any other
	 */
	strbuf_addstr(q, ", source TEXT, hash TEXT NOT NULL, format TEXT NOT NULL, language TEXT,"
			 "  chars INTEGER NOT NULL, words INTEGER NOT NULL,"
			 "  case_id INTEGER REFERENCES cases(id),"
			 "  imported TEXT NOT NULL DEFAULT " NOW_SQL ","
			 "  rev INTEGER NOT NULL DEFAULT 1, UNIQUE (id, rev));"
			 "INSERT INTO new_documents(id, name, kind, source, hash, format, language, chars,"
			 "  words, case_id, imported) SELECT id, name, kind, source, hash, format,"
			 "  language, chars, words, case_id, imported FROM documents;"
			 /* (doc_id, id) is unique so that a turn's speaker is one of its document's */
			 "CREATE TABLE new_speakers(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			 "  doc_id INTEGER NOT NULL REFERENCES documents(id), label TEXT NOT NULL,"
			 "  role TEXT NOT NULL");
	check(q, &braid_vocab_role, "role");
	strbuf_addstr(q, ", case_id INTEGER REFERENCES cases(id),"
			 "  UNIQUE (doc_id, label), UNIQUE (doc_id, id));"
			 "INSERT INTO new_speakers SELECT id, doc_id, label, role, case_id FROM speakers;"
			 /*
			  * One index on turns, (doc_id, start_cp): a document's turns in order, and
			  * the turn at a position, in log time. Turn numbers (idx) follow the same
			  * order. Every further index on the biggest table costs ingest time.
			  */
			 "CREATE TABLE new_turns(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			 "  doc_id INTEGER NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,"
			 "  speaker_id INTEGER NOT NULL, start_cp INTEGER NOT NULL,"
			 "  end_cp INTEGER NOT NULL, start_ms INTEGER, end_ms INTEGER,"
			 "  words INTEGER NOT NULL, CHECK (start_cp <= end_cp),"
			 "  FOREIGN KEY (doc_id, speaker_id) REFERENCES speakers(doc_id, id));"
			 "INSERT INTO new_turns SELECT id, doc_id, idx, speaker_id, start_cp, end_cp,"
			 "  start_ms, end_ms, words FROM turns;"
			 "CREATE TABLE turn_texts(id INTEGER PRIMARY KEY REFERENCES turns(id),"
			 "  text TEXT NOT NULL);"
			 "CREATE TABLE new_codebooks(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			 "  name TEXT NOT NULL UNIQUE, version TEXT, description TEXT, source TEXT,"
			 "  imported TEXT NOT NULL DEFAULT " NOW_SQL ");"
			 "INSERT INTO new_codebooks SELECT * FROM codebooks;"
			 "CREATE TABLE new_codes(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			 "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ","
			 "  slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
			 "  parent_id INTEGER REFERENCES codes(id),"
			 "  codebook_id INTEGER REFERENCES codebooks(id), kind TEXT NOT NULL");
	check(q, &braid_vocab_code_kind, "kind");
	strbuf_addstr(q, ", domain TEXT, definition TEXT, include_text TEXT, exclude_text TEXT,"
			 "  color TEXT, scope TEXT NOT NULL DEFAULT 'sentence'");
	check(q, &braid_vocab_scope, "scope");
	strbuf_addstr(q, ", roles TEXT NOT NULL DEFAULT 'participant'");
	check(q, &braid_vocab_roles, "roles");
	strbuf_addstr(q, ", status TEXT NOT NULL DEFAULT 'active'");
	check(q, &braid_vocab_code_status, "status");
	strbuf_addstr(q, ", merged_into INTEGER REFERENCES codes(id),"
			 "  position INTEGER NOT NULL DEFAULT 0,"
			 "  created TEXT NOT NULL DEFAULT " NOW_SQL ","
			 "  created_by INTEGER REFERENCES coders(id), created_phase INTEGER);"
			 "INSERT INTO new_codes(id, slug, name, parent_id, codebook_id, kind, domain,"
			 "  definition, include_text, exclude_text, color, scope, roles, status,"
			 "  merged_into, position, created, created_by, created_phase)"
			 "  SELECT id, slug, name, parent_id, codebook_id, kind, domain, definition,"
			 "  include_text, exclude_text, color, scope, roles, status, merged_into,"
			 "  position, created, created_by, created_phase FROM codes;"
			 "CREATE TABLE new_code_examples(code_id INTEGER NOT NULL REFERENCES codes(id),"
			 "  position INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (code_id, position));"
			 "INSERT INTO new_code_examples SELECT * FROM code_examples;"
			 "CREATE TABLE new_code_patterns(code_id INTEGER NOT NULL REFERENCES codes(id),"
			 "  position INTEGER NOT NULL, pattern TEXT NOT NULL,"
			 "  PRIMARY KEY (code_id, position));"
			 "INSERT INTO new_code_patterns SELECT * FROM code_patterns;"
			 "CREATE TABLE new_codings(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			 "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ","
			 "  doc_id INTEGER NOT NULL, doc_rev INTEGER NOT NULL DEFAULT 1,"
			 "  start_cp INTEGER NOT NULL, end_cp INTEGER NOT NULL,"
			 "  code_id INTEGER NOT NULL REFERENCES codes(id),"
			 "  coder_id INTEGER NOT NULL REFERENCES coders(id),"
			 "  origin TEXT NOT NULL");
	check(q, &braid_vocab_origin, "origin");
	strbuf_addstr(q, ", status TEXT NOT NULL DEFAULT 'accepted'");
	check(q, &braid_vocab_status, "status");
	/* deferred: a replacement raises the revision and its codings' in one change */
	strbuf_addstr(q, ", memo TEXT, created TEXT NOT NULL DEFAULT " NOW_SQL ","
			 "  UNIQUE (doc_id, start_cp, end_cp, code_id, coder_id),"
			 "  CHECK (start_cp < end_cp),"
			 "  FOREIGN KEY (doc_id, doc_rev) REFERENCES documents(id, rev)"
			 "   DEFERRABLE INITIALLY DEFERRED);"
			 "INSERT INTO new_codings(id, doc_id, start_cp, end_cp, code_id, coder_id, origin,"
			 "  status, memo, created) SELECT id, doc_id, start_cp, end_cp, code_id,"
			 "  coder_id, origin, status, memo, created FROM codings;"
			 /* a memo names exactly what it is on: one reference, the one of its target */
			 "CREATE TABLE new_memos(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			 "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ", target TEXT NOT NULL");
	check(q, &braid_vocab_memo_target, "target");
	strbuf_addstr(q, ", doc_id INTEGER REFERENCES documents(id),"
			 "  code_id INTEGER REFERENCES codes(id),"
			 "  coding_id INTEGER REFERENCES codings(id),"
			 "  coder_id INTEGER NOT NULL REFERENCES coders(id),"
			 "  text TEXT NOT NULL, created TEXT NOT NULL DEFAULT " NOW_SQL ","
			 "  CHECK ((doc_id IS NOT NULL) + (code_id IS NOT NULL) + (coding_id IS NOT NULL)"
			 "   = (target != 'project')),"
			 "  CHECK (target != 'doc' OR doc_id IS NOT NULL),"
			 "  CHECK (target != 'code' OR code_id IS NOT NULL),"
			 "  CHECK (target != 'segment' OR coding_id IS NOT NULL));"
			 /* a memo whose coding was removed under schema 2 stays, on the project */
			 "INSERT INTO new_memos(id, target, doc_id, code_id, coding_id, coder_id, text,"
			 "  created) SELECT m.id,"
			 "  CASE WHEN coalesce(d.id, c.id, g.id) IS NULL THEN 'project' ELSE m.target END,"
			 "  d.id, c.id, g.id, m.coder_id,"
			 "  CASE WHEN m.target != 'project' AND coalesce(d.id, c.id, g.id) IS NULL"
			 "   THEN '[on ' || CASE m.target WHEN 'segment' THEN 'coding' ELSE m.target END"
			 "   || ' #' || m.target_id || ', since removed] ' || m.text ELSE m.text END,"
			 "  m.created FROM memos m"
			 "  LEFT JOIN documents d ON m.target = 'doc' AND d.id = m.target_id"
			 "  LEFT JOIN codes c ON m.target = 'code' AND c.id = m.target_id"
			 "  LEFT JOIN codings g ON m.target = 'segment' AND g.id = m.target_id;"
			 "CREATE TABLE new_audit(id INTEGER PRIMARY KEY,"
			 "  time TEXT NOT NULL DEFAULT " NOW_SQL ", coder TEXT, command TEXT NOT NULL,"
			 "  detail TEXT NOT NULL, phase INTEGER, kind TEXT NOT NULL DEFAULT 'do'");
	check(q, &braid_vocab_change_kind, "kind");
	strbuf_addstr(q, ", reverts INTEGER REFERENCES audit(id),"
			 "  undone INTEGER REFERENCES audit(id), change TEXT);"
			 "INSERT INTO new_audit(id, time, coder, command, detail)"
			 "  SELECT id, time, coder, command, detail FROM audit;");
	/* old tables out, new ones in */
	strbuf_addstr(q, "DROP TABLE memos; DROP TABLE codings; DROP TABLE code_patterns;"
			 "DROP TABLE code_examples; DROP TABLE codes; DROP TABLE codebooks;"
			 "DROP TABLE turns; DROP TABLE speakers; DROP TABLE documents;"
			 "DROP TABLE cases; DROP TABLE coders; DROP TABLE audit;");
	{
		static const char *const tables[] = {
			"coders", "cases",  "documents",     "speakers",      "turns", "codebooks",
			"codes",  "code_examples", "code_patterns", "codings", "memos", "audit",
		};

		for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
			strbuf_addf(q, "ALTER TABLE new_%s RENAME TO %s;", tables[i], tables[i]);
	}
	strbuf_addstr(
		q,
		"CREATE INDEX documents_hash ON documents(hash);"
		"CREATE INDEX documents_case ON documents(case_id);"
		"CREATE INDEX speakers_case ON speakers(case_id);"
		"CREATE INDEX turns_pos ON turns(doc_id, start_cp);"
		"CREATE INDEX codes_parent ON codes(parent_id);"
		"CREATE INDEX codes_codebook ON codes(codebook_id);"
		/* by code, then in document order: code ls --code C [--doc D], retrieve */
		"CREATE INDEX codings_code ON codings(code_id, doc_id, start_cp);"
		"CREATE INDEX codings_coder ON codings(coder_id);"
		"CREATE INDEX memos_doc ON memos(doc_id);"
		"CREATE INDEX memos_code ON memos(code_id);"
		"CREATE INDEX memos_coding ON memos(coding_id);"
		/*
		 * A change's chunks are written before its audit row (memory stays
		 * flat), so audit_id is not declared a foreign key: a deferred one
		 * would count as a violation inside sqlite3changeset_apply, which
		 * refuses to finish while any deferred violation is pending.
		 */
		"CREATE TABLE changes(id INTEGER PRIMARY KEY, audit_id INTEGER NOT NULL,"
		"  seq INTEGER NOT NULL, changeset BLOB NOT NULL, UNIQUE (audit_id, seq));"
		/*
		 * The search index: FTS5 over turn_texts (external content). It is
		 * derived data, kept by the code that writes turn_texts (fts.c), never
		 * recorded. Not by triggers: FTS5 flushes its pending index at every
		 * statement savepoint, and a trigger opens one per row, which made
		 * ingest five times slower (make bench). columnsize=0: braid orders
		 * hits by document and turn, never by bm25 rank.
		 */
		"CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turn_texts',"
		"  content_rowid='id', tokenize='braid', columnsize=0);");
}

/* Cuts each turn's utterance out of its schema-2 document text, one document at a time. */
static int split_turn_texts(struct braid_store *st, struct braid_err *err)
{
	sqlite3_stmt *docs = NULL, *turns = NULL, *ins = NULL;
	int rc;

	rc = db_prepare(st, "SELECT id, text FROM old_doc_text ORDER BY id", &docs, err);
	if (!rc)
		rc = db_prepare(st, "SELECT id, start_cp, end_cp FROM turns WHERE doc_id = ?"
				    " ORDER BY start_cp", &turns, err);
	if (!rc)
		rc = db_prepare(st, "INSERT INTO turn_texts(id, text) VALUES (?, ?)", &ins, err);
	while (!rc && (rc = db_one(st, docs, "cannot read a document", err)) == 1) {
		const char *text = (const char *)sqlite3_column_text(docs, 1);
		size_t len = (size_t)sqlite3_column_bytes(docs, 1), cp = 0, byte = 0;
		int one;

		rc = 0;
		sqlite3_bind_int64(turns, 1, sqlite3_column_int64(docs, 0));
		while (!rc && (one = db_one(st, turns, "cannot read a turn", err)) == 1) {
			size_t s = (size_t)sqlite3_column_int64(turns, 1);
			size_t e = (size_t)sqlite3_column_int64(turns, 2), b1;

			/* code points to bytes without rescanning from the start */
			if (s < cp)
				cp = byte = 0;
			byte += braid_cp_to_byte(text + byte, len - byte, s - cp);
			b1 = byte + braid_cp_to_byte(text + byte, len - byte, e - s);
			sqlite3_bind_int64(ins, 1, sqlite3_column_int64(turns, 0));
			sqlite3_bind_text(ins, 2, text + byte, (int)(b1 - byte), SQLITE_TRANSIENT);
			rc = db_done(st, ins, "cannot store a turn's text", err);
			byte = b1;
			cp = e;
		}
		if (!rc && one < 0)
			rc = one;
		sqlite3_reset(turns);
	}
	if (rc == 0 || rc == 1)
		rc = 0;
	sqlite3_finalize(docs);
	sqlite3_finalize(turns);
	sqlite3_finalize(ins);
	return rc;
}

struct removed_max {
	int64_t max;
};

static int scan_removed(sqlite3_stmt *s, void *ctx)
{
	struct removed_max *m = ctx;
	const char *p = db_col_text(s, 0);

	/* schema 2's "code rm" rows say "removed #N (...)" for every coding removed */
	while ((p = strstr(p, "removed #"))) {
		int64_t n = strtoll(p + 9, NULL, 10);

		if (n > m->max)
			m->max = n;
		p += 9;
	}
	return 0;
}

/*
 * Schema 2 gave a removed coding's id to the next one when it was the
 * highest. Start the counter past every coding the log says was removed,
 * so that none of those ids comes back.
 */
static int seed_coding_ids(struct braid_store *st, struct braid_err *err)
{
	struct removed_max m = { 0 };
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT detail FROM audit WHERE command = 'code rm'", &s, err)))
		return rc;
	rc = db_each(st, s, scan_removed, &m, "cannot read the audit log", err);
	sqlite3_finalize(s);
	if (rc || !m.max)
		return rc;
	rc = db_run_ids(st,
			"INSERT OR IGNORE INTO sqlite_sequence(name, seq) SELECT 'codings', 0"
			" WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'codings')",
			0, 0, "cannot seed the coding ids", err);
	if (!rc)
		rc = db_run_ids(st, "UPDATE sqlite_sequence SET seq = max(seq, ?1) WHERE name = 'codings'",
				m.max, 0, "cannot seed the coding ids", err);
	return rc;
}

static int migrate_3(struct braid_store *st, struct braid_err *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	/* the documents' texts wait in a scratch table until the turns are in place */
	rc = db_exec(st, "CREATE TABLE old_doc_text AS SELECT id, text FROM documents", err);
	if (!rc) {
		schema_3(&q);
		rc = db_exec(st, q.buf, err);
	}
	if (!rc)
		rc = split_turn_texts(st, err);
	if (!rc)
		rc = db_exec(st, "DROP TABLE old_doc_text;"
				 "INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')", err);
	if (!rc)
		rc = seed_coding_ids(st, err);
	strbuf_release(&q);
	return rc;
}

static int migrate_4(struct braid_store *st, struct braid_err *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_addstr(&q, "CREATE TABLE themes(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ","
			  "  slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
			  "  parent_id INTEGER REFERENCES themes(id),"
			  "  definition TEXT, scope TEXT, status TEXT NOT NULL DEFAULT 'candidate'");
	check(&q, &braid_vocab_theme_status, "status");
	strbuf_addstr(&q, ", why TEXT, merged_into INTEGER REFERENCES themes(id),"
			  "  reviewed_extracts TEXT, reviewed_dataset TEXT,"
			  "  position INTEGER NOT NULL DEFAULT 0,"
			  "  created TEXT NOT NULL DEFAULT " NOW_SQL ","
			  "  created_by INTEGER REFERENCES coders(id), created_phase INTEGER);"
			  "CREATE INDEX themes_parent ON themes(parent_id);"
			  "CREATE TABLE theme_codes(theme_id INTEGER NOT NULL REFERENCES themes(id),"
			  "  code_id INTEGER NOT NULL REFERENCES codes(id), PRIMARY KEY (theme_id, code_id));"
			  "CREATE INDEX theme_codes_code ON theme_codes(code_id);"
			  "CREATE TABLE quotes(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ","
			  "  theme_id INTEGER NOT NULL REFERENCES themes(id),"
			  "  coding_id INTEGER NOT NULL REFERENCES codings(id), note TEXT,"
			  "  created TEXT NOT NULL DEFAULT " NOW_SQL ","
			  "  created_by INTEGER REFERENCES coders(id), UNIQUE (theme_id, coding_id));"
			  "CREATE INDEX quotes_coding ON quotes(coding_id);"
			  "CREATE TABLE phases(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 6),"
			  "  move TEXT NOT NULL");
	check(&q, &braid_vocab_phase_move, "move");
	strbuf_addstr(&q, ", why TEXT, entered TEXT NOT NULL DEFAULT " NOW_SQL ","
			  "  entered_by TEXT, left TEXT);"
			  "CREATE TABLE reads(doc_id INTEGER NOT NULL REFERENCES documents(id),"
			  "  coder_id INTEGER NOT NULL REFERENCES coders(id),"
			  "  time TEXT NOT NULL DEFAULT " NOW_SQL ", PRIMARY KEY (doc_id, coder_id));"
			  "CREATE INDEX reads_coder ON reads(coder_id);"
			  "CREATE TABLE outputs(id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
			  "  format TEXT, path TEXT, created TEXT NOT NULL DEFAULT " NOW_SQL ","
			  "  created_by TEXT, phase INTEGER);"
			  "ALTER TABLE codings ADD COLUMN phase INTEGER;"
			  "CREATE TABLE new_memos(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ", target TEXT NOT NULL");
	check(&q, &braid_vocab_memo_target, "target");
	strbuf_addstr(&q, ", kind TEXT NOT NULL DEFAULT 'analytic'");
	check(&q, &braid_vocab_memo_kind, "kind");
	strbuf_addstr(&q, ", doc_id INTEGER REFERENCES documents(id),"
			  "  code_id INTEGER REFERENCES codes(id),"
			  "  coding_id INTEGER REFERENCES codings(id),"
			  "  theme_id INTEGER REFERENCES themes(id),"
			  "  coder_id INTEGER NOT NULL REFERENCES coders(id),"
			  "  text TEXT NOT NULL, created TEXT NOT NULL DEFAULT " NOW_SQL ", phase INTEGER,"
			  "  CHECK ((doc_id IS NOT NULL) + (code_id IS NOT NULL) + (coding_id IS NOT NULL)"
			  "   + (theme_id IS NOT NULL) = (target != 'project')),"
			  "  CHECK (target != 'doc' OR doc_id IS NOT NULL),"
			  "  CHECK (target != 'code' OR code_id IS NOT NULL),"
			  "  CHECK (target != 'segment' OR coding_id IS NOT NULL),"
			  "  CHECK (target != 'theme' OR theme_id IS NOT NULL));"
			  "INSERT INTO new_memos(id, guid, target, doc_id, code_id, coding_id, coder_id, text,"
			  "  created) SELECT id, guid, target, doc_id, code_id, coding_id, coder_id, text,"
			  "  created FROM memos;"
			  "DROP TABLE memos; ALTER TABLE new_memos RENAME TO memos;"
			  "CREATE INDEX memos_doc ON memos(doc_id);"
			  "CREATE INDEX memos_code ON memos(code_id);"
			  "CREATE INDEX memos_coding ON memos(coding_id);"
			  "CREATE INDEX memos_theme ON memos(theme_id);"
			  /* every project starts in phase 1, from its creation */
			  "INSERT INTO phases(phase, move, entered) VALUES (1, 'start', coalesce("
			  "  (SELECT value FROM project WHERE key = 'created'), " NOW_SQL "));"
			  "INSERT OR REPLACE INTO project(key, value) VALUES ('phase', '1');");
	rc = db_exec(st, q.buf, err);
	strbuf_release(&q);
	return rc;
}

/*
 * Survey data (survey.h). Sizes: 150 rows x 20 variables now, 10,000 x 200
 * (two million values) later. The matrix and triangulate commands read one
 * variable's values for every row (and its row's case): survey_values is
 * clustered by (var_id, row_id) (WITHOUT ROWID: the key is the table), so
 * that is one range of the table, no index and no sort. survey_values_row
 * serves one row's values (survey show) and the foreign key from a row
 * removed by a re-import (without it every removed row would scan the
 * values). A value keeps the text as written and, when it reads as a
 * number, the number; a missing value has no row. Levels of an ordinal or
 * categorical variable are a JSON array in their order (json_each reads
 * them in SQL). A survey id is unique ignoring ASCII case (NOCASE), since
 * it is matched against case names that way; a case has at most one row.
 */
static int migrate_5(struct braid_store *st, struct braid_err *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_addstr(&q, "CREATE TABLE survey_vars(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  name TEXT NOT NULL UNIQUE, position INTEGER NOT NULL,"
			  "  type TEXT NOT NULL");
	check(&q, &braid_vocab_survey_type, "type");
	strbuf_addstr(&q, ", levels TEXT CHECK (levels IS NULL OR json_type(levels) = 'array'),"
			  "  typed INTEGER NOT NULL DEFAULT 0 CHECK (typed IN (0, 1)),"
			  "  source TEXT, imported TEXT NOT NULL DEFAULT " NOW_SQL ");"
			  "CREATE TABLE survey_rows(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  survey_id TEXT NOT NULL UNIQUE COLLATE NOCASE, line INTEGER,"
			  "  case_id INTEGER REFERENCES cases(id), linked TEXT");
	check(&q, &braid_vocab_survey_link, "linked");
	strbuf_addstr(&q, ", CHECK ((case_id IS NULL) = (linked IS NULL)));"
			  "CREATE UNIQUE INDEX survey_rows_case ON survey_rows(case_id)"
			  "  WHERE case_id IS NOT NULL;"
			  "CREATE TABLE survey_values("
			  "  var_id INTEGER NOT NULL REFERENCES survey_vars(id),"
			  "  row_id INTEGER NOT NULL REFERENCES survey_rows(id),"
			  "  text TEXT NOT NULL, num REAL, PRIMARY KEY (var_id, row_id)) WITHOUT ROWID;"
			  "CREATE INDEX survey_values_row ON survey_values(row_id);");
	rc = db_exec(st, q.buf, err);
	strbuf_release(&q);
	return rc;
}

/*
 * Schema 6. survey_vars is rebuilt with the same ids (survey_values refer to
 * them; foreign keys are off during a rebuilding upgrade). A summary is the
 * researcher's few lines on what one case says about one theme (the
 * Framework Method's charting), at most one per case and theme.
 */
static int migrate_6(struct braid_store *st, struct braid_err *err)
{
	struct strbuf q = STRBUF_INIT;
	int rc;

	strbuf_addstr(&q, "CREATE TABLE new_survey_vars(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ","
			  "  name TEXT NOT NULL UNIQUE, position INTEGER NOT NULL,"
			  "  type TEXT NOT NULL");
	check(&q, &braid_vocab_survey_type, "type");
	strbuf_addstr(&q, ", levels TEXT CHECK (levels IS NULL OR json_type(levels) = 'array'),"
			  "  typed INTEGER NOT NULL DEFAULT 0 CHECK (typed IN (0, 1)),"
			  "  source TEXT, imported TEXT NOT NULL DEFAULT " NOW_SQL ");"
			  "INSERT INTO new_survey_vars(id, name, position, type, levels, typed, source,"
			  "  imported) SELECT id, name, position, type, levels, typed, source, imported"
			  "  FROM survey_vars ORDER BY id;"
			  "DROP TABLE survey_vars;"
			  "ALTER TABLE new_survey_vars RENAME TO survey_vars;"
			  "ALTER TABLE codings ADD COLUMN selection_guid TEXT;"
			  "CREATE TABLE summaries(id INTEGER PRIMARY KEY AUTOINCREMENT,"
			  "  guid TEXT NOT NULL UNIQUE DEFAULT " GUID_SQL ","
			  "  case_id INTEGER NOT NULL REFERENCES cases(id),"
			  "  theme_id INTEGER NOT NULL REFERENCES themes(id),"
			  "  text TEXT NOT NULL, created TEXT NOT NULL DEFAULT " NOW_SQL ","
			  "  created_by INTEGER REFERENCES coders(id), updated TEXT,"
			  "  UNIQUE (case_id, theme_id));"
			  "CREATE INDEX summaries_theme ON summaries(theme_id);");
	rc = db_exec(st, q.buf, err);
	strbuf_release(&q);
	return rc;
}

/* Runs the migrations from `from` up to BRAID_SCHEMA_VERSION, inside the caller's transaction. */
static int migrate(struct braid_store *st, int from, struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;

	for (int v = from; v < NMIGRATIONS && !rc; v++) {
		const struct migration *m = &migrations[v];

		if (m->sql)
			rc = db_exec(st, m->sql, err);
		if (!rc && m->fn)
			rc = m->fn(st, err);
		if (rc) {
			braid_err_prefix(err, "cannot upgrade project '%s' to schema %d", st->path, v + 1);
			break;
		}
		strbuf_reset(&sql);
		strbuf_addf(&sql, "PRAGMA user_version = %d", v + 1);
		rc = db_exec(st, sql.buf, err);
	}
	strbuf_release(&sql);
	return rc;
}

/* 1 when a step from `from` on rebuilds tables. */
static int needs_rebuild(int from)
{
	for (int v = from; v < NMIGRATIONS; v++)
		if (migrations[v].rebuild)
			return 1;
	return 0;
}

/* Refuses to commit a migration that broke a reference. */
static int check_foreign_keys(struct braid_store *st, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "PRAGMA foreign_key_check", &s, err)))
		return rc;
	rc = db_one(st, s, "cannot check references", err);
	if (rc == 1) {
		rc = braid_errorf(err, BRAID_EDB,
				  "the upgrade would leave row %lld of table '%s' referring to a "
				  "missing row of '%s'",
				  (long long)sqlite3_column_int64(s, 1), db_col_text(s, 0),
				  db_col_text(s, 2));
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The whole upgrade, one transaction: foreign keys off around it when a step rebuilds tables. */
static int set_meta(struct braid_store *st, const char *key, const char *value,
		    struct braid_err *err);

/* A new project's settings, in the transaction that creates its tables. */
static int init_meta(struct braid_store *st, const char *title, struct braid_err *err)
{
	int rc = set_meta(st, "format", "braid", err);

	if (!rc)
		rc = set_meta(st, "title", title ? title : "", err);
	if (!rc)
		rc = db_exec(st, "INSERT INTO project(key, value) VALUES ('created', " NOW_SQL ")", err);
	if (!rc)
		rc = set_meta(st, "created_by", "braid " BRAID_VERSION, err);
	return rc;
}

static int upgrade(struct braid_store *st, int from, const char *person, const char *detail,
		   const char *title, struct braid_err *err)
{
	int rebuild = needs_rebuild(from), rc = 0;
	sqlite3_stmt *s = NULL;

	/* PRAGMA foreign_keys is a no-op inside a transaction: set it first */
	if (rebuild)
		rc = db_exec(st, "PRAGMA foreign_keys = OFF", err);
	if (!rc && (rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
		rc = is_busy(rc) ? busy_error(st, err) : db_error(st, err, "cannot start the upgrade");
	if (rc)
		goto out;
	st->in_tx = 1;
	rc = migrate(st, from, err);
	if (!rc && !from)
		rc = init_meta(st, title, err);
	if (!rc && rebuild)
		rc = check_foreign_keys(st, err);
	if (!rc && detail && !(rc = db_prepare(st,
					       "INSERT INTO audit(coder, command, detail) VALUES (?, ?, ?)",
					       &s, err))) {
		db_bind_text(s, 1, person, -1);
		db_bind_text(s, 2, from ? "upgrade" : "init", -1);
		db_bind_text(s, 3, detail, -1);
		rc = db_done(st, s, "cannot write the audit log", err);
		sqlite3_finalize(s);
	}
	if (!rc && (rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
		rc = is_busy(rc) ? busy_error(st, err) : db_error(st, err, "cannot commit the upgrade");
	if (rc)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
out:
	if (rebuild) {
		struct braid_err ignore = BRAID_ERR_INIT;

		db_exec(st, "PRAGMA foreign_keys = ON", rc ? &ignore : err);
	}
	return rc;
}

/* ---- opening ---- */

static int set_meta(struct braid_store *st, const char *key, const char *value,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "INSERT OR REPLACE INTO project(key, value) VALUES (?, ?)", &s, err)))
		return rc;
	db_bind_text(s, 1, key, -1);
	db_bind_text(s, 2, value, -1);
	rc = db_done(st, s, "cannot write project settings", err);
	sqlite3_finalize(s);
	return rc;
}

char *braid_store_meta(struct braid_store *st, const char *key)
{
	sqlite3_stmt *s;
	char *v = NULL;

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM project WHERE key = ?", -1, &s, NULL))
		return NULL;
	db_bind_text(s, 1, key, -1);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = xstrdup(db_col_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

/* SQL braid_fold(x): x case-folded (Unicode), for matching people's names in queries. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct strbuf out = STRBUF_INIT;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	braid_text_fold((const char *)sqlite3_value_text(argv[0]),
			(size_t)sqlite3_value_bytes(argv[0]), &out);
	sqlite3_result_text(ctx, out.buf, (int)out.len, SQLITE_TRANSIENT);
	strbuf_release(&out);
}

static int connect(const char *path, int flags, const struct braid_store_opts *o,
		   struct braid_store **out, struct braid_err *err)
{
	struct braid_store *st = xcalloc(1, sizeof(*st));
	int rc;

	st->path = xstrdup(path);
	st->busy_ms = o && o->busy_ms > 0 ? o->busy_ms : 5000;
	st->no_history = o && o->no_history;
	strbuf_init(&st->ch.notes, 0);
	rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = braid_errorf(err, BRAID_EIO, "cannot open project '%s': %s", path,
				  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		braid_store_close(st);
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, st->busy_ms);
	sqlite3_create_function(st->db, "braid_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				sql_fold, NULL, NULL);
	/* the search index's tokenizer (tokenizer.h), before anything reads or migrates the index */
	if (braid_tokenizer_register(st->db) != SQLITE_OK) {
		rc = braid_errorf(err, BRAID_EDB, "cannot open project '%s': cannot set up the search "
				  "index's tokenizer: %s", path, sqlite3_errmsg(st->db));
		braid_store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* Connection settings every session needs; WAL is a property of the file. */
static int configure(struct braid_store *st, int readonly, struct braid_err *err)
{
	int rc = db_exec(st,
			 "PRAGMA foreign_keys = ON;"
			 "PRAGMA synchronous = NORMAL;"
			 /* SQLite's default page cache: ingest streams, and a larger cache
			  * only cost page faults and memory that grew with the corpus (make bench) */
			 "PRAGMA cache_size = -2000;"
			 "PRAGMA temp_store = MEMORY;",
			 err);

	if (!rc && !readonly)
		rc = db_exec(st, "PRAGMA journal_mode = WAL", err);
	return rc;
}

int braid_store_create(const char *path, const char *title, const char *person,
		       const struct braid_store_opts *o, struct braid_store **out,
		       struct braid_err *err)
{
	struct braid_store *st;
	struct strbuf detail = STRBUF_INIT;
	struct stat sb;
	int rc;

	if (stat(path, &sb) == 0)
		return braid_errorf(err, BRAID_EEXIST, "cannot create project '%s': file exists", path);
	rc = connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, o, &st, err);
	if (rc)
		return rc;
	rc = configure(st, 0, err);
	strbuf_addf(&detail, "created project '%s'%s%s", path, title && *title ? " titled " : "",
		    title && *title ? title : "");
	if (!rc)
		rc = upgrade(st, 0, person, detail.buf, title, err);
	strbuf_release(&detail);
	if (rc) {
		braid_store_close(st);
		unlink(path);
		return rc;
	}
	*out = st;
	return 0;
}

static int is_braid_project(struct braid_store *st)
{
	char *fmt = braid_store_meta(st, "format");
	int ok = fmt && !strcmp(fmt, "braid");

	free(fmt);
	return ok;
}

int braid_store_open(const char *path, const struct braid_store_opts *o, struct braid_store **out,
		     struct braid_err *err)
{
	struct braid_store *st;
	int readonly = o && o->readonly, version = 0, rc;
	struct stat sb;

	if (stat(path, &sb) != 0)
		return braid_errorf(err, BRAID_ENOTFOUND, "cannot open project '%s': %s", path,
				    strerror(errno));
	rc = connect(path, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, o, &st, err);
	if (rc)
		return rc;
	rc = configure(st, readonly, err);
	if (!rc)
		rc = get_version(st, &version, err);
	if (rc) {
		if (err && err->code == BRAID_EDB && strstr(err->msg, "not a database"))
			braid_errorf(err, BRAID_EINVAL, "'%s' is not a braid project", path);
		braid_store_close(st);
		return err ? err->code : rc;
	}
	if (version == 0 || !is_braid_project(st)) {
		braid_store_close(st);
		return braid_errorf(err, BRAID_EINVAL, "'%s' is not a braid project", path);
	}
	if (version > BRAID_SCHEMA_VERSION) {
		braid_store_close(st);
		return braid_errorf(err, BRAID_EVERSION,
				    "project '%s' was made by a newer braid (schema %d; this braid "
				    "reads schema %d and older): upgrade braid to open it",
				    path, version, BRAID_SCHEMA_VERSION);
	}
	if (version < BRAID_SCHEMA_VERSION) {
		struct strbuf detail = STRBUF_INIT;

		if (readonly) {
			braid_store_close(st);
			return braid_errorf(err, BRAID_EVERSION,
					    "project '%s' has schema %d and needs an upgrade to %d: "
					    "open it for writing once",
					    path, version, BRAID_SCHEMA_VERSION);
		}
		strbuf_addf(&detail, "schema %d -> %d", version, BRAID_SCHEMA_VERSION);
		rc = upgrade(st, version, NULL, detail.buf, NULL, err);
		strbuf_release(&detail);
		if (rc) {
			braid_store_close(st);
			return rc;
		}
	}
	*out = st;
	return 0;
}

static void change_reset(struct change *ch);

void braid_store_close(struct braid_store *st)
{
	if (!st)
		return;
	if (st->db) {
		braid_store_rollback(st);
		for (int i = 0; i < 2; i++) {
			sqlite3_finalize(st->named_get[i]);
			sqlite3_finalize(st->named_ins[i]);
		}
		sqlite3_close_v2(st->db);
	}
	change_reset(&st->ch);
	strbuf_release(&st->ch.notes);
	free(st->blind_name);
	free(st->path);
	free(st);
}

sqlite3 *braid_store_db(struct braid_store *st)
{
	return st->db;
}

const char *braid_store_path(const struct braid_store *st)
{
	return st->path;
}

int braid_store_schema_version(struct braid_store *st)
{
	int v = 0;

	get_version(st, &v, NULL);
	return v;
}

/* ---- the change record ---- */

/* What a session records: every table but the log itself and the search index. */
static int record_table(void *ctx, const char *table)
{
	return strcmp(table, "audit") && strcmp(table, "changes") && strncmp(table, "turns_fts", 9) &&
	       strncmp(table, "sqlite_", 7);
}

static int session_start(struct braid_store *st, struct braid_err *err)
{
	struct change *ch = &st->ch;
	int rc;

	if (st->no_history)
		return 0;
	rc = sqlite3session_create(st->db, "main", &ch->sess);
	if (rc == SQLITE_OK) {
		sqlite3session_table_filter(ch->sess, record_table, NULL);
		rc = sqlite3session_attach(ch->sess, NULL);
	}
	if (rc != SQLITE_OK) {
		if (ch->sess)
			sqlite3session_delete(ch->sess);
		ch->sess = NULL;
		return braid_errorf(err, BRAID_EDB, "cannot record changes: %s", sqlite3_errstr(rc));
	}
	return 0;
}

static void change_reset(struct change *ch)
{
	if (ch->sess)
		sqlite3session_delete(ch->sess);
	ch->sess = NULL;
	for (size_t i = 0; i < ch->nt; i++)
		free(ch->t[i].table);
	free(ch->t);
	ch->t = NULL;
	ch->nt = ch->t_alloc = 0;
	free(ch->person);
	free(ch->command);
	ch->person = ch->command = NULL;
	strbuf_reset(&ch->notes);
	ch->nnotes = ch->omitted = 0;
	ch->seq = 0;
	ch->pending = 0;
	ch->open = 0;
}

static struct tally *tally_of(struct change *ch, const char *table)
{
	for (size_t i = 0; i < ch->nt; i++)
		if (!strcmp(ch->t[i].table, table))
			return &ch->t[i];
	ALLOC_GROW(ch->t, ch->nt + 1, ch->t_alloc);
	ch->t[ch->nt] = (struct tally){ .table = xstrdup(table) };
	return &ch->t[ch->nt++];
}

/* Counts the rows of a changeset per table and operation. */
static int tally_changeset(struct change *ch, int n, void *buf)
{
	sqlite3_changeset_iter *it;
	int rc = sqlite3changeset_start(&it, n, buf);

	while (rc == SQLITE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *table;
		int ncol, op, indirect;
		struct tally *t;

		sqlite3changeset_op(it, &table, &ncol, &op, &indirect);
		t = tally_of(ch, table);
		if (op == SQLITE_INSERT)
			t->ins++;
		else if (op == SQLITE_UPDATE)
			t->upd++;
		else
			t->del++;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3changeset_finalize(it);
	return rc;
}

/*
 * Writes the session's changes as the next chunk of the change. Building a
 * changeset opens a savepoint, and FTS5 flushes its pending index at every
 * savepoint: a chunk per ingested file made ingest three times slower than
 * a chunk per SESSION_MAX bytes of session memory (make bench).
 */
static int checkpoint(struct braid_store *st, int force, struct braid_err *err)
{
	struct change *ch = &st->ch;
	sqlite3_stmt *s;
	void *buf = NULL;
	int n = 0, rc;

	if (!ch->open || !ch->sess)
		return 0;
	if (sqlite3session_isempty(ch->sess))
		return 0;
	/* the session holds keys; the changeset will hold the values too */
	if (!force && (size_t)sqlite3session_memory_used(ch->sess) + ch->pending < SESSION_MAX)
		return 0;
	ch->pending = 0;
	rc = sqlite3session_changeset(ch->sess, &n, &buf);
	if (rc == SQLITE_OK && n > 0)
		rc = tally_changeset(ch, n, buf);
	if (rc != SQLITE_OK) {
		sqlite3_free(buf);
		return braid_errorf(err, BRAID_EDB, "cannot record the change: %s", sqlite3_errstr(rc));
	}
	if (n > 0) {
		rc = db_prepare(st, "INSERT INTO changes(audit_id, seq, changeset) VALUES (?, ?, ?)", &s,
				err);
		if (!rc) {
			sqlite3_bind_int64(s, 1, ch->audit_id);
			sqlite3_bind_int64(s, 2, ++ch->seq);
			sqlite3_bind_blob(s, 3, buf, n, SQLITE_STATIC);
			rc = db_done(st, s, "cannot record the change", err);
			sqlite3_finalize(s);
		}
	}
	sqlite3_free(buf);
	if (rc)
		return rc;
	/* a fresh session: memory stays at one chunk's rows */
	sqlite3session_delete(ch->sess);
	ch->sess = NULL;
	return session_start(st, err);
}

int braid_change_split(struct braid_store *st, struct braid_err *err)
{
	return checkpoint(st, 1, err);
}

int braid_change_checkpoint(struct braid_store *st, size_t bytes, struct braid_err *err)
{
	st->ch.pending += bytes;
	return checkpoint(st, 0, err);
}

/* The id the next audit row gets (the write lock is held, so nobody else takes it). */
static int next_audit_id(struct braid_store *st, int64_t *id, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = db_prepare(st, "SELECT coalesce(max(id), 0) + 1 FROM audit", &s, err)))
		return rc;
	rc = db_one(st, s, "cannot read the audit log", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/*
 * Creates (on) or drops the views of blind coding (store.h). Temporary
 * objects live in the connection's temp schema: nothing is written to the
 * project, and the session of a change (attached to main) never sees them.
 */
static int blind_views(struct braid_store *st, int on, struct braid_err *err)
{
	static const char *const drop = "DROP VIEW IF EXISTS temp.codings;"
					"DROP VIEW IF EXISTS temp.memos;"
					"DROP VIEW IF EXISTS temp.quotes;"
					"DROP VIEW IF EXISTS temp.audit;";
	char *sql;
	int rc;

	if (on == st->blind_on)
		return 0;
	if (!on) {
		rc = sqlite3_exec(st->db, drop, NULL, NULL, NULL);
		st->blind_on = 0;
		return rc == SQLITE_OK ? 0 : db_error(st, err, "cannot lift blind coding");
	}
	/*
	 * "+coder_id": not through codings_coder. Without it SQLite took that
	 * index for every query under the view, e.g. a count per code walked
	 * all the coder's codings once per code (codebook show --counts 0.25 s
	 * -> 0.57 s on 76,000 codings); with it each query keeps the index it
	 * has unblind, and the coder is one more test per row.
	 */
	sql = sqlite3_mprintf(
		"CREATE TEMP VIEW codings AS SELECT * FROM main.codings WHERE +coder_id = %lld;"
		"CREATE TEMP VIEW memos AS SELECT * FROM main.memos WHERE coding_id IS NULL"
		"  OR coding_id IN (SELECT id FROM main.codings WHERE coder_id = %lld);"
		"CREATE TEMP VIEW quotes AS SELECT * FROM main.quotes WHERE coding_id IN"
		"  (SELECT id FROM main.codings WHERE coder_id = %lld);"
		"CREATE TEMP VIEW audit AS SELECT * FROM main.audit WHERE coder = %Q;",
		(long long)st->blind_id, (long long)st->blind_id, (long long)st->blind_id,
		st->blind_name);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		rc = db_error(st, err, "cannot start blind coding");
		sqlite3_exec(st->db, drop, NULL, NULL, NULL);
		return rc;
	}
	st->blind_on = 1;
	return 0;
}

int braid_store_set_blind(struct braid_store *st, const char *coder, struct braid_err *err)
{
	int64_t id = 0;
	int rc;

	if (st->in_tx)
		return braid_errorf(err, BRAID_EINVAL,
				    "blind coding cannot change inside a change");
	if ((rc = blind_views(st, 0, err)))
		return rc;
	free(st->blind_name);
	st->blind_name = NULL;
	st->blind = 0;
	if (!coder)
		return 0;
	rc = braid_store_coder(st, coder, 0, &id, err);
	if (rc == BRAID_ENOTFOUND) {
		braid_err_clear(err);
		id = 0; /* no codings yet: nothing to see */
	} else if (rc) {
		return rc;
	}
	st->blind_id = id;
	st->blind_name = braid_store_coder_name(st, coder);
	st->blind = 1;
	return blind_views(st, 1, err);
}

int64_t braid_store_blind(const struct braid_store *st)
{
	return st->blind ? st->blind_id : -1;
}

int braid_store_begin(struct braid_store *st, const char *person, const char *command,
		      struct braid_err *err)
{
	struct change *ch = &st->ch;
	char *phase;
	int rc;

	if (st->in_tx)
		return braid_errorf(err, BRAID_EINVAL, "a transaction is already open");
	if ((rc = blind_views(st, 0, err)))
		return rc;
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (is_busy(rc))
		return busy_error(st, err);
	if (rc != SQLITE_OK) {
		rc = db_error(st, err, "cannot start a transaction");
		blind_views(st, st->blind, NULL);
		return rc;
	}
	st->in_tx = 1;
	change_reset(ch);
	/* "Ana" who coded as "ana" before is ana: her log rows, her undo history */
	ch->person = braid_store_coder_name(st, person);
	ch->command = xstrdup(command ? command : "?");
	phase = braid_store_meta(st, "phase");
	ch->phase = phase ? atoll(phase) : 0;
	free(phase);
	rc = next_audit_id(st, &ch->audit_id, err);
	if (!rc)
		rc = session_start(st, err);
	if (rc) {
		braid_store_rollback(st);
		return rc;
	}
	ch->open = 1;
	return 0;
}

int braid_store_phase(const struct braid_store *st)
{
	return st->ch.open ? (int)st->ch.phase : 0;
}

int braid_store_in_change(const struct braid_store *st)
{
	return st->ch.open;
}

const char *braid_store_person(const struct braid_store *st)
{
	return st->ch.open ? st->ch.person : NULL;
}

int store_records(const struct braid_store *st)
{
	return !st->no_history;
}

const char *braid_change_text(const struct braid_store *st)
{
	return st->ch.open ? st->ch.notes.buf : "";
}

void braid_change_vnote(struct braid_store *st, const char *fmt, va_list ap)
{
	struct change *ch = &st->ch;

	if (!ch->open)
		return;
	if (ch->notes.len >= NOTES_MAX) {
		ch->omitted++;
		return;
	}
	if (ch->notes.len)
		strbuf_addstr(&ch->notes, "; ");
	strbuf_vaddf(&ch->notes, fmt, ap);
	ch->nnotes++;
}

void braid_change_note(struct braid_store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	braid_change_vnote(st, fmt, ap);
	va_end(ap);
}

/* The structured summary: {"codings":{"added":3,"changed":0,"removed":1},...}. */
static void change_json(const struct change *ch, struct strbuf *out)
{
	strbuf_addch(out, '{');
	for (size_t i = 0; i < ch->nt; i++)
		strbuf_addf(out, "%s\"%s\":{\"added\":%lld,\"changed\":%lld,\"removed\":%lld}",
			    i ? "," : "", ch->t[i].table, (long long)ch->t[i].ins,
			    (long long)ch->t[i].upd, (long long)ch->t[i].del);
	strbuf_addch(out, '}');
}

/* A sentence from the counts, when the command left no notes: "2 codings added". */
static void change_sentence(const struct change *ch, struct strbuf *out)
{
	static const char *const verbs[] = { "added", "changed", "removed" };

	for (size_t i = 0; i < ch->nt; i++) {
		int64_t n[3] = { ch->t[i].ins, ch->t[i].upd, ch->t[i].del };

		for (int k = 0; k < 3; k++)
			if (n[k])
				strbuf_addf(out, "%s%lld %s%s %s", out->len ? ", " : "",
					    (long long)n[k], db_table_singular(ch->t[i].table),
					    n[k] == 1 ? "" : "s", verbs[k]);
	}
}

static int64_t change_rows(const struct change *ch)
{
	int64_t n = 0;

	for (size_t i = 0; i < ch->nt; i++)
		n += ch->t[i].ins + ch->t[i].upd + ch->t[i].del;
	return n;
}

int store_change_flush(struct braid_store *st, enum braid_change_kind kind, int64_t reverts,
		       int64_t *id, struct braid_err *err)
{
	struct change *ch = &st->ch;
	struct strbuf detail = STRBUF_INIT, json = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	if (id)
		*id = 0;
	if (!ch->open)
		return 0;
	rc = checkpoint(st, 1, err);
	/* a change that changed nothing leaves no trace (a recording store knows) */
	if (rc || (!st->no_history && !change_rows(ch)))
		goto out;
	strbuf_addbuf(&detail, &ch->notes);
	if (ch->omitted)
		strbuf_addf(&detail, "; and %zu more", ch->omitted);
	if (!detail.len)
		change_sentence(ch, &detail);
	change_json(ch, &json);
	rc = db_prepare(st,
			"INSERT INTO audit(id, coder, command, detail, phase, kind, reverts, change)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			&s, err);
	if (rc)
		goto out;
	sqlite3_bind_int64(s, 1, ch->audit_id);
	db_bind_text(s, 2, ch->person, -1);
	db_bind_text(s, 3, ch->command, -1);
	db_bind_text(s, 4, detail.buf, -1);
	if (ch->phase)
		sqlite3_bind_int64(s, 5, ch->phase);
	db_bind_text(s, 6, braid_vocab_name(&braid_vocab_change_kind, (int)kind), -1);
	if (reverts)
		sqlite3_bind_int64(s, 7, reverts);
	db_bind_text(s, 8, st->no_history ? NULL : json.buf, -1);
	rc = db_done(st, s, "cannot write the audit log", err);
	if (!rc && reverts)
		rc = db_run_ids(st, "UPDATE audit SET undone = ?2 WHERE id = ?1", reverts,
				ch->audit_id, "cannot write the audit log", err);
	if (!rc && id)
		*id = ch->audit_id;
	if (!rc)
		ch->audit_id++;
out:
	sqlite3_finalize(s);
	strbuf_release(&detail);
	strbuf_release(&json);
	if (!rc) {
		/* the next change of this transaction starts from nothing */
		for (size_t i = 0; i < ch->nt; i++)
			free(ch->t[i].table);
		ch->nt = 0;
		strbuf_reset(&ch->notes);
		ch->nnotes = ch->omitted = 0;
		ch->seq = 0;
	}
	return rc;
}

int braid_store_commit(struct braid_store *st, struct braid_err *err)
{
	int rc;

	if (!st->in_tx)
		return 0;
	rc = store_change_flush(st, BRAID_CHANGE_DO, 0, NULL, err);
	if (rc) {
		braid_store_rollback(st);
		return rc;
	}
	change_reset(&st->ch);
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int code = is_busy(rc) ? busy_error(st, err) : db_error(st, err, "cannot commit");

		braid_store_rollback(st);
		return code;
	}
	st->in_tx = 0;
	return blind_views(st, st->blind, err);
}

void braid_store_rollback(struct braid_store *st)
{
	change_reset(&st->ch);
	if (st->in_tx || !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
	blind_views(st, st->blind, NULL);
}

/* ---- coders and cases ---- */

struct fold_match {
	struct strbuf want, got;
	int64_t id;
	char *name;
};

static int fold_row(sqlite3_stmt *s, void *ctx)
{
	struct fold_match *m = ctx;

	strbuf_reset(&m->got);
	braid_text_fold(db_col_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &m->got);
	if (m->got.len != m->want.len || memcmp(m->got.buf, m->want.buf, m->want.len))
		return 0;
	m->id = sqlite3_column_int64(s, 0);
	m->name = xstrdup(db_col_text(s, 1));
	return 1;
}

/*
 * The coder whose name equals `name` but for case (Unicode case folding:
 * "Ana" is "ana", "АНА" is "ана"): 1 with its id and stored name (*found,
 * to free), 0 when there is none, or an error.
 */
static int coder_folded(struct braid_store *st, const char *name, int64_t *id, char **found,
			struct braid_err *err)
{
	struct fold_match m = { STRBUF_INIT, STRBUF_INIT, 0, NULL };
	sqlite3_stmt *s;
	int rc;

	braid_text_fold(name, strlen(name), &m.want);
	rc = db_prepare(st, "SELECT id, name FROM coders ORDER BY id", &s, err);
	if (!rc) {
		rc = db_each(st, s, fold_row, &m, "cannot look up a coder", err);
		sqlite3_finalize(s);
	}
	strbuf_release(&m.want);
	strbuf_release(&m.got);
	if (rc == 1) {
		if (id)
			*id = m.id;
		if (found)
			*found = m.name;
		else
			free(m.name);
	}
	return rc;
}

char *braid_store_coder_name(struct braid_store *st, const char *name)
{
	char *found = NULL;
	sqlite3_stmt *s;

	if (!name)
		return NULL;
	if (coder_folded(st, name, NULL, &found, NULL) == 1)
		return found;
	/* someone who made changes without ever coding: as the log has them */
	if (sqlite3_prepare_v2(st->db,
			       "SELECT coder FROM audit WHERE braid_fold(coder) = braid_fold(?)"
			       " ORDER BY id DESC LIMIT 1",
			       -1, &s, NULL) == SQLITE_OK) {
		db_bind_text(s, 1, name, -1);
		if (sqlite3_step(s) == SQLITE_ROW)
			found = xstrdup(db_col_text(s, 0));
		sqlite3_finalize(s);
	}
	return found ? found : xstrdup(name);
}

/* Looks up name in a (id, name) table, inserting it when create is set. */
static int named_row(struct braid_store *st, const char *table, const char *name, int create,
		     int64_t *id, struct braid_err *err)
{
	int k = !strcmp(table, "cases");
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc = 0;

	if (!st->named_get[k]) {
		strbuf_addf(&sql, "SELECT id FROM %s WHERE name = ?", table);
		rc = db_prepare(st, sql.buf, &st->named_get[k], err);
		if (rc)
			goto out;
	}
	s = st->named_get[k];
	db_bind_text(s, 1, name, -1);
	rc = db_one(st, s, "cannot look up a name", err);
	if (rc == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == 0 && !k)
		rc = coder_folded(st, name, id, NULL, err); /* coders are one person whatever the case */
	if (rc == 1) {
		rc = 0;
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!create) {
		rc = db_not_found(st, err, k ? "case" : "coder", name,
				  k ? "SELECT name FROM cases" : "SELECT name FROM coders");
		goto out;
	}
	if (!st->named_ins[k]) {
		strbuf_reset(&sql);
		strbuf_addf(&sql, "INSERT INTO %s(name) VALUES (?)", table);
		rc = db_prepare(st, sql.buf, &st->named_ins[k], err);
		if (rc)
			goto out;
	}
	s = st->named_ins[k];
	db_bind_text(s, 1, name, -1);
	rc = db_done(st, s, "cannot add a row", err);
	if (!rc) {
		*id = sqlite3_last_insert_rowid(st->db);
		braid_change_note(st, "new %s '%s'", k ? "case" : "coder", name);
	}
out:
	strbuf_release(&sql);
	return rc;
}

int braid_store_coder(struct braid_store *st, const char *name, int create, int64_t *id,
		      struct braid_err *err)
{
	return named_row(st, "coders", name, create, id, err);
}

int braid_store_case(struct braid_store *st, const char *name, int create, int64_t *id,
		     struct braid_err *err)
{
	return named_row(st, "cases", name, create, id, err);
}

/*
 * A UUID of version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then
 * a 12-bit counter (RFC 9562's method 1, started at a random value each
 * millisecond) and 62 random bits. GUIDs made in one run sort by time, so a
 * bulk insert adds to the right end of a table's guid index instead of at
 * random places in it: on autocode's 250,000 codings the random version-4
 * defaults of the schema (GUID_SQL) cost a page cache miss per row.
 */
void braid_store_guid(char out[37])
{
	static uint64_t last_ms;
	static unsigned counter;
	unsigned char r[10];
	uint64_t ms, v = 0;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	sqlite3_randomness(sizeof(r), r);
	for (int i = 2; i < 10; i++)
		v = v << 8 | r[i];
	if (ms > last_ms) {
		last_ms = ms;
		counter = ((unsigned)r[0] << 8 | r[1]) & 0x7ff; /* leaves room to count up */
	} else if (++counter > 0xfff) { /* 4,096 in one millisecond: borrow the next one */
		last_ms++;
		counter = 0;
	}
	ms = last_ms;
	/* time (48 bits), version 7, counter (12), variant 10, random (62) */
	snprintf(out, 37, "%08x-%04x-7%03x-%x%03x-%012llx", (unsigned)(ms >> 16),
		 (unsigned)(ms & 0xffff), counter, (unsigned)(0x8 | v >> 62),
		 (unsigned)(v >> 50 & 0xfff), (unsigned long long)(v & 0xffffffffffffULL));
}
