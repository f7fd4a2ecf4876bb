# The phases from the command line: braid phase (show, next, set, approach), braid read,
# memo kinds, log --phase, and their usage errors.
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana
"$BRAID" init w.braid >/dev/null
printf 'I: How was it?\nP: The lawyer helped.\n' > a.txt
printf 'I: How was it?\nP: My sister helped.\n' > b.txt
expect_exit 0 "$BRAID" ingest --interviewer I a.txt b.txt

# `braid phase` alone shows the current phase
expect_exit 0 "$BRAID" phase
contains out.txt "phase 1 of 6: familiarisation with the data (approach: reflexive)"
contains out.txt "  [ ] every document read by someone (0 of 2)"
contains out.txt "      2 documents not read yet: a, b"
expect_exit 0 "$BRAID" phase --json
check "phase json" "$(json_get out.txt '(j["phase"], j["name"], j["passed"], [c["done"] for c in j["checklist"]], [t["move"] for t in j["timeline"]])')" \
	"(1, 'familiarisation', False, [False, False], ['start'])"

# the gate refuses with what is missing (exit 1), on standard error; nothing changes
expect_exit 0 "$BRAID" log --json
n=$(json_get out.txt 'len(j)')
expect_exit 1 "$BRAID" phase next
contains err.txt "phase 1 (familiarisation) is not done yet: what is missing:"
contains err.txt "2 documents not read yet: a, b"
contains err.txt "braid phase next --force --why REASON"
[ ! -s out.txt ] || fail "phase next wrote to standard output when refused"
expect_exit 0 "$BRAID" log --json
check "log after a refusal" "$(json_get out.txt 'len(j)')" "$n"

# usage errors (exit 2), before looking at the project
expect_exit 2 "$BRAID" phase next --force
contains err.txt "--force needs --why REASON"
expect_exit 2 "$BRAID" phase next --why "x"
contains err.txt "--why goes with --force"
expect_exit 2 "$BRAID" phase set 3
contains err.txt "give --why REASON"
expect_exit 2 "$BRAID" phase set three --why x
expect_exit 1 "$BRAID" phase set 9 --why x
contains err.txt "phases are 1 to 6, not 9"
expect_exit 2 "$BRAID" phase approach grounded
contains err.txt "unknown approach 'grounded' (expected reflexive, codebook or coding-reliability)"
expect_exit 2 "$BRAID" phase nope
expect_exit 2 "$BRAID" memo add --on project --kind diary "x"
contains err.txt "unknown memo kind 'diary' (expected analytic, familiarisation or reflexive)"

# read, memos with a kind, and the gate passes
expect_exit 0 "$BRAID" read a b
contains out.txt "ana read a"
expect_exit 0 "$BRAID" read a
contains out.txt "read already: nothing changed"
expect_exit 1 "$BRAID" read zz
contains err.txt "no document 'zz'"
expect_exit 0 "$BRAID" memo add --on doc:a --kind familiarisation "The lawyer comes late."
contains out.txt "familiarisation memo #1 on doc:a by ana"
expect_exit 0 "$BRAID" memo add --on project --kind reflexive "I expected more about family."
expect_exit 0 "$BRAID" phase
contains out.txt "reflexive journal, this phase:"
contains out.txt "I expected more about family."
expect_exit 0 "$BRAID" memo ls --kind reflexive --json
check "memo ls --kind" "$(json_get out.txt '[(m["kind"], m["phase"], m["text"]) for m in j]')" \
	"[('reflexive', 1, 'I expected more about family.')]"
expect_exit 0 "$BRAID" phase next
contains out.txt "phase 1 (familiarisation) -> 2 (coding)"

# by hand, with the reason; the log filters by the phase a change was made in
expect_exit 0 "$BRAID" phase set 1 --why "a third interview arrived"
contains out.txt "phase 2 (coding) -> 1 (familiarisation), by hand: a third interview arrived"
expect_exit 0 "$BRAID" phase
contains out.txt "moved by hand from phase 2: a third interview arrived"
expect_exit 0 "$BRAID" log --phase 2 --json
check "log --phase 2" "$(json_get out.txt '[e["command"] for e in j]')" "['phase set']"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" phase --json
check "phase after undo" "$(json_get out.txt '(j["phase"], [t["move"] for t in j["timeline"]])')" \
	"(2, ['start', 'next'])"

# a report's format comes from --format or the file's extension; an unknown one is a usage error
expect_exit 2 "$BRAID" report -o r.docx
contains err.txt "cannot tell the format from 'r.docx': give --format (md, html or tex)"
[ ! -e r.docx ] || fail "wrote r.docx"
expect_exit 0 "$BRAID" report -o report
contains out.txt "wrote report (md)"
expect_exit 0 "$BRAID" report --format html -o r.docx
contains r.docx "<!DOCTYPE html>"
