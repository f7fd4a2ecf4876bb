/* json.c - the streaming JSON writer (see include/braid/json.h). */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "braid/json.h"

void braid_json_init(struct braid_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
}

/* The comma before every value but the first of its array or object. */
static void sep(struct braid_json *j)
{
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
}

static void open_(struct braid_json *j, int ch)
{
	sep(j);
	fputc(ch, j->f);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

static void close_(struct braid_json *j, int ch)
{
	if (j->depth > 0)
		j->depth--;
	fputc(ch, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void braid_json_begin_array(struct braid_json *j)
{
	open_(j, '[');
}

void braid_json_end_array(struct braid_json *j)
{
	close_(j, ']');
}

void braid_json_begin_object(struct braid_json *j)
{
	open_(j, '{');
}

void braid_json_end_object(struct braid_json *j)
{
	close_(j, '}');
}

/* The escape of byte ch inside a JSON string (into buf), or NULL when it needs none. */
static const char *escape(unsigned char ch, char buf[8])
{
	switch (ch) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default:
		if (ch >= 0x20)
			return NULL;
		snprintf(buf, 8, "\\u%04x", ch);
		return buf;
	}
}

/* Writes the runs of bytes that need no escape with one fwrite each. */
static void quoted(FILE *f, const char *s, size_t len)
{
	size_t run = 0;
	char buf[8];

	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		const char *esc = escape((unsigned char)s[i], buf);

		if (!esc)
			continue;
		fwrite(s + run, 1, i - run, f);
		fputs(esc, f);
		run = i + 1;
	}
	fwrite(s + run, 1, len - run, f);
	fputc('"', f);
}

void braid_json_quote(const char *s, size_t len, struct strbuf *out)
{
	size_t run = 0;
	char buf[8];

	strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		const char *esc = escape((unsigned char)s[i], buf);

		if (!esc)
			continue;
		strbuf_add(out, s + run, i - run);
		strbuf_addstr(out, esc);
		run = i + 1;
	}
	strbuf_add(out, s + run, len - run);
	strbuf_addch(out, '"');
}

void braid_json_key(struct braid_json *j, const char *key)
{
	sep(j);
	quoted(j->f, key, strlen(key));
	fputc(':', j->f);
	j->first[j->depth] = 1; /* the value that follows needs no comma */
}

void braid_json_strn(struct braid_json *j, const char *s, size_t len)
{
	sep(j);
	quoted(j->f, s, len);
}

void braid_json_str(struct braid_json *j, const char *s)
{
	if (!s)
		braid_json_null(j);
	else
		braid_json_strn(j, s, strlen(s));
}

void braid_json_int(struct braid_json *j, long long v)
{
	sep(j);
	fprintf(j->f, "%lld", v);
}

/*
 * The C locale for numbers, whatever the client set (a TUI may set
 * LC_NUMERIC): JSON, CSV and LaTeX need '.' before the decimals.
 */
static locale_t c_numeric(void)
{
	static locale_t c;

	if (!c)
		c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return c;
}

void braid_json_real_text(double v, struct strbuf *out)
{
	char buf[32];
	locale_t c = c_numeric(), old = c ? uselocale(c) : (locale_t)0;

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (c)
		uselocale(old);
	strbuf_addstr(out, buf);
}

void braid_real_fixed_text(double v, int decimals, struct strbuf *out)
{
	locale_t c = c_numeric(), old = c ? uselocale(c) : (locale_t)0;
	size_t from = out->len;

	strbuf_addf(out, "%.*f", decimals, v);
	if (c)
		uselocale(old);
	/* a negative number that rounds to zero is written "0.000", not "-0.000" */
	if (out->buf[from] == '-' && !out->buf[from + 1 + strspn(out->buf + from + 1, "0.")]) {
		memmove(out->buf + from, out->buf + from + 1, out->len - from);
		strbuf_setlen(out, out->len - 1);
	}
}

void braid_json_real(struct braid_json *j, double v)
{
	struct strbuf s = STRBUF_INIT;

	if (!isfinite(v)) {
		braid_json_null(j);
		return;
	}
	braid_json_real_text(v, &s);
	sep(j);
	fputs(s.buf, j->f);
	strbuf_release(&s);
}

void braid_json_null(struct braid_json *j)
{
	sep(j);
	fputs("null", j->f);
}

void braid_json_bool(struct braid_json *j, int v)
{
	sep(j);
	fputs(v ? "true" : "false", j->f);
}

void braid_json_raw(struct braid_json *j, const char *text)
{
	sep(j);
	fputs(text ? text : "null", j->f);
}

void braid_json_rawn(struct braid_json *j, const char *text, size_t len)
{
	sep(j);
	fwrite(text, 1, len, j->f);
}

void braid_json_kv_str(struct braid_json *j, const char *key, const char *s)
{
	braid_json_key(j, key);
	braid_json_str(j, s);
}

void braid_json_kv_int(struct braid_json *j, const char *key, long long v)
{
	braid_json_key(j, key);
	braid_json_int(j, v);
}
