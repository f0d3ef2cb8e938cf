/* test-s5b-race.c - the receiver's SOCKS5 race, driven with a fake clock. */
#include <glib.h>

#include "s5b-race.h"
#include "testutil.h"

typedef struct {
	gint64 now;
	guint timer;
	GString *log; /* "start0;cancel1;won0;" … */
	SimRace *r;
} Fx;

static void fx_start_cb(gpointer c, guint i) { g_string_append_printf(((Fx *)c)->log, "start%u;", i); }
static void fx_cancel_cb(gpointer c, guint i) { g_string_append_printf(((Fx *)c)->log, "cancel%u;", i); }
static void fx_close_cb(gpointer c, guint i) { g_string_append_printf(((Fx *)c)->log, "close%u;", i); }
static void fx_won_cb(gpointer c, guint i) { g_string_append_printf(((Fx *)c)->log, "won%u;", i); }
static void fx_lost_cb(gpointer c) { g_string_append(((Fx *)c)->log, "lost;"); }
static void fx_timer_cb(gpointer c, guint ms) { ((Fx *)c)->timer = ms; }
static gint64 fx_now_cb(gpointer c) { return ((Fx *)c)->now; }

static const SimRaceActions fx_act = {
	fx_start_cb, fx_cancel_cb, fx_close_cb, fx_won_cb, fx_lost_cb, fx_timer_cb, fx_now_cb
};

static void
fx_setup(Fx *fx, gconstpointer d)
{
	fx->now = 5000;
	fx->timer = 0;
	fx->log = g_string_new(NULL);
	fx->r = NULL;
	(void)d;
}

static void
fx_teardown(Fx *fx, gconstpointer d)
{
	sim_race_free(fx->r);
	g_string_free(fx->log, TRUE);
	(void)d;
}

/* Advances the clock to the armed timer and fires it. */
static void
fx_fire(Fx *fx)
{
	g_assert_cmpuint(fx->timer, >, 0);
	fx->now += fx->timer;
	sim_race_timeout(fx->r);
}

static void
fx_run(Fx *fx, guint n, const gboolean *own)
{
	fx->r = sim_race_new(n, own, 200, 3000, &fx_act, fx);
	sim_race_run(fx->r);
}

static const gboolean own_proxy[] = { FALSE, TRUE }; /* proxy listed first */

static void
test_direct_first_then_stagger(Fx *fx, gconstpointer d)
{
	fx_run(fx, 2, own_proxy);
	g_assert_cmpstr(fx->log->str, ==, "start1;");
	g_assert_cmpuint(sim_race_order(fx->r, 0), ==, 1);
	g_assert_cmpuint(fx->timer, ==, 200);
	fx_fire(fx);
	g_assert_cmpstr(fx->log->str, ==, "start1;start0;");
	g_assert_cmpuint(fx->timer, ==, 2800); /* now only the overall bound */
	(void)d;
}

static void
test_first_success_wins_and_cancels_others(Fx *fx, gconstpointer d)
{
	fx_run(fx, 2, own_proxy);
	fx_fire(fx);
	sim_race_connected(fx->r, 0); /* the proxy answers first */
	/* the own direct attempt is left to finish, never abandoned */
	g_assert_cmpstr(fx->log->str, ==, "start1;start0;won0;");
	g_assert_true(sim_race_finished(fx->r));
	sim_race_connected(fx->r, 1);
	g_assert_cmpstr(fx->log->str, ==, "start1;start0;won0;close1;");
	g_assert_cmpuint(fx->timer, ==, 0);
	(void)d;
}

static void
test_own_wins_cancels_proxy(Fx *fx, gconstpointer d)
{
	fx_run(fx, 2, own_proxy);
	fx_fire(fx);
	sim_race_connected(fx->r, 1);
	g_assert_cmpstr(fx->log->str, ==, "start1;start0;cancel0;won1;");
	g_assert_cmpint(sim_race_attempt_state(fx->r, 0), ==, SIM_ATTEMPT_CANCELLED);
	g_assert_cmpuint(fx->timer, ==, 0);
	(void)d;
}

static void
test_failure_starts_next_at_once(Fx *fx, gconstpointer d)
{
	fx_run(fx, 2, own_proxy);
	sim_race_failed(fx->r, 1); /* refused within the stagger */
	g_assert_cmpstr(fx->log->str, ==, "start1;start0;");
	sim_race_failed(fx->r, 0);
	g_assert_cmpstr(fx->log->str, ==, "start1;start0;lost;");
	g_assert_cmpuint(sim_race_count(fx->r, SIM_ATTEMPT_FAILED), ==, 2);
	g_assert_cmpuint(fx->timer, ==, 0);
	(void)d;
}

static void
test_overall_bound(Fx *fx, gconstpointer d)
{
	static const gboolean own3[] = { TRUE, FALSE, FALSE };

	fx_run(fx, 3, own3);
	fx_fire(fx);
	fx_fire(fx);
	g_assert_cmpstr(fx->log->str, ==, "start0;start1;start2;");
	fx_fire(fx); /* 3 s: black holes everywhere */
	g_assert_cmpint(fx->now - 5000, ==, 3000);
	g_assert_cmpstr(fx->log->str, ==, "start0;start1;start2;cancel1;cancel2;lost;");
	/* the own host gets a grace, then it is dead for sure */
	g_assert_cmpuint(fx->timer, >, 0);
	fx_fire(fx);
	g_assert_cmpstr(fx->log->str, ==, "start0;start1;start2;cancel1;cancel2;lost;cancel0;");
	g_assert_cmpuint(fx->timer, ==, 0);
	(void)d;
}

static void
test_late_failure_after_win_ignored(Fx *fx, gconstpointer d)
{
	static const gboolean own2[] = { TRUE, TRUE };

	fx_run(fx, 2, own2);
	fx_fire(fx);
	sim_race_connected(fx->r, 1);
	sim_race_failed(fx->r, 0);
	sim_race_failed(fx->r, 0);
	sim_race_connected(fx->r, 7); /* out of range */
	g_assert_cmpstr(fx->log->str, ==, "start0;start1;won1;");
	g_assert_cmpuint(fx->timer, ==, 0);
	(void)d;
}

static void
test_no_hosts(Fx *fx, gconstpointer d)
{
	fx_run(fx, 0, NULL);
	g_assert_cmpstr(fx->log->str, ==, "lost;");
	g_assert_true(sim_race_finished(fx->r));
	(void)d;
}

static void
test_host_count_capped(Fx *fx, gconstpointer d)
{
	guint i;

	fx_run(fx, 1000, NULL);
	for (i = 0; i < 40; i++)
		if (fx->timer && !sim_race_finished(fx->r))
			fx_fire(fx);
	g_assert_cmpuint(sim_race_count(fx->r, SIM_ATTEMPT_CONNECTING) +
	                 sim_race_count(fx->r, SIM_ATTEMPT_CANCELLED), ==, SIM_MAX_STREAMHOSTS);
	g_assert_true(sim_race_finished(fx->r));
	(void)d;
}

#define ADD(p, f) g_test_add("/s5b-race/" p, Fx, NULL, fx_setup, f, fx_teardown)

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	ADD("direct-first-then-stagger", test_direct_first_then_stagger);
	ADD("first-success-wins", test_first_success_wins_and_cancels_others);
	ADD("own-wins-cancels-proxy", test_own_wins_cancels_proxy);
	ADD("failure-starts-next-at-once", test_failure_starts_next_at_once);
	ADD("overall-bound", test_overall_bound);
	ADD("late-events-ignored", test_late_failure_after_win_ignored);
	ADD("no-hosts", test_no_hosts);
	ADD("host-count-capped", test_host_count_capped);
	return g_test_run();
}
