#!/usr/bin/env python3
"""Independent reference for braid's unitizing alphas (src/core/unitize.c).

Written from the papers' formulas, character by character, sharing no code
with the C version (which sweeps sorted boundaries and never looks at a
character):

- |u-alpha, u-alpha, cu-alpha: Krippendorff, Mathet, Bouvry & Widloecher
  (2016), Quality & Quantity 50: 2347-2364, eqs. 1, 4, 5, 6, 10, 11;
  Krippendorff (2019), Content Analysis, 4th ed., section 12.6. Observed
  coincidences are counted per character and pair of coders; the expected
  ones by enumerating every ordered pair of (coder, character) cells that
  are not in the same unit (gaps: every character its own unit).
- alpha_U: Krippendorff (1995), Sociological Methodology 25: 47-76, in the
  discrete form of Krippendorff (2004), Quality & Quantity 38: 787-800:
  every pair of units of two coders, the published difference function,
  the published expected disagreement summed unit by unit.
- NVivo's percent agreement and kappa on the 2x2 table of characters.

Usage: unitize_ref.py [SEED [CASES]] > tests/fixtures/unitize_random.txt
writes random cases and their values in the format test_unitize.c reads.
"""
import random
import sys
from fractions import Fraction as F

NAN = None


def fmt(x):
    return "nan" if x is None else repr(float(x))


def units_of(segs, length):
    """One coder's segments on one continuum -> per-character unit ids
    (None: gap). Segments sharing a character are one unit; segments that
    only touch stay two."""
    unit = [None] * length
    segs = sorted(segs)
    groups = []
    for s, e in segs:
        if groups and s < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], e)
        else:
            groups.append([s, e])
    for g, (s, e) in enumerate(groups):
        for p in range(s, e):
            unit[p] = g
    return unit


def cells(case, cats):
    """cells[coder] = list over all characters of (value, unit key) where
    value is the category or None, and unit key is unique per unit; each gap
    character is its own unit."""
    m, lens, segs = case["m"], case["len"], case["seg"]
    out = []
    for i in range(m):
        row = []
        for c, L in enumerate(lens):
            percat = {}
            for (cc, coder, s, e, cat) in segs:
                if cc == c and coder == i and cat in cats:
                    percat.setdefault(cat, []).append((s, e))
            val = [None] * L
            key = [None] * L
            for cat, ss in percat.items():
                u = units_of(ss, L)
                for p in range(L):
                    if u[p] is not None:
                        val[p] = cat
                        key[p] = (i, c, cat, u[p])
            for p in range(L):
                if key[p] is None:
                    key[p] = (i, c, "gap", p)
            row.extend(zip(val, key))
        out.append(row)
    return out


def alpha_2016(case, cats, binary=False):
    m = case["m"]
    if m < 2:
        return NAN
    cl = cells(case, cats)
    if binary:
        cl = [[(None if v is None else 1, k) for v, k in row] for row in cl]
    L = len(cl[0])
    if not any(v is not None for row in cl for v, _ in row):
        return NAN
    # observed disagreement: pairs of coders at one character
    dis = F(0)
    for p in range(L):
        for i in range(m):
            for j in range(m):
                if i != j and cl[i][p][0] != cl[j][p][0]:
                    dis += F(1, m - 1)
    # expected: every ordered pair of cells not in one unit
    flat = [c for row in cl for c in row]
    byval, byunit = {}, {}
    for v, k in flat:
        byval[v] = byval.get(v, 0) + 1
        byunit[(v, k)] = byunit.get((v, k), 0) + 1
    # pairs with different values are never in one unit
    total_diff = sum(byval[a] * byval[b] for a in byval for b in byval if a != b)
    same_unit = sum(n * n for n in byunit.values())
    total = len(flat) ** 2 - same_unit
    if total <= 0 or total_diff == 0:
        return NAN
    ldd = m * L
    de = F(ldd * total_diff, total)
    return 1 - dis / de


def cu_alpha_2016(case, cats):
    """cu-alpha, eqs. 10 and 11 of the 2016 paper: only characters where the
    two coders of a pair both gave a category."""
    m = case["m"]
    if m < 2:
        return NAN
    cl = cells(case, cats)
    L = len(cl[0])
    lp, agree, part = {}, F(0), {}
    for p in range(L):
        for i in range(m):
            for j in range(m):
                if i == j or cl[i][p][0] is None or cl[j][p][0] is None:
                    continue
                c = cl[i][p][0]
                lp[c] = lp.get(c, 0) + F(1, m - 1)
                if cl[j][p][0] == c:
                    agree += F(1, m - 1)
                # the part of i's unit that j's categories cover
                key = (cl[i][p][1], j)
                part[key] = part.get(key, (c, 0))
                part[key] = (c, part[key][1] + 1)
    lq = sum(lp.values(), F(0))
    if lq == 0:
        return NAN
    s = {}
    for (c, n) in part.values():
        s[c] = s.get(c, 0) + n * n
    sall = sum(s.values())
    den = lq - F(sall, 1) / (lq * (m - 1))
    if den <= 0:
        return NAN
    ediag = sum((lp[c] * lp[c] - F(s.get(c, 0), m - 1)) / den for c in lp)
    de = lq - ediag
    if de <= 0:
        return NAN
    return 1 - (lq - agree) / de


def alpha_1995(case, cat):
    m, lens = case["m"], case["len"]
    L = sum(lens)
    if m < 2 or L == 0:
        return NAN
    # every coder's partition of every continuum into (start, end, valued)
    part = []
    for i in range(m):
        row = []
        for c, Lc in enumerate(lens):
            u = units_of([(s, e) for (cc, coder, s, e, k) in case["seg"]
                          if cc == c and coder == i and k == cat], Lc)
            p = 0
            while p < Lc:
                q = p
                while q < Lc and u[q] == u[p]:
                    q += 1
                row.append((c, p, q, u[p] is not None))
                p = q
        part.append(row)

    def delta(g, h):
        (cg, bg, eg, wg), (ch, bh, eh, wh) = g, h
        if cg != ch:
            return 0
        lg, lh = eg - bg, eh - bh
        if wg and wh and -lg < bg - bh < lh:
            return (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
        if wg and not wh and lh - lg >= bg - bh >= 0:
            return lg * lg
        if not wg and wh and lg - lh >= bh - bg >= 0:
            return lh * lh
        return 0

    do = sum(delta(g, h) for i in range(m) for j in range(m) if i != j
             for g in part[i] for h in part[j])
    do = F(do, m * (m - 1) * L * L)
    segs = [e - b for row in part for (c, b, e, w) in row if w]
    gaps = [e - b for row in part for (c, b, e, w) in row if not w]
    if not segs:
        return NAN
    N = len(segs)
    num = F(0)
    for lg in segs:
        num += F((N - 1) * (2 * lg ** 3 - 3 * lg ** 2 + lg), 3)
        num += lg * lg * sum(lh - lg + 1 for lh in gaps if lh >= lg)
    den = m * L * (m * L - 1) - sum(l * (l - 1) for l in segs)
    if den <= 0:
        return NAN
    de = F(2, L) * num / den
    if de <= 0:
        return NAN
    return 1 - do / de


def nvivo(case, cat):
    if case["m"] != 2 or sum(case["len"]) == 0:
        return NAN, NAN
    cl = cells(case, {cat})
    a = [v is not None for v, _ in cl[0]]
    b = [v is not None for v, _ in cl[1]]
    n = len(a)
    agree = sum(1 for x, y in zip(a, b) if x == y)
    po = F(agree, n)
    pa, pb = F(sum(a), n), F(sum(b), n)
    pe = pa * pb + (1 - pa) * (1 - pb)
    return po, (NAN if pe == 1 else (po - pe) / (1 - pe))


def overlapping(case):
    for (c1, i1, s1, e1, k1) in case["seg"]:
        for (c2, i2, s2, e2, k2) in case["seg"]:
            if c1 == c2 and i1 == i2 and k1 != k2 and s1 < e2 and s2 < e1:
                return True
    return False


def random_case(rng, domain):
    m = rng.choice([1, 2, 2, 2, 3, 4])
    ncat = rng.randint(1, 3)
    lens = [rng.choice([0, 5, 12, 20, 30]) for _ in range(rng.randint(1, 3))]
    segs = []
    for i in range(m):
        for c, L in enumerate(lens):
            if L == 0:
                continue
            p = rng.randint(0, 4)
            while p < L and rng.random() < 0.8:
                e = min(L, p + rng.randint(1, 8))
                segs.append((c, i, p, e, rng.randrange(ncat)))
                if domain:
                    p = e + rng.choice([0, 0, 1, 2, 5])
                else:
                    p = max(0, p + rng.randint(-3, 6))
    return {"m": m, "ncat": ncat, "len": lens, "seg": segs}


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    rng = random.Random(seed)
    print("# written by tests/ref/unitize_ref.py %d %d; do not edit" % (seed, n))
    for k in range(n):
        case = random_case(rng, domain=(k % 2 == 0))
        print("case %d %d %d" % (case["m"], case["ncat"], len(case["len"])))
        print("len " + " ".join(str(x) for x in case["len"]))
        for s in case["seg"]:
            print("seg %d %d %d %d %d" % s)
        for cat in range(case["ncat"]):
            po, kappa = nvivo(case, cat)
            print("code %d %s %s %s %s" % (cat, fmt(alpha_2016(case, {cat}, binary=True)),
                                           fmt(alpha_1995(case, cat)), fmt(po), fmt(kappa)))
        if not overlapping(case):
            cats = set(range(case["ncat"]))
            print("domain %s %s %s" % (fmt(alpha_2016(case, cats)),
                                       fmt(cu_alpha_2016(case, cats)),
                                       fmt(alpha_2016(case, cats, binary=True))))
        print("end")


if __name__ == "__main__":
    main()
