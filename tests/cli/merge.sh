# braid merge OTHER.braid: two copies of one project coded apart and brought
# together: counts, a second merge adding nothing, --dry-run, --json, undo of
# the merge, a code named alike but defined apart, a document corrected in one
# copy, and the files that are refused.
. "$ROOT/tests/cli/lib.sh"

export BRAID_CODER=ana BRAID_PROJECT=team.braid
"$BRAID" init team.braid >/dev/null
cat > P01.txt <<'T'
INT: How did you find the shelter?
P01: A friend told me about it. The lawyer helped me a lot.
INT: And then?
P01: Then I moved to a flat with my sister.
T
cat > P02.txt <<'T'
INT: What happened next?
P02: I waited for months for the court.
T
expect_exit 0 "$BRAID" ingest P01.txt P02.txt
expect_exit 0 "$BRAID" code add P01 --code help --new --match "A friend told me about it."
cp team.braid ben.braid

# ---- each codes apart ----
expect_exit 0 "$BRAID" code add P01 --code housing --new --match "I moved to a flat"
export BRAID_PROJECT=ben.braid BRAID_CODER=ben
expect_exit 0 "$BRAID" code add P01 --code trust --new --match "The lawyer helped me a lot."
expect_exit 0 "$BRAID" code add P02 --code waiting --new --match "I waited for months"
expect_exit 0 "$BRAID" code add P01 --code help --match "A friend told me about it."
expect_exit 0 "$BRAID" memo add --on segment:2 "the lawyer as someone to trust"
expect_exit 0 "$BRAID" memo add --on doc:P02 "court delays everywhere"
export BRAID_PROJECT=team.braid BRAID_CODER=ana

# what the project holds, to compare after a dry run and after undo
state() {
	"$BRAID" code ls --json >"$1"
	"$BRAID" codebook show --all --json >>"$1"
	"$BRAID" memo ls --json >>"$1"
	"$BRAID" coder ls --json >>"$1"
}
state before.txt
expect_exit 0 "$BRAID" log --json
nlog=$(json_get out.txt 'len(j)')

# ---- a dry run changes nothing ----
expect_exit 0 "$BRAID" merge ben.braid --dry-run
contains out.txt "merging 'ben.braid' would bring (dry run: nothing changed):"
state dry.txt
cmp -s before.txt dry.txt || fail "--dry-run changed the project"
expect_exit 0 "$BRAID" log --json
check "log rows after a dry run" "$(json_get out.txt 'len(j)')" "$nlog"

# ---- the merge ----
expect_exit 0 "$BRAID" merge ben.braid
contains out.txt "merged 'ben.braid':"
# counts by hand: ben is new (ana is there); trust and waiting are new codes,
# help is there; ben's three codings are new, ana's help is there; two memos
[ "$(grep '^  codings' out.txt | tr -s ' ')" = " codings 3 1 0 0 0" ] || fail "codings: $(cat out.txt)"
[ "$(grep '^  codes' out.txt | tr -s ' ')" = " codes 2 1 0 0 0" ] || fail "codes: $(cat out.txt)"
[ "$(grep '^  coders' out.txt | tr -s ' ')" = " coders 1 1 0 0 0" ] || fail "coders: $(cat out.txt)"
[ "$(grep '^  memos' out.txt | tr -s ' ')" = " memos 2 0 0 0 0" ] || fail "memos: $(cat out.txt)"
lacks out.txt "nothing new"
expect_exit 0 "$BRAID" code ls --coder ben --json
check "ben's codings" "$(json_get out.txt '[(c["doc"], c["code"], c["text"]) for c in j]')" \
	"[('P01', 'help', 'A friend told me about it.'), ('P01', 'trust', 'The lawyer helped me a lot.'), ('P02', 'waiting', 'I waited for months')]"
expect_exit 0 "$BRAID" memo ls --json
check "memos" "$(json_get out.txt 'sorted((m["on"], m["coder"], m["text"]) for m in j)')" \
	"[('doc:P02', 'ben', 'court delays everywhere'), ('segment:3', 'ben', 'the lawyer as someone to trust')]"
expect_exit 0 "$BRAID" code ls --json
check "the memo's segment" "$(json_get out.txt '[c["code"] for c in j if c["id"] == 3]')" "['trust']"
expect_exit 0 "$BRAID" log --limit 1 --json
check "log" "$(json_get out.txt 'j[0]["command"] + ": " + j[0]["detail"]')" \
	"merge: merged 'ben.braid': 1 coder, 2 codes, 3 codings, 2 memos added"
check "log summary" "$(json_get out.txt 'j[0]["change"]["codings"]["added"]')" 3
state merged.txt

# ---- again: nothing new, nothing written ----
expect_exit 0 "$BRAID" merge ben.braid
contains out.txt "nothing new: everything 'ben.braid' holds that can be merged is here already"
[ "$(grep '^  codings' out.txt | tr -s ' ')" = " codings 0 4 0 0 0" ] || fail "again: $(cat out.txt)"
state again.txt
cmp -s merged.txt again.txt || fail "a second merge changed the project"
expect_exit 0 "$BRAID" log --json
check "log rows after a second merge" "$(json_get out.txt 'len(j)')" "$((nlog + 1))"
expect_exit 0 "$BRAID" merge ben.braid --json
check "json" "$(json_get out.txt '(j["changed"], j["codings"], j["issues"])')" \
	"(0, {'added': 0, 'present': 4, 'updated': 0, 'conflicts': 0, 'skipped': 0}, [])"

# ---- undo takes the merge back ----
expect_exit 0 "$BRAID" undo
contains out.txt "undid"
state undone.txt
cmp -s before.txt undone.txt || { diff before.txt undone.txt >&2; fail "undo of the merge"; }
expect_exit 0 "$BRAID" redo
state redone.txt
cmp -s merged.txt redone.txt || fail "redo of the merge"

# ---- conflicts: a code named alike, defined apart; one code defined differently ----
expect_exit 0 "$BRAID" code add P01 --code Trust-issues --new --match "The lawyer"
expect_exit 0 "$BRAID" code edit trust-issues --field definition --value "doubts about institutions"
expect_exit 0 "$BRAID" code edit help --field definition --value "support from people"
cp team.braid carl.braid
export BRAID_PROJECT=carl.braid BRAID_CODER=carl
expect_exit 0 "$BRAID" code edit help --field definition --value "any help at all"
expect_exit 0 "$BRAID" code add P01 --code "Lawyer" --new --match "lawyer"
export BRAID_PROJECT=team.braid BRAID_CODER=ana
expect_exit 0 "$BRAID" code add P01 --code Lawyer --new --match "The lawyer helped"
expect_exit 0 "$BRAID" code edit lawyer --field definition --value "legal professionals"
export BRAID_PROJECT=carl.braid BRAID_CODER=carl
expect_exit 0 "$BRAID" code edit lawyer --field definition --value "any mention of lawyers"
export BRAID_PROJECT=team.braid BRAID_CODER=ana
expect_exit 0 "$BRAID" merge carl.braid
contains out.txt "conflicts, each resolved by its rule:"
contains out.txt "  code 'help': differs in 'carl.braid': definition: kept as it is here; the definition in 'carl.braid' kept as a memo on the code"
contains out.txt "  code 'lawyer': a code named 'Lawyer' is defined differently here and in 'carl.braid': added apart as 'lawyer-2', named 'Lawyer (from carl)'"
expect_exit 0 "$BRAID" codebook show --json
check "help's definition" "$(json_get out.txt '[c["definition"] for c in j if c["id"] == "help"]')" "['support from people']"
check "the code apart" "$(json_get out.txt '[(c["name"], c["definition"]) for c in j if c["id"] == "lawyer-2"]')" \
	"[('Lawyer (from carl)', 'any mention of lawyers')]"
expect_exit 0 "$BRAID" memo ls --on code:help --json
check "the memo of carl's definition" "$(json_get out.txt '[(m["coder"], m["text"]) for m in j]')" \
	"[('ana', \"definition in 'carl.braid', not kept when it was merged: any help at all\")]"
expect_exit 0 "$BRAID" code ls --code lawyer-2 --json
check "carl's coding on the code apart" "$(json_get out.txt '[(c["coder"], c["text"]) for c in j]')" "[('carl', 'lawyer')]"
expect_exit 0 "$BRAID" merge carl.braid
contains out.txt "nothing new"
contains out.txt "the definition in 'carl.braid' is kept in a memo on the code"
lacks out.txt "lawyer-2"

# ---- a document corrected in one copy: its codings there are not placed ----
cp team.braid dora.braid
export BRAID_PROJECT=dora.braid BRAID_CODER=dora
sed 's/months/weeks/' P02.txt > P02-fixed.txt
expect_exit 0 "$BRAID" ingest P02-fixed.txt --replace P02
expect_exit 0 "$BRAID" code add P02 --code waiting --match "for the court"
expect_exit 0 "$BRAID" code add P01 --code housing --match "with my sister"
# a codebook imported in the copy only: its codes come with it, under it, their parents first
expect_exit 0 "$BRAID" codebook import "$ROOT/codebooks/ecological-systems.yaml"
expect_exit 0 "$BRAID" code add P01 --code micro-shelter --match "How did you find the shelter?"
export BRAID_PROJECT=team.braid BRAID_CODER=ana
expect_exit 0 "$BRAID" merge dora.braid
contains out.txt "not merged:"
contains out.txt "  document 'P02': its text differs here (revision 1 here, 2 in 'dora.braid'): 2 codings and 0 memos on them not merged: their spans cannot be placed safely"
[ "$(grep '^  codings' out.txt | tr -s ' ' | cut -d' ' -f3,7)" = "2 2" ] || fail "dora: $(cat out.txt)"
expect_exit 0 "$BRAID" code ls --coder dora --json
check "dora's codings" "$(json_get out.txt '[(c["doc"], c["code"], c["text"]) for c in j]')" \
	"[('P01', 'micro-shelter', 'How did you find the shelter?'), ('P01', 'housing', 'with my sister')]"
expect_exit 0 "$BRAID" codebook show --json
check "the codebook's codes" "$(json_get out.txt '[(c["id"], c["codebook"], [k["id"] for k in c["children"]][:1]) for c in j if c["id"] == "microsystem"]')" \
	"[('microsystem', 'Ecological systems levels of anti-trafficking interventions', ['micro-shelter'])]"

# ---- files that cannot be merged: exit 1, nothing changed ----
state bad-before.txt
expect_exit 1 "$BRAID" merge nope.braid
contains err.txt "braid: cannot merge 'nope.braid': No such file or directory"
expect_exit 1 "$BRAID" merge P01.txt
contains err.txt "braid: cannot merge: 'P01.txt' is not a braid project"
python3 -c "import sqlite3; c = sqlite3.connect('other.db'); c.execute('create table t(x)'); c.commit()"
expect_exit 1 "$BRAID" merge other.db
contains err.txt "braid: cannot merge: 'other.db' is not a braid project"
expect_exit 1 "$BRAID" merge team.braid
contains err.txt "braid: cannot merge 'team.braid': it is the open project itself"
expect_exit 1 "$BRAID" merge ./team.braid
contains err.txt "it is the open project itself"
cp ben.braid newer.braid
python3 -c "import sqlite3; c = sqlite3.connect('newer.braid'); c.execute('pragma user_version = 9'); c.commit()"
expect_exit 1 "$BRAID" merge newer.braid
contains err.txt "braid: cannot merge: project 'newer.braid' was made by a newer braid (schema 9; this braid reads schema 6 and older)"
cp "$ROOT/tests/fixtures/schema2.braid" old.braid
expect_exit 1 "$BRAID" merge old.braid
contains err.txt "braid: cannot merge: project 'old.braid' has schema 2 and needs an upgrade to 6"
expect_exit 2 "$BRAID" merge
# merging reads and writes every coder's work: never blind
expect_exit 2 env BRAID_BLIND=1 "$BRAID" merge ben.braid
contains err.txt "'merge' reads every coder's codings: it does not run blind"
expect_exit 2 "$BRAID" merge a.braid b.braid
state bad-after.txt
cmp -s bad-before.txt bad-after.txt || fail "a refused merge changed the project"
