/*
 * bench_parse.c - parse + normalise throughput: reads each file, detects its
 * format, decodes it into the internal form (UTF-8 check, LF, NFC) and parses
 * it into turns, without touching a project. Prints MB/s.
 *
 * usage: bench_parse FILE...   or   bench_parse < LIST (one path per line)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "braid/text.h"
#include "braid/transcript.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_file(const char *path, struct strbuf *raw, struct strbuf *text, size_t *bytes,
		      size_t *turns)
{
	struct braid_parse_opts po = { 0 };
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_transcript tr;
	enum braid_format f;
	int rc;

	strbuf_reset(raw);
	strbuf_reset(text);
	if (strbuf_read_file(raw, path) < 0) {
		fprintf(stderr, "bench_parse: cannot read '%s'\n", path);
		return 1;
	}
	*bytes += raw->len;
	f = braid_format_detect(path, raw->buf, raw->len);
	braid_transcript_init(&tr);
	rc = braid_text_decode(raw->buf, raw->len, BRAID_ENC_AUTO, text, &err);
	if (!rc)
		rc = f == BRAID_FMT_VTT	  ? braid_parse_vtt(text->buf, text->len, &po, &tr, &err)
		     : f == BRAID_FMT_SRT ? braid_parse_srt(text->buf, text->len, &po, &tr, &err)
					  : braid_parse_plain(text->buf, text->len, &po, &tr, &err);
	if (rc) {
		fprintf(stderr, "bench_parse: '%s': %s\n", path, err.msg);
		braid_transcript_release(&tr);
		return 1;
	}
	for (size_t k = 0; k < tr.nr; k++)
		braid_text_words(tr.turns[k].text.buf, tr.turns[k].text.len);
	*turns += tr.nr;
	braid_transcript_release(&tr);
	return 0;
}

int main(int argc, char **argv)
{
	struct strbuf raw = STRBUF_INIT, text = STRBUF_INIT;
	double t0 = now(), t;
	size_t bytes = 0, turns = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (parse_file(argv[i], &raw, &text, &bytes, &turns))
				return 1;
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;

		while ((n = getline(&line, &cap, stdin)) > 0) {
			if (line[n - 1] == '\n')
				line[n - 1] = '\0';
			if (*line && parse_file(line, &raw, &text, &bytes, &turns))
				return 1;
		}
		free(line);
	}
	t = now() - t0;
	printf("parse+normalize: %.1f MB, %zu turns in %.2f s: %.1f MB/s\n", bytes / 1e6, turns, t,
	       bytes / 1e6 / t);
	strbuf_release(&raw);
	strbuf_release(&text);
	return 0;
}
