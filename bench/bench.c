/* bench.c - `make bench`: real transfers on the test harness, stock
 * libpurple and the plugin measured in the same run, one table out.
 * Times are the sender's: offer -> first data (the bytestream is up) and
 * offer -> end. Each case runs both sides stock, then both with the plugin. */
#include <stdio.h>
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

int
main(int argc, char **argv)
{
	static const char *const users[] = { "alice", "bob", NULL };
	SimServer *srv;

	(void)argc;
	sim_isolate_network(argv);
	srv = sim_server_start(users);
	if (srv == NULL)
		return 1;
	printf("purple-si-multiple bench: stock libpurple vs the plugin, same run, same machine\n");
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
	sim_server_stop(srv);
	return 0;
}
