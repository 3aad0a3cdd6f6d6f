#!/bin/bash
# Indexing corpus/: summary, re-indexing, status and check.
. "$(dirname "$0")/lib.sh"
cp -r "$SRC/corpus" corpus; chmod -R u+w corpus
echo "skip me" > corpus/photo.png
mkdir corpus/.hidden && echo "verborgenwoordxq tekst" > corpus/.hidden/secret.txt

run "$ACCS" index corpus
expect_rc 0 "index corpus"
expect_out '^28 files indexed \(28 added' "summary counts the 28 documents"
expect_out 'skipped 1: unsupported file type' "other files are skipped with a reason"
expect_out 'passages written' "summary gives passages"
[ -d .accsearch ] && ok || bad "default index folder .accsearch"
check_index "first run"

run "$ACCS" status
expect_rc 0 "status"
expect_out '^documents: +28$' "status counts documents"
expect_out 'passages: +[0-9]+ \(nl [1-9][0-9]*, en [1-9][0-9]*\)' "status counts languages"
expect_out 'analysis: +accs-analysis' "status shows the analysis version"

run "$ACCS" query verborgenwoordxq
expect_out 'No passages match' "hidden files are not indexed"

run "$ACCS" index corpus
expect_rc 0 "second run"
expect_out '28 unchanged' "a second run finds nothing changed"
expect_out '^0 passages written' "a second run writes nothing"

# A file touched but not changed keeps its passages (only its record's
# time stamp is refreshed).
touch corpus/appel-van-parijs-nl.html
run "$ACCS" index corpus
expect_out '28 unchanged' "a touched file counts as unchanged"
run "$ACCS" query -n 50 "Appel van Parijs"
expect_out 'appel-van-parijs-nl.html' "a touched file is still found"
check_index "touched file"

# Compaction: a first run compacts (it changed everything), an unchanged
# run does not, and --compact / --no-compact decide.
run "$ACCS" index --db fresh.idx corpus
expect_out 'index compacted' "a first run compacts the new index"
check_index "compacted index" --db fresh.idx
run "$ACCS" index --db fresh.idx --compact corpus
expect_no_out 'index compacted' "nothing changed, nothing to compact"
run "$ACCS" query --db fresh.idx -n 3 Genève
expect_out '000_3a45fcfcf987b7e2.txt' "a compacted index answers"
# A first run writes scratch shards in parallel and merges them; it must
# give the same index as one writer alone.  With batches of one file it
# merges in rounds (after 10 files, then 30) and seals a shard after
# every 4 files it wrote.
run "$ACCS" index -j 1 --db serial.idx corpus
run "$ACCS" index -j 3 --batch 1 --db bulk.idx corpus
expect_out 'index compacted' "a parallel first run merges its shards"
# Four workers hand Dutch and English files to each other in two pairs.
run "$ACCS" index -j 4 --db bulk4.idx corpus
for q in Genève "cyber attacks" fietsen 'digitaal NEAR verdrag'; do
    a=$("$ACCS" query --db serial.idx -n 20 --json "$q" | grep -E '"(score|path|passage)"')
    for db in bulk.idx bulk4.idx; do
        b=$("$ACCS" query --db $db -n 20 --json "$q" | grep -E '"(score|path|passage)"')
        [ -n "$a" ] && [ "$a" = "$b" ] && ok || bad "bulk ($db) and serial builds rank '$q' alike"
    done
done
check_index "a bulk build in rounds" --db bulk.idx
check_index "a bulk build of four workers" --db bulk4.idx
run "$ACCS" index --db nocompact.idx --no-compact corpus
expect_no_out 'index compacted' "--no-compact leaves the index as written"
run "$ACCS" index --db nocompact.idx --compact --full -v corpus
expect_err 'compacting the index' "--compact -v says so"
expect_out 'index compacted' "--full --compact compacts"
ls -d nocompact.idx.compact-* >/dev/null 2>&1 && bad "no copy left behind" || ok
check_index "after --compact" --db nocompact.idx
# An index of an older format is refused with the way out, and that way
# out works: --full rebuilds it with this format's stamps.
run "$ACCS" index --db old.idx -q corpus
xapian-metadata set old.idx accs.format 6
run "$ACCS" index --db old.idx corpus
expect_rc 1 "an index of another format is refused"
expect_err "index --full" "the refusal says how to rebuild"
run "$ACCS" index --db old.idx --full corpus
expect_rc 0 "--full rebuilds an index of another format"
run "$ACCS" query --db old.idx -n 3 "Genève"
expect_rc 0 "the rebuilt index can be searched"
expect_out '000_3a45fcfcf987b7e2.txt' "the rebuilt index finds the seed article"
check_index "a rebuild from another format" --db old.idx
# accsearch compact: any time, also on a sharded index; never creates one.
run "$ACCS" index --db grown.idx --no-compact --batch 3 corpus
run "$ACCS" compact --db grown.idx
expect_rc 0 "compact"
expect_out '^compacted grown.idx: [0-9.]+ MB -> [0-9.]+ MB$' "compact reports the sizes"
before=$(sed -n 's/.*: \([0-9.]*\) MB -> .*/\1/p' "$WORK/out")
after=$(sed -n 's/.* -> \([0-9.]*\) MB$/\1/p' "$WORK/out")
python3 -c "import sys; sys.exit(0 if $after < $before else 1)" && ok || bad "compaction shrank the index ($before -> $after MB)"
check_index "compact" --db grown.idx
run "$ACCS" query --db grown.idx -n 3 Genève
expect_out '000_3a45fcfcf987b7e2.txt' "a compacted index answers"
run "$ACCS" index --db sharded.idx --shards 2 --no-compact corpus
run "$ACCS" compact --db sharded.idx
expect_rc 0 "compact a sharded index"
check_index "compacting shards" --db sharded.idx
run "$ACCS" compact --db missing.idx
expect_rc 1 "compact without an index fails"
expect_err 'no index at missing.idx' "and says so"
[ -e missing.idx ] && bad "compact created an index" || ok

# Indexing again replaces a changed document instead of adding a copy.
printf '\nA new paragraph about zeppelinvaart boven Genève.\n' >> corpus/000_3a45fcfcf987b7e2.txt
run "$ACCS" index corpus
expect_out '1 updated' "a changed file is re-indexed"
run "$ACCS" query zeppelinvaart
expect_out '000_3a45fcfcf987b7e2.txt' "the new text is found"
n=$(hits Tientallen | grep -c 000_3a45)
expect_eq "$n" 1 "the old passages were replaced, not duplicated"
check_index "update"

rm corpus/rose-garden-pests-en.txt
run "$ACCS" index corpus
expect_out '1 removed' "a deleted file is removed"
run "$ACCS" query aphids
expect_no_out 'rose-garden' "the deleted file's passages are gone"
check_index "removal"

mv corpus/fietsen-in-nederland-nl.md corpus/fietsen.md
run "$ACCS" index corpus
expect_out '1 renamed' "a moved file is reported as renamed"
expect_out ' 0 removed' "and not as removed"
run "$ACCS" query -n 50 --no-synonyms fiets
expect_out 'corpus/fietsen.md' "the moved file is found under its new name"
expect_no_out 'fietsen-in-nederland' "and not under the old one"
check_index "rename"

run "$ACCS" index --progress=json corpus
expect_err '"files_total":27' "progress reports the total found by a first pass"
expect_err '"done":true' "and a final line"

# --db and ACCSEARCH_DB choose the index.
run "$ACCS" index --db "$WORK/other" corpus/000_3a45fcfcf987b7e2.txt
expect_rc 0 "index one file into --db"
run env ACCSEARCH_DB="$WORK/other" "$ACCS" status
expect_out '^documents: +1$' "ACCSEARCH_DB selects the index"
finish
