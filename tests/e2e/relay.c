/* relay.c - delaying TCP relay for the bench (see relay.h). One thread,
 * one poll() loop; each direction of each connection is a queue of chunks
 * released when due. Loopback only. */
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
	r->conns[i].d[0] = (Direction){ client, server, G_QUEUE_INIT, FALSE };
	r->conns[i].d[1] = (Direction){ server, client, G_QUEUE_INIT, FALSE };
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

/* Writes what is due; returns FALSE when the connection is finished. */
static gboolean
flush_due(Direction *d, gint64 now)
{
	Chunk *ch;

	while ((ch = g_queue_peek_head(&d->chunks)) != NULL && ch->due_us <= now) {
		ssize_t n = write(d->to, ch->data + ch->off, ch->len - ch->off);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		ch->off += n;
		if (ch->off < ch->len)
			return TRUE;
		g_free(g_queue_pop_head(&d->chunks));
	}
	if (d->eof && g_queue_is_empty(&d->chunks))
		return FALSE;
	return TRUE;
}

static int
next_timeout_ms(SimRelay *r, gint64 now)
{
	gint64 best = G_MAXINT64;
	guint i, k;

	for (i = 0; i < MAX_CONNS; i++) {
		for (k = 0; r->conns[i].used && k < 2; k++) {
			Chunk *ch = g_queue_peek_head(&r->conns[i].d[k].chunks);

			if (ch != NULL)
				best = MIN(best, ch->due_us);
		}
	}
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
			if (!flush_due(&r->conns[i].d[0], now) || !flush_due(&r->conns[i].d[1], now))
				conn_close(&r->conns[i]);
		}
	}
	return NULL;
}

SimRelay *
sim_relay_start(guint16 target_port, guint one_way_ms)
{
	SimRelay *r = g_new0(SimRelay, 1);
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof sa;

	r->target = target_port;
	r->delay_us = (gint64)one_way_ms * 1000;
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
