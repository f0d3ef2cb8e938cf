/* bench.c - `make bench`: real transfers on the test harness, stock
 * libpurple and the plugin measured in the same run, tables out.
 * SOCKS5 section: times are the sender's, offer -> first data (the
 * bytestream is up) and offer -> end. In-band section: throughput with
 * SOCKS5 refused at 0/25/50 ms one way, the sender's CPU per MiB, and how
 * late chat lines arrive while a file goes in-band over a shaped link.
 * Each case runs both sides stock, then both with the plugin. The in-band
 * throughput rows run the plugin once more on ejabberd (Debian's package,
 * its shaper off on that listener; see tests/e2e/server-ejabberd.c).
 * BENCH_ONLY=socks5|ibb|chat (comma-separated) picks sections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "relay.h"
#include "server.h"

#define STOCK_LIMIT_S 30 /* a stock wait that never ends is cut here */

typedef struct {
	const char *name;
	const char *faults[SIM_MAX_FAULTS];          /* sender side */
	const char *receiver_faults[SIM_MAX_FAULTS];
	int repeat;                                  /* 2: time the second transfer */
} Case;

static const Case cases[] = {
	{ "a) streamhosts refused", { "s5b-refused" }, { NULL }, 0 },
	{ "b) 1 black-holed streamhost", { "s5b-blackhole", "proxy-down" }, { NULL }, 0 },
	{ "b) 3 black-holed streamhosts", { "s5b-blackhole-3" }, { NULL }, 0 },
	{ "c) SOCKS5 query unanswered", { NULL }, { "s5b-unanswered" }, 0 },
	{ "d) 2nd transfer, SOCKS5 failed before", { "s5b-blackhole" }, { NULL }, 2 },
};

typedef struct {
	double first;  /* seconds, < 0: never */
	double total;
	const char *outcome;
} Figure;

static gsize file_size = 1 << 20;

static Figure
measure(SimServer *srv, const Case *c, gboolean plugin)
{
	SimSide s = { .plugin = plugin, .repeat = c->repeat };
	SimSide r = { .plugin = plugin, .repeat = c->repeat };
	SimRun run;
	Figure f = { -1, -1, "error" };
	guint i;

	for (i = 0; i < SIM_MAX_FAULTS; i++) {
		s.faults[i] = c->faults[i];
		r.faults[i] = c->receiver_faults[i];
	}
	if (!sim_run_transfer(srv, "alice", "bob", &s, &r, file_size, STOCK_LIMIT_S, &run))
		return f;
	f.outcome = g_intern_string(sim_peer_field(&run.sender, "outcome"));
	if (c->repeat > 1) {
		const char *starts = sim_peer_field(&run.sender, "starts");
		const char *second = strchr(starts, ',');

		f.first = second ? g_ascii_strtod(second + 1, NULL) / 1000.0 : -1;
		f.total = (sim_peer_int(&run.sender, "t_end") - sim_peer_int(&run.sender, "t_offer")) / 1000.0;
	} else {
		gint64 offer = sim_peer_int(&run.sender, "t_offer");
		gint64 start = sim_peer_int(&run.sender, "t_start");

		f.first = start > 0 ? (start - offer) / 1000.0 : -1;
		f.total = (sim_peer_int(&run.sender, "t_end") - offer) / 1000.0;
	}
	sim_run_clear(&run);
	return f;
}

static void
cell(char *buf, gsize len, double v, const char *outcome)
{
	if (v < 0 && g_strcmp0(outcome, "timeout") == 0)
		g_snprintf(buf, len, "never (>%d s)", STOCK_LIMIT_S);
	else if (v < 0)
		g_snprintf(buf, len, "- (%s)", outcome);
	else
		g_snprintf(buf, len, "%.3f s", v);
}

static void
row(const Case *c, const Figure *stock, const Figure *ours)
{
	char a[32], b[32], x[32], y[32], ratio[32];
	double s = stock->first >= 0 ? stock->first : (stock->total >= 0 ? stock->total : -1);
	double o = ours->first >= 0 ? ours->first : ours->total;

	cell(a, sizeof a, stock->first, stock->outcome);
	cell(b, sizeof b, stock->total, stock->outcome);
	cell(x, sizeof x, ours->first, ours->outcome);
	cell(y, sizeof y, ours->total, ours->outcome);
	if (s > 0 && o > 0)
		g_snprintf(ratio, sizeof ratio, "%.2f", o / s);
	else
		g_snprintf(ratio, sizeof ratio, "-");
	printf("| %-38s | %-14s | %-14s | %-14s | %-14s | %-7s | %-9s |\n", c->name, a, b, x, y, ratio,
	       ours->outcome);
}

static gboolean
netem_available(void)
{
	const char *argv[] = { "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "25ms", NULL };
	const char *del[] = { "tc", "qdisc", "del", "dev", "lo", "root", NULL };
	int status = -1;

	if (g_getenv("SIM_IN_NETNS") == NULL)
		return FALSE; /* never change the host's loopback */
	g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
	             NULL, NULL, NULL, NULL, &status, NULL);
	if (status != 0)
		return FALSE;
	g_spawn_sync(NULL, (char **)del, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	return TRUE;
}

static void
set_delay(gboolean on)
{
	const char *add[] = { "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "25ms", NULL };
	const char *del[] = { "tc", "qdisc", "del", "dev", "lo", "root", NULL };

	g_spawn_sync(NULL, (char **)(on ? add : del), NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
	             NULL, NULL, NULL);
}

static void
table(SimServer *srv, const char *rtt)
{
	guint i;

	printf("\n%s round trip (%" G_GSIZE_FORMAT " KiB file; times from the sender's offer)\n\n",
	       rtt, file_size >> 10);
	printf("| %-38s | %-14s | %-14s | %-14s | %-14s | %-7s | %-9s |\n", "case", "stock: 1st data",
	       "stock: total", "plugin: 1st data", "plugin: total", "ratio", "plugin");
	printf("|%s|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------", "----------------",
	       "----------------", "----------------", "----------------", "---------", "-----------");
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		Figure stock = measure(srv, &cases[i], FALSE);
		Figure ours = measure(srv, &cases[i], TRUE);

		row(&cases[i], &stock, &ours);
		fflush(stdout);
	}
}

/* ---- in-band ---- */

/* One in-band run: both sides stock or both with the plugin. */
typedef struct {
	gboolean plugin;
	const char *pref;   /* plugin preference on both sides, or NULL */
	const char *label;
} Variant;

static const Variant stock_v = { FALSE, NULL, "stock" };
static const Variant adaptive_v = { TRUE, NULL, "plugin (adaptive)" };
static const Variant fixed_v = { TRUE, "ibb_fixed_window=10", "plugin (fixed window 10)" };

typedef struct {
	gsize size;
	double kib_s;        /* first data -> end, sender's clock; < 0: none */
	double cpu_mib;      /* sender CPU s per MiB, whole process */
	double cpu_xfer_mib; /* the same, first data -> end only */
	gint64 chat_sent, chat_count, chat_median, chat_p90;
	const char *outcome, *method;
	gboolean clock_ok;   /* the sender's monotonic clock is the driver's */
} IbbFigure;

static gsize
env_size(const char *name, gsize fallback, gsize unit)
{
	const char *v = g_getenv(name);
	double x = v != NULL ? g_ascii_strtod(v, NULL) : 0;

	return x > 0 ? (gsize)(x * unit) : fallback * unit;
}

/* Generous bound: stock stop-and-wait moves 3 KiB per round trip (4 link
 * crossings), base64 adds a third, a shaped link caps the rate. */
static guint
ibb_timeout_s(const SimLink *l, gsize size)
{
	double rate = 3072.0 / ((4.0 * l->delay_ms + 2.0) / 1000.0);

	if (l->rate_bps > 0)
		rate = MIN(rate, l->rate_bps / 1.5);
	return (guint)MIN(60.0 + 2.0 * size / rate, 900.0);
}

static void
ibb_fill(IbbFigure *f, const SimRun *run)
{
	const SimPeerRun *tx = &run->sender, *rx = &run->receiver;
	gint64 start = sim_peer_int(tx, "t_start"), end = sim_peer_int(tx, "t_end");
	gint64 t0 = sim_peer_int(tx, "mono_t0_ms");
	double mib = (double)f->size / (1 << 20);

	f->outcome = g_intern_string(sim_peer_field(tx, "outcome"));
	f->method = g_intern_string(sim_peer_field(tx, "method"));
	if (g_strcmp0(f->outcome, "completed") == 0 &&
	    g_strcmp0(sim_peer_field(rx, "sha256"), run->source_sha256) == 0 && start > 0 && end > start)
		f->kib_s = f->size / 1024.0 / ((end - start) / 1000.0);
	f->cpu_mib = sim_peer_int(tx, "cpu_ms") / 1000.0 / mib;
	f->cpu_xfer_mib = sim_peer_int(tx, "cpu_xfer_ms") / 1000.0 / mib;
	f->chat_sent = sim_peer_int(tx, "chat_sent");
	f->chat_count = sim_peer_int(rx, "chat_count");
	f->chat_median = sim_peer_int(rx, "chat_median_ms");
	f->chat_p90 = sim_peer_int(rx, "chat_p90_ms");
	f->clock_ok = t0 >= run->t0_mono_ms && t0 <= run->t0_mono_ms + run->wall_ms;
}

static IbbFigure
ibb_measure(SimServer *srv, const Variant *v, SimLink link, gsize size, guint chat_ms)
{
	/* refused streamhosts: both sides reach in-band within milliseconds */
	SimSide s = { .plugin = v->plugin, .faults = { "s5b-refused" }, .prefs = { v->pref },
	              .link = link, .chat_interval_ms = chat_ms };
	SimSide r = { .plugin = v->plugin, .prefs = { v->pref }, .link = link };
	IbbFigure f = { .size = size, .kib_s = -1, .outcome = "error", .method = "none" };
	SimRun run;

	if (sim_run_transfer(srv, "alice", "bob", &s, &r, size, ibb_timeout_s(&link, size), &run))
		ibb_fill(&f, &run);
	sim_run_clear(&run);
	return f;
}

/* "29.1 KiB/s", or why there is no rate. */
static void
rate_cell(char *buf, gsize len, const IbbFigure *f)
{
	if (f->kib_s < 0)
		g_snprintf(buf, len, "- (%s)", f->outcome);
	else if (g_strcmp0(f->method, "ibb") != 0)
		g_snprintf(buf, len, "%.1f KiB/s (via %s!)", f->kib_s, f->method);
	else
		g_snprintf(buf, len, "%.1f KiB/s", f->kib_s);
}

static void
ratio_cell(char *buf, gsize len, double ours, double stock)
{
	if (ours > 0 && stock > 0)
		g_snprintf(buf, len, "%.2f", ours / stock);
	else
		g_snprintf(buf, len, "-");
}

/* ejabberd for the in-band rows' last column, NULL when it did not start */
static SimServer *ejabberd;
static const char *ejabberd_why = "not started";

static void
ibb_throughput_row(SimServer *srv, guint delay_ms, IbbFigure *stock, IbbFigure *ours)
{
	IbbFigure ej = { .kib_s = -1, .outcome = "error", .method = "none" };
	char c[48];
	SimLink link = { .delay_ms = delay_ms };
	gsize big = env_size("BENCH_IBB_MIB", 4, 1 << 20);
	/* stock at 25+ ms moves ~30 KiB/s or less: a smaller file keeps the run short */
	gsize slow = delay_ms > 0 ? MIN(big, env_size("BENCH_IBB_SLOW_MIB", 1, 1 << 20)) : big;
	char a[48], b[48], ratio[16];

	*stock = ibb_measure(srv, &stock_v, link, slow, 0);
	*ours = ibb_measure(srv, &adaptive_v, link, big, 0);
	if (ejabberd != NULL) {
		ej = ibb_measure(ejabberd, &adaptive_v, link, big, 0);
		rate_cell(c, sizeof c, &ej);
	} else {
		g_snprintf(c, sizeof c, "- (%s)", ejabberd_why);
	}
	rate_cell(a, sizeof a, stock);
	rate_cell(b, sizeof b, ours);
	ratio_cell(ratio, sizeof ratio, ours->kib_s, stock->kib_s);
	printf("| %5u ms | %8" G_GSIZE_FORMAT " KiB | %-24s | %8" G_GSIZE_FORMAT " KiB | %-24s | %-7s | %-9s | %-24s |\n",
	       delay_ms, stock->size >> 10, a, ours->size >> 10, b, ratio, ours->outcome, c);
	fflush(stdout);
}

static void
cpu_table(const IbbFigure *stock, const IbbFigure *ours)
{
	char r1[16], r2[16];

	ratio_cell(r1, sizeof r1, ours->cpu_mib, stock->cpu_mib);
	ratio_cell(r2, sizeof r2, ours->cpu_xfer_mib, stock->cpu_xfer_mib);
	printf("\nSender CPU (user+sys) per MiB sent, 0 ms in-band run (%" G_GSIZE_FORMAT
	       " KiB file)\n\n", ours->size >> 10);
	printf("| %-36s | %-10s | %-10s | %-7s |\n", "", "stock", "plugin", "ratio");
	printf("|--------------------------------------|------------|------------|---------|\n");
	printf("| %-36s | %-8.3f s | %-8.3f s | %-7s |\n", "whole process (start-up included)",
	       stock->cpu_mib, ours->cpu_mib, r1);
	printf("| %-36s | %-8.3f s | %-8.3f s | %-7s |\n", "first data to end", stock->cpu_xfer_mib,
	       ours->cpu_xfer_mib, r2);
	fflush(stdout);
}

static void
ibb_throughput_table(SimServer *srv)
{
	static const guint delays[] = { 0, 25, 50 };
	IbbFigure stock0 = { 0 }, ours0 = { 0 };
	guint i;

	printf("\n### In-band throughput (SOCKS5 refused; delay on every client's XMPP"
	       " connection, each way)\n\n");
	printf("Rate = file size / (sender's first data -> end). Stock at 25 ms and more"
	       " sends a smaller file (BENCH_IBB_SLOW_MIB) to keep the run short.\n\n");
	printf("Last column: the plugin again, same file, on ejabberd instead of Prosody.\n\n");
	printf("| %-8s | %-12s | %-24s | %-12s | %-24s | %-7s | %-9s | %-24s |\n", "one way",
	       "stock: file", "stock", "plugin: file", "plugin", "ratio", "plugin", "plugin on ejabberd");
	printf("|----------|--------------|--------------------------|--------------|"
	       "--------------------------|---------|-----------|--------------------------|\n");
	for (i = 0; i < G_N_ELEMENTS(delays); i++) {
		IbbFigure stock, ours;

		ibb_throughput_row(srv, delays[i], &stock, &ours);
		if (delays[i] == 0) {
			stock0 = stock;
			ours0 = ours;
		}
	}
	cpu_table(&stock0, &ours0);
}

static void
chat_cell(char *buf, gsize len, gint64 ms)
{
	if (ms < 0)
		g_snprintf(buf, len, "-");
	else
		g_snprintf(buf, len, "%" G_GINT64_FORMAT " ms", ms);
}

static void
chat_row(const char *link_name, const Variant *v, const IbbFigure *f, const IbbFigure *stock)
{
	char rate[48], med[16], p90[16], count[24], ratio[16];

	rate_cell(rate, sizeof rate, f);
	chat_cell(med, sizeof med, f->chat_count > 0 ? f->chat_median : -1);
	chat_cell(p90, sizeof p90, f->chat_count > 0 ? f->chat_p90 : -1);
	g_snprintf(count, sizeof count, "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
	           f->chat_count, f->chat_sent);
	ratio_cell(ratio, sizeof ratio, f->chat_count > 0 ? f->chat_median : -1,
	           stock->chat_count > 0 ? stock->chat_median : -1);
	printf("| %-28s | %-24s | %5" G_GSIZE_FORMAT " KiB | %-24s | %-9s | %-9s | %-9s | %-7s |%s\n",
	       link_name, v->label, f->size >> 10, rate, count, med, p90, ratio,
	       f->clock_ok ? "" : " (clocks differ?)");
	fflush(stdout);
}

static void
chat_link(SimServer *srv, const char *name, SimLink link, gsize size)
{
	const Variant *variants[] = { &stock_v, &adaptive_v, &fixed_v };
	IbbFigure stock = { 0 };
	guint i;

	for (i = 0; i < G_N_ELEMENTS(variants); i++) {
		IbbFigure f = ibb_measure(srv, variants[i], link, size, 500);

		if (i == 0)
			stock = f;
		chat_row(name, variants[i], &f, &stock);
	}
}

static void
chat_table(SimServer *srv)
{
	SimLink wan = { .delay_ms = 25, .rate_bps = 65536, .burst = 65536 };
	SimLink debian = { .delay_ms = 25, .rate_bps = 3000, .burst = 20000 };

	printf("\n### Chat during an in-band transfer (a line every 500 ms from the sender;"
	       " arrival - send time at the receiver)\n\n");
	printf("Both clients' XMPP connections shaped each way (token bucket in the relay)."
	       " received/sent: lines that arrived before the receiver quit. Ratio: median /"
	       " stock median.\n\n");
	printf("| %-28s | %-24s | %-9s | %-24s | %-9s | %-9s | %-9s | %-7s |\n", "link", "variant",
	       "file", "transfer", "rcvd/sent", "median", "p90", "ratio");
	printf("|------------------------------|--------------------------|-----------|"
	       "--------------------------|-----------|-----------|-----------|---------|\n");
	chat_link(srv, "64 KiB/s, 25 ms", wan, env_size("BENCH_CHAT_KIB", 1024, 1024));
	chat_link(srv, "3000 B/s burst 20000, 25 ms", debian, env_size("BENCH_CHAT_SLOW_KIB", 64, 1024));
}

/* ---- main ---- */

static gboolean
section_on(const char *name)
{
	const char *only = g_getenv("BENCH_ONLY");
	char **names;
	gboolean on;

	if (only == NULL || *only == '\0')
		return TRUE;
	names = g_strsplit(only, ",", -1);
	on = g_strv_contains((const char *const *)names, name);
	g_strfreev(names);
	return on;
}

static void
socks5_tables(SimServer *srv)
{
	printf("(ratio = plugin / stock time to first data, or to the end when no data flows)\n");
	table(srv, "0 ms");
	if (netem_available()) {
		file_size = 256 << 10;
		set_delay(TRUE);
		table(srv, "50 ms (netem on loopback, every connection)");
		set_delay(FALSE);
	} else {
		/* no netem here: delay the XMPP connections in a relay instead;
		 * SOCKS5 connections are then not delayed */
		SimRelay *relay = sim_relay_start(srv->c2s_port, 25);

		if (relay != NULL) {
			/* in-band moves one 3 KiB block per round trip: keep it short */
			file_size = 256 << 10;
			srv->client_port = sim_relay_port(relay);
			table(srv, "50 ms (netem unavailable: XMPP connections through a 25 ms-each-way"
			      " relay; SOCKS5 not delayed)");
			srv->client_port = 0;
			sim_relay_stop(relay);
		}
	}
}

int
main(int argc, char **argv)
{
	static const char *const users[] = { "alice", "bob", NULL };
	SimServer *srv;

	(void)argc;
	sim_isolate_network(argv);
	srv = sim_server_start(SIM_SERVER_PROSODY, users);
	if (srv == NULL)
		return 1;
	printf("purple-si-multiple bench: stock libpurple vs the plugin, same run, same machine\n");
	if (section_on("socks5"))
		socks5_tables(srv);
	if (section_on("ibb")) {
		ejabberd = sim_server_start(SIM_SERVER_EJABBERD, users);
		if (ejabberd == NULL)
			ejabberd_why = g_intern_string(sim_server_error());
		ibb_throughput_table(srv);
		sim_server_stop(ejabberd);
		ejabberd = NULL;
	}
	if (section_on("chat"))
		chat_table(srv);
	sim_server_stop(srv);
	return 0;
}
