/* SPDX-License-Identifier: MIT */
/* Split stage: paragraphs -> passages (see split.h). */
#include <stdlib.h>
#include <string.h>

#include "split.h"

void
accsi_spans_free(accsi_spans *s)
{
    free(s->items);
    memset(s, 0, sizeof *s);
}

static int
push(accsi_spans *s, size_t start, size_t end, unsigned words)
{
    if (!accsi_grow((void **)&s->items, &s->cap, s->n, sizeof *s->items))
        return 0;
    s->items[s->n].start = start;
    s->items[s->n].end = end;
    s->items[s->n].words = words;
    s->items[s->n].quote = 0;
    s->n++;
    return 1;
}

/* Words counted as runs of non-space bytes: cheap, and close enough to the
 * tokenizer's count for sizing passages. */
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
    const char *text;
    accsi_spans *out;
    size_t win_start;    /* start of the window being filled */
    size_t win_end;
    unsigned win_words;
    int failed;
} window_ctx;

static void
close_window(window_ctx *w)
{
    if (w->win_words && !push(w->out, w->win_start, w->win_end, w->win_words))
        w->failed = 1;
    w->win_words = 0;
}

/* Cut one over-long sentence at word boundaries. */
static void
cut_words(window_ctx *w, size_t start, size_t end)
{
    size_t i = start;
    while (i < end) {
        size_t s = i;
        unsigned n = 0;
        int in = 0;
        while (i < end) {
            int sp = w->text[i] == ' ' || w->text[i] == '\n';
            if (!sp && !in) {
                if (n == ACCSI_PASSAGE_TARGET_WORDS)
                    break;
                n++;
            }
            in = !sp;
            i++;
        }
        if (n && !push(w->out, s, i, n))
            w->failed = 1;
    }
}

static int
add_sentence(size_t start, size_t end, void *payload)
{
    window_ctx *w = payload;
    unsigned n = count_words(w->text + start, end - start);
    if (n == 0)
        return 0;
    if (n > ACCSI_PASSAGE_MAX_WORDS) {
        close_window(w);
        cut_words(w, start, end);
        return w->failed;
    }
    if (w->win_words &&
        (w->win_words >= ACCSI_PASSAGE_TARGET_WORDS ||
         w->win_words + n > ACCSI_PASSAGE_MAX_WORDS))
        close_window(w);
    if (w->win_words == 0)
        w->win_start = start;
    w->win_end = end;
    w->win_words += n;
    return w->failed;
}

/* Merge span i+1 into span i. */
static void
merge_next(accsi_spans *s, size_t i)
{
    s->items[i].end = s->items[i + 1].end;
    s->items[i].words += s->items[i + 1].words;
    s->items[i].quote = s->items[i].quote && s->items[i + 1].quote;
    memmove(&s->items[i + 1], &s->items[i + 2],
            (s->n - i - 2) * sizeof *s->items);
    s->n--;
}

static unsigned
page_of(const accsi_parsed *doc, size_t text_off)
{
    return accsi_parsed_page(doc, accsi_parsed_src_offset(doc, text_off));
}

/* May spans a and b become one passage: on the same page, and both
 * quotations or neither? */
static int
joinable(const accsi_parsed *doc, const accsi_spans *s, size_t a, size_t b)
{
    return s->items[a].quote == s->items[b].quote &&
           (doc->n_pages == 0 ||
            page_of(doc, s->items[a].start) == page_of(doc, s->items[b].start));
}

accs_status
accsi_split_passages(accsi_analyser *a, const accsi_parsed *doc,
                     accsi_spans *out)
{
    const char *text = doc->text.data;
    memset(out, 0, sizeof *out);
    /* Headings: remember which spans are headings to merge them forward. */
    unsigned char *heading = calloc(doc->n_blocks * 2 + 1, 1);
    if (!heading)
        return ACCS_ENOMEM;
    for (size_t b = 0; b < doc->n_blocks; b++) {
        const accsi_block *blk = &doc->blocks[b];
        unsigned n = count_words(text + blk->start, blk->end - blk->start);
        size_t before = out->n;
        if (n <= ACCSI_PASSAGE_MAX_WORDS) {
            if (!push(out, blk->start, blk->end, n))
                goto oom;
        } else {
            /* Sentence offsets are relative to the block, and so is the
             * text the window code reads. */
            window_ctx w = {text + blk->start, out, 0, 0, 0, 0};
            accs_status st = accsi_sentences(a, text + blk->start,
                                             blk->end - blk->start,
                                             add_sentence, &w);
            (void)st;
            close_window(&w);
            if (w.failed)
                goto oom;
            /* Sentence offsets are relative to the block. */
            for (size_t k = before; k < out->n; k++) {
                out->items[k].start += blk->start;
                out->items[k].end += blk->start;
            }
        }
        if (out->n > before) {
            unsigned char *h = realloc(heading, out->n + 1);
            if (!h)
                goto oom;
            heading = h;
            /* Only the last piece of a (very long) heading joins what
             * follows. */
            for (size_t k = before; k < out->n; k++) {
                heading[k] = blk->is_heading && k == out->n - 1;
                out->items[k].quote = blk->is_quote;
            }
        }
    }
    /* A heading joins the passage that follows it. */
    for (size_t i = 0; i + 1 < out->n;) {
        if (heading[i]) {
            heading[i] = heading[i + 1];
            memmove(&heading[i + 1], &heading[i + 2], out->n - i - 2);
            merge_next(out, i);
            continue;
        }
        i++;
    }
    /* Very short passages join a neighbour when the result stays small,
     * on the same page (a slide, a sheet or a PDF page is a unit, and a
     * hit names its page), and of the same kind: a mail's quotation of an
     * earlier message stays apart from what its writer wrote. */
    for (size_t i = 0; i < out->n && out->n > 1;) {
        if (out->items[i].words >= ACCSI_PASSAGE_MIN_WORDS) {
            i++;
            continue;
        }
        unsigned next = i + 1 < out->n && joinable(doc, out, i, i + 1)
                            ? out->items[i + 1].words
                            : UINT32_MAX;
        unsigned prev = i > 0 && joinable(doc, out, i - 1, i) ? out->items[i - 1].words
                                                               : UINT32_MAX;
        unsigned mine = out->items[i].words;
        if (next != UINT32_MAX && mine + next <= ACCSI_PASSAGE_MAX_WORDS &&
            (next <= prev || prev == UINT32_MAX)) {
            merge_next(out, i);
        } else if (prev != UINT32_MAX && mine + prev <= ACCSI_PASSAGE_MAX_WORDS) {
            merge_next(out, i - 1);
        } else if (next != UINT32_MAX && mine + next <= ACCSI_PASSAGE_MAX_WORDS) {
            merge_next(out, i);
        } else {
            i++;
        }
    }
    free(heading);
    return ACCS_OK;
oom:
    free(heading);
    accsi_spans_free(out);
    return ACCS_ENOMEM;
}
