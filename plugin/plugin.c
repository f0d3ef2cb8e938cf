/* plugin.c - purple-si-multiple's entry point: plugin info, load/unload,
 * translations. A core plugin: no toolkit code, so Pidgin and Finch alike. */
#include <glib.h>
#include <glib/gi18n-lib.h>

#include <debug.h>
#include <plugin.h>
#include <version.h>

#include "engine.h"
#include "finch-compat.h"
#include "prefs.h"

/* The oldest libpurple minor we need: 2.8 added
 * purple_proxy_connect_socks5_account, the newest API the engine calls
 * (libpurple's ChangeLog.API). The rest is older: plugins may emit
 * jabber-sending-xmlnode with their own stanza and the XMPP plugin has the
 * add_feature IPC call since 2.6. Declaring the headers' minor instead
 * would make older libpurple refuse to load us. */
#define SIM_PURPLE_MINOR 8

static gboolean
plugin_load(PurplePlugin *plugin)
{
	purple_debug_info("si-multiple", "loading %s\n", VERSION);
	if (!sim_engine_start(plugin))
		return FALSE;
	sim_finch_compat_enable(plugin); /* does nothing outside Finch */
	return TRUE;
}

static gboolean
plugin_unload(PurplePlugin *plugin)
{
	sim_finch_compat_disable();
	sim_engine_stop(plugin);
	purple_debug_info("si-multiple", "unloaded\n");
	return TRUE;
}

static void
forget_failures_cb(PurplePluginAction *action G_GNUC_UNUSED)
{
	sim_engine_forget_failures();
}

/* Shown by Pidgin (Tools menu) and Finch (Actions) alike. */
static GList *
plugin_actions(PurplePlugin *plugin G_GNUC_UNUSED, gpointer context G_GNUC_UNUSED)
{
	return g_list_append(NULL, purple_plugin_action_new(
		_("Forget failed direct connections"), forget_failures_cb));
}

static PurplePluginUiInfo prefs_info = {
	sim_prefs_frame, 0, NULL, NULL, NULL, NULL, NULL
};

static PurplePluginInfo info = {
	PURPLE_PLUGIN_MAGIC,
	PURPLE_MAJOR_VERSION,
	SIM_PURPLE_MINOR,
	PURPLE_PLUGIN_STANDARD,
	NULL,                       /* ui_requirement: none, any UI */
	0,
	NULL,                       /* dependencies: set in init */
	PURPLE_PRIORITY_DEFAULT,
	SIM_PLUGIN_ID,
	NULL,                       /* name, summary, description: set in init, translated */
	VERSION,
	NULL,
	NULL,
	"purple-si-multiple developers",
	"https://github.com/purple-si-multiple/purple-si-multiple",
	plugin_load,
	plugin_unload,
	NULL,
	NULL,
	NULL,
	&prefs_info,
	plugin_actions,
	NULL, NULL, NULL, NULL
};

/* Where our .mo files are: $PURPLE_SI_MULTIPLE_LOCALEDIR if set (tests),
 * else a locale/ folder beside the plugin file if there is one (a build
 * tree, or `make install-user`), else the system LOCALEDIR. */
static char *
locale_dir(const PurplePlugin *plugin)
{
	const char *env = g_getenv("PURPLE_SI_MULTIPLE_LOCALEDIR");
	char *dir, *beside;

	if (env != NULL && *env != '\0')
		return g_strdup(env);
	if (plugin->path == NULL)
		return g_strdup(LOCALEDIR);
	dir = g_path_get_dirname(plugin->path);
	beside = g_build_filename(dir, "locale", NULL);
	g_free(dir);
	if (g_file_test(beside, G_FILE_TEST_IS_DIR))
		return beside;
	g_free(beside);
	return g_strdup(LOCALEDIR);
}

static void
bind_text_domain(const PurplePlugin *plugin)
{
	char *dir = locale_dir(plugin);

	bindtextdomain(GETTEXT_PACKAGE, dir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	g_free(dir);
}

static void
init_plugin(PurplePlugin *plugin)
{
	bind_text_domain(plugin);
	/* translated here, not in the static info, so the user's language is
	 * the one bound above (the pidgin-otr pattern) */
	info.name = _("File Transfer Fallback (si-multiple)");
	info.summary = _("XMPP file transfers that survive broken networks");
	info.description = _("When a direct (SOCKS5) file transfer cannot connect, falls back "
	                     "to an in-band transfer through the server, using the si-multiple "
	                     "extension with contacts that support it, and fails fast with a "
	                     "clear reason when nothing can work.");
	/* init runs once per probe of the file; add the dependency only once */
	if (info.dependencies == NULL)
		info.dependencies = g_list_append(NULL, (gpointer)"prpl-jabber");
	sim_prefs_init();
}

PURPLE_INIT_PLUGIN(si_multiple, init_plugin, info)
