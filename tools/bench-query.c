/* SPDX-License-Identifier: MIT */
/* bench-query: in-process query latency of accsearch, for tools/bench.
 *
 * Opens an index with the public API only, reads one query per line from a
 * file, runs every query once to warm up, then runs them again (ROUNDS
 * times) timing each accs_search() + reading the hits + accs_results_free()
 * with CLOCK_MONOTONIC.  Prints a readable summary and, as its last line,
 * one JSON object with p50/p99/mean in milliseconds.  With DUMP, the
 * warm-up pass writes each query's hit paths to that file, one line per
 * query: the query's number, then the paths, separated by tabs.
 *
 * usage: bench-query DB QUERIES [ROUNDS [DUMP]]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <accsearch.h>

/* Queries read from the file. */
typedef struct {
    char **items;
    size_t count;
    size_t cap;
} query_list;

/* Per-pass counters. */
typedef struct {
    size_t zero_hits;
    size_t errors;
    uint64_t hits;
} pass_stats;

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time (user + system) used by this process so far, in ms. */
static double
cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values (p in 0..100). */
static double
percentile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

static int
read_queries(const char *path, query_list *list)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench-query: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (list->count == list->cap) {
            size_t ncap = list->cap ? list->cap * 2 : 256;
            char **n = realloc(list->items, ncap * sizeof *n);
            if (!n) {
                free(line);
                fclose(f);
                return -1;
            }
            list->items = n;
            list->cap = ncap;
        }
        list->items[list->count] = strdup(line);
        if (!list->items[list->count]) {
            free(line);
            fclose(f);
            return -1;
        }
        list->count++;
    }
    free(line);
    fclose(f);
    return 0;
}

/* Keeps the compiler from dropping the reads of the hits. */
static volatile size_t sink;

/* Run one query; returns the number of hits read, or -1 on error. */
static long
run_query(accs_index *idx, const char *q, FILE *dump)
{
    accs_results *res = NULL;
    accs_status st = accs_search(&res, idx, q, NULL);
    if (st != ACCS_OK) {
        if (st == ACCS_EMODIFIED && accs_index_reopen(idx) == ACCS_OK)
            st = accs_search(&res, idx, q, NULL);
        if (st != ACCS_OK)
            return -1;
    }
    size_t n = accs_results_count(res);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const accs_hit *h = accs_results_hit(res, i);
        /* Touch what a caller would show. */
        bytes += strlen(h->path) + strlen(h->snippet);
        if (dump)
            fprintf(dump, "\t%s", h->path);
    }
    accs_results_free(res);
    sink += bytes;
    return (long)n;
}

static void
run_pass(accs_index *idx, const query_list *ql, double *times,
         pass_stats *ps, FILE *dump)
{
    memset(ps, 0, sizeof *ps);
    for (size_t i = 0; i < ql->count; i++) {
        if (dump)
            fprintf(dump, "%zu", i);
        double t0 = now_ms();
        long n = run_query(idx, ql->items[i], dump);
        double t1 = now_ms();
        if (dump)
            fputc('\n', dump);
        if (times)
            times[i] = t1 - t0;
        if (n < 0) {
            ps->errors++;
            fprintf(stderr, "bench-query: query '%s' failed: %s\n",
                    ql->items[i], accs_index_errmsg(idx));
        } else if (n == 0) {
            ps->zero_hits++;
        } else {
            ps->hits += (uint64_t)n;
        }
    }
}

int
main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: bench-query DB QUERIES [ROUNDS [DUMP]]\n");
        return 2;
    }
    long rounds = argc >= 4 ? strtol(argv[3], NULL, 10) : 1;
    if (rounds < 1)
        rounds = 1;

    query_list ql = {NULL, 0, 0};
    if (read_queries(argv[2], &ql) != 0 || ql.count == 0) {
        fprintf(stderr, "bench-query: no queries in %s\n", argv[2]);
        return 1;
    }

    double t_open = now_ms();
    accs_index *idx = NULL;
    char *err = NULL;
    accs_status st = accs_index_open(&idx, argv[1], ACCS_OPEN_READ, &err);
    if (st != ACCS_OK) {
        fprintf(stderr, "bench-query: cannot open %s: %s\n", argv[1],
                err ? err : accs_status_string(st));
        accs_free(err);
        return 1;
    }
    double open_ms = now_ms() - t_open;

    FILE *dump = NULL;
    if (argc == 5 && !(dump = fopen(argv[4], "w"))) {
        fprintf(stderr, "bench-query: %s: %s\n", argv[4], strerror(errno));
        accs_index_free(idx);
        return 1;
    }
    pass_stats warm;
    run_pass(idx, &ql, NULL, &warm, dump);
    if (dump)
        fclose(dump);

    size_t n_times = ql.count * (size_t)rounds;
    double *times = malloc(n_times * sizeof *times);
    if (!times) {
        accs_index_free(idx);
        return 1;
    }
    pass_stats ps = {0, 0, 0};
    double total = 0.0;
    double cpu0 = cpu_ms();
    for (long r = 0; r < rounds; r++) {
        run_pass(idx, &ql, times + (size_t)r * ql.count, &ps, NULL);
    }
    double cpu_mean = (cpu_ms() - cpu0) / (double)n_times;
    for (size_t i = 0; i < n_times; i++)
        total += times[i];
    qsort(times, n_times, sizeof *times, cmp_double);
    double p50 = percentile(times, n_times, 50.0);
    double p99 = percentile(times, n_times, 99.0);
    double mean = total / (double)n_times;

    printf("accsearch: %zu queries x %ld rounds: p50 %.3f ms, p99 %.3f ms, "
           "mean %.3f ms (CPU %.3f ms), max %.3f ms, zero-hit %zu, "
           "errors %zu\n",
           ql.count, rounds, p50, p99, mean, cpu_mean, times[n_times - 1],
           ps.zero_hits, ps.errors);
    printf("{\"engine\":\"accsearch\",\"queries\":%zu,\"rounds\":%ld,"
           "\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,"
           "\"cpu_mean_ms\":%.4f,\"max_ms\":%.4f,\"open_ms\":%.4f,"
           "\"zero_hit\":%zu,\"errors\":%zu,\"hits\":%llu}\n",
           ql.count, rounds, p50, p99, mean, cpu_mean, times[n_times - 1],
           open_ms,
           ps.zero_hits, ps.errors, (unsigned long long)ps.hits);

    free(times);
    for (size_t i = 0; i < ql.count; i++)
        free(ql.items[i]);
    free(ql.items);
    accs_index_free(idx);
    return 0;
}
