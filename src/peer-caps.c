/* peer-caps.c - contacts known to run this plugin (see peer-caps.h). */
#include "peer-caps.h"

#include <plugin.h>
#include <prpl.h>

#include "si-codec.h"

#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"

static GHashTable *by_conn; /* gc -> GHashTable (set of full JIDs) */

void
sim_peer_caps_init(void)
{
	by_conn = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                (GDestroyNotify)g_hash_table_destroy);
}

void
sim_peer_caps_shutdown(void)
{
	if (by_conn != NULL)
		g_hash_table_destroy(by_conn);
	by_conn = NULL;
}

static gboolean
lists_our_feature(xmlnode *query)
{
	xmlnode *f;
	guint seen = 0;

	for (f = xmlnode_get_child(query, "feature"); f != NULL && seen < 512;
	     f = xmlnode_get_next_twin(f), seen++)
		if (g_strcmp0(xmlnode_get_attrib(f, "var"), SIM_NS_MULTIPLE) == 0)
			return TRUE;
	return FALSE;
}

void
sim_peer_caps_observe(PurpleConnection *gc, xmlnode *stanza)
{
	const char *from = xmlnode_get_attrib(stanza, "from");
	xmlnode *query;
	GHashTable *jids;

	if (by_conn == NULL || from == NULL || g_strcmp0(stanza->name, "iq") != 0 ||
	    g_strcmp0(xmlnode_get_attrib(stanza, "type"), "result") != 0 ||
	    (query = xmlnode_get_child_with_namespace(stanza, "query", NS_DISCO_INFO)) == NULL ||
	    xmlnode_get_attrib(query, "node") != NULL) /* caps node queries say nothing of a JID */
		return;
	jids = g_hash_table_lookup(by_conn, gc);
	if (!lists_our_feature(query)) {
		if (jids != NULL)
			g_hash_table_remove(jids, from);
		return;
	}
	if (jids == NULL) {
		jids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_insert(by_conn, gc, jids);
	}
	if (g_hash_table_size(jids) >= SIM_PEER_CAPS_MAX)
		g_hash_table_remove_all(jids); /* never grows without bound */
	g_hash_table_add(jids, g_strdup(from));
}

/* What libpurple's XMPP plugin knows of the contact's entity caps (its
 * "contact_has_feature" IPC call): a contact in the roster sends caps with
 * its presence, libpurple resolves them through a caps node query (which
 * names no JID) and then asks the contact nothing before the offer. */
static gboolean
caps_list_our_feature(PurpleConnection *gc, const char *full_jid)
{
	PurplePlugin *jabber = purple_find_prpl("prpl-jabber");
	gboolean ok = FALSE;
	gpointer has;

	if (jabber == NULL || gc == NULL || purple_connection_get_account(gc) == NULL)
		return FALSE;
	has = purple_plugin_ipc_call(jabber, "contact_has_feature", &ok,
	                             purple_connection_get_account(gc), full_jid, SIM_NS_MULTIPLE);
	return ok && GPOINTER_TO_INT(has);
}

gboolean
sim_peer_caps_runs_plugin(PurpleConnection *gc, const char *full_jid)
{
	GHashTable *jids = by_conn ? g_hash_table_lookup(by_conn, gc) : NULL;

	if (full_jid == NULL)
		return FALSE;
	if (jids != NULL && g_hash_table_contains(jids, full_jid))
		return TRUE;
	return caps_list_our_feature(gc, full_jid);
}

void
sim_peer_caps_drop_connection(PurpleConnection *gc)
{
	if (by_conn != NULL)
		g_hash_table_remove(by_conn, gc);
}
