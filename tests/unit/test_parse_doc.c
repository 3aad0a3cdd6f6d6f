/* SPDX-License-Identifier: MIT */
/* Unit tests for the Word 97-2003 reader (parse_doc.c, with the module
 * accsearch-doc.so): the text, paragraphs, table cells, fields, notes and
 * metadata of documents LibreOffice wrote (tests/data/office/make_doc.py),
 * text stored as UTF-16 and as 8-bit, format detection, and hostile files
 * made from those documents by patching their bytes. */
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

/* ---- files ---- */

typedef struct {
    char *s;
    size_t len;
} file;

static file
load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/office/%s", ACCS_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    file d = {NULL, 0};
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    d.len = (size_t)ftell(f);
    rewind(f);
    d.s = malloc(d.len);
    assert_non_null(d.s);
    assert_int_equal(fread(d.s, 1, d.len, f), d.len);
    fclose(f);
    return d;
}

/* Where `pat` is in the file; it must be there exactly once. */
static size_t
find_once(file d, const void *pat, size_t n)
{
    size_t at = SIZE_MAX;
    for (size_t i = 0; i + n <= d.len; i++) {
        if (memcmp(d.s + i, pat, n) == 0) {
            assert_int_equal(at, SIZE_MAX);
            at = i;
        }
    }
    assert_int_not_equal(at, SIZE_MAX);
    return at;
}

static uint32_t
get32(file d, size_t at)
{
    const unsigned char *s = (const unsigned char *)d.s + at;
    return (uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24;
}

static void
put16(file d, size_t at, uint32_t v)
{
    d.s[at] = (char)(v & 0xFF);
    d.s[at + 1] = (char)(v >> 8 & 0xFF);
}

static void
put32(file d, size_t at, uint32_t v)
{
    put16(d, at, v & 0xFFFF);
    put16(d, at + 2, v >> 16);
}

/* The places in a document's file of what the hostile tests patch.  The
 * streams of these small files lie in one run of the file, so an offset
 * in a stream is one in the file from the stream's start. */
typedef struct {
    size_t fib;     /* the FIB: the start of WordDocument */
    size_t flags;   /* its flags */
    size_t ccp;     /* ccpText; ccpFtn etc. follow */
    size_t lcb_clx; /* fcClx, then lcbClx */
    size_t clx;     /* the Clx in the table stream: 0x02, lcb, PlcPcd */
    uint32_t n_cp;  /* the CPs of the one piece LibreOffice writes */
    uint32_t fc;    /* its fc */
} layout;

static layout
find_layout(file d)
{
    layout l;
    /* wIdent 0xA5EC and the nFib LibreOffice writes (0x0101). */
    l.fib = find_once(d, "\xEC\xA5\x01\x01", 4);
    l.flags = l.fib + 10;
    size_t csw = (unsigned char)d.s[l.fib + 32];
    size_t lw = l.fib + 34 + csw * 2;
    size_t cslw = (unsigned char)d.s[lw];
    l.ccp = lw + 2 + 3 * 4;
    l.lcb_clx = lw + 2 + cslw * 4 + 2 + 33 * 8;
    uint32_t lcb = get32(d, l.lcb_clx + 4);
    assert_int_equal(lcb, 21); /* one piece, no Prc */
    char pat[9] = {2, 16, 0, 0, 0, 0, 0, 0, 0};
    l.clx = find_once(d, pat, sizeof pat);
    l.n_cp = get32(d, l.clx + 5 + 4);
    l.fc = get32(d, l.clx + 5 + 8 + 2);
    return l;
}

/* ---- reading ---- */

/* What every document read promises (block_text.h). */
static void
check_sound(void)
{
    check_own_source(&cur);
}

static void
parse_ok(file d)
{
    accsi_parsed_free(&cur);
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&cur, d.s, d.len, ACCSI_FMT_DOC, &err);
    if (st != ACCS_OK)
        fail_msg("parse failed: %d %s", st, err.msg);
    check_sound();
}

/* Parsing must fail with ACCS_EINVAL and a message holding `why`. */
static void
parse_fails(file d, const char *why)
{
    accsi_parsed_free(&cur);
    err.msg[0] = '\0';
    accs_status st = accsi_parse(&cur, d.s, d.len, ACCSI_FMT_DOC, &err);
    if (st != ACCS_EINVAL || !strstr(err.msg, why))
        fail_msg("expected an error with \"%s\", got %d \"%s\"", why, st, err.msg);
}

/* The index of the block that is `text`, or -1. */
static long
block_is(const char *text)
{
    for (size_t b = 0; b < cur.n_blocks; b++)
        if (strcmp(block_text(&cur, b), text) == 0)
            return (long)b;
    return -1;
}

/* The index of the first block holding `text`, or -1. */
static long
block_with(const char *text)
{
    for (size_t b = 0; b < cur.n_blocks; b++)
        if (strstr(block_text(&cur, b), text))
            return (long)b;
    return -1;
}

static int
text_has(const char *s)
{
    return cur.text.data && strstr(cur.text.data, s) != NULL;
}

/* ---- documents ---- */

static void
test_doc__letter(void **state)
{
    (void)state;
    file d = load("brief.doc");
    parse_ok(d);
    assert_string_equal(cur.title, "Brief over de coördinatie in Genève");
    assert_string_equal(cur.date, "2018-04-17");
    assert_int_equal(cur.lang, ACCSI_LANG_UNKNOWN);
    assert_int_equal(cur.n_pages, 0);
    assert_string_equal(block_text(&cur, 0), "Geachte heer Janssen,");
    /* Accents, and the footnote's reference mark left out. */
    assert_int_equal(block_is("Hierbij bevestigen wij één afspraak over de coördinatie van "
                              "het overleg in Genève."),
                     1);
    /* A line break and a tab are spaces. */
    assert_true(block_is("Eerste regel tweede regel na een tab.") > 0);
    /* The optional hyphen is nothing, the non-breaking one a hyphen, the
     * non-breaking space a space. */
    assert_true(block_is("Een afbreekstreepje in docafbreekwoord, een vast streepje in "
                         "doc-streep en een vaste spatie.") > 0);
    assert_true(block_with("langealineawoord") > 0);
    assert_true(strlen(block_text(&cur, (size_t)block_with("langealineawoord"))) > 3000);
    assert_string_equal(block_text(&cur, cur.n_blocks - 2), "Met vriendelijke groet, Redactie");
    free(d.s);
}

static void
test_doc__utf16(void **state)
{
    (void)state;
    file d = load("brief.doc");
    parse_ok(d);
    /* Outside Windows-1252, and a surrogate pair (U+1D11E). */
    assert_true(block_is("Groeten uit Łódź, met λόγος en een muzieksleutel \xF0\x9D\x84\x9E "
                         "erbij.") > 0);
    free(d.s);
}

static void
test_doc__table(void **state)
{
    (void)state;
    file d = load("brief.doc");
    parse_ok(d);
    /* Each cell a block of its own, in reading order. */
    long c = block_is("doccelwoord links");
    assert_true(c > 0);
    assert_string_equal(block_text(&cur, (size_t)c + 1), "rechtercel");
    assert_string_equal(block_text(&cur, (size_t)c + 2), "onderste rij");
    assert_string_equal(block_text(&cur, (size_t)c + 3), "laatste cel");
    free(d.s);
}

static void
test_doc__field(void **state)
{
    (void)state;
    file d = load("brief.doc");
    parse_ok(d);
    /* A hyperlink's text, not its instruction (HYPERLINK "address"). */
    assert_true(block_is("Zie de pagina met het doclinkwoord voor het programma.") > 0);
    assert_false(text_has("docadreswoord"));
    assert_false(text_has("HYPERLINK"));
    free(d.s);
}

static void
test_doc__notes_not_headers(void **state)
{
    (void)state;
    file d = load("brief.doc");
    parse_ok(d);
    /* The footnote after the body; header and footer left out. */
    assert_string_equal(block_text(&cur, cur.n_blocks - 1), "Voetnoot met het docnootwoord.");
    assert_false(text_has("dockopwoord"));
    assert_false(text_has("docvoetwoord"));
    free(d.s);

    d = load("report.doc");
    parse_ok(d);
    assert_string_equal(block_text(&cur, cur.n_blocks - 1), "Endnote with the docendnoteword.");
    free(d.s);
}

static void
test_doc__report(void **state)
{
    (void)state;
    file d = load("report.doc");
    parse_ok(d);
    assert_string_equal(cur.title, "Quarterly report on coordination");
    assert_string_equal(cur.date, "2019-03-05");
    assert_string_equal(block_text(&cur, 0), "Quarterly report");
    assert_string_equal(block_text(&cur, 1), "The naïve café owner paid € 100 for the "
                                             "fiancée's soufflé, said the report.");
    assert_int_equal(cur.n_blocks, 5);
    free(d.s);
}

/* The same document with its text stored as 8-bit Windows-1252 reads
 * the same (€ is 0x80 there). */
static void
test_doc__8bit(void **state)
{
    (void)state;
    file d = load("report.doc");
    parse_ok(d);
    char *want = accsi_strndup(cur.text.data, cur.text.len);
    free(d.s);
    d = load("report-8bit.doc");
    layout l = find_layout(d);
    assert_true(get32(d, l.clx + 5 + 8 + 2) & 0x40000000u);
    parse_ok(d);
    assert_string_equal(cur.text.data, want);
    assert_string_equal(cur.title, "Quarterly report on coordination");
    free(want);
    free(d.s);
}

/* Give the one piece of report-8bit.doc a second: CPs [0, h) stay 8-bit
 * at its start, CPs [h, n) are read as UTF-16 at `fc2`.  The Clx grows by
 * 12 bytes over what follows it in the table stream. */
static void
split_piece(file d, layout l, uint32_t h, uint32_t fc2, int compressed2)
{
    size_t plc = l.clx + 5;
    put32(d, l.lcb_clx + 4, 21 + 12);
    put32(d, l.clx + 1, 16 + 12);
    put32(d, plc, 0);
    put32(d, plc + 4, h);
    put32(d, plc + 8, l.n_cp);
    memset(d.s + plc + 12, 0, 16);
    put32(d, plc + 12 + 2, l.fc);
    put32(d, plc + 20 + 2, compressed2 ? (fc2 * 2) | 0x40000000u : fc2);
}

static void
test_doc__two_pieces(void **state)
{
    (void)state;
    file d = load("report.doc");
    parse_ok(d);
    char *want = accsi_strndup(cur.text.data, cur.text.len);
    free(d.s);
    /* report-8bit.doc's 8-bit text took the first half of the UTF-16
     * text's bytes, so the UTF-16 of its second half is still there. */
    d = load("report-8bit.doc");
    layout l = find_layout(d);
    uint32_t base = (l.fc & 0x3FFFFFFFu) / 2, h = l.n_cp - 40;
    split_piece(d, l, h, base + 2 * h, 0);
    parse_ok(d);
    assert_string_equal(cur.text.data, want);
    free(want);
    free(d.s);
}

/* The summary information of brief.doc: where its property set and the
 * values of its code page (PID 1) and title (PID 2) are in the file. */
typedef struct {
    size_t stream, set, codepage, title;
} summary;

static summary
find_summary(file d)
{
    static const char fmtid[16] = "\xE0\x85\x9F\xF2\xF9\x4F\x68\x10"
                                  "\xAB\x91\x08\x00\x2B\x27\xB3\xD9";
    summary s;
    s.stream = find_once(d, fmtid, sizeof fmtid) - 28;
    s.set = s.stream + get32(d, s.stream + 44);
    assert_int_equal(get32(d, s.set + 8), 1);
    s.codepage = s.set + get32(d, s.set + 12);
    assert_int_equal(get32(d, s.set + 16), 2);
    s.title = s.set + get32(d, s.set + 20);
    return s;
}

/* Title and date from a property set that is damaged or unusual: what
 * can be read is, the rest is not, and the text is read all the same. */
static void
test_doc__summary(void **state)
{
    (void)state;
    file d = load("brief.doc");
    summary s = find_summary(d);
    assert_int_equal(get32(d, s.codepage + 4) & 0xFFFF, 65001); /* LibreOffice: UTF-8 */
    /* The title in Windows-1252: its UTF-8 bytes read as such. */
    put16(d, s.codepage + 4, 1252);
    parse_ok(d);
    assert_string_equal(cur.title, "Brief over de co\xC3\x83\xC2\xB6rdinatie in Gen\xC3\x83\xC2\xA8ve");
    put16(d, s.codepage + 4, 65001);
    /* A title longer than the stream: none, but the date. */
    put32(d, s.title + 4, 0xFFFFFFF0u);
    parse_ok(d);
    assert_null(cur.title);
    assert_string_equal(cur.date, "2018-04-17");
    /* The same count as UTF-16 units, and an odd one. */
    put16(d, s.title, 0x1F);
    parse_ok(d);
    assert_null(cur.title);
    put32(d, s.title + 4, 7);
    parse_ok(d);
    assert_non_null(cur.title);
    put16(d, s.title, 0x1E);
    put32(d, s.title + 4, 0x26);
    /* Four billion properties: the table is read as far as the stream. */
    put32(d, s.set + 4, 0xFFFFFFFFu);
    parse_ok(d);
    assert_string_equal(cur.title, "Brief over de coördinatie in Genève");
    /* A property's offset, and then the set's, past the stream. */
    put32(d, s.set + 20, 0x7FFFFFFFu);
    parse_ok(d);
    assert_null(cur.title);
    assert_string_equal(cur.date, "2018-04-17");
    free(d.s);
    d = load("brief.doc");
    s = find_summary(d);
    put32(d, s.stream + 44, 0xFFFFFF00u);
    parse_ok(d);
    assert_null(cur.title);
    assert_null(cur.date);
    assert_true(cur.n_blocks > 10);
    free(d.s);
}

/* ---- hostile files ---- */

static void
test_doc__hostile_fib(void **state)
{
    (void)state;
    file d = load("report.doc");
    layout l = find_layout(d);
    uint32_t flags = get32(d, l.flags) & 0xFFFF;
    d.s[l.fib] = 'X';
    parse_fails(d, "not a Word document");
    d.s[l.fib] = (char)0xEC;
    put16(d, l.flags, flags | 0x0100);
    parse_fails(d, "encrypted Word document");
    put16(d, l.flags, flags | 0x8000);
    parse_fails(d, "encrypted Word document");
    put16(d, l.flags, flags & ~0x0200u);
    parse_fails(d, "no 0Table stream");
    put16(d, l.flags, flags);
    put16(d, l.fib + 2, 0x0068); /* Word 95 */
    parse_fails(d, "older than Word 97");
    put16(d, l.fib + 2, 0x0101);
    uint32_t csw = get32(d, l.fib + 32) & 0xFFFF;
    put16(d, l.fib + 32, 0xFFFF); /* csw: the counts past the stream */
    parse_fails(d, "header is cut short");
    put16(d, l.fib + 32, csw);
    put32(d, l.ccp, 0x7FFFFFF0u); /* ccpText */
    parse_fails(d, "more characters than");
    put32(d, l.ccp, 0xFFFFFFFFu);
    put32(d, l.ccp + 4 * 5, 0xFFFFFFFFu); /* and ccpEdn: no wrap in the sum */
    parse_fails(d, "more characters than");
    free(d.s);
}

static void
test_doc__hostile_pieces(void **state)
{
    (void)state;
    file d = load("report.doc");
    layout l = find_layout(d);
    size_t plc = l.clx + 5;
    uint32_t fc_clx = get32(d, l.lcb_clx);
    /* The Clx past the table stream, by its offset or its length. */
    put32(d, l.lcb_clx, 0xFFFFFF00u);
    parse_fails(d, "past the end of the table stream");
    put32(d, l.lcb_clx, fc_clx);
    put32(d, l.lcb_clx + 4, 0x7FFFFFFFu);
    parse_fails(d, "past the end of the table stream");
    put32(d, l.lcb_clx + 4, 21);
    /* A piece count beyond the table stream, and one no table has. */
    put32(d, l.clx + 1, 0x7FFFFFF0u);
    parse_fails(d, "longer than the table stream holds");
    put32(d, l.clx + 1, 15);
    parse_fails(d, "no piece table has");
    put32(d, l.clx + 1, 16);
    /* Not a Pcdt, and a Prc whose length runs past the Clx. */
    d.s[l.clx] = 7;
    parse_fails(d, "no piece table");
    d.s[l.clx] = 1;
    parse_fails(d, "piece table");
    d.s[l.clx] = 2;
    /* CPs that do not rise, or do not start at 0. */
    put32(d, plc + 4, 0);
    parse_fails(d, "do not rise");
    put32(d, plc + 4, l.n_cp);
    put32(d, plc, 5);
    parse_fails(d, "do not rise");
    put32(d, plc, 0);
    /* The text past the WordDocument stream. */
    put32(d, plc + 8 + 2, 0x3FFFFFF0u);
    parse_fails(d, "past the end of the WordDocument stream");
    put32(d, plc + 8 + 2, 0x7FFFFFF0u);
    parse_fails(d, "past the end of the WordDocument stream");
    put32(d, plc + 8 + 2, l.fc);
    /* The last CP short of the text the FIB counts. */
    put32(d, plc + 4, l.n_cp - 50);
    parse_fails(d, "past the end of its piece table");
    put32(d, plc + 4, l.n_cp);
    parse_ok(d);
    free(d.s);
}

static void
test_doc__hostile_overlap(void **state)
{
    (void)state;
    /* Two pieces over the same bytes: each character is read once. */
    file d = load("report-8bit.doc");
    layout l = find_layout(d);
    uint32_t base = (l.fc & 0x3FFFFFFFu) / 2, h = l.n_cp - 40;
    split_piece(d, l, h, base + h - 1, 1);
    parse_fails(d, "share the same bytes");
    split_piece(d, l, h, base + h, 1);
    parse_ok(d);
    free(d.s);
}

static void
test_doc__not_word(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "Dit is geen Word.", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                                      "{\\rtf1 geen OLE2}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        file d = {(char *)bad[i], strlen(bad[i]) + (i == 2 ? 100 : 0)};
        char *copy = calloc(1, d.len + 1);
        assert_non_null(copy);
        memcpy(copy, bad[i], strlen(bad[i]));
        d.s = copy;
        parse_fails(d, "not a readable Word document");
        free(copy);
    }
    /* A compound file without a WordDocument stream (an Excel or
     * PowerPoint file named .doc): its name in the directory changed. */
    file d = load("report.doc");
    size_t name = find_once(d, "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", 24);
    d.s[name] = 'X';
    parse_fails(d, "no WordDocument stream");
    free(d.s);
    /* The root entry of the directory with a sibling, which libgsf would
     * read into entries it never frees: refused before. */
    d = load("report.doc");
    unsigned shift = (unsigned char)d.s[0x1E];
    size_t root = ((size_t)get32(d, 0x30) + 1) << shift; /* the directory's first entry */
    assert_memory_equal(d.s + root, "R\0o\0o\0t\0", 8);
    put32(d, root + 0x44, 1);
    parse_fails(d, "root directory entry has siblings");
    free(d.s);
}

/* Every length the file can be cut to: an error or a document, never a
 * crash; cut inside the text streams, never a document. */
static void
test_doc__truncated(void **state)
{
    (void)state;
    file d = load("brief.doc");
    size_t full = d.len;
    for (size_t n = 0; n < full; n += n < 2048 ? 61 : 509) {
        d.len = n;
        accsi_parsed_free(&cur);
        err.msg[0] = '\0';
        accs_status st = accsi_parse(&cur, d.s, d.len, ACCSI_FMT_DOC, &err);
        if (st == ACCS_OK)
            check_sound();
        else
            assert_true(err.msg[0] != '\0');
    }
    free(d.s);
}

/* Random bytes over the FIB and the piece table, many times over: an
 * error or a sound document. */
static void
test_doc__scribbled(void **state)
{
    (void)state;
    file orig = load("brief.doc");
    layout l = find_layout(orig);
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        file d = {malloc(orig.len), orig.len};
        assert_non_null(d.s);
        memcpy(d.s, orig.s, orig.len);
        for (int k = 0; k < 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % 2 ? l.fib + (seed >> 12) % 500 : l.clx + (seed >> 12) % 21;
            d.s[at] = (char)(seed >> 20);
        }
        accsi_parsed_free(&cur);
        err.msg[0] = '\0';
        if (accsi_parse(&cur, d.s, d.len, ACCSI_FMT_DOC, &err) == ACCS_OK)
            check_sound();
        else
            assert_true(err.msg[0] != '\0');
        free(d.s);
    }
    free(orig.s);
}

/* ---- detection ---- */

static const char *
put_file(const char *dir, const char *name, const char *content, size_t len)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
    return path;
}

static void
test_doc__format(void **state)
{
    (void)state;
    assert_int_equal(accsi_format_parse("doc"), ACCSI_FMT_DOC);
    assert_string_equal(accsi_format_name(ACCSI_FMT_DOC), "doc");
    assert_true(accsi_format_is_container(ACCSI_FMT_DOC));
    /* By name alone a .doc is nothing: its bytes decide. */
    assert_int_equal(accsi_format_for_name("brief.doc"), -1);
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 en meer";
    assert_true(accsi_ole2_sniff(ole, sizeof ole - 1));
    assert_false(accsi_ole2_sniff(ole, 7));
    assert_int_equal(accsi_doc_format(ole, sizeof ole - 1), ACCSI_FMT_DOC);
    assert_int_equal(accsi_doc_format("{\\rtf1 x}", 9), ACCSI_FMT_RTF);
    assert_int_equal(accsi_doc_format("tekst", 5), -1);
    char dir[] = "/tmp/accs-doc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *rtf = "{\\rtf1\\ansi tekst}";
    assert_int_equal(accsi_format_for_path(put_file(dir, "brief.doc", ole, sizeof ole - 1)),
                     ACCSI_FMT_DOC);
    assert_int_equal(accsi_format_for_path(put_file(dir, "Oud.DOC", ole, sizeof ole - 1)),
                     ACCSI_FMT_DOC);
    assert_int_equal(accsi_format_for_path(put_file(dir, "sjabloon.dot", ole, sizeof ole - 1)),
                     ACCSI_FMT_DOC);
    assert_int_equal(accsi_format_for_path(put_file(dir, "export.doc", rtf, strlen(rtf))),
                     ACCSI_FMT_RTF);
    assert_int_equal(accsi_format_for_path(put_file(dir, "tekst.doc", "tekst", 5)), -1);
    /* Without an extension an OLE2 file may be a spreadsheet. */
    assert_int_equal(accsi_format_for_path(put_file(dir, "zonder", ole, sizeof ole - 1)), -1);
    static const char *const names[] = {"brief.doc", "Oud.DOC", "sjabloon.dot",
                                        "export.doc", "tekst.doc", "zonder"};
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
        cmocka_unit_test_teardown(test_doc__letter, free_cur),
        cmocka_unit_test_teardown(test_doc__utf16, free_cur),
        cmocka_unit_test_teardown(test_doc__table, free_cur),
        cmocka_unit_test_teardown(test_doc__field, free_cur),
        cmocka_unit_test_teardown(test_doc__notes_not_headers, free_cur),
        cmocka_unit_test_teardown(test_doc__report, free_cur),
        cmocka_unit_test_teardown(test_doc__8bit, free_cur),
        cmocka_unit_test_teardown(test_doc__two_pieces, free_cur),
        cmocka_unit_test_teardown(test_doc__summary, free_cur),
        cmocka_unit_test_teardown(test_doc__hostile_fib, free_cur),
        cmocka_unit_test_teardown(test_doc__hostile_pieces, free_cur),
        cmocka_unit_test_teardown(test_doc__hostile_overlap, free_cur),
        cmocka_unit_test_teardown(test_doc__not_word, free_cur),
        cmocka_unit_test_teardown(test_doc__truncated, free_cur),
        cmocka_unit_test_teardown(test_doc__scribbled, free_cur),
        cmocka_unit_test_teardown(test_doc__format, free_cur),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
