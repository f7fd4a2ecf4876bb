#!/usr/bin/env python3
"""Writes corpora/survey.csv: 150 SYNTHETIC survey rows for the survivor-support study.

Nothing here describes a real person. The rows are drawn from a seeded generator
(random.Random(20261126)) so the file is the same on every run:

    python3 corpora/tools/make_survey.py > corpora/survey.csv

Ids P001-P150. The interviewed participants of the bundled corpora are among them
with the same ids: P001-P010 (interviews) and P011-P021 (focus groups FG1, FG2).
The key informants K01-K05 are professionals, not survivors, and took no survey.

Relationships built in, so that the triangulation commands have something to find:
- participants whose transcripts talk about peer support (P001, P003, P010 and the
  FG2 group, P017-P021) have a higher peer/social support index (PSSI) and are
  more often successfully reintegrated (SR = 1);
- trauma-informed counselling (TIC = 1) raises psychological well-being (PWB);
- legal aid (LA = 1) raises rights awareness (RA) and lowers unmet needs (UNC);
- unmet needs lower the chance of SR.
A few values are missing (empty or NA), as in real survey exports.

Variables: id, PWB (mean of a 1-6 scale, 2 decimals), LA (0/1), TIC (0/1), PSSI (0-100
index), RA (low/medium/high), SR (0/1), UNC (count of unmet needs, 0-8), age,
origin (categorical), months_since_exit, education (none/primary/secondary/higher),
marital_status, programme_type.
"""
import csv
import math
import random
import sys

PEER = {"P001", "P003", "P010", "P017", "P018", "P019", "P020", "P021"}
ORIGINS = ["Uzbekistan", "Tajikistan", "Kyrgyzstan", "Kazakhstan", "Turkmenistan"]
EDUCATION = ["none", "primary", "secondary", "higher"]
MARITAL = ["single", "married", "divorced", "widowed"]
PROGRAMMES = ["shelter", "community", "outreach"]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def logistic(z):
    return 1 / (1 + math.exp(-z))


def main():
    rnd = random.Random(20261126)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["id", "PWB", "LA", "TIC", "PSSI", "RA", "SR", "UNC", "age", "origin",
                "months_since_exit", "education", "marital_status", "programme_type"])
    for i in range(1, 151):
        pid = "P%03d" % i
        peer = pid in PEER or rnd.random() < 0.3
        la = int(rnd.random() < 0.55)
        tic = int(rnd.random() < 0.5)
        programme = rnd.choice(PROGRAMMES)
        pssi = clamp(rnd.gauss(62 if peer else 45, 12), 0, 100)
        pwb = clamp(rnd.gauss(3.2 + 0.8 * tic + 0.01 * (pssi - 50), 0.7), 1, 6)
        ra_score = rnd.gauss(0.9 * la, 0.8)
        ra = "low" if ra_score < 0.2 else "medium" if ra_score < 1.0 else "high"
        unc = int(clamp(round(rnd.gauss(4 - 1.2 * la - 0.6 * tic, 1.5)), 0, 8))
        sr = int(rnd.random() < logistic(-1.0 + 1.3 * peer + 0.5 * (pwb - 3.5) - 0.3 * (unc - 3)))
        age = int(clamp(round(rnd.gauss(29, 7)), 18, 60))
        months = int(clamp(round(rnd.expovariate(1 / 20)), 1, 96))
        row = [pid, "%.2f" % pwb, la, tic, "%.1f" % pssi, ra, sr, unc, age,
               rnd.choice(ORIGINS), months, rnd.choices(EDUCATION, [2, 4, 5, 2])[0],
               rnd.choice(MARITAL), programme]
        # a few missing answers: PWB, PSSI, months and education, as real exports have
        for col in (1, 4, 10, 11):
            if rnd.random() < 0.03:
                row[col] = "NA" if rnd.random() < 0.5 else ""
        w.writerow(row)


if __name__ == "__main__":
    main()
