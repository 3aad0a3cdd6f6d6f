/* SPDX-License-Identifier: MIT */
/* Search stage: accs_search() runs parse -> analyse -> Xapian (BM25 over
 * passages, at most N passages per document) -> snippets, and suggests a
 * spelling correction when a query finds little. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "lexicon.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
#include "synonyms.h"

/* BM25 parameters for passage-sized documents and the weights of query
 * expansions; measured on the judged queries (tests/relevance) and the
 * public collections (tools/eval-public), see README "Ranking". */
#define BM25_K1 1.2
#define BM25_B 0.75
#define W_PART 0.5
#define W_SYN 0.6
#define W_TITLE 0.3
#define W_EXACT 0.0
#define W_COORD 0.0

struct accs_results {
    accs_hit *hits;
    size_t n;
    uint64_t total;
    char *suggestion;
    char lang[4];
};

accs_status
accs_search_options_init(accs_search_options *opts, unsigned version)
{
    if (!opts || version != ACCS_SEARCH_OPTIONS_VERSION)
        return ACCS_EINVAL;
    accs_search_options def = ACCS_SEARCH_OPTIONS_INIT;
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
    free(res);
}

/* ---- spelling ----
 * A query word that is not in the index's vocabulary (as a folded word) is
 * compared with the indexed words; the nearest (edit distance 1 for short
 * words, 2 otherwise), most frequent one is suggested. */

/* Optimal string alignment distance, giving up above `max`. */
static unsigned
edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned max)
{
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    unsigned rows[3][64];
    if (la >= 63 || lb >= 63)
        return max + 1;
    unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (unsigned)i;
        unsigned row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
        unsigned *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

typedef struct {
    const char *word;
    size_t len;
    unsigned max;
    unsigned best_dist;
    uint64_t best_freq;
    accsi_buf best;
} spell_ctx;

static int
spell_cb(const char *term, size_t len, uint64_t freq, void *payload)
{
    spell_ctx *c = payload;
    unsigned char first = (unsigned char)term[0];
    if (len == 0 || (first >= 'A' && first <= 'Z'))
        return 0; /* prefixed terms */
    unsigned d = edit_distance(c->word, c->len, term, len, c->max);
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

/* The closest indexed word to `w`, or NULL. */
static char *
correct_word(accs_index *idx, const char *w)
{
    spell_ctx c = {w, strlen(w), 0, 99, 0, {0}};
    c.max = c.len <= 4 ? 1 : 2;
    accsi_buf_init(&c.best);
    char prefix[2] = {w[0], '\0'};
    /* Most misspellings keep the first letter; try those words first. */
    accsi_xdb_each_term(idx->db, prefix, spell_cb, &c, &idx->err);
    if (!c.best.len)
        accsi_xdb_each_term(idx->db, "", spell_cb, &c, &idx->err);
    char *r = c.best.len ? accsi_buf_detach(&c.best) : NULL;
    accsi_buf_free(&c.best);
    return r;
}

static char *
suggest(accs_index *idx, accsi_analyser *an, const accsi_ast *ast)
{
    accsi_query_words qw;
    accsi_query_collect_words(an, ast, &qw);
    accsi_buf out;
    accsi_buf_init(&out);
    int changed = 0;
    for (size_t i = 0; i < qw.n; i++) {
        uint64_t freq = 0;
        char *fix = NULL;
        if (accsi_xdb_termfreq(idx->db, qw.words[i], &freq, &idx->err) == ACCS_OK &&
            freq == 0 && strlen(qw.words[i]) >= 3)
            fix = correct_word(idx, qw.words[i]);
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

accs_status
accs_search(accs_results **out, accs_index *idx, const char *query,
            const accs_search_options *opts)
{
    accs_search_options defaults = ACCS_SEARCH_OPTIONS_INIT;
    accsi_ast *ast = NULL;
    accsi_qnode *q = NULL;
    accsi_highlight hl = {0};
    accsi_synonyms *user_syn = NULL;
    accsi_xmset *mset = NULL;
    accs_results *res = NULL;
    accsi_analyser *an = NULL;
    accs_status st;

    if (!out || !idx)
        return ACCS_EINVAL;
    *out = NULL;
    idx->err.msg[0] = '\0';
    if (!query)
        return accsi_err_set(&idx->err, ACCS_EINVAL, "no query given");
    if (!opts)
        opts = &defaults;
    if (opts->version != ACCS_SEARCH_OPTIONS_VERSION)
        return accsi_err_set(&idx->err, ACCS_EINVAL,
                             "unknown search options version %u", opts->version);
    accsi_lang forced = ACCSI_LANG_UNKNOWN;
    if (opts->lang && *opts->lang) {
        forced = accsi_lang_parse(opts->lang);
        if (forced == ACCSI_LANG_UNKNOWN)
            return accsi_err_set(&idx->err, ACCS_ELANG,
                                 "unsupported language '%s' (use nl or en)",
                                 opts->lang);
    }
    if (!accsi_utf8_valid(query, strlen(query)))
        return accsi_err_set(&idx->err, ACCS_EENCODING,
                             "the query is not valid UTF-8");

    st = accsi_index_analyser(idx, &an);
    if (st == ACCS_OK)
        st = accsi_query_parse(query, &ast, &idx->err);
    if (st != ACCS_OK)
        goto out;
    if (!opts->no_synonyms) {
        st = load_synonyms(idx, an);
        if (st == ACCS_OK && opts->synonyms_file)
            st = accsi_synonyms_load_file(&user_syn, an, opts->synonyms_file,
                                          &idx->err);
        if (st != ACCS_OK)
            goto out;
    }
    accsi_build_opts bo;
    memset(&bo, 0, sizeof bo);
    bo.lang = forced != ACCSI_LANG_UNKNOWN ? forced : accsi_query_lang(an, ast);
    bo.syn = opts->no_synonyms ? NULL : idx->syn;
    bo.user_syn = user_syn;
    bo.keep_stopwords = opts->no_stopwords;
    bo.compounds = !opts->no_compounds;
    bo.w_part = W_PART;
    bo.w_syn = W_SYN;
    bo.w_title = W_TITLE;
    bo.w_exact = W_EXACT;
    bo.w_coord = W_COORD;
    st = accsi_query_build(an, ast, &bo, &q, &hl, &idx->err);
    if (st != ACCS_OK)
        goto out;
    if (getenv("ACCSEARCH_DEBUG") && strstr(getenv("ACCSEARCH_DEBUG"), "query")) {
        accsi_buf d;
        accsi_buf_init(&d);
        if (accsi_xquery_describe(q, &d, &idx->err) == ACCS_OK)
            fprintf(stderr, "accsearch: query: %s\n", d.data ? d.data : "");
        accsi_buf_free(&d);
    }

    accsi_xsearch_opts xo;
    xo.k1 = BM25_K1;
    xo.b = BM25_B;
    xo.collapse_slot = opts->per_doc < 0 ? -1 : ACCSI_SLOT_DOC;
    xo.per_doc = opts->per_doc > 0 ? (unsigned)opts->per_doc : 2;
    xo.offset = opts->offset;
    xo.limit = opts->limit ? opts->limit : 10;
    if (xo.limit > 100000)
        xo.limit = 100000;
    st = accsi_xdb_search(&mset, idx->db, q, &xo, &idx->err);
    if (st != ACCS_OK)
        goto out;

    res = calloc(1, sizeof *res);
    size_t n = accsi_xmset_size(mset);
    if (!res || (n && !(res->hits = calloc(n, sizeof *res->hits)))) {
        st = ACCS_ENOMEM;
        goto out;
    }
    snprintf(res->lang, sizeof res->lang, "%s", accsi_lang_code(bo.lang));
    res->total = accsi_xmset_estimate(mset);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *data = accsi_xmset_data(mset, i, &len);
        accs_hit *h = &res->hits[res->n++];
        h->rank = opts->offset + i + 1;
        h->score = accsi_xmset_weight(mset, i);
        unsigned shard = accsi_xmset_shard(mset, i);
        h->shard = accsi_strdup(shard < idx->n_shards ? idx->shards[shard]
                                                       : idx->path);
        st = fill_hit(h, data, len, an, &hl, opts);
        if (st != ACCS_OK) {
            accsi_err_set(&idx->err, st, "cannot read a hit from the index");
            goto out;
        }
    }
    res->suggestion = suggest(idx, an, ast);
    *out = res;
    res = NULL;
out:
    accs_results_free(res);
    accsi_xmset_free(mset);
    accsi_highlight_free(&hl);
    accsi_qnode_free(q);
    accsi_ast_free(ast);
    accsi_synonyms_free(user_syn);
    if (st != ACCS_OK && !idx->err.msg[0])
        accsi_err_set(&idx->err, st, "%s", accs_status_string(st));
    return st;
}
