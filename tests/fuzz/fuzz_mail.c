/* SPDX-License-Identifier: MIT */
/* libFuzzer target: mail messages (parse_mail.c and the GMime module it
 * opens).  The input is the message.  Most mutations give a message with
 * odd headers or parts, which must still give text or a clean error; the
 * text must keep its invariants: valid UTF-8 without NUL, blocks in
 * order, each at a source offset inside the text read and on a later
 * line than the one before. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

/* Mail text counts lines in the text read, which the blocks follow. */
static void
check_mail(const accsi_parsed *p)
{
    fuzz_check_extracted(p);
    FUZZ_CHECK(p->n_pages == 0, "%zu pages in a mail", p->n_pages);
    uint64_t prev_src = 0;
    unsigned prev_line = 0;
    for (size_t b = 0; b < p->n_blocks; b++) {
        uint64_t so = accsi_parsed_src_offset(p, p->blocks[b].start);
        FUZZ_CHECK(so < p->src_len && so >= prev_src,
                   "block %zu at source %llu (before: %llu, text read: %llu bytes)", b,
                   (unsigned long long)so, (unsigned long long)prev_src,
                   (unsigned long long)p->src_len);
        prev_src = so;
        unsigned line = accsi_parsed_line(p, so);
        FUZZ_CHECK(line > prev_line, "block %zu on line %u after line %u", b, line,
                   prev_line);
        prev_line = line;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, (const char *)data, size, ACCSI_FMT_EML, &err);
    FUZZ_CHECK(st == ACCS_OK || err.msg[0], "failed (%d) without a message", (int)st);
    if (st == ACCS_OK) {
        check_mail(&doc);
        fuzz_split_and_check(&doc);
    }
    accsi_parsed_free(&doc);
    return 0;
}
