/* fallback.c - the per-transfer si-multiple state machine (see fallback.h).
 *
 * The shape follows gabble's bytestream-multiple: one active attempt and the
 * ordered list of what is left; a failure of the active attempt pops the
 * next method. What we add: every wait is bounded by the session's timer,
 * and every end says why.
 */
#include "fallback.h"

struct SimSession {
	SimRole role;
	SimState state;
	SimMethodList allowed;
	SimMethodList offered;
	SimMethodList order;
	guint pos;         /* index in order of the current method */
	SimTimeouts t;
	SimActions act;
	gpointer ctx;
	GArray *attempts;  /* of SimAttempt */
};

void
sim_timeouts_default(SimTimeouts *t)
{
	t->s5b_answer_per_host = 10000; /* gabble's connect timeout per host */
	t->s5b_answer_margin = 5000;
	t->s5b_try_per_host = 5000;     /* libpurple's connect timeout per host */
	t->s5b_try_margin = 3000;
	t->first_method = 20000;
	t->ibb_open = 15000;
}

void
sim_choose_order(const SimMethodList *allowed, const SimMethodList *offered,
                 SimMethodList *out)
{
	*out = *allowed;
	sim_method_list_intersect(out, offered);
}

SimSession *
sim_session_new(SimRole role, const SimMethodList *allowed,
                const SimMethodList *offered, const SimTimeouts *timeouts,
                const SimActions *actions, gpointer ctx)
{
	SimSession *s = g_new0(SimSession, 1);

	s->role = role;
	s->state = SIM_ST_OFFERED;
	s->allowed = *allowed;
	s->offered = *offered;
	s->t = *timeouts;
	s->act = *actions;
	s->ctx = ctx;
	s->attempts = g_array_new(FALSE, TRUE, sizeof(SimAttempt));
	return s;
}

void
sim_session_set_timeouts(SimSession *s, const SimTimeouts *timeouts)
{
	s->t = *timeouts;
}

void
sim_session_free(SimSession *s)
{
	if (s == NULL)
		return;
	if (s->state != SIM_ST_DONE)
		s->act.set_timer(s->ctx, 0);
	g_array_unref(s->attempts);
	g_free(s);
}

static SimAttempt *
current_attempt(SimSession *s)
{
	if (s->attempts->len == 0)
		return NULL;
	return &g_array_index(s->attempts, SimAttempt, s->attempts->len - 1);
}

static void
attempt_begin(SimSession *s, SimMethod m)
{
	SimAttempt a = { m, SIM_REASON_NONE, s->act.now_ms(s->ctx), 0 };

	g_array_append_val(s->attempts, a);
}

static void
attempt_end(SimSession *s, SimReason outcome)
{
	SimAttempt *a = current_attempt(s);

	if (a != NULL && a->ended_ms == 0) {
		a->outcome = outcome;
		a->ended_ms = s->act.now_ms(s->ctx);
	}
}

/* Enter the state that waits for `m`, arming the matching bound. */
static void
begin_method(SimSession *s, SimMethod m)
{
	attempt_begin(s, m);
	if (m == SIM_METHOD_S5B) {
		if (s->role == SIM_ROLE_SENDER) {
			/* the bound starts when our query (and its host count) is seen */
			s->state = SIM_ST_S5B;
		} else {
			s->state = SIM_ST_ACCEPTED;
			s->act.set_timer(s->ctx, s->t.first_method);
		}
	} else {
		s->state = SIM_ST_IBB;
		s->act.set_timer(s->ctx, s->role == SIM_ROLE_SENDER
		                 ? s->t.ibb_open : s->t.first_method);
	}
}

static void
finish(SimSession *s, SimState st)
{
	s->act.set_timer(s->ctx, 0);
	s->state = st;
}

static void
fail(SimSession *s, SimReason why, gboolean cancel)
{
	attempt_end(s, why);
	finish(s, SIM_ST_DONE);
	s->act.fail(s->ctx, why, cancel);
}

/* The current method failed for `why`: try the next one or give up. */
static void
method_failed(SimSession *s, SimReason why, gboolean cancel_if_last)
{
	SimMethod failed = sim_session_current(s);

	attempt_end(s, why);
	if (s->pos + 1 < s->order.n) {
		SimMethod next = s->order.m[++s->pos];

		begin_method(s, next);
		if (s->role == SIM_ROLE_RECEIVER && next == SIM_METHOD_IBB)
			s->act.set_timer(s->ctx, s->t.ibb_open);
		s->act.fallback(s->ctx, failed, next, why);
		return;
	}
	finish(s, SIM_ST_DONE);
	s->act.fail(s->ctx, s->order.n > 1 ? SIM_REASON_NO_METHOD_LEFT : why,
	            cancel_if_last);
}

static void
established(SimSession *s)
{
	attempt_end(s, SIM_REASON_NONE);
	finish(s, SIM_ST_DATA);
}

static void
on_reply(SimSession *s, const SimMethodList *peer_order)
{
	/* the peer's order, restricted to what we offered and still allow */
	s->order = *peer_order;
	sim_method_list_intersect(&s->order, &s->offered);
	sim_method_list_intersect(&s->order, &s->allowed);
	if (s->order.n == 0) {
		/* the rewritten reply names no method: libpurple ends it */
		fail(s, SIM_REASON_NO_COMMON_METHOD, FALSE);
		return;
	}
	s->pos = 0;
	begin_method(s, s->order.m[0]);
}

/* A peer without si-multiple chose one method; libpurple falls back from
 * SOCKS5 to in-band by itself when in-band was offered, so follow that
 * order to bound its waits and explain what happens. */
static void
on_plain_reply(SimSession *s, const SimMethodList *chosen)
{
	if (chosen == NULL || chosen->n == 0) {
		finish(s, SIM_ST_PLAIN);
		return;
	}
	sim_method_list_clear(&s->order);
	sim_method_list_add(&s->order, chosen->m[0]);
	if (sim_method_list_has(&s->offered, SIM_METHOD_IBB))
		sim_method_list_add(&s->order, SIM_METHOD_IBB);
	s->pos = 0;
	begin_method(s, s->order.m[0]);
}

static void
on_accepting(SimSession *s)
{
	sim_choose_order(&s->allowed, &s->offered, &s->order);
	if (s->order.n == 0) {
		/* nothing to list: let libpurple's own reply go unchanged */
		finish(s, SIM_ST_PLAIN);
		return;
	}
	s->pos = 0;
	begin_method(s, s->order.m[0]);
}

static void
on_s5b_query(SimSession *s, guint hosts)
{
	SimMethod cur = sim_session_current(s);

	if (cur != SIM_METHOD_S5B) {
		/* the sender went against our order (IBB first): follow it */
		if (s->role != SIM_ROLE_RECEIVER || !sim_method_list_has(&s->order, SIM_METHOD_S5B))
			return;
		attempt_end(s, SIM_REASON_NONE);
		attempt_begin(s, SIM_METHOD_S5B);
		while (s->order.m[s->pos] != SIM_METHOD_S5B)
			s->pos = (s->pos + 1) % s->order.n;
	}
	s->state = SIM_ST_S5B;
	hosts = MAX(hosts, 1);
	if (s->role == SIM_ROLE_SENDER)
		s->act.set_timer(s->ctx, s->t.s5b_answer_per_host * MIN(hosts, SIM_MAX_STREAMHOSTS)
		                 + s->t.s5b_answer_margin);
	else
		s->act.set_timer(s->ctx, s->t.s5b_try_per_host * MIN(hosts, SIM_MAX_STREAMHOSTS)
		                 + s->t.s5b_try_margin);
}

static void
on_timeout(SimSession *s)
{
	switch (s->state) {
	case SIM_ST_ACCEPTED:
		fail(s, SIM_REASON_NOTHING_ARRIVED, TRUE);
		break;
	case SIM_ST_S5B:
		/* the sender never gives up what in-band may still carry: a
		 * receiver that never answered SOCKS5 still takes an in-band open */
		if (s->role == SIM_ROLE_SENDER)
			method_failed(s, SIM_REASON_S5B_NO_ANSWER, TRUE);
		else
			fail(s, SIM_REASON_S5B_STALLED, TRUE);
		break;
	case SIM_ST_IBB:
		fail(s, sim_session_current(s) == SIM_METHOD_IBB && s->pos == 0 &&
		        s->role == SIM_ROLE_RECEIVER
		        ? SIM_REASON_NOTHING_ARRIVED : SIM_REASON_IBB_NOT_OPENED, TRUE);
		break;
	default:
		break; /* a stale timer: nothing is waiting */
	}
}

/* Events meaningful while a method is being negotiated. */
static void
on_method_event(SimSession *s, SimEventType type)
{
	gboolean s5b = s->state == SIM_ST_S5B;
	gboolean ibb = s->state == SIM_ST_IBB;

	switch (type) {
	case SIM_EV_S5B_USED:
		if (s5b)
			established(s);
		break;
	case SIM_EV_S5B_FAILED:
		if (s5b)
			method_failed(s, SIM_REASON_S5B_FAILED, TRUE);
		break;
	case SIM_EV_IBB_OPEN:
		/* the receiver accepts an open whatever it expected (libpurple does) */
		if (s->role == SIM_ROLE_RECEIVER && sim_method_list_has(&s->order, SIM_METHOD_IBB)) {
			if (sim_session_current(s) != SIM_METHOD_IBB) {
				attempt_end(s, SIM_REASON_NONE);
				attempt_begin(s, SIM_METHOD_IBB);
			}
			established(s);
		}
		break;
	case SIM_EV_IBB_OPENED:
		if (ibb && s->role == SIM_ROLE_SENDER)
			established(s);
		break;
	case SIM_EV_IBB_REFUSED:
		/* the open is the plugin's own: nobody else ends the transfer */
		if (ibb && s->role == SIM_ROLE_SENDER)
			fail(s, SIM_REASON_IBB_REFUSED, TRUE);
		break;
	default:
		break;
	}
}

void
sim_session_handle(SimSession *s, const SimEvent *ev)
{
	if (s->state == SIM_ST_DONE || s->state == SIM_ST_PLAIN)
		return;
	if (ev->type == SIM_EV_ENDED) {
		attempt_end(s, SIM_REASON_NONE);
		finish(s, SIM_ST_DONE);
		return;
	}
	if (s->state == SIM_ST_DATA)
		return;
	if (s->state == SIM_ST_OFFERED) {
		if (ev->type == SIM_EV_REPLY_MULTIPLE && s->role == SIM_ROLE_SENDER && ev->list)
			on_reply(s, ev->list);
		else if (ev->type == SIM_EV_REPLY_PLAIN && s->role == SIM_ROLE_SENDER)
			on_plain_reply(s, ev->list);
		else if (ev->type == SIM_EV_REPLY_ERROR && s->role == SIM_ROLE_SENDER)
			finish(s, SIM_ST_DONE);
		else if (ev->type == SIM_EV_ACCEPTING && s->role == SIM_ROLE_RECEIVER)
			on_accepting(s);
		return;
	}
	if (ev->type == SIM_EV_TIMEOUT)
		on_timeout(s);
	else if (ev->type == SIM_EV_S5B_QUERY)
		on_s5b_query(s, ev->count);
	else
		on_method_event(s, ev->type);
}

void
sim_session_event(SimSession *s, SimEventType type)
{
	SimEvent ev = { type, NULL, 0 };

	sim_session_handle(s, &ev);
}

SimRole sim_session_role(const SimSession *s) { return s->role; }
SimState sim_session_state(const SimSession *s) { return s->state; }
const SimMethodList *sim_session_order(const SimSession *s) { return &s->order; }
const GArray *sim_session_attempts(const SimSession *s) { return s->attempts; }

SimMethod
sim_session_current(const SimSession *s)
{
	if (s->order.n == 0 || s->state == SIM_ST_OFFERED || s->state == SIM_ST_PLAIN)
		return SIM_METHOD_NONE;
	if (s->state == SIM_ST_DONE && s->attempts->len == 0)
		return SIM_METHOD_NONE;
	return s->order.m[s->pos];
}

const char *
sim_state_name(SimState st)
{
	static const char *const names[] = {
		"offered", "accepted", "socks5", "ibb", "data", "plain", "done"
	};

	return (guint)st < G_N_ELEMENTS(names) ? names[st] : "?";
}

const char *
sim_reason_name(SimReason why)
{
	static const char *const names[] = {
		"none", "no-common-method", "socks5-failed", "socks5-no-answer",
		"socks5-stalled", "nothing-arrived", "ibb-not-opened", "ibb-refused",
		"no-method-left", "ibb-data-error", "ibb-no-ack", "plugin-unloaded"
	};

	return (guint)why < G_N_ELEMENTS(names) ? names[why] : "?";
}
