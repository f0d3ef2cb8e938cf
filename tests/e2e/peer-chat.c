/* peer-chat.c - chat latency during a transfer: the sender types a line
 * every N ms while its data flows, each carrying a sequence number and its
 * CLOCK_MONOTONIC send time; the receiver takes arrival minus send time.
 * Both peers run on one machine (the network namespace does not change
 * the monotonic clock), so the two clocks are the same clock. The lines
 * are swallowed on arrival: no conversation opens and nothing reaches
 * peer.messages, which holds what the plugin told the user. */
#include "peer.h"

#include <string.h>
#include <sys/resource.h>

#define CHAT_MARK "sim-chat "

static guint chat_timer;
static guint chat_sent;
static GArray *chat_delays; /* gint64 ms, receiver */

gint64
peer_cpu_ms(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return (gint64)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

static gboolean
chat_tick(gpointer data)
{
	PurpleConnection *gc = purple_account_get_connection(peer.account);
	char *body;

	(void)data;
	if (gc == NULL)
		return TRUE;
	body = g_strdup_printf(CHAT_MARK "%u t=%" G_GINT64_FORMAT, chat_sent + 1,
	                       g_get_monotonic_time() / 1000);
	/* the server API, not a conversation: nothing is written to a window */
	if (serv_send_im(gc, peer.send_to, body, 0) >= 0)
		chat_sent++;
	g_free(body);
	return TRUE;
}

void
peer_chat_start(void)
{
	if (peer.send_file == NULL || peer.chat_every_ms <= 0 || chat_timer != 0)
		return;
	chat_timer = g_timeout_add(peer.chat_every_ms, chat_tick, NULL);
}

void
peer_chat_stop(void)
{
	if (chat_timer != 0)
		g_source_remove(chat_timer);
	chat_timer = 0;
}

/* Ours: record the delay and drop the line (TRUE cancels it). */
static gboolean
receiving_im_cb(PurpleAccount *account, char **sender, char **message,
                PurpleConversation *conv, PurpleMessageFlags *flags, gpointer data)
{
	const char *mark = message && *message ? strstr(*message, CHAT_MARK) : NULL;
	const char *t;
	gint64 delay;

	(void)account;
	(void)sender;
	(void)conv;
	(void)flags;
	(void)data;
	if (mark == NULL || (t = strstr(mark, " t=")) == NULL)
		return FALSE;
	delay = g_get_monotonic_time() / 1000 - g_ascii_strtoll(t + 3, NULL, 10);
	g_array_append_val(chat_delays, delay);
	return TRUE;
}

void
peer_chat_init(void)
{
	chat_delays = g_array_new(FALSE, FALSE, sizeof(gint64));
	purple_signal_connect(purple_conversations_get_handle(), "receiving-im-msg", &peer,
	                      PURPLE_CALLBACK(receiving_im_cb), NULL);
}

static gint
cmp_int64(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest delay with at least p of them at or below. */
static gint64
percentile(const GArray *sorted, double p)
{
	guint rank = (guint)(p * sorted->len + 0.999999);

	if (sorted->len == 0)
		return -1;
	return g_array_index(sorted, gint64, CLAMP(rank, 1, sorted->len) - 1);
}

void
peer_chat_result(GKeyFile *kf)
{
	GArray *sorted;

	if (peer.send_file != NULL) {
		g_key_file_set_integer(kf, "result", "chat_sent", chat_sent);
		return;
	}
	if (chat_delays == NULL)
		return;
	sorted = g_array_copy(chat_delays);
	g_array_sort(sorted, cmp_int64);
	g_key_file_set_integer(kf, "result", "chat_count", sorted->len);
	g_key_file_set_int64(kf, "result", "chat_median_ms", percentile(sorted, 0.5));
	g_key_file_set_int64(kf, "result", "chat_p90_ms", percentile(sorted, 0.9));
	g_key_file_set_int64(kf, "result", "chat_max_ms", percentile(sorted, 1.0));
	g_array_unref(sorted);
}

void
peer_chat_shutdown(void)
{
	peer_chat_stop();
	if (chat_delays != NULL)
		g_array_unref(chat_delays);
	chat_delays = NULL;
}
