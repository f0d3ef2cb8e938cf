/* peer.c - sim-peer: options, libpurple set-up, result file. */
#include "peer.h"
#include "testutil-eventloop.h"
#include "testutil-fs.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Peer peer;

gint64
peer_ms(void)
{
	return g_get_monotonic_time() / 1000 - peer.t0;
}

gint64
peer_rss_kb(void)
{
	char *status = NULL, *line;
	gint64 kb = -1;

	if (g_file_get_contents("/proc/self/status", &status, NULL, NULL) &&
	    (line = strstr(status, "VmRSS:")) != NULL)
		kb = g_ascii_strtoll(line + 6, NULL, 10);
	g_free(status);
	return kb;
}

gboolean
peer_has_fault(const char *name)
{
	return peer.faults != NULL && g_strv_contains((const char *const *)peer.faults, name);
}

/* ---- result ---- */

static void
write_result(void)
{
	GKeyFile *kf = g_key_file_new();
	char *text;

	g_key_file_set_string(kf, "result", "role",
	                      peer.attack ? "attacker" : peer.send_file ? "sender" : "receiver");
	g_key_file_set_string(kf, "result", "outcome", peer.outcome);
	g_key_file_set_string(kf, "result", "method", peer.method ? peer.method : "none");
	g_key_file_set_string(kf, "result", "tried", peer.tried->str);
	g_key_file_set_string(kf, "result", "reason", peer.reason ? peer.reason : "");
	g_key_file_set_string(kf, "result", "sha256",
	                      peer.mismatch ? "mismatch" : peer.sha256 ? peer.sha256 : "");
	g_key_file_set_int64(kf, "result", "rss_kb_50", peer.rss_kb_50);
	g_key_file_set_int64(kf, "result", "rss_kb_end", peer.rss_kb_end);
	g_key_file_set_uint64(kf, "result", "bytes", peer.bytes);
	g_key_file_set_int64(kf, "result", "t_signed_on", peer.t_signed_on);
	g_key_file_set_int64(kf, "result", "t_offer", peer.t_offer);
	g_key_file_set_int64(kf, "result", "t_start", peer.t_start);
	g_key_file_set_int64(kf, "result", "t_end", peer.t_end);
	g_key_file_set_integer(kf, "result", "transfers", peer.done);
	g_key_file_set_string(kf, "result", "methods", peer.methods->str);
	g_key_file_set_string(kf, "result", "starts", peer.starts->str);
	g_key_file_set_string(kf, "result", "messages", peer.messages->str);
	g_key_file_set_int64(kf, "result", "mono_t0_ms", peer.t0);
	g_key_file_set_int64(kf, "result", "cpu_ms", peer_cpu_ms());
	g_key_file_set_int64(kf, "result", "cpu_xfer_ms",
	                     peer.cpu_start_ms > 0 && peer.cpu_end_ms > 0
	                     ? peer.cpu_end_ms - peer.cpu_start_ms : -1);
	peer_chat_result(kf);
	text = g_key_file_to_data(kf, NULL, NULL);
	if (peer.result_path != NULL)
		g_file_set_contents(peer.result_path, text, -1, NULL);
	printf("%s: %s via %s, %" G_GUINT64_FORMAT " bytes, sha256 %s, tried [%s] %s\n",
	       peer.jid, peer.outcome, peer.method ? peer.method : "none", peer.bytes,
	       peer.sha256 ? peer.sha256 : "-", peer.tried->str, peer.reason ? peer.reason : "");
	fflush(stdout);
	g_free(text);
	g_key_file_free(kf);
}

static gboolean
quit_cb(gpointer data)
{
	(void)data;
	/* again: what the user was told after the end (libpurple writes its
	 * cancel message after the cancel signal) belongs in the result too */
	write_result();
	g_main_loop_quit(peer.loop);
	return FALSE;
}

void
peer_finish(const char *outcome)
{
	if (peer.outcome != NULL)
		return;
	peer.outcome = outcome;
	peer.t_end = peer_ms();
	peer.cpu_end_ms = peer_cpu_ms();
	peer_chat_stop();
	peer.exit_code = strcmp(outcome, "completed") == 0 ? 0 : 1;
	write_result();
	/* let the last stanzas (acks, closes) leave before quitting */
	g_timeout_add(300, quit_cb, NULL);
}

void
peer_transfer_ended(const char *outcome)
{
	peer.done++;
	peer_chat_stop(); /* the next transfer's first data starts it again */
	if (peer.done == 50)
		peer.rss_kb_50 = peer_rss_kb();
	peer.rss_kb_end = peer_rss_kb();
	g_string_append_printf(peer.methods, "%s%s", peer.done > 1 ? "," : "",
	                       peer.method ? peer.method : "none");
	g_string_append_printf(peer.starts, "%s%" G_GINT64_FORMAT, peer.done > 1 ? "," : "",
	                       peer.t_start ? peer.t_start - peer.t_offer : -1);
	if (peer.done >= peer.repeat || g_strcmp0(outcome, "completed") != 0) {
		peer_finish(outcome);
		return;
	}
	/* the next one: fresh per-transfer observations */
	g_free(peer.method);
	peer.method = NULL;
	peer.t_start = 0;
	/* in a row: the next one now; at once: all were started together */
	if (peer.send_file != NULL && peer.parallel <= 1)
		peer_xfer_start_sending();
}

static gboolean
timeout_cb(gpointer data)
{
	(void)data;
	peer_finish("timeout");
	return FALSE;
}

/* ---- account ---- */

/* --presence-to: the test accounts share no roster; a client that will
 * only send a file to a contact it sees online (Pidgin) is told so. */
static void
send_directed_presence(void)
{
	xmlnode *presence = xmlnode_new("presence");

	xmlnode_set_attrib(presence, "to", peer.presence_to);
	peer_send_stanza(presence);
}

static void
signed_on_cb(PurpleConnection *gc, gpointer data)
{
	(void)gc;
	(void)data;
	peer.t_signed_on = peer_ms();
	if (peer.ready_path != NULL)
		g_file_set_contents(peer.ready_path, "ready\n", -1, NULL);
	if (peer.presence_to != NULL)
		send_directed_presence();
	if (peer.send_file != NULL)
		peer_xfer_start_sending();
	if (peer.attack != NULL)
		peer_attack_start();
}

static void
connection_error_cb(PurpleAccount *account, PurpleConnectionError err, const char *desc,
                    gpointer data)
{
	(void)account;
	(void)data;
	fprintf(stderr, "%s: connection error %d: %s\n", peer.jid, err, desc);
	if (peer.t_signed_on == 0) {
		g_free(peer.reason);
		peer.reason = g_strdup(desc);
		peer_finish("error");
	}
}

static void
set_up_account(void)
{
	char *user = g_strdup(peer.jid);

	peer.account = purple_account_new(user, "prpl-jabber");
	purple_account_set_password(peer.account, peer.password);
	purple_account_set_string(peer.account, "connect_server", "127.0.0.1");
	purple_account_set_int(peer.account, "port", peer.port);
	purple_account_set_string(peer.account, "connection_security", "opportunistic_tls");
	purple_account_set_bool(peer.account, "auth_plain_in_clear", TRUE);
	purple_accounts_add(peer.account);
	purple_account_set_enabled(peer.account, "sim-peer", TRUE);
	g_free(user);
}

/* Loopback only: the direct streamhost is 127.0.0.1, no UPnP/NAT-PMP. */
static void
set_network_prefs(void)
{
	purple_prefs_set_bool("/purple/network/auto_ip", FALSE);
	purple_prefs_set_string("/purple/network/public_ip", "127.0.0.1");
	purple_prefs_set_bool("/purple/network/map_ports", FALSE);
	purple_prefs_set_string("/purple/network/stun_server", "");
}

static void
apply_plugin_prefs(void)
{
	guint i;

	for (i = 0; peer.prefs != NULL && peer.prefs[i] != NULL; i++) {
		char **kv = g_strsplit(peer.prefs[i], "=", 2);
		char *path = g_strdup_printf("/plugins/core/si-multiple/%s", kv[0]);

		switch (purple_prefs_get_type(path)) {
		case PURPLE_PREF_BOOLEAN:
			purple_prefs_set_bool(path, g_strcmp0(kv[1], "true") == 0);
			break;
		case PURPLE_PREF_INT:
			purple_prefs_set_int(path, atoi(kv[1] ? kv[1] : "0"));
			break;
		case PURPLE_PREF_STRING:
			purple_prefs_set_string(path, kv[1]);
			break;
		default:
			fprintf(stderr, "unknown preference %s\n", path);
			exit(2);
		}
		g_free(path);
		g_strfreev(kv);
	}
}

static void
load_plugin(void)
{
	purple_plugins_add_search_path(peer.plugin_dir);
	purple_plugins_probe(G_MODULE_SUFFIX);
	peer.plugin = purple_plugins_find_with_id("core-si-multiple");
	if (peer.plugin == NULL || !purple_plugin_load(peer.plugin)) {
		fprintf(stderr, "cannot load core-si-multiple from %s\n", peer.plugin_dir);
		exit(2);
	}
	apply_plugin_prefs();
	peer_xfer_follow_plugin();
}

static gboolean
parse_options(int argc, char **argv)
{
	GOptionEntry entries[] = {
		{ "jid", 0, 0, G_OPTION_ARG_STRING, &peer.jid, "full JID", "JID" },
		{ "password", 0, 0, G_OPTION_ARG_STRING, &peer.password, "password", "PW" },
		{ "port", 0, 0, G_OPTION_ARG_INT, &peer.port, "server port on 127.0.0.1", "N" },
		{ "plugin-dir", 0, 0, G_OPTION_ARG_FILENAME, &peer.plugin_dir, "load the plugin from DIR", "DIR" },
		{ "pref", 0, 0, G_OPTION_ARG_STRING_ARRAY, &peer.prefs, "plugin preference", "KEY=VALUE" },
		{ "send", 0, 0, G_OPTION_ARG_FILENAME, &peer.send_file, "send FILE", "FILE" },
		{ "to", 0, 0, G_OPTION_ARG_STRING, &peer.send_to, "to this full JID", "JID" },
		{ "receive", 0, 0, G_OPTION_ARG_FILENAME, &peer.recv_dir, "accept into DIR", "DIR" },
		{ "gabble", 0, 0, G_OPTION_ARG_NONE, &peer.gabble, "answer as telepathy-gabble", NULL },
		{ "attack", 0, 0, G_OPTION_ARG_STRING, &peer.attack, "forge stanzas at a live transfer", "KIND" },
		{ "victim", 0, 0, G_OPTION_ARG_STRING, &peer.attack_victim, "whom to send them", "JID" },
		{ "watch", 0, 0, G_OPTION_ARG_FILENAME, &peer.attack_watch, "victim's trace to read ids from", "FILE" },
		{ "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &peer.faults, "network fault", "NAME" },
		{ "trace", 0, 0, G_OPTION_ARG_FILENAME, &peer.trace_path, "stanza trace", "FILE" },
		{ "result", 0, 0, G_OPTION_ARG_FILENAME, &peer.result_path, "result file", "FILE" },
		{ "ready", 0, 0, G_OPTION_ARG_FILENAME, &peer.ready_path, "touched when signed on", "FILE" },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &peer.timeout_s, "give up after N s", "N" },
		{ "repeat", 0, 0, G_OPTION_ARG_INT, &peer.repeat, "transfers, one after the other", "N" },
		{ "parallel", 0, 0, G_OPTION_ARG_INT, &peer.parallel, "sender: N transfers at once", "N" },
		{ "chat-every", 0, 0, G_OPTION_ARG_INT, &peer.chat_every_ms, "sender: chat every N ms while data flows", "N" },
		{ "presence-to", 0, 0, G_OPTION_ARG_STRING, &peer.presence_to, "send a directed presence to JID once signed on", "JID" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("- headless XMPP file transfer peer");
	GError *err = NULL;
	gboolean ok;

	g_option_context_add_main_entries(ctx, entries, NULL);
	ok = g_option_context_parse(ctx, &argc, &argv, &err);
	if (!ok) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
	}
	g_option_context_free(ctx);
	if (ok && peer.attack != NULL && peer.jid != NULL && peer.port != 0 &&
	    peer.attack_victim != NULL && peer.attack_watch != NULL)
		return TRUE;
	if (ok && (peer.jid == NULL || peer.port == 0 ||
	           (peer.send_file == NULL) == (peer.recv_dir == NULL) ||
	           (peer.send_file != NULL && peer.send_to == NULL))) {
		fprintf(stderr, "need --jid, --port and either --send FILE --to JID or --receive DIR\n");
		ok = FALSE;
	}
	return ok;
}

/* What the user would read in the conversation window. */
static void
wrote_im_cb(PurpleAccount *account, const char *who, const char *message,
            PurpleConversation *conv, PurpleMessageFlags flags, gpointer data)
{
	(void)account;
	(void)who;
	(void)conv;
	(void)flags;
	(void)data;
	g_string_append_printf(peer.messages, "%s%s", peer.messages->len ? "|" : "", message);
}

/* "lsan-tracer-crash-once" / "lsan-leak-once": the first peer with the
 * fault to end (per $SIM_FAKE_SANITIZER_ONCE, a file it creates) ends the
 * way a sanitizer build does when LeakSanitizer's tracer crashes, or when
 * it reports a leak: those lines, then abort. The driver must re-run the
 * first and fail the second (scenario.c). */
static void
fake_sanitizer_end(void)
{
	const char *once = g_getenv("SIM_FAKE_SANITIZER_ONCE");
	gboolean tracer = peer_has_fault("lsan-tracer-crash-once");

	if ((!tracer && !peer_has_fault("lsan-leak-once")) || once == NULL ||
	    g_file_test(once, G_FILE_TEST_EXISTS) || !g_file_set_contents(once, peer.jid, -1, NULL))
		return;
	if (tracer)
		fputs("Tracer caught signal 11: addr=0x3838 pc=0x1 sp=0x1\n"
		      "==1==LeakSanitizer has encountered a fatal error.\n", stderr);
	else
		fputs("==1==ERROR: LeakSanitizer: detected memory leaks\n"
		      "==1==LeakSanitizer has encountered a fatal error.\n", stderr);
	abort();
}

int
main(int argc, char **argv)
{
	char *home;

	setlocale(LC_ALL, ""); /* as Pidgin and Finch do: translations follow the environment */
	peer.timeout_s = 60;
	peer.repeat = 1;
	peer.password = g_strdup("pw");
	if (!parse_options(argc, argv))
		return 2;
	peer.t0 = g_get_monotonic_time() / 1000;
	peer.tried = g_string_new(NULL);
	peer.methods = g_string_new(NULL);
	peer.starts = g_string_new(NULL);
	peer.messages = g_string_new(NULL);
	home = g_dir_make_tmp("sim-peer-XXXXXX", NULL);
	purple_util_set_user_dir(home);
	purple_debug_set_enabled(g_getenv("SIM_PEER_DEBUG") != NULL);
	purple_eventloop_set_ui_ops(sim_test_eventloop_ops());
	if (!purple_core_init("sim-peer"))
		return 2;
	purple_set_blist(purple_blist_new());
	set_network_prefs();
	peer_edge_init();
	peer_xfer_init();
	peer_chat_init();
	if (peer.plugin_dir != NULL)
		load_plugin();
	purple_signal_connect(purple_conversations_get_handle(), "wrote-im-msg", &peer,
	                      PURPLE_CALLBACK(wrote_im_cb), NULL);
	purple_signal_connect(purple_connections_get_handle(), "signed-on", &peer,
	                      PURPLE_CALLBACK(signed_on_cb), NULL);
	purple_signal_connect(purple_connections_get_handle(), "connection-error", &peer,
	                      PURPLE_CALLBACK(connection_error_cb), NULL);
	set_up_account();
	purple_savedstatus_activate(purple_savedstatus_new(NULL, PURPLE_STATUS_AVAILABLE));

	peer.loop = g_main_loop_new(NULL, FALSE);
	g_timeout_add_seconds(peer.timeout_s, timeout_cb, NULL);
	g_main_loop_run(peer.loop);

	purple_core_quit();
	/* what quitting wrote, if anything, goes in the result too */
	if (peer.outcome != NULL)
		write_result();
	peer_attack_stop();
	peer_edge_shutdown();
	peer_chat_shutdown();
	g_main_loop_unref(peer.loop);
	g_string_free(peer.tried, TRUE);
	g_string_free(peer.methods, TRUE);
	g_string_free(peer.starts, TRUE);
	g_string_free(peer.messages, TRUE);
	g_free(peer.method);
	g_free(peer.reason);
	g_free(peer.sha256);
	if (g_getenv("SIM_PEER_KEEP_HOME") == NULL)
		sim_test_remove_tree(home);
	g_free(home);
	fake_sanitizer_end();
	return peer.exit_code;
}
