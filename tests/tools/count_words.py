#!/usr/bin/env python3
"""Counts words in UTF-8 files with Python's unicodedata, independently of
braid's C code, by the rule documented in include/braid/text.h. The counts
are the expected values in tests/unit/test_text.c.

usage: python3 tests/tools/count_words.py FILE...
"""
import sys
import unicodedata

JOINERS = {"\u0027", "\u2018", "\u2019", "\u02bb", "\u02bc", "\u002d", "\u2010", "\u2011"}


def count_words(text):
    words = 0
    in_word = False
    joiner = False  # inside a word, just after an apostrophe or hyphen
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in JOINERS:
            if joiner:
                in_word = False
            joiner = in_word
        elif cat[0] in "LN":
            if not in_word:
                words += 1
            in_word = True
            joiner = False
        elif cat[0] == "M":
            if joiner:
                in_word = joiner = False
        else:
            in_word = joiner = False
    return words


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        nfc = count_words(unicodedata.normalize("NFC", text))
        nfd = count_words(unicodedata.normalize("NFD", text))
        print(f"{path}: {count_words(text)} words (NFC {nfc}, NFD {nfd})")
