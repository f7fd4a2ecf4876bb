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
echo "== search: legal aid (first 10 hits)"
"$BRAID" search '"legal aid"' --limit 10 | tee "$out/search-legal-aid.txt"
echo "== search: --regex 'passport|паспорт|hujjat|pasaporte' --role participant (first 10 hits)"
"$BRAID" search --regex 'passport|паспорт|hujjat|pasaporte' --role participant --limit 10

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
echo "== review: accept the autocoded legal-aid segments, and everything pending in P001"
"$BRAID" code accept --all --code leg-legal-aid
"$BRAID" code accept --all --doc P001-interview
echo "== a corrected transcript after coding: every coding moves with its words"
"$BRAID" code add P001-interview --coder amina --code psy-resilience --match "It sounds simple."
"$BRAID" ingest corpora/corrections/P001-interview.txt --replace P001-interview | tee "$out/replace-report.txt"
echo "== changing one's mind: undo and redo (amina's latest change: a new code 'Age' on 'I am twenty-nine.')"
"$BRAID" code add P001-interview --coder amina --code "Age" --new --match "I am twenty-nine."
"$BRAID" undo --coder amina
"$BRAID" redo --coder amina
"$BRAID" codebook export --format md -o "$out/codebook.md"
"$BRAID" retrieve debt-to-relatives --format md > "$out/retrieve-debt-to-relatives.md"
"$BRAID" stats codes > "$out/code-frequencies.txt"
"$BRAID" stats codes --json > "$out/code-frequencies.json"
echo "== code frequencies (braid stats codes)"
cat "$out/code-frequencies.txt"
"$BRAID" log > "$out/audit-log.txt"
echo "outputs in out/: demo.braid documents.txt documents.json speakers.json cases.txt search-legal-aid.txt"
echo "  codebook.md retrieve-debt-to-relatives.md code-frequencies.txt code-frequencies.json audit-log.txt"
