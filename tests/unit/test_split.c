/* SPDX-License-Identifier: MIT */
/* Unit tests for the split stage: paragraphs into passages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "split.h"
#include "analyser_fixture.h"

/* Append a sentence of `n` words (n >= 2) ending in a full stop. */
static void
add_sentence(accsi_buf *b, unsigned n, unsigned id)
{
    if (b->len && b->data[b->len - 1] != '\n')
        accsi_buf_addc(b, ' ');
    accsi_buf_printf(b, "Zin%u", id);
    for (unsigned i = 1; i + 1 < n; i++)
        accsi_buf_adds(b, " woord");
    accsi_buf_adds(b, " eind.");
}

/* Append a paragraph of `sentences` sentences of `words` words each. */
static void
add_paragraph(accsi_buf *b, unsigned sentences, unsigned words, unsigned *id)
{
    if (b->len)
        accsi_buf_adds(b, "\n\n");
    for (unsigned s = 0; s < sentences; s++)
        add_sentence(b, words, (*id)++);
}

static unsigned
count_words(const char *s, size_t len)
{
    unsigned n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

typedef struct {
    accsi_parsed doc;
    accsi_spans spans;
} split_result;

static void
split_text(accsi_analyser *a, const char *src, accsi_fmt fmt, split_result *r)
{
    assert_int_equal(accsi_parse(&r->doc, src, strlen(src), fmt, NULL), ACCS_OK);
    assert_int_equal(accsi_split_passages(a, &r->doc, &r->spans), ACCS_OK);
    /* Every passage: a valid range, in order, its word count right. */
    for (size_t i = 0; i < r->spans.n; i++) {
        const accsi_span *s = &r->spans.items[i];
        assert_true(s->start < s->end);
        assert_true(s->end <= r->doc.text.len);
        if (i)
            assert_true(s->start >= r->spans.items[i - 1].end);
        unsigned w = count_words(r->doc.text.data + s->start, s->end - s->start);
        if (w != s->words)
            fail_msg("passage %zu: %u words counted, %u in the span", i, w,
                     s->words);
    }
}

static void
free_result(split_result *r)
{
    accsi_spans_free(&r->spans);
    accsi_parsed_free(&r->doc);
}

/* The source and result under test: file-level variables, so that the
 * teardown frees them even when an assertion fails half-way. */
static accsi_buf cur_src;
static split_result cur_r;

static int
free_cur(void **state)
{
    (void)state;
    accsi_buf_free(&cur_src);
    free_result(&cur_r);
    return 0;
}

/* A window starts at a sentence's first word and ends after its full stop. */
static void
check_sentence_window(const split_result *r, size_t i)
{
    const accsi_span *s = &r->spans.items[i];
    const char *t = r->doc.text.data;
    if (strncmp(t + s->start, "Zin", 3) != 0)
        fail_msg("passage %zu starts inside a sentence: '%.20s'", i, t + s->start);
    size_t e = s->end;
    while (e > s->start && (t[e - 1] == ' ' || t[e - 1] == '\n'))
        e--;
    if (t[e - 1] != '.')
        fail_msg("passage %zu ends inside a sentence: '...%.20s'", i,
                 t + (e > 20 ? e - 20 : 0));
}

/* 400 words in 20 sentences: windows of 50-150 words at sentence ends.
 * Run with the long paragraph first and after a normal paragraph (its
 * sentence offsets are relative to its block). */
static void
check_long_paragraph(accsi_analyser *a, int pos)
{
    accsi_buf *src = &cur_src;
    accsi_buf_init(src);
    unsigned id = 0;
    if (pos == 1)
        add_paragraph(src, 2, 20, &id); /* 40 words */
    unsigned first_long = id;
    add_paragraph(src, 20, 20, &id);
    split_result *r = &cur_r;
    split_text(a, src->data, ACCSI_FMT_TEXT, r);
    size_t from = pos == 1 ? 1 : 0;
    assert_int_equal(r->doc.n_blocks, (size_t)1 + (size_t)pos);
    if (pos == 1) {
        assert_int_equal(r->spans.items[0].words, 40);
        assert_int_equal(r->spans.items[0].end, r->doc.blocks[0].end);
    }
    unsigned total = 0;
    printf("long paragraph %s:", pos ? "second" : "first");
    for (size_t i = from; i < r->spans.n; i++) {
        printf(" %u", r->spans.items[i].words);
        total += r->spans.items[i].words;
    }
    printf("\n");
    fflush(stdout);
    assert_int_equal(total, 400);
    assert_true(r->spans.n - from >= 3 && r->spans.n - from <= 8);
    for (size_t i = from; i < r->spans.n; i++) {
        assert_true(r->spans.items[i].words >= 50);
        assert_true(r->spans.items[i].words <= ACCSI_PASSAGE_MAX_WORDS);
        check_sentence_window(r, i);
    }
    /* The windows cover the paragraph from its first sentence to its
     * last. */
    char first[16];
    snprintf(first, sizeof first, "Zin%u ", first_long);
    assert_memory_equal(r->doc.text.data + r->spans.items[from].start, first,
                        strlen(first));
    assert_int_equal(r->spans.items[from].start, r->doc.blocks[pos].start);
    assert_int_equal(r->spans.items[r->spans.n - 1].end, r->doc.blocks[pos].end);
    free_result(r);
    accsi_buf_free(src);
}

static void
test_split__long_paragraph(void **state)
{
    check_long_paragraph(*state, 0);
}

/* The same paragraph as the second block of the document. */
static void
test_split__long_paragraph_second_block(void **state)
{
    check_long_paragraph(*state, 1);
}

/* A heading is merged into the paragraph that follows it. */
static void
test_split__heading_merged(void **state)
{
    accsi_buf *src = &cur_src;
    accsi_buf_init(src);
    unsigned id = 0;
    accsi_buf_adds(src, "# Het verdrag van Genève\n\n");
    add_paragraph(src, 2, 20, &id); /* 40 words */
    accsi_buf_adds(src, "\n\n## Tweede kop\n\n");
    add_paragraph(src, 3, 20, &id); /* 60 words */
    split_result *r = &cur_r;
    split_text(*state, src->data, ACCSI_FMT_MARKDOWN, r);
    assert_int_equal(r->doc.n_blocks, 4);
    assert_int_equal(r->spans.n, 2);
    assert_int_equal(r->spans.items[0].start, r->doc.blocks[0].start);
    assert_int_equal(r->spans.items[0].end, r->doc.blocks[1].end);
    assert_int_equal(r->spans.items[0].words, 4 + 40);
    assert_int_equal(r->spans.items[1].start, r->doc.blocks[2].start);
    assert_int_equal(r->spans.items[1].end, r->doc.blocks[3].end);
    assert_int_equal(r->spans.items[1].words, 2 + 60);
    free_result(r);
    accsi_buf_free(src);
}

/* A very short paragraph joins a neighbour: the smaller one. */
static void
test_split__short_paragraph_merged(void **state)
{
    static const struct {
        unsigned words[3];   /* the three paragraphs */
        size_t n;            /* passages expected */
        unsigned merged[3];  /* their word counts */
    } cases[] = {
        {{40, 5, 60}, 2, {45, 60}},   /* joins the smaller, previous one */
        {{60, 5, 40}, 2, {60, 45}},   /* joins the smaller, next one */
        {{5, 60, 0}, 1, {65}},        /* first paragraph: joins the next */
        {{60, 5, 0}, 1, {65}},        /* last paragraph: joins the previous */
        {{5, 0, 0}, 1, {5}},          /* alone: kept */
        {{148, 5, 148}, 3, {148, 5, 148}}, /* merging would exceed 150 */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        accsi_buf *src = &cur_src;
        accsi_buf_init(src);
        unsigned id = 0;
        for (int p = 0; p < 3 && cases[c].words[p]; p++)
            add_paragraph(src, 1, cases[c].words[p], &id);
        split_result *r = &cur_r;
        split_text(*state, src->data, ACCSI_FMT_TEXT, r);
        if (r->spans.n != cases[c].n)
            fail_msg("case %zu: %zu passages, expected %zu", c, r->spans.n,
                     cases[c].n);
        for (size_t i = 0; i < r->spans.n; i++)
            if (r->spans.items[i].words != cases[c].merged[i])
                fail_msg("case %zu passage %zu: %u words, expected %u", c, i,
                         r->spans.items[i].words, cases[c].merged[i]);
        free_result(r);
        accsi_buf_free(src);
    }
}

/* One sentence of 1000 words is cut at word boundaries. */
static void
check_giant_sentence(accsi_analyser *a, int pos)
{
    accsi_buf *src = &cur_src;
    accsi_buf_init(src);
    unsigned id = 0;
    if (pos == 1)
        add_paragraph(src, 2, 20, &id); /* 40 words first */
    add_paragraph(src, 1, 1000, &id);
    split_result *r = &cur_r;
    split_text(a, src->data, ACCSI_FMT_TEXT, r);
    const char *t = r->doc.text.data;
    size_t from = (size_t)pos;
    unsigned total = 0;
    printf("giant sentence %s:", pos ? "second" : "first");
    for (size_t i = from; i < r->spans.n; i++) {
        const accsi_span *s = &r->spans.items[i];
        printf(" %u", s->words);
        total += s->words;
    }
    printf("\n");
    fflush(stdout);
    for (size_t i = from; i < r->spans.n; i++) {
        const accsi_span *s = &r->spans.items[i];
        assert_true(s->words >= 1 && s->words <= ACCSI_PASSAGE_MAX_WORDS);
        /* Cut between words: not inside one. */
        assert_true(t[s->start] != ' ');
        assert_true(s->start == r->doc.blocks[pos].start || t[s->start - 1] == ' ');
        assert_true(s->end == r->doc.blocks[pos].end || t[s->end] != ' ');
        assert_true(s->end == r->doc.blocks[pos].end || t[s->end - 1] == ' ');
    }
    assert_int_equal(total, 1000);
    assert_int_equal(r->spans.n - from, 10);
    assert_int_equal(r->spans.items[from].start, r->doc.blocks[pos].start);
    assert_int_equal(r->spans.items[r->spans.n - 1].end, r->doc.blocks[pos].end);
    free_result(r);
    accsi_buf_free(src);
}

static void
test_split__giant_sentence(void **state)
{
    check_giant_sentence(*state, 0);
}

/* The same sentence as the second block of the document. */
static void
test_split__giant_sentence_second_block(void **state)
{
    check_giant_sentence(*state, 1);
}

/* Paragraphs of ordinary size are passages as they are. */
static void
test_split__plain_paragraphs(void **state)
{
    accsi_buf *src = &cur_src;
    accsi_buf_init(src);
    unsigned id = 0;
    add_paragraph(src, 2, 20, &id);
    add_paragraph(src, 7, 20, &id); /* 140 words: not cut */
    add_paragraph(src, 1, 25, &id);
    split_result *r = &cur_r;
    split_text(*state, src->data, ACCSI_FMT_TEXT, r);
    assert_int_equal(r->spans.n, 3);
    static const unsigned words[] = {40, 140, 25};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(r->spans.items[i].words, words[i]);
        assert_int_equal(r->spans.items[i].start, r->doc.blocks[i].start);
        assert_int_equal(r->spans.items[i].end, r->doc.blocks[i].end);
    }
    free_result(r);
    accsi_buf_free(src);

    /* An empty document has no passages. */
    split_text(*state, "", ACCSI_FMT_TEXT, r);
    assert_int_equal(r->spans.n, 0);
    free_result(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_split__long_paragraph, free_cur),
        cmocka_unit_test_teardown(test_split__long_paragraph_second_block, free_cur),
        cmocka_unit_test_teardown(test_split__heading_merged, free_cur),
        cmocka_unit_test_teardown(test_split__short_paragraph_merged, free_cur),
        cmocka_unit_test_teardown(test_split__giant_sentence, free_cur),
        cmocka_unit_test_teardown(test_split__giant_sentence_second_block, free_cur),
        cmocka_unit_test_teardown(test_split__plain_paragraphs, free_cur),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
