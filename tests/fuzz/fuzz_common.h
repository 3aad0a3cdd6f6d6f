/* SPDX-License-Identifier: MIT */
/* Shared helpers of the libFuzzer targets: analyser and invariant checks. */
#ifndef ACCS_FUZZ_COMMON_H
#define ACCS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "split.h"

/* libFuzzer entry points (defined by each fuzz_<name>.c). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print `what` and abort() when `cond` is false: libFuzzer then saves the
 * input as a crash. */
#define FUZZ_CHECK(cond, ...)                                              \
    do {                                                                   \
        if (!(cond))                                                       \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);             \
    } while (0)

void fuzz_fail(const char *file, int line, const char *cond,
               const char *fmt, ...) ACCSI_PRINTF(4, 5);

/* Is the named check switched off?  FUZZ_IGNORE in the environment is a
 * comma-separated list of check names (passage-coverage, anchor-order,
 * anchor-bytes, block-offsets, text-utf8, stem-utf8), to keep fuzzing
 * past a known bug. */
int fuzz_ignored(const char *check);

/* The one analyser of the process (created on first use, never freed);
 * also loads the word lists and the Dutch dictionary, so that their cost
 * is not charged to the first input. */
accsi_analyser *fuzz_analyser(void);

/* Check the invariants of a document parsed from `src` (`len` bytes) in
 * format `fmt`: blocks, anchors, lines, title and date. */
void fuzz_check_parsed(const accsi_parsed *p, const char *src, size_t len,
                       accsi_fmt fmt);

/* Check the passages of `p`: inside the text, in order, and covering
 * every word of every block. */
void fuzz_check_spans(const accsi_parsed *p, const accsi_spans *s);

/* Check what every reader of a container format (office files, mail)
 * promises: valid UTF-8 text without NUL, blocks in order inside it, a
 * title that is text, a date of the right shape. */
void fuzz_check_extracted(const accsi_parsed *p);

/* Check a text that is its own source (office files, RTF): one anchor, a
 * line per block, and each block's offset in the source its own. */
void fuzz_check_own_source(const accsi_parsed *p);

/* Split `p` into passages and check them. */
void fuzz_split_and_check(const accsi_parsed *p);

/* Parse `len` bytes as `fmt`, check, split into passages, check, free. */
void fuzz_parse_and_split(const char *src, size_t len, accsi_fmt fmt);

#endif /* ACCS_FUZZ_COMMON_H */
