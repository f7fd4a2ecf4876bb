# Coding end to end: codebook import/show/export, autocode, every form of code add,
# code management with its audit rows, memos, retrieve and stats. Offsets and counts
# are worked out by hand in the comments beside them.
. "$ROOT/tests/cli/lib.sh"

"$BRAID" init t.braid >/dev/null
# int1 text: "Interviewer: " (13) + "Did the lawyer help you?" (24)         -> turn 1 13-37
#            "\n\n" + "P001: " -> utterance at 37 + 2 + 6 = 45; "Yes. " (5) + "The lawyer
#            helped me get my passport back." (42) + " " + "I still owe money to my uncle."
#            (30) + "\n\n" + "The shelter was kind." (21) = 101                -> turn 2 45-146
#            146 + 2 + 13 = 161, "And the psychologist?" (21)                  -> turn 3 161-182
#            182 + 2 + 6 = 190, "The psychologist listened." (26) + " " + "She did not
#            push me." (20) = 47                                               -> turn 4 190-237
support_corpus int1
# int2: "I: " (3) + "Tell me about support." (22) -> turn 1 3-25; 25 + 2 + 3 = 30,
#       "My sister called me every day." (30) + " " + "The lawyer never answered." (26)
#       -> turn 2 30-87 (87 characters in all)
support_corpus int2
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002
expect_exit 0 "$BRAID" show int1 --json
check "turn offsets" "$(json_get out.txt '[(t["start"], t["end"]) for t in j["turns"]]')" \
	"[(13, 37), (45, 146), (161, 182), (190, 237)]"

cat > book.yaml <<'Y'
name: Support
version: "1"
codes:
  - name: Legal aid
    id: legal-aid
    domain: legal
    definition: Help from a lawyer or a legal clinic.
    patterns: [ "lawyer" ]
    children:
      - name: Documents
        id: documents
        definition: Getting identity papers back.
        patterns: [ "passport" ]
  - name: Family support
    id: family
    domain: family
    definition: Help from relatives.
    patterns: [ "sister|mother" ]
    scope: turn
  - name: Psychological support
    id: psych
    domain: health
    definition: Sessions with a psychologist.
    patterns: [ "psycholog" ]
  - name: Shelter
    id: shelter
    domain: housing
    definition: Staying in a shelter.
Y

# ---- codebook import / show ----
expect_exit 0 "$BRAID" codebook import book.yaml
contains out.txt "codebook 'Support' version 1 from book.yaml: 5 added, 0 updated, 0 unchanged, 0 kept, 0 retired"
expect_exit 0 "$BRAID" codebook show
contains out.txt "  Documents"            # indented under Legal aid
expect_exit 0 "$BRAID" codebook show --json
check "show tree" "$(json_get out.txt '[(c["id"], [k["id"] for k in c["children"]]) for c in j]')" \
	"[('legal-aid', ['documents']), ('family', []), ('psych', []), ('shelter', [])]"
check "show fields" "$(json_get out.txt 'all(k in j[0] for k in ("id","name","kind","domain","definition","count","children"))')" True
# the child inherits its parent's domain
check "show child" "$(json_get out.txt '(lambda d: (d["name"], d["kind"], d["domain"], d["definition"], d["count"]))(j[0]["children"][0])')" \
	"('Documents', 'deductive', 'legal', 'Getting identity papers back.', 0)"
expect_exit 2 "$BRAID" codebook show --format yaml   # yaml is an export format, not a listing's
contains err.txt "unknown format 'yaml' (expected table, json, csv, tsv, md, html, tex or xlsx)"
expect_exit 0 "$BRAID" codebook show --format md     # the listing, as a Markdown table
contains out.txt "| CODE | ID | KIND | DOMAIN |"
expect_exit 2 "$BRAID" codebook show --json --format csv
contains err.txt "--json is --format json"
expect_exit 2 "$BRAID" codebook export --json
contains err.txt "option '--json' does not apply to 'codebook export'"
expect_exit 2 "$BRAID" codebook frob
contains err.txt "unknown subcommand 'codebook frob'"
expect_exit 2 "$BRAID" codebook
contains err.txt "needs a subcommand"
printf 'name: Bad\ncodes:\n  - name: A\n    colour: red\n' > bad.yaml
expect_exit 1 "$BRAID" codebook import bad.yaml
contains err.txt "bad.yaml:4"                # file:line:column of the unknown key
expect_exit 1 "$BRAID" codebook import nothere.yaml

# ---- autocode ----
expect_exit 0 "$BRAID" log --json
audit_before=$(json_get out.txt 'len(j)')
expect_exit 0 "$BRAID" autocode --preview
contains out.txt "[lawyer]"
contains out.txt "would code 5 new segments"
lacks out.txt "Did the"                  # the interviewer's question is not a candidate
expect_exit 0 "$BRAID" autocode --preview --json
check "preview hits" "$(json_get out.txt 'sorted((h["code"], h["doc"], h["turn"], h["speaker"], h["hit"]) for h in j["hits"])')" \
	"[('documents', 'int1', 2, 'P001', 'passport'), ('family', 'int2', 2, 'R', 'sister'), ('legal-aid', 'int1', 2, 'P001', 'lawyer'), ('legal-aid', 'int2', 2, 'R', 'lawyer'), ('psych', 'int1', 4, 'P001', 'psycholog')]"
check "preview json" "$(json_get out.txt '(j["preview"], j["created"], j["new"])')" "(True, 0, 5)"
expect_exit 0 "$BRAID" code ls --json
check "preview wrote codings" "$(json_get out.txt 'len(j)')" 0
expect_exit 0 "$BRAID" log --json
check "preview wrote an audit row" "$(json_get out.txt 'len(j)')" "$audit_before"
# participant turns only, one sentence per match (scope sentence), the whole turn for family:
#   legal-aid  int1 50-92 "The lawyer helped me get my passport back." (45 + 5 = 50, + 42)
#              int2 61-87 "The lawyer never answered." (30 + 31 = 61); not int1 turn 1 (interviewer)
#   documents  int1 50-92 (same sentence)
#   family     int2 30-87 (scope turn)
#   psych      int1 190-216 "The psychologist listened."; not int1 turn 3 (interviewer)
expect_exit 0 "$BRAID" autocode --quiet
[ ! -s out.txt ] || fail "autocode --quiet printed: $(cat out.txt)"
expect_exit 0 "$BRAID" code ls --origin auto --json
check "autocoded" "$(json_get out.txt 'sorted((c["code"], c["doc"], c["start"], c["end"], c["coder"], c["status"]) for c in j)')" \
	"[('documents', 'int1', 50, 92, 'auto', 'pending'), ('family', 'int2', 30, 87, 'auto', 'pending'), ('legal-aid', 'int1', 50, 92, 'auto', 'pending'), ('legal-aid', 'int2', 61, 87, 'auto', 'pending'), ('psych', 'int1', 190, 216, 'auto', 'pending')]"
expect_exit 0 "$BRAID" autocode
contains out.txt "total: 0 new codings"      # idempotent
contains out.txt "5 already coded"
expect_exit 0 "$BRAID" autocode --codebook book.yaml --code family --preview
contains out.txt "would code 0 new segments (1 units matched, 1 already coded)"
expect_exit 2 "$BRAID" autocode --width 10
expect_exit 0 "$BRAID" autocode --json --coder auto
check "autocode json" "$(json_get out.txt '(j["preview"], j["created"], j["units"], j["already"])')" "(False, 0, 5, 5)"
expect_exit 0 "$BRAID" log --json
# the two runs that coded nothing changed nothing: one row, the first run's
check "autocode audit" "$(json_get out.txt '[e["command"] for e in j][-2:]')" "['codebook import', 'autocode']"
contains out.txt "autocoded by 'auto': 5 new codings (legal-aid 2, documents 1, family 1, psych 1)"

# ---- code add, every form (manual codings get ids 6, 7, ...) ----
expect_exit 0 "$BRAID" code add int1 --code legal-aid --coder amina --turn 2
contains out.txt "coded #6 int1 [45-146] legal-aid (amina)"
expect_exit 0 "$BRAID" code add int1 --code legal-aid --coder amina --turn 2
contains out.txt "#6 already exists"        # not created twice
expect_exit 0 "$BRAID" code add int1 --code family --coder amina --range 117:122
contains out.txt "coded #7 int1 [117-122] family (amina): \"uncle\""    # 93 + 24 = 117
expect_exit 0 "$BRAID" code add int1 --code documents --coder ben --match passport
contains out.txt "coded #8 int1 [78-86]"    # 45 + 33 = 78
expect_exit 0 "$BRAID" code add int1 --code "Legal aid" --coder ben --match lawyer --all
contains out.txt "coded #9 int1 [21-27]"    # 13 + 8: in the interviewer's turn, by hand that is fine
contains out.txt "coded #10 int1 [54-60]"   # 45 + 9
contains out.txt "2 new codings, 0 already there"
expect_exit 0 "$BRAID" code add int1 --code psych --coder ben --sentence 7
contains out.txt "coded #11 int1 [190-216] psych (ben): \"The psychologist listened.\""
# sentences: 1 Did..., 2 Yes., 3 The lawyer..., 4 I still..., 5 The shelter..., 6 And the..., 7
expect_exit 0 "$BRAID" code add int1 --code "Debt to relatives" --new --parent family \
	--coder amina --match "I still owe money to my uncle" --memo "owed for the father's treatment"
contains out.txt "new inductive code 'debt-to-relatives' (Debt to relatives) under family, by amina"
contains out.txt "coded #12 int1 [93-122]"
expect_exit 1 "$BRAID" code add int1 --code "Debt to relatives" --new --coder amina --turn 4
contains err.txt "exists already"
expect_exit 0 "$BRAID" code add int1 --in-vivo --coder ben --match "She did not push me."
contains out.txt "new inductive code 'she-did-not-push-me' (She did not push me), by ben"
contains out.txt "coded #13 int1 [217-237]"
# overlapping codings (same code and coder, different span) are allowed
expect_exit 0 "$BRAID" code add int1 --code legal-aid --coder amina --range 50:100
contains out.txt "coded #14 int1 [50-100]"
expect_exit 0 "$BRAID" codebook show --json
check "inductive codes" "$(json_get out.txt '[(k["id"], k["kind"], k["created_by"]) for c in j for k in c["children"] if k["kind"] == "inductive"] + [(c["id"], c["kind"], c["created_by"]) for c in j if c["kind"] == "inductive"]')" \
	"[('debt-to-relatives', 'inductive', 'amina'), ('she-did-not-push-me', 'inductive', 'ben')]"
expect_exit 0 "$BRAID" code rm 14
contains out.txt "removed #14: int1 [50-100] 'legal-aid' by amina"
expect_exit 1 "$BRAID" code rm 14
contains err.txt "no coding 14"

expect_exit 0 "$BRAID" code ls --coder amina --json
check "code ls fields" "$(json_get out.txt 'all(k in c for c in j for k in ("id","doc","start","end","text","code","coder","origin","speaker","case","status","memo","turn"))')" True
check "code ls amina" "$(json_get out.txt '[(c["id"], c["start"], c["end"], c["code"], c["text"], c["turn"], c["speaker"], c["case"], c["memo"]) for c in j]')" \
	"[(6, 45, 146, 'legal-aid', 'Yes. The lawyer helped me get my passport back. I still owe money to my uncle.\n\nThe shelter was kind.', 2, 'P001', 'P001', None), (12, 93, 122, 'debt-to-relatives', 'I still owe money to my uncle', 2, 'P001', 'P001', \"owed for the father's treatment\"), (7, 117, 122, 'family', 'uncle', 2, 'P001', 'P001', None)]"
expect_exit 0 "$BRAID" code ls --doc int2
contains out.txt "My sister called me every day."

# ---- bad input ----
expect_exit 1 "$BRAID" code add int1 --code nosuch --coder amina --turn 1
contains err.txt "no code 'nosuch'"
expect_exit 2 "$BRAID" code add int1 --code psych --coder amina --range 9:3
contains err.txt "bad --range '9:3'"
expect_exit 2 "$BRAID" code add int1 --code psych --coder amina --range 12
expect_exit 1 "$BRAID" code add int2 --code psych --coder amina --range 80:200   # int2 has 87
contains err.txt "past the end"
expect_exit 2 "$BRAID" code add int1 --code psych --coder amina --turn 1 --match lawyer
contains err.txt "exactly one of --turn, --range, --match, --sentence"
expect_exit 2 "$BRAID" code add int1 --code psych --coder amina
expect_exit 2 "$BRAID" code add int1 --code psych --turn 1
contains err.txt "--coder"
expect_exit 2 "$BRAID" code add int1 --code psych --coder amina --turn 0
expect_exit 1 "$BRAID" code add int1 --code psych --coder amina --turn 9
contains err.txt "no turn 9"
expect_exit 1 "$BRAID" code add int1 --code psych --coder amina --match "not in the text"
expect_exit 1 "$BRAID" code add nodoc --code psych --coder amina --turn 1
contains err.txt "no document 'nodoc'"
expect_exit 2 "$BRAID" code ls --top
contains err.txt "option '--top' does not apply to 'code ls'"
expect_exit 2 "$BRAID" code ls --status maybe
expect_exit 2 "$BRAID" code frob
expect_exit 2 "$BRAID" code rm x

# ---- review autocoded segments ----
expect_exit 0 "$BRAID" code accept --all --code legal-aid
contains out.txt "accepted 2 codings"        # the two pending legal-aid ones (not documents)
expect_exit 0 "$BRAID" code ls --code psych --origin auto --json
psych_auto=$(json_get out.txt 'j[0]["id"]')
expect_exit 0 "$BRAID" code reject "$psych_auto"
contains out.txt "rejected 1 coding"
expect_exit 0 "$BRAID" code ls --status pending --json
check "pending" "$(json_get out.txt 'sorted(c["code"] for c in j)')" "['documents', 'family']"
expect_exit 0 "$BRAID" code ls --code psych --json
check "rejected hidden" "$(json_get out.txt '[c["id"] for c in j]')" "[11]"
expect_exit 0 "$BRAID" code ls --status rejected --json
check "rejected listed" "$(json_get out.txt '[c["id"] for c in j]')" "[$psych_auto]"
expect_exit 2 "$BRAID" code accept
expect_exit 2 "$BRAID" code accept 3 --all
expect_exit 2 "$BRAID" code reject --all

# ---- managing codes, each with an audit row naming old and new ----
expect_exit 0 "$BRAID" code rename she-did-not-push-me "Not pushed"
expect_exit 0 "$BRAID" code move she-did-not-push-me --parent psych
expect_exit 1 "$BRAID" code move legal-aid --parent documents
contains err.txt "cannot move"
expect_exit 2 "$BRAID" code move legal-aid
expect_exit 0 "$BRAID" code merge debt-to-relatives family
contains out.txt "1 coding moved"
expect_exit 0 "$BRAID" code retire shelter
expect_exit 1 "$BRAID" code add int1 --code shelter --coder amina --match shelter
contains err.txt "retired"
expect_exit 0 "$BRAID" code edit legal-aid --field definition --value "Help from lawyers and clinics."
expect_exit 0 "$BRAID" code edit psych --field patterns --value "psycholog|counsel"
expect_exit 2 "$BRAID" code edit psych --field colour --value red
expect_exit 2 "$BRAID" code edit psych --field color
expect_exit 1 "$BRAID" code edit psych --field scope --value sometimes
expect_exit 0 "$BRAID" log --json -n 6
check "management audit" "$(json_get out.txt '[(e["command"], e["detail"]) for e in j]')" \
	"[('code rename', \"renamed code 'she-did-not-push-me': 'She did not push me' -> 'Not pushed'\"), ('code move', \"moved code 'she-did-not-push-me' (Not pushed) from the top level to under 'psych' (Psychological support)\"), ('code merge', \"merged code 'debt-to-relatives' (Debt to relatives) into 'family' (Family support): 1 coding moved\"), ('code retire', \"retired code 'shelter' (Shelter) (status was active; its 0 codings stay)\"), ('code edit', \"edited code 'legal-aid' (Legal aid) definition: 'Help from a lawyer or a legal clinic.' -> 'Help from lawyers and clinics.'\"), ('code edit', \"edited code 'psych' (Psychological support) patterns: ['psycholog'] -> ['psycholog|counsel']\")]"
expect_exit 0 "$BRAID" codebook show --json
check "tree after" "$(json_get out.txt '[(c["id"], [k["id"] for k in c["children"]]) for c in j]')" \
	"[('legal-aid', ['documents']), ('family', []), ('psych', ['she-did-not-push-me'])]"
expect_exit 0 "$BRAID" codebook show --all --json
check "merged and retired kept" "$(json_get out.txt '[(k["id"], k["status"]) for c in j for k in [c] + c["children"] if k["status"] != "active"]')" \
	"[('debt-to-relatives', 'merged'), ('shelter', 'retired')]"

# ---- memos ----
expect_exit 0 "$BRAID" memo add --on project --coder amina "Families carry debts."
expect_exit 0 "$BRAID" memo add --on doc:int1 --coder ben "Short interview."
expect_exit 0 "$BRAID" memo add --on code:family --coder amina "Relatives as lenders."
expect_exit 0 "$BRAID" memo add --on segment:6 --coder ben Whole turn on purpose.
expect_exit 1 "$BRAID" memo add --on doc:nodoc --coder ben "x"
contains err.txt "nodoc"
expect_exit 1 "$BRAID" memo add --on code:nosuch --coder ben "x"
expect_exit 1 "$BRAID" memo add --on segment:999 --coder ben "x"
expect_exit 2 "$BRAID" memo add "no target"
expect_exit 0 "$BRAID" memo ls --json
check "memos" "$(json_get out.txt '[(m["id"], m["on"], m["coder"], m["text"]) for m in j]')" \
	"[(1, 'project', 'amina', 'Families carry debts.'), (2, 'doc:int1', 'ben', 'Short interview.'), (3, 'code:family', 'amina', 'Relatives as lenders.'), (4, 'segment:6', 'ben', 'Whole turn on purpose.')]"
expect_exit 0 "$BRAID" memo ls --on code:family --json
check "memos on a code" "$(json_get out.txt '[m["id"] for m in j]')" "[3]"

# ---- retrieve ----
# family now: int1 93-122 (amina, merged in), int1 117-122 (amina), int2 30-87 (auto)
expect_exit 0 "$BRAID" retrieve family --format json
check "retrieve json" "$(json_get out.txt '[(s["doc"], s["start"], s["end"], s["coder"], s["case"]) for s in j]')" \
	"[('int1', 93, 122, 'amina', 'P001'), ('int1', 117, 122, 'amina', 'P001'), ('int2', 30, 87, 'auto', 'P002')]"
expect_exit 0 "$BRAID" retrieve family
contains out.txt "int1 #2 P001 (P001) [93-122] amina"
contains out.txt "    I still owe money to my uncle"
contains out.txt "int2 #2 R (P002) [30-87] auto"
expect_exit 0 "$BRAID" retrieve family --format md
contains out.txt "## Family support"
contains out.txt "Help from relatives."
contains out.txt "### int1"
contains out.txt "> I still owe money to my uncle"
contains out.txt "### int2"
expect_exit 0 "$BRAID" retrieve family --case P002 --format json
check "retrieve --case" "$(json_get out.txt '[(s["doc"], s["start"]) for s in j]')" "[('int2', 30)]"
expect_exit 0 "$BRAID" retrieve "Legal aid" --coder ben --format json
check "retrieve --coder" "$(json_get out.txt '[(s["start"], s["end"]) for s in j]')" "[(21, 27), (54, 60)]"
expect_exit 0 "$BRAID" retrieve psych --format json        # the rejected auto coding is left out
check "retrieve psych" "$(json_get out.txt '[(s["code"], s["start"]) for s in j]')" "[('psych', 190)]"
expect_exit 0 "$BRAID" retrieve psych --children --format json
check "retrieve --children" "$(json_get out.txt '[(s["code"], s["start"], s["text"]) for s in j]')" \
	"[('psych', 190, 'The psychologist listened.'), ('she-did-not-push-me', 217, 'She did not push me.')]"
expect_exit 1 "$BRAID" retrieve nosuch
contains err.txt "no code 'nosuch'"
expect_exit 2 "$BRAID" retrieve family --format pdf

# ---- stats codes ----
# legal-aid: auto int1 50-92, auto int2 61-87, amina int1 45-146, ben int1 21-27 and 54-60
#   = 5 segments; words: int1 union 21-27 ("lawyer", 1) + 45-146 (turn 2: 9 + 7 + 4 = 20),
#   int2 61-87 (4) = 25; 2 documents, 2 cases (int1's interviewer turn counts for P001)
# documents: auto 50-92 + ben 78-86 = 2 segments, union 50-92 = 8 words
# family: auto int2 30-87 (6 + 4 = 10 words), amina 117-122 and 93-122 (union: 7 words) = 3, 17
# psych: ben 190-216 (3 words; the auto one is rejected); she-did-not-push-me: 217-237 (5 words)
# shelter (retired) and debt-to-relatives (merged) have no codings and are not listed
expect_exit 0 "$BRAID" stats codes --json
check "stats" "$(json_get out.txt '[(r["code"], r["depth"], r["segments"], r["words"], r["docs"], r["cases"]) for r in j]')" \
	"[('legal-aid', 0, 5, 25, 2, 2), ('documents', 1, 2, 8, 1, 1), ('family', 0, 3, 17, 2, 2), ('psych', 0, 1, 3, 1, 1), ('she-did-not-push-me', 1, 1, 5, 1, 1)]"
expect_exit 0 "$BRAID" stats codes
contains out.txt "  Not pushed"
# --rollup: legal-aid takes in documents: auto's int1 50-92 is coded with both (one segment),
#   ben's 78-86 is new: 6 segments; words unchanged (45-146 covers documents' spans), 25;
#   psych takes in she-did-not-push-me: 2 segments, 3 + 5 words; leaves as they were
expect_exit 0 "$BRAID" stats codes --rollup --json
check "stats --rollup" "$(json_get out.txt '[(r["code"], r["depth"], r["segments"], r["words"], r["docs"], r["cases"]) for r in j]')" \
	"[('legal-aid', 0, 6, 25, 2, 2), ('documents', 1, 2, 8, 1, 1), ('family', 0, 3, 17, 2, 2), ('psych', 0, 2, 8, 1, 1), ('she-did-not-push-me', 1, 1, 5, 1, 1)]"
expect_exit 0 "$BRAID" stats codes --rollup --by doc --json
check "stats --rollup --by doc" "$(json_get out.txt '[(r["group"], r["segments"], r["words"]) for r in j if r["code"] == "legal-aid"]')" \
	"[('int1', 5, 21), ('int2', 1, 4)]"
# by coder, legal-aid: amina 1 segment (20 words), auto 2 (8 + 4 = 12), ben 2 (1 + 1 = 2)
expect_exit 0 "$BRAID" stats codes --by coder --json
check "stats by coder" "$(json_get out.txt '[(r["group"], r["segments"], r["words"]) for r in j if r["code"] == "legal-aid"]')" \
	"[('amina', 1, 20), ('auto', 2, 12), ('ben', 2, 2)]"
# by document, legal-aid: int1 4 segments (21 words), int2 1 (4)
expect_exit 0 "$BRAID" stats codes --by doc --json
check "stats by doc" "$(json_get out.txt '[(r["group"], r["segments"], r["words"]) for r in j if r["code"] == "legal-aid"]')" \
	"[('int1', 4, 21), ('int2', 1, 4)]"
# by case, family: P001 2 segments (7 words), P002 1 (10)
expect_exit 0 "$BRAID" stats codes --by case
contains out.txt "CASE"
expect_exit 0 "$BRAID" stats codes --by case --json
check "stats by case" "$(json_get out.txt '[(r["group"], r["segments"], r["words"]) for r in j if r["code"] == "family"]')" \
	"[('P001', 2, 7), ('P002', 1, 10)]"
expect_exit 2 "$BRAID" stats codes --by speaker
expect_exit 0 "$BRAID" codebook show --counts --json
check "counts by coder" "$(json_get out.txt 'sorted(j[0]["counts_by_coder"].items())')" \
	"[('amina', 1), ('auto', 2), ('ben', 2)]"
expect_exit 0 "$BRAID" codebook show --counts
contains out.txt "TOTAL"

# ---- coders ----
expect_exit 0 "$BRAID" coder add carol
contains out.txt "added coder 'carol'"
expect_exit 0 "$BRAID" coder add carol
contains out.txt "exists already"
expect_exit 0 "$BRAID" coder ls --json
# amina: 6, 7, 12 (merged into family); ben: 8, 9, 10, 11, 13; auto: 5 minus 1 rejected
check "coders" "$(json_get out.txt '[(c["name"], c["codings"]) for c in j]')" \
	"[('amina', 3), ('auto', 4), ('ben', 5), ('carol', 0)]"

# ---- export: YAML round trip, Markdown appendix ----
expect_exit 0 "$BRAID" codebook export -o export.yaml
contains out.txt "wrote export.yaml"
expect_exit 0 "$BRAID" codebook export --format md -o export.md
contains export.md "Help from lawyers and clinics."
contains export.md "Getting identity papers back."
contains export.md "Help from relatives."
expect_exit 0 "$BRAID" codebook export --format tex
contains out.txt "Family support"
expect_exit 2 "$BRAID" codebook export --format pdf
expect_exit 1 "$BRAID" codebook export --codebook Nosuch
expect_exit 0 "$BRAID" codebook show --json
mv out.txt before.json
expect_exit 0 "$BRAID" init fresh.braid
expect_exit 0 "$BRAID" -p fresh.braid codebook import export.yaml
expect_exit 0 "$BRAID" -p fresh.braid codebook show --json
# The format gives a code without a domain its parent's (codebook.h), so the inductive code
# moved under psych (no domain of its own) comes back in psych's domain, "health".
python3 - before.json out.txt <<'P' || fail "export round trip changed the tree"
import json, sys
def tree(cs, up=None):
    return [(c["id"], c["name"], c["kind"], c["domain"] or up, c["definition"],
             tree(c["children"], c["domain"] or up)) for c in cs]
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert tree(a) == tree(b), (tree(a), tree(b))
P

# ---- a second codebook version: a code with codings dropped -> kept, or retired ----
expect_exit 0 "$BRAID" init v.braid
expect_exit 0 "$BRAID" -p v.braid ingest int1.txt
expect_exit 0 "$BRAID" -p v.braid codebook import book.yaml
expect_exit 0 "$BRAID" -p v.braid code add int1 --code documents --coder amina --match passport
# version 2: legal-aid's definition changes; documents (1 coding) and shelter (none) are gone
python3 - <<'P'
import re
s = open("book.yaml").read().replace('version: "1"', 'version: "2"')
s = s.replace("Help from a lawyer or a legal clinic.", "Help from a lawyer.")
s = re.sub(r"    children:\n(      .*\n)+", "", s)
s = s[:s.index("  - name: Shelter")]
open("book2.yaml", "w").write(s)
P
expect_exit 0 "$BRAID" -p v.braid codebook import book2.yaml
contains out.txt "version 2 from book2.yaml: 0 added, 1 updated, 2 unchanged, 2 kept, 0 retired"
contains out.txt "kept (missing from this version, still in the project): Documents (documents, 1 codings), Shelter (shelter, 0 codings)"
expect_exit 0 "$BRAID" -p v.braid codebook import book2.yaml --retire-missing
contains out.txt "0 added, 0 updated, 3 unchanged, 0 kept, 2 retired"
contains out.txt "retired (missing from this version): Documents (documents, 1 codings)"
expect_exit 0 "$BRAID" -p v.braid codebook show --all --json
check "retired by import" "$(json_get out.txt '[(k["id"], k["status"], k["count"]) for c in j for k in [c] + c["children"]]')" \
	"[('legal-aid', 'active', 0), ('documents', 'retired', 1), ('family', 'active', 0), ('psych', 'active', 0), ('shelter', 'retired', 0)]"
expect_exit 0 "$BRAID" -p v.braid log --json
contains out.txt "kept: Documents (documents, 1 codings), Shelter (shelter, 0 codings)"
expect_exit 1 "$BRAID" -p v.braid codebook import nothere.yaml
expect_exit 0 "$BRAID" -p v.braid log --json -n 1
contains out.txt "retired: Documents"      # the failed import left no row

# ---- help is generated from the subcommand table ----
expect_exit 0 "$BRAID" help code
contains out.txt "code add DOC --code CODE [--coder NAME]"
contains out.txt "code edit CODE --field FIELD --value VALUE"
expect_exit 0 "$BRAID" help
contains out.txt "codebook"
contains out.txt "autocode"
