# braid agree --matrix: a reliability matrix from CSV, no project needed; the
# published values through the command line, every format, the bootstrap's
# seed, and bad input (exit 1 with the file's line and column) and bad usage
# (exit 2). The coefficients themselves are tested in tests/unit/test_reliability.c.
. "$ROOT/tests/cli/lib.sh"
data=$ROOT/tests/data/agree
k2011=$data/krippendorff2011.csv

# the text report: Krippendorff (2011), ordinal alpha 0.815; Gwet's AC1 0.775 and
# Brennan-Prediger 0.773 (irrCAC README, cac.raw4raters); no project in sight
expect_exit 0 "$BRAID" agree --matrix "$k2011" --level ordinal
contains out.txt "Krippendorff's alpha   0.815  95% interval"
contains out.txt "(bootstrap: 1000 resamples, seed 1)"
contains out.txt "percent agreement      0.818  averaged over units; 43 of 55 coder pairs agree"
contains out.txt "Fleiss' kappa              -  needs the same number of values in every unit"
contains out.txt "Cohen's kappa              -  needs exactly two coders"
contains out.txt "Brennan-Prediger       0.773"
contains out.txt "Gwet's AC1             0.775"
contains out.txt "units       12 with a value, 11 pairable (40 values)"
contains out.txt "D      3  3  2  2  1"
[ ! -s err.txt ] || fail "stderr: $(cat err.txt)"

# JSON: the contract of docs/agreement.md; each level's published alpha
for lv in nominal:0.743 ordinal:0.815 interval:0.849 ratio:0.797; do
	expect_exit 0 "$BRAID" agree --matrix "$k2011" --level "${lv%%:*}" --format json
	cp out.txt a.json
	check "alpha ${lv%%:*}" "$(json_get a.json "'%.3f' % j['alpha']")" "${lv#*:}"
done
check level "$(json_get a.json "j['level']")" ratio
check coders "$(json_get a.json "','.join(j['coders'])")" "A,B,C,D"
check counts "$(json_get a.json "(j['units'], j['pairable_units'], j['pairable_values'], j['agreements'], j['pairs'])")" "(12, 11, 40, 43, 55)"
check undefined "$(json_get a.json "(j['cohen_kappa'], j['undefined']['cohen_kappa'])")" "(None, 'needs exactly two coders')"
check marginal "$(json_get a.json "j['marginals']['B']['5']")" 1
check ci "$(json_get a.json "len(j['alpha_ci']) == 2 and j['alpha_ci'][0] < j['alpha'] <= j['alpha_ci'][1]")" True
check pa "$(json_get a.json "'%.7f' % j['percent_agreement']")" 0.8181818

# the same seed gives the same interval; another seed another; 0 resamples none
"$BRAID" agree --matrix "$k2011" --format json --seed 7 > s7a.json
"$BRAID" agree --matrix "$k2011" --format json --seed 7 > s7b.json
"$BRAID" agree --matrix "$k2011" --format json --seed 8 > s8.json
cmp -s s7a.json s7b.json || fail "the same seed gave two intervals"
! cmp -s s7a.json s8.json || fail "two seeds gave one interval"
expect_exit 0 "$BRAID" agree --matrix "$k2011" --format json --bootstrap 0
check "no bootstrap" "$(json_get out.txt "j['alpha_ci']")" None

# two coders, weighted kappa: R's irr, kappa2(anxiety[,2:3], "equal") 0.1459075,
# "squared" 0.2520325, unweighted -0.006289308
expect_exit 0 "$BRAID" agree --matrix "$data/anxiety-raters23.csv" --level ordinal --weights linear --json
check "linear kappa" "$(json_get out.txt "'%.7f' % j['weighted_kappa']")" 0.1459075
check "cohen kappa" "$(json_get out.txt "'%.9f' % j['cohen_kappa']")" -0.006289308
expect_exit 0 "$BRAID" agree --matrix "$data/anxiety-raters23.csv" --level ordinal --weights quadratic --json
check "quadratic kappa" "$(json_get out.txt "'%.7f' % j['weighted_kappa']")" 0.2520325

# labels at the ordinal level: their order given, else an error that says how
expect_exit 0 "$BRAID" agree --matrix "$data/ordinal-labels.csv" --level ordinal \
	--categories "very low,low,mid,high,very high" --json
check "ordinal labels" "$(json_get out.txt "'%.3f' % j['alpha']")" 0.815
expect_exit 1 "$BRAID" agree --matrix "$data/ordinal-labels.csv" --level ordinal
contains err.txt "braid: '$data/ordinal-labels.csv': line 2, column 2: 'very low' is not a number, and labels at the ordinal level need their order (give the categories in their order: --categories a,b,c)"
[ ! -s out.txt ] || fail "an error printed output"

# csv, md and tex
expect_exit 0 "$BRAID" agree --matrix "$k2011" --format csv --bootstrap 0
check "csv header" "$(head -1 out.txt)" "matrix,alpha,alpha_ci_low,alpha_ci_high,percent_agreement,fleiss_kappa,cohen_kappa,weighted_kappa,brennan_prediger,gwet_ac1,pairable_units,pairs"
check "csv row" "$(sed -n 2p out.txt)" "$k2011,0.743421052631579,,,0.8181818181818182,,,,0.7727272727272727,0.775444068126995,11,55"
expect_exit 0 "$BRAID" agree --matrix "$k2011" --format md --bootstrap 0
contains out.txt "| Krippendorff's alpha | 0.743 | nominal |"
contains out.txt "| Cohen's kappa | - | needs exactly two coders |"
expect_exit 0 "$BRAID" agree --matrix "$k2011" --format tex --bootstrap 0
contains out.txt "Gwet's AC1 & 0.775 &"
contains out.txt '\end{tabular}'

# bad input: exit 1, the file, line and column named, nothing computed
expect_exit 1 "$BRAID" agree --matrix "$data/ragged.csv"
contains err.txt "braid: '$data/ragged.csv': line 4: the row has 2 cells, the header 3"
expect_exit 1 "$BRAID" agree --matrix "$data/not-a-number.csv" --level interval
contains err.txt "line 3, column 3: 'n/a' is not a number (the interval level needs numbers)"
expect_exit 1 "$BRAID" agree --matrix "$data/duplicate-coder.csv"
contains err.txt "coder 'ann' is named twice (columns 2 and 4)"
expect_exit 1 "$BRAID" agree --matrix "$data/empty.csv"
contains err.txt "is empty: expected a header row"
expect_exit 1 "$BRAID" agree --matrix "$data/no-coders.csv"
contains err.txt "no coders: the header names the unit column only"
expect_exit 1 "$BRAID" agree --matrix nowhere.csv
contains err.txt "cannot read 'nowhere.csv'"
expect_exit 1 "$BRAID" agree --matrix "$k2011" --categories 1,2,3
contains err.txt "line 7, column 5: '4' is not one of the categories (1, 2 or 3)"

# bad usage: exit 2
expect_exit 2 "$BRAID" agree
contains err.txt "give the matrix to read: --matrix FILE.csv"
expect_exit 2 "$BRAID" agree --matrix "$k2011" --level nominl
contains err.txt "unknown level of measurement 'nominl' (expected nominal, ordinal, interval or ratio)"
expect_exit 2 "$BRAID" agree --matrix "$k2011" --weights cubic
expect_exit 2 "$BRAID" agree --matrix "$k2011" --bootstrap many
expect_exit 2 "$BRAID" agree --matrix "$k2011" --format html
expect_exit 2 "$BRAID" agree --matrix "$k2011" --format csv --json
expect_exit 2 "$BRAID" agree --matrix "$k2011" --categories ,
