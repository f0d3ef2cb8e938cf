/* test-ibb-send-end.c - how the in-band sender (ibb-send.h) ends other
 * than by finishing: the peer closes, the open or an ack times out, the
 * user cancels; and its one timer. Fixture: testutil-ibb-send.h. */
#include <glib.h>

#include "testutil.h"
#include "testutil-ibb-send.h"

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

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	FX_ADD("end/peer-closed-mid-stream", test_peer_closed_mid_stream);
	FX_ADD("end/peer-closed-after-last-byte", test_peer_closed_after_last_byte);
	FX_ADD("end/peer-closed-two-unanswered", test_peer_closed_two_unanswered);
	FX_ADD("end/peer-closed-one-byte-short", test_peer_closed_one_byte_short);
	FX_ADD("end/peer-closed-opening", test_peer_closed_opening);
	FX_ADD("end/timeout-open", test_timeout_open);
	FX_ADD("end/timeout-opening", test_timeout_opening);
	FX_ADD("end/cancel-opening", test_cancel_opening);
	FX_ADD("end/cancel-open", test_cancel_open);
	FX_ADD("end/cancel-idle", test_cancel_idle);
	FX_ADD("end/cancel-in-opened", test_cancel_in_opened);
	FX_ADD("timer/armed-and-rearmed", test_timer);
	FX_ADD("timer/stopped-when-idle", test_timer_stopped_when_idle);
	FX_ADD("timer/free-stops-it", test_free_stops_timer);
	FX_ADD("timer/free-when-done", test_free_when_done);
	return g_test_run();
}
