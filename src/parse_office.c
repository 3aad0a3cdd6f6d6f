/* SPDX-License-Identifier: MIT */
/* Parse stage for word-processor files: Word (.docx, Office Open XML) and
 * OpenDocument text (.odt).  Both are zip archives of XML parts; minizip
 * (zlib's zip reader) opens the archive in memory and libxml2's streaming reader walks the
 * body part as it is inflated, so a large document is never held whole.
 * Each paragraph (and heading, list item, table cell) becomes one block;
 * the title and date come from the metadata part.
 *
 * The text has no byte offsets in the file, so it is its own source: a
 * passage's byte range is its place in the extracted text (paragraphs
 * separated by a blank line) and its line is the number of its paragraph.
 *
 * Limits: a part may inflate to at most ACCSI_OFFICE_MAX_PART bytes (a zip
 * bomb stops there with an error); XML entities are not expanded and no
 * network access is made. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <unzip.h>

#include "parse.h"

#define ACCSI_OFFICE_MAX_PART (64u << 20)

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

/* The archive in memory, as minizip's I/O callbacks see a file. */
typedef struct {
    const char *data;
    uint64_t len;
    uint64_t pos;
} archive;

static voidpf ZCALLBACK
mem_open(voidpf opaque, const void *name, int mode)
{
    (void)opaque;
    (void)mode;
    return (voidpf)name; /* unzOpen2_64 passes the archive as its "name" */
}

static uLong ZCALLBACK
mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    archive *a = stream;
    uint64_t n = a->pos < a->len ? a->len - a->pos : 0;
    if (n > size)
        n = size;
    memcpy(buf, a->data + a->pos, (size_t)n);
    a->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK
mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK
mem_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((archive *)stream)->pos;
}

static long ZCALLBACK
mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    (void)opaque;
    archive *a = stream;
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_CUR ? a->pos
                  : origin == ZLIB_FILEFUNC_SEEK_END ? a->len : 0;
    if (offset > a->len || base + offset > a->len)
        return -1;
    a->pos = base + offset;
    return 0;
}

static int ZCALLBACK
mem_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK
mem_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

/* One archive member, inflated as libxml2's reader asks for more. */
typedef struct {
    unzFile zf;
    uint64_t read;
    int too_big;
    int zip_failed;
} member;

static int
member_read(void *ctx, char *buf, int len)
{
    member *m = ctx;
    if (m->read >= ACCSI_OFFICE_MAX_PART) {
        m->too_big = 1;
        return -1;
    }
    int n = unzReadCurrentFile(m->zf, buf, (unsigned)len);
    if (n < 0) {
        m->zip_failed = 1;
        return -1;
    }
    m->read += (uint64_t)n;
    return n;
}

static int
member_close(void *ctx)
{
    (void)ctx; /* closed by close_part */
    return 0;
}

typedef struct {
    const char *part; /* the member being read, for messages */
    member m;
    xmlTextReaderPtr r;
    accs_status st; /* why it could not be opened */
    char why[96];   /* libxml2's first error, for the message */
} part_reader;

/* libxml2's errors go to the message of the file, not to stderr. */
static void
xml_error(void *ctx, xmlErrorPtr e)
{
    part_reader *pr = ctx;
    if (pr->why[0] || !e || !e->message)
        return;
    snprintf(pr->why, sizeof pr->why, "%s", e->message);
    size_t n = strlen(pr->why);
    while (n && (pr->why[n - 1] == '\n' || pr->why[n - 1] == ' '))
        pr->why[--n] = '\0';
}

/* Open `name` in the archive for reading as XML.  Returns 0 when the
 * archive has no such member, -1 on an error (set in `err`), 1 when open. */
static int
open_part(unzFile zf, const char *name, part_reader *pr, accsi_err *err)
{
    memset(pr, 0, sizeof *pr);
    pr->part = name;
    pr->m.zf = zf;
    if (unzLocateFile(zf, name, 1) != UNZ_OK)
        return 0;
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(zf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
        unzOpenCurrentFile(zf) != UNZ_OK) {
        pr->st = accsi_err_set(err, ACCS_EINVAL, "damaged archive: cannot read %s", name);
        return -1;
    }
    if (info.flag & 1) {
        unzCloseCurrentFile(zf);
        pr->st = accsi_err_set(err, ACCS_EINVAL, "%s is encrypted", name);
        return -1;
    }
    pr->r = xmlReaderForIO(member_read, member_close, &pr->m, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                               XML_PARSE_COMPACT);
    if (!pr->r) {
        unzCloseCurrentFile(zf);
        pr->st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
        return -1;
    }
    xmlTextReaderSetStructuredErrorHandler(pr->r, xml_error, pr);
    return 1;
}

/* Close the part; returns ACCS_OK or the error that ended its reading
 * (`ret` is the last xmlTextReaderRead result). */
static accs_status
close_part(part_reader *pr, int ret, accsi_err *err)
{
    accs_status st = ACCS_OK;
    if (pr->m.too_big)
        st = accsi_err_set(err, ACCS_EINVAL, "%s inflates to more than %u MiB",
                           pr->part, ACCSI_OFFICE_MAX_PART >> 20);
    else if (pr->m.zip_failed)
        st = accsi_err_set(err, ACCS_EINVAL, "damaged archive: cannot inflate %s",
                           pr->part);
    else if (ret < 0)
        st = accsi_err_set(err, ACCS_EINVAL, "%s is not well-formed XML%s%s", pr->part,
                           pr->why[0] ? ": " : "", pr->why);
    xmlFreeTextReader(pr->r);
    unzCloseCurrentFile(pr->m.zf);
    return st;
}

static int
is_el(xmlTextReaderPtr r, const char *ns, const char *name)
{
    const char *n = (const char *)xmlTextReaderConstLocalName(r);
    const char *u = (const char *)xmlTextReaderConstNamespaceUri(r);
    return n && u && strcmp(n, name) == 0 && strcmp(u, ns) == 0;
}

/* Word's built-in heading and title styles, by their ids in English and
 * Dutch installations ("Heading1", "Kop1", "Title", "Titel"). */
static int
is_heading_style(const char *id)
{
    static const char *const styles[] = {"heading", "kop", "title", "titel", NULL};
    for (int i = 0; styles[i]; i++) {
        size_t n = strlen(styles[i]);
        if (strncasecmp(id, styles[i], n) == 0) {
            const char *rest = id + n;
            while (*rest == ' ')
                rest++;
            while (*rest >= '0' && *rest <= '9')
                rest++;
            if (*rest == '\0')
                return 1;
        }
    }
    return 0;
}

/* State of the body walk shared by both formats. */
typedef struct {
    accsi_parsed *p;
    int heading; /* the open paragraph is a heading */
    int skip;    /* depth inside content that is not the text */
} body;

static void
paragraph_end(body *b)
{
    accsi_parsed_end_block(b->p, b->heading);
    b->heading = 0;
}

static void
add_char(body *b, const char *s)
{
    if (b->p->in_block)
        accsi_parsed_add_words(b->p, s, UINT64_MAX);
}

/* word/document.xml: w:p paragraphs of w:r runs of w:t text; w:tab and
 * w:br inside runs; deleted text (w:delText) and field codes
 * (w:instrText) are not text.  A paragraph inside another (a text box)
 * ends the outer one's block. */
static accs_status
walk_docx(unzFile za, accsi_parsed *p, accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, "word/document.xml", &pr, err);
    if (o == 0)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a Word document: no word/document.xml in the archive");
    if (o < 0)
        return pr.st;
    body b = {p, 0, 0};
    int in_t = 0, ret;
    while ((ret = xmlTextReaderRead(pr.r)) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(pr.r);
            if (is_el(pr.r, NS_W, "p")) {
                paragraph_end(&b);
                if (empty)
                    continue;
                /* An empty element starts no block; text opens one. */
                accsi_parsed_add(p, " ", 1, UINT64_MAX);
            } else if (is_el(pr.r, NS_W, "t")) {
                in_t = !empty;
            } else if (is_el(pr.r, NS_W, "pStyle")) {
                xmlChar *v = xmlTextReaderGetAttributeNs(pr.r, (const xmlChar *)"val",
                                                         (const xmlChar *)NS_W);
                if (v && is_heading_style((const char *)v))
                    b.heading = 1;
                xmlFree(v);
            } else if (is_el(pr.r, NS_W, "tab") || is_el(pr.r, NS_W, "br") ||
                       is_el(pr.r, NS_W, "cr")) {
                add_char(&b, " ");
            } else if (is_el(pr.r, NS_W, "tc")) {
                paragraph_end(&b); /* a table cell is its own block */
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is_el(pr.r, NS_W, "p") || is_el(pr.r, NS_W, "tc"))
                paragraph_end(&b);
            else if (is_el(pr.r, NS_W, "t"))
                in_t = 0;
        } else if (in_t && (type == XML_READER_TYPE_TEXT ||
                            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                            type == XML_READER_TYPE_WHITESPACE ||
                            type == XML_READER_TYPE_CDATA)) {
            const char *v = (const char *)xmlTextReaderConstValue(pr.r);
            if (v && p->in_block)
                accsi_parsed_add_words(p, v, UINT64_MAX);
        }
        if (p->failed)
            break;
    }
    paragraph_end(&b);
    return close_part(&pr, ret, err);
}

/* content.xml: text:h headings and text:p paragraphs (in lists, tables,
 * frames alike); text:s, text:tab and text:line-break are spaces.  Notes'
 * citations, annotations and tracked deletions are not text. */
static accs_status
walk_odt(unzFile za, accsi_parsed *p, accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, "content.xml", &pr, err);
    if (o == 0)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not an OpenDocument text: no content.xml in the archive");
    if (o < 0)
        return pr.st;
    body b = {p, 0, 0};
    int ret;
    while ((ret = xmlTextReaderRead(pr.r)) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(pr.r);
            if (b.skip) {
                b.skip += !empty;
                continue;
            }
            int h = is_el(pr.r, NS_TEXT, "h");
            if (h || is_el(pr.r, NS_TEXT, "p")) {
                paragraph_end(&b);
                if (empty)
                    continue;
                b.heading = h;
                accsi_parsed_add(p, " ", 1, UINT64_MAX);
            } else if (is_el(pr.r, NS_TEXT, "s") || is_el(pr.r, NS_TEXT, "tab") ||
                       is_el(pr.r, NS_TEXT, "line-break")) {
                add_char(&b, " ");
            } else if (!empty && (is_el(pr.r, NS_TEXT, "note-citation") ||
                                  is_el(pr.r, NS_OFFICE, "annotation") ||
                                  is_el(pr.r, NS_TEXT, "tracked-changes"))) {
                b.skip = 1;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (b.skip) {
                b.skip--;
                continue;
            }
            if (is_el(pr.r, NS_TEXT, "h") || is_el(pr.r, NS_TEXT, "p"))
                paragraph_end(&b);
        } else if (!b.skip && p->in_block &&
                   (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const char *v = (const char *)xmlTextReaderConstValue(pr.r);
            if (v)
                accsi_parsed_add_words(p, v, UINT64_MAX);
        }
        if (p->failed)
            break;
    }
    paragraph_end(&b);
    return close_part(&pr, ret, err);
}

/* The text of the first element `name` in namespace `ns`, trimmed, or
 * NULL. */
static char *
element_text(xmlTextReaderPtr r, const char *ns, const char *name)
{
    int ret;
    while ((ret = xmlTextReaderRead(r)) == 1) {
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is_el(r, ns, name)) {
            xmlChar *s = xmlTextReaderReadString(r);
            if (!s)
                return NULL;
            accsi_parsed tmp;
            accsi_parsed_init(&tmp);
            accsi_parsed_add_words(&tmp, (const char *)s, UINT64_MAX);
            accsi_parsed_end_block(&tmp, 0);
            char *out = tmp.n_blocks ? accsi_strndup(tmp.text.data + tmp.blocks[0].start,
                                                     tmp.blocks[0].end - tmp.blocks[0].start)
                                     : NULL;
            accsi_parsed_free(&tmp);
            xmlFree(s);
            return out;
        }
    }
    return NULL;
}

/* Title and date from docProps/core.xml (Word) or meta.xml (OpenDocument).
 * The metadata is optional: a missing or damaged part leaves them unset. */
static void
read_metadata(unzFile za, accsi_parsed *p, accsi_fmt fmt)
{
    static const struct {
        const char *ns, *name;
    } dates[2][2] = {{{NS_DCTERMS, "created"}, {NS_DCTERMS, "modified"}},
                     {{NS_META, "creation-date"}, {NS_DC, "date"}}};
    const char *part = fmt == ACCSI_FMT_DOCX ? "docProps/core.xml" : "meta.xml";
    int which = fmt == ACCSI_FMT_DOCX ? 0 : 1;
    /* The part is read once per element wanted: it is small, and the
     * elements come in no fixed order. */
    for (int k = -1; k < 2 && !p->date; k++) {
        accsi_err ignored = {{0}};
        part_reader pr;
        if (open_part(za, part, &pr, &ignored) != 1)
            return;
        if (k < 0) {
            p->title = element_text(pr.r, NS_DC, "title");
        } else {
            char *d = element_text(pr.r, dates[which][k].ns, dates[which][k].name);
            size_t dl = d ? accsi_date_len(d, strlen(d)) : 0;
            if (dl)
                p->date = accsi_strndup(d, dl);
            free(d);
        }
        close_part(&pr, 0, &ignored);
    }
}

accs_status
accsi_parse_office(accsi_parsed *p, const char *src, size_t len, accsi_fmt fmt,
                   accsi_err *err)
{
    archive a = {src, len, 0};
    zlib_filefunc64_def io = {mem_open, mem_read, mem_write, mem_tell,
                              mem_seek, mem_close, mem_error, NULL};
    unzFile za = unzOpen2_64(&a, &io);
    if (!za)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a readable %s file: not a zip archive, or a damaged one",
                             accsi_format_name(fmt));
    accs_status st = fmt == ACCSI_FMT_DOCX ? walk_docx(za, p, err) : walk_odt(za, p, err);
    if (st == ACCS_OK && p->failed)
        st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    if (st == ACCS_OK)
        read_metadata(za, p, fmt);
    unzClose(za);
    if (st != ACCS_OK)
        return st;
    if (!p->title && p->n_blocks && p->blocks[0].is_heading)
        p->title = accsi_strndup(p->text.data + p->blocks[0].start,
                                 p->blocks[0].end - p->blocks[0].start);
    /* The extracted text is the source: one anchor maps it onto itself,
     * and each paragraph is a line. */
    p->src_len = p->text.len;
    p->anchors = calloc(1, sizeof *p->anchors);
    p->line_starts = malloc((p->n_blocks ? p->n_blocks : 1) * sizeof *p->line_starts);
    if (!p->anchors || !p->line_starts)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    p->n_anchors = p->cap_anchors = 1;
    p->line_starts[0] = 0;
    for (size_t i = 0; i < p->n_blocks; i++)
        p->line_starts[i] = p->blocks[i].start;
    p->n_lines = p->n_blocks ? p->n_blocks : 1;
    return ACCS_OK;
}
