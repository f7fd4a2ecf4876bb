# REFI-QDA exchange: export refi and qdc validated against the schemas, a
# round trip (export, import into a new project, export again: the same
# file), the real samples (NVivo, qc) imported whole with their spans on the
# right text, vendor quirks (a .qde named after the project, inline text, a
# coding of a whole source, unmodelled elements counted), and bad files
# (no zip, a zip bomb, entities, dangling references, reversed or
# overlong selections): a message naming the element and line, nothing kept.
. "$ROOT/tests/cli/lib.sh"
B="$BRAID"
C="$ROOT/corpora"
X="${SHARED:-$ROOT/../shared}/refi-qda"
if [ ! -d "$X" ]; then
	echo "SKIP: no REFI-QDA schemas and samples at $X (../shared beside the clone)"
	exit 0
fi
have_xmllint=1
command -v xmllint >/dev/null 2>&1 || { have_xmllint=0; echo "note: no xmllint: schema validation skipped"; }
validate() { # validate QDPX: project.qde against the project schema
	[ $have_xmllint = 1 ] || return 0
	rm -rf v && mkdir v && (cd v && unzip -q "../$1")
	xmllint --noout --schema "$X/Project-mrt2019.xsd" v/project.qde 2>val.txt ||
		{ cat val.txt >&2; fail "$1 does not validate"; }
}
export BRAID_CODER=ana

# ---- a project with everything REFI carries ----
"$B" init -t "Support study" p.braid >/dev/null
export BRAID_PROJECT=p.braid
"$B" codebook import "$ROOT/codebooks/integrative-support.yaml" >/dev/null
"$B" ingest "$C/interviews/P001-interview.txt" --case P001 >/dev/null
"$B" ingest "$C/interviews/P002-interview.txt" --case P002 >/dev/null
"$B" code add P001-interview --code leg-legal-aid --match "the social worker" >/dev/null
"$B" code add P001-interview --code soc-ngo-shelter --match "I live with my mother" >/dev/null
BRAID_CODER=ben "$B" code add P002-interview --code soc-ngo-shelter --turn 2 >/dev/null
expect_exit 0 "$B" memo add --on project "the study as a whole"
expect_exit 0 "$B" memo add --on doc:P001-interview --kind familiarisation "first read"
expect_exit 0 "$B" memo add --on code:soc-ngo-shelter "a place, and safety"
expect_exit 0 "$B" memo add --on segment:1 "why this is legal aid"
expect_exit 0 "$B" survey import "$C/survey.csv" --id id
expect_exit 0 "$B" survey type RA ordinal --levels low,medium,high

expect_exit 2 "$B" export refi
contains err.txt "--output"
expect_exit 0 "$B" export refi -o one.qdpx
contains out.txt "wrote 'one.qdpx':"
contains out.txt "4 memos, 2 coders, 150 cases, 13 variables"
validate one.qdpx
expect_exit 0 "$B" export refi -o again.qdpx
cmp one.qdpx again.qdpx || fail "two exports of one project differ"
expect_exit 0 "$B" export qdc -o book.qdc
if [ $have_xmllint = 1 ]; then
	xmllint --noout --schema "$X/Codebook.xsd" book.qdc 2>val.txt || { cat val.txt >&2; fail "book.qdc does not validate"; }
fi
# the exported text is the text braid's offsets index: the coded span reads the same
unzip -p one.qdpx project.qde > one.qde
python3 - one.qdpx <<'PY' > spans.txt
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); x = z.read("project.qde").decode()
for m in re.finditer(r'<TextSource guid="([^"]+)" name="([^"]+)"(.*?)</TextSource>', x, re.S):
    t = z.read("sources/%s.txt" % m.group(1)).decode()
    for s in re.finditer(r'startPosition="(\d+)" endPosition="(\d+)"', m.group(3)):
        print(m.group(2), t[int(s.group(1)):int(s.group(2))])
PY
"$B" code ls --code soc-ngo-shelter --json > shelter.json
want=$(json_get shelter.json '[c["text"] for c in j if c["doc"] == "P002-interview"][0]')
grep -qF "P002-interview $want" spans.txt || { cat spans.txt; fail "the exported span is not braid's text"; }

# ---- round trip: into a new project, out again: the same file ----
expect_exit 0 "$B" -p two.braid import refi one.qdpx
contains out.txt "imported 'one.qdpx': 21 codes, 2 documents, 3 codings (3 selections), 4 memos, 2 coders, 150 cases, 13 variables"
contains out.txt "documents as transcripts (speakers and turns): 2; verbatim (one passage): 0"
expect_exit 0 "$B" -p two.braid export refi -o two.qdpx
validate two.qdpx
unzip -p two.qdpx project.qde > two.qde
# only the Project line (the project's name and creation) may differ
diff one.qde two.qde > d.txt || true
check "round trip differences" "$(grep -c '^[<>]' d.txt)" "2"
grep -q '^< <Project name="Support study"' d.txt || { cat d.txt; fail "round trip changed more than the Project line"; }
for f in $(unzip -Z1 one.qdpx | grep '^sources/'); do
	unzip -p one.qdpx "$f" > a.txt; unzip -p two.qdpx "$f" > b.txt
	cmp a.txt b.txt || fail "$f differs after the round trip"
done
"$B" -p two.braid survey vars --json > vars.json
check "ordinal kept" "$(json_get vars.json '[(v["type"], v["levels"]) for v in j if v["name"] == "RA"][0]')" \
	"('ordinal', ['low', 'medium', 'high'])"
# the transcripts come back as braid read them: kind, speakers, roles, cases, turns
for f in docs speakers; do
	"$B" $f ls > $f-one.txt
	"$B" -p two.braid $f ls > $f-two.txt
	cmp $f-one.txt $f-two.txt || { diff $f-one.txt $f-two.txt; fail "$f differ after the round trip"; }
done
contains docs-two.txt "P001-interview"
grep -q "P001-interview  *interview  " docs-two.txt || fail "P001-interview is not an interview"
"$B" -p two.braid code ls --json > two-codings.json
"$B" code ls --json > one-codings.json
check "codings on the same text" \
	"$(python3 -c 'import json, sys; f = lambda n: sorted((c["doc"], c["start"], c["end"], c["text"]) for c in json.load(open(n))); print(f(sys.argv[1]) == f(sys.argv[2]))' one-codings.json two-codings.json)" "True"
# importing the same file again brings nothing: everything is matched by GUID
expect_exit 0 "$B" -p two.braid import refi one.qdpx
contains out.txt "0 codes, 0 documents, 0 codings"
contains out.txt "here already (the same GUID), left as they are:"
expect_exit 0 "$B" -p two.braid undo

# ---- a focus group and a document: their participants' cases keep their GUIDs ----
"$B" init fg.braid >/dev/null
"$B" -p fg.braid codebook import "$ROOT/codebooks/integrative-support.yaml" >/dev/null
"$B" -p fg.braid ingest "$C/focus-groups/FG1-focus-group.txt" "$C/interviews/P001-interview.txt" \
	"$C/documents/ngo-annual-report-excerpt.txt" >/dev/null
"$B" -p fg.braid code add FG1-focus-group --code soc-ngo-shelter --turn 3 >/dev/null
expect_exit 0 "$B" -p fg.braid export refi -o fg.qdpx
expect_exit 0 "$B" -p fg2.braid import refi fg.qdpx
contains out.txt "3 documents, 1 codings (1 selections), 0 memos, 1 coders, 6 cases"
contains out.txt "documents as transcripts (speakers and turns): 3; verbatim (one passage): 0"
for f in docs speakers; do
	"$B" -p fg.braid $f ls > $f-fg.txt
	"$B" -p fg2.braid $f ls > $f-fg2.txt
	cmp $f-fg.txt $f-fg2.txt || { diff $f-fg.txt $f-fg2.txt; fail "$f differ after the round trip"; }
done
grep -q "FG1-focus-group  *focus-group  *text  *107 " docs-fg2.txt || fail "FG1 lost its turns"
grep -q "FG1-focus-group  *Nodira  *participant  *FG1-focus-group:Nodira " speakers-fg2.txt ||
	fail "a focus-group participant lost the case"
"$B" -p fg.braid code ls --json > fg-codings.json
"$B" -p fg2.braid code ls --json > fg2-codings.json
check "focus-group coding on the same text" \
	"$(python3 -c 'import json, sys; f = lambda n: [(c["doc"], c["start"], c["end"], c["text"]) for c in json.load(open(n))]; print(f(sys.argv[1]) == f(sys.argv[2]))' fg-codings.json fg2-codings.json)" "True"
expect_exit 0 "$B" -p fg2.braid export refi -o fg2.qdpx
unzip -p fg.qdpx project.qde | grep '<Case ' | sort > fg-cases.txt
unzip -p fg2.qdpx project.qde | grep '<Case ' | sort > fg2-cases.txt
cmp fg-cases.txt fg2-cases.txt || fail "the cases' GUIDs changed on the round trip"

# ---- the real samples ----
expect_exit 0 "$B" -p qc.braid import refi "$X/samples/qc_demo.qdpx"
contains out.txt "documents as transcripts (speakers and turns): 0; verbatim (one passage): 2"
contains out.txt "262 codes, 2 documents, 205 codings (158 selections), 0 memos, 1 coders"
lacks out.txt "not modelled"
# every coding on the right text: the sample's own source sliced by code points
"$B" -p qc.braid code ls --json > qc.json
python3 - "$X/samples/qc_demo.qdpx" qc.json <<'PY' || fail "qc spans differ from the sample's text"
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); x = z.read("project.qde").decode()
names = {g: p for p, g in re.findall(r'<TextSource plainTextPath="([^"]+)" guid="([^"]+)"', x)}
text = {p.rsplit(".", 1)[0]: z.read("sources/" + p).decode() for p in names.values()}
codings = json.load(open(sys.argv[2]))
assert len(codings) == 205, len(codings)
bad = [c for c in codings if text[c["doc"]][c["start"]:c["end"]] != c["text"]]
sys.exit(1 if bad else 0)
PY
expect_exit 0 "$B" -p qc.braid export refi -o qc.qdpx
validate qc.qdpx
expect_exit 0 "$B" -p nv.braid import refi "$X/samples/nvivo_project.qdpx"
contains out.txt "262 codes, 2 documents, 0 codings (0 selections), 0 memos, 2 coders"
expect_exit 0 "$B" -p nv.braid export refi -o nv.qdpx
validate nv.qdpx
expect_exit 0 "$B" -p nv2.braid import refi nv.qdpx
contains out.txt "262 codes, 2 documents, 0 codings (0 selections), 0 memos, 2 coders"

# ---- vendor quirks: ATLAS.ti's inner name, inline text, whole-source coding, unmodelled ----
U1=11111111-1111-4111-8111-111111111111
make_qdpx() { # make_qdpx OUT INNER-NAME < XML
	python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED)
z.writestr(sys.argv[2], sys.stdin.read()); z.close()' "$1" "$2"
}
cat > quirks.qde <<X
<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="quirks" origin="ATLAS.ti">
<Users><User guid="$U1" name="Zoë"/></Users>
<CodeBook><Codes>
<Code guid="22222222-2222-4222-8222-222222222222" name="Trust" isCodable="true" color="#ff0000"><Description>Being able to rely on someone.</Description></Code>
<Code guid="33333333-3333-4333-8333-333333333333" name="Folder" isCodable="false"/>
</Codes></CodeBook>
<Sources>
<TextSource guid="44444444-4444-4444-8444-444444444444" name="Inline">
<PlainTextContent>Ünïcödé first, then trust.</PlainTextContent>
<PlainTextSelection guid="55555555-5555-4555-8555-555555555555" startPosition="20" endPosition="25" creatingUser="$U1">
<Coding guid="66666666-6666-4666-8666-666666666666" creatingUser="$U1"><CodeRef targetGUID="22222222-2222-4222-8222-222222222222"/></Coding>
</PlainTextSelection>
<Coding guid="77777777-7777-4777-8777-777777777777" creatingUser="$U1"><CodeRef targetGUID="22222222-2222-4222-8222-222222222222"/></Coding>
</TextSource>
<PDFSource guid="88888888-8888-4888-8888-888888888888" path="internal://a.pdf">
<PDFSelection guid="99999999-9999-4999-8999-999999999999" page="1" firstX="0" firstY="0" secondX="1" secondY="1">
<Coding guid="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"><CodeRef targetGUID="22222222-2222-4222-8222-222222222222"/></Coding>
</PDFSelection></PDFSource>
</Sources>
<Sets><Set guid="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" name="s"/></Sets>
</Project>
X
make_qdpx quirks.qdpx "Quirks Project.qde" < quirks.qde
expect_exit 0 "$B" -p q.braid import refi quirks.qdpx
contains out.txt "2 codes, 1 documents, 2 codings (1 selections), 0 memos, 1 coders"
# one paragraph is its own rendering as a document: one turn of the pseudo-speaker
contains out.txt "documents as transcripts (speakers and turns): 1; verbatim (one passage): 0"
contains out.txt "1  PDFSource"
contains out.txt "1  Coding in a PDFSource"
contains out.txt "1  Set"
contains out.txt "1  Code isCodable=\"false\" (imported as a code)"
"$B" -p q.braid code ls --json > q.json
check "inline span" "$(json_get q.json '[c["text"] for c in j if c["end"] - c["start"] == 5][0]')" "trust"
check "whole source" "$(json_get q.json '[(c["start"], c["end"]) for c in j if c["start"] == 0][0]')" "(0, 26)"

# ---- bad files: a clear message, nothing imported ----
bad() { # bad FILE MESSAGE: refused, and no project left behind
	expect_exit 1 "$B" -p bad.braid import refi "$1"
	contains err.txt "$2"
	[ ! -e bad.braid ] || fail "a failed import left bad.braid"
}
echo "not a zip" > nozip.qdpx
bad nozip.qdpx "not a REFI-QDA project (.qdpx)"
python3 - <<'PY'
import zipfile
z = zipfile.ZipFile("bomb.qdpx", "w", zipfile.ZIP_DEFLATED)
with z.open("project.qde", "w", force_zip64=True) as f:
    chunk = b" " * (1 << 20)
    for _ in range(300):
        f.write(chunk)
z.close()
PY
bad bomb.qdpx "project.qde is too large"
sed 's/<Project /<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "\&a;\&a;\&a;\&a;\&a;\&a;">]><Project /' quirks.qde > laughs.qde
make_qdpx laughs.qdpx project.qde < laughs.qde
bad laughs.qdpx "project.qde: a DOCTYPE (before the root element) is not allowed"
sed 's/<Project /<!DOCTYPE Project [<!ENTITY x SYSTEM "file:\/\/\/etc\/passwd">]><Project /' quirks.qde > ext.qde
make_qdpx ext.qdpx project.qde < ext.qde
bad ext.qdpx "is not allowed in a REFI-QDA file: entities are not read"
sed 's/<CodeRef targetGUID="22222222-2222-4222-8222-222222222222"\/><\/Coding>\n<\/PlainTextSelection>/X/; 0,/targetGUID="22222222/s//targetGUID="cccccccc/' quirks.qde > dangling.qde
make_qdpx dangling.qdpx project.qde < dangling.qde
bad dangling.qdpx "line 12: CodeRef refers to 'cccccccc-2222-4222-8222-222222222222', which is not a Code in the file"
sed 's/startPosition="20" endPosition="25"/startPosition="25" endPosition="20"/' quirks.qde > reversed.qde
make_qdpx reversed.qdpx project.qde < reversed.qde
bad reversed.qdpx "project.qde: line 11: PlainTextSelection '55555555-5555-4555-8555-555555555555' ends (20) before it starts (25)"
sed 's/endPosition="25"/endPosition="99"/' quirks.qde > long.qde
make_qdpx long.qdpx project.qde < long.qde
bad long.qdpx "line 11: PlainTextSelection '55555555-5555-4555-8555-555555555555' runs to 99, past the end of its source"
# into an existing project: the failed import leaves it as it was
"$B" -p qc.braid log > before.txt
expect_exit 1 "$B" -p qc.braid import refi long.qdpx
"$B" -p qc.braid log > after.txt
cmp before.txt after.txt || fail "a failed import changed the project"
# a codebook is imported with qdc, a project with refi
expect_exit 1 "$B" -p qc.braid import refi book.qdc
expect_exit 0 "$B" -p cb.braid import qdc book.qdc
contains out.txt "imported 'book.qdc': 21 codes"
