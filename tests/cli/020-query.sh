#!/bin/bash
# Querying: diacritics, stemming, phrases, boolean operators, languages.
. "$(dirname "$0")/lib.sh"
index_corpus

seed=$(first_hit "Genève")
case "$seed" in corpus/000_3a45fcfcf987b7e2.txt:*) ok ;; *) bad "Genève: first hit $seed is not the seed";; esac
run "$ACCS" query -n 1 "Genève"
expect_out 'verdrag van \[Genève\]' "the seed's Genève passage is highlighted"
for q in Geneve GENÈVE genève; do
    expect_eq "$(first_hit "$q")" "$seed" "$q gives the same first hit as Genève"
done

# A title that is also the first line of the passage is printed once;
# a passage further down still shows its document's title.
run "$ACCS" query -n 1 '"long weekend in Geneva" lake'
expect_eq "$(grep -c 'weekend' "$WORK/out")" 1 "a title that opens the passage is not repeated"
run "$ACCS" query -n 1 "Henry Dunant Solferino"
expect_out '^   Van Solferino tot 2005' "a later passage shows its document's title"

# Dutch stemming: singular finds plural and back.
run "$ACCS" query --no-synonyms aanval
expect_out '\[aanvallen\]' "aanval finds aanvallen"
run "$ACCS" query --no-synonyms bedrijf
expect_out '\[bedrijven\]' "bedrijf finds bedrijven"
run "$ACCS" query --no-synonyms bedrijven
expect_out '\[bedrijf\]' "bedrijven finds bedrijf"
# English stemming.
run "$ACCS" query --no-synonyms attacked
expect_out '\[attacks?\]' "attacked finds attack(s)"
run "$ACCS" query --no-synonyms companies
expect_out '\[company\]' "companies finds company"

# Phrases match adjacent words only.
run "$ACCS" query -n 50 '"digitaal verdrag van Genève"'
expect_out '000_3a45fcfcf987b7e2' "a phrase finds the seed"
expect_no_out 'geneva-lake-travel' "a phrase does not match scattered words"
run "$ACCS" query '"verdrag digitaal"'
expect_out 'No passages match' "word order matters in a phrase"

# Exclusion.
a=$(hits Geneva | grep -c geneva-lake-travel)
[ "$a" -ge 1 ] && ok || bad "Geneva finds the travel text"
expect_eq "$(hits 'Geneva -lake' | grep -c geneva-lake-travel)" 0 "-lake excludes the lake passages"
expect_eq "$(hits 'akkoord NOT cao' | grep -c cao-akkoord)" 0 "NOT excludes"
# OR and AND.
o=$(hits 'WannaCry OR NotPetya' | grep -c -e wannacry -e notpetya)
[ "$o" -ge 4 ] && ok || bad "OR finds both ($o hits)"
run "$ACCS" query -n 50 'Maersk AND Merck'
expect_out 'notpetya' "AND finds passages with both words"
run "$ACCS" query -n 50 '(Maersk OR Merck) AND Oekraïne'
expect_rc 0 "parentheses combine"

# Hyphenated words match whole and by parts.
run "$ACCS" query -n 50 RSA-conferentie
expect_out '\[RSA\]-\[conferentie\]|\[RSA-conferentie\]' "RSA-conferentie matches as a whole"
run "$ACCS" query -n 50 --no-synonyms conferentie
expect_out 'RSA-\[conferentie\]' "conferentie finds RSA-conferentie"

# Language: --lang and lang: filters.
run "$ACCS" query -n 20 'cyberattacks lang:en'
expect_no_out '\(score [0-9.]+, nl' "lang:en keeps English passages only"
run "$ACCS" query -n 20 'lang:nl Tech Accord'
expect_no_out '\(score [0-9.]+, en' "lang:nl keeps Dutch passages only"
run "$ACCS" query --lang nl aanvallen
expect_rc 0 "--lang nl"
run "$ACCS" query --lang de aanvallen
expect_rc 2 "--lang with an unknown language is a usage error"

# Per-document collapse: at most two passages per document by default.
m=$(hits Genève | sort | cut -d: -f1 | uniq -c | awk '$1 > 2' | wc -l)
expect_eq "$m" 0 "at most 2 passages per document"
m=$(hits --per-doc 1 Genève | cut -d: -f1 | sort | uniq -d | wc -l)
expect_eq "$m" 0 "--per-doc 1"

# Synonyms across languages, weighted below the word itself.
run "$ACCS" query -n 50 Geneva
expect_out '000_3a45fcfcf987b7e2.txt:11' "Geneva finds the seed's Genève passage"
run "$ACCS" query -n 50 --no-synonyms Geneva
expect_no_out '000_3a45fcfcf987b7e2.txt' "--no-synonyms switches that off"
printf 'zeppelin | verdrag\n' > my-synonyms.txt
run "$ACCS" query -n 50 --synonyms my-synonyms.txt zeppelin
expect_out '000_3a45fcfcf987b7e2.txt' "a user synonym file adds groups"
run "$ACCS" query --synonyms does-not-exist.txt Genève
expect_rc 1 "a missing synonym file is an error"

# Compound parts: found, below exact matches.
run "$ACCS" query -n 50 --no-synonyms beveiliging
expect_out '\[internetbeveiliging\]' "beveiliging finds internetbeveiliging"
first=$(first_hit --no-synonyms aanvallen)
run "$ACCS" query -n 1 --no-synonyms aanvallen
expect_out '\[aanvallen\]' "an exact match ranks above compound-only passages ($first)"
run "$ACCS" query -n 50 --no-synonyms aanval
expect_out '\[cyberaanvallen\]' "a compound found by its part is marked (aanval: cyberaanvallen)"
# Also where the word is common and its compound rare, which by BM25
# alone would weigh four times as much: a part counts 0.7 of its word.
mkdir -p cap
for i in $(seq 1 12); do
    printf 'Het verdrag werd in zitting %s besproken door de ministers.\n' "$i" >"cap/v$i.txt"
done
printf 'Het handelsverdrag werd in zitting 99 besproken door de ministers.\n' >cap/h.txt
"$ACCS" index -q --db cap.db cap >/dev/null 2>&1
expect_eq "$(hits --db cap.db --no-synonyms verdrag | wc -l)" 13 "verdrag: the word and its compound"
expect_eq "$(hits --db cap.db --no-synonyms verdrag | tail -n 1)" "cap/h.txt:1" \
    "a rare compound ranks below its common word"
run "$ACCS" query --db cap.db --explain --no-synonyms verdrag
expect_out 'SCALE: score times 0\.[0-6][0-9] \(0\.70, lowered' "explain: the part's lowered weight"
# A compound written closed, hyphenated or apart: each spelling finds all
# three, its own first.
mkdir -p spell
printf 'De regering investeert in cyberveiligheid van het land.\n' >spell/closed.txt
printf 'De regering investeert in cyber-veiligheid van het land.\n' >spell/hyphen.txt
printf 'De regering investeert in cyber veiligheid van het land.\n' >spell/open.txt
"$ACCS" index -q --db spell.db spell >/dev/null 2>&1
for q in cyberveiligheid cyber-veiligheid "cyber veiligheid"; do
    expect_eq "$(hits --db spell.db "$q" | sort | tr '\n' ' ')" \
        "spell/closed.txt:1 spell/hyphen.txt:1 spell/open.txt:1 " "$q finds every spelling"
done
expect_eq "$(first_hit --db spell.db cyberveiligheid)" "spell/closed.txt:1" \
    "cyberveiligheid: the closed form first"
expect_eq "$(first_hit --db spell.db "cyber veiligheid")" "spell/closed.txt:1" \
    "cyber veiligheid: the compound holds both words"
run "$ACCS" query --db spell.db -n 3 cyberveiligheid
expect_out '\[cyber\]-\[veiligheid\]' "the hyphenated spelling is marked"
# Two words typed apart find the compound they make.
run "$ACCS" query -n 1 "internet beveiliging"
expect_out '\[internetbeveiliging\]' "internet beveiliging finds internetbeveiliging first"
run "$ACCS" query --explain -n 1 "internet beveiliging"
expect_out '^ +\(two words of the query written as one compound\)$' "explain: the joined words"
expect_out '^ +\(inside a compound, where no other form of the word is\)$' "explain: a compound part"

# Spelling suggestions from the indexed words.
for pair in "Geneeve:geneve" "cybersecurty:cybersecurity" "akord:(akkoord|accord)"; do
    q=${pair%%:*}; want=${pair#*:}
    run "$ACCS" query "$q"
    expect_out "Did you mean: .*$want" "$q suggests $want"
done

# A trailing '*': the indexed words that start with what comes before it,
# highlighted, and never "corrected".
run "$ACCS" query -n 50 'cyberaanv*'
expect_out '\[cyberaanvallen\]' "cyberaanv* finds cyberaanvallen"
run "$ACCS" query -n 50 'ransomw* lang:en'
expect_out '\[ransomware\]' "ransomw* finds ransomware"
run "$ACCS" query -n 50 'Genè*'
expect_out '\[Genève\]' "Genè* finds and highlights Genève (folded, as any word)"
expect_out '\[Geneva\]' "Genè* finds Geneva"
run "$ACCS" query -n 100 --json 'cyber* -cyberaanv*'
python3 -c '
import json, sys
hits = json.load(open(sys.argv[1]))["hits"]
assert len(hits) > 10, len(hits)
assert all("cyber" in h["text"].lower() for h in hits)
assert not any("cyberaanv" in h["text"].lower() for h in hits)' "$WORK/out" \
    && ok || bad "cyber* -cyberaanv*: cyber words, but no passage with cyberaanvallen"
# A wildcard stands for no stopword: "th*" is not "the", "de*" not "de";
# where the prefix begins stopwords only, they are what it means.
run "$ACCS" query -n 20 'th*'
expect_out '\[(thousands|thick|third|threat|through)\]' "th* finds words"
expect_no_out '\[[Tt]he\]|\[[Tt]his\]' "th* does not stand for the"
run "$ACCS" query -n 20 'de*'
expect_out '\[(deel|democratie|developers?|december)\]' "de* finds words"
expect_no_out '\[[Dd]e\]|\[[Dd]eze\]' "de* does not stand for de"
mkdir -p stop
printf 'Dit is de tekst.\n' >stop/a.txt
"$ACCS" index -q --db stop.db stop >/dev/null 2>&1
expect_eq "$(hits --db stop.db 'de*')" "stop/a.txt:1" "a prefix of stopwords only finds them"
run "$ACCS" query 'geneeve*'
expect_no_out 'Did you mean' "a wildcard word is not corrected"
run "$ACCS" query 'x*'
expect_rc 2 "one letter before '*' is a usage error"
expect_err "a wildcard needs at least two letters" "the message says why"

# path: the passages of the files at or under a path, as shown (relative
# to the current folder) or absolute; whole names only.
mkdir -p pth/notes/2018 pth/notes-old pth/other
printf 'Een notitie over het verdrag padwoordqq in 2018.\n' > pth/notes/2018/a.txt
printf 'Een notitie over het verdrag padwoordqq, ouder.\n' > pth/notes/b.txt
printf 'Een oude notitie over het verdrag padwoordqq.\n' > pth/notes-old/c.txt
printf 'Iets anders over het verdrag padwoordqq.\n' > 'pth/other/d e.txt'
"$ACCS" index -q --db pth.db pth >/dev/null 2>&1
phits() { "$ACCS" query --db "$WORK/pth.db" -n 50 -- "$@" 2>/dev/null | sed -n 's/^[0-9]*\. \([^:]*\):.*/\1/p' | sort | tr '\n' '|'; }
expect_eq "$(phits 'padwoordqq path:pth/notes')" "pth/notes/2018/a.txt|pth/notes/b.txt|" "path: a folder and everything under it, not notes-old"
expect_eq "$(phits 'padwoordqq path:./pth/notes/2018/')" "pth/notes/2018/a.txt|" "path: with ./ and a trailing slash"
expect_eq "$(phits 'padwoordqq path:pth/notes/b.txt')" "pth/notes/b.txt|" "path: one file"
expect_eq "$(phits "padwoordqq path:$WORK/pth/notes-old")" "pth/notes-old/c.txt|" "path: an absolute path"
expect_eq "$(phits 'padwoordqq path:"pth/other/d e.txt"')" "pth/other/d e.txt|" "path: a quoted path with a space"
expect_eq "$(phits 'padwoordqq -path:pth/notes')" "pth/notes-old/c.txt|pth/other/d e.txt|" "-path: leaves a folder out"
expect_eq "$(phits 'padwoordqq path:pth/notes-old path:pth/other')" "pth/notes-old/c.txt|pth/other/d e.txt|" "two paths: either"
expect_eq "$(phits 'padwoordqq path:pth/not')" "" "path: matches whole names"
expect_eq "$(phits 'padwoordqq path:pth/notes lang:en')" "" "path: and lang: must both hold"
expect_eq "$(cd pth/notes && phits 'padwoordqq path:2018')" "2018/a.txt|" "path: relative to the current folder"
expect_eq "$(cd pth/notes && phits 'padwoordqq path:./')" "2018/a.txt|b.txt|" "path:./ is the current folder"
expect_eq "$(cd pth/notes && phits 'padwoordqq path:../other')" "$(cd pth && pwd -P)/other/d e.txt|" "path: with .."
run "$ACCS" query --db pth.db 'padwoordqq path:'
expect_rc 2 "an empty path: is a usage error"
expect_err 'path: needs a file or folder' "the empty path: is explained"

# date: the documents dated in a year, month, day or span (corpus/ has
# dates from front matter, HTML and the seed's "date 2018-04").
dates() {  # dates QUERY: the distinct dates of the hits, sorted
    "$ACCS" query --json -n 100 -- "$@" | python3 -c '
import json, sys
print(" ".join(sorted({h["date"] or "-" for h in json.load(sys.stdin)["hits"]})))'
}
expect_eq "$(dates 'attack date:2017')" "2017-12-20" "date: a year"
expect_eq "$(dates 'akkoord date:2018-04')" "2018-04 2018-04-17 2018-04-18 2018-04-21" "date: a month, with a document dated by month"
expect_eq "$(dates 'akkoord date:2018-04-17')" "2018-04 2018-04-17" "date: a day, and the month-dated document that may hold it"
expect_eq "$(dates 'attack date:2017..2018-03')" "2017-12-20 2018-02-16 2018-03-05" "date: a span whose end takes in its whole month"
expect_eq "$(dates 'attack date:2019..')" "2019-05-28 2019-10-02 2020-04-17" "date: open at the end"
# Dates in words, Dutch or English, and relative to today.
expect_eq "$(dates 'akkoord date:"april 2018"')" "2018-04 2018-04-17 2018-04-18 2018-04-21" "date: a month in words"
expect_eq "$(dates 'akkoord date:"17 april 2018"')" "2018-04 2018-04-17" "date: a Dutch day"
expect_eq "$(dates 'akkoord date:"April 17, 2018"')" "2018-04 2018-04-17" "date: an English day"
expect_eq "$(dates 'attack date:"december 2017..maart 2018"')" "2017-12-20 2018-02-16 2018-03-05" "date: a span in words"
expect_eq "$(ACCSEARCH_TODAY=2018-05-16 dates '(cyber OR aanval) date:"vorige week"')" "2018-05-12" "date: last week"
expect_eq "$(ACCSEARCH_TODAY=2019-01-10 dates 'attack date:"vorig jaar"' | tr ' ' '\n' | cut -c1-4 | sort -u | tr '\n' ' ')" "2018 " "date: last year"
run "$ACCS" query 'akkoord date:"31 februari 2018"'
expect_rc 2 "an impossible date"
expect_err 'date:"17 april 2018"' "the error shows dates in words"
# --sort newest / oldest: hits in date order, undated ones last, the
# passages of one document together.
order() {  # order SORT QUERY: the dates of the hits in their order
    "$ACCS" query --json -n 40 --sort "$1" -- "$2" | python3 -c '
import json, sys
print(" ".join(h["date"] or "-" for h in json.load(sys.stdin)["hits"]))'
}
newest=$(order newest cyber)
expect_eq "$(printf '%s\n' $newest | grep -v -- - | sort -r | tr '\n' ' ')" \
    "$(printf '%s\n' $newest | grep -v -- - | tr '\n' ' ')" "--sort newest: newest first"
expect_eq "$(printf '%s\n' $newest | sed -n '1p')" "2020-04-17" "--sort newest: the newest document first"
expect_eq "$(printf '%s\n' $newest | tail -n 1)" "-" "--sort newest: undated last"
oldest=$(order oldest cyber)
expect_eq "$(printf '%s\n' $oldest | grep -v -- - | sort | tr '\n' ' ')" \
    "$(printf '%s\n' $oldest | grep -v -- - | tr '\n' ' ')" "--sort oldest: oldest first"
expect_eq "$(printf '%s\n' $oldest | tail -n 1)" "-" "--sort oldest: undated last too"
expect_eq "$("$ACCS" query --json -n 40 cyber | md5sum)" \
    "$("$ACCS" query --json -n 40 --sort relevance cyber | md5sum)" "--sort relevance is the default"
run "$ACCS" query --sort date2 cyber
expect_rc 2 "unknown sort order"
expect_err 'sort takes relevance, newest or oldest' "sort orders named"
expect_eq "$(dates 'attack date:..2017')" "2017-12-20" "date: open at the start; undated documents never match"
expect_eq "$(dates 'attack date:2017 date:2019-05')" "2017-12-20 2019-05-28" "two dates: either"
expect_eq "$(dates 'attack date:2018 lang:en -date:2018-04')" "2018-06-27 2018-11-13" "date: with lang: and an excluded month"
for bad in 'date:18' 'date:2018-13' 'date:2019..2018' 'date:..' 'date:tomorrow'; do
    run "$ACCS" query "attack $bad"
    expect_rc 2 "$bad is a usage error"
    expect_err "use a date such as" "$bad: the message shows the forms"
done

# title: only documents whose title holds the words (by their stems).
titles() {  # titles QUERY: the distinct titles of the hits, sorted
    "$ACCS" query --json -n 100 -- "$@" | python3 -c '
import json, sys
print("|".join(sorted({h["title"] or "-" for h in json.load(sys.stdin)["hits"]})))'
}
expect_eq "$(titles 'title:"tech accord" kritiek')" "Kritiek op het Cybersecurity Tech Accord: wie tekende niet, en waarom?|The four commitments of the Cybersecurity Tech Accord|Thirty-four technology companies sign the Cybersecurity Tech Accord|Wie ondertekenden het Cybersecurity Tech Accord?" "title: both words in the title, ranked with the rest"
expect_eq "$(titles 'aanval title:ransomware')" "WannaCry: the ransomware outbreak of May 2017|Wat is ransomware? Een uitleg in gewone taal" "title: with a ranked word"
case "$(titles 'attack -title:notpetya')" in
    *NotPetya*) bad "-title: leaves out the NotPetya document" ;;
    *) ok ;;
esac
run "$ACCS" query 'attack title:'
expect_rc 2 "an empty title: is a usage error"

# NEAR: words within a few positions of each other, in any order.
run "$ACCS" query -n 50 'Smith NEAR Genève'
expect_out 'Brad \[Smith\] opgeroepen tot een digitaal verdrag van \[Genève\]' "NEAR finds Smith a few words from Genève"
run "$ACCS" query -n 50 'digitaal NEAR/0 verdrag'
expect_out '\[digitaal\] \[verdrag\]' "NEAR/0: side by side"
run "$ACCS" query 'verdrag NEAR/0 Genève'
expect_out 'No passages match' "NEAR/0 does not let a word in between"
run "$ACCS" query 'verdrag NEAR/1 Genève'
expect_out '\[verdrag\] van \[Genève\]' "NEAR/1 lets one word in between"
run "$ACCS" query 'verdrag NEAR/x Genève'
expect_rc 2 "a bad NEAR/n is a usage error"
expect_err 'use NEAR or NEAR/n' "the message shows the forms"

# Stopwords: ignored in ranked queries, kept in phrases.
run "$ACCS" query -n 50 '"van Genève"'
expect_out 'verdrag van \[Genève\]|\[van\] \[Genève\]' "a quoted phrase keeps its stopword"
a=$(hits "de Genève" | head -3); b=$(hits "Genève" | head -3)
expect_eq "$a" "$b" "a stopword does not change a ranked query"

# Stopwords have no stem where they are stopwords, but keep their
# positions: phrases with them are exact.  "door" is a Dutch stopword but
# an English word.
mkdir -p sw
printf 'De minister sprak over een digitaal verdrag van Genève voor de bedrijven.\n' > sw/nl-treaty.txt
printf 'In Genève is het verdrag nog niet door de regering ondertekend, zo bleek maandag.\n' > sw/nl-reversed.txt
printf 'The gardener left the front door open, and the cat walked out into the street.\n' > sw/en-door.txt
printf 'Hamlet asks whether it is better to be or not to be, and the question stays open.\n' > sw/en-hamlet.txt
"$ACCS" index -q --db sw.db sw >/dev/null 2>&1
swhits() { "$ACCS" query --db sw.db -n 50 "$@" 2>/dev/null | sed -n 's/^[0-9]*\. \([^ :]*\).*/\1/p' | sort | tr '\n' ' '; }
expect_eq "$(swhits '"verdrag van Genève"')" "sw/nl-treaty.txt " "a phrase with a stopword"
expect_eq "$(swhits '"Genève verdrag"')" "" "word order matters around a stopword"
expect_eq "$(swhits '"verdrag met Genève"')" "" "a phrase needs its own stopword"
expect_eq "$(swhits '"door de regering"')" "sw/nl-reversed.txt " "a phrase of Dutch stopwords and a word"
expect_eq "$(swhits '"front door"')" "sw/en-door.txt " "an English word that is a Dutch stopword keeps its position"
expect_eq "$(swhits '"door front"')" "" "... and its order"
expect_eq "$(swhits '"to be or not to be"')" "sw/en-hamlet.txt " "a phrase of stopwords only"
expect_eq "$(swhits 'de')" "sw/nl-reversed.txt sw/nl-treaty.txt " "a stopword alone finds the passages that have it"

# Two alternatives of one word (amerika, its synonym america) whose last
# passage is the same: Xapian 1.4's OP_MAX crashed on this until every
# OP_MAX got its guard (8 of these 14 queries crashed before).
python3 - <<'PY'
import os, random
random.seed(1)
os.makedirs("alt", exist_ok=True)
words = "tuin kas bloem plant water zon regen wind stad land huis straat".split()
for i in range(40):
    ts = [random.choice(words) for _ in range(random.randint(3, 12))]
    if random.random() < 0.3: ts.append("amerika")
    if random.random() < 0.3: ts.append("america")
    if i >= 38: ts += ["amerika", "america"]
    open("alt/f%02d.txt" % i, "w").write(" ".join(ts) + ".\n")
PY
"$ACCS" index -q -j 1 --db alt.db alt >/dev/null 2>&1
crashes=0
for w in tuin kas bloem plant water zon regen; do
    for n in 3 10; do
        "$ACCS" query --db alt.db -n "$n" "$w" amerika zon >/dev/null 2>&1
        [ $? -ge 128 ] && crashes=$((crashes + 1))
    done
done
expect_eq "$crashes" 0 "alternatives that end on the same passage"

# Word, OpenDocument and PDF files: indexed, found, filtered by type:; a
# broken one is an error for that file only.
mkdir office
cp "$SRC"/tests/data/office/verdrag.docx "$SRC"/tests/data/office/accord.odt \
   "$SRC"/tests/data/office/rapport.pdf office/
run "$ACCS" index --db office.db office
expect_rc 0 "index docx, odt and pdf"
expect_out '3 files indexed \(3 added' "three office files added"
expect_eq "$(hits --db office.db Genève | sort | tr '\n' ' ')" \
    "office/accord.odt:1 office/rapport.pdf:1 office/verdrag.docx:1 office/verdrag.docx:3 " \
    "Genève in docx (text and title), odt and pdf"
expect_eq "$(hits --db office.db 'type:pdf Genève')" "office/rapport.pdf:1" "type:pdf"
expect_eq "$(hits --db office.db 'type:odt OR type:docx Genève' | sort | tr '\n' ' ')" \
    "office/accord.odt:1 office/verdrag.docx:1 office/verdrag.docx:3 " "two types"
expect_eq "$(hits --db office.db -- '-type:docx Genève' | sort | tr '\n' ' ')" \
    "office/accord.odt:1 office/rapport.pdf:1 " "-type:docx"
expect_eq "$(hits --db office.db 'type:md Genève')" "" "type:md: none here"
expect_eq "$(first_hit --db office.db 'title:verdrag')" "office/verdrag.docx:1" "a docx's title"
expect_eq "$(hits --db office.db 'cyberaanvallen date:2018-04-20')" "office/rapport.pdf:1" "a PDF's date"
run "$ACCS" query --db office.db 'type:pdf encryptie'
expect_out '^1\. office/rapport\.pdf:5  \(page 2, score' "a PDF hit shows its page"
run "$ACCS" query --db office.db --json 'type:pdf encryptie'
expect_out '"page": 2' "page in JSON"
run "$ACCS" query --db office.db --json 'type:docx encryptie'
expect_no_out '"page"' "no page for a docx"
# Slides and sheets: a page each; footnotes are text.
cp "$SRC"/tests/data/office/dia.pptx "$SRC"/tests/data/office/dia.odp \
   "$SRC"/tests/data/office/lijst.ods office/
run "$ACCS" index --db office.db office
expect_rc 0 "index pptx, odp and ods"
run "$ACCS" query --db office.db 'type:pptx verdrag'
expect_out '^1\. office/dia\.pptx:4  \(page 2, score' "a slide's page"
expect_eq "$(hits --db office.db 'diawoord')" "office/dia.odp:2" "an odp slide"
expect_eq "$(hits --db office.db 'bladwoord type:ods')" "office/lijst.ods:5" "an ods cell"
cp "$SRC"/tests/data/office/leden.xlsx office/
run "$ACCS" index --db office.db office
expect_rc 0 "index an Excel workbook"
run "$ACCS" query --db office.db 'type:xlsx inlinewoord'
expect_out '^1\. office/leden\.xlsx:[0-9]+  \(page 2, score' "an xlsx cell, on its sheet's page"
expect_eq "$(hits --db office.db 'celwoord')" "office/leden.xlsx:1" "a shared string on the first sheet listed"
expect_eq "$(first_hit --db office.db 'title:ondertekenaars')" "office/leden.xlsx:1" "an xlsx's title"
cp "$SRC"/tests/data/office/boek.epub office/
run "$ACCS" index --db office.db office
expect_rc 0 "index an e-book"
expect_eq "$(hits --db office.db 'boekwoord type:epub date:2018-04-21')" "office/boek.epub:1" \
    "an EPUB chapter, with the book's date"
expect_eq "$(hits --db office.db 'inhoudsopgavewoord')" "" "what the spine does not list is not read"
expect_eq "$(hits --db office.db 'voetnootwoord')" "office/verdrag.docx:3" "a Word footnote, in the last passage"
run "$ACCS" query --db office.db 'type:word x'
expect_rc 2 "unknown type"
expect_err "unknown type 'word' in type: \(use txt, md, html, docx, doc, odt, pdf, pptx, odp, ods, xlsx, epub, rtf, eml, mbox or mail\)" "unknown type message"
cp "$SRC"/tests/data/office/truncated.docx "$SRC"/tests/data/office/header-only.pdf office/
printf 'not a pdf at all' > office/fake.pdf
run "$ACCS" index --db office.db office
expect_rc 1 "broken office files fail"
expect_err 'truncated\.docx: not a readable docx file' "truncated docx named"
expect_err 'header-only\.pdf: not a readable PDF' "damaged PDF named"
expect_err 'fake\.pdf: not a PDF file' "a .pdf that is no PDF"
expect_eq "$(hits --db office.db Genève | wc -l)" 7 "the good files stay found"
check_index "broken office files" --db office.db
# Without pdftotext: a clear message, and the PDF is tried again later.
rm office/truncated.docx office/header-only.pdf office/fake.pdf
ACCSEARCH_PDFTOTEXT=/nonexistent/pdftotext run "$ACCS" index --full --db office.db office
expect_rc 1 "no pdftotext"
expect_err "rapport\.pdf: cannot read PDF files: /nonexistent/pdftotext was not found" "missing pdftotext named"

# RTF: indexed, found, filtered by type:, with the title and date of its
# \info group; fonts, header, footer and field codes are not text; a
# .doc that is RTF is read as RTF; a .rtf that is not RTF is that file's
# error.
mkdir rtf
cp "$SRC"/tests/data/office/brief.rtf rtf/
printf 'Een notitie over het verdrag van Gen\xc3\xa8ve.\n' > rtf/notitie.txt
printf '{\\rtf1\\ansi Een export met het docexportwoord.\\par}' > rtf/export.doc
run "$ACCS" index --db rtf.db rtf
expect_rc 0 "index RTF files"
expect_out '3 files indexed \(3 added' "an RTF file, a text file and a .doc in RTF added"
expect_eq "$(hits --db rtf.db rtfbriefwoord)" "rtf/brief.rtf:1" "a word of an RTF paragraph"
expect_eq "$(hits --db rtf.db 'type:rtf Genève' | sed 's/:.*//' | sort -u)" "rtf/brief.rtf" "type:rtf"
expect_eq "$(hits --db rtf.db -- '-type:rtf Genève')" "rtf/notitie.txt:1" "-type:rtf"
expect_eq "$(hits --db rtf.db 'type:txt rtfbriefwoord')" "" "type:txt leaves the RTF out"
expect_eq "$(hits --db rtf.db 'type:rtf docexportwoord')" "rtf/export.doc:1" "a .doc in RTF"
expect_eq "$(first_hit --db rtf.db 'title:brief')" "rtf/brief.rtf:1" "the title of \\info"
expect_eq "$(hits --db rtf.db 'rtfbriefwoord date:2018-04-17')" "rtf/brief.rtf:1" "the date of \\creatim"
expect_eq "$(hits --db rtf.db rtfcelwoord | sed 's/:.*//')" "rtf/brief.rtf" "a table cell"
expect_eq "$(hits --db rtf.db rtfnootwoord | sed 's/:.*//')" "rtf/brief.rtf" "a footnote"
for w in kopregelwoord voettekstwoord rtfverborgenwoord calibri redactie; do
    expect_eq "$(hits --db rtf.db $w)" "" "'$w' is not text"
done
run "$ACCS" query --db rtf.db --json rtfbriefwoord
expect_out '"text": ".*café-overleg in \[?Genève' "escapes decoded in the passage"
printf 'Dit is geen RTF, alleen een naam.\n' > rtf/nep.rtf
run "$ACCS" index --db rtf.db rtf
expect_rc 1 "a .rtf that is not RTF fails"
expect_err 'rtf/nep\.rtf: not an RTF file' "and is named"
expect_eq "$(hits --db rtf.db rtfbriefwoord)" "rtf/brief.rtf:1" "the good RTF stays found"
expect_eq "$(hits --db rtf.db alleen)" "" "the broken one is not indexed"
check_index "a .rtf that is not RTF" --db rtf.db

# Word 97-2003 (.doc, written by LibreOffice, see make_doc.py): found by
# an accented word with and without its accents, filtered by type:doc,
# with the title and date of the summary information; a table cell, a
# link's text and a footnote are text, the link's address, the header and
# the footer are not; text stored as 8-bit is read; a .doc that is
# neither Word nor RTF is not read.
mkdir word
cp "$SRC"/tests/data/office/brief.doc "$SRC"/tests/data/office/report-8bit.doc word/
printf 'Een notitie over de co\xc3\xb6rdinatie.\n' > word/notitie.txt
printf 'Alleen een naam met het docnepwoord.\n' > word/nep.doc
run "$ACCS" index --db word.db word
expect_rc 0 "index Word files"
expect_out '3 files indexed \(3 added' "two .doc files and a text file added, not the false .doc"
expect_eq "$(hits --db word.db 'type:doc coördinatie' | sed 's/:.*//' | sort -u)" "word/brief.doc" \
    "type:doc, an accented word"
expect_eq "$(hits --db word.db 'type:doc coordinatie' | sed 's/:.*//' | sort -u)" "word/brief.doc" \
    "the word without its accents"
expect_eq "$(hits --db word.db -- '-type:doc coördinatie')" "word/notitie.txt:1" "-type:doc"
expect_eq "$(hits --db word.db 'type:txt doccelwoord')" "" "type:txt leaves the .doc out"
expect_eq "$(first_hit --db word.db 'title:genève')" "word/brief.doc:1" "the title of the summary information"
expect_eq "$(first_hit --db word.db 'title:quarterly')" "word/report-8bit.doc:1" "the title of the 8-bit one"
expect_eq "$(hits --db word.db 'doccelwoord date:2018-04-17' | sed 's/:.*//')" "word/brief.doc" \
    "the creation date"
for w in doccelwoord doclinkwoord docnootwoord docafbreekwoord Łódź; do
    expect_eq "$(hits --db word.db "$w" | sed 's/:.*//' | sort -u)" "word/brief.doc" "'$w' is text"
done
expect_eq "$(hits --db word.db 'naive cafe souffle' | sed 's/:.*//' | sort -u)" "word/report-8bit.doc" \
    "8-bit text, accents folded"
for w in docadreswoord hyperlink dockopwoord docvoetwoord docnepwoord; do
    expect_eq "$(hits --db word.db $w)" "" "'$w' is not text"
done
run "$ACCS" query --db word.db 'type:doc docnootwoord'
expect_out 'Brief over de coördinatie in Genève' "the title shown with the passage"
check_index "Word files" --db word.db
# The Word reader's container part is a module: when it cannot be loaded,
# a .doc fails with a message that names it, and the rest is indexed.
ACCSEARCH_MODULE_DIR=/nonexistent run "$ACCS" index --db nodoc.db word
expect_rc 1 "no Word module"
expect_err 'brief\.doc: cannot read Word documents: the module accsearch-doc\.so was not found' \
    "a missing Word module is named"
expect_eq "$(hits --db nodoc.db 'coördinatie')" "word/notitie.txt:1" "the other file is indexed"

# Mail: .eml files and the messages of a Maildir; the subject is the
# title, the Date header the date, senders and recipients are text, the
# plain version of a multipart/alternative is read and an attachment in a
# readable format is.
cp -r "$SRC"/tests/data/mail mail
run "$ACCS" index --db mail.db mail
expect_rc 0 "index mail"
expect_out '4 files indexed \(4 added' "an .eml file and three Maildir messages"
expect_eq "$(hits --db mail.db 'Genève')" "mail/verdrag.eml:1" "an encoded subject is the title"
expect_eq "$(hits --db mail.db 'cyberaanvallen date:2018-04-17 type:eml')" "mail/verdrag.eml:1" \
    "the Date header dates it; type:eml"
expect_eq "$(hits --db mail.db 'renee@example.nl' | sort | tr '\n' ' ')" \
    "mail/Maildir/.Sent/cur/1524209400.M5P6.mail:2,S:1 mail/verdrag.eml:1 " \
    "an address, as recipient (from an encoded header) and as sender"
expect_eq "$(hits --db mail.db 'alleenhtmlwoord')" "" "the HTML version of the same text is not read"
expect_eq "$(hits --db mail.db 'bijlagewoord')" "mail/verdrag.eml:1" "a Markdown attachment"
expect_eq "$(first_hit --db mail.db 'jane cyberattacks')" "mail/Maildir/cur/1524092400.M1P2.mail:2,S:1" \
    "a message in Maildir/cur"
expect_eq "$(hits --db mail.db 'maildirwoord date:2018-04-19')" "mail/Maildir/new/1524117600.M3P4.mail:1" \
    "a message in Maildir/new"
expect_eq "$(hits --db mail.db 'verzondenwoord')" "mail/Maildir/.Sent/cur/1524209400.M5P6.mail:2,S:1" \
    "a Maildir++ folder (.Sent) is read, though hidden"
expect_eq "$(hits --db mail.db 'notmuchgeheimwoord')" "" "other hidden folders in a Maildir are not"
expect_eq "$(hits --db mail.db 'type:mail brad' | sort | tr '\n' ' ')" \
    "mail/Maildir/.Sent/cur/1524209400.M5P6.mail:2,S:1 mail/Maildir/new/1524117600.M3P4.mail:1 mail/verdrag.eml:1 " \
    "type:mail finds .eml files and Maildir messages"
# from: and to: filter mail by sender and by recipients (To and Cc),
# by any of their words or whole addresses; "to:" with nothing after it
# is the word.
expect_eq "$(hits --db mail.db 'from:brad' | sort | tr '\n' ' ')" \
    "mail/Maildir/new/1524117600.M3P4.mail:1 mail/verdrag.eml:1 " "from: a sender's name"
expect_eq "$(hits --db mail.db 'from:renee@example.nl')" "mail/Maildir/.Sent/cur/1524209400.M5P6.mail:2,S:1" \
    "from: a whole address"
expect_eq "$(hits --db mail.db 'to:renee' | sort | tr '\n' ' ')" "mail/verdrag.eml:1 " \
    "to: a recipient (from an encoded header), not the sender"
expect_eq "$(hits --db mail.db 'to:brad cyberattacks')" "mail/Maildir/.Sent/cur/1524209400.M5P6.mail:2,S:1" \
    "to: with words"
expect_eq "$(hits --db mail.db 'from:nobody@example.org')" "" "from: nobody"
expect_eq "$(first_hit --db mail.db 'how to: jane cyberattacks')" "mail/Maildir/cur/1524092400.M1P2.mail:2,S:1" \
    "'to:' followed by a space is the word"
# A reply quotes the message it answers: the quotation is a passage of
# its own, ranked below the original, and the reply's own words do not
# share a passage with it.
mkdir draad
printf 'From: Brad <brad@example.com>\nSubject: Accord\nDate: Tue, 17 Apr 2018 09:00:00 -0700\n\nDe vierendertig bedrijven tekenen het citeerwoord akkoord in San Francisco, op de conferentie van deze week.\n' \
    > draad/origineel.eml
printf 'From: Jan <jan@example.nl>\nSubject: Re: Accord\nDate: Wed, 18 Apr 2018 09:00:00 +0200\n\nMooi, dan stuur ik het antwoordwoord door.\n\nOp 17 april schreef Brad:\n> De vierendertig bedrijven tekenen het citeerwoord akkoord in San\n> Francisco, op de conferentie van deze week.\n' \
    > draad/antwoord.eml
run "$ACCS" index --db draad.db draad
expect_rc 0 "index a message and its reply"
expect_eq "$(hits --db draad.db 'citeerwoord' | tr '\n' ' ')" "draad/origineel.eml:1 draad/antwoord.eml:5 " \
    "the original before the reply that quotes it"
expect_eq "$(hits --db draad.db 'antwoordwoord citeerwoord' | head -1)" "draad/antwoord.eml:1" \
    "the reply's own passage holds its own words"
run "$ACCS" query --db draad.db --json 'antwoordwoord'
python3 -c 'import json, sys
hits = json.load(open(sys.argv[1]))["hits"]
assert len(hits) == 1 and "citeerwoord" not in hits[0]["text"], hits' "$WORK/out" \
    && ok || bad "the quotation is not in the passage of the reply's own words"
# The mail reader is a module: when it cannot be loaded, a mail fails
# with a message that names it, and the rest is indexed.
ACCSEARCH_MODULE_DIR=/nonexistent run "$ACCS" index --db nomodule.db mail/verdrag.eml corpus/000_3a45fcfcf987b7e2.txt
expect_rc 1 "no mail module"
expect_err 'verdrag\.eml: cannot read mail: the module accsearch-mail\.so was not found' \
    "a missing mail module is named"
expect_eq "$(hits --db nomodule.db 'Genève')" "corpus/000_3a45fcfcf987b7e2.txt:11" "the other file is indexed"
printf 'Just notes.\n' > mail/Maildir/cur/notes
run "$ACCS" index --db mail.db mail
expect_rc 1 "a Maildir file that is no mail fails"
expect_err 'notes: not a mail message \(it does not start with a header\)' "not a mail, named"
expect_eq "$(first_hit --db mail.db 'jane cyberattacks')" "mail/Maildir/cur/1524092400.M1P2.mail:2,S:1" \
    "the other messages stay found"
check_index "mail" --db mail.db

# mbox files (.mbox, and Thunderbird's folders: a file without an
# extension beside its .msf summary): each message is a document with its
# own title, date and collapse key, named by the line of its "From " line.
cp -r "$SRC"/tests/data/mbox mbox
run "$ACCS" index --db mbox.db mbox
expect_rc 0 "index mbox files"
expect_out '2 files indexed \(2 added' "an .mbox file and a Thunderbird folder"
expect_out 'skipped 1: unsupported file type' "the .msf summary is not read"
expect_eq "$(hits --db mbox.db 'Genève')" "mbox/archief.mbox:21" "a message's line and encoded subject"
expect_eq "$(hits --db mbox.db 'waterschappen')" "mbox/archief.mbox:33" "an HTML attachment in an mbox message"
expect_eq "$(hits --db mbox.db 'fietsenstalling type:mbox')" "mbox/thunderbird/Inbox:9" \
    "a Thunderbird folder with CRLF lines; type:mbox"
expect_eq "$(hits --db mbox.db 'type:mail vakantierooster')" "mbox/thunderbird/Inbox:1" "type:mail finds mbox messages"
expect_eq "$(hits --db mbox.db 'tech accord date:2018-04' | sort -u)" "mbox/archief.mbox:1" \
    "each message has its own date: the May minutes are not in April"
run "$ACCS" query --db mbox.db --json 'fietsenstalling OR vakantierooster'
python3 -c 'import json, sys
hits = json.load(open(sys.argv[1]))["hits"]
assert [(h["title"], h["date"], h["line"]) for h in hits] == [
    ("Fietsenstalling", "2018-06-05", 9), ("Vakantierooster zomer", "2018-06-04", 1)] or \
    sorted((h["title"], h["date"], h["line"]) for h in hits) == [
    ("Fietsenstalling", "2018-06-05", 9), ("Vakantierooster zomer", "2018-06-04", 1)], hits
assert all("page" not in h for h in hits), hits' "$WORK/out" \
    && ok || bad "two messages of one file: two documents, each with its title, date and line"
expect_eq "$("$ACCS" query --db mbox.db --facets --json 'tech accord' | python3 -c 'import json, sys
f = json.load(sys.stdin)["facets"]["type"]["mbox"]
print(f["documents"], f["passages"])')" "2 3" "facets count messages as documents"
expect_eq "$(hits --db mbox.db 'from:jan to:brad')" "mbox/archief.mbox:21" "from: and to: in an mbox message"
expect_eq "$(hits --db mbox.db 'separator')" "mbox/archief.mbox:1" \
    "a body line \"From: ...\" after an empty line does not start a message"
# New mail at the end of an mbox: the messages before it are not written
# again.
printf '\nFrom new@example.nl Sat Jun 09 09:00:00 2018\nFrom: Nieuw <new@example.nl>\nSubject: Nagekomen\nDate: Sat, 9 Jun 2018 09:00:00 +0200\n\nEen nagekomen berichtwoord.\n' >> mbox/archief.mbox
run "$ACCS" index --db mbox.db mbox
expect_out '1 updated' "an mbox with a new message is updated"
expect_out '^1 passages written' "only the new message is written"
expect_eq "$(hits --db mbox.db 'berichtwoord')" "mbox/archief.mbox:54" "the new message is found"
check_index "mbox" --db mbox.db
# Language: a message of an mbox has its own (an English message in a
# Dutch archive), and the From: and To: labels of a mail's sender line do
# not vote (they made a short Dutch mail English).
mkdir talen
printf 'From: Piet <piet@example.nl>\nTo: Anna <anna@example.nl>\nSubject: morgen\n\nPrima, tot morgen dan.\n' \
    > talen/kort.eml
{
    printf 'From jan@example.nl Mon May 07 10:00:00 2018\nFrom: Jan <jan@example.nl>\nSubject: Verslag\n\n'
    printf 'De werkgroep heeft gisteren uitgebreid gesproken over het akkoord en over de bedrijven\n'
    printf 'die het nog niet hebben ondertekend. Er is afgesproken dat we hun een brief sturen.\n\n'
    printf 'From lisa@example.com Mon May 07 11:00:00 2018\nFrom: Lisa <lisa@example.com>\nSubject: Advisories\n\n'
    printf 'Here is the list of the advisories that we should look at this week.\n\n'
    for i in $(seq 101 125); do printf 'CVE-2018-0%s ' "$i"; done; printf '\n'
} > talen/archief.mbox
# mutt's folders and the mail spool: mbox files without an extension.
printf 'From jan@example.nl Mon Jan 01 00:00:00 2018\nFrom: Jan <jan@example.nl>\nSubject: spool\n\nEen spoolwoord.\n' \
    > talen/postvak
printf 'From the desk of Jan: no mail at all.\n' > talen/LEESMIJ
run "$ACCS" index --db talen.db talen
expect_rc 0 "index a short Dutch mail and a two-language mbox"
expect_out 'skipped 1: unsupported file type' "a file without extension that is no mbox is skipped"
expect_eq "$(hits --db talen.db 'spoolwoord type:mbox')" "talen/postvak:1" "an mbox without an extension"
expect_eq "$(hits --db talen.db 'prima lang:nl')" "talen/kort.eml:1" "a short Dutch mail is Dutch"
expect_eq "$(hits --db talen.db 'cve-2018-0125 lang:en')" "talen/archief.mbox:8" \
    "a passage without language words takes its message's language"
expect_eq "$(hits --db talen.db 'werkgroep lang:nl')" "talen/archief.mbox:1" "the Dutch message stays Dutch"
printf 'Just some notes about mail.\n' > mbox/notes.mbox
run "$ACCS" index --db mbox.db mbox
expect_rc 1 "an .mbox file that is no mbox fails"
expect_err 'notes\.mbox: not an mbox file' "not an mbox, named"

# --prefix: search as you type; the last word also matches as a beginning.
expect_eq "$(hits -- 'ondertekenaa' | wc -l)" 0 "a half-typed word alone finds nothing"
expect_eq "$(hits --prefix -- 'tech ondertekenaa' | head -n 1)" "$(first_hit 'tech ondertekenaars')" \
    "--prefix: the half-typed last word finds the whole"
expect_eq "$(hits --prefix -- 'ondertekenaa ' | wc -l)" 0 "--prefix: a finished word (a space after it) is not a prefix"
run "$ACCS" query --prefix --json 'verdrag gene'
expect_out '"path"' "--prefix: hits for a two-word query"

# --facets: the matching documents, and their passages, by language,
# year and type.
run "$ACCS" query --facets -n 1 cyber
expect_out '^Matching documents by language: nl [0-9]+, en [0-9]+$' "facets: languages"
expect_out '^  by year: 2020 [0-9]+, .*undated [0-9]+$' "facets: years, newest first, undated last"
expect_out '^  by type: ' "facets: types"
sums=$("$ACCS" query --facets --json -n 1 'cyber type:md' | python3 -c '
import json, sys
f = json.load(sys.stdin)["facets"]
for what in ("documents", "passages"):
    print(" ".join(str(sum(v[what] for v in f[k].values())) for k in ("lang", "year", "type")), end=" ")
print(list(f["type"]))')
expect_eq "$sums" "4 4 4 13 13 13 ['md']" \
    "facets: each field counts every document and passage once; type: filters them"

# --explain: the analysis of each word, the query as searched with every
# term's passage count, and the words marked in each hit.
run "$ACCS" query --explain -n 2 cyberaanvallen Genève
expect_rc 0 "--explain"
expect_out '^  cyberaanvallen$' "explain: the word as typed"
expect_out 'folded: geneve, in [0-9]+ passages' "explain: folded form with its count"
expect_out 'nl stem: genev, in [0-9]+ passages' "explain: Dutch stem"
expect_out 'Dutch compound: cyber \+ aanvallen' "explain: compound parts"
expect_out 'synonyms: .*geneva' "explain: synonyms"
expect_out '^ +Zgenev +stem, in [0-9]+ passages' "explain: a stem term in the tree"
expect_out 'SCALE: score times 0\.70' "explain: expansion weights"
expect_out '^   marked: .*(Genève|cyberaanvallen)' "explain: marked words of a hit"
expect_eq "$(grep -c '^[0-9]\. ' "$WORK/out")" 2 "explain: as many hits as asked"
run "$ACCS" query --explain 'de verdrag lang:en date:2018 type:md'
expect_out 'a stopword in|nl: a stopword, no stem' "explain: a stopword named"
expect_out 'filter lang:en' "explain: a filter"
expect_out 'date from 2018 to 2018~' "explain: a date range"
expect_out 'Tmd +file format' "explain: a type filter"
run "$ACCS" query --explain 'genevx'
expect_out 'did you mean: geneva' "explain: the suggestion"
long=$(python3 -c "print(' '.join('verdrag%d' % i for i in range(300)))")
run "$ACCS" query --explain "$long"
expect_eq "$(head -n 1 "$WORK/out")" "query: $long" "explain: a long query is shown whole"
run "$ACCS" query --explain '(verdrag'
expect_rc 2 "explain: a syntax error is a usage error"
expect_err 'unbalanced parenthesis' "explain: the syntax error named"

# Nothing found: a message and exit 0.
run "$ACCS" query xyzzyplugh
expect_rc 0 "no hits is not an error"
expect_out 'No passages match' "no hits message"
finish
