/* engine-private.h - what the stanza hooks need from the engine core. */
#ifndef SIM_ENGINE_PRIVATE_H
#define SIM_ENGINE_PRIVATE_H

#include "transfers.h"

/* Preferences, read at the moment of each decision so changes apply to the
 * next transfer without a restart. */
gboolean sim_engine_enabled(void);
void sim_engine_allowed(SimMethodList *out);

/* The receiver's whole SOCKS5 race, from the preference (1..30 s). */
guint sim_engine_race_bound_ms(void);

/* The per-contact memory of SOCKS5 failures (when the preference is on). */
gboolean sim_engine_s5b_remembered_failed(SimTransfer *t);
void sim_engine_note_s5b(SimTransfer *t, gboolean worked);

/* Sender: sets t's bounds for the peer's SOCKS5 answer, by who the peer is:
 * this plugin (short race), telepathy-gabble-like (10 s per streamhost) or
 * stock libpurple (5 s per streamhost). */
void sim_engine_sender_timeouts(SimTransfer *t, gboolean peer_is_multiple);

/* Gives `t` its state machine. */
void sim_engine_attach_session(SimTransfer *t, SimRole role, const SimMethodList *offered);
/* Feeds an event to t's machine, then drops t if it has nothing left to do.
 * `t` may be freed on return. */
void sim_engine_feed(SimTransfer *t, const SimEvent *ev);
void sim_engine_feed_type(SimTransfer *t, SimEventType type);
/* Drops t if its machine has nothing left to do; t may be freed on return. */
void sim_engine_settle(SimTransfer *t);

/* Sends a stanza of ours on t's connection through the XMPP plugin (our
 * own sending hook sees it too); frees it. */
void sim_engine_send(SimTransfer *t, xmlnode *node);
/* Ends t's transfer outside any handler: says why (NONE: nothing to say),
 * then cancels it (remote: as the peer's cancel) unless it is over already,
 * and drops the record. */
void sim_engine_end_transfer(SimTransfer *t, SimReason why, gboolean remote);

/* Stanza hooks (stanza-hooks.c). */
void sim_hooks_connect(PurplePlugin *plugin, PurplePlugin *jabber);
/* Forgets the hooks' own state (signals go with the plugin handle). */
void sim_hooks_disconnect(void);

#endif
