# Listings in every format: CSV and TSV checked against the JSON of the same listing with
# Python's csv module and a TSV reader written here; --json unchanged; the table layout;
# the documents (md, html, tex; pdflatex compiles the LaTeX when installed); usage
# errors; help listing the formats.
. "$ROOT/tests/cli/lib.sh"

"$BRAID" init t.braid >/dev/null
cat > int1.txt <<'T'
Interviewer: Did the lawyer help you, "really"?
P001: Yes. The lawyer helped me get my passport back, finally.

I still owe money to my uncle.
T
cat > int2.txt <<'T'
И: Расскажите о поддержке.
Р: Сестра звонила мне каждый день. Юрист не отвечал.
T
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002 --language ru --interviewer И
expect_exit 0 "$BRAID" code add int1 --new --code "Legal aid, lawyers" --coder amina --turn 2
expect_exit 0 "$BRAID" code add int2 --new --code "Семья" --coder ben --match "Сестра звонила мне каждый день."
expect_exit 0 "$BRAID" code add int1 --code "Legal aid, lawyers" --coder ben --match 'lawyer help you, "really"' \
	--memo 'a memo, with "quotes"'
expect_exit 0 "$BRAID" memo add --on project --coder amina 'Commas, "quotes", and a	tab'
printf 'line one\nline two\r\nback\\slash' > memo.txt
expect_exit 0 "$BRAID" memo add --on doc:int1 --coder ben "$(cat memo.txt)"

# compare LISTING ARGS...: the CSV and TSV of a listing hold what its JSON holds
compare() {
	"$BRAID" "$@" --json > list.json || fail "$* --json"
	"$BRAID" "$@" --format csv > list.csv || fail "$* --format csv"
	"$BRAID" "$@" --format tsv > list.tsv || fail "$* --format tsv"
	python3 - list.json list.csv list.tsv <<'P' || fail "$* in CSV or TSV differs from its JSON"
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
def text(v):
    # how CSV and TSV write a JSON value: null empty, numbers in decimal, objects as JSON
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, (dict, list)): return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return str(v)
raw = open(sys.argv[2], "rb").read()
assert raw.endswith(b"\r\n") and raw.count(b"\r\n") >= len(rows) + 1, "CSV lines end in CRLF"
with open(sys.argv[2], newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
keys = list(rows[0].keys()) if rows else table[0]
assert table[0] == keys, (table[0], keys)
assert len(table) == len(rows) + 1, (len(table), len(rows))
for got, want in zip(table[1:], rows):
    assert got == [text(want[k]) for k in keys], (got, want)
def unescape(field):
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\":
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[field[i + 1]])
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)
lines = open(sys.argv[3], encoding="utf-8", newline="").read().split("\n")
assert lines[-1] == "" and "\r" not in "".join(lines), "TSV: one line per row, LF"
lines = lines[:-1]
assert lines[0].split("\t") == keys
assert len(lines) == len(rows) + 1
for line, want in zip(lines[1:], rows):
    assert [unescape(x) for x in line.split("\t")] == [text(want[k]) for k in keys], (line, want)
P
}
compare docs
compare speakers
compare cases
compare code ls
compare memo ls
compare coder ls
compare stats codes
compare stats codes --by coder
compare search lawyer
compare search --regex 'юрист|сестра'
compare log
compare retrieve legal-aid-lawyers

# the awkward values survive exactly
expect_exit 0 "$BRAID" memo ls --format csv
python3 - out.txt memo.txt <<'P' || fail "memo text through CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0]["text"] == 'Commas, "quotes", and a\ttab', rows[0]
assert rows[0]["ref"] == "" and rows[0]["on"] == "project", rows[0]
assert rows[1]["text"] == open(sys.argv[2], newline="").read(), rows[1]
P
expect_exit 0 "$BRAID" memo ls --format tsv
contains out.txt 'line one\nline two\r\nback\\slash'
contains out.txt 'Commas, "quotes", and a\ttab'

# --json is --format json, and its output is what it was: compact, keys in order.
# P001 speaks once: "Yes. The lawyer ... finally." (10 words) + "I still ... uncle." (7);
# P002 once: "Сестра звонила мне каждый день." (5) + "Юрист не отвечал." (3)
# (each row ends with the case's GUID, random: checked for its shape)
expect_exit 0 "$BRAID" cases --json
sed 's/,"guid":"[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}"//g' out.txt > noguid.txt
[ "$(cat noguid.txt)" = '[{"case":"P001","docs":1,"speakers":1,"turns":1,"words":17},{"case":"P002","docs":1,"speakers":1,"turns":1,"words":8}]' ] \
	|| fail "cases --json changed: $(cat out.txt)"
"$BRAID" cases --format json > again.txt
cmp -s out.txt again.txt || fail "--format json differs from --json"
expect_exit 0 "$BRAID" show int2 --json
check_keys='[list(j.keys()), list(j["turns"][0].keys())]'
[ "$(json_get out.txt "$check_keys")" = "[['name', 'kind', 'format', 'case', 'language', 'words', 'turns'], ['turn', 'speaker', 'role', 'case', 'start', 'end', 'start_ms', 'end_ms', 'words', 'text']]" ] \
	|| fail "show --json keys: $(cat out.txt)"
expect_exit 0 "$BRAID" code ls --json
[ "$(json_get out.txt 'list(j[0].keys())')" = "['id', 'doc', 'start', 'end', 'text', 'code', 'code_name', 'coder', 'origin', 'status', 'speaker', 'role', 'case', 'turn', 'words', 'memo', 'created', 'guid']" ] \
	|| fail "code ls --json keys: $(cat out.txt)"
expect_exit 0 "$BRAID" log --json
[ "$(json_get out.txt 'list(j[0].keys())')" = "['id', 'time', 'coder', 'command', 'detail', 'kind', 'phase', 'reverts', 'undone', 'change']" ] \
	|| fail "log --json keys: $(cat out.txt)"
[ "$(json_get out.txt 'type(j[-1]["change"]).__name__')" = dict ] || fail "log change is not an object"

# the table: header, two spaces, numbers right-aligned, Cyrillic measured in characters
expect_exit 0 "$BRAID" cases
printf 'CASE  DOCS  SPEAKERS  TURNS  WORDS\nP001     1         1      1     17\nP002     1         1      1      8\n' > want.txt
cmp -s out.txt want.txt || { diff want.txt out.txt; fail "cases table"; }
expect_exit 0 "$BRAID" speakers int2
printf 'DOC   SPEAKER  ROLE         CASE  TURNS  WORDS\nint2  И        interviewer  -         1      3\nint2  Р        participant  P002      1      8\n' > want.txt
cmp -s out.txt want.txt || { diff want.txt out.txt; fail "speakers table"; }
expect_exit 0 "$BRAID" codebook show --format tsv
[ "$(head -1 out.txt)" = "$(printf 'id\tname\tparent\tdepth\tkind\tdomain\tdefinition\tcount\tstatus\tcodebook\tcreated_by\tmerged_into')" ] \
	|| fail "codebook show tsv header: $(head -1 out.txt)"
expect_exit 0 "$BRAID" codebook show --counts --format csv
contains out.txt "count:amina,count:ben"
expect_exit 0 "$BRAID" show int1 --format table
contains out.txt "TURN  TIME  SPEAKER"
expect_exit 0 "$BRAID" retrieve legal-aid-lawyers --format table
contains out.txt "CODER  ORIGIN  STATUS"

# usage errors, from the one option description
expect_exit 2 "$BRAID" docs --format xml
contains err.txt "unknown format 'xml' (expected table, json, csv, tsv, md, html, tex or xlsx)"
expect_exit 2 "$BRAID" code ls --json --format csv
contains err.txt "--json is --format json"
contains err.txt "usage: braid code ls"
expect_exit 2 "$BRAID" retrieve legal-aid-lawyers --format yaml
contains err.txt "(expected text, md, table, json, csv, tsv, html, tex or xlsx)"
expect_exit 0 "$BRAID" help docs
contains out.txt "table, json, csv, tsv, md, html, tex or xlsx (the first is the default)"
expect_exit 0 "$BRAID" help retrieve
contains out.txt "text, md, table, json, csv, tsv, html, tex or xlsx (the first is the default)"
expect_exit 0 "$BRAID" help memo
contains out.txt "memo ls [--on TARGET] [--kind KIND] [--format FORMAT|--json]"

# messages go to standard error, output to standard output
expect_exit 0 "$BRAID" retrieve legal-aid-lawyers --case P002
[ ! -s out.txt ] || fail "a note went to standard output"
contains err.txt "braid: no segments coded 'legal-aid-lawyers'"
expect_exit 1 "$BRAID" retrieve legal-aid-lawyers --coder nobody
[ ! -s out.txt ] || fail "an error went to standard output"
contains err.txt "braid: no coder 'nobody'"

# retrieve's text and Markdown, written by the core, exactly: segments in document and
# position order, a blank line inside a segment kept (">" alone in Markdown)
expect_exit 0 "$BRAID" retrieve legal-aid-lawyers --format md
cat > want.txt <<'M'
## Legal aid, lawyers

### int1

> lawyer help you, "really"
>
> — Interviewer, turn 1, code points 21-46, coded by ben

> Yes. The lawyer helped me get my passport back, finally.
>
> I still owe money to my uncle.
>
> — P001 (P001), turn 2, code points 55-143, coded by amina
M
cmp -s out.txt want.txt || { diff want.txt out.txt; fail "retrieve --format md"; }
expect_exit 0 "$BRAID" retrieve legal-aid-lawyers
cat > want.txt <<'M'
int1 #1 Interviewer [21-46] ben
    lawyer help you, "really"

int1 #2 P001 (P001) [55-143] amina
    Yes. The lawyer helped me get my passport back, finally.

    I still owe money to my uncle.
M
cmp -s out.txt want.txt || { diff want.txt out.txt; fail "retrieve text"; }

# ---- the documents: md, html, tex (their exact text: tests/unit/test_table.c) ----
expect_exit 0 "$BRAID" docs --format md
[ "$(sed -n 1,2p out.txt)" = "$(printf '| NAME | KIND | FORMAT | TURNS | SPEAKERS | WORDS | CASE |\n|---|---|---|---:|---:|---:|---|')" ] \
	|| fail "docs md header: $(head -2 out.txt)"
contains out.txt "| int2 | interview | text | 2 | 2 | 11 | P002 |"
[ "$(wc -l < out.txt)" -eq 4 ] || fail "docs md: $(cat out.txt)"
expect_exit 0 "$BRAID" docs --format html
cp out.txt docs.html
python3 - docs.html <<'P' || fail "docs --format html is not one self-contained file with a sortable table"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
assert h.startswith("<!DOCTYPE html>") and h.endswith("</html>\n"), "a whole document"
assert h.count("<table") == 1 and h.count("<script>") == 1 and "<h1>docs</h1>" in h
assert not re.search(r"https?://", h), "refers to the network"
assert not re.search(r"<(link|img|iframe)\b|\bsrc=", h), "loads something"
assert h.count("<tr>") == 3, "header and two rows"
P
# the sort script, run by node when it is installed, on a stand-in for the DOM with the
# cells of a column of percentages, p-values and nulls: numbers, not text, up then down
if command -v node >/dev/null 2>&1; then
	sed -n '/<script>/,/<\/script>/p' docs.html | sed '1d;$d' > sort.js
	cat > dom.js <<'J'
const fs = require("fs");
const attr = {}, header = { style: {}, getAttribute: (k) => attr[k] || null,
	setAttribute: (k, v) => { attr[k] = v; }, removeAttribute: (k) => { delete attr[k]; } };
const body = { rows: ["9.9%", "<0.001", "-", "12.3%", "100.0%"].map((t) => ({ cells: [{ textContent: t }] })) };
body.appendChild = (r) => { body.rows.splice(body.rows.indexOf(r), 1); body.rows.push(r); };
const table = { tHead: { rows: [{ cells: [header] }] }, tBodies: [body] };
global.document = { querySelectorAll: () => [table] };
eval(fs.readFileSync(process.argv[2], "utf8"));
const order = () => body.rows.map((r) => r.cells[0].textContent).join(" ");
header.onclick();
console.log(order());
header.onclick();
console.log(order());
J
	node dom.js sort.js > sorted.txt || fail "the sort script does not run"
	[ "$(cat sorted.txt)" = "$(printf -- '- <0.001 9.9%% 12.3%% 100.0%%\n100.0%% 12.3%% 9.9%% <0.001 -')" ] \
		|| fail "sorting: $(cat sorted.txt)"
fi
expect_exit 0 "$BRAID" memo ls --format tex
cp out.txt memos.tex
contains memos.tex "\\toprule"
contains memos.tex "\\bottomrule"
contains memos.tex "\\endhead"
contains memos.tex "Commas, \"quotes\", and a tab"
[ "$(grep -c '\\begin{' memos.tex)" = "$(grep -c '\\end{' memos.tex)" ] || fail "tex: unbalanced begin/end"
expect_exit 0 "$BRAID" cases --format tex
cp out.txt cases.tex
if command -v pdflatex >/dev/null 2>&1; then
	mkdir tex && cp memos.tex cases.tex tex/
	printf '%s\n' '\documentclass{article}' '\usepackage{longtable,booktabs,array}' \
		'\begin{document}' '\input{memos}' '\input{cases}' '\end{document}' > tex/paper.tex
	(cd tex && pdflatex -interaction=nonstopmode -halt-on-error paper.tex >log.txt 2>&1) ||
		{ grep -A5 '^!' tex/paper.log >&2; fail "pdflatex could not compile the listings"; }
	check "pdflatex's PDF" "$(head -c 5 tex/paper.pdf)" "%PDF-"
else
	echo "skip: pdflatex not installed"
fi
# a command's own md is still its own; the vocabulary's is the listing's elsewhere
expect_exit 0 "$BRAID" retrieve legal-aid-lawyers --format md
contains out.txt "## Legal aid, lawyers"
expect_exit 0 "$BRAID" code ls --format md
contains out.txt "| ID | DOC |"
