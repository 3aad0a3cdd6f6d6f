/* SPDX-License-Identifier: MIT */
/* A first build writes scratch shards and merges them into the index
 * (index.c, accsi_index_bulk_*).  A shard is sealed after a number of
 * files and a fresh one opened in its place; at the end of a round the
 * sealed shards are merged with the open ones.  Whatever was written,
 * wherever it went, must be in the index once, and nothing may be left
 * beside it. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index.h"

#include "../tmpdir_fixture.h"

static void
put(accs_index *idx, unsigned n)
{
    char id[32], text[128];
    snprintf(id, sizeof id, "doc%u.txt", n);
    snprintf(text, sizeof text, "Het verdrag van Genève, deel %u. merkteken%u en bulkwoord.", n,
             n);
    assert_int_equal(accs_index_add_text(idx, id, text, strlen(text), ACCS_FORMAT_TEXT, "nl"),
                     ACCS_OK);
}

/* A new index in bulk mode with two scratch shards. */
static accs_index *
bulk_index(void)
{
    accs_index *idx = fresh_index();
    int started = 0;
    assert_int_equal(accsi_index_bulk_begin(idx, 2, &started), ACCS_OK);
    assert_true(started);
    return idx;
}

/* Documents `from` .. `to`-1, each committed, then the shard it went
 * to sealed: shard `k`, or (k < 0) the two in turn. */
static void
put_and_seal(accs_index *idx, unsigned from, unsigned to, int k)
{
    accsi_err err = {{0}};
    for (unsigned i = from; i < to; i++) {
        put(idx, i);
        assert_int_equal(accs_index_commit(idx), ACCS_OK);
        size_t which = k < 0 ? i % 2 : (size_t)k;
        assert_int_equal(accsi_index_bulk_seal(idx, which, &err), ACCS_OK);
    }
}

static size_t
hits(accs_index *idx, const char *query)
{
    accs_results *res = NULL;
    accs_search_options opts = {0};
    opts.version = ACCS_SEARCH_OPTIONS_VERSION;
    opts.limit = 1000;
    assert_int_equal(accs_search(&res, idx, query, &opts), ACCS_OK);
    size_t n = accs_results_count(res);
    accs_results_free(res);
    return n;
}

/* Entries of `dir` (the test's folder) other than the index itself. */
static unsigned
leftovers(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strcmp(e->d_name, "idx") != 0)
            n++;
    closedir(d);
    return n;
}

/* More seals than a round may hold: past the cap a seal does nothing and
 * the shard goes on growing; every document is merged once. */
static void
test_bulk__sealed_shards_are_merged(void **state)
{
    (void)state;
    accs_index *idx = bulk_index();
    const unsigned n = 2 * ACCSI_BULK_SEALED_MAX + 10;
    put_and_seal(idx, 0, n, -1);
    assert_int_equal(idx->n_sealed, ACCSI_BULK_SEALED_MAX);
    assert_int_equal(accsi_index_bulk_end(idx, 1), ACCS_OK);
    assert_int_equal(hits(idx, "bulkwoord"), n);
    assert_int_equal(hits(idx, "merkteken0"), 1);
    assert_int_equal(hits(idx, "merkteken105"), 1);
    assert_int_equal(leftovers(), 0);
    expect_sound(idx);
    accs_index_free(idx);
}

/* A round merged in the middle (flush) takes its sealed shards with it,
 * and the next round seals afresh. */
static void
test_bulk__flush_takes_the_sealed_shards(void **state)
{
    (void)state;
    accs_index *idx = bulk_index();
    put_and_seal(idx, 0, 6, 0);
    assert_int_equal(accsi_index_bulk_flush(idx), ACCS_OK);
    assert_int_equal(idx->n_sealed, 0);
    put_and_seal(idx, 6, 9, 1);
    assert_int_equal(accsi_index_bulk_end(idx, 1), ACCS_OK);
    assert_int_equal(hits(idx, "bulkwoord"), 9);
    assert_int_equal(leftovers(), 0);
    accs_index_free(idx);
}

/* A run that fails discards its sealed shards with the rest. */
static void
test_bulk__discarded_round_leaves_nothing(void **state)
{
    (void)state;
    accs_index *idx = bulk_index();
    put_and_seal(idx, 0, 4, -1);
    assert_int_equal(accsi_index_bulk_end(idx, 0), ACCS_OK);
    assert_int_equal(hits(idx, "bulkwoord"), 0);
    assert_int_equal(leftovers(), 0);
    accs_index_free(idx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bulk__sealed_shards_are_merged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk__flush_takes_the_sealed_shards, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bulk__discarded_round_leaves_nothing, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
