/* report.h - tells the user and other plugins what happened to a transfer:
 * a line in the conversation with the contact (report-text.h words it, from
 * the user's side of the transfer), a debug line, and the plugin's own
 * signals (see engine.h). */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <plugin.h>

#include "transfers.h"

void sim_report_init(PurplePlugin *plugin);
/* `failed` did not work with the contact; `next` is tried now. */
void sim_report_fallback(SimTransfer *t, SimMethod failed, SimMethod next, SimReason why);
/* The transfer cannot succeed, because of `why`. */
void sim_report_failure(SimTransfer *t, SimReason why);
/* The account is going offline with the transfer (t->xfer set) under way. */
void sim_report_offline(SimTransfer *t);
/* The contact of `full_jid` on `account`, named as Pidgin names it (the
 * buddy's alias, else the bare JID; the resource when the connection `conn`
 * has seen another of the contact's devices online). g_free it. */
char *sim_report_contact_name(PurpleAccount *account, gconstpointer conn, const char *full_jid);

#endif
