#!/bin/bash
# --json output: one valid object with the documented fields.
. "$(dirname "$0")/lib.sh"
index_corpus
run "$ACCS" query --json -n 3 "Genève"
expect_rc 0 "query --json"
if python3 - "$WORK/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["query"] == "Genève", d["query"]
assert d["total"] >= 3
assert len(d["hits"]) == 3
keys = {"rank", "score", "path", "passage", "line", "byte_start", "byte_end",
        "title", "date", "lang", "text", "snippet", "matches"}
for i, h in enumerate(d["hits"]):
    assert keys <= set(h), keys - set(h)
    assert h["rank"] == i + 1
    assert h["byte_end"] >= h["byte_start"]
    assert h["matches"], "every hit has a match"
    for m in h["matches"]:
        word = h["text"].encode()[m["start"]:m["end"]].decode()
        assert word.lower() in ("genève", "geneve", "geneva", "genf", "geneefse", "geneefs"), word
    # The byte range points into the source file at the passage.
    src = open(h["path"], "rb").read()
    assert h["byte_end"] <= len(src)
first = d["hits"][0]
assert first["path"].endswith("000_3a45fcfcf987b7e2.txt"), first["path"]
assert first["date"] == "2018-04" and first["lang"] == "nl"
src = open(first["path"], "rb").read()[first["byte_start"]:first["byte_end"]].decode()
assert "verdrag van Genève" in src, src
PY
then ok; else bad "JSON fields"; fi

run "$ACCS" query --json xyzzyplugh
expect_rc 0 "no hits in JSON"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["hits"]==[] and d["total"]==0' "$WORK/out" && ok || bad "empty JSON result"

run "$ACCS" query --json Geneeve
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["suggestion"]=="geneve", d["suggestion"]' "$WORK/out" && ok || bad "suggestion in JSON"
finish
