# search: words as people type them (docs/cli.md, "Search queries"), on real transcripts,
# every hit checked against tests/tools/search_tokens.py (the tokenizer's and the query's
# rule in Python's unicodedata); messages for queries FTS5 cannot parse.
. "$ROOT/tests/cli/lib.sh"

R=$SHARED/corpora-real
[ -d "$R" ] || { echo "skip: $R not found"; exit 0; }
"$BRAID" init s.braid >/dev/null
expect_exit 0 "$BRAID" ingest --quiet "$R"/qmsum_meetings/*.speaker_turns.txt \
	"$R"/uzbek_commonvoice_excerpt/uz_sentence-collector_excerpt.txt \
	"$R"/udhr_unicode/uzn_latn.txt "$R"/udhr_unicode/uzn_cyrl.txt "$R"/udhr_unicode/rus.txt
docs="Bro011.speaker_turns IS1003a.speaker_turns education_13.speaker_turns rus
uz_sentence-collector_excerpt uzn_cyrl uzn_latn"
shows=""
for d in $docs; do
	"$BRAID" show "$d" --json > "$d.json"
	shows="$shows $d.json"
done

# oracle WORD MIN: braid's hits of WORD are the oracle's, and there are at least MIN
oracle() {
	python3 "$ROOT/tests/tools/search_tokens.py" "$1" $shows > want.txt
	expect_exit 0 "$BRAID" search "$1" --json
	json_get out.txt '"\n".join("%s %d %d %d %s" % (h["doc"], h["turn"], h["start"], h["end"], h["hit"]) for h in j)' \
		| sed '/^$/d' > got.txt
	diff want.txt got.txt > diff.txt || { cat diff.txt >&2; fail "search '$1' differs from the oracle"; }
	[ "$(wc -l < got.txt)" -ge "$2" ] || fail "search '$1': $(wc -l < got.txt) hits, expected $2 or more"
}
# the words of the issue: contractions, disfluencies, hyphens, punctuation, decimals
oracle "don't" 50
oracle "mm-hmm" 4
oracle "uh-huh" 4
oracle "uh" 100
oracle "e-mailed" 0
oracle "what?" 10
oracle "17.42" 1
# Uzbek, each apostrophe form finding the others: ' ‘ ʻ (U+02BB) and ’ ʼ (da’vat, baʼzi)
oracle "bo'lib" 5
oracle "boʻlgan" 13
oracle "bo‘l*" 40
oracle "da'vat" 2
oracle "ba'zi" 1
oracle "o‘z" 5
# Cyrillic: ў and у, й and и fold together; қ ҳ ғ stay themselves
oracle "ўз" 3
oracle "уз" 3
oracle "ҳуқуқ*" 20
oracle "каждыи" 10
check() { [ "$2" = "$3" ] || fail "$1: got $2, expected $3"; }
expect_exit 0 "$BRAID" search "бо'либ" --json
check "Cyrillic б is not Latin b" "$(json_get out.txt 'len(j)')" 0
# every apostrophe form typed finds the same hits
for q in "bo'lib" "bo‘lib" "bo’lib" "boʻlib" "boʼlib" 'bo`lib'; do
	expect_exit 0 "$BRAID" search "$q" --json
	json_get out.txt '[(h["doc"], h["turn"], h["start"]) for h in j]' > "forms.txt"
	[ -f first.txt ] || cp forms.txt first.txt
	diff first.txt forms.txt >/dev/null || fail "search $q finds other hits than bo'lib"
done
check "bo'lib hits" "$(json_get out.txt 'sorted(set(h["hit"] for h in j))')" "[\"bo'lib\", 'boʻlib']"

# FTS5 syntax keeps its meaning
expect_exit 0 "$BRAID" search '"mm hmm" NOT uh' --json
check "phrase NOT" "$(json_get out.txt 'all("uh" not in h["left"].lower().split() for h in j) and len(j) > 0')" True
expect_exit 0 "$BRAID" search 'NEAR(remote control, 3)' --doc IS1003a.speaker_turns --limit 2 --json
check "NEAR" "$(json_get out.txt '[h["hit"].lower() for h in j]')" "['remote', 'control']"

# a query FTS5 cannot parse: braid's message and what to do, exit 1, nothing on stdout
for fmt in table json csv tsv; do
	expect_exit 1 "$BRAID" search '"legal aid' --format $fmt
	[ ! -s out.txt ] || fail "--format $fmt printed on a bad query: $(cat out.txt)"
	contains err.txt "unbalanced \" in the query: close it or search the words without quotes"
done
expect_exit 1 "$BRAID" search 'NOT uh' --json
[ ! -s out.txt ] || fail "--json printed on a bad query: $(cat out.txt)"
contains err.txt "NOT in the query needs a word or phrase on each side"
lacks err.txt "fts5"
expect_exit 1 "$BRAID" search '(uh OR um' --json
contains err.txt "unbalanced ( in the query"
expect_exit 1 "$BRAID" search '?' --json
contains err.txt "nothing to search for in '?'"

# filters name what exists, on both paths; labels in any case
for re in "" --regex; do
	expect_exit 0 "$BRAID" search uh $re --doc IS1003a.speaker_turns --speaker 'project manager' --json
	check "speaker in any case $re" "$(json_get out.txt 'sorted(set(h["speaker"] for h in j))')" "['Project Manager']"
	expect_exit 0 "$BRAID" search uh $re --doc IS1003a.speaker_turns.txt --limit 1 --json
	check "document by its file $re" "$(json_get out.txt '[h["doc"] for h in j]')" "['IS1003a.speaker_turns']"
	expect_exit 1 "$BRAID" search uh $re --doc IS1003a --json
	[ ! -s out.txt ] || fail "--json printed for an unknown document: $(cat out.txt)"
	contains err.txt "no document 'IS1003a'"
	expect_exit 1 "$BRAID" search uh $re --doc rsu
	contains err.txt "no document 'rsu' (did you mean 'rus'?)"
	expect_exit 1 "$BRAID" search uh $re --speaker 'Project Manger'
	contains err.txt "no speaker 'Project Manger' (did you mean 'Project Manager'?)"
	expect_exit 1 "$BRAID" search uh $re --doc Bro011.speaker_turns --speaker 'Marketing'
	contains err.txt "document 'Bro011.speaker_turns': no speaker 'Marketing'"
	# a role outside the vocabulary is a usage error, with the roles there are
	expect_exit 2 "$BRAID" search uh $re --role researcher
	contains err.txt "interviewer, participant, moderator or other"
done

# a regex hit longer than --width is cut in the middle in the table; JSON keeps it whole
expect_exit 0 "$BRAID" search --regex 'Abu Muslim.*' --doc uz_sentence-collector_excerpt --width 10 --limit 1
check "long hit in the table" "$(cat out.txt)" \
	"uz_sentence-collector_excerpt  #14  (text)    [Abu Musli...nlanadi.]"
expect_exit 0 "$BRAID" search --regex 'Abu Muslim.*' --doc uz_sentence-collector_excerpt --width 10 --limit 1 --json
check "long hit in JSON" "$(json_get out.txt 'j[0]["hit"]')" \
	"Abu Muslim Bag‘dodda davlat va harbiy kuchlarning yuqori lavozimiga tayinlanadi."
# a hit across a line break stays on its line
printf 'A: one\ntwo three\n' > lines.txt
expect_exit 0 "$BRAID" ingest --quiet lines.txt
expect_exit 0 "$BRAID" search --regex 'one\ntwo' --doc lines
check "hit on one line" "$(cat out.txt)" "lines  #1  A    [one two] three"

# a regex that hits PCRE2's match limit: an error naming the document and turn, after a hit;
# the data formats print nothing then (no well-formed but partial JSON or CSV)
printf 'A: aaaa\nB: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.\n' > backtrack.txt
expect_exit 0 "$BRAID" ingest --quiet backtrack.txt
for fmt in json csv tsv table; do
	expect_exit 1 "$BRAID" search --regex '(a+)+$' --doc backtrack --format $fmt
	[ ! -s out.txt ] || fail "--format $fmt printed when the search failed: $(cat out.txt)"
	contains err.txt "regex '(a+)+\$': matching failed in 'backtrack', turn 2: match limit exceeded"
done
expect_exit 0 "$BRAID" search --regex '(a+)+$' --doc backtrack --limit 1 --json
check "the hit before the limit" "$(json_get out.txt '[(h["turn"], h["hit"]) for h in j]')" "[(1, 'aaaa')]"
# no hits is an empty listing, not an error
expect_exit 0 "$BRAID" search zyzzyva --json
check "no hits" "$(cat out.txt)" "[]"
expect_exit 0 "$BRAID" search zyzzyva --format csv
check "no hits in CSV" "$(head -c 9 out.txt)" "doc,turn,"

# two labels that differ in case only are both the speaker asked for, on both paths;
# with --regex a document without the speaker is not read at all
printf 'Amina: mango one\namina: mango two\nOlim: mango three\n' > twocase.txt
expect_exit 0 "$BRAID" ingest --quiet twocase.txt --speakers "Amina,amina,Olim"
for re in "" --regex; do
	expect_exit 0 "$BRAID" search mango $re --speaker AMINA --json
	check "labels in any case $re" "$(json_get out.txt '[(h["doc"], h["turn"], h["speaker"]) for h in j]')" \
		"[('twocase', 1, 'Amina'), ('twocase', 2, 'amina')]"
done
