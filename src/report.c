/* report.c - announces what happened, in words (report-text.c) naming the
 * contact as Pidgin does (contact-name.c). */
#include "report.h"

#include <blist.h>
#include <conversation.h>
#include <debug.h>
#include <prefs.h>
#include <signals.h>

#include "contact-name.h"
#include "contact-resources.h"
#include "engine.h"
#include "prefs-keys.h"
#include "report-text.h"

static PurplePlugin *plugin_handle;

void
sim_report_init(PurplePlugin *plugin)
{
	plugin_handle = plugin;
}

char *
sim_report_contact_name(PurpleAccount *account, gconstpointer conn, const char *full_jid)
{
	char *bare = sim_jid_bare(full_jid), *name;
	PurpleBuddy *buddy = bare != NULL ? purple_find_buddy(account, bare) : NULL;

	/* purple_buddy_get_alias: the user's alias, the contact's, the
	 * server's, else the buddy's name (the bare JID), as Pidgin shows it;
	 * the resource when another of the contact's devices is online */
	name = sim_contact_name(buddy != NULL ? purple_buddy_get_alias(buddy) : NULL, full_jid,
	                        sim_resources_others_online(conn, full_jid) > 0);
	g_free(bare);
	return name;
}

static SimRole
role_of(SimTransfer *t)
{
	return sim_session_role(t->session);
}

static char *
reason_for(SimTransfer *t, SimReason why)
{
	char *who = sim_report_contact_name(purple_connection_get_account(t->gc), t->gc, t->peer);
	char *text = sim_text_reason(why, role_of(t), who, t->s5b_tried, t->s5b_refused);

	g_free(who);
	return text;
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

void
sim_report_fallback(SimTransfer *t, SimMethod failed, SimMethod next, SimReason why)
{
	char *reason = reason_for(t, why);
	char *msg = sim_text_fallback(role_of(t), next, reason);

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
	char *reason = reason_for(t, why);
	char *msg = sim_text_failure(t->xfer != NULL ? purple_xfer_get_filename(t->xfer) : NULL,
	                             reason);

	purple_debug_info("si-multiple", "%s: sid %s with %s failed: %s\n",
	                  account_name(t), t->sid, t->peer, sim_reason_name(why));
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
	char *msg = sim_text_offline(purple_xfer_get_filename(t->xfer));

	purple_debug_info("si-multiple", "%s: sid %s with %s stopped: account offline\n",
	                  account_name(t), t->sid, t->peer);
	write_to_conversation(t, msg, TRUE);
	purple_signal_emit(plugin_handle, SIM_SIGNAL_FAILED, t->xfer, "account-offline");
	g_free(msg);
}
