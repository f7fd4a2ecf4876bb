#!/bin/sh
# make bench: prints figures, never passes or fails on time.
#  1. parse + normalise MB/s (no store)
#  2. full ingest MB/s into a project (documents, turns, FTS5 index) and peak memory,
#     at two corpus sizes to show memory stays flat
#  (each timing is the best of $BENCH_RUNS runs, default 3)
#  3. the floor: sqlite3's shell importing the same turns, already split, into a bare
#     FTS5 table, and braid's ratio to it
#  4. autocode: both shipped codebooks imported into the big project, `braid autocode`
#     timed (best of $BENCH_RUNS) against one pass per code of ripgrep, GNU grep -P and
#     a bare PCRE2 JIT scan (bench/bench_pcre2.c) over the same files
#  5. change recording: ingest, autocode, single codings and undo with and without the
#     change record (bench/bench_history.c), and what it adds to the project file
#  6. listing and counting (bench/listings.sh): every listing and count command on the
#     autocoded $BENCH_MB/4 MB project (200,000+ codings) and long-turn search, each timed
#     with its peak memory against that project's autocode run
#  7. themes (bench/themes.sh): theme ls, theme show, the report (md, html, tex) and
#     the map on 200 documents, 100,000+ accepted codings and 50 themes
#  8. agreement (bench/agree.sh): unit-based and character-level agreement on 200
#     documents, 4 coders and 100,000 codings, against an independent Python script
#     computing the same figures (bench/agree_ref.py), and the unitizing core alone
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
BENCH_PCRE2=$(dirname "$BRAID")/bench_pcre2

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
now() { date +%s.%N; }
mb() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1e6 }'; }

echo "== corpus: $(mb "$data/corpus-$MB") MB in $(ls "$data/corpus-$MB" | wc -l) files (and $(mb "$data/corpus-$SMALL_MB") MB)"
echo "== 1. parse + normalise (no store)"
find "$data/corpus-$MB" -type f | sort | "$BENCH_PARSE"

RUNS=${BENCH_RUNS:-3}
best() { sort -n | head -1; }
ingest() { # ingest DIR -> prints the best of $RUNS in seconds, and peak KB
	for _ in $(seq "$RUNS"); do
		rm -f "$data/bench.braid" "$data/bench.braid-wal" "$data/bench.braid-shm"
		"$BRAID" init "$data/bench.braid" >/dev/null
		t0=$(now)
		# one process, one transaction: the file list on standard input
		find "$1" -type f | sort | /usr/bin/time -f '%M' -o "$data/mem.txt" \
			"$BRAID" -p "$data/bench.braid" ingest --quiet --files-from -
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
sqlite3 "$data/bench.braid" -csv "SELECT text FROM turn_texts" > "$data/turns.csv"
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

echo "== 4. autocode: the shipped codebooks' rules over the $MB MB project"
echo "(machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); timings are wall clock)"
for cb in "$root"/codebooks/*.yaml; do
	"$BRAID" -p "$data/bench.braid" codebook import "$cb" >/dev/null
done
sqlite3 "$data/bench.braid" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
# one line per code with rules: its id, then its patterns, separated by US (0x1F)
sqlite3 "$data/bench.braid" "SELECT c.slug || char(31) || (SELECT group_concat(pattern, char(31))
	FROM (SELECT pattern FROM code_patterns WHERE code_id = c.id ORDER BY position))
	FROM codes c WHERE c.status = 'active'
	AND EXISTS (SELECT 1 FROM code_patterns WHERE code_id = c.id) ORDER BY c.id" > "$data/rules.us"
ncodes=$(wc -l < "$data/rules.us")
npat=$(sqlite3 "$data/bench.braid" "SELECT count(*) FROM code_patterns")
nturns=$(sqlite3 "$data/bench.braid" "SELECT count(*) FROM turns")
corpus_mb=$(mb "$data/corpus-$MB")
echo "$ncodes codes with $npat patterns (PCRE2, UTF+UCP+caseless), $nturns turns, $corpus_mb MB of files"

auto_s=$(for _ in $(seq "$RUNS"); do
	rm -f "$data/auto.braid"*
	cp "$data/bench.braid" "$data/auto.braid"
	t0=$(now)
	"$BRAID" -p "$data/auto.braid" autocode --coder auto --quiet
	t1=$(now)
	secs "$t0" "$t1"; echo
done | best)
nseg=$(sqlite3 "$data/auto.braid" "SELECT count(*) FROM codings WHERE origin = 'auto'")
rm -f "$data/auto.braid"*
echo "braid autocode: ${auto_s} s, $(awk -v m="$corpus_mb" -v s="$auto_s" 'BEGIN{printf "%.1f", m/s}') MB/s," \
	"$nseg coded segments, $(awk -v n="$nseg" -v s="$auto_s" 'BEGIN{printf "%.0f", n/s}') segments/s," \
	"$(awk -v n="$nturns" -v s="$auto_s" 'BEGIN{printf "%.0f", n/s}') turns/s"

# the patterns as written, joined per code: what grep and ripgrep are given
awk -F "$(printf '\037')" '{ r = ""; for (i = 2; i <= NF; i++) r = r (i > 2 ? "|" : "") "(?:" $i ")"
	printf "%s\037%s\n", $1, r }' "$data/rules.us" > "$data/rules-joined.us"
US=$(printf '\037')
export LC_ALL=C.UTF-8

pcre_codes=""
t0=$(now)
while IFS="$US" read -r code re; do
	# rg's default engine refuses look-around; then that code goes through rg -P (PCRE2)
	st=0; rg -q -e "$re" /dev/null 2>/dev/null || st=$?
	if [ "$st" -le 1 ]; then flag=""; else flag="-P"; pcre_codes="$pcre_codes $code"; fi
	st=0; rg $flag -i -c -e "$re" "$data/corpus-$MB" >/dev/null || st=$?
	[ "$st" -le 1 ] || echo "ripgrep failed on code $code (status $st)"
done < "$data/rules-joined.us"
t1=$(now)
rg_s=$(secs "$t0" "$t1")
echo "ripgrep -i -c, one pass per code: ${rg_s} s, $(awk -v m="$corpus_mb" -v s="$rg_s" 'BEGIN{printf "%.1f", m/s}') MB/s" \
	"($(rg --version | sed -n 1p), $(nproc) threads)"
[ -z "$pcre_codes" ] || echo "  with -P (PCRE2) for the $(echo "$pcre_codes" | wc -w) codes its default engine refuses (look-around):$pcre_codes"

t0=$(now)
while IFS="$US" read -r code re; do
	st=0; grep -r -P -c -i -e "$re" "$data/corpus-$MB" >/dev/null || st=$?
	[ "$st" -le 1 ] || echo "grep -P failed on code $code (status $st)"
done < "$data/rules-joined.us"
t1=$(now)
grep_s=$(secs "$t0" "$t1")
echo "GNU grep -P -c -i, one pass per code: ${grep_s} s, $(awk -v m="$corpus_mb" -v s="$grep_s" 'BEGIN{printf "%.1f", m/s}') MB/s" \
	"($(grep --version | sed -n 1p); before 3.10 its -P has no UCP: word characters are ASCII only)"

bare() { # bare [FLAGS]: prints bench_pcre2's line, then its wall-clock seconds on the last line
	t0=$(now)
	find "$data/corpus-$MB" -type f | sort | "$BENCH_PCRE2" "$@" "$data/rules.us" -
	t1=$(now)
	secs "$t0" "$t1"; echo
}
bare > "$data/bare.txt"
head -n -1 "$data/bare.txt"
bare_s=$(tail -1 "$data/bare.txt")
echo "  wall clock with reading the files: ${bare_s} s"
bare --no-ucp | head -n -1
bare --joined > "$data/bare.txt"
head -n -1 "$data/bare.txt"
echo "  wall clock with reading the files: $(tail -1 "$data/bare.txt") s"
echo "ratio ripgrep / braid: $(awk -v a="$rg_s" -v b="$auto_s" 'BEGIN { printf "%.2f", a / b }') (goal: 2 or more)"
echo "ratio braid / bare UTF+UCP scan: $(awk -v a="$auto_s" -v b="$bare_s" 'BEGIN { printf "%.2f", a / b }') (goal: 1.5 or less)"
echo "ratio grep -P / braid: $(awk -v a="$grep_s" -v b="$auto_s" 'BEGIN { printf "%.2f", a / b }')"
rm -f "$data/rules.us" "$data/rules-joined.us" "$data/bare.txt"

echo "== 5. change recording: what keeping every change (for undo, redo and the log) costs"
echo "(the same core calls on the $SMALL_MB MB corpus, with a project recording changesets and one opened without)"
BENCH_HISTORY=$(dirname "$BRAID")/bench_history
find "$data/corpus-$SMALL_MB" -type f | sort > "$data/history-list.txt"
"$BENCH_HISTORY" "$data" "$data/history-list.txt" "$root"/codebooks/*.yaml
rm -f "$data/history-list.txt" "$data"/history-o*.braid*

echo "== 6. listing and counting on an autocoded $SMALL_MB MB project"
BENCH_LIST_MB=$SMALL_MB sh "$root/bench/listings.sh"
BENCH_DATA=$data sh "$root/bench/themes.sh"
BENCH_DATA=$data sh "$root/bench/agree.sh"
