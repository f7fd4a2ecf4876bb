# Ingest into a growing project: --exclude, --skip-existing, what a failed batch says;
# the checks of --interviewer and of the case map; roles and cases that stay right.
# Real files where the problem came from real files: the Senedd committee (QMSum), the
# QualCoder example focus group and its case sheet, the UDHR and subtitles without voices.
. "$ROOT/tests/cli/lib.sh"
REAL="$SHARED/corpora-real"
SENEDD="$REAL/qmsum_meetings/education_13.speaker_turns.txt"
QC="$REAL/qualcoder_examples"

"$BRAID" init t.braid >/dev/null
export BRAID_PROJECT=t.braid

# ---- a growing folder: --exclude (repeatable), --skip-existing ----
mkdir -p interviews/drafts
printf 'I: How are you?\nR: Fine, thank you.\n' > interviews/P01.txt
printf 'I: And today?\nR: Tired.\n' > interviews/P02.txt
printf 'MIT License\n\nPermission is hereby granted.\n' > interviews/LICENSE.txt
printf '# Interviews\n\nOne file a participant.\n' > interviews/README.md
printf 'I: draft\nR: not ready\n' > interviews/drafts/P03.txt
# without --exclude the licence and the readme are swept in
"$BRAID" init scratch.braid >/dev/null
expect_exit 0 "$BRAID" -p scratch.braid ingest interviews/ --json
[ "$(json_get out.txt '[f["name"] for f in j]')" = "['LICENSE', 'P01', 'P02', 'README', 'P03']" ] \
	|| fail "what a folder stands for: $(cat out.txt)"
# every --exclude counts (by name, by glob, a directory by its name or path)
expect_exit 0 "$BRAID" ingest interviews/ --exclude LICENSE.txt --exclude '*.md' -x drafts
contains out.txt "interviews/P01.txt -> P01"
contains out.txt "interviews/P02.txt -> P02"
lacks out.txt "LICENSE"
lacks out.txt "README"
lacks out.txt "P03"
contains out.txt "ingested 2 files: 4 turns"
expect_exit 0 "$BRAID" help ingest
contains out.txt "(may be given more than once)"
expect_exit 2 "$BRAID" ingest interviews/P01.txt -x 'P0*'
contains err.txt "no files to ingest: --exclude left out all 1"

# the folder grows: content already there is an error, naming both ways out ...
printf 'I: Something new?\nR: Yes.\n' > interviews/P04.txt
expect_exit 1 "$BRAID" ingest interviews/ -x 'LICENSE*' -x '*.md' -x 'interviews/drafts'
contains err.txt "it has the same content as document 'P01' (use --skip-existing to skip it, or --force to add it again)"
contains err.txt "nothing was added: the batch is one transaction"
# ... and --skip-existing adds only what is new, listing what it skipped
expect_exit 0 "$BRAID" ingest interviews/ -x 'LICENSE*' -x '*.md' -x 'interviews/drafts' --skip-existing
contains out.txt "interviews/P01.txt: skipped, the same content as 'P01'"
contains out.txt "interviews/P02.txt: skipped, the same content as 'P02'"
contains out.txt "interviews/P04.txt -> P04"
contains out.txt "ingested 1 file: 2 turns, 3 words; 2 skipped (already in the project)"
[ ! -s err.txt ] || fail "skipping is not an error: $(cat err.txt)"
expect_exit 0 "$BRAID" ingest interviews/ -x 'LICENSE*' -x '*.md' -x drafts --skip-existing --json
[ "$(json_get out.txt '[(f["file"], f["name"], f.get("skipped")) for f in j]')" = \
  "[('interviews/P01.txt', 'P01', True), ('interviews/P02.txt', 'P02', True), ('interviews/P04.txt', 'P04', True)]" ] \
	|| fail "skip-existing --json: $(cat out.txt)"
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt '[d["name"] for d in j]')" = "['P01', 'P02', 'P04']" ] || fail "docs: $(cat out.txt)"
expect_exit 2 "$BRAID" ingest interviews/ --skip-existing --force
contains err.txt "--force and --skip-existing do not go together"
expect_exit 2 "$BRAID" ingest interviews/P01.txt --replace P01 --skip-existing
contains err.txt "--skip-existing does not go with --replace"

# ---- a batch that fails says that nothing was added, after the files it listed ----
printf 'I: one\nR: two\n' > ok1.txt
printf 'I: three\nR: four\n' > ok2.txt
printf '' > empty.txt
expect_exit 1 "$BRAID" ingest ok1.txt ok2.txt empty.txt
contains out.txt "ok1.txt -> ok1"
contains out.txt "ok2.txt -> ok2"
[ "$(tail -n 1 out.txt)" = "nothing was added: the batch is one transaction, so the 2 files above were not kept either" ] \
	|| fail "failed batch: $(cat out.txt)"
contains err.txt "cannot read 'empty.txt': no text in it"
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt 'len(j)')" = 3 ] || fail "a failed batch left documents: $(cat out.txt)"

# ---- --interviewer: labels that occur nowhere in a file are an error (the Senedd committee) ----
expect_exit 1 "$BRAID" ingest "$SENEDD" --interviewer "Lynne Neagle,Sian Gwenllian" --case CPS
contains err.txt "none of the interviewer labels given ('Lynne Neagle', 'Sian Gwenllian') is a speaker in it"
contains err.txt "its speakers are 'Lynne Neagle AM', 'Barry Hughes', 'Sian Gwenllian AM'"
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt '[c["case"] for c in j]')" = "[]" ] || fail "a refused ingest made a case: $(cat out.txt)"
# the right labels: the committee members ask, the witness is the case; as a focus group
# the members are moderators, and --role interviewer finds them too
MEMBERS="Lynne Neagle AM,Sian Gwenllian AM,Suzy Davies AM,Dawn Bowden AM,Vikki Howells AM,Janet Finch-Saunders AM"
expect_exit 0 "$BRAID" ingest "$SENEDD" --interviewer "$MEMBERS" --case CPS --name senedd
contains out.txt "senedd: text, interview, 133 turns, 7 speakers"
expect_exit 0 "$BRAID" speakers senedd --json
[ "$(json_get out.txt '[(s["label"], s["role"], s["case"]) for s in j if s["label"] in ("Barry Hughes", "Lynne Neagle AM")]')" = \
  "[('Lynne Neagle AM', 'interviewer', None), ('Barry Hughes', 'participant', 'CPS')]" ] \
	|| fail "senedd speakers: $(cat out.txt)"
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt '[(c["case"], c["docs"], c["speakers"], c["turns"]) for c in j]')" = "[('CPS', 1, 1, 58)]" ] \
	|| fail "senedd cases: $(cat out.txt)"
expect_exit 0 "$BRAID" show senedd --json
[ "$(json_get out.txt 'sorted({(t["role"], t["case"]) for t in j["turns"]}, key=str)')" = \
  "[('interviewer', None), ('participant', 'CPS')]" ] || fail "senedd show: $(cat out.txt)"
expect_exit 0 "$BRAID" ingest "$SENEDD" --interviewer "$MEMBERS" --kind focus-group --name senedd-fg --force
contains out.txt "Lynne Neagle AM"
contains out.txt "moderator"
expect_exit 0 "$BRAID" search "reasonable punishment" --doc senedd-fg --role interviewer --json
[ "$(json_get out.txt 'sorted({h["role"] for h in j})')" = "['moderator']" ] || fail "role interviewer: $(cat out.txt)"
expect_exit 0 "$BRAID" search "reasonable punishment" --doc senedd-fg --role interviewer --regex --json
[ "$(json_get out.txt 'sorted({h["role"] for h in j})')" = "['moderator']" ] || fail "regex role: $(cat out.txt)"

# ---- the case map is checked (the QualCoder focus group and its case sheet) ----
# the case sheet itself is no case map: its header says so
expect_exit 1 "$BRAID" ingest "$QC/transcript.txt" --case-map "$QC/cases123.csv"
contains err.txt "cases123.csv': line 1: expected the header 'speaker,case', found 'case,Age,gender,interest'"
# its ids are ID1..ID3, the transcript's labels id1..id3: letter case only, an error
python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
print('speaker,case')
for r in rows[1:]: print(r[0] + ',' + r[0])
" "$QC/cases123.csv" > qc-map.csv
expect_exit 1 "$BRAID" ingest "$QC/transcript.txt" --case-map qc-map.csv
contains err.txt "qc-map.csv': line 2: 'ID1' matches no speaker, but 'id1' in '$QC/transcript.txt' differs from it only in letter case"
contains out.txt "nothing was added: the batch is one transaction"
# the labels as the transcript has them (a spreadsheet's byte-order mark is fine); a row
# for no one is a warning, so is a row for the moderator
printf '\357\273\277Speaker,Case\nid1,ID1\nid2,ID2\nid3,ID3\nid4,ID4\n' > qc-map2.csv
expect_exit 0 "$BRAID" ingest "$QC/transcript.txt" --case-map qc-map2.csv --name qc
contains err.txt "warning: case map 'qc-map2.csv': line 5: 'id4' matches no speaker of the files read"
expect_exit 0 "$BRAID" speakers qc --json
[ "$(json_get out.txt '[(s["label"], s["case"]) for s in j]')" = "[('id1', 'ID1'), ('id2', 'ID2'), ('id3', 'ID3')]" ] \
	|| fail "qc speakers: $(cat out.txt)"
cat > fg.txt <<'T'
Moderator: Welcome. Who would like to start?
Aziza: I can start. The peer group helped me.
Malika: For me it was the shelter.
Nodira: I agree with Aziza.
MALIKA: And the hotline.
T
printf 'speaker,case\nModerator,M1\nAziza,P011\nMalika,P012\nAziza,P011\n' > fg.csv
expect_exit 0 "$BRAID" ingest fg.txt --case-map fg.csv
contains err.txt "line 2: 'Moderator' is the moderator in 'fg.txt', whose turns belong to no case; the row is not used for it"
contains err.txt "warning: case map 'fg.csv': line 4: 'MALIKA' in 'fg.txt' differs from 'Malika' only in letter case and is not mapped"
contains err.txt "warning: 'fg.txt': speakers 'Malika' and 'MALIKA' differ only in letter case; they are kept apart"
printf 'speaker,case\nAziza,P011\nAziza,P099\n' > clash.csv
expect_exit 1 "$BRAID" ingest fg.txt --case-map clash.csv --force
contains err.txt "clash.csv': line 3: 'Aziza' is mapped to 'P099' here and to 'P011' on line 2"
printf 'Aziza,P011\n' > nohead.csv
expect_exit 1 "$BRAID" ingest fg.txt --case-map nohead.csv --force
contains err.txt "line 1: expected the header 'speaker,case', found 'Aziza,P011'"

# ---- roles and cases agree in show, code ls, stats and cases ----
cat > int.txt <<'T'
Interviewer 1: Who helped you most when you arrived?
Interviewee: The lawyer helped me most. She explained everything.
Interviewer 1: And the shelter?
Interviewee: The shelter helped me too.
T
expect_exit 0 "$BRAID" ingest int.txt --case P100
expect_exit 0 "$BRAID" code add int --code helped --new --coder ana --turn 1
expect_exit 0 "$BRAID" code add int --code helped --coder ana --turn 2
expect_exit 0 "$BRAID" code add int --code helped --coder ana --turn 3
expect_exit 0 "$BRAID" show int --json
[ "$(json_get out.txt '[(t["speaker"], t["case"]) for t in j["turns"]]')" = \
  "[('Interviewer 1', None), ('Interviewee', 'P100'), ('Interviewer 1', None), ('Interviewee', 'P100')]" ] \
	|| fail "show: $(cat out.txt)"
expect_exit 0 "$BRAID" code ls --case P100 --json
[ "$(json_get out.txt '[(c["turn"], c["case"]) for c in j]')" = "[(2, 'P100')]" ] || fail "code ls --case: $(cat out.txt)"
expect_exit 0 "$BRAID" stats codes --by case --json
[ "$(json_get out.txt '[(r["group"], r["segments"]) for r in j]')" = "[('(no case)', 2), ('P100', 1)]" ] \
	|| fail "stats --by case: $(cat out.txt)"
expect_exit 0 "$BRAID" cases --json
[ "$(json_get out.txt '[(c["turns"], c["words"]) for c in j if c["case"] == "P100"]')" = "[(2, 13)]" ] \
	|| fail "cases: $(cat out.txt)"
# --role interviewer in code ls and retrieve
expect_exit 0 "$BRAID" code ls --role interviewer --json
[ "$(json_get out.txt '[c["turn"] for c in j]')" = "[1, 3]" ] || fail "code ls --role: $(cat out.txt)"
expect_exit 0 "$BRAID" retrieve helped --role participant --format json
[ "$(json_get out.txt '[c["turn"] for c in j]')" = "[2]" ] || fail "retrieve --role: $(cat out.txt)"
expect_exit 2 "$BRAID" code ls --role asker
contains err.txt "unknown role 'asker'"

# ---- documents without speakers: 'participant' covers their text ----
expect_exit 0 "$BRAID" ingest "$REAL/udhr_unicode/spa.txt" "$REAL/morevna_subtitles/pepper-and-carrot-ep6-spa.srt"
contains out.txt "spa: text, document"
contains out.txt "pepper-and-carrot-ep6-spa: srt, document"
expect_exit 0 "$BRAID" search dignidad --doc spa --role participant --json
[ "$(json_get out.txt 'len(j) > 0 and {h["role"] for h in j} == {"other"}')" = True ] \
	|| fail "participant does not cover a document's text: $(cat out.txt)"
expect_exit 0 "$BRAID" search ventana --doc pepper-and-carrot-ep6-spa --role participant --json
[ "$(json_get out.txt 'len(j) > 0')" = True ] || fail "participant does not cover subtitles: $(cat out.txt)"
expect_exit 0 "$BRAID" search ventana --doc pepper-and-carrot-ep6-spa --role interviewer --json
[ "$(json_get out.txt 'len(j)')" = 0 ] || fail "interviewer found subtitles: $(cat out.txt)"
