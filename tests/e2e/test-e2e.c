/* test-e2e.c - end-to-end scenarios: a real server (Prosody; a chosen part
 * of the rows on ejabberd too, under /e2e/ejabberd/), real libpurple peers
 * with and without the plugin, network faults simulated at the peers'
 * edges. As root it re-runs itself in a private network namespace holding
 * only loopback, so no traffic can leave the machine.
 * SIM_E2E_SERVERS (space-separated, default "prosody ejabberd") picks the
 * servers whose rows are registered; each server starts once, with its
 * first row. Where ejabberd cannot start, its rows are skipped, saying why. */
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "self-test.h"
#include "server.h"
#include "testutil-xml.h"
#include "wire.h"

typedef struct Scenario Scenario;
struct Scenario {
	const char *path;
	const char *from, *to;
	SimSide sender, receiver;
	gboolean completes;
	const char *method;         /* expected on both sides when completing */
	const char *sender_reason;  /* expected plugin reasons when failing */
	const char *receiver_reason;
	guint timeout_s;
	void (*wire)(const SimRun *run);
	gboolean sender_only;       /* the receiver is hostile: judge the sender alone */
	SimAttack attack;           /* a third account meddling (kind NULL: none) */
	gboolean restart_server;    /* restart Prosody once the SOCKS5 offer is out */
	gsize size;                 /* bytes to send (0: 512 KiB) */
	const char *san_skip;       /* why the row is skipped in sanitizer builds */
};

/* Rows in which no plugin code runs (both sides stock), or whose point is
 * timing that ASan slows 2-5x: the sanitizer build skips them, to stay
 * within CI's time. */
#define SAN_STOCK  "both peers stock: no plugin code for the sanitizers to check"
#define SAN_TIMING "a timing row; its code paths run under the sanitizers in other rows"

/* the servers, started by their first row (tried once) */
static SimServer *servers[2];
static gboolean server_tried[2];
static char *server_failure[2];
/* the server of the row now running (restart_on_s5b) */
static SimServer *server;

#define PLUGIN { .plugin = TRUE }
#define STOCK  { .plugin = FALSE }
#define PLUGIN_F(...) { .plugin = TRUE, .faults = { __VA_ARGS__ } }
#define STOCK_F(...)  { .plugin = FALSE, .faults = { __VA_ARGS__ } }

/* ---- the scenarios ---- */

static const Scenario scenarios[] = {
	/* stock libpurple on both sides: the baseline the plugin must not break */
	{ "/e2e/stock-stock/fine", "alice", "bob", STOCK, STOCK, TRUE, "socks5", NULL, NULL, 30,
	  wire_stock_stock, .san_skip = SAN_STOCK },
	{ "/e2e/stock-stock/direct-refused-proxy-up", "alice", "bob", STOCK_F("s5b-direct-refused"),
	  STOCK, TRUE, "socks5-proxy", NULL, NULL, 30, wire_stock_proxy, .san_skip = SAN_STOCK },
	{ "/e2e/stock-stock/socks5-refused", "alice", "bob", STOCK_F("s5b-refused"), STOCK,
	  TRUE, "ibb", NULL, NULL, 30, wire_ibb_same_sid, .san_skip = SAN_STOCK },
	/* both cancel locally (libpurple's own end, no plugin reason); the stock
	 * receiver waits 30 s for an in-band open before it gives up */
	{ "/e2e/stock-stock/nothing-works", "alice", "bob", STOCK_F("s5b-refused"),
	  STOCK_F("ibb-rejected"), FALSE, NULL, "cancelled-local", "cancelled-local", 45,
	  wire_stock_nothing_works, .san_skip = SAN_STOCK },
	{ "/e2e/plugin-plugin/fine", "alice", "bob", PLUGIN, PLUGIN, TRUE, "socks5", NULL, NULL, 30,
	  wire_multiple },
	{ "/e2e/plugin-plugin/fine-reverse", "bob", "alice", PLUGIN, PLUGIN, TRUE, "socks5", NULL, NULL,
	  30, wire_multiple },
	{ "/e2e/plugin-plugin/direct-refused-proxy-up", "alice", "bob", PLUGIN_F("s5b-direct-refused"),
	  PLUGIN, TRUE, "socks5-proxy", NULL, NULL, 30, wire_multiple },
	{ "/e2e/plugin-plugin/socks5-refused", "alice", "bob", PLUGIN_F("s5b-refused"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_messages_en },
	{ "/e2e/plugin-plugin/socks5-refused-german", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-refused" }, .language = "de" },
	  { .plugin = TRUE, .language = "de" }, TRUE, "ibb", NULL, NULL, 30, wire_messages_de },
	{ "/e2e/plugin-plugin/socks5-blackholed", "alice", "bob", PLUGIN_F("s5b-blackhole"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 45, wire_multiple_fallback },
	/* bob is online on a second device: alice is told which one failed */
	{ "/e2e/plugin-plugin/second-device-named", "alice", "bob", PLUGIN_F("s5b-blackhole"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 45, wire_second_device, FALSE, { "second-device", TRUE } },
	{ "/e2e/plugin-plugin/socks5-bad-hash", "alice", "bob", PLUGIN_F("s5b-bad-hash"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_multiple_fallback },
	/* the receiver never answers the SOCKS5 offer: the sender opens in-band
	 * when its bound for a plugin peer (race + margin) runs out */
	{ "/e2e/plugin-plugin/socks5-unanswered", "alice", "bob", PLUGIN, PLUGIN_F("s5b-unanswered"),
	  TRUE, "ibb", NULL, NULL, 45, wire_unanswered_plugin },
	{ "/e2e/plugin-plugin/nothing-works", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("ibb-rejected"), FALSE, NULL, "ibb-refused", "ibb-not-opened", 45,
	  wire_failure_message },
	{ "/e2e/plugin-plugin/memory-second-transfer-in-band", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-blackhole" }, .repeat = 2 },
	  { .plugin = TRUE, .repeat = 2 },
	  TRUE, "ibb", NULL, NULL, 45, wire_memory },
	{ "/e2e/plugin-plugin/nothing-works-german", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-refused" }, .language = "de" },
	  { .plugin = TRUE, .faults = { "ibb-rejected" }, .language = "de" },
	  FALSE, NULL, "ibb-refused", "ibb-not-opened", 45, wire_failure_message_de },
	{ "/e2e/plugin-plugin/receiver-ibb-only", "alice", "bob", PLUGIN,
	  { .plugin = TRUE, .prefs = { "method_order=ibb" } }, TRUE, "ibb", NULL, NULL, 30, wire_ibb_only },
	{ "/e2e/prefs/socks5-timeout-1s", "alice", "bob", PLUGIN_F("s5b-blackhole"),
	  { .plugin = TRUE, .prefs = { "socks5_timeout=1" } }, TRUE, "ibb", NULL, NULL, 30,
	  wire_timeout_1s },
	{ "/e2e/prefs/memory-off", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-blackhole" }, .prefs = { "remember_failures=false" }, .repeat = 2 },
	  { .plugin = TRUE, .prefs = { "remember_failures=false" }, .repeat = 2 },
	  TRUE, "ibb", NULL, NULL, 45, wire_memory_off },
	{ "/e2e/prefs/disabled", "alice", "bob", { .plugin = TRUE, .prefs = { "enabled=false" } },
	  { .plugin = TRUE, .prefs = { "enabled=false" } }, TRUE, "socks5", NULL, NULL, 30, wire_disabled },
	{ "/e2e/hostile/huge-list", "alice", "bob", PLUGIN, PLUGIN_F("huge-list"),
	  TRUE, "socks5", NULL, NULL, 30, wire_huge_list },
	{ "/e2e/hostile/1000-streamhosts", "alice", "bob", PLUGIN_F("many-streamhosts"), PLUGIN,
	  TRUE, "socks5", NULL, NULL, 30, wire_many_streamhosts },
	/* a stock receiver names a streamhost never offered: libpurple on both
	 * sides moves to in-band, the hostile one confuses itself; our sender
	 * must still end by itself, with a reason */
	{ "/e2e/hostile/unknown-streamhost-used", "alice", "bob", PLUGIN,
	  STOCK_F("unknown-streamhost-used"), FALSE, NULL, "ibb-not-opened", NULL, 30, NULL, TRUE },
	/* black-holed streamhosts keep the first transfer live for 3 s, so the
	 * copy surely arrives while its stream id is in use */
	{ "/e2e/hostile/second-offer-same-sid", "alice", "bob", PLUGIN_F("dup-offer", "s5b-blackhole"),
	  PLUGIN, TRUE, "ibb", NULL, NULL, 30, wire_dup_offer },
	{ "/e2e/unload/receiver-during-socks5-race", "alice", "bob", PLUGIN_F("s5b-blackhole"),
	  PLUGIN_F("unload-on-socks5"), TRUE, "ibb", NULL, NULL, 30, NULL },
	/* black-holed: SOCKS5 is still under way when the sender's plugin goes
	 * (500 ms after its query), so libpurple alone moves to in-band */
	{ "/e2e/unload/sender-during-socks5", "alice", "bob", PLUGIN_F("s5b-blackhole", "unload-on-socks5"),
	  PLUGIN, TRUE, "ibb", NULL, NULL, 30, NULL },
	/* the plugin carries the in-band stream: without it nothing can, so it
	 * closes the stream and both sides end with a reason, neither hangs */
	{ "/e2e/unload/sender-during-transfer", "alice", "bob", PLUGIN_F("s5b-refused", "unload-on-data"),
	  PLUGIN, FALSE, NULL, "plugin-unloaded", "cancelled-remote", 30, NULL },
	{ "/e2e/unload/receiver-during-transfer", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("unload-on-data"), TRUE, "ibb", NULL, NULL, 30, NULL },
	/* carol forges a si-multiple reply to alice's offer, or an in-band open
	 * for the live stream to bob: ignored, the transfer goes on unaffected */
	{ "/e2e/hostile/reply-from-third-account", "alice", "bob", PLUGIN_F("s5b-blackhole"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_foreign_reply, FALSE, { "foreign-reply", TRUE } },
	{ "/e2e/hostile/ibb-open-from-third-account", "alice", "bob", PLUGIN_F("s5b-blackhole"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_foreign_open, FALSE, { "foreign-ibb-open", FALSE } },
	{ "/e2e/load/20-at-once-mixed-faults", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-refused-odd" }, .repeat = 20, .parallel = 20 },
	  { .plugin = TRUE, .repeat = 20 }, TRUE, NULL, NULL, NULL, 60, wire_parallel },
	/* the server restarts during the SOCKS5 negotiation (black-holed, so it
	 * lasts): both clients lose the transfer and end by themselves */
	{ "/e2e/faults/server-restart-during-negotiation", "alice", "bob", PLUGIN_F("s5b-blackhole"),
	  PLUGIN, FALSE, NULL, NULL, NULL, 30, wire_offline_both, TRUE, { NULL }, TRUE },
	/* the receiver goes away mid-transfer: the sender ends by itself */
	{ "/e2e/faults/receiver-signs-off-mid-transfer", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("signoff-on-data"), FALSE, NULL, NULL, NULL, 30, wire_receiver_offline, TRUE },
	{ "/e2e/faults/receiver-account-disabled-mid-transfer", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("disable-on-data"), FALSE, NULL, NULL, NULL, 30, wire_receiver_offline, TRUE },
	{ "/e2e/faults/receiver-quits-mid-transfer", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("quit-on-data"), FALSE, NULL, NULL, NULL, 30, wire_receiver_quit, TRUE },
	{ "/e2e/plugin-stock/fine", "alice", "bob", PLUGIN, STOCK, TRUE, "socks5", NULL, NULL, 30,
	  wire_stock_receiver },
	{ "/e2e/plugin-stock/socks5-refused", "alice", "bob", PLUGIN_F("s5b-refused"), STOCK,
	  TRUE, "ibb", NULL, NULL, 30, wire_stock_receiver_told },
	{ "/e2e/stock-plugin/fine", "alice", "bob", STOCK, PLUGIN, TRUE, "socks5", NULL, NULL, 30,
	  wire_stock_sender },
	{ "/e2e/stock-plugin/socks5-refused", "alice", "bob", STOCK_F("s5b-refused"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_stock_sender_told },
	{ "/e2e/plugin-gabble/socks5-fails-then-ibb", "alice", "bob", PLUGIN,
	  { .gabble = TRUE }, TRUE, "ibb", NULL, NULL, 30, wire_gabble_window },
	/* the plugin's own in-band sender: larger blocks, a window, close at the end */
	{ "/e2e/ibb/plugin-plugin-window", "alice", "bob", PLUGIN_F("s5b-refused"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_ibb_window },
	{ "/e2e/ibb/plugin-stock-window", "alice", "bob", PLUGIN_F("s5b-refused"), STOCK,
	  TRUE, "ibb", NULL, NULL, 30, wire_ibb_window_stock },
	/* a stock receiver that never answers SOCKS5 still takes an in-band open */
	{ "/e2e/plugin-stock/socks5-unanswered", "alice", "bob", PLUGIN, STOCK_F("s5b-unanswered"),
	  TRUE, "ibb", NULL, NULL, 45, wire_ibb_window_stock },
	/* a stock contact whose SOCKS5 failed is offered in-band alone next time */
	{ "/e2e/plugin-stock/memory-second-transfer-in-band", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-blackhole" }, .repeat = 2 }, { .plugin = FALSE, .repeat = 2 },
	  TRUE, "ibb", NULL, NULL, 60, wire_memory_stock },
	{ "/e2e/ibb/cancel-by-sender-mid-stream", "alice", "bob", PLUGIN_F("s5b-refused", "cancel-on-data"),
	  PLUGIN, FALSE, NULL, "cancelled-local", "cancelled-remote", 30, wire_closed_by_sender },
	{ "/e2e/ibb/cancel-by-receiver-mid-stream", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("cancel-on-data"), FALSE, NULL, "cancelled-remote", "cancelled-local", 30, NULL },
	{ "/e2e/ibb/stock-receiver-cancels-mid-stream", "alice", "bob", PLUGIN_F("s5b-refused"),
	  STOCK_F("cancel-on-data"), FALSE, NULL, "cancelled-remote", "cancelled-local", 30, NULL },
	/* an error answer to a data iq ends the transfer with a reason */
	{ "/e2e/ibb/data-error", "alice", "bob", PLUGIN_F("s5b-refused"), STOCK_F("ibb-data-error"),
	  FALSE, NULL, "ibb-data-error", NULL, 30, wire_closed_by_sender, TRUE },
	/* <resource-constraint/> to the 16384-byte open: once more with 4096 */
	{ "/e2e/ibb/resource-constraint-retry", "alice", "bob", PLUGIN_F("s5b-refused"),
	  STOCK_F("ibb-resource-constraint"), TRUE, "ibb", NULL, NULL, 30, wire_resource_retry },
	/* the stock receiver's item-not-found arrives just as the plugin's own
	 * bound for it runs out (the race that crashed libpurple before) */
	{ "/e2e/ibb/s5b-error-at-the-bound", "alice", "bob", PLUGIN, STOCK_F("s5b-error-at-bound"),
	  TRUE, "ibb", NULL, NULL, 45, wire_one_open },
	/* more than 65536 blocks (16 bytes each, a test-only size): seq wraps */
	{ "/e2e/ibb/seq-wraps", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-refused" }, .prefs = { "ibb_block_size=16" } }, PLUGIN,
	  TRUE, "ibb", NULL, NULL, 120, wire_seq_wraps, .size = 70000 * 16, .san_skip = SAN_TIMING },
	{ "/e2e/ibb/20-at-once", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-refused" }, .repeat = 20, .parallel = 20 },
	  { .plugin = TRUE, .repeat = 20 }, TRUE, NULL, NULL, NULL, 90, wire_parallel_ibb },
};

/* ---- on ejabberd ---- */

/* The rows of the table above that also run on ejabberd, as
 * /e2e/ejabberd/<the rest of the path>: the core matrix and, by prefix
 * (ending in '/'), every row of the in-band engine. Ordinary ejabberd rows
 * connect to a listener without Debian's shaper and with mod_proxy65 (see
 * tests/e2e/server-ejabberd.c). */
static const char *const ejabberd_rows[] = {
	"/e2e/stock-stock/fine",
	"/e2e/stock-stock/direct-refused-proxy-up",
	"/e2e/plugin-plugin/fine",
	"/e2e/plugin-plugin/direct-refused-proxy-up",
	"/e2e/plugin-plugin/socks5-refused",
	"/e2e/plugin-plugin/socks5-blackholed",
	"/e2e/plugin-plugin/socks5-unanswered",
	"/e2e/plugin-plugin/nothing-works",
	"/e2e/plugin-stock/fine",
	"/e2e/plugin-stock/socks5-refused",
	"/e2e/plugin-stock/socks5-unanswered",
	"/e2e/stock-plugin/fine",
	"/e2e/stock-plugin/socks5-refused",
	"/e2e/plugin-gabble/socks5-fails-then-ibb",
	"/e2e/ibb/",
};

/* ejabberd as Debian 12 ships it (server->debian): every c2s user shaped
 * to 3000 bytes/s (burst 20000), no SOCKS5 proxy. The direct streamhost
 * refused, a 64 KiB file has in-band alone, at the shaper's pace. */
#define DEBIAN_SIZE (64 * 1024)
static const Scenario debian_scenarios[] = {
	{ "/e2e/ejabberd/debian-defaults/small-file-falls-back", "alice", "bob",
	  PLUGIN_F("s5b-direct-refused"), PLUGIN, TRUE, "ibb", NULL, NULL, 120, wire_debian_defaults,
	  .size = DEBIAN_SIZE },
	/* a chat line every 2 s from the sender while the data crawls */
	{ "/e2e/ejabberd/debian-defaults/chat-during-transfer", "alice", "bob",
	  { .plugin = TRUE, .faults = { "s5b-direct-refused" }, .chat_interval_ms = 2000 }, PLUGIN,
	  TRUE, "ibb", NULL, NULL, 120, wire_debian_chat, .size = DEBIAN_SIZE },
};

/* One registered test: a scenario on a server. */
typedef struct {
	const Scenario *sc;
	SimServerKind kind;
	gboolean debian;    /* on ejabberd's Debian-defaults host and listener */
} Row;

static SimServer *
row_server(const Row *row)
{
	static const char *const users[] = { "alice", "bob", "carol", NULL };
	SimServerKind k = row->kind;

	if (!server_tried[k]) {
		server_tried[k] = TRUE;
		servers[k] = sim_server_start(k, users);
		if (servers[k] == NULL)
			server_failure[k] = g_strdup_printf("%s did not start: %s", sim_server_kind_name(k),
			                                    sim_server_error());
	}
	if (servers[k] == NULL)
		return NULL;
	return row->debian ? servers[k]->debian : servers[k];
}

static gboolean
on_ejabberd(const char *path)
{
	guint i;

	for (i = 0; i < G_N_ELEMENTS(ejabberd_rows); i++) {
		const char *r = ejabberd_rows[i];

		if (g_str_has_suffix(r, "/") ? g_str_has_prefix(path, r) : strcmp(path, r) == 0)
			return TRUE;
	}
	return FALSE;
}

/* Memory growth of one client over transfers 50..500, in KiB. */
static gint64
growth(const SimPeerRun *p)
{
	return sim_peer_int(p, "rss_kb_end") - sim_peer_int(p, "rss_kb_50");
}

static void run_500(gboolean plugin, gint64 *sender, gint64 *receiver);

/* Prosody, for the rows of their own below */
static SimServer *
prosody(void)
{
	static const Row row = { NULL, SIM_SERVER_PROSODY, FALSE };
	SimServer *s = row_server(&row);

	g_assert_nonnull(s);
	return s;
}

/* 500 transfers in a row, stock and with the plugin: the plugin adds no
 * growth of its own (headless libpurple itself keeps ~4 KiB per received
 * transfer, so the comparison is against stock in the same run). */
static void
test_flat_memory(void)
{
	gint64 ss, sr, ps, pr;

#if defined(__SANITIZE_ADDRESS__)
	/* ASan keeps freed memory in quarantine: RSS says nothing there, and
	 * LeakSanitizer checks every peer for real leaks instead */
	g_test_skip("RSS comparison is meaningless under AddressSanitizer");
	return;
#endif
	run_500(FALSE, &ss, &sr);
	run_500(TRUE, &ps, &pr);
	g_test_message("RSS growth over transfers 50..500: stock sender %" G_GINT64_FORMAT
	               " KiB, receiver %" G_GINT64_FORMAT " KiB; plugin sender %" G_GINT64_FORMAT
	               " KiB, receiver %" G_GINT64_FORMAT " KiB", ss, sr, ps, pr);
	g_assert_cmpint(ps - ss, <, 512);
	g_assert_cmpint(pr - sr, <, 512);
}

static void
show(const char *role, const SimPeerRun *p)
{
	g_test_message("%s: status %d outcome=%s method=%s tried=[%s] reason=%s offer=%" G_GINT64_FORMAT
	               " start=%" G_GINT64_FORMAT " end=%" G_GINT64_FORMAT " ms", role, p->status,
	               sim_peer_field(p, "outcome"), sim_peer_field(p, "method"),
	               sim_peer_field(p, "tried"), sim_peer_field(p, "reason"),
	               sim_peer_int(p, "t_offer"), sim_peer_int(p, "t_start"), sim_peer_int(p, "t_end"));
}

static void
dump_logs(const SimRun *run)
{
	g_printerr("---- sender log\n%s\n---- receiver log\n%s\n", run->sender.log, run->receiver.log);
}

/* A peer must end by itself (0: completed, 1: did not); a signal (128 + n)
 * or a kill (-1) is a crash or a hang, even after the result was written.
 * Its log's end goes to the test output first, so that a failure seen once
 * in CI can be read afterwards. */
static void
assert_ended_cleanly(const char *role, const SimPeerRun *p)
{
	if (p->status >= 0 && p->status <= 1)
		return;
	if (p->log != NULL) {
		gsize len = strlen(p->log);
		char **lines = g_strsplit(len > 4000 ? p->log + len - 4000 : p->log, "\n", -1);
		guint i;

		g_test_message("%s exited with status %d; the end of its log:", role, p->status);
		for (i = 0; lines[i] != NULL; i++)
			g_test_message("  %s", lines[i]); /* one TAP comment line each */
		g_strfreev(lines);
	}
	g_assert_cmpint(p->status, >=, 0);
	g_assert_cmpint(p->status, <=, 1);
}

/* While a run goes on: restart the server once the sender's SOCKS5 query
 * is in its trace, i.e. in the middle of the negotiation. */
static gboolean restarted;

static void
restart_on_s5b(const char *rx_dir, gpointer data)
{
	char *dir = g_path_get_dirname(rx_dir);
	char *trace = g_build_filename(dir, "sender.trace", NULL);
	char *text = NULL;

	(void)data;
	if (!restarted && g_file_get_contents(trace, &text, NULL, NULL) &&
	    strstr(text, "<query xmlns='http://jabber.org/protocol/bytestreams' sid=") != NULL) {
		restarted = TRUE;
		g_assert_true(sim_server_restart(server));
	}
	g_free(text);
	g_free(trace);
	g_free(dir);
}

static void
run_scenario(gconstpointer data)
{
	const Row *row = data;
	const Scenario *sc = row->sc;
	SimRun run;

#if defined(__SANITIZE_ADDRESS__)
	if (sc->san_skip != NULL) {
		g_test_skip(sc->san_skip);
		return;
	}
#endif
	server = row_server(row);
	if (server == NULL && row->kind == SIM_SERVER_EJABBERD) {
		/* an optional server: its rows say why they did not run */
		g_test_skip(server_failure[row->kind]);
		return;
	}
	g_assert_nonnull(server);
	restarted = FALSE;
	sim_run_set_progress(sc->restart_server ? restart_on_s5b : NULL, NULL);
	g_assert_true(sim_run_transfer_attacked(server, sc->from, sc->to, &sc->sender, &sc->receiver,
	                                        &sc->attack, sc->size ? sc->size : 512 * 1024,
	                                        sc->timeout_s, &run));
	sim_run_set_progress(NULL, NULL);
	if (sc->restart_server)
		g_assert_true(restarted);
	show("sender", &run.sender);
	show("receiver", &run.receiver);
	g_test_message("whole run %" G_GINT64_FORMAT " ms", run.wall_ms);
	if (g_getenv("SIM_E2E_LOGS") != NULL)
		dump_logs(&run);
	/* sanitizer builds: no memory error in either peer (plugin included) */
	g_assert_null(strstr(run.sender.log, "ERROR: AddressSanitizer"));
	g_assert_null(strstr(run.receiver.log, "ERROR: AddressSanitizer"));
	g_assert_null(strstr(run.sender.log, "runtime error:"));
	g_assert_null(strstr(run.sender.log, "ERROR: LeakSanitizer"));
	g_assert_null(strstr(run.receiver.log, "ERROR: LeakSanitizer"));
	g_assert_null(strstr(run.receiver.log, "runtime error:"));
	/* no peer hung: both ended by themselves */
	assert_ended_cleanly("sender", &run.sender);
	if (sc->sender_only) {
		/* completed in the end, or ended by itself (with the expected reason) */
		g_assert_cmpstr(sim_peer_field(&run.sender, "outcome"), !=, "timeout");
		if (sc->sender_reason != NULL &&
		    g_strcmp0(sim_peer_field(&run.sender, "outcome"), "completed") != 0)
			g_assert_cmpstr(sim_peer_field(&run.sender, "reason"), ==, sc->sender_reason);
		if (sc->wire != NULL)
			sc->wire(&run);
		sim_run_clear(&run);
		return;
	}
	assert_ended_cleanly("receiver", &run.receiver);
	if (sc->completes) {
		g_assert_cmpstr(sim_peer_field(&run.sender, "outcome"), ==, "completed");
		g_assert_cmpstr(sim_peer_field(&run.receiver, "outcome"), ==, "completed");
		g_assert_cmpstr(sim_peer_field(&run.receiver, "sha256"), ==, run.source_sha256);
		if (sc->method != NULL) {
			g_assert_cmpstr(sim_peer_field(&run.sender, "method"), ==, sc->method);
			g_assert_cmpstr(sim_peer_field(&run.receiver, "method"), ==, sc->method);
		}
	} else {
		g_assert_cmpstr(sim_peer_field(&run.sender, "outcome"), ==, "cancelled");
		g_assert_cmpstr(sim_peer_field(&run.receiver, "outcome"), ==, "cancelled");
		g_assert_cmpstr(sim_peer_field(&run.sender, "reason"), ==, sc->sender_reason);
		g_assert_cmpstr(sim_peer_field(&run.receiver, "reason"), ==, sc->receiver_reason);
	}
	if (sc->wire != NULL)
		sc->wire(&run);
	sim_run_clear(&run);
}

/* Sender with the plugin, stock receiver whose three streamhosts are all
 * black-holed: the plugin must complete, and never later than stock on
 * both sides with the same faults, measured in the same run. */
static gint64
blackholed_3(gboolean plugin)
{
	SimSide s = { .plugin = plugin, .faults = { "s5b-blackhole-3" } }, r = { .plugin = FALSE };
	SimRun run;
	gint64 ms;

	g_assert_true(sim_run_transfer(prosody(), "alice", "bob", &s, &r, 512 * 1024, 45, &run));
	show("sender", &run.sender);
	g_assert_cmpstr(sim_peer_field(&run.sender, "outcome"), ==, "completed");
	g_assert_cmpstr(sim_peer_field(&run.receiver, "outcome"), ==, "completed");
	g_assert_cmpstr(sim_peer_field(&run.receiver, "sha256"), ==, run.source_sha256);
	g_assert_cmpstr(sim_peer_field(&run.receiver, "method"), ==, "ibb");
	ms = sim_peer_int(&run.sender, "t_end") - sim_peer_int(&run.sender, "t_offer");
	sim_run_clear(&run);
	return ms;
}

static void
test_never_slower_than_stock(void)
{
	gint64 stock, plugin;

#if defined(__SANITIZE_ADDRESS__)
	g_test_skip(SAN_TIMING);
	return;
#endif
	stock = blackholed_3(FALSE);
	plugin = blackholed_3(TRUE);

	g_test_message("3 black-holed streamhosts, stock receiver: stock sender %" G_GINT64_FORMAT
	               " ms, plugin sender %" G_GINT64_FORMAT " ms", stock, plugin);
	g_assert_cmpint(plugin, <=, stock + 500);
}

static void
run_500(gboolean plugin, gint64 *sender, gint64 *receiver)
{
	SimSide s = { .plugin = plugin, .repeat = 500 }, r = { .plugin = plugin, .repeat = 500 };
	SimRun run;

	g_assert_true(sim_run_transfer(prosody(), "alice", "bob", &s, &r, 4096, 120, &run));
	g_assert_cmpstr(sim_peer_field(&run.receiver, "outcome"), ==, "completed");
	g_assert_cmpstr(sim_peer_field(&run.receiver, "transfers"), ==, "500");
	g_assert_cmpstr(sim_peer_field(&run.receiver, "sha256"), ==, run.source_sha256);
	g_assert_cmpint(sim_peer_int(&run.sender, "rss_kb_50"), >, 0);
	*sender = growth(&run.sender);
	*receiver = growth(&run.receiver);
	sim_run_clear(&run);
}

static gboolean
server_selected(const char *name)
{
	const char *v = g_getenv("SIM_E2E_SERVERS");
	char **names;
	gboolean on;

	if (v == NULL)
		return TRUE; /* both */
	names = g_strsplit_set(v, " ,", -1);
	on = g_strv_contains((const char *const *)names, name);
	g_strfreev(names);
	return on;
}

int
main(int argc, char **argv)
{
	static Row prosody_rows[G_N_ELEMENTS(scenarios)];
	static Row ejabberd_table[G_N_ELEMENTS(scenarios) + G_N_ELEMENTS(debian_scenarios)];
	guint i, n = 0;
	int rc;

	sim_isolate_network(argv);
	g_test_init(&argc, &argv, NULL);
	sim_test_xml_init();
	if (server_selected("prosody")) {
		for (i = 0; i < G_N_ELEMENTS(scenarios); i++) {
			prosody_rows[i] = (Row){ &scenarios[i], SIM_SERVER_PROSODY, FALSE };
			g_test_add_data_func(scenarios[i].path, &prosody_rows[i], run_scenario);
		}
		g_test_add_func("/e2e/load/500-in-a-row-flat-memory", test_flat_memory);
		g_test_add_func("/e2e/plugin-stock/socks5-blackholed-never-slower",
		                test_never_slower_than_stock);
		sim_self_test_add(prosody);
	}
	if (server_selected("ejabberd")) {
		for (i = 0; i < G_N_ELEMENTS(scenarios); i++) {
			char *path;

			if (!on_ejabberd(scenarios[i].path))
				continue;
			ejabberd_table[n] = (Row){ &scenarios[i], SIM_SERVER_EJABBERD, FALSE };
			/* "/e2e/x/y" -> "/e2e/ejabberd/x/y" (GTest keeps the path) */
			path = g_strdup_printf("/e2e/ejabberd%s", scenarios[i].path + strlen("/e2e"));
			g_test_add_data_func(path, &ejabberd_table[n++], run_scenario);
			g_free(path);
		}
		for (i = 0; i < G_N_ELEMENTS(debian_scenarios); i++) {
			ejabberd_table[n] = (Row){ &debian_scenarios[i], SIM_SERVER_EJABBERD, TRUE };
			g_test_add_data_func(debian_scenarios[i].path, &ejabberd_table[n++], run_scenario);
		}
	}
	rc = g_test_run();
	for (i = 0; i < G_N_ELEMENTS(servers); i++) {
		sim_server_stop(servers[i]);
		g_free(server_failure[i]);
	}
	return rc;
}
