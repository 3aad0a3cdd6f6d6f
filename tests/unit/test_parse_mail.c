/* SPDX-License-Identifier: MIT */
/* Unit tests for reading mail (parse_mail.c and the GMime module): what
 * text a message gives, in which order, with which title and date; the
 * versions of a multipart/alternative, attachments, attached messages,
 * charsets, and files that are not mail; the messages of an mbox file.
 * Also which paths are mail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parse.h"
#include "block_text.h"

static accsi_parsed cur;

static int
cleanup(void **state)
{
    (void)state;
    accsi_parsed_free(&cur);
    return 0;
}

static accs_status
parse(const char *msg, accsi_err *err)
{
    accsi_parsed_free(&cur);
    return accsi_parse(&cur, msg, strlen(msg), ACCSI_FMT_EML, err);
}

static int
has_text(const char *s)
{
    return cur.text.data && strstr(cur.text.data, s) != NULL;
}

static void
test_mail__plain(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *msg = "From: Brad Smith <brad@example.com>\r\n"
                      "To: =?UTF-8?Q?Ren=C3=A9e_de_Vries?= <renee@example.nl>\r\n"
                      "Subject: =?UTF-8?B?RGlnaXRhYWwgdmVyZHJhZyB2YW4gR2Vuw6h2ZQ==?=\r\n"
                      "Date: Tue, 17 Apr 2018 23:30:00 -0700\r\n"
                      "Message-ID: <1@example.com>\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "\r\n"
                      "Beste Renée,\r\n"
                      "\r\n"
                      "Vierendertig techbedrijven beloven hun\r\n"
                      "gebruikers te beschermen.\r\n"
                      "\r\n"
                      "Groet, Brad\r\n";
    assert_int_equal(parse(msg, &err), ACCS_OK);
    /* Encoded words decoded; the date as the sender wrote it, not UTC. */
    assert_string_equal(cur.title, "Digitaal verdrag van Genève");
    assert_string_equal(cur.date, "2018-04-17");
    /* Sender and recipients for from: and to:, decoded. */
    assert_string_equal(cur.from, "Brad Smith <brad@example.com>");
    assert_string_equal(cur.to, "Renée de Vries <renee@example.nl>");
    assert_int_equal(cur.n_blocks, 4);
    /* Sender and recipients first, one paragraph, then the body's. */
    assert_non_null(strstr(block_text(&cur, 0), "From: Brad Smith <brad@example.com>"));
    assert_non_null(strstr(block_text(&cur, 0), "To: Renée de Vries <renee@example.nl>"));
    assert_string_equal(block_text(&cur, 1), "Beste Renée,");
    assert_non_null(strstr(block_text(&cur, 2), "Vierendertig techbedrijven"));
    assert_string_equal(block_text(&cur, 3), "Groet, Brad");
    assert_false(has_text("Message-ID"));
    /* Lines count in the text read: From, To, a blank line, "Beste". */
    uint64_t off = accsi_parsed_src_offset(&cur, cur.blocks[1].start);
    assert_int_equal(accsi_parsed_line(&cur, off), 4);
    off = accsi_parsed_src_offset(&cur, cur.blocks[3].start);
    assert_int_equal(accsi_parsed_line(&cur, off), 9);
    assert_true(off < cur.src_len);
}

static void
test_mail__multipart(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *msg =
        "From: a@example.com\n"
        "Subject: Tech Accord\n"
        "Date: 18 Apr 2018 09:00 +0000\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"outer\"\n"
        "\n"
        "This is a multi-part message in MIME format.\n"
        "--outer\n"
        "Content-Type: multipart/alternative; boundary=\"alt\"\n"
        "\n"
        "--alt\n"
        "Content-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "The accord was signed in Gen=E8ve-style spirit by thirty-four compan=\n"
        "ies.\n"
        "--alt\n"
        "Content-Type: text/html; charset=utf-8\n"
        "\n"
        "<p>htmlversionword</p>\n"
        "--alt--\n"
        "--outer\n"
        "Content-Type: text/markdown; name=\"notes.md\"\n"
        "Content-Disposition: attachment; filename=\"notes.md\"\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "IyBOb3RlcwoKUlNBIGNvbmZlcmVuY2UgaW4gU2FuIEZyYW5jaXNjby4K\n"
        "--outer\n"
        "Content-Type: image/png; name=\"logo.png\"\n"
        "Content-Disposition: attachment; filename=\"logo.png\"\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\n"
        "--outer--\n"
        "The epilogue is not read.\n";
    assert_int_equal(parse(msg, &err), ACCS_OK);
    assert_string_equal(cur.title, "Tech Accord");
    assert_string_equal(cur.date, "2018-04-18");
    assert_string_equal(cur.from, "a@example.com");
    assert_null(cur.to);
    /* Quoted-printable undone (a soft break joins the word), Latin-1
     * converted; the plain version is read, the HTML one is not. */
    assert_true(has_text("Genève-style spirit by thirty-four companies."));
    assert_false(has_text("htmlversionword"));
    /* The Markdown attachment through the Markdown reader (its heading
     * is text like any); the image gives nothing, nor do preamble and
     * epilogue. */
    assert_true(has_text("Notes"));
    assert_true(has_text("RSA conference in San Francisco."));
    assert_false(has_text("#"));
    assert_false(has_text("PNG"));
    assert_false(has_text("multi-part message"));
    assert_false(has_text("epilogue"));
    assert_true(accsi_utf8_valid(cur.text.data, cur.text.len));
}

static void
test_mail__html_only(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *msg = "From: news@example.org\n"
                      "Subject: Nieuwsbrief\n"
                      "Content-Type: text/html; charset=windows-1252\n"
                      "\n"
                      "<html><head><title>ignored</title><style>p{color:red}</style></head>"
                      "<body><h1>Cyberaanvallen</h1><p>Het verdrag van Gen\xe8ve &amp; "
                      "de <b>techsector</b>.</p><script>var x = 1;</script></body></html>\n";
    assert_int_equal(parse(msg, &err), ACCS_OK);
    assert_string_equal(cur.title, "Nieuwsbrief");
    assert_null(cur.date);
    assert_true(has_text("Cyberaanvallen"));
    assert_true(has_text("Het verdrag van Genève & de techsector."));
    assert_false(has_text("<p>"));
    assert_false(has_text("color:red"));
    assert_false(has_text("var x"));
}

/* The bytes of tests/data/office/NAME in base64, lines of 76, as mail
 * programs send attachments; a new string. */
static char *
base64_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/office/%s", ACCS_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    accsi_buf b;
    accsi_buf_init(&b);
    unsigned char in[57];
    size_t n;
    while ((n = fread(in, 1, sizeof in, f)) > 0) {
        for (size_t i = 0; i < n; i += 3) {
            uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0) |
                         (i + 2 < n ? in[i + 2] : 0);
            char q[4] = {digits[v >> 18], digits[v >> 12 & 63],
                         i + 1 < n ? digits[v >> 6 & 63] : '=', i + 2 < n ? digits[v & 63] : '='};
            accsi_buf_add(&b, q, 4);
        }
        accsi_buf_addc(&b, '\n');
    }
    fclose(f);
    assert_false(b.failed);
    return accsi_buf_detach(&b);
}

/* Word 97-2003: an attachment named .doc, one typed application/msword
 * with a name that does not say, and a .doc that is RTF, each read for
 * what it is. */
static void
test_mail__word_parts(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    char *doc = base64_file("report-8bit.doc");
    char *msg = NULL;
    size_t size = strlen(doc) * 2 + 1024;
    msg = malloc(size);
    assert_non_null(msg);
    snprintf(msg, size,
             "From: me@example.com\n"
             "Subject: Rapport\n"
             "Content-Type: multipart/mixed; boundary=b\n"
             "\n"
             "--b\n"
             "Content-Type: text/plain\n"
             "\n"
             "Zie de bijlagen.\n"
             "--b\n"
             "Content-Type: application/octet-stream\n"
             "Content-Disposition: attachment; filename=\"report.doc\"\n"
             "Content-Transfer-Encoding: base64\n"
             "\n%s"
             "--b\n"
             "Content-Type: application/msword\n"
             "Content-Disposition: attachment; filename=\"rapport\"\n"
             "Content-Transfer-Encoding: base64\n"
             "\n%s"
             "--b\n"
             "Content-Type: application/msword\n"
             "Content-Disposition: attachment; filename=\"export.doc\"\n"
             "\n"
             "{\\rtf1 Een export over het docmailwoord\\par}\n"
             "--b--\n",
             doc, doc);
    assert_int_equal(parse(msg, &err), ACCS_OK);
    assert_true(has_text("The naïve café owner paid € 100"));
    assert_true(has_text("Endnote with the docendnoteword."));
    assert_true(has_text("Een export over het docmailwoord"));
    assert_false(has_text("rtf1"));
    /* Twice: by its name and by its type. */
    const char *first = strstr(cur.text.data, "docendnoteword");
    assert_non_null(first);
    assert_non_null(strstr(first + 1, "docendnoteword"));
    free(msg);
    free(doc);
}

/* Attachments without a file name, or with one that does not say, are
 * read by their type when it names a format (Word, OOXML, ODF); a
 * picture without a name is left alone. */
static void
test_mail__unnamed_parts(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    char *doc = base64_file("report-8bit.doc");
    char *docx = base64_file("verdrag.docx");
    char *odt = base64_file("accord.odt");
    size_t size = strlen(doc) + strlen(docx) + strlen(odt) + 2048;
    char *msg = malloc(size);
    assert_non_null(msg);
    snprintf(msg, size,
             "From: me@example.com\n"
             "Subject: Stukken\n"
             "Content-Type: multipart/mixed; boundary=b\n"
             "\n"
             "--b\n"
             "Content-Type: text/plain\n"
             "\n"
             "Zie de bijlagen.\n"
             "--b\n"
             "Content-Type: application/msword\n"
             "Content-Transfer-Encoding: base64\n"
             "\n%s"
             "--b\n"
             "Content-Type: application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document\n"
             "Content-Transfer-Encoding: base64\n"
             "\n%s"
             "--b\n"
             "Content-Type: application/vnd.oasis.opendocument.text\n"
             "Content-Disposition: attachment; filename=\"akkoord\"\n"
             "Content-Transfer-Encoding: base64\n"
             "\n%s"
             "--b\n"
             "Content-Type: image/png\n"
             "Content-Transfer-Encoding: base64\n"
             "\n"
             "aW1hZ2Vwbmd3b29yZA==\n"
             "--b--\n",
             doc, docx, odt);
    assert_int_equal(parse(msg, &err), ACCS_OK);
    assert_true(has_text("Zie de bijlagen."));
    assert_true(has_text("Endnote with the docendnoteword."));
    assert_true(has_text("verdrag van Genève, naar"));
    assert_true(has_text("Microsoft, Facebook and Cisco signed."));
    assert_false(has_text("imagepngwoord"));
    free(msg);
    free(doc);
    free(docx);
    free(odt);
}

/* RTF: an attachment named .rtf, one named otherwise but typed as RTF,
 * and a text/rtf part without a name are read by the RTF reader. */
static void
test_mail__rtf_parts(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *msg = "From: me@example.com\n"
                      "Subject: Verslag\n"
                      "Content-Type: multipart/mixed; boundary=b\n"
                      "\n"
                      "--b\n"
                      "Content-Type: text/plain\n"
                      "\n"
                      "Zie de bijlagen.\n"
                      "--b\n"
                      "Content-Type: application/rtf\n"
                      "Content-Disposition: attachment; filename=\"verslag.rtf\"\n"
                      "\n"
                      "{\\rtf1{\\fonttbl{\\f0 Arial;}}Verslag uit Gen\\'e8ve\\par}\n"
                      "--b\n"
                      "Content-Type: application/rtf\n"
                      "Content-Disposition: attachment; filename=\"notulen\"\n"
                      "\n"
                      "{\\rtf1 Notulen over caf\\u233?s\\par}\n"
                      "--b\n"
                      "Content-Type: text/rtf\n"
                      "\n"
                      "{\\rtf1{\\colortbl;\\red255;}Opgemaakte tekst\\par}\n"
                      "--b--\n";
    assert_int_equal(parse(msg, &err), ACCS_OK);
    assert_true(has_text("Verslag uit Genève"));
    assert_true(has_text("Notulen over cafés"));
    assert_true(has_text("Opgemaakte tekst"));
    assert_false(has_text("rtf1"));
    assert_false(has_text("Arial"));
    assert_false(has_text("red255"));
}

static void
test_mail__forwarded(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *msg = "From: me@example.com\n"
                      "Subject: Fwd: verdrag\n"
                      "Content-Type: multipart/mixed; boundary=b\n"
                      "\n"
                      "--b\n"
                      "Content-Type: text/plain\n"
                      "\n"
                      "See below.\n"
                      "--b\n"
                      "Content-Type: message/rfc822\n"
                      "\n"
                      "From: Brad Smith <brad@example.com>\n"
                      "Subject: Het verdrag\n"
                      "Date: Tue, 17 Apr 2018 10:00:00 +0200\n"
                      "\n"
                      "Het originele bericht.\n"
                      "--b--\n";
    assert_int_equal(parse(msg, &err), ACCS_OK);
    /* The message's own subject; the attached one's headers are text,
     * in a paragraph before its body. */
    assert_string_equal(cur.title, "Fwd: verdrag");
    /* No Date header: no date, not the forwarded message's. */
    assert_null(cur.date);
    assert_int_equal(cur.n_blocks, 4);
    assert_string_equal(block_text(&cur, 1), "See below.");
    assert_non_null(strstr(block_text(&cur, 2), "Subject: Het verdrag"));
    assert_non_null(strstr(block_text(&cur, 2), "From: Brad Smith"));
    assert_non_null(strstr(block_text(&cur, 2), "Date: 2018-04-17"));
    assert_string_equal(block_text(&cur, 3), "Het originele bericht.");
}

static void
test_mail__charsets(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    /* No charset named, 8-bit Latin-1 bytes: read as Windows-1252. */
    assert_int_equal(parse("Subject: x\nContent-Transfer-Encoding: 8bit\n\nGen\xe8ve\n", &err),
                     ACCS_OK);
    assert_true(has_text("Genève"));
    /* A wrong charset: invalid UTF-8 does not get through. */
    assert_int_equal(parse("Subject: x\nContent-Type: text/plain; charset=utf-8\n\n"
                           "caf\xc3 \xff ok\n",
                           &err),
                     ACCS_OK);
    assert_true(accsi_utf8_valid(cur.text.data, cur.text.len));
    assert_true(has_text("ok"));
    /* Raw 8-bit headers: Latin-1 read as Windows-1252, and bytes that are
     * no text at all never reach the title or the text as they are. */
    assert_int_equal(parse("Subject: Gen\xe8ve\nFrom: Ren\xe9" "e <r@example.nl>\n\nx\n", &err),
                     ACCS_OK);
    assert_string_equal(cur.title, "Genève");
    assert_true(has_text("From: Renée <r@example.nl>"));
    assert_int_equal(parse("Subject: Fwd: verdrag\xf6\xbc\x90\x90tent\n\nx\n", &err), ACCS_OK);
    assert_true(accsi_utf8_valid(cur.title, strlen(cur.title)));
    assert_true(accsi_utf8_valid(cur.text.data, cur.text.len));
    /* A folded subject is one line. */
    assert_int_equal(parse("Subject: een lange\n\tonderwerpregel\n\nx\n", &err), ACCS_OK);
    assert_string_equal(cur.title, "een lange onderwerpregel");
    /* A charset no one knows is not fatal either. */
    assert_int_equal(parse("Subject: y\nContent-Type: text/plain; charset=x-nonsense\n\n"
                           "plain words\n",
                           &err),
                     ACCS_OK);
    assert_true(has_text("plain words"));
}

/* A mail whose attachment (as a file, "fwd.eml") is a mail whose
 * attachment is a mail ... `levels` deep; each says its level. */
static char *
nested(int levels)
{
    size_t cap = 64 + (size_t)levels * 256;
    char *inner = NULL;
    for (int l = levels; l >= 1; l--) {
        char *m = malloc(cap + (inner ? strlen(inner) : 0));
        assert_non_null(m);
        int n = sprintf(m,
                        "Subject: level %d\nContent-Type: multipart/mixed; boundary=B%d\n\n"
                        "--B%d\nContent-Type: text/plain\n\nlevelword%d\n",
                        l, l, l, l);
        if (inner)
            n += sprintf(m + n,
                         "--B%d\nContent-Type: application/octet-stream\n"
                         "Content-Disposition: attachment; filename=fwd.eml\n\n%s\n",
                         l, inner);
        sprintf(m + n, "--B%d--\n", l);
        free(inner);
        inner = m;
    }
    return inner;
}

static void
test_mail__attached_mail_files(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    char *msg = nested(6);
    assert_int_equal(parse(msg, &err), ACCS_OK);
    free(msg);
    assert_string_equal(cur.title, "level 1");
    /* Mail files inside mail are read, three deep. */
    assert_true(has_text("levelword1"));
    assert_true(has_text("levelword4"));
    assert_false(has_text("levelword5"));
    assert_false(has_text("levelword6"));
}

static void
test_mail__not_mail(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse("Just some notes, no header at all.\n", &err), ACCS_EINVAL);
    assert_non_null(strstr(err.msg, "not a mail message"));
    memset(&err, 0, sizeof err);
    assert_int_equal(parse("#!/bin/sh\necho: hi\n", &err), ACCS_EINVAL);
    /* Only headers: no body, still a message. */
    memset(&err, 0, sizeof err);
    assert_int_equal(parse("Subject: empty\nFrom: x@example.com\n", &err), ACCS_OK);
    assert_string_equal(cur.title, "empty");
    assert_int_equal(cur.n_blocks, 1);
    /* Broken MIME: a boundary that never comes, truncated base64. */
    assert_int_equal(parse("Subject: broken\nContent-Type: multipart/mixed; boundary=zz\n\n"
                           "--zz\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
                           "SGVsbG8gd29y",
                           &err),
                     ACCS_OK);
    assert_true(accsi_utf8_valid(cur.text.data, cur.text.len));
}

/* A reply: the quoted paragraphs of the earlier message are quotations,
 * attribution line included; the writer's own text is not, even with a
 * '>' in it. */
static void
test_mail__quotes(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *msg = "From: Jan <jan@example.nl>\n"
                      "Subject: Re: Tech Accord\n"
                      "\n"
                      "Eens, en ik stuur het door.\n"
                      "\n"
                      "Op 17 april 2018 schreef Brad:\n"
                      "> Vierendertig techbedrijven beloven hun gebruikers\n"
                      "> te beschermen.\n"
                      ">\n"
                      "> Het akkoord is gepresenteerd.\n"
                      "\n"
                      "Zie ook:\n"
                      "> een regel\n"
                      "gewone tekst\n"
                      "nog meer tekst\n";
    assert_int_equal(parse(msg, &err), ACCS_OK);
    int seen_quote = 0;
    for (size_t i = 0; i < cur.n_blocks; i++) {
        const char *t = block_text(&cur, i);
        if (strstr(t, "Vierendertig")) {
            assert_true(cur.blocks[i].is_quote);
            assert_non_null(strstr(t, "schreef Brad"));
            seen_quote = 1;
        } else {
            assert_false(cur.blocks[i].is_quote);
        }
    }
    assert_true(seen_quote);

    /* Without '>': Outlook's rule and header block, Gmail's HTML
     * attribution above a blockquote, a forward.  The quotation runs to
     * the end of the part; the writer's text before it is not one. */
    static const char *const replies[] = {
        "From: Jan <jan@example.nl>\nSubject: RE: Accord\n\n"
        "Prima, ik stuur het door.\n\n"
        "-----Oorspronkelijk bericht-----\nVan: Brad Smith\n"
        "Verzonden: dinsdag 17 april 2018 09:12\nOnderwerp: Accord\n\n"
        "De vierendertig bedrijven tekenen het akkoord.\n\nMet groet, Brad\n",
        "From: Jan <jan@example.nl>\nSubject: RE: Accord\n\n"
        "Fine by me.\n\n________________________________\nFrom: Brad Smith\n"
        "Sent: Tuesday, April 17, 2018 9:12 AM\nSubject: Accord\n\n"
        "De vierendertig bedrijven tekenen het akkoord.\n",
        "From: Jan <jan@example.nl>\nSubject: Re: Accord\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        "<p>Prima, ik stuur het door.</p><div>On Tue, Apr 17, 2018 at 9:12 AM "
        "Brad Smith &lt;brad@example.com&gt; wrote:</div><blockquote><p>De vierendertig "
        "bedrijven tekenen het akkoord.</p><p>Met groet, Brad</p></blockquote>\n",
        "From: Jan <jan@example.nl>\nSubject: Fwd: Accord\n\n"
        "Ter informatie.\n\n---------- Forwarded message ---------\nFrom: Brad\n\n"
        "De vierendertig bedrijven tekenen het akkoord.\n",
    };
    for (size_t r = 0; r < sizeof replies / sizeof replies[0]; r++) {
        assert_int_equal(parse(replies[r], &err), ACCS_OK);
        size_t quotes = 0;
        for (size_t i = 0; i < cur.n_blocks; i++) {
            const char *t = block_text(&cur, i);
            if (strstr(t, "vierendertig") || strstr(t, "Met groet"))
                assert_true(cur.blocks[i].is_quote);
            if (strstr(t, "Prima") || strstr(t, "Fine by me") || strstr(t, "Ter informatie") ||
                strstr(t, "From: Jan"))
                assert_false(cur.blocks[i].is_quote);
            quotes += cur.blocks[i].is_quote;
        }
        assert_true(quotes >= 1);
    }
    /* A signature, after "-- " (or "--"): apart, and counting less, with
     * the disclaimer under it. */
    assert_int_equal(parse("From: Jan <jan@example.nl>\nSubject: notes\n\n"
                           "Tot morgen op de vergadering.\n--\r\nJan de Vries\n"
                           "Gemeente Utrecht\n\nDit bericht is uitsluitend bestemd voor "
                           "de geadresseerde.\n",
                           &err),
                     ACCS_OK);
    for (size_t i = 0; i < cur.n_blocks; i++) {
        const char *t = block_text(&cur, i);
        if (strstr(t, "Gemeente") || strstr(t, "uitsluitend"))
            assert_true(cur.blocks[i].is_quote);
        if (strstr(t, "Tot morgen"))
            assert_false(cur.blocks[i].is_quote);
    }
    /* Text that only looks like it: a line "From: ..." in a paragraph
     * without "Sent:", a sentence that begins with "On", a dash line
     * inside a sentence. */
    assert_int_equal(parse("From: Jan <jan@example.nl>\nSubject: notes\n\n"
                           "From: the start of the year on, we meet weekly.\n\n"
                           "On Tuesday the accord was signed; Brad wrote the text.\n\n"
                           "Prijs -- inclusief btw -- 40 euro.\n",
                           &err),
                     ACCS_OK);
    for (size_t i = 0; i < cur.n_blocks; i++)
        assert_false(cur.blocks[i].is_quote);
}

static accs_status
parse_mbox(const char *box, accsi_err *err)
{
    accsi_parsed_free(&cur);
    return accsi_parse(&cur, box, strlen(box), ACCSI_FMT_MBOX, err);
}

/* The subdoc (message) of block `i`. */
static const accsi_subdoc *
block_message(size_t i)
{
    unsigned page = accsi_parsed_page(&cur, accsi_parsed_src_offset(&cur, cur.blocks[i].start));
    assert_true(page >= 1 && page <= cur.n_pages);
    return &cur.subdocs[page - 1];
}

static void
test_mbox__messages(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    const char *box =
        "From brad@example.com Tue Apr 17 09:12:00 2018\n"              /* 1 */
        "From: Brad <brad@example.com>\n"
        "To: Jan <jan@example.nl>\n"
        "Cc: Piet <piet@example.nl>\n"
        "Subject: Tech Accord\n"
        "Date: Tue, 17 Apr 2018 09:12:00 -0700\n"
        "\n"                                                             /* 7 */
        "Eerste bericht.\n"
        "\n"
        ">From the summary: escaped.\n"
        "From here on a body line, after text: no separator.\n"
        "\n"                                                             /* 12 */
        "From the start of a paragraph, but no header follows\n"
        "\n"
        "From jan@example.nl Wed Apr 18 10:00:00 2018\n"                /* 15 */
        "From: Jan <jan@example.nl>\n"
        "Subject: =?utf-8?q?Gen=C3=A8ve?=\n"
        "Date: Wed, 18 Apr 2018 10:00:00 +0200\n"
        "Content-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "Tweede bericht uit Gen=E8ve.\n"
        "\n"
        "From x@example.org Thu Apr 19 10:00:00 2018\n"                 /* 24 */
        "Subject: zonder datum\n"
        "\n"
        "Derde bericht.\n"
        ">>From the archive, twice.\n";
    assert_int_equal(parse_mbox(box, &err), ACCS_OK);
    assert_int_equal(cur.n_pages, 3);
    assert_non_null(cur.subdocs);
    assert_null(cur.title);
    assert_null(cur.date);
    assert_string_equal(cur.subdocs[0].title, "Tech Accord");
    assert_string_equal(cur.subdocs[0].date, "2018-04-17");
    assert_int_equal(cur.subdocs[0].line, 1);
    assert_string_equal(cur.subdocs[1].title, "Genève");
    assert_string_equal(cur.subdocs[1].date, "2018-04-18");
    assert_int_equal(cur.subdocs[1].line, 15);
    assert_string_equal(cur.subdocs[2].title, "zonder datum");
    assert_null(cur.subdocs[2].date);
    assert_int_equal(cur.subdocs[2].line, 24);
    /* Each message's sender and recipients. */
    assert_string_equal(cur.subdocs[0].from, "Brad <brad@example.com>");
    assert_string_equal(cur.subdocs[0].to, "Jan <jan@example.nl>, Piet <piet@example.nl>");
    assert_string_equal(cur.subdocs[1].from, "Jan <jan@example.nl>");
    assert_null(cur.subdocs[1].to);
    assert_null(cur.subdocs[2].from);
    assert_null(cur.from);
    /* Every block belongs to the message it came from. */
    size_t seen[3] = {0, 0, 0};
    for (size_t i = 0; i < cur.n_blocks; i++) {
        const accsi_subdoc *m = block_message(i);
        const char *t = block_text(&cur, i);
        if (strstr(t, "Eerste") || strstr(t, "escaped") || strstr(t, "no header follows"))
            assert_ptr_equal(m, &cur.subdocs[0]);
        if (strstr(t, "Tweede bericht uit Genève"))
            assert_ptr_equal(m, &cur.subdocs[1]);
        if (strstr(t, "Derde"))
            assert_ptr_equal(m, &cur.subdocs[2]);
        seen[m - cur.subdocs]++;
    }
    assert_true(seen[0] >= 3 && seen[1] >= 2 && seen[2] >= 1);
    assert_true(has_text("From here on a body line"));
    /* ">From " lines are unescaped: one '>' comes off. */
    assert_true(has_text("From the summary: escaped."));
    assert_false(has_text(">From the summary"));
    assert_true(has_text("\n>From the archive, twice."));
}

static void
test_mbox__damaged(void **state)
{
    (void)state;
    accsi_err err = {{0}};
    assert_int_equal(parse_mbox("Just some notes about mail.\n", &err), ACCS_EINVAL);
    assert_non_null(strstr(err.msg, "not an mbox file"));
    memset(&err, 0, sizeof err);
    assert_int_equal(parse_mbox("", &err), ACCS_EINVAL);
    /* Text before the first message is not read; CRLF lines; a message
     * with only headers; a separator on the last line, with nothing
     * after it. */
    memset(&err, 0, sizeof err);
    assert_int_equal(parse_mbox("stray text\r\n\r\nFrom - Mon Jun 04 08:00:00 2018\r\n"
                                "Subject: leeg\r\n\r\n"
                                "From - Tue Jun 05 08:00:00 2018\r\nSubject: kort\r\n\r\nTekst.\r\n"
                                "\r\nFrom - Wed Jun 06 08:00:00 2018\r\nSubject: laatste",
                                &err),
                     ACCS_OK);
    assert_false(has_text("stray"));
    assert_int_equal(cur.n_pages, 3);
    assert_string_equal(cur.subdocs[0].title, "leeg");
    assert_int_equal(cur.subdocs[0].line, 3);
    assert_string_equal(cur.subdocs[1].title, "kort");
    assert_int_equal(cur.subdocs[1].line, 6);
    assert_int_equal(cur.subdocs[2].line, 11);
    assert_ptr_equal(block_message(cur.n_blocks - 1), &cur.subdocs[1]);
    /* A message that cannot be read costs that message only. */
    accsi_buf box;
    accsi_buf_init(&box);
    accsi_buf_adds(&box, "From a Mon Jun 04 08:00:00 2018\nSubject: veel delen\n"
                         "Content-Type: multipart/mixed; boundary=zz\n\n");
    for (int i = 0; i < 10001; i++)
        accsi_buf_adds(&box, "--zz\n\nx\n");
    accsi_buf_adds(&box, "\nFrom b Tue Jun 05 08:00:00 2018\nSubject: goed\n\nGoed bericht.\n");
    assert_false(box.failed);
    accsi_parsed_free(&cur);
    assert_int_equal(accsi_parse(&cur, box.data, box.len, ACCSI_FMT_MBOX, &err), ACCS_OK);
    assert_true(has_text("Goed bericht."));
    assert_false(has_text("veel delen"));
    assert_int_equal(cur.n_pages, 2);
    assert_string_equal(cur.subdocs[1].title, "goed");
    accsi_buf_free(&box);
}

static void
make_dir(const char *path)
{
    assert_int_equal(mkdir(path, 0700), 0);
}

static void
test_mail__paths(void **state)
{
    (void)state;
    assert_int_equal(accsi_format_for_path("inbox/bericht.eml"), ACCSI_FMT_EML);
    assert_int_equal(accsi_format_for_path("inbox/BERICHT.EML"), ACCSI_FMT_EML);
    assert_int_equal(accsi_format_parse("eml"), ACCSI_FMT_EML);
    assert_string_equal(accsi_format_name(ACCSI_FMT_EML), "eml");
    assert_int_equal(accsi_format_for_path("archief/2018.mbox"), ACCSI_FMT_MBOX);
    assert_int_equal(accsi_format_for_path("archief/oud.MBX"), ACCSI_FMT_MBOX);
    assert_int_equal(accsi_format_parse("mbox"), ACCSI_FMT_MBOX);
    /* type:mail is both formats, which query.c builds. */
    assert_int_equal(accsi_format_parse("mail"), -1);

    char root[] = "/tmp/accs-maildir-XXXXXX";
    assert_non_null(mkdtemp(root));
    char p[256];
    snprintf(p, sizeof p, "%s/Mail", root);
    make_dir(p);
    snprintf(p, sizeof p, "%s/Mail/cur", root);
    make_dir(p);
    snprintf(p, sizeof p, "%s/Mail/new", root);
    make_dir(p);
    snprintf(p, sizeof p, "%s/Mail/tmp", root);
    make_dir(p);
    snprintf(p, sizeof p, "%s/notes", root);
    make_dir(p);
    snprintf(p, sizeof p, "%s/notes/new", root);
    make_dir(p);
    /* A file in a Maildir's cur/ or new/, whatever its name. */
    snprintf(p, sizeof p, "%s/Mail/cur/1524000000.M1P2.host:2,S", root);
    assert_int_equal(accsi_format_for_path(p), ACCSI_FMT_EML);
    snprintf(p, sizeof p, "%s/Mail/new/1524000001.M3P4.host", root);
    assert_int_equal(accsi_format_for_path(p), ACCSI_FMT_EML);
    /* A known extension keeps its format. */
    snprintf(p, sizeof p, "%s/Mail/cur/readme.txt", root);
    assert_int_equal(accsi_format_for_path(p), ACCSI_FMT_TEXT);
    /* A folder called new/ that is not part of a Maildir. */
    snprintf(p, sizeof p, "%s/notes/new/build.sh", root);
    assert_int_equal(accsi_format_for_path(p), -1);
    snprintf(p, sizeof p, "%s/Mail/tmp/1524.M1", root);
    assert_int_equal(accsi_format_for_path(p), -1);
    /* Thunderbird: a folder's mbox has no extension, its summary is
     * beside it; without the summary it is any file. */
    snprintf(p, sizeof p, "%s/notes/Inbox.msf", root);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(accsi_format_for_path(p), -1);
    snprintf(p, sizeof p, "%s/notes/Inbox", root);
    assert_int_equal(accsi_format_for_path(p), ACCSI_FMT_MBOX);
    snprintf(p, sizeof p, "%s/notes/Sent", root);
    assert_int_equal(accsi_format_for_path(p), -1);
    /* An attachment's name is judged by its extension alone. */
    assert_int_equal(accsi_format_for_name(p), -1);
    /* mutt and the mail spool: a file without an extension that opens as
     * an mbox is one; text that starts with "From " is not. */
    static const struct {
        const char *name, *text;
        int fmt;
    } files[] = {
        {"spool", "From jan@example.nl Mon Jan 01 00:00:00 2018\nSubject: x\n\nTekst.\n",
         ACCSI_FMT_MBOX},
        {"brief", "From me to you: a letter.\nDear Jan,\n", -1},
        {"README", "Notes about the project.\n", -1},
        {"empty", "", -1},
        {"spool.bak", "From jan@example.nl Mon Jan 01 00:00:00 2018\nSubject: x\n\n", -1},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/notes/%s", root, files[i].name);
        f = fopen(p, "w");
        assert_non_null(f);
        fputs(files[i].text, f);
        fclose(f);
        assert_int_equal(accsi_format_for_path(p), files[i].fmt);
    }
    assert_true(accsi_mbox_sniff("From a b\r\nX-Mozilla-Status: 0001\r\n", 31));
    assert_false(accsi_mbox_sniff("From a b", 8));
    assert_false(accsi_mbox_sniff("Fro", 3));
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_mail__plain, cleanup),
        cmocka_unit_test_teardown(test_mail__multipart, cleanup),
        cmocka_unit_test_teardown(test_mail__html_only, cleanup),
        cmocka_unit_test_teardown(test_mail__rtf_parts, cleanup),
        cmocka_unit_test_teardown(test_mail__word_parts, cleanup),
        cmocka_unit_test_teardown(test_mail__unnamed_parts, cleanup),
        cmocka_unit_test_teardown(test_mail__forwarded, cleanup),
        cmocka_unit_test_teardown(test_mail__charsets, cleanup),
        cmocka_unit_test_teardown(test_mail__attached_mail_files, cleanup),
        cmocka_unit_test_teardown(test_mail__not_mail, cleanup),
        cmocka_unit_test_teardown(test_mail__quotes, cleanup),
        cmocka_unit_test_teardown(test_mbox__messages, cleanup),
        cmocka_unit_test_teardown(test_mbox__damaged, cleanup),
        cmocka_unit_test(test_mail__paths),
    };
    return cmocka_run_group_tests_name("parse_mail", tests, NULL, NULL);
}
