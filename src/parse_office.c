/* SPDX-License-Identifier: MIT */
/* Parse stage for office files: Word (.docx) and PowerPoint (.pptx), in
 * Office Open XML, and OpenDocument text, presentations and spreadsheets
 * (.odt, .odp, .ods).  All are zip archives of XML parts; minizip (zlib's
 * zip reader) opens the archive in memory and libxml2's streaming reader
 * walks each part as it is inflated, so a large document is never held
 * whole.  Each paragraph (and heading, list item, table cell) becomes one
 * block; slides and sheets are pages; the title and date come from the
 * metadata part.
 *
 * The text has no byte offsets in the file, so it is its own source: a
 * passage's byte range is its place in the extracted text (paragraphs
 * separated by a blank line) and its line is the number of its paragraph.
 *
 * Limits: a part may inflate to at most ACCSI_OFFICE_MAX_PART bytes (a zip
 * bomb stops there with an error); XML entities are not expanded and no
 * network access is made. */
#include <ctype.h>
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
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

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

/* The text of the element the reader is on, its runs of white space
 * made one space and trimmed; NULL when it has none. */
static char *
element_string(xmlTextReaderPtr r)
{
    xmlChar *s = xmlTextReaderReadString(r);
    char *out = s ? accsi_words_dup((const char *)s) : NULL;
    xmlFree(s);
    return out;
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

/* A slide, or a sheet, starts a page (parse.h: page_starts are offsets
 * in the text, which is its own source here). */
static void
page_start(body *b)
{
    paragraph_end(b);
    accsi_parsed_add_page(b->p);
}

/* A WordprocessingML part (word/document.xml, footnotes, endnotes) or a
 * PresentationML slide; their paragraphs are alike: `ns`:p paragraphs of
 * runs of `ns`:t text, with tab and br (and Word's cr) inside runs.
 * Deleted text (w:delText) and field codes (w:instrText) are other
 * elements, so not text.  A paragraph inside another (a text box) ends
 * the outer one's block; a Word table cell is a block of its own.  Word
 * headings are paragraphs with a heading style; a slide's are the
 * paragraphs of its title placeholder.  Returns 0 with no such part. */
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_P "http://schemas.openxmlformats.org/presentationml/2006/main"

static int
walk_wordml(unzFile za, const char *part, const char *ns, body *b, accs_status *st,
            accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, part, &pr, err);
    if (o <= 0) {
        *st = o < 0 ? pr.st : ACCS_OK;
        return o < 0;
    }
    accsi_parsed *p = b->p;
    int in_t = 0, title_shape = 0, aside_shape = 0, ret;
    while ((ret = xmlTextReaderRead(pr.r)) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        /* Markup-compatibility fallbacks repeat what the choice before
         * them says (a text box drawn twice): only the choice is text. */
        if (b->skip) {
            if (type == XML_READER_TYPE_ELEMENT)
                b->skip += !xmlTextReaderIsEmptyElement(pr.r);
            else if (type == XML_READER_TYPE_END_ELEMENT)
                b->skip--;
            continue;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(pr.r);
            if (is_el(pr.r, NS_MC, "Fallback")) {
                b->skip = !empty;
            } else if (is_el(pr.r, ns, "p")) {
                paragraph_end(b);
                if (empty)
                    continue;
                /* An empty element starts no block; text opens one. */
                accsi_parsed_add(p, " ", 1, UINT64_MAX);
                b->heading = title_shape;
            } else if (is_el(pr.r, ns, "t")) {
                in_t = !empty;
            } else if (is_el(pr.r, NS_W, "pStyle")) {
                xmlChar *v = xmlTextReaderGetAttributeNs(pr.r, (const xmlChar *)"val",
                                                         (const xmlChar *)NS_W);
                if (v && is_heading_style((const char *)v))
                    b->heading = 1;
                xmlFree(v);
            } else if (is_el(pr.r, NS_P, "ph")) {
                xmlChar *v = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"type");
                const char *t = v ? (const char *)v : "";
                title_shape = strcmp(t, "title") == 0 || strcmp(t, "ctrTitle") == 0;
                /* Slide numbers, dates, headers and footers repeat on
                 * every slide and notes page: not its text. */
                aside_shape = strcmp(t, "sldNum") == 0 || strcmp(t, "dt") == 0 ||
                              strcmp(t, "hdr") == 0 || strcmp(t, "ftr") == 0;
                xmlFree(v);
            } else if (is_el(pr.r, ns, "tab") || is_el(pr.r, ns, "br") ||
                       is_el(pr.r, NS_W, "cr")) {
                add_char(b, " ");
            } else if (is_el(pr.r, NS_W, "tc")) {
                paragraph_end(b);
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is_el(pr.r, ns, "p") || is_el(pr.r, NS_W, "tc"))
                paragraph_end(b);
            else if (is_el(pr.r, ns, "t"))
                in_t = 0;
            else if (is_el(pr.r, NS_P, "sp"))
                title_shape = aside_shape = 0;
        } else if (in_t && !aside_shape && (type == XML_READER_TYPE_TEXT ||
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
    paragraph_end(b);
    *st = close_part(&pr, ret, err);
    return 1;
}

/* Word: the body, then its footnotes and endnotes. */
static accs_status
walk_docx(unzFile za, accsi_parsed *p, accsi_err *err)
{
    body b = {p, 0, 0};
    accs_status st;
    if (!walk_wordml(za, "word/document.xml", NS_W, &b, &st, err))
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a Word document: no word/document.xml in the archive");
    if (st == ACCS_OK)
        walk_wordml(za, "word/footnotes.xml", NS_W, &b, &st, err);
    if (st == ACCS_OK)
        walk_wordml(za, "word/endnotes.xml", NS_W, &b, &st, err);
    return st;
}

/* The parts a main part lists, in its order: the slides of a
 * presentation (p:sldId in ppt/presentation.xml) or the sheets of a
 * workbook (sheet in xl/workbook.xml).  Each element's r:id is looked up
 * in the main part's relationships for the part's name, which is
 * relative to `dir` ("ppt/", "xl/") or absolute in the package.
 * Returns the number of names put in `names` (malloc'd, up to `max`), 0
 * when the order cannot be read. */
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_RELS "http://schemas.openxmlformats.org/package/2006/relationships"

typedef struct {
    char *id, *target;
} rel;

/* Ids and what they name (relationships, an EPUB manifest), sorted once
 * all are in, then looked up by id: a hostile part may hold a million. */
typedef struct {
    rel *r;
    size_t n, cap;
} rel_table;

static void
rel_add(rel_table *t, const char *id, const char *target)
{
    if (!accsi_grow((void **)&t->r, &t->cap, t->n, sizeof *t->r))
        return;
    t->r[t->n].id = accsi_strdup(id);
    t->r[t->n].target = accsi_strdup(target);
    if (t->r[t->n].id && t->r[t->n].target)
        t->n++;
    else {
        free(t->r[t->n].id);
        free(t->r[t->n].target);
    }
}

static int
by_rel_id(const void *a, const void *b)
{
    return strcmp(((const rel *)a)->id, ((const rel *)b)->id);
}

static void
rel_sort(rel_table *t)
{
    if (t->n)
        qsort(t->r, t->n, sizeof *t->r, by_rel_id);
}

static rel *
rel_find(const rel_table *t, const char *id)
{
    rel key = {(char *)id, NULL};
    return t->n ? bsearch(&key, t->r, t->n, sizeof *t->r, by_rel_id) : NULL;
}

static void
rel_free(rel_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->r[i].id);
        free(t->r[i].target);
    }
    free(t->r);
}

typedef struct {
    const char *dir;      /* "ppt/" */
    const char *rels;     /* "ppt/_rels/presentation.xml.rels" */
    const char *main;     /* "ppt/presentation.xml" */
    const char *ns;       /* of the listing element */
    const char *el;       /* "sldId" */
    const char *numbered; /* "ppt/slides/slide": slide1.xml, ... when the
                             list cannot be read */
    size_t max;           /* parts read at most */
    const char *none;     /* the error when there are none */
} part_list;

static size_t
part_order(unzFile za, const part_list *pl, char **names, size_t max)
{
    accsi_err ignored = {{0}};
    part_reader pr;
    rel_table rels = {NULL, 0, 0};
    size_t n = 0;
    if (open_part(za, pl->rels, &pr, &ignored) != 1)
        return 0;
    while (xmlTextReaderRead(pr.r) == 1) {
        if (xmlTextReaderNodeType(pr.r) != XML_READER_TYPE_ELEMENT ||
            !is_el(pr.r, NS_RELS, "Relationship"))
            continue;
        xmlChar *id = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"Id");
        xmlChar *target = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"Target");
        if (id && target) {
            const char *tg = (const char *)target;
            char part[512];
            snprintf(part, sizeof part, "%s%s", tg[0] == '/' ? "" : pl->dir,
                     tg[0] == '/' ? tg + 1 : tg);
            rel_add(&rels, (const char *)id, part);
        }
        xmlFree(id);
        xmlFree(target);
    }
    close_part(&pr, 0, &ignored);
    rel_sort(&rels);
    if (rels.n && open_part(za, pl->main, &pr, &ignored) == 1) {
        while (n < max && xmlTextReaderRead(pr.r) == 1) {
            if (xmlTextReaderNodeType(pr.r) != XML_READER_TYPE_ELEMENT ||
                !is_el(pr.r, pl->ns, pl->el))
                continue;
            xmlChar *id = xmlTextReaderGetAttributeNs(pr.r, (const xmlChar *)"id",
                                                      (const xmlChar *)NS_R);
            rel *r = id ? rel_find(&rels, (const char *)id) : NULL;
            if (r && r->target) {
                names[n++] = r->target;
                r->target = NULL; /* now names[]'s: a part is read once */
            }
            xmlFree(id);
        }
        close_part(&pr, 0, &ignored);
    }
    rel_free(&rels);
    return n;
}

/* One part of a list, as a page (walk_pages): 0 when the archive has no
 * such part. */
typedef int (*page_walker)(unzFile za, const char *part, void *ctx, body *b,
                           accs_status *st, accsi_err *err);

/* Each part `pl` lists, in its order, or, when the order cannot be read,
 * the numbered parts from 1 until one is missing: a page each. */
static accs_status
walk_pages(unzFile za, accsi_parsed *p, const part_list *pl, page_walker walk, void *ctx,
           accsi_err *err)
{
    body b = {p, 0, 0};
    accs_status st = ACCS_OK;
    char **names = calloc(pl->max, sizeof *names);
    if (!names)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    size_t n = part_order(za, pl, names, pl->max);
    size_t read = 0;
    for (size_t i = 0; st == ACCS_OK && i < (n ? n : pl->max); i++) {
        char part[64];
        const char *name = n ? names[i] : part;
        if (!n)
            snprintf(part, sizeof part, "%s%zu.xml", pl->numbered, i + 1);
        page_start(&b);
        if (!walk(za, name, ctx, &b, &st, err)) {
            p->n_pages--; /* no such part: no page */
            if (!n)
                break;
            continue;
        }
        read++;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (st == ACCS_OK && read == 0)
        return accsi_err_set(err, ACCS_EINVAL, "%s", pl->none);
    return st;
}

/* The part a part's relationships name with a type ending in `type`
 * ("/notesSlide"), as a name in the package, into `out`; 0 if none. */
static int
related_part(unzFile za, const char *part, const char *type, char *out, size_t size)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash ? (size_t)(slash - part) + 1 : 0;
    char rels[512];
    if (snprintf(rels, sizeof rels, "%.*s_rels/%s.rels", (int)dir, part, part + dir) >=
        (int)sizeof rels)
        return 0;
    accsi_err ignored = {{0}};
    part_reader pr;
    if (open_part(za, rels, &pr, &ignored) != 1)
        return 0;
    int found = 0;
    size_t tl = strlen(type);
    while (!found && xmlTextReaderRead(pr.r) == 1) {
        if (xmlTextReaderNodeType(pr.r) != XML_READER_TYPE_ELEMENT ||
            !is_el(pr.r, NS_RELS, "Relationship"))
            continue;
        xmlChar *t = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"Type");
        xmlChar *target = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"Target");
        size_t n = t ? strlen((const char *)t) : 0;
        if (target && n >= tl && strcmp((const char *)t + n - tl, type) == 0) {
            /* Relative to the part's folder, "../" going up. */
            const char *tg = (const char *)target;
            size_t keep = dir;
            if (tg[0] == '/') {
                keep = 0;
                tg++;
            }
            while (strncmp(tg, "../", 3) == 0) {
                tg += 3;
                if (keep)
                    keep--;
                while (keep && part[keep - 1] != '/')
                    keep--;
            }
            found = snprintf(out, size, "%.*s%s", (int)keep, part, tg) < (int)size;
        }
        xmlFree(t);
        xmlFree(target);
    }
    close_part(&pr, 0, &ignored);
    return found;
}

/* A slide, then its speaker notes, on one page. */
static int
slide_page(unzFile za, const char *part, void *ctx, body *b, accs_status *st, accsi_err *err)
{
    (void)ctx;
    if (!walk_wordml(za, part, NS_A, b, st, err))
        return 0;
    char notes[512];
    if (*st == ACCS_OK && related_part(za, part, "/notesSlide", notes, sizeof notes))
        walk_wordml(za, notes, NS_A, b, st, err);
    return 1;
}

/* PowerPoint: the slides in the order the presentation shows them, or,
 * when that cannot be read, ppt/slides/slide1.xml, slide2.xml, ... in the
 * order of their numbers; each slide with its notes a page. */
static accs_status
walk_pptx(unzFile za, accsi_parsed *p, accsi_err *err)
{
    static const part_list slides = {"ppt/", "ppt/_rels/presentation.xml.rels",
                                     "ppt/presentation.xml", NS_P, "sldId", "ppt/slides/slide",
                                     10000, "not a PowerPoint file: no slides in the archive"};
    return walk_pages(za, p, &slides, slide_page, NULL, err);
}

/* Excel (SpreadsheetML).  Cell text is mostly in the shared strings
 * (xl/sharedStrings.xml: one si per string, its t elements, rich-text
 * runs included, phonetic rPh runs not); a cell of type "s" holds an
 * index into them, "inlineStr" its own is/t, "str" (a formula's text)
 * and numbers their v; a number in a date format (xl/styles.xml) is
 * written as its date.  Booleans and errors are not text.  Each cell
 * with text is a block, each sheet a page, in the workbook's order. */
#define NS_SS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

typedef struct {
    char **s;
    size_t n, cap;
} string_table;

static void
strings_free(string_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
}

/* Text of t elements (not inside rPh) is appended to `acc` while the
 * reader walks an si or a cell; `skip` is the depth inside rPh. */
typedef struct {
    accsi_buf acc;
    int in_t, skip;
} run_text;

static void
run_text_node(run_text *rt, xmlTextReaderPtr r, int type)
{
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (rt->skip)
            rt->skip += !empty;
        else if (is_el(r, NS_SS, "rPh"))
            rt->skip = !empty;
        else if (is_el(r, NS_SS, "t") || is_el(r, NS_SS, "v"))
            rt->in_t = !empty;
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (rt->skip)
            rt->skip--;
        else if (is_el(r, NS_SS, "t") || is_el(r, NS_SS, "v"))
            rt->in_t = 0;
    } else if (rt->in_t && !rt->skip &&
               (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                type == XML_READER_TYPE_WHITESPACE)) {
        const char *v = (const char *)xmlTextReaderConstValue(r);
        if (v)
            accsi_buf_adds(&rt->acc, v);
    }
}

/* The shared strings; an absent part is an empty table. */
static accs_status
read_shared_strings(unzFile za, string_table *t, accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, "xl/sharedStrings.xml", &pr, err);
    if (o <= 0)
        return o < 0 ? pr.st : ACCS_OK;
    run_text rt = {{0}, 0, 0};
    accsi_buf_init(&rt.acc);
    int ret, failed = 0;
    while (!failed && (ret = xmlTextReaderRead(pr.r)) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        if (is_el(pr.r, NS_SS, "si") && type == XML_READER_TYPE_ELEMENT) {
            accsi_buf_clear(&rt.acc);
            rt.in_t = rt.skip = 0;
            if (!xmlTextReaderIsEmptyElement(pr.r))
                continue;
        } else if (!(is_el(pr.r, NS_SS, "si") && type == XML_READER_TYPE_END_ELEMENT)) {
            run_text_node(&rt, pr.r, type);
            continue;
        }
        /* The end of an si (or an empty one): the string is complete. */
        if (!accsi_grow((void **)&t->s, &t->cap, t->n, sizeof *t->s)) {
            failed = 1;
            break;
        }
        t->s[t->n] = accsi_strdup(rt.acc.data ? rt.acc.data : "");
        failed = !t->s[t->n++] || rt.acc.failed;
    }
    accsi_buf_free(&rt.acc);
    accs_status st = close_part(&pr, failed ? 0 : ret, err);
    if (st == ACCS_OK && failed)
        st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    return st;
}

/* What the cells of a workbook refer to: its shared strings, and which
 * cell formats (xl/styles.xml's cellXfs, by index) show a date. */
typedef struct {
    string_table strings;
    unsigned char *date_xf;
    size_t n_xf;
    int date1904; /* days count from 1904-01-01, not 1899-12-30 */
} workbook;

/* Is a number format a date?  Excel's built-in ids 14-22 and 45-47 are;
 * a custom format is when it has d, m or y outside quotes, brackets
 * ([Red], [h]) and escapes, and no h or s alone would make it a time
 * (m is minutes next to h or s; a format with y or d is a date). */
static int
date_format(unsigned id, const char *code)
{
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))
        return id <= 17 || id == 22; /* 18-21, 45-47 are times */
    if (!code)
        return 0;
    int d = 0, y = 0;
    for (const char *c = code; *c; c++) {
        if (*c == '"') {
            while (c[1] && c[1] != '"')
                c++;
            if (c[1])
                c++;
        } else if (*c == '[') {
            while (c[1] && c[1] != ']')
                c++;
        } else if (*c == '\\' || *c == '_' || *c == '*') {
            if (c[1])
                c++;
        } else if (*c == 'd' || *c == 'D') {
            d = 1;
        } else if (*c == 'y' || *c == 'Y') {
            y = 1;
        }
    }
    return d || y;
}

/* xl/styles.xml: the custom number formats, then each cellXfs xf's. */
static void
read_styles(unzFile za, workbook *wb)
{
    accsi_err ignored = {{0}};
    part_reader pr;
    if (open_part(za, "xl/styles.xml", &pr, &ignored) != 1)
        return;
    struct {
        unsigned id;
        int date;
    } custom[256];
    size_t n_custom = 0, cap = 0;
    int in_xfs = 0;
    while (xmlTextReaderRead(pr.r) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        if (type == XML_READER_TYPE_END_ELEMENT && is_el(pr.r, NS_SS, "cellXfs"))
            in_xfs = 0;
        if (type != XML_READER_TYPE_ELEMENT)
            continue;
        if (is_el(pr.r, NS_SS, "cellXfs")) {
            in_xfs = !xmlTextReaderIsEmptyElement(pr.r);
        } else if (is_el(pr.r, NS_SS, "numFmt") && n_custom < 256) {
            xmlChar *id = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"numFmtId");
            xmlChar *code = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"formatCode");
            if (id) {
                custom[n_custom].id = (unsigned)strtoul((const char *)id, NULL, 10);
                custom[n_custom].date = date_format(1000, (const char *)code);
                n_custom++;
            }
            xmlFree(id);
            xmlFree(code);
        } else if (in_xfs && is_el(pr.r, NS_SS, "xf")) {
            xmlChar *v = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"numFmtId");
            unsigned id = v ? (unsigned)strtoul((const char *)v, NULL, 10) : 0;
            xmlFree(v);
            int date = date_format(id, NULL);
            for (size_t i = 0; i < n_custom; i++)
                if (custom[i].id == id)
                    date = custom[i].date;
            if (wb->n_xf == cap) {
                size_t c = cap ? cap * 2 : 64;
                unsigned char *q = c < (1u << 20) ? realloc(wb->date_xf, c) : NULL;
                if (!q)
                    break;
                wb->date_xf = q;
                cap = c;
            }
            wb->date_xf[wb->n_xf++] = (unsigned char)date;
        }
    }
    close_part(&pr, 0, &ignored);
}

/* xl/workbook.xml's workbookPr date1904. */
static int
uses_1904(unzFile za)
{
    accsi_err ignored = {{0}};
    part_reader pr;
    int yes = 0;
    if (open_part(za, "xl/workbook.xml", &pr, &ignored) != 1)
        return 0;
    while (xmlTextReaderRead(pr.r) == 1) {
        if (xmlTextReaderNodeType(pr.r) == XML_READER_TYPE_ELEMENT &&
            is_el(pr.r, NS_SS, "workbookPr")) {
            xmlChar *v = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"date1904");
            yes = v && (strcmp((const char *)v, "1") == 0 || strcmp((const char *)v, "true") == 0);
            xmlFree(v);
            break;
        }
    }
    close_part(&pr, 0, &ignored);
    return yes;
}

/* A date cell's serial number as YYYY-MM-DD in `out`; 0 when
 * it is no date from 1900 to 9999.  Serial 1 is 1900-01-01, and Excel
 * counts a 29 February 1900 that was not, so from serial 61 on day 0 is
 * 1899-12-30; in the 1904 system day 0 is 1904-01-01. */
static int
serial_date(const char *v, int date1904, char out[16])
{
    char *end;
    double serial = strtod(v, &end);
    if (end == v || !(serial >= 1 && serial < 2958466))
        return 0;
    long days = (long)serial;
    /* Days from 1970-01-01. */
    long z = date1904 ? days - 24106 : days - (days < 61 ? 25568 : 25569);
    /* Civil date from days (Howard Hinnant's algorithm). */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 1900 || y > 9999)
        return 0;
    snprintf(out, 16, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    return 1;
}

/* One worksheet (a page_walker; `ctx` is the workbook). */
static int
walk_sheet(unzFile za, const char *part, void *ctx, body *b, accs_status *st,
           accsi_err *err)
{
    const workbook *wb = ctx;
    const string_table *strings = &wb->strings;
    part_reader pr;
    int o = open_part(za, part, &pr, err);
    if (o <= 0) {
        *st = o < 0 ? pr.st : ACCS_OK;
        return o < 0;
    }
    accsi_parsed *p = b->p;
    run_text rt = {{0}, 0, 0};
    accsi_buf_init(&rt.acc);
    char type_s[16] = "";
    int in_cell = 0, is_date = 0, ret;
    char date[16];
    while ((ret = xmlTextReaderRead(pr.r)) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        if (type == XML_READER_TYPE_ELEMENT && is_el(pr.r, NS_SS, "c")) {
            xmlChar *t = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"t");
            snprintf(type_s, sizeof type_s, "%s", t ? (const char *)t : "n");
            xmlFree(t);
            xmlChar *sv = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"s");
            unsigned long xf = sv ? strtoul((const char *)sv, NULL, 10) : 0;
            is_date = sv && xf < wb->n_xf && wb->date_xf[xf];
            xmlFree(sv);
            accsi_buf_clear(&rt.acc);
            rt.in_t = rt.skip = 0;
            in_cell = !xmlTextReaderIsEmptyElement(pr.r);
            continue;
        }
        if (!in_cell)
            continue;
        if (type != XML_READER_TYPE_END_ELEMENT || !is_el(pr.r, NS_SS, "c")) {
            /* A formula (f) is not text; its result (v) is. */
            if (!(type == XML_READER_TYPE_ELEMENT && is_el(pr.r, NS_SS, "f")))
                run_text_node(&rt, pr.r, type);
            continue;
        }
        in_cell = 0;
        const char *text = rt.acc.data ? rt.acc.data : "";
        if (strcmp(type_s, "s") == 0) {
            char *end;
            unsigned long i = strtoul(text, &end, 10);
            text = end != text && i < strings->n ? strings->s[i] : "";
        } else if (strcmp(type_s, "b") == 0 || strcmp(type_s, "e") == 0) {
            text = "";
        } else if (strcmp(type_s, "n") == 0 && is_date) {
            /* A date is a number of days: written as the date it is. */
            text = serial_date(text, wb->date1904, date) ? date : text;
        }
        if (*text) {
            accsi_parsed_add(p, " ", 1, UINT64_MAX);
            accsi_parsed_add_words(p, text, UINT64_MAX);
            paragraph_end(b);
        }
        if (p->failed || rt.acc.failed)
            break;
    }
    paragraph_end(b);
    if (rt.acc.failed)
        p->failed = 1;
    accsi_buf_free(&rt.acc);
    *st = close_part(&pr, ret, err);
    return 1;
}

static accs_status
walk_xlsx(unzFile za, accsi_parsed *p, accsi_err *err)
{
    static const part_list sheets = {"xl/", "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                                     NS_SS, "sheet", "xl/worksheets/sheet", 4096,
                                     "not an Excel workbook: no worksheets in the archive"};
    workbook wb = {{NULL, 0, 0}, NULL, 0, uses_1904(za)};
    accs_status st = read_shared_strings(za, &wb.strings, err);
    if (st == ACCS_OK) {
        read_styles(za, &wb);
        st = walk_pages(za, p, &sheets, walk_sheet, &wb, err);
    }
    strings_free(&wb.strings);
    free(wb.date_xf);
    return st;
}

/* EPUB: a zip of XHTML.  META-INF/container.xml names the package
 * document (OPF); its spine lists the chapters in reading order, by the
 * ids of its manifest, whose hrefs are relative to the OPF's folder.
 * Each chapter is read by the HTML reader and its blocks (headings
 * kept) become this document's; files the spine does not list (the
 * table of contents, covers) are not read.  Title, date and language
 * come from the OPF's Dublin Core metadata. */
#define NS_CONTAINER "urn:oasis:names:tc:opendocument:xmlns:container"
#define NS_OPF "http://www.idpf.org/2007/opf"
#define EPUB_MAX_CHAPTERS 10000

/* A whole member into `out`: 1, 0 when there is none, -1 on an error. */
static int
read_member(unzFile za, const char *name, accsi_buf *out, accsi_err *err)
{
    if (unzLocateFile(za, name, 1) != UNZ_OK)
        return 0;
    if (unzOpenCurrentFile(za) != UNZ_OK) {
        accsi_err_set(err, ACCS_EINVAL, "damaged archive: cannot read %s", name);
        return -1;
    }
    char chunk[16384];
    int n;
    while ((n = unzReadCurrentFile(za, chunk, sizeof chunk)) > 0) {
        if (out->len + (size_t)n > ACCSI_OFFICE_MAX_PART) {
            unzCloseCurrentFile(za);
            accsi_err_set(err, ACCS_EINVAL, "%s inflates to more than %u MiB", name,
                          ACCSI_OFFICE_MAX_PART >> 20);
            return -1;
        }
        accsi_buf_add(out, chunk, (size_t)n);
    }
    unzCloseCurrentFile(za);
    if (n < 0) {
        accsi_err_set(err, ACCS_EINVAL, "damaged archive: cannot inflate %s", name);
        return -1;
    }
    if (out->failed) {
        accsi_err_set(err, ACCS_ENOMEM, "out of memory");
        return -1;
    }
    return 1;
}

/* `href` (URL-escaped, "../" allowed) relative to the folder `dir`
 * (empty, or ending in '/'), as a member name; 0 if it does not fit. */
static int
member_name(const char *dir, const char *href, char *out, size_t size)
{
    size_t keep = strlen(dir);
    while (strncmp(href, "../", 3) == 0) {
        href += 3;
        if (keep)
            keep--;
        while (keep && dir[keep - 1] != '/')
            keep--;
    }
    if (keep >= size)
        return 0;
    memcpy(out, dir, keep);
    size_t o = keep;
    for (const char *h = href; *h && *h != '#'; h++) {
        char c = *h;
        if (c == '%' && isxdigit((unsigned char)h[1]) && isxdigit((unsigned char)h[2])) {
            char hex[3] = {h[1], h[2], '\0'};
            c = (char)strtol(hex, NULL, 16);
            h += 2;
        }
        if (o + 1 >= size)
            return 0;
        out[o++] = c;
    }
    out[o] = '\0';
    return 1;
}

/* The OPF: metadata into `p`, the spine's hrefs (in order) into `spine`. */
static accs_status
read_opf(unzFile za, const char *opf, accsi_parsed *p, char ***spine, size_t *n_spine,
         accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, opf, &pr, err);
    if (o == 0)
        return accsi_err_set(err, ACCS_EINVAL, "not an EPUB file: no %s in the archive", opf);
    if (o < 0)
        return pr.st;
    rel_table items = {NULL, 0, 0};
    int sorted = 0;
    char **refs = NULL;
    size_t n_refs = 0;
    int ret, failed = 0;
    while (!failed && (ret = xmlTextReaderRead(pr.r)) == 1) {
        if (xmlTextReaderNodeType(pr.r) != XML_READER_TYPE_ELEMENT)
            continue;
        if (is_el(pr.r, NS_OPF, "item")) {
            xmlChar *id = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"id");
            xmlChar *href = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"href");
            if (id && href && !sorted) /* items after the spine's start: ignored */
                rel_add(&items, (const char *)id, (const char *)href);
            xmlFree(id);
            xmlFree(href);
        } else if (is_el(pr.r, NS_OPF, "itemref") && n_refs < EPUB_MAX_CHAPTERS) {
            /* The manifest comes before the spine. */
            if (!sorted)
                rel_sort(&items);
            sorted = 1;
            xmlChar *idref = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"idref");
            rel *item = idref ? rel_find(&items, (const char *)idref) : NULL;
            char **q = item && item->target ? realloc(refs, (n_refs + 1) * sizeof *q) : NULL;
            if (q) {
                refs = q;
                refs[n_refs++] = item->target;
                item->target = NULL; /* now the spine's: a chapter is read once */
            } else if (item && item->target) {
                failed = 1;
            }
            xmlFree(idref);
        } else if (!p->title && is_el(pr.r, NS_DC, "title")) {
            p->title = element_string(pr.r);
        } else if (!p->date && is_el(pr.r, NS_DC, "date")) {
            char *w = element_string(pr.r);
            p->date = accsi_date_dup(w);
            free(w);
        } else if (p->lang == ACCSI_LANG_UNKNOWN && is_el(pr.r, NS_DC, "language")) {
            char *w = element_string(pr.r);
            p->lang = accsi_lang_parse(w);
            free(w);
        }
    }
    rel_free(&items);
    accs_status st = close_part(&pr, failed ? 0 : ret, err);
    if (st == ACCS_OK && failed)
        st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    *spine = refs;
    *n_spine = n_refs;
    return st;
}

/* The package document's name, from META-INF/container.xml. */
static accs_status
epub_rootfile(unzFile za, char *out, size_t size, accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, "META-INF/container.xml", &pr, err);
    if (o == 0)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not an EPUB file: no META-INF/container.xml in the archive");
    if (o < 0)
        return pr.st;
    int ret, found = 0;
    while (!found && (ret = xmlTextReaderRead(pr.r)) == 1) {
        if (xmlTextReaderNodeType(pr.r) != XML_READER_TYPE_ELEMENT ||
            !is_el(pr.r, NS_CONTAINER, "rootfile"))
            continue;
        xmlChar *path = xmlTextReaderGetAttribute(pr.r, (const xmlChar *)"full-path");
        found = path && member_name("", (const char *)path, out, size);
        xmlFree(path);
    }
    accs_status st = close_part(&pr, found ? 0 : ret, err);
    if (st == ACCS_OK && !found)
        st = accsi_err_set(err, ACCS_EINVAL, "not an EPUB file: its container names no package");
    return st;
}

static accs_status
walk_epub(unzFile za, accsi_parsed *p, accsi_err *err)
{
    char opf[512];
    accs_status st = epub_rootfile(za, opf, sizeof opf, err);
    char **spine = NULL;
    size_t n = 0;
    if (st == ACCS_OK)
        st = read_opf(za, opf, p, &spine, &n, err);
    const char *slash = strrchr(opf, '/');
    char dir[512];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - opf) + 1 : 0, opf);
    size_t read = 0;
    accsi_buf html;
    accsi_buf_init(&html);
    for (size_t i = 0; st == ACCS_OK && i < n; i++) {
        char name[1024];
        if (!spine[i] || !member_name(dir, spine[i], name, sizeof name))
            continue;
        accsi_buf_clear(&html);
        int o = read_member(za, name, &html, err);
        if (o < 0) {
            st = html.failed ? ACCS_ENOMEM : ACCS_EINVAL;
            break;
        }
        if (o == 0)
            continue; /* a chapter the archive lacks: the others still count */
        accsi_parsed ch;
        accsi_err ch_err = {{0}};
        accs_status cst = accsi_parse(&ch, html.data ? html.data : "", html.len,
                                      ACCSI_FMT_HTML, &ch_err);
        if (cst == ACCS_ENOMEM)
            st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
        for (size_t b = 0; cst == ACCS_OK && b < ch.n_blocks; b++) {
            accsi_parsed_add(p, ch.text.data + ch.blocks[b].start,
                             ch.blocks[b].end - ch.blocks[b].start, UINT64_MAX);
            accsi_parsed_end_block(p, ch.blocks[b].is_heading);
        }
        accsi_parsed_free(&ch);
        read++;
    }
    accsi_buf_free(&html);
    for (size_t i = 0; i < n; i++)
        free(spine[i]);
    free(spine);
    if (st == ACCS_OK && read == 0)
        st = accsi_err_set(err, ACCS_EINVAL, "not an EPUB file: its spine names no chapter "
                                             "in the archive");
    return st;
}

/* content.xml of a text, presentation or spreadsheet: text:h headings
 * and text:p paragraphs (in lists, tables, frames, slides and cells
 * alike); text:s, text:tab and text:line-break are spaces.  Notes'
 * citations, annotations and tracked deletions are not text.  A slide
 * (draw:page) or a sheet (a table:table of a spreadsheet) is a page. */
static accs_status
walk_odf(unzFile za, accsi_parsed *p, accsi_fmt fmt, accsi_err *err)
{
    part_reader pr;
    int o = open_part(za, "content.xml", &pr, err);
    if (o == 0)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not an OpenDocument file: no content.xml in the archive");
    if (o < 0)
        return pr.st;
    body b = {p, 0, 0};
    int ret, tables = 0;
    while ((ret = xmlTextReaderRead(pr.r)) == 1) {
        int type = xmlTextReaderNodeType(pr.r);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(pr.r);
            if (b.skip) {
                b.skip += !empty;
                continue;
            }
            int h = is_el(pr.r, NS_TEXT, "h");
            if ((fmt == ACCSI_FMT_ODP && is_el(pr.r, NS_DRAW, "page")) ||
                (fmt == ACCSI_FMT_ODS && is_el(pr.r, NS_TABLE, "table") && tables++ == 0))
                page_start(&b);
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
            else if (is_el(pr.r, NS_TABLE, "table") && tables > 0)
                tables--;
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
    while ((ret = xmlTextReaderRead(r)) == 1)
        if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && is_el(r, ns, name))
            return element_string(r);
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
    int ooxml = fmt == ACCSI_FMT_DOCX || fmt == ACCSI_FMT_PPTX || fmt == ACCSI_FMT_XLSX;
    const char *part = ooxml ? "docProps/core.xml" : "meta.xml";
    int which = ooxml ? 0 : 1;
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
            p->date = accsi_date_dup(d);
            free(d);
        }
        close_part(&pr, 0, &ignored);
    }
}

static accs_status
parse_office(accsi_parsed *p, const char *src, size_t len, accsi_fmt fmt, accsi_err *err)
{
    archive a = {src, len, 0};
    zlib_filefunc64_def io = {mem_open, mem_read, mem_write, mem_tell,
                              mem_seek, mem_close, mem_error, NULL};
    unzFile za = unzOpen2_64(&a, &io);
    if (!za)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a readable %s file: not a zip archive, or a damaged one",
                             accsi_format_name(fmt));
    accs_status st = fmt == ACCSI_FMT_DOCX   ? walk_docx(za, p, err)
                     : fmt == ACCSI_FMT_PPTX ? walk_pptx(za, p, err)
                     : fmt == ACCSI_FMT_XLSX ? walk_xlsx(za, p, err)
                     : fmt == ACCSI_FMT_EPUB ? walk_epub(za, p, err)
                                             : walk_odf(za, p, fmt, err);
    if (st == ACCS_OK && p->failed)
        st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    if (st == ACCS_OK && fmt != ACCSI_FMT_EPUB) /* EPUB's is in its OPF */
        read_metadata(za, p, fmt);
    unzClose(za);
    if (st != ACCS_OK)
        return st;
    if (!p->title && p->n_blocks && p->blocks[0].is_heading)
        p->title = accsi_strndup(p->text.data + p->blocks[0].start,
                                 p->blocks[0].end - p->blocks[0].start);
    if (!accsi_parsed_text_is_source(p))
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    return ACCS_OK;
}

/* libxml2 reports a failed encoding conversion (a part that declares
 * ISO-2022-JP and is not) to its generic handler, stderr, besides the
 * reader's own: on this thread, while parsing, that report goes nowhere,
 * and the caller's handler is put back after. */
static void
quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

accs_status
accsi_parse_office(accsi_parsed *p, const char *src, size_t len, accsi_fmt fmt,
                   accsi_err *err)
{
    accsi_xml_ready();
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, quiet);
    accs_status st = parse_office(p, src, len, fmt, err);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    return st;
}
