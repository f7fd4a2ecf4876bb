# Ingest of real transcripts written by other people (../shared/corpora-real), checked
# against turn counts, speaker sets and word counts worked out independently of braid:
# by hand, or with tests/tools/count_words.py (Python unicodedata, the rule in text.h)
# over the text that a few lines of Python cut out of each file, as noted per line.
. "$ROOT/tests/cli/lib.sh"

R=$SHARED/corpora-real
[ -d "$R" ] || { echo "skip: $R not found"; exit 0; }
"$BRAID" init real.braid >/dev/null

speakers() {
	"$BRAID" speakers "$1" --json > spk.json
	got=$(json_get spk.json "sorted(s['label'] for s in j)")
	[ "$got" = "$2" ] || fail "$1 speakers: got $got, expected $2"
}

expect_exit 0 "$BRAID" ingest --quiet "$R"/qmsum_meetings/*.speaker_turns.txt
# QMSum: one "Speaker: text" line per turn; words of the text after the first ": "
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json
doc_shape Bro011.speaker_turns "(346, 6, 6626)"
doc_shape IS1003a.speaker_turns "(301, 4, 1670)"
doc_shape education_13.speaker_turns "(133, 7, 10268)"
speakers education_13.speaker_turns "['Barry Hughes', 'Dawn Bowden AM', 'Janet Finch-Saunders AM', 'Lynne Neagle AM', 'Sian Gwenllian AM', 'Suzy Davies AM', 'Vikki Howells AM']"
speakers IS1003a.speaker_turns "['Industrial Designer', 'Marketing', 'Project Manager', 'User Interface']"

# UDHR: no speakers, one paragraph per line (turns = non-blank lines), words of the whole
# text; vie.txt is neither NFC nor NFD and its "Điều 1:" headings are not speakers
expect_exit 0 "$BRAID" ingest --quiet "$R"/udhr_unicode/lin_tones.txt "$R"/udhr_unicode/rus.txt \
	"$R"/udhr_unicode/spa.txt "$R"/udhr_unicode/uzn_cyrl.txt "$R"/udhr_unicode/uzn_latn.txt \
	"$R"/udhr_unicode/vie.txt
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json
doc_shape lin_tones "(88, 1, 1819)"
doc_shape rus "(92, 1, 1589)"
doc_shape spa "(93, 1, 1914)"
doc_shape uzn_cyrl "(92, 1, 1537)"
doc_shape uzn_latn "(92, 1, 1537)"
doc_shape vie "(93, 1, 2479)"
[ "$(json_get docs.json "[d['kind'] for d in j if d['name'] == 'vie'][0]")" = document ] || fail "vie is not a document"

# WebVTT: W3C example, 13 cues, speaker changes RB x9 | NT | RB | NT | RB = 5 turns (by hand);
# Teams file with unpadded timestamps: 2 cues, 2 speakers; words of the tag-stripped cue text
expect_exit 0 "$BRAID" ingest --quiet "$R"/webvtt_samples/w3c_spec_example_bingham_tyson.vtt \
	"$R"/webvtt_samples/webvtt-py_teams_timeframe.vtt
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json
doc_shape w3c_spec_example_bingham_tyson "(5, 2, 90)"
doc_shape webvtt-py_teams_timeframe "(2, 2, 7)"
speakers w3c_spec_example_bingham_tyson "['Neil deGrasse Tyson', 'Roger Bingham']"
"$BRAID" show webvtt-py_teams_timeframe --json > show.json
[ "$(json_get show.json "[(t['speaker'], t['start_ms'], t['end_ms']) for t in j['turns']]")" = \
  "[('Yuri Bakulin', 0, 570), ('Adrian Petrescu', 210, 1130)]" ] || fail "teams times"

# SRT (Morevna, three languages): no speakers, so one pseudo-speaker; words of the
# tag-stripped cue text (the turns depend on the pause rule, see docs/transcripts.md)
expect_exit 0 "$BRAID" ingest --quiet "$R"/morevna_subtitles/morevna-ep3-eng.srt \
	"$R"/morevna_subtitles/morevna-ep3-rus.srt "$R"/morevna_subtitles/morevna-ep3-spa.srt
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json
for d in eng:369 rus:310 spa:302; do
	got=$(json_get docs.json "[(d['speakers'], d['words']) for d in j if d['name'] == 'morevna-ep3-${d%%:*}'][0]")
	[ "$got" = "(1, ${d#*:})" ] || fail "morevna ${d%%:*}: $got"
done

# Pepper&Carrot captions in Spanish and Russian: bracketed sound descriptions ([bostezos],
# [gritando], [зевает], [орёт], [ВАРИАНТ1:]) are text, never speakers: one pseudo-speaker;
# words of every cue line (count_words.py over the lines that are neither blank, nor a
# number, nor a timing line), descriptions included
expect_exit 0 "$BRAID" ingest --quiet "$R"/morevna_subtitles/pepper-and-carrot-ep6-spa.srt \
	"$R"/morevna_subtitles/pepper-and-carrot-ep6-rus.srt
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json
doc_shape pepper-and-carrot-ep6-spa "(29, 1, 445)"
doc_shape pepper-and-carrot-ep6-rus "(29, 1, 381)"
speakers pepper-and-carrot-ep6-spa "['(text)']"
"$BRAID" show pepper-and-carrot-ep6-spa > show.txt
contains show.txt "[bostezos] Oh, otra vez"
contains show.txt "[gritando] ¡Bueno!"
"$BRAID" show pepper-and-carrot-ep6-rus > show.txt
contains show.txt "[орёт] Итак"

# Spacelog: [DD:HH:MM:SS] timestamp lines and "SPK: text" lines (115 in mr3_ATG, 205 in
# mr4_ATG: grep -cE '^[A-Z][A-Z0-9 -]*: '); the metadata lines "_note: ..." (2) and
# "_page: N" (6) are neither turns nor words. Words: count_words.py over the text after
# each label plus the other lines that are not blank, timestamps or "_" lines:
#   python3 -c "import re,sys; print('\n'.join(re.sub(r'^[A-Z][A-Z0-9 -]*: ', '', l)
#     for l in open(sys.argv[1]).read().replace('\r', '').split('\n') if l.strip()
#     and not re.match(r'\s*\[-?[0-9:]+\]\s*$', l) and not l.startswith('_')))" FILE
# (mr3_ATG: 751 = the 768 of all its text but the 17 words of its two _note lines)
expect_exit 0 "$BRAID" ingest --quiet "$R"/spacelog_transcripts/mr3_ATG.txt \
	"$R"/spacelog_transcripts/mr4_ATG.txt
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json
doc_shape mr3_ATG "(115, 6, 751)"
doc_shape mr4_ATG "(205, 10, 2417)"
speakers mr3_ATG "['CARDFILE', 'CC', 'ICC', 'LCC', 'P', 'UNK']"
"$BRAID" show mr4_ATG > show.txt
lacks show.txt "_page"
"$BRAID" show mr3_ATG --json > show.json
# [00:00:00:02] P: Ahh, Roger; ... is the second turn, 2 s after lift-off
[ "$(json_get show.json "(j['turns'][1]['speaker'], j['turns'][1]['start_ms'])")" = "('P', 2000)" ] || fail "spacelog time"

# search across scripts and diacritics on real text
expect_exit 0 "$BRAID" search 'huquqlari' --doc uzn_latn --limit 1
contains out.txt "[HUQUQLARI]"
expect_exit 0 "$BRAID" search 'declaracion' --doc spa --limit 1
contains out.txt "[Declaración]"
