/* SPDX-License-Identifier: MIT */
/* Parse stage: turn a file's bytes (plain text, Markdown or HTML) into
 * plain text blocks (paragraphs, headings, list items) plus metadata, and
 * keep a map from the extracted text back to byte offsets and lines of the
 * source. */
#ifndef ACCS_PARSE_H
#define ACCS_PARSE_H

#include <pthread.h>

#include "analyse.h"

/* ---- encodings (parse_encoding.c) ---- */
typedef enum {
    ACCSI_ENC_UTF8,    /* also UTF-8 with some invalid bytes, repaired */
    ACCSI_ENC_UTF16LE,
    ACCSI_ENC_UTF16BE,
    ACCSI_ENC_CP1252,  /* Windows-1252, which covers Latin-1's letters */
    ACCSI_ENC_BINARY   /* not text: not indexed */
} accsi_encoding;

/* The encoding of a file's bytes: a byte-order mark, or else the first
 * 8 KiB for zero bytes and control characters and the whole for UTF-8. */
accsi_encoding accsi_detect_encoding(const char *data, size_t len);
const char *accsi_encoding_name(accsi_encoding e);

/* The character Windows-1252 byte `b` stands for (Latin-1 above 0x9F);
 * U+FFFD for the five bytes it leaves undefined. */
uint32_t accsi_cp1252_char(unsigned char b);

/* UTF-16 code units (RTF's \uN, Word's text) joined into code points.
 * `*high` keeps a high surrogate until the unit after it.  Returns the
 * code point to write: a pair joined, the unit itself, or U+FFFD for a
 * lone low surrogate, U+FFFE, U+FFFF or a number beyond Unicode; or
 * ACCSI_UTF16_WAIT for a high surrogate now kept.  `*orphan` is set when
 * a high surrogate kept before had no low half: the caller writes U+FFFD
 * for it first. */
#define ACCSI_UTF16_WAIT UINT32_MAX
uint32_t accsi_utf16_join(uint32_t *high, uint32_t unit, int *orphan);

/* A file's text as UTF-8: UTF-16 or Windows-1252 converted, or UTF-8
 * with invalid sequences replaced by U+FFFD (ACCSI_ENC_UTF8); a NUL
 * becomes a space.  `map` holds checkpoints, pairs (offset in `text`,
 * file offset) every ACCSI_DECODE_STRIDE characters, from which
 * accsi_decoded_file_offset finds the file offset of any text offset by
 * reading the file again from the checkpoint; `lines` holds the file
 * offset of each line start. */
#define ACCSI_DECODE_STRIDE 64
typedef struct {
    accsi_buf text;
    uint64_t *map;
    size_t n_map;
    uint64_t *lines;
    size_t n_lines;
    unsigned n_replaced; /* characters that could not be read (U+FFFD) */
} accsi_decoded;

accs_status accsi_decode(const char *src, size_t len, accsi_encoding enc,
                         accsi_decoded *out);
void accsi_decoded_free(accsi_decoded *d);
uint64_t accsi_decoded_file_offset(const char *src, size_t len, accsi_encoding enc,
                                   const uint64_t *map, size_t n_map, uint64_t off);

typedef struct {
    size_t start;    /* byte range in accsi_parsed.text */
    size_t end;
    int is_heading;  /* a heading: merged into the passage that follows */
    int is_quote;    /* a mail's quotation of an earlier message ("> ..."),
                        or its signature: a passage of its own, ranked
                        below the writer's text */
} accsi_block;

/* A point where extracted text and source agree: text offset `text_off`
 * corresponds to source offset `src_off`. */
typedef struct {
    size_t text_off;
    uint64_t src_off;
} accsi_anchor;

/* A document inside a file (a message of an mbox): its passages have
 * their own title, date and collapse key, and name the line of the file
 * where it starts.  The file stays the unit of updates. */
typedef struct accsi_subdoc {
    char *title;   /* NULL if none */
    char *date;    /* "YYYY-MM" or "YYYY-MM-DD", or NULL */
    char *from;    /* see accsi_parsed */
    char *to;
    unsigned line; /* line of the file (1..) where it starts */
} accsi_subdoc;

typedef struct {
    accsi_buf text;          /* extracted text; blocks separated by "\n\n" */
    accsi_block *blocks;
    size_t n_blocks;
    size_t cap_blocks;
    accsi_anchor *anchors;   /* sorted by text_off */
    size_t n_anchors;
    size_t cap_anchors;
    uint64_t *line_starts;   /* source offset of each line start */
    size_t n_lines;
    uint64_t src_len;
    /* When the text parsed is not the file's bytes as they are (another
     * encoding, or invalid UTF-8 replaced): the file, borrowed, which must
     * outlive the lookups of accsi_parsed_src_offset, and the checkpoints
     * into it (see accsi_decoded). */
    const char *src;
    accsi_encoding src_enc;
    uint64_t *fix;
    size_t n_fix;
    const char *encoding;    /* the file's encoding, when not UTF-8 */
    uint64_t *page_starts;   /* source offset of each page start (PDF) */
    size_t n_pages;          /* 0: the format has no pages */
    /* When each page is a document of its own (the messages of an mbox
     * file): its title, date and line, one per page; otherwise NULL. */
    struct accsi_subdoc *subdocs;
    char *title;             /* NULL if none */
    char *date;              /* "YYYY-MM" or "YYYY-MM-DD", or NULL */
    char *from;              /* a mail's sender (From), for from:; or NULL */
    char *to;                /* its recipients (To and Cc), for to:; or NULL */
    accsi_lang lang;         /* declared language, or UNKNOWN */
    unsigned n_repaired;     /* invalid UTF-8 sequences replaced */
    int failed;              /* out of memory while building */
    size_t cur_start;        /* text offset where the open block starts */
    int in_block;            /* a block is open */
} accsi_parsed;

typedef enum {
    ACCSI_FMT_TEXT,
    ACCSI_FMT_MARKDOWN,
    ACCSI_FMT_HTML,
    ACCSI_FMT_DOCX,     /* Word (Office Open XML) */
    ACCSI_FMT_ODT,      /* OpenDocument text */
    ACCSI_FMT_PDF,      /* through poppler's pdftotext */
    ACCSI_FMT_PPTX,     /* PowerPoint (Office Open XML): a page per slide */
    ACCSI_FMT_ODP,      /* OpenDocument presentation: a page per slide */
    ACCSI_FMT_ODS,      /* OpenDocument spreadsheet: a page per sheet */
    ACCSI_FMT_EML,      /* a mail message (.eml, or a file in a Maildir) */
    ACCSI_FMT_XLSX,     /* Excel (Office Open XML): a page per sheet */
    ACCSI_FMT_EPUB,     /* e-book: the spine's XHTML chapters */
    ACCSI_FMT_MBOX,     /* many mail messages in one file: a subdoc each */
    ACCSI_FMT_RTF,      /* rich text (Word, WordPad), read by parse_rtf.c */
    ACCSI_FMT_DOC,      /* Word 97-2003 (.doc), read by parse_doc.c */
    ACCSI_FMT_COUNT
} accsi_fmt;

/* The format for a file's name by its extension, or -1 when the
 * extension is not indexed. */
int accsi_format_for_name(const char *name);
/* The format of a file found by a walk: by its extension; a file
 * without one is a mail message in a Maildir's cur/ or new/ folder, an
 * mbox beside a Thunderbird summary (Inbox and Inbox.msf) or when it opens
 * as one (accsi_mbox_sniff: mutt's folders, the mail spool), and RTF when
 * it opens as RTF (accsi_rtf_sniff); so is a .doc or .dot file that does,
 * and one that opens as an OLE2 compound file is Word 97-2003. */
int accsi_format_for_path(const char *path);
/* Do these first bytes of a file open an mbox: a "From " line, then a
 * header line? */
int accsi_mbox_sniff(const char *head, size_t len);
/* Do these first bytes of a file open an RTF document: "{\rtf", after a
 * UTF-8 byte-order mark or white space at most? */
int accsi_rtf_sniff(const char *head, size_t len);
/* Do these first bytes of a file open an OLE2 compound file (the
 * container of Word 97-2003 documents, and of Excel's and PowerPoint's)? */
int accsi_ole2_sniff(const char *head, size_t len);
/* The format of a .doc (or .dot) file by its first bytes: RTF, Word
 * 97-2003 (an OLE2 compound file), or -1 for neither. */
int accsi_doc_format(const char *head, size_t len);
/* Is `dir` (`len` bytes) a Maildir: does it hold cur/, new/ and tmp/? */
int accsi_is_maildir(const char *dir, size_t len);
/* The format's name in type: filters and T terms ("txt", "md", "html",
 * "docx", "odt", "pdf", "pptx", "odp", "ods", "eml", "xlsx", "epub",
 * "mbox", "rtf", "doc"). */
const char *accsi_format_name(accsi_fmt fmt);
/* The format a type: value names (also "text", "markdown", "htm"), or
 * -1. */
int accsi_format_parse(const char *name);
/* Formats whose files are containers of their text (zip, PDF, mail, RTF,
 * OLE2):
 * binary bytes are expected, and lines and byte ranges count in the
 * extracted text, not in the file. */
int accsi_format_is_container(accsi_fmt fmt);

/* Parse `len` bytes of `src`, in any encoding accsi_detect_encoding
 * knows (invalid UTF-8 is repaired).  The result may point into `src`:
 * keep it until the last accsi_parsed_src_offset. */
accs_status accsi_parse(accsi_parsed *out, const char *src, size_t len,
                        accsi_fmt fmt, accsi_err *err);
void accsi_parsed_free(accsi_parsed *p);

/* Map a text offset to a source offset, and a source offset to a line. */
uint64_t accsi_parsed_src_offset(const accsi_parsed *p, size_t text_off);
unsigned accsi_parsed_line(const accsi_parsed *p, uint64_t src_off);
/* The page (1..) a source offset is on; 0 when the format has no pages. */
unsigned accsi_parsed_page(const accsi_parsed *p, uint64_t src_off);

/* ---- helpers for the format parsers (parse_*.c) ---- */
void accsi_parsed_init(accsi_parsed *p);
/* Append text copied from source offset `src_off` (UINT64_MAX: no anchor). */
void accsi_parsed_add(accsi_parsed *p, const char *s, size_t len,
                      uint64_t src_off);
/* Append a NUL-terminated piece of text with its runs of white space
 * made one space, the first word anchored at `src_off` (UINT64_MAX: no
 * anchor). */
void accsi_parsed_add_words(accsi_parsed *p, const char *s, uint64_t src_off);
/* `s` with its runs of white space made one space and trimmed, as a new
 * string; NULL when it holds no text (or memory ran out). */
char *accsi_words_dup(const char *s);
/* Fill line_starts with the start of each line of `src`. */
void accsi_parsed_build_lines(accsi_parsed *p, const char *src, size_t len);
/* For formats without lines of text in the file (office documents,
 * RTF): the extracted text is its own source, a passage's byte range its
 * place in that text and its line the number of its paragraph.  Call
 * once all blocks are in; 0 when memory ran out. */
int accsi_parsed_text_is_source(accsi_parsed *p);
/* Start a page at the end of the text so far (0 when memory ran out). */
int accsi_parsed_add_page(accsi_parsed *p);
/* Close the current block (if it has text) and start a new one. */
void accsi_parsed_end_block(accsi_parsed *p, int is_heading);
/* Read "title:", "date:" and "lang:" front matter and a leading
 * "date YYYY-MM[-DD]"; returns the number of bytes consumed. */
size_t accsi_parse_front_matter(accsi_parsed *p, const char *src, size_t len);
/* The date ("YYYY-MM" or "YYYY-MM-DD") that NUL-terminated `s` starts
 * with, as a new string; NULL when it starts with none (or s is NULL). */
char *accsi_date_dup(const char *s);
/* Is `s` a date "YYYY-MM" or "YYYY-MM-DD"?  Returns its length or 0. */
size_t accsi_date_len(const char *s, size_t len);

accs_status accsi_parse_text(accsi_parsed *p, const char *src, size_t len);
/* The paragraphs (blocks between blank lines) of src[start, len). */
accs_status accsi_parse_paragraphs(accsi_parsed *p, const char *src, size_t len,
                                   size_t start);
accs_status accsi_parse_markdown(accsi_parsed *p, const char *src, size_t len);
/* libxml2's global set-up, done once: its own first-use set-up is not
 * safe when two worker threads parse their first file at once. */
void accsi_xml_ready(void);
/* Does an HTML file declare a charset other than UTF-8? */
int accsi_html_declares_other_charset(const char *src, size_t len);
/* Is an HTML file with these bytes (in encoding `enc`) left to libxml2 to
 * decode: does it name another charset, without a byte-order mark? */
int accsi_html_charset_for_libxml2(const char *src, size_t len, accsi_encoding enc);
/* `declared`: the file names its charset and `src` is its bytes as they
 * are, for libxml2 to decode; otherwise `src` is UTF-8. */
accs_status accsi_parse_html(accsi_parsed *p, const char *src, size_t len,
                             int declared, accsi_err *err);
/* Word, PowerPoint, Excel, OpenDocument and EPUB files (parse_office.c): the
 * paragraphs of the body, one block each; lines count paragraphs; slides
 * and sheets are pages. */
accs_status accsi_parse_office(accsi_parsed *p, const char *src, size_t len,
                               accsi_fmt fmt, accsi_err *err);
/* PDF (parse_pdf.c): the text poppler's pdftotext extracts, run as a
 * separate process with limits; lines count in that text. */
accs_status accsi_parse_pdf(accsi_parsed *p, const char *src, size_t len,
                            accsi_err *err);
/* RTF (parse_rtf.c): the paragraphs of the body, one block each, then
 * the footnotes; lines count paragraphs.  Not RTF (no "{\rtf" at the
 * start) is an error. */
accs_status accsi_parse_rtf(accsi_parsed *p, const char *src, size_t len,
                            accsi_err *err);
/* A reader module (module.c): the shared object `file` and its entry
 * point `entry`, looked for in $ACCSEARCH_MODULE_DIR when that is set,
 * else next to the library and in the build folder.  It is loaded once,
 * by whichever worker thread needs it first. */
typedef struct {
    const char *file;
    const char *entry;
    const char *reads;   /* what it reads, for the error: "mail" */
    pthread_mutex_t lock;
    int tried;
    void *sym;           /* the entry point, once loaded */
    char why[512];       /* why a module that is there did not load */
} accsi_module;
#define ACCSI_MODULE_INIT(file, entry, reads) \
    {(file), (entry), (reads), PTHREAD_MUTEX_INITIALIZER, 0, NULL, ""}
/* The module's entry point; NULL, with an error saying which module is
 * missing or why it did not load, when there is none. */
void *accsi_module_load(accsi_module *m, accsi_err *err);
/* Word 97-2003 (parse_doc.c): the paragraphs of the main text, one block
 * each (table cells too), then the footnotes and endnotes; lines count
 * paragraphs.  The OLE2 container is opened by the module
 * accsearch-doc.so (doc_module.h). */
accs_status accsi_parse_doc(accsi_parsed *p, const char *src, size_t len,
                            accsi_err *err);
/* Mail (parse_mail.c): the reader module's parts as text (senders and
 * recipients, text and HTML parts, attachments in formats read here);
 * lines count in that text. */
accs_status accsi_parse_mail(accsi_parsed *p, const char *src, size_t len,
                             accsi_err *err);
/* An mbox file: its messages, each read as accsi_parse_mail reads one,
 * each a page and a subdoc (title from its subject, date from its Date
 * header, line of its "From " separator). */
accs_status accsi_parse_mbox(accsi_parsed *p, const char *src, size_t len,
                             accsi_err *err);

#endif /* ACCS_PARSE_H */
