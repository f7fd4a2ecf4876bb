# autocode with patterns that backtrack without end: each match call is bounded (PCRE2's match
# limit), the error names the code, the pattern, the document and the turn, and
# --skip-failing drops the code and goes on. On the Senedd committee meeting of QMSum, where
# "(.*a){20}" took over a second (most of the turns have a line with 20 a's, found after
# millions of steps), and on a subtitle-like scream for "(a+)+$".
. "$ROOT/tests/cli/lib.sh"

F=$SHARED/corpora-real/qmsum_meetings/education_13.speaker_turns.txt
[ -f "$F" ] || { echo "skip: $F not found"; exit 0; }
D=education_13.speaker_turns
export BRAID_CODER=amina
"$BRAID" init a.braid >/dev/null
printf 'Anna: Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaah! I could not stop.\n' > scream.txt
expect_exit 0 "$BRAID" ingest --quiet "$F" scream.txt
cat > cb.yaml <<'EOF'
name: Rules
codes:
  - name: Law
    id: law
    patterns: '\blaw\b'
    scope: turn
    roles: any
  - name: Twenty
    id: twenty
    patterns: "(.*a){20}"
    roles: any
  - name: Nested
    id: nested
    patterns:
      - 'never\b'
      - "(a+)+$"
    scope: turn
    roles: any
EOF
# the import warns about both (a repetition inside a repetition), not about law
expect_exit 0 "$BRAID" codebook import cb.yaml
contains err.txt "braid: warning: code 'twenty': pattern '(.*a){20}' repeats '(.*a){20}', a group that itself repeats without bound: it can backtrack without end on some text, and autocode then stops it"
contains err.txt "braid: warning: code 'nested': pattern '(a+)+\$' repeats '(a+)+', a group"
lacks err.txt "'law'"
[ "$(grep -c warning err.txt)" = 2 ] || fail "expected 2 warnings: $(cat err.txt)"

# without --skip-failing: the first failure stops the run, nothing is written, no audit row
expect_exit 0 "$BRAID" log --json; rows=$(json_get out.txt 'len(j)')
expect_exit 1 "$BRAID" autocode
grep -qE "^braid: code 'twenty': pattern '\(\.\*a\)\{20\}' failed in '$D', turn [0-9]+ \([A-Z][a-zA-Z -]+\): match limit exceeded \(it backtracks too much on this text: a repetition inside a repetition\?\) \(fix the pattern with braid code edit CODE --field patterns, or go on without the code: --skip-failing\)$" err.txt ||
	{ cat err.txt; fail "the error does not name code, pattern, document and turn"; }
expect_exit 0 "$BRAID" code ls --json
[ "$(json_get out.txt 'len(j)')" = 0 ] || fail "a failed run left codings"
expect_exit 0 "$BRAID" log --json
[ "$(json_get out.txt 'len(j)')" = "$rows" ] || fail "a failed run left an audit row"
# the same with only the other code: the pattern of two that fails is named
expect_exit 1 "$BRAID" autocode --code nested
contains err.txt "braid: code 'nested': pattern '(a+)+\$' failed in 'scream', turn 1 (Anna): match limit exceeded"

# --skip-failing: both are dropped and listed, law runs to the end; what nested coded in the
# meeting before it failed on the scream (the document after it) stays, and is recorded
turns() { # turns of the meeting whose utterance matches $1 (Python re, caseless)
	python3 -c "
import re, sys
print(sum(1 for l in open(sys.argv[1], encoding='utf-8')
          if ': ' in l and re.search(sys.argv[2], l.split(': ', 1)[1], re.I)))" "$F" "$1"
}
laws=$(turns '\blaw\b'); nevers=$(turns '\bnever\b')
expect_exit 0 "$BRAID" autocode --skip-failing
contains err.txt "braid: warning: skipped code 'twenty': pattern '(.*a){20}' failed in '$D', turn "
contains err.txt "braid: warning: skipped code 'nested': pattern '(a+)+\$' failed in 'scream', turn 1 (Anna): match limit exceeded (it backtracks too much on this text: a repetition inside a repetition?); $nevers unit$([ "$nevers" = 1 ] || echo s) matched before"
contains out.txt "total: $((laws + nevers)) new codings by 'auto'"
expect_exit 0 "$BRAID" log --limit 1
contains out.txt "autocoded by 'auto': $((laws + nevers)) new codings (law $laws, nested $nevers)"
contains out.txt "skipped code 'twenty': pattern '(.*a){20}' failed in '$D', turn"
contains out.txt "skipped code 'nested': pattern '(a+)+\$' failed in 'scream', turn 1 (Anna)"
# the JSON report says which failed and why; warnings still go to stderr
expect_exit 0 "$BRAID" autocode --skip-failing --preview --json
[ "$(json_get out.txt 'sorted((c["code"], c["failed"] is None) for c in j["codes"])')" = \
	"[('law', True), ('nested', False), ('twenty', False)]" ] || fail "JSON codes: $(cat out.txt)"
contains err.txt "braid: warning: skipped code 'nested'"

# so does code edit, for the pattern of two that can run away
expect_exit 0 "$BRAID" code edit law --field patterns --value '\blaw\b
(\w+\s?)+\.'
contains err.txt "braid: warning: code 'law': pattern '(\w+\s?)+\.' repeats '(\w+\s?)+', a group"
[ "$(grep -c warning err.txt)" = 1 ] || fail "expected 1 warning: $(cat err.txt)"
