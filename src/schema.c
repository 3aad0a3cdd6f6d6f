/* SPDX-License-Identifier: MIT */
/* Index schema helpers (see schema.h). */
#include <stdio.h>
#include <string.h>

#include "schema.h"

void
accsi_path_key(const char *path, accsi_buf *out)
{
    size_t len = strlen(path);
    accsi_buf_clear(out);
    /* 200 leaves room for the prefix and the hash suffix under 245. */
    if (len <= 200) {
        accsi_buf_add(out, path, len);
        return;
    }
    accsi_buf_add(out, path, 180);
    accsi_buf_printf(out, "#%016llx",
                     (unsigned long long)accsi_hash64(path, len));
}

void
accsi_folder_key(const char *folder, size_t len, char out[13])
{
    snprintf(out, 13, "%012llx",
             (unsigned long long)(accsi_hash64(folder, len) & 0xffffffffffffULL));
}

void
accsi_doc_key(const char *key, size_t len, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)accsi_hash64(key, len));
}

void
accsi_le_put(void *out, uint64_t v, unsigned n)
{
    unsigned char *p = out;
    for (unsigned k = 0; k < n; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

uint64_t
accsi_le_get(const void *in, unsigned n)
{
    const unsigned char *p = in;
    uint64_t v = 0;
    for (unsigned k = 0; k < n; k++)
        v |= (uint64_t)p[k] << (8 * k);
    return v;
}

unsigned
accsi_wdf_unit(size_t words)
{
    double norm = (double)words / ACCSI_NORM_WORDS;
    if (norm < ACCSI_NORM_MIN)
        norm = ACCSI_NORM_MIN;
    double unit = ACCSI_WDF_SCALE / ((1.0 - ACCSI_NORM_B) + ACCSI_NORM_B * norm);
    return unit < 1.0 ? 1u : (unsigned)(unit + 0.5);
}

int
accsi_data_fields(const char *data, size_t len,
                  const char *fields[ACCSI_DATA_N_FIELDS])
{
    size_t i = 0;
    for (int f = 0; f < ACCSI_DATA_N_FIELDS; f++) {
        if (i > len)
            return 0;
        fields[f] = data + i;
        if (f == ACCSI_DATA_N_FIELDS - 1)
            break;
        const char *nul = memchr(data + i, '\0', len - i);
        if (!nul)
            return 0;
        i = (size_t)(nul - data) + 1;
    }
    return 1;
}
