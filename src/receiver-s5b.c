/* receiver-s5b.c - receiver-side SOCKS5 takeover (see receiver-s5b.h). */
#include "receiver-s5b.h"

#include <unistd.h>

#include <debug.h>
#include <signals.h>

#include "engine-private.h"
#include "s5b-connect.h"

#define STAGGER_MS 200 /* between direct and proxy attempts (XEP-0260) */

/* Tells the sender no streamhost worked: it moves on to its next method.
 * The counts let a sender with the plugin tell its user why; libpurple
 * reads the defined condition only. */
static void
answer_failed(SimTransfer *t)
{
	xmlnode *iq = sim_iq_error_new(t->peer, t->query_id, "item-not-found", "cancel", 404);

	if (t->s5b_tried > 0)
		sim_s5b_error_add_report(iq, t->s5b_tried, t->s5b_refused);
	sim_engine_send(t, iq);
}

static void
race_done(gpointer data, int fd, const char *streamhost_jid, guint n_tried, guint n_refused)
{
	SimTransfer *t = data;

	t->connect = NULL; /* the handle is no longer ours */
	t->s5b_tried = n_tried;
	t->s5b_refused = n_refused;
	if (fd < 0 || t->xfer == NULL) {
		if (fd >= 0)
			close(fd);
		sim_engine_note_s5b(t, FALSE);
		answer_failed(t); /* our own hook turns it into the fallback event */
		return;
	}
	sim_engine_note_s5b(t, TRUE);
	sim_engine_send(t, sim_s5b_used_new(t->peer, t->query_id, t->sid, streamhost_jid));
	purple_xfer_start(t->xfer, fd, NULL, -1);
}

gboolean
sim_receiver_s5b_query(SimTransfer *t, xmlnode *iq, const SimStanzaInfo *info)
{
	SimMethodList allowed;
	GPtrArray *hosts;
	const char *target = info->to;

	if (t->xfer == NULL || t->connect != NULL || info->id == NULL)
		return FALSE;
	sim_engine_allowed(&allowed);
	if (!sim_method_list_has(&allowed, SIM_METHOD_S5B) || sim_engine_s5b_remembered_failed(t)) {
		purple_debug_info("si-multiple", "sid %s from %s: SOCKS5 %s; declined at once\n",
		                  t->sid, t->peer, sim_method_list_has(&allowed, SIM_METHOD_S5B)
		                  ? "failed with this contact before" : "is switched off");
		answer_failed(t);
		return TRUE;
	}
	if (target == NULL)
		target = purple_account_get_username(purple_connection_get_account(t->gc));
	hosts = sim_s5b_parse_streamhosts(iq);
	t->connect = sim_s5b_connect_start(purple_connection_get_account(t->gc), t->sid, t->peer,
	                                   target, hosts, STAGGER_MS, sim_engine_race_bound_ms(), race_done, t);
	g_ptr_array_unref(hosts);
	return TRUE;
}

void
sim_receiver_s5b_abandon(SimTransfer *t)
{
	if (t->connect == NULL)
		return;
	sim_s5b_connect_abandon(t->connect);
	t->connect = NULL;
	/* we took the query from libpurple, so nobody else will answer it: say
	 * it failed, and the sender moves on (also when we are unloaded) */
	answer_failed(t);
}
