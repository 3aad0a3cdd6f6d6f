/* SPDX-License-Identifier: MIT */
/* libFuzzer target: query parsing (both syntaxes) and Xapian query trees. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lexicon.h"
#include "query.h"
#include "schema.h"
#include "synonyms.h"

static accsi_synonyms *builtin_syn;

static void
check_ast(const accsi_ast *a, size_t qlen, int plain, unsigned depth)
{
    FUZZ_CHECK(a != NULL, "NULL syntax tree node");
    FUZZ_CHECK(depth < 1000, "syntax tree deeper than 1000");
    FUZZ_CHECK(a->pos <= qlen, "node at position %zu of %zu", a->pos, qlen);
    FUZZ_CHECK(a->n_kids <= a->cap_kids, "%zu kids, capacity %zu", a->n_kids,
               a->cap_kids);
    switch (a->kind) {
    case ACCSI_AST_WORD:
        FUZZ_CHECK(a->text && a->text[0] && a->n_kids == 0,
                   "bad word node at %zu", a->pos);
        break;
    case ACCSI_AST_PHRASE:
        FUZZ_CHECK(a->text && a->n_kids == 0, "bad phrase node at %zu", a->pos);
        break;
    case ACCSI_AST_FIELD:
        FUZZ_CHECK(a->field && a->text && a->n_kids == 0,
                   "bad field node at %zu", a->pos);
        break;
    case ACCSI_AST_SEQ:
        FUZZ_CHECK(a->n_kids >= (plain ? 1u : 2u), "sequence of %zu at %zu",
                   a->n_kids, a->pos);
        break;
    case ACCSI_AST_AND:
    case ACCSI_AST_OR:
        FUZZ_CHECK(a->n_kids >= 2, "AND/OR with %zu kids at %zu", a->n_kids,
                   a->pos);
        break;
    case ACCSI_AST_NOT:
    case ACCSI_AST_PLUS:
        FUZZ_CHECK(a->n_kids == 1, "NOT/PLUS with %zu kids at %zu", a->n_kids,
                   a->pos);
        break;
    case ACCSI_AST_NEAR:
        FUZZ_CHECK(!plain && a->n_kids >= 2 && a->window <= ACCSI_NEAR_MAX,
                   "NEAR with %zu kids, window %u at %zu", a->n_kids, a->window, a->pos);
        for (size_t i = 0; i < a->n_kids; i++)
            FUZZ_CHECK(a->kids[i]->kind == ACCSI_AST_WORD, "NEAR kid %zu is no word", i);
        break;
    default:
        FUZZ_CHECK(0, "unknown node kind %d", (int)a->kind);
    }
    for (size_t i = 0; i < a->n_kids; i++)
        check_ast(a->kids[i], qlen, plain, depth + 1);
}

static void
check_qnode(const accsi_qnode *q, unsigned depth)
{
    FUZZ_CHECK(q != NULL, "NULL query node");
    FUZZ_CHECK(depth < 2000, "query tree deeper than 2000");
    switch (q->op) {
    case ACCSI_Q_TERM:
        /* An empty term would match every document in Xapian. */
        FUZZ_CHECK(q->term && q->term[0] && q->n_kids == 0, "bad term node");
        break;
    case ACCSI_Q_RANGE:
        FUZZ_CHECK((q->term || q->hi) && q->n_kids == 0 && q->slot == ACCSI_SLOT_DATE,
                   "bad range node");
        break;
    case ACCSI_Q_PATH:
        FUZZ_CHECK(q->term && q->term[0] && q->n_kids == 0, "bad path node");
        break;
    case ACCSI_Q_PREFIX:
        /* At least two characters: a shorter prefix is refused. */
        FUZZ_CHECK(q->term && q->term[0] && q->term[1] && q->n_kids == 0,
                   "bad wildcard node");
        break;
    case ACCSI_Q_PHRASE:
    case ACCSI_Q_NEAR:
        FUZZ_CHECK(q->n_kids >= 2, "phrase/near with %zu kids", q->n_kids);
        for (size_t i = 0; i < q->n_kids; i++)
            FUZZ_CHECK(q->kids[i] && q->kids[i]->op == ACCSI_Q_TERM,
                       "phrase/near kid %zu is not a term", i);
        break;
    case ACCSI_Q_SCALE:
    case ACCSI_Q_BONUS:
        FUZZ_CHECK(q->n_kids == 1 && q->factor > 0, "scale/bonus with %zu kids, "
                   "factor %g", q->n_kids, q->factor);
        break;
    case ACCSI_Q_AND_NOT:
    case ACCSI_Q_AND_MAYBE:
    case ACCSI_Q_FILTER:
        FUZZ_CHECK(q->n_kids == 2, "binary operator %d with %zu kids",
                   (int)q->op, q->n_kids);
        break;
    case ACCSI_Q_AND:
    case ACCSI_Q_OR:
    case ACCSI_Q_SYNONYM:
    case ACCSI_Q_MAX:
        break;
    case ACCSI_Q_ALL:
    case ACCSI_Q_NOTHING:
        FUZZ_CHECK(q->n_kids == 0, "ALL/NOTHING with kids");
        break;
    default:
        FUZZ_CHECK(0, "unknown query operator %d", (int)q->op);
    }
    for (size_t i = 0; i < q->n_kids; i++)
        check_qnode(q->kids[i], depth + 1);
}

/* Build (as accs_search does), check, describe through Xapian, free. */
static void
build(accsi_analyser *an, const accsi_ast *ast, uint64_t h)
{
    accsi_build_opts bo;
    memset(&bo, 0, sizeof bo);
    accsi_lang detected = accsi_query_lang(an, ast);
    accsi_lang forced = (accsi_lang)(h % 3);
    bo.lang = forced != ACCSI_LANG_UNKNOWN ? forced : detected;
    bo.stem_lang = forced;
    bo.syn = (h >> 2) & 1 ? NULL : builtin_syn;
    bo.user_syn = NULL;
    bo.keep_stopwords = (h >> 3) & 1;
    bo.compounds = !((h >> 4) & 1);
    bo.w_part = 0.7;
    bo.w_syn = 0.8;
    bo.w_title = 0.3;
    bo.w_exact = 0.5;
    bo.w_coord = (h >> 5) & 1 ? 0.2 : 0.0;
    bo.w_prox = (h >> 6) & 1 ? 0.3 : 0.0;
    bo.prox_window = 8;
    bo.combine_max = !((h >> 7) & 1);

    accsi_qnode *q = NULL;
    accsi_highlight hl;
    accsi_err err;
    memset(&hl, 0, sizeof hl);
    err.msg[0] = '\0';
    accs_status st = accsi_query_build(an, ast, &bo, &q, &hl, &err);
    /* A query can still be refused here (lang:xx with an unknown code). */
    FUZZ_CHECK(st == ACCS_OK || st == ACCS_EQUERY,
               "accsi_query_build failed (%d): %s", (int)st, err.msg);
    if (st == ACCS_OK) {
        FUZZ_CHECK(q != NULL, "no query tree");
        check_qnode(q, 0);
        accsi_buf desc;
        accsi_buf_init(&desc);
        st = accsi_xquery_describe(q, &desc, &err);
        FUZZ_CHECK(st == ACCS_OK, "Xapian refused the query tree (%d): %s",
                   (int)st, err.msg);
        accsi_buf_free(&desc);
    } else {
        FUZZ_CHECK(q == NULL && err.msg[0], "failed build without message");
    }
    accsi_qnode_free(q);
    accsi_highlight_free(&hl);

    accsi_query_words w;
    accsi_query_collect_words(an, ast, &w);
    for (size_t i = 0; i < w.n; i++)
        FUZZ_CHECK(w.words[i] && w.words[i][0], "empty collected word %zu", i);
    accsi_query_words_free(&w);
}

/* Parse `q` both ways and build what parses. */
static void
run(accsi_analyser *an, const char *q, int analyse, uint64_t h)
{
    size_t qlen = strlen(q);
    accsi_ast *ast = NULL;
    accsi_err err;
    err.msg[0] = '\0';
    accs_status st = accsi_query_parse(q, &ast, &err);
    FUZZ_CHECK(st == ACCS_OK || st == ACCS_EQUERY,
               "accsi_query_parse failed (%d): %s", (int)st, err.msg);
    if (st == ACCS_OK) {
        check_ast(ast, qlen, 0, 0);
        if (analyse)
            build(an, ast, h);
    } else {
        FUZZ_CHECK(ast == NULL && err.msg[0], "failed parse without message");
    }
    accsi_ast_free(ast);

    ast = NULL;
    err.msg[0] = '\0';
    st = accsi_query_parse_plain(q, &ast, &err);
    FUZZ_CHECK(st == ACCS_OK || st == ACCS_EQUERY,
               "accsi_query_parse_plain failed (%d): %s", (int)st, err.msg);
    if (st == ACCS_OK) {
        check_ast(ast, qlen, 1, 0);
        if (analyse)
            build(an, ast, h >> 8);
    }
    accsi_ast_free(ast);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    accsi_analyser *an = fuzz_analyser();
    accsi_err err;
    err.msg[0] = '\0';
    if (accsi_synonyms_load(&builtin_syn, an, accsi_data_synonyms,
                            accsi_data_synonyms_len, &err) != ACCS_OK) {
        fprintf(stderr, "fuzz: cannot load the built-in synonyms: %s\n", err.msg);
        abort();
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    accsi_analyser *an = fuzz_analyser();
    /* A C string: the query ends at the first NUL byte. */
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    uint64_t h = accsi_hash64(data, size);

    /* accs_search refuses a query that is not valid UTF-8 before parsing;
     * the parser alone must cope with any bytes, the analysis gets a
     * repaired copy. */
    size_t len = strlen(q);
    if (accsi_utf8_valid(q, len)) {
        run(an, q, 1, h);
    } else {
        run(an, q, 0, h);
        accsi_buf fixed;
        accsi_buf_init(&fixed);
        accsi_utf8_repair(q, len, &fixed);
        FUZZ_CHECK(!fixed.failed, "accsi_utf8_repair ran out of memory");
        run(an, fixed.data, 1, h);
        accsi_buf_free(&fixed);
    }
    free(q);
    return 0;
}
