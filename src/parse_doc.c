/* SPDX-License-Identifier: MIT */
/* Parse stage for Word 97-2003 documents (.doc, .dot).
 *
 * Such a file is an OLE2 compound file: a small FAT file system inside
 * the file, whose streams hold the document.  The container is opened by
 * libgsf in the module accsearch-doc.so (doc_module.h, doc_gsf.c), which
 * hands over the streams asked for; what they mean is read here, from
 * Microsoft's published descriptions of the format ([MS-DOC]) and of the
 * summary information's property set ([MS-OLEPS]), where the title and
 * the creation date are.
 *
 * The WordDocument stream opens with the FIB, the table of where
 * everything is: how many characters the main text, the footnotes, the
 * headers and the other parts ("subdocuments") have, one after another
 * in character positions (CPs), and where in the table stream (0Table or
 * 1Table, as the FIB says) the piece table is.  The piece table maps runs
 * of CPs to bytes of the WordDocument stream, each run either 8-bit
 * Windows-1252 text or UTF-16LE.
 *
 * Kept: the main text's paragraphs, one block each; table cells, a block
 * each as in the other Word readers; a field's visible result (a link's
 * text, a date) without its instruction (the link's address); then the
 * footnotes and the endnotes, a block per paragraph, after the body as
 * the .docx reader puts them.  Skipped: headers and footers (they repeat
 * on every page, see parse_rtf.c), comments, text boxes, pictures and
 * embedded objects, and formatting (so no paragraph is known to be a
 * heading).  The language is left to the text: the FIB's language id is
 * that of the Word that saved the file, not of the document.
 *
 * As with the other office files, the text has no lines in the file: it
 * is its own source, and a passage's line is the number of its paragraph.
 *
 * Hostile input: every offset, length and count is checked against the
 * stream it points into before it is used, in 64-bit arithmetic; the CPs
 * of the piece table must rise and its pieces must not share bytes; and
 * the text read is at most one character per byte of the WordDocument
 * stream, which each character takes at least.  A file that breaks one of
 * these is refused with a message saying which, never read in part. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "doc_module.h"
#include "parse.h"

/* ---- the module ---- */

static accsi_module doc_module =
    ACCSI_MODULE_INIT(ACCSI_DOC_MODULE, ACCSI_DOC_ENTRY, "Word documents");

/* ---- reading little-endian numbers, bounded ---- */

typedef struct {
    const unsigned char *s;
    size_t len;
} bytes;

/* The 16- or 32-bit number at `off`; 0 when it lies (partly) past the
 * end, which callers have checked against. */
static uint32_t
u16_at(bytes b, uint64_t off)
{
    return off + 2 <= b.len ? (uint32_t)b.s[off] | (uint32_t)b.s[off + 1] << 8 : 0;
}

static uint32_t
u32_at(bytes b, uint64_t off)
{
    return off + 4 <= b.len ? u16_at(b, off) | u16_at(b, off + 2) << 16 : 0;
}

/* ---- the FIB ---- */

#define FIB_IDENT 0xA5EC
#define FIB_WORD97 0x00C1 /* nFib of Word 97; later versions write more */
#define FIB_ENCRYPTED 0x0100
#define FIB_TABLE1 0x0200 /* fWhichTblStm: the table stream is 1Table */
#define FIB_OBFUSCATED 0x8000

/* FibRgLw97: the character counts of the subdocuments, in their order. */
enum { LW_CCP_TEXT = 3, LW_CCP_FTN, LW_CCP_HDD, LW_CCP_MCR, LW_CCP_ATN, LW_CCP_EDN,
       LW_COUNT = 11 };
/* FibRgFcLcb97: the Clx (the piece table) is the 34th offset-length pair. */
#define FCLCB_CLX 33

typedef struct {
    uint32_t ccp[LW_COUNT];
    int table1;        /* the table stream is 1Table, not 0Table */
    uint32_t fc_clx;   /* where the Clx is in the table stream */
    uint32_t lcb_clx;  /* and its length */
} fib;

/* Read the FIB at the start of the WordDocument stream: ACCS_OK, or an
 * error saying what is wrong with it. */
static accs_status
read_fib(bytes w, fib *f, accsi_err *err)
{
    if (w.len < 34 || u16_at(w, 0) != FIB_IDENT)
        return accsi_err_set(err, ACCS_EINVAL, "not a Word document: its WordDocument "
                                               "stream does not open with a Word header");
    uint32_t nfib = u16_at(w, 2), flags = u16_at(w, 10);
    if (flags & (FIB_ENCRYPTED | FIB_OBFUSCATED))
        return accsi_err_set(err, ACCS_EINVAL, "encrypted Word document: not read");
    if (nfib < FIB_WORD97)
        return accsi_err_set(err, ACCS_EINVAL, "a Word document older than Word 97 "
                                               "(Word 6 or 95): not read");
    f->table1 = (flags & FIB_TABLE1) != 0;
    /* Three arrays follow, each after its count: 16-bit values (skipped),
     * 32-bit ones (the counts of characters), and offset-length pairs. */
    uint64_t off = 32;
    uint64_t csw = u16_at(w, off);
    off += 2 + csw * 2;
    uint64_t cslw = u16_at(w, off);
    if (off + 2 > w.len || cslw < LW_COUNT || off + 2 + cslw * 4 > w.len)
        return accsi_err_set(err, ACCS_EINVAL, "damaged Word document: its header is cut short");
    for (size_t i = 0; i < LW_COUNT; i++)
        f->ccp[i] = u32_at(w, off + 2 + i * 4);
    off += 2 + cslw * 4;
    uint64_t pairs = u16_at(w, off);
    if (off + 2 > w.len || pairs <= FCLCB_CLX || off + 2 + pairs * 8 > w.len)
        return accsi_err_set(err, ACCS_EINVAL, "damaged Word document: its header is cut short");
    f->fc_clx = u32_at(w, off + 2 + FCLCB_CLX * 8);
    f->lcb_clx = u32_at(w, off + 2 + FCLCB_CLX * 8 + 4);
    return ACCS_OK;
}

/* ---- the piece table ---- */

typedef struct {
    uint32_t cp_start, cp_end; /* the CPs of the piece: [start, end) */
    uint64_t fc;               /* where its text starts in WordDocument */
    int compressed;            /* 8-bit Windows-1252, not UTF-16LE */
} piece;

typedef struct {
    piece *p;
    size_t n;
} pieces;

#define CLX_PRC 0x01  /* formatting kept with the pieces: skipped */
#define CLX_PCDT 0x02 /* the piece table */
#define PCD_COMPRESSED 0x40000000u
#define PCD_FC_MASK 0x3FFFFFFFu

static accs_status
damaged(accsi_err *err, const char *what)
{
    return accsi_err_set(err, ACCS_EINVAL, "damaged Word document: %s", what);
}

/* Where the PlcPcd starts in the Clx and its length: after the Prcs,
 * the Pcdt's type byte and length. */
static accs_status
find_plcpcd(bytes clx, uint64_t *start, uint64_t *len, accsi_err *err)
{
    uint64_t i = 0;
    while (i < clx.len && clx.s[i] == CLX_PRC) {
        uint32_t cb = u16_at(clx, i + 1); /* a signed 16-bit size: 0x8000 up is negative */
        if (i + 3 > clx.len || cb > 0x7FFF)
            return damaged(err, "its piece table is cut short");
        i += 3 + cb;
    }
    if (i >= clx.len || clx.s[i] != CLX_PCDT || i + 5 > clx.len)
        return damaged(err, "it has no piece table");
    *len = u32_at(clx, i + 1);
    *start = i + 5;
    if (*len > clx.len - *start)
        return damaged(err, "its piece table is longer than the table stream holds");
    /* n+1 CPs of 4 bytes and n descriptors of 8: 4 + 12n bytes, n >= 1. */
    if (*len < 16 || (*len - 4) % 12 != 0)
        return damaged(err, "its piece table has a length no piece table has");
    return ACCS_OK;
}

static int
by_fc(const void *a, const void *b)
{
    const piece *x = a, *y = b;
    return x->fc < y->fc ? -1 : x->fc > y->fc;
}

/* The bytes of a piece's text in WordDocument: [fc, fc + bytes). */
static uint64_t
piece_bytes(const piece *p)
{
    return (uint64_t)(p->cp_end - p->cp_start) * (p->compressed ? 1 : 2);
}

/* No two pieces share bytes of the stream: each character is read once,
 * so the text is at most as long as the stream (checked on a copy sorted
 * by offset; the pieces stay in CP order). */
static accs_status
check_overlap(const pieces *t, accsi_err *err)
{
    piece *s = malloc(t->n * sizeof *s);
    if (!s)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    memcpy(s, t->p, t->n * sizeof *s);
    qsort(s, t->n, sizeof *s, by_fc);
    int overlap = 0;
    for (size_t k = 1; k < t->n && !overlap; k++)
        overlap = s[k - 1].fc + piece_bytes(&s[k - 1]) > s[k].fc;
    free(s);
    return overlap ? damaged(err, "two pieces of its text share the same bytes") : ACCS_OK;
}

/* Read the piece table of `clx` (already within the table stream): CPs
 * rising, each piece's bytes inside WordDocument (`w_len` bytes). */
static accs_status
read_pieces(bytes clx, size_t w_len, pieces *t, accsi_err *err)
{
    uint64_t start = 0, len = 0;
    accs_status st = find_plcpcd(clx, &start, &len, err);
    if (st != ACCS_OK)
        return st;
    bytes plc = {clx.s + start, (size_t)len};
    size_t n = (size_t)((len - 4) / 12);
    t->p = malloc(n * sizeof *t->p);
    if (!t->p)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    t->n = n;
    for (size_t k = 0; k < n; k++) {
        piece *p = &t->p[k];
        p->cp_start = u32_at(plc, k * 4);
        p->cp_end = u32_at(plc, (k + 1) * 4);
        if (p->cp_end <= p->cp_start || (k == 0 && p->cp_start != 0))
            return damaged(err, "the positions in its piece table do not rise");
        uint32_t fc = u32_at(plc, (n + 1) * 4 + k * 8 + 2);
        p->compressed = (fc & PCD_COMPRESSED) != 0;
        /* 8-bit text is at half the offset the descriptor gives. */
        p->fc = p->compressed ? (fc & PCD_FC_MASK) / 2 : fc & PCD_FC_MASK;
        if (p->fc + piece_bytes(p) > w_len)
            return damaged(err, "a piece of its text lies past the end of the WordDocument "
                                "stream");
    }
    return check_overlap(t, err);
}

/* ---- characters ---- */

typedef struct {
    accsi_parsed *p;
    accsi_buf para;     /* the paragraph being read */
    uint32_t high;      /* a high surrogate awaiting its low half */
    uint32_t fields;    /* fields open around this character */
    uint32_t hidden_at; /* the field (by depth) whose instruction this is, or 0 */
} doc_reader;

/* A high surrogate that no low half followed cannot be read. */
static void
drop_high(doc_reader *r)
{
    if (r->high && !r->hidden_at)
        accsi_buf_add_utf8(&r->para, 0xFFFD);
    r->high = 0;
}

/* The paragraph read so far as a block; NUL-free, so its words can be
 * added as a string. */
static void
end_paragraph(doc_reader *r)
{
    drop_high(r);
    if (r->para.len)
        accsi_parsed_add_words(r->p, r->para.data, UINT64_MAX);
    accsi_parsed_end_block(r->p, 0);
    if (r->para.failed)
        r->p->failed = 1;
    accsi_buf_clear(&r->para);
}

/* Fields nest: "{ HYPERLINK "url" }" is 0x13, the instruction, 0x14, the
 * result shown, 0x15 (the separator and result may be missing).  Only
 * the depth and the outermost field still in its instruction are kept:
 * text is hidden while that one is open. */
static void
field_begin(doc_reader *r)
{
    if (r->fields == UINT32_MAX)
        return;
    r->fields++;
    if (!r->hidden_at)
        r->hidden_at = r->fields;
}

static void
field_separator(doc_reader *r)
{
    if (r->fields && r->hidden_at == r->fields)
        r->hidden_at = 0;
}

static void
field_end(doc_reader *r)
{
    if (!r->fields)
        return;
    if (r->hidden_at == r->fields)
        r->hidden_at = 0;
    r->fields--;
}

/* Word's marks of structure: 1 when `c` was one. */
static int
special(doc_reader *r, uint32_t c)
{
    switch (c) {
    case 0x0D: /* end of a paragraph */
    case 0x07: /* end of a table cell, or of a row */
    case 0x0C: /* page or section break */
        end_paragraph(r);
        return 1;
    case 0x13:
        field_begin(r);
        return 1;
    case 0x14:
        field_separator(r);
        return 1;
    case 0x15:
        field_end(r);
        return 1;
    default:
        return 0;
    }
}

/* What a character of text is written as: the line break and tab are
 * spaces, the non-breaking hyphen a hyphen; the optional hyphen (the
 * word is whole without it), the marks of pictures, objects, footnote
 * references and the other control characters are nothing (0). */
static uint32_t
shown_as(uint32_t c)
{
    switch (c) {
    case 0x09:
    case 0x0B:
    case 0xA0:
        return ' ';
    case 0x1E:
        return '-';
    default:
        return c < 0x20 || c == 0x7F ? 0 : c;
    }
}

/* One UTF-16 code unit (or an 8-bit character, already in Unicode). */
static void
put_char(doc_reader *r, uint32_t c)
{
    int orphan;
    c = accsi_utf16_join(&r->high, c, &orphan);
    if (orphan && !r->hidden_at)
        accsi_buf_add_utf8(&r->para, 0xFFFD);
    if (c == ACCSI_UTF16_WAIT || special(r, c))
        return;
    c = shown_as(c);
    if (c && !r->hidden_at)
        accsi_buf_add_utf8(&r->para, c);
}

/* The text of CPs [from, to) of piece `p`. */
static void
read_piece_range(doc_reader *r, bytes w, const piece *p, uint32_t from, uint32_t to)
{
    const unsigned char *s = w.s + p->fc;
    for (uint32_t cp = from; cp < to && !r->p->failed; cp++) {
        size_t k = cp - p->cp_start;
        put_char(r, p->compressed ? accsi_cp1252_char(s[k])
                                  : (uint32_t)s[2 * k] | (uint32_t)s[2 * k + 1] << 8);
    }
}

/* A subdocument, CPs [from, to), as paragraphs; its fields and
 * surrogates do not run on into the next. */
static accs_status
read_range(doc_reader *r, bytes w, const pieces *t, uint32_t from, uint32_t to,
           accsi_err *err)
{
    if (from == to)
        return ACCS_OK;
    if (to > t->p[t->n - 1].cp_end)
        return damaged(err, "its text reaches past the end of its piece table");
    for (size_t k = 0; k < t->n && !r->p->failed; k++) {
        const piece *p = &t->p[k];
        uint32_t a = p->cp_start > from ? p->cp_start : from;
        uint32_t b = p->cp_end < to ? p->cp_end : to;
        if (a < b)
            read_piece_range(r, w, p, a, b);
    }
    end_paragraph(r);
    r->fields = r->hidden_at = 0;
    return ACCS_OK;
}

/* The main text, then the footnotes, then the endnotes.  Subdocuments
 * follow one another in CPs in the FIB's order: text, footnotes,
 * headers, macros, comments, endnotes. */
static accs_status
read_text(doc_reader *r, bytes w, const pieces *t, const fib *f, accsi_err *err)
{
    const uint32_t *c = f->ccp;
    uint64_t ftn = c[LW_CCP_TEXT];
    uint64_t edn = ftn + c[LW_CCP_FTN] + c[LW_CCP_HDD] + c[LW_CCP_MCR] + c[LW_CCP_ATN];
    uint64_t end = edn + c[LW_CCP_EDN];
    /* Every character takes a byte of the stream at least (the pieces
     * share none): a count beyond that is damage, not text. */
    if (end > w.len || end > UINT32_MAX)
        return damaged(err, "it counts more characters than its WordDocument stream holds");
    accs_status st = read_range(r, w, t, 0, (uint32_t)ftn, err);
    if (st == ACCS_OK)
        st = read_range(r, w, t, (uint32_t)ftn, (uint32_t)(ftn + c[LW_CCP_FTN]), err);
    if (st == ACCS_OK)
        st = read_range(r, w, t, (uint32_t)edn, (uint32_t)end, err);
    return st;
}

/* ---- the summary information ---- */

/* The "\005SummaryInformation" stream is a property set ([MS-OLEPS]): a
 * header, the offset of the set, and in the set a table of (property id,
 * offset) pairs, each offset leading to a type and a value.  Only the
 * title and the creation time are read; a set that cannot be read gives
 * neither, and the document is read without them. */
#define PID_CODEPAGE 1
#define PID_TITLE 2
#define PID_CREATED 12
#define VT_I2 0x0002
#define VT_LPSTR 0x001E
#define VT_LPWSTR 0x001F
#define VT_FILETIME 0x0040
#define CP_UTF16 1200
#define CP_UTF8 65001
#define TITLE_MAX 2048 /* bytes of a title read: a title is a line */

/* The offset of the value of property `pid` in the set at `set`, or 0
 * when there is none inside the stream.  The table is read only as far
 * as the stream goes, however many entries it claims. */
static uint64_t
property_at(bytes s, uint64_t set, uint32_t pid)
{
    uint64_t n = u32_at(s, set + 4);
    for (uint64_t k = 0; k < n && set + 16 + k * 8 <= s.len; k++) {
        if (u32_at(s, set + 8 + k * 8) != pid)
            continue;
        uint64_t at = set + u32_at(s, set + 12 + k * 8);
        return at + 8 <= s.len ? at : 0;
    }
    return 0;
}

/* A character of a title: control characters are spaces, unpaired
 * surrogates U+FFFD (`high` keeps a high one awaiting its low half). */
static void
title_char(accsi_buf *b, uint32_t c, uint32_t *high)
{
    int orphan;
    c = accsi_utf16_join(high, c, &orphan);
    if (orphan)
        accsi_buf_add_utf8(b, 0xFFFD);
    if (c == ACCSI_UTF16_WAIT)
        return;
    accsi_buf_add_utf8(b, c < 0x20 || c == 0x7F ? ' ' : c);
}

/* A string of `n` bytes (UTF-16LE when `wide`, else in code page `cp`)
 * as UTF-8 in `b`, up to its first NUL. */
static void
property_string(accsi_buf *b, const unsigned char *s, size_t n, int wide, uint32_t cp)
{
    uint32_t high = 0;
    if (wide) {
        for (size_t i = 0; i + 1 < n && (s[i] | s[i + 1]); i += 2)
            title_char(b, (uint32_t)s[i] | (uint32_t)s[i + 1] << 8, &high);
        title_char(b, ' ', &high); /* a high surrogate left at the end */
        return;
    }
    size_t len = 0;
    while (len < n && s[len])
        len++;
    if (cp == CP_UTF8 && accsi_utf8_valid((const char *)s, len)) {
        for (size_t i = 0; i < len; i++) /* control characters are spaces */
            accsi_buf_addc(b, s[i] < 0x20 || s[i] == 0x7F ? ' ' : (char)s[i]);
        return;
    }
    /* Windows-1252, and other code pages read as it (see parse_rtf.c). */
    for (size_t i = 0; i < len; i++)
        title_char(b, accsi_cp1252_char(s[i]), &high);
}

static char *
summary_title(bytes s, uint64_t set)
{
    uint64_t cp_at = property_at(s, set, PID_CODEPAGE);
    uint32_t cp = cp_at && u16_at(s, cp_at) == VT_I2 ? u16_at(s, cp_at + 4) : 1252;
    uint64_t at = property_at(s, set, PID_TITLE);
    uint32_t type = at ? u16_at(s, at) : 0;
    if (type != VT_LPSTR && type != VT_LPWSTR)
        return NULL;
    /* A count of bytes (in the set's code page) or of UTF-16 units. */
    uint64_t n = (uint64_t)u32_at(s, at + 4) * (type == VT_LPWSTR ? 2 : 1);
    if (n > s.len - (at + 8))
        return NULL;
    accsi_buf b;
    accsi_buf_init(&b);
    property_string(&b, s.s + at + 8, n < TITLE_MAX ? (size_t)n : TITLE_MAX,
                    type == VT_LPWSTR || cp == CP_UTF16, cp);
    char *title = b.len && !b.failed ? accsi_words_dup(b.data) : NULL;
    accsi_buf_free(&b);
    return title;
}

/* The creation time, a FILETIME (100 ns since 1601, in UTC), as
 * "YYYY-MM-DD"; none when it is not set. */
static char *
summary_created(bytes s, uint64_t set)
{
    uint64_t at = property_at(s, set, PID_CREATED);
    if (!at || u16_at(s, at) != VT_FILETIME || at + 12 > s.len)
        return NULL;
    uint64_t secs = ((uint64_t)u32_at(s, at + 4) | (uint64_t)u32_at(s, at + 8) << 32) / 10000000;
    const uint64_t epoch = 11644473600u; /* 1601 to 1970 */
    if (secs <= epoch)
        return NULL;
    time_t t = (time_t)(secs - epoch);
    struct tm tm;
    char ymd[64];
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
        return NULL;
    snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return accsi_date_dup(ymd);
}

/* Title and creation date from the summary information's first set,
 * when it is the summary information's (its format id says so). */
static void
read_summary(bytes s, char **title, char **date)
{
    static const unsigned char fmtid[16] = {0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10,
                                            0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9};
    if (s.len < 48 || u16_at(s, 0) != 0xFFFE || memcmp(s.s + 28, fmtid, 16) != 0)
        return;
    uint64_t set = u32_at(s, 44);
    if (set + 8 > s.len)
        return;
    *title = summary_title(s, set);
    *date = summary_created(s, set);
}

/* ---- the streams ---- */

typedef struct {
    accsi_buf word;  /* WordDocument */
    accsi_buf table; /* the table stream the FIB names */
    int table1;      /* that is 1Table (known once WordDocument is in) */
    int have_word, have_table;
    accsi_buf summary; /* \005SummaryInformation */
} doc_streams;

static int
on_stream(void *ctx, const char *name, const unsigned char *data, size_t len)
{
    doc_streams *d = ctx;
    accsi_buf *to = NULL;
    if (strcmp(name, "WordDocument") == 0) {
        to = &d->word;
        d->have_word = 1;
        /* fWhichTblStm, so that only the table stream in use is copied. */
        d->table1 = len >= 12 && (data[10] | data[11] << 8) & FIB_TABLE1;
    } else if (strcmp(name, d->table1 ? "1Table" : "0Table") == 0) {
        to = &d->table;
        d->have_table = 1;
    } else if (strcmp(name, "\005SummaryInformation") == 0) {
        to = &d->summary;
    }
    if (to)
        accsi_buf_add(to, data, len);
    return to && to->failed ? -1 : 0;
}

static void
streams_free(doc_streams *d)
{
    accsi_buf_free(&d->word);
    accsi_buf_free(&d->table);
    accsi_buf_free(&d->summary);
}

/* The container's streams and properties, through the module. */
static accs_status
open_container(const char *src, size_t len, doc_streams *d, accsi_err *err)
{
    void *sym = accsi_module_load(&doc_module, err);
    if (!sym)
        return ACCS_EINVAL;
    accsi_doc_read_fn module_read;
    _Static_assert(sizeof module_read == sizeof sym, "function and data pointers differ");
    memcpy(&module_read, &sym, sizeof sym);
    /* WordDocument first: its FIB says which table stream to keep. */
    static const char *const names[] = {"WordDocument", "0Table", "1Table",
                                        "\005SummaryInformation", NULL};
    accsi_doc_sink sink = {d, on_stream};
    char why[256] = "";
    if (module_read(src, len, names, &sink, why, sizeof why) != 0)
        return accsi_err_set(err, strcmp(why, "out of memory") == 0 ? ACCS_ENOMEM : ACCS_EINVAL,
                             "not a readable Word document: %s", why);
    if (!d->have_word)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a Word document: no WordDocument stream in the file");
    return ACCS_OK;
}

/* ---- the document ---- */

/* A stream's bytes; an empty one is no pointer into nothing. */
static bytes
stream_bytes(const accsi_buf *b)
{
    bytes s = {(const unsigned char *)(b->data ? b->data : ""), b->data ? b->len : 0};
    return s;
}

static accs_status
read_document(accsi_parsed *p, doc_streams *d, accsi_err *err)
{
    bytes w = stream_bytes(&d->word), table = stream_bytes(&d->table);
    fib f;
    memset(&f, 0, sizeof f);
    accs_status st = read_fib(w, &f, err);
    if (st != ACCS_OK)
        return st;
    if (!d->have_table)
        return accsi_err_set(err, ACCS_EINVAL, "damaged Word document: no %s stream",
                             f.table1 ? "1Table" : "0Table");
    if ((uint64_t)f.fc_clx + f.lcb_clx > table.len)
        return damaged(err, "its piece table lies past the end of the table stream");
    bytes clx = {table.s + f.fc_clx, f.lcb_clx};
    pieces t = {NULL, 0};
    st = read_pieces(clx, w.len, &t, err);
    if (st == ACCS_OK) {
        doc_reader r = {p, {0}, 0, 0, 0};
        accsi_buf_init(&r.para);
        st = read_text(&r, w, &t, &f, err);
        accsi_buf_free(&r.para);
    }
    free(t.p);
    return st;
}

accs_status
accsi_parse_doc(accsi_parsed *p, const char *src, size_t len, accsi_err *err)
{
    doc_streams d;
    memset(&d, 0, sizeof d);
    accsi_buf_init(&d.word);
    accsi_buf_init(&d.table);
    accsi_buf_init(&d.summary);
    accs_status st = open_container(src, len, &d, err);
    if (st == ACCS_OK)
        st = read_document(p, &d, err);
    if (st == ACCS_OK)
        read_summary(stream_bytes(&d.summary), &p->title, &p->date);
    streams_free(&d);
    if (st == ACCS_OK && (p->failed || !accsi_parsed_text_is_source(p)))
        st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    return st;
}

int
accsi_ole2_sniff(const char *head, size_t len)
{
    return len >= 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}
