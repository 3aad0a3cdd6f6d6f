/* SPDX-License-Identifier: MIT */
/* Open-addressing hash map of words (see wordset.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wordset.h"

typedef struct {
    char *key;     /* NULL for an empty slot */
    uint32_t hash; /* high bits of the key's hash: most mismatches stop here */
    uint32_t key_len;
    char *value;   /* may be NULL */
} slot;

struct accsi_wordset {
    slot *slots;
    size_t cap;  /* power of two */
    size_t used;
};

accsi_wordset *
accsi_wordset_new(void)
{
    accsi_wordset *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->cap = 64;
    ws->slots = calloc(ws->cap, sizeof(slot));
    if (!ws->slots) {
        free(ws);
        return NULL;
    }
    return ws;
}

void
accsi_wordset_free(accsi_wordset *ws)
{
    if (!ws)
        return;
    for (size_t i = 0; i < ws->cap; i++) {
        free(ws->slots[i].key);
        free(ws->slots[i].value);
    }
    free(ws->slots);
    free(ws);
}

/* The slot holding `key` (hashed to `h`), or the empty slot where it
 * would go. */
static size_t
find(const slot *slots, size_t cap, uint64_t h, const char *key, size_t len)
{
    size_t i = (size_t)h & (cap - 1);
    uint32_t high = (uint32_t)(h >> 32);
    while (slots[i].key &&
           (slots[i].hash != high || slots[i].key_len != len ||
            memcmp(slots[i].key, key, len) != 0))
        i = (i + 1) & (cap - 1);
    return i;
}

/* Move every entry into a table of `cap` slots (a power of two). */
static int
rehash(accsi_wordset *ws, size_t cap)
{
    slot *s = calloc(cap, sizeof(slot));
    if (!s)
        return 0;
    for (size_t i = 0; i < ws->cap; i++) {
        if (!ws->slots[i].key)
            continue;
        /* Keys are distinct: take the first free slot from the home one. */
        size_t j = (size_t)accsi_hash_table(ws->slots[i].key, ws->slots[i].key_len) & (cap - 1);
        while (s[j].key)
            j = (j + 1) & (cap - 1);
        s[j] = ws->slots[i];
    }
    free(ws->slots);
    ws->slots = s;
    ws->cap = cap;
    return 1;
}

static int
grow(accsi_wordset *ws)
{
    return rehash(ws, ws->cap * 2);
}

int
accsi_wordset_put(accsi_wordset *ws, const char *key, size_t key_len,
                  const char *value, size_t value_len)
{
    if (key_len > UINT32_MAX)
        return 0;
    if ((ws->used + 1) * 2 > ws->cap && !grow(ws))
        return 0;
    uint64_t h = accsi_hash_table(key, key_len);
    size_t i = find(ws->slots, ws->cap, h, key, key_len);
    char *v = value ? accsi_strndup(value, value_len) : NULL;
    if (value && !v)
        return 0;
    if (ws->slots[i].key) {
        free(ws->slots[i].value);
        ws->slots[i].value = v;
        return 1;
    }
    char *k = accsi_strndup(key, key_len);
    if (!k) {
        free(v);
        return 0;
    }
    ws->slots[i].key = k;
    ws->slots[i].hash = (uint32_t)(h >> 32);
    ws->slots[i].key_len = (uint32_t)key_len;
    ws->slots[i].value = v;
    ws->used++;
    return 1;
}

int
accsi_wordset_get(const accsi_wordset *ws, const char *key, size_t key_len,
                  const char **value)
{
    if (!ws || key_len > UINT32_MAX)
        return 0;
    size_t i = find(ws->slots, ws->cap, accsi_hash_table(key, key_len), key, key_len);
    if (!ws->slots[i].key)
        return 0;
    if (value)
        *value = ws->slots[i].value;
    return 1;
}

size_t
accsi_wordset_size(const accsi_wordset *ws)
{
    return ws ? ws->used : 0;
}

void
accsi_wordset_each(const accsi_wordset *ws, accsi_entry_cb cb, void *payload)
{
    for (size_t i = 0; ws && i < ws->cap; i++)
        if (ws->slots[i].key &&
            cb(ws->slots[i].key, ws->slots[i].key_len, ws->slots[i].value,
               payload))
            return;
}

static int
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
accsi_each_line(const char *text, size_t len, accsi_line_cb cb, void *payload)
{
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && text[i] != '\n')
            i++;
        size_t e = i;
        if (i < len)
            i++;
        while (s < e && is_space(text[s]))
            s++;
        while (e > s && is_space(text[e - 1]))
            e--;
        if (s == e || text[s] == '#')
            continue;
        if (cb(text + s, e - s, payload))
            return;
    }
}
