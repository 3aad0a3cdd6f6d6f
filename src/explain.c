/* SPDX-License-Identifier: MIT */
/* Search stage, explained: how a query is understood and what it matches.
 * The report follows the query through the same steps a search takes
 * (search.h plans it the same way): the words as analysed -- folded form,
 * stopword or not, stems in both languages, Dutch compound parts,
 * synonyms, how many passages hold each form -- then the query tree with
 * the role and document frequency of every term, then the best hits with
 * the words marked in them.  Text for people, not for parsing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "compound.h"
#include "schema.h"
#include "search.h"

static void
say(accsi_buf *b, const char *fmt, ...) ACCSI_PRINTF(2, 3);

static void
say(accsi_buf *b, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof line) {
        accsi_buf_add(b, line, (size_t)n);
        return;
    }
    /* A long line (a long query, many synonyms): format it again in full. */
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    accsi_buf_add(b, big, (size_t)n);
    free(big);
}

static uint64_t
df(accs_index *idx, const char *term)
{
    uint64_t n = 0;
    accsi_err ignored;
    if (accsi_xdb_termfreq(idx->db, term, &n, &ignored) != ACCS_OK)
        return 0;
    return n;
}

/* "in N passages" for a term, written into `buf`. */
static const char *
passages(accs_index *idx, const char *term, char buf[48])
{
    uint64_t n = df(idx, term);
    if (n == 0)
        snprintf(buf, 48, "in no passage");
    else if (n == 1)
        snprintf(buf, 48, "in 1 passage");
    else
        snprintf(buf, 48, "in %llu passages", (unsigned long long)n);
    return buf;
}

/* What a term of the index stands for, by its prefix (schema.h). */
static const char *
term_role(const char *t)
{
    if (strncmp(t, ACCSI_PFX_PART, 2) == 0)
        return "stem of a Dutch compound part";
    if (strncmp(t, ACCSI_PFX_FROM, 2) == 0)
        return "a word of a mail's sender";
    if (strncmp(t, ACCSI_PFX_TO, 2) == 0)
        return "a word of a mail's recipients";
    switch (t[0]) {
    case 'Z':
        return "stem";
    case 'S':
        return "stem in the title";
    case 'L':
        return "passage language";
    case 'T':
        return "file format";
    case 'D':
        return "folder";
    case 'P':
        return "file";
    case 'K':
        return "every passage";
    default:
        return "word as written (folded)";
    }
}

static void
describe(accsi_buf *b, accs_index *idx, const accsi_qnode *q, int depth)
{
    char count[48];
    if (!q)
        return;
    if (q->why)
        say(b, "%*s(%s)\n", 2 * depth + 2, "", q->why);
    say(b, "%*s", 2 * depth + 2, "");
    switch (q->op) {
    case ACCSI_Q_TERM:
        say(b, "%-28s %s, %s\n", q->term, term_role(q->term),
            passages(idx, q->term, count));
        return;
    case ACCSI_Q_PREFIX:
        say(b, "%s*  the most frequent indexed words that start so, as one word\n",
            q->term);
        return;
    case ACCSI_Q_PATH:
        say(b, "path %s\n", q->term);
        return;
    case ACCSI_Q_RANGE:
        say(b, "date from %s to %s\n", q->term ? q->term : "the start",
            q->hi ? q->hi : "the end");
        return;
    case ACCSI_Q_ALL:
        say(b, "every passage\n");
        return;
    case ACCSI_Q_NOTHING:
        say(b, "nothing\n");
        return;
    case ACCSI_Q_PHRASE:
        say(b, "PHRASE: these words in this order\n");
        break;
    case ACCSI_Q_NEAR:
        say(b, "NEAR: within %u positions\n", q->window);
        break;
    case ACCSI_Q_AND:
        say(b, "AND: all of\n");
        break;
    case ACCSI_Q_OR:
        say(b, "OR: any of, more is better\n");
        break;
    case ACCSI_Q_AND_NOT:
        say(b, "AND NOT: the first, without the others\n");
        break;
    case ACCSI_Q_AND_MAYBE:
        say(b, "AND MAYBE: the first; the others only add to its score\n");
        break;
    case ACCSI_Q_SYNONYM:
        say(b, "SYNONYM: counted as one word\n");
        break;
    case ACCSI_Q_MAX:
        say(b, "MAX: the best of\n");
        break;
    case ACCSI_Q_SCALE: {
        double f = q->factor;
        accsi_err ignored;
        if (!q->ref || accsi_xdb_scale_factor(idx->db, q, &f, &ignored) != ACCS_OK ||
            f == q->factor) {
            say(b, "SCALE: score times %.2f\n", q->factor);
            break;
        }
        /* The reference's terms, "Zrap rap", shown as "Zrap+rap". */
        char ref[2 * ACCSI_TERM_MAX + 8];
        snprintf(ref, sizeof ref, "%s", q->ref);
        for (char *sp = strchr(ref, ' '); sp; sp = strchr(sp + 1, ' '))
            *sp = '+';
        say(b, "SCALE: score times %.2f (%.2f, lowered to weigh at most %.2f of %s)\n", f,
            q->factor, q->factor, ref);
        break;
    }
    case ACCSI_Q_FILTER:
        say(b, "FILTER: the first, only where the rest holds\n");
        break;
    case ACCSI_Q_BONUS:
        say(b, "BONUS: +%.2f where it matches\n", q->factor);
        break;
    }
    for (size_t i = 0; i < q->n_kids; i++)
        describe(b, idx, q->kids[i], depth + 1);
}

typedef struct {
    accsi_buf *b;
    accs_index *idx;
    accsi_query_plan *plan;
    const char *text; /* the words being tokenised */
} words_ctx;

static void
synonyms_of(accsi_buf *b, const accsi_synonyms *s, const char *word, const char *what)
{
    char *const *members;
    size_t n = s ? accsi_synonyms_lookup(s, word, strlen(word), &members) : 0;
    if (!n)
        return;
    say(b, "      %s:", what);
    for (size_t i = 0; i < n; i++)
        say(b, "%s %s", i ? "," : "", members[i]);
    say(b, "\n");
}

/* One query word through the analysis. */
static int
word_cb(const accsi_token *tok, void *payload)
{
    words_ctx *c = payload;
    accsi_buf *b = c->b;
    accsi_analyser *an = c->plan->an;
    struct {
        const char *data;
        size_t len;
    } folded = {tok->folded, tok->folded_len};
    char count[48];
    accsi_buf stem;
    accsi_buf_init(&stem);
    say(b, "  %.*s\n      folded: %s, %s\n", (int)(tok->end - tok->start),
        c->text + tok->start, folded.data, passages(c->idx, folded.data, count));
    accsi_lang lang = c->plan->bo.lang;
    if (lang != ACCSI_LANG_UNKNOWN && accsi_is_stopword(lang, folded.data, folded.len))
        say(b, "      a stopword in %s: left out of ranked queries unless the query "
               "has nothing else\n", accsi_lang_code(lang));
    static const accsi_lang langs[] = {ACCSI_LANG_NL, ACCSI_LANG_EN};
    for (int i = 0; i < 2; i++) {
        accsi_lang l = langs[i];
        if (c->plan->forced != ACCSI_LANG_UNKNOWN && c->plan->forced != l)
            continue;
        if (accsi_is_stopword(l, folded.data, folded.len)) {
            say(b, "      %s: a stopword, no stem\n", accsi_lang_code(l));
            continue;
        }
        if (accsi_stem(an, l, folded.data, folded.len, &stem) == ACCS_OK && stem.data) {
            char term[ACCSI_WORD_MAX + 8];
            snprintf(term, sizeof term, ACCSI_PFX_STEM "%s", stem.data);
            say(b, "      %s stem: %s, %s", accsi_lang_code(l), stem.data,
                passages(c->idx, term, count));
            /* Such a stem has no term where the word itself occurs (said
             * only when it does occur: most stems are no words). */
            if (accsi_word_is_own_stem(an, stem.data, stem.len) && df(c->idx, stem.data) > 0)
                say(b, ", and as the word itself %s", passages(c->idx, stem.data, count));
            say(b, "\n");
        }
    }
    accsi_compound parts;
    if (c->plan->bo.compounds && c->plan->forced != ACCSI_LANG_EN &&
        accsi_decompound(folded.data, folded.len, &parts) > 1) {
        say(b, "      Dutch compound:");
        for (size_t i = 0; i < parts.n; i++)
            say(b, "%s %s", i ? " +" : "", parts.part[i].text);
        say(b, "\n");
    }
    synonyms_of(b, c->plan->bo.syn, folded.data, "synonyms");
    synonyms_of(b, c->plan->bo.user_syn, folded.data, "your synonyms");
    accsi_buf_free(&stem);
    return 0;
}

/* The words of the syntax tree, in query order. */
static void
words_of(words_ctx *c, const accsi_ast *a)
{
    if (!a)
        return;
    if ((a->kind == ACCSI_AST_WORD || a->kind == ACCSI_AST_PHRASE ||
         (a->kind == ACCSI_AST_FIELD && strcmp(a->field, "title") == 0)) &&
        a->text) {
        if (a->kind != ACCSI_AST_WORD)
            say(c->b, "  %s %s:\n", a->kind == ACCSI_AST_PHRASE ? "phrase" : "title",
                a->text);
        c->text = a->text;
        accsi_tokenize(c->plan->an, a->text, strlen(a->text), word_cb, c);
        return;
    }
    if (a->kind == ACCSI_AST_FIELD)
        say(c->b, "  filter %s:%s\n", a->field, a->text ? a->text : "");
    for (size_t i = 0; i < a->n_kids; i++)
        words_of(c, a->kids[i]);
}

/* A hit's path as people read it: below the current folder, relative to
 * it, as the command line lists hits. */
static const char *
shown_path(const char *path, const char *cwd)
{
    size_t n = strlen(cwd);
    return n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

accs_status
accs_explain(accs_index *idx, const char *query, const accs_search_options *opts,
             char **report_out)
{
    if (!idx || !report_out)
        return ACCS_EINVAL;
    *report_out = NULL;
    accsi_query_plan plan;
    accs_status st = accsi_plan_query(idx, query, opts, &plan);
    if (st != ACCS_OK) {
        accsi_query_plan_free(&plan);
        return st;
    }
    accsi_buf b;
    accsi_buf_init(&b);
    say(&b, "query: %s\n", query);
    say(&b, "language: %s (%s)\n",
        plan.bo.lang == ACCSI_LANG_UNKNOWN ? "not clear: both" : accsi_lang_code(plan.bo.lang),
        plan.forced != ACCSI_LANG_UNKNOWN ? "given; only its stems are searched"
                                          : "from the query's words; decides the stopwords, "
                                            "words are matched under both languages' stems");
    say(&b, "\nwords:\n");
    words_ctx c = {&b, idx, &plan, NULL};
    words_of(&c, plan.ast);
    say(&b, "\nsearched as (weights scale each part's BM25 score):\n");
    describe(&b, idx, plan.q, 0);
    accsi_query_plan_free(&plan);

    accs_results *res = NULL;
    st = accs_search(&res, idx, query, opts);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = '\0';
    if (st == ACCS_OK) {
        say(&b, "\nhits: %zu shown of about %llu\n", accs_results_count(res),
            (unsigned long long)accs_results_total(res));
        for (size_t i = 0; i < accs_results_count(res); i++) {
            const accs_hit *h = accs_results_hit(res, i);
            say(&b, "%zu. %s:%u  score %.3f, %s\n   marked:", h->rank, shown_path(h->path, cwd), h->line,
                h->score, h->lang);
            for (size_t k = 0; k < h->n_matches; k++)
                say(&b, "%s %.*s", k ? "," : "", (int)(h->matches[k].end - h->matches[k].start),
                    h->text + h->matches[k].start);
            say(&b, "%s\n", h->n_matches ? "" : " (nothing in the text: the title, or "
                                                 "the words lie outside what is shown)");
        }
        const char *sug = accs_results_suggestion(res);
        if (sug)
            say(&b, "did you mean: %s\n", sug);
    }
    accs_results_free(res);
    if (st == ACCS_OK && b.failed)
        st = accsi_err_set(&idx->err, ACCS_ENOMEM, "out of memory");
    if (st != ACCS_OK) {
        accsi_buf_free(&b);
        return st;
    }
    *report_out = accsi_buf_detach(&b);
    return *report_out ? ACCS_OK : ACCS_ENOMEM;
}
