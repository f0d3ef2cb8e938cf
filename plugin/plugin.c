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

/* 2.11 is the oldest libpurple with purple_proxy_connect_socks5_account,
 * the newest public API the engine uses. */
#define SIM_PURPLE_MINOR 11

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
forget_failures_cb(PurplePluginAction *action)
{
	(void)action;
	sim_engine_forget_failures();
}

/* Shown by Pidgin (Tools menu) and Finch (Actions) alike. */
static GList *
plugin_actions(PurplePlugin *plugin, gpointer context)
{
	(void)plugin;
	(void)context;
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

static void
init_plugin(PurplePlugin *plugin)
{
	/* an uninstalled build (tests, trying it out) points at its own .mo files */
	const char *localedir = g_getenv("PURPLE_SI_MULTIPLE_LOCALEDIR");

	bindtextdomain(GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
	(void)plugin;
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	/* translated here, not in the static info, so the user's language is
	 * the one bound above (the pidgin-otr pattern) */
	info.name = _("File Transfer Fallback (si-multiple)");
	info.summary = _("XMPP file transfers that survive broken networks");
	info.description = _("When a direct (SOCKS5) file transfer cannot connect, falls back "
	                     "to an in-band transfer through the server, using the si-multiple "
	                     "extension with contacts that support it, and fails fast with a "
	                     "clear reason when nothing can work.");
	if (info.dependencies == NULL)
		info.dependencies = g_list_append(NULL, (gpointer)"prpl-jabber");
	sim_prefs_init();
}

PURPLE_INIT_PLUGIN(si_multiple, init_plugin, info)
