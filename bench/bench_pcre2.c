/*
 * bench_pcre2.c - the bare PCRE2 floor for `braid autocode` (make bench).
 *
 * usage: bench_pcre2 [--no-ucp] RULES FILE...
 *
 * RULES has one code per line, "id<TAB>regex", the regex being the code's
 * patterns joined as braid joins them ("(?:p1)|(?:p2)|..."). Every file is
 * read into memory first (and checked to be UTF-8); then each code's regex,
 * compiled with UTF + UCP + CASELESS (UTF + CASELESS with --no-ucp) and JIT,
 * is run over every file finding EVERY match, one code after the other, as
 * a grep with one pass per code would. No turns, roles, units or store:
 * this is what matching alone costs. Prints the matches and the scan time
 * (the caller times the whole run too).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "braid/alloc.h"
#include "braid/strbuf.h"
#include "braid/text.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct strbuf rules = STRBUF_INIT, *files;
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS;
	size_t nfiles = 0, bytes = 0, codes = 0, matches = 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	char *line, *save = NULL;
	double t0, t1;
	int argi = 1;

	if (argi < argc && !strcmp(argv[argi], "--no-ucp")) {
		flags &= ~(uint32_t)PCRE2_UCP;
		argi++;
	}
	if (argc - argi < 2) {
		fprintf(stderr, "usage: bench_pcre2 [--no-ucp] RULES FILE...\n");
		return 2;
	}
	if (strbuf_read_file(&rules, argv[argi]) < 0) {
		perror(argv[argi]);
		return 1;
	}
	argi++;
	files = xcalloc((size_t)(argc - argi), sizeof(*files));
	for (; argi < argc; argi++) {
		struct strbuf *f = &files[nfiles];

		strbuf_init(f, 0);
		if (strbuf_read_file(f, argv[argi]) < 0) {
			perror(argv[argi]);
			return 1;
		}
		if (!braid_utf8_valid(f->buf, f->len)) {
			fprintf(stderr, "bench_pcre2: '%s' is not UTF-8, skipped\n", argv[argi]);
			strbuf_release(f);
			continue;
		}
		bytes += f->len;
		nfiles++;
	}

	t0 = now();
	for (line = strtok_r(rules.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *re_src = strchr(line, '\t');
		PCRE2_SIZE erroff;
		pcre2_code *re;
		int errcode;

		if (!re_src)
			continue;
		*re_src++ = '\0';
		re = pcre2_compile((PCRE2_SPTR)re_src, PCRE2_ZERO_TERMINATED, flags, &errcode,
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
		codes++;
		for (size_t i = 0; i < nfiles; i++) {
			PCRE2_SPTR s = (PCRE2_SPTR)files[i].buf;
			size_t len = files[i].len, off = 0;
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

			while (off <= len && pcre2_jit_match(re, s, len, off, 0, md, NULL) >= 0) {
				if (ov[1] > ov[0]) {
					matches++;
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
		}
		pcre2_code_free(re);
	}
	t1 = now();
	printf("bare PCRE2 JIT scan (%s): %zu codes x %zu files, %.1f MB, %zu matches, "
	       "scan %.2f s, %.1f MB/s per code, %.2f MB/s for all codes\n",
	       (flags & PCRE2_UCP) ? "UTF+UCP+caseless" : "UTF+caseless, no UCP", codes, nfiles,
	       (double)bytes / 1e6, matches, t1 - t0, (double)bytes * (double)codes / 1e6 / (t1 - t0),
	       (double)bytes / 1e6 / (t1 - t0));
	for (size_t i = 0; i < nfiles; i++)
		strbuf_release(&files[i]);
	free(files);
	strbuf_release(&rules);
	pcre2_match_data_free(md);
	return 0;
}
