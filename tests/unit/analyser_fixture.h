/* SPDX-License-Identifier: MIT */
/* Group set-up for the unit tests that analyse text: one analyser for the
 * group, in cmocka's state (include after cmocka.h). */
#ifndef ACCS_TEST_ANALYSER_FIXTURE_H
#define ACCS_TEST_ANALYSER_FIXTURE_H

#include "analyse.h"

static int
setup(void **state)
{
    accsi_analyser *a = NULL;
    if (accsi_analyser_new(&a, NULL) != ACCS_OK)
        return -1;
    *state = a;
    return 0;
}

static int
teardown(void **state)
{
    accsi_analyser_free(*state);
    return 0;
}

#endif
