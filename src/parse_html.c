/* SPDX-License-Identifier: MIT */
/* Parse stage for HTML, through libxml2's forgiving HTML parser: title,
 * language, date and the visible text, one block per block-level element.
 * Script, style and other invisible elements are dropped; entities arrive
 * decoded.  libxml2 reports line numbers, not byte offsets, so each block
 * is anchored at the start of the line where its element begins. */
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "parse.h"

static int
name_is(const xmlNode *n, const char *name)
{
    return n->name && strcasecmp((const char *)n->name, name) == 0;
}

static int
is_hidden(const xmlNode *n)
{
    static const char *const hidden[] = {"script", "style", "noscript",
                                         "template", "head", "svg", "iframe",
                                         "object", "canvas", NULL};
    for (int i = 0; hidden[i]; i++)
        if (name_is(n, hidden[i]))
            return 1;
    return 0;
}

static int
is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
        "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "section",
        "article", "header", "footer", "nav", "aside", "main", "figure",
        "figcaption", "caption", "address", "hr", "br", "body", "form",
        "fieldset", "details", "summary", NULL};
    for (int i = 0; blocks[i]; i++)
        if (name_is(n, blocks[i]))
            return 1;
    return 0;
}

static int
is_heading(const xmlNode *n)
{
    return n->name && (n->name[0] == 'h' || n->name[0] == 'H') &&
           n->name[1] >= '1' && n->name[1] <= '6' && n->name[2] == '\0';
}

static uint64_t
line_offset(const accsi_parsed *p, long line)
{
    if (line < 1 || (size_t)line > p->n_lines)
        return UINT64_MAX;
    return p->line_starts[line - 1];
}

/* The line where a text node starts.  libxml2 gives a text node the line
 * its parser had reached when it passed the node's first piece on (up to
 * 1000 bytes of text, or all of a shorter text): so the newlines in that
 * piece are counted back.  Not before the line of the element around it
 * or of the sibling before it. */
static long
text_start_line(xmlNode *n)
{
    long line = xmlGetLineNo(n);
    const char *c = (const char *)n->content;
    for (size_t i = 0; c && c[i] && i < 1000; i++)
        line -= c[i] == '\n';
    long floor = -1;
    if (n->prev && n->prev->type == XML_ELEMENT_NODE)
        floor = xmlGetLineNo(n->prev);
    else if (n->parent && n->parent->type == XML_ELEMENT_NODE)
        floor = xmlGetLineNo(n->parent);
    return line < floor ? floor : line;
}

/* What happens on entering an element; returns whether to visit its
 * children. */
static int
enter(accsi_parsed *p, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            accsi_parsed_add_words(p, (const char *)n->content, line_offset(p, text_start_line(n)));
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE || is_hidden(n))
        return 0;
    if (name_is(n, "time") && !p->date) {
        xmlChar *dt = xmlGetProp(n, (const xmlChar *)"datetime");
        if (dt) {
            p->date = accsi_date_dup((const char *)dt);
            xmlFree(dt);
        }
    }
    if (is_block(n))
        accsi_parsed_end_block(p, 0);
    return n->children != NULL;
}

/* What happens when an element and everything inside it are done. */
static void
leave(accsi_parsed *p, xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || is_hidden(n))
        return;
    if (is_block(n)) {
        accsi_parsed_end_block(p, is_heading(n));
    } else if (name_is(n, "img")) {
        xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
        if (alt) {
            accsi_parsed_add_words(p, (const char *)alt, UINT64_MAX);
            xmlFree(alt);
        }
    }
}

/* Depth-first over the tree without recursion (through parent links), so
 * that thousands of nested elements cost no stack. */
static void
walk(accsi_parsed *p, xmlNode *first)
{
    xmlNode *top = first ? first->parent : NULL;
    xmlNode *n = first;
    while (n) {
        if (enter(p, n)) {
            n = n->children;
            continue;
        }
        while (n) {
            leave(p, n);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == top)
                n = NULL;
        }
    }
}

/* Title, language and date from <html lang>, <title> and <meta>. */
static void
read_head(accsi_parsed *p, xmlNode *n, int depth)
{
    if (depth > 200)
        return;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, "html") && p->lang == ACCSI_LANG_UNKNOWN) {
            xmlChar *lang = xmlGetProp(n, (const xmlChar *)"lang");
            if (lang) {
                p->lang = accsi_lang_parse((const char *)lang);
                xmlFree(lang);
            }
        }
        if (name_is(n, "title") && !p->title) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t) {
                p->title = accsi_words_dup((const char *)t);
                xmlFree(t);
            }
        }
        if (name_is(n, "meta") && !p->date) {
            xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
            if (!name)
                name = xmlGetProp(n, (const xmlChar *)"property");
            xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
            if (name && content &&
                (strcasecmp((char *)name, "date") == 0 ||
                 strcasecmp((char *)name, "dc.date") == 0 ||
                 strcasecmp((char *)name, "article:published_time") == 0)) {
                p->date = accsi_date_dup((const char *)content);
            }
            xmlFree(name);
            xmlFree(content);
        }
        if (!name_is(n, "body"))
            read_head(p, n->children, depth + 1);
    }
}

int
accsi_html_charset_for_libxml2(const char *src, size_t len, accsi_encoding enc)
{
    /* A byte-order mark outranks a declared charset. */
    return enc != ACCSI_ENC_UTF16LE && enc != ACCSI_ENC_UTF16BE &&
           !(len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) &&
           accsi_html_declares_other_charset(src, len);
}

int
accsi_html_declares_other_charset(const char *src, size_t len)
{
    /* Only a charset inside a <meta> tag near the top counts. */
    size_t head = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 5 < head; i++) {
        if (strncasecmp(src + i, "<meta", 5) != 0)
            continue;
        const char *end = memchr(src + i, '>', head - i);
        size_t tag = end ? (size_t)(end - (src + i)) : head - i;
        for (size_t k = i; k + 8 < i + tag; k++) {
            if (strncasecmp(src + k, "charset=", 8) != 0)
                continue;
            const char *v = src + k + 8;
            size_t left = i + tag - k - 8;
            while (left && (*v == '"' || *v == '\'' || *v == ' '))
                v++, left--;
            return !(left >= 4 && (strncasecmp(v, "utf-8", left < 5 ? left : 5) == 0 ||
                                   strncasecmp(v, "utf8", 4) == 0));
        }
    }
    return 0;
}

static void
silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Replace invalid UTF-8 in the extracted text block by block, moving the
 * block ranges and anchors along (a replacement is longer than the byte it
 * replaces). */
static accs_status
repair_blocks(accsi_parsed *p)
{
    accsi_buf text, piece;
    accsi_buf_init(&text);
    accsi_buf_init(&piece);
    for (size_t i = 0; i < p->n_blocks; i++) {
        accsi_block *blk = &p->blocks[i];
        if (i)
            accsi_buf_add(&text, "\n\n", 2);
        accsi_utf8_repair(p->text.data + blk->start, blk->end - blk->start, &piece);
        size_t start = text.len;
        accsi_buf_add(&text, piece.data ? piece.data : "", piece.len);
        for (size_t a = 0; a < p->n_anchors; a++) {
            size_t off = p->anchors[a].text_off;
            if (off >= blk->start && off <= blk->end) {
                size_t rel = off - blk->start;
                p->anchors[a].text_off = start + (rel < piece.len ? rel : piece.len);
            }
        }
        blk->start = start;
        blk->end = text.len;
    }
    accsi_buf_free(&piece);
    if (text.failed) {
        accsi_buf_free(&text);
        return ACCS_ENOMEM;
    }
    accsi_buf_free(&p->text);
    p->text = text;
    return ACCS_OK;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
    xmlInitParser();
}

void
accsi_xml_ready(void)
{
    pthread_once(&xml_once, xml_init);
}

accs_status
accsi_parse_html(accsi_parsed *p, const char *src, size_t len, int declared,
                 accsi_err *err)
{
    accsi_xml_ready();
    if (len > (size_t)INT32_MAX)
        return accsi_err_set(err, ACCS_EINVAL, "HTML file too large");
    /* Without a declared charset libxml2 assumes Latin-1; what we pass is
     * UTF-8 then (accsi_parse has converted or repaired it). */
    int other = declared;
    /* libxml2 reports encoding problems through its generic error handler
     * even with HTML_PARSE_NOERROR; the handler is per thread. */
    xmlSetGenericErrorFunc(NULL, silent);
    htmlDocPtr doc = htmlReadMemory(src, (int)len, NULL, other ? NULL : "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_NOBLANKS | XML_PARSE_HUGE);
    if (!doc)
        return ACCS_OK; /* nothing recognisable as HTML: an empty document */
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root) {
        read_head(p, root, 0);
        walk(p, root);
        accsi_parsed_end_block(p, 0);
    }
    if (!p->title) {
        /* Fall back to the first heading. */
        for (size_t i = 0; i < p->n_blocks; i++)
            if (p->blocks[i].is_heading) {
                p->title = accsi_strndup(p->text.data + p->blocks[i].start,
                                         p->blocks[i].end - p->blocks[i].start);
                break;
            }
    }
    xmlFreeDoc(doc);
    /* A declared charset that does not match the bytes can leave invalid
     * UTF-8 behind; the analysis needs valid text. */
    if (p->text.len && !accsi_utf8_valid(p->text.data, p->text.len) &&
        repair_blocks(p) != ACCS_OK)
        return ACCS_ENOMEM;
    if (p->title && !accsi_utf8_valid(p->title, strlen(p->title))) {
        accsi_buf t;
        accsi_buf_init(&t);
        accsi_utf8_repair(p->title, strlen(p->title), &t);
        free(p->title);
        p->title = accsi_buf_detach(&t);
    }
    return p->failed ? ACCS_ENOMEM : ACCS_OK;
}
