/* relay.h - a TCP relay on loopback that shapes each connection like a WAN
 * link where the kernel offers no netem: a fixed one-way delay and,
 * optionally, a rate limit (token bucket) per direction. Bytes beyond the
 * rate wait in the relay's queue, as they would in a server's shaper
 * (ejabberd's "normal" shaper: 3000 B/s, burst 20000). Runs in its own
 * thread. */
#ifndef SIM_E2E_RELAY_H
#define SIM_E2E_RELAY_H

#include <glib.h>

typedef struct SimRelay SimRelay;

/* Relays 127.0.0.1:<returned port> to 127.0.0.1:target_port, holding data
 * one_way_ms in each direction. NULL on failure. */
SimRelay *sim_relay_start(guint16 target_port, guint one_way_ms);
/* Same, and each direction of each connection sends at most rate_bps
 * bytes/s on average, burst bytes at once (0: as many as rate_bps).
 * rate_bps 0: no rate limit. */
SimRelay *sim_relay_start_shaped(guint16 target_port, guint one_way_ms, guint rate_bps,
                                 guint burst);
guint16 sim_relay_port(const SimRelay *r);
void sim_relay_stop(SimRelay *r);

#endif
