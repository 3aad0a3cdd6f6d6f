/* SPDX-License-Identifier: MIT */
/* accsearch query: ranked passages with highlighted snippets, as text or
 * JSON. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch query [--db PATH]... [options] QUERY...\n\n"
    "Search the index.  Free words are ranked (passages with more of them\n"
    "first); \"quoted words\" match as a phrase; a NEAR b or a NEAR/n b wants\n"
    "them within 8 (n) words; -word or NOT word excludes;\n"
    "OR, AND and parentheses combine; cyber* stands for the indexed words\n"
    "that start with cyber (stopwords aside); title:WORD needs the word in\n"
    "the title.  A Dutch compound also matches written apart or hyphenated\n"
    "(cyberveiligheid, cyber veiligheid, cyber-veiligheid).\n"
    "Filters: lang:nl or lang:en; path:FOLDER or path:FILE (as shown, or\n"
    "absolute); date:2018, date:2018-04-17, date:\"17 april 2018\",\n"
    "date:\"last week\" or date:2017..2018-06;\n"
    "type:txt, md, html, docx, doc, odt, pdf, pptx, xlsx, odp, ods, epub,\n"
    "rtf, eml, mbox, or mail (eml and mbox); from:NAME and to:NAME (mail's\n"
    "sender and recipients: a word or a whole address).\n"
    "A query that starts with '-' follows '--'.\n\n"
    "  --db PATH          index folder or tcp://HOST:PORT; repeat to search\n"
    "                     several shards as one (default: $ACCSEARCH_DB or\n"
    "                     .accsearch)\n"
    "  -n, --limit N      number of hits (default 10)\n"
    "  --offset N         skip the first N hits\n"
    "  --per-doc N        passages per document (default 2; 0: no limit)\n"
    "  --facets           count the matching documents by language, year\n"
    "                     and file type\n"
    "  --prefix           search as you type: the last word also matches\n"
    "                     the words it begins (gene: geneve, genetic)\n"
    "  --sort ORDER       relevance (default), newest or oldest: by the\n"
    "                     document's date, undated ones last\n"
    "  --lang nl|en       the query's language (default: detect)\n"
    "  --json             print one JSON object\n"
    "  --explain          show how the query is analysed and searched: each\n"
    "                     word's folded form, stems, compound parts and\n"
    "                     synonyms, every term with its passage count, and\n"
    "                     the words marked in each hit\n"
    "  --no-synonyms      do not expand synonyms\n"
    "  --synonyms FILE    extra synonym groups (one per line, '|' between)\n"
    "  --allow-partial    answer from the shards that respond\n"
    "  --color WHEN       bold matches: auto (default), always, never\n";

/* Copy `s` with invalid UTF-8 replaced, so JSON can carry any path. */
static char *
utf8_clean(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len = p[i] < 0x80 ? 1 : (p[i] >> 5) == 6 ? 2 : (p[i] >> 4) == 14 ? 3
                   : (p[i] >> 3) == 30 ? 4 : 0;
        int ok = len && i + len <= n;
        for (size_t k = 1; ok && k < len; k++)
            ok = (p[i + k] & 0xC0) == 0x80;
        if (ok && len > 1 && ((len == 2 && p[i] < 0xC2) || (len == 3 && p[i] == 0xE0 && p[i + 1] < 0xA0) ||
                              (len == 4 && (p[i] > 0xF4 || (p[i] == 0xF0 && p[i + 1] < 0x90)))))
            ok = 0;
        if (ok) {
            memcpy(out + o, s + i, len);
            o += len;
            i += len;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

static json_t *
jstr(const char *s)
{
    char *c = utf8_clean(s ? s : "");
    json_t *j = c ? json_string(c) : NULL;
    free(c);
    return j ? j : json_string("");
}

static int
print_json(const char *query, const accs_results *res, const char *missing)
{
    json_t *root = json_object();
    json_object_set_new(root, "query", jstr(query));
    json_object_set_new(root, "total", json_integer((json_int_t)accs_results_total(res)));
    json_object_set_new(root, "lang", jstr(accs_results_lang(res)));
    const char *sug = accs_results_suggestion(res);
    json_object_set_new(root, "suggestion", sug ? jstr(sug) : json_null());
    if (missing)
        json_object_set_new(root, "missing_shards", jstr(missing));
    if (accs_results_facet_count(res)) {
        json_t *facets = json_object();
        for (size_t i = 0; i < accs_results_facet_count(res); i++) {
            const accs_facet *f = accs_results_facet(res, i);
            json_t *field = json_object_get(facets, f->field);
            if (!field) {
                field = json_object();
                json_object_set_new(facets, f->field, field);
            }
            json_t *counts = json_object();
            json_object_set_new(counts, "documents", json_integer((json_int_t)f->documents));
            json_object_set_new(counts, "passages", json_integer((json_int_t)f->passages));
            json_object_set_new(field, f->value, counts);
        }
        json_object_set_new(root, "facets", facets);
    }
    json_t *hits = json_array();
    for (size_t i = 0; i < accs_results_count(res); i++) {
        const accs_hit *h = accs_results_hit(res, i);
        json_t *o = json_object();
        json_object_set_new(o, "rank", json_integer((json_int_t)h->rank));
        json_object_set_new(o, "score", json_real(h->score));
        json_object_set_new(o, "path", jstr(cli_display_path(h->path)));
        json_object_set_new(o, "passage", json_integer(h->passage));
        json_object_set_new(o, "line", json_integer(h->line));
        if (h->page)
            json_object_set_new(o, "page", json_integer(h->page));
        json_object_set_new(o, "byte_start", json_integer((json_int_t)h->byte_start));
        json_object_set_new(o, "byte_end", json_integer((json_int_t)h->byte_end));
        json_object_set_new(o, "title", jstr(h->title));
        json_object_set_new(o, "date", jstr(h->date));
        json_object_set_new(o, "lang", jstr(h->lang));
        json_object_set_new(o, "text", jstr(h->text));
        json_object_set_new(o, "snippet", jstr(h->snippet));
        if (h->shard)
            json_object_set_new(o, "shard", jstr(h->shard));
        json_t *m = json_array();
        for (size_t k = 0; k < h->n_matches; k++) {
            json_t *mo = json_object();
            json_object_set_new(mo, "start", json_integer((json_int_t)h->matches[k].start));
            json_object_set_new(mo, "end", json_integer((json_int_t)h->matches[k].end));
            json_array_append_new(m, mo);
        }
        json_object_set_new(o, "matches", m);
        json_array_append_new(hits, o);
    }
    json_object_set_new(root, "hits", hits);
    int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
    fputc('\n', stdout);
    json_decref(root);
    return rc == 0 ? CLI_OK : CLI_ERROR;
}

/* Print `s` with control characters shown as '?', so that file names and
 * queries cannot drive the terminal. */
static void
put_clean(const char *s)
{
    for (; *s; s++)
        putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
}

/* Does the snippet begin with the title (a heading that is also the
 * first line of the passage)?  Highlight markers in the snippet are
 * skipped; the title must end at a word boundary of the snippet. */
static int
begins_with_title(const char *snippet, const char *title, const char *mark_on,
                  const char *mark_off)
{
    size_t on = strlen(mark_on), off = strlen(mark_off);
    const char *s = snippet;
    for (const char *t = title; *t; t++) {
        for (;;) {
            if (on && strncmp(s, mark_on, on) == 0)
                s += on;
            else if (off && strncmp(s, mark_off, off) == 0)
                s += off;
            else
                break;
        }
        if (*s != *t)
            return 0;
        s++;
    }
    if (off && strncmp(s, mark_off, off) == 0)
        s += off;
    return *s == '\0' || *s == ' ' || *s == ':' || *s == '.';
}

/* "Matching documents by language: nl 34, en 16 / by year: ... / by
 * type: ..." */
static void
print_facets(const accs_results *res)
{
    const char *field = NULL;
    for (size_t i = 0; i < accs_results_facet_count(res); i++) {
        const accs_facet *f = accs_results_facet(res, i);
        if (!field || strcmp(field, f->field) != 0) {
            const char *name = strcmp(f->field, "lang") == 0   ? "language"
                               : strcmp(f->field, "year") == 0 ? "year"
                                                               : "type";
            printf("%s %s:", field ? "\n  by" : "Matching documents by", name);
            field = f->field;
        } else {
            putchar(',');
        }
        printf(" %s %llu", f->value[0] ? f->value : "undated",
               (unsigned long long)f->documents);
    }
    if (field)
        putchar('\n');
}

static void
print_text(const char *query, const accs_results *res, const char *missing,
           const accs_search_options *so)
{
    size_t n = accs_results_count(res);
    if (missing)
        fprintf(stderr, "accsearch: query: warning: no answer from %s; results "
                        "are partial\n", missing);
    if (n == 0) {
        fputs("No passages match \"", stdout);
        put_clean(query);
        fputs("\".\n", stdout);
    }
    for (size_t i = 0; i < n; i++) {
        const accs_hit *h = accs_results_hit(res, i);
        printf("%zu. ", h->rank);
        put_clean(cli_display_path(h->path));
        printf(":%u  (", h->line);
        if (h->page)
            printf("page %u, ", h->page);
        printf("score %.2f, %s%s%s)\n", h->score, h->lang, h->date[0] ? ", " : "",
               h->date);
        if (h->title[0] && !begins_with_title(h->snippet, h->title,
                                              so->hl_start ? so->hl_start : "[",
                                              so->hl_end ? so->hl_end : "]")) {
            fputs("   ", stdout);
            put_clean(h->title);
            putchar('\n');
        }
        /* The snippet's own control characters are already spaces; what
         * remains are the highlight markers. */
        printf("   %s\n\n", h->snippet);
    }
    const char *sug = accs_results_suggestion(res);
    if (sug)
        printf("Did you mean: %s?\n", sug);
    if (n)
        printf("%zu of about %llu matching passages\n", n,
               (unsigned long long)accs_results_total(res));
    print_facets(res);
}

int
cmd_query(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"limit", required_argument, NULL, 'n'},
        {"offset", required_argument, NULL, 'o'},
        {"per-doc", required_argument, NULL, 'P'},
        {"lang", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'J'},
        {"no-synonyms", no_argument, NULL, 'S'},
        {"synonyms", required_argument, NULL, 's'},
        {"allow-partial", no_argument, NULL, 'A'},
        {"color", required_argument, NULL, 'c'},
        {"sort", required_argument, NULL, 'O'},
        {"explain", no_argument, NULL, 'E'},
        {"prefix", no_argument, NULL, 'X'},
        {"facets", no_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *dbs[64];
    size_t n_dbs = 0;
    int json = 0, allow_partial = 0, color = -1, explain = 0;
    accs_search_options so = ACCS_SEARCH_OPTIONS_INIT;
    int c;
    long v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (n_dbs == 64) {
                cli_error("query", "at most 64 --db options");
                return CLI_USAGE;
            }
            dbs[n_dbs++] = optarg;
            break;
        case 'n':
            if ((v = cli_number(optarg)) < 1 || v > 10000) {
                cli_error("query", "--limit needs a number from 1 to 10000");
                return CLI_USAGE;
            }
            so.limit = (size_t)v;
            break;
        case 'o':
            if ((v = cli_number(optarg)) < 0) {
                cli_error("query", "--offset needs a number");
                return CLI_USAGE;
            }
            so.offset = (size_t)v;
            break;
        case 'P':
            if ((v = cli_number(optarg)) < 0 || v > 10000) {
                cli_error("query", "--per-doc needs a number (0: no limit)");
                return CLI_USAGE;
            }
            so.per_doc = v == 0 ? -1 : (int)v;
            break;
        case 'l':
            if (strcmp(optarg, "nl") != 0 && strcmp(optarg, "en") != 0) {
                cli_error("query", "--lang must be nl or en, not '%s'", optarg);
                return CLI_USAGE;
            }
            so.lang = optarg;
            break;
        case 'J':
            json = 1;
            break;
        case 'S':
            so.no_synonyms = 1;
            break;
        case 's':
            so.synonyms_file = optarg;
            break;
        case 'A':
            allow_partial = 1;
            break;
        case 'c':
            color = strcmp(optarg, "always") == 0 ? 1
                  : strcmp(optarg, "never") == 0  ? 0
                  : strcmp(optarg, "auto") == 0   ? -1 : -2;
            if (color == -2) {
                cli_error("query", "--color takes auto, always or never");
                return CLI_USAGE;
            }
            break;
        case 'E':
            explain = 1;
            break;
        case 'X':
            so.prefix_last = 1;
            break;
        case 'F':
            so.facets = 1;
            break;
        case 'O':
            if (strcmp(optarg, "relevance") == 0)
                so.sort = ACCS_SORT_RELEVANCE;
            else if (strcmp(optarg, "newest") == 0 || strcmp(optarg, "date") == 0)
                so.sort = ACCS_SORT_NEWEST;
            else if (strcmp(optarg, "oldest") == 0)
                so.sort = ACCS_SORT_OLDEST;
            else {
                cli_error("query", "--sort takes relevance, newest or oldest");
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
    if (optind >= argc) {
        cli_error("query", "no query given");
        fputs(help, stderr);
        return CLI_USAGE;
    }
    /* The words of the query may come as several arguments. */
    size_t qlen = 0;
    for (int i = optind; i < argc; i++)
        qlen += strlen(argv[i]) + 1;
    char *query = malloc(qlen + 1);
    if (!query)
        return CLI_ERROR;
    query[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    if (color < 0)
        color = !json && isatty(1) && !getenv("NO_COLOR");
    if (color) {
        so.hl_start = "\033[1m";
        so.hl_end = "\033[0m";
    }
    accs_index *idx;
    int rc = cli_open_read("query", dbs, n_dbs, allow_partial, &idx);
    if (rc != CLI_OK) {
        free(query);
        return rc;
    }
    if (explain) {
        char *report = NULL;
        accs_status st = accs_explain(idx, query, &so, &report);
        if (st != ACCS_OK)
            rc = cli_status_error("query", st, accs_index_errmsg(idx));
        else
            fputs(report, stdout);
        accs_free(report);
        accs_index_free(idx);
        free(query);
        return rc;
    }
    accs_results *res;
    accs_status st = accs_search(&res, idx, query, &so);
    if (st != ACCS_OK) {
        rc = cli_status_error("query", st, accs_index_errmsg(idx));
    } else {
        if (json)
            rc = print_json(query, res, accs_index_missing(idx));
        else
            print_text(query, res, accs_index_missing(idx), &so);
        accs_results_free(res);
    }
    accs_index_free(idx);
    free(query);
    return rc;
}
