# Change history from the command line: undo, redo, the log, conflicts.
. "$ROOT/tests/cli/lib.sh"

printf 'I: What helped?\nP: Юрист помог мне. The peer group helped.\n' > p1.txt
printf 'name: Book\ncodes:\n  - name: Legal\n    id: legal\n  - name: Peer\n    id: peer\n' > book.yaml
export BRAID_CODER=amina
"$BRAID" init h.braid >/dev/null
"$BRAID" ingest p1.txt --case P001 >/dev/null
"$BRAID" codebook import book.yaml >/dev/null
expect_exit 0 "$BRAID" code add p1 --code legal --match "Юрист помог мне."
contains out.txt "coded #1 p1 [20-36] legal (amina)"

# undo takes the person's latest change; the log says it was undone, and by which row
expect_exit 0 "$BRAID" undo
contains out.txt "undid #4 (now #5 in the log)"
expect_exit 0 "$BRAID" code ls --json
check "coding undone" "$(json_get out.txt 'len(j)')" 0
expect_exit 0 "$BRAID" log
contains out.txt "coded #1 p1 [20-36] 'legal' by amina  [undone by #5]"
contains out.txt "amina  undo: undid #4 (code add by amina)"
expect_exit 0 "$BRAID" log --json
check "log json" "$(json_get out.txt '[(e["id"], e["kind"], e["reverts"], e["undone"]) for e in j][-2:]')" \
	"[(4, 'do', None, 5), (5, 'undo', 4, None)]"
check "change summary" "$(json_get out.txt 'j[3]["change"]["codings"]')" \
	"{'added': 1, 'changed': 0, 'removed': 0}"
check "undo summary" "$(json_get out.txt 'j[4]["change"]["codings"]')" \
	"{'added': 0, 'changed': 0, 'removed': 1}"

# redo puts it back, with its id
expect_exit 0 "$BRAID" redo
contains out.txt "redid #5 (now #6 in the log)"
expect_exit 0 "$BRAID" code ls --json
check "coding redone" "$(json_get out.txt '[(c["id"], c["text"]) for c in j]')" "[(1, 'Юрист помог мне.')]"
expect_exit 0 "$BRAID" log
contains out.txt "undo: undid #4 (code add by amina)  [redone by #6]"

# another coder writes a memo on amina's coding: amina cannot undo the coding under it
expect_exit 0 "$BRAID" memo add --on segment:1 --coder ben "why the lawyer mattered"
expect_exit 1 "$BRAID" undo
contains err.txt "cannot undo #6 (redo by amina): change #7 (memo add by ben at "
contains err.txt "made memo #1, which depends on what this would undo; undo that first"
expect_exit 0 "$BRAID" code ls --json
check "refused undo changed nothing" "$(json_get out.txt 'len(j)')" 1
expect_exit 0 "$BRAID" log --json
check "refused undo logged nothing" "$(json_get out.txt 'len(j)')" 7
# ben undoes his memo; then amina's undo goes through
expect_exit 0 "$BRAID" undo --coder ben
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" code ls --json
check "undone after ben's" "$(json_get out.txt 'len(j)')" 0

# a new change clears what can be redone
expect_exit 0 "$BRAID" code add p1 --code peer --match "The peer group helped."
expect_exit 1 "$BRAID" redo
contains err.txt "nothing to redo for 'amina'"

# removing a coding removes its memos, says so, and undo brings both back
expect_exit 0 "$BRAID" memo add --on segment:2 "a memo on the peer coding"
expect_exit 0 "$BRAID" code rm 2
contains out.txt "removed #2: p1 [37-59] 'peer' by amina, manual accepted, with its 1 memo"
expect_exit 0 "$BRAID" memo ls --json
check "memo gone with its coding" "$(json_get out.txt 'len(j)')" 0
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" memo ls --json
check "memo back on the same coding" "$(json_get out.txt '[m["on"] for m in j]')" "['segment:2']"

# several at once, and the ingest itself; the search index follows
expect_exit 0 "$BRAID" undo 9
contains out.txt "only "
expect_exit 0 "$BRAID" docs --json
check "ingest undone" "$(json_get out.txt 'len(j)')" 0
expect_exit 0 "$BRAID" search group --json
check "index follows undo" "$(json_get out.txt 'len(j)')" 0
expect_exit 1 "$BRAID" undo
contains err.txt "nothing to undo for 'amina'"
expect_exit 0 "$BRAID" redo 2
expect_exit 0 "$BRAID" search group --json
check "index follows redo" "$(json_get out.txt '[h["hit"] for h in j]')" "['group']"

# usage
expect_exit 2 "$BRAID" undo 0
expect_exit 2 "$BRAID" undo x
expect_exit 2 "$BRAID" redo 1 2
