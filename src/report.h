/* report.h - tells the user and other plugins what happened to a transfer:
 * a line in the conversation with the contact, a debug line, and the
 * plugin's own signals (see engine.h). */
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
/* The sentence for a reason, translated; g_free() it. */
char *sim_report_reason_text(SimReason why, const char *who);
/* Same, saying how many of the tried addresses refused (tried 0: no counts). */
char *sim_report_reason_text_counted(SimReason why, const char *who, guint tried, guint refused);

#endif
