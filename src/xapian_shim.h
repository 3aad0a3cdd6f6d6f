/* SPDX-License-Identifier: MIT */
/* The C face of the Xapian shim.  Everything that touches Xapian (C++) is in
 * xapian_shim.cc; this header is plain C and declares only opaque handles,
 * the query tree that the shim turns into a Xapian::Query, and functions
 * that report failures as accs_status plus a message. */
#ifndef ACCS_XAPIAN_SHIM_H
#define ACCS_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "accs_internal.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct accsi_xdb accsi_xdb;     /* a database, readable or writable */
typedef struct accsi_xmset accsi_xmset; /* the result of one search */

/* Query tree operators; the shim maps each to a Xapian::Query operator. */
/* How many words a trailing wildcard ("cyber*") stands for at most. */
#define ACCSI_PREFIX_MAX 100

typedef enum {
    ACCSI_Q_TERM,      /* `term` */
    ACCSI_Q_PHRASE,    /* kids are terms, in order, adjacent */
    ACCSI_Q_NEAR,      /* kids are terms within `window` positions */
    ACCSI_Q_AND,
    ACCSI_Q_OR,
    ACCSI_Q_AND_NOT,   /* kid 0 without any of the others */
    ACCSI_Q_AND_MAYBE, /* kid 0, others only add weight */
    ACCSI_Q_SYNONYM,   /* kids count as one term for BM25 */
    ACCSI_Q_MAX,       /* the best-scoring kid's weight */
    ACCSI_Q_SCALE,     /* kid 0 with its weight times `factor`; with `ref`,
                          at most `factor` times what `ref` would weigh
                          (see accsi_xdb_scale_factor) */
    ACCSI_Q_FILTER,    /* kid 0 restricted to kid 1, no weight from kid 1 */
    ACCSI_Q_BONUS,     /* kid 0 plus a fixed weight `factor` when it matches */
    ACCSI_Q_PREFIX,    /* every indexed word that starts with `term` (the
                          ACCSI_PREFIX_MAX most frequent), as one term;
                          search.c expands it without stopwords first
                          (expand_prefix in search.c) */
    ACCSI_Q_PATH,      /* the passages of the files at or under the path
                          `term`: search.c replaces it with their document
                          terms before a search (see accsi_search) */
    ACCSI_Q_RANGE,     /* documents whose value in `slot` is at least `term`
                          and at most `hi` (either NULL: unbounded) */
    ACCSI_Q_ALL,       /* every document */
    ACCSI_Q_NOTHING    /* no document */
} accsi_qop;

typedef struct accsi_qnode {
    accsi_qop op;
    char *term;                 /* for ACCSI_Q_TERM, _PREFIX and _PATH */
    double factor;              /* for ACCSI_Q_SCALE and ACCSI_Q_BONUS */
    unsigned window;            /* for ACCSI_Q_NEAR */
    char *hi;                   /* for ACCSI_Q_RANGE */
    char *ref;                  /* for ACCSI_Q_SCALE: terms, space-separated */
    const char *why;            /* what the node stands for, for --explain
                                   (a static string), or NULL */
    unsigned slot;              /* for ACCSI_Q_RANGE */
    size_t n_kids;
    size_t cap_kids;
    struct accsi_qnode **kids;
} accsi_qnode;

/* ---- databases ---- */

/* Open (creating if needed; with `overwrite`, replacing) a writable
 * database at `path`.  A transaction
 * is open from then on: changes are durable only after accsi_xdb_commit. */
accs_status accsi_xdb_open_write(accsi_xdb **out, const char *path,
                                 int overwrite, accsi_err *err);
/* The same with flags: ACCSI_XDB_OVERWRITE replaces what is at `path`;
 * ACCSI_XDB_SCRATCH is for a database only this process uses and that is
 * discarded if the process dies (no fsync, blocks updated in place, and
 * blocks of ACCSI_SCRATCH_BLOCK bytes: the merge writes the index in
 * Xapian's default 8 KiB ones). */
enum { ACCSI_XDB_OVERWRITE = 1, ACCSI_XDB_SCRATCH = 2 };
#define ACCSI_SCRATCH_BLOCK 16384
accs_status accsi_xdb_open_write_flags(accsi_xdb **out, const char *path,
                                       int flags, accsi_err *err);
/* Open one or more databases (local paths or tcp://host:port) for reading
 * as one.  With `allow_partial`, databases that fail to open are skipped
 * and their names appended to `missing`. */
accs_status accsi_xdb_open_read(accsi_xdb **out, const char *const *paths,
                                size_t n_paths, int allow_partial,
                                accsi_buf *missing, accsi_err *err);
/* Close; a writer's uncommitted changes are discarded. */
void accsi_xdb_free(accsi_xdb *db);
int accsi_xdb_is_writable(const accsi_xdb *db);
/* A scratch database (ACCSI_XDB_SCRATCH): nobody reads it before it is
 * merged. */
int accsi_xdb_is_scratch(const accsi_xdb *db);
/* The highest document id used, counting changes not yet committed. */
accs_status accsi_xdb_last_docid(accsi_xdb *db, uint32_t *out, accsi_err *err);
accs_status accsi_xdb_commit(accsi_xdb *db, accsi_err *err);
accs_status accsi_xdb_reopen(accsi_xdb *db, accsi_err *err);

/* `*value_out` is malloc'd ("" when the key is unset). */
accs_status accsi_xdb_get_metadata(accsi_xdb *db, const char *key,
                                   char **value_out, accsi_err *err);
accs_status accsi_xdb_set_metadata(accsi_xdb *db, const char *key,
                                   const char *value, accsi_err *err);

/* Add a document given as packed buffers (see accsi_packed in prepare.h):
 * term records [kind 'P'|'T'|'B'][u16 length][u32 position or count][bytes]
 * and value records [u8 slot][u32 length][bytes].  Each occurrence adds
 * `unit` to a term's wdf.  `did` 0 adds a new document; otherwise the
 * document takes id `did`, replacing the one there. */
accs_status accsi_xdb_put_packed(accsi_xdb *db, uint32_t did, const char *terms,
                                 size_t terms_len, unsigned unit, const char *values,
                                 size_t values_len, const char *data,
                                 size_t data_len, accsi_err *err);
/* The ids of the documents indexed by `term`, ascending, in a malloc'd
 * array (NULL when there are none). */
accs_status accsi_xdb_docids(accsi_xdb *db, const char *term, uint32_t **ids,
                             size_t *n, accsi_err *err);
/* Call `cb` for every document that has a value in `slot`, in id order;
 * a non-zero return stops. */
typedef int (*accsi_xvalue_cb)(uint32_t did, const char *value, size_t len, void *payload);
accs_status accsi_xdb_each_value(accsi_xdb *db, unsigned slot, accsi_xvalue_cb cb, void *payload,
                                 accsi_err *err);
/* The stored data of document `did` into `out`. */
accs_status accsi_xdb_doc_data(accsi_xdb *db, uint32_t did, accsi_buf *out, accsi_err *err);
/* Value `slot` of document `did` into `out` (empty if it has none). */
accs_status accsi_xdb_doc_value(accsi_xdb *db, uint32_t did, unsigned slot, accsi_buf *out,
                                accsi_err *err);
/* Delete document `did`. */
accs_status accsi_xdb_delete_doc(accsi_xdb *db, uint32_t did, accsi_err *err);
/* Delete every document indexed by `term`. */
accs_status accsi_xdb_delete_term(accsi_xdb *db, const char *term,
                                  accsi_err *err);
accs_status accsi_xdb_termfreq(accsi_xdb *db, const char *term,
                               uint64_t *out, accsi_err *err);
accs_status accsi_xdb_doccount(accsi_xdb *db, uint64_t *out, accsi_err *err);
/* Total size in bytes of the database files (0 for remote). */
uint64_t accsi_xdb_disk_size(const char *path);

/* Call `cb` with the data of each document indexed by `term`; a non-zero
 * return from `cb` stops the walk. */
typedef int (*accsi_xdata_cb)(const char *data, size_t len, void *payload);
accs_status accsi_xdb_each_doc(accsi_xdb *db, const char *term,
                               accsi_xdata_cb cb, void *payload,
                               accsi_err *err);
/* Call `cb` for each term starting with `prefix`, with its document
 * frequency. */
typedef int (*accsi_xterm_cb)(const char *term, size_t len, uint64_t freq,
                              void *payload);
accs_status accsi_xdb_each_term(accsi_xdb *db, const char *prefix,
                                accsi_xterm_cb cb, void *payload,
                                accsi_err *err);
/* Like accsi_xdb_each_term, but `cb` may jump ahead: when it leaves a
 * term in `seek` (which it finds empty), the walk goes on from the first
 * term at or after that one.  A non-zero return stops the walk. */
typedef int (*accsi_xterm_seek_cb)(const char *term, size_t len, uint64_t freq,
                                   accsi_buf *seek, void *payload);
accs_status accsi_xdb_walk_terms(accsi_xdb *db, const char *prefix,
                                 accsi_xterm_seek_cb cb, void *payload,
                                 accsi_err *err);

/* Run Xapian's own consistency check on the database folder at `path`;
 * returns the number of errors found in `*n_errors`. */
accs_status accsi_xdb_check(const char *path, uint64_t *n_errors,
                            accsi_buf *report, accsi_err *err);

/* Write a compacted copy of the committed state of the databases
 * `sources` (merged, in order) to the new folder `dest`.  Without
 * `renumber`, document ids are kept (the sources must not overlap). */
accs_status accsi_xdb_compact(const char *const *sources, size_t n_sources,
                              const char *dest, int renumber, accsi_err *err);

/* Stem `word` with Xapian's bundled Snowball stemmer `algorithm` (used to
 * compare stemmers; indexing uses libstemmer through stem.c). */
accs_status accsi_xstem(const char *algorithm, const char *word,
                        accsi_buf *out, accsi_err *err);

/* ---- searching ---- */

typedef struct {
    double k1;            /* BM25 k1 (b is applied at indexing: schema.h) */
    int collapse_slot;    /* value slot to collapse on, or -1 */
    unsigned per_doc;     /* hits kept per collapse key */
    size_t offset;
    size_t limit;
    int sort_date;        /* 0: by relevance; 1: newest first; -1: oldest
                             first (ACCSI_SLOT_DATE; undated last, then
                             by relevance) */
    int facet_slot;       /* a slot whose values are counted over every
                             match (accsi_xmset_facet), or -1 */
} accsi_xsearch_opts;

/* Run `q`.  Retries once after reopening if the database was modified. */
accs_status accsi_xdb_search(accsi_xmset **out, accsi_xdb *db,
                             const accsi_qnode *q,
                             const accsi_xsearch_opts *opts, accsi_err *err);
/* Databases left out (allow_partial), ", "-separated, or NULL. */
const char *accsi_xdb_missing(const accsi_xdb *db);
/* The databases searched, in the order hits refer to them. */
size_t accsi_xdb_n_open(const accsi_xdb *db);
const char *accsi_xdb_open_name(const accsi_xdb *db, size_t i);
size_t accsi_xmset_size(const accsi_xmset *m);
/* With facet_slot: the distinct values counted, and value `i` with the
 * number of matches that hold it (borrowed from the mset). */
size_t accsi_xmset_facets(const accsi_xmset *m);
const char *accsi_xmset_facet(const accsi_xmset *m, size_t i, size_t *len,
                              uint64_t *count);
uint64_t accsi_xmset_estimate(const accsi_xmset *m);
double accsi_xmset_weight(const accsi_xmset *m, size_t i);
/* The document data of hit `i`, read on first request; borrowed from the
 * mset.  Fails with ACCS_EMODIFIED when a writer has moved on since. */
accs_status accsi_xmset_data(accsi_xmset *m, size_t i, const char **data,
                             size_t *len, accsi_err *err);
/* Value `slot` of hit `i`; borrowed until the next call. */
const char *accsi_xmset_value(accsi_xmset *m, size_t i, unsigned slot,
                              size_t *len);
/* Index of the database (in open order) hit `i` came from. */
unsigned accsi_xmset_shard(const accsi_xmset *m, size_t i);
void accsi_xmset_free(accsi_xmset *m);

/* A readable description of the query tree, for ACCSEARCH_DEBUG=query. */
/* The factor a SCALE node `q` scales its kid by in a search of `db`.  A
 * node with `ref` over a single term lowers its `factor` where the term
 * is rarer than the terms of `ref` together, so that a match weighs at
 * most `factor` times a match of those: BM25 would otherwise give the
 * rarer term the higher weight (a compound part beating the word). */
accs_status accsi_xdb_scale_factor(accsi_xdb *db, const accsi_qnode *q, double *out,
                                   accsi_err *err);

accs_status accsi_xquery_describe(const accsi_qnode *q, accsi_buf *out,
                                  accsi_err *err);

#ifdef __cplusplus
}
#endif

#endif /* ACCS_XAPIAN_SHIM_H */
