/* server.h - a private XMPP server for end-to-end tests: Prosody
 * (server.c) or ejabberd (server-ejabberd.c). Loopback only, random free
 * ports, its own config and data dir, accounts created up front, the
 * SOCKS5 proxy (mod_proxy65) on as proxy.localhost. Stopped and removed by
 * sim_server_stop. */
#ifndef SIM_E2E_SERVER_H
#define SIM_E2E_SERVER_H

#include <glib.h>

typedef enum {
	SIM_SERVER_PROSODY,
	SIM_SERVER_EJABBERD,
} SimServerKind;

typedef struct SimServer SimServer;
struct SimServer {
	SimServerKind kind;
	const char *domain;  /* the accounts' domain: "localhost" */
	char *dir;           /* config, data, log */
	char *config;
	guint16 c2s_port;
	guint16 client_port; /* where clients connect, when not c2s_port (a relay) */
	guint16 proxy_port;  /* 0: no SOCKS5 proxy */
	GPid pid;            /* 0 for a view (below) */
	/* ejabberd only */
	char *node;          /* the Erlang node's unique name */
	guint16 dist_port;   /* its Erlang distribution port (no epmd) */
	/* The same ejabberd node as Debian 12 ships it: a second virtual host,
	 * debian.localhost, on a second listener with Debian's c2s shaper
	 * (3000 bytes/s, burst 20000) and without mod_proxy65. A view of this
	 * server, owned and stopped with it; NULL for Prosody. */
	SimServer *debian;
};

/* g_spawn child set-up: the child is killed when the test driver dies, so
 * an aborted test never leaves a server or a peer behind. */
void sim_child_dies_with_parent(gpointer data);

/* Runs the program (argv) again as a child and exits with its status. As
 * root the child runs inside a new network namespace holding only loopback
 * (brought up by the child): nothing the tests or the demo send can leave
 * the machine. The child gets its own TMPDIR, removed when it ends however
 * it ended (kept when SIM_KEEP_RUNS or SIM_KEEP_SERVER_DIR is set); SIGINT,
 * SIGTERM and SIGHUP kill it. In the child, returns (SIM_E2E_INNER set;
 * SIM_IN_NETNS too when isolated). */
void sim_isolate_network(char **argv);

/* Waits for the children in pids until `deadline` (CLOCK_MONOTONIC, µs),
 * calling tick(data) about every 100 ms (tick may be NULL), then kills
 * (SIGKILL) and reaps what is left. status[i]: the exit status, 128 + the
 * signal, or -1 when killed at the deadline or never started (pid 0). */
void sim_wait_children(GPid *pids, int *status, guint n, gint64 deadline,
                       void (*tick)(gpointer data), gpointer data);

/* A free TCP port on 127.0.0.1 (bound, read and released). */
guint16 sim_free_port(void);
/* Starts a server of that kind with accounts user@localhost (password
 * "pw") for each name in `users` (ejabberd: also user@debian.localhost),
 * all in one shared roster group on ejabberd; NULL when it did not come up
 * in time, with the reason in sim_server_error(). */
SimServer *sim_server_start(SimServerKind kind, const char *const *users);
/* Why the last sim_server_start failed (a static string until the next). */
const char *sim_server_error(void);
/* "prosody" or "ejabberd" */
const char *sim_server_kind_name(SimServerKind kind);
void sim_server_stop(SimServer *s);
/* Kills and restarts the same server (same ports, same data). */
gboolean sim_server_restart(SimServer *s);

/* For the server-*.c files: is something listening on 127.0.0.1:port;
 * record why a start failed (printf-style, also printed). */
gboolean sim_port_open(guint16 port);
void sim_server_set_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* ejabberd (server-ejabberd.c): set up s->dir and start, stop the node. */
gboolean sim_ejabberd_start(SimServer *s, const char *const *users);
gboolean sim_ejabberd_spawn(SimServer *s);
void sim_ejabberd_kill(SimServer *s);

#endif
