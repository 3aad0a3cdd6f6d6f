/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis: folding, words, sentences, UTF-8 and language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyse.h"
#include "analyser_fixture.h"

/* ---- folding ---- */

static void
test_analyse__fold(void **state)
{
    accsi_analyser *a = *state;
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"Genève", "geneve"},
        {"Geneve", "geneve"},
        {"GENÈVE", "geneve"},
        {"genève", "geneve"},
        {"Ge\xCC\x81neve", "geneve"},   /* e + combining acute (NFD input) */
        {"ideeën", "ideeen"},
        /* The numeral één is not the article een (a stopword). */
        {"één", "één"},
        {"Eén", "één"},
        {"ÉÉN", "één"},
        {"eén", "één"},
        {"Een", "een"},
        {"éénmaal", "eenmaal"},
        {"België", "belgie"},
        {"Straße", "strasse"},           /* ß */
        {"STRASSE", "strasse"},
        {"ẞ", "ss"},                    /* capital sharp s */
        {"ﬁets", "fiets"},               /* fi ligature */
        {"ﬂow", "flow"},                 /* fl ligature */
        {"Ｇｅｎｅｖｅ", "geneve"},       /* full-width letters */
        {"２０１８", "2018"},             /* full-width digits */
        {"ĳs", "ijs"},                   /* Dutch ij ligature */
        {"foto’s", "foto's"},            /* right single quotation mark */
        {"foto‘s", "foto's"},            /* left single quotation mark */
        {"fotoʼs", "foto's"},            /* modifier letter apostrophe */
        {"Ærø", "ærø"},                  /* no decomposition: kept */
        {"Çà", "ca"},
        {"ABC", "abc"},
        {"", ""},
    };
    accsi_buf b;
    accsi_buf_init(&b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(accsi_fold(a, cases[i].in, strlen(cases[i].in), &b),
                         ACCS_OK);
        if (strcmp(b.data ? b.data : "", cases[i].out) != 0)
            fail_msg("fold(%s) = '%s', expected '%s'", cases[i].in,
                     b.data ? b.data : "", cases[i].out);
        assert_int_equal(b.len, strlen(cases[i].out));
    }
    /* A long non-ASCII word grows the scratch buffers. */
    char big[3 * 600 + 1];
    for (int i = 0; i < 600; i++)
        memcpy(big + 3 * i, "\xEF\xBC\xA1", 3); /* full-width A */
    big[sizeof big - 1] = '\0';
    assert_int_equal(accsi_fold(a, big, strlen(big), &b), ACCS_OK);
    assert_int_equal(b.len, 600);
    for (size_t i = 0; i < b.len; i++)
        assert_int_equal(b.data[i], 'a');
    accsi_buf_free(&b);
}

/* ---- tokenizing ---- */

typedef struct {
    size_t start, end;
    char folded[64];
    int is_number, joins_next, too_long;
} tok_copy;

typedef struct {
    tok_copy t[64];
    size_t n;
    size_t longest; /* folded_len of the longest token */
} tok_list;

static int
collect(const accsi_token *tok, void *payload)
{
    tok_list *l = payload;
    if (tok->folded_len > l->longest)
        l->longest = tok->folded_len;
    if (l->n == sizeof l->t / sizeof l->t[0])
        return 1;
    tok_copy *c = &l->t[l->n++];
    c->start = tok->start;
    c->end = tok->end;
    snprintf(c->folded, sizeof c->folded, "%s", tok->folded);
    assert_int_equal(strlen(tok->folded), tok->folded_len);
    c->is_number = tok->is_number;
    c->joins_next = tok->joins_next;
    c->too_long = tok->too_long;
    return 0;
}

static void
tokenize(accsi_analyser *a, const char *text, tok_list *l)
{
    memset(l, 0, sizeof *l);
    assert_int_equal(accsi_tokenize(a, text, strlen(text), collect, l), ACCS_OK);
}

static void
test_analyse__tokenize_offsets(void **state)
{
    accsi_analyser *a = *state;
    /* "Genève" has a two-byte è; "België's" a two-byte ë; "Ｇ" is 3 bytes. */
    const char *text = "Het verdrag van Genève (1949) — België’s RSA-conferentie, "
                       "3,5 miljoen Ｇeld.";
    static const struct {
        const char *surface;
        const char *folded;
        int is_number;
        int joins_next;
    } want[] = {
        {"Het", "het", 0, 0},
        {"verdrag", "verdrag", 0, 0},
        {"van", "van", 0, 0},
        {"Genève", "geneve", 0, 0},
        {"1949", "1949", 1, 0},
        {"België’s", "belgie's", 0, 0},
        {"RSA", "rsa", 0, 1},
        {"conferentie", "conferentie", 0, 0},
        {"3,5", "3,5", 1, 0},
        {"miljoen", "miljoen", 0, 0},
        {"Ｇeld", "geld", 0, 0},
    };
    tok_list l;
    tokenize(a, text, &l);
    assert_int_equal(l.n, sizeof want / sizeof want[0]);
    size_t from = 0;
    for (size_t i = 0; i < l.n; i++) {
        const char *at = strstr(text + from, want[i].surface);
        assert_non_null(at);
        size_t start = (size_t)(at - text);
        if (l.t[i].start != start || l.t[i].end != start + strlen(want[i].surface))
            fail_msg("token %zu (%s): [%zu,%zu), expected [%zu,%zu)", i,
                     want[i].surface, l.t[i].start, l.t[i].end, start,
                     start + strlen(want[i].surface));
        assert_string_equal(l.t[i].folded, want[i].folded);
        assert_int_equal(l.t[i].is_number, want[i].is_number);
        assert_int_equal(l.t[i].joins_next, want[i].joins_next);
        assert_int_equal(l.t[i].too_long, 0);
        from = l.t[i].end;
    }
    /* Byte offsets, checked by hand: "Het verdrag van " is 16 bytes. */
    assert_int_equal(l.t[3].start, 16);
    assert_int_equal(l.t[3].end, 23); /* G e n è(2) v e = 7 bytes */
}

static void
test_analyse__tokenize_hyphens_and_numbers(void **state)
{
    accsi_analyser *a = *state;
    static const struct {
        const char *text;
        size_t n;
        const char *folded[4];
        int joins[4];
        int number[4];
    } cases[] = {
        {"RSA-conferentie", 2, {"rsa", "conferentie"}, {1, 0}, {0, 0}},
        {"vn-veiligheidsraad", 2, {"vn", "veiligheidsraad"}, {1, 0}, {0, 0}},
        {"noord-zuid-verbinding", 3, {"noord", "zuid", "verbinding"}, {1, 1, 0},
         {0, 0, 0}},
        {"COVID-19", 2, {"covid", "19"}, {1, 0}, {0, 1}},
        {"RSA - conferentie", 2, {"rsa", "conferentie"}, {0, 0}, {0, 0}},
        {"RSA-", 1, {"rsa"}, {0}, {0}},
        {"RSA-.", 1, {"rsa"}, {0}, {0}},
        {"1949 2018", 2, {"1949", "2018"}, {0, 0}, {1, 1}},
        {"3.14 1.000.000", 2, {"3.14", "1.000.000"}, {0, 0}, {1, 1}},
        {"bedrijven' en", 2, {"bedrijven", "en"}, {0, 0}, {0, 0}},
        {"... !!! ---", 0, {NULL}, {0}, {0}},
        {"", 0, {NULL}, {0}, {0}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tok_list l;
        tokenize(a, cases[i].text, &l);
        if (l.n != cases[i].n)
            fail_msg("'%s': %zu tokens, expected %zu", cases[i].text, l.n,
                     cases[i].n);
        for (size_t k = 0; k < l.n; k++) {
            if (strcmp(l.t[k].folded, cases[i].folded[k]) != 0 ||
                l.t[k].joins_next != cases[i].joins[k] ||
                l.t[k].is_number != cases[i].number[k])
                fail_msg("'%s' token %zu: '%s' joins %d number %d", cases[i].text,
                         k, l.t[k].folded, l.t[k].joins_next, l.t[k].is_number);
        }
    }
}

static void
test_analyse__tokenize_too_long(void **state)
{
    accsi_analyser *a = *state;
    static const size_t lengths[] = {ACCSI_WORD_MAX - 1, ACCSI_WORD_MAX,
                                     ACCSI_WORD_MAX + 1, 2 * ACCSI_WORD_MAX,
                                     2 * ACCSI_WORD_MAX + 1, 5000};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        size_t n = lengths[i];
        char *text = malloc(n + 16);
        assert_non_null(text);
        memcpy(text, "kort ", 5);
        memset(text + 5, 'a', n);
        memcpy(text + 5 + n, " eind", 6);
        tok_list l;
        tokenize(a, text, &l);
        assert_int_equal(l.n, 3);
        assert_string_equal(l.t[0].folded, "kort");
        assert_int_equal(l.t[0].too_long, 0);
        assert_int_equal(l.t[1].start, 5);
        assert_int_equal(l.t[1].end, 5 + n);
        if (l.t[1].too_long != (n > ACCSI_WORD_MAX))
            fail_msg("word of %zu letters: too_long = %d", n, l.t[1].too_long);
        assert_string_equal(l.t[2].folded, "eind");
        assert_int_equal(l.t[2].too_long, 0);
        free(text);
    }
    /* A multibyte word: ACCSI_WORD_MAX counts folded bytes. */
    size_t chars = ACCSI_WORD_MAX / 2 + 1; /* each é folds to one byte */
    char *text = malloc(2 * chars + 1);
    assert_non_null(text);
    for (size_t i = 0; i < chars; i++)
        memcpy(text + 2 * i, "\xC3\xA9", 2);
    text[2 * chars] = '\0';
    tok_list l;
    tokenize(a, text, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.t[0].end, 2 * chars);
    assert_int_equal(l.t[0].too_long, 0);
    assert_int_equal(l.longest, chars);
    free(text);
}

/* Returning non-zero from the callback stops the walk. */
static int
stop_after_two(const accsi_token *tok, void *payload)
{
    (void)tok;
    unsigned *n = payload;
    return ++*n == 2;
}

static void
test_analyse__tokenize_stop(void **state)
{
    unsigned n = 0;
    const char *text = "een twee drie vier";
    assert_int_equal(accsi_tokenize(*state, text, strlen(text), stop_after_two,
                                    &n),
                     ACCS_OK);
    assert_int_equal(n, 2);
}

/* ---- sentences ---- */

typedef struct {
    size_t start[16], end[16];
    size_t n;
} span_list;

static int
add_span(size_t start, size_t end, void *payload)
{
    span_list *l = payload;
    if (l->n < 16) {
        l->start[l->n] = start;
        l->end[l->n] = end;
    }
    l->n++;
    return 0;
}

static void
test_analyse__sentences(void **state)
{
    accsi_analyser *a = *state;
    static const struct {
        const char *text;
        size_t n;
        const char *first[6]; /* each sentence's opening word */
    } cases[] = {
        {"Dit is zin één. Dit is zin twee! En drie? Ja.", 4,
         {"Dit is zin één.", "Dit is zin twee!", "En drie?", "Ja."}},
        {"The treaty was signed in Geneva. It has 196 parties.", 2,
         {"The treaty", "It has"}},
        {"Geen punt aan het eind", 1, {"Geen punt"}},
        {"Prijs: 3.5 miljoen. Daarna meer.", 2, {"Prijs", "Daarna"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i].text;
        size_t len = strlen(t);
        span_list l;
        memset(&l, 0, sizeof l);
        assert_int_equal(accsi_sentences(a, t, len, add_span, &l), ACCS_OK);
        if (l.n != cases[i].n)
            fail_msg("'%s': %zu sentences, expected %zu", t, l.n, cases[i].n);
        /* Sentences cover the text without gaps or overlaps. */
        assert_int_equal(l.start[0], 0);
        assert_int_equal(l.end[l.n - 1], len);
        for (size_t k = 0; k < l.n; k++) {
            if (k)
                assert_int_equal(l.start[k], l.end[k - 1]);
            size_t fl = strlen(cases[i].first[k]);
            if (strncmp(t + l.start[k], cases[i].first[k], fl) != 0)
                fail_msg("'%s' sentence %zu starts at '%s'", t, k, t + l.start[k]);
        }
    }
}

/* ---- UTF-8 ---- */

static void
test_analyse__utf8_valid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
        int valid;
    } cases[] = {
        {"plain ascii", 11, 1},
        {"Gen\xC3\xA8ve", 7, 1},
        {"\xE2\x82\xAC", 3, 1},               /* euro sign */
        {"\xF0\x9F\x98\x80", 4, 1},           /* emoji */
        {"a\0b", 3, 1},                       /* NUL is valid UTF-8 */
        {"\xFF", 1, 0},
        {"\xC3", 1, 0},                       /* truncated */
        {"\xC3(", 2, 0},                      /* bad continuation */
        {"\xC0\xAF", 2, 0},                   /* overlong '/' */
        {"\xED\xA0\x80", 3, 0},               /* surrogate */
        {"\xF4\x90\x80\x80", 4, 0},           /* above U+10FFFF */
        {"\x80", 1, 0},                       /* lone continuation */
        {"ok \xE2\x82", 5, 0},                /* truncated at the end */
        {"", 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (accsi_utf8_valid(cases[i].s, cases[i].len) != cases[i].valid)
            fail_msg("case %zu: valid should be %d", i, cases[i].valid);
}

static void
test_analyse__utf8_repair(void **state)
{
    (void)state;
#define FFFD "\xEF\xBF\xBD"
    static const struct {
        const char *in;
        size_t len;
        const char *out;
        size_t fixed;
    } cases[] = {
        {"Gen\xC3\xA8ve", 7, "Gen\xC3\xA8ve", 0},
        {"a\0b", 3, "a b", 1},
        {"a\xFF" "b", 3, "a" FFFD "b", 1},
        {"\xC3(", 2, FFFD "(", 1},
        {"x\xE2\x82", 3, "x" FFFD, 1},            /* one maximal subpart */
        {"\xFF\xFE", 2, FFFD FFFD, 2},
        {"\0\0", 2, "  ", 2},
        {"\xED\xA0\x80!", 4, FFFD FFFD FFFD "!", 3}, /* surrogate: 3 bytes */
        {"", 0, "", 0},
    };
    accsi_buf b;
    accsi_buf_init(&b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t fixed = accsi_utf8_repair(cases[i].in, cases[i].len, &b);
        if (fixed != cases[i].fixed)
            fail_msg("case %zu: %zu replacements, expected %zu", i, fixed,
                     cases[i].fixed);
        assert_int_equal(b.len, strlen(cases[i].out));
        assert_memory_equal(b.data, cases[i].out, b.len);
        assert_true(accsi_utf8_valid(b.data, b.len));
        assert_null(memchr(b.data, '\0', b.len));
    }
    accsi_buf_free(&b);
#undef FFFD
}

/* ---- stopwords and language ---- */

static accsi_lang
guess(accsi_analyser *a, const char *text, accsi_lang_votes *v)
{
    tok_list l;
    tokenize(a, text, &l);
    memset(v, 0, sizeof *v);
    for (size_t i = 0; i < l.n; i++)
        accsi_lang_vote(v, l.t[i].folded, strlen(l.t[i].folded));
    assert_int_equal(v->words, l.n);
    return accsi_lang_decide(v, 2);
}

static void
test_analyse__language(void **state)
{
    accsi_analyser *a = *state;
    static const struct {
        const char *text;
        accsi_lang lang;
    } cases[] = {
        {"De regering heeft het verdrag van Genève ondertekend.", ACCSI_LANG_NL},
        {"Het is niet duidelijk wie de aanval heeft uitgevoerd.", ACCSI_LANG_NL},
        {"Wij hebben er geen zin in.", ACCSI_LANG_NL},
        {"The government has signed the treaty of Geneva.", ACCSI_LANG_EN},
        {"It is not clear who carried out the attack.", ACCSI_LANG_EN},
        {"We would have done it with them.", ACCSI_LANG_EN},
        {"Genève Geneva", ACCSI_LANG_UNKNOWN},    /* no evidence */
        {"", ACCSI_LANG_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        accsi_lang_votes v;
        accsi_lang got = guess(a, cases[i].text, &v);
        if (got != cases[i].lang)
            fail_msg("'%s': %s (nl %u, en %u), expected %s", cases[i].text,
                     accsi_lang_code(got), v.nl, v.en,
                     accsi_lang_code(cases[i].lang));
    }
    /* The decision itself. */
    static const struct {
        unsigned nl, en, min;
        accsi_lang lang;
    } votes[] = {
        {3, 1, 2, ACCSI_LANG_NL}, {1, 3, 2, ACCSI_LANG_EN},
        {2, 2, 1, ACCSI_LANG_UNKNOWN}, /* a tie */
        {1, 0, 2, ACCSI_LANG_UNKNOWN}, /* too few hits */
        {1, 0, 1, ACCSI_LANG_NL}, {0, 0, 0, ACCSI_LANG_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof votes / sizeof votes[0]; i++) {
        accsi_lang_votes v = {votes[i].nl, votes[i].en, 10};
        assert_int_equal(accsi_lang_decide(&v, votes[i].min), votes[i].lang);
    }
}

static void
test_analyse__stopwords_and_codes(void **state)
{
    (void)state;
    assert_true(accsi_is_stopword(ACCSI_LANG_NL, "de", 2));
    assert_true(accsi_is_stopword(ACCSI_LANG_NL, "het", 3));
    assert_false(accsi_is_stopword(ACCSI_LANG_NL, "verdrag", 7));
    assert_true(accsi_is_stopword(ACCSI_LANG_EN, "the", 3));
    assert_false(accsi_is_stopword(ACCSI_LANG_EN, "het", 3));
    assert_false(accsi_is_stopword(ACCSI_LANG_NL, "the", 3));
    /* UNKNOWN: a stopword in either language. */
    assert_true(accsi_is_stopword(ACCSI_LANG_UNKNOWN, "the", 3));
    assert_true(accsi_is_stopword(ACCSI_LANG_UNKNOWN, "het", 3));
    /* Length, not NUL, ends the word. */
    assert_true(accsi_is_stopword(ACCSI_LANG_NL, "dezelfde", 2));
    assert_string_equal(accsi_lang_code(ACCSI_LANG_NL), "nl");
    assert_string_equal(accsi_lang_code(ACCSI_LANG_EN), "en");
    assert_string_equal(accsi_lang_code(ACCSI_LANG_UNKNOWN), "");
    /* The analysis version names the pieces that change terms. */
    const char *ver = accsi_analysis_version();
    assert_non_null(strstr(ver, "icu-"));
    assert_non_null(strstr(ver, "lists-"));
    assert_ptr_equal(ver, accsi_analysis_version());
}

/* Language codes: "nl"/"en", regional variants and the English names;
 * anything else is UNKNOWN (analyse.h). */
static void
test_analyse__lang_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        accsi_lang lang;
    } codes[] = {
        {"nl", ACCSI_LANG_NL}, {"nl-NL", ACCSI_LANG_NL}, {"nl_BE", ACCSI_LANG_NL},
        {"dutch", ACCSI_LANG_NL}, {"nederlands", ACCSI_LANG_NL},
        {"en", ACCSI_LANG_EN}, {"en-GB", ACCSI_LANG_EN}, {"english", ACCSI_LANG_EN},
        {"de", ACCSI_LANG_UNKNOWN}, {"fr-FR", ACCSI_LANG_UNKNOWN},
        {"nlx", ACCSI_LANG_UNKNOWN}, {"enx", ACCSI_LANG_UNKNOWN},
        {"enigma", ACCSI_LANG_UNKNOWN}, {"", ACCSI_LANG_UNKNOWN},
        {NULL, ACCSI_LANG_UNKNOWN},
    };
    unsigned bad = 0;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (accsi_lang_parse(codes[i].s) != codes[i].lang) {
            printf("   lang_parse(%s) = '%s', expected '%s'\n",
                   codes[i].s ? codes[i].s : "NULL",
                   accsi_lang_code(accsi_lang_parse(codes[i].s)),
                   accsi_lang_code(codes[i].lang));
            bad++;
        }
    assert_int_equal(bad, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analyse__fold),
        cmocka_unit_test(test_analyse__tokenize_offsets),
        cmocka_unit_test(test_analyse__tokenize_hyphens_and_numbers),
        cmocka_unit_test(test_analyse__tokenize_too_long),
        cmocka_unit_test(test_analyse__tokenize_stop),
        cmocka_unit_test(test_analyse__sentences),
        cmocka_unit_test(test_analyse__utf8_valid),
        cmocka_unit_test(test_analyse__utf8_repair),
        cmocka_unit_test(test_analyse__language),
        cmocka_unit_test(test_analyse__stopwords_and_codes),
        cmocka_unit_test(test_analyse__lang_parse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
