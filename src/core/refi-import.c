/*
 * refi-import.c - a checked REFI-QDA project (refi.c) written into the
 * project, in the caller's open change (refi.h has the rules).
 *
 * A source's text is stored exactly as the file gives it, so that braid's
 * offsets index the very text the file's positions index. It is parsed as
 * 'braid ingest FILE.txt' parses a file (ingestint.h); when braid's
 * rendering of those turns is the text byte for byte (braid exported it),
 * the document keeps the speakers, roles, turns and kind; otherwise (another
 * tool's layout) it is one passage of the pseudo-speaker. The sources' texts
 * are read one at a time.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/codes.h"
#include "braid/corpus.h"
#include "braid/ingest.h"
#include "braid/refi.h"
#include "braid/strbuf.h"
#include "braid/text.h"
#include "braid/transcript.h"
#include "db.h"
#include "ingestint.h"
#include "refiint.h"

struct importer {
	struct braid_store *st;
	const struct braid_refi_project *p;
	struct braid_refi_report *r;
	const char *path;
	zip_t *za;		/* NULL for a .qdc */
	int64_t *user_id, *code_id, *doc_id, *var_id, *case_id, *coding_id;
	int64_t *doc_chars;
	int64_t fallback; /* the coder of what names no user; 0 until one is needed */
	/* cases above cases_before and up to cases_made: focus-group participants' (ingestint.h) */
	int64_t cases_before, cases_made;
	const char *person;
	sqlite3_stmt *levels; /* fills in the levels a variable's values give */
};

/* ---- the report ---- */

static void unmodelled(struct braid_refi_report *r, const char *kind, size_t n)
{
	if (!n)
		return;
	for (size_t i = 0; i < r->nunmodelled; i++)
		if (!strcmp(r->unmodelled[i].kind, kind)) {
			r->unmodelled[i].n += n;
			return;
		}
	r->unmodelled = xrealloc(r->unmodelled, (r->nunmodelled + 1) * sizeof(*r->unmodelled));
	r->unmodelled[r->nunmodelled++] = (struct braid_refi_unmodelled){ xstrdup(kind), n };
}

static void remark(struct braid_refi_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void remark(struct braid_refi_report *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->remarks = xrealloc(r->remarks, (r->nremarks + 1) * sizeof(*r->remarks));
	r->remarks[r->nremarks++] = strbuf_detach(&sb, NULL);
}

void braid_refi_report_release(struct braid_refi_report *r)
{
	for (size_t i = 0; i < r->nunmodelled; i++)
		free(r->unmodelled[i].kind);
	free(r->unmodelled);
	for (size_t i = 0; i < r->nremarks; i++)
		free(r->remarks[i]);
	free(r->remarks);
	memset(r, 0, sizeof(*r));
}

/* ---- reading entries of the package ---- */

/*
 * An entry read whole, bounded as the office reader bounds XML parts: the
 * directory's size first, then what inflating actually gives (a zip may lie).
 */
static int read_entry(struct importer *im, const char *name, struct strbuf *out,
		      struct braid_err *err)
{
	zip_stat_t zs;
	zip_file_t *zf;
	char buf[65536];
	zip_int64_t got;

	strbuf_reset(out);
	zip_stat_init(&zs);
	if (zip_stat(im->za, name, 0, &zs) < 0)
		return braid_errorf(err, BRAID_EPARSE, "'%s': no %s in the package", im->path, name);
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > BRAID_OFFICE_XML_MAX)
		return braid_errorf(err, BRAID_EPARSE,
				    "'%s': %s is too large: %llu bytes uncompressed, at most %llu",
				    im->path, name, (unsigned long long)zs.size,
				    (unsigned long long)BRAID_OFFICE_XML_MAX);
	if (!(zf = zip_fopen(im->za, name, 0)))
		return braid_errorf(err, BRAID_EPARSE, "'%s': cannot read %s: %s", im->path, name,
				    zip_strerror(im->za));
	while ((got = zip_fread(zf, buf, sizeof(buf))) > 0) {
		if (out->len + (size_t)got > BRAID_OFFICE_XML_MAX) {
			zip_fclose(zf);
			return braid_errorf(err, BRAID_EPARSE,
					    "'%s': %s is too large: more than %llu bytes "
					    "uncompressed", im->path, name,
					    (unsigned long long)BRAID_OFFICE_XML_MAX);
		}
		strbuf_add(out, buf, (size_t)got);
	}
	if (got < 0) {
		int rc = braid_errorf(err, BRAID_EPARSE, "'%s': cannot read %s: %s", im->path, name,
				      zip_file_strerror(zf));

		zip_fclose(zf);
		return rc;
	}
	zip_fclose(zf);
	return 0;
}

/*
 * The entry a path of project.qde names: "internal://x" and a bare "x" are
 * sources/x (qc writes bare names); NULL for what lies outside the package.
 */
static char *entry_of(struct importer *im, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (!strncmp(path, "internal://", 11))
		path += 11;
	else if (strstr(path, "://"))
		return NULL;
	strbuf_addf(&sb, "sources/%s", path);
	if (zip_name_locate(im->za, sb.buf, 0) < 0 && zip_name_locate(im->za, path, 0) >= 0) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, path);
	}
	return strbuf_detach(&sb, NULL);
}

static int only_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return 0;
	return 1;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && !strcasecmp(s + n - k, suf);
}

/* A source's text: inline, its plain-text entry, or the docx beside a near-empty one. */
static int source_text(struct importer *im, const struct braid_refi_source *s, struct strbuf *out,
		       const char **format, struct braid_err *err)
{
	char *entry;
	int rc = 0;

	*format = braid_format_name(BRAID_FMT_TEXT);
	strbuf_reset(out);
	if (s->has_content) {
		strbuf_addstr(out, s->content ? s->content : "");
	} else if (s->plain_path) {
		if (!im->za || !(entry = entry_of(im, s->plain_path)))
			return braid_errorf(err, BRAID_EPARSE,
					    "'%s': line %d: TextSource '%s': its text '%s' is not "
					    "in the package", im->path, s->line, s->guid,
					    s->plain_path);
		rc = read_entry(im, entry, out, err);
		free(entry);
		if (rc)
			return rc;
	} else if (!s->rich_path) {
		return braid_errorf(err, BRAID_EPARSE,
				    "'%s': line %d: TextSource '%s' has neither PlainTextContent "
				    "nor a plainTextPath", im->path, s->line, s->guid);
	}
	if (only_space(out->buf, out->len) && s->rich_path && im->za &&
	    has_suffix(s->rich_path, ".docx") && (entry = entry_of(im, s->rich_path))) {
		struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT;

		rc = read_entry(im, entry, &raw, err);
		if (!rc && !(rc = braid_docx_text(raw.buf, raw.len, &text, err))) {
			if (!only_space(text.buf, text.len)) {
				strbuf_reset(out);
				strbuf_addbuf(out, &text);
				*format = braid_format_name(BRAID_FMT_DOCX);
			}
		} else if (rc) {
			braid_err_prefix(err, "'%s': %s", im->path, entry);
		}
		strbuf_release(&raw);
		strbuf_release(&text);
		free(entry);
		if (rc)
			return rc;
	}
	if (!braid_utf8_valid(out->buf, out->len) || strlen(out->buf) != out->len)
		return braid_errorf(err, BRAID_EENCODING,
				    "'%s': line %d: the text of TextSource '%s' is not UTF-8 "
				    "(or holds a NUL byte)", im->path, s->line, s->guid);
	return 0;
}

/* ---- rows ---- */

static int lookup(struct braid_store *st, const char *sql, const char *key, int64_t *id,
		  struct braid_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*id = 0;
	if ((rc = db_prepare(st, sql, &s, err)))
		return rc;
	db_bind_text(s, 1, key, -1);
	rc = db_one(st, s, "cannot look up a row", err);
	if (rc == 1) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int insert(struct braid_store *st, sqlite3_stmt *s, int64_t *id, const char *what,
		  struct braid_err *err)
{
	int rc = db_done(st, s, what, err);

	sqlite3_clear_bindings(s);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(braid_store_db(st));
	return rc;
}

static int import_users(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	sqlite3_stmt *ins;
	int rc;

	if ((rc = db_prepare(im->st, "INSERT INTO coders(guid, name) VALUES (?, ?)", &ins, err)))
		return rc;
	for (size_t i = 0; i < p->n_users && !rc; i++) {
		const struct braid_refi_user *u = &p->users[i];
		const char *name = u->name && *u->name ? u->name : u->id && *u->id ? u->id : u->guid;

		if ((rc = lookup(im->st, "SELECT id FROM coders WHERE guid = ?", u->guid,
				 &im->user_id[i], err)))
			break;
		if (!im->user_id[i] &&
		    (rc = braid_store_coder(im->st, name, 0, &im->user_id[i], err)) == BRAID_ENOTFOUND)
			rc = 0;
		if (rc)
			break;
		if (im->user_id[i]) {
			im->r->present++;
			continue;
		}
		db_bind_text(ins, 1, u->guid, -1);
		db_bind_text(ins, 2, name, -1);
		rc = insert(im->st, ins, &im->user_id[i], "cannot store a coder", err);
		im->r->users++;
	}
	sqlite3_finalize(ins);
	return rc;
}

/*
 * The coder of a user GUID; with none, the project's creating user, else
 * the person importing (made a coder only when something needs one).
 */
static int user_of(struct importer *im, const char *guid, int64_t *id, struct braid_err *err)
{
	if (!guid)
		guid = im->p->creator;
	for (size_t i = 0; guid && i < im->p->n_users; i++)
		if (!strcmp(im->p->users[i].guid, guid)) {
			*id = im->user_id[i];
			return 0;
		}
	if (!im->fallback) {
		int rc = braid_store_coder(im->st, im->person ? im->person : "refi-import", 1,
					   &im->fallback, err);

		if (rc)
			return rc;
	}
	*id = im->fallback;
	return 0;
}

/*
 * A code's Description as braid writes it (refi-export.c): the definition,
 * then paragraphs "Include: ...", "Exclude: ...", "Example: ..." each.
 */
static void split_description(const char *d, struct strbuf *def, struct strbuf *inc,
			      struct strbuf *exc, char ***ex, size_t *nex)
{
	static const char *const heads[] = { "\n\nInclude: ", "\n\nExclude: ", "\n\nExample: " };
	const char *at = d;
	struct strbuf *cur = def;

	*ex = NULL;
	*nex = 0;
	while (*at) {
		const char *next = NULL;
		int which = -1;

		for (int k = 0; k < 3; k++) {
			const char *h = strstr(at, heads[k]);

			if (h && (!next || h < next))
				next = h, which = k;
		}
		if (!next) {
			strbuf_addstr(cur, at);
			break;
		}
		strbuf_add(cur, at, (size_t)(next - at));
		at = next + strlen(heads[which]);
		if (which == 2) {
			const char *stop = strstr(at, "\n\n");
			size_t n = stop ? (size_t)(stop - at) : strlen(at);

			*ex = xrealloc(*ex, (*nex + 1) * sizeof(**ex));
			(*ex)[(*nex)++] = xstrndup(at, n);
			at += n;
			cur = def; /* nothing follows an example but the next heading */
			continue;
		}
		cur = which == 0 ? inc : exc;
	}
}

static int free_slug(struct importer *im, int64_t parent, const char *name, struct strbuf *slug,
		     struct braid_err *err)
{
	int64_t taken;
	int rc, n = 1;
	size_t base;

	braid_slugify(name, slug);
	if (!slug->len)
		strbuf_addstr(slug, "code");
	if ((rc = lookup(im->st, "SELECT id FROM codes WHERE slug = ?", slug->buf, &taken, err)))
		return rc;
	if (taken && parent) {
		struct strbuf ps = STRBUF_INIT;

		if ((rc = braid_code_slug(im->st, parent, &ps, err)) == 0) {
			strbuf_addf(&ps, "-%s", slug->buf);
			strbuf_reset(slug);
			strbuf_addbuf(slug, &ps);
		}
		strbuf_release(&ps);
		if (rc || (rc = lookup(im->st, "SELECT id FROM codes WHERE slug = ?", slug->buf,
				       &taken, err)))
			return rc;
	}
	base = slug->len;
	while (taken) {
		strbuf_setlen(slug, base);
		strbuf_addf(slug, "-%d", ++n);
		if ((rc = lookup(im->st, "SELECT id FROM codes WHERE slug = ?", slug->buf, &taken,
				 err)))
			return rc;
	}
	return 0;
}

static int valid_color(const char *c)
{
	size_t n = c ? strlen(c) : 0;

	if (n != 4 && n != 7)
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", c[i]))
			return 0;
	return c[0] == '#';
}

static int import_codes(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	sqlite3_stmt *ins, *ex;
	int rc;

	if ((rc = db_prepare(im->st,
			     "INSERT INTO codes(guid, slug, name, parent_id, kind, definition,"
			     " include_text, exclude_text, color, position, created_phase)"
			     " VALUES (?,?,?,?,?,?,?,?,?,?,?)", &ins, err)))
		return rc;
	if ((rc = db_prepare(im->st, "INSERT INTO code_examples(code_id, position, text)"
				     " VALUES (?, ?, ?)", &ex, err))) {
		sqlite3_finalize(ins);
		return rc;
	}
	for (size_t i = 0; i < p->n_codes && !rc; i++) {
		const struct braid_refi_code *c = &p->codes[i];
		int64_t parent = c->parent ? im->code_id[c->parent - 1] : 0;
		struct strbuf slug = STRBUF_INIT, def = STRBUF_INIT, inc = STRBUF_INIT,
			      exc = STRBUF_INIT;
		char **examples;
		size_t nex, pos = 0;

		if ((rc = lookup(im->st, "SELECT id FROM codes WHERE guid = ?", c->guid,
				 &im->code_id[i], err)))
			break;
		if (im->code_id[i]) {
			im->r->present++;
			continue;
		}
		for (size_t k = 0; k < i; k++)
			pos += p->codes[k].parent == c->parent;
		split_description(c->description ? c->description : "", &def, &inc, &exc,
				  &examples, &nex);
		if (!(rc = free_slug(im, parent, c->name, &slug, err))) {
			db_bind_text(ins, 1, c->guid, -1);
			db_bind_text(ins, 2, slug.buf, -1);
			db_bind_text(ins, 3, c->name, -1);
			if (parent)
				sqlite3_bind_int64(ins, 4, parent);
			db_bind_text(ins, 5, p->codebook ? "deductive" : "inductive", -1);
			db_bind_text(ins, 6, def.len ? def.buf : NULL, -1);
			db_bind_text(ins, 7, inc.len ? inc.buf : NULL, -1);
			db_bind_text(ins, 8, exc.len ? exc.buf : NULL, -1);
			db_bind_text(ins, 9, valid_color(c->color) ? c->color : NULL, -1);
			sqlite3_bind_int64(ins, 10, (int64_t)pos);
			sqlite3_bind_int(ins, 11, braid_store_phase(im->st));
			rc = insert(im->st, ins, &im->code_id[i], "cannot store a code", err);
		}
		for (size_t k = 0; k < nex; k++) {
			if (!rc) {
				sqlite3_bind_int64(ex, 1, im->code_id[i]);
				sqlite3_bind_int64(ex, 2, (int64_t)k);
				db_bind_text(ex, 3, examples[k], -1);
				rc = insert(im->st, ex, NULL, "cannot store a code's example", err);
			}
			free(examples[k]);
		}
		free(examples);
		strbuf_release(&slug);
		strbuf_release(&def);
		strbuf_release(&inc);
		strbuf_release(&exc);
		im->r->codes++;
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(ex);
	return rc;
}

/* A document name not taken: the source's name, numbered when another document has it. */
static int doc_name(struct importer *im, const struct braid_refi_source *s, struct strbuf *name,
		    struct braid_err *err)
{
	int64_t taken;
	size_t base;
	int rc, n = 1;

	if (s->name && *s->name) {
		strbuf_addstr(name, s->name);
	} else if (s->plain_path) {
		const char *b = strrchr(s->plain_path, '/'), *dot;

		b = b ? b + 1 : s->plain_path;
		dot = strrchr(b, '.');
		strbuf_add(name, b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
	} else {
		strbuf_addstr(name, s->guid);
	}
	base = name->len;
	for (;;) {
		if ((rc = lookup(im->st, "SELECT id FROM documents WHERE name = ?", name->buf,
				 &taken, err)))
			return rc;
		if (!taken)
			break;
		strbuf_setlen(name, base);
		strbuf_addf(name, "-%d", ++n);
	}
	if (n > 1)
		remark(im->r, "source '%.*s' is named '%s': a document had its name", (int)base,
		       name->buf, name->buf);
	return 0;
}

static int import_sources(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	struct strbuf text = STRBUF_INIT;
	sqlite3_stmt *doc = NULL, *spk = NULL, *turn = NULL, *tt = NULL;
	struct ingest *in = NULL;
	int rc;

	if ((rc = ingest_text_open(im->st, &in, err)) ||
	    (rc = db_prepare(im->st,
			     "INSERT INTO documents(guid, name, kind, source, hash, format, chars,"
			     " words, imported) VALUES (?,?,?,?,?,?,?,?,"
			     " coalesce(?, " NOW_SQL "))", &doc, err)) ||
	    (rc = db_prepare(im->st, "INSERT INTO speakers(doc_id, label, role)"
				     " VALUES (?, '" BRAID_PSEUDO_SPEAKER "', 'other')", &spk, err)) ||
	    (rc = db_prepare(im->st, "INSERT INTO turns(doc_id, idx, speaker_id, start_cp, end_cp,"
				     " words) VALUES (?, 1, ?, 0, ?, ?)", &turn, err)) ||
	    (rc = db_prepare(im->st, "INSERT INTO turn_texts(id, text) VALUES (?, ?)", &tt, err)))
		goto out;
	for (size_t i = 0; i < p->n_sources && !rc; i++) {
		const struct braid_refi_source *s = &p->sources[i];
		struct strbuf name = STRBUF_INIT;
		const char *format, *kind = "document";
		char hash[65];
		int64_t chars, words, spk_id, turn_id;
		int turns;

		if ((rc = lookup(im->st, "SELECT id FROM documents WHERE guid = ?", s->guid,
				 &im->doc_id[i], err)))
			break;
		if (im->doc_id[i]) {
			sqlite3_stmt *c;

			im->r->present++;
			if ((rc = db_prepare(im->st, "SELECT chars FROM documents WHERE id = ?", &c,
					     err)))
				break;
			sqlite3_bind_int64(c, 1, im->doc_id[i]);
			if ((rc = db_one(im->st, c, "cannot read a document", err)) == 1) {
				im->doc_chars[i] = sqlite3_column_int64(c, 0);
				sqlite3_reset(c);
				rc = 0;
			}
			sqlite3_finalize(c);
			continue;
		}
		if ((rc = source_text(im, s, &text, &format, err)) || (rc = doc_name(im, s, &name, err))) {
			strbuf_release(&name);
			break;
		}
		chars = (int64_t)braid_cp_count(text.buf, text.len);
		/* a transcript's words are its turns' (as ingest counts them); else the text's */
		turns = ingest_text_parse(in, text.buf, text.len, name.buf, &kind, &words);
		if (!turns)
			words = (int64_t)braid_text_words(text.buf, text.len);
		braid_ingest_hash(text.buf, text.len, hash);
		db_bind_text(doc, 1, s->guid, -1);
		db_bind_text(doc, 2, name.buf, -1);
		db_bind_text(doc, 3, kind, -1);
		db_bind_text(doc, 4, im->path, -1);
		db_bind_text(doc, 5, hash, -1);
		db_bind_text(doc, 6, format, -1);
		sqlite3_bind_int64(doc, 7, chars);
		sqlite3_bind_int64(doc, 8, words);
		db_bind_text(doc, 9, s->created, -1);
		rc = insert(im->st, doc, &im->doc_id[i], "cannot store a document", err);
		strbuf_release(&name);
		im->doc_chars[i] = chars;
		im->r->sources++;
		if (s->description && *s->description)
			unmodelled(im->r, "TextSource Description", 1);
		if (!rc && turns) {
			im->r->transcripts++;
			rc = ingest_text_store(in, im->doc_id[i], err);
			continue;
		}
		im->r->verbatim++;
		if (rc || !text.len)
			continue; /* an empty source has no turn */
		sqlite3_bind_int64(spk, 1, im->doc_id[i]);
		if ((rc = insert(im->st, spk, &spk_id, "cannot store a speaker", err)))
			break;
		sqlite3_bind_int64(turn, 1, im->doc_id[i]);
		sqlite3_bind_int64(turn, 2, spk_id);
		sqlite3_bind_int64(turn, 3, chars);
		sqlite3_bind_int64(turn, 4, words);
		if ((rc = insert(im->st, turn, &turn_id, "cannot store a turn", err)))
			break;
		sqlite3_bind_int64(tt, 1, turn_id);
		db_bind_text(tt, 2, text.buf, (int)text.len);
		if ((rc = insert(im->st, tt, NULL, "cannot store a turn", err)) ||
		    (rc = fts_index(im->st, turn_id, text.buf, (int)text.len, 1, err)) ||
		    (rc = braid_change_checkpoint(im->st, text.len, err)))
			break;
	}
out:
	ingest_text_close(in);
	sqlite3_finalize(doc);
	sqlite3_finalize(spk);
	sqlite3_finalize(turn);
	sqlite3_finalize(tt);
	strbuf_release(&text);
	return rc;
}

static int import_codings(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	sqlite3_stmt *ins;
	int rc;

	if ((rc = db_prepare(im->st,
			     "INSERT INTO codings(guid, doc_id, doc_rev, start_cp, end_cp, code_id,"
			     " coder_id, origin, status, memo, created, phase, selection_guid)"
			     " SELECT ?1, ?2, rev, ?3, ?4, ?5, ?6, 'manual', 'accepted', ?7,"
			     " coalesce(?8, " NOW_SQL "), ?9, ?10 FROM documents WHERE id = ?2"
			     " ON CONFLICT (doc_id, start_cp, end_cp, code_id, coder_id) DO NOTHING",
			     &ins, err)))
		return rc;
	for (size_t i = 0; i < p->n_codings && !rc; i++) {
		const struct braid_refi_coding *c = &p->codings[i];
		const struct braid_refi_selection *s = &p->selections[c->selection];
		int64_t chars = im->doc_chars[s->source], start = s->start, end = s->end, code = 0, who;

		if ((rc = lookup(im->st, "SELECT id FROM codings WHERE guid = ?", c->guid,
				 &im->coding_id[i], err)))
			break;
		if (im->coding_id[i]) {
			im->r->present++;
			continue;
		}
		if (s->whole)
			start = 0, end = chars;
		if (end > chars) {
			rc = braid_errorf(err, BRAID_EPARSE,
					  "'%s': line %d: PlainTextSelection '%s' runs to %lld, past "
					  "the end of its source '%s' (%lld characters)", im->path,
					  s->line, s->guid, (long long)end, p->sources[s->source].guid,
					  (long long)chars);
			break;
		}
		if (start == end) {
			unmodelled(im->r, s->whole ? "Coding of an empty TextSource"
						   : "Coding of an empty PlainTextSelection", 1);
			continue;
		}
		for (size_t k = 0; k < p->n_codes && !code; k++)
			if (!strcmp(p->codes[k].guid, c->code))
				code = im->code_id[k];
		db_bind_text(ins, 1, c->guid, -1);
		sqlite3_bind_int64(ins, 2, im->doc_id[s->source]);
		sqlite3_bind_int64(ins, 3, start);
		sqlite3_bind_int64(ins, 4, end);
		sqlite3_bind_int64(ins, 5, code);
		if ((rc = user_of(im, c->user ? c->user : s->user, &who, err)))
			break;
		sqlite3_bind_int64(ins, 6, who);
		db_bind_text(ins, 7, s->description && *s->description ? s->description : NULL, -1);
		db_bind_text(ins, 8, c->created ? c->created : s->created, -1);
		sqlite3_bind_int(ins, 9, braid_store_phase(im->st));
		db_bind_text(ins, 10, s->guid, -1);
		if ((rc = insert(im->st, ins, &im->coding_id[i], "cannot store a coding", err)))
			break;
		if (!sqlite3_changes(braid_store_db(im->st))) {
			im->coding_id[i] = 0;
			unmodelled(im->r, "Coding repeating another (same span, code and user)", 1);
			continue;
		}
		im->r->codings++;
	}
	for (size_t i = 0; i < p->n_selections; i++)
		im->r->selections += !p->selections[i].whole;
	sqlite3_finalize(ins);
	return rc;
}

/* The first coding of selection sel that was stored, or 0. */
static int64_t selection_coding(struct importer *im, size_t sel)
{
	for (size_t i = 0; i < im->p->n_codings; i++)
		if (im->p->codings[i].selection == sel && im->coding_id[i])
			return im->coding_id[i];
	return 0;
}

static const char *memo_kind(const char *name)
{
	static const char *const kinds[] = { "analytic", "familiarisation", "reflexive" };

	for (size_t k = 0; name && k < 3; k++)
		if (!strncmp(name, kinds[k], strlen(kinds[k])) &&
		    !strcmp(name + strlen(kinds[k]), " memo"))
			return kinds[k];
	return "analytic";
}

static int import_notes(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	struct strbuf text = STRBUF_INIT;
	sqlite3_stmt *ins;
	int rc;

	if ((rc = db_prepare(im->st,
			     "INSERT INTO memos(guid, target, kind, doc_id, code_id, coding_id,"
			     " coder_id, text, created, phase)"
			     " VALUES (?,?,?,?,?,?,?,?, coalesce(?, " NOW_SQL "),?)", &ins, err)))
		return rc;
	for (size_t i = 0; i < p->n_notes && !rc; i++) {
		const struct braid_refi_note *n = &p->notes[i];
		const char *target = "project";
		int64_t ids[3] = { 0, 0, 0 }, here, who; /* doc, code, coding */
		int refs = 0;

		if ((rc = lookup(im->st, "SELECT id FROM memos WHERE guid = ?", n->guid, &here, err)))
			break;
		if (here) {
			im->r->present++;
			continue;
		}
		for (size_t k = 0; k < p->n_noterefs; k++) {
			const struct braid_refi_noteref *nr = &p->noterefs[k];
			const char *t = NULL;
			int64_t id = 0;
			int slot = 0;

			if (nr->note != i)
				continue;
			switch (nr->on) {
			case BRAID_REFI_TO_CODE: t = "code", slot = 1, id = im->code_id[nr->owner]; break;
			case BRAID_REFI_TO_SOURCE: t = "doc", id = im->doc_id[nr->owner]; break;
			case BRAID_REFI_TO_NOTE: /* NoteRef in a Coding */
				t = "segment", slot = 2, id = im->coding_id[nr->owner];
				break;
			case BRAID_REFI_TO_SELECTION:
				t = "segment", slot = 2, id = selection_coding(im, nr->owner);
				break;
			default: t = "project"; break;
			}
			if (refs++) {
				unmodelled(im->r, "NoteRef to a Note referred to already", 1);
				continue;
			}
			if (t && strcmp(t, "project") && !id) {
				unmodelled(im->r, "NoteRef on a coding not imported (the note is "
						  "a project memo)", 1);
				continue;
			}
			target = t;
			ids[slot] = id;
		}
		strbuf_reset(&text);
		if (n->has_text) {
			strbuf_addstr(&text, n->text ? n->text : "");
		} else if (n->plain_path && im->za) {
			char *entry = entry_of(im, n->plain_path);

			if (!entry) {
				rc = braid_errorf(err, BRAID_EPARSE, "'%s': line %d: Note '%s': its "
						  "text '%s' is not in the package", im->path,
						  n->line, n->guid, n->plain_path);
				break;
			}
			rc = read_entry(im, entry, &text, err);
			free(entry);
			if (rc)
				break;
		}
		if (!braid_utf8_valid(text.buf, text.len) || strlen(text.buf) != text.len) {
			rc = braid_errorf(err, BRAID_EENCODING, "'%s': line %d: the text of Note "
					  "'%s' is not UTF-8", im->path, n->line, n->guid);
			break;
		}
		db_bind_text(ins, 1, n->guid, -1);
		db_bind_text(ins, 2, target, -1);
		db_bind_text(ins, 3, memo_kind(n->name), -1);
		if (!strcmp(target, "doc"))
			sqlite3_bind_int64(ins, 4, ids[0]);
		if (!strcmp(target, "code"))
			sqlite3_bind_int64(ins, 5, ids[1]);
		if (!strcmp(target, "segment"))
			sqlite3_bind_int64(ins, 6, ids[2]);
		if ((rc = user_of(im, n->user, &who, err)))
			break;
		sqlite3_bind_int64(ins, 7, who);
		db_bind_text(ins, 8, text.buf, (int)text.len);
		db_bind_text(ins, 9, n->created, -1);
		sqlite3_bind_int(ins, 10, braid_store_phase(im->st));
		rc = insert(im->st, ins, NULL, "cannot store a memo", err);
		im->r->notes++;
	}
	sqlite3_finalize(ins);
	strbuf_release(&text);
	return rc;
}

/* ---- variables and cases: survey variables and rows linked to cases ---- */

/*
 * braid's type of a variable: a Description braid wrote ("braid:
 * {"type":...,"levels":[...]}") says it exactly; else by typeOfVariable.
 */
static const char *var_type(struct importer *im, const struct braid_refi_variable *v,
			    char **levels, int *braid_desc)
{
	const char *d = v->description;

	*levels = NULL;
	*braid_desc = 0;
	if (d && !strncmp(d, "braid: ", 7)) {
		sqlite3_stmt *s;
		const char *type = NULL;

		if (!sqlite3_prepare_v2(braid_store_db(im->st),
					"SELECT json_extract(?1, '$.type'), json_extract(?1, '$.levels')"
					" WHERE json_valid(?1)", -1, &s, NULL)) {
			sqlite3_bind_text(s, 1, d + 7, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
				static const char *const types[] = { "binary", "numeric", "ordinal",
								     "categorical" };

				for (size_t k = 0; k < 4; k++)
					if (!strcmp((const char *)sqlite3_column_text(s, 0), types[k]))
						type = types[k];
				if (type && sqlite3_column_text(s, 1))
					*levels = xstrdup((const char *)sqlite3_column_text(s, 1));
			}
			sqlite3_finalize(s);
		}
		if (type) {
			*braid_desc = 1;
			return type;
		}
	}
	if (!strcmp(v->type, "Boolean"))
		return "binary";
	if (!strcmp(v->type, "Integer") || !strcmp(v->type, "Float"))
		return "numeric";
	if (!strcmp(v->type, "Date") || !strcmp(v->type, "DateTime"))
		remark(im->r, "variable '%s': %s values kept as categorical text", v->name,
		       v->type);
	return "categorical";
}

static int import_variables(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	sqlite3_stmt *ins, *lv;
	int rc;

	if ((rc = db_prepare(im->st,
			     "INSERT INTO survey_vars(guid, name, position, type, levels, typed,"
			     " source) VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM"
			     " survey_vars), ?3, ?4, 1, ?5)", &ins, err)))
		return rc;
	/* levels not given: the values in the order of the file, booleans false first */
	if ((rc = db_prepare(im->st,
			     "UPDATE survey_vars SET levels = CASE type WHEN 'binary' THEN"
			     " '[\"false\",\"true\"]' ELSE (SELECT json_group_array(text) FROM"
			     " (SELECT text FROM survey_values v JOIN survey_rows r ON r.id = v.row_id"
			     "  WHERE v.var_id = ?1 GROUP BY text ORDER BY min(r.id))) END"
			     " WHERE id = ?1 AND levels IS NULL AND type != 'numeric'", &lv, err))) {
		sqlite3_finalize(ins);
		return rc;
	}
	for (size_t i = 0; i < p->n_variables && !rc; i++) {
		const struct braid_refi_variable *v = &p->variables[i];
		char *levels;
		int braid_desc;
		const char *type;
		int64_t named;

		if ((rc = lookup(im->st, "SELECT id FROM survey_vars WHERE guid = ?", v->guid,
				 &im->var_id[i], err)))
			break;
		if (im->var_id[i]) {
			im->r->present++;
			continue;
		}
		if ((rc = lookup(im->st, "SELECT id FROM survey_vars WHERE name = ?", v->name, &named,
				 err)))
			break;
		if (named) {
			rc = braid_errorf(err, BRAID_EEXIST,
					  "'%s': line %d: Variable '%s': the project has a survey "
					  "variable of that name already (with another GUID)",
					  im->path, v->line, v->name);
			break;
		}
		type = var_type(im, v, &levels, &braid_desc);
		if (v->description && *v->description && !braid_desc)
			unmodelled(im->r, "Variable Description", 1);
		db_bind_text(ins, 1, v->guid, -1);
		db_bind_text(ins, 2, v->name, -1);
		db_bind_text(ins, 3, type, -1);
		db_bind_text(ins, 4, levels, -1);
		db_bind_text(ins, 5, im->path, -1);
		rc = insert(im->st, ins, &im->var_id[i], "cannot store a survey variable", err);
		free(levels);
		im->r->variables++;
	}
	im->levels = lv;
	sqlite3_finalize(ins);
	return rc;
}

/* A value's number: numbers read in the C locale, booleans 0 and 1; else none. */
static int value_number(const struct braid_refi_value *v, double *out)
{
	static locale_t c_locale;
	const char *t = v->text ? v->text : "";
	char *end;
	locale_t old;

	if (!strcmp(v->kind, "BooleanValue")) {
		if (!strcmp(t, "true") || !strcmp(t, "1"))
			return *out = 1, 1;
		if (!strcmp(t, "false") || !strcmp(t, "0"))
			return *out = 0, 1;
		return 0;
	}
	if (!*t)
		return 0;
	if (!c_locale)
		c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	old = uselocale(c_locale);
	*out = strtod(t, &end);
	uselocale(old);
	return *end == '\0' && isfinite(*out);
}

static int import_cases(struct importer *im, struct braid_err *err)
{
	const struct braid_refi_project *p = im->p;
	sqlite3_stmt *ins = NULL, *row = NULL, *val = NULL, *link = NULL, *adopt = NULL, *spk = NULL;
	int rc;

	if ((rc = db_prepare(im->st, "INSERT INTO cases(guid, name) VALUES (?, ?)", &ins, err)) ||
	    (rc = db_prepare(im->st, "UPDATE cases SET guid = ? WHERE id = ?", &adopt, err)) ||
	    (rc = db_prepare(im->st,
			     "INSERT INTO survey_rows(survey_id, case_id, linked) VALUES (?, ?,"
			     " 'manual')", &row, err)) ||
	    (rc = db_prepare(im->st,
			     "INSERT INTO survey_values(var_id, row_id, text, num) SELECT ?1, ?2,"
			     " CASE WHEN v.type = 'binary' AND v.levels IS NOT NULL AND ?4 IS NOT NULL"
			     "  THEN coalesce(json_extract(v.levels, '$[' || CAST(?4 AS INTEGER) || ']'),"
			     "  ?3) ELSE ?3 END, ?4 FROM survey_vars v WHERE v.id = ?1"
			     " ON CONFLICT (var_id, row_id) DO NOTHING", &val, err)) ||
	    (rc = db_prepare(im->st, "UPDATE documents SET case_id = ?1 WHERE id = ?2 AND"
				     " (case_id IS NULL OR case_id = ?1)", &link, err)) ||
	    (rc = db_prepare(im->st, "UPDATE speakers SET case_id = ?1 WHERE doc_id = ?2 AND"
				     " role = 'participant' AND case_id IS NULL", &spk, err)))
		goto out;
	for (size_t i = 0; i < p->n_cases && !rc; i++) {
		const struct braid_refi_case *c = &p->cases[i];
		const char *name = c->name && *c->name ? c->name : c->guid;
		int64_t row_id = 0;

		if ((rc = lookup(im->st, "SELECT id FROM cases WHERE guid = ?", c->guid,
				 &im->case_id[i], err)))
			break;
		if (!im->case_id[i] && (rc = braid_store_case(im->st, name, 0, &im->case_id[i],
							       err)) == BRAID_ENOTFOUND)
			rc = 0;
		if (rc)
			break;
		if (im->case_id[i] > im->cases_before && im->case_id[i] <= im->cases_made) {
			/* a participant's case its transcript made just now: the file's, GUID and all */
			db_bind_text(adopt, 1, c->guid, -1);
			sqlite3_bind_int64(adopt, 2, im->case_id[i]);
			if ((rc = insert(im->st, adopt, NULL, "cannot store a case", err)))
				break;
			im->r->cases++;
		} else if (im->case_id[i]) {
			im->r->present++;
		} else {
			db_bind_text(ins, 1, c->guid, -1);
			db_bind_text(ins, 2, name, -1);
			if ((rc = insert(im->st, ins, &im->case_id[i], "cannot store a case", err)))
				break;
			im->r->cases++;
		}
		if (c->description && *c->description)
			unmodelled(im->r, "Case Description", 1);
		for (size_t k = 0; k < p->n_values && !rc; k++) {
			const struct braid_refi_value *v = &p->values[k];
			int64_t var = 0;
			double num;

			if (v->owner != i)
				continue;
			for (size_t j = 0; j < p->n_variables && !var; j++)
				if (!strcmp(p->variables[j].guid, v->variable))
					var = im->var_id[j];
			if (!row_id) {
				struct strbuf q = STRBUF_INIT;

				strbuf_addf(&q, "SELECT id FROM survey_rows WHERE case_id = %lld",
					    (long long)im->case_id[i]);
				rc = lookup(im->st, q.buf, NULL, &row_id, err);
				strbuf_release(&q);
				if (!rc && !row_id)
					rc = lookup(im->st, "SELECT id FROM survey_rows WHERE"
							    " survey_id = ? AND case_id IS NULL",
						    name, &row_id, err);
				if (!rc && row_id)
					rc = db_run_ids(im->st, "UPDATE survey_rows SET case_id = ?1,"
							" linked = 'manual' WHERE id = ?2 AND case_id"
							" IS NULL", im->case_id[i], row_id,
							"cannot link a survey row", err);
				if (!rc && !row_id) {
					db_bind_text(row, 1, name, -1);
					sqlite3_bind_int64(row, 2, im->case_id[i]);
					rc = insert(im->st, row, &row_id, "cannot store a survey row",
						    err);
				}
				if (rc)
					break;
			}
			sqlite3_bind_int64(val, 1, var);
			sqlite3_bind_int64(val, 2, row_id);
			db_bind_text(val, 3, v->text ? v->text : "", -1);
			if (value_number(v, &num))
				sqlite3_bind_double(val, 4, num);
			if ((rc = insert(im->st, val, NULL, "cannot store a survey value", err)))
				break;
			im->r->values++;
		}
		for (size_t k = 0; k < p->n_case_sources && !rc; k++) {
			const struct braid_refi_case_source *cs = &p->case_sources[k];

			if (cs->owner != i)
				continue;
			for (size_t j = 0; j < p->n_sources; j++) {
				if (strcmp(p->sources[j].guid, cs->source))
					continue;
				sqlite3_bind_int64(link, 1, im->case_id[i]);
				sqlite3_bind_int64(link, 2, im->doc_id[j]);
				if ((rc = insert(im->st, link, NULL, "cannot link a document to a case",
						 err)))
					break;
				if (!sqlite3_changes(braid_store_db(im->st))) {
					unmodelled(im->r, "Case SourceRef to a source in another case "
							  "(a document has one case)", 1);
					continue;
				}
				/* as ingest --case links them: the participants of a transcript too */
				sqlite3_bind_int64(spk, 1, im->case_id[i]);
				sqlite3_bind_int64(spk, 2, im->doc_id[j]);
				if ((rc = insert(im->st, spk, NULL, "cannot link a speaker to a case",
						 err)))
					break;
			}
		}
	}
	for (size_t i = 0; i < p->n_variables && !rc; i++) {
		sqlite3_bind_int64(im->levels, 1, im->var_id[i]);
		rc = insert(im->st, im->levels, NULL, "cannot store a variable's levels", err);
	}
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(row);
	sqlite3_finalize(val);
	sqlite3_finalize(link);
	sqlite3_finalize(adopt);
	sqlite3_finalize(spk);
	return rc;
}

/* The inner XML of a .qdpx: project.qde, else the one *.qde at the top (ATLAS.ti). */
static int find_qde(struct importer *im, const char **name, struct braid_err *err)
{
	zip_int64_t n = zip_get_num_entries(im->za, 0);
	const char *found = NULL;

	if (zip_name_locate(im->za, "project.qde", 0) >= 0) {
		*name = "project.qde";
		return 0;
	}
	for (zip_int64_t i = 0; i < n; i++) {
		const char *e = zip_get_name(im->za, (zip_uint64_t)i, 0);

		if (!e || strchr(e, '/') || !has_suffix(e, ".qde"))
			continue;
		if (found)
			return braid_errorf(err, BRAID_EPARSE, "'%s': two project files in the "
					    "package ('%s', '%s'), expected one", im->path, found, e);
		found = e;
	}
	if (!found)
		return braid_errorf(err, BRAID_EPARSE, "'%s': no project.qde (nor any .qde) in the "
				    "package", im->path);
	*name = found;
	return 0;
}

#define CASES_MAX "SELECT max(id) FROM cases"

int braid_refi_import(struct braid_store *st, const char *path, int codebook, const char *person,
		      struct braid_refi_report *r, struct braid_err *err)
{
	struct braid_refi_project p;
	struct importer im = { .st = st, .p = &p, .r = r, .path = path, .person = person };
	struct strbuf raw = STRBUF_INIT;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&p, 0, sizeof(p));
	if (strbuf_read_file(&raw, path) < 0) {
		rc = braid_errorf(err, BRAID_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (codebook) {
		rc = braid_refi_parse(raw.buf, raw.len, path, &p, err);
	} else {
		struct braid_office_part part;
		const char *qde = NULL;

		if ((rc = braid_office_open(raw.buf, raw.len, "not a REFI-QDA project (.qdpx)",
					    &im.za, err))) {
			braid_err_prefix(err, "'%s'", path);
			goto out;
		}
		if (!(rc = find_qde(&im, &qde, err)) &&
		    !(rc = braid_office_part_open(im.za, qde, "not a REFI-QDA project", &part, err)) &&
		    (rc = refi_parse_part(&part, qde, &p, err)))
			braid_err_prefix(err, "'%s'", path);
	}
	if (rc)
		goto out;
	if (p.codebook != codebook) {
		rc = braid_errorf(err, BRAID_EPARSE, "'%s' holds a %s, not a %s", path,
				  p.codebook ? "codebook (CodeBook)" : "project (Project)",
				  codebook ? "codebook" : "project");
		goto out;
	}
	for (size_t i = 0; i < p.n_unmodelled; i++)
		unmodelled(r, p.unmodelled[i].kind, p.unmodelled[i].n);
	im.user_id = xcalloc(p.n_users + 1, sizeof(int64_t));
	im.code_id = xcalloc(p.n_codes + 1, sizeof(int64_t));
	im.doc_id = xcalloc(p.n_sources + 1, sizeof(int64_t));
	im.doc_chars = xcalloc(p.n_sources + 1, sizeof(int64_t));
	im.coding_id = xcalloc(p.n_codings + 1, sizeof(int64_t));
	im.var_id = xcalloc(p.n_variables + 1, sizeof(int64_t));
	im.case_id = xcalloc(p.n_cases + 1, sizeof(int64_t));
	if ((rc = import_users(&im, err)) || (rc = import_codes(&im, err)) ||
	    (rc = lookup(st, CASES_MAX, NULL, &im.cases_before, err)) ||
	    (rc = import_sources(&im, err)) ||
	    (rc = lookup(st, CASES_MAX, NULL, &im.cases_made, err)) || (rc = import_codings(&im, err)) ||
	    (rc = import_notes(&im, err)) || (rc = import_variables(&im, err)) ||
	    (rc = import_cases(&im, err)))
		goto out;
	braid_change_note(st, "imported REFI-QDA %s '%s'%s%s: %zu codes, %zu documents, %zu "
			  "codings, %zu memos, %zu coders, %zu cases, %zu variables",
			  codebook ? "codebook" : "project", path, p.origin ? " from " : "",
			  p.origin ? p.origin : "", r->codes, r->sources, r->codings, r->notes,
			  r->users, r->cases, r->variables);
out:
	sqlite3_finalize(im.levels);
	if (im.za)
		zip_discard(im.za);
	free(im.user_id);
	free(im.code_id);
	free(im.doc_id);
	free(im.doc_chars);
	free(im.coding_id);
	free(im.var_id);
	free(im.case_id);
	braid_refi_project_release(&p);
	strbuf_release(&raw);
	return rc;
}
