#!/bin/sh
# make bench: prints figures, never passes or fails on time.
#  1. parse + normalise MB/s (no store)
#  2. full ingest MB/s into a project (documents, turns, FTS5 index) and peak memory,
#     at two corpus sizes to show memory stays flat
#  (each timing is the best of $BENCH_RUNS runs, default 3)
#  3. the floor: sqlite3's shell importing the same turns, already split, into a bare
#     FTS5 table, and braid's ratio to it
set -eu
: "${BRAID:?}"
root=$(cd "$(dirname "$0")/.." && pwd)
data=$root/bench/data
MB=${BENCH_MB:-100}
SMALL_MB=$((MB / 4))
mkdir -p "$data"
[ -d "$data/corpus-$MB" ] || python3 "$root/bench/gen_corpus.py" "$data/corpus-$MB" "$MB"
[ -d "$data/corpus-$SMALL_MB" ] || python3 "$root/bench/gen_corpus.py" "$data/corpus-$SMALL_MB" "$SMALL_MB"
BENCH_PARSE=$(dirname "$BRAID")/bench_parse

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }
mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }

echo "== corpus: $(mb "$data/corpus-$MB") MB in $(ls "$data/corpus-$MB" | wc -l) files (and $(mb "$data/corpus-$SMALL_MB") MB)"
echo "== 1. parse + normalise (no store)"
find "$data/corpus-$MB" -type f | sort | xargs "$BENCH_PARSE"

RUNS=${BENCH_RUNS:-3}
best() { sort -n | head -1; }
ingest() { # ingest DIR -> prints the best of $RUNS in seconds, and peak KB
	for _ in $(seq "$RUNS"); do
		rm -f "$data/bench.braid" "$data/bench.braid-wal" "$data/bench.braid-shm"
		"$BRAID" init "$data/bench.braid" >/dev/null
		t0=$(now)
		find "$1" -type f | sort | xargs /usr/bin/time -f '%M' -o "$data/mem.txt" \
			"$BRAID" -p "$data/bench.braid" ingest --quiet
		t1=$(now)
		echo "$(secs "$t0" "$t1") $(tail -1 "$data/mem.txt")"
	done | sort -n | head -1
}
echo "== 2. full ingest (decode, parse, store, FTS5 index; one transaction)"
set -- $(ingest "$data/corpus-$SMALL_MB")
small_s=$1 small_kb=$2
echo "ingest $(mb "$data/corpus-$SMALL_MB") MB: ${small_s} s, $(awk -v m="$(mb "$data/corpus-$SMALL_MB")" -v s="$small_s" 'BEGIN{printf "%.1f", m/s}') MB/s, peak memory $((small_kb / 1024)) MB"
set -- $(ingest "$data/corpus-$MB")
big_s=$1 big_kb=$2
echo "ingest $(mb "$data/corpus-$MB") MB: ${big_s} s, $(awk -v m="$(mb "$data/corpus-$MB")" -v s="$big_s" 'BEGIN{printf "%.1f", m/s}') MB/s, peak memory $((big_kb / 1024)) MB"
echo "project file: $(mb "$data/bench.braid") MB"

echo "== 3. floor: sqlite3 shell .import of the same turns into a bare FTS5 table"
sqlite3 "$data/bench.braid" -csv "SELECT text FROM turn_text" > "$data/turns.csv"
floor_s=$(for _ in $(seq "$RUNS"); do
	rm -f "$data/floor.db"*
	t0=$(now)
	sqlite3 "$data/floor.db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE VIRTUAL TABLE turns USING fts5(text, tokenize='unicode61 remove_diacritics 2');
.import --csv $data/turns.csv turns
SQL
	t1=$(now)
	secs "$t0" "$t1"; echo
done | best)
echo "sqlite3 .import $(mb "$data/turns.csv") MB of turns: ${floor_s} s, $(awk -v m="$(mb "$data/turns.csv")" -v s="$floor_s" 'BEGIN{printf "%.1f", m/s}') MB/s"
echo "ratio braid ingest / sqlite3 floor: $(awk -v a="$big_s" -v b="$floor_s" 'BEGIN { printf "%.2f", a / b }') (goal: 1.5 or less)"
echo "peak memory at $SMALL_MB MB vs $MB MB: $((small_kb / 1024)) MB vs $((big_kb / 1024)) MB"
rm -f "$data/turns.csv" "$data/floor.db"* "$data/mem.txt"
