/*
 * doc.c - Markdown, HTML and LaTeX documents (see include/braid/doc.h).
 *
 * Each writer is written once per format; what it writes for the report
 * is what the report wrote before it shared the writer.
 */
#include <string.h>

#include "braid/doc.h"
#include "braid/json.h"

void braid_doc_init(struct braid_doc *d, enum braid_doc_format f, struct strbuf *sb)
{
	memset(d, 0, sizeof(*d));
	d->f = f;
	d->sb = sb;
}

void braid_doc_esc(struct braid_doc *d, const char *s, size_t len, int keep_lines)
{
	struct strbuf *sb = d->sb;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			if (!keep_lines)
				strbuf_addch(sb, ' ');
			else if (d->f == BRAID_DOC_HTML)
				strbuf_addstr(sb, "<br>\n");
			else if (d->f == BRAID_DOC_TEX)
				/* {}: a next line starting with [ or * is text, not \\'s option */
				strbuf_addstr(sb, "\\\\{}\n");
			else
				strbuf_addstr(sb, "  \n> ");
			continue;
		}
		switch (d->f) {
		case BRAID_DOC_MD:
			if (strchr("\\`*_[]<>|#", c))
				strbuf_addch(sb, '\\');
			strbuf_addch(sb, c);
			break;
		case BRAID_DOC_HTML:
			if (c == '&')
				strbuf_addstr(sb, "&amp;");
			else if (c == '<')
				strbuf_addstr(sb, "&lt;");
			else if (c == '>')
				strbuf_addstr(sb, "&gt;");
			else if (c == '"')
				strbuf_addstr(sb, "&quot;");
			else
				strbuf_addch(sb, c);
			break;
		case BRAID_DOC_TEX:
			if (c == '\\')
				strbuf_addstr(sb, "\\textbackslash{}");
			else if (c == '~')
				strbuf_addstr(sb, "\\textasciitilde{}");
			else if (c == '^')
				strbuf_addstr(sb, "\\textasciicircum{}");
			else if (c == '|') /* OT1 fonts have no bar, nor < and > */
				strbuf_addstr(sb, "\\textbar{}");
			else if (c == '<')
				strbuf_addstr(sb, "\\textless{}");
			else if (c == '>')
				strbuf_addstr(sb, "\\textgreater{}");
			else if (c && strchr("{}$&#_%", c)) {
				strbuf_addch(sb, '\\');
				strbuf_addch(sb, c);
			} else
				strbuf_addch(sb, c);
			break;
		}
	}
}

void braid_doc_text(struct braid_doc *d, const char *s)
{
	braid_doc_esc(d, s, strlen(s), 0);
}

void braid_doc_heading(struct braid_doc *d, int level, const char *s)
{
	static const char *const tex[] = { "section", "subsection", "subsubsection", "paragraph" };

	if (level < 1)
		level = 1;
	if (level > 4)
		level = 4;
	switch (d->f) {
	case BRAID_DOC_MD:
		strbuf_addf(d->sb, "%.*s ", level + 1, "#####");
		braid_doc_text(d, s);
		strbuf_addstr(d->sb, "\n\n");
		break;
	case BRAID_DOC_HTML:
		strbuf_addf(d->sb, "<h%d>", level + 1);
		braid_doc_text(d, s);
		strbuf_addf(d->sb, "</h%d>\n", level + 1);
		break;
	case BRAID_DOC_TEX:
		strbuf_addf(d->sb, "\\%s*{", tex[level - 1]);
		braid_doc_text(d, s);
		strbuf_addstr(d->sb, "}\n\n");
		break;
	}
}

void braid_doc_para(struct braid_doc *d, const char *s)
{
	if (d->f == BRAID_DOC_HTML)
		strbuf_addstr(d->sb, "<p>");
	braid_doc_text(d, s);
	strbuf_addstr(d->sb, d->f == BRAID_DOC_HTML ? "</p>\n" : "\n\n");
}

void braid_doc_field(struct braid_doc *d, const char *label, const char *s)
{
	switch (d->f) {
	case BRAID_DOC_MD:
		strbuf_addstr(d->sb, "**");
		braid_doc_text(d, label);
		strbuf_addstr(d->sb, ".** ");
		break;
	case BRAID_DOC_HTML:
		strbuf_addstr(d->sb, "<p><strong>");
		braid_doc_text(d, label);
		strbuf_addstr(d->sb, ".</strong> ");
		break;
	case BRAID_DOC_TEX:
		strbuf_addstr(d->sb, "\\textbf{");
		braid_doc_text(d, label);
		strbuf_addstr(d->sb, ".} ");
		break;
	}
	braid_doc_text(d, s);
	strbuf_addstr(d->sb, d->f == BRAID_DOC_HTML ? "</p>\n" : "\n\n");
}

/* LaTeX: the header row, between the rules. */
static void tex_head(struct braid_doc *d, size_t n, const char *const *heads)
{
	strbuf_addstr(d->sb, "\\toprule\n");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(d->sb, " & ");
		strbuf_addstr(d->sb, "\\textbf{");
		braid_doc_text(d, heads[i]);
		strbuf_addch(d->sb, '}');
	}
	strbuf_addstr(d->sb, " \\\\\n\\midrule\n");
}

void braid_doc_table_begin(struct braid_doc *d, size_t n, const char *const *heads,
			   const char *align, const char *caption)
{
	size_t nwrap = 0;

	d->ncols = n;
	switch (d->f) {
	case BRAID_DOC_MD:
		if (caption) {
			strbuf_addstr(d->sb, "**");
			braid_doc_text(d, caption);
			strbuf_addstr(d->sb, "**\n\n");
		}
		for (size_t i = 0; i < n; i++) {
			strbuf_addstr(d->sb, "| ");
			braid_doc_text(d, heads[i]);
			strbuf_addch(d->sb, ' ');
		}
		strbuf_addstr(d->sb, "|\n");
		for (size_t i = 0; i < n; i++)
			strbuf_addstr(d->sb, align[i] == 'r' ? "|---:" : "|---");
		strbuf_addstr(d->sb, "|\n");
		break;
	case BRAID_DOC_HTML:
		strbuf_addstr(d->sb, d->sortable ? "<table class=\"sortable\">\n" : "<table>\n");
		d->sorted |= d->sortable;
		if (caption) {
			strbuf_addstr(d->sb, "<caption>");
			braid_doc_text(d, caption);
			strbuf_addstr(d->sb, "</caption>\n");
		}
		strbuf_addstr(d->sb, "<thead><tr>");
		for (size_t i = 0; i < n; i++) {
			strbuf_addstr(d->sb, align[i] == 'r' ? "<th class=\"n\">" : "<th>");
			braid_doc_text(d, heads[i]);
			strbuf_addstr(d->sb, "</th>");
		}
		strbuf_addstr(d->sb, "</tr></thead>\n<tbody>\n");
		break;
	case BRAID_DOC_TEX:
		for (size_t i = 0; i < n; i++)
			nwrap += align[i] == 'w';
		/*
		 * Wrapped columns share 40% of the line, the table set small
		 * with narrower gaps: the report's phase table's two dates
		 * and its two wrapped columns then fit the 360 pt text width
		 * of an 11 pt article, in Computer Modern (321 pt) and in the
		 * wider DejaVu Serif of xelatex (356 pt).
		 */
		d->small = nwrap > 0;
		if (d->small)
			strbuf_addstr(d->sb, "\\begingroup\\small\\setlength{\\tabcolsep}{4pt}\n");
		strbuf_addstr(d->sb, "\\begin{longtable}{");
		for (size_t i = 0; i < n; i++)
			if (align[i] == 'w') {
				strbuf_addstr(d->sb, ">{\\raggedright\\arraybackslash}p{");
				braid_real_fixed_text(0.40 / (double)nwrap, 2, d->sb);
				strbuf_addstr(d->sb, "\\linewidth}");
			} else
				strbuf_addch(d->sb, align[i]);
		strbuf_addstr(d->sb, "}\n");
		if (caption) {
			/* the caption on the first page; the header on every page */
			strbuf_addstr(d->sb, "\\caption{");
			braid_doc_text(d, caption);
			strbuf_addstr(d->sb, "}\\\\\n");
			tex_head(d, n, heads);
			strbuf_addstr(d->sb, "\\endfirsthead\n");
		}
		tex_head(d, n, heads);
		strbuf_addstr(d->sb, "\\endhead\n");
		break;
	}
}

void braid_doc_table_row(struct braid_doc *d, const char *const *cells, const char *align)
{
	switch (d->f) {
	case BRAID_DOC_MD:
		for (size_t i = 0; i < d->ncols; i++) {
			strbuf_addstr(d->sb, "| ");
			braid_doc_text(d, cells[i]);
			strbuf_addch(d->sb, ' ');
		}
		strbuf_addstr(d->sb, "|\n");
		break;
	case BRAID_DOC_HTML:
		strbuf_addstr(d->sb, "<tr>");
		for (size_t i = 0; i < d->ncols; i++) {
			strbuf_addstr(d->sb, align[i] == 'r' ? "<td class=\"n\">" : "<td>");
			braid_doc_text(d, cells[i]);
			strbuf_addstr(d->sb, "</td>");
		}
		strbuf_addstr(d->sb, "</tr>\n");
		break;
	case BRAID_DOC_TEX:
		/* {}: a row starting with [ or * is text, not the last row's \\'s option or star */
		if (d->ncols && (cells[0][0] == '[' || cells[0][0] == '*'))
			strbuf_addstr(d->sb, "{}");
		for (size_t i = 0; i < d->ncols; i++) {
			if (i)
				strbuf_addstr(d->sb, " & ");
			braid_doc_text(d, cells[i]);
		}
		strbuf_addstr(d->sb, " \\\\\n");
		break;
	}
}

void braid_doc_table_end(struct braid_doc *d)
{
	strbuf_addstr(d->sb, d->f == BRAID_DOC_MD     ? "\n"
			     : d->f == BRAID_DOC_HTML ? "</tbody>\n</table>\n"
						      : "\\bottomrule\n\\end{longtable}\n");
	if (d->f == BRAID_DOC_TEX)
		strbuf_addstr(d->sb, d->small ? "\\endgroup\n\n" : "\n");
	d->small = 0;
}

void braid_doc_list_begin(struct braid_doc *d)
{
	strbuf_addstr(d->sb, d->f == BRAID_DOC_HTML	 ? "<ul>\n"
			     : d->f == BRAID_DOC_TEX ? "\\begin{itemize}\n"
						     : "");
}

void braid_doc_item(struct braid_doc *d, const char *s)
{
	strbuf_addstr(d->sb, d->f == BRAID_DOC_HTML	 ? "<li>"
			     : d->f == BRAID_DOC_TEX ? "\\item "
						     : "- ");
	braid_doc_text(d, s);
	strbuf_addstr(d->sb, d->f == BRAID_DOC_HTML ? "</li>\n" : "\n");
}

void braid_doc_list_end(struct braid_doc *d)
{
	strbuf_addstr(d->sb, d->f == BRAID_DOC_HTML	 ? "</ul>\n"
			     : d->f == BRAID_DOC_TEX ? "\\end{itemize}\n\n"
						     : "\n");
}

void braid_doc_quote(struct braid_doc *d, const char *s, size_t len, const char *by,
		     const char *note)
{
	switch (d->f) {
	case BRAID_DOC_MD:
		strbuf_addstr(d->sb, "> ");
		braid_doc_esc(d, s, len, 1);
		strbuf_addstr(d->sb, "  \n> — ");
		braid_doc_text(d, by);
		break;
	case BRAID_DOC_HTML:
		strbuf_addstr(d->sb, "<blockquote><p>");
		braid_doc_esc(d, s, len, 1);
		strbuf_addstr(d->sb, "</p><footer>— ");
		braid_doc_text(d, by);
		strbuf_addstr(d->sb, "</footer></blockquote>");
		break;
	case BRAID_DOC_TEX:
		strbuf_addstr(d->sb, "\\begin{quote}\n");
		braid_doc_esc(d, s, len, 1);
		strbuf_addstr(d->sb, "\\\\\n\\hspace*{\\fill}--- ");
		braid_doc_text(d, by);
		strbuf_addstr(d->sb, "\n\\end{quote}");
		break;
	}
	strbuf_addch(d->sb, '\n');
	if (note && *note) {
		if (d->f == BRAID_DOC_MD)
			strbuf_addch(d->sb, '\n');
		braid_doc_field(d, "Note", note);
	} else {
		strbuf_addch(d->sb, '\n');
	}
}

/* ---- the standalone document ---- */

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<meta name=\"generator\" content=\"braid " BRAID_VERSION "\">\n"
	"<style>\n"
	"body{font-family:Georgia,'DejaVu Serif',serif;max-width:46em;margin:2em auto;"
	"padding:0 1em;line-height:1.5;color:#222}\n"
	"h1,h2,h3,h4{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;line-height:1.2}\n"
	"table{border-collapse:collapse;margin:1em 0}\n"
	"th,td{border-bottom:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}\n"
	"th.n,td.n{text-align:right}\n"
	"blockquote{margin:1em 0;padding:.2em 1em;border-left:4px solid #b3cde3;background:#f7f9fb}\n"
	"blockquote footer{font-size:.9em;color:#555}\n"
	"figure{margin:1em 0}figure svg{max-width:100%;height:auto}\n"
	"figcaption{font-size:.9em;color:#555}\n"
	".meta{color:#555}\n"
	"</style>\n";

static const char tex_preamble[] =
	"% Written by braid " BRAID_VERSION ". pdflatex reads Latin-script text;"
	" xelatex or lualatex any script.\n"
	"\\documentclass[11pt]{article}\n"
	"\\makeatletter\n"
	"\\ifdefined\\XeTeXversion\\def\\braid@unicode{}\\fi\n"
	"\\ifdefined\\directlua\\def\\braid@unicode{}\\fi\n"
	"\\ifdefined\\braid@unicode\n"
	"  \\usepackage{fontspec}\n"
	/* Latin Modern, fontspec's default, has no Cyrillic or Greek: those letters were dropped */
	"  \\IfFontExistsTF{DejaVu Serif}{\\setmainfont{DejaVu Serif}}{}\n"
	"\\else\n"
	"  \\usepackage[utf8]{inputenc}\n"
	"  \\usepackage[T1]{fontenc}\n"
	"\\fi\n"
	"\\makeatother\n"
	"\\usepackage{graphicx}\n"
	"\\usepackage{array}\n"
	"\\usepackage{longtable}\n"
	"\\usepackage{booktabs}\n"
	/* labelled paragraphs (Definition., Scope., ...): set apart, not indented */
	"\\setlength{\\parindent}{0pt}\n"
	"\\setlength{\\parskip}{0.5\\baselineskip}\n"
	/* quotes in a language hyphenated as English, ids such as informal-support */
	"\\setlength{\\emergencystretch}{3em}\n";

void braid_doc_begin(struct braid_doc *d, const char *title, const char *subtitle)
{
	switch (d->f) {
	case BRAID_DOC_MD:
		strbuf_addstr(d->sb, "# ");
		braid_doc_text(d, title);
		strbuf_addstr(d->sb, "\n\n");
		if (subtitle) {
			strbuf_addch(d->sb, '*');
			braid_doc_text(d, subtitle);
			strbuf_addstr(d->sb, "*\n\n");
		}
		break;
	case BRAID_DOC_HTML:
		strbuf_addstr(d->sb, html_head);
		strbuf_addstr(d->sb, "<title>");
		braid_doc_text(d, title);
		strbuf_addstr(d->sb, "</title>\n</head>\n<body>\n<h1>");
		braid_doc_text(d, title);
		strbuf_addstr(d->sb, "</h1>\n");
		if (subtitle) {
			strbuf_addstr(d->sb, "<p class=\"meta\">");
			braid_doc_text(d, subtitle);
			strbuf_addstr(d->sb, "</p>\n");
		}
		break;
	case BRAID_DOC_TEX:
		strbuf_addstr(d->sb, tex_preamble);
		strbuf_addstr(d->sb, "\\title{");
		braid_doc_text(d, title);
		strbuf_addstr(d->sb, "}\n\\author{}\n\\date{");
		if (subtitle)
			braid_doc_text(d, subtitle);
		strbuf_addstr(d->sb, "}\n\\begin{document}\n\\maketitle\n\n");
		break;
	}
}

/*
 * Sorts a sortable table's body rows by the column whose header is
 * clicked, ascending, then descending on the next click: as numbers when
 * every cell of the column but the null "-" reads as one (an id's "#", a
 * share's "%" and a small p's "<" aside), else as text in the reader's
 * collation.
 */
static const char sort_script[] =
	"<script>\n"
	"document.querySelectorAll(\"table.sortable\").forEach(function (t) {\n"
	"  var th = t.tHead.rows[0].cells;\n"
	"  [].forEach.call(th, function (h, k) {\n"
	"    h.style.cursor = \"pointer\";\n"
	"    h.onclick = function () {\n"
	"      var b = t.tBodies[0], rows = [].slice.call(b.rows),\n"
	"          up = h.getAttribute(\"aria-sort\") !== \"ascending\";\n"
	"      var cell = function (r) { return r.cells[k].textContent.trim(); };\n"
	"      var num = rows.every(function (r) {\n"
	"        var s = cell(r);\n"
	"        return s === \"-\" || (s !== \"\" && !isNaN(s.replace(/^[#<]|%$/g, \"\")));\n"
	"      });\n"
	"      var key = function (r) {\n"
	"        var s = cell(r);\n"
	"        return !num ? s : s === \"-\" ? -Infinity : +s.replace(/^[#<]|%$/g, \"\");\n"
	"      };\n"
	"      rows.sort(function (x, y) {\n"
	"        var a = key(x), c = key(y);\n"
	"        var o = num ? (a < c ? -1 : a > c ? 1 : 0) : a.localeCompare(c);\n"
	"        return up ? o : -o;\n"
	"      });\n"
	"      [].forEach.call(th, function (o) { o.removeAttribute(\"aria-sort\"); });\n"
	"      h.setAttribute(\"aria-sort\", up ? \"ascending\" : \"descending\");\n"
	"      rows.forEach(function (r) { b.appendChild(r); });\n"
	"    };\n"
	"  });\n"
	"});\n"
	"</script>\n";

void braid_doc_end(struct braid_doc *d)
{
	if (d->f == BRAID_DOC_HTML) {
		if (d->sorted)
			strbuf_addstr(d->sb, sort_script);
		strbuf_addstr(d->sb, "</body>\n</html>\n");
	} else if (d->f == BRAID_DOC_TEX) {
		strbuf_addstr(d->sb, "\\end{document}\n");
	}
}
