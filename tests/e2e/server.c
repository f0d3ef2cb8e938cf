/* server.c - private Prosody for the end-to-end tests, and what both
 * servers share (see server.h; ejabberd is in server-ejabberd.c). */
#include "server.h"
#include "testutil-fs.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

void
sim_child_dies_with_parent(gpointer data)
{
	(void)data;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

guint16
sim_free_port(void)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	guint16 port = 0;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static char *last_error;

void
sim_server_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_free(last_error);
	last_error = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_message("%s", last_error);
}

const char *
sim_server_error(void)
{
	return last_error != NULL ? last_error : "no error";
}

const char *
sim_server_kind_name(SimServerKind kind)
{
	return kind == SIM_SERVER_EJABBERD ? "ejabberd" : "prosody";
}

gboolean
sim_port_open(guint16 port)
{
	struct sockaddr_in sa = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	gboolean ok;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void
write_config(SimServer *s)
{
	char *text = g_strdup_printf(
		"-- private test server, written by tests/e2e/server.c\n"
		"%s"
		"daemonize = false\n"
		"pidfile = \"%s/prosody.pid\"\n"
		"data_path = \"%s/data\"\n"
		"certificates = \"%s\"\n"
		"interfaces = { \"127.0.0.1\" }\n"
		"c2s_ports = { %u }\n"
		"c2s_interfaces = { \"127.0.0.1\" }\n"
		"s2s_ports = { }\n"
		"proxy65_ports = { %u }\n"
		"proxy65_interfaces = { \"127.0.0.1\" }\n"
		"log = { info = \"%s/prosody.log\" }\n"
		"modules_enabled = { \"roster\", \"saslauth\", \"disco\", \"posix\", \"ping\" }\n"
		"modules_disabled = { \"s2s\", \"tls\" }\n"
		"c2s_require_encryption = false\n"
		"allow_unencrypted_plain_auth = true\n"
		"authentication = \"internal_plain\"\n"
		"VirtualHost \"localhost\"\n"
		"Component \"proxy.localhost\" \"proxy65\"\n"
		"  proxy65_address = \"127.0.0.1\"\n",
		geteuid() == 0 ? "run_as_root = true\n" : "",
		s->dir, s->dir, s->dir, s->c2s_port, s->proxy_port, s->dir);

	g_assert_true(g_file_set_contents(s->config, text, -1, NULL));
	g_free(text);
}

static gboolean
register_user(SimServer *s, const char *user)
{
	const char *argv[] = { "prosodyctl", "--config", s->config, "register", user,
	                       "localhost", "pw", NULL };
	int status = -1;

	g_spawn_sync(NULL, (char **)argv, NULL,
	             G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
	             NULL, NULL, NULL, NULL, &status, NULL);
	return status == 0;
}

static gboolean
spawn(SimServer *s)
{
	const char *argv[] = { "prosody", "--config", s->config, NULL };
	GError *err = NULL;
	gint64 deadline;

	if (!g_spawn_async(NULL, (char **)argv, NULL,
	                   G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
	                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
	                   sim_child_dies_with_parent, NULL, &s->pid, &err)) {
		sim_server_set_error("cannot start prosody: %s", err->message);
		g_error_free(err);
		return FALSE;
	}
	deadline = g_get_monotonic_time() + 15 * G_USEC_PER_SEC;
	while (g_get_monotonic_time() < deadline) {
		if (sim_port_open(s->c2s_port) && sim_port_open(s->proxy_port))
			return TRUE;
		g_usleep(50 * 1000);
	}
	sim_server_set_error("prosody did not open its ports in 15 s (see %s/prosody.log)", s->dir);
	return FALSE;
}

static void
kill_server(SimServer *s)
{
	int i;

	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	for (i = 0; i < 100; i++) { /* 5 s, then no more asking */
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			return;
		}
		g_usleep(50 * 1000);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

SimServer *
sim_server_start(SimServerKind kind, const char *const *users)
{
	SimServer *s = g_new0(SimServer, 1);
	char *data;
	guint i;

	s->kind = kind;
	s->domain = "localhost";
	if (kind == SIM_SERVER_EJABBERD) {
		if (!sim_ejabberd_start(s, users)) {
			sim_server_stop(s);
			return NULL;
		}
		return s;
	}
	s->dir = g_dir_make_tmp("sim-prosody-XXXXXX", NULL);
	g_assert_nonnull(s->dir);
	data = g_build_filename(s->dir, "data", NULL);
	g_mkdir(data, 0700);
	g_free(data);
	s->config = g_build_filename(s->dir, "prosody.cfg.lua", NULL);
	s->c2s_port = sim_free_port();
	do
		s->proxy_port = sim_free_port();
	while (s->proxy_port == s->c2s_port);
	write_config(s);
	for (i = 0; users[i] != NULL; i++) {
		if (!register_user(s, users[i])) {
			sim_server_set_error("prosodyctl cannot register %s", users[i]);
			sim_server_stop(s);
			return NULL;
		}
	}
	if (!spawn(s)) {
		sim_server_stop(s);
		return NULL;
	}
	return s;
}

gboolean
sim_server_restart(SimServer *s)
{
	if (s->kind == SIM_SERVER_EJABBERD) {
		sim_ejabberd_kill(s);
		return sim_ejabberd_spawn(s);
	}
	kill_server(s);
	return spawn(s);
}

void
sim_server_stop(SimServer *s)
{
	if (s == NULL)
		return;
	if (s->kind == SIM_SERVER_EJABBERD)
		sim_ejabberd_kill(s);
	else
		kill_server(s);
	if (s->dir == NULL)
		; /* nothing was set up */
	else if (g_getenv("SIM_KEEP_SERVER_DIR") == NULL)
		sim_test_remove_tree(s->dir);
	else
		g_message("server files kept in %s", s->dir);
	g_free(s->debian); /* a view: shares the node, the dir and the pid */
	g_free(s->node);
	g_free(s->config);
	g_free(s->dir);
	g_free(s);
}

static volatile sig_atomic_t inner_pid;

static void
kill_inner(int sig)
{
	(void)sig;
	if (inner_pid > 0)
		kill(inner_pid, SIGKILL);
}

/* Loopback's 64 KiB segments make every stanza a "small" one for Nagle,
 * held until the server's delayed ACK (up to 40 ms) whenever earlier data
 * is unacknowledged; on real links (1448-byte segments) a stream of
 * stanzas fills whole segments and is not held. libpurple's XMPP socket
 * has no TCP_NODELAY, so the private namespace's loopback routes ACK at
 * once instead (SIM_NO_QUICKACK=1 keeps the kernel's default). */
static void
loopback_quickack(void)
{
	static const char *const dst[] = { "127.0.0.0/8", "127.0.0.1" };
	guint i;

	if (g_getenv("SIM_NO_QUICKACK") != NULL)
		return;
	for (i = 0; i < G_N_ELEMENTS(dst); i++) {
		const char *change[] = { "ip", "route", "change", "table", "local", "local", dst[i],
		                         "dev", "lo", "proto", "kernel", "scope", "host",
		                         "src", "127.0.0.1", "quickack", "1", NULL };
		int status = -1;

		g_spawn_sync(NULL, (char **)change, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
		             NULL, &status, NULL);
		if (status != 0)
			g_printerr("note: loopback quickack not set (ip route change failed)\n");
	}
}

/* The inner run: as root, bring up loopback in the new namespace. */
static void
inner_setup(void)
{
	const char *up[] = { "ip", "link", "set", "lo", "up", NULL };
	int status = -1;

	if (g_getenv("SIM_IN_NETNS") == NULL)
		return;
	g_spawn_sync(NULL, (char **)up, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL);
	if (status != 0) {
		g_printerr("cannot bring up loopback in the private namespace\n");
		exit(1);
	}
	loopback_quickack();
}

void
sim_isolate_network(char **argv)
{
	gboolean root = geteuid() == 0;
	gboolean keep = g_getenv("SIM_KEEP_RUNS") != NULL || g_getenv("SIM_KEEP_SERVER_DIR") != NULL;
	GPtrArray *a;
	char **env, *tmp = NULL;
	GError *err = NULL;
	GPid pid;
	int status = 0, i;
	struct sigaction sa = { 0 };

	if (g_getenv("SIM_PLUGIN_DIR") == NULL || g_getenv("SIM_SRCDIR") == NULL) {
		g_printerr("%s: set SIM_PLUGIN_DIR to the build directory and SIM_SRCDIR to the "
		           "source tree (make check, make demo and make bench do)\n", argv[0]);
		exit(2);
	}
	if (g_getenv("SIM_E2E_INNER") != NULL) {
		inner_setup();
		return;
	}
	/* The outer process only supervises: everything runs in a child with
	 * its own TMPDIR, removed here however the child ended (a failed
	 * g_assert aborts it before its own clean-up). Its servers and peers
	 * die with it (parent-death signal). */
	env = g_get_environ();
	env = g_environ_setenv(env, "SIM_E2E_INNER", "1", TRUE);
	if (root)
		env = g_environ_setenv(env, "SIM_IN_NETNS", "1", TRUE);
	if (!keep) {
		tmp = g_dir_make_tmp("sim-e2e-XXXXXX", NULL);
		if (tmp != NULL)
			env = g_environ_setenv(env, "TMPDIR", tmp, TRUE);
	}
	a = g_ptr_array_new();
	if (root) {
		g_ptr_array_add(a, (char *)"unshare");
		g_ptr_array_add(a, (char *)"--net");
		g_ptr_array_add(a, (char *)"--");
	}
	for (i = 0; argv[i] != NULL; i++)
		g_ptr_array_add(a, argv[i]);
	g_ptr_array_add(a, NULL);
	if (!g_spawn_async(NULL, (char **)a->pdata, env,
	                   G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CHILD_INHERITS_STDIN,
	                   sim_child_dies_with_parent, NULL, &pid, &err)) {
		g_printerr("cannot run %s: %s; refusing to run outside a private namespace\n",
		           root ? "unshare --net" : argv[0], err->message);
		exit(1);
	}
	inner_pid = pid;
	sa.sa_handler = kill_inner;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (tmp != NULL)
		sim_test_remove_tree(tmp);
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

void
sim_wait_children(GPid *pids, int *status, guint n, gint64 deadline,
                  void (*tick)(gpointer data), gpointer data)
{
	guint i, left = 0, ticks = 0;

	for (i = 0; i < n; i++) {
		status[i] = -1;
		if (pids[i] > 0)
			left++;
	}
	while (left > 0 && g_get_monotonic_time() < deadline) {
		for (i = 0; i < n; i++) {
			int st;

			if (pids[i] > 0 && waitpid(pids[i], &st, WNOHANG) == pids[i]) {
				status[i] = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
				pids[i] = 0;
				left--;
			}
		}
		if (left == 0)
			break;
		g_usleep(20 * 1000);
		if (tick != NULL && ++ticks % 5 == 0)
			tick(data);
	}
	for (i = 0; i < n; i++) {
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
			pids[i] = 0;
		}
	}
}
