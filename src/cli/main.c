/* SPDX-License-Identifier: MIT */
/* accsearch: entry point, the command table and shared helpers. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifdef ACCS_WITH_JEMALLOC
/* jemalloc reads its settings from this symbol (MALLOC_CONF overrides
 * it): pages freed stay for a second before going back to the system,
 * not ten.  A 60 MB file added to an index then peaked at 174 MB instead
 * of 236, and a build of 10k files took as long. */
extern const char *malloc_conf;
__attribute__((visibility("default"))) const char *malloc_conf = "dirty_decay_ms:1000";
#endif

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"index", cmd_index, "build or update the index from files and folders"},
    {"query", cmd_query, "search the index and show ranked passages"},
    {"status", cmd_status, "show what the index holds"},
    {"check", cmd_check, "verify the index"},
    {"compact", cmd_compact, "rewrite the index with full blocks"},
    {"eval", cmd_eval, "score ranking against judged queries (TREC qrels)"},
    {"serve", cmd_serve, "serve the index to remote searchers (xapian-tcpsrv)"},
};

static void
usage(FILE *f)
{
    fprintf(f, "usage: accsearch <command> [options] [arguments]\n\n"
               "Passage search for Dutch and English documents.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'accsearch <command> --help' describes a command's options.\n"
               "The index is .accsearch/ in the current folder unless --db or\n"
               "ACCSEARCH_DB names another.\n\n"
               "Exit status: 0 success (also when nothing is found); 1 runtime\n"
               "error or files that could not be indexed; 2 usage error.\n");
}

const char *
cli_db_path(const char *given)
{
    if (given && *given)
        return given;
    const char *env = getenv("ACCSEARCH_DB");
    return env && *env ? env : ".accsearch";
}

void
cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "accsearch: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int
cli_status_error(const char *cmd, accs_status st, const char *detail)
{
    if (detail && *detail)
        cli_error(cmd, "%s", detail);
    else
        cli_error(cmd, "%s", accs_status_string(st));
    return st == ACCS_EQUERY || st == ACCS_EINVAL || st == ACCS_ELANG ||
                   st == ACCS_EENCODING ? CLI_USAGE
                                                                      : CLI_ERROR;
}

const char *
cli_display_path(const char *path)
{
    static char cwd[PATH_MAX];
    static size_t cwd_len = (size_t)-1;
    if (cwd_len == (size_t)-1)
        cwd_len = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (cwd_len > 1 && strncmp(path, cwd, cwd_len) == 0 && path[cwd_len] == '/')
        return path + cwd_len + 1;
    return path;
}

long
cli_number(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0)
        return -1;
    return v;
}

int
cli_db_options(int argc, char **argv, const char *help, const char **dbs, size_t max,
               size_t *n_dbs)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    *n_dbs = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'd' && *n_dbs < max) {
            dbs[(*n_dbs)++] = optarg;
        } else if (c == 'h') {
            fputs(help, stdout);
            return CLI_OK;
        } else {
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    return -1;
}

int
cli_open_read(const char *cmd, const char *const *dbs, size_t n_dbs,
              int allow_partial, accs_index **out)
{
    char *msg = NULL;
    const char *def = cli_db_path(NULL);
    accs_status st = n_dbs ? accs_index_open_many(out, dbs, n_dbs, allow_partial, &msg)
                           : accs_index_open(out, def, ACCS_OPEN_READ, &msg);
    if (st != ACCS_OK) {
        int rc = cli_status_error(cmd, st, msg);
        accs_free(msg);
        return rc == CLI_USAGE ? CLI_ERROR : rc;
    }
    return CLI_OK;
}

int
main(int argc, char **argv)
{
    /* Past a file size limit (ulimit -f) a write should fail and be
     * reported like a full disk, not kill the process mid-commit. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
        strcmp(name, "help") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            char *args[] = {argv[2], "--help", NULL};
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(commands[i].name, argv[2]) == 0)
                    return commands[i].run(2, args);
        }
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("accsearch %s\n", accs_version());
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "accsearch: unknown command '%s'\n\n", name);
    usage(stderr);
    return CLI_USAGE;
}
