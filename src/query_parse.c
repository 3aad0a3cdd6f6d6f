/* SPDX-License-Identifier: MIT */
/* Query stage, syntax: the query language of accsearch.
 *
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := seq ("AND" seq)*
 *   seq     := unary+
 *   unary   := "NOT" unary | "-" primary | "+" primary | primary
 *   primary := "(" or ")" | '"' words '"' | field ":" value | word
 *   value   := word | '"' anything '"'        field: lang, path, date, title
 *
 *   (in seq, words joined by "NEAR" or "NEAR/n" form one unary)
 *
 * Operators are upper case; lower-case "and", "or" and "not" are words. */
#include <stdlib.h>
#include <string.h>

#include "query.h"

typedef enum {
    T_END, T_WORD, T_PHRASE, T_FIELD, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT,
    T_MINUS, T_PLUS, T_NEAR
} tok_kind;

typedef struct {
    tok_kind kind;
    size_t pos;    /* byte offset */
    size_t start;  /* text range (word or phrase contents) */
    size_t end;
    size_t colon;  /* for T_FIELD: offset of ':' */
    unsigned near; /* for T_NEAR: the number of NEAR/n, or the default */
    size_t vstart; /* for T_FIELD: the value, after the colon or in quotes */
    size_t vend;
} token;

typedef struct {
    const char *q;
    size_t len;
    size_t i;
    token cur;
    accsi_err *err;
    accs_status st;
    unsigned depth;
} parser;

/* 1-based character column of byte offset `pos`. */
static size_t
column(const char *q, size_t pos)
{
    size_t col = 1;
    for (size_t i = 0; i < pos; i++)
        if (((unsigned char)q[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v' || (unsigned char)c < 32;
}

static int
ends_word(char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

static int
is_field(const char *q, size_t start, size_t colon)
{
    size_t n = colon - start;
    return (n == 4 && (strncmp(q + start, "lang", 4) == 0 ||
                       strncmp(q + start, "path", 4) == 0 ||
                       strncmp(q + start, "date", 4) == 0 ||
                       strncmp(q + start, "type", 4) == 0 ||
                       strncmp(q + start, "from", 4) == 0)) ||
           (n == 2 && strncmp(q + start, "to", 2) == 0) ||
           (n == 5 && strncmp(q + start, "title", 5) == 0);
}

/* The quote that closes the one at the parser's position; NULL, with an
 * error and the current token at the end, when there is none. */
static const char *
closing_quote(parser *p)
{
    const char *close = memchr(p->q + p->i + 1, '"', p->len - p->i - 1);
    if (!close) {
        p->st = accsi_err_set(p->err, ACCS_EQUERY,
                              "unbalanced quote: the quote at position %zu "
                              "is never closed", column(p->q, p->i));
        p->cur.kind = T_END;
        p->i = p->len;
    }
    return close;
}

static void
next(parser *p)
{
    while (p->i < p->len && is_space(p->q[p->i]))
        p->i++;
    token *t = &p->cur;
    memset(t, 0, sizeof *t);
    t->pos = p->i;
    if (p->i >= p->len) {
        t->kind = T_END;
        return;
    }
    char c = p->q[p->i];
    if (c == '(' || c == ')') {
        t->kind = c == '(' ? T_LPAREN : T_RPAREN;
        p->i++;
        return;
    }
    if (c == '"') {
        const char *close = closing_quote(p);
        if (!close)
            return;
        t->kind = T_PHRASE;
        t->start = p->i + 1;
        t->end = (size_t)(close - p->q);
        p->i = t->end + 1;
        return;
    }
    if ((c == '-' || c == '+') && p->i + 1 < p->len && !is_space(p->q[p->i + 1]) &&
        p->q[p->i + 1] != ')') {
        t->kind = c == '-' ? T_MINUS : T_PLUS;
        p->i++;
        return;
    }
    size_t s = p->i;
    while (p->i < p->len && !ends_word(p->q[p->i]))
        p->i++;
    t->start = s;
    t->end = p->i;
    size_t n = t->end - t->start;
    if (n == 3 && strncmp(p->q + s, "AND", 3) == 0)
        t->kind = T_AND;
    else if (n == 2 && strncmp(p->q + s, "OR", 2) == 0)
        t->kind = T_OR;
    else if (n == 3 && strncmp(p->q + s, "NOT", 3) == 0)
        t->kind = T_NOT;
    else if (n >= 4 && strncmp(p->q + s, "NEAR", 4) == 0 &&
             (n == 4 || p->q[s + 4] == '/')) {
        /* NEAR or NEAR/n: a number from 0 to ACCSI_NEAR_MAX. */
        t->kind = T_NEAR;
        t->near = ACCSI_NEAR_DEFAULT;
        if (n > 4) {
            unsigned v = 0;
            size_t k = s + 5;
            for (; k < t->end && p->q[k] >= '0' && p->q[k] <= '9' && v <= ACCSI_NEAR_MAX; k++)
                v = v * 10 + (unsigned)(p->q[k] - '0');
            if (k == s + 5 || k != t->end || v > ACCSI_NEAR_MAX) {
                p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                      "'%.*s' at position %zu: use NEAR or NEAR/n "
                                      "with n from 0 to %d", (int)n, p->q + s,
                                      column(p->q, s), ACCSI_NEAR_MAX);
                t->kind = T_END;
                p->i = p->len;
                return;
            }
            t->near = v;
        }
    }
    else {
        t->kind = T_WORD;
        const char *colon = memchr(p->q + s, ':', n);
        if (colon && is_field(p->q, s, (size_t)(colon - p->q))) {
            t->kind = T_FIELD;
            t->colon = (size_t)(colon - p->q);
            t->vstart = t->colon + 1;
            t->vend = t->end;
            /* path:"My Notes/2018": a quoted value, spaces and all. */
            if (t->vstart == t->end && p->i < p->len && p->q[p->i] == '"') {
                const char *close = closing_quote(p);
                if (!close)
                    return;
                t->vstart = p->i + 1;
                t->vend = (size_t)(close - p->q);
                p->i = t->vend + 1;
            }
        }
    }
}

static accsi_ast *
node(parser *p, accsi_ast_kind kind, size_t pos)
{
    accsi_ast *a = calloc(1, sizeof *a);
    if (!a)
        p->st = accsi_err_set(p->err, ACCS_ENOMEM, "out of memory");
    else {
        a->kind = kind;
        a->pos = pos;
    }
    return a;
}

static int
add_kid(parser *p, accsi_ast *parent, accsi_ast *kid)
{
    if (!kid)
        return 0;
    if (parent->n_kids == parent->cap_kids) {
        size_t cap = parent->cap_kids ? parent->cap_kids * 2 : 4;
        accsi_ast **k = realloc(parent->kids, cap * sizeof *k);
        if (!k) {
            accsi_ast_free(kid);
            p->st = accsi_err_set(p->err, ACCS_ENOMEM, "out of memory");
            return 0;
        }
        parent->kids = k;
        parent->cap_kids = cap;
    }
    parent->kids[parent->n_kids++] = kid;
    return 1;
}

void
accsi_ast_free(accsi_ast *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_kids; i++)
        accsi_ast_free(a->kids[i]);
    free(a->kids);
    free(a->text);
    free(a->field);
    free(a);
}

static accsi_ast *parse_or(parser *p);

static const char *
tok_name(tok_kind k)
{
    switch (k) {
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_NEAR: return "NEAR";
    case T_RPAREN: return ")";
    default: return "operator";
    }
}

static accsi_ast *
parse_primary(parser *p)
{
    token t = p->cur;
    if (p->depth > 100) {
        p->st = accsi_err_set(p->err, ACCS_EQUERY,
                              "query nested too deeply at position %zu",
                              column(p->q, t.pos));
        return NULL;
    }
    switch (t.kind) {
    case T_LPAREN: {
        next(p);
        if (p->cur.kind == T_RPAREN) {
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "empty parentheses at position %zu",
                                  column(p->q, t.pos));
            return NULL;
        }
        p->depth++;
        accsi_ast *inner = parse_or(p);
        p->depth--;
        if (p->st != ACCS_OK) {
            accsi_ast_free(inner);
            return NULL;
        }
        if (p->cur.kind != T_RPAREN) {
            accsi_ast_free(inner);
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "unbalanced parenthesis: the '(' at position "
                                  "%zu is never closed", column(p->q, t.pos));
            return NULL;
        }
        next(p);
        return inner;
    }
    case T_WORD:
    case T_PHRASE: {
        accsi_ast *a = node(p, t.kind == T_WORD ? ACCSI_AST_WORD : ACCSI_AST_PHRASE,
                            t.pos);
        if (a && !(a->text = accsi_strndup(p->q + t.start, t.end - t.start))) {
            accsi_ast_free(a);
            a = NULL;
            p->st = ACCS_ENOMEM;
        }
        next(p);
        return a;
    }
    case T_FIELD: {
        accsi_ast *a = node(p, ACCSI_AST_FIELD, t.pos);
        if (a) {
            a->field = accsi_strndup(p->q + t.start, t.colon - t.start);
            a->text = accsi_strndup(p->q + t.vstart, t.vend - t.vstart);
            if (!a->field || !a->text) {
                accsi_ast_free(a);
                p->st = ACCS_ENOMEM;
                return NULL;
            }
        }
        next(p);
        return a;
    }
    case T_RPAREN:
        p->st = accsi_err_set(p->err, ACCS_EQUERY,
                              "unbalanced parenthesis: ')' at position %zu has "
                              "no matching '('", column(p->q, t.pos));
        return NULL;
    case T_END:
        if (p->st == ACCS_OK)
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "query ends where a word was expected "
                                  "(position %zu)", column(p->q, t.pos));
        return NULL;
    default:
        p->st = accsi_err_set(p->err, ACCS_EQUERY,
                              "'%s' at position %zu needs a word before and "
                              "after it", tok_name(t.kind), column(p->q, t.pos));
        return NULL;
    }
}

static accsi_ast *
parse_unary(parser *p)
{
    token t = p->cur;
    if (t.kind == T_NOT || t.kind == T_MINUS || t.kind == T_PLUS) {
        next(p);
        if (t.kind == T_NOT && (p->cur.kind == T_END || p->cur.kind == T_RPAREN ||
                                p->cur.kind == T_AND || p->cur.kind == T_OR)) {
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "'NOT' at position %zu needs a word after it",
                                  column(p->q, t.pos));
            return NULL;
        }
        p->depth++;
        accsi_ast *kid = t.kind == T_NOT ? parse_unary(p) : parse_primary(p);
        p->depth--;
        if (!kid)
            return NULL;
        accsi_ast *a = node(p, t.kind == T_PLUS ? ACCSI_AST_PLUS : ACCSI_AST_NOT,
                            t.pos);
        if (!a || !add_kid(p, a, kid)) {
            accsi_ast_free(a);
            if (!a)
                accsi_ast_free(kid);
            return NULL;
        }
        return a;
    }
    return parse_primary(p);
}

/* NEAR at query position `pos` lacks a word on one side: `side` is
 * "stand before" or "follow". */
static void
near_needs_word(parser *p, size_t pos, const char *side)
{
    p->st = accsi_err_set(p->err, ACCS_EQUERY,
                          "'NEAR' at position %zu joins words; a word must %s it",
                          column(p->q, pos), side);
}

/* u NEAR v [NEAR w ...]: words within a few positions of each other.
 * `first` is the unary before the first NEAR; each side must be a word. */
static accsi_ast *
parse_near(parser *p, accsi_ast *first)
{
    accsi_ast *n = node(p, ACCSI_AST_NEAR, p->cur.pos);
    if (!n || !add_kid(p, n, first)) {
        if (!n)
            accsi_ast_free(first);
        return NULL;
    }
    n->window = 0;
    while (p->st == ACCS_OK && p->cur.kind == T_NEAR) {
        token op = p->cur;
        if (op.near > n->window)
            n->window = op.near;
        if (n->kids[n->n_kids - 1]->kind != ACCSI_AST_WORD) {
            near_needs_word(p, op.pos, "stand before");
            break;
        }
        next(p);
        if (p->cur.kind != T_WORD) {
            near_needs_word(p, op.pos, "follow");
            break;
        }
        accsi_ast *w = parse_primary(p);
        if (!w || !add_kid(p, n, w))
            break;
    }
    if (p->st != ACCS_OK) {
        accsi_ast_free(n);
        return NULL;
    }
    return n;
}

static accsi_ast *
parse_seq(parser *p)
{
    size_t pos = p->cur.pos;
    accsi_ast *seq = node(p, ACCSI_AST_SEQ, pos);
    if (!seq)
        return NULL;
    while (p->st == ACCS_OK && p->cur.kind != T_END && p->cur.kind != T_RPAREN &&
           p->cur.kind != T_AND && p->cur.kind != T_OR) {
        if (p->cur.kind == T_NEAR) {
            near_needs_word(p, p->cur.pos, "stand before");
            break;
        }
        accsi_ast *u = parse_unary(p);
        if (u && p->cur.kind == T_NEAR)
            u = parse_near(p, u);
        if (!u || !add_kid(p, seq, u))
            break;
    }
    if (p->st != ACCS_OK) {
        accsi_ast_free(seq);
        return NULL;
    }
    if (seq->n_kids == 0) {
        accsi_ast_free(seq);
        if (p->cur.kind == T_RPAREN && p->depth == 0)
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "unbalanced parenthesis: ')' at position %zu has "
                                  "no matching '('", column(p->q, p->cur.pos));
        else if (p->cur.kind == T_END && pos == 0 && p->cur.pos == p->len &&
            p->i == p->len && p->st == ACCS_OK)
            p->st = accsi_err_set(p->err, ACCS_EQUERY, "empty query");
        else
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "'%s' at position %zu needs a word before and "
                                  "after it",
                                  p->cur.kind == T_END ? "operator"
                                                       : tok_name(p->cur.kind),
                                  column(p->q, p->cur.pos));
        return NULL;
    }
    if (seq->n_kids == 1) {
        accsi_ast *only = seq->kids[0];
        seq->n_kids = 0;
        accsi_ast_free(seq);
        return only;
    }
    return seq;
}

static accsi_ast *
parse_binary(parser *p, tok_kind op, accsi_ast_kind kind,
             accsi_ast *(*sub)(parser *))
{
    accsi_ast *left = sub(p);
    if (!left || p->cur.kind != op)
        return left;
    accsi_ast *n = node(p, kind, p->cur.pos);
    if (!n || !add_kid(p, n, left)) {
        if (!n)
            accsi_ast_free(left);
        return NULL;
    }
    while (p->st == ACCS_OK && p->cur.kind == op) {
        size_t op_pos = p->cur.pos;
        next(p);
        if (p->cur.kind == T_END || p->cur.kind == T_RPAREN ||
            p->cur.kind == T_AND || p->cur.kind == T_OR) {
            p->st = accsi_err_set(p->err, ACCS_EQUERY,
                                  "'%s' at position %zu needs a word after it",
                                  tok_name(op), column(p->q, op_pos));
            break;
        }
        accsi_ast *right = sub(p);
        if (!right || !add_kid(p, n, right))
            break;
    }
    if (p->st != ACCS_OK) {
        accsi_ast_free(n);
        return NULL;
    }
    return n;
}

static accsi_ast *
parse_and(parser *p)
{
    return parse_binary(p, T_AND, ACCSI_AST_AND, parse_seq);
}

static accsi_ast *
parse_or(parser *p)
{
    return parse_binary(p, T_OR, ACCSI_AST_OR, parse_and);
}

accs_status
accsi_query_parse(const char *q, accsi_ast **out, accsi_err *err)
{
    *out = NULL;
    if (!q)
        return accsi_err_set(err, ACCS_EINVAL, "no query given");
    parser p = {q, strlen(q), 0, {0}, err, ACCS_OK, 0};
    if (p.len > 100000)
        return accsi_err_set(err, ACCS_EQUERY,
                             "query too long (%zu bytes; the limit is 100000)",
                             p.len);
    next(&p);
    if (p.st != ACCS_OK)
        return p.st;
    if (p.cur.kind == T_END)
        return accsi_err_set(err, ACCS_EQUERY, "empty query");
    /* Each word becomes several Xapian subqueries; a query of thousands of
     * words is a mistake (a pasted document), not a search. */
    size_t words = 0;
    for (size_t i = 0; i < p.len; i++)
        if (!is_space(q[i]) && (i == 0 || is_space(q[i - 1])))
            words++;
    if (words > ACCSI_QUERY_MAX_WORDS)
        return accsi_err_set(err, ACCS_EQUERY,
                             "query too long: %zu words (the limit is %d)", words,
                             ACCSI_QUERY_MAX_WORDS);
    accsi_ast *a = parse_or(&p);
    if (p.st == ACCS_OK && p.cur.kind != T_END) {
        /* Only a stray ')' can stop the top level early. */
        p.st = accsi_err_set(err, ACCS_EQUERY,
                             "unbalanced parenthesis: ')' at position %zu has "
                             "no matching '('", column(q, p.cur.pos));
    }
    if (p.st != ACCS_OK) {
        accsi_ast_free(a);
        return p.st;
    }
    *out = a;
    return ACCS_OK;
}

accs_status
accsi_query_parse_plain(const char *q, accsi_ast **out, accsi_err *err)
{
    *out = NULL;
    parser p = {q, q ? strlen(q) : 0, 0, {0}, err, ACCS_OK, 0};
    if (!q)
        return accsi_err_set(err, ACCS_EINVAL, "no query given");
    accsi_ast *seq = node(&p, ACCSI_AST_SEQ, 0);
    if (!seq)
        return p.st;
    /* Every run of non-space characters is a free word; the analyser drops
     * punctuation, so nothing here is an operator. */
    size_t i = 0;
    while (i < p.len && p.st == ACCS_OK) {
        while (i < p.len && is_space(q[i]))
            i++;
        size_t s = i;
        while (i < p.len && !is_space(q[i]))
            i++;
        if (i == s)
            break;
        accsi_ast *w = node(&p, ACCSI_AST_WORD, s);
        if (w && !(w->text = accsi_strndup(q + s, i - s))) {
            accsi_ast_free(w);
            w = NULL;
            p.st = ACCS_ENOMEM;
        }
        add_kid(&p, seq, w);
    }
    if (p.st == ACCS_OK && seq->n_kids == 0)
        p.st = accsi_err_set(err, ACCS_EQUERY, "empty query");
    if (p.st != ACCS_OK) {
        accsi_ast_free(seq);
        return p.st;
    }
    *out = seq;
    return ACCS_OK;
}

/* Search as you type: the query's last word, when the query ends in it,
 * also stands for the words it begins ("verdrag gene" finds "geneve"):
 * that word becomes (word OR word*).  Only a free word of two letters or
 * more; a quoted, excluded or starred word, a field, or a query that
 * ends in a space is left as it is. */
accs_status
accsi_ast_prefix_last(accsi_ast **root, const char *q, accsi_err *err)
{
    size_t qlen = strlen(q);
    if (!*root || qlen == 0 || strchr(" \t\n\r\")*", q[qlen - 1]))
        return ACCS_OK;
    accsi_ast **slot = root;
    while (((*slot)->kind == ACCSI_AST_SEQ || (*slot)->kind == ACCSI_AST_AND ||
            (*slot)->kind == ACCSI_AST_OR) &&
           (*slot)->n_kids)
        slot = &(*slot)->kids[(*slot)->n_kids - 1];
    accsi_ast *w = *slot;
    if (w->kind != ACCSI_AST_WORD || !w->text || w->pos + strlen(w->text) != qlen)
        return ACCS_OK;
    size_t chars = 0;
    for (const char *c = w->text; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    if (chars < 2)
        return ACCS_OK;
    parser p;
    memset(&p, 0, sizeof p);
    p.err = err;
    accsi_ast *any = node(&p, ACCSI_AST_OR, w->pos);
    accsi_ast *star = node(&p, ACCSI_AST_WORD, w->pos);
    size_t n = strlen(w->text);
    char *text = malloc(n + 2);
    if (!any || !star || !text) {
        free(any);
        free(star);
        free(text);
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
    memcpy(text, w->text, n);
    memcpy(text + n, "*", 2);
    star->text = text;
    /* add_kid frees the kid it cannot add: the tree stays whole. */
    *slot = any;
    if (!add_kid(&p, any, w)) {
        accsi_ast_free(star);
        return p.st;
    }
    return add_kid(&p, any, star) ? ACCS_OK : p.st;
}
