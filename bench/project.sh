# bench/project.sh - sourced by bench/themes.sh and bench/agree.sh: the project both
# measure on, made the same way. bench_project P: P made anew from the first 200
# files of the generated corpus bench/data/corpus-themes (gen_corpus.py, 2.4 MB),
# with the shipped codebooks imported; no codings yet. Needs $BRAID, $root, $data.
bench_project() {
	[ -d "$data/corpus-themes" ] || python3 "$root/bench/gen_corpus.py" "$data/corpus-themes" 2.4 >/dev/null
	rm -f "$1" "$1-wal" "$1-shm"
	"$BRAID" init "$1" >/dev/null
	find "$data/corpus-themes" -type f | sort | head -200 | "$BRAID" -p "$1" ingest --quiet --files-from -
	for cb in "$root"/codebooks/*.yaml; do
		"$BRAID" -p "$1" codebook import "$cb" >/dev/null
	done
}
