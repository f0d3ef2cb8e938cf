/* testutil.h - the set-up every unit test program shares. */
#ifndef SIM_TESTUTIL_H
#define SIM_TESTUTIL_H

/* g_test_init(), with GLib warnings and criticals fatal: the plugin must
 * never raise one, whatever the input. */
void sim_test_init(int *argc, char ***argv);

#endif
