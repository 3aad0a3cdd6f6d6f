/* SPDX-License-Identifier: MIT */
/* Parse stage, common part: the parsed-document structure, front matter,
 * the text-to-source offset map, binary detection, and plain text files.
 * Markdown and HTML are in parse_markdown.c and parse_html.c. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dates.h"
#include "parse.h"

void
accsi_parsed_init(accsi_parsed *p)
{
    memset(p, 0, sizeof *p);
    accsi_buf_init(&p->text);
}

void
accsi_parsed_free(accsi_parsed *p)
{
    if (!p)
        return;
    accsi_buf_free(&p->text);
    free(p->blocks);
    free(p->anchors);
    free(p->line_starts);
    for (size_t i = 0; p->subdocs && i < p->n_pages; i++) {
        free(p->subdocs[i].title);
        free(p->subdocs[i].date);
        free(p->subdocs[i].from);
        free(p->subdocs[i].to);
    }
    free(p->subdocs);
    free(p->page_starts);
    free(p->fix);
    free(p->title);
    free(p->date);
    free(p->from);
    free(p->to);
    memset(p, 0, sizeof *p);
}

void
accsi_parsed_add(accsi_parsed *p, const char *s, size_t len, uint64_t src_off)
{
    if (len == 0)
        return;
    if (!p->in_block) {
        if (p->text.len)
            accsi_buf_add(&p->text, "\n\n", 2);
        p->cur_start = p->text.len;
        p->in_block = 1;
    }
    if (src_off != UINT64_MAX) {
        /* Only record an anchor where the mapping jumps. */
        int needed = 1;
        if (p->n_anchors) {
            const accsi_anchor *a = &p->anchors[p->n_anchors - 1];
            needed = a->src_off + (p->text.len - a->text_off) != src_off;
        }
        if (needed) {
            if (!accsi_grow((void **)&p->anchors, &p->cap_anchors, p->n_anchors,
                      sizeof *p->anchors)) {
                p->failed = 1;
                return;
            }
            p->anchors[p->n_anchors].text_off = p->text.len;
            p->anchors[p->n_anchors].src_off = src_off;
            p->n_anchors++;
        }
    }
    accsi_buf_add(&p->text, s, len);
    if (p->text.failed)
        p->failed = 1;
}

void
accsi_parsed_add_words(accsi_parsed *p, const char *s, uint64_t src)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        size_t st = i;
        while (i < len && !strchr(" \t\r\n\f", s[i]))
            i++;
        if (i > st) {
            accsi_parsed_add(p, s + st, i - st, src);
            src = UINT64_MAX;
        }
        if (i < len && p->in_block && p->text.len > p->cur_start &&
            p->text.data[p->text.len - 1] != ' ')
            accsi_parsed_add(p, " ", 1, UINT64_MAX);
        while (i < len && strchr(" \t\r\n\f", s[i]))
            i++;
    }
}

char *
accsi_words_dup(const char *s)
{
    accsi_parsed tmp;
    accsi_parsed_init(&tmp);
    accsi_parsed_add_words(&tmp, s, UINT64_MAX);
    accsi_parsed_end_block(&tmp, 0);
    char *out = tmp.n_blocks && !tmp.failed
                    ? accsi_strndup(tmp.text.data + tmp.blocks[0].start,
                                    tmp.blocks[0].end - tmp.blocks[0].start)
                    : NULL;
    accsi_parsed_free(&tmp);
    return out;
}

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int
all_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
            s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

int
accsi_parsed_add_page(accsi_parsed *p)
{
    uint64_t *q = realloc(p->page_starts, (p->n_pages + 1) * sizeof *q);
    if (!q) {
        p->failed = 1;
        return 0;
    }
    p->page_starts = q;
    p->page_starts[p->n_pages++] = p->text.len;
    return 1;
}

void
accsi_parsed_end_block(accsi_parsed *p, int is_heading)
{
    if (!p->in_block)
        return;
    p->in_block = 0;
    size_t s = p->cur_start, e = p->text.len;
    /* Trim trailing white space from the block. */
    while (e > s && is_blank(p->text.data[e - 1]))
        e--;
    while (s < e && is_blank(p->text.data[s]))
        s++;
    if (e == s || all_space(p->text.data + s, e - s)) {
        /* Nothing but white space: drop it, its separator and the anchors
         * recorded for it. */
        p->text.len = p->cur_start >= 2 ? p->cur_start - 2 : 0;
        p->text.data[p->text.len] = '\0';
        while (p->n_anchors && p->anchors[p->n_anchors - 1].text_off >= p->cur_start)
            p->n_anchors--;
        return;
    }
    if (!accsi_grow((void **)&p->blocks, &p->cap_blocks, p->n_blocks,
              sizeof *p->blocks)) {
        p->failed = 1;
        return;
    }
    p->blocks[p->n_blocks].start = s;
    p->blocks[p->n_blocks].end = e;
    p->blocks[p->n_blocks].is_heading = is_heading;
    p->blocks[p->n_blocks].is_quote = 0;
    p->n_blocks++;
}

uint64_t
accsi_parsed_src_offset(const accsi_parsed *p, size_t text_off)
{
    if (p->n_anchors == 0)
        return 0;
    size_t lo = 0, hi = p->n_anchors;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (p->anchors[mid].text_off <= text_off)
            lo = mid;
        else
            hi = mid;
    }
    const accsi_anchor *a = &p->anchors[lo];
    uint64_t off = a->src_off;
    if (text_off > a->text_off)
        off += text_off - a->text_off;
    if (p->src)
        off = accsi_decoded_file_offset(p->src, (size_t)p->src_len, p->src_enc, p->fix,
                                        p->n_fix, off);
    return off > p->src_len ? p->src_len : off;
}

/* The number (1..) of the last of `n` sorted starts at or before `off`. */
static unsigned
ordinal_at(const uint64_t *starts, size_t n, uint64_t off)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (unsigned)lo + 1;
}

unsigned
accsi_parsed_line(const accsi_parsed *p, uint64_t src_off)
{
    return p->n_lines ? ordinal_at(p->line_starts, p->n_lines, src_off) : 1;
}

unsigned
accsi_parsed_page(const accsi_parsed *p, uint64_t src_off)
{
    return p->n_pages ? ordinal_at(p->page_starts, p->n_pages, src_off) : 0;
}

void
accsi_parsed_build_lines(accsi_parsed *p, const char *src, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += src[i] == '\n';
    p->line_starts = malloc(n * sizeof *p->line_starts);
    if (!p->line_starts) {
        p->failed = 1;
        return;
    }
    p->line_starts[0] = 0;
    p->n_lines = 1;
    for (size_t i = 0; i < len; i++)
        if (src[i] == '\n')
            p->line_starts[p->n_lines++] = i + 1;
}

int
accsi_parsed_text_is_source(accsi_parsed *p)
{
    /* One anchor maps the text onto itself, and each paragraph is a
     * line. */
    p->src_len = p->text.len;
    free(p->anchors);
    free(p->line_starts);
    p->anchors = calloc(1, sizeof *p->anchors);
    p->line_starts = malloc((p->n_blocks ? p->n_blocks : 1) * sizeof *p->line_starts);
    p->n_anchors = p->cap_anchors = p->n_lines = 0;
    if (!p->anchors || !p->line_starts) {
        p->failed = 1;
        return 0;
    }
    p->n_anchors = p->cap_anchors = 1;
    p->line_starts[0] = 0;
    for (size_t i = 0; i < p->n_blocks; i++)
        p->line_starts[i] = p->blocks[i].start;
    p->n_lines = p->n_blocks ? p->n_blocks : 1;
    return 1;
}

int
accsi_format_for_name(const char *path)
{
    static const struct {
        const char *ext;
        accsi_fmt fmt;
    } exts[] = {
        {".txt", ACCSI_FMT_TEXT},   {".text", ACCSI_FMT_TEXT},  {".md", ACCSI_FMT_MARKDOWN},
        {".markdown", ACCSI_FMT_MARKDOWN}, {".html", ACCSI_FMT_HTML}, {".htm", ACCSI_FMT_HTML},
        {".xhtml", ACCSI_FMT_HTML}, {".docx", ACCSI_FMT_DOCX},  {".odt", ACCSI_FMT_ODT},
        {".pdf", ACCSI_FMT_PDF},    {".pptx", ACCSI_FMT_PPTX},  {".odp", ACCSI_FMT_ODP},
        {".ods", ACCSI_FMT_ODS},    {".eml", ACCSI_FMT_EML},    {".xlsx", ACCSI_FMT_XLSX},
        {".epub", ACCSI_FMT_EPUB},  {".mbox", ACCSI_FMT_MBOX},  {".mbx", ACCSI_FMT_MBOX},
        {".rtf", ACCSI_FMT_RTF},
    };
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    for (size_t i = 0; dot && i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot, exts[i].ext) == 0)
            return exts[i].fmt;
    return -1;
}

int
accsi_is_maildir(const char *dir, size_t len)
{
    char check[600];
    struct stat sb;
    static const char *const parts[] = {"tmp", "cur", "new"};
    for (size_t i = 0; i < 3; i++) {
        if (snprintf(check, sizeof check, "%.*s%s%s", (int)len, dir,
                     len && dir[len - 1] != '/' ? "/" : "", parts[i]) >= (int)sizeof check ||
            stat(check, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return 0;
    }
    return 1;
}

/* A Maildir keeps each message in a file of its own under cur/ or new/,
 * named by the delivering program ("1524000000.M1P2.host:2,S").  The
 * last folder looked at is remembered, per thread, as the walk meets a
 * folder's files one after another. */
static int
in_maildir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || !slash[1])
        return 0;
    const char *dir = slash;
    while (dir > path && dir[-1] != '/')
        dir--;
    size_t n = (size_t)(slash - dir);
    if (n != 3 || (memcmp(dir, "cur", 3) != 0 && memcmp(dir, "new", 3) != 0))
        return 0;
    static _Thread_local char last[512];
    static _Thread_local int last_answer = -1;
    size_t plen = (size_t)(dir - path);
    if (plen >= sizeof last)
        return 0;
    if (last_answer >= 0 && memcmp(last, path, plen) == 0 && last[plen] == '\0')
        return last_answer;
    memcpy(last, path, plen);
    last[plen] = '\0';
    /* "cur/x" names the current folder's Maildir. */
    last_answer = plen ? accsi_is_maildir(last, plen) : accsi_is_maildir(".", 1);
    return last_answer;
}

/* Thunderbird keeps each folder as an mbox file without an extension
 * ("Inbox"), beside its summary ("Inbox.msf"). */
static int
beside_summary(const char *path)
{
    char summary[4096];
    struct stat sb;
    return snprintf(summary, sizeof summary, "%s.msf", path) < (int)sizeof summary &&
           stat(summary, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The format a file's first bytes show, or -1.  mutt, the mail spool
 * (/var/mail/NAME) and other programs keep mbox files without an
 * extension: such a file that opens as an mbox does is one.  A document
 * saved without its extension may open as RTF. */
static int
format_by_content(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return -1;
    char head[1024];
    struct stat sb;
    ssize_t n = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? read(fd, head, sizeof head) : -1;
    close(fd);
    if (n <= 0)
        return -1;
    if (accsi_mbox_sniff(head, (size_t)n))
        return ACCSI_FMT_MBOX;
    if (accsi_ole2_sniff(head, (size_t)n))
        return ACCSI_FMT_DOC;
    return accsi_rtf_sniff(head, (size_t)n) ? ACCSI_FMT_RTF : -1;
}

int
accsi_doc_format(const char *head, size_t len)
{
    return accsi_rtf_sniff(head, len)    ? ACCSI_FMT_RTF
           : accsi_ole2_sniff(head, len) ? ACCSI_FMT_DOC
                                         : -1;
}

int
accsi_format_for_path(const char *path)
{
    int fmt = accsi_format_for_name(path);
    if (fmt >= 0)
        return fmt;
    if (in_maildir(path))
        return ACCSI_FMT_EML;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    /* A .doc (or a .dot, a Word template) is Word 97-2003's binary
     * format, an OLE2 compound file; but programs that export "Word
     * documents" often write RTF and name it .doc, and Word opens it as
     * such.  Anything else so named is not read. */
    const char *dot = strrchr(name, '.');
    if (dot && (strcasecmp(dot, ".doc") == 0 || strcasecmp(dot, ".dot") == 0)) {
        int fmt_in = format_by_content(path);
        return fmt_in == ACCSI_FMT_RTF || fmt_in == ACCSI_FMT_DOC ? fmt_in : -1;
    }
    if (dot)
        return -1;
    /* Without an extension, an OLE2 file may as well be a spreadsheet:
     * only a mail folder or RTF is read so. */
    if (beside_summary(path))
        return ACCSI_FMT_MBOX;
    int fmt_in = format_by_content(path);
    return fmt_in == ACCSI_FMT_DOC ? -1 : fmt_in;
}

static const char *const format_names[ACCSI_FMT_COUNT] = {
    "txt", "md",  "html", "docx", "odt",  "pdf",  "pptx",
    "odp", "ods", "eml",  "xlsx", "epub", "mbox", "rtf",  "doc"};

const char *
accsi_format_name(accsi_fmt fmt)
{
    return (unsigned)fmt < ACCSI_FMT_COUNT ? format_names[fmt] : "txt";
}

int
accsi_format_parse(const char *name)
{
    for (int f = 0; f < ACCSI_FMT_COUNT; f++)
        if (strcasecmp(name, format_names[f]) == 0)
            return f;
    if (strcasecmp(name, "text") == 0)
        return ACCSI_FMT_TEXT;
    if (strcasecmp(name, "markdown") == 0)
        return ACCSI_FMT_MARKDOWN;
    if (strcasecmp(name, "htm") == 0 || strcasecmp(name, "xhtml") == 0)
        return ACCSI_FMT_HTML;
    return -1;
}

int
accsi_format_is_container(accsi_fmt fmt)
{
    return fmt >= ACCSI_FMT_DOCX && fmt < ACCSI_FMT_COUNT;
}

char *
accsi_date_dup(const char *s)
{
    size_t dl = s ? accsi_date_len(s, strlen(s)) : 0;
    return dl ? accsi_strndup(s, dl) : NULL;
}

size_t
accsi_date_len(const char *s, size_t len)
{
    static const char shape[] = "dddd-dd-dd";
    size_t i = 0;
    for (; i < 10 && i < len; i++) {
        char c = s[i];
        if (shape[i] == 'd' ? !(c >= '0' && c <= '9') : c != '-')
            break;
    }
    if (i < 7)
        return 0;
    size_t n = i >= 10 ? 10 : 7;
    if (n < len && s[n] >= '0' && s[n] <= '9')
        return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (month < 1 || month > 12)
        return 0;
    if (n == 10) {
        int day = (s[8] - '0') * 10 + (s[9] - '0');
        if (day < 1 || day > 31)
            return 0;
    }
    return n;
}

static char *
trimmed_dup(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && strchr(" \t\r\"'", s[len - 1]))
        len--;
    if (len && (*s == '"' || *s == '\''))
        s++, len--;
    return accsi_strndup(s, len);
}

/* One "key: value" line; returns 1 if it was a known key. */
static int
front_matter_line(accsi_parsed *p, const char *line, size_t len)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return 0;
    size_t klen = (size_t)(colon - line);
    const char *v = colon + 1;
    size_t vlen = len - klen - 1;
    while (vlen && (*v == ' ' || *v == '\t'))
        v++, vlen--;
    if (klen == 5 && strncasecmp(line, "title", 5) == 0) {
        free(p->title);
        p->title = trimmed_dup(v, vlen);
        return 1;
    }
    if (klen == 4 && strncasecmp(line, "date", 4) == 0) {
        size_t dl = accsi_date_len(v, vlen);
        if (dl) {
            free(p->date);
            p->date = accsi_strndup(v, dl);
        }
        return 1;
    }
    if ((klen == 4 && strncasecmp(line, "lang", 4) == 0) ||
        (klen == 8 && strncasecmp(line, "language", 8) == 0)) {
        char *code = trimmed_dup(v, vlen);
        if (code) {
            p->lang = accsi_lang_parse(code); /* in any case */
            free(code);
        }
        return 1;
    }
    /* Other keys (author, tags, ...) are accepted inside YAML fences. */
    return -1;
}

/* Front matter is read into `fm` and only kept when it turns out to be
 * front matter (a closed fence, or key lines ended by a blank line). */
static size_t
scan_front_matter(accsi_parsed *fm, const char *src, size_t len)
{
    size_t i = 0;
    /* Skip a byte-order mark and leading blank space. */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    size_t start = i;
    while (i < len && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' ||
                       src[i] == '\r'))
        i++;
    /* "date 2018-04 ..." opening the text, as in news dumps. */
    if (len - i > 5 && strncmp(src + i, "date ", 5) == 0) {
        size_t dl = accsi_date_len(src + i + 5, len - i - 5);
        if (dl) {
            fm->date = accsi_strndup(src + i + 5, dl);
            i += 5 + dl;
            while (i < len && (src[i] == ' ' || src[i] == '\t'))
                i++;
            return i;
        }
    }
    int fenced = len - i >= 3 && strncmp(src + i, "---", 3) == 0;
    size_t j = i;
    if (fenced) {
        j = i + 3;
        while (j < len && src[j] != '\n')
            j++;
        j++;
    }
    int any = 0;
    while (j < len) {
        size_t e = j;
        while (e < len && src[e] != '\n')
            e++;
        size_t l = e - j;
        if (l && src[j + l - 1] == '\r')
            l--;
        if (fenced && l >= 3 && strncmp(src + j, "---", 3) == 0)
            return e < len ? e + 1 : e;
        if (l == 0) /* a blank line ends unfenced front matter */
            return (!fenced && any) ? (e < len ? e + 1 : e) : start;
        int r = front_matter_line(fm, src + j, l);
        if (r == 0 || (r < 0 && !fenced))
            return fenced ? start : (any ? j : start);
        any = 1;
        j = e < len ? e + 1 : e;
    }
    return fenced ? start : (any ? len : start);
}

size_t
accsi_parse_front_matter(accsi_parsed *p, const char *src, size_t len)
{
    accsi_parsed fm;
    memset(&fm, 0, sizeof fm);
    size_t used = scan_front_matter(&fm, src, len);
    /* Rejected (the body starts where the text starts, give or take a
     * byte-order mark and blank lines): keep nothing. */
    size_t start = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (used > start) {
        if (fm.title) {
            free(p->title);
            p->title = fm.title;
            fm.title = NULL;
        }
        if (fm.date) {
            free(p->date);
            p->date = fm.date;
            fm.date = NULL;
        }
        if (fm.lang != ACCSI_LANG_UNKNOWN)
            p->lang = fm.lang;
    }
    free(fm.title);
    free(fm.date);
    return used;
}

accs_status
accsi_parse_text(accsi_parsed *p, const char *src, size_t len)
{
    return accsi_parse_paragraphs(p, src, len, accsi_parse_front_matter(p, src, len));
}

accs_status
accsi_parse_paragraphs(accsi_parsed *p, const char *src, size_t len, size_t i)
{
    /* Paragraphs are separated by blank lines. */
    while (i < len) {
        while (i < len && (src[i] == '\n' || src[i] == '\r' || src[i] == ' ' ||
                           src[i] == '\t'))
            i++;
        size_t s = i;
        while (i < len) {
            if (src[i] == '\n') {
                size_t k = i + 1;
                while (k < len && (src[k] == ' ' || src[k] == '\t' ||
                                   src[k] == '\r'))
                    k++;
                if (k >= len || src[k] == '\n')
                    break;
            }
            i++;
        }
        if (i > s) {
            accsi_parsed_add(p, src + s, i - s, s);
            accsi_parsed_end_block(p, 0);
        }
    }
    return p->failed ? ACCS_ENOMEM : ACCS_OK;
}

/* Text, Markdown and HTML: the file's bytes in their encoding. */
static accs_status
parse_text_formats(accsi_parsed *out, const char *src, size_t len, accsi_fmt fmt,
                   accsi_err *err)
{
    accs_status st;
    const char *orig_src = src;
    accsi_encoding enc = accsi_detect_encoding(src, len);
    int wide = enc == ACCSI_ENC_UTF16LE || enc == ACCSI_ENC_UTF16BE;
    /* An HTML file that names its charset (and has no byte-order mark) is
     * decoded by libxml2. */
    int declared = fmt == ACCSI_FMT_HTML && accsi_html_charset_for_libxml2(src, len, enc);
    /* Everything else is read as UTF-8 text: converted from UTF-16 or
     * Windows-1252, or with invalid sequences and NUL bytes replaced
     * (a caller may hand over bytes the walk would call binary). */
    accsi_decoded conv;
    memset(&conv, 0, sizeof conv);
    accsi_buf_init(&conv.text);
    int converted = !declared && (wide || enc == ACCSI_ENC_CP1252 ||
                                  !accsi_utf8_valid(src, len) || memchr(src, '\0', len));
    if (converted) {
        if (wide || enc == ACCSI_ENC_CP1252)
            out->encoding = accsi_encoding_name(enc);
        else
            enc = ACCSI_ENC_UTF8;
        st = accsi_decode(src, len, enc, &conv);
        if (st != ACCS_OK)
            return accsi_err_set(err, st, "out of memory");
        out->n_repaired = conv.n_replaced;
        /* Lines are counted in the text, as file offsets. */
        out->line_starts = conv.lines;
        out->n_lines = conv.n_lines;
        conv.lines = NULL;
        src = conv.text.data ? conv.text.data : "";
        len = conv.text.len;
    } else {
        accsi_parsed_build_lines(out, src, len);
    }
    switch (fmt) {
    case ACCSI_FMT_MARKDOWN:
        st = accsi_parse_markdown(out, src, len);
        break;
    case ACCSI_FMT_HTML:
        st = accsi_parse_html(out, src, len, declared, err);
        break;
    default:
        st = accsi_parse_text(out, src, len);
        break;
    }
    /* Offsets of text and Markdown are taken in the converted copy; keep
     * the way back to the file (HTML offsets come from line starts, which
     * are file offsets already). */
    if (converted && fmt != ACCSI_FMT_HTML) {
        out->src = orig_src;
        out->src_enc = enc;
        out->fix = conv.map;
        out->n_fix = conv.n_map;
        conv.map = NULL;
    }
    accsi_decoded_free(&conv);
    return st;
}

accs_status
accsi_parse(accsi_parsed *out, const char *src, size_t len, accsi_fmt fmt,
            accsi_err *err)
{
    accsi_parsed_init(out);
    out->src_len = len; /* the original length */
    accs_status st = fmt == ACCSI_FMT_PDF            ? accsi_parse_pdf(out, src, len, err)
                     : fmt == ACCSI_FMT_EML           ? accsi_parse_mail(out, src, len, err)
                     : fmt == ACCSI_FMT_MBOX          ? accsi_parse_mbox(out, src, len, err)
                     : fmt == ACCSI_FMT_RTF           ? accsi_parse_rtf(out, src, len, err)
                     : fmt == ACCSI_FMT_DOC           ? accsi_parse_doc(out, src, len, err)
                     : accsi_format_is_container(fmt) ? accsi_parse_office(out, src, len, fmt, err)
                                                     : parse_text_formats(out, src, len, fmt, err);
    /* No date of its own (front matter, HTML head, metadata): a dateline
     * at the top of the text ("Amsterdam, 17 april 2018") dates it.  Not
     * mail: its date is its Date header, and the top of its text is
     * headers, also those of a message forwarded in it. */
    if (st == ACCS_OK && !out->date && out->text.data && fmt != ACCSI_FMT_EML &&
        fmt != ACCSI_FMT_MBOX)
        out->date = accsi_dateline(out->text.data, out->text.len);
    if (st == ACCS_OK && out->failed)
        st = ACCS_ENOMEM;
    if (st == ACCS_ENOMEM && (!err || !err->msg[0]))
        accsi_err_set(err, st, "out of memory while parsing");
    return st;
}
