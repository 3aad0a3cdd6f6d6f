/* SPDX-License-Identifier: MIT */
/* Status strings, error messages and the small utilities every module
 * uses: a growable buffer, string copies and a hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unicode/utf8.h>

#include "accs_internal.h"

static const char *const status_names[ACCS_STATUS_COUNT] = {
    [ACCS_OK] = "success",
    [ACCS_ENOMEM] = "out of memory",
    [ACCS_EINVAL] = "invalid argument",
    [ACCS_ENOTFOUND] = "not found",
    [ACCS_EEXISTS] = "already exists",
    [ACCS_ELOCKED] = "index is locked by another writer",
    [ACCS_EREADONLY] = "index is open read-only",
    [ACCS_EVERSION] = "index version mismatch",
    [ACCS_ECORRUPT] = "index is corrupt",
    [ACCS_EMODIFIED] = "index was modified during the operation",
    [ACCS_EQUERY] = "query syntax error",
    [ACCS_ELANG] = "unsupported language",
    [ACCS_EENCODING] = "invalid text encoding",
    [ACCS_EIO] = "input/output error",
    [ACCS_EUNAVAILABLE] = "index unavailable",
    [ACCS_EINTERNAL] = "internal error",
};

const char *
accs_status_string(accs_status status)
{
    if ((unsigned)status >= ACCS_STATUS_COUNT)
        return "unknown status";
    return status_names[status];
}

const char *
accs_version(void)
{
    return ACCS_VERSION_STRING;
}

void
accs_free(void *ptr)
{
    free(ptr);
}

accs_status
accsi_err_set(accsi_err *err, accs_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return status;
}

void
accsi_buf_init(accsi_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void
accsi_buf_free(accsi_buf *b)
{
    free(b->data);
    accsi_buf_init(b);
}

void
accsi_buf_clear(accsi_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int
accsi_buf_reserve(accsi_buf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void
accsi_buf_add(accsi_buf *b, const void *data, size_t len)
{
    if (!accsi_buf_reserve(b, len))
        return;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void
accsi_buf_adds(accsi_buf *b, const char *s)
{
    accsi_buf_add(b, s, strlen(s));
}

void
accsi_buf_addc(accsi_buf *b, char c)
{
    accsi_buf_add(b, &c, 1);
}

void
accsi_buf_add_utf8(accsi_buf *b, uint32_t c)
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    uint8_t u[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(u, n, (UChar32)c);
    accsi_buf_add(b, u, (size_t)n);
}

void
accsi_buf_printf(accsi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !accsi_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *
accsi_buf_detach(accsi_buf *b)
{
    char *p = b->data;
    if (!p && !b->failed)
        p = accsi_strdup("");
    if (b->failed) {
        free(p);
        p = NULL;
    }
    accsi_buf_init(b);
    return p;
}

int
accsi_grow_full(void **arr, size_t *cap, size_t size)
{
    size_t c = *cap ? *cap * 2 : 16;
    if (c < *cap || c > SIZE_MAX / size)
        return 0;
    void *q = realloc(*arr, c * size);
    if (!q)
        return 0;
    *arr = q;
    *cap = c;
    return 1;
}

char *
accsi_strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
accsi_strdup(const char *s)
{
    return s ? accsi_strndup(s, strlen(s)) : NULL;
}

uint64_t
accsi_hash64_add(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t
accsi_hash64(const void *data, size_t len)
{
    /* FNV-1a: offset basis and prime from the published 64-bit variant. */
    return accsi_hash64_add(14695981039346656037ULL, data, len);
}

uint64_t
accsi_hash_table(const void *data, size_t len)
{
    /* The 64-bit finaliser of MurmurHash3: two multiply-xorshift rounds. */
    uint64_t h = accsi_hash64(data, len);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

unsigned
accsi_ncpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}
