# autocode says which codes coded nothing because of their roles. The text of a document
# without speakers (here the Spanish Universal Declaration of Human Rights, one paragraph a
# line) has role other, which a participant's rule reads (braid_role_matches) and an
# interviewer's does not: a code for interviewers whose patterns match only there is
# reported instead of a silent "0 new".
. "$ROOT/tests/cli/lib.sh"

R=$SHARED/corpora-real
[ -d "$R" ] || { echo "skip: $R not found"; exit 0; }
export BRAID_CODER=amina
"$BRAID" init r.braid >/dev/null
expect_exit 0 "$BRAID" ingest --quiet "$R/udhr_unicode/spa.txt" \
	"$R/qmsum_meetings/education_13.speaker_turns.txt"
cat > cb.yaml <<'EOF'
name: Rights
codes:
  - name: Derechos
    id: derechos
    patterns: '\bderechos?\b'
    scope: turn
    roles: interviewer
  - name: Law
    id: law
    patterns: '\blaw\b'
    scope: turn
  - name: Nothing
    id: nothing
    patterns: '\bzebra\b'
EOF
expect_exit 0 "$BRAID" codebook import cb.yaml
# the first line of spa.txt with "derecho(s)": its turn (non-blank lines are turns)
first=$(python3 -c "
import re, sys
lines = [l for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
print(next(i + 1 for i, l in enumerate(lines) if re.search(r'(?i)\bderechos?\b', l)))" \
	"$R/udhr_unicode/spa.txt")
expect_exit 0 "$BRAID" autocode
contains out.txt "1 code matched text only in turns its roles exclude: derechos (reads interviewer; matched other turn $first of 'spa'); to code there, set their roles: braid code edit CODE --field roles --value any"
lacks out.txt "law (reads"
lacks out.txt "nothing (reads"
expect_exit 0 "$BRAID" autocode --preview --json
[ "$(json_get out.txt '[(c["code"], c["outside_roles"]) for c in j["codes"] if c["code"] != "law"]')" = \
	"[('derechos', {'roles': 'interviewer', 'doc': 'spa', 'turn': $first, 'role': 'other'})]" ] ||
	fail "JSON: $(cat out.txt)"
# with roles participant (the default) it codes there, and nothing is reported
expect_exit 0 "$BRAID" code edit derechos --field roles --value participant
expect_exit 0 "$BRAID" autocode
lacks out.txt "roles exclude"
turns=$(python3 -c "
import re, sys
print(sum(1 for l in open(sys.argv[1], encoding='utf-8') if re.search(r'(?i)\bderechos?\b', l)))" \
	"$R/udhr_unicode/spa.txt")
expect_exit 0 "$BRAID" code ls --code derechos --json
[ "$(json_get out.txt 'len(j)')" = "$turns" ] || fail "derechos coded $(json_get out.txt 'len(j)') turns, expected $turns"
