/* fuzz-fallback.c - libFuzzer target for the per-transfer state machine
 * (fallback.h).
 *
 * The input is a script. Byte 0: role (bit 0) and the timeouts preset (bits
 * 1-2); byte 1: our allowed list; byte 2: the offer's list (each a choice
 * among the five valid lists). Then each byte is one step: its low 4 bits
 * pick the event, its high 4 bits advance the fake clock first (0-15 x
 * 250 ms, so the clock is monotonic and may stand still). Some events take
 * the next byte as their argument (a list, a host count, a preset).
 * SIM_EV_TIMEOUT is only delivered while the fake timer is armed, at or
 * after its due time, as a real one-shot timer would fire.
 *
 * The fake actions record every call and check, at the time of the call
 * and after each event, the promises of fallback.h and fallback.c.
 */
#include <stdint.h>
#include <string.h>

#include "fallback.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static SimMethodList lists[5];

typedef struct {
	SimSession *s;
	gint64 now;
	gboolean armed;       /* the fake one-shot timer */
	gint64 due;
	guint calls;          /* actions called (set_timer, fallback, fail) */
	guint fails;
	guint fallbacks;
	guint timer_stops;    /* set_timer(0) calls */
	gboolean in_free;
} Fx;

static void
fx_set_timer(gpointer ctx, guint ms)
{
	Fx *fx = ctx;

	fx->calls++;
	if (ms == 0) {
		fx->armed = FALSE;
		fx->timer_stops++;
		return;
	}
	/* only a state that waits arms the timer */
	CHECK(!fx->in_free);
	switch (sim_session_state(fx->s)) {
	case SIM_ST_ACCEPTED: case SIM_ST_S5B: case SIM_ST_IBB:
		break;
	default:
		CHECK(!"timer armed in a state that waits for nothing");
	}
	fx->armed = TRUE;
	fx->due = fx->now + ms;
}

static gint
index_in(const SimMethodList *l, SimMethod m)
{
	guint i;

	for (i = 0; i < l->n; i++)
		if (l->m[i] == m)
			return (gint)i;
	return -1;
}

static void
fx_fallback(gpointer ctx, SimMethod failed, SimMethod next, SimReason why)
{
	Fx *fx = ctx;
	const SimMethodList *order = sim_session_order(fx->s);
	gint fi = index_in(order, failed), ni = index_in(order, next);

	fx->calls++;
	fx->fallbacks++;
	CHECK(fx->fails == 0);
	CHECK(failed != SIM_METHOD_NONE && next != SIM_METHOD_NONE && failed != next);
	/* only forward, from a method of the order to a later one */
	CHECK(fi >= 0 && ni > fi);
	CHECK(why != SIM_REASON_NONE && strcmp(sim_reason_name(why), "?") != 0);
	/* the next method is under way by the time we hear of it */
	CHECK(sim_session_current(fx->s) == next);
	CHECK(sim_session_state(fx->s) != SIM_ST_DONE && sim_session_state(fx->s) != SIM_ST_PLAIN);
}

static void
fx_fail(gpointer ctx, SimReason why, gboolean cancel)
{
	Fx *fx = ctx;

	fx->calls++;
	fx->fails++;
	CHECK(fx->fails == 1);
	CHECK(why != SIM_REASON_NONE && strcmp(sim_reason_name(why), "?") != 0);
	CHECK(cancel == TRUE || cancel == FALSE);
	CHECK(sim_session_state(fx->s) == SIM_ST_DONE);
	CHECK(!fx->armed);
}

static gint64
fx_now(gpointer ctx)
{
	return ((Fx *)ctx)->now;
}

static const SimActions fx_actions = { fx_set_timer, fx_fallback, fx_fail, fx_now };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sim_fuzz_init_logging();
	sim_method_list_clear(&lists[0]);
	sim_method_list_clear(&lists[1]);
	sim_method_list_add(&lists[1], SIM_METHOD_S5B);
	sim_method_list_clear(&lists[2]);
	sim_method_list_add(&lists[2], SIM_METHOD_IBB);
	sim_method_list_clear(&lists[3]);
	sim_method_list_add(&lists[3], SIM_METHOD_S5B);
	sim_method_list_add(&lists[3], SIM_METHOD_IBB);
	sim_method_list_clear(&lists[4]);
	sim_method_list_add(&lists[4], SIM_METHOD_IBB);
	sim_method_list_add(&lists[4], SIM_METHOD_S5B);
	return 0;
}

/* Timeouts as the glue sets them (engine.c), the defaults, and tiny ones.
 * None is 0: set_timer(0) means "stop", and no glue bound is 0. */
static void
preset(guint k, SimTimeouts *t)
{
	sim_timeouts_default(t);
	switch (k % 4) {
	case 0:
		break;
	case 1: /* receiver: we race the hosts within one bound */
		t->s5b_try_per_host = 0;
		t->s5b_try_margin = 3000 + 2000;
		break;
	case 2: /* sender, peer runs the plugin */
		t->s5b_answer_per_host = 0;
		t->s5b_answer_margin = 30000 + 4000;
		break;
	default:
		t->s5b_answer_per_host = t->s5b_answer_margin = 1;
		t->s5b_try_per_host = t->s5b_try_margin = 1;
		t->first_method = t->ibb_open = 1;
		break;
	}
}

static void
check_list(const SimMethodList *l)
{
	guint i;

	CHECK(l->n <= 2);
	for (i = 0; i < l->n; i++)
		CHECK(l->m[i] == SIM_METHOD_S5B || l->m[i] == SIM_METHOD_IBB);
	CHECK(l->n < 2 || l->m[0] != l->m[1]);
}

static gboolean
terminal(SimState st)
{
	return st == SIM_ST_DONE || st == SIM_ST_PLAIN;
}

/* What must hold between events. */
static void
check_session(Fx *fx, gboolean s5b_query_seen, gboolean order_from_negotiation,
              const SimMethodList *allowed, const SimMethodList *offered)
{
	SimState st = sim_session_state(fx->s);
	const SimMethodList *order = sim_session_order(fx->s);
	SimMethod cur = sim_session_current(fx->s);
	const GArray *att = sim_session_attempts(fx->s);
	guint i;

	CHECK(st >= SIM_ST_OFFERED && st <= SIM_ST_DONE);
	CHECK(strcmp(sim_state_name(st), "?") != 0);
	check_list(order);
	/* the current method is one of the order, or none */
	CHECK(cur == SIM_METHOD_NONE || index_in(order, cur) >= 0);
	switch (st) {
	case SIM_ST_ACCEPTED:
		CHECK(sim_session_role(fx->s) == SIM_ROLE_RECEIVER);
		CHECK(cur == SIM_METHOD_S5B);
		break;
	case SIM_ST_S5B:
		CHECK(cur == SIM_METHOD_S5B);
		break;
	case SIM_ST_IBB:
		CHECK(cur == SIM_METHOD_IBB);
		break;
	case SIM_ST_DATA:
		CHECK(cur != SIM_METHOD_NONE);
		break;
	case SIM_ST_OFFERED: case SIM_ST_PLAIN:
		CHECK(cur == SIM_METHOD_NONE);
		break;
	default:
		break;
	}
	/* every wait is bounded; nothing else holds the timer */
	if (st == SIM_ST_ACCEPTED || st == SIM_ST_IBB ||
	    (st == SIM_ST_S5B && (sim_session_role(fx->s) == SIM_ROLE_RECEIVER || s5b_query_seen)))
		CHECK(fx->armed);
	if (st == SIM_ST_OFFERED || st == SIM_ST_DATA || terminal(st))
		CHECK(!fx->armed);
	/* a negotiated order only names methods both sides accept */
	if (order_from_negotiation)
		for (i = 0; i < order->n; i++)
			CHECK(sim_method_list_has(allowed, order->m[i]) &&
			      sim_method_list_has(offered, order->m[i]));
	/* the trail of attempts */
	CHECK(att != NULL);
	for (i = 0; i < att->len; i++) {
		const SimAttempt *a = &g_array_index(att, SimAttempt, i);

		CHECK(a->method == SIM_METHOD_S5B || a->method == SIM_METHOD_IBB);
		CHECK(index_in(order, a->method) >= 0);
		CHECK(a->started_ms > 0 && a->started_ms <= fx->now);
		CHECK(strcmp(sim_reason_name(a->outcome), "?") != 0);
		if (i + 1 < att->len) {
			const SimAttempt *b = &g_array_index(att, SimAttempt, i + 1);

			/* all but the last have ended, and in sequence */
			CHECK(a->ended_ms != 0);
			CHECK(b->started_ms >= a->ended_ms);
		}
		if (a->ended_ms != 0)
			CHECK(a->ended_ms >= a->started_ms && a->ended_ms <= fx->now);
		else
			CHECK(a->outcome == SIM_REASON_NONE);
	}
	if (att->len > 0) {
		const SimAttempt *last = &g_array_index(att, SimAttempt, att->len - 1);

		if (st == SIM_ST_DONE || st == SIM_ST_DATA)
			CHECK(last->ended_ms != 0);
		if (st == SIM_ST_DATA)
			CHECK(last->outcome == SIM_REASON_NONE);
		if (st == SIM_ST_ACCEPTED || st == SIM_ST_S5B || st == SIM_ST_IBB) {
			CHECK(last->ended_ms == 0);
			CHECK(last->method == cur);
		}
	} else {
		CHECK(st == SIM_ST_OFFERED || terminal(st));
	}
	if (fx->fails > 0)
		CHECK(st == SIM_ST_DONE);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Fx fx;
	SimTimeouts t;
	SimRole role;
	SimMethodList allowed, offered;
	gboolean s5b_query_seen = FALSE, from_negotiation = FALSE;
	size_t p;

	if (size < 3 || size > 4096)
		return 0;
	memset(&fx, 0, sizeof(fx));
	fx.now = 1000;
	role = (data[0] & 1) ? SIM_ROLE_RECEIVER : SIM_ROLE_SENDER;
	preset(data[0] >> 1, &t);
	allowed = lists[data[1] % 5];
	offered = lists[data[2] % 5];
	fx.s = sim_session_new(role, &allowed, &offered, &t, &fx_actions, &fx);
	CHECK(sim_session_role(fx.s) == role);
	CHECK(sim_session_state(fx.s) == SIM_ST_OFFERED);
	CHECK(fx.calls == 0);

	for (p = 3; p < size; p++) {
		guint8 b = data[p];
		guint8 arg = p + 1 < size ? data[p + 1] : 0;
		SimState before = sim_session_state(fx.s);
		SimMethod cur_before = sim_session_current(fx.s);
		guint calls = fx.calls, stops = fx.timer_stops;
		SimEvent ev = { SIM_EV_ENDED, NULL, 0 };
		SimState after;

		fx.now += (gint64)(b >> 4) * 250;
		switch (b & 0x0f) {
		case 0:
			ev.type = SIM_EV_REPLY_MULTIPLE;
			ev.list = &lists[arg % 5];
			p++;
			break;
		case 1:
			ev.type = SIM_EV_REPLY_PLAIN;
			ev.list = arg % 6 == 5 ? NULL : &lists[arg % 6];
			p++;
			break;
		case 2: ev.type = SIM_EV_REPLY_ERROR; break;
		case 3: ev.type = SIM_EV_ACCEPTING; break;
		case 4:
			ev.type = SIM_EV_S5B_QUERY;
			/* 0..31, or huge counts (the multiplication must not wrap) */
			ev.count = arg & 0x80 ? G_MAXUINT - (arg & 0x7f) : arg & 0x1f;
			p++;
			break;
		case 5: ev.type = SIM_EV_S5B_USED; break;
		case 6: ev.type = SIM_EV_S5B_FAILED; break;
		case 7: ev.type = SIM_EV_IBB_OPEN; break;
		case 8: ev.type = SIM_EV_IBB_OPENED; break;
		case 9: ev.type = SIM_EV_IBB_REFUSED; break;
		case 10: case 11:
			if (!fx.armed)
				continue; /* a timer that is not armed does not fire */
			ev.type = SIM_EV_TIMEOUT;
			fx.now = MAX(fx.now, fx.due);
			fx.armed = FALSE; /* one-shot */
			break;
		case 12: ev.type = SIM_EV_ENDED; break;
		case 13: {
			SimTimeouts t2;

			preset(arg, &t2);
			sim_session_set_timeouts(fx.s, &t2);
			p++;
			CHECK(fx.calls == calls); /* the running timer is not re-armed */
			continue;
		}
		default:
			continue; /* only the clock moves */
		}
		sim_session_handle(fx.s, &ev);
		after = sim_session_state(fx.s);

		/* after DONE/PLAIN nothing happens any more */
		if (terminal(before)) {
			CHECK(fx.calls == calls);
			CHECK(after == before);
		}
		/* entering DATA or DONE stops the timer */
		if ((after == SIM_ST_DATA || after == SIM_ST_DONE) && after != before)
			CHECK(fx.timer_stops > stops);
		if (before == SIM_ST_OFFERED && after != SIM_ST_OFFERED) {
			/* the order was settled by this event */
			from_negotiation = ev.type == SIM_EV_REPLY_MULTIPLE || ev.type == SIM_EV_ACCEPTING;
			s5b_query_seen = FALSE;
		}
		if (ev.type == SIM_EV_S5B_QUERY && after == SIM_ST_S5B)
			s5b_query_seen = TRUE;
		else if (sim_session_current(fx.s) != cur_before)
			s5b_query_seen = FALSE;
		check_session(&fx, s5b_query_seen, from_negotiation, &allowed, &offered);
	}

	/* freeing stops the timer unless done; nothing else is called */
	{
		SimState st = sim_session_state(fx.s);
		guint calls = fx.calls, stops = fx.timer_stops, fails = fx.fails;

		fx.in_free = TRUE;
		sim_session_free(fx.s);
		CHECK(fx.fails == fails);
		if (st != SIM_ST_DONE)
			CHECK(fx.timer_stops == stops + 1 && fx.calls == calls + 1);
		else
			CHECK(fx.calls == calls);
		CHECK(!fx.armed);
	}
	return 0;
}
