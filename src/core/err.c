/* err.c - error values (see include/braid/err.h). */
#include <stdio.h>
#include <string.h>

#include "braid/err.h"

int braid_verrorf(struct braid_err *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		err->hint = BRAID_HINT_NONE;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

int braid_errorf(struct braid_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	braid_verrorf(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int braid_err_prefix(struct braid_err *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return BRAID_EINVAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	{
		size_t np = strnlen(prefix, sizeof(prefix)), no = strnlen(old, sizeof(old) - 1);
		size_t cap = sizeof(err->msg) - 1, n = 0;

		/* prefix, ": ", old message, cut to fit */
		memcpy(err->msg, prefix, np < cap ? np : cap);
		n = np < cap ? np : cap;
		if (n + 2 <= cap) {
			memcpy(err->msg + n, ": ", 2);
			n += 2;
		}
		if (no > cap - n)
			no = cap - n;
		memcpy(err->msg + n, old, no);
		err->msg[n + no] = '\0';
	}
	return err->code;
}

void braid_err_clear(struct braid_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
		err->hint = BRAID_HINT_NONE;
	}
}

int braid_err_hint(struct braid_err *err, enum braid_hint hint)
{
	if (!err)
		return BRAID_EINVAL;
	err->hint = hint;
	return err->code;
}
