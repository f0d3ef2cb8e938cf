/* testutil-eventloop.h - libpurple's event loop on GLib's main loop, for
 * headless libpurple in tests and in the e2e peers. */
#ifndef SIM_TESTUTIL_EVENTLOOP_H
#define SIM_TESTUTIL_EVENTLOOP_H

#include <eventloop.h>

PurpleEventLoopUiOps *sim_test_eventloop_ops(void);

#endif
