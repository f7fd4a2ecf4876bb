/*
 * fuzz_diff.c - libFuzzer harness for braid_diff_texts (diff.c).
 *
 * Input: one byte choosing the cap on the edit script (low three bits: 0 is
 * the default cap, n gives a cap of 2n tokens, so that the anchor fall-back
 * runs on small inputs), then the old text, a NUL, the new text. Input that
 * is not valid UTF-8 on either side, or has no NUL, is skipped.
 * Checked on every result, with a code-point decoder of its own:
 *  - hunks are in order, inside both texts, not empty, never touching;
 *  - the stretches between hunks are the same code points in both texts;
 *  - braid_diff_map is monotonic on both sides, BEFORE <= AFTER, 0 -> 0,
 *    the old end -> the new end;
 *  - spans: an unchanged span reads the same in the new text, an edited
 *    one is a non-empty span inside the new text, a deleted one is empty.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/diff.h"
#include "fuzz.h"

/* Code points of valid UTF-8 (checked before). */
static uint32_t *decode(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t *cp = malloc((n + 1) * sizeof(*cp));
	size_t k = 0;

	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t more = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
		uint32_t v = more == 0 ? c : more == 1 ? c & 0x1F : more == 2 ? c & 0x0F : c & 0x07;

		for (size_t j = 1; j <= more; j++)
			v = v << 6 | (s[i + j] & 0x3F);
		cp[k++] = v;
		i += more + 1;
	}
	*len = k;
	return cp;
}

static int same(const uint32_t *a, const uint32_t *b, size_t n)
{
	return !n || !memcmp(a, b, n * sizeof(*a));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *nul;
	const unsigned char *o, *n;
	size_t olen, nlen, ocp, ncp, po = 0, pn = 0;
	uint32_t *ov, *nv;
	struct braid_diff d;
	struct braid_err err = BRAID_ERR_INIT;

	if (size < 2 || !(nul = memchr(data + 1, '\0', size - 1)))
		return 0;
	o = data + 1;
	olen = (size_t)(nul - o);
	n = nul + 1;
	nlen = size - (size_t)(n - data);
	if (!fuzz_utf8_valid(o, olen) || !fuzz_utf8_valid(n, nlen))
		return 0;
	braid_diff_init(&d);
	d.max_edits = (size_t)(data[0] & 7) * 2;
	if (braid_diff_texts((const char *)o, olen, (const char *)n, nlen, &d, &err))
		abort();
	ov = decode(o, olen, &ocp);
	nv = decode(n, nlen, &ncp);
	if (d.old_len != ocp || d.new_len != ncp)
		abort();
	for (size_t i = 0; i < d.nhunks; i++) {
		const struct braid_diff_hunk *h = &d.hunk[i];

		if (h->old_start > h->old_end || h->new_start > h->new_end || h->old_end > ocp ||
		    h->new_end > ncp)
			abort();
		if (h->old_start == h->old_end && h->new_start == h->new_end)
			abort();
		/* the equal stretch before it: same length, same code points, not empty */
		if (h->old_start - po != h->new_start - pn || (i && h->old_start == po) ||
		    !same(ov + po, nv + pn, h->old_start - po))
			abort();
		po = h->old_end;
		pn = h->new_end;
	}
	if (ocp - po != ncp - pn || !same(ov + po, nv + pn, ocp - po))
		abort();
	if (braid_diff_map(&d, 0, BRAID_DIFF_BEFORE) != 0 ||
	    braid_diff_map(&d, ocp, BRAID_DIFF_AFTER) != ncp)
		abort();
	for (size_t p = 0, lb = 0, la = 0; p <= ocp; p++) {
		size_t b = braid_diff_map(&d, p, BRAID_DIFF_BEFORE);
		size_t a = braid_diff_map(&d, p, BRAID_DIFF_AFTER);

		if (b > a || a > ncp || b < lb || a < la)
			abort();
		lb = b;
		la = a;
	}
	/* spans: every one for short texts, a sample for long ones */
	for (size_t s = 0; s < ocp; s += 1 + ocp / 64)
		for (size_t e = s + 1; e <= ocp; e += 1 + ocp / 64) {
			size_t ns, ne;
			enum braid_diff_fate f = braid_diff_span(&d, s, e, &ns, &ne);

			if (f == BRAID_DIFF_UNCHANGED &&
			    (ne - ns != e - s || ne > ncp || !same(ov + s, nv + ns, e - s)))
				abort();
			if (f == BRAID_DIFF_EDITED && !(ns < ne && ne <= ncp))
				abort();
			if (f == BRAID_DIFF_DELETED && ns != ne)
				abort();
		}
	free(ov);
	free(nv);
	braid_diff_release(&d);
	return 0;
}
