/* SPDX-License-Identifier: MIT */
/* Shared helpers of the libFuzzer targets: analyser and invariant checks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "compound.h"
#include "lexicon.h"

void
fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "\n%s:%d: invariant violated: %s\n  ", file, line, cond);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

int
fuzz_ignored(const char *check)
{
    static const char *list;
    static int loaded;
    if (!loaded) {
        list = getenv("FUZZ_IGNORE");
        loaded = 1;
    }
    size_t n = strlen(check);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, check, n) == 0)
            return 1;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

accsi_analyser *
fuzz_analyser(void)
{
    static accsi_analyser *an;
    if (an)
        return an;
    accsi_err err;
    err.msg[0] = '\0';
    if (accsi_analyser_new(&an, &err) != ACCS_OK) {
        fprintf(stderr, "fuzz: cannot create the analyser: %s\n", err.msg);
        abort();
    }
    /* Load the stopword and override lists and the Dutch dictionary now. */
    accsi_compound parts;
    accsi_decompound("veiligheidsraad", 15, &parts);
    (void)accsi_is_stopword(ACCSI_LANG_NL, "de", 2);
    if (accsi_lexicon_dutch_size() == 0)
        fprintf(stderr, "fuzz: warning: no Dutch dictionary, compound "
                        "splitting is not exercised\n");
    return an;
}

static int
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Is `off` the start of a line of the (effective) source? */
static int
is_line_start(const accsi_parsed *p, uint64_t off)
{
    size_t lo = 0, hi = p->n_lines;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->line_starts[mid] == off)
            return 1;
        if (p->line_starts[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* The code unit at byte `off` of the input: a byte, or for decoded UTF-16
 * a 16-bit unit; -1 past the end. */
static long
code_unit(const char *src, size_t len, accsi_encoding enc, int decoded, uint64_t off)
{
    const unsigned char *s = (const unsigned char *)src;
    int wide = decoded && (enc == ACCSI_ENC_UTF16LE || enc == ACCSI_ENC_UTF16BE);
    if (off + (wide ? 2 : 1) > len)
        return -1;
    if (!wide)
        return s[off];
    return enc == ACCSI_ENC_UTF16LE ? (long)(s[off] | s[off + 1] << 8)
                                    : (long)(s[off] << 8 | s[off + 1]);
}

void
fuzz_check_parsed(const accsi_parsed *p, const char *src, size_t len,
                  accsi_fmt fmt)
{
    const char *text = p->text.data ? p->text.data : "";
    size_t tlen = p->text.len;

    FUZZ_CHECK(!p->failed, "parse reported success but failed is set");
    FUZZ_CHECK(!p->in_block, "a block is still open after parsing");
    FUZZ_CHECK(p->src_len == len, "src_len %llu, input %zu bytes",
               (unsigned long long)p->src_len, len);
    FUZZ_CHECK(p->text.data || tlen == 0, "text.len %zu without data", tlen);
    FUZZ_CHECK(text[tlen] == '\0', "text not NUL-terminated at %zu", tlen);
    FUZZ_CHECK(p->lang == ACCSI_LANG_UNKNOWN || p->lang == ACCSI_LANG_NL ||
                   p->lang == ACCSI_LANG_EN,
               "bad language %d", (int)p->lang);

    /* The bytes the format parser read: the input converted to UTF-8 when
     * it is UTF-16 or Windows-1252, else a repaired copy unless the input
     * is valid UTF-8 without NUL bytes, or HTML declaring another charset
     * (see accsi_parse).
     * Reported offsets and lines are in the original input. */
    accsi_encoding enc = accsi_detect_encoding(src, len);
    int wide = enc == ACCSI_ENC_UTF16LE || enc == ACCSI_ENC_UTF16BE;
    int other = fmt == ACCSI_FMT_HTML && accsi_html_charset_for_libxml2(src, len, enc);
    accsi_buf fixed;
    accsi_buf_init(&fixed);
    const char *eff = src;
    size_t efflen = len;
    unsigned repaired = 0;
    int decoded = !other && (wide || enc == ACCSI_ENC_CP1252);
    if (decoded) {
        /* The text comes from accsi_decode (test_parse checks what it
         * makes of known inputs); here it must be valid UTF-8 without a
         * NUL, and lines and block starts are checked against the raw
         * input below. */
        accsi_decoded dec;
        FUZZ_CHECK(accsi_decode(src, len, enc, &dec) == ACCS_OK, "decoding failed");
        FUZZ_CHECK(accsi_utf8_valid(dec.text.data ? dec.text.data : "", dec.text.len),
                   "decoded text is not valid UTF-8");
        FUZZ_CHECK(!memchr(dec.text.data ? dec.text.data : "", '\0', dec.text.len),
                   "decoded text holds a NUL");
        repaired = dec.n_replaced;
        accsi_buf_add(&fixed, dec.text.data ? dec.text.data : "", dec.text.len);
        accsi_decoded_free(&dec);
        eff = fixed.data ? fixed.data : "";
        efflen = fixed.len;
    } else if (!other && (!accsi_utf8_valid(src, len) || memchr(src, '\0', len))) {
        repaired = (unsigned)accsi_utf8_repair(src, len, &fixed);
        eff = fixed.data;
        efflen = fixed.len;
    }
    FUZZ_CHECK(p->n_repaired == repaired, "n_repaired %u, expected %u",
               p->n_repaired, repaired);

    /* Lines: one more than the line ends of the text read, each starting
     * just after a line end of the input (a code unit 0x0A in UTF-16). */
    size_t want_lines = 1;
    const char *lsrc = decoded ? eff : src;
    size_t llen = decoded ? efflen : len;
    for (size_t i = 0; i < llen; i++)
        want_lines += lsrc[i] == '\n';
    FUZZ_CHECK(p->n_lines == want_lines, "%zu lines, expected %zu", p->n_lines,
               want_lines);
    FUZZ_CHECK(p->line_starts[0] == 0, "first line starts at %llu",
               (unsigned long long)p->line_starts[0]);
    for (size_t i = 1; i < p->n_lines; i++) {
        uint64_t ls = p->line_starts[i];
        FUZZ_CHECK(ls > p->line_starts[i - 1] && ls <= len &&
                       code_unit(src, len, enc, decoded, ls - (wide ? 2 : 1)) == '\n',
                   "line %zu starts at %llu", i + 1, (unsigned long long)ls);
    }

    /* Extracted text is valid UTF-8 (repaired, or decoded by libxml2):
     * the tokenizer requires it. */
    int check_utf8 = !fuzz_ignored("text-utf8");
    FUZZ_CHECK(!check_utf8 || accsi_utf8_valid(text, tlen),
               "extracted text (%zu bytes) is not valid UTF-8", tlen);

    /* Anchors: sorted by text offset (parse.h).  HTML anchors are line
     * starts of the input; text and Markdown anchors are offsets in the
     * bytes parsed, which these formats copy verbatim, so the byte at an
     * anchor is the byte it names. */
    int check_order = !fuzz_ignored("anchor-order");
    for (size_t i = 1; i < p->n_anchors && check_order; i++)
        FUZZ_CHECK(p->anchors[i].text_off >= p->anchors[i - 1].text_off,
                   "anchors not sorted: anchor %zu at text offset %zu after "
                   "anchor %zu at %zu", i, p->anchors[i].text_off, i - 1,
                   p->anchors[i - 1].text_off);
    size_t anchor_max = fmt == ACCSI_FMT_HTML ? len : efflen;
    for (size_t i = 0; i < p->n_anchors; i++) {
        const accsi_anchor *a = &p->anchors[i];
        FUZZ_CHECK(a->src_off <= anchor_max, "anchor %zu at source offset %llu "
                   "beyond %zu", i, (unsigned long long)a->src_off, anchor_max);
        /* Only the last anchor at a text offset is the one looked up. */
        int effective = i + 1 == p->n_anchors ||
                        p->anchors[i + 1].text_off > a->text_off;
        if (!effective || a->text_off >= tlen || a->src_off >= anchor_max ||
            fuzz_ignored("anchor-bytes"))
            continue;
        if (fmt == ACCSI_FMT_HTML)
            FUZZ_CHECK(is_line_start(p, a->src_off),
                       "HTML anchor %zu at source offset %llu is not a line "
                       "start", i, (unsigned long long)a->src_off);
        else
            FUZZ_CHECK(text[a->text_off] == eff[a->src_off],
                       "anchor %zu: text[%zu] = 0x%02x but source[%llu] = "
                       "0x%02x", i, a->text_off, (unsigned char)text[a->text_off],
                       (unsigned long long)a->src_off,
                       (unsigned char)eff[a->src_off]);
    }

    /* Blocks: non-empty, trimmed, in order, inside the text, and mapped to
     * the input: the ASCII byte a text or Markdown block starts with is
     * the input byte at its reported offset. */
    int check_offsets = fmt != ACCSI_FMT_HTML && !fuzz_ignored("block-offsets");
    size_t prev_end = 0;
    for (size_t b = 0; b < p->n_blocks; b++) {
        const accsi_block *blk = &p->blocks[b];
        FUZZ_CHECK(blk->start < blk->end && blk->end <= tlen,
                   "block %zu is [%zu, %zu) in a text of %zu bytes", b,
                   blk->start, blk->end, tlen);
        FUZZ_CHECK(blk->start >= prev_end, "block %zu starts at %zu before the "
                   "end %zu of the previous one", b, blk->start, prev_end);
        FUZZ_CHECK(!is_ws(text[blk->start]) && !is_ws(text[blk->end - 1]),
                   "block %zu [%zu, %zu) is not trimmed", b, blk->start,
                   blk->end);
        FUZZ_CHECK(blk->is_heading == 0 || blk->is_heading == 1,
                   "block %zu: is_heading %d", b, blk->is_heading);
        prev_end = blk->end;
        uint64_t so = accsi_parsed_src_offset(p, blk->start);
        uint64_t eo = accsi_parsed_src_offset(p, blk->end);
        FUZZ_CHECK(so <= len && eo <= len, "block %zu maps to source [%llu, "
                   "%llu), input %zu bytes", b, (unsigned long long)so,
                   (unsigned long long)eo, len);
        unsigned char c = (unsigned char)text[blk->start];
        if (check_offsets && c < 0x80)
            FUZZ_CHECK(code_unit(src, len, enc, decoded, so) == c,
                       "block %zu starts with 0x%02x but maps to input offset "
                       "%llu (0x%02lx)", b, c, (unsigned long long)so,
                       code_unit(src, len, enc, decoded, so));
        unsigned line = accsi_parsed_line(p, so);
        FUZZ_CHECK(line >= 1 && line <= p->n_lines, "block %zu on line %u of "
                   "%zu", b, line, p->n_lines);
    }

    if (p->title && check_utf8)
        FUZZ_CHECK(accsi_utf8_valid(p->title, strlen(p->title)),
                   "title is not valid UTF-8");
    if (p->date) {
        size_t dl = strlen(p->date);
        FUZZ_CHECK((dl == 7 || dl == 10) && accsi_date_len(p->date, dl) == dl,
                   "bad date '%s'", p->date);
    }
    accsi_buf_free(&fixed);
}

void
fuzz_check_spans(const accsi_parsed *p, const accsi_spans *s)
{
    const char *text = p->text.data ? p->text.data : "";
    size_t prev_end = 0;
    for (size_t i = 0; i < s->n; i++) {
        const accsi_span *sp = &s->items[i];
        FUZZ_CHECK(sp->start < sp->end && sp->end <= p->text.len,
                   "passage %zu is [%zu, %zu) in a text of %zu bytes", i,
                   sp->start, sp->end, p->text.len);
        FUZZ_CHECK(sp->start >= prev_end, "passage %zu starts at %zu before "
                   "the end %zu of the previous one", i, sp->start, prev_end);
        FUZZ_CHECK(sp->words > 0, "passage %zu [%zu, %zu) has no words", i,
                   sp->start, sp->end);
        prev_end = sp->end;
    }
    FUZZ_CHECK(s->n > 0 || p->n_blocks == 0, "%zu blocks but no passages",
               p->n_blocks);
    /* Every non-blank byte of every block lies in some passage: no text
     * goes unindexed. */
    size_t k = 0;
    int check_coverage = !fuzz_ignored("passage-coverage");
    for (size_t b = 0; b < p->n_blocks && check_coverage; b++) {
        const accsi_block *blk = &p->blocks[b];
        for (size_t i = blk->start; i < blk->end; i++) {
            if (is_ws(text[i]))
                continue;
            while (k < s->n && s->items[k].end <= i)
                k++;
            FUZZ_CHECK(k < s->n && s->items[k].start <= i,
                       "byte %zu (0x%02x) of block %zu [%zu, %zu) is in no "
                       "passage", i, (unsigned char)text[i], b, blk->start,
                       blk->end);
        }
    }
}

void
fuzz_parse_and_split(const char *src, size_t len, accsi_fmt fmt)
{
    accsi_parsed doc;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&doc, src, len, fmt, &err);
    FUZZ_CHECK(st == ACCS_OK, "accsi_parse failed (%d): %s", (int)st, err.msg);
    fuzz_check_parsed(&doc, src, len, fmt);
    fuzz_split_and_check(&doc);
    accsi_parsed_free(&doc);
}

/* The set-up of every target but fuzz_query, which has its own. */
__attribute__((weak)) int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_analyser();
    return 0;
}

void
fuzz_check_extracted(const accsi_parsed *p)
{
    const char *text = p->text.data ? p->text.data : "";
    size_t tlen = p->text.len;
    FUZZ_CHECK(!p->failed && !p->in_block, "failed %d, block open %d", p->failed,
               p->in_block);
    FUZZ_CHECK(accsi_utf8_valid(text, tlen) && !memchr(text, '\0', tlen),
               "extracted text is not UTF-8 without NUL");
    size_t prev_end = 0;
    for (size_t b = 0; b < p->n_blocks; b++) {
        const accsi_block *blk = &p->blocks[b];
        FUZZ_CHECK(blk->start < blk->end && blk->end <= tlen && blk->start >= prev_end,
                   "block %zu is [%zu, %zu) after %zu in %zu bytes", b, blk->start,
                   blk->end, prev_end, tlen);
        prev_end = blk->end;
    }
    if (p->title)
        FUZZ_CHECK(accsi_utf8_valid(p->title, strlen(p->title)) && p->title[0],
                   "title is empty or not UTF-8");
    if (p->date)
        FUZZ_CHECK(accsi_date_len(p->date, strlen(p->date)) == strlen(p->date),
                   "bad date '%s'", p->date);
}

void
fuzz_split_and_check(const accsi_parsed *p)
{
    accsi_spans spans;
    accs_status st = accsi_split_passages(fuzz_analyser(), p, &spans);
    FUZZ_CHECK(st == ACCS_OK, "accsi_split_passages failed (%d)", (int)st);
    fuzz_check_spans(p, &spans);
    accsi_spans_free(&spans);
}

void
fuzz_check_own_source(const accsi_parsed *p)
{
    FUZZ_CHECK(p->src_len == p->text.len, "src_len %llu for %zu bytes of text",
               (unsigned long long)p->src_len, p->text.len);
    FUZZ_CHECK(p->n_anchors == 1 && p->anchors[0].text_off == 0 &&
                   p->anchors[0].src_off == 0,
               "the text is not its own source (%zu anchors)", p->n_anchors);
    FUZZ_CHECK(p->n_lines == (p->n_blocks ? p->n_blocks : 1), "%zu lines for %zu blocks",
               p->n_lines, p->n_blocks);
    for (size_t b = 0; b < p->n_blocks; b++) {
        uint64_t so = accsi_parsed_src_offset(p, p->blocks[b].start);
        FUZZ_CHECK(so == p->blocks[b].start, "block %zu at %zu maps to %llu", b,
                   p->blocks[b].start, (unsigned long long)so);
        FUZZ_CHECK(accsi_parsed_line(p, so) == b + 1, "block %zu on line %u", b,
                   accsi_parsed_line(p, so));
    }
}
