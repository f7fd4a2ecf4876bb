/*
 * strbuf.h - a growable, always NUL-terminated byte string (after git's).
 *
 * A struct strbuf is embedded: strbuf_init/strbuf_release. buf is never
 * NULL after init; len excludes the terminating NUL. strbuf_detach hands the
 * buffer to the caller (free it) and leaves the strbuf empty and reusable.
 */
#ifndef BRAID_STRBUF_H
#define BRAID_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { strbuf_slopbuf, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Removes trailing ASCII whitespace (space, tab, CR, LF, VT, FF). */
void strbuf_rtrim(struct strbuf *sb);
/* Removes leading and trailing ASCII whitespace. */
void strbuf_trim(struct strbuf *sb);

/* Reads a whole file into sb (appending). Returns 0, or -1 with errno set. */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
