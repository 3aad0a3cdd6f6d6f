/* SPDX-License-Identifier: MIT */
/* Open-addressing hash map of words (see wordset.h). */
#include <stdlib.h>
#include <string.h>

#include "wordset.h"

typedef struct {
    char *key;   /* NULL for an empty slot */
    size_t key_len;
    char *value; /* may be NULL */
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

static size_t
find(const slot *slots, size_t cap, const char *key, size_t len)
{
    size_t i = (size_t)accsi_hash64(key, len) & (cap - 1);
    while (slots[i].key &&
           (slots[i].key_len != len || memcmp(slots[i].key, key, len) != 0))
        i = (i + 1) & (cap - 1);
    return i;
}

static int
grow(accsi_wordset *ws)
{
    size_t cap = ws->cap * 2;
    slot *s = calloc(cap, sizeof(slot));
    if (!s)
        return 0;
    for (size_t i = 0; i < ws->cap; i++) {
        if (!ws->slots[i].key)
            continue;
        size_t j = find(s, cap, ws->slots[i].key, ws->slots[i].key_len);
        s[j] = ws->slots[i];
    }
    free(ws->slots);
    ws->slots = s;
    ws->cap = cap;
    return 1;
}

int
accsi_wordset_put(accsi_wordset *ws, const char *key, size_t key_len,
                  const char *value, size_t value_len)
{
    if ((ws->used + 1) * 2 > ws->cap && !grow(ws))
        return 0;
    size_t i = find(ws->slots, ws->cap, key, key_len);
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
    ws->slots[i].key_len = key_len;
    ws->slots[i].value = v;
    ws->used++;
    return 1;
}

int
accsi_wordset_get(const accsi_wordset *ws, const char *key, size_t key_len,
                  const char **value)
{
    if (!ws)
        return 0;
    size_t i = find(ws->slots, ws->cap, key, key_len);
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
