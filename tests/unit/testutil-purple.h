/* testutil-purple.h - a real, headless libpurple for tests: GLib event loop
 * UI ops, a private temporary user dir, and teardown that removes it. */
#ifndef SIM_TESTUTIL_PURPLE_H
#define SIM_TESTUTIL_PURPLE_H

#include <glib.h>
#include <plugin.h>

/* Initialises libpurple (once per process) in a fresh temporary user dir.
 * Debug output goes to stderr when SIM_TEST_DEBUG is set. */
void sim_test_purple_init(void);
/* Shuts libpurple down and removes the user dir. */
void sim_test_purple_quit(void);
/* Finds our plugin in $SIM_PLUGIN_DIR (probing once). */
PurplePlugin *sim_test_find_plugin(void);
/* Runs the main loop for about ms milliseconds. */
void sim_test_purple_iterate(guint ms);

#endif
