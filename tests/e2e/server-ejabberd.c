/* server-ejabberd.c - a private ejabberd for the end-to-end tests: Debian
 * 12's package (ejabberd 23.01), one Erlang node per test process with its
 * own config, Mnesia spool, log dir, node name and cookie (see server.h).
 *
 * Debian's ejabberdctl runs the node as the ejabberd user, as
 * ejabberd@localhost, with a system-wide epmd. Here instead:
 * - the node runs as root: the driver is root in its private network
 *   namespace and every file lives in its private TMPDIR, which the
 *   ejabberd user cannot enter. A private ejabberdctl.cfg (ejabberdctl
 *   sources it) sets EXEC_CMD so that ejabberdctl runs Erlang as its caller;
 * - no epmd: the node takes Erlang distribution on a free loopback port of
 *   its own (-erl_epmd_port with -start_epmd false; ejabberdctl does the
 *   same from ERL_DIST_PORT), so no epmd can outlive the run;
 *   ERL_EPMD_ADDRESS=127.0.0.1 all the same, should one ever start;
 * - the cookie is random, in $HOME/.erlang.cookie with HOME the server's
 *   directory, for the node and for every ejabberdctl call;
 * - the node is started with erl itself, with the arguments `ejabberdctl
 *   foreground` gives it, inside a PID namespace of its own (unshare --pid
 *   --fork --kill-child): beam.smp is that namespace's init, so its helpers
 *   (erl_child_setup, inet_gethost, memsup) end when it ends, and the
 *   unshare process dies with the driver (parent-death signal), beam.smp
 *   with it. Stopped by PID: SIGTERM to beam.smp, which stops ejabberd
 *   cleanly; SIGKILL if it is not gone in 10 s. ejabberdctl calls (the
 *   accounts, the shared roster group) each run in a PID namespace too,
 *   so not even their short-lived helpers are left behind. */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define DEBIAN_DOMAIN "debian.localhost"
#define START_TIMEOUT_S 30 /* Erlang starts in 1-3 s; a loaded machine is slower */
#define CTL_TIMEOUT_S 30
#define STOP_TIMEOUT_S 10

/* The modules of Debian 12's ejabberd.yml that a c2s client meets, on
 * both hosts (Debian's HTTP, MQTT, MUC, pubsub, push and STUN services
 * are left out: nothing here uses them and they slow the start), plus
 * mod_admin_extra for ejabberdctl's shared roster commands. Debian's file
 * lists no mod_proxy65 (it is commented out). */
static const char modules[] =
	"      mod_adhoc: {}\n"
	"      mod_admin_extra: {}\n"
	"      mod_blocking: {}\n"
	"      mod_caps: {}\n"
	"      mod_carboncopy: {}\n"
	"      mod_client_state: {}\n"
	"      mod_disco: {}\n"
	"      mod_last: {}\n"
	"      mod_offline:\n"
	"        access_max_user_messages: max_user_offline_messages\n"
	"      mod_ping: {}\n"
	"      mod_pres_counter:\n"
	"        count: 5\n"
	"        interval: 60\n"
	"      mod_privacy: {}\n"
	"      mod_private: {}\n"
	"      mod_roster:\n"
	"        versioning: true\n"
	"      mod_shared_roster: {}\n"
	"      mod_stream_mgmt:\n"
	"        resend_on_timeout: if_offline\n"
	"      mod_vcard:\n"
	"        search: false\n"
	"      mod_version: {}\n";

static char *
path_in(const SimServer *s, const char *name)
{
	return g_build_filename(s->dir, name, NULL);
}

static gboolean
write_file(const SimServer *s, const char *name, const char *text, int mode)
{
	char *path = path_in(s, name);
	gboolean ok = g_file_set_contents(path, text, -1, NULL) && g_chmod(path, mode) == 0;

	if (!ok)
		sim_server_set_error("cannot write %s", path);
	g_free(path);
	return ok;
}

static gboolean
write_config(SimServer *s)
{
	char *text = g_strdup_printf(
		"# private test server, written by tests/e2e/server-ejabberd.c\n"
		"hosts:\n"
		"  - localhost\n"
		"  - " DEBIAN_DOMAIN "\n"
		"loglevel: info\n"
		"log_rotate_count: 0\n"
		"disable_sasl_mechanisms:\n"
		"  - digest-md5\n"
		"  - X-OAUTH2\n"
		"auth_password_format: scram\n"
		"listen:\n"
		/* Debian's c2s listener less TLS, and less its shaper: Debian holds
		 * every ordinary user to 3000 bytes/s, which only the two rows on
		 * the second listener are about; the rest would crawl */
		"  -\n"
		"    port: %u\n"
		"    ip: \"127.0.0.1\"\n"
		"    module: ejabberd_c2s\n"
		"    max_stanza_size: 262144\n"
		"    shaper: none\n"
		"    access: c2s\n"
		/* Debian's c2s listener as shipped, less TLS (the tests' clients
		 * speak plain XMPP): its stanza cap and its shaper */
		"  -\n"
		"    port: %u\n"
		"    ip: \"127.0.0.1\"\n"
		"    module: ejabberd_c2s\n"
		"    max_stanza_size: 262144\n"
		"    shaper: c2s_shaper\n"
		"    access: c2s\n"
		"acl:\n"
		"  local:\n"
		"    user_regexp: \"\"\n"
		"  loopback:\n"
		"    ip:\n"
		"      - 127.0.0.0/8\n"
		"access_rules:\n"
		"  local:\n"
		"    allow: local\n"
		"  c2s:\n"
		"    allow: all\n"
		/* Debian's shapers and rules; its c2s_shaper exempts the admin
		 * ACL, which holds no user as shipped, so: normal for all */
		"shaper:\n"
		"  normal:\n"
		"    rate: 3000\n"
		"    burst_size: 20000\n"
		"  fast: 200000\n"
		"shaper_rules:\n"
		"  max_user_sessions: 10\n"
		"  max_user_offline_messages:\n"
		"    100: all\n"
		"  c2s_shaper:\n"
		"    normal: all\n"
		"  s2s_shaper: fast\n"
		"host_config:\n"
		"  localhost:\n"
		"    modules:\n"
		"%s"
		"      mod_proxy65:\n"
		"        hosts:\n"
		"          - proxy.localhost\n"
		"        ip: 127.0.0.1\n"
		"        hostname: 127.0.0.1\n"
		"        port: %u\n"
		"  " DEBIAN_DOMAIN ":\n"
		"    modules:\n"
		"%s",
		s->c2s_port, s->debian->c2s_port, modules, s->proxy_port, modules);
	gboolean ok = write_file(s, "ejabberd.yml", text, 0600);

	g_free(text);
	return ok;
}

/* ejabberdctl's own settings, sourced by it as shell. */
static gboolean
write_ctl_config(SimServer *s)
{
	char *text = g_strdup_printf(
		"# private ejabberdctl settings, written by tests/e2e/server-ejabberd.c\n"
		"# run Erlang as the caller (root in the tests' private namespace),\n"
		"# not as the ejabberd user, who cannot enter the private TMPDIR\n"
		"EXEC_CMD=as_current_user\n"
		"ERLANG_NODE=%s\n"
		"# distribution on this port, no epmd\n"
		"ERL_DIST_PORT=%u\n"
		"ERL_OPTIONS=\"-env ERL_CRASH_DUMP_BYTES 0\"\n",
		s->node, s->dist_port);
	gboolean ok = write_file(s, "ejabberdctl.cfg", text, 0600);

	g_free(text);
	return ok;
}

static gboolean
write_cookie(SimServer *s)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char cookie[33];
	guint i;

	for (i = 0; i < sizeof cookie - 1; i++)
		cookie[i] = alphabet[g_random_int_range(0, sizeof alphabet - 1)];
	cookie[sizeof cookie - 1] = '\0';
	/* Erlang refuses a cookie file others can read */
	return write_file(s, ".erlang.cookie", cookie, 0400);
}

/* Where Debian's ejabberdctl tells Erlang the ejabberd application is. */
static char *
erl_libs(const char *ctl)
{
	char *text = NULL, *libs = NULL, **lines;
	guint i;

	if (!g_file_get_contents(ctl, &text, NULL, NULL))
		return NULL;
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL && libs == NULL; i++) {
		const char *l = g_strstrip(lines[i]);

		if (g_str_has_prefix(l, "ERL_LIBS=")) {
			libs = g_strdup(l + strlen("ERL_LIBS="));
			g_strdelimit(libs, "'\"", ' ');
			g_strstrip(libs);
		}
	}
	g_strfreev(lines);
	g_free(text);
	return libs;
}

static char **
erl_environ(const SimServer *s, const char *libs)
{
	char **env = g_get_environ();
	char *log = path_in(s, "log/ejabberd.log"), *dump = path_in(s, "log/erl_crash.dump");
	char *inetrc = path_in(s, "inetrc");

	env = g_environ_setenv(env, "HOME", s->dir, TRUE); /* the cookie */
	env = g_environ_setenv(env, "ERL_EPMD_ADDRESS", "127.0.0.1", TRUE);
	env = g_environ_setenv(env, "EJABBERD_CONFIG_PATH", s->config, TRUE);
	env = g_environ_setenv(env, "EJABBERD_LOG_PATH", log, TRUE);
	env = g_environ_setenv(env, "ERL_CRASH_DUMP", dump, TRUE);
	env = g_environ_setenv(env, "ERL_INETRC", inetrc, TRUE);
	env = g_environ_setenv(env, "ERL_LIBS", libs, TRUE);
	g_free(inetrc);
	g_free(dump);
	g_free(log);
	return env;
}

/* the programs, found once */
static char *ctl_program, *erl_program, *libs;

static gboolean
find_programs(void)
{
	if (ctl_program == NULL)
		ctl_program = g_find_program_in_path("ejabberdctl");
	if (ctl_program == NULL && g_file_test("/usr/sbin/ejabberdctl", G_FILE_TEST_IS_EXECUTABLE))
		ctl_program = g_strdup("/usr/sbin/ejabberdctl");
	if (erl_program == NULL)
		erl_program = g_find_program_in_path("erl");
	if (ctl_program == NULL || erl_program == NULL) {
		sim_server_set_error("ejabberd is not installed (no ejabberdctl or erl; "
		                     "scripts/install-deps installs it)");
		return FALSE;
	}
	if (libs == NULL)
		libs = erl_libs(ctl_program);
	if (libs == NULL) {
		sim_server_set_error("%s sets no ERL_LIBS: not Debian's ejabberd package?", ctl_program);
		return FALSE;
	}
	return TRUE;
}

/* Runs argv in a PID namespace of its own (see the head comment), output
 * appended to dir/<log>; 0 when it could not start. */
static GPid
spawn_isolated(const SimServer *s, const char *const *argv, const char *log)
{
	GPtrArray *a = g_ptr_array_new();
	char *path = path_in(s, log);
	char **env = erl_environ(s, libs);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	GError *err = NULL;
	GPid pid = 0;
	guint i;

	g_ptr_array_add(a, (char *)"unshare");
	g_ptr_array_add(a, (char *)"--pid");
	g_ptr_array_add(a, (char *)"--fork");
	g_ptr_array_add(a, (char *)"--kill-child");
	g_ptr_array_add(a, (char *)"--");
	for (i = 0; argv[i] != NULL; i++)
		g_ptr_array_add(a, (char *)argv[i]);
	g_ptr_array_add(a, NULL);
	if (fd < 0 ||
	    !g_spawn_async_with_fds(s->dir, (char **)a->pdata, env,
	                            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
	                            sim_child_dies_with_parent, NULL, &pid, -1, fd, fd, &err)) {
		sim_server_set_error("cannot run %s: %s", argv[0], err ? err->message : g_strerror(errno));
		g_clear_error(&err);
		pid = 0;
	}
	if (fd >= 0)
		close(fd);
	g_strfreev(env);
	g_ptr_array_unref(a);
	g_free(path);
	return pid;
}

/* The one child of `parent` (beam.smp, the init of unshare's namespace). */
static GPid
child_of(GPid parent)
{
	GDir *proc = g_dir_open("/proc", 0, NULL);
	const char *name;
	GPid found = 0;

	while (proc != NULL && found == 0 && (name = g_dir_read_name(proc)) != NULL) {
		char *stat_path, *text = NULL, *end;
		long ppid;

		if (!g_ascii_isdigit(name[0]))
			continue;
		stat_path = g_build_filename("/proc", name, "stat", NULL);
		/* "pid (comm) state ppid ...": comm may hold anything but ends at the last ')' */
		if (g_file_get_contents(stat_path, &text, NULL, NULL) && (end = strrchr(text, ')')) != NULL &&
		    sscanf(end + 1, " %*c %ld", &ppid) == 1 && ppid == parent)
			found = (GPid)atoi(name);
		g_free(text);
		g_free(stat_path);
	}
	if (proc != NULL)
		g_dir_close(proc);
	return found;
}

/* Waits (bounded) for the pids; statuses in status (-1: killed at the
 * deadline, or never started). A killed child's namespace dies with it. */
static void
wait_all(GPid *pids, int *status, guint n, guint timeout_s)
{
	sim_wait_children(pids, status, n, g_get_monotonic_time() + (gint64)timeout_s * G_USEC_PER_SEC,
	                  NULL, NULL);
}

#define MAX_CTL 16

/* Runs the ejabberdctl commands (each a NULL-terminated argv tail)
 * concurrently; TRUE when all succeeded. Output goes to dir/ctl.log. */
static gboolean
ctl_batch(SimServer *s, char **const *cmds, guint n)
{
	char *cfg = path_in(s, "ejabberdctl.cfg"), *spool = path_in(s, "spool"), *logs = path_in(s, "log");
	GPid pids[MAX_CTL];
	int status[MAX_CTL];
	gboolean ok = TRUE;
	guint i, j;

	g_assert_cmpuint(n, <=, MAX_CTL);
	for (i = 0; i < n; i++) {
		const char *argv[16] = { ctl_program, "--ctl-config", cfg, "--config", s->config,
		                         "--spool", spool, "--logs", logs };
		guint k = 9;

		for (j = 0; cmds[i][j] != NULL && k < G_N_ELEMENTS(argv) - 1; j++)
			argv[k++] = cmds[i][j];
		argv[k] = NULL;
		pids[i] = spawn_isolated(s, argv, "ctl.log");
	}
	wait_all(pids, status, n, CTL_TIMEOUT_S);
	for (i = 0; i < n; i++) {
		if (status[i] != 0) {
			char *what = g_strjoinv(" ", cmds[i]);

			sim_server_set_error("ejabberdctl %s: %s (see %s/ctl.log)", what,
			                     status[i] < 0 ? "no answer in time" : "failed", s->dir);
			g_free(what);
			ok = FALSE;
			break;
		}
	}
	g_free(logs);
	g_free(spool);
	g_free(cfg);
	return ok;
}

/* A command line from a format: its words, space-separated. */
static char ** G_GNUC_PRINTF(1, 2)
words(const char *fmt, ...)
{
	va_list ap;
	char *line, **w;

	va_start(ap, fmt);
	line = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	w = g_strsplit(line, " ", -1);
	g_free(line);
	return w;
}

/* Accounts on both hosts, and on each host one shared roster group of all
 * its users (so that everyone has everyone as a contact, with presence). */
static gboolean
create_accounts(SimServer *s, const char *const *users)
{
	static const char *const hosts[] = { "localhost", DEBIAN_DOMAIN };
	GPtrArray *cmds = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	gboolean ok;
	guint i, h;

	for (h = 0; h < G_N_ELEMENTS(hosts); h++)
		for (i = 0; users[i] != NULL; i++)
			g_ptr_array_add(cmds, words("register %s %s pw", users[i],
			                                                 hosts[h]));
	ok = ctl_batch(s, (char **const *)cmds->pdata, cmds->len);
	g_ptr_array_set_size(cmds, 0);
	for (h = 0; ok && h < G_N_ELEMENTS(hosts); h++)
		/* group host label description displayed-groups */
		g_ptr_array_add(cmds, words("srg_create everyone %s everyone "
		                                                     "everyone everyone", hosts[h]));
	ok = ok && ctl_batch(s, (char **const *)cmds->pdata, cmds->len);
	g_ptr_array_set_size(cmds, 0);
	for (h = 0; ok && h < G_N_ELEMENTS(hosts); h++)
		/* @all@: every account of the host is a member */
		g_ptr_array_add(cmds, words("srg_user_add @all@ %s everyone %s",
		                                                     hosts[h], hosts[h]));
	ok = ok && ctl_batch(s, (char **const *)cmds->pdata, cmds->len);
	g_ptr_array_unref(cmds);
	return ok;
}

gboolean
sim_ejabberd_spawn(SimServer *s)
{
	char *spool = path_in(s, "spool");
	char *mnesia = g_strdup_printf("\"%s\"", spool);
	/* what `ejabberdctl foreground` runs, with the distribution port of
	 * ERL_DIST_PORT and distribution on loopback only */
	const char *argv[] = { erl_program, "-sname", s->node, "+K", "true", "+P", "250000",
	                       "-env", "ERL_CRASH_DUMP_BYTES", "0",
	                       "-erl_epmd_port", NULL, "-start_epmd", "false",
	                       "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
	                       "-mnesia", "dir", mnesia, "-ejabberd", "log_rotate_count", "0",
	                       "-s", "ejabberd", "-noinput", NULL };
	char *port = g_strdup_printf("%u", s->dist_port);
	gint64 deadline;
	gboolean up = FALSE;

	argv[11] = port;
	s->pid = spawn_isolated(s, argv, "log/stdout.log");
	g_free(port);
	g_free(mnesia);
	g_free(spool);
	if (s->pid <= 0)
		return FALSE;
	deadline = g_get_monotonic_time() + START_TIMEOUT_S * G_USEC_PER_SEC;
	while (!up && g_get_monotonic_time() < deadline) {
		int st;

		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			sim_server_set_error("ejabberd stopped while starting (see %s/log/)", s->dir);
			return FALSE;
		}
		up = sim_port_open(s->dist_port) && sim_port_open(s->c2s_port) &&
		     sim_port_open(s->debian->c2s_port) && sim_port_open(s->proxy_port);
		if (!up)
			g_usleep(50 * 1000);
	}
	if (!up)
		sim_server_set_error("ejabberd did not open its ports in %d s (see %s/log/)",
		                     START_TIMEOUT_S, s->dir);
	return up;
}

void
sim_ejabberd_kill(SimServer *s)
{
	GPid beam;
	int i;

	if (s->pid <= 0)
		return;
	beam = child_of(s->pid);
	if (beam > 0)
		kill(beam, SIGTERM);
	for (i = 0; i < STOP_TIMEOUT_S * 20; i++) {
		if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
			s->pid = 0;
			return;
		}
		g_usleep(50 * 1000);
	}
	g_message("ejabberd did not stop in %d s: killed", STOP_TIMEOUT_S);
	if (beam > 0)
		kill(beam, SIGKILL);
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

/* Four distinct free loopback ports. */
static void
pick_ports(guint16 *ports, guint n)
{
	guint i, j;

	for (i = 0; i < n; i++) {
		gboolean again;

		do {
			ports[i] = sim_free_port();
			again = ports[i] == 0;
			for (j = 0; j < i; j++)
				again = again || ports[j] == ports[i];
		} while (again);
	}
}

gboolean
sim_ejabberd_start(SimServer *s, const char *const *users)
{
	guint16 ports[4];
	char *dir;

	if (geteuid() != 0 || g_getenv("SIM_IN_NETNS") == NULL) {
		sim_server_set_error("ejabberd runs only as root in the private network namespace "
		                     "(Debian's ejabberdctl runs only as root or as the ejabberd user)");
		return FALSE;
	}
	if (!find_programs())
		return FALSE;
	s->dir = g_dir_make_tmp("sim-ejabberd-XXXXXX", NULL);
	g_assert_nonnull(s->dir);
	dir = path_in(s, "spool");
	g_mkdir(dir, 0700);
	g_free(dir);
	dir = path_in(s, "log");
	g_mkdir(dir, 0700);
	g_free(dir);
	s->config = path_in(s, "ejabberd.yml");
	s->node = g_strdup_printf("sim%d_%08x@localhost", (int)getpid(), g_random_int());
	pick_ports(ports, G_N_ELEMENTS(ports));
	s->c2s_port = ports[0];
	s->proxy_port = ports[2];
	s->dist_port = ports[3];
	s->debian = g_new0(SimServer, 1);
	s->debian->kind = SIM_SERVER_EJABBERD;
	s->debian->domain = DEBIAN_DOMAIN;
	s->debian->c2s_port = ports[1];
	/* Debian's inetrc: names from this file first ("localhost" for -sname) */
	if (!write_file(s, "inetrc", "{lookup,[\"file\",\"native\"]}.\n"
	                "{host,{127,0,0,1}, [\"localhost\"]}.\n", 0600) ||
	    !write_cookie(s) || !write_config(s) || !write_ctl_config(s))
		return FALSE;
	return sim_ejabberd_spawn(s) && create_accounts(s, users);
}
