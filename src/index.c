/* SPDX-License-Identifier: MIT */
/* Index stage: opening, version checks, writing prepared documents,
 * removing documents and committing (the public accs_index_* functions
 * except the folder walk, which is in walk.c). */
#define _GNU_SOURCE /* renameat2 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <time.h>

#include "index.h"
#include "schema.h"

/* Refuse an index made with another format or analysis; stamp a new one. */
static accs_status
check_version_of(accs_index *idx, accsi_xdb *db)
{
    char *format = NULL, *analysis = NULL;
    accs_status st = accsi_xdb_get_metadata(db, ACCSI_META_FORMAT, &format,
                                            &idx->err);
    if (st == ACCS_OK)
        st = accsi_xdb_get_metadata(db, ACCSI_META_ANALYSIS, &analysis,
                                    &idx->err);
    if (st != ACCS_OK)
        goto out;
    uint64_t docs = 0;
    st = accsi_xdb_doccount(db, &docs, &idx->err);
    if (st != ACCS_OK)
        goto out;
    if (format[0] == '\0' && docs == 0) {
        if (idx->writable) {
            st = accsi_xdb_set_metadata(db, ACCSI_META_FORMAT, ACCSI_FORMAT,
                                        &idx->err);
            if (st == ACCS_OK)
                st = accsi_xdb_set_metadata(db, ACCSI_META_ANALYSIS,
                                            accsi_analysis_version(), &idx->err);
            if (st == ACCS_OK)
                st = accsi_xdb_set_metadata(db, ACCSI_META_CREATED,
                                            "accsearch " ACCS_VERSION_STRING,
                                            &idx->err);
        }
        goto out;
    }
    if (strcmp(format, ACCSI_FORMAT) != 0) {
        st = accsi_err_set(&idx->err, ACCS_EVERSION,
                           "%s: index format '%s' is not the format this "
                           "accsearch uses ('%s'); re-index with 'accsearch "
                           "index --full'", idx->path, format, ACCSI_FORMAT);
    } else if (strcmp(analysis, accsi_analysis_version()) != 0) {
        st = accsi_err_set(&idx->err, ACCS_EVERSION,
                           "%s: index was built with analysis '%s', this "
                           "accsearch uses '%s'; re-index with 'accsearch index "
                           "--full'", idx->path, analysis, accsi_analysis_version());
    }
out:
    free(format);
    free(analysis);
    return st;
}

static accs_status
check_version(accs_index *idx)
{
    if (!idx->writable)
        return check_version_of(idx, idx->db);
    accs_status st = ACCS_OK;
    for (size_t i = 0; i < idx->n_writers && st == ACCS_OK; i++)
        st = check_version_of(idx, idx->writers[i]);
    return st;
}

static accs_status
finish_open(accs_index **out, accs_index *idx, accs_status st, char **errmsg_out)
{
    if (st == ACCS_OK)
        st = check_version(idx);
    if (st != ACCS_OK) {
        if (errmsg_out)
            *errmsg_out = accsi_strdup(idx->err.msg);
        accs_index_free(idx);
        return st;
    }
    if (errmsg_out)
        *errmsg_out = NULL;
    *out = idx;
    return ACCS_OK;
}

static accs_index *
new_handle(const char *const *paths, size_t n)
{
    accs_index *idx = calloc(1, sizeof *idx);
    if (!idx)
        return NULL;
    idx->shards = calloc(n, sizeof *idx->shards);
    idx->path = accsi_strdup(paths[0]);
    if (!idx->shards || !idx->path) {
        free(idx->shards);
        free(idx->path);
        free(idx);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        idx->shards[i] = accsi_strdup(paths[i]);
        if (idx->shards[i])
            idx->n_shards++;
    }
    return idx;
}

/* A sharded index is a folder holding shard-0 ... shard-N-1 and the file
 * XAPIANDB that lists them (Xapian's shard-list format), so that opening the folder for
 * reading opens every shard as one database. */
static char *
shard_path(const char *dir, size_t i)
{
    accsi_buf b;
    accsi_buf_init(&b);
    accsi_buf_printf(&b, "%s/shard-%zu", dir, i);
    return accsi_buf_detach(&b);
}

static accs_status
read_shard_list(const char *dir, unsigned *n_shards, accsi_err *err)
{
    accsi_buf p;
    accsi_buf_init(&p);
    accsi_buf_printf(&p, "%s/XAPIANDB", dir);
    FILE *f = p.data ? fopen(p.data, "r") : NULL;
    accsi_buf_free(&p);
    if (!f)
        return accsi_err_set(err, ACCS_ENOTFOUND, "%s is not a sharded index", dir);
    char line[512];
    unsigned n = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned k;
        if (sscanf(line, "auto shard-%u", &k) == 1)
            n++;
    }
    fclose(f);
    *n_shards = n;
    return n ? ACCS_OK : accsi_err_set(err, ACCS_ECORRUPT, "%s/XAPIANDB lists no shards", dir);
}

static accs_status
write_shard_list(const char *dir, unsigned n_shards, accsi_err *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return accsi_err_set(err, ACCS_EIO, "cannot create %s: %s", dir, strerror(errno));
    accsi_buf tmp, dst;
    accsi_buf_init(&tmp);
    accsi_buf_init(&dst);
    accsi_buf_printf(&tmp, "%s/XAPIANDB.tmp", dir);
    accsi_buf_printf(&dst, "%s/XAPIANDB", dir);
    accs_status st = ACCS_OK;
    FILE *f = tmp.data ? fopen(tmp.data, "w") : NULL;
    if (!f) {
        st = accsi_err_set(err, ACCS_EIO, "cannot write %s: %s", tmp.data ? tmp.data : dir,
                           strerror(errno));
    } else {
        for (unsigned i = 0; i < n_shards; i++)
            fprintf(f, "auto shard-%u\n", i);
        if (fclose(f) != 0 || rename(tmp.data, dst.data) != 0)
            st = accsi_err_set(err, ACCS_EIO, "cannot write %s: %s", dst.data,
                               strerror(errno));
    }
    accsi_buf_free(&tmp);
    accsi_buf_free(&dst);
    return st;
}

static void remove_stale_copies(const char *path);
static accs_status open_writers(accs_index **out, const char *path,
                                unsigned n_shards, int flags, char **errmsg_out);

/* Is every entry of `dir` something Xapian writes while creating a glass
 * database (and is there no revision file yet)?  Then a run was killed
 * while creating it, and the folder holds nothing worth keeping. */
static int
interrupted_creation(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int only_parts = 1, any = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
            continue;
        any = 1;
        size_t l = strlen(n);
        int part = strcmp(n, "flintlock") == 0 ||
                   (l > 6 && strcmp(n + l - 6, ".glass") == 0) ||
                   (l > 4 && strcmp(n + l - 4, ".tmp") == 0);
        if (!part || strcmp(n, "iamglass") == 0)
            only_parts = 0;
    }
    closedir(d);
    return any && only_parts;
}

static void
remove_parts(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    accsi_buf p;
    accsi_buf_init(&p);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        accsi_buf_clear(&p);
        accsi_buf_printf(&p, "%s/%s", dir, e->d_name);
        if (p.data && unlink(p.data) != 0 && (errno == EISDIR || errno == EPERM)) {
            /* A scratch shard inside a bulk build's folder. */
            remove_parts(p.data);
            rmdir(p.data);
        }
    }
    accsi_buf_free(&p);
    closedir(d);
}

/* Make sure `path` holds a complete (possibly empty) database before a
 * writer opens it: a new database is built beside it and renamed into
 * place, so a run killed during creation leaves either nothing or a
 * complete empty index; the remains of such a kill from before are
 * cleared away. */
static accs_status
ensure_database(const char *path, accsi_err *err)
{
    struct stat sb;
    if (strncmp(path, "tcp://", 6) == 0)
        return ACCS_OK;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode) && interrupted_creation(path))
            remove_parts(path);
        else
            return ACCS_OK;
        if (rmdir(path) != 0)
            return ACCS_OK; /* let Xapian create in place */
    }
    accsi_buf tmp;
    accsi_buf_init(&tmp);
    accsi_buf_printf(&tmp, "%s.new-XXXXXX", path);
    if (tmp.failed || !mkdtemp(tmp.data)) {
        accsi_buf_free(&tmp);
        return ACCS_OK; /* e.g. a read-only parent: Xapian will say so */
    }
    accsi_xdb *db = NULL;
    accs_status st = accsi_xdb_open_write(&db, tmp.data, 0, err);
    if (st == ACCS_OK)
        st = accsi_xdb_set_metadata(db, ACCSI_META_FORMAT, ACCSI_FORMAT, err);
    if (st == ACCS_OK)
        st = accsi_xdb_set_metadata(db, ACCSI_META_ANALYSIS, accsi_analysis_version(), err);
    if (st == ACCS_OK)
        st = accsi_xdb_set_metadata(db, ACCSI_META_CREATED, "accsearch " ACCS_VERSION_STRING,
                                    err);
    if (st == ACCS_OK)
        st = accsi_xdb_commit(db, err);
    accsi_xdb_free(db);
    if (st == ACCS_OK && rename(tmp.data, path) != 0 && errno != ENOTEMPTY &&
        errno != EEXIST)
        st = accsi_err_set(err, ACCS_EIO, "cannot create %s: %s", path, strerror(errno));
    if (stat(tmp.data, &sb) == 0) { /* lost a race, or failed: clean up */
        remove_parts(tmp.data);
        rmdir(tmp.data);
    }
    accsi_buf_free(&tmp);
    return st;
}

accs_status
accs_index_open(accs_index **out, const char *path, int flags,
                char **errmsg_out)
{
    if (errmsg_out)
        *errmsg_out = NULL;
    if (!out || !path || !*path) {
        if (errmsg_out)
            *errmsg_out = accsi_strdup("no index path given");
        return ACCS_EINVAL;
    }
    *out = NULL;
    if (!(flags & ACCS_OPEN_WRITE))
        return accs_index_open_many(out, &path, 1, 0, errmsg_out);
    unsigned n_shards = 0;
    accs_status st = read_shard_list(path, &n_shards, NULL);
    if (st != ACCS_OK)
        n_shards = 0; /* no shard list: a single database */
    return open_writers(out, path, n_shards, flags, errmsg_out);
}

/* Open `n_shards` shard writers under `path` (0: `path` is one database). */
static accs_status
open_writers(accs_index **out, const char *path, unsigned n_shards, int flags,
             char **errmsg_out)
{
    accs_index *idx = new_handle(&path, 1);
    if (!idx)
        return ACCS_ENOMEM;
    idx->writable = 1;
    size_t n = n_shards ? n_shards : 1;
    idx->writers = calloc(n, sizeof *idx->writers);
    idx->writer_paths = calloc(n, sizeof *idx->writer_paths);
    if (!idx->writers || !idx->writer_paths) {
        accs_index_free(idx);
        return ACCS_ENOMEM;
    }
    accs_status st = ACCS_OK;
    for (size_t i = 0; i < n && st == ACCS_OK; i++) {
        char *shard = n_shards ? shard_path(path, i) : accsi_strdup(path);
        if (!shard) {
            st = ACCS_ENOMEM;
            break;
        }
        if (!(flags & ACCS_OPEN_REBUILD))
            st = ensure_database(shard, &idx->err);
        if (st == ACCS_OK)
            st = accsi_xdb_open_write(&idx->writers[i], shard,
                                      (flags & ACCS_OPEN_REBUILD) != 0, &idx->err);
        if (st != ACCS_OK && n_shards) {
            char msg[ACCSI_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", idx->err.msg);
            accsi_err_set(&idx->err, st, "%s: %s", shard, msg);
        }
        if (st == ACCS_OK) {
            /* We hold the lock: what a killed compaction or bulk build
             * left beside the index can go. */
            remove_stale_copies(shard);
            idx->writer_paths[idx->n_writers++] = accsi_strdup(shard);
        }
        free(shard);
    }
    idx->db = idx->n_writers ? idx->writers[0] : NULL;
    if (st == ACCS_ENOTFOUND || st == ACCS_EIO) {
        /* Say what is wrong with the path when we can tell. */
        struct stat sb;
        if (stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode))
            st = accsi_err_set(&idx->err, ACCS_EIO,
                               "%s: exists and is not an index folder", path);
    }
    return finish_open(out, idx, st, errmsg_out);
}

accs_status
accs_index_create_sharded(accs_index **out, const char *path,
                          unsigned n_shards, char **errmsg_out)
{
    if (errmsg_out)
        *errmsg_out = NULL;
    if (!out || !path || !*path || n_shards < 1 || n_shards > 256) {
        if (errmsg_out)
            *errmsg_out = accsi_strdup("a sharded index needs a path and 1 to "
                                       "256 shards");
        return ACCS_EINVAL;
    }
    *out = NULL;
    unsigned have = 0;
    if (read_shard_list(path, &have, NULL) == ACCS_OK) {
        if (have != n_shards) {
            if (errmsg_out) {
                accsi_buf m;
                accsi_buf_init(&m);
                accsi_buf_printf(&m, "%s already has %u shards, not %u", path,
                                 have, n_shards);
                *errmsg_out = accsi_buf_detach(&m);
            }
            return ACCS_EEXISTS;
        }
    } else {
        accsi_err err = {{0}};
        accs_status st = write_shard_list(path, n_shards, &err);
        if (st != ACCS_OK) {
            if (errmsg_out)
                *errmsg_out = accsi_strdup(err.msg);
            return st;
        }
    }
    return open_writers(out, path, n_shards, ACCS_OPEN_WRITE, errmsg_out);
}

accs_status
accs_index_open_many(accs_index **out, const char *const *paths,
                     size_t n_paths, int allow_partial, char **errmsg_out)
{
    if (errmsg_out)
        *errmsg_out = NULL;
    if (!out || !paths || n_paths == 0) {
        if (errmsg_out)
            *errmsg_out = accsi_strdup("no index path given");
        return ACCS_EINVAL;
    }
    *out = NULL;
    accs_index *idx = new_handle(paths, n_paths);
    if (!idx)
        return ACCS_ENOMEM;
    accsi_buf missing;
    accsi_buf_init(&missing);
    /* A local path that does not exist gets a plain message. */
    for (size_t i = 0; i < n_paths; i++) {
        struct stat sb;
        if (strncmp(paths[i], "tcp://", 6) != 0 && stat(paths[i], &sb) != 0 &&
            !allow_partial) {
            accsi_err_set(&idx->err, ACCS_ENOTFOUND,
                          "no index at %s (build one with 'accsearch index')",
                          paths[i]);
            return finish_open(out, idx, ACCS_ENOTFOUND, errmsg_out);
        }
    }
    /* Opening while a compaction swaps the index in (or a commit lands)
     * can catch tables of two revisions: open again, a few times. */
    accs_status st;
    for (int attempt = 0;; attempt++) {
        st = accsi_xdb_open_read(&idx->db, paths, n_paths, allow_partial, &missing,
                                 &idx->err);
        if (st == ACCS_OK)
            st = check_version(idx);
        if ((st != ACCS_EMODIFIED && st != ACCS_ECORRUPT) || attempt == 5)
            break;
        accsi_xdb_free(idx->db);
        idx->db = NULL;
        accsi_buf_clear(&missing);
        struct timespec ts = {0, 20000000L * (attempt + 1)};
        nanosleep(&ts, NULL);
    }
    if (missing.len)
        idx->missing = accsi_buf_detach(&missing);
    accsi_buf_free(&missing);
    return finish_open(out, idx, st, errmsg_out);
}

const char *
accs_index_missing(const accs_index *idx)
{
    return idx ? idx->missing : NULL;
}

const char *
accs_index_errmsg(const accs_index *idx)
{
    if (!idx)
        return "no index handle";
    return idx->err.msg;
}

accs_status
accs_index_commit(accs_index *idx)
{
    if (!idx)
        return ACCS_EINVAL;
    if (!idx->writable)
        return accsi_err_set(&idx->err, ACCS_EREADONLY, "index is open read-only");
    /* Shards commit one after the other; each is consistent on its own,
     * and a run interrupted between two commits is completed by the next
     * run, which finds the missing files by their records. */
    accs_status st = accsi_index_touch(idx);
    for (size_t i = 0; st == ACCS_OK && i < idx->n_writers; i++)
        st = accsi_xdb_commit(idx->writers[i], &idx->err);
    if (st == ACCS_OK)
        idx->uncommitted = 0;
    return st;
}

/* Remove folders `<path>.compact-*` left by a compaction or bulk build
 * that was killed.  Called when a writer opens `path`: it holds the write
 * lock, so none is in progress. */
static void
remove_stale_copies(const char *path)
{
    const char *slash = strrchr(path, '/');
    accsi_buf dir, p;
    accsi_buf_init(&dir);
    accsi_buf_init(&p);
    if (slash)
        accsi_buf_add(&dir, path, (size_t)(slash - path) + (slash == path));
    else
        accsi_buf_adds(&dir, ".");
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    DIR *d = dir.failed ? NULL : opendir(dir.data);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, blen) != 0 ||
            strncmp(e->d_name + blen, ".compact-", 9) != 0)
            continue;
        accsi_buf_clear(&p);
        accsi_buf_printf(&p, "%s/%s", dir.data, e->d_name);
        if (!p.failed) {
            remove_parts(p.data);
            rmdir(p.data);
        }
    }
    if (d)
        closedir(d);
    accsi_buf_free(&dir);
    accsi_buf_free(&p);
}

/* Put the folder `fresh` in the place of `path`; afterwards `fresh` names
 * the old folder.  An atomic exchange where the file system has one, two
 * renames otherwise (a reader opening in between retries). */
static int
swap_folders(const char *fresh, const char *path)
{
    if (renameat2(AT_FDCWD, fresh, AT_FDCWD, path, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
    accsi_buf old;
    accsi_buf_init(&old);
    accsi_buf_printf(&old, "%s.old", fresh);
    int rc = -1;
    if (!old.failed && rename(path, old.data) == 0) {
        if (rename(fresh, path) == 0)
            rc = rename(old.data, fresh);
        else
            rename(old.data, path); /* put it back */
    }
    accsi_buf_free(&old);
    return rc;
}

/* Swap the finished database `fresh` in at `path` and make writers[i] a
 * writer on it; `fresh` is removed (it ends up naming the old folder). */
static accs_status
install(accs_index *idx, size_t i, const char *fresh, const char *path)
{
    accs_status st = ACCS_OK;
    if (swap_folders(fresh, path) != 0)
        st = accsi_err_set(&idx->err, ACCS_EIO, "cannot move the new %s into place: %s",
                           path, strerror(errno));
    if (st == ACCS_OK) {
        /* The old writer holds the lock of the folder now at `fresh`. */
        accsi_xdb_free(idx->writers[i]);
        idx->writers[i] = NULL;
        st = accsi_xdb_open_write(&idx->writers[i], path, 0, &idx->err);
        if (st != ACCS_OK) {
            /* Another writer got in first: keep a working handle that can
             * still be searched, and say so. */
            accsi_err ignore = {{0}};
            idx->writable = 0;
            accsi_xdb_open_read(&idx->writers[i], &path, 1, 0, NULL, &ignore);
        }
    }
    remove_parts(fresh);
    rmdir(fresh);
    return st;
}

/* A new empty folder `<path>.compact-<tag>XXXXXX` (malloc'd), or NULL. */
static char *
scratch_folder(accs_index *idx, const char *path, const char *tag)
{
    accsi_buf tmp;
    accsi_buf_init(&tmp);
    accsi_buf_printf(&tmp, "%s.compact-%sXXXXXX", path, tag);
    if (tmp.failed || !mkdtemp(tmp.data)) {
        int e = tmp.failed ? ENOMEM : errno;
        accsi_buf_free(&tmp);
        accsi_err_set(&idx->err, ACCS_EIO, "cannot create a folder beside %s: %s", path,
                      strerror(e));
        return NULL;
    }
    return accsi_buf_detach(&tmp);
}

/* Compact `sources` into a new folder beside writers[i]'s database and
 * swap the result in (see install); the copy is removed on failure. */
static accs_status
compact_into(accs_index *idx, size_t i, const char *const *sources, size_t n,
             int renumber)
{
    const char *path = idx->writer_paths[i];
    char *tmp = scratch_folder(idx, path, "");
    if (!tmp)
        return ACCS_EIO;
    accs_status st = accsi_xdb_compact(sources, n, tmp, renumber, &idx->err);
    if (st == ACCS_OK) {
        st = install(idx, i, tmp, path);
    } else {
        remove_parts(tmp);
        rmdir(tmp);
    }
    free(tmp);
    return st;
}

/* Compact writer `i` and open a writer on the result. */
static accs_status
compact_one(accs_index *idx, size_t i)
{
    const char *path = idx->writer_paths[i];
    if (strncmp(path, "tcp://", 6) == 0)
        return ACCS_OK;
    accs_status st = compact_into(idx, i, &path, 1, 0);
    if (st != ACCS_OK) {
        /* The changes were committed before: say that only the packing
         * failed ("the disk is full" alone reads as if they were lost). */
        char was[sizeof idx->err.msg];
        memcpy(was, idx->err.msg, sizeof was);
        accsi_err_set(&idx->err, st, "compacting failed, the index is up to date but not compacted: %s",
                      was);
    }
    return st;
}

/* Close and remove scratch shards `paths[0..k)` and free both arrays. */
static void
drop_shards(accsi_xdb **w, char **paths, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        if (w)
            accsi_xdb_free(w[i]);
        if (paths && paths[i]) {
            remove_parts(paths[i]);
            rmdir(paths[i]);
            free(paths[i]);
        }
    }
    free(w);
    free(paths);
}

/* Open a new scratch shard `<dir>/<tag><n>`; `*path` is malloc'd (or NULL). */
static accs_status
open_scratch_one(const char *dir, const char *tag, size_t n, accsi_xdb **w, char **path,
                 accsi_err *err)
{
    accsi_buf p;
    accsi_buf_init(&p);
    accsi_buf_printf(&p, "%s/%s%zu", dir, tag, n);
    *path = accsi_buf_detach(&p);
    if (!*path)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    return accsi_xdb_open_write_flags(w, *path, ACCSI_XDB_OVERWRITE | ACCSI_XDB_SCRATCH, err);
}

/* Open `k` new scratch shards in `dir` (0 .. k-1). */
static accs_status
open_scratch(accs_index *idx, const char *dir, size_t k, accsi_xdb ***w_out,
             char ***paths_out)
{
    accs_status st = ACCS_OK;
    accsi_xdb **w = calloc(k, sizeof *w);
    char **paths = calloc(k, sizeof *paths);
    if (!w || !paths)
        st = accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
    for (size_t i = 0; st == ACCS_OK && i < k; i++)
        st = open_scratch_one(dir, "", i, &w[i], &paths[i], &idx->err);
    if (st != ACCS_OK) {
        drop_shards(w, paths, w && paths ? k : 0);
        return st;
    }
    *w_out = w;
    *paths_out = paths;
    return ACCS_OK;
}

accs_status
accsi_index_bulk_begin(accs_index *idx, unsigned k, int *started)
{
    *started = 0;
    /* Not for a sharded index (its shards are written in parallel
     * already), a remote one, or one that holds documents. */
    if (k < 2 || idx->n_writers != 1 || idx->bulk_dir || !idx->writer_paths ||
        strcmp(idx->writer_paths[0], idx->path) != 0 ||
        strncmp(idx->writer_paths[0], "tcp://", 6) == 0)
        return ACCS_OK;
    uint64_t docs = 1;
    accs_status st = accsi_xdb_doccount(idx->writers[0], &docs, &idx->err);
    if (st != ACCS_OK || docs != 0)
        return st;
    char *dir = scratch_folder(idx, idx->writer_paths[0], "bulk-");
    if (!dir)
        return ACCS_EIO;
    accsi_xdb **w;
    char **paths;
    st = open_scratch(idx, dir, k, &w, &paths);
    if (st != ACCS_OK) {
        rmdir(dir);
        free(dir);
        return st;
    }
    idx->bulk_writers = idx->writers;
    idx->bulk_paths = idx->writer_paths;
    idx->bulk_dir = dir;
    idx->writers = w;
    idx->writer_paths = paths;
    idx->n_writers = k;
    idx->db = w[0];
    *started = 1;
    return ACCS_OK;
}

accs_status
accsi_index_bulk_seal(accs_index *idx, size_t k, accsi_err *err)
{
    if (!idx->bulk_dir || k >= idx->n_writers || idx->n_sealed >= ACCSI_BULK_SEALED_MAX)
        return ACCS_OK;
    if (!idx->bulk_sealed) {
        idx->bulk_sealed = calloc(ACCSI_BULK_SEALED_MAX, sizeof *idx->bulk_sealed);
        if (!idx->bulk_sealed)
            return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
    /* The old shard stays in its folder, to be merged; its handle goes. */
    accsi_xdb_free(idx->writers[k]);
    idx->writers[k] = NULL;
    idx->bulk_sealed[idx->n_sealed++] = idx->writer_paths[k];
    idx->writer_paths[k] = NULL;
    accs_status st = open_scratch_one(idx->bulk_dir, "s", idx->bulk_seq++, &idx->writers[k],
                                      &idx->writer_paths[k], err);
    if (k == 0)
        idx->db = idx->writers[0];
    return st;
}

/* Commit and close the scratch shards, merge them and those sealed
 * before into the real index (unless they are empty) and make the handle
 * a plain writer again; the scratch shards are removed. */
static accs_status
bulk_merge(accs_index *idx, int keep)
{
    accs_status st = ACCS_OK;
    size_t k = idx->n_writers;
    accsi_xdb **shards = idx->writers;
    char **shard_paths = idx->writer_paths;
    size_t n_sealed = idx->n_sealed;
    char **sealed = idx->bulk_sealed;
    idx->n_sealed = 0;
    idx->bulk_sealed = NULL;
    uint64_t docs = n_sealed; /* a shard is sealed after many files */
    for (size_t i = 0; keep && st == ACCS_OK && i < k; i++) {
        uint64_t n = 0;
        if (!shards[i]) { /* a seal that failed (the run stops) */
            st = accsi_err_set(&idx->err, ACCS_EIO, "a scratch shard could not be opened");
            break;
        }
        st = accsi_xdb_commit(shards[i], &idx->err);
        if (st == ACCS_OK)
            st = accsi_xdb_doccount(shards[i], &n, &idx->err);
        docs += n;
    }
    for (size_t i = 0; i < k; i++) {
        accsi_xdb_free(shards[i]);
        shards[i] = NULL;
    }
    /* Back to the one real writer. */
    idx->writers = idx->bulk_writers;
    idx->writer_paths = idx->bulk_paths;
    idx->n_writers = 1;
    idx->db = idx->writers[0];
    const char *target = idx->writer_paths[0];
    if (keep && st == ACCS_OK && docs > 0) {
        /* The index comes first, so its metadata is kept: committed first,
         * for an index created or rebuilt by this handle (--full on an
         * older format) has its format and analysis stamps pending. */
        st = accsi_xdb_commit(idx->writers[0], &idx->err);
    }
    if (keep && st == ACCS_OK && docs > 0) {
        size_t n = 1 + n_sealed + k;
        const char **sources = calloc(n, sizeof *sources);
        if (!sources) {
            st = accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
        } else {
            sources[0] = target;
            for (size_t i = 0; i < n_sealed; i++)
                sources[1 + i] = sealed[i];
            for (size_t i = 0; i < k; i++)
                sources[1 + n_sealed + i] = shard_paths[i];
            st = compact_into(idx, 0, sources, n, 1);
            idx->db = idx->writers[0];
        }
        free(sources);
    }
    drop_shards(shards, shard_paths, k);
    drop_shards(NULL, sealed, n_sealed);
    return st;
}

accs_status
accsi_index_bulk_flush(accs_index *idx)
{
    if (!idx->bulk_dir)
        return ACCS_OK;
    size_t k = idx->n_writers;
    accs_status st = bulk_merge(idx, 1);
    accsi_xdb **w;
    char **paths;
    if (st == ACCS_OK && idx->writable)
        st = open_scratch(idx, idx->bulk_dir, k, &w, &paths);
    else if (st == ACCS_OK)
        st = ACCS_ELOCKED; /* install() lost the index to another writer */
    if (st != ACCS_OK) {
        rmdir(idx->bulk_dir);
        free(idx->bulk_dir);
        idx->bulk_dir = NULL;
        return st;
    }
    idx->bulk_writers = idx->writers;
    idx->bulk_paths = idx->writer_paths;
    idx->writers = w;
    idx->writer_paths = paths;
    idx->n_writers = k;
    idx->db = w[0];
    return ACCS_OK;
}

accs_status
accsi_index_bulk_end(accs_index *idx, int keep)
{
    if (!idx->bulk_dir)
        return ACCS_OK;
    accs_status st = bulk_merge(idx, keep);
    rmdir(idx->bulk_dir);
    free(idx->bulk_dir);
    idx->bulk_dir = NULL;
    idx->bulk_writers = NULL;
    idx->bulk_paths = NULL;
    return st;
}

accs_status
accs_index_compact(accs_index *idx)
{
    if (!idx)
        return ACCS_EINVAL;
    accs_status st = accs_index_commit(idx); /* EREADONLY for a reader */
    if (st != ACCS_OK)
        return st;
    for (size_t i = 0; st == ACCS_OK && i < idx->n_writers; i++)
        st = compact_one(idx, i);
    idx->db = idx->writers[0];
    return st;
}

accs_status
accs_index_reopen(accs_index *idx)
{
    if (!idx)
        return ACCS_EINVAL;
    return accsi_xdb_reopen(idx->db, &idx->err);
}

void accsi_synonyms_free(struct accsi_synonyms *s);

void
accs_index_free(accs_index *idx)
{
    if (!idx)
        return;
    accsi_index_bulk_end(idx, 0);
    if (idx->writers) {
        for (size_t i = 0; i < idx->n_writers; i++) {
            accsi_xdb_free(idx->writers[i]);
            free(idx->writer_paths[i]);
        }
        free(idx->writers);
        free(idx->writer_paths);
    } else {
        accsi_xdb_free(idx->db);
    }
    accsi_analyser_free(idx->an);
    accsi_synonyms_free(idx->syn);
    for (size_t i = 0; i < idx->n_shards; i++)
        free(idx->shards[i]);
    free(idx->shards);
    free(idx->missing);
    free(idx->path);
    for (int i = 0; i < 3; i++)
        free(idx->info[i]);
    free(idx);
}

accs_status
accsi_index_analyser(accs_index *idx, accsi_analyser **out)
{
    if (!idx->an) {
        accs_status st = accsi_analyser_new(&idx->an, &idx->err);
        if (st != ACCS_OK)
            return st;
    }
    *out = idx->an;
    return ACCS_OK;
}

accs_status
accsi_index_touch(accs_index *idx)
{
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    accs_status st = ACCS_OK;
    for (size_t i = 0; st == ACCS_OK && i < idx->n_writers; i++)
        st = accsi_xdb_set_metadata(idx->writers[i], ACCSI_META_UPDATED, stamp,
                                    &idx->err);
    return st;
}

accsi_xdb *
accsi_index_shard_for(accs_index *idx, const char *key)
{
    if (idx->n_writers <= 1)
        return idx->db;
    return idx->writers[accsi_hash64(key, strlen(key)) % idx->n_writers];
}

/* The P term of path key `key`. */
static void
path_term(const char *key, char term[sizeof ACCSI_PFX_PATH + 16])
{
    memcpy(term, ACCSI_PFX_PATH, sizeof ACCSI_PFX_PATH - 1);
    accsi_doc_key(key, strlen(key), term + sizeof ACCSI_PFX_PATH - 1);
}

accs_status
accsi_index_delete_in(accsi_xdb *db, const char *key, accsi_err *err)
{
    char term[sizeof ACCSI_PFX_PATH + 16];
    path_term(key, term);
    return accsi_xdb_delete_term(db, term, err);
}

static accs_status
put_packed(accsi_xdb *db, uint32_t did, const accsi_packed *p, accsi_err *err)
{
    return accsi_xdb_put_packed(db, did, p->terms.data, p->terms.len, p->unit,
                                p->values.data, p->values.len, p->data.data, p->data.len,
                                err);
}

/* A changed file's new documents take its old documents' ids, in order:
 * Xapian then rewrites each passage where it was.  Deleting the old ones
 * and adding the new ones at the end instead inserts every term's postings
 * and positions in the middle of full blocks, which split: changing 100 of
 * 10,000 files grew a compacted index by 60%, against 2% this way.  The
 * record always ends up with the highest id of its file, so the last
 * document of an index is a record (the search relies on it, see
 * max_guard in xapian_shim.cc); ids left over are deleted, and passages
 * beyond the old count, and then the record, are added at the end.  A
 * passage whose id holds one with the same fingerprint (ACCSI_SLOT_PRINT)
 * is left as it is: an edit rewrites the passages from the first changed
 * one on (their byte offsets move), not the whole file. */
accs_status
accsi_write_begin(accsi_write *w, accsi_xdb *db, const char *key, size_t flush_every,
                  accsi_err *err)
{
    memset(w, 0, sizeof *w);
    w->db = db;
    w->flush_every = flush_every;
    char term[sizeof ACCSI_PFX_PATH + 16];
    path_term(key, term);
    return accsi_xdb_docids(db, term, &w->old, &w->n_old, err);
}

/* Before a commit in the middle of a file (a large one, written in place):
 * the index must stay sound, and its last document a file record (see
 * max_guard in xapian_shim.cc).  While the passages written so far only
 * took the old ones' ids, the file's old record, the last of those, still
 * announces what its file holds.  Once they have gone past it, a
 * provisional record announces the passages written so far, as the last
 * document, moved there again at each commit.  It says size 0 and time 0,
 * so that if the run stops before the file is done, the next one finds
 * the file changed and writes it again over the same ids. */
static accs_status
provisional_record(accsi_write *w, accsi_err *err)
{
    if (!w->file || w->done < w->n_old || accsi_xdb_is_scratch(w->db))
        return ACCS_OK;
    accsi_prepare_provisional_record(w->file, w->done);
    accs_status st = ACCS_OK;
    if (w->provisional)
        st = accsi_xdb_delete_doc(w->db, w->provisional, err);
    if (st == ACCS_OK)
        st = put_packed(w->db, 0, &w->file->record, err);
    if (st == ACCS_OK)
        st = accsi_xdb_last_docid(w->db, &w->provisional, err);
    return st;
}

accs_status
accsi_write_passages(accsi_write *w, const accsi_packed *passages, size_t n, accsi_err *err)
{
    accsi_buf print;
    accsi_buf_init(&print);
    accs_status st = ACCS_OK;
    for (size_t k = 0; st == ACCS_OK && k < n; k++) {
        const accsi_packed *doc = &passages[k];
        size_t i = w->done++;
        int reuse = i < w->n_old;
        if (reuse && doc->print) {
            st = accsi_xdb_doc_value(w->db, w->old[i], ACCSI_SLOT_PRINT, &print, err);
            if (st == ACCS_OK && print.len == 8 && accsi_le_get(print.data, 8) == doc->print) {
                w->kept++;
                continue;
            }
        }
        if (st == ACCS_OK)
            st = put_packed(w->db, reuse ? w->old[i] : 0, doc, err);
        if (st == ACCS_OK && w->flush_every && ++w->unflushed >= w->flush_every) {
            st = provisional_record(w, err);
            if (st == ACCS_OK)
                st = accsi_xdb_commit(w->db, err);
            w->unflushed = 0;
        }
    }
    accsi_buf_free(&print);
    return st;
}

accs_status
accsi_write_end(accsi_write *w, const accsi_packed *record, accsi_err *err)
{
    /* The record reuses an id only if it is the last one reused. */
    size_t i = w->done, n_new = w->done + 1;
    accs_status st = put_packed(w->db, n_new <= w->n_old ? w->old[i] : 0, record, err);
    for (i = n_new; st == ACCS_OK && i < w->n_old; i++)
        st = accsi_xdb_delete_doc(w->db, w->old[i], err);
    if (st == ACCS_OK && w->provisional)
        st = accsi_xdb_delete_doc(w->db, w->provisional, err);
    accsi_write_free(w);
    return st;
}

void
accsi_write_free(accsi_write *w)
{
    free(w->old);
    w->old = NULL;
    w->n_old = 0;
}

accs_status
accsi_index_write_in(accsi_xdb *db, const accsi_prepared *p, size_t flush_every, size_t *kept,
                     accsi_err *err)
{
    if (kept)
        *kept = 0;
    if (p->record_only) {
        /* Same content, new size/mtime stamp: the passages stay. */
        uint32_t *old = NULL;
        size_t n_old = 0;
        accsi_buf term;
        accsi_buf_init(&term);
        accsi_buf_adds(&term, ACCSI_PFX_FILE);
        accsi_buf_adds(&term, p->key.data);
        accs_status st = term.failed ? accsi_err_set(err, ACCS_ENOMEM, "out of memory")
                                     : accsi_xdb_docids(db, term.data, &old, &n_old, err);
        accsi_buf_free(&term);
        for (size_t i = 1; st == ACCS_OK && i < n_old; i++)
            st = accsi_xdb_delete_doc(db, old[i], err);
        if (st == ACCS_OK)
            st = put_packed(db, n_old ? old[0] : 0, &p->record, err);
        free(old);
        return st;
    }
    accsi_write w;
    accs_status st = accsi_write_begin(&w, db, p->key.data, flush_every, err);
    if (st == ACCS_OK)
        st = accsi_write_passages(&w, p->passages, p->n_passages, err);
    if (kept)
        *kept = w.kept;
    if (st == ACCS_OK)
        return accsi_write_end(&w, &p->record, err);
    accsi_write_free(&w);
    return st;
}

accs_status
accsi_index_write(accs_index *idx, const accsi_prepared *p, size_t *kept)
{
    accs_status st = accsi_index_write_in(accsi_index_shard_for(idx, p->key.data), p, 0, kept,
                                          &idx->err);
    if (st == ACCS_OK)
        idx->uncommitted++;
    return st;
}

typedef struct {
    accsi_record *rec;
    int found;
} record_ctx;

static int
read_record(const char *data, size_t len, void *payload)
{
    record_ctx *c = payload;
    char buf[128];
    size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, data, n);
    buf[n] = '\0';
    unsigned long long size, hash;
    long long mtime;
    size_t np;
    if (sscanf(buf, "%llu\t%lld\t%llx\t%zu", &size, &mtime, &hash, &np) == 4) {
        c->rec->size = size;
        c->rec->mtime = mtime;
        c->rec->hash = hash;
        c->rec->n_passages = np;
        /* The fifth field is the language code. */
        const char *f = buf;
        for (int k = 0; k < 4 && f; k++)
            if ((f = strchr(f, '\t')) != NULL)
                f++;
        char code[8] = "";
        if (f)
            sscanf(f, "%7[^\t]", code);
        c->rec->lang = accsi_lang_parse(code);
        c->found = 1;
    }
    return 1;
}

int
accsi_index_record_in(accsi_xdb *db, const char *key, accsi_record *out,
                      accsi_err *err)
{
    accsi_buf term;
    accsi_buf_init(&term);
    accsi_buf_adds(&term, ACCSI_PFX_FILE);
    accsi_buf_adds(&term, key);
    record_ctx c = {out, 0};
    if (!term.failed)
        accsi_xdb_each_doc(db, term.data, read_record, &c, err);
    accsi_buf_free(&term);
    return c.found;
}

/* ---- the record table ---- */

typedef struct {
    uint64_t key; /* accsi_hash64 of the path key, never 0; 0: empty */
    accsi_record rec;
    uint32_t did;   /* the record's document id in database `db` */
    uint16_t db;
    uint8_t marked;
} record_slot;

struct accsi_record_table {
    record_slot *slots;
    size_t cap;
    size_t n;
    int complete; /* every record of the index has its value */
    uint16_t loading; /* the database being read */
};

static uint64_t
table_key(uint64_t h)
{
    return h ? h : 1;
}

static record_slot *
table_slot(const accsi_record_table *t, uint64_t key)
{
    size_t i = (size_t)(accsi_hash_table(&key, sizeof key) % t->cap);
    while (t->slots[i].key && t->slots[i].key != key)
        i = (i + 1) % t->cap;
    return &t->slots[i];
}

static int
add_record_value(uint32_t did, const char *v, size_t len, void *payload)
{
    accsi_record_table *t = payload;
    if (len != ACCSI_RECORD_VALUE_LEN || t->n + 1 >= t->cap)
        return 0;
    uint64_t f[4];
    for (unsigned k = 0; k < 4; k++)
        f[k] = accsi_le_get(v + 8 * k, 8);
    size_t np = (size_t)accsi_le_get(v + 32, 4);
    record_slot *s = table_slot(t, table_key(f[0]));
    if (!s->key)
        t->n++;
    s->key = table_key(f[0]);
    s->rec.size = f[1];
    s->rec.mtime = (int64_t)f[2];
    s->rec.hash = f[3];
    s->rec.n_passages = np;
    s->rec.lang = v[36] == 1 ? ACCSI_LANG_NL : v[36] == 2 ? ACCSI_LANG_EN : ACCSI_LANG_UNKNOWN;
    s->did = did;
    s->db = t->loading;
    return 0;
}

accsi_record_table *
accsi_record_table_load(accs_index *idx)
{
    accsi_xdb **dbs = idx->writers ? idx->writers : &idx->db;
    size_t n_dbs = idx->writers ? idx->n_writers : 1;
    uint64_t records = 0;
    for (size_t i = 0; i < n_dbs; i++) {
        uint64_t n = 0;
        if (idx->writer_paths && strncmp(idx->writer_paths[i], "tcp://", 6) == 0)
            return NULL; /* a remote index: one lookup per file */
        if (accsi_xdb_termfreq(dbs[i], ACCSI_TERM_RECORD, &n, &idx->err) != ACCS_OK)
            return NULL;
        records += n;
    }
    accsi_record_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    /* A load of at most three quarters; 48 bytes a file. */
    t->cap = (size_t)(records + records / 3 + 16);
    t->slots = calloc(t->cap, sizeof *t->slots);
    accs_status st = t->slots ? ACCS_OK : ACCS_ENOMEM;
    if (n_dbs > UINT16_MAX)
        st = ACCS_EINVAL;
    for (size_t i = 0; st == ACCS_OK && i < n_dbs; i++) {
        t->loading = (uint16_t)i;
        st = accsi_xdb_each_value(dbs[i], ACCSI_SLOT_RECORD, add_record_value, t, &idx->err);
    }
    if (st != ACCS_OK) {
        accsi_record_table_free(t);
        return NULL;
    }
    t->complete = t->n == records;
    return t;
}

int
accsi_record_table_get(const accsi_record_table *t, const char *key, size_t len,
                       accsi_record *out)
{
    const record_slot *s = table_slot(t, table_key(accsi_hash64(key, len)));
    if (s->key) {
        *out = s->rec;
        return 1;
    }
    return t->complete ? 0 : -1;
}

int
accsi_record_table_complete(const accsi_record_table *t)
{
    return t->complete;
}

void
accsi_record_table_mark(accsi_record_table *t, const char *key, size_t len)
{
    record_slot *s = table_slot(t, table_key(accsi_hash64(key, len)));
    if (s->key)
        s->marked = 1;
}

int
accsi_record_table_each_unmarked(accsi_record_table *t, accs_index *idx, accsi_xdata_cb cb,
                                 void *payload)
{
    if (!t->complete)
        return 0;
    accsi_xdb **dbs = idx->writers ? idx->writers : &idx->db;
    accsi_buf data;
    accsi_buf_init(&data);
    for (size_t i = 0; i < t->cap; i++) {
        const record_slot *s = &t->slots[i];
        if (!s->key || s->marked)
            continue;
        if (accsi_xdb_doc_data(dbs[s->db], s->did, &data, &idx->err) == ACCS_OK &&
            cb(data.data, data.len, payload))
            break;
    }
    accsi_buf_free(&data);
    return 1;
}

void
accsi_record_table_free(accsi_record_table *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t);
}

int
accsi_index_record(accs_index *idx, const char *key, accsi_record *out)
{
    return accsi_index_record_in(idx->writable ? accsi_index_shard_for(idx, key) : idx->db,
                                 key, out, &idx->err);
}

/* The format of an in-memory document by its id's extension; a .doc or
 * .dot by its bytes as well, as a file's (RTF, Word 97-2003, or -1). */
static int
format_by_name(const char *id, const char *text, size_t len)
{
    const char *slash = strrchr(id, '/');
    const char *dot = strrchr(slash ? slash : id, '.');
    if (dot && (strcasecmp(dot, ".doc") == 0 || strcasecmp(dot, ".dot") == 0))
        return text ? accsi_doc_format(text, len) : -1;
    return accsi_format_for_name(id);
}

accs_status
accs_index_add_text(accs_index *idx, const char *id, const char *text,
                    size_t text_len, accs_format format, const char *lang)
{
    if (!idx)
        return ACCS_EINVAL;
    if (!id || !*id || (!text && text_len))
        return accsi_err_set(&idx->err, ACCS_EINVAL,
                             "a document needs an id and text");
    if (!idx->writable)
        return accsi_err_set(&idx->err, ACCS_EREADONLY, "index is open read-only");
    accsi_lang forced = ACCSI_LANG_UNKNOWN;
    if (lang && *lang) {
        forced = accsi_lang_parse(lang);
        if (forced == ACCSI_LANG_UNKNOWN)
            return accsi_err_set(&idx->err, ACCS_ELANG,
                                 "unsupported language '%s' (use nl or en)", lang);
    }
    /* The API's formats are the reader's, one up (0 is "by the name"). */
    _Static_assert((int)ACCS_FORMAT_TEXT == (int)ACCSI_FMT_TEXT + 1 &&
                       (int)ACCS_FORMAT_EML == (int)ACCSI_FMT_EML + 1 &&
                       (int)ACCS_FORMAT_MBOX == (int)ACCSI_FMT_MBOX + 1 &&
                       (int)ACCS_FORMAT_RTF == (int)ACCSI_FMT_RTF + 1 &&
                       (int)ACCS_FORMAT_DOC == (int)ACCSI_FMT_COUNT,
                   "accs_format and accsi_fmt differ");
    int fmt = format > ACCS_FORMAT_AUTO && format <= ACCS_FORMAT_DOC
                  ? (int)format - 1
                  : format_by_name(id, text, text_len);
    if (fmt < 0)
        fmt = ACCSI_FMT_TEXT;
    accsi_analyser *an;
    accs_status st = accsi_index_analyser(idx, &an);
    if (st != ACCS_OK)
        return st;
    accsi_prepared p;
    memset(&p, 0, sizeof p);
    st = accsi_prepare(an, id, text ? text : "", text_len, (accsi_fmt)fmt,
                       forced, &p, &idx->err);
    if (st == ACCS_OK)
        st = accsi_index_write(idx, &p, NULL);
    accsi_prepared_free(&p);
    return st;
}

accs_status
accs_index_remove(accs_index *idx, const char *id)
{
    if (!idx || !id)
        return ACCS_EINVAL;
    if (!idx->writable)
        return accsi_err_set(&idx->err, ACCS_EREADONLY, "index is open read-only");
    accsi_buf key;
    accsi_buf_init(&key);
    accsi_path_key(id, &key);
    accsi_record rec;
    accs_status st;
    if (!accsi_index_record(idx, key.data, &rec))
        st = accsi_err_set(&idx->err, ACCS_ENOTFOUND, "%s is not in the index", id);
    else
        st = accsi_index_delete_in(accsi_index_shard_for(idx, key.data), key.data,
                                   &idx->err);
    accsi_buf_free(&key);
    return st;
}

accs_status
accs_index_options_init(accs_index_options *opts, unsigned version)
{
    if (!opts || version != ACCS_INDEX_OPTIONS_VERSION)
        return ACCS_EINVAL;
    accs_index_options def = ACCS_INDEX_OPTIONS_INIT;
    *opts = def;
    return ACCS_OK;
}

static uint64_t
termfreq(accs_index *idx, const char *term)
{
    uint64_t n = 0;
    accsi_xdb_termfreq(idx->db, term, &n, &idx->err);
    return n;
}

static int
count_term(const char *term, size_t len, uint64_t freq, void *payload)
{
    (void)term;
    (void)len;
    (void)freq;
    (*(uint64_t *)payload)++;
    return 0;
}

static accs_status info_once(accs_index *idx, accs_index_info *out);

/* Readers retry after reopening when a writer's commit got in the way. */
static int
retryable(accs_index *idx, accs_status st)
{
    return !idx->writable && (st == ACCS_EMODIFIED || st == ACCS_ECORRUPT) &&
           accsi_xdb_reopen(idx->db, &idx->err) == ACCS_OK;
}

accs_status
accs_index_info_get(accs_index *idx, accs_index_info *out)
{
    if (!idx || !out)
        return ACCS_EINVAL;
    accs_status st;
    int attempt = 0;
    /* Counting every term takes a while on a big index; a writer that
     * commits often can overtake it several times, so retry, with a short
     * pause that grows, before giving up. */
    for (;;) {
        st = info_once(idx, out);
        if (st == ACCS_OK || attempt >= 12 || !retryable(idx, st))
            break;
        struct timespec ts = {0, 20000000L * ++attempt};
        nanosleep(&ts, NULL);
    }
    return st;
}

static accs_status
info_once(accs_index *idx, accs_index_info *out)
{
    memset(out, 0, sizeof *out);
    static const char *const keys[3] = {ACCSI_META_UPDATED, ACCSI_META_ANALYSIS,
                                        ACCSI_META_FORMAT};
    for (int i = 0; i < 3; i++) {
        free(idx->info[i]);
        idx->info[i] = NULL;
        accs_status st = accsi_xdb_get_metadata(idx->db, keys[i], &idx->info[i],
                                                &idx->err);
        if (st != ACCS_OK)
            return st;
    }
    out->updated = idx->info[0];
    out->analysis = idx->info[1];
    out->format = idx->info[2];
    out->documents = termfreq(idx, ACCSI_TERM_RECORD);
    uint64_t docs = 0; /* every document that is no file record is a passage */
    accs_status dst = accsi_xdb_doccount(idx->db, &docs, &idx->err);
    if (dst != ACCS_OK)
        return dst;
    out->passages = docs > out->documents ? docs - out->documents : 0;
    out->passages_nl = termfreq(idx, ACCSI_PFX_LANG "nl");
    out->passages_en = termfreq(idx, ACCSI_PFX_LANG "en");
    accs_status st = accsi_xdb_each_term(idx->db, "", count_term, &out->terms, &idx->err);
    if (st != ACCS_OK)
        return st;
    for (size_t i = 0; i < idx->n_shards; i++)
        out->disk_bytes += accsi_xdb_disk_size(idx->shards[i]);
    return ACCS_OK;
}

typedef struct {
    accs_index *idx;
    accsi_buf *report;
    uint64_t problems;
    uint64_t in_paths;   /* documents of P terms: passages and records */
    uint64_t paths;      /* P terms */
    uint64_t records;    /* file records */
    uint64_t recorded;   /* passages the file records announce */
    accsi_buf key;
    accsi_buf term;
} check_ctx;

/* Each file record must be its file's only record, and its file's P term
 * must hold the passages it announces, and the record. */
static int
check_record(const char *data, size_t len, void *payload)
{
    check_ctx *c = payload;
    char buf[64];
    size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, data, n);
    buf[n] = '\0';
    unsigned long long size, hash;
    long long mtime;
    size_t np;
    /* "size mtime hash n_passages lang path" */
    const char *path = data;
    for (int tabs = 0; tabs < 5 && path; tabs++) {
        path = memchr(path, '\t', len - (size_t)(path - data));
        if (path)
            path++;
    }
    if (!path || sscanf(buf, "%llu\t%lld\t%llx\t%zu", &size, &mtime, &hash, &np) != 4) {
        c->problems++;
        accsi_buf_adds(c->report, "a document record is malformed\n");
        return 0;
    }
    c->records++;
    c->recorded += np;
    size_t plen = len - (size_t)(path - data);
    accsi_buf_clear(&c->term);
    accsi_buf_add(&c->term, path, plen);
    accsi_path_key(c->term.data ? c->term.data : "", &c->key);
    accsi_buf_clear(&c->term);
    accsi_buf_adds(&c->term, ACCSI_PFX_FILE);
    accsi_buf_adds(&c->term, c->key.data ? c->key.data : "");
    uint64_t records = termfreq(c->idx, c->term.data);
    char doc_key[17];
    accsi_doc_key(c->key.data ? c->key.data : "", c->key.len, doc_key);
    accsi_buf_clear(&c->term);
    accsi_buf_adds(&c->term, ACCSI_PFX_PATH);
    accsi_buf_adds(&c->term, doc_key);
    uint64_t held = termfreq(c->idx, c->term.data);
    if (records != 1) {
        c->problems++;
        accsi_buf_printf(c->report, "document %.*s has %llu records\n", (int)plen, path,
                         (unsigned long long)records);
    }
    if (held != np + 1) {
        c->problems++;
        accsi_buf_printf(c->report, "document %.*s: its record announces %zu passages, "
                         "the index holds %llu\n", (int)plen, path, np,
                         (unsigned long long)(held ? held - 1 : 0));
    }
    return 0;
}

static int
check_path(const char *term, size_t len, uint64_t freq, void *payload)
{
    check_ctx *c = payload;
    (void)term;
    (void)len;
    c->in_paths += freq;
    c->paths++;
    return 0;
}

static accs_status check_once(accs_index *idx, uint64_t *n_problems,
                              char **report_out);

accs_status
accs_index_check(accs_index *idx, uint64_t *n_problems, char **report_out)
{
    if (!idx || !n_problems)
        return ACCS_EINVAL;
    /* While a writer commits, a check may read blocks that are being
     * replaced and report damage that is not there.  A problem counts only
     * if it is still there after reopening on the latest commit. */
    accs_status st = ACCS_OK;
    for (int attempt = 0; attempt < 12; attempt++) {
        if (report_out) {
            accs_free(*report_out);
            *report_out = NULL;
        }
        st = check_once(idx, n_problems, report_out);
        int doubtful = st == ACCS_EMODIFIED || st == ACCS_ECORRUPT ||
                       (st == ACCS_OK && *n_problems > 0);
        if (!doubtful || idx->writable || attempt == 11)
            break;
        if (accsi_xdb_reopen(idx->db, &idx->err) != ACCS_OK)
            break;
        /* "Modified": a commit overtook us, start again at once on the
         * newest one.  Damage or corruption: let a commit or a compaction
         * in progress end first. */
        if (st != ACCS_EMODIFIED) {
            struct timespec ts = {0, 100000000};
            nanosleep(&ts, NULL);
        }
    }
    return st;
}

static accs_status
check_once(accs_index *idx, uint64_t *n_problems, char **report_out)
{
    *n_problems = 0;
    if (report_out)
        *report_out = NULL;
    accsi_buf report;
    accsi_buf_init(&report);
    check_ctx c = {idx, &report, 0, 0, 0, 0, 0, {0}, {0}};
    accsi_buf_init(&c.key);
    accsi_buf_init(&c.term);
    accs_status st = ACCS_OK;
    for (size_t i = 0; i < idx->n_shards && st == ACCS_OK; i++) {
        if (strncmp(idx->shards[i], "tcp://", 6) == 0)
            continue; /* the server checks its own files */
        unsigned n_sub = 0;
        int listed = read_shard_list(idx->shards[i], &n_sub, NULL) == ACCS_OK;
        for (size_t k = 0; k < (listed ? n_sub : 1) && st == ACCS_OK; k++) {
            char *path = listed ? shard_path(idx->shards[i], k) : accsi_strdup(idx->shards[i]);
            if (!path) {
                st = ACCS_ENOMEM;
                break;
            }
            uint64_t errors = 0;
            accsi_buf xr;
            accsi_buf_init(&xr);
            st = accsi_xdb_check(path, &errors, &xr, &idx->err);
            if (st == ACCS_OK && errors) {
                c.problems += errors;
                accsi_buf_printf(&report, "%s: Xapian found %llu errors:\n%s", path,
                                 (unsigned long long)errors, xr.data ? xr.data : "");
            }
            accsi_buf_free(&xr);
            free(path);
        }
    }
    if (st == ACCS_OK) {
        accs_index_info info;
        st = accs_index_info_get(idx, &info);
        if (st == ACCS_OK && info.passages + info.documents > 0 &&
            (!info.format[0] || !info.analysis[0])) {
            c.problems++;
            accsi_buf_adds(&report, "index metadata (format, analysis) is missing\n");
        }
        if (st == ACCS_OK)
            st = accsi_xdb_each_term(idx->db, ACCSI_PFX_PATH, check_path, &c,
                                     &idx->err);
        if (st == ACCS_OK)
            st = accsi_xdb_each_doc(idx->db, ACCSI_TERM_RECORD, check_record, &c,
                                    &idx->err);
        if (st == ACCS_OK && c.paths != c.records) {
            c.problems++;
            accsi_buf_printf(&report, "%llu documents, %llu file records\n",
                             (unsigned long long)c.paths, (unsigned long long)c.records);
        }
        if (st == ACCS_OK && c.in_paths - c.records != info.passages) {
            c.problems++;
            accsi_buf_printf(&report, "%llu passages belong to no document\n",
                             (unsigned long long)(info.passages + c.records - c.in_paths));
        }
        if (st == ACCS_OK && c.recorded != info.passages) {
            c.problems++;
            accsi_buf_printf(&report, "records announce %llu passages, the index "
                             "holds %llu\n", (unsigned long long)c.recorded,
                             (unsigned long long)info.passages);
        }
    }
    accsi_buf_free(&c.key);
    accsi_buf_free(&c.term);
    *n_problems = c.problems;
    if (st == ACCS_OK && report_out)
        *report_out = accsi_buf_detach(&report);
    accsi_buf_free(&report);
    return st;
}
