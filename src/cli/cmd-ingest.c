/* cmd-ingest.c - braid ingest FILE...: read transcripts into the project. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/ingest.h"
#include "cli.h"


static const struct cli_opt opts[] = {
	{ "format", 'f', "FORMAT", "text, markdown, vtt, srt or docx (default: detected per file)" },
	{ "kind", 'k', "KIND", "interview, focus-group, document or notes (default: guessed)" },
	{ "case", 'c', "ID", "link each document (and its participant) to this case" },
	{ "case-map", 0, "CSV", "speaker,case rows mapping speaker labels to cases" },
	{ "speakers", 's', "A,B,...", "declare the speaker labels (each is a label even if rare)" },
	{ "speaker-pattern", 0, "REGEX", "PCRE2 pattern for label lines: groups (?<speaker>) (?<time>)" },
	{ "interviewer", 'i', "A,B,...", "these labels are the interviewer/moderator (others participants)" },
	{ "encoding", 'e', "ENC", "read non-UTF-8 bytes as cp1252 or latin1" },
	{ "language", 'l', "LANG", "language of the documents (e.g. en, ru, uz, es)" },
	{ "name", 'n', "NAME", "document name (one file only; default: file name without extension)" },
	{ "files-from", 0, "LIST", "also read the files named in LIST, one per line ('-': stdin)" },
	{ "force", 0, NULL, "add content that is already in the project again" },
	{ "quiet", 'q', NULL, "print nothing but errors" },
	{ "json", 0, NULL, "print the per-file summaries as JSON" },
	{ NULL, 0, NULL, NULL },
};

struct ingest_out {
	struct cli *c;
	struct json j;
	int json, quiet;
	size_t files, turns, words;
};

static void summary(const struct braid_ingest_summary *s, void *data)
{
	struct ingest_out *io = data;
	FILE *f = io->c->out;

	io->files++;
	io->turns += s->turns;
	io->words += s->words;
	if (io->json) {
		json_begin_object(&io->j);
		json_kv_str(&io->j, "file", s->path);
		json_kv_str(&io->j, "name", s->name);
		json_kv_str(&io->j, "format", braid_format_name(s->format));
		json_kv_str(&io->j, "kind", s->kind);
		json_kv_int(&io->j, "turns", (long long)s->turns);
		json_kv_int(&io->j, "words", (long long)s->words);
		json_kv_int(&io->j, "chars", (long long)s->chars);
		json_key(&io->j, "speakers");
		json_begin_array(&io->j);
		for (size_t i = 0; i < s->nspeakers; i++) {
			json_begin_object(&io->j);
			json_kv_str(&io->j, "label", s->speakers[i].label);
			json_kv_str(&io->j, "role", s->speakers[i].role);
			json_kv_str(&io->j, "case", s->speakers[i].case_name);
			json_kv_int(&io->j, "turns", (long long)s->speakers[i].turns);
			json_kv_int(&io->j, "words", (long long)s->speakers[i].words);
			json_end_object(&io->j);
		}
		json_end_array(&io->j);
		json_end_object(&io->j);
		return;
	}
	if (io->quiet)
		return;
	fprintf(f, "%s -> %s: %s, %s, %zu turns, %zu speakers, %zu words\n", s->path, s->name,
		braid_format_name(s->format), s->kind, s->turns, s->nspeakers, s->words);
	{
		struct table t;

		table_init(&t, 5, 0x18, NULL);
		for (size_t i = 0; i < s->nspeakers; i++) {
			char turns[32], words[32], cs[160];
			const char *row[5];

			snprintf(turns, sizeof(turns), "%zu turns", s->speakers[i].turns);
			snprintf(words, sizeof(words), "%zu words", s->speakers[i].words);
			snprintf(cs, sizeof(cs), "case %s", s->speakers[i].case_name ? s->speakers[i].case_name : "");
			row[0] = s->speakers[i].label;
			row[1] = s->speakers[i].role;
			row[2] = s->speakers[i].case_name ? cs : "";
			row[3] = turns;
			row[4] = words;
			table_add(&t, row);
		}
		table_print(&t, f, 4);
		table_release(&t);
	}
}

static int cmd_ingest(struct cli *c, const struct cli_args *a)
{
	const struct cmd_entry *e = &cmd_ingest_entry;
	struct braid_ingest_opts o = { 0 };
	struct ingest_out io = { .c = c };
	struct braid_paths files = { 0 };
	const char *v;
	char **speakers = NULL, **interviewers = NULL;
	size_t n;
	int rc = EXIT_OK;

	if ((v = cli_opt(a, e, "format"))) {
		int f = braid_format_parse(v);

		if (f < 0)
			return cli_usage_error(e, "unknown format '%s' (expected text, markdown, vtt, "
						  "srt or docx)", v);
		o.format = (enum braid_format)f;
	}
	if ((v = cli_opt(a, e, "encoding"))) {
		int enc = braid_encoding_parse(v);

		if (enc < 0)
			return cli_usage_error(e, "unknown encoding '%s' (expected utf-8, cp1252 or "
						  "latin1)", v);
		o.encoding = (enum braid_encoding)enc;
	}
	o.kind = cli_opt(a, e, "kind");
	o.case_name = cli_opt(a, e, "case");
	o.case_map = cli_opt(a, e, "case-map");
	o.language = cli_opt(a, e, "language");
	o.name = cli_opt(a, e, "name");
	o.force = cli_opt(a, e, "force") != NULL;
	o.parse.speaker_pattern = cli_opt(a, e, "speaker-pattern");
	if ((v = cli_opt(a, e, "speakers"))) {
		speakers = cli_split_list(v, &n);
		o.parse.speakers = (const char *const *)speakers;
		o.parse.nspeakers = n;
	}
	if ((v = cli_opt(a, e, "interviewer"))) {
		interviewers = cli_split_list(v, &n);
		o.interviewers = (const char *const *)interviewers;
		o.ninterviewers = n;
	}
	io.quiet = cli_opt(a, e, "quiet") != NULL;
	io.json = cli_opt(a, e, "json") != NULL;
	o.progress = cli_progress;
	o.progress_ctx = &io.quiet;
	for (int i = 0; !rc && i < a->npos; i++)
		if (braid_ingest_paths(&files, a->pos[i], &c->err))
			rc = cli_fail(c);
	if (!rc && (v = cli_opt(a, e, "files-from"))) {
		FILE *f = strcmp(v, "-") ? fopen(v, "r") : stdin;

		if (!f)
			rc = cli_error("cannot read file list '%s': %s", v, strerror(errno));
		else if (braid_ingest_paths_list(&files, f, v, &c->err))
			rc = cli_fail(c);
		if (f && f != stdin)
			fclose(f);
	}
	if (!rc && !files.n)
		rc = cli_usage_error(e, "no files to ingest (name files or directories, or "
					"--files-from LIST)");
	if (rc)
		goto out;
	if (io.json) {
		json_init(&io.j, c->out);
		json_begin_array(&io.j);
	}
	if (braid_ingest(c->st, (const char *const *)files.v, files.n, &o, summary, &io, &c->err))
		rc = cli_fail(c);
	if (io.json)
		json_end_array(&io.j);
	else if (!rc && !io.quiet && io.files > 1)
		fprintf(c->out, "ingested %zu files: %zu turns, %zu words\n", io.files, io.turns,
			io.words);
out:
	braid_paths_release(&files);
	cli_list_free(speakers);
	cli_list_free(interviewers);
	return rc;
}

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.synopsis = "FILE|DIR...",
	.summary = "read transcripts and documents (txt, md, vtt, srt, docx) into the project",
	.description =
		"All files are read in one transaction: if one fails, none is added.\n"
		"A directory stands for the .txt, .md, .vtt, .srt and .docx files in it and\n"
		"below it, in name order.\n"
		"Speaker labels, timestamps and formats are described in docs/transcripts.md.",
	.opts = opts,
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_PROJECT | CMD_WRITE,
	.fn = cmd_ingest,
};
