/* SPDX-License-Identifier: MIT */
/* A hash map from words to optional values, used for stopwords, stemmer
 * overrides, the compound dictionary and synonyms.  Built once, then only
 * read, so it may be shared between threads. */
#ifndef ACCS_WORDSET_H
#define ACCS_WORDSET_H

#include "accs_internal.h"

typedef struct accsi_wordset accsi_wordset;

accsi_wordset *accsi_wordset_new(void);
void accsi_wordset_free(accsi_wordset *ws);
/* Add (or replace) `key` with `value` (may be NULL).  Returns 0 when out of
 * memory. */
int accsi_wordset_put(accsi_wordset *ws, const char *key, size_t key_len,
                      const char *value, size_t value_len);
/* Look up `key`: returns 1 when present and sets `*value` (may be NULL). */
int accsi_wordset_get(const accsi_wordset *ws, const char *key, size_t key_len,
                      const char **value);
size_t accsi_wordset_size(const accsi_wordset *ws);
/* Call `cb` for every entry (in no particular order); non-zero stops. */
typedef int (*accsi_entry_cb)(const char *key, size_t len, const char *value,
                              void *payload);
void accsi_wordset_each(const accsi_wordset *ws, accsi_entry_cb cb,
                        void *payload);

/* Iterate over the lines of an embedded or loaded text, skipping blank
 * lines and '#' comments; `line` is trimmed and not NUL-terminated. */
typedef int (*accsi_line_cb)(const char *line, size_t len, void *payload);
void accsi_each_line(const char *text, size_t len, accsi_line_cb cb,
                     void *payload);

#endif /* ACCS_WORDSET_H */
