/* SPDX-License-Identifier: MIT */
/* Spelling suggestions walk the word list and jump over every word whose
 * first bytes are already too far from the query word (search.c).  The
 * jumps must lose nothing: for a few hundred typos of words of the corpus,
 * the suggestion must be the one a plain pass over every word finds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "index.h"
#include "xapian_shim.h"

#include "../tmpdir_fixture.h"

typedef struct {
    char **word;
    uint64_t *freq;
    size_t n, cap;
} vocab;

static int
collect(const char *term, size_t len, uint64_t freq, void *payload)
{
    vocab *v = payload;
    if (len == 0 || (term[0] >= 'A' && term[0] <= 'Z'))
        return 0;
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 1024;
        v->word = realloc(v->word, v->cap * sizeof *v->word);
        v->freq = realloc(v->freq, v->cap * sizeof *v->freq);
        assert_non_null(v->word);
        assert_non_null(v->freq);
    }
    v->word[v->n] = strndup(term, len);
    v->freq[v->n++] = freq;
    return 0;
}

/* Optimal string alignment distance, the whole table. */
static unsigned
osa(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned d[64][64];
    if (la > 62 || lb > 62)
        return 99;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) < v)
                v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

/* What search.c promises: among words with the query's first letter
 * within 1 (up to 4 bytes) or 2 edits, or if there are none among all
 * words within 1 edit, the nearest, then the most frequent, then the first
 * in order. */
static const char *
expected(const vocab *v, const char *w)
{
    unsigned max = strlen(w) <= 4 ? 1 : 2;
    for (int pass = 0; pass < 2; pass++, max = 1) {
        const char *best = NULL;
        unsigned best_d = 99;
        uint64_t best_f = 0;
        for (size_t i = 0; i < v->n; i++) {
            if (pass == 0 && v->word[i][0] != w[0])
                continue;
            unsigned d = osa(w, v->word[i]);
            if (d == 0 || d > max)
                continue;
            if (d < best_d || (d == best_d && v->freq[i] > best_f)) {
                best = v->word[i];
                best_d = d;
                best_f = v->freq[i];
            }
        }
        if (best)
            return best;
    }
    return NULL;
}

static int
plain_word(const char *w)
{
    size_t n = strlen(w);
    if (n < 3 || n > 14)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] < 'a' || w[i] > 'z')
            return 0;
    return 1;
}

static void
test_spell__walk_finds_what_a_full_pass_finds(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    accs_index_stats stats;
    assert_int_equal(accs_index_add_path(idx, ACCS_SOURCE_DIR "/corpus", NULL, &stats),
                     ACCS_OK);
    vocab v = {0};
    accsi_err err = {{0}};
    assert_int_equal(accsi_xdb_each_term(accsi_index_shard_for(idx, ""), "", collect, &v, &err),
                     ACCS_OK);
    assert_true(v.n > 1000);

    unsigned seed = 12345, tried = 0, suggested = 0;
    for (size_t k = 0; k < v.n && tried < 300; k += 7) {
        const char *src = v.word[k];
        if (!plain_word(src))
            continue;
        /* One or two random edits: delete, insert, replace or swap. */
        char typo[40];
        snprintf(typo, sizeof typo, "%s", src);
        for (int e = 0; e < 1 + (int)(k % 3 == 0); e++) {
            size_t n = strlen(typo);
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            char c = (char)('a' + (seed >> 16) % 26);
            switch ((seed >> 24) % 4) {
            case 0:
                memmove(typo + at, typo + at + 1, n - at);
                break;
            case 1:
                memmove(typo + at + 1, typo + at, n - at + 1);
                typo[at] = c;
                break;
            case 2:
                typo[at] = c;
                break;
            default:
                if (at + 1 < n) {
                    char t = typo[at];
                    typo[at] = typo[at + 1];
                    typo[at + 1] = t;
                }
            }
        }
        if (strlen(typo) < 3)
            continue;
        uint64_t freq = 1;
        assert_int_equal(accsi_xdb_termfreq(accsi_index_shard_for(idx, ""), typo, &freq, &err),
                         ACCS_OK);
        if (freq != 0)
            continue; /* the typo is a word of the corpus too */
        tried++;
        accs_results *res = NULL;
        assert_int_equal(accs_search(&res, idx, typo, NULL), ACCS_OK);
        const char *got = accs_results_suggestion(res);
        const char *want = expected(&v, typo);
        /* A typo that is a regular inflection of an indexed stem (it has
         * hits) is only compared with words of its own first letter. */
        if (!got && want && want[0] != typo[0] && accs_results_count(res) > 0)
            want = NULL;
        if (want)
            suggested++;
        if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
            fprintf(stderr, "typo %s (of %s): suggested %s, expected %s\n", typo, src,
                    got ? got : "nothing", want ? want : "nothing");
        if (want) {
            assert_non_null(got);
            assert_string_equal(got, want);
        } else {
            assert_null(got);
        }
        accs_results_free(res);
    }
    assert_true(tried >= 200);
    assert_true(suggested >= tried / 2);
    for (size_t i = 0; i < v.n; i++)
        free(v.word[i]);
    free(v.word);
    free(v.freq);
    accs_index_free(idx);
}

static char *
suggestion_for(accs_index *idx, const char *q)
{
    accs_results *res = NULL;
    assert_int_equal(accs_search(&res, idx, q, NULL), ACCS_OK);
    const char *s = accs_results_suggestion(res);
    char *copy = s ? strdup(s) : NULL;
    accs_results_free(res);
    return copy;
}

/* "beschermingen" is not in the index, but its stem "bescherm" is: it is
 * found, and not corrected to a word of another first letter
 * ("ceschermingen", one edit away), which only the walk over every word
 * would reach.  A word that is not an inflection ("deschermingen") still
 * gets that walk. */
static void
test_spell__inflection_of_indexed_stem(void **state)
{
    (void)state;
    char docs[300], path[400];
    docs_folder(docs);
    snprintf(path, sizeof path, "%s/a.txt", docs);
    write_file(path, "Wij bescherm de burgers van de stad tegen de aanvallen van het "
                     "netwerk, en dat is niet voor het eerst.\n");
    snprintf(path, sizeof path, "%s/b.txt", docs);
    write_file(path, "Het woord ceschermingen is een verzonnen woord voor deze test, "
                     "en het staat in geen enkel woordenboek van de taal.\n");
    accs_index *idx = fresh_index();
    accs_index_stats stats;
    assert_int_equal(accs_index_add_path(idx, docs, NULL, &stats), ACCS_OK);

    accs_results *res = NULL;
    assert_int_equal(accs_search(&res, idx, "beschermingen", NULL), ACCS_OK);
    assert_true(accs_results_count(res) > 0);
    assert_null(accs_results_suggestion(res));
    accs_results_free(res);

    char *s = suggestion_for(idx, "deschermingen");
    assert_non_null(s);
    assert_string_equal(s, "ceschermingen");
    free(s);
    accs_index_free(idx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spell__walk_finds_what_a_full_pass_finds, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_spell__inflection_of_indexed_stem, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
