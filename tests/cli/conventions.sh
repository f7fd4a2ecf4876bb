# Transcript conventions found in real files (docs/transcripts.md, "Conventions found in
# real files"), end to end: Rev continuation lines, one-off Otter headers, Netflix-style
# captions, OpenDocument text, and the refusal of PDFs and other zips. Real files where the
# convention came from real files (Spacelog metadata lines and the Pepper&Carrot captions
# are in real-corpora.sh); otherwise fixtures in the exact shape the tool exports, marked
# synthetic (tests/fixtures/SOURCE.md).
#
# Expected counts are worked out from the files, not from braid: turns and speakers by hand
# (and with the grep noted beside each), words with tests/tools/count_words.py over the text
# that is left once label, header and timestamp lines are cut away (the Python beside each).
. "$ROOT/tests/cli/lib.sh"

F=$ROOT/tests/fixtures
"$BRAID" init conv.braid >/dev/null

# doc -> "[(speaker, start_ms, text), ...]"
turns() { "$BRAID" show "$1" --json > show.json && json_get show.json "[(t['speaker'], t['start_ms'], t['text']) for t in j['turns']]"; }

expect_exit 0 "$BRAID" ingest --quiet "$F/synthetic-rev.txt" "$F/synthetic-otter.txt" \
	"$F/synthetic-netflix.srt" "$F/transcript.odt"
expect_exit 0 "$BRAID" docs --json; cp out.txt docs.json

# Rev: 6 label lines "Name (mm:ss):" and 2 continuation lines "(mm:ss):" (grep -cE
# '^\(?[^(]*\([0-9:]+\):$'): 8 turns of 2 speakers; words of every other non-blank line:
#   python3 -c "import re,sys; print('\n'.join(l for l in open(sys.argv[1]).read().split('\n')
#     if l.strip() and not re.match(r'^(.+ )?\(\d\d:\d\d\):$', l)))" FILE | count_words.py
doc_shape synthetic-rev "(8, 2, 106)"
got=$(turns synthetic-rev)
case $got in
*"('Amina Yusuf', 62000, 'Then the neighbours came."*"('Amina Yusuf', 105000, 'By the second summer"*) ;;
*) fail "rev continuation turns: $got" ;;
esac
"$BRAID" show synthetic-rev > show.txt
lacks show.txt "(01:02)"

# Otter: 6 headers "Name  m:ss  " (grep -cE '^.+  [0-9]+:[0-9]{2}  $'); "Unknown Speaker"
# has one of them and is a speaker all the same: 3 speakers. Words of the lines under the
# headers (grep -vE '^.+  [0-9]+:[0-9]{2}  $' FILE | count_words.py), 62: 57 and the 5
# of Otter's trailer "Transcribed by https://otter.ai", which continues the last turn as
# any unlabelled line does.
doc_shape synthetic-otter "(6, 3, 62)"
"$BRAID" speakers synthetic-otter --json > spk.json
[ "$(json_get spk.json "sorted(s['label'] for s in j)")" = \
  "['Maria Lopez', 'Speaker 2', 'Unknown Speaker']" ] || fail "otter speakers"
got=$(turns synthetic-otter)
case $got in
*"('Unknown Speaker', 20000, 'Sorry, can you repeat that? The line dropped for a second.')"*) ;;
*) fail "otter one-off header: $got" ;;
esac

# Netflix-style SRT, by hand: cue 1 [Mara]; cue 2 -[Jonas] / -[Mara]; cue 3 a sound
# ([train horn blaring]) goes on with Mara; cue 4 [Jonas]; cue 5 -[Mara] / -Thanks.: the
# second dialogue line is someone unnamed, and cue 6 (a description and italic text) goes
# on with that turn. 6 turns; Mara, Jonas and the pseudo-speaker (text). Words: every cue
# line without tags, leading dashes and the two names' labels:
#   python3 -c "import re,sys; print('\n'.join(re.sub(r'^\[(Mara|Jonas)\] ', '',
#     re.sub(r'^-', '', re.sub(r'</?i>', '', l))) for l in open(sys.argv[1]).read().split('\n')
#     if l.strip() and '-->' not in l and not l.isdigit()))" FILE | count_words.py
doc_shape synthetic-netflix "(6, 3, 36)"
[ "$(turns synthetic-netflix)" = "[('Mara', 1000, 'Are you still at the station?'), \
('Jonas', 4000, 'I missed the last train.'), ('Mara', 4000, 'Of course you did. [train horn blaring]'), \
('Jonas', 8500, 'Can you pick me up?'), ('Mara', 10500, '[sighs] Give me twenty minutes.'), \
('(text)', 10500, 'Thanks. [man over loudspeaker] Platform two is closed.')]" ] ||
	fail "netflix turns: $(turns synthetic-netflix)"

# ODT (tests/fixtures/make_odt.py): a heading and four labelled paragraphs, as transcript.docx
doc_shape transcript "(5, 3, 25)"
[ "$(json_get docs.json "[d['format'] for d in j if d['name'] == 'transcript'][0]")" = odt ] || fail "odt format"
"$BRAID" show transcript > show.txt
contains show.txt "Participant: Fine, mostly. We found a flat in Malmö."

# the package decides: an ODT named .docx, a docx named .odt; a directory takes .odt files
cp "$F/transcript.odt" renamed.docx
cp "$F/transcript.docx" renamed.odt
expect_exit 0 "$BRAID" ingest --json renamed.docx renamed.odt --force
contains out.txt '"name":"renamed","format":"odt"'
contains out.txt '"name":"renamed-2","format":"docx"'
mkdir dir && cp "$F/tracked.odt" dir/
expect_exit 0 "$BRAID" ingest dir
contains out.txt "tracked: odt"

# refused by name: PDF (not an encoding hint), an old .doc, other OpenDocument files, other
# zips; the whole ingest is refused and the project keeps what it had
printf '%%PDF-1.7\n%%\342\343\317\323\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' > report.pdf
expect_exit 1 "$BRAID" ingest report.pdf
contains err.txt "cannot read 'report.pdf': PDF is not supported: export the transcript as text or docx"
lacks err.txt "encoding"
cp report.pdf report.txt
expect_exit 1 "$BRAID" ingest report.txt
contains err.txt "PDF is not supported"
printf '\320\317\021\340\241\261\032\341\0\0\0\0' > old.doc
expect_exit 1 "$BRAID" ingest old.doc
contains err.txt "cannot read 'old.doc': Word 97-2003 (.doc) and other old Office files are not supported"
expect_exit 1 "$BRAID" ingest "$F/spreadsheet.ods"
contains err.txt "not a Word or OpenDocument text file: mimetype 'application/vnd.oasis.opendocument.spreadsheet'"
cp "$F/nodoc.docx" other.odt
expect_exit 1 "$BRAID" ingest other.odt
contains err.txt "cannot read 'other.odt': not a Word or OpenDocument text file: no word/document.xml or content.xml"
lacks err.txt "not a Word document"
expect_exit 1 "$BRAID" ingest "$F/badxml.odt"
contains err.txt "bad XML in content.xml: line 2, column 208"
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt "len(j)")" = 7 ] || fail "a refused ingest added documents"
