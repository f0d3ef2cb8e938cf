/* fallback.h - the per-transfer si-multiple state machine.
 *
 * Pure: it knows nothing of libpurple. Events go in (what was seen on the
 * wire or happened to the transfer), actions come out through the callbacks
 * in SimActions (arm or stop the one timer, announce a fallback, end the
 * transfer with a reason). The clock is injected, so unit tests drive it
 * step by step. One SimSession per transfer; the glue keys them per
 * connection and stream id.
 */
#ifndef SIM_FALLBACK_H
#define SIM_FALLBACK_H

#include <glib.h>

#include "si-codec.h"

typedef enum {
	SIM_ROLE_SENDER,   /* we offered the file */
	SIM_ROLE_RECEIVER  /* we were offered the file */
} SimRole;

typedef enum {
	SIM_ST_OFFERED,  /* sender: waiting for the reply; receiver: for our accept */
	SIM_ST_ACCEPTED, /* receiver: accepted, waiting for the first method to begin */
	SIM_ST_S5B,      /* SOCKS5 negotiation under way */
	SIM_ST_IBB,      /* waiting for the in-band bytestream to open */
	SIM_ST_DATA,     /* a bytestream is established: hands off */
	SIM_ST_PLAIN,    /* not a si-multiple transfer: hands off */
	SIM_ST_DONE      /* ended, one way or another */
} SimState;

typedef enum {
	SIM_EV_REPLY_MULTIPLE, /* sender: si-multiple reply; list = peer's order */
	SIM_EV_REPLY_PLAIN,    /* sender: reply without si-multiple; list = the
	                          method it chose (NULL: not followed at all) */
	SIM_EV_REPLY_ERROR,    /* sender: offer declined */
	SIM_EV_ACCEPTING,      /* receiver: our client is accepting the offer */
	SIM_EV_S5B_QUERY,      /* SOCKS5 query sent/received; count = streamhosts */
	SIM_EV_S5B_USED,       /* streamhost-used received/sent */
	SIM_EV_S5B_FAILED,     /* error answer to the SOCKS5 query, received/sent */
	SIM_EV_IBB_OPEN,       /* in-band open sent (sender) or received (receiver) */
	SIM_EV_IBB_OPENED,     /* sender: the open was accepted */
	SIM_EV_IBB_REFUSED,    /* sender: the open was refused */
	SIM_EV_TIMEOUT,        /* the session's timer fired */
	SIM_EV_ENDED           /* the transfer completed or was cancelled */
} SimEventType;

typedef struct {
	SimEventType type;
	const SimMethodList *list; /* REPLY_MULTIPLE and REPLY_PLAIN */
	guint count;               /* S5B_QUERY only */
} SimEvent;

/* Why a method or a transfer failed; the glue puts it into words. */
typedef enum {
	SIM_REASON_NONE = 0,
	SIM_REASON_NO_COMMON_METHOD, /* the reply listed nothing both sides allow */
	SIM_REASON_S5B_FAILED,       /* no streamhost could be used */
	SIM_REASON_S5B_NO_ANSWER,    /* the peer never answered our SOCKS5 offer */
	SIM_REASON_S5B_STALLED,      /* receiver: SOCKS5 attempt ran past its bound */
	SIM_REASON_NOTHING_ARRIVED,  /* receiver: the sender started no bytestream */
	SIM_REASON_IBB_NOT_OPENED,   /* the in-band bytestream never opened */
	SIM_REASON_IBB_REFUSED,      /* the peer refused the in-band bytestream */
	SIM_REASON_NO_METHOD_LEFT,   /* a method failed and no allowed one is left */
	/* the in-band stream itself (ibb-sender.c), not the state machine: */
	SIM_REASON_IBB_DATA_ERROR,   /* the peer answered a data block with an error */
	SIM_REASON_IBB_NO_ACK,       /* the peer stopped answering in-band data */
	SIM_REASON_UNLOADED          /* the plugin carrying the stream was unloaded */
} SimReason;
#define SIM_REASON_COUNT (SIM_REASON_UNLOADED + 1)

typedef struct {
	/* (Re)arms the session's single timer to fire once after ms; 0 stops it. */
	void (*set_timer)(gpointer ctx, guint ms);
	/* `failed` did not work; `next` is being tried now. */
	void (*fallback)(gpointer ctx, SimMethod failed, SimMethod next, SimReason why);
	/* The transfer cannot succeed. cancel: the glue must end it (libpurple
	 * would otherwise wait); FALSE: libpurple ends it itself, only explain. */
	void (*fail)(gpointer ctx, SimReason why, gboolean cancel);
	/* Monotonic milliseconds, for the trail of attempts. */
	gint64 (*now_ms)(gpointer ctx);
} SimActions;

/* Bounds on every wait, in milliseconds. */
typedef struct {
	guint s5b_answer_per_host; /* sender: per streamhost in our query … */
	guint s5b_answer_margin;   /* … plus this, for the peer's answer */
	guint s5b_try_per_host;    /* receiver: per streamhost libpurple tries … */
	guint s5b_try_margin;      /* … plus this, before we give up on SOCKS5 */
	guint first_method;        /* receiver: accept -> first method begins */
	guint ibb_open;            /* SOCKS5 failed -> in-band open (or its answer) */
} SimTimeouts;

/* Defaults that leave stock libpurple (5 s per streamhost) and gabble
 * (10 s per streamhost) room to try every streamhost. */
void sim_timeouts_default(SimTimeouts *t);

/* One attempt, for the trail shown to the user and printed by tests. */
typedef struct {
	SimMethod method;
	SimReason outcome; /* NONE while running or when it worked */
	gint64 started_ms;
	gint64 ended_ms;   /* 0 while running */
} SimAttempt;

typedef struct SimSession SimSession;

/* `allowed` is our enabled methods in our order of preference (sender: what
 * we accept the peer to pick; receiver: what we list). `offered` is the
 * offer's methods. Both are copied. */
SimSession *sim_session_new(SimRole role, const SimMethodList *allowed,
                            const SimMethodList *offered,
                            const SimTimeouts *timeouts,
                            const SimActions *actions, gpointer ctx);
/* Stops the timer (through set_timer) unless the session is already done. */
void sim_session_free(SimSession *s);

/* Replaces the bounds, e.g. once the reply tells who the peer is. The
 * running timer is not re-armed. */
void sim_session_set_timeouts(SimSession *s, const SimTimeouts *timeouts);

void sim_session_handle(SimSession *s, const SimEvent *ev);
/* Convenience for events without arguments. */
void sim_session_event(SimSession *s, SimEventType type);

SimRole sim_session_role(const SimSession *s);
SimState sim_session_state(const SimSession *s);
/* The negotiated order (empty before the reply/accept). */
const SimMethodList *sim_session_order(const SimSession *s);
/* The method being tried or used, NONE before and after. */
SimMethod sim_session_current(const SimSession *s);
/* The attempts so far, oldest first (array of SimAttempt). */
const GArray *sim_session_attempts(const SimSession *s);
/* Receiver: the order to list in our reply (allowed ∩ offered, our order). */
void sim_choose_order(const SimMethodList *allowed, const SimMethodList *offered,
                      SimMethodList *out);

const char *sim_state_name(SimState st);
const char *sim_reason_name(SimReason why);

#endif /* SIM_FALLBACK_H */
