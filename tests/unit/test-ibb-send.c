/* test-ibb-send.c - drives the in-band sender (ibb-send.h) directly:
 * events in, recorded actions out, with a fake clock and timer. */
#include <string.h>

#include <glib.h>

#include "ibb-send.h"
#include "testutil.h"

typedef struct {
	gint64 now;
	guint timer_ms;      /* last armed value (0 = stopped) */
	guint timer_sets;
	GString *log;        /* "open:16384;" "opened;" "ready;" "close;" "finished:ok;" */
	guint opens, closes, finishes, readies, openeds;
	SimIbbEnd how;
	gboolean log_ready;  /* ready is frequent: logged only when asked */
	gboolean cancel_in_opened;
	SimIbbSend *s;
} Fx;

static void
fx_send_open(gpointer ctx, guint block)
{
	Fx *fx = ctx;

	fx->opens++;
	g_string_append_printf(fx->log, "open:%u;", block);
}

static void
fx_send_close(gpointer ctx)
{
	Fx *fx = ctx;

	fx->closes++;
	g_string_append(fx->log, "close;");
}

static void
fx_opened(gpointer ctx)
{
	Fx *fx = ctx;

	fx->openeds++;
	g_string_append(fx->log, "opened;");
	if (fx->cancel_in_opened)
		sim_ibb_send_cancel(fx->s);
}

static void
fx_ready(gpointer ctx)
{
	Fx *fx = ctx;

	fx->readies++;
	/* ready means there is room now */
	g_assert_cmpuint(sim_ibb_send_next(fx->s), >, 0);
	if (fx->log_ready)
		g_string_append(fx->log, "ready;");
}

static void
fx_set_timer(gpointer ctx, guint ms)
{
	Fx *fx = ctx;

	fx->timer_ms = ms;
	fx->timer_sets++;
}

static void
fx_finished(gpointer ctx, SimIbbEnd how)
{
	Fx *fx = ctx;

	fx->finishes++;
	fx->how = how;
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_DONE);
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, how);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_string_append_printf(fx->log, "finished:%s;", sim_ibb_end_name(how));
}

static gint64
fx_now(gpointer ctx)
{
	return ((Fx *)ctx)->now;
}

static const SimIbbActions fx_actions = {
	fx_send_open, fx_send_close, fx_opened, fx_ready, fx_set_timer, fx_finished, fx_now
};

static void
fx_setup(Fx *fx, gconstpointer data)
{
	memset(fx, 0, sizeof(*fx));
	fx->now = 1000;
	fx->log = g_string_new(NULL);
	fx->log_ready = TRUE;
	(void)data;
}

static void
fx_teardown(Fx *fx, gconstpointer data)
{
	sim_ibb_send_free(fx->s);
	g_string_free(fx->log, TRUE);
	(void)data;
}

static void
fx_start_cfg(Fx *fx, guint64 total, const SimIbbWindowConfig *cfg)
{
	fx->s = sim_ibb_send_new(total, cfg, &fx_actions, fx);
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_IDLE);
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpuint(fx->timer_sets, ==, 0);
}

static void
fx_start(Fx *fx, guint64 total, guint block, guint fixed)
{
	SimIbbWindowConfig cfg;

	sim_ibb_window_config_default(&cfg, block);
	cfg.fixed = fixed;
	fx_start_cfg(fx, total, &cfg);
}

/* open, answered ok after 100 ms; the log is cleared */
static void
fx_open(Fx *fx)
{
	sim_ibb_send_open(fx->s);
	fx->now += 100;
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	g_string_truncate(fx->log, 0);
}

static void
fx_clear(Fx *fx)
{
	g_string_truncate(fx->log, 0);
}

/* Sends what next() allows, full pieces; returns how many iqs. */
static guint
fx_fill(Fx *fx, GQueue *seqs)
{
	gsize len;
	guint n = 0;

	while ((len = sim_ibb_send_next(fx->s)) > 0) {
		guint16 seq = sim_ibb_send_sent(fx->s, len);

		if (seqs != NULL)
			g_queue_push_tail(seqs, GUINT_TO_POINTER((guint)seq));
		n++;
	}
	return n;
}

/* ---- open ---- */

static void
test_open_sends_block(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 16384, 0);
	g_assert_cmpuint(sim_ibb_send_block(fx->s), ==, 16384);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0); /* not open yet */
	sim_ibb_send_open(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "open:16384;");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPENING);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0);
	/* once only */
	sim_ibb_send_open(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "open:16384;");
	(void)d;
}

static void
test_open_ok(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 16384, 0);
	sim_ibb_send_open(fx->s);
	fx->now += 250;
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpstr(fx->log->str, ==, "open:16384;opened;ready;");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_NONE);
	g_assert_cmpuint(fx->timer_ms, ==, 0); /* nothing unanswered */
	g_assert_cmpuint(sim_ibb_send_next(fx->s), >, 0);
	/* the open's round trip is the window's first base sample */
	g_assert_cmpint(sim_ibb_window_base(sim_ibb_send_window(fx->s)), ==, 250);
	/* a second answer changes nothing */
	fx_clear(fx);
	sim_ibb_send_open_answer(fx->s, FALSE, FALSE);
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	(void)d;
}

/* An answer before the open is ignored. */
static void
test_answer_before_open(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100, 4096, 0);
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	sim_ibb_send_open_answer(fx->s, FALSE, TRUE);
	sim_ibb_send_peer_closed(fx->s);
	sim_ibb_send_timeout(fx->s);
	g_assert_false(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_IDLE);
	g_assert_cmpuint(fx->timer_sets, ==, 0);
	(void)d;
}

/* ---- data ---- */

static void
test_next_bounded(Fx *fx, gconstpointer d)
{
	const guint64 total = 5 * 4096 + 904;
	GQueue seqs = G_QUEUE_INIT;
	guint64 sum = 0;

	fx_start(fx, total, 4096, 0);
	fx_open(fx);
	while (sim_ibb_send_state(fx->s) == SIM_IBB_ST_OPEN) {
		gsize len;

		/* bounded by the window and by what is left */
		while ((len = sim_ibb_send_next(fx->s)) > 0) {
			gsize room = sim_ibb_window_next(sim_ibb_send_window(fx->s),
			                                 sim_ibb_send_in_flight(fx->s),
			                                 sim_ibb_send_bytes_in_flight(fx->s));

			g_assert_cmpuint(len, ==, MIN(room, total - sim_ibb_send_sent_bytes(fx->s)));
			g_assert_cmpuint(len, <=, 4096);
			g_queue_push_tail(&seqs, GUINT_TO_POINTER((guint)sim_ibb_send_sent(fx->s, len)));
			sum += len;
		}
		/* the window is full, or everything was sent */
		g_assert_true(sim_ibb_send_sent_bytes(fx->s) == total ||
		              sim_ibb_send_in_flight(fx->s) >= sim_ibb_window_iqs(sim_ibb_send_window(fx->s)) ||
		              sim_ibb_send_bytes_in_flight(fx->s) + sim_ibb_window_chunk(sim_ibb_send_window(fx->s)) >
		                  sim_ibb_window_limit(sim_ibb_send_window(fx->s)));
		g_assert_false(g_queue_is_empty(&seqs));
		fx->now += 120;
		g_assert_true(sim_ibb_send_ack(fx->s, (guint16)GPOINTER_TO_UINT(g_queue_pop_head(&seqs)), TRUE));
	}
	g_assert_cmpuint(sum, ==, total);
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), ==, total);
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, total);
	g_assert_cmpint(fx->how, ==, SIM_IBB_END_OK);
	g_queue_clear(&seqs);
	(void)d;
}

/* The last piece is what is left, not a whole chunk. */
static void
test_last_piece(Fx *fx, gconstpointer d)
{
	fx_start(fx, 4096 + 904, 4096, 0);
	fx_open(fx);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 4096);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 4096), ==, 0);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 904);
	/* a smaller piece than allowed is fine too */
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 900), ==, 1);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0); /* the window is full now */
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 4);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 4), ==, 2);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0); /* all sent */
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), ==, 5000);
	g_assert_cmpuint(sim_ibb_send_bytes_in_flight(fx->s), ==, 904);
	(void)d;
}

/* One-byte blocks, 70000 bytes: the seq runs 0..65535, 0..4463 with no
 * gap, every byte counted once. */
static void
test_seq_wraps(Fx *fx, gconstpointer d)
{
	const guint64 total = 70000;
	GQueue seqs = G_QUEUE_INIT;
	guint16 expect = 0;
	guint64 sends = 0, sum = 0;
	gboolean wrapped = FALSE;
	SimIbbWindowConfig cfg;

	sim_ibb_window_config_default(&cfg, 1);
	fx_start_cfg(fx, total, &cfg);
	fx->log_ready = FALSE;
	fx_open(fx);
	g_assert_cmpuint(sim_ibb_window_chunk(sim_ibb_send_window(fx->s)), ==, 1);
	while (sim_ibb_send_state(fx->s) == SIM_IBB_ST_OPEN) {
		gsize len;

		while ((len = sim_ibb_send_next(fx->s)) > 0) {
			guint16 seq;

			g_assert_cmpuint(len, ==, 1);
			g_assert_cmpuint(sim_ibb_send_next_seq(fx->s), ==, expect);
			seq = sim_ibb_send_sent(fx->s, len);
			g_assert_cmpuint(seq, ==, expect);
			if (seq == 0 && sends > 0) {
				g_assert_cmpuint(sends, ==, 65536);
				wrapped = TRUE;
			}
			expect++;
			sends++;
			sum += len;
			g_queue_push_tail(&seqs, GUINT_TO_POINTER((guint)seq));
		}
		g_assert_cmpuint(sim_ibb_send_in_flight(fx->s), ==, g_queue_get_length(&seqs));
		g_assert_cmpuint(sim_ibb_send_bytes_in_flight(fx->s), ==, g_queue_get_length(&seqs));
		fx->now += 5;
		g_assert_true(sim_ibb_send_ack(fx->s, (guint16)GPOINTER_TO_UINT(g_queue_pop_head(&seqs)), TRUE));
	}
	g_assert_true(wrapped);
	g_assert_cmpuint(sends, ==, total);
	g_assert_cmpuint(sum, ==, total);
	g_assert_cmpuint(sim_ibb_send_next_seq(fx->s), ==, (guint16)total);
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), ==, total);
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, total);
	g_assert_true(g_queue_is_empty(&seqs));
	g_assert_cmpuint(fx->closes, ==, 1);
	g_assert_cmpuint(fx->finishes, ==, 1);
	g_assert_cmpstr(fx->log->str, ==, "close;finished:ok;");
	(void)d;
}

/* After the wrap, a seq from before it (now unknown) is not taken for a new one. */
static void
test_seq_wrap_acks_by_seq(Fx *fx, gconstpointer d)
{
	guint i;

	fx_start(fx, 70000, 1, 3);
	fx->log_ready = FALSE;
	fx_open(fx);
	for (i = 0; i < 65535; i++) {
		g_assert_cmpuint(sim_ibb_send_sent(fx->s, 1), ==, (guint16)i);
		g_assert_true(sim_ibb_send_ack(fx->s, (guint16)i, TRUE));
	}
	/* 65535, 0, 1 in flight */
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 1), ==, 65535);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 1), ==, 0);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 1), ==, 1);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0);
	g_assert_false(sim_ibb_send_ack(fx->s, 2, TRUE));
	g_assert_false(sim_ibb_send_ack(fx->s, 65534, TRUE));
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_false(sim_ibb_send_ack(fx->s, 0, TRUE)); /* once */
	g_assert_true(sim_ibb_send_ack(fx->s, 65535, TRUE));
	g_assert_cmpuint(sim_ibb_send_in_flight(fx->s), ==, 1);
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, 65537);
	(void)d;
}

/* Several in flight, acked out of order: the close comes after the last
 * ack, not before, exactly once. */
static void
test_close_after_last_ack(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 4);
	fx_open(fx);
	g_assert_cmpuint(fx_fill(fx, NULL), ==, 3);
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), ==, 3 * 4096);
	fx_clear(fx);
	g_assert_true(sim_ibb_send_ack(fx->s, 2, TRUE));
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpstr(fx->log->str, ==, ""); /* everything sent, but not acked */
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS);
	g_assert_true(sim_ibb_send_ack(fx->s, 1, TRUE));
	g_assert_cmpstr(fx->log->str, ==, "close;finished:ok;");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_DONE);
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_OK);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	/* nothing after the end */
	fx_clear(fx);
	g_assert_false(sim_ibb_send_ack(fx->s, 1, TRUE));
	g_assert_false(sim_ibb_send_ack(fx->s, 3, TRUE));
	sim_ibb_send_peer_closed(fx->s);
	sim_ibb_send_timeout(fx->s);
	sim_ibb_send_cancel(fx->s);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0);
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpuint(fx->closes, ==, 1);
	g_assert_cmpuint(fx->finishes, ==, 1);
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_OK);
	(void)d;
}

/* All acked but not all sent (the glue is slow to read the file): no close. */
static void
test_no_close_before_all_sent(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 0);
	fx_open(fx);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 4096), ==, 0);
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpstr(fx->log->str, ==, "ready;");
	g_assert_cmpuint(fx->timer_ms, ==, 0); /* nothing unanswered */
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	g_assert_cmpuint(fx->closes, ==, 0);
	(void)d;
}

static void
test_error_ack(Fx *fx, gconstpointer d)
{
	fx_start(fx, 10 * 4096, 4096, 2);
	fx_open(fx);
	g_assert_cmpuint(fx_fill(fx, NULL), ==, 2);
	g_assert_true(sim_ibb_send_ack(fx->s, 0, FALSE));
	g_assert_cmpstr(fx->log->str, ==, "close;finished:ibb-data-error;");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_DONE);
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_DATA_ERROR);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, 0);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0);
	fx_clear(fx);
	g_assert_false(sim_ibb_send_ack(fx->s, 1, TRUE));
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, 0);
	(void)d;
}

/* ---- open refused ---- */

static void
test_resource_constraint_retry(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 16384, 0);
	sim_ibb_send_open(fx->s);
	fx->now += 80;
	fx->timer_ms = 0;
	sim_ibb_send_open_answer(fx->s, FALSE, TRUE);
	g_assert_cmpstr(fx->log->str, ==, "open:16384;open:4096;");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPENING);
	g_assert_cmpuint(sim_ibb_send_block(fx->s), ==, SIM_IBB_FALLBACK_BLOCK);
	g_assert_cmpuint(sim_ibb_window_config(sim_ibb_send_window(fx->s))->block_size, ==, 4096);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS); /* the new open's bound */
	/* a second resource-constraint: refused, no third open, no close */
	sim_ibb_send_open_answer(fx->s, FALSE, TRUE);
	g_assert_cmpstr(fx->log->str, ==, "open:16384;open:4096;finished:ibb-refused;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_REFUSED);
	g_assert_cmpuint(fx->opens, ==, 2);
	g_assert_cmpuint(fx->closes, ==, 0);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	(void)d;
}

/* The retried open, accepted: the data goes in 4096-byte pieces at most,
 * and the base is the retried open's round trip. */
static void
test_resource_constraint_then_ok(Fx *fx, gconstpointer d)
{
	gsize len;

	fx_start(fx, 1000000, 16384, 0);
	sim_ibb_send_open(fx->s);
	fx->now += 500;
	sim_ibb_send_open_answer(fx->s, FALSE, TRUE);
	fx->now += 90;
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpstr(fx->log->str, ==, "open:16384;open:4096;opened;ready;");
	g_assert_cmpint(sim_ibb_window_base(sim_ibb_send_window(fx->s)), ==, 90);
	while ((len = sim_ibb_send_next(fx->s)) > 0) {
		g_assert_cmpuint(len, <=, 4096);
		sim_ibb_send_sent(fx->s, len);
	}
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), >, 0);
	(void)d;
}

static void
test_resource_constraint_at_4096(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_open_answer(fx->s, FALSE, TRUE);
	g_assert_cmpstr(fx->log->str, ==, "open:4096;finished:ibb-refused;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_REFUSED);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	(void)d;
}

static void
test_resource_constraint_under_4096(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 1024, 0);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_open_answer(fx->s, FALSE, TRUE);
	g_assert_cmpstr(fx->log->str, ==, "open:1024;finished:ibb-refused;");
	(void)d;
}

static void
test_open_error(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 16384, 0);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_open_answer(fx->s, FALSE, FALSE);
	/* not a resource-constraint: no retry, and nothing to close */
	g_assert_cmpstr(fx->log->str, ==, "open:16384;finished:ibb-refused;");
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_DONE);
	g_assert_cmpuint(fx->closes, ==, 0);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	(void)d;
}

/* ---- other ends ---- */

static void
test_peer_closed_mid_stream(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	fx_open(fx);
	fx_fill(fx, NULL);
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	fx_clear(fx);
	sim_ibb_send_peer_closed(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "finished:ibb-peer-closed;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_PEER_CLOSED);
	g_assert_cmpuint(fx->closes, ==, 0);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_false(sim_ibb_send_ack(fx->s, 1, TRUE));
	sim_ibb_send_peer_closed(fx->s);
	g_assert_cmpuint(fx->finishes, ==, 1);
	(void)d;
}

/* libpurple's receiver closes once the last byte is in, before acking it:
 * with every byte sent and only the last data iq unanswered, the peer's
 * close is the normal end (OK), and no close of ours answers it. */
static void
test_peer_closed_after_last_byte(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 4);
	fx_open(fx);
	g_assert_cmpuint(fx_fill(fx, NULL), ==, 3);
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_true(sim_ibb_send_ack(fx->s, 1, TRUE));
	fx_clear(fx);
	sim_ibb_send_peer_closed(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "finished:ok;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_OK);
	g_assert_cmpuint(fx->closes, ==, 0);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	/* the late ack is not taken any more */
	g_assert_false(sim_ibb_send_ack(fx->s, 2, TRUE));
	g_assert_cmpuint(fx->finishes, ==, 1);
	(void)d;
}

/* Every byte sent but two data iqs unanswered: the peer gave up (it was
 * cancelled or went offline), it did not finish. */
static void
test_peer_closed_two_unanswered(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 4);
	fx_open(fx);
	g_assert_cmpuint(fx_fill(fx, NULL), ==, 3);
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	fx_clear(fx);
	sim_ibb_send_peer_closed(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "finished:ibb-peer-closed;");
	g_assert_cmpuint(fx->closes, ==, 0);
	(void)d;
}

/* One byte short of the end is not the end. */
static void
test_peer_closed_one_byte_short(Fx *fx, gconstpointer d)
{
	fx_start(fx, 4097, 4096, 4);
	fx_open(fx);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 4096), ==, 0);
	fx_clear(fx);
	sim_ibb_send_peer_closed(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "finished:ibb-peer-closed;");
	(void)d;
}

static void
test_peer_closed_opening(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_peer_closed(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "open:4096;finished:ibb-peer-closed;");
	(void)d;
}

static void
test_timeout_open(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	fx_open(fx);
	fx_fill(fx, NULL);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS);
	fx->now += SIM_IBB_ACK_BOUND_MS;
	sim_ibb_send_timeout(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "close;finished:ibb-no-ack;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_NO_ACK);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	(void)d;
}

static void
test_timeout_opening(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_timeout(fx->s);
	/* never opened: nothing to close */
	g_assert_cmpstr(fx->log->str, ==, "open:4096;finished:ibb-no-ack;");
	(void)d;
}

static void
test_cancel_opening(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	sim_ibb_send_open(fx->s);
	sim_ibb_send_cancel(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "open:4096;finished:cancelled;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_CANCELLED);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	/* the late answer changes nothing */
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpstr(fx->log->str, ==, "open:4096;finished:cancelled;");
	(void)d;
}

static void
test_cancel_open(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	fx_open(fx);
	fx_fill(fx, NULL);
	sim_ibb_send_cancel(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "close;finished:cancelled;");
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	sim_ibb_send_cancel(fx->s);
	g_assert_cmpuint(fx->finishes, ==, 1);
	g_assert_cmpuint(fx->closes, ==, 1);
	(void)d;
}

static void
test_cancel_idle(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	sim_ibb_send_cancel(fx->s);
	g_assert_cmpstr(fx->log->str, ==, "finished:cancelled;");
	sim_ibb_send_open(fx->s); /* too late */
	g_assert_cmpstr(fx->log->str, ==, "finished:cancelled;");
	(void)d;
}

/* The glue cancels from inside opened(): no ready after it. */
static void
test_cancel_in_opened(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	fx->cancel_in_opened = TRUE;
	sim_ibb_send_open(fx->s);
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpstr(fx->log->str, ==, "open:4096;opened;close;finished:cancelled;");
	g_assert_cmpuint(fx->readies, ==, 0);
	(void)d;
}

/* ---- acks, timer, edge cases ---- */

static void
test_unknown_ack(Fx *fx, gconstpointer d)
{
	guint sets;

	fx_start(fx, 100000, 4096, 0);
	fx_open(fx);
	g_assert_cmpuint(sim_ibb_send_sent(fx->s, 4096), ==, 0);
	sets = fx->timer_sets;
	fx->now += 50;
	g_assert_false(sim_ibb_send_ack(fx->s, 1, TRUE));
	g_assert_false(sim_ibb_send_ack(fx->s, 65535, FALSE));
	g_assert_false(sim_ibb_send_ack(fx->s, 7, FALSE));
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpuint(fx->timer_sets, ==, sets);
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	g_assert_cmpuint(sim_ibb_send_in_flight(fx->s), ==, 1);
	g_assert_cmpuint(sim_ibb_send_bytes_in_flight(fx->s), ==, 4096);
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), ==, 4096);
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, 0);
	g_assert_cmpuint(sim_ibb_send_next_seq(fx->s), ==, 1);
	g_assert_cmpint(sim_ibb_window_srtt(sim_ibb_send_window(fx->s)), ==, 100); /* no sample */
	/* the real one is still taken */
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpuint(sim_ibb_send_acked_bytes(fx->s), ==, 4096);
	(void)d;
}

static void
test_timer(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 2);
	fx_open(fx);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	sim_ibb_send_sent(fx->s, 4096);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS); /* armed with the first */
	sim_ibb_send_sent(fx->s, 4096);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS);
	fx->timer_ms = 12345; /* to see whether the ack re-arms it */
	fx->now += 30000;
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS); /* from the last sign of life */
	sim_ibb_send_sent(fx->s, 4096);
	g_assert_true(sim_ibb_send_ack(fx->s, 1, TRUE));
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS); /* one still in flight */
	g_assert_true(sim_ibb_send_ack(fx->s, 2, TRUE));
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_DONE);
	g_assert_cmpuint(fx->timer_ms, ==, 0); /* stopped when done */
	(void)d;
}

/* Nothing in flight and not done (waiting for the file): no timer. */
static void
test_timer_stopped_when_idle(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 0);
	fx_open(fx);
	sim_ibb_send_sent(fx->s, 4096);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS);
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	(void)d;
}

static void
test_free_stops_timer(Fx *fx, gconstpointer d)
{
	fx_start(fx, 3 * 4096, 4096, 0);
	fx_open(fx);
	sim_ibb_send_sent(fx->s, 4096);
	g_assert_cmpuint(fx->timer_ms, ==, SIM_IBB_ACK_BOUND_MS);
	sim_ibb_send_free(fx->s);
	fx->s = NULL;
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_cmpstr(fx->log->str, ==, ""); /* no close, no finished */
	(void)d;
}

static void
test_free_when_done(Fx *fx, gconstpointer d)
{
	guint sets;

	fx_start(fx, 100, 4096, 0);
	sim_ibb_send_cancel(fx->s);
	sets = fx->timer_sets;
	sim_ibb_send_free(fx->s);
	fx->s = NULL;
	g_assert_cmpuint(fx->timer_sets, ==, sets);
	sim_ibb_send_free(NULL);
	(void)d;
}

static void
test_total_zero(Fx *fx, gconstpointer d)
{
	fx_start(fx, 0, 4096, 0);
	sim_ibb_send_open(fx->s);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0);
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpstr(fx->log->str, ==, "open:4096;opened;close;finished:ok;");
	g_assert_cmpint(sim_ibb_send_end(fx->s), ==, SIM_IBB_END_OK);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_cmpuint(sim_ibb_send_next(fx->s), ==, 0);
	(void)d;
}

/* The acks' round trips reach the window. */
static void
test_acks_feed_window(Fx *fx, gconstpointer d)
{
	const SimIbbWindow *w;

	fx_start(fx, 1000000, 4096, 0);
	fx_open(fx);
	w = sim_ibb_send_window(fx->s);
	g_assert_cmpint(sim_ibb_window_base(w), ==, 100);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, 8192);
	fx_fill(fx, NULL);
	fx->now += 60;
	g_assert_true(sim_ibb_send_ack(fx->s, 0, TRUE));
	g_assert_cmpint(sim_ibb_window_base(w), ==, 60);
	/* slow start: the acked bytes were added */
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, 8192 + 4096);
	(void)d;
}

/* sent() outside OPEN is a programming error: refused with a critical,
 * nothing counted, and nothing leaked (run under SAN=1 for that part). */
static void
test_sent_after_done_refused(Fx *fx, gconstpointer d)
{
	fx_start(fx, 100000, 4096, 0);
	fx_open(fx);
	sim_ibb_send_cancel(fx->s);
	g_test_expect_message("si-multiple", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
	sim_ibb_send_sent(fx->s, 10);
	g_test_assert_expected_messages();
	g_assert_cmpuint(sim_ibb_send_sent_bytes(fx->s), ==, 0);
	g_assert_cmpuint(sim_ibb_send_in_flight(fx->s), ==, 0);
	g_assert_cmpuint(sim_ibb_send_next_seq(fx->s), ==, 0);
	(void)d;
}

static void
test_end_names(void)
{
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_NONE), ==, "none");
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_OK), ==, "ok");
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_REFUSED), ==, "ibb-refused");
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_DATA_ERROR), ==, "ibb-data-error");
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_NO_ACK), ==, "ibb-no-ack");
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_PEER_CLOSED), ==, "ibb-peer-closed");
	g_assert_cmpstr(sim_ibb_end_name(SIM_IBB_END_CANCELLED), ==, "cancelled");
	g_assert_cmpstr(sim_ibb_end_name((SimIbbEnd)99), ==, "?");
	g_assert_cmpstr(sim_ibb_end_name((SimIbbEnd)-1), ==, "?");
}

#define ADD(path, fn) g_test_add("/ibb-send/" path, Fx, NULL, fx_setup, fn, fx_teardown)

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	ADD("open/sends-block", test_open_sends_block);
	ADD("open/ok", test_open_ok);
	ADD("open/answer-before-open", test_answer_before_open);
	ADD("open/resource-constraint-retry", test_resource_constraint_retry);
	ADD("open/resource-constraint-then-ok", test_resource_constraint_then_ok);
	ADD("open/resource-constraint-at-4096", test_resource_constraint_at_4096);
	ADD("open/resource-constraint-under-4096", test_resource_constraint_under_4096);
	ADD("open/error", test_open_error);
	ADD("data/next-bounded", test_next_bounded);
	ADD("data/last-piece", test_last_piece);
	ADD("data/seq-wraps", test_seq_wraps);
	ADD("data/seq-wrap-acks-by-seq", test_seq_wrap_acks_by_seq);
	ADD("data/close-after-last-ack", test_close_after_last_ack);
	ADD("data/no-close-before-all-sent", test_no_close_before_all_sent);
	ADD("data/error-ack", test_error_ack);
	ADD("data/unknown-ack", test_unknown_ack);
	ADD("data/acks-feed-window", test_acks_feed_window);
	ADD("data/total-zero", test_total_zero);
	ADD("data/sent-after-done-refused", test_sent_after_done_refused);
	ADD("end/peer-closed-mid-stream", test_peer_closed_mid_stream);
	ADD("end/peer-closed-after-last-byte", test_peer_closed_after_last_byte);
	ADD("end/peer-closed-two-unanswered", test_peer_closed_two_unanswered);
	ADD("end/peer-closed-one-byte-short", test_peer_closed_one_byte_short);
	ADD("end/peer-closed-opening", test_peer_closed_opening);
	ADD("end/timeout-open", test_timeout_open);
	ADD("end/timeout-opening", test_timeout_opening);
	ADD("end/cancel-opening", test_cancel_opening);
	ADD("end/cancel-open", test_cancel_open);
	ADD("end/cancel-idle", test_cancel_idle);
	ADD("end/cancel-in-opened", test_cancel_in_opened);
	ADD("timer/armed-and-rearmed", test_timer);
	ADD("timer/stopped-when-idle", test_timer_stopped_when_idle);
	ADD("timer/free-stops-it", test_free_stops_timer);
	ADD("timer/free-when-done", test_free_when_done);
	g_test_add_func("/ibb-send/end-names", test_end_names);
	return g_test_run();
}
