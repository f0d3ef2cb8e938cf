/* s5b-connect.c - drives the SOCKS5 race (s5b-race.c) with libpurple's
 * SOCKS5 client. Each handle lives until all its connections are settled,
 * which may be after its owner abandoned it. */
#include "s5b-connect.h"

#include <unistd.h>

#include <debug.h>
#include <eventloop.h>
#include <proxy.h>

#include "s5b-race.h"

typedef struct {
	SimS5bConnect *owner;
	guint index;
	PurpleProxyInfo *gpi;
	PurpleProxyConnectData *pending;
	int fd;
	guint idle;       /* pending report of a start that failed at once */
	gboolean refused; /* failed with an error, not by timing out */
} Attempt;

struct SimS5bConnect {
	PurpleAccount *account;
	char *dst_addr;
	GPtrArray *hosts;    /* SimStreamhost */
	Attempt *attempts;   /* one per host */
	SimRace *race;
	guint timer;
	SimS5bDone done;     /* NULL once abandoned or called */
	gpointer data;
};

static GList *live; /* every handle not yet freed */

char *
sim_s5b_dst_addr(const char *sid, const char *initiator, const char *target)
{
	char *joined = g_strconcat(sid, initiator, target, NULL);
	char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA1, joined, -1);

	g_free(joined);
	return hash;
}

static void
handle_free(SimS5bConnect *c)
{
	guint i;

	live = g_list_remove(live, c);
	if (c->timer != 0)
		purple_timeout_remove(c->timer);
	for (i = 0; i < c->hosts->len; i++) {
		Attempt *a = &c->attempts[i];

		if (a->pending != NULL)
			purple_proxy_connect_cancel(a->pending);
		if (a->idle != 0)
			purple_timeout_remove(a->idle);
		if (a->fd >= 0)
			close(a->fd);
		purple_proxy_info_destroy(a->gpi);
	}
	sim_race_free(c->race);
	g_ptr_array_unref(c->hosts);
	g_free(c->attempts);
	g_free(c->dst_addr);
	g_free(c);
}

/* Frees the handle once nobody waits for it and no connection is open. */
static void
maybe_free(SimS5bConnect *c)
{
	guint i;

	if (c->done != NULL || !sim_race_finished(c->race))
		return;
	for (i = 0; i < c->hosts->len; i++)
		if (c->attempts[i].pending != NULL || c->attempts[i].idle != 0)
			return;
	handle_free(c);
}

static void
connected_cb(gpointer data, gint source, const gchar *error_message)
{
	Attempt *a = data;
	SimS5bConnect *c = a->owner;
	SimStreamhost *sh = g_ptr_array_index(c->hosts, a->index);

	a->pending = NULL;
	if (source < 0) {
		purple_debug_info("si-multiple", "streamhost %s (%s:%u) failed: %s\n", sh->jid,
		                  sh->host, sh->port, error_message ? error_message : "?");
		a->refused = TRUE;
		sim_race_failed(c->race, a->index);
	} else {
		purple_debug_info("si-multiple", "streamhost %s (%s:%u) connected\n", sh->jid,
		                  sh->host, sh->port);
		a->fd = source;
		sim_race_connected(c->race, a->index);
	}
	maybe_free(c);
}

static gboolean
start_failed_cb(gpointer data)
{
	Attempt *a = data;

	a->idle = 0;
	a->refused = TRUE;
	sim_race_failed(a->owner->race, a->index);
	maybe_free(a->owner);
	return FALSE;
}

/* ---- race actions ---- */

static void
race_start(gpointer ctx, guint i)
{
	SimS5bConnect *c = ctx;
	Attempt *a = &c->attempts[i];
	SimStreamhost *sh = g_ptr_array_index(c->hosts, i);

	purple_proxy_info_set_type(a->gpi, PURPLE_PROXY_SOCKS5);
	purple_proxy_info_set_host(a->gpi, sh->host);
	purple_proxy_info_set_port(a->gpi, sh->port);
	a->pending = purple_proxy_connect_socks5_account(c, c->account, a->gpi, c->dst_addr, 0,
	                                                 connected_cb, a);
	if (a->pending == NULL) {
		/* reported from the main loop: the race is not re-entered from
		 * inside its own start action */
		purple_debug_info("si-multiple", "streamhost %s: cannot start\n", sh->jid);
		a->idle = purple_timeout_add(0, start_failed_cb, a);
	}
}

static void
race_cancel(gpointer ctx, guint i)
{
	Attempt *a = &((SimS5bConnect *)ctx)->attempts[i];

	if (a->pending != NULL)
		purple_proxy_connect_cancel(a->pending);
	a->pending = NULL;
}

static void
race_close(gpointer ctx, guint i)
{
	Attempt *a = &((SimS5bConnect *)ctx)->attempts[i];

	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}

static void
finish(SimS5bConnect *c, int fd, const char *jid)
{
	SimS5bDone done = c->done;
	guint refused = 0, i;

	for (i = 0; i < c->hosts->len; i++)
		if (c->attempts[i].refused)
			refused++;
	c->done = NULL;
	if (done != NULL)
		done(c->data, fd, jid, c->hosts->len, refused);
	else if (fd >= 0)
		close(fd);
}

static void
race_won(gpointer ctx, guint i)
{
	SimS5bConnect *c = ctx;
	int fd = c->attempts[i].fd;

	c->attempts[i].fd = -1; /* handed over */
	finish(c, fd, ((SimStreamhost *)g_ptr_array_index(c->hosts, i))->jid);
}

static void
race_lost(gpointer ctx)
{
	finish(ctx, -1, NULL);
}

static gboolean
timer_cb(gpointer data)
{
	SimS5bConnect *c = data;

	c->timer = 0;
	sim_race_timeout(c->race);
	maybe_free(c);
	return FALSE;
}

static void
race_set_timer(gpointer ctx, guint ms)
{
	SimS5bConnect *c = ctx;

	if (c->timer != 0)
		purple_timeout_remove(c->timer);
	c->timer = ms ? purple_timeout_add(ms, timer_cb, c) : 0;
}

static gint64
race_now(gpointer ctx)
{
	(void)ctx;
	return g_get_monotonic_time() / 1000;
}

static const SimRaceActions race_actions = {
	race_start, race_cancel, race_close, race_won, race_lost, race_set_timer, race_now
};

SimS5bConnect *
sim_s5b_connect_start(PurpleAccount *account, const char *sid, const char *initiator,
                      const char *target, const GPtrArray *hosts, guint stagger_ms,
                      guint overall_ms, SimS5bDone done, gpointer data)
{
	SimS5bConnect *c = g_new0(SimS5bConnect, 1);
	gboolean own[SIM_MAX_STREAMHOSTS] = { FALSE };
	guint i, n = MIN(hosts->len, SIM_MAX_STREAMHOSTS);

	c->account = account;
	c->dst_addr = sim_s5b_dst_addr(sid, initiator, target);
	c->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)sim_streamhost_free);
	c->attempts = g_new0(Attempt, MAX(n, 1));
	for (i = 0; i < n; i++) {
		const SimStreamhost *sh = g_ptr_array_index(hosts, i);
		SimStreamhost *copy = g_new0(SimStreamhost, 1);

		copy->jid = g_strdup(sh->jid);
		copy->host = g_strdup(sh->host);
		copy->port = sh->port;
		g_ptr_array_add(c->hosts, copy);
		own[i] = g_strcmp0(sh->jid, initiator) == 0;
		c->attempts[i] = (Attempt){ c, i, purple_proxy_info_new(), NULL, -1, 0, FALSE };
	}
	c->done = done;
	c->data = data;
	c->race = sim_race_new(n, own, stagger_ms, overall_ms, &race_actions, c);
	live = g_list_prepend(live, c);
	sim_race_run(c->race);
	return c;
}

void
sim_s5b_connect_abandon(SimS5bConnect *c)
{
	if (c == NULL)
		return;
	c->done = NULL;
	sim_race_give_up(c->race); /* own-host attempts drain, the rest stop */
	maybe_free(c);
}

void
sim_s5b_connect_shutdown(void)
{
	while (live != NULL)
		handle_free(live->data);
}
