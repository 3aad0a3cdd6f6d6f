/* SPDX-License-Identifier: MIT */
/* Search stage: accs_search() runs parse -> analyse -> Xapian (BM25 over
 * passages, at most N passages per document) -> snippets, and suggests a
 * spelling correction when a query finds little. */
#include <stddef.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index.h"
#include "lexicon.h"
#include "query.h"
#include "schema.h"
#include "search.h"
#include "snippet.h"
#include "synonyms.h"
#include "wordset.h"

/* BM25 parameters for passage-sized documents and the weights of query
 * expansions; measured on the judged queries (tests/relevance) and the
 * public collections (tools/eval-public), see README "Ranking". */
#define BM25_K1 1.0 /* b and the length normalisation: schema.h */
#define W_PART 0.7
#define W_SYN 0.7
#define W_TITLE 0.3
#define W_EXACT 0.5
#define W_COORD 0.0
#define W_STOP 0.05
#define W_NEIGHBOUR 0.0
#define W_DOCUMENT 0.0
#define W_PROX 0.0
#define PROX_WINDOW 8
#define COMBINE_MAX 1


static accsi_ranking
ranking_params(void)
{
    accsi_ranking r = {BM25_K1, W_PART, W_SYN, W_TITLE, W_EXACT, W_COORD,
                 W_NEIGHBOUR, W_DOCUMENT, W_PROX, PROX_WINDOW, COMBINE_MAX, 0, W_STOP};
    const char *env = getenv("ACCSEARCH_RANKING");
    if (!env)
        return r;
    static const struct {
        const char *name;
        size_t off;
    } keys[] = {{"k1", offsetof(accsi_ranking, k1)},
                {"part", offsetof(accsi_ranking, part)},   {"syn", offsetof(accsi_ranking, syn)},
                {"title", offsetof(accsi_ranking, title)}, {"exact", offsetof(accsi_ranking, exact)},
                {"coord", offsetof(accsi_ranking, coord)},
                {"neighbour", offsetof(accsi_ranking, neighbour)},
                {"document", offsetof(accsi_ranking, document)},
                {"prox", offsetof(accsi_ranking, prox)},
                {"window", offsetof(accsi_ranking, window)},
                {"max", offsetof(accsi_ranking, max)},
                {"altsyn", offsetof(accsi_ranking, altsyn)},
                {"stop", offsetof(accsi_ranking, stop)}};
    const char *p = env;
    while (*p) {
        const char *eq = strchr(p, '=');
        if (!eq)
            break;
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            if (strlen(keys[i].name) == (size_t)(eq - p) &&
                strncmp(p, keys[i].name, (size_t)(eq - p)) == 0)
                *(double *)((char *)&r + keys[i].off) = strtod(eq + 1, NULL);
        const char *comma = strchr(eq, ',');
        if (!comma)
            break;
        p = comma + 1;
    }
    return r;
}

struct accs_results {
    accs_hit *hits;
    size_t n;
    uint64_t total;
    char *suggestion;
    char lang[4];
    accs_facet *facets;  /* field and value point into facet_text */
    size_t n_facets;
    char *facet_text;
};

accs_status
accs_search_options_init(accs_search_options *opts, unsigned version)
{
    if (!opts || version < 1 || version > ACCS_SEARCH_OPTIONS_VERSION)
        return ACCS_EINVAL;
    accs_search_options def = ACCS_SEARCH_OPTIONS_INIT;
    if (version == 1) { /* a caller's struct ends before `sort` */
        memcpy(opts, &def, offsetof(accs_search_options, sort));
        opts->version = 1;
        return ACCS_OK;
    }
    *opts = def;
    return ACCS_OK;
}

size_t
accs_results_count(const accs_results *res)
{
    return res ? res->n : 0;
}

uint64_t
accs_results_total(const accs_results *res)
{
    return res ? res->total : 0;
}

const accs_hit *
accs_results_hit(const accs_results *res, size_t i)
{
    return res && i < res->n ? &res->hits[i] : NULL;
}

const char *
accs_results_suggestion(const accs_results *res)
{
    return res ? res->suggestion : NULL;
}

const char *
accs_results_lang(const accs_results *res)
{
    return res ? res->lang : "";
}

void
accs_results_free(accs_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++) {
        accs_hit *h = &res->hits[i];
        free((char *)h->path);
        free((char *)h->title);
        free((char *)h->date);
        free((char *)h->lang);
        free((char *)h->text);
        free((char *)h->snippet);
        free((accs_match *)h->matches);
        free((char *)h->shard);
    }
    free(res->hits);
    free(res->suggestion);
    free(res->facets);
    free(res->facet_text);
    free(res);
}

size_t
accs_results_facet_count(const accs_results *res)
{
    return res ? res->n_facets : 0;
}

const accs_facet *
accs_results_facet(const accs_results *res, size_t i)
{
    return res && i < res->n_facets ? &res->facets[i] : NULL;
}

/* ---- facets ----
 * Every passage holds "LANG TYPE YEAR KEY" in ACCSI_SLOT_FACETS, KEY its
 * document's.  Xapian's value counter, run over all matches (on remote
 * servers too), gives each distinct value with its number of matching
 * passages: one item per document and language.  A document counts once
 * per language it matches in, and once for its type and year (its items
 * are made adjacent by sorting on KEY). */
static const char *const facet_fields[3] = {"lang", "type", "year"};

static int
by_facet(const void *a, const void *b)
{
    const accs_facet *x = a, *y = b;
    int fx = x->field[0] == 'l' ? 0 : x->field[0] == 'y' ? 1 : 2;
    int fy = y->field[0] == 'l' ? 0 : y->field[0] == 'y' ? 1 : 2;
    if (fx != fy)
        return fx - fy;
    if (fx == 1) /* years: newest first, undated last */
        return strcmp(y->value, x->value);
    if (x->documents != y->documents)
        return x->documents < y->documents ? 1 : -1;
    return strcmp(x->value, y->value);
}

typedef struct {
    const char *v;     /* "LANG TYPE YEAR KEY", borrowed from the mset */
    size_t len;
    uint64_t passages;
} facet_item;

/* The document key: the last word. */
static const char *
facet_key(const facet_item *it, size_t *len)
{
    size_t k = it->len;
    while (k && it->v[k - 1] != ' ')
        k--;
    *len = it->len - k;
    return it->v + k;
}

static int
by_facet_key(const void *a, const void *b)
{
    size_t la, lb;
    const char *ka = facet_key(a, &la), *kb = facet_key(b, &lb);
    int c = memcmp(ka, kb, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

/* Facet values are words of under 16 bytes: each has its slot of 16 in
 * facet_text, and the value pointers are set once all are counted. */
#define FACET_WORD 16

static int
add_facet(accs_results *res, size_t *cap, int field, const char *word, uint64_t passages,
          int new_document)
{
    size_t k = 0;
    while (k < res->n_facets && (res->facets[k].field != facet_fields[field] ||
                                 strcmp(res->facet_text + k * FACET_WORD, word) != 0))
        k++;
    if (k == *cap) {
        size_t c = *cap * 2;
        accs_facet *f = realloc(res->facets, c * sizeof *f);
        if (f)
            res->facets = f;
        char *t = realloc(res->facet_text, c * FACET_WORD);
        if (t)
            res->facet_text = t;
        if (!f || !t)
            return 0;
        *cap = c;
    }
    if (k == res->n_facets) {
        memset(&res->facets[k], 0, sizeof res->facets[k]);
        snprintf(res->facet_text + k * FACET_WORD, FACET_WORD, "%s", word);
        res->facets[k].field = facet_fields[field];
        res->n_facets++;
    }
    res->facets[k].passages += passages;
    res->facets[k].documents += (uint64_t)new_document;
    return 1;
}

static accs_status
count_facets(accs_index *idx, const accsi_qnode *q, const accsi_xsearch_opts *base,
             accs_results *res)
{
    accsi_xsearch_opts xo = *base;
    xo.offset = xo.limit = 0;
    xo.collapse_slot = -1;
    xo.sort_date = 0;
    xo.facet_slot = ACCSI_SLOT_FACETS;
    accsi_xmset *m = NULL;
    accs_status st = accsi_xdb_search(&m, idx->db, q, &xo, &idx->err);
    if (st != ACCS_OK)
        return st;
    size_t n = accsi_xmset_facets(m);
    facet_item *items = malloc((n ? n : 1) * sizeof *items);
    size_t cap = 16;
    res->facets = malloc(cap * sizeof *res->facets);
    res->facet_text = malloc(cap * FACET_WORD);
    if (!items || !res->facets || !res->facet_text)
        st = ACCS_ENOMEM;
    for (size_t i = 0; st == ACCS_OK && i < n; i++)
        items[i].v = accsi_xmset_facet(m, i, &items[i].len, &items[i].passages);
    if (st == ACCS_OK)
        qsort(items, n, sizeof *items, by_facet_key);
    for (size_t i = 0; st == ACCS_OK && i < n; i++) {
        size_t kl, pl = 0;
        const char *key = facet_key(&items[i], &kl);
        int same_doc = 0;
        if (i > 0) {
            const char *pk = facet_key(&items[i - 1], &pl);
            same_doc = pl == kl && memcmp(pk, key, kl) == 0;
        }
        const char *v = items[i].v;
        size_t len = (size_t)(key - v);
        for (int f = 0; f < 3; f++) {
            size_t wl = 0;
            while (wl < len && v[wl] != ' ')
                wl++;
            char word[FACET_WORD];
            snprintf(word, sizeof word, "%.*s", (int)(wl < FACET_WORD - 1 ? wl : FACET_WORD - 1),
                     v);
            if (f == 2 && strcmp(word, "-") == 0)
                word[0] = '\0';
            /* The language is per item; type and year per document. */
            if (!add_facet(res, &cap, f, word, items[i].passages, f == 0 || !same_doc)) {
                st = ACCS_ENOMEM;
                break;
            }
            v += wl;
            len -= wl;
            while (len && *v == ' ') {
                v++;
                len--;
            }
        }
    }
    free(items);
    accsi_xmset_free(m);
    if (st != ACCS_OK)
        return st;
    for (size_t k = 0; k < res->n_facets; k++)
        res->facets[k].value = res->facet_text + k * FACET_WORD;
    qsort(res->facets, res->n_facets, sizeof *res->facets, by_facet);
    return ACCS_OK;
}

/* ---- spelling ----
 * A query word that is not in the index's vocabulary (as a folded word) is
 * compared with the indexed words; the nearest (edit distance 1 for short
 * words, 2 otherwise), most frequent one with the same first letter is
 * suggested, or failing that one edit away with another.  The sorted word
 * list is walked, not read whole: as soon as a word's first k bytes are
 * too far from the query word for any word that starts with them, the walk
 * jumps past all such words.  So a typo costs a few thousand term lookups,
 * not a pass over every word of the index (170 ms at 100k files). */

typedef struct {
    const char *word;
    size_t len;
    int walked;         /* a first byte whose words were walked already, or -1 */
    unsigned max;
    unsigned best_dist;
    uint64_t best_freq;
    accsi_buf best;
} spell_ctx;

#define SPELL_MAX_LEN 62 /* longer words and terms are not compared */

/* The optimal string alignment distance from `term` to the query word,
 * computed one term byte (row) at a time.  When no term that starts with
 * the first k bytes of `term` can come within c->max, sets *prune to k and
 * returns c->max + 1; otherwise *prune is 0.  A row's minimum is at least
 * the smaller of the previous row's and one more than the one before that
 * (a transposition reaches back two rows), so once a row is over the
 * limit and the row before is at least at it, every later row is over. */
static unsigned
spell_distance(const spell_ctx *c, const char *term, size_t len, size_t *prune)
{
    unsigned rows[3][SPELL_MAX_LEN + 2];
    const char *w = c->word;
    size_t lw = c->len;
    *prune = 0;
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lw; j++)
        prev[j] = (unsigned)j;
    unsigned prev_min = 0;
    size_t n = len < SPELL_MAX_LEN ? len : SPELL_MAX_LEN;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (unsigned)i;
        unsigned row_min = cur[0];
        for (size_t j = 1; j <= lw; j++) {
            unsigned cost = term[i - 1] != w[j - 1];
            unsigned v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && term[i - 1] == w[j - 2] && term[i - 2] == w[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > c->max && prev_min >= c->max) {
            *prune = i;
            return c->max + 1;
        }
        prev_min = row_min;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return len > SPELL_MAX_LEN ? c->max + 1 : prev[lw];
}

static int
spell_cb(const char *term, size_t len, uint64_t freq, accsi_buf *seek, void *payload)
{
    spell_ctx *c = payload;
    if (len == 0)
        return 0;
    unsigned char first = (unsigned char)term[0];
    if (first >= 'A' && first <= 'Z') {
        accsi_buf_addc(seek, 'Z' + 1); /* past every prefixed term */
        return 0;
    }
    if ((int)first == c->walked) {
        if (first == 0xff)
            return 1;
        accsi_buf_addc(seek, (char)(first + 1)); /* past words walked before */
        return 0;
    }
    size_t prune;
    unsigned d = spell_distance(c, term, len, &prune);
    if (prune) {
        /* Jump to the first term after every one that starts with the
         * first `prune` bytes of this one. */
        accsi_buf_add(seek, term, prune);
        while (seek->len && (unsigned char)seek->data[seek->len - 1] == 0xff)
            seek->len--;
        if (!seek->len)
            return 1; /* nothing can follow */
        seek->data[seek->len - 1]++;
        return 0;
    }
    if (d == 0 || d > c->max)
        return 0;
    if (d < c->best_dist || (d == c->best_dist && freq > c->best_freq)) {
        c->best_dist = d;
        c->best_freq = freq;
        accsi_buf_clear(&c->best);
        accsi_buf_add(&c->best, term, len);
    }
    return 0;
}

/* The closest indexed word to `w`, or NULL.  Words that start with its
 * first letter are tried first; only with `anywhere` are the others tried
 * when none of those is close enough, and then only those one edit away
 * (the edit to the first letter). */
static char *
correct_word(accs_index *idx, const char *w, int anywhere)
{
    spell_ctx c = {w, strlen(w), -1, 0, 99, 0, {0}};
    if (c.len > SPELL_MAX_LEN)
        return NULL;
    c.max = c.len <= 4 ? 1 : 2;
    accsi_buf_init(&c.best);
    char prefix[2] = {w[0], '\0'};
    /* Most misspellings keep the first letter; try those words first. */
    accsi_xdb_walk_terms(idx->db, prefix, spell_cb, &c, &idx->err);
    if (!c.best.len && anywhere) {
        /* A word of another first letter is one edit away at most: with
         * two, every three-byte prefix of the index is a seek (thousands,
         * 30-50 ms at 100k files); with one, every two-byte prefix. */
        c.walked = (unsigned char)w[0];
        c.max = 1;
        accsi_xdb_walk_terms(idx->db, "", spell_cb, &c, &idx->err);
    }
    char *r = c.best.len ? accsi_buf_detach(&c.best) : NULL;
    accsi_buf_free(&c.best);
    return r;
}

/* Does term `prefix` + `s` occur in the index? */
static int
term_indexed(accs_index *idx, const char *prefix, const char *s, size_t len, accsi_buf *term)
{
    uint64_t freq = 0;
    accsi_buf_clear(term);
    accsi_buf_adds(term, prefix);
    accsi_buf_add(term, s, len);
    return !term->failed &&
           accsi_xdb_termfreq(idx->db, term->data ? term->data : "", &freq, &idx->err) ==
               ACCS_OK &&
           freq > 0;
}

/* Is `w` a regular inflection of an indexed stem: does it start with its
 * Dutch or English stem, of five or more bytes, and is that stem in the
 * index?  "verdragen" where only "verdrag" occurs is then found by its
 * stem.  (A shorter stem could be an unrelated word: "dene" stems to
 * "den".)  A stem that is its own word stands for itself where the word
 * occurs (accsi_word_is_own_stem). */
static int
stem_indexed(accs_index *idx, accsi_analyser *an, const char *w)
{
    accsi_buf stem, term;
    accsi_buf_init(&stem);
    accsi_buf_init(&term);
    static const accsi_lang langs[] = {ACCSI_LANG_NL, ACCSI_LANG_EN};
    size_t len = strlen(w);
    int found = 0;
    for (size_t l = 0; !found && l < 2; l++) {
        if (accsi_stem(an, langs[l], w, len, &stem) != ACCS_OK || stem.len < 5 ||
            stem.len > len || memcmp(stem.data, w, stem.len) != 0)
            continue;
        found = term_indexed(idx, ACCSI_PFX_STEM, stem.data, stem.len, &term) ||
                (accsi_word_is_own_stem(an, stem.data, stem.len) &&
                 term_indexed(idx, "", stem.data, stem.len, &term));
    }
    accsi_buf_free(&stem);
    accsi_buf_free(&term);
    return found;
}

static char *
suggest(accs_index *idx, accsi_analyser *an, const accsi_ast *ast)
{
    accsi_query_words qw;
    accsi_query_collect_words(an, ast, &qw);
    if (qw.n > 8) { /* long queries are not typed by hand: no suggestion */
        accsi_query_words_free(&qw);
        return NULL;
    }
    accsi_buf out;
    accsi_buf_init(&out);
    int changed = 0;
    for (size_t i = 0; i < qw.n; i++) {
        uint64_t freq = 0;
        char *fix = NULL;
        /* A regular inflection of an indexed stem is looked for only among
         * words of its first letter: it is found anyway, and a walk over
         * all the others would be time spent for nothing. */
        size_t wl = strlen(qw.words[i]);
        if (wl >= 3 && qw.words[i][wl - 1] != '*' &&
            accsi_xdb_termfreq(idx->db, qw.words[i], &freq, &idx->err) == ACCS_OK &&
            freq == 0)
            fix = correct_word(idx, qw.words[i], !stem_indexed(idx, an, qw.words[i]));
        if (out.len)
            accsi_buf_addc(&out, ' ');
        accsi_buf_adds(&out, fix ? fix : qw.words[i]);
        changed |= fix != NULL;
        free(fix);
    }
    accsi_query_words_free(&qw);
    if (!changed) {
        accsi_buf_free(&out);
        return NULL;
    }
    return accsi_buf_detach(&out);
}

/* ---- path: filters ----
 * Every passage holds a D term for each folder its file is in, and a P
 * term for the file itself, so path:X is the folder X or the file X: two
 * terms.  The walk made the paths it indexed absolute, so a relative X is
 * also looked for under the current folder. */

/* `path` made absolute against the current folder, "." and ".." taken
 * out; "" when there is no current folder. */
static void
absolute_path(const char *path, accsi_buf *out)
{
    char cwd[4096];
    accsi_buf_clear(out);
    if (!getcwd(cwd, sizeof cwd))
        return;
    accsi_buf joined;
    accsi_buf_init(&joined);
    accsi_buf_printf(&joined, "%s/%s", cwd, path);
    const char *s = joined.data ? joined.data : "";
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (out->len && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len)
                out->len--;
        } else if (n && !(n == 1 && s[0] == '.')) {
            accsi_buf_addc(out, '/');
            accsi_buf_add(out, s, n);
        }
        s += n;
    }
    if (!out->len)
        accsi_buf_addc(out, '/');
    if (out->data)
        out->data[out->len] = '\0';
    accsi_buf_free(&joined);
}

/* The folder or file at `path` (no trailing '/'), added to `files`. */
static void
add_path_terms(accsi_qnode *files, const char *path)
{
    size_t len = strlen(path);
    char folder_key[13], doc_key[17];
    accsi_folder_key(path, len, folder_key);
    accsi_qnode_add(files, accsi_qnode_term(ACCSI_PFX_FOLDER, folder_key, 12));
    accsi_buf key;
    accsi_buf_init(&key);
    accsi_path_key(path, &key);
    accsi_doc_key(key.data ? key.data : "", key.len, doc_key);
    accsi_qnode_add(files, accsi_qnode_term(ACCSI_PFX_PATH, doc_key, 16));
    accsi_buf_free(&key);
}

/* ---- wildcards ----
 * "cyber*" stands for the indexed words that start with "cyber": the
 * ACCSI_PREFIX_MAX most frequent, counted as one word (OP_SYNONYM), as
 * Xapian's OP_WILDCARD would pick them, but stopwords left out: "th*"
 * and "de*" would otherwise stand mostly for "the" and "de", which half
 * the passages hold (85 ms for "th*" at 100k files).  Only when the
 * prefix begins stopwords and nothing else do they count. */
typedef struct {
    char *term;
    uint64_t freq;
} prefix_word;

typedef struct {
    prefix_word *w;
    size_t n, cap;
    size_t stopwords; /* left out */
    int failed;
} prefix_words;

static int
prefix_word_cb(const char *term, size_t len, uint64_t freq, void *payload)
{
    prefix_words *pw = payload;
    if (accsi_is_stopword(ACCSI_LANG_NL, term, len) ||
        accsi_is_stopword(ACCSI_LANG_EN, term, len)) {
        pw->stopwords++;
        return 0;
    }
    if (!accsi_grow((void **)&pw->w, &pw->cap, pw->n, sizeof *pw->w) ||
        !(pw->w[pw->n].term = accsi_strndup(term, len))) {
        pw->failed = 1;
        return 1;
    }
    pw->w[pw->n++].freq = freq;
    return 0;
}

/* Most frequent first; then by term, so that the choice is the same on
 * every run and every shard layout. */
static int
by_freq(const void *a, const void *b)
{
    const prefix_word *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq < y->freq ? 1 : -1;
    return strcmp(x->term, y->term);
}

/* The PREFIX node `q` becomes the SYNONYM of its words (or a node that
 * matches nothing). */
static accs_status
expand_prefix(accs_index *idx, accsi_qnode *q)
{
    prefix_words pw = {0};
    accs_status st = accsi_xdb_each_term(idx->db, q->term, prefix_word_cb, &pw, &idx->err);
    if (st == ACCS_OK && pw.failed)
        st = accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
    if (st == ACCS_OK && pw.n == 0 && pw.stopwords > 0) {
        /* Stopwords only ("th" where only "the" and "this" are indexed):
         * then they are what the prefix means, and the node stays a
         * wildcard that Xapian expands. */
        free(pw.w);
        return ACCS_OK;
    }
    if (st == ACCS_OK) {
        if (pw.n > 1)
            qsort(pw.w, pw.n, sizeof *pw.w, by_freq);
        size_t keep = pw.n < ACCSI_PREFIX_MAX ? pw.n : ACCSI_PREFIX_MAX;
        q->op = keep ? ACCSI_Q_SYNONYM : ACCSI_Q_NOTHING;
        free(q->term);
        q->term = NULL;
        for (size_t i = 0; i < keep && st == ACCS_OK; i++) {
            accsi_qnode *t = accsi_qnode_term(NULL, pw.w[i].term, strlen(pw.w[i].term));
            if (!accsi_qnode_add(q, t))
                st = accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
        }
    }
    for (size_t i = 0; i < pw.n; i++)
        free(pw.w[i].term);
    free(pw.w);
    return st;
}

/* Replace the nodes that need the index to become terms: path: filters
 * and wildcards. */
static accs_status
expand_query(accs_index *idx, accsi_qnode *q)
{
    if (!q)
        return ACCS_OK;
    if (q->op == ACCSI_Q_PREFIX && q->term)
        return expand_prefix(idx, q);
    if (q->op == ACCSI_Q_PATH) {
        accsi_qnode *files = accsi_qnode_new(ACCSI_Q_OR);
        if (!files)
            return accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
        if (strcmp(q->term, "/") == 0) {
            accsi_qnode_add(files, accsi_qnode_all_passages());
        } else {
            add_path_terms(files, q->term);
            if (q->term[0] != '/') {
                accsi_buf abs;
                accsi_buf_init(&abs);
                absolute_path(q->term, &abs);
                if (abs.len)
                    add_path_terms(files, abs.data);
                accsi_buf_free(&abs);
            }
        }
        /* The node becomes the OR of those terms. */
        free(q->term);
        q->term = NULL;
        q->op = ACCSI_Q_OR;
        q->kids = files->kids;
        q->n_kids = files->n_kids;
        q->cap_kids = files->cap_kids;
        files->kids = NULL;
        files->n_kids = files->cap_kids = 0;
        accsi_qnode_free(files);
        if (q->n_kids == 0)
            return accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
        return ACCS_OK;
    }
    for (size_t i = 0; i < q->n_kids; i++) {
        accs_status st = expand_query(idx, q->kids[i]);
        if (st != ACCS_OK)
            return st;
    }
    return ACCS_OK;
}

/* ---- context rescoring and collapsing ----
 * A passage's score is its own BM25 score plus a share of the best score
 * of its neighbours (the passages just before and after it) and of the
 * best other passage of its document, among the passages retrieved. */

typedef struct {
    size_t i;         /* index in the mset */
    size_t tie;       /* 0, or (ties left unresolved) the mset index */
    double bm25;      /* Xapian's score */
    double score;     /* after rescoring */
    char *key;        /* document key */
    char *path;       /* read only for candidates whose score ties */
    unsigned ordinal; /* passage number in the document */
} cand;

/* A score rounded to 1e-9: Xapian's sums over several (remote) databases
 * can differ from one index's in the last bit, and two passages that tie
 * in one must tie in the other. */
static double
rounded(double w)
{
    return nearbyint(w * 1e9) / 1e9;
}

/* File name first, then the whole path: the same files indexed under
 * another folder, or spread over shards, keep their order. */
static int
by_name(const char *p, const char *q)
{
    const char *bp = strrchr(p, '/'), *bq = strrchr(q, '/');
    int c = strcmp(bp ? bp + 1 : p, bq ? bq + 1 : q);
    return c ? c : strcmp(p, q);
}

static int
by_doc(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

/* Best score first; ties by file name, document and passage, so that the
 * order does not depend on document ids (which differ between one index
 * and shards) -- unless more passages tie at the cut than were fetched:
 * then every tie keeps Xapian's order, which all pages of results share. */
static int
by_score(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    if (x->tie != y->tie)
        return x->tie < y->tie ? -1 : 1;
    int c = x->path && y->path ? by_name(x->path, y->path) : 0;
    if (c)
        return c;
    c = strcmp(x->key, y->key);
    if (c)
        return c;
    return (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

static void
rescore(cand *c, size_t n, double w_neighbour, double w_document)
{
    for (size_t i = 0; i < n; i++)
        c[i].score = c[i].bm25;
    if (n == 0 || (w_neighbour <= 0 && w_document <= 0)) {
        qsort(c, n, sizeof *c, by_score);
        return;
    }
    qsort(c, n, sizeof *c, by_doc);
    for (size_t g = 0; g < n;) {
        size_t e = g;
        while (e < n && strcmp(c[e].key, c[g].key) == 0)
            e++;
        /* The two best passages of the document. */
        double best = 0, second = 0;
        for (size_t k = g; k < e; k++) {
            if (c[k].bm25 > best) {
                second = best;
                best = c[k].bm25;
            } else if (c[k].bm25 > second) {
                second = c[k].bm25;
            }
        }
        for (size_t k = g; k < e; k++) {
            double nb = 0;
            if (k > g && c[k - 1].ordinal + 1 == c[k].ordinal)
                nb = c[k - 1].bm25;
            if (k + 1 < e && c[k + 1].ordinal == c[k].ordinal + 1 && c[k + 1].bm25 > nb)
                nb = c[k + 1].bm25;
            double other = c[k].bm25 == best ? second : best;
            c[k].score = c[k].bm25 + w_neighbour * nb + w_document * other;
        }
        g = e;
    }
    qsort(c, n, sizeof *c, by_score);
}

/* Passages of document `key` already kept (counted in `count`), before
 * this one; counts this one when there is room under `per_doc`. */
static unsigned
take(accsi_wordset *count, const char *key, size_t len, unsigned per_doc)
{
    const char *v = NULL;
    unsigned seen = accsi_wordset_get(count, key, len, &v) ? (unsigned)strtoul(v, NULL, 10) : 0;
    if (seen < per_doc) {
        char num[16];
        int n = snprintf(num, sizeof num, "%u", seen + 1);
        accsi_wordset_put(count, key, len, num, (size_t)n);
    }
    return seen;
}

/* Keep at most `per_doc` passages of each document (0: all), in order;
 * returns how many are kept at the front of `c`. */
static size_t
collapse(cand *c, size_t n, unsigned per_doc)
{
    if (per_doc == 0)
        return n;
    accsi_wordset *count = accsi_wordset_new();
    if (!count)
        return n;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (take(count, c[i].key, strlen(c[i].key), per_doc) >= per_doc) {
            free(c[i].key);
            free(c[i].path);
            c[i].key = c[i].path = NULL;
            continue;
        }
        c[kept++] = c[i];
    }
    /* Dropped entries were freed, kept ones moved: clear the tail for the
     * caller. */
    for (size_t i = kept; i < n; i++)
        c[i].key = c[i].path = NULL;
    accsi_wordset_free(count);
    return kept;
}

enum { FETCH_SHORT, FETCH_TIED, FETCH_ENOUGH };

/* The mset index of the `want`-th passage that survives collapsing to
 * `per_doc` passages per document (0: no collapsing), in Xapian's order;
 * the mset's size if fewer survive.  Reads the collapse key of each
 * passage up to there, and no further. */
static size_t
survivor_cut(accsi_xmset *m, size_t want, unsigned per_doc)
{
    size_t got = accsi_xmset_size(m);
    if (want == 0 || got < want)
        return got;
    if (per_doc == 0)
        return want - 1;
    accsi_wordset *count = accsi_wordset_new();
    if (!count)
        return got;
    size_t kept = 0, cut = got;
    for (size_t i = 0; i < got && cut == got; i++) {
        size_t len;
        const char *key = accsi_xmset_value(m, i, ACCSI_SLOT_DOC, &len);
        if (take(count, key, len, per_doc) >= per_doc)
            continue;
        if (++kept == want)
            cut = i;
    }
    accsi_wordset_free(count);
    return cut;
}

/* Enough candidates for `want` hits after collapsing to `per_doc`
 * passages per document (0: no collapsing here)?  Counts, in Xapian's
 * order, the passages that survive collapsing; the `want`-th survivor's
 * score must beat the last fetched passage's, so that nothing left out
 * could tie with it or outrank it.  FETCH_SHORT: too few survivors;
 * FETCH_TIED: enough, but the last fetched passage ties with the cut. */
static int
enough(accsi_xmset *m, size_t want, unsigned per_doc, size_t limit, int collapsed)
{
    size_t got = accsi_xmset_size(m);
    if (got < limit || want == 0)
        return FETCH_ENOUGH; /* everything that matches was fetched */
    size_t cut = survivor_cut(m, want, collapsed ? 0 : per_doc);
    if (cut == got)
        return FETCH_SHORT;
    return rounded(accsi_xmset_weight(m, cut)) > rounded(accsi_xmset_weight(m, got - 1))
        ? FETCH_ENOUGH
        : FETCH_TIED;
}

/* Is ACCSEARCH_DEBUG set to a list that names `what`? */
static int
debugging(const char *what)
{
    const char *d = getenv("ACCSEARCH_DEBUG");
    return d && strstr(d, what);
}

/* Run the search, fetching more passages while enough() says the hits
 * could still change.  Ties at the cut matter too: Xapian breaks them by
 * document id, which differs between one index and its shards, so tied
 * passages are fetched and by_score orders them by name.  But a common
 * word in passages of the same length can tie thousands of passages:
 * ties are fetched up to four times the first fetch, and beyond that
 * (`*capped`) the tied passages keep Xapian's order, by document id, so
 * that the pages of one search agree.  When a few documents fill the
 * fetched passages, Xapian collapses instead. */
static accs_status
fetch(accsi_xmset **out, accs_index *idx, const accsi_qnode *q, accsi_xsearch_opts *xo,
      size_t want, unsigned per_doc, int *capped)
{
    size_t first_limit = xo->limit;
    int collapsed = 0;
    for (int round = 0;; round++) {
        accsi_xmset *m = NULL;
        accs_status st = accsi_xdb_search(&m, idx->db, q, xo, &idx->err);
        if (st != ACCS_OK)
            return st;
        int e = enough(m, want, per_doc, xo->limit, collapsed);
        if (debugging("query"))
            fprintf(stderr, "accsearch: fetch: limit %zu%s: %zu passages, %s\n",
                    xo->limit, collapsed ? ", collapsed" : "", accsi_xmset_size(m),
                    e == FETCH_ENOUGH ? "enough" : e == FETCH_SHORT ? "short" : "tied");
        if (round >= 4 || e == FETCH_ENOUGH ||
            (e == FETCH_TIED && xo->limit >= 4 * first_limit)) {
            *capped = e == FETCH_TIED;
            *out = m;
            return ACCS_OK;
        }
        accsi_xmset_free(m);
        if (e == FETCH_SHORT && !collapsed && round >= 1) {
            xo->collapse_slot = ACCSI_SLOT_DOC;
            xo->limit = first_limit;
            collapsed = 1;
            round = -1;
            continue;
        }
        xo->limit *= 4;
    }
}

/* ---- search ---- */

static accs_status
load_synonyms(accs_index *idx, accsi_analyser *an)
{
    if (idx->syn)
        return ACCS_OK;
    return accsi_synonyms_load(&idx->syn, an, accsi_data_synonyms,
                               accsi_data_synonyms_len, &idx->err);
}

static accs_status
fill_hit(accs_hit *h, const char *data, size_t len, accsi_analyser *an,
         const accsi_highlight *hl, const accs_search_options *o)
{
    const char *f[ACCSI_DATA_N_FIELDS];
    if (!accsi_data_fields(data, len, f))
        return ACCS_ECORRUPT;
    size_t text_len = len - (size_t)(f[ACCSI_DATA_TEXT] - data);
    h->path = accsi_strdup(f[ACCSI_DATA_PATH]);
    h->title = accsi_strdup(f[ACCSI_DATA_TITLE]);
    h->date = accsi_strdup(f[ACCSI_DATA_DATE]);
    h->lang = accsi_strdup(f[ACCSI_DATA_LANG]);
    h->text = accsi_strndup(f[ACCSI_DATA_TEXT], text_len);
    h->passage = (unsigned)strtoul(f[ACCSI_DATA_ORDINAL], NULL, 10);
    h->line = (unsigned)strtoul(f[ACCSI_DATA_LINE], NULL, 10);
    h->byte_start = strtoull(f[ACCSI_DATA_BYTE_START], NULL, 10);
    h->byte_end = strtoull(f[ACCSI_DATA_BYTE_END], NULL, 10);
    h->page = (unsigned)strtoul(f[ACCSI_DATA_PAGE], NULL, 10);
    if (!h->path || !h->title || !h->date || !h->lang || !h->text)
        return ACCS_ENOMEM;
    accsi_snippet sn;
    accs_status st = accsi_snippet_make(
        an, h->text, text_len, accsi_lang_parse(h->lang), hl,
        o->hl_start ? o->hl_start : "[", o->hl_end ? o->hl_end : "]",
        o->snippet_words ? o->snippet_words : 40, &sn);
    if (st != ACCS_OK)
        return st;
    h->snippet = accsi_buf_detach(&sn.text);
    h->matches = sn.matches;
    h->n_matches = sn.n_matches;
    return h->snippet ? ACCS_OK : ACCS_ENOMEM;
}


void
accsi_query_plan_free(accsi_query_plan *bq)
{
    accsi_highlight_free(&bq->hl);
    accsi_qnode_free(bq->q);
    accsi_ast_free(bq->ast);
    accsi_synonyms_free(bq->user_syn);
    memset(bq, 0, sizeof *bq);
}

accs_status
accsi_plan_query(accs_index *idx, const char *query, const accs_search_options *opts,
            accsi_query_plan *bq)
{
    static const accs_search_options defaults = ACCS_SEARCH_OPTIONS_INIT;
    memset(bq, 0, sizeof *bq);
    idx->err.msg[0] = '\0';
    if (!query)
        return accsi_err_set(&idx->err, ACCS_EINVAL, "no query given");
    if (!opts)
        opts = &defaults;
    bq->opts = opts;
    if (opts->version < 1 || opts->version > ACCS_SEARCH_OPTIONS_VERSION)
        return accsi_err_set(&idx->err, ACCS_EINVAL,
                             "unknown search options version %u", opts->version);
    bq->sort = opts->version >= 2 ? opts->sort : ACCS_SORT_RELEVANCE;
    if (bq->sort != ACCS_SORT_RELEVANCE && bq->sort != ACCS_SORT_NEWEST &&
        bq->sort != ACCS_SORT_OLDEST)
        return accsi_err_set(&idx->err, ACCS_EINVAL, "unknown sort order %d", (int)bq->sort);
    bq->forced = ACCSI_LANG_UNKNOWN;
    if (opts->lang && *opts->lang) {
        bq->forced = accsi_lang_parse(opts->lang);
        if (bq->forced == ACCSI_LANG_UNKNOWN)
            return accsi_err_set(&idx->err, ACCS_ELANG,
                                 "unsupported language '%s' (use nl or en)",
                                 opts->lang);
    }
    if (!accsi_utf8_valid(query, strlen(query)))
        return accsi_err_set(&idx->err, ACCS_EENCODING,
                             "the query is not valid UTF-8");

    accs_status st = accsi_index_analyser(idx, &bq->an);
    if (st == ACCS_OK)
        st = opts->is_plain ? accsi_query_parse_plain(query, &bq->ast, &idx->err)
                            : accsi_query_parse(query, &bq->ast, &idx->err);
    if (st == ACCS_OK && opts->version >= 2 && opts->prefix_last)
        st = accsi_ast_prefix_last(&bq->ast, query, &idx->err);
    if (st != ACCS_OK)
        return st;
    if (!opts->no_synonyms) {
        st = load_synonyms(idx, bq->an);
        if (st == ACCS_OK && opts->synonyms_file)
            st = accsi_synonyms_load_file(&bq->user_syn, bq->an, opts->synonyms_file,
                                          &idx->err);
        if (st != ACCS_OK)
            return st;
    }
    accsi_ranking rk = ranking_params();
    bq->rk = rk;
    accsi_build_opts *bo = &bq->bo;
    /* A detected language decides which stopwords to drop; words are still
     * matched under both languages' stems, because the best answer to an
     * English query may well be a Dutch passage.  --lang restricts both. */
    bo->lang = bq->forced != ACCSI_LANG_UNKNOWN ? bq->forced : accsi_query_lang(bq->an, bq->ast);
    bo->stem_lang = bq->forced;
    bo->syn = opts->no_synonyms ? NULL : idx->syn;
    bo->user_syn = bq->user_syn;
    bo->keep_stopwords = opts->no_stopwords;
    bo->compounds = !opts->no_compounds;
    bo->w_part = rk.part;
    bo->w_syn = rk.syn;
    bo->w_title = rk.title;
    bo->w_exact = rk.exact;
    bo->w_coord = rk.coord;
    bo->w_prox = rk.prox;
    bo->w_stop = rk.stop;
    bo->prox_window = (unsigned)rk.window;
    bo->combine_max = rk.max != 0;
    bo->alt_synonym = (int)rk.altsyn;
    st = accsi_query_build(bq->an, bq->ast, bo, &bq->q, &bq->hl, &idx->err);
    if (st == ACCS_OK)
        st = expand_query(idx, bq->q);
    if (st == ACCS_OK && debugging("query")) {
        accsi_buf d;
        accsi_buf_init(&d);
        if (accsi_xquery_describe(bq->q, &d, &idx->err) == ACCS_OK)
            fprintf(stderr, "accsearch: query: %s\n", d.data ? d.data : "");
        accsi_buf_free(&d);
    }
    return st;
}

static accs_status
search_once(accs_results **out, accs_index *idx, const char *query,
            const accs_search_options *opts)
{
    accsi_query_plan bq;
    accsi_xmset *mset = NULL;
    accs_results *res = NULL;
    cand *cands = NULL;
    size_t n_cand = 0;
    accs_status st;

    if (!out || !idx)
        return ACCS_EINVAL;
    *out = NULL;
    st = accsi_plan_query(idx, query, opts, &bq);
    if (st != ACCS_OK)
        goto out;
    opts = bq.opts;
    accsi_analyser *an = bq.an;
    const accsi_ast *ast = bq.ast;
    const accsi_qnode *q = bq.q;
    accsi_build_opts bo = bq.bo;
    accsi_ranking rk = bq.rk;
    accs_sort sort = bq.sort;
    int by_date = sort != ACCS_SORT_RELEVANCE;

    size_t want = (opts->limit ? opts->limit : 10) + opts->offset;
    if (want > 100000)
        want = 100000;
    int per_doc = opts->per_doc < 0 ? 0 : opts->per_doc > 0 ? opts->per_doc : 2;
    int rescoring = !by_date && (rk.neighbour > 0 || rk.document > 0);
    /* With context rescoring, ask Xapian for more passages than needed,
     * uncollapsed: rescoring may reorder them, and collapsing comes after
     * it.  Without it, the passages are still fetched uncollapsed at first
     * and collapsed here: Xapian's collapsing reads the key of every
     * candidate it weighs, a fifth of a search's time, while most queries
     * find enough documents among the first few passages.  Only when a few
     * documents crowd out the rest does Xapian collapse (see fetch). */
    accsi_xsearch_opts xo;
    xo.k1 = rk.k1;
    xo.collapse_slot = -1;
    xo.per_doc = (unsigned)per_doc;
    xo.offset = 0;
    xo.limit = rescoring ? want * 4 + 50 : want + 10;
    xo.sort_date = 0;
    xo.facet_slot = -1;
    size_t first_limit = xo.limit;
    int capped = 0, fill_capped = 0;
    if (by_date) {
        /* In date order, scores only order passages of one date: one
         * fetch, collapsed by Xapian, is the answer. */
        xo.sort_date = sort == ACCS_SORT_NEWEST ? 1 : -1;
        xo.collapse_slot = per_doc ? ACCSI_SLOT_DOC : -1;
        xo.limit = want;
        st = accsi_xdb_search(&mset, idx->db, q, &xo, &idx->err);
    } else {
        st = fetch(&mset, idx, q, &xo, want, rescoring ? 0 : (unsigned)per_doc, &capped);
    }
    if (st != ACCS_OK)
        goto out;
    /* When fewer passages than asked for share a word with the query,
     * those that share only its stopwords fill the rest, below them.
     * (Not when none do: then a misspelling gets a suggestion, not a page
     * of passages that merely contain "the".) */
    if (!by_date && rk.stop > 0 && accsi_xmset_size(mset) > 0 &&
        accsi_xmset_size(mset) < want) {
        accsi_qnode *fill = NULL;
        accsi_highlight fill_hl = {0};
        accsi_xmset *more = NULL;
        bo.stop_fill = 1;
        xo.collapse_slot = -1;
        xo.limit = first_limit;
        if (accsi_query_build(an, ast, &bo, &fill, &fill_hl, &idx->err) == ACCS_OK &&
            expand_query(idx, fill) == ACCS_OK &&
            fetch(&more, idx, fill, &xo, want, rescoring ? 0 : (unsigned)per_doc,
                  &fill_capped) == ACCS_OK &&
            accsi_xmset_size(more) > accsi_xmset_size(mset)) {
            accsi_xmset_free(mset);
            mset = more;
            capped = fill_capped;
            more = NULL;
        }
        accsi_xmset_free(more);
        accsi_qnode_free(fill);
        accsi_highlight_free(&fill_hl);
    }
    n_cand = accsi_xmset_size(mset);
    if (!rescoring && !by_date) {
        /* Passages after the cut's tie group score lower than the last
         * hit shown: their keys need not be read. */
        size_t cut = survivor_cut(mset, want, (unsigned)per_doc);
        if (cut < n_cand) {
            double at_cut = rounded(accsi_xmset_weight(mset, cut));
            while (cut + 1 < n_cand && rounded(accsi_xmset_weight(mset, cut + 1)) == at_cut)
                cut++;
            n_cand = cut + 1;
        }
    }
    cands = calloc(n_cand ? n_cand : 1, sizeof *cands);
    if (!cands) {
        st = ACCS_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n_cand; i++) {
        size_t len;
        const char *v = accsi_xmset_value(mset, i, ACCSI_SLOT_DOC, &len);
        cands[i].i = i;
        cands[i].tie = capped ? i : 0;
        cands[i].bm25 = rounded(accsi_xmset_weight(mset, i));
        cands[i].score = cands[i].bm25; /* rescore() may change it */
        cands[i].key = strndup(v, len);
        if (!cands[i].key) {
            st = ACCS_ENOMEM;
            goto out;
        }
    }
    /* Passage numbers cost a block read each: they are read only when
     * rescoring looks at neighbours, or to order two passages of one
     * document with the same score. */
    int need_ordinals = rescoring;
    if (!by_date)
        qsort(cands, n_cand, sizeof *cands, by_score);
    for (size_t i = 0; i + 1 < n_cand && !by_date; i++) {
        if (capped || cands[i].bm25 != cands[i + 1].bm25)
            continue;
        need_ordinals |= strcmp(cands[i].key, cands[i + 1].key) == 0;
        /* Tied scores are ordered by path, read from the stored data. */
        for (size_t k = i; k <= i + 1; k++) {
            const char *data, *f[ACCSI_DATA_N_FIELDS];
            size_t dlen;
            if (cands[k].path ||
                accsi_xmset_data(mset, cands[k].i, &data, &dlen, &idx->err) != ACCS_OK ||
                !accsi_data_fields(data, dlen, f))
                continue;
            if (!(cands[k].path = strdup(f[ACCSI_DATA_PATH]))) {
                st = ACCS_ENOMEM;
                goto out;
            }
        }
    }
    for (size_t i = 0; need_ordinals && i < n_cand; i++) {
        size_t len;
        const char *v = accsi_xmset_value(mset, cands[i].i, ACCSI_SLOT_ORDINAL, &len);
        cands[i].ordinal = (unsigned)strtoul(v, NULL, 10);
    }
    if (!by_date)
        rescore(cands, n_cand, rk.neighbour, rk.document);
    size_t n_keep = collapse(cands, n_cand, (unsigned)per_doc);

    res = calloc(1, sizeof *res);
    size_t first = opts->offset < n_keep ? opts->offset : n_keep;
    size_t n = n_keep - first < want - opts->offset ? n_keep - first : want - opts->offset;
    if (!res || (n && !(res->hits = calloc(n, sizeof *res->hits)))) {
        st = ACCS_ENOMEM;
        goto out;
    }
    snprintf(res->lang, sizeof res->lang, "%s", accsi_lang_code(bo.lang));
    res->total = accsi_xmset_estimate(mset);
    for (size_t r = 0; r < n; r++) {
        const cand *c = &cands[first + r];
        size_t len;
        const char *data = NULL;
        st = accsi_xmset_data(mset, c->i, &data, &len, &idx->err);
        if (st != ACCS_OK)
            goto out;
        accs_hit *h = &res->hits[res->n++];
        h->rank = first + r + 1;
        h->score = c->score;
        h->shard = accsi_strdup(accsi_xdb_open_name(idx->db,
                                                    accsi_xmset_shard(mset, c->i)));
        st = fill_hit(h, data, len, an, &bq.hl, opts);
        if (st != ACCS_OK) {
            accsi_err_set(&idx->err, st, "cannot read a hit from the index");
            goto out;
        }
    }
    if (opts->version >= 2 && opts->facets) {
        st = count_facets(idx, q, &xo, res);
        if (st != ACCS_OK)
            goto out;
    }
    res->suggestion = suggest(idx, an, ast);
    if (accsi_xdb_missing(idx->db) &&
        (!idx->missing || strcmp(idx->missing, accsi_xdb_missing(idx->db)) != 0)) {
        free(idx->missing);
        idx->missing = accsi_strdup(accsi_xdb_missing(idx->db));
    }
    *out = res;
    res = NULL;
out:
    accs_results_free(res);
    for (size_t i = 0; cands && i < n_cand; i++) {
        free(cands[i].key);
        free(cands[i].path);
    }
    free(cands);
    accsi_xmset_free(mset);
    accsi_query_plan_free(&bq);
    if (st != ACCS_OK && !idx->err.msg[0])
        accsi_err_set(&idx->err, st, "%s", accs_status_string(st));
    return st;
}

accs_status
accs_search(accs_results **out, accs_index *idx, const char *query,
            const accs_search_options *opts)
{
    /* A writer that commits while we read can move the blocks a reader
     * still needs: Xapian then says "modified" (or, two commits on, may
     * even see a block of the wrong kind).  Reopen on the latest commit
     * and run the search again. */
    accs_status st = ACCS_OK;
    for (int attempt = 0; attempt < 5; attempt++) {
        st = search_once(out, idx, query, opts);
        if ((st != ACCS_EMODIFIED && st != ACCS_ECORRUPT) || !idx || idx->writable)
            break;
        if (accsi_xdb_reopen(idx->db, &idx->err) != ACCS_OK)
            break;
    }
    return st;
}
