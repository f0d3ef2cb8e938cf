/* test-ibb-window.c - the in-band flow control (ibb-window.h) under scripted
 * ack timings and the deterministic link simulator of testutil-ibb-link.h. */

#include <glib.h>

#include <math.h>

#include "ibb-window.h"
#include "testutil.h"
#include "testutil-ibb-link.h"

static SimIbbWindow *
window_new(guint block, guint min_chunk, guint max_window, guint target, guint fixed)
{
	SimIbbWindowConfig cfg;

	sim_ibb_window_config_default(&cfg, block);
	cfg.min_chunk = min_chunk;
	cfg.max_window = max_window;
	cfg.target_ms = target;
	cfg.fixed = fixed;
	return sim_ibb_window_new(&cfg);
}

static SimIbbWindow *
window_default(guint block)
{
	SimIbbWindowConfig cfg;

	sim_ibb_window_config_default(&cfg, block);
	return sim_ibb_window_new(&cfg);
}

/* What must hold in any state, whatever happened before. */
/* ---- (a) idle path: slow start up to the ceiling ---- */

static void
test_idle_path_grows(void)
{
	SimIbbWindow *w = window_default(4096);
	const SimIbbWindowConfig *c = sim_ibb_window_config(w);
	gsize ceiling = (gsize)c->max_window * c->max_chunk;
	gint64 now = 1000;
	guint rounds = 0;
	gsize L;

	sim_ibb_window_sample(w, 100);
	g_assert_cmpint(sim_ibb_window_base(w), ==, 100);
	/* starts at two of libpurple's blocks */
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, 8192);
	g_assert_cmpuint(sim_ibb_window_chunk(w), ==, 4096);
	g_assert_cmpuint(sim_ibb_window_iqs(w), ==, 2);
	/* one round trip: the whole window acked, each ack at rtt == base */
	while ((L = sim_ibb_window_limit(w)) < ceiling) {
		gsize chunk = sim_ibb_window_chunk(w);
		gsize acked = 0;

		now += 100;
		while (acked < L) {
			sim_ibb_window_acked(w, chunk, 100, now);
			acked += chunk;
		}
		/* doubled, or stopped at the ceiling */
		g_assert_cmpuint(sim_ibb_window_limit(w), ==, MIN(2 * L, ceiling));
		g_assert_cmpint(sim_ibb_window_base(w), ==, 100);
		g_assert_cmpint(sim_ibb_window_srtt(w), ==, 100);
		check_window_shape(w);
		rounds++;
		g_assert_cmpuint(rounds, <, 20);
	}
	/* 8 KiB -> 256 KiB (64 pieces of 4096): five doublings */
	g_assert_cmpuint(rounds, ==, 5);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, ceiling);
	g_assert_cmpuint(sim_ibb_window_chunk(w), ==, c->max_chunk);
	g_assert_cmpuint(sim_ibb_window_iqs(w), ==, c->max_window);
	/* more idle acks: it stays at the ceiling */
	sim_ibb_window_acked(w, 4096, 100, now + 100);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, ceiling);
	sim_ibb_window_free(w);
}

/* The same through the simulator: a fast link (10 MB/s, 50 ms) never
 * queues enough to matter, so the window opens to max_chunk pieces, all of
 * max_window in flight. */
static void
test_idle_path_sim(void)
{
	Sim sim;
	SimStats st;

	link_init(&sim, window_default(16384), 10e6, 50);
	link_run_for(&sim, 5000);
	link_stats(&sim, 2500, &st);
	g_assert_cmpuint(sim_ibb_window_limit(sim.w), ==, 64 * 4096);
	g_assert_cmpuint(st.chunk_min, ==, 4096);
	g_assert_cmpuint(st.iqs_min, ==, 64);
	g_assert_cmpuint(st.bif_max, ==, 64 * 4096);
	link_clear(&sim);
}

/* ---- (b) qdelay above 2 * target: cut by target / qdelay, at most once
 * per srtt ---- */

static void
test_halving_once_per_srtt(void)
{
	SimIbbWindow *w = window_default(4096);
	const gint64 base = 100, target = 400;
	gint64 now = 1000, last_cut = -1;
	guint i, cuts = 0, skipped = 0;

	sim_ibb_window_sample(w, base);
	/* slow start to the ceiling (128 KiB) */
	for (i = 0; i < 30; i++)
		sim_ibb_window_acked(w, 4096, base, now += 10);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, 131072);
	/* then the queue shows: qdelay 1000 ms (> 800), an ack every 50 ms */
	for (i = 0; i < 200; i++) {
		gsize before = sim_ibb_window_limit(w), after;
		gint64 srtt;

		now += 50;
		sim_ibb_window_acked(w, 4096, base + 1000, now);
		after = sim_ibb_window_limit(w);
		srtt = sim_ibb_window_srtt(w);
		check_window_shape(w);
		g_assert_cmpuint(after, <=, before); /* never up */
		if (after < before) {
			/* cut to target / qdelay (0.4 here; the floor at most), and not
			 * within an srtt of the last */
			g_assert_cmpfloat(after, <=, MAX(before * 0.4 + 1, 3072));
			g_assert_cmpfloat(after, >=, MAX(before * 0.4 - 1, 3072));
			if (last_cut >= 0)
				g_assert_cmpint(now - last_cut, >=, srtt);
			last_cut = now;
			cuts++;
		} else if (before > 3072) {
			/* unchanged: only because the last cut is less than an srtt ago */
			g_assert_cmpint(last_cut, >=, 0);
			g_assert_cmpint(now - last_cut, <, srtt);
			skipped++;
		}
	}
	/* the first ack cut at once; the others waited */
	g_assert_cmpuint(cuts, >=, 3);
	g_assert_cmpuint(skipped, >=, 10);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, 3072);
	(void)target;
	sim_ibb_window_free(w);
}

/* The exact steps: the first over-delay ack cuts (by target / qdelay: about
 * a half at 801 ms), the next right after it does not, one an srtt later
 * does; exactly 2 * target does not cut. */
static void
test_halving_script(void)
{
	SimIbbWindow *w = window_default(4096);
	gint64 now = 1000;
	guint i;

	sim_ibb_window_sample(w, 100);
	for (i = 0; i < 6; i++)
		sim_ibb_window_acked(w, 4096, 100, now += 10);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, 8192 + 6 * 4096);
	/* qdelay == 2 * target: over the target, so slow start ends and L
	 * goes down a little, but no halving */
	sim_ibb_window_acked(w, 4096, 100 + 800, now += 10);
	g_assert_cmpuint(sim_ibb_window_limit(w), <, 32768);
	g_assert_cmpuint(sim_ibb_window_limit(w), >, 32768 - 4096);
	/* qdelay 801: cut to 400/801 of it */
	{
		gsize L = sim_ibb_window_limit(w);

		sim_ibb_window_acked(w, 4096, 100 + 801, now += 10);
		g_assert_cmpfloat(fabs(sim_ibb_window_limit(w) - L * 400.0 / 801), <=, 1);
		L = sim_ibb_window_limit(w);
		/* 10 ms later, well within an srtt: unchanged */
		sim_ibb_window_acked(w, 4096, 100 + 2000, now += 10);
		g_assert_cmpuint(sim_ibb_window_limit(w), ==, L);
		/* the srtt that counts includes the ack's own sample: 1 ms short
		 * of it after the cut, unchanged; exactly it, cut again (to 400/2000) */
		{
			gint64 cut = now - 10;
			gint64 s1 = (7 * sim_ibb_window_srtt(w) + 2100) / 8, s2;

			sim_ibb_window_acked(w, 4096, 100 + 2000, now = cut + s1 - 1);
			g_assert_cmpint(sim_ibb_window_srtt(w), ==, s1);
			g_assert_cmpuint(sim_ibb_window_limit(w), ==, L);
			s2 = (7 * s1 + 2100) / 8;
			sim_ibb_window_acked(w, 4096, 100 + 2000, now = cut + s2);
			g_assert_cmpint(sim_ibb_window_srtt(w), ==, s2);
			g_assert_cmpfloat(fabs(sim_ibb_window_limit(w) - MAX(L * 0.2, 3072)), <=, 1);
		}
	}
	sim_ibb_window_free(w);
}

/* ---- (c) proportional mode ---- */

/* A window's worth of acks (their bytes add up to L) at one qdelay, 10 ms
 * apart; returns L after them minus L before. */
static gdouble
one_round(SimIbbWindow *w, gint64 base, gint64 qdelay, gint64 *now)
{
	gsize L = sim_ibb_window_limit(w), acked = 0;

	while (acked < L) {
		gsize chunk = sim_ibb_window_chunk(w);

		sim_ibb_window_acked(w, chunk, base + qdelay, *now += 10);
		acked += chunk;
		check_window_shape(w);
	}
	return (gdouble)sim_ibb_window_limit(w) - (gdouble)L;
}

static SimIbbWindow *
window_past_slow_start(gint64 base, gint64 *now)
{
	SimIbbWindow *w = window_default(4096);
	guint i;

	sim_ibb_window_sample(w, base);
	for (i = 0; i < 6; i++)
		sim_ibb_window_acked(w, 4096, base, *now += 10);
	/* one ack over the target (but under 2 * target): slow start is over */
	sim_ibb_window_acked(w, 1, base + 600, *now += 10);
	g_assert_cmpuint(sim_ibb_window_limit(w), >, 32768 - 10);
	g_assert_cmpuint(sim_ibb_window_limit(w), <=, 32768);
	return w;
}

static void
test_proportional(void)
{
	const gint64 base = 100, target = 400;
	gint64 now = 1000;
	SimIbbWindow *w = window_past_slow_start(base, &now);
	gsize L0 = sim_ibb_window_limit(w);
	gdouble d;
	guint i;

	/* at the target: exactly steady */
	for (i = 0; i < 5; i++)
		g_assert_cmpfloat(one_round(w, base, target, &now), ==, 0);
	g_assert_cmpuint(sim_ibb_window_limit(w), ==, L0);
	/* around it (+-5 %): roughly steady, a few percent of a chunk a round */
	for (i = 0; i < 10; i++) {
		d = one_round(w, base, i % 2 ? target + 20 : target - 20, &now);
		g_assert_cmpfloat(ABS(d), <=, 0.06 * 4096);
	}
	g_assert_cmpfloat(ABS((gdouble)sim_ibb_window_limit(w) - (gdouble)L0), <=, 0.06 * 4096);
	/* below it: up, by at most a chunk per round trip (no doubling any
	 * more, even at qdelay 0) */
	L0 = sim_ibb_window_limit(w);
	d = one_round(w, base, 0, &now);
	g_assert_cmpfloat(d, >, 0.5 * 4096);
	g_assert_cmpfloat(d, <=, 4096 + 1);
	d = one_round(w, base, target / 2, &now);
	g_assert_cmpfloat(d, >, 0.25 * 4096);
	g_assert_cmpfloat(d, <=, 0.5 * 4096 + 1);
	/* above it (under 2 * target): down, in proportion */
	L0 = sim_ibb_window_limit(w);
	d = one_round(w, base, target + target / 2, &now);
	g_assert_cmpfloat(d, <, -0.25 * 4096);
	g_assert_cmpfloat(d, >=, -1.2 * 0.5 * 4096); /* a round is a whole number of chunks, a bit over L */
	d = one_round(w, base, 2 * target, &now);
	g_assert_cmpfloat(d, <, -0.5 * 4096);
	g_assert_cmpfloat(d, >=, -1.2 * 4096);
	g_assert_cmpuint(sim_ibb_window_limit(w), <, L0);
	sim_ibb_window_free(w);
}

/* ---- (d) a slow link: small chunks, bounded delay ---- */

static void
check_slow_link(guint block)
{
	Sim sim;
	SimStats st;
	const gint64 target = 400;

	/* 3000 bytes/s on the wire, 200 ms round trip */
	link_init(&sim, window_default(block), 3000, 200);
	link_run_for(&sim, 120000);
	link_stats(&sim, 60000, &st);
	/* small chunks: the smallest allowed, far under a block */
	g_assert_cmpuint(st.chunk_max, <, block);
	g_assert_cmpuint(st.chunk_max, <=, 4096);
	g_assert_cmpuint(sim_ibb_window_chunk(sim.w), ==, 3072);
	/* still sending: at least one iq allowed, the link busy */
	g_assert_cmpuint(st.iqs_min, >=, 1);
	g_assert_cmpfloat(st.goodput, >=, 0.8 * st.link_payload);
	/* what waits in the queue is one piece of libpurple's size (4096 bytes
	 * on the wire: 1.4 s at 3000 bytes/s; a 16 KiB block alone would be 7 s) */
	g_assert_cmpuint(st.bif_max, <=, 3072);
	g_assert_cmpint(st.qdelay_max, <=, 4 * target);
	g_assert_cmpint(st.qdelay_median, <=, 4 * target);
	link_clear(&sim);
}

static void
test_slow_link(void)
{
	check_slow_link(4096);  /* libpurple's blocks */
	check_slow_link(16384); /* the plugin's default */
	check_slow_link(65535);
}

/* ---- (e) 64 KiB/s: the queue near the target, the link busy ---- */

static void
check_link_64k(guint block, gint64 base_ms)
{
	Sim sim;
	SimStats st;
	const gint64 target = 400;

	link_init(&sim, window_default(block), 65536, base_ms);
	link_run_for(&sim, 120000);
	link_stats(&sim, 60000, &st); /* the second half of the run */
	g_assert_cmpint(st.qdelay_median, <, 2 * target);
	g_assert_cmpint(st.qdelay_median, >=, target / 4); /* it does use the budget */
	g_assert_cmpint(st.qdelay_max, <, 4 * target);
	g_assert_cmpfloat(st.goodput, >=, 0.8 * st.link_payload);
	g_assert_cmpfloat(st.goodput, <=, 1.02 * st.link_payload); /* the simulator is sane */
	link_clear(&sim);
}

static void
test_link_64k_4096(void)
{
	check_link_64k(4096, 100);
}

static void
test_link_64k_16384(void)
{
	check_link_64k(16384, 300);
}

/* Sanity of the simulator itself: a fixed window far too large for the
 * link builds a queue far over the target (so the adaptive runs above do
 * measure something). */
static void
test_sim_fixed_overloads(void)
{
	Sim sim;
	SimStats st;

	link_init(&sim, window_new(16384, 1200, 32, 400, 10), 65536, 100);
	link_run_for(&sim, 60000);
	link_stats(&sim, 30000, &st);
	g_assert_cmpint(st.qdelay_median, >, 4 * 400);
	g_assert_cmpfloat(st.goodput, >=, 0.95 * st.link_payload);
	link_clear(&sim);
}

/* ---- (f) fixed window ---- */

static void
check_fixed(guint block, guint max_window, guint fixed)
{
	SimIbbWindow *w = window_new(block, 1200, max_window, 400, fixed);
	gint64 now = 1000;
	gsize L0;
	guint n, i;

	sim_ibb_window_sample(w, 100);
	L0 = sim_ibb_window_limit(w);
	g_assert_cmpuint(sim_ibb_window_config(w)->max_window, ==, MAX(max_window, fixed));
	for (i = 0; i < 200; i++) {
		/* idle acks, huge queues, anything: no adaptation */
		gint64 rtt = i % 3 == 0 ? 100 : i % 3 == 1 ? 100 + 5000 : 100 + 400;

		g_assert_cmpuint(sim_ibb_window_chunk(w), ==, block);
		g_assert_cmpuint(sim_ibb_window_iqs(w), ==, fixed);
		g_assert_cmpuint(sim_ibb_window_limit(w), ==, L0);
		/* exactly `fixed` full blocks */
		for (n = 0; n < fixed; n++)
			g_assert_cmpuint(sim_ibb_window_next(w, n, (gsize)n * block), ==, block);
		g_assert_cmpuint(sim_ibb_window_next(w, fixed, (gsize)fixed * block), ==, 0);
		sim_ibb_window_acked(w, block, rtt, now += 7);
	}
	sim_ibb_window_free(w);
}

static void
test_fixed(void)
{
	check_fixed(4096, 32, 10);    /* gabble's */
	check_fixed(16384, 32, 1);
	check_fixed(4096, 32, 40);    /* more than max_window: max_window follows */
	check_fixed(1000, 32, 3);     /* blocks under min_chunk */
	check_fixed(1, 4, 2);
}

/* ---- (g) never stuck, never over, config clamping ---- */

static void
test_random_acks_keep_shape(void)
{
	static const guint blocks[] = { 1, 16, 1000, 4096, 16384, 65535 };
	static const guint mins[] = { 0, 1, 1200, 5000, 70000 };
	static const guint maxw[] = { 0, 1, 2, 32, 100 };
	static const guint targets[] = { 0, 1, 50, 400 };
	GRand *r = g_rand_new_with_seed(4711);
	guint round;

	for (round = 0; round < 300; round++) {
		SimIbbWindow *w = window_new(blocks[round % G_N_ELEMENTS(blocks)],
		                             mins[g_rand_int_range(r, 0, G_N_ELEMENTS(mins))],
		                             maxw[g_rand_int_range(r, 0, G_N_ELEMENTS(maxw))],
		                             targets[g_rand_int_range(r, 0, G_N_ELEMENTS(targets))],
		                             g_rand_int_range(r, 0, 4) == 0 ? g_rand_int_range(r, 1, 12) : 0);
		gint64 now = g_rand_int_range(r, 0, 100000);
		guint i;

		check_window_shape(w);
		if (g_rand_boolean(r))
			sim_ibb_window_sample(w, g_rand_int_range(r, -10, 2000));
		for (i = 0; i < 200; i++) {
			gsize bytes = g_rand_int_range(r, 0, 2 * sim_ibb_window_config(w)->block_size + 2);
			gint64 rtt = g_rand_int_range(r, -5, 5000);

			now += g_rand_int_range(r, 0, 500);
			sim_ibb_window_acked(w, bytes, rtt, now);
			check_window_shape(w);
			g_assert_cmpint(sim_ibb_window_base(w), >=, 0);
			g_assert_cmpint(sim_ibb_window_srtt(w), >=, sim_ibb_window_base(w));
		}
		sim_ibb_window_free(w);
	}
	g_rand_free(r);
}

static void
test_config(void)
{
	SimIbbWindowConfig cfg;
	SimIbbWindow *w;
	const SimIbbWindowConfig *c;

	sim_ibb_window_config_default(&cfg, 16384);
	g_assert_cmpuint(cfg.block_size, ==, 16384);
	g_assert_cmpuint(cfg.min_chunk, ==, 3072);
	g_assert_cmpuint(cfg.max_window, ==, 64);
	g_assert_cmpuint(cfg.max_chunk, ==, 4096);
	g_assert_cmpuint(cfg.target_ms, ==, 400);
	g_assert_cmpuint(cfg.fixed, ==, 0);
	sim_ibb_window_config_default(&cfg, 0);
	g_assert_cmpuint(cfg.block_size, ==, 1);

	/* min_chunk over the block, max_window 0, target 0, block 0 */
	w = window_new(4096, 5000, 0, 0, 0);
	c = sim_ibb_window_config(w);
	g_assert_cmpuint(c->min_chunk, ==, 4096);
	g_assert_cmpuint(c->max_window, ==, 1);
	g_assert_cmpuint(c->target_ms, ==, 1);
	g_assert_cmpuint(sim_ibb_window_chunk(w), ==, 4096);
	g_assert_cmpuint(sim_ibb_window_iqs(w), ==, 1);
	g_assert_cmpuint(sim_ibb_window_next(w, 0, 0), ==, 4096);
	g_assert_cmpuint(sim_ibb_window_next(w, 1, 4096), ==, 0);
	check_window_shape(w);
	sim_ibb_window_free(w);

	cfg.block_size = 0;
	cfg.min_chunk = 0;
	cfg.max_window = 0;
	cfg.target_ms = 0;
	cfg.fixed = 0;
	w = sim_ibb_window_new(&cfg);
	c = sim_ibb_window_config(w);
	g_assert_cmpuint(c->block_size, ==, 1);
	g_assert_cmpuint(c->min_chunk, ==, 1);
	g_assert_cmpuint(sim_ibb_window_next(w, 0, 0), ==, 1);
	check_window_shape(w);
	sim_ibb_window_free(w);

	/* the window keeps its own copy */
	sim_ibb_window_config_default(&cfg, 4096);
	w = sim_ibb_window_new(&cfg);
	cfg.block_size = 7;
	g_assert_cmpuint(sim_ibb_window_config(w)->block_size, ==, 4096);
	sim_ibb_window_free(w);
}

static void
test_base_and_srtt(void)
{
	SimIbbWindow *w = window_default(4096);

	g_assert_cmpint(sim_ibb_window_base(w), ==, -1);
	g_assert_cmpint(sim_ibb_window_srtt(w), ==, -1);
	sim_ibb_window_sample(w, 300);
	g_assert_cmpint(sim_ibb_window_base(w), ==, 300);
	g_assert_cmpint(sim_ibb_window_srtt(w), ==, 300);
	/* base: the lowest; srtt: smoothed 7/8 */
	sim_ibb_window_acked(w, 100, 700, 5000);
	g_assert_cmpint(sim_ibb_window_base(w), ==, 300);
	g_assert_cmpint(sim_ibb_window_srtt(w), ==, 350);
	sim_ibb_window_acked(w, 100, 150, 5100);
	g_assert_cmpint(sim_ibb_window_base(w), ==, 150);
	/* a negative rtt (a clock step) counts as 0 */
	sim_ibb_window_sample(w, -20);
	g_assert_cmpint(sim_ibb_window_base(w), ==, 0);
	check_window_shape(w);
	sim_ibb_window_free(w);
}

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	g_test_add_func("/ibb-window/idle-path-grows", test_idle_path_grows);
	g_test_add_func("/ibb-window/idle-path-sim", test_idle_path_sim);
	g_test_add_func("/ibb-window/halving-once-per-srtt", test_halving_once_per_srtt);
	g_test_add_func("/ibb-window/halving-script", test_halving_script);
	g_test_add_func("/ibb-window/proportional", test_proportional);
	g_test_add_func("/ibb-window/slow-link", test_slow_link);
	g_test_add_func("/ibb-window/link-64k-4096", test_link_64k_4096);
	g_test_add_func("/ibb-window/link-64k-16384", test_link_64k_16384);
	g_test_add_func("/ibb-window/sim-fixed-overloads", test_sim_fixed_overloads);
	g_test_add_func("/ibb-window/fixed", test_fixed);
	g_test_add_func("/ibb-window/random-acks-keep-shape", test_random_acks_keep_shape);
	g_test_add_func("/ibb-window/config", test_config);
	g_test_add_func("/ibb-window/base-and-srtt", test_base_and_srtt);
	return g_test_run();
}
