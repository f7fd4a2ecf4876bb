#!/bin/sh
# Runs the cmocka unit-test binaries given as arguments (from the repository
# root), optionally under $VALGRIND, and prints one closing summary line.
set -u
passed=0; failed=0; badbin=""
log=$(mktemp); trap 'rm -f "$log"' EXIT
for t in "$@"; do
	${VALGRIND:-} "$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
	if [ $rc -ne 0 ]; then
		cat "$log"
		[ -z "$f" ] && failed=$((failed + 1))
		badbin="$badbin $(basename "$t")"
	else
		echo "ok  $(basename "$t") (${p:-0} tests)"
	fi
done
echo "unit: $passed passed, $failed failed"
[ -z "$badbin" ] || { echo "failing:$badbin"; exit 1; }
