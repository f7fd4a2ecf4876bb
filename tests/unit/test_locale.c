/*
 * test_locale.c - numbers braid writes (JSON, agreement tables, the map's
 * DOT, LaTeX) have '.' before their decimals whatever LC_NUMERIC a client
 * sets: the TUI sets the user's locale for ncursesw, and a German one writes
 * "0,5" through printf.
 *
 * The German locale is compiled here with localedef into a scratch
 * directory (LOCPATH), so the test needs no locale installed; where the
 * locale sources (Debian's `locales` data in /usr/share/i18n) are missing,
 * the test is skipped and says so.
 */
#include "testutil.h"

#include <locale.h>
#include <sys/stat.h>

#include "braid/json.h"
#include "braid/reliability.h"

static char dir[] = "/tmp/braid-locale-XXXXXX";

static int german(void)
{
	char cmd[256];

	if (!mkdtemp(dir))
		return 0;
	snprintf(cmd, sizeof(cmd), "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 2>/dev/null", dir);
	if (system(cmd) != 0)
		return 0;
	setenv("LOCPATH", dir, 1);
	return setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL;
}

static void test_numbers_in_c_locale(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char probe[16];

	if (!german())
		skip();
	/* the locale is really in force: printf writes a comma */
	snprintf(probe, sizeof(probe), "%.1f", 0.5);
	assert_string_equal(probe, "0,5");

	braid_json_real_text(0.1, &sb);
	assert_string_equal(sb.buf, "0.1");
	strbuf_reset(&sb);
	braid_real_fixed_text(-0.0001, 3, &sb); /* and never "-0,000" nor "-0.000" */
	assert_string_equal(sb.buf, "0.000");
	strbuf_reset(&sb);
	braid_real_fixed_text(-0.25, 1, &sb);
	assert_string_equal(sb.buf, "-0.2");
	strbuf_reset(&sb);
	braid_real_fixed_text(0.0, 3, &sb);
	assert_string_equal(sb.buf, "0.000");
	strbuf_reset(&sb);
	braid_rel_number(0.74342, 3, &sb);
	assert_string_equal(sb.buf, "0.743");
	strbuf_release(&sb);
	setlocale(LC_NUMERIC, "C");
}

static int cleanup(void **state)
{
	char cmd[300];

	if (strcmp(dir, "/tmp/braid-locale-XXXXXX")) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		return system(cmd) == 0 ? 0 : -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_in_c_locale),
	};

	return cmocka_run_group_tests(tests, NULL, cleanup);
}
