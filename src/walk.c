/* SPDX-License-Identifier: MIT */
/* Walk stage and the indexing pipeline behind accs_index_add_path():
 *
 *   walk (this thread) -> read + parse + split + analyse (worker threads)
 *                      -> write in walk order (this thread, the one writer)
 *
 * The walk decides from the stored file record whether a file needs to be
 * read at all; workers prepare documents into plain buffers; the writer
 * feeds them to Xapian and commits in batches.  At most `2 * jobs + 2`
 * documents are in flight, which bounds memory; a large file is prepared
 * by its writer while it is written, a few hundred passages at a time, so
 * that one file does not take many times its size. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "index.h"
#include "schema.h"
#include "wordset.h"

#define DEFAULT_MAX_FILE_SIZE (64ULL << 20) /* 64 MiB */
#define DEFAULT_BATCH 1000
/* Files per commit of a scratch shard in a bulk build (see shard_main),
 * and passages, inside one large file.  With shards sealed young, 64
 * files index as fast as 128 did (100k files: 237 against 236 s) and
 * hold less (57 against 78 MB). */
#define BULK_SHARD_BATCH 64
#define BULK_SHARD_PASSAGES 2048
/* A scratch shard is sealed and a fresh one opened after this many
 * batches (--batch) of files (accsi_index_bulk_seal; see seal_after). */
#define BULK_SEAL_BATCHES 4
/* A file this large is prepared by the thread that writes it, while it
 * writes it (accsi_prepare_stream): held whole, its words, passages and
 * Xapian's changes took about eleven times its size. */
#define STREAM_MIN_BYTES (4ULL << 20)
/* Written in place (an update, not a bulk build), such a file commits
 * after every so many of its passages, for until a commit Xapian holds
 * the changes in memory: a 60 MB file added to an index took 372 MB, and
 * takes 243 MB with these commits and its bytes freed once parsed.  The
 * index stays sound at each of them (see provisional_record in index.c);
 * a run stopped in between leaves the file half written, and the next run
 * writes it again over the same document ids. */
#define STREAM_FLUSH_PASSAGES 4096

typedef enum {
    JOB_NEW,       /* not in the index */
    JOB_CHANGED,   /* in the index, size or mtime differ */
    JOB_FORCED     /* re-read because of --full */
} job_kind;

typedef struct {
    char *path;
    struct stat sb;
    job_kind kind;
    int has_old;
    accsi_record old;
    int explicit_file;  /* named on the command line: unknown types as text */
    /* results */
    int done;
    accs_status st;
    accs_event_kind event;
    char message[ACCSI_ERRMSG_MAX + 64];
    accsi_prepared prep;
    int write;          /* 1: passages + record, 2: record only, 3: to be
                           prepared while written (`data`, a large file) */
    size_t kept;        /* passages found unchanged in the index */
    char *data;         /* write 3: the file's bytes */
    size_t len;
    int fmt;            /* the walk's accsi_format_for_path(), or -1 */
    int handed;         /* processed by one shard worker, for another to
                           write (hand_over) */
} job;

typedef struct {
    accs_index *idx;
    const accs_index_options *opts;
    accs_index_stats *stats;
    uint64_t max_size;
    unsigned batch;
    accsi_wordset *seen;       /* paths present on disk this run, where
                                  prune() needs them (see keep_paths) */
    accsi_wordset *dirs;       /* dev:ino of folders visited */
    accs_status fatal;         /* a write failure stops the run */
    accs_index_stats committed; /* the counters at the last commit */
    int counting;              /* a counting walk: nothing is read */
    accsi_wordset *new_hashes; /* content hashes of files added this run */
    char **closed;             /* folders that could not be read: what the
                                  index holds below them is kept */
    size_t n_closed;
    /* the pipeline */
    unsigned n_workers;
    pthread_t *workers;
    pthread_mutex_t mu;
    pthread_cond_t cv_work;    /* work available or stopping */
    pthread_cond_t cv_done;    /* a job finished */
    job **ring;                /* in-flight jobs by sequence number */
    size_t ring_cap;
    uint64_t next_seq;         /* next sequence number to hand out */
    uint64_t next_take;        /* next job for a worker */
    uint64_t next_write;       /* next job to write */
    int stopping;
    accsi_buf key;
    /* Shard mode: one worker per shard reads, analyses and writes its own
     * shard, so the writing, not only the analysis, runs on every core. */
    int sharded;
    pthread_mutex_t stats_mu;  /* counters, seen sets and events */
    struct shard_queue *queues;
    accsi_xdb **readers;       /* read-only views for record lookups */
    accsi_record_table *records; /* the index's file records, or NULL */
    job *pending;              /* a job found under the lock, to submit */
    pthread_cond_t cv_room;    /* bulk mode: a shard queue has room */
    /* Bulk mode (into an empty index): the shards are scratch shards,
     * merged into the index in rounds (see bulk_round). */
    int bulk;
    unsigned jobs;
    uint64_t bulk_files;       /* files submitted since the last merge */
    uint64_t bulk_round;       /* merge after this many */
} run;

/* A shard worker's queue: the walk fills it up to QUEUE_WALK files; files
 * another worker has prepared (hand_over) may take it up to QUEUE_CAP. */
#define QUEUE_WALK 8
#define QUEUE_CAP 16
/* Only files this small are handed over prepared, so what waits in the
 * queues stays small. */
#define HAND_MAX_BYTES (256 << 10)

typedef struct shard_queue {
    job *q[QUEUE_CAP];
    size_t head, count;
    pthread_cond_t cv_put;
    pthread_cond_t cv_get;
    uint64_t uncommitted;
    uint64_t in_shard;  /* bulk mode: files written to the scratch shard */
    run *r;
    size_t k;
    pthread_t thread;
    int started;
    int exited;         /* its worker takes no more jobs */
} shard_queue;

static void
emit(run *r, accs_event_kind kind, const char *path, const char *msg)
{
    if (!r->opts->on_event)
        return;
    accs_event ev = {kind, path, msg, r->stats};
    r->opts->on_event(&ev, r->opts->payload);
}

/* Read a whole file; fails cleanly on errors or when it changes size. */
static accs_status
read_file(const char *path, uint64_t expect, char **out, size_t *len,
          char *msg, size_t msg_len)
{
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: a file replaced by a FIFO since the walk must not
     * block the run; fstat then checks what was really opened. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(msg, msg_len, "cannot open: %s", strerror(errno));
        return errno == ENOENT ? ACCS_ENOTFOUND : ACCS_EIO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        snprintf(msg, msg_len, "not a regular file any more");
        return ACCS_ENOTFOUND;
    }
    size_t cap = (size_t)expect + 1, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        snprintf(msg, msg_len, "out of memory");
        return ACCS_ENOMEM;
    }
    for (;;) {
        if (n == cap) {
            /* The file grew while we read it: read on, up to twice. */
            if (cap > 2 * expect + 4096) {
                free(buf);
                close(fd);
                snprintf(msg, msg_len, "file keeps growing while being read");
                return ACCS_EIO;
            }
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                close(fd);
                return ACCS_ENOMEM;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            snprintf(msg, msg_len, "read failed: %s", strerror(errno));
            free(buf);
            close(fd);
            return ACCS_EIO;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return ACCS_OK;
}

static int64_t
mtime_ns(const struct stat *sb)
{
    return (int64_t)sb->st_mtim.tv_sec * 1000000000LL + sb->st_mtim.tv_nsec;
}

static void describe(job *j);

/* Worker side: read, check, parse, split, analyse; a large file is only
 * read and checked, and left to its writer (write_streamed). */
static void
process(accsi_analyser *an, run *r, job *j)
{
    char *data = NULL;
    size_t len = 0;
    j->st = read_file(j->path, (uint64_t)j->sb.st_size, &data, &len, j->message,
                      sizeof j->message);
    if (j->st != ACCS_OK) {
        j->event = j->st == ACCS_ENOTFOUND ? ACCS_EVENT_SKIPPED : ACCS_EVENT_ERROR;
        if (j->st == ACCS_ENOTFOUND && !strstr(j->message, "regular"))
            snprintf(j->message, sizeof j->message, "disappeared while indexing");
        return;
    }
    if (len > r->max_size) {
        j->event = ACCS_EVENT_SKIPPED;
        snprintf(j->message, sizeof j->message, "grew beyond the size limit");
        goto out;
    }
    if (len == 0) {
        j->event = ACCS_EVENT_SKIPPED;
        snprintf(j->message, sizeof j->message, "empty file");
        goto out;
    }
    int fmt = j->fmt < 0 ? ACCSI_FMT_TEXT : j->fmt;
    if (!accsi_format_is_container((accsi_fmt)fmt) &&
        accsi_detect_encoding(data, len) == ACCSI_ENC_BINARY) {
        j->event = ACCS_EVENT_SKIPPED;
        snprintf(j->message, sizeof j->message, "binary file");
        goto out;
    }
    uint64_t hash = accsi_hash64(data, len);
    if (j->has_old && j->kind != JOB_FORCED && hash == j->old.hash &&
        (uint64_t)len == j->old.size) {
        /* Touched but not changed: refresh the record only. */
        j->prep.path = accsi_strdup(j->path);
        accsi_buf_init(&j->prep.key);
        accsi_path_key(j->path, &j->prep.key);
        j->prep.size = len;
        j->prep.hash = hash;
        j->prep.mtime = mtime_ns(&j->sb);
        j->prep.lang = j->old.lang;
        j->prep.record_only = 1;
        accsi_prepare_record(&j->prep, j->old.n_passages);
        j->write = 2;
        j->event = ACCS_EVENT_UNCHANGED;
        goto out;
    }
    j->event = j->has_old ? ACCS_EVENT_UPDATED : ACCS_EVENT_ADDED;
    if (len >= STREAM_MIN_BYTES) {
        j->write = 3;
        j->data = data;
        j->len = len;
        j->fmt = fmt;
        return;
    }
    accsi_err err = {{0}};
    j->st = accsi_prepare(an, j->path, data, len, (accsi_fmt)fmt,
                          ACCSI_LANG_UNKNOWN, &j->prep, &err);
    if (j->st != ACCS_OK) {
        j->event = ACCS_EVENT_ERROR;
        snprintf(j->message, sizeof j->message, "%s", err.msg);
        goto out;
    }
    j->prep.mtime = mtime_ns(&j->sb);
    accsi_prepare_record(&j->prep, j->prep.n_passages);
    j->write = 1;
    describe(j);
out:
    free(data);
}

/* The warning a prepared file gets, if any. */
static void
describe(job *j)
{
    if (j->prep.n_repaired && j->prep.encoding)
        snprintf(j->message, sizeof j->message,
                 "read as %s: %u character%s could not be read", j->prep.encoding,
                 j->prep.n_repaired, j->prep.n_repaired == 1 ? "" : "s");
    else if (j->prep.n_repaired)
        snprintf(j->message, sizeof j->message,
                 "invalid UTF-8: %u byte sequence%s replaced", j->prep.n_repaired,
                 j->prep.n_repaired == 1 ? "" : "s");
    else if (j->prep.n_passages == 0)
        snprintf(j->message, sizeof j->message, "no text found");
}

static accs_status
write_chunk(void *ctx, const accsi_packed *passages, size_t n, accsi_err *err)
{
    return accsi_write_passages(ctx, passages, n, err);
}

/* Writer side of a large file (write 3): prepare it while writing it to
 * `db` (NULL: the shard of `idx` that holds it), a chunk of passages at a
 * time.  A file that cannot be read fails before anything is written; a
 * failure after that is a failed write, which stops the run (what was
 * written since the last commit is not committed: see
 * STREAM_FLUSH_PASSAGES). */
static accs_status
write_streamed(accsi_analyser *an, accs_index *idx, accsi_xdb *db, job *j, size_t flush_every,
               accsi_err *err)
{
    accsi_buf key;
    accsi_buf_init(&key);
    accsi_path_key(j->path, &key);
    accsi_write w;
    accs_status st = key.failed ? accsi_err_set(err, ACCS_ENOMEM, "out of memory")
                     : accsi_write_begin(&w, db ? db : accsi_index_shard_for(idx, key.data),
                                         key.data, flush_every, err);
    accsi_buf_free(&key);
    if (st != ACCS_OK)
        return st;
    w.file = &j->prep;
    accsi_err perr = {{0}};
    j->st = accsi_prepare_stream_owned(an, j->path, &j->data, j->len, (accsi_fmt)j->fmt,
                                       ACCSI_LANG_UNKNOWN, &j->prep, write_chunk, &w, &perr);
    free(j->data);
    j->data = NULL;
    if (j->st != ACCS_OK) {
        accsi_write_free(&w);
        if (w.done > 0)
            return accsi_err_set(err, j->st, "%s: %s", j->path, perr.msg);
        j->event = ACCS_EVENT_ERROR;
        snprintf(j->message, sizeof j->message, "%s", perr.msg);
        return ACCS_OK;
    }
    j->prep.mtime = mtime_ns(&j->sb);
    accsi_prepare_record(&j->prep, j->prep.n_passages);
    j->kept = w.kept;
    j->write = 1;
    describe(j);
    return accsi_write_end(&w, &j->prep.record, err);
}

static void *
worker_main(void *arg)
{
    run *r = arg;
    accsi_analyser *an = NULL;
    accsi_err err;
    accs_status ast = accsi_analyser_new(&an, &err);
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->stopping && r->next_take == r->next_seq)
            pthread_cond_wait(&r->cv_work, &r->mu);
        if (r->next_take == r->next_seq && r->stopping)
            break;
        job *j = r->ring[r->next_take % r->ring_cap];
        r->next_take++;
        pthread_mutex_unlock(&r->mu);
        if (ast == ACCS_OK) {
            process(an, r, j);
        } else {
            j->st = ast;
            j->event = ACCS_EVENT_ERROR;
            snprintf(j->message, sizeof j->message, "%s", err.msg);
        }
        pthread_mutex_lock(&r->mu);
        j->done = 1;
        pthread_cond_broadcast(&r->cv_done);
    }
    pthread_mutex_unlock(&r->mu);
    accsi_analyser_free(an);
    return NULL;
}

static void
job_free(job *j)
{
    if (!j)
        return;
    accsi_prepared_free(&j->prep);
    free(j->data);
    free(j->path);
    free(j);
}

/* `path` is on disk and keeps its place in the index: prune() leaves it
 * alone, and need not read its record.  `key` is its path key, or NULL. */
static void
note_seen(run *r, const char *path, const accsi_buf *key)
{
    if (r->seen)
        accsi_wordset_put(r->seen, path, strlen(path), NULL, 0);
    if (!r->records)
        return;
    if (key) {
        accsi_record_table_mark(r->records, key->data, key->len);
        return;
    }
    accsi_buf own;
    accsi_buf_init(&own);
    accsi_path_key(path, &own);
    if (!own.failed)
        accsi_record_table_mark(r->records, own.data, own.len);
    accsi_buf_free(&own);
}

/* Count a finished (and written) job and report it. */
static void
account(run *r, job *j, accs_status written)
{
    accs_index_stats *s = r->stats;
    if (j->write && written == ACCS_OK && j->write == 1) {
        s->passages += j->prep.n_passages - j->kept;
        s->long_terms += j->prep.long_terms;
    }
    if (written != ACCS_OK && r->fatal == ACCS_OK)
        r->fatal = written;
    if (j->st == ACCS_EIO || j->st == ACCS_ENOMEM || j->event == ACCS_EVENT_ERROR) {
        s->failed++;
        /* Keep what the index has for a file that is there but unreadable. */
        if (j->st != ACCS_ENOTFOUND)
            note_seen(r, j->path, j->prep.key.len ? &j->prep.key : NULL);
    } else if (j->event == ACCS_EVENT_SKIPPED) {
        s->skipped++;
    } else {
        note_seen(r, j->path, j->prep.key.len ? &j->prep.key : NULL);
        if (j->event == ACCS_EVENT_ADDED) {
            if (!r->bulk) { /* for moves (prune); none into an empty index */
                char hex[17];
                snprintf(hex, sizeof hex, "%016llx", (unsigned long long)j->prep.hash);
                accsi_wordset_put(r->new_hashes, hex, 16, NULL, 0);
            }
            s->added++;
        }
        else if (j->event == ACCS_EVENT_UPDATED)
            s->updated++;
        else
            s->unchanged++;
        if (j->write == 1)
            s->bytes += j->prep.size;
    }
    if (j->message[0] && (j->event == ACCS_EVENT_ADDED || j->event == ACCS_EVENT_UPDATED)) {
        s->warnings++;
        emit(r, ACCS_EVENT_WARNING, j->path, j->message);
    }
    /* A file read in another encoding says which, without a warning. */
    char note[48];
    const char *said = j->message[0] ? j->message : NULL;
    if (!said && j->prep.encoding && j->write == 1) {
        snprintf(note, sizeof note, "read as %s", j->prep.encoding);
        said = note;
    }
    emit(r, j->event, j->path, said);
}

/* Writer side: store one finished job and report it. */
static void
finish(run *r, job *j)
{
    accs_status st = ACCS_OK;
    if (r->fatal == ACCS_OK && j->write == 3) {
        accsi_analyser *an;
        st = accsi_index_analyser(r->idx, &an);
        if (st == ACCS_OK)
            st = write_streamed(an, r->idx, NULL, j, STREAM_FLUSH_PASSAGES, &r->idx->err);
        if (st == ACCS_OK && j->write == 1)
            r->idx->uncommitted++;
    } else if (r->fatal == ACCS_OK && j->write) {
        st = accsi_index_write(r->idx, &j->prep, &j->kept);
    }
    account(r, j, st);
    if (r->fatal == ACCS_OK && r->idx->uncommitted >= r->batch) {
        r->fatal = accs_index_commit(r->idx);
        if (r->fatal == ACCS_OK) {
            r->committed = *r->stats;
            emit(r, ACCS_EVENT_COMMIT, NULL, NULL);
        }
    }
}

/* Write finished jobs in order; with `wait`, block until `until` are. */
static void
drain(run *r, uint64_t until)
{
    pthread_mutex_lock(&r->mu);
    while (r->next_write < until) {
        job *j = r->ring[r->next_write % r->ring_cap];
        while (!j->done)
            pthread_cond_wait(&r->cv_done, &r->mu);
        r->ring[r->next_write % r->ring_cap] = NULL;
        r->next_write++;
        pthread_mutex_unlock(&r->mu);
        finish(r, j);
        job_free(j);
        pthread_mutex_lock(&r->mu);
    }
    pthread_mutex_unlock(&r->mu);
}

/* Bulk mode: a prepared Dutch file is written by an even scratch shard,
 * an English one by the odd shard beside it, when that shard's queue has
 * room.  A shard's commits then touch the words of one language, fewer
 * terms than a mixed batch of the same size: a build of the benchmark's
 * 10k mixed files takes 6.5% less CPU.  Where the other
 * queue is full, as when a collection is in one language, the worker
 * writes the file itself, so both keep writing.  The walk keeps every
 * queue full, so handed files may go beyond its share (QUEUE_CAP). */
static int
hand_over(run *r, shard_queue *q, job *j)
{
    if (!r->bulk || j->write != 1 || j->prep.size > HAND_MAX_BYTES ||
        (j->prep.lang != ACCSI_LANG_NL && j->prep.lang != ACCSI_LANG_EN))
        return 0;
    size_t k = (q->k & ~(size_t)1) | (j->prep.lang == ACCSI_LANG_EN);
    if (k == q->k || k >= r->idx->n_writers)
        return 0;
    shard_queue *to = &r->queues[k];
    int handed = 0;
    pthread_mutex_lock(&r->mu);
    if (!to->exited && to->count < QUEUE_CAP) {
        j->handed = 1;
        to->q[(to->head + to->count) % QUEUE_CAP] = j;
        to->count++;
        pthread_cond_signal(&to->cv_get);
        handed = 1;
    }
    pthread_mutex_unlock(&r->mu);
    return handed;
}

/* Files after which a scratch shard is sealed.  A shard's commits get
 * dearer as it grows, and more so in system time: each rewrites the last
 * posting chunk of every term its batch touches, and the deeper and wider
 * the tree, the more of its blocks are read again.  Fresh shards keep that
 * cheap; but every shard leaves a short posting chunk per term in the
 * merged index, so long rounds seal later (a round holds at most
 * ACCSI_BULK_SEALED_MAX sealed shards whatever its length). */
static uint64_t
seal_after(const run *r)
{
    uint64_t n = BULK_SEAL_BATCHES * (uint64_t)r->batch;
    uint64_t spread = r->bulk_round / ACCSI_BULK_SEALED_MAX;
    return n > spread ? n : spread;
}

static void *
shard_main(void *arg)
{
    shard_queue *q = arg;
    run *r = q->r;
    accsi_analyser *an = NULL;
    accsi_err err = {{0}};
    accs_status ast = accsi_analyser_new(&an, &err);
    accsi_xdb *db = r->idx->writers[q->k];
    /* Each shard commits after its share of a batch.  A scratch shard of a
     * bulk build commits after a fixed, small number of files: its commits
     * cost no fsync, and Xapian's buffered changes then stay small, which
     * is both faster (its in-memory maps fit the caches) and lighter. */
    uint64_t batch = r->bulk ? BULK_SHARD_BATCH : r->batch / r->idx->n_writers + 1;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (q->count == 0 && !r->stopping)
            pthread_cond_wait(&q->cv_get, &r->mu);
        if (q->count == 0) {
            q->exited = 1;
            pthread_mutex_unlock(&r->mu);
            break;
        }
        job *j = q->q[q->head];
        q->head = (q->head + 1) % QUEUE_CAP;
        q->count--;
        pthread_cond_signal(&q->cv_put);
        if (r->bulk)
            pthread_cond_signal(&r->cv_room);
        pthread_mutex_unlock(&r->mu);

        if (j->handed) {
            /* prepared by the worker beside this one: only to be written */
        } else if (ast == ACCS_OK) {
            process(an, r, j);
            if (hand_over(r, q, j))
                continue;
        } else {
            j->st = ast;
            j->event = ACCS_EVENT_ERROR;
            snprintf(j->message, sizeof j->message, "%s", err.msg);
        }
        accs_status st = ACCS_OK;
        pthread_mutex_lock(&r->stats_mu);
        int go = r->fatal == ACCS_OK;
        pthread_mutex_unlock(&r->stats_mu);
        size_t flush = r->bulk ? BULK_SHARD_PASSAGES : 0;
        if (go && j->write == 3 && ast == ACCS_OK) {
            st = write_streamed(an, r->idx, db, j,
                                r->bulk ? BULK_SHARD_PASSAGES : STREAM_FLUSH_PASSAGES, &err);
            if (st == ACCS_OK && j->write == 1) {
                q->uncommitted++;
                q->in_shard++;
            }
        } else if (go && j->write && j->write != 3) {
            st = accsi_index_write_in(db, &j->prep, flush, &j->kept, &err);
            if (st == ACCS_OK) {
                q->uncommitted++;
                q->in_shard++;
            }
        }
        int committed = 0;
        int seal = r->bulk && q->in_shard >= seal_after(r);
        if (st == ACCS_OK && (q->uncommitted >= batch || (seal && q->uncommitted))) {
            st = accsi_xdb_commit(db, &err);
            q->uncommitted = 0;
            committed = st == ACCS_OK;
        }
        pthread_mutex_lock(&r->stats_mu);
        if (committed && !r->bulk) /* a scratch commit is no index commit */
            emit(r, ACCS_EVENT_COMMIT, NULL, NULL);
        if (st != ACCS_OK && r->fatal == ACCS_OK)
            accsi_err_set(&r->idx->err, st, "%s", err.msg);
        account(r, j, st);
        if (committed && seal && r->fatal == ACCS_OK) {
            /* Seal the shard while its commits are cheap (under the lock,
             * for seals are serialised). */
            accs_status sst = accsi_index_bulk_seal(r->idx, q->k, &err);
            db = r->idx->writers[q->k];
            q->in_shard = 0; /* sealed, or to be tried again later */
            if (sst != ACCS_OK) {
                accsi_err_set(&r->idx->err, sst, "%s", err.msg);
                r->fatal = sst;
            }
        }
        pthread_mutex_unlock(&r->stats_mu);
        job_free(j);
    }
    accsi_analyser_free(an);
    return NULL;
}

/* The queue with the fewest jobs, or NULL if all are full. */
static shard_queue *
shortest_queue(run *r)
{
    shard_queue *best = NULL;
    for (size_t k = 0; k < r->idx->n_writers; k++)
        if (r->queues[k].count < QUEUE_WALK && (!best || r->queues[k].count < best->count))
            best = &r->queues[k];
    return best;
}

static void
submit_sharded(run *r, job *j)
{
    shard_queue *q;
    pthread_mutex_lock(&r->mu);
    if (r->bulk) {
        /* The scratch shards of a bulk build all end up in one index, so a
         * file may go to any of them: to the shortest queue, and no writer
         * sits idle while the walk waits for another one that is busy
         * committing. */
        while ((q = shortest_queue(r)) == NULL)
            pthread_cond_wait(&r->cv_room, &r->mu);
    } else {
        /* A file belongs to the shard its path key hashes to. */
        accsi_path_key(j->path, &r->key);
        q = &r->queues[accsi_hash64(r->key.data, r->key.len) % r->idx->n_writers];
        while (q->count >= QUEUE_WALK)
            pthread_cond_wait(&q->cv_put, &r->mu);
    }
    q->q[(q->head + q->count) % QUEUE_CAP] = j;
    q->count++;
    pthread_cond_signal(&q->cv_get);
    pthread_mutex_unlock(&r->mu);
}

static void
submit(run *r, job *j)
{
    if (r->sharded) {
        submit_sharded(r, j);
        return;
    }
    if (r->n_workers == 0) {
        accsi_analyser *an = NULL;
        if (accsi_index_analyser(r->idx, &an) == ACCS_OK)
            process(an, r, j);
        finish(r, j);
        job_free(j);
        return;
    }
    /* Keep the ring bounded: write the oldest jobs first when it is full. */
    if (r->next_seq - r->next_write >= r->ring_cap)
        drain(r, r->next_seq - r->ring_cap + 1);
    pthread_mutex_lock(&r->mu);
    r->ring[r->next_seq % r->ring_cap] = j;
    r->next_seq++;
    pthread_cond_signal(&r->cv_work);
    pthread_mutex_unlock(&r->mu);
    /* Write whatever is already finished, so output keeps flowing. */
    for (;;) {
        pthread_mutex_lock(&r->mu);
        job *head = r->next_write < r->next_seq
                        ? r->ring[r->next_write % r->ring_cap] : NULL;
        int ready = head && head->done;
        pthread_mutex_unlock(&r->mu);
        if (!ready)
            break;
        drain(r, r->next_write + 1);
    }
}

/* Decide what to do with one file found by the walk. */
static void consider_file_locked(run *r, const char *path, const struct stat *sb,
                                 int explicit_file);

static void start_workers(run *r, unsigned jobs);
static void stop_shard_workers(run *r);

/* Bulk mode: wait for the shard workers, merge the scratch shards into
 * the index (which makes the work so far durable and visible), and go on
 * with new ones.  Every merge rewrites the whole index, so rounds grow with
 * it: the first after ten batches, each later one three times as many files
 * as the index holds.  All merges together rewrite about one and a half
 * times the final index (for 100k files: at 10k, 40k and the end), and a
 * crash loses at most the round in progress. */
static void
bulk_round(run *r)
{
    stop_shard_workers(r);
    r->stopping = 0;
    if (r->fatal == ACCS_OK) {
        accs_status st = accs_index_commit(r->idx);
        if (st == ACCS_OK)
            st = accsi_index_bulk_flush(r->idx);
        if (st == ACCS_OK) {
            r->committed = *r->stats;
            emit(r, ACCS_EVENT_COMMIT, NULL, NULL);
        } else {
            r->fatal = st;
        }
    }
    uint64_t done = r->committed.added;
    r->bulk_round = 3 * done > r->bulk_round ? 3 * done : r->bulk_round;
    r->bulk_files = 0;
    if (r->fatal == ACCS_OK && r->idx->bulk_dir)
        start_workers(r, r->jobs);
}

/* In shard mode the workers report too: the walk's own counting and
 * reporting takes the same lock. */
static void
consider_file(run *r, const char *path, const struct stat *sb, int explicit_file)
{
    if (r->sharded)
        pthread_mutex_lock(&r->stats_mu);
    consider_file_locked(r, path, sb, explicit_file);
    if (r->sharded) {
        pthread_mutex_unlock(&r->stats_mu);
        if (r->pending) {
            job *j = r->pending;
            r->pending = NULL;
            submit(r, j);
            if (r->bulk && ++r->bulk_files >= r->bulk_round)
                bulk_round(r);
        }
    }
}

static void
consider_file_locked(run *r, const char *path, const struct stat *sb, int explicit_file)
{
    int fmt = accsi_format_for_path(path);
    if (r->counting) {
        if (fmt >= 0 || explicit_file) {
            r->stats->files_total++;
            r->stats->bytes_total += (uint64_t)sb->st_size;
        }
        return;
    }
    r->stats->files_seen++;
    if (fmt < 0 && !explicit_file) {
        r->stats->skipped++;
        emit(r, ACCS_EVENT_SKIPPED, path, "unsupported file type");
        return;
    }
    if ((uint64_t)sb->st_size > r->max_size) {
        char msg[128];
        snprintf(msg, sizeof msg, "larger than the size limit (%llu MiB)",
                 (unsigned long long)(r->max_size >> 20));
        r->stats->skipped++;
        emit(r, ACCS_EVENT_SKIPPED, path, msg);
        return;
    }
    accsi_path_key(path, &r->key);
    accsi_record old;
    int known = r->records && !r->bulk
                    ? accsi_record_table_get(r->records, r->key.data, r->key.len, &old)
                    : -1;
    int has_old = r->bulk ? 0 /* the index was empty */
        : known >= 0 ? known
        : r->sharded
        ? accsi_index_record_in(r->readers[accsi_hash64(r->key.data, r->key.len) %
                                           r->idx->n_writers],
                                r->key.data, &old, &r->idx->err)
        : accsi_index_record(r->idx, r->key.data, &old);
    if (has_old && !r->opts->is_full && old.size == (uint64_t)sb->st_size &&
        old.mtime == mtime_ns(sb)) {
        r->stats->unchanged++;
        note_seen(r, path, &r->key);
        emit(r, ACCS_EVENT_UNCHANGED, path, NULL);
        return;
    }
    job *j = calloc(1, sizeof *j);
    if (!j || !(j->path = accsi_strdup(path))) {
        free(j);
        r->fatal = ACCS_ENOMEM;
        return;
    }
    j->sb = *sb;
    j->has_old = has_old;
    j->old = old;
    j->explicit_file = explicit_file;
    j->fmt = fmt; /* looked up once: it may read the file's first bytes */
    j->kind = !has_old ? JOB_NEW : r->opts->is_full ? JOB_FORCED : JOB_CHANGED;
    if (r->sharded)
        r->pending = j; /* submitted by consider_file, outside the lock */
    else
        submit(r, j);
}

static int
name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Visit a folder tree depth-first, in name order.  Symbolic links are
 * followed; a folder already visited (by device and inode) is not entered
 * again, which also stops link loops. */
static void
walk_dir(run *r, const char *dir, unsigned depth)
{
    if (r->fatal != ACCS_OK)
        return;
    if (depth > 256) {
        if (r->counting)
            return;
        r->stats->skipped++;
        emit(r, ACCS_EVENT_SKIPPED, dir, "folder nested too deeply (over 256 levels)");
        return;
    }
    DIR *d = opendir(dir);
    if (!d && r->counting)
        return;
    if (!d) {
        r->stats->failed++;
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read folder: %s", strerror(errno));
        char **c = realloc(r->closed, (r->n_closed + 1) * sizeof *c);
        if (c) {
            r->closed = c;
            r->closed[r->n_closed] = accsi_strdup(dir);
            if (r->closed[r->n_closed])
                r->n_closed++;
        }
        emit(r, ACCS_EVENT_ERROR, dir, msg);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int maildir = -1; /* unknown until a hidden name asks */
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        /* Hidden names (and . and ..) are skipped, except the folders of
         * a Maildir++ (.Sent, .Archive.2018 in a Maildir), which are
         * mail folders that mail programs name so. */
        if (e->d_name[0] == '.') {
            if (!e->d_name[1] || strcmp(e->d_name, "..") == 0)
                continue;
            if (maildir < 0)
                maildir = accsi_is_maildir(dir, strlen(dir));
            if (!maildir)
                continue;
            char sub[600];
            snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
            if (!accsi_is_maildir(sub, strlen(sub)))
                continue;
        }
        if (!accsi_grow((void **)&names, &cap, n, sizeof *names))
            break;
        names[n] = accsi_strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    accsi_buf child;
    accsi_buf_init(&child);
    for (size_t i = 0; i < n; i++) {
        accsi_buf_clear(&child);
        accsi_buf_adds(&child, dir);
        if (child.len == 0 || child.data[child.len - 1] != '/')
            accsi_buf_addc(&child, '/');
        accsi_buf_adds(&child, names[i]);
        free(names[i]);
        if (child.failed || r->fatal != ACCS_OK)
            continue;
        struct stat sb;
        if (stat(child.data, &sb) != 0) {
            if (r->counting)
                continue;
            struct stat lsb;
            int is_link = lstat(child.data, &lsb) == 0 && S_ISLNK(lsb.st_mode);
            char msg[300];
            snprintf(msg, sizeof msg, "%s", is_link ? "broken or looping symbolic link"
                                                   : strerror(errno));
            r->stats->skipped++;
            emit(r, ACCS_EVENT_SKIPPED, child.data, msg);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            char id[64];
            snprintf(id, sizeof id, "%llu:%llu", (unsigned long long)sb.st_dev,
                     (unsigned long long)sb.st_ino);
            if (accsi_wordset_get(r->dirs, id, strlen(id), NULL))
                continue; /* seen already: a link loop or a second link */
            accsi_wordset_put(r->dirs, id, strlen(id), NULL, 0);
            walk_dir(r, child.data, depth + 1);
        } else if (S_ISREG(sb.st_mode)) {
            consider_file(r, child.data, &sb, 0);
        } else if (!r->counting) {
            r->stats->skipped++;
            emit(r, ACCS_EVENT_SKIPPED, child.data, "not a regular file");
        }
    }
    accsi_buf_free(&child);
    free(names);
}

typedef struct {
    run *r;
    const char *root;
    size_t root_len;
    char **hashes;  /* content hash of each gone file, hex */
    char **gone;
    size_t n_gone;
    size_t cap_gone;
} prune_ctx;

/* File-record data ends with the path after the fifth tab. */
static int
collect_gone(const char *data, size_t len, void *payload)
{
    prune_ctx *c = payload;
    size_t tabs = 0, i = 0;
    while (i < len && tabs < 5)
        if (data[i++] == '\t')
            tabs++;
    const char *path = data + i;
    size_t plen = len - i;
    int under = plen == c->root_len ? memcmp(path, c->root, plen) == 0
              : plen > c->root_len && memcmp(path, c->root, c->root_len) == 0 &&
                    (c->root[c->root_len - 1] == '/' || path[c->root_len] == '/');
    if (!under || (c->r->seen && accsi_wordset_get(c->r->seen, path, plen, NULL)))
        return 0;
    for (size_t k = 0; k < c->r->n_closed; k++) {
        size_t cl = strlen(c->r->closed[k]);
        if (plen > cl && memcmp(path, c->r->closed[k], cl) == 0 && path[cl] == '/')
            return 0; /* below a folder we could not read: keep it */
    }
    if (c->n_gone == c->cap_gone) {
        size_t cap = c->cap_gone ? c->cap_gone * 2 : 16;
        char **g = realloc(c->gone, cap * sizeof *g);
        if (!g)
            return 1;
        c->gone = g;
        c->cap_gone = cap;
    }
    char **h = realloc(c->hashes, c->cap_gone * sizeof *h);
    if (!h)
        return 1;
    c->hashes = h;
    /* The hash is the third field: size, mtime, hash. */
    const char *t1 = memchr(data, '\t', len);
    const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - data)) : NULL;
    c->hashes[c->n_gone] = t2 && t2 + 17 <= data + len ? accsi_strndup(t2 + 1, 16) : NULL;
    c->gone[c->n_gone] = accsi_strndup(path, plen);
    if (c->gone[c->n_gone])
        c->n_gone++;
    else
        free(c->hashes[c->n_gone]);
    return 0;
}

/* Does prune() need the paths seen?  Not in a bulk build, which prunes
 * nothing, nor where every record is in the record table, whose marks
 * say the same: at a million files, the paths would be 100 MB. */
static int
keep_paths(const run *r)
{
    return !r->bulk && !(r->records && accsi_record_table_complete(r->records));
}

/* Remove documents under `root` whose files are no longer there. */
static void
prune(run *r, const char *root)
{
    if (r->bulk)
        return; /* the index was empty: every file in it was seen */
    prune_ctx c = {r, root, strlen(root), NULL, NULL, 0, 0};
    /* With the record table, only the records of files not found unchanged
     * are read; without it, all of them. */
    if (!r->records || !accsi_record_table_each_unmarked(r->records, r->idx, collect_gone, &c))
        for (size_t i = 0; i < r->idx->n_writers; i++)
            accsi_xdb_each_doc(r->idx->writers[i], ACCSI_TERM_RECORD, collect_gone, &c,
                               &r->idx->err);
    for (size_t i = 0; i < c.n_gone; i++) {
        if (r->fatal == ACCS_OK) {
            accsi_path_key(c.gone[i], &r->key);
            r->fatal = accsi_index_delete_in(accsi_index_shard_for(r->idx, r->key.data),
                                             r->key.data, &r->idx->err);
            if (r->fatal == ACCS_OK) {
                r->idx->uncommitted++;
                /* Same content as a file added in this run: a move. */
                if (c.hashes[i] && accsi_wordset_get(r->new_hashes, c.hashes[i], 16, NULL)) {
                    r->stats->renamed++;
                    r->stats->added--;
                } else {
                    r->stats->removed++;
                }
                emit(r, ACCS_EVENT_REMOVED, c.gone[i], NULL);
            }
        }
        free(c.gone[i]);
        free(c.hashes[i]);
    }
    free(c.gone);
    free(c.hashes);
}

/* Shard mode needs a writer with several shards, more than one job, and
 * a read-only view of each shard for record lookups. */
static int
start_shard_workers(run *r, unsigned jobs)
{
    size_t n = r->idx->n_writers;
    if (n < 2 || jobs < 2 || !r->idx->writer_paths)
        return 0;
    r->readers = calloc(n, sizeof *r->readers);
    r->queues = calloc(n, sizeof *r->queues);
    if (!r->readers || !r->queues)
        return 0;
    for (size_t k = 0; k < n && !r->bulk; k++) {
        const char *p = r->idx->writer_paths[k];
        accsi_err e;
        if (accsi_xdb_open_read(&r->readers[k], &p, 1, 0, NULL, &e) != ACCS_OK)
            return 0;
    }
    pthread_mutex_init(&r->mu, NULL);
    pthread_mutex_init(&r->stats_mu, NULL);
    pthread_cond_init(&r->cv_room, NULL);
    for (size_t k = 0; k < n; k++) {
        shard_queue *q = &r->queues[k];
        pthread_cond_init(&q->cv_put, NULL);
        pthread_cond_init(&q->cv_get, NULL);
        q->r = r;
        q->k = k;
    }
    r->sharded = 1;
    for (size_t k = 0; k < n; k++)
        r->queues[k].started = pthread_create(&r->queues[k].thread, NULL, shard_main,
                                              &r->queues[k]) == 0;
    return 1;
}

static void
stop_shard_workers(run *r)
{
    size_t n = r->idx->n_writers;
    if (r->sharded) {
        pthread_mutex_lock(&r->mu);
        r->stopping = 1;
        for (size_t k = 0; k < n; k++)
            pthread_cond_broadcast(&r->queues[k].cv_get);
        pthread_mutex_unlock(&r->mu);
        for (size_t k = 0; k < n; k++) {
            if (r->queues[k].started)
                pthread_join(r->queues[k].thread, NULL);
            pthread_cond_destroy(&r->queues[k].cv_put);
            pthread_cond_destroy(&r->queues[k].cv_get);
        }
        pthread_cond_destroy(&r->cv_room);
        pthread_mutex_destroy(&r->mu);
        pthread_mutex_destroy(&r->stats_mu);
        r->sharded = 0;
        /* Whatever the shards wrote since their last commit is committed
         * with the rest at the end of the run. */
        r->idx->uncommitted++;
        if (r->fatal == ACCS_OK && !r->bulk)
            r->committed = *r->stats;
    }
    for (size_t k = 0; r->readers && k < n; k++)
        accsi_xdb_free(r->readers[k]);
    free(r->readers);
    free(r->queues);
    r->readers = NULL;
    r->queues = NULL;
}

static void
start_workers(run *r, unsigned jobs)
{
    r->n_workers = 0;
    if (jobs <= 1 || start_shard_workers(r, jobs))
        return;
    r->ring_cap = 2 * (size_t)jobs + 2;
    r->ring = calloc(r->ring_cap, sizeof *r->ring);
    r->workers = calloc(jobs, sizeof *r->workers);
    if (!r->ring || !r->workers)
        return;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv_work, NULL);
    pthread_cond_init(&r->cv_done, NULL);
    for (unsigned i = 0; i < jobs; i++) {
        if (pthread_create(&r->workers[i], NULL, worker_main, r) != 0)
            break;
        r->n_workers++;
    }
}

static void
stop_workers(run *r)
{
    if (r->n_workers) {
        drain(r, r->next_seq);
        pthread_mutex_lock(&r->mu);
        r->stopping = 1;
        pthread_cond_broadcast(&r->cv_work);
        pthread_mutex_unlock(&r->mu);
        for (unsigned i = 0; i < r->n_workers; i++)
            pthread_join(r->workers[i], NULL);
        pthread_mutex_destroy(&r->mu);
        pthread_cond_destroy(&r->cv_work);
        pthread_cond_destroy(&r->cv_done);
    }
    free(r->workers);
    free(r->ring);
}

/* Compact at the end of a run that changed enough of the index for its
 * blocks to be worth packing again (see accs_compact). */
static accs_status
maybe_compact(run *r)
{
    const accs_index_stats *s = r->stats;
    uint64_t changed = s->added + s->updated + s->removed + s->renamed;
    if (r->opts->compact == ACCS_COMPACT_NEVER || changed == 0)
        return ACCS_OK;
    if (r->opts->compact == ACCS_COMPACT_AUTO) {
        uint64_t files = 0, passages = 0;
        for (size_t i = 0; i < r->idx->n_writers; i++) {
            uint64_t n = 0, m = 0;
            accs_status st = accsi_xdb_termfreq(r->idx->writers[i], ACCSI_TERM_RECORD, &n,
                                                &r->idx->err);
            if (st == ACCS_OK)
                st = accsi_xdb_doccount(r->idx->writers[i], &m, &r->idx->err);
            if (st != ACCS_OK)
                return st;
            files += n;
            passages += m > n ? m - n : 0; /* documents but the records */
        }
        if (changed * 5 < files)
            return ACCS_OK;
        /* Few passages written in a few large files (mail appended to an
         * mbox archive): not worth rewriting the index for. */
        if (s->removed == 0 && s->renamed == 0 && s->passages * 5 < passages)
            return ACCS_OK;
    }
    emit(r, ACCS_EVENT_COMPACT, NULL, NULL);
    accs_status st = accs_index_compact(r->idx);
    if (st == ACCS_OK)
        r->stats->compacted = 1;
    return st;
}

accs_status
accs_index_add_path(accs_index *idx, const char *path,
                    const accs_index_options *opts, accs_index_stats *stats_out)
{
    accs_index_options defaults = ACCS_INDEX_OPTIONS_INIT;
    accs_index_stats stats;
    memset(&stats, 0, sizeof stats);
    if (stats_out)
        memset(stats_out, 0, sizeof *stats_out);
    if (!idx || !path)
        return ACCS_EINVAL;
    if (!opts)
        opts = &defaults;
    if (opts->version != ACCS_INDEX_OPTIONS_VERSION)
        return accsi_err_set(&idx->err, ACCS_EINVAL, "unknown options version %u",
                             opts->version);
    if (!idx->writable)
        return accsi_err_set(&idx->err, ACCS_EREADONLY, "index is open read-only");

    char *root = realpath(path, NULL);
    if (!root) {
        int e = errno;
        return accsi_err_set(&idx->err, e == ENOENT || e == ENOTDIR ? ACCS_ENOTFOUND : ACCS_EIO,
                             "%s: %s", path, strerror(e));
    }
    struct stat sb;
    if (stat(root, &sb) != 0) {
        int e = errno;
        free(root);
        return accsi_err_set(&idx->err, ACCS_EIO, "%s: %s", path, strerror(e));
    }

    int bulk = 0;
    run r;
    memset(&r, 0, sizeof r);
    r.idx = idx;
    r.opts = opts;
    r.stats = &stats;
    r.max_size = opts->max_file_size ? opts->max_file_size : DEFAULT_MAX_FILE_SIZE;
    r.batch = opts->batch_files ? opts->batch_files : DEFAULT_BATCH;
    r.seen = accsi_wordset_new();
    r.dirs = accsi_wordset_new();
    r.new_hashes = accsi_wordset_new();
    accsi_buf_init(&r.key);
    if (!r.seen || !r.dirs || !r.new_hashes) {
        accsi_wordset_free(r.seen);
        accsi_wordset_free(r.dirs);
        accsi_wordset_free(r.new_hashes);
        free(root);
        return accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
    }
    unsigned jobs = opts->jobs ? opts->jobs : accsi_ncpus();
    if (S_ISDIR(sb.st_mode)) {
        char id[64];
        snprintf(id, sizeof id, "%llu:%llu", (unsigned long long)sb.st_dev,
                 (unsigned long long)sb.st_ino);
        if (opts->count_first) {
            /* A first pass that only looks at names and sizes, so progress
             * can show how much is left. */
            r.counting = 1;
            accsi_wordset_put(r.dirs, id, strlen(id), NULL, 0);
            walk_dir(&r, root, 0);
            accsi_wordset_free(r.dirs);
            r.dirs = accsi_wordset_new();
            r.counting = 0;
        }
        /* Into an empty index, write scratch shards in parallel and merge
         * them at the end (see accsi_index_bulk_begin). */
        accs_status bst = opts->compact == ACCS_COMPACT_NEVER
            ? ACCS_OK
            : accsi_index_bulk_begin(idx, jobs < 8 ? jobs : 8, &bulk);
        if (bst != ACCS_OK)
            r.fatal = bst;
        r.bulk = bulk;
        r.jobs = jobs;
        if (!bulk && r.fatal == ACCS_OK)
            r.records = accsi_record_table_load(idx);
        if (!keep_paths(&r)) {
            accsi_wordset_free(r.seen);
            r.seen = NULL;
        }
        r.bulk_round = 10 * (uint64_t)r.batch;
        start_workers(&r, jobs);
        accsi_wordset_put(r.dirs, id, strlen(id), NULL, 0);
        walk_dir(&r, root, 0);
        stop_shard_workers(&r);
        stop_workers(&r);
    } else if (S_ISREG(sb.st_mode)) {
        consider_file(&r, root, &sb, 1);
    } else {
        accsi_wordset_free(r.seen);
        accsi_wordset_free(r.dirs);
        accsi_wordset_free(r.new_hashes);
        free(root);
        return accsi_err_set(&idx->err, ACCS_EINVAL,
                             "%s: not a regular file or folder", path);
    }
    if (r.fatal == ACCS_OK)
        prune(&r, root);
    accs_status st = r.fatal;
    if (st == ACCS_OK && idx->uncommitted) {
        st = accs_index_commit(idx);
        if (st == ACCS_OK && !bulk)
            emit(&r, ACCS_EVENT_COMMIT, NULL, NULL);
    }
    if (bulk) {
        accs_status bst = accsi_index_bulk_end(idx, st == ACCS_OK);
        if (st == ACCS_OK && bst == ACCS_OK) {
            stats.compacted = 1;
            emit(&r, ACCS_EVENT_COMMIT, NULL, NULL);
        } else if (st == ACCS_OK) {
            st = bst; /* the index holds the rounds merged before */
        }
    } else if (st == ACCS_OK) {
        st = maybe_compact(&r);
    }
    if (st != ACCS_OK && r.fatal == ACCS_OK && !idx->uncommitted && !bulk) {
        /* Everything was committed; only the compaction failed, and the
         * index is as complete as the counters say. */
    } else if (st != ACCS_OK) {
        /* Report what the index holds: the work since the last commit is
         * lost with the failed write. */
        uint64_t seen = stats.files_seen, failed = stats.failed;
        stats = r.committed;
        uint64_t kept = stats.added + stats.updated + stats.unchanged + stats.renamed +
                        stats.skipped;
        stats.files_seen = seen;
        stats.failed = seen > kept ? seen - kept : failed;
    }
    accsi_buf_free(&r.key);
    accsi_record_table_free(r.records);
    accsi_wordset_free(r.seen);
    accsi_wordset_free(r.dirs);
    accsi_wordset_free(r.new_hashes);
    for (size_t i = 0; i < r.n_closed; i++)
        free(r.closed[i]);
    free(r.closed);
    free(root);
    if (stats_out)
        *stats_out = stats;
    return st;
}
