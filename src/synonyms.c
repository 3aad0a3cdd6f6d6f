/* SPDX-License-Identifier: MIT */
/* Synonym groups (see synonyms.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synonyms.h"
#include "wordset.h"

typedef struct {
    char **members;
    size_t n;
} group;

struct accsi_synonyms {
    group *groups;
    size_t n_groups;
    size_t cap_groups;
    accsi_wordset *index;  /* member -> group number (decimal) */
    unsigned max_words;
    char **scratch;        /* other members of the last lookup */
    size_t scratch_cap;
};

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

static int
add_line(const char *line, size_t len, void *payload)
{
    load_ctx *c = payload;
    accsi_synonyms *s = c->s;
    group g = {NULL, 0};
    size_t i = 0;
    while (i <= len) {
        size_t e = i;
        while (e < len && line[e] != '|')
            e++;
        accsi_buf_clear(&c->member);
        c->words = 0;
        if (!plain_member(line + i, e - i, c))
            accsi_tokenize(c->a, line + i, e - i, add_token, c);
        if (c->member.len && !accsi_wordset_get(s->index, c->member.data,
                                                c->member.len, NULL)) {
            char **m = realloc(g.members, (g.n + 1) * sizeof *m);
            if (!m) {
                c->failed = 1;
                break;
            }
            g.members = m;
            g.members[g.n] = accsi_strndup(c->member.data, c->member.len);
            if (!g.members[g.n]) {
                c->failed = 1;
                break;
            }
            g.n++;
            if (c->words > s->max_words)
                s->max_words = c->words;
        }
        i = e + 1;
    }
    if (g.n < 2 || c->failed) {
        for (size_t k = 0; k < g.n; k++)
            free(g.members[k]);
        free(g.members);
        return c->failed;
    }
    if (s->n_groups == s->cap_groups) {
        size_t cap = s->cap_groups ? s->cap_groups * 2 : 64;
        group *gs = realloc(s->groups, cap * sizeof *gs);
        if (!gs) {
            c->failed = 1;
            return 1;
        }
        s->groups = gs;
        s->cap_groups = cap;
    }
    char num[24];
    int nl = snprintf(num, sizeof num, "%zu", s->n_groups);
    for (size_t k = 0; k < g.n; k++)
        accsi_wordset_put(s->index, g.members[k], strlen(g.members[k]), num,
                          (size_t)nl);
    s->groups[s->n_groups++] = g;
    return 0;
}

accs_status
accsi_synonyms_load(accsi_synonyms **out, accsi_analyser *a, const char *text,
                    size_t len, accsi_err *err)
{
    *out = NULL;
    accsi_synonyms *s = calloc(1, sizeof *s);
    if (!s || !(s->index = accsi_wordset_new())) {
        free(s);
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
    load_ctx c = {s, a, {0}, 0, 0};
    accsi_buf_init(&c.member);
    accsi_each_line(text, len, add_line, &c);
    accsi_buf_free(&c.member);
    if (c.failed) {
        accsi_synonyms_free(s);
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
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
    for (size_t i = 0; i < s->n_groups; i++) {
        for (size_t k = 0; k < s->groups[i].n; k++)
            free(s->groups[i].members[k]);
        free(s->groups[i].members);
    }
    free(s->groups);
    free(s->scratch);
    accsi_wordset_free(s->index);
    free(s);
}

size_t
accsi_synonyms_lookup(const accsi_synonyms *s, const char *key, size_t len,
                      char *const **members)
{
    const char *num = NULL;
    *members = NULL;
    if (!s || !accsi_wordset_get(s->index, key, len, &num) || !num)
        return 0;
    size_t g = (size_t)strtoul(num, NULL, 10);
    if (g >= s->n_groups)
        return 0;
    *members = s->groups[g].members;
    return s->groups[g].n;
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
