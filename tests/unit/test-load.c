/* test-load.c - a real headless libpurple finds the built plugin in a custom
 * plugin path, loads and unloads it, with and without an XMPP account. */
#include <locale.h>

#include <purple.h>

#include "engine.h"
#include "prefs-keys.h"
#include "testutil-purple.h"
#include "testutil.h"

static void
noop_handler(void)
{
}

/* Our own signals exist exactly while the plugin is loaded; connecting to
 * an unregistered one makes libpurple complain, which is expected then. */
static gboolean
own_signals_registered(PurplePlugin *plugin, gboolean expect)
{
	static int instance;
	gulong id;

	if (!expect)
		g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*signal_connect_common*");
	id = purple_signal_connect(plugin, SIM_SIGNAL_FALLBACK, &instance,
	                           PURPLE_CALLBACK(noop_handler), NULL);
	if (!expect)
		g_test_assert_expected_messages();
	if (id == 0)
		return FALSE;
	purple_signal_disconnect(plugin, SIM_SIGNAL_FALLBACK, &instance,
	                         PURPLE_CALLBACK(noop_handler));
	return TRUE;
}

static void
test_info(void)
{
	PurplePlugin *plugin = sim_test_find_plugin();
	PurplePluginInfo *info;

	g_assert_nonnull(plugin);
	info = plugin->info;
	g_assert_cmpstr(info->id, ==, "core-si-multiple");
	g_assert_cmpint(info->major_version, ==, PURPLE_MAJOR_VERSION);
	g_assert_cmpint(info->minor_version, <=, (int)purple_minor_version);
	g_assert_cmpint(info->type, ==, PURPLE_PLUGIN_STANDARD);
	g_assert_null(info->ui_requirement);
	g_assert_nonnull(info->name);
	g_assert_cmpstr(info->name, !=, "");
	g_assert_nonnull(info->summary);
	g_assert_nonnull(info->description);
	g_assert_nonnull(info->dependencies);
	g_assert_cmpstr(info->dependencies->data, ==, "prpl-jabber");
	g_assert_nonnull(info->prefs_info);
	g_assert_null(plugin->error);
}

static void
test_prefs_defaults(void)
{
	g_assert_nonnull(sim_test_find_plugin());
	g_assert_true(purple_prefs_exists(SIM_PREF_ENABLED));
	g_assert_true(purple_prefs_get_bool(SIM_PREF_ENABLED));
	g_assert_cmpstr(purple_prefs_get_string(SIM_PREF_METHOD_ORDER), ==, SIM_ORDER_S5B_IBB);
	g_assert_cmpint(purple_prefs_get_int(SIM_PREF_S5B_TIMEOUT), ==, 3);
	g_assert_true(purple_prefs_get_bool(SIM_PREF_MEMORY));
	g_assert_cmpint(purple_prefs_get_int(SIM_PREF_MEMORY_HOURS), ==, 24);
}

static void
test_prefs_frame(void)
{
	PurplePlugin *plugin = sim_test_find_plugin();
	PurplePluginUiInfo *ui = plugin->info->prefs_info;
	PurplePluginPrefFrame *frame = ui->get_plugin_pref_frame(plugin);
	GList *prefs = purple_plugin_pref_frame_get_prefs(frame);
	PurplePluginPref *order;

	g_assert_cmpuint(g_list_length(prefs), ==, 7);
	g_assert_cmpstr(purple_plugin_pref_get_name(g_list_nth_data(prefs, 6)), ==, SIM_PREF_IBB_BLOCK);
	g_assert_cmpstr(purple_plugin_pref_get_name(prefs->data), ==, SIM_PREF_ENABLED);
	order = prefs->next->data;
	g_assert_cmpstr(purple_plugin_pref_get_name(order), ==, SIM_PREF_METHOD_ORDER);
	g_assert_cmpint(purple_plugin_pref_get_type(order), ==, PURPLE_PLUGIN_PREF_CHOICE);
	/* label, value pairs */
	g_assert_cmpuint(g_list_length(purple_plugin_pref_get_choices(order)), ==, 6);
	purple_plugin_pref_frame_destroy(frame);
}

static void
load_unload(void)
{
	PurplePlugin *plugin = sim_test_find_plugin();

	g_assert_nonnull(plugin);
	g_assert_false(purple_plugin_is_loaded(plugin));
	g_assert_false(own_signals_registered(plugin, FALSE));
	g_assert_true(purple_plugin_load(plugin));
	g_assert_true(purple_plugin_is_loaded(plugin));
	g_assert_true(own_signals_registered(plugin, TRUE));
	sim_test_purple_iterate(50);
	g_assert_true(purple_plugin_unload(plugin));
	g_assert_false(purple_plugin_is_loaded(plugin));
	g_assert_false(own_signals_registered(plugin, FALSE));
}

static void
test_load_no_account(void)
{
	g_assert_null(purple_accounts_get_all());
	load_unload();
}

static void
test_load_with_account(void)
{
	PurpleAccount *account = purple_account_new("tester@localhost/test", "prpl-jabber");

	purple_accounts_add(account);
	g_assert_false(purple_account_get_enabled(account, "sim-test"));
	load_unload();
	purple_accounts_delete(account);
}

static void
test_load_twice(void)
{
	load_unload();
	load_unload();
}

/* The name is translated at init, through the .mo files in the locale/
 * folder beside the plugin file (the build dir, or ~/.purple/plugins after
 * make install-user). Init runs at the first probe, so this runs in a
 * fresh process that asks for German before probing. */
static void
test_translated_beside_plugin(void)
{
	char *mo;

	if (g_test_subprocess()) {
		g_unsetenv("PURPLE_SI_MULTIPLE_LOCALEDIR");
		g_setenv("LANGUAGE", "de", TRUE);
		g_assert_nonnull(setlocale(LC_ALL, "C.UTF-8"));
		g_assert_cmpstr(sim_test_find_plugin()->info->name, ==,
		                "Ausweichverfahren für Dateiübertragungen (si-multiple)");
		return;
	}
	mo = g_build_filename(g_getenv("SIM_PLUGIN_DIR"), "locale", "de", "LC_MESSAGES",
	                      "purple-si-multiple.mo", NULL);
	if (!g_file_test(mo, G_FILE_TEST_EXISTS) || setlocale(LC_ALL, "C.UTF-8") == NULL) {
		g_test_skip("no German .mo beside the plugin, or no C.UTF-8 locale");
	} else {
		setlocale(LC_ALL, "C");
		g_test_trap_subprocess(NULL, 0, 0);
		g_test_trap_assert_passed();
	}
	g_free(mo);
}

int
main(int argc, char **argv)
{
	int rc;

	sim_test_init(&argc, &argv);
	sim_test_purple_init();
	g_test_add_func("/load/info", test_info);
	g_test_add_func("/load/prefs-defaults", test_prefs_defaults);
	g_test_add_func("/load/prefs-frame", test_prefs_frame);
	g_test_add_func("/load/no-account", test_load_no_account);
	g_test_add_func("/load/with-account", test_load_with_account);
	g_test_add_func("/load/twice", test_load_twice);
	g_test_add_func("/load/translated-beside-plugin", test_translated_beside_plugin);
	rc = g_test_run();
	sim_test_purple_quit();
	return rc;
}
