#!/usr/bin/python3
"""Independent reference values for `triangulate corr` and `triangulate model`
(src/core/trimodel.c), on the project tests/unit/test_trimodel.c builds.

Run with Debian's python3 and its packages (python3-scipy, python3-statsmodels;
they produce these numbers once, they are no build or test dependency):

    /usr/bin/python3 tests/ref/trimodel_ref.py > /tmp/ref.c

It prints C: the survey file, which cases have the themes, and every expected
value as a named constant with the call that produced it. test_trimodel.c
holds that output pasted between "BEGIN trimodel_ref.py" and "END
trimodel_ref.py". Nothing here shares code with braid: the join, complete
cases and dummy coding are done again with pandas, the correlations by
scipy.stats, Benjamini-Hochberg by statsmodels' multipletests, the models by
statsmodels' Logit and OLS (cov_type='HC3').

The data: 40 cases P01..P40, each interviewed (a document of its own), and a
survey of 41 rows: P40 has no row (all its values missing), P41 has no case
(not in the matrix, so in nothing below). Themes: peer (about half the
cases), family (a few). Variables: SR binary 0/1, PWB numeric, age numeric,
RA ordinal low < medium < high (scores 1, 2, 3), origin categorical (three
countries), each with a few values missing.
"""
import math
import sys

import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.multitest import multipletests

NA = float("nan")
out = []


def emit(line=""):
    out.append(line)


def num(v):
    return repr(float(v))


def val(name, v, how):
    if isinstance(v, float) and math.isnan(v):
        raise SystemExit("%s is NaN" % name)
    emit("#define %s %s /* %s */" % (name, num(v), how))


rng = np.random.default_rng(20240611)
N = 40
cases = ["P%02d" % (i + 1) for i in range(N)]
peer = (rng.random(N) < 0.5).astype(int)
family = (rng.random(N) < 0.2).astype(int)
origins = ["Tajikistan", "Kyrgyzstan", "Uzbekistan"]
origin = [origins[k] for k in rng.integers(0, 3, N)]
age = np.round(rng.normal(35, 9, N)).astype(int)
ra_score = rng.integers(1, 4, N)
pwb = np.round(3 + 0.8 * peer + 0.3 * ra_score - 0.02 * (age - 35) + rng.normal(0, 1, N), 1)
lin = -0.4 + 0.8 * peer + 0.4 * (pwb - 4) + rng.normal(0, 1.5, N)
sr = (lin > 0).astype(int)
levels = ["low", "medium", "high"]

# missing values (survey rows without the value): a few per variable
sr_missing = {3, 17, 28}
pwb_missing = {8, 21}
age_missing = {12}
ra_missing = {25, 33}
origin_missing = {5}
no_row = {39}  # P40: no survey row at all

rows = []
for i in range(N):
    if i in no_row:
        continue
    rows.append([
        cases[i],
        "" if i in sr_missing else str(sr[i]),
        "" if i in pwb_missing else "%.1f" % pwb[i],
        "" if i in age_missing else str(age[i]),
        "" if i in ra_missing else levels[ra_score[i] - 1],
        "" if i in origin_missing else origin[i],
    ])
rows.append(["P41", "1", "2.0", "50", "high", "Uzbekistan"])  # no case: not in the matrix
csv = "id,SR,PWB,age,RA,origin\n" + "".join(",".join(r) + "\n" for r in rows)

# the matrix as braid should join it: one row per case (P01..P40)
d = pd.DataFrame({
    "SR": [NA if (i in sr_missing or i in no_row) else float(sr[i]) for i in range(N)],
    "PWB": [NA if (i in pwb_missing or i in no_row) else float("%.1f" % pwb[i]) for i in range(N)],
    "age": [NA if (i in age_missing or i in no_row) else float(age[i]) for i in range(N)],
    "RA": [NA if (i in ra_missing or i in no_row) else float(ra_score[i]) for i in range(N)],
    "origin": [None if (i in origin_missing or i in no_row) else origin[i] for i in range(N)],
    "theme:peer": peer.astype(float),
    "theme:family": family.astype(float),
})

emit("/* BEGIN trimodel_ref.py: scipy %s, statsmodels %s, pandas %s, numpy %s, Python %s */"
     % (scipy.__version__, statsmodels.__version__, pd.__version__, np.__version__,
        sys.version.split()[0]))
emit("static const char survey_csv[] =")
for line in csv.splitlines():
    emit('\t"%s\\n"' % line)
emit("\t;")
emit("static const int has_peer[%d] = { %s };" % (N, ", ".join(str(v) for v in peer)))
emit("static const int has_family[%d] = { %s };" % (N, ", ".join(str(v) for v in family)))

# ---- corr: PWB RA SR age theme:peer, method auto (Spearman where RA is in the pair) ----
items = ["PWB", "RA", "SR", "age", "theme:peer"]
emit("/* corr %s, pairwise-complete; Pearson: scipy.stats.pearsonr, its" % " ".join(items))
emit("   confidence_interval(0.95) (Fisher's z); Spearman: scipy.stats.spearmanr and")
emit("   tanh(atanh(rho) -+ 1.959964 / sqrt(n - 3)); BH: statsmodels multipletests(method='fdr_bh') */")
ps = []
k = 0
for i in range(len(items)):
    for j in range(i + 1, len(items)):
        a, b = items[i], items[j]
        pair = d[[a, b]].dropna()
        x, y = pair[a].to_numpy(), pair[b].to_numpy()
        n = len(pair)
        if "RA" in (a, b):
            rho, p = st.spearmanr(x, y)
            z, se = math.atanh(rho), 1 / math.sqrt(n - 3)
            lo, hi = math.tanh(z - st.norm.ppf(0.975) * se), math.tanh(z + st.norm.ppf(0.975) * se)
            how = "spearmanr"
        else:
            res = st.pearsonr(x, y)
            rho, p = res.statistic, res.pvalue
            ci = res.confidence_interval(0.95)
            lo, hi = ci.low, ci.high
            how = "pearsonr"
        emit("/* pair %d: %s x %s, %s */" % (k, a, b, how))
        emit("#define C%d_N %d" % (k, n))
        val("C%d_R" % k, rho, how)
        val("C%d_LO" % k, lo, "Fisher z")
        val("C%d_HI" % k, hi, "Fisher z")
        val("C%d_P" % k, p, how)
        ps.append(p)
        k += 1
adj = multipletests(ps, method="fdr_bh")[1]
for i, v in enumerate(adj):
    val("C%d_PADJ" % i, v, "multipletests(method='fdr_bh')")


# ---- models: complete cases, origin as dummies against Kyrgyzstan (the first sorted) ----
def design(outcome, preds):
    cols = [outcome] + preds
    cc = d[cols].dropna()
    X = pd.DataFrame(index=cc.index)
    for p in preds:
        if p == "origin":
            # pandas' get_dummies sorts the levels; drop_first drops the first sorted one
            dm = pd.get_dummies(cc["origin"], prefix="origin", prefix_sep=": ", drop_first=True)
            X = X.join(dm.astype(float))
        else:
            X[p] = cc[p]
    return cc[outcome], sm.add_constant(X), len(d) - len(cc)


emit("/* logit SR ~ PWB + RA (scores) + origin (dummies, reference Kyrgyzstan) + theme:peer:")
emit("   statsmodels Logit(y, add_constant(X)).fit(), complete cases */")
y, X, dropped = design("SR", ["PWB", "RA", "origin", "theme:peer"])
r = sm.Logit(y, X).fit(disp=0, tol=1e-12, maxiter=100)
emit("#define LOGIT_N %d" % len(y))
emit("#define LOGIT_DROPPED %d" % dropped)
emit("#define LOGIT_EVENTS %d" % int(y.sum()))
emit("static const char *const logit_terms[] = { %s };" % ", ".join('"%s"' % t for t in X.columns))
ci = r.conf_int(0.05)
for name, arrv in (("b", r.params), ("se", r.bse), ("z", r.tvalues), ("p", r.pvalues),
                   ("lo", ci[0]), ("hi", ci[1]), ("or", np.exp(r.params)),
                   ("or_lo", np.exp(ci[0])), ("or_hi", np.exp(ci[1]))):
    emit("static const double logit_%s[] = { %s }; /* Logit %s */" % (
        name, ", ".join(num(v) for v in arrv), name))
val("LOGIT_LOGLIK", r.llf, "Logit .llf")
fitted = r.predict(X)
u = st.mannwhitneyu(fitted[y == 1], fitted[y == 0]).statistic
val("LOGIT_AUC", u / (y.sum() * (len(y) - y.sum())), "scipy.stats.mannwhitneyu(p1, p0).statistic / (n1 n0)")

emit("/* OLS PWB ~ age + RA (scores) + origin (dummies) + theme:peer + SR:")
emit("   statsmodels OLS(y, add_constant(X)).fit(cov_type='HC3'); beta = b sd(x) / sd(y), ddof 1 */")
y, X, dropped = design("PWB", ["age", "RA", "origin", "theme:peer", "SR"])
r = sm.OLS(y, X).fit(cov_type="HC3", use_t=True)
emit("#define OLS_N %d" % len(y))
emit("#define OLS_DROPPED %d" % dropped)
emit("static const char *const ols_terms[] = { %s };" % ", ".join('"%s"' % t for t in X.columns))
ci = r.conf_int(0.05)
beta = [0.0] + [r.params[c] * X[c].std(ddof=1) / y.std(ddof=1) for c in X.columns[1:]]
for name, arrv in (("b", r.params), ("se", r.bse), ("t", r.tvalues), ("p", r.pvalues),
                   ("lo", ci[0]), ("hi", ci[1]), ("beta", beta)):
    emit("static const double ols_%s[] = { %s }; /* OLS HC3 %s */" % (
        name, ", ".join(num(v) for v in arrv), name))
val("OLS_R2", r.rsquared, "OLS .rsquared")
val("OLS_ADJ_R2", r.rsquared_adj, "OLS .rsquared_adj")
emit("/* END trimodel_ref.py */")
print("\n".join(out))
