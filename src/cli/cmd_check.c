/* SPDX-License-Identifier: MIT */
/* accsearch check: verify the index. */
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch check [--db PATH]\n\n"
    "Verify the index: Xapian's structure check and accsearch's own\n"
    "invariants.  Exit status 1 when a problem is found.\n";

int
cmd_check(int argc, char **argv)
{
    const char *dbs[64];
    size_t n_dbs;
    int rc = cli_db_options(argc, argv, help, dbs, 64, &n_dbs);
    if (rc >= 0)
        return rc;
    accs_index *idx;
    rc = cli_open_read("check", dbs, n_dbs, 0, &idx);
    if (rc != CLI_OK)
        return rc;
    uint64_t problems = 0;
    char *report = NULL;
    accs_status st = accs_index_check(idx, &problems, &report);
    if (st != ACCS_OK) {
        rc = cli_status_error("check", st, accs_index_errmsg(idx));
    } else if (problems) {
        fputs(report ? report : "", stdout);
        printf("%llu problem%s found\n", (unsigned long long)problems,
               problems == 1 ? "" : "s");
        rc = CLI_ERROR;
    } else {
        printf("index is sound\n");
    }
    accs_free(report);
    accs_index_free(idx);
    return rc;
}
