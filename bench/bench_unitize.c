/*
 * bench_unitize.c - the unitizing alphas on a project-sized body of data:
 * 200 continua of 50,000 code points, 4 coders, about 100,000 segments
 * over 50 categories (no two categories of one coder overlap, so the same
 * data serve a domain). Prints the time of braid_unitize_code for every
 * category and of one braid_unitize_domain; never fails on time.
 *
 * `make bench` builds it and bench/agree.sh runs it after braid's own
 * agreement runs: the core alone, on more categories than the codebooks have.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "braid/unitize.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	enum { NCONT = 200, LEN = 50000, CODERS = 4, NCAT = 50, PER = 125 };
	static int64_t len[NCONT];
	struct braid_useg *seg = malloc((size_t)NCONT * CODERS * PER * sizeof(*seg));
	struct braid_udata d = { NCONT, CODERS, NCAT, len, seg, 0, NULL, NULL, NULL };
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_udomain_result dr;
	double t0, t1, t2, sum = 0;

	for (size_t c = 0; c < NCONT; c++) {
		len[c] = LEN;
		for (size_t i = 0; i < CODERS; i++) {
			int64_t pos = 0;
			/* each coder codes about half the text in PER segments; coders
			 * agree roughly where a shared seed puts them */
			for (size_t k = 0; k < PER; k++) {
				int64_t slot = LEN / PER, start = (int64_t)k * slot + (int64_t)(next() % 40);
				int64_t end = start + slot / 2 + (int64_t)(next() % 80) - 40;

				if (start < pos)
					start = pos;
				if (end > (int64_t)(k + 1) * slot)
					end = (int64_t)(k + 1) * slot;
				if (end <= start)
					continue;
				seg[d.nseg++] = (struct braid_useg){ c, i, start, end,
					(k * 7 + c + (next() % 5 == 0 ? i : 0)) % NCAT };
				pos = end;
			}
		}
	}
	t0 = now();
	for (size_t k = 0; k < NCAT; k++) {
		struct braid_ucode_result r;

		if (braid_unitize_code(&d, k, &r, &err)) {
			fprintf(stderr, "bench_unitize: %s\n", err.msg);
			return 1;
		}
		sum += r.alpha_u.v + r.alpha_u_1995.v;
	}
	t1 = now();
	if (braid_unitize_domain(&d, &dr, &err)) {
		fprintf(stderr, "bench_unitize: %s\n", err.msg);
		return 1;
	}
	t2 = now();
	printf("%zu segments, %d continua of %d, %d coders, %d categories\n", d.nseg, NCONT, LEN,
	       CODERS, NCAT);
	printf("every category (|u-alpha, alpha_U, NVivo): %.3f s\n", t1 - t0);
	printf("the domain (u, cu, |u and |u per category): %.3f s\n", t2 - t1);
	printf("u-alpha %.4f cu-alpha %.4f |u-alpha %.4f (checksum %.4f)\n", dr.u_alpha.v,
	       dr.cu_alpha.v, dr.binary.v, sum);
	braid_udomain_result_release(&dr);
	free(seg);
	return 0;
}
