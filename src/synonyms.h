/* SPDX-License-Identifier: MIT */
/* Synonym groups for query expansion: a plain-text file, one group a line,
 * members separated by '|' (data/synonyms.txt is built in; users add their
 * own with --synonyms).  Members are analysed like query words, so
 * "Genève", "geneve" and "GENEVE" are the same member. */
#ifndef ACCS_SYNONYMS_H
#define ACCS_SYNONYMS_H

#include "analyse.h"

typedef struct accsi_synonyms accsi_synonyms;

accs_status accsi_synonyms_load(accsi_synonyms **out, accsi_analyser *a,
                                const char *text, size_t len, accsi_err *err);
accs_status accsi_synonyms_load_file(accsi_synonyms **out, accsi_analyser *a,
                                     const char *path, accsi_err *err);
void accsi_synonyms_free(accsi_synonyms *s);

/* The other members of the group of `key` (folded words joined by single
 * spaces); returns their number and sets `*members` (borrowed). */
size_t accsi_synonyms_lookup(const accsi_synonyms *s, const char *key,
                             size_t len, char *const **members);
/* Most words in any member (for matching multi-word members). */
unsigned accsi_synonyms_max_words(const accsi_synonyms *s);
size_t accsi_synonyms_groups(const accsi_synonyms *s);

#endif /* ACCS_SYNONYMS_H */
