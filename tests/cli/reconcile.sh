# braid reconcile: two coders' disagreements decided from a decisions file into a
# consensus coder; a bad line names the line and changes nothing; the consensus is
# a coder like any other (agree, undo).
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# int1: turn 2 45-146 (P001), turn 4 190-237 (P001): see agree.sh
support_corpus int1
expect_exit 0 "$BRAID" ingest int1.txt --case P001
cat > book.yaml <<'Y'
name: Support
codes:
  - {name: Legal aid, id: legal-aid}
  - {name: Family support, id: family}
  - {name: Psychological support, id: psych}
Y
expect_exit 0 "$BRAID" codebook import book.yaml
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92 --coder amina
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92 --coder ben
expect_exit 0 "$BRAID" code add int1 --code family --range 93:123 --coder amina
expect_exit 0 "$BRAID" code add int1 --code psych --range 190:216 --coder ben
expect_exit 0 "$BRAID" code add int1 --code psych --range 190:237 --coder amina
expect_exit 0 "$BRAID" code add int1 --code family --range 125:146 --coder ben

# turn units: legal-aid on turn 2 agreed (50-92, copied); items: 1 family turn 2
# (amina 93-123, ben 125-146), 2 psych turn 4 (amina 190-237, ben 190-216)
expect_exit 0 "$BRAID" reconcile --coders amina,ben --list
contains out.txt "#1 int1 turn 2 (P001) 45-146 family"
contains out.txt "  a amina: 93-123"
contains out.txt "  b ben: 125-146"
contains out.txt "#2 int1 turn 4 (P001) 190-237 psych"
contains out.txt "2 disagreements between amina and ben"
expect_exit 0 "$BRAID" reconcile --coders amina,ben --list --json
check "list json" "$(json_get out.txt '[(i["id"], i["code"], i["a"], i["b"]) for i in j]')" \
	"[(1, 'family', [[93, 123]], [[125, 146]]), (2, 'psych', [[190, 237]], [[190, 216]])]"

# usage: two coders exactly; without a terminal the decisions come from a file
expect_exit 2 "$BRAID" reconcile --coders amina
expect_exit 2 "$BRAID" reconcile --coders amina,ben,cara --list
expect_exit 2 "$BRAID" reconcile --coders amina,ben --unit char --list
expect_exit 2 "$BRAID" reconcile --coders amina,ben </dev/null
contains err.txt "standard input is not a terminal: give the decisions with --decisions FILE"

# a bad line: the error names the file and line; nothing is written
expect_exit 0 "$BRAID" log --json
before=$(json_get out.txt 'len(j)')
printf '1\tboth\n2\tmaybe\n' > bad.tsv
expect_exit 1 "$BRAID" reconcile --coders amina,ben --decisions bad.tsv
contains err.txt "braid: bad.tsv: line 2: unknown decision 'maybe' (expected a, b, both, neither or edit)"
printf '# id decision span\n1\tedit\t93-155\n' > bad2.tsv
expect_exit 1 "$BRAID" reconcile --coders amina,ben --decisions bad2.tsv
contains err.txt "disagreement 1: "
expect_exit 0 "$BRAID" log --json
check "nothing logged" "$(json_get out.txt 'len(j)')" "$before"
expect_exit 1 "$BRAID" code ls --coder consensus

# decisions: 1 both, 2 edit 190-216
printf '# id decision span\n1\tboth\n2\tedit\t190-216\n' > dec.tsv
expect_exit 0 "$BRAID" reconcile --coders amina,ben --decisions dec.tsv
contains out.txt "reconciled amina and ben as consensus: 2 of 2 disagreements decided, 0 left; 4 codings written"
expect_exit 0 "$BRAID" code ls --coder consensus --json
check "consensus" "$(json_get out.txt '[(c["code"], c["start"], c["end"], c["origin"], c["status"]) for c in j]')" \
	"[('legal-aid', 50, 92, 'reconciled', 'accepted'), ('family', 93, 123, 'reconciled', 'accepted'), ('family', 125, 146, 'reconciled', 'accepted'), ('psych', 190, 216, 'reconciled', 'accepted')]"
expect_exit 0 "$BRAID" log --limit 1 --json
contains out.txt "reconciled amina and ben as consensus: 1 agreed coding copied; decisions 0 a, 0 b, 1 both, 0 neither, 1 edit; 0 skipped"
contains out.txt "#2 int1 turn 4 [190-237] 'psych' (amina: 190-237; ben: 190-216): edit 190-216"

# the consensus is a coder: agree with it; a second run is refused
expect_exit 0 "$BRAID" agree --coders ben,consensus --json --bootstrap 0
check "ben vs consensus" "$(json_get out.txt 'j["percent_agreement"]')" "1"
expect_exit 1 "$BRAID" reconcile --coders amina,ben --decisions dec.tsv
contains err.txt "coder 'consensus' already has 4 codings in these documents"
expect_exit 0 "$BRAID" reconcile --coders amina,ben --resume --list
contains out.txt "[decided before]"

# undo reverts the whole run, the consensus coder included
expect_exit 0 "$BRAID" undo
expect_exit 1 "$BRAID" code ls --coder consensus
contains err.txt "no coder 'consensus'"
expect_exit 0 "$BRAID" reconcile --coders amina,ben --list
contains out.txt "2 disagreements between amina and ben"

# at a terminal: a wrong answer is asked again; e START-END edits; s skips
# (a system without pseudo-terminals, such as a bare chroot without /dev/pts, cannot
# run this part: it says so and goes on)
st=0
python3 "$ROOT/tests/cli/reconcile_tty.py" "$BRAID" maybe "e 93-123" s >out.txt 2>&1 || st=$?
if [ "$st" = 77 ]; then
	echo "reconcile.sh: skipped the terminal session: $(cat out.txt)" >&2
	# the same decisions from a file, so that what follows finds the same project
	printf '1\tedit\t93-123\n' | "$BRAID" reconcile --coders amina,ben --decisions - >/dev/null
else
	[ "$st" = 0 ] || { cat out.txt; fail "reconcile at a terminal"; }
	contains out.txt "unknown decision 'maybe' (expected a, b, both, neither or edit)"
	contains out.txt "#2 int1 turn 4 (P001) 190-237 psych"
	contains out.txt "reconciled amina and ben as consensus: 1 of 2 disagreements decided, 1 left; 2 codings written"
fi
expect_exit 0 "$BRAID" code ls --coder consensus --json
check "interactive" "$(json_get out.txt '[(c["code"], c["start"], c["end"]) for c in j]')" \
	"[('legal-aid', 50, 92), ('family', 93, 123)]"
