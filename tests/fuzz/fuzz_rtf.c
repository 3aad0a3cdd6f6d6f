/* SPDX-License-Identifier: MIT */
/* libFuzzer target: RTF files (parse_rtf.c).  The first input byte
 * chooses how the rest is read: odd, as the body of a document, after
 * "{\rtf1 " (so that mutations spend their time on groups, control words
 * and escapes rather than on breaking the header); even, as a file as it
 * is, which must be refused with a message unless it opens as RTF.  A
 * document read must keep the invariants of extracted text: valid UTF-8
 * without NUL, blocks in order, the text its own source with a line per
 * block; one refused must say why. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static void
check_rtf(const accsi_parsed *p)
{
    fuzz_check_extracted(p);
    fuzz_check_own_source(p);
    FUZZ_CHECK(p->n_pages == 0, "%zu pages in RTF", p->n_pages);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char head[] = "{\\rtf1 ";
    size_t hl = (data[0] & 1) ? sizeof head - 1 : 0;
    size_t len = hl + size - 1;
    char *src = malloc(len ? len : 1);
    if (!src)
        return 0;
    memcpy(src, head, hl);
    memcpy(src + hl, data + 1, size - 1);
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, src, len, ACCSI_FMT_RTF, &err);
    FUZZ_CHECK(st == ACCS_OK || err.msg[0], "failed (%d) without a message", (int)st);
    /* What opens as RTF is read, unless its groups nest too deep. */
    FUZZ_CHECK(st == ACCS_OK || !accsi_rtf_sniff(src, len) || strstr(err.msg, "nested"),
               "an RTF document refused: %s", err.msg);
    FUZZ_CHECK(st != ACCS_OK || accsi_rtf_sniff(src, len), "a file that is not RTF was read");
    if (st == ACCS_OK) {
        check_rtf(&doc);
        fuzz_split_and_check(&doc);
    }
    accsi_parsed_free(&doc);
    free(src);
    return 0;
}
