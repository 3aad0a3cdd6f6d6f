/* SPDX-License-Identifier: MIT */
/* Ranking metrics (see eval.h).  Definitions follow trec_eval: average
 * precision over the whole list divided by the number of relevant items;
 * nDCG with gain = grade and discount log2(rank + 1), the ideal ranking
 * made from the judged grades; reciprocal rank counted within the top 10. */
#include <math.h>
#include <stdlib.h>

#include "eval.h"

static int
desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

void
eval_query(const int *gains, size_t n, const int *ideal, size_t n_ideal,
           eval_scores *out)
{
    size_t n_rel = 0;
    for (size_t i = 0; i < n_ideal; i++)
        n_rel += ideal[i] > 0;
    out->map = out->ndcg10 = out->mrr10 = out->p10 = out->r100 = 0;
    if (n_rel == 0)
        return;
    size_t hits = 0, hits10 = 0, hits100 = 0;
    double ap = 0, dcg = 0;
    for (size_t i = 0; i < n; i++) {
        if (gains[i] <= 0)
            continue;
        hits++;
        ap += (double)hits / (double)(i + 1);
        if (i < 10) {
            hits10++;
            dcg += gains[i] / log2((double)i + 2);
            if (out->mrr10 == 0)
                out->mrr10 = 1.0 / (double)(i + 1);
        }
        if (i < 100)
            hits100++;
    }
    int *sorted = malloc(n_ideal * sizeof *sorted);
    double idcg = 0;
    if (sorted) {
        for (size_t i = 0; i < n_ideal; i++)
            sorted[i] = ideal[i];
        qsort(sorted, n_ideal, sizeof *sorted, desc);
        for (size_t i = 0; i < n_ideal && i < 10; i++)
            if (sorted[i] > 0)
                idcg += sorted[i] / log2((double)i + 2);
        free(sorted);
    }
    out->map = ap / (double)n_rel;
    out->ndcg10 = idcg > 0 ? dcg / idcg : 0;
    out->p10 = (double)hits10 / 10.0;
    out->r100 = (double)hits100 / (double)n_rel;
}

void
eval_add(eval_scores *sum, const eval_scores *s)
{
    sum->map += s->map;
    sum->ndcg10 += s->ndcg10;
    sum->mrr10 += s->mrr10;
    sum->p10 += s->p10;
    sum->r100 += s->r100;
}

void
eval_mean(eval_scores *sum, size_t n)
{
    if (n == 0)
        return;
    sum->map /= (double)n;
    sum->ndcg10 /= (double)n;
    sum->mrr10 /= (double)n;
    sum->p10 /= (double)n;
    sum->r100 /= (double)n;
}
