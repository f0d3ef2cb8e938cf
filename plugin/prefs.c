/* prefs.c - defaults and preferences frame. The engine reads each value at
 * the moment it decides, so a change applies to the next transfer. */
#include "prefs.h"

#include <glib/gi18n-lib.h>

#include <prefs.h>

#include "finch-compat.h"
#include "prefs-keys.h"

void
sim_prefs_init(void)
{
	purple_prefs_add_none(SIM_PREF_ROOT);
	purple_prefs_add_bool(SIM_PREF_ENABLED, TRUE);
	purple_prefs_add_string(SIM_PREF_METHOD_ORDER, SIM_ORDER_S5B_IBB);
	purple_prefs_add_bool(SIM_PREF_MESSAGES, TRUE);
	purple_prefs_add_int(SIM_PREF_S5B_TIMEOUT, 3);
	purple_prefs_add_bool(SIM_PREF_MEMORY, TRUE);
	purple_prefs_add_int(SIM_PREF_MEMORY_HOURS, 24);
	purple_prefs_add_bool(SIM_PREF_FINCH_COMPAT, TRUE);
	purple_prefs_add_int(SIM_PREF_IBB_BLOCK, 16384);
	purple_prefs_add_int(SIM_PREF_IBB_FIXED, 0);
}

PurplePluginPrefFrame *
sim_prefs_frame(PurplePlugin *plugin G_GNUC_UNUSED)
{
	PurplePluginPrefFrame *frame = purple_plugin_pref_frame_new();
	PurplePluginPref *pref;

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_ENABLED,
		/* TRANSLATORS: si-multiple is the name of the protocol extension */
		_("Fall back between transfer methods (si-multiple)"));
	purple_plugin_pref_frame_add(frame, pref);

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_METHOD_ORDER,
		_("Transfer methods"));
	purple_plugin_pref_set_type(pref, PURPLE_PLUGIN_PREF_CHOICE);
	/* TRANSLATORS: SOCKS5 is a direct (fast) connection; in-band goes
	   through the chat server (slow, but works behind firewalls) */
	purple_plugin_pref_add_choice(pref, _("SOCKS5, then in-band"), (gpointer)SIM_ORDER_S5B_IBB);
	purple_plugin_pref_add_choice(pref, _("In-band only"), (gpointer)SIM_ORDER_IBB);
	purple_plugin_pref_add_choice(pref, _("SOCKS5 only"), (gpointer)SIM_ORDER_S5B);
	purple_plugin_pref_frame_add(frame, pref);

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_MESSAGES,
		_("Explain fallbacks and failures in the conversation"));
	purple_plugin_pref_frame_add(frame, pref);

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_S5B_TIMEOUT,
		_("Direct connection time limit (s)"));
	purple_plugin_pref_set_bounds(pref, 1, 30);
	purple_plugin_pref_frame_add(frame, pref);

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_MEMORY,
		_("Skip direct connections that failed before"));
	purple_plugin_pref_frame_add(frame, pref);

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_MEMORY_HOURS,
		_("Remember failures for (hours)"));
	purple_plugin_pref_set_bounds(pref, 1, 720);
	purple_plugin_pref_frame_add(frame, pref);

	pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_IBB_BLOCK,
		/* TRANSLATORS: in-band = the slow way through the chat server;
		   a block is the piece of the file sent in one stanza */
		_("Largest in-band block (bytes)"));
	purple_plugin_pref_set_bounds(pref, 4096, 65535);
	purple_plugin_pref_frame_add(frame, pref);

	if (sim_finch_compat_applies()) {
		pref = purple_plugin_pref_new_with_name_and_label(SIM_PREF_FINCH_COMPAT,
			/* TRANSLATORS: Finch is the text-mode client; shown only there */
			_("Fix Finch 2.14's Save File dialog (needed to receive files)"));
		purple_plugin_pref_frame_add(frame, pref);
	}
	return frame;
}
