#!/bin/sh
# bench/agree.sh: inter-coder agreement on a project with 200 documents, four
# coders and 100,000+ codings, unit-based (turns) and character-level, each
# timed with its peak memory, against an independent implementation of the same
# figures (bench/agree_ref.py, Python, over the codings `braid code ls`
# exports) run in the same invocation. Prints figures, never passes or fails
# (the goal: under a second each).
#
# The project: the first 200 files of a generated corpus (gen_corpus.py,
# 2.4 MB), the shipped codebooks, autocoded once as `auto`; then four coders
# c1..c4 whose codings are auto's, each dropping a different tenth, moving a
# different twentieth to a neighbouring code and adding codings of their own on
# a different quarter of the sentences (deterministic: chosen by a hash of the
# coding's id), so that they agree often but not always.
#
# usage: BRAID=build/braid sh bench/agree.sh   (make bench runs it)
set -eu
: "${BRAID:?}"
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-$root/bench/data}
RUNS=${BENCH_AGREE_RUNS:-3}
P=$data/agree.braid
tmp=$data/agree-time.txt
mkdir -p "$data"
. "$root/bench/project.sh"
bench_project "$P"
"$BRAID" -p "$P" autocode --quiet --coder auto
q() { sqlite3 "$P" "$1"; }
for k in 1 2 3 4; do
	"$BRAID" -p "$P" coder add "c$k" >/dev/null
	# h: a hash of the coding's id and the coder, 0..999
	q "INSERT OR IGNORE INTO codings(doc_id, doc_rev, start_cp, end_cp, code_id, coder_id, origin, status)
	   SELECT g.doc_id, g.doc_rev, g.start_cp, g.end_cp,
	     CASE WHEN h % 20 = 0 THEN coalesce((SELECT min(id) FROM codes WHERE id > g.code_id
	       AND status = 'active'), g.code_id) ELSE g.code_id END,
	     (SELECT id FROM coders WHERE name = 'c$k'), 'manual', 'accepted'
	   FROM (SELECT *, ((id * 2654435761 + $k * 40503) % 1000) AS h FROM codings) g
	   WHERE g.coder_id = (SELECT id FROM coders WHERE name = 'auto') AND h % 10 <> $k;
	   INSERT OR IGNORE INTO codings(doc_id, doc_rev, start_cp, end_cp, code_id, coder_id, origin, status)
	   SELECT g.doc_id, g.doc_rev, g.start_cp, g.end_cp,
	     (SELECT min(id) FROM codes WHERE status = 'active') + (h % 7),
	     (SELECT id FROM coders WHERE name = 'c$k'), 'manual', 'accepted'
	   FROM (SELECT *, ((id * 40503 + $k * 2654435761) % 1000) AS h FROM codings) g
	   WHERE g.coder_id = (SELECT id FROM coders WHERE name = 'auto') AND h % 4 = $k % 4;"
done
q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
echo "== 8. agreement: $(q "SELECT count(*) FROM documents") documents, $(q "SELECT count(*) FROM turns") turns," \
	"$(q "SELECT count(*) FROM codings g JOIN coders c ON c.id = g.coder_id WHERE c.name GLOB 'c[1-4]'")" \
	"codings by c1..c4 ($(q "SELECT count(*) FROM codings") in all) over" \
	"$(q "SELECT count(DISTINCT code_id) FROM codings") codes"

run() { # run LABEL CMD...: best of $RUNS, seconds and peak MB; leaves the time in $best
	label=$1
	shift
	best=$(for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$tmp" "$@" >/dev/null
		tail -1 "$tmp"
	done | sort -n | head -1)
	echo "$best" | awk -v l="$label" '{ printf "%-52s %6.2f s %6.0f MB peak\n", l, $1, $2 / 1024 }'
	best=${best% *}
}
C=c1,c2,c3,c4
run "agree --coders $C (turns, 1000 resamples)" "$BRAID" -p "$P" agree --coders $C
braid_turn=$best
run "agree --coders $C --bootstrap 0" "$BRAID" -p "$P" agree --coders $C --bootstrap 0
run "agree --coders $C --unit sentence" "$BRAID" -p "$P" agree --coders $C --unit sentence
run "agree --coders $C --unit char" "$BRAID" -p "$P" agree --coders $C --unit char
braid_char=$best
run "agree --coders c1,c2 --unit char (NVivo's figures too)" "$BRAID" -p "$P" agree --coders c1,c2 --unit char
run "agree --coders $C --disagreements" "$BRAID" -p "$P" agree --coders $C --disagreements
run "reconcile --coders c1,c2 --list" "$BRAID" -p "$P" reconcile --coders c1,c2 --list
run "code ls --format csv (the export the script reads)" "$BRAID" -p "$P" code ls --format csv

# the independent implementation, on the exported codings
"$BRAID" -p "$P" code ls --format csv > "$data/agree-codings.csv"
REF="$root/bench/agree_ref.py"
run "python3 agree_ref.py (turns)" python3 "$REF" "$P" "$data/agree-codings.csv" $C
py_turn=$best
run "python3 agree_ref.py --char" python3 "$REF" "$P" "$data/agree-codings.csv" $C --char
py_char=$best
echo "ratio python / braid: turns $(awk -v a="$py_turn" -v b="$braid_turn" 'BEGIN { printf "%.1f", a / b }')," \
	"characters $(awk -v a="$py_char" -v b="$braid_char" 'BEGIN { printf "%.1f", a / b }')" \
	"(braid with alpha's 1,000 bootstrap resamples, which the script does not draw)"
# the same figures? the largest difference over every code and coefficient
"$BRAID" -p "$P" agree --coders $C --json > "$data/agree-braid.json"
"$BRAID" -p "$P" agree --coders $C --unit char --json > "$data/agree-braid-char.json"
python3 "$REF" "$P" "$data/agree-codings.csv" $C --json > "$data/agree-ref.json"
python3 "$REF" "$P" "$data/agree-codings.csv" $C --char --json > "$data/agree-ref-char.json"
python3 - "$data" <<'PY'
import json, sys
d = sys.argv[1]
load = lambda f: json.load(open("%s/%s" % (d, f)))
b, ref, bc, refc = load("agree-braid.json"), load("agree-ref.json"), load("agree-braid-char.json"), load("agree-ref-char.json")
codes = {c["code"]: c for c in b["codes"]}
codes["pooled"] = b
worst, n = 0.0, 0
for code, r in ref.items():
    for k in ("alpha", "percent_agreement", "fleiss_kappa", "brennan_prediger", "gwet_ac1"):
        x, y = r[k], codes[code][k]
        if (x is None) != (y is None):
            sys.exit("%s %s: braid %s, the script %s" % (code, k, y, x))
        if x is not None:
            worst, n = max(worst, abs(x - y)), n + 1
cc = {c["code"]: c["alpha_u"] for c in bc["codes"]}
for code, r in refc.items():
    if r["alpha_u"] is not None:
        worst, n = max(worst, abs(r["alpha_u"] - cc[code])), n + 1
print("the same figures: %d values (%d codes and pooled, 5 coefficients; |u-alpha of %d codes),"
      " largest difference %.1e" % (n, len(ref) - 1, len(refc), worst))
PY
rm -f "$tmp" "$data"/agree-*.json "$data/agree-codings.csv"
echo "the unitizing core alone (bench/bench_unitize.c, generated data):"
"$(dirname "$BRAID")/bench_unitize" | sed 's/^/  /'
