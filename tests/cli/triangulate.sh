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
	"['theme', 'name', 'with_1', 'n_1', 'share_1', 'with_0', 'n_0', 'share_0', 'or', 'or_low', 'or_high', 'corrected', 'fisher_p', 'warnings']"
expect_exit 0 "$BRAID" triangulate --by SR
contains out.txt "THEME         VAR = 1: WITH THEME  VAR = 0: WITH THEME  OR [95% CI]                  FISHER P  WARNINGS"
contains out.txt "peer-support         3/3 (100.0%)          1/3 (33.3%)  11.67 [0.32, 422.14] (+0.5)     0.400  a cell is zero"

# ---- numeric: PWB ----
# with the theme 4, 5, 3, 4: mean 4, sd sqrt(2/3) = 0.816497; without 2, 1: mean 1.5,
# sd 0.707107; diff 2.5; Welch t = 2.5 / sqrt(2/3/4 + 0.5/2) = 3.872983. Ranks of
# 1 2 3 4 4 5: 1, 2, 3, 4.5, 4.5, 6; with the theme 4.5 + 6 + 3 + 4.5 = 18; U = 18 - 10 = 8
expect_exit 0 "$BRAID" triangulate --by PWB --themes peer-support --format json
check "numeric" "$(json_get out.txt '[(r["n_with"], r["mean_with"], round(r["sd_with"], 6), r["n_without"], r["mean_without"], round(r["sd_without"], 6), r["diff"], round(r["t"], 6), r["u"]) for r in j]')" \
	"[(4, 4, 0.816497, 2, 1.5, 0.707107, 2.5, 3.872983, 8)]"
expect_exit 0 "$BRAID" triangulate --by PWB
contains out.txt "peer-support      4 4.00 (0.82)         2 1.50 (0.71)  t 3.87, df 2.4, p 0.044  U 8.0, p 0.100  -"
expect_exit 0 "$BRAID" triangulate --by PWB --format csv
contains out.txt "theme,name,n_with,mean_with,sd_with,n_without"

# ---- categorical: RA ----
# high: P2, P3 (theme), P6: 2 of 3; low: P1, P4 (theme), P5: 2 of 3
expect_exit 0 "$BRAID" triangulate --by RA --json
check "levels" "$(json_get out.txt '[(r["theme"], r["level"], r["with"], r["n"]) for r in j]')" \
	"[('peer-support', 'high', 2, 3), ('peer-support', 'low', 2, 3)]"
expect_exit 0 "$BRAID" triangulate --by RA
contains out.txt "peer-support  high   2/3 (66.7%)"

# ---- refusals ----
expect_exit 0 "$BRAID" survey type RA ordinal --levels low,high
expect_exit 1 "$BRAID" triangulate --by RA
contains err.txt "'RA' is ordinal: joint displays of ordinal variables are not built yet"
expect_exit 1 "$BRAID" triangulate --by nope
contains err.txt "no survey variable 'nope'"
expect_exit 1 "$BRAID" triangulate --by SR --themes nope
contains err.txt "no theme 'nope' in play"
expect_exit 2 "$BRAID" triangulate
contains err.txt "needs --by VAR"
echo ok
