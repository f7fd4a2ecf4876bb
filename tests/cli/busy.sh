# A second writer waits, then fails with a clear message; the project stays intact.
. "$ROOT/tests/cli/lib.sh"

"$BRAID" init t.braid >/dev/null
printf 'I: hello\nR: hi there\nI: bye\n' > a.txt
# hold the write lock from another process for two seconds
python3 -c "
import sqlite3, time, sys
c = sqlite3.connect('t.braid', isolation_level=None)
c.execute('BEGIN IMMEDIATE'); open('locked', 'w').close(); time.sleep(2); c.execute('ROLLBACK')
" &
while [ ! -f locked ]; do sleep 0.05; done
BRAID_BUSY_TIMEOUT=200 expect_exit 1 "$BRAID" ingest a.txt
contains err.txt "is busy"
wait
expect_exit 0 "$BRAID" ingest a.txt
expect_exit 0 "$BRAID" docs --json
[ "$(json_get out.txt 'len(j)')" = 1 ] || fail "expected one document"
