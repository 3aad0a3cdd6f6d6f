/* SPDX-License-Identifier: MIT */
/* A cmocka fixture shared by tests that build indexes: setup() makes a
 * fresh temporary folder `dir` and names an index `db` inside it;
 * teardown() removes the folder.  Include once per test program. */
#ifndef ACCS_TEST_TMPDIR_FIXTURE_H
#define ACCS_TEST_TMPDIR_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

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

#endif /* ACCS_TEST_TMPDIR_FIXTURE_H */
