/* test-fallback.c - drives the per-transfer state machine directly: events
 * in, recorded actions out, with a fake clock. */
#include <glib.h>

#include "fallback.h"
#include "testutil-codec.h"
#include "testutil.h"

typedef struct {
	gint64 now;
	guint timer_ms;      /* last armed value (0 = stopped) */
	guint timer_sets;
	GString *log;        /* "fallback:socks5>ibb:socks5-failed;" "fail:…:cancel;" */
	SimSession *s;
} Fx;

static void
fx_set_timer(gpointer ctx, guint ms)
{
	Fx *fx = ctx;

	fx->timer_ms = ms;
	fx->timer_sets++;
}

static void
fx_fallback(gpointer ctx, SimMethod failed, SimMethod next, SimReason why)
{
	Fx *fx = ctx;

	g_string_append_printf(fx->log, "fallback:%s>%s:%s;", sim_method_name(failed),
	                       sim_method_name(next), sim_reason_name(why));
}

static void
fx_fail(gpointer ctx, SimReason why, gboolean cancel)
{
	Fx *fx = ctx;

	g_string_append_printf(fx->log, "fail:%s:%s;", sim_reason_name(why),
	                       cancel ? "cancel" : "explain");
}

static gint64
fx_now(gpointer ctx)
{
	return ((Fx *)ctx)->now;
}

static const SimActions fx_actions = { fx_set_timer, fx_fallback, fx_fail, fx_now };

static void
fx_setup(Fx *fx, gconstpointer data)
{
	fx->now = 1000;
	fx->timer_ms = 0;
	fx->timer_sets = 0;
	fx->log = g_string_new(NULL);
	fx->s = NULL;
	(void)data;
}

static void
fx_teardown(Fx *fx, gconstpointer data)
{
	sim_session_free(fx->s);
	g_string_free(fx->log, TRUE);
	(void)data;
}

static void
fx_start(Fx *fx, SimRole role, SimMethodList allowed, SimMethodList offered)
{
	SimTimeouts t;

	sim_timeouts_default(&t);
	fx->s = sim_session_new(role, &allowed, &offered, &t, &fx_actions, fx);
}

static void
fx_reply(Fx *fx, SimMethodList peer)
{
	SimEvent ev = { SIM_EV_REPLY_MULTIPLE, &peer, 0 };

	sim_session_handle(fx->s, &ev);
}

static void
fx_query(Fx *fx, guint hosts)
{
	SimEvent ev = { SIM_EV_S5B_QUERY, NULL, hosts };

	sim_session_handle(fx->s, &ev);
}

#define BOTH sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB)
#define IBB_FIRST sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_S5B)
#define ONLY(m) sim_test_methods(m, SIM_METHOD_NONE)

/* ---- sender ---- */

static void
test_sender_s5b_works(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_OFFERED);
	g_assert_cmpint(sim_session_current(fx->s), ==, SIM_METHOD_NONE);
	fx_reply(fx, BOTH);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_S5B);
	g_assert_cmpint(sim_session_current(fx->s), ==, SIM_METHOD_S5B);
	fx_query(fx, 2);
	g_assert_cmpuint(fx->timer_ms, ==, 2 * 10000 + 5000);
	fx->now += 30;
	sim_session_event(fx->s, SIM_EV_S5B_USED);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpuint(sim_session_attempts(fx->s)->len, ==, 1);
	(void)d;
}

static void
test_sender_s5b_fails_then_ibb(Fx *fx, gconstpointer d)
{
	const SimAttempt *a;

	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, BOTH);
	fx_query(fx, 1);
	fx->now += 1200;
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	g_assert_cmpstr(fx->log->str, ==, "fallback:socks5>ibb:socks5-failed;");
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_IBB);
	g_assert_cmpint(sim_session_current(fx->s), ==, SIM_METHOD_IBB);
	g_assert_cmpuint(fx->timer_ms, >, 0);
	sim_session_event(fx->s, SIM_EV_IBB_OPEN);
	sim_session_event(fx->s, SIM_EV_IBB_OPENED);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_cmpuint(sim_session_attempts(fx->s)->len, ==, 2);
	a = &g_array_index(sim_session_attempts(fx->s), SimAttempt, 0);
	g_assert_cmpint(a->method, ==, SIM_METHOD_S5B);
	g_assert_cmpint(a->outcome, ==, SIM_REASON_S5B_FAILED);
	g_assert_cmpint(a->ended_ms - a->started_ms, ==, 1200);
	(void)d;
}

static void
test_sender_ibb_first(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, IBB_FIRST);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_IBB);
	g_assert_cmpint(sim_session_order(fx->s)->m[0], ==, SIM_METHOD_IBB);
	g_assert_cmpuint(fx->timer_ms, >, 0);
	sim_session_event(fx->s, SIM_EV_IBB_OPENED);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	(void)d;
}

static void
test_sender_no_common_method(Fx *fx, gconstpointer d)
{
	SimMethodList empty;

	sim_method_list_clear(&empty);
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, empty);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DONE);
	g_assert_cmpstr(fx->log->str, ==, "fail:no-common-method:explain;");
	(void)d;
}

static void
test_sender_reply_limited_to_offer(Fx *fx, gconstpointer d)
{
	/* we offered SOCKS5 only; a reply naming IBB first must not start IBB */
	fx_start(fx, SIM_ROLE_SENDER, BOTH, ONLY(SIM_METHOD_S5B));
	fx_reply(fx, IBB_FIRST);
	g_assert_cmpuint(sim_session_order(fx->s)->n, ==, 1);
	g_assert_cmpint(sim_session_current(fx->s), ==, SIM_METHOD_S5B);
	(void)d;
}

static void
test_sender_respects_our_allowed(Fx *fx, gconstpointer d)
{
	/* user set "SOCKS5 only": IBB listed by the peer is not used */
	fx_start(fx, SIM_ROLE_SENDER, ONLY(SIM_METHOD_S5B), BOTH);
	fx_reply(fx, BOTH);
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	g_assert_cmpstr(fx->log->str, ==, "fail:socks5-failed:cancel;");
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DONE);
	(void)d;
}

static void
test_sender_query_unanswered(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, BOTH);
	g_assert_cmpuint(fx->timer_ms, ==, 0); /* no bound before the query */
	fx_query(fx, 3);
	g_assert_cmpuint(fx->timer_ms, ==, 35000);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	/* in-band may still carry it: the sender moves on, it never cancels */
	g_assert_cmpstr(fx->log->str, ==, "fallback:socks5>ibb:socks5-no-answer;");
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_IBB);
	(void)d;
}

static void
test_sender_query_unanswered_no_ibb(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_NONE));
	fx_reply(fx, sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_NONE));
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "fail:socks5-no-answer:cancel;");
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DONE);
	(void)d;
}

static void
test_sender_query_bound_capped(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, BOTH);
	fx_query(fx, 100000); /* never trust a count: bounded by the cap */
	g_assert_cmpuint(fx->timer_ms, ==, SIM_MAX_STREAMHOSTS * 10000 + 5000);
	(void)d;
}

static void
test_sender_ibb_refused(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, BOTH);
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	sim_session_event(fx->s, SIM_EV_IBB_REFUSED);
	/* the open is the plugin's own, so the plugin ends the transfer */
	g_assert_cmpstr(fx->log->str, ==,
	                "fallback:socks5>ibb:socks5-failed;fail:ibb-refused:cancel;");
	(void)d;
}

static void
test_sender_ibb_never_opens(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, IBB_FIRST);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "fail:ibb-not-opened:cancel;");
	(void)d;
}

static void
test_sender_plain_reply_hands_off(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_REPLY_PLAIN);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_PLAIN);
	/* later events change nothing */
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_PLAIN);
	(void)d;
}

static void
test_sender_plain_reply_followed(Fx *fx, gconstpointer d)
{
	SimMethodList chosen = ONLY(SIM_METHOD_S5B);
	SimEvent ev = { SIM_EV_REPLY_PLAIN, &chosen, 0 };

	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	sim_session_handle(fx->s, &ev);
	/* libpurple's own order for a stock peer: SOCKS5, then in-band */
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_S5B);
	g_assert_cmpuint(sim_session_order(fx->s)->n, ==, 2);
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	g_assert_cmpstr(fx->log->str, ==, "fallback:socks5>ibb:socks5-failed;");
	(void)d;
}

static void
test_sender_plain_reply_no_ibb_offered(Fx *fx, gconstpointer d)
{
	SimMethodList chosen = ONLY(SIM_METHOD_S5B);
	SimEvent ev = { SIM_EV_REPLY_PLAIN, &chosen, 0 };
	SimTimeouts t;

	fx_start(fx, SIM_ROLE_SENDER, BOTH, ONLY(SIM_METHOD_S5B));
	sim_timeouts_default(&t);
	t.s5b_answer_per_host = 0;
	t.s5b_answer_margin = 6000;
	sim_session_set_timeouts(fx->s, &t);
	sim_session_handle(fx->s, &ev);
	g_assert_cmpuint(sim_session_order(fx->s)->n, ==, 1);
	fx_query(fx, 3);
	g_assert_cmpuint(fx->timer_ms, ==, 6000);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "fail:socks5-no-answer:cancel;");
	(void)d;
}

static void
test_sender_declined(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_REPLY_ERROR);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DONE);
	g_assert_cmpstr(fx->log->str, ==, "");
	(void)d;
}

static void
test_sender_out_of_order_events_ignored(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	/* before the reply nothing but a reply counts */
	sim_session_event(fx->s, SIM_EV_S5B_USED);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_OFFERED);
	fx_reply(fx, BOTH);
	/* an IBB answer while SOCKS5 runs is not ours to act on */
	sim_session_event(fx->s, SIM_EV_IBB_OPENED);
	sim_session_event(fx->s, SIM_EV_IBB_REFUSED);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_S5B);
	g_assert_cmpstr(fx->log->str, ==, "");
	(void)d;
}

static void
test_sender_ended_stops_everything(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_SENDER, BOTH, BOTH);
	fx_reply(fx, BOTH);
	fx_query(fx, 1);
	g_assert_cmpuint(fx->timer_ms, >, 0);
	sim_session_event(fx->s, SIM_EV_ENDED);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DONE);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "");
	(void)d;
}

/* ---- receiver ---- */

static void
test_receiver_order_is_ours(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, IBB_FIRST, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	g_assert_cmpuint(sim_session_order(fx->s)->n, ==, 2);
	g_assert_cmpint(sim_session_order(fx->s)->m[0], ==, SIM_METHOD_IBB);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_IBB);
	(void)d;
}

static void
test_receiver_order_limited_to_offer(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, ONLY(SIM_METHOD_IBB));
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	g_assert_cmpuint(sim_session_order(fx->s)->n, ==, 1);
	g_assert_cmpint(sim_session_order(fx->s)->m[0], ==, SIM_METHOD_IBB);
	(void)d;
}

static void
test_receiver_nothing_to_list(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, ONLY(SIM_METHOD_IBB), ONLY(SIM_METHOD_S5B));
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_PLAIN);
	g_assert_cmpuint(sim_session_order(fx->s)->n, ==, 0);
	(void)d;
}

static void
test_receiver_s5b_works(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_ACCEPTED);
	g_assert_cmpuint(fx->timer_ms, ==, 20000);
	fx_query(fx, 2);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_S5B);
	g_assert_cmpuint(fx->timer_ms, ==, 2 * 5000 + 3000);
	sim_session_event(fx->s, SIM_EV_S5B_USED);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	g_assert_cmpuint(fx->timer_ms, ==, 0);
	(void)d;
}

static void
test_receiver_s5b_fails_then_ibb(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	fx_query(fx, 2);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	g_assert_cmpstr(fx->log->str, ==, "fallback:socks5>ibb:socks5-failed;");
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_IBB);
	g_assert_cmpuint(fx->timer_ms, ==, 15000);
	sim_session_event(fx->s, SIM_EV_IBB_OPEN);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	(void)d;
}

static void
test_receiver_ibb_never_opens(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==,
	                "fallback:socks5>ibb:socks5-failed;fail:ibb-not-opened:cancel;");
	(void)d;
}

static void
test_receiver_nothing_arrives(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "fail:nothing-arrived:cancel;");
	(void)d;
}

static void
test_receiver_ibb_only_nothing_arrives(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, ONLY(SIM_METHOD_IBB), BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	g_assert_cmpuint(fx->timer_ms, ==, 20000);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "fail:nothing-arrived:cancel;");
	(void)d;
}

static void
test_receiver_s5b_only_fails(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, ONLY(SIM_METHOD_S5B), BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_S5B_FAILED);
	g_assert_cmpstr(fx->log->str, ==, "fail:socks5-failed:cancel;");
	(void)d;
}

static void
test_receiver_s5b_stalls(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	fx_query(fx, 1);
	sim_session_event(fx->s, SIM_EV_TIMEOUT);
	g_assert_cmpstr(fx->log->str, ==, "fail:socks5-stalled:cancel;");
	(void)d;
}

static void
test_receiver_sender_skips_to_ibb(Fx *fx, gconstpointer d)
{
	/* we listed SOCKS5 first; a sender that opens IBB at once is followed */
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	sim_session_event(fx->s, SIM_EV_IBB_OPEN);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	g_assert_cmpint(g_array_index(sim_session_attempts(fx->s), SimAttempt, 1).method,
	                ==, SIM_METHOD_IBB);
	(void)d;
}

static void
test_receiver_sender_skips_to_s5b(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, IBB_FIRST, BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	fx_query(fx, 1);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_S5B);
	g_assert_cmpint(sim_session_current(fx->s), ==, SIM_METHOD_S5B);
	sim_session_event(fx->s, SIM_EV_S5B_USED);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_DATA);
	(void)d;
}

static void
test_receiver_ibb_not_listed_not_accepted(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, ONLY(SIM_METHOD_S5B), BOTH);
	sim_session_event(fx->s, SIM_EV_ACCEPTING);
	sim_session_event(fx->s, SIM_EV_IBB_OPEN);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_ACCEPTED);
	(void)d;
}

static void
test_receiver_ignores_sender_events(Fx *fx, gconstpointer d)
{
	fx_start(fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	fx_reply(fx, BOTH);
	sim_session_event(fx->s, SIM_EV_REPLY_PLAIN);
	g_assert_cmpint(sim_session_state(fx->s), ==, SIM_ST_OFFERED);
	(void)d;
}

static void
test_free_stops_timer(void)
{
	Fx fx;

	fx_setup(&fx, NULL);
	fx_start(&fx, SIM_ROLE_RECEIVER, BOTH, BOTH);
	sim_session_event(fx.s, SIM_EV_ACCEPTING);
	g_assert_cmpuint(fx.timer_ms, >, 0);
	sim_session_free(fx.s);
	fx.s = NULL;
	g_assert_cmpuint(fx.timer_ms, ==, 0);
	fx_teardown(&fx, NULL);
}

static void
test_names(void)
{
	g_assert_cmpstr(sim_state_name(SIM_ST_DATA), ==, "data");
	g_assert_cmpstr(sim_state_name((SimState)99), ==, "?");
	g_assert_cmpstr(sim_reason_name(SIM_REASON_NO_METHOD_LEFT), ==, "no-method-left");
	g_assert_cmpstr(sim_reason_name((SimReason)-1), ==, "?");
}

#define ADD(path, fn) g_test_add("/fallback/" path, Fx, NULL, fx_setup, fn, fx_teardown)

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	ADD("sender/s5b-works", test_sender_s5b_works);
	ADD("sender/s5b-fails-then-ibb", test_sender_s5b_fails_then_ibb);
	ADD("sender/ibb-first", test_sender_ibb_first);
	ADD("sender/no-common-method", test_sender_no_common_method);
	ADD("sender/reply-limited-to-offer", test_sender_reply_limited_to_offer);
	ADD("sender/respects-our-allowed", test_sender_respects_our_allowed);
	ADD("sender/query-unanswered", test_sender_query_unanswered);
	ADD("sender/query-unanswered-no-ibb", test_sender_query_unanswered_no_ibb);
	ADD("sender/query-bound-capped", test_sender_query_bound_capped);
	ADD("sender/ibb-refused", test_sender_ibb_refused);
	ADD("sender/ibb-never-opens", test_sender_ibb_never_opens);
	ADD("sender/plain-reply-hands-off", test_sender_plain_reply_hands_off);
	ADD("sender/declined", test_sender_declined);
	ADD("sender/plain-reply-followed", test_sender_plain_reply_followed);
	ADD("sender/plain-reply-no-ibb-offered", test_sender_plain_reply_no_ibb_offered);
	ADD("sender/out-of-order-events-ignored", test_sender_out_of_order_events_ignored);
	ADD("sender/ended-stops-everything", test_sender_ended_stops_everything);
	ADD("receiver/order-is-ours", test_receiver_order_is_ours);
	ADD("receiver/order-limited-to-offer", test_receiver_order_limited_to_offer);
	ADD("receiver/nothing-to-list", test_receiver_nothing_to_list);
	ADD("receiver/s5b-works", test_receiver_s5b_works);
	ADD("receiver/s5b-fails-then-ibb", test_receiver_s5b_fails_then_ibb);
	ADD("receiver/ibb-never-opens", test_receiver_ibb_never_opens);
	ADD("receiver/nothing-arrives", test_receiver_nothing_arrives);
	ADD("receiver/ibb-only-nothing-arrives", test_receiver_ibb_only_nothing_arrives);
	ADD("receiver/s5b-only-fails", test_receiver_s5b_only_fails);
	ADD("receiver/s5b-stalls", test_receiver_s5b_stalls);
	ADD("receiver/sender-skips-to-ibb", test_receiver_sender_skips_to_ibb);
	ADD("receiver/sender-skips-to-s5b", test_receiver_sender_skips_to_s5b);
	ADD("receiver/ibb-not-listed-not-accepted", test_receiver_ibb_not_listed_not_accepted);
	ADD("receiver/ignores-sender-events", test_receiver_ignores_sender_events);
	g_test_add_func("/fallback/free-stops-timer", test_free_stops_timer);
	g_test_add_func("/fallback/names", test_names);
	return g_test_run();
}
