# Themes end to end: every theme and quote command with what it prints (the audit
# log's words), undo, refusals that change nothing, usage errors, prevalence and
# co-occurrence worked out by hand, theme show as text, Markdown and JSON, theme ls
# and quote ls as listings, memos on themes.
. "$ROOT/tests/cli/lib.sh"
check() { [ "$2" = "$3" ] || { cat out.txt >&2; fail "$1: got $2, expected $3"; }; }
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# int1 (as in coding.sh): turn 1 13-37 (Interviewer) "Did the lawyer help you?";
#   turn 2 45-146 (P001): "Yes." 45-49, "The lawyer helped me get my passport back."
#   50-92 (8 words), "I still owe money to my uncle." 93-123 (7), "The shelter was kind."
#   125-146 (4), 20 words in all with "Yes"; turn 3 161-182 (Interviewer); turn 4
#   190-237: "The psychologist listened." 190-216 (3), "She did not push me." (5)
# int2: turn 1 3-25 (I); turn 2 30-87 (R): "My sister called me every day." 30-60 (6),
#   "The lawyer never answered." 61-87 (4)
# participants' words: 20 + 8 + 10 = 38; cases P001, P002; 2 documents
support_corpus int1
support_corpus int2
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002
support_corpus book
expect_exit 0 "$BRAID" codebook import book.yaml
# codings #1-#7 (manual: accepted)
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92     # 1
expect_exit 0 "$BRAID" code add int1 --code family --range 93:123       # 2
expect_exit 0 "$BRAID" code add int1 --code psych --range 190:216       # 3
expect_exit 0 "$BRAID" code add int2 --code family --range 30:60        # 4
expect_exit 0 "$BRAID" code add int2 --code legal-aid --range 61:87 --coder ben   # 5
expect_exit 0 "$BRAID" code add int1 --code shelter --range 125:146     # 6
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 13:37     # 7, the interviewer's turn

# ---- making themes ----
expect_exit 0 "$BRAID" theme new "Formal support"
contains out.txt "new theme 'formal-support' (Formal support) by ana"
expect_exit 0 "$BRAID" theme new "Legal help" --parent "FORMAL SUPPORT"
contains out.txt "new theme 'legal-help' (Legal help) under 'formal-support' (Formal support) by ana"
expect_exit 0 "$BRAID" theme new "Informal support" --coder ben
contains out.txt "new theme 'informal-support' (Informal support) by ben"
expect_exit 0 "$BRAID" theme add-code formal-support psych Shelter
contains out.txt "added codes 'psych' and 'shelter' to theme 'formal-support' (Formal support)"
expect_exit 0 "$BRAID" theme add-code legal-help legal-aid
expect_exit 0 "$BRAID" theme add-code "informal support" family
expect_exit 0 "$BRAID" theme add-code informal-support family
contains out.txt "nothing changed"
expect_exit 0 "$BRAID" log --json
check "audit rows" "$(json_get out.txt '[(r["command"], r["coder"]) for r in j[-3:]]')" \
	"[('theme add-code', 'ana'), ('theme add-code', 'ana'), ('theme add-code', 'ana')]"

# ---- prevalence by hand ----
# formal-support: psych #3, shelter #6, and legal-help's legal-aid #1, #5, #7: 5 segments;
#   int1 and int2: 2 of 2 documents; P001 (#7 is in the interviewer's turn: the
#   document's case) and P002: 2 of 2 cases; words #1 8 + #3 3 + #6 4 + #7 0 (not a
#   participant's) + #5 4 = 19 of 38 (50.0%)
# legal-help: #1, #5, #7: 3 segments, 2 documents, 2 cases, 8 + 4 = 12 words (31.6%)
# informal-support: #2 (7 words), #4 (6): 2, 2, 2, 13 words (34.2%)
expect_exit 0 "$BRAID" theme ls --json
check "ls ids" "$(json_get out.txt '[(t["id"], t["parent"], t["depth"], t["codes"]) for t in j]')" \
	"[('formal-support', None, 0, ['psych', 'shelter']), ('legal-help', 'formal-support', 1, ['legal-aid']), ('informal-support', None, 0, ['family'])]"
check "ls prevalence" "$(json_get out.txt '[(t["segments"], t["docs"], t["docs_total"], t["cases"], t["cases_total"], t["words"], t["words_total"]) for t in j]')" \
	"[(5, 2, 2, 2, 2, 19, 38), (3, 2, 2, 2, 2, 12, 38), (2, 2, 2, 2, 2, 13, 38)]"
check "ls share" "$(json_get out.txt 'j[0]["share"]')" "0.5"
check "ls fields" "$(json_get out.txt 'list(j[0].keys())')" \
	"['id', 'name', 'parent', 'depth', 'status', 'codes', 'definition', 'scope', 'why', 'merged_into', 'segments', 'cases', 'cases_total', 'docs', 'docs_total', 'words', 'words_total', 'share', 'reviewed_extracts', 'reviewed_dataset', 'created', 'created_by', 'created_phase', 'guid']"
check "ls made" "$(json_get out.txt '[(t["status"], t["created_by"], t["created_phase"]) for t in j]')" \
	"[('candidate', 'ana', 1), ('candidate', 'ana', 1), ('candidate', 'ben', 1)]"
expect_exit 0 "$BRAID" theme ls
contains out.txt "THEME             ID                STATUS     CODES  SEGMENTS  CASES  DOCS  WORDS  SHARE"
contains out.txt "  Legal help      legal-help        candidate      1         3    2/2   2/2     12  31.6%"
expect_exit 0 "$BRAID" theme ls --format csv
contains out.txt 'formal-support,Formal support,,0,candidate,"[""psych"",""shelter""]"'
# ben's codings only: #5 (legal-aid): 1 segment, int2, P002, 4 words
expect_exit 0 "$BRAID" theme ls --json --coder ben
check "ls ben" "$(json_get out.txt '[(t["segments"], t["docs"], t["cases"], t["words"]) for t in j]')" \
	"[(1, 1, 1, 4), (1, 1, 1, 4), (0, 0, 0, 0)]"
expect_exit 1 "$BRAID" theme ls --coder zoe
contains err.txt "no coder 'zoe'"

# ---- show ----
# co-occurrence of informal-support (#2 in int1's turn 2, #4 in int2's turn 2):
#   formal-support's #1 and #6 share int1's turn 2, #5 int2's turn 2; #3 (turn 4) and
#   #7 (turn 1) do not: 3; legal-help's #1 and #5: 2
expect_exit 0 "$BRAID" theme show informal-support
contains out.txt "theme 'informal-support' (Informal support): candidate"
contains out.txt "codes: family (Family support)"
contains out.txt "prevalence: 2 of 2 cases, 2 of 2 documents, 2 segments, 13 of 38 participants' words (34.2%)"
contains out.txt "co-occurs with: 'formal-support' (Formal support) 3 segments; 'legal-help' (Legal help) 2 segments"
expect_exit 0 "$BRAID" theme show formal-support
contains out.txt "sub-themes: 'legal-help' (Legal help, candidate)"
# extracts grouped by case, then document and position (an interviewer's turn has no case)
cat > want.txt <<'W'
extracts (5 segments):

case P001
  int1 #2 P001 [50-92] coding #1 legal-aid
      The lawyer helped me get my passport back.
  int1 #2 P001 [125-146] coding #6 shelter
      The shelter was kind.
  int1 #4 P001 [190-216] coding #3 psych
      The psychologist listened.

case P002
  int2 #2 R [61-87] coding #5 legal-aid
      The lawyer never answered.

case (no case)
  int1 #1 Interviewer [13-37] coding #7 legal-aid
      Did the lawyer help you?
W
sed -n '/^extracts/,$p' out.txt > got.txt
diff want.txt got.txt || fail "theme show extracts"
expect_exit 0 "$BRAID" theme show formal-support --coder ben
contains out.txt "prevalence: 1 of 2 cases, 1 of 2 documents, 1 segment, 4 of 38 participants' words (10.5%)"
lacks out.txt "coding #1 "
expect_exit 2 "$BRAID" theme show formal-support --format csv
contains err.txt "theme show writes text, md or json, not csv"
expect_exit 1 "$BRAID" theme show nope
contains err.txt "no theme 'nope'"

# ---- quotes and memos ----
expect_exit 0 "$BRAID" quote add legal-help 1 --note "the passport"
contains out.txt "quote #1 of theme 'legal-help' (Legal help): coding #1: int1 [50-92] 'legal-aid' by ana, manual accepted, chosen by ana; note: the passport"
expect_exit 0 "$BRAID" quote add formal-support 6
expect_exit 1 "$BRAID" quote add informal-support 1
contains err.txt "coding #1 is coded 'legal-aid', which is not a code of theme 'informal-support' or of its sub-themes"
expect_exit 1 "$BRAID" quote add informal-support 99
contains err.txt "no coding 99"
expect_exit 2 "$BRAID" quote add informal-support x1
expect_exit 0 "$BRAID" quote ls --json
check "quote ls" "$(json_get out.txt '[(q["id"], q["theme"], q["coding"], q["doc"], q["turn"], q["speaker"], q["case"], q["start"], q["end"], q["text"], q["note"], q["created_by"]) for q in j]')" \
	"[(2, 'formal-support', 6, 'int1', 2, 'P001', 'P001', 125, 146, 'The shelter was kind.', None, 'ana'), (1, 'legal-help', 1, 'int1', 2, 'P001', 'P001', 50, 92, 'The lawyer helped me get my passport back.', 'the passport', 'ana')]"
expect_exit 0 "$BRAID" quote ls legal-help
contains out.txt "the passport"
lacks out.txt "shelter"
expect_exit 0 "$BRAID" memo add --on theme:legal-help "Lawyers as gatekeepers"
contains out.txt "memo #1 on theme:legal-help by ana"
expect_exit 0 "$BRAID" memo ls --json
check "memo on theme" "$(json_get out.txt '[(m["on"], m["target"], m["ref"]) for m in j]')" \
	"[('theme:legal-help', 'theme', 'legal-help')]"
expect_exit 1 "$BRAID" memo add --on theme:nope "x"
contains err.txt "no theme 'nope'"

expect_exit 0 "$BRAID" theme show legal-help --json
check "show keys" "$(json_get out.txt 'list(j.keys())[-6:]')" \
	"['guid', 'subthemes', 'cooccur', 'quotes', 'memos', 'extracts']"
check "show theme" "$(json_get out.txt '(j["id"], j["parent"], j["segments"], j["words"], j["words_total"])')" \
	"('legal-help', 'formal-support', 3, 12, 38)"
# legal-help co-occurs with informal-support (#2 shares int1's turn 2 with #1, #4 int2's
# turn 2 with #5); formal-support is above it: left out
check "show cooccur" "$(json_get out.txt 'j["cooccur"]')" \
	"[{'id': 'informal-support', 'name': 'Informal support', 'segments': 2}]"
check "show quotes" "$(json_get out.txt '[(q["id"], q["coding"], q["note"]) for q in j["quotes"]]')" \
	"[(1, 1, 'the passport')]"
check "show memos" "$(json_get out.txt '[m["text"] for m in j["memos"]]')" "['Lawyers as gatekeepers']"
check "show extracts" "$(json_get out.txt '[(x["coding"], x["doc"], x["case"], x["speaker"], x["role"], x["turn"], x["start"], x["end"], x["codes"], x["text"]) for x in j["extracts"]]')" \
	"[(1, 'int1', 'P001', 'P001', 'participant', 2, 50, 92, 'legal-aid', 'The lawyer helped me get my passport back.'), (5, 'int2', 'P002', 'R', 'participant', 2, 61, 87, 'legal-aid', 'The lawyer never answered.'), (7, 'int1', None, 'Interviewer', 'interviewer', 1, 13, 37, 'legal-aid', 'Did the lawyer help you?')]"
expect_exit 0 "$BRAID" theme show formal-support --json
check "show subthemes" "$(json_get out.txt 'j["subthemes"]')" \
	"[{'id': 'legal-help', 'name': 'Legal help', 'status': 'candidate'}]"

# ---- define, review, status; Markdown ----
expect_exit 2 "$BRAID" theme define legal-help
expect_exit 0 "$BRAID" theme define legal-help --definition "Help from lawyers and clinics." --scope "Formal legal help only."
contains out.txt "defined theme 'legal-help' (Legal help): definition (none) -> 'Help from lawyers and clinics.'; scope (none) -> 'Formal legal help only.'"
expect_exit 1 "$BRAID" theme status legal-help reviewed
contains err.txt "theme 'legal-help' has not been reviewed against its coded extracts nor against the whole data set"
expect_exit 2 "$BRAID" theme review legal-help
expect_exit 0 "$BRAID" theme review legal-help --extracts
contains out.txt "reviewed theme 'legal-help' (Legal help) against its coded extracts"
expect_exit 1 "$BRAID" theme status legal-help reviewed
contains err.txt "has not been reviewed against the whole data set"
expect_exit 0 "$BRAID" theme review legal-help --dataset
expect_exit 0 "$BRAID" theme status legal-help reviewed
contains out.txt "theme 'legal-help' (Legal help) status candidate -> reviewed"
expect_exit 0 "$BRAID" theme status legal-help defined
expect_exit 2 "$BRAID" theme status legal-help discarded
contains err.txt "braid theme discard THEME --why TEXT"
expect_exit 2 "$BRAID" theme status legal-help done
contains err.txt "unknown theme status 'done' (expected candidate, reviewed, defined, discarded or merged)"
expect_exit 0 "$BRAID" theme show legal-help --format md
cat > want.txt <<'W'
## Legal help

*Theme `legal-help`, defined.*

**Definition.** Help from lawyers and clinics.

**Scope.** Formal legal help only.

**Codes:** Legal aid (`legal-aid`).

**Prevalence:** 2 of 2 cases, 2 of 2 documents, 3 segments, 12 of 38 participants' words (31.6%).

**Co-occurs with:** Informal support (2 segments).

### Exemplar quotes

> The lawyer helped me get my passport back.
>
> — P001 (P001), int1, turn 2

*the passport*

### Extracts

#### P001

> The lawyer helped me get my passport back.
>
> — P001, int1, turn 2; coded legal-aid

#### P002

> The lawyer never answered.
>
> — R, int2, turn 2; coded legal-aid

#### Without a case

> Did the lawyer help you?
>
> — Interviewer, int1, turn 1; coded legal-aid
W
diff want.txt out.txt || fail "theme show --format md"
lacks out.txt "gatekeepers"   # memos are not for the paper

# ---- refusals change nothing ----
expect_exit 0 "$BRAID" theme ls --json --all
cp out.txt before.json
expect_exit 0 "$BRAID" log --json
nlog=$(json_get out.txt 'len(j)')
expect_exit 1 "$BRAID" theme add-code informal-support psych nope
contains err.txt "no code 'nope'"
expect_exit 1 "$BRAID" theme rm-code informal-support psych
contains err.txt "code 'psych' is not in theme 'informal-support'"
expect_exit 1 "$BRAID" theme move formal-support --parent legal-help
contains err.txt "cannot move a theme under itself or one of its own sub-themes"
expect_exit 1 "$BRAID" theme merge formal-support legal-help
contains err.txt "cannot merge a theme into one of its own sub-themes"
expect_exit 1 "$BRAID" theme rename informal-support "formal SUPPORT"
contains err.txt "a theme named 'Formal support' is already there (formal-support)"
expect_exit 1 "$BRAID" theme new "Informal Support"
contains err.txt "a theme named 'Informal support' is already there (informal-support)"
expect_exit 1 "$BRAID" theme discard formal-support --why "too broad"
contains err.txt "theme 'formal-support' has sub-themes ('legal-help'): move them out or discard them first"
expect_exit 1 "$BRAID" theme split formal-support --into "Care" --codes psych,nope
contains err.txt "no code 'nope'"
expect_exit 1 "$BRAID" theme split formal-support --into "Care" --codes legal-aid
contains err.txt "code 'legal-aid' is not in theme 'formal-support'"
expect_exit 1 "$BRAID" theme add-code nope psych
contains err.txt "no theme 'nope'"
expect_exit 1 "$BRAID" quote rm 99
contains err.txt "no quote 99"
expect_exit 0 "$BRAID" theme ls --json --all
cmp -s out.txt before.json || fail "a refused command changed the themes"
expect_exit 0 "$BRAID" log --json
check "no audit rows" "$(json_get out.txt 'len(j)')" "$nlog"
# usage errors
expect_exit 2 "$BRAID" theme move formal-support
contains err.txt "where to? give --parent THEME or --top"
expect_exit 2 "$BRAID" theme discard informal-support
contains err.txt "why is it discarded? give --why TEXT"
expect_exit 2 "$BRAID" theme split formal-support --codes psych
expect_exit 2 "$BRAID" theme new X --why y
contains err.txt "option '--why' does not apply to 'theme new'"

# ---- split, merge, discard, move, rename, undo ----
expect_exit 0 "$BRAID" theme split formal-support --into "Care" --codes psych shelter
contains out.txt "split theme 'formal-support' (Formal support): new theme 'care' (Care) takes codes 'psych' and 'shelter', by ana; 1 quote moved with them"
expect_exit 0 "$BRAID" quote ls --json
check "quote moved" "$(json_get out.txt '[(q["id"], q["theme"]) for q in j]')" "[(1, 'legal-help'), (2, 'care')]"
expect_exit 0 "$BRAID" undo
contains out.txt "undid"
expect_exit 0 "$BRAID" quote ls --json
check "quote back" "$(json_get out.txt '[(q["id"], q["theme"]) for q in j]')" "[(2, 'formal-support'), (1, 'legal-help')]"
expect_exit 0 "$BRAID" redo
expect_exit 0 "$BRAID" theme merge care informal-support
contains out.txt "merged theme 'care' (Care) into 'informal-support' (Informal support): 2 codes, 0 sub-themes, 1 quote and 0 memos moved"
expect_exit 1 "$BRAID" theme add-code care family
contains err.txt "theme 'care' was merged into 'informal-support' (Informal support)"
expect_exit 0 "$BRAID" theme ls --json
check "merged hidden" "$(json_get out.txt '[t["id"] for t in j]')" "['formal-support', 'legal-help', 'informal-support']"
expect_exit 0 "$BRAID" theme ls --json --all
check "merged listed" "$(json_get out.txt '[(t["id"], t["status"], t["merged_into"]) for t in j if t["id"] == "care"]')" \
	"[('care', 'merged', 'informal-support')]"
expect_exit 0 "$BRAID" theme move legal-help --top
contains out.txt "moved theme 'legal-help' (Legal help) from under 'formal-support' (Formal support) to the top level"
expect_exit 0 "$BRAID" theme rename formal-support "Institutions"
contains out.txt "renamed theme 'formal-support': 'Formal support' -> 'Institutions'"
expect_exit 0 "$BRAID" theme discard formal-support --why "no codes left"
contains out.txt "discarded theme 'formal-support' (Institutions) (was candidate): no codes left"
expect_exit 0 "$BRAID" theme ls
lacks out.txt "Institutions"
expect_exit 0 "$BRAID" theme ls --all
contains out.txt "Institutions"
expect_exit 0 "$BRAID" theme show formal-support
contains out.txt "discarded: no codes left"
expect_exit 0 "$BRAID" undo 3
expect_exit 0 "$BRAID" theme ls --json
check "after undo" "$(json_get out.txt '[(t["id"], t["name"], t["parent"]) for t in j]')" \
	"[('formal-support', 'Formal support', None), ('legal-help', 'Legal help', 'formal-support'), ('informal-support', 'Informal support', None)]"
expect_exit 0 "$BRAID" theme status formal-support candidate
contains out.txt "nothing changed"
expect_exit 0 "$BRAID" help theme
contains out.txt "theme split THEME --into NAME --codes CODE[,CODE] [CODE...] [--coder NAME]"
expect_exit 0 "$BRAID" help quote
contains out.txt "quote add THEME CODING-ID [--note TEXT] [--coder NAME]"

# a quoted coding can be removed: its quotes go with it, and undo brings both back
expect_exit 0 "$BRAID" quote ls --json
before=$(json_get out.txt 'len(j)')
q=$(json_get out.txt 'j[0]["coding"]')
expect_exit 0 "$BRAID" code rm "$q"
contains out.txt "exemplar quote"
expect_exit 0 "$BRAID" quote ls --json
[ "$(json_get out.txt 'len([x for x in j if x["coding"] == '"$q"'])')" = 0 ] || fail "the quote stayed"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" quote ls --json
[ "$(json_get out.txt 'len(j)')" = "$before" ] || fail "undo did not bring the quote back"
