/* SPDX-License-Identifier: MIT */
/* Document preparation: parse, split into passages, analyse each passage
 * into index terms (see prepare.h and schema.h for what is indexed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compound.h"
#include "prepare.h"
#include "schema.h"
#include "split.h"

/* Passages handed to a sink at once (accsi_prepare_stream). */
#define PREPARE_CHUNK 256

void
accsi_packed_init(accsi_packed *p)
{
    accsi_buf_init(&p->terms);
    accsi_buf_init(&p->values);
    accsi_buf_init(&p->data);
    p->unit = 1;
    p->print = 0;
}

void
accsi_packed_free(accsi_packed *p)
{
    accsi_buf_free(&p->terms);
    accsi_buf_free(&p->values);
    accsi_buf_free(&p->data);
}

static void
put_record(accsi_buf *b, char kind, const char *prefix, const char *term,
           size_t len, uint32_t num)
{
    size_t plen = prefix ? strlen(prefix) : 0;
    uint16_t total = (uint16_t)(plen + len);
    accsi_buf_addc(b, kind);
    accsi_buf_add(b, &total, sizeof total);
    accsi_buf_add(b, &num, sizeof num);
    if (plen)
        accsi_buf_add(b, prefix, plen);
    accsi_buf_add(b, term, len);
}

void
accsi_packed_posting(accsi_packed *p, const char *term, size_t len,
                     unsigned pos)
{
    put_record(&p->terms, 'P', NULL, term, len, pos);
}

void
accsi_packed_term(accsi_packed *p, const char *prefix, const char *term,
                  size_t len)
{
    put_record(&p->terms, 'T', prefix, term, len, 1);
}

void
accsi_packed_boolean(accsi_packed *p, const char *prefix, const char *term,
                     size_t len)
{
    put_record(&p->terms, 'B', prefix, term, len, 0);
}

void
accsi_packed_value(accsi_packed *p, unsigned slot, const char *v, size_t len)
{
    uint8_t s = (uint8_t)slot;
    uint32_t l = (uint32_t)len;
    accsi_buf_add(&p->values, &s, 1);
    accsi_buf_add(&p->values, &l, sizeof l);
    accsi_buf_add(&p->values, v, len);
}

/* A word of a passage, kept until the passage language is known: every
 * word of a file is held at once, so it is kept small (12 bytes). */
typedef struct {
    uint32_t off;       /* offset of the folded form in the word arena */
    uint32_t pos;       /* position in the passage */
    uint16_t len;       /* at most ACCSI_WORD_MAX */
    uint8_t joins_next; /* hyphen to the next word */
} word;

typedef struct {
    word *words;
    size_t n;
    size_t cap;
    accsi_buf arena;        /* folded forms, NUL-separated */
    accsi_lang_votes votes;
    uint64_t long_terms;
    unsigned pos;
    int failed;
    const char *text;       /* the passage, while it is tokenised */
    size_t len;
} passage_words;

/* Does the word label a line ("From: ...", "Subject: ...", "Note: ...")?
 * Such a word is the form's, not the writer's: it does not vote for the
 * language.  Every mail's sender line opens with From and To, which
 * would make each Dutch message lean English. */
static int
labels_line(const passage_words *pw, const accsi_token *tok)
{
    return tok->end < pw->len && pw->text[tok->end] == ':' &&
           (tok->start == 0 || pw->text[tok->start - 1] == '\n');
}

static int
collect_word(const accsi_token *tok, void *payload)
{
    passage_words *pw = payload;
    if (tok->too_long) {
        pw->long_terms++;
        pw->pos++;
        return 0;
    }
    if (!accsi_grow((void **)&pw->words, &pw->cap, pw->n, sizeof *pw->words)) {
        pw->failed = 1;
        return 1;
    }
    if (pw->arena.len > UINT32_MAX - ACCSI_WORD_MAX - 1) {
        pw->failed = 1;
        return 1;
    }
    word *w = &pw->words[pw->n++];
    w->off = (uint32_t)pw->arena.len;
    w->len = (uint16_t)tok->folded_len;
    w->pos = pw->pos++;
    w->joins_next = tok->joins_next != 0;
    accsi_buf_add(&pw->arena, tok->folded, tok->folded_len);
    accsi_buf_addc(&pw->arena, '\0');
    if (pw->arena.failed)
        pw->failed = 1;
    if (!tok->is_number && !labels_line(pw, tok))
        accsi_lang_vote(&pw->votes, tok->folded, tok->folded_len);
    return pw->failed;
}

static void
add_votes(accsi_lang_votes *to, const accsi_lang_votes *v)
{
    to->nl += v->nl;
    to->en += v->en;
    to->words += v->words;
}

/* A passage's language: its document's (a message of an mbox has its
 * own, by its `message` votes), unless the passage clearly is in the other
 * one (a quotation, an English abstract). */
static accsi_lang
passage_lang(accsi_lang doc_lang, const accsi_lang_votes *message, const accsi_lang_votes *v)
{
    accsi_lang base = message ? accsi_lang_decide(message, 1) : ACCSI_LANG_UNKNOWN;
    if (base == ACCSI_LANG_UNKNOWN)
        base = doc_lang;
    accsi_lang own = accsi_lang_decide(v, 3);
    if (own == ACCSI_LANG_UNKNOWN || own == base)
        return base;
    unsigned mine = own == ACCSI_LANG_NL ? v->nl : v->en;
    unsigned other = own == ACCSI_LANG_NL ? v->en : v->nl;
    return mine >= 2 * other + 2 ? own : base;
}

/* The page (1..) a span starts on; 0 when the format has none. */
static unsigned
span_page(const accsi_parsed *doc, const accsi_span *sp)
{
    return accsi_parsed_page(doc, accsi_parsed_src_offset(doc, sp->start));
}

static void
passage_words_free(passage_words *pw)
{
    free(pw->words);
    accsi_buf_free(&pw->arena);
    memset(pw, 0, sizeof *pw);
}

/* Drop a passage's words but keep its votes, counts and text: a streamed
 * file (accsi_prepare_stream) tokenises each passage again in its turn
 * rather than hold every word of the file. */
static void
passage_words_shed(passage_words *pw)
{
    free(pw->words);
    pw->words = NULL;
    pw->n = pw->cap = 0;
    pw->pos = 0;
    accsi_buf_free(&pw->arena);
}

/* Tokenise passage `text` into `pw`.  A passage tokenised before and shed
 * keeps the votes and counts of that first pass. */
static accs_status
tokenize_passage(accsi_analyser *a, const char *text, size_t len, passage_words *pw)
{
    accsi_lang_votes votes = pw->votes;
    uint64_t long_terms = pw->long_terms;
    int again = pw->text != NULL;
    passage_words_free(pw);
    accsi_buf_init(&pw->arena);
    pw->text = text;
    pw->len = len;
    accs_status st = accsi_tokenize(a, text, len, collect_word, pw);
    if (st == ACCS_OK && pw->failed)
        st = ACCS_ENOMEM;
    if (again) {
        pw->votes = votes;
        pw->long_terms = long_terms;
    }
    return st;
}

static const char *
stem_prefix(accsi_lang lang)
{
    (void)lang;
    return ACCSI_PFX_STEM;
}

/* The stem term of word `f` (its stem in `stem`), unless the word is its
 * own stem everywhere: then the word's plain term, with the same
 * occurrences, stands for it, and searches for the stem look for both
 * (accsi_word_is_own_stem).  On the benchmark's text that is a tenth
 * less indexing time and 6% less index. */
static void
emit_stem(accsi_analyser *a, const char *f, size_t len, accsi_lang lang,
          const accsi_buf *stem, accsi_packed *out)
{
    if (stem->len == len && memcmp(stem->data, f, len) == 0 &&
        accsi_word_is_own_stem(a, f, len))
        return;
    accsi_packed_term(out, stem_prefix(lang), stem->data, stem->len);
}

/* The terms of one word: the word at its position, its stem and, in
 * Dutch, the stems of its compound parts.  A stopword of the passage's
 * language gets no stem: searches leave it out of ranking, and a query of
 * only such words ("the who") finds the word itself.  That is a fifth of
 * the stem postings. */
static accs_status
emit_word(accsi_analyser *a, const char *f, size_t len, unsigned pos, accsi_lang lang,
          accsi_buf *stem, accsi_packed *out)
{
    accsi_packed_posting(out, f, len, pos);
    if (accsi_is_stopword(lang, f, len))
        return ACCS_OK;
    accs_status st = accsi_stem(a, lang, f, len, stem);
    if (st != ACCS_OK)
        return st;
    emit_stem(a, f, len, lang, stem, out);
    accsi_compound parts;
    if (lang != ACCSI_LANG_NL || accsi_decompound(f, len, &parts) < 2)
        return ACCS_OK;
    for (size_t k = 0; k < parts.n && st == ACCS_OK; k++) {
        st = accsi_stem(a, ACCSI_LANG_NL, parts.part[k].text, parts.part[k].len, stem);
        accsi_packed_term(out, ACCSI_PFX_PART, stem->data, stem->len);
    }
    return st;
}

/* Emit the terms of one passage. */
static accs_status
emit_terms(accsi_analyser *a, const passage_words *pw, accsi_lang lang,
           accsi_packed *out)
{
    accsi_buf stem, joined;
    accsi_buf_init(&stem);
    accsi_buf_init(&joined);
    unsigned joined_pos = 0;
    accs_status st = ACCS_OK;
    for (size_t i = 0; i < pw->n && st == ACCS_OK; i++) {
        const word *w = &pw->words[i];
        const char *f = pw->arena.data + w->off;
        st = emit_word(a, f, w->len, w->pos + 1, lang, &stem, out);
        if (st != ACCS_OK)
            break;
        /* Hyphenated words are also indexed whole: rsa-conferentie. */
        int prev_joins = i > 0 && pw->words[i - 1].joins_next;
        if (w->joins_next || prev_joins) {
            if (!prev_joins) {
                accsi_buf_clear(&joined);
                joined_pos = w->pos + 1;
            } else {
                accsi_buf_addc(&joined, '-');
            }
            accsi_buf_add(&joined, f, w->len);
            if (!w->joins_next && joined.len <= ACCSI_WORD_MAX) {
                accsi_packed_posting(out, joined.data, joined.len, joined_pos);
                st = accsi_stem(a, lang, joined.data, joined.len, &stem);
                if (st == ACCS_OK)
                    emit_stem(a, joined.data, joined.len, lang, &stem, out);
            }
        }
    }
    if (out->terms.failed)
        st = ACCS_ENOMEM;
    accsi_buf_free(&stem);
    accsi_buf_free(&joined);
    return st;
}

typedef struct {
    accsi_analyser *a;
    accsi_lang lang;
    accsi_packed *out;
    accsi_buf stem;
} title_ctx;

/* Fingerprint a finished passage and store it as its last value. */
static void
set_print(accsi_packed *p)
{
    uint64_t h = accsi_hash64(&p->unit, sizeof p->unit);
    h = accsi_hash64_add(h, p->terms.data, p->terms.len);
    h = accsi_hash64_add(h, p->values.data, p->values.len);
    h = accsi_hash64_add(h, p->data.data, p->data.len);
    p->print = h;
    unsigned char v[8];
    accsi_le_put(v, h, 8);
    accsi_packed_value(p, ACCSI_SLOT_PRINT, (const char *)v, sizeof v);
}

/* A word of a mail's sender or recipients: a boolean term. */
typedef struct {
    accsi_packed *out;
    const char *prefix;
} people_ctx;

static int
people_word(const accsi_token *tok, void *payload)
{
    people_ctx *c = payload;
    if (!tok->too_long)
        accsi_packed_boolean(c->out, c->prefix, tok->folded, tok->folded_len);
    return 0;
}

/* The people of a mail, on each of its passages, for from: and to:. */
static accs_status
people_terms(accsi_analyser *a, const char *from, const char *to, accsi_packed *out)
{
    accs_status st = ACCS_OK;
    people_ctx c = {out, ACCSI_PFX_FROM};
    if (from)
        st = accsi_tokenize(a, from, strlen(from), people_word, &c);
    c.prefix = ACCSI_PFX_TO;
    if (to && st == ACCS_OK)
        st = accsi_tokenize(a, to, strlen(to), people_word, &c);
    return st;
}

static int
title_word(const accsi_token *tok, void *payload)
{
    title_ctx *t = payload;
    if (tok->too_long)
        return 0;
    if (accsi_stem(t->a, t->lang, tok->folded, tok->folded_len, &t->stem) ==
        ACCS_OK)
        accsi_packed_term(t->out, ACCSI_PFX_TITLE, t->stem.data, t->stem.len);
    return 0;
}

static void
add_field(accsi_buf *b, const char *s, int last)
{
    accsi_buf_adds(b, s ? s : "");
    if (!last)
        accsi_buf_addc(b, '\0');
}

static void record_stamped(accsi_prepared *p, size_t n_passages, uint64_t size,
                           int64_t mtime, uint64_t hash);

void
accsi_prepare_record(accsi_prepared *p, size_t n_passages)
{
    record_stamped(p, n_passages, p->size, p->mtime, p->hash);
}

void
accsi_prepare_provisional_record(accsi_prepared *p, size_t n_passages)
{
    record_stamped(p, n_passages, 0, 0, 0);
}

/* The file record of `p`, announcing `n_passages`, with the stamps given. */
static void
record_stamped(accsi_prepared *p, size_t n_passages, uint64_t size, int64_t mtime,
               uint64_t hash)
{
    accsi_packed *r = &p->record;
    accsi_packed_free(r);
    accsi_packed_init(r);
    char doc_key[17];
    accsi_doc_key(p->key.data, p->key.len, doc_key);
    accsi_packed_boolean(r, NULL, ACCSI_TERM_RECORD, strlen(ACCSI_TERM_RECORD));
    accsi_packed_boolean(r, ACCSI_PFX_PATH, doc_key, 16);
    accsi_packed_boolean(r, ACCSI_PFX_FILE, p->key.data, p->key.len);
    accsi_buf_printf(&r->data, "%llu\t%lld\t%016llx\t%zu\t%s\t%s",
                     (unsigned long long)size, (long long)mtime,
                     (unsigned long long)hash, n_passages,
                     accsi_lang_code(p->lang), p->path);
    unsigned char v[ACCSI_RECORD_VALUE_LEN];
    uint64_t fields[4] = {accsi_hash64(p->key.data, p->key.len), size, (uint64_t)mtime,
                          hash};
    for (unsigned f = 0; f < 4; f++)
        accsi_le_put(v + 8 * f, fields[f], 8);
    accsi_le_put(v + 32, n_passages, 4);
    v[36] = p->lang == ACCSI_LANG_NL ? 1 : p->lang == ACCSI_LANG_EN ? 2 : 0;
    accsi_packed_value(r, ACCSI_SLOT_RECORD, (const char *)v, sizeof v);
}

accs_status
accsi_prepare(accsi_analyser *a, const char *path, const char *src,
              size_t len, accsi_fmt fmt, accsi_lang forced,
              accsi_prepared *out, accsi_err *err)
{
    return accsi_prepare_stream(a, path, src, len, fmt, forced, out, NULL, NULL, err);
}

static accs_status prepare_owned(accsi_analyser *a, const char *path, const char *src,
                                 size_t len, accsi_fmt fmt, accsi_lang forced,
                                 accsi_prepared *out, accsi_passage_sink sink, void *ctx,
                                 char **owned, accsi_err *err);

accs_status
accsi_prepare_stream(accsi_analyser *a, const char *path, const char *src, size_t len,
                     accsi_fmt fmt, accsi_lang forced, accsi_prepared *out,
                     accsi_passage_sink sink, void *ctx, accsi_err *err)
{
    return prepare_owned(a, path, src, len, fmt, forced, out, sink, ctx, NULL, err);
}

accs_status
accsi_prepare_stream_owned(accsi_analyser *a, const char *path, char **src, size_t len,
                           accsi_fmt fmt, accsi_lang forced, accsi_prepared *out,
                           accsi_passage_sink sink, void *ctx, accsi_err *err)
{
    return prepare_owned(a, path, *src, len, fmt, forced, out, sink, ctx, src, err);
}

/* accsi_prepare_stream; with `owned`, *owned (which is `src`) is freed and
 * set to NULL as soon as the parsed text no longer needs it. */
static accs_status
prepare_owned(accsi_analyser *a, const char *path, const char *src, size_t len,
              accsi_fmt fmt, accsi_lang forced, accsi_prepared *out,
              accsi_passage_sink sink, void *ctx, char **owned, accsi_err *err)
{
    accsi_parsed doc;
    accsi_spans spans = {0};
    passage_words *pws = NULL;
    accsi_lang_votes *sub_votes = NULL;
    accsi_packed *buf = NULL;
    size_t held = 0;
    accs_status st;

    out->path = accsi_strdup(path);
    accsi_buf_init(&out->key);
    accsi_path_key(path, &out->key);
    accsi_packed_init(&out->record);
    out->size = len;
    out->hash = accsi_hash64(src, len);
    if (!out->path || out->key.failed)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");

    st = accsi_parse(&doc, src, len, fmt, err);
    if (st != ACCS_OK) {
        accsi_parsed_free(&doc);
        return st;
    }
    if (owned && !doc.src) { /* the text is a copy, and offsets need no file */
        free(*owned);
        *owned = NULL;
        src = NULL;
    }
    out->n_repaired = doc.n_repaired;
    out->encoding = doc.encoding;
    st = accsi_split_passages(a, &doc, &spans);
    if (st != ACCS_OK)
        goto out;

    /* Words of every passage first: the document language needs them (a
     * streamed file keeps only their votes). */
    pws = calloc(spans.n ? spans.n : 1, sizeof *pws);
    if (!pws) {
        st = ACCS_ENOMEM;
        goto out;
    }
    accsi_lang_votes total = {0, 0, 0};
    /* A document inside the file (a message of an mbox) has a language
     * of its own. */
    if (doc.subdocs && !(sub_votes = calloc(doc.n_pages, sizeof *sub_votes))) {
        st = ACCS_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < spans.n; i++) {
        st = tokenize_passage(a, doc.text.data + spans.items[i].start,
                              spans.items[i].end - spans.items[i].start, &pws[i]);
        if (st != ACCS_OK)
            goto out;
        if (sink)
            passage_words_shed(&pws[i]);
        add_votes(&total, &pws[i].votes);
        if (sub_votes) {
            unsigned page = span_page(&doc, &spans.items[i]);
            if (page)
                add_votes(&sub_votes[page - 1], &pws[i].votes);
        }
        out->long_terms += pws[i].long_terms;
    }
    accsi_lang doc_lang = forced;
    if (doc_lang == ACCSI_LANG_UNKNOWN)
        doc_lang = doc.lang;
    if (doc_lang == ACCSI_LANG_UNKNOWN)
        doc_lang = accsi_lang_decide(&total, 1);
    if (doc_lang == ACCSI_LANG_UNKNOWN)
        doc_lang = ACCSI_LANG_EN;
    out->lang = doc_lang;

    /* Streamed, the passages are handed over in chunks of PREPARE_CHUNK
     * and freed. */
    size_t cap = sink ? PREPARE_CHUNK : spans.n;
    buf = calloc(cap ? cap : 1, sizeof *buf);
    if (!buf) {
        st = ACCS_ENOMEM;
        goto out;
    }
    if (!sink)
        out->passages = buf;
    char file_key[17];
    accsi_doc_key(out->key.data, out->key.len, file_key);
    accsi_buf sub_key;
    accsi_buf_init(&sub_key);
    /* The people terms of the (sub)document the passages are in: made
     * once for it, copied into each of its passages. */
    accsi_packed people;
    accsi_packed_init(&people);
    const accsi_subdoc *people_of = NULL;
    int have_people = 0;
    title_ctx tc = {a, doc_lang, NULL, {0}};
    accsi_buf_init(&tc.stem);
    for (size_t i = 0; i < spans.n && st == ACCS_OK; i++) {
        char num[32];
        if (sink && !pws[i].words) {
            st = tokenize_passage(a, pws[i].text, pws[i].len, &pws[i]);
            if (st != ACCS_OK)
                break;
        }
        accsi_packed *p = &buf[sink ? held++ : i];
        accsi_packed_init(p);
        p->unit = accsi_wdf_unit(pws[i].n);
        /* A mail's quotation of an earlier message: found, but ranked
         * below what its writer wrote (and below the message it quotes,
         * when that is indexed too). */
        if (spans.items[i].quote)
            p->unit = p->unit / ACCSI_QUOTE_DIVISOR ? p->unit / ACCSI_QUOTE_DIVISOR : 1;
        out->n_passages++;
        size_t s = spans.items[i].start, e = spans.items[i].end;
        uint64_t bs = accsi_parsed_src_offset(&doc, s);
        uint64_t be = accsi_parsed_src_offset(&doc, e);
        if (be < bs)
            be = bs;
        unsigned page = accsi_parsed_page(&doc, bs);
        /* A document inside the file (a message of an mbox) has its own
         * title, date, language and collapse key: the file's key and the
         * page. */
        const accsi_subdoc *sub = doc.subdocs && page ? &doc.subdocs[page - 1] : NULL;
        accsi_lang lang = forced != ACCSI_LANG_UNKNOWN
                              ? forced
                              : passage_lang(doc_lang, sub ? &sub_votes[page - 1] : NULL,
                                             &pws[i].votes);
        st = emit_terms(a, &pws[i], lang, p);
        /* The words are terms now: a large file need not hold both. */
        passage_words_free(&pws[i]);
        if (st != ACCS_OK)
            break;
        const char *title = sub ? sub->title : doc.title;
        const char *date = sub ? sub->date : doc.date;
        char doc_key[17];
        memcpy(doc_key, file_key, sizeof doc_key);
        if (sub) {
            accsi_buf_clear(&sub_key);
            accsi_buf_printf(&sub_key, "%s\n%u", out->key.data, page);
            accsi_doc_key(sub_key.data ? sub_key.data : "", sub_key.len, doc_key);
        }
        if (title) {
            tc.lang = lang;
            tc.out = p;
            accsi_tokenize(a, title, strlen(title), title_word, &tc);
        }
        if (!have_people || people_of != sub) {
            accsi_buf_clear(&people.terms);
            st = people_terms(a, sub ? sub->from : doc.from, sub ? sub->to : doc.to, &people);
            if (st != ACCS_OK)
                break;
            people_of = sub;
            have_people = 1;
        }
        accsi_buf_add(&p->terms, people.terms.data, people.terms.len);
        const char *code = accsi_lang_code(lang);
        accsi_packed_boolean(p, ACCSI_PFX_LANG, code, strlen(code));
        accsi_packed_boolean(p, ACCSI_PFX_PATH, file_key, 16);
        accsi_packed_boolean(p, ACCSI_PFX_TYPE, accsi_format_name(fmt),
                             strlen(accsi_format_name(fmt)));
        /* Every folder the file is in ("/a/b/c.txt": /a and /a/b), for
         * path: filters. */
        for (const char *slash = path[0] ? strchr(path + 1, '/') : NULL; slash && slash[1];
             slash = strchr(slash + 1, '/')) {
            char folder_key[13];
            accsi_folder_key(path, (size_t)(slash - path), folder_key);
            accsi_packed_boolean(p, ACCSI_PFX_FOLDER, folder_key, 12);
        }
        accsi_packed_value(p, ACCSI_SLOT_DOC, doc_key, 16);
        snprintf(num, sizeof num, "%zu", i);
        accsi_packed_value(p, ACCSI_SLOT_ORDINAL, num, strlen(num));

        add_field(&p->data, path, 0);
        add_field(&p->data, title, 0);
        add_field(&p->data, date, 0);
        if (date)
            accsi_packed_value(p, ACCSI_SLOT_DATE, date, strlen(date));
        char facets[48];
        int fl = snprintf(facets, sizeof facets, "%s %s %.4s %.16s", code,
                          accsi_format_name(fmt), date ? date : "-", doc_key);
        accsi_packed_value(p, ACCSI_SLOT_FACETS, facets, (size_t)fl);
        add_field(&p->data, code, 0);
        snprintf(num, sizeof num, "%zu", i);
        add_field(&p->data, num, 0);
        snprintf(num, sizeof num, "%u", sub ? sub->line : accsi_parsed_line(&doc, bs));
        add_field(&p->data, num, 0);
        snprintf(num, sizeof num, "%llu", (unsigned long long)bs);
        add_field(&p->data, num, 0);
        snprintf(num, sizeof num, "%llu", (unsigned long long)be);
        add_field(&p->data, num, 0);
        /* A message is named by its line, not as a page. */
        if (page && !sub)
            snprintf(num, sizeof num, "%u", page);
        add_field(&p->data, page && !sub ? num : "", 0);
        accsi_buf_add(&p->data, doc.text.data + s, e - s);
        set_print(p);
        if (p->data.failed || p->terms.failed || p->values.failed || sub_key.failed ||
            people.terms.failed)
            st = ACCS_ENOMEM;
        if (st == ACCS_OK && sink && (held == cap || i + 1 == spans.n)) {
            st = sink(ctx, buf, held, err);
            while (held)
                accsi_packed_free(&buf[--held]);
        }
    }
    accsi_buf_free(&tc.stem);
    accsi_buf_free(&sub_key);
    accsi_packed_free(&people);
    if (st == ACCS_OK)
        accsi_prepare_record(out, out->n_passages);

out:
    if (pws) {
        for (size_t i = 0; i < spans.n; i++)
            passage_words_free(&pws[i]);
        free(pws);
    }
    if (sink) {
        while (held)
            accsi_packed_free(&buf[--held]);
        free(buf);
    }
    free(sub_votes);
    accsi_spans_free(&spans);
    accsi_parsed_free(&doc);
    if (st == ACCS_ENOMEM)
        accsi_err_set(err, st, "out of memory while analysing %s", path);
    else if (st != ACCS_OK && err && !err->msg[0])
        accsi_err_set(err, st, "cannot analyse %s", path);
    return st;
}

void
accsi_prepared_free(accsi_prepared *p)
{
    if (!p)
        return;
    for (size_t i = 0; p->passages && i < p->n_passages; i++)
        accsi_packed_free(&p->passages[i]);
    free(p->passages);
    accsi_packed_free(&p->record);
    accsi_buf_free(&p->key);
    free(p->path);
    memset(p, 0, sizeof *p);
}
