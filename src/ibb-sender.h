/* ibb-sender.h - the plugin's own in-band sender: libpurple glue around the
 * pure machine of ibb-send.h. For every transfer the plugin follows as
 * sender, in-band data is sent by the plugin, never by libpurple's
 * stop-and-wait code: our <open/> (or libpurple's, taken over in place),
 * our data iqs with several in flight, our <close/>. Their answers are
 * consumed before libpurple sees them, so none of libpurple's IBB callbacks
 * ever runs for such a transfer, on a live transfer or a freed one.
 *
 * libpurple still reads the file and counts progress: the plugin installs
 * its write function and calls purple_xfer_prpl_ready() whenever the window
 * has room, after setting the transfer's buffer size to the next chunk (a
 * public field of PurpleXfer in libpurple 2.x) so that each read is one
 * data iq. */
#ifndef SIM_IBB_SENDER_H
#define SIM_IBB_SENDER_H

#include "transfers.h"

/* Opens the plugin's own in-band stream for sender transfer t (no-op when t
 * has one). */
void sim_ibb_begin(SimTransfer *t);
/* libpurple is sending its own IBB <open/> (`iq`, id `id`) for t: the
 * plugin takes the stream over, rewriting the open in place. */
void sim_ibb_adopt_open(SimTransfer *t, xmlnode *iq, const char *id);
/* TRUE while the plugin itself is sending an in-band stanza (the stanza
 * hooks leave those alone). */
gboolean sim_ibb_sending_own(void);

/* An incoming stanza: TRUE when it belongs to a plugin stream (an answer to
 * our open, data or close, or the peer's <close/>) and was handled: the
 * caller consumes it. */
gboolean sim_ibb_incoming(PurpleConnection *gc, xmlnode *packet, const SimStanzaInfo *info);

/* libpurple ended t's transfer. completed: the last byte was handed over,
 * the stream drains (TRUE: keep the record until the last ack). Cancelled:
 * the stream is closed. */
gboolean sim_ibb_xfer_ended(SimTransfer *t, gboolean completed);
/* The plugin is unloading: a stream the plugin carries cannot go on
 * without it, so it is closed and its transfer ended with a reason; an
 * open of libpurple's still unanswered is left to libpurple. */
void sim_ibb_unload(SimTransfer *t);
/* t is being freed. */
void sim_ibb_free(SimTransfer *t);

#endif /* SIM_IBB_SENDER_H */
