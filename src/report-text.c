/* report-text.c - the plugin's sentences (see report-text.h). */
#include "report-text.h"

#include <glib/gi18n-lib.h>

/* "(2 addresses refused)", "(1 of 3 addresses refused, the rest did not
 * answer)", "(2 addresses did not answer)"; "" without counts. */
static char *
address_counts(guint tried, guint refused)
{
	if (tried == 0)
		return g_strdup("");
	if (refused == tried)
		/* TRANSLATORS: network addresses of a computer or relay that one
		   side tried to connect to directly */
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, " (%u address refused)", " (%u addresses refused)",
		                                tried), tried);
	if (refused == 0)
		/* TRANSLATORS: network addresses that gave no answer at all */
		return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, " (%u address did not answer)",
		                                " (%u addresses did not answer)", tried), tried);
	/* TRANSLATORS: first %u: refused addresses, second %u: all tried */
	return g_strdup_printf(g_dngettext(GETTEXT_PACKAGE, " (%u of %u address refused, the rest did not answer)",
	                                " (%u of %u addresses refused, the rest did not answer)",
	                                tried), refused, tried);
}

/* The sender's view: the receiver is the one that connects to the
 * sender's addresses (or its server's relay) and reports how that went. */
static char *
s5b_failed_sender(const char *who, guint tried, guint refused)
{
	char *counts, *text;

	if (tried == 0)
		/* TRANSLATORS: %s is the contact; a contact without this plugin
		   says only that none of your addresses (or relays) worked */
		return g_strdup_printf(_("%s could not connect to you directly (no address worked)"), who);
	counts = address_counts(tried, refused);
	/* TRANSLATORS: %s is the contact, the second %s the counts the
	   contact reported, in brackets, e.g. "Bob could not connect to you
	   directly (2 addresses did not answer)" */
	text = g_strdup_printf(_("%s could not connect to you directly%s"), who, counts);
	g_free(counts);
	return text;
}

static char *
s5b_failed_receiver(const char *who, guint tried, guint refused)
{
	char *counts = address_counts(tried, refused), *text;

	/* TRANSLATORS: %s is the contact sending you a file, the second %s the
	   counts in brackets (may be empty), e.g. "Could not connect to Alice
	   directly (2 addresses refused)" */
	text = g_strdup_printf(_("Could not connect to %s directly%s"), who, counts);
	g_free(counts);
	return text;
}

static char *
sender_sentence(SimReason why, const char *who)
{
	switch (why) {
	case SIM_REASON_NO_COMMON_METHOD:
		/* TRANSLATORS: you are sending; %s is the contact */
		return g_strdup_printf(_("%s accepted the file, but with no transfer method you allow"), who);
	case SIM_REASON_S5B_NO_ANSWER:
		/* TRANSLATORS: you are sending; the contact never answered your
		   offer of addresses to connect to */
		return g_strdup_printf(_("%s did not answer the offer to connect directly"), who);
	case SIM_REASON_S5B_STALLED:
		/* TRANSLATORS: you are sending; %s is the contact */
		return g_strdup_printf(_("Connecting directly with %s took too long"), who);
	case SIM_REASON_NOTHING_ARRIVED:
		/* TRANSLATORS: you are sending; %s accepted but took no data */
		return g_strdup_printf(_("%s never started receiving the file"), who);
	case SIM_REASON_IBB_NOT_OPENED:
		/* TRANSLATORS: "in-band": through the chat server, slower */
		return g_strdup_printf(_("%s never answered the start of the in-band transfer"), who);
	case SIM_REASON_IBB_REFUSED:
		/* TRANSLATORS: you are sending; %s is the contact */
		return g_strdup_printf(_("%s refused the in-band transfer"), who);
	case SIM_REASON_NO_METHOD_LEFT:
		/* TRANSLATORS: you are sending; every transfer method failed */
		return g_strdup_printf(_("No way is left to send the file to %s"), who);
	case SIM_REASON_IBB_DATA_ERROR:
		/* TRANSLATORS: %s is the contact; a block is one piece of the file */
		return g_strdup_printf(_("%s's client rejected a block of the in-band transfer"), who);
	case SIM_REASON_IBB_NO_ACK:
		/* TRANSLATORS: you are sending; %s stopped confirming the blocks */
		return g_strdup_printf(_("%s stopped answering the in-band transfer"), who);
	case SIM_REASON_UNLOADED:
		/* TRANSLATORS: the plugin is this one (File Transfer Fallback) */
		return g_strdup(_("the file transfer plugin that was sending it in-band was unloaded"));
	case SIM_REASON_S5B_FAILED: /* handled by the caller */
	case SIM_REASON_NONE:
	default:
		/* TRANSLATORS: you are sending; no more precise reason is known */
		return g_strdup_printf(_("The transfer to %s failed"), who);
	}
}

static char *
receiver_sentence(SimReason why, const char *who)
{
	switch (why) {
	case SIM_REASON_NO_COMMON_METHOD:
		/* TRANSLATORS: you are receiving; %s is the contact */
		return g_strdup_printf(_("%s offered the file with no transfer method you allow"), who);
	case SIM_REASON_S5B_NO_ANSWER:
		/* TRANSLATORS: you are receiving; %s is the contact sending the file */
		return g_strdup_printf(_("%s did not take up the direct connection in time"), who);
	case SIM_REASON_S5B_STALLED:
		/* TRANSLATORS: you are receiving; connecting to the sender's
		   addresses ran out of time */
		return g_strdup_printf(_("Connecting directly to %s took too long"), who);
	case SIM_REASON_NOTHING_ARRIVED:
		/* TRANSLATORS: you are receiving; %s is the contact */
		return g_strdup_printf(_("%s never started sending the file"), who);
	case SIM_REASON_IBB_NOT_OPENED:
		/* TRANSLATORS: you are receiving; "in-band": through the chat server */
		return g_strdup_printf(_("%s never started the in-band transfer"), who);
	case SIM_REASON_IBB_REFUSED:
		/* TRANSLATORS: you are receiving; %s is the contact */
		return g_strdup_printf(_("The in-band transfer from %s was refused"), who);
	case SIM_REASON_NO_METHOD_LEFT:
		/* TRANSLATORS: you are receiving; every transfer method failed */
		return g_strdup_printf(_("No way is left to receive the file from %s"), who);
	case SIM_REASON_IBB_DATA_ERROR:
		/* TRANSLATORS: you are receiving; a block is one piece of the file */
		return g_strdup_printf(_("A block of the in-band transfer from %s was rejected"), who);
	case SIM_REASON_IBB_NO_ACK:
		/* TRANSLATORS: you are receiving; %s is the contact */
		return g_strdup_printf(_("%s stopped sending the in-band transfer"), who);
	case SIM_REASON_UNLOADED:
		/* TRANSLATORS: you are receiving; the plugin is this one */
		return g_strdup(_("the file transfer plugin that was receiving it in-band was unloaded"));
	case SIM_REASON_S5B_FAILED: /* handled by the caller */
	case SIM_REASON_NONE:
	default:
		/* TRANSLATORS: you are receiving; no more precise reason is known */
		return g_strdup_printf(_("The transfer from %s failed"), who);
	}
}

char *
sim_text_reason(SimReason why, SimRole role, const char *who, guint tried, guint refused)
{
	refused = MIN(refused, tried);
	if (why == SIM_REASON_S5B_FAILED)
		return role == SIM_ROLE_SENDER ? s5b_failed_sender(who, tried, refused)
		                               : s5b_failed_receiver(who, tried, refused);
	return role == SIM_ROLE_SENDER ? sender_sentence(why, who) : receiver_sentence(why, who);
}

char *
sim_text_fallback(SimRole role, SimMethod next, const char *reason)
{
	if (next != SIM_METHOD_IBB)
		/* TRANSLATORS: %s is a reason, as in the sentences above */
		return g_strdup_printf(_("%s; trying another method"), reason);
	return g_strdup_printf(role == SIM_ROLE_SENDER
		/* TRANSLATORS: %s is a reason such as "Bob could not connect to
		   you directly (2 addresses did not answer)" */
		? _("%s; sending in-band instead, which is slower")
		/* TRANSLATORS: %s is a reason such as "Could not connect to Alice
		   directly (2 addresses refused)" */
		: _("%s; receiving in-band instead, which is slower"), reason);
}

char *
sim_text_failure(const char *file, const char *reason)
{
	if (file == NULL)
		/* TRANSLATORS: %s is a reason */
		return g_strdup_printf(_("File transfer failed: %s"), reason);
	/* TRANSLATORS: first %s is the file name, second a reason */
	return g_strdup_printf(_("Transfer of %s failed: %s"), file, reason);
}

char *
sim_text_offline(const char *file)
{
	if (file == NULL)
		/* TRANSLATORS: your own account lost its connection */
		return g_strdup(_("File transfer stopped: your account went offline"));
	/* TRANSLATORS: %s is the file name */
	return g_strdup_printf(_("Transfer of %s stopped: your account went offline"), file);
}
