/* SPDX-License-Identifier: MIT */
/* A cmocka fixture shared by tests that build indexes: setup() makes a
 * fresh temporary folder `dir` and names an index `db` inside it;
 * teardown() removes the folder; fresh_index() opens `db` as a new, empty
 * index; docs_folder() makes a folder for documents and write_file()
 * writes one.  Include once per test program, after <cmocka.h> and
 * <accsearch.h>. */
#ifndef ACCS_TEST_TMPDIR_FIXTURE_H
#define ACCS_TEST_TMPDIR_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char dir[256];
static char db[300];

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/accs-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof db, "%s/idx", dir);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static inline accs_index *
fresh_index(void)
{
    accs_index *idx = NULL;
    assert_int_equal(accs_index_open(&idx, db, ACCS_OPEN_WRITE | ACCS_OPEN_REBUILD, NULL),
                     ACCS_OK);
    return idx;
}

/* `accs_index_check` finds nothing wrong with `idx` (its report is
 * printed if it does). */
static inline void
expect_sound(accs_index *idx)
{
    uint64_t problems = 1;
    char *report = NULL;
    assert_int_equal(accs_index_check(idx, &problems, &report), ACCS_OK);
    if (problems)
        fprintf(stderr, "%s\n", report);
    assert_int_equal(problems, 0);
    accs_free(report);
}

/* Make the folder `<dir>/docs` for a test's documents; its path goes to
 * `out` (300 bytes). */
static inline void
docs_folder(char out[300])
{
    snprintf(out, 300, "%s/docs", dir);
    assert_int_equal(mkdir(out, 0700), 0);
}

/* Write `text` to the file `path`, replacing it. */
static inline void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

#endif /* ACCS_TEST_TMPDIR_FIXTURE_H */
