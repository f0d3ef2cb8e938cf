/* demo.c - the main job: a private XMPP server on loopback, two headless
 * clients with the plugin, and a file sent while SOCKS5 is blocked (every
 * streamhost the sender offers is refused). Shows progress and the trail:
 * what was tried, why it failed, what carried the file, and a checksum. */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "scenario.h"
#include "server.h"
#include "testutil-xml.h"

static gsize demo_size;

static void
progress(const char *rx_dir, gpointer data)
{
	char *path = g_build_filename(rx_dir, "source.bin", NULL);
	GStatBuf st;
	double frac;
	int bar, i;

	(void)data;
	if (g_stat(path, &st) == 0 && demo_size > 0) {
		frac = MIN(1.0, (double)st.st_size / demo_size);
		bar = (int)(frac * 40);
		printf("\r  receiving [");
		for (i = 0; i < 40; i++)
			putchar(i < bar ? '#' : '.');
		printf("] %5.1f%%", frac * 100);
		fflush(stdout);
	}
	g_free(path);
}

static int
count(const char *xml, const char *expr)
{
	return xml ? sim_test_xpath_count(xml, expr) : 0;
}

static const char *
method_words(const char *m)
{
	if (g_strcmp0(m, "ibb") == 0)
		return "in-band bytestream";
	if (g_strcmp0(m, "socks5-proxy") == 0)
		return "SOCKS5 through the server's proxy";
	if (g_strcmp0(m, "socks5") == 0)
		return "direct SOCKS5";
	return "nothing";
}

/* "socks5>ibb:socks5-failed;" -> "socks5 failed (socks5-failed), then ibb" */
static void
print_tried(const char *who, const char *tried)
{
	char **steps = g_strsplit(tried, ";", -1);
	guint i;

	printf("  %-8s ", who);
	if (*tried == '\0')
		printf("first method worked");
	for (i = 0; steps[i] != NULL && *steps[i] != '\0'; i++) {
		char **p = g_strsplit_set(steps[i], ">:", 3);

		if (g_strv_length(p) == 3)
			printf("%s%s failed (%s), then %s", i ? "; " : "", p[0], p[2], p[1]);
		else
			printf("%s%s", i ? "; " : "", steps[i]);
		g_strfreev(p);
	}
	printf("\n");
	g_strfreev(steps);
}

static void
print_trail(const SimRun *run)
{
	const SimPeerRun *s = &run->sender, *r = &run->receiver;
	int hosts = count(s->trace, "/trace/out/*[local-name()='iq']/*[local-name()='query']"
	                            "/*[local-name()='streamhost']");
	gboolean ok = g_strcmp0(sim_peer_field(r, "sha256"), run->source_sha256) == 0;
	double secs = (sim_peer_int(s, "t_end") - sim_peer_int(s, "t_offer")) / 1000.0;
	const char *method = sim_peer_field(r, "method");

	printf("\n\n");
	print_tried("alice", sim_peer_field(s, "tried"));
	print_tried("bob", sim_peer_field(r, "tried"));
	printf("\n");
	if (strstr(sim_peer_field(s, "tried"), "socks5>ibb") != NULL)
		printf("SOCKS5: %d streamhost%s refused → ", hosts, hosts == 1 ? "" : "s");
	printf("%s: %.1f MiB in %.1f s, sha256 %s\n", method_words(method),
	       demo_size / 1048576.0, secs, ok ? "ok" : "MISMATCH");
}

int
main(int argc, char **argv)
{
	static const char *const users[] = { "alice", "bob", NULL };
	SimSide sender = { .plugin = TRUE, .faults = { "s5b-refused" } };
	SimSide receiver = { .plugin = TRUE };
	SimServer *srv;
	SimRun run;
	gboolean done;
	int rc;

	sim_isolate_network(argv);
	sim_test_xml_init();
	demo_size = argc > 1 ? (gsize)g_ascii_strtoull(argv[1], NULL, 10) << 20 : 5u << 20;
	printf("purple-si-multiple demo\n");
	printf("  starting a private XMPP server (Prosody, loopback only) ...\n");
	srv = sim_server_start(SIM_SERVER_PROSODY, users);
	if (srv == NULL) {
		fprintf(stderr, "the XMPP server did not start\n");
		return 1;
	}
	printf("  server up on 127.0.0.1:%u, SOCKS5 proxy on port %u\n", srv->c2s_port, srv->proxy_port);
	printf("  alice sends bob a %.1f MiB file; both run the plugin;\n", demo_size / 1048576.0);
	printf("  SOCKS5 is blocked: every streamhost alice offers refuses connections\n\n");
	sim_run_set_progress(progress, NULL);
	done = sim_run_transfer(srv, "alice", "bob", &sender, &receiver, demo_size, 60, &run);
	rc = done && g_strcmp0(sim_peer_field(&run.receiver, "outcome"), "completed") == 0 &&
	     g_strcmp0(sim_peer_field(&run.receiver, "sha256"), run.source_sha256) == 0 ? 0 : 1;
	print_trail(&run);
	if (rc != 0)
		printf("\nthe transfer did not complete: %s / %s\n", sim_peer_field(&run.sender, "reason"),
		       sim_peer_field(&run.receiver, "reason"));
	sim_run_clear(&run);
	sim_server_stop(srv);
	return rc;
}
