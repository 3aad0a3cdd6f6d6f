/* SPDX-License-Identifier: MIT */
/* Dates as people write them, in Dutch or English: in a date: filter
 * (accsi_query_date) and on a document's dateline (accsi_dateline).
 *
 * In a filter, each side of a span ("a..b") is one of
 *
 *   2018, 2018-04, 2018-04-17             as stored
 *   17-04-2018, 17-4-2018                  day-month-year, the Dutch order
 *   april 2018, apr 2018                   a month
 *   17 april 2018, april 17 2018,          a day (also "april 17, 2018")
 *   vandaag / today, gisteren / yesterday  relative to today
 *   deze week / this week, vorige week / last week  (Monday to Sunday)
 *   deze maand / this month, vorige maand / last month
 *   dit jaar / this year, vorig jaar / last year
 *
 * and becomes the first and last stored-form date it covers, as prefixes
 * ("2018-04" covers a month).  Today is the local date, or
 * ACCSEARCH_TODAY (YYYY-MM-DD) when set, so that scripts and tests can fix
 * it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dates.h"
#include "parse.h"

static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"januari", 1},   {"january", 1},  {"jan", 1},       {"februari", 2},
    {"february", 2},  {"feb", 2},      {"maart", 3},     {"march", 3},
    {"mrt", 3},       {"mar", 3},      {"april", 4},     {"apr", 4},
    {"mei", 5},       {"may", 5},      {"juni", 6},      {"june", 6},
    {"jun", 6},       {"juli", 7},     {"july", 7},      {"jul", 7},
    {"augustus", 8},  {"august", 8},   {"aug", 8},       {"september", 9},
    {"sept", 9},      {"sep", 9},      {"oktober", 10},  {"october", 10},
    {"okt", 10},      {"oct", 10},     {"november", 11}, {"nov", 11},
    {"december", 12}, {"dec", 12},
};

static int
month_of(const char *w, size_t n)
{
    if (n && w[n - 1] == '.') /* "apr." */
        n--;
    for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
        if (strlen(month_names[i].name) == n && strncasecmp(w, month_names[i].name, n) == 0)
            return month_names[i].month;
    return 0;
}

static int
leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* A whole number of 1 to 4 digits, or -1. */
static int
number(const char *w, size_t n)
{
    if (n == 0 || n > 4)
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)w[i]))
            return -1;
        v = v * 10 + (w[i] - '0');
    }
    return v;
}

typedef struct {
    int y, m, d; /* m or d 0: the whole year or month */
} ymd;

static void
put(const ymd *v, char out[11])
{
    if (v->d)
        snprintf(out, 11, "%04d-%02d-%02d", v->y, v->m, v->d);
    else if (v->m)
        snprintf(out, 11, "%04d-%02d", v->y, v->m);
    else
        snprintf(out, 11, "%04d", v->y);
}

static int
valid(const ymd *v)
{
    return v->y >= 1000 && v->y <= 9999 && v->m >= 0 && v->m <= 12 &&
           (v->m || !v->d) && v->d >= 0 && (!v->d || v->d <= days_in(v->y, v->m));
}

static void
today(struct tm *t)
{
    memset(t, 0, sizeof *t);
    const char *fixed = getenv("ACCSEARCH_TODAY");
    if (fixed && accsi_date_len(fixed, strlen(fixed)) == 10 && strlen(fixed) == 10) {
        t->tm_year = atoi(fixed) - 1900;
        t->tm_mon = atoi(fixed + 5) - 1;
        t->tm_mday = atoi(fixed + 8);
    } else {
        time_t now = time(NULL);
        localtime_r(&now, t);
    }
    t->tm_hour = 12; /* noon: whole days, whatever the clock change */
    t->tm_isdst = -1;
    mktime(t);
}

/* `t` moved by `days` (normalised by mktime). */
static ymd
shifted(const struct tm *t, int days)
{
    struct tm c = *t;
    c.tm_mday += days;
    mktime(&c);
    ymd v = {c.tm_year + 1900, c.tm_mon + 1, c.tm_mday};
    return v;
}

/* Relative words: the span they cover, or 0. */
static int
relative(const char *w[], const size_t n[], size_t k, ymd *lo, ymd *hi)
{
    static const struct {
        const char *a, *b; /* one or two words */
        int kind;          /* 0 day, 1 week, 2 month, 3 year */
        int back;          /* 0 this, 1 the one before */
    } rel[] = {
        {"vandaag", NULL, 0, 0},  {"today", NULL, 0, 0},   {"gisteren", NULL, 0, 1},
        {"yesterday", NULL, 0, 1}, {"deze", "week", 1, 0},  {"this", "week", 1, 0},
        {"vorige", "week", 1, 1}, {"last", "week", 1, 1},   {"deze", "maand", 2, 0},
        {"this", "month", 2, 0},  {"vorige", "maand", 2, 1}, {"last", "month", 2, 1},
        {"dit", "jaar", 3, 0},    {"this", "year", 3, 0},   {"vorig", "jaar", 3, 1},
        {"last", "year", 3, 1},
    };
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        size_t words = rel[i].b ? 2 : 1;
        if (k != words || strlen(rel[i].a) != n[0] ||
            strncasecmp(w[0], rel[i].a, n[0]) != 0 ||
            (rel[i].b && (strlen(rel[i].b) != n[1] || strncasecmp(w[1], rel[i].b, n[1]) != 0)))
            continue;
        struct tm t;
        today(&t);
        ymd now = {t.tm_year + 1900, t.tm_mon + 1, t.tm_mday};
        switch (rel[i].kind) {
        case 0:
            *lo = *hi = shifted(&t, -rel[i].back);
            break;
        case 1: {
            int since_monday = (t.tm_wday + 6) % 7;
            *lo = shifted(&t, -since_monday - 7 * rel[i].back);
            *hi = shifted(&t, 6 - since_monday - 7 * rel[i].back);
            break;
        }
        case 2:
            lo->y = now.y;
            lo->m = now.m - rel[i].back;
            if (lo->m == 0) {
                lo->m = 12;
                lo->y--;
            }
            lo->d = 0;
            *hi = *lo;
            break;
        default:
            lo->y = now.y - rel[i].back;
            lo->m = lo->d = 0;
            *hi = *lo;
            break;
        }
        return 1;
    }
    return 0;
}

/* Split `s` into at most `max` words at spaces and commas; returns their
 * number, or max + 1 when there are more. */
static size_t
words(const char *s, size_t len, const char *w[], size_t n[], size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && (s[i] == ' ' || s[i] == ','))
            i++;
        size_t st = i;
        while (i < len && s[i] != ' ' && s[i] != ',')
            i++;
        if (i > st) {
            if (k == max)
                return max + 1;
            w[k] = s + st;
            n[k++] = i - st;
        }
    }
    return k;
}

/* An absolute date in `k` words (1 to 3), or 0. */
static int
absolute(const char *w[], const size_t n[], size_t k, ymd *out)
{
    ymd v = {0, 0, 0};
    if (k == 1) {
        const char *x = w[0];
        size_t xl = n[0];
        if (xl == 4 || ((xl == 7 || xl == 10) && accsi_date_len(x, xl) == xl)) {
            v.y = number(x, 4);
            v.m = xl >= 7 ? atoi(x + 5) : 0;
            v.d = xl == 10 ? atoi(x + 8) : 0;
        } else {
            /* 17-04-2018, 17-4-2018 */
            const char *d1 = memchr(x, '-', xl);
            const char *d2 = d1 ? memchr(d1 + 1, '-', xl - (size_t)(d1 + 1 - x)) : NULL;
            if (!d2)
                return 0;
            v.d = number(x, (size_t)(d1 - x));
            v.m = number(d1 + 1, (size_t)(d2 - d1 - 1));
            v.y = number(d2 + 1, xl - (size_t)(d2 + 1 - x));
            if (d2 + 1 + 4 != x + xl || v.d <= 0 || v.m <= 0)
                return 0;
        }
    } else if (k == 2 && month_of(w[0], n[0])) { /* april 2018 */
        v.m = month_of(w[0], n[0]);
        v.y = n[1] == 4 ? number(w[1], 4) : -1;
    } else if (k == 3 && month_of(w[1], n[1])) { /* 17 april 2018 */
        v.d = number(w[0], n[0]);
        v.m = month_of(w[1], n[1]);
        v.y = n[2] == 4 ? number(w[2], 4) : -1;
        if (v.d <= 0)
            return 0;
    } else if (k == 3 && month_of(w[0], n[0])) { /* april 17, 2018 */
        v.m = month_of(w[0], n[0]);
        v.d = number(w[1], n[1]);
        v.y = n[2] == 4 ? number(w[2], 4) : -1;
        if (v.d <= 0)
            return 0;
    } else {
        return 0;
    }
    if (!valid(&v))
        return 0;
    *out = v;
    return 1;
}

/* One side of a span: its first and last date. */
static int
side(const char *s, size_t len, ymd *lo, ymd *hi)
{
    const char *w[4];
    size_t n[4];
    size_t k = words(s, len, w, n, 4);
    if (k == 0 || k > 4)
        return 0;
    if (relative(w, n, k, lo, hi))
        return 1;
    if (!absolute(w, n, k, lo))
        return 0;
    *hi = *lo;
    return 1;
}

int
accsi_query_date(const char *v, char lo[11], char hi[11])
{
    const char *dots = strstr(v, "..");
    size_t len = strlen(v);
    ymd a_lo, a_hi, b_lo, b_hi;
    lo[0] = hi[0] = '\0';
    if (!dots) {
        if (!side(v, len, &a_lo, &a_hi))
            return 0;
        put(&a_lo, lo);
        put(&a_hi, hi);
        return 1;
    }
    size_t left = (size_t)(dots - v), right = len - left - 2;
    if (left == 0 && right == 0)
        return 0;
    if (left && !side(v, left, &a_lo, &a_hi))
        return 0;
    if (right && !side(dots + 2, right, &b_lo, &b_hi))
        return 0;
    if (left)
        put(&a_lo, lo);
    if (right)
        put(&b_hi, hi);
    /* A span must not end before it starts (compared on the shorter). */
    size_t l = strlen(lo), h = strlen(hi);
    if (l && h && strncmp(lo, hi, l < h ? l : h) > 0)
        return 0;
    return 1;
}

/* A dateline: a short line near the top of a text that is a date with at
 * most a few words around it ("Amsterdam, 17 april 2018", "Dinsdag 17
 * april 2018 14:32", "Published: April 17, 2018 | Jane Doe").  Not a
 * sentence (no final full stop); a year alone, or a month in digits
 * ("2011-11"), does not count.  "Op 12 augustus 1949 werden de conventies
 * getekend." is text, not a dateline. */
#define DATELINE_MAX_LINES 5
#define DATELINE_MAX_BYTES 100
#define DATELINE_MAX_OTHER 6

static int
dateline_of(const char *s, size_t len, char out[11])
{
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len == 0 || len > DATELINE_MAX_BYTES || s[len - 1] == '.')
        return 0;
    const char *w[DATELINE_MAX_OTHER + 3];
    size_t n[DATELINE_MAX_OTHER + 3];
    size_t k = words(s, len, w, n, DATELINE_MAX_OTHER + 3);
    if (k > DATELINE_MAX_OTHER + 3)
        return 0;
    /* The longest run of words that is a date, leftmost first. */
    for (size_t span = 3; span >= 1; span--)
        for (size_t i = 0; i + span <= k; i++) {
            ymd v;
            /* One word must be a whole day (2018-04-17, 17-04-2018), not
             * "2018" or "2011-11"; "februari 2018" must not be the tail of
             * an impossible "31 februari 2018". */
            if (k - span > DATELINE_MAX_OTHER || !absolute(w + i, n + i, span, &v) ||
                (span == 1 && !v.d) || (span == 2 && i > 0 && number(w[i - 1], n[i - 1]) >= 0))
                continue;
            put(&v, out);
            return 1;
        }
    return 0;
}

char *
accsi_dateline(const char *text, size_t len)
{
    size_t lines = 0;
    for (size_t i = 0; i < len && lines < DATELINE_MAX_LINES;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t s = i;
        while (s < end && (text[s] == ' ' || text[s] == '\t' || text[s] == '#' ||
                           text[s] == '*' || text[s] == '_' || text[s] == '>'))
            s++; /* Markdown marks around the line */
        size_t e = end;
        while (e > s && (text[e - 1] == '*' || text[e - 1] == '_'))
            e--;
        if (e > s && !(e - s == 1 && text[s] == '\r')) {
            char date[11];
            if (dateline_of(text + s, e - s, date))
                return accsi_strndup(date, strlen(date));
            lines++;
        }
        i = end + 1;
    }
    return NULL;
}
