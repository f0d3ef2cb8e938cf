/* fuzz-s5b-race.c - libFuzzer target for the receiver's SOCKS5 race
 * (s5b-race.h).
 *
 * The input is a script. Byte 0: the number of hosts (0..20, so more than
 * SIM_MAX_STREAMHOSTS too); bytes 1-3: which hosts are the sender's own (one
 * bit each); byte 4: the stagger and overall bound presets. Then each byte
 * is one step: its low 3 bits pick the event (connected(i), failed(i),
 * timeout, give_up, or the clock moving), its high 5 bits the host index i
 * (0..31, so out of range too) or how far the clock moves. The timeout is
 * only delivered while the fake timer is armed, at or after its due time.
 * At the end the race is drained: the timer fires until it is no longer
 * armed, as the glue's would.
 *
 * The fake actions check, at each call and at the end, the promises of
 * s5b-race.h: won or lost exactly once, never both; each host started at
 * most once, own (direct) hosts first; a connection to the sender's own host
 * is never abandoned before the race is decided and its grace has run out.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "s5b-race.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_HOSTS 20

/* what the fake knows of each host */
enum { H_IDLE, H_CONNECTING, H_CONNECTED, H_FAILED, H_CANCELLED, H_CLOSED, H_WON };

typedef struct {
	SimRace *r;
	guint n;                 /* hosts raced: MIN(n_hosts, SIM_MAX_STREAMHOSTS) */
	gboolean own[MAX_HOSTS];
	int h[MAX_HOSTS];
	guint starts[MAX_HOSTS];
	guint started;           /* start() calls */
	gint64 now;
	gboolean armed;
	gint64 due;
	guint won, lost;
	gint won_host;
	gboolean decided;        /* won() or lost() was called */
	gboolean grace_expired;  /* a timeout was delivered after the decision */
	gboolean in_grace_timeout;
	gint in_connected;       /* host of the sim_race_connected() under way, or -1 */
} Fx;

static void
fx_start(gpointer ctx, guint i)
{
	Fx *fx = ctx;
	guint j;

	CHECK(i < fx->n);
	CHECK(!fx->decided && !sim_race_finished(fx->r));
	CHECK(fx->starts[i] == 0); /* at most once per host */
	/* the sender's own hosts first, each group in the listed order */
	if (!fx->own[i])
		for (j = 0; j < fx->n; j++)
			CHECK(!fx->own[j] || fx->starts[j] > 0);
	for (j = 0; j < i; j++)
		if (fx->own[j] == fx->own[i])
			CHECK(fx->starts[j] > 0);
	fx->starts[i]++;
	fx->started++;
	fx->h[i] = H_CONNECTING;
}

static void
fx_cancel(gpointer ctx, guint i)
{
	Fx *fx = ctx;

	CHECK(i < fx->n);
	CHECK(fx->h[i] == H_CONNECTING);
	/* only once the race is decided (the decision is being made now) */
	CHECK(sim_race_finished(fx->r));
	/* never an own host's handshake, unless its grace ran out */
	if (fx->own[i])
		CHECK(fx->decided && fx->in_grace_timeout);
	fx->h[i] = H_CANCELLED;
}

static void
fx_close(gpointer ctx, guint i)
{
	Fx *fx = ctx;

	CHECK(i < fx->n);
	/* a late handshake, after the decision: closed as it completes */
	CHECK(fx->decided);
	CHECK(fx->in_connected == (gint)i);
	CHECK(fx->h[i] == H_CONNECTED);
	CHECK((gint)i != fx->won_host);
	fx->h[i] = H_CLOSED;
}

static void
fx_won(gpointer ctx, guint i)
{
	Fx *fx = ctx;

	CHECK(i < fx->n);
	CHECK(!fx->decided && fx->won == 0 && fx->lost == 0);
	CHECK(fx->in_connected == (gint)i);
	CHECK(fx->h[i] == H_CONNECTED);
	CHECK(sim_race_finished(fx->r));
	fx->won++;
	fx->won_host = (gint)i;
	fx->decided = TRUE;
	fx->h[i] = H_WON;
}

static void
fx_lost(gpointer ctx)
{
	Fx *fx = ctx;

	CHECK(!fx->decided && fx->won == 0 && fx->lost == 0);
	CHECK(sim_race_finished(fx->r));
	fx->lost++;
	fx->decided = TRUE;
}

static void
fx_set_timer(gpointer ctx, guint ms)
{
	Fx *fx = ctx;

	fx->armed = ms > 0;
	fx->due = fx->now + ms;
}

static gint64
fx_now(gpointer ctx)
{
	return ((Fx *)ctx)->now;
}

static const SimRaceActions fx_act = {
	fx_start, fx_cancel, fx_close, fx_won, fx_lost, fx_set_timer, fx_now
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sim_fuzz_init_logging();
	return 0;
}

/* Between events: the race's view and the fake's agree. */
static void
check_race(Fx *fx)
{
	guint i, k, sum = 0;
	gboolean seen[SIM_MAX_STREAMHOSTS] = { FALSE };

	CHECK(sim_race_finished(fx->r) == fx->decided);
	CHECK(fx->won + fx->lost <= 1);
	for (i = SIM_ATTEMPT_WAITING; i <= SIM_ATTEMPT_CANCELLED; i++)
		sum += sim_race_count(fx->r, (SimAttemptState)i);
	CHECK(sum == fx->n);
	/* the start order is a permutation of the hosts */
	for (k = 0; k < fx->n; k++) {
		guint h = sim_race_order(fx->r, k);

		CHECK(h < fx->n && !seen[h]);
		seen[h] = TRUE;
	}
	CHECK(sim_race_order(fx->r, fx->n) == G_MAXUINT);
	CHECK(sim_race_attempt_state(fx->r, fx->n) == SIM_ATTEMPT_CANCELLED);
	for (i = 0; i < fx->n; i++) {
		SimAttemptState st = sim_race_attempt_state(fx->r, i);

		switch (fx->h[i]) {
		case H_IDLE:
			CHECK(st == (fx->decided ? SIM_ATTEMPT_CANCELLED : SIM_ATTEMPT_WAITING));
			break;
		case H_CONNECTING:
			CHECK(st == SIM_ATTEMPT_CONNECTING);
			/* once decided only own hosts are left to finish, in grace */
			if (fx->decided)
				CHECK(fx->own[i] && !fx->grace_expired);
			break;
		case H_CONNECTED: case H_WON: case H_CLOSED:
			CHECK(st == SIM_ATTEMPT_CONNECTED);
			break;
		case H_FAILED:
			CHECK(st == SIM_ATTEMPT_FAILED);
			break;
		case H_CANCELLED:
			CHECK(st == SIM_ATTEMPT_CANCELLED);
			break;
		default:
			CHECK(0);
		}
	}
	/* undecided: the timer always runs (stagger or overall bound) */
	if (!fx->decided)
		CHECK(fx->armed);
	else if (sim_race_count(fx->r, SIM_ATTEMPT_CONNECTING) == 0)
		CHECK(!fx->armed);
}

static void
fire(Fx *fx)
{
	gboolean was_decided = fx->decided;

	fx->now = MAX(fx->now, fx->due);
	fx->armed = FALSE;
	if (was_decided) {
		fx->in_grace_timeout = TRUE;
		fx->grace_expired = TRUE;
	}
	sim_race_timeout(fx->r);
	fx->in_grace_timeout = FALSE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const guint staggers[4] = { 200, 0, 1, 1000 };
	static const guint overalls[4] = { 3000, 1000, 150, 30000 };
	Fx fx;
	guint n_hosts, i, rounds;
	gboolean own[MAX_HOSTS];
	size_t p;

	if (size < 5 || size > 4096)
		return 0;
	memset(&fx, 0, sizeof(fx));
	fx.now = 5000;
	fx.won_host = -1;
	fx.in_connected = -1;
	n_hosts = data[0] % (MAX_HOSTS + 1);
	for (i = 0; i < MAX_HOSTS; i++)
		own[i] = (data[1 + i / 8] >> (i % 8)) & 1;
	fx.n = MIN(n_hosts, SIM_MAX_STREAMHOSTS);
	memcpy(fx.own, own, sizeof(own));
	fx.r = sim_race_new(n_hosts, own, staggers[data[4] & 3], overalls[(data[4] >> 2) & 3],
	                    &fx_act, &fx);
	CHECK(!sim_race_finished(fx.r));
	sim_race_run(fx.r);
	if (fx.n == 0)
		CHECK(fx.lost == 1);
	else
		CHECK(fx.started == 1 && fx.starts[sim_race_order(fx.r, 0)] == 1);
	check_race(&fx);

	for (p = 5; p < size; p++) {
		guint8 b = data[p];
		guint arg = b >> 3;

		switch (b & 7) {
		case 0: case 1:
			fx.in_connected = (gint)arg;
			if (arg < fx.n && fx.h[arg] == H_CONNECTING)
				fx.h[arg] = H_CONNECTED;
			sim_race_connected(fx.r, arg);
			/* a handshake that completes is either the winner or closed */
			CHECK(arg >= fx.n || fx.h[arg] != H_CONNECTED);
			fx.in_connected = -1;
			break;
		case 2: case 3:
			if (arg < fx.n && fx.h[arg] == H_CONNECTING)
				fx.h[arg] = H_FAILED;
			sim_race_failed(fx.r, arg);
			break;
		case 4:
			if (!fx.armed)
				continue; /* a timer that is not armed does not fire */
			fire(&fx);
			break;
		case 5:
			sim_race_give_up(fx.r);
			CHECK(fx.decided);
			break;
		default:
			fx.now += (gint64)arg * 50; /* 0..1550 ms */
			break;
		}
		check_race(&fx);
	}

	/* drain: the timer fires until nothing is left to wait for */
	for (rounds = 0; fx.armed; rounds++) {
		CHECK(rounds < 4 * SIM_MAX_STREAMHOSTS + 8);
		fire(&fx);
		check_race(&fx);
	}
	CHECK(fx.won + fx.lost == 1);
	CHECK(sim_race_finished(fx.r));
	CHECK(sim_race_count(fx.r, SIM_ATTEMPT_CONNECTING) == 0);
	CHECK(sim_race_count(fx.r, SIM_ATTEMPT_WAITING) == 0);
	if (fx.won)
		CHECK(sim_race_attempt_state(fx.r, (guint)fx.won_host) == SIM_ATTEMPT_CONNECTED);
	for (i = 0; i < fx.n; i++)
		CHECK(fx.starts[i] <= 1);
	sim_race_free(fx.r);
	return 0;
}
