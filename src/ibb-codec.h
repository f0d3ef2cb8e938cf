/* ibb-codec.h - the in-band bytestream stanzas (XEP-0047) the plugin's own
 * sender builds and reads. Pure: trees in, trees out, no I/O. */
#ifndef SIM_IBB_CODEC_H
#define SIM_IBB_CODEC_H

#include "si-codec.h"

/* The largest block-size we ever declare (XEP-0047: a 16-bit value). */
#define SIM_IBB_MAX_BLOCK 65535

/* <iq type=set to id><open xmlns=ibb sid block-size stanza=iq/></iq> */
xmlnode *sim_ibb_open_new(const char *to, const char *id, const char *sid, guint block);
/* <iq type=set><data xmlns=ibb sid seq>base64 of data</data></iq> */
xmlnode *sim_ibb_data_new(const char *to, const char *id, const char *sid, guint16 seq,
                          const guchar *data, gsize len);
/* <iq type=set><close xmlns=ibb sid/></iq> */
xmlnode *sim_ibb_close_new(const char *to, const char *id, const char *sid);

/* Sets, in place, the block-size of an outgoing IBB open iq (libpurple's
 * own, declaring 4096). FALSE, untouched, when it is not an IBB open. */
gboolean sim_ibb_open_set_block(xmlnode *iq, guint block);
/* Turns, in place, an outgoing IBB open iq into an XEP-0199 ping of the same
 * peer and id: a second open for a stream we already opened must not reach
 * the peer, and outgoing stanzas cannot be dropped. FALSE when not an open. */
gboolean sim_ibb_open_neutralise(xmlnode *iq);

/* TRUE when an iq error names <resource-constraint/> (XEP-0047: the peer
 * wants a smaller block-size). */
gboolean sim_ibb_error_is_resource_constraint(xmlnode *iq);

#endif /* SIM_IBB_CODEC_H */
