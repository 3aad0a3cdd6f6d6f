/* SPDX-License-Identifier: MIT */
/* Stemming: Snowball's libstemmer for Dutch and English, with a small list
 * of overrides for inflections Snowball gets wrong. */
#ifndef ACCS_STEM_H
#define ACCS_STEM_H

#include "analyse.h"

typedef struct accsi_stemmers accsi_stemmers;

accs_status accsi_stemmers_new(accsi_stemmers **out, accsi_err *err);
void accsi_stemmers_free(accsi_stemmers *s);
/* Stem a folded word; UNKNOWN language copies the word unchanged. */
accs_status accsi_stemmers_stem(accsi_stemmers *s, accsi_lang lang,
                                const char *word, size_t len, accsi_buf *out);
/* Stem with Snowball alone (no overrides), for measuring the overrides. */
accs_status accsi_stemmers_snowball(accsi_stemmers *s, accsi_lang lang,
                                    const char *word, size_t len,
                                    accsi_buf *out);

#endif /* ACCS_STEM_H */
