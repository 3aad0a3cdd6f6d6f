/* SPDX-License-Identifier: MIT */
/* Dutch compound splitting: cyberaanvallen -> cyber + aanvallen,
 * veiligheidsraad -> veiligheid + raad.  Parts come from the Dutch word
 * list (lexicon.h); linking -s-, -e- and -en- are removed. */
#ifndef ACCS_COMPOUND_H
#define ACCS_COMPOUND_H

#include "analyse.h"

#define ACCSI_COMPOUND_MAX_PARTS 4

typedef struct {
    size_t n;
    struct {
        char text[ACCSI_WORD_MAX + 1]; /* the part, NUL-terminated */
        size_t len;
    } part[ACCSI_COMPOUND_MAX_PARTS];
} accsi_compound;

/* Split a folded Dutch word.  Returns the number of parts (0 when the word
 * is not split). */
size_t accsi_decompound(const char *word, size_t len, accsi_compound *out);

#endif /* ACCS_COMPOUND_H */
