/*
 * fuzz_unitize.c - libFuzzer harness for the unitizing alphas (unitize.c).
 *
 * Input: one byte for the coders (1-4), the categories (1-4) and the
 * continua (1-3); one byte per continuum length (0-255); then five bytes
 * per segment: continuum, coder, start, length, category (each taken
 * modulo what fits, so most segments are valid; a length of 0 or a start
 * past the end makes an invalid one, which must be refused, never read).
 * Checked on every result:
 *  - braid_unitize_code succeeds exactly when every segment is valid;
 *  - a defined value is finite; the alphas are at most 1; percent agreement
 *    is in [0, 1]; both + one_only + neither = total (two coders);
 *  - an undefined value has a reason;
 *  - the domain either succeeds, or fails with BRAID_EINVAL and leaves no
 *    array; on success each binary_u_alpha[cat] is the code's alpha_u.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/unitize.h"
#include "fuzz.h"

static void check_value(struct braid_rel_value v, bool alpha)
{
	if (!v.defined) {
		if (!v.why || !*v.why)
			abort();
		return;
	}
	if (!isfinite(v.v))
		abort();
	if (alpha && v.v > 1 + 1e-9)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct braid_useg seg[256];
	int64_t len[3];
	struct braid_udata d = { 0 };
	struct braid_err err = BRAID_ERR_INIT;
	struct braid_udomain_result dr;
	bool valid = true;
	size_t p = 0;
	int rc;

	if (size < 1)
		return 0;
	d.coders = 1 + (data[0] & 3);
	d.ncat = 1 + ((data[0] >> 2) & 3);
	d.ncont = 1 + ((data[0] >> 4) % 3);
	p = 1;
	if (size < p + d.ncont)
		return 0;
	for (size_t c = 0; c < d.ncont; c++)
		len[c] = data[p++];
	d.len = len;
	d.seg = seg;
	while (p + 5 <= size && d.nseg < 256) {
		struct braid_useg *s = &seg[d.nseg++];

		s->cont = data[p] % d.ncont;
		s->coder = data[p + 1] % d.coders;
		s->start = data[p + 2];
		s->end = s->start + (data[p + 3] & 63);
		s->cat = data[p + 4] % d.ncat;
		if (s->end <= s->start || s->end > len[s->cont])
			valid = false;
		p += 5;
	}

	for (size_t k = 0; k < d.ncat; k++) {
		struct braid_ucode_result r;

		rc = braid_unitize_code(&d, k, &r, &err);
		if ((rc == 0) != valid)
			abort();
		if (rc)
			continue;
		check_value(r.alpha_u, true);
		check_value(r.alpha_u_1995, true);
		check_value(r.percent_agreement, false);
		check_value(r.cohen_kappa, true);
		if (r.percent_agreement.defined &&
		    (r.percent_agreement.v < 0 || r.percent_agreement.v > 1))
			abort();
		if (d.coders == 2 && r.percent_agreement.defined &&
		    r.both + r.one_only + r.neither != r.total)
			abort();
	}

	rc = braid_unitize_domain(&d, &dr, &err);
	if (rc) {
		if (rc != BRAID_EINVAL || dr.binary_u_alpha)
			abort();
		return 0;
	}
	if (!valid)
		abort();
	check_value(dr.u_alpha, true);
	check_value(dr.cu_alpha, true);
	check_value(dr.binary, true);
	for (size_t k = 0; k < dr.ncat; k++) {
		struct braid_ucode_result r;

		check_value(dr.binary_u_alpha[k], true);
		if (braid_unitize_code(&d, k, &r, &err))
			abort();
		if (r.alpha_u.defined != dr.binary_u_alpha[k].defined ||
		    (r.alpha_u.defined && r.alpha_u.v != dr.binary_u_alpha[k].v))
			abort();
	}
	braid_udomain_result_release(&dr);
	return 0;
}
