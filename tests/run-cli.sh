#!/bin/sh
# Runs every tests/cli/*.sh against $BRAID in its own scratch directory with
# LC_ALL=C.UTF-8, and prints one closing summary line.
set -u
: "${BRAID:?set BRAID to the braid binary}"
root=$(cd "$(dirname "$0")/.." && pwd)
passed=0; failed=0; bad=""
for t in "$root"/tests/cli/*.sh; do
	[ "$(basename "$t")" = lib.sh ] && continue
	dir=$(mktemp -d)
	if (cd "$dir" && LC_ALL=C.UTF-8 BRAID="$BRAID" ROOT="$root" SHARED="$root/../shared" \
		sh "$t") >"$dir.log" 2>&1; then
		passed=$((passed + 1)); echo "ok  cli/$(basename "$t")"
	else
		failed=$((failed + 1)); bad="$bad $(basename "$t")"
		echo "FAIL cli/$(basename "$t")"; sed 's/^/    /' "$dir.log" | tail -40
	fi
	rm -rf "$dir" "$dir.log"
done
echo "cli: $passed passed, $failed failed"
[ -z "$bad" ] || exit 1
