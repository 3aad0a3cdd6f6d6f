/* SPDX-License-Identifier: MIT */
/* Ranking metrics, computed the way trec_eval computes them: MAP, nDCG@10,
 * MRR@10, P@10 and Recall@100 for one ranked list. */
#ifndef ACCS_EVAL_H
#define ACCS_EVAL_H

#include <stddef.h>

typedef struct {
    double map;
    double ndcg10;
    double mrr10;
    double p10;
    double r100;
} eval_scores;

/* `gains[i]` is the relevance grade of the item at rank i+1 (0: not
 * relevant; each relevant item must appear at most once); `ideal` holds the
 * grades of all relevant items (any order), `n_ideal` of them. */
void eval_query(const int *gains, size_t n, const int *ideal, size_t n_ideal,
                eval_scores *out);

/* Add `s` to the running sum `sum`. */
void eval_add(eval_scores *sum, const eval_scores *s);
/* Divide a sum by the number of queries. */
void eval_mean(eval_scores *sum, size_t n_queries);

#endif /* ACCS_EVAL_H */
