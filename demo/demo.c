/* demo.c - the main job, side by side: a private XMPP server on loopback,
 * every client's connection delayed through a relay, SOCKS5 black-holed
 * (every streamhost alice offers is a listener that never answers), and
 * the same file sent twice: stock libpurple on both sides, then the plugin
 * on both sides. Shows progress, then for each the time to first data,
 * the whole transfer, what each user was told and the checksum, and ends
 * in a verdict with both measured times. Exits non-zero unless both
 * transfers delivered the file intact. */
#include <stdio.h>
#include <stdlib.h>

#include "demo.h"
#include "server.h"

#define DELAY_MS 25                /* each way, on every client's XMPP connection */
#define DEFAULT_SIZE_KIB 1024      /* stock crawls in-band: ~29 KiB/s at 25 ms */

/* A bound on one transfer: generous for stock's black-hole wait (seconds)
 * and its in-band crawl (a few dozen KiB/s at this delay). */
static guint
timeout_for(gsize size)
{
	return 60 + (guint)MIN(size / (8 * 1024), 1800);
}

/* Seconds from alice's offer to a moment of bob's (both on the machine's
 * CLOCK_MONOTONIC, as each peer reports its own start); < 0: never. */
static double
since_offer(const SimRun *run, const char *rx_key)
{
	gint64 offer = sim_peer_int(&run->sender, "t_offer");
	gint64 at = sim_peer_int(&run->receiver, rx_key);

	if (offer <= 0 || at <= 0)
		return -1;
	return (sim_peer_int(&run->receiver, "mono_t0_ms") + at -
	        sim_peer_int(&run->sender, "mono_t0_ms") - offer) / 1000.0;
}

static void
measure(DemoCase *c)
{
	const SimPeerRun *rx = &c->run.receiver;
	gint64 start = sim_peer_int(rx, "t_start"), end = sim_peer_int(rx, "t_end");
	gboolean completed = g_strcmp0(sim_peer_field(rx, "outcome"), "completed") == 0;

	c->first_s = since_offer(&c->run, "t_start");
	c->total_s = completed ? since_offer(&c->run, "t_end") : -1;
	c->data_s = completed && start > 0 && end > start ? (end - start) / 1000.0 : -1;
	c->delivered = c->started && completed && c->run.source_sha256 != NULL &&
	               g_strcmp0(sim_peer_field(rx, "sha256"), c->run.source_sha256) == 0;
}

static void
run_case(const SimServer *srv, DemoCase *c, guint n, gsize size)
{
	SimSide sender = { .plugin = c->plugin, .faults = { "s5b-blackhole" },
	                   .link = { .delay_ms = DELAY_MS } };
	SimSide receiver = { .plugin = c->plugin, .link = { .delay_ms = DELAY_MS } };

	printf("\n%u) %s\n", n, c->title);
	fflush(stdout);
	c->t_call_ms = g_get_monotonic_time() / 1000;
	demo_progress_begin(size, c->t_call_ms);
	c->started = sim_run_transfer(srv, "alice", "bob", &sender, &receiver, size,
	                              timeout_for(size), &c->run);
	measure(c);
	demo_progress_end(c);
	demo_report(c);
}

/* The file's size in KiB: the first argument, else DEFAULT_SIZE_KIB. */
static gsize
size_from(int argc, char **argv)
{
	guint64 kib = argc > 1 ? g_ascii_strtoull(argv[1], NULL, 10) : 0;

	if (kib == 0 || kib > 4u << 20) {
		if (argc > 1)
			fprintf(stderr, "size %s KiB: not 1 to %u; using %u KiB\n", argv[1], 4u << 20,
			        DEFAULT_SIZE_KIB);
		kib = DEFAULT_SIZE_KIB;
	}
	return (gsize)kib << 10;
}

static void
introduce(const SimServer *srv, gsize size)
{
	char *words = demo_size_words(size);

	printf("  server up on 127.0.0.1:%u, its SOCKS5 proxy on port %u\n", srv->c2s_port,
	       srv->proxy_port);
	printf("  every client's XMPP connection goes through a relay: %u ms each way\n", DELAY_MS);
	printf("  SOCKS5 black-holed: every streamhost alice offers never answers\n");
	printf("  alice sends bob a %s file twice: stock libpurple, then the plugin\n", words);
	printf("  (the progress clock starts as both clients begin signing in)\n");
	g_free(words);
}

int
main(int argc, char **argv)
{
	static const char *const users[] = { "alice", "bob", NULL };
	DemoCase stock = { .title = "stock libpurple on both sides", .plugin = FALSE };
	DemoCase ours = { .title = "the plugin on both sides", .plugin = TRUE };
	SimServer *srv;
	gsize size;
	gboolean ok;

	sim_isolate_network(argv);
	size = size_from(argc, argv);
	printf("purple-si-multiple demo: what a user gains, stock libpurple vs the plugin\n");
	printf("  starting a private XMPP server (Prosody, loopback only) ...\n");
	fflush(stdout);
	srv = sim_server_start(SIM_SERVER_PROSODY, users);
	if (srv == NULL) {
		fprintf(stderr, "the XMPP server did not start\n");
		return 1;
	}
	introduce(srv, size);
	sim_run_set_progress(demo_progress_tick, NULL);
	run_case(srv, &stock, 1, size);
	run_case(srv, &ours, 2, size);
	sim_run_set_progress(NULL, NULL);
	ok = demo_verdict(&stock, &ours, size);
	sim_run_clear(&stock.run);
	sim_run_clear(&ours.run);
	sim_server_stop(srv);
	return ok ? 0 : 1;
}
