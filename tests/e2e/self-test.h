/* self-test.h - the harness's checks of itself (see self-test.c). */
#ifndef SIM_E2E_SELF_TEST_H
#define SIM_E2E_SELF_TEST_H

#include "server.h"

/* Registers the rows; they run on the server get_server() returns. */
void sim_self_test_add(SimServer *(*get_server)(void));

#endif
