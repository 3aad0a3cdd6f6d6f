/* SPDX-License-Identifier: MIT */
/* Room set aside at the end of an index table (see reserve.h). */
#define _GNU_SOURCE /* fallocate and its FALLOC_FL_* flags */

#include "reserve.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

int
accsi_room_take(accsi_room *room, const char *file, int64_t bytes, int64_t rewrite)
{
    room->fd = -1;
    room->end = 0;
    int fd = open(file, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return 0;
    }
    bytes += rewrite < (int64_t)st.st_size ? rewrite : (int64_t)st.st_size;
    if (bytes <= 0) {
        close(fd);
        return 0;
    }
    /* Blocks set aside do not lift a file size limit (ulimit -f). */
    struct rlimit lim;
    if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY &&
        (uint64_t)st.st_size + (uint64_t)bytes > (uint64_t)lim.rlim_cur) {
        close(fd);
        return EFBIG;
    }
    /* KEEP_SIZE: the blocks are the file's, its size stays what Xapian
     * wrote, and writes past the end land in blocks that already exist. */
    if (fallocate(fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t)bytes) != 0) {
        int e = errno;
        close(fd);
        return e == ENOSPC || e == EDQUOT ? e : 0;
    }
    room->fd = fd;
    room->end = (int64_t)st.st_size + bytes;
    return 0;
}

void
accsi_room_give_back(accsi_room *room)
{
    if (room->fd < 0)
        return;
    struct stat st;
    if (fstat(room->fd, &st) == 0 && st.st_size < room->end) {
        /* Punching frees the blocks on tmpfs, XFS and Btrfs; ext4 ignores
         * holes past the end of a file but drops its preallocated blocks
         * on a truncate, even to the same size. */
        (void)fallocate(room->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                        st.st_size, (off_t)(room->end - st.st_size));
        (void)ftruncate(room->fd, st.st_size);
    }
    close(room->fd);
    room->fd = -1;
}
