#!/usr/bin/env python3
"""bench/agree_ref.py: an independent implementation of braid's unit-based
agreement figures, for the benchmark's comparison (bench/agree.sh) and as a
cross-check of the C code (tests/cli/agree-ref.sh).

It shares nothing with braid but the definitions in docs/agreement.md,
docs/agreement-project.md and docs/unitizing.md: it reads the codings as
`braid code ls --format csv` exports them and the turns of the project file
(Python's own sqlite3). The units are the participants' turns of the
documents every coder coded (braid's default); a coder applied a code to a
unit when one of their codings (not rejected) shares a code point with it.
Per code it builds the units x coders matrix (1: applied, 0: not) and
computes straight from the textbook formulas:

  Krippendorff's alpha, nominal: Krippendorff (2011), "Computing
    Krippendorff's Alpha-Reliability", via the coincidence matrix;
  percent agreement: agreeing coder pairs / coder pairs, averaged over units;
  Fleiss' kappa: Fleiss (1971);
  Brennan-Prediger: (pa - 1/q) / (1 - 1/q), q the categories observed;
  Gwet's AC1: Gwet (2014), Handbook of Inter-Rater Reliability, ch. 4.

With --char, per code the 2016 |u-alpha of Krippendorff, Mathet, Bouvry and
Widloecher (eq. 6) over the same turns' characters, from interval
arithmetic: the observed coincidences of coded and uncoded text are the
lengths of one coder's coded text inside another's gaps; the expected ones
follow from the coded lengths and their units' squared lengths.

usage: agree_ref.py PROJECT CODINGS.csv CODERS [--char] [--json]
  CODERS: comma-separated names. Prints one line per code (and pooled), or
  with --json the same figures as an object {code: {...}, "pooled": {...}}.
"""
import csv
import json
import sqlite3
import sys
from bisect import bisect_right
from collections import defaultdict


def units_of(project, codings, coders):
    """The participants' turns (their utterances' spans) of the documents
    every coder coded: {doc name: [(start, end), ...]} in text order."""
    coded = defaultdict(set)
    for row in codings:
        if row["coder"] in coders and row["status"] != "rejected":
            coded[row["doc"]].add(row["coder"])
    db = sqlite3.connect("file:%s?mode=ro" % project, uri=True)
    by_doc = defaultdict(list)
    for name, start, end in db.execute(
            "SELECT d.name, t.start_cp, t.end_cp FROM turns t JOIN documents d"
            " ON d.id = t.doc_id JOIN speakers sp ON sp.id = t.speaker_id"
            " WHERE sp.role IN ('participant', 'other') ORDER BY d.name, t.start_cp"):
        if len(coded[name]) == len(coders):
            by_doc[name].append((start, end))
    return by_doc


def pieces(by_doc, codings, coders):
    """Each coding cut to the units it overlaps: (code, coder, doc, unit, start, end)."""
    starts = {d: [s for s, _ in u] for d, u in by_doc.items()}
    for row in codings:
        if row["coder"] not in coders or row["status"] == "rejected":
            continue
        doc, s, e = row["doc"], int(row["start"]), int(row["end"])
        units = by_doc.get(doc)
        if not units:
            continue
        i = max(bisect_right(starts[doc], s) - 1, 0)
        while i < len(units) and units[i][0] < e:
            us, ue = units[i]
            if us < e and s < ue:
                yield row["code"], row["coder"], doc, i, max(s, us), min(e, ue)
            i += 1


def applied(by_doc, codings, coders):
    """{code: {(doc, unit index): set of coders}} for units a coding overlaps."""
    out = defaultdict(lambda: defaultdict(set))
    for code, coder, doc, i, _, _ in pieces(by_doc, codings, coders):
        out[code][(doc, i)].add(coder)
    return out


def union(spans):
    """Sorted spans, those sharing a character joined (touching ones stay two)."""
    out = []
    for s, e in sorted(spans):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def overlap(a, b):
    """Total length of the intersection of two sorted lists of disjoint spans."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            total += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def u_alpha(by_doc, codings, coders):
    """{code: |u-alpha} over the units' characters (Krippendorff et al. 2016, eq. 6)."""
    L = sum(e - s for u in by_doc.values() for s, e in u)
    m = len(coders)
    segs = defaultdict(list)  # (code, coder, doc, unit) -> spans
    for code, coder, doc, i, s, e in pieces(by_doc, codings, coders):
        segs[(code, coder, doc, i)].append((s, e))
    by_code = defaultdict(lambda: defaultdict(list))  # code -> (doc, unit) -> [coder spans]
    for (code, coder, doc, i), spans in segs.items():
        by_code[code][(doc, i)].append((coder, union(spans)))
    out = {}
    for code, places in by_code.items():
        valued = sq = inside = 0  # coded chars, squared unit lengths, coded-in-coded pairs
        for per in places.values():
            for k, (_, a) in enumerate(per):
                valued += sum(e - s for s, e in a)
                sq += sum((e - s) ** 2 for s, e in a)
                for l, (_, b) in enumerate(per):
                    if k != l:
                        inside += overlap(a, b)
        ll = m * L
        gaps = ll - valued
        # coded text of coder i inside coder j's gaps, over ordered pairs, / (m - 1)
        o = ((m - 1) * valued - inside) / (m - 1)
        e = ll * valued * gaps / (ll * ll - sq - gaps)
        out[code] = None if e == 0 else 1 - o / e
    return out


def figures(rows, m):
    """rows: for each unit, the number of coders (of m) who applied the code."""
    n_units = len(rows)
    if n_units == 0:
        return None
    # coincidences of a binary variable, every unit with m values
    o11 = sum(k * (k - 1) for k in rows) / (m - 1)
    o00 = sum((m - k) * (m - k - 1) for k in rows) / (m - 1)
    o10 = sum(2 * k * (m - k) for k in rows) / (m - 1)  # both off-diagonal cells
    n1, n0 = o11 + o10 / 2, o00 + o10 / 2
    n = n1 + n0
    alpha = None if n1 * n0 == 0 else 1 - (n - 1) * o10 / (2 * n1 * n0)
    pairs = m * (m - 1) / 2
    pa = sum((k * (k - 1) / 2 + (m - k) * (m - k - 1) / 2) / pairs for k in rows) / n_units
    p1 = sum(rows) / (n_units * m)
    pe_f = p1 * p1 + (1 - p1) * (1 - p1)
    fleiss = None if pe_f == 1 else (pa - pe_f) / (1 - pe_f)
    q = (1 if p1 in (0.0, 1.0) else 2)
    bp = None if q < 2 else (pa - 1 / q) / (1 - 1 / q)
    pe_g = (p1 * (1 - p1) + (1 - p1) * p1) / (q - 1) if q > 1 else 1
    ac1 = None if pe_g == 1 else (pa - pe_g) / (1 - pe_g)
    return {"units": n_units, "alpha": alpha, "percent_agreement": pa,
            "fleiss_kappa": fleiss, "brennan_prediger": bp, "gwet_ac1": ac1}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    as_json = "--json" in sys.argv
    project, codings_csv, coders = args[0], args[1], args[2].split(",")
    with open(codings_csv, newline="", encoding="utf-8") as f:
        codings = list(csv.DictReader(f))
    by_doc = units_of(project, codings, coders)
    if "--char" in sys.argv:
        result = {c: {"alpha_u": a} for c, a in u_alpha(by_doc, codings, coders).items()}
        json.dump(result, sys.stdout, sort_keys=True) if as_json else \
            [print(c, "alpha_u=%s" % r["alpha_u"]) for c, r in sorted(result.items())]
        return
    by_code = applied(by_doc, codings, set(coders))
    all_units = [(d, i) for d, u in by_doc.items() for i in range(len(u))]
    m = len(coders)
    result, pooled = {}, []
    for code in sorted(by_code):
        rows = [len(by_code[code].get(u, ())) for u in all_units]
        result[code] = figures(rows, m)
        pooled.extend(rows)
    result["pooled"] = figures(pooled, m)
    if as_json:
        json.dump(result, sys.stdout, sort_keys=True)
        print()
        return
    for code, r in result.items():
        print(code, " ".join("%s=%s" % (k, "null" if v is None else "%.6f" % v)
                             for k, v in sorted(r.items())))


if __name__ == "__main__":
    main()
