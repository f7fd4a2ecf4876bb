# braid matrix end to end: cases x themes as presence, count and coverage, worked out by
# hand from the themes.sh corpus (the prevalence rule of docs/workflow.md, case by case),
# --coder, survey variables joined through the case links, usage errors.
. "$ROOT/tests/cli/lib.sh"
export BRAID_CODER=ana

"$BRAID" init t.braid >/dev/null
# int1: turn 1 13-37 (Interviewer); turn 2 45-146 (P001): "Yes." 45-49, 50-92 (8 words),
#   93-123 (7), 125-146 (4): 20 words; turn 3 (Interviewer); turn 4 190-237 (P001):
#   190-216 (3), (5): 8 words. P001 speaks 28 words.
# int2: turn 1 (I); turn 2 30-87 (R, case P002): 30-60 (6), 61-87 (4): 10 words.
support_corpus int1
support_corpus int2
expect_exit 0 "$BRAID" ingest int1.txt --case P001
expect_exit 0 "$BRAID" ingest int2.txt --case P002
support_corpus book
expect_exit 0 "$BRAID" codebook import book.yaml
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92     # 1 P001 8 words
expect_exit 0 "$BRAID" code add int1 --code family --range 93:123       # 2 P001 7
expect_exit 0 "$BRAID" code add int1 --code psych --range 190:216       # 3 P001 3
expect_exit 0 "$BRAID" code add int2 --code family --range 30:60        # 4 P002 6
expect_exit 0 "$BRAID" code add int2 --code legal-aid --range 61:87 --coder ben   # 5 P002 4
expect_exit 0 "$BRAID" code add int1 --code shelter --range 125:146     # 6 P001 4
# 7: the interviewer's turn: an interviewer's turn has no case (corpus.h), so the
#    case-by-case figures (braid_themes_cases_each) leave it out
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 13:37
# 8: a second coder on #1's very span: the same segment, counted once
expect_exit 0 "$BRAID" code add int1 --code legal-aid --range 50:92 --coder ben
expect_exit 0 "$BRAID" theme new "Formal support"
expect_exit 0 "$BRAID" theme new "Legal help" --parent formal-support
expect_exit 0 "$BRAID" theme new "Informal support"
expect_exit 0 "$BRAID" theme new "Dropped"
expect_exit 0 "$BRAID" theme add-code formal-support psych shelter
expect_exit 0 "$BRAID" theme add-code legal-help legal-aid
expect_exit 0 "$BRAID" theme add-code informal-support family
expect_exit 0 "$BRAID" theme add-code dropped family
expect_exit 0 "$BRAID" theme discard dropped --why "folded into informal support"

# By hand (columns: formal-support, legal-help, informal-support; "dropped" is not in play):
#   formal-support = psych, shelter + legal-help's legal-aid
#     P001: #1/#8 (one segment), #3, #6: 3 segments; words 8 + 3 + 4 = 15 of 28
#     P002: #5: 1 segment; 4 of 10
#   legal-help: P001 #1/#8: 1, 8 of 28; P002 #5: 1, 4 of 10
#   informal-support: P001 #2: 1, 7 of 28; P002 #4: 1, 6 of 10
expect_exit 0 "$BRAID" matrix --value count --json
check "count" "$(json_get out.txt '[tuple(r.values()) for r in j]')" \
	"[('P001', 3, 1, 1), ('P002', 1, 1, 1)]"
check "keys" "$(json_get out.txt 'list(j[0].keys())')" \
	"['case', 'formal-support', 'legal-help', 'informal-support']"
expect_exit 0 "$BRAID" matrix --value coverage --json
check "coverage" "$(json_get out.txt '[tuple(round(x, 6) if isinstance(x, float) else x for x in r.values()) for r in j]')" \
	"[('P001', 0.535714, 0.285714, 0.25), ('P002', 0.4, 0.4, 0.6)]"
# ben: #5 (P002, legal-aid) and #8 (P001, legal-aid)
expect_exit 0 "$BRAID" matrix --coder ben --json
check "presence ben" "$(json_get out.txt '[tuple(r.values()) for r in j]')" \
	"[('P001', 1, 1, 0), ('P002', 1, 1, 0)]"
expect_exit 0 "$BRAID" matrix --coder ben --value count --format csv
contains out.txt "P001,1,1,0"
expect_exit 0 "$BRAID" matrix
contains out.txt "CASE  formal-support  legal-help  informal-support"
contains out.txt "P001               1           1                 1"

# ---- codes as columns: each code's own codings, by the same rule ----
# P001: legal-aid #1/#8 (one segment; #7 is the interviewer's) 8 words, family #2 7,
#   psych #3 3, shelter #6 4; P002: legal-aid #5 4, family #4 6
expect_exit 0 "$BRAID" matrix --cols codes --value count --json
check "codes keys" "$(json_get out.txt 'list(j[0].keys())')" \
	"['case', 'legal-aid', 'family', 'psych', 'shelter']"
check "codes count" "$(json_get out.txt '[tuple(r.values()) for r in j]')" \
	"[('P001', 1, 1, 1, 1), ('P002', 1, 1, 0, 0)]"
expect_exit 0 "$BRAID" matrix --cols codes --value coverage --json
check "codes coverage" "$(json_get out.txt '[tuple(round(x, 6) if isinstance(x, float) else x for x in r.values()) for r in j]')" \
	"[('P001', 0.285714, 0.25, 0.107143, 0.142857), ('P002', 0.4, 0.6, 0, 0)]"
expect_exit 0 "$BRAID" matrix --cols codes --coder ben --value count --format csv
contains out.txt "P001,1,0,0,0"
contains out.txt "P002,1,0,0,0"

# ---- survey variables ----
cat > survey.csv <<'C'
id,SR,PWB,RA
p001,1,3.5,high
P002,0,,low
P009,1,4,medium
C
expect_exit 0 "$BRAID" survey import survey.csv --id id
expect_exit 0 "$BRAID" matrix --rows cases --cols themes --value presence --with SR,PWB,RA --json
check "with" "$(json_get out.txt '[tuple(r.values()) for r in j]')" \
	"[('P001', 1, 1, 1, 1, 3.5, 'high'), ('P002', 1, 1, 1, 0, None, 'low')]"
expect_exit 0 "$BRAID" matrix --with PWB --format csv
contains out.txt "case,formal-support,legal-help,informal-support,PWB"
contains out.txt "P002,1,1,1,"
expect_exit 1 "$BRAID" matrix --with SR,nope
contains err.txt "no survey variable 'nope'"

# ---- rows by document and by speaker: the same walk ----
# int1 (P001's words only, 28; #7 in the interviewer's turn counts for no document, as
# for no case): formal-support #1/#8, #3, #6 = 3; legal-help 1; informal-support #2 = 1.
# int2 (R's 10 words): #5, #5, #4. The survey comes through the row's case.
expect_exit 0 "$BRAID" matrix --rows docs --value count --with PWB --format csv
contains out.txt "doc,formal-support,legal-help,informal-support,PWB"
contains out.txt "int1,3,1,1,3.5"
contains out.txt "int2,1,1,1,"
expect_exit 0 "$BRAID" export matrix --rows speakers --value coverage --json
check "speakers" "$(json_get out.txt '[(r["speaker"], r["formal-support"]) for r in j]')" \
	"[('int1:P001', 0.5357142857142857), ('int2:R', 0.4)]"
expect_exit 1 "$BRAID" matrix --rows speakers --value summary
contains err.txt "summaries are written per case: not with rows by speakers"

# ---- usage ----
expect_exit 2 "$BRAID" matrix --value share
contains err.txt "unknown matrix value 'share'"
expect_exit 2 "$BRAID" matrix --rows people
contains err.txt "unknown rows 'people' (expected cases, docs or speakers)"
expect_exit 2 "$BRAID" matrix --cols words
contains err.txt "unknown columns 'words' (expected themes or codes)"
expect_exit 1 "$BRAID" matrix --coder zoe
contains err.txt "no coder 'zoe'"
echo ok
