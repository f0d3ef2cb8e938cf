/* peer-xfer.c - the transfer: send or auto-accept, follow it through
 * libpurple's and the plugin's signals, and check what arrived. */
#include "peer.h"

#include <string.h>

#include <glib/gstdio.h>

#define NS_S5B "http://jabber.org/protocol/bytestreams"
#define NS_IBB "http://jabber.org/protocol/ibb"

static char *
file_sha256(const char *path, guint64 *size)
{
	char *data = NULL;
	gsize len = 0;
	char *sum;

	if (!g_file_get_contents(path, &data, &len, NULL))
		return NULL;
	sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
	*size = len;
	g_free(data);
	return sum;
}

static void
set_method(const char *method)
{
	g_free(peer.method);
	peer.method = g_strdup(method);
}

/* The method actually used, as seen at the edge. */
static void
observe(xmlnode *packet, gboolean incoming)
{
	xmlnode *q, *used;
	const char *type = xmlnode_get_attrib(packet, "type");

	if (g_strcmp0(packet->name, "iq") != 0)
		return;
	if (g_strcmp0(type, "result") == 0 &&
	    (q = xmlnode_get_child_with_namespace(packet, "query", NS_S5B)) != NULL &&
	    (used = xmlnode_get_child(q, "streamhost-used")) != NULL) {
		/* the sender's own streamhost is direct; anything else a proxy */
		const char *jid = xmlnode_get_attrib(used, "jid");
		const char *sender = incoming ? peer.jid : xmlnode_get_attrib(packet, "to");

		set_method(g_strcmp0(jid, sender) == 0 ? "socks5" : "socks5-proxy");
	} else if (g_strcmp0(type, "set") == 0 &&
	           xmlnode_get_child_with_namespace(packet, "open", NS_IBB) != NULL) {
		set_method("ibb");
	}
}

static void
on_in(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	(void)gc;
	(void)data;
	if (packet != NULL && *packet != NULL)
		observe(*packet, TRUE);
}

static void
on_out(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	(void)gc;
	(void)data;
	if (packet != NULL && *packet != NULL)
		observe(*packet, FALSE);
}

/* ---- receiving ---- */

static void
on_recv_request(PurpleXfer *xfer, gpointer data)
{
	static guint n;
	char *name = g_strdup_printf("%u-%s", ++n, purple_xfer_get_filename(xfer));
	char *path = g_build_filename(peer.recv_dir, name, NULL);

	(void)data;
	g_free(name);
	peer.t_offer = peer_ms();
	purple_xfer_request_accepted(xfer, path);
	g_free(path);
}

static gboolean
check_received(gpointer data)
{
	char *path = data;

	char *sum = file_sha256(path, &peer.bytes);

	if (peer.sha256 != NULL && g_strcmp0(sum, peer.sha256) != 0)
		peer.mismatch = TRUE;
	g_free(peer.sha256);
	peer.sha256 = sum;
	g_unlink(path); /* checked; long runs must not fill the disk */
	g_free(path);
	peer_transfer_ended(peer.sha256 != NULL ? "completed" : "error");
	return FALSE;
}

/* ---- sending ---- */

static gboolean
send_now(gpointer data)
{
	PurplePlugin *prpl = purple_find_prpl("prpl-jabber");
	int i, n = MAX(peer.parallel, 1);

	(void)data;
	peer.t_offer = peer_ms();
	/* straight to the XMPP plugin: serv_send_file asks can_receive_file
	 * first, which says no for a non-contact once its caps are cached */
	for (i = 0; i < n; i++)
		PURPLE_PLUGIN_PROTOCOL_INFO(prpl)->send_file(purple_account_get_connection(peer.account),
		                                             peer.send_to, peer.send_file);
	return FALSE;
}

void
peer_xfer_start_sending(void)
{
	g_free(peer.sha256);
	peer.sha256 = file_sha256(peer.send_file, &peer.bytes);
	/* after sign-on, let the roster and disco exchanges settle */
	g_timeout_add(peer.done == 0 ? 200 : 10, send_now, NULL);
}

/* ---- both ---- */

static void
on_start(PurpleXfer *xfer, gpointer data)
{
	(void)xfer;
	(void)data;
	if (peer.t_start == 0)
		peer.t_start = peer_ms();
	if (peer.cpu_start_ms == 0)
		peer.cpu_start_ms = peer_cpu_ms();
	peer_chat_start();
}

static void
on_complete(PurpleXfer *xfer, gpointer data)
{
	(void)data;
	if (purple_xfer_get_type(xfer) == PURPLE_XFER_RECEIVE)
		/* the file is closed and flushed only after this signal */
		g_idle_add(check_received, g_strdup(purple_xfer_get_local_filename(xfer)));
	else
		peer_transfer_ended("completed");
}

static void
on_cancel(PurpleXfer *xfer, gpointer data)
{
	(void)xfer;
	(void)data;
	if (peer.reason == NULL)
		peer.reason = g_strdup(purple_xfer_get_status(xfer) == PURPLE_XFER_STATUS_CANCEL_REMOTE
		                       ? "cancelled-remote" : "cancelled-local");
	peer_transfer_ended("cancelled");
}

static void
on_plugin_fallback(PurpleXfer *xfer, const char *failed, const char *next, const char *why,
                   gpointer data)
{
	(void)xfer;
	(void)data;
	g_string_append_printf(peer.tried, "%s>%s:%s;", failed, next, why);
}

static void
on_plugin_failed(PurpleXfer *xfer, const char *why, gpointer data)
{
	(void)xfer;
	(void)data;
	g_string_append_printf(peer.tried, "failed:%s;", why);
	g_free(peer.reason);
	peer.reason = g_strdup(why);
}

void
peer_xfer_init(void)
{
	void *ft = purple_xfers_get_handle();
	PurplePlugin *jabber = purple_find_prpl("prpl-jabber");

	purple_signal_connect(ft, "file-recv-request", &peer, PURPLE_CALLBACK(on_recv_request), NULL);
	purple_signal_connect(ft, "file-send-start", &peer, PURPLE_CALLBACK(on_start), NULL);
	purple_signal_connect(ft, "file-recv-start", &peer, PURPLE_CALLBACK(on_start), NULL);
	purple_signal_connect(ft, "file-send-complete", &peer, PURPLE_CALLBACK(on_complete), NULL);
	purple_signal_connect(ft, "file-recv-complete", &peer, PURPLE_CALLBACK(on_complete), NULL);
	purple_signal_connect(ft, "file-send-cancel", &peer, PURPLE_CALLBACK(on_cancel), NULL);
	purple_signal_connect(ft, "file-recv-cancel", &peer, PURPLE_CALLBACK(on_cancel), NULL);
	purple_signal_connect_priority(jabber, "jabber-receiving-xmlnode", &peer,
	                               PURPLE_CALLBACK(on_in), NULL, PURPLE_SIGNAL_PRIORITY_HIGHEST - 1);
	purple_signal_connect_priority(jabber, "jabber-sending-xmlnode", &peer,
	                               PURPLE_CALLBACK(on_out), NULL, PURPLE_SIGNAL_PRIORITY_HIGHEST - 2);
}

void
peer_xfer_follow_plugin(void)
{
	purple_signal_connect(peer.plugin, "si-multiple-fallback", &peer,
	                      PURPLE_CALLBACK(on_plugin_fallback), NULL);
	purple_signal_connect(peer.plugin, "si-multiple-failed", &peer,
	                      PURPLE_CALLBACK(on_plugin_failed), NULL);
}
