/* testutil-ibb-link.c - the window check and the link simulator
 * (testutil-ibb-link.h). */
#include "testutil-ibb-link.h"

#include <string.h>

void
check_window_shape(const SimIbbWindow *w)
{
	const SimIbbWindowConfig *c = sim_ibb_window_config(w);
	gsize chunk = sim_ibb_window_chunk(w);
	guint iqs = sim_ibb_window_iqs(w);
	guint n;

	g_assert_cmpuint(chunk, >=, c->min_chunk);
	g_assert_cmpuint(c->max_chunk, <=, c->block_size);
	g_assert_cmpuint(chunk, <=, c->fixed > 0 ? c->block_size : c->max_chunk);
	g_assert_cmpuint(iqs, >=, 1);
	g_assert_cmpuint(iqs, <=, c->max_window);
	if (c->fixed > 0) {
		g_assert_cmpuint(chunk, ==, c->block_size);
		g_assert_cmpuint(iqs, ==, c->fixed);
	}
	/* one data iq is always allowed when nothing is unanswered */
	g_assert_cmpuint(sim_ibb_window_next(w, 0, 0), ==, chunk);
	/* never more iqs than iqs(), whatever the bytes */
	g_assert_cmpuint(sim_ibb_window_next(w, iqs, 0), ==, 0);
	g_assert_cmpuint(sim_ibb_window_next(w, iqs + 1, chunk), ==, 0);
	g_assert_cmpuint(sim_ibb_window_next(w, iqs, (gsize)iqs * chunk), ==, 0);
	/* below it: a chunk or nothing, and never past the limit */
	for (n = 1; n < iqs; n++) {
		gsize r = sim_ibb_window_next(w, n, (gsize)n * chunk);

		g_assert_true(r == 0 || r == chunk);
		if (r > 0)
			g_assert_cmpuint((gsize)n * chunk + r, <=, sim_ibb_window_limit(w));
	}
}



static gsize
wire_bytes(gsize len)
{
	return 4 * ((len + 2) / 3);
}

/* ceil() without libm */
static gint64
ceil_ms(double t)
{
	gint64 i = (gint64)t;

	return (double)i < t ? i + 1 : i;
}

void
link_init(Sim *sim, SimIbbWindow *w, double rate, gint64 base_ms)
{
	memset(sim, 0, sizeof(*sim));
	sim->w = w;
	sim->rate = rate;
	sim->base_ms = base_ms;
	sim->now = 10000;
	sim->link_free = (double)sim->now;
	g_queue_init(&sim->q);
	sim->recs = g_array_new(FALSE, FALSE, sizeof(SimRec));
	/* the open's answer: one round trip with no data */
	sim_ibb_window_sample(w, base_ms);
}

void
link_clear(Sim *sim)
{
	g_queue_clear_full(&sim->q, g_free);
	g_array_free(sim->recs, TRUE);
	sim_ibb_window_free(sim->w);
}

static void
link_fill(Sim *sim)
{
	gsize len;

	while ((len = sim_ibb_window_next(sim->w, sim->in_flight, sim->bytes_in_flight)) > 0) {
		SimPkt *p = g_new(SimPkt, 1);
		double start = MAX((double)sim->now, sim->link_free);
		double dur = wire_bytes(len) * 1000.0 / sim->rate;

		/* never more data iqs than allowed */
		g_assert_cmpuint(sim->in_flight, <, sim_ibb_window_iqs(sim->w) + (sim->in_flight == 0));
		p->len = len;
		p->sent_ms = sim->now;
		sim->link_free = start + dur;
		sim->busy_ms += dur;
		p->ack_ms = ceil_ms(sim->link_free) + sim->base_ms;
		g_queue_push_tail(&sim->q, p);
		sim->in_flight++;
		sim->bytes_in_flight += len;
		sim->bif_max = MAX(sim->bif_max, sim->bytes_in_flight);
		sim->sends++;
		g_assert_cmpuint(sim->in_flight, <=, sim_ibb_window_config(sim->w)->max_window);
	}
}

/* Sends what is allowed, then delivers the next ack. */
void
link_step(Sim *sim)
{
	SimPkt *p;
	SimRec r;

	link_fill(sim);
	p = g_queue_pop_head(&sim->q);
	g_assert_nonnull(p); /* next() is never 0 with nothing in flight */
	g_assert_cmpint(p->ack_ms, >=, sim->now);
	sim->now = p->ack_ms;
	sim->in_flight--;
	sim->bytes_in_flight -= p->len;
	sim_ibb_window_acked(sim->w, p->len, p->ack_ms - p->sent_ms, sim->now);
	check_window_shape(sim->w);
	r.t = sim->now;
	r.qdelay = p->ack_ms - p->sent_ms - sim->base_ms;
	r.len = p->len;
	r.limit = sim_ibb_window_limit(sim->w);
	r.chunk = sim_ibb_window_chunk(sim->w);
	r.iqs = sim_ibb_window_iqs(sim->w);
	r.bytes_in_flight_max = sim->bif_max;
	sim->bif_max = sim->bytes_in_flight;
	g_array_append_val(sim->recs, r);
	g_free(p);
}

void
link_run_for(Sim *sim, gint64 ms)
{
	gint64 end = sim->now + ms;

	while (sim->now < end)
		link_step(sim);
}



static gint
cmp_gint64(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

	return x < y ? -1 : x > y;
}

/* Over the records of the last `last_ms` of the run. Goodput: payload
 * bytes acked in that time, over the time to the last ack; the link's
 * payload capacity is rate * 3/4 (base64 carries 3 bytes in 4). */
void
link_stats(const Sim *sim, gint64 last_ms, SimStats *st)
{
	gint64 from = sim->now - last_ms;
	GArray *q = g_array_new(FALSE, FALSE, sizeof(gint64));
	guint64 bytes = 0;
	gint64 last;
	guint i;

	last = from;
	memset(st, 0, sizeof(*st));
	st->chunk_min = G_MAXSIZE;
	st->iqs_min = G_MAXUINT;
	for (i = 0; i < sim->recs->len; i++) {
		const SimRec *r = &g_array_index(sim->recs, SimRec, i);

		if (r->t < from)
			continue;
		g_array_append_val(q, r->qdelay);
		bytes += r->len;
		last = r->t;
		st->qdelay_max = MAX(st->qdelay_max, r->qdelay);
		st->chunk_max = MAX(st->chunk_max, r->chunk);
		st->chunk_min = MIN(st->chunk_min, r->chunk);
		st->iqs_min = MIN(st->iqs_min, r->iqs);
		st->bif_max = MAX(st->bif_max, r->bytes_in_flight_max);
	}
	g_assert_cmpuint(q->len, >, 10);
	g_array_sort(q, cmp_gint64);
	st->qdelay_median = g_array_index(q, gint64, q->len / 2);
	st->goodput = bytes * 1000.0 / (double)(last - from);
	st->link_payload = sim->rate * 3.0 / 4.0;
	g_array_free(q, TRUE);
	g_test_message("qdelay median %" G_GINT64_FORMAT " max %" G_GINT64_FORMAT
	               " ms; goodput %.0f B/s of %.0f (%.1f%%); chunk %" G_GSIZE_FORMAT
	               "..%" G_GSIZE_FORMAT "; iqs >= %u; bytes in flight <= %" G_GSIZE_FORMAT,
	               st->qdelay_median, st->qdelay_max, st->goodput, st->link_payload,
	               100.0 * st->goodput / st->link_payload, st->chunk_min, st->chunk_max,
	               st->iqs_min, st->bif_max);
}
