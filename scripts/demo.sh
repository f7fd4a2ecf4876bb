#!/bin/sh
# The main job behind `make run`: a project from the bundled synthetic corpora,
# written to out/. Each corpora/*/manifest.tsv line is "FILE<TAB>ingest options";
# every folder is ingested in one transaction per line group.
set -eu
: "${BRAID:=build/braid}"
root=$(cd "$(dirname "$0")/.." && pwd)
case "$BRAID" in /*) ;; *) BRAID=$(pwd)/$BRAID ;; esac
out=$root/out
rm -rf "$out" && mkdir -p "$out"
project=$out/demo.braid
export BRAID_PROJECT="$project" BRAID_CODER="${BRAID_CODER:-demo}"

"$BRAID" init "$project" --title "Integrative support for survivors of trafficking (synthetic demo)"
cd "$root/corpora"
for manifest in */manifest.tsv; do
	echo "== ingest $(dirname "$manifest")/"
	tab=$(printf '\t')
	while IFS="$tab" read -r file opts; do
		case "$file" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2086  # opts holds several options on purpose
		eval "\"\$BRAID\" ingest $opts \"\$file\""
	done < "$manifest"
done
cd "$root"
echo "== documents"
"$BRAID" docs | tee "$out/documents.txt"
"$BRAID" docs --json > "$out/documents.json"
"$BRAID" speakers --json > "$out/speakers.json"
echo "== cases"
"$BRAID" cases | tee "$out/cases.txt"
echo "== survey (synthetic, corpora/survey.csv): import, types, links to the cases"
"$BRAID" survey import "$root/corpora/survey.csv" --id id
"$BRAID" survey type RA ordinal --levels low,medium,high >/dev/null
"$BRAID" survey type education ordinal --levels none,primary,secondary,higher >/dev/null
"$BRAID" survey vars | tee "$out/survey-vars.txt"
"$BRAID" cases check > "$out/cases-check.txt"
echo "== search: legal aid (first 10 hits)"
"$BRAID" search '"legal aid"' --limit 10 | tee "$out/search-legal-aid.txt"
echo "== search: --regex 'passport|паспорт|hujjat|pasaporte' --role participant (first 10 hits)"
"$BRAID" search --regex 'passport|паспорт|hujjat|pasaporte' --role participant --limit 10

# The analysis follows Braun & Clarke's six phases (docs/workflow.md): each
# phase ends with `braid phase next`, which checks the phase's gate.
docs_all=$("$BRAID" docs --json | python3 -c 'import json,sys; print(" ".join(d["name"] for d in json.load(sys.stdin)))')

echo "== phase 1: familiarisation with the data"
"$BRAID" phase approach reflexive
# shellcheck disable=SC2086  # one argument per document
"$BRAID" read --coder amina $docs_all
"$BRAID" read --coder ben P001-interview P002-interview P003-interview FG1-focus-group
"$BRAID" memo add --on doc:P001-interview --kind familiarisation --coder amina \
	"Documents, debts and the shelter's first phone call come back again and again; the lawyer appears late."
"$BRAID" memo add --on project --kind reflexive --coder amina \
	"I volunteered at a shelter before this study. I notice I look for stories of agency and may pass over what participants say about waiting and dependence."
"$BRAID" phase
"$BRAID" phase next

echo "== phase 2: generating initial codes"
# Coding: both shipped codebooks, rules first, then two people by hand.
for book in codebooks/integrative-support.yaml codebooks/ecological-systems.yaml; do
	[ -f "$book" ] || { echo "demo: missing $book" >&2; exit 1; }
	echo "== codebook import $book"
	"$BRAID" codebook import "$book"
done
echo "== autocode --coder auto (pending codings, for people to review)"
"$BRAID" autocode --coder auto
echo "== coding by hand: amina and ben"
code() { "$BRAID" code add "$@"; }
code P001-interview --coder amina --code leg-legal-aid --match "The shelter connected me with a legal aid clinic"
code P001-interview --coder ben --code leg-legal-aid --match "The shelter connected me with a legal aid clinic"
code P001-interview --coder amina --code soc-peer-support --turn 30
code P001-interview --coder ben --code soc-peer-support --match "In the group I understood I am not the only one."
code P003-interview --coder amina --code psy-resilience --match "Work is my medicine."
code P003-interview --coder ben --code bar-availability --match "It should be the system, not luck."
code FG1-focus-group --coder ben --code psy-counselling --turn 6
code FG1-focus-group --coder amina --code psy-counselling --match "I think it helped me to stop blaming myself."
# inductive codes, made while coding
code P001-interview --coder amina --code "Debt to relatives" --new --parent soc-family-community \
	--match "We still had the debt to my uncle" --memo "the debt is why she thinks of going again"
code P002-interview --coder ben --code "Debt to relatives" --match "I borrowed for that from my brother-in-law"
code P001-interview --coder ben --code "Phone as lifeline" --new --match "I would call the hotline first."
code P002-interview --coder ben --code "Phone as lifeline" --match "Now it's the thing that keeps me going"
code FG1-focus-group --coder ben --code "Phone as lifeline" --match "They let me call my sister from the office phone."
code P001-interview --coder amina --in-vivo --match "I am not only this story"
"$BRAID" memo add --on code:debt-to-relatives --coder amina \
	"Debts to relatives recur (P001, P002): a pressure to migrate again; compare with the survey item on debt."
echo "== a corrected transcript after coding: every coding moves with its words"
"$BRAID" code add P001-interview --coder amina --code psy-resilience --match "It sounds simple."
"$BRAID" ingest corpora/corrections/P001-interview.txt --replace P001-interview | tee "$out/replace-report.txt"
echo "== changing one's mind: undo and redo (amina's latest change: a new code 'Age' on 'I am twenty-nine.')"
"$BRAID" code add P001-interview --coder amina --code "Age" --new --match "I am twenty-nine."
"$BRAID" undo --coder amina
"$BRAID" redo --coder amina
echo "== double coding: amina and ben code P002-interview independently, ben in his own copy"
# ben works on a copy of the project on his machine; amina in the project itself.
# Each codes every participant turn of P002 with the codebook; they differ in places,
# as two careful coders do. Afterwards ben's copy is merged back (braid merge).
cp "$project" "$out/ben-copy.braid"
double() { # double CODER PROJECT TURN CODE...
	who=$1 p=$2 turn=$3
	shift 3
	for c in "$@"; do "$BRAID" -p "$p" code add P002-interview --coder "$who" --code "$c" --turn "$turn" >/dev/null; done
}
for coder in amina ben; do
	p=$project
	[ "$coder" = ben ] && p=$out/ben-copy.braid
	double "$coder" "$p" 4 soc-family-community
	double "$coder" "$p" 12 soc-ngo-shelter
	double "$coder" "$p" 16 psy-trauma-symptoms
	double "$coder" "$p" 20 soc-stigma
	double "$coder" "$p" 24 leg-documents-status
	double "$coder" "$p" 26 leg-law-enforcement
	double "$coder" "$p" 30 bar-availability
	double "$coder" "$p" 32 bar-trust-state
	double "$coder" "$p" 34 soc-family-community
	double "$coder" "$p" 36 psy-confidante
	double "$coder" "$p" 42 soc-reintegration
	double "$coder" "$p" 46 bar-availability
done
# where they part
double amina "$project" 14 bar-availability
double amina "$project" 18 psy-counselling bar-availability
double amina "$project" 22 bar-availability
double amina "$project" 28 leg-legal-aid leg-rights-awareness
double ben "$out/ben-copy.braid" 18 psy-counselling
double ben "$out/ben-copy.braid" 22 psy-counselling bar-availability
double ben "$out/ben-copy.braid" 26 bar-trust-state
double ben "$out/ben-copy.braid" 44 soc-reintegration
"$BRAID" -p "$out/ben-copy.braid" code add P002-interview --coder ben --code leg-legal-aid \
	--match "they gave me the number of a legal aid office in the regional centre" >/dev/null
echo "== blind: ben sees only his own codings of P002 in his copy (BRAID_BLIND=1)"
BRAID_BLIND=1 BRAID_CODER=ben "$BRAID" -p "$out/ben-copy.braid" code ls --doc P002-interview
echo "== merge: ben's copy comes back into the project"
"$BRAID" merge "$out/ben-copy.braid" | tee "$out/merge-ben.txt"
echo "== agreement of amina and ben on P002's participant turns"
"$BRAID" agree --coders amina,ben --doc P002-interview --disagreements | tee "$out/agreement.txt"
echo "== reconciling: the team's decisions on each disagreement, then agreement with the consensus"
# The decisions, as the team took them in discussion, keyed by turn and code; the
# numbers come from `reconcile --list --json` (they follow the document's order).
"$BRAID" reconcile --coders amina,ben --doc P002-interview --list --json | python3 -c '
import json, sys
decide = {  # (turn, code): decision; anything not here keeps what both coded
    (14, "bar-availability"): "a",
    (18, "bar-availability"): "a",
    (22, "psy-counselling"): "b",
    (26, "bar-trust-state"): "b",
    (28, "leg-rights-awareness"): "a",
    (44, "soc-reintegration"): "neither",
}
for d in json.load(sys.stdin):
    if (d["turn"], d["code"]) == (28, "leg-legal-aid"):
        # the team keeps the code on the narrower extract ben chose, to the full stop
        s, e = d["b"][0]
        print("%d\tedit\t%d-%d" % (d["id"], s, e + 1))
    else:
        print("%d\t%s" % (d["id"], decide.get((d["turn"], d["code"]), "both")))
' > "$out/reconcile-decisions.tsv"
"$BRAID" reconcile --coders amina,ben --doc P002-interview --decisions "$out/reconcile-decisions.tsv"
{
	echo "# Inter-coder agreement (synthetic demo)"
	echo
	echo "amina and ben coded the participants' turns of P002-interview independently (ben in a"
	echo "copy of the project, merged back with \`braid merge\`). Per code and pooled, on turns:"
	echo
	"$BRAID" agree --coders amina,ben --doc P002-interview --format md
	echo
	echo "## After reconciliation: each coder against the consensus"
	echo
	"$BRAID" agree --coders amina,consensus --doc P002-interview --format md
	echo
	"$BRAID" agree --coders ben,consensus --doc P002-interview --format md
	echo
	echo "## Where the characters were placed (unitizing, --unit char)"
	echo
	"$BRAID" agree --coders amina,ben --doc P002-interview --unit char --format md
} > "$out/agreement.md"
echo "== review: amina accepts the rule suggestions in the interviews and focus groups"
for doc in $docs_all; do
	case "$doc" in P0*|K0*|FG*) BRAID_CODER=amina "$BRAID" code accept --all --doc "$doc" ;; esac
done
echo "== phase next: the gate lists what is missing (the two documentary sources' suggestions)"
if "$BRAID" phase next; then
	echo "demo: expected phase 2's gate to stop here" >&2; exit 1
fi
"$BRAID" phase next --force --why "the NGO report and the action plan are analysed in the documentary study; their rule suggestions stay pending here"

echo "== phase 3: generating initial themes"
theme() { "$BRAID" theme "$@"; }
theme new "Being believed and held" --coder amina
theme add-code "Being believed and held" psy-counselling psy-trauma-symptoms micro-psychosocial micro-shelter soc-ngo-shelter
theme new "Someone to talk to" --coder ben
theme add-code "Someone to talk to" psy-confidante soc-peer-support phone-as-lifeline
theme new "Navigating the legal maze" --coder amina
theme add-code "Navigating the legal maze" leg-legal-aid leg-rights-awareness leg-documents-status leg-justice-court leg-law-enforcement
theme new "Rebuilding a life" --coder amina
theme add-code "Rebuilding a life" soc-reintegration psy-resilience i-am-not-only-this-story
theme new "Ties that support and bind" --coder ben
theme add-code "Ties that support and bind" soc-family-community debt-to-relatives soc-stigma macro-cultural-norms
theme new "Support that depends on luck" --coder amina
theme add-code "Support that depends on luck" bar-funding bar-availability bar-trust-state exo-institutions exo-government-programmes macro-collaboration macro-legislation
theme new "Seeing it coming" --coder ben
theme add-code "Seeing it coming" meso-awareness meso-education exo-media
"$BRAID" code retire age
"$BRAID" phase next

echo "== phase 4: developing and reviewing themes"
theme merge "Someone to talk to" "Being believed and held"
theme split "Rebuilding a life" --into "Work and study as recovery" --codes soc-reintegration --coder amina
theme move "Work and study as recovery" --parent "Rebuilding a life"
theme discard "Seeing it coming" --why "prevention is outside the question on support after exit; kept for the documentary study"
for t in being-believed-and-held navigating-the-legal-maze rebuilding-a-life work-and-study-as-recovery \
	ties-that-support-and-bind support-that-depends-on-luck; do
	theme review "$t" --extracts --dataset
	theme status "$t" reviewed
done
"$BRAID" theme ls | tee "$out/themes.txt"
"$BRAID" phase next

echo "== phase 5: refining, defining and naming themes"
theme rename support-that-depends-on-luck "It should be the system, not luck"
define() { theme define "$1" --definition "$2" --scope "$3" && theme status "$1" defined; }
define being-believed-and-held \
	"Recovery begins when someone listens without doubting: counselling, a safe bed and a confidante make the first safety." \
	"Psychological and practical care in the first months; not the legal process."
define navigating-the-legal-maze \
	"Documents, status and court are experienced as a maze whose exits depend on a lawyer's time." \
	"Contacts with lawyers, police, courts and the papers they require."
define rebuilding-a-life \
	"Participants describe themselves as more than what happened to them, through work, study and plans." \
	"Agency and future orientation; not the services that made it possible."
define work-and-study-as-recovery \
	"Work and training are both income and a way to feel normal again." \
	"Employment, education and housing as lived, not as programmes."
define ties-that-support-and-bind \
	"Family and community are a support and a pressure at once: debts, shame and belonging." \
	"Relatives, community and norms; not professional support."
define support-that-depends-on-luck \
	"Whether help arrives depends on which organisation a person meets, not on a system." \
	"Funding, availability, collaboration and trust in state services."
"$BRAID" memo add --on project --kind reflexive --coder amina \
	"Naming 'It should be the system, not luck' after P003's words: the theme is the participants' critique, not mine, but I share it."
"$BRAID" phase next

echo "== phase 6: writing up"
# two exemplar quotes per defined theme: the longest participants' extracts of up to
# 200 characters, from different documents
for t in being-believed-and-held navigating-the-legal-maze rebuilding-a-life work-and-study-as-recovery \
	ties-that-support-and-bind support-that-depends-on-luck; do
	for id in $("$BRAID" theme show "$t" --json | python3 -c '
import json, sys
j = json.load(sys.stdin)
seen, out = set(), []
for e in sorted(j["extracts"], key=lambda e: (-len(e["text"]), e["coding"])):
    if e["role"] == "participant" and len(e["text"]) <= 200 and e["doc"] not in seen:
        seen.add(e["doc"]); out.append(str(e["coding"]))
print(" ".join(out[:2]))'); do
		"$BRAID" quote add "$t" "$id" --coder amina
	done
done

echo "== triangulation: the themes beside the survey (docs/triangulation.md)"
# 21 of the 26 interviewed cases have a survey row (the key informants took none): the
# matrix of cases x themes with survey columns, the joint display of the themes by
# successful reintegration (SR) with the exemplar quotes in its cells, the same by the
# peer/social support index for the codes of support, the correlation table of the
# survey variables, and a logistic model of SR. With 21 cases, expect wide intervals:
# the point is where the strands converge or diverge, not significance.
"$BRAID" matrix --with SR,PSSI,PWB,RA,UNC --format csv > "$out/matrix.csv"
"$BRAID" triangulate --by SR --quotes --format html > "$out/joint-display.html"
"$BRAID" triangulate --by SR --quotes --format md > "$out/joint-display.md"
"$BRAID" triangulate --by SR
"$BRAID" triangulate --by PSSI --codes --themes soc-peer-support,psy-confidante,soc-family-community,soc-ngo-shelter,psy-counselling \
	--format md > "$out/joint-display-codes.md"
"$BRAID" triangulate corr PWB PSSI UNC RA SR LA TIC --format md > "$out/correlations.md"
"$BRAID" triangulate model --outcome SR --predictors PSSI,UNC,LA,TIC | tee "$out/model-sr.txt"
"$BRAID" triangulate model --outcome SR --predictors PSSI,UNC,LA,TIC --format md > "$out/model-sr.md"

"$BRAID" map -o "$out/thematic-map.svg"
"$BRAID" map --cooccur 100 -o "$out/thematic-map-cooccur.svg"
"$BRAID" map -o "$out/thematic-map.dot"
"$BRAID" report -o "$out/report.html"
"$BRAID" report -o "$out/report.md"
"$BRAID" report -o "$out/report.tex"
"$BRAID" phase | tee "$out/phase.txt"

echo "== export: tables, figures and the REFI-QDA exchange file (docs/export.md)"
# the Framework Method's summaries of two cases under one theme, then the theme-by-case
# matrix for a paper (csv for R or SPSS, md, tex to \input, xlsx), its framework form with
# exemplar quotes and summaries, every coded segment with the survey values, the figures,
# and the whole project for NVivo, ATLAS.ti, MAXQDA or QualCoder
"$BRAID" summary set P001 being-believed-and-held --coder amina \
	"Counselling and the shelter's first call; the group made her feel she was not alone."
"$BRAID" summary set P002 being-believed-and-held --coder amina \
	"Believed by the shelter staff, less by the police; a counsellor only after months."
for f in csv md tex xlsx; do
	"$BRAID" export matrix --value presence --with SR,PSSI -o "$out/theme-case-matrix.$f"
done
"$BRAID" export matrix --value quotes --format md -o "$out/framework-quotes.md"
"$BRAID" export matrix --value summary --format md -o "$out/framework-summaries.md"
"$BRAID" export segments --with SR,PSSI -o "$out/segments.xlsx"
"$BRAID" export cooccur --themes --format md -o "$out/cooccurrence.md"
"$BRAID" export codebook -o "$out/codebook.csv"
"$BRAID" export figure prevalence --by SR -o "$out/prevalence-by-SR.pdf"
"$BRAID" export figure prevalence -o "$out/prevalence.png"
"$BRAID" export figure cooccur -o "$out/cooccurrence-heatmap.png"
"$BRAID" export figure coverage -o "$out/coverage-heatmap.svg"
"$BRAID" export refi -o "$out/study.qdpx"
"$BRAID" export qdc -o "$out/codebook.qdc"

"$BRAID" codebook export --format md -o "$out/codebook.md"
"$BRAID" retrieve debt-to-relatives --format md > "$out/retrieve-debt-to-relatives.md"
"$BRAID" stats codes > "$out/code-frequencies.txt"
"$BRAID" stats codes --json > "$out/code-frequencies.json"
echo "== code frequencies (braid stats codes)"
cat "$out/code-frequencies.txt"
"$BRAID" log > "$out/audit-log.txt"
echo "outputs in out/: demo.braid documents.txt documents.json speakers.json cases.txt search-legal-aid.txt"
echo "  survey-vars.txt cases-check.txt matrix.csv joint-display.html joint-display.md"
echo "  joint-display-codes.md correlations.md model-sr.txt model-sr.md"
echo "  theme-case-matrix.{csv,md,tex,xlsx} framework-quotes.md framework-summaries.md segments.xlsx"
echo "  cooccurrence.md codebook.csv prevalence-by-SR.pdf prevalence.png cooccurrence-heatmap.png"
echo "  coverage-heatmap.svg study.qdpx codebook.qdc"
echo "  codebook.md retrieve-debt-to-relatives.md code-frequencies.txt code-frequencies.json audit-log.txt"
echo "  themes.txt phase.txt thematic-map.svg thematic-map-cooccur.svg thematic-map.dot"
echo "  ben-copy.braid merge-ben.txt agreement.txt agreement.md reconcile-decisions.tsv"
echo "  report.html report.md report-map.svg"
echo "  report.tex report-map.pdf"
