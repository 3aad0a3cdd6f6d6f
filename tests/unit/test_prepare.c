/* SPDX-License-Identifier: MIT */
/* Unit tests for preparing a document (prepare.c): a file prepared while
 * it is written (accsi_prepare_stream, for large files) gives the same
 * passages, byte for byte, as one prepared whole, in chunks and in order;
 * a file that cannot be parsed fails before the sink is called. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prepare.h"
#include "analyser_fixture.h"

/* What a sink received: copies of every passage, and the chunk sizes. */
typedef struct {
    accsi_packed *got;
    size_t n;
    size_t calls;
    size_t largest;
    size_t fail_at; /* fail the call that would pass this many (0: never) */
} sink_log;

static accs_status
keep(void *ctx, const accsi_packed *passages, size_t n, accsi_err *err)
{
    sink_log *log = ctx;
    log->calls++;
    if (log->fail_at && log->n + n >= log->fail_at)
        return accsi_err_set(err, ACCS_EIO, "the sink is full");
    if (n > log->largest)
        log->largest = n;
    log->got = realloc(log->got, (log->n + n) * sizeof *log->got);
    assert_non_null(log->got);
    for (size_t i = 0; i < n; i++) {
        accsi_packed *c = &log->got[log->n++];
        accsi_packed_init(c);
        accsi_buf_add(&c->terms, passages[i].terms.data, passages[i].terms.len);
        accsi_buf_add(&c->values, passages[i].values.data, passages[i].values.len);
        accsi_buf_add(&c->data, passages[i].data.data, passages[i].data.len);
        c->unit = passages[i].unit;
        c->print = passages[i].print;
    }
    return ACCS_OK;
}

static void
log_free(sink_log *log)
{
    for (size_t i = 0; i < log->n; i++)
        accsi_packed_free(&log->got[i]);
    free(log->got);
    memset(log, 0, sizeof *log);
}

static void
assert_same_buf(const accsi_buf *a, const accsi_buf *b)
{
    assert_int_equal(a->len, b->len);
    if (a->len)
        assert_memory_equal(a->data, b->data, a->len);
}

/* A text of `n` paragraphs in both languages, with compounds, hyphens
 * and line labels, and a few long paragraphs cut into windows. */
static void
make_text(accsi_buf *b, unsigned n)
{
    static const char *const paras[] = {
        "De vierendertig techbedrijven beloven hun gebruikers te beschermen tegen "
        "cyberaanvallen van overheden, zo werd op de RSA-conferentie bekendgemaakt.",
        "The companies will not help any government attack innocent citizens and "
        "enterprises, and they will protect their users wherever they are.",
        "Notitie: het digitaal verdrag van Genève is een voorstel van Brad Smith.",
        "From: Jan de Vries\nTo: de werkgroep\n\nDank voor het bericht en tot morgen.",
    };
    for (unsigned i = 0; i < n; i++) {
        if (b->len)
            accsi_buf_adds(b, "\n\n");
        if (i % 37 == 36) {
            for (unsigned k = 0; k < 40; k++)
                accsi_buf_printf(b, "Zin %u over het akkoord en de bedrijven. ", k);
            continue;
        }
        accsi_buf_printf(b, "%u. %s", i, paras[i % 4]);
    }
}

/* How often term `name` is in a passage's packed terms: the number of
 * its positions, or its count for a term without them; 0 when absent. */
static unsigned
term_count(const accsi_packed *p, const char *name)
{
    unsigned n = 0;
    size_t i = 0, len = strlen(name);
    while (i + 7 <= p->terms.len) {
        uint16_t l;
        uint32_t num;
        memcpy(&l, p->terms.data + i + 1, sizeof l);
        memcpy(&num, p->terms.data + i + 3, sizeof num);
        char kind = p->terms.data[i];
        if (l == len && memcmp(p->terms.data + i + 7, name, len) == 0)
            n += kind == 'T' ? num : 1;
        i += 7 + l;
    }
    return n;
}

/* A word that is its own stem in both languages gets no stem term: its
 * plain term stands for it.  Other words keep theirs, and a stem that
 * other words share counts only those. */
static void
test_prepare__own_stems(void **state)
{
    accsi_analyser *a = *state;
    static const char text[] =
        "Wild horses run across the wild hills, and the wilds are cold; "
        "a tom-cat hunts near the huis.";
    accsi_prepared p;
    memset(&p, 0, sizeof p);
    accsi_err err = {{0}};
    assert_int_equal(accsi_prepare(a, "notes/wild.txt", text, strlen(text), ACCSI_FMT_TEXT,
                                   ACCSI_LANG_EN, &p, &err),
                     ACCS_OK);
    assert_int_equal(p.n_passages, 1);
    const accsi_packed *ps = &p.passages[0];
    assert_int_equal(term_count(ps, "wild"), 2);  /* the word, at both places */
    assert_int_equal(term_count(ps, "Zwild"), 1); /* "wilds" only */
    assert_int_equal(term_count(ps, "Zhors"), 1); /* horses: not its own stem */
    assert_int_equal(term_count(ps, "Zrun"), 0);  /* run: its own stem */
    assert_int_equal(term_count(ps, "run"), 1);
    assert_int_equal(term_count(ps, "Zhui"), 1);  /* huis: English stem hui */
    assert_int_equal(term_count(ps, "tom-cat"), 1);
    assert_int_equal(term_count(ps, "Ztom-cat"), 0);
    assert_int_equal(term_count(ps, "Zcold"), 0);
    assert_int_equal(term_count(ps, "Zthe"), 0);  /* a stopword: never one */
    accsi_prepared_free(&p);

    assert_true(accsi_word_is_own_stem(a, "wild", 4));
    assert_true(accsi_word_is_own_stem(a, "verdrag", 7));
    assert_false(accsi_word_is_own_stem(a, "huis", 4));   /* English: hui */
    assert_false(accsi_word_is_own_stem(a, "garden", 6)); /* Dutch: gard */
    assert_false(accsi_word_is_own_stem(a, "die", 3));    /* a Dutch stopword */
    assert_false(accsi_word_is_own_stem(a, "foto's", 6)); /* the 's goes */
    assert_false(accsi_word_is_own_stem(a, "", 0));
}

static void
test_prepare__stream_is_whole(void **state)
{
    accsi_analyser *a = *state;
    accsi_buf text;
    accsi_buf_init(&text);
    make_text(&text, 1500);
    assert_false(text.failed);

    accsi_prepared whole, streamed;
    memset(&whole, 0, sizeof whole);
    memset(&streamed, 0, sizeof streamed);
    accsi_err err = {{0}};
    assert_int_equal(accsi_prepare(a, "notes/lang.txt", text.data, text.len, ACCSI_FMT_TEXT,
                                   ACCSI_LANG_UNKNOWN, &whole, &err),
                     ACCS_OK);
    sink_log log = {0};
    assert_int_equal(accsi_prepare_stream(a, "notes/lang.txt", text.data, text.len,
                                          ACCSI_FMT_TEXT, ACCSI_LANG_UNKNOWN, &streamed, keep,
                                          &log, &err),
                     ACCS_OK);
    /* Several chunks, none too large, and no passages left in `out`. */
    assert_true(whole.n_passages > 1000);
    assert_true(log.calls > 3);
    assert_true(log.largest <= 256);
    assert_null(streamed.passages);
    assert_int_equal(streamed.n_passages, whole.n_passages);
    assert_int_equal(log.n, whole.n_passages);
    assert_int_equal(streamed.lang, whole.lang);
    assert_int_equal(streamed.long_terms, whole.long_terms);
    for (size_t i = 0; i < whole.n_passages; i++) {
        assert_same_buf(&log.got[i].terms, &whole.passages[i].terms);
        assert_same_buf(&log.got[i].values, &whole.passages[i].values);
        assert_same_buf(&log.got[i].data, &whole.passages[i].data);
        assert_int_equal(log.got[i].unit, whole.passages[i].unit);
        assert_int_equal(log.got[i].print, whole.passages[i].print);
    }
    log_free(&log);
    accsi_prepared_free(&whole);
    accsi_prepared_free(&streamed);
    accsi_buf_free(&text);
}

static void
test_prepare__stream_failures(void **state)
{
    accsi_analyser *a = *state;
    accsi_prepared p;
    accsi_err err = {{0}};
    sink_log log = {0};
    /* Not a mail archive: fails in parsing, before the sink. */
    memset(&p, 0, sizeof p);
    const char *notes = "Just some notes.\n";
    assert_int_equal(accsi_prepare_stream(a, "x.mbox", notes, strlen(notes), ACCSI_FMT_MBOX,
                                          ACCSI_LANG_UNKNOWN, &p, keep, &log, &err),
                     ACCS_EINVAL);
    assert_int_equal(log.calls, 0);
    accsi_prepared_free(&p);
    /* A sink that fails stops the run with its error. */
    accsi_buf text;
    accsi_buf_init(&text);
    make_text(&text, 1000);
    memset(&p, 0, sizeof p);
    memset(&err, 0, sizeof err);
    log.fail_at = 600;
    assert_int_equal(accsi_prepare_stream(a, "notes/lang.txt", text.data, text.len,
                                          ACCSI_FMT_TEXT, ACCSI_LANG_UNKNOWN, &p, keep, &log,
                                          &err),
                     ACCS_EIO);
    assert_non_null(strstr(err.msg, "the sink is full"));
    assert_true(log.n < 600);
    accsi_prepared_free(&p);
    log_free(&log);
    accsi_buf_free(&text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepare__own_stems),
        cmocka_unit_test(test_prepare__stream_is_whole),
        cmocka_unit_test(test_prepare__stream_failures),
    };
    return cmocka_run_group_tests_name("prepare", tests, setup, teardown);
}
