/*
 * fuzz_matrix.c - libFuzzer harness for `braid agree --matrix`: the CSV
 * reader of reliability data (braid_rel_read_csv) and the coefficients on
 * whatever it accepts (braid_rel_compute, with a small bootstrap).
 *
 * Any bytes go in, read at each level, with and without a list of
 * categories. A refusal must name the file first ("'PATH': line N: ..."); an
 * accepted matrix must give coefficients that are either undefined with a
 * reason or finite numbers in their range (alpha and the kappas at most 1,
 * percent agreement between 0 and 1), never NaN, and an interval that
 * holds its bounds in order.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "braid/reliability.h"
#include "fuzz.h"

static char path[] = "/tmp/braid-fuzz-matrix-XXXXXX";

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_matrix: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static void check_value(const char *name, const struct braid_rel_value *v, double lo)
{
	if (!v->defined) {
		if (!v->why || !*v->why)
			die("undefined without a reason", name);
		return;
	}
	if (!isfinite(v->v) || v->v > 1 + 1e-9 || v->v < lo)
		die("coefficient out of its range", name);
}

static void compute(const struct braid_rel_data *d, enum braid_rel_level level)
{
	struct braid_rel_opts o = { .level = level, .weights = BRAID_REL_WEIGHTS_QUADRATIC,
				    .bootstrap = 20, .seed = 1, .confidence = 0.95 };
	struct braid_rel_result r;
	struct braid_err err = BRAID_ERR_INIT;

	if (braid_rel_compute(d, &o, &r, &err))
		return;
	check_value("alpha", &r.alpha, -INFINITY);
	check_value("percent_agreement", &r.percent_agreement, 0);
	check_value("cohen_kappa", &r.cohen_kappa, -INFINITY);
	check_value("weighted_kappa", &r.weighted_kappa, -INFINITY);
	check_value("fleiss_kappa", &r.fleiss_kappa, -INFINITY);
	check_value("brennan_prediger", &r.brennan_prediger, -INFINITY);
	check_value("gwet_ac1", &r.gwet_ac1, -INFINITY);
	if (r.has_ci && !(r.ci_low <= r.ci_high && isfinite(r.ci_low) && isfinite(r.ci_high)))
		die("interval out of order", NULL);
	if (r.agreements > r.pairs || r.pairable_units > r.units)
		die("counts do not add up", NULL);
	braid_rel_result_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* labels for the levels that take them, numbers for those that need them */
	static const char *const labels[] = { "1", "2", "a", "b" }, *const numbers[] = { "1", "2",
											   "3", "4" };
	static int fd = -1;

	if (fd < 0 && (fd = mkstemp(path)) < 0)
		die("cannot make a scratch file", path);
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		die("cannot write the scratch file", path);
	for (int level = 0; level < BRAID_REL_LEVEL_N; level++)
		for (int with_cats = 0; with_cats < 2; with_cats++) {
			struct braid_rel_data d;
			struct braid_err err = BRAID_ERR_INIT;

			const char *const *cats = level >= BRAID_REL_INTERVAL ? numbers : labels;

			if (braid_rel_read_csv(path, (enum braid_rel_level)level,
					       with_cats ? cats : NULL, with_cats ? 4 : 0, &d, &err)) {
				if (err.msg[0] != '\'' || strncmp(err.msg + 1, path, strlen(path)))
					die("an error that does not name the file", err.msg);
				continue;
			}
			compute(&d, (enum braid_rel_level)level);
			braid_rel_data_release(&d);
		}
	return 0;
}
