# braid triangulate corr and model: usage errors, unknown items, the output's shape in the
# table, JSON and CSV, and --coder. The figures themselves are checked against scipy and
# statsmodels in tests/unit/test_trimodel.c; the few here are worked out by hand.
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# eight interviews, one case each; ana codes the peer group in P1-P4, ben in P5
for k in 1 2 3 4 5 6 7 8; do
	if [ $k -le 5 ]; then said="I met my group every week."; else said="I stayed at home."; fi
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
BRAID_CODER=ben expect_exit 0 "$BRAID" code add i5 --code group --match "my group"
expect_exit 0 "$BRAID" theme new "Peer support"
expect_exit 0 "$BRAID" theme add-code peer-support group
cat > survey.csv <<'C'
id,SR,PWB,RA,origin
P1,1,4,low,B
P2,1,5,high,A
P3,1,3,high,C
P4,0,4,low,A
P5,0,2,medium,B
P6,0,1,high,C
P7,1,5,medium,A
P8,0,,low,B
C
expect_exit 0 "$BRAID" survey import survey.csv --id id
expect_exit 0 "$BRAID" survey type RA ordinal --levels low,medium,high

# ---- usage errors: exit 2 ----
expect_exit 2 "$BRAID" triangulate corr
expect_exit 2 "$BRAID" triangulate corr PWB
contains err.txt "'triangulate corr' needs two items or more (or themes)"
expect_exit 2 "$BRAID" triangulate corr PWB SR --method kendall
contains err.txt "unknown method 'kendall' (expected pearson, spearman or auto)"
expect_exit 2 "$BRAID" triangulate corr PWB SR --outcome SR
expect_exit 2 "$BRAID" triangulate model --predictors PWB
contains err.txt "'triangulate model' needs --outcome VAR"
expect_exit 2 "$BRAID" triangulate model --outcome SR
contains err.txt "'triangulate model' needs --predictors A,B,..."
expect_exit 2 "$BRAID" triangulate model --outcome SR --predictors PWB --logit --ols
expect_exit 2 "$BRAID" triangulate model --outcome SR --predictors PWB --method pearson

# ---- unknown items, refusals: exit 1 with the message ----
expect_exit 1 "$BRAID" triangulate corr PWB nope
contains err.txt "no survey variable 'nope'"
expect_exit 1 "$BRAID" triangulate corr PWB theme:nope
contains err.txt "no theme 'nope' in play"
expect_exit 1 "$BRAID" triangulate corr PWB origin
contains err.txt "'origin' is categorical: its levels have no order to correlate"
expect_exit 1 "$BRAID" triangulate model --outcome SR --predictors PWB,nope
contains err.txt "no survey variable 'nope'"
expect_exit 1 "$BRAID" triangulate model --outcome PWB --predictors SR --logit
contains err.txt "'PWB' is numeric: a logistic model needs a binary (0/1) outcome"
expect_exit 1 "$BRAID" triangulate model --outcome origin --predictors SR
contains err.txt "'origin' is categorical"

# ---- corr ----
# SR x theme:peer-support, every coder's codings (P1-P5 have the theme): a 2x2 of
# 3, 2 / 1, 2: phi = (3 x 2 - 2 x 1) / sqrt(5 x 3 x 4 x 4) = 0.258199
expect_exit 0 "$BRAID" triangulate corr PWB RA SR theme:peer-support --json
check "corr keys" "$(json_get out.txt 'list(j[0].keys())')" \
	"['a', 'b', 'method', 'n', 'r', 'ci_low', 'ci_high', 'p', 'p_adj', 'warnings']"
check "corr pairs" "$(json_get out.txt '[(r["a"], r["b"], r["method"], r["n"]) for r in j]')" \
	"[('PWB', 'RA', 'spearman', 7), ('PWB', 'SR', 'pearson', 7), ('PWB', 'theme:peer-support', 'pearson', 7), ('RA', 'SR', 'spearman', 8), ('RA', 'theme:peer-support', 'spearman', 8), ('SR', 'theme:peer-support', 'pearson', 8)]"
check "phi" "$(json_get out.txt 'round(j[5]["r"], 6)')" "0.258199"
expect_exit 0 "$BRAID" triangulate corr PWB RA SR theme:peer-support
contains out.txt "A    B                   METHOD    N  R [95% CI]               P  P (BH)  WARNINGS"
contains out.txt "SR   theme:peer-support  pearson   8  0.26 [-0.55, 0.81]   0.537   0.813  -"
contains out.txt "p adjusted by Benjamini-Hochberg over the 6 pairs (p_adj)."
contains out.txt "RA as its level scores: low = 1, medium = 2, high = 3"
expect_exit 0 "$BRAID" triangulate corr PWB SR --format csv
check "corr csv" "$(head -1 out.txt | tr -d '\r')" "a,b,method,n,r,ci_low,ci_high,p,p_adj,warnings"
lacks out.txt "Benjamini"
expect_exit 0 "$BRAID" triangulate corr PWB RA --method pearson --json
check "forced pearson" "$(json_get out.txt 'j[0]["method"]')" "pearson"
# themes: every theme in play (one here: too few items on its own)
expect_exit 1 "$BRAID" triangulate corr themes
contains err.txt "a correlation needs two items or more, and there is 1"
expect_exit 0 "$BRAID" triangulate corr themes SR --json
check "themes" "$(json_get out.txt '[(r["a"], r["b"]) for r in j]')" "[('theme:peer-support', 'SR')]"

# ---- --coder: ana's codings (P1-P4): 3, 1 / 1, 3: phi 0.5; ben's (P5): -4 / sqrt(112) ----
expect_exit 0 "$BRAID" triangulate corr SR theme:peer-support --coder ana --json
check "coder ana" "$(json_get out.txt 'round(j[0]["r"], 6)')" "0.5"
expect_exit 0 "$BRAID" triangulate corr SR theme:peer-support --coder ben --json
check "coder ben" "$(json_get out.txt 'round(j[0]["r"], 6)')" "-0.377964"
expect_exit 1 "$BRAID" triangulate corr SR theme:peer-support --coder nobody

# ---- model: least squares (PWB is numeric), P8 dropped for its missing PWB ----
expect_exit 0 "$BRAID" triangulate model --outcome PWB --predictors RA,origin,SR
contains out.txt "TERM              B  SE (HC3)      T      P  95% CI             BETA  NOTE"
contains out.txt "origin: C    -2.043     0.449  -4.54  0.045  [-3.976, -0.109]  -0.66  -"
contains out.txt "OLS with HC3 standard errors of PWB: n = 7 complete cases (1 dropped: a value missing or no survey row); R² 0.99, adjusted R² 0.97."
contains out.txt "RA as its level scores: low = 1, medium = 2, high = 3"
contains out.txt "origin: reference level A"
contains out.txt "Warning: small cell: 'SR' is 0 in only 3 complete cases (fewer than 5)"
expect_exit 0 "$BRAID" triangulate model --outcome PWB --predictors RA,origin,SR --json
check "ols keys" "$(json_get out.txt 'list(j.keys())')" \
	"['model', 'outcome', 'cases', 'n', 'dropped', 'events', 'auc', 'loglik', 'r2', 'adj_r2', 'converged', 'iterations', 'references', 'scores', 'notes', 'warnings', 'coefficients']"
check "ols" "$(json_get out.txt '(j["model"], j["outcome"], j["cases"], j["n"], j["dropped"], j["events"], j["references"], j["scores"])')" \
	"('ols', 'PWB', 8, 7, 1, None, [{'variable': 'origin', 'level': 'A'}], [{'variable': 'RA', 'levels': ['low', 'medium', 'high']}])"
check "ols terms" "$(json_get out.txt '[c["term"] for c in j["coefficients"]]')" \
	"['(intercept)', 'RA', 'origin: B', 'origin: C', 'SR']"
check "ols coef keys" "$(json_get out.txt 'list(j["coefficients"][0].keys())')" \
	"['term', 'b', 'se', 't', 'p', 'ci_low', 'ci_high', 'beta', 'note']"
expect_exit 0 "$BRAID" triangulate model --outcome PWB --predictors RA,origin,SR --format csv
check "ols csv" "$(head -1 out.txt | tr -d '\r')" "term,b,se,t,p,ci_low,ci_high,beta,note"
lacks out.txt "reference level"
# CSV has no room for warnings: they go to standard error
contains err.txt "braid: warning: small cell: 'SR' is 0 in only 3 complete cases"

# ---- model: logistic (SR is binary), separated in so few cases: said so ----
expect_exit 0 "$BRAID" triangulate model --outcome SR --predictors PWB,origin,theme:peer-support --json
check "logit" "$(json_get out.txt '(j["model"], j["n"], j["dropped"], j["events"], j["r2"], j["converged"] is not None)')" \
	"('logit', 7, 1, 4, None, True)"
check "logit coef keys" "$(json_get out.txt 'list(j["coefficients"][0].keys())')" \
	"['term', 'b', 'se', 'z', 'p', 'ci_low', 'ci_high', 'or', 'or_low', 'or_high', 'note']"
check "separation" "$(json_get out.txt 'any(w.startswith("perfect or quasi-complete separation") for w in j["warnings"])')" "True"
check "epv" "$(json_get out.txt 'any(w.startswith("fewer than 10 events per predictor") for w in j["warnings"])')" "True"
expect_exit 0 "$BRAID" triangulate model --outcome SR --predictors PWB,origin,theme:peer-support
contains out.txt "TERM                       B  SE  Z  P  95% CI  OR [95% CI]  NOTE"
contains out.txt "Logistic regression of SR: n = 7 complete cases (1 dropped: a value missing or no survey row), 4 events;"
contains out.txt "Warning: perfect or quasi-complete separation"
# a binary outcome by least squares when asked
expect_exit 0 "$BRAID" triangulate model --outcome SR --predictors PWB --ols --json
check "lpm" "$(json_get out.txt 'j["model"]')" "ols"
# the coder's codings only: ben's theme is in P5 alone (PWB 2), the other complete cases'
# PWB 4 5 3 4 1 5 average 22 / 6: b = 2 - 22 / 6 = -1.666667; P5 alone has leverage 1
expect_exit 0 "$BRAID" triangulate model --outcome PWB --predictors theme:peer-support --coder ben --json
check "model coder" "$(json_get out.txt 'round(j["coefficients"][1]["b"], 6)')" "-1.666667"
check "leverage" "$(json_get out.txt 'j["warnings"]')" \
	"[\"small cell: 'theme:peer-support' is 1 in only 1 complete case (fewer than 5): its estimate is unstable\", 'a case has leverage 1: its HC3 standard errors are undefined']"
