/* SPDX-License-Identifier: MIT */
/* Dutch compound splitting (see compound.h).  A split is accepted when the
 * head is a dictionary word (possibly after removing a linking -s-, -e- or
 * -en- and undoing a doubled consonant) and the tail is a dictionary word
 * or itself a compound.  Among the possible splits, the one with the
 * longest tail wins: Dutch compounds are right-headed, so the longest
 * meaningful tail is usually the true head noun. */
#include <string.h>

#include "compound.h"
#include "lexicon.h"

/* Shortest head and tail accepted: three-letter parts (bed, kop, lid)
 * produce too many false splits. */
#define MIN_HEAD 4
#define MIN_TAIL 4
#define MIN_WORD 8

static int
is_word(const char *s, size_t len)
{
    return len >= 2 && accsi_lexicon_dutch_word(s, len);
}

/* Does `head` stand for a dictionary word, maybe with a linking morpheme?
 * Sets `*lemma_len` to the length of the word without it. */
static int
head_word(const char *h, size_t len, size_t *lemma_len)
{
    /* A linking morpheme first: overheids-beleid is overheid + beleid even
     * though "overheids" is in the word list too. */
    if (len > MIN_HEAD && h[len - 1] == 's' && h[len - 2] != 's' &&
        is_word(h, len - 1)) {
        *lemma_len = len - 1; /* veiligheid-s-raad */
        return 1;
    }
    /* pann-en-koek, zonn-e-bril: drop the link and a doubled consonant. */
    size_t cut = 0;
    if (len > MIN_HEAD + 1 && h[len - 2] == 'e' && h[len - 1] == 'n')
        cut = 2;
    else if (len > MIN_HEAD && h[len - 1] == 'e')
        cut = 1;
    if (cut) {
        size_t l = len - cut;
        if (l >= 4 && h[l - 1] == h[l - 2] && is_word(h, l - 1)) {
            *lemma_len = l - 1;
            return 1;
        }
        if (l >= 4 && is_word(h, l)) {
            *lemma_len = l;
            return 1;
        }
    }
    if (len >= MIN_HEAD && is_word(h, len)) {
        *lemma_len = len;
        return 1;
    }
    return 0;
}

static size_t
split(const char *w, size_t len, accsi_compound *out, int depth)
{
    if (len < MIN_WORD || depth > 2)
        return 0;
    for (size_t i = MIN_HEAD; i + MIN_TAIL <= len; i++) {
        size_t lemma = 0;
        if (!head_word(w, i, &lemma))
            continue;
        const char *tail = w + i;
        size_t tl = len - i;
        /* A hyphen or apostrophe inside means the tokenizer saw no split. */
        if (tail[0] == '-' || tail[0] == '\'')
            continue;
        accsi_compound sub;
        size_t n_sub = 0;
        if (!is_word(tail, tl)) {
            n_sub = split(tail, tl, &sub, depth + 1);
            if (n_sub == 0)
                continue;
        }
        if (lemma > ACCSI_WORD_MAX)
            continue;
        out->n = 0;
        memcpy(out->part[0].text, w, lemma);
        out->part[0].text[lemma] = '\0';
        out->part[0].len = lemma;
        out->n = 1;
        if (n_sub) {
            for (size_t k = 0; k < n_sub && out->n < ACCSI_COMPOUND_MAX_PARTS; k++)
                out->part[out->n++] = sub.part[k];
        } else {
            memcpy(out->part[1].text, tail, tl);
            out->part[1].text[tl] = '\0';
            out->part[1].len = tl;
            out->n = 2;
        }
        return out->n;
    }
    return 0;
}

size_t
accsi_decompound(const char *word, size_t len, accsi_compound *out)
{
    out->n = 0;
    if (len > ACCSI_WORD_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)word[i];
        if (!(c >= 'a' && c <= 'z'))
            return 0; /* digits, accents left over, apostrophes: leave alone */
    }
    return split(word, len, out, 0);
}
