/* relay.c - delaying, rate-limiting TCP relay (see relay.h). One thread,
 * one poll() loop; each direction of each connection is a queue of chunks
 * released when due and, when shaped, as its token bucket allows. A
 * constant delay commutes with a FIFO shaper, so delaying first and
 * shaping second gives the same departures as a shaper behind a WAN.
 * Loopback only. */
#include "relay.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS 32

typedef struct {
	gint64 due_us;
	gsize len, off;
	char data[];
} Chunk;

typedef struct {
	int from, to;      /* read from, write to */
	GQueue chunks;
	gboolean eof;      /* `from` is closed: shut `to` down when drained */
	double tokens;     /* bytes this direction may send now (shaped only) */
	gint64 refill_us;  /* when tokens were last topped up */
} Direction;

typedef struct {
	Direction d[2];    /* client -> server, server -> client */
	gboolean used;
} Conn;

struct SimRelay {
	int listen_fd;
	int wake[2];
	guint16 port, target;
	gint64 delay_us;
	double rate, burst; /* bytes/s (0: unlimited) and bucket size */
	gsize quantum;      /* smallest write when shaped: no 1-byte dribble */
	Conn conns[MAX_CONNS];
	GThread *thread;
	volatile gint stop;
};

static int
connect_loopback(guint16 port)
{
	struct sockaddr_in sa = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void
conn_close(Conn *c)
{
	int i;

	for (i = 0; i < 2; i++) {
		Chunk *ch;

		while ((ch = g_queue_pop_head(&c->d[i].chunks)) != NULL)
			g_free(ch);
	}
	close(c->d[0].from);
	close(c->d[0].to);
	memset(c, 0, sizeof *c);
}

static void
accept_one(SimRelay *r)
{
	int client = accept(r->listen_fd, NULL, NULL);
	int server;
	guint i;

	if (client < 0)
		return;
	server = connect_loopback(r->target);
	for (i = 0; i < MAX_CONNS && r->conns[i].used; i++)
		;
	if (server < 0 || i == MAX_CONNS) {
		close(client);
		if (server >= 0)
			close(server);
		return;
	}
	r->conns[i].used = TRUE;
	r->conns[i].d[0] = (Direction){ client, server, G_QUEUE_INIT, FALSE, r->burst, 0 };
	r->conns[i].d[1] = (Direction){ server, client, G_QUEUE_INIT, FALSE, r->burst, 0 };
	r->conns[i].d[0].refill_us = r->conns[i].d[1].refill_us = g_get_monotonic_time();
}

static void
read_into(SimRelay *r, Direction *d)
{
	char buf[65536];
	ssize_t n = read(d->from, buf, sizeof buf);
	Chunk *ch;

	if (n <= 0) {
		d->eof = TRUE;
		return;
	}
	ch = g_malloc(sizeof *ch + n);
	ch->due_us = g_get_monotonic_time() + r->delay_us;
	ch->len = n;
	ch->off = 0;
	memcpy(ch->data, buf, n);
	g_queue_push_tail(&d->chunks, ch);
}

static void
refill(const SimRelay *r, Direction *d, gint64 now)
{
	d->tokens = MIN(r->burst, d->tokens + (double)(now - d->refill_us) * r->rate / G_USEC_PER_SEC);
	d->refill_us = now;
}

/* Bytes of the head chunk (len left) the bucket lets out now; 0: wait. */
static gsize
allowance(const SimRelay *r, Direction *d, gsize left, gint64 now)
{
	if (r->rate <= 0)
		return left;
	refill(r, d, now);
	if (d->tokens < (double)MIN(left, r->quantum))
		return 0;
	return MIN(left, (gsize)d->tokens);
}

/* Writes what is due and allowed; FALSE when the connection is finished. */
static gboolean
flush_due(SimRelay *r, Direction *d, gint64 now)
{
	Chunk *ch;

	while ((ch = g_queue_peek_head(&d->chunks)) != NULL && ch->due_us <= now) {
		gsize allowed = allowance(r, d, ch->len - ch->off, now);
		ssize_t n;

		if (allowed == 0)
			return TRUE;
		n = write(d->to, ch->data + ch->off, allowed);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		if (r->rate > 0)
			d->tokens -= n;
		ch->off += n;
		if (ch->off < ch->len)
			continue; /* the bucket decides whether more goes now */
		g_free(g_queue_pop_head(&d->chunks));
	}
	if (d->eof && g_queue_is_empty(&d->chunks))
		return FALSE;
	return TRUE;
}

/* When this direction has something to do next (G_MAXINT64: nothing). */
static gint64
next_event_us(SimRelay *r, Direction *d, gint64 now)
{
	Chunk *ch = g_queue_peek_head(&d->chunks);
	double need;

	if (ch == NULL)
		return G_MAXINT64;
	if (ch->due_us > now || r->rate <= 0)
		return ch->due_us;
	refill(r, d, now);
	need = (double)MIN(ch->len - ch->off, r->quantum);
	if (d->tokens >= need)
		return now;
	return now + (gint64)((need - d->tokens) * G_USEC_PER_SEC / r->rate) + 1;
}

/* Poll until the next due chunk or the next token: never a busy loop. */
static int
next_timeout_ms(SimRelay *r, gint64 now)
{
	gint64 best = G_MAXINT64;
	guint i, k;

	for (i = 0; i < MAX_CONNS; i++)
		for (k = 0; r->conns[i].used && k < 2; k++)
			best = MIN(best, next_event_us(r, &r->conns[i].d[k], now));
	if (best == G_MAXINT64)
		return 200;
	return (int)CLAMP((best - now + 999) / 1000, 0, 200);
}

static gpointer
relay_thread(gpointer data)
{
	SimRelay *r = data;

	while (!g_atomic_int_get(&r->stop)) {
		struct pollfd fds[2 + MAX_CONNS * 2];
		Direction *dirs[MAX_CONNS * 2];
		guint n = 0, nd = 0, i, k;
		gint64 now = g_get_monotonic_time();

		fds[n++] = (struct pollfd){ r->listen_fd, POLLIN, 0 };
		fds[n++] = (struct pollfd){ r->wake[0], POLLIN, 0 };
		for (i = 0; i < MAX_CONNS; i++) {
			for (k = 0; r->conns[i].used && k < 2; k++) {
				if (r->conns[i].d[k].eof)
					continue;
				dirs[nd++] = &r->conns[i].d[k];
				fds[n++] = (struct pollfd){ r->conns[i].d[k].from, POLLIN, 0 };
			}
		}
		if (poll(fds, n, next_timeout_ms(r, now)) < 0 && errno != EINTR)
			break;
		if (fds[0].revents & POLLIN)
			accept_one(r);
		for (i = 0; i < nd; i++)
			if (fds[2 + i].revents & (POLLIN | POLLHUP | POLLERR))
				read_into(r, dirs[i]);
		now = g_get_monotonic_time();
		for (i = 0; i < MAX_CONNS; i++) {
			if (!r->conns[i].used)
				continue;
			/* either direction done and drained: the connection is over */
			if (!flush_due(r, &r->conns[i].d[0], now) || !flush_due(r, &r->conns[i].d[1], now))
				conn_close(&r->conns[i]);
		}
	}
	return NULL;
}

SimRelay *
sim_relay_start(guint16 target_port, guint one_way_ms)
{
	return sim_relay_start_shaped(target_port, one_way_ms, 0, 0);
}

SimRelay *
sim_relay_start_shaped(guint16 target_port, guint one_way_ms, guint rate_bps, guint burst)
{
	SimRelay *r = g_new0(SimRelay, 1);
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof sa;

	r->target = target_port;
	r->delay_us = (gint64)one_way_ms * 1000;
	r->rate = rate_bps;
	r->burst = burst > 0 ? burst : rate_bps;
	/* 10 ms worth of bytes: a 3000 B/s link writes 30-byte pieces */
	r->quantum = CLAMP(rate_bps / 100, 1, (guint)MAX(r->burst, 1));
	r->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (r->listen_fd < 0 || bind(r->listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(r->listen_fd, 16) != 0 ||
	    getsockname(r->listen_fd, (struct sockaddr *)&sa, &len) != 0 || pipe(r->wake) != 0) {
		if (r->listen_fd >= 0)
			close(r->listen_fd);
		g_free(r);
		return NULL;
	}
	r->port = ntohs(sa.sin_port);
	r->thread = g_thread_new("sim-relay", relay_thread, r);
	return r;
}

guint16
sim_relay_port(const SimRelay *r)
{
	return r->port;
}

void
sim_relay_stop(SimRelay *r)
{
	guint i;

	if (r == NULL)
		return;
	g_atomic_int_set(&r->stop, 1);
	if (write(r->wake[1], "x", 1) < 0)
		g_message("relay: cannot wake its thread");
	g_thread_join(r->thread);
	for (i = 0; i < MAX_CONNS; i++)
		if (r->conns[i].used)
			conn_close(&r->conns[i]);
	close(r->listen_fd);
	close(r->wake[0]);
	close(r->wake[1]);
	g_free(r);
}
