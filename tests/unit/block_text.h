/* SPDX-License-Identifier: MIT */
/* The parse tests' view of a parsed document's blocks.  Include after
 * <cmocka.h> and "parse.h". */
#ifndef ACCS_TEST_BLOCK_TEXT_H
#define ACCS_TEST_BLOCK_TEXT_H

#include <string.h>

/* The text of block `i`, NUL-terminated in a static buffer. */
static const char *
block_text(const accsi_parsed *p, size_t i)
{
    static char buf[4096];
    assert_true(i < p->n_blocks);
    size_t n = p->blocks[i].end - p->blocks[i].start;
    assert_true(n < sizeof buf);
    memcpy(buf, p->text.data + p->blocks[i].start, n);
    buf[n] = '\0';
    return buf;
}

#endif
