/* engine.c - lifecycle, preferences, the state machines' actions, and the
 * PurpleXfer / connection signals. The stanza side is in stanza-hooks.c. */
#include "engine.h"

#include <string.h>

#include <connection.h>
#include <core.h>
#include <debug.h>
#include <ft.h>
#include <prefs.h>
#include <signals.h>
#include <util.h>
#include <value.h>

#include "engine-private.h"
#include "prefs-keys.h"
#include "contact-memory.h"
#include "contact-resources.h"
#include "ibb-sender.h"
#include "peer-caps.h"
#include "receiver-s5b.h"
#include "report.h"
#include "s5b-connect.h"

static SimMemory *memory;

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

/* ---- memory of SOCKS5 failures ---- */

static SimMemory *
memory_open(void)
{
	char *path = g_build_filename(purple_user_dir(), "si-multiple-memory", NULL);
	SimMemory *m = sim_memory_new(path);

	g_free(path);
	return m;
}

void
sim_engine_forget_failures(void)
{
	if (memory != NULL)
		sim_memory_forget_all(memory);
}

static const char *
account_jid(SimTransfer *t)
{
	return purple_account_get_username(purple_connection_get_account(t->gc));
}

gboolean
sim_engine_s5b_remembered_failed(SimTransfer *t)
{
	gint64 hours = CLAMP(purple_prefs_get_int(SIM_PREF_MEMORY_HOURS), 1, 720);

	return memory != NULL && purple_prefs_get_bool(SIM_PREF_MEMORY) &&
	       sim_memory_failed_recently(memory, account_jid(t), t->peer,
	                                  g_get_real_time() / G_USEC_PER_SEC, hours * 3600);
}

void
sim_engine_note_s5b(SimTransfer *t, gboolean worked)
{
	if (memory == NULL || !purple_prefs_get_bool(SIM_PREF_MEMORY))
		return;
	if (worked)
		sim_memory_note_success(memory, account_jid(t), t->peer);
	else
		sim_memory_note_failure(memory, account_jid(t), t->peer,
		                        g_get_real_time() / G_USEC_PER_SEC);
}

/* ---- bounds ---- */

guint
sim_engine_race_bound_ms(void)
{
	return (guint)CLAMP(purple_prefs_get_int(SIM_PREF_S5B_TIMEOUT), 1, 30) * 1000;
}

void
sim_engine_sender_timeouts(SimTransfer *t, gboolean peer_is_multiple)
{
	SimTimeouts to;

	sim_timeouts_default(&to);
	if (sim_peer_caps_runs_plugin(t->gc, t->peer)) {
		/* our receiver answers when its race ends; it uses the same bound
		 * unless its user changed it */
		to.s5b_answer_per_host = 0;
		to.s5b_answer_margin = sim_engine_race_bound_ms() + 4000;
	} else if (!peer_is_multiple) {
		to.s5b_answer_per_host = 5000; /* stock libpurple, one host after the other */
	}
	sim_session_set_timeouts(t->session, &to);
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
	SimTransfer *t = ctx;
	gboolean sender = sim_session_role(t->session) == SIM_ROLE_SENDER;

	if (failed == SIM_METHOD_S5B && sender)
		sim_engine_note_s5b(t, FALSE);
	sim_report_fallback(t, failed, next, why);
	/* libpurple never saw what made us fall back (the hooks kept it), so
	 * the plugin opens the in-band stream itself */
	if (sender && next == SIM_METHOD_IBB)
		sim_ibb_begin(t);
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
		/* its cancel signal drops t */
		if (t->end_remote)
			purple_xfer_cancel_remote(xfer);
		else
			purple_xfer_cancel_local(xfer);
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

	if (why == SIM_REASON_S5B_NO_ANSWER || (why == SIM_REASON_S5B_FAILED &&
	    sim_session_role(t->session) == SIM_ROLE_SENDER))
		sim_engine_note_s5b(t, FALSE);
	sim_report_failure(t, why);
	if (cancel && t->deferred == 0)
		t->deferred = purple_timeout_add(0, deferred_cancel, t);
}


void
sim_engine_end_transfer(SimTransfer *t, SimReason why, gboolean remote)
{
	if (why != SIM_REASON_NONE)
		sim_report_failure(t, why);
	t->end_remote = remote;
	if (t->deferred == 0)
		t->deferred = purple_timeout_add(0, deferred_cancel, t);
}

void
sim_engine_send(SimTransfer *t, xmlnode *node)
{
	purple_signal_emit(purple_find_prpl("prpl-jabber"), "jabber-sending-xmlnode", t->gc, &node);
	if (node != NULL)
		xmlnode_free(node);
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
	if (role == SIM_ROLE_RECEIVER && !t->multiple) {
		/* a stock sender: libpurple answers as stock does (SOCKS5 first);
		 * we only bound its waits and race its streamhosts */
		sim_method_list_clear(&allowed);
		sim_method_list_add(&allowed, SIM_METHOD_S5B);
		sim_method_list_add(&allowed, SIM_METHOD_IBB);
	}
	sim_timeouts_default(&timeouts);
	/* as receiver we race the streamhosts ourselves, within one bound */
	timeouts.s5b_try_per_host = 0;
	timeouts.s5b_try_margin = sim_engine_race_bound_ms() + 2000;
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
	sim_receiver_s5b_abandon(t);
	sim_ibb_free(t);
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
	if (!sim_ibb_xfer_ended(t, purple_xfer_is_completed(xfer)))
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

/* Set once the client quits: every account then goes offline, and nobody
 * is left to read why (nor should conversations open during shutdown). */
static gboolean quitting;

static void
on_quitting(gpointer data)
{
	(void)data;
	quitting = TRUE;
}

/* A transfer still under way when its account goes offline (the user
 * signed off, or the server went away): libpurple cancels it quietly, so
 * say why. */
static void
report_offline(SimTransfer *t, gpointer data)
{
	(void)data;
	if (!quitting && t->xfer != NULL && !purple_xfer_is_completed(t->xfer) &&
	    !purple_xfer_is_canceled(t->xfer))
		sim_report_offline(t);
}

static void
on_signing_off(PurpleConnection *gc, gpointer data)
{
	(void)data;
	sim_transfers_foreach(gc, report_offline, NULL);
	sim_transfers_drop_connection(gc);
	sim_peer_caps_drop_connection(gc);
	sim_resources_drop_connection(gc);
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
	purple_signal_connect(purple_get_core(), "quitting", plugin,
	                      PURPLE_CALLBACK(on_quitting), NULL);
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
	sim_peer_caps_init();
	memory = memory_open();
	/* tell contacts we run the plugin (see peer-caps.h); libpurple has no
	 * way to withdraw a feature, so it stays advertised until restart */
	purple_plugin_ipc_call(jabber, "add_feature", NULL, SIM_NS_MULTIPLE);
	quitting = FALSE;
	connect_xfer_signals(plugin);
	sim_hooks_connect(plugin, jabber);
	/* nothing is kept per connection until a transfer starts, so accounts
	 * already connected at load need no set-up of their own */
	return TRUE;
}

static void
unload_transfer(SimTransfer *t, gpointer data)
{
	(void)data;
	sim_ibb_unload(t);
}

void
sim_engine_stop(PurplePlugin *plugin)
{
	purple_signals_disconnect_by_handle(plugin);
	sim_hooks_disconnect();
	/* in-band streams the plugin carries cannot go on without it */
	sim_transfers_foreach_all(unload_transfer, NULL);
	/* in-flight transfers are left to libpurple, which carries on as stock */
	sim_transfers_shutdown();
	sim_s5b_connect_shutdown();
	sim_peer_caps_shutdown();
	sim_resources_shutdown();
	sim_memory_free(memory);
	memory = NULL;
	purple_signals_unregister_by_instance(plugin);
}
