#!/bin/bash
# Bad input: clear messages, exit codes 1 or 2, never a crash or a damaged
# index.
. "$(dirname "$0")/lib.sh"
index_corpus
before=$("$ACCS" status | grep -E '^(documents|passages):')

expect_crashfree() {  # no signal: exit codes above 128 mean a crash
    if [ "$RC" -ge 128 ]; then bad "$1 crashed (exit $RC)"; else ok; fi
}

run "$ACCS" index does/not/exist
expect_rc 1 "missing path"
expect_err 'does/not/exist: No such file' "missing path is named"

mkdir bad
# UTF-8 (the dash and quotes) with two bytes that are not.
printf 'Geldige tekst \xe2\x80\x94 \xe2\x80\x9ccyberaanvallen\xe2\x80\x9d \xff\xfe en meer tekst.\n' > bad/invalid.txt
head -c 3000 /dev/urandom > bad/binary.txt
: > bad/empty.txt
echo "niet leesbaar" > bad/unreadable.txt; chmod 000 bad/unreadable.txt
run "$ACCS" index bad
expect_rc 1 "problem files give exit 1"
expect_err 'invalid.txt: warning: invalid UTF-8' "invalid UTF-8 is a warning"
expect_err 'binary.txt: skipped: binary file' "binary files are skipped"
expect_err 'empty.txt: skipped: empty file' "empty files are skipped"
if [ "$(id -u)" != 0 ]; then
    expect_err 'unreadable.txt: cannot open: Permission denied' "unreadable files are named"
fi
expect_crashfree "indexing bad files"
run "$ACCS" query --json cyberaanvallen
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
t=[h["text"] for h in d["hits"] if h["path"].endswith("invalid.txt")]
assert t and "\ufffd" in t[0], t' "$WORK/out" && ok || bad "invalid bytes are replaced by U+FFFD"
check_index "bad files"

for q in '"open quote' '(unbalanced' 'closing)' 'a OR' 'AND b' 'NOT' '' '   ' 'OR AND' '-' 'lang:xx woord'; do
    run "$ACCS" query "$q"
    expect_crashfree "query [$q]"
    if [ "$q" = "-" ]; then continue; fi
    expect_rc 2 "query [$q] is a usage error"
done
run "$ACCS" query '"open quote'
expect_err 'position 1' "the message names the position"
run "$ACCS" query 'cyber (aanval OR attack'
expect_err "'\\(' at position 7" "the unclosed parenthesis is located"
run "$ACCS" query "$(printf 'tab\there\001\002 ctrl')"
expect_crashfree "control characters"
long=$(for i in $(seq 1 10000); do printf 'woord%d ' $i; done)
run "$ACCS" query "$long"
expect_crashfree "a 10000-word query"
expect_rc 2 "a 10000-word query is refused"
expect_err "query too long: 10000 words" "the limit is explained"
long=$(for i in $(seq 1 900); do printf "woord%d " $i; done)
run "$ACCS" query "$long"
expect_rc 0 "a 900-word query runs"

run "$ACCS" query --db "$WORK/nothing-here" Genève
expect_rc 1 "missing index"
expect_err 'no index at' "missing index message"
run "$ACCS" frobnicate
expect_rc 2 "unknown command"
run "$ACCS" query
expect_rc 2 "query without words"

after=$("$ACCS" status | grep -E '^(documents|passages):')
[ -n "$after" ] && ok || bad "index still opens"
check_index "bad queries"
finish
