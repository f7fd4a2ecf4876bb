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
"$BRAID" log > "$out/audit-log.txt"
echo "outputs in out/: demo.braid documents.txt documents.json speakers.json cases.txt search-legal-aid.txt audit-log.txt"
