/* SPDX-License-Identifier: MIT */
/* libFuzzer target: Word, PowerPoint, Excel, OpenDocument and EPUB files
 * (zip archives of XML).  The first input byte chooses the format (modulo
 * 7: .docx, .odt, .pptx, .odp, .ods, .xlsx, .epub); the rest is the
 * archive.  Most
 * mutations make an archive that is refused, which must be a clean
 * error; one that parses must keep the invariants of extracted text:
 * blocks in order inside valid UTF-8 text, one line per block, byte
 * ranges in the text itself. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

/* Office text is its own source: one anchor, a line per block. */
static void
check_office(const accsi_parsed *p)
{
    fuzz_check_extracted(p);
    size_t tlen = p->text.len;
    FUZZ_CHECK(p->src_len == tlen, "src_len %llu for %zu bytes of text",
               (unsigned long long)p->src_len, tlen);
    FUZZ_CHECK(p->n_anchors == 1 && p->anchors[0].text_off == 0 &&
                   p->anchors[0].src_off == 0,
               "the text is not its own source (%zu anchors)", p->n_anchors);
    FUZZ_CHECK(p->n_lines == (p->n_blocks ? p->n_blocks : 1), "%zu lines for %zu blocks",
               p->n_lines, p->n_blocks);
    for (size_t i = 0; i < p->n_pages; i++)
        FUZZ_CHECK(p->page_starts[i] <= tlen && (i == 0 || p->page_starts[i] >= p->page_starts[i - 1]),
                   "page %zu starts at %llu (text %zu bytes)", i + 1,
                   (unsigned long long)p->page_starts[i], tlen);
    for (size_t b = 0; b < p->n_blocks; b++) {
        uint64_t so = accsi_parsed_src_offset(p, p->blocks[b].start);
        FUZZ_CHECK(so == p->blocks[b].start, "block %zu at %zu maps to %llu", b,
                   p->blocks[b].start, (unsigned long long)so);
        FUZZ_CHECK(accsi_parsed_line(p, so) == b + 1, "block %zu on line %u", b,
                   accsi_parsed_line(p, so));
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const accsi_fmt fmts[] = {ACCSI_FMT_DOCX, ACCSI_FMT_ODT, ACCSI_FMT_PPTX,
                                     ACCSI_FMT_ODP,  ACCSI_FMT_ODS, ACCSI_FMT_XLSX,
                                     ACCSI_FMT_EPUB};
    accsi_fmt fmt = fmts[data[0] % 7];
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, (const char *)data + 1, size - 1, fmt, &err);
    FUZZ_CHECK(st == ACCS_OK || err.msg[0], "failed (%d) without a message", (int)st);
    if (st == ACCS_OK) {
        check_office(&doc);
        fuzz_split_and_check(&doc);
    }
    accsi_parsed_free(&doc);
    return 0;
}
