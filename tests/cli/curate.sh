# Curating documents, speakers and cases: docs rm|rename, speakers set (role, case,
# label, merging two labels), cases rename|merge; each one change that undo restores.
# Real files: the Senedd committee (QMSum) ingested without --interviewer, put right.
. "$ROOT/tests/cli/lib.sh"
REAL="$SHARED/corpora-real"
SENEDD="$REAL/qmsum_meetings/education_13.speaker_turns.txt"

"$BRAID" init t.braid >/dev/null
export BRAID_CODER=ana

# ---- a mistaken ingest is not permanent: docs rm ----
mkdir interviews
cat > interviews/P01.txt <<'T'
INT: How did you find the shelter?
P01: A friend told me about it.
Interviewer: And the lawyer?
P01: The shelter found the lawyer for me.
T
printf 'MIT License\n\nPermission is hereby granted, free of charge.\n' > interviews/LICENSE.txt
expect_exit 0 "$BRAID" ingest interviews/ --case P01
contains out.txt "interviews/LICENSE.txt -> LICENSE: text, document"
expect_exit 0 "$BRAID" code add LICENSE --code legal --new --match "Permission"
expect_exit 0 "$BRAID" memo add --on doc:LICENSE "swept in by mistake"
expect_exit 0 "$BRAID" docs rm LICENSE
[ "$(cat out.txt)" = "removed document 'LICENSE' (2 turns, 1 speaker) with 1 coding and 1 memo; and case 'P01'" ] \
	&& fail "the case P01 is still linked to P01's interview"
[ "$(cat out.txt)" = "removed document 'LICENSE' (2 turns, 1 speaker) with 1 coding and 1 memo" ] \
	|| fail "docs rm: $(cat out.txt)"
# docs without a subcommand still lists; docs ls is the same
expect_exit 0 "$BRAID" docs
contains out.txt "P01"
lacks out.txt "LICENSE"
expect_exit 0 "$BRAID" docs ls --json
[ "$(json_get out.txt '[d["name"] for d in j]')" = "['P01']" ] || fail "docs ls: $(cat out.txt)"
expect_exit 0 "$BRAID" search Permission
[ ! -s out.txt ] || fail "the search index kept a removed document: $(cat out.txt)"
expect_exit 0 "$BRAID" log --limit 1 --json
contains out.txt "removed document 'LICENSE' (2 turns, 1 speaker) with 1 coding and 1 memo"
# undo brings it all back, the search index too
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" search Permission --json
[ "$(json_get out.txt 'len(j)')" = 1 ] || fail "undo of docs rm: $(cat out.txt)"
expect_exit 0 "$BRAID" memo ls --on doc:LICENSE
contains out.txt "swept in by mistake"
expect_exit 0 "$BRAID" redo
expect_exit 1 "$BRAID" docs rm LICENCE
contains err.txt "no document 'LICENCE'"
expect_exit 2 "$BRAID" docs rmm P01
contains err.txt "unknown subcommand 'docs rmm'"
expect_exit 2 "$BRAID" docs rm P01 --json
contains err.txt "option '--json' does not apply to 'docs rm'"

# ---- docs rename ----
expect_exit 0 "$BRAID" docs rename P01 "P01 interview"
[ "$(cat out.txt)" = "renamed document 'P01' -> 'P01 interview'" ] || fail "rename: $(cat out.txt)"
printf 'I: x?\nR: y.\n' > other.txt
expect_exit 0 "$BRAID" ingest other.txt
expect_exit 1 "$BRAID" docs rename other "P01 interview"
contains err.txt "a document named 'P01 interview' exists already"
expect_exit 0 "$BRAID" docs rename interviews/P01.txt P01
contains out.txt "-> 'P01'"

# ---- speakers set: a label merged into another (INT and Interviewer are one person) ----
expect_exit 0 "$BRAID" code add P01 --code shelter --new --match "A friend told me about it."
expect_exit 0 "$BRAID" code add P01 --code shelter --match "The shelter found the lawyer for me."
expect_exit 0 "$BRAID" code add P01 --code question --new --turn 3
expect_exit 0 "$BRAID" code ls --json
before=$(json_get out.txt '[(c["id"], c["text"]) for c in j]')
expect_exit 0 "$BRAID" speakers set P01 INT --label Interviewer
[ "$(cat out.txt)" = "merged speaker 'INT' of 'P01' into 'Interviewer' (1 turn; 3 codings moved with the text)" ] \
	|| fail "merge: $(cat out.txt)"
expect_exit 0 "$BRAID" show P01
[ "$(head -n 1 out.txt)" = "Interviewer: How did you find the shelter?" ] || fail "show: $(cat out.txt)"
expect_exit 0 "$BRAID" code ls --json
[ "$(json_get out.txt '[(c["id"], c["text"]) for c in j]')" = "$before" ] \
	|| fail "the codings left their words: $(cat out.txt)"
python3 - <<'P' || fail "offsets do not match the text after the merge"
import json, subprocess, os
b = os.environ["BRAID"]
text = subprocess.run([b, "show", "P01"], capture_output=True, text=True).stdout[:-1]
for t in json.loads(subprocess.run([b, "show", "P01", "--json"], capture_output=True, text=True).stdout)["turns"]:
    assert text[t["start"]:t["end"]] == t["text"], t
for c in json.loads(subprocess.run([b, "code", "ls", "--json"], capture_output=True, text=True).stdout):
    assert text[c["start"]:c["end"]] == c["text"], c
P
expect_exit 0 "$BRAID" speakers P01 --json
[ "$(json_get out.txt '[(s["label"], s["role"], s["turns"]) for s in j]')" = \
  "[('Interviewer', 'interviewer', 2), ('P01', 'participant', 2)]" ] || fail "speakers: $(cat out.txt)"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" speakers P01 --json
[ "$(json_get out.txt '[s["label"] for s in j]')" = "['INT', 'P01', 'Interviewer']" ] || fail "undo merge: $(cat out.txt)"
expect_exit 0 "$BRAID" redo
# role and case; what an interviewer cannot have
expect_exit 1 "$BRAID" speakers set P01 Interviewer --case P99
contains err.txt "is an interviewer: their turns belong to no case"
expect_exit 2 "$BRAID" speakers set P01 Interviewer
contains err.txt "what to set? give --role, --case or --label"
expect_exit 2 "$BRAID" speakers set P01 Interviewer --role boss
contains err.txt "unknown role 'boss'"
expect_exit 1 "$BRAID" speakers set P01 Int --role participant
contains err.txt "no speaker 'Int'"
expect_exit 0 "$BRAID" speakers set P01 P01 --case P001
contains out.txt "case 'P01' -> 'P001'"
expect_exit 0 "$BRAID" speakers set P01 P01 --label Participant --role participant
contains out.txt "relabelled speaker 'P01' of 'P01' as 'Participant'"

# ---- cases rename | merge ----
expect_exit 0 "$BRAID" cases
contains out.txt "P001"
expect_exit 0 "$BRAID" cases rename P001 P-001
[ "$(cat out.txt)" = "renamed case 'P001' -> 'P-001'" ] || fail "cases rename: $(cat out.txt)"
expect_exit 1 "$BRAID" cases rename P-001 P01
contains err.txt "a case named 'P01' exists already (merge the two instead)"
expect_exit 0 "$BRAID" cases merge P-001 P01
[ "$(cat out.txt)" = "merged case 'P-001' into 'P01' (0 documents, 1 speaker)" ] || fail "cases merge: $(cat out.txt)"
expect_exit 0 "$BRAID" cases ls --json
[ "$(json_get out.txt '[(c["case"], c["docs"], c["speakers"]) for c in j]')" = "[('P01', 1, 1)]" ] \
	|| fail "cases after merge: $(cat out.txt)"
expect_exit 0 "$BRAID" undo
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt '[c["case"] for c in j]')" = "['P-001', 'P01']" ] || fail "undo merge: $(cat out.txt)"

# ---- the Senedd committee read without --interviewer, put right afterwards ----
expect_exit 0 "$BRAID" ingest "$SENEDD" --name senedd
contains out.txt "focus-group, 133 turns, 7 speakers"
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt 'len([c for c in j if c["case"].startswith("senedd:")])')" = 7 ] || fail "senedd cases: $(cat out.txt)"
for m in "Lynne Neagle AM" "Sian Gwenllian AM" "Suzy Davies AM" "Dawn Bowden AM" "Vikki Howells AM" "Janet Finch-Saunders AM"; do
	expect_exit 0 "$BRAID" speakers set senedd "$m" --role moderator
	contains out.txt "role participant -> moderator"
	contains out.txt "removed case 'senedd:$m': nothing refers to it now"
done
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt '[(c["case"], c["turns"], c["words"]) for c in j if c["case"].startswith("senedd")]')" = \
  "[('senedd:Barry Hughes', 58, 7398)]" ] || fail "senedd put right: $(cat out.txt)"
expect_exit 0 "$BRAID" cases rename "senedd:Barry Hughes" CPS-Wales
expect_exit 0 "$BRAID" search "reasonable punishment" --doc senedd --role interviewer --json
[ "$(json_get out.txt 'len(j) > 0 and {h["role"] for h in j} == {"moderator"} and {h["case"] for h in j} == {None}')" = True ] \
	|| fail "senedd search: $(cat out.txt)"
# the document goes with every case it made
expect_exit 0 "$BRAID" docs rm senedd
contains out.txt "removed document 'senedd' (133 turns, 7 speakers) with 0 codings and 0 memos; and case 'CPS-Wales', which nothing else refers to"
