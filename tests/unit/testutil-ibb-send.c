/* testutil-ibb-send.c - the in-band sender fixture (testutil-ibb-send.h). */
#include "testutil-ibb-send.h"

#include <string.h>


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

void
fx_setup(Fx *fx, gconstpointer data)
{
	memset(fx, 0, sizeof(*fx));
	fx->now = 1000;
	fx->log = g_string_new(NULL);
	fx->log_ready = TRUE;
	(void)data;
}

void
fx_teardown(Fx *fx, gconstpointer data)
{
	sim_ibb_send_free(fx->s);
	g_string_free(fx->log, TRUE);
	(void)data;
}

void
fx_start_cfg(Fx *fx, guint64 total, const SimIbbWindowConfig *cfg)
{
	fx->s = sim_ibb_send_new(total, cfg, &fx_actions, fx);
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_IDLE);
	g_assert_cmpstr(fx->log->str, ==, "");
	g_assert_cmpuint(fx->timer_sets, ==, 0);
}

void
fx_start(Fx *fx, guint64 total, guint block, guint fixed)
{
	SimIbbWindowConfig cfg;

	sim_ibb_window_config_default(&cfg, block);
	cfg.fixed = fixed;
	fx_start_cfg(fx, total, &cfg);
}

void
fx_open(Fx *fx)
{
	sim_ibb_send_open(fx->s);
	fx->now += 100;
	sim_ibb_send_open_answer(fx->s, TRUE, FALSE);
	g_assert_cmpint(sim_ibb_send_state(fx->s), ==, SIM_IBB_ST_OPEN);
	g_string_truncate(fx->log, 0);
}

void
fx_clear(Fx *fx)
{
	g_string_truncate(fx->log, 0);
}

guint
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
