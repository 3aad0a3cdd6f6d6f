/* SPDX-License-Identifier: MIT */
/* Analysis stage, Unicode part: ICU word and sentence boundaries and the
 * folding of words (NFKC case folding, then removal of diacritics).  This
 * is the only file that uses ICU. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <stdio.h>
#include <pthread.h>
#include <unicode/uversion.h>

#include "analyse.h"
#include "lexicon.h"
#include "stem.h"

struct accsi_analyser {
    UBreakIterator *words;       /* word boundaries */
    UBreakIterator *sentences;   /* sentence boundaries */
    const UNormalizer2 *nfkc_cf; /* NFKC + case folding */
    const UNormalizer2 *nfd;     /* canonical decomposition */
    UChar *u1;                   /* UTF-16 scratch buffers */
    UChar *u2;
    int32_t ucap;
    accsi_buf fold;              /* folded form of the current token */
    accsi_buf own;               /* scratch for accsi_word_is_own_stem */
    accsi_stemmers *stemmers;
    struct stem_memo *memo[2];   /* recent stems, Dutch and English */
    struct memo_entry *last;     /* the memo's entry of the last word
                                    stemmed, if it has one */
};

/* The stem memo: Snowball is the larger part of analysing a word, and
 * words follow Zipf's law, so a few thousand of them make most of any
 * text.  A fixed table of sets of two entries, the word and its stem held
 * inline: a look-up costs one hash and at most two comparisons, nothing
 * is allocated per word, and a new word takes the place of the one of
 * its set used least recently, so frequent words stay whatever the size
 * of the vocabulary.  Longer words are stemmed every time. */
#define MEMO_WORD_MAX 31
#define MEMO_SETS 8192 /* 16,384 words per language, 1.2 MB */

typedef struct memo_entry {
    uint32_t hash; /* high bits of the word's hash */
    uint8_t word_len; /* 0: empty */
    uint8_t stem_len;
    uint8_t own; /* accsi_word_is_own_stem: 0 not asked yet, 1 yes, 2 no */
    char word[MEMO_WORD_MAX];
    char stem[MEMO_WORD_MAX];
} memo_entry;

struct stem_memo {
    memo_entry entry[MEMO_SETS][2];
    uint8_t last[MEMO_SETS]; /* the way of each set used last */
};

accs_status
accsi_analyser_new(accsi_analyser **out, accsi_err *err)
{
    UErrorCode uerr = U_ZERO_ERROR;
    accsi_analyser *a = calloc(1, sizeof *a);
    *out = NULL;
    if (!a)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    accsi_buf_init(&a->fold);
    accsi_buf_init(&a->own);
    /* The root locale's rules: Dutch and English need no tailoring. */
    a->words = ubrk_open(UBRK_WORD, "", NULL, 0, &uerr);
    if (U_SUCCESS(uerr))
        a->sentences = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &uerr);
    if (U_SUCCESS(uerr))
        a->nfkc_cf = unorm2_getNFKCCasefoldInstance(&uerr);
    if (U_SUCCESS(uerr))
        a->nfd = unorm2_getNFDInstance(&uerr);
    if (U_FAILURE(uerr)) {
        accsi_analyser_free(a);
        return accsi_err_set(err, ACCS_EINTERNAL, "ICU initialisation failed: %s",
                             u_errorName(uerr));
    }
    accs_status st = accsi_stemmers_new(&a->stemmers, err);
    if (st != ACCS_OK) {
        accsi_analyser_free(a);
        return st;
    }
    *out = a;
    return ACCS_OK;
}

void
accsi_analyser_free(accsi_analyser *a)
{
    if (!a)
        return;
    if (a->words)
        ubrk_close(a->words);
    if (a->sentences)
        ubrk_close(a->sentences);
    free(a->u1);
    free(a->u2);
    accsi_buf_free(&a->fold);
    accsi_buf_free(&a->own);
    accsi_stemmers_free(a->stemmers);
    free(a->memo[0]);
    free(a->memo[1]);
    free(a);
}

static int
grow_scratch(accsi_analyser *a, int32_t need)
{
    if (need <= a->ucap)
        return 1;
    int32_t cap = a->ucap ? a->ucap : 64;
    while (cap < need)
        cap *= 2;
    UChar *p1 = realloc(a->u1, (size_t)cap * sizeof(UChar));
    if (!p1)
        return 0;
    a->u1 = p1;
    UChar *p2 = realloc(a->u2, (size_t)cap * sizeof(UChar));
    if (!p2)
        return 0;
    a->u2 = p2;
    a->ucap = cap;
    return 1;
}

/* Normalise `src` (UTF-16) into a->u2 with `norm`, growing as needed. */
static int32_t
normalize16(accsi_analyser *a, const UNormalizer2 *norm, const UChar *src,
            int32_t n, UChar **dst)
{
    for (;;) {
        UErrorCode uerr = U_ZERO_ERROR;
        int32_t m = unorm2_normalize(norm, src, n, *dst, a->ucap, &uerr);
        if (uerr == U_BUFFER_OVERFLOW_ERROR) {
            /* src may be a->u1 or a->u2: remember which across realloc. */
            int src_is_u1 = src == a->u1;
            int dst_is_u1 = *dst == a->u1;
            if (!grow_scratch(a, m + 1))
                return -1;
            src = src_is_u1 ? a->u1 : a->u2;
            *dst = dst_is_u1 ? a->u1 : a->u2;
            continue;
        }
        return U_SUCCESS(uerr) ? m : -1;
    }
}

accs_status
accsi_fold(accsi_analyser *a, const char *word, size_t len, accsi_buf *out)
{
    accsi_buf_clear(out);
    /* Fast path: plain ASCII only needs lower-casing. */
    size_t i;
    for (i = 0; i < len; i++)
        if ((unsigned char)word[i] >= 0x80)
            break;
    if (i == len) {
        if (!accsi_buf_reserve(out, len))
            return ACCS_ENOMEM;
        for (i = 0; i < len; i++) {
            char c = word[i];
            out->data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        out->len = len;
        out->data[len] = '\0';
        return ACCS_OK;
    }
    if (len > (size_t)INT32_MAX / 4)
        return ACCS_EINVAL;
    if (!grow_scratch(a, (int32_t)len * 2 + 16))
        return ACCS_ENOMEM;
    UErrorCode uerr = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8WithSub(a->u1, a->ucap, &n, word, (int32_t)len, 0xFFFD, NULL,
                         &uerr);
    if (U_FAILURE(uerr))
        return ACCS_EENCODING;
    UChar *dst = a->u2;
    int32_t m = normalize16(a, a->nfkc_cf, a->u1, n, &dst);
    if (m < 0)
        return ACCS_EENCODING;
    /* Decompose and drop the combining marks: Genève -> geneve. */
    UChar *src = dst;
    dst = src == a->u1 ? a->u2 : a->u1;
    int32_t k = normalize16(a, a->nfd, src, m, &dst);
    if (k < 0)
        return ACCS_EENCODING;
    int32_t w = 0;
    int marks = 0;
    for (int32_t r = 0; r < k;) {
        UChar32 c;
        int32_t before = r;
        U16_NEXT(dst, r, k, c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            marks++;
            continue;
        }
        if (c == 0x2019 || c == 0x2018 || c == 0x02BC)
            c = '\'';
        if (c == 0x2010 || c == 0x2011)
            c = '-';
        (void)before;
        U16_APPEND_UNSAFE(dst, w, c);
    }
    int32_t out_len = 0;
    uerr = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &out_len, dst, w, &uerr);
    if (!accsi_buf_reserve(out, (size_t)out_len))
        return ACCS_ENOMEM;
    uerr = U_ZERO_ERROR;
    u_strToUTF8(out->data, out_len + 1, &out_len, dst, w, &uerr);
    if (U_FAILURE(uerr))
        return ACCS_EENCODING;
    out->len = (size_t)out_len;
    out->data[out->len] = '\0';
    /* The one word whose accents Dutch needs: the numeral één ("one",
     * also written eén or Eén) folded would be the article een, the
     * commonest stopword, and a search for één would find every "een". */
    if (marks && strcmp(out->data, "een") == 0) {
        accsi_buf_clear(out);
        accsi_buf_adds(out, "\xC3\xA9\xC3\xA9n");
        if (out->failed)
            return ACCS_ENOMEM;
    }
    return ACCS_OK;
}

/* Is the character starting at text[i] a letter or digit? */
static int
alnum_at(const char *text, size_t len, size_t i)
{
    if (i >= len)
        return 0;
    UChar32 c;
    int32_t off = (int32_t)i;
    U8_NEXT(text, off, (int32_t)len, c);
    return c >= 0 && u_isalnum(c);
}

accs_status
accsi_tokenize(accsi_analyser *a, const char *text, size_t len,
               accsi_token_cb cb, void *payload)
{
    if (len > (size_t)INT32_MAX)
        return ACCS_EINVAL;
    UErrorCode uerr = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text, (int64_t)len, &uerr);
    ubrk_setUText(a->words, &ut, &uerr);
    if (U_FAILURE(uerr)) {
        utext_close(&ut);
        return ACCS_EENCODING;
    }
    accs_status st = ACCS_OK;
    int32_t start = ubrk_first(a->words);
    for (int32_t end = ubrk_next(a->words); end != UBRK_DONE;
         start = end, end = ubrk_next(a->words)) {
        int32_t status = ubrk_getRuleStatus(a->words);
        if (status < UBRK_WORD_NONE_LIMIT)
            continue;
        size_t s = (size_t)start, e = (size_t)end;
        accsi_token tok;
        memset(&tok, 0, sizeof tok);
        tok.start = s;
        tok.end = e;
        tok.is_number = status < UBRK_WORD_LETTER;
        tok.joins_next = e + 1 < len && text[e] == '-' && alnum_at(text, len, e + 1);
        if (e - s > ACCSI_WORD_MAX * 2) {
            tok.too_long = 1;
            tok.folded = "";
        } else {
            st = accsi_fold(a, text + s, e - s, &a->fold);
            if (st != ACCS_OK)
                break;
            /* A word may end in an apostrophe that ICU kept ("bedrijven'"). */
            while (a->fold.len && a->fold.data[a->fold.len - 1] == '\'')
                a->fold.data[--a->fold.len] = '\0';
            if (a->fold.len == 0)
                continue;
            tok.folded = a->fold.data;
            tok.folded_len = a->fold.len;
            tok.too_long = a->fold.len > ACCSI_WORD_MAX;
        }
        if (cb(&tok, payload))
            break;
    }
    /* Detach the iterator from the stack UText before it goes away. */
    ubrk_setText(a->words, NULL, 0, &uerr);
    utext_close(&ut);
    return st;
}

accs_status
accsi_sentences(accsi_analyser *a, const char *text, size_t len,
                accsi_span_cb cb, void *payload)
{
    if (len > (size_t)INT32_MAX)
        return ACCS_EINVAL;
    UErrorCode uerr = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text, (int64_t)len, &uerr);
    ubrk_setUText(a->sentences, &ut, &uerr);
    if (U_FAILURE(uerr)) {
        utext_close(&ut);
        return ACCS_EENCODING;
    }
    int32_t start = ubrk_first(a->sentences);
    for (int32_t end = ubrk_next(a->sentences); end != UBRK_DONE;
         start = end, end = ubrk_next(a->sentences)) {
        if (cb((size_t)start, (size_t)end, payload))
            break;
    }
    ubrk_setText(a->sentences, NULL, 0, &uerr);
    utext_close(&ut);
    return ACCS_OK;
}

accs_status
accsi_stem(accsi_analyser *a, accsi_lang lang, const char *word, size_t len,
           accsi_buf *out)
{
    a->last = NULL;
    if ((lang != ACCSI_LANG_NL && lang != ACCSI_LANG_EN) || len == 0 ||
        len > MEMO_WORD_MAX)
        return accsi_stemmers_stem(a->stemmers, lang, word, len, out);
    struct stem_memo **memo = &a->memo[lang == ACCSI_LANG_EN];
    if (!*memo)
        *memo = calloc(1, sizeof **memo); /* pages are touched as used */
    if (!*memo)
        return accsi_stemmers_stem(a->stemmers, lang, word, len, out);
    uint64_t h = accsi_hash_table(word, len);
    size_t set = (size_t)h & (MEMO_SETS - 1);
    uint32_t high = (uint32_t)(h >> 32);
    memo_entry *e = (*memo)->entry[set];
    for (int w = 0; w < 2; w++)
        if (e[w].word_len == len && e[w].hash == high &&
            memcmp(e[w].word, word, len) == 0) {
            (*memo)->last[set] = (uint8_t)w;
            a->last = &e[w];
            accsi_buf_clear(out);
            accsi_buf_add(out, e[w].stem, e[w].stem_len);
            return out->failed ? ACCS_ENOMEM : ACCS_OK;
        }
    accs_status st = accsi_stemmers_stem(a->stemmers, lang, word, len, out);
    if (st != ACCS_OK || out->len > MEMO_WORD_MAX)
        return st;
    int w = e[0].word_len == 0 ? 0 : e[1].word_len == 0 ? 1 : !(*memo)->last[set];
    e[w].hash = high;
    e[w].word_len = (uint8_t)len;
    e[w].stem_len = (uint8_t)out->len;
    e[w].own = 0;
    memcpy(e[w].word, word, len);
    if (out->len)
        memcpy(e[w].stem, out->data, out->len);
    (*memo)->last[set] = (uint8_t)w;
    a->last = &e[w];
    return ACCS_OK;
}

int
accsi_word_is_own_stem(accsi_analyser *a, const char *word, size_t len)
{
    static const accsi_lang langs[] = {ACCSI_LANG_NL, ACCSI_LANG_EN, ACCSI_LANG_UNKNOWN};
    if (len == 0)
        return 0;
    /* The writer asks right after stemming the word: the answer is kept
     * in its memo entry. */
    memo_entry *e = a->last && a->last->word_len == len && memcmp(a->last->word, word, len) == 0
                        ? a->last
                        : NULL;
    if (e && e->own)
        return e->own == 1;
    int own = 1;
    for (size_t i = 0; own && i < sizeof langs / sizeof langs[0]; i++)
        own = !accsi_is_stopword(langs[i], word, len) &&
              accsi_stem(a, langs[i], word, len, &a->own) == ACCS_OK && a->own.len == len &&
              memcmp(a->own.data, word, len) == 0;
    if (e)
        e->own = own ? 1 : 2;
    return own;
}

int
accsi_utf8_valid(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        UChar32 cp;
        int32_t off = 0;
        size_t chunk = len - i < 8 ? len - i : 8;
        U8_NEXT((const uint8_t *)text + i, off, (int32_t)chunk, cp);
        if (cp < 0)
            return 0;
        i += (size_t)off;
    }
    return 1;
}

size_t
accsi_utf8_repair(const char *text, size_t len, accsi_buf *out)
{
    size_t bad = 0;
    size_t i = 0;
    accsi_buf_clear(out);
    accsi_buf_reserve(out, len + 16);
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t step = 1;
        if (c < 0x80) {
            accsi_buf_addc(out, c == 0 ? ' ' : (char)c);
            bad += c == 0;
        } else {
            UChar32 cp;
            int32_t off = 0;
            size_t chunk = len - i < 8 ? len - i : 8;
            U8_NEXT((const uint8_t *)text + i, off, (int32_t)chunk, cp);
            step = (size_t)off;
            if (cp < 0) {
                accsi_buf_add(out, "\xEF\xBF\xBD", 3);
                bad++;
            } else {
                accsi_buf_add(out, text + i, step);
            }
        }
        i += step;
    }
    return bad;
}
static char analysis_version[160];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void
make_version(void)
{
    /* What changes the terms of a document: our rules (the number below),
     * ICU's word boundaries and folding, Snowball and our override lists. */
    uint64_t h = accsi_hash64(accsi_data_stem_overrides_nl,
                              accsi_data_stem_overrides_nl_len);
    h ^= accsi_hash64(accsi_data_stem_overrides_en,
                      accsi_data_stem_overrides_en_len) * 31;
    h ^= accsi_hash64(accsi_data_compound_extra_nl,
                      accsi_data_compound_extra_nl_len) * 17;
    snprintf(analysis_version, sizeof analysis_version,
             "accs-analysis-1 icu-%s snowball-dutch+respell,english lists-%08llx",
             U_ICU_VERSION, (unsigned long long)(h & 0xffffffffULL));
}

const char *
accsi_analysis_version(void)
{
    pthread_once(&version_once, make_version);
    return analysis_version;
}
