/* transfers.c - registry of live si-multiple transfers (see transfers.h).
 * Two levels: connection -> (sid -> record), so that two accounts in one
 * client never see each other's streams. */
#include "transfers.h"

#include <string.h>

static GHashTable *by_conn;          /* PurpleConnection* -> GHashTable(sid -> SimTransfer*) */
static GHashTable *swallowed;        /* PurpleConnection* -> GQueue of "peer\nid" */
static SimTransferFinalize finalize_cb;

static void
transfer_free(gpointer data)
{
	SimTransfer *t = data;

	if (finalize_cb != NULL)
		finalize_cb(t);
	sim_session_free(t->session);
	if (t->xfer != NULL)
		purple_xfer_unref(t->xfer);
	g_free(t->peer);
	g_free(t->sid);
	g_free(t->offer_id);
	g_free(t->query_id);
	if (t->hosts_offered != NULL)
		g_ptr_array_unref(t->hosts_offered);
	g_free(t);
}

static void
queue_free(gpointer q)
{
	g_queue_free_full(q, g_free);
}

void
sim_transfers_init(SimTransferFinalize finalize)
{
	finalize_cb = finalize;
	by_conn = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                (GDestroyNotify)g_hash_table_destroy);
	swallowed = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, queue_free);
}

void
sim_transfers_shutdown(void)
{
	if (by_conn != NULL)
		g_hash_table_destroy(by_conn);
	if (swallowed != NULL)
		g_hash_table_destroy(swallowed);
	by_conn = swallowed = NULL;
	finalize_cb = NULL;
}

static GHashTable *
conn_table(PurpleConnection *gc, gboolean create)
{
	GHashTable *sids = g_hash_table_lookup(by_conn, gc);

	if (sids == NULL && create) {
		sids = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, transfer_free);
		g_hash_table_insert(by_conn, gc, sids);
	}
	return sids;
}

SimTransfer *
sim_transfers_add(PurpleConnection *gc, const char *peer, const char *sid,
                  const char *offer_id)
{
	GHashTable *sids = conn_table(gc, TRUE);
	SimTransfer *t;

	if (g_hash_table_contains(sids, sid) || g_hash_table_size(sids) >= SIM_MAX_LIVE_TRANSFERS)
		return NULL;
	t = g_new0(SimTransfer, 1);
	t->gc = gc;
	t->peer = g_strdup(peer);
	t->sid = g_strdup(sid);
	t->offer_id = g_strdup(offer_id);
	g_hash_table_insert(sids, t->sid, t);
	return t;
}

SimTransfer *
sim_transfers_by_sid(PurpleConnection *gc, const char *sid)
{
	GHashTable *sids = by_conn ? conn_table(gc, FALSE) : NULL;

	return sids && sid ? g_hash_table_lookup(sids, sid) : NULL;
}

static gboolean
matches_iq(gpointer key, gpointer value, gpointer user_data)
{
	SimTransfer *t = value;
	const char *const *want = user_data; /* { peer, id } */

	(void)key;
	return g_strcmp0(t->peer, want[0]) == 0 &&
	       (g_strcmp0(t->offer_id, want[1]) == 0 ||
	        g_strcmp0(t->query_id, want[1]) == 0);
}

SimTransfer *
sim_transfers_by_iq(PurpleConnection *gc, const char *peer, const char *id)
{
	GHashTable *sids = by_conn ? conn_table(gc, FALSE) : NULL;
	const char *want[2] = { peer, id };

	if (sids == NULL || peer == NULL || id == NULL)
		return NULL;
	return g_hash_table_find(sids, matches_iq, want);
}

static gboolean
matches_xfer(gpointer key, gpointer value, gpointer user_data)
{
	(void)key;
	return ((SimTransfer *)value)->xfer == user_data;
}

SimTransfer *
sim_transfers_by_xfer(PurpleXfer *xfer)
{
	GHashTableIter it;
	gpointer sids;

	if (by_conn == NULL || xfer == NULL)
		return NULL;
	g_hash_table_iter_init(&it, by_conn);
	while (g_hash_table_iter_next(&it, NULL, &sids)) {
		SimTransfer *t = g_hash_table_find(sids, matches_xfer, xfer);

		if (t != NULL)
			return t;
	}
	return NULL;
}

SimTransfer *
sim_transfers_unattached(PurpleConnection *gc, const char *peer)
{
	GHashTable *sids = by_conn ? conn_table(gc, FALSE) : NULL;
	GHashTableIter it;
	gpointer value;

	if (sids == NULL)
		return NULL;
	g_hash_table_iter_init(&it, sids);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		SimTransfer *t = value;

		if (t->xfer == NULL && sim_session_role(t->session) == SIM_ROLE_RECEIVER &&
		    g_strcmp0(t->peer, peer) == 0)
			return t;
	}
	return NULL;
}

void
sim_transfers_attach(SimTransfer *t, PurpleXfer *xfer)
{
	purple_xfer_ref(xfer);
	if (t->xfer != NULL)
		purple_xfer_unref(t->xfer);
	t->xfer = xfer;
}

void
sim_transfers_remove(SimTransfer *t)
{
	GHashTable *sids = conn_table(t->gc, FALSE);

	if (sids != NULL)
		g_hash_table_remove(sids, t->sid);
}

void
sim_transfers_foreach(PurpleConnection *gc, void (*fn)(SimTransfer *t, gpointer data),
                      gpointer data)
{
	GHashTable *sids = by_conn != NULL ? g_hash_table_lookup(by_conn, gc) : NULL;
	GHashTableIter it;
	gpointer t;

	if (sids == NULL)
		return;
	g_hash_table_iter_init(&it, sids);
	while (g_hash_table_iter_next(&it, NULL, &t))
		fn(t, data);
}

void
sim_transfers_foreach_all(void (*fn)(SimTransfer *t, gpointer data), gpointer data)
{
	GHashTableIter it;
	gpointer gc;

	if (by_conn == NULL)
		return;
	g_hash_table_iter_init(&it, by_conn);
	while (g_hash_table_iter_next(&it, &gc, NULL))
		sim_transfers_foreach(gc, fn, data);
}

void
sim_transfers_drop_connection(PurpleConnection *gc)
{
	if (by_conn != NULL)
		g_hash_table_remove(by_conn, gc);
	if (swallowed != NULL)
		g_hash_table_remove(swallowed, gc);
}

guint
sim_transfers_count(void)
{
	GHashTableIter it;
	gpointer sids;
	guint n = 0;

	if (by_conn == NULL)
		return 0;
	g_hash_table_iter_init(&it, by_conn);
	while (g_hash_table_iter_next(&it, NULL, &sids))
		n += g_hash_table_size(sids);
	return n;
}

void
sim_transfers_swallow(PurpleConnection *gc, const char *peer, const char *id)
{
	GQueue *q;

	if (swallowed == NULL || peer == NULL || id == NULL)
		return;
	q = g_hash_table_lookup(swallowed, gc);
	if (q == NULL) {
		q = g_queue_new();
		g_hash_table_insert(swallowed, gc, q);
	}
	if (q->length >= SIM_MAX_SWALLOWED)
		g_free(g_queue_pop_head(q));
	g_queue_push_tail(q, g_strdup_printf("%s\n%s", peer, id));
}

gboolean
sim_transfers_take_swallowed(PurpleConnection *gc, const char *from, const char *id)
{
	GQueue *q = swallowed != NULL ? g_hash_table_lookup(swallowed, gc) : NULL;
	char *key;
	GList *l;

	if (q == NULL || from == NULL || id == NULL)
		return FALSE;
	key = g_strdup_printf("%s\n%s", from, id);
	l = g_queue_find_custom(q, key, (GCompareFunc)strcmp);
	g_free(key);
	if (l == NULL)
		return FALSE;
	g_free(l->data);
	g_queue_delete_link(q, l);
	return TRUE;
}
