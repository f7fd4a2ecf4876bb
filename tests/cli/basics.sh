# Project creation, selection, help, usage errors, exit codes, prefixes.
. "$ROOT/tests/cli/lib.sh"

expect_exit 0 "$BRAID" --version
contains out.txt "braid "
expect_exit 0 "$BRAID" help
contains out.txt "ingest"
contains out.txt "search"
expect_exit 0 "$BRAID" help ingest
contains out.txt "--case-map"
contains out.txt "--speaker-pattern"
expect_exit 2 "$BRAID" frobnicate
contains err.txt "unknown command 'frobnicate'"
expect_exit 2 "$BRAID"

# no project yet
expect_exit 1 "$BRAID" docs
contains err.txt "no project"
expect_exit 2 "$BRAID" init study.db
contains err.txt "must end in .braid"
expect_exit 0 "$BRAID" init study.braid --title "A study"
[ -f study.braid ] || fail "no project file"
expect_exit 1 "$BRAID" init study.braid
contains err.txt "file exists"

# found as the single *.braid here
expect_exit 0 "$BRAID" docs
expect_exit 0 "$BRAID" log
contains out.txt "init: created project 'study.braid'"

# prefixes: unique works, ambiguous is a usage error
expect_exit 0 "$BRAID" do --json
[ "$(cat out.txt)" = "[]" ] || fail "empty docs --json is not []"
expect_exit 2 "$BRAID" s foo
contains err.txt "ambiguous command 's': show, speakers, search"

# usage errors exit 2
expect_exit 2 "$BRAID" docs --bogus
contains err.txt "unknown option '--bogus'"
expect_exit 2 "$BRAID" show
expect_exit 2 "$BRAID" search x --limit many
contains err.txt "--limit expects a non-negative number"

# several projects: an error unless chosen
expect_exit 0 "$BRAID" init other.braid
expect_exit 1 "$BRAID" docs
contains err.txt "several projects"
expect_exit 0 "$BRAID" -p other.braid docs
expect_exit 0 "$BRAID" docs -p other.braid
BRAID_PROJECT=other.braid expect_exit 0 "$BRAID" docs

# a newer project is refused with a clear message
python3 -c "import sqlite3; c=sqlite3.connect('other.braid'); c.execute('PRAGMA user_version=99'); c.commit()"
expect_exit 1 "$BRAID" -p other.braid docs
contains err.txt "newer braid"
echo "not sqlite at all, just a text file pretending to be a project" > fake.braid
expect_exit 1 "$BRAID" -p fake.braid docs
contains err.txt "not a braid project"
