/*
 * teststats.h - checking a statistic (struct braid_rel_value) against a
 * reference value: CLOSE(v, want, rel) fails the test, naming the
 * expression, when v is undefined or farther than rel (relative; absolute
 * below 1e-300) from want.
 */
#ifndef BRAID_TESTSTATS_H
#define BRAID_TESTSTATS_H

#include "testutil.h"

#include <math.h>

#include "braid/reliability.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

#define CLOSE(v, want, rel) close_at((v), (want), (rel), #v, __FILE__, __LINE__)
static inline void close_at(struct braid_rel_value v, double want, double rel, const char *what,
			    const char *file, int line)
{
	double tol = rel * (fabs(want) > 1e-300 ? fabs(want) : 1);

	if (!v.defined)
		fail_msg("%s:%d: %s undefined (%s), want %.17g", file, line, what, v.why, want);
	if (!(fabs(v.v - want) <= tol))
		fail_msg("%s:%d: %s = %.17g, want %.17g (tolerance %g)", file, line, what, v.v,
			 want, tol);
}

#endif
