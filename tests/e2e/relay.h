/* relay.h - a TCP relay on loopback that delays every byte by a fixed time
 * in each direction: the XMPP connections of a run get a WAN-like round
 * trip where the kernel offers no netem. Runs in its own thread. */
#ifndef SIM_E2E_RELAY_H
#define SIM_E2E_RELAY_H

#include <glib.h>

typedef struct SimRelay SimRelay;

/* Relays 127.0.0.1:<returned port> to 127.0.0.1:target_port, holding data
 * one_way_ms in each direction. NULL on failure. */
SimRelay *sim_relay_start(guint16 target_port, guint one_way_ms);
guint16 sim_relay_port(const SimRelay *r);
void sim_relay_stop(SimRelay *r);

#endif
