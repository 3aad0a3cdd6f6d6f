/* SPDX-License-Identifier: MIT */
/* bench-xapian: in-process query latency of a Xapian database made by
 * omindex, the comparison engine of tools/bench.
 *
 * Reads one query per line, parses each with Xapian::QueryParser (english
 * stemmer, STEM_SOME, default flags and OR, so "quoted words" are
 * phrases), runs get_mset(0, 10) with the default BM25 weighting and reads
 * the data of each hit.  Every query runs once to warm up, then ROUNDS
 * times timed.  Prints a summary and, as its last line, one JSON object.
 * With DUMP, the warm-up pass writes each query's hits (the url= of the
 * document data) to that file: the query's number, then the urls,
 * separated by tabs.
 *
 * usage: bench-xapian DB QUERIES [ROUNDS [DUMP]]
 */
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <xapian.h>

namespace {

double
now_ms()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 +
           static_cast<double>(ts.tv_nsec) / 1e6;
}

/* CPU time (user + system) used by this process so far, in ms. */
double
cpu_ms()
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
               1e3 +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) /
               1e3;
}

double
percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0.0;
    size_t n = sorted.size();
    size_t rank = static_cast<size_t>((p / 100.0) * static_cast<double>(n) +
                                      0.999999);
    rank = std::max<size_t>(1, std::min(rank, n));
    return sorted[rank - 1];
}

/* Keeps the compiler from dropping the reads of the hits. */
volatile size_t sink;

/* Run one query; returns the number of hits read, or -1 on error. */
long
run_query(Xapian::Database &db, Xapian::QueryParser &qp,
          const std::string &q, std::FILE *dump)
{
    try {
        Xapian::Enquire enquire(db);
        enquire.set_query(qp.parse_query(q));
        Xapian::MSet mset = enquire.get_mset(0, 10);
        long n = 0;
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            std::string data = it.get_document().get_data();
            sink += data.size();
            if (dump) {
                size_t at = data.compare(0, 4, "url=") == 0
                                ? 0
                                : data.find("\nurl=");
                if (at != std::string::npos) {
                    at += at == 0 ? 4 : 5;
                    size_t end = data.find('\n', at);
                    std::fprintf(dump, "\t%s",
                                 data.substr(at, end - at).c_str());
                }
            }
            n++;
        }
        return n;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "bench-xapian: query '%s': %s\n", q.c_str(),
                     e.get_description().c_str());
        return -1;
    }
}

} // namespace

int
main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        std::fprintf(stderr,
                     "usage: bench-xapian DB QUERIES [ROUNDS [DUMP]]\n");
        return 2;
    }
    long rounds = argc >= 4 ? std::strtol(argv[3], nullptr, 10) : 1;
    if (rounds < 1)
        rounds = 1;

    std::vector<std::string> queries;
    std::ifstream in(argv[2]);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
            line.pop_back();
        if (!line.empty())
            queries.push_back(line);
    }
    if (queries.empty()) {
        std::fprintf(stderr, "bench-xapian: no queries in %s\n", argv[2]);
        return 1;
    }

    try {
        double t_open = now_ms();
        Xapian::Database db(argv[1]);
        Xapian::QueryParser qp;
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_database(db);
        double open_ms = now_ms() - t_open;

        std::FILE *dump = nullptr;
        if (argc == 5 && !(dump = std::fopen(argv[4], "w"))) {
            std::perror(argv[4]);
            return 1;
        }
        for (size_t i = 0; i < queries.size(); i++) {
            if (dump)
                std::fprintf(dump, "%zu", i);
            run_query(db, qp, queries[i], dump);
            if (dump)
                std::fputc('\n', dump);
        }
        if (dump)
            std::fclose(dump);

        std::vector<double> times;
        times.reserve(queries.size() * static_cast<size_t>(rounds));
        size_t zero = 0;
        size_t errors = 0;
        unsigned long long hits = 0;
        double total = 0.0;
        double cpu0 = cpu_ms();
        for (long r = 0; r < rounds; r++) {
            zero = errors = 0;
            hits = 0;
            for (const std::string &q : queries) {
                double t0 = now_ms();
                long n = run_query(db, qp, q, nullptr);
                double t = now_ms() - t0;
                times.push_back(t);
                total += t;
                if (n < 0)
                    errors++;
                else if (n == 0)
                    zero++;
                else
                    hits += static_cast<unsigned long long>(n);
            }
        }
        double cpu_mean =
            (cpu_ms() - cpu0) / static_cast<double>(times.size());
        std::sort(times.begin(), times.end());
        double p50 = percentile(times, 50.0);
        double p99 = percentile(times, 99.0);
        double mean = total / static_cast<double>(times.size());
        std::printf("xapian: %zu queries x %ld rounds: p50 %.3f ms, "
                    "p99 %.3f ms, mean %.3f ms (CPU %.3f ms), max %.3f ms, "
                    "zero-hit %zu, errors %zu\n",
                    queries.size(), rounds, p50, p99, mean, cpu_mean,
                    times.back(), zero, errors);
        std::printf("{\"engine\":\"omega\",\"queries\":%zu,\"rounds\":%ld,"
                    "\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f,"
                    "\"cpu_mean_ms\":%.4f,\"max_ms\":%.4f,"
                    "\"open_ms\":%.4f,\"zero_hit\":%zu,\"errors\":%zu,"
                    "\"hits\":%llu}\n",
                    queries.size(), rounds, p50, p99, mean, cpu_mean,
                    times.back(), open_ms, zero, errors, hits);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "bench-xapian: %s: %s\n", argv[1],
                     e.get_description().c_str());
        return 1;
    }
    return 0;
}
