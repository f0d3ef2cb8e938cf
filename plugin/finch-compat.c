/* finch-compat.c - compatibility fix for Finch 2.14's file dialog (see
 * finch-compat.h for what the user sees).
 *
 * The cause, in Finch 2.14.12 (finch/gntrequest.c, as built by Debian 12
 * against libgnt 2.14.3): finch_file_request_window() connects the
 * GntFileSel's "file_selected" signal to file_ok_cb() and both its
 * "cancelled" and "destroy" signals to file_cancel_cb(). file_ok_cb():
 *   1. calls the request's ok callback with the signal's `file` argument,
 *      the bare name, instead of `path`, the full path it was also given;
 *   2. calls purple_request_close() on the dialog, which destroys the
 *      window at once; the window's "destroy" runs file_cancel_cb(), whose
 *      "already answered" test looks at a field that file_ok_cb() clears
 *      only after purple_request_close() has returned, so it calls the
 *      request's cancel callback too.
 * For an incoming transfer (libpurple's purple_xfer_choose_file_ok_cb then
 * purple_xfer_choose_file_cancel_cb) that is "request accepted" followed by
 * "denied" (and two unrefs of the one reference the dialog held).
 *
 * The same "destroy" handler also answers "cancel" when libpurple itself
 * closes the request (the transfer was cancelled, the account went offline,
 * Finch is quitting), for a transfer libpurple is already tearing down:
 * stock Finch 2.14 crashes when it quits with "Save File..." open.
 *
 * The fix: while on, libpurple's request operations are a copy of Finch's
 * whose request_file and request_folder hand Finch a Guard as user data.
 * The guard forwards the first answer to the real callback and drops the
 * rest; close_request marks a guarded request answered before Finch closes
 * it, so libpurple gets no answer for a request it closed itself (what
 * Pidgin does). An emission hook on "file_selected" (it runs before the
 * signal's handlers, so before Finch's file_ok_cb) records the full path for
 * the guard of that dialog; the ok answer then carries it.
 *
 * Lifetime: a guard lives exactly as long as its dialog object (a weak
 * reference frees it when the dialog is disposed; by then GObject has
 * removed the dialog's signal handlers, so Finch cannot call the guard
 * again). At unload, Finch's own operations are restored and every dialog
 * still open is closed through libpurple, which makes Finch answer it as
 * cancelled (through the guard, to the real cancel callback) and dispose
 * it, freeing its guard: afterwards nothing in Finch or GLib points into
 * this module (no callback, hook, weak reference or destroy notifier). */
#include "finch-compat.h"

#include <string.h>

#include <glib-object.h>

#include <core.h>
#include <debug.h>
#include <prefs.h>
#include <request.h>

#define FINCH_UI_ID "gnt-purple"   /* FINCH_UI in finch/finch.h */
#define DBG "si-multiple"

typedef struct {
	PurpleRequestType type;        /* FILE or FOLDER, for purple_request_close */
	PurpleRequestFileCb ok_cb;     /* the requester's own callbacks */
	PurpleRequestFileCb cancel_cb;
	void *user_data;
	GObject *dialog;               /* Finch's GntFileSel */
	char *path;                    /* full path of the last "file_selected" */
	gboolean answered;
} Guard;

static struct {
	PurplePlugin *plugin;          /* set while enabled under Finch */
	guint pref_cb;
	PurpleRequestUiOps *orig;      /* Finch's operations (what the wrappers call) */
	gboolean installed;            /* fc.ops is (or was last seen) in place */
	PurpleRequestUiOps ops;        /* copy of *orig with file/folder wrapped */
	GList *guards;                 /* Guard*, one per open dialog */
	guint hook_signal;             /* "file_selected" and its hook, 0 if none */
	gulong hook_id;
} fc;

gboolean
sim_finch_compat_applies(void)
{
	return g_strcmp0(purple_core_get_ui(), FINCH_UI_ID) == 0;
}

/* ---- the guard ---- */

static Guard *
find_guard(gpointer dialog)
{
	GList *l;

	for (l = fc.guards; l != NULL; l = l->next) {
		Guard *g = l->data;

		if (g->dialog == dialog)
			return g;
	}
	return NULL;
}

/* What to hand the requester: Finch's answer when it is already a full
 * path, else the path the dialog emitted if it names the same file. */
static char *
chosen_path(const Guard *g, const char *filename)
{
	char *base;
	gboolean same;

	if (filename == NULL || g_path_is_absolute(filename) || g->path == NULL)
		return g_strdup(filename);
	base = g_path_get_basename(g->path);
	same = strcmp(base, filename) == 0;
	g_free(base);
	if (!same) {
		purple_debug_warning(DBG, "finch-compat: dialog answered '%s' but showed '%s'; "
		                     "passing the answer on unchanged\n", filename, g->path);
		return g_strdup(filename);
	}
	purple_debug_info(DBG, "finch-compat: '%s' chosen as '%s'\n", filename, g->path);
	return g_strdup(g->path);
}

/* Called by Finch as the request's ok callback. Nothing touches `g` after
 * the requester's callback: it may close the dialog, which frees `g`. */
static void
guard_ok(void *data, const char *filename)
{
	Guard *g = data;
	PurpleRequestFileCb cb = g->ok_cb;
	void *user_data = g->user_data;
	char *chosen;

	if (g->answered) {
		purple_debug_info(DBG, "finch-compat: dropped a second answer (ok) from Finch's dialog\n");
		return;
	}
	g->answered = TRUE;
	chosen = chosen_path(g, filename);
	if (cb != NULL)
		cb(user_data, chosen);
	g_free(chosen);
}

/* Called by Finch as the request's cancel callback: on Cancel, on closing
 * the window, and (the bug) right after an ok. */
static void
guard_cancel(void *data, const char *filename)
{
	Guard *g = data;

	if (g->answered) {
		purple_debug_info(DBG, "finch-compat: dropped Finch's late cancel (already answered)\n");
		return;
	}
	g->answered = TRUE;
	if (g->cancel_cb != NULL)
		g->cancel_cb(g->user_data, filename);
}

static void
guard_free(Guard *g)
{
	g_free(g->path);
	g_free(g);
}

/* Weak notify: the dialog is disposed (its handlers are gone already). */
static void
dialog_gone(gpointer data, GObject *where_the_object_was)
{
	Guard *g = data;

	(void)where_the_object_was;
	fc.guards = g_list_remove(fc.guards, g);
	guard_free(g);
}

/* ---- the full path, from libgnt's "file_selected" (sel, path, file) ---- */

static gboolean
file_selected_hook(GSignalInvocationHint *hint, guint n_values, const GValue *values,
                   gpointer data)
{
	Guard *g;

	(void)hint;
	(void)data;
	if (n_values < 2 || !G_VALUE_HOLDS_OBJECT(&values[0]) || !G_VALUE_HOLDS_STRING(&values[1]))
		return TRUE;
	g = find_guard(g_value_get_object(&values[0]));
	if (g != NULL && g_value_get_string(&values[1]) != NULL) {
		g_free(g->path);
		g->path = g_value_dup_string(&values[1]);
	}
	return TRUE; /* stay connected */
}

/* The GntFileSel type exists only once Finch made a dialog: look the signal
 * up on the first one. Without it the guard still keeps one answer. */
static void
watch_file_selected(GObject *dialog)
{
	GSignalQuery q;
	guint id;

	if (fc.hook_id != 0)
		return;
	id = g_signal_lookup("file_selected", G_OBJECT_TYPE(dialog));
	if (id != 0)
		g_signal_query(id, &q);
	if (id == 0 || q.n_params != 2 ||
	    (q.param_types[0] & ~G_SIGNAL_TYPE_STATIC_SCOPE) != G_TYPE_STRING) {
		purple_debug_warning(DBG, "finch-compat: %s has no file_selected(path, file) signal; "
		                     "file names are passed on as Finch gives them\n",
		                     G_OBJECT_TYPE_NAME(dialog));
		return;
	}
	fc.hook_signal = id;
	fc.hook_id = g_signal_add_emission_hook(id, 0, file_selected_hook, NULL, NULL);
}

/* ---- the wrapped request operations ---- */

static Guard *
guard_new(PurpleRequestType type, GCallback ok_cb, GCallback cancel_cb, void *user_data)
{
	Guard *g = g_new0(Guard, 1);

	g->type = type;
	g->ok_cb = (PurpleRequestFileCb)ok_cb;
	g->cancel_cb = (PurpleRequestFileCb)cancel_cb;
	g->user_data = user_data;
	return g;
}

static void *
guard_attach(Guard *g, void *handle)
{
	if (handle == NULL || !G_IS_OBJECT(handle)) {
		/* not Finch's GntFileSel: its end cannot be seen, so the guard
		 * is kept (leaked) rather than freed under the UI's feet */
		purple_debug_warning(DBG, "finch-compat: file dialog is not a GObject; "
		                     "its guard is kept until exit\n");
		return handle;
	}
	g->dialog = handle;
	g_object_weak_ref(g->dialog, dialog_gone, g);
	fc.guards = g_list_prepend(fc.guards, g);
	watch_file_selected(g->dialog);
	return handle;
}

static void *
compat_request_file(const char *title, const char *filename, gboolean savedialog,
                    GCallback ok_cb, GCallback cancel_cb, PurpleAccount *account,
                    const char *who, PurpleConversation *conv, void *user_data)
{
	Guard *g = guard_new(PURPLE_REQUEST_FILE, ok_cb, cancel_cb, user_data);

	return guard_attach(g, fc.orig->request_file(title, filename, savedialog,
	                                             G_CALLBACK(guard_ok), G_CALLBACK(guard_cancel),
	                                             account, who, conv, g));
}

static void *
compat_request_folder(const char *title, const char *dirname, GCallback ok_cb,
                      GCallback cancel_cb, PurpleAccount *account, const char *who,
                      PurpleConversation *conv, void *user_data)
{
	Guard *g = guard_new(PURPLE_REQUEST_FOLDER, ok_cb, cancel_cb, user_data);

	return guard_attach(g, fc.orig->request_folder(title, dirname,
	                                               G_CALLBACK(guard_ok), G_CALLBACK(guard_cancel),
	                                               account, who, conv, g));
}

/* libpurple closes a request itself (the transfer was cancelled, the
 * account went offline, Finch is quitting): like Pidgin, the requester then
 * expects no answer, but Finch answers "cancel" from the window's "destroy"
 * and the transfer is denied after it was already torn down. */
static void
compat_close_request(PurpleRequestType type, void *ui_handle)
{
	Guard *g = find_guard(ui_handle);

	if (g != NULL && !g->answered) {
		purple_debug_info(DBG, "finch-compat: libpurple closed an open file dialog; "
		                  "Finch's cancel will be dropped\n");
		g->answered = TRUE;
	}
	fc.orig->close_request(type, ui_handle);
}

static void
install_ops(void)
{
	PurpleRequestUiOps *cur = purple_request_get_ui_ops();

	if (fc.installed)
		return;
	if (cur == NULL || cur->request_file == NULL) {
		purple_debug_warning(DBG, "finch-compat: Finch has no file dialog; nothing to fix\n");
		return;
	}
	fc.orig = cur;
	fc.ops = *cur;
	fc.ops.request_file = compat_request_file;
	if (cur->request_folder != NULL)
		fc.ops.request_folder = compat_request_folder;
	if (cur->close_request != NULL)
		fc.ops.close_request = compat_close_request;
	purple_request_set_ui_ops(&fc.ops);
	fc.installed = TRUE;
	purple_debug_info(DBG, "finch-compat: guarding Finch's file dialogs\n");
}

/* Open dialogs keep their guards: this code stays loaded until disable. */
static void
restore_ops(void)
{
	if (!fc.installed)
		return;
	fc.installed = FALSE;
	if (purple_request_get_ui_ops() == &fc.ops) {
		purple_request_set_ui_ops(fc.orig);
		purple_debug_info(DBG, "finch-compat: Finch's own file dialogs restored\n");
	} else {
		/* someone replaced them after us; theirs stay in place */
		purple_debug_warning(DBG, "finch-compat: request operations were replaced by "
		                     "someone else; not restoring Finch's\n");
	}
}

/* Unload: every dialog still guarded is answered "cancel" (so a transfer
 * is declined, not left waiting for a dialog that is gone), then closed
 * through libpurple: Finch destroys the window, its own late cancel is
 * dropped by the guard, and the disposal frees the guard (dialog_gone).
 * The requester's callback may close the dialog itself (a transfer closes
 * its requests when it ends), so `g` is only compared, not read, after it;
 * no new guard can appear meanwhile, the operations being restored. */
static void
close_guarded_dialogs(void)
{
	while (fc.guards != NULL) {
		Guard *g = fc.guards->data;
		GObject *dialog = g->dialog;
		PurpleRequestType type = g->type;

		purple_debug_info(DBG, "finch-compat: cancelling an open file dialog at unload\n");
		if (!g->answered) {
			g->answered = TRUE;
			if (g->cancel_cb != NULL)
				g->cancel_cb(g->user_data, NULL);
		}
		if (g_list_find(fc.guards, g) != NULL)
			purple_request_close(type, dialog);
		if (g_list_find(fc.guards, g) != NULL) {
			/* not disposed (not expected with Finch): stop watching and
			 * keep the guard's memory, which Finch may still hold */
			purple_debug_warning(DBG, "finch-compat: a file dialog outlived its request\n");
			g_object_weak_unref(g->dialog, dialog_gone, g);
			g->answered = TRUE;
			fc.guards = g_list_remove(fc.guards, g);
		}
	}
}

static void
pref_changed(const char *name, PurplePrefType type, gconstpointer val, gpointer data)
{
	(void)name;
	(void)type;
	(void)data;
	if (GPOINTER_TO_INT(val))
		install_ops();
	else
		restore_ops();
}

void
sim_finch_compat_enable(PurplePlugin *plugin)
{
	if (!sim_finch_compat_applies()) {
		purple_debug_info(DBG, "finch-compat: UI is '%s', not Finch: not needed\n",
		                  purple_core_get_ui() ? purple_core_get_ui() : "(none)");
		return;
	}
	if (fc.plugin != NULL)
		return;
	fc.plugin = plugin;
	purple_prefs_add_bool(SIM_PREF_FINCH_COMPAT, TRUE); /* no-op when registered */
	fc.pref_cb = purple_prefs_connect_callback(plugin, SIM_PREF_FINCH_COMPAT, pref_changed, NULL);
	if (purple_prefs_get_bool(SIM_PREF_FINCH_COMPAT))
		install_ops();
	else
		purple_debug_info(DBG, "finch-compat: off (%s)\n", SIM_PREF_FINCH_COMPAT);
}

void
sim_finch_compat_disable(void)
{
	if (fc.plugin == NULL)
		return;
	if (fc.pref_cb != 0)
		purple_prefs_disconnect_callback(fc.pref_cb);
	fc.pref_cb = 0;
	restore_ops();
	close_guarded_dialogs();
	if (fc.hook_id != 0)
		g_signal_remove_emission_hook(fc.hook_signal, fc.hook_id);
	fc.hook_id = 0;
	fc.hook_signal = 0;
	fc.plugin = NULL;
}
