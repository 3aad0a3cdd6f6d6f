/* SPDX-License-Identifier: MIT */
/* libFuzzer target: Word 97-2003 documents (parse_doc.c and the module
 * accsearch-doc.so).  The first input byte chooses how the rest is read:
 * odd, written over tests/data/office/report-8bit.doc from the start of
 * its WordDocument stream, so that mutations spend their time on the FIB
 * and the text rather than on breaking the compound file around them;
 * even, as a file as it is (libgsf's container, then the rest), which
 * must be refused with a message unless it opens as an OLE2 compound
 * file.  A document read must keep the invariants of extracted text:
 * valid UTF-8 without NUL, blocks in order, the text its own source with
 * a line per block, no pages; one refused must say why. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static char *tmpl;      /* report-8bit.doc */
static size_t tmpl_len;
static size_t tmpl_fib; /* where its WordDocument stream (its FIB) starts */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_analyser();
    FILE *f = fopen(ACCS_SOURCE_DIR "/tests/data/office/report-8bit.doc", "rb");
    FUZZ_CHECK(f != NULL, "cannot open %s", ACCS_SOURCE_DIR "/tests/data/office/report-8bit.doc");
    tmpl = malloc(1 << 16);
    FUZZ_CHECK(tmpl != NULL, "out of memory");
    tmpl_len = fread(tmpl, 1, 1 << 16, f);
    fclose(f);
    /* wIdent 0xA5EC and LibreOffice's nFib 0x0101. */
    for (tmpl_fib = 0; tmpl_fib + 4 <= tmpl_len; tmpl_fib++)
        if (memcmp(tmpl + tmpl_fib, "\xEC\xA5\x01\x01", 4) == 0)
            break;
    FUZZ_CHECK(tmpl_fib + 4 <= tmpl_len, "no FIB in the template");
    return 0;
}

static void
check_doc(const accsi_parsed *p)
{
    fuzz_check_extracted(p);
    fuzz_check_own_source(p);
    FUZZ_CHECK(p->n_pages == 0, "%zu pages in a .doc", p->n_pages);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int patch = data[0] & 1;
    size_t len = patch ? tmpl_len : size - 1;
    char *src = malloc(len ? len : 1);
    if (!src)
        return 0;
    if (patch) {
        size_t n = size - 1 < tmpl_len - tmpl_fib ? size - 1 : tmpl_len - tmpl_fib;
        memcpy(src, tmpl, tmpl_len);
        memcpy(src + tmpl_fib, data + 1, n);
    } else {
        memcpy(src, data + 1, len);
    }
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, src, len, ACCSI_FMT_DOC, &err);
    FUZZ_CHECK(st == ACCS_OK || err.msg[0], "failed (%d) without a message", (int)st);
    FUZZ_CHECK(st != ACCS_OK || accsi_ole2_sniff(src, len), "a file that is not OLE2 was read");
    if (st == ACCS_OK) {
        check_doc(&doc);
        fuzz_split_and_check(&doc);
    }
    accsi_parsed_free(&doc);
    free(src);
    return 0;
}
