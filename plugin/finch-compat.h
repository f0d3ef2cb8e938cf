/* finch-compat.h - compatibility fix for Finch 2.14's file dialog, so that
 * Finch users can receive files at all (issue 7).
 *
 * Finch 2.14's "Save File..." dialog answers a request twice: when the user
 * presses Select it reports the choice with the bare file name (no folder)
 * and then, while closing its own window, reports "cancelled" as well; an
 * incoming transfer is accepted and denied in the same instant. Under Finch
 * only (UI id "gnt-purple") and while the preference is on, this module puts
 * a guard between libpurple and Finch's file and folder dialogs: the first
 * answer wins, later ones are dropped (also Finch's "cancel" for a request
 * libpurple closed itself, which crashes Finch 2.14 at quit), and the
 * chosen file keeps the full path the dialog showed. Nothing is done under
 * any other UI. */
#ifndef SIM_PLUGIN_FINCH_COMPAT_H
#define SIM_PLUGIN_FINCH_COMPAT_H

#include <plugin.h>

/* Boolean, default TRUE (only read under Finch). */
#define SIM_PREF_FINCH_COMPAT "/plugins/core/si-multiple/finch_compat"

/* TRUE when running under Finch, the only UI the fix applies to. */
gboolean sim_finch_compat_applies(void);

/* From plugin load: under Finch, follows the preference (applies the fix
 * now if it is on, and whenever it is switched on later). Does nothing
 * under other UIs. */
void sim_finch_compat_enable(PurplePlugin *plugin);

/* From plugin unload (safe to call when enable did nothing): restores
 * Finch's own request operations and closes, as cancelled, any file dialog
 * still open under the guard, so that nothing in Finch keeps a pointer into
 * this plugin's code or memory. */
void sim_finch_compat_disable(void);

#endif
