/* SPDX-License-Identifier: MIT */
/* accsearch eval: run judged queries and score the ranking, at passage
 * level (judgments name a file and a quote from the passage) and at
 * document level (TREC qrels: "qid 0 docid grade"; a document's id is its
 * file name without the extension).  Writes TREC run files on request. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval.h"

static const char help[] =
    "usage: accsearch eval [--db PATH] --queries FILE --qrels FILE [options]\n\n"
    "Run every judged query and print MAP, nDCG@10, MRR@10, P@10 and\n"
    "Recall@100 at passage level (when the judgments quote passages) and at\n"
    "document level.\n\n"
    "  --queries FILE   one query a line: ID<TAB>QUERY\n"
    "  --qrels FILE     TREC qrels (ID 0 DOCID GRADE) or passage judgments\n"
    "                   (ID<TAB>FILE<TAB>GRADE<TAB>QUOTE)\n"
    "  --run FILE       write the document ranking as a TREC run file\n"
    "  --per-query      print the scores of each query too\n"
    "  --plain          read queries as plain words (no query syntax)\n"
    "  --depth N        passages retrieved per query (default 1000)\n"
    "  --json           print the scores as one JSON object\n"
    "  --no-synonyms    evaluate without synonym expansion\n"
    "  --keep-stopwords do not drop stopwords from queries\n"
    "  --lang nl|en     query language for all queries\n";

typedef struct {
    char *qid;
    char *text;
} query;

typedef struct {
    char *qid;
    char *doc;    /* document id: file name without extension */
    int grade;
    char *quote;  /* whitespace-normalised, or NULL for document judgments */
} judgment;

typedef struct {
    query *q;
    size_t n_q;
    judgment *j;
    size_t n_j;
    int has_quotes;
} eval_set;

/* The document id of a path: its file name without the extension. */
static char *
doc_id(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return strndup(base, n);
}

/* Collapse runs of white space into single spaces, in place. */
static char *
squeeze(char *s)
{
    char *w = s;
    int space = 1;
    for (char *r = s; *r; r++) {
        int sp = *r == ' ' || *r == '\t' || *r == '\n' || *r == '\r';
        if (sp && space)
            continue;
        *w++ = sp ? ' ' : *r;
        space = sp;
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s;
}

static int
read_lines(const char *path, int (*each)(char *line, void *p), void *p)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("eval", "cannot read %s", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        rc = each(line, p);
    }
    free(line);
    fclose(f);
    return rc;
}

static int
add_query(char *line, void *p)
{
    eval_set *s = p;
    char *tab = strchr(line, '\t');
    if (!tab) {
        cli_error("eval", "query line without a tab: %.60s", line);
        return -1;
    }
    *tab = '\0';
    query *q = realloc(s->q, (s->n_q + 1) * sizeof *q);
    if (!q)
        return -1;
    s->q = q;
    s->q[s->n_q].qid = strdup(line);
    s->q[s->n_q].text = strdup(tab + 1);
    s->n_q++;
    return 0;
}

static int
add_judgment(char *line, void *p)
{
    eval_set *s = p;
    judgment j = {NULL, NULL, 0, NULL};
    char *f[4];
    int n = 0;
    if (strchr(line, '\t')) {
        /* ID<TAB>FILE<TAB>GRADE[<TAB>QUOTE]; the quote is the rest. */
        char *rest = line;
        while (n < 3 && rest) {
            f[n++] = rest;
            char *tab = strchr(rest, '\t');
            if (tab)
                *tab = '\0';
            rest = tab ? tab + 1 : NULL;
        }
        if (n == 3) {
            j.qid = strdup(f[0]);
            j.doc = doc_id(f[1]);
            j.grade = atoi(f[2]);
            if (rest && *rest) {
                j.quote = squeeze(strdup(rest));
                s->has_quotes = 1;
            }
        }
    } else {
        char *save = NULL;
        for (char *t = strtok_r(line, " ", &save); t && n < 4; t = strtok_r(NULL, " ", &save))
            f[n++] = t;
        if (n == 4) {
            j.qid = strdup(f[0]);
            j.doc = strdup(f[2]);
            j.grade = atoi(f[3]);
        }
    }
    if (!j.qid) {
        cli_error("eval", "cannot read judgment line: %.60s", line);
        return -1;
    }
    judgment *a = realloc(s->j, (s->n_j + 1) * sizeof *a);
    if (!a)
        return -1;
    s->j = a;
    s->j[s->n_j++] = j;
    return 0;
}

typedef struct {
    char *doc;
    double score;
    int gain;
} ranked_doc;

static int
by_score_then_id(const void *a, const void *b)
{
    const ranked_doc *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return -strcmp(x->doc, y->doc); /* trec_eval: ties by docid, descending */
}

static void
print_row(const char *level, const char *qid, size_t n, const eval_scores *s)
{
    printf("%-9s %-10s %5zu  %.4f  %.4f  %.4f  %.4f  %.4f\n", level, qid, n,
           s->map, s->ndcg10, s->mrr10, s->p10, s->r100);
}

static void
json_scores(const char *name, size_t n, const eval_scores *s, int comma)
{
    printf("  \"%s\": {\"queries\": %zu, \"map\": %.6f, \"ndcg_cut_10\": %.6f, "
           "\"recip_rank_10\": %.6f, \"P_10\": %.6f, \"recall_100\": %.6f}%s\n",
           name, n, s->map, s->ndcg10, s->mrr10, s->p10, s->r100, comma ? "," : "");
}

int
cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"queries", required_argument, NULL, 'Q'},
        {"qrels", required_argument, NULL, 'R'},
        {"run", required_argument, NULL, 'r'},
        {"per-query", no_argument, NULL, 'p'},
        {"plain", no_argument, NULL, 'P'},
        {"depth", required_argument, NULL, 'D'},
        {"json", no_argument, NULL, 'J'},
        {"no-synonyms", no_argument, NULL, 'S'},
        {"keep-stopwords", no_argument, NULL, 'K'},
        {"lang", required_argument, NULL, 'l'},
        {"tag", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = NULL, *qfile = NULL, *rfile = NULL, *runfile = NULL;
    const char *tag = "accsearch";
    int per_query = 0, json = 0;
    long depth = 1000;
    accs_search_options so = ACCS_SEARCH_OPTIONS_INIT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'Q': qfile = optarg; break;
        case 'R': rfile = optarg; break;
        case 'r': runfile = optarg; break;
        case 'p': per_query = 1; break;
        case 'P': so.is_plain = 1; break;
        case 'J': json = 1; break;
        case 'S': so.no_synonyms = 1; break;
        case 'K': so.no_stopwords = 1; break;
        case 'l': so.lang = optarg; break;
        case 't': tag = optarg; break;
        case 'D':
            if ((depth = cli_number(optarg)) < 1) {
                cli_error("eval", "--depth needs a positive number");
                return CLI_USAGE;
            }
            break;
        case 'h':
            fputs(help, stdout);
            return CLI_OK;
        default:
            fputs(help, stderr);
            return CLI_USAGE;
        }
    }
    if (!qfile || !rfile) {
        cli_error("eval", "--queries and --qrels are required");
        return CLI_USAGE;
    }
    eval_set set;
    memset(&set, 0, sizeof set);
    if (read_lines(qfile, add_query, &set) != 0 || read_lines(rfile, add_judgment, &set) != 0)
        return CLI_ERROR;

    accs_index *idx;
    const char *dbs[1] = {db};
    int rc = cli_open_read("eval", dbs, db ? 1 : 0, 0, &idx);
    if (rc != CLI_OK)
        return rc;
    FILE *run = NULL;
    if (runfile && !(run = fopen(runfile, "w"))) {
        cli_error("eval", "cannot write %s", runfile);
        accs_index_free(idx);
        return CLI_ERROR;
    }
    so.limit = (size_t)depth;
    so.per_doc = -1;

    /* Judged query ids with at least one relevant item, in file order. */
    eval_scores sum_p = {0}, sum_d = {0};
    size_t n_eval = 0;
    if (!json)
        printf("%-9s %-10s %5s  %-6s  %-6s  %-6s  %-6s  %-6s\n", "level", "query",
               "n", "MAP", "nDCG10", "MRR10", "P@10", "R@100");
    for (size_t qi = 0; qi < set.n_j; qi++) {
        const char *qid = set.j[qi].qid;
        int first = 1, any_rel = 0;
        for (size_t k = 0; k < qi && first; k++)
            first = strcmp(set.j[k].qid, qid) != 0;
        if (!first)
            continue;
        size_t nj = 0;
        for (size_t k = 0; k < set.n_j; k++)
            if (strcmp(set.j[k].qid, qid) == 0) {
                nj++;
                any_rel |= set.j[k].grade > 0;
            }
        if (!any_rel)
            continue;
        const char *text = NULL;
        for (size_t k = 0; k < set.n_q && !text; k++)
            if (strcmp(set.q[k].qid, qid) == 0)
                text = set.q[k].text;
        n_eval++;
        int *claimed = calloc(set.n_j, sizeof *claimed);
        int *pgains = calloc((size_t)depth + 1, sizeof *pgains);
        ranked_doc *docs = calloc((size_t)depth + 1, sizeof *docs);
        size_t n_p = 0, n_docs = 0;
        accs_results *res = NULL;
        if (text && accs_search(&res, idx, text, &so) != ACCS_OK) {
            cli_error("eval", "query %s failed: %s", qid, accs_index_errmsg(idx));
            res = NULL;
        }
        for (size_t i = 0; res && i < accs_results_count(res); i++) {
            const accs_hit *h = accs_results_hit(res, i);
            char *doc = doc_id(h->path);
            char *ptext = set.has_quotes ? squeeze(strdup(h->text)) : NULL;
            int gain = 0;
            /* Passage level: claim the judgments whose quote is inside. */
            for (size_t k = 0; set.has_quotes && k < set.n_j; k++) {
                judgment *j = &set.j[k];
                if (claimed[k] || strcmp(j->qid, qid) != 0 || !j->quote ||
                    strcmp(j->doc, doc) != 0 || !strstr(ptext, j->quote))
                    continue;
                claimed[k] = 1;
                if (j->grade > gain)
                    gain = j->grade;
            }
            pgains[n_p++] = gain;
            free(ptext);
            int seen = 0;
            for (size_t d = 0; d < n_docs && !seen; d++)
                seen = strcmp(docs[d].doc, doc) == 0;
            if (seen) {
                free(doc);
                continue;
            }
            docs[n_docs].doc = doc;
            docs[n_docs].score = h->score;
            n_docs++;
        }
        accs_results_free(res);
        /* Document level, ordered as trec_eval orders a run file. */
        qsort(docs, n_docs, sizeof *docs, by_score_then_id);
        int *dgains = calloc(n_docs + 1, sizeof *dgains);
        for (size_t d = 0; d < n_docs; d++) {
            for (size_t k = 0; k < set.n_j; k++)
                if (strcmp(set.j[k].qid, qid) == 0 && strcmp(set.j[k].doc, docs[d].doc) == 0 &&
                    set.j[k].grade > dgains[d])
                    dgains[d] = set.j[k].grade;
            if (run)
                fprintf(run, "%s Q0 %s %zu %.6f %s\n", qid, docs[d].doc, d + 1,
                        docs[d].score, tag);
        }
        /* Ideal grades: every passage judgment; every judged document once
         * with its best grade. */
        int *pideal = calloc(nj + 1, sizeof *pideal);
        int *dideal = calloc(nj + 1, sizeof *dideal);
        const char **ddoc = calloc(nj + 1, sizeof *ddoc);
        size_t n_pi = 0, n_di = 0;
        for (size_t k = 0; k < set.n_j; k++) {
            if (strcmp(set.j[k].qid, qid) != 0)
                continue;
            pideal[n_pi++] = set.j[k].grade;
            size_t m = 0;
            while (m < n_di && strcmp(ddoc[m], set.j[k].doc) != 0)
                m++;
            if (m == n_di) {
                ddoc[n_di] = set.j[k].doc;
                dideal[n_di++] = set.j[k].grade;
            } else if (set.j[k].grade > dideal[m]) {
                dideal[m] = set.j[k].grade;
            }
        }
        free(ddoc);
        eval_scores ps, ds;
        eval_query(pgains, n_p, pideal, n_pi, &ps);
        eval_query(dgains, n_docs, dideal, n_di, &ds);
        eval_add(&sum_p, &ps);
        eval_add(&sum_d, &ds);
        if (per_query && !json) {
            if (set.has_quotes)
                print_row("passage", qid, 1, &ps);
            print_row("document", qid, 1, &ds);
        }
        for (size_t d = 0; d < n_docs; d++)
            free(docs[d].doc);
        free(docs);
        free(dgains);
        free(pgains);
        free(pideal);
        free(dideal);
        free(claimed);
    }
    eval_mean(&sum_p, n_eval);
    eval_mean(&sum_d, n_eval);
    if (json) {
        printf("{\n");
        if (set.has_quotes)
            json_scores("passage", n_eval, &sum_p, 1);
        json_scores("document", n_eval, &sum_d, 0);
        printf("}\n");
    } else {
        if (set.has_quotes)
            print_row("passage", "all", n_eval, &sum_p);
        print_row("document", "all", n_eval, &sum_d);
    }
    if (run)
        fclose(run);
    accs_index_free(idx);
    for (size_t i = 0; i < set.n_q; i++) {
        free(set.q[i].qid);
        free(set.q[i].text);
    }
    for (size_t i = 0; i < set.n_j; i++) {
        free(set.j[i].qid);
        free(set.j[i].doc);
        free(set.j[i].quote);
    }
    free(set.q);
    free(set.j);
    return CLI_OK;
}
