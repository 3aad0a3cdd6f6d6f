/* SPDX-License-Identifier: MIT */
/* Snippet stage: find the query's words in a passage (re-analysed with the
 * same analyser), pick the best window of a long passage and mark the
 * matches. */
#ifndef ACCS_SNIPPET_H
#define ACCS_SNIPPET_H

#include "query.h"

typedef struct {
    accsi_buf text;         /* the snippet with markers */
    accs_match *matches;    /* matched words, offsets into the passage */
    size_t n_matches;
} accsi_snippet;

accs_status accsi_snippet_make(accsi_analyser *a, const char *text, size_t len,
                               accsi_lang lang, const accsi_highlight *hl,
                               const char *hl_start, const char *hl_end,
                               unsigned max_words, accsi_snippet *out);
void accsi_snippet_free(accsi_snippet *s);

#endif /* ACCS_SNIPPET_H */
