#!/bin/sh
# Short fuzz smoke: runs each libFuzzer harness for SECONDS, starting from its
# seed corpus (tests/fuzz/corpus/NAME, copied so the seeds stay untouched).
# Any crash, leak or sanitizer report fails the run.
set -eu
secs=$1; shift
root=$(cd "$(dirname "$0")/../.." && pwd)
failed=0; passed=0
for bin in "$@"; do
	name=$(basename "$bin"); name=${name#fuzz_}
	work=$(mktemp -d)
	[ -d "$root/tests/fuzz/corpus/$name" ] && cp -r "$root/tests/fuzz/corpus/$name/." "$work/"
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work" >"$work.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok  fuzz_$name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$work.log" || grep -o '#[0-9]* *DONE' "$work.log" | tail -1))"
	else
		failed=$((failed + 1))
		echo "FAIL fuzz_$name"; tail -30 "$work.log"
		mkdir -p "$root/tests/fuzz/crashes" && cp "$work"/crash-* "$work"/leak-* "$root/tests/fuzz/crashes/" 2>/dev/null || true
	fi
	rm -rf "$work" "$work.log"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
