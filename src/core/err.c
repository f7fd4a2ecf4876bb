/* err.c - error values (see include/braid/err.h). */
#include <stdio.h>
#include <string.h>

#include "braid/err.h"

int braid_verrorf(struct braid_err *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
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
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	return err->code;
}

void braid_err_clear(struct braid_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
