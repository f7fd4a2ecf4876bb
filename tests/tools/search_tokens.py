#!/usr/bin/env python3
"""The search tokenizer's rule (include/braid/tokenizer.h) and the plain-word
query rule (include/braid/search.h) written again with Python's unicodedata,
independently of braid's C code: the oracle of tests/cli/search.sh.

usage: python3 tests/tools/search_tokens.py WORD SHOW.json...
  prints, one per line, "doc turn start end hit" for every hit of the plain
  word WORD (a trailing * makes its last token a prefix) in the turns of
  each `braid show DOC --json` file; start and end are code-point offsets
  into the document's text, as `braid search --json` gives them.
"""
import json
import sys
import unicodedata

APOSTROPHES = {"'", "\u2018", "\u2019", "\u02bb", "\u02bc", "`"}
OTHER, WORD, MARK, APOS = range(4)


def klass(ch):
    if ch in APOSTROPHES:
        return APOS
    cat = unicodedata.category(ch)
    if cat[0] in "LN":
        return WORD
    if cat[0] == "M":
        return MARK
    return OTHER


def strip(s):
    """The base of s's canonical decomposition when the rest are U+0300-U+036F; else None."""
    d = unicodedata.normalize("NFD", s)
    if len(d) == 1 or (len(d) > 1 and all(0x300 <= ord(c) <= 0x36F for c in d[1:])):
        return d[0]
    return None


def fold(ch):
    if ch in APOSTROPHES:
        return "'"
    if 0x300 <= ord(ch) <= 0x36F:
        return ""
    lower = ch.lower() if len(ch.lower()) == 1 else ch
    return strip(ch.casefold()) or strip(lower) or lower


def tokens(text):
    """[(folded token, start, end)], offsets in code points."""
    out, state, tok, start, end = [], "out", "", 0, 0
    for i, ch in enumerate(text):
        c = klass(ch)
        if state == "out":
            if c == WORD:
                state, tok, start, end = "in", fold(ch), i, i + 1
        elif c == WORD or (c == MARK and state == "in"):
            tok += ("'" if state == "apos" else "") + fold(ch)
            state, end = "in", i + 1
        elif c == APOS and state == "in":
            state = "apos"
        else:
            out.append((tok, start, end))
            state = "out"
    if state != "out":
        out.append((tok, start, end))
    return out


def hits(word, text):
    """The hits of a plain word in text: its tokens as a phrase, overlapping ones merged."""
    prefix = word.endswith("*")
    phrase = [t for t, _, _ in tokens(word.rstrip("*"))]
    toks = tokens(text)
    n = len(phrase)
    found = []
    for i in range(len(toks) - n + 1):
        ok = all(toks[i + k][0] == phrase[k] for k in range(n - 1))
        last = toks[i + n - 1][0]
        ok = ok and (last.startswith(phrase[-1]) if prefix else last == phrase[-1])
        if ok:
            s, e = toks[i][1], toks[i + n - 1][2]
            if found and s <= found[-1][1]:
                found[-1] = (found[-1][0], max(e, found[-1][1]))
            else:
                found.append((s, e))
    return found


if __name__ == "__main__":
    word = sys.argv[1]
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for t in doc["turns"]:
            for s, e in hits(word, t["text"]):
                print(doc["name"], t["turn"], t["start"] + s, t["start"] + e, t["text"][s:e])
