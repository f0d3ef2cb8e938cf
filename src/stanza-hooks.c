/* stanza-hooks.c - translates XMPP stanzas into state-machine events, and
 * rewrites the few stanzas si-multiple changes:
 *   out: our SI offer gains <si-multiple/>; our SI accept becomes the list;
 *   in:  a si-multiple reply becomes the feature form libpurple reads.
 * Anything not part of a si-multiple transfer passes untouched. Replies are
 * only believed from the JID the offer went to (or came from). */
#include <string.h>

#include <debug.h>
#include <ft.h>
#include <signals.h>

#include "contact-resources.h"
#include "engine-private.h"
#include "ibb-sender.h"
#include "peer-caps.h"
#include "receiver-s5b.h"
#include "xml-match.h"

static const char *
account_name(PurpleConnection *gc)
{
	return purple_account_get_username(purple_connection_get_account(gc));
}

/* ---- sender: our offer ---- */

static xmlnode *
offer_file(xmlnode *iq)
{
	xmlnode *si = xmlnode_get_child_with_namespace(iq, "si", SIM_NS_SI);

	return si ? xmlnode_get_child_with_namespace(si, "file", SIM_NS_SI_FT) : NULL;
}

/* The PurpleXfer libpurple is offering: same account, peer and file name,
 * not yet followed by us. Of several such (the same file sent to the same
 * contact more than once at a time) the oldest: libpurple offers them in
 * the order they were made, and keeps its list newest first. */
static PurpleXfer *
find_send_xfer(PurpleConnection *gc, const char *to, const char *filename)
{
	PurpleAccount *account = purple_connection_get_account(gc);
	GList *l;

	for (l = g_list_last(purple_xfers_get_all()); l != NULL; l = l->prev) {
		PurpleXfer *x = l->data;

		if (purple_xfer_get_account(x) == account &&
		    purple_xfer_get_type(x) == PURPLE_XFER_SEND &&
		    g_strcmp0(purple_xfer_get_remote_user(x), to) == 0 &&
		    g_strcmp0(purple_xfer_get_filename(x), filename) == 0 &&
		    !purple_xfer_is_canceled(x) && !purple_xfer_is_completed(x) &&
		    sim_transfers_by_xfer(x) == NULL)
			return x;
	}
	return NULL;
}

/* A contact with whom SOCKS5 failed recently gets in-band at once. A stock
 * receiver always picks SOCKS5 when it is offered, so it is offered
 * in-band alone; a peer running the plugin hears both and is steered at
 * its reply (skip_remembered_s5b). */
static void
offer_remembered_in_band(SimTransfer *t, xmlnode *iq, SimMethodList *offered)
{
	if (offered->n < 2 || !sim_method_list_has(offered, SIM_METHOD_IBB) ||
	    sim_peer_caps_runs_plugin(t->gc, t->peer) || !sim_engine_s5b_remembered_failed(t) ||
	    !sim_offer_keep_only(iq, SIM_METHOD_IBB))
		return;
	sim_method_list_clear(offered);
	sim_method_list_add(offered, SIM_METHOD_IBB);
	purple_debug_info("si-multiple", "sid %s: SOCKS5 failed with %s before; offering in-band "
	                  "only\n", t->sid, t->peer);
}

static void
offer_out(PurpleConnection *gc, xmlnode *iq, const SimStanzaInfo *info)
{
	SimMethodList offered;
	xmlnode *file = offer_file(iq);
	PurpleXfer *xfer;
	SimTransfer *t;

	if (!sim_engine_enabled() || info->to == NULL || info->id == NULL || file == NULL ||
	    !sim_offer_parse_methods(iq, &offered))
		return;
	xfer = find_send_xfer(gc, info->to, xmlnode_get_attrib(file, "name"));
	if (xfer == NULL) {
		purple_debug_warning("si-multiple", "%s: no transfer matches offer %s to %s; "
		                     "left as is\n", account_name(gc), info->sid, info->to);
		return;
	}
	t = sim_transfers_add(gc, info->to, info->sid, info->id);
	if (t == NULL) {
		purple_debug_warning("si-multiple", "%s: sid %s already live; offer left as is\n",
		                     account_name(gc), info->sid);
		return;
	}
	sim_transfers_attach(t, xfer);
	offer_remembered_in_band(t, iq, &offered);
	sim_engine_attach_session(t, SIM_ROLE_SENDER, &offered);
	sim_offer_add_multiple(iq);
	purple_debug_info("si-multiple", "%s: offering sid %s to %s with si-multiple\n",
	                  account_name(gc), info->sid, info->to);
}

/* Frees an incoming stanza so that libpurple never processes it. A
 * stand-in takes its place rather than nothing: libpurple counts incoming
 * stanzas for stream management (XEP-0198) after this signal, and a server
 * whose stanzas go uncounted sees them unacknowledged and, past its limit
 * (ejabberd: 5000, an in-band transfer's acks), ends the session. */
static void
consume(xmlnode **packet)
{
	xmlnode_free(*packet);
	*packet = sim_xml_placeholder_new();
}

/* An answer to a request of libpurple's whose transfer is gone. */
static gboolean
swallowed(PurpleConnection *gc, const SimStanzaInfo *info)
{
	switch (info->kind) {
	case SIM_KIND_IQ_RESULT: case SIM_KIND_IQ_ERROR:
	case SIM_KIND_S5B_USED: case SIM_KIND_S5B_ERROR:
		return sim_transfers_take_swallowed(gc, info->from, info->id);
	default:
		return FALSE;
	}
}

/* ---- sender: the peer's answers ---- */

/* The sender's SOCKS5 attempt is skipped when it failed with this contact
 * before and the peer allows in-band. */
static void
skip_remembered_s5b(SimTransfer *t, SimMethodList *order)
{
	SimMethodList ibb;

	if (order->n < 2 || !sim_method_list_has(order, SIM_METHOD_IBB) ||
	    !sim_engine_s5b_remembered_failed(t))
		return;
	sim_method_list_clear(&ibb);
	sim_method_list_add(&ibb, SIM_METHOD_IBB);
	sim_method_list_intersect(order, &ibb);
	purple_debug_info("si-multiple", "sid %s: SOCKS5 failed with %s before; in-band at once\n",
	                  t->sid, t->peer);
}

static void
reply_in(PurpleConnection *gc, xmlnode *iq, SimTransfer *t)
{
	SimMethodList peer_order;
	SimEvent ev = { SIM_EV_REPLY_MULTIPLE, &peer_order, 0 };

	if (!sim_reply_parse_multiple(iq, NULL, &peer_order)) {
		purple_debug_info("si-multiple", "%s: %s answered sid %s without si-multiple\n",
		                  account_name(gc), t->peer, t->sid);
		ev.type = SIM_EV_REPLY_PLAIN;
		sim_reply_parse_chosen(iq, &peer_order);
		sim_engine_sender_timeouts(t, FALSE);
		sim_engine_feed(t, &ev);
		return;
	}
	skip_remembered_s5b(t, &peer_order);
	sim_engine_sender_timeouts(t, TRUE);
	sim_session_handle(t->session, &ev);
	/* libpurple now runs the methods in the agreed order (maybe none) */
	sim_reply_make_legacy(iq, sim_session_order(t->session));
	purple_debug_info("si-multiple", "%s: %s listed %u usable method(s) for sid %s\n",
	                  account_name(gc), t->peer, sim_session_order(t->session)->n, t->sid);
	sim_engine_settle(t);
}

static void
error_in(SimTransfer *t, const SimStanzaInfo *info)
{
	if (g_strcmp0(info->id, t->offer_id) == 0)
		sim_engine_feed_type(t, SIM_EV_REPLY_ERROR);
}

static gboolean
offered_host(SimTransfer *t, const char *jid)
{
	guint i;

	for (i = 0; jid != NULL && t->hosts_offered != NULL && i < t->hosts_offered->len; i++)
		if (g_strcmp0(g_ptr_array_index(t->hosts_offered, i), jid) == 0)
			return TRUE;
	return FALSE;
}

/* TRUE when in-band is still to come after SOCKS5 for t. */
static gboolean
in_band_next(SimTransfer *t)
{
	return sim_session_current(t->session) == SIM_METHOD_S5B &&
	       sim_method_list_has(sim_session_order(t->session), SIM_METHOD_IBB);
}

/* The peer's answer to our SOCKS5 query. TRUE: consumed, libpurple must
 * not see it: after the plugin moved on to in-band (libpurple would start
 * the transfer a second time), and when it makes the plugin move on now
 * (libpurple would open in-band too, or cancel). */
static gboolean
s5b_answer_in(SimTransfer *t, xmlnode *iq, const SimStanzaInfo *info)
{
	/* gabble: a result without a usable streamhost-used is a failure;
	 * libpurple, too, moves on when it names a host we never offered */
	gboolean used = info->kind != SIM_KIND_IQ_ERROR && info->kind != SIM_KIND_S5B_ERROR &&
	                offered_host(t, sim_s5b_used_jid(iq));
	SimState st = sim_session_state(t->session);
	gboolean in_band;

	if (st != SIM_ST_S5B) {
		purple_debug_info("si-multiple", "sid %s: late SOCKS5 answer from %s kept from "
		                  "libpurple\n", t->sid, t->peer);
		return st != SIM_ST_PLAIN;
	}
	if (used) {
		sim_engine_note_s5b(t, TRUE);
		sim_engine_feed_type(t, SIM_EV_S5B_USED);
		return FALSE;
	}
	/* with in-band next the plugin opens it (libpurple must not); without,
	 * libpurple ends the transfer and the plugin explains */
	in_band = in_band_next(t);
	/* a receiver with the plugin says how its attempts went */
	if (!sim_s5b_error_report(iq, &t->s5b_tried, &t->s5b_refused))
		t->s5b_tried = t->s5b_refused = 0;
	sim_engine_feed_type(t, SIM_EV_S5B_FAILED);
	return in_band;
}

/* TRUE when the answer was consumed. */
static gboolean
answer_in(PurpleConnection *gc, xmlnode *iq, const SimStanzaInfo *info)
{
	SimTransfer *t = sim_transfers_by_iq(gc, info->from, info->id);

	if (t == NULL || sim_session_role(t->session) != SIM_ROLE_SENDER)
		return FALSE;
	if (info->kind == SIM_KIND_SI_RESULT && g_strcmp0(info->id, t->offer_id) == 0)
		reply_in(gc, iq, t);
	else if (g_strcmp0(info->id, t->query_id) == 0 && info->kind != SIM_KIND_SI_RESULT)
		return s5b_answer_in(t, iq, info);
	else if (info->kind == SIM_KIND_IQ_ERROR)
		error_in(t, info);
	return FALSE;
}

/* ---- receiver: an offer to us, and what follows ---- */

/* The offer seen last, until libpurple has made a transfer of it: the
 * file-recv-request it fires synchronously attaches the record; a record
 * still unattached when the next stanza arrives was refused by libpurple
 * (duplicate or malformed offer) and is dropped. */
static PurpleConnection *pending_gc;
static char *pending_sid;

static void
drop_unattached_offer(void)
{
	SimTransfer *t = pending_sid ? sim_transfers_by_sid(pending_gc, pending_sid) : NULL;

	if (t != NULL && t->xfer == NULL) {
		purple_debug_info("si-multiple", "offer %s was not taken up by libpurple; "
		                  "forgotten\n", t->sid);
		sim_transfers_remove(t);
	}
	g_free(pending_sid);
	pending_sid = NULL;
	pending_gc = NULL;
}

static void
offer_in(PurpleConnection *gc, xmlnode *iq, const SimStanzaInfo *info)
{
	SimMethodList offered;
	SimTransfer *t;

	if (!sim_engine_enabled() || info->from == NULL || info->id == NULL ||
	    !sim_offer_parse_methods(iq, &offered))
		return;
	t = sim_transfers_add(gc, info->from, info->sid, info->id);
	if (t == NULL) {
		purple_debug_warning("si-multiple", "%s: second offer for live sid %s from %s "
		                     "ignored\n", account_name(gc), info->sid, info->from);
		return;
	}
	/* every offer is followed (SOCKS5 race, bounded waits); only one with
	 * si-multiple gets the list in our answer */
	t->multiple = sim_offer_has_multiple(iq);
	sim_engine_attach_session(t, SIM_ROLE_RECEIVER, &offered);
	pending_gc = gc;
	pending_sid = g_strdup(info->sid);
}

static void
accept_out(PurpleConnection *gc, xmlnode *iq, const SimStanzaInfo *info)
{
	SimTransfer *t = sim_transfers_by_iq(gc, info->to, info->id);

	if (t == NULL || sim_session_role(t->session) != SIM_ROLE_RECEIVER ||
	    g_strcmp0(info->id, t->offer_id) != 0)
		return;
	sim_session_event(t->session, SIM_EV_ACCEPTING);
	if (t->multiple && sim_session_order(t->session)->n > 0 &&
	    sim_reply_make_multiple(iq, sim_session_order(t->session)))
		purple_debug_info("si-multiple", "%s: accepted sid %s from %s with si-multiple\n",
		                  account_name(gc), t->sid, t->peer);
	sim_engine_settle(t);
}

/* The receiver's SOCKS5 outcome, as libpurple sends it to the sender. */
static void
s5b_answer_out(PurpleConnection *gc, xmlnode *iq, const SimStanzaInfo *info)
{
	SimTransfer *t = sim_transfers_by_iq(gc, info->to, info->id);

	(void)iq;
	if (t == NULL || sim_session_role(t->session) != SIM_ROLE_RECEIVER)
		return;
	if (g_strcmp0(info->id, t->offer_id) == 0 && info->kind == SIM_KIND_IQ_ERROR) {
		sim_transfers_remove(t); /* we declined the offer */
		return;
	}
	if (g_strcmp0(info->id, t->query_id) != 0)
		return;
	sim_engine_feed_type(t, info->kind == SIM_KIND_S5B_USED ? SIM_EV_S5B_USED
	                                                        : SIM_EV_S5B_FAILED);
}

/* A stream opening for a sid we follow, from the right peer. */
static SimTransfer *
stream_transfer(PurpleConnection *gc, const SimStanzaInfo *info, const char *peer, SimRole role)
{
	SimTransfer *t = sim_transfers_by_sid(gc, info->sid);

	if (t == NULL || sim_session_role(t->session) != role || g_strcmp0(t->peer, peer) != 0)
		return NULL;
	return t;
}

/* Sender: the jids of the streamhosts we offer, to check the answer. */
static void
remember_hosts(SimTransfer *t, GPtrArray *hosts)
{
	guint i;

	if (t->hosts_offered != NULL)
		g_ptr_array_unref(t->hosts_offered);
	t->hosts_offered = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; hosts != NULL && i < hosts->len; i++)
		g_ptr_array_add(t->hosts_offered, g_strdup(((SimStreamhost *)g_ptr_array_index(hosts, i))->jid));
}

static void
s5b_query(PurpleConnection *gc, xmlnode **packet, const SimStanzaInfo *info, const char *peer,
          SimRole role)
{
	SimTransfer *t = stream_transfer(gc, info, peer, role);
	GPtrArray *hosts;
	SimEvent ev = { SIM_EV_S5B_QUERY, NULL, 0 };

	if (t == NULL || info->id == NULL)
		return;
	hosts = sim_s5b_parse_streamhosts(*packet);
	ev.count = hosts ? hosts->len : 0;
	if (role == SIM_ROLE_SENDER)
		remember_hosts(t, hosts);
	if (hosts)
		g_ptr_array_unref(hosts);
	g_free(t->query_id);
	t->query_id = g_strdup(info->id);
	sim_engine_feed(t, &ev);
	if (role != SIM_ROLE_RECEIVER || (t = stream_transfer(gc, info, peer, role)) == NULL)
		return;
	if (sim_receiver_s5b_query(t, *packet, info))
		consume(packet); /* ours now: libpurple must not try the streamhosts as well */
}

static void
ibb_open(PurpleConnection *gc, xmlnode *iq, const SimStanzaInfo *info, const char *peer,
         SimRole role)
{
	SimTransfer *t = stream_transfer(gc, info, peer, role);

	if (t == NULL)
		return;
	if (role == SIM_ROLE_SENDER) {
		/* libpurple opens in-band by itself (the peer chose it, or no
		 * streamhost could be offered): the plugin carries the stream */
		sim_ibb_adopt_open(t, iq, info->id);
		if (sim_session_state(t->session) == SIM_ST_S5B)
			sim_engine_feed_type(t, SIM_EV_S5B_FAILED);
		return;
	}
	sim_engine_feed_type(t, SIM_EV_IBB_OPEN);
}

/* ---- signal handlers ---- */

static void
on_sending(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	SimStanzaInfo info;

	(void)data;
	if (packet == NULL || *packet == NULL || sim_ibb_sending_own())
		return;
	switch (sim_classify(*packet, &info)) {
	case SIM_KIND_SI_OFFER:  offer_out(gc, *packet, &info); break;
	case SIM_KIND_SI_RESULT: accept_out(gc, *packet, &info); break;
	case SIM_KIND_S5B_QUERY: s5b_query(gc, packet, &info, info.to, SIM_ROLE_SENDER); break;
	case SIM_KIND_IBB_OPEN:  ibb_open(gc, *packet, &info, info.to, SIM_ROLE_SENDER); break;
	case SIM_KIND_S5B_USED:
	case SIM_KIND_S5B_ERROR:
	case SIM_KIND_IQ_ERROR:  s5b_answer_out(gc, *packet, &info); break;
	default: break;
	}
}

/* Which devices of a contact are online, for naming it (report.c). */
static void
observe_presence(PurpleConnection *gc, xmlnode *stanza)
{
	const char *ns = xmlnode_get_namespace(stanza);

	if (stanza->type == XMLNODE_TYPE_TAG && g_strcmp0(stanza->name, "presence") == 0 &&
	    (ns == NULL || g_strcmp0(ns, SIM_NS_CLIENT) == 0))
		sim_resources_presence(gc, xmlnode_get_attrib(stanza, "from"),
		                       xmlnode_get_attrib(stanza, "type"));
}

static void
on_receiving(PurpleConnection *gc, xmlnode **packet, gpointer data)
{
	SimStanzaInfo info;

	(void)data;
	drop_unattached_offer();
	if (packet == NULL || *packet == NULL)
		return;
	observe_presence(gc, *packet);
	sim_classify(*packet, &info);
	if (sim_ibb_incoming(gc, *packet, &info) || swallowed(gc, &info)) {
		consume(packet);
		return;
	}
	switch (info.kind) {
	case SIM_KIND_SI_OFFER:  offer_in(gc, *packet, &info); break;
	case SIM_KIND_S5B_QUERY: s5b_query(gc, packet, &info, info.from, SIM_ROLE_RECEIVER); break;
	case SIM_KIND_IBB_OPEN:  ibb_open(gc, *packet, &info, info.from, SIM_ROLE_RECEIVER); break;
	case SIM_KIND_IQ_RESULT:
		sim_peer_caps_observe(gc, *packet);
		/* fall through */
	case SIM_KIND_SI_RESULT:
	case SIM_KIND_S5B_USED:
	case SIM_KIND_S5B_ERROR:
	case SIM_KIND_IQ_ERROR:
		if (answer_in(gc, *packet, &info))
			consume(packet);
		break;
	default: break;
	}
}

void
sim_hooks_disconnect(void)
{
	g_free(pending_sid);
	pending_sid = NULL;
	pending_gc = NULL;
}

void
sim_hooks_connect(PurplePlugin *plugin, PurplePlugin *jabber)
{
	purple_signal_connect(jabber, "jabber-sending-xmlnode", plugin,
	                      PURPLE_CALLBACK(on_sending), NULL);
	purple_signal_connect(jabber, "jabber-receiving-xmlnode", plugin,
	                      PURPLE_CALLBACK(on_receiving), NULL);
}
