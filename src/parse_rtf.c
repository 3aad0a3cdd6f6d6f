/* SPDX-License-Identifier: MIT */
/* Parse stage for RTF (.rtf), the rich text of Word and WordPad, read by
 * a small reader of our own: nothing in Debian offers a maintained C
 * library for it, and what a search engine needs is the text, not the
 * layout.
 *
 * RTF is 7-bit text made of groups in braces, control words (\par,
 * \u233, \'e8) and plain characters.  The reader goes through it once,
 * byte by byte, and keeps per group what RTF scopes to a group: where
 * its text goes (the body, a footnote, the title, a date, nowhere), the
 * number of fallback characters that follow a \uN (\ucN), and whether
 * the paragraph is a heading (\outlinelevel).
 *
 * Kept: the body's paragraphs, one block each (ended by \par, \sect or
 * \page; \line is a space within one), table cells (a block each, as in
 * Word files), a field's visible result (\fldrslt), and footnotes and
 * endnotes, each a block of its own after the body, where the Word
 * reader puts them.  Skipped: font, colour, style and list tables,
 * pictures, embedded objects, theme and XML data, field instructions
 * (\fldinst: a link's address, a page number's code), index and
 * table-of-contents entries, and every {\* ...} group, which RTF marks
 * as one a reader may skip when it does not know it.  Headers and
 * footers are skipped too: they repeat on every page (a running title,
 * "page 3 of 9") and would add the same passage to many results, as the
 * slide numbers and footers the PowerPoint reader leaves out would.  The
 * title and date come from {\info{\title ...}{\creatim\yr\mo\dy}} (else
 * the revision time), and without a title the first heading is one.
 *
 * As with office files the text has no lines in the file (a writer
 * breaks RTF lines anywhere): the extracted text is its own source, and
 * a passage's line is the number of its paragraph.
 *
 * Hostile input: every step moves forward through the bytes, so the work
 * is linear in the input; \binN skips at most what is left; numeric
 * parameters are clamped to 32 bits, however many digits they have; a
 * backslash or a \' escape cut off by the end of the file is no text;
 * braces left open at the end close there, and a brace that closes the
 * document's group ends it (what follows is not read); groups nested
 * deeper than RTF_MAX_DEPTH, which no document written by a program
 * comes near, stop the file with an error.  Every character written is
 * valid UTF-8: unpaired surrogates and out-of-range \uN are U+FFFD, NUL
 * and other control characters are left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>

#include "parse.h"

#define RTF_MAX_DEPTH 1000

/* Where the text of a group goes. */
typedef enum {
    DEST_BODY,    /* the document's text */
    DEST_NOTE,    /* a footnote or endnote */
    DEST_INFO,    /* the \info group: only its title and dates are read */
    DEST_TITLE,   /* \info's \title */
    DEST_CREATED, /* \info's \creatim: \yr, \mo and \dy */
    DEST_REVISED, /* \info's \revtim */
    DEST_SKIP     /* not text */
} rtf_dest;

/* What RTF scopes to a group: a group starts with its parent's. */
typedef struct {
    rtf_dest dest;
    int32_t uc;  /* characters of fallback after \uN (\ucN; 1 by default) */
    int heading; /* \outlinelevel 0-8 is in effect for the paragraph */
} rtf_group;

typedef struct {
    int32_t y, m, d;
} rtf_date;

typedef struct {
    const unsigned char *s;
    size_t len, i;
    accsi_parsed *p;
    rtf_group groups[RTF_MAX_DEPTH + 1]; /* [0]: outside the document */
    size_t depth;
    int32_t skip;   /* fallback characters still to skip after a \uN */
    uint32_t high;  /* a high surrogate from \uN awaiting its low half */
    accsi_buf para; /* the body paragraph being read */
    accsi_buf note; /* the note paragraph being read */
    accsi_buf title;
    accsi_parsed notes; /* the notes read, a block each */
    rtf_date created, revised;
    int ended; /* the document's group has closed */
    /* The characters of bytes 0x80-0xFF in the document's code page
     * (\ansicpgN; Windows-1252 unless it names another). */
    uint32_t high_chars[128];
    int32_t code_page; /* the N of the table, 0 before the first */
} rtf_reader;

/* ---- characters ---- */

/* A byte of the document's code page as a character. */
static uint32_t
byte_char(const rtf_reader *r, unsigned char b)
{
    return b < 0x80 ? b : r->high_chars[b - 0x80];
}

/* Bytes above 0x7F, in \'hh or as they stand, are characters of the code
 * page \ansicpgN names: Windows-1252 (Word's in Western Europe and
 * America) until it names another.  Single-byte code pages that ICU
 * knows (1250 Central European, 1251 Cyrillic, 1253 Greek, ...) are
 * read as such; others (the double-byte ones of East Asia) stay 1252: a
 * wrong accent beats a file not read, and what such a document writes as
 * \uN (with \'hh only as the skipped fallback) comes out right anyway.
 * A byte the code page leaves undefined is U+FFFD. */
static void
code_page(rtf_reader *r, int32_t n)
{
    if (n == r->code_page) /* once per change, however often it is said */
        return;
    r->code_page = n;
    for (unsigned b = 0x80; b <= 0xFF; b++)
        r->high_chars[b - 0x80] = accsi_cp1252_char((unsigned char)b);
    if (n == 1252 || n <= 0 || n > 65535)
        return;
    char name[32];
    snprintf(name, sizeof name, "windows-%d", (int)n);
    UErrorCode e = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(name, &e);
    if (U_FAILURE(e) || !cnv || ucnv_getMaxCharSize(cnv) != 1) {
        if (cnv)
            ucnv_close(cnv);
        return;
    }
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in = (char)b;
        UChar out[2];
        e = U_ZERO_ERROR;
        ucnv_reset(cnv);
        int32_t k = ucnv_toUChars(cnv, out, 2, &in, 1, &e);
        r->high_chars[b - 0x80] =
            U_SUCCESS(e) && k == 1 && out[0] != 0x1A ? out[0] : 0xFFFD;
    }
    ucnv_close(cnv);
}

static rtf_group *
top(rtf_reader *r)
{
    return &r->groups[r->depth];
}

/* The buffer the current group's text goes to; NULL when it is no text. */
static accsi_buf *
sink(rtf_reader *r)
{
    switch (top(r)->dest) {
    case DEST_BODY:
        return &r->para;
    case DEST_NOTE:
        return &r->note;
    case DEST_TITLE:
        return &r->title;
    default:
        return NULL;
    }
}

/* A high surrogate that no low half followed is a character that cannot
 * be read. */
static void
drop_high(rtf_reader *r)
{
    accsi_buf *b = sink(r);
    if (r->high && b)
        accsi_buf_add_utf8(b, 0xFFFD);
    r->high = 0;
}

/* Write character `c` of the current group.  \uN gives UTF-16 code
 * units: a high surrogate waits for the low one that makes a pair. */
static void
emit(rtf_reader *r, uint32_t c)
{
    int orphan;
    c = accsi_utf16_join(&r->high, c, &orphan);
    accsi_buf *b = sink(r);
    if (orphan && b)
        accsi_buf_add_utf8(b, 0xFFFD);
    if (c == ACCSI_UTF16_WAIT)
        return;
    /* Control characters (a NUL would end C strings) are no text; the
     * white space among them is a space. */
    if (c < 0x20 || c == 0x7F) {
        if (c != '\t' && c != '\n' && c != '\r')
            return;
        c = ' ';
    }
    if (b)
        accsi_buf_add_utf8(b, c);
}

/* ---- paragraphs ---- */

/* Move a paragraph's text into `to` as a block; NUL-free, so its words
 * can be added as a string. */
static void
flush(accsi_parsed *to, accsi_buf *b, int heading)
{
    if (b->len)
        accsi_parsed_add_words(to, b->data, UINT64_MAX);
    accsi_parsed_end_block(to, heading);
    if (b->failed)
        to->failed = 1;
    accsi_buf_clear(b);
}

static void
end_paragraph(rtf_reader *r)
{
    drop_high(r);
    switch (top(r)->dest) {
    case DEST_BODY:
        flush(r->p, &r->para, top(r)->heading);
        break;
    case DEST_NOTE:
        flush(&r->notes, &r->note, 0);
        break;
    case DEST_TITLE:
        accsi_buf_addc(&r->title, ' ');
        break;
    default:
        break;
    }
}

/* ---- groups ---- */

static int
open_group(rtf_reader *r)
{
    if (r->depth == RTF_MAX_DEPTH)
        return 0;
    r->groups[r->depth + 1] = r->groups[r->depth];
    r->depth++;
    return 1;
}

static void
close_group(rtf_reader *r)
{
    if (r->depth == 0) /* not reached: reading stops when the document ends */
        return;
    /* A footnote sits inside the paragraph that cites it; its text is a
     * paragraph of its own, whatever it ends with. */
    int note_ends = top(r)->dest == DEST_NOTE && r->groups[r->depth - 1].dest != DEST_NOTE;
    if (note_ends)
        drop_high(r);
    r->depth--;
    if (note_ends)
        flush(&r->notes, &r->note, 0);
    if (r->depth == 0)
        r->ended = 1;
}

/* ---- control words ---- */

typedef enum {
    W_PAR,      /* ends a paragraph (or a table cell) */
    W_CHAR,     /* stands for the character `c` */
    W_U,        /* \uN: a UTF-16 code unit, then \ucN fallback characters */
    W_UC,       /* \ucN */
    W_SKIP,     /* a destination that is not text */
    W_INFO,     /* \info */
    W_TITLE,    /* \title, in \info */
    W_CREATED,  /* \creatim, in \info */
    W_REVISED,  /* \revtim, in \info */
    W_YEAR,     /* \yrN, in a date */
    W_MONTH,    /* \moN */
    W_DAY,      /* \dyN */
    W_FOOTNOTE, /* \footnote (also an endnote's) */
    W_OUTLINE,  /* \outlinelevelN: 0-8 make the paragraph a heading */
    W_PARD,     /* \pard: the paragraph's properties back to the default */
    W_CODEPAGE  /* \ansicpgN: the code page of \'hh and of bytes above 0x7F */
} rtf_word_kind;

typedef struct {
    const char *name;
    rtf_word_kind kind;
    uint32_t c; /* for W_CHAR */
} rtf_word;

/* Control words not here (formatting, most of RTF) change nothing in
 * the text. */
static const rtf_word words[] = {
    {"par", W_PAR, 0},
    {"sect", W_PAR, 0},
    {"page", W_PAR, 0},
    /* A table cell is a block, so its words do not run into the next
     * cell's; the end of a row ends the last one. */
    {"cell", W_PAR, 0},
    {"row", W_PAR, 0},
    {"nestcell", W_PAR, 0},
    {"nestrow", W_PAR, 0},
    {"line", W_CHAR, ' '},
    {"tab", W_CHAR, ' '},
    {"column", W_CHAR, ' '},
    {"softline", W_CHAR, ' '},
    {"emdash", W_CHAR, 0x2014},
    {"endash", W_CHAR, 0x2013},
    {"emspace", W_CHAR, 0x2003},
    {"enspace", W_CHAR, 0x2002},
    {"qmspace", W_CHAR, 0x2005},
    {"bullet", W_CHAR, 0x2022},
    {"lquote", W_CHAR, 0x2018},
    {"rquote", W_CHAR, 0x2019},
    {"ldblquote", W_CHAR, 0x201C},
    {"rdblquote", W_CHAR, 0x201D},
    {"u", W_U, 0},
    {"uc", W_UC, 0},
    {"info", W_INFO, 0},
    {"title", W_TITLE, 0},
    {"creatim", W_CREATED, 0},
    {"revtim", W_REVISED, 0},
    {"yr", W_YEAR, 0},
    {"mo", W_MONTH, 0},
    {"dy", W_DAY, 0},
    {"footnote", W_FOOTNOTE, 0},
    {"outlinelevel", W_OUTLINE, 0},
    {"pard", W_PARD, 0},
    {"ansicpg", W_CODEPAGE, 0},
    /* Tables of fonts, colours, styles, lists and revisions; pictures,
     * objects and the data Word keeps beside the text. */
    {"fonttbl", W_SKIP, 0},
    {"colortbl", W_SKIP, 0},
    {"stylesheet", W_SKIP, 0},
    {"listtable", W_SKIP, 0},
    {"listoverridetable", W_SKIP, 0},
    {"rsidtbl", W_SKIP, 0},
    {"revtbl", W_SKIP, 0},
    {"filetbl", W_SKIP, 0},
    {"generator", W_SKIP, 0},
    {"pict", W_SKIP, 0},
    {"object", W_SKIP, 0},
    {"themedata", W_SKIP, 0},
    {"colorschememapping", W_SKIP, 0},
    {"datastore", W_SKIP, 0},
    {"latentstyles", W_SKIP, 0},
    {"xmlnstbl", W_SKIP, 0},
    {"mmathPr", W_SKIP, 0},
    /* Headers and footers repeat on every page (see the top). */
    {"header", W_SKIP, 0},
    {"headerl", W_SKIP, 0},
    {"headerr", W_SKIP, 0},
    {"headerf", W_SKIP, 0},
    {"footer", W_SKIP, 0},
    {"footerl", W_SKIP, 0},
    {"footerr", W_SKIP, 0},
    {"footerf", W_SKIP, 0},
    /* The rule between body and notes, and its continuation notice. */
    {"ftnsep", W_SKIP, 0},
    {"ftnsepc", W_SKIP, 0},
    {"ftncn", W_SKIP, 0},
    {"aftnsep", W_SKIP, 0},
    {"aftnsepc", W_SKIP, 0},
    {"aftncn", W_SKIP, 0},
    /* A field's code; its result (\fldrslt) is the text shown. */
    {"fldinst", W_SKIP, 0},
    /* Index and table-of-contents entries: hidden copies of words. */
    {"xe", W_SKIP, 0},
    {"tc", W_SKIP, 0},
    /* A nested table again, for readers that do not know \nestcell. */
    {"nonesttables", W_SKIP, 0},
};

static const rtf_word *
find_word(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strncmp(words[k].name, w, n) == 0 && words[k].name[n] == '\0')
            return &words[k];
    return NULL;
}

/* \uN: N is a signed 16-bit number (Word writes U+E9 as \u233 and
 * U+F020 as \u-4064); anything else is a character that cannot be
 * read.  The \ucN characters after it are the same text for readers
 * without Unicode, and skipped. */
static void
unicode(rtf_reader *r, int32_t n)
{
    emit(r, n < -32768 || n > 65535 ? 0xFFFD : (uint32_t)(n < 0 ? n + 65536 : n));
    r->skip = top(r)->uc;
}

static void
date_part(rtf_reader *r, rtf_word_kind kind, int32_t v)
{
    rtf_dest d = top(r)->dest;
    rtf_date *date = d == DEST_CREATED ? &r->created : d == DEST_REVISED ? &r->revised : NULL;
    if (!date)
        return;
    if (kind == W_YEAR)
        date->y = v;
    else if (kind == W_MONTH)
        date->m = v;
    else
        date->d = v;
}

/* A destination word: the group's text goes there from now on.  The
 * title and dates count only inside \info, a note only where text is. */
static void
destination(rtf_group *g, rtf_word_kind kind)
{
    if (kind == W_SKIP)
        g->dest = DEST_SKIP;
    else if (kind == W_INFO && g->dest != DEST_SKIP)
        g->dest = DEST_INFO;
    else if (g->dest == DEST_INFO)
        g->dest = kind == W_TITLE     ? DEST_TITLE
                  : kind == W_CREATED ? DEST_CREATED
                  : kind == W_REVISED ? DEST_REVISED
                                      : DEST_INFO;
    else if (kind == W_FOOTNOTE && g->dest == DEST_BODY)
        g->dest = DEST_NOTE;
}

static void
control_word(rtf_reader *r, const char *w, size_t n, int has_param, int32_t param)
{
    const rtf_word *word = find_word(w, n);
    if (!word)
        return;
    rtf_group *g = top(r);
    switch (word->kind) {
    case W_PAR:
        end_paragraph(r);
        break;
    case W_CHAR:
        emit(r, word->c);
        break;
    case W_U:
        if (has_param)
            unicode(r, param);
        break;
    case W_UC:
        g->uc = !has_param ? 1 : param < 0 ? 0 : param;
        break;
    case W_YEAR:
    case W_MONTH:
    case W_DAY:
        date_part(r, word->kind, param);
        break;
    case W_OUTLINE:
        g->heading = param >= 0 && param <= 8;
        break;
    case W_CODEPAGE:
        if (has_param)
            code_page(r, param);
        break;
    case W_PARD:
        g->heading = 0;
        break;
    default:
        destination(g, word->kind);
        break;
    }
}

static int
is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* A control word's numeric parameter at `i`: an optional minus and
 * digits, clamped to 32 bits however many digits there are.  Returns the
 * offset after it. */
static size_t
read_param(const unsigned char *s, size_t len, size_t i, int *has, int32_t *out)
{
    int neg = i + 1 < len && s[i] == '-' && is_digit(s[i + 1]);
    i += (size_t)neg;
    *has = i < len && is_digit(s[i]);
    int64_t v = 0;
    for (; i < len && is_digit(s[i]); i++)
        if (v <= INT32_MAX)
            v = v * 10 + (s[i] - '0');
    if (v > INT32_MAX)
        v = INT32_MAX;
    *out = (int32_t)(neg ? -v : v);
    return i;
}

/* \binN: N bytes of binary data follow, never text; a hostile N is cut
 * to what is left. */
static void
skip_binary(rtf_reader *r, int32_t n)
{
    size_t left = r->len - r->i;
    r->i += n <= 0 ? 0 : (size_t)n < left ? (size_t)n : left;
}

static int
hex_value(unsigned char c)
{
    return is_digit(c) ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* \'hh: a byte of the document's code page (see code_page). */
static void
hex_byte(rtf_reader *r)
{
    int hi = r->i < r->len ? hex_value(r->s[r->i]) : -1;
    int lo = hi >= 0 && r->i + 1 < r->len ? hex_value(r->s[r->i + 1]) : -1;
    r->i += (size_t)(hi >= 0) + (size_t)(lo >= 0);
    if (r->skip) {
        r->skip--;
        return;
    }
    if (lo >= 0) /* else a broken escape, no character */
        emit(r, byte_char(r, (unsigned char)(hi << 4 | lo)));
}

/* A backslash and a character that is not a letter. */
static void
control_symbol(rtf_reader *r)
{
    unsigned char c = r->s[r->i++];
    if (c == '\'') {
        hex_byte(r);
        return;
    }
    if (r->skip) {
        r->skip--;
        return;
    }
    switch (c) {
    case '~': /* non-breaking space */
        emit(r, 0x00A0);
        break;
    case '_': /* non-breaking hyphen */
        emit(r, 0x2011);
        break;
    case '*': /* a destination the reader may skip if it does not know it */
        top(r)->dest = DEST_SKIP;
        break;
    case '\\':
    case '{':
    case '}':
        emit(r, c);
        break;
    case '\n': /* a backslash before a line end is \par */
    case '\r':
        end_paragraph(r);
        break;
    case '\t':
        emit(r, ' ');
        break;
    default:
        /* \- (an optional hyphen: the word is whole without it), \| and
         * \: (formula and index marks) and unknown symbols: no text. */
        break;
    }
}

static void
control(rtf_reader *r)
{
    const unsigned char *s = r->s;
    size_t i = ++r->i;
    if (i >= r->len) /* a backslash at the very end */
        return;
    if (!is_letter(s[i])) {
        control_symbol(r);
        return;
    }
    size_t start = i;
    while (i < r->len && is_letter(s[i]))
        i++;
    size_t n = i - start;
    int has_param;
    int32_t param;
    i = read_param(s, r->len, i, &has_param, &param);
    if (i < r->len && s[i] == ' ') /* the delimiter belongs to the word */
        i++;
    r->i = i;
    /* Binary data is skipped wherever it is, also inside fallback text. */
    if (n == 3 && memcmp(s + start, "bin", 3) == 0)
        skip_binary(r, param);
    if (r->skip) {
        r->skip--;
        return;
    }
    control_word(r, (const char *)s + start, n, has_param, param);
}

/* ---- plain characters ---- */

/* The length of the valid UTF-8 sequence of two or more bytes at `s`,
 * or 0. */
static size_t
utf8_length(const unsigned char *s, size_t len)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    return n && n <= len && accsi_utf8_valid((const char *)s, n) ? n : 0;
}

static uint32_t
utf8_decode(const unsigned char *s, size_t n)
{
    uint32_t c = s[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; k++)
        c = c << 6 | (s[k] & 0x3F);
    return c;
}

/* A character of text as it stands.  RTF is 7-bit and writes others as
 * \'hh or \uN, but some programs write them as they are: a valid UTF-8
 * sequence is read as UTF-8, any other byte above 0x7F in the document's
 * code page (see code_page).  Line ends are no text in RTF (writers break lines
 * anywhere, even inside words), and neither are NUL bytes. */
static void
text(rtf_reader *r)
{
    const unsigned char *s = r->s + r->i;
    size_t n = s[0] < 0x80 ? 1 : utf8_length(s, r->len - r->i);
    r->i += n ? n : 1;
    if (s[0] == '\n' || s[0] == '\r' || s[0] == '\0')
        return;
    if (r->skip) {
        r->skip--;
        return;
    }
    emit(r, s[0] < 0x80 ? s[0] : n ? utf8_decode(s, n) : byte_char(r, s[0]));
}

/* ---- the document ---- */

/* Where "{\rtf" starts in `src` (after a UTF-8 byte-order mark and white
 * space at most), or SIZE_MAX when it does not open with it. */
static size_t
rtf_start(const char *src, size_t len)
{
    size_t i = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r' || src[i] == '\n'))
        i++;
    return len - i >= 5 && memcmp(src + i, "{\\rtf", 5) == 0 ? i : SIZE_MAX;
}

int
accsi_rtf_sniff(const char *head, size_t len)
{
    return rtf_start(head, len) != SIZE_MAX;
}

static accs_status
read_document(rtf_reader *r, accsi_err *err)
{
    while (r->i < r->len && !r->ended && !r->p->failed) {
        unsigned char c = r->s[r->i];
        if (c == '{' || c == '}') {
            r->i++;
            r->skip = 0; /* fallback text does not cross a brace */
            if (c == '}')
                close_group(r);
            else if (!open_group(r))
                return accsi_err_set(err, ACCS_EINVAL,
                                     "not a readable RTF file: groups nested more than %d deep",
                                     RTF_MAX_DEPTH);
        } else if (c == '\\') {
            control(r);
        } else {
            text(r);
        }
    }
    return ACCS_OK;
}

/* "YYYY-MM-DD" (or "YYYY-MM" without a day) from an \info time, or NULL. */
static char *
date_string(const rtf_date *d)
{
    char s[48];
    if (d->y < 1000 || d->y > 9999 || d->m < 1 || d->m > 12)
        return NULL;
    if (d->d >= 1 && d->d <= 31)
        snprintf(s, sizeof s, "%04d-%02d-%02d", (int)d->y, (int)d->m, (int)d->d);
    else
        snprintf(s, sizeof s, "%04d-%02d", (int)d->y, (int)d->m);
    return accsi_date_dup(s);
}

/* The last paragraphs, the notes after the body, title and date. */
static void
finish(rtf_reader *r)
{
    accsi_parsed *p = r->p;
    drop_high(r);
    flush(p, &r->para, top(r)->heading);
    flush(&r->notes, &r->note, 0);
    for (size_t b = 0; b < r->notes.n_blocks; b++) {
        accsi_parsed_add(p, r->notes.text.data + r->notes.blocks[b].start,
                         r->notes.blocks[b].end - r->notes.blocks[b].start, UINT64_MAX);
        accsi_parsed_end_block(p, 0);
    }
    if (r->notes.failed || r->title.failed)
        p->failed = 1;
    p->title = r->title.len ? accsi_words_dup(r->title.data) : NULL;
    if (!p->title && p->n_blocks && p->blocks[0].is_heading)
        p->title = accsi_strndup(p->text.data + p->blocks[0].start,
                                 p->blocks[0].end - p->blocks[0].start);
    p->date = date_string(&r->created);
    if (!p->date)
        p->date = date_string(&r->revised);
}

accs_status
accsi_parse_rtf(accsi_parsed *p, const char *src, size_t len, accsi_err *err)
{
    size_t start = rtf_start(src, len);
    if (start == SIZE_MAX)
        return accsi_err_set(err, ACCS_EINVAL, "not an RTF file: it does not start with {\\rtf");
    rtf_reader *r = calloc(1, sizeof *r);
    if (!r)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    r->s = (const unsigned char *)src;
    r->len = len;
    r->i = start;
    r->p = p;
    r->groups[0].dest = DEST_BODY;
    r->groups[0].uc = 1;
    code_page(r, 1252);
    accsi_buf_init(&r->para);
    accsi_buf_init(&r->note);
    accsi_buf_init(&r->title);
    accsi_parsed_init(&r->notes);
    accs_status st = read_document(r, err);
    if (st == ACCS_OK)
        finish(r);
    accsi_buf_free(&r->para);
    accsi_buf_free(&r->note);
    accsi_buf_free(&r->title);
    accsi_parsed_free(&r->notes);
    free(r);
    if (st == ACCS_OK && (p->failed || !accsi_parsed_text_is_source(p)))
        st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    return st;
}
