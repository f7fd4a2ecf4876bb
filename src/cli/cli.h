/*
 * cli.h - the command-line client: the command table, option parsing, the
 * message sink and the output helpers shared by the cmd-*.c files.
 *
 * Each command is described once, in its cmd-<name>.c, by a struct
 * cmd_entry: name, summary, positional-argument synopsis, options with
 * their help, flags and the function. The dispatcher (main.c) generates
 * usage and help from it, parses the options, opens the project when the
 * flags say so and, for commands that write, runs the function inside one
 * transaction and appends its audit-log row before committing.
 *
 * Output and messages are apart: a command writes its output to c->out
 * only, and everything else it has to say (errors, usage, warnings, notes)
 * through the message sink (below). Listings are printed by the core's
 * renderer from the core's column descriptions (braid/table.h,
 * braid/columns.h), in the format --format or --json chose.
 */
#ifndef BRAID_CLI_H
#define BRAID_CLI_H

#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>

#include "braid/err.h"
#include "braid/json.h"
#include "braid/store.h"
#include "braid/strbuf.h"
#include "braid/vocab.h"
#include "braid/table.h"

enum {
	CMD_PROJECT = 1 << 0,  /* needs an open project */
	CMD_WRITE = 1 << 1,    /* mutates: one change (transaction + audit row, by the core) */
	CMD_AS_CODER = 1 << 2, /* its --coder NAME is the person making the change */
	/*
	 * it reads every coder's codings by design (agreement, merging coders'
	 * copies, reconciliation): never blind; --blind or $BRAID_BLIND is a
	 * usage error rather than a result computed from one coder's codings
	 */
	CMD_ALL_CODERS = 1 << 3,
	/* with -p FILE naming no file yet, the project is created first (braid import) */
	CMD_NEW_PROJECT = 1 << 4,
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

/*
 * Parsed options: value[i] belongs to the command's opts[i] (flags get "1"),
 * the last value given; for an option the command lists as repeatable
 * (cmd_entry.repeatable), all[i] holds every value in order (nall[i] of
 * them). Release with cli_args_release.
 */
struct cli_args {
	const char *value[CLI_MAX_OPTS];
	const char **all[CLI_MAX_OPTS];
	size_t nall[CLI_MAX_OPTS];
	char **pos; /* positional arguments */
	int npos;
};

void cli_args_release(struct cli_args *a);

struct cmd_entry;
struct subcmd;

struct cli {
	struct braid_store *st;
	const char *project;  /* path of the open project */
	const char *coder;    /* who runs the command (BRAID_CODER, USER; a CMD_AS_CODER --coder) */
	const char *blind;    /* blind coding: the coder whose codings alone are shown, else NULL */
	const char *command;  /* full command name */
	struct braid_err err; /* a command fills it and returns EXIT_ERROR */
	FILE *out;            /* the command's output: stdout, or what the TUI's `:` prompt gives */
	const struct cmd_entry *entry; /* set by cli_subcmd_run: the command ... */
	const struct subcmd *sub;      /* ... and the subcommand running */
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
	const struct subcmd *subcmds; /* NULL, or the subcommands (fn calls cli_subcmd_run) */
	/*
	 * With subcommands: the one that runs when none is named (braid docs =
	 * braid docs ls): when there are no arguments, or, if it takes
	 * arguments, when the first is not exactly a subcommand's name (braid
	 * speakers P001 = braid speakers ls P001; a document named like a
	 * subcommand needs the name: braid speakers ls set). NULL: a subcommand
	 * must be named, and a unique prefix of one works.
	 */
	const char *default_sub;
	/*
	 * Names of the options that may be given more than once, every value
	 * counting (ingest --exclude A --exclude B; cli_opt_all), NULL-terminated;
	 * NULL: none. Any other option given twice keeps its last value. (A list
	 * here rather than a field of struct cli_opt, whose tables are written
	 * positionally in every command.)
	 */
	const char *const *repeatable;
	/*
	 * With CMD_PROJECT: the option without which the command needs no
	 * project (agree works on a project with --coders, on a file with
	 * --matrix); NULL: always a project.
	 */
	const char *project_if;
};

/*
 * Subcommands (braid code add, braid codebook show, ...): one command whose
 * first positional argument names the subcommand. The command's options are
 * shared by its subcommands; `usage` names the ones each subcommand takes, and
 * cli_subcmd_run refuses the others with a usage error, so the usage line in
 * the help and what is accepted cannot drift apart.
 */
struct subcmd {
	const char *name;
	const char *usage;   /* what follows "braid CMD NAME": arguments and every option it takes */
	const char *summary; /* one line */
	int min_pos, max_pos; /* arguments after the subcommand name; max -1: unlimited */
	int flags;            /* CMD_WRITE: one transaction and an audit row "CMD NAME" */
	int (*fn)(struct cli *c, const struct cli_args *a); /* a->pos[0]: first argument after NAME */
};

/*
 * Runs the subcommand named by a->pos[0] (exact, or a unique prefix) of
 * command e, which must be CMD_PROJECT without CMD_WRITE: the transaction
 * is opened here for the subcommands that write. Unknown or ambiguous names,
 * options the subcommand does not take and wrong argument counts are usage
 * errors (exit 2).
 */
int cli_subcmd_run(const struct cmd_entry *e, struct cli *c, const struct cli_args *a);
/*
 * The usage checks of cli_subcmd_run alone (subcommand name, the options it
 * takes, its argument count): the dispatcher runs them before it looks for
 * the project, so a usage error is exit 2 even outside a project.
 */
int cli_subcmd_check(const struct cmd_entry *e, struct cli *c, const struct cli_args *a);
/*
 * braid export's subcommands (cmd-export.c), in the files of their kind:
 * cmd-export-tables.c, cmd-figure.c, cmd-refi.c.
 */
int cli_export_matrix(struct cli *c, const struct cli_args *a);
/*
 * The matrix of export matrix and of `braid matrix` (cmd-matrix.c), one
 * code path: e is the command whose options a holds (rows, cols, value,
 * with, coder, output and the formats, under the same names in both).
 */
int cli_matrix(struct cli *c, const struct cmd_entry *e, const struct cli_args *a);
int cli_export_segments(struct cli *c, const struct cli_args *a);
int cli_export_codebook(struct cli *c, const struct cli_args *a);
int cli_export_cooccur(struct cli *c, const struct cli_args *a);
int cli_export_figure(struct cli *c, const struct cli_args *a);
int cli_export_refi(struct cli *c, const struct cli_args *a);
int cli_export_qdc(struct cli *c, const struct cli_args *a);
/* braid triangulate corr and model (cmd-trimodel.c), subcommands of cmd_triangulate_entry. */
int cli_triangulate_corr(struct cli *c, const struct cli_args *a);
int cli_triangulate_model(struct cli *c, const struct cli_args *a);
/* The "subcommands:" section of a command's help. */
void cli_subcmd_help(FILE *f, const struct cmd_entry *e);
/*
 * Appends help text with each "{id}" replaced by the names of the
 * vocabulary of that id (vocab.h: "{origin}" gives "manual, auto or
 * reconciled"), so that help lists what the core accepts. Names the text
 * lists just before the placeholder ("text, md, {format}": a command's
 * own formats, which shadow the vocabulary's) are not listed twice.
 */
void cli_expand_help(const char *help, struct strbuf *out);

/*
 * Appends v's names as braid_vocab_list does ("a, b or c"), leaving out
 * those among the words of own[0..len) that a comma follows ("text, md, ").
 */
void cli_vocab_list_except(const struct braid_vocab *v, const char *own, size_t len,
			   struct strbuf *out);
/* A usage error for a value not in the vocabulary: "unknown origin 'x' (expected ...)". */
int cli_vocab_usage(struct cli *c, const struct braid_vocab *v, const char *value);
/* A usage error naming the running subcommand's usage line; returns EXIT_USAGE. */
int cli_sub_usage(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * For commands that decide at run time whether they write (subcommands,
 * autocode --preview): cli_txn_begin opens the change CMD_WRITE would (the
 * person c->coder, the command c->command); cli_txn_end, given the
 * command's exit status, commits it (the core writes the audit row) when it
 * is EXIT_OK, else rolls back, and returns the final status.
 */
int cli_txn_begin(struct cli *c);
int cli_txn_end(struct cli *c, int rc);

/* The commands, one per cmd-<name>.c, and the table of them (main.c). */
extern const struct cmd_entry cmd_init_entry, cmd_ingest_entry, cmd_docs_entry, cmd_show_entry,
	cmd_speakers_entry, cmd_cases_entry, cmd_search_entry, cmd_codebook_entry, cmd_code_entry,
	cmd_coder_entry, cmd_memo_entry, cmd_autocode_entry, cmd_retrieve_entry, cmd_stats_entry,
	cmd_log_entry, cmd_undo_entry, cmd_redo_entry, cmd_phase_entry, cmd_read_entry, cmd_theme_entry,
	cmd_quote_entry, cmd_map_entry, cmd_report_entry, cmd_help_entry, cmd_version_entry,
	cmd_agree_entry, cmd_reconcile_entry, cmd_merge_entry, cmd_survey_entry,
	cmd_matrix_entry, cmd_triangulate_entry, cmd_export_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_summary_entry;
/* The project mode of braid agree (agree-project.c), options read from e's table. */
int cmd_agree_project(struct cli *c, const struct cli_args *a, const struct cmd_entry *e);
extern const struct cmd_entry *const cmd_table[];

/*
 * Runs one command line: argv[0] names the command (a unique prefix works),
 * the rest are its arguments and options; project is -p's value (NULL: the
 * usual search). The output goes to out, the messages to the sink; returns
 * the exit status. The TUI's `:` prompt runs commands this way, with out an
 * open_memstream.
 */
int cli_run(int argc, char **argv, const char *project, FILE *out);

/* Value of option `name` of the running command, or NULL. */
const char *cli_opt(const struct cli_args *a, const struct cmd_entry *e, const char *name);
/*
 * Every value of the repeatable option `name`, in the order given
 * (*n of them; NULL and 0 when it was not given). Borrowed from a.
 */
const char *const *cli_opt_all(const struct cli_args *a, const struct cmd_entry *e,
			       const char *name, size_t *n);

/*
 * ---- messages ----
 *
 * Everything the CLI says besides a command's output goes through one sink:
 * errors ("no code 'x'"), usage errors and the usage lines after them, and
 * the core's warnings and notes (braid_store_set_sink). The default sink
 * writes them to standard error, as "braid: MESSAGE", "braid: warning:
 * MESSAGE" and the usage lines as they are. The TUI installs its own and
 * shows them in its message pane, and since a command writes its output to
 * c->out only, its `:` prompt can run a command of the table (cli_run) with
 * c->out an open_memstream and show both. (Progress lines are not messages: they come
 * from the core's progress callback, which each client passes itself.)
 */
enum cli_msg {
	CLI_MSG_ERROR,   /* a command failed (exit 1), or was used wrongly (exit 2) */
	CLI_MSG_WARNING, /* something the person should know; the command went on */
	CLI_MSG_NOTE,    /* information beside the output ("no segments coded 'x'") */
	CLI_MSG_USAGE,   /* the usage lines after a usage error; may hold several lines */
};
/* text: one message without a trailing newline, borrowed for the call */
typedef void (*cli_sink_fn)(enum cli_msg kind, const char *text, void *ctx);

/* Installs the sink for every later message; NULL puts back the default (standard error). */
void cli_set_sink(cli_sink_fn fn, void *ctx);

/* Sends a message to the sink: the one place messages leave the CLI. */
void cli_vmessage(enum cli_msg kind, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void cli_message(enum cli_msg kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A note (CLI_MSG_NOTE). */
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports an error (CLI_MSG_ERROR), returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reports a usage error with the command's synopsis, returns EXIT_USAGE. */
int cli_usage_error(const struct cmd_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Returns EXIT_ERROR after printing c->err (with its hint worded for the command line). */
int cli_fail(struct cli *c);

/*
 * The format of a file a command writes, from --format (value), else from
 * the extension of path (".svg" for svg), else (no extension) dflt. A value
 * or an extension not in the vocabulary is a usage error: -1.
 */
int cli_file_format(struct cli *c, const struct braid_vocab *v, const char *value,
		    const char *path, int dflt);

/* Parses a non-negative integer option; -1 and a usage message if it is not one. */
long cli_parse_count(const struct cmd_entry *e, const char *name, const char *value);

/* Splits "a,b,c" into a NULL-terminated array (free with cli_list_free). */
char **cli_split_list(const char *s, size_t *n);
void cli_list_free(char **list);

/* Prints the help of a command, or the overview when e is NULL. */
void cli_help(FILE *f, const struct cmd_entry *e);

/* ---- output ---- */

/*
 * Aligned text tables for the few summaries that are not listings (the
 * speakers of each ingested file, autocode's counts per code): add rows of
 * cells, then print, through the core's table renderer (table.h).
 */
struct table {
	size_t ncols;
	char **cell;
	size_t nr, alloc;
	unsigned right_mask; /* bit i: right-align column i */
	int header;          /* the first row is the header */
};
void table_init(struct table *t, size_t ncols, unsigned right_mask, const char *const *header);
void table_add(struct table *t, const char *const *cells); /* ncols cells; NULL shows "-" */
void table_print(struct table *t, FILE *f, int indent);
void table_release(struct table *t);

/* ---- listings: the core's output model (braid/table.h, braid/columns.h) ---- */

/*
 * The options of every listing command, described once: --format FORMAT,
 * one of {format} (the names of BRAID_VOCAB_OUT_FORMAT, which the help
 * expands) after the command's own formats if it has any, and --json, the
 * same as --format json. In the help, `which` names the subcommands they
 * are for ("ls: "), `own` lists the command's own formats in front ("text,
 * md, ") and `after` follows.
 */
#define CLI_FORMAT_OPTS(which, own, after)                                                         \
	{ "format", 'f', "FORMAT", which own "{format} (the first is the default)" after },        \
	{ "json", 0, NULL, which "the same as --format json (fields in docs/cli.md)" }

/* The two options in a subcommand's usage line. */
#define CLI_FORMAT_USAGE "[--format FORMAT|--json]"

/*
 * The format given with --format or --json to command e: an enum
 * braid_out_format, or BRAID_OUT_FORMAT_N + i for extra[i] (the command's
 * own formats, NULL-terminated; extra may be NULL); def when neither option
 * is given. -1 after a usage error: an unknown format, or --json with
 * another --format.
 */
int cli_format(struct cli *c, const struct cmd_entry *e, const struct cli_args *a,
	       const char *const *extra, int def);

/*
 * A listing on its way to c->out: the core renderer for the format and a row
 * for the listing's row function. For each row, call the listing's
 * braid_*_values(..., &l->row), then cli_listing_row.
 */
struct cli_listing {
	struct braid_out *out;
	struct braid_row row;
};
void cli_listing_begin(struct cli *c, struct cli_listing *l, const struct braid_listing *desc,
		       enum braid_out_format fmt);
/* The same with a title, for the formats that are documents (braid_out_opts.title). */
void cli_listing_begin_titled(struct cli *c, struct cli_listing *l,
			      const struct braid_listing *desc, enum braid_out_format fmt,
			      const char *title);
/* A note on the whole listing (braid_out_note): after the table's rows. */
void cli_listing_note(struct cli_listing *l, const char *text);
void cli_listing_row(struct cli_listing *l);
/*
 * Ends the listing: rc is what the core's listing returned (its error in
 * c->err). Returns the exit status: EXIT_OK, or EXIT_ERROR after the message.
 */
int cli_listing_end(struct cli *c, struct cli_listing *l, int rc);

/*
 * Where a listing goes: c->out, or, with the command's --output FILE, a
 * memory stream that the file gets whole at the end (or not at all).
 * cli_dest_begin returns the format (the file's extension names it when
 * neither --format nor --json is given), c->out pointed at the stream;
 * -1 after a usage error, c->out as it was. cli_dest_end writes the file
 * when rc is EXIT_OK, says "wrote FILE: what" unless what is NULL, puts
 * c->out back and returns the status. e: the command whose options a holds.
 */
struct cli_dest {
	FILE *out; /* c->out before */
	const char *path;
	char *buf;
	size_t len;
};
int cli_dest_begin(struct cli *c, const struct cmd_entry *e, const struct cli_args *a,
		   struct cli_dest *d);
int cli_dest_end(struct cli *c, struct cli_dest *d, int rc, const char *what);

/* Progress on stderr when it is a terminal and not quiet (see progress.h). */
struct braid_progress;
void cli_progress(const struct braid_progress *p, void *ctx);

/*
 * Appends s (len bytes of UTF-8) on one line: runs of whitespace become one
 * space, ends trimmed, and when it is longer than max code points, cut at a
 * word boundary with "..." after it.
 */
void cli_shorten(const char *s, size_t len, size_t max, struct strbuf *out);

/* ---- codes and codings, shared by the coding commands (coding-out.c) ---- */

struct braid_coding_row;
struct braid_code_tree;
struct braid_code_node;

/* Loads the code tree (codes.h; flags BRAID_CODES_*); cli_fail on error. */
int cli_codes_load(struct cli *c, int flags, struct braid_code_tree *t);
/*
 * Resolves an id or unique name among all codes (loading them into t when it
 * is empty); prints the error ("no code 'x'") and returns EXIT_ERROR if none.
 */
int cli_code_resolve(struct cli *c, const char *ref, struct braid_code_tree *t,
		     const struct braid_code_node **out);

/* Parses a positive id (a coding or memo number); -1 when it is not one. */
long long cli_parse_id(const char *s);
/* Appends ids as compact ranges: "3-5, 9" (ids sorted in place). */
void cli_id_ranges(long long *ids, size_t n, struct strbuf *out);

#endif
