#!/bin/bash
# Readers during writes, and two writers: while `accsearch index` runs,
# queries, status and check see the last commit and succeed; a second writer
# fails fast with a "locked" message; the first writer finishes and the index
# is sound.
. "$(dirname "$0")/lib.sh"
# Debian's python3 starts in 0.1 s; a version manager's shim can take 1 s.
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi

BG=""   # background processes this script started
cleanup() {
    : > "$WORK/stop" 2>/dev/null
    for p in $BG; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    chmod -R u+rwx "$WORK" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

docs_in() { "$ACCS" status "$@" 2>/dev/null | sed -n 's/^documents: *//p'; }

N=4000
python3 - "$N" <<'PY'
import os, random, sys
random.seed(11)
nl = ("de het een en van in op met voor door over onder tuin kas bloem plant "
      "water zon regen wind stad land huis straat fiets trein boot haven").split()
en = ("the a and of in on with for by over under garden glass flower plant "
      "water sun rain wind city land house street bike train boat harbour").split()
for i in range(int(sys.argv[1])):
    d = "conc/d%02d" % (i % 40)
    os.makedirs(d, exist_ok=True)
    words = nl if i % 2 else en
    paras = [" ".join(random.choice(words) for _ in range(50)) + "." for _ in range(8)]
    paras.append("uniek conc%duniq einde." % i)
    with open("%s/f%04d.txt" % (d, i), "w") as f:
        f.write("\n\n".join(paras) + "\n")
os.makedirs("seed", exist_ok=True)
open("seed/seed.txt", "w").write("het zaadje zaadwoordqq van de index.\n")
os.makedirs("other", exist_ok=True)
open("other/other.txt", "w").write("een tweede schrijver anderwoordqq.\n")
PY
run "$ACCS" index seed   # readers always have a commit to see
expect_rc 0 "seed the index"

# --- readers during a long write, and a second writer --------------------------
"$ACCS" index -v --batch 200 -j 2 conc >"$WORK/w.out" 2>"$WORK/w.err" &
W=$!; BG="$BG $W"
for i in $(seq 600); do   # until the writer has the lock and is writing
    grep -q '^added ' "$WORK/w.err" && break
    kill -0 "$W" 2>/dev/null || break
    sleep 0.05
done
kill -0 "$W" 2>/dev/null && ok || bad "the writer ended before the readers started: $(cat "$WORK/w.err" | tail -3)"

# A second writer on the same index fails at once.
start=$EPOCHREALTIME
run timeout -k 5 300 "$ACCS" index other
secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
expect_rc 1 "a second writer gives exit 1"
expect_err 'locked' "a second writer is told the index is locked"
if awk -v s="$secs" 'BEGIN { exit !(s < 10) }'; then ok; else bad "the second writer took ${secs}s to give up"; fi

queries=0; during=0; prev=1; statuses=0; checks=0
for i in $(seq 50); do
    alive=0; kill -0 "$W" 2>/dev/null && alive=1
    case $((i % 3)) in
        0) q=(-n 10 garden OR tuin) ;;
        1) q=(--json -n 20 "water AND zon") ;;
        2) q=(-n 5 "conc$((i * 37))uniq") ;;
    esac
    run "$ACCS" query "${q[@]}"
    queries=$((queries + 1)); during=$((during + alive))
    expect_rc 0 "query $i (${q[*]}) while the writer runs"
    if [ $((i % 5)) = 0 ]; then
        n=$(docs_in)
        statuses=$((statuses + 1))
        if [ -n "$n" ] && [ "$n" -ge "$prev" ] && [ "$n" -le $((N + 1)) ]; then ok; else
            bad "status $i while the writer runs: '$n' documents (before: $prev)"; fi
        [ -n "$n" ] && prev=$n
        run "$ACCS" check
        checks=$((checks + 1))
        expect_rc 0 "check $i while the writer runs"
        if grep -qi corrupt "$WORK/out" "$WORK/err"; then
            bad "check $i while the writer runs claims corruption: $(cat "$WORK/out" "$WORK/err" | head -c 300)"
        else ok; fi
    fi
done
echo "note: $during of $queries queries ran while the writer was running"
for i in $(seq 3000); do kill -0 "$W" 2>/dev/null || break; sleep 0.1; done
kill -0 "$W" 2>/dev/null && { bad "the writer did not finish in 300 s"; kill -9 "$W"; }
wait "$W"; RC=$?
expect_rc 0 "the writer finishes while readers run"
expect_eq "$(docs_in)" "$((N + 1))" "the writer indexed every file"
check_index "a write with readers"
run "$ACCS" query -n 1 zaadwoordqq
expect_out 'seed/seed.txt' "the seed is still there"
run "$ACCS" query -n 1 anderwoordqq
expect_out 'No passages match' "the locked-out writer added nothing"

# --- two readers in a loop while a writer commits every 50 files ---------------
B="$WORK/b.db"
run "$ACCS" index --db "$B" seed
# half the files (20 of the 40 folders): 40 commits
"$ACCS" index --batch 50 -j 2 --db "$B" conc/d[01]? >"$WORK/b.out" 2>"$WORK/b.err" &
W=$!; BG="$BG $W"
rm -f "$WORK/stop"
# reader NAME QUERY-ARGS...: query and status until $WORK/stop exists (max
# 300 rounds); each failure is a line in $WORK/NAME.fail.
reader() {
    local name=$1; shift
    local n=0 rc
    : > "$WORK/$name.fail"
    while [ ! -e "$WORK/stop" ] && [ "$n" -lt 300 ]; do
        "$ACCS" query --db "$B" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; rc=$?
        [ "$rc" = 0 ] || echo "query $* -> exit $rc: $(head -c 200 "$WORK/$name.err")" >> "$WORK/$name.fail"
        "$ACCS" status --db "$B" >"$WORK/$name.out" 2>"$WORK/$name.err"; rc=$?
        [ "$rc" = 0 ] || echo "status -> exit $rc: $(head -c 200 "$WORK/$name.err")" >> "$WORK/$name.fail"
        n=$((n + 1))
    done
    echo "$n" > "$WORK/$name.rounds"
}
reader small -n 10 garden OR tuin & R1=$!; BG="$BG $R1"
reader large --json -n 1000 --per-doc 0 the OR de & R2=$!; BG="$BG $R2"
for i in $(seq 3000); do kill -0 "$W" 2>/dev/null || break; sleep 0.1; done
kill -0 "$W" 2>/dev/null && { bad "the batch-50 writer did not finish in 300 s"; kill -9 "$W"; }
wait "$W"; RC=$?
: > "$WORK/stop"
wait "$R1" "$R2"
expect_rc 0 "the batch-50 writer finishes while two readers run"
expect_eq "$(docs_in --db "$B")" "$((N / 2 + 1))" "the batch-50 writer indexed every file"
for name in small large; do
    rounds=$(cat "$WORK/$name.rounds" 2>/dev/null || echo 0)
    [ "$rounds" -gt 0 ] && ok || bad "reader $name never ran"
    fails=$(wc -l < "$WORK/$name.fail")
    if [ "$fails" = 0 ]; then ok; else
        bad "reader $name: $fails of $rounds rounds failed while the writer committed every 50 files; first: $(sort "$WORK/$name.fail" | uniq -c | sort -rn | head -3)"
    fi
done
run "$ACCS" check --db "$B"
expect_rc 0 "check after the batch-50 write"
finish
