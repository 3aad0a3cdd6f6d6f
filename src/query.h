/* SPDX-License-Identifier: MIT */
/* Query stage: our own query language, parsed into a syntax tree
 * (query_parse.c), then analysed with the same analyser as documents into
 * a Xapian query tree (query.c). */
#ifndef ACCS_QUERY_H
#define ACCS_QUERY_H

#include "analyse.h"
#include "wordset.h"
#include "xapian_shim.h"

typedef enum {
    ACCSI_AST_WORD,   /* free word */
    ACCSI_AST_PHRASE, /* "quoted words" */
    ACCSI_AST_FIELD,  /* lang:nl */
    ACCSI_AST_SEQ,    /* words side by side: ranked */
    ACCSI_AST_AND,
    ACCSI_AST_OR,
    ACCSI_AST_NOT,    /* NOT x, -x (only meaningful inside a SEQ or AND) */
    ACCSI_AST_PLUS,   /* +x: required */
    ACCSI_AST_NEAR    /* a NEAR b [NEAR c]: kids are words, within `window` */
} accsi_ast_kind;

typedef struct accsi_ast {
    accsi_ast_kind kind;
    char *text;       /* word, phrase text, or field value */
    char *field;      /* field name for ACCSI_AST_FIELD */
    size_t pos;       /* byte offset in the query string */
    unsigned window;  /* for ACCSI_AST_NEAR: at most this many other words
                         among the kids' words */
    struct accsi_ast **kids;
    size_t n_kids;
    size_t cap_kids;
} accsi_ast;

/* NEAR without a number, and the largest NEAR/n. */
#define ACCSI_NEAR_DEFAULT 8
#define ACCSI_NEAR_MAX 100

/* Queries longer than this are refused. */
#define ACCSI_QUERY_MAX_WORDS 1000

/* Parse `q`.  Syntax errors return ACCS_EQUERY with a message naming the
 * (1-based, in characters) position. */
accs_status accsi_query_parse(const char *q, accsi_ast **out, accsi_err *err);
/* Search as you type: the last word of `q`, if the query ends in it, also
 * matches as a prefix (see query_parse.c). */
accs_status accsi_ast_prefix_last(accsi_ast **root, const char *q, accsi_err *err);
/* Read `q` as plain words, without operators, quotes or fields. */
accs_status accsi_query_parse_plain(const char *q, accsi_ast **out,
                                   accsi_err *err);
void accsi_ast_free(accsi_ast *a);

/* Terms the snippet stage highlights: folded words and stems. */
typedef struct {
    accsi_wordset *words;   /* folded forms */
    accsi_wordset *stems;   /* prefixed stems ("Z" and the stem) */
    accsi_wordset *parts;   /* folded words that may sit inside compounds */
    accsi_wordset *part_stems; /* Dutch stems searched as compound parts */
    accsi_wordset *prefixes; /* folded prefixes of wildcard words ("cyber*") */
} accsi_highlight;

void accsi_highlight_free(accsi_highlight *h);

struct accsi_synonyms;

typedef struct {
    accsi_lang lang;               /* query language, for stopwords */
    accsi_lang stem_lang;          /* stems of this language only
                                      (UNKNOWN: Dutch and English) */
    const struct accsi_synonyms *syn;      /* built-in synonyms or NULL */
    const struct accsi_synonyms *user_syn; /* user synonyms or NULL */
    int keep_stopwords;
    int compounds;
    /* weights of the query expansions relative to the word itself */
    double w_part, w_syn, w_title, w_exact, w_coord, w_prox;
    double w_stop;                 /* a stopword among other words (0: dropped) */
    int stop_fill;                 /* ... also finds passages on its own */
    unsigned prox_window;          /* positions for the proximity bonus */
    int combine_max;               /* word, part and synonym: best one counts */
    int alt_synonym;               /* alternatives as OP_SYNONYM, not MAX */
} accsi_build_opts;

/* Words of the query for spelling and language detection. */
typedef struct {
    char **words;   /* folded free words (positive) */
    size_t n;
} accsi_query_words;

/* Build the Xapian query tree for `ast`. */
accs_status accsi_query_build(accsi_analyser *a, const accsi_ast *ast,
                              const accsi_build_opts *opts, accsi_qnode **out,
                              accsi_highlight *hl, accsi_err *err);
/* Detect the language of a query from its words (UNKNOWN when unsure). */
accsi_lang accsi_query_lang(accsi_analyser *a, const accsi_ast *ast);
/* Folded positive free words of the query (for spelling suggestions); a
 * wildcard word keeps its '*'. */
void accsi_query_collect_words(accsi_analyser *a, const accsi_ast *ast,
                               accsi_query_words *out);
void accsi_query_words_free(accsi_query_words *w);

accsi_qnode *accsi_qnode_new(accsi_qop op);
accsi_qnode *accsi_qnode_term(const char *prefix, const char *term, size_t len);
/* Every passage: every document but the file records. */
accsi_qnode *accsi_qnode_all_passages(void);
int accsi_qnode_add(accsi_qnode *parent, accsi_qnode *kid);
void accsi_qnode_free(accsi_qnode *q);

#endif /* ACCS_QUERY_H */
