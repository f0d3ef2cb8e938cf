/* transfers.h - the live si-multiple transfers, keyed per connection and
 * per stream id. Each record owns its state machine, its one timer and a
 * reference on the PurpleXfer it follows. */
#ifndef SIM_TRANSFERS_H
#define SIM_TRANSFERS_H

#include <connection.h>
#include <ft.h>

#include "fallback.h"

/* Live records per connection; offers beyond this are left to libpurple. */
#define SIM_MAX_LIVE_TRANSFERS 64

typedef struct {
	PurpleConnection *gc;
	char *peer;      /* the full JID we offered to / were offered by */
	char *sid;
	char *offer_id;  /* id of the SI offer iq (its reply carries it too) */
	char *query_id;  /* id of the SOCKS5 query iq, once seen */
	GPtrArray *hosts_offered; /* sender: streamhost jids of our query (capped) */
	PurpleXfer *xfer;/* referenced; NULL until known */
	gboolean multiple;  /* the offer carried si-multiple */
	struct SimS5bConnect *connect; /* receiver: our SOCKS5 race, if running */
	guint s5b_tried;    /* receiver: streamhosts tried by the last race … */
	guint s5b_refused;  /* … and how many of them refused outright */
	SimSession *session;
	guint timer;     /* purple timeout handle, 0 when none */
	guint deferred;  /* idle handle of a pending cancel, 0 when none */
	gboolean end_remote; /* the pending cancel is the peer's (it closed) */
	struct SimIbbLink *ibb; /* sender: the plugin's own in-band stream */
} SimTransfer;

/* Called for each record just before it is freed (stop its timers etc.). */
typedef void (*SimTransferFinalize)(SimTransfer *t);

void sim_transfers_init(SimTransferFinalize finalize);
/* Frees every record (at unload). */
void sim_transfers_shutdown(void);

/* Creates and registers a record; replaces nothing: returns NULL when the
 * connection already has a live record for this sid (a reused sid) or holds
 * SIM_MAX_LIVE_TRANSFERS already. */
SimTransfer *sim_transfers_add(PurpleConnection *gc, const char *peer,
                               const char *sid, const char *offer_id);
SimTransfer *sim_transfers_by_sid(PurpleConnection *gc, const char *sid);
/* The record whose offer or query id is `id` and whose peer is `peer`
 * (in-band stream ids are the in-band sender's, ibb-sender.h). */
SimTransfer *sim_transfers_by_iq(PurpleConnection *gc, const char *peer, const char *id);
SimTransfer *sim_transfers_by_xfer(PurpleXfer *xfer);
/* The newest receiving record of `gc` from `peer` still without an xfer. */
SimTransfer *sim_transfers_unattached(PurpleConnection *gc, const char *peer);
void sim_transfers_attach(SimTransfer *t, PurpleXfer *xfer);
void sim_transfers_remove(SimTransfer *t);
/* Calls fn(record, data) for each live record of a connection; fn must
 * not add or remove records. */
void sim_transfers_foreach(PurpleConnection *gc, void (*fn)(SimTransfer *t, gpointer data),
                           gpointer data);
/* The same for every connection's records. */
void sim_transfers_foreach_all(void (*fn)(SimTransfer *t, gpointer data), gpointer data);
/* Drops every record of a connection (signing off). */
void sim_transfers_drop_connection(PurpleConnection *gc);
guint sim_transfers_count(void);

/* Answers libpurple must never see: the answer to a request of libpurple's
 * whose transfer is gone (its callback would run on freed memory). At most
 * SIM_MAX_SWALLOWED per connection are kept (oldest dropped); a
 * connection's go when it signs off. */
#define SIM_MAX_SWALLOWED 256
void sim_transfers_swallow(PurpleConnection *gc, const char *peer, const char *id);
/* TRUE (and forgotten) when `id` from `from` is to be swallowed. */
gboolean sim_transfers_take_swallowed(PurpleConnection *gc, const char *from, const char *id);

#endif
