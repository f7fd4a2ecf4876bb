# Coding the right text: --match, --range and --turn code what is said, never the speaker
# labels or the blank lines between turns. On the Senedd committee meeting of QMSum
# (education_13), where `--match "Barry Hughes" --all` used to code 58 label lines and give
# them to the speaker before. Expected offsets and words come from the source file, cut
# with a few lines of Python ("Label: utterance" per line; the rendering puts a blank line
# between turns) and counted with tests/tools/count_words.py, not from braid.
. "$ROOT/tests/cli/lib.sh"

F=$SHARED/corpora-real/qmsum_meetings/education_13.speaker_turns.txt
[ -f "$F" ] || { echo "skip: $F not found"; exit 0; }
D=education_13.speaker_turns
export BRAID_CODER=amina
"$BRAID" init s.braid >/dev/null
expect_exit 0 "$BRAID" ingest --quiet "$F"
cat > cb.yaml <<'EOF'
name: Senedd
codes:
  - name: Witness
    id: witness
  - name: Law
    id: law
EOF
expect_exit 0 "$BRAID" codebook import cb.yaml

# py EXPR: evaluates EXPR with the file's turns as t = [(label, utterance, start, end)]
py() {
	python3 - "$F" "$1" <<'EOF'
import sys
t, pos = [], 0
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if not line.strip():
        continue
    label, utt = line.split(": ", 1)
    if t:
        pos += 2
    start = pos + len(label) + 2
    t.append((label, utt, start, start + len(utt)))
    pos = start + len(utt)
print(eval(sys.argv[2]))
EOF
}
check() { [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"; }

# --match --all: one occurrence in speech (the chair's welcome, turn 1), 58 in labels
check "occurrences in speech" "$(py 'sum(u.count("Barry Hughes") for _, u, _, _ in t)')" 1
check "label lines" "$(py 'sum(1 for l, _, _, _ in t if l == "Barry Hughes")')" 58
at=$(py '[s + u.index("Barry Hughes") for _, u, s, _ in t if "Barry Hughes" in u][0]')
expect_exit 0 "$BRAID" code add $D --code witness --match "Barry Hughes" --all
contains out.txt "coded #1 $D [$at-$((at + 12))] witness (amina): \"Barry Hughes\""
contains out.txt "skipped 58 occurrences in speaker labels: only what is said is coded"
lacks out.txt "#2"
expect_exit 0 "$BRAID" code ls --json
check "the one coding" "$(json_get out.txt '[(c["start"], c["text"], c["speaker"], c["turn"]) for c in j]')" \
	"[($at, 'Barry Hughes', 'Lynne Neagle AM', 1)]"
# only in labels: an error that says so; the first occurrence in speech, past the labels
expect_exit 1 "$BRAID" code add $D --code witness --match "Barry Hughes: " --all
contains err.txt "'Barry Hughes: ' occurs in '$D' only outside what is said (58 times in speaker labels)"
expect_exit 1 "$BRAID" code add $D --code witness --match "Perfectly happy.

Sian"
contains err.txt "(1 time partly in a label or across turns)"
expect_exit 0 "$BRAID" code add $D --code law --match "the law"
first=$(py '[s + u.index("the law") for _, u, s, _ in t if "the law" in u][0]')
contains out.txt "[$first-$((first + 7))]"

# --range: a start or an end in a label or a blank line is refused, with the offsets
t2=$(py 't[1][2]'); t2e=$(py 't[1][3]'); t1e=$(py 't[0][3]')
check "turn 2" "$(py 't[1][:2]')" "('Barry Hughes', 'Perfectly happy.')"
expect_exit 1 "$BRAID" code add $D --code law --range $((t2 - 3)):$t2e
contains err.txt "range $((t2 - 3)):$t2e starts in the speaker label 'Barry Hughes: ' of turn 2, not in what is said: turn 2's utterance is $t2:$t2e"
expect_exit 1 "$BRAID" code add $D --code law --range $((t1e - 5)):$((t1e + 1))
contains err.txt "ends in the blank line before turn 2, not in what is said: turn 1's utterance ends at $t1e, turn 2's starts at $t2"
expect_exit 1 "$BRAID" code add $D --code law --range $((t1e - 5)):$((t2 - 1))
contains err.txt "ends in the speaker label 'Barry Hughes: ' of turn 2"
expect_exit 1 "$BRAID" code add $D --code law --range 0:5
contains err.txt "starts in the speaker label 'Lynne Neagle AM: ' of turn 1"
expect_exit 0 "$BRAID" code ls --code law --json
check "nothing coded by the refusals" "$(json_get out.txt 'len(j)')" 1
# a range over two turns: one coding per utterance, the label between them left out
expect_exit 0 "$BRAID" code add $D --code law --range $((t1e - 5)):$((t2 + 9))
contains out.txt "[$((t1e - 5))-$t1e] law"
contains out.txt "[$t2-$((t2 + 9))] law (amina): \"Perfectly\""
contains out.txt "2 new codings, 0 already there"

# --turn N-M: one coding per utterance, so no label in the coded text, the words or the quotes
expect_exit 0 "$BRAID" code add $D --code witness --turn 2-5
contains out.txt "4 new codings, 0 already there"
expect_exit 0 "$BRAID" code ls --code witness --json
check "turns 2-5" "$(json_get out.txt '[(c["turn"], c["speaker"], c["start"], c["end"]) for c in j if c["turn"] > 1]')" \
	"$(py '[(i + 2, l, s, e) for i, (l, _, s, e) in enumerate(t[1:5])]')"
json_get out.txt '"\n".join(c["text"] for c in j if c["turn"] > 1)' > coded.txt
lacks coded.txt "Barry Hughes:"
lacks coded.txt "Sian Gwenllian AM:"
# words: those of the four utterances (count_words.py), plus "Barry Hughes" of turn 1
py '"\n\n".join(u for _, u, _, _ in t[1:5]) + "\n\nBarry Hughes"' > said.txt
words=$(python3 "$ROOT/tests/tools/count_words.py" said.txt | sed 's/.*: \([0-9]*\) words.*/\1/')
expect_exit 0 "$BRAID" stats codes --json
check "words coded" "$(json_get out.txt '[(r["code"], r["segments"], r["words"]) for r in j if r["code"] == "witness"]')" \
	"[('witness', 5, $words)]"
expect_exit 0 "$BRAID" retrieve witness --format md
grep '^> ' out.txt | grep -v '^> —' > quotes.txt
check "quotes" "$(wc -l < quotes.txt | tr -d ' ')" 5
lacks quotes.txt "Barry Hughes: "
lacks quotes.txt "Sian Gwenllian AM: "
contains out.txt "> — Barry Hughes (education_13.speaker_turns:Barry Hughes), turn 2, code points $t2-$t2e"
contains out.txt "> — Sian Gwenllian AM (education_13.speaker_turns:Sian Gwenllian AM), turn 3"
