/* cmd-export-tables.c - braid export matrix, segments and codebook (not built yet). */
#include "cli.h"

static int not_yet(struct cli *c, const char *what)
{
	braid_errorf(&c->err, BRAID_EINVAL, "'export %s' is not built yet", what);
	return cli_fail(c);
}

int cli_export_matrix(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "matrix");
}

int cli_export_segments(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "segments");
}

int cli_export_codebook(struct cli *c, const struct cli_args *a)
{
	(void)a;
	return not_yet(c, "codebook");
}
