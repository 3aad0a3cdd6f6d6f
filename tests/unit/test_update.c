/* SPDX-License-Identifier: MIT */
/* A changed document takes the ids its old passages had (index.c,
 * accsi_index_write_in), so Xapian rewrites them in place instead of
 * splitting full blocks.  Whatever the new passage count, the file's
 * record must keep the highest id of the file, so that the last document
 * of the index is a record: the search's OP_MAX guard depends on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <cmocka.h>

#include "index.h"
#include "schema.h"
#include "xapian_shim.h"

#include "../tmpdir_fixture.h"

/* A document of `n` paragraphs of 30 words; `tag` is in every one. */
static char *
document(unsigned n, const char *tag)
{
    static const char *const words[] = {
        "verdrag", "burgers", "aanvallen", "bedrijven", "klanten", "wereld",
        "beveiliging", "software", "netwerk", "overheid"};
    size_t cap = (size_t)n * 600 + 1, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (unsigned p = 0; p < n; p++) {
        len += (size_t)snprintf(text + len, cap - len, "%s alinea%u", tag, p);
        for (unsigned w = 0; w < 28; w++)
            len += (size_t)snprintf(text + len, cap - len, " %s%u",
                                    words[(p * 7 + w) % 10], (p * 31 + w) % 97);
        len += (size_t)snprintf(text + len, cap - len, ".\n\n");
    }
    return text;
}

static void
put_text(accs_index *idx, const char *id, unsigned n, const char *tag)
{
    char *text = document(n, tag);
    assert_int_equal(accs_index_add_text(idx, id, text, strlen(text), ACCS_FORMAT_TEXT,
                                         "nl"),
                     ACCS_OK);
    assert_int_equal(accs_index_commit(idx), ACCS_OK);
    free(text);
}

/* The ids of the documents (passages and record) of `id`, ascending. */
static size_t
ids_of(accs_index *idx, const char *id, uint32_t **out)
{
    accsi_buf key;
    accsi_buf_init(&key);
    accsi_path_key(id, &key);
    char term[sizeof ACCSI_PFX_PATH + 16];
    memcpy(term, ACCSI_PFX_PATH, sizeof ACCSI_PFX_PATH - 1);
    accsi_doc_key(key.data, key.len, term + sizeof ACCSI_PFX_PATH - 1);
    accsi_err err = {{0}};
    size_t n = 0;
    assert_int_equal(accsi_xdb_docids(accsi_index_shard_for(idx, key.data), term, out, &n,
                                      &err),
                     ACCS_OK);
    accsi_buf_free(&key);
    return n;
}

/* The highest id under `term`, 0 if none. */
static uint32_t
last_of(accs_index *idx, const char *term)
{
    uint32_t *ids = NULL;
    size_t n = 0;
    accsi_err err = {{0}};
    assert_int_equal(accsi_xdb_docids(accsi_index_shard_for(idx, ""), term, &ids, &n, &err),
                     ACCS_OK);
    uint32_t last = n ? ids[n - 1] : 0;
    free(ids);
    return last;
}

/* The index is sound, its last document is a file record, and `id` has
 * `n` passages and a record with the highest of its ids, which are
 * returned. */
static size_t
expect_file(accs_index *idx, const char *id, unsigned n, uint32_t **ids)
{
    size_t got = ids_of(idx, id, ids);
    assert_int_equal(got, n + 1);
    /* "": every document */
    assert_int_equal(last_of(idx, ACCSI_TERM_RECORD), last_of(idx, ""));
    expect_sound(idx);
    return got;
}

static size_t
hits(accs_index *idx, const char *query)
{
    accs_results *res = NULL;
    assert_int_equal(accs_search(&res, idx, query, NULL), ACCS_OK);
    size_t n = accs_results_count(res);
    accs_results_free(res);
    return n;
}

static void
test_update__same_count_keeps_ids(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    put_text(idx, "a.txt", 4, "eerste");
    put_text(idx, "b.txt", 3, "tweede");
    uint32_t *before = NULL, *after = NULL;
    size_t n = expect_file(idx, "a.txt", 4, &before);
    put_text(idx, "a.txt", 4, "gewijzigd");
    expect_file(idx, "a.txt", 4, &after);
    assert_memory_equal(before, after, n * sizeof *before);
    assert_int_equal(hits(idx, "eerste"), 0);
    assert_true(hits(idx, "gewijzigd") >= 1);
    free(before);
    free(after);
    accs_index_free(idx);
}

/* More passages: the old ids first, then new ones, the record last. */
static void
test_update__growing_file_appends_record_last(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    put_text(idx, "a.txt", 2, "eerste");
    put_text(idx, "b.txt", 3, "tweede");
    uint32_t *before = NULL, *after = NULL;
    size_t n = expect_file(idx, "a.txt", 2, &before);
    put_text(idx, "a.txt", 6, "langer");
    expect_file(idx, "a.txt", 6, &after);
    assert_memory_equal(before, after, n * sizeof *before);
    uint32_t *b = NULL;
    size_t nb = ids_of(idx, "b.txt", &b);
    assert_true(after[6] > b[nb - 1]);
    assert_int_equal(hits(idx, "eerste"), 0);
    assert_true(hits(idx, "langer") >= 1);
    /* A word is an OP_MAX of its forms, which needs the guard. */
    assert_true(hits(idx, "alinea5") >= 1);
    free(before);
    free(after);
    free(b);
    accs_index_free(idx);
}

/* Fewer passages: a prefix of the old ids, the rest deleted. */
static void
test_update__shrinking_file_reuses_a_prefix(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    put_text(idx, "b.txt", 3, "tweede");
    put_text(idx, "a.txt", 6, "eerste");
    uint32_t *before = NULL, *after = NULL;
    expect_file(idx, "a.txt", 6, &before);
    put_text(idx, "a.txt", 2, "korter");
    size_t n = expect_file(idx, "a.txt", 2, &after);
    assert_memory_equal(before, after, n * sizeof *before);
    assert_int_equal(hits(idx, "alinea5"), 0);
    assert_true(hits(idx, "korter") >= 1);
    /* Then longer again: the record moves past everything. */
    free(after);
    put_text(idx, "a.txt", 5, "weer");
    expect_file(idx, "a.txt", 5, &after);
    assert_int_equal(hits(idx, "korter"), 0);
    free(before);
    free(after);
    accs_index_free(idx);
}

/* A file whose content is unchanged but whose time is: only its record
 * is rewritten, at its id. */
static void
test_update__touched_file_keeps_its_record_id(void **state)
{
    (void)state;
    char src[300], path[400];
    docs_folder(src);
    snprintf(path, sizeof path, "%s/a.txt", src);
    char *text = document(3, "vast");
    write_file(path, text);
    free(text);
    accs_index *idx = fresh_index();
    accs_index_stats stats;
    assert_int_equal(accs_index_add_path(idx, src, NULL, &stats), ACCS_OK);
    uint32_t *before = NULL, *after = NULL;
    size_t n = expect_file(idx, path, 3, &before);
    struct timeval tv[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimes(path, tv), 0);
    assert_int_equal(accs_index_add_path(idx, src, NULL, &stats), ACCS_OK);
    expect_file(idx, path, 3, &after);
    assert_memory_equal(before, after, n * sizeof *before);
    free(before);
    free(after);
    accs_index_free(idx);
}

/* Index folder `src` and return the passages written. */
static uint64_t
index_folder(accs_index *idx, const char *src)
{
    accs_index_stats stats;
    assert_int_equal(accs_index_add_path(idx, src, NULL, &stats), ACCS_OK);
    return stats.passages;
}

/* A changed file's passages that did not change are not written again:
 * an edit rewrites from the first changed passage on, whose byte offsets
 * (stored with every passage) may move. */
static void
test_update__unchanged_passages_are_kept(void **state)
{
    (void)state;
    char src[300], path[400];
    docs_folder(src);
    snprintf(path, sizeof path, "%s/a.txt", src);
    char *text = document(5, "vast");
    write_file(path, text);
    accs_index *idx = fresh_index();
    assert_int_equal(index_folder(idx, src), 5);

    /* A sentence added to the last paragraph: one passage. */
    size_t len = strlen(text);
    char *longer = malloc(len + 64);
    assert_non_null(longer);
    memcpy(longer, text, len - 3); /* without ".\n\n" */
    strcpy(longer + len - 3, " toegevoegde slotwoorden.\n\n");
    write_file(path, longer);
    assert_int_equal(index_folder(idx, src), 1);
    uint32_t *ids = NULL;
    expect_file(idx, path, 5, &ids);
    free(ids);
    assert_true(hits(idx, "toegevoegde") >= 1);

    /* One word of the first paragraph swapped for one as long: that
     * passage alone. */
    char *w = strstr(longer, "verdrag");
    assert_non_null(w);
    memcpy(w, "vrachts", 7);
    write_file(path, longer);
    assert_int_equal(index_folder(idx, src), 1);
    assert_true(hits(idx, "vrachts0") >= 1);
    assert_int_equal(hits(idx, "verdrag0"), 0);

    /* A longer first paragraph moves every later passage. */
    char *moved = malloc(strlen(longer) + 16);
    assert_non_null(moved);
    strcpy(moved, "extra ");
    strcat(moved, longer);
    write_file(path, moved);
    assert_int_equal(index_folder(idx, src), 5);
    expect_file(idx, path, 5, &ids);
    free(ids);
    free(moved);
    free(longer);
    free(text);
    accs_index_free(idx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_update__same_count_keeps_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update__growing_file_appends_record_last, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__shrinking_file_reuses_a_prefix, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__touched_file_keeps_its_record_id, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_update__unchanged_passages_are_kept, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
