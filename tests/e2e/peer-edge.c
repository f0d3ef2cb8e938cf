/* peer-edge.c - what crosses this peer's network edge: every stanza is
 * traced, and faults are applied here, before any plugin sees an incoming
 * stanza and after every plugin touched an outgoing one. All fault
 * endpoints are on 127.0.0.1, on ports this process owns. */
#include "peer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NS_S5B "http://jabber.org/protocol/bytestreams"
#define NS_IBB "http://jabber.org/protocol/ibb"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

static int blackhole_fd = -1;    /* listens, never accepts */
static guint16 blackhole_port;
static int badsocks_fd = -1;     /* accepts, fails every SOCKS5 CONNECT */
static guint16 badsocks_port;
static guint badsocks_watch;
static guint16 refused_port;     /* nothing listens there */

/* ---- local endpoints ---- */

static int
listen_loopback(guint16 *port)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		perror("listen on 127.0.0.1");
		exit(2);
	}
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Answers a SOCKS5 greeting with "no auth", then any CONNECT with
 * "host unreachable": the handshake fails as with a wrong DST.ADDR hash. */
static void
badsocks_serve(int fd)
{
	static const char greet_reply[] = { 5, 0 };
	static const char connect_reply[] = { 5, 4, 0, 1, 0, 0, 0, 0, 0, 0 };
	char buf[512];
	struct timeval tv = { 2, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (read(fd, buf, sizeof buf) > 0 && write(fd, greet_reply, sizeof greet_reply) > 0 &&
	    read(fd, buf, sizeof buf) > 0 && write(fd, connect_reply, sizeof connect_reply) > 0)
		g_usleep(10 * 1000);
	close(fd);
}

static gboolean
badsocks_accept(GIOChannel *ch, GIOCondition cond, gpointer data)
{
	int fd = accept(g_io_channel_unix_get_fd(ch), NULL, NULL);

	(void)cond;
	(void)data;
	if (fd >= 0)
		badsocks_serve(fd);
	return TRUE;
}

static void
start_endpoints(void)
{
	int fd = listen_loopback(&refused_port);

	close(fd); /* the port is ours to know, nobody listens: connections are refused */
	if (peer_has_fault("s5b-blackhole") || peer_has_fault("s5b-blackhole-3") ||
	    peer_has_fault("s5b-blackhole-in"))
		blackhole_fd = listen_loopback(&blackhole_port);
	if (peer_has_fault("s5b-bad-hash")) {
		GIOChannel *ch;

		badsocks_fd = listen_loopback(&badsocks_port);
		ch = g_io_channel_unix_new(badsocks_fd);
		badsocks_watch = g_io_add_watch(ch, G_IO_IN, badsocks_accept, NULL);
		g_io_channel_unref(ch);
	}
}

/* ---- stanza helpers ---- */

static xmlnode *
s5b_query(xmlnode *packet)
{
	xmlnode *q;

	if (g_strcmp0(packet->name, "iq") != 0 || g_strcmp0(xmlnode_get_attrib(packet, "type"), "set") != 0)
		return NULL;
	q = xmlnode_get_child_with_namespace(packet, "query", NS_S5B);
	return q != NULL && xmlnode_get_child(q, "streamhost") != NULL ? q : NULL;
}

/* Unlinks and frees a child element. */
static void
drop_child(xmlnode *parent, xmlnode *child)
{
	xmlnode *prev = NULL, *it;

	for (it = parent->child; it != NULL && it != child; it = it->next)
		prev = it;
	if (it == NULL)
		return;
	if (prev != NULL)
		prev->next = child->next;
	else
		parent->child = child->next;
	if (parent->lastchild == child)
		parent->lastchild = prev;
	child->next = NULL;
	xmlnode_free(child);
}

static void
point_at(xmlnode *sh, guint16 port)
{
	char buf[8];

	g_snprintf(buf, sizeof buf, "%u", port);
	xmlnode_set_attrib(sh, "host", "127.0.0.1");
	xmlnode_set_attrib(sh, "port", buf);
}

/* A third streamhost, black-holed too, for "3 dead addresses". */
static void
add_dead_streamhost(xmlnode *query)
{
	xmlnode *sh = xmlnode_new_child(query, "streamhost");

	xmlnode_set_attrib(sh, "jid", "relay.localhost");
	point_at(sh, blackhole_port);
}

/* Rewrites the streamhosts of a SOCKS5 query as the faults say. */
static void
fault_streamhosts(xmlnode *query, const char *own_jid)
{
	if (peer_has_fault("s5b-blackhole-3"))
		add_dead_streamhost(query);
	xmlnode *sh = xmlnode_get_child(query, "streamhost"), *next;

	static guint queries;
	gboolean odd = ++queries % 2 == 1;

	for (; sh != NULL; sh = next) {
		gboolean own = g_strcmp0(xmlnode_get_attrib(sh, "jid"), own_jid) == 0;

		next = xmlnode_get_next_twin(sh);
		if (peer_has_fault("proxy-down") && !own)
			drop_child(query, sh);
		else if (peer_has_fault("s5b-refused") || (peer_has_fault("s5b-direct-refused") && own) ||
		         (peer_has_fault("s5b-refused-odd") && odd))
			point_at(sh, refused_port);
		else if (peer_has_fault("s5b-blackhole") || peer_has_fault("s5b-blackhole-3"))
			point_at(sh, blackhole_port);
		else if (peer_has_fault("s5b-bad-hash"))
			point_at(sh, badsocks_port);
	}
}

void
peer_send_stanza(xmlnode *node)
{
	PurpleConnection *gc = purple_account_get_connection(peer.account);

	if (gc != NULL)
		purple_signal_emit(purple_find_prpl("prpl-jabber"), "jabber-sending-xmlnode", gc, &node);
	if (node != NULL)
		xmlnode_free(node);
}

void
peer_send_iq_error(xmlnode *request, const char *condition)
{
	xmlnode *iq = xmlnode_new("iq"), *error, *cond;

	xmlnode_set_attrib(iq, "type", "error");
	xmlnode_set_attrib(iq, "to", xmlnode_get_attrib(request, "from"));
	xmlnode_set_attrib(iq, "id", xmlnode_get_attrib(request, "id"));
	error = xmlnode_new_child(iq, "error");
	xmlnode_set_attrib(error, "type", "cancel");
	cond = xmlnode_new_child(error, condition);
	xmlnode_set_namespace(cond, NS_STANZAS);
	peer_send_stanza(iq);
}

/* ---- hostile peers (the plugin on the other side must cope) ---- */

#define NS_SI "http://jabber.org/protocol/si"
#define NS_MULTIPLE "http://telepathy.freedesktop.org/xmpp/si-multiple"

/* Receiver: 10,000 junk values after the real ones in our si-multiple list. */
static void
hostile_huge_list(xmlnode *packet)
{
	xmlnode *si = xmlnode_get_child_with_namespace(packet, "si", NS_SI);
	xmlnode *sm = si ? xmlnode_get_child_with_namespace(si, "si-multiple", NS_MULTIPLE) : NULL;
	guint i;

	for (i = 0; sm != NULL && i < 10000; i++)
		xmlnode_insert_data(xmlnode_new_child(sm, "value"), "urn:junk", -1);
}

/* Sender: 1,000 more streamhosts after the real ones, all refusing. */
static void
hostile_many_streamhosts(xmlnode *query)
{
	guint i;

	for (i = 0; i < 1000; i++) {
		xmlnode *sh = xmlnode_new_child(query, "streamhost");
		char *jid = g_strdup_printf("junk%u.localhost", i);

		xmlnode_set_attrib(sh, "jid", jid);
		point_at(sh, refused_port);
		g_free(jid);
	}
}

/* Receiver: streamhost-used naming a JID the sender never offered. */
static void
hostile_unknown_used(xmlnode *packet)
{
	xmlnode *q = xmlnode_get_child_with_namespace(packet, "query", NS_S5B);
	xmlnode *used = q ? xmlnode_get_child(q, "streamhost-used") : NULL;

	if (used != NULL)
		xmlnode_set_attrib(used, "jid", "mallory@evil.example/x");
}

static gboolean
send_later(gpointer node)
{
	peer_send_stanza(node);
	return FALSE;
}

/* Sender: the same offer (same sid) once more, under another iq id, just
 * after the real one: a second offer for a live stream id. */
static void
hostile_dup_offer(xmlnode *packet)
{
	static gboolean sent;
	xmlnode *copy;
	char *id;

	if (sent || xmlnode_get_child_with_namespace(packet, "si", NS_SI) == NULL ||
	    g_strcmp0(xmlnode_get_attrib(packet, "type"), "set") != 0)
		return;
	sent = TRUE;
	copy = xmlnode_copy(packet);
	id = g_strdup_printf("%s-again", xmlnode_get_attrib(packet, "id"));
	xmlnode_set_attrib(copy, "id", id);
	g_free(id);
	g_idle_add(send_later, copy); /* right after the real one leaves */
}

static void
hostile_outgoing(xmlnode *packet)
{
	const char *type = xmlnode_get_attrib(packet, "type");
	xmlnode *query;

	if (g_strcmp0(packet->name, "iq") != 0)
		return;
	if (peer_has_fault("huge-list") && g_strcmp0(type, "result") == 0)
		hostile_huge_list(packet);
	if (peer_has_fault("many-streamhosts") && (query = s5b_query(packet)) != NULL)
		hostile_many_streamhosts(query);
	if (peer_has_fault("unknown-streamhost-used") && g_strcmp0(type, "result") == 0)
		hostile_unknown_used(packet);
	if (peer_has_fault("dup-offer"))
		hostile_dup_offer(packet);
}

/* ---- unloading the plugin mid-way ---- */

static gboolean
ibb_data_iq(xmlnode *packet)
{
	return g_strcmp0(packet->name, "iq") == 0 &&
	       xmlnode_get_child_with_namespace(packet, "data", NS_IBB) != NULL;
}

static gboolean
unload_plugin(gpointer data)
{
	(void)data;
	if (peer.plugin != NULL && purple_plugin_is_loaded(peer.plugin)) {
		purple_plugin_unload(peer.plugin);
		if (peer.trace != NULL)
			fprintf(peer.trace, "<unloaded t='%" G_GINT64_FORMAT "'/>\n", peer_ms());
	}
	return FALSE;
}

/* "signoff-on-data" / "disable-on-data" / "quit-on-data": this client
 * goes away in the middle of the transfer (connection closed, account
 * disabled, or the whole client quits: purple_core_quit() at once). */
static gboolean
leave_now(gpointer data)
{
	(void)data;
	if (peer.trace != NULL)
		fprintf(peer.trace, "<left t='%" G_GINT64_FORMAT "'/>\n", peer_ms());
	if (peer_has_fault("quit-on-data")) {
		peer_finish("left");
		g_main_loop_quit(peer.loop);
		return FALSE;
	}
	if (peer_has_fault("disable-on-data"))
		purple_account_set_enabled(peer.account, "sim-peer", FALSE);
	else
		purple_account_disconnect(peer.account);
	peer_finish("left");
	return FALSE;
}

static void
maybe_leave(xmlnode *packet)
{
	static gboolean done;

	if (done || !(peer_has_fault("signoff-on-data") || peer_has_fault("disable-on-data") ||
	              peer_has_fault("quit-on-data")) || !ibb_data_iq(packet))
		return;
	done = TRUE;
	/* not an idle: under load the data kept arriving starves an idle
	 * until every byte was acked, and the client left after the end */
	g_timeout_add(0, leave_now, NULL);
}

/* "unload-on-socks5": when the SOCKS5 query passes (either way);
 * "unload-on-data": when the first in-band data passes. */
static void
maybe_unload(xmlnode *packet)
{
	static gboolean done;
	gboolean s5b = s5b_query(packet) != NULL;
	gboolean data = ibb_data_iq(packet);

	if (done || !((peer_has_fault("unload-on-socks5") && s5b) ||
	              (peer_has_fault("unload-on-data") && data)))
		return;
	done = TRUE;
	g_timeout_add(s5b ? 500 : 0, unload_plugin, NULL);
}

/* ---- trace and hooks ---- */

static void
trace(const char *dir, xmlnode *packet)
{
	char *xml;

	/* iq and message only: stream features and presence are noise here */
	if (peer.trace == NULL ||
	    (g_strcmp0(packet->name, "iq") != 0 && g_strcmp0(packet->name, "message") != 0))
		return;
	xml = xmlnode_to_str(packet, NULL);
	fprintf(peer.trace, "<%s t='%" G_GINT64_FORMAT "'>%s</%s>\n", dir, peer_ms(), xml, dir);
	fflush(peer.trace);
	g_free(xml);
}

static void
consume(xmlnode **packet, const char *why)
{
	if (peer.trace != NULL)
		fprintf(peer.trace, "<dropped t='%" G_GINT64_FORMAT "' why='%s'/>\n", peer_ms(), why);
	xmlnode_free(*packet);
	*packet = NULL;
}

/* ---- faults of the in-band stream ---- */

/* "cancel-on-data": this side's user cancels when the first in-band data
 * passes (either way). */
static gboolean
cancel_now(gpointer data)
{
	GList *l;

	(void)data;
	for (l = purple_xfers_get_all(); l != NULL; l = l->next)
		if (purple_xfer_get_status(l->data) == PURPLE_XFER_STATUS_STARTED) {
			purple_xfer_cancel_local(l->data);
			break;
		}
	return FALSE;
}

static void
maybe_cancel(xmlnode *packet)
{
	static gboolean done;

	if (done || !peer_has_fault("cancel-on-data") || !ibb_data_iq(packet))
		return;
	done = TRUE;
	/* not an idle: a busy receive loop would starve it to the very end */
	g_timeout_add(0, cancel_now, NULL);
}

/* "ibb-data-error": the receiver answers the third data iq with an error
 * (XEP-0047: a block it will not take). */
static gboolean
data_error(xmlnode **packet)
{
	static int seen;

	if (!peer_has_fault("ibb-data-error") || !ibb_data_iq(*packet) || ++seen != 3)
		return FALSE;
	peer_send_iq_error(*packet, "not-acceptable");
	consume(packet, "ibb-data-error");
	return TRUE;
}

/* "ibb-resource-constraint": an open declaring more than 4096 bytes is
 * refused with <resource-constraint/> (XEP-0047: use smaller blocks). */
static gboolean
open_too_big(xmlnode **packet, xmlnode *open)
{
	const char *size = open ? xmlnode_get_attrib(open, "block-size") : NULL;

	if (!peer_has_fault("ibb-resource-constraint") || size == NULL || atoi(size) <= 4096)
		return FALSE;
	peer_send_iq_error(*packet, "resource-constraint");
	consume(packet, "ibb-resource-constraint");
	return TRUE;
}

/* "s5b-error-at-bound": the SOCKS5 query is kept from libpurple and
 * answered item-not-found exactly when the plugin sender's own bound for a
 * stock peer runs out (5 s per streamhost plus 5 s): the two meet. */
static gboolean
send_error_later(gpointer node)
{
	peer_send_stanza(node);
	return FALSE;
}

static gboolean
s5b_error_at_bound(xmlnode **packet)
{
	xmlnode *query = s5b_query(*packet), *sh, *err;
	guint n = 0;

	if (!peer_has_fault("s5b-error-at-bound") || query == NULL)
		return FALSE;
	for (sh = xmlnode_get_child(query, "streamhost"); sh; sh = xmlnode_get_next_twin(sh))
		n++;
	err = xmlnode_new("iq");
	xmlnode_set_attrib(err, "type", "error");
	xmlnode_set_attrib(err, "to", xmlnode_get_attrib(*packet, "from"));
	xmlnode_set_attrib(err, "id", xmlnode_get_attrib(*packet, "id"));
	xmlnode_set_attrib(xmlnode_new_child(err, "error"), "type", "cancel");
	xmlnode_set_namespace(xmlnode_new_child(xmlnode_get_child(err, "error"), "item-not-found"),
	                      "urn:ietf:params:xml:ns:xmpp-stanzas");
	g_timeout_add(5000 * n + 5000, send_error_later, err);
	consume(packet, "s5b-error-at-bound");
	return TRUE;
}

/* "s5b-blackhole-in": the receiver's side of "s5b-blackhole", for a sender
 * this process does not run (Pidgin in tests/gui): every streamhost of an
 * incoming SOCKS5 query points at the port that accepts and never answers,
 * before the plugin (or libpurple) reads it. */
static void
blackhole_incoming(xmlnode *packet)
{
	xmlnode *query = s5b_query(packet), *sh;

	if (!peer_has_fault("s5b-blackhole-in") || query == NULL)
		return;
	for (sh = xmlnode_get_child(query, "streamhost"); sh != NULL; sh = xmlnode_get_next_twin(sh))
		point_at(sh, blackhole_port);
}

static void
on_incoming(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	xmlnode *open;

	(void)data;
	if (packet == NULL || *packet == NULL || (*packet)->type != XMLNODE_TYPE_TAG)
		return;
	blackhole_incoming(*packet);
	trace("in", *packet);
	maybe_unload(*packet);
	maybe_leave(*packet);
	maybe_cancel(*packet);
	if (data_error(packet) || s5b_error_at_bound(packet))
		return;
	if (peer_has_fault("s5b-unanswered") && s5b_query(*packet) != NULL) {
		consume(packet, "s5b-unanswered");
		return;
	}
	open = g_strcmp0((*packet)->name, "iq") == 0
		? xmlnode_get_child_with_namespace(*packet, "open", NS_IBB) : NULL;
	if (open_too_big(packet, open))
		return;
	if (peer_has_fault("ibb-rejected") && open != NULL) {
		peer_send_iq_error(*packet, "not-acceptable");
		consume(packet, "ibb-rejected");
		return;
	}
	if (peer.gabble)
		peer_gabble_incoming(gc, packet);
}

/* Streamhost faults act on the query before anyone else sees it (the
 * plugin included), as a network that cannot reach them would. */
static void
on_outgoing_first(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	xmlnode *query;

	(void)data;
	(void)gc;
	if (packet != NULL && *packet != NULL && (*packet)->type == XMLNODE_TYPE_TAG &&
	    (query = s5b_query(*packet)) != NULL)
		fault_streamhosts(query, peer.jid);
}

static void
on_outgoing(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	(void)data;
	(void)gc;
	if (packet == NULL || *packet == NULL || (*packet)->type != XMLNODE_TYPE_TAG)
		return;
	hostile_outgoing(*packet);
	maybe_unload(*packet);
	maybe_cancel(*packet);
	if (peer.gabble)
		peer_gabble_outgoing(*packet);
	trace("out", *packet);
}

void
peer_edge_init(void)
{
	PurplePlugin *jabber = purple_find_prpl("prpl-jabber");

	start_endpoints();
	if (peer.trace_path != NULL) {
		peer.trace = fopen(peer.trace_path, "w");
		if (peer.trace != NULL)
			fputs("<trace>\n", peer.trace);
	}
	purple_signal_connect_priority(jabber, "jabber-receiving-xmlnode", &peer,
	                               PURPLE_CALLBACK(on_incoming), NULL,
	                               PURPLE_SIGNAL_PRIORITY_LOWEST);
	purple_signal_connect_priority(jabber, "jabber-sending-xmlnode", &peer,
	                               PURPLE_CALLBACK(on_outgoing_first), NULL,
	                               PURPLE_SIGNAL_PRIORITY_LOWEST);
	purple_signal_connect_priority(jabber, "jabber-sending-xmlnode", &peer,
	                               PURPLE_CALLBACK(on_outgoing), NULL,
	                               PURPLE_SIGNAL_PRIORITY_HIGHEST - 1);
}

void
peer_edge_shutdown(void)
{
	if (peer.trace != NULL) {
		fputs("</trace>\n", peer.trace);
		fclose(peer.trace);
		peer.trace = NULL;
	}
	if (badsocks_watch != 0)
		g_source_remove(badsocks_watch);
	if (badsocks_fd >= 0)
		close(badsocks_fd);
	if (blackhole_fd >= 0)
		close(blackhole_fd);
}
