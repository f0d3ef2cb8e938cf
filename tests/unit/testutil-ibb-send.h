/* testutil-ibb-send.h - a fixture that drives the in-band sender
 * (ibb-send.h) directly: events in, recorded actions out, with a fake
 * clock and timer. Shared by test-ibb-send and test-ibb-send-end. */
#ifndef SIM_TESTUTIL_IBB_SEND_H
#define SIM_TESTUTIL_IBB_SEND_H

#include <glib.h>

#include "ibb-send.h"

typedef struct {
	gint64 now;
	guint timer_ms;      /* last armed value (0 = stopped) */
	guint timer_sets;
	GString *log;        /* "open:16384;" "opened;" "ready;" "close;" "finished:ok;" */
	guint opens, closes, finishes, readies, openeds;
	SimIbbEnd how;
	gboolean log_ready;  /* ready is frequent: logged only when asked */
	gboolean cancel_in_opened;
	SimIbbSend *s;
} Fx;

void fx_setup(Fx *fx, gconstpointer data);
void fx_teardown(Fx *fx, gconstpointer data);
/* a sender for `total` bytes, idle, nothing done yet */
void fx_start_cfg(Fx *fx, guint64 total, const SimIbbWindowConfig *cfg);
/* the same with the default window for `block` (fixed: a fixed window) */
void fx_start(Fx *fx, guint64 total, guint block, guint fixed);
/* open, answered ok after 100 ms; the log is cleared */
void fx_open(Fx *fx);
void fx_clear(Fx *fx);
/* Sends what next() allows, full pieces; returns how many iqs (their seqs
 * pushed on seqs when not NULL). */
guint fx_fill(Fx *fx, GQueue *seqs);

#define FX_ADD(path, fn) g_test_add("/ibb-send/" path, Fx, NULL, fx_setup, fn, fx_teardown)

#endif
