/* SPDX-License-Identifier: MIT */
/* Unit tests for the ranking metrics of src/cli/eval.c, computed by hand. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"

#define EPS 1e-6
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
check(const char *name, const eval_scores *got, double map, double ndcg10,
      double mrr10, double p10, double r100)
{
    const double want[5] = {map, ndcg10, mrr10, p10, r100};
    const double have[5] = {got->map, got->ndcg10, got->mrr10, got->p10,
                            got->r100};
    static const char *const metric[5] = {"AP", "nDCG@10", "MRR@10", "P@10",
                                          "R@100"};
    for (int i = 0; i < 5; i++)
        if (have[i] < want[i] - EPS || have[i] > want[i] + EPS)
            fail_msg("%s: %s = %.6f, expected %.6f", name, metric[i], have[i],
                     want[i]);
}

/* Binary relevance, one relevant item never retrieved.
 *   ranks:    1 2 3 4 5 6
 *   relevant: x . x . . x      4 relevant items in all
 *   AP      = (1/1 + 2/3 + 3/6) / 4 = 2.166667 / 4          = 0.541667
 *   DCG@10  = 1/log2(2) + 1/log2(4) + 1/log2(7)
 *           = 1 + 0.5 + 0.356207                            = 1.856207
 *   IDCG@10 = 1 + 1/log2(3) + 1/log2(4) + 1/log2(5)
 *           = 1 + 0.630930 + 0.5 + 0.430677                 = 2.561606
 *   nDCG@10 = 1.856207 / 2.561606                           = 0.724626
 *   MRR@10  = 1/1 = 1;  P@10 = 3/10 = 0.3;  R@100 = 3/4 = 0.75 */
static void
test_eval__average_precision(void **state)
{
    (void)state;
    static const int gains[] = {1, 0, 1, 0, 0, 1};
    static const int ideal[] = {1, 1, 1, 1};
    eval_scores s;
    eval_query(gains, N(gains), ideal, N(ideal), &s);
    double dcg = 1.0 + 0.5 + 1.0 / log2(7);
    double idcg = 1.0 + 1.0 / log2(3) + 0.5 + 1.0 / log2(5);
    check("binary", &s, 2.1666666667 / 4.0, dcg / idcg, 1.0, 0.3, 0.75);
    assert_true(s.ndcg10 > 0.724626 && s.ndcg10 < 0.724628);
}

/* Graded gains (the ideal list in any order).
 *   ranks:  1 2 3 4      ideal grades {1, 3, 2}
 *   grade:  2 3 0 1
 *   DCG@10  = 2/log2(2) + 3/log2(3) + 0/log2(4) + 1/log2(5)
 *           = 2 + 1.892789 + 0 + 0.430677                   = 4.323466
 *   IDCG@10 = 3/log2(2) + 2/log2(3) + 1/log2(4)
 *           = 3 + 1.261860 + 0.5                            = 4.761860
 *   nDCG@10 = 4.323466 / 4.761860                           = 0.907936
 *   AP counts grade > 0 as relevant: (1/1 + 2/2 + 3/4) / 3  = 0.916667
 *   MRR@10 = 1;  P@10 = 3/10;  R@100 = 3/3 = 1 */
static void
test_eval__ndcg_graded(void **state)
{
    (void)state;
    static const int gains[] = {2, 3, 0, 1};
    static const int ideal[] = {1, 3, 2};
    eval_scores s;
    eval_query(gains, N(gains), ideal, N(ideal), &s);
    check("graded", &s, 2.75 / 3.0,
          (2 + 3 / log2(3) + 1 / log2(5)) / (3 + 2 / log2(3) + 0.5), 1.0, 0.3,
          1.0);
    assert_true(s.ndcg10 > 0.907936 && s.ndcg10 < 0.907937);

    /* The ideal order gives nDCG 1; ideal grades of 0 are ignored.
     *   ranks: 3 2 1 -> DCG = IDCG;  AP = (1 + 1 + 1) / 3 = 1 */
    static const int best[] = {3, 2, 1};
    static const int ideal0[] = {0, 2, 0, 1, 3};
    eval_query(best, N(best), ideal0, N(ideal0), &s);
    check("ideal order", &s, 1.0, 1.0, 1.0, 0.3, 1.0);

    /* Only the ideal top 10 count for IDCG: 12 items of grade 1, the ten
     * retrieved at ranks 1-10 -> DCG@10 = IDCG@10, nDCG = 1;
     *   AP = 10 / 12 (ten hits, each at precision 1) = 0.833333;
     *   P@10 = 1;  R@100 = 10/12 = 0.833333 */
    int ten[10], twelve[12];
    for (int i = 0; i < 10; i++)
        ten[i] = 1;
    for (int i = 0; i < 12; i++)
        twelve[i] = 1;
    eval_query(ten, 10, twelve, 12, &s);
    check("top 10 of 12", &s, 10.0 / 12.0, 1.0, 1.0, 1.0, 10.0 / 12.0);
}

/* The first relevant item at rank 12, beyond the cut-off of MRR@10.
 *   MRR@10 = 0;  nDCG@10 = 0 (nothing relevant in the top 10);
 *   AP = (1/12) / 1 = 0.083333;  P@10 = 0;  R@100 = 1/1 = 1 */
static void
test_eval__mrr_beyond_10(void **state)
{
    (void)state;
    int gains[12] = {0};
    gains[11] = 1;
    static const int ideal[] = {1};
    eval_scores s;
    eval_query(gains, N(gains), ideal, N(ideal), &s);
    check("rank 12", &s, 1.0 / 12.0, 0.0, 0.0, 0.0, 1.0);

    /* At rank 10 it still counts: MRR@10 = 1/10; P@10 = 1/10;
     *   nDCG@10 = (1/log2(11)) / (1/log2(2)) = 1/3.459432 = 0.289065;
     *   AP = 1/10 */
    int at10[10] = {0};
    at10[9] = 1;
    eval_query(at10, N(at10), ideal, N(ideal), &s);
    check("rank 10", &s, 0.1, 1.0 / log2(11), 0.1, 0.1, 1.0);
}

/* P@10 and MRR@10 with relevant items at ranks 2, 5, 10 and 11 of 15,
 * five relevant in all.
 *   P@10 = 3/10 = 0.3 (rank 11 is not counted);  MRR@10 = 1/2;
 *   AP = (1/2 + 2/5 + 3/10 + 4/11) / 5 = 1.563636 / 5       = 0.312727
 *   DCG@10 = 1/log2(3) + 1/log2(6) + 1/log2(11)
 *          = 0.630930 + 0.386853 + 0.289065                 = 1.306848
 *   IDCG@10 = 1 + 0.630930 + 0.5 + 0.430677 + 0.386853      = 2.948459
 *   nDCG@10 = 0.443231;  R@100 = 4/5 = 0.8 */
static void
test_eval__precision_at_10(void **state)
{
    (void)state;
    int gains[15] = {0};
    gains[1] = gains[4] = gains[9] = gains[10] = 1;
    static const int ideal[] = {1, 1, 1, 1, 1};
    eval_scores s;
    eval_query(gains, N(gains), ideal, N(ideal), &s);
    double ap = (0.5 + 0.4 + 0.3 + 4.0 / 11.0) / 5.0;
    double dcg = 1 / log2(3) + 1 / log2(6) + 1 / log2(11);
    double idcg = 1 + 1 / log2(3) + 0.5 + 1 / log2(5) + 1 / log2(6);
    check("p10", &s, ap, dcg / idcg, 0.5, 0.3, 0.8);

    /* A list shorter than 10 still divides by 10: one hit -> P@10 = 0.1. */
    static const int one[] = {1};
    eval_query(one, N(one), ideal, N(ideal), &s);
    assert_true(s.p10 > 0.1 - EPS && s.p10 < 0.1 + EPS);
}

/* Recall@100: relevant at ranks 100 and 101, two relevant in all.
 *   R@100 = 1/2;  AP = (1/100 + 2/101) / 2 = 0.014901;  the rest 0 */
static void
test_eval__recall_at_100(void **state)
{
    (void)state;
    int gains[101] = {0};
    gains[99] = gains[100] = 1;
    static const int ideal[] = {1, 1};
    eval_scores s;
    eval_query(gains, N(gains), ideal, N(ideal), &s);
    check("r100", &s, (0.01 + 2.0 / 101.0) / 2.0, 0.0, 0.0, 0.0, 0.5);
}

/* Nothing relevant: every metric is 0, whatever was retrieved. */
static void
test_eval__no_relevant(void **state)
{
    (void)state;
    static const int gains[] = {1, 2, 0};
    static const int zeros[] = {0, 0};
    eval_scores s;
    memset(&s, 0x55, sizeof s);
    eval_query(gains, N(gains), NULL, 0, &s);
    check("no ideal", &s, 0, 0, 0, 0, 0);
    memset(&s, 0x55, sizeof s);
    eval_query(gains, N(gains), zeros, N(zeros), &s);
    check("ideal all 0", &s, 0, 0, 0, 0, 0);
    /* And an empty ranking with relevant items: all 0 too. */
    static const int ideal[] = {1, 2};
    memset(&s, 0x55, sizeof s);
    eval_query(NULL, 0, ideal, N(ideal), &s);
    check("empty ranking", &s, 0, 0, 0, 0, 0);
}

/* Means over queries: (q1 + q2) / 2 metric by metric. */
static void
test_eval__mean(void **state)
{
    (void)state;
    eval_scores sum = {0, 0, 0, 0, 0};
    const eval_scores a = {0.5, 1.0, 1.0, 0.3, 0.75};
    const eval_scores b = {0.1, 0.0, 0.5, 0.1, 0.25};
    eval_add(&sum, &a);
    eval_add(&sum, &b);
    check("sum", &sum, 0.6, 1.0, 1.5, 0.4, 1.0);
    eval_mean(&sum, 2);
    check("mean", &sum, 0.3, 0.5, 0.75, 0.2, 0.5);
    /* No queries: the sum is left alone (no division by zero). */
    eval_mean(&sum, 0);
    check("mean of none", &sum, 0.3, 0.5, 0.75, 0.2, 0.5);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval__average_precision),
        cmocka_unit_test(test_eval__ndcg_graded),
        cmocka_unit_test(test_eval__mrr_beyond_10),
        cmocka_unit_test(test_eval__precision_at_10),
        cmocka_unit_test(test_eval__recall_at_100),
        cmocka_unit_test(test_eval__no_relevant),
        cmocka_unit_test(test_eval__mean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
