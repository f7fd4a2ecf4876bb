/* cmd-refi.c - braid export refi and qdc, braid import: REFI-QDA exchange (not built yet). */
#include "cli.h"

static int not_yet(struct cli *c, const char *what)
{
	braid_errorf(&c->err, BRAID_EINVAL, "'%s' is not built yet", what);
	return cli_fail(c);
}

int cli_export_refi(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "export refi");
}

int cli_export_qdc(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "export qdc");
}
