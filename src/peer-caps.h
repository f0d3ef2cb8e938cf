/* peer-caps.h - which contacts run this plugin. We advertise our namespace
 * in disco#info; libpurple asks a contact's disco#info before offering it a
 * file, and we note the answer as it passes; a contact whose presence
 * carried entity caps is not asked, and libpurple's caps tell instead (its
 * XMPP plugin's "contact_has_feature" IPC call). Knowing the receiver runs the
 * plugin (it always answers a SOCKS5 offer within its short race) lets the
 * sender bound its wait tightly; for anyone else we leave room for their
 * slower, sequential attempts. */
#ifndef SIM_PEER_CAPS_H
#define SIM_PEER_CAPS_H

#include <connection.h>
#include <xmlnode.h>

/* Full JIDs remembered per connection, at most this many. */
#define SIM_PEER_CAPS_MAX 256

void sim_peer_caps_init(void);
void sim_peer_caps_shutdown(void);
/* Looks at an incoming stanza: a disco#info result listing our namespace
 * marks its sender as running the plugin; one without it clears the mark. */
void sim_peer_caps_observe(PurpleConnection *gc, xmlnode *stanza);
gboolean sim_peer_caps_runs_plugin(PurpleConnection *gc, const char *full_jid);
void sim_peer_caps_drop_connection(PurpleConnection *gc);

#endif
