/*
 * bench_pcre2.c - the bare PCRE2 floor for `braid autocode` (make bench).
 *
 * usage: bench_pcre2 [--joined] [--no-ucp] RULES FILE...|-
 *
 * ("-" reads the file names from standard input, one per line.)
 * RULES has one code per line: its id, then its patterns, separated by the
 * ASCII unit separator (0x1F). Each code's patterns become one regex as
 * braid_autocode_regex builds it (the regex autocode runs), or with --joined
 * simply "(?:p1)|(?:p2)|..." (the patterns as written, what grep and rg
 * get). Every file is read into memory first (and checked to be UTF-8);
 * then each code's regex, compiled with UTF + UCP + CASELESS (UTF +
 * CASELESS with --no-ucp) and JIT, is run over every file finding EVERY
 * match, as a grep with one pass per code would, but one code after the
 * other over chunks of about 1 MB of files rather than over all of them:
 * autocode runs its codes over batches of turns, which keeps the text and
 * the JIT code in the caches, and this floor gets the same advantage (one
 * pass per code over all of 100 MB is ~20% slower).
 * No turns, roles, units or store: this is what matching alone costs.
 * Prints the matches and the scan time (the caller times the whole run).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "braid/alloc.h"
#include "braid/autocode.h"
#include "braid/strbuf.h"
#include "braid/text.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define CHUNK_BYTES (1024 * 1024)

/* Finds every match of re in s; returns how many (empty matches aside). */
static size_t scan(const pcre2_code *re, pcre2_match_data *md, PCRE2_SPTR s, size_t len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t off = 0, n = 0;

	while (off <= len && pcre2_jit_match(re, s, len, off, 0, md, NULL) >= 0) {
		if (ov[1] > ov[0]) {
			n++;
			off = ov[1];
		} else {
			/* empty match: one code point on */
			if (ov[1] >= len)
				break;
			off = ov[1] + 1;
			while (off < len && (s[off] & 0xC0) == 0x80)
				off++;
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	struct strbuf rules = STRBUF_INIT, *files;
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS;
	size_t nfiles = 0, bytes = 0, codes = 0, matches = 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	char *line, *save = NULL;
	double t0, t1;
	struct strbuf src = STRBUF_INIT;
	char **names = NULL;
	size_t nnames = 0, names_alloc = 0, res_alloc = 0;
	pcre2_code **res = NULL;
	int argi = 1, joined = 0;

	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (!strcmp(argv[argi], "--no-ucp"))
			flags &= ~(uint32_t)PCRE2_UCP;
		else if (!strcmp(argv[argi], "--joined"))
			joined = 1;
		else
			break;
	}
	if (argc - argi < 2) {
		fprintf(stderr, "usage: bench_pcre2 [--joined] [--no-ucp] RULES FILE...|-\n");
		return 2;
	}
	if (strbuf_read_file(&rules, argv[argi]) < 0) {
		perror(argv[argi]);
		return 1;
	}
	argi++;
	if (argi + 1 == argc && !strcmp(argv[argi], "-")) {
		struct strbuf list = STRBUF_INIT;
		char *name, *lsave = NULL;

		if (strbuf_read_file(&list, "/dev/stdin") < 0) {
			perror("stdin");
			return 1;
		}
		for (name = strtok_r(list.buf, "\n", &lsave); name;
		     name = strtok_r(NULL, "\n", &lsave)) {
			ALLOC_GROW(names, nnames + 1, names_alloc);
			names[nnames++] = xstrdup(name);
		}
		strbuf_release(&list);
	} else {
		for (; argi < argc; argi++) {
			ALLOC_GROW(names, nnames + 1, names_alloc);
			names[nnames++] = xstrdup(argv[argi]);
		}
	}
	files = xcalloc(nnames ? nnames : 1, sizeof(*files));
	for (size_t i = 0; i < nnames; i++) {
		struct strbuf *f = &files[nfiles];

		strbuf_init(f, 0);
		if (strbuf_read_file(f, names[i]) < 0) {
			perror(names[i]);
			return 1;
		}
		if (!braid_utf8_valid(f->buf, f->len)) {
			fprintf(stderr, "bench_pcre2: '%s' is not UTF-8, skipped\n", names[i]);
			strbuf_release(f);
			continue;
		}
		bytes += f->len;
		nfiles++;
	}

	t0 = now();
	for (line = strtok_r(rules.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *pat[256];
		size_t npat = 0;
		char *f = strchr(line, '\037');
		PCRE2_SIZE erroff;
		pcre2_code *re;
		int errcode;

		if (!f)
			continue;
		*f = '\0';
		while (f && npat < 256) {
			pat[npat++] = ++f;
			f = strchr(f, '\037');
			if (f)
				*f = '\0';
		}
		strbuf_reset(&src);
		if (joined) {
			for (size_t k = 0; k < npat; k++)
				strbuf_addf(&src, "%s(?:%s)", k ? "|" : "", pat[k]);
		} else {
			braid_autocode_regex(pat, npat, &src);
		}
		re = pcre2_compile((PCRE2_SPTR)src.buf, src.len, flags | PCRE2_DUPNAMES, &errcode,
				   &erroff, NULL);
		if (!re) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(errcode, msg, sizeof(msg));
			fprintf(stderr, "bench_pcre2: code '%s': offset %zu: %s\n", line,
				(size_t)erroff, (const char *)msg);
			return 1;
		}
		if (pcre2_jit_compile(re, PCRE2_JIT_COMPLETE)) {
			fprintf(stderr, "bench_pcre2: no JIT for code '%s'\n", line);
			return 1;
		}
		ALLOC_GROW(res, codes + 1, res_alloc);
		res[codes++] = re;
	}
	/* code after code over chunks of about CHUNK_BYTES, so the text stays in the caches */
	for (size_t c0 = 0; c0 < nfiles;) {
		size_t c1 = c0, chunk = 0;

		while (c1 < nfiles && (chunk < CHUNK_BYTES || c1 == c0))
			chunk += files[c1++].len;
		for (size_t c = 0; c < codes; c++) {
			for (size_t i = c0; i < c1; i++)
				matches += scan(res[c], md, (PCRE2_SPTR)files[i].buf, files[i].len);
		}
		c0 = c1;
	}
	t1 = now();
	for (size_t c = 0; c < codes; c++)
		pcre2_code_free(res[c]);
	free(res);
	printf("bare PCRE2 JIT scan, %s, %s: %zu codes x %zu files, %.1f MB, %zu matches, "
	       "scan %.2f s, %.1f MB/s per code, %.2f MB/s for all codes\n",
	       joined ? "patterns joined as written" : "braid's regexes",
	       (flags & PCRE2_UCP) ? "UTF+UCP+caseless" : "UTF+caseless, no UCP", codes, nfiles,
	       (double)bytes / 1e6, matches, t1 - t0, (double)bytes * (double)codes / 1e6 / (t1 - t0),
	       (double)bytes / 1e6 / (t1 - t0));
	for (size_t i = 0; i < nfiles; i++)
		strbuf_release(&files[i]);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(files);
	strbuf_release(&rules);
	strbuf_release(&src);
	pcre2_match_data_free(md);
	return 0;
}
