/* SPDX-License-Identifier: MIT */
/* Word lists: stopwords, stemmer overrides, the Dutch compound dictionary,
 * and the stopword-based language guess (see lexicon.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lexicon.h"
#include "schema.h"
#include "wordset.h"

static pthread_once_t lists_once = PTHREAD_ONCE_INIT;
static accsi_wordset *stop_nl, *stop_en;   /* stopwords */
static accsi_wordset *only_nl, *only_en;   /* stopwords in one list only */
static accsi_wordset *over_nl, *over_en;   /* stemmer overrides */

/* The Dutch words for the compound splitter, 358k of them: one block of
 * NUL-terminated folded words, and an open-addressing table of offsets
 * into it with a byte of each word's hash beside it.  The build turns the
 * system word list into this table once (accsi_lexicon_dutch_image) and
 * links it into the library, so a process that splits a compound finds it
 * ready instead of spending 120-150 ms building it; a word list named by
 * $ACCSEARCH_DICT_NL, or a build without one, is read at first use. */
typedef struct {
    accsi_buf words;        /* the block, when built here */
    const char *block;      /* the block */
    const uint32_t *at;     /* offset + 1 of each slot's word; 0: empty */
    const unsigned char *tag;
    size_t cap;             /* a power of two */
    size_t n;
} dict_table;

static pthread_once_t dict_once = PTHREAD_ONCE_INIT;
static dict_table dict;

/* The table as the build wrote it (lexicon_image.c): a header of eight
 * bytes of magic and four little-endian uint32 (version, cap, n, bytes of
 * the block), the tags, the offsets (little-endian too, read in place on a
 * little-endian machine), the block.  A build without a word list links a
 * header that does not match. */
extern const uint32_t accsi_dict_nl_image[];
static const char dict_magic[8] = {'A', 'C', 'C', 'S', 'D', 'I', 'C', 'T'};
#define DICT_IMAGE_VERSION 1
#define DICT_HEADER 24

typedef struct {
    accsi_wordset *ws;
    accsi_analyser *a;
    accsi_buf fold;
} load_ctx;

/* Add each folded word of a list, one per line. */
static int
add_word_line(const char *line, size_t len, void *payload)
{
    load_ctx *c = payload;
    if (c->a && accsi_fold(c->a, line, len, &c->fold) == ACCS_OK)
        accsi_wordset_put(c->ws, c->fold.data, c->fold.len, NULL, 0);
    else
        accsi_wordset_put(c->ws, line, len, NULL, 0);
    return 0;
}

/* "word<whitespace>stem" lines. */
static int
add_pair_line(const char *line, size_t len, void *payload)
{
    load_ctx *c = payload;
    size_t i = 0;
    while (i < len && line[i] != ' ' && line[i] != '\t')
        i++;
    size_t j = i;
    while (j < len && (line[j] == ' ' || line[j] == '\t'))
        j++;
    if (i == 0 || j == len)
        return 0;
    accsi_wordset_put(c->ws, line, i, line + j, len - j);
    return 0;
}

static accsi_wordset *
load_list(accsi_analyser *a, const char *text, size_t len, accsi_line_cb cb)
{
    load_ctx c = {accsi_wordset_new(), a, {0}};
    accsi_buf_init(&c.fold);
    if (c.ws)
        accsi_each_line(text, len, cb, &c);
    accsi_buf_free(&c.fold);
    return c.ws;
}

typedef struct {
    const accsi_wordset *other;
    accsi_wordset *out;
} diff_ctx;

static int
add_if_absent(const char *key, size_t len, const char *value, void *payload)
{
    diff_ctx *d = payload;
    (void)value;
    if (!accsi_wordset_get(d->other, key, len, NULL))
        accsi_wordset_put(d->out, key, len, NULL, 0);
    return 0;
}

/* Words of `a` that are not in `b`. */
static accsi_wordset *
difference(const accsi_wordset *a, const accsi_wordset *b)
{
    diff_ctx d = {b, accsi_wordset_new()};
    if (d.out)
        accsi_wordset_each(a, add_if_absent, &d);
    return d.out;
}

static void
load_lists(void)
{
    accsi_analyser *a = NULL;
    accsi_analyser_new(&a, NULL);
    stop_nl = load_list(a, accsi_data_stopwords_nl, accsi_data_stopwords_nl_len,
                        add_word_line);
    stop_en = load_list(a, accsi_data_stopwords_en, accsi_data_stopwords_en_len,
                        add_word_line);
    only_nl = difference(stop_nl, stop_en);
    only_en = difference(stop_en, stop_nl);
    over_nl = load_list(NULL, accsi_data_stem_overrides_nl,
                        accsi_data_stem_overrides_nl_len, add_pair_line);
    over_en = load_list(NULL, accsi_data_stem_overrides_en,
                        accsi_data_stem_overrides_en_len, add_pair_line);
    accsi_analyser_free(a);
}

int
accsi_is_stopword(accsi_lang lang, const char *word, size_t len)
{
    pthread_once(&lists_once, load_lists);
    switch (lang) {
    case ACCSI_LANG_NL:
        return accsi_wordset_get(stop_nl, word, len, NULL);
    case ACCSI_LANG_EN:
        return accsi_wordset_get(stop_en, word, len, NULL);
    default:
        return accsi_wordset_get(stop_nl, word, len, NULL) ||
               accsi_wordset_get(stop_en, word, len, NULL);
    }
}

int
accsi_lexicon_stem_override(accsi_lang lang, const char *word, size_t len,
                            const char **stem)
{
    pthread_once(&lists_once, load_lists);
    if (lang == ACCSI_LANG_NL)
        return accsi_wordset_get(over_nl, word, len, stem);
    if (lang == ACCSI_LANG_EN)
        return accsi_wordset_get(over_en, word, len, stem);
    return 0;
}

void
accsi_lang_vote(accsi_lang_votes *v, const char *word, size_t len)
{
    pthread_once(&lists_once, load_lists);
    v->words++;
    if (accsi_wordset_get(only_nl, word, len, NULL))
        v->nl++;
    else if (accsi_wordset_get(only_en, word, len, NULL))
        v->en++;
}

accsi_lang
accsi_lang_decide(const accsi_lang_votes *v, unsigned min_hits)
{
    if (v->nl + v->en < min_hits || v->nl == v->en)
        return ACCSI_LANG_UNKNOWN;
    return v->nl > v->en ? ACCSI_LANG_NL : ACCSI_LANG_EN;
}

const char *
accsi_lang_code(accsi_lang lang)
{
    return lang == ACCSI_LANG_NL ? "nl" : lang == ACCSI_LANG_EN ? "en" : "";
}

accsi_lang
accsi_lang_parse(const char *s)
{
    if (!s)
        return ACCSI_LANG_UNKNOWN;
    /* "nl", "nl-NL", "nl_BE", "dutch", "nederlands"; likewise English. */
    if (strcasecmp(s, "dutch") == 0 || strcasecmp(s, "nederlands") == 0)
        return ACCSI_LANG_NL;
    if (strcasecmp(s, "english") == 0)
        return ACCSI_LANG_EN;
    if (strlen(s) >= 2 && (s[2] == '\0' || s[2] == '-' || s[2] == '_')) {
        if (strncasecmp(s, "nl", 2) == 0)
            return ACCSI_LANG_NL;
        if (strncasecmp(s, "en", 2) == 0)
            return ACCSI_LANG_EN;
    }
    return ACCSI_LANG_UNKNOWN;
}

/* The slot of `word`, or the empty one where it would go. */
static size_t
dict_slot(const dict_table *d, const char *word, size_t len)
{
    uint64_t h = accsi_hash_table(word, len);
    unsigned char tag = (unsigned char)(h >> 56);
    size_t i = (size_t)h & (d->cap - 1);
    while (d->at[i]) {
        const char *w = d->block + d->at[i] - 1;
        if (d->tag[i] == tag && memcmp(w, word, len) == 0 && w[len] == '\0')
            break;
        i = (i + 1) & (d->cap - 1);
    }
    return i;
}

/* Add a word to a table being built (its `at` and `tag` are its own). */
static void
dict_add(dict_table *d, const char *word, size_t len)
{
    if (len == 0 || (d->n + 1) * 2 > d->cap || d->words.len + len + 2 > UINT32_MAX)
        return;
    size_t i = dict_slot(d, word, len);
    if (d->at[i])
        return;
    ((uint32_t *)d->at)[i] = (uint32_t)d->words.len + 1;
    ((unsigned char *)d->tag)[i] = (unsigned char)(accsi_hash_table(word, len) >> 56);
    accsi_buf_add(&d->words, word, len);
    accsi_buf_addc(&d->words, '\0');
    d->block = d->words.data;
    d->n++;
}

typedef struct {
    dict_table *d;
    accsi_analyser *a;
    accsi_buf fold;
    int names_too; /* 0: skip capitalised entries (names) */
} dict_ctx;

/* One line of a word list: folded, into the dictionary. */
static int
add_dict_line(const char *line, size_t len, void *payload)
{
    dict_ctx *c = payload;
    if (!c->names_too && (len < 2 || (line[0] >= 'A' && line[0] <= 'Z')))
        return 0;
    if (c->a && accsi_fold(c->a, line, len, &c->fold) == ACCS_OK)
        dict_add(c->d, c->fold.data, c->fold.len);
    else
        dict_add(c->d, line, len);
    return 0;
}

/* The whole of `path` (NUL-terminated, malloc'd), or NULL. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    accsi_buf b;
    accsi_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        accsi_buf_add(&b, chunk, n);
    int bad = ferror(f) || b.failed;
    fclose(f);
    if (bad) {
        accsi_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return accsi_buf_detach(&b);
}

static size_t
count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++)
        n++;
    return n;
}

/* Build a table from the word list at `path` and the built-in extra
 * words.  It has cap 0 if it could not be built. */
static void
build_dict(dict_table *d, const char *path)
{
    memset(d, 0, sizeof *d);
    size_t len = 0;
    char *words = slurp(path, &len);
    size_t lines = (words ? count_lines(words, len) : 0) +
                   count_lines(accsi_data_compound_extra_nl, accsi_data_compound_extra_nl_len);
    d->cap = 64;
    while (d->cap < 2 * lines)
        d->cap *= 2;
    d->at = calloc(d->cap, sizeof *d->at);
    d->tag = calloc(d->cap, 1);
    accsi_buf_init(&d->words);
    accsi_buf_reserve(&d->words, len + 1024);
    d->block = d->words.data;
    dict_ctx c = {d, NULL, {0}, 0};
    accsi_buf_init(&c.fold);
    accsi_analyser_new(&c.a, NULL);
    if (d->at && d->tag && !d->words.failed) {
        if (words)
            accsi_each_line(words, len, add_dict_line, &c);
        c.names_too = 1;
        accsi_each_line(accsi_data_compound_extra_nl, accsi_data_compound_extra_nl_len,
                        add_dict_line, &c);
    }
    if (!d->at || !d->tag || d->words.failed)
        d->cap = 0;
    free(words);
    accsi_buf_free(&c.fold);
    accsi_analyser_free(c.a);
}

/* Use the table linked into the library, if the build made one. */
static int
use_image(dict_table *d)
{
    const unsigned char *im = (const unsigned char *)accsi_dict_nl_image;
    const uint32_t one = 1;
    if (*(const unsigned char *)&one != 1 ||
        memcmp(im, dict_magic, sizeof dict_magic) != 0 ||
        accsi_le_get(im + 8, 4) != DICT_IMAGE_VERSION)
        return 0;
    size_t cap = accsi_le_get(im + 12, 4);
    d->n = accsi_le_get(im + 16, 4);
    d->tag = im + DICT_HEADER;
    d->at = accsi_dict_nl_image + (DICT_HEADER + cap) / 4;
    d->block = (const char *)(im + DICT_HEADER + 5 * cap);
    d->cap = cap;
    return 1;
}

static void
load_dict(void)
{
    const char *path = getenv("ACCSEARCH_DICT_NL");
    if ((!path || !*path) && use_image(&dict))
        return;
    build_dict(&dict, path && *path ? path : ACCSI_DICT_NL_DEFAULT);
}

accs_status
accsi_lexicon_dutch_image(const char *path, accsi_buf *out)
{
    dict_table d;
    build_dict(&d, path);
    accs_status st = d.cap ? ACCS_OK : ACCS_ENOMEM;
    if (st == ACCS_OK) {
        unsigned char h[DICT_HEADER];
        memcpy(h, dict_magic, sizeof dict_magic);
        accsi_le_put(h + 8, DICT_IMAGE_VERSION, 4);
        accsi_le_put(h + 12, d.cap, 4);
        accsi_le_put(h + 16, d.n, 4);
        accsi_le_put(h + 20, d.words.len, 4);
        accsi_buf_add(out, h, sizeof h);
        accsi_buf_add(out, d.tag, d.cap);
        for (size_t i = 0; i < d.cap && !out->failed; i++) {
            unsigned char v[4];
            accsi_le_put(v, d.at[i], 4);
            accsi_buf_add(out, v, 4);
        }
        accsi_buf_add(out, d.words.data, d.words.len);
        st = out->failed ? ACCS_ENOMEM : ACCS_OK;
    }
    free((void *)d.at);
    free((void *)d.tag);
    accsi_buf_free(&d.words);
    return st;
}

int
accsi_lexicon_dutch_word(const char *word, size_t len)
{
    pthread_once(&dict_once, load_dict);
    return dict.cap && len && dict.at[dict_slot(&dict, word, len)] != 0;
}

size_t
accsi_lexicon_dutch_size(void)
{
    pthread_once(&dict_once, load_dict);
    return dict.n;
}
