/*
 * test_figure.c - figures (figure.h) on test_themes.c's project
 * (themesfixture.h): cairo's SVG draws text as glyph paths, so the SVG is
 * checked for its structure (well-formed, 3.3 in wide, glyphs drawn and
 * none of them a font's missing-glyph box); the PDF for its header and
 * trailer; the PNG for its size at 300 dpi from its header; the errors of
 * nothing to draw and of a variable bars cannot be split by; the per
 * document coverage walk (themes.h) by hand; and that the face every
 * figure uses has the Cyrillic and Uzbek letters of a label.
 */
#define FIXTURE "figure"
#include "themesfixture.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pango/pangocairo.h>

#include "braid/figure.h"
#include "braid/survey.h"
#include "braid/themes.h"

static int draw(enum braid_figure_kind kind, enum braid_figure_format fmt,
		enum braid_figure_items items, const char *by, struct strbuf *out)
{
	struct braid_figure_opts o = { kind, fmt, items, BRAID_COOCCUR_SEGMENT, by, NULL };

	strbuf_reset(out);
	return braid_figure(st, &o, out, &err);
}

static void make_themes(void)
{
	static const char *const family[] = { "family" }, *const legal[] = { "legal" };
	int64_t id;

	begin("ana", "theme");
	assert_int_equal(braid_theme_new(st, "Support", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, family, 1, &err), 0);
	assert_int_equal(braid_theme_new(st, "Justice", NULL, "ana", &id, &err), 0);
	assert_int_equal(braid_theme_add_codes(st, id, legal, 1, &err), 0);
	commit();
}

static size_t count_nodes(xmlNode *n, const char *name, size_t *notdef)
{
	size_t k = 0;

	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name)) {
			xmlChar *href = xmlGetNsProp(n, (const xmlChar *)"href",
						     (const xmlChar *)"http://www.w3.org/1999/xlink");
			size_t len = href ? strlen((const char *)href) : 0;

			/* cairo names a font's glyph 0, the missing-glyph box, "glyphN-0" */
			if (len > 2 && !strcmp((const char *)href + len - 2, "-0"))
				(*notdef)++;
			xmlFree(href);
			k++;
		}
		k += count_nodes(n->children, name, notdef);
	}
	return k;
}

/* The SVG parses, is 3.3 in (237.6 pt) wide, and draws at least min glyphs, none missing. */
static void svg_check(const struct strbuf *svg, size_t min)
{
	xmlDoc *doc = xmlReadMemory(svg->buf, (int)svg->len, "fig.svg", NULL, XML_PARSE_NONET);
	xmlNode *root;
	xmlChar *w, *h;
	size_t notdef = 0;

	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "svg");
	w = xmlGetProp(root, (const xmlChar *)"width");
	h = xmlGetProp(root, (const xmlChar *)"height");
	assert_string_equal((const char *)w, "237.6pt");
	assert_true(atof((const char *)h) > 50);
	assert_true(count_nodes(root, "use", &notdef) >= min);
	assert_int_equal(notdef, 0);
	xmlFree(w);
	xmlFree(h);
	xmlFreeDoc(doc);
}

static void test_errors(void **state)
{
	struct strbuf out = STRBUF_INIT;

	/* no theme yet; codes have codings */
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_SVG, 0, NULL, &out),
			 BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no themes in play");
	assert_int_equal(draw(BRAID_FIGURE_MAP, BRAID_FIGURE_SVG, 0, NULL, &out), BRAID_ENOTFOUND);
	assert_int_equal(draw(BRAID_FIGURE_COOCCUR, BRAID_FIGURE_SVG, 0, NULL, &out),
			 BRAID_ENOTFOUND);
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_SVG, BRAID_FIGURE_ITEMS_CODES,
			      "nothing", &out),
			 BRAID_ENOTFOUND);
	assert_string_equal(err.msg, "no survey variable 'nothing'");
	strbuf_release(&out);
}

static void test_svg(void **state)
{
	struct strbuf out = STRBUF_INIT;

	/* "Cases with each code", Family, Legal, Peer, their counts, the axis: over 40 glyphs */
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_SVG, BRAID_FIGURE_ITEMS_CODES,
			      NULL, &out),
			 0);
	svg_check(&out, 40);
	make_themes();
	assert_int_equal(draw(BRAID_FIGURE_COOCCUR, BRAID_FIGURE_SVG, 0, NULL, &out), 0);
	svg_check(&out, 40);
	assert_int_equal(draw(BRAID_FIGURE_COVERAGE, BRAID_FIGURE_SVG, 0, NULL, &out), 0);
	svg_check(&out, 40);
	strbuf_release(&out);
}

static void test_pdf_png(void **state)
{
	struct strbuf out = STRBUF_INIT;
	const unsigned char *p;

	make_themes();
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_PDF, 0, NULL, &out), 0);
	assert_memory_equal(out.buf, "%PDF-", 5);
	assert_non_null(strstr(out.buf + out.len - 16, "%%EOF"));
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_PNG, 0, NULL, &out), 0);
	p = (const unsigned char *)out.buf;
	assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(p + 12, "IHDR", 4);
	/* 3.3 in at 300 dpi */
	assert_int_equal((p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19], 990);
	assert_true(((p[20] << 24) | (p[21] << 16) | (p[22] << 8) | p[23]) > 200);
	/* the map is map.c's own drawing */
	assert_int_equal(draw(BRAID_FIGURE_MAP, BRAID_FIGURE_PDF, 0, NULL, &out), 0);
	assert_memory_equal(out.buf, "%PDF-", 5);
	strbuf_release(&out);
}

/* Bars by a binary variable draw; a numeric one has no groups to split by. */
static void test_by(void **state)
{
	struct strbuf out = STRBUF_INIT;

	make_themes();
	fixture_survey("id,SR,age\nP001,1,30\nP002,0,41\nP003,0,25\n");
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_SVG, 0, "SR", &out), 0);
	svg_check(&out, 40);
	assert_int_equal(draw(BRAID_FIGURE_PREVALENCE, BRAID_FIGURE_SVG, 0, "age", &out),
			 BRAID_EINVAL);
	assert_non_null(strstr(err.msg, "'age' is numeric"));
	strbuf_release(&out);
}

struct cov {
	char text[256];
	size_t len;
};

static int cov_row(size_t target, const struct braid_doc_prevalence_row *r, void *ctx)
{
	struct cov *c = ctx;

	c->len += (size_t)snprintf(c->text + c->len, sizeof(c->text) - c->len, "%s %zu %lld/%lld;",
				   r->doc, target, (long long)r->words, (long long)r->words_total);
	return 0;
}

/*
 * Per document (family 0, legal 1): A: family's union 25..53 "My sister
 * helped. The lawyer" 5 words of A's participants' 11; legal 3..20 is the
 * interviewer's, 43..63 "The lawyer was slow." 4. B: family "My sister was
 * far away." 5 of 8, legal "Nobody helped me." 3. C has no participant.
 */
static void test_docs_walk(void **state)
{
	int64_t codes[2];
	struct cov c = { "", 0 };

	assert_int_equal(braid_code_find(st, "family", &codes[0], &err), 0);
	assert_int_equal(braid_code_find(st, "legal", &codes[1], &err), 0);
	assert_int_equal(braid_themes_docs_each(st, 1, codes, 2, NULL, cov_row, &c, &err), 0);
	assert_string_equal(c.text, "A 0 5/11;A 1 4/11;B 0 5/8;B 1 3/8;C 0 0/0;C 1 0/0;");
}

/* The face of every figure draws a Russian and an Uzbek label with no missing glyph. */
static void test_cyrillic_face(void **state)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(s);
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *d = pango_font_description_from_string("DejaVu Sans 7");

	pango_layout_set_font_description(l, d);
	pango_layout_set_text(l, "Семья; Оила ва қариндошлар, ғамхўрлик", -1);
	assert_int_equal(pango_layout_get_unknown_glyphs_count(l), 0);
	pango_font_description_free(d);
	g_object_unref(l);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* A code named in Russian draws in a figure: glyphs, none missing. */
static void test_cyrillic_figure(void **state)
{
	struct strbuf out = STRBUF_INIT;
	int64_t id;

	assert_int_equal(braid_code_find(st, "family", &id, &err), 0);
	begin("ana", "code rename");
	assert_int_equal(braid_code_rename(st, id, "Семья и родственники", &err), 0);
	commit();
	assert_int_equal(draw(BRAID_FIGURE_COVERAGE, BRAID_FIGURE_SVG, 0, NULL, &out), 0);
	svg_check(&out, 40);
	strbuf_release(&out);
}

/*
 * Under AddressSanitizer: fontconfig keeps its configuration for the life
 * of the process, and Graphviz (the map) its plugin configuration; neither
 * is braid's to free (tests/cli/report.sh says the same). Read by LSan.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:gvconfig\n";
}

/* whole stacks, so that a leak inside Graphviz is seen to come from gvconfig */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_svg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_png, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docs_walk, setup, teardown),
		cmocka_unit_test(test_cyrillic_face),
		cmocka_unit_test_setup_teardown(test_cyrillic_figure, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
