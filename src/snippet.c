/* SPDX-License-Identifier: MIT */
/* Snippet stage (see snippet.h).  A word matches when its folded form is a
 * query word, when its stem in the passage's language is a query stem, or,
 * in Dutch, when it is a compound that begins or ends with a query word or
 * holds a part whose stem is the stem of one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compound.h"
#include "schema.h"
#include "snippet.h"

typedef struct {
    size_t start, end;
    int match;      /* 0, or 1 + index of the distinct matched form */
} tok;

typedef struct {
    accsi_analyser *a;
    accsi_lang lang;
    const accsi_highlight *hl;
    tok *toks;
    size_t n, cap;
    accsi_buf stem;
    accsi_wordset *forms;   /* distinct matched forms -> number */
    int failed;
    /* First bytes of the query stems.  Stemming keeps a word's first
     * letter (Snowball and our rules change endings; every override keeps
     * it, and words are folded before), so a word whose first byte starts
     * no query stem is not stemmed: most words of a passage. */
    unsigned char first[256];
} scan;

static int
note_first(const char *key, size_t klen, const char *value, void *payload)
{
    scan *s = payload;
    size_t pl = strlen(ACCSI_PFX_STEM);
    (void)value;
    if (klen > pl)
        s->first[(unsigned char)key[pl]] = 1;
    return 0;
}

typedef struct {
    const char *w;
    size_t len;
    int hit;
} affix_ctx;

static int
affix_cb(const char *key, size_t klen, const char *value, void *payload)
{
    affix_ctx *c = payload;
    (void)value;
    if (klen >= 4 && klen < c->len &&
        (memcmp(c->w, key, klen) == 0 || memcmp(c->w + c->len - klen, key, klen) == 0))
        c->hit = 1;
    return c->hit;
}

/* Does the compound hold a part whose Dutch stem is one of the query's
 * part stems?  Split and stemmed as the indexer does (emit_word in
 * prepare.c), so "cyberaanvallen" is marked for "aanval" and "raapkool"
 * for "rap".  Only words holding a stem's first two bytes are split (the
 * `hit` of part_seen): most words of a passage are not. */
static int
part_seen(const char *key, size_t klen, const char *value, void *payload)
{
    affix_ctx *c = payload;
    (void)value;
    size_t probe = klen < 2 ? klen : 2;
    for (size_t i = 0; !c->hit && probe && i + probe <= c->len; i++)
        c->hit = memcmp(c->w + i, key, probe) == 0;
    return c->hit;
}

static int
holds_part(scan *s, const char *w, size_t len)
{
    affix_ctx c = {w, len, 0};
    accsi_wordset_each(s->hl->part_stems, part_seen, &c);
    accsi_compound parts;
    if (!c.hit || accsi_decompound(w, len, &parts) < 2)
        return 0;
    for (size_t k = 0; k < parts.n; k++)
        if (accsi_stem(s->a, ACCSI_LANG_NL, parts.part[k].text, parts.part[k].len,
                       &s->stem) == ACCS_OK &&
            accsi_wordset_get(s->hl->part_stems, s->stem.data, s->stem.len, NULL))
            return 1;
    return 0;
}

/* Does the word start with one of the wildcard prefixes? */
static int
prefix_cb(const char *key, size_t klen, const char *value, void *payload)
{
    (void)value;
    affix_ctx *c = payload;
    if (klen <= c->len && memcmp(c->w, key, klen) == 0) {
        c->hit = 1;
        return 1;
    }
    return 0;
}

static int
on_token(const accsi_token *t, void *payload)
{
    scan *s = payload;
    if (!accsi_grow((void **)&s->toks, &s->cap, s->n, sizeof *s->toks)) {
        s->failed = 1;
        return 1;
    }
    tok *k = &s->toks[s->n++];
    k->start = t->start;
    k->end = t->end;
    k->match = 0;
    if (t->too_long)
        return 0;
    int hit = accsi_wordset_get(s->hl->words, t->folded, t->folded_len, NULL);
    if (!hit && s->lang != ACCSI_LANG_UNKNOWN && t->folded_len &&
        s->first[(unsigned char)t->folded[0]] &&
        accsi_stem(s->a, s->lang, t->folded, t->folded_len, &s->stem) == ACCS_OK) {
        char buf[ACCSI_TERM_MAX + 8];
        const char *pfx = ACCSI_PFX_STEM;
        size_t pl = strlen(pfx);
        if (pl + s->stem.len < sizeof buf) {
            memcpy(buf, pfx, pl);
            memcpy(buf + pl, s->stem.data, s->stem.len);
            hit = accsi_wordset_get(s->hl->stems, buf, pl + s->stem.len, NULL);
        }
    }
    if (!hit && s->lang == ACCSI_LANG_NL && accsi_wordset_size(s->hl->parts)) {
        affix_ctx c = {t->folded, t->folded_len, 0};
        accsi_wordset_each(s->hl->parts, affix_cb, &c);
        hit = c.hit;
    }
    if (!hit && s->lang == ACCSI_LANG_NL && accsi_wordset_size(s->hl->part_stems))
        hit = holds_part(s, t->folded, t->folded_len);
    /* A wildcard stands for no stopword (see expand_prefix in search.c). */
    if (!hit && accsi_wordset_size(s->hl->prefixes) &&
        !accsi_is_stopword(ACCSI_LANG_NL, t->folded, t->folded_len) &&
        !accsi_is_stopword(ACCSI_LANG_EN, t->folded, t->folded_len)) {
        affix_ctx c = {t->folded, t->folded_len, 0};
        accsi_wordset_each(s->hl->prefixes, prefix_cb, &c);
        hit = c.hit;
    }
    if (hit) {
        const char *num;
        if (!accsi_wordset_get(s->forms, t->folded, t->folded_len, &num)) {
            char b[16];
            int n = snprintf(b, sizeof b, "%zu", accsi_wordset_size(s->forms) + 1);
            accsi_wordset_put(s->forms, t->folded, t->folded_len, b, (size_t)n);
            k->match = atoi(b);
        } else {
            k->match = atoi(num);
        }
    }
    return 0;
}

/* Append text with runs of white space collapsed to one space. */
static void
add_collapsed(accsi_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        /* Control characters (a terminal would obey them) become spaces. */
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = ' ';
        if (c == ' ' && b->len && b->data[b->len - 1] == ' ')
            continue;
        accsi_buf_addc(b, c);
    }
}

accs_status
accsi_snippet_make(accsi_analyser *a, const char *text, size_t len,
                   accsi_lang lang, const accsi_highlight *hl,
                   const char *hl_start, const char *hl_end,
                   unsigned max_words, accsi_snippet *out)
{
    memset(out, 0, sizeof *out);
    accsi_buf_init(&out->text);
    scan s = {a, lang, hl, NULL, 0, 0, {0}, accsi_wordset_new(), 0, {0}};
    accsi_buf_init(&s.stem);
    accsi_wordset_each(hl->stems, note_first, &s);
    accs_status st = s.forms ? accsi_tokenize(a, text, len, on_token, &s)
                             : ACCS_ENOMEM;
    if (st == ACCS_OK && s.failed)
        st = ACCS_ENOMEM;
    size_t n_match = 0;
    for (size_t i = 0; st == ACCS_OK && i < s.n; i++)
        n_match += s.toks[i].match != 0;
    if (st == ACCS_OK && n_match) {
        out->matches = malloc(n_match * sizeof *out->matches);
        if (!out->matches)
            st = ACCS_ENOMEM;
        for (size_t i = 0; st == ACCS_OK && i < s.n; i++)
            if (s.toks[i].match) {
                out->matches[out->n_matches].start = s.toks[i].start;
                out->matches[out->n_matches].end = s.toks[i].end;
                out->n_matches++;
            }
    }
    if (st == ACCS_OK) {
        /* Choose the window of max_words words with the most distinct
         * matched words, then the most matches, earliest first. */
        size_t from = 0, to = s.n;
        if (max_words && s.n > max_words) {
            size_t best = 0, best_score = 0;
            size_t nforms = accsi_wordset_size(s.forms);
            unsigned *count = calloc(nforms + 1, sizeof *count);
            if (count) {
                size_t distinct = 0, total = 0;
                for (size_t i = 0; i < s.n; i++) {
                    int m = s.toks[i].match;
                    if (m) {
                        total++;
                        if (count[m]++ == 0)
                            distinct++;
                    }
                    if (i >= max_words) {
                        int old = s.toks[i - max_words].match;
                        if (old) {
                            total--;
                            if (--count[old] == 0)
                                distinct--;
                        }
                    }
                    if (i + 1 >= max_words) {
                        size_t score = distinct * 1000 + total;
                        if (score > best_score) {
                            best_score = score;
                            best = i + 1 - max_words;
                        }
                    }
                }
                free(count);
            }
            from = best;
            to = best + max_words;
            if (to > s.n)
                to = s.n;
        }
        if (s.n == 0) {
            add_collapsed(&out->text, text, len);
        } else {
            size_t begin = from == 0 ? 0 : s.toks[from].start;
            size_t end = to == s.n ? len : s.toks[to - 1].end;
            if (from > 0)
                accsi_buf_adds(&out->text, "… ");
            size_t at = begin;
            for (size_t i = from; i < to; i++) {
                if (!s.toks[i].match)
                    continue;
                add_collapsed(&out->text, text + at, s.toks[i].start - at);
                accsi_buf_adds(&out->text, hl_start);
                accsi_buf_add(&out->text, text + s.toks[i].start,
                              s.toks[i].end - s.toks[i].start);
                accsi_buf_adds(&out->text, hl_end);
                at = s.toks[i].end;
            }
            add_collapsed(&out->text, text + at, end - at);
            /* Trim white space at both ends. */
            while (out->text.len && out->text.data[out->text.len - 1] == ' ')
                out->text.data[--out->text.len] = '\0';
            if (to < s.n)
                accsi_buf_adds(&out->text, " …");
        }
        if (out->text.failed)
            st = ACCS_ENOMEM;
    }
    free(s.toks);
    accsi_buf_free(&s.stem);
    accsi_wordset_free(s.forms);
    if (st != ACCS_OK)
        accsi_snippet_free(out);
    return st;
}

void
accsi_snippet_free(accsi_snippet *s)
{
    accsi_buf_free(&s->text);
    free(s->matches);
    s->matches = NULL;
    s->n_matches = 0;
}
