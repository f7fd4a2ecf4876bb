#!/usr/bin/env python3
"""Generates a large benchmark corpus by varying the bundled transcripts.

usage: gen_corpus.py OUT_DIR MEGABYTES

Every text, Markdown, WebVTT and SRT file under corpora/ is copied again and
again with changes, until the total reaches MEGABYTES: text and Markdown
files get their turns (blank-line separated blocks) shuffled with a seeded
random generator and the participant id renumbered; subtitle files keep their
cues in order (times must rise) and get their speaker ids renumbered and a last cue naming the variant. So no
two files have the same content and the vocabulary stays that of real talk.
Deterministic: the same arguments give the same files.
"""
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def sources():
    out = []
    for dirpath, _, files in os.walk(os.path.join(ROOT, "corpora")):
        for f in sorted(files):
            if f.endswith((".txt", ".md", ".vtt", ".srt")) and not f.startswith(("README", "NOTES")):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    out.append((f, fh.read()))
    return sorted(out)


def vary(name, text, k, rng):
    ids = re.compile(r"\b([PK])(\d{3}|\d{2})\b")
    text = ids.sub(lambda m: "%s%d" % (m.group(1), 1000 + k), text)
    if name.endswith((".txt", ".md")):
        blocks = text.split("\n\n")
        head, rest = blocks[:1], blocks[1:]
        rng.shuffle(rest)
        text = "\n\n".join(head + rest)
    elif name.endswith(".vtt"):
        text = text.rstrip("\n") + "\n\n99:00:00.000 --> 99:00:01.000\n(variant %d)\n" % k
    else:
        text = text.rstrip("\n") + "\n\n9999\n99:00:00,000 --> 99:00:01,000\n(variant %d)\n" % k
    return text


def main():
    out_dir, megabytes = sys.argv[1], float(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    want = int(megabytes * 1e6)
    rng = random.Random(20261123)
    src = sources()
    total, k = 0, 0
    while total < want:
        for name, text in src:
            stem, ext = os.path.splitext(name)
            body = vary(name, text, k, rng).encode("utf-8")
            with open(os.path.join(out_dir, "%s-v%05d%s" % (stem, k, ext)), "wb") as fh:
                fh.write(body)
            total += len(body)
            if total >= want:
                break
        k += 1
    print("%s: %.1f MB in %d variants of %d files" % (out_dir, total / 1e6, k, len(src)))


if __name__ == "__main__":
    main()
