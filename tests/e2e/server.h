/* server.h - a private Prosody for end-to-end tests: loopback only, random
 * free ports, its own config and data dir, accounts created up front, the
 * SOCKS5 proxy (mod_proxy65) on. Stopped and removed by sim_server_stop. */
#ifndef SIM_E2E_SERVER_H
#define SIM_E2E_SERVER_H

#include <glib.h>

typedef struct {
	char *dir;         /* config, data, log */
	char *config;
	guint16 c2s_port;
	guint16 client_port; /* where clients connect, when not c2s_port (a relay) */
	guint16 proxy_port;
	GPid pid;
} SimServer;

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

/* A free TCP port on 127.0.0.1 (bound, read and released). */
guint16 sim_free_port(void);
/* Starts Prosody with accounts user@localhost (password "pw") for each name
 * in `users`; NULL (with a message) when it did not come up in time. */
SimServer *sim_server_start(const char *const *users);
void sim_server_stop(SimServer *s);
/* Kills and restarts the same server (same ports, same data). */
gboolean sim_server_restart(SimServer *s);

#endif
