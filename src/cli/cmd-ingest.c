/* cmd-ingest.c - braid ingest FILE...: read transcripts into the project. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "braid/alloc.h"
#include "braid/ingest.h"
#include "cli.h"


static const struct cli_opt opts[] = {
	{ "format", 'f', "FORMAT", "text, markdown, vtt, srt, docx or odt (default: detected per file)" },
	{ "kind", 'k', "KIND", "{kind} (default: guessed)" },
	{ "case", 'c', "ID", "link each document (and its participant) to this case" },
	{ "case-map", 0, "CSV", "speaker,case rows mapping speaker labels to cases" },
	{ "speakers", 's', "A,B,...", "declare the speaker labels (each is a label even if rare)" },
	{ "speaker-pattern", 0, "REGEX", "PCRE2 pattern for label lines: groups (?<speaker>) (?<time>)" },
	{ "interviewer", 'i', "A,B,...", "these labels are the interviewer/moderator (others participants)" },
	{ "encoding", 'e', "ENC", "read non-UTF-8 bytes as cp1252 or latin1" },
	{ "language", 'l', "LANG", "language of the documents (e.g. en, ru, uz, es)" },
	{ "name", 'n', "NAME", "document name (one file only; default: file name without extension)" },
	{ "files-from", 0, "LIST", "also read the files named in LIST, one per line ('-': stdin)" },
	{ "replace", 'r', "DOC", "read a corrected FILE into document DOC, carrying its codings over" },
	{ "force", 0, NULL, "add content that is already in the project again" },
	{ "skip-existing", 0, NULL, "skip (and list) files whose content is in the project already" },
	{ "exclude", 'x', "GLOB", "leave out files and directories whose name or path matches GLOB" },
	{ "quiet", 'q', NULL, "print nothing but errors" },
	{ "json", 0, NULL, "print the per-file summaries (with --replace: the report) as JSON" },
	{ NULL, 0, NULL, NULL },
};

static const char *const repeatable[] = { "exclude", NULL };

struct ingest_out {
	struct cli *c;
	struct braid_json j;
	int json, quiet, replace;
	int opened; /* --replace --json: the summary has opened the report's object */
	size_t files, turns, words;
	size_t skipped; /* --skip-existing: files whose content was there */
};

static void summary_json(struct braid_json *j, const struct braid_ingest_summary *s)
{
	braid_json_kv_str(j, "file", s->path);
	braid_json_kv_str(j, "name", s->name);
	braid_json_kv_str(j, "format", braid_format_name(s->format));
	braid_json_kv_str(j, "kind", s->kind);
	braid_json_kv_int(j, "turns", (long long)s->turns);
	braid_json_kv_int(j, "words", (long long)s->words);
	braid_json_kv_int(j, "chars", (long long)s->chars);
	braid_json_key(j, "speakers");
	braid_json_begin_array(j);
	for (size_t i = 0; i < s->nspeakers; i++) {
		braid_json_begin_object(j);
		braid_json_kv_str(j, "label", s->speakers[i].label);
		braid_json_kv_str(j, "role", s->speakers[i].role);
		braid_json_kv_str(j, "case", s->speakers[i].case_name);
		braid_json_kv_int(j, "turns", (long long)s->speakers[i].turns);
		braid_json_kv_int(j, "words", (long long)s->speakers[i].words);
		braid_json_end_object(j);
	}
	braid_json_end_array(j);
}

static void summary_text(FILE *f, const struct braid_ingest_summary *s, const char *how)
{
	struct table t;

	fprintf(f, "%s -> %s%s: %s, %s, %zu turns, %zu speakers, %zu words\n", s->path, s->name, how,
		braid_format_name(s->format), s->kind, s->turns, s->nspeakers, s->words);
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

static void summary(const struct braid_ingest_summary *s, void *data)
{
	struct ingest_out *io = data;

	if (s->skipped_as) {
		io->skipped++;
		if (io->json) {
			braid_json_begin_object(&io->j);
			braid_json_kv_str(&io->j, "file", s->path);
			braid_json_kv_str(&io->j, "name", s->skipped_as);
			braid_json_key(&io->j, "skipped");
			braid_json_bool(&io->j, 1);
			braid_json_end_object(&io->j);
		} else if (!io->quiet) {
			fprintf(io->c->out, "%s: skipped, the same content as '%s'\n", s->path,
				s->skipped_as);
		}
		return;
	}
	io->files++;
	io->turns += s->turns;
	io->words += s->words;
	if (io->json) {
		/* with --replace the report's object stays open for the codings */
		braid_json_begin_object(&io->j);
		summary_json(&io->j, s);
		if (io->replace)
			io->opened = 1;
		else
			braid_json_end_object(&io->j);
	} else if (!io->quiet) {
		summary_text(io->c->out, s, io->replace ? " (replaced)" : "");
	}
}

/* ---- --replace: the report ---- */

static void coding_json(struct braid_json *j, const struct braid_replaced_coding *r, int removed)
{
	braid_json_begin_object(j);
	braid_json_kv_int(j, "id", r->id);
	braid_json_kv_str(j, "code", r->code);
	braid_json_kv_str(j, "coder", r->coder);
	braid_json_kv_int(j, "old_start", r->old_start);
	braid_json_kv_int(j, "old_end", r->old_end);
	braid_json_kv_str(j, "old_text", r->old_text);
	if (!removed) {
		braid_json_kv_int(j, "start", r->start);
		braid_json_kv_int(j, "end", r->end);
		braid_json_kv_str(j, "text", r->text);
	}
	if (r->into)
		braid_json_kv_int(j, "into", r->into);
	if (removed || r->into)
		braid_json_kv_int(j, "memos", (long long)r->memos);
	braid_json_end_object(j);
}

static void report_json(struct braid_json *j, const struct braid_replace_report *r)
{
	braid_json_kv_int(j, "old_chars", r->old_chars);
	braid_json_key(j, "capped");
	braid_json_bool(j, r->capped);
	braid_json_key(j, "codings");
	braid_json_begin_object(j);
	braid_json_kv_int(j, "unchanged", (long long)r->unchanged);
	braid_json_key(j, "changed");
	braid_json_begin_array(j);
	for (size_t i = 0; i < r->nchanged; i++)
		coding_json(j, &r->changed[i], 0);
	braid_json_end_array(j);
	braid_json_key(j, "removed");
	braid_json_begin_array(j);
	for (size_t i = 0; i < r->nremoved; i++)
		coding_json(j, &r->removed[i], 1);
	braid_json_end_array(j);
	braid_json_key(j, "merged");
	braid_json_begin_array(j);
	for (size_t i = 0; i < r->nmerged; i++)
		coding_json(j, &r->merged[i], 0);
	braid_json_end_array(j);
	braid_json_end_object(j);
	braid_json_kv_int(j, "memos_removed", (long long)r->memos_removed);
}

/* "#7 family (amina) 117-122: "uncle"" with the text on one line, shortened */
static void coding_line(FILE *f, const struct braid_replaced_coding *r, int removed)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	cli_shorten(r->old_text, strlen(r->old_text), 40, &a);
	if (removed) {
		fprintf(f, "  #%lld %s (%s) %lld-%lld \"%s\"", (long long)r->id, r->code, r->coder,
			(long long)r->old_start, (long long)r->old_end, a.buf);
		if (r->memos)
			fprintf(f, ", with %zu memo%s", r->memos, r->memos == 1 ? "" : "s");
		fputc('\n', f);
	} else {
		cli_shorten(r->text, strlen(r->text), 40, &b);
		if (r->into)
			fprintf(f, "  #%lld into #%lld %s (%s) %lld-%lld", (long long)r->id,
				(long long)r->into, r->code, r->coder, (long long)r->start,
				(long long)r->end);
		else
			fprintf(f, "  #%lld %s (%s) %lld-%lld -> %lld-%lld", (long long)r->id, r->code,
				r->coder, (long long)r->old_start, (long long)r->old_end,
				(long long)r->start, (long long)r->end);
		fprintf(f, " \"%s\" -> \"%s\"", a.buf, b.buf);
		if (r->into && r->memos)
			fprintf(f, ", %zu memo%s moved", r->memos, r->memos == 1 ? "" : "s");
		fputc('\n', f);
	}
	strbuf_release(&a);
	strbuf_release(&b);
}

static void report_text(FILE *f, const struct braid_replace_report *r)
{
	fprintf(f, "codings: %zu unchanged, %zu changed, %zu removed, %zu merged\n", r->unchanged,
		r->nchanged, r->nremoved, r->nmerged);
	if (r->nchanged)
		fputs("changed (kept on the edited text):\n", f);
	for (size_t i = 0; i < r->nchanged; i++)
		coding_line(f, &r->changed[i], 0);
	if (r->nremoved)
		fputs("removed (their text was deleted):\n", f);
	for (size_t i = 0; i < r->nremoved; i++)
		coding_line(f, &r->removed[i], 1);
	if (r->nmerged)
		fputs("merged (now the same span, code and coder as an older coding):\n", f);
	for (size_t i = 0; i < r->nmerged; i++)
		coding_line(f, &r->merged[i], 0);
	if (r->capped)
		fputs("note: a long stretch was rewritten too much to compare word by word; "
		      "codings in it were removed\n", f);
}

static int run_replace(struct cli *c, const char *doc, const char *file,
		       const struct braid_ingest_opts *o, struct ingest_out *io)
{
	struct braid_replace_report rep;
	int rc = EXIT_OK;

	if (io->json)
		braid_json_init(&io->j, c->out);
	if (braid_ingest_replace(c->st, doc, file, o, summary, io, &rep, &c->err)) {
		rc = cli_fail(c);
	} else if (io->json) {
		if (!io->opened) {
			braid_json_begin_object(&io->j);
			braid_json_kv_str(&io->j, "file", file);
			braid_json_kv_str(&io->j, "name", rep.name);
		}
		braid_json_key(&io->j, "same");
		braid_json_bool(&io->j, rep.same);
		if (!rep.same)
			report_json(&io->j, &rep);
		braid_json_end_object(&io->j);
	} else if (!io->quiet && rep.same) {
		fprintf(c->out, "%s: the same text as '%s'; nothing changed\n", file, rep.name);
	} else if (!io->quiet) {
		report_text(c->out, &rep);
	}
	braid_replace_report_release(&rep);
	return rc;
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
						  "srt, docx or odt)", v);
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
	o.skip_existing = cli_opt(a, e, "skip-existing") != NULL;
	if (o.force && o.skip_existing)
		return cli_usage_error(e, "--force and --skip-existing do not go together: content "
					  "already in the project is either added again or skipped");
	files.exclude = cli_opt_all(a, e, "exclude", &files.nexclude);
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
	if (!rc && !files.n && files.excluded)
		rc = cli_usage_error(e, "no files to ingest: --exclude left out all %zu", files.excluded);
	else if (!rc && !files.n)
		rc = cli_usage_error(e, "no files to ingest (name files or directories, or "
					"--files-from LIST)");
	if (rc)
		goto out;
	if ((v = cli_opt(a, e, "replace"))) {
		io.replace = 1;
		if (o.name)
			rc = cli_usage_error(e, "--name does not go with --replace: the document "
						"keeps its name");
		else if (o.skip_existing)
			rc = cli_usage_error(e, "--skip-existing does not go with --replace");
		else if (files.n != 1)
			rc = cli_usage_error(e, "--replace reads one file into one document, "
						"not %zu files", files.n);
		else
			rc = run_replace(c, v, files.v[0], &o, &io);
		goto out;
	}
	if (io.json) {
		braid_json_init(&io.j, c->out);
		braid_json_begin_array(&io.j);
	}
	if (braid_ingest(c->st, (const char *const *)files.v, files.n, &o, summary, &io, &c->err))
		rc = cli_fail(c);
	if (io.json)
		braid_json_end_array(&io.j);
	/*
	 * The files listed above a failure were read and stored, then rolled
	 * back with the rest: say so where they are listed.
	 */
	if (rc && (files.n > 1 || io.files + io.skipped)) {
		if (!io.json && !io.quiet && io.files + io.skipped)
			fprintf(c->out, "nothing was added: the batch is one transaction, so the "
					"%zu file%s above %s not kept either\n",
				io.files + io.skipped, io.files + io.skipped == 1 ? "" : "s",
				io.files + io.skipped == 1 ? "was" : "were");
		else
			cli_note("nothing was added: the batch is one transaction");
	}
	if (!rc && !io.json && !io.quiet && (io.files > 1 || io.skipped)) {
		fprintf(c->out, "ingested %zu file%s: %zu turns, %zu words", io.files,
			io.files == 1 ? "" : "s", io.turns, io.words);
		if (io.skipped)
			fprintf(c->out, "; %zu skipped (already in the project)", io.skipped);
		fputc('\n', c->out);
	}
out:
	braid_paths_release(&files);
	cli_list_free(speakers);
	cli_list_free(interviewers);
	return rc;
}

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.synopsis = "FILE|DIR...",
	.summary = "read transcripts and documents (txt, md, vtt, srt, docx, odt) into the project",
	.description =
		"All files are read in one transaction: if one fails, none is added.\n"
		"A directory stands for the .txt, .md, .vtt, .srt, .docx and .odt files in it\n"
		"and below it, in name order; --exclude leaves some out. Content already in the\n"
		"project is an error, unless --skip-existing (skipped and listed) or --force\n"
		"(added again).\n"
		"Speaker labels, timestamps and formats are described in docs/transcripts.md.\n"
		"With --replace DOC, the one FILE is a corrected transcript of document DOC:\n"
		"its text replaces the document's, and every coding moves with its words, or\n"
		"is removed (and listed) when its words were deleted. One change: undo restores it.",
	.opts = opts,
	.min_pos = 0,
	.max_pos = -1,
	.flags = CMD_PROJECT | CMD_WRITE,
	.fn = cmd_ingest,
	.repeatable = repeatable,
};
