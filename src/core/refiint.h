/*
 * refiint.h - internal to refi*.c: the parser over an open XML part, so that
 * the import streams project.qde out of the package (formats/office.h)
 * rather than holding it whole.
 */
#ifndef BRAID_REFIINT_H
#define BRAID_REFIINT_H

#include "braid/refi.h"
#include "formats/office.h"

/* braid_refi_parse over part (opened, and closed here whatever happens). */
int refi_parse_part(struct braid_office_part *part, const char *name,
		    struct braid_refi_project *p, struct braid_err *err);

#endif
