/* SPDX-License-Identifier: MIT */
/* `accs_index_check` finds an index whose passages and file records
 * disagree.  Such an index cannot be made through the public API, so the
 * test writes the stray documents with the internal writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index.h"
#include "prepare.h"
#include "xapian_shim.h"

#include "../tmpdir_fixture.h"

static const char text_a[] =
    "Het digitaal verdrag van Genève moet burgers beschermen tegen aanvallen "
    "door natiestaten, zei Brad Smith op de RSA-conferentie.\n\n"
    "Vierendertig techbedrijven beloofden in het Tech Accord hun klanten te "
    "beschermen, waar die ook wonen en wie hen ook aanvalt.\n";
static const char text_b[] =
    "Hospitals are a favourite target of ransomware attacks, because every "
    "hour of downtime puts patients at risk and pressure on the board.\n";

/* Analyse `text` as document `path` and write its passages, without its
 * file record when `with_record` is 0, or only its first passage (a
 * stray second copy) when it is -1. */
static void
write_raw(accs_index *idx, const char *path, const char *text, int with_record)
{
    accsi_analyser *an = NULL;
    assert_int_equal(accsi_index_analyser(idx, &an), ACCS_OK);
    accsi_prepared p;
    memset(&p, 0, sizeof p);
    accsi_err err = {{0}};
    assert_int_equal(accsi_prepare(an, path, text, strlen(text), ACCSI_FMT_TEXT,
                                   ACCSI_LANG_UNKNOWN, &p, &err),
                     ACCS_OK);
    assert_true(p.n_passages >= 1);
    accsi_xdb *xdb = accsi_index_shard_for(idx, p.key.data);
    size_t n = with_record < 0 ? 1 : p.n_passages;
    for (size_t i = 0; i < n; i++)
        assert_int_equal(accsi_xdb_put_packed(xdb, 0, p.passages[i].terms.data,
                                              p.passages[i].terms.len, p.passages[i].unit,
                                              p.passages[i].values.data,
                                              p.passages[i].values.len,
                                              p.passages[i].data.data,
                                              p.passages[i].data.len, &err),
                         ACCS_OK);
    if (with_record > 0)
        assert_int_equal(accsi_xdb_put_packed(xdb, 0, p.record.terms.data, p.record.terms.len,
                                              p.record.unit, p.record.values.data,
                                              p.record.values.len, p.record.data.data,
                                              p.record.data.len, &err),
                         ACCS_OK);
    assert_int_equal(accsi_xdb_commit(xdb, &err), ACCS_OK);
    accsi_prepared_free(&p);
}

static uint64_t
problems(accs_index *idx, const char *expect)
{
    uint64_t n = 0;
    char *report = NULL;
    assert_int_equal(accs_index_check(idx, &n, &report), ACCS_OK);
    assert_non_null(report);
    if (expect)
        assert_non_null(strstr(report, expect));
    accs_free(report);
    return n;
}

static void
test_check__sound_index(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    write_raw(idx, "a.txt", text_a, 1);
    write_raw(idx, "b.txt", text_b, 1);
    assert_int_equal(problems(idx, NULL), 0);
    accs_index_free(idx);
}

/* A passage more than its record announces. */
static void
test_check__stray_passage(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    write_raw(idx, "a.txt", text_a, 1);
    write_raw(idx, "a.txt", text_a, -1);
    assert_true(problems(idx, "a.txt: its record announces") >= 1);
    accs_index_free(idx);
}

/* Passages of a document that has no record. */
static void
test_check__passages_without_record(void **state)
{
    (void)state;
    accs_index *idx = fresh_index();
    write_raw(idx, "a.txt", text_a, 1);
    write_raw(idx, "b.txt", text_b, 0);
    assert_true(problems(idx, "2 documents, 1 file records") >= 1);
    accs_index_free(idx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_check__sound_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check__stray_passage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check__passages_without_record, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
