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

/* What a reader whose text is its own source (office documents, RTF,
 * Word 97-2003) promises: valid UTF-8 without NUL, blocks in order, each
 * block's text offset its source offset, and a line per block. */
static inline void
check_own_source(const accsi_parsed *p)
{
    const char *t = p->text.data ? p->text.data : "";
    assert_true(accsi_utf8_valid(t, p->text.len));
    assert_null(memchr(t, '\0', p->text.len));
    assert_int_equal(p->src_len, p->text.len);
    assert_int_equal(p->n_lines, p->n_blocks ? p->n_blocks : 1);
    for (size_t b = 0; b < p->n_blocks; b++) {
        assert_true(p->blocks[b].start < p->blocks[b].end);
        assert_true(b == 0 || p->blocks[b].start >= p->blocks[b - 1].end);
        uint64_t so = accsi_parsed_src_offset(p, p->blocks[b].start);
        assert_int_equal(so, p->blocks[b].start);
        assert_int_equal(accsi_parsed_line(p, so), b + 1);
    }
}

#endif
