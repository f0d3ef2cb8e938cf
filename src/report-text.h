/* report-text.h - what the plugin tells the user, put into words from the
 * user's own point of view (sending or receiving), translated. Pure: the
 * caller names the contact (contact-name.h) and writes the text. */
#ifndef SIM_REPORT_TEXT_H
#define SIM_REPORT_TEXT_H

#include "fallback.h"

/* The sentence for `why` as the user in `role` lives it, about the contact
 * `who`. For SOCKS5 failures tried/refused count the addresses: the
 * receiver's own, or those the receiver reported to the sender; tried 0:
 * not known. Every reason has a sentence for each role. g_free it. */
char *sim_text_reason(SimReason why, SimRole role, const char *who, guint tried, guint refused);
/* "<reason>; sending in-band instead, which is slower" and the like. */
char *sim_text_fallback(SimRole role, SimMethod next, const char *reason);
/* "Transfer of <file> failed: <reason>"; file NULL: without its name. */
char *sim_text_failure(const char *file, const char *reason);
/* The account went offline during the transfer of `file` (may be NULL). */
char *sim_text_offline(const char *file);

#endif
