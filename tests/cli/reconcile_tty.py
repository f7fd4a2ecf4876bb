"""Drives `braid reconcile` at a terminal (a pseudo-terminal): answers the prompts
given as arguments one by one, after each prompt; prints everything braid wrote."""
import os, pty, sys, time

braid, answers = sys.argv[1], sys.argv[2:]
try:
    pid, fd = pty.fork()
except OSError as e:  # a root without /dev/pts (a bare chroot): nothing to drive
    print("no pseudo-terminal here: %s" % e)
    sys.exit(77)
if pid == 0:
    os.execv(braid, [braid, "reconcile", "--coders", "amina,ben"])
out = b""
deadline = time.time() + 20
while time.time() < deadline:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    # answer each prompt as it appears
    while answers and out.count(b"[q]uit? ") > out.count(b"\x00"):
        os.write(fd, answers.pop(0).encode() + b"\n")
        out += b"\x00"
sys.stdout.write(out.replace(b"\x00", b"").decode(errors="replace"))
_, status = os.waitpid(pid, 0)
sys.exit(os.WEXITSTATUS(status))
