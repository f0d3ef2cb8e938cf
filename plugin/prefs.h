/* prefs.h - the plugin's preferences: defaults and the frame that Pidgin
 * and Finch both show (libpurple's toolkit-neutral plugin-pref API). */
#ifndef SIM_PLUGIN_PREFS_H
#define SIM_PLUGIN_PREFS_H

#include <plugin.h>
#include <pluginpref.h>

/* Registers the defaults (existing values are kept). */
void sim_prefs_init(void);
/* Builds the preferences frame; libpurple frees it. */
PurplePluginPrefFrame *sim_prefs_frame(PurplePlugin *plugin);

#endif
