#!/bin/sh
# bench/themes.sh: `theme ls --json`, `theme show`, the analysis report and the
# thematic map on a project with 200 documents, 100,000+ accepted codings and 50
# themes. Prints figures, never passes or fails (the goal: under a second each).
#
# The project: the first 200 files of a generated corpus (gen_corpus.py, 2.4 MB),
# the shipped codebooks, autocoded by five coders (auto, c2 ... c5: five times the
# same units, about 21,000 each) and every coding accepted, since prevalence counts
# accepted codings; then 10 themes, each with 4 sub-themes (50 in all), the
# sub-themes gathering two codes each and the themes one, round the codes (so codes
# sit in several themes, and every theme counts its sub-themes' codings too). Every
# theme is then reviewed, defined and given two exemplar quotes, so that the report
# writes all 50 with their prevalence across the cases.
# Each command: best of $BENCH_THEMES_RUNS (3) wall-clock seconds, with its peak
# resident memory (/usr/bin/time -f %M).
#
# usage: BRAID=build/braid sh bench/themes.sh   (make bench runs it last)
set -eu
: "${BRAID:?}"
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-$root/bench/data}
RUNS=${BENCH_THEMES_RUNS:-3}
P=$data/themes.braid
tmp=$data/themes-time.txt
mkdir -p "$data"
. "$root/bench/project.sh"
bench_project "$P"
for coder in auto c2 c3 c4 c5; do
	"$BRAID" -p "$P" autocode --quiet --coder "$coder"
done
"$BRAID" -p "$P" code accept --all >/dev/null
codes=$(sqlite3 "$P" "SELECT slug FROM codes WHERE status = 'active' ORDER BY id")
ncodes=$(echo "$codes" | wc -l)
i=0
pick() { echo "$codes" | sed -n "$(( ($1 % ncodes) + 1 ))p"; }
for t in 1 2 3 4 5 6 7 8 9 10; do
	"$BRAID" -p "$P" theme new "Theme $t" >/dev/null
	"$BRAID" -p "$P" theme add-code "theme-$t" "$(pick $((t * 3)))" >/dev/null
	for s in 1 2 3 4; do
		"$BRAID" -p "$P" theme new "Theme $t.$s" --parent "theme-$t" >/dev/null
		"$BRAID" -p "$P" theme add-code "theme-$t-$s" "$(pick $i)" "$(pick $((i + 7)))" >/dev/null
		i=$((i + 1))
	done
done
q() { sqlite3 "$P" "$1"; }
for t in $(q "SELECT slug FROM themes ORDER BY id"); do
	"$BRAID" -p "$P" theme review "$t" --extracts --dataset >/dev/null
	"$BRAID" -p "$P" theme status "$t" reviewed >/dev/null
	"$BRAID" -p "$P" theme define "$t" --definition "What $t is about." --scope "Where $t stops." >/dev/null
	"$BRAID" -p "$P" theme status "$t" defined >/dev/null
	# two of its own codes' accepted codings, from two documents
	for c in $(q "SELECT min(g.id) FROM codings g JOIN theme_codes tc ON tc.code_id = g.code_id
		JOIN themes th ON th.id = tc.theme_id WHERE th.slug = '$t' AND g.status = 'accepted'
		GROUP BY g.doc_id ORDER BY g.doc_id LIMIT 2"); do
		"$BRAID" -p "$P" quote add "$t" "$c" >/dev/null
	done
done
sqlite3 "$P" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# the theme with the most segments, for theme show
"$BRAID" -p "$P" theme ls --json > "$data/themes-ls.json"
big=$(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); t=max(j, key=lambda t: t['segments']); print(t['id'], t['segments'])" "$data/themes-ls.json")
set -- $big
echo "== 7. themes: $(q "SELECT count(*) FROM documents") documents, $(q "SELECT count(*) FROM turns") turns," \
	"$(q "SELECT count(*) FROM codings WHERE status = 'accepted'") accepted codings by" \
	"$(q "SELECT count(DISTINCT coder_id) FROM codings") coders, $(q "SELECT count(*) FROM themes") themes" \
	"over $ncodes codes ($(q "SELECT count(*) FROM themes WHERE status = 'defined'") defined," \
	"$(q "SELECT count(*) FROM quotes") quotes, $(q "SELECT count(*) FROM cases") cases);" \
	"theme show $1 ($2 segments)"

run() { # run LABEL ARGS...: best of $RUNS, seconds and peak MB
	label=$1
	shift
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$tmp" "$BRAID" -p "$P" "$@" >/dev/null
		tail -1 "$tmp"
	done | sort -n | head -1 | awk -v l="$label" '{ printf "%-34s %6.2f s %6.0f MB peak\n", l, $1, $2 / 1024 }'
}
run "theme ls --json" theme ls --json
run "theme ls (table)" theme ls
run "theme show $1" theme show "$1"
run "theme show $1 --json" theme show "$1" --json
run "theme show $1 --coder c3" theme show "$1" --coder c3
# the report: md without its map (to standard output), html with the map laid out
# inline, tex with the map drawn as a PDF beside it; the map alone, and with the
# co-occurrence lines (every pair counted in one more walk over the codings)
run "report --format md" report --format md
run "report --format html" report --format html
run "report -o report.tex (+ map pdf)" report -o "$data/themes-report.tex"
run "map --format svg" map --format svg
run "map --format dot" map --format dot
run "map --format svg --cooccur 1000" map --format svg --cooccur 1000
# quantitizing: every case x every theme (one walk), and x every code
run "matrix --value coverage --format csv" matrix --value coverage --format csv
run "matrix --cols codes --format csv" matrix --cols codes --format csv
# triangulation (the issue's size: 150 survey rows, 50 themes, 20 variables): a synthetic
# survey (gen_survey.py) of the project's cases and ids not interviewed, imported (an
# undoable change like any), then the matrix with every variable joined, a joint display
# for each kind of variable, with the exemplar quotes, correlations and a model
q "SELECT name FROM cases ORDER BY name" > "$data/themes-cases.txt"
python3 "$root/bench/gen_survey.py" "$data/themes-cases.txt" "$data/themes-survey.csv"
"$BRAID" -p "$P" survey import "$data/themes-survey.csv" --id id >/dev/null
for v in ord1 ord2 ord3; do
	"$BRAID" -p "$P" survey type "$v" ordinal --levels low,medium,high >/dev/null
done
vars=$(head -1 "$data/themes-survey.csv" | cut -d, -f2-)
echo "-- triangulation: $(q "SELECT count(*) FROM survey_rows") survey rows" \
	"($(q "SELECT count(*) FROM survey_rows WHERE case_id IS NOT NULL") linked to cases)," \
	"$(q "SELECT count(*) FROM survey_vars") variables, $(q "SELECT count(*) FROM themes") themes"
run "matrix --with (20 variables) csv" matrix --with "$vars" --format csv
run "triangulate --by bin1 (binary)" triangulate --by bin1
run "triangulate --by num1 (numeric)" triangulate --by num1
run "triangulate --by ord1 (ordinal)" triangulate --by ord1
run "triangulate --by cat1 --json" triangulate --by cat1 --json
run "triangulate --by bin1 --quotes" triangulate --by bin1 --quotes
# every pair of the 17 binary, numeric and ordinal variables and the 50 themes (2,211 pairs)
# shellcheck disable=SC2046  # one argument per variable
run "corr (17 vars + 50 themes)" triangulate corr $(echo "$vars" | tr , '\n' | grep -v '^cat') themes
run "model --logit (7 columns)" triangulate model --outcome bin1 --predictors num1,num2,ord1,cat1,theme:theme-1-1
run "model --ols (56 columns)" triangulate model --outcome num1 --predictors num2,bin2,ord1,cat1,themes
# export (docs/export.md): the matrix by documents and as an Excel sheet, every coded segment
# (100,000+ rows, each with its text, as JSON and as a sheet), co-occurrence of every pair of
# codes, a heatmap, and the whole project as a REFI-QDA file and back into a new project
echo "-- export"
run "export matrix --rows docs" export matrix --rows docs --value coverage --format csv
run "export matrix -o xlsx" export matrix --with "$vars" -o "$data/themes-matrix.xlsx"
run "export segments --json" export segments --json
run "export segments -o xlsx" export segments -o "$data/themes-segments.xlsx"
run "export cooccur --codes" export cooccur --codes
run "export figure cooccur (png)" export figure cooccur --codes -o "$data/themes-cooccur.png"
run "export refi" export refi -o "$data/themes.qdpx"
echo "   study.qdpx: $(du -k "$data/themes.qdpx" | cut -f1) kB"
rm -f "$data/themes-import.braid"
/usr/bin/time -f '%e %M' -o "$tmp" "$BRAID" -p "$data/themes-import.braid" import refi "$data/themes.qdpx" >/dev/null
awk '{ printf "%-34s %6.2f s %6.0f MB peak\n", "import refi (new project)", $1, $2 / 1024 }' "$tmp"
rm -f "$tmp" "$data/themes-ls.json" "$data/themes-report.tex" "$data/themes-report-map.pdf" \
	"$data/themes-cases.txt" "$data/themes-survey.csv" "$data/themes-matrix.xlsx" \
	"$data/themes-segments.xlsx" "$data/themes-cooccur.png" "$data/themes.qdpx" \
	"$data/themes-import.braid"
