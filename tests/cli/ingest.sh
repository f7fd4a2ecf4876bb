# Ingest end to end: summaries, listings with --json, atomicity, duplicates, encodings, cases.
. "$ROOT/tests/cli/lib.sh"

"$BRAID" init t.braid >/dev/null
cat > int1.txt <<'T'
Interviewer: Thank you for meeting me. How are you today?
P001: I am fine, thank you. It has been a long year.

Sometimes I still cannot sleep.
Interviewer: What helped you most?
P001: The legal aid clinic. The lawyer explained my rights,
and she helped me get my passport back.
T
expect_exit 0 "$BRAID" ingest int1.txt --case P001 --language en
contains out.txt "int1.txt -> int1: text, interview, 4 turns, 2 speakers"
# words counted by hand: turn 1: 9, turn 2: 11 + 5 = 16, turn 3: 4, turn 4: 17 (46 in all)
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt 'j[0]["name"], j[0]["kind"], j[0]["format"], j[0]["turns"], j[0]["speakers"], j[0]["words"], j[0]["case"]')" = "('int1', 'interview', 'text', 4, 2, 46, 'P001')" ] \
	|| fail "docs --json: $(cat out.txt)"
expect_exit 0 "$BRAID" speakers --json
[ "$(json_get out.txt '[(s["doc"], s["label"], s["role"], s["case"], s["turns"], s["words"]) for s in j]')" = \
  "[('int1', 'Interviewer', 'interviewer', None, 2, 13), ('int1', 'P001', 'participant', 'P001', 2, 33)]" ] \
	|| fail "speakers --json: $(cat out.txt)"
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt '[(c["case"], c["docs"], c["turns"], c["words"]) for c in j]')" = "[('P001', 1, 2, 33)]" ] \
	|| fail "cases --json: $(cat out.txt)"

# the turn offsets cut the utterance out of the stored text (code points)
expect_exit 0 "$BRAID" show int1 --json
python3 - out.txt <<'P' || fail "offsets do not match the text"
import json, subprocess, sys, os
j = json.load(open(sys.argv[1]))
text = subprocess.run([os.environ["BRAID"], "show", "int1"], capture_output=True, text=True).stdout[:-1]
for t in j["turns"]:
    assert text[t["start"]:t["end"]] == t["text"], (t, text[t["start"]:t["end"]])
assert j["turns"][1]["text"] == "I am fine, thank you. It has been a long year.\n\nSometimes I still cannot sleep."
assert text.startswith("Interviewer: Thank you")
P
expect_exit 0 "$BRAID" show int1 --speaker P001
contains out.txt "#2"
contains out.txt "#4"
lacks out.txt "#3"

# search: FTS5, phrase, diacritics, filters, regex
expect_exit 0 "$BRAID" search '"legal aid"'
contains out.txt "int1"
contains out.txt "[legal aid]"
expect_exit 0 "$BRAID" search passport --role interviewer
[ ! -s out.txt ] || fail "role filter let an interviewer hit through"
expect_exit 0 "$BRAID" search --regex 'pass\w+' --json
[ "$(json_get out.txt '[(h["turn"], h["speaker"], h["hit"]) for h in j]')" = "[(4, 'P001', 'passport')]" ] \
	|| fail "regex search: $(cat out.txt)"
expect_exit 1 "$BRAID" search --regex 'pass(port'
contains err.txt "bad regex"
contains err.txt "offset"
expect_exit 1 "$BRAID" search 'AND OR ('
contains err.txt "AND in the query needs a word or phrase on each side"

# the same content again is refused; --force adds it under a new name
cp int1.txt copy.txt
expect_exit 1 "$BRAID" ingest copy.txt
contains err.txt "same content as document 'int1'"
expect_exit 0 "$BRAID" ingest int1.txt --force --quiet
[ ! -s out.txt ] || fail "--quiet printed something"
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt '[d["name"] for d in j]')" = "['int1', 'int1-2']" ] || fail "force naming: $(cat out.txt)"

# one transaction: a bad file in the batch means none is added
printf 'Interviewer: fine\nP002: also fine\nInterviewer: ok\n' > good.txt
printf 'Interviewer: caf\351 is latin-1\nP003: yes\n' > bad.txt
expect_exit 1 "$BRAID" ingest good.txt bad.txt
contains err.txt "bad.txt"
contains err.txt "line 1"
contains err.txt "byte offset 16"
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt 'len(j)')" = 2 ] || fail "a failed ingest left documents behind"
# ... and with the encoding named it goes in
expect_exit 0 "$BRAID" ingest good.txt bad.txt --encoding latin1
expect_exit 0 "$BRAID" show bad
contains out.txt "café is latin-1"

# UTF-16 with a BOM is converted
printf '\377\376I\000:\000 \000h\000i\000\n\000R\000:\000 \000h\000e\000l\000l\000o\000\n\000I\000:\000 \000b\000y\000e\000\n\000' > u16.txt
expect_exit 0 "$BRAID" ingest u16.txt
expect_exit 0 "$BRAID" speakers u16 --json
[ "$(json_get out.txt '[(s["label"], s["role"]) for s in j]')" = "[('I', 'interviewer'), ('R', 'participant')]" ] \
	|| fail "utf-16: $(cat out.txt)"

# focus group: a case map names the participants' cases, others get DOC:LABEL
cat > fg.txt <<'T'
Moderator: Welcome. Who would like to start?
Aziza: I can start. The peer group helped me.
Malika: For me it was the shelter.
Nodira: I agree with Aziza.
Moderator: Thank you all.
Malika: One more thing: the hotline.
T
printf 'speaker,case\nAziza,P011\nMalika,P012\n' > fg.csv
expect_exit 0 "$BRAID" ingest fg.txt --case-map fg.csv
contains out.txt "focus-group"
expect_exit 0 "$BRAID" speakers fg --json
[ "$(json_get out.txt '[(s["label"], s["role"], s["case"]) for s in j]')" = \
  "[('Moderator', 'moderator', None), ('Aziza', 'participant', 'P011'), ('Malika', 'participant', 'P012'), ('Nodira', 'participant', 'fg:Nodira')]" ] \
	|| fail "case map: $(cat out.txt)"
printf 'speaker,case\nAziza\n' > bad.csv
expect_exit 1 "$BRAID" ingest fg.txt --force --case-map bad.csv
contains err.txt "bad.csv': line 2: expected 2 columns"

# a document without speakers: paragraphs are the units
printf 'Annual report\n\nThe shelter hosted 40 women.\nIt ran two groups.\n\nFunding fell.\n' > report.txt
expect_exit 0 "$BRAID" ingest report.txt
contains out.txt "document, 3 turns, 1 speakers"

# missing file, directory, bad kind
expect_exit 1 "$BRAID" ingest nothere.txt
contains err.txt "cannot read 'nothere.txt'"
mkdir empty
expect_exit 2 "$BRAID" ingest empty
contains err.txt "no files to ingest"
expect_exit 1 "$BRAID" ingest good.txt --kind poem --force
contains err.txt "unknown kind 'poem'"

# every successful mutating command left an audit row, failed ones none
expect_exit 0 "$BRAID" log --json
[ "$(json_get out.txt '[e["command"] for e in j]')" = "['init', 'ingest', 'ingest', 'ingest', 'ingest', 'ingest', 'ingest']" ] \
	|| fail "audit: $(cat out.txt)"

# a directory stands for the transcripts in and below it (name order); --files-from reads a list
mkdir -p batch/sub
printf 'I: one\nR: first answer\nI: ok\n' > batch/b.txt
printf 'I: two\nR: second answer\nI: ok\n' > batch/sub/a.txt
printf 'not a transcript' > batch/skip.csv
"$BRAID" init dirs.braid >/dev/null
expect_exit 0 "$BRAID" -p dirs.braid ingest batch --json
[ "$(json_get out.txt '[d["file"] for d in j]')" = "['batch/b.txt', 'batch/sub/a.txt']" ] || fail "dir: $(cat out.txt)"
printf 'good.txt\n\nu16.txt\n' > list.txt
expect_exit 0 "$BRAID" -p dirs.braid ingest --files-from list.txt --quiet
expect_exit 0 "$BRAID" -p dirs.braid docs --json
[ "$(json_get out.txt 'len(j)')" = 4 ] || fail "files-from: $(cat out.txt)"
expect_exit 2 "$BRAID" -p dirs.braid ingest
contains err.txt "no files to ingest"
