# Survey data and case linking: import, types, re-import, bad rows, --skip-bad,
# undo/redo of an import, links automatic and by hand, cases check, and the CSV
# a spreadsheet writes (BOM, semicolons, decimal commas, quoted line breaks, CRLF).
. "$ROOT/tests/cli/lib.sh"
B="$BRAID"
"$B" init p.braid >/dev/null
export BRAID_PROJECT=p.braid BRAID_CODER=amina
C="$ROOT/corpora"
"$B" ingest "$C/interviews/P001-interview.txt" --case P001 >/dev/null
"$B" ingest "$C/interviews/P002-interview.txt" --case p002 >/dev/null
"$B" ingest "$C/key-informants/K01-interview.txt" --case K01 >/dev/null
"$B" ingest "$C/focus-groups/FG1-focus-group.txt" --case-map "$C/focus-groups/FG1-cases.csv" >/dev/null
vars() { "$B" survey vars --json >out.txt; json_get out.txt "$1"; }

# ---- the sample survey: types inferred, missing values, links by case name ----
expect_exit 0 "$B" survey import "$C/survey.csv" --id id
contains out.txt "150 rows (150 new, 0 kept, 0 removed), 13 variables, 8 rows newly linked to cases"
check "types" "$(vars '[(v["name"], v["type"]) for v in j][:8]')" \
	"[('PWB', 'numeric'), ('LA', 'binary'), ('TIC', 'binary'), ('PSSI', 'numeric'), ('RA', 'categorical'), ('SR', 'binary'), ('UNC', 'numeric'), ('age', 'numeric')]"
# the oracle: Python's statistics over the same file, NA and empty missing
python3 - "$C/survey.csv" > want.txt <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
x = [float(r["PWB"]) for r in rows if r["PWB"] not in ("", "NA")]
print(len(x), round(statistics.mean(x), 9), round(statistics.stdev(x), 9), min(x), max(x))
PY
vars '[" ".join(str(round(v[k], 9)) if isinstance(v[k], float) else str(v[k]) for k in ("n", "mean", "sd", "min", "max")) for v in j if v["name"] == "PWB"][0]' > got.txt
diff want.txt got.txt || fail "PWB summary differs from Python's statistics"
check "SR counts" "$(vars '[v["counts"] for v in j if v["name"] == "SR"][0]')" "{'0': 93, '1': 57}"
# P001 and p002 (case differs: matched ignoring case), P011-P016; K01 has no row
expect_exit 0 "$B" cases check --json
check "check" "$(json_get out.txt '[(r["problem"], r["name"]) for r in j if r["what"] == "case"]')" \
	"[('no survey row', 'K01')]"
check "not interviewed" "$(json_get out.txt 'len([r for r in j if r["problem"] == "not interviewed"])')" 142
expect_exit 0 "$B" survey show P002 --json
check "show" "$(json_get out.txt '[(v["name"], v["value"]) for v in j][:3]')" \
	"[('PWB', '2.82'), ('LA', '0'), ('TIC', '0')]"

# ---- types set by hand ----
expect_exit 0 "$B" survey type RA ordinal --levels low,medium,high
contains out.txt "survey variable 'RA' is ordinal (low < medium < high)"
check "RA counts in level order" "$(vars '[list(v["counts"]) for v in j if v["name"] == "RA"][0]')" \
	"['low', 'medium', 'high']"
expect_exit 1 "$B" survey type RA ordinal --levels low,high
contains err.txt "survey variable 'RA': row 'P001' (line 2) has 'medium', which is not one of the levels"
expect_exit 1 "$B" survey type origin numeric
contains err.txt "survey variable 'origin' cannot be numeric: row 'P001' (line 2) has 'Tajikistan'"
expect_exit 1 "$B" survey type RA ordinal
contains err.txt "an ordinal variable needs its levels"
expect_exit 2 "$B" survey type RA interval
expect_exit 1 "$B" survey type nosuch numeric
contains err.txt "no survey variable 'nosuch'"

# ---- a link by hand; re-import keeps links and hand-set types, replaces values ----
expect_exit 0 "$B" cases link K01 P150
contains out.txt "linked case 'K01' to survey row 'P150'"
head -11 "$C/survey.csv" > small.csv
expect_exit 0 "$B" survey import small.csv --id ID
contains out.txt "10 rows (0 new, 10 kept, 140 removed), 13 variables"
check "RA kept ordinal" "$(vars '[v["type"] for v in j if v["name"] == "RA"][0]')" ordinal
check "n after re-import" "$(vars '[v["n"] for v in j if v["name"] == "LA"][0]')" 10
expect_exit 0 "$B" cases check --json
# P150 and P011-P016 are not in the small file: their cases have no row now
check "rows gone" "$(json_get out.txt '[r["name"] for r in j if r["what"] == "case"]')" \
	"['K01', 'P011', 'P012', 'P013', 'P014', 'P015', 'P016']"
expect_exit 0 "$B" survey show P001 --json
check "P001 still linked" "$("$B" cases check --json | python3 -c 'import json,sys; print([r["name"] for r in json.load(sys.stdin) if r["name"] == "P001"])')" "[]"

# ---- undo and redo of an import ----
expect_exit 0 "$B" undo
check "undo brings the 150 rows back" "$(vars '[v["n"] for v in j if v["name"] == "LA"][0]')" 150
expect_exit 0 "$B" redo
check "redo" "$(vars '[v["n"] for v in j if v["name"] == "LA"][0]')" 10
expect_exit 0 "$B" log -n 3
contains out.txt "survey import: imported survey 'small.csv': 10 rows, 13 variables"

# ---- bad rows: line numbers, nothing imported, --skip-bad lists each ----
printf 'id,x,y\nA1,1,2\nA2,3\n,4,5\nA1,6,7\na2,8,9\nA3,1,2,3\n' > bad.csv
expect_exit 1 "$B" survey import bad.csv --id id
contains err.txt "bad.csv: line 3: 2 fields, the header has 3"
contains err.txt "bad.csv: line 4: no id (column 1 is empty)"
contains err.txt "bad.csv: line 5: id 'A1' again (first on line 2)"
contains err.txt "bad.csv: line 7: 4 fields, the header has 3"
contains err.txt "survey 'bad.csv': 4 bad rows (first: line 3: 2 fields, the header has 3); nothing imported"
check "nothing imported" "$(vars '[v["n"] for v in j if v["name"] == "LA"][0]')" 10
expect_exit 0 "$B" survey import bad.csv --id id --skip-bad
contains err.txt "braid: warning: bad.csv: line 5: id 'A1' again (first on line 2): skipped"
contains out.txt "2 rows (2 new, 0 kept, 10 removed), 2 variables, 0 rows newly linked to cases, 4 bad rows skipped"
expect_exit 1 "$B" survey import bad.csv --id nosuch
contains err.txt "survey 'bad.csv' has no column 'nosuch' (it has 'id', 'x', 'y')"
expect_exit 2 "$B" survey import bad.csv
expect_exit 2 "$B" survey import bad.csv --id id --delimiter :

# ---- what a spreadsheet writes: BOM, semicolons, decimal commas, CRLF, quoted line breaks ----
printf '\357\273\277id;score;note;grp\r\nP001;4,5;"first\r\nsecond";Yes\r\nP011;3;"a; b";no\r\nP012;.;x;YES\r\n' > excel.csv
expect_exit 0 "$B" survey import excel.csv --id id
check "semicolons and decimal commas" "$(vars '[(v["name"], v["type"], v["n"], v["mean"]) for v in j]')" \
	"[('score', 'numeric', 2, 3.75), ('note', 'categorical', 3, None), ('grp', 'binary', 3, None)]"
expect_exit 0 "$B" survey show P001 --json
check "quoted line break as LF" "$(json_get out.txt '[v["value"] for v in j if v["name"] == "note"][0]')" "first
second"
# read with the wrong delimiter, the quote is inside a field: refused where it is
expect_exit 1 "$B" survey import excel.csv --id id --delimiter ,
contains err.txt "survey 'excel.csv': line 2, column 2: a quote inside a field that is not quoted"
printf 'id,PWB\nP001,"unterminated\n' > broken.csv
expect_exit 1 "$B" survey import broken.csv --id id
printf 'id,PWB,PWB\nP001,1,2\n' > dup.csv
expect_exit 1 "$B" survey import dup.csv --id id
contains err.txt "survey 'dup.csv': line 1, column 3: column 'PWB' again (first in column 2)"
printf 'id,a"b\nP001,x\n' > quote.csv
expect_exit 1 "$B" survey import quote.csv --id id
contains err.txt "survey 'quote.csv': line 1, column 2:"

# ---- --na, and a speaker labelled with a survey id gets a case and a link ----
printf 'speaker,case\nNodira,P011\n' > map.csv
printf 'Moderator: Welcome.\n\nP777: I am here.\n\nP778: So am I.\n' > fg.txt
"$B" ingest fg.txt --kind focus-group --moderator Moderator >/dev/null 2>&1 || "$B" ingest fg.txt >/dev/null
printf 'id,score\nP777,-99\nP778,3\nP001,4\n' > na.csv
expect_exit 0 "$B" survey import na.csv --id id --na -99
check "--na" "$(vars '[(v["n"], v["mean"]) for v in j]')" "[(2, 3.5)]"
expect_exit 0 "$B" cases check --json
python3 -c "
import json; j = json.load(open('out.txt'))
assert not [r for r in j if r['name'] in ('P777', 'P778')], j
" || fail "speakers labelled with survey ids not linked: $(cat out.txt)"
# by hand: a focus-group participant DOC:SPEAKER
expect_exit 0 "$B" cases unlink P001
contains out.txt "case 'P001' unlinked from its survey row"
expect_exit 0 "$B" cases link FG1-focus-group:Nodira P001
contains out.txt "linked case 'P011' to survey row 'P001'"
expect_exit 1 "$B" cases link FG1-focus-group:Moderator P001
expect_exit 1 "$B" cases link P011 P404
contains err.txt "no survey row 'P404'"
