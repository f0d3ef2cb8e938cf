/* report.c - puts reasons into words (translated) and announces them. */
#include "report.h"

#include <glib/gi18n-lib.h>

#include <conversation.h>
#include <debug.h>
#include <prefs.h>
#include <signals.h>

#include "engine.h"
#include "prefs-keys.h"

static PurplePlugin *plugin_handle;
static char *reason_sentence(SimReason why, const char *who);

void
sim_report_init(PurplePlugin *plugin)
{
	plugin_handle = plugin;
}

char *
sim_report_reason_text(SimReason why, const char *who)
{
	return sim_report_reason_text_counted(why, who, 0, 0);
}

/* "(2 addresses refused)", "(1 of 3 addresses refused, the rest did not
 * answer)", "(2 addresses did not answer)"; "" without counts. */
static char *
address_counts(guint tried, guint refused)
{
	if (tried == 0)
		return g_strdup("");
	if (refused == tried)
		/* TRANSLATORS: network addresses of the contact's computer or relay */
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, " (%u address refused)", " (%u addresses refused)",
		                                tried), tried);
	if (refused == 0)
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, " (%u address did not answer)",
		                                " (%u addresses did not answer)", tried), tried);
	/* TRANSLATORS: first %u: refused addresses, second %u: all tried */
	return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, " (%u of %u address refused, the rest did not answer)",
	                                " (%u of %u addresses refused, the rest did not answer)",
	                                tried), refused, tried);
}

char *
sim_report_reason_text_counted(SimReason why, const char *who, guint tried, guint refused)
{
	char *counts, *text;

	if (why != SIM_REASON_S5B_FAILED)
		return reason_sentence(why, who);
	counts = address_counts(tried, refused);
	/* TRANSLATORS: %s is the contact, the second %s the counts in brackets
	   (may be empty), e.g. "Direct connection to alice@example.org failed
	   (2 addresses refused)" */
	text = g_strdup_printf(_("Direct connection to %s failed%s"), who, counts);
	g_free(counts);
	return text;
}

static char *
reason_sentence(SimReason why, const char *who)
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
	case SIM_REASON_IBB_DATA_ERROR:
		/* TRANSLATORS: %s is the contact; a block is one piece of the file */
		return g_strdup_printf(_("%s's client rejected a block of the in-band transfer"), who);
	case SIM_REASON_IBB_NO_ACK:
		return g_strdup_printf(_("%s stopped answering the in-band transfer"), who);
	case SIM_REASON_UNLOADED:
		/* TRANSLATORS: the plugin is this one (File Transfer Fallback) */
		return g_strdup(_("the file transfer plugin that was sending it in-band was unloaded"));
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

/* Into the conversation with the contact, opened if need be: that is where
 * the user looks while a file comes or goes. */
static void
write_to_conversation(SimTransfer *t, const char *msg, gboolean is_error)
{
	PurpleAccount *account = purple_connection_get_account(t->gc);
	PurpleConversation *conv;

	if (!purple_prefs_get_bool(SIM_PREF_MESSAGES))
		return;
	conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, t->peer, account);
	if (conv == NULL)
		conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, account, t->peer);
	purple_conversation_write(conv, NULL, msg,
	                          PURPLE_MESSAGE_SYSTEM | (is_error ? PURPLE_MESSAGE_ERROR : 0),
	                          time(NULL));
}

static gboolean
sending(SimTransfer *t)
{
	return sim_session_role(t->session) == SIM_ROLE_SENDER;
}

void
sim_report_fallback(SimTransfer *t, SimMethod failed, SimMethod next, SimReason why)
{
	char *reason = sim_report_reason_text_counted(why, t->peer, t->s5b_tried, t->s5b_refused);
	char *msg;

	if (next == SIM_METHOD_IBB)
		msg = g_strdup_printf(sending(t)
			/* TRANSLATORS: %s is a reason such as "Direct connection to
			   alice@example.org failed (2 addresses refused)" */
			? _("%s; sending in-band instead, which is slower")
			: _("%s; receiving in-band instead, which is slower"), reason);
	else
		msg = g_strdup_printf(_("%s; trying another method"), reason);

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
	char *reason = sim_report_reason_text_counted(why, t->peer, t->s5b_tried, t->s5b_refused);
	char *msg;

	purple_debug_info("si-multiple", "%s: sid %s with %s failed: %s\n",
	                  account_name(t), t->sid, t->peer, sim_reason_name(why));
	msg = t->xfer != NULL && purple_xfer_get_filename(t->xfer) != NULL
		/* TRANSLATORS: first %s is the file name, second a reason */
		? g_strdup_printf(_("Transfer of %s failed: %s"), purple_xfer_get_filename(t->xfer), reason)
		: g_strdup_printf(_("File transfer failed: %s"), reason);
	write_to_conversation(t, msg, TRUE);
	if (t->xfer != NULL)
		purple_signal_emit(plugin_handle, SIM_SIGNAL_FAILED, t->xfer,
		                   sim_reason_name(why));
	g_free(msg);
	g_free(reason);
}

void
sim_report_offline(SimTransfer *t)
{
	const char *file = purple_xfer_get_filename(t->xfer);
	char *msg;

	purple_debug_info("si-multiple", "%s: sid %s with %s stopped: account offline\n",
	                  account_name(t), t->sid, t->peer);
	msg = file != NULL
		/* TRANSLATORS: %s is the file name */
		? g_strdup_printf(_("Transfer of %s stopped: your account went offline"), file)
		: g_strdup(_("File transfer stopped: your account went offline"));
	write_to_conversation(t, msg, TRUE);
	purple_signal_emit(plugin_handle, SIM_SIGNAL_FAILED, t->xfer, "account-offline");
	g_free(msg);
}
