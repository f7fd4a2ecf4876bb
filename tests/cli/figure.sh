# export cooccur and export figure: co-occurrence counts worked out by hand in
# each unit, to a file, usage errors; figures in SVG, PDF and PNG (the format
# from the extension or --format), the map as `braid map` draws it, a theme
# named in Uzbek, and the errors of a figure with nothing to draw.
. "$ROOT/tests/cli/lib.sh"

# Under AddressSanitizer (make check), the libraries' own lifetime caches are not leaks of
# braid's: fontconfig's font configuration and Graphviz's plugin configuration (as in
# report.sh; test_figure.c suppresses the same two).
printf 'leak:libfontconfig.so\nleak:gvconfig\n' > lsan.supp
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/lsan.supp:print_suppressions=0"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# int1 (as in themes.sh): turn 1 13-37 (Interviewer); turn 2 45-146 (P001);
#   turn 3 161-182 (Interviewer); turn 4 190-237 (P001)
# int2: turn 1 3-25 (I); turn 2 30-87 (R)
cat > int1.txt <<'T'
Interviewer: Did the lawyer help you?
P001: Yes. The lawyer helped me get my passport back. I still owe money to my uncle.

The shelter was kind.
Interviewer: And the psychologist?
P001: The psychologist listened. She did not push me.
T
cat > int2.txt <<'T'
I: Tell me about support.
R: My sister called me every day. The lawyer never answered.
T
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002
cat > book.yaml <<'Y'
name: Support
codes:
  - {name: Legal aid, id: legal-aid}
  - {name: Family support, id: family}
  - {name: Psychological support, id: psych}
  - {name: Shelter, id: shelter}
Y
expect_exit 0 "$BRAID" codebook import book.yaml

# ---- usage errors before anything is counted ----
expect_exit 2 "$BRAID" export cooccur --unit word
contains err.txt "unknown co-occurrence unit 'word' (expected segment, turn or doc)"
expect_exit 2 "$BRAID" export cooccur --codes --themes
contains err.txt "--codes and --themes cannot go together"
expect_exit 2 "$BRAID" export figure bars -o f.svg
contains err.txt "unknown figure 'bars' (expected prevalence, cooccur, map or coverage)"
expect_exit 2 "$BRAID" export figure prevalence
contains err.txt "a figure needs --output FILE (.svg, .pdf or .png)"
expect_exit 2 "$BRAID" export figure prevalence -o f.gif
contains err.txt "cannot tell the format from 'f.gif': give --format (svg, pdf or png)"
expect_exit 2 "$BRAID" export figure prevalence -o figure
contains err.txt "cannot tell the format from 'figure': give --format (svg, pdf or png)"
expect_exit 2 "$BRAID" export figure prevalence -o f.svg --format jpg
contains err.txt "unknown figure format 'jpg' (expected svg, pdf or png)"
expect_exit 2 "$BRAID" export figure cooccur -o f.svg --by SR
contains err.txt "--by splits the prevalence bars only"
expect_exit 2 "$BRAID" export figure map -o f.svg --codes
expect_exit 2 "$BRAID" export figure
# nothing to draw: no theme yet, no coding yet
expect_exit 1 "$BRAID" export figure prevalence -o f.svg
contains err.txt "no themes in play"
expect_exit 1 "$BRAID" export figure coverage -o f.svg
contains err.txt "no code has coded words"
[ ! -e f.svg ] || fail "a failed figure left a file"

#  1 int1 legal-aid 50-92 (turn 2)      2 int1 family 93-123 (turn 2)
#  3 int1 psych 190-216 (turn 4)        4 int2 family 30-60 (turn 2)
#  5 int2 legal-aid 61-87, ben (turn 2) 6 int1 shelter 125-146 (turn 2)
#  7 int1 legal-aid 13-37 (turn 1, the interviewer's)
#  8 int1 family 80-100 (turn 2): overlaps 1 and 2
"$BRAID" code add int1 --code legal-aid --range 50:92 >/dev/null
"$BRAID" code add int1 --code family --range 93:123 >/dev/null
"$BRAID" code add int1 --code psych --range 190:216 >/dev/null
"$BRAID" code add int2 --code family --range 30:60 >/dev/null
"$BRAID" code add int2 --code legal-aid --range 61:87 --coder ben >/dev/null
"$BRAID" code add int1 --code shelter --range 125:146 >/dev/null
"$BRAID" code add int1 --code legal-aid --range 13:37 >/dev/null
"$BRAID" code add int1 --code family --range 80:100 >/dev/null

# ---- co-occurrence ----
# segment, legal-aid x family: int1: 13-37 alone; 50-92, 80-100 and 93-123
# chained into one passage with both; int2: 30-60 and 61-87 only touch.
# both 1, legal-aid's passages 2 + 1 = 3, family's 1 + 1 = 2: 1 / 4.
# legal-aid x shelter: 125-146 overlaps nothing: 0 of 3 and 1.
expect_exit 0 "$BRAID" export cooccur --format csv
contains out.txt "a,b,a_name,b_name,both,n_a,n_b,jaccard"
contains out.txt "legal-aid,family,Legal aid,Family support,1,3,2,0.25"
contains out.txt "legal-aid,shelter,Legal aid,Shelter,0,3,1,0"
check "pairs of 4 codes" "$(grep -c , out.txt)" 7
# turn: legal-aid in int1's turns 1 and 2 and int2's turn 2, family in both turns 2
expect_exit 0 "$BRAID" export cooccur --unit turn --format csv
contains out.txt "legal-aid,family,Legal aid,Family support,2,3,2,0.6666666666666666"
contains out.txt "family,shelter,Family support,Shelter,1,2,1,0.5"
# doc: both documents have both; ana's codings: int2's legal aid is ben's
expect_exit 0 "$BRAID" export cooccur --unit doc --format csv
contains out.txt "legal-aid,family,Legal aid,Family support,2,2,2,1"
expect_exit 0 "$BRAID" export cooccur --unit doc --coder ana --format csv
contains out.txt "legal-aid,family,Legal aid,Family support,1,1,2,0.5"
# the table for reading: names and the index to three decimals
expect_exit 0 "$BRAID" export cooccur --unit turn
contains out.txt "A                      B                      BOTH  N_A  N_B  JACCARD"
contains out.txt "Legal aid              Family support            2    3    2    0.667"
expect_exit 0 "$BRAID" export cooccur --json
check "json pairs" "$(json_get out.txt 'len(j)')" 6
# to a file, with nothing on standard output but the line that says so
expect_exit 0 "$BRAID" export cooccur --unit doc --format tsv -o co.tsv
check "wrote" "$(cat out.txt)" "wrote co.tsv (6 pairs of 4 codes)"
contains co.tsv "legal-aid	family	Legal aid	Family support	2	2	2	1"
# without --format, the file's extension names it, as for the export tables
expect_exit 0 "$BRAID" export cooccur --unit doc -o co.md
contains co.md "| A | B | BOTH |"
expect_exit 1 "$BRAID" export cooccur --coder nobody
expect_exit 0 "$BRAID" export cooccur --themes
check "no themes, no pairs" "$(cat out.txt)" "A  B  BOTH  N_A  N_B  JACCARD"

# ---- figures ----
expect_exit 0 "$BRAID" theme new "Formal support"
expect_exit 0 "$BRAID" theme add-code formal-support legal-aid shelter
expect_exit 0 "$BRAID" theme new "Оила ва қариндошлар"
expect_exit 0 "$BRAID" theme add-code "Оила ва қариндошлар" family
expect_exit 0 "$BRAID" theme new "Care"
expect_exit 0 "$BRAID" theme add-code care psych
expect_exit 0 "$BRAID" export figure prevalence -o prev.svg
check "wrote" "$(cat out.txt)" "wrote prev.svg (prevalence svg)"
contains prev.svg '<svg xmlns="http://www.w3.org/2000/svg"'
contains prev.svg 'width="237.6pt"'
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" prev.svg
for kind in prevalence cooccur coverage; do
	expect_exit 0 "$BRAID" export figure $kind -o $kind.pdf
	check "$kind.pdf" "$(head -c 5 $kind.pdf)" "%PDF-"
	expect_exit 0 "$BRAID" export figure $kind -o $kind.png --themes
	# the PNG's width from its header: 3.3 in at 300 dpi
	check "$kind.png" "$(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print(d[1:4], struct.unpack('>I', d[16:20])[0])" $kind.png)" "b'PNG' 990"
done
expect_exit 0 "$BRAID" export figure cooccur --codes -o codes --format svg
contains codes '<svg'
# the heatmap by another unit draws other counts; --unit is the heatmap's only
expect_exit 0 "$BRAID" export figure cooccur --codes --unit doc -o codes-doc.svg
cmp -s codes codes-doc.svg && fail "the heatmap by document is the one by segment"
expect_exit 2 "$BRAID" export figure prevalence --unit turn -o p.svg
contains err.txt "--unit is the co-occurrence heatmap's only"
# the map is the map `braid map` draws
expect_exit 0 "$BRAID" export figure map -o map.svg
expect_exit 0 "$BRAID" map -o map2.svg
cmp -s map.svg map2.svg || fail "export figure map differs from braid map"
