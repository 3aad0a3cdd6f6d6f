/* SPDX-License-Identifier: MIT */
/* accsearch compact: rewrite the index with full blocks. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch compact [--db PATH]\n\n"
    "Rewrite the index (every shard) with full blocks: smaller, and faster\n"
    "to search after many small updates.  A copy is written beside the\n"
    "index and swapped in, so searches go on meanwhile; it needs free disk\n"
    "space for one more copy.  'accsearch index' does this by itself after\n"
    "a run that changed a fifth of the files or more.\n";

static unsigned long long du_total;

static int
du_add(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (type == FTW_F)
        du_total += (unsigned long long)sb->st_size;
    return 0;
}

/* Bytes of the files under `path` (the index and any shards). */
static unsigned long long
disk_usage(const char *path)
{
    du_total = 0;
    nftw(path, du_add, 16, FTW_PHYS);
    return du_total;
}

int
cmd_compact(int argc, char **argv)
{
    const char *dbs[64];
    size_t n_dbs;
    int rc = cli_db_options(argc, argv, help, dbs, 64, &n_dbs);
    if (rc >= 0)
        return rc;
    const char *db = n_dbs ? dbs[n_dbs - 1] : NULL; /* the last --db counts */
    if (optind < argc) {
        cli_error("compact", "unexpected argument '%s'", argv[optind]);
        return CLI_USAGE;
    }
    const char *path = cli_db_path(db);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        /* Opening for writing would create an empty index. */
        cli_error("compact", "no index at %s (build one with 'accsearch index')", path);
        return CLI_ERROR;
    }
    accs_index *idx;
    char *msg = NULL;
    accs_status st = accs_index_open(&idx, path, ACCS_OPEN_WRITE, &msg);
    if (st != ACCS_OK) {
        cli_status_error("compact", st, msg);
        accs_free(msg);
        return CLI_ERROR;
    }
    unsigned long long before = disk_usage(path);
    st = accs_index_compact(idx);
    rc = CLI_OK;
    if (st != ACCS_OK)
        rc = cli_status_error("compact", st, accs_index_errmsg(idx));
    else
        printf("compacted %s: %.2f MB -> %.2f MB\n", path, before / 1e6,
               disk_usage(path) / 1e6);
    accs_index_free(idx);
    return rc;
}
