/* SPDX-License-Identifier: MIT */
/* Analysis stage: word boundaries, folding, stems, stopwords and language
 * guessing.  The same analyser runs at index time, at query time and when
 * snippets are highlighted, so the three always agree on what a word is. */
#ifndef ACCS_ANALYSE_H
#define ACCS_ANALYSE_H

#include "accs_internal.h"

/* Longest term Xapian's glass backend stores is 245 bytes; words whose
 * folded form (plus the longest prefix we add) would exceed it are skipped
 * and counted. */
#define ACCSI_TERM_MAX 245
#define ACCSI_WORD_MAX (ACCSI_TERM_MAX - 8)

typedef enum {
    ACCSI_LANG_UNKNOWN = 0,
    ACCSI_LANG_NL,
    ACCSI_LANG_EN
} accsi_lang;

const char *accsi_lang_code(accsi_lang lang); /* "nl", "en", "" */
/* Parse "nl"/"en" (also "dutch", "english", "nl-NL", ...); UNKNOWN if not. */
accsi_lang accsi_lang_parse(const char *s);

typedef struct accsi_analyser accsi_analyser;

/* One analyser per thread: it owns ICU iterators and stemmers. */
accs_status accsi_analyser_new(accsi_analyser **out, accsi_err *err);
void accsi_analyser_free(accsi_analyser *a);

/* One word found in the text. */
typedef struct {
    size_t start;       /* byte offset in the text */
    size_t end;         /* byte offset one past the word */
    const char *folded; /* case and diacritic folded form (NUL-terminated,
                           valid during the callback) */
    size_t folded_len;
    int is_number;      /* the word is numeric */
    int joins_next;     /* a hyphen joins this word to the next one */
    int too_long;       /* longer than ACCSI_WORD_MAX: do not index */
} accsi_token;

/* Return non-zero from the callback to stop. */
typedef int (*accsi_token_cb)(const accsi_token *tok, void *payload);

/* Split UTF-8 `text` into words.  Invalid UTF-8 must have been repaired
 * before (see accsi_utf8_repair). */
accs_status accsi_tokenize(accsi_analyser *a, const char *text, size_t len,
                           accsi_token_cb cb, void *payload);

/* Call `cb(start, end)` for each sentence of `text`. */
typedef int (*accsi_span_cb)(size_t start, size_t end, void *payload);
accs_status accsi_sentences(accsi_analyser *a, const char *text, size_t len,
                            accsi_span_cb cb, void *payload);

/* Fold one word (case, compatibility forms, diacritics) into `out`. */
accs_status accsi_fold(accsi_analyser *a, const char *word, size_t len,
                       accsi_buf *out);

/* Stem a folded word for `lang` into `out` (cleared first).  Applies the
 * project's override list before Snowball. */
accs_status accsi_stem(accsi_analyser *a, accsi_lang lang, const char *word,
                       size_t len, accsi_buf *out);

/* Is the folded `word` its own stem wherever it can stand: in Dutch, in
 * English and in a passage of no known language, and a stopword in none?
 * Then a passage that holds the word gets no stem term for it, since its
 * plain term says the same (emit_word in prepare.c), and a search for the
 * stem also looks for the word (stems_of in query.c). */
int accsi_word_is_own_stem(accsi_analyser *a, const char *word, size_t len);

/* Stopword test on a folded word. */
int accsi_is_stopword(accsi_lang lang, const char *word, size_t len);

/* Language guess from folded words: counts of stopword hits. */
typedef struct {
    unsigned nl;
    unsigned en;
    unsigned words;
} accsi_lang_votes;
void accsi_lang_vote(accsi_lang_votes *v, const char *word, size_t len);
/* The winner, or UNKNOWN when the evidence is too thin. */
accsi_lang accsi_lang_decide(const accsi_lang_votes *v, unsigned min_hits);

/* Version string of the analysis; stored in the index so an index built
 * with other analysis is refused. */
const char *accsi_analysis_version(void);

/* UTF-8 utilities (no ICU). */
/* Copy `text` into `out`, replacing each invalid sequence with U+FFFD and
 * NUL bytes with spaces; returns the number of replacements. */
size_t accsi_utf8_repair(const char *text, size_t len, accsi_buf *out);
int accsi_utf8_valid(const char *text, size_t len);

#endif /* ACCS_ANALYSE_H */
