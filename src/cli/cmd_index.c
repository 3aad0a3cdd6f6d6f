/* SPDX-License-Identifier: MIT */
/* accsearch index: build or update the index from files and folders. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch index [--db PATH] [options] PATH...\n\n"
    "Index .txt, .md, .html, .docx, .doc, .odt, .pdf, .pptx, .xlsx, .odp,\n"
    ".ods, .epub, .rtf and .eml files, mbox files (.mbox, Thunderbird's and\n"
    "mutt's), and the mail in Maildir folders, under each PATH (folders\n"
    "are walked; hidden files are skipped, but not the .Folders of a\n"
    "Maildir; PDF text comes from poppler's pdftotext).  Each message of an\n"
    "mbox file is a document of its own, named by the line where it\n"
    "starts.  Files indexed before are re-read only when they changed;\n"
    "files that disappeared are removed from the index.\n\n"
    "  --db PATH        index folder (default: $ACCSEARCH_DB or .accsearch)\n"
    "  --full           re-read every file (and rebuild an index made by\n"
    "                   another version of accsearch)\n"
    "  -j, --jobs N     analysis threads (default: number of cores)\n"
    "  --max-size MB    skip files larger than this (default 64)\n"
    "  --batch N        commit after every N files (default 1000)\n"
    "  --shards N       spread the index over N shards in the --db folder,\n"
    "                   written in parallel (once set, later runs use the\n"
    "                   same shards)\n"
    "  --compact        compact the index at the end of the run (default:\n"
    "                   when the run changed a fifth of the files or more)\n"
    "  --no-compact     never compact (an index that grew by many small\n"
    "                   runs is bigger and slower to search)\n"
    "  --progress[=json] progress on stderr (default: on a terminal)\n"
    "  -q, --quiet      print only errors\n"
    "  -v, --verbose    print every file\n";

typedef struct {
    int quiet, verbose, progress_json, progress_tty;
    unsigned problems;
    /* skip reasons and their counts, for the summary */
    char *reasons[16];
    unsigned counts[16];
    size_t n_reasons;
    double start;
    double last_progress;
} report;

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
count_reason(report *r, const char *msg)
{
    for (size_t i = 0; i < r->n_reasons; i++)
        if (strcmp(r->reasons[i], msg) == 0) {
            r->counts[i]++;
            return;
        }
    if (r->n_reasons < 16) {
        r->reasons[r->n_reasons] = strdup(msg);
        if (r->reasons[r->n_reasons])
            r->counts[r->n_reasons++] = 1;
    }
}

static int
is_problem(const char *reason)
{
    return strcmp(reason, "unsupported file type") != 0 &&
           strcmp(reason, "not a regular file") != 0;
}

static void
progress(report *r, const accs_index_stats *s, int final)
{
    double t = now();
    if (!final && t - r->last_progress < 0.25)
        return;
    r->last_progress = t;
    double secs = t - r->start;
    double mbs = secs > 0 ? s->bytes / 1048576.0 / secs : 0;
    if (r->progress_json) {
        fprintf(stderr,
                "{\"files\":%llu,\"added\":%llu,\"updated\":%llu,\"unchanged\":%llu,"
                "\"skipped\":%llu,\"failed\":%llu,\"bytes\":%llu,\"seconds\":%.3f,"
                "\"mb_per_s\":%.2f,\"files_total\":%llu,\"bytes_total\":%llu,"
                "\"done\":%s}\n",
                (unsigned long long)s->files_seen, (unsigned long long)s->added,
                (unsigned long long)s->updated, (unsigned long long)s->unchanged,
                (unsigned long long)s->skipped, (unsigned long long)s->failed,
                (unsigned long long)s->bytes, secs, mbs,
                (unsigned long long)s->files_total, (unsigned long long)s->bytes_total,
                final ? "true" : "false");
    } else if (r->progress_tty) {
        char eta[48] = "";
        if (!final && s->bytes_total && mbs > 0 && s->bytes < s->bytes_total)
            snprintf(eta, sizeof eta, ", ETA %.0f s",
                     (s->bytes_total - s->bytes) / 1048576.0 / mbs);
        char of[48] = "";
        if (s->files_total)
            snprintf(of, sizeof of, " of %llu", (unsigned long long)s->files_total);
        fprintf(stderr, "\r\033[K%llu%s files, %.1f MB, %.1f MB/s, %.0f s%s%s",
                (unsigned long long)s->files_seen, of, s->bytes / 1048576.0, mbs, secs,
                eta, final ? "\n" : "");
    }
}

static void
on_event(const accs_event *ev, void *payload)
{
    report *r = payload;
    const char *path = ev->path ? cli_display_path(ev->path) : "";
    switch (ev->kind) {
    case ACCS_EVENT_SKIPPED:
        count_reason(r, ev->message ? ev->message : "skipped");
        if (ev->message && is_problem(ev->message)) {
            r->problems++;
            if (!r->quiet)
                fprintf(stderr, "%saccsearch: index: %s: skipped: %s\n",
                        r->progress_tty ? "\r\033[K" : "", path, ev->message);
        } else if (r->verbose) {
            fprintf(stderr, "skipped %s (%s)\n", path,
                    ev->message ? ev->message : "");
        }
        break;
    case ACCS_EVENT_WARNING:
        r->problems++;
        if (!r->quiet)
            fprintf(stderr, "%saccsearch: index: %s: warning: %s\n",
                    r->progress_tty ? "\r\033[K" : "", path, ev->message);
        break;
    case ACCS_EVENT_ERROR:
        r->problems++;
        fprintf(stderr, "%saccsearch: index: %s: %s\n",
                r->progress_tty ? "\r\033[K" : "", path,
                ev->message ? ev->message : "error");
        break;
    case ACCS_EVENT_ADDED:
    case ACCS_EVENT_UPDATED:
    case ACCS_EVENT_REMOVED:
        if (r->verbose)
            fprintf(stderr, "%s %s%s%s%s\n",
                    ev->kind == ACCS_EVENT_ADDED     ? "added"
                    : ev->kind == ACCS_EVENT_UPDATED ? "updated"
                                                     : "removed",
                    path, ev->message ? " (" : "", ev->message ? ev->message : "",
                    ev->message ? ")" : "");
        break;
    case ACCS_EVENT_COMMIT:
        if (r->verbose)
            fprintf(stderr, "committed\n");
        break;
    case ACCS_EVENT_COMPACT:
        if (r->verbose)
            fprintf(stderr, "compacting the index\n");
        else if (r->progress_tty)
            fprintf(stderr, "\r\033[Kcompacting the index ...");
        break;
    default:
        break;
    }
    if (ev->stats && (r->progress_json || r->progress_tty))
        progress(r, ev->stats, 0);
}

int
cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"full", no_argument, NULL, 'F'},
        {"jobs", required_argument, NULL, 'j'},
        {"max-size", required_argument, NULL, 'm'},
        {"batch", required_argument, NULL, 'b'},
        {"shards", required_argument, NULL, 's'},
        {"compact", no_argument, NULL, 'C'},
        {"no-compact", no_argument, NULL, 'N'},
        {"progress", optional_argument, NULL, 'p'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = NULL;
    accs_index_options opts = ACCS_INDEX_OPTIONS_INIT;
    report rep;
    memset(&rep, 0, sizeof rep);
    int want_progress = -1;
    long shards = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:qvh", longopts, NULL)) != -1) {
        long n;
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'F':
            opts.is_full = 1;
            break;
        case 'j':
            if ((n = cli_number(optarg)) < 1 || n > 256) {
                cli_error("index", "--jobs needs a number from 1 to 256");
                return CLI_USAGE;
            }
            opts.jobs = (unsigned)n;
            break;
        case 'm':
            if ((n = cli_number(optarg)) < 1) {
                cli_error("index", "--max-size needs a size in MB (at least 1)");
                return CLI_USAGE;
            }
            opts.max_file_size = (uint64_t)n << 20;
            break;
        case 'b':
            if ((n = cli_number(optarg)) < 1) {
                cli_error("index", "--batch needs a positive number");
                return CLI_USAGE;
            }
            opts.batch_files = (unsigned)n;
            break;
        case 's':
            if ((shards = cli_number(optarg)) < 1 || shards > 256) {
                cli_error("index", "--shards needs a number from 1 to 256");
                return CLI_USAGE;
            }
            break;
        case 'C':
            opts.compact = ACCS_COMPACT_ALWAYS;
            break;
        case 'N':
            opts.compact = ACCS_COMPACT_NEVER;
            break;
        case 'p':
            if (optarg && strcmp(optarg, "json") == 0)
                rep.progress_json = 1;
            else if (optarg && strcmp(optarg, "none") == 0)
                want_progress = 0;
            else if (!optarg)
                want_progress = 1;
            else {
                cli_error("index", "--progress takes 'json' or 'none'");
                return CLI_USAGE;
            }
            break;
        case 'q':
            rep.quiet = 1;
            break;
        case 'v':
            rep.verbose = 1;
            break;
        case 'h':
            fputs(help, stdout);
            return CLI_OK;
        default:
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("index", "no files or folders to index");
        fputs(help, stderr);
        return CLI_USAGE;
    }
    rep.progress_tty = !rep.progress_json && !rep.quiet &&
                       (want_progress == 1 || (want_progress < 0 && isatty(2)));
    opts.on_event = on_event;
    opts.payload = &rep;
    opts.count_first = rep.progress_tty || rep.progress_json;

    const char *path = cli_db_path(db);
    accs_index *idx;
    char *msg = NULL;
    accs_status st = shards ? accs_index_create_sharded(&idx, path, (unsigned)shards, &msg)
                            : accs_index_open(&idx, path, ACCS_OPEN_WRITE, &msg);
    if (st == ACCS_EVERSION && opts.is_full) {
        accs_free(msg);
        msg = NULL;
        st = accs_index_open(&idx, path, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, &msg);
    }
    if (st != ACCS_OK) {
        cli_status_error("index", st, msg);
        accs_free(msg);
        return CLI_ERROR;
    }
    rep.start = now();
    accs_index_stats total;
    memset(&total, 0, sizeof total);
    int rc = CLI_OK;
    for (int i = optind; i < argc; i++) {
        /* The same file or folder named twice is indexed once. */
        char *real = realpath(argv[i], NULL);
        int dup = 0;
        for (int k = optind; real && k < i && !dup; k++) {
            char *other = realpath(argv[k], NULL);
            dup = other && strcmp(other, real) == 0;
            free(other);
        }
        free(real);
        if (dup)
            continue;
        accs_index_stats s;
        st = accs_index_add_path(idx, argv[i], &opts, &s);
        total.added += s.added;
        total.updated += s.updated;
        total.removed += s.removed;
        total.unchanged += s.unchanged;
        total.skipped += s.skipped;
        total.failed += s.failed;
        total.warnings += s.warnings;
        total.passages += s.passages;
        total.bytes += s.bytes;
        total.long_terms += s.long_terms;
        total.files_seen += s.files_seen;
        total.renamed += s.renamed;
        total.files_total += s.files_total;
        total.bytes_total += s.bytes_total;
        total.compacted |= s.compacted;
        if (st != ACCS_OK) {
            cli_status_error("index", st, accs_index_errmsg(idx));
            rc = CLI_ERROR;
            if (st != ACCS_ENOTFOUND && st != ACCS_EINVAL)
                break; /* a failed write: stop at the last commit */
        }
    }
    if (rep.progress_json || rep.progress_tty)
        progress(&rep, &total, 1);
    double secs = now() - rep.start;
    if (!rep.quiet) {
        printf("%llu files indexed (%llu added, %llu updated, %llu renamed, %llu unchanged), "
               "%llu removed, %llu skipped, %llu failed\n",
               (unsigned long long)(total.added + total.updated + total.unchanged +
                                    total.renamed),
               (unsigned long long)total.added, (unsigned long long)total.updated,
               (unsigned long long)total.renamed, (unsigned long long)total.unchanged,
               (unsigned long long)total.removed, (unsigned long long)total.skipped,
               (unsigned long long)total.failed);
        for (size_t i = 0; i < rep.n_reasons; i++)
            printf("  skipped %u: %s\n", rep.counts[i], rep.reasons[i]);
        if (total.long_terms)
            printf("  %llu words longer than the index's term limit were left out\n",
                   (unsigned long long)total.long_terms);
        printf("%llu passages written, %.2f MB read in %.2f s%s\n",
               (unsigned long long)total.passages, total.bytes / 1048576.0, secs,
               total.compacted ? " (index compacted)" : "");
    }
    for (size_t i = 0; i < rep.n_reasons; i++)
        free(rep.reasons[i]);
    accs_index_free(idx);
    if (rc == CLI_OK && rep.problems) {
        cli_error("index", "%u file%s had problems (see above); the rest is indexed",
                  rep.problems, rep.problems == 1 ? "" : "s");
        rc = CLI_ERROR;
    }
    return rc;
}
