/* SPDX-License-Identifier: MIT */
/* The accsearch command-line program: commands and shared helpers.  The
 * CLI is a client of the public API only (accsearch.h). */
#ifndef ACCS_CLI_H
#define ACCS_CLI_H

#include <stdio.h>

#include "accsearch.h"

/* Exit codes. */
#define CLI_OK 0
#define CLI_ERROR 1  /* runtime failure, or files that could not be indexed */
#define CLI_USAGE 2  /* bad command line */

int cmd_index(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_compact(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_serve(int argc, char **argv);


/* The index path: --db, then $ACCSEARCH_DB, then ".accsearch". */
const char *cli_db_path(const char *given);
/* Print "accsearch: CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Report a failed library call, with the handle's message if any. */
int cli_status_error(const char *cmd, accs_status st, const char *detail);
/* A path shown relative to the current folder when it lies below it. */
const char *cli_display_path(const char *path);
/* Parse a non-negative integer option; returns -1 when invalid. */
long cli_number(const char *s);

/* Options of a command that takes only --db (repeatable, at most `max`
 * times) and --help.  Returns -1 to go on, else the exit status. */
int cli_db_options(int argc, char **argv, const char *help, const char **dbs, size_t max,
                   size_t *n_dbs);
/* Open one index or several (shards) for reading. */
int cli_open_read(const char *cmd, const char *const *dbs, size_t n_dbs,
                  int allow_partial, accs_index **out);

#endif /* ACCS_CLI_H */
