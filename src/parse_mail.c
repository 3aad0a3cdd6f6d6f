/* SPDX-License-Identifier: MIT */
/* Mail (.eml files, Maildir messages and mbox files): the mail reader
 * module (see mail_module.h) takes a message apart, and this turns what
 * it finds into text, as the PDF reader does with pdftotext's: the sender
 * and recipients as a first paragraph, each text part's paragraphs, the
 * text of HTML parts, and attachments in a format the library reads.  The
 * subject is the title and the Date header the date.  Lines and byte
 * ranges count in that text, except that the passages of an mbox's
 * message name the line of the file where the message starts. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail_module.h"
#include "parse.h"

/* The text of one message, attachments included, is cut at this. */
#define MAIL_TEXT_MAX ((size_t)256 << 20)
/* A mail attached as a file to a mail attached as a file ... */
#define MAIL_NESTING_MAX 3
/* GMime keeps every part of a message in memory, about 1 KiB each: a
 * 7 MB message of 200,000 tiny parts took 235 MB.  Real mail has tens of
 * parts; a message with more boundary lines than this is refused. */
#define MAIL_BOUNDARIES_MAX 10000

static accsi_module mail_module = ACCSI_MODULE_INIT(ACCSI_MAIL_MODULE, ACCSI_MAIL_ENTRY, "mail");

typedef struct {
    accsi_buf text;
    char *subject;
    char *date;
    char *from;     /* the From header */
    accsi_buf to;   /* the To and Cc headers, ", "-separated */
    size_t (*quotes)[2]; /* ranges of `text` that quote an earlier message */
    size_t n_quotes;
    size_t cap_quotes;
} mail_text;

static _Thread_local int mail_nesting;

static void
paragraph_break(mail_text *m)
{
    if (m->text.len && m->text.data[m->text.len - 1] != '\n')
        accsi_buf_addc(&m->text, '\n');
    if (m->text.len)
        accsi_buf_addc(&m->text, '\n');
}

/* Text in UTF-8, Windows-1252 or UTF-16 (a part or header without a
 * charset, or with a wrong one) as UTF-8: `s` itself, or the converted
 * copy in `d` (free it with accsi_decoded_free).  NULL for binary bytes,
 * or when memory ran out (then `m` has failed). */
static const char *
as_utf8(mail_text *m, const char *s, size_t *len, accsi_decoded *d)
{
    memset(d, 0, sizeof *d);
    accsi_buf_init(&d->text);
    accsi_encoding enc = accsi_detect_encoding(s, *len);
    if (enc == ACCSI_ENC_BINARY)
        return NULL;
    if (enc == ACCSI_ENC_UTF8 && accsi_utf8_valid(s, *len) && !memchr(s, '\0', *len))
        return s;
    if (accsi_decode(s, *len, enc, d) != ACCS_OK) {
        m->text.failed = 1;
        return NULL;
    }
    *len = d->text.len;
    return d->text.data ? d->text.data : "";
}

/* A header's value as one line of UTF-8, or NULL when it has no text. */
static char *
header_value(mail_text *m, const char *value)
{
    size_t len = strlen(value);
    accsi_decoded d;
    const char *s = as_utf8(m, value, &len, &d);
    char *v = s ? accsi_words_dup(s) : NULL;
    accsi_decoded_free(&d);
    return v;
}

static void
on_header(void *ctx, int depth, const char *name, const char *raw)
{
    mail_text *m = ctx;
    char *value = header_value(m, raw);
    if (!value)
        return;
    if (depth == 0 && strcmp(name, "subject") == 0) {
        free(m->subject);
        m->subject = value;
        return;
    }
    if (depth == 0 && strcmp(name, "date") == 0) {
        free(m->date);
        m->date = accsi_date_dup(value);
        free(value);
        return;
    }
    /* The message's own sender and recipients, for from: and to:. */
    if (depth == 0 && strcmp(name, "from") == 0 && !m->from)
        m->from = accsi_strdup(value);
    if (depth == 0 && (strcmp(name, "to") == 0 || strcmp(name, "cc") == 0)) {
        if (m->to.len)
            accsi_buf_adds(&m->to, ", ");
        accsi_buf_adds(&m->to, value);
    }
    /* From, To and Cc are searchable text: one line each, in one
     * paragraph before the body.  An attached message's subject and date
     * are text too, in its own first paragraph. */
    static const char *const labels[][2] = {
        {"subject", "Subject"}, {"from", "From"}, {"to", "To"}, {"cc", "Cc"}, {"date", "Date"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(name, labels[i][0]) == 0) {
            if (depth > 0 && i == 0)
                paragraph_break(m);
            accsi_buf_printf(&m->text, "%s: %s\n", labels[i][1], value);
        }
    free(value);
}

static int
starts_with(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    return len >= n && strncasecmp(s, word, n) == 0;
}

static int
ends_with(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    return len >= n && strncasecmp(s + len - n, word, n) == 0;
}

/* Does the earlier message a reply or forward quotes start at this line
 * (or paragraph, of an HTML part) of a text part, `next` being the line
 * after it?  Mail programs that do not mark quoted lines with '>' open
 * them with
 *   - a rule with words: "-----Original Message-----", "-----Oorspronkelijk
 *     bericht-----", "---------- Forwarded message ---------";
 *   - Outlook's header block: "From: ..." or "Van: ...", then "Sent: ..."
 *     or "Verzonden: ..." (on the next line, or in the same paragraph);
 *   - in HTML (`html`), an attribution: "On 17 Apr 2018, Brad wrote:",
 *     "Op 17 april 2018 schreef Brad:", above a blockquote.  In plain
 *     text such a line stands above '>' lines, which say exactly what is
 *     quoted, also when the reply answers between them. */
static int
opens_quote(const char *s, size_t len, const char *next, size_t next_len, int html)
{
    while (len && (*s == ' ' || *s == '\t' || *s == '_')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\r' || s[len - 1] == '\t'))
        len--;
    if (len >= 14 && starts_with(s, len, "-----") && ends_with(s, len, "-----"))
        return 1;
    if (starts_with(s, len, "From:") || starts_with(s, len, "Van:")) {
        if (next && (starts_with(next, next_len, "Sent:") ||
                     starts_with(next, next_len, "Verzonden:")))
            return 1;
        size_t head = len < 400 ? len : 400;
        return memmem(s, head, " Sent: ", 7) || memmem(s, head, " Verzonden: ", 12);
    }
    if (html && len < 300 && ends_with(s, len, ":") &&
        ((starts_with(s, len, "On ") && ends_with(s, len, "wrote:")) ||
         (starts_with(s, len, "Op ") && memmem(s, len, " schreef ", 9))))
        return 1;
    return 0;
}

/* Does a signature start at this line of a text part: the line "-- "
 * (RFC 3676; many programs drop the space)?  What follows, a name and
 * often a disclaimer that every message of a sender repeats, is treated
 * as a quotation is: apart, and counting less. */
static int
opens_signature(const char *s, size_t len)
{
    while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
        len--;
    return len == 2 && s[0] == '-' && s[1] == '-';
}

/* Text from `start` to the end of m's text quotes an earlier message. */
static void
add_quote(mail_text *m, size_t start)
{
    if (m->n_quotes == m->cap_quotes) {
        size_t cap = m->cap_quotes ? 2 * m->cap_quotes : 4;
        size_t(*q)[2] = realloc(m->quotes, cap * sizeof *q);
        if (!q) {
            m->text.failed = 1;
            return;
        }
        m->quotes = q;
        m->cap_quotes = cap;
    }
    m->quotes[m->n_quotes][0] = start;
    m->quotes[m->n_quotes][1] = m->text.len;
    m->n_quotes++;
}

/* Where in a text part the first line is that opens a quotation or a
 * signature; `len` when none does. */
static size_t
quote_opening(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        const char *next = nl ? nl + 1 : NULL;
        const char *next_nl = next ? memchr(next, '\n', len - (end + 1)) : NULL;
        size_t next_len = next ? (next_nl ? (size_t)(next_nl - next) : len - (end + 1)) : 0;
        if (opens_signature(s + i, end - i) || opens_quote(s + i, end - i, next, next_len, 0))
            return i;
        i = end + 1;
    }
    return len;
}

/* A text part.  From its first line that opens a quotation or a
 * signature to its end, it is one, starting a paragraph of its own even
 * where no empty line came before. */
static void
add_text(mail_text *m, const char *s, size_t len)
{
    accsi_decoded d;
    s = as_utf8(m, s, &len, &d);
    if (s) {
        size_t quote = quote_opening(s, len);
        paragraph_break(m);
        accsi_buf_add(&m->text, s, quote);
        if (quote < len) {
            if (quote > 0)
                paragraph_break(m);
            size_t start = m->text.len;
            accsi_buf_add(&m->text, s + quote, len - quote);
            add_quote(m, start);
        }
    }
    accsi_decoded_free(&d);
}

/* The paragraphs of a part parsed by another reader; of the message's own
 * HTML text (`body`), the paragraph that opens a quotation and all after
 * it are one. */
static void
add_blocks(mail_text *m, const accsi_parsed *p, int body)
{
    size_t quote = SIZE_MAX;
    for (size_t b = 0; b < p->n_blocks; b++) {
        paragraph_break(m);
        const char *s = p->text.data + p->blocks[b].start;
        size_t len = p->blocks[b].end - p->blocks[b].start;
        if (body && quote == SIZE_MAX && opens_quote(s, len, NULL, 0, 1))
            quote = m->text.len;
        accsi_buf_add(&m->text, s, len);
    }
    if (quote != SIZE_MAX)
        add_quote(m, quote);
}

/* A Word attachment, by its name (.doc, .dot) or its type
 * (application/msword): the format its bytes show, Word 97-2003 or the
 * RTF that many programs send as a .doc; -1 for any other part. */
static int
word_part_format(const char *type, const char *filename, const char *data, size_t len)
{
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    int named = dot && (strcasecmp(dot, ".doc") == 0 || strcasecmp(dot, ".dot") == 0);
    if (!named && strcasecmp(type, "application/msword") != 0)
        return -1;
    return accsi_doc_format(data, len);
}

static void
on_part(void *ctx, int depth, const char *type, const char *filename, const char *data,
        size_t len)
{
    mail_text *m = ctx;
    (void)depth;
    if (len == 0 || m->text.len > MAIL_TEXT_MAX || m->text.failed)
        return;
    int fmt = filename ? accsi_format_for_name(filename) : -1;
    if (fmt < 0)
        fmt = word_part_format(type, filename, data, len);
    /* A name that does not say ("rapport", or none): the type may (Word's
     * own was looked at above, by its bytes).  Rich text that no file name
     * marks, a text/rtf body too, is read as RTF, not as the markup it is
     * written in. */
    const char *ext = accsi_mail_type_ext(type);
    if (fmt < 0 && ext && strcmp(ext, ".doc") != 0)
        fmt = accsi_format_for_name(ext);
    if (fmt < 0 && strcasecmp(type, "text/rtf") == 0)
        fmt = ACCSI_FMT_RTF;
    int is_text = strncmp(type, "text/", 5) == 0;
    int is_html = strcmp(type, "text/html") == 0 || fmt == ACCSI_FMT_HTML;
    if (is_text && !is_html && fmt < 0) {
        add_text(m, data, len);
        return;
    }
    if (fmt < 0 && !is_html)
        return; /* images, signatures, formats not read */
    if ((fmt == ACCSI_FMT_EML || fmt == ACCSI_FMT_MBOX) && mail_nesting >= MAIL_NESTING_MAX)
        return;
    /* HTML and attachments go through their own reader; one that cannot
     * be read costs that attachment, not the message. */
    accsi_parsed sub;
    accsi_err sub_err = {{0}};
    mail_nesting++;
    accs_status st = accsi_parse(&sub, data, len, is_html ? ACCSI_FMT_HTML : (accsi_fmt)fmt,
                                 &sub_err);
    mail_nesting--;
    if (st == ACCS_OK)
        add_blocks(m, &sub, is_html && !filename);
    else if (st == ACCS_ENOMEM)
        m->text.failed = 1;
    accsi_parsed_free(&sub);
}

/* Does `src` open with a header field line ("Name: value")? */
static int
header_line(const char *src, size_t len)
{
    size_t i = 0;
    for (; i < len && src[i] > ' ' && src[i] < 127 && src[i] != ':'; i++)
        ;
    return i > 0 && i < len && src[i] == ':';
}

/* Does the file open with a header field, or an mbox "From " line? */
static int
looks_like_mail(const char *src, size_t len)
{
    size_t i = 0;
    while (i < len && (src[i] == '\r' || src[i] == '\n'))
        i++;
    return (len - i >= 5 && memcmp(src + i, "From ", 5) == 0) || header_line(src + i, len - i);
}

/* Lines that start with "--": every MIME boundary is one. */
static size_t
boundary_lines(const char *src, size_t len)
{
    size_t n = 0;
    for (const char *s = src, *end = src + len; s + 2 < end;) {
        n += s[0] == '-' && s[1] == '-';
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break;
        s = nl + 1;
    }
    return n;
}

/* The module's reader; NULL, with `err` saying why, when it is missing. */
static accsi_mail_read_fn
mail_reader(accsi_err *err)
{
    void *sym = accsi_module_load(&mail_module, err);
    accsi_mail_read_fn read = NULL;
    _Static_assert(sizeof read == sizeof sym, "function and data pointers differ");
    if (sym)
        memcpy(&read, &sym, sizeof sym);
    return read;
}

static accs_status
module_ready(accsi_err *err)
{
    return mail_reader(err) ? ACCS_OK : ACCS_EINVAL;
}

/* Read one message: its text is added to m's, its subject, date, sender
 * and recipients replace m's. */
static accs_status
read_message(mail_text *m, const char *src, size_t len, accsi_err *err)
{
    accsi_mail_read_fn module_read = mail_reader(err);
    if (!module_read)
        return ACCS_EINVAL;
    if (boundary_lines(src, len) > MAIL_BOUNDARIES_MAX)
        return accsi_err_set(err, ACCS_EINVAL,
                             "more than %d MIME part boundaries: not read", MAIL_BOUNDARIES_MAX);
    free(m->subject);
    free(m->date);
    free(m->from);
    m->subject = m->date = m->from = NULL;
    accsi_buf_clear(&m->to);
    accsi_mail_sink sink = {m, on_header, on_part};
    char why[256] = "";
    if (module_read(src, len, &sink, why, sizeof why) != 0)
        return accsi_err_set(err, ACCS_EINVAL, "%s", why[0] ? why : "not a mail message");
    if (m->text.failed)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory while reading mail");
    if (m->text.len > MAIL_TEXT_MAX)
        return accsi_err_set(err, ACCS_EINVAL, "the mail's text is over %zu MiB",
                             MAIL_TEXT_MAX >> 20);
    return ACCS_OK;
}

/* Is this paragraph a quotation of an earlier message: do most of its
 * lines start with '>' (the attribution line "On ..., Jan wrote:" above
 * them is often in the same paragraph)? */
static int
quoted(const char *s, size_t len)
{
    size_t lines = 0, marked = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len, k = i;
        while (k < end && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < end && s[k] != '\r') {
            lines++;
            marked += s[k] == '>';
        }
        i = end + 1;
    }
    return marked > 0 && 2 * marked >= lines;
}

/* The text read, as the document's paragraphs. */
static accs_status
finish(accsi_parsed *p, mail_text *m)
{
    const char *text = m->text.data ? m->text.data : "";
    accsi_parsed_build_lines(p, text, m->text.len);
    accs_status st = accsi_parse_paragraphs(p, text, m->text.len, 0);
    p->src_len = m->text.len;
    /* The quoting ranges come in text order, as the blocks do. */
    size_t q = 0;
    for (size_t b = 0; st == ACCS_OK && b < p->n_blocks; b++) {
        accsi_block *blk = &p->blocks[b];
        uint64_t off = accsi_parsed_src_offset(p, blk->start);
        while (q < m->n_quotes && m->quotes[q][1] <= off)
            q++;
        blk->is_quote = (q < m->n_quotes && off >= m->quotes[q][0]) ||
                        quoted(p->text.data + blk->start, blk->end - blk->start);
    }
    return st;
}

static void
mail_text_init(mail_text *m)
{
    memset(m, 0, sizeof *m);
    accsi_buf_init(&m->text);
    accsi_buf_init(&m->to);
}

static void
mail_text_free(mail_text *m)
{
    free(m->subject);
    free(m->date);
    free(m->from);
    free(m->quotes);
    accsi_buf_free(&m->to);
    accsi_buf_free(&m->text);
}

/* The recipients read, as a new string; NULL when there are none. */
static char *
take_to(mail_text *m)
{
    char *to = m->to.len && !m->to.failed ? accsi_strndup(m->to.data, m->to.len) : NULL;
    accsi_buf_clear(&m->to);
    return to;
}

accs_status
accsi_parse_mail(accsi_parsed *p, const char *src, size_t len, accsi_err *err)
{
    if (!looks_like_mail(src, len))
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a mail message (it does not start with a header)");
    accs_status st = module_ready(err);
    if (st != ACCS_OK)
        return st;
    mail_text m;
    mail_text_init(&m);
    st = read_message(&m, src, len, err);
    if (st == ACCS_OK) {
        st = finish(p, &m);
        p->title = m.subject;
        p->date = m.date;
        p->from = m.from;
        p->to = take_to(&m);
        m.subject = m.date = m.from = NULL;
    }
    mail_text_free(&m);
    return st;
}

/* mbox: messages one after another, each after a line "From sender
 * date".  A line in a body that starts with "From " is written ">From "
 * by most programs, but not by all, so a separator must also follow an
 * empty line (or start the file) and be followed by a header line. */
static int
separator_at(const char *src, size_t len, size_t line, size_t next, int after_empty)
{
    return after_empty && next - line >= 5 && memcmp(src + line, "From ", 5) == 0 &&
           header_line(src + next, len - next);
}

int
accsi_mbox_sniff(const char *head, size_t len)
{
    const char *nl = len >= 5 && memcmp(head, "From ", 5) == 0 ? memchr(head, '\n', len) : NULL;
    return nl && header_line(nl + 1, len - (size_t)(nl + 1 - head));
}

/* mbox programs write a body line that starts with "From " as ">From "
 * (and ">From " as ">>From "): one '>' comes off again, or the line would
 * read as a quotation.  A copy of the message, or NULL when it has no such
 * line (or memory ran out: then it is read as it is). */
static char *
unescape_from(const char *s, size_t len, size_t *out_len)
{
    int found = 0;
    for (size_t i = 0; i < len && !found;) {
        size_t k = i;
        while (k < len && s[k] == '>')
            k++;
        found = k > i && len - k >= 5 && memcmp(s + k, "From ", 5) == 0;
        const char *nl = memchr(s + i, '\n', len - i);
        i = nl ? (size_t)(nl - s) + 1 : len;
    }
    char *out = found ? malloc(len) : NULL;
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) + 1 : len, k = i;
        while (k < end && s[k] == '>')
            k++;
        if (k > i && end - k >= 5 && memcmp(s + k, "From ", 5) == 0)
            i++;
        memcpy(out + n, s + i, end - i);
        n += end - i;
        i = end;
    }
    *out_len = n;
    return out;
}

/* The message read into `m` since text offset `start` is the next page
 * and subdoc of `p`, with m's subject and date. */
static int
add_message(accsi_parsed *p, mail_text *m, size_t start, unsigned line)
{
    accsi_subdoc *sd = realloc(p->subdocs, (p->n_pages + 1) * sizeof *sd);
    if (!sd)
        return 0;
    p->subdocs = sd;
    uint64_t *ps = realloc(p->page_starts, (p->n_pages + 1) * sizeof *ps);
    if (!ps)
        return 0;
    p->page_starts = ps;
    ps[p->n_pages] = start;
    sd[p->n_pages].title = m->subject;
    sd[p->n_pages].date = m->date;
    sd[p->n_pages].from = m->from;
    sd[p->n_pages].to = take_to(m);
    sd[p->n_pages].line = line;
    m->subject = m->date = m->from = NULL;
    p->n_pages++;
    return 1;
}

accs_status
accsi_parse_mbox(accsi_parsed *p, const char *src, size_t len, accsi_err *err)
{
    accs_status st = module_ready(err);
    if (st != ACCS_OK)
        return st;
    mail_text m;
    mail_text_init(&m);
    size_t body = 0;    /* where the open message's headers start */
    unsigned from = 0;  /* line of its separator; 0: none yet */
    int after_empty = 1;
    unsigned line = 1;
    for (size_t at = 0; st == ACCS_OK && at <= len; line++) {
        const char *nl = at < len ? memchr(src + at, '\n', len - at) : NULL;
        size_t next = nl ? (size_t)(nl - src) + 1 : len;
        int separator = at < len && separator_at(src, len, at, next, after_empty);
        if (from && (separator || at == len)) {
            paragraph_break(&m);
            size_t start = m.text.len;
            accsi_err why = {{0}};
            size_t msg_len = at - body;
            char *copy = unescape_from(src + body, msg_len, &msg_len);
            st = read_message(&m, copy ? copy : src + body, msg_len, &why);
            free(copy);
            /* A message that cannot be read costs that message; running
             * out of memory, or past the limit of text, costs the file. */
            if (st != ACCS_OK && (st == ACCS_ENOMEM || m.text.len > MAIL_TEXT_MAX))
                accsi_err_set(err, st, "%s", why.msg);
            else if (!add_message(p, &m, start, from))
                st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
            else
                st = ACCS_OK;
        }
        if (separator) {
            body = next;
            from = line;
        }
        if (at == len)
            break;
        size_t end = next - (nl != NULL);
        after_empty = end == at || (end == at + 1 && src[at] == '\r');
        at = next;
    }
    if (st == ACCS_OK && !from)
        st = accsi_err_set(err, ACCS_EINVAL,
                           "not an mbox file (no line \"From ...\" starts a message)");
    if (st == ACCS_OK)
        st = finish(p, &m);
    mail_text_free(&m);
    return st;
}
