/* SPDX-License-Identifier: MIT */
/* Word lists the analysis needs: stopwords, stemmer overrides and the Dutch
 * dictionary used to split compounds.  Built-in lists are compiled into the
 * library from data/, and so is the large Dutch dictionary, which the build
 * makes from the system word list.  All tables are built once and then shared
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

/* The system word list the build turns into the Dutch dictionary. */
#define ACCSI_DICT_NL_DEFAULT "/usr/share/dict/nederlands"

/* Is `word` (folded) in the Dutch dictionary?  The table linked into the
 * library, or, if $ACCSEARCH_DICT_NL names a word list or the build had
 * none, one built from that list (or ACCSI_DICT_NL_DEFAULT) on first use. */
int accsi_lexicon_dutch_word(const char *word, size_t len);
/* Number of words in the Dutch dictionary (0 when it could not be read). */
size_t accsi_lexicon_dutch_size(void);
/* Build the dictionary of this process from the word list at `path` and
 * append its table, as the library links it, to `out`.  For the build. */
accs_status accsi_lexicon_dutch_image(const char *path, accsi_buf *out);

#endif /* ACCS_LEXICON_H */
