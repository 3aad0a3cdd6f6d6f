/* SPDX-License-Identifier: MIT */
/* accsearch serve: serve an index to remote searchers with Xapian's own
 * remote protocol.  Starts xapian-tcpsrv for the index, restarts it if it
 * dies, and stops it on SIGINT or SIGTERM. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: accsearch serve [--db PATH] [--listen [HOST:]PORT] [options]\n\n"
    "Serve the index over TCP with xapian-tcpsrv, so that 'accsearch query\n"
    "--db tcp://HOST:PORT' can search it from elsewhere.  The server is\n"
    "restarted if it stops unexpectedly; SIGINT or SIGTERM stop it.\n\n"
    "  --db PATH          index folder (default: $ACCSEARCH_DB or .accsearch)\n"
    "  --listen ADDR      [HOST:]PORT to listen on (default 127.0.0.1:8150);\n"
    "                     use 0.0.0.0:PORT to accept other machines\n"
    "  --writable         allow remote indexing (one index only)\n"
    "  --timeout MS       idle and active connection timeout (default 60000)\n"
    "  --server PROGRAM   the server to run (default: xapian-tcpsrv)\n";

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
    stop_signal = sig;
}

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"writable", no_argument, NULL, 'w'},
        {"timeout", required_argument, NULL, 't'},
        {"server", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db = NULL, *listen = "127.0.0.1:8150";
    const char *server = getenv("ACCSEARCH_TCPSRV");
    int writable = 0;
    long timeout = 60000;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': listen = optarg; break;
        case 'w': writable = 1; break;
        case 's': server = optarg; break;
        case 't':
            if ((timeout = cli_number(optarg)) < 1) {
                cli_error("serve", "--timeout needs milliseconds");
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
    if (!server || !*server)
        server = "xapian-tcpsrv";
    /* HOST:PORT or PORT; the default host is the loopback interface. */
    char host[256] = "127.0.0.1";
    const char *colon = strrchr(listen, ':');
    const char *port_s = colon ? colon + 1 : listen;
    if (colon) {
        size_t n = (size_t)(colon - listen);
        if (n == 0 || n >= sizeof host) {
            cli_error("serve", "--listen takes [HOST:]PORT, not '%s'", listen);
            return CLI_USAGE;
        }
        memcpy(host, listen, n);
        host[n] = '\0';
    }
    long port = cli_number(port_s);
    if (port < 1 || port > 65535) {
        cli_error("serve", "--listen needs a port from 1 to 65535, not '%s'", port_s);
        return CLI_USAGE;
    }
    /* Open the index once here so a missing or outdated index is reported
     * clearly instead of by the server's log. */
    const char *path = cli_db_path(db);
    accs_index *idx;
    const char *dbs[1] = {path};
    int rc = cli_open_read("serve", dbs, 1, 0, &idx);
    if (rc != CLI_OK)
        return rc;
    accs_index_free(idx);

    char port_buf[16], timeout_buf[24];
    snprintf(port_buf, sizeof port_buf, "%ld", port);
    snprintf(timeout_buf, sizeof timeout_buf, "%ld", timeout);
    char *args[] = {(char *)server, "--port", port_buf, "--interface", host,
                    "--timeout", timeout_buf, "--quiet",
                    writable ? "--writable" : "--quiet", (char *)path, NULL};

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    fprintf(stderr, "accsearch: serve: %s on tcp://%s:%ld%s\n", path, host, port,
            writable ? " (writable)" : "");
    double backoff = 0.5;
    int quick_failures = 0;
    while (!stop_signal) {
        double started = now();
        pid_t pid = fork();
        if (pid < 0) {
            cli_error("serve", "cannot start %s: %s", server, strerror(errno));
            return CLI_ERROR;
        }
        if (pid == 0) {
            /* Its own process group: on SIGTERM xapian-tcpsrv signals its
             * whole group (its connection handlers), which must not include
             * us or whoever started us. */
            setpgid(0, 0);
            execvp(server, args);
            fprintf(stderr, "accsearch: serve: cannot run %s: %s\n", server,
                    strerror(errno));
            _exit(127);
        }
        setpgid(pid, pid); /* also here, so there is no window before exec */
        int status = 0;
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR)
                break;
            if (stop_signal)
                kill(-pid, SIGTERM);
        }
        if (stop_signal)
            break;
        /* The server stopped on its own: restart it, slowing down and
         * finally giving up if it keeps failing at once. */
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            return CLI_ERROR;
        if (now() - started < 5) {
            if (++quick_failures >= 5) {
                cli_error("serve", "%s keeps stopping (last status %d); giving up",
                          server, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
                return CLI_ERROR;
            }
        } else {
            quick_failures = 0;
            backoff = 0.5;
        }
        fprintf(stderr, "accsearch: serve: server stopped (%s %d); restarting\n",
                WIFSIGNALED(status) ? "signal" : "status",
                WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        struct timespec ts = {(time_t)backoff, (long)((backoff - (time_t)backoff) * 1e9)};
        nanosleep(&ts, NULL);
        if (backoff < 30)
            backoff *= 2;
    }
    fprintf(stderr, "accsearch: serve: stopped\n");
    return CLI_OK;
}
