/* testutil-purple.c - headless libpurple bootstrap for tests. */
#include "testutil-purple.h"
#include "testutil-eventloop.h"
#include "testutil-fs.h"

#include <glib/gstdio.h>

#include <purple.h>

static char *user_dir;

void
sim_test_purple_init(void)
{
	user_dir = g_dir_make_tmp("sim-purple-XXXXXX", NULL);
	g_assert_nonnull(user_dir);
	purple_util_set_user_dir(user_dir);
	purple_debug_set_enabled(g_getenv("SIM_TEST_DEBUG") != NULL);
	purple_eventloop_set_ui_ops(sim_test_eventloop_ops());
	g_assert_true(purple_core_init("sim-test"));
	purple_set_blist(purple_blist_new());
	purple_blist_load();
}

void
sim_test_purple_quit(void)
{
	purple_core_quit();
	sim_test_remove_tree(user_dir);
	g_free(user_dir);
	user_dir = NULL;
}

PurplePlugin *
sim_test_find_plugin(void)
{
	static gboolean probed;
	const char *dir = g_getenv("SIM_PLUGIN_DIR");

	if (!probed) {
		g_assert_nonnull(dir);
		purple_plugins_add_search_path(dir);
		purple_plugins_probe(G_MODULE_SUFFIX);
		probed = TRUE;
	}
	return purple_plugins_find_with_id("core-si-multiple");
}

static gboolean
quit_loop(gpointer loop)
{
	g_main_loop_quit(loop);
	return FALSE;
}

void
sim_test_purple_iterate(guint ms)
{
	GMainLoop *loop = g_main_loop_new(NULL, FALSE);

	g_timeout_add(ms, quit_loop, loop);
	g_main_loop_run(loop);
	g_main_loop_unref(loop);
}
