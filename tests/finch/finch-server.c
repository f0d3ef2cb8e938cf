/* finch-server.c - runs the end-to-end tests' private Prosody
 * (tests/e2e/server.c) for a shell script: starts it with the accounts named
 * on the command line (password "pw"), prints "C2S_PORT PROXY_PORT" once it
 * is up, and keeps it until SIGTERM or SIGINT, then stops it and removes its
 * files. It gets SIGTERM when its parent (the script) dies, and Prosody is
 * killed when this process dies (sim_child_dies_with_parent), so neither
 * outlives the test. */
#include "../e2e/server.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib-unix.h>

static gboolean
quit_cb(gpointer loop)
{
	g_main_loop_quit(loop);
	return G_SOURCE_REMOVE;
}

int
main(int argc, char **argv)
{
	SimServer *server;
	GMainLoop *loop;
	pid_t parent = getppid();

	if (argc < 2) {
		fprintf(stderr, "usage: %s USER...\n", argv[0]);
		return 2;
	}
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, quit_cb, loop);
	g_unix_signal_add(SIGINT, quit_cb, loop);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) /* the parent died before prctl */
		return 1;

	server = sim_server_start(SIM_SERVER_PROSODY, (const char *const *)argv + 1);
	if (server == NULL)
		return 1;
	printf("%u %u\n", server->c2s_port, server->proxy_port);
	fflush(stdout);

	g_main_loop_run(loop);
	g_main_loop_unref(loop);
	sim_server_stop(server);
	return 0;
}
