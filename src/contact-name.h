/* contact-name.h - how the plugin names a contact in what it tells the
 * user, the way Pidgin names buddies: the alias (the user's own, else the
 * roster's), else the bare JID; the resource only when the contact has more
 * than one device online, so the user can tell which one. Pure: no
 * libpurple state. */
#ifndef SIM_CONTACT_NAME_H
#define SIM_CONTACT_NAME_H

#include <glib.h>

/* "user@host" of "user@host/resource" (a copy; the JID itself when bare). */
char *sim_jid_bare(const char *jid);
/* The resource of a full JID, borrowed; NULL when there is none. */
const char *sim_jid_resource(const char *jid);
/* The name to show: `alias` (NULL or empty: the bare JID of `full_jid`),
 * followed by the resource in brackets when `with_resource` and the JID has
 * one, e.g. "Bob (laptop)". g_free it. */
char *sim_contact_name(const char *alias, const char *full_jid, gboolean with_resource);

#endif
