# The command line itself: typos, usage errors outside a project, coders whatever
# the case, memo edit and rm, --children.
. "$ROOT/tests/cli/lib.sh"
unset BRAID_PROJECT BRAID_CODER

# a mistyped command names the nearest ones; usage errors are exit 2 even with no project here
expect_exit 2 "$BRAID" ingets x.txt
contains err.txt "unknown command 'ingets' (did you mean 'ingest'?)"
expect_exit 2 "$BRAID" serach x
contains err.txt "did you mean 'search'?"
expect_exit 2 "$BRAID" xyzzy
lacks err.txt "did you mean"
expect_exit 2 "$BRAID" code add
contains err.txt "'code add' needs more arguments"
expect_exit 2 "$BRAID" code frobnicate
contains err.txt "unknown subcommand 'code frobnicate'"
expect_exit 2 "$BRAID" memo ls --bogus
expect_exit 1 "$BRAID" code ls
contains err.txt "no project"

printf 'I: What helped?\nP: The peer group helped. The lawyer helped too.\n' > p1.txt
printf 'name: Book\ncodes:\n  - name: Support\n    id: support\n    children:\n      - name: Peers\n        id: peers\n' > book.yaml
"$BRAID" init c.braid >/dev/null
export BRAID_CODER=Ana
"$BRAID" ingest p1.txt >/dev/null
"$BRAID" codebook import book.yaml >/dev/null
expect_exit 0 "$BRAID" code add p1 --code peers --match "The peer group helped."
# a coder is one person whatever the case: ana is Ana
expect_exit 0 "$BRAID" code add p1 --code support --coder ana --match "The lawyer helped too."
expect_exit 0 "$BRAID" coder ls --json
check "one coder" "$(json_get out.txt '[c["name"] for c in j]')" "['Ana']"
expect_exit 0 "$BRAID" log --coder ANA --json
check "log by any case" "$(json_get out.txt 'len(j)')" 4
expect_exit 0 "$BRAID" undo --coder aNA
contains out.txt "undid #5"

# --children takes the codes below CODE
expect_exit 0 "$BRAID" code add p1 --code support --match "The lawyer helped too."
expect_exit 0 "$BRAID" code ls --code support --json
check "support alone" "$(json_get out.txt '[c["code"] for c in j]')" "['support']"
expect_exit 0 "$BRAID" code ls --code support --children --json
check "with children" "$(json_get out.txt '[c["code"] for c in j]')" "['peers', 'support']"

# memos can be edited and removed, and both undone
expect_exit 0 "$BRAID" memo add --on doc:p1 "first thought"
expect_exit 0 "$BRAID" memo edit 1 a second thought
contains out.txt "edited memo #1 on doc:p1 by Ana: first thought -> a second thought"
expect_exit 0 "$BRAID" memo ls --json
check "edited" "$(json_get out.txt '[m["text"] for m in j]')" "['a second thought']"
expect_exit 0 "$BRAID" memo rm 1
contains out.txt "removed memo #1 on doc:p1 by Ana: a second thought"
expect_exit 0 "$BRAID" undo 2
expect_exit 0 "$BRAID" memo ls --json
check "back as first written" "$(json_get out.txt '[m["text"] for m in j]')" "['first thought']"
expect_exit 1 "$BRAID" memo rm 9
contains err.txt "no memo 9"
expect_exit 2 "$BRAID" memo edit x y
