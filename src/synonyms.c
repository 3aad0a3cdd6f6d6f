/* SPDX-License-Identifier: MIT */
/* Synonym groups (see synonyms.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synonyms.h"
#include "wordset.h"

/* All members live in one arena; a group is a run of consecutive member
 * numbers, and an open-addressing table maps a member to its number.
 * Loading the built-in list this way costs no allocation per member (it
 * was a quarter of a command-line query's instructions, and freeing it
 * another tenth). */
typedef struct {
    size_t first; /* member number of its first member */
    size_t n;
} group;

struct accsi_synonyms {
    group *groups;
    size_t n_groups;
    accsi_buf arena;       /* members, each NUL-terminated */
    size_t *offset;        /* member -> its offset in the arena */
    uint32_t *len;         /* member -> its length */
    size_t *group_of;      /* member -> its group */
    size_t n_members;
    size_t max_members;    /* capacity of the three arrays above */
    char **ptrs;           /* member -> pointer into the arena, set at the end */
    uint32_t *table;       /* member number + 1, or 0 for an empty slot */
    size_t table_cap;      /* power of two, at least twice max_members */
    unsigned max_words;
};

/* The table slot of `key`: the one holding it, or the empty one where it
 * would go. */
static size_t
slot_of(const accsi_synonyms *s, const char *key, size_t len)
{
    size_t i = (size_t)accsi_hash_table(key, len) & (s->table_cap - 1);
    for (;;) {
        uint32_t e = s->table[i];
        if (e == 0)
            return i;
        size_t m = e - 1;
        if (s->len[m] == len && memcmp(s->arena.data + s->offset[m], key, len) == 0)
            return i;
        i = (i + 1) & (s->table_cap - 1);
    }
}

typedef struct {
    accsi_synonyms *s;
    accsi_analyser *a;
    accsi_buf member;
    unsigned words;
    int failed;
} load_ctx;

static int
add_token(const accsi_token *tok, void *payload)
{
    load_ctx *c = payload;
    if (c->member.len)
        accsi_buf_addc(&c->member, ' ');
    accsi_buf_add(&c->member, tok->folded, tok->folded_len);
    c->words++;
    return 0;
}

/* Most members are lower-case ASCII words: they are their own folded
 * form, and splitting them on spaces is what word breaking would do.
 * Loading the built-in list is then a quarter of its cost with ICU (it
 * was half of a command-line query's instructions).  Returns 0, having
 * added nothing, for anything else. */
static int
plain_member(const char *s, size_t len, load_ctx *c)
{
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == ' '))
            return 0;
    for (size_t i = 0; i < len;) {
        while (i < len && s[i] == ' ')
            i++;
        size_t start = i;
        while (i < len && s[i] != ' ')
            i++;
        if (i > start)
            add_token(&(accsi_token){.folded = s + start, .folded_len = i - start}, c);
    }
    return 1;
}

/* Is `key` among the members added since member number `from`? */
static int
pending(const accsi_synonyms *s, size_t from, const char *key, size_t len)
{
    for (size_t m = from; m < s->n_members; m++)
        if (s->len[m] == len && memcmp(s->arena.data + s->offset[m], key, len) == 0)
            return 1;
    return 0;
}

static int
add_line(const char *line, size_t len, void *payload)
{
    load_ctx *c = payload;
    accsi_synonyms *s = c->s;
    size_t first = s->n_members;
    size_t i = 0;
    while (i <= len) {
        size_t e = i;
        while (e < len && line[e] != '|')
            e++;
        accsi_buf_clear(&c->member);
        c->words = 0;
        if (!plain_member(line + i, e - i, c))
            accsi_tokenize(c->a, line + i, e - i, add_token, c);
        const char *key = c->member.data;
        size_t klen = c->member.len;
        /* A member belongs to the first group that names it. */
        if (klen && klen < UINT32_MAX && s->n_members < s->max_members &&
            s->table[slot_of(s, key, klen)] == 0 && !pending(s, first, key, klen)) {
            size_t m = s->n_members++;
            s->offset[m] = s->arena.len;
            s->len[m] = (uint32_t)klen;
            s->group_of[m] = s->n_groups;
            accsi_buf_add(&s->arena, key, klen);
            accsi_buf_addc(&s->arena, '\0');
            if (c->words > s->max_words)
                s->max_words = c->words;
        }
        i = e + 1;
    }
    if (s->arena.failed || c->member.failed) {
        c->failed = 1;
        return 1;
    }
    if (s->n_members - first < 2) {
        /* Not a group: take its member back. */
        if (s->n_members > first)
            s->arena.len = s->offset[first];
        s->n_members = first;
        return 0;
    }
    for (size_t m = first; m < s->n_members; m++)
        s->table[slot_of(s, s->arena.data + s->offset[m], s->len[m])] = (uint32_t)(m + 1);
    s->groups[s->n_groups++] = (group){first, s->n_members - first};
    return 0;
}

accs_status
accsi_synonyms_load(accsi_synonyms **out, accsi_analyser *a, const char *text,
                    size_t len, accsi_err *err)
{
    *out = NULL;
    /* Every member is one '|'-separated field of a line: that bounds the
     * members and the groups, so nothing grows while loading. */
    size_t fields = 1, lines = 1;
    for (size_t i = 0; i < len; i++) {
        fields += text[i] == '|' || text[i] == '\n';
        lines += text[i] == '\n';
    }
    accsi_synonyms *s = calloc(1, sizeof *s);
    if (s) {
        accsi_buf_init(&s->arena);
        s->max_members = fields < UINT32_MAX - 1 ? fields : UINT32_MAX - 1;
        s->table_cap = 64;
        while (s->table_cap < 2 * s->max_members)
            s->table_cap *= 2;
        s->groups = calloc(lines, sizeof *s->groups);
        s->offset = calloc(s->max_members, sizeof *s->offset);
        s->len = calloc(s->max_members, sizeof *s->len);
        s->group_of = calloc(s->max_members, sizeof *s->group_of);
        s->table = calloc(s->table_cap, sizeof *s->table);
        accsi_buf_reserve(&s->arena, len + 16);
    }
    if (!s || !s->groups || !s->offset || !s->len || !s->group_of || !s->table ||
        s->arena.failed) {
        accsi_synonyms_free(s);
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
    load_ctx c = {s, a, {0}, 0, 0};
    accsi_buf_init(&c.member);
    accsi_each_line(text, len, add_line, &c);
    accsi_buf_free(&c.member);
    if (!c.failed && s->n_members &&
        !(s->ptrs = malloc(s->n_members * sizeof *s->ptrs)))
        c.failed = 1;
    if (c.failed) {
        accsi_synonyms_free(s);
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
    for (size_t m = 0; m < s->n_members; m++)
        s->ptrs[m] = s->arena.data + s->offset[m];
    *out = s;
    return ACCS_OK;
}

accs_status
accsi_synonyms_load_file(accsi_synonyms **out, accsi_analyser *a,
                         const char *path, accsi_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return accsi_err_set(err, errno == ENOENT ? ACCS_ENOTFOUND : ACCS_EIO,
                             "cannot read synonym file %s: %s", path,
                             strerror(errno));
    accsi_buf b;
    accsi_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (64u << 20))
        accsi_buf_add(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    accs_status st;
    if (bad || b.failed)
        st = accsi_err_set(err, ACCS_EIO, "cannot read synonym file %s", path);
    else if (!accsi_utf8_valid(b.data ? b.data : "", b.len))
        st = accsi_err_set(err, ACCS_EENCODING,
                           "synonym file %s is not valid UTF-8", path);
    else
        st = accsi_synonyms_load(out, a, b.data ? b.data : "", b.len, err);
    accsi_buf_free(&b);
    return st;
}

void
accsi_synonyms_free(accsi_synonyms *s)
{
    if (!s)
        return;
    free(s->groups);
    accsi_buf_free(&s->arena);
    free(s->offset);
    free(s->len);
    free(s->group_of);
    free(s->ptrs);
    free(s->table);
    free(s);
}

size_t
accsi_synonyms_lookup(const accsi_synonyms *s, const char *key, size_t len,
                      char *const **members)
{
    *members = NULL;
    if (!s || !s->ptrs)
        return 0;
    uint32_t e = s->table[slot_of(s, key, len)];
    if (e == 0)
        return 0;
    const group *g = &s->groups[s->group_of[e - 1]];
    *members = s->ptrs + g->first;
    return g->n;
}

unsigned
accsi_synonyms_max_words(const accsi_synonyms *s)
{
    return s ? s->max_words : 0;
}

size_t
accsi_synonyms_groups(const accsi_synonyms *s)
{
    return s ? s->n_groups : 0;
}
