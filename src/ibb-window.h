/* ibb-window.h - how much in-band data to keep in flight, and in what
 * pieces. Pure: no I/O, the clock comes in as arguments.
 *
 * The algorithm (delay based, after LEDBAT):
 * - base = the lowest round trip seen (the open's answer counts too): the
 *   path's own delay with no queue. qdelay = an ack's round trip - base:
 *   the time the data waited in queues (at the server, a shaper, a slow
 *   link) — the time a chat message typed now would wait too.
 * - The limit L is in bytes in flight. While qdelay stays under half the
 *   target and nothing was ever cut, L grows by the bytes acked (it doubles
 *   every round trip: slow start). After that, every ack moves L in
 *   proportion to how far qdelay is from the target:
 *       L += acked * (target - qdelay) / target * chunk / L
 *   (at most one chunk per round trip up, and down as far as it overshoots).
 *   When qdelay passes twice the target, L is cut by target / qdelay (a
 *   half at twice the target, far more when seconds are queued behind a
 *   shaper after slow start), at most once per round trip, so such a queue
 *   drains within a round trip or two.
 * - The chunk (bytes per data iq) is L / 2 clamped to [min_chunk,
 *   max_chunk]: max_chunk on a fast path, smaller pieces as L shrinks, so
 *   that two are in flight (the link does not idle for a round trip) while
 *   L allows two. The number of data iqs in flight is L / chunk, at least 1
 *   (one is always allowed, or nothing would ever be measured) and at most
 *   max_window. L never goes below one min_chunk: on a link so slow that
 *   even that queues longer than the target, the sender is stop-and-wait
 *   with min_chunk pieces. min_chunk is 3072 by default, what libpurple's
 *   own sender puts in every stanza: smaller pieces would spend more of a
 *   slow link on stanza overhead than stock libpurple does, and a chat
 *   message still waits behind one piece at most.
 *   max_chunk (default 4096, at most block_size) keeps each stanza within
 *   the 8 KiB a server such as Prosody reads from a client at a time:
 *   measured on Prosody 0.12, 4 KiB pieces move 2-3 times as fast as 16 KiB
 *   ones, which it reads in several rounds, one event-loop turn apart.
 * - fixed > 0: no adaptation, exactly `fixed` full blocks in flight (what
 *   telepathy-gabble does with 10; kept for comparisons).
 */
#ifndef SIM_IBB_WINDOW_H
#define SIM_IBB_WINDOW_H

#include <glib.h>

/* The most data iqs ever in flight, whatever the configuration. */
#define SIM_IBB_WINDOW_MAX 1024

typedef struct {
	guint block_size; /* the declared block-size: the largest chunk, bytes */
	guint min_chunk;  /* the smallest chunk (clamped to max_chunk) */
	guint max_chunk;  /* the largest chunk the window picks (clamped to block_size) */
	guint max_window; /* data iqs in flight at most (1..SIM_IBB_WINDOW_MAX) */
	guint target_ms;  /* queueing delay aimed at (> 0) */
	guint fixed;      /* > 0: exactly this many full blocks in flight */
} SimIbbWindowConfig;

/* Defaults for a block size: min_chunk 3072, max_chunk 4096, max_window 64,
 * target 400 ms. */
void sim_ibb_window_config_default(SimIbbWindowConfig *cfg, guint block_size);

typedef struct SimIbbWindow SimIbbWindow;

SimIbbWindow *sim_ibb_window_new(const SimIbbWindowConfig *cfg);
void sim_ibb_window_free(SimIbbWindow *w);

/* A round trip that carried no data (the open's answer): a base sample. */
void sim_ibb_window_sample(SimIbbWindow *w, gint64 rtt_ms);
/* Bytes the next data iq may carry now, 0 while the window is full.
 * `in_flight` and `bytes_in_flight` describe what is unanswered. */
gsize sim_ibb_window_next(const SimIbbWindow *w, guint in_flight, gsize bytes_in_flight);
/* An ack for `bytes`, sent rtt_ms ago, arrived at now_ms. */
void sim_ibb_window_acked(SimIbbWindow *w, gsize bytes, gint64 rtt_ms, gint64 now_ms);

/* For tests, logs and the fuzz target's invariants. */
gsize sim_ibb_window_limit(const SimIbbWindow *w);  /* L, bytes */
gsize sim_ibb_window_chunk(const SimIbbWindow *w);  /* bytes per data iq */
guint sim_ibb_window_iqs(const SimIbbWindow *w);    /* data iqs allowed in flight */
gint64 sim_ibb_window_base(const SimIbbWindow *w);  /* -1 before any sample */
gint64 sim_ibb_window_srtt(const SimIbbWindow *w);  /* smoothed rtt, -1 before */
const SimIbbWindowConfig *sim_ibb_window_config(const SimIbbWindow *w);

#endif /* SIM_IBB_WINDOW_H */
