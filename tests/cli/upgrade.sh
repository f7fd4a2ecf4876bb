# A project made by an older braid (schema 1, braid 0.1) opens, is upgraded
# in one step, keeps its data and logs the upgrade; a newer one is refused.
. "$ROOT/tests/cli/lib.sh"

cp "$ROOT/tests/fixtures/schema1.braid" old.braid
[ "$(python3 -c "import sqlite3; print(sqlite3.connect('old.braid').execute('PRAGMA user_version').fetchone()[0])")" = 1 ] \
	|| fail "fixture is not schema 1"
expect_exit 0 "$BRAID" -p old.braid docs --json
[ "$(json_get out.txt '[(d["name"], d["turns"], d["words"], d["case"]) for d in j]')" = "[('old', 3, 12, 'P001')]" ] \
	|| fail "data lost in the upgrade: $(cat out.txt)"
expect_exit 0 "$BRAID" -p old.braid log --json
[ "$(json_get out.txt '[(e["command"], e["detail"]) for e in j]')" = \
  "[('init', \"created project 'schema1.braid' titled Made by braid 0.1 (schema 1)\"), ('ingest', 'old <- old.txt (text, 3 turns, 12 words)'), ('upgrade', 'schema 1 -> 2')]" ] \
	|| fail "upgrade not logged: $(cat out.txt)"
[ "$(python3 -c "import sqlite3; print(sqlite3.connect('old.braid').execute('PRAGMA user_version').fetchone()[0])")" = 2 ] \
	|| fail "not upgraded"
# the new tables are there and usable
python3 -c "import sqlite3; sqlite3.connect('old.braid').execute('SELECT count(*) FROM codings').fetchone()"
# upgrading is done once
expect_exit 0 "$BRAID" -p old.braid log --json
[ "$(json_get out.txt 'len(j)')" = 3 ] || fail "upgraded twice"
