/* SPDX-License-Identifier: MIT */
/* Disk room set aside at the end of an index table before a commit.
 *
 * Xapian 1.4 writes a commit's value changes from inside a destructor; a
 * block write that fails there (a full disk) cannot be reported and ends
 * the process.  The shim therefore allocates room past the end of the
 * table that holds the values before it lets Xapian write them, and gives
 * back what the commit did not use.  Blocks allocated beforehand cannot
 * run out; a disk too full for the room is reported as full before Xapian
 * has written anything. */
#ifndef ACCS_RESERVE_H
#define ACCS_RESERVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int fd;       /* the table, open while room is held; -1 if none */
    int64_t end;  /* the room ends here (a file offset) */
} accsi_room;

/* Allocate `bytes`, plus `rewrite` but no more than the file holds now
 * (what rewriting its blocks may need), past the current end of `file`,
 * without changing its size.  Returns 0, or the errno of a full disk or quota (ENOSPC, EDQUOT),
 * or EFBIG when the room would pass the process's file size limit.
 * A file or file system that cannot do this holds no room and returns 0:
 * the commit then runs as it would without. */
int accsi_room_take(accsi_room *room, const char *file, int64_t bytes,
                    int64_t rewrite);

/* Give back whatever of the room the file has not grown into. */
void accsi_room_give_back(accsi_room *room);

#ifdef __cplusplus
}
#endif

#endif
