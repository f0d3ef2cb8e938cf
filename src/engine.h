/* engine.h - the libpurple side of the plugin: connects the XMPP plugin's
 * signals to the codec and the per-transfer state machine. The plugin entry
 * (plugin/) calls start on load and stop on unload; stop undoes everything
 * start and later events did (handlers, timers, watchers, state). */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <plugin.h>

/* The plugin's own signals, registered on the plugin handle by start, so
 * that other plugins and the test peers can follow what happens:
 *   "si-multiple-fallback" (PurpleXfer *xfer, const char *failed_method,
 *                           const char *next_method, const char *reason)
 *   "si-multiple-failed"   (PurpleXfer *xfer, const char *reason)
 * Method names are sim_method_name() values ("socks5", "ibb"); reasons are
 * sim_reason_name() values, or "account-offline" when the account went
 * offline with the transfer under way. */
#define SIM_SIGNAL_FALLBACK "si-multiple-fallback"
#define SIM_SIGNAL_FAILED   "si-multiple-failed"

/* FALSE (with a debug line saying why) when the XMPP plugin is missing. */
gboolean sim_engine_start(PurplePlugin *plugin);
void sim_engine_stop(PurplePlugin *plugin);
/* Forgets every remembered SOCKS5 failure (a plugin action). */
void sim_engine_forget_failures(void);

#endif
