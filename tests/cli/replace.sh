# ingest --replace end to end: a coded transcript, a corrected file, the report, the codings
# and memos after it, the search index, undo and redo. Offsets are worked out by hand in
# the comments beside them.
. "$ROOT/tests/cli/lib.sh"

"$BRAID" init t.braid >/dev/null
# int1 before (236 characters):
#   "Interviewer: " 0-13, "Did the lawyer help you?" 13-37
#   "\n\n" + "P001: " -> 45: "Yes. " 45-50, "The lawyer helped me get my passport back." 50-92,
#     " " 92, "I still owe money to my uncle" 93-122, "." 122, "\n\n" 123-125,
#     "The shelter was kind." 125-146
#   "\n\n" + "Interviewer: " -> 161: "And the psychologist?" 161-182
#   "\n\n" + "P001: " -> 190: "The psycholgist listened." 190-215 (misspelt), " " 215,
#     "She did not push me." 216-236
cat > int1.txt <<'T'
Interviewer: Did the lawyer help you?
P001: Yes. The lawyer helped me get my passport back. I still owe money to my uncle.

The shelter was kind.
Interviewer: And the psychologist?
P001: The psycholgist listened. She did not push me.
T
# the corrected transcript (235 characters):
#   "Did the lawyer help you at all?" 13-44 (" at all" inserted at 36: everything after moves +7)
#   -> 52: "Yes. " 52-57, "The lawyer helped me get my passport back." 57-99, " " 99,
#     "I still owe a lot of money to my uncle Ivan." 100-144 ("a lot of " inserted at 112,
#     " Ivan" at 138); "The shelter was kind." and the blank line before it deleted
#   -> 159: "And the psychologist?" 159-180
#   -> 188: "The psychologist listened." 188-214, " " 214, "She did not push me." 215-235
cat > fixed.txt <<'T'
Interviewer: Did the lawyer help you at all?
P001: Yes. The lawyer helped me get my passport back. I still owe a lot of money to my uncle Ivan.
Interviewer: And the psychologist?
P001: The psychologist listened. She did not push me.
T
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" code add int1 --code legal-aid --new --coder amina --range 50:92
expect_exit 0 "$BRAID" code add int1 --code debt --new --coder amina --range 93:122
expect_exit 0 "$BRAID" code add int1 --code shelter --new --coder ben --range 125:146
expect_exit 0 "$BRAID" code add int1 --code psych --new --coder ben --range 190:215
expect_exit 0 "$BRAID" code add int1 --code not-pushed --new --coder ben --range 216:236
expect_exit 0 "$BRAID" memo add --on segment:3 --coder ben "Why a shelter and not family?"
expect_exit 0 "$BRAID" memo add --on segment:5 --coder ben "Her own words."
expect_exit 0 "$BRAID" code ls --json
check "codings before" "$(json_get out.txt '[(c["id"], c["start"], c["end"], c["text"]) for c in j]')" \
	"[(1, 50, 92, 'The lawyer helped me get my passport back.'), (2, 93, 122, 'I still owe money to my uncle'), (3, 125, 146, 'The shelter was kind.'), (4, 190, 215, 'The psycholgist listened.'), (5, 216, 236, 'She did not push me.')]"
"$BRAID" show int1 > text-before.txt
"$BRAID" code ls --json > codes-before.json
"$BRAID" memo ls --json > memos-before.json

# ---- the replacement, as JSON ----
expect_exit 0 "$BRAID" ingest fixed.txt --replace int1 --json
check "json document" "$(json_get out.txt '(j["file"], j["name"], j["same"], j["chars"], j["old_chars"], j["turns"], j["capped"])')" \
	"('fixed.txt', 'int1', False, 235, 236, 4, False)"
check "json counts" "$(json_get out.txt '(j["codings"]["unchanged"], len(j["codings"]["changed"]), len(j["codings"]["removed"]), len(j["codings"]["merged"]), j["memos_removed"])')" \
	"(2, 2, 1, 0, 1)"
check "json changed" "$(json_get out.txt '[(c["id"], c["code"], c["coder"], c["old_start"], c["old_end"], c["start"], c["end"], c["old_text"], c["text"]) for c in j["codings"]["changed"]]')" \
	"[(2, 'debt', 'amina', 93, 122, 100, 138, 'I still owe money to my uncle', 'I still owe a lot of money to my uncle'), (4, 'psych', 'ben', 190, 215, 188, 214, 'The psycholgist listened.', 'The psychologist listened.')]"
check "json removed" "$(json_get out.txt '[(c["id"], c["code"], c["coder"], c["old_start"], c["old_end"], c["old_text"], c["memos"], "text" in c) for c in j["codings"]["removed"]]')" \
	"[(3, 'shelter', 'ben', 125, 146, 'The shelter was kind.', 1, False)]"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" code ls --json
cmp -s out.txt codes-before.json || fail "undo of the first replacement left other codings"

# ---- the replacement, as text ----
expect_exit 0 "$BRAID" ingest fixed.txt --replace int1
contains out.txt "fixed.txt -> int1 (replaced): text, interview, 4 turns, 2 speakers"
contains out.txt "codings: 2 unchanged, 2 changed, 1 removed, 0 merged"
contains out.txt '  #2 debt (amina) 93-122 -> 100-138 "I still owe money to my uncle" -> "I still owe a lot of money to my uncle"'
contains out.txt '  #4 psych (ben) 190-215 -> 188-214 "The psycholgist listened." -> "The psychologist listened."'
contains out.txt '  #3 shelter (ben) 125-146 "The shelter was kind.", with 1 memo'
lacks out.txt "#1 "                      # unchanged codings are counted, not listed
expect_exit 0 "$BRAID" code ls --json
check "codings after" "$(json_get out.txt '[(c["id"], c["start"], c["end"], c["text"], c["turn"]) for c in j]')" \
	"[(1, 57, 99, 'The lawyer helped me get my passport back.', 2), (2, 100, 138, 'I still owe a lot of money to my uncle', 2), (4, 188, 214, 'The psychologist listened.', 4), (5, 215, 235, 'She did not push me.', 4)]"
cp out.txt codes-after.json
expect_exit 0 "$BRAID" memo ls --json
check "memos after" "$(json_get out.txt '[(m["on"], m["text"]) for m in j]')" "[('segment:5', 'Her own words.')]"
# the offsets cut the coded text out of the new text (code points)
expect_exit 0 "$BRAID" show int1
python3 - out.txt codes-after.json <<'P' || fail "coding offsets do not match the new text"
import json, sys
text = open(sys.argv[1]).read()[:-1]
for c in json.load(open(sys.argv[2])):
    assert text[c["start"]:c["end"]] == c["text"], c
assert "shelter" not in text and "uncle Ivan." in text
P
expect_exit 0 "$BRAID" docs --json
check "document kept" "$(json_get out.txt '[(d["name"], d["turns"], d["case"]) for d in j]')" "[('int1', 4, 'P001')]"
# the search index follows the new turn texts
expect_exit 0 "$BRAID" search shelter
[ ! -s out.txt ] || fail "search still finds the deleted sentence: $(cat out.txt)"
expect_exit 0 "$BRAID" search Ivan --json
check "search Ivan" "$(json_get out.txt '[(h["doc"], h["turn"], h["hit"]) for h in j]')" "[('int1', 2, 'Ivan')]"
expect_exit 0 "$BRAID" search psychologist --json
check "search psychologist" "$(json_get out.txt 'sorted(h["turn"] for h in j)')" "[3, 4]"
expect_exit 0 "$BRAID" log --json -n 1
contains out.txt "replaced the text of int1 <- fixed.txt"
contains out.txt "codings 2 unchanged, 2 changed (#2, #4), 1 removed (#3; with 1 memo), 0 merged"

# ---- undo restores the old text, codings and memo exactly; redo applies it again ----
expect_exit 0 "$BRAID" undo
"$BRAID" show int1 > text-undone.txt
cmp -s text-before.txt text-undone.txt || fail "undo did not restore the text"
expect_exit 0 "$BRAID" code ls --json
cmp -s out.txt codes-before.json || fail "undo did not restore the codings: $(cat out.txt)"
expect_exit 0 "$BRAID" memo ls --json
cmp -s out.txt memos-before.json || fail "undo did not restore the memos: $(cat out.txt)"
expect_exit 0 "$BRAID" search shelter --json
check "search after undo" "$(json_get out.txt '[(h["turn"], h["hit"]) for h in j]')" "[(2, 'shelter')]"
expect_exit 0 "$BRAID" redo
expect_exit 0 "$BRAID" code ls --json
cmp -s out.txt codes-after.json || fail "redo did not re-apply the codings: $(cat out.txt)"
expect_exit 0 "$BRAID" search Ivan --json
check "search after redo" "$(json_get out.txt 'len(j)')" 1

# ---- the same text again changes nothing; mistakes are refused ----
expect_exit 0 "$BRAID" log --json
rows=$(json_get out.txt 'len(j)')
expect_exit 0 "$BRAID" ingest fixed.txt --replace int1
contains out.txt "fixed.txt: the same text as 'int1'; nothing changed"
expect_exit 0 "$BRAID" ingest fixed.txt --replace int1 --json
check "same json" "$(json_get out.txt '(j["name"], j["same"])')" "('int1', True)"
expect_exit 0 "$BRAID" log --json
check "no audit row" "$(json_get out.txt 'len(j)')" "$rows"
expect_exit 1 "$BRAID" ingest fixed.txt --replace nosuch
contains err.txt "no document 'nosuch'"
expect_exit 2 "$BRAID" ingest fixed.txt int1.txt --replace int1
contains err.txt "--replace reads one file into one document"
expect_exit 2 "$BRAID" ingest fixed.txt --replace int1 --name other
contains err.txt "--name does not go with --replace"
expect_exit 1 "$BRAID" ingest nothere.txt --replace int1
contains err.txt "cannot read 'nothere.txt'"
# the document can be named by its file, as elsewhere
printf 'Interviewer: Did the lawyer help you at all?\nP001: Yes.\n' > short.txt
expect_exit 0 "$BRAID" ingest short.txt --replace fixed.txt --quiet
[ ! -s out.txt ] || fail "--quiet printed: $(cat out.txt)"
expect_exit 0 "$BRAID" code ls --json
check "short" "$(json_get out.txt 'len(j)')" 0

# ---- another coder's coding on the corrected text blocks undoing the correction ----
# short.txt: "Interviewer: " 0-13, "Did the lawyer help you at all?" 13-44; "at all" is 37-43
expect_exit 0 "$BRAID" code add int1 --code not-pushed --coder carol --range 37:43
expect_exit 1 "$BRAID" undo
contains err.txt "(code add by carol at "
contains err.txt "which depends on what this would undo"
expect_exit 0 "$BRAID" show int1
contains out.txt "P001: Yes."                 # still the corrected text
expect_exit 0 env BRAID_CODER=carol "$BRAID" undo
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" code ls --json
cmp -s out.txt codes-after.json || fail "undo after carol's undo: $(cat out.txt)"
