/* ibb-send.h - the in-band bytestream sender (XEP-0047), as a pure state
 * machine beside fallback.h: no libpurple, no I/O. The glue
 * (ibb-sender.c) turns its actions into stanzas and feeds it the answers.
 *
 *   open(block) ─ result ─> OPEN: data iqs, seq 0,1,…,65535,0,… as the
 *        │                   window allows; when every byte was sent and
 *        │                   acked: close, DONE (ok)
 *        └ <resource-constraint/> with block > 4096: open again once, 4096
 *
 * Any other error answer ends it with a reason; so do the peer's close
 * before every byte was sent, no ack within the bound, and a local cancel
 * (close sent when the stream was open). The peer's close once every byte
 * was sent and at most the last data iq is unanswered is the end too
 * (libpurple's receiver closes on the last byte, before acking it). The data comes from outside (libpurple reads
 * the file): the glue asks how much the next data iq may carry, sends it
 * and reports it; nothing is ever sent twice or skipped.
 */
#ifndef SIM_IBB_SEND_H
#define SIM_IBB_SEND_H

#include "ibb-window.h"

#define SIM_IBB_FALLBACK_BLOCK 4096 /* what every XEP-0047 peer takes */

typedef enum {
	SIM_IBB_ST_IDLE,    /* created, nothing sent */
	SIM_IBB_ST_OPENING, /* <open/> sent, waiting for its answer */
	SIM_IBB_ST_OPEN,    /* data flowing */
	SIM_IBB_ST_DONE     /* ended (see sim_ibb_send_end) */
} SimIbbState;

typedef enum {
	SIM_IBB_END_NONE = 0,   /* not ended */
	SIM_IBB_END_OK,         /* every byte acked and close sent, or the peer
	                           closed on the last byte (see peer_closed) */
	SIM_IBB_END_REFUSED,    /* the open was answered with an error */
	SIM_IBB_END_DATA_ERROR, /* a data iq was answered with an error */
	SIM_IBB_END_NO_ACK,     /* nothing answered within the bound */
	SIM_IBB_END_PEER_CLOSED,/* the peer closed before the end */
	SIM_IBB_END_CANCELLED   /* ended on our side */
} SimIbbEnd;

typedef struct {
	/* Send <open sid block-size=block/>. */
	void (*send_open)(gpointer ctx, guint block);
	/* Send <close sid/>. */
	void (*send_close)(gpointer ctx);
	/* The stream is open: data may flow (the glue starts the transfer). */
	void (*opened)(gpointer ctx);
	/* Room opened in the window: the glue should offer more data. */
	void (*ready)(gpointer ctx);
	/* (Re)arms the one timer to fire after ms; 0 stops it. */
	void (*set_timer)(gpointer ctx, guint ms);
	/* The stream ended; called once. */
	void (*finished)(gpointer ctx, SimIbbEnd how);
	/* Monotonic milliseconds. */
	gint64 (*now_ms)(gpointer ctx);
} SimIbbActions;

/* The longest wait for any answer while something is unanswered. */
#define SIM_IBB_ACK_BOUND_MS 60000

typedef struct SimIbbSend SimIbbSend;

/* `total` bytes will be sent; cfg->block_size is declared in the open. */
SimIbbSend *sim_ibb_send_new(guint64 total, const SimIbbWindowConfig *cfg,
                             const SimIbbActions *actions, gpointer ctx);
/* Stops the timer unless done. */
void sim_ibb_send_free(SimIbbSend *s);

/* IDLE -> OPENING: sends the open. */
void sim_ibb_send_open(SimIbbSend *s);
/* The open's answer: ok, or an error (resource-constraint or not). */
void sim_ibb_send_open_answer(SimIbbSend *s, gboolean ok, gboolean resource_constraint);

/* Bytes the next data iq may carry now (0: wait for `ready`); never more
 * than what is left to send. */
gsize sim_ibb_send_next(const SimIbbSend *s);
/* A data iq with `len` (1..next) bytes went out; returns its seq. */
guint16 sim_ibb_send_sent(SimIbbSend *s, gsize len);
/* The answer to data iq `seq`: FALSE when seq is not in flight (ignored). */
gboolean sim_ibb_send_ack(SimIbbSend *s, guint16 seq, gboolean ok);

/* The peer sent <close/>: the end (OK) when every byte was sent and at
 * most one data iq is unanswered, else PEER_CLOSED; no close of ours
 * follows either way. */
void sim_ibb_send_peer_closed(SimIbbSend *s);
void sim_ibb_send_timeout(SimIbbSend *s);
/* Ends it from our side: close sent if the stream was open. */
void sim_ibb_send_cancel(SimIbbSend *s);

SimIbbState sim_ibb_send_state(const SimIbbSend *s);
SimIbbEnd sim_ibb_send_end(const SimIbbSend *s);
guint sim_ibb_send_block(const SimIbbSend *s);   /* the block-size declared */
guint64 sim_ibb_send_sent_bytes(const SimIbbSend *s);
guint64 sim_ibb_send_acked_bytes(const SimIbbSend *s);
guint sim_ibb_send_in_flight(const SimIbbSend *s);
gsize sim_ibb_send_bytes_in_flight(const SimIbbSend *s);
guint16 sim_ibb_send_next_seq(const SimIbbSend *s);
const SimIbbWindow *sim_ibb_send_window(const SimIbbSend *s);

const char *sim_ibb_end_name(SimIbbEnd how);

#endif /* SIM_IBB_SEND_H */
