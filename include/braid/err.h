/*
 * err.h - error values for the braid core.
 *
 * Core functions that can fail return int: 0 on success or a negative
 * BRAID_E* code, and fill the struct braid_err passed as their last
 * argument (which may be NULL when the caller does not want the message).
 * The core never prints and never exits: the message travels in the struct.
 *
 * Messages are lowercase, without a full stop, the subject quoted and the
 * problem first: "cannot read 'x.vtt': line 14: bad timestamp '00:61:00'".
 */
#ifndef BRAID_ERR_H
#define BRAID_ERR_H

#include <stdarg.h>

enum braid_errcode {
	BRAID_OK = 0,
	BRAID_EINVAL = -1,   /* bad argument or option value */
	BRAID_EIO = -2,      /* a file could not be read or written */
	BRAID_EPARSE = -3,   /* malformed input: file, line/column in the message */
	BRAID_EDB = -4,      /* SQLite failure */
	BRAID_ENOTFOUND = -5,/* no such document, speaker, code, ... */
	BRAID_EEXIST = -6,   /* already there (duplicate document, name, ...) */
	BRAID_EBUSY = -7,    /* another process holds the project */
	BRAID_EVERSION = -8, /* project made by a newer braid */
	BRAID_EENCODING = -9,/* text is not valid in the expected encoding */
	BRAID_EGATE = -10,   /* a phase's gate is not passed: what is missing is listed */
};

/*
 * What the person can do about an error, in the core's own terms; each
 * client words it (the CLI names its option, the TUI its key).
 */
enum braid_hint {
	BRAID_HINT_NONE = 0,
	BRAID_HINT_FORCE,        /* the content is there already: add it again anyway */
	BRAID_HINT_SKIP_OR_FORCE, /* the content of a file of a batch is there: skip it, or add it again */
	BRAID_HINT_NAME,         /* the name is taken: give the document another name */
	BRAID_HINT_ENCODING,     /* not UTF-8: read it as cp1252 or latin1 */
	BRAID_HINT_IMPORT_CODEBOOK, /* the code is not in the project: import its codebook */
	BRAID_HINT_SKIP_FAILING, /* a code's rule failed on some text: fix it, or go without it */
	BRAID_HINT_CATEGORIES,  /* labels at an ordered level: give the categories in their order */
};

struct braid_err {
	int code;
	char msg[1024];
	enum braid_hint hint; /* set by braid_err_hint after braid_errorf; 0 otherwise */
};

#define BRAID_ERR_INIT { 0, { 0 }, BRAID_HINT_NONE }

/* Sets err (if not NULL) and returns code, so that `return braid_errorf(...)` reads well. */
int braid_errorf(struct braid_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int braid_verrorf(struct braid_err *err, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * Puts "prefix: " in front of an error message already in err, keeping its
 * code; returns the code. Used at module edges to add the file name.
 */
int braid_err_prefix(struct braid_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void braid_err_clear(struct braid_err *err);

/* Attaches a hint to the error already in err; returns its code. */
int braid_err_hint(struct braid_err *err, enum braid_hint hint);

#endif
