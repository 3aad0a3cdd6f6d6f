/* SPDX-License-Identifier: MIT */
/* Parse stage for PDF: the text comes from poppler's pdftotext, run as a
 * separate process (`pdftotext -q -enc UTF-8 -htmlmeta - -`) that is fed
 * the file on its standard input.  A damaged or hostile PDF can make a PDF
 * library crash or loop; in its own process that costs one file, not the
 * indexing run.  The process gets a memory limit, a CPU limit and a wall
 * clock limit, and its output is capped.
 *
 * pdftotext's -htmlmeta output is the text in <pre>, pages ended by a form
 * feed, after a head with the title and dates (escaped as HTML; the text
 * itself is not).  It joins a word hyphenated at a line end.  The
 * extracted text is the source: lines and byte ranges count in it, and
 * each passage knows its page.  A page break ends a paragraph.
 *
 * ACCSEARCH_PDFTOTEXT names another program to run in pdftotext's place
 * (the tests use it); ACCSEARCH_PDF_TIMEOUT another wall-clock limit in
 * seconds. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"

extern char **environ;

#define PDF_MAX_TEXT ((size_t)256 << 20) /* extracted text */
#define PDF_MAX_MEMORY ((rlim_t)1 << 30) /* address space of pdftotext */
#define PDF_MAX_CPU 60                   /* seconds of CPU */
#define PDF_MAX_WALL 120                 /* seconds of waiting for it
                                            (ACCSEARCH_PDF_TIMEOUT) */

/* The wall-clock limit, in milliseconds. */
static long long
wall_ms(void)
{
    const char *s = getenv("ACCSEARCH_PDF_TIMEOUT");
    long v = s ? strtol(s, NULL, 10) : 0;
    return (v > 0 && v < 86400 ? v : PDF_MAX_WALL) * 1000LL;
}

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Feed `in` to the child on `to` while reading its output from `from`
 * into `out`, until it closes its output, or kill it at `deadline` (ms of
 * CLOCK_MONOTONIC, one for the whole run).  Returns 0, or -1 (limit hit,
 * message in `err`, the child killed). */
static int
exchange(pid_t pid, int to, int from, const char *in, size_t in_len, accsi_buf *out,
         const char *prog, long long deadline, accsi_err *err)
{
    size_t sent = 0;
    char chunk[65536];
    for (;;) {
        struct pollfd fds[2] = {{from, POLLIN, 0}, {to, POLLOUT, 0}};
        nfds_t n = to >= 0 ? 2 : 1;
        long long left = deadline - now_ms();
        if (left <= 0) {
            kill(pid, SIGKILL);
            accsi_err_set(err, ACCS_EINVAL, "%s took longer than %lld s on this file",
                          prog, wall_ms() / 1000);
            return -1;
        }
        int r = poll(fds, n, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno != EINTR) {
            kill(pid, SIGKILL);
            accsi_err_set(err, ACCS_EIO, "cannot wait for %s: %s", prog, strerror(errno));
            return -1;
        }
        if (r <= 0)
            continue;
        if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(to, in + sent, in_len - sent);
            if (w > 0)
                sent += (size_t)w;
            /* Done, or the child stopped reading (EPIPE): its output
             * and exit status tell the rest. */
            if (sent == in_len || (w < 0 && errno != EAGAIN && errno != EINTR)) {
                close(to);
                to = -1;
            }
        }
        if (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) {
            ssize_t got = read(from, chunk, sizeof chunk);
            if (got == 0)
                break;
            if (got < 0) {
                if (errno == EAGAIN || errno == EINTR)
                    continue;
                kill(pid, SIGKILL);
                accsi_err_set(err, ACCS_EIO, "cannot read from %s: %s", prog,
                              strerror(errno));
                return -1;
            }
            accsi_buf_add(out, chunk, (size_t)got);
            if (out->failed || out->len > PDF_MAX_TEXT) {
                kill(pid, SIGKILL);
                if (out->failed)
                    accsi_err_set(err, ACCS_ENOMEM, "out of memory");
                else
                    accsi_err_set(err, ACCS_EINVAL, "more than %zu MiB of text",
                                  PDF_MAX_TEXT >> 20);
                return -1;
            }
        }
    }
    if (to >= 0)
        close(to);
    return 0;
}

/* Run pdftotext on `pdf`; its output goes to `out`. */
static accs_status
run_pdftotext(const char *pdf, size_t len, accsi_buf *out, accsi_err *err)
{
    const char *prog = getenv("ACCSEARCH_PDFTOTEXT");
    if (!prog || !*prog)
        prog = "pdftotext";
    char *const argv[] = {(char *)prog, "-q", "-enc", "UTF-8", "-htmlmeta", "-", "-", NULL};
    int to[2], from[2];
    if (pipe2(to, O_CLOEXEC) != 0)
        return accsi_err_set(err, ACCS_EIO, "cannot make a pipe: %s", strerror(errno));
    if (pipe2(from, O_CLOEXEC) != 0) {
        close(to[0]);
        close(to[1]);
        return accsi_err_set(err, ACCS_EIO, "cannot make a pipe: %s", strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, to[0], 0);
    posix_spawn_file_actions_adddup2(&fa, from[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&at);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGXCPU);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &defaults);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int rc = posix_spawnp(&pid, prog, &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(to[0]);
    close(from[1]);
    if (rc != 0) {
        close(to[1]);
        close(from[0]);
        if (rc == ENOENT)
            return accsi_err_set(err, ACCS_EIO,
                                 "cannot read PDF files: %s was not found "
                                 "(it is in Debian's poppler-utils)", prog);
        return accsi_err_set(err, ACCS_EIO, "cannot run %s: %s", prog, strerror(rc));
    }
    /* Limits on the child, set from here: posix_spawn cannot set them. */
    struct rlimit mem = {PDF_MAX_MEMORY, PDF_MAX_MEMORY};
    struct rlimit cpu = {PDF_MAX_CPU, PDF_MAX_CPU + 5};
    prlimit(pid, RLIMIT_AS, &mem, NULL);
    prlimit(pid, RLIMIT_CPU, &cpu, NULL);
    fcntl(to[1], F_SETFL, fcntl(to[1], F_GETFL) | O_NONBLOCK);
    fcntl(from[0], F_SETFL, fcntl(from[0], F_GETFL) | O_NONBLOCK);

    /* A write to a child that has exited raises SIGPIPE in this thread:
     * hold it, and take it back afterwards, so the caller's process never
     * sees it. */
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    long long deadline = now_ms() + wall_ms();
    int failed = exchange(pid, to[1], from[0], pdf, len, out, prog, deadline, err);
    close(from[0]);
    /* It closed its output: it should be gone, or nearly.  One that
     * lingers is killed when the time is up. */
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline) {
        struct timespec pause = {0, 5 * 1000000};
        nanosleep(&pause, NULL);
    }
    if (w == 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (!failed)
            failed = accsi_err_set(err, ACCS_EINVAL, "%s took longer than %lld s on this "
                                   "file", prog, wall_ms() / 1000) != ACCS_OK;
    } else if (w < 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
    }
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
        ;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (failed)
        return ACCS_EINVAL;

    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU || sig == SIGKILL)
            return accsi_err_set(err, ACCS_EINVAL, "%s used more than %d s of CPU on "
                                 "this file", prog, PDF_MAX_CPU);
        return accsi_err_set(err, ACCS_EINVAL, "%s failed on this file (signal %d)",
                             prog, sig);
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (code == 0)
        return ACCS_OK;
    if (code == 1)
        return accsi_err_set(err, ACCS_EINVAL,
                             "not a readable PDF (damaged, or locked with a password)");
    if (code == 3)
        return accsi_err_set(err, ACCS_EINVAL, "the PDF does not allow copying its text");
    if (code == 127)
        return accsi_err_set(err, ACCS_EIO,
                             "cannot read PDF files: %s could not be run", prog);
    return accsi_err_set(err, ACCS_EINVAL, "%s failed on this file (exit status %d)",
                         prog, code);
}

/* Undo the HTML escaping of the head's strings. */
static char *
unescape(const char *s, size_t len)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
                {"&apos;", '\''}, {"&#39;", '\''}};
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        size_t k = 0;
        if (s[i] == '&')
            for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
                size_t el = strlen(ents[k].ent);
                if (i + el <= len && memcmp(s + i, ents[k].ent, el) == 0) {
                    out[o++] = ents[k].c;
                    i += el - 1;
                    break;
                }
            }
        if (s[i] != '&' || k == sizeof ents / sizeof ents[0])
            out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

/* The text between `open` and `close` in [s, end), or NULL. */
static const char *
between(const char *s, const char *end, const char *open, const char *close,
        size_t *len)
{
    const char *a = memmem(s, (size_t)(end - s), open, strlen(open));
    if (!a)
        return NULL;
    a += strlen(open);
    const char *b = memmem(a, (size_t)(end - a), close, strlen(close));
    if (!b)
        return NULL;
    *len = (size_t)(b - a);
    return a;
}

static void
read_head(accsi_parsed *p, const char *head, const char *end)
{
    size_t n;
    const char *t = between(head, end, "<title>", "</title>", &n);
    if (t && n) {
        char *title = unescape(t, n);
        if (title) {
            p->title = accsi_words_dup(title);
            free(title);
        }
    }
    const char *d = between(head, end, "<meta name=\"CreationDate\" content=\"", "\"", &n);
    size_t dl = d ? accsi_date_len(d, n) : 0;
    if (dl)
        p->date = accsi_strndup(d, dl);
}

accs_status
accsi_parse_pdf(accsi_parsed *p, const char *src, size_t len, accsi_err *err)
{
    /* The header may follow some junk, as readers allow, but not much. */
    if (!memmem(src, len < 1024 ? len : 1024, "%PDF-", 5))
        return accsi_err_set(err, ACCS_EINVAL, "not a PDF file (no %%PDF- header)");
    accsi_buf out;
    accsi_buf_init(&out);
    accs_status st = run_pdftotext(src, len, &out, err);
    if (st != ACCS_OK) {
        accsi_buf_free(&out);
        return st;
    }
    const char *o = out.data ? out.data : "";
    const char *end = o + out.len;
    const char *body = memmem(o, out.len, "<body>\n<pre>\n", 13);
    /* The text is not escaped and may hold "</pre>": take the last. */
    const char *stop = NULL;
    for (const char *s = body; s && (s = memmem(s, (size_t)(end - s), "</pre>", 6)); s += 6)
        stop = s;
    if (!body || !stop || stop < body + 13) {
        accsi_buf_free(&out);
        return accsi_err_set(err, ACCS_EINVAL, "unexpected output from pdftotext");
    }
    read_head(p, o, body);
    char *text = (char *)body + 13;
    size_t tlen = (size_t)(stop - text);
    /* Pages: each ends with a form feed, which becomes a line break, so a
     * page break also ends a paragraph. */
    size_t pages = 1;
    for (size_t i = 0; i < tlen; i++)
        pages += text[i] == '\f';
    p->page_starts = malloc(pages * sizeof *p->page_starts);
    if (!p->page_starts) {
        accsi_buf_free(&out);
        return accsi_err_set(err, ACCS_ENOMEM, "out of memory");
    }
    p->page_starts[0] = 0;
    p->n_pages = 1;
    for (size_t i = 0; i < tlen; i++)
        if (text[i] == '\f') {
            text[i] = '\n';
            if (i + 1 < tlen)
                p->page_starts[p->n_pages++] = i + 1;
        }
    char *title = p->title, *date = p->date;
    p->title = p->date = NULL;
    accsi_parsed_build_lines(p, text, tlen);
    st = accsi_parse_text(p, text, tlen);
    /* The document's own title and date win over what the text says. */
    if (title) {
        free(p->title);
        p->title = title;
    }
    if (date) {
        free(p->date);
        p->date = date;
    }
    p->src_len = tlen;
    accsi_buf_free(&out);
    return st; /* accsi_parse adds a dateline and reports running out of memory */
}
