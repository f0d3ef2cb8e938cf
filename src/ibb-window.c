/* ibb-window.c - in-band flow control (see ibb-window.h for the algorithm). */
#include "ibb-window.h"

struct SimIbbWindow {
	SimIbbWindowConfig cfg;
	double limit;       /* L, bytes in flight allowed */
	gint64 base;        /* lowest round trip, -1 none */
	gint64 srtt;        /* smoothed round trip, -1 none */
	gint64 last_cut_ms; /* when L was last halved */
	gboolean cut_once;  /* slow start is over */
};

void
sim_ibb_window_config_default(SimIbbWindowConfig *cfg, guint block_size)
{
	cfg->block_size = MAX(block_size, 1);
	cfg->min_chunk = 3072;
	cfg->max_chunk = 4096;
	cfg->max_window = 64;
	cfg->target_ms = 400;
	cfg->fixed = 0;
}

/* One smallest chunk in flight: stop-and-wait, as libpurple itself sends. */
static double
floor_limit(const SimIbbWindow *w)
{
	return w->cfg.min_chunk;
}

/* never below the floor (one iq is always allowed anyway) */
static double
ceiling_limit(const SimIbbWindow *w)
{
	guint piece = w->cfg.fixed > 0 ? w->cfg.block_size : w->cfg.max_chunk;

	return MAX((double)w->cfg.max_window * piece, floor_limit(w));
}

SimIbbWindow *
sim_ibb_window_new(const SimIbbWindowConfig *cfg)
{
	SimIbbWindow *w = g_new0(SimIbbWindow, 1);

	w->cfg = *cfg;
	w->cfg.block_size = MAX(w->cfg.block_size, 1);
	w->cfg.max_chunk = w->cfg.max_chunk ? CLAMP(w->cfg.max_chunk, 1, w->cfg.block_size)
	                                     : w->cfg.block_size;
	w->cfg.min_chunk = CLAMP(w->cfg.min_chunk, 1, w->cfg.max_chunk);
	/* far below 65536: a seq is never in flight twice */
	w->cfg.max_window = CLAMP(w->cfg.max_window, 1, SIM_IBB_WINDOW_MAX);
	w->cfg.fixed = MIN(w->cfg.fixed, SIM_IBB_WINDOW_MAX);
	w->cfg.target_ms = MAX(w->cfg.target_ms, 1);
	if (w->cfg.fixed > 0)
		w->cfg.max_window = MAX(w->cfg.max_window, w->cfg.fixed);
	w->base = w->srtt = -1;
	/* two of libpurple's blocks to begin with: slow start finds the rest */
	w->limit = w->cfg.fixed > 0 ? (double)w->cfg.fixed * w->cfg.block_size
	                            : 2.0 * w->cfg.max_chunk;
	w->limit = CLAMP(w->limit, floor_limit(w), ceiling_limit(w));
	return w;
}

void
sim_ibb_window_free(SimIbbWindow *w)
{
	g_free(w);
}

void
sim_ibb_window_sample(SimIbbWindow *w, gint64 rtt_ms)
{
	rtt_ms = MAX(rtt_ms, 0);
	if (w->base < 0 || rtt_ms < w->base)
		w->base = rtt_ms;
	w->srtt = w->srtt < 0 ? rtt_ms : (7 * w->srtt + rtt_ms) / 8;
}

gsize
sim_ibb_window_chunk(const SimIbbWindow *w)
{
	if (w->cfg.fixed > 0)
		return w->cfg.block_size;
	return (gsize)CLAMP(w->limit / 2, w->cfg.min_chunk, w->cfg.max_chunk);
}

guint
sim_ibb_window_iqs(const SimIbbWindow *w)
{
	if (w->cfg.fixed > 0)
		return w->cfg.fixed;
	return (guint)CLAMP(w->limit / sim_ibb_window_chunk(w), 1, w->cfg.max_window);
}

gsize
sim_ibb_window_next(const SimIbbWindow *w, guint in_flight, gsize bytes_in_flight)
{
	gsize chunk = sim_ibb_window_chunk(w);

	if (in_flight == 0)
		return chunk;
	if (in_flight >= sim_ibb_window_iqs(w) || bytes_in_flight + chunk > (gsize)w->limit)
		return 0;
	return chunk;
}

/* The proportional step, per ack (see the head comment of the header). */
static void
adapt(SimIbbWindow *w, gsize bytes, gint64 qdelay, gint64 now_ms)
{
	double target = w->cfg.target_ms;
	double off = (target - (double)qdelay) / target;

	if (qdelay > 2 * (gint64)w->cfg.target_ms) {
		/* far too much queued (a slow start that met a shaper): down to
		 * what the target allows at this rate, at once */
		if (!w->cut_once || now_ms - w->last_cut_ms >= MAX(w->srtt, 1)) {
			w->limit *= target / (double)qdelay;
			w->last_cut_ms = now_ms;
		}
		w->cut_once = TRUE;
		return;
	}
	if (!w->cut_once && qdelay * 2 <= (gint64)w->cfg.target_ms) {
		w->limit += bytes; /* slow start */
		return;
	}
	w->cut_once = w->cut_once || qdelay > (gint64)w->cfg.target_ms;
	w->limit += bytes * MAX(off, -1.0) * sim_ibb_window_chunk(w) / w->limit;
}

void
sim_ibb_window_acked(SimIbbWindow *w, gsize bytes, gint64 rtt_ms, gint64 now_ms)
{
	sim_ibb_window_sample(w, rtt_ms);
	if (w->cfg.fixed > 0)
		return;
	adapt(w, bytes, MAX(rtt_ms, 0) - w->base, now_ms);
	w->limit = CLAMP(w->limit, floor_limit(w), ceiling_limit(w));
}

gsize sim_ibb_window_limit(const SimIbbWindow *w) { return (gsize)w->limit; }
gint64 sim_ibb_window_base(const SimIbbWindow *w) { return w->base; }
gint64 sim_ibb_window_srtt(const SimIbbWindow *w) { return w->srtt; }
const SimIbbWindowConfig *sim_ibb_window_config(const SimIbbWindow *w) { return &w->cfg; }
