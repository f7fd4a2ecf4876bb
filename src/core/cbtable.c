/*
 * cbtable.c - the codebook as a table: its rows for every output format
 * (export codebook) and the CSV of them read back into a codebook
 * (codebook import FILE.csv); see include/braid/codebook.h.
 *
 * The CSV is read into a codebook, which is then written as YAML and read
 * back by codebook.c: one set of rules (patterns, names among siblings,
 * depth, text) for a codebook whatever file it came in, and the CSV's own
 * problems (columns, ids, parents, vocabularies) named by line and column
 * before that.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/codebook.h"
#include "braid/csvread.h"

enum { CB_ID, CB_PARENT, CB_NAME, CB_PATH, CB_KIND, CB_DOMAIN, CB_DESCRIPTION, CB_INCLUDE,
       CB_EXCLUDE, CB_EXAMPLE, CB_COLOR, CB_PATTERNS, CB_SCOPE, CB_ROLES, CB_N };
static const struct braid_column cb_cols[] = {
	[CB_ID] = { "ID", "id", BRAID_VAL_STR, 0, 0 },
	[CB_PARENT] = { "PARENT", "parent", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_NAME] = { "NAME", "name", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_PATH] = { "CODE", "path", BRAID_VAL_STR, 0, 0 },
	[CB_KIND] = { "KIND", "kind", BRAID_VAL_STR, 0, 0 },
	[CB_DOMAIN] = { "DOMAIN", "domain", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_DESCRIPTION] = { "DESCRIPTION", "description", BRAID_VAL_STR, 0, 60 },
	[CB_INCLUDE] = { "INCLUDE", "include", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_EXCLUDE] = { "EXCLUDE", "exclude", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_EXAMPLE] = { "EXAMPLE", "example", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_COLOR] = { "COLOR", "color", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_PATTERNS] = { "PATTERNS", "patterns", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_SCOPE] = { "SCOPE", "scope", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
	[CB_ROLES] = { "ROLES", "roles", BRAID_VAL_STR, BRAID_COL_DATA, 0 },
};
_Static_assert(sizeof(cb_cols) / sizeof(cb_cols[0]) == CB_N, "a codebook column is missing");
static const size_t cb_table[] = { CB_PATH, CB_ID, CB_KIND, CB_DESCRIPTION };
const struct braid_listing braid_codebook_listing = { "codebook", cb_cols, CB_N, cb_table, 4, 0 };

/* ---- out ---- */

struct rows {
	struct braid_row *row;
	void (*fn)(struct braid_row *row, void *ctx);
	void *ctx;
	struct strbuf path;
};

static struct braid_value lines(struct strbuf *sb, char *const *v, size_t n)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, '\n');
		strbuf_addstr(sb, v[i]);
	}
	return n ? braid_val_strn(sb->buf, sb->len) : braid_val_null();
}

static void code_rows(struct rows *r, const struct braid_code *codes, size_t n,
		      const struct braid_code *parent)
{
	for (size_t i = 0; i < n; i++) {
		const struct braid_code *c = &codes[i];
		struct braid_value *v = r->row->v;
		size_t len = r->path.len;

		if (len)
			strbuf_addstr(&r->path, " > ");
		strbuf_addstr(&r->path, c->name);
		v[CB_ID] = braid_val_str(c->id);
		v[CB_PARENT] = braid_val_str(parent ? parent->id : NULL);
		v[CB_NAME] = braid_val_str(c->name);
		v[CB_PATH] = braid_val_strn(r->path.buf, r->path.len);
		v[CB_KIND] = braid_val_str(braid_kind_name(c->kind));
		v[CB_DOMAIN] = braid_val_str(c->domain);
		v[CB_DESCRIPTION] = braid_val_str(c->definition);
		v[CB_INCLUDE] = braid_val_str(c->include);
		v[CB_EXCLUDE] = braid_val_str(c->exclude);
		v[CB_EXAMPLE] = lines(&r->row->text[0], c->examples, c->nexamples);
		v[CB_COLOR] = braid_val_str(c->color);
		v[CB_PATTERNS] = lines(&r->row->text[1], c->patterns, c->npatterns);
		v[CB_SCOPE] = braid_val_str(braid_scope_name(c->scope));
		v[CB_ROLES] = braid_val_str(braid_roles_name(c->roles));
		r->fn(r->row, r->ctx);
		code_rows(r, c->children, c->nchildren, c);
		strbuf_setlen(&r->path, len);
	}
}

void braid_codebook_rows(const struct braid_codebook *cb, struct braid_row *row,
			 void (*fn)(struct braid_row *row, void *ctx), void *ctx)
{
	struct rows r = { row, fn, ctx, STRBUF_INIT };

	code_rows(&r, cb->codes, cb->ncodes, NULL);
	strbuf_release(&r.path);
}

/* ---- in ---- */

/* One line of the file: its fields by column (NULL: empty or no such column). */
struct entry {
	const struct braid_csv_cell *f[CB_N];
	char *id;        /* given, or made from the name */
	size_t parent;   /* index of the parent entry, or NONE */
	size_t line;
	int placed;
};

#define NONE ((size_t)-1)

struct reader {
	const char *path;
	struct braid_err *err;
	struct entry *e;
	size_t n;
};

static int fail_at(struct reader *r, size_t line, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_at(struct reader *r, size_t line, size_t col, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (col)
		rc = braid_errorf(r->err, BRAID_EPARSE, "codebook '%s': line %zu, column %zu: %s",
				  r->path, line, col, msg.buf);
	else
		rc = braid_errorf(r->err, BRAID_EPARSE, "codebook '%s': line %zu: %s", r->path, line,
				  msg.buf);
	strbuf_release(&msg);
	return rc;
}

static const char *field(const struct entry *e, int k)
{
	return e->f[k] ? e->f[k]->text : NULL;
}

static int color_ok(const char *s)
{
	size_t n = strlen(s);

	if (s[0] != '#' || (n != 4 && n != 7))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The vocabularies' fields: a value not in the list is an error at its cell. */
static int check_vocab(struct reader *r, const struct entry *e, int k, const struct braid_vocab *v)
{
	struct strbuf names = STRBUF_INIT;
	int rc;

	if (!field(e, k) || braid_vocab_parse(v, field(e, k)) >= 0)
		return 0;
	braid_vocab_list(v, &names);
	rc = fail_at(r, e->f[k]->line, e->f[k]->col, "bad %s '%s' (expected %s)", cb_cols[k].key,
		     field(e, k), names.buf);
	strbuf_release(&names);
	return rc;
}

static size_t find_id(const struct reader *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].id && !strcmp(r->e[i].id, id))
			return i;
	return NONE;
}

/* The entry whose path (its own cell) is `path`, or NONE. */
static size_t find_path(const struct reader *r, const char *path, size_t len)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *p = field(&r->e[i], CB_PATH);

		if (p && strlen(p) == len && !memcmp(p, path, len))
			return i;
	}
	return NONE;
}

/* Text with one item per line, as the YAML's sequence. */
static void add_lines(const char *s, char ***v, size_t *n)
{
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (len) {
			*v = xrealloc(*v, (*n + 1) * sizeof(**v));
			(*v)[(*n)++] = xstrndup(s, len);
		}
		s += len + (nl != NULL);
	}
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The codes whose parent is entry p (NONE: the top), in file order, as children. */
static void place(struct reader *r, size_t p, struct braid_code **out, size_t *nout)
{
	for (size_t i = 0; i < r->n; i++) {
		struct entry *e = &r->e[i];
		struct braid_code *c;

		if (e->parent != p || e->placed)
			continue;
		e->placed = 1;
		*out = xrealloc(*out, (*nout + 1) * sizeof(**out));
		c = &(*out)[(*nout)++];
		memset(c, 0, sizeof(*c));
		c->id = xstrdup(e->id);
		c->name = xstrdup(field(e, CB_NAME));
		c->kind = field(e, CB_KIND) ? braid_kind_parse(field(e, CB_KIND)) : 0;
		c->domain = dup_or_null(field(e, CB_DOMAIN));
		c->definition = dup_or_null(field(e, CB_DESCRIPTION));
		c->include = dup_or_null(field(e, CB_INCLUDE));
		c->exclude = dup_or_null(field(e, CB_EXCLUDE));
		c->color = dup_or_null(field(e, CB_COLOR));
		add_lines(field(e, CB_EXAMPLE), &c->examples, &c->nexamples);
		add_lines(field(e, CB_PATTERNS), &c->patterns, &c->npatterns);
		c->scope = field(e, CB_SCOPE) ? braid_scope_parse(field(e, CB_SCOPE)) : 0;
		c->roles = field(e, CB_ROLES) ? braid_roles_parse(field(e, CB_ROLES)) : 0;
		c->line = e->line;
		place(r, i, &c->children, &c->nchildren);
	}
}

/* The header: which key each column holds. */
static int read_header(struct reader *r, const struct braid_csv_row *h, int *col_key)
{
	int seen[CB_N] = { 0 };

	for (size_t j = 0; j < h->n; j++) {
		const char *k = h->cell[j].text;
		int i = 0;

		while (i < CB_N && (!k || strcmp(k, cb_cols[i].key)))
			i++;
		if (i == CB_N) {
			struct strbuf keys = STRBUF_INIT;
			int rc;

			for (int x = 0; x < CB_N; x++)
				strbuf_addf(&keys, "%s%s", x ? ", " : "", cb_cols[x].key);
			rc = fail_at(r, h->cell[j].line, j + 1, "unknown column '%s' (expected %s)",
				     k ? k : "", keys.buf);
			strbuf_release(&keys);
			return rc;
		}
		if (seen[i]++)
			return fail_at(r, h->cell[j].line, j + 1, "column '%s' given twice", k);
		col_key[j] = i;
	}
	return seen[CB_NAME] ? 0 : fail_at(r, h->line, 0, "no 'name' column (a code needs a name)");
}

/* Each line's fields, checked; ids made for the lines without one. */
static int read_entries(struct reader *r, const struct braid_csv *csv, const int *col_key)
{
	const struct braid_csv_row *h = &csv->row[0];

	for (size_t i = 1; i < csv->nrow; i++) {
		const struct braid_csv_row *row = &csv->row[i];
		struct entry *e = &r->e[r->n];
		int rc;

		memset(e, 0, sizeof(*e));
		e->line = row->line;
		e->parent = NONE;
		if (row->n > h->n)
			return fail_at(r, row->cell[h->n].line, h->n + 1,
				       "more fields than the header has columns (%zu)", h->n);
		for (size_t j = 0; j < row->n; j++)
			e->f[col_key[j]] = &row->cell[j];
		r->n++;
		if (!field(e, CB_NAME))
			return fail_at(r, row->line, 0, "a code needs a name");
		if (field(e, CB_ID) && !braid_id_valid(field(e, CB_ID)))
			return fail_at(r, e->f[CB_ID]->line, e->f[CB_ID]->col,
				       "bad id '%s' (lowercase letters, digits and single '-')",
				       field(e, CB_ID));
		if (field(e, CB_ID) && find_id(r, field(e, CB_ID)) != NONE)
			return fail_at(r, e->f[CB_ID]->line, e->f[CB_ID]->col,
				       "id '%s' is given twice (line %zu too)", field(e, CB_ID),
				       r->e[find_id(r, field(e, CB_ID))].line);
		if (field(e, CB_COLOR) && !color_ok(field(e, CB_COLOR)))
			return fail_at(r, e->f[CB_COLOR]->line, e->f[CB_COLOR]->col,
				       "bad color '%s' (expected #rgb or #rrggbb)", field(e, CB_COLOR));
		if ((rc = check_vocab(r, e, CB_KIND, &braid_vocab_code_kind)) ||
		    (rc = check_vocab(r, e, CB_SCOPE, &braid_vocab_scope)) ||
		    (rc = check_vocab(r, e, CB_ROLES, &braid_vocab_roles)))
			return rc;
		e->id = dup_or_null(field(e, CB_ID));
	}
	return 0;
}

/* Parents (by id, else by path), refusing a code that would be its own ancestor. */
static int link_parents(struct reader *r, int by_id)
{
	for (size_t i = 0; i < r->n; i++) {
		struct entry *e = &r->e[i];
		const char *p = field(e, by_id ? CB_PARENT : CB_PATH), *cut;

		if (by_id && p) {
			if ((e->parent = find_id(r, p)) == NONE)
				return fail_at(r, e->f[CB_PARENT]->line, e->f[CB_PARENT]->col,
					       "no code with id '%s' in the file", p);
		} else if (!by_id && p && (cut = strstr(p, " > "))) {
			const char *last = cut;

			while ((cut = strstr(last + 3, " > ")))
				last = cut;
			if ((e->parent = find_path(r, p, (size_t)(last - p))) == NONE)
				return fail_at(r, e->f[CB_PATH]->line, e->f[CB_PATH]->col,
					       "no code with the path '%.*s' in the file",
					       (int)(last - p), p);
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		size_t k = r->e[i].parent, guard = 0;

		for (; k != NONE && guard <= r->n; guard++)
			k = k == i ? (guard = r->n + 1, NONE) : r->e[k].parent;
		if (guard > r->n)
			return fail_at(r, r->e[i].line, 0, "code '%s' lies below itself",
				       field(&r->e[i], CB_NAME));
	}
	return 0;
}

/* Ids for the codes without one: the slug of the name, else the parent's id + '-' + it. */
static void make_ids(struct reader *r)
{
	for (size_t pass = 0, left = 1; left && pass <= r->n; pass++) {
		left = 0;
		for (size_t i = 0; i < r->n; i++) {
			struct entry *e = &r->e[i];
			struct strbuf slug = STRBUF_INIT;

			if (e->id)
				continue;
			if (e->parent != NONE && !r->e[e->parent].id) {
				left = 1; /* after its parent's */
				continue;
			}
			braid_slugify(field(e, CB_NAME), &slug);
			if (!slug.len || find_id(r, slug.buf) != NONE) {
				struct strbuf id = STRBUF_INIT;

				strbuf_addf(&id, "%s%s%s", e->parent != NONE ? r->e[e->parent].id : "",
					    e->parent != NONE && slug.len ? "-" : "", slug.buf);
				strbuf_release(&slug);
				slug = id;
			}
			e->id = strbuf_detach(&slug, NULL);
		}
	}
}

static int has_key(const int *col_key, size_t n, int key)
{
	for (size_t j = 0; j < n; j++)
		if (col_key[j] == key)
			return 1;
	return 0;
}

/* The file's name without its directory and extension: the book's name. */
static char *stem(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	return xstrndup(base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
}

int braid_codebook_read_csv(const char *path, struct braid_codebook *cb, struct braid_err *err)
{
	struct braid_csv csv = BRAID_CSV_INIT;
	struct reader r = { path, err, NULL, 0 };
	struct braid_codebook raw;
	struct strbuf yaml = STRBUF_INIT;
	int *col_key = NULL, rc;

	braid_codebook_init(cb);
	braid_codebook_init(&raw);
	rc = braid_csv_read(&csv, path, "codebook", NULL, err);
	if (!rc && !csv.nrow)
		rc = braid_errorf(err, BRAID_EPARSE, "codebook '%s': empty (expected a header line)",
				  path);
	if (!rc) {
		col_key = xcalloc(csv.row[0].n + 1, sizeof(*col_key));
		r.e = xcalloc(csv.nrow, sizeof(*r.e));
		rc = read_header(&r, &csv.row[0], col_key);
	}
	if (!rc)
		rc = read_entries(&r, &csv, col_key);
	if (!rc)
		rc = link_parents(&r, col_key && has_key(col_key, csv.row[0].n, CB_PARENT));
	if (!rc) {
		make_ids(&r);
		raw.name = stem(path);
		place(&r, NONE, &raw.codes, &raw.ncodes);
		braid_codebook_write_yaml(&raw, &yaml);
		/* codebook.c's rules, once for every file; its messages name the YAML it read */
		if ((rc = braid_codebook_parse(yaml.buf, yaml.len, NULL, cb, err))) {
			/* its messages start with a place in that YAML, which means nothing here */
			const char *m = err->msg + strspn(err->msg, "0123456789:");
			char *msg = xstrdup(m + strspn(m, " "));

			rc = braid_errorf(err, rc, "codebook '%s': %s", path, msg);
			free(msg);
		}
	}
	for (size_t i = 0; i < r.n; i++)
		free(r.e[i].id);
	free(r.e);
	free(col_key);
	strbuf_release(&yaml);
	braid_codebook_release(&raw);
	braid_csv_release(&csv);
	return rc;
}
