/* SPDX-License-Identifier: MIT */
/* accsearch check: verify the index. */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch check [--db PATH]\n\n"
    "Verify the index: Xapian's structure check and accsearch's own\n"
    "invariants.  Exit status 1 when a problem is found.\n";

int
cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *dbs[64];
    size_t n_dbs = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'd' && n_dbs < 64) {
            dbs[n_dbs++] = optarg;
        } else if (c == 'h') {
            fputs(help, stdout);
            return CLI_OK;
        } else {
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    accs_index *idx;
    int rc = cli_open_read("check", dbs, n_dbs, 0, &idx);
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
