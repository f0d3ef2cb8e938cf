/* testutil.c - the set-up every unit test program shares. */
#include "testutil.h"

#include <glib.h>

void
sim_test_init(int *argc, char ***argv)
{
	g_test_init(argc, argv, NULL);
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
}
