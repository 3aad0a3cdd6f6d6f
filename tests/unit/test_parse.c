/* SPDX-License-Identifier: MIT */
/* Unit tests for the parse stage: plain text, Markdown, HTML and helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"
#include "parse.h"
#include "block_text.h"

/* The document under test: a file-level variable, so that the teardown
 * frees it even when an assertion fails half-way through a test. */
static accsi_parsed cur;

static int
free_cur(void **state)
{
    (void)state;
    accsi_parsed_free(&cur);
    return 0;
}

static void
parse(accsi_parsed *p, const char *src, accsi_fmt fmt)
{
    accsi_err err = {{0}};
    accs_status st = accsi_parse(p, src, strlen(src), fmt, &err);
    if (st != ACCS_OK)
        fail_msg("parse failed: %d %s", st, err.msg);
}

/* The source offset of the first occurrence of `word` in the extracted
 * text must be where `word` stands in the source (searched from `from`). */
static void
check_anchor(const accsi_parsed *p, const char *src, const char *word,
             const char *src_from)
{
    const char *t = strstr(p->text.data, word);
    if (!t)
        fail_msg("'%s' not in the extracted text", word);
    const char *s = strstr(src_from ? strstr(src, src_from) : src, word);
    assert_non_null(s);
    uint64_t want = (uint64_t)(s - src);
    uint64_t got = accsi_parsed_src_offset(p, (size_t)(t - p->text.data));
    if (got != want)
        fail_msg("'%s': source offset %llu, expected %llu", word,
                 (unsigned long long)got, (unsigned long long)want);
}

/* ---- plain text ---- */

static void
test_parse__text_front_matter(void **state)
{
    (void)state;
    const char *src = "title: Verdrag van Genève\n"
                      "date: 2018-04-12\n"
                      "lang: nl\n"
                      "\n"
                      "Eerste alinea met woorden.\n"
                      "Nog een regel.\n"
                      "\n"
                      "\n"
                      "  Tweede alinea, na twee lege regels.\n"
                      "   \n"
                      "Derde.";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_TEXT);
    assert_string_equal(p->title, "Verdrag van Genève");
    assert_string_equal(p->date, "2018-04-12");
    assert_int_equal(p->lang, ACCSI_LANG_NL);
    assert_int_equal(p->n_blocks, 3);
    assert_string_equal(block_text(p, 0),
                        "Eerste alinea met woorden.\nNog een regel.");
    assert_string_equal(block_text(p, 1), "Tweede alinea, na twee lege regels.");
    assert_string_equal(block_text(p, 2), "Derde.");
    for (size_t i = 0; i < p->n_blocks; i++)
        assert_int_equal(p->blocks[i].is_heading, 0);
    /* Blocks are separated by a blank line in the extracted text. */
    assert_memory_equal(p->text.data + p->blocks[0].end, "\n\n", 2);

    /* Source offsets and lines of each block start. */
    static const struct {
        const char *word;
        unsigned line;
    } where[] = {
        {"Eerste", 5}, {"Nog", 6}, {"Tweede", 9}, {"Derde", 11},
    };
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
        check_anchor(p, src, where[i].word, NULL);
        const char *t = strstr(p->text.data, where[i].word);
        uint64_t off = accsi_parsed_src_offset(p, (size_t)(t - p->text.data));
        assert_int_equal(accsi_parsed_line(p, off), where[i].line);
    }
    /* Line of the first and last byte. */
    assert_int_equal(accsi_parsed_line(p, 0), 1);
    assert_int_equal(accsi_parsed_line(p, strlen(src) - 1), 11);
    assert_int_equal(p->src_len, strlen(src));
    accsi_parsed_free(p);
}

static void
test_parse__text_seed_date(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        const char *date;
        const char *first; /* text of the first block */
        size_t body_off;   /* source offset of that text */
    } cases[] = {
        {"date 2018-04 Tientallen landen tekenen een akkoord.", "2018-04",
         "Tientallen landen tekenen een akkoord.", 13},
        {"date 2018-04-17 Tientallen landen.\n\nTweede.", "2018-04-17",
         "Tientallen landen.", 16},
        {"\xEF\xBB\xBF" "date 2018-04\tTientallen.", "2018-04", "Tientallen.", 16},
        {"date 2018-4 Tientallen.", NULL, "date 2018-4 Tientallen.", 0},
        {"dated 2018-04 Tientallen.", NULL, "dated 2018-04 Tientallen.", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        accsi_parsed *p = &cur;
        parse(p, cases[i].src, ACCSI_FMT_TEXT);
        if (cases[i].date)
            assert_string_equal(p->date, cases[i].date);
        else
            assert_null(p->date);
        assert_true(p->n_blocks >= 1);
        assert_string_equal(block_text(p, 0), cases[i].first);
        assert_int_equal(accsi_parsed_src_offset(p, p->blocks[0].start),
                         cases[i].body_off);
        assert_null(p->title);
        accsi_parsed_free(p);
    }
}

/* Text that is not UTF-8 but has the bytes of Windows-1252 (Latin-1) is
 * read as such, and offsets keep pointing into the file (each accented
 * letter is two bytes in the parsed copy, one in the file). */
static void
test_parse__text_cp1252(void **state)
{
    (void)state;
    const char *src = "caf\xE9 en th\xE9 \x93" "citaat\x94 \x80" "5\n\nTweede alinea.";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_TEXT);
    assert_int_equal(p->n_repaired, 0);
    assert_string_equal(p->encoding, "windows-1252");
    assert_int_equal(p->n_blocks, 2);
    assert_string_equal(block_text(p, 0),
                        "caf\xC3\xA9 en th\xC3\xA9 \xE2\x80\x9C" "citaat\xE2\x80\x9D "
                        "\xE2\x82\xAC" "5");
    assert_string_equal(block_text(p, 1), "Tweede alinea.");
    assert_int_equal(p->src_len, strlen(src));
    check_anchor(p, src, "Tweede", NULL);
    check_anchor(p, src, "en", NULL);
    assert_int_equal(accsi_parsed_line(p, accsi_parsed_src_offset(p, p->blocks[1].start)), 3);
    accsi_parsed_free(p);
}

/* UTF-8 with a stray byte is repaired: the byte becomes U+FFFD (three
 * bytes in the parsed copy) and offsets still point into the file. */
static void
test_parse__text_repaired_offsets(void **state)
{
    (void)state;
    const char *src = "caf\xC3\xA9 en th\xE9\n\nTweede alinea.";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_TEXT);
    assert_int_equal(p->n_repaired, 1);
    assert_null(p->encoding);
    assert_int_equal(p->n_blocks, 2);
    assert_string_equal(block_text(p, 0), "caf\xC3\xA9 en th\xEF\xBF\xBD");
    assert_string_equal(block_text(p, 1), "Tweede alinea.");
    uint64_t off = accsi_parsed_src_offset(p, p->blocks[1].start);
    assert_int_equal(accsi_parsed_line(p, off), 3);
    /* "Tweede" is at byte 14 of the file. */
    assert_int_equal(off, 14);
    accsi_parsed_free(p);
}

/* `utf8` as UTF-16 (little- or big-endian, with or without a byte-order
 * mark) into `out`; returns its length in bytes. */
static size_t
to_utf16(const char *utf8, int le, int bom, char *out)
{
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)utf8;
    uint16_t units[2];
    if (bom) {
        out[n++] = le ? '\xFF' : '\xFE';
        out[n++] = le ? '\xFE' : '\xFF';
    }
    while (*s) {
        uint32_t c;
        size_t k;
        if (*s < 0x80)
            c = *s, k = 1;
        else if (*s < 0xE0)
            c = (uint32_t)(*s & 0x1F) << 6 | (s[1] & 0x3F), k = 2;
        else if (*s < 0xF0)
            c = (uint32_t)(*s & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F), k = 3;
        else
            c = (uint32_t)(*s & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
                (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F), k = 4;
        s += k;
        size_t nu = 1;
        if (c >= 0x10000) {
            units[0] = (uint16_t)(0xD800 + ((c - 0x10000) >> 10));
            units[1] = (uint16_t)(0xDC00 + ((c - 0x10000) & 0x3FF));
            nu = 2;
        } else {
            units[0] = (uint16_t)c;
        }
        for (size_t u = 0; u < nu; u++) {
            out[n++] = (char)(le ? units[u] & 0xFF : units[u] >> 8);
            out[n++] = (char)(le ? units[u] >> 8 : units[u] & 0xFF);
        }
    }
    return n;
}

/* UTF-16 files, as Windows editors save them: read in both byte orders,
 * with and without a byte-order mark, with offsets and lines in the
 * file's bytes. */
static void
test_parse__text_utf16(void **state)
{
    (void)state;
    const char *utf8 = "Het verdrag van Gen\xC3\xA8ve \xF0\x9F\x98\x80 en meer.\r\n"
                       "\r\n"
                       "Tweede alinea over Z\xC3\xBCrich.\r\n";
    char src[512];
    for (int le = 0; le < 2; le++)
        for (int bom = 0; bom < 2; bom++) {
            size_t len = to_utf16(utf8, le, bom, src);
            assert_int_equal(accsi_detect_encoding(src, len),
                             le ? ACCSI_ENC_UTF16LE : ACCSI_ENC_UTF16BE);
            accsi_parsed *p = &cur;
            accsi_err err = {{0}};
            assert_int_equal(accsi_parse(p, src, len, ACCSI_FMT_TEXT, &err), ACCS_OK);
            assert_string_equal(p->encoding, le ? "UTF-16LE" : "UTF-16BE");
            assert_int_equal(p->n_repaired, 0);
            assert_int_equal(p->n_blocks, 2);
            assert_string_equal(block_text(p, 0),
                                "Het verdrag van Gen\xC3\xA8ve \xF0\x9F\x98\x80 en meer.");
            assert_string_equal(block_text(p, 1), "Tweede alinea over Z\xC3\xBCrich.");
            /* "Tweede" follows 33 characters (one of them two UTF-16
             * units) and two line ends: unit 38, after the mark. */
            uint64_t off = accsi_parsed_src_offset(p, p->blocks[1].start);
            assert_int_equal(off, (uint64_t)(bom * 2 + 38 * 2));
            assert_int_equal(accsi_parsed_line(p, off), 3);
            /* The end of the second block: the file's last "\r\n" is
             * after it. */
            assert_int_equal(accsi_parsed_src_offset(p, p->blocks[1].end), len - 4);
            accsi_parsed_free(p);
        }

    /* An unpaired surrogate and an odd last byte become U+FFFD. */
    const char bad[] = "\xFF\xFE" "a\0\x00\xD8" "b\0" "c";
    accsi_parsed *p = &cur;
    accsi_err err = {{0}};
    assert_int_equal(accsi_parse(p, bad, sizeof bad - 1, ACCSI_FMT_TEXT, &err), ACCS_OK);
    assert_int_equal(p->n_repaired, 2);
    assert_string_equal(block_text(p, 0), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    accsi_parsed_free(p);
}

/* A paragraph whose text runs over many lines is anchored at the line
 * where it starts, not where libxml2 had got to when it made the text
 * node (the end of a short text, 1000 bytes into a long one). */
static void
test_parse__html_multiline(void **state)
{
    (void)state;
    char src[8192];
    size_t n = (size_t)snprintf(src, sizeof src,
                                "<html><body>\n<p>Eerste alinea die\nover drie\nregels loopt.</p>\n"
                                "<p>\n  Tweede alinea, ingesprongen.\n</p>\n<p>Lang");
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(src + n, sizeof src - n,
                              " regel %02d van een lange alinea met veel woorden\n", i);
    snprintf(src + n, sizeof src - n, "einde.</p>\n<p>Slot.</p></body></html>\n");
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_HTML);
    assert_int_equal(p->n_blocks, 4);
    static const unsigned lines[] = {2, 5, 8, 69};
    for (size_t b = 0; b < 4; b++) {
        uint64_t off = accsi_parsed_src_offset(p, p->blocks[b].start);
        if (accsi_parsed_line(p, off) != lines[b])
            fail_msg("block %zu: line %u, expected %u", b, accsi_parsed_line(p, off), lines[b]);
    }
    accsi_parsed_free(p);
}

/* HTML in UTF-16 (its byte-order mark outranks the charset it names) and
 * in Windows-1252 without a declaration. */
static void
test_parse__html_encodings(void **state)
{
    (void)state;
    const char *utf8 = "<html><head><meta charset=\"utf-16\"><title>Gen\xC3\xA8ve</title>"
                       "</head>\n<body>\n<p>Het verdrag van Gen\xC3\xA8ve.</p>\n"
                       "<p>Tweede alinea.</p></body></html>\n";
    char src[1024];
    size_t len = to_utf16(utf8, 1, 1, src);
    accsi_parsed *p = &cur;
    accsi_err err = {{0}};
    assert_int_equal(accsi_parse(p, src, len, ACCSI_FMT_HTML, &err), ACCS_OK);
    assert_string_equal(p->title, "Gen\xC3\xA8ve");
    assert_int_equal(p->n_blocks, 2);
    assert_string_equal(block_text(p, 0), "Het verdrag van Gen\xC3\xA8ve.");
    /* Blocks are anchored at their line's start, in file bytes. */
    uint64_t off = accsi_parsed_src_offset(p, p->blocks[1].start);
    assert_int_equal(accsi_parsed_line(p, off), 4);
    accsi_parsed_free(p);

    const char *latin = "<html><body><p>Caf\xE9 in Gen\xE8ve.</p></body></html>";
    parse(p, latin, ACCSI_FMT_HTML);
    assert_string_equal(p->encoding, "windows-1252");
    assert_string_equal(block_text(p, 0), "Caf\xC3\xA9 in Gen\xC3\xA8ve.");
    accsi_parsed_free(p);

    /* A declared charset is libxml2's to decode. */
    const char *declared = "<html><head><meta charset=\"iso-8859-1\"></head>"
                           "<body><p>Caf\xE9.</p></body></html>";
    parse(p, declared, ACCSI_FMT_HTML);
    assert_null(p->encoding);
    assert_string_equal(block_text(p, 0), "Caf\xC3\xA9.");
    accsi_parsed_free(p);
}

static void
test_parse__text_empty(void **state)
{
    (void)state;
    static const char *const srcs[] = {"", "\n\n  \n", "title: Alleen\n\n"};
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        accsi_parsed *p = &cur;
        parse(p, srcs[i], ACCSI_FMT_TEXT);
        assert_int_equal(p->n_blocks, 0);
        assert_int_equal(p->text.len, 0);
        accsi_parsed_free(p);
    }
}

/* ---- Markdown ---- */

static void
test_parse__markdown(void **state)
{
    (void)state;
    const char *src =
        "# Het verdrag van *Genève*\n"                               /* 1 */
        "\n"
        "Dit is **vet** en dit een [link naar de VN](https://un.org) en\n"
        "een plaatje ![logo van de VN](logo.png) met `code` erin.\n"
        "\n"
        "## Tweede kop ##\n"                                          /* 6 */
        "\n"
        "- eerste punt\n"
        "- tweede punt\n"
        "1. genummerd\n"
        "\n"
        "| land | jaar |\n"                                          /* 12 */
        "|------|-----:|\n"
        "| Nederland | 1954 |\n"
        "\n"
        "> Een citaat.\n"
        "\n"
        "```\n"
        "int x = 1;\n"
        "```\n"
        "\n"
        "Zie <https://example.org/pad> of \\*geen\\* nadruk.\n";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_MARKDOWN);
    assert_string_equal(p->title, "Het verdrag van Genève");
    static const struct {
        const char *text;
        int heading;
    } want[] = {
        {"Het verdrag van Genève", 1},
        {"Dit is vet en dit een link naar de VN en een plaatje logo van de VN "
         "met code erin.", 0},
        {"Tweede kop", 1},
        {"eerste punt\ntweede punt\ngenummerd", 0},
        {NULL, 0}, /* the table: checked word by word below */
        {"Een citaat.", 0},
        {"int x = 1;", 0},
        {"Zie https://example.org/pad of *geen* nadruk.", 0},
    };
    assert_int_equal(p->n_blocks, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < p->n_blocks; i++) {
        assert_int_equal(p->blocks[i].is_heading, want[i].heading);
        if (want[i].text)
            assert_string_equal(block_text(p, i), want[i].text);
    }
    /* Table: cells become words, the separator row disappears. */
    const char *table = block_text(p, 4);
    assert_non_null(strstr(table, "land"));
    assert_non_null(strstr(table, "Nederland"));
    assert_non_null(strstr(table, "1954"));
    assert_null(strchr(table, '|'));
    assert_null(strstr(table, "---"));
    /* Nothing of the markup or link targets survives. */
    assert_null(strstr(p->text.data, "un.org"));
    assert_null(strstr(p->text.data, "logo.png"));
    assert_null(strstr(p->text.data, "**"));
    assert_null(strchr(p->text.data, '`'));
    assert_null(strchr(p->text.data, '#'));
    /* Offsets of words after removed markup. */
    check_anchor(p, src, "Genève", NULL);
    check_anchor(p, src, "vet", NULL);
    check_anchor(p, src, "link naar", NULL);
    check_anchor(p, src, "logo van", NULL);
    check_anchor(p, src, "code", "`");
    check_anchor(p, src, "Tweede", NULL);
    check_anchor(p, src, "tweede punt", NULL);
    check_anchor(p, src, "genummerd", NULL);
    check_anchor(p, src, "Nederland", NULL);
    check_anchor(p, src, "Een citaat", NULL);
    const char *t = strstr(p->text.data, "Tweede");
    assert_int_equal(accsi_parsed_line(p, accsi_parsed_src_offset(
                                               p, (size_t)(t - p->text.data))),
                     6);
    t = strstr(p->text.data, "Nederland");
    assert_int_equal(accsi_parsed_line(p, accsi_parsed_src_offset(
                                               p, (size_t)(t - p->text.data))),
                     14);
    accsi_parsed_free(p);
}

static void
test_parse__markdown_front_matter(void **state)
{
    (void)state;
    const char *src = "---\n"
                      "title: \"Cyberaanvallen in 2018\"\n"
                      "author: Iemand\n"
                      "tags: [a, b]\n"
                      "date: 2018-11-02\n"
                      "lang: en-GB\n"
                      "---\n"
                      "# Een kop die geen titel wordt\n"
                      "\n"
                      "Tekst.\n";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_MARKDOWN);
    assert_string_equal(p->title, "Cyberaanvallen in 2018");
    assert_string_equal(p->date, "2018-11-02");
    assert_int_equal(p->lang, ACCSI_LANG_EN);
    assert_int_equal(p->n_blocks, 2);
    assert_string_equal(block_text(p, 0), "Een kop die geen titel wordt");
    assert_int_equal(p->blocks[0].is_heading, 1);
    assert_string_equal(block_text(p, 1), "Tekst.");
    assert_null(strstr(p->text.data, "author"));
    const char *t = strstr(p->text.data, "Tekst");
    assert_int_equal(accsi_parsed_line(p, accsi_parsed_src_offset(
                                               p, (size_t)(t - p->text.data))),
                     10);
    accsi_parsed_free(p);

    /* A setext heading (underlined with =) is the title. */
    const char *setext = "Grote titel\n===========\n\nTekst eronder.\n";
    parse(p, setext, ACCSI_FMT_MARKDOWN);
    assert_string_equal(p->title, "Grote titel");
    assert_int_equal(p->n_blocks, 2);
    assert_int_equal(p->blocks[0].is_heading, 1);
    assert_string_equal(block_text(p, 1), "Tekst eronder.");
    accsi_parsed_free(p);
}

/* A fence that is never closed is not front matter (nothing is consumed,
 * the lines are body text), so it must not set metadata either. */
static void
test_parse__rejected_front_matter(void **state)
{
    (void)state;
    accsi_parsed *p = &cur;
    const char *open = "---\ntitle: Nee\ndate: 2011-11\n\nTekst.\n";
    parse(p, open, ACCSI_FMT_MARKDOWN);
    assert_non_null(strstr(p->text.data, "Nee"));
    if (p->title || p->date)
        fail_msg("metadata from rejected front matter: title '%s', date '%s'",
                 p->title ? p->title : "(none)", p->date ? p->date : "(none)");
    accsi_parsed_free(p);
}

/* ---- HTML ---- */

static void
test_parse__html(void **state)
{
    (void)state;
    const char *src =
        "<!DOCTYPE html>\n"
        "<html lang=\"nl\">\n"
        "<head>\n"
        "<meta charset=\"utf-8\">\n"
        "<title>Verdrag van Gen&egrave;ve</title>\n"
        "<meta name=\"date\" content=\"2018-04-12T10:00:00Z\">\n"
        "<style>p { color: red; }</style>\n"
        "<script>var geheim = \"scriptwoord\";</script>\n"
        "</head>\n"
        "<body>\n"
        "<h1>De kop</h1>\n"
        "<p>Eerste alinea over Gen&egrave;ve &amp; het\n"
        "   <b>verdrag</b> &mdash; 1949.</p>\n"
        "<div>Tweede <i>blok</i><br>na een regeleinde</div>\n"
        "<script>alert(\"weg\")</script><noscript>ookweg</noscript>\n"
        "<ul><li>een</li><li>twee</li></ul>\n"
        "<p><img src=\"x.png\" alt=\"alternatieve tekst\"> &#8364;5 &#x263A;</p>\n"
        "</body>\n"
        "</html>\n";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_HTML);
    assert_string_equal(p->title, "Verdrag van Genève");
    assert_int_equal(p->lang, ACCSI_LANG_NL);
    assert_string_equal(p->date, "2018-04-12");
    static const struct {
        const char *text;
        int heading;
    } want[] = {
        {"De kop", 1},
        {"Eerste alinea over Genève & het verdrag — 1949.", 0},
        {"Tweede blok", 0},
        {"na een regeleinde", 0},
        {"een", 0},
        {"twee", 0},
        {"alternatieve tekst €5 ☺", 0},
    };
    if (p->n_blocks != sizeof want / sizeof want[0]) {
        for (size_t i = 0; i < p->n_blocks; i++)
            printf("   block %zu: '%s'\n", i, block_text(p, i));
        fail_msg("%zu blocks", p->n_blocks);
    }
    for (size_t i = 0; i < p->n_blocks; i++) {
        assert_string_equal(block_text(p, i), want[i].text);
        assert_int_equal(p->blocks[i].is_heading, want[i].heading);
    }
    /* Invisible content is gone. */
    static const char *const hidden[] = {"scriptwoord", "alert", "color",
                                         "ookweg", "Verdrag van"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        if (strstr(p->text.data, hidden[i]))
            fail_msg("'%s' should not be in the text", hidden[i]);
    /* Blocks are anchored at the line where their element starts. */
    const char *t = strstr(p->text.data, "Eerste");
    uint64_t off = accsi_parsed_src_offset(p, (size_t)(t - p->text.data));
    assert_int_equal(accsi_parsed_line(p, off), 12);
    t = strstr(p->text.data, "De kop");
    off = accsi_parsed_src_offset(p, (size_t)(t - p->text.data));
    assert_int_equal(accsi_parsed_line(p, off), 11);
    accsi_parsed_free(p);
}

static void
test_parse__html_fallbacks(void **state)
{
    (void)state;
    /* No <title>: the first heading is the title; <time datetime> dates. */
    const char *src = "<html lang=\"en-US\"><body><p>Intro.</p>"
                      "<h2>Section head</h2><p>Published "
                      "<time datetime=\"2017-06\">June</time>.</p></body></html>";
    accsi_parsed *p = &cur;
    parse(p, src, ACCSI_FMT_HTML);
    assert_string_equal(p->title, "Section head");
    assert_int_equal(p->lang, ACCSI_LANG_EN);
    assert_string_equal(p->date, "2017-06");
    assert_int_equal(p->n_blocks, 3);
    assert_string_equal(block_text(p, 2), "Published June.");
    accsi_parsed_free(p);

    /* A fragment without <html> or <body>. */
    parse(p, "Alleen <b>tekst</b> hier", ACCSI_FMT_HTML);
    assert_int_equal(p->n_blocks, 1);
    assert_string_equal(block_text(p, 0), "Alleen tekst hier");
    assert_null(p->title);
    assert_int_equal(p->lang, ACCSI_LANG_UNKNOWN);
    accsi_parsed_free(p);

    /* Charset declarations. */
    const char *latin = "<meta charset=\"iso-8859-1\">";
    const char *utf = "<meta http-equiv=\"Content-Type\" content=\"text/html; "
                      "charset=UTF-8\">";
    assert_true(accsi_html_declares_other_charset(latin, strlen(latin)));
    assert_false(accsi_html_declares_other_charset(utf, strlen(utf)));
    assert_false(accsi_html_declares_other_charset("<p>x</p>", 8));
}

/* ---- helpers ---- */

static void
test_parse__detect_encoding(void **state)
{
    (void)state;
#define BYTES(s) s, sizeof(s) - 1
    static const struct {
        const char *data;
        size_t len;
        accsi_encoding enc;
    } cases[] = {
        {BYTES("Het verdrag van Genève werd in 1949 ondertekend.\n"), ACCSI_ENC_UTF8},
        {BYTES("tabs\tand\r\nnew lines\fand \x1b[1mescapes\x1b[0m"), ACCSI_ENC_UTF8},
        {BYTES("\xEF\xBB\xBFmet een BOM"), ACCSI_ENC_UTF8},
        {BYTES("abc\0def"), ACCSI_ENC_BINARY},
        {BYTES("\0"), ACCSI_ENC_BINARY},
        {BYTES("\x7f" "ELF\x02\x01\x01\x03\x04\x05"), ACCSI_ENC_BINARY},
        {BYTES(""), ACCSI_ENC_UTF8},
        /* Latin-1 / Windows-1252 letters and quotes. */
        {BYTES("Het verdrag van Gen\xE8ve, \x93" "caf\xE9\x94.\n"), ACCSI_ENC_CP1252},
        /* UTF-8 with a stray byte: more valid sequences than invalid. */
        {BYTES("caf\xC3\xA9 en th\xC3\xA9 \xFF"), ACCSI_ENC_UTF8},
        /* UTF-16 by its mark, or by its zero bytes. */
        {BYTES("\xFF\xFEH\0e\0t\0"), ACCSI_ENC_UTF16LE},
        {BYTES("\xFE\xFF\0H\0e\0t"), ACCSI_ENC_UTF16BE},
        {BYTES("H\0e\0t\0 \0v\0e\0r\0d\0r\0a\0g\0"), ACCSI_ENC_UTF16LE},
        {BYTES("\0H\0e\0t\0 \0v\0e\0r\0d\0r\0a\0g"), ACCSI_ENC_UTF16BE},
        /* UTF-16 of control characters, and UTF-32, are not read. */
        {BYTES("\xFF\xFE\x01\0\x02\0\x03\0\x04\0"), ACCSI_ENC_BINARY},
        {BYTES("\xFF\xFE\0\0H\0\0\0"), ACCSI_ENC_BINARY},
    };
#undef BYTES
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        accsi_encoding e = accsi_detect_encoding(cases[i].data, cases[i].len);
        if (e != cases[i].enc)
            fail_msg("case %zu: %s, expected %s", i, accsi_encoding_name(e),
                     accsi_encoding_name(cases[i].enc));
    }

    /* Random bytes (fixed seed, no NUL): binary. */
    unsigned char rnd[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof rnd; i++) {
        x = x * 1103515245u + 12345u;
        rnd[i] = (unsigned char)((x >> 16) % 255 + 1);
    }
    assert_int_equal(accsi_detect_encoding((const char *)rnd, sizeof rnd), ACCSI_ENC_BINARY);
    /* Random bytes above 0x7F only (no control characters, no UTF-8):
     * too many for Western text. */
    for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] |= 0x80;
    assert_int_equal(accsi_detect_encoding((const char *)rnd, sizeof rnd), ACCSI_ENC_BINARY);
    /* A NUL after the first 8 KiB is not seen. */
    char *big = malloc(10000);
    assert_non_null(big);
    memset(big, 'a', 10000);
    big[9000] = '\0';
    assert_int_equal(accsi_detect_encoding(big, 10000), ACCSI_ENC_UTF8);
    big[100] = '\0';
    assert_int_equal(accsi_detect_encoding(big, 10000), ACCSI_ENC_BINARY);
    /* Long UTF-8 text with multibyte characters everywhere is text. */
    for (size_t i = 0; i + 2 <= 10000; i += 2)
        memcpy(big + i, "\xC3\xA9", 2);
    assert_int_equal(accsi_detect_encoding(big, 10000), ACCSI_ENC_UTF8);
    free(big);
}

static void
test_parse__format_for_path(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int fmt;
    } cases[] = {
        {"a.txt", ACCSI_FMT_TEXT},
        {"dir/B.TXT", ACCSI_FMT_TEXT},
        {"notes.text", ACCSI_FMT_TEXT},
        {"README.md", ACCSI_FMT_MARKDOWN},
        {"x/y.Markdown", ACCSI_FMT_MARKDOWN},
        {"index.html", ACCSI_FMT_HTML},
        {"old.HTM", ACCSI_FMT_HTML},
        {"page.xhtml", ACCSI_FMT_HTML},
        {"report.pdf", ACCSI_FMT_PDF},
        {"Verslag.DOCX", ACCSI_FMT_DOCX},
        {"brief.odt", ACCSI_FMT_ODT},
        {"sheet.xlsx", ACCSI_FMT_XLSX},
        {"sheet.xls", -1},
        {"Boek.EPUB", ACCSI_FMT_EPUB},
        {"old.doc", -1},
        {"archive.txt.gz", -1},
        {"Makefile", -1},
        {"dir.md/file", -1},
        {"file.", -1},
        {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (accsi_format_for_path(cases[i].path) != cases[i].fmt)
            fail_msg("%s: %d, expected %d", cases[i].path,
                     accsi_format_for_path(cases[i].path), cases[i].fmt);
    /* type: names: every format's own name, and a few others. */
    for (int f = 0; f < ACCSI_FMT_COUNT; f++)
        assert_int_equal(accsi_format_parse(accsi_format_name((accsi_fmt)f)), f);
    assert_int_equal(accsi_format_parse("PDF"), ACCSI_FMT_PDF);
    assert_int_equal(accsi_format_parse("markdown"), ACCSI_FMT_MARKDOWN);
    assert_int_equal(accsi_format_parse("htm"), ACCSI_FMT_HTML);
    assert_int_equal(accsi_format_parse("doc"), ACCSI_FMT_DOC);
    assert_int_equal(accsi_format_parse("word"), -1);
    assert_int_equal(accsi_format_parse(""), -1);
    assert_true(accsi_format_is_container(ACCSI_FMT_ODT));
    assert_false(accsi_format_is_container(ACCSI_FMT_HTML));
}

static void
test_parse__date_len(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
    } cases[] = {
        {"2018-04", 7},
        {"2018-04-12", 10},
        {"2018-04-12T10:00:00Z", 10},
        {"2018-04 Tientallen", 7},
        {"2018-12-31", 10},
        {"2018-01-01", 10},
        {"2018-13", 0},
        {"2018-00", 0},
        {"2018-04-32", 0},
        {"2018-04-00", 0},
        {"2018-4", 0},
        {"2018-041", 0},
        {"2018-04-123", 0},
        {"20180412", 0},
        {"18-04-12", 0},
        {"abcd-ef", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (accsi_date_len(cases[i].s, strlen(cases[i].s)) != cases[i].len)
            fail_msg("date_len(%s) = %zu, expected %zu", cases[i].s,
                     accsi_date_len(cases[i].s, strlen(cases[i].s)),
                     cases[i].len);
    /* The length limit is respected. */
    assert_int_equal(accsi_date_len("2018-04-12", 7), 7);
    assert_int_equal(accsi_date_len("2018-04-12", 6), 0);
}

/* A dateline near the top dates a document without front matter; a
 * sentence that mentions a date does not. */
static void
test_parse__dateline(void **state)
{
    (void)state;
    static const struct {
        const char *text, *date; /* date NULL: none */
    } cases[] = {
        {"Amsterdam, 17 april 2018\n\nDe techbedrijven tekenen.", "2018-04-17"},
        {"Techbedrijven tekenen akkoord\nDinsdag 17 april 2018 14:32\n\nTekst.", "2018-04-17"},
        {"# Kop\n\n*Gepubliceerd: 3 okt. 2019*\n\nTekst.", "2019-10-03"},
        {"Published: April 17, 2018 | Jane Doe\n\nText.", "2018-04-17"},
        {"Nieuwsbrief mei 2018\n\nTekst.", "2018-05"},
        {"Datum: 17-04-2018\n\nTekst.", "2018-04-17"},
        {"2018-04-17\nText.", "2018-04-17"},
        {"Op 12 augustus 1949 werden de conventies getekend.\n\nMeer.", NULL},
        {"De oorlog van 1914\n\nTekst.", NULL},
        {"a\nb\nc\nd\ne\n17 april 2018\n", NULL}, /* too far down */
        {"In the spring of 2018, on 17 April 2018 to be exact, thirty-four firms signed", NULL},
        {"31 februari 2018\n", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = accsi_dateline(cases[i].text, strlen(cases[i].text));
        if (cases[i].date ? !d || strcmp(d, cases[i].date) != 0 : d != NULL)
            fail_msg("case %zu: got %s, wanted %s", i, d ? d : "none",
                     cases[i].date ? cases[i].date : "none");
        free(d);
    }
    /* Through the parser: front matter wins; the dateline fills in. */
    accsi_err err = {{0}};
    static const char fm[] = "date: 2017-01-02\n\nAmsterdam, 17 april 2018\n\nTekst.";
    assert_int_equal(accsi_parse(&cur, fm, sizeof fm - 1, ACCSI_FMT_TEXT, &err), ACCS_OK);
    assert_string_equal(cur.date, "2017-01-02");
    accsi_parsed_free(&cur);
    static const char md[] = "# Akkoord\n\n_Amsterdam, 17 april 2018_\n\nTekst.";
    assert_int_equal(accsi_parse(&cur, md, sizeof md - 1, ACCSI_FMT_MARKDOWN, &err), ACCS_OK);
    assert_string_equal(cur.date, "2018-04-17");
    accsi_parsed_free(&cur);
    static const char html[] = "<html><body><h1>Akkoord</h1><p class=d>17 april 2018</p>"
                               "<p>Tekst.</p></body></html>";
    assert_int_equal(accsi_parse(&cur, html, sizeof html - 1, ACCSI_FMT_HTML, &err), ACCS_OK);
    assert_string_equal(cur.date, "2018-04-17");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_parse__text_front_matter, free_cur),
        cmocka_unit_test_teardown(test_parse__text_seed_date, free_cur),
        cmocka_unit_test_teardown(test_parse__text_cp1252, free_cur),
        cmocka_unit_test_teardown(test_parse__text_repaired_offsets, free_cur),
        cmocka_unit_test_teardown(test_parse__text_utf16, free_cur),
        cmocka_unit_test_teardown(test_parse__text_empty, free_cur),
        cmocka_unit_test_teardown(test_parse__markdown, free_cur),
        cmocka_unit_test_teardown(test_parse__markdown_front_matter, free_cur),
        cmocka_unit_test_teardown(test_parse__rejected_front_matter, free_cur),
        cmocka_unit_test_teardown(test_parse__html, free_cur),
        cmocka_unit_test_teardown(test_parse__html_fallbacks, free_cur),
        cmocka_unit_test_teardown(test_parse__html_multiline, free_cur),
        cmocka_unit_test_teardown(test_parse__html_encodings, free_cur),
        cmocka_unit_test_teardown(test_parse__detect_encoding, free_cur),
        cmocka_unit_test_teardown(test_parse__format_for_path, free_cur),
        cmocka_unit_test_teardown(test_parse__date_len, free_cur),
        cmocka_unit_test_teardown(test_parse__dateline, free_cur),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
