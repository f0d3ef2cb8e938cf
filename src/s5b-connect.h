/* s5b-connect.h - the receiver's SOCKS5 connections, made with libpurple's
 * own SOCKS5 client and raced by s5b-race. One handle per SOCKS5 query. */
#ifndef SIM_S5B_CONNECT_H
#define SIM_S5B_CONNECT_H

#include <account.h>

#include "si-codec.h"

/* Called once (after which the handle is no longer the caller's: do not
 * abandon it): fd >= 0 with the winning streamhost's jid, or fd -1 when
 * none worked (n_refused of n_tried failed outright, the rest timed out). */
typedef void (*SimS5bDone)(gpointer data, int fd, const char *streamhost_jid,
                           guint n_tried, guint n_refused);

typedef struct SimS5bConnect SimS5bConnect;

/* Starts connecting. `hosts` (SimStreamhost) is copied; `initiator` and
 * `target` are full JIDs for the DST.ADDR hash (XEP-0065). */
SimS5bConnect *sim_s5b_connect_start(PurpleAccount *account, const char *sid,
                                     const char *initiator, const char *target,
                                     const GPtrArray *hosts, guint stagger_ms,
                                     guint overall_ms, SimS5bDone done, gpointer data);
/* The caller lost interest: done is never called. Connections to the
 * sender's own streamhost still finish quietly (see s5b-race.h). */
void sim_s5b_connect_abandon(SimS5bConnect *c);
/* Unload: cancels every connection of every handle, at once. */
void sim_s5b_connect_shutdown(void);
/* XEP-0065 DST.ADDR: lower-case hex SHA-1 of sid + initiator + target. */
char *sim_s5b_dst_addr(const char *sid, const char *initiator, const char *target);

#endif
