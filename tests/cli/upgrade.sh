# Projects made by older braids open, are upgraded in one logged step and keep
# their data; a newer one is refused. One fixture per schema version.
. "$ROOT/tests/cli/lib.sh"
version() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA user_version').fetchone()[0])" "$1"; }
# the search index's tokenizer, from the table's definition (reading it needs no tokenizer)
tokenizer() { python3 -c "import sqlite3,sys,re; print(re.search(r\"tokenize='([^']*)'\", sqlite3.connect(sys.argv[1]).execute(\"SELECT sql FROM sqlite_master WHERE name = 'turns_fts'\").fetchone()[0]).group(1))" "$1"; }

# ---- schema 1 (braid 0.1): documents only ----
cp "$ROOT/tests/fixtures/schema1.braid" old.braid
[ "$(version old.braid)" = 1 ] || fail "fixture is not schema 1"
expect_exit 0 "$BRAID" -p old.braid docs --json
[ "$(json_get out.txt '[(d["name"], d["turns"], d["words"], d["case"]) for d in j]')" = "[('old', 3, 12, 'P001')]" ] \
	|| fail "data lost in the upgrade: $(cat out.txt)"
expect_exit 0 "$BRAID" -p old.braid log --json
[ "$(json_get out.txt '[(e["command"], e["detail"]) for e in j]')" = \
  "[('init', \"created project 'schema1.braid' titled Made by braid 0.1 (schema 1)\"), ('ingest', 'old <- old.txt (text, 3 turns, 12 words)'), ('upgrade', 'schema 1 -> 6')]" ] \
	|| fail "upgrade not logged: $(cat out.txt)"
[ "$(version old.braid)" = 6 ] || fail "not upgraded"
[ "$(tokenizer old.braid)" = braid ] || fail "schema 1: the index is not rebuilt with braid's tokenizer"
expect_exit 0 "$BRAID" -p old.braid search GROUP --json
[ "$(json_get out.txt '[(h["turn"], h["hit"]) for h in j]')" = "[(1, 'group'), (2, 'group')]" ] \
	|| fail "schema 1 search: $(cat out.txt)"
python3 -c "import sqlite3; sqlite3.connect('old.braid').execute('SELECT count(*) FROM codings').fetchone()"
expect_exit 0 "$BRAID" -p old.braid log --json
[ "$(json_get out.txt 'len(j)')" = 3 ] || fail "upgraded twice"

# ---- schema 2 (braid 0.2): codes, codings, memos ----
cp "$ROOT/tests/fixtures/schema2.braid" two.braid
[ "$(version two.braid)" = 2 ] || fail "fixture is not schema 2"
# the oracle: every coding's text cut out of schema 2's stored document text, by Python
python3 - two.braid > want.txt <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for gid, text in db.execute("SELECT g.id, substr(d.text, g.start_cp + 1, g.end_cp - g.start_cp)"
                            " FROM codings g JOIN documents d ON d.id = g.doc_id ORDER BY g.id"):
    print(gid, text)
PY
[ "$(wc -l < want.txt)" = 6 ] || fail "oracle: $(cat want.txt)"
expect_exit 0 "$BRAID" -p two.braid code ls --json
expect_exit 0 "$BRAID" -p two.braid code ls --json --status rejected
json_get out.txt '"\n".join("%d %s" % (c["id"], c["text"]) for c in j)' > rejected.txt
expect_exit 0 "$BRAID" -p two.braid code ls --json
json_get out.txt '"\n".join("%d %s" % (c["id"], c["text"]) for c in j)' > kept.txt
cat kept.txt rejected.txt | sort -n > got.txt
diff want.txt got.txt || fail "coded texts changed in the upgrade"
[ "$(version two.braid)" = 6 ] || fail "schema 2 not upgraded"
[ "$(tokenizer two.braid)" = braid ] || fail "schema 2: the index is not rebuilt with braid's tokenizer"
# every coding, code, memo, document, coder and case got its own GUID
for t in codings codes memos documents coders cases; do
	python3 -c "
import sqlite3, re, sys
rows = [r[0] for r in sqlite3.connect('two.braid').execute('SELECT guid FROM $t')]
assert rows and len(set(rows)) == len(rows), rows
assert all(re.fullmatch(r'[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}', g) for g in rows), rows
" || fail "GUIDs of $t"
done
# memos keep their targets, now real references
expect_exit 0 "$BRAID" -p two.braid memo ls --json
check "memo targets" "$(json_get out.txt '[m["on"] for m in j]')" \
	"['project', 'doc:ru', 'code:friends', 'segment:1']"
# the search index is rebuilt from the turns, Cyrillic included
expect_exit 0 "$BRAID" -p two.braid search юрист --json
check "search" "$(json_get out.txt '[(h["doc"], h["hit"]) for h in j]')" "[('ru', 'Юрист')]"
# coding #7 was removed under schema 2: its id is never given again
expect_exit 0 "$BRAID" -p two.braid code add int --code peer --coder amina --match "I feel safe"
contains out.txt "coded #8 int"
expect_exit 0 "$BRAID" -p two.braid log --json -n 2
check "upgrade logged" "$(json_get out.txt '[(e["command"], e["detail"]) for e in j][:1]')" \
	"[('upgrade', 'schema 2 -> 6')]"
# and the change made after it can be undone
expect_exit 0 "$BRAID" -p two.braid undo --coder amina
expect_exit 0 "$BRAID" -p two.braid code ls --json --coder amina
check "undone" "$(json_get out.txt '[c["id"] for c in j]')" "[5]"

# ---- schema 4 (braid 0.4): the workflow; schema 5 adds survey tables ----
cp "$ROOT/tests/fixtures/schema4.braid" four.braid
[ "$(version four.braid)" = 4 ] || fail "fixture is not schema 4"
python3 -c "import sqlite3; print(sqlite3.connect('four.braid').execute('SELECT count(*) FROM codings').fetchone()[0])" > want.txt
expect_exit 0 "$BRAID" -p four.braid cases --json
check "schema 4 cases" "$(json_get out.txt '[c["case"] for c in j]')" \
	"['P001', 'P011', 'P012', 'P013', 'P014', 'P015', 'P016']"
[ "$(version four.braid)" = 6 ] || fail "schema 4 not upgraded"
expect_exit 0 "$BRAID" -p four.braid code ls --json
[ "$(json_get out.txt 'len(j)')" = "$(cat want.txt)" ] || fail "schema 4: codings lost"
expect_exit 0 "$BRAID" -p four.braid theme ls --json
check "schema 4 theme" "$(json_get out.txt '[t["id"] for t in j]')" "['peer-support']"
for t in survey_vars survey_rows survey_values; do
	[ "$(python3 -c "import sqlite3; print(sqlite3.connect('four.braid').execute('SELECT count(*) FROM $t').fetchone()[0])")" = 0 ] \
		|| fail "schema 5: $t"
done
expect_exit 0 "$BRAID" -p four.braid log --json -n 1
check "schema 4 upgrade logged" "$(json_get out.txt '[(e["command"], e["detail"]) for e in j]')" \
	"[('upgrade', 'schema 4 -> 6')]"

# ---- schema 5 (survey data): the variables rebuilt with GUIDs, the survey kept ----
cp "$ROOT/tests/fixtures/schema5.braid" five.braid
[ "$(version five.braid)" = 5 ] || fail "fixture is not schema 5"
expect_exit 0 "$BRAID" -p five.braid survey vars --json
check "schema 5 survey" "$(json_get out.txt '[(v["name"], v["type"], v["n"]) for v in j]')" \
	"[('SR', 'binary', 3), ('PSSI', 'numeric', 3), ('RA', 'ordinal', 3)]"
[ "$(version five.braid)" = 6 ] || fail "schema 5 not upgraded"
sql() { python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$@"; }
[ "$(sql five.braid "SELECT count(DISTINCT guid) FROM survey_vars WHERE length(guid) = 36")" = 3 ] \
	|| fail "schema 6: every variable has its own GUID"
[ "$(sql five.braid "SELECT count(*) FROM survey_values")" = 9 ] || fail "schema 6: survey values lost"
[ "$(sql five.braid "SELECT count(*) FROM summaries")" = 0 ] || fail "schema 6: summaries"
[ "$(sql five.braid "SELECT count(*) FROM codings WHERE selection_guid IS NULL")" = 2 ] \
	|| fail "schema 6: codings"
[ "$(sql five.braid "SELECT count(*) FROM pragma_foreign_key_check")" = 0 ] || fail "schema 6: references"
expect_exit 0 "$BRAID" -p five.braid triangulate --by SR --json
check "schema 5 joint display" "$(json_get out.txt '[(r["theme"], r["with_1"], r["n_1"]) for r in j]')" \
	"[('peer-support', 1, 1)]"
expect_exit 0 "$BRAID" -p five.braid log --json -n 1
check "schema 5 upgrade logged" "$(json_get out.txt '[(e["command"], e["detail"]) for e in j]')" \
	"[('upgrade', 'schema 5 -> 6')]"

# ---- a new project indexes with braid's tokenizer too ----
"$BRAID" init new3.braid >/dev/null
[ "$(tokenizer new3.braid)" = braid ] || fail "a new project's index does not use braid's tokenizer"

# ---- a project from a newer braid is refused ----
cp "$ROOT/tests/fixtures/schema1.braid" new.braid
python3 -c "import sqlite3; c = sqlite3.connect('new.braid'); c.execute('PRAGMA user_version = 99'); c.commit()"
expect_exit 1 "$BRAID" -p new.braid docs
contains err.txt "made by a newer braid (schema 99"
