/* SPDX-License-Identifier: MIT */
/* Stemming stage: libstemmer's Snowball "dutch" and "english" algorithms,
 * corrected by a few Dutch spelling rules and an override list (see
 * data/stem-overrides-*.txt).  The only file that uses libstemmer. */
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "lexicon.h"
#include "stem.h"

struct accsi_stemmers {
    struct sb_stemmer *nl;
    struct sb_stemmer *en;
};

accs_status
accsi_stemmers_new(accsi_stemmers **out, accsi_err *err)
{
    accsi_stemmers *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    s->nl = sb_stemmer_new("dutch", "UTF_8");
    s->en = sb_stemmer_new("english", "UTF_8");
    if (!s->nl || !s->en) {
        accsi_stemmers_free(s);
        return accsi_err_set(err, ACCS_ELANG,
                             "libstemmer lacks the dutch or english stemmer");
    }
    *out = s;
    return ACCS_OK;
}

void
accsi_stemmers_free(accsi_stemmers *s)
{
    if (!s)
        return;
    if (s->nl)
        sb_stemmer_delete(s->nl);
    if (s->en)
        sb_stemmer_delete(s->en);
    free(s);
}

/* Drop a Dutch or English "'s" ending (foto's, company's) before stemming. */
static size_t
strip_apostrophe_s(const char *word, size_t len)
{
    if (len > 2 && word[len - 2] == '\'' && word[len - 1] == 's')
        return len - 2;
    if (len > 1 && word[len - 1] == '\'')
        return len - 1;
    return len;
}

accs_status
accsi_stemmers_snowball(accsi_stemmers *s, accsi_lang lang, const char *word,
                        size_t len, accsi_buf *out)
{
    accsi_buf_clear(out);
    struct sb_stemmer *st = lang == ACCSI_LANG_NL ? s->nl
                          : lang == ACCSI_LANG_EN ? s->en : NULL;
    if (!st || len > 1000) {
        accsi_buf_add(out, word, len);
        return out->failed ? ACCS_ENOMEM : ACCS_OK;
    }
    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)word, (int)len);
    if (!r)
        return ACCS_ENOMEM;
    accsi_buf_add(out, r, (size_t)sb_stemmer_length(st));
    return out->failed ? ACCS_ENOMEM : ACCS_OK;
}

static int
is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Dutch spelling rules that Porter's algorithm leaves out: a plural stem
 * keeps a doubled consonant (aanvall-en) or a voiced v/z (bedrijv-en,
 * huiz-en) that the singular does not have (aanval, bedrijf, huis). */
static void
dutch_respell(const char *word, size_t len, accsi_buf *b)
{
    /* Only where Porter took off exactly a plural or verb ending -en:
     * geneve keeps its v (genev) and verkiezingen its z (verkiez, as
     * verkiezing), while bedrijven becomes bedrijf like bedrijf. */
    if (b->len < 3 || len < 4 || word[len - 2] != 'e' || word[len - 1] != 'n' ||
        b->len != len - 2 || memcmp(b->data, word, b->len) != 0)
        return;
    char *p = b->data;
    size_t n = b->len;
    char last = p[n - 1], prev = p[n - 2];
    /* The rules are about ASCII letters; never cut a multi-byte character. */
    if ((unsigned char)last >= 0x80 || (unsigned char)prev >= 0x80)
        return;
    if (last == prev && !is_vowel(last) && last != 's') {
        b->len = n - 1;
        p[b->len] = '\0';
        return;
    }
    if (last == 'v')
        p[n - 1] = 'f';
    else if (last == 'z')
        p[n - 1] = 's';
}

accs_status
accsi_stemmers_stem(accsi_stemmers *s, accsi_lang lang, const char *word,
                    size_t len, accsi_buf *out)
{
    const char *over = NULL;
    len = strip_apostrophe_s(word, len);
    if (accsi_lexicon_stem_override(lang, word, len, &over)) {
        accsi_buf_clear(out);
        accsi_buf_adds(out, over);
        return out->failed ? ACCS_ENOMEM : ACCS_OK;
    }
    accs_status st = accsi_stemmers_snowball(s, lang, word, len, out);
    if (st == ACCS_OK && lang == ACCSI_LANG_NL)
        dutch_respell(word, len, out);
    return st;
}
