/* SPDX-License-Identifier: MIT */
/* From a file's bytes to index-ready passages: parse -> split -> analyse.
 * The result holds plain C buffers only, so documents can be prepared on
 * worker threads and handed to the single index writer. */
#ifndef ACCS_PREPARE_H
#define ACCS_PREPARE_H

#include "parse.h"

/* One Xapian document, packed for accsi_xdb_put_packed(). */
typedef struct {
    accsi_buf terms;  /* records: kind (1 byte: 'P','T','B'), length (2),
                         position or wdf (4), term bytes */
    accsi_buf values; /* records: slot (1), length (4), bytes */
    accsi_buf data;   /* stored data */
    unsigned unit;    /* wdf of one occurrence (schema.h: accsi_wdf_unit) */
    uint64_t print;   /* passages: fingerprint (ACCSI_SLOT_PRINT), else 0 */
} accsi_packed;

void accsi_packed_init(accsi_packed *p);
void accsi_packed_free(accsi_packed *p);
void accsi_packed_posting(accsi_packed *p, const char *term, size_t len,
                          unsigned pos);
void accsi_packed_term(accsi_packed *p, const char *prefix, const char *term,
                       size_t len);
void accsi_packed_boolean(accsi_packed *p, const char *prefix,
                          const char *term, size_t len);
void accsi_packed_value(accsi_packed *p, unsigned slot, const char *v,
                        size_t len);

typedef struct {
    char *path;             /* document identifier */
    accsi_buf key;          /* path key (schema.h) */
    uint64_t size;          /* source size in bytes */
    int64_t mtime;          /* source modification time (ns), 0 if none */
    uint64_t hash;          /* content hash */
    accsi_lang lang;        /* document language */
    accsi_packed *passages;
    size_t n_passages;
    accsi_packed record;    /* the file record */
    uint64_t long_terms;    /* words too long to index */
    unsigned n_repaired;    /* invalid UTF-8 sequences replaced */
    const char *encoding;   /* the source's encoding when not UTF-8, or NULL */
    int record_only;        /* only the record changes (a touched file) */
} accsi_prepared;

/* Analyse `src` as document `path`.  `forced` overrides language
 * detection (UNKNOWN: detect).  Thread-safe given one analyser per
 * thread. */
accs_status accsi_prepare(accsi_analyser *a, const char *path,
                          const char *src, size_t len, accsi_fmt fmt,
                          accsi_lang forced, accsi_prepared *out,
                          accsi_err *err);
/* The same for a large file, written while it is prepared: the passages
 * go to `sink` in order, a few hundred at a time, and are freed after
 * each call, so neither all the file's words nor all its passages are in
 * memory at once (each passage is tokenised twice instead: once for the
 * file's language, once for its terms).  `out` ends with no passages but
 * their count.  Parsing and splitting, where a damaged file fails, come
 * before the first call; a failure after it (out of memory, or the sink's)
 * leaves the sink with part of the file. */
typedef accs_status (*accsi_passage_sink)(void *ctx, const accsi_packed *passages, size_t n,
                                          accsi_err *err);
accs_status accsi_prepare_stream(accsi_analyser *a, const char *path, const char *src,
                                 size_t len, accsi_fmt fmt, accsi_lang forced,
                                 accsi_prepared *out, accsi_passage_sink sink, void *ctx,
                                 accsi_err *err);
/* The same for a file held in a malloc'd buffer *src, which it frees
 * (and sets to NULL) once parsed, unless the parsed text still refers to
 * it; the caller frees what is left. */
accs_status accsi_prepare_stream_owned(accsi_analyser *a, const char *path, char **src,
                                       size_t len, accsi_fmt fmt, accsi_lang forced,
                                       accsi_prepared *out, accsi_passage_sink sink,
                                       void *ctx, accsi_err *err);
/* Fill only the file record (for a file whose content is unchanged). */
void accsi_prepare_record(accsi_prepared *p, size_t n_passages);
/* A record for a file only partly written (see provisional_record in
 * index.c): its size, time and content hash all 0, which no file on disk
 * matches (even an empty file's hash is not 0), so a later run writes the
 * file again. */
void accsi_prepare_provisional_record(accsi_prepared *p, size_t n_passages);
void accsi_prepared_free(accsi_prepared *p);

#endif /* ACCS_PREPARE_H */
