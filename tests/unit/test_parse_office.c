/* SPDX-License-Identifier: MIT */
/* Unit tests for the parse stage of container formats: Word, OpenDocument
 * and PDF (tests/data/office/, made by make.py there), and what happens
 * with broken files and a pdftotext that misbehaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "parse.h"
#include "block_text.h"

static accsi_parsed cur;
static char *bytes;
static char tool_dir[64];

/* Free the document and its bytes, for the next one. */
static void
reset(void)
{
    accsi_parsed_free(&cur);
    free(bytes);
    bytes = NULL;
}

static int
cleanup(void **state)
{
    (void)state;
    reset();
    unsetenv("ACCSEARCH_PDFTOTEXT");
    unsetenv("ACCSEARCH_PDF_TIMEOUT");
    if (tool_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tool_dir);
        assert_int_equal(system(cmd), 0);
        tool_dir[0] = '\0';
    }
    return 0;
}

static size_t
load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/office/%s", ACCS_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    bytes = malloc((size_t)n);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return (size_t)n;
}

/* The line and page of block `i`, as a hit would show them. */
static unsigned
block_line(size_t i)
{
    return accsi_parsed_line(&cur, accsi_parsed_src_offset(&cur, cur.blocks[i].start));
}

static unsigned
block_page(size_t i)
{
    return accsi_parsed_page(&cur, accsi_parsed_src_offset(&cur, cur.blocks[i].start));
}

static accs_status
parse_file(const char *name, accsi_fmt fmt, accsi_err *err)
{
    size_t n = load(name);
    return accsi_parse(&cur, bytes, n, fmt, err);
}

static void
test_office__docx(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("verdrag.docx", ACCSI_FMT_DOCX, &err), ACCS_OK);
    assert_string_equal(cur.title, "Digitaal verdrag van Genève");
    assert_string_equal(cur.date, "2018-04-17");
    assert_int_equal(cur.n_blocks, 7);
    assert_string_equal(block_text(&cur, 0), "Techbedrijven tekenen akkoord tegen cyberaanvallen");
    assert_true(cur.blocks[0].is_heading);
    /* Runs join as they are: a run boundary is no word boundary. */
    assert_non_null(strstr(block_text(&cur, 1), "Vierendertig techbedrijven, waaronder"));
    assert_non_null(strstr(block_text(&cur, 1), "RSA-conferentie."));
    assert_false(cur.blocks[1].is_heading);
    assert_non_null(strstr(block_text(&cur, 2), "verdrag van Genève, naar"));
    assert_string_equal(block_text(&cur, 3), "Tabelcel over encryptie");
    /* A line break and a tab inside a paragraph are spaces. */
    assert_string_equal(block_text(&cur, 4), "Regel een regel twee na een tab");
    /* A text box once, not again from its fallback. */
    assert_string_equal(block_text(&cur, 5), "Tekstvak met kaderwoord");
    /* Footnotes follow the body; the separator "footnote" has no text. */
    assert_string_equal(block_text(&cur, 6), "Voetnoot over voetnootwoord.");
    /* Lines count paragraphs; the empty one is not counted. */
    for (size_t i = 0; i < cur.n_blocks; i++)
        assert_int_equal(block_line(i), i + 1);
    assert_int_equal(block_page(0), 0);
    /* Byte ranges are in the extracted text. */
    assert_int_equal(accsi_parsed_src_offset(&cur, cur.blocks[2].start), cur.blocks[2].start);
}

static void
test_office__odt(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("accord.odt", ACCSI_FMT_ODT, &err), ACCS_OK);
    assert_string_equal(cur.title, "Tech Accord");
    assert_string_equal(cur.date, "2018-04-18");
    assert_int_equal(cur.n_blocks, 4);
    assert_string_equal(block_text(&cur, 0), "The Cybersecurity Tech Accord");
    assert_true(cur.blocks[0].is_heading);
    /* <text:s/> is a space. */
    assert_non_null(strstr(block_text(&cur, 1), "their customers from cyber attacks"));
    assert_string_equal(block_text(&cur, 2), "Microsoft, Facebook and Cisco signed.");
    assert_string_equal(block_text(&cur, 3),
                        "A step toward a Digital Geneva Convention for cyberspace.");
    assert_int_equal(block_line(3), 4);
}

/* Presentations: a page per slide; a slide's title placeholder is a
 * heading.  A spreadsheet: a page per sheet, a block per cell. */
static void
test_office__slides_and_sheets(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("dia.pptx", ACCSI_FMT_PPTX, &err), ACCS_OK);
    assert_int_equal(cur.n_pages, 2);
    assert_int_equal(cur.n_blocks, 5);
    assert_string_equal(block_text(&cur, 0), "Cybersecurity Tech Accord");
    assert_true(cur.blocks[0].is_heading);
    assert_false(cur.blocks[1].is_heading);
    assert_string_equal(block_text(&cur, 3), "Digitaal verdrag");
    assert_true(cur.blocks[3].is_heading);
    assert_string_equal(block_text(&cur, 4), "Een stap naar een verdrag van Genève");
    assert_int_equal(block_page(2), 1);
    assert_int_equal(block_page(3), 2);
    assert_int_equal(block_line(4), 5);
    /* No title in the metadata: the first heading. */
    assert_string_equal(cur.title, "Cybersecurity Tech Accord");
    reset();

    /* Slides in the order the presentation lists them. */
    assert_int_equal(parse_file("omgekeerd.pptx", ACCSI_FMT_PPTX, &err), ACCS_OK);
    assert_int_equal(cur.n_pages, 2);
    assert_string_equal(block_text(&cur, 0), "Digitaal verdrag");
    assert_int_equal(block_page(0), 1);
    assert_string_equal(block_text(&cur, 2), "Cybersecurity Tech Accord");
    assert_int_equal(block_page(2), 2);
    reset();

    assert_int_equal(parse_file("dia.odp", ACCSI_FMT_ODP, &err), ACCS_OK);
    assert_int_equal(cur.n_pages, 2);
    assert_int_equal(cur.n_blocks, 2);
    assert_string_equal(block_text(&cur, 1), "Tweede dia over diawoord");
    assert_int_equal(block_page(0), 1);
    assert_int_equal(block_page(1), 2);
    reset();

    assert_int_equal(parse_file("lijst.ods", ACCSI_FMT_ODS, &err), ACCS_OK);
    assert_int_equal(cur.n_pages, 2);
    assert_int_equal(cur.n_blocks, 6);
    assert_string_equal(block_text(&cur, 0), "Microsoft");
    assert_string_equal(block_text(&cur, 4), "Genève");
    assert_int_equal(block_page(3), 1);
    assert_int_equal(block_page(4), 2);
    reset();

    /* A Word file is no presentation. */
    assert_int_not_equal(parse_file("verdrag.docx", ACCSI_FMT_PPTX, &err), ACCS_OK);
    assert_non_null(strstr(err.msg, "no slides in the archive"));
}

/* Speaker notes follow their slide, on its page; slide numbers and
 * footers are not text. */
static void
test_office__pptx_notes(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("notities.pptx", ACCSI_FMT_PPTX, &err), ACCS_OK);
    assert_int_equal(cur.n_pages, 1);
    assert_int_equal(cur.n_blocks, 3);
    assert_string_equal(block_text(&cur, 0), "Sprekersnotities");
    assert_true(cur.blocks[0].is_heading);
    assert_string_equal(block_text(&cur, 1), "Dia met notities");
    assert_string_equal(block_text(&cur, 2), "Notitiewoord voor de spreker.");
    assert_int_equal(block_page(2), 1);
    assert_null(strstr(cur.text.data, "voettekstwoord"));
    assert_null(strstr(cur.text.data, "7"));
}

/* EPUB: the spine's chapters in its order, through the HTML reader,
 * headings kept; metadata from the OPF; what the spine does not list is
 * not read. */
static void
test_office__epub(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("boek.epub", ACCSI_FMT_EPUB, &err), ACCS_OK);
    assert_string_equal(cur.title, "Het digitale verdrag");
    assert_string_equal(cur.date, "2018-04-21");
    assert_int_equal(cur.lang, ACCSI_LANG_NL);
    assert_int_equal(cur.n_pages, 0);
    static const char *const want[] = {"Voorwoord", "Eerst komt het voorwoord.",
                                       "Hoofdstuk een", "Het verdrag van Genève en het boekwoord."};
    assert_int_equal(cur.n_blocks, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(block_text(&cur, i), want[i]);
        assert_int_equal(block_line(i), i + 1);
    }
    assert_true(cur.blocks[0].is_heading);
    assert_false(cur.blocks[1].is_heading);
    assert_true(cur.blocks[2].is_heading);
    assert_null(strstr(cur.text.data, "inhoudsopgavewoord"));
    assert_null(strstr(cur.text.data, "var x"));
    reset();
    assert_int_not_equal(parse_file("verdrag.docx", ACCSI_FMT_EPUB, &err), ACCS_OK);
    assert_non_null(strstr(err.msg, "no META-INF/container.xml"));
}

/* Excel: the sheets in the workbook's order, one page each; a block per
 * cell with text, from the shared strings, inline strings, formula
 * results and numbers, not booleans, errors or formulas. */
static void
test_office__xlsx(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("leden.xlsx", ACCSI_FMT_XLSX, &err), ACCS_OK);
    assert_string_equal(cur.title, "Ondertekenaars");
    assert_string_equal(cur.date, "2018-04-19");
    assert_int_equal(cur.n_pages, 2);
    static const char *const want[] = {
        "celwoord in een gedeelde tekst", /* sheet2.xml, listed first */
        "2018-04-17", "2018-04-18", "43209", "0.5", /* dates in date formats */
        "Bedrijf", "Land", "Microsoft", "Verenigde Staten", "SAP", "Duitsland",
        "inlinewoord hier", "34", "formuleresultaat", "Rijke tekst"};
    assert_int_equal(cur.n_blocks, 15);
    for (size_t i = 0; i < 15; i++)
        assert_string_equal(block_text(&cur, i), want[i]);
    assert_int_equal(block_page(0), 1);
    assert_int_equal(block_page(4), 1);
    assert_int_equal(block_page(5), 2);
    assert_int_equal(block_page(14), 2);
    assert_null(strstr(cur.text.data, "CONCAT"));
    assert_null(strstr(cur.text.data, "fonetisch"));
    assert_null(strstr(cur.text.data, "DIV"));
    reset();
    /* A Word file is no workbook. */
    assert_int_not_equal(parse_file("verdrag.docx", ACCSI_FMT_XLSX, &err), ACCS_OK);
    assert_non_null(strstr(err.msg, "no worksheets in the archive"));
}

static void
test_office__pdf(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_file("rapport.pdf", ACCSI_FMT_PDF, &err), ACCS_OK);
    assert_string_equal(cur.title, "Rapport digitale veiligheid");
    assert_string_equal(cur.date, "2018-04-20");
    assert_int_equal(cur.n_pages, 2);
    assert_true(cur.n_blocks >= 2);
    /* The word hyphenated over two lines is one word again; the accent
     * (0xE8 in the PDF's WinAnsi font) is UTF-8. */
    int joined = 0, geneve = 0;
    size_t appendix = cur.n_blocks;
    for (size_t i = 0; i < cur.n_blocks; i++) {
        joined |= strstr(block_text(&cur, i), "cyberaanvallen") != NULL;
        geneve |= strstr(block_text(&cur, i), "Genève") != NULL;
        if (strncmp(block_text(&cur, i), "Bijlage\n", 8) == 0)
            appendix = i;
    }
    assert_true(joined && geneve);
    assert_true(appendix < cur.n_blocks);
    assert_int_equal(block_page(0), 1);
    assert_int_equal(block_page(appendix), 2);
    assert_int_equal(block_line(0), 1);
}

static void
expect_error(const char *name, accsi_fmt fmt, const char *message)
{
    accsi_err err = {{0}};
    accs_status st = parse_file(name, fmt, &err);
    assert_int_not_equal(st, ACCS_OK);
    if (!strstr(err.msg, message))
        fail_msg("%s: '%s' does not say '%s'", name, err.msg, message);
    reset();
}

static void
test_office__broken(void **state)
{
    (void)state;
    expect_error("truncated.docx", ACCSI_FMT_DOCX, "not a readable docx file");
    expect_error("notaword.docx", ACCSI_FMT_DOCX, "no word/document.xml");
    expect_error("verdrag.docx", ACCSI_FMT_ODT, "no content.xml");
    expect_error("accord.odt", ACCSI_FMT_DOCX, "no word/document.xml");
    expect_error("header-only.pdf", ACCSI_FMT_PDF, "not a readable PDF");
    expect_error("accord.odt", ACCSI_FMT_PDF, "no %PDF- header");
    /* A zip whose body part is not XML. */
    accsi_err err = {{0}};
    static const char not_zip[] = "PK\x03\x04 this is not really a zip";
    assert_int_not_equal(accsi_parse(&cur, not_zip, sizeof not_zip - 1, ACCSI_FMT_ODT, &err),
                         ACCS_OK);
    assert_non_null(strstr(err.msg, "not a readable odt file"));
}

/* A stand-in for pdftotext: a shell script with `body`. */
static void
fake_tool(const char *body)
{
    snprintf(tool_dir, sizeof tool_dir, "/tmp/accs-pdf-XXXXXX");
    assert_non_null(mkdtemp(tool_dir));
    char path[128];
    snprintf(path, sizeof path, "%s/pdftotext", tool_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    fclose(f);
    assert_int_equal(chmod(path, 0700), 0);
    setenv("ACCSEARCH_PDFTOTEXT", path, 1);
}

static void
test_office__pdftotext_misbehaves(void **state)
{
    (void)state;
    /* Not installed. */
    setenv("ACCSEARCH_PDFTOTEXT", "/nonexistent/pdftotext", 1);
    expect_error("rapport.pdf", ACCSI_FMT_PDF, "was not found (it is in Debian's poppler-utils)");
    /* Crashes. */
    fake_tool("kill -SEGV $$");
    expect_error("rapport.pdf", ACCSI_FMT_PDF, "failed on this file (signal 11)");
    cleanup(NULL);
    /* Exits at once without reading its input: the writes to it fail
     * (SIGPIPE, held), and the process carries on. */
    fake_tool("echo '<html>'; exit 0");
    accsi_err err = {{0}};
    size_t big = 4u << 20;
    char *pdf = malloc(big);
    assert_non_null(pdf);
    memset(pdf, ' ', big);
    memcpy(pdf, "%PDF-1.4\n", 9);
    assert_int_not_equal(accsi_parse(&cur, pdf, big, ACCSI_FMT_PDF, &err), ACCS_OK);
    free(pdf);
    assert_non_null(strstr(err.msg, "unexpected output from pdftotext"));
    accsi_parsed_free(&cur);
    cleanup(NULL);
    /* Hangs before answering, or lingers after closing its output: killed
     * at the time limit. */
    setenv("ACCSEARCH_PDF_TIMEOUT", "1", 1);
    fake_tool("exec sleep 30");
    expect_error("rapport.pdf", ACCSI_FMT_PDF, "took longer than 1 s on this file");
    cleanup(NULL);
    setenv("ACCSEARCH_PDF_TIMEOUT", "1", 1);
    fake_tool("cat > /dev/null; printf '<body>\\n<pre>\\nTekst\\n</pre>'; exec >&-; exec sleep 30");
    expect_error("rapport.pdf", ACCSI_FMT_PDF, "took longer than 1 s on this file");
    unsetenv("ACCSEARCH_PDF_TIMEOUT");
    cleanup(NULL);
    /* Fails with its own exit status. */
    fake_tool("cat > /dev/null; exit 3");
    expect_error("rapport.pdf", ACCSI_FMT_PDF, "does not allow copying its text");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_office__docx, cleanup),
        cmocka_unit_test_teardown(test_office__odt, cleanup),
        cmocka_unit_test_teardown(test_office__slides_and_sheets, cleanup),
        cmocka_unit_test_teardown(test_office__pptx_notes, cleanup),
        cmocka_unit_test_teardown(test_office__xlsx, cleanup),
        cmocka_unit_test_teardown(test_office__epub, cleanup),
        cmocka_unit_test_teardown(test_office__pdf, cleanup),
        cmocka_unit_test_teardown(test_office__broken, cleanup),
        cmocka_unit_test_teardown(test_office__pdftotext_misbehaves, cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
