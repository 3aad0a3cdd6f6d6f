/* SPDX-License-Identifier: MIT */
/* libFuzzer target: Markdown and plain-text parsing and passage splitting. */

/* The first input byte chooses the format (odd: Markdown, even: plain
 * text); the rest is the document. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    accsi_fmt fmt = (data[0] & 1) ? ACCSI_FMT_MARKDOWN : ACCSI_FMT_TEXT;
    fuzz_parse_and_split((const char *)data + 1, size - 1, fmt);
    return 0;
}
