/* SPDX-License-Identifier: MIT */
/* The index handle behind accs_index, and the writer used by the walk. */
#ifndef ACCS_INDEX_H
#define ACCS_INDEX_H

#include "prepare.h"
#include "xapian_shim.h"

struct accsi_synonyms;

struct accs_index {
    accsi_xdb *db;              /* searched; for a writer, its first shard */
    accsi_xdb **writers;        /* a writer's databases, one per shard */
    char **writer_paths;        /* their folders */
    size_t n_writers;
    accsi_err err;
    char *path;                 /* first (or only) database opened */
    char **shards;              /* every database opened, in order */
    size_t n_shards;
    char *missing;              /* shards left out (allow_partial) */
    int writable;
    accsi_analyser *an;         /* created on first use */
    struct accsi_synonyms *syn; /* built-in synonyms, loaded on first use */
    uint64_t uncommitted;       /* documents written since the last commit */
    char *info[3];              /* strings of the last accs_index_info_get */
    /* During a bulk build: the real writer, set aside while `writers` are
     * scratch shards in `bulk_dir` (see accsi_index_bulk_begin). */
    accsi_xdb **bulk_writers;   /* the real writers array (one entry) */
    char **bulk_paths;          /* and its path array */
    char *bulk_dir;
    char **bulk_sealed;         /* scratch shards closed this round */
    size_t n_sealed;
    unsigned bulk_seq;          /* names them */
};

/* Bulk build.  While a single-database index is still empty, one Xapian
 * writer would be the bottleneck of a run: instead the run writes `k`
 * scratch shards in parallel (one writer thread each), and
 * accsi_index_bulk_end merges them into the index in one compaction and
 * swaps the result into place.  `*started` says whether bulk mode is on
 * (it is not for a sharded, remote or non-empty index, or k < 2). */
accs_status accsi_index_bulk_begin(accs_index *idx, unsigned k, int *started);
/* Merge the scratch shards into the index (swapping the result into
 * place, so it is durable and visible) and start empty scratch shards. */
accs_status accsi_index_bulk_flush(accs_index *idx);
/* Close scratch shard `k` (committed by the caller) and open a fresh one
 * in its place, to be merged with the rest: a scratch shard's commits get
 * dearer as it grows.  Callers serialise calls; on failure writers[k] is
 * NULL and the run must stop.  Does nothing once the round holds
 * ACCSI_BULK_SEALED_MAX sealed shards, so a merge opens a bounded number
 * of databases. */
#define ACCSI_BULK_SEALED_MAX 48
accs_status accsi_index_bulk_seal(accs_index *idx, size_t k, accsi_err *err);
/* Merge (`keep`) or discard the scratch shards and restore the writer.
 * Without `keep` the index stays as it was before the run (empty). */
accs_status accsi_index_bulk_end(accs_index *idx, int keep);

/* The analyser of the handle, created on first use. */
accs_status accsi_index_analyser(accs_index *idx, accsi_analyser **out);

/* The writable database that holds (or will hold) document `key`: shards
 * are chosen by a stable hash of the key. */
accsi_xdb *accsi_index_shard_for(accs_index *idx, const char *key);

/* Replace the document `p->path` by the prepared passages; `*kept` (if
 * not NULL) counts those left as they were (see accsi_index_write_in). */
accs_status accsi_index_write(accs_index *idx, const accsi_prepared *p, size_t *kept);

/* The stored file record of `key`: returns 1 when found. */
typedef struct {
    uint64_t size;
    int64_t mtime;
    uint64_t hash;
    size_t n_passages;
    accsi_lang lang;
} accsi_record;
int accsi_index_record(accs_index *idx, const char *key, accsi_record *out);

/* Every file record of the index, read in one pass over the value stream
 * of ACCSI_SLOT_RECORD, for a walk that asks for each file's: a hash
 * lookup instead of two B-tree lookups per file.  NULL when it cannot be
 * read (the walk then looks records up one by one). */
typedef struct accsi_record_table accsi_record_table;
accsi_record_table *accsi_record_table_load(accs_index *idx);
/* 1: found, and `*out` set; 0: not indexed; -1: not known (a record
 * written before the slot existed): look it up. */
int accsi_record_table_get(const accsi_record_table *t, const char *key, size_t len,
                           accsi_record *out);
/* Does the table hold every record of the index? */
int accsi_record_table_complete(const accsi_record_table *t);
/* Mark the record of `key` as accounted for. */
void accsi_record_table_mark(accsi_record_table *t, const char *key, size_t len);
/* Call `cb` with the stored data of every record not marked, if the table
 * holds every record of the index (returns 1); else does nothing and
 * returns 0. */
int accsi_record_table_each_unmarked(accsi_record_table *t, accs_index *idx, accsi_xdata_cb cb,
                                     void *payload);
void accsi_record_table_free(accsi_record_table *t);
/* The same, looked up in the database `db`. */
int accsi_index_record_in(accsi_xdb *db, const char *key, accsi_record *out,
                          accsi_err *err);
/* Delete document `key` (its passages and record) from the database `db`. */
accs_status accsi_index_delete_in(accsi_xdb *db, const char *key, accsi_err *err);
/* Replace a document in the database `db`, touching no shared state of the
 * handle (for shard writer threads).  With `flush_every` > 0, `db` is
 * committed after every so many passages written: only for a scratch
 * shard, whose commits nobody sees, so that a very large file (an mbox
 * archive) does not pile up in Xapian's memory.  `*kept` (if not NULL)
 * counts the passages found unchanged, which are not written. */
accs_status accsi_index_write_in(accsi_xdb *db, const accsi_prepared *p, size_t flush_every,
                                 size_t *kept, accsi_err *err);

/* The same in steps, for a file written while it is prepared (a large
 * one, see accsi_prepare_stream): begin, its passages in order in any
 * number of calls, then its record.  accsi_write_end frees the state;
 * after a failure, accsi_write_free does. */
typedef struct {
    accsi_xdb *db;
    uint32_t *old;      /* the file's document ids in the index, ascending */
    size_t n_old;
    size_t done;        /* passages handled */
    size_t kept;        /* of those, found unchanged */
    size_t flush_every; /* see accsi_index_write_in */
    size_t unflushed;
    /* The file being written, for a provisional record when it commits
     * along the way in a database that is read (see provisional_record);
     * NULL: none. */
    accsi_prepared *file;
    uint32_t provisional; /* that record's id, 0 if none */
} accsi_write;
accs_status accsi_write_begin(accsi_write *w, accsi_xdb *db, const char *key, size_t flush_every,
                              accsi_err *err);
accs_status accsi_write_passages(accsi_write *w, const accsi_packed *passages, size_t n,
                                 accsi_err *err);
accs_status accsi_write_end(accsi_write *w, const accsi_packed *record, accsi_err *err);
void accsi_write_free(accsi_write *w);

/* Stamp the index with the time of this update (metadata). */
accs_status accsi_index_touch(accs_index *idx);

#endif /* ACCS_INDEX_H */
