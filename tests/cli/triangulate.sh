# braid triangulate --by VAR: a joint display of one theme against a binary and a numeric
# survey variable, the figures worked out by hand (the statistics themselves are checked
# against scipy/statsmodels in tests/unit/test_stats.c; here: the right cases and groups).
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# six interviews, one case each; P1-P4 speak of their group (theme peer), P5 and P6 do not
for k in 1 2 3 4 5 6; do
	if [ $k -le 4 ]; then said="I met my group every week."; else said="I stayed at home."; fi
	printf 'Interviewer: How were the months after?\nP%s: %s\n' "$k" "$said" > "i$k.txt"
	expect_exit 0 "$BRAID" ingest "i$k.txt" --case "P$k"
done
cat > book.yaml <<'Y'
name: Support
codes:
  - {name: Peer group, id: group}
  - {name: Belonging, id: belong}
Y
expect_exit 0 "$BRAID" codebook import book.yaml
for k in 1 2 3 4; do
	expect_exit 0 "$BRAID" code add "i$k" --code group --match "my group"
done
expect_exit 0 "$BRAID" theme new "Peer support"
expect_exit 0 "$BRAID" theme add-code peer-support group
cat > survey.csv <<'C'
id,SR,PWB,RA
P1,1,4,low
P2,1,5,high
P3,1,3,high
P4,0,4,low
P5,0,2,low
P6,0,1,high
P7,1,5,high
C
expect_exit 0 "$BRAID" survey import survey.csv --id id

# ---- binary: SR ----
# count[presence][SR]: with the theme P1-P3 SR 1, P4 SR 0; without P5, P6 SR 0 (P7 has no
# case): with_1 3 of n_1 3 (100%), with_0 1 of 3. A zero cell (no SR = 1 without the theme):
# 0.5 added to every cell, OR = (3.5 x 2.5) / (1.5 x 0.5) = 11.6667. Fisher, margins 4/2 x 3/3,
# P(a) = C(4,a) C(2,3-a) / C(6,3): a = 1, 2, 3: 0.2, 0.6, 0.2; observed a = 3: p = 0.2 + 0.2 = 0.4
expect_exit 0 "$BRAID" triangulate --by SR --json
check "binary counts" "$(json_get out.txt '[(r["theme"], r["with_1"], r["n_1"], r["share_1"], r["with_0"], r["n_0"]) for r in j]')" \
	"[('peer-support', 3, 3, 1, 1, 3)]"
check "binary stats" "$(json_get out.txt '[(round(r["or"], 4), r["corrected"], round(r["fisher_p"], 6)) for r in j]')" \
	"[(11.6667, True, 0.4)]"
check "binary keys" "$(json_get out.txt 'list(j[0].keys())')" \
	"['theme', 'name', 'with_1', 'n_1', 'share_1', 'with_0', 'n_0', 'share_0', 'or', 'or_low', 'or_high', 'corrected', 'fisher_p', 'p_adj', 'warnings']"
expect_exit 0 "$BRAID" triangulate --by SR
contains out.txt "THEME         SR = 1: WITH THEME  SR = 0: WITH THEME  OR [95% CI], FISHER P                            BH P  WARNINGS"
contains out.txt "peer-support        3/3 (100.0%)         1/3 (33.3%)  OR 11.67 [0.32, 422.14] (+0.5), Fisher p 0.400  0.400  a cell is zero"
# the notes: the cases (P7 has no case: not counted), the test, the adjustment
contains out.txt "SR (binary) by theme: 6 cases. OR: the odds of SR = 1 among the cases with the theme"
contains out.txt "BH P: Fisher's p adjusted across the 1 theme (Benjamini-Hochberg)."
# the subcommand named is the same command
expect_exit 0 "$BRAID" triangulate by --by SR
contains out.txt "OR 11.67 [0.32, 422.14] (+0.5), Fisher p 0.400"

# ---- numeric: PWB ----
# with the theme 4, 5, 3, 4: mean 4, sd sqrt(2/3) = 0.816497; without 2, 1: mean 1.5,
# sd 0.707107; diff 2.5; Welch t = 2.5 / sqrt(2/3/4 + 0.5/2) = 3.872983. Ranks of
# 1 2 3 4 4 5: 1, 2, 3, 4.5, 4.5, 6; with the theme 4.5 + 6 + 3 + 4.5 = 18; U = 18 - 10 = 8
expect_exit 0 "$BRAID" triangulate --by PWB --themes peer-support --format json
check "numeric" "$(json_get out.txt '[(r["n_with"], r["mean_with"], round(r["sd_with"], 6), r["n_without"], r["mean_without"], round(r["sd_without"], 6), r["diff"], round(r["t"], 6), r["u"]) for r in j]')" \
	"[(4, 4, 0.816497, 2, 1.5, 0.707107, 2.5, 3.872983, 8)]"
expect_exit 0 "$BRAID" triangulate --by PWB
contains out.txt "peer-support                4 4.00 (0.82)         2 1.50 (0.71)  t 3.87, df 2.4, p 0.044; U 8.0, p 0.100  0.044  -"
expect_exit 0 "$BRAID" triangulate --by PWB --format csv
contains out.txt "theme,name,n_with,mean_with,sd_with,n_without"

# ---- categorical: RA ----
# high: P2, P3 (theme), P6: 2 of 3; low: P1, P4 (theme), P5: 2 of 3. The 2x2 of level by
# presence [[2, 1], [2, 1]] has expected counts equal to the counts: chi2 0, p 1; the
# expected counts 1 are below 5
expect_exit 0 "$BRAID" triangulate --by RA --json
check "levels" "$(json_get out.txt '[(r["theme"], r["with_high"], r["n_high"], r["with_low"], r["n_low"], r["chi2"], r["df"], r["chi2_p"]) for r in j]')" \
	"[('peer-support', 2, 3, 2, 3, 0, 1, 1)]"
expect_exit 0 "$BRAID" triangulate --by RA
contains out.txt "THEME         high: WITH THEME  low: WITH THEME  CHI-SQUARED                BH P  WARNINGS"
contains out.txt "peer-support       2/3 (66.7%)      2/3 (66.7%)  chi2 0.00, df 1, p 1.000  1.000  an expected count is below 5"

# ---- ordinal: RA typed low < high ----
# scores low 1, high 2. With the theme P1 low, P2 high, P3 high, P4 low: sorted 1 1 2 2;
# type 1 quantiles: median x[ceil(2)] = 1 (low), Q1 x[1] = low, Q3 x[3] = high. Without:
# P5 low, P6 high: median x[1] = low, Q1 low, Q3 x[2] = high. Mann-Whitney on the scores:
# ranks of 1 1 1 2 2 2: 2, 2, 2, 5, 5, 5; with the theme 2 + 5 + 5 + 2 = 14, U = 14 - 10 = 4
expect_exit 0 "$BRAID" survey type RA ordinal --levels low,high
expect_exit 0 "$BRAID" triangulate --by RA --json
check "ordinal" "$(json_get out.txt '[(r["n_with"], r["median_with"], r["q1_with"], r["q3_with"], r["n_without"], r["median_without"], r["q3_without"], r["u"]) for r in j]')" \
	"[(4, 'low', 'low', 'high', 2, 'low', 'high', 4)]"
expect_exit 0 "$BRAID" triangulate --by RA
contains out.txt "peer-support               4 low [low, high]        2 low [low, high]  U 4.0, p 1.000  1.000  -"
contains out.txt "levels scored 1 to 2"

# ---- quotes: the first exemplar in document order of a case in each group ----
expect_exit 0 "$BRAID" quote add peer-support 4
expect_exit 0 "$BRAID" quote add peer-support 2
expect_exit 0 "$BRAID" triangulate --by SR --quotes --json
check "quotes" "$(json_get out.txt '[(r["quote_1"], r["quote_case_1"], r["quote_0"], r["quote_case_0"]) for r in j]')" \
	"[('my group', 'P2', 'my group', 'P4')]"
expect_exit 0 "$BRAID" triangulate --by PWB --quotes --json
check "numeric quotes: the cases with the theme" "$(json_get out.txt '[(r["quote_with"], r["quote_case_with"]) for r in j]')" \
	"[('my group', 'P2')]"

# ---- two themes: BH across them ----
# Belonging only in P1 (SR 1): [[1, 0], [2, 3]], hypergeometric P(a) = C(3,a) C(3,1-a) / 6:
# 0.5 each, p = 1. BH of (0.4, 1): 1 stays 1 (x 2/2), 0.4 becomes min(0.4 x 2/1, 1) = 0.8
expect_exit 0 "$BRAID" code add i1 --code belong --match "my group"
expect_exit 0 "$BRAID" theme new "Belonging"
expect_exit 0 "$BRAID" theme add-code belonging belong
expect_exit 0 "$BRAID" triangulate --by SR --json
check "bh" "$(json_get out.txt '[(r["theme"], round(r["fisher_p"], 6), round(r["p_adj"], 6)) for r in j]')" \
	"[('peer-support', 0.4, 0.8), ('belonging', 1.0, 1.0)]"
# Welch's t needs two cases in each group: Belonging's p is undefined, left out of the family
expect_exit 0 "$BRAID" triangulate --by PWB --themes belonging,peer-support --json
check "bh undefined" "$(json_get out.txt '[(r["theme"], r["t_p"] and round(r["t_p"], 6), round(r["p_adj"], 6) if r["p_adj"] is not None else None) for r in j]')" \
	"[('belonging', None, None), ('peer-support', 0.044327, 0.044327)]"

# ---- codes as rows: belong only in P1 (as the theme above), group in P1-P4 ----
expect_exit 0 "$BRAID" triangulate --by SR --codes --json
check "codes" "$(json_get out.txt '[(r["code"], r["with_1"], r["n_1"], r["with_0"], round(r["fisher_p"], 6)) for r in j]')" \
	"[('group', 3, 3, 1, 0.4), ('belong', 1, 3, 0, 1.0)]"
expect_exit 0 "$BRAID" triangulate --by SR --codes --themes belong
contains out.txt "CODE    SR = 1: WITH CODE"
contains out.txt "SR (binary) by code: 6 cases."
expect_exit 1 "$BRAID" triangulate --by SR --codes --themes peer-support
contains err.txt "no active code 'peer-support'"
expect_exit 1 "$BRAID" triangulate --by SR --codes --quotes
contains err.txt "exemplar quotes belong to themes"

# ---- refusals ----
expect_exit 1 "$BRAID" triangulate --by nope
contains err.txt "no survey variable 'nope'"
expect_exit 1 "$BRAID" triangulate --by SR --themes nope
contains err.txt "no theme 'nope' in play"
expect_exit 2 "$BRAID" triangulate
contains err.txt "needs --by VAR"
expect_exit 2 "$BRAID" triangulate corr --by SR
echo ok
