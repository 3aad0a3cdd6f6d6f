/* SPDX-License-Identifier: MIT */
/* Parse stage for Markdown: strip the markup (headings, emphasis, links,
 * images, code marks, tables, block quotes, list markers, HTML tags) and
 * keep the words, line by line, with their source offsets.  The first
 * heading is the title unless front matter gave one. */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* Append the inline content of one line, dropping markup.  `base` is the
 * source offset of `s`. */
static void
add_inline(accsi_parsed *p, const char *s, size_t len, uint64_t base)
{
    size_t i = 0, run = 0; /* run: start of the pending verbatim run */
#define FLUSH(upto)                                                         \
    do {                                                                    \
        if ((upto) > run)                                                   \
            accsi_parsed_add(p, s + run, (upto) - run, base + run);         \
    } while (0)
    while (i < len) {
        char c = s[i];
        if (c == '\\' && i + 1 < len && strchr("\\`*_{}[]()#+-.!|<>", s[i + 1])) {
            FLUSH(i);
            run = i + 1;
            i += 2;
            continue;
        }
        if (c == '`' || c == '*' || c == '|' ||
            (c == '_' && (i == 0 || i + 1 >= len || s[i - 1] == ' ' ||
                          s[i + 1] == ' ' || s[i - 1] == '_' || s[i + 1] == '_' ||
                          strchr(".,;:!?)", s[i + 1])))) {
            FLUSH(i);
            if (c == '|')
                accsi_parsed_add(p, " ", 1, UINT64_MAX);
            run = i + 1;
            i++;
            continue;
        }
        if (c == '!' && i + 1 < len && s[i + 1] == '[') {
            FLUSH(i);
            run = i + 1;
            i++;
            continue;
        }
        if (c == '[') {
            /* [text](url) or [text][ref]: keep the text, drop the target. */
            const char *close = memchr(s + i, ']', len - i);
            if (close) {
                size_t k = (size_t)(close - s);
                FLUSH(i);
                add_inline(p, s + i + 1, k - i - 1, base + i + 1);
                i = k + 1;
                if (i < len && (s[i] == '(' || s[i] == '[')) {
                    char want = s[i] == '(' ? ')' : ']';
                    const char *end = memchr(s + i, want, len - i);
                    i = end ? (size_t)(end - s) + 1 : len;
                }
                run = i;
                continue;
            }
        }
        if (c == '<') {
            const char *gt = memchr(s + i, '>', len - i);
            if (gt) {
                size_t k = (size_t)(gt - s);
                FLUSH(i);
                /* <https://...> autolink: keep the address. */
                if (k > i + 8 && (strncmp(s + i + 1, "http", 4) == 0 ||
                                  strncmp(s + i + 1, "mailto:", 7) == 0))
                    accsi_parsed_add(p, s + i + 1, k - i - 1, base + i + 1);
                i = k + 1;
                run = i;
                continue;
            }
        }
        i++;
    }
    FLUSH(len);
#undef FLUSH
}

static int
is_rule(const char *s, size_t len)
{
    /* ---, ***, ___, ===, or a table separator |---|:--| */
    size_t marks = 0;
    for (size_t i = 0; i < len; i++) {
        if (strchr("-*_=", s[i]))
            marks++;
        else if (!strchr(" \t|:", s[i]))
            return 0;
    }
    return marks >= 3;
}

accs_status
accsi_parse_markdown(accsi_parsed *p, const char *src, size_t len)
{
    size_t i = accsi_parse_front_matter(p, src, len);
    int in_code = 0;
    int block_is_heading = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && src[e] != '\n')
            e++;
        const char *line = src + i;
        size_t l = e - i;
        if (l && line[l - 1] == '\r')
            l--;
        size_t k = 0;
        while (k < l && (line[k] == ' ' || line[k] == '\t'))
            k++;
        const char *t = line + k;
        size_t tl = l - k;
        uint64_t off = i + k;
        if (tl >= 3 && (strncmp(t, "```", 3) == 0 || strncmp(t, "~~~", 3) == 0)) {
            in_code = !in_code;
            accsi_parsed_end_block(p, 0);
        } else if (in_code) {
            accsi_parsed_add(p, line, l, i);
            accsi_parsed_add(p, "\n", 1, UINT64_MAX);
        } else if (tl == 0) {
            accsi_parsed_end_block(p, block_is_heading);
            block_is_heading = 0;
        } else if (t[0] == '#') {
            accsi_parsed_end_block(p, block_is_heading);
            size_t h = 0;
            while (h < tl && t[h] == '#')
                h++;
            while (h < tl && t[h] == ' ')
                h++;
            size_t hl = tl;
            while (hl > h && (t[hl - 1] == '#' || t[hl - 1] == ' '))
                hl--;
            size_t before = p->text.len;
            add_inline(p, t + h, hl - h, off + h);
            if (!p->title && p->in_block)
                p->title = accsi_strndup(p->text.data + p->cur_start,
                                         p->text.len - p->cur_start);
            (void)before;
            accsi_parsed_end_block(p, 1);
            block_is_heading = 0;
        } else if (is_rule(t, tl)) {
            /* A setext underline turns the open block into a heading. */
            if (p->in_block && t[0] == '=' && !p->title)
                p->title = accsi_strndup(p->text.data + p->cur_start,
                                         p->text.len - p->cur_start);
            if (t[0] == '=' || (t[0] == '-' && p->in_block && !memchr(t, '|', tl)))
                block_is_heading = 1;
            if (!memchr(t, '|', tl)) {
                accsi_parsed_end_block(p, block_is_heading);
                block_is_heading = 0;
            }
        } else {
            /* Block quote and list markers. */
            while (tl && t[0] == '>') {
                t++, tl--, off++;
                while (tl && t[0] == ' ')
                    t++, tl--, off++;
            }
            size_t m = 0;
            if (tl >= 2 && strchr("-*+", t[0]) && t[1] == ' ')
                m = 2;
            else {
                while (m < tl && t[m] >= '0' && t[m] <= '9')
                    m++;
                if (m && m + 1 < tl && (t[m] == '.' || t[m] == ')') && t[m + 1] == ' ')
                    m += 2;
                else
                    m = 0;
            }
            if (m && p->in_block)
                accsi_parsed_add(p, "\n", 1, UINT64_MAX);
            else if (p->in_block)
                accsi_parsed_add(p, " ", 1, UINT64_MAX);
            add_inline(p, t + m, tl - m, off + m);
        }
        i = e < len ? e + 1 : e;
    }
    accsi_parsed_end_block(p, block_is_heading);
    return p->failed ? ACCS_ENOMEM : ACCS_OK;
}
