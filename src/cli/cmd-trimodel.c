/*
 * cmd-trimodel.c - braid triangulate corr and braid triangulate model:
 * the correlation table and the regression models of a mixed-methods
 * paper (docs/triangulation.md).
 */
#include "cli.h"

int cli_triangulate_corr(struct cli *c, const struct cli_args *a)
{
	(void)a;
	braid_errorf(&c->err, BRAID_EINVAL, "'triangulate corr' is not built yet");
	return cli_fail(c);
}

int cli_triangulate_model(struct cli *c, const struct cli_args *a)
{
	(void)a;
	braid_errorf(&c->err, BRAID_EINVAL, "'triangulate model' is not built yet");
	return cli_fail(c);
}
