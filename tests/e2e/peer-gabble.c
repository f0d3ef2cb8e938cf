/* peer-gabble.c - a receiver that answers as telepathy-gabble does (the
 * si-multiple reference): libpurple still receives the file, but at the edge
 * its SI accept is replaced by gabble's reply, word for word from the spec
 * page, and its SOCKS5 attempt by gabble's "all streamhosts failed" answer,
 * after which the sender must open IBB with the same stream id. */
#include "peer.h"

#include <string.h>

#define NS_SI "http://jabber.org/protocol/si"
#define NS_MULTIPLE "http://telepathy.freedesktop.org/xmpp/si-multiple"
#define NS_S5B "http://jabber.org/protocol/bytestreams"

/* The spec's "On the wire" reply, as gabble 0.19 sends it. */
static const char gabble_si[] =
	"<si xmlns='http://jabber.org/protocol/si'>"
	"<file xmlns='http://jabber.org/protocol/si/profile/file-transfer'/>"
	"<si-multiple xmlns='http://telepathy.freedesktop.org/xmpp/si-multiple'>"
	"<value>http://jabber.org/protocol/bytestreams</value>"
	"<value>http://jabber.org/protocol/ibb</value>"
	"</si-multiple></si>";

static GHashTable *multiple_offers; /* ids of offers that carried si-multiple */

/* Replaces the element children of `parent` by `child`. (libpurple keeps
 * attributes as children too: those stay.) */
static void
replace_children(xmlnode *parent, xmlnode *child)
{
	xmlnode *c, *prev = NULL, *next;

	for (c = parent->child; c != NULL; c = next) {
		next = c->next;
		if (c->type != XMLNODE_TYPE_TAG) {
			prev = c;
			continue;
		}
		if (prev != NULL)
			prev->next = next;
		else
			parent->child = next;
		c->next = NULL;
		xmlnode_free(c);
	}
	parent->lastchild = prev;
	xmlnode_insert_child(parent, child);
}

gboolean
peer_gabble_incoming(PurpleConnection *gc, xmlnode **packet)
{
	xmlnode *si, *q;

	(void)gc;
	if (multiple_offers == NULL)
		multiple_offers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (g_strcmp0((*packet)->name, "iq") != 0 ||
	    g_strcmp0(xmlnode_get_attrib(*packet, "type"), "set") != 0)
		return FALSE;
	si = xmlnode_get_child_with_namespace(*packet, "si", NS_SI);
	if (si != NULL && xmlnode_get_child_with_namespace(si, "si-multiple", NS_MULTIPLE) != NULL) {
		g_hash_table_add(multiple_offers, g_strdup(xmlnode_get_attrib(*packet, "id")));
		return FALSE; /* libpurple makes the transfer; its answer is rewritten */
	}
	q = xmlnode_get_child_with_namespace(*packet, "query", NS_S5B);
	if (q != NULL && xmlnode_get_child(q, "streamhost") != NULL) {
		/* gabble: every streamhost failed */
		peer_send_iq_error(*packet, "item-not-found");
		xmlnode_free(*packet);
		*packet = NULL;
		return TRUE;
	}
	return FALSE;
}

void
peer_gabble_outgoing(xmlnode *packet)
{
	const char *id = xmlnode_get_attrib(packet, "id");

	if (multiple_offers == NULL || id == NULL || g_strcmp0(packet->name, "iq") != 0 ||
	    g_strcmp0(xmlnode_get_attrib(packet, "type"), "result") != 0 ||
	    !g_hash_table_remove(multiple_offers, id))
		return;
	replace_children(packet, xmlnode_from_str(gabble_si, -1));
}
