/* wire.c - assertions on a finished run: the stanzas each peer sent and
 * received (XPath over its trace) and what each user was told. One function
 * per expectation, named by the scenarios in test-e2e.c. */
#include <string.h>

#include "wire.h"
#include "testutil-xml.h"

#define IQ "*[local-name()='iq']"
/* our outgoing SI offers, in order */
#define IQ_OUT_SI "/trace/out/" IQ "/si:si"

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
void
wire_multiple(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "[@type='set']/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si"
		"[sm:si-multiple/sm:value][ft:file][not(fn:feature)]"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result']/si:si/sm:si-multiple/sm:value"), ==, 2);
}

/* IBB opened with the SI offer's stream id after SOCKS5 was answered with an error. */
/* `p` was told `line`, word for word, in a conversation. */
static void
told(const SimPeerRun *p, const char *line)
{
	const char *messages = sim_peer_field(p, "messages");

	if (strstr(messages, line) == NULL)
		g_error("expected to be told \"%s\"; was told \"%s\"", line, messages);
}

void
wire_ibb_same_sid(const SimRun *run)
{
	char *sid = str(&run->sender, "/trace/out/" IQ "/si:si/@id");
	char *ibb = str(&run->sender, "/trace/out/" IQ "/ibb:open/@sid");
	char *s5b = str(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]/@sid");

	g_assert_cmpstr(sid, !=, "");
	g_assert_cmpstr(ibb, ==, sid);
	g_assert_cmpstr(s5b, ==, sid);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='error'][.//st:item-not-found]"), >=, 1);
	g_free(sid);
	g_free(ibb);
	g_free(s5b);
}

void
wire_multiple_fallback(const SimRun *run)
{
	wire_multiple(run);
	wire_ibb_same_sid(run);
}

/* A stock receiver sees our offer with an ignored <si-multiple/> and
 * answers as stock does: one feature form, no list. */
void
wire_stock_receiver(const SimRun *run)
{
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si/fn:feature"
		"/x:x/x:field[@var='stream-method']/x:value"), ==, 1);
}

/* With a stock sender the plugin changes nothing on the wire. */
void
wire_stock_sender(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si/fn:feature"), ==, 1);
}

/* In-band only: the receiver lists IBB alone and no SOCKS5 query is sent. */
void
wire_ibb_only(const SimRun *run)
{
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "/si:si/sm:si-multiple/sm:value"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 0);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 1);
}

/* gabble's reply, word for word, then SOCKS5 -> item-not-found -> IBB, same sid. */
void
wire_gabble(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result']/si:si"
		"[ft:file][sm:si-multiple][not(fn:feature)]"), ==, 1);
	wire_ibb_same_sid(run);
}

/* The second transfer to a contact whose SOCKS5 failed goes in-band at
 * once: one SOCKS5 query in all, and the second starts without the wait. */
void
wire_memory(const SimRun *run)
{
	char **starts = g_strsplit(sim_peer_field(&run->sender, "starts"), ",", -1);

	g_assert_cmpstr(sim_peer_field(&run->receiver, "methods"), ==, "ibb,ibb");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 2);
	g_assert_cmpuint(g_strv_length(starts), ==, 2);
	g_assert_cmpint(g_ascii_strtoll(starts[0], NULL, 10), >=, 2500); /* the race ran out */
	g_assert_cmpint(g_ascii_strtoll(starts[1], NULL, 10), <, 1000);  /* no race at all */
	g_strfreev(starts);
}

/* The user reads why: a line in the conversation on each side. */
void
wire_messages_en(const SimRun *run)
{
	wire_multiple_fallback(run);
	/* the receiver could not reach the sender's addresses: each side says
	 * so from where it sits, naming the other by bare JID (no roster here),
	 * and the sender learns the receiver's counts */
	told(&run->sender, "bob@localhost could not connect to you directly (2 addresses refused); "
	                   "sending in-band instead, which is slower");
	told(&run->receiver, "Could not connect to alice@localhost directly (2 addresses refused); "
	                     "receiving in-band instead, which is slower");
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "/error[st:item-not-found]"
	                                      "/rep:streamhosts-failed[@tried='2'][@refused='2']"), ==, 1);
}

void
wire_messages_de(const SimRun *run)
{
	wire_multiple_fallback(run);
	told(&run->sender, "bob@localhost konnte sich nicht direkt mit Ihnen verbinden "
	                   "(2 Adressen haben abgelehnt); sende stattdessen über den Server, was langsamer ist");
	told(&run->receiver, "Keine direkte Verbindung zu alice@localhost möglich (2 Adressen haben "
	                     "abgelehnt); empfange stattdessen über den Server, was langsamer ist");
}

/* A failure says why in the conversation, not just "cancelled". */
void
wire_failure_message(const SimRun *run)
{
	wire_multiple(run);
	told(&run->sender, "Transfer of source.bin failed: bob@localhost refused the in-band transfer");
	told(&run->receiver, "Transfer of source.bin failed: alice@localhost never started the "
	                     "in-band transfer");
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
void
wire_timeout_1s(const SimRun *run)
{
	wire_multiple_fallback(run);
	g_assert_cmpint(start_ms(run, 0), >=, 900);
	g_assert_cmpint(start_ms(run, 0), <, 2500);
}

/* remember_failures=false: the second transfer tries SOCKS5 again. */
void
wire_memory_off(const SimRun *run)
{
	g_assert_cmpstr(sim_peer_field(&run->receiver, "methods"), ==, "ibb,ibb");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 2);
	g_assert_cmpint(start_ms(run, 1), >=, 2500);
}

/* enabled=false: the plugin changes nothing on the wire. */
void
wire_disabled(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 0);
}

/* Hostile input was on the wire, and the transfer went through regardless. */
void
wire_huge_list(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "/si:si/sm:si-multiple/sm:value"), >, 10000);
}

void
wire_many_streamhosts(const SimRun *run)
{
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "/bs:query/bs:streamhost"), >, 1000);
}

void
wire_dup_offer(const SimRun *run)
{
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[@type='set']/si:si"), ==, 2);
	/* one answer for one transfer; the copy is not turned into another */
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si"), ==, 1);
	g_assert_cmpstr(sim_peer_field(&run->receiver, "transfers"), ==, "1");
}

/* carol's forged reply reached alice, and changed nothing */
void
wire_foreign_reply(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result'][starts-with(@from,'carol@')]"
	                                    "/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='result'][starts-with(@from,'bob@')]"
	                                    "/si:si/sm:si-multiple/sm:value"), ==, 2);
	wire_ibb_same_sid(run);
}

/* carol's forged open reached bob and was refused; alice's went through */
void
wire_foreign_open(const SimRun *run)
{
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[starts-with(@from,'carol@')]/ibb:open"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='error'][@id='forged-open']"
	                                      "[starts-with(@to,'carol@')]"), ==, 1);
	wire_ibb_same_sid(run);
}

/* 20 transfers at once, every other one with SOCKS5 refused: all arrive. */
void
wire_parallel(const SimRun *run)
{
	g_assert_cmpstr(sim_peer_field(&run->receiver, "transfers"), ==, "20");
	g_assert_cmpstr(sim_peer_field(&run->sender, "transfers"), ==, "20");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/si:si/sm:si-multiple"), ==, 20);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), >=, 5);
}

void
wire_failure_message_de(const SimRun *run)
{
	wire_multiple(run);
	told(&run->sender, "Übertragung von source.bin fehlgeschlagen: bob@localhost hat die "
	                   "Übertragung über den Server abgelehnt");
	told(&run->receiver, "Übertragung von source.bin fehlgeschlagen: alice@localhost hat die "
	                     "Übertragung über den Server nie begonnen");
}

/* Stock on both sides: the plain XEP-0096 offer (SOCKS5 and IBB), a plain
 * one-value answer, and no si-multiple anywhere on the wire. */
void
wire_stock_stock(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "[@type='set']/si:si[ft:file]/fn:feature"
		"/x:x/x:field[@var='stream-method']/x:option"), ==, 2);
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[@type='set']/si:si[ft:file]"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "[@type='result']/si:si/fn:feature"
		"/x:x/x:field[@var='stream-method']/x:value"), ==, 1);
	g_assert_cmpint(count(&run->sender, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "//sm:si-multiple"), ==, 0);
}

/* The receiver reached the proxy, not the refused direct address. */
void
wire_stock_proxy(const SimRun *run)
{
	char *used = str(&run->sender, "/trace/in/" IQ "[@type='result']/bs:query/bs:streamhost-used/@jid");

	wire_stock_stock(run);
	g_assert_cmpstr(used, ==, "proxy.localhost");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:activate]"), ==, 1);
	g_free(used);
}

/* SOCKS5 refused, IBB opened with the offer's sid and answered not-acceptable. */
void
wire_stock_nothing_works(const SimRun *run)
{
	wire_stock_stock(run);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='error'][.//st:not-acceptable]"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data"), ==, 0);
	g_assert_cmpint(count(&run->receiver, "/trace/dropped[@why='ibb-rejected']"), ==, 1);
	/* the sender gives up at once; the receiver after stock's 30 s IBB wait */
	g_assert_cmpint(sim_peer_int(&run->sender, "t_end"), <, 5000);
	g_assert_cmpint(sim_peer_int(&run->receiver, "t_end"), <, 40000);
}


/* The account went offline mid-negotiation on both sides (the server
 * restarted): each user is told why the transfer stopped. */
void
wire_offline_both(const SimRun *run)
{
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "Transfer of source.bin stopped: your account went offline"));
	g_assert_nonnull(strstr(sim_peer_field(&run->receiver, "messages"),
	                        "Transfer of source.bin stopped: your account went offline"));
	g_assert_cmpstr(sim_peer_field(&run->sender, "reason"), ==, "account-offline");
}

/* The receiver went offline mid-transfer: it is told why, and the sender
 * reads libpurple's own "cancelled" line. */
void
wire_receiver_offline(const SimRun *run)
{
	g_assert_nonnull(strstr(sim_peer_field(&run->receiver, "messages"),
	                        "Transfer of source.bin stopped: your account went offline"));
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "cancelled the transfer of source.bin"));
	g_assert_cmpstr(sim_peer_field(&run->sender, "outcome"), ==, "cancelled");
}

/* The receiver's client quit mid-transfer: it shut down cleanly (exit
 * status 1: the transfer did not complete) without opening a conversation
 * to say so, and the sender reads libpurple's "cancelled" line. */
void
wire_receiver_quit(const SimRun *run)
{
	g_assert_cmpint(run->receiver.status, ==, 1);
	g_assert_cmpstr(sim_peer_field(&run->receiver, "outcome"), ==, "left");
	g_assert_null(strstr(sim_peer_field(&run->receiver, "messages"), "went offline"));
	g_assert_nonnull(strstr(sim_peer_field(&run->sender, "messages"),
	                        "cancelled the transfer of source.bin"));
}

/* The plugin's own in-band sender: the open declares the larger block, data
 * chunks are larger than libpurple's 3070 bytes (4096 base64 characters),
 * several data iqs leave before the first is answered (a window), the seq
 * runs on without a gap, and <close/> follows the last data iq. */
void
wire_ibb_window(const SimRun *run)
{
	const char *data = "/trace/out[" IQ "/ibb:data]";
	const char *first_ack = "/trace/in[" IQ "[@type='result'][@id=/trace/out/" IQ
		"[ibb:data[@seq='0']]/@id]][1]";
	char *before = g_strdup_printf("count(%s/preceding-sibling::out[" IQ "/ibb:data])", first_ack);
	char *last_seq = str(&run->sender, "/trace/out[" IQ "/ibb:data][last()]/" IQ "/ibb:data/@seq");
	int n = count(&run->sender, data);
	char *in_flight;

	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open[@block-size='16384']"), >=, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data[string-length(.) > 4096]"), >=, 1);
	g_assert_cmpint(n, >, 2);
	in_flight = str(&run->sender, before);
	g_assert_cmpint(g_ascii_strtoll(in_flight, NULL, 10), >=, 2);
	g_assert_cmpint(g_ascii_strtoll(last_seq, NULL, 10), ==, n - 1);
	g_assert_cmpint(count(&run->sender, "/trace/out[" IQ "/ibb:data][last()]/following-sibling::out["
		IQ "/ibb:close]"), ==, 1);
	g_free(in_flight);
	g_free(last_seq);
	g_free(before);
}

/* A stock receiver took the plugin's blocks and window. */
void
wire_ibb_window_stock(const SimRun *run)
{
	wire_ibb_window(run);
	wire_stock_receiver(run);
}

/* The receiver never answered SOCKS5: the sender's bound for a plugin peer
 * (the race's 3 s plus 4 s) ends the wait, the plugin opens in-band, and
 * the file is there within 10 s of the offer. */
void
wire_unanswered_plugin(const SimRun *run)
{
	wire_multiple(run);
	wire_ibb_window(run);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='error'][starts-with(@id, 'simibb-')]"), ==, 0);
	g_assert_cmpint(sim_peer_int(&run->sender, "t_end") - sim_peer_int(&run->sender, "t_offer"), <, 10000);
}

void
wire_gabble_window(const SimRun *run)
{
	wire_gabble(run);
	wire_ibb_window(run);
}

/* The second offer to a stock contact whose SOCKS5 failed lists in-band
 * alone, so the stock receiver cannot pick SOCKS5, and data flows at once. */
void
wire_memory_stock(const SimRun *run)
{
	const char *opts = "/trace/out/" IQ "/si:si/fn:feature/x:x/x:field[@var='stream-method']";
	char **starts = g_strsplit(sim_peer_field(&run->sender, "starts"), ",", -1);
	char *second = str(&run->sender, "count((" IQ_OUT_SI ")[2]/fn:feature/x:x/x:field/x:option)");

	g_assert_cmpint(count(&run->sender, opts), ==, 2);
	g_assert_cmpstr(second, ==, "1");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query[bs:streamhost]"), ==, 1);
	g_assert_cmpuint(g_strv_length(starts), ==, 2);
	g_assert_cmpint(g_ascii_strtoll(starts[1], NULL, 10), <, 1000);
	g_strfreev(starts);
	g_free(second);
}

/* The sender closed the stream it carried when its transfer ended early. */
void
wire_closed_by_sender(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data"), >=, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:close"), ==, 1);
}

/* The 16384-byte open was refused with resource-constraint: one more open,
 * with 4096, and data no larger than that. */
void
wire_resource_retry(const SimRun *run)
{
	char *first = str(&run->sender, "(/trace/out/" IQ "/ibb:open)[1]/@block-size");
	char *second = str(&run->sender, "(/trace/out/" IQ "/ibb:open)[2]/@block-size");

	g_assert_cmpstr(first, ==, "16384");
	g_assert_cmpstr(second, ==, "4096");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 2);
	g_free(first);
	g_free(second);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data[string-length(.) > 5464]"), ==, 0);
	wire_stock_receiver(run);
}

/* One in-band open in all, however the SOCKS5 answer and the bound met. */
void
wire_one_open(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "/ibb:open"), ==, 1);
}

/* Over 65536 data iqs: seq went 65535 -> 0 and on. */
void
wire_seq_wraps(const SimRun *run)
{
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data[@seq='65535']"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data[@seq='0']"), ==, 2);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:data"), >, 65536);
}

/* 20 at once, all in-band through the plugin's sender: 20 streams opened
 * by the plugin, each closed once. */
void
wire_parallel_ibb(const SimRun *run)
{
	wire_parallel(run);
	g_assert_cmpstr(sim_peer_field(&run->receiver, "transfers"), ==, "20");
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open[starts-with(../@id, 'simibb-')]"), ==, 20);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:close"), ==, 20);
}

/* A stock receiver reports no counts: the plugin sender still says who
 * could not connect to whom. */
void
wire_stock_receiver_told(const SimRun *run)
{
	wire_stock_receiver(run);
	told(&run->sender, "bob@localhost could not connect to you directly (no address worked); "
	                   "sending in-band instead, which is slower");
}

/* A plugin receiver's counts ride in its SOCKS5 error; the stock sender
 * reads the defined condition alone and opens in-band as ever. */
void
wire_stock_sender_told(const SimRun *run)
{
	wire_stock_sender(run);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "/error[st:item-not-found]"
	                                      "/rep:streamhosts-failed[@tried='2'][@refused='2']"), ==, 1);
	told(&run->receiver, "Could not connect to alice@localhost directly (2 addresses refused); "
	                     "receiving in-band instead, which is slower");
}

/* bob's phone is online too (its presence reached alice): alice's plugin
 * names the device it talks to; bob's side names alice, who has one. */
void
wire_second_device(const SimRun *run)
{
	const char *to = sim_peer_field(&run->sender, "messages");
	GRegex *re = g_regex_new("bob@localhost \\(r[0-9]+\\) could not connect to you directly "
	                         "\\([0-9]+ addresses did not answer\\); sending in-band instead", 0, 0, NULL);

	wire_multiple_fallback(run);
	if (!g_regex_match(re, to, 0, NULL))
		g_error("sender not told the device: \"%s\"", to);
	g_regex_unref(re);
	told(&run->receiver, "Could not connect to alice@localhost directly (");
	g_assert_null(strstr(sim_peer_field(&run->receiver, "messages"), "alice@localhost ("));
}

/* ejabberd as Debian ships it (no proxy, c2s shaped to 3000 bytes/s,
 * burst 20000): the offer names the direct streamhost alone, in-band is
 * opened once and closed once at the end, and no wait of either side
 * fired while the data crawled: one fallback on each side, no failure,
 * no error answer but the receiver's to SOCKS5. The transfer took the
 * shaper's time (the base64 data, less the burst, at 3000 bytes/s), so
 * the row did run shaped. */
void
wire_debian_defaults(const SimRun *run)
{
	gint64 took = sim_peer_int(&run->sender, "t_end") - sim_peer_int(&run->sender, "t_start");
	gint64 data;

	wire_multiple(run);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/bs:query/bs:streamhost"), ==, 1);
	g_assert_cmpint(count(&run->sender, "//bs:streamhost[@jid='proxy.localhost']"), ==, 0);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:open"), ==, 1);
	g_assert_cmpint(count(&run->sender, "/trace/out/" IQ "/ibb:close"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/out/" IQ "/ibb:close"), ==, 0);
	g_assert_cmpint(count(&run->sender, "/trace/in/" IQ "[@type='error']"), ==, 1);
	g_assert_cmpint(count(&run->receiver, "/trace/in/" IQ "[@type='error']"), ==, 0);
	g_assert_cmpstr(sim_peer_field(&run->sender, "reason"), ==, "");
	g_assert_cmpstr(sim_peer_field(&run->receiver, "reason"), ==, "");
	/* one fallback each, SOCKS5 to in-band, and nothing after it */
	g_assert_cmpstr(sim_peer_field(&run->sender, "tried"), ==, "socks5>ibb:socks5-failed;");
	g_assert_cmpstr(sim_peer_field(&run->receiver, "tried"), ==, "socks5>ibb:socks5-failed;");
	data = count(&run->sender, "/trace/out/" IQ "/ibb:data");
	g_assert_cmpint(data, >, 0);
	/* 64 KiB is ~87 KiB of base64: (87 KiB - 20000) / 3000 is ~23 s */
	g_assert_cmpint(took, >=, 15000);
}

/* The same, with chat: every line the sender typed while the data
 * crawled arrived, the last one perhaps after the receiver had quit. */
void
wire_debian_chat(const SimRun *run)
{
	gint64 sent = sim_peer_int(&run->sender, "chat_sent");
	gint64 got = sim_peer_int(&run->receiver, "chat_count");

	wire_debian_defaults(run);
	g_test_message("chat during the shaped transfer: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
	               " lines arrived, median %" G_GINT64_FORMAT " ms, max %" G_GINT64_FORMAT " ms",
	               got, sent, sim_peer_int(&run->receiver, "chat_median_ms"),
	               sim_peer_int(&run->receiver, "chat_max_ms"));
	g_assert_cmpint(sent, >=, 5);
	g_assert_cmpint(got, >=, sent - 1);
}
