/* ibb-sender.c - the plugin's own in-band sender (see ibb-sender.h).
 *
 * Our stanza ids are "simibb-<serial>-<kind><n>": serial names the stream
 * (one per transfer, never reused in a process), kind is o (open), d (data,
 * n = the data iq's count: its seq is n mod 65536) or c (close). libpurple
 * never uses that prefix, so every answer carrying it is ours and is
 * consumed, even after its stream is gone. */
#include "ibb-sender.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <debug.h>
#include <prefs.h>

#include "engine-private.h"
#include "ibb-codec.h"
#include "ibb-send.h"
#include "prefs-keys.h"
#include "report.h"
#include "xml-match.h"

#define ID_PREFIX "simibb-"

typedef struct SimIbbLink SimIbbLink;
struct SimIbbLink {
	SimTransfer *t;
	SimIbbSend *send;
	guint serial;
	guint64 data_sent;  /* data iqs so far: the next one's number */
	guint opens;        /* opens of ours so far */
	char *open_id;      /* the open awaiting its answer */
	gboolean adopted;   /* … which is libpurple's own */
	xmlnode *adopting;  /* libpurple's open being taken over, while it is */
	guint timer, pump;
	guint start;        /* idle that starts, or completes, the PurpleXfer */
	gboolean started;   /* we started the PurpleXfer */
};

static GHashTable *links;   /* serial -> SimIbbLink* */
static guint next_serial;
static gboolean sending_own;

gboolean
sim_ibb_sending_own(void)
{
	return sending_own;
}

static void
send_own(SimIbbLink *l, xmlnode *node)
{
	sending_own = TRUE;
	sim_engine_send(l->t, node);
	sending_own = FALSE;
}

static char *
make_id(SimIbbLink *l, char kind, guint64 n)
{
	return g_strdup_printf(ID_PREFIX "%u-%c%" G_GUINT64_FORMAT, l->serial, kind, n);
}

/* ---- the machine's actions ---- */

static void
act_send_open(gpointer ctx, guint block)
{
	SimIbbLink *l = ctx;

	if (l->adopting != NULL) {
		sim_ibb_open_set_block(l->adopting, block);
		return; /* open_id is libpurple's, set by the caller */
	}
	g_free(l->open_id);
	l->open_id = make_id(l, 'o', l->opens++);
	l->adopted = FALSE;
	send_own(l, sim_ibb_open_new(l->t->peer, l->open_id, l->t->sid, block));
}

static void
act_send_close(gpointer ctx)
{
	SimIbbLink *l = ctx;
	char *id = make_id(l, 'c', 0);

	send_own(l, sim_ibb_close_new(l->t->peer, id, l->t->sid));
	g_free(id);
}

/* libpurple's SOCKS5 listener (or a connection it accepted mid-handshake)
 * would cancel the transfer if a late connection there failed: the
 * bytestream is in-band now, so they go. */
static void
drop_socks5_leftovers(PurpleXfer *xfer)
{
	if (xfer->watcher != 0) {
		purple_input_remove(xfer->watcher);
		xfer->watcher = 0;
	}
	if (xfer->fd >= 0) {
		close(xfer->fd);
		xfer->fd = -1;
	}
}

static gssize ibb_write(const guchar *buffer, size_t len, PurpleXfer *xfer);
static gboolean pump(gpointer data);
static void act_ready(gpointer ctx);

/* The link whose start/complete idle (keyed by serial) fired, if it still
 * exists; the handle is spent. */
static SimIbbLink *
start_fired(gpointer serial)
{
	SimIbbLink *l = links ? g_hash_table_lookup(links, serial) : NULL;

	if (l != NULL)
		l->start = 0;
	return l;
}

/* Starts the PurpleXfer outside the machine's call: libpurple may cancel it
 * from inside purple_xfer_start (the file cannot be read), which frees the
 * machine. */
static gboolean
start_xfer(gpointer data)
{
	SimIbbLink *l = start_fired(data);
	PurpleXfer *xfer = l ? l->t->xfer : NULL;

	if (l == NULL)
		return FALSE;
	if (purple_xfer_is_canceled(xfer) || purple_xfer_is_completed(xfer)) {
		sim_ibb_send_cancel(l->send);
		return FALSE;
	}
	drop_socks5_leftovers(xfer);
	purple_xfer_set_write_fnc(xfer, ibb_write);
	l->started = TRUE;
	sim_session_event(l->t->session, SIM_EV_IBB_OPENED);
	purple_xfer_ref(xfer);
	purple_xfer_start(xfer, -1, NULL, 0);
	if (purple_xfer_get_status(xfer) == PURPLE_XFER_STATUS_STARTED)
		act_ready(l);
	purple_xfer_unref(xfer);
	return FALSE;
}

static void
act_opened(gpointer ctx)
{
	SimIbbLink *l = ctx;

	purple_debug_info("si-multiple", "sid %s: in-band stream to %s open, block %u\n",
	                  l->t->sid, l->t->peer, sim_ibb_send_block(l->send));
	if (l->start == 0)
		l->start = purple_timeout_add(0, start_xfer, GUINT_TO_POINTER(l->serial));
}

static void
act_ready(gpointer ctx)
{
	SimIbbLink *l = ctx;

	if (l->pump == 0 && l->started)
		l->pump = purple_timeout_add(0, pump, GUINT_TO_POINTER(l->serial));
}

static gboolean
timer_fired(gpointer data)
{
	SimIbbLink *l = data;

	l->timer = 0;
	sim_ibb_send_timeout(l->send);
	return FALSE;
}

static void
act_set_timer(gpointer ctx, guint ms)
{
	SimIbbLink *l = ctx;

	if (l->timer != 0)
		purple_timeout_remove(l->timer);
	l->timer = ms ? purple_timeout_add(ms, timer_fired, l) : 0;
}

/* Every byte acked: the transfer is complete (libpurple leaves that to the
 * protocol once a write function is installed). Outside the machine's call,
 * since the end frees the record. */
static gboolean
complete_xfer(gpointer data)
{
	SimIbbLink *l = start_fired(data);
	PurpleXfer *xfer = l ? l->t->xfer : NULL;

	if (l == NULL)
		return FALSE;
	if (purple_xfer_is_completed(xfer) || purple_xfer_is_canceled(xfer)) {
		sim_engine_end_transfer(l->t, SIM_REASON_NONE, FALSE);
		return FALSE;
	}
	purple_xfer_set_completed(xfer, TRUE);
	purple_xfer_end(xfer); /* its complete signal drops the record */
	return FALSE;
}

static void
act_finished(gpointer ctx, SimIbbEnd how)
{
	SimIbbLink *l = ctx;
	SimTransfer *t = l->t;

	purple_debug_info("si-multiple", "sid %s: in-band stream to %s ended: %s (%" G_GUINT64_FORMAT
	                  " bytes acked)\n", t->sid, t->peer, sim_ibb_end_name(how),
	                  sim_ibb_send_acked_bytes(l->send));
	switch (how) {
	case SIM_IBB_END_OK:
		if (l->start == 0)
			l->start = purple_timeout_add(0, complete_xfer, GUINT_TO_POINTER(l->serial));
		break;
	case SIM_IBB_END_REFUSED:
		/* the state machine says why and ends it, when it waits for the open */
		sim_session_event(t->session, SIM_EV_IBB_REFUSED);
		if (t->deferred == 0)
			sim_engine_end_transfer(t, SIM_REASON_IBB_REFUSED, FALSE);
		break;
	case SIM_IBB_END_DATA_ERROR:
		sim_engine_end_transfer(t, SIM_REASON_IBB_DATA_ERROR, FALSE);
		break;
	case SIM_IBB_END_NO_ACK:
		sim_engine_end_transfer(t, SIM_REASON_IBB_NO_ACK, FALSE);
		break;
	case SIM_IBB_END_PEER_CLOSED:
		/* the peer cancelled: libpurple says so in its own words */
		sim_engine_end_transfer(t, SIM_REASON_NONE, TRUE);
		break;
	default:
		break; /* cancelled here: whoever cancelled ends the transfer */
	}
}

static gint64
act_now(gpointer ctx)
{
	(void)ctx;
	return g_get_monotonic_time() / 1000;
}

static const SimIbbActions actions = {
	act_send_open, act_send_close, act_opened, act_ready, act_set_timer, act_finished, act_now
};

/* ---- data ---- */

/* One data iq per prpl_ready: the buffer size is the next chunk. */
static gboolean
pump(gpointer data)
{
	guint serial = GPOINTER_TO_UINT(data);
	SimIbbLink *l = links ? g_hash_table_lookup(links, GUINT_TO_POINTER(serial)) : NULL;
	PurpleXfer *xfer;
	gsize n;
	guint rounds;

	if (l == NULL)
		return FALSE;
	l->pump = 0;
	xfer = l->t->xfer;
	purple_xfer_ref(xfer);
	for (rounds = 0; rounds < 64; rounds++) {
		l = g_hash_table_lookup(links, GUINT_TO_POINTER(serial));
		if (l == NULL || purple_xfer_get_status(xfer) != PURPLE_XFER_STATUS_STARTED ||
		    (n = sim_ibb_send_next(l->send)) == 0)
			break;
		xfer->current_buffer_size = n;
		purple_xfer_prpl_ready(xfer);
	}
	purple_xfer_unref(xfer);
	return FALSE;
}

static SimIbbLink *
link_of_xfer(PurpleXfer *xfer)
{
	SimTransfer *t = sim_transfers_by_xfer(xfer);

	return t != NULL ? t->ibb : NULL;
}

static gssize
ibb_write(const guchar *buffer, size_t len, PurpleXfer *xfer)
{
	SimIbbLink *l = link_of_xfer(xfer);
	size_t off = 0;
	gsize n;

	if (l == NULL || sim_ibb_send_state(l->send) != SIM_IBB_ST_OPEN)
		return -1; /* libpurple cancels: there is no stream to carry it */
	while (off < len && (n = MIN(sim_ibb_send_next(l->send), len - off)) > 0) {
		guint16 seq = sim_ibb_send_sent(l->send, n);
		char *id = make_id(l, 'd', l->data_sent++);

		send_own(l, sim_ibb_data_new(l->t->peer, id, l->t->sid, seq, buffer + off, n));
		g_free(id);
		off += n;
	}
	return off;
}

/* ---- set-up ---- */

static SimIbbWindowConfig
window_config(void)
{
	SimIbbWindowConfig cfg;
	int block = purple_prefs_exists(SIM_PREF_IBB_BLOCK) ? purple_prefs_get_int(SIM_PREF_IBB_BLOCK) : 16384;
	int fixed = purple_prefs_exists(SIM_PREF_IBB_FIXED) ? purple_prefs_get_int(SIM_PREF_IBB_FIXED) : 0;

	/* the preferences frame offers 4096..65535; smaller is for tests */
	sim_ibb_window_config_default(&cfg, (guint)CLAMP(block, 16, SIM_IBB_MAX_BLOCK));
	cfg.fixed = (guint)CLAMP(fixed, 0, 64);
	return cfg;
}

static SimIbbLink *
link_new(SimTransfer *t)
{
	SimIbbLink *l = g_new0(SimIbbLink, 1);
	SimIbbWindowConfig cfg = window_config();

	if (links == NULL)
		links = g_hash_table_new(g_direct_hash, g_direct_equal);
	l->t = t;
	l->serial = ++next_serial;
	l->send = sim_ibb_send_new(purple_xfer_get_size(t->xfer), &cfg, &actions, l);
	g_hash_table_insert(links, GUINT_TO_POINTER(l->serial), l);
	t->ibb = l;
	return l;
}

void
sim_ibb_begin(SimTransfer *t)
{
	if (t->ibb != NULL || t->xfer == NULL)
		return;
	purple_debug_info("si-multiple", "sid %s: the plugin opens the in-band stream to %s\n",
	                  t->sid, t->peer);
	sim_ibb_send_open(link_new(t)->send);
}

void
sim_ibb_adopt_open(SimTransfer *t, xmlnode *iq, const char *id)
{
	SimIbbLink *l;

	if (t->ibb != NULL || t->xfer == NULL || id == NULL) {
		/* a stream is open already (or cannot be): a second open must not
		 * reach the peer, and its answer must not reach libpurple */
		if (sim_ibb_open_neutralise(iq))
			sim_transfers_swallow(t->gc, t->peer, id);
		return;
	}
	l = link_new(t);
	l->open_id = g_strdup(id);
	l->adopted = TRUE;
	l->adopting = iq;
	sim_ibb_send_open(l->send);
	l->adopting = NULL;
	purple_debug_info("si-multiple", "sid %s: in-band stream to %s taken over from libpurple\n",
	                  t->sid, t->peer);
}

/* ---- incoming ---- */

static SimIbbLink *
link_of_id(const char *id, char *kind, guint64 *n)
{
	char *end;
	gulong serial;

	if (links == NULL || !g_str_has_prefix(id, ID_PREFIX))
		return NULL;
	serial = strtoul(id + strlen(ID_PREFIX), &end, 10);
	if (end[0] != '-' || end[1] == '\0')
		return NULL;
	*kind = end[1];
	*n = g_ascii_strtoull(end + 2, NULL, 10);
	return g_hash_table_lookup(links, GUINT_TO_POINTER((guint)serial));
}

static void
answer(SimIbbLink *l, xmlnode *packet, const SimStanzaInfo *info, char kind, guint64 n)
{
	gboolean ok = info->kind == SIM_KIND_IQ_RESULT;

	if (kind == 'o' && g_strcmp0(info->id, l->open_id) == 0)
		sim_ibb_send_open_answer(l->send, ok, !ok && sim_ibb_error_is_resource_constraint(packet));
	else if (kind == 'd')
		sim_ibb_send_ack(l->send, (guint16)(n & 0xffff), ok);
}

/* The peer's <close/> for a stream we send: acknowledged, then the end. */
static gboolean
peer_close(PurpleConnection *gc, const SimStanzaInfo *info)
{
	SimTransfer *t = sim_transfers_by_sid(gc, info->sid);
	SimIbbLink *l = t != NULL ? t->ibb : NULL;

	if (l == NULL || g_strcmp0(info->from, t->peer) != 0 || info->id == NULL ||
	    sim_ibb_send_state(l->send) == SIM_IBB_ST_DONE)
		return FALSE;
	sim_engine_send(t, sim_xml_iq_new("result", t->peer, info->id));
	sim_ibb_send_peer_closed(l->send);
	return TRUE;
}

gboolean
sim_ibb_incoming(PurpleConnection *gc, xmlnode *packet, const SimStanzaInfo *info)
{
	SimIbbLink *l;
	char kind = 0;
	guint64 n = 0;

	if (info->kind == SIM_KIND_IBB_CLOSE)
		return peer_close(gc, info);
	if ((info->kind != SIM_KIND_IQ_RESULT && info->kind != SIM_KIND_IQ_ERROR) || info->id == NULL)
		return FALSE;
	if (g_str_has_prefix(info->id, ID_PREFIX)) {
		l = link_of_id(info->id, &kind, &n);
		/* believed only from the peer of its stream; ours either way */
		if (l != NULL && l->t->gc == gc && g_strcmp0(info->from, l->t->peer) == 0)
			answer(l, packet, info, kind, n);
		return TRUE;
	}
	/* the answer to libpurple's open that we took over */
	l = NULL;
	if (links != NULL) {
		GHashTableIter it;
		gpointer v;

		g_hash_table_iter_init(&it, links);
		while (l == NULL && g_hash_table_iter_next(&it, NULL, &v))
			if (((SimIbbLink *)v)->adopted && g_strcmp0(((SimIbbLink *)v)->open_id, info->id) == 0)
				l = v;
	}
	if (l == NULL || l->t->gc != gc || g_strcmp0(info->from, l->t->peer) != 0)
		return FALSE;
	answer(l, packet, info, 'o', 0);
	return TRUE;
}

/* ---- the end ---- */

gboolean
sim_ibb_xfer_ended(SimTransfer *t, gboolean completed)
{
	SimIbbLink *l = t->ibb;

	if (l == NULL)
		return FALSE;
	if (completed && sim_ibb_send_state(l->send) == SIM_IBB_ST_OPEN)
		return TRUE; /* the last acks are still to come; then the close */
	sim_ibb_send_cancel(l->send);
	return FALSE;
}

void
sim_ibb_unload(SimTransfer *t)
{
	SimIbbLink *l = t->ibb;
	PurpleXfer *xfer = t->xfer;

	if (l == NULL || sim_ibb_send_state(l->send) == SIM_IBB_ST_DONE)
		return;
	if (l->adopted && sim_ibb_send_state(l->send) == SIM_IBB_ST_OPENING)
		return; /* libpurple gets its answer and sends in-band as stock */
	sim_ibb_send_cancel(l->send); /* the close, when the stream was open */
	if (xfer == NULL || purple_xfer_is_completed(xfer) || purple_xfer_is_canceled(xfer))
		return;
	if (l->started && purple_xfer_get_bytes_remaining(xfer) == 0) {
		/* every byte is on its way, only acks were awaited: done, as
		 * libpurple's own sender would say */
		purple_xfer_set_completed(xfer, TRUE);
		purple_xfer_end(xfer);
		return;
	}
	sim_report_failure(t, SIM_REASON_UNLOADED);
	purple_xfer_cancel_local(xfer);
}

void
sim_ibb_free(SimTransfer *t)
{
	SimIbbLink *l = t->ibb;

	if (l == NULL)
		return;
	/* libpurple's callback for its open waits on state that goes with the
	 * transfer: its answer must never reach it now */
	if (l->adopted && sim_ibb_send_state(l->send) == SIM_IBB_ST_OPENING)
		sim_transfers_swallow(t->gc, t->peer, l->open_id);
	if (l->pump != 0)
		purple_timeout_remove(l->pump);
	if (l->start != 0)
		purple_timeout_remove(l->start);
	sim_ibb_send_free(l->send); /* stops the timer through act_set_timer */
	if (l->timer != 0)
		purple_timeout_remove(l->timer);
	g_hash_table_remove(links, GUINT_TO_POINTER(l->serial));
	if (g_hash_table_size(links) == 0) {
		g_hash_table_destroy(links);
		links = NULL;
	}
	g_free(l->open_id);
	g_free(l);
	t->ibb = NULL;
}
