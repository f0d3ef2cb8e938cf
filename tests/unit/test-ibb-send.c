/* test-ibb-send.c - the in-band sender (ibb-send.h), driven directly
 * through the fixture in testutil-ibb-send.h: opening, the data and its
 * acks, seq wrap-around, the close. Its other ends (peer close, timeouts,
 * cancel) and its timer are in test-ibb-send-end.c. */
#include <glib.h>

#include "testutil.h"
#include "testutil-ibb-send.h"

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

/* ---- acks and edge cases ---- */

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

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	FX_ADD("open/sends-block", test_open_sends_block);
	FX_ADD("open/ok", test_open_ok);
	FX_ADD("open/answer-before-open", test_answer_before_open);
	FX_ADD("open/resource-constraint-retry", test_resource_constraint_retry);
	FX_ADD("open/resource-constraint-then-ok", test_resource_constraint_then_ok);
	FX_ADD("open/resource-constraint-at-4096", test_resource_constraint_at_4096);
	FX_ADD("open/resource-constraint-under-4096", test_resource_constraint_under_4096);
	FX_ADD("open/error", test_open_error);
	FX_ADD("data/next-bounded", test_next_bounded);
	FX_ADD("data/last-piece", test_last_piece);
	FX_ADD("data/seq-wraps", test_seq_wraps);
	FX_ADD("data/seq-wrap-acks-by-seq", test_seq_wrap_acks_by_seq);
	FX_ADD("data/close-after-last-ack", test_close_after_last_ack);
	FX_ADD("data/no-close-before-all-sent", test_no_close_before_all_sent);
	FX_ADD("data/error-ack", test_error_ack);
	FX_ADD("data/unknown-ack", test_unknown_ack);
	FX_ADD("data/acks-feed-window", test_acks_feed_window);
	FX_ADD("data/total-zero", test_total_zero);
	FX_ADD("data/sent-after-done-refused", test_sent_after_done_refused);
	g_test_add_func("/ibb-send/end-names", test_end_names);
	return g_test_run();
}
