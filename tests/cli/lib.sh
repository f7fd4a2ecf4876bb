# lib.sh - helpers for the CLI tests (sourced; cwd is a scratch directory).
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_exit CODE CMD...: runs CMD, keeps stdout in out.txt and stderr in err.txt
expect_exit() {
	want=$1; shift
	set +e; "$@" >out.txt 2>err.txt; got=$?; set -e
	[ "$got" = "$want" ] || { cat out.txt err.txt >&2; fail "'$*' exited $got, expected $want"; }
}
# check NAME ACTUAL EXPECTED: equal, else show out.txt (the last command's output) and fail
check() { [ "$2" = "$3" ] || { [ ! -f out.txt ] || cat out.txt >&2; fail "$1: got $2, expected $3"; }; }
# contains FILE TEXT: FILE has TEXT (fixed string)
contains() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks '$2'"; }; }
lacks() { ! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 has '$2'"; }; }
# json_get FILE EXPR: evaluates a Python expression on the parsed JSON `j`
json_get() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(($2))" "$1"; }
# doc_shape DOC "TURNS SPEAKERS WORDS": the document's shape in docs.json (braid docs --json)
doc_shape() {
	got=$(json_get docs.json "[(d['turns'], d['speakers'], d['words']) for d in j if d['name'] == '$1'][0]")
	[ "$got" = "$2" ] || fail "$1: got $got, expected $2"
}

# support_corpus int1|int2|book: writes int1.txt, int2.txt or book.yaml, the small corpus
# that coding.sh, themes.sh, matrix.sh and others work out offsets and words on (their
# comments give the offsets): two interviews, one a few turns long, and a four-code
# codebook.
support_corpus() {
	case $1 in
	int1) printf '%s\n' "Interviewer: Did the lawyer help you?" \
		"P001: Yes. The lawyer helped me get my passport back. I still owe money to my uncle." \
		"" "The shelter was kind." "Interviewer: And the psychologist?" \
		"P001: The psychologist listened. She did not push me." > int1.txt ;;
	int2) printf '%s\n' "I: Tell me about support." \
		"R: My sister called me every day. The lawyer never answered." > int2.txt ;;
	book) printf '%s\n' "name: Support" "codes:" "  - {name: Legal aid, id: legal-aid}" \
		"  - {name: Family support, id: family}" \
		"  - {name: Psychological support, id: psych}" \
		"  - {name: Shelter, id: shelter}" > book.yaml ;;
	*) fail "support_corpus: no part '$1'" ;;
	esac
}
