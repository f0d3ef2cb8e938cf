/* report.c - what the demo prints about each transfer (times, the method,
 * the checksum, what each user was told) and the closing verdict. Every
 * figure comes from the run just made; what the users were told is the
 * peers' own record of their conversation windows, printed as is. */
#include <stdio.h>
#include <string.h>
#include <libpurple/util.h>

#include "demo.h"

char *
demo_size_words(gsize bytes)
{
	if (bytes >= 1 << 20)
		return g_strdup_printf("%.1f MiB", bytes / 1048576.0);
	return g_strdup_printf("%.0f KiB", bytes / 1024.0);
}

static const char *
method_words(const char *m)
{
	if (g_strcmp0(m, "ibb") == 0)
		return "in-band bytestream (XEP-0047, through the server)";
	if (g_strcmp0(m, "socks5-proxy") == 0)
		return "SOCKS5 through the server's proxy";
	if (g_strcmp0(m, "socks5") == 0)
		return "direct SOCKS5";
	return "nothing";
}

static void
print_seconds(const char *label, double s, const char *what)
{
	if (s >= 0)
		printf("  %-15s %.1f s %s\n", label, s, what);
	else
		printf("  %-15s never\n", label);
}

/* "sha256 ok" when bob's copy hashes as alice's file did. */
static void
print_checksum(const DemoCase *c)
{
	const char *got = sim_peer_field(&c->run.receiver, "sha256");
	const char *sent = c->run.source_sha256 ? c->run.source_sha256 : "";

	if (*got == '\0')
		printf("  %-15s nothing received to check (source %.16s...)\n", "sha256", sent);
	else if (g_strcmp0(got, sent) == 0)
		printf("  %-15s ok (source and received: %.16s...)\n", "sha256", sent);
	else
		printf("  %-15s MISMATCH (source %.16s..., received %.16s...)\n", "sha256", sent, got);
}

/* The peer's conversation lines ('|'-separated, with markup), as the user
 * read them: markup stripped, one per line, indented. */
static void
print_told(const char *who, const SimPeerRun *p)
{
	const char *messages = sim_peer_field(p, "messages");
	char **lines = g_strsplit(messages, "|", -1);
	guint i, shown = 0;

	printf("  %s saw:\n", who);
	for (i = 0; lines[i] != NULL; i++) {
		char *text = purple_markup_strip_html(lines[i]);
		char **parts = g_strsplit(g_strstrip(text), "\n", -1);
		guint j;

		for (j = 0; parts[j] != NULL; j++)
			if (*g_strstrip(parts[j]) != '\0') {
				printf("      %s\n", parts[j]);
				shown++;
			}
		g_strfreev(parts);
		g_free(text);
	}
	if (shown == 0)
		printf("      (nothing in the conversation)\n");
	g_strfreev(lines);
}

void
demo_report(const DemoCase *c)
{
	const SimPeerRun *rx = &c->run.receiver;

	if (!c->started) {
		printf("  the peers did not start or sign on: no transfer\n");
		return;
	}
	print_seconds("first data", c->first_s, "after alice's offer (the bytestream is up)");
	print_seconds("whole transfer", c->total_s, "(alice's offer to bob holding the whole file)");
	printf("  %-15s %s\n", "carried by", method_words(sim_peer_field(rx, "method")));
	if (g_strcmp0(sim_peer_field(rx, "outcome"), "completed") != 0)
		printf("  %-15s %s%s%s\n", "outcome", *sim_peer_field(rx, "outcome") ?
		       sim_peer_field(rx, "outcome") : "no result",
		       *sim_peer_field(rx, "reason") ? ": " : "", sim_peer_field(rx, "reason"));
	print_checksum(c);
	print_told("alice", &c->run.sender);
	print_told("bob", rx);
}

static void
print_ratio(double stock_s, double ours_s)
{
	double r = stock_s / ours_s;

	if (r >= 10)
		printf(": %.0fx faster\n", r);
	else if (r >= 1)
		printf(": %.1fx faster\n", r);
	else
		printf(": %.1fx slower\n", 1 / r);
}

/* Why a transfer did not deliver the file, in a word or two. */
static const char *
failure_words(const DemoCase *c)
{
	const char *outcome = sim_peer_field(&c->run.receiver, "outcome");

	if (!c->started)
		return "the peers did not sign on";
	if (g_strcmp0(outcome, "completed") == 0)
		return "checksum mismatch";
	return *outcome ? outcome : "no result";
}

gboolean
demo_verdict(const DemoCase *stock, const DemoCase *ours, gsize size)
{
	char *words = demo_size_words(size);

	printf("\nVerdict: ");
	if (ours->delivered && stock->delivered && ours->total_s > 0) {
		printf("the plugin delivered %s in %.1f s, stock libpurple in %.1f s", words,
		       ours->total_s, stock->total_s);
		print_ratio(stock->total_s, ours->total_s);
	} else if (ours->delivered) {
		printf("the plugin delivered %s in %.1f s; stock libpurple did not deliver it (%s)\n",
		       words, ours->total_s, failure_words(stock));
	} else {
		printf("FAILED: the plugin did not deliver %s (%s)\n", words, failure_words(ours));
	}
	g_free(words);
	return ours->delivered && stock->delivered;
}
