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
    fuzz_check_own_source(p);
    size_t tlen = p->text.len;
    for (size_t i = 0; i < p->n_pages; i++)
        FUZZ_CHECK(p->page_starts[i] <= tlen && (i == 0 || p->page_starts[i] >= p->page_starts[i - 1]),
                   "page %zu starts at %llu (text %zu bytes)", i + 1,
                   (unsigned long long)p->page_starts[i], tlen);
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
