/* testutil-ibb-link.h - for the in-band flow control's tests
 * (ibb-window.h): a check of a window's shape, and a small deterministic
 * link simulator with a virtual clock.
 *
 * One FIFO bottleneck of `rate` wire bytes per second and a fixed round
 * trip `base_ms` without queue. A data iq of `len` payload bytes takes
 * 4 * ceil(len / 3) wire bytes (base64; the stanza's XML is left out). It
 * starts on the link when the link is free, leaves it after wire / rate,
 * and its ack arrives base_ms later. The sender sends whatever
 * sim_ibb_window_next() allows each time an ack arrives. Everything is in
 * virtual milliseconds (doubles for the link, whole ms for the window). */
#ifndef SIM_TESTUTIL_IBB_LINK_H
#define SIM_TESTUTIL_IBB_LINK_H

#include <glib.h>

#include "ibb-window.h"

typedef struct {
	gsize len;
	gint64 sent_ms;
	gint64 ack_ms;
} SimPkt;

typedef struct {
	gint64 t;      /* the ack's arrival */
	gint64 qdelay; /* its rtt - the path's base */
	gsize len;
	gsize limit;   /* after the ack */
	gsize chunk;
	guint iqs;
	gsize bytes_in_flight_max; /* highest bytes in flight since the last ack */
} SimRec;

typedef struct {
	SimIbbWindow *w;
	double rate;      /* wire bytes per second */
	gint64 base_ms;
	gint64 now;
	double link_free; /* when the link has sent everything queued */
	double busy_ms;   /* time the link spent sending */
	GQueue q;         /* of SimPkt*, oldest first */
	guint in_flight;
	gsize bytes_in_flight;
	GArray *recs;     /* of SimRec */
	gsize bif_max;
	guint sends;
} Sim;

typedef struct {
	gint64 qdelay_median, qdelay_max;
	double goodput;       /* payload bytes acked per second */
	double link_payload;  /* the link's payload capacity, bytes per second */
	gsize chunk_max, chunk_min;
	guint iqs_min;
	gsize bif_max;
} SimStats;

/* The window's invariants, whatever its state: chunk and iqs within the
 * configuration, one iq always allowed with nothing unanswered, never
 * more than iqs() nor past limit(). */
void check_window_shape(const SimIbbWindow *w);
/* A link of `rate` wire bytes/s and `base_ms` round trip, driving w. */
void link_init(Sim *sim, SimIbbWindow *w, double rate, gint64 base_ms);
/* frees the queue, the records and the window */
void link_clear(Sim *sim);
/* Sends what is allowed, then delivers the next ack. */
void link_step(Sim *sim);
void link_run_for(Sim *sim, gint64 ms);
/* Over the records of the last `last_ms` of the run (see the .c). */
void link_stats(const Sim *sim, gint64 last_ms, SimStats *st);

#endif
