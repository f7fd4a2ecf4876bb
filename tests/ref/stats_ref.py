#!/usr/bin/python3
"""Independent reference values for braid's statistics (src/core/stats.c).

Run with Debian's python3 and its packages (python3-scipy, python3-statsmodels;
they produce these numbers once, they are no build or test dependency):

    /usr/bin/python3 tests/ref/stats_ref.py > /tmp/ref.c

It prints C: the datasets as arrays and every expected value as a named
constant, each with the call that produced it. tests/unit/test_stats.c holds
that output pasted between "BEGIN stats_ref.py" and "END stats_ref.py", so
that the C test needs no Python. None of it shares code with stats.c: the
2x2 table goes through scipy.stats.fisher_exact and statsmodels' Table2x2,
the tests through scipy.stats, the models through statsmodels' Logit and OLS.
"""
import math
import sys

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.api as sm
from statsmodels.stats.contingency_tables import Table2x2
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.weightstats import ttest_ind as sm_ttest_ind

NA = float("nan")
out = []


def emit(line=""):
    out.append(line)


def num(v):
    if isinstance(v, float) and math.isnan(v):
        return "NA"
    return repr(float(v))


def arr(ctype, name, values):
    emit("static const %s %s[] = { %s };" % (ctype, name, ", ".join(
        num(v) if ctype == "double" else str(int(v)) for v in values)))


def val(name, v, how):
    emit("#define %s %s /* %s */" % (name, num(v), how))


emit("/* BEGIN stats_ref.py: scipy %s, statsmodels %s, numpy %s, Python %s */"
     % (scipy.__version__, statsmodels.__version__, np.__version__,
        sys.version.split()[0]))

# ---- 2x2 tables: x presence, y variable, t[x][y] ----


def table_cases(prefix, t):
    """Cases (x, y) for the counts t[x][y], then two with a missing value."""
    xs, ys = [], []
    for x in (0, 1):
        for y in (0, 1):
            xs += [x] * t[x][y]
            ys += [y] * t[x][y]
    xs += [-1, 1]
    ys += [1, -1]
    arr("int", prefix + "_x", xs)
    arr("int", prefix + "_y", ys)
    # statsmodels and scipy want [[a, b], [c, d]] with OR = ad/bc; braid's
    # OR is t[1][1] t[0][0] / (t[1][0] t[0][1]): rows x = 1, 0; columns y = 1, 0
    tab = np.array([[t[1][1], t[1][0]], [t[0][1], t[0][0]]], dtype=float)
    _, p = st.fisher_exact(tab, alternative="two-sided")
    val(prefix.upper() + "_FISHER_P", p, "scipy.stats.fisher_exact(%s)" % tab.astype(int).tolist())
    # Haldane-Anscombe: 0.5 added to every cell when one is zero. Not
    # statsmodels' shift_zeros, which replaces only the zero cells by 0.5
    # (statsmodels 0.13.5, contingency_tables.Table.__init__).
    # oddsratio_confint(method="normal") is Woolf's logit interval.
    shift = 0.5 if tab.min() == 0 else 0.0
    tt = Table2x2(tab + shift, shift_zeros=False)
    lo, hi = tt.oddsratio_confint(alpha=0.05, method="normal")
    how = "statsmodels Table2x2(%s + %g, shift_zeros=False)" % (tab.astype(int).tolist(), shift)
    val(prefix.upper() + "_OR", tt.oddsratio, how + ".oddsratio")
    val(prefix.upper() + "_OR_LOW", lo, how + ".oddsratio_confint(method='normal')[0]")
    val(prefix.upper() + "_OR_HIGH", hi, how + ".oddsratio_confint(method='normal')[1]")


# a zero cell: Haldane-Anscombe
table_cases("zero", [[6, 3], [0, 7]])
# Fisher's lady tasting tea (R's fisher.test example TeaTasting): p = 0.4857
table_cases("tea", [[3, 1], [1, 3]])
# R's fisher.test example Convictions (Agresti 1990, p. 61): monozygotic
# twins (x = 1) 10 convicted (y = 1), 3 not; dizygotic 2 and 15
table_cases("twins", [[15, 2], [3, 10]])
# an asymmetric table where several tables tie with the observed probability
table_cases("asym", [[4, 4], [2, 6]])

# two tables equally likely in exact arithmetic (78/171 each), not in
# floating point: R's relative tolerance makes p = 1
val("TOL_FISHER_P", st.fisher_exact([[0, 2], [6, 11]])[1], "scipy.stats.fisher_exact([[0, 2], [6, 11]])")

# ---- presence against a numeric variable ----
g = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, -1]
y = [19.1, 22.4, 18.3, 25.0, 21.7, 20.2, 22.4, 16.5, 17.8, 23.1, 15.2, 18.9, 14.4,
     19.9, 17.0, 22.4, NA, 20.0]
arr("int", "grp_g", g)
arr("double", "grp_y", y)
y1 = [v for gi, v in zip(g, y) if gi == 1 and not math.isnan(v)]
y0 = [v for gi, v in zip(g, y) if gi == 0 and not math.isnan(v)]
val("GRP_MEAN1", np.mean(y1), "numpy.mean")
val("GRP_MEAN0", np.mean(y0), "numpy.mean")
val("GRP_SD1", np.std(y1, ddof=1), "numpy.std(ddof=1)")
val("GRP_SD0", np.std(y0, ddof=1), "numpy.std(ddof=1)")
t, p = st.ttest_ind(y1, y0, equal_var=False)
val("GRP_T", t, "scipy.stats.ttest_ind(y1, y0, equal_var=False)")
val("GRP_T_P", p, "scipy.stats.ttest_ind(y1, y0, equal_var=False)")
t2, p2, df = sm_ttest_ind(y1, y0, usevar="unequal")
val("GRP_DF", df, "statsmodels.stats.weightstats.ttest_ind(y1, y0, usevar='unequal')[2]")
u = st.mannwhitneyu(y1, y0, use_continuity=True, alternative="two-sided", method="asymptotic")
val("GRP_U", u.statistic, "scipy.stats.mannwhitneyu(y1, y0, use_continuity=True, method='asymptotic')")
val("GRP_U_P", u.pvalue, "scipy.stats.mannwhitneyu(y1, y0, use_continuity=True, method='asymptotic')")
gg = [gi for gi, v in zip(g, y) if gi in (0, 1) and not math.isnan(v)]
yy = [v for gi, v in zip(g, y) if gi in (0, 1) and not math.isnan(v)]
val("GRP_RPB", st.pointbiserialr(gg, yy)[0], "scipy.stats.pointbiserialr")

# Mann-Whitney on Likert scores, many ties
lg = [1] * 9 + [0] * 11
ly = [3, 4, 4, 5, 2, 4, 5, 3, 4, 2, 3, 3, 1, 2, 4, 2, 3, 1, 3, 2]
arr("int", "likert_g", lg)
arr("double", "likert_y", ly)
l1 = [v for gi, v in zip(lg, ly) if gi == 1]
l0 = [v for gi, v in zip(lg, ly) if gi == 0]
u = st.mannwhitneyu(l1, l0, use_continuity=True, alternative="two-sided", method="asymptotic")
val("LIK_U", u.statistic, "scipy.stats.mannwhitneyu(l1, l0, use_continuity=True, method='asymptotic')")
val("LIK_U_P", u.pvalue, "scipy.stats.mannwhitneyu(l1, l0, use_continuity=True, method='asymptotic')")

# ---- correlations: ties and missing values ----
cx = [1.0, 2.0, 2.0, 3.0, 4.0, NA, 5.0, 6.0, 6.0, 7.0, 8.0, 9.0, 3.0]
cy = [2.1, 1.9, 3.5, 3.5, 4.0, 5.0, NA, 6.2, 5.1, 7.7, 6.0, 9.9, 2.5]
arr("double", "cor_x", cx)
arr("double", "cor_y", cy)
ok = [i for i in range(len(cx)) if not (math.isnan(cx[i]) or math.isnan(cy[i]))]
px = np.array([cx[i] for i in ok])
py = np.array([cy[i] for i in ok])
val("COR_N", len(ok), "pairwise-complete cases")
pr = st.pearsonr(px, py)
ci = pr.confidence_interval(0.95)
val("COR_R", pr.statistic, "scipy.stats.pearsonr")
val("COR_P", pr.pvalue, "scipy.stats.pearsonr")
val("COR_LOW", ci.low, "scipy.stats.pearsonr(...).confidence_interval(0.95) (Fisher z)")
val("COR_HIGH", ci.high, "scipy.stats.pearsonr(...).confidence_interval(0.95) (Fisher z)")
sr = st.spearmanr(px, py)
val("COR_RHO", sr.correlation, "scipy.stats.spearmanr")
val("COR_RHO_P", sr.pvalue, "scipy.stats.spearmanr (t with n - 2 df)")
rci = st.pearsonr(st.rankdata(px), st.rankdata(py)).confidence_interval(0.95)
val("COR_RHO_LOW", rci.low, "scipy.stats.pearsonr(rankdata(x), rankdata(y)).confidence_interval(0.95)")
val("COR_RHO_HIGH", rci.high, "scipy.stats.pearsonr(rankdata(x), rankdata(y)).confidence_interval(0.95)")
arr("double", "cor_ranks", st.rankdata(px))

# ---- Benjamini-Hochberg ----
bp = [0.01, 0.04, 0.03, 0.005, 0.20, 0.04, 0.50, 0.012]
arr("double", "bh_p", bp)
arr("double", "bh_adj", multipletests(bp, method="fdr_bh")[1])
emit("/* bh_adj: statsmodels.stats.multitest.multipletests(bh_p, method='fdr_bh')[1] */")

# ---- logistic regression: Spector & Mazzeo (1980), statsmodels.datasets.spector ----
d = sm.datasets.spector.load_pandas().data
X = d[["GPA", "TUCE", "PSI"]].to_numpy()
Y = d["GRADE"].to_numpy()
arr("double", "spector_x", X.flatten())
arr("double", "spector_y", Y)
res = sm.Logit(Y, sm.add_constant(X)).fit(disp=0, tol=1e-12, maxiter=100)
how = "statsmodels Logit(GRADE, const + GPA TUCE PSI).fit()"
arr("double", "spector_b", res.params)
arr("double", "spector_se", res.bse)
arr("double", "spector_z", res.tvalues)
arr("double", "spector_p", res.pvalues)
ci = res.conf_int(0.05)
arr("double", "spector_or_low", np.exp(ci[:, 0]))
arr("double", "spector_or_high", np.exp(ci[:, 1]))
emit("/* spector_*: %s .params .bse .tvalues .pvalues, exp(.conf_int()) */" % how)
val("SPECTOR_LLF", res.llf, how + ".llf")
fitted = res.predict()
uu = st.mannwhitneyu(fitted[Y == 1], fitted[Y == 0]).statistic
val("SPECTOR_AUC", uu / ((Y == 1).sum() * (Y == 0).sum()),
    "scipy.stats.mannwhitneyu(fitted[y==1], fitted[y==0]).statistic / (n1 n0)")

# ---- OLS with HC3 ----
# Longley (1967), statsmodels.datasets.longley; NIST StRD certifies its coefficients
L = sm.datasets.longley.load_pandas().data
LX = L[["GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"]].to_numpy()
LY = L["TOTEMP"].to_numpy()
arr("double", "longley_x", LX.flatten())
arr("double", "longley_y", LY)
ols = sm.OLS(LY, sm.add_constant(LX)).fit(cov_type="HC3", use_t=True)
how = "statsmodels OLS(TOTEMP, const + 6).fit(cov_type='HC3', use_t=True)"
arr("double", "longley_b", ols.params)
arr("double", "longley_se", ols.bse)
arr("double", "longley_t", ols.tvalues)
arr("double", "longley_p", ols.pvalues)
emit("/* longley_*: %s .params .bse .tvalues .pvalues */" % how)
val("LONGLEY_R2", ols.rsquared, how + ".rsquared")
val("LONGLEY_ADJ_R2", ols.rsquared_adj, how + ".rsquared_adj")
z = lambda a: (a - a.mean(0)) / a.std(0, ddof=1)
std = sm.OLS(z(LY), z(LX)).fit()
arr("double", "longley_beta", std.params)
emit("/* longley_beta: statsmodels OLS(z(TOTEMP), z(X)).fit().params, z with ddof=1 */")

# a small dataset with a categorical predictor (dummy coded against 'low')
# and a missing value
sx = [23, 35, 41, 29, 52, 47, 33, 38, 60, 44, 27, NA, 50, 36]
sc = ["low", "high", "medium", "low", "high", "medium", "low", "high", "high", "medium",
      "low", "medium", "high", "medium"]
sy = [3.1, 5.0, 4.2, 2.9, 6.8, 5.1, 3.9, 4.4, 7.7, 5.6, 2.4, 4.0, 6.1, 4.3]
arr("double", "small_age", sx)
emit("static const char *const small_ra[] = { %s };" % ", ".join('"%s"' % s for s in sc))
arr("double", "small_y", sy)
ok = [i for i in range(len(sx)) if not math.isnan(sx[i])]
SX = np.column_stack([[sx[i] for i in ok], [float(sc[i] == "medium") for i in ok],
                      [float(sc[i] == "high") for i in ok]])
SY = np.array([sy[i] for i in ok])
sols = sm.OLS(SY, sm.add_constant(SX)).fit(cov_type="HC3", use_t=True)
how = "statsmodels OLS(y, const + age, medium, high).fit(cov_type='HC3', use_t=True)"
arr("double", "small_b", sols.params)
arr("double", "small_se", sols.bse)
arr("double", "small_p", sols.pvalues)
sci = sols.conf_int(0.05)
arr("double", "small_ci_low", sci[:, 0])
arr("double", "small_ci_high", sci[:, 1])
emit("/* small_*: %s .params .bse .pvalues .conf_int() */" % how)
val("SMALL_R2", sols.rsquared, how + ".rsquared")
val("SMALL_ADJ_R2", sols.rsquared_adj, how + ".rsquared_adj")
arr("double", "small_beta", sm.OLS(z(SY), z(SX)).fit().params)
emit("/* small_beta: statsmodels OLS(z(y), z(X)).fit().params, z with ddof=1 */")

# ---- chi-squared on a levels x presence table (triangulate by a categorical variable) ----
# rows: levels; columns: presence 1, 0. The third table has a level with no
# cases, which braid leaves out (scipy would divide by its zero margin).
for name, tab in (("chi3", [[8, 4], [3, 9], [5, 6]]),
                  ("chi4", [[2, 7], [6, 1], [1, 1], [4, 3]]),
                  ("chiz", [[5, 2], [0, 0], [1, 6]])):
    flat = [c for row in tab for c in row]
    arr("size_t", name + "_t", flat)
    kept = np.array([row for row in tab if sum(row) > 0])
    c2, p, df, exp = st.chi2_contingency(kept, correction=False)
    how = "scipy.stats.chi2_contingency(%s, correction=False)" % kept.tolist()
    val(name.upper() + "_X2", c2, how)
    val(name.upper() + "_DF", df, how)
    val(name.upper() + "_P", p, how)
    val(name.upper() + "_MIN_E", exp.min(), how + " expected.min()")

# ---- quantiles of ordinal scores (type 1: always one of the values) ----
qs = [1, 1, 2, 2, 2, 3, 3, 3, 3, 1, 2]
arr("double", "q_scores", sorted(qs))
for name, pr in (("Q25", 0.25), ("Q50", 0.5), ("Q75", 0.75)):
    val(name, np.quantile(qs, pr, method="inverted_cdf"),
        "numpy.quantile(q_scores, %g, method='inverted_cdf')" % pr)
q8 = [1, 2, 2, 3, 3, 3, 4, 5]
arr("double", "q8_scores", q8)
for name, pr in (("Q8_25", 0.25), ("Q8_50", 0.5), ("Q8_75", 0.75)):
    val(name, np.quantile(q8, pr, method="inverted_cdf"),
        "numpy.quantile(q8_scores, %g, method='inverted_cdf')" % pr)

emit("/* END stats_ref.py */")
print("\n".join(out))
