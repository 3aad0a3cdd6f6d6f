/* SPDX-License-Identifier: MIT */
/* libFuzzer target: mail messages (parse_mail.c and the GMime module it
 * opens).  The input is the message, and when it has a line that starts
 * with "From ", also an mbox file.  Most mutations give a message with
 * odd headers or parts, which must still give text or a clean error; the
 * text must keep its invariants: valid UTF-8 without NUL, blocks in
 * order, each at a source offset inside the text read and on a later
 * line than the one before. */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

/* Mail text counts lines in the text read, which the blocks follow. */
static void
check_mail(const accsi_parsed *p)
{
    fuzz_check_extracted(p);
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

/* An mbox's messages: a page and a subdoc each, in the file's order. */
static void
check_mbox(const accsi_parsed *p)
{
    check_mail(p);
    FUZZ_CHECK(p->n_pages > 0 && p->subdocs, "an mbox read with %zu messages", p->n_pages);
    for (size_t i = 0; i < p->n_pages; i++) {
        const accsi_subdoc *m = &p->subdocs[i];
        FUZZ_CHECK(m->line >= 1 && (i == 0 || m->line > p->subdocs[i - 1].line),
                   "message %zu on line %u", i, m->line);
        FUZZ_CHECK(p->page_starts[i] <= p->src_len &&
                       (i == 0 || p->page_starts[i] >= p->page_starts[i - 1]),
                   "message %zu starts at %llu", i, (unsigned long long)p->page_starts[i]);
        FUZZ_CHECK(!m->title || accsi_utf8_valid(m->title, strlen(m->title)),
                   "message %zu: title not UTF-8", i);
        FUZZ_CHECK(!m->date || accsi_date_len(m->date, strlen(m->date)) == strlen(m->date),
                   "message %zu: date '%s'", i, m->date);
    }
}

static void
parse_as(const uint8_t *data, size_t size, accsi_fmt fmt)
{
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, (const char *)data, size, fmt, &err);
    FUZZ_CHECK(st == ACCS_OK || err.msg[0], "failed (%d) without a message", (int)st);
    if (st == ACCS_OK) {
        if (fmt == ACCSI_FMT_MBOX) {
            check_mbox(&doc);
        } else {
            FUZZ_CHECK(doc.n_pages == 0, "%zu pages in a mail", doc.n_pages);
            check_mail(&doc);
        }
        fuzz_split_and_check(&doc);
    }
    accsi_parsed_free(&doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_as(data, size, ACCSI_FMT_EML);
    if ((size >= 5 && memcmp(data, "From ", 5) == 0) || memmem(data, size, "\nFrom ", 6))
        parse_as(data, size, ACCSI_FMT_MBOX);
    return 0;
}
