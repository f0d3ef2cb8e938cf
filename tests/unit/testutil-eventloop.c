/* testutil-eventloop.c - libpurple's event loop on GLib's main loop. */
#include "testutil-eventloop.h"

#include <glib.h>

typedef struct {
	PurpleInputFunction func;
	gpointer data;
} InputClosure;

static gboolean
input_dispatch(GIOChannel *source, GIOCondition cond, gpointer data)
{
	InputClosure *c = data;
	int purple_cond = 0;

	if (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		purple_cond |= PURPLE_INPUT_READ;
	if (cond & (G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL))
		purple_cond |= PURPLE_INPUT_WRITE;
	c->func(c->data, g_io_channel_unix_get_fd(source), purple_cond);
	return TRUE;
}

static guint
input_add(gint fd, PurpleInputCondition cond, PurpleInputFunction func, gpointer data)
{
	InputClosure *c = g_new0(InputClosure, 1);
	GIOCondition gcond = 0;
	GIOChannel *ch = g_io_channel_unix_new(fd);
	guint id;

	c->func = func;
	c->data = data;
	if (cond & PURPLE_INPUT_READ)
		gcond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
	if (cond & PURPLE_INPUT_WRITE)
		gcond |= G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
	id = g_io_add_watch_full(ch, G_PRIORITY_DEFAULT, gcond, input_dispatch, c, g_free);
	g_io_channel_unref(ch);
	return id;
}

static PurpleEventLoopUiOps eventloop_ops = {
	g_timeout_add, g_source_remove, input_add, g_source_remove, NULL,
	g_timeout_add_seconds, NULL, NULL, NULL
};

PurpleEventLoopUiOps *
sim_test_eventloop_ops(void)
{
	return &eventloop_ops;
}
