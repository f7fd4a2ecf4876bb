# The unitizing alphas against the independent per-character reference
# (tests/ref/unitize_ref.py): the committed fixture is what the reference
# writes, and the C values agree with it on more random cases (other seeds).
set -eu
tests=$(dirname "$BRAID")/tests/test_unitize
[ -x "$tests" ] || { echo "no $tests: build the unit tests first"; exit 1; }
python3 "$ROOT/tests/ref/unitize_ref.py" 9 120 >fixture.txt
cmp fixture.txt "$ROOT/tests/fixtures/unitize_random.txt"
for seed in 1 2 3; do
	python3 "$ROOT/tests/ref/unitize_ref.py" $seed 200 >seed$seed.txt
	(cd "$ROOT" && UNITIZE_FIXTURE="$OLDPWD/seed$seed.txt" "$tests") >out.txt 2>&1 ||
		{ cat out.txt; exit 1; }
done
