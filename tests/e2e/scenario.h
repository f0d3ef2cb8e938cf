/* scenario.h - one end-to-end transfer between two sim-peer processes on a
 * private server: spawn, wait (bounded), collect results and traces. */
#ifndef SIM_E2E_SCENARIO_H
#define SIM_E2E_SCENARIO_H

#include <glib.h>

#include "server.h"

#define SIM_MAX_FAULTS 4

/* The shape of one client's XMPP connection (all 0: straight to the
 * server): a relay (relay.h) delays and rate-limits it in both directions. */
typedef struct {
	guint delay_ms;   /* one way */
	guint rate_bps;   /* bytes/s each way, 0: unlimited */
	guint burst;      /* bytes, 0: rate_bps */
} SimLink;

typedef struct {
	gboolean plugin;                    /* load our plugin */
	gboolean gabble;                    /* answer as telepathy-gabble (receiver) */
	const char *faults[SIM_MAX_FAULTS]; /* see tests/e2e/peer-edge.c */
	const char *prefs[SIM_MAX_FAULTS];  /* plugin preferences, key=value */
	int repeat;                         /* transfers in all (0: one) */
	int parallel;                       /* sender: that many at once (0: in a row) */
	const char *language;               /* LANGUAGE for the peer, e.g. "de" */
	SimLink link;                       /* this client's connection to the server */
	guint chat_interval_ms;             /* sender: a chat message every N ms while
	                                       data flows (receiver measures arrival) */
} SimSide;

/* A third account that forges stanzas at the transfer (see peer-attack.c). */
typedef struct {
	const char *kind;   /* NULL: no attacker */
	gboolean at_sender; /* the victim: the sender (else the receiver) */
} SimAttack;

typedef struct {
	GKeyFile *result;   /* the peer's result file, NULL if none */
	char *trace;        /* the peer's stanza trace (XML) */
	char *log;          /* its stdout and stderr */
	int status;         /* exit status, -1 when it had to be killed */
} SimPeerRun;

typedef struct {
	SimPeerRun sender, receiver;
	char *source_sha256;
	gint64 wall_ms;     /* sender start to both ended */
	gint64 t0_mono_ms;  /* the sender's spawn, CLOCK_MONOTONIC ms (as mono_t0_ms) */
} SimRun;

/* Runs one transfer of `size` random bytes from `from` to `to` (account
 * names on `server`); each peer is given timeout_s. FALSE when a peer could
 * not even be started or never signed on. */
gboolean sim_run_transfer(const SimServer *server, const char *from, const char *to,
                          const SimSide *sender, const SimSide *receiver,
                          gsize size, guint timeout_s, SimRun *run);
/* Same, with carol as the attacker (NULL or kind NULL: none). */
gboolean sim_run_transfer_attacked(const SimServer *server, const char *from, const char *to,
                                   const SimSide *sender, const SimSide *receiver,
                                   const SimAttack *attack, gsize size, guint timeout_s,
                                   SimRun *run);
void sim_run_clear(SimRun *run);

/* Called about every 100 ms while a transfer runs, with the receiver's
 * download directory (for progress displays). */
typedef void (*SimRunProgress)(const char *rx_dir, gpointer data);
void sim_run_set_progress(SimRunProgress cb, gpointer data);

/* A field of a peer's result ("" when missing); borrowed until clear.
 * Beyond the transfer's own fields: cpu_ms (user+sys CPU of the whole
 * process), cpu_xfer_ms (from the first data to the end), mono_t0_ms (the
 * peer's CLOCK_MONOTONIC at start); with chat_interval_ms, chat_sent
 * (sender) and chat_count, chat_median_ms, chat_p90_ms, chat_max_ms
 * (receiver: arrival minus send time, same machine, same clock). */
const char *sim_peer_field(const SimPeerRun *p, const char *key);
gint64 sim_peer_int(const SimPeerRun *p, const char *key);

#endif
