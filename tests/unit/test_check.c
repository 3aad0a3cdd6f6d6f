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
#include "schema.h"
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

/* A value record for accsi_xdb_put_packed: slot, length, bytes. */
static void
add_value(accsi_buf *b, unsigned slot, const char *v, size_t len)
{
    uint32_t l = (uint32_t)len;
    accsi_buf_addc(b, (char)slot);
    accsi_buf_add(b, &l, sizeof l);
    accsi_buf_add(b, v, len);
}

/* Stored data comes back as it was written, compressed or kept as it is,
 * and data that cannot be read back is reported as a damaged index. */
static void
test_check__stored_data(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    accsi_xdb *xdb = NULL;
    assert_int_equal(accsi_xdb_open_write(&xdb, db, 1, &err), ACCS_OK);
    static char texts[6][5001];
    size_t lens[6] = {0, 3, 63, 64, 5000, 2000};
    uint64_t x = 88172645463325252u;
    for (size_t i = 0; i < 6; i++) {
        for (size_t k = 0; k < lens[i]; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* words from a few letters; the 64 bytes repeat one word; the
             * last text is any bytes */
            texts[i][k] = i == 5   ? (char)(x >> 24)
                          : i == 3 ? (char)('a' + k % 3)
                          : k % 7 == 6 ? ' ' : (char)('a' + x % 5);
        }
        assert_int_equal(accsi_xdb_put_packed(xdb, 0, "", 0, 1, "", 0, texts[i], lens[i], &err),
                         ACCS_OK);
    }
    /* Values that no writer makes: an unknown first byte, a broken frame. */
    static const char *const damaged[] = {"q0123", "z\x28\xb5\x2f\xfd\x20\x40garbage"};
    for (size_t i = 0; i < 2; i++) {
        accsi_buf v;
        accsi_buf_init(&v);
        add_value(&v, ACCSI_SLOT_DATA, damaged[i], strlen(damaged[i]));
        assert_int_equal(accsi_xdb_put_packed(xdb, 0, "", 0, 1, v.data, v.len, "", 0, &err),
                         ACCS_OK);
        accsi_buf_free(&v);
    }
    assert_int_equal(accsi_xdb_commit(xdb, &err), ACCS_OK);

    accsi_buf out, raw;
    accsi_buf_init(&out);
    accsi_buf_init(&raw);
    for (uint32_t i = 0; i < 6; i++) {
        assert_int_equal(accsi_xdb_doc_data(xdb, i + 1, &out, &err), ACCS_OK);
        assert_int_equal(out.len, lens[i]);
        if (lens[i])
            assert_memory_equal(out.data, texts[i], lens[i]);
        assert_int_equal(accsi_xdb_doc_value(xdb, i + 1, ACCSI_SLOT_DATA, &raw, &err), ACCS_OK);
        if (i == 0)
            assert_int_equal(raw.len, 0); /* no data, no value */
        else if (i == 3 || i == 4)
            assert_true(raw.data[0] == 'z' && raw.len < lens[i] / 2);
        else
            assert_true(raw.data[0] == 'r' && raw.len == lens[i] + 1);
    }
    for (uint32_t did = 7; did <= 8; did++) {
        assert_int_equal(accsi_xdb_doc_data(xdb, did, &out, &err), ACCS_ECORRUPT);
        assert_non_null(strstr(err.msg, "stored data is damaged"));
    }
    accsi_buf_free(&out);
    accsi_buf_free(&raw);
    accsi_xdb_free(xdb);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_check__sound_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check__stray_passage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check__passages_without_record, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_check__stored_data, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
