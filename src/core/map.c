/*
 * map.c - the thematic map (see map.h), built as a cgraph graph and laid
 * out by Graphviz's dot engine.
 *
 * The graph is made in tree order (themes.h), so its DOT text is the same
 * for the same project: tests compare it with a golden file. Sizes are in
 * inches (Graphviz's unit) and points for fonts; docs/workflow.md explains
 * the choices: labels wrapped at WRAP columns, 10 pt themes and 8.5 pt
 * codes, left to right so that the width grows with depth, not with the
 * number of themes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "braid/alloc.h"
#include "braid/codes.h"
#include "braid/json.h"
#include "braid/map.h"
#include "braid/text.h"
#include "braid/themes.h"

#define WRAP 20            /* theme label columns */
#define CODE_WRAP 28       /* code label columns: one line for most code names */
#define FONT "DejaVu Sans" /* Debian's default face: what the layout measures */

/* Fill colours of top-level themes and everything below them (ColorBrewer Pastel1). */
static const char *const fills[] = {
	"#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec",
};

struct map_theme {
	int64_t id, parent_id;
	char *slug, *name;
	char **codes;
	size_t ncodes;
	struct braid_prevalence prev;
	size_t colour; /* its top-level theme's place among the top-level themes */
};

struct map_build {
	struct map_theme *v;
	size_t n, alloc, ntop;
};

static int take_theme(const struct braid_theme_row *r, void *ctx)
{
	struct map_build *b = ctx;
	struct map_theme *t;

	if (b->n == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 16;
		b->v = xrealloc(b->v, b->alloc * sizeof(*b->v));
	}
	t = &b->v[b->n++];
	memset(t, 0, sizeof(*t));
	t->id = r->id;
	t->parent_id = r->parent_id;
	t->slug = xstrdup(r->slug);
	t->name = xstrdup(r->name);
	t->prev = r->prev;
	t->ncodes = r->ncodes;
	t->codes = xcalloc(r->ncodes ? r->ncodes : 1, sizeof(*t->codes));
	for (size_t i = 0; i < r->ncodes; i++)
		t->codes[i] = xstrdup(r->codes[i]);
	/* themes come in tree order, so a parent is always before its sub-themes */
	for (size_t i = 0; i + 1 < b->n; i++)
		if (b->v[i].id == r->parent_id) {
			t->colour = b->v[i].colour;
			return 0;
		}
	t->colour = b->ntop++;
	return 0;
}

static void build_release(struct map_build *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].slug);
		free(b->v[i].name);
		for (size_t k = 0; k < b->v[i].ncodes; k++)
			free(b->v[i].codes[k]);
		free(b->v[i].codes);
	}
	free(b->v);
}

/* Wraps text at word boundaries to lines of about `width` columns, joined by "\n". */
static void wrap(const char *s, size_t width, struct strbuf *out)
{
	size_t col = 0;

	while (*s) {
		size_t n = strcspn(s, " "), w = braid_text_width(s, n);

		if (col && col + 1 + w > width) {
			strbuf_addch(out, '\n');
			col = 0;
		} else if (col) {
			strbuf_addch(out, ' ');
			col++;
		}
		strbuf_add(out, s, n);
		col += w;
		s += n;
		s += strspn(s, " ");
	}
}

/* Sets an attribute of a node or edge, declaring it on the graph first. */
static void set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)value, "");
}

static void setf(void *obj, const char *name, double v)
{
	struct strbuf buf = STRBUF_INIT;

	braid_real_fixed_text(v, 2, &buf); /* Graphviz reads '.' whatever the locale */
	set(obj, name, buf.buf);
	strbuf_release(&buf);
}

static Agnode_t *theme_node(Agraph_t *g, const struct map_theme *t, int64_t maxseg)
{
	struct strbuf key = STRBUF_INIT, label = STRBUF_INIT;
	double share = maxseg ? sqrt((double)t->prev.segments / (double)maxseg) : 0.0;
	Agnode_t *n;

	strbuf_addf(&key, "theme:%s", t->slug);
	n = agnode(g, key.buf, 1);
	wrap(t->name, WRAP, &label);
	if (t->prev.cases_total)
		strbuf_addf(&label, "\n%lld of %lld cases", (long long)t->prev.cases,
			    (long long)t->prev.cases_total);
	else
		strbuf_addf(&label, "\n%lld of %lld documents", (long long)t->prev.docs,
			    (long long)t->prev.docs_total);
	set(n, "label", label.buf);
	set(n, "shape", "box");
	set(n, "style", "rounded,filled");
	set(n, "fillcolor", fills[t->colour % (sizeof(fills) / sizeof(fills[0]))]);
	set(n, "fontsize", "10");
	/* the area grows with the share of segments: 1.3 x 0.45 in for none, 2.1 x 0.9 in for the most */
	setf(n, "width", 1.3 + 0.8 * share);
	setf(n, "height", 0.45 + 0.45 * share);
	strbuf_release(&key);
	strbuf_release(&label);
	return n;
}

static Agnode_t *code_node(Agraph_t *g, const struct braid_code_tree *tree, const char *slug)
{
	struct strbuf key = STRBUF_INIT, label = STRBUF_INIT;
	const struct braid_code_node *c = NULL;
	struct braid_err e = BRAID_ERR_INIT;
	Agnode_t *n;

	strbuf_addf(&key, "code:%s", slug);
	n = agnode(g, key.buf, 0);
	if (!n) {
		n = agnode(g, key.buf, 1);
		braid_code_tree_find(tree, slug, &c, &e);
		wrap(c ? c->name : slug, CODE_WRAP, &label);
		set(n, "label", label.buf);
		set(n, "shape", "box");
		set(n, "style", "filled");
		set(n, "fillcolor", "white");
		set(n, "color", "#888888");
		set(n, "fontsize", "8.5");
		set(n, "height", "0.2");
	}
	strbuf_release(&key);
	strbuf_release(&label);
	return n;
}

struct cooccur_ctx {
	Agraph_t *g;
	const struct map_build *b;
	Agnode_t **nodes;
	int64_t min;
};

/* A theme's index in tree order, or b->n. */
static size_t theme_index(const struct map_build *b, int64_t id)
{
	size_t i = 0;

	while (i < b->n && b->v[i].id != id)
		i++;
	return i;
}

/* One line per pair, from the theme first in tree order: the other's segments meeting its own. */
static int cooccur_edge(int64_t theme, int64_t other, int64_t segments, void *ctx)
{
	struct cooccur_ctx *c = ctx;
	struct strbuf label = STRBUF_INIT;
	size_t from = theme_index(c->b, theme), to = theme_index(c->b, other);
	Agedge_t *e;

	if (segments < c->min)
		return 0;
	if (from < to && to < c->b->n) {
		e = agedge(c->g, c->nodes[from], c->nodes[to], NULL, 1);
		strbuf_addf(&label, "%lld", (long long)segments);
		/*
		 * xlabel, not label: Graphviz 2.42's dot frees a labelled edge
		 * between two nodes of one rank twice (flat_edges); an external
		 * label is placed after the layout and takes no part in it.
		 */
		set(e, "xlabel", label.buf);
		set(e, "style", "dashed");
		set(e, "dir", "none");
		set(e, "constraint", "false");
		set(e, "color", "#555555");
		set(e, "fontsize", "8");
		set(e, "fontname", FONT);
	}
	strbuf_release(&label);
	return 0;
}

static int render(Agraph_t *g, enum braid_map_format f, struct strbuf *out, struct braid_err *err)
{
	static const char *const formats[] = { "dot", "svg", "pdf:cairo", "png:cairo" };
	GVC_t *gvc;
	char *data = NULL;
	unsigned int len = 0;
	int rc = 0;

	if (f == BRAID_MAP_DOT) {
		char *buf = NULL;
		size_t n = 0;
		FILE *mem = open_memstream(&buf, &n);

		if (!mem)
			return braid_errorf(err, BRAID_EIO, "cannot write the map: out of memory");
		agwrite(g, mem);
		fclose(mem);
		strbuf_add(out, buf, n);
		free(buf);
		return 0;
	}
	gvc = gvContext();
	if (!gvc)
		return braid_errorf(err, BRAID_EIO, "cannot start Graphviz");
	if (f == BRAID_MAP_PNG)
		set(g, "dpi", "192");
	if (gvLayout(gvc, g, "dot")) {
		rc = braid_errorf(err, BRAID_EIO, "Graphviz could not lay out the map");
	} else {
		if (gvRenderData(gvc, g, formats[f], &data, &len))
			rc = braid_errorf(err, BRAID_EIO,
					  "Graphviz could not draw the map as %s (is its %s plugin"
					  " installed? Debian's libgvc6 has it)",
					  f == BRAID_MAP_SVG ? "SVG" : f == BRAID_MAP_PDF ? "PDF" : "PNG",
					  f == BRAID_MAP_SVG ? "core" : "cairo");
		else
			strbuf_add(out, data, len);
		gvFreeRenderData(data);
		gvFreeLayout(gvc, g);
	}
	gvFreeContext(gvc);
	return rc;
}

int braid_map(struct braid_store *st, const struct braid_map_opts *o, enum braid_map_format f,
	      struct strbuf *out, struct braid_err *err)
{
	struct braid_theme_filter tf = { .flags = BRAID_THEMES_PREVALENCE, .coder = o->coder };
	struct braid_code_tree tree;
	struct map_build b = { 0 };
	Agraph_t *g = NULL;
	Agnode_t **nodes = NULL;
	int64_t maxseg = 0;
	int rc;

	braid_code_tree_init(&tree);
	if ((rc = braid_themes_each(st, &tf, take_theme, &b, err)) ||
	    (rc = braid_code_tree_load(st, BRAID_CODES_ALL, &tree, err)))
		goto out;
	if (!b.n) {
		rc = braid_errorf(err, BRAID_ENOTFOUND, "no themes to draw yet");
		goto out;
	}
	for (size_t i = 0; i < b.n; i++)
		if (b.v[i].prev.segments > maxseg)
			maxseg = b.v[i].prev.segments;

	g = agopen("thematic_map", Agdirected, NULL);
	set(g, "rankdir", "LR");
	set(g, "ranksep", "0.3");
	set(g, "nodesep", "0.05");
	set(g, "fontname", FONT);
	agattr(g, AGNODE, "fontname", FONT);
	agattr(g, AGNODE, "margin", "0.06,0.03");
	agattr(g, AGEDGE, "arrowsize", "0.5");
	agattr(g, AGEDGE, "color", "#777777");

	nodes = xcalloc(b.n, sizeof(*nodes));
	for (size_t i = 0; i < b.n; i++)
		nodes[i] = theme_node(g, &b.v[i], maxseg);
	/* the top-level themes in one rank, in tree order from the top: joined by invisible edges */
	{
		Agraph_t *top = agsubg(g, "top_themes", 1);
		Agnode_t *prev = NULL;

		agsafeset(top, "rank", "same", "");
		for (size_t i = 0; i < b.n; i++) {
			if (b.v[i].parent_id)
				continue;
			agsubnode(top, nodes[i], 1);
			if (prev)
				set(agedge(g, prev, nodes[i], NULL, 1), "style", "invis");
			prev = nodes[i];
		}
	}
	for (size_t i = 0; i < b.n; i++) {
		for (size_t k = 0; k < b.n; k++)
			if (b.v[k].id == b.v[i].parent_id)
				set(agedge(g, nodes[k], nodes[i], NULL, 1), "penwidth", "1.2");
		for (size_t k = 0; !o->no_codes && k < b.v[i].ncodes; k++)
			set(agedge(g, nodes[i], code_node(g, &tree, b.v[i].codes[k]), NULL, 1),
			    "arrowhead", "none");
	}
	if (o->cooccur > 0) {
		struct cooccur_ctx c = { g, &b, nodes, o->cooccur };

		if ((rc = braid_themes_cooccur_each(st, o->coder, cooccur_edge, &c, err)))
			goto out;
	}
	rc = render(g, f, out, err);
out:
	if (g)
		agclose(g);
	free(nodes);
	build_release(&b);
	braid_code_tree_release(&tree);
	return rc;
}
