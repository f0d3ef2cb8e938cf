/* progress.c - the demo's progress line: bytes in bob's download folder
 * against the file's size, the rate over the last second, the time since
 * the run began. On a terminal the line is redrawn in place at every
 * progress callback (about every 100 ms); otherwise a plain line is
 * printed every few seconds, so logs stay readable. The final state is
 * always printed, from the receiver's own result. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "demo.h"

#define BAR_WIDTH 20
#define RATE_WINDOW_MS 1000
#define PLAIN_EVERY_MS 5000
#define SAMPLES 32

typedef struct {
	gint64 t_ms;
	gint64 bytes;
} Sample;

static struct {
	gsize total;
	gint64 t0_ms;
	gboolean tty;
	gint64 last_plain_ms;
	gint64 bytes;          /* the last size seen */
	Sample samples[SAMPLES];
	guint n;               /* samples taken */
} bar;

static gint64
now_ms(void)
{
	return g_get_monotonic_time() / 1000;
}

void
demo_progress_begin(gsize total, gint64 t0_ms)
{
	bar.total = total;
	bar.t0_ms = t0_ms;
	bar.tty = isatty(STDOUT_FILENO);
	bar.last_plain_ms = t0_ms;
	bar.bytes = 0;
	bar.n = 0;
}

/* The size of the file being received: the only file in rx_dir (its
 * name is the receiver's), -1 when there is none yet. */
static gint64
received_bytes(const char *rx_dir)
{
	GDir *dir = g_dir_open(rx_dir, 0, NULL);
	const char *name;
	gint64 size = -1;

	while (dir != NULL && size < 0 && (name = g_dir_read_name(dir)) != NULL) {
		char *path = g_build_filename(rx_dir, name, NULL);
		GStatBuf st;

		if (g_stat(path, &st) == 0 && S_ISREG(st.st_mode))
			size = st.st_size;
		g_free(path);
	}
	if (dir != NULL)
		g_dir_close(dir);
	return size;
}

/* Bytes per second over the last RATE_WINDOW_MS of samples; < 0: none. */
static double
recent_rate(void)
{
	const Sample *last, *first;
	guint i;

	if (bar.n < 2)
		return -1;
	last = &bar.samples[(bar.n - 1) % SAMPLES];
	first = last;
	for (i = 2; i <= MIN(bar.n, SAMPLES); i++) {
		const Sample *s = &bar.samples[(bar.n - i) % SAMPLES];

		first = s;
		if (last->t_ms - s->t_ms >= RATE_WINDOW_MS)
			break;
	}
	if (last->t_ms <= first->t_ms)
		return -1;
	return (last->bytes - first->bytes) * 1000.0 / (last->t_ms - first->t_ms);
}

/* "1024", "20.5 MiB"-style amounts in the unit the total reads best in. */
static void
amount(char *buf, gsize len, double bytes)
{
	if (bar.total >= 10u << 20)
		g_snprintf(buf, len, "%.1f", bytes / 1048576.0);
	else
		g_snprintf(buf, len, "%.0f", bytes / 1024.0);
}

/* Under 80 columns, or a terminal wraps it and \r no longer redraws it. */
static void
draw(gint64 bytes, double rate, double elapsed_s, const char *state, gboolean final)
{
	double frac = bar.total > 0 ? MIN(1.0, MAX(0.0, (double)bytes / bar.total)) : 0;
	int fill = (int)(frac * BAR_WIDTH), i;
	char got[24], total[24], rate_s[24];

	amount(got, sizeof got, MAX(bytes, 0));
	amount(total, sizeof total, bar.total);
	if (rate >= 0 && rate >= 10000 * 1024.0)
		g_snprintf(rate_s, sizeof rate_s, "%6.1f MiB/s", rate / 1048576.0);
	else if (rate >= 0)
		g_snprintf(rate_s, sizeof rate_s, "%6.1f KiB/s", rate / 1024.0);
	else
		g_snprintf(rate_s, sizeof rate_s, "%12s", "");
	printf("%s  [", bar.tty ? "\r" : "");
	for (i = 0; i < BAR_WIDTH; i++)
		putchar(i < fill ? '#' : '.');
	printf("] %*s / %s %s  %s  %5.1f s  %s", (int)strlen(total), got, total,
	       bar.total >= 10u << 20 ? "MiB" : "KiB", rate_s, elapsed_s, state);
	if (bar.tty)
		printf("\033[K"); /* what a longer line left */
	if (final || !bar.tty)
		putchar('\n');
	fflush(stdout);
}

void
demo_progress_tick(const char *rx_dir, gpointer data)
{
	gint64 t = now_ms(), bytes = received_bytes(rx_dir);
	Sample *s;

	(void)data;
	if (bytes < 0)
		bytes = bar.bytes; /* not there yet, or checked and removed */
	bar.bytes = bytes;
	s = &bar.samples[bar.n++ % SAMPLES];
	s->t_ms = t;
	s->bytes = bytes;
	/* all there: the receiver's own end is the next thing worth showing
	 * (the peers take a moment to quit; the clock would run on) */
	if (bar.total > 0 && (gsize)bytes >= bar.total)
		return;
	if (!bar.tty) {
		if (t - bar.last_plain_ms < PLAIN_EVERY_MS)
			return;
		bar.last_plain_ms = t;
	}
	draw(bytes, bytes > 0 ? recent_rate() : -1, (t - bar.t0_ms) / 1000.0,
	     bytes > 0 ? "receiving" : "waiting", FALSE);
}

/* The end as the receiver saw it: its byte count, its average rate from
 * first data to end, the time from the run's start to its end. */
void
demo_progress_end(const DemoCase *c)
{
	const SimPeerRun *rx = &c->run.receiver;
	const char *outcome = sim_peer_field(rx, "outcome");
	gboolean completed = g_strcmp0(outcome, "completed") == 0;
	gint64 bytes = completed ? sim_peer_int(rx, "bytes") : bar.bytes;
	gint64 end = sim_peer_int(rx, "mono_t0_ms") + sim_peer_int(rx, "t_end");
	double elapsed = rx->result != NULL && end > c->t_call_ms ? (end - c->t_call_ms) / 1000.0
	                                                          : (now_ms() - c->t_call_ms) / 1000.0;

	draw(bytes, completed && c->data_s > 0 ? bytes / c->data_s : -1, elapsed,
	     completed ? "received" : *outcome ? outcome : "no result", TRUE);
}
