/* cmd-coder.c - braid coder add|ls: the people (and "auto") who code. */
#include <sqlite3.h>

#include "cli.h"

static const struct cli_opt opts[] = {
	{ "json", 0, NULL, "ls: print a JSON array (fields in docs/cli.md)" },
	{ NULL, 0, NULL, NULL },
};

static int sub_add(struct cli *c, const struct cli_args *a)
{
	const char *name = a->pos[0];
	int64_t id;

	if (!*name)
		return cli_sub_usage(c, "a coder needs a name");
	if (!braid_store_coder(c->st, name, 0, &id, NULL)) {
		fprintf(c->out, "coder '%s' exists already\n", name);
		strbuf_addf(&c->audit, "coder '%s' exists already: nothing changed", name);
		return EXIT_OK;
	}
	if (braid_store_coder(c->st, name, 1, &id, &c->err))
		return cli_fail(c);
	fprintf(c->out, "added coder '%s'\n", name);
	strbuf_addf(&c->audit, "added coder '%s'", name);
	return EXIT_OK;
}

/*
 * store.h has no listing of coders yet, so this reads the coders table
 * directly (read-only); it belongs in store.c as braid_store_coders_each.
 */
static int sub_ls(struct cli *c, const struct cli_args *a)
{
	static const char *const head[] = { "CODER", "CODINGS", "CODES MADE", "MEMOS", "ADDED" };
	sqlite3 *db = braid_store_db(c->st);
	sqlite3_stmt *s;
	struct listing l;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT name, created,"
			       " (SELECT count(*) FROM codings g WHERE g.coder_id = k.id"
			       "   AND g.status != 'rejected'),"
			       " (SELECT count(*) FROM codes c WHERE c.created_by = k.id),"
			       " (SELECT count(*) FROM memos m WHERE m.coder_id = k.id)"
			       " FROM coders k ORDER BY name",
			       -1, &s, NULL) != SQLITE_OK)
		return cli_error("cannot list the coders: %s", sqlite3_errmsg(db));
	listing_begin(&l, c->out, cli_opt(a, &cmd_coder_entry, "json") != NULL, 5, 0x0e, head);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *created = (const char *)sqlite3_column_text(s, 1);
		long long codings = sqlite3_column_int64(s, 2), codes = sqlite3_column_int64(s, 3);
		long long memos = sqlite3_column_int64(s, 4);

		if (l.json) {
			json_begin_object(&l.j);
			json_kv_str(&l.j, "name", name);
			json_kv_int(&l.j, "codings", codings);
			json_kv_int(&l.j, "codes", codes);
			json_kv_int(&l.j, "memos", memos);
			json_kv_str(&l.j, "created", created);
			json_end_object(&l.j);
		} else {
			char n1[24], n2[24], n3[24];
			const char *row[] = { name, cli_int(n1, codings), cli_int(n2, codes),
					      cli_int(n3, memos), created };

			table_add(&l.t, row);
		}
	}
	listing_end(&l, rc == SQLITE_DONE);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return cli_error("cannot list the coders: %s", sqlite3_errmsg(db));
	return EXIT_OK;
}

static const struct subcmd subs[] = {
	{ "add", "NAME", "add a coder (codings name their coder; new names are added anyway)", 1, 1,
	  CMD_WRITE, sub_add },
	{ "ls", "[--json]", "list the coders with their codings, codes made and memos", 0, 0, 0,
	  sub_ls },
	{ NULL, NULL, NULL, 0, 0, 0, NULL },
};

static int cmd_coder(struct cli *c, const struct cli_args *a)
{
	return cli_subcmd_run(&cmd_coder_entry, c, a);
}

const struct cmd_entry cmd_coder_entry = {
	.name = "coder",
	.synopsis = "add|ls [ARGS]",
	.summary = "add and list the coders",
	.opts = opts,
	.max_pos = -1,
	.flags = CMD_PROJECT,
	.fn = cmd_coder,
	.subcmds = subs,
};
