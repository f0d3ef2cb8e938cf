/* s5b-race.h - the receiver's SOCKS5 connection race, as a pure machine.
 *
 * Given the streamhosts of a SOCKS5 query, it decides when to start a
 * connection to each (direct ones first, then the others, a short stagger
 * apart, as XEP-0260 recommends for candidates), picks the first that
 * works, and gives up when all failed or one overall bound passed. It never
 * abandons a connection to the sender's own streamhost mid-handshake: stock
 * libpurple senders cancel the whole transfer when that happens, so such a
 * connection is left to finish (or fail) and only then closed.
 *
 * The glue (s5b-connect.c) owns the sockets; this file owns the decisions.
 */
#ifndef SIM_S5B_RACE_H
#define SIM_S5B_RACE_H

#include <glib.h>

#include "si-codec.h"

typedef struct {
	/* Start connecting to streamhost i. */
	void (*start)(gpointer ctx, guint i);
	/* Abandon attempt i (still connecting, never to the sender's own host). */
	void (*cancel)(gpointer ctx, guint i);
	/* Close the established connection of attempt i (a loser). */
	void (*close)(gpointer ctx, guint i);
	/* Streamhost i won: use its connection. Called once. */
	void (*won)(gpointer ctx, guint i);
	/* Nothing worked. Called once. */
	void (*lost)(gpointer ctx);
	/* (Re)arm the race's single timer for ms from now; 0 stops it. */
	void (*set_timer)(gpointer ctx, guint ms);
	gint64 (*now_ms)(gpointer ctx);
} SimRaceActions;

typedef enum {
	SIM_ATTEMPT_WAITING = 0, /* not started yet */
	SIM_ATTEMPT_CONNECTING,
	SIM_ATTEMPT_CONNECTED,   /* handshake done; the winner or to be closed */
	SIM_ATTEMPT_FAILED,
	SIM_ATTEMPT_CANCELLED
} SimAttemptState;

typedef struct SimRace SimRace;

/* `own[i]` is TRUE when streamhost i is the sender's own (its jid is the
 * sender's full JID). At most SIM_MAX_STREAMHOSTS hosts are raced. */
SimRace *sim_race_new(guint n_hosts, const gboolean *own, guint stagger_ms,
                      guint overall_ms, const SimRaceActions *act, gpointer ctx);
void sim_race_free(SimRace *r);

/* Starts the first attempts; may call lost() at once when n_hosts is 0. */
void sim_race_run(SimRace *r);
void sim_race_connected(SimRace *r, guint i);
void sim_race_failed(SimRace *r, guint i);
void sim_race_timeout(SimRace *r);
/* Ends an undecided race as lost (calls lost()); no-op once decided. */
void sim_race_give_up(SimRace *r);

gboolean sim_race_finished(const SimRace *r);
SimAttemptState sim_race_attempt_state(const SimRace *r, guint i);
/* Counts of attempts by outcome, for the user-facing reason. */
guint sim_race_count(const SimRace *r, SimAttemptState st);
/* The host index of the k-th attempt in start order. */
guint sim_race_order(const SimRace *r, guint k);

#endif
