/* SPDX-License-Identifier: MIT */
/* accsearch status: what the index holds. */
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch status [--db PATH]...\n\n"
    "Show the documents, passages, languages, size, last update and\n"
    "analysis version of the index.\n";

int
cmd_status(int argc, char **argv)
{
    const char *dbs[64];
    size_t n_dbs;
    int rc = cli_db_options(argc, argv, help, dbs, 64, &n_dbs);
    if (rc >= 0)
        return rc;
    accs_index *idx;
    rc = cli_open_read("status", dbs, n_dbs, 0, &idx);
    if (rc != CLI_OK)
        return rc;
    accs_index_info info;
    accs_status st = accs_index_info_get(idx, &info);
    if (st != ACCS_OK) {
        rc = cli_status_error("status", st, accs_index_errmsg(idx));
    } else {
        printf("index:       %s\n", n_dbs ? dbs[0] : cli_db_path(NULL));
        printf("documents:   %llu\n", (unsigned long long)info.documents);
        printf("passages:    %llu (nl %llu, en %llu)\n",
               (unsigned long long)info.passages,
               (unsigned long long)info.passages_nl,
               (unsigned long long)info.passages_en);
        printf("terms:       %llu\n", (unsigned long long)info.terms);
        printf("size:        %.2f MB\n", info.disk_bytes / 1048576.0);
        printf("updated:     %s\n", info.updated[0] ? info.updated : "never");
        printf("format:      %s\n", info.format);
        printf("analysis:    %s\n", info.analysis);
    }
    accs_index_free(idx);
    return rc;
}
