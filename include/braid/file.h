/*
 * file.h - writing the files a person names (reports, maps, exports):
 * whole or not at all. The bytes go to a temporary file beside the target,
 * which then replaces it, so a failure half-way (disk full, a signal)
 * leaves the old file as it was.
 */
#ifndef BRAID_FILE_H
#define BRAID_FILE_H

#include <stddef.h>

#include "braid/err.h"

/* Writes len bytes to path; BRAID_EIO naming the path and the reason. */
int braid_file_write(const char *path, const void *data, size_t len, struct braid_err *err);

#endif
