/* testutil-purple.c - headless libpurple bootstrap for tests. */
#include "testutil-purple.h"
#include "testutil-fs.h"

#include <glib/gstdio.h>

#include <purple.h>

typedef struct {
	PurpleInputFunction func;
	gpointer data;
} InputClosure;

static char *user_dir;

static gboolean
input_dispatch(GIOChannel *source, GIOCondition cond, gpointer data)
{
	InputClosure *c = data;
	int purple_cond = 0;

	if (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		purple_cond |= PURPLE_INPUT_READ;
	if (cond & (G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL))
		purple_cond |= PURPLE_INPUT_WRITE;
	c->func(c->data, g_io_channel_unix_get_fd(source), purple_cond);
	return TRUE;
}

static guint
input_add(gint fd, PurpleInputCondition cond, PurpleInputFunction func, gpointer data)
{
	InputClosure *c = g_new0(InputClosure, 1);
	GIOCondition gcond = 0;
	GIOChannel *ch = g_io_channel_unix_new(fd);
	guint id;

	c->func = func;
	c->data = data;
	if (cond & PURPLE_INPUT_READ)
		gcond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
	if (cond & PURPLE_INPUT_WRITE)
		gcond |= G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
	id = g_io_add_watch_full(ch, G_PRIORITY_DEFAULT, gcond, input_dispatch, c, g_free);
	g_io_channel_unref(ch);
	return id;
}

static PurpleEventLoopUiOps eventloop_ops = {
	g_timeout_add, g_source_remove, input_add, g_source_remove, NULL,
	g_timeout_add_seconds, NULL, NULL, NULL
};

void
sim_test_purple_init(void)
{
	user_dir = g_dir_make_tmp("sim-purple-XXXXXX", NULL);
	g_assert_nonnull(user_dir);
	purple_util_set_user_dir(user_dir);
	purple_debug_set_enabled(g_getenv("SIM_TEST_DEBUG") != NULL);
	purple_eventloop_set_ui_ops(&eventloop_ops);
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
