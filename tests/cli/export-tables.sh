# braid export matrix, segments and codebook, braid summary, and xlsx for every listing:
# the formats of each table (LaTeX and Markdown escaping, non-ASCII text), the workbook
# opened back (sheet XML: numbers, shared strings, the frozen header), summaries set,
# listed, removed and undone, segments with survey values, the codebook's CSV round trip
# and the errors of a bad one.
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
cat > int1.txt <<'T'
Interviewer: Did the lawyer help you?
P001: Yes. The lawyer helped me get my passport back. I still owe money to my uncle.
T
cat > int2.txt <<'T'
I: Tell me about support.
R: Моя сестра звонила каждый день. The lawyer never answered.
T
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002
# every character LaTeX reads as markup, in a name and a definition
cat > book.yaml <<'Y'
name: Support
codes:
  - name: 'Legal aid & 100% $ # _ {x} ~ ^ \ done'
    id: legal-aid
    definition: "Costs & fees: 50% {paid} ~ ^ _ # $ \\"
    examples: ["the lawyer helped", "«юрист»"]
    children:
      - {name: Passport, id: passport, kind: inductive}
  - {name: Family support, id: family, color: "#1f77b4", patterns: ["sister", "uncle"]}
Y
expect_exit 0 "$BRAID" codebook import book.yaml
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92
expect_exit 0 "$BRAID" code add int1 --code passport --range 50:92 --memo "the passport & the debt"
expect_exit 0 "$BRAID" code add int1 --code family --range 93:123
expect_exit 0 "$BRAID" code add int2 --code family --range 30:60
expect_exit 0 "$BRAID" theme new "Formal help"
expect_exit 0 "$BRAID" theme new "Kin"
expect_exit 0 "$BRAID" theme add-code formal-help legal-aid passport
expect_exit 0 "$BRAID" theme add-code kin family
printf 'id,age,sector\nP001,34,legal & aid\nP002,51,family\n' > survey.csv
expect_exit 0 "$BRAID" survey import survey.csv --id id

# ---- summaries: set, rewrite, ls, rm, each one change, undone ----
expect_exit 0 "$BRAID" summary set P001 formal-help "Got the passport back; owes 100% & more"
contains out.txt "wrote the summary of case P001 for theme formal-help"
expect_exit 0 "$BRAID" summary set P002 Kin "Сестра звонит каждый день"
expect_exit 0 "$BRAID" summary set P001 formal-help "The lawyer helped"
contains out.txt "rewrote the summary"
expect_exit 0 "$BRAID" summary ls --json
check "summaries" "$(json_get out.txt '[(r["case"], r["theme"], r["text"], r["created_by"]) for r in j]')" \
	"[('P001', 'formal-help', 'The lawyer helped', 'ana'), ('P002', 'kin', 'Сестра звонит каждый день', 'ana')]"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" summary ls --case P001 --format csv
contains out.txt "P001,formal-help,Got the passport back; owes 100% & more,ana"
expect_exit 0 "$BRAID" summary rm P002 kin
expect_exit 0 "$BRAID" summary ls --theme kin --json
check "removed" "$(cat out.txt)" "[]"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" summary ls --theme kin --json
check "back" "$(json_get out.txt 'len(j)')" "1"
expect_exit 1 "$BRAID" summary rm P002 formal-help
contains err.txt "no summary of case 'P002' for theme 'formal-help'"
expect_exit 1 "$BRAID" summary set P009 kin "x"
contains err.txt "no case 'P009'"
expect_exit 1 "$BRAID" summary set P001 kin "   "
contains err.txt "a summary needs some text"
expect_exit 2 "$BRAID" summary set P001 kin

# ---- matrix: counts, quotes and summaries ----
expect_exit 0 "$BRAID" export matrix --value count --with age --json
check "matrix" "$(json_get out.txt '[tuple(r.values()) for r in j]')" \
	"[('P001', 1, 1, 34), ('P002', 0, 1, 51)]"
expect_exit 0 "$BRAID" export matrix --value summary --format csv
check "summary csv" "$(cat out.txt | tr -d '\r')" "case,formal-help,kin
P001,Got the passport back; owes 100% & more,
P002,,Сестра звонит каждый день"
expect_exit 0 "$BRAID" export matrix --value summary --format tex
contains out.txt "Got the passport back; owes 100\\% \\& more"
# no quote yet: the theme's first extract in the case; then the quote chosen
expect_exit 0 "$BRAID" export matrix --value quotes --json
check "extracts" "$(json_get out.txt 'j[0]["formal-help"]')" "The lawyer helped me get my passport back."
expect_exit 0 "$BRAID" quote add kin 3
expect_exit 0 "$BRAID" export matrix --value quotes --json
check "quote" "$(json_get out.txt 'j[0]["kin"]')" "I still owe money to my uncle."
expect_exit 1 "$BRAID" export matrix --cols codes --value quotes
contains err.txt "quote cells are the themes'"
expect_exit 2 "$BRAID" export matrix --rows things
expect_exit 2 "$BRAID" export matrix --value much
contains err.txt "expected presence, count, coverage, quotes or summary"

# ---- segments ----
expect_exit 0 "$BRAID" export segments --with age,sector --json
check "segments" "$(json_get out.txt '[(r["id"], r["doc"], r["case"], r["turn"], r["code_path"], r["memo"], r["age"], r["sector"]) for r in j]')" \
	"[(1, 'int1', 'P001', 2, 'Legal aid & 100% \$ # _ {x} ~ ^ \\\\ done', None, 34, 'legal & aid'), (2, 'int1', 'P001', 2, 'Legal aid & 100% \$ # _ {x} ~ ^ \\\\ done > Passport', 'the passport & the debt', 34, 'legal & aid'), (3, 'int1', 'P001', 2, 'Family support', None, 34, 'legal & aid'), (4, 'int2', 'P002', 2, 'Family support', None, 51, 'family')]"
expect_exit 0 "$BRAID" export segments --theme kin --format tsv
check "theme rows" "$(wc -l < out.txt)" "3"
contains out.txt "Моя сестра звонила каждый день"
expect_exit 0 "$BRAID" export segments --code legal-aid --format csv
check "code and sub-codes" "$(wc -l < out.txt)" "3"
expect_exit 0 "$BRAID" export segments --format md
contains out.txt '| Legal aid & 100% $ \# \_ {x} ~ ^ \\ done \> Passport |'
expect_exit 0 "$BRAID" export segments --format tex
contains out.txt 'Legal aid \& 100\% \$ \# \_ \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{} done'
expect_exit 0 "$BRAID" export segments --format html
contains out.txt 'Legal aid &amp; 100% $ # _ {x} ~ ^ \ done'
expect_exit 1 "$BRAID" export segments --with nope
contains err.txt "no survey variable 'nope'"
expect_exit 2 "$BRAID" export segments --code legal-aid --theme kin

# ---- codebook: every format; the CSV round trip; bad CSVs ----
expect_exit 0 "$BRAID" export codebook
contains out.txt "Legal aid & 100% \$ # _ {x} ~ ^ \\ done > Passport"
expect_exit 0 "$BRAID" export codebook --format csv -o book.csv
contains out.txt "wrote book.csv: codebook 'Project codebook', 3 codes"
contains book.csv "family,,Family support,Family support,deductive,,,,,,#1f77b4,\"sister"
mkdir fresh
(cd fresh && "$BRAID" init f.braid >/dev/null && "$BRAID" codebook import ../book.csv >../out.txt) ||
	fail "the CSV does not import"
contains out.txt "codebook 'book' from ../book.csv: 3 added"
(cd fresh && "$BRAID" export codebook --format csv > ../again.csv)
cmp book.csv again.csv || fail "the codebook's CSV round trip differs"
for f in json tsv md html tex; do expect_exit 0 "$BRAID" export codebook --format $f; done
expect_exit 0 "$BRAID" export codebook --format json
check "codebook json" "$(json_get out.txt '[(r["id"], r["parent"], r["example"]) for r in j]')" \
	"[('legal-aid', None, 'the lawyer helped\\n«юрист»'), ('passport', 'legal-aid', None), ('family', None, None)]"
printf 'name,kind\nA,deductive\nB,weird\n' > bad1.csv
expect_exit 1 "$BRAID" codebook import bad1.csv
check "bad kind" "$(cat err.txt)" "braid: codebook 'bad1.csv': line 3, column 2: bad kind 'weird' (expected deductive or inductive)"
printf 'name,colour\nA,red\n' > bad2.csv
expect_exit 1 "$BRAID" codebook import bad2.csv
contains err.txt "codebook 'bad2.csv': line 1, column 2: unknown column 'colour' (expected id, parent, name,"
printf 'id,name,parent\na,A,\nb,B,zz\n' > bad3.csv
expect_exit 1 "$BRAID" codebook import bad3.csv
check "bad parent" "$(cat err.txt)" "braid: codebook 'bad3.csv': line 3, column 3: no code with id 'zz' in the file"
printf 'id,name\na,A\na,B\n' > bad4.csv
expect_exit 1 "$BRAID" codebook import bad4.csv
check "twice" "$(cat err.txt)" "braid: codebook 'bad4.csv': line 3, column 1: id 'a' is given twice (line 2 too)"
printf 'name,patterns\nA,"(a"\n' > bad5.csv
expect_exit 1 "$BRAID" codebook import bad5.csv
contains err.txt "codebook 'bad5.csv': bad pattern '(a'"
printf 'id,name\na,A,extra\n' > bad6.csv
expect_exit 1 "$BRAID" codebook import bad6.csv
check "too many" "$(cat err.txt)" "braid: codebook 'bad6.csv': line 2, column 3: more fields than the header has columns (2)"
printf 'name,path\nA,A\nB é,A > B é\n' > paths.csv
expect_exit 0 "$BRAID" codebook import paths.csv
expect_exit 0 "$BRAID" export codebook --format csv
contains out.txt "b-é,a,B é,A > B é"

# ---- xlsx: opened back ----
# coverage by hand: P001 speaks 1 + 8 + 7 = 16 words, formal-help 8 of them, kin 7;
# P002 5 + 4 = 9, kin 5 (the Russian sentence)
expect_exit 0 "$BRAID" export matrix --value coverage --with age,sector -o m.xlsx
contains out.txt "wrote m.xlsx: 2 cases x 2 themes (coverage)"
expect_exit 0 "$BRAID" export segments --format xlsx --output seg.out
expect_exit 0 "$BRAID" cases --format xlsx
cp out.txt cases.xlsx
cat > sheet.py <<'P'
import sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
book = ET.fromstring(z.read("xl/workbook.xml"))
print("sheet", book.find("m:sheets/m:sheet", ns).get("name"))
strings = [si.find("m:t", ns).text for si in ET.fromstring(z.read("xl/sharedStrings.xml"))]
sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
pane = sheet.find("m:sheetViews/m:sheetView/m:pane", ns)
print("pane", pane.get("ySplit"), pane.get("state"))
styles = ET.fromstring(z.read("xl/styles.xml"))
fmts = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter("{%s}numFmt" % ns["m"])}
xfs = [x.get("numFmtId") for x in styles.find("m:cellXfs", ns)]
for row in sheet.find("m:sheetData", ns):
    cells = []
    for c in row:
        v = c.find("m:v", ns)
        if c.get("t") == "s":
            cells.append("s:" + strings[int(v.text)])
        elif c.get("t", "n") == "n" and v is not None:
            f = fmts.get(xfs[int(c.get("s", "0"))], "")
            cells.append("n:" + v.text + (" " + f if f else ""))
        else:
            cells.append(c.get("t") + ":" + (v.text if v is not None else ""))
    print(" | ".join(cells))
widths = [float(c.get("width")) for c in sheet.find("m:cols", ns)]
print("widths", all(2 < w <= 62 for w in widths))
P
python3 sheet.py m.xlsx > sheet.txt || fail "m.xlsx does not open"
check "xlsx matrix" "$(cat sheet.txt)" "sheet matrix
pane 1 frozen
s:case | s:formal-help | s:kin | s:age | s:sector
s:P001 | n:0.5 0.0% | n:0.4375 0.0% | n:34 | s:legal & aid
s:P002 | n:0 0.0% | n:0.5555555555555556 0.0% | n:51 | s:family
widths True"
python3 sheet.py seg.out > sheet.txt || fail "seg.out does not open"
contains sheet.txt "s:Моя сестра звонила каждый день"
contains sheet.txt "n:4 | s:int2 | s:P002"
python3 sheet.py cases.xlsx > sheet.txt || fail "cases.xlsx does not open"
contains sheet.txt "sheet cases"
# never onto a terminal (a root without pseudo-terminals, such as a bare chroot without
# /dev/pts, cannot open one: script says so and that check is skipped)
if command -v script >/dev/null; then
	script -qec "$BRAID cases --format xlsx" /dev/null > tty.txt 2>&1 || true
	if grep -q "failed to create pseudo-terminal" tty.txt; then
		echo "note: no pseudo-terminal here: the terminal refusal is not checked"
	else
		contains tty.txt "xlsx is a binary file"
	fi
fi
