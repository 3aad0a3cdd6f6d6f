/* SPDX-License-Identifier: MIT */
/* Unit tests for the query language: parsing, syntax errors, tree building. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lexicon.h"
#include "dates.h"
#include "query.h"
#include "schema.h"
#include "synonyms.h"

/* ---- the syntax tree as a string ---- */

static const char *
kind_name(accsi_ast_kind k)
{
    switch (k) {
    case ACCSI_AST_WORD: return "W";
    case ACCSI_AST_PHRASE: return "PHRASE";
    case ACCSI_AST_FIELD: return "FIELD";
    case ACCSI_AST_SEQ: return "SEQ";
    case ACCSI_AST_AND: return "AND";
    case ACCSI_AST_OR: return "OR";
    case ACCSI_AST_NOT: return "NOT";
    case ACCSI_AST_PLUS: return "PLUS";
    case ACCSI_AST_NEAR: return "NEAR";
    }
    return "?";
}

/* WORD -> W(text), PHRASE -> PHRASE(text), FIELD -> FIELD(name=value),
 * others -> KIND[kid kid ...]. */
static void
render(const accsi_ast *a, accsi_buf *out)
{
    switch (a->kind) {
    case ACCSI_AST_WORD:
    case ACCSI_AST_PHRASE:
        assert_int_equal(a->n_kids, 0);
        accsi_buf_printf(out, "%s(%s)", kind_name(a->kind), a->text);
        return;
    case ACCSI_AST_FIELD:
        accsi_buf_printf(out, "FIELD(%s=%s)", a->field, a->text);
        return;
    default:
        accsi_buf_printf(out, "%s[", kind_name(a->kind));
        for (size_t i = 0; i < a->n_kids; i++) {
            if (i)
                accsi_buf_addc(out, ' ');
            render(a->kids[i], out);
        }
        accsi_buf_addc(out, ']');
    }
}

/* Parse `q` (with `prefix_last`, as search-as-you-type does) and compare
 * the rendered tree. */
static void
expect_tree(const char *q, const char *tree, int prefix_last)
{
    accsi_ast *a = NULL;
    accsi_err err = {{0}};
    accs_status st = accsi_query_parse(q, &a, &err);
    if (st == ACCS_OK && prefix_last)
        st = accsi_ast_prefix_last(&a, q, &err);
    if (st != ACCS_OK)
        fail_msg("'%s': error %d %s", q, st, err.msg);
    accsi_buf b;
    accsi_buf_init(&b);
    render(a, &b);
    if (strcmp(b.data, tree) != 0)
        fail_msg("'%s': %s, expected %s", q, b.data, tree);
    accsi_buf_free(&b);
    accsi_ast_free(a);
}

static void
test_query__parse_valid(void **state)
{
    (void)state;
    static const struct {
        const char *q;
        const char *tree;
    } cases[] = {
        {"verdrag", "W(verdrag)"},
        {"  verdrag  ", "W(verdrag)"},
        {"verdrag Genève", "SEQ[W(verdrag) W(Genève)]"},
        {"\"verdrag van Genève\"", "PHRASE(verdrag van Genève)"},
        {"akkoord \"verdrag van Genève\" 1949",
         "SEQ[W(akkoord) PHRASE(verdrag van Genève) W(1949)]"},
        {"verdrag -oorlog", "SEQ[W(verdrag) NOT[W(oorlog)]]"},
        {"verdrag NOT oorlog", "SEQ[W(verdrag) NOT[W(oorlog)]]"},
        {"verdrag -\"koude oorlog\"", "SEQ[W(verdrag) NOT[PHRASE(koude oorlog)]]"},
        {"NOT NOT oorlog", "NOT[NOT[W(oorlog)]]"},
        {"verdrag OR akkoord", "OR[W(verdrag) W(akkoord)]"},
        {"a OR b OR c", "OR[W(a) W(b) W(c)]"},
        {"verdrag AND akkoord", "AND[W(verdrag) W(akkoord)]"},
        {"a b OR c", "OR[SEQ[W(a) W(b)] W(c)]"},
        {"a OR b AND c", "OR[W(a) AND[W(b) W(c)]]"},
        {"(a OR b) c", "SEQ[OR[W(a) W(b)] W(c)]"},
        {"(a OR b) AND (c OR d)", "AND[OR[W(a) W(b)] OR[W(c) W(d)]]"},
        {"((a))", "W(a)"},
        {"lang:nl verdrag", "SEQ[FIELD(lang=nl) W(verdrag)]"},
        {"verdrag lang:en", "SEQ[W(verdrag) FIELD(lang=en)]"},
        {"+verdrag Genève", "SEQ[PLUS[W(verdrag)] W(Genève)]"},
        {"+\"verdrag van Genève\"", "PLUS[PHRASE(verdrag van Genève)]"},
        {"-(a OR b) c", "SEQ[NOT[OR[W(a) W(b)]] W(c)]"},
        /* lower-case operators, inner hyphens and other colons are words */
        {"oorlog and vrede or not", "SEQ[W(oorlog) W(and) W(vrede) W(or) W(not)]"},
        {"e-mail", "W(e-mail)"},
        {"foo:bar", "W(foo:bar)"},
        {"a - b", "SEQ[W(a) W(-) W(b)]"},
        {"\"\"", "PHRASE()"},
        /* NEAR joins words into one item of a sequence */
        {"brad NEAR smith", "NEAR[W(brad) W(smith)]"},
        {"verdrag brad NEAR/3 smith NEAR microsoft -oorlog",
         "SEQ[W(verdrag) NEAR[W(brad) W(smith) W(microsoft)] NOT[W(oorlog)]]"},
        {"a NEAR b OR c", "OR[NEAR[W(a) W(b)] W(c)]"},
        {"near NEARBY", "SEQ[W(near) W(NEARBY)]"},
        {"path:\"My Notes\" date:2018", "SEQ[FIELD(path=My Notes) FIELD(date=2018)]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_tree(cases[i].q, cases[i].tree, 0);
}

/* Search as you type: the word the query ends in becomes (w OR w*). */
static void
test_query__prefix_last(void **state)
{
    (void)state;
    static const struct {
        const char *q;
        const char *tree;
    } cases[] = {
        {"gene", "OR[W(gene) W(gene*)]"},
        {"verdrag gene", "SEQ[W(verdrag) OR[W(gene) W(gene*)]]"},
        {"verdrag gene ", "SEQ[W(verdrag) W(gene)]"},
        {"a OR (b AND cd)", "OR[W(a) AND[W(b) W(cd)]]"},
        {"a OR b cd", "OR[W(a) SEQ[W(b) OR[W(cd) W(cd*)]]]"},
        {"\"gene\"", "PHRASE(gene)"},
        {"verdrag -gene", "SEQ[W(verdrag) NOT[W(gene)]]"},
        {"verdrag g", "SEQ[W(verdrag) W(g)]"},
        {"verdrag gé", "SEQ[W(verdrag) OR[W(gé) W(gé*)]]"},
        {"genev*", "W(genev*)"},
        {"verdrag lang:nl", "SEQ[W(verdrag) FIELD(lang=nl)]"},
        {"brad NEAR smi", "NEAR[W(brad) W(smi)]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_tree(cases[i].q, cases[i].tree, 1);
}

static void
test_query__parse_positions(void **state)
{
    (void)state;
    accsi_ast *a = NULL;
    assert_int_equal(accsi_query_parse("verdrag -oorlog \"van Genève\"", &a, NULL),
                     ACCS_OK);
    assert_int_equal(a->kind, ACCSI_AST_SEQ);
    assert_int_equal(a->n_kids, 3);
    assert_int_equal(a->kids[0]->pos, 0);
    assert_int_equal(a->kids[1]->pos, 8);           /* the '-' */
    assert_int_equal(a->kids[1]->kids[0]->pos, 9);  /* the word */
    assert_int_equal(a->kids[2]->pos, 16);          /* the quote */
    accsi_ast_free(a);
}

static void
test_query__parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *q;
        const char *msg; /* a part of the message */
    } cases[] = {
        {"", "empty query"},
        {"   ", "empty query"},
        {"\"verdrag van", "quote at position 1 is never closed"},
        {"verdrag \"van", "quote at position 9 is never closed"},
        /* positions count characters, not bytes: è is one */
        {"Genève \"verdrag", "quote at position 8 is never closed"},
        {"\"a\" \"b", "quote at position 5 is never closed"},
        {"(verdrag OR akkoord", "'(' at position 1 is never closed"},
        {"a (b c", "'(' at position 3 is never closed"},
        {"((a)", "'(' at position 1 is never closed"},
        {"verdrag)", "')' at position 8 has no matching '('"},
        {"NEAR verdrag", "'NEAR' at position 1 joins words; a word must stand before"},
        {"verdrag NEAR", "'NEAR' at position 9 joins words; a word must follow"},
        {"\"a b\" NEAR c", "a word must stand before"},
        {"a NEAR (b)", "a word must follow"},
        {"a NEAR/x b", "use NEAR or NEAR/n with n from 0 to 100"},
        {"a NEAR/101 b", "use NEAR or NEAR/n"},
        {"a NEAR/ b", "use NEAR or NEAR/n"},
        {"a) b", "')' at position 2 has no matching '('"},
        {"()", "empty parentheses at position 1"},
        {"OR verdrag", "'OR' at position 1 needs a word before and after it"},
        {"verdrag OR", "'OR' at position 9 needs a word after it"},
        {"a OR OR b", "'OR' at position 3 needs a word after it"},
        {"a AND", "'AND' at position 3 needs a word after it"},
        {"AND a", "'AND' at position 1 needs a word before and after it"},
        {"(OR a)", "'OR' at position 2 needs a word before and after it"},
        {"NOT", "'NOT' at position 1 needs a word after it"},
        {"a NOT", "'NOT' at position 3 needs a word after it"},
        {"a NOT OR b", "'NOT' at position 3 needs a word after it"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        accsi_ast *a = (accsi_ast *)(uintptr_t)1;
        accsi_err err = {{0}};
        accs_status st = accsi_query_parse(cases[i].q, &a, &err);
        if (st != ACCS_EQUERY)
            fail_msg("'%s': status %d, expected ACCS_EQUERY", cases[i].q, st);
        assert_null(a);
        if (!strstr(err.msg, cases[i].msg))
            fail_msg("'%s': message '%s', expected '%s'", cases[i].q, err.msg,
                     cases[i].msg);
    }
    /* NULL query. */
    accsi_ast *a = NULL;
    assert_int_equal(accsi_query_parse(NULL, &a, NULL), ACCS_EINVAL);
}

/* A ')' with nothing before it has no matching '(' either. */
static void
test_query__parse_error_leading_paren(void **state)
{
    (void)state;
    static const char *const queries[] = {")", ") verdrag", "verdrag OR (a) )"};
    unsigned bad = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        accsi_ast *a = NULL;
        accsi_err err = {{0}};
        assert_int_equal(accsi_query_parse(queries[i], &a, &err), ACCS_EQUERY);
        assert_null(a);
        if (!strstr(err.msg, "has no matching '('")) {
            printf("   '%s': %s\n", queries[i], err.msg);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static void
test_query__parse_limits(void **state)
{
    (void)state;
    accsi_buf q;
    accsi_buf_init(&q);
    for (int i = 0; i < ACCSI_QUERY_MAX_WORDS; i++)
        accsi_buf_adds(&q, i ? " w" : "w");
    accsi_ast *a = NULL;
    accsi_err err = {{0}};
    assert_int_equal(accsi_query_parse(q.data, &a, &err), ACCS_OK);
    assert_int_equal(a->kind, ACCSI_AST_SEQ);
    assert_int_equal(a->n_kids, ACCSI_QUERY_MAX_WORDS);
    accsi_ast_free(a);
    accsi_buf_adds(&q, " w");
    assert_int_equal(accsi_query_parse(q.data, &a, &err), ACCS_EQUERY);
    assert_null(a);
    assert_non_null(strstr(err.msg, "query too long: 1001 words"));
    accsi_buf_free(&q);

    /* More than 100000 bytes. */
    char *big = malloc(100002);
    assert_non_null(big);
    memset(big, 'a', 100001);
    big[100001] = '\0';
    assert_int_equal(accsi_query_parse(big, &a, &err), ACCS_EQUERY);
    assert_non_null(strstr(err.msg, "query too long"));
    free(big);

    /* Nesting too deep is an error, not a stack overflow. */
    accsi_buf_init(&q);
    for (int i = 0; i < 500; i++)
        accsi_buf_addc(&q, '(');
    accsi_buf_addc(&q, 'a');
    for (int i = 0; i < 500; i++)
        accsi_buf_addc(&q, ')');
    assert_int_equal(accsi_query_parse(q.data, &a, &err), ACCS_EQUERY);
    assert_non_null(strstr(err.msg, "nested too deeply"));
    accsi_buf_free(&q);
}

static void
test_query__parse_plain(void **state)
{
    (void)state;
    accsi_ast *a = NULL;
    assert_int_equal(accsi_query_parse_plain("(verdrag OR \"Genève", &a, NULL),
                     ACCS_OK);
    accsi_buf b;
    accsi_buf_init(&b);
    render(a, &b);
    assert_string_equal(b.data, "SEQ[W((verdrag) W(OR) W(\"Genève)]");
    accsi_buf_free(&b);
    accsi_ast_free(a);
    accsi_err err = {{0}};
    assert_int_equal(accsi_query_parse_plain("  ", &a, &err), ACCS_EQUERY);
    assert_null(a);
}

/* ---- building the Xapian query tree ---- */

typedef struct {
    accsi_analyser *a;
    accsi_synonyms *syn;
} build_ctx;

static int
setup(void **state)
{
    build_ctx *c = calloc(1, sizeof *c);
    if (!c || accsi_analyser_new(&c->a, NULL) != ACCS_OK)
        return -1;
    if (accsi_synonyms_load(&c->syn, c->a, accsi_data_synonyms,
                            accsi_data_synonyms_len, NULL) != ACCS_OK)
        return -1;
    *state = c;
    return 0;
}

static int
teardown(void **state)
{
    build_ctx *c = *state;
    accsi_synonyms_free(c->syn);
    accsi_analyser_free(c->a);
    free(c);
    return 0;
}

static accsi_build_opts
default_opts(const build_ctx *c)
{
    accsi_build_opts o;
    memset(&o, 0, sizeof o);
    o.lang = ACCSI_LANG_UNKNOWN;
    o.stem_lang = ACCSI_LANG_UNKNOWN;
    o.syn = c->syn;
    o.compounds = 1;
    o.w_part = 0.5;
    o.w_syn = 0.8;
    o.w_title = 0.3;
    o.w_exact = 0.2;
    o.w_coord = 0.1;
    o.w_prox = 0.2;
    o.prox_window = 6;
    o.combine_max = 1;
    return o;
}

/* A stem term: the stem prefix (one for both languages) and the stem. */
#define STEM(s) ACCSI_PFX_STEM s

/* Count nodes of kind `op` and terms equal to `term` (if not NULL). */
static void
count_nodes(const accsi_qnode *q, accsi_qop op, const char *term, unsigned *n_op,
            unsigned *n_term)
{
    if (q->op == op)
        (*n_op)++;
    if (term && q->op == ACCSI_Q_TERM && strcmp(q->term, term) == 0)
        (*n_term)++;
    for (size_t i = 0; i < q->n_kids; i++)
        count_nodes(q->kids[i], op, term, n_op, n_term);
}

static unsigned
n_op(const accsi_qnode *q, accsi_qop op)
{
    unsigned a = 0, b = 0;
    count_nodes(q, op, NULL, &a, &b);
    return a;
}

static unsigned
n_term(const accsi_qnode *q, const char *term)
{
    unsigned a = 0, b = 0;
    count_nodes(q, ACCSI_Q_TERM, term, &a, &b);
    return b;
}

/* The SCALE node over the compound-part term, or NULL. */
static const accsi_qnode *
find_part(const accsi_qnode *q)
{
    if (!q)
        return NULL;
    if (q->op == ACCSI_Q_SCALE && q->ref)
        return q;
    for (size_t i = 0; i < q->n_kids; i++) {
        const accsi_qnode *p = find_part(q->kids[i]);
        if (p)
            return p;
    }
    return NULL;
}

/* Parse and build `query`; the description goes to `desc`. */
static accsi_qnode *
build(build_ctx *c, const char *query, const accsi_build_opts *o, accsi_buf *desc)
{
    accsi_ast *ast = NULL;
    accsi_err err = {{0}};
    if (accsi_query_parse(query, &ast, &err) != ACCS_OK)
        fail_msg("'%s': %s", query, err.msg);
    accsi_qnode *q = NULL;
    accsi_highlight hl;
    memset(&hl, 0, sizeof hl);
    accs_status st = accsi_query_build(c->a, ast, o, &q, &hl, &err);
    if (st != ACCS_OK)
        fail_msg("'%s': build failed: %s", query, err.msg);
    assert_non_null(q);
    accsi_buf_clear(desc);
    assert_int_equal(accsi_xquery_describe(q, desc, NULL), ACCS_OK);
    printf("%s\n  -> %s\n", query, desc->data);
    accsi_highlight_free(&hl);
    accsi_ast_free(ast);
    return q;
}

/* Parsing `query` succeeds, building it fails with a query error whose
 * message holds `msg`, and no tree is left. */
static void
build_fails(build_ctx *c, const char *query, const accsi_build_opts *o, const char *msg)
{
    accsi_ast *ast = NULL;
    accsi_err err = {{0}};
    accsi_highlight hl;
    memset(&hl, 0, sizeof hl);
    assert_int_equal(accsi_query_parse(query, &ast, NULL), ACCS_OK);
    accsi_qnode *q = NULL;
    if (accsi_query_build(c->a, ast, o, &q, &hl, &err) != ACCS_EQUERY)
        fail_msg("'%s' was accepted", query);
    assert_null(q);
    if (!strstr(err.msg, msg))
        fail_msg("'%s': message '%s' lacks '%s'", query, err.msg, msg);
    accsi_highlight_free(&hl);
    accsi_ast_free(ast);
}

static void
test_query__build_words(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);

    /* One word: Dutch and English stems, compound part, title stem, no
     * exact form while the language is unknown. */
    accsi_qnode *q = build(c, "Verdragen", &o, &d);
    assert_true(n_term(q, STEM("verdrag")) >= 1);
    assert_true(n_term(q, STEM("verdragen")) >= 1);
    assert_int_equal(n_term(q, ACCSI_PFX_PART "verdrag"), 1);
    assert_int_equal(n_term(q, ACCSI_PFX_TITLE "verdrag"), 1);
    assert_int_equal(n_term(q, ACCSI_PFX_TITLE "verdragen"), 1);
    assert_int_equal(n_term(q, "verdragen"), 0);
    /* The part counts only where no other form of the word does, capped
     * by the weight of the word's Dutch stem. */
    const accsi_qnode *part = find_part(q);
    assert_non_null(part);
    assert_int_equal(part->op, ACCSI_Q_SCALE);
    assert_string_equal(part->ref, STEM("verdrag") " verdrag");
    assert_int_equal(part->kids[0]->op, ACCSI_Q_AND_NOT);
    assert_string_equal(part->kids[0]->kids[0]->term, ACCSI_PFX_PART "verdrag");
    assert_int_equal(n_term(part->kids[0]->kids[1], STEM("verdrag")), 1);
    assert_int_equal(n_term(part->kids[0]->kids[1], STEM("verdragen")), 1);
    assert_int_equal(n_op(part->kids[0]->kids[1], ACCSI_Q_SCALE), 0);
    assert_int_equal(n_op(q, ACCSI_Q_MAX) + n_op(q, ACCSI_Q_SYNONYM) > 0, 1);
    accsi_qnode_free(q);

    /* Two Dutch words side by side also match as their compound. */
    q = build(c, "internet beveiliging", &o, &d);
    assert_int_equal(n_term(q, STEM("internetbeveil")), 1);
    accsi_qnode_free(q);
    o.lang = ACCSI_LANG_EN;
    o.stem_lang = ACCSI_LANG_EN;
    q = build(c, "internet security", &o, &d);
    assert_int_equal(n_term(q, STEM("internetsecur")) + n_term(q, STEM("internetsecurity")), 0);
    accsi_qnode_free(q);
    o = default_opts(c);

    /* With a known language the exact form is added. */
    o.lang = ACCSI_LANG_NL;
    q = build(c, "verdragen", &o, &d);
    assert_int_equal(n_term(q, "verdragen"), 1);
    accsi_qnode_free(q);
    o = default_opts(c);

    /* Several words: proximity pairs of their exact forms. */
    q = build(c, "verdrag oorlog", &o, &d);
    assert_int_equal(n_op(q, ACCSI_Q_NEAR), 1);
    assert_int_equal(n_op(q, ACCSI_Q_BONUS), 2);
    accsi_qnode_free(q);

    /* Synonyms: Genève finds Geneva. */
    q = build(c, "Genève", &o, &d);
    assert_true(n_term(q, STEM("geneva")) >= 1);
    assert_non_null(strstr(d.data, "geneva"));
    accsi_qnode_free(q);
    accsi_buf_free(&d);
}

static void
test_query__build_operators(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);

    /* A phrase becomes a PHRASE of the folded words, stopwords included. */
    accsi_qnode *q = build(c, "\"verdrag van Genève\"", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_PHRASE);
    assert_int_equal(q->n_kids, 3);
    assert_string_equal(q->kids[0]->term, "verdrag");
    assert_string_equal(q->kids[1]->term, "van");
    assert_string_equal(q->kids[2]->term, "geneve");
    assert_non_null(strstr(d.data, "PHRASE"));
    accsi_qnode_free(q);

    /* -word: AND_NOT. */
    q = build(c, "verdrag -oorlog", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_NOT);
    assert_non_null(strstr(d.data, "AND_NOT"));
    assert_true(n_term(q->kids[1], STEM("oorlog")) >= 1);
    assert_int_equal(n_term(q->kids[0], STEM("oorlog")), 0);
    accsi_qnode_free(q);

    /* Only an exclusion: all passages without it. */
    q = build(c, "-oorlog", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_NOT);
    assert_int_equal(q->kids[0]->op, ACCSI_Q_AND_NOT); /* every document but */
    assert_int_equal(q->kids[0]->kids[0]->op, ACCSI_Q_ALL);
    assert_int_equal(n_term(q->kids[0], ACCSI_TERM_RECORD), 1); /* the records */
    accsi_qnode_free(q);

    /* +word: required, the rest ranks. */
    q = build(c, "+verdrag Genève", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_MAYBE);
    assert_true(n_term(q->kids[0], STEM("verdrag")) >= 1);
    accsi_qnode_free(q);

    /* lang: filters without weight. */
    q = build(c, "verdrag lang:nl", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_FILTER);
    assert_int_equal(n_term(q->kids[1], ACCSI_PFX_LANG "nl"), 1);
    accsi_qnode_free(q);

    /* AND, OR, and "a AND NOT b". */
    q = build(c, "verdrag AND akkoord", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND);
    assert_int_equal(q->n_kids, 2);
    accsi_qnode_free(q);
    q = build(c, "verdrag OR akkoord", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_OR);
    assert_int_equal(q->n_kids, 2);
    accsi_qnode_free(q);
    q = build(c, "verdrag AND NOT oorlog", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_NOT);
    accsi_qnode_free(q);

    /* A hyphenated word: the whole word or its parts as a phrase. */
    q = build(c, "RSA-conferentie", &o, &d);
    assert_true(n_op(q, ACCSI_Q_PHRASE) >= 1);
    assert_true(n_term(q, "rsa") >= 1);
    accsi_qnode_free(q);

    /* An unknown language is an error. */
    build_fails(c, "verdrag lang:fr", &o, "unknown language");
    accsi_buf_free(&d);
}

static void
test_query__build_stopwords(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    o.lang = ACCSI_LANG_NL;
    accsi_buf d;
    accsi_buf_init(&d);

    /* Stopwords next to other words are dropped ... */
    accsi_qnode *q = build(c, "de verdragen", &o, &d);
    assert_int_equal(n_term(q, STEM("de")), 0);
    assert_true(n_term(q, STEM("verdrag")) >= 1);
    accsi_qnode_free(q);

    /* ... but a query of stopwords only keeps them, each as the word
     * itself: its rare stem in the other language would keep Xapian from
     * skipping the passages that hold only one of them. */
    o.w_prox = 0;
    q = build(c, "de het een", &o, &d);
    assert_int_not_equal(q->op, ACCSI_Q_NOTHING);
    assert_int_equal(n_term(q, "de"), 1);
    assert_int_equal(n_term(q, "het"), 1);
    assert_int_equal(n_term(q, STEM("de")), 0);
    assert_int_equal(n_term(q, STEM("het")), 0);
    assert_int_equal(n_op(q, ACCSI_Q_MAX), 0);

    assert_true(n_op(q, ACCSI_Q_TERM) >= 3);
    assert_null(strstr(d.data, "MatchNothing"));
    accsi_qnode_free(q);

    /* The same with the language unknown (either list). */
    o.lang = ACCSI_LANG_UNKNOWN;
    q = build(c, "the of", &o, &d);
    assert_int_equal(n_term(q, "the"), 1);
    assert_int_equal(n_term(q, STEM("the")), 0);
    accsi_qnode_free(q);

    /* Where a word is a stopword it has no stem in the index: the word
     * itself stands in (once; no exact form or proximity here). */
    o.w_prox = 0;
    q = build(c, "the of", &o, &d);
    assert_int_equal(n_term(q, "the"), 1);
    assert_int_equal(n_term(q, "of"), 1);
    accsi_qnode_free(q);
    o = default_opts(c);

    /* keep_stopwords keeps them always. */
    o.lang = ACCSI_LANG_NL;
    o.keep_stopwords = 1;
    q = build(c, "de verdragen", &o, &d);
    /* (Twice: the word, and where its compound part is searched alone.) */
    assert_int_equal(n_term(q, STEM("de")), 2);
    accsi_qnode_free(q);
    accsi_buf_free(&d);
}

/* "word*": the indexed words that start with the folded prefix, as one
 * term; highlighted by prefix; not corrected; too short a prefix is a
 * syntax error. */
static void
test_query__build_wildcard(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);
    accsi_qnode *q = build(c, "Gen\xC3\xA8*", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_PREFIX);
    assert_string_equal(q->term, "gene");
    assert_non_null(strstr(d.data, "WILDCARD SYNONYM gene"));
    accsi_qnode_free(q);

    /* Beside other words, excluded, required. */
    q = build(c, "verdrag cyber** -oorlog*", &o, &d);
    assert_int_equal(n_op(q, ACCSI_Q_PREFIX), 2);
    assert_int_equal(q->op, ACCSI_Q_AND_NOT);
    assert_int_equal(q->kids[1]->op, ACCSI_Q_PREFIX);
    assert_string_equal(q->kids[1]->term, "oorlog");
    accsi_qnode_free(q);

    /* In a phrase a '*' is no wildcard. */
    q = build(c, "\"digitaal verdrag*\"", &o, &d);
    assert_int_equal(n_op(q, ACCSI_Q_PREFIX), 0);
    accsi_qnode_free(q);

    /* The highlighter gets the prefix. */
    accsi_ast *ast = NULL;
    accsi_err err = {{0}};
    accsi_highlight hl;
    memset(&hl, 0, sizeof hl);
    assert_int_equal(accsi_query_parse("aanval*", &ast, NULL), ACCS_OK);
    assert_int_equal(accsi_query_build(c->a, ast, &o, &q, &hl, &err), ACCS_OK);
    assert_true(accsi_wordset_get(hl.prefixes, "aanval", 6, NULL));
    accsi_qnode_free(q);
    accsi_highlight_free(&hl);
    /* ... and the spelling suggestion leaves the word as typed. */
    accsi_query_words w;
    accsi_query_collect_words(c->a, ast, &w);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.words[0], "aanval*");
    accsi_query_words_free(&w);
    accsi_ast_free(ast);

    /* One letter before the '*' is too little. */
    static const char *const bad[] = {"a*", "verdrag \xC3\xA9*", "+x**"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        build_fails(c, bad[i], &o, "at least two letters");
    accsi_buf_free(&d);
}

/* path: filters: a placeholder node (search.c turns it into terms),
 * normalised; several paths are alternatives, and they hold together
 * with lang: (both must hold). */
static void
test_query__build_path(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);
    accsi_qnode *q = build(c, "verdrag path:./notes/2018/", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_FILTER);
    assert_int_equal(q->kids[1]->op, ACCSI_Q_PATH);
    assert_string_equal(q->kids[1]->term, "notes/2018");
    accsi_qnode_free(q);

    q = build(c, "verdrag path:\"My Notes/a b\" path:/srv lang:nl", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_FILTER);
    const accsi_qnode *f = q->kids[1];
    assert_int_equal(f->op, ACCSI_Q_AND);
    assert_int_equal(f->n_kids, 2);
    assert_int_equal(f->kids[0]->op, ACCSI_Q_TERM);
    assert_string_equal(f->kids[0]->term, ACCSI_PFX_LANG "nl");
    assert_int_equal(f->kids[1]->op, ACCSI_Q_OR);
    assert_int_equal(f->kids[1]->n_kids, 2);
    assert_string_equal(f->kids[1]->kids[0]->term, "My Notes/a b");
    assert_string_equal(f->kids[1]->kids[1]->term, "/srv");
    accsi_qnode_free(q);

    /* Excluded. */
    q = build(c, "verdrag -path:drafts", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_NOT);
    assert_int_equal(n_op(q->kids[1], ACCSI_Q_PATH), 1);
    accsi_qnode_free(q);

    /* No value is an error; an unclosed quoted value a syntax error. */
    build_fails(c, "verdrag path:", &o, "path: needs a file or folder");
    accsi_ast *ast = NULL;
    accsi_err err = {{0}};
    assert_int_equal(accsi_query_parse("verdrag path:\"open", &ast, &err), ACCS_EQUERY);
    assert_non_null(strstr(err.msg, "position 14"));
    assert_null(ast);
    accsi_buf_free(&d);
}

/* date: a value range on the date slot; an upper bound takes in its
 * whole year or month; a lower bound with a month or day also takes the
 * documents dated by its year or month only; bad dates are errors. */
static void
test_query__build_date(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);
    accsi_qnode *q = build(c, "verdrag date:2018", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_FILTER);
    const accsi_qnode *r = q->kids[1];
    assert_int_equal(r->op, ACCSI_Q_RANGE);
    assert_int_equal(r->slot, ACCSI_SLOT_DATE);
    assert_string_equal(r->term, "2018");
    assert_string_equal(r->hi, "2018~");
    assert_non_null(strstr(d.data, "VALUE_RANGE 1 2018 2018~"));
    accsi_qnode_free(q);

    q = build(c, "verdrag date:2018-04-17..2018-06", &o, &d);
    r = q->kids[1];
    assert_int_equal(r->op, ACCSI_Q_OR);
    assert_int_equal(r->n_kids, 3);
    assert_string_equal(r->kids[0]->term, "2018-04-17");
    assert_string_equal(r->kids[0]->hi, "2018-06~");
    assert_string_equal(r->kids[1]->term, "2018");
    assert_string_equal(r->kids[1]->hi, "2018");
    assert_string_equal(r->kids[2]->term, "2018-04");
    assert_string_equal(r->kids[2]->hi, "2018-04");
    accsi_qnode_free(q);

    /* Open ends, and beside lang: and path:, all of which must hold. */
    q = build(c, "verdrag date:..2017 lang:nl date:2019-01..", &o, &d);
    assert_non_null(strstr(d.data, "VALUE_LE 1 2017~"));
    assert_non_null(strstr(d.data, "VALUE_GE 1 2019-01"));
    assert_non_null(strstr(d.data, "Lnl AND (VALUE_LE"));
    accsi_qnode_free(q);
    /* (A path: node is only a placeholder until a search: the tree.) */
    q = build(c, "verdrag date:..2017 lang:nl date:2019-01.. path:a", &o, &d);
    r = q->kids[1];
    assert_int_equal(r->op, ACCSI_Q_AND);
    assert_int_equal(r->n_kids, 3);
    assert_int_equal(r->kids[1]->op, ACCSI_Q_PATH);
    assert_int_equal(r->kids[2]->op, ACCSI_Q_OR);
    accsi_qnode_free(q);

    static const char *const bad[] = {"date:18", "date:2018-13", "date:2018-04-32",
                                      "date:..", "date:2019..2018", "date:2018-4",
                                      "date:last-year"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        build_fails(c, bad[i], &o, "use a date such as");
    accsi_buf_free(&d);
}

/* title: every word's title stems, required and ranked. */
static void
test_query__build_title(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);
    accsi_qnode *q = build(c, "title:\"Tech Accord\" kritiek", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_MAYBE);
    assert_true(n_term(q->kids[0], ACCSI_PFX_TITLE "tech") >= 1);
    assert_true(n_term(q->kids[0], ACCSI_PFX_TITLE "accord") >= 1);
    assert_int_equal(n_term(q->kids[0], STEM("kritiek")), 0);
    assert_true(n_term(q->kids[1], STEM("kritiek")) >= 1);
    accsi_qnode_free(q);
    q = build(c, "verdrag -title:oorlog", &o, &d);
    assert_int_equal(q->op, ACCSI_Q_AND_NOT);
    assert_true(n_term(q->kids[1], ACCSI_PFX_TITLE "oorlog") >= 1);
    accsi_qnode_free(q);

    build_fails(c, "verdrag title:", &o, "title: needs a word");
    accsi_buf_free(&d);
}

/* NEAR: the exact words in any order, the window counting the words. */
static void
test_query__build_near(void **state)
{
    build_ctx *c = *state;
    accsi_build_opts o = default_opts(c);
    accsi_buf d;
    accsi_buf_init(&d);
    accsi_qnode *q = build(c, "Brad NEAR/3 Smith NEAR Microsoft", &o, &d);
    assert_int_equal(n_op(q, ACCSI_Q_NEAR), 1);
    const accsi_qnode *n = q->op == ACCSI_Q_NEAR ? q : q->kids[0];
    assert_int_equal(n->op, ACCSI_Q_NEAR);
    assert_int_equal(n->n_kids, 3);
    /* the largest n given, plus one position for each word */
    assert_int_equal(n->window, ACCSI_NEAR_DEFAULT + 3);
    assert_string_equal(n->kids[0]->term, "brad");
    assert_non_null(strstr(d.data, "NEAR 11"));
    accsi_qnode_free(q);
    q = build(c, "verdrag NEAR/0 Gen\xC3\xA8ve", &o, &d);
    assert_non_null(strstr(d.data, "verdrag NEAR 2 geneve"));
    accsi_qnode_free(q);
    /* A hyphenated word is two words: refused. */
    build_fails(c, "RSA-conferentie NEAR smith", &o, "NEAR joins single words");
    accsi_buf_free(&d);
}

static void
test_query__language_and_words(void **state)
{
    build_ctx *c = *state;
    static const struct {
        const char *q;
        accsi_lang lang;
    } cases[] = {
        {"het verdrag van Genève", ACCSI_LANG_NL},
        {"the treaty of Geneva", ACCSI_LANG_EN},
        {"Genève", ACCSI_LANG_UNKNOWN},          /* too short */
        {"verdrag Genève 1949", ACCSI_LANG_UNKNOWN}, /* no stopwords */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        accsi_ast *ast = NULL;
        assert_int_equal(accsi_query_parse(cases[i].q, &ast, NULL), ACCS_OK);
        if (accsi_query_lang(c->a, ast) != cases[i].lang)
            fail_msg("'%s': language %s, expected %s", cases[i].q,
                     accsi_lang_code(accsi_query_lang(c->a, ast)),
                     accsi_lang_code(cases[i].lang));
        accsi_ast_free(ast);
    }
    accsi_ast *ast = NULL;
    assert_int_equal(accsi_query_parse("Verdrag \"van\" -oorlog (Genève OR Gen\xC3\xA8ve)",
                                       &ast, NULL),
                     ACCS_OK);
    accsi_query_words w;
    accsi_query_collect_words(c->a, ast, &w);
    assert_int_equal(w.n, 3);
    assert_string_equal(w.words[0], "verdrag");
    assert_string_equal(w.words[1], "geneve");
    assert_string_equal(w.words[2], "geneve");
    accsi_query_words_free(&w);
    accsi_ast_free(ast);
}

/* The wdf of one occurrence: the reference length gets the plain scale,
 * shorter passages count at most as half that length, longer ones less
 * and less. */
static void
test_query__wdf_unit(void **state)
{
    (void)state;
    assert_int_equal(accsi_wdf_unit((size_t)ACCSI_NORM_WORDS), ACCSI_WDF_SCALE);
    assert_int_equal(accsi_wdf_unit(0), accsi_wdf_unit((size_t)(ACCSI_NORM_WORDS / 2)));
    assert_int_equal(accsi_wdf_unit(0), 85); /* 64 / 0.75 */
    assert_int_equal(accsi_wdf_unit(150), 37); /* 64 / 1.75 */
    for (size_t w = 1; w < 1000; w++)
        assert_true(accsi_wdf_unit(w) <= accsi_wdf_unit(w - 1));
    assert_true(accsi_wdf_unit((size_t)-1) >= 1);
}

/* Dates in words and numbers, Dutch and English, absolute and relative
 * (today fixed at Wednesday 2018-05-16), become spans of stored dates. */
static void
test_query__dates_in_words(void **state)
{
    (void)state;
    setenv("ACCSEARCH_TODAY", "2018-05-16", 1);
    static const struct {
        const char *in, *lo, *hi;
    } ok[] = {
        {"2018", "2018", "2018"},
        {"2018-04-17", "2018-04-17", "2018-04-17"},
        {"17-04-2018", "2018-04-17", "2018-04-17"},
        {"7-4-2018", "2018-04-07", "2018-04-07"},
        {"april 2018", "2018-04", "2018-04"},
        {"Apr. 2018", "2018-04", "2018-04"},
        {"mrt 2019", "2019-03", "2019-03"},
        {"17 april 2018", "2018-04-17", "2018-04-17"},
        {"3 okt 2018", "2018-10-03", "2018-10-03"},
        {"April 17, 2018", "2018-04-17", "2018-04-17"},
        {"29 februari 2016", "2016-02-29", "2016-02-29"},
        {"mei 2018..juni 2018", "2018-05", "2018-06"},
        {"2017..17 april 2018", "2017", "2018-04-17"},
        {"maart 2018..", "2018-03", ""},
        {"..2018", "", "2018"},
        {"vandaag", "2018-05-16", "2018-05-16"},
        {"Yesterday", "2018-05-15", "2018-05-15"},
        {"deze week", "2018-05-14", "2018-05-20"},
        {"last week", "2018-05-07", "2018-05-13"},
        {"vorige maand", "2018-04", "2018-04"},
        {"this month", "2018-05", "2018-05"},
        {"dit jaar", "2018", "2018"},
        {"vorig jaar", "2017", "2017"},
        {"vorige week..vandaag", "2018-05-07", "2018-05-16"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char lo[11], hi[11];
        if (!accsi_query_date(ok[i].in, lo, hi))
            fail_msg("'%s' refused", ok[i].in);
        if (strcmp(lo, ok[i].lo) != 0 || strcmp(hi, ok[i].hi) != 0)
            fail_msg("'%s': %s..%s, wanted %s..%s", ok[i].in, lo, hi, ok[i].lo, ok[i].hi);
    }
    /* A month boundary and a year boundary for the relative words. */
    setenv("ACCSEARCH_TODAY", "2019-01-01", 1);
    char lo[11], hi[11];
    assert_true(accsi_query_date("gisteren", lo, hi));
    assert_string_equal(lo, "2018-12-31");
    assert_true(accsi_query_date("last month", lo, hi));
    assert_string_equal(lo, "2018-12");
    assert_true(accsi_query_date("vorige week", lo, hi));
    assert_string_equal(lo, "2018-12-24");
    assert_string_equal(hi, "2018-12-30");
    static const char *const bad[] = {
        "", "..", "31 februari 2018", "29 februari 2018", "13-2018", "32-01-2018",
        "17 april", "april", "2018-13", "18", "17 aprul 2018", "volgende week",
        "2019..2018", "juni 2018..mei 2018", "17-04-18", "1 2 3 4 5",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (accsi_query_date(bad[i], lo, hi))
            fail_msg("'%s' taken as %s..%s", bad[i], lo, hi);
    unsetenv("ACCSEARCH_TODAY");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_query__parse_valid),
        cmocka_unit_test(test_query__parse_positions),
        cmocka_unit_test(test_query__parse_errors),
        cmocka_unit_test(test_query__parse_error_leading_paren),
        cmocka_unit_test(test_query__parse_limits),
        cmocka_unit_test(test_query__parse_plain),
        cmocka_unit_test(test_query__build_words),
        cmocka_unit_test(test_query__build_operators),
        cmocka_unit_test(test_query__build_wildcard),
        cmocka_unit_test(test_query__build_path),
        cmocka_unit_test(test_query__build_date),
        cmocka_unit_test(test_query__build_title),
        cmocka_unit_test(test_query__build_near),
        cmocka_unit_test(test_query__build_stopwords),
        cmocka_unit_test(test_query__wdf_unit),
        cmocka_unit_test(test_query__language_and_words),
        cmocka_unit_test(test_query__dates_in_words),
        cmocka_unit_test(test_query__prefix_last),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
