/* SPDX-License-Identifier: MIT */
/* Search stage, shared by the search (search.c) and its explanation
 * (explain.c): a query planned as a search runs it. */
#ifndef ACCS_SEARCH_H
#define ACCS_SEARCH_H

#include "index.h"
#include "query.h"
#include "synonyms.h"

/* The ranking parameters, overridable for experiments through
 * ACCSEARCH_RANKING="k1=1.2,part=0.5,syn=0.6,title=0.3,exact=0,coord=0"
 * (tools/eval-public and the tuning notes in the README use it). */
typedef struct {
    double k1, part, syn, title, exact, coord, neighbour, document, prox, window, max, altsyn,
        stop;
} accsi_ranking;

/* A query parsed, analysed and built into a Xapian query tree. */
typedef struct {
    const accs_search_options *opts; /* the caller's, or the defaults */
    accs_sort sort;
    accsi_lang forced;   /* --lang, or UNKNOWN */
    accsi_analyser *an;  /* the index's */
    accsi_ast *ast;
    accsi_qnode *q;
    accsi_highlight hl;
    accsi_synonyms *user_syn;
    accsi_build_opts bo;
    accsi_ranking rk;
} accsi_query_plan;

/* Check the options, parse `query` and build it as a search runs it
 * (paths expanded); free with accsi_query_plan_free() whatever the
 * result.  On failure the message is in idx->err. */
accs_status accsi_plan_query(accs_index *idx, const char *query,
                             const accs_search_options *opts, accsi_query_plan *plan);
void accsi_query_plan_free(accsi_query_plan *plan);

#endif /* ACCS_SEARCH_H */
