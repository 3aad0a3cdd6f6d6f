/* SPDX-License-Identifier: MIT */
/* Unit tests for synonym groups: loading, folding of members, lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lexicon.h"
#include "synonyms.h"
#include "analyser_fixture.h"

static const char small_list[] =
    "# test groups\n"
    "\n"
    "Genève | Geneva | GENF\n"
    "verenigde staten | VS | United  States | the United States of America\n"
    "verdrag|treaty|conventie\n"
    "   groot-brittannië | great britain   \n"
    "alleen\n"
    "dubbel | geneve\n"
    "foto’s | photos\n";

/* Does the group of `key` (looked up after folding) hold exactly the
 * members of `want` (NULL-terminated)? */
static void
check_group(const accsi_synonyms *s, accsi_analyser *a, const char *key,
            const char *const *want)
{
    accsi_buf f;
    accsi_buf_init(&f);
    assert_int_equal(accsi_fold(a, key, strlen(key), &f), ACCS_OK);
    char *const *members = NULL;
    size_t n = accsi_synonyms_lookup(s, f.data, f.len, &members);
    size_t n_want = 0;
    while (want[n_want])
        n_want++;
    if (n != n_want)
        fail_msg("'%s' (%s): %zu members, expected %zu", key, f.data, n, n_want);
    for (size_t i = 0; i < n_want; i++) {
        size_t k = 0;
        while (k < n && strcmp(members[k], want[i]) != 0)
            k++;
        if (k == n)
            fail_msg("'%s': '%s' missing from its group", key, want[i]);
    }
    accsi_buf_free(&f);
}

static void
test_synonyms__load_and_lookup(void **state)
{
    accsi_analyser *a = *state;
    accsi_synonyms *s = NULL;
    accsi_err err = {{0}};
    assert_int_equal(accsi_synonyms_load(&s, a, small_list, strlen(small_list),
                                         &err),
                     ACCS_OK);
    assert_non_null(s);
    /* "alleen" has no partner and "dubbel | geneve" only repeats a member
     * of an earlier group: neither makes a group. */
    assert_int_equal(accsi_synonyms_groups(s), 5);

    static const char *const geneva[] = {"geneve", "geneva", "genf", NULL};
    static const char *const us[] = {"verenigde staten", "vs", "united states",
                                     "the united states of america", NULL};
    static const char *const treaty[] = {"verdrag", "treaty", "conventie", NULL};
    static const char *const gb[] = {"groot brittannie", "great britain", NULL};
    static const char *const photo[] = {"foto's", "photos", NULL};
    /* Every member finds the whole group, whatever its case and accents. */
    static const struct {
        const char *key;
        const char *const *group;
    } cases[] = {
        {"genève", geneva}, {"Genève", geneva}, {"GENÈVE", geneva},
        {"geneve", geneva}, {"Geneva", geneva}, {"genf", geneva},
        {"VS", us}, {"verenigde staten", us}, {"united states", us},
        {"the united states of america", us},
        {"Verdrag", treaty}, {"TREATY", treaty}, {"conventie", treaty},
        {"groot brittannië", gb}, {"great britain", gb},
        {"foto's", photo}, {"foto’s", photo}, {"photos", photo},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_group(s, a, cases[i].key, cases[i].group);

    /* Not members. */
    static const char *const absent[] = {"alleen", "dubbel", "geneefse",
                                         "verenigde", "staten", "states",
                                         "united  states", ""};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
        char *const *m = (char *const *)(uintptr_t)1;
        assert_int_equal(accsi_synonyms_lookup(s, absent[i], strlen(absent[i]),
                                               &m),
                         0);
        assert_null(m);
    }
    /* The longest member has 5 words ("the united states of america"). */
    assert_int_equal(accsi_synonyms_max_words(s), 5);
    accsi_synonyms_free(s);

    /* No synonyms at all. */
    char *const *m = NULL;
    assert_int_equal(accsi_synonyms_lookup(NULL, "geneve", 6, &m), 0);
    assert_int_equal(accsi_synonyms_max_words(NULL), 0);
    assert_int_equal(accsi_synonyms_groups(NULL), 0);
    assert_int_equal(accsi_synonyms_load(&s, a, "", 0, &err), ACCS_OK);
    assert_int_equal(accsi_synonyms_groups(s), 0);
    accsi_synonyms_free(s);
    accsi_synonyms_free(NULL);
}

static void
test_synonyms__builtin(void **state)
{
    accsi_analyser *a = *state;
    accsi_synonyms *s = NULL;
    assert_true(accsi_data_synonyms_len > 0);
    assert_int_equal(accsi_synonyms_load(&s, a, accsi_data_synonyms,
                                         accsi_data_synonyms_len, NULL),
                     ACCS_OK);
    printf("built-in synonyms: %zu groups, longest member %u words\n",
           accsi_synonyms_groups(s), accsi_synonyms_max_words(s));
    assert_true(accsi_synonyms_groups(s) >= 100);
    assert_true(accsi_synonyms_max_words(s) >= 2);

    /* genève <-> geneva and verdrag <-> treaty, in both directions. */
    static const struct {
        const char *key;
        const char *member;
    } pairs[] = {
        {"genève", "geneva"}, {"Geneva", "geneve"}, {"GENF", "geneva"},
        {"verdrag", "treaty"}, {"treaty", "verdrag"}, {"Verdragen", "treaties"},
        {"verenigde staten", "united states"},
    };
    accsi_buf f;
    accsi_buf_init(&f);
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_int_equal(accsi_fold(a, pairs[i].key, strlen(pairs[i].key), &f),
                         ACCS_OK);
        char *const *m = NULL;
        size_t n = accsi_synonyms_lookup(s, f.data, f.len, &m);
        size_t k = 0;
        while (k < n && strcmp(m[k], pairs[i].member) != 0)
            k++;
        if (k == n)
            fail_msg("'%s' does not lead to '%s' (%zu members)", pairs[i].key,
                     pairs[i].member, n);
    }
    accsi_buf_free(&f);
    accsi_synonyms_free(s);
}

static void
test_synonyms__load_file(void **state)
{
    accsi_analyser *a = *state;
    char path[] = "/tmp/accs-syn-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, small_list, strlen(small_list)),
                     (ssize_t)strlen(small_list));
    close(fd);
    accsi_synonyms *s = NULL;
    accsi_err err = {{0}};
    assert_int_equal(accsi_synonyms_load_file(&s, a, path, &err), ACCS_OK);
    assert_int_equal(accsi_synonyms_groups(s), 5);
    accsi_synonyms_free(s);

    /* Invalid UTF-8 is refused. */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("caf\xE9 | coffee\n", f);
    fclose(f);
    s = (accsi_synonyms *)(uintptr_t)1;
    assert_int_equal(accsi_synonyms_load_file(&s, a, path, &err), ACCS_EENCODING);
    assert_null(s);
    assert_non_null(strstr(err.msg, path));
    unlink(path);

    /* A missing file. */
    assert_int_equal(accsi_synonyms_load_file(&s, a, path, &err), ACCS_ENOTFOUND);
    assert_null(s);
    assert_non_null(strstr(err.msg, path));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synonyms__load_and_lookup),
        cmocka_unit_test(test_synonyms__builtin),
        cmocka_unit_test(test_synonyms__load_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
