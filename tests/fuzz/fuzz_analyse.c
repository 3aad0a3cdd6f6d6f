/* SPDX-License-Identifier: MIT */
/* libFuzzer target: word analysis and accsi_prepare() of the input. */

/* Covers UTF-8 repair, ICU words and sentences, folding, stemming,
 * stopwords and compound splitting; the first input byte picks the format
 * and forced language of the accsi_prepare() call. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "compound.h"
#include "prepare.h"
#include "schema.h"

typedef struct {
    accsi_analyser *an;
    const char *text;
    size_t len;
    size_t prev_end;
    size_t n;
    accsi_buf fold;
    accsi_buf stem;
    accsi_lang_votes votes;
} tok_ctx;

static void
check_stem(tok_ctx *c, accsi_lang lang, const char *word, size_t len)
{
    accs_status st = accsi_stem(c->an, lang, word, len, &c->stem);
    FUZZ_CHECK(st == ACCS_OK, "accsi_stem(%s, '%.*s') failed (%d)",
               accsi_lang_code(lang), (int)len, word, (int)st);
    FUZZ_CHECK(c->stem.data || c->stem.len == 0, "stem without data");
    if (c->stem.data && !fuzz_ignored("stem-utf8"))
        FUZZ_CHECK(accsi_utf8_valid(c->stem.data, c->stem.len),
                   "%s stem of '%.*s' is not valid UTF-8: '%.*s'",
                   accsi_lang_code(lang), (int)len, word, (int)c->stem.len,
                   c->stem.data);
    FUZZ_CHECK(c->stem.len <= ACCSI_WORD_MAX + 8, "%s stem of %zu bytes",
               accsi_lang_code(lang), c->stem.len);
}

static int
on_token(const accsi_token *tok, void *payload)
{
    tok_ctx *c = payload;
    FUZZ_CHECK(tok->start < tok->end && tok->end <= c->len,
               "token [%zu, %zu) in a text of %zu bytes", tok->start, tok->end,
               c->len);
    FUZZ_CHECK(tok->start >= c->prev_end, "token [%zu, %zu) overlaps the "
               "previous one ending at %zu", tok->start, tok->end, c->prev_end);
    FUZZ_CHECK(tok->folded != NULL, "token [%zu, %zu) without folded form",
               tok->start, tok->end);
    c->prev_end = tok->end;
    c->n++;
    if (tok->too_long)
        return 0;
    const char *f = tok->folded;
    size_t fl = tok->folded_len;
    FUZZ_CHECK(fl > 0 && fl <= ACCSI_WORD_MAX && strlen(f) == fl,
               "token [%zu, %zu): folded length %zu, strlen %zu", tok->start,
               tok->end, fl, strlen(f));
    FUZZ_CHECK(accsi_utf8_valid(f, fl), "folded form of [%zu, %zu) is not "
               "valid UTF-8", tok->start, tok->end);
    FUZZ_CHECK(f[fl - 1] != '\'', "folded form '%s' ends in an apostrophe", f);

    /* The tokenizer's folded form is accsi_fold() of the word, without
     * trailing apostrophes. */
    accs_status st = accsi_fold(c->an, c->text + tok->start,
                                tok->end - tok->start, &c->fold);
    FUZZ_CHECK(st == ACCS_OK, "accsi_fold of [%zu, %zu) failed (%d)",
               tok->start, tok->end, (int)st);
    size_t n = c->fold.len;
    while (n && c->fold.data[n - 1] == '\'')
        n--;
    FUZZ_CHECK(n == fl && memcmp(c->fold.data, f, fl) == 0,
               "accsi_fold gives '%.*s', the tokenizer '%s'", (int)n,
               c->fold.data, f);

    check_stem(c, ACCSI_LANG_NL, f, fl);
    check_stem(c, ACCSI_LANG_EN, f, fl);
    check_stem(c, ACCSI_LANG_UNKNOWN, f, fl);
    (void)accsi_is_stopword(ACCSI_LANG_NL, f, fl);
    (void)accsi_is_stopword(ACCSI_LANG_EN, f, fl);
    if (!tok->is_number)
        accsi_lang_vote(&c->votes, f, fl);

    accsi_compound parts;
    size_t np = accsi_decompound(f, fl, &parts);
    FUZZ_CHECK(np == parts.n &&
                   (np == 0 || (np >= 2 && np <= ACCSI_COMPOUND_MAX_PARTS)),
               "'%s' split into %zu parts (n = %zu)", f, np, parts.n);
    for (size_t k = 0; k < np; k++) {
        const char *pt = parts.part[k].text;
        size_t pl = parts.part[k].len;
        FUZZ_CHECK(pl > 0 && pl <= ACCSI_WORD_MAX && strlen(pt) == pl && pl < fl,
                   "'%s': part %zu has length %zu, strlen %zu", f, k, pl,
                   strlen(pt));
        check_stem(c, ACCSI_LANG_NL, pt, pl);
    }
    return 0;
}

typedef struct {
    size_t len;
    size_t prev_end;
} sent_ctx;

static int
on_sentence(size_t start, size_t end, void *payload)
{
    sent_ctx *c = payload;
    FUZZ_CHECK(start == c->prev_end && start < end && end <= c->len,
               "sentence [%zu, %zu) after %zu in a text of %zu bytes", start,
               end, c->prev_end, c->len);
    c->prev_end = end;
    return 0;
}

/* Walk one packed document's records, as accsi_xdb_put_packed reads them. */
static void
check_packed(const accsi_packed *p, int is_passage, uint64_t src_len)
{
    FUZZ_CHECK(!p->terms.failed && !p->values.failed && !p->data.failed,
               "a packed buffer failed");
    size_t i = 0, n_terms = 0;
    while (i < p->terms.len) {
        FUZZ_CHECK(i + 7 <= p->terms.len, "truncated term record at %zu", i);
        char kind = p->terms.data[i];
        uint16_t len;
        memcpy(&len, p->terms.data + i + 1, sizeof len);
        FUZZ_CHECK(kind == 'P' || kind == 'T' || kind == 'B',
                   "term record kind 0x%02x", (unsigned char)kind);
        i += 7;
        FUZZ_CHECK(i + len <= p->terms.len, "term record overruns the buffer");
        FUZZ_CHECK(len > 0 && len <= ACCSI_TERM_MAX,
                   "term of %u bytes (Xapian's limit is %d)", (unsigned)len,
                   ACCSI_TERM_MAX);
        i += len;
        n_terms++;
    }
    i = 0;
    while (i < p->values.len) {
        FUZZ_CHECK(i + 5 <= p->values.len, "truncated value record at %zu", i);
        uint32_t len;
        memcpy(&len, p->values.data + i + 1, sizeof len);
        i += 5;
        FUZZ_CHECK(i + len <= p->values.len, "value record overruns the buffer");
        i += len;
    }
    if (!is_passage)
        return;
    FUZZ_CHECK(n_terms > 0, "passage without terms");
    const char *fields[ACCSI_DATA_N_FIELDS];
    FUZZ_CHECK(p->data.data && accsi_data_fields(p->data.data, p->data.len, fields),
               "malformed passage data");
    unsigned long long line = strtoull(fields[ACCSI_DATA_LINE], NULL, 10);
    unsigned long long bs = strtoull(fields[ACCSI_DATA_BYTE_START], NULL, 10);
    unsigned long long be = strtoull(fields[ACCSI_DATA_BYTE_END], NULL, 10);
    FUZZ_CHECK(line >= 1 && bs <= be && be <= src_len,
               "passage at line %llu, bytes [%llu, %llu) of %llu", line, bs, be,
               (unsigned long long)src_len);
}

static void
prepare(accsi_analyser *an, const char *src, size_t len, unsigned sel)
{
    static const char *const paths[] = {"fuzz/doc.txt", "fuzz/doc.md",
                                        "fuzz/doc.html"};
    accsi_fmt fmt = (accsi_fmt)(sel % 3);
    accsi_lang forced = (accsi_lang)((sel / 3) % 3);
    accsi_prepared out;
    accsi_err err;
    memset(&out, 0, sizeof out);
    err.msg[0] = '\0';
    accs_status st = accsi_prepare(an, paths[fmt], src, len, fmt, forced, &out,
                                   &err);
    FUZZ_CHECK(st == ACCS_OK, "accsi_prepare failed (%d): %s", (int)st, err.msg);
    FUZZ_CHECK(out.lang == ACCSI_LANG_NL || out.lang == ACCSI_LANG_EN,
               "document language %d", (int)out.lang);
    FUZZ_CHECK(forced == ACCSI_LANG_UNKNOWN || out.lang == forced,
               "forced language %d, got %d", (int)forced, (int)out.lang);
    FUZZ_CHECK(out.size == len, "size %llu, input %zu",
               (unsigned long long)out.size, len);
    for (size_t i = 0; i < out.n_passages; i++)
        check_packed(&out.passages[i], 1, len);
    check_packed(&out.record, 0, len);
    FUZZ_CHECK(out.record.data.len > 0, "empty file record");
    accsi_prepared_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    accsi_analyser *an = fuzz_analyser();
    const char *src = (const char *)data;

    /* The tokenizer needs valid UTF-8: repair first, as accsi_parse does. */
    accsi_buf text;
    accsi_buf_init(&text);
    size_t bad = accsi_utf8_repair(src, size, &text);
    FUZZ_CHECK(!text.failed, "accsi_utf8_repair ran out of memory");
    FUZZ_CHECK(accsi_utf8_valid(text.data, text.len),
               "accsi_utf8_repair output is not valid UTF-8");
    FUZZ_CHECK(memchr(text.data, '\0', text.len) == NULL,
               "accsi_utf8_repair left a NUL byte");
    FUZZ_CHECK((bad == 0) == (accsi_utf8_valid(src, size) &&
                              memchr(src, '\0', size) == NULL),
               "accsi_utf8_repair replaced %zu sequences", bad);

    tok_ctx tc;
    memset(&tc, 0, sizeof tc);
    tc.an = an;
    tc.text = text.data;
    tc.len = text.len;
    accsi_buf_init(&tc.fold);
    accsi_buf_init(&tc.stem);
    accs_status st = accsi_tokenize(an, text.data, text.len, on_token, &tc);
    FUZZ_CHECK(st == ACCS_OK, "accsi_tokenize failed (%d)", (int)st);
    (void)accsi_lang_decide(&tc.votes, 1);
    accsi_buf_free(&tc.fold);
    accsi_buf_free(&tc.stem);

    sent_ctx sc = {text.len, 0};
    st = accsi_sentences(an, text.data, text.len, on_sentence, &sc);
    FUZZ_CHECK(st == ACCS_OK, "accsi_sentences failed (%d)", (int)st);
    FUZZ_CHECK(sc.prev_end == text.len, "sentences end at %zu of %zu",
               sc.prev_end, text.len);
    accsi_buf_free(&text);

    /* The whole document pipeline on the raw bytes; the first byte picks
     * the format and the forced language. */
    prepare(an, src, size, size ? (unsigned char)data[0] : 0);
    return 0;
}
