/*
 * cli.h - the command-line client: the command table, option parsing and
 * output helpers shared by the cmd-*.c files.
 *
 * Each command is described once, in its cmd-<name>.c, by a struct
 * cmd_entry: name, summary, positional-argument synopsis, options with
 * their help, flags and the function. The dispatcher (main.c) generates
 * usage and help from it, parses the options, opens the project when the
 * flags say so and, for commands that write, runs the function inside one
 * transaction and appends its audit-log row before committing.
 */
#ifndef BRAID_CLI_H
#define BRAID_CLI_H

#include <stdio.h>

#include "braid/err.h"
#include "braid/store.h"
#include "braid/strbuf.h"

enum {
	CMD_PROJECT = 1 << 0, /* needs an open project */
	CMD_WRITE = 1 << 1,   /* mutates: one transaction + an audit row */
};

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

struct cli_opt {
	const char *name;  /* long name without "--" */
	char shortname;    /* 0 if none */
	const char *arg;   /* argument name for help, NULL for a flag */
	const char *help;
};

#define CLI_MAX_OPTS 24

/* Parsed options: value[i] belongs to the command's opts[i] (flags get "1"). */
struct cli_args {
	const char *value[CLI_MAX_OPTS];
	char **pos; /* positional arguments */
	int npos;
};

struct cli {
	struct braid_store *st;
	const char *project;  /* path of the open project */
	const char *coder;    /* who runs the command (BRAID_CODER, USER) */
	const char *command;  /* full command name */
	struct strbuf audit;  /* what changed, for the audit row of a CMD_WRITE command */
	struct braid_err err; /* a command fills it and returns EXIT_ERROR */
	FILE *out;
};

struct cmd_entry {
	const char *name;
	const char *synopsis; /* positional arguments, e.g. "FILE..." */
	const char *summary;  /* one line */
	const char *description; /* longer help, may be NULL */
	const struct cli_opt *opts; /* terminated by { NULL } */
	int min_pos, max_pos;       /* -1: unlimited */
	int flags;
	int (*fn)(struct cli *c, const struct cli_args *a);
};

/* The commands, one per cmd-<name>.c, and the table of them (main.c). */
extern const struct cmd_entry cmd_init_entry, cmd_ingest_entry, cmd_docs_entry, cmd_show_entry,
	cmd_speakers_entry, cmd_cases_entry, cmd_search_entry, cmd_log_entry, cmd_help_entry,
	cmd_version_entry;
extern const struct cmd_entry *const cmd_table[];

/* Value of option `name` of the running command, or NULL. */
const char *cli_opt(const struct cli_args *a, const struct cmd_entry *e, const char *name);

/* Reports an error (stderr, "braid: ..."), returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports a usage error with the command's synopsis, returns EXIT_USAGE. */
int cli_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns EXIT_ERROR after printing c->err. */
int cli_fail(struct cli *c);

/* Parses a non-negative integer option; -1 and a usage message if it is not one. */
long cli_parse_count(const struct cmd_entry *e, const char *name, const char *value);

/* Splits "a,b,c" into a NULL-terminated array (free with cli_list_free). */
char **cli_split_list(const char *s, size_t *n);
void cli_list_free(char **list);

/* Prints the help of a command, or the overview when e is NULL. */
void cli_help(FILE *f, const struct cmd_entry *e);

/* ---- output ---- */

/* JSON writer: strings escaped, commas handled. */
struct json {
	FILE *f;
	int depth;
	int first[32];
};
void json_init(struct json *j, FILE *f);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);          /* NULL writes null */
void json_strn(struct json *j, const char *s, size_t len);
void json_int(struct json *j, long long v);
void json_null(struct json *j);
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);

/* Aligned text tables: add rows of cells, then print. */
struct table {
	size_t ncols;
	char **cell;
	size_t nr, alloc;
	unsigned right_mask; /* bit i: right-align column i */
};
void table_init(struct table *t, size_t ncols, unsigned right_mask, const char *const *header);
void table_add(struct table *t, const char *const *cells); /* ncols cells; NULL shows "-" */
void table_print(struct table *t, FILE *f, int indent);
void table_release(struct table *t);

/*
 * A listing prints either an aligned table (header first) or a JSON array of
 * objects: commands write each row through one of the two, and listing_end
 * prints the table when the listing completed (ok).
 */
struct listing {
	struct json j;
	struct table t;
	int json;
	FILE *f;
};
void listing_begin(struct listing *l, FILE *f, int json, size_t ncols, unsigned right_mask,
		   const char *const *header);
void listing_end(struct listing *l, int ok);

/* Formats v into buf (at least 24 bytes) and returns buf, for table cells. */
const char *cli_int(char *buf, long long v);

/* Number of terminal columns a UTF-8 string takes (code points; wide chars count 2). */
size_t cli_width(const char *s);

/* Progress on stderr when it is a terminal and not quiet (see progress.h). */
struct braid_progress;
void cli_progress(const struct braid_progress *p, void *ctx);

/* Formats milliseconds as h:mm:ss (or -h:mm:ss), into buf of at least 24 bytes. */
void cli_format_ms(long long ms, char *buf, size_t size);

#endif
