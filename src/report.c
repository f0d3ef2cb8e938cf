/* report.c - puts reasons into words (translated) and announces them. */
#include "report.h"

#include <glib/gi18n-lib.h>

#include <debug.h>
#include <signals.h>

#include "engine.h"

static PurplePlugin *plugin_handle;

void
sim_report_init(PurplePlugin *plugin)
{
	plugin_handle = plugin;
}

char *
sim_report_reason_text(SimReason why, const char *who)
{
	switch (why) {
	case SIM_REASON_NO_COMMON_METHOD:
		/* TRANSLATORS: %s is the contact's address */
		return g_strdup_printf(_("%s accepted the file but with no transfer method we allow"), who);
	case SIM_REASON_S5B_FAILED:
		return g_strdup_printf(_("Direct connection to %s failed"), who);
	case SIM_REASON_S5B_NO_ANSWER:
		return g_strdup_printf(_("%s did not answer our direct connection offer in time"), who);
	case SIM_REASON_S5B_STALLED:
		return g_strdup_printf(_("Direct connection to %s took too long"), who);
	case SIM_REASON_NOTHING_ARRIVED:
		return g_strdup_printf(_("%s never started sending the file"), who);
	case SIM_REASON_IBB_NOT_OPENED:
		return g_strdup_printf(_("The in-band transfer with %s never started"), who);
	case SIM_REASON_IBB_REFUSED:
		return g_strdup_printf(_("%s refused the in-band transfer"), who);
	case SIM_REASON_NO_METHOD_LEFT:
		return g_strdup_printf(_("No transfer method is left to try with %s"), who);
	case SIM_REASON_NONE:
	default:
		return g_strdup_printf(_("The transfer with %s failed"), who);
	}
}

static const char *
account_name(SimTransfer *t)
{
	return purple_account_get_username(purple_connection_get_account(t->gc));
}

static void
write_to_conversation(SimTransfer *t, const char *msg, gboolean is_error)
{
	/* purple_xfer_conversation_write writes only where a conversation exists */
	if (t->xfer != NULL)
		purple_xfer_conversation_write(t->xfer, (char *)msg, is_error);
}

void
sim_report_fallback(SimTransfer *t, SimMethod failed, SimMethod next, SimReason why)
{
	char *reason = sim_report_reason_text(why, t->peer);
	char *msg = next == SIM_METHOD_IBB
		? g_strdup_printf(_("%s; using an in-band transfer instead, which is slower"), reason)
		: g_strdup_printf(_("%s; trying another method"), reason);

	purple_debug_info("si-multiple", "%s: sid %s with %s: %s failed (%s), trying %s\n",
	                  account_name(t), t->sid, t->peer, sim_method_name(failed),
	                  sim_reason_name(why), sim_method_name(next));
	write_to_conversation(t, msg, FALSE);
	if (t->xfer != NULL)
		purple_signal_emit(plugin_handle, SIM_SIGNAL_FALLBACK, t->xfer,
		                   sim_method_name(failed), sim_method_name(next),
		                   sim_reason_name(why));
	g_free(msg);
	g_free(reason);
}

void
sim_report_failure(SimTransfer *t, SimReason why)
{
	char *reason = sim_report_reason_text(why, t->peer);

	purple_debug_info("si-multiple", "%s: sid %s with %s failed: %s\n",
	                  account_name(t), t->sid, t->peer, sim_reason_name(why));
	write_to_conversation(t, reason, TRUE);
	if (t->xfer != NULL)
		purple_signal_emit(plugin_handle, SIM_SIGNAL_FAILED, t->xfer,
		                   sim_reason_name(why));
	g_free(reason);
}
