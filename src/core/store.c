/* store.c - the project file: schema, migrations, transactions, audit (see store.h). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "braid/alloc.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "db.h"

struct braid_store {
	sqlite3 *db;
	char *path;
	int busy_ms;
	int in_tx;
};

#define NOW_SQL "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"

/*
 * migrations[i] takes a project from schema version i to i + 1. Append new
 * steps; never edit a released one. Later modules (codes, codings, themes,
 * memos, survey) add their tables here as further steps.
 */
static const char *const migrations[] = {
	/*
	 * 0 -> 1: documents, speakers, turns, cases, coders, search index, audit.
	 * Turns are found through (doc_id, idx); there is deliberately no index on
	 * speaker_id: queries by speaker go through the document, and a second
	 * index cost ingest a tenth of its time (make bench).
	 */
	"CREATE TABLE project(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
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
	/* columnsize=0: braid orders hits by document and turn, never by bm25 rank */
	"CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turn_text', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2', columnsize=0);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, time TEXT NOT NULL DEFAULT " NOW_SQL ","
	"  coder TEXT, command TEXT NOT NULL, detail TEXT NOT NULL);",

	/* 1 -> 2: codebooks, codes (a tree), their rules, codings, memos. */
	"CREATE TABLE codebooks(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
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
	/* OR chains, not IN lists: SQLite 3.40 builds two temporary b-trees per
	 * inserted row for CHECK (x IN (...)), a fifth of an autocode run */
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
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

_Static_assert(NMIGRATIONS == BRAID_SCHEMA_VERSION, "one migration per schema version");

int db_error(struct braid_store *st, struct braid_err *err, const char *what)
{
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

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = braid_errorf(err, BRAID_EDB, "%s", msg ? msg : sqlite3_errmsg(st->db));

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

static int get_version(struct braid_store *st, int *version, struct braid_err *err)
{
	sqlite3_stmt *s;

	if (db_prepare(st, "PRAGMA user_version", &s, err))
		return err ? err->code : BRAID_EDB;
	*version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

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

int braid_store_begin(struct braid_store *st, struct braid_err *err)
{
	int rc;

	if (st->in_tx)
		return braid_errorf(err, BRAID_EINVAL, "a transaction is already open");
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (is_busy(rc))
		return busy_error(st, err);
	if (rc != SQLITE_OK)
		return db_error(st, err, "cannot start a transaction");
	st->in_tx = 1;
	return 0;
}

int braid_store_commit(struct braid_store *st, struct braid_err *err)
{
	int rc;

	if (!st->in_tx)
		return 0;
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int code = is_busy(rc) ? busy_error(st, err) : db_error(st, err, "cannot commit");

		braid_store_rollback(st);
		return code;
	}
	st->in_tx = 0;
	return 0;
}

void braid_store_rollback(struct braid_store *st)
{
	if (st->in_tx || !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

static int set_meta(struct braid_store *st, const char *key, const char *value,
		    struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st, "INSERT OR REPLACE INTO project(key, value) VALUES (?, ?)", &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, key, -1);
	db_bind_text(s, 2, value, -1);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "cannot write project settings");
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

/* Runs the migrations from `from` up to BRAID_SCHEMA_VERSION, inside the caller's transaction. */
static int migrate(struct braid_store *st, int from, struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;

	for (int v = from; v < NMIGRATIONS && !rc; v++) {
		rc = db_exec(st, migrations[v], err);
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

static int connect(const char *path, int flags, const struct braid_store_opts *o,
		   struct braid_store **out, struct braid_err *err)
{
	struct braid_store *st = xcalloc(1, sizeof(*st));
	int rc;

	st->path = xstrdup(path);
	st->busy_ms = o && o->busy_ms > 0 ? o->busy_ms : 5000;
	rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = braid_errorf(err, BRAID_EIO, "cannot open project '%s': %s", path,
				  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		braid_store_close(st);
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, st->busy_ms);
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
	if (rc && is_busy(sqlite3_errcode(st->db)))
		return busy_error(st, err);
	return rc;
}

int braid_store_create(const char *path, const char *title, const struct braid_store_opts *o,
		       struct braid_store **out, struct braid_err *err)
{
	struct braid_store *st;
	struct stat sb;
	int rc;

	if (stat(path, &sb) == 0)
		return braid_errorf(err, BRAID_EEXIST, "cannot create project '%s': file exists", path);
	rc = connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, o, &st, err);
	if (rc)
		return rc;
	rc = configure(st, 0, err);
	if (!rc)
		rc = braid_store_begin(st, err);
	if (!rc)
		rc = migrate(st, 0, err);
	if (!rc)
		rc = set_meta(st, "format", "braid", err);
	if (!rc)
		rc = set_meta(st, "title", title ? title : "", err);
	if (!rc)
		rc = db_exec(st, "INSERT INTO project(key, value) VALUES ('created', " NOW_SQL ")", err);
	if (!rc)
		rc = set_meta(st, "created_by", "braid " BRAID_VERSION, err);
	if (!rc)
		rc = braid_store_commit(st, err);
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
		rc = braid_store_begin(st, err);
		if (!rc)
			rc = migrate(st, version, err);
		if (!rc)
			rc = braid_store_audit(st, NULL, "upgrade", detail.buf, err);
		if (!rc)
			rc = braid_store_commit(st, err);
		strbuf_release(&detail);
		if (rc) {
			braid_store_rollback(st);
			braid_store_close(st);
			return rc;
		}
	}
	*out = st;
	return 0;
}

void braid_store_close(struct braid_store *st)
{
	if (!st)
		return;
	if (st->db) {
		braid_store_rollback(st);
		sqlite3_close_v2(st->db);
	}
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

int braid_store_audit(struct braid_store *st, const char *coder, const char *command,
		      const char *detail, struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (db_prepare(st, "INSERT INTO audit(coder, command, detail) VALUES (?, ?, ?)", &s, err))
		return err ? err->code : BRAID_EDB;
	db_bind_text(s, 1, coder, -1);
	db_bind_text(s, 2, command, -1);
	db_bind_text(s, 3, detail ? detail : "", -1);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, err, "cannot write the audit log");
}

/* Looks up name in a (id, name) table, inserting it when create is set. */
static int named_row(struct braid_store *st, const char *table, const char *name, int create,
		     int64_t *id, struct braid_err *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int rc;

	strbuf_addf(&sql, "SELECT id FROM %s WHERE name = ?", table);
	rc = db_prepare(st, sql.buf, &s, err);
	if (rc)
		goto out;
	db_bind_text(s, 1, name, -1);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		goto out;
	}
	sqlite3_finalize(s);
	if (!create) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no %s '%s'",
				  !strcmp(table, "cases") ? "case" : "coder", name);
		goto out;
	}
	strbuf_reset(&sql);
	strbuf_addf(&sql, "INSERT INTO %s(name) VALUES (?)", table);
	rc = db_prepare(st, sql.buf, &s, err);
	if (rc)
		goto out;
	db_bind_text(s, 1, name, -1);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "cannot add a row");
	else
		*id = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(s);
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

int braid_store_audit_each(struct braid_store *st, int limit,
			   int (*cb)(const struct braid_audit_row *row, void *ctx), void *ctx,
			   struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (db_prepare(st,
		       "SELECT id, time, coder, command, detail FROM"
		       " (SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id",
		       &s, err))
		return err ? err->code : BRAID_EDB;
	sqlite3_bind_int(s, 1, limit > 0 ? limit : -1);
	while (!rc && sqlite3_step(s) == SQLITE_ROW) {
		struct braid_audit_row row = {
			sqlite3_column_int64(s, 0), db_col_text(s, 1),
			(const char *)sqlite3_column_text(s, 2), db_col_text(s, 3),
			db_col_text(s, 4),
		};

		rc = cb(&row, ctx);
	}
	sqlite3_finalize(s);
	return rc;
}
