/* SPDX-License-Identifier: MIT */
/* libFuzzer target: Word, PowerPoint and OpenDocument files (zip archives
 * of XML).  The first input byte chooses the format (modulo 5: .docx,
 * .odt, .pptx, .odp, .ods); the rest is the archive.  Most mutations make an archive that is refused,
 * which must be a clean error; one that parses must keep the invariants
 * of extracted text: blocks in order inside valid UTF-8 text, one line
 * per block, byte ranges in the text itself. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_analyser();
    return 0;
}

static void
check_extracted(const accsi_parsed *p)
{
    const char *text = p->text.data ? p->text.data : "";
    size_t tlen = p->text.len;
    FUZZ_CHECK(!p->failed && !p->in_block, "failed %d, block open %d", p->failed,
               p->in_block);
    FUZZ_CHECK(p->src_len == tlen, "src_len %llu for %zu bytes of text",
               (unsigned long long)p->src_len, tlen);
    FUZZ_CHECK(accsi_utf8_valid(text, tlen) && !memchr(text, '\0', tlen),
               "extracted text is not UTF-8 without NUL");
    FUZZ_CHECK(p->n_anchors == 1 && p->anchors[0].text_off == 0 &&
                   p->anchors[0].src_off == 0,
               "the text is not its own source (%zu anchors)", p->n_anchors);
    FUZZ_CHECK(p->n_lines == (p->n_blocks ? p->n_blocks : 1), "%zu lines for %zu blocks",
               p->n_lines, p->n_blocks);
    for (size_t i = 0; i < p->n_pages; i++)
        FUZZ_CHECK(p->page_starts[i] <= tlen && (i == 0 || p->page_starts[i] >= p->page_starts[i - 1]),
                   "page %zu starts at %llu (text %zu bytes)", i + 1,
                   (unsigned long long)p->page_starts[i], tlen);
    size_t prev_end = 0;
    for (size_t b = 0; b < p->n_blocks; b++) {
        const accsi_block *blk = &p->blocks[b];
        FUZZ_CHECK(blk->start < blk->end && blk->end <= tlen && blk->start >= prev_end,
                   "block %zu is [%zu, %zu) after %zu in %zu bytes", b, blk->start,
                   blk->end, prev_end, tlen);
        prev_end = blk->end;
        uint64_t so = accsi_parsed_src_offset(p, blk->start);
        FUZZ_CHECK(so == blk->start, "block %zu at %zu maps to %llu", b, blk->start,
                   (unsigned long long)so);
        FUZZ_CHECK(accsi_parsed_line(p, so) == b + 1, "block %zu on line %u", b,
                   accsi_parsed_line(p, so));
    }
    if (p->title)
        FUZZ_CHECK(accsi_utf8_valid(p->title, strlen(p->title)) && p->title[0],
                   "title is empty or not UTF-8");
    if (p->date)
        FUZZ_CHECK(accsi_date_len(p->date, strlen(p->date)) == strlen(p->date),
                   "bad date '%s'", p->date);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const accsi_fmt fmts[] = {ACCSI_FMT_DOCX, ACCSI_FMT_ODT, ACCSI_FMT_PPTX,
                                     ACCSI_FMT_ODP, ACCSI_FMT_ODS};
    accsi_fmt fmt = fmts[data[0] % 5];
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, (const char *)data + 1, size - 1, fmt, &err);
    FUZZ_CHECK(st == ACCS_OK || err.msg[0], "failed (%d) without a message", (int)st);
    if (st == ACCS_OK) {
        check_extracted(&doc);
        accsi_spans spans;
        st = accsi_split_passages(fuzz_analyser(), &doc, &spans);
        FUZZ_CHECK(st == ACCS_OK, "accsi_split_passages failed (%d)", (int)st);
        fuzz_check_spans(&doc, &spans);
        accsi_spans_free(&spans);
    }
    accsi_parsed_free(&doc);
    return 0;
}
