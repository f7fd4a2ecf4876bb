# Blind coding: two coders code the same interview differently; with --blind
# each listing, retrieval and count shows the blind coder's work and nothing
# of the other's; without it, both; $BRAID_BLIND=1 does the same for every
# command; a blind command without a coder is a usage error.
. "$ROOT/tests/cli/lib.sh"
unset BRAID_CODER BRAID_BLIND

"$BRAID" init t.braid >/dev/null
# "Interviewer: " (13) + "Did the lawyer help you?" -> "lawyer" at 21-27;
# "\n\n" + "P001: " -> the utterance at 45: "Yes. The lawyer" -> "lawyer" at 54-60,
# "... passport back. My sister" -> "sister" at 96-102
cat > int1.txt <<'T'
Interviewer: Did the lawyer help you?
P001: Yes. The lawyer helped me get my passport back. My sister helped too.
T
cat > book.yaml <<'Y'
name: Support
version: "1"
codes:
  - name: Legal aid
    id: legal-aid
    definition: Help from a lawyer.
  - name: Family support
    id: family
    definition: Help from relatives.
Y
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" codebook import book.yaml
# amina codes the lawyer twice (#1, #2); ben codes the sister (#3) and one lawyer (#4)
expect_exit 0 "$BRAID" code add int1 --code legal-aid --coder amina --match lawyer --all
expect_exit 0 "$BRAID" code add int1 --code family --coder ben --match sister
expect_exit 0 "$BRAID" code add int1 --code legal-aid --coder ben --range 54:60
expect_exit 0 "$BRAID" memo add --on segment:1 --coder amina "amina-note"
expect_exit 0 "$BRAID" memo add --on segment:3 --coder ben "ben-note"
expect_exit 0 "$BRAID" theme new Help --coder amina
expect_exit 0 "$BRAID" theme add-code help legal-aid family
expect_exit 0 "$BRAID" quote add help 1 --coder amina
expect_exit 0 "$BRAID" quote add help 3 --coder ben

A="--blind --coder amina"

# ---- code ls ----
expect_exit 0 "$BRAID" code ls --json
check "code ls: both" "$(json_get out.txt '[(r["id"], r["coder"]) for r in j]')" \
	"[(1, 'amina'), (2, 'amina'), (4, 'ben'), (3, 'ben')]"
expect_exit 0 "$BRAID" code ls $A --json
check "code ls: amina's" "$(json_get out.txt '[r["id"] for r in j]')" "[1, 2]"
expect_exit 0 "$BRAID" code ls $A --code legal-aid --json
check "code ls --code: amina's" "$(json_get out.txt '[r["id"] for r in j]')" "[1, 2]"
expect_exit 0 "$BRAID" code ls $A
lacks out.txt ben; lacks out.txt sister
# the blind coder is the one --coder names, whoever runs it
expect_exit 0 env BRAID_CODER=amina "$BRAID" code ls --blind --coder ben --json
check "code ls: ben's" "$(json_get out.txt '[r["id"] for r in j]')" "[4, 3]"
expect_exit 0 env BRAID_CODER=amina "$BRAID" code ls --blind --json
check "code ls: \$BRAID_CODER's" "$(json_get out.txt '[r["id"] for r in j]')" "[1, 2]"

# ---- retrieve ----
expect_exit 0 "$BRAID" retrieve legal-aid
contains out.txt ben
expect_exit 0 "$BRAID" retrieve legal-aid $A
contains out.txt amina; lacks out.txt ben
expect_exit 0 "$BRAID" retrieve family $A   # ben's code only: nothing to show
lacks out.txt sister

# ---- stats ----
expect_exit 0 "$BRAID" stats codes --by coder --json
check "stats by coder" "$(json_get out.txt '[(r["code"], r["group"], r["segments"]) for r in j]')" \
	"[('legal-aid', 'amina', 2), ('legal-aid', 'ben', 1), ('family', 'ben', 1)]"
expect_exit 0 "$BRAID" stats codes --by coder $A --json
check "stats by coder, blind" \
	"$(json_get out.txt '[(r["code"], r["group"], r["segments"]) for r in j]')" \
	"[('legal-aid', 'amina', 2), ('family', None, 0)]"
expect_exit 0 "$BRAID" stats codes $A --json
check "stats, blind" "$(json_get out.txt '[(r["code"], r["segments"], r["words"]) for r in j]')" \
	"[('legal-aid', 2, 2), ('family', 0, 0)]"
expect_exit 0 "$BRAID" stats codes --rollup --by doc $A --json
check "stats --rollup by doc, blind" "$(json_get out.txt '[(r["code"], r["segments"]) for r in j]')" \
	"[('legal-aid', 2), ('family', 0)]"
expect_exit 0 "$BRAID" codebook show --counts $A
lacks out.txt ben
expect_exit 0 "$BRAID" coder ls $A --json
check "coder ls, blind" "$(json_get out.txt '[(r["name"], r["codings"]) for r in j]')" \
	"[('amina', 2), ('ben', 0)]"

# ---- memos, themes, quotes ----
expect_exit 0 "$BRAID" memo ls
contains out.txt ben-note
expect_exit 0 "$BRAID" memo ls $A
contains out.txt amina-note; lacks out.txt ben-note
expect_exit 0 "$BRAID" theme ls --json
check "theme ls" "$(json_get out.txt '[t["segments"] for t in j]')" "[3]"
expect_exit 0 "$BRAID" theme ls $A --json
check "theme ls, blind" "$(json_get out.txt '[t["segments"] for t in j]')" "[2]"
expect_exit 0 "$BRAID" theme show help $A
contains out.txt "2 segments"; lacks out.txt sister; lacks out.txt ben
expect_exit 0 "$BRAID" quote ls $A --json
check "quote ls, blind" "$(json_get out.txt '[q["coding"] for q in j]')" "[1]"
expect_exit 0 "$BRAID" map $A -o map.dot
expect_exit 0 "$BRAID" report $A
contains out.txt "One coder (amina)"
contains out.txt "2 accepted codings"
expect_exit 0 "$BRAID" report
contains out.txt "Two coders (amina, ben)"

# ---- the workflow's figures and the log ----
expect_exit 0 "$BRAID" phase set 2 --why "coding starts"
expect_exit 0 "$BRAID" phase
contains out.txt "codings by ben"
expect_exit 0 "$BRAID" phase $A
contains out.txt "codings by amina"; lacks out.txt "codings by ben"
expect_exit 0 "$BRAID" log
contains out.txt "by ben"
expect_exit 0 "$BRAID" log $A
contains out.txt "by amina"; lacks out.txt "by ben"
# docs, cases, search and show carry no codings; they take --blind all the same
for cmd in docs cases "search sister" "show int1"; do
	expect_exit 0 "$BRAID" $cmd $A
done

# ---- $BRAID_BLIND ----
expect_exit 0 env BRAID_BLIND=1 BRAID_CODER=ben "$BRAID" code ls --json
check "BRAID_BLIND" "$(json_get out.txt '[r["id"] for r in j]')" "[4, 3]"
expect_exit 0 env BRAID_BLIND=1 BRAID_CODER=ben "$BRAID" stats codes --by coder
lacks out.txt amina
expect_exit 0 env BRAID_BLIND=0 "$BRAID" code ls --json
check "BRAID_BLIND=0" "$(json_get out.txt 'len(j)')" "4"
# a change under blind coding sees the whole project: amina's coding on ben's
# span is hers, and the listing after it is still hers alone
expect_exit 0 env BRAID_BLIND=1 BRAID_CODER=amina "$BRAID" code add int1 --code family --range 96:102
contains out.txt "coded #5"
expect_exit 0 env BRAID_BLIND=1 BRAID_CODER=amina "$BRAID" code ls --json
check "after a change" "$(json_get out.txt '[r["id"] for r in j]')" "[1, 2, 5]"
expect_exit 0 env BRAID_BLIND=1 BRAID_CODER=amina "$BRAID" undo
expect_exit 0 "$BRAID" code ls --json
check "undone" "$(json_get out.txt 'len(j)')" "4"

# ---- usage ----
expect_exit 2 "$BRAID" code ls --blind
contains err.txt "--blind needs a coder"
expect_exit 2 "$BRAID" stats codes --blind
expect_exit 2 env BRAID_BLIND=1 "$BRAID" docs
contains err.txt "BRAID_BLIND needs a coder"
expect_exit 2 "$BRAID" docs --coder amina   # --coder of its own only with --blind
# a subcommand that does not take --coder takes it with --blind
expect_exit 0 "$BRAID" quote ls --blind --coder amina
expect_exit 2 "$BRAID" quote ls --coder amina
echo ok
