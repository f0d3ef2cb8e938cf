/* contact-resources.h - which resources (devices) of each contact are
 * online, per connection, learnt from the presence stanzas that arrive:
 * libpurple's public API shows one presence per buddy, but a message naming
 * the contact must say which device when there are several. Keyed by an
 * opaque connection pointer, so it is testable without libpurple. Presence
 * seen before the plugin loaded is unknown: such a contact counts as one
 * device until it changes presence. */
#ifndef SIM_CONTACT_RESOURCES_H
#define SIM_CONTACT_RESOURCES_H

#include <glib.h>

/* Caps: presence from beyond them is not tracked (the wire sets no size). */
#define SIM_RESOURCES_MAX_CONTACTS 1024
#define SIM_RESOURCES_MAX_PER_CONTACT 16

void sim_resources_shutdown(void);
/* A presence from `from` (a full JID) with its type attribute (NULL for
 * available). Unavailable removes the resource; error and subscription
 * types change nothing. */
void sim_resources_presence(gconstpointer conn, const char *from, const char *type);
/* Online resources of the bare JID `contact` (a full JID's resource is
 * ignored). */
guint sim_resources_online(gconstpointer conn, const char *contact);
/* The contact's online resources other than the one of `full_jid` (which
 * is online: we are talking to it, presence seen or not). */
guint sim_resources_others_online(gconstpointer conn, const char *full_jid);
void sim_resources_drop_connection(gconstpointer conn);

#endif
