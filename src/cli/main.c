/*
 * main.c - the braid command line: finds the command in the table (unique
 * prefixes allowed), parses its options, opens the project and runs the
 * command, inside one transaction with an audit row when it writes.
 */
#include <ctype.h>
#include <dirent.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "braid/alloc.h"
#include "braid/text.h"
#include "braid/vocab.h"
#include "cli.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_init_entry,     &cmd_ingest_entry,   &cmd_docs_entry,     &cmd_show_entry,
	&cmd_speakers_entry, &cmd_cases_entry,    &cmd_search_entry,   &cmd_codebook_entry,
	&cmd_code_entry,     &cmd_coder_entry,    &cmd_memo_entry,     &cmd_autocode_entry,
	&cmd_retrieve_entry, &cmd_stats_entry,    &cmd_log_entry,      &cmd_undo_entry,
	&cmd_redo_entry,     &cmd_phase_entry,    &cmd_read_entry,     &cmd_theme_entry,
	&cmd_quote_entry,    &cmd_summary_entry,  &cmd_map_entry,      &cmd_report_entry,
	&cmd_agree_entry,    &cmd_reconcile_entry, &cmd_merge_entry,   &cmd_survey_entry,
	&cmd_matrix_entry,   &cmd_triangulate_entry, &cmd_export_entry, &cmd_import_entry,
	&cmd_help_entry,     &cmd_version_entry,  NULL,
};

/* Options every project command takes besides its own. */
static const struct cli_opt common_opts[] = {
	{ "project", 'p', "FILE", "the project file (else $BRAID_PROJECT, else the one *.braid here)" },
	{ "help", 'h', NULL, "show this help" },
	{ "blind", 0, NULL, "blind coding: show only the coder's codings and what is counted from"
			    " them (the coder: --coder, else $BRAID_CODER; $BRAID_BLIND=1 sets it"
			    " for every command; docs/cli.md)" },
	/* only for the commands without a --coder of their own */
	{ "coder", 0, "NAME", "with --blind: the coder whose codings are shown (else $BRAID_CODER)" },
	{ NULL, 0, NULL, NULL },
};

/* What the common options gave. */
struct common_args {
	const char *project;
	int help, blind;
	const char *coder; /* --coder, for a command without its own */
};

/* 1 if command e has an option of its own called name. */
static int has_opt(const struct cmd_entry *e, const char *name)
{
	for (int i = 0; e->opts && e->opts[i].name; i++)
		if (!strcmp(e->opts[i].name, name))
			return 1;
	return 0;
}

/* The default sink: standard error. */
static void stderr_sink(enum cli_msg kind, const char *text, void *ctx)
{
	if (kind == CLI_MSG_USAGE)
		fprintf(stderr, "%s\n", text);
	else
		fprintf(stderr, "braid: %s%s\n", kind == CLI_MSG_WARNING ? "warning: " : "", text);
}

static cli_sink_fn sink = stderr_sink;
static void *sink_ctx;

void cli_set_sink(cli_sink_fn fn, void *ctx)
{
	sink = fn ? fn : stderr_sink;
	sink_ctx = fn ? ctx : NULL;
}

void cli_vmessage(enum cli_msg kind, const char *fmt, va_list ap)
{
	struct strbuf text = STRBUF_INIT;

	strbuf_vaddf(&text, fmt, ap);
	sink(kind, text.buf, sink_ctx);
	strbuf_release(&text);
}

void cli_message(enum cli_msg kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage(kind, fmt, ap);
	va_end(ap);
}

void cli_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage(CLI_MSG_NOTE, fmt, ap);
	va_end(ap);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage(CLI_MSG_ERROR, fmt, ap);
	va_end(ap);
	return EXIT_ERROR;
}

int cli_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage(CLI_MSG_ERROR, fmt, ap);
	va_end(ap);
	if (e)
		cli_message(CLI_MSG_USAGE, "usage: braid %s%s%s%s\n(see 'braid help %s')", e->name,
			    e->opts && e->opts[0].name ? " [options]" : "", e->synopsis ? " " : "",
			    e->synopsis ? e->synopsis : "", e->name);
	else
		cli_message(CLI_MSG_USAGE,
			    "usage: braid [-p FILE] COMMAND [ARGS]   (see 'braid help')");
	return EXIT_USAGE;
}

/* What the person can do about an error, worded for the command line (err.h). */
static const char *hint_text(enum braid_hint h)
{
	switch (h) {
	case BRAID_HINT_FORCE: return "use --force to add it again";
	case BRAID_HINT_SKIP_OR_FORCE:
		return "use --skip-existing to skip it, or --force to add it again";
	case BRAID_HINT_NAME: return "give another name with --name";
	case BRAID_HINT_ENCODING: return "use --encoding cp1252 or latin1 to convert";
	case BRAID_HINT_IMPORT_CODEBOOK: return "import the codebook first: braid codebook import FILE";
	case BRAID_HINT_SKIP_FAILING:
		return "fix the pattern with braid code edit CODE --field patterns, or go on "
		       "without the code: --skip-failing";
	default: return NULL;
	}
}

int cli_fail(struct cli *c)
{
	const char *hint = hint_text(c->err.hint);

	if (hint)
		return cli_error("%s (%s)", c->err.msg[0] ? c->err.msg : "unknown error", hint);
	return cli_error("%s", c->err.msg[0] ? c->err.msg : "unknown error");
}

/* The core's warnings and notes go to the CLI's sink. */
static void core_sink(enum braid_msg_level level, const char *msg, void *ctx)
{
	cli_message(level == BRAID_MSG_WARNING ? CLI_MSG_WARNING : CLI_MSG_NOTE, "%s", msg);
}

long cli_parse_count(const struct cmd_entry *e, const char *name, const char *value)
{
	char *end;
	long v;

	if (!value)
		return 0;
	v = strtol(value, &end, 10);
	if (*value < '0' || *value > '9' || *end || v < 0) {
		cli_usage_error(e, "--%s expects a non-negative number, not '%s'", name, value);
		return -1;
	}
	return v;
}

char **cli_split_list(const char *s, size_t *n)
{
	char **list = xcalloc(strlen(s) + 2, sizeof(char *));
	size_t k = 0;

	while (*s) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		while (len && (*s == ' '))
			s++, len--;
		while (len && s[len - 1] == ' ')
			len--;
		if (len)
			list[k++] = xstrndup(s, len);
		if (!comma)
			break;
		s = comma + 1;
	}
	list[k] = NULL;
	if (n)
		*n = k;
	return list;
}

void cli_list_free(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}

/* 1 if name is one of the words of s[0..len) that a comma follows. */
static int listed(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i + n < len; i++)
		if ((!i || s[i - 1] == ' ') && !strncmp(s + i, name, n) && s[i + n] == ',')
			return 1;
	return 0;
}

void cli_vocab_list_except(const struct braid_vocab *v, const char *own, size_t len,
			   struct strbuf *out)
{
	int left = 0, k = 0;

	for (int i = 0; i < v->n; i++)
		left += !listed(own, len, v->names[i]);
	for (int i = 0; i < v->n; i++) {
		if (listed(own, len, v->names[i]))
			continue;
		strbuf_addf(out, "%s%s", !k ? "" : k + 1 == left ? " or " : ", ", v->names[i]);
		k++;
	}
}

void cli_expand_help(const char *help, struct strbuf *out)
{
	const char *p = help;

	while (*p) {
		const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
		const struct braid_vocab *v =
			close ? braid_vocab_find(open + 1, (size_t)(close - open - 1)) : NULL;
		const char *own;

		if (!v) {
			strbuf_addstr(out, p);
			return;
		}
		/* the names listed just before it: "text, md, " */
		for (own = open; own > p && (strchr(", ", own[-1]) || islower((unsigned char)own[-1]) ||
					     isdigit((unsigned char)own[-1]));
		     own--)
			;
		strbuf_add(out, p, (size_t)(open - p));
		cli_vocab_list_except(v, own, (size_t)(open - own), out);
		p = close + 1;
	}
}

/* 1 if option `name` of e may be given more than once, every value kept. */
static int repeats(const struct cmd_entry *e, const char *name)
{
	for (const char *const *r = e ? e->repeatable : NULL; r && *r; r++)
		if (!strcmp(*r, name))
			return 1;
	return 0;
}

static void help_opts(FILE *f, const struct cmd_entry *e, const struct cli_opt *o)
{
	struct strbuf help = STRBUF_INIT;

	for (; o && o->name; o++) {
		char head[96];

		/* long-only options line up with the long names of the others */
		if (o->shortname)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->shortname, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		strbuf_reset(&help);
		cli_expand_help(o->help, &help);
		if (repeats(e, o->name))
			strbuf_addstr(&help, " (may be given more than once)");
		fprintf(f, "  %-30s %s\n", head, help.buf);
	}
	strbuf_release(&help);
}

void cli_help(FILE *f, const struct cmd_entry *e)
{
	if (!e) {
		fputs("braid - a qualitative coding workbench\n\n"
		      "usage: braid [-p FILE] COMMAND [ARGS]\n\ncommands:\n",
		      f);
		for (const struct cmd_entry *const *t = cmd_table; *t; t++)
			fprintf(f, "  %-12s %s\n", (*t)->name, (*t)->summary);
		fputs("\nA unique prefix of a command works too (braid ing = braid ingest).\n"
		      "'braid help COMMAND' shows its options. Exit status: 0 ok, 1 error, 2 usage.\n",
		      f);
		return;
	}
	fprintf(f, "usage: braid %s%s%s%s\n\n%s\n", e->name,
		e->opts && e->opts[0].name ? " [options]" : "", e->synopsis ? " " : "",
		e->synopsis ? e->synopsis : "", e->summary);
	if (e->description)
		fprintf(f, "\n%s\n", e->description);
	if (e->subcmds)
		cli_subcmd_help(f, e);
	fputs("\noptions:\n", f);
	help_opts(f, e, e->opts);
	if (!(e->flags & CMD_PROJECT)) {
		help_opts(f, NULL, (struct cli_opt[]){ common_opts[1], { NULL, 0, NULL, NULL } });
		return;
	}
	if (e->flags & CMD_ALL_CODERS) { /* never blind: no --blind to offer */
		help_opts(f, NULL, (struct cli_opt[]){ common_opts[0], common_opts[1],
						       { NULL, 0, NULL, NULL } });
		return;
	}
	help_opts(f, NULL, (struct cli_opt[]){ common_opts[0], common_opts[1], common_opts[2],
					       { NULL, 0, NULL, NULL } });
	if (!has_opt(e, "coder"))
		help_opts(f, NULL, (struct cli_opt[]){ common_opts[3], { NULL, 0, NULL, NULL } });
}

/* The commands nearest to a mistyped name (at most 2 edits, and fewer than half its letters). */
static void nearest_commands(const char *name, struct strbuf *out)
{
	size_t best = 3, n = strlen(name);

	for (const struct cmd_entry *const *t = cmd_table; *t; t++) {
		size_t d = braid_edit_distance(name, (*t)->name);

		if (d < best && 2 * d < n)
			best = d;
	}
	for (const struct cmd_entry *const *t = cmd_table; *t && best < 3; t++)
		if (braid_edit_distance(name, (*t)->name) == best)
			strbuf_addf(out, "%s'%s'", out->len ? " or " : "", (*t)->name);
}

/* Exact name, else a unique prefix. */
static const struct cmd_entry *find_command(const char *name)
{
	const struct cmd_entry *found = NULL;
	size_t n = strlen(name), matches = 0;
	struct strbuf all = STRBUF_INIT;

	for (const struct cmd_entry *const *t = cmd_table; *t; t++)
		if (!strcmp((*t)->name, name))
			return *t;
	for (const struct cmd_entry *const *t = cmd_table; *t; t++) {
		if (!strncmp((*t)->name, name, n)) {
			found = *t;
			strbuf_addf(&all, "%s%s", matches++ ? ", " : "", (*t)->name);
		}
	}
	if (matches > 1) {
		cli_usage_error(NULL, "ambiguous command '%s': %s", name, all.buf);
		found = NULL;
	} else if (!matches) {
		struct strbuf near = STRBUF_INIT;

		nearest_commands(name, &near);
		if (near.len)
			cli_usage_error(NULL, "unknown command '%s' (did you mean %s?)", name, near.buf);
		else
			cli_usage_error(NULL, "unknown command '%s'", name);
		strbuf_release(&near);
	}
	strbuf_release(&all);
	return found;
}

const char *cli_opt(const struct cli_args *a, const struct cmd_entry *e, const char *name)
{
	for (int i = 0; e->opts && e->opts[i].name; i++)
		if (!strcmp(e->opts[i].name, name))
			return a->value[i];
	return NULL;
}

const char *const *cli_opt_all(const struct cli_args *a, const struct cmd_entry *e,
			       const char *name, size_t *n)
{
	for (int i = 0; e->opts && e->opts[i].name; i++) {
		if (!strcmp(e->opts[i].name, name)) {
			*n = a->nall[i];
			return a->all[i];
		}
	}
	*n = 0;
	return NULL;
}

void cli_args_release(struct cli_args *a)
{
	for (int i = 0; i < CLI_MAX_OPTS; i++)
		free(a->all[i]);
	free(a->pos);
	memset(a, 0, sizeof(*a));
}

/* Option k of e was given with value v: the last value, and every one if it repeats. */
static void opt_given(const struct cmd_entry *e, struct cli_args *a, int k, const char *v)
{
	a->value[k] = v;
	if (repeats(e, e->opts[k].name)) {
		a->all[k] = xrealloc(a->all[k], (a->nall[k] + 1) * sizeof(*a->all[k]));
		a->all[k][a->nall[k]++] = v;
	}
}

/* Parses argv (argv[0] is the command name) with getopt_long built from the table. */
static int parse_args(const struct cmd_entry *e, int argc, char **argv, struct cli_args *a,
		      struct common_args *ca)
{
	struct option lopts[CLI_MAX_OPTS + 5];
	struct strbuf sopts = STRBUF_INIT;
	int n = 0, rc = 0, ch;

	strbuf_addstr(&sopts, "+:");
	for (; e->opts && e->opts[n].name; n++) {
		lopts[n].name = e->opts[n].name;
		lopts[n].has_arg = e->opts[n].arg ? required_argument : no_argument;
		lopts[n].flag = NULL;
		lopts[n].val = 256 + n;
		if (e->opts[n].shortname) {
			strbuf_addch(&sopts, e->opts[n].shortname);
			if (e->opts[n].arg)
				strbuf_addch(&sopts, ':');
		}
	}
	lopts[n] = (struct option){ "project", required_argument, NULL, 'p' };
	lopts[n + 1] = (struct option){ "help", no_argument, NULL, 'h' };
	lopts[n + 2] = (struct option){ "blind", no_argument, NULL, 'B' };
	lopts[n + 3] = (struct option){ NULL, 0, NULL, 0 };
	if (!has_opt(e, "coder")) {
		lopts[n + 3] = (struct option){ "coder", required_argument, NULL, 'C' };
		lopts[n + 4] = (struct option){ NULL, 0, NULL, 0 };
	}
	strbuf_addstr(&sopts, "p:h");
	optind = 1;
	opterr = 0;
	/* options and positional arguments may mix: permute by hand */
	a->pos = xcalloc((size_t)argc + 1, sizeof(char *));
	while (optind < argc) {
		if (argv[optind][0] != '-' || !argv[optind][1]) {
			a->pos[a->npos++] = argv[optind++];
			continue;
		}
		if (!strcmp(argv[optind], "--")) {
			for (optind++; optind < argc;)
				a->pos[a->npos++] = argv[optind++];
			break;
		}
		ch = getopt_long(argc, argv, sopts.buf, lopts, NULL);
		if (ch == -1)
			break;
		if (ch == 'p') {
			ca->project = optarg;
		} else if (ch == 'h') {
			ca->help = 1;
		} else if (ch == 'B') {
			ca->blind = 1;
		} else if (ch == 'C') {
			ca->coder = optarg;
		} else if (ch >= 256) {
			opt_given(e, a, ch - 256, e->opts[ch - 256].arg ? optarg : "1");
		} else if (ch == ':' || ch == '?') {
			const char *bad = argv[optind - 1];

			rc = ch == ':' ? cli_usage_error(e, "option '%s' needs a value", bad)
				       : cli_usage_error(e, "unknown option '%s'", bad);
			break;
		} else {
			int k;

			for (k = 0; k < n && e->opts[k].shortname != ch; k++)
				;
			opt_given(e, a, k, e->opts[k].arg ? optarg : "1");
		}
	}
	strbuf_release(&sopts);
	return rc;
}

/* -p, else $BRAID_PROJECT, else the single *.braid in the current directory. */
static int find_project(const char *given, char **path)
{
	const char *env = getenv("BRAID_PROJECT");
	struct strbuf found = STRBUF_INIT;
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (given || (env && *env)) {
		*path = xstrdup(given ? given : env);
		return 0;
	}
	d = opendir(".");
	if (!d)
		return cli_error("cannot list the current directory to find a project");
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 6 && !strcmp(de->d_name + len - 6, ".braid")) {
			strbuf_addf(&found, "%s%s", n++ ? "', '" : "", de->d_name);
			if (n == 1)
				*path = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n == 1) {
		strbuf_release(&found);
		return 0;
	}
	if (n > 1) {
		free(*path);
		*path = NULL;
		cli_error("several projects here ('%s'): choose one with -p FILE or $BRAID_PROJECT",
			  found.buf);
	} else {
		cli_error("no project: no *.braid file here; create one with 'braid init NAME.braid' "
			  "or choose one with -p FILE or $BRAID_PROJECT");
	}
	strbuf_release(&found);
	return EXIT_ERROR;
}

/* Who runs braid: $BRAID_CODER, else $USER; NULL when neither says (never made up). */
static const char *whoami(void)
{
	const char *c = getenv("BRAID_CODER");

	if (!c || !*c)
		c = getenv("USER");
	return c && *c ? c : NULL;
}

/* $BRAID_BLIND set to anything but "" or "0": every project command is blind. */
static int blind_env(void)
{
	const char *b = getenv("BRAID_BLIND");

	return b && *b && strcmp(b, "0");
}

/*
 * The blind coder (docs/cli.md, "Blind coding"): the command's --coder,
 * whatever else it means there (the coder a read command shows, or the
 * person a change is made by: either way the one whose work is shown),
 * else $BRAID_CODER. Not $USER: blind coding names its coder. NULL when
 * the command is not blind; *rc EXIT_USAGE when it is and no coder is named.
 */
static const char *blind_coder(const struct cmd_entry *e, const struct cli_args *a,
			       const struct common_args *ca, int *rc)
{
	const char *who = has_opt(e, "coder") ? cli_opt(a, e, "coder") : ca->coder;
	const char *env = getenv("BRAID_CODER");

	*rc = 0;
	if (!(e->flags & CMD_PROJECT) || (e->project_if && !cli_opt(a, e, e->project_if)) ||
	    !(ca->blind || blind_env()))
		return NULL; /* no project, no codings to hide */
	if (e->flags & CMD_ALL_CODERS) {
		*rc = cli_usage_error(e, "'%s' reads every coder's codings: it does not run blind%s",
				      e->name, ca->blind ? "" : " (unset $BRAID_BLIND)");
		return NULL;
	}
	if (!who && env && *env)
		who = env;
	if (!who)
		*rc = cli_usage_error(e, "%s needs a coder: --coder NAME or $BRAID_CODER",
				      ca->blind ? "--blind" : "BRAID_BLIND");
	return who;
}

/* A project this command created and then failed to fill: gone, as if never made. */
static void forget_project(const char *path)
{
	struct strbuf side = STRBUF_INIT;

	unlink(path);
	strbuf_addf(&side, "%s-wal", path);
	unlink(side.buf);
	strbuf_setlen(&side, side.len - 4);
	strbuf_addstr(&side, "-shm");
	unlink(side.buf);
	strbuf_release(&side);
}

static int run(const struct cmd_entry *e, int argc, char **argv, const char *project, FILE *out)
{
	struct cli c = { .out = out, .command = e->name, .entry = e };
	struct cli_args a = { .npos = 0 };
	struct common_args ca = { .project = project };
	struct braid_store_opts so = { 0 };
	char *path = NULL;
	int rc, created = 0;
	const char *busy = getenv("BRAID_BUSY_TIMEOUT");

	rc = parse_args(e, argc, argv, &a, &ca);
	project = ca.project;
	if (rc)
		goto out;
	if (ca.help) {
		cli_help(c.out, e);
		goto out;
	}
	if (a.npos < e->min_pos || (e->max_pos >= 0 && a.npos > e->max_pos)) {
		rc = cli_usage_error(e, a.npos < e->min_pos ? "'%s' needs more arguments"
							   : "too many arguments for '%s'",
				     e->name);
		goto out;
	}
	if (ca.coder && !ca.blind && !blind_env()) {
		rc = cli_usage_error(e, "--coder applies to '%s' with --blind only", e->name);
		goto out;
	}
	c.blind = blind_coder(e, &a, &ca, &rc);
	if (rc)
		goto out;
	/* every usage error the table can tell, before looking for a project */
	if (e->subcmds && (rc = cli_subcmd_check(e, &c, &a)))
		goto out;
	c.sub = NULL;
	c.coder = whoami();
	if ((e->flags & CMD_AS_CODER) && cli_opt(&a, e, "coder"))
		c.coder = cli_opt(&a, e, "coder");
	if (ca.coder)
		c.coder = ca.coder; /* the blind coder is who runs it */
	if ((e->flags & CMD_PROJECT) && (!e->project_if || cli_opt(&a, e, e->project_if))) {
		rc = find_project(project, &path);
		if (rc)
			goto out;
		c.project = path;
		so.busy_ms = busy ? atoi(busy) : 0;
		/* read-write even for listings, so that an older project is upgraded
		 * on first use; only CMD_WRITE commands open a transaction */
		if ((e->flags & CMD_NEW_PROJECT) && project && access(path, F_OK) < 0) {
			if (braid_store_create(path, NULL, c.coder, &so, &c.st, &c.err)) {
				rc = cli_fail(&c);
				goto out;
			}
			created = 1;
		} else if (braid_store_open(path, &so, &c.st, &c.err)) {
			rc = cli_fail(&c);
			goto out;
		}
		braid_store_set_sink(c.st, core_sink, NULL);
		/* one restriction in the core for every listing and count (store.h) */
		if (c.blind && braid_store_set_blind(c.st, c.blind, &c.err)) {
			rc = cli_fail(&c);
			goto out;
		}
		if ((e->flags & CMD_WRITE) && (rc = cli_txn_begin(&c)))
			goto out;
	}
	rc = e->fn(&c, &a);
	if (c.st && (e->flags & CMD_WRITE))
		rc = cli_txn_end(&c, rc);
out:
	if (fflush(c.out) != 0 && !rc)
		rc = cli_error("cannot write the output");
	braid_store_close(c.st);
	if (created && rc)
		forget_project(path);
	cli_args_release(&a);
	free(path);
	return rc;
}

int main(int argc, char **argv)
{
	const char *project = NULL;
	int i = 1;

	/* global options before the command */
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("braid %s\n", BRAID_VERSION);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cli_help(stdout, NULL);
			return EXIT_OK;
		} else if ((!strcmp(argv[i], "-p") || !strcmp(argv[i], "--project")) && i + 1 < argc) {
			project = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--project=", 10)) {
			project = argv[i] + 10;
			i++;
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc) {
		/* the overview, as the usage message of a command line without a command */
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		if (f) {
			cli_help(f, NULL);
			fclose(f);
			while (len && text[len - 1] == '\n')
				text[--len] = '\0';
			cli_message(CLI_MSG_USAGE, "%s", text);
		}
		free(text);
		return EXIT_USAGE;
	}
	return cli_run(argc - i, argv + i, project, stdout);
}

int cli_run(int argc, char **argv, const char *project, FILE *out)
{
	const struct cmd_entry *e = argc > 0 ? find_command(argv[0]) : NULL;

	if (!e)
		return EXIT_USAGE;
	return run(e, argc, argv, project, out);
}
