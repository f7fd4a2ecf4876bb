#!/usr/bin/env python3
"""bench/gen_survey.py CASES OUT.csv: a synthetic survey of 150 rows for the bench
project: one row per case named in CASES (one name a line), then rows for ids that
were not interviewed, up to 150; 20 variables: 8 numeric, 6 binary (0/1), 3 ordinal
(low/medium/high) and 3 categorical, about 3% of values missing. Seeded: the same
file every time. Numbers only, no person: it measures the join and the statistics."""
import random
import sys

rng = random.Random(20261126)
cases = [l.strip() for l in open(sys.argv[1]) if l.strip()]
ids = cases + ["S%04d" % i for i in range(1, max(0, 150 - len(cases)) + 1)]
cols = (["num%d" % i for i in range(1, 9)] + ["bin%d" % i for i in range(1, 7)]
        + ["ord%d" % i for i in range(1, 4)] + ["cat%d" % i for i in range(1, 4)])
with open(sys.argv[2], "w") as f:
    f.write("id," + ",".join(cols) + "\n")
    for i in ids:
        row = []
        for c in cols:
            if rng.random() < 0.03:
                row.append("")
            elif c.startswith("num"):
                row.append("%.2f" % rng.gauss(50, 10))
            elif c.startswith("bin"):
                row.append(str(int(rng.random() < 0.4)))
            elif c.startswith("ord"):
                row.append(rng.choice(["low", "medium", "high"]))
            else:
                row.append(rng.choice(["north", "south", "east", "west"]))
        f.write(i + "," + ",".join(row) + "\n")
