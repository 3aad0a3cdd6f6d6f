/* SPDX-License-Identifier: MIT */
/* Word lists the analysis needs: stopwords, stemmer overrides and the Dutch
 * dictionary used to split compounds.  Built-in lists are compiled into the
 * library from data/; the large Dutch dictionary is read from the system
 * word list on first use.  All tables are built once and then shared
 * read-only between threads. */
#ifndef ACCS_LEXICON_H
#define ACCS_LEXICON_H

#include "analyse.h"

/* Embedded copies of data/ files (generated at build time). */
extern const char accsi_data_stopwords_nl[];
extern const size_t accsi_data_stopwords_nl_len;
extern const char accsi_data_stopwords_en[];
extern const size_t accsi_data_stopwords_en_len;
extern const char accsi_data_stem_overrides_nl[];
extern const size_t accsi_data_stem_overrides_nl_len;
extern const char accsi_data_stem_overrides_en[];
extern const size_t accsi_data_stem_overrides_en_len;
extern const char accsi_data_synonyms[];
extern const size_t accsi_data_synonyms_len;
extern const char accsi_data_compound_extra_nl[];
extern const size_t accsi_data_compound_extra_nl_len;

/* The override stem for `word`, if the list has one. */
int accsi_lexicon_stem_override(accsi_lang lang, const char *word, size_t len,
                                const char **stem);

/* Is `word` (folded) in the Dutch dictionary?  Loads it on first use from
 * $ACCSEARCH_DICT_NL or /usr/share/dict/nederlands. */
int accsi_lexicon_dutch_word(const char *word, size_t len);
/* Number of words in the Dutch dictionary (0 when it could not be read). */
size_t accsi_lexicon_dutch_size(void);

#endif /* ACCS_LEXICON_H */
