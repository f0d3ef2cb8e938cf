/* receiver-s5b.h - the receiving side of SOCKS5, taken over from libpurple:
 * the sender's streamhosts are raced (s5b-connect.c) instead of tried one by
 * one with 5 s each, and the answer (streamhost-used, or item-not-found so
 * the sender moves on to in-band) is sent as soon as it is known. */
#ifndef SIM_RECEIVER_S5B_H
#define SIM_RECEIVER_S5B_H

#include "si-codec.h"
#include "transfers.h"

/* Handles an incoming SOCKS5 query for receiving transfer `t`. TRUE when
 * it took the query over: the caller must then consume the stanza so that
 * libpurple does not try the streamhosts too. */
gboolean sim_receiver_s5b_query(SimTransfer *t, xmlnode *iq, const SimStanzaInfo *info);
/* Stops t's race, if any (the transfer ended or is being forgotten). */
void sim_receiver_s5b_abandon(SimTransfer *t);

#endif
