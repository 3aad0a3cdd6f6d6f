/* SPDX-License-Identifier: MIT */
/* Unit tests for Dutch compound splitting (tests/data/compounds_nl.tsv). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyse.h"
#include "compound.h"
#include "lexicon.h"
#include "wordset.h"

/* Floors (percent): the measured values minus two points, rounded down.
 * Measured with the system word list of wdutch and data/compound-extra-nl.txt:
 * exact parts precision 75.6, recall 77.6 (61.9 and 63.5 before linking
 * morphemes were tried first); split decision precision 84.3,
 * recall 86.5. */
#define FLOOR_PARTS_PRECISION 73.0
#define FLOOR_PARTS_RECALL 75.0
#define FLOOR_SPLIT_PRECISION 82.0
#define FLOOR_SPLIT_RECALL 84.0

typedef struct {
    char *word;
    char *expected; /* "-" or parts joined by '+' */
} entry;

typedef struct {
    entry *items;
    size_t n;
    size_t cap;
} entry_list;

static void
read_entries(const char *path, entry_list *out)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = realloc(out->items, out->cap * sizeof *out->items);
            assert_non_null(out->items);
        }
        out->items[out->n].word = strdup(line);
        out->items[out->n].expected = strdup(tab + 1);
        out->n++;
    }
    fclose(f);
    assert_true(out->n > 0);
}

static void
free_entries(entry_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].word);
        free(l->items[i].expected);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* The parts of `c` joined by '+', or "-" when there are none. */
static void
join_parts(const accsi_compound *c, size_t n, char *out, size_t cap)
{
    out[0] = '\0';
    if (n == 0) {
        snprintf(out, cap, "-");
        return;
    }
    size_t used = 0;
    for (size_t i = 0; i < c->n; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "+" : "",
                                 c->part[i].text);
}

/* Error classes for the report. */
typedef enum {
    ERR_FALSE_SPLIT,  /* split a word that must stay whole */
    ERR_LINK_KEPT,    /* right boundary, but the first part keeps its link */
    ERR_OVER_SPLIT,   /* more parts than expected */
    ERR_UNDER_SPLIT,  /* fewer parts than expected (a part left whole) */
    ERR_BOUNDARY,     /* as many parts, but cut elsewhere */
    ERR_MISS_HYPHEN,  /* hyphenated compound not split */
    ERR_MISS_APOS,    /* word with an apostrophe not split */
    ERR_MISS_SHORT,   /* a part under 4 letters or a word under 8 */
    ERR_MISS_ER,      /* the -er- link (kind-er-arts) */
    ERR_MISS_OTHER,
    ERR_N
} err_class;

static const char *const err_names[ERR_N] = {
    "false split of a simple or lexicalised word",
    "first part keeps its linking -s-/-en-/-e- (it is a word itself)",
    "split into too many parts",
    "a nested compound left whole",
    "cut at the wrong place",
    "missed: hyphenated compound",
    "missed: apostrophe in the word",
    "missed: a part under 4 letters or a word under 8",
    "missed: -er- link",
    "missed: other",
};

/* Split "a+b+c" into at most `max` parts (pointers into `buf`). */
static size_t
split_plus(const char *s, char *buf, size_t cap, char **parts, size_t max)
{
    snprintf(buf, cap, "%s", s);
    size_t n = 0;
    for (char *p = buf; p && n < max;) {
        parts[n++] = p;
        p = strchr(p, '+');
        if (p)
            *p++ = '\0';
    }
    return n;
}

static err_class
classify(const char *word, const char *expected, const char *got)
{
    int want = strcmp(expected, "-") != 0;
    int have = strcmp(got, "-") != 0;
    if (!want)
        return ERR_FALSE_SPLIT;
    char eb[512], gb[512];
    char *ep[8], *gp[8];
    size_t en = split_plus(expected, eb, sizeof eb, ep, 8);
    if (have) {
        size_t gn = split_plus(got, gb, sizeof gb, gp, 8);
        if (gn > en)
            return ERR_OVER_SPLIT;
        if (gn < en)
            return ERR_UNDER_SPLIT;
        int rest_same = 1;
        for (size_t i = 1; i < en; i++)
            rest_same &= strcmp(ep[i], gp[i]) == 0;
        return rest_same ? ERR_LINK_KEPT : ERR_BOUNDARY;
    }
    if (strchr(word, '-'))
        return ERR_MISS_HYPHEN;
    if (strchr(word, '\''))
        return ERR_MISS_APOS;
    if (strlen(word) < 8)
        return ERR_MISS_SHORT;
    for (size_t i = 0; i < en; i++)
        if (strlen(ep[i]) < 4)
            return ERR_MISS_SHORT;
    size_t l0 = strlen(ep[0]);
    if (strncmp(word, ep[0], l0) == 0 && strncmp(word + l0, "er", 2) == 0)
        return ERR_MISS_ER;
    return ERR_MISS_OTHER;
}

static void
test_compound__corpus(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/compounds_nl.tsv", ACCS_SOURCE_DIR);
    entry_list l;
    read_entries(path, &l);
    printf("Dutch word list: %zu words\n", accsi_lexicon_dutch_size());
    assert_true(accsi_lexicon_dutch_size() > 100000);

    unsigned expect_split = 0, did_split = 0, split_agree = 0, exact = 0;
    unsigned errs[ERR_N] = {0};
    char got[4 * (ACCSI_WORD_MAX + 2)];
    printf("errors:\n");
    for (size_t i = 0; i < l.n; i++) {
        const entry *e = &l.items[i];
        accsi_compound c;
        size_t n = accsi_decompound(e->word, strlen(e->word), &c);
        assert_int_equal(n, c.n);
        join_parts(&c, n, got, sizeof got);
        int want = strcmp(e->expected, "-") != 0;
        int have = n > 0;
        expect_split += want;
        did_split += have;
        split_agree += want && have;
        int ok = strcmp(got, e->expected) == 0;
        exact += want && ok;
        if (ok)
            continue;
        err_class k = classify(e->word, e->expected, got);
        errs[k]++;
        printf("   %-30s expected %-32s got %-32s [%s]\n", e->word, e->expected,
               got, err_names[k]);
    }
    double p_parts = did_split ? 100.0 * exact / did_split : 0;
    double r_parts = expect_split ? 100.0 * exact / expect_split : 0;
    double p_split = did_split ? 100.0 * split_agree / did_split : 0;
    double r_split = expect_split ? 100.0 * split_agree / expect_split : 0;
    printf("%zu words, %u to split, %u split by accsearch\n", l.n, expect_split,
           did_split);
    printf("exact parts:    precision %5.1f%% (%u/%u)  recall %5.1f%% (%u/%u)\n",
           p_parts, exact, did_split, r_parts, exact, expect_split);
    printf("split decision: precision %5.1f%% (%u/%u)  recall %5.1f%% (%u/%u)\n",
           p_split, split_agree, did_split, r_split, split_agree, expect_split);
    printf("error classes:\n");
    for (int k = 0; k < ERR_N; k++)
        printf("   %3u  %s\n", errs[k], err_names[k]);
    fflush(stdout);
    free_entries(&l);
    assert_true(p_parts >= FLOOR_PARTS_PRECISION);
    assert_true(r_parts >= FLOOR_PARTS_RECALL);
    assert_true(p_split >= FLOOR_SPLIT_PRECISION);
    assert_true(r_split >= FLOOR_SPLIT_RECALL);
}

typedef struct {
    const char *word;
    const char *parts; /* "-" or parts joined by '+' */
} example;

static void
check_examples(const example *cases, size_t n)
{
    char got[4 * (ACCSI_WORD_MAX + 2)];
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        accsi_compound c;
        size_t k = accsi_decompound(cases[i].word, strlen(cases[i].word), &c);
        join_parts(&c, k, got, sizeof got);
        if (strcmp(got, cases[i].parts) != 0) {
            printf("   %s: expected %s, got %s\n", cases[i].word,
                   cases[i].parts, got);
            bad++;
        }
    }
    fflush(stdout);
    assert_int_equal(bad, 0);
}

/* The examples that compound.h and compound.c give in their comments. */
static void
test_compound__documented_examples(void **state)
{
    (void)state;
    static const example cases[] = {
        {"cyberaanvallen", "cyber+aanvallen"},
        {"veiligheidsraad", "veiligheid+raad"},
        {"overheidsbeleid", "overheid+beleid"},
        {"pannenkoek", "pan+koek"},
        {"zonnebril", "zon+bril"},
    };
    check_examples(cases, sizeof cases / sizeof cases[0]);
}

/* Words that must not be split, and the input checks. */
static void
test_compound__no_split(void **state)
{
    (void)state;
    static const example cases[] = {
        {"verdrag", "-"},      /* shorter than 8 letters */
        {"bedrijven", "-"},
        {"regering", "-"},
        {"2018", "-"},         /* not letters */
        {"genève", "-"},       /* not folded: left alone */
        {"", "-"},
    };
    check_examples(cases, sizeof cases / sizeof cases[0]);
    /* A word longer than ACCSI_WORD_MAX is never split. */
    char long_word[ACCSI_WORD_MAX + 20];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    accsi_compound c;
    assert_int_equal(accsi_decompound(long_word, strlen(long_word), &c), 0);
    assert_int_equal(c.n, 0);
}

/* Parts are NUL-terminated, their lengths right, and a long compound
 * stops at ACCSI_COMPOUND_MAX_PARTS. */
static void
test_compound__parts_shape(void **state)
{
    (void)state;
    static const char *const words[] = {
        "wereldgezondheidsorganisatie", "internetbeveiligingsbedrijf",
        "veiligheidsraadvergaderingverslagboekhandel"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        accsi_compound c;
        size_t n = accsi_decompound(words[i], strlen(words[i]), &c);
        assert_true(n >= 2 && n <= ACCSI_COMPOUND_MAX_PARTS);
        for (size_t k = 0; k < n; k++) {
            assert_int_equal(strlen(c.part[k].text), c.part[k].len);
            assert_true(c.part[k].len > 0);
        }
        /* The last part is the word's own ending. */
        size_t wl = strlen(words[i]);
        size_t ll = c.part[n - 1].len;
        assert_true(ll <= wl);
        assert_memory_equal(words[i] + wl - ll, c.part[n - 1].text, ll);
    }
}

/* The line callback of test_compound__linked_table: every word of the
 * list that the dictionary takes (not a capitalised name) is found. */
typedef struct {
    accsi_analyser *a;
    accsi_buf fold;
    size_t checked, missing;
} list_check;

static int
check_list_word(const char *line, size_t len, void *payload)
{
    list_check *c = payload;
    if (len < 2 || (line[0] >= 'A' && line[0] <= 'Z'))
        return 0;
    if (accsi_fold(c->a, line, len, &c->fold) != ACCS_OK)
        return 0;
    c->checked++;
    if (!accsi_lexicon_dutch_word(c->fold.data, c->fold.len))
        c->missing++;
    /* A word with a tail no Dutch word has is not found. */
    accsi_buf_add(&c->fold, "qxq", 3);
    if (accsi_lexicon_dutch_word(c->fold.data, c->fold.len))
        c->missing++;
    return 0;
}

/* The dictionary table linked into the library is the one this code
 * builds from the system word list today (not a stale one), and lookups
 * through it find every word of that list. */
extern const uint32_t accsi_dict_nl_image[];

static void
test_compound__linked_table(void **state)
{
    (void)state;
    FILE *f = fopen(ACCSI_DICT_NL_DEFAULT, "rb");
    if (!f) {
        skip(); /* the build had no word list, and links no table */
        return;
    }
    accsi_buf list;
    accsi_buf_init(&list);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        accsi_buf_add(&list, chunk, n);
    fclose(f);

    accsi_buf image;
    accsi_buf_init(&image);
    assert_int_equal(accsi_lexicon_dutch_image(ACCSI_DICT_NL_DEFAULT, &image), ACCS_OK);
    assert_true(image.len > 24);
    const unsigned char *linked = (const unsigned char *)accsi_dict_nl_image;
    assert_memory_equal(linked, image.data, 24); /* magic, version, sizes */
    assert_memory_equal(linked, image.data, image.len);

    list_check c = {NULL, {0}, 0, 0};
    accsi_buf_init(&c.fold);
    assert_int_equal(accsi_analyser_new(&c.a, NULL), ACCS_OK);
    accsi_each_line(list.data, list.len, check_list_word, &c);
    assert_true(c.checked > 100000);
    assert_int_equal(c.missing, 0);
    assert_int_equal(accsi_lexicon_dutch_size() >= c.checked / 2, 1);
    accsi_analyser_free(c.a);
    accsi_buf_free(&c.fold);
    accsi_buf_free(&image);
    accsi_buf_free(&list);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compound__corpus),
        cmocka_unit_test(test_compound__documented_examples),
        cmocka_unit_test(test_compound__no_split),
        cmocka_unit_test(test_compound__parts_shape),
        cmocka_unit_test(test_compound__linked_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
