/* test-e2e.c - end-to-end scenarios: real Prosody, real libpurple peers with
 * and without the plugin, network faults simulated at the peers' edges.
 * As root it re-runs itself in a private network namespace holding only
 * loopback, so no traffic can leave the machine. */
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "server.h"
#include "testutil-xml.h"

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
	void (*wire)(const Scenario *sc, const SimRun *run);
	gboolean sender_only;       /* the receiver is hostile: judge the sender alone */
	SimAttack attack;           /* a third account meddling (kind NULL: none) */
	gboolean restart_server;    /* restart Prosody once the SOCKS5 offer is out */
};

static SimServer *server;

#define PLUGIN { .plugin = TRUE }
#define STOCK  { .plugin = FALSE }
#define PLUGIN_F(...) { .plugin = TRUE, .faults = { __VA_ARGS__ } }
#define STOCK_F(...)  { .plugin = FALSE, .faults = { __VA_ARGS__ } }

/* ---- wire assertions on the traces ---- */

#define IQ "*[local-name()='iq']"

static int
count(const SimPeerRun *p, const char *expr)
{
	return sim_test_xpath_count(p->trace, expr);
}

static char *
str(const SimPeerRun *p, const char *expr)
{
	return sim_test_xpath_string(p->trace, expr);
}

/* Both plugins: <si-multiple/> in the offer, the list (gabble's form) in the reply. */
static void
wire_multiple(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "[@type='set']/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si"
		"[sm:si-multiple/sm:value][ft:file][not(fn:feature)]"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result']/si:si/sm:si-multiple/sm:value"), ==, 2);
}

/* IBB opened with the SI offer's stream id after SOCKS5 was answered with an error. */
static void
wire_ibb_same_sid(const Scenario *sc, const SimRun *run)
{
	char *sid = str(&run->sender, "/trace/out/" IQ "/si:si/@id");
	char *ibb = str(&run->sender, "/trace/out/" IQ "/ibb:open/@sid");
	char *s5b = str(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]/@sid");

	(void)sc;
	g_assert_cmpstr(sid, !=, "");
	g_assert_cmpstr(ibb, ==, sid);
	g_assert_cmpstr(s5b, ==, sid);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='error'][.//st:item-not-found]"), >=, 1);
	g_free(sid);
	g_free(ibb);
	g_free(s5b);
}

static void
wire_multiple_fallback(const Scenario *sc, const SimRun *run)
{
	wire_multiple(sc, run);
	wire_ibb_same_sid(sc, run);
}

/* A stock receiver sees our offer with an ignored <si-multiple/> and
 * answers as stock does: one feature form, no list. */
static void
wire_stock_receiver(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si/fn:feature"
		"/x:x/x:field[@var='stream-method']/x:value"), ==, 1);
}

/* With a stock sender the plugin changes nothing on the wire. */
static void
wire_stock_sender(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->sender, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si/fn:feature"), ==, 1);
}

/* In-band only: the receiver lists IBB alone and no SOCKS5 query is sent. */
static void
wire_ibb_only(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "/si:si/sm:si-multiple/sm:value"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 0);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 1);
}

/* gabble's reply, word for word, then SOCKS5 -> item-not-found -> IBB, same sid. */
static void
wire_gabble(const Scenario *sc, const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result']/si:si"
		"[ft:file][sm:si-multiple][not(fn:feature)]"), ==, 1);
	wire_ibb_same_sid(sc, run);
}

/* The second transfer to a contact whose SOCKS5 failed goes in-band at
 * once: one SOCKS5 query in all, and the second starts without the wait. */
static void
wire_memory(const Scenario *sc, const SimRun *run)
{
	char **starts = g_strsplit(sim_peer_field(&run->sender, "starts"), ",", -1);

	(void)sc;
	g_assert_cmpstr(sim_peer_field(&run->receiver, "methods"), ==, "ibb,ibb");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 2);
	g_assert_cmpuint(g_strv_length(starts), ==, 2);
	g_assert_cmpint(g_ascii_strtoll(starts[0], NULL, 10), >=, 2500); /* the race ran out */
	g_assert_cmpint(g_ascii_strtoll(starts[1], NULL, 10), <, 1000);  /* no race at all */
	g_strfreev(starts);
}

/* The user reads why: a line in the conversation on each side. */
static void
wire_messages_en(const Scenario *sc, const SimRun *run)
{
	wire_multiple_fallback(sc, run);
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "failed; sending in-band instead, which is slower"));
	g_assert_nonnull(strstr(sim_peer_field(&run->receiver, "messages"),
	                        "(2 addresses refused); receiving in-band instead, which is slower"));
}

static void
wire_messages_de(const Scenario *sc, const SimRun *run)
{
	wire_multiple_fallback(sc, run);
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "fehlgeschlagen; sende stattdessen über den Server, was langsamer ist"));
	g_assert_nonnull(strstr(sim_peer_field(&run->receiver, "messages"),
	                        "(2 Adressen haben abgelehnt); empfange stattdessen über den Server"));
}

/* A failure says why in the conversation, not just "cancelled". */
static void
wire_failure_message(const Scenario *sc, const SimRun *run)
{
	wire_multiple(sc, run);
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "Transfer of source.bin failed: bob@localhost/"));
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "refused the in-band transfer"));
	g_assert_nonnull(strstr(sim_peer_field(&run->receiver, "messages"),
	                        "The in-band transfer with alice@localhost/"));
}

static gint64
start_ms(const SimRun *run, guint k)
{
	char **starts = g_strsplit(sim_peer_field(&run->sender, "starts"), ",", -1);
	gint64 v = k < g_strv_length(starts) ? g_ascii_strtoll(starts[k], NULL, 10) : -1;

	g_strfreev(starts);
	return v;
}

/* socks5_timeout=1 on the receiver: the dead streamhosts cost 1 s, not 3. */
static void
wire_timeout_1s(const Scenario *sc, const SimRun *run)
{
	wire_multiple_fallback(sc, run);
	g_assert_cmpint(start_ms(run, 0), >=, 900);
	g_assert_cmpint(start_ms(run, 0), <, 2500);
}

/* remember_failures=false: the second transfer tries SOCKS5 again. */
static void
wire_memory_off(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpstr(sim_peer_field(&run->receiver, "methods"), ==, "ibb,ibb");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 2);
	g_assert_cmpint(start_ms(run, 1), >=, 2500);
}

/* enabled=false: the plugin changes nothing on the wire. */
static void
wire_disabled(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->sender, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 0);
}

/* Hostile input was on the wire, and the transfer went through regardless. */
static void
wire_huge_list(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "/si:si/sm:si-multiple/sm:value"), >, 10000);
}

static void
wire_many_streamhosts(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "/bs:query/bs:streamhost"), >, 1000);
}

static void
wire_dup_offer(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[@type='set']/si:si"), ==, 2);
	/* one answer for one transfer; the copy is not turned into another */
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si"), ==, 1);
	g_assert_cmpstr(sim_peer_field(&run->receiver, "transfers"), ==, "1");
}

/* carol's forged reply reached alice, and changed nothing */
static void
wire_foreign_reply(const Scenario *sc, const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result'][starts-with(@from,'carol@')]"
	                                    "/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result'][starts-with(@from,'bob@')]"
	                                    "/si:si/sm:si-multiple/sm:value"), ==, 2);
	wire_ibb_same_sid(sc, run);
}

/* carol's forged open reached bob and was refused; alice's went through */
static void
wire_foreign_open(const Scenario *sc, const SimRun *run)
{
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[starts-with(@from,'carol@')]/ibb:open"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='error'][@id='forged-open']"
	                                      "[starts-with(@to,'carol@')]"), ==, 1);
	wire_ibb_same_sid(sc, run);
}

/* 20 transfers at once, every other one with SOCKS5 refused: all arrive. */
static void
wire_parallel(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpstr(sim_peer_field(&run->receiver, "transfers"), ==, "20");
	g_assert_cmpstr(sim_peer_field(&run->sender, "transfers"), ==, "20");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/si:si/sm:si-multiple"), ==, 20);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), >=, 5);
}

static void
wire_failure_message_de(const Scenario *sc, const SimRun *run)
{
	wire_multiple(sc, run);
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "Übertragung von source.bin fehlgeschlagen: bob@localhost/"));
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "hat die Übertragung über den Server abgelehnt"));
	g_assert_nonnull(strstr(sim_peer_field(&run->receiver, "messages"),
	                        "Die Übertragung über den Server mit alice@localhost/"));
}

/* Stock on both sides: the plain XEP-0096 offer (SOCKS5 and IBB), a plain
 * one-value answer, and no si-multiple anywhere on the wire. */
static void
wire_stock_stock(const Scenario *sc, const SimRun *run)
{
	(void)sc;
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "[@type='set']/si:si[ft:file]/fn:feature"
		"/x:x/x:field[@var='stream-method']/x:option"), ==, 2);
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[@type='set']/si:si[ft:file]"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si/fn:feature"
		"/x:x/x:field[@var='stream-method']/x:value"), ==, 1);
	g_assert_cmpint(count(&run->sender, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 0);
}

/* The receiver reached the proxy, not the refused direct address. */
static void
wire_stock_proxy(const Scenario *sc, const SimRun *run)
{
	char *used = str(&run->sender, "/trace/in/" IQ "[@type='result']/bs:query/bs:streamhost-used/@jid");

	wire_stock_stock(sc, run);
	g_assert_cmpstr(used, ==, "proxy.localhost");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:activate]"), ==, 1);
	g_free(used);
}

/* SOCKS5 refused, IBB opened with the offer's sid and answered not-acceptable. */
static void
wire_stock_nothing_works(const Scenario *sc, const SimRun *run)
{
	wire_stock_stock(sc, run);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='error'][.//st:not-acceptable]"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "/trace/dropped[@why='ibb-rejected']"), ==, 1);
	/* the sender gives up at once; the receiver after stock's 30 s IBB wait */
	g_assert_cmpint(sim_peer_int(&run->sender, "t_end"), <, 5000);
	g_assert_cmpint(sim_peer_int(&run->receiver, "t_end"), <, 40000);
}

/* ---- the scenarios ---- */

static const Scenario scenarios[] = {
	/* stock libpurple on both sides: the baseline the plugin must not break */
	{ "/e2e/stock-stock/fine", "alice", "bob", STOCK, STOCK, TRUE, "socks5", NULL, NULL, 30,
	  wire_stock_stock },
	{ "/e2e/stock-stock/direct-refused-proxy-up", "alice", "bob", STOCK_F("s5b-direct-refused"),
	  STOCK, TRUE, "socks5-proxy", NULL, NULL, 30, wire_stock_proxy },
	{ "/e2e/stock-stock/socks5-refused", "alice", "bob", STOCK_F("s5b-refused"), STOCK,
	  TRUE, "ibb", NULL, NULL, 30, wire_ibb_same_sid },
	/* both cancel locally (libpurple's own end, no plugin reason); the stock
	 * receiver waits 30 s for an in-band open before it gives up */
	{ "/e2e/stock-stock/nothing-works", "alice", "bob", STOCK_F("s5b-refused"),
	  STOCK_F("ibb-rejected"), FALSE, NULL, "cancelled-local", "cancelled-local", 45,
	  wire_stock_nothing_works },
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
	{ "/e2e/plugin-plugin/socks5-bad-hash", "alice", "bob", PLUGIN_F("s5b-bad-hash"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_multiple_fallback },
	{ "/e2e/plugin-plugin/socks5-unanswered", "alice", "bob", PLUGIN, PLUGIN_F("s5b-unanswered"),
	  FALSE, NULL, "socks5-no-answer", "nothing-arrived", 45, wire_multiple },
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
	{ "/e2e/unload/sender-during-socks5", "alice", "bob", PLUGIN_F("s5b-refused", "unload-on-socks5"),
	  PLUGIN, TRUE, "ibb", NULL, NULL, 30, NULL },
	{ "/e2e/unload/sender-during-transfer", "alice", "bob", PLUGIN_F("s5b-refused", "unload-on-data"),
	  PLUGIN, TRUE, "ibb", NULL, NULL, 30, NULL },
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
	  PLUGIN, FALSE, NULL, NULL, NULL, 30, NULL, TRUE, { NULL }, TRUE },
	/* the receiver goes away mid-transfer: the sender ends by itself */
	{ "/e2e/faults/receiver-signs-off-mid-transfer", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("signoff-on-data"), FALSE, NULL, NULL, NULL, 30, NULL, TRUE },
	{ "/e2e/faults/receiver-account-disabled-mid-transfer", "alice", "bob", PLUGIN_F("s5b-refused"),
	  PLUGIN_F("disable-on-data"), FALSE, NULL, NULL, NULL, 30, NULL, TRUE },
	{ "/e2e/plugin-stock/fine", "alice", "bob", PLUGIN, STOCK, TRUE, "socks5", NULL, NULL, 30,
	  wire_stock_receiver },
	{ "/e2e/plugin-stock/socks5-refused", "alice", "bob", PLUGIN_F("s5b-refused"), STOCK,
	  TRUE, "ibb", NULL, NULL, 30, wire_stock_receiver },
	{ "/e2e/stock-plugin/fine", "alice", "bob", STOCK, PLUGIN, TRUE, "socks5", NULL, NULL, 30,
	  wire_stock_sender },
	{ "/e2e/stock-plugin/socks5-refused", "alice", "bob", STOCK_F("s5b-refused"), PLUGIN,
	  TRUE, "ibb", NULL, NULL, 30, wire_stock_sender },
	{ "/e2e/plugin-gabble/socks5-fails-then-ibb", "alice", "bob", PLUGIN,
	  { .gabble = TRUE }, TRUE, "ibb", NULL, NULL, 30, wire_gabble },
};

/* Memory growth of one client over transfers 50..500, in KiB. */
static gint64
growth(const SimPeerRun *p)
{
	return sim_peer_int(p, "rss_kb_end") - sim_peer_int(p, "rss_kb_50");
}

static void run_500(gboolean plugin, gint64 *sender, gint64 *receiver);

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
	const Scenario *sc = data;
	SimRun run;

	g_assert_nonnull(server);
	restarted = FALSE;
	sim_run_set_progress(sc->restart_server ? restart_on_s5b : NULL, NULL);
	g_assert_true(sim_run_transfer_attacked(server, sc->from, sc->to, &sc->sender, &sc->receiver,
	                                        &sc->attack, 512 * 1024, sc->timeout_s, &run));
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
	g_assert_cmpint(run.sender.status, >=, 0);
	if (sc->sender_only) {
		/* completed in the end, or ended by itself (with the expected reason) */
		g_assert_cmpstr(sim_peer_field(&run.sender, "outcome"), !=, "timeout");
		if (sc->sender_reason != NULL &&
		    g_strcmp0(sim_peer_field(&run.sender, "outcome"), "completed") != 0)
			g_assert_cmpstr(sim_peer_field(&run.sender, "reason"), ==, sc->sender_reason);
		sim_run_clear(&run);
		return;
	}
	g_assert_cmpint(run.receiver.status, >=, 0);
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
		sc->wire(sc, &run);
	sim_run_clear(&run);
}

static void
run_500(gboolean plugin, gint64 *sender, gint64 *receiver)
{
	SimSide s = { .plugin = plugin, .repeat = 500 }, r = { .plugin = plugin, .repeat = 500 };
	SimRun run;

	g_assert_true(sim_run_transfer(server, "alice", "bob", &s, &r, 4096, 120, &run));
	g_assert_cmpstr(sim_peer_field(&run.receiver, "outcome"), ==, "completed");
	g_assert_cmpstr(sim_peer_field(&run.receiver, "transfers"), ==, "500");
	g_assert_cmpstr(sim_peer_field(&run.receiver, "sha256"), ==, run.source_sha256);
	g_assert_cmpint(sim_peer_int(&run.sender, "rss_kb_50"), >, 0);
	*sender = growth(&run.sender);
	*receiver = growth(&run.receiver);
	sim_run_clear(&run);
}

int
main(int argc, char **argv)
{
	static const char *const users[] = { "alice", "bob", "carol", NULL };
	guint i;
	int rc;

	sim_isolate_network(argv);
	g_test_init(&argc, &argv, NULL);
	sim_test_xml_init();
	server = sim_server_start(users);
	for (i = 0; i < G_N_ELEMENTS(scenarios); i++)
		g_test_add_data_func(scenarios[i].path, &scenarios[i], run_scenario);
	g_test_add_func("/e2e/load/500-in-a-row-flat-memory", test_flat_memory);
	rc = g_test_run();
	sim_server_stop(server);
	return rc;
}
