/* SPDX-License-Identifier: MIT */
/* libFuzzer target: HTML parsing and passage splitting, invariants checked. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_parse_and_split((const char *)data, size, ACCSI_FMT_HTML);
    return 0;
}
