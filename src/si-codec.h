/* si-codec.h - pure codec for Stream Initiation and the si-multiple extension.
 *
 * Everything here works on libpurple xmlnode trees and nothing else: no I/O,
 * no globals, no libpurple state. Every element is matched by name AND
 * namespace; the right name in the wrong namespace is not ours.
 *
 * Copyright (C) 2026 the purple-si-multiple authors. GPL-2.0-or-later.
 */
#ifndef SIM_SI_CODEC_H
#define SIM_SI_CODEC_H

#include <glib.h>
#include <xmlnode.h>

#define SIM_NS_CLIENT      "jabber:client"
#define SIM_NS_SI          "http://jabber.org/protocol/si"
#define SIM_NS_SI_FT       "http://jabber.org/protocol/si/profile/file-transfer"
#define SIM_NS_FEATURE_NEG "http://jabber.org/protocol/feature-neg"
#define SIM_NS_XDATA       "jabber:x:data"
#define SIM_NS_MULTIPLE    "http://telepathy.freedesktop.org/xmpp/si-multiple"
#define SIM_NS_BYTESTREAMS "http://jabber.org/protocol/bytestreams"
#define SIM_NS_IBB         "http://jabber.org/protocol/ibb"
#define SIM_NS_STANZAS     "urn:ietf:params:xml:ns:xmpp-stanzas"
/* Our application-specific error condition (RFC 6120 8.3.2): a receiver
 * with the plugin says how its SOCKS5 attempts failed, so the sender can
 * tell its user; any other party ignores it. */
#define SIM_NS_S5B_REPORT  "urn:x-purple-si-multiple:s5b-report:0"

/* At most this many <value>/<option> elements are examined in any one list
 * read from the wire; the rest are ignored unread. */
#define SIM_MAX_WIRE_VALUES 16
/* At most this many streamhosts are read from one SOCKS5 query. */
#define SIM_MAX_STREAMHOSTS 16

typedef enum {
	SIM_METHOD_NONE = 0,
	SIM_METHOD_S5B,   /* XEP-0065 SOCKS5 bytestreams */
	SIM_METHOD_IBB,   /* XEP-0047 in-band bytestreams */
	SIM_METHOD_COUNT_ /* number of values above; not a method */
} SimMethod;

/* An ordered list of distinct known methods, most preferred first. */
typedef struct {
	guint n;
	SimMethod m[SIM_METHOD_COUNT_ - 1];
} SimMethodList;

/* The namespace URI of a method, or NULL for SIM_METHOD_NONE. */
const char *sim_method_ns(SimMethod method);
/* The method for a namespace URI (leading/trailing whitespace ignored), or
 * SIM_METHOD_NONE when unknown. */
SimMethod sim_method_from_ns(const char *ns);
/* A short stable name for logs and machine output: "socks5", "ibb", "none". */
const char *sim_method_name(SimMethod method);

void sim_method_list_clear(SimMethodList *list);
/* Appends unless already present or method is NONE; TRUE when appended. */
gboolean sim_method_list_add(SimMethodList *list, SimMethod method);
gboolean sim_method_list_has(const SimMethodList *list, SimMethod method);
/* Keeps the order of `list`, dropping methods absent from `allowed`. */
void sim_method_list_intersect(SimMethodList *list, const SimMethodList *allowed);

typedef enum {
	SIM_KIND_OTHER = 0,   /* not an iq, or an iq we have no interest in */
	SIM_KIND_SI_OFFER,    /* iq set: <si profile=file-transfer id=…> with a feature form */
	SIM_KIND_SI_RESULT,   /* iq result carrying <si xmlns=si> */
	SIM_KIND_S5B_QUERY,   /* iq set: <query xmlns=bytestreams sid=…> with <streamhost>s */
	SIM_KIND_S5B_USED,    /* iq result: <query xmlns=bytestreams><streamhost-used/> */
	SIM_KIND_S5B_ACTIVATE,/* iq set: <query xmlns=bytestreams><activate/> (to a proxy) */
	SIM_KIND_S5B_ERROR,   /* iq error echoing a <query xmlns=bytestreams> */
	SIM_KIND_IBB_OPEN,    /* iq set: <open xmlns=ibb sid=…> */
	SIM_KIND_IBB_DATA,    /* iq set or message: <data xmlns=ibb sid=…> */
	SIM_KIND_IBB_CLOSE,   /* iq set: <close xmlns=ibb sid=…> */
	SIM_KIND_IQ_RESULT,   /* any other iq result (an answer is matched by id) */
	SIM_KIND_IQ_ERROR     /* any other iq error (an answer is matched by id) */
} SimKind;

/* What sim_classify() found. Strings are borrowed from the stanza and live
 * as long as it does; any of them may be NULL. */
typedef struct {
	SimKind kind;
	const char *id;   /* the iq's id attribute */
	const char *from;
	const char *to;
	const char *sid;  /* stream id: <si id>, <query sid>, <open|data|close sid> */
} SimStanzaInfo;

/* Classifies a top-level stanza. Always fills *info (kind OTHER when not
 * recognised) and returns kind. A stanza whose own namespace is neither
 * unset nor jabber:client is OTHER. Safe on any tree. */
SimKind sim_classify(xmlnode *stanza, SimStanzaInfo *info);
/* Stable lower-case name of a kind for logs ("si-offer", "s5b-query", …). */
const char *sim_kind_name(SimKind kind);

/* ---- offers (sender -> receiver) ---- */

/* TRUE when the SI file-transfer offer carries <si-multiple/> in our namespace. */
gboolean sim_offer_has_multiple(xmlnode *iq);
/* Adds an empty <si-multiple/> to an SI file-transfer offer, at most once.
 * Returns TRUE when the offer carries it afterwards (added now or before);
 * FALSE, leaving the tree untouched, for anything that is not an SI
 * file-transfer offer (other SI profiles included). */
gboolean sim_offer_add_multiple(xmlnode *iq);
/* The methods offered in the stream-method field of an SI offer's feature
 * form, in the offer's order, unknown ones dropped. FALSE when the stanza is
 * not an SI file-transfer offer or offers no known method. */
gboolean sim_offer_parse_methods(xmlnode *iq, SimMethodList *out);

/* Rewrites, in place, the offer's stream-method options to `keep` alone
 * (a stock receiver always picks SOCKS5 when it is offered). FALSE,
 * untouched, when it is not an offer or does not offer `keep`. */
gboolean sim_offer_keep_only(xmlnode *iq, SimMethod keep);

/* ---- replies (receiver -> sender) ---- */

/* Reads the ordered methods of a si-multiple reply (an iq or a bare <si>):
 * the <value>s of <si-multiple> (also tolerated inside <option>), then any
 * value chosen in a feature form alongside it, trimmed, unknown methods and
 * duplicates dropped, at most SIM_MAX_WIRE_VALUES values examined, and only
 * methods present in `offered` kept (all known ones when offered is NULL).
 * Returns TRUE when the reply carries a <si-multiple> element in our
 * namespace (out may then be empty: "no usable method"); FALSE otherwise,
 * with out empty. */
gboolean sim_reply_parse_multiple(xmlnode *iq, const SimMethodList *offered,
                                  SimMethodList *out);

/* The method(s) a plain reply chose: the first <value> of each
 * stream-method field of its feature form (what libpurple's sender reads),
 * in order. FALSE, with out empty, when there is no such value. */
gboolean sim_reply_parse_chosen(xmlnode *iq, SimMethodList *out);

/* A new <si-multiple> element holding one <value> per method in order. */
xmlnode *sim_multiple_new(const SimMethodList *order);

/* Rewrites, in place, the receiver's plain SI result (as libpurple builds
 * it: <si><feature><x type=submit><field var=stream-method><value>…) into
 * gabble's si-multiple wire form: <si> holding an empty
 * <file xmlns=…file-transfer/> and <si-multiple> with `order`, and no
 * <feature>. FALSE, untouched, when the stanza is not an iq result with <si>
 * or `order` is empty. */
gboolean sim_reply_make_multiple(xmlnode *iq, const SimMethodList *order);

/* Rewrites, in place, a si-multiple reply into the feature form libpurple's
 * SI sender understands, keeping the order: one stream-method field per
 * method, read field by field. libpurple starts SOCKS5 whenever it reads a
 * bytestreams field, so an order with IBB first is presented as IBB alone.
 * An empty order yields a form with no stream-method field (libpurple then
 * ends the transfer). Removes <si-multiple> and any previous <feature>.
 * FALSE, untouched, when there is no <si> in the stanza. */
gboolean sim_reply_make_legacy(xmlnode *iq, const SimMethodList *order);

/* ---- SOCKS5 bytestreams ---- */

typedef struct {
	char *jid;
	char *host;
	guint16 port;
} SimStreamhost;

void sim_streamhost_free(SimStreamhost *sh);
/* The streamhosts of a SOCKS5 query set, in order, as a GPtrArray of
 * SimStreamhost (free with g_ptr_array_unref). Entries lacking jid, host or
 * a port in 1..65535 are skipped (host and port trimmed); at most
 * SIM_MAX_STREAMHOSTS are returned, out of at most four times as many
 * <streamhost> elements examined. NULL when the stanza is not a SOCKS5
 * query set. */
GPtrArray *sim_s5b_parse_streamhosts(xmlnode *iq);
/* The jid of <streamhost-used> in a SOCKS5 result, or NULL. Borrowed. */
const char *sim_s5b_used_jid(xmlnode *iq);
/* A new SOCKS5 streamhost-used result answering query `id`. */
xmlnode *sim_s5b_used_new(const char *to, const char *id, const char *sid,
                          const char *streamhost_jid);

/* ---- errors ---- */

/* A new iq error answering `id` with an RFC 6120 condition in the stanzas
 * namespace, e.g. ("item-not-found", "cancel", 404). code 0 omits the legacy
 * code attribute. */
xmlnode *sim_iq_error_new(const char *to, const char *id,
                          const char *condition, const char *type, int code);
/* The defined condition of an iq error (its child in the stanzas namespace),
 * or NULL. Borrowed. */
const char *sim_iq_error_condition(xmlnode *iq);
/* Adds <streamhosts-failed tried='N' refused='M'/> (SIM_NS_S5B_REPORT) to
 * an iq error built by sim_iq_error_new. */
void sim_s5b_error_add_report(xmlnode *iq, guint tried, guint refused);
/* Reads that report from a SOCKS5 iq error: FALSE when absent or
 * malformed. Counts are capped at SIM_MAX_STREAMHOSTS, refused <= tried. */
gboolean sim_s5b_error_report(xmlnode *iq, guint *tried, guint *refused);

#endif /* SIM_SI_CODEC_H */
