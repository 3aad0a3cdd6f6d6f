/* SPDX-License-Identifier: MIT */
/* Query stage, meaning: analyse the words of a parsed query exactly as the
 * indexer analysed the documents, and build the Xapian query tree.
 *
 * A free word w becomes
 *      MAX(SYNONYM(stem_nl(w), stem_en(w))       the word, in either language
 *          SCALE(w_part, PHRASE(parts of w))     a compound written apart
 *          SCALE(w_syn, synonyms of w))          Genève ~ Geneva ~ Genf
 *  OR SCALE(w_part, compound-part stem           inside Dutch compounds,
 *           AND_NOT the MAX's terms)             at most w_part of the stem
 *  OR SCALE(w_title, title stem)                 the document's title
 * and side-by-side words are OR'ed, each pair also as the Dutch compound
 * it makes ("internet beveiliging": internetbeveiliging). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compound.h"
#include "dates.h"
#include "parse.h"
#include "query.h"
#include "schema.h"
#include "synonyms.h"

accsi_qnode *
accsi_qnode_new(accsi_qop op)
{
    accsi_qnode *q = calloc(1, sizeof *q);
    if (q) {
        q->op = op;
        q->factor = 1.0;
    }
    return q;
}

accsi_qnode *
accsi_qnode_term(const char *prefix, const char *term, size_t len)
{
    accsi_qnode *q = accsi_qnode_new(ACCSI_Q_TERM);
    if (!q)
        return NULL;
    size_t pl = prefix ? strlen(prefix) : 0;
    q->term = malloc(pl + len + 1);
    if (!q->term) {
        free(q);
        return NULL;
    }
    if (pl)
        memcpy(q->term, prefix, pl);
    memcpy(q->term + pl, term, len);
    q->term[pl + len] = '\0';
    return q;
}

int
accsi_qnode_add(accsi_qnode *parent, accsi_qnode *kid)
{
    if (!parent || !kid) {
        accsi_qnode_free(kid);
        return 0;
    }
    if (parent->n_kids == parent->cap_kids) {
        size_t cap = parent->cap_kids ? parent->cap_kids * 2 : 4;
        accsi_qnode **k = realloc(parent->kids, cap * sizeof *k);
        if (!k) {
            accsi_qnode_free(kid);
            return 0;
        }
        parent->kids = k;
        parent->cap_kids = cap;
    }
    parent->kids[parent->n_kids++] = kid;
    return 1;
}

void
accsi_qnode_free(accsi_qnode *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n_kids; i++)
        accsi_qnode_free(q->kids[i]);
    free(q->kids);
    free(q->term);
    free(q->hi);
    free(q->ref);
    free(q);
}

/* Collapse a node with no kids to NULL and one with one kid to the kid
 * (for OR, AND and SYNONYM). */
static accsi_qnode *
simplify(accsi_qnode *q)
{
    /* (MAX behaves like OR here: one kid is that kid.) */
    if (!q)
        return NULL;
    /* Leaves (terms, wildcards, paths, ranges) have no kids. */
    if (q->n_kids == 0 && !q->term && q->op != ACCSI_Q_ALL && q->op != ACCSI_Q_NOTHING &&
        q->op != ACCSI_Q_RANGE) {
        accsi_qnode_free(q);
        return NULL;
    }
    if (q->n_kids == 1 && (q->op == ACCSI_Q_OR || q->op == ACCSI_Q_AND ||
                           q->op == ACCSI_Q_SYNONYM || q->op == ACCSI_Q_MAX)) {
        accsi_qnode *k = q->kids[0];
        q->n_kids = 0;
        accsi_qnode_free(q);
        return k;
    }
    return q;
}

static accsi_qnode *
scaled(double factor, accsi_qnode *kid)
{
    if (!kid)
        return NULL;
    accsi_qnode *s = accsi_qnode_new(ACCSI_Q_SCALE);
    if (!s) {
        accsi_qnode_free(kid);
        return NULL;
    }
    s->factor = factor;
    accsi_qnode_add(s, kid);
    return s;
}

void
accsi_highlight_free(accsi_highlight *h)
{
    if (!h)
        return;
    accsi_wordset_free(h->words);
    accsi_wordset_free(h->stems);
    accsi_wordset_free(h->parts);
    accsi_wordset_free(h->part_stems);
    accsi_wordset_free(h->prefixes);
    memset(h, 0, sizeof *h);
}

typedef struct {
    accsi_analyser *a;
    const accsi_build_opts *o;
    accsi_lang stem_lang; /* UNKNOWN: stems of both languages */
    accsi_qop alt_op;     /* how alternatives of one word combine */
    accsi_wordset *used;  /* terms already in the current word's tree */
    accsi_buf term;       /* scratch */
    accsi_highlight *hl;
    accsi_err *err;
    accs_status st;
    int all_stopwords; /* every free word is a stopword: keep them */
    int weak;          /* free_word() returned a stopword's light node */
    accsi_buf stem;
} builder;

/* The words of a piece of text, folded. */
typedef struct {
    char **w;
    int *joins;  /* hyphen to the next word */
    size_t n;
    size_t cap;
} wordlist;

static int
wl_add(const accsi_token *tok, void *payload)
{
    wordlist *l = payload;
    if (tok->too_long)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **w = realloc(l->w, cap * sizeof *w);
        if (!w)
            return 1;
        l->w = w;
        int *j = realloc(l->joins, cap * sizeof *j);
        if (!j)
            return 1;
        l->joins = j;
        l->cap = cap;
    }
    l->w[l->n] = accsi_strndup(tok->folded, tok->folded_len);
    if (!l->w[l->n])
        return 1;
    l->joins[l->n] = tok->joins_next;
    l->n++;
    return 0;
}

static void
wl_free(wordlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->w[i]);
    free(l->w);
    free(l->joins);
    memset(l, 0, sizeof *l);
}

static void
wl_of(builder *b, const char *text, wordlist *out)
{
    memset(out, 0, sizeof *out);
    accs_status st = accsi_tokenize(b->a, text, strlen(text), wl_add, out);
    if (st != ACCS_OK && b->st == ACCS_OK)
        b->st = accsi_err_set(b->err, st, "cannot analyse the query");
}

static void
hl_put(accsi_wordset *ws, const char *prefix, const char *s, size_t len)
{
    char buf[ACCSI_TERM_MAX + 8];
    size_t pl = strlen(prefix);
    if (pl + len >= sizeof buf)
        return;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, s, len);
    accsi_wordset_put(ws, buf, pl + len, NULL, 0);
}

/* Is `w` a stopword in either language?  Such a word has no stem in
 * passages of that language (see emit_word in prepare.c). */
static int
stopword_somewhere(const char *w)
{
    size_t len = strlen(w);
    return accsi_is_stopword(ACCSI_LANG_NL, w, len) || accsi_is_stopword(ACCSI_LANG_EN, w, len);
}

/* The term of the stem in b->stem, with prefix `pfx`.  A word that is its
 * own stem everywhere has no stem term in the passages that hold it, for
 * its plain term says the same (emit_stem in prepare.c): the stem is then
 * OP_SYNONYM of both, whose wdf is the sum, as the stem term's was.
 * Title stems are always written (`titles`). */
static accsi_qnode *
stem_term(builder *b, const char *pfx, int titles)
{
    accsi_qnode *t = accsi_qnode_term(pfx, b->stem.data, b->stem.len);
    if (titles || !accsi_word_is_own_stem(b->a, b->stem.data, b->stem.len))
        return t;
    /* Once in a word's tree, like every term (see stems_of). */
    if (!b->used || accsi_wordset_get(b->used, b->stem.data, b->stem.len, NULL))
        return t;
    accsi_wordset_put(b->used, b->stem.data, b->stem.len, NULL, 0);
    accsi_qnode *syn = accsi_qnode_new(ACCSI_Q_SYNONYM);
    accsi_qnode_add(syn, t);
    accsi_qnode_add(syn, accsi_qnode_term(NULL, b->stem.data, b->stem.len));
    return syn;
}

/* SYNONYM of the word's stems in the query language(s). */
static accsi_qnode *
stems_of(builder *b, const char *prefix_extra, const char *w, int highlight)
{
    accsi_qnode *syn = accsi_qnode_new(b->alt_op);
    size_t len = strlen(w);
    for (int l = ACCSI_LANG_NL; l <= ACCSI_LANG_EN && syn; l++) {
        if (b->stem_lang != ACCSI_LANG_UNKNOWN && b->stem_lang != (accsi_lang)l)
            continue;
        if (accsi_stem(b->a, (accsi_lang)l, w, len, &b->stem) != ACCS_OK)
            continue;
        const char *pfx = ACCSI_PFX_STEM;
        const char *full = prefix_extra ? prefix_extra : pfx;
        /* A term appears once in a word's tree: the same stem can come
         * from the word and from a synonym (verdrag, verdragen), and Xapian
         * 1.4 mishandles a term repeated under OP_MAX when it searches
         * several databases at once. */
        accsi_buf_clear(&b->term);
        accsi_buf_adds(&b->term, full);
        accsi_buf_add(&b->term, b->stem.data, b->stem.len);
        if (!b->term.failed && b->used &&
            !accsi_wordset_get(b->used, b->term.data, b->term.len, NULL)) {
            accsi_wordset_put(b->used, b->term.data, b->term.len, NULL, 0);
            accsi_qnode_add(syn, stem_term(b, full, prefix_extra != NULL));
        }
        if (highlight && !prefix_extra)
            hl_put(b->hl->stems, pfx, b->stem.data, b->stem.len);
    }
    /* A stopword has no stem where it is one: there the word itself
     * stands in. */
    if (!prefix_extra && syn && stopword_somewhere(w) && b->used &&
        !accsi_wordset_get(b->used, w, len, NULL)) {
        accsi_wordset_put(b->used, w, len, NULL, 0);
        accsi_qnode_add(syn, accsi_qnode_term(NULL, w, len));
    }
    return simplify(syn);
}

/* The exact words of a phrase, adjacent. */
static accsi_qnode *
phrase_of(builder *b, const wordlist *l, int highlight)
{
    if (l->n == 0)
        return NULL;
    if (highlight)
        for (size_t i = 0; i < l->n; i++)
            hl_put(b->hl->words, "", l->w[i], strlen(l->w[i]));
    if (l->n == 1)
        return accsi_qnode_term(NULL, l->w[0], strlen(l->w[0]));
    accsi_qnode *ph = accsi_qnode_new(ACCSI_Q_PHRASE);
    for (size_t i = 0; i < l->n && ph; i++)
        accsi_qnode_add(ph, accsi_qnode_term(NULL, l->w[i], strlen(l->w[i])));
    return ph;
}

/* A member of a synonym group: one word (stems) or several (a phrase). */
static accsi_qnode *
member_of(builder *b, const char *member)
{
    if (!strchr(member, ' '))
        return stems_of(b, NULL, member, 1);
    wordlist l;
    wl_of(b, member, &l);
    accsi_qnode *q = phrase_of(b, &l, 1);
    wl_free(&l);
    return q;
}

/* Add `q` to the MAX node `max` without nesting MAX in MAX: a MAX (or a
 * SCALE of one) is taken apart, and `factor` applies to each piece. */
static void
add_flat(builder *b, accsi_qnode *max, accsi_qnode *q, double factor)
{
    if (!q)
        return;
    if (q->op == ACCSI_Q_SCALE && q->n_kids == 1 && q->kids[0]->op == ACCSI_Q_MAX) {
        accsi_qnode *inner = q->kids[0];
        q->n_kids = 0;
        factor *= q->factor;
        accsi_qnode_free(q);
        q = inner;
    }
    if (q->op == ACCSI_Q_MAX) {
        for (size_t i = 0; i < q->n_kids; i++)
            add_flat(b, max, q->kids[i], factor);
        q->n_kids = 0;
        accsi_qnode_free(q);
        return;
    }
    accsi_qnode_add(max, factor == 1.0 ? q : scaled(factor, q));
}

/* Expansions of a key (one word, or words joined by spaces). */
static void
add_synonyms(builder *b, accsi_qnode *or, const char *key)
{
    const accsi_synonyms *sets[2] = {b->o->syn, b->o->user_syn};
    accsi_qnode *syn = accsi_qnode_new(b->alt_op);
    for (int s = 0; s < 2 && syn; s++) {
        char *const *members;
        size_t n = accsi_synonyms_lookup(sets[s], key, strlen(key), &members);
        for (size_t i = 0; i < n; i++)
            if (strcmp(members[i], key) != 0)
                accsi_qnode_add(syn, member_of(b, members[i]));
    }
    syn = simplify(syn);
    if (!syn)
        return;
    /* Into a MAX, each alternative goes in flat and scaled on its own:
     * Xapian 1.4 can read freed memory when OP_MAX nodes are nested and
     * it searches several databases at once. */
    if (or->op == ACCSI_Q_MAX)
        add_flat(b, or, syn, b->o->w_syn);
    else
        accsi_qnode_add(or, scaled(b->o->w_syn, syn));
}

/* Are Dutch compounds searched: the query may be Dutch, and neither
 * compounds nor their parts are switched off? */
static int
dutch_compounds(const builder *b)
{
    return b->o->compounds && b->o->w_part > 0 &&
           (b->stem_lang == ACCSI_LANG_UNKNOWN || b->stem_lang == ACCSI_LANG_NL);
}

/* The compound-part term of the Dutch stem in b->stem, scaled by w_part.
 * A part is rarer than its word (there are fewer compounds with "rap"
 * than passages with "rap"), so BM25 alone would rank a compound above
 * the word itself: the part is capped at w_part of what the stem weighs
 * (its Z term, with the word when that is its own stem; see stem_term). */
static accsi_qnode *
part_node(builder *b)
{
    accsi_qnode *s = scaled(b->o->w_part,
                            accsi_qnode_term(ACCSI_PFX_PART, b->stem.data, b->stem.len));
    if (!s)
        return NULL;
    accsi_buf ref;
    accsi_buf_init(&ref);
    accsi_buf_adds(&ref, ACCSI_PFX_STEM);
    accsi_buf_add(&ref, b->stem.data, b->stem.len);
    if (accsi_word_is_own_stem(b->a, b->stem.data, b->stem.len)) {
        accsi_buf_addc(&ref, ' ');
        accsi_buf_add(&ref, b->stem.data, b->stem.len);
    }
    if (ref.failed) {
        accsi_buf_free(&ref);
        accsi_qnode_free(s);
        return NULL;
    }
    s->ref = accsi_buf_detach(&ref);
    s->why = "inside a compound, where no other form of the word is";
    return s;
}

/* A copy of `q` (NULL on failure). */
static accsi_qnode *
qnode_copy(const accsi_qnode *q)
{
    accsi_qnode *c = accsi_qnode_new(q->op);
    if (!c)
        return NULL;
    c->factor = q->factor;
    c->why = q->why;
    c->window = q->window;
    c->slot = q->slot;
    int ok = (!q->term || (c->term = accsi_strdup(q->term))) &&
             (!q->hi || (c->hi = accsi_strdup(q->hi))) &&
             (!q->ref || (c->ref = accsi_strdup(q->ref)));
    for (size_t i = 0; ok && i < q->n_kids; i++)
        ok = accsi_qnode_add(c, qnode_copy(q->kids[i]));
    if (!ok) {
        accsi_qnode_free(c);
        return NULL;
    }
    return c;
}

/* Add to the OR node `into` what matches where `q` matches, without
 * weights: the terms under OR, SYNONYM, MAX and SCALE nodes, and a copy
 * of anything else (a phrase). */
static int
add_matches(accsi_qnode *into, const accsi_qnode *q)
{
    switch (q->op) {
    case ACCSI_Q_OR:
    case ACCSI_Q_SYNONYM:
    case ACCSI_Q_MAX:
    case ACCSI_Q_SCALE:
        for (size_t i = 0; i < q->n_kids; i++)
            if (!add_matches(into, q->kids[i]))
                return 0;
        return 1;
    default:
        return accsi_qnode_add(into, qnode_copy(q));
    }
}

/* The compound part `part` (part_node) where none of the word's other
 * alternatives (`concept`) matches.  Inside the word's OP_MAX the part
 * cost as much again as walking the word's postings (Xapian's
 * MaxPostList), and a word with a part but no synonym needs no OP_MAX at
 * all this way.  Where the passage holds the word too, the word's weight
 * counts and not the part's, which under the part's ceiling is the larger
 * one unless the compound occurs three times as often. */
static accsi_qnode *
part_alone(accsi_qnode *part, const accsi_qnode *concept)
{
    if (!part || !concept)
        return part;
    accsi_qnode *others = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode *alone = accsi_qnode_new(ACCSI_Q_AND_NOT);
    if (!others || !alone || !add_matches(others, concept)) {
        accsi_qnode_free(others);
        accsi_qnode_free(alone);
        accsi_qnode_free(part);
        return NULL;
    }
    accsi_qnode *term = part->kids[0];
    part->kids[0] = alone; /* the part now owns `alone`, which takes `term` */
    if (!accsi_qnode_add(alone, term) || !accsi_qnode_add(alone, simplify(others))) {
        accsi_qnode_free(part);
        return NULL;
    }
    return part;
}

/* One analysed word (possibly hyphenated, from a single query word). */
static accsi_qnode *
word_node(builder *b, const wordlist *l, size_t from, size_t to)
{
    accsi_qnode *or = accsi_qnode_new(ACCSI_Q_OR);
    if (!or)
        return NULL;
    accsi_wordset_free(b->used);
    b->used = accsi_wordset_new();
    if (to - from == 1) {
        const char *w = l->w[from];
        size_t len = strlen(w);
        hl_put(b->hl->words, "", w, len);
        /* The word itself, or failing that a compound containing it or a
         * synonym: the best of these counts, so a passage does not score
         * twice for one idea (Genève and Geneefse). */
        accsi_qnode *concept = accsi_qnode_new(b->o->combine_max ? ACCSI_Q_MAX
                                                                  : ACCSI_Q_OR);
        /* In a query of stopwords only ("the who", "to be or not to be")
         * such a word is the word itself, which every passage holds as a
         * plain term.  Its stem or compound part in the other language is
         * rare, so its weight bound is high, and with it Xapian could
         * never leave out the passages that hold only "the" (half the
         * index): 25 ms instead of 6 at 100k files. */
        int bare = b->all_stopwords && stopword_somewhere(w);
        accsi_qnode *part = NULL;
        if (bare)
            accsi_qnode_add(concept, accsi_qnode_term(NULL, w, len));
        else if (concept && concept->op == ACCSI_Q_MAX)
            add_flat(b, concept, stems_of(b, NULL, w, 1), 1.0);
        else
            accsi_qnode_add(concept, stems_of(b, NULL, w, 1));
        if (!bare && concept && dutch_compounds(b)) {
            /* A compound is also its parts written apart or hyphenated,
             * counted like a part: "cyberveiligheid" finds "cyber-
             * veiligheid" and "cyber veiligheid", below itself. */
            accsi_compound cp;
            if (accsi_decompound(w, len, &cp) >= 2) {
                wordlist apart = {0};
                for (size_t k = 0; k < cp.n; k++)
                    wl_add(&(accsi_token){0, 0, cp.part[k].text, cp.part[k].len, 0, 0, 0},
                           &apart);
                accsi_qnode *ph = phrase_of(b, &apart, 1);
                if (ph)
                    ph->why = "the compound written apart or hyphenated";
                if (concept->op == ACCSI_Q_MAX)
                    add_flat(b, concept, ph, b->o->w_part);
                else
                    accsi_qnode_add(concept, scaled(b->o->w_part, ph));
                wl_free(&apart);
            }
        }
        if (!bare && dutch_compounds(b) &&
            accsi_stem(b->a, ACCSI_LANG_NL, w, len, &b->stem) == ACCS_OK) {
            part = part_node(b);
            hl_put(b->hl->part_stems, "", b->stem.data, b->stem.len);
            if (len >= 4)
                hl_put(b->hl->parts, "", w, len);
        }
        if (!bare)
            add_synonyms(b, concept, w);
        if (part && concept && concept->op == ACCSI_Q_MAX && concept->n_kids) {
            part = part_alone(part, concept);
            if (!part)
                b->st = accsi_err_set(b->err, ACCS_ENOMEM, "out of memory");
        } else if (part) {
            accsi_qnode_add(concept, part);
            part = NULL;
        }
        accsi_qnode_add(or, simplify(concept));
        accsi_qnode_add(or, part);
        /* The exact form counts extra only when the query's language is
         * known: then it also says "same language, same inflection". */
        if (!bare && b->o->w_exact > 0 && b->o->lang != ACCSI_LANG_UNKNOWN)
            accsi_qnode_add(or, scaled(b->o->w_exact, accsi_qnode_term(NULL, w, len)));
        if (b->o->w_title > 0)
            accsi_qnode_add(or, scaled(b->o->w_title,
                                       stems_of(b, ACCSI_PFX_TITLE, w, 0)));
        return simplify(or);
    }
    /* Hyphenated: the whole word, or its parts side by side. */
    accsi_buf whole;
    accsi_buf_init(&whole);
    wordlist parts = {0};
    for (size_t i = from; i < to; i++) {
        if (i > from)
            accsi_buf_addc(&whole, '-');
        accsi_buf_adds(&whole, l->w[i]);
        wl_add(&(accsi_token){0, 0, l->w[i], strlen(l->w[i]), 0, 0, 0}, &parts);
    }
    accsi_qnode *alt = accsi_qnode_new(b->alt_op);
    if (whole.data) {
        hl_put(b->hl->words, "", whole.data, whole.len);
        /* flat: no OP_MAX directly in another (see add_synonyms) */
        if (alt && alt->op == ACCSI_Q_MAX)
            add_flat(b, alt, stems_of(b, NULL, whole.data, 1), 1.0);
        else
            accsi_qnode_add(alt, stems_of(b, NULL, whole.data, 1));
    }
    accsi_qnode_add(alt, phrase_of(b, &parts, 1));
    /* The same written as one word, as Dutch writes compounds:
     * "cyber-veiligheid" finds "cyberveiligheid". */
    if (whole.data && dutch_compounds(b)) {
        accsi_buf closed;
        accsi_buf_init(&closed);
        for (size_t i = 0; i < parts.n; i++)
            accsi_buf_adds(&closed, parts.w[i]);
        if (!closed.failed && closed.len <= ACCSI_WORD_MAX) {
            accsi_lang keep = b->stem_lang;
            b->stem_lang = ACCSI_LANG_NL;
            hl_put(b->hl->words, "", closed.data, closed.len);
            accsi_qnode *st = stems_of(b, NULL, closed.data, 1);
            b->stem_lang = keep;
            if (st)
                st->why = "the hyphenated word written as one";
            if (alt && alt->op == ACCSI_Q_MAX)
                add_flat(b, alt, st, 1.0);
            else
                accsi_qnode_add(alt, st);
        }
        accsi_buf_free(&closed);
    }
    /* A part on its own counts less, like a compound part: "pro-reform"
     * finds "the Reformation", "Saint-Pierre" a passage on Pierre. */
    if (b->o->w_part > 0) {
        accsi_qnode *each = accsi_qnode_new(ACCSI_Q_OR);
        for (size_t i = 0; each && i < parts.n; i++) {
            const char *w = parts.w[i];
            if (strlen(w) < 2 || accsi_is_stopword(b->o->lang, w, strlen(w)))
                continue;
            /* A part's stems go into the OR side by side, not as an OP_MAX
             * under the MAX above it, which Xapian 1.4 mishandles over
             * several databases (a sharded search crashed).  A passage
             * holds the stems of its own language only, so OR scores
             * them as MAX would. */
            accsi_qnode *stems = stems_of(b, NULL, w, 1);
            if (stems && stems->op == ACCSI_Q_MAX) {
                for (size_t k = 0; k < stems->n_kids; k++)
                    accsi_qnode_add(each, stems->kids[k]);
                stems->n_kids = 0;
                accsi_qnode_free(stems);
            } else {
                accsi_qnode_add(each, stems);
            }
        }
        if (each && each->n_kids)
            accsi_qnode_add(alt, scaled(b->o->w_part, simplify(each)));
        else
            accsi_qnode_free(each);
    }
    accsi_qnode_add(or, simplify(alt));
    if (whole.data)
        add_synonyms(b, or, whole.data);
    accsi_buf_free(&whole);
    wl_free(&parts);
    return simplify(or);
}

static accsi_qnode *build(builder *b, const accsi_ast *ast);

/* The length of `text` without its trailing '*'s, when it has some and
 * something before them; else 0. */
static size_t
wildcard_head(const char *text)
{
    size_t n = strlen(text), k = n;
    while (k && text[k - 1] == '*')
        k--;
    return k < n ? k : 0;
}

/* "cyber*": every indexed word that starts with the folded "cyber".  NULL
 * (and no error) when the part before the '*' is not one word. */
static accsi_qnode *
wildcard_word(builder *b, const char *text, size_t head)
{
    char *h = accsi_strndup(text, head);
    if (!h) {
        b->st = accsi_err_set(b->err, ACCS_ENOMEM, "out of memory");
        return NULL;
    }
    wordlist l;
    wl_of(b, h, &l);
    free(h);
    accsi_qnode *res = NULL;
    if (l.n == 1) {
        const char *w = l.w[0];
        size_t len = strlen(w), chars = 0;
        for (size_t i = 0; i < len; i++)
            chars += ((unsigned char)w[i] & 0xC0) != 0x80;
        if (chars < 2) {
            b->st = accsi_err_set(b->err, ACCS_EQUERY,
                                  "'%s': a wildcard needs at least two letters "
                                  "before the '*'", text);
        } else {
            res = accsi_qnode_term(NULL, w, len);
            if (res)
                res->op = ACCSI_Q_PREFIX;
            accsi_wordset_put(b->hl->prefixes, w, len, NULL, 0);
        }
    }
    wl_free(&l);
    return res;
}

/* A free word from the query: analyse it (it may hold several words). */
static accsi_qnode *
free_word(builder *b, const char *text, int ranked)
{
    size_t head = wildcard_head(text);
    if (head) {
        accsi_qnode *q = wildcard_word(b, text, head);
        if (q || b->st != ACCS_OK)
            return q;
    }
    wordlist l;
    wl_of(b, text, &l);
    accsi_qnode *res = NULL;
    if (l.n == 1) {
        if (ranked && !b->o->keep_stopwords && !b->all_stopwords &&
            accsi_is_stopword(b->o->lang, l.w[0], strlen(l.w[0]))) {
            /* A stopword among other words counts for little: the word
             * itself, lightly weighted, among passages that match the
             * other words, or with stop_fill on its own (see build_seq). */
            if (b->o->w_stop > 0) {
                res = scaled(b->o->w_stop, accsi_qnode_term(NULL, l.w[0], strlen(l.w[0])));
                b->weak = 1;
            }
            wl_free(&l);
            return res;
        }
        res = word_node(b, &l, 0, 1);
    } else if (l.n > 1) {
        int hyphenated = 1;
        for (size_t i = 0; i + 1 < l.n; i++)
            hyphenated &= l.joins[i];
        res = hyphenated ? word_node(b, &l, 0, l.n) : phrase_of(b, &l, 1);
    }
    wl_free(&l);
    return res;
}

static accsi_qnode *
bonus(builder *b, accsi_qnode *kid)
{
    if (!kid || b->o->w_coord <= 0)
        return kid;
    accsi_qnode *q = accsi_qnode_new(ACCSI_Q_BONUS);
    if (!q) {
        accsi_qnode_free(kid);
        return NULL;
    }
    q->factor = b->o->w_coord;
    accsi_qnode_add(q, kid);
    return q;
}

accsi_qnode *
accsi_qnode_all_passages(void)
{
    accsi_qnode *q = accsi_qnode_new(ACCSI_Q_AND_NOT);
    accsi_qnode_add(q, accsi_qnode_new(ACCSI_Q_ALL));
    accsi_qnode_add(q, accsi_qnode_term(NULL, ACCSI_TERM_RECORD, strlen(ACCSI_TERM_RECORD)));
    return q;
}

static accsi_qnode *
range_node(const char *lo, size_t lo_len, const char *hi, size_t hi_len)
{
    accsi_qnode *q = accsi_qnode_new(ACCSI_Q_RANGE);
    if (!q)
        return NULL;
    q->slot = ACCSI_SLOT_DATE;
    q->term = lo ? accsi_strndup(lo, lo_len) : NULL;
    q->hi = hi ? accsi_strndup(hi, hi_len) : NULL;
    if ((lo && !q->term) || (hi && !q->hi)) {
        accsi_qnode_free(q);
        return NULL;
    }
    return q;
}

/* date:2018, date:2018-04, date:2018-04-17, date:2017..2018,
 * date:2018-04.. or date:..2018-06 (or dates in words: dates.c):
 * the documents dated in that year, month, day or span.  Dates are stored as written ("2018-04" or
 * "2018-04-17"), which sort as dates; an upper bound takes in all of its
 * year or month ("~" sorts after the digits and '-'), and a document
 * dated by month or year only counts when that month or year is the
 * lower bound's. */
static accsi_qnode *
date_node(builder *b, const char *v)
{
    char lo[11], hi[11];
    if (!accsi_query_date(v, lo, hi)) {
        b->st = accsi_err_set(b->err, ACCS_EQUERY,
                              "date:%s: use a date such as date:2018, date:2018-04, "
                              "date:2018-04-17, date:\"17 april 2018\", date:\"april "
                              "2018\", date:gisteren, date:\"last week\", or a span "
                              "date:2017..2018-06",
                              v);
        return NULL;
    }
    size_t lo_len = strlen(lo), hi_len = strlen(hi);
    char upper[16];
    if (hi_len)
        snprintf(upper, sizeof upper, "%.*s~", (int)hi_len, hi);
    accsi_qnode *span = range_node(lo_len ? lo : NULL, lo_len, hi_len ? upper : NULL,
                                   hi_len + 1);
    if (!span || lo_len <= 4)
        return span;
    accsi_qnode *any = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode_add(any, span);
    for (size_t cut = 4; cut < lo_len; cut += 3)
        accsi_qnode_add(any, range_node(lo, cut, lo, cut));
    return any;
}

static accsi_qnode *
field_node(builder *b, const accsi_ast *ast)
{
    if (strcmp(ast->field, "lang") == 0) {
        accsi_lang l = accsi_lang_parse(ast->text);
        if (l == ACCSI_LANG_UNKNOWN) {
            b->st = accsi_err_set(b->err, ACCS_EQUERY,
                                  "unknown language '%s' in lang: (use nl or en)",
                                  ast->text);
            return NULL;
        }
        const char *code = accsi_lang_code(l);
        return accsi_qnode_term(ACCSI_PFX_LANG, code, strlen(code));
    }
    if (strcmp(ast->field, "date") == 0)
        return date_node(b, ast->text);
    if (strcmp(ast->field, "type") == 0) {
        int f = accsi_format_parse(ast->text);
        if (!ast->text[0]) {
            b->st = accsi_err_set(b->err, ACCS_EQUERY, "type: needs a format (type:pdf)");
            return NULL;
        }
        if (strcasecmp(ast->text, "mail") == 0) {
            /* Messages in files of their own and in mbox files. */
            accsi_qnode *any = accsi_qnode_new(ACCSI_Q_OR);
            static const accsi_fmt mail[] = {ACCSI_FMT_EML, ACCSI_FMT_MBOX};
            for (size_t i = 0; any && i < 2; i++) {
                const char *name = accsi_format_name(mail[i]);
                accsi_qnode_add(any, accsi_qnode_term(ACCSI_PFX_TYPE, name, strlen(name)));
            }
            return any;
        }
        if (f < 0) {
            b->st = accsi_err_set(b->err, ACCS_EQUERY,
                                  "unknown type '%s' in type: (use txt, md, html, docx, doc, "
                                  "odt, pdf, pptx, odp, ods, xlsx, epub, rtf, eml, mbox or mail)",
                                  ast->text);
            return NULL;
        }
        const char *name = accsi_format_name((accsi_fmt)f);
        return accsi_qnode_term(ACCSI_PFX_TYPE, name, strlen(name));
    }
    if (strcmp(ast->field, "path") == 0) {
        /* "./notes/" is "notes"; search.c matches it at folder bounds. */
        const char *v = ast->text;
        while (v[0] == '.' && v[1] == '/')
            v += 2;
        size_t len = strlen(v);
        while (len > 1 && v[len - 1] == '/')
            len--;
        if (len == 0 && ast->text[0]) { /* "./" is the current folder */
            v = ".";
            len = 1;
        }
        if (len == 0) {
            b->st = accsi_err_set(b->err, ACCS_EQUERY,
                                  "path: needs a file or folder (path:notes/2018)");
            return NULL;
        }
        accsi_qnode *q = accsi_qnode_term(NULL, v, len);
        if (q)
            q->op = ACCSI_Q_PATH;
        return q;
    }
    b->st = accsi_err_set(b->err, ACCS_EQUERY, "unknown field '%s'", ast->field);
    return NULL;
}

/* title:genève, title:"digitaal verdrag": the passages of documents
 * whose title holds the word (every word), by its stems in either
 * language, ranked by them.  Titles are stored as stems without
 * positions, so a quoted title is its words, not a phrase. */
static accsi_qnode *
title_node(builder *b, const accsi_ast *ast)
{
    wordlist l;
    wl_of(b, ast->text, &l);
    accsi_qnode *all = accsi_qnode_new(ACCSI_Q_AND);
    for (size_t i = 0; i < l.n; i++)
        accsi_qnode_add(all, stems_of(b, ACCSI_PFX_TITLE, l.w[i], 0));
    wl_free(&l);
    all = simplify(all);
    if (!all && b->st == ACCS_OK)
        b->st = accsi_err_set(b->err, ACCS_EQUERY,
                              "title: needs a word (title:verdrag, title:\"tech accord\")");
    return all;
}

/* from:brad, to:"de vries", from:brad@example.com: the passages of mails
 * whose sender (to: their recipients, To and Cc) has every word, folded
 * as the index has them (prefix ACCSI_PFX_FROM or _TO).  It filters and
 * does not rank.  NULL when the value has no word. */
static accsi_qnode *
people_node(builder *b, const accsi_ast *ast, const char *prefix)
{
    wordlist l;
    wl_of(b, ast->text, &l);
    accsi_qnode *all = accsi_qnode_new(ACCSI_Q_AND);
    for (size_t i = 0; i < l.n; i++)
        accsi_qnode_add(all, accsi_qnode_term(prefix, l.w[i], strlen(l.w[i])));
    wl_free(&l);
    return simplify(all);
}

/* A free word: ranked, or among the weak ones when it is a stopword. */
static void
add_free_word(builder *b, const char *text, accsi_qnode *ranked, accsi_qnode *weak)
{
    b->weak = 0;
    accsi_qnode *w = free_word(b, text, 1);
    if (b->weak)
        accsi_qnode_add(weak, w);
    else
        accsi_qnode_add(ranked, bonus(b, w));
}

/* The single folded word of free item `it` (malloc'd), or NULL. */
static char *
single_word(builder *b, const accsi_ast *it)
{
    if (it->kind != ACCSI_AST_WORD || wildcard_head(it->text))
        return NULL;
    wordlist l;
    wl_of(b, it->text, &l);
    char *w = l.n == 1 ? accsi_strdup(l.w[0]) : NULL;
    wl_free(&l);
    return w;
}

/* Two side-by-side Dutch words as the compound they make: "internet
 * beveiliging" finds "internetbeveiliging" (Dutch writes compounds as one
 * word, and people often type them apart).  Its Dutch stem, unscaled: a
 * passage with the compound holds both words at once.  NULL when either
 * is a stopword or the query is English. */
static accsi_qnode *
joined_node(builder *b, const accsi_ast *first, const accsi_ast *second)
{
    if (!dutch_compounds(b))
        return NULL;
    char *x = single_word(b, first), *y = single_word(b, second);
    accsi_qnode *res = NULL;
    if (x && y && !stopword_somewhere(x) && !stopword_somewhere(y) &&
        strlen(x) + strlen(y) < ACCSI_TERM_MAX) {
        accsi_buf joined;
        accsi_buf_init(&joined);
        accsi_buf_adds(&joined, x);
        accsi_buf_adds(&joined, y);
        if (!joined.failed) {
            accsi_wordset_free(b->used);
            b->used = accsi_wordset_new();
            accsi_lang keep = b->stem_lang;
            b->stem_lang = ACCSI_LANG_NL;
            hl_put(b->hl->words, "", joined.data, joined.len);
            res = stems_of(b, NULL, joined.data, 1);
            b->stem_lang = keep;
            if (res)
                res->why = "two words of the query written as one compound";
        }
        accsi_buf_free(&joined);
    }
    free(x);
    free(y);
    return res;
}

/* Side-by-side items: ranked words, +required, -excluded, filters. */
static accsi_qnode *
build_seq(builder *b, const accsi_ast *const *items, size_t n)
{
    accsi_qnode *ranked = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode *required = accsi_qnode_new(ACCSI_Q_AND);
    accsi_qnode *excluded = accsi_qnode_new(ACCSI_Q_OR);
    /* Filters: any of one field's values, and every field named. */
    accsi_qnode *lang_filters = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode *path_filters = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode *date_filters = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode *type_filters = accsi_qnode_new(ACCSI_Q_OR);
    accsi_qnode *weak = accsi_qnode_new(ACCSI_Q_OR);
    unsigned max_words = accsi_synonyms_max_words(b->o->syn);
    if (accsi_synonyms_max_words(b->o->user_syn) > max_words)
        max_words = accsi_synonyms_max_words(b->o->user_syn);
    for (size_t i = 0; i < n && b->st == ACCS_OK; i++) {
        const accsi_ast *it = items[i];
        switch (it->kind) {
        case ACCSI_AST_WORD: {
            /* A multi-word synonym key ("verenigde staten") spanning this
             * and the next free words. */
            size_t span = 0;
            for (unsigned w = max_words; w >= 2 && !span; w--) {
                if (i + w > n)
                    continue;
                accsi_buf key;
                accsi_buf_init(&key);
                int ok = 1;
                for (size_t k = i; k < i + w && ok; k++) {
                    ok = items[k]->kind == ACCSI_AST_WORD;
                    if (ok) {
                        wordlist l;
                        wl_of(b, items[k]->text, &l);
                        ok = l.n == 1;
                        if (ok) {
                            if (key.len)
                                accsi_buf_addc(&key, ' ');
                            accsi_buf_adds(&key, l.w[0]);
                        }
                        wl_free(&l);
                    }
                }
                char *const *members;
                if (ok && key.data &&
                    (accsi_synonyms_lookup(b->o->syn, key.data, key.len, &members) ||
                     accsi_synonyms_lookup(b->o->user_syn, key.data, key.len,
                                           &members))) {
                    wordlist l;
                    wl_of(b, key.data, &l);
                    accsi_qnode *or = accsi_qnode_new(ACCSI_Q_OR);
                    accsi_qnode_add(or, phrase_of(b, &l, 1));
                    add_synonyms(b, or, key.data);
                    accsi_qnode_add(ranked, bonus(b, simplify(or)));
                    wl_free(&l);
                    span = w;
                }
                accsi_buf_free(&key);
            }
            if (span) {
                i += span - 1;
                break;
            }
            add_free_word(b, it->text, ranked, weak);
            if (i + 1 < n)
                accsi_qnode_add(ranked, joined_node(b, it, items[i + 1]));
            break;
        }
        case ACCSI_AST_NOT:
            accsi_qnode_add(excluded, build(b, it->kids[0]));
            break;
        case ACCSI_AST_PLUS:
            accsi_qnode_add(required, build(b, it->kids[0]));
            break;
        case ACCSI_AST_FIELD:
            if (strcmp(it->field, "title") == 0) {
                accsi_qnode_add(required, title_node(b, it));
                break;
            }
            if (strcmp(it->field, "from") == 0 || strcmp(it->field, "to") == 0) {
                accsi_qnode *people = people_node(
                    b, it, strcmp(it->field, "from") == 0 ? ACCSI_PFX_FROM : ACCSI_PFX_TO);
                /* "How to: ..." with nothing after the colon: the word. */
                if (people)
                    accsi_qnode_add(required, people);
                else if (b->st == ACCS_OK)
                    add_free_word(b, it->field, ranked, weak);
                break;
            }
            accsi_qnode_add(strcmp(it->field, "path") == 0   ? path_filters
                            : strcmp(it->field, "date") == 0 ? date_filters
                            : strcmp(it->field, "type") == 0 ? type_filters
                                                             : lang_filters,
                            field_node(b, it));
            break;
        default:
            accsi_qnode_add(ranked, bonus(b, build(b, it)));
            break;
        }
    }
    /* Proximity: a bonus when consecutive free words stand close together
     * (their exact forms within a few positions of each other). */
    if (b->o->w_prox > 0 && b->o->prox_window > 1) {
        const char *prev = NULL;
        char *prev_buf = NULL;
        for (size_t i = 0; i < n && ranked; i++) {
            const accsi_ast *it = items[i];
            if (it->kind != ACCSI_AST_WORD || wildcard_head(it->text)) {
                prev = NULL;
                continue;
            }
            wordlist l;
            wl_of(b, it->text, &l);
            if (l.n != 1 || (!b->all_stopwords && !b->o->keep_stopwords &&
                             accsi_is_stopword(b->o->lang, l.w[0], strlen(l.w[0])))) {
                wl_free(&l);
                continue; /* stopwords in between do not break the pair */
            }
            if (prev) {
                accsi_qnode *near = accsi_qnode_new(ACCSI_Q_NEAR);
                if (near) {
                    near->window = b->o->prox_window;
                    accsi_qnode_add(near, accsi_qnode_term(NULL, prev, strlen(prev)));
                    accsi_qnode_add(near, accsi_qnode_term(NULL, l.w[0], strlen(l.w[0])));
                    accsi_qnode_add(ranked, scaled(b->o->w_prox, near));
                }
            }
            free(prev_buf);
            prev_buf = l.w[0];
            l.w[0] = NULL;
            prev = prev_buf;
            wl_free(&l);
        }
        free(prev_buf);
    }
    ranked = simplify(ranked);
    weak = simplify(weak);
    if (ranked && weak) { /* stopwords add to passages found anyway */
        accsi_qnode *q = accsi_qnode_new(b->o->stop_fill ? ACCSI_Q_OR : ACCSI_Q_AND_MAYBE);
        accsi_qnode_add(q, ranked);
        accsi_qnode_add(q, weak);
        ranked = q;
    } else {
        accsi_qnode_free(weak);
    }
    required = simplify(required);
    excluded = simplify(excluded);
    accsi_qnode *filters = accsi_qnode_new(ACCSI_Q_AND);
    accsi_qnode_add(filters, simplify(lang_filters));
    accsi_qnode_add(filters, simplify(path_filters));
    accsi_qnode_add(filters, simplify(date_filters));
    accsi_qnode_add(filters, simplify(type_filters));
    filters = simplify(filters);
    accsi_qnode *base;
    if (required && ranked) {
        base = accsi_qnode_new(ACCSI_Q_AND_MAYBE);
        accsi_qnode_add(base, required);
        accsi_qnode_add(base, ranked);
    } else if (required) {
        base = required;
    } else if (ranked) {
        base = ranked;
    } else if (filters || excluded) {
        base = accsi_qnode_all_passages();
    } else {
        base = accsi_qnode_new(ACCSI_Q_NOTHING);
    }
    if (excluded) {
        accsi_qnode *q = accsi_qnode_new(ACCSI_Q_AND_NOT);
        accsi_qnode_add(q, base);
        accsi_qnode_add(q, excluded);
        base = q;
    }
    if (filters) {
        accsi_qnode *q = accsi_qnode_new(ACCSI_Q_FILTER);
        accsi_qnode_add(q, base);
        accsi_qnode_add(q, filters);
        base = q;
    }
    return base;
}

static accsi_qnode *
build(builder *b, const accsi_ast *ast)
{
    if (b->st != ACCS_OK || !ast)
        return NULL;
    switch (ast->kind) {
    case ACCSI_AST_WORD:
        return free_word(b, ast->text, 0);
    case ACCSI_AST_PHRASE: {
        wordlist l;
        wl_of(b, ast->text, &l);
        accsi_qnode *q = phrase_of(b, &l, 1);
        wl_free(&l);
        return q ? q : accsi_qnode_new(ACCSI_Q_NOTHING);
    }
    case ACCSI_AST_NEAR: {
        /* The exact words, as in a phrase, in any order, with at most
         * `window` other words among them. */
        accsi_qnode *near = accsi_qnode_new(ACCSI_Q_NEAR);
        for (size_t i = 0; i < ast->n_kids && near && b->st == ACCS_OK; i++) {
            wordlist l;
            wl_of(b, ast->kids[i]->text, &l);
            if (l.n != 1)
                b->st = accsi_err_set(b->err, ACCS_EQUERY,
                                      "'%s': NEAR joins single words",
                                      ast->kids[i]->text);
            else
                accsi_qnode_add(near, phrase_of(b, &l, 1));
            wl_free(&l);
        }
        if (b->st != ACCS_OK) {
            accsi_qnode_free(near);
            return NULL;
        }
        if (near)
            near->window = ast->window + (unsigned)ast->n_kids;
        return near;
    }
    case ACCSI_AST_FIELD:
    case ACCSI_AST_NOT:
    case ACCSI_AST_PLUS:
        return build_seq(b, (const accsi_ast *const *)&ast, 1);
    case ACCSI_AST_SEQ:
        return build_seq(b, (const accsi_ast *const *)ast->kids, ast->n_kids);
    case ACCSI_AST_AND:
    case ACCSI_AST_OR: {
        /* "a AND -b" and "a AND NOT b" mean "a without b". */
        accsi_qnode *q = accsi_qnode_new(ast->kind == ACCSI_AST_AND ? ACCSI_Q_AND
                                                                   : ACCSI_Q_OR);
        accsi_qnode *not = accsi_qnode_new(ACCSI_Q_OR);
        for (size_t i = 0; i < ast->n_kids; i++) {
            const accsi_ast *k = ast->kids[i];
            if (ast->kind == ACCSI_AST_AND && k->kind == ACCSI_AST_NOT)
                accsi_qnode_add(not, build(b, k->kids[0]));
            else
                accsi_qnode_add(q, build(b, k));
        }
        q = simplify(q);
        not = simplify(not);
        if (!q)
            q = accsi_qnode_all_passages();
        if (not) {
            accsi_qnode *an = accsi_qnode_new(ACCSI_Q_AND_NOT);
            accsi_qnode_add(an, q);
            accsi_qnode_add(an, not);
            q = an;
        }
        return q;
    }
    }
    return NULL;
}

/* Are all free words of the query stopwords? */
static int
only_stopwords(accsi_analyser *a, const accsi_ast *ast, accsi_lang lang,
               int *n_words)
{
    if (ast->kind == ACCSI_AST_WORD) {
        if (wildcard_head(ast->text)) {
            (*n_words)++;
            return 0; /* "de*" stands for content words too */
        }
        wordlist l = {0};
        accsi_tokenize(a, ast->text, strlen(ast->text), wl_add, &l);
        int all = 1;
        for (size_t i = 0; i < l.n; i++) {
            (*n_words)++;
            all &= accsi_is_stopword(lang, l.w[i], strlen(l.w[i]));
        }
        wl_free(&l);
        return all;
    }
    if (ast->kind == ACCSI_AST_NOT)
        return 1;
    int all = 1;
    for (size_t i = 0; i < ast->n_kids; i++)
        all &= only_stopwords(a, ast->kids[i], lang, n_words);
    return all;
}

accs_status
accsi_query_build(accsi_analyser *a, const accsi_ast *ast,
                  const accsi_build_opts *opts, accsi_qnode **out,
                  accsi_highlight *hl, accsi_err *err)
{
    /* Alternatives (the stems of a word in each language, the members of
     * a synonym group) combine with MAX: the best one counts.  Unlike
     * OP_SYNONYM, whose document frequency Xapian estimates, MAX uses each
     * term's exact statistics, so shards rank exactly as one index. */
    builder b = {a, opts, opts->stem_lang,
                 opts->alt_synonym == 1 ? ACCSI_Q_SYNONYM
                 : opts->alt_synonym == 2 ? ACCSI_Q_OR : ACCSI_Q_MAX,
                 NULL, {0}, hl, err, ACCS_OK, 0, 0, {0}};
    accsi_buf_init(&b.stem);
    accsi_buf_init(&b.term);
    b.used = accsi_wordset_new();
    *out = NULL;
    hl->words = accsi_wordset_new();
    hl->stems = accsi_wordset_new();
    hl->parts = accsi_wordset_new();
    hl->part_stems = accsi_wordset_new();
    hl->prefixes = accsi_wordset_new();
    if (!hl->words || !hl->stems || !hl->parts || !hl->part_stems || !hl->prefixes)
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    int n_words = 0;
    b.all_stopwords = only_stopwords(a, ast, opts->lang, &n_words) && n_words > 0;
    accsi_qnode *q = b.used ? build(&b, ast) : NULL;
    if (!b.used)
        b.st = accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    accsi_buf_free(&b.stem);
    accsi_buf_free(&b.term);
    accsi_wordset_free(b.used);
    if (b.st != ACCS_OK) {
        accsi_qnode_free(q);
        return b.st;
    }
    *out = q ? q : accsi_qnode_new(ACCSI_Q_NOTHING);
    return *out ? ACCS_OK : accsi_err_set(err, ACCS_ENOMEM, "out of memory");
}

static void
vote_words(accsi_analyser *a, const accsi_ast *ast, accsi_lang_votes *v)
{
    if (ast->kind == ACCSI_AST_WORD || ast->kind == ACCSI_AST_PHRASE) {
        wordlist l = {0};
        accsi_tokenize(a, ast->text, strlen(ast->text), wl_add, &l);
        for (size_t i = 0; i < l.n; i++)
            accsi_lang_vote(v, l.w[i], strlen(l.w[i]));
        wl_free(&l);
    }
    if (ast->kind == ACCSI_AST_NOT)
        return;
    for (size_t i = 0; i < ast->n_kids; i++)
        vote_words(a, ast->kids[i], v);
}

accsi_lang
accsi_query_lang(accsi_analyser *a, const accsi_ast *ast)
{
    accsi_lang_votes v = {0, 0, 0};
    vote_words(a, ast, &v);
    /* Short queries carry too little evidence: match both languages. */
    if (v.words < 3)
        return ACCSI_LANG_UNKNOWN;
    accsi_lang l = accsi_lang_decide(&v, 1);
    if (l == ACCSI_LANG_NL && v.en == 0 && v.nl >= 1)
        return l;
    if (l == ACCSI_LANG_EN && v.nl == 0 && v.en >= 1)
        return l;
    return ACCSI_LANG_UNKNOWN;
}

static void
collect(accsi_analyser *a, const accsi_ast *ast, accsi_query_words *out)
{
    if (ast->kind == ACCSI_AST_NOT)
        return;
    if (ast->kind == ACCSI_AST_WORD) {
        wordlist l = {0};
        size_t head = wildcard_head(ast->text);
        accsi_tokenize(a, ast->text, head ? head : strlen(ast->text), wl_add, &l);
        if (head && l.n == 1) {
            /* A wildcard word is not corrected: it stays as typed. */
            size_t n = strlen(l.w[0]);
            char *w = realloc(l.w[0], n + 2);
            if (w) {
                memcpy(w + n, "*", 2);
                l.w[0] = w;
            }
        }
        for (size_t i = 0; i < l.n; i++) {
            char **w = realloc(out->words, (out->n + 1) * sizeof *w);
            if (!w)
                break;
            out->words = w;
            out->words[out->n++] = l.w[i];
            l.w[i] = NULL;
        }
        wl_free(&l);
        return;
    }
    for (size_t i = 0; i < ast->n_kids; i++)
        collect(a, ast->kids[i], out);
}

void
accsi_query_collect_words(accsi_analyser *a, const accsi_ast *ast,
                          accsi_query_words *out)
{
    memset(out, 0, sizeof *out);
    collect(a, ast, out);
}

void
accsi_query_words_free(accsi_query_words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->words[i]);
    free(w->words);
    memset(w, 0, sizeof *w);
}
