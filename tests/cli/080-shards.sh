#!/bin/bash
# Shards and remote indexes: one global BM25 over several indexes, sharded
# indexing, and Xapian's remote backend on loopback (xapian-tcpsrv).
. "$(dirname "$0")/lib.sh"
index_corpus   # the single reference index, $ACCSEARCH_DB

# compare_json A B: same hits (path, passage), same order, same scores.
compare_json() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
ka = [(h["path"], h["passage"]) for h in a["hits"]]
kb = [(h["path"], h["passage"]) for h in b["hits"]]
assert ka == kb, [(i, x, y) for i, (x, y) in enumerate(zip(ka, kb)) if x != y][:4]
for x, y in zip(a["hits"], b["hits"]):
    assert abs(x["score"] - y["score"]) < 1e-6 * max(1, abs(x["score"])), (x["score"], y["score"])
assert a["hits"], "no hits to compare"
PY
}
# The hyphenated ones: the stems of a hyphenated word's parts once made
# an OP_MAX inside the word's OP_MAX, which crashed a sharded search (seen
# under AddressSanitizer).
QUERIES=("Genève" "cyberaanvallen op ziekenhuizen" "Brad Smith digital Geneva convention" '"Tech Accord"' "NotPetya OR WannaCry"
         "cyber-security attack" "tech-bedrijven digital-Geneva")
# Two separate indexes, each with half the files, searched as one.
mkdir half-a half-b
i=0
for f in corpus/*; do
    if [ $((i % 2)) = 0 ]; then cp "$f" half-a/; else cp "$f" half-b/; fi
    i=$((i + 1))
done
"$ACCS" index -q --db "$WORK/A" half-a >/dev/null
"$ACCS" index -q --db "$WORK/B" half-b >/dev/null
mkdir both && cp half-a/* half-b/* both/ && "$ACCS" index -q --db "$WORK/AB" both >/dev/null
for q in "${QUERIES[@]}"; do
    "$ACCS" query --json -n 20 --db "$WORK/AB" "$q" | sed 's#"both/#"X/#' > one.json
    "$ACCS" query --json -n 20 --db "$WORK/A" --db "$WORK/B" "$q" | sed 's#"half-[ab]/#"X/#' > two.json
    compare_json one.json two.json && ok || bad "two indexes rank [$q] as one"
done

# A sharded index: --shards 3 spreads the files; --db DIR opens them all.
run "$ACCS" index --shards 3 --db "$WORK/sharded" corpus
expect_rc 0 "index into 3 shards"
[ -d "$WORK/sharded/shard-2" ] && ok || bad "shard folders exist"
for q in "${QUERIES[@]}"; do
    "$ACCS" query --json -n 20 "$q" > one.json
    "$ACCS" query --json -n 20 --db "$WORK/sharded" "$q" > three.json
    compare_json one.json three.json && ok || bad "3 shards rank [$q] as one index"
done
# Facets count the same documents and passages over shards as over one.
facets_of() { "$ACCS" query --facets --json -n 1 "$@" | python3 -c '
import json, sys; print(json.dumps(json.load(sys.stdin)["facets"], sort_keys=True))'; }
expect_eq "$(facets_of --db "$WORK/sharded" cyber)" "$(facets_of cyber)" "facets over 3 shards"
run "$ACCS" status --db "$WORK/sharded"
expect_out '^documents: +28$' "the shards hold every document once"
run "$ACCS" check --db "$WORK/sharded"
expect_rc 0 "check a sharded index"
# Incremental indexing and deletion stay correct per shard.
run "$ACCS" index --db "$WORK/sharded" corpus
expect_out '28 unchanged' "re-indexing a sharded index changes nothing"
rm corpus/rose-garden-pests-en.txt corpus/fietsen-in-nederland-nl.md
run "$ACCS" index --db "$WORK/sharded" corpus
expect_out '2 removed' "deletions reach the right shards"
run "$ACCS" status --db "$WORK/sharded"
expect_out '^documents: +26$' "26 documents left"
run "$ACCS" check --db "$WORK/sharded"
expect_rc 0 "check after deletions"
run "$ACCS" index --shards 2 --db "$WORK/sharded" corpus
expect_rc 1 "a different shard count is refused"
expect_err 'already has 3 shards' "the refusal says why"

# Many queries over shards, none may crash (OP_MAX needs its guard in
# every shard).
n=0; crashes=0
while read -r q; do
    n=$((n + 1))
    "$ACCS" query -n 10 --db "$WORK/sharded" "$q" >/dev/null 2>&1
    [ $? -ge 128 ] && crashes=$((crashes + 1))
done < <(grep -v '^#' "$SRC/data/synonyms.txt" | head -150 | tr '|' '\n' | sed 's/^ *//; s/ *$//' | grep . | head -300)
expect_eq "$crashes" 0 "$n queries over shards"

# Remote: three servers on loopback, each serving one shard.
python3 - <<'PY'
import random
random.seed(7)
words = ("verdrag akkoord bedrijven aanval cyberaanval beveiliging Genève regering burgers "
         "treaty agreement companies attack security government citizens network data "
         "privacy ziekenhuis hospital ransomware update lek vulnerability").split()
import os
os.makedirs("gen", exist_ok=True)
for i in range(300):
    with open("gen/doc%03d.txt" % i, "w") as f:
        for p in range(3):
            f.write(" ".join(random.choice(words) for _ in range(40)) + ".\n\n")
PY
"$ACCS" index -q --db "$WORK/gen-one" gen >/dev/null
"$ACCS" index -q --shards 3 --db "$WORK/gen-sh" gen >/dev/null
PIDS=()
cleanup_servers() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap 'cleanup_servers; chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
PORTS=($(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))'))
for i in 0 1 2; do
    "$ACCS" serve --db "$WORK/gen-sh/shard-$i" --listen "127.0.0.1:${PORTS[$i]}" \
        </dev/null >"$WORK/serve-$i.log" 2>&1 &
    PIDS+=($!)
done
REMOTE=()
for i in 0 1 2; do REMOTE+=(--db "tcp://127.0.0.1:${PORTS[$i]}"); done
# Wait until all three answer (at most 10 s).
for try in $(seq 1 50); do
    "$ACCS" query -n 1 "${REMOTE[@]}" verdrag >/dev/null 2>&1 && break
    sleep 0.2
done
for q in "verdrag" "cyberaanval ziekenhuis" "security update" '"treaty agreement"'; do
    "$ACCS" query --json -n 15 --db "$WORK/gen-one" "$q" > one.json || echo "local query failed ($?)" >&2
    "$ACCS" query --json -n 15 "${REMOTE[@]}" "$q" > remote.json 2> remote.err || echo "remote query failed ($?): $(cat remote.err)" >&2
    compare_json one.json remote.json && ok || bad "3 remote shards rank [$q] as one index"
done
expect_eq "$(facets_of "${REMOTE[@]}" verdrag)" "$(facets_of --db "$WORK/gen-one" verdrag)" \
    "facets over 3 remote shards"
run "$ACCS" query -n 3 "${REMOTE[@]}" verdrag
expect_out '\[verdrag\]' "remote hits are highlighted (text travels with the document)"

# Stop one server: a clear error naming it, or a partial answer.
kill "${PIDS[1]}"; wait "${PIDS[1]}" 2>/dev/null
sleep 0.3
run "$ACCS" query "${REMOTE[@]}" verdrag
expect_rc 1 "a shard that is down is an error"
expect_err "tcp://127.0.0.1:${PORTS[1]}" "the error names the missing shard"
run "$ACCS" query --allow-partial "${REMOTE[@]}" verdrag
expect_rc 0 "--allow-partial answers from the others"
expect_err "no answer from tcp://127.0.0.1:${PORTS[1]}" "and says which shard was missing"
expect_out '\[verdrag\]' "partial results are shown"
run "$ACCS" query --allow-partial --json "${REMOTE[@]}" verdrag
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["missing_shards"] == sys.argv[2], d.get("missing_shards")
assert d["hits"]' "$WORK/out" "tcp://127.0.0.1:${PORTS[1]}" && ok || bad "missing shard in JSON"
cleanup_servers
PIDS=()
finish
