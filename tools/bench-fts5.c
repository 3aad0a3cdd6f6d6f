/* SPDX-License-Identifier: MIT */
/* bench-fts5: SQLite FTS5 as a comparison engine for tools/bench.
 *
 *   bench-fts5 index DB CORPUS        (re)create DB and insert every .txt
 *                                     file under CORPUS in one transaction
 *   bench-fts5 query DB QUERIES [OP [ROUNDS [DUMP]]]
 *                                     run the queries (one per line, words
 *                                     and "quoted phrases"), once to warm
 *                                     up, then timed; OP joins the parts:
 *                                     OR (default, ranked like the other
 *                                     engines) or AND; the warm-up pass
 *                                     writes the hit paths to DUMP (query
 *                                     number, then paths, tab-separated)
 *   bench-fts5 update DB LIST         replace the files named in LIST (one
 *                                     path per line, as indexed) with their
 *                                     current content, in one transaction:
 *                                     the rows are found by one scan of the
 *                                     paths (the table has no path index),
 *                                     deleted and inserted again
 *   bench-fts5 translate QUERY [OP]   print the FTS5 MATCH expression
 *
 * The table is fts5(path UNINDEXED, body, tokenize='porter unicode61');
 * queries are ranked with ORDER BY bm25(docs) LIMIT 10.  The query mode
 * prints a summary and, as its last line, one JSON object.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* Growable byte buffer. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} buffer;

/* State of the index walk (nftw has no payload argument). */
static struct {
    sqlite3 *db;
    sqlite3_stmt *insert;
    buffer file;
    unsigned long long files;
    unsigned long long bytes;
    int failed;
} walk;

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
buf_reserve(buffer *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t ncap = b->cap ? b->cap : 4096;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *n = realloc(b->data, ncap);
    if (!n)
        return -1;
    b->data = n;
    b->cap = ncap;
    return 0;
}

static int
buf_add(buffer *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int
read_file(const char *path, buffer *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    b->len = 0;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf_add(b, chunk, n) != 0) {
            fclose(f);
            return -1;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (buf_reserve(b, 0) != 0)
        return -1;
    b->data[b->len] = '\0';
    return bad ? -1 : 0;
}

static int
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    if (type != FTW_F || !ends_with(path, ".txt"))
        return 0;
    if (path[ftw->base] == '.')
        return 0;
    if (read_file(path, &walk.file) != 0) {
        fprintf(stderr, "bench-fts5: %s: %s\n", path, strerror(errno));
        walk.failed = 1;
        return 1;
    }
    sqlite3_bind_text(walk.insert, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(walk.insert, 2, walk.file.data, (int)walk.file.len,
                      SQLITE_STATIC);
    if (sqlite3_step(walk.insert) != SQLITE_DONE) {
        fprintf(stderr, "bench-fts5: insert %s: %s\n", path,
                sqlite3_errmsg(walk.db));
        walk.failed = 1;
        return 1;
    }
    sqlite3_reset(walk.insert);
    walk.files++;
    walk.bytes += walk.file.len;
    return 0;
}

static int
exec_sql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench-fts5: %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

static int
cmd_index(const char *db_path, const char *corpus)
{
    double t0 = now_ms();
    if (unlink(db_path) != 0 && errno != ENOENT) {
        fprintf(stderr, "bench-fts5: %s: %s\n", db_path, strerror(errno));
        return 1;
    }
    if (sqlite3_open(db_path, &walk.db) != SQLITE_OK) {
        fprintf(stderr, "bench-fts5: open %s: %s\n", db_path,
                sqlite3_errmsg(walk.db));
        return 1;
    }
    int rc = 1;
    if (exec_sql(walk.db, "CREATE VIRTUAL TABLE docs USING fts5(path "
                          "UNINDEXED, body, tokenize='porter unicode61')") ||
        exec_sql(walk.db, "BEGIN"))
        goto out;
    if (sqlite3_prepare_v2(walk.db,
                           "INSERT INTO docs(path, body) VALUES (?, ?)", -1,
                           &walk.insert, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench-fts5: prepare: %s\n", sqlite3_errmsg(walk.db));
        goto out;
    }
    if (nftw(corpus, visit, 32, FTW_PHYS) != 0 || walk.failed) {
        fprintf(stderr, "bench-fts5: indexing %s failed\n", corpus);
        goto out;
    }
    if (exec_sql(walk.db, "COMMIT"))
        goto out;
    rc = 0;
    printf("{\"engine\":\"fts5\",\"files\":%llu,\"bytes\":%llu,"
           "\"seconds\":%.3f}\n",
           walk.files, walk.bytes, (now_ms() - t0) / 1e3);
out:
    sqlite3_finalize(walk.insert);
    sqlite3_close(walk.db);
    free(walk.file.data);
    return rc;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmd_update(const char *db_path, const char *list_path)
{
    double t0 = now_ms();
    FILE *lf = fopen(list_path, "r");
    if (!lf) {
        fprintf(stderr, "bench-fts5: %s: %s\n", list_path, strerror(errno));
        return 1;
    }
    char **paths = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int rc = 1;
    while ((len = getline(&line, &lcap, lf)) > 0) {
        while (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 256;
            char **np = realloc(paths, cap * sizeof *np);
            if (!np)
                goto out_list;
            paths = np;
        }
        if (!(paths[n] = strdup(line)))
            goto out_list;
        n++;
    }
    qsort(paths, n, sizeof *paths, cmp_str);
    sqlite3_stmt *scan = NULL, *del = NULL;
    if (sqlite3_open(db_path, &walk.db) != SQLITE_OK ||
        sqlite3_prepare_v2(walk.db, "SELECT rowid, path FROM docs", -1, &scan, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(walk.db, "DELETE FROM docs WHERE rowid = ?", -1, &del, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(walk.db, "INSERT INTO docs(path, body) VALUES (?, ?)", -1,
                           &walk.insert, NULL) != SQLITE_OK ||
        exec_sql(walk.db, "BEGIN")) {
        fprintf(stderr, "bench-fts5: %s: %s\n", db_path, sqlite3_errmsg(walk.db));
        goto out;
    }
    unsigned long long replaced = 0;
    while (sqlite3_step(scan) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(scan, 1);
        if (!path || !bsearch(&path, paths, n, sizeof *paths, cmp_str))
            continue;
        sqlite3_bind_int64(del, 1, sqlite3_column_int64(scan, 0));
        if (sqlite3_step(del) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(del);
        replaced++;
    }
    for (size_t i = 0; i < n; i++) {
        if (read_file(paths[i], &walk.file) != 0) {
            fprintf(stderr, "bench-fts5: %s: %s\n", paths[i], strerror(errno));
            goto out;
        }
        sqlite3_bind_text(walk.insert, 1, paths[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(walk.insert, 2, walk.file.data, (int)walk.file.len, SQLITE_STATIC);
        if (sqlite3_step(walk.insert) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(walk.insert);
        walk.files++;
        walk.bytes += walk.file.len;
    }
    if (exec_sql(walk.db, "COMMIT"))
        goto out;
    rc = 0;
    printf("{\"engine\":\"fts5\",\"replaced\":%llu,\"files\":%llu,\"seconds\":%.3f}\n",
           replaced, walk.files, (now_ms() - t0) / 1e3);
    goto out;
fail:
    fprintf(stderr, "bench-fts5: update: %s\n", sqlite3_errmsg(walk.db));
out:
    sqlite3_finalize(scan);
    sqlite3_finalize(del);
    sqlite3_finalize(walk.insert);
    sqlite3_close(walk.db);
    free(walk.file.data);
out_list:
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    free(line);
    fclose(lf);
    return rc;
}

/* Append `s` (length n) as an FTS5 string: "..." with " doubled. */
static int
add_fts_string(buffer *out, const char *s, size_t n)
{
    if (buf_add(out, "\"", 1))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' && buf_add(out, "\"", 1))
            return -1;
        if (buf_add(out, s + i, 1))
            return -1;
    }
    return buf_add(out, "\"", 1);
}

/* Turn a query of words and "quoted phrases" into an FTS5 expression
 * whose parts are joined by `op`.  Returns the number of parts. */
static int
translate(const char *q, const char *op, buffer *out)
{
    out->len = 0;
    if (buf_reserve(out, 0) != 0)
        return -1;
    out->data[0] = '\0';
    int parts = 0;
    size_t i = 0;
    size_t n = strlen(q);
    while (i < n) {
        while (i < n && (q[i] == ' ' || q[i] == '\t'))
            i++;
        if (i >= n)
            break;
        size_t start;
        size_t end;
        if (q[i] == '"') {
            start = ++i;
            while (i < n && q[i] != '"')
                i++;
            end = i;
            if (i < n)
                i++;
        } else {
            start = i;
            while (i < n && q[i] != ' ' && q[i] != '\t' && q[i] != '"')
                i++;
            end = i;
        }
        if (end == start)
            continue;
        if (parts > 0) {
            if (buf_add(out, " ", 1) || buf_add(out, op, strlen(op)) ||
                buf_add(out, " ", 1))
                return -1;
        }
        if (add_fts_string(out, q + start, end - start))
            return -1;
        parts++;
    }
    return parts;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

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

/* Keeps the compiler from dropping the reads of the hits. */
static volatile size_t sink;

/* Run one MATCH expression; returns the number of rows or -1. */
static long
run_match(sqlite3 *db, sqlite3_stmt *st, const char *expr, FILE *dump)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *path = sqlite3_column_text(st, 0);
        sink += path ? strlen((const char *)path) : 0;
        if (dump && path)
            fprintf(dump, "\t%s", (const char *)path);
        rows++;
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "bench-fts5: MATCH %s: %s\n", expr,
                sqlite3_errmsg(db));
        return -1;
    }
    return rows;
}

static int
cmd_query(const char *db_path, const char *qfile, const char *op,
          long rounds, const char *dump_path)
{
    FILE *f = fopen(qfile, "r");
    if (!f) {
        fprintf(stderr, "bench-fts5: %s: %s\n", qfile, strerror(errno));
        return 1;
    }
    char **exprs = NULL;
    size_t count = 0;
    size_t cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    buffer tr = {NULL, 0, 0};
    while ((len = getline(&line, &lcap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (translate(line, op, &tr) <= 0) {
            fprintf(stderr, "bench-fts5: cannot translate '%s'\n", line);
            tr.len = 0;
            if (buf_add(&tr, "", 0))
                return 1;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 256;
            char **n = realloc(exprs, cap * sizeof *n);
            if (!n)
                return 1;
            exprs = n;
        }
        exprs[count] = strdup(tr.data);
        if (!exprs[count])
            return 1;
        count++;
    }
    free(line);
    free(tr.data);
    fclose(f);
    if (count == 0) {
        fprintf(stderr, "bench-fts5: no queries in %s\n", qfile);
        return 1;
    }

    double t_open = now_ms();
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "bench-fts5: open %s: %s\n", db_path,
                sqlite3_errmsg(db));
        sqlite3_close(db);
        return 1;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT path FROM docs WHERE docs MATCH ? "
                           "ORDER BY bm25(docs) LIMIT 10",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench-fts5: prepare: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return 1;
    }
    double open_ms = now_ms() - t_open;

    FILE *dump = NULL;
    if (dump_path && !(dump = fopen(dump_path, "w"))) {
        fprintf(stderr, "bench-fts5: %s: %s\n", dump_path, strerror(errno));
        return 1;
    }
    for (size_t i = 0; i < count; i++) {
        if (dump)
            fprintf(dump, "%zu", i);
        run_match(db, st, exprs[i], dump);
        if (dump)
            fputc('\n', dump);
    }
    if (dump)
        fclose(dump);

    size_t n_times = count * (size_t)rounds;
    double *times = malloc(n_times * sizeof *times);
    if (!times)
        return 1;
    size_t zero = 0;
    size_t errors = 0;
    unsigned long long hits = 0;
    double total = 0.0;
    double cpu0 = cpu_ms();
    for (long r = 0; r < rounds; r++) {
        zero = errors = 0;
        hits = 0;
        for (size_t i = 0; i < count; i++) {
            double t0 = now_ms();
            long rows = run_match(db, st, exprs[i], NULL);
            double t = now_ms() - t0;
            times[(size_t)r * count + i] = t;
            total += t;
            if (rows < 0)
                errors++;
            else if (rows == 0)
                zero++;
            else
                hits += (unsigned long long)rows;
        }
    }
    double cpu_mean = (cpu_ms() - cpu0) / (double)n_times;
    qsort(times, n_times, sizeof *times, cmp_double);
    double p50 = percentile(times, n_times, 50.0);
    double p99 = percentile(times, n_times, 99.0);
    double mean = total / (double)n_times;
    printf("fts5: %zu queries x %ld rounds (%s): p50 %.3f ms, p99 %.3f ms, "
           "mean %.3f ms (CPU %.3f ms), max %.3f ms, zero-hit %zu, "
           "errors %zu\n",
           count, rounds, op, p50, p99, mean, cpu_mean, times[n_times - 1],
           zero, errors);
    printf("{\"engine\":\"fts5\",\"queries\":%zu,\"rounds\":%ld,"
           "\"op\":\"%s\",\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,"
           "\"cpu_mean_ms\":%.4f,\"max_ms\":%.4f,\"open_ms\":%.4f,"
           "\"zero_hit\":%zu,\"errors\":%zu,\"hits\":%llu}\n",
           count, rounds, op, p50, p99, mean, cpu_mean, times[n_times - 1],
           open_ms, zero, errors, hits);

    free(times);
    for (size_t i = 0; i < count; i++)
        free(exprs[i]);
    free(exprs);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

static int
usage(void)
{
    fprintf(stderr,
            "usage: bench-fts5 index DB CORPUS\n"
            "       bench-fts5 query DB QUERIES [OR|AND [ROUNDS [DUMP]]]\n"
            "       bench-fts5 update DB LIST\n"
            "       bench-fts5 translate QUERY [OR|AND]\n");
    return 2;
}

int
main(int argc, char **argv)
{
    if (argc < 3)
        return usage();
    if (strcmp(argv[1], "index") == 0 && argc == 4)
        return cmd_index(argv[2], argv[3]);
    if (strcmp(argv[1], "update") == 0 && argc == 4)
        return cmd_update(argv[2], argv[3]);
    if (strcmp(argv[1], "query") == 0 && argc >= 4 && argc <= 7) {
        const char *op = argc >= 5 ? argv[4] : "OR";
        if (strcmp(op, "OR") != 0 && strcmp(op, "AND") != 0)
            return usage();
        long rounds = argc >= 6 ? strtol(argv[5], NULL, 10) : 1;
        return cmd_query(argv[2], argv[3], op, rounds < 1 ? 1 : rounds,
                         argc == 7 ? argv[6] : NULL);
    }
    if (strcmp(argv[1], "translate") == 0 && argc <= 4) {
        buffer b = {NULL, 0, 0};
        const char *op = argc == 4 ? argv[3] : "OR";
        if (translate(argv[2], op, &b) < 0)
            return 1;
        printf("%s\n", b.data ? b.data : "");
        free(b.data);
        return 0;
    }
    return usage();
}
