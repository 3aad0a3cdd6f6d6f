/* SPDX-License-Identifier: MIT */
/* Split stage: cut a parsed document into passages.  A passage is a
 * paragraph; a long paragraph is cut at sentence boundaries into windows
 * of about 50-150 words; a heading or very short paragraph is merged with
 * a neighbour. */
#ifndef ACCS_SPLIT_H
#define ACCS_SPLIT_H

#include "parse.h"

#define ACCSI_PASSAGE_MIN_WORDS 20  /* shorter passages are merged */
#define ACCSI_PASSAGE_TARGET_WORDS 100
#define ACCSI_PASSAGE_MAX_WORDS 150

typedef struct {
    size_t start; /* byte range in the parsed text */
    size_t end;
    unsigned words;
    int quote;    /* made of quoted blocks only (accsi_block.is_quote) */
} accsi_span;

typedef struct {
    accsi_span *items;
    size_t n;
    size_t cap;
} accsi_spans;

accs_status accsi_split_passages(accsi_analyser *a, const accsi_parsed *doc,
                                 accsi_spans *out);
void accsi_spans_free(accsi_spans *s);

#endif /* ACCS_SPLIT_H */
