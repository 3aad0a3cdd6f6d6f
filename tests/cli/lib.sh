# SPDX-License-Identifier: MIT
# Helpers for the command-line tests: each test script sources this, runs
# checks, and ends with `finish`, which prints "N passed, M failed".
set -u
ACCS="${ACCS:?ACCS must name the accsearch binary}"
SRC="${SRC:?SRC must name the source folder}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/accs-test.XXXXXX")"
trap 'chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
export ACCSEARCH_DB="$WORK/.accsearch"
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); printf 'FAIL: %s\n' "$*" >&2; }

# run CMD...: run and keep stdout, stderr and the exit code.
run() {
    "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
    return 0
}
out() { cat "$WORK/out"; }
err() { cat "$WORK/err"; }

expect_rc() {  # expect_rc WANT DESCRIPTION
    if [ "$RC" = "$1" ]; then ok; else bad "$2: exit $RC, wanted $1; stderr: $(head -c 400 "$WORK/err")"; fi
}
expect_out() {  # expect_out REGEX DESCRIPTION
    if grep -Eq -- "$1" "$WORK/out"; then ok; else bad "$2: stdout lacks /$1/: $(head -c 600 "$WORK/out")"; fi
}
expect_no_out() {
    if grep -Eq -- "$1" "$WORK/out"; then bad "$2: stdout has /$1/"; else ok; fi
}
expect_err() {
    if grep -Eq -- "$1" "$WORK/err"; then ok; else bad "$2: stderr lacks /$1/: $(head -c 400 "$WORK/err")"; fi
}
# first_hit QUERY...: the path:line of the first hit.
first_hit() {
    "$ACCS" query -n 1 "$@" 2>/dev/null | sed -n 's/^1\. \([^ ]*\) .*/\1/p'
}
# hits QUERY...: path:line of every hit, one a line.
hits() {
    "$ACCS" query -n 50 "$@" 2>/dev/null | sed -n 's/^[0-9]*\. \([^ ]*\) .*/\1/p'
}
expect_eq() {  # expect_eq GOT WANT DESCRIPTION
    if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', wanted '$2'"; fi
}
check_index() {  # the index must pass accsearch check [extra check args]
    local what=$1; shift
    run "$ACCS" check "$@"
    expect_rc 0 "check after $what"
}
index_corpus() {
    cp -r "$SRC/corpus" "$WORK/corpus"
    chmod -R u+w "$WORK/corpus"
    "$ACCS" index -q corpus >/dev/null 2>&1
}
finish() {
    printf '%d passed, %d failed\n' "$PASS" "$FAIL"
    [ "$FAIL" = 0 ]
}
