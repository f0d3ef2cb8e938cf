/* ibb-send.c - the in-band sender's state machine (see ibb-send.h). */
#include "ibb-send.h"

typedef struct {
	guint16 seq;
	gsize len;
	gint64 sent_ms;
} InFlight;

struct SimIbbSend {
	SimIbbState state;
	SimIbbEnd end;
	guint64 total, sent, acked;
	guint16 next_seq;
	gboolean retried;      /* the open was retried with the fallback block */
	gboolean peer_closed;  /* the peer sent <close/>: nothing left to close */
	gint64 open_sent_ms;
	SimIbbWindowConfig cfg;
	SimIbbWindow *window;
	GQueue flight;         /* of InFlight*, oldest first */
	gsize flight_bytes;
	SimIbbActions act;
	gpointer ctx;
};

SimIbbSend *
sim_ibb_send_new(guint64 total, const SimIbbWindowConfig *cfg,
                 const SimIbbActions *actions, gpointer ctx)
{
	SimIbbSend *s = g_new0(SimIbbSend, 1);

	s->total = total;
	s->cfg = *cfg;
	s->window = sim_ibb_window_new(cfg);
	s->act = *actions;
	s->ctx = ctx;
	g_queue_init(&s->flight);
	return s;
}

void
sim_ibb_send_free(SimIbbSend *s)
{
	if (s == NULL)
		return;
	if (s->state != SIM_IBB_ST_DONE)
		s->act.set_timer(s->ctx, 0);
	g_queue_clear_full(&s->flight, g_free);
	sim_ibb_window_free(s->window);
	g_free(s);
}

static void
finish(SimIbbSend *s, SimIbbEnd how)
{
	gboolean was_open = s->state == SIM_IBB_ST_OPEN;

	s->act.set_timer(s->ctx, 0);
	s->state = SIM_IBB_ST_DONE;
	s->end = how;
	/* the peer's own close, or a refused open, leaves nothing to close */
	if (was_open && !s->peer_closed)
		s->act.send_close(s->ctx);
	s->act.finished(s->ctx, how);
}

static void
send_open(SimIbbSend *s)
{
	s->state = SIM_IBB_ST_OPENING;
	s->open_sent_ms = s->act.now_ms(s->ctx);
	s->act.set_timer(s->ctx, SIM_IBB_ACK_BOUND_MS);
	s->act.send_open(s->ctx, s->cfg.block_size);
}

void
sim_ibb_send_open(SimIbbSend *s)
{
	if (s->state == SIM_IBB_ST_IDLE)
		send_open(s);
}

/* Everything sent and answered: the stream is complete. */
static gboolean
maybe_complete(SimIbbSend *s)
{
	if (s->state != SIM_IBB_ST_OPEN || s->acked < s->total || s->flight.length > 0)
		return FALSE;
	finish(s, SIM_IBB_END_OK);
	return TRUE;
}

void
sim_ibb_send_open_answer(SimIbbSend *s, gboolean ok, gboolean resource_constraint)
{
	SimIbbWindow *w;

	if (s->state != SIM_IBB_ST_OPENING)
		return;
	if (!ok) {
		if (resource_constraint && !s->retried && s->cfg.block_size > SIM_IBB_FALLBACK_BLOCK) {
			/* the peer wants smaller blocks: once more with what all take */
			s->retried = TRUE;
			s->cfg.block_size = SIM_IBB_FALLBACK_BLOCK;
			s->cfg.min_chunk = MIN(s->cfg.min_chunk, s->cfg.block_size);
			w = sim_ibb_window_new(&s->cfg);
			sim_ibb_window_free(s->window);
			s->window = w;
			send_open(s);
			return;
		}
		finish(s, SIM_IBB_END_REFUSED);
		return;
	}
	s->state = SIM_IBB_ST_OPEN;
	s->act.set_timer(s->ctx, 0);
	sim_ibb_window_sample(s->window, s->act.now_ms(s->ctx) - s->open_sent_ms);
	s->act.opened(s->ctx);
	if (s->state == SIM_IBB_ST_OPEN && !maybe_complete(s))
		s->act.ready(s->ctx);
}

gsize
sim_ibb_send_next(const SimIbbSend *s)
{
	gsize room;

	if (s->state != SIM_IBB_ST_OPEN || s->sent >= s->total)
		return 0;
	room = sim_ibb_window_next(s->window, s->flight.length, s->flight_bytes);
	return (gsize)MIN((guint64)room, s->total - s->sent);
}

guint16
sim_ibb_send_sent(SimIbbSend *s, gsize len)
{
	InFlight *f;

	g_return_val_if_fail(s->state == SIM_IBB_ST_OPEN && len > 0, s->next_seq);
	f = g_new(InFlight, 1);
	f->seq = s->next_seq++; /* guint16: 65535 wraps to 0, as XEP-0047 says */
	f->len = len;
	f->sent_ms = s->act.now_ms(s->ctx);
	g_queue_push_tail(&s->flight, f);
	s->flight_bytes += len;
	s->sent += len;
	if (s->flight.length == 1)
		s->act.set_timer(s->ctx, SIM_IBB_ACK_BOUND_MS);
	return f->seq;
}

static gint
seq_cmp(gconstpointer a, gconstpointer b)
{
	return ((const InFlight *)a)->seq == *(const guint16 *)b ? 0 : 1;
}

gboolean
sim_ibb_send_ack(SimIbbSend *s, guint16 seq, gboolean ok)
{
	GList *l = s->state == SIM_IBB_ST_OPEN ? g_queue_find_custom(&s->flight, &seq, seq_cmp) : NULL;
	InFlight *f;
	gint64 now;

	if (l == NULL)
		return FALSE;
	f = l->data;
	g_queue_delete_link(&s->flight, l);
	s->flight_bytes -= f->len;
	if (!ok) {
		g_free(f);
		finish(s, SIM_IBB_END_DATA_ERROR);
		return TRUE;
	}
	now = s->act.now_ms(s->ctx);
	s->acked += f->len;
	sim_ibb_window_acked(s->window, f->len, now - f->sent_ms, now);
	g_free(f);
	if (maybe_complete(s))
		return TRUE;
	/* the bound runs from the last sign of life */
	s->act.set_timer(s->ctx, s->flight.length > 0 ? SIM_IBB_ACK_BOUND_MS : 0);
	if (sim_ibb_send_next(s) > 0)
		s->act.ready(s->ctx);
	return TRUE;
}

void
sim_ibb_send_peer_closed(SimIbbSend *s)
{
	if (s->state != SIM_IBB_ST_OPEN && s->state != SIM_IBB_ST_OPENING)
		return;
	/* libpurple's receiver closes as soon as the last byte is in, before
	 * acking that last data iq (every earlier one is acked, in order): with
	 * everything sent and only that one unanswered, it is the normal end;
	 * with more unanswered, the peer gave up (cancelled, went offline) */
	s->peer_closed = TRUE;
	finish(s, s->state == SIM_IBB_ST_OPEN && s->sent >= s->total && s->flight.length <= 1
	          ? SIM_IBB_END_OK : SIM_IBB_END_PEER_CLOSED);
}

void
sim_ibb_send_timeout(SimIbbSend *s)
{
	if (s->state == SIM_IBB_ST_OPEN || s->state == SIM_IBB_ST_OPENING)
		finish(s, SIM_IBB_END_NO_ACK);
}

void
sim_ibb_send_cancel(SimIbbSend *s)
{
	if (s->state != SIM_IBB_ST_DONE)
		finish(s, SIM_IBB_END_CANCELLED);
}

SimIbbState sim_ibb_send_state(const SimIbbSend *s) { return s->state; }
SimIbbEnd sim_ibb_send_end(const SimIbbSend *s) { return s->end; }
guint sim_ibb_send_block(const SimIbbSend *s) { return s->cfg.block_size; }
guint64 sim_ibb_send_sent_bytes(const SimIbbSend *s) { return s->sent; }
guint64 sim_ibb_send_acked_bytes(const SimIbbSend *s) { return s->acked; }
guint sim_ibb_send_in_flight(const SimIbbSend *s) { return s->flight.length; }
gsize sim_ibb_send_bytes_in_flight(const SimIbbSend *s) { return s->flight_bytes; }
guint16 sim_ibb_send_next_seq(const SimIbbSend *s) { return s->next_seq; }
const SimIbbWindow *sim_ibb_send_window(const SimIbbSend *s) { return s->window; }

const char *
sim_ibb_end_name(SimIbbEnd how)
{
	static const char *const names[] = {
		"none", "ok", "ibb-refused", "ibb-data-error", "ibb-no-ack", "ibb-peer-closed",
		"cancelled"
	};

	return (guint)how < G_N_ELEMENTS(names) ? names[how] : "?";
}
