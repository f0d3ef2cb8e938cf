/* fuzz-ibb-send.c - libFuzzer target for the in-band sender (ibb-send.h)
 * and its window (ibb-window.h).
 *
 * The input is a script. Byte 0: the block size (low 3 bits) and the fixed
 * window (bits 3-5); byte 1: the total (low 3 bits pick a size, the high 5
 * add 0..31); byte 2: max_window (low 3 bits) and min_chunk (bits 3-5);
 * byte 3: target_ms (low 2 bits); its high 4 bits 0xa allow one long run
 * (op 15 with 0xff, enough to wrap the seq, ~100 ms). Then each byte is one step: its low 4
 * bits pick the operation, its high 4 bits advance the fake clock first
 * (0-15 x 40 ms, so the clock is monotonic and may stand still). Some
 * operations take the next byte as their argument (a length, an index, a
 * count). The operations: 0 open, 1-3 the open's answer (ok, error,
 * resource-constraint), 4 one data iq of 1..next bytes, 5 ack the oldest
 * (newest with bit 4), 6 ack one in flight, 7 an error answer to one,
 * 8 an answer to a seq not in flight, 9 the peer's close, 10-11 the
 * timer fires, 12 cancel, 13 the clock jumps, 14 fill the window, 15 a
 * run of fill-and-ack-the-oldest. The timeout is only delivered while the fake timer is armed, at
 * or after its due time, as a real one-shot timer would fire.
 *
 * The fake actions record every call and check, at the time of the call
 * and after each operation, the promises of ibb-send.h and ibb-window.h:
 * in flight never above the window (checked when sending) nor max_window,
 * bytes in flight equal to the recorded list, seqs consecutive mod 65536,
 * the byte counts, one finished and only in DONE, one close at most and
 * only after the open succeeded (never in answer to the peer's), an OK end
 * only with every byte acked (or, on the peer's close, every byte sent),
 * no action after DONE, the timer armed exactly while something is
 * awaited.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "ibb-send.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
	guint16 seq;
	gsize len;
} Rec;

typedef struct {
	SimIbbSend *s;
	gint64 now;
	gboolean armed;       /* the fake one-shot timer */
	gint64 due;
	guint calls;          /* actions called (all but now_ms) */
	guint opens, closes, finishes, openeds, readies;
	guint last_open_block;
	gboolean rc_answer;   /* the last open answer was a resource-constraint */
	guint first_block;    /* the block asked for */
	SimIbbEnd how;
	guint64 total;
	GArray *flight;       /* of Rec, in send order */
	guint16 next_seq;
	guint64 sent, acked;
	gboolean in_free;
	gboolean in_peer_close; /* inside sim_ibb_send_peer_closed() */
} Fx;

static gsize
flight_bytes(const Fx *fx)
{
	gsize sum = 0;
	guint i;

	for (i = 0; i < fx->flight->len; i++)
		sum += g_array_index(fx->flight, Rec, i).len;
	return sum;
}

static void
fx_send_open(gpointer ctx, guint block)
{
	Fx *fx = ctx;

	fx->calls++;
	fx->opens++;
	CHECK(!fx->in_free);
	CHECK(sim_ibb_send_state(fx->s) == SIM_IBB_ST_OPENING);
	CHECK(fx->finishes == 0 && fx->closes == 0);
	CHECK(block == sim_ibb_send_block(fx->s));
	CHECK(fx->armed); /* the open's answer is awaited with a bound */
	if (fx->opens == 1) {
		CHECK(block == fx->first_block);
	} else {
		/* the one retry: after a resource-constraint, with the block all take */
		CHECK(fx->opens == 2);
		CHECK(fx->rc_answer);
		CHECK(fx->first_block > SIM_IBB_FALLBACK_BLOCK);
		CHECK(block == SIM_IBB_FALLBACK_BLOCK);
	}
	fx->last_open_block = block;
}

static void
fx_send_close(gpointer ctx)
{
	Fx *fx = ctx;

	fx->calls++;
	fx->closes++;
	CHECK(!fx->in_free);
	CHECK(fx->closes == 1);
	/* only a stream that was opened is closed, before finished is told */
	CHECK(fx->openeds == 1);
	CHECK(fx->finishes == 0);
	CHECK(sim_ibb_send_state(fx->s) == SIM_IBB_ST_DONE);
	CHECK(sim_ibb_send_end(fx->s) != SIM_IBB_END_PEER_CLOSED);
	CHECK(sim_ibb_send_end(fx->s) != SIM_IBB_END_REFUSED);
	CHECK(!fx->in_peer_close); /* the peer's close needs no answer */
	CHECK(!fx->armed);
}

static void
fx_opened(gpointer ctx)
{
	Fx *fx = ctx;

	fx->calls++;
	fx->openeds++;
	CHECK(!fx->in_free);
	CHECK(fx->openeds == 1);
	CHECK(fx->opens >= 1);
	CHECK(sim_ibb_send_state(fx->s) == SIM_IBB_ST_OPEN);
	CHECK(!fx->armed); /* nothing is awaited yet */
	CHECK(fx->flight->len == 0 && fx->sent == 0);
}

static void
fx_ready(gpointer ctx)
{
	Fx *fx = ctx;

	fx->calls++;
	fx->readies++;
	CHECK(!fx->in_free);
	CHECK(sim_ibb_send_state(fx->s) == SIM_IBB_ST_OPEN);
	CHECK(sim_ibb_send_next(fx->s) > 0); /* there is room */
}

static void
fx_set_timer(gpointer ctx, guint ms)
{
	Fx *fx = ctx;
	SimIbbState st = sim_ibb_send_state(fx->s);

	fx->calls++;
	if (ms == 0) {
		fx->armed = FALSE;
		return;
	}
	CHECK(!fx->in_free);
	CHECK(ms == SIM_IBB_ACK_BOUND_MS);
	CHECK(st == SIM_IBB_ST_OPENING || st == SIM_IBB_ST_OPEN);
	fx->armed = TRUE;
	fx->due = fx->now + ms;
}

static void
fx_finished(gpointer ctx, SimIbbEnd how)
{
	Fx *fx = ctx;

	fx->calls++;
	fx->finishes++;
	CHECK(!fx->in_free);
	CHECK(fx->finishes == 1);
	CHECK(how != SIM_IBB_END_NONE && strcmp(sim_ibb_end_name(how), "?") != 0);
	CHECK(sim_ibb_send_state(fx->s) == SIM_IBB_ST_DONE);
	CHECK(sim_ibb_send_end(fx->s) == how);
	CHECK(!fx->armed);
	if (how == SIM_IBB_END_OK) {
		CHECK(fx->openeds == 1);
		CHECK(fx->sent == fx->total);
		if (!fx->in_peer_close) {
			/* our end: every byte acked */
			CHECK(fx->acked == fx->total);
			CHECK(sim_ibb_send_acked_bytes(fx->s) == fx->total);
			CHECK(fx->flight->len == 0);
		}
		/* else the peer closed once it had every byte (libpurple closes
		 * before acking the last): that last one stays unacked */
		else
			CHECK(fx->flight->len <= 1);
	}
	if (how == SIM_IBB_END_PEER_CLOSED)
		CHECK(fx->in_peer_close &&
		      (fx->openeds == 0 || fx->sent < fx->total || fx->flight->len > 1));
	if (fx->in_peer_close)
		CHECK(how == SIM_IBB_END_OK || how == SIM_IBB_END_PEER_CLOSED);
	/* the close went out exactly when the stream was open and the peer
	 * did not close it itself */
	if (fx->openeds == 1 && !fx->in_peer_close)
		CHECK(fx->closes == 1);
	else
		CHECK(fx->closes == 0);
	if (how == SIM_IBB_END_REFUSED || how == SIM_IBB_END_DATA_ERROR)
		CHECK(how == SIM_IBB_END_REFUSED ? fx->openeds == 0 : fx->openeds == 1);
	fx->how = how;
}

static gint64
fx_now(gpointer ctx)
{
	return ((Fx *)ctx)->now;
}

static const SimIbbActions fx_actions = {
	fx_send_open, fx_send_close, fx_opened, fx_ready, fx_set_timer, fx_finished, fx_now
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sim_fuzz_init_logging();
	return 0;
}

/* What must hold between operations. */
static void
check_sender(Fx *fx)
{
	SimIbbState st = sim_ibb_send_state(fx->s);
	const SimIbbWindow *w = sim_ibb_send_window(fx->s);
	const SimIbbWindowConfig *c = sim_ibb_window_config(w);
	gsize next = sim_ibb_send_next(fx->s);

	CHECK(st >= SIM_IBB_ST_IDLE && st <= SIM_IBB_ST_DONE);
	CHECK(sim_ibb_send_in_flight(fx->s) == fx->flight->len);
	CHECK(sim_ibb_send_bytes_in_flight(fx->s) == flight_bytes(fx));
	CHECK(fx->flight->len <= c->max_window);
	CHECK(sim_ibb_send_sent_bytes(fx->s) == fx->sent);
	CHECK(sim_ibb_send_acked_bytes(fx->s) == fx->acked);
	CHECK(fx->sent <= fx->total);
	CHECK(fx->acked + flight_bytes(fx) <= fx->sent);
	CHECK(sim_ibb_send_next_seq(fx->s) == fx->next_seq);
	/* the in-flight seqs are the last ones sent, in order, no gap between
	 * the oldest and the next */
	if (fx->flight->len > 0) {
		guint16 seq0 = g_array_index(fx->flight, Rec, 0).seq;
		guint16 span = (guint16)(fx->next_seq - seq0), last = 0;
		guint i;

		CHECK(span >= fx->flight->len);
		for (i = 1; i < fx->flight->len; i++) {
			guint16 d = (guint16)(g_array_index(fx->flight, Rec, i).seq - seq0);

			CHECK(d > last && d < span);
			last = d;
		}
	}
	/* the window's shape */
	CHECK(sim_ibb_window_chunk(w) >= c->min_chunk && sim_ibb_window_chunk(w) <= c->block_size);
	CHECK(c->min_chunk >= 1 && c->block_size >= 1 && c->max_window >= 1 && c->target_ms >= 1);
	CHECK(sim_ibb_window_iqs(w) >= 1 && sim_ibb_window_iqs(w) <= c->max_window);
	CHECK(sim_ibb_window_next(w, 0, 0) > 0);
	CHECK(sim_ibb_window_next(w, sim_ibb_window_iqs(w), 0) == 0);
	if (c->fixed > 0)
		CHECK(sim_ibb_window_iqs(w) == c->fixed && sim_ibb_window_chunk(w) == c->block_size);
	CHECK(c->block_size == sim_ibb_send_block(fx->s));
	/* per state */
	switch (st) {
	case SIM_IBB_ST_IDLE:
		CHECK(fx->calls == 0);
		CHECK(next == 0);
		break;
	case SIM_IBB_ST_OPENING:
		CHECK(fx->armed);
		CHECK(fx->opens >= 1 && fx->openeds == 0);
		CHECK(next == 0 && fx->sent == 0);
		break;
	case SIM_IBB_ST_OPEN:
		CHECK(fx->openeds == 1 && fx->finishes == 0 && fx->closes == 0);
		CHECK(next <= fx->total - fx->sent);
		CHECK(next <= c->block_size);
		/* the timer runs exactly while an answer is awaited */
		CHECK(fx->armed == (fx->flight->len > 0));
		/* never stuck: with nothing in flight and bytes left, one may go */
		if (fx->flight->len == 0 && fx->sent < fx->total)
			CHECK(next > 0);
		if (fx->sent == fx->total)
			CHECK(next == 0);
		/* not complete while open */
		CHECK(fx->acked < fx->total || fx->flight->len > 0);
		break;
	case SIM_IBB_ST_DONE:
		CHECK(fx->finishes == 1);
		CHECK(!fx->armed);
		CHECK(next == 0);
		CHECK(sim_ibb_send_end(fx->s) == fx->how);
		break;
	}
	if (fx->finishes > 0)
		CHECK(st == SIM_IBB_ST_DONE);
	if (fx->opens == 0)
		CHECK(st == SIM_IBB_ST_IDLE || st == SIM_IBB_ST_DONE);
}

/* One data iq of `len` (1..next), with the checks that hold at the time. */
static void
do_send(Fx *fx, gsize len)
{
	const SimIbbWindow *w = sim_ibb_send_window(fx->s);
	guint n = fx->flight->len, iqs = sim_ibb_window_iqs(w);
	gsize bytes = flight_bytes(fx), next = sim_ibb_send_next(fx->s);
	guint calls = fx->calls;
	Rec r;

	CHECK(len >= 1 && len <= next);
	/* what next() allowed: one iq with nothing in flight, else within the
	 * window's count and bytes */
	CHECK(n == 0 || n < iqs);
	CHECK(n == 0 || bytes + len <= sim_ibb_window_limit(w));
	r.seq = sim_ibb_send_sent(fx->s, len);
	r.len = len;
	CHECK(r.seq == fx->next_seq);
	fx->next_seq++;
	fx->sent += len;
	g_array_append_val(fx->flight, r);
	CHECK(fx->flight->len <= MAX(iqs, 1));
	/* the first one in flight arms the timer, and nothing else happens */
	CHECK(fx->calls == calls + (n == 0));
	CHECK(fx->armed);
}

/* The answer to the in-flight iq at index i. */
static void
do_ack(Fx *fx, guint i, gboolean ok)
{
	Rec r = g_array_index(fx->flight, Rec, i);
	gboolean open = sim_ibb_send_state(fx->s) == SIM_IBB_ST_OPEN;
	gboolean taken;

	/* the model first: the actions the ack calls check against it */
	if (open) {
		g_array_remove_index(fx->flight, i);
		if (ok)
			fx->acked += r.len;
	}
	taken = sim_ibb_send_ack(fx->s, r.seq, ok);
	/* taken exactly while open (after the end, nothing is) */
	CHECK(taken == open);
	if (taken && !ok)
		CHECK(sim_ibb_send_end(fx->s) == SIM_IBB_END_DATA_ERROR);
}

static gsize
pick_len(gsize next, guint8 arg)
{
	if (arg >= 128 || next <= 1)
		return next;
	return 1 + (next - 1) * arg / 127;
}

static const guint blocks[8] = { 1, 7, 512, 1200, 4096, 4097, 16384, 65535 };
static const guint fixeds[8] = { 0, 0, 0, 0, 1, 2, 10, 40 };
static const guint64 totals[8] = { 0, 1, 100, 4095, 4096, 16385, 65536, 1 << 20 };
static const guint maxws[8] = { 0, 1, 2, 3, 8, 32, 32, 64 };
static const guint mins[8] = { 1200, 1200, 0, 1, 100, 4096, 5000, 65536 };
static const guint targets[4] = { 400, 1, 50, 2000 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Fx fx;
	SimIbbWindowConfig cfg;
	gboolean long_run;
	guint budget = 4000;
	size_t p;

	if (size < 4 || size > 4096)
		return 0;
	memset(&fx, 0, sizeof(fx));
	fx.now = 1000;
	fx.flight = g_array_new(FALSE, FALSE, sizeof(Rec));
	sim_ibb_window_config_default(&cfg, blocks[data[0] & 7]);
	cfg.fixed = fixeds[(data[0] >> 3) & 7];
	cfg.max_window = maxws[data[2] & 7];
	cfg.min_chunk = mins[(data[2] >> 3) & 7];
	cfg.target_ms = targets[data[3] & 3];
	long_run = (data[3] & 0xf0) == 0xa0;
	fx.total = totals[data[1] & 7] + (data[1] >> 3);
	fx.first_block = cfg.block_size;
	fx.s = sim_ibb_send_new(fx.total, &cfg, &fx_actions, &fx);
	CHECK(fx.calls == 0);
	CHECK(sim_ibb_send_state(fx.s) == SIM_IBB_ST_IDLE);
	CHECK(sim_ibb_send_block(fx.s) == cfg.block_size);
	check_sender(&fx);

	for (p = 4; p < size; p++) {
		guint8 b = data[p];
		guint8 arg = p + 1 < size ? data[p + 1] : 0;
		SimIbbState before = sim_ibb_send_state(fx.s);
		guint calls = fx.calls;
		guint n = fx.flight->len;
		gsize next;

		fx.now += (gint64)(b >> 4) * 40;
		switch (b & 0x0f) {
		case 0:
			sim_ibb_send_open(fx.s);
			CHECK(before == SIM_IBB_ST_IDLE ? fx.opens == 1 : fx.calls == calls);
			break;
		case 1:
			fx.rc_answer = FALSE;
			sim_ibb_send_open_answer(fx.s, TRUE, FALSE);
			break;
		case 2:
			fx.rc_answer = FALSE;
			sim_ibb_send_open_answer(fx.s, FALSE, FALSE);
			if (before == SIM_IBB_ST_OPENING)
				CHECK(fx.how == SIM_IBB_END_REFUSED);
			break;
		case 3: {
			guint opens = fx.opens;

			fx.rc_answer = TRUE;
			sim_ibb_send_open_answer(fx.s, FALSE, TRUE);
			if (before == SIM_IBB_ST_OPENING) {
				/* a retry when the block was larger and not retried yet */
				if (opens == 1 && fx.first_block > SIM_IBB_FALLBACK_BLOCK)
					CHECK(fx.opens == 2 && sim_ibb_send_state(fx.s) == SIM_IBB_ST_OPENING);
				else
					CHECK(fx.how == SIM_IBB_END_REFUSED);
			}
			break;
		}
		case 4: /* one data iq, 1..next bytes */
			p++;
			next = sim_ibb_send_next(fx.s);
			if (next == 0)
				continue;
			do_send(&fx, pick_len(next, arg));
			break;
		case 5: /* ack the oldest / the newest, ok */
			if (n == 0)
				continue;
			do_ack(&fx, (b & 0x10) ? n - 1 : 0, TRUE);
			break;
		case 6: /* ack one in flight, ok */
			p++;
			if (n == 0)
				continue;
			do_ack(&fx, arg % n, TRUE);
			break;
		case 7: /* an error answer to one in flight */
			p++;
			if (n == 0)
				continue;
			do_ack(&fx, arg % n, FALSE);
			break;
		case 8: { /* an answer to a seq not in flight */
			guint16 seq = (guint16)(fx.next_seq + arg * 257u);

			p++;
			if (n > 0 && (guint16)(seq - g_array_index(fx.flight, Rec, 0).seq) <
			                 (guint16)(fx.next_seq - g_array_index(fx.flight, Rec, 0).seq))
				seq = fx.next_seq; /* it was in flight: take the next one */
			CHECK(!sim_ibb_send_ack(fx.s, seq, arg & 1));
			CHECK(fx.calls == calls);
			CHECK(sim_ibb_send_state(fx.s) == before);
			break;
		}
		case 9:
			fx.in_peer_close = TRUE;
			sim_ibb_send_peer_closed(fx.s);
			fx.in_peer_close = FALSE;
			if (before == SIM_IBB_ST_OPEN && fx.sent == fx.total && fx.flight->len <= 1)
				CHECK(fx.how == SIM_IBB_END_OK && fx.closes == 0);
			else if (before == SIM_IBB_ST_OPEN || before == SIM_IBB_ST_OPENING)
				CHECK(fx.how == SIM_IBB_END_PEER_CLOSED && fx.closes == 0);
			else
				CHECK(fx.calls == calls);
			break;
		case 10: case 11:
			if (!fx.armed)
				continue; /* a timer that is not armed does not fire */
			fx.now = MAX(fx.now, fx.due);
			fx.armed = FALSE; /* one-shot */
			sim_ibb_send_timeout(fx.s);
			CHECK(fx.how == SIM_IBB_END_NO_ACK);
			break;
		case 12:
			sim_ibb_send_cancel(fx.s);
			if (before != SIM_IBB_ST_DONE)
				CHECK(fx.how == SIM_IBB_END_CANCELLED);
			break;
		case 13: /* the clock jumps 0..255 x 256 ms */
			p++;
			fx.now += (gint64)arg * 256;
			continue;
		case 14: /* fill the window with full pieces */
			while ((next = sim_ibb_send_next(fx.s)) > 0)
				do_send(&fx, next);
			break;
		default: { /* a transfer runs: fill, ack the oldest, arg * 4 times;
		            * once per input when byte 3 allows it, 0xff: 70000
		            * times, to wrap the seq (that takes ~50 ms) */
			guint k, rounds = MIN((guint)arg * 4, budget);

			if (arg == 0xff && long_run) {
				long_run = FALSE;
				rounds = 70000;
			} else {
				budget -= rounds; /* short runs: 4000 rounds per input in all */
			}

			p++;
			for (k = 0; k < rounds && sim_ibb_send_state(fx.s) == SIM_IBB_ST_OPEN; k++) {
				while ((next = sim_ibb_send_next(fx.s)) > 0)
					do_send(&fx, next);
				if (fx.flight->len == 0)
					break;
				fx.now += 1 + (k % 7) * 30;
				do_ack(&fx, 0, TRUE);
				if ((k & 1023) == 0)
					check_sender(&fx);
			}
			break;
		}
		}
		/* after DONE nothing happens any more */
		if (before == SIM_IBB_ST_DONE) {
			CHECK(fx.calls == calls);
			CHECK(sim_ibb_send_state(fx.s) == SIM_IBB_ST_DONE);
		}
		check_sender(&fx);
	}

	/* freeing stops the timer unless done; nothing else is called */
	{
		SimIbbState st = sim_ibb_send_state(fx.s);
		guint calls = fx.calls;

		fx.in_free = TRUE;
		sim_ibb_send_free(fx.s);
		if (st != SIM_IBB_ST_DONE)
			CHECK(fx.calls == calls + 1);
		else
			CHECK(fx.calls == calls);
		CHECK(!fx.armed);
	}
	g_array_free(fx.flight, TRUE);
	return 0;
}
