/* s5b-race.c - the receiver's SOCKS5 connection race (see s5b-race.h). */
#include "s5b-race.h"

struct SimRace {
	guint n;
	gboolean own[SIM_MAX_STREAMHOSTS];
	SimAttemptState st[SIM_MAX_STREAMHOSTS];
	guint order[SIM_MAX_STREAMHOSTS]; /* host indexes in start order */
	guint started;                    /* attempts started so far */
	guint stagger_ms;
	guint overall_ms;
	gint64 t0;                        /* when the race began */
	gboolean finished;                /* won or lost has been called */
	gboolean draining_expired;        /* the grace for own hosts ran out */
	SimRaceActions act;
	gpointer ctx;
};

/* Direct (the sender's own) hosts first, then the rest, each group in the
 * order the sender listed them. */
static void
plan_order(SimRace *r)
{
	guint i, k = 0;

	for (i = 0; i < r->n; i++)
		if (r->own[i])
			r->order[k++] = i;
	for (i = 0; i < r->n; i++)
		if (!r->own[i])
			r->order[k++] = i;
}

SimRace *
sim_race_new(guint n_hosts, const gboolean *own, guint stagger_ms, guint overall_ms,
             const SimRaceActions *act, gpointer ctx)
{
	SimRace *r = g_new0(SimRace, 1);
	guint i;

	r->n = MIN(n_hosts, SIM_MAX_STREAMHOSTS);
	for (i = 0; i < r->n; i++)
		r->own[i] = own != NULL && own[i];
	r->stagger_ms = stagger_ms;
	r->overall_ms = overall_ms;
	r->act = *act;
	r->ctx = ctx;
	plan_order(r);
	return r;
}

void
sim_race_free(SimRace *r)
{
	g_free(r);
}

static gint64
elapsed(SimRace *r)
{
	return r->act.now_ms(r->ctx) - r->t0;
}

static guint
count_connecting(const SimRace *r, gboolean own)
{
	guint i, n = 0;

	for (i = 0; i < r->n; i++)
		if (r->st[i] == SIM_ATTEMPT_CONNECTING && r->own[i] == own)
			n++;
	return n;
}

/* Arms the timer for whichever comes first: the next staggered start or the
 * overall bound; after the end, the grace given to own-host attempts. */
static void
arm_timer(SimRace *r)
{
	gint64 now = elapsed(r);
	gint64 due = r->overall_ms;

	if (r->finished) {
		if (count_connecting(r, TRUE) > 0 && !r->draining_expired)
			r->act.set_timer(r->ctx, r->overall_ms);
		else
			r->act.set_timer(r->ctx, 0);
		return;
	}
	if (r->started < r->n)
		due = MIN(due, (gint64)r->started * r->stagger_ms);
	r->act.set_timer(r->ctx, (guint)MAX(due - now, 1));
}

static void
start_next(SimRace *r)
{
	guint i = r->order[r->started++];

	r->st[i] = SIM_ATTEMPT_CONNECTING;
	r->act.start(r->ctx, i);
}

/* Stops what is still running once the race is decided: other hosts are
 * abandoned; the sender's own are left to finish their handshake. */
static void
wind_down(SimRace *r)
{
	guint i;

	for (i = 0; i < r->n; i++) {
		if (r->st[i] == SIM_ATTEMPT_WAITING) {
			r->st[i] = SIM_ATTEMPT_CANCELLED;
		} else if (r->st[i] == SIM_ATTEMPT_CONNECTING && !r->own[i]) {
			r->st[i] = SIM_ATTEMPT_CANCELLED;
			r->act.cancel(r->ctx, i);
		}
	}
}

static gboolean
all_failed(const SimRace *r)
{
	guint i;

	for (i = 0; i < r->n; i++)
		if (r->st[i] != SIM_ATTEMPT_FAILED)
			return FALSE;
	return TRUE;
}

static void
lose(SimRace *r)
{
	r->finished = TRUE;
	wind_down(r);
	arm_timer(r);
	r->act.lost(r->ctx);
}

void
sim_race_run(SimRace *r)
{
	r->t0 = r->act.now_ms(r->ctx);
	if (r->n == 0) {
		lose(r);
		return;
	}
	start_next(r);
	arm_timer(r);
}

void
sim_race_connected(SimRace *r, guint i)
{
	if (i >= r->n || r->st[i] != SIM_ATTEMPT_CONNECTING)
		return;
	r->st[i] = SIM_ATTEMPT_CONNECTED;
	if (r->finished) {
		r->act.close(r->ctx, i); /* a late own-host handshake: done, so close */
		arm_timer(r);
		return;
	}
	r->finished = TRUE;
	wind_down(r);
	arm_timer(r);
	r->act.won(r->ctx, i);
}

void
sim_race_failed(SimRace *r, guint i)
{
	if (i >= r->n || r->st[i] != SIM_ATTEMPT_CONNECTING)
		return;
	r->st[i] = SIM_ATTEMPT_FAILED;
	if (r->finished) {
		arm_timer(r);
		return;
	}
	/* nothing left running: start the next now rather than wait the stagger */
	if (r->started < r->n && count_connecting(r, TRUE) + count_connecting(r, FALSE) == 0)
		start_next(r);
	if (all_failed(r))
		lose(r);
	else
		arm_timer(r);
}

void
sim_race_timeout(SimRace *r)
{
	guint i;

	if (r->finished) {
		/* grace over: even own-host attempts are dead by now */
		r->draining_expired = TRUE;
		for (i = 0; i < r->n; i++) {
			if (r->st[i] == SIM_ATTEMPT_CONNECTING) {
				r->st[i] = SIM_ATTEMPT_CANCELLED;
				r->act.cancel(r->ctx, i);
			}
		}
		r->act.set_timer(r->ctx, 0);
		return;
	}
	if (elapsed(r) >= r->overall_ms) {
		lose(r);
		return;
	}
	while (r->started < r->n && (gint64)r->started * r->stagger_ms <= elapsed(r))
		start_next(r);
	arm_timer(r);
}

void
sim_race_give_up(SimRace *r)
{
	if (!r->finished)
		lose(r);
}

gboolean
sim_race_finished(const SimRace *r)
{
	return r->finished;
}

SimAttemptState
sim_race_attempt_state(const SimRace *r, guint i)
{
	return i < r->n ? r->st[i] : SIM_ATTEMPT_CANCELLED;
}

guint
sim_race_count(const SimRace *r, SimAttemptState st)
{
	guint i, n = 0;

	for (i = 0; i < r->n; i++)
		if (r->st[i] == st)
			n++;
	return n;
}

guint
sim_race_order(const SimRace *r, guint k)
{
	return k < r->n ? r->order[k] : G_MAXUINT;
}
