#!/bin/sh
# bench/listings.sh: every listing and counting command on a large project,
# timed against the autocode run that made its codings. Prints figures, never
# passes or fails.
#
# The project: the $BENCH_LIST_MB MB corpus (default 25; about 230,000 codings
# with the shipped codebooks) ingested and autocoded; its autocode time is the
# yardstick: each command should take at most as long, in under 256 MB.
# Long turns: bench/data/meetings (gen_corpus.py --meetings: turns of 1 to 8
# MB), autocoded the same way, for search and for codings inside long turns,
# against its own autocode time. Each command runs once (best of
# $BENCH_LIST_RUNS), its output to /dev/null; "peak MB" is the maximum
# resident set size.
#
# usage: BRAID=build/braid sh bench/listings.sh   (make bench runs it last)
set -eu
: "${BRAID:?}"
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-$root/bench/data}
LMB=${BENCH_LIST_MB:-25}
RUNS=${BENCH_LIST_RUNS:-1}
mkdir -p "$data"
[ -d "$data/corpus-$LMB" ] || python3 "$root/bench/gen_corpus.py" "$data/corpus-$LMB" "$LMB"
[ -d "$data/meetings" ] || python3 "$root/bench/gen_corpus.py" --meetings "$data/meetings"
P=$data/list.braid
M=$data/meetings.braid
tmp=$data/list-time.txt
results=$data/list-results.txt
: > "$results"

rmp() { rm -f "$1" "$1-wal" "$1-shm"; }

rmp "$P"
"$BRAID" init "$P" >/dev/null
find "$data/corpus-$LMB/" -type f | sort | "$BRAID" -p "$P" ingest --quiet --files-from -
for cb in "$root"/codebooks/*.yaml; do
	"$BRAID" -p "$P" codebook import "$cb" >/dev/null
done
sqlite3 "$P" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$P" "$data/list-uncoded.braid"
auto_s=$(for _ in $(seq "$RUNS"); do
	rmp "$P"
	cp "$data/list-uncoded.braid" "$P"
	/usr/bin/time -f '%e' -o "$tmp" "$BRAID" -p "$P" autocode --coder auto --quiet
	tail -1 "$tmp"
done | sort -n | head -1)
rmp "$data/list-uncoded.braid"
sqlite3 "$P" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rmp "$M"
"$BRAID" init "$M" >/dev/null
"$BRAID" -p "$M" ingest --quiet "$data/meetings/"
for cb in "$root"/codebooks/*.yaml; do
	"$BRAID" -p "$M" codebook import "$cb" >/dev/null
done
sqlite3 "$M" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
/usr/bin/time -f '%e' -o "$tmp" "$BRAID" -p "$M" autocode --coder auto --quiet
meet_auto_s=$(tail -1 "$tmp")
sqlite3 "$M" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

q() { sqlite3 "$P" "$1"; }
ncod=$(q "SELECT count(*) FROM codings")
# the code with most codings, a document with codings of it, a coding in the middle
code=$(q "SELECT c.slug FROM codings g JOIN codes c ON c.id = g.code_id
	GROUP BY g.code_id ORDER BY count(*) DESC LIMIT 1")
doc=$(q "SELECT d.name FROM codings g JOIN codes c ON c.id = g.code_id
	JOIN documents d ON d.id = g.doc_id WHERE c.slug = '$code'
	GROUP BY d.id ORDER BY d.name LIMIT 1 OFFSET 100")
coding=$(q "SELECT id FROM codings ORDER BY id LIMIT 1 OFFSET $((ncod / 2))")
doc_show=$(q "SELECT name FROM documents ORDER BY chars DESC LIMIT 1")
mcode=$(sqlite3 "$M" "SELECT c.slug FROM codings g JOIN codes c ON c.id = g.code_id
	GROUP BY g.code_id ORDER BY count(*) DESC LIMIT 1")
echo "project: $LMB MB corpus, $(q "SELECT count(*) FROM documents") documents," \
	"$(q "SELECT count(*) FROM turns") turns, $ncod codings (autocode ${auto_s} s);" \
	"code $code ($(q "SELECT count(*) FROM codings g JOIN codes c ON c.id = g.code_id
	WHERE c.slug = '$code'") codings), document $doc"

echo "meetings: $(du -sbL "$data/meetings/" | awk '{ printf "%.1f", $1 / 1e6 }') MB in" \
	"$(sqlite3 "$M" "SELECT count(*) FROM documents") documents," \
	"$(sqlite3 "$M" "SELECT count(*) FROM turns") turns (the longest" \
	"$(sqlite3 "$M" "SELECT max(length(text)) FROM turn_texts") characters)," \
	"$(sqlite3 "$M" "SELECT count(*) FROM codings") codings (autocode ${meet_auto_s} s)"

# run LABEL PROJECT ARGS...: times one command (best of $RUNS), records seconds, peak KB
# and the autocode time of its project
run() {
	label=$1 proj=$2
	shift 2
	best=""
	for _ in $(seq "$RUNS"); do
		if [ "$label" = "code rm ID" ]; then
			rmp "$data/rm.braid"
			cp "$P" "$data/rm.braid"
			proj=$data/rm.braid
		fi
		st=0
		/usr/bin/time -f '%e %M' -o "$tmp" "$BRAID" -p "$proj" "$@" >/dev/null 2>"$data/list-err.txt" || st=$?
		[ "$st" = 0 ] || { echo "  $label: exit $st: $(head -c 300 "$data/list-err.txt")"; }
		line=$(tail -1 "$tmp")
		if [ -z "$best" ] || [ "$(echo "$line $best" | awk '{ print ($1 < $3) }')" = 1 ]; then
			best=$line
		fi
	done
	if [ "$proj" = "$M" ]; then
		echo "$label|$best|$meet_auto_s" >> "$results"
	else
		echo "$label|$best|$auto_s" >> "$results"
	fi
}

run "code ls --json" "$P" code ls --json
run "code ls (table)" "$P" code ls
run "code rm ID" "$P" code rm "$coding"
run "stats codes" "$P" stats codes
run "stats codes --by case" "$P" stats codes --by case
run "stats codes --by doc" "$P" stats codes --by doc
run "stats codes --by coder" "$P" stats codes --by coder
run "search the --limit 10" "$P" search the --limit 10
run "search the --json (all)" "$P" search the --json
run "search --regex 'budget.court' --limit 10" "$P" search --regex 'budget.court' --limit 10
run "code ls --code C --doc D" "$P" code ls --code "$code" --doc "$doc"
run "code ls --code C --json" "$P" code ls --code "$code" --json
run "retrieve C --format json" "$P" retrieve "$code" --format json
run "cases" "$P" cases
run "docs" "$P" docs
run "speakers" "$P" speakers
run "show DOC --turns" "$P" show "$doc_show" --turns
run "memo ls" "$P" memo ls
run "coder ls" "$P" coder ls
run "codebook show --counts" "$P" codebook show --counts
run "log" "$P" log
echo "--- meetings" >> "$results"
run "search uh --limit 1 (8 MB turn)" "$M" search uh --limit 1
run "search uh --limit 10 --doc (4 MB turn)" "$M" search uh --limit 10 --doc meeting-03-hearing
run "search Zoë --json (all, long turns)" "$M" search Zoë --json
run "code ls --json (long turns)" "$M" code ls --json
run "stats codes (long turns)" "$M" stats codes
run "stats codes --by doc (long turns)" "$M" stats codes --by doc
run "retrieve C --format json (long turns)" "$M" retrieve "$mcode" --format json
rmp "$data/rm.braid"

echo "== listing and counting: goal at most the autocode time of the project, under 256 MB"
echo "($LMB MB project: $ncod codings, autocode ${auto_s} s; meetings: autocode ${meet_auto_s} s)"
awk -F'|' '
BEGIN { printf "%-42s %8s %8s %8s  %s\n", "command", "seconds", "peak MB", "x auto", "goal" }
/^---/ { print; next }
{
	split($2, f, " ")
	s = f[1] + 0; m = f[2] / 1024; auto = $3 + 0
	ratio = auto > 0 ? s / auto : 0
	printf "%-42s %8.2f %8.0f %8.2f  %s\n", $1, s, m, ratio,
		(s <= auto && m < 256) ? "met" : "NOT met"
}' "$results"
echo "(table mode: the aligned table sizes its columns from its first rows, then streams)"
rm -f "$tmp" "$results" "$data/list-err.txt"
