/* peer-attack.c - a third account that meddles with someone else's live
 * transfer: it watches a victim's stanza trace (the test gives it the file)
 * for the SI offer's iq id and stream id, then sends a forged stanza:
 *   foreign-reply     a si-multiple "reply" to the sender's offer, from us;
 *   foreign-ibb-open  an in-band open for the live stream id, to the receiver.
 * Both must be ignored: the real transfer goes on unaffected. One more kind
 * is no attack but the same watch:
 *   second-device     signed on as the receiver's account with another
 *                     resource, it sends its presence to the sender once the
 *                     offer is out (directed: the test accounts share no
 *                     roster), and stays online until the sender's result is
 *                     written: the sender must name the receiver's device. */
#include "peer.h"

#include <string.h>

static GRegex *offer_re;
static guint watch_id;

static gboolean
second_device(void)
{
	return g_strcmp0(peer.attack, "second-device") == 0;
}

/* second-device: online until the sender's result file appears */
static gboolean
stay_cb(gpointer data)
{
	char *dir = g_path_get_dirname(peer.attack_watch);
	char *result = g_build_filename(dir, "sender.result", NULL);
	gboolean done = g_file_test(result, G_FILE_TEST_EXISTS);

	(void)data;
	g_free(result);
	g_free(dir);
	if (!done)
		return TRUE;
	watch_id = 0;
	peer_finish("attacked");
	return FALSE;
}

static void
announce_presence(void)
{
	xmlnode *presence = xmlnode_new("presence");

	xmlnode_set_attrib(presence, "to", peer.attack_victim);
	peer_send_stanza(presence);
}

static void
send_forged(const char *iq_id, const char *sid)
{
	xmlnode *iq = xmlnode_new("iq"), *x;

	xmlnode_set_attrib(iq, "to", peer.attack_victim);
	if (g_strcmp0(peer.attack, "foreign-reply") == 0) {
		xmlnode_set_attrib(iq, "type", "result");
		xmlnode_set_attrib(iq, "id", iq_id);
		x = xmlnode_new_child(iq, "si");
		xmlnode_set_namespace(x, "http://jabber.org/protocol/si");
		x = xmlnode_new_child(x, "si-multiple");
		xmlnode_set_namespace(x, "http://telepathy.freedesktop.org/xmpp/si-multiple");
		xmlnode_insert_data(xmlnode_new_child(x, "value"), "http://jabber.org/protocol/ibb", -1);
	} else {
		xmlnode_set_attrib(iq, "type", "set");
		xmlnode_set_attrib(iq, "id", "forged-open");
		x = xmlnode_new_child(iq, "open");
		xmlnode_set_namespace(x, "http://jabber.org/protocol/ibb");
		xmlnode_set_attrib(x, "sid", sid);
		xmlnode_set_attrib(x, "block-size", "4096");
	}
	peer_send_stanza(iq);
}

static gboolean
watch_cb(gpointer data)
{
	char *text = NULL;
	GMatchInfo *m = NULL;

	(void)data;
	if (g_file_get_contents(peer.attack_watch, &text, NULL, NULL) &&
	    g_regex_match(offer_re, text, 0, &m)) {
		char *iq_id = g_match_info_fetch(m, 1);
		char *sid = g_match_info_fetch(m, 2);

		if (second_device())
			announce_presence();
		else
			send_forged(iq_id, sid);
		g_free(iq_id);
		g_free(sid);
		g_match_info_free(m);
		g_free(text);
		if (second_device()) {
			watch_id = g_timeout_add(50, stay_cb, NULL);
			return FALSE;
		}
		watch_id = 0;
		peer_finish("attacked");
		return FALSE;
	}
	g_match_info_free(m);
	g_free(text);
	return TRUE;
}

void
peer_attack_start(void)
{
	offer_re = g_regex_new("<iq[^>]*\\sid='([^']+)'[^>]*><si xmlns='http://jabber.org/protocol/si'"
	                       "[^>]*\\sid='([^']+)'", 0, 0, NULL);
	watch_id = g_timeout_add(20, watch_cb, NULL);
}

void
peer_attack_stop(void)
{
	if (watch_id != 0)
		g_source_remove(watch_id);
	if (offer_re != NULL)
		g_regex_unref(offer_re);
}
