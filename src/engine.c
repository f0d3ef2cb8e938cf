/* engine.c - lifecycle, preferences, the state machines' actions, and the
 * PurpleXfer / connection signals. The stanza side is in stanza-hooks.c. */
#include "engine.h"

#include <string.h>

#include <connection.h>
#include <debug.h>
#include <ft.h>
#include <prefs.h>
#include <signals.h>
#include <value.h>

#include "engine-private.h"
#include "prefs-keys.h"
#include "report.h"

gboolean
sim_engine_enabled(void)
{
	return purple_prefs_get_bool(SIM_PREF_ENABLED);
}

void
sim_engine_allowed(SimMethodList *out)
{
	const char *order = purple_prefs_get_string(SIM_PREF_METHOD_ORDER);
	char **names = g_strsplit(order ? order : SIM_ORDER_S5B_IBB, ",", 4);
	guint i;

	sim_method_list_clear(out);
	for (i = 0; names[i] != NULL; i++) {
		if (g_strcmp0(g_strstrip(names[i]), "socks5") == 0)
			sim_method_list_add(out, SIM_METHOD_S5B);
		else if (g_strcmp0(names[i], "ibb") == 0)
			sim_method_list_add(out, SIM_METHOD_IBB);
	}
	g_strfreev(names);
	if (out->n == 0) { /* an unreadable preference falls back to the default */
		sim_method_list_add(out, SIM_METHOD_S5B);
		sim_method_list_add(out, SIM_METHOD_IBB);
	}
}

/* ---- actions of the state machine ---- */

static gboolean
timer_fired(gpointer data)
{
	SimTransfer *t = data;

	t->timer = 0;
	sim_engine_feed_type(t, SIM_EV_TIMEOUT);
	return FALSE;
}

static void
act_set_timer(gpointer ctx, guint ms)
{
	SimTransfer *t = ctx;

	if (t->timer != 0)
		purple_timeout_remove(t->timer);
	t->timer = ms ? purple_timeout_add(ms, timer_fired, t) : 0;
}

static void
act_fallback(gpointer ctx, SimMethod failed, SimMethod next, SimReason why)
{
	sim_report_fallback(ctx, failed, next, why);
}

/* Ends the transfer outside any stanza handler: libpurple's SI code is
 * never cancelled from inside its own send/receive path. */
static gboolean
deferred_cancel(gpointer data)
{
	SimTransfer *t = data;
	PurpleXfer *xfer = t->xfer;

	t->deferred = 0;
	if (xfer != NULL && !purple_xfer_is_canceled(xfer) && !purple_xfer_is_completed(xfer)) {
		purple_xfer_ref(xfer);
		purple_xfer_cancel_local(xfer); /* its cancel signal drops t */
		purple_xfer_unref(xfer);
	} else {
		sim_transfers_remove(t);
	}
	return FALSE;
}

static void
act_fail(gpointer ctx, SimReason why, gboolean cancel)
{
	SimTransfer *t = ctx;

	sim_report_failure(t, why);
	if (cancel && t->deferred == 0)
		t->deferred = purple_timeout_add(0, deferred_cancel, t);
}

static gint64
act_now(gpointer ctx)
{
	(void)ctx;
	return g_get_monotonic_time() / 1000;
}

static const SimActions actions = { act_set_timer, act_fallback, act_fail, act_now };

void
sim_engine_attach_session(SimTransfer *t, SimRole role, const SimMethodList *offered)
{
	SimMethodList allowed;
	SimTimeouts timeouts;

	sim_engine_allowed(&allowed);
	sim_timeouts_default(&timeouts);
	t->session = sim_session_new(role, &allowed, offered, &timeouts, &actions, t);
}

void
sim_engine_settle(SimTransfer *t)
{
	SimState st = sim_session_state(t->session);

	/* a pending cancel still needs the record; otherwise finished is gone */
	if ((st == SIM_ST_DONE || st == SIM_ST_PLAIN) && t->deferred == 0)
		sim_transfers_remove(t);
}

void
sim_engine_feed(SimTransfer *t, const SimEvent *ev)
{
	sim_session_handle(t->session, ev);
	sim_engine_settle(t);
}

void
sim_engine_feed_type(SimTransfer *t, SimEventType type)
{
	SimEvent ev = { type, NULL, 0 };

	sim_engine_feed(t, &ev);
}

static void
finalize_transfer(SimTransfer *t)
{
	if (t->timer != 0)
		purple_timeout_remove(t->timer);
	if (t->deferred != 0)
		purple_timeout_remove(t->deferred);
	t->timer = t->deferred = 0;
}

/* ---- PurpleXfer and connection signals ---- */

static void
on_xfer_ended(PurpleXfer *xfer, gpointer data)
{
	SimTransfer *t = sim_transfers_by_xfer(xfer);

	(void)data;
	if (t == NULL)
		return;
	purple_debug_misc("si-multiple", "sid %s with %s ended (%s)\n", t->sid, t->peer,
	                  purple_xfer_is_completed(xfer) ? "completed" : "cancelled");
	sim_session_event(t->session, SIM_EV_ENDED);
	sim_transfers_remove(t);
}

static void
on_recv_request(PurpleXfer *xfer, gpointer data)
{
	PurpleAccount *account = purple_xfer_get_account(xfer);
	PurpleConnection *gc = purple_account_get_connection(account);
	SimTransfer *t = gc ? sim_transfers_unattached(gc, purple_xfer_get_remote_user(xfer)) : NULL;

	(void)data;
	if (t != NULL)
		sim_transfers_attach(t, xfer);
}

static void
on_signing_off(PurpleConnection *gc, gpointer data)
{
	(void)data;
	sim_transfers_drop_connection(gc);
}

static void
connect_xfer_signals(PurplePlugin *plugin)
{
	void *ft = purple_xfers_get_handle();
	static const char *const ended[] = {
		"file-send-complete", "file-recv-complete", "file-send-cancel", "file-recv-cancel"
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(ended); i++)
		purple_signal_connect(ft, ended[i], plugin, PURPLE_CALLBACK(on_xfer_ended), NULL);
	purple_signal_connect(ft, "file-recv-request", plugin, PURPLE_CALLBACK(on_recv_request), NULL);
	purple_signal_connect(purple_connections_get_handle(), "signing-off", plugin,
	                      PURPLE_CALLBACK(on_signing_off), NULL);
}

static void
register_own_signals(PurplePlugin *plugin)
{
	purple_signal_register(plugin, SIM_SIGNAL_FALLBACK,
	                       purple_marshal_VOID__POINTER_POINTER_POINTER_POINTER, NULL, 4,
	                       purple_value_new(PURPLE_TYPE_SUBTYPE, PURPLE_SUBTYPE_XFER),
	                       purple_value_new(PURPLE_TYPE_STRING),
	                       purple_value_new(PURPLE_TYPE_STRING),
	                       purple_value_new(PURPLE_TYPE_STRING));
	purple_signal_register(plugin, SIM_SIGNAL_FAILED,
	                       purple_marshal_VOID__POINTER_POINTER, NULL, 2,
	                       purple_value_new(PURPLE_TYPE_SUBTYPE, PURPLE_SUBTYPE_XFER),
	                       purple_value_new(PURPLE_TYPE_STRING));
}

gboolean
sim_engine_start(PurplePlugin *plugin)
{
	PurplePlugin *jabber = purple_find_prpl("prpl-jabber");

	if (jabber == NULL) {
		purple_debug_error("si-multiple", "prpl-jabber not found; not starting\n");
		return FALSE;
	}
	register_own_signals(plugin);
	sim_report_init(plugin);
	sim_transfers_init(finalize_transfer);
	connect_xfer_signals(plugin);
	sim_hooks_connect(plugin, jabber);
	/* nothing is kept per connection until a transfer starts, so accounts
	 * already connected at load need no set-up of their own */
	return TRUE;
}

void
sim_engine_stop(PurplePlugin *plugin)
{
	purple_signals_disconnect_by_handle(plugin);
	sim_hooks_disconnect();
	/* in-flight transfers are left to libpurple, which carries on as stock */
	sim_transfers_shutdown();
	purple_signals_unregister_by_instance(plugin);
}
