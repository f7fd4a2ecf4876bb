/*
 * json.h - a small streaming JSON writer: values go straight to a FILE *
 * the client hands over, commas and string escapes are handled here. It
 * writes compact JSON (no spaces) and a newline after the outermost value
 * closes, the form every `--json` listing of braid has.
 *
 * The writer holds no heap memory: struct braid_json is embedded and needs
 * no release. Nesting deeper than 31 levels is not tracked (braid nests at
 * most four).
 */
#ifndef BRAID_JSON_H
#define BRAID_JSON_H

#include <stddef.h>
#include <stdio.h>

#include "braid/strbuf.h"

struct braid_json {
	FILE *f;
	int depth;
	int first[32];
};

void braid_json_init(struct braid_json *j, FILE *f);
void braid_json_begin_array(struct braid_json *j);
void braid_json_end_array(struct braid_json *j);
void braid_json_begin_object(struct braid_json *j);
void braid_json_end_object(struct braid_json *j);
/* The key of the next value in an object. */
void braid_json_key(struct braid_json *j, const char *key);
void braid_json_str(struct braid_json *j, const char *s); /* NULL writes null */
void braid_json_strn(struct braid_json *j, const char *s, size_t len);
void braid_json_int(struct braid_json *j, long long v);
/* The shortest decimal form that reads back as v; NaN and infinities write null. */
void braid_json_real(struct braid_json *j, double v);
void braid_json_null(struct braid_json *j);
void braid_json_bool(struct braid_json *j, int v);
/* text is JSON already and is written as it is; NULL writes null. */
void braid_json_raw(struct braid_json *j, const char *text);
void braid_json_rawn(struct braid_json *j, const char *text, size_t len);
void braid_json_kv_str(struct braid_json *j, const char *key, const char *s);
void braid_json_kv_int(struct braid_json *j, const char *key, long long v);

/*
 * Appends s (len bytes of UTF-8) as a JSON string, quotes included: " and \
 * escaped, \n \r \t by name, other control characters as \u00XX; everything
 * else, non-ASCII included, as it is.
 */
void braid_json_quote(const char *s, size_t len, struct strbuf *out);

/*
 * Appends the shortest "%.15g".."%.17g" form of v that reads back as v.
 * Numbers here are written in the C locale whatever LC_NUMERIC the client
 * set: '.' before the decimals, as JSON, CSV and LaTeX need.
 */
void braid_json_real_text(double v, struct strbuf *out);
/* Appends v with that many decimals ("%.*f", never "-0.000"), in the C locale. */
void braid_real_fixed_text(double v, int decimals, struct strbuf *out);

#endif
