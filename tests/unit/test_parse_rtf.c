/* SPDX-License-Identifier: MIT */
/* Unit tests for the RTF reader (parse_rtf.c): text, escapes, Unicode,
 * what is skipped, metadata, format detection, and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "parse.h"
#include "block_text.h"

static accsi_parsed cur;
static accsi_err err;

static int
free_cur(void **state)
{
    (void)state;
    accsi_parsed_free(&cur);
    return 0;
}

/* What every document read promises (block_text.h), and a title in
 * valid UTF-8. */
static void
check_sound(void)
{
    check_own_source(&cur);
    if (cur.title)
        assert_true(accsi_utf8_valid(cur.title, strlen(cur.title)));
}

/* Parse `len` bytes (the previous document freed), expecting success. */
static void
parse_n(const char *src, size_t len)
{
    accsi_parsed_free(&cur);
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&cur, src, len, ACCSI_FMT_RTF, &err);
    if (st != ACCS_OK)
        fail_msg("parse failed: %d %s", st, err.msg);
    check_sound();
}

static void
parse(const char *src)
{
    parse_n(src, strlen(src));
}

/* The whole text, blocks separated by " | ", for short documents. */
static const char *
all_text(void)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t b = 0; b < cur.n_blocks; b++) {
        const char *t = block_text(&cur, b);
        int n = snprintf(buf + o, sizeof buf - o, "%s%s", b ? " | " : "", t);
        assert_true(n >= 0 && (size_t)n < sizeof buf - o);
        o += (size_t)n;
    }
    return buf;
}

/* Parse `src` and compare the whole text. */
static void
expect_text(const char *src, const char *want)
{
    parse(src);
    if (strcmp(all_text(), want) != 0)
        fail_msg("%s\n  gave [%s]\n  want [%s]", src, all_text(), want);
}

/* A Dutch letter as WordPad and Word write one: tables of fonts, colours
 * and styles, a generator, the info group, a heading, escapes. */
static const char letter[] =
    "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat\\deflang1043\n"
    "{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}{\\f1\\froman Times New Roman;}}\n"
    "{\\colortbl ;\\red255\\green0\\blue0;}\n"
    "{\\stylesheet{\\s0 Normal;}{\\s1\\outlinelevel0 heading 1;}}\n"
    "{\\*\\generator Riched20 10.0.19041}\n"
    "{\\info{\\title Digitaal verdrag van Gen\\'e8ve}{\\author Brad Smith}"
    "{\\creatim\\yr2018\\mo4\\dy17\\hr10\\min3}{\\revtim\\yr2019\\mo1\\dy2}}\n"
    "\\viewkind4\\uc1\n"
    "\\pard\\s1\\outlinelevel0\\b\\f0\\fs32 Techbedrijven tekenen akkoord\\b0\\par\n"
    "\\pard\\s0\\fs22 Het verdrag van Gen\\'e8ve, caf\\u233?, na\\u239?ef en "
    "\\ldblquote aanhalingstekens\\rdblquote .\\par\n"
    "Tweede\\line regel, met een\\tab tab.\\par\n"
    "}\n";

static void
test_rtf__letter(void **state)
{
    (void)state;
    parse(letter);
    assert_int_equal(cur.n_blocks, 3);
    assert_string_equal(block_text(&cur, 0), "Techbedrijven tekenen akkoord");
    assert_true(cur.blocks[0].is_heading);
    assert_string_equal(block_text(&cur, 1),
                        "Het verdrag van Genève, café, naïef en "
                        "\xe2\x80\x9c" "aanhalingstekens" "\xe2\x80\x9d" ".");
    assert_false(cur.blocks[1].is_heading);
    assert_string_equal(block_text(&cur, 2), "Tweede regel, met een tab.");
    assert_string_equal(cur.title, "Digitaal verdrag van Genève");
    assert_string_equal(cur.date, "2018-04-17");
    /* The tables and the info group's other fields are not text. */
    static const char *const absent[] = {"Calibri", "Times", "Normal", "heading",
                                         "Riched20", "Brad", "255"};
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        if (strstr(cur.text.data, absent[i]))
            fail_msg("'%s' is in the text: %s", absent[i], cur.text.data);
}

static void
test_rtf__paragraphs_and_symbols(void **state)
{
    (void)state;
    expect_text("{\\rtf1 een\\par twee\\sect drie\\page vier}", "een | twee | drie | vier");
    /* Line ends in the file are no text, not even a space; a backslash
     * before one is a paragraph end. */
    expect_text("{\\rtf1 Gen\r\n\\'e8\nve\\\neen\\\r\ntwee}", "Genève | een | twee");
    expect_text("{\\rtf1 a\\~b c\\-d e\\_f \\\\ \\{ \\}}",
                "a\xc2\xa0" "b cd e\xe2\x80\x91" "f \\ { }");
    expect_text("{\\rtf1 \\emdash\\endash\\bullet\\lquote\\rquote\\ldblquote\\rdblquote}",
                "\xe2\x80\x94\xe2\x80\x93\xe2\x80\xa2\xe2\x80\x98\xe2\x80\x99"
                "\xe2\x80\x9c\xe2\x80\x9d");
    /* A control word's delimiting space is part of it; a second is text. */
    expect_text("{\\rtf1 \\b vet\\b0  en niet}", "vet en niet");
    /* Unknown control words and symbols change nothing. */
    expect_text("{\\rtf1 a\\frobnicate42 b\\|c\\:d}", "abcd");
    /* Empty paragraphs make no blocks. */
    expect_text("{\\rtf1 \\par\\par een\\par\\par\\par twee\\par}", "een | twee");
}

static void
test_rtf__headings(void **state)
{
    (void)state;
    parse("{\\rtf1 \\pard\\outlinelevel1 Kop\\par Nog kop\\par"
          "\\pard gewoon\\par{\\pard\\outlinelevel0 binnen\\par}buiten\\par"
          "\\pard\\outlinelevel9 lichaam\\par}");
    assert_string_equal(all_text(), "Kop | Nog kop | gewoon | binnen | buiten | lichaam");
    static const int heading[] = {1, 1, 0, 1, 0, 0};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(cur.blocks[i].is_heading, heading[i]);
    /* Without an \info title the first heading is the title. */
    assert_string_equal(cur.title, "Kop");
    parse("{\\rtf1 gewoon\\par\\pard\\outlinelevel0 later\\par}");
    assert_null(cur.title);
    assert_null(cur.date);
}

static void
test_rtf__table(void **state)
{
    (void)state;
    expect_text("{\\rtf1 Voor\\par"
                "\\trowd\\cellx1000\\cellx2000\\pard\\intbl Cel een\\cell Cel\\~twee\\cell\\row"
                "\\trowd\\cellx1000\\cellx2000\\pard\\intbl drie\\cell vier\\cell\\row"
                "\\pard Na\\par}",
                "Voor | Cel een | Cel\xc2\xa0twee | drie | vier | Na");
    /* Nested tables, once (not again from \nonesttables). */
    expect_text("{\\rtf1 \\pard\\intbl buiten\\cell \\itap2 binnen\\nestcell"
                "{\\*\\nesttableprops\\trowd\\nestrow}{\\nonesttables binnen\\par}\\row}",
                "buiten | binnen");
}

static void
test_rtf__fields(void **state)
{
    (void)state;
    expect_text("{\\rtf1 Zie {\\field{\\*\\fldinst{HYPERLINK \"https://example.org/geheimpad\"}}"
                "{\\fldrslt{\\ul de website}}} en pagina "
                "{\\field{\\fldinst PAGE}{\\fldrslt 3}}.\\par}",
                "Zie de website en pagina 3.");
}

static void
test_rtf__skipped(void **state)
{
    (void)state;
    parse("{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red1;}"
          "{\\*\\listtable{\\list{\\listlevel{\\leveltext \\'01\\'b7;}}}}"
          "{\\*\\rsidtbl \\rsid123}{\\*\\themedata 504b0304}{\\*\\colorschememapping 3c3f}"
          "{\\*\\datastore 0105}{\\*\\latentstyles{\\lsdlockedexcept Normal;}}"
          "{\\*\\xmlnstbl {\\xmlns1 http://x}}{\\*\\mmathPr\\mmathFont34}"
          "{\\header \\pard Kopregelwoord\\par}{\\footerl Voettekstwoord}{\\headerf eerste}"
          "{\\*\\panose 02020603050405020304}{\\*\\bkmkstart merkwoord}"
          "Tekst{\\pict\\pngblip\\picw10 89504e470d0a}{\\object\\objemb{\\*\\objdata 0102}"
          "{\\result objectwoord}} met noot{\\footnote \\pard\\plain {\\chftn} Voetnoottekst "
          "hier.\\par Tweede alinea van de noot.}"
          " en verder{\\*\\unknowndest onbekendwoord}{\\xe {\\v indexwoord}}.\\par"
          "{\\footnote\\ftnalt Eindnoot}Laatste.\\par}");
    assert_string_equal(all_text(),
                        "Tekst met noot en verder. | Laatste. | Voetnoottekst hier. | "
                        "Tweede alinea van de noot. | Eindnoot");
}

static void
test_rtf__unicode(void **state)
{
    (void)state;
    /* Word's way: \uN then one fallback character, a \'hh or plain. */
    expect_text("{\\rtf1 caf\\u233\\'e9 en caf\\u233?}", "café en café");
    /* \ucN: N fallback characters, a control word counting as one; the
     * count is the group's. */
    expect_text("{\\rtf1 {\\uc2 \\u233\\'c3\\'a9x}\\u8212\\endash y\\uc0\\u233 z}", "éx—yéz");
    expect_text("{\\rtf1 {\\uc2\\u233 ab}\\u233 cd}", "ééd");
    /* A brace ends the fallback. */
    expect_text("{\\rtf1 \\uc3\\u233{x}y}", "éxy");
    /* Negative N is N + 65536; surrogate pairs make one character. */
    expect_text("{\\rtf1 \\u-21504?\\u20013?\\u-10179?\\u-8704?}",
                "\xea\xb0\x80\xe4\xb8\xad\xf0\x9f\x98\x80");
    /* Out of range, unpaired halves, a NUL: never invalid UTF-8. */
    expect_text("{\\rtf1 a\\u70000?b\\u-40000?c\\u-10179?d\\u-8704?e\\u0?f\\u-10179?}",
                "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd" "ef\xef\xbf\xbd");
    /* Code pages: \'hh is Windows-1252 (0x80: the euro) unless \ansicpgN
     * names another single-byte code page; a double-byte one falls back
     * to 1252, and a byte a code page leaves undefined is U+FFFD. */
    expect_text("{\\rtf1\\ansi\\ansicpg1252 \\'80 5 \\'85}", "€ 5 …");
    expect_text("{\\rtf1 Gen\\'e8ve}", "Genève");
    expect_text("{\\rtf1\\ansi\\ansicpg1251 \\'c4\\'e0, \\'e4\\'ee\\'e3\\'ee\\'e2\\'ee\\'f0}",
                "Да, договор");
    expect_text("{\\rtf1\\ansi\\ansicpg1250 Gda\\'f1sk, \\'b9}", "Gdańsk, ą");
    expect_text("{\\rtf1\\ansi\\ansicpg932 Gen\\'e8ve}", "Genève");
    expect_text("{\\rtf1\\ansi\\ansicpg1253 \\'e1 \\'ff}", "α \xef\xbf\xbd");
    /* Bytes as they are: UTF-8, or else the code page's. */
    expect_text("{\\rtf1 Gen\xc3\xa8ve en Gen\xe8ve}", "Genève en Genève");
    expect_text("{\\rtf1\\ansicpg1251 \xc4\xe0}", "Да");
}

static void
test_rtf__info(void **state)
{
    (void)state;
    /* The revision time when there is no creation time; Unicode in the
     * title; a date without a day. */
    parse("{\\rtf1{\\info{\\title Caf\\u233? in {\\b Gen\\'e8ve}}{\\revtim\\yr2019\\mo11}}"
          "Tekst\\par}");
    assert_string_equal(cur.title, "Café in Genève");
    assert_string_equal(cur.date, "2019-11");
    assert_string_equal(all_text(), "Tekst");
    /* Impossible dates are none. */
    parse("{\\rtf1{\\info{\\creatim\\yr99999\\mo4\\dy17}{\\revtim\\yr2018\\mo13}}x}");
    assert_null(cur.date);
    assert_null(cur.title);
    /* \title outside \info is no title. */
    parse("{\\rtf1{\\title geen titel}tekst}");
    assert_null(cur.title);
}

static void
test_rtf__binary(void **state)
{
    (void)state;
    /* \binN: N raw bytes (braces, backslashes, NULs), then text again. */
    static const char bin[] = "{\\rtf1 voor{\\pict\\bin6 {}\\\0\xff}}na \\bin4 }}}}x\\par}";
    parse_n(bin, sizeof bin - 1);
    assert_string_equal(all_text(), "voorna x");
    /* More than is left: the file ends there. */
    expect_text("{\\rtf1 tekst\\bin999999 abc}", "tekst");
    expect_text("{\\rtf1 tekst\\bin99999999999999999999 abc}", "tekst");
    expect_text("{\\rtf1 tekst\\bin-5 abc}", "tekstabc");
}

/* Input that no program writes: each reads without a crash, a hang or
 * an out-of-bounds read (the tests also run under AddressSanitizer). */
static void
test_rtf__hostile(void **state)
{
    (void)state;
    /* Unbalanced braces: the document ends where its group closes; an
     * unclosed group ends with the file. */
    expect_text("{\\rtf1 a}}} b}", "a");
    expect_text("{\\rtf1 a{\\b vet", "avet");
    expect_text("{\\rtf1 {\\footnote open noot", "open noot");
    /* Cut off anywhere.  (A minus without digits is no parameter but
     * text.) */
    expect_text("{\\rtf1 abc\\", "abc");
    expect_text("{\\rtf1 abc\\'", "abc");
    expect_text("{\\rtf1 abc\\'e", "abc");
    expect_text("{\\rtf1 abc\\u", "abc");
    expect_text("{\\rtf1 abc\\u-", "abc-");
    expect_text("{\\rtf1 abc\\uc", "abc");
    expect_text("{\\rtf1 abc\\bin", "abc");
    expect_text("{\\rtf1 abc\\u-10179", "abc\xef\xbf\xbd");
    expect_text("{\\rtf", "");
    /* Broken escapes and control characters. */
    expect_text("{\\rtf1 a\\'zzb\\'4x\x01\x7f" "c\td}", "azzbxc d");
    /* NUL bytes, raw and escaped. */
    static const char nul[] = "{\\rtf1 a\0b\\'00c\\u0?d}";
    parse_n(nul, sizeof nul - 1);
    assert_string_equal(all_text(), "abcd");
    /* Huge parameters are clamped. */
    expect_text("{\\rtf1 \\uc99999999999999999999 \\u233 abc}", "é");
    expect_text("{\\rtf1 \\u99999999999999999999?x\\u-99999999999999999999?y}",
                "\xef\xbf\xbdx\xef\xbf\xbdy");
    expect_text("{\\rtf1 \\outlinelevel-99999999999999 a\\par}", "a");
    /* A control word of a thousand letters. */
    char word[1200];
    int n = snprintf(word, sizeof word, "{\\rtf1 a\\");
    memset(word + n, 'x', 1000);
    snprintf(word + n + 1000, sizeof word - (size_t)n - 1000, " b}");
    expect_text(word, "ab");
}

/* Nested groups to `depth` (the document's own included), then text. */
static char *
nested(size_t depth)
{
    char *s = malloc(2 * depth + 16);
    assert_non_null(s);
    size_t o = 0;
    memcpy(s, "{\\rtf1 ", 7);
    o = 7;
    for (size_t i = 1; i < depth; i++)
        s[o++] = '{';
    s[o++] = 'x';
    for (size_t i = 0; i < depth; i++)
        s[o++] = '}';
    s[o] = '\0';
    return s;
}

static void
test_rtf__depth(void **state)
{
    (void)state;
    char *ok = nested(1000);
    parse(ok);
    free(ok);
    assert_string_equal(all_text(), "x");
    char *deep = nested(1001);
    accsi_parsed_free(&cur);
    err.msg[0] = '\0';
    assert_int_equal(accsi_parse(&cur, deep, strlen(deep), ACCSI_FMT_RTF, &err), ACCS_EINVAL);
    free(deep);
    assert_non_null(strstr(err.msg, "nested more than 1000 deep"));
    accsi_parsed_free(&cur);
    /* Unclosed: a hundred thousand opening braces. */
    size_t big = 100000;
    char *open = malloc(big + 8);
    assert_non_null(open);
    memcpy(open, "{\\rtf1 ", 7);
    memset(open + 7, '{', big);
    assert_int_equal(accsi_parse(&cur, open, big + 7, ACCSI_FMT_RTF, &err), ACCS_EINVAL);
    free(open);
}

/* Every prefix of the letter reads, and the text only grows. */
static void
test_rtf__every_prefix(void **state)
{
    (void)state;
    size_t prev = 0;
    for (size_t n = 5; n <= sizeof letter - 1; n++) {
        parse_n(letter, n);
        size_t bytes = 0;
        for (size_t i = 0; i < cur.text.len; i++)
            bytes += cur.text.data[i] != ' ' && cur.text.data[i] != '\n';
        if (bytes < prev)
            fail_msg("%zu bytes of the letter: %zu bytes of text, %zu before", n, bytes, prev);
        prev = bytes;
    }
}

static void
test_rtf__not_rtf(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "Dit is geen RTF.", "{\\rt", "{\\RTF1 a}",
                                      "PK\x03\x04 een zip", "\xff\xfe{\0\\\0r\0t\0f\0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        accsi_parsed_free(&cur);
        err.msg[0] = '\0';
        assert_int_equal(accsi_parse(&cur, bad[i], strlen(bad[i]), ACCSI_FMT_RTF, &err),
                         ACCS_EINVAL);
        assert_non_null(strstr(err.msg, "not an RTF file"));
    }
    /* A byte-order mark and white space before it are allowed. */
    expect_text("\xef\xbb\xbf \r\n{\\rtf1 ja}", "ja");
}

/* Write `content` to a file `name` in `dir`; returns its path. */
static const char *
put_file(const char *dir, const char *name, const char *content)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    return path;
}

static void
test_rtf__format(void **state)
{
    (void)state;
    assert_int_equal(accsi_format_for_name("brief.rtf"), ACCSI_FMT_RTF);
    assert_int_equal(accsi_format_for_name("map/Brief.RTF"), ACCSI_FMT_RTF);
    assert_int_equal(accsi_format_parse("rtf"), ACCSI_FMT_RTF);
    assert_string_equal(accsi_format_name(ACCSI_FMT_RTF), "rtf");
    assert_true(accsi_format_is_container(ACCSI_FMT_RTF));
    assert_true(accsi_rtf_sniff("{\\rtf1\\ansi", 11));
    assert_false(accsi_rtf_sniff("{\\rt", 4));
    assert_false(accsi_rtf_sniff("From a@b Tue", 12));
    /* By content: a file without an extension, and a .doc, that open as
     * RTF; not a .doc that does not, nor another extension. */
    char dir[] = "/tmp/accs-rtf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *rtf = "{\\rtf1\\ansi tekst}";
    assert_int_equal(accsi_format_for_path(put_file(dir, "brief", rtf)), ACCSI_FMT_RTF);
    assert_int_equal(accsi_format_for_path(put_file(dir, "brief.doc", rtf)), ACCSI_FMT_RTF);
    assert_int_equal(accsi_format_for_path(put_file(dir, "Oud.DOC", rtf)), ACCSI_FMT_RTF);
    assert_int_equal(accsi_format_for_path(put_file(dir, "echt.doc", "\xd0\xcf\x11\xe0")), -1);
    assert_int_equal(accsi_format_for_path(put_file(dir, "brief.dat", rtf)), -1);
    assert_int_equal(accsi_format_for_path(put_file(dir, "notities", "gewoon tekst")), -1);
    static const char *const names[] = {"brief", "brief.doc", "Oud.DOC", "echt.doc",
                                        "brief.dat", "notities"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_rtf__letter, free_cur),
        cmocka_unit_test_teardown(test_rtf__paragraphs_and_symbols, free_cur),
        cmocka_unit_test_teardown(test_rtf__headings, free_cur),
        cmocka_unit_test_teardown(test_rtf__table, free_cur),
        cmocka_unit_test_teardown(test_rtf__fields, free_cur),
        cmocka_unit_test_teardown(test_rtf__skipped, free_cur),
        cmocka_unit_test_teardown(test_rtf__unicode, free_cur),
        cmocka_unit_test_teardown(test_rtf__info, free_cur),
        cmocka_unit_test_teardown(test_rtf__binary, free_cur),
        cmocka_unit_test_teardown(test_rtf__hostile, free_cur),
        cmocka_unit_test_teardown(test_rtf__depth, free_cur),
        cmocka_unit_test_teardown(test_rtf__every_prefix, free_cur),
        cmocka_unit_test_teardown(test_rtf__not_rtf, free_cur),
        cmocka_unit_test_teardown(test_rtf__format, free_cur),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
