# The thematic map and the analysis report end to end, on a small synthetic project
# taken through the six phases by hand (one gate passed anyway): the map's DOT against
# a golden file, its SVG parsed with libxml2 (a node per theme in play and per code,
# the width, the font sizes, co-occurrence lines), PDF and PNG; the report in
# Markdown and LaTeX against golden files (timestamps replaced), in HTML checked
# section by section and for being one self-contained file; LaTeX compiled when
# pdflatex is installed; bad input; the report recorded and phase 6's gate.
#
# The golden files are tests/golden/map.dot, report.md and report.tex. After a
# deliberate change of the output, write them again with BRAID_GOLDEN_UPDATE=1 (and
# read the diff line by line before committing it).
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana
golden=$ROOT/tests/golden

# Graphviz (through fontconfig) keeps caches it never frees, and libgvc 2.43's
# gvContext leaks its plugin configuration: under AddressSanitizer (make check) those
# leaks in the libraries, and only those, are not reported.
printf 'leak:libfontconfig.so\nleak:gvconfig\n' > lsan.supp
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/lsan.supp:print_suppressions=0"

# svgfacts FILE: the SVG parsed with libxml2 (the library braid links), one fact a
# line: its root, width and height, "node TITLE" per node, "edge TITLE dashed|solid"
# per edge, "font-size N" per <text>
cat > svgfacts.c <<'C'
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

static const char *title(xmlNode *g)
{
	for (xmlNode *c = g->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "title"))
			return (const char *)xmlNodeGetContent(c);
	return NULL;
}

static void walk(xmlNode *n, int *dashed)
{
	for (; n; n = n->next) {
		xmlChar *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, "g") && (v = xmlGetProp(n, BAD_CAST "class"))) {
			const char *t = title(n);
			int d = 0;

			if (!strcmp((char *)v, "node"))
				printf("node %s\n", t);
			if (!strcmp((char *)v, "edge")) {
				walk(n->children, &d);
				printf("edge %s %s\n", t, d ? "dashed" : "solid");
				xmlFree(v);
				xmlFree((xmlChar *)t);
				continue;
			}
			xmlFree(v);
			xmlFree((xmlChar *)t);
		}
		if (!strcmp((const char *)n->name, "text") && (v = xmlGetProp(n, BAD_CAST "font-size"))) {
			printf("font-size %s\n", (char *)v);
			xmlFree(v);
		}
		if ((v = xmlGetProp(n, BAD_CAST "stroke-dasharray"))) {
			*dashed = 1;
			xmlFree(v);
		}
		walk(n->children, dashed);
	}
}

int main(int argc, char **argv)
{
	xmlDoc *doc;
	xmlNode *root;
	xmlChar *w, *h;
	int dashed = 0;

	if (argc != 2 || !(doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET)))
		return 1;
	root = xmlDocGetRootElement(doc);
	w = xmlGetProp(root, BAD_CAST "width");
	h = xmlGetProp(root, BAD_CAST "height");
	printf("root %s %s\nwidth %s\nheight %s\n", (const char *)root->name,
	       root->ns ? (const char *)root->ns->href : "-", w ? (char *)w : "-", h ? (char *)h : "-");
	xmlFree(w);
	xmlFree(h);
	walk(root->children, &dashed);
	xmlFreeDoc(doc);
	return 0;
}
C
# shellcheck disable=SC2046  # pkg-config prints several flags
${CC:-cc} -std=c11 -o svgfacts svgfacts.c \
	$(pkg-config --cflags --libs libxml-2.0) || fail "cannot build the libxml2 SVG checker"
svgfacts() { ./svgfacts "$1" > "$1.facts" || fail "libxml2 cannot parse $1"; }

# ---- the project ----
"$BRAID" init t.braid --title "Support after leaving a shelter (synthetic test)" >/dev/null
# Three short interviews, one case each; the interviewers' words are not participants'.
# int1, case P001: turn 2 (P001) "A neighbour gave me the number." (6 words) "The first
#   call was hard." (5) "The social worker was patient with me." (7, 114-152): 18;
#   turn 4 (P001) "The lawyer explained my rights." (5, 192-223) "I started a cooking
#   course in spring." (7, 224-261): 12. P001: 30 words; the interviewer's 7 + 3.
# int2, case P002: turn 2 (P002) "My sister calls me every evening." (6, 40-73) "The group
#   on Thursdays feels like family." (7, 74-115): 13; turn 4 "The office lost my file
#   twice." (6, 153-183) "I waited four months for an answer." (7, 184-219): 13.
#   P002: 26 words; the interviewer's 5 + 3.
# int3, case P003 (speaker R): turn 2 "I work at the bakery now." (6, 32-57) "My cousin
#   lends me money when the rent is late." (10, 58-105) "The legal clinic answered my
#   letter." (6, 106-142), a blank line, "[laughs] It took them a while." (6, 144-174):
#   28. The interviewer's (I) 5.
# Participants' words: 30 + 26 + 28 = 84; all words 40 + 34 + 33 = 107; 3 cases.
cat > int1.txt <<'T'
Interviewer: How did you find the support centre?
P001: A neighbour gave me the number. The first call was hard. The social worker was patient with me.
Interviewer: What helped most?
P001: The lawyer explained my rights. I started a cooking course in spring.
T
cat > int2.txt <<'T'
Interviewer: Who do you talk to?
P002: My sister calls me every evening. The group on Thursdays feels like family.
Interviewer: And the papers?
P002: The office lost my file twice. I waited four months for an answer.
T
cat > int3.txt <<'T'
I: Tell me about your week.
R: I work at the bakery now. My cousin lends me money when the rent is late. The legal clinic answered my letter.

[laughs] It took them a while.
T
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002
expect_exit 0 "$BRAID" ingest int3.txt --case P003
expect_exit 0 "$BRAID" cases --json
check "cases' words" "$(json_get out.txt '[(c["case"], c["words"]) for c in j]')" \
	"[('P001', 30), ('P002', 26), ('P003', 28)]"

# ---- phase 1: familiarisation ----
expect_exit 0 "$BRAID" read int1 int2 int3
expect_exit 0 "$BRAID" read int2 --coder ben
expect_exit 0 "$BRAID" memo add --on doc:int1 --kind familiarisation \
	"The first call comes up in every account of arriving."
expect_exit 0 "$BRAID" memo add --on project --kind reflexive \
	"I worked in an advice centre before this study; I may listen for praise of services."
expect_exit 0 "$BRAID" phase next

# ---- phase 2: coding, by rule and by hand ----
cat > book.yaml <<'Y'
name: Support after a shelter
codes:
  - name: Service contact
    id: services
    patterns: ["social worker|office"]
  - name: Legal aid
    id: legal
    patterns: ["lawyer|legal clinic"]
  - {name: Family support, id: family}
  - {name: Peer group, id: peer}
  - name: Work and training
    id: work
    patterns: ["bakery|course"]
  - {name: Waiting for papers, id: waiting}
Y
expect_exit 0 "$BRAID" codebook import book.yaml
# no theme yet: nothing to draw, and nothing recorded
expect_exit 0 "$BRAID" log --json
nlog=$(json_get out.txt 'len(j)')
expect_exit 1 "$BRAID" map
contains err.txt "no themes to draw yet"
expect_exit 1 "$BRAID" map -o m.svg
[ ! -e m.svg ] || fail "map wrote a file with no themes"
expect_exit 0 "$BRAID" log --json
check "no log row for a refused map" "$(json_get out.txt 'len(j)')" "$nlog"

# the rules suggest #1 services 114-152 (int1), #2 legal 192-223, #3 work 224-261,
# #4 services 153-183 (int2, "The office lost my file twice.": not a service contact),
# #5 legal 106-142 (int3), #6 work 32-57 (int3)
expect_exit 0 "$BRAID" autocode
expect_exit 0 "$BRAID" code ls --json
check "suggestions" "$(json_get out.txt '[(c["id"], c["doc"], c["code"], c["start"], c["end"]) for c in j]')" \
	"[(1, 'int1', 'services', 114, 152), (2, 'int1', 'legal', 192, 223), (3, 'int1', 'work', 224, 261), (4, 'int2', 'services', 153, 183), (6, 'int3', 'work', 32, 57), (5, 'int3', 'legal', 106, 142)]"
expect_exit 1 "$BRAID" phase next
contains err.txt "every autocoded coding reviewed (0 of 6)"
expect_exit 0 "$BRAID" code reject 4
expect_exit 0 "$BRAID" code accept --all
expect_exit 0 "$BRAID" code add int2 --code family --match "My sister calls me every evening."      # 7
expect_exit 0 "$BRAID" code add int2 --code peer --match "The group on Thursdays feels like family."  # 8
expect_exit 0 "$BRAID" code add int2 --code waiting --match "I waited four months for an answer."  # 9
expect_exit 0 "$BRAID" code add int2 --code family --coder ben --match "My sister calls me every evening."  # 10
expect_exit 0 "$BRAID" code add int3 --code "Debt to relatives" --new --coder ben \
	--match "My cousin lends me money when the rent is late."                               # 11
expect_exit 0 "$BRAID" code add int2 --code waiting --coder ben --match "The office lost my file twice."  # 12
expect_exit 0 "$BRAID" code add int1 --code services --coder ben --match "The social worker was patient with me."  # 13
# 14: over the blank line inside R's turn, and over #5
expect_exit 0 "$BRAID" code add int3 --code legal --range 106:174
contains out.txt "coded #14 int3 [106-174] legal (ana)"
expect_exit 0 "$BRAID" phase next

# ---- phase 3: themes ----
expect_exit 0 "$BRAID" theme new "Formal support"
expect_exit 0 "$BRAID" theme add-code formal-support services waiting
expect_exit 0 "$BRAID" theme new "Legal help" --parent formal-support
expect_exit 0 "$BRAID" theme add-code legal-help legal
expect_exit 0 "$BRAID" theme new "Informal support" --coder ben
expect_exit 0 "$BRAID" theme add-code informal-support family peer debt-to-relatives
expect_exit 0 "$BRAID" theme new "Moving on"
expect_exit 0 "$BRAID" theme add-code moving-on work
expect_exit 0 "$BRAID" theme new "Luck"
expect_exit 0 "$BRAID" theme add-code luck waiting
expect_exit 0 "$BRAID" phase next

# ---- phase 4: review; one theme discarded ----
for t in formal-support legal-help informal-support moving-on; do
	expect_exit 0 "$BRAID" theme review "$t" --extracts --dataset
	expect_exit 0 "$BRAID" theme status "$t" reviewed
done
expect_exit 0 "$BRAID" theme discard luck --why "waiting is about the offices, not chance"
expect_exit 0 "$BRAID" phase next

# ---- phase 5: definitions; Moving on has no scope, and the gate is passed anyway ----
expect_exit 0 "$BRAID" theme define formal-support \
	--definition "Help that comes through an office: social workers, lawyers and the papers they hold." \
	--scope "Services and the waiting they bring; not relatives or friends."
expect_exit 0 "$BRAID" theme define legal-help \
	--definition "Lawyers and clinics that explain rights and answer letters." --scope "Legal advice only."
expect_exit 0 "$BRAID" theme define informal-support \
	--definition "Relatives and peers who call, listen and lend." \
	--scope "Family, friends and the group; money lent by relatives included."
expect_exit 0 "$BRAID" theme define moving-on --definition "Work and courses as a way forward."
for t in formal-support legal-help informal-support; do
	expect_exit 0 "$BRAID" theme status "$t" defined
done
expect_exit 0 "$BRAID" memo add --on theme:informal-support --kind reflexive --coder ben \
	"The cousin's loan is help and a debt at once; I kept it here after a long discussion with ana."
expect_exit 1 "$BRAID" phase next
contains err.txt "1 theme has no definition or no scope: moving-on"
expect_exit 0 "$BRAID" phase next --force --why "Moving on is left for the follow-up interviews"

# ---- phase 6: quotes ----
expect_exit 0 "$BRAID" phase
contains out.txt "phase 6 of 6: writing up"
contains out.txt "[ ] a report written"
expect_exit 0 "$BRAID" quote add legal-help 14
expect_exit 0 "$BRAID" quote add formal-support 9 --note "four months"
expect_exit 0 "$BRAID" quote add informal-support 7

# ---- prevalence by hand (what the map and the report print) ----
# legal-help (legal): #2 int1 192-223 (5 words, P001), #5 int3 106-142 and #14 int3
#   106-174: two different spans, so 3 segments, though #14 holds #5; words: int1 5,
#   int3 the union 106-174, 6 + 6 = 12: 17 of 84 (20.2%); documents int1, int3: 2 of
#   3; cases P001, P003: 2 of 3. By case: P001 1 segment, 5 of 30 words (16.7%); P002
#   none, 0 of 26; P003 2 segments, 12 of 28 (42.9%).
# formal-support: services #1 (and ben's #13, the same span: one segment) 7 words,
#   P001; waiting #9 7 and #12 6 (#4 was rejected), P002; and legal-help's 3: 6
#   segments, 3 of 3 documents, 3 of 3 cases, 7 + 13 + 17 = 37 of 84 words (44.0%).
#   By case: P001 2 segments, 7 + 5 = 12 of 30 (40.0%); P002 2, 13 of 26 (50.0%);
#   P003 2, 12 of 28 (42.9%).
# informal-support: family #7 (and ben's #10) 6 words and peer #8 7, P002; debt #11
#   10, P003: 3 segments, 2 of 3 documents and cases, 23 of 84 (27.4%). By case: P001
#   none; P002 2, 13 of 26 (50.0%); P003 1, 10 of 28 (35.7%).
# moving-on (work): #3 7 words (P001), #6 6 (P003): 2 segments, 13 of 84 (15.5%).
expect_exit 0 "$BRAID" theme ls --json
check "prevalence" "$(json_get out.txt '[(t["id"], t["segments"], t["docs"], t["cases"], t["words"], t["words_total"]) for t in j]')" \
	"[('formal-support', 6, 3, 3, 37, 84), ('legal-help', 3, 2, 2, 17, 84), ('informal-support', 3, 2, 2, 23, 84), ('moving-on', 2, 2, 2, 13, 84)]"

# ---- the map: DOT before layout, against the golden file ----
# Sizes: the square root of a theme's segments over the most's (formal-support, 6) scales
# 1.3 x 0.45 in up to 2.1 x 0.9 in: formal-support 2.10 x 0.90; legal-help and
# informal-support sqrt(3/6) = 0.707: 1.87 x 0.77; moving-on sqrt(2/6) = 0.577:
# 1.76 x 0.71. Colours by top-level theme, in turn: formal-support and its legal-help
# #fbb4ae, informal-support #b3cde3, moving-on #ccebc5. Luck, discarded, is left out,
# and so its code waiting has one line, from formal-support.
expect_exit 0 "$BRAID" map --format dot
if [ -n "${BRAID_GOLDEN_UPDATE:-}" ]; then cp out.txt "$golden/map.dot"; fi
diff -u "$golden/map.dot" out.txt || fail "map --format dot differs from tests/golden/map.dot"
expect_exit 0 "$BRAID" map -o m.dot
cmp -s m.dot "$golden/map.dot" || fail "map -o m.dot: the format follows the extension"

# ---- the map as SVG, parsed with libxml2 ----
expect_exit 0 "$BRAID" map -o m.svg
contains out.txt "wrote m.svg (svg)"
svgfacts m.svg
contains m.svg.facts "root svg http://www.w3.org/2000/svg"
check "map nodes" "$(sed -n 's/^node //p' m.svg.facts | sort | tr '\n' ' ')" \
	"code:debt-to-relatives code:family code:legal code:peer code:services code:waiting code:work theme:formal-support theme:informal-support theme:legal-help theme:moving-on "
lacks m.svg.facts "theme:luck"
# the lines drawn: theme to sub-theme and theme to code; the invisible ones that keep the
# top-level themes in order are not drawn at all
check "map edges" "$(sed -n 's/^edge //p' m.svg.facts | sort | tr '\n' ' ')" \
	"theme:formal-support->code:services solid theme:formal-support->code:waiting solid theme:formal-support->theme:legal-help solid theme:informal-support->code:debt-to-relatives solid theme:informal-support->code:family solid theme:informal-support->code:peer solid theme:legal-help->code:legal solid theme:moving-on->code:work solid "
# readable at a paper's text width: at most 6.5 in (468 pt) wide at full size, no text
# under 8 pt
w=$(sed -n 's/^width \([0-9.]*\)pt$/\1/p' m.svg.facts)
[ -n "$w" ] || fail "the SVG's width is not in pt: $(grep '^width' m.svg.facts)"
python3 -c "import sys; sys.exit(not float(sys.argv[1]) <= 468)" "$w" || fail "the map is $w pt wide, more than 468"
python3 - m.svg.facts <<'P' || fail "a text of the map is set under 8 pt"
import sys
sizes = [float(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("font-size ")]
assert len(sizes) == 15, sizes  # 4 themes x 2 lines (name; cases) + 7 codes
sys.exit(min(sizes) < 8)
P

# co-occurrence (segments overlapping, or starting in the same turn), each pair once,
# counted from the theme first in tree order: formal-support and informal-support 1
# (#11 shares int3's turn 2 with #5 and #14), formal-support and moving-on 2 (#3
# shares int1's turn 4 with #2, #6 int3's turn 2 with #5), legal-help and
# informal-support 1 (#11), legal-help and moving-on 2 (#3, #6), informal-support and
# moving-on 1 (#6 with #11); formal-support and legal-help, its sub-theme, never
expect_exit 0 "$BRAID" map --cooccur 1 -o c1.svg
svgfacts c1.svg
check "co-occurrence lines" "$(sed -n 's/^edge \(.*\) dashed$/\1/p' c1.svg.facts | sort | tr '\n' ' ')" \
	"theme:formal-support->theme:informal-support theme:formal-support->theme:moving-on theme:informal-support->theme:moving-on theme:legal-help->theme:informal-support theme:legal-help->theme:moving-on "
expect_exit 0 "$BRAID" map --cooccur 2 --format dot
check "co-occurrence of 2 or more" "$(grep -c 'xlabel=2' out.txt) $(grep -c 'style=dashed' out.txt)" "2 2"
expect_exit 2 "$BRAID" map --cooccur 0
contains err.txt "--cooccur needs 1 or more segments"
# --no-codes: themes only
expect_exit 0 "$BRAID" map --no-codes -o t.svg
svgfacts t.svg
check "themes only" "$(grep -c '^node code:' t.svg.facts) $(grep -c '^node theme:' t.svg.facts)" "0 4"

# PDF (cairo) and PNG
expect_exit 0 "$BRAID" map -o m.pdf
check "PDF signature" "$(head -c 5 m.pdf)" "%PDF-"
expect_exit 0 "$BRAID" map --format png -o m.img
check "PNG signature" "$(head -c 8 m.img | od -An -tx1 | tr -d ' \n')" "89504e470d0a1a0a"

# ---- the report in Markdown and LaTeX, against the golden files ----
# The methods paragraph, worked out: 3 documents, 107 words, 84 participants'; 3
# cases; ana and ben coded by hand; accepted codings: the 5 suggestions accepted and
# #7-#14: 13; active codes: 6 deductive, 1 inductive (debt-to-relatives); 6
# suggestions, 6 reviewed, 5 accepted; themes in play: 3 top-level and 1 sub-theme, 3
# defined (Moving on is not), Luck discarded. Coders: ana read 3 documents, 4 accepted
# codings (#7, #8, #9, #14), 2 memos; auto 5 codings; ben read 1, coded 4 (#10-#13),
# 1 memo. Percentages are rounded to whole numbers: 17 of 84 is 20%, 5 of 30 17%.
# Timestamps become YYYY-MM-DD HH:MM and YYYY-MM-DD; a run that crosses midnight (UTC)
# reads "from DAY to DAY" for "on DAY", and braid's version is not compared.
normalise() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/YYYY-MM-DD HH:MM/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}/YYYY-MM-DD/g' \
		-e 's/from YYYY-MM-DD to YYYY-MM-DD/on YYYY-MM-DD/' \
		-e 's/^% Written by braid [^ ]*\. /% Written by braid VERSION. /' "$1"
}
expect_exit 0 "$BRAID" report -o r.md
contains out.txt "wrote r.md (md) and its map r-map.svg"
[ -s r-map.svg ] || fail "no map beside the Markdown report"
svgfacts r-map.svg
contains r-map.svg.facts "node theme:formal-support"
normalise r.md > r.md.txt
if [ -n "${BRAID_GOLDEN_UPDATE:-}" ]; then cp r.md.txt "$golden/report.md"; fi
diff -u "$golden/report.md" r.md.txt || fail "report -o r.md differs from tests/golden/report.md"
expect_exit 0 "$BRAID" report -o r.tex
contains out.txt "wrote r.tex (tex) and its map r-map.pdf"
check "the LaTeX report's map" "$(head -c 5 r-map.pdf)" "%PDF-"
normalise r.tex > r.tex.txt
if [ -n "${BRAID_GOLDEN_UPDATE:-}" ]; then cp r.tex.txt "$golden/report.tex"; fi
diff -u "$golden/report.tex" r.tex.txt || fail "report -o r.tex differs from tests/golden/report.tex"
# a name with a space: the map's link between < and >, so that Markdown reads it whole
expect_exit 0 "$BRAID" report -o "my report.md"
contains "my report.md" "share of coded segments.](<my report-map.svg>)"
[ -s "my report-map.svg" ] || fail "no map beside 'my report.md'"
# to standard output, the same report (the map named by no file: none in Markdown)
expect_exit 0 "$BRAID" report
lacks out.txt "## Thematic map"
contains out.txt "## Reflexive journal"

# ---- LaTeX compiles (when a TeX distribution is installed) ----
if command -v pdflatex >/dev/null 2>&1; then
	mkdir tex && cp r.tex r-map.pdf tex/
	# twice: longtable settles its column widths on the second run
	(cd tex && pdflatex -interaction=nonstopmode -halt-on-error r.tex >log1.txt 2>&1 &&
		pdflatex -interaction=nonstopmode -halt-on-error r.tex >log2.txt 2>&1) ||
		{ grep -A5 '^!' tex/r.log >&2; fail "pdflatex could not compile the report"; }
	check "pdflatex's PDF" "$(head -c 5 tex/r.pdf)" "%PDF-"
	# the tables fit the text width (the phase table's reasons once ran 468 pt past it)
	! grep -q '^Overfull .* in alignment' tex/r.log ||
		{ grep '^Overfull' tex/r.log >&2; fail "a table of the report runs into the margin"; }
else
	echo "skip: pdflatex not installed"
fi

# ---- the report in HTML: every section, one self-contained file ----
expect_exit 0 "$BRAID" report -o r.html
contains out.txt "wrote r.html (html)"
expect_exit 0 "$BRAID" report -o r2.html
[ ! -e r2-map.svg ] || fail "an HTML report wrote its map beside it"
for s in "<h1>Support after leaving a shelter (synthetic test)</h1>" "<h2>Method</h2>" \
	"<h2>Phases</h2>" "<h2>Coders</h2>" "<h2>Codebook</h2>" "<h2>Themes</h2>" \
	"<h3>Formal support</h3>" "<h4>Sub-theme: Legal help</h4>" "<h3>Informal support</h3>" \
	"<h2>Thematic map</h2>" "<h2>Reflexive journal</h2>" "<h2>References</h2>" \
	"<figure>" "<svg" "<title>theme:formal&#45;support</title>" \
	"Not yet defined, and so left out below: Moving on (reviewed)." \
	"Phase 5 (refining, defining and naming themes) was left before its checklist was complete: Moving on is left for the follow-up interviews." \
	"<blockquote><p>The legal clinic answered my letter.<br>" \
	"<td>P003</td><td class=\"n\">2</td><td class=\"n\">12 of 28 (43%)</td>" \
	"The cousin's loan is help and a debt at once"; do
	contains r.html "$s"
done
lacks r.html "<h3>Moving on</h3>"
lacks r.html "Luck"
python3 - r.html <<'P' || fail "the HTML report is not one well-formed, self-contained file"
import re, sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
html = open(sys.argv[1], encoding="utf-8").read()
problems = []

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.svg = 0
    def handle_starttag(self, tag, attrs):
        self.visit(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.visit(tag, attrs)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'} (line {self.getpos()[0]})")
        else:
            self.stack.pop()
    def visit(self, tag, attrs):
        if tag in ("script", "link", "img", "iframe", "object", "embed", "image", "use"):
            problems.append(f"<{tag}> fetches or runs something")
        self.svg += tag == "svg"
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "srcset", "data", "poster") and v and \
                    re.match(r"\s*(https?:)?//", v):
                problems.append(f"<{tag} {k}={v}> points outside the file")

c = Check()
c.feed(html)
c.close()
if c.stack:
    problems.append(f"left open: {c.stack}")
if c.svg != 1:
    problems.append(f"{c.svg} <svg> elements, expected the map inline")
for bad in ("@import", "url(", "@font-face"):
    if bad in html:
        problems.append(f"the style fetches something: {bad}")
if not html.startswith("<!DOCTYPE html>"):
    problems.append("no doctype")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(bool(problems))
P

# ---- bad input ----
expect_exit 2 "$BRAID" map --format gif
contains err.txt "unknown map format 'gif' (expected dot, svg, pdf or png)"
expect_exit 2 "$BRAID" report --format docx
contains err.txt "unknown report format 'docx' (expected md, html or tex)"
expect_exit 1 "$BRAID" report --coder zoe
contains err.txt "no coder 'zoe'"
expect_exit 0 "$BRAID" log --json
nlog=$(json_get out.txt 'len(j)')
expect_exit 1 "$BRAID" report -o missing/r.md
contains err.txt "cannot write 'missing/r.md'"
expect_exit 1 "$BRAID" report -o missing/r.tex
contains err.txt "missing/r"
expect_exit 1 "$BRAID" map -o missing/m.svg
contains err.txt "cannot write 'missing/m.svg'"
[ ! -e missing ] || fail "a refused write made a folder"
expect_exit 0 "$BRAID" log --json
check "nothing recorded for a failed write" "$(json_get out.txt 'len(j)')" "$nlog"

# ---- recorded: the log, and phase 6's gate ----
expect_exit 0 "$BRAID" log
contains out.txt "report: wrote the report (md) to r.md"
contains out.txt "report: wrote the report (tex) to r.tex"
contains out.txt "report: wrote the report (html) to r.html"
contains out.txt "map: wrote the map (svg) to m.svg"
expect_exit 0 "$BRAID" phase
contains out.txt "[x] a report written"
expect_exit 0 "$BRAID" phase --json
check "phase 6 passes" "$(json_get out.txt '(j["phase"], j["passed"])')" "(6, True)"
