#!/usr/bin/env python3
"""Generates a large benchmark corpus by varying the bundled transcripts.

usage: gen_corpus.py OUT_DIR MEGABYTES
       gen_corpus.py --meetings OUT_DIR


Every text, Markdown, WebVTT and SRT file under corpora/ is copied again and
again with changes, until the total reaches MEGABYTES: text and Markdown
files get their turns (blank-line separated blocks) shuffled with a seeded
random generator and the participant id renumbered; subtitle files keep their
cues in order (times must rise) and get their speaker ids renumbered and a last cue naming the variant. So no
two files have the same content and the vocabulary stays that of real talk.
Deterministic: the same arguments give the same files.

--meetings writes a few meeting transcripts made of very long turns (one
speaker for 8 MB, a meeting of 1 MB turns, a 4 MB turn among short ones),
with "uh" and "um" all through them and some accented and Cyrillic words:
what long-turn search and coding must cope with.
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


WORDS = ("the of and to a in that is it we uh um so i you this for on with as be "
         "have not are they but at what was there all can about our if would more "
         "budget council report meeting item motion minutes agenda vote committee "
         "housing transport school library park road funding plan proposal "
         "José café naïve résumé Zoë Ångström бюджет совет").split()


def meeting_turn(rng, nbytes):
    """One utterance of about nbytes: lines of words, paragraphs of 20 lines."""
    lines, total = [], 0
    while total < nbytes:
        line = " ".join(rng.choice(WORDS) for _ in range(14))
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
        if len(lines) % 20 == 0:
            lines.append("")
    return "\n".join(lines).strip("\n")


def meetings(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(20260101)
    # role labels (Speaker 1, Moderator, ...): a label said once is a label only then
    plans = {
        # a speaker reading the whole report: one 8 MB turn
        "meeting-01-report.txt": [("Speaker 1", 8_000_000)],
        # a meeting of 1 MB turns: 4 MB
        "meeting-02-council.txt": [("Moderator", 1_000_000), ("Speaker 2", 1_000_000),
                                   ("Moderator", 1_000_000), ("Speaker 3", 1_000_000)],
        # a 4 MB turn among short ones
        "meeting-03-hearing.txt": [("Moderator", 300), ("Participant", 4_000_000),
                                   ("Moderator", 200), ("Participant", 500)],
    }
    for name, turns in plans.items():
        body = "\n\n".join("%s: %s" % (who, meeting_turn(rng, n)) for who, n in turns) + "\n"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as fh:
            fh.write(body)
    print("%s: %d meeting transcripts" % (out_dir, len(plans)))


def main():
    if sys.argv[1] == "--meetings":
        meetings(sys.argv[2])
        return
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
