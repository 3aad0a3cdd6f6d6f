/* SPDX-License-Identifier: MIT */
/* Declarations shared between the library's C modules: the error buffer,
 * a growable byte buffer, and the handle structs behind the opaque public
 * types. */
#ifndef ACCS_INTERNAL_H
#define ACCS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "accsearch.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ACCSI_ERRMSG_MAX 1024

/* A detail message for the last failure, kept on each handle. */
typedef struct {
    char msg[ACCSI_ERRMSG_MAX];
} accsi_err;

#if defined(__GNUC__)
#define ACCSI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ACCSI_PRINTF(a, b)
#endif

/* Record a message in `err` (which may be NULL) and return `status`. */
accs_status accsi_err_set(accsi_err *err, accs_status status,
                          const char *fmt, ...) ACCSI_PRINTF(3, 4);

/* A growable NUL-terminated byte buffer. */
typedef struct {
    char *data;  /* always NUL-terminated once anything was added */
    size_t len;  /* bytes used, without the NUL */
    size_t cap;  /* bytes allocated */
    int failed;  /* set when an allocation failed; later appends do nothing */
} accsi_buf;

void accsi_buf_init(accsi_buf *b);
void accsi_buf_free(accsi_buf *b);
void accsi_buf_clear(accsi_buf *b);
int accsi_buf_reserve(accsi_buf *b, size_t extra);
void accsi_buf_add(accsi_buf *b, const void *data, size_t len);
void accsi_buf_adds(accsi_buf *b, const char *s);
void accsi_buf_addc(accsi_buf *b, char c);
/* Code point `c` in UTF-8; U+FFFD for a surrogate or a number beyond
 * U+10FFFF, which UTF-8 cannot carry. */
void accsi_buf_add_utf8(accsi_buf *b, uint32_t c);
void accsi_buf_printf(accsi_buf *b, const char *fmt, ...) ACCSI_PRINTF(2, 3);
/* Hand the buffer's memory to the caller; the buffer is reset. */
char *accsi_buf_detach(accsi_buf *b);

char *accsi_strdup(const char *s);
char *accsi_strndup(const char *s, size_t len);
/* Room for element `n` in the array `*arr` of `*cap` elements of `size`
 * bytes: doubles it (from 16) when it is full.  1, or 0 when out of
 * memory, the array then as it was.  Inline, for callers that add one
 * element per word; the doubling is accsi_grow_full's. */
int accsi_grow_full(void **arr, size_t *cap, size_t size);
static inline int
accsi_grow(void **arr, size_t *cap, size_t n, size_t size)
{
    return n < *cap || accsi_grow_full(arr, cap, size);
}

/* 64-bit FNV-1a hash, used for content hashes and shard choice (and so
 * stored in indexes: never change it). */
uint64_t accsi_hash64(const void *data, size_t len);
/* Go on hashing: accsi_hash64 of two pieces is
 * accsi_hash64_add(accsi_hash64(a, la), b, lb). */
uint64_t accsi_hash64_add(uint64_t h, const void *data, size_t len);
/* The hash for in-memory tables of 2^k slots: FNV-1a's low bits depend
 * only on the low bits of the input bytes, so similar words cluster in
 * such a table; this mixes all 64 bits into the low ones. */
uint64_t accsi_hash_table(const void *data, size_t len);

/* Number of online processors (at least 1). */
unsigned accsi_ncpus(void);

#ifdef __cplusplus
}
#endif

#endif /* ACCS_INTERNAL_H */
