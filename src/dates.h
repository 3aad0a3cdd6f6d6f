/* SPDX-License-Identifier: MIT */
/* Dates as people write them, in Dutch or English (dates.c). */
#ifndef ACCS_DATES_H
#define ACCS_DATES_H

#include <stddef.h>

/* The span a date: value names: its first and last date as stored-form
 * prefixes ("2018", "2018-04", "2018-04-17"); either is "" for a span
 * open at that end.  Returns 0 if `v` is not a date. */
int accsi_query_date(const char *v, char lo[11], char hi[11]);

/* The date of a dateline among the first lines of `text` ("Amsterdam, 17
 * april 2018"), as "YYYY-MM-DD" or "YYYY-MM" (malloc'd), or NULL. */
char *accsi_dateline(const char *text, size_t len);

#endif /* ACCS_DATES_H */
