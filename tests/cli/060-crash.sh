#!/bin/bash
# Crash safety: `accsearch index` killed with SIGKILL at several moments
# (by the clock, after a commit, in the middle of a batch, and at chosen
# fsync/rename calls), and a disk that fills up.  After every crash the index
# must be sound at its last commit, queries must work, and the next run must
# finish the job.
. "$(dirname "$0")/lib.sh"
# Debian's python3 starts in 0.1 s; a version manager's shim can take 1 s.
if [ -x /usr/bin/python3 ]; then python3() { /usr/bin/python3 "$@"; }; fi

BG=""        # background processes this script started
MOUNTED=""   # tmpfs mounted by this script
cleanup() {
    for p in $BG; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    for m in $MOUNTED; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done
    chmod -R u+rwx "$WORK" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

expect_crashfree() {
    if [ "$RC" -ge 128 ]; then bad "$1 crashed (exit $RC)"
    elif [ "$RC" = 124 ]; then bad "$1 hung (stopped after the time limit)"
    else ok; fi
}
docs_in() {  # docs_in [--db DB]: the document count from status ("" if it fails)
    "$ACCS" status "$@" 2>/dev/null | sed -n 's/^documents: *//p'
}
passages_in() {  # passages_in [--db DB]: the passage count from status
    "$ACCS" status "$@" 2>/dev/null | sed -n 's/^passages: *\([0-9]*\).*/\1/p'
}

# ~3000 small text files in 30 folders, one unique word each.
N=3000
python3 - "$N" <<'PY'
import os, random, sys
random.seed(7)
nl = ("de het een en van in op met voor door over onder tuin kas bloem plant "
      "water zon regen wind stad land huis straat fiets trein boot haven markt "
      "school kerk molen dijk polder").split()
en = ("the a and of in on with for by over under garden glass flower plant "
      "water sun rain wind city land house street bike train boat harbour "
      "market school church mill dike").split()
for i in range(int(sys.argv[1])):
    d = "docs/d%02d" % (i % 30)
    os.makedirs(d, exist_ok=True)
    words = nl if i % 2 else en
    paras = [" ".join(random.choice(words) for _ in range(40)) + "." for _ in range(3)]
    paras.append("uniek doc%duniq einde." % i)
    with open("%s/f%04d.txt" % (d, i), "w") as f:
        f.write("\n\n".join(paras) + "\n")
PY
mkdir empty
run "$ACCS" index empty   # the index exists before the first kill
expect_rc 0 "create an empty index"

# start_index ARGS...: accsearch index in the background; PID, output in
# $WORK/bg.out and bg.err.
start_index() {
    "$ACCS" index "$@" >"$WORK/bg.out" 2>"$WORK/bg.err" &
    PID=$!; BG="$BG $PID"
}
# kill_index: SIGKILL and reap; RC is its exit status (137 when killed).
kill_index() {
    kill -9 "$PID" 2>/dev/null
    wait "$PID" 2>/dev/null; RC=$?
}
# after_crash WHAT: the checks after every kill.
prev=0
after_crash() {
    if grep -q 'locked' "$WORK/bg.err"; then bad "$1: the run found the index locked: $(cat "$WORK/bg.err")"; fi
    run "$ACCS" check
    expect_rc 0 "check after $1"
    run "$ACCS" query -n 3 doc1uniq OR garden OR tuin
    expect_rc 0 "query after $1"
    local n; n=$(docs_in)
    if [ -z "$n" ]; then bad "status after $1 fails"; return; fi
    if [ "$n" -le "$N" ]; then ok; else bad "$1: $n documents, more than the $N files"; fi
    if [ "$n" -ge "$prev" ]; then ok; else bad "$1: $n documents, fewer than the $prev before"; fi
    prev=$n
}

# --- killed by the clock ------------------------------------------------------
killed=0
for t in 0.1 0.3 0.6 1.0; do
    start_index --batch 200 -j 2 docs
    sleep "$t"
    kill_index
    [ "$RC" = 137 ] && killed=$((killed + 1))
    after_crash "kill -9 after ${t}s (exit $RC, $(docs_in) documents)"
done
echo "note: $killed of 4 timed runs were killed before they finished"

# --- the run that finishes, and the one after it -------------------------------
run timeout -k 5 300 "$ACCS" index --batch 200 -j 2 docs
expect_rc 0 "a complete run after the crashes"
expect_eq "$(docs_in)" "$N" "every file is indexed after the crashes"
check_index "the complete run"
# The first runs went into an empty index: scratch shards merged in rounds
# (see accsi_index_bulk_begin).  What the killed ones left is cleared.
if ls -d .accsearch.compact-* >/dev/null 2>&1; then
    bad "scratch folders left after the complete run: $(ls -d .accsearch.compact-*)"
else ok; fi
run timeout -k 5 300 "$ACCS" index docs
expect_out "^$N files indexed \\(0 added, 0 updated, (0 [a-z]+, )*$N unchanged\\)" "the next run finds everything unchanged"
expect_out '^0 passages written' "the next run writes nothing"
run "$ACCS" query -n 1 doc2999uniq
expect_out 'docs/d29/f2999.txt' "the last file is found"

# --- killed right after a commit, and in the middle of a batch --------------
# On a second, empty index, so there is work left whatever the machine's
# speed.  With -v the run reports each file it writes ("added") and each
# commit ("committed"); a commit it reported must survive the kill.
export ACCSEARCH_DB="$WORK/progress.db"
run "$ACCS" index --shards 1 empty   # one writer: a commit is one batch
prev=0
wait_for() {  # wait_for REGEX COUNT: until bg.err has COUNT matching lines (max 60 s)
    local i
    for i in $(seq 3000); do
        [ "$(grep -Ec -- "$1" "$WORK/bg.err")" -ge "$2" ] && return 0
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.02
    done
    return 1
}
kill_when() {  # kill_when REGEX COUNT WHAT
    local base=$prev
    start_index -v --batch 200 -j 2 docs
    if wait_for "$1" "$2"; then
        kill_index
        local commits; commits=$(grep -c '^committed$' "$WORK/bg.err")
        after_crash "$3"
        if [ "$prev" -ge $((base + commits * 200)) ]; then ok; else
            bad "$3: $prev documents, but $commits commits of 200 were reported after $base"; fi
    else
        kill_index; echo "note: the run ended before: $3"
    fi
}
kill_when '^committed$' 1 "kill -9 right after the first commit"
kill_when '^added ' 100 "kill -9 in the middle of a batch"
kill_when '^committed$' 2 "kill -9 right after the second commit"
kill_when '^added ' 300 "kill -9 in the middle of the second batch"
run timeout -k 5 300 "$ACCS" index --batch 200 -j 2 docs
expect_rc 0 "a complete run after the progress kills"
expect_eq "$(docs_in)" "$N" "every file is indexed after the progress kills"
check_index "the progress kills"
export ACCSEARCH_DB="$WORK/.accsearch"

# --- SIGKILL at chosen fsync and rename calls -----------------------------------
# An LD_PRELOAD shim counts rename() and fdatasync()/fsync() calls and kills
# the process at the Nth one: the crash lands exactly while the index is
# being created (rename 1: the first revision file) or while a commit is
# being made durable.
SHIM=""
if command -v cc >/dev/null 2>&1; then
    cat > "$WORK/crash.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
static long hits;
static void point(const char *what) {
    const char *w = getenv("CRASH_CALL");
    if (!w || strcmp(w, what) != 0) return;
    long n = atol(getenv("CRASH_N") ? getenv("CRASH_N") : "1");
    if (__atomic_add_fetch(&hits, 1, __ATOMIC_SEQ_CST) == n) raise(SIGKILL);
}
int rename(const char *a, const char *b) {
    static int (*real)(const char *, const char *);
    if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    point("rename");
    return real(a, b);
}
int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    point("fsync");
    return real(fd);
}
int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    point("fdatasync");
    return real(fd);
}
C
    # (an AddressSanitizer build accepts a preloaded library with this option)
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    if cc -shared -fPIC -O1 -o "$WORK/crash.so" "$WORK/crash.c" -ldl 2>/dev/null &&
       LD_PRELOAD="$WORK/crash.so" "$ACCS" --version >/dev/null 2>&1; then
        SHIM="$WORK/crash.so"
    fi
fi
if [ -z "$SHIM" ]; then
    echo "note: no C compiler or LD_PRELOAD does not work with this build: crash-point checks skipped"
else
    # 600 files in batches of 200: a create and three commits.
    mkdir sub; cp -r docs/d0[0-5] sub/
    for point in rename:1 rename:2 rename:3 rename:4 fdatasync:1 fdatasync:2 fdatasync:4 fdatasync:6 fdatasync:9; do
        db="$WORK/cp-${point/:/-}"
        # (in a subshell, so bash does not report the kill)
        ( CRASH_CALL=${point%:*} CRASH_N=${point#*:} LD_PRELOAD="$SHIM" \
            timeout -k 5 300 "$ACCS" index -q --batch 200 -j 2 --db "$db" sub; exit $? ) >/dev/null 2>&1
        RC=$?
        if [ "$RC" != 137 ]; then
            echo "note: crash point $point was not reached (exit $RC)"
            continue
        fi
        run timeout -k 5 300 "$ACCS" index -q --batch 200 -j 2 --db "$db" sub
        expect_rc 0 "index again after a crash at $point"
        expect_eq "$(docs_in --db "$db")" 600 "every file is indexed after a crash at $point"
        run "$ACCS" check --db "$db"
        expect_rc 0 "check after a crash at $point and a new run"
    done

    # A large file (streamed, over 4 MiB) added to an index that holds
    # files is committed every 4096 passages.  Killed in its second commit,
    # the run leaves its first passages under a provisional record: the
    # index must pass check, and the next run must write the file over
    # them, not beside them.
    mkdir large; cp docs/d00/f000*.txt large/
    run "$ACCS" index -q --db "$WORK/large.db" large
    python3 - <<'PY'
import random
random.seed(5)
w = "tuin kas bloem plant water zon regen wind stad land huis straat".split()
with open("large/groot.txt", "w") as f:
    for i in range(14000):
        f.write("groot%dqq " % i + " ".join(random.choice(w) + str(random.randrange(900))
                                           for _ in range(45)) + ".\n\n")
PY
    # kill_large N WHAT: the passages a complete update of large/ gives
    # (on a copy) in LARGE_WANT; then the update of large.db, killed at
    # the Nth fdatasync, must leave an index that passes check.
    kill_large() {
        rm -rf "$WORK/large-ref.db"
        cp -a "$WORK/large.db" "$WORK/large-ref.db"
        run timeout -k 5 300 "$ACCS" index -q --db "$WORK/large-ref.db" large
        LARGE_WANT=$(passages_in --db "$WORK/large-ref.db")
        ( CRASH_CALL=fdatasync CRASH_N=$1 LD_PRELOAD="$SHIM" \
            timeout -k 5 300 "$ACCS" index -q --no-compact --db "$WORK/large.db" large; exit $? ) >/dev/null 2>&1
        RC=$?
        expect_eq "$RC" 137 "$2: killed"
        run "$ACCS" check --db "$WORK/large.db"
        expect_rc 0 "$2: check after the kill"
    }
    # large_again WHAT: the next run writes every passage once.
    large_again() {
        run timeout -k 5 300 "$ACCS" index -q --db "$WORK/large.db" large
        expect_rc 0 "$1: index again"
        expect_eq "$(passages_in --db "$WORK/large.db")" "$LARGE_WANT" "$1: every passage once"
        run "$ACCS" check --db "$WORK/large.db"
        expect_rc 0 "$1: check after the next run"
    }
    kill_large 7 "a large file's update, killed in its second commit"
    expect_eq "$(hits --db "$WORK/large.db" groot1qq)" "large/groot.txt:3" \
        "the large file's first passages were committed before the kill"
    large_again "a large file killed in its second commit"
    expect_eq "$(hits --db "$WORK/large.db" groot1qq)" "large/groot.txt:3" "its first passage once"
    expect_eq "$(hits --db "$WORK/large.db" groot13999qq)" "large/groot.txt:27999" "its last passage"
    # The file changed throughout and doubled: its passages take the old
    # ids (the old record stands for it meanwhile), then go past them (a
    # provisional record does).  Killed in the fifth commit, after the
    # fourth went past.
    sed 's/tuin/tuim/' large/groot.txt > tweede.txt
    sed 's/groot/tweede/' large/groot.txt >> tweede.txt
    mv tweede.txt large/groot.txt
    kill_large 22 "a large file's growth, killed past its old passages"
    large_again "a large file killed past its old passages"
    expect_eq "$(hits --db "$WORK/large.db" tweede13999qq)" "large/groot.txt:55999" \
        "the grown file's last passage"
fi

# --- a full disk ------------------------------------------------------------------
mkdir small
if ! mount -t tmpfs -o size=2m tmpfs "$WORK/small" 2>/dev/null; then
    echo "note: cannot mount a tmpfs here: full-disk checks skipped"
else
    MOUNTED="$WORK/small"
    SDB="$WORK/small/idx"
    run timeout -k 5 300 "$ACCS" index -v --shards 1 --batch 200 -j 2 --db "$SDB" docs
    expect_crashfree "indexing onto a full disk"
    expect_rc 1 "a full disk gives exit 1"
    msg=$(grep -v -e '^added ' -e '^committed$' "$WORK/err")
    case "$msg" in
        *"No space left on device"*) ok ;;
        *) bad "a full disk is not named as such: $msg" ;;
    esac
    commits=$(grep -c '^committed$' "$WORK/err")
    said=$(sed -n 's/^\([0-9]*\) files indexed.*/\1/p' "$WORK/out")
    docs=$(docs_in --db "$SDB")
    expect_eq "$docs" "$((commits * 200))" "after a full disk the index holds its last commit"
    if [ -n "$said" ] && [ -n "$docs" ] && [ "$said" -le "$docs" ]; then ok; else
        bad "after a full disk the summary claims $said files indexed, the index holds $docs"; fi
    run "$ACCS" check --db "$SDB"
    expect_rc 0 "check on the full disk"
    run "$ACCS" query --db "$SDB" -n 3 garden OR tuin
    expect_rc 0 "query on the full disk"
    cp -a "$SDB" "$WORK/copy.db"
    run "$ACCS" check --db "$WORK/copy.db"
    expect_rc 0 "check on a copy of the full-disk index"
    # Still full: a second run fails the same way, and harms nothing.
    run timeout -k 5 300 "$ACCS" index --batch 200 -j 2 --db "$SDB" docs
    expect_crashfree "a second run on a full disk"
    expect_rc 1 "a second run on a full disk gives exit 1"
    expect_eq "$(docs_in --db "$SDB")" "$docs" "a second run on a full disk keeps the last commit"
    # Room again: the same index finishes the job.
    if mount -o remount,size=64m "$WORK/small" 2>/dev/null; then
        run timeout -k 5 300 "$ACCS" index --batch 200 -j 2 --db "$SDB" docs
        expect_rc 0 "index once the disk has room again"
        expect_eq "$(docs_in --db "$SDB")" "$N" "every file is indexed once there is room"
        run "$ACCS" check --db "$SDB"
        expect_rc 0 "check after the disk had room again"
    else
        echo "note: cannot grow the tmpfs: recovery checks skipped"
    fi
    umount "$WORK/small" && MOUNTED=""
fi

# --- a full disk during a first build (scratch shards merged in rounds) -------------
mkdir small2
if ! mount -t tmpfs -o size=3m tmpfs "$WORK/small2" 2>/dev/null; then
    echo "note: cannot mount a tmpfs here: full-disk checks of a first build skipped"
else
    MOUNTED="$WORK/small2"
    BDB="$WORK/small2/idx"
    run timeout -k 5 300 "$ACCS" index --batch 100 -j 2 --db "$BDB" docs
    expect_crashfree "a first build onto a full disk"
    expect_rc 1 "a first build onto a full disk gives exit 1"
    expect_err 'No space left on device' "a first build names the full disk"
    docs=$(docs_in --db "$BDB")
    said=$(sed -n 's/^\([0-9]*\) files indexed.*/\1/p' "$WORK/out")
    if [ -n "$docs" ] && [ "$docs" -le "$N" ]; then ok; else bad "a full first build left '$docs' documents"; fi
    if [ -z "$said" ] || [ "$said" -le "$docs" ]; then ok; else
        bad "after a full disk the summary claims $said files indexed, the index holds $docs"; fi
    run "$ACCS" check --db "$BDB"
    expect_rc 0 "check after a first build hit a full disk"
    if mount -o remount,size=64m "$WORK/small2" 2>/dev/null; then
        run timeout -k 5 300 "$ACCS" index --batch 100 -j 2 --db "$BDB" docs
        expect_rc 0 "a first build finishes once the disk has room"
        expect_eq "$(docs_in --db "$BDB")" "$N" "every file is indexed once there is room"
        ls -d "$BDB".compact-* >/dev/null 2>&1 && bad "scratch folders left beside the index" || ok
        run "$ACCS" check --db "$BDB"
        expect_rc 0 "check after the first build had room again"
    fi
    umount "$WORK/small2" && MOUNTED=""
fi

# tally WHERE DB CODES [ERR]: count the run just made ($RC, $WORK/err) in
# `crashed` (a signal or a sanitizer's report) or `wrong` (an exit not in
# CODES, or without ERR in its message when it is not 0); then the index
# at DB, if the run made one, must pass check.
tally() {
    if [ "$RC" -ge 128 ] || grep -q 'terminate called\|AddressSanitizer\|runtime error' "$WORK/err"; then
        crashed=$((crashed + 1))
        echo "crash $1: exit $RC: $(head -c 300 "$WORK/err")" >&2
    elif ! case " $3 " in *" $RC "*) true ;; *) false ;; esac ||
         { [ "$RC" != 0 ] && ! grep -q -- "${4:-.}" "$WORK/err"; }; then
        wrong=$((wrong + 1))
        echo "$1: exit $RC: $(head -c 300 "$WORK/err")" >&2
    fi
    [ -e "$2" ] || return 0 # too full to begin one
    run "$ACCS" check --db "$2"
    [ "$RC" = 0 ] || { wrong=$((wrong + 1)); echo "check $1: $(head -c 300 "$WORK/err")" >&2; }
}

# --- the disk fills at every point of a commit -------------------------------------
# Where the disk runs out depends on its size and on how the two writers
# interleave; a commit that ran out while Xapian wrote its values used to
# end the process (abort).  Many sizes reach many points.
mkdir small3
if ! mount -t tmpfs -o size=1m tmpfs "$WORK/small3" 2>/dev/null; then
    echo "note: cannot mount a tmpfs here: full-disk sweep skipped"
else
    MOUNTED="$WORK/small3"
    crashed=0 wrong=0
    # Each size gave a crash with the old fault in about one run of
    # twenty; sixty sizes find it nineteen times in twenty.  A sanitizer
    # build, five times slower, takes every third size: it looks for
    # memory errors on the failure paths, which these reach as well.
    step=100
    grep -q __asan_init "$ACCS" && step=300
    for kb in $(seq 1000 $step 6900); do
        mount -o remount,size=${kb}k "$WORK/small3" 2>/dev/null || continue
        rm -rf "$WORK/small3/idx"*
        set -- --batch 100 -j 2
        # Every fourth size writes the index itself, not scratch shards.
        [ $((kb % 400)) = 0 ] && set -- --batch 300 -j 2 --shards 1
        run timeout -k 5 300 "$ACCS" index "$@" --db "$WORK/small3/idx" docs
        tally "at ${kb} KB ($*)" "$WORK/small3/idx" "0 1"
    done
    expect_eq "$crashed" 0 "no run on a filling disk crashes"
    expect_eq "$wrong" 0 "every run on a filling disk ends in success or exit 1, and check passes"

    # An update that changes every file, with twice the index's size free
    # (it grows by about its size: the blocks it changes are written anew
    # until it commits): the room set aside for its values must not make
    # it fail.
    mount -o remount,size=64m "$WORK/small3"
    rm -rf "$WORK/small3/idx"* "$WORK/upd"
    cp -a docs "$WORK/upd"
    run "$ACCS" index --db "$WORK/small3/idx" "$WORK/upd"
    expect_rc 0 "index the copy to update"
    used=$(du -sk "$WORK/small3" | cut -f1)
    mount -o remount,size=$((used * 3))k "$WORK/small3"
    for f in "$WORK"/upd/*/*.txt; do echo "changed again" >>"$f"; done
    run "$ACCS" index --no-compact --db "$WORK/small3/idx" "$WORK/upd"
    expect_rc 0 "an update of every file with twice the index's size free"
    expect_eq "$(docs_in --db "$WORK/small3/idx")" "$N" "the update kept every file"

    # Room for the update but not for the packed copy: the update is
    # committed, and the message says that only the compaction failed.
    used=$(du -sk "$WORK/small3" | cut -f1)
    mount -o remount,size=$((used + 3072))k "$WORK/small3"
    for f in "$WORK"/upd/d00/*.txt; do echo "and once more" >>"$f"; done
    run "$ACCS" index --compact --db "$WORK/small3/idx" "$WORK/upd"
    expect_rc 1 "a compaction onto a full disk fails"
    expect_err 'compacting failed, the index is up to date but not compacted' \
        "a failed compaction says the update is kept"
    ls -d "$WORK/small3/idx".compact-* >/dev/null 2>&1 && bad "a failed compaction left its copy" || ok
    run "$ACCS" query --db "$WORK/small3/idx" -n 1 '"and once more"'
    expect_out '^1\.' "the update before a failed compaction is searchable"
    check_index "a compaction failed" --db "$WORK/small3/idx"
    umount "$WORK/small3" && MOUNTED=""
fi

# --- a file size limit (ulimit -f) -----------------------------------------------
# Past the limit a write fails as on a full disk (the command ignores
# SIGXFSZ), whether a table grows or the room for its values is taken.
crashed=0 wrong=0
for kb in 150 400 700 1000 1300 1600 1900 2200 2500 2800; do
    rm -rf "$WORK/limited"
    (ulimit -f "$kb" && exec "$ACCS" index --batch 100 -j 2 --db "$WORK/limited" docs) \
        >"$WORK/out" 2>"$WORK/err"
    RC=$?
    tally "with a limit of ${kb} KB" "$WORK/limited" 1 'File too large'
done
expect_eq "$crashed" 0 "no run past a file size limit crashes"
expect_eq "$wrong" 0 "every run past a file size limit ends in exit 1, naming the limit, and check passes"
finish
