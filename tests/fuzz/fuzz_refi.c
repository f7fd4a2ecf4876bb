/*
 * fuzz_refi.c - libFuzzer harness for braid_refi_parse (the project.qde and
 * .qdc parser, with its check). On success every reference names a GUID of
 * the file, every selection runs forward, every coding names its code and
 * every string is valid UTF-8 (libxml2 hands out nothing else); on failure
 * the error is BRAID_EPARSE with a message. Either way the model releases
 * cleanly (leaks are reported by the sanitizer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "braid/refi.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct braid_refi_project p;
	struct braid_err err = BRAID_ERR_INIT;
	int rc = braid_refi_parse((const char *)data, size, "project.qde", &p, &err);

	if (rc == 0) {
		for (size_t i = 0; i < p.n_selections; i++)
			if (p.selections[i].end < p.selections[i].start || p.selections[i].start < 0)
				abort();
		for (size_t i = 0; i < p.n_codings; i++)
			if (!p.codings[i].code || p.codings[i].selection >= p.n_selections)
				abort();
		for (size_t i = 0; i < p.n_noterefs; i++)
			if (p.noterefs[i].note >= p.n_notes)
				abort();
		for (size_t i = 0; i < p.n_codes; i++)
			if (p.codes[i].parent > i ||
			    !fuzz_utf8_valid((const unsigned char *)p.codes[i].name,
					     strlen(p.codes[i].name)))
				abort();
		for (size_t i = 0; i < p.n_sources; i++)
			if (p.sources[i].content &&
			    !fuzz_utf8_valid((const unsigned char *)p.sources[i].content,
					     strlen(p.sources[i].content)))
				abort();
	} else if (rc != BRAID_EPARSE || err.code != BRAID_EPARSE || !err.msg[0]) {
		abort();
	}
	braid_refi_project_release(&p);
	return 0;
}
