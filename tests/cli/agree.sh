# braid agree --coders: agreement on the project's own codings, every format, the
# disagreements, the segmentation record, and the errors (exit 1 naming what is
# unknown, exit 2 for usage). Figures worked out by hand below.
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# int1 (as in coding.sh): turn 1 13-37 (Interviewer); turn 2 45-146 (P001): "Yes." 45-49,
#   "The lawyer helped me get my passport back." 50-92, "I still owe money to my uncle."
#   93-123, "The shelter was kind." 125-146; turn 3 161-182 (Interviewer); turn 4
#   190-237 (P001): "The psychologist listened." 190-216, "She did not push me." 217-237
support_corpus int1
expect_exit 0 "$BRAID" ingest int1.txt --case P001
cat > book.yaml <<'Y'
name: Support
codes:
  - {name: Legal aid, id: legal-aid}
  - {name: Family support, id: family}
  - name: Psychological support
    id: psych
    children: [{name: Listening, id: listen}, {name: Pushing, id: push}]
Y
expect_exit 0 "$BRAID" codebook import book.yaml
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92 --coder amina
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 45:92 --coder ben
expect_exit 0 "$BRAID" code add int1 --code family --range 93:123 --coder amina
expect_exit 0 "$BRAID" code add int1 --code psych --range 190:216 --coder ben
expect_exit 0 "$BRAID" code add int1 --code psych --range 190:237 --coder amina

# ---- turns: the participant's turns 2 and 4 are the units ----
# legal-aid: both on turn 2; family: amina only on turn 2; psych: both on turn 4.
# pooled: 6 rows (2 turns x 3 codes), 5 agree: 0.833; amina 3 ones, ben 2:
#   Cohen pe = 0.5*(1/3) + 0.5*(2/3) = 0.5, kappa = (5/6 - 0.5)/0.5 = 0.667;
#   alpha: n = 12, n1 = 5, n0 = 7, Do = 2/12, De = 2*5*7/(12*11) = 0.5303, 1 - Do/De = 0.686
expect_exit 0 "$BRAID" agree --coders amina,ben
contains out.txt "agreement of amina and ben on 2 turns in 1 document, 3 codes"
contains out.txt "(pooled)     0.686"
contains out.txt "(pooled)       6             5/6        3      2"
contains out.txt "family         2             1/2        1      0"
contains out.txt "note: family: only 2 pairable units"
expect_exit 0 "$BRAID" agree --coders amina,ben --json --bootstrap 0
check "json codes" "$(json_get out.txt '[c["code"] for c in j["codes"]]')" "['legal-aid', 'family', 'psych']"
check "json pooled" "$(json_get out.txt '(j["unit"], j["compared_units"], j["units"], j["coders"], j["level"], round(j["percent_agreement"], 4), round(j["cohen_kappa"], 4), round(j["alpha"], 4), j["alpha_ci"])')" \
	"('turn', 2, 6, ['amina', 'ben'], 'nominal', 0.8333, 0.6667, 0.6857, None)"
check "json family" "$(json_get out.txt '[(c["percent_agreement"], c["cohen_kappa"], c["applied"]) for c in j["codes"] if c["code"] == "family"][0]')" \
	"(0.5, 0, {'amina': 1, 'ben': 0})"
check "json keys" "$(json_get out.txt 'all(k in j for k in ["units", "coders", "level", "pairable_values", "alpha", "percent_agreement", "cohen_kappa", "weighted_kappa", "fleiss_kappa", "brennan_prediger", "gwet_ac1", "alpha_ci", "codes"])')" "True"
# the bootstrap is seeded: the same interval twice, another with another seed
expect_exit 0 "$BRAID" agree --coders amina,ben --json --seed 7
cp out.txt seed7.json
expect_exit 0 "$BRAID" agree --coders amina,ben --json --seed 7
check "same seed" "$(json_get out.txt 'j["alpha_ci"]')" "$(json_get seed7.json 'j["alpha_ci"]')"
expect_exit 0 "$BRAID" agree --coders amina,ben --format csv
check "csv header" "$(head -1 out.txt)" "code,alpha,alpha_ci_low,alpha_ci_high,percent_agreement,fleiss_kappa,cohen_kappa,weighted_kappa,brennan_prediger,gwet_ac1,pairable_units,pairs"
check "csv rows" "$(wc -l < out.txt | tr -d ' ')" "5"
contains out.txt "family,0,"
contains err.txt "braid: family: only 2 pairable units"
expect_exit 0 "$BRAID" agree --coders amina,ben --format md
contains out.txt "| code | alpha | 95% CI |"
contains out.txt "| (pooled) | 6 | 5/6 | 3 | 2 |"
expect_exit 0 "$BRAID" agree --coders amina,ben --format tex
contains out.txt '\begin{tabular}'
contains out.txt '(pooled) & 0.686'

# ---- sentences: recorded once; the disagreements with their text ----
expect_exit 0 "$BRAID" agree --coders amina,ben --unit sentence --disagreements
contains out.txt "on 6 sentences in 1 document, 3 codes (segmentation braid-seg-1)"
contains out.txt 'int1 turn 2 (P001) 45-49 legal-aid: applied by ben; not by amina'
contains out.txt '  "Yes."'
contains out.txt 'int1 turn 2 (P001) 93-123 family: applied by amina; not by ben'
contains out.txt 'int1 turn 4 (P001) 217-237 psych: applied by amina; not by ben'
contains out.txt "3 disagreements"
expect_exit 0 "$BRAID" log --json
check "recorded" "$(json_get out.txt '[(r["command"], r["detail"]) for r in j if r["command"] == "agree"]')" \
	"[('agree', 'recorded the sentence and paragraph segmentation braid-seg-1')]"
expect_exit 0 "$BRAID" agree --coders amina,ben --unit paragraph
expect_exit 0 "$BRAID" log --json
check "recorded once" "$(json_get out.txt 'len([r for r in j if r["command"] == "agree"])')" "1"
expect_exit 0 "$BRAID" agree --coders amina,ben --unit sentence --disagreements --format csv
check "diff csv" "$(sed -n 2p out.txt)" "int1,2,P001,45,49,legal-aid,ben,amina,Yes."
expect_exit 0 "$BRAID" agree --coders amina,ben --unit sentence --disagreements --json
check "diff json" "$(json_get out.txt '[(d["turn"], d["start"], d["code"], d["applied_by"], d["not_applied_by"]) for d in j["disagreements"]]')" \
	"[(2, 45, 'legal-aid', ['ben'], ['amina']), (2, 93, 'family', ['amina'], ['ben']), (4, 217, 'psych', ['amina'], ['ben'])]"

# ---- characters: the participant's utterances laid end to end, 101 + 47 = 148 ----
# legal-aid: amina 50-92 (42), ben 45-92 (47): both 42, one only 5, neither 101
expect_exit 0 "$BRAID" agree --coders amina,ben --unit char --json
check "char" "$(json_get out.txt '[(c["code"], c["units"], c["both"], c["one_only"], c["neither"], round(c["percent_agreement"], 4)) for c in j["codes"]][0]')" \
	"('legal-aid', 148, 42, 5, 101, 0.9662)"
expect_exit 0 "$BRAID" agree --coders amina,ben --unit char --disagreements
contains out.txt "int1 turn 2 (P001) 45-50 legal-aid: applied by ben; not by amina"
expect_exit 0 "$BRAID" agree --coders amina,ben --unit char --domain psych --json
check "domain" "$(json_get out.txt 'sorted(j["domain"].keys())')" "['binary', 'binary_u_alpha', 'code', 'cu_alpha', 'u_alpha']"
expect_exit 1 "$BRAID" agree --coders amina,ben --unit char --domain family
contains err.txt "braid: code 'family' has no sub-codes to form a domain"

# ---- errors: exit 1 names what is unknown, exit 2 for usage ----
expect_exit 1 "$BRAID" agree --coders amina,zed
contains err.txt "braid: no coder 'zed' (coders: 'amina', 'ben')"
expect_exit 1 "$BRAID" agree --coders amina,ben --code nope
contains err.txt "no code 'nope'"
expect_exit 1 "$BRAID" agree --coders amina,ben --doc nope
contains err.txt "no document 'nope'"
expect_exit 2 "$BRAID" agree --coders amina
contains err.txt "--coders needs at least two coders"
expect_exit 2 "$BRAID" agree --coders amina,ben --unit word
contains err.txt "unknown unit 'word' (expected turn, sentence, paragraph, document or char)"
expect_exit 2 "$BRAID" agree --coders amina,ben --domain psych
contains err.txt "--domain needs --unit char"
expect_exit 2 "$BRAID" agree --coders amina,ben --format html
expect_exit 2 "$BRAID" agree --coders amina,ben --matrix x.csv
check "nothing written" "$(wc -c < out.txt | tr -d ' ')" "0"

# ---- the report of a coding-reliability analysis states the agreement ----
# the pooled alpha worked out above (0.686 over 2 turns and 3 codes); a reflexive
# analysis says nothing of it
expect_exit 0 "$BRAID" report --format md
lacks out.txt "Krippendorff"
expect_exit 0 "$BRAID" phase approach coding-reliability
expect_exit 0 "$BRAID" report --format md
contains out.txt "Two coders (amina, ben) coded by hand"
contains out.txt "Agreement between the coders who coded by hand, on the 2 participants' turns of the 1 document all of them coded, pooled over 3 codes, was Krippendorff's alpha = 0.69 (95% bootstrap interval"
contains out.txt "with 83.3% of coding decisions in agreement"
lacks out.txt "consensus coding"
# a reconciled consensus is not a coder who coded by hand, and the report says it exists
printf '1\tb\n2\ta\n' > dec.tsv
expect_exit 0 "$BRAID" reconcile --coders amina,ben --decisions dec.tsv
expect_exit 0 "$BRAID" report --format md
contains out.txt "Two coders (amina, ben) coded by hand"
contains out.txt "Disagreements were discussed and resolved into a consensus coding."
