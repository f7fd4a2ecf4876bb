/*
 * subcmd.c - commands made of subcommands (braid code add, braid codebook
 * show, ...): finding the subcommand, refusing the shared options that do not
 * apply to it, and the transaction of the ones that write (see cli.h).
 */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

/* 1 if the usage line names option --name (as a whole word). */
static int usage_names(const char *usage, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = usage; (p = strstr(p, "--")); p += 2) {
		const char *q = p + 2;

		if (p > usage && (p[-1] == '-' || (p[-1] >= 'a' && p[-1] <= 'z')))
			continue;
		if (!strncmp(q, name, n) && !((q[n] >= 'a' && q[n] <= 'z') || q[n] == '-'))
			return 1;
	}
	return 0;
}

int cli_sub_usage(struct cli *c, const char *fmt, ...)
{
	const struct subcmd *s = c->sub;
	va_list ap;

	va_start(ap, fmt);
	cli_vmessage(CLI_MSG_ERROR, fmt, ap);
	va_end(ap);
	if (c->entry && s)
		cli_message(CLI_MSG_USAGE, "usage: braid %s %s%s%s\n(see 'braid help %s')",
			    c->entry->name, s->name, s->usage && *s->usage ? " " : "",
			    s->usage ? s->usage : "", c->entry->name);
	return EXIT_USAGE;
}

void cli_subcmd_help(FILE *f, const struct cmd_entry *e)
{
	struct strbuf summary = STRBUF_INIT;

	fputs("\nsubcommands:\n", f);
	for (const struct subcmd *s = e->subcmds; s && s->name; s++) {
		strbuf_reset(&summary);
		cli_expand_help(s->summary, &summary);
		fprintf(f, "  %s %s %s\n      %s\n", e->name, s->name, s->usage ? s->usage : "",
			summary.buf);
	}
	if (e->default_sub)
		fprintf(f, "  ('braid %s' without a subcommand is 'braid %s %s')\n", e->name, e->name,
			e->default_sub);
	strbuf_release(&summary);
}

int cli_vocab_usage(struct cli *c, const struct braid_vocab *v, const char *value)
{
	struct braid_err e = BRAID_ERR_INIT;

	braid_vocab_error(v, value, &e);
	return c->sub ? cli_sub_usage(c, "%s", e.msg) : cli_usage_error(c->entry, "%s", e.msg);
}

static const struct subcmd *find_sub(const struct cmd_entry *e, const char *name)
{
	const struct subcmd *found = NULL;
	struct strbuf all = STRBUF_INIT, names = STRBUF_INIT;
	size_t n = strlen(name), matches = 0;

	for (const struct subcmd *s = e->subcmds; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	for (const struct subcmd *s = e->subcmds; s->name; s++) {
		strbuf_addf(&names, "%s%s", names.len ? ", " : "", s->name);
		if (!strncmp(s->name, name, n)) {
			found = s;
			strbuf_addf(&all, "%s%s", matches++ ? ", " : "", s->name);
		}
	}
	if (matches > 1)
		cli_usage_error(e, "ambiguous subcommand '%s %s': %s", e->name, name, all.buf);
	else if (!matches)
		cli_usage_error(e, "unknown subcommand '%s %s' (expected %s)", e->name, name,
				names.buf);
	strbuf_release(&all);
	strbuf_release(&names);
	return matches == 1 ? found : NULL;
}

int cli_txn_begin(struct cli *c)
{
	return braid_store_begin(c->st, c->coder, c->command, &c->err) ? cli_fail(c) : EXIT_OK;
}

int cli_txn_end(struct cli *c, int rc)
{
	if (!rc && braid_store_commit(c->st, &c->err))
		rc = cli_fail(c);
	if (rc)
		braid_store_rollback(c->st);
	return rc;
}

static const struct subcmd *exact_sub(const struct cmd_entry *e, const char *name)
{
	for (const struct subcmd *s = e->subcmds; name && s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/*
 * The subcommand a command line names, or its default (cmd_entry.default_sub);
 * *named is 1 when the first argument named it. NULL after a usage error.
 */
static const struct subcmd *choose_sub(const struct cmd_entry *e, const struct cli_args *a,
				       int *named)
{
	const struct subcmd *s, *def = exact_sub(e, e->default_sub);

	*named = 0;
	if (!a->npos && def)
		return def;
	if (!a->npos) {
		struct strbuf names = STRBUF_INIT;

		for (s = e->subcmds; s->name; s++)
			strbuf_addf(&names, "%s%s", names.len ? ", " : "", s->name);
		cli_usage_error(e, "'%s' needs a subcommand: %s", e->name, names.buf);
		strbuf_release(&names);
		return NULL;
	}
	if ((s = exact_sub(e, a->pos[0]))) {
		*named = 1;
		return s;
	}
	/* the default's arguments (a document's name) are no subcommand */
	if (def && def->max_pos != 0)
		return def;
	*named = 1;
	return find_sub(e, a->pos[0]);
}

int cli_subcmd_check(const struct cmd_entry *e, struct cli *c, const struct cli_args *a)
{
	const struct subcmd *s;
	int named, npos;

	s = choose_sub(e, a, &named);
	if (!s)
		return EXIT_USAGE;
	npos = a->npos - named;
	c->entry = e;
	c->sub = s;
	for (int i = 0; e->opts && e->opts[i].name; i++)
		if (a->value[i] && !usage_names(s->usage ? s->usage : "", e->opts[i].name) &&
		    /* with --blind, --coder names the blind coder on every subcommand */
		    !(c->blind && !strcmp(e->opts[i].name, "coder")))
			return cli_sub_usage(c, "option '--%s' does not apply to '%s %s'",
					     e->opts[i].name, e->name, s->name);
	if (npos < s->min_pos || (s->max_pos >= 0 && npos > s->max_pos))
		return cli_sub_usage(c, npos < s->min_pos ? "'%s %s' needs more arguments"
							  : "too many arguments for '%s %s'",
				     e->name, s->name);
	return EXIT_OK;
}

int cli_subcmd_run(const struct cmd_entry *e, struct cli *c, const struct cli_args *a)
{
	struct cli_args sa = *a;
	struct strbuf command = STRBUF_INIT;
	const struct subcmd *s;
	int named, rc = cli_subcmd_check(e, c, a);

	if (rc)
		return rc;
	s = c->sub;
	choose_sub(e, a, &named);
	sa.pos = a->pos + named;
	sa.npos = a->npos - named;
	strbuf_addf(&command, "%s %s", e->name, s->name);
	c->command = command.buf;
	if ((s->flags & CMD_AS_CODER) && cli_opt(a, e, "coder"))
		c->coder = cli_opt(a, e, "coder");
	if (!(s->flags & CMD_WRITE)) {
		rc = s->fn(c, &sa);
	} else if (!(rc = cli_txn_begin(c))) {
		rc = cli_txn_end(c, s->fn(c, &sa));
	}
	c->command = e->name;
	strbuf_release(&command);
	return rc;
}
