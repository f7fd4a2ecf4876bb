/* cmd-figure.c - braid export cooccur and figure (not built yet). */
#include "cli.h"

static int not_yet(struct cli *c, const char *what)
{
	braid_errorf(&c->err, BRAID_EINVAL, "'export %s' is not built yet", what);
	return cli_fail(c);
}

int cli_export_cooccur(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "cooccur");
}

int cli_export_figure(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "figure");
}
