/*
 * xlsx.h - a listing as one Excel sheet (libxlsxwriter), for table.c's
 * BRAID_OUT_XLSX; internal to the core. libxlsxwriter writes to a file
 * name, never to a stream: the workbook is written to a temporary file
 * and copied to the renderer's FILE * at the end.
 */
#ifndef BRAID_XLSX_H
#define BRAID_XLSX_H

#include <stdio.h>

#include "braid/err.h"
#include "braid/table.h"

struct braid_xlsx;

/* A workbook of one sheet named after the listing, its header row written. */
struct braid_xlsx *braid_xlsx_new(const struct braid_listing *l);
void braid_xlsx_row(struct braid_xlsx *x, const struct braid_value *v);
/*
 * ok non-zero: closes the workbook and copies it to f; ok 0 writes
 * nothing. An error met on the way (no temporary file, more rows than a
 * sheet holds, libxlsxwriter's) is reported here.
 */
int braid_xlsx_end(struct braid_xlsx *x, int ok, FILE *f, struct braid_err *err);
void braid_xlsx_free(struct braid_xlsx *x);

#endif
